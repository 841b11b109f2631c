/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-store-private.h"

/* The statement layer: over SQLite each call is the sqlite3 call it wraps, so the
 * server's statements cost what they cost before it; over PostgreSQL, the same call of
 * tj-server-pg.c. Blobs and texts are bound without a copy (SQLITE_STATIC; the PostgreSQL
 * side keeps the text's pointer too), which is why they must outlive the step. */

#define ON_PG(stmt) G_UNLIKELY ((stmt)->pg != NULL)

void
tj_server_stmt_bind_blob (TjServerStmt *stmt, int index, const void *data, gsize length)
{
  g_return_if_fail (stmt != NULL);

  if (ON_PG (stmt))
    _tj_server_pg_stmt_bind_blob (stmt->pg, index, data, length);
  else
    sqlite3_bind_blob (stmt->sqlite, index, data, (int) length, SQLITE_STATIC);
}

void
tj_server_stmt_bind_text (TjServerStmt *stmt, int index, const char *text)
{
  g_return_if_fail (stmt != NULL);

  if (ON_PG (stmt))
    _tj_server_pg_stmt_bind_text (stmt->pg, index, text);
  else
    sqlite3_bind_text (stmt->sqlite, index, text, -1, SQLITE_STATIC);
}

void
tj_server_stmt_bind_int64 (TjServerStmt *stmt, int index, gint64 value)
{
  g_return_if_fail (stmt != NULL);

  if (ON_PG (stmt))
    _tj_server_pg_stmt_bind_int64 (stmt->pg, index, value);
  else
    sqlite3_bind_int64 (stmt->sqlite, index, value);
}

void
tj_server_stmt_bind_null (TjServerStmt *stmt, int index)
{
  g_return_if_fail (stmt != NULL);

  if (ON_PG (stmt))
    _tj_server_pg_stmt_bind_null (stmt->pg, index);
  else
    sqlite3_bind_null (stmt->sqlite, index);
}

TjServerStep
tj_server_stmt_step (TjServerStmt *stmt, GError **error)
{
  g_return_val_if_fail (stmt != NULL, TJ_SERVER_STEP_ERROR);

  if (ON_PG (stmt))
    return _tj_server_pg_stmt_step (stmt->pg, error);
  switch (sqlite3_step (stmt->sqlite))
    {
    case SQLITE_ROW:
      return TJ_SERVER_STEP_ROW;
    case SQLITE_DONE:
      return TJ_SERVER_STEP_DONE;
    default:
      _tj_server_store_set_sqlite_error (stmt->store, error);
      return TJ_SERVER_STEP_ERROR;
    }
}

const guint8 *
tj_server_stmt_column_blob (TjServerStmt *stmt, int column, gsize *length)
{
  const guint8 *data;

  g_return_val_if_fail (stmt != NULL, NULL);

  if (ON_PG (stmt))
    return _tj_server_pg_stmt_column_blob (stmt->pg, column, length);
  /* The blob first, then its size: sqlite3_column_bytes () after it converts nothing. */
  data = sqlite3_column_blob (stmt->sqlite, column);
  *length = data ? (gsize) sqlite3_column_bytes (stmt->sqlite, column) : 0;
  return data;
}

gint64
tj_server_stmt_column_int64 (TjServerStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, 0);

  if (ON_PG (stmt))
    return _tj_server_pg_stmt_column_int64 (stmt->pg, column);
  return sqlite3_column_int64 (stmt->sqlite, column);
}

const char *
tj_server_stmt_column_text (TjServerStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, NULL);

  if (ON_PG (stmt))
    return _tj_server_pg_stmt_column_text (stmt->pg, column);
  return (const char *) sqlite3_column_text (stmt->sqlite, column);
}

gboolean
tj_server_stmt_column_is_null (TjServerStmt *stmt, int column)
{
  g_return_val_if_fail (stmt != NULL, TRUE);

  if (ON_PG (stmt))
    return _tj_server_pg_stmt_column_is_null (stmt->pg, column);
  return sqlite3_column_type (stmt->sqlite, column) == SQLITE_NULL;
}

void
tj_server_stmt_reset (TjServerStmt *stmt)
{
  g_return_if_fail (stmt != NULL);

  if (ON_PG (stmt))
    _tj_server_pg_stmt_reset (stmt->pg);
  else
    sqlite3_reset (stmt->sqlite);
}

gboolean
tj_server_store_step_done (TjServerStore *self, TjServerStmt *stmt, GError **error)
{
  TjServerStep step;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), FALSE);
  g_return_val_if_fail (stmt != NULL, FALSE);

  /* A row is success too: an INSERT … RETURNING whose answer is not needed. */
  step = tj_server_stmt_step (stmt, error);
  tj_server_stmt_reset (stmt);
  return step != TJ_SERVER_STEP_ERROR;
}

gint64
tj_server_store_changes (TjServerStore *self)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (self), 0);

  if (_tj_server_store_get_pg (self) != NULL)
    return _tj_server_pg_changes (_tj_server_store_get_pg (self));
  return sqlite3_changes (tj_store_get_db (_tj_server_store_get_sqlite (self)));
}
