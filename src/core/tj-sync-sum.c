/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-sync-sum.h"
#include "tj-sync-codec.h"

/* The tables whose rows with a server version the checkpoint counts, and the type of
 * their records (NULL: the row's own `type` column). The triggers of schema 9 were made
 * from this list: a table added to it later needs a new migration that adds its own. */
static const struct {
  const char *name;
  const char *table;
  const char *type;
} held_tables[] = {
  { "case", "\"case\"", "case" },
  { "party", "party", "party" },
  { "claim", "claim", "claim" },
  { "document", "document", "document" },
  { "person", "person", "person" },
  { "sync_record", "sync_record", NULL },
  { "sync_parked", "sync_parked", NULL },
};

/* tj_record_sum (checksum, id, version, sign): checksum ± tj_sync_record_hash (id, version),
 * wrapping mod 2^64 as the server's sum does (SQLite's own + would turn into a float on
 * overflow). A row without a server version adds nothing. */
static void
record_sum_sql (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  guint64 sum = (guint64) sqlite3_value_int64 (argv[0]);
  gint64 version = sqlite3_value_int64 (argv[2]);
  TjUuid id;

  if (version > 0 && sqlite3_value_bytes (argv[1]) == 16)
    {
      guint64 h;

      memcpy (id.bytes, sqlite3_value_blob (argv[1]), 16);
      h = tj_sync_record_hash (&id, version);
      sum = sqlite3_value_int64 (argv[3]) < 0 ? sum - h : sum + h;
    }
  sqlite3_result_int64 (ctx, (sqlite3_int64) sum);
}

gboolean
_tj_sync_sum_register (sqlite3 *db, GError **error)
{
  if (sqlite3_create_function (db, "tj_record_sum", 4,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, record_sum_sql, NULL, NULL) == SQLITE_OK)
    return TRUE;
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE,
               "tj_record_sum: %s", sqlite3_errmsg (db));
  return FALSE;
}

static char *
trigger_sql (const char *name, const char *table)
{
  return g_strdup_printf (
    "CREATE TRIGGER sync_sum_%1$s_insert AFTER INSERT ON %2$s WHEN new.version > 0 BEGIN"
    "  UPDATE sync_sum SET count = count + 1,"
    "    checksum = tj_record_sum (checksum, new.id, new.version, 1);"
    "END;"
    "CREATE TRIGGER sync_sum_%1$s_delete AFTER DELETE ON %2$s WHEN old.version > 0 BEGIN"
    "  UPDATE sync_sum SET count = count - 1,"
    "    checksum = tj_record_sum (checksum, old.id, old.version, -1);"
    "END;"
    "CREATE TRIGGER sync_sum_%1$s_update AFTER UPDATE OF id, version ON %2$s "
    "  WHEN old.version IS NOT new.version OR old.id IS NOT new.id BEGIN"
    "  UPDATE sync_sum SET count = count + (new.version > 0) - (old.version > 0),"
    "    checksum = tj_record_sum (tj_record_sum (checksum, old.id, old.version, -1),"
    "                              new.id, new.version, 1);"
    "END;", name, table);
}

static char *
held_sql (void)
{
  GString *sql = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (held_tables); i++)
    {
      if (i > 0)
        g_string_append (sql, " UNION ALL ");
      if (held_tables[i].type != NULL)
        g_string_append_printf (sql, "SELECT id, version, '%s' FROM %s WHERE version > 0",
                                held_tables[i].type, held_tables[i].table);
      else
        g_string_append_printf (sql, "SELECT id, version, type FROM %s WHERE version > 0",
                                held_tables[i].table);
    }
  g_string_append (sql, " ORDER BY 1");
  return g_string_free (sql, FALSE);
}

gboolean
_tj_sync_sum_install (TjStore *store, GError **error)
{
  g_autoptr(GArray) held = NULL;
  sqlite3_stmt *stmt;
  guint64 sum = 0;

  for (guint i = 0; i < G_N_ELEMENTS (held_tables); i++)
    {
      g_autofree char *sql = trigger_sql (held_tables[i].name, held_tables[i].table);

      if (!tj_store_exec (store, sql, error))
        return FALSE;
    }
  /* What the file held before the triggers: counted once here. */
  held = tj_sync_sum_list (store, error);
  if (held == NULL)
    return FALSE;
  for (guint i = 0; i < held->len; i++)
    {
      const TjSyncHeld *h = &g_array_index (held, TjSyncHeld, i);

      sum += tj_sync_record_hash (&h->id, h->version);
    }
  stmt = tj_store_prepare (store, "UPDATE sync_sum SET count = ?, checksum = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, held->len);
  sqlite3_bind_int64 (stmt, 2, (sqlite3_int64) sum);
  return tj_store_step_done (store, stmt, error);
}

gboolean
tj_sync_sum_read (TjStore *store, gint64 *count, guint64 *checksum, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT count, checksum FROM sync_sum", error);
  int rc;

  *count = 0;
  *checksum = 0;
  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      *count = sqlite3_column_int64 (stmt, 0);
      *checksum = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);
  return TRUE;
}

void
tj_sync_held_clear (TjSyncHeld *held)
{
  g_clear_pointer (&held->type, g_free);
}

GArray *
tj_sync_sum_list (TjStore *store, GError **error)
{
  g_autofree char *sql = held_sql ();
  g_autoptr(GArray) held = g_array_new (FALSE, TRUE, sizeof (TjSyncHeld));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (held, (GDestroyNotify) tj_sync_held_clear);
  stmt = tj_store_prepare (store, sql, error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjSyncHeld h = { 0 };

      if (sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      memcpy (h.id.bytes, sqlite3_column_blob (stmt, 0), 16);
      h.version = sqlite3_column_int64 (stmt, 1);
      h.type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      g_array_append_val (held, h);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&held);
}
