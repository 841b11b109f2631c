/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-horizon.h"

#define HORIZON_KEY "remove_horizon"

gint64
tj_server_horizon_get (TjServerStore *store, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT value FROM meta WHERE key = ?",
                                                error);
  gint64 horizon = 0;
  TjServerStep step;

  if (stmt == NULL)
    return -1;
  tj_server_stmt_bind_text (stmt, 1, HORIZON_KEY);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    horizon = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  return step == TJ_SERVER_STEP_ERROR ? -1 : horizon;
}

/* The removes to drop, as one condition: a remove row of a record untouched since the
 * cut-off. */
#define OLD_REMOVES \
  "FROM change WHERE (op = 'remove' OR " \
  "record_id IN (SELECT id FROM record WHERE deleted <> 0)) " \
  "AND record_id IN (SELECT id FROM record WHERE updated_at < ?1)"

static gboolean
compact (TjServerStore *store, gint64 cutoff_ms, guint *dropped, GError **error)
{
  TjServerStmt *stmt;
  gint64 highest = 0, horizon;
  TjServerStep step;

  horizon = tj_server_horizon_get (store, error);
  if (horizon < 0)
    return FALSE;
  stmt = tj_server_store_prepare (store, "SELECT coalesce (max (seq), 0) " OLD_REMOVES, error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_int64 (stmt, 1, cutoff_ms);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    highest = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return FALSE;
  if (highest == 0)
    return TRUE;
  stmt = tj_server_store_prepare (store, "DELETE " OLD_REMOVES, error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_int64 (stmt, 1, cutoff_ms);
  if (!tj_server_store_step_done (store, stmt, error))
    return FALSE;
  if (dropped != NULL)
    *dropped = (guint) tj_server_store_changes (store);
  stmt = tj_server_store_prepare (store, "INSERT INTO meta (key, value) VALUES (?, ?) "
                                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                                  error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, HORIZON_KEY);
  tj_server_stmt_bind_int64 (stmt, 2, MAX (horizon, highest));
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
