/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-desks.h"

/* One number a query gives (0 when no row), or -1 on failure. */
static gint64
lookup (TjServerStore *store, const char *sql, const TjUuid *org, const TjUuid *client,
        gint64 desk, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, sql, error);
  gint64 found = 0;
  TjServerStep step;

  if (stmt == NULL)
    return -1;
  tj_server_stmt_bind_blob (stmt, 1, org->bytes, 16);
  if (client != NULL)
    tj_server_stmt_bind_blob (stmt, 2, client->bytes, 16);
  else if (desk > 0)
    tj_server_stmt_bind_int64 (stmt, 2, desk);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    found = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  return step == TJ_SERVER_STEP_ERROR ? -1 : found;
}

static gboolean
assign (TjServerStore *store, const TjUuid *org, const TjUuid *client, gint64 wish,
        gint64 *desk, GError **error)
{
  TjServerStmt *stmt;
  gint64 taken;

  *desk = lookup (store, "SELECT desk FROM desk WHERE org_id = ? AND client_id = ?", org, client,
                  0, error);
  if (*desk != 0)
    return *desk > 0;
  taken = wish >= 1 ? lookup (store, "SELECT 1 FROM desk WHERE org_id = ? AND desk = ?", org,
                              NULL, wish, error)
                    : 1;
  if (taken < 0)
    return FALSE;
  if (taken == 0)
    *desk = wish;
  else
    {
      *desk = lookup (store, "SELECT coalesce (max (desk), 0) + 1 FROM desk WHERE org_id = ?",
                      org, NULL, 0, error);
      if (*desk < 0)
        return FALSE;
    }
  stmt = tj_server_store_prepare (store, "INSERT INTO desk (org_id, desk, client_id, assigned_at) "
                                         "VALUES (?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, org->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 2, *desk);
  tj_server_stmt_bind_blob (stmt, 3, client->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 4, g_get_real_time () / 1000);
  return tj_server_store_step_done (store, stmt, error);
}

gboolean
tj_server_desk_assign (TjServerStore *store, const TjUuid *org, const TjUuid *client,
                       gint64 wish, gint64 *desk, GError **error)
{
  /* Every sync asks; only a client new to the organisation needs the write lock. */
  *desk = lookup (store, "SELECT desk FROM desk WHERE org_id = ? AND client_id = ?", org, client,
                  0, error);
  if (*desk != 0)
    return *desk > 0;
  if (!tj_server_store_begin (store, error))
    return FALSE;
  if (!assign (store, org, client, wish, desk, error) || !tj_server_store_commit (store, error))
    {
      tj_server_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}
