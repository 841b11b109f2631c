/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "tj-server-store-private.h"
#include "tj-uuid.h"

/* "Tjsv": marks a SQLite file as a Tiaojie server store (the replica is "Tjrp"). */
#define TJ_SERVER_APPLICATION_ID 0x546a7376

struct _TjServerStore
{
  GObject     parent_instance;

  char       *dir;
  char       *conninfo;     /* (nullable): the PostgreSQL database, else DIR/server.sqlite */
  char       *epoch;
  TjStore    *store;        /* (nullable): SQLite's */
  TjServerPg *pg;           /* (nullable): PostgreSQL's */
  /* SQL text (of SQLite's dialect) → TjServerStmt; TjStore's cache keeps the compiled
   * statements, this one their wrappers. */
  GHashTable *statements;
  gboolean    reading;      /* in tj_server_store_begin_read ()'s transaction */
};

enum {
  PROP_0,
  PROP_DIR,
  PROP_CONNINFO,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjServerStore, tj_server_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init))

G_DEFINE_QUARK (tj-server-store-error-quark, tj_server_store_error)

static char *
describe_server_store (TjStoreProblem  problem,
                       const char     *path,
                       const char     *detail,
                       int             schema,
                       int             latest)
{
  switch (problem)
    {
    case TJ_STORE_PROBLEM_NOT_SQLITE:
    case TJ_STORE_PROBLEM_NOT_OURS:
      return g_strdup_printf (_("%s is not a Tiaojie server store."), path);
    case TJ_STORE_PROBLEM_TOO_NEW:
      return g_strdup_printf (/* Translators: file name, its schema version, the newest this
                                 program knows */
                              _("Server store %s was written by a newer tiaojie-server (schema "
                                "%d; this version reads up to %d)."), path, schema, latest);
    case TJ_STORE_PROBLEM_UPGRADING:
      return g_strdup_printf (_("Upgrading the server store to schema %d: "), schema);
    case TJ_STORE_PROBLEM_FAILED:
    default:
      /* Translators: file name, SQLite's message */
      return g_strdup_printf (_("Server store %s: %s"), path, detail);
    }
}

static const TjStoreProfile server_profile = {
  .application_id = TJ_SERVER_APPLICATION_ID,
  /* Shorter than the replica's: a request that waits this long is better answered "busy". */
  .busy_timeout_ms = 5000,
  .migrations = tj_server_schema_get_migrations,
  .on_open = NULL,
  .describe = describe_server_store,
};

/* TjStore reports in TJ_STORE_ERROR; the server's callers match TJ_SERVER_STORE_ERROR. The
 * message is already in the server's words (describe_server_store). Returns FALSE, so a
 * failed call can end in `|| adopt_error (error)`. */
static gboolean
adopt_error (GError **error)
{
  GError *e = error ? *error : NULL;

  if (e == NULL || e->domain != TJ_STORE_ERROR)
    return FALSE;
  switch (e->code)
    {
    case TJ_STORE_ERROR_CONSTRAINT:
      e->code = TJ_SERVER_STORE_ERROR_CONSTRAINT;
      break;
    case TJ_STORE_ERROR_BUSY:
      e->code = TJ_SERVER_STORE_ERROR_BUSY;
      break;
    case TJ_STORE_ERROR_NOT_A_REPLICA:
      e->code = TJ_SERVER_STORE_ERROR_NOT_OURS;
      break;
    case TJ_STORE_ERROR_TOO_NEW:
      e->code = TJ_SERVER_STORE_ERROR_TOO_NEW;
      break;
    default:
      e->code = TJ_SERVER_STORE_ERROR_SQLITE;
      break;
    }
  e->domain = TJ_SERVER_STORE_ERROR;
  return FALSE;
}

gboolean
_tj_server_store_set_sqlite_error (TjServerStore *self, GError **error)
{
  return tj_store_set_error_from_db (self->store, error) || adopt_error (error);
}

TjStore *
_tj_server_store_get_sqlite (TjServerStore *self)
{
  return self->store;
}

TjServerPg *
_tj_server_store_get_pg (TjServerStore *self)
{
  return self->pg;
}

static void
stmt_free (TjServerStmt *stmt)
{
  _tj_server_pg_stmt_free (stmt->pg);
  g_free (stmt);
}

TjServerStmt *
tj_server_store_prepare_sql (TjServerStore *self, const char *sqlite_sql, const char *pg_sql,
                             GError **error)
{
  TjServerStmt *stmt;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), NULL);
  g_return_val_if_fail (sqlite_sql != NULL && pg_sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sqlite_sql);
  if (stmt != NULL && stmt->pg != NULL)
    {
      _tj_server_pg_stmt_clear (stmt->pg);
      return stmt;
    }
  if (stmt != NULL)
    {
      sqlite3_reset (stmt->sqlite);
      sqlite3_clear_bindings (stmt->sqlite);
      return stmt;
    }
  stmt = g_new0 (TjServerStmt, 1);
  stmt->store = self;
  if (self->pg != NULL)
    {
      /* Prepared on the server at its first step, with the types of its first bindings. */
      stmt->pg = _tj_server_pg_stmt_new (self->pg, pg_sql);
      g_hash_table_insert (self->statements, g_strdup (sqlite_sql), stmt);
      return stmt;
    }
  stmt->sqlite = tj_store_prepare (self->store, sqlite_sql, error);
  if (stmt->sqlite == NULL)
    {
      g_free (stmt);
      adopt_error (error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sqlite_sql), stmt);
  return stmt;
}

TjServerStmt *
tj_server_store_prepare (TjServerStore *self, const char *sql, GError **error)
{
  return tj_server_store_prepare_sql (self, sql, sql, error);
}

gboolean
tj_server_store_exec (TjServerStore *self, const char *sql, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);

  if (self->pg != NULL)
    return _tj_server_pg_exec (self->pg, sql, error);
  return tj_store_exec (self->store, sql, error) || adopt_error (error);
}

static gboolean
in_transaction (TjServerStore *self)
{
  return self->pg != NULL ? _tj_server_pg_in_transaction (self->pg)
                          : tj_store_in_transaction (self->store) || self->reading;
}

/* TjStore's outermost transaction is BEGIN IMMEDIATE; the server never nests one, so its
 * transactions are that alone. PostgreSQL's take the writers' lock in its place
 * (_tj_server_pg_begin () says why the change log's order holds). */
gboolean
tj_server_store_begin (TjServerStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (!in_transaction (self), FALSE);

  if (self->pg != NULL)
    return _tj_server_pg_begin (self->pg, error);
  return tj_store_begin (self->store, error) || adopt_error (error);
}

gboolean
tj_server_store_commit (TjServerStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (in_transaction (self) && !self->reading, FALSE);

  if (self->pg != NULL)
    return _tj_server_pg_commit (self->pg, error);
  return tj_store_commit (self->store, error) || adopt_error (error);
}

void
tj_server_store_rollback (TjServerStore *self)
{
  g_return_if_fail (TJ_IS_SERVER_STORE (self));

  if (self->pg != NULL)
    {
      self->reading = FALSE;
      _tj_server_pg_rollback (self->pg);
      return;
    }
  if (self->reading)
    {
      self->reading = FALSE;
      tj_store_exec (self->store, "ROLLBACK", NULL);
    }
  if (tj_store_in_transaction (self->store))
    tj_store_rollback (self->store);
}

/* A deferred transaction on SQLite takes its snapshot at the first read and holds it. It
 * is not TjStore's (whose transactions write), so its end is ours too. On PostgreSQL it
 * is REPEATABLE READ: one snapshot for all its statements. */
gboolean
tj_server_store_begin_read (TjServerStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (!in_transaction (self), FALSE);

  if (self->pg != NULL)
    {
      if (!_tj_server_pg_begin_read (self->pg, error))
        return FALSE;
      self->reading = TRUE;
      return TRUE;
    }
  if (!tj_store_exec (self->store, "BEGIN", error))
    return adopt_error (error);
  self->reading = TRUE;
  return TRUE;
}

gboolean
tj_server_store_end_read (TjServerStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (self->reading, FALSE);

  self->reading = FALSE;
  if (self->pg != NULL)
    return _tj_server_pg_commit (self->pg, error);
  if (!tj_store_exec (self->store, "COMMIT", error))
    {
      tj_store_exec (self->store, "ROLLBACK", NULL);
      return adopt_error (error);
    }
  return TRUE;
}

int
tj_server_store_get_schema_version (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), -1);

  if (self->pg != NULL)
    return _tj_server_pg_get_schema_version (self->pg);
  return tj_store_get_schema_version (self->store);
}

gboolean
tj_server_store_new_epoch (TjServerStore *self, GError **error)
{
  TjUuid epoch;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);

  tj_uuid_v7_now (&epoch);
  g_free (self->epoch);
  self->epoch = tj_uuid_dup_string (&epoch);
  if (self->pg != NULL)
    return _tj_server_pg_set_meta (self->pg, "server_epoch", self->epoch, error);
  return tj_store_set_meta (self->store, "server_epoch", self->epoch, error) ||
         adopt_error (error);
}

static gboolean
load_epoch (TjServerStore *self, GError **error)
{
  if (self->pg != NULL)
    {
      g_autoptr(GError) local = NULL;

      self->epoch = _tj_server_pg_get_meta (self->pg, "server_epoch", &local);
      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  else
    self->epoch = tj_store_get_meta (self->store, "server_epoch");
  if (self->epoch != NULL)
    return TRUE;
  return tj_server_store_new_epoch (self, error);
}

static gboolean
tj_server_store_initable_init (GInitable *initable, GCancellable *cancellable, GError **error)
{
  TjServerStore *self = TJ_SERVER_STORE (initable);
  g_autofree char *path = NULL;

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: a folder, then the system's reason */
                   _("Cannot make the data folder %s: %s"), self->dir, g_strerror (saved));
      return FALSE;
    }
  if (self->conninfo != NULL)
    {
      self->pg = _tj_server_pg_open (self->conninfo, error);
      return self->pg != NULL && load_epoch (self, error);
    }
  path = g_build_filename (self->dir, "server.sqlite", NULL);
  self->store = tj_store_open_profile (path, &server_profile, error);
  if (self->store == NULL)
    return adopt_error (error);
  return load_epoch (self, error);
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = tj_server_store_initable_init;
}

static void
tj_server_store_dispose (GObject *object)
{
  TjServerStore *self = (TjServerStore *) object;

  /* The wrappers first: TjStore finalizes the statements they point to. */
  g_hash_table_remove_all (self->statements);
  g_clear_object (&self->store);
  g_clear_pointer (&self->pg, _tj_server_pg_free);

  G_OBJECT_CLASS (tj_server_store_parent_class)->dispose (object);
}

static void
tj_server_store_finalize (GObject *object)
{
  TjServerStore *self = (TjServerStore *) object;

  g_free (self->dir);
  g_free (self->conninfo);
  g_free (self->epoch);
  g_hash_table_unref (self->statements);

  G_OBJECT_CLASS (tj_server_store_parent_class)->finalize (object);
}

static void
tj_server_store_set_property (GObject *object, guint prop_id, const GValue *value,
                              GParamSpec *pspec)
{
  TjServerStore *self = TJ_SERVER_STORE (object);

  switch (prop_id)
    {
    case PROP_DIR:
      self->dir = g_value_dup_string (value);
      break;
    case PROP_CONNINFO:
      self->conninfo = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_server_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TjServerStore *self = TJ_SERVER_STORE (object);

  switch (prop_id)
    {
    case PROP_DIR:
      g_value_set_string (value, self->dir);
      break;
    case PROP_CONNINFO:
      g_value_set_string (value, self->conninfo);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_server_store_class_init (TjServerStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_server_store_dispose;
  object_class->finalize = tj_server_store_finalize;
  object_class->get_property = tj_server_store_get_property;
  object_class->set_property = tj_server_store_set_property;

  properties[PROP_DIR] =
    g_param_spec_string ("dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* A libpq connection string, which may hold a password: never logged. */
  properties[PROP_CONNINFO] =
    g_param_spec_string ("conninfo", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_server_store_init (TjServerStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                            (GDestroyNotify) stmt_free);
}

TjServerStore *
tj_server_store_open (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_initable_new (TJ_TYPE_SERVER_STORE, NULL, error, "dir", dir, NULL);
}

TjServerStore *
tj_server_store_open_postgres (const char *dir, const char *conninfo, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  g_return_val_if_fail (conninfo != NULL, NULL);

  return g_initable_new (TJ_TYPE_SERVER_STORE, NULL, error, "dir", dir, "conninfo", conninfo,
                         NULL);
}

char *
tj_server_store_describe_conninfo (const char *conninfo)
{
  g_return_val_if_fail (conninfo != NULL, NULL);

  return _tj_server_pg_describe (conninfo);
}

gboolean
tj_server_store_is_postgres (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);

  return self->pg != NULL;
}

/* A NOTIFY's payload must stay under 8,000 bytes: ids go in several when there are many. */
#define ANNOUNCE_MAX_BYTES 7000

static gboolean
announce_text (TjServerStore *self, const char *payload, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (self, "SELECT pg_notify ('"
                                                TJ_SERVER_PG_CHANNEL "', ?)", error);

  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, payload);
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ERROR)
    {
      tj_server_stmt_reset (stmt);
      return FALSE;
    }
  tj_server_stmt_reset (stmt);
  return TRUE;
}

gboolean
tj_server_store_announce (TjServerStore *self, GHashTable *buckets, GError **error)
{
  g_autoptr(GString) payload = g_string_new (NULL);
  GHashTableIter iter;
  gpointer key;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (!in_transaction (self), FALSE);

  if (self->pg == NULL || buckets == NULL)
    return TRUE;
  g_hash_table_iter_init (&iter, buckets);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      char text[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (key, text);
      if (payload->len + 1 + TJ_UUID_STRING_LEN > ANNOUNCE_MAX_BYTES)
        {
          if (!announce_text (self, payload->str, error))
            return FALSE;
          g_string_truncate (payload, 0);
        }
      if (payload->len > 0)
        g_string_append_c (payload, ' ');
      g_string_append (payload, text);
    }
  return payload->len == 0 || announce_text (self, payload->str, error);
}

TjServerStoreWatch *
tj_server_store_watch (TjServerStore        *self,
                       TjServerStoreChanged  func,
                       gpointer              user_data,
                       GError              **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), NULL);

  if (self->pg == NULL)
    return NULL;
  return _tj_server_pg_watch_new (self->conninfo, func, user_data, error);
}

void
tj_server_store_watch_free (TjServerStoreWatch *watch)
{
  _tj_server_pg_watch_free (watch);
}

const char *
tj_server_store_get_epoch (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), NULL);

  return self->epoch;
}
