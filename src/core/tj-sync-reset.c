/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-store-private.h"
#include "tj-sync-codec.h"
#include "tj-sync-reset.h"
#include "tj-sync-unconfirmed.h"

/* The kinds a pull brings into tables of their own or as documents. The roster (people)
 * and organisations are not among them: a replica needs its own user and organisation
 * whatever the server's copy says. */
static const char note_sql[] =
  "INSERT INTO sync_unseen (id, type) "
  "  SELECT id, 'case' FROM \"case\" "
  "  UNION ALL SELECT id, 'party' FROM party "
  "  UNION ALL SELECT id, 'claim' FROM claim "
  "  UNION ALL SELECT id, 'document' FROM document WHERE version > 0 "
  "  UNION ALL SELECT id, type FROM sync_record";

gboolean
_tj_sync_reset_running (TjStore *store)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT 1 FROM sync_unseen LIMIT 1", NULL);
  gboolean running;

  if (stmt == NULL)
    return FALSE;
  running = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return running;
}

gboolean
tj_sync_reset_begin (TjCaseStore *cases, const TjUuid *bucket, GError **error)
{
  TjStore *store;
  TjSyncCursor fresh = { *bucket, (char *) "", 0, 0, NULL };

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);

  store = tj_case_store_get_store (cases);
  if (!tj_store_begin (store, error))
    return FALSE;
  /* What waited from the old epoch (records parked for their case, or deferred behind our
   * edits) is the old server's; the snapshot brings the new one's. */
  if (!tj_store_exec (store, "DELETE FROM sync_unseen; DELETE FROM sync_parked; "
                             "DELETE FROM sync_deferred", error) ||
      !tj_store_exec (store, note_sql, error) ||
      !tj_sync_unconfirmed_clear (store, error) ||
      !tj_sync_apply_page (cases, &fresh, NULL, NULL, error))
    {
      tj_store_rollback (store);
      return FALSE;
    }
  return tj_store_commit (store, error);
}

gboolean
tj_sync_reset_finish (TjCaseStore *cases, const TjUuid *bucket, GHashTable *pending,
                      GError **error)
{
  TjStore *store;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  g_auto(TjSyncCursor) cursor = { 0 };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);

  store = tj_case_store_get_store (cases);
  if (!_tj_sync_reset_running (store))
    return TRUE;
  if (!tj_sync_cursor_load (store, bucket, &cursor, error))
    return FALSE;
  stmt = tj_store_prepare (store, "SELECT id, type FROM sync_unseen", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjSyncPageOp *op;

      if (sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      /* Ours to push: the server has it once the edit is answered. */
      if (pending != NULL && g_hash_table_contains (pending, sqlite3_column_blob (stmt, 0)))
        continue;
      op = g_new0 (TjSyncPageOp, 1);
      memcpy (op->id.bytes, sqlite3_column_blob (stmt, 0), 16);
      op->type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      op->remove = TRUE;
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);
  if (cursor.epoch == NULL)
    cursor.epoch = g_strdup ("");
  if (!tj_store_begin (store, error))
    return FALSE;
  if (!tj_sync_apply_page (cases, &cursor, ops, pending, error) ||
      !tj_store_exec (store, "DELETE FROM sync_unseen", error))
    {
      tj_store_rollback (store);
      return FALSE;
    }
  return tj_store_commit (store, error);
}
