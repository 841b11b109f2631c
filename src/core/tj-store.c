/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tj-store-private.h"
#include "tj-sync-sum.h"

/* "Tjrp": marks a SQLite file as a Tiaojie replica. */
#define TJ_APPLICATION_ID 0x546a7270

struct _TjStore
{
  GObject     parent_instance;

  char       *path;
  const TjStoreProfile *profile;
  int         target_version;   /* -1: the latest */
  sqlite3    *db;
  GHashTable *statements;       /* SQL text (owned) -> sqlite3_stmt (finalized) */
  guint       depth;
  gboolean    lazy;             /* the open transaction came from tj_store_begin_lazy () */
  char       *failure_point;    /* (nullable): tests only */
};

enum {
  PROP_0,
  PROP_PATH,
  PROP_PROFILE,
  PROP_TARGET_VERSION,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjStore, tj_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init))

G_DEFINE_QUARK (tj-store-error-quark, tj_store_error)

static char *
describe_replica (TjStoreProblem  problem,
                  const char     *path,
                  const char     *detail,
                  int             schema,
                  int             latest)
{
  switch (problem)
    {
    case TJ_STORE_PROBLEM_NOT_SQLITE:
      return g_strdup_printf (_("%s is not a Tiaojie replica (not a SQLite database)."), path);
    case TJ_STORE_PROBLEM_NOT_OURS:
      return g_strdup_printf (_("%s is a SQLite database, but not a Tiaojie replica."), path);
    case TJ_STORE_PROBLEM_TOO_NEW:
      return g_strdup_printf (/* Translators: file name, its schema version, the newest this
                                 program knows */
                              _("Replica %s was written by a newer Tiaojie (schema %d; this "
                                "version reads up to %d). Update Tiaojie to open it."),
                              path, schema, latest);
    case TJ_STORE_PROBLEM_UPGRADING:
      return g_strdup_printf (_("Upgrading the replica to schema %d: "), schema);
    case TJ_STORE_PROBLEM_FAILED:
    default:
      /* Translators: file name, SQLite's message */
      return g_strdup_printf (_("Replica %s: %s"), path, detail);
    }
}

/* The SQL functions the replica's triggers and queries call. */
static gboolean
register_replica_functions (sqlite3 *db, GError **error)
{
  return _tj_search_register (db, error) && _tj_sync_sum_register (db, error);
}

static const TjStoreProfile replica_profile = {
  .application_id = TJ_APPLICATION_ID,
  .busy_timeout_ms = 10000,
  .migrations = _tj_schema_get_migrations,
  .on_open = register_replica_functions,
  .describe = describe_replica,
};

/* Every error of the store is made here, in the words of its profile. */
static gboolean
set_error (TjStore         *self,
           TjStoreError     code,
           TjStoreProblem   problem,
           const char      *detail,
           int              schema,
           GError         **error)
{
  guint n;
  const TjMigration *migrations = self->profile->migrations (&n);
  g_autofree char *message = self->profile->describe (problem, self->path, detail, schema,
                                                      migrations[n - 1].version);

  g_set_error_literal (error, TJ_STORE_ERROR, code, message);
  return FALSE;
}

gboolean
tj_store_set_error_from_db (TjStore *self, GError **error)
{
  int code = sqlite3_extended_errcode (self->db);
  TjStoreError tj_code = TJ_STORE_ERROR_SQLITE;

  switch (code & 0xff)
    {
    case SQLITE_CONSTRAINT:
      tj_code = TJ_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      tj_code = TJ_STORE_ERROR_BUSY;
      break;
    case SQLITE_NOTADB:
      tj_code = TJ_STORE_ERROR_NOT_A_REPLICA;
      break;
    default:
      break;
    }
  return set_error (self, tj_code, TJ_STORE_PROBLEM_FAILED, sqlite3_errmsg (self->db), 0, error);
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

sqlite3_stmt *
tj_store_prepare (TjStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);
  g_return_val_if_fail (sql != NULL, NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      tj_store_set_error_from_db (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

void
tj_store_set_cache_size (TjStore *self, guint kib)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (TJ_IS_STORE (self));

  /* A negative size is in KiB; setting it cannot fail on an open connection. */
  sql = g_strdup_printf ("PRAGMA cache_size = -%u", MAX (kib, 1));
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
}

gboolean
tj_store_exec (TjStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      set_error (self, TJ_STORE_ERROR_SQLITE, TJ_STORE_PROBLEM_FAILED,
                 message ? message : "?", 0, error);
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* Run a statement that returns no rows, and reset it so it holds no lock. */
gboolean
tj_store_step_done (TjStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      tj_store_set_error_from_db (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

static void
end_lazy (TjStore *self)
{
  if (!self->lazy)
    return;
  self->lazy = FALSE;
  sqlite3_exec (self->db, "PRAGMA synchronous = FULL", NULL, NULL, NULL);
}

gboolean
tj_store_begin (TjStore *self, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  sql = self->depth == 0 ? g_strdup ("BEGIN IMMEDIATE")
                         : g_strdup_printf ("SAVEPOINT tj_%u", self->depth);
  if (!tj_store_exec (self, sql, error))
    return FALSE;
  self->depth++;
  return TRUE;
}

/* A transaction whose commit does not wait for the disk (WAL, synchronous = NORMAL): for
 * what the server can give again (a pulled page with its cursor, the acknowledgement of
 * pushed edits). A power cut may undo it, never tear it, and the next ordinary commit
 * makes it durable too, as the log is written in order. SQLite only changes the setting
 * outside a transaction, so it is set here and put back when this one ends. */
gboolean
tj_store_begin_lazy (TjStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  if (self->depth > 0)
    return tj_store_begin (self, error);
  if (!tj_store_exec (self, "PRAGMA synchronous = NORMAL", error))
    return FALSE;
  self->lazy = TRUE;
  if (tj_store_begin (self, error))
    return TRUE;
  end_lazy (self);
  return FALSE;
}

gboolean
tj_store_commit (TjStore *self, GError **error)
{
  g_autofree char *sql = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->depth > 0, FALSE);

  sql = self->depth == 1 ? g_strdup ("COMMIT")
                         : g_strdup_printf ("RELEASE tj_%u", self->depth - 1);
  if (!tj_store_exec (self, sql, error))
    {
      tj_store_rollback (self);
      return FALSE;
    }
  self->depth--;
  if (self->depth == 0)
    end_lazy (self);
  return TRUE;
}

void
tj_store_rollback (TjStore *self)
{
  g_autofree char *sql = NULL;

  g_return_if_fail (TJ_IS_STORE (self));
  g_return_if_fail (self->depth > 0);

  sql = self->depth == 1 ? g_strdup ("ROLLBACK")
                         : g_strdup_printf ("ROLLBACK TO tj_%u; RELEASE tj_%u",
                                            self->depth - 1, self->depth - 1);
  /* A failed ROLLBACK means SQLite already rolled back on its own (after an I/O or
   * memory error); there is nothing left to undo either way. */
  sqlite3_exec (self->db, sql, NULL, NULL, NULL);
  self->depth--;
  if (self->depth == 0)
    end_lazy (self);
}

gboolean
tj_store_in_transaction (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  return self->depth > 0;
}

char *
tj_store_get_meta (TjStore *self, const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  stmt = tj_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_type (stmt, 0) != SQLITE_NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

gint64
tj_store_get_meta_int (TjStore *self, const char *key, gint64 fallback)
{
  g_autofree char *text = tj_store_get_meta (self, key);

  return text ? g_ascii_strtoll (text, NULL, 10) : fallback;
}

gboolean
tj_store_set_meta (TjStore *self, const char *key, const char *value, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TJ_IS_STORE (self), FALSE);

  stmt = tj_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                 "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  return tj_store_step_done (self, stmt, error);
}

gboolean
tj_store_set_meta_int (TjStore *self, const char *key, gint64 value, GError **error)
{
  char buf[32];

  g_snprintf (buf, sizeof buf, "%" G_GINT64_FORMAT, value);
  return tj_store_set_meta (self, key, buf, error);
}

void
tj_store_inject_failure (TjStore *self, const char *point)
{
  g_return_if_fail (TJ_IS_STORE (self));

  g_free (self->failure_point);
  self->failure_point = g_strdup (point);
}

gboolean
tj_store_check_failure (TjStore *self, const char *point, GError **error)
{
  g_autofree char *detail = NULL;

  if (G_LIKELY (self->failure_point == NULL) || g_strcmp0 (self->failure_point, point) != 0)
    return TRUE;

  g_clear_pointer (&self->failure_point, g_free);
  detail = g_strdup_printf ("injected failure at %s", point);
  return set_error (self, TJ_STORE_ERROR_SQLITE, TJ_STORE_PROBLEM_FAILED, detail, 0, error);
}

static int
read_pragma_int (sqlite3 *db, const char *pragma)
{
  sqlite3_stmt *stmt;
  int value = -1;

  if (sqlite3_prepare_v2 (db, pragma, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

int
tj_store_latest_schema_version (void)
{
  guint n;
  const TjMigration *migrations = _tj_schema_get_migrations (&n);

  return migrations[n - 1].version;
}

int
tj_store_get_schema_version (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), -1);

  return read_pragma_int (self->db, "PRAGMA user_version");
}

/* Each migration runs in its own transaction together with the version bump, so a file
 * is always at one whole version. */
static gboolean
migrate (TjStore *self, GError **error)
{
  guint n;
  const TjMigration *migrations = self->profile->migrations (&n);
  int current = tj_store_get_schema_version (self);
  int latest = migrations[n - 1].version;
  int target = self->target_version < 0 ? latest : self->target_version;

  if (current > latest)
    return set_error (self, TJ_STORE_ERROR_TOO_NEW, TJ_STORE_PROBLEM_TOO_NEW, NULL, current,
                      error);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *bump = NULL;
      g_autofree char *prefix = NULL;

      if (migrations[i].version <= current || migrations[i].version > target)
        continue;
      if (!tj_store_begin (self, error))
        return FALSE;
      bump = g_strdup_printf ("PRAGMA user_version = %d", migrations[i].version);
      if (!tj_store_exec (self, migrations[i].sql, error) ||
          (migrations[i].after != NULL && !migrations[i].after (self, error)) ||
          !tj_store_exec (self, bump, error) ||
          !tj_store_commit (self, error))
        {
          if (self->depth > 0)
            tj_store_rollback (self);
          prefix = self->profile->describe (TJ_STORE_PROBLEM_UPGRADING, self->path, NULL,
                                            migrations[i].version, latest);
          g_prefix_error (error, "%s", prefix);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
tj_store_initable_init (GInitable *initable, GCancellable *cancellable, GError **error)
{
  TjStore *self = TJ_STORE (initable);
  g_autofree char *pragmas = NULL;
  int app_id, version;

  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    return tj_store_set_error_from_db (self, error);

  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, self->profile->busy_timeout_ms);

  app_id = read_pragma_int (self->db, "PRAGMA application_id");
  version = read_pragma_int (self->db, "PRAGMA user_version");
  if (app_id < 0)
    return set_error (self, TJ_STORE_ERROR_NOT_A_REPLICA, TJ_STORE_PROBLEM_NOT_SQLITE, NULL, 0,
                      error);
  /* An empty file is ours to make; anything else must carry our mark. */
  if ((guint32) app_id != self->profile->application_id &&
      (app_id != 0 || version != 0 ||
       read_pragma_int (self->db, "SELECT count(*) FROM sqlite_schema") != 0))
    return set_error (self, TJ_STORE_ERROR_NOT_A_REPLICA, TJ_STORE_PROBLEM_NOT_OURS, NULL, 0,
                      error);

  /* WAL lets the interface read while a sync worker writes (and the server's readers not
   * wait for its writer); FULL makes a commit durable across power loss, which is what
   * "saved" means to a mediator and what an answered write means to a client. Bulk work
   * batches many edits into one commit instead of weakening this. */
  pragmas = g_strdup_printf ("PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = FULL;"
                             "PRAGMA foreign_keys = ON;"
                             "PRAGMA temp_store = MEMORY;"
                             "PRAGMA cache_size = -32768;");
  if (!tj_store_exec (self, pragmas, error))
    return FALSE;
  /* Setting the mark is a write, and waits for the disk: only a new file needs it. A
   * connection opened to read (the interface at start, a counting worker) writes nothing. */
  if ((guint32) app_id != self->profile->application_id)
    {
      g_autofree char *mark = g_strdup_printf ("PRAGMA application_id = %d;",
                                               (int) self->profile->application_id);

      if (!tj_store_exec (self, mark, error))
        return FALSE;
    }

  if (self->profile->on_open != NULL && !self->profile->on_open (self->db, error))
    return FALSE;

  return migrate (self, error);
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = tj_store_initable_init;
}

static void
tj_store_finalize (GObject *object)
{
  TjStore *self = (TjStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->failure_point);

  G_OBJECT_CLASS (tj_store_parent_class)->finalize (object);
}

static void
tj_store_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TjStore *self = TJ_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      g_value_set_string (value, self->path);
      break;
    case PROP_PROFILE:
      g_value_set_pointer (value, (gpointer) self->profile);
      break;
    case PROP_TARGET_VERSION:
      g_value_set_int (value, self->target_version);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_store_set_property (GObject *object, guint prop_id, const GValue *value, GParamSpec *pspec)
{
  TjStore *self = TJ_STORE (object);

  switch (prop_id)
    {
    case PROP_PATH:
      self->path = g_value_dup_string (value);
      break;
    case PROP_PROFILE:
      if (g_value_get_pointer (value) != NULL)
        self->profile = g_value_get_pointer (value);
      break;
    case PROP_TARGET_VERSION:
      self->target_version = g_value_get_int (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_store_class_init (TjStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_store_finalize;
  object_class->get_property = tj_store_get_property;
  object_class->set_property = tj_store_set_property;

  properties[PROP_PATH] =
    g_param_spec_string ("path", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  /* (nullable): a const TjStoreProfile; NULL is the replica's. */
  properties[PROP_PROFILE] =
    g_param_spec_pointer ("profile", NULL, NULL,
                          G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_TARGET_VERSION] =
    g_param_spec_int ("target-version", NULL, NULL, -1, G_MAXINT, -1,
                      G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_store_init (TjStore *self)
{
  self->profile = &replica_profile;
  self->target_version = -1;
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

TjStore *
tj_store_open (const char *path, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_initable_new (TJ_TYPE_STORE, NULL, error, "path", path, NULL);
}

TjStore *
tj_store_open_profile (const char *path, const TjStoreProfile *profile, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (profile != NULL, NULL);
  g_return_val_if_fail (profile->migrations != NULL && profile->describe != NULL, NULL);

  return g_initable_new (TJ_TYPE_STORE, NULL, error, "path", path, "profile", profile, NULL);
}

/* Tests only: leave the file at an older schema, as an older Tiaojie made it. */
TjStore *
tj_store_open_at_version (const char *path, int version, GError **error)
{
  g_return_val_if_fail (path != NULL, NULL);

  return g_initable_new (TJ_TYPE_STORE, NULL, error,
                         "path", path, "target-version", version, NULL);
}

const char *
tj_store_get_path (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  return self->path;
}

sqlite3 *
tj_store_get_db (TjStore *self)
{
  g_return_val_if_fail (TJ_IS_STORE (self), NULL);

  return self->db;
}
