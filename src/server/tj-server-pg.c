/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "tj-server-pg.h"

/* Parameters go as text (a bytea as its hex form, "\x…"), results come as text (a bytea
 * in hex again, which bytea_output is set to): one format both ways, readable in a
 * server log, and a statement prepared with one type at a position still reads a value
 * sent for another. The types a statement is prepared with are those of its first
 * binding; a NULL leaves the type to PostgreSQL. Statement names are per connection; a
 * connection that was lost and made again has none, so each statement knows the
 * connection's generation it was prepared in. */

/* The built-in type OIDs (pg_type.dat); libpq-dev does not ship catalog/pg_type_d.h. */
#define TJ_PG_BYTEA 17
#define TJ_PG_INT8  20
#define TJ_PG_TEXT  25

/* pg_advisory_lock key of a migration: "Tjsv", as the SQLite file's application id. */
#define TJ_PG_MIGRATION_LOCK "1416262518"
#define TJ_PG_APPLICATION "tiaojie-server"

/* Every session, also one made again: bytea read back in hex, text as UTF-8 whatever the
 * database's encoding, and a writer waits for the writer lock as long as SQLite's busy
 * timeout (tj-server-store.c) before it fails with BUSY. */
#define TJ_PG_SESSION_SETUP "SET bytea_output = 'hex'; SET client_encoding = 'UTF8'; " \
                            "SET lock_timeout = '5s'; SET client_min_messages = warning"

struct _TjServerPg
{
  PGconn  *conn;
  char    *described;     /* for messages: never the password */
  guint    generation;    /* bumped when the connection is made again */
  guint    n_names;
  gboolean in_transaction;
  gint64   changes;
  int      schema_version;
};

struct _TjServerPgStmt
{
  TjServerPg  *pg;
  char        *sql;
  char        *name;        /* (nullable): prepared as this in `generation` */
  guint        generation;
  int          n_params;
  Oid         *types;       /* of the bindings; 0 for NULL */
  const char **values;      /* NULL for a NULL parameter */
  char       **owned;       /* what values point to for ints and blobs */
  PGresult    *result;      /* (nullable) */
  int          row;
  int          n_columns;
  guint8     **blobs;       /* the current row's decoded bytea columns */
  gsize       *blob_lengths;
};

static gboolean
set_error (TjServerPg *pg, PGresult *res, GError **error)
{
  const char *state = res ? PQresultErrorField (res, PG_DIAG_SQLSTATE) : NULL;
  const char *message = res ? PQresultErrorMessage (res) : NULL;
  g_autofree char *text = NULL;
  int code = TJ_SERVER_STORE_ERROR_SQLITE;

  if (message == NULL || *message == '\0')
    message = PQerrorMessage (pg->conn);
  text = g_strstrip (g_strdup (message));
  /* Class 23 is integrity constraint violation; a serialization failure, a deadlock, a
   * lock_timeout and a statement_timeout all mean "try again later", as SQLITE_BUSY. */
  if (state != NULL && g_str_has_prefix (state, "23"))
    code = TJ_SERVER_STORE_ERROR_CONSTRAINT;
  else if (state != NULL && (strcmp (state, "40001") == 0 || strcmp (state, "40P01") == 0 ||
                             strcmp (state, "55P03") == 0 || strcmp (state, "57014") == 0))
    code = TJ_SERVER_STORE_ERROR_BUSY;
  g_set_error (error, TJ_SERVER_STORE_ERROR, code,
               /* Translators: the database's description (name and host), then its message */
               _("PostgreSQL database %s: %s"), pg->described, text);
  return FALSE;
}

/* A statement without parameters (or several, separated by ';'). */
static PGresult *
exec_result (TjServerPg *pg, const char *sql, GError **error)
{
  PGresult *res = PQexec (pg->conn, sql);
  ExecStatusType status = PQresultStatus (res);

  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK)
    return res;
  set_error (pg, res, error);
  PQclear (res);
  return NULL;
}

gboolean
_tj_server_pg_exec (TjServerPg *pg, const char *sql, GError **error)
{
  PGresult *res = exec_result (pg, sql, error);

  PQclear (res);
  return res != NULL;
}

/* Outside a transaction, a connection the server closed (a restart of PostgreSQL) is
 * made again; inside one, the transaction is lost anyway and its statements fail. */
static gboolean
ensure_connection (TjServerPg *pg, GError **error)
{
  if (PQstatus (pg->conn) == CONNECTION_OK)
    return TRUE;
  if (pg->in_transaction)
    return set_error (pg, NULL, error);
  PQreset (pg->conn);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    return set_error (pg, NULL, error);
  pg->generation++;
  return _tj_server_pg_exec (pg, TJ_PG_SESSION_SETUP, error);
}

char *
_tj_server_pg_describe (const char *conninfo)
{
  static const char * const shown[] = { "dbname", "host", "hostaddr", "port" };
  g_autoptr(GString) out = g_string_new (NULL);
  PQconninfoOption *options = PQconninfoParse (conninfo, NULL);

  if (options == NULL)
    return g_strdup ("?");
  for (PQconninfoOption *o = options; o->keyword != NULL; o++)
    for (guint i = 0; i < G_N_ELEMENTS (shown); i++)
      if (o->val != NULL && *o->val != '\0' && strcmp (o->keyword, shown[i]) == 0)
        g_string_append_printf (out, "%s%s=%s", out->len ? " " : "", o->keyword, o->val);
  PQconninfoFree (options);
  if (out->len == 0)
    g_string_append (out, "(default)");
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
on_notice_cb (void *data, const char *message)
{
  g_debug ("PostgreSQL: %s", message);
}

/* Statements */

char *
_tj_server_pg_translate (const char *sql, int *n_params)
{
  GString *out = g_string_sized_new (strlen (sql) + 16);
  char quote = 0;
  int highest = 0;

  for (const char *p = sql; *p != '\0'; p++)
    {
      if (quote != 0)
        {
          if (*p == quote)
            quote = 0;
          g_string_append_c (out, *p);
        }
      else if (*p == '\'' || *p == '"')
        {
          quote = *p;
          g_string_append_c (out, *p);
        }
      else if (*p == '?')
        {
          int n;

          /* SQLite's rule: ?N is parameter N; a bare ? is one past the highest yet. */
          if (g_ascii_isdigit (p[1]))
            {
              char *end;

              n = (int) g_ascii_strtoll (p + 1, &end, 10);
              p = end - 1;
            }
          else
            n = highest + 1;
          highest = MAX (highest, n);
          g_string_append_printf (out, "$%d", n);
        }
      else
        g_string_append_c (out, *p);
    }
  *n_params = highest;
  return g_string_free (out, FALSE);
}

TjServerPgStmt *
_tj_server_pg_stmt_new (TjServerPg *pg, const char *sql)
{
  TjServerPgStmt *stmt = g_new0 (TjServerPgStmt, 1);

  stmt->pg = pg;
  stmt->sql = _tj_server_pg_translate (sql, &stmt->n_params);
  stmt->types = g_new0 (Oid, MAX (stmt->n_params, 1));
  stmt->values = g_new0 (const char *, MAX (stmt->n_params, 1));
  stmt->owned = g_new0 (char *, MAX (stmt->n_params, 1));
  stmt->row = -1;
  return stmt;
}

static void
clear_blobs (TjServerPgStmt *stmt)
{
  for (int i = 0; i < stmt->n_columns; i++)
    g_clear_pointer (&stmt->blobs[i], g_free);
}

void
_tj_server_pg_stmt_reset (TjServerPgStmt *stmt)
{
  clear_blobs (stmt);
  g_clear_pointer (&stmt->blobs, g_free);
  g_clear_pointer (&stmt->blob_lengths, g_free);
  stmt->n_columns = 0;
  g_clear_pointer (&stmt->result, PQclear);
  stmt->row = -1;
}

void
_tj_server_pg_stmt_clear (TjServerPgStmt *stmt)
{
  _tj_server_pg_stmt_reset (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    {
      stmt->values[i] = NULL;
      stmt->types[i] = 0;
    }
}

void
_tj_server_pg_stmt_free (TjServerPgStmt *stmt)
{
  if (stmt == NULL)
    return;
  _tj_server_pg_stmt_reset (stmt);
  for (int i = 0; i < stmt->n_params; i++)
    g_free (stmt->owned[i]);
  g_free (stmt->owned);
  g_free (stmt->values);
  g_free (stmt->types);
  g_free (stmt->name);
  g_free (stmt->sql);
  g_free (stmt);
}

/* A position the statement does not have is ignored, as sqlite3_bind_* () does. */
static gboolean
param (TjServerPgStmt *stmt, int index)
{
  return index >= 1 && index <= stmt->n_params;
}

void
_tj_server_pg_stmt_bind_blob (TjServerPgStmt *stmt, int index, const void *data, gsize length)
{
  static const char digits[] = "0123456789abcdef";
  const guint8 *bytes = data;
  char *hex;

  if (!param (stmt, index))
    return;
  if (data == NULL)
    {
      _tj_server_pg_stmt_bind_null (stmt, index);
      return;
    }
  hex = g_malloc (2 * length + 3);
  hex[0] = '\\';
  hex[1] = 'x';
  for (gsize i = 0; i < length; i++)
    {
      hex[2 + 2 * i] = digits[bytes[i] >> 4];
      hex[3 + 2 * i] = digits[bytes[i] & 0xf];
    }
  hex[2 * length + 2] = '\0';
  g_free (stmt->owned[index - 1]);
  stmt->owned[index - 1] = hex;
  stmt->values[index - 1] = hex;
  stmt->types[index - 1] = TJ_PG_BYTEA;
}

void
_tj_server_pg_stmt_bind_text (TjServerPgStmt *stmt, int index, const char *text)
{
  if (!param (stmt, index))
    return;
  stmt->values[index - 1] = text;
  stmt->types[index - 1] = text ? TJ_PG_TEXT : 0;
}

void
_tj_server_pg_stmt_bind_int64 (TjServerPgStmt *stmt, int index, gint64 value)
{
  if (!param (stmt, index))
    return;
  g_free (stmt->owned[index - 1]);
  stmt->owned[index - 1] = g_strdup_printf ("%" G_GINT64_FORMAT, value);
  stmt->values[index - 1] = stmt->owned[index - 1];
  stmt->types[index - 1] = TJ_PG_INT8;
}

void
_tj_server_pg_stmt_bind_null (TjServerPgStmt *stmt, int index)
{
  if (!param (stmt, index))
    return;
  stmt->values[index - 1] = NULL;
  stmt->types[index - 1] = 0;
}

static gboolean
ensure_prepared (TjServerPgStmt *stmt, GError **error)
{
  TjServerPg *pg = stmt->pg;
  PGresult *res;

  if (!ensure_connection (pg, error))
    return FALSE;
  if (stmt->name != NULL && stmt->generation == pg->generation)
    return TRUE;
  g_clear_pointer (&stmt->name, g_free);
  stmt->name = g_strdup_printf ("tj%u", ++pg->n_names);
  res = PQprepare (pg->conn, stmt->name, stmt->sql, stmt->n_params, stmt->types);
  if (PQresultStatus (res) != PGRES_COMMAND_OK)
    {
      set_error (pg, res, error);
      PQclear (res);
      g_clear_pointer (&stmt->name, g_free);
      return FALSE;
    }
  PQclear (res);
  stmt->generation = pg->generation;
  return TRUE;
}

/* The whole answer is fetched by the first step (a page is at most a few thousand rows);
 * later steps walk it. */
TjServerStep
_tj_server_pg_stmt_step (TjServerPgStmt *stmt, GError **error)
{
  if (stmt->result == NULL)
    {
      PGresult *res;
      ExecStatusType status;

      if (!ensure_prepared (stmt, error))
        return TJ_SERVER_STEP_ERROR;
      res = PQexecPrepared (stmt->pg->conn, stmt->name, stmt->n_params, stmt->values, NULL,
                            NULL, 0);
      status = PQresultStatus (res);
      if (status != PGRES_TUPLES_OK && status != PGRES_COMMAND_OK)
        {
          set_error (stmt->pg, res, error);
          PQclear (res);
          return TJ_SERVER_STEP_ERROR;
        }
      stmt->result = res;
      stmt->row = -1;
      stmt->n_columns = PQnfields (res);
      stmt->blobs = g_new0 (guint8 *, MAX (stmt->n_columns, 1));
      stmt->blob_lengths = g_new0 (gsize, MAX (stmt->n_columns, 1));
      stmt->pg->changes = g_ascii_strtoll (PQcmdTuples (res), NULL, 10);
    }
  clear_blobs (stmt);
  stmt->row++;
  return stmt->row < PQntuples (stmt->result) ? TJ_SERVER_STEP_ROW : TJ_SERVER_STEP_DONE;
}

static gboolean
has_value (TjServerPgStmt *stmt, int column)
{
  return stmt->result != NULL && stmt->row >= 0 && stmt->row < PQntuples (stmt->result) &&
         column >= 0 && column < stmt->n_columns &&
         !PQgetisnull (stmt->result, stmt->row, column);
}

static int
hex_value (char c)
{
  return g_ascii_xdigit_value (c);
}

const guint8 *
_tj_server_pg_stmt_column_blob (TjServerPgStmt *stmt, int column, gsize *length)
{
  const char *text;
  gsize n;
  guint8 *out;

  *length = 0;
  if (!has_value (stmt, column))
    return NULL;
  if (stmt->blobs[column] != NULL)
    {
      *length = stmt->blob_lengths[column];
      return stmt->blobs[column];
    }
  text = PQgetvalue (stmt->result, stmt->row, column);
  /* bytea_output = hex (set on connecting); a text column read as a blob is its bytes. */
  if (text[0] != '\\' || text[1] != 'x')
    {
      *length = strlen (text);
      return (const guint8 *) text;
    }
  text += 2;
  n = strlen (text) / 2;
  out = g_malloc (MAX (n, 1));
  for (gsize i = 0; i < n; i++)
    out[i] = (guint8) (hex_value (text[2 * i]) << 4 | hex_value (text[2 * i + 1]));
  stmt->blobs[column] = out;
  stmt->blob_lengths[column] = n;
  *length = n;
  return out;
}

gint64
_tj_server_pg_stmt_column_int64 (TjServerPgStmt *stmt, int column)
{
  const char *text;

  if (!has_value (stmt, column))
    return 0;
  text = PQgetvalue (stmt->result, stmt->row, column);
  /* A boolean reads as SQLite's would: 1 or 0. */
  if (text[0] == 't')
    return 1;
  if (text[0] == 'f')
    return 0;
  return g_ascii_strtoll (text, NULL, 10);
}

const char *
_tj_server_pg_stmt_column_text (TjServerPgStmt *stmt, int column)
{
  if (!has_value (stmt, column))
    return NULL;
  return PQgetvalue (stmt->result, stmt->row, column);
}

gboolean
_tj_server_pg_stmt_column_is_null (TjServerPgStmt *stmt, int column)
{
  return !has_value (stmt, column);
}

gint64
_tj_server_pg_changes (TjServerPg *pg)
{
  return pg->changes;
}

/* Transactions */

/* The change log's sequence must follow commit order (sync.md, "Server store"): a pull
 * that has read up to seq N must never later find a row below N committed after it read.
 * Every writing transaction here (and only those write the change log) starts by locking
 * the meta row 'seq' FOR UPDATE, and keeps that row lock until it commits or rolls back.
 * A second writer therefore waits at its BEGIN until the first has committed; the seq it
 * then reads (READ COMMITTED: each statement sees what was committed before it began)
 * is the first's last one, so its own are higher, and its commit is later. Seq order is
 * commit order, as BEGIN IMMEDIATE makes it on SQLite; and the writers' read-modify-write
 * steps (bucket_stat, desks) are serialised the same way on both stores. Readers never
 * wait: a pull reads in its own snapshot (tj_server_store_begin_read ()). A writer that
 * waits longer than lock_timeout (5 s, SQLite's busy timeout here) fails with BUSY. */
gboolean
_tj_server_pg_begin (TjServerPg *pg, GError **error)
{
  g_assert (!pg->in_transaction);

  if (!ensure_connection (pg, error) ||
      !_tj_server_pg_exec (pg, "BEGIN ISOLATION LEVEL READ COMMITTED", error))
    return FALSE;
  pg->in_transaction = TRUE;
  if (!_tj_server_pg_exec (pg, "SELECT value FROM meta WHERE key = 'seq' FOR UPDATE", error))
    {
      _tj_server_pg_rollback (pg);
      return FALSE;
    }
  return TRUE;
}

gboolean
_tj_server_pg_begin_read (TjServerPg *pg, GError **error)
{
  g_assert (!pg->in_transaction);

  if (!ensure_connection (pg, error) ||
      !_tj_server_pg_exec (pg, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", error))
    return FALSE;
  pg->in_transaction = TRUE;
  return TRUE;
}

gboolean
_tj_server_pg_commit (TjServerPg *pg, GError **error)
{
  PGresult *res;
  gboolean committed;

  g_assert (pg->in_transaction);

  res = exec_result (pg, "COMMIT", error);
  pg->in_transaction = FALSE;
  if (res == NULL)
    return FALSE;
  /* COMMIT of a transaction that had failed "succeeds" as a ROLLBACK. */
  committed = strcmp (PQcmdStatus (res), "COMMIT") == 0;
  PQclear (res);
  if (!committed)
    g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_SQLITE,
                 /* Translators: the database's description (name and host) */
                 _("PostgreSQL database %s: the transaction failed and was rolled back."),
                 pg->described);
  return committed;
}

void
_tj_server_pg_rollback (TjServerPg *pg)
{
  if (!pg->in_transaction)
    return;
  pg->in_transaction = FALSE;
  _tj_server_pg_exec (pg, "ROLLBACK", NULL);
}

gboolean
_tj_server_pg_in_transaction (TjServerPg *pg)
{
  return pg->in_transaction;
}

/* Meta and migrations */

char *
_tj_server_pg_get_meta (TjServerPg *pg, const char *key, GError **error)
{
  const char *values[1] = { key };
  PGresult *res = PQexecParams (pg->conn, "SELECT value FROM meta WHERE key = $1", 1, NULL,
                                values, NULL, NULL, 0);
  char *value = NULL;

  if (PQresultStatus (res) != PGRES_TUPLES_OK)
    set_error (pg, res, error);
  else if (PQntuples (res) > 0 && !PQgetisnull (res, 0, 0))
    value = g_strdup (PQgetvalue (res, 0, 0));
  PQclear (res);
  return value;
}

gboolean
_tj_server_pg_set_meta (TjServerPg *pg, const char *key, const char *value, GError **error)
{
  const char *values[2] = { key, value };
  PGresult *res = PQexecParams (pg->conn, "INSERT INTO meta (key, value) VALUES ($1, $2) "
                                          "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                2, NULL, values, NULL, NULL, 0);
  gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

  if (!ok)
    set_error (pg, res, error);
  PQclear (res);
  return ok;
}

int
_tj_server_pg_get_schema_version (TjServerPg *pg)
{
  return pg->schema_version;
}

/* The schema version of the database: 0 for an empty one; -1 with an error for one that
 * holds tables but is not ours. */
static int
read_version (TjServerPg *pg, GError **error)
{
  g_autofree char *application = NULL, *version = NULL;
  PGresult *res;
  gboolean has_meta;
  gint64 n_tables;

  res = exec_result (pg, "SELECT to_regclass ('meta') IS NOT NULL, "
                         "(SELECT count (*) FROM pg_class c JOIN pg_namespace n "
                         "ON n.oid = c.relnamespace WHERE n.nspname = current_schema () "
                         "AND c.relkind = 'r')", error);
  if (res == NULL)
    return -1;
  has_meta = strcmp (PQgetvalue (res, 0, 0), "t") == 0;
  n_tables = g_ascii_strtoll (PQgetvalue (res, 0, 1), NULL, 10);
  PQclear (res);
  if (has_meta)
    {
      application = _tj_server_pg_get_meta (pg, "application", error);
      version = _tj_server_pg_get_meta (pg, "schema_version", error);
      if (error != NULL && *error != NULL)
        return -1;
    }
  if ((has_meta && g_strcmp0 (application, TJ_PG_APPLICATION) == 0 && version != NULL) ||
      (!has_meta && n_tables == 0))
    return version ? (int) g_ascii_strtoll (version, NULL, 10) : 0;
  g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_NOT_OURS,
               /* Translators: the database's description (name and host) */
               _("PostgreSQL database %s holds tables but is not a Tiaojie server store."),
               pg->described);
  return -1;
}

static gboolean
migrate_locked (TjServerPg *pg, GError **error)
{
  guint n_migrations;
  const TjServerPgMigration *migrations = _tj_server_pg_schema_get_migrations (&n_migrations);
  int latest = migrations[n_migrations - 1].version;
  int version = read_version (pg, error);

  if (version < 0)
    return FALSE;
  if (version > latest)
    {
      g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_TOO_NEW,
                   /* Translators: the database's description, its schema version, the newest
                      this program knows */
                   _("PostgreSQL database %s was written by a newer tiaojie-server (schema %d; "
                     "this version reads up to %d)."), pg->described, version, latest);
      return FALSE;
    }
  for (guint i = 0; i < n_migrations; i++)
    {
      char number[16];

      if (migrations[i].version <= version)
        continue;
      g_snprintf (number, sizeof number, "%d", migrations[i].version);
      if (!_tj_server_pg_exec (pg, "BEGIN", error))
        return FALSE;
      if (!_tj_server_pg_exec (pg, migrations[i].sql, error) ||
          !_tj_server_pg_set_meta (pg, "application", TJ_PG_APPLICATION, error) ||
          !_tj_server_pg_set_meta (pg, "schema_version", number, error) ||
          !_tj_server_pg_exec (pg, "COMMIT", error))
        {
          _tj_server_pg_exec (pg, "ROLLBACK", NULL);
          g_prefix_error (error, _("Upgrading the server store to schema %d: "),
                          migrations[i].version);
          return FALSE;
        }
      version = migrations[i].version;
    }
  pg->schema_version = version;
  return TRUE;
}

/* Two servers started at once on a new database must not both create its tables. */
static gboolean
migrate (TjServerPg *pg, GError **error)
{
  gboolean ok;

  if (!_tj_server_pg_exec (pg, "SELECT pg_advisory_lock (" TJ_PG_MIGRATION_LOCK ")", error))
    return FALSE;
  ok = migrate_locked (pg, error);
  _tj_server_pg_exec (pg, "SELECT pg_advisory_unlock (" TJ_PG_MIGRATION_LOCK ")", NULL);
  return ok;
}

TjServerPg *
_tj_server_pg_open (const char *conninfo, GError **error)
{
  TjServerPg *pg = g_new0 (TjServerPg, 1);

  pg->described = _tj_server_pg_describe (conninfo);
  pg->conn = PQconnectdb (conninfo);
  if (PQstatus (pg->conn) != CONNECTION_OK)
    {
      g_autofree char *text = g_strstrip (g_strdup (PQerrorMessage (pg->conn)));

      g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_SQLITE,
                   /* Translators: the database's description (name and host), then the
                      reason */
                   _("Cannot connect to PostgreSQL database %s: %s"), pg->described, text);
      _tj_server_pg_free (pg);
      return NULL;
    }
  PQsetNoticeProcessor (pg->conn, on_notice_cb, NULL);
  if (!_tj_server_pg_exec (pg, TJ_PG_SESSION_SETUP, error) ||
      !migrate (pg, error))
    {
      _tj_server_pg_free (pg);
      return NULL;
    }
  return pg;
}

void
_tj_server_pg_free (TjServerPg *pg)
{
  if (pg == NULL)
    return;
  g_clear_pointer (&pg->conn, PQfinish);
  g_free (pg->described);
  g_free (pg);
}
