/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <errno.h>

#include "tj-server-store.h"
#include "tj-uuid.h"

/* "Tjsv": marks a SQLite file as a Tiaojie server store (the replica is "Tjrp"). */
#define TJ_SERVER_APPLICATION_ID 0x546a7376

struct _TjServerStore
{
  GObject     parent_instance;

  char       *dir;
  char       *path;
  char       *epoch;
  sqlite3    *db;
  GHashTable *statements;       /* SQL text (owned) -> sqlite3_stmt (finalized) */
  gboolean    in_transaction;
};

enum {
  PROP_0,
  PROP_DIR,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void initable_iface_init (GInitableIface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjServerStore, tj_server_store, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_INITABLE, initable_iface_init))

G_DEFINE_QUARK (tj-server-store-error-quark, tj_server_store_error)

gboolean
tj_server_store_set_error (TjServerStore *self, GError **error)
{
  TjServerStoreError code = TJ_SERVER_STORE_ERROR_SQLITE;

  switch (sqlite3_extended_errcode (self->db) & 0xff)
    {
    case SQLITE_CONSTRAINT:
      code = TJ_SERVER_STORE_ERROR_CONSTRAINT;
      break;
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      code = TJ_SERVER_STORE_ERROR_BUSY;
      break;
    case SQLITE_NOTADB:
      code = TJ_SERVER_STORE_ERROR_NOT_OURS;
      break;
    default:
      break;
    }
  g_set_error (error, TJ_SERVER_STORE_ERROR, code,
               /* Translators: file name, SQLite's message */
               _("Server store %s: %s"), self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

sqlite3_stmt *
tj_server_store_prepare (TjServerStore *self, const char *sql, GError **error)
{
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), NULL);

  stmt = g_hash_table_lookup (self->statements, sql);
  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  if (sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL) != SQLITE_OK)
    {
      tj_server_store_set_error (self, error);
      return NULL;
    }
  g_hash_table_insert (self->statements, g_strdup (sql), stmt);
  return stmt;
}

gboolean
tj_server_store_step_done (TjServerStore *self, sqlite3_stmt *stmt, GError **error)
{
  int rc;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_DONE && rc != SQLITE_ROW)
    {
      tj_server_store_set_error (self, error);
      sqlite3_reset (stmt);
      return FALSE;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
tj_server_store_exec (TjServerStore *self, const char *sql, GError **error)
{
  char *message = NULL;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);

  if (sqlite3_exec (self->db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_SQLITE,
                   _("Server store %s: %s"), self->path, message ? message : "?");
      sqlite3_free (message);
      return FALSE;
    }
  return TRUE;
}

/* The server runs every request on one thread, so transactions do not nest. */
gboolean
tj_server_store_begin (TjServerStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (!self->in_transaction, FALSE);

  if (!tj_server_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  self->in_transaction = TRUE;
  return TRUE;
}

gboolean
tj_server_store_commit (TjServerStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (self->in_transaction, FALSE);

  if (!tj_server_store_exec (self, "COMMIT", error))
    {
      tj_server_store_rollback (self);
      return FALSE;
    }
  self->in_transaction = FALSE;
  return TRUE;
}

void
tj_server_store_rollback (TjServerStore *self)
{
  g_return_if_fail (TJ_IS_SERVER_STORE (self));

  if (!self->in_transaction)
    return;
  /* A failed ROLLBACK means SQLite already rolled back on its own. */
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  self->in_transaction = FALSE;
}

static int
read_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt;
  int value = -1;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

int
tj_server_store_get_schema_version (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), -1);

  return read_int (self->db, "PRAGMA user_version");
}

/* Each migration and its version bump are one transaction: the file is always at one
 * whole version. */
static gboolean
migrate (TjServerStore *self, GError **error)
{
  guint n;
  const TjServerMigration *migrations = tj_server_schema_get_migrations (&n);
  int current = tj_server_store_get_schema_version (self);
  int latest = migrations[n - 1].version;

  if (current > latest)
    {
      g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_TOO_NEW,
                   /* Translators: file name, its schema version, the newest this program knows */
                   _("Server store %s was written by a newer tiaojie-server (schema %d; this "
                     "version reads up to %d)."), self->path, current, latest);
      return FALSE;
    }
  for (guint i = 0; i < n; i++)
    {
      g_autofree char *bump = NULL;

      if (migrations[i].version <= current)
        continue;
      if (!tj_server_store_begin (self, error))
        return FALSE;
      bump = g_strdup_printf ("PRAGMA user_version = %d", migrations[i].version);
      if (!tj_server_store_exec (self, migrations[i].sql, error) ||
          (migrations[i].after != NULL && !migrations[i].after (self->db, error)) ||
          !tj_server_store_exec (self, bump, error) ||
          !tj_server_store_commit (self, error))
        {
          tj_server_store_rollback (self);
          g_prefix_error (error, _("Upgrading the server store to schema %d: "),
                          migrations[i].version);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
load_epoch (TjServerStore *self, GError **error)
{
  sqlite3_stmt *stmt;
  TjUuid epoch;

  stmt = tj_server_store_prepare (self, "SELECT value FROM meta WHERE key = 'server_epoch'", error);
  if (stmt == NULL)
    return FALSE;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    self->epoch = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  if (self->epoch != NULL)
    return TRUE;

  tj_uuid_v7_now (&epoch);
  self->epoch = tj_uuid_dup_string (&epoch);
  stmt = tj_server_store_prepare (self, "INSERT INTO meta (key, value) VALUES ('server_epoch', ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, self->epoch, -1, SQLITE_STATIC);
  return tj_server_store_step_done (self, stmt, error);
}

static gboolean
tj_server_store_initable_init (GInitable *initable, GCancellable *cancellable, GError **error)
{
  TjServerStore *self = TJ_SERVER_STORE (initable);
  int app_id, version;

  if (g_mkdir_with_parents (self->dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_FILE_ERROR, g_file_error_from_errno (saved),
                   /* Translators: a folder, then the system's reason */
                   _("Cannot make the data folder %s: %s"), self->dir, g_strerror (saved));
      return FALSE;
    }
  self->path = g_build_filename (self->dir, "server.sqlite", NULL);
  if (sqlite3_open_v2 (self->path, &self->db,
                       SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                       NULL) != SQLITE_OK)
    return tj_server_store_set_error (self, error);
  sqlite3_extended_result_codes (self->db, 1);
  sqlite3_busy_timeout (self->db, 5000);

  app_id = read_int (self->db, "PRAGMA application_id");
  version = read_int (self->db, "PRAGMA user_version");
  if (app_id < 0 ||
      (app_id != TJ_SERVER_APPLICATION_ID &&
       (app_id != 0 || version != 0 ||
        read_int (self->db, "SELECT count(*) FROM sqlite_schema") != 0)))
    {
      g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_NOT_OURS,
                   _("%s is not a Tiaojie server store."), self->path);
      return FALSE;
    }
  /* WAL: readers do not wait for the writer; FULL: an answered write survives power loss. */
  if (!tj_server_store_exec (self,
                             "PRAGMA journal_mode = WAL;"
                             "PRAGMA synchronous = FULL;"
                             "PRAGMA foreign_keys = ON;"
                             "PRAGMA application_id = 1416262518;", error))
    return FALSE;
  return migrate (self, error) && load_epoch (self, error);
}

static void
initable_iface_init (GInitableIface *iface)
{
  iface->init = tj_server_store_initable_init;
}

static void
finalize_statement (gpointer data)
{
  sqlite3_finalize (data);
}

static void
tj_server_store_finalize (GObject *object)
{
  TjServerStore *self = (TjServerStore *) object;

  g_clear_pointer (&self->statements, g_hash_table_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->dir);
  g_free (self->path);
  g_free (self->epoch);

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
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_server_store_class_init (TjServerStoreClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = tj_server_store_finalize;
  object_class->get_property = tj_server_store_get_property;
  object_class->set_property = tj_server_store_set_property;

  properties[PROP_DIR] =
    g_param_spec_string ("dir", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_server_store_init (TjServerStore *self)
{
  self->statements = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_statement);
}

TjServerStore *
tj_server_store_open (const char *dir, GError **error)
{
  g_return_val_if_fail (dir != NULL, NULL);

  return g_initable_new (TJ_TYPE_SERVER_STORE, NULL, error, "dir", dir, NULL);
}

sqlite3 *
tj_server_store_get_db (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), NULL);

  return self->db;
}

const char *
tj_server_store_get_epoch (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), NULL);

  return self->epoch;
}
