/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-horizon.h"

#define HORIZON_KEY "remove_horizon"

gint64
tj_server_horizon_get (TjServerStore *store, GError **error)
{
  sqlite3_stmt *stmt = tj_server_store_prepare (store, "SELECT value FROM meta WHERE key = ?",
                                                error);
  gint64 horizon = 0;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, HORIZON_KEY, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    horizon = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      tj_server_store_set_error (store, error);
      return -1;
    }
  return horizon;
}

/* The removes to drop, as one condition: a remove row of a record untouched since the
 * cut-off. */
#define OLD_REMOVES \
  "FROM change WHERE (op = 'remove' OR record_id IN (SELECT id FROM record WHERE deleted)) " \
  "AND record_id IN (SELECT id FROM record WHERE updated_at < ?1)"

static gboolean
compact (TjServerStore *store, gint64 cutoff_ms, guint *dropped, GError **error)
{
  sqlite3_stmt *stmt;
  gint64 highest = 0, horizon;

  horizon = tj_server_horizon_get (store, error);
  if (horizon < 0)
    return FALSE;
  stmt = tj_server_store_prepare (store, "SELECT coalesce (max (seq), 0) " OLD_REMOVES, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cutoff_ms);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    highest = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (highest == 0)
    return TRUE;
  stmt = tj_server_store_prepare (store, "DELETE " OLD_REMOVES, error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cutoff_ms);
  if (!tj_server_store_step_done (store, stmt, error))
    return FALSE;
  if (dropped != NULL)
    *dropped = sqlite3_changes (tj_server_store_get_db (store));
  stmt = tj_server_store_prepare (store, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, HORIZON_KEY, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, MAX (horizon, highest));
  return tj_server_store_step_done (store, stmt, error);
}

gboolean
tj_server_horizon_compact (TjServerStore *store, guint keep_days, gint64 now_ms,
                           guint *dropped, GError **error)
{
  if (dropped != NULL)
    *dropped = 0;
  if (!tj_server_store_begin (store, error))
    return FALSE;
  if (!compact (store, now_ms - (gint64) keep_days * 86400 * 1000, dropped, error) ||
      !tj_server_store_commit (store, error))
    {
      tj_server_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
