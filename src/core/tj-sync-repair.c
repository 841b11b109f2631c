/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tj-sync-repair.h"
#include "tj-sync-apply.h"
#include "tj-sync-client-private.h"
#include "tj-sync-outbox.h"
#include "tj-sync-sum.h"

typedef struct {
  TjSyncClient *client;
  TjCaseStore  *cases;
  TjStore      *store;
  TjUuid        bucket;
  char          bucket_text[TJ_UUID_STRING_LEN + 1];
  char         *epoch;
  GCancellable *cancellable;
  gint64        fixed;
} Repair;

gboolean
_tj_sync_repair_matches (TjStore *store, const TjSyncPage *page, GHashTable *pending,
                         gboolean *matches, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean deferred;
  gint64 count;
  guint64 sum;

  *matches = TRUE;
  if (!page->up_to_date || g_hash_table_size (pending) > 0)
    return TRUE;
  stmt = tj_store_prepare (store, "SELECT 1 FROM sync_deferred LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  deferred = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (deferred)
    return TRUE;
  if (!tj_sync_sum_read (store, &count, &sum, error))
    return FALSE;
  *matches = count == page->checkpoint_count && sum == page->checkpoint_checksum;
  return TRUE;
}

/* The server's records of (after, through], page by page; NULL bounds are open. */
static GPtrArray *
fetch_range (Repair *r, const TjUuid *after, const TjUuid *through, GError **error)
{
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  char through_text[TJ_UUID_STRING_LEN + 1], after_text[TJ_UUID_STRING_LEN + 1];
  TjUuid from;
  gboolean has_from = after != NULL;

  if (after != NULL)
    from = *after;
  if (through != NULL)
    tj_uuid_to_string (through, through_text);
  for (;;)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(TjSyncPage) page = NULL;
      g_autofree char *path = NULL;
      guint status;

      if (has_from)
        tj_uuid_to_string (&from, after_text);
      path = g_strdup_printf ("/v1/pull/range?bucket=%s&epoch=%s&limit=%d%s%s%s%s",
                              r->bucket_text, r->epoch, TJ_SYNC_MAX_PAGE,
                              has_from ? "&after=" : "", has_from ? after_text : "",
                              through != NULL ? "&through=" : "",
                              through != NULL ? through_text : "");
      answer = _tj_sync_client_get (r->client, path, &status, r->cancellable, error);
      if (answer == NULL || (page = tj_sync_page_from_json (answer, error)) == NULL)
        return NULL;
      for (guint i = 0; i < page->ops->len; i++)
        {
          TjSyncPageOp *op = g_ptr_array_index (page->ops, i);

          /* Only what the range holds, and only puts: anything else is not the server's
           * answer to this question. */
          if (op->remove || (has_from && tj_uuid_compare (&op->id, &from) <= 0) ||
              (through != NULL && tj_uuid_compare (&op->id, through) > 0))
            continue;
          g_ptr_array_add (ops, g_ptr_array_steal_index (page->ops, i--));
        }
      if (page->up_to_date || ops->len == 0)
        return g_steal_pointer (&ops);
      /* A full page: the rest of the range after the highest id it held. */
      for (guint i = 0; i < ops->len; i++)
        {
          const TjSyncPageOp *op = g_ptr_array_index (ops, i);

          if (!has_from || tj_uuid_compare (&op->id, &from) > 0)
            from = op->id;
          has_from = TRUE;
        }
    }
}

/* Puts what the server has and the replica lacks or holds at another version, removes
 * what the replica holds in the range and the server does not: `held` are the replica's
 * records of the range. */
static gboolean
repair_range (Repair *r, const TjUuid *after, const TjUuid *through, const TjSyncHeld *held,
              guint n_held, GError **error)
{
  g_autoptr(GPtrArray) ops = fetch_range (r, after, through, error);
  g_autoptr(GHashTable) mine = g_hash_table_new (tj_uuid_hash, tj_uuid_hash_equal);
  g_autoptr(GHashTable) theirs = g_hash_table_new (tj_uuid_hash, tj_uuid_hash_equal);
  g_autoptr(GHashTable) pending = NULL;
  g_autoptr(GPtrArray) fix = NULL;
  g_auto(TjSyncCursor) cursor = { 0 };

  if (ops == NULL)
    return FALSE;
  for (guint i = 0; i < n_held; i++)
    g_hash_table_insert (mine, (gpointer) held[i].id.bytes, (gpointer) &held[i]);
  fix = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  for (guint i = 0; i < ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (ops, i);
      const TjSyncHeld *h = g_hash_table_lookup (mine, op->id.bytes);

      g_hash_table_add (theirs, op->id.bytes);
      if (h == NULL || h->version != op->version)
        g_ptr_array_add (fix, g_ptr_array_steal_index (ops, i--));
    }
  for (guint i = 0; i < n_held; i++)
    {
      TjSyncPageOp *op;

      if (g_hash_table_contains (theirs, held[i].id.bytes))
        continue;
      op = g_new0 (TjSyncPageOp, 1);
      op->remove = TRUE;
      op->id = held[i].id;
      op->type = g_strdup (held[i].type);
      op->version = held[i].version;
      g_ptr_array_add (fix, op);
    }
  if (fix->len == 0)
    return TRUE;
  /* Loaded again: the cursor goes back with the repair's page as it is now. */
  if (!tj_sync_cursor_load (r->store, &r->bucket, &cursor, error) ||
      (pending = tj_sync_outbox_pending (r->store, error)) == NULL)
    return FALSE;
  if (cursor.epoch == NULL || strcmp (cursor.epoch, r->epoch) != 0)
    return TRUE;
  if (!tj_sync_apply_page (r->cases, &cursor, fix, pending, error))
    return FALSE;
  r->fixed += fix->len;
  return TRUE;
}

/* The bucket's digest, answer after answer, into `chunks`. FALSE with no error when the
 * server's epoch is no longer the cursor's: the next pull starts over, which repairs it
 * all. */
static gboolean
fetch_digest (Repair *r, const TjSyncCursor *cursor, GArray *chunks, GError **error)
{
  guint limit = _tj_sync_client_get_digest_limit (r->client);
  g_autofree char *limit_arg = limit > 0 ? g_strdup_printf ("&limit=%u", limit) : NULL;
  /* About √n/2 records a chunk: a digest of 2√n chunks (about 80 bytes each) and, for one
   * differing record, a range of √n/2 records (about 500 bytes each) cost about the same;
   * a million records give 500 a chunk. */
  int chunk = (int) CLAMP (sqrt ((double) MAX (cursor->count, 0)) / 2, 16, 1000);

  for (gboolean complete = FALSE; !complete;)
    {
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(TjSyncDigest) digest = NULL;
      g_autofree char *path = NULL;
      const TjSyncDigestChunk *last =
        chunks->len > 0 ? &g_array_index (chunks, TjSyncDigestChunk, chunks->len - 1) : NULL;
      char after[TJ_UUID_STRING_LEN + 1];
      guint status;

      if (last != NULL)
        tj_uuid_to_string (&last->last, after);
      path = g_strdup_printf ("/v1/pull/digest?bucket=%s&epoch=%s&chunk=%d%s%s%s",
                              r->bucket_text, cursor->epoch, chunk, last ? "&after=" : "",
                              last ? after : "", limit_arg ? limit_arg : "");
      answer = _tj_sync_client_get (r->client, path, &status, r->cancellable, error);
      if (answer == NULL && status == 409)
        {
          g_clear_error (error);
          return FALSE;
        }
      if (answer == NULL || (digest = tj_sync_digest_from_json (answer, error)) == NULL)
        return FALSE;
      if (strcmp (digest->epoch, cursor->epoch) != 0)
        return FALSE;
      /* Each answer goes on after the last: its chunks must too. */
      if (digest->chunks->len > 0 && last != NULL &&
          tj_uuid_compare (&g_array_index (digest->chunks, TjSyncDigestChunk, 0).last,
                           &last->last) <= 0)
        {
          g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                       _("The server's digest went back to ids it had given."));
          return FALSE;
        }
      g_array_append_vals (chunks, digest->chunks->data, digest->chunks->len);
      complete = digest->complete || digest->chunks->len == 0;
    }
  return TRUE;
}

gboolean
_tj_sync_repair_run (TjSyncClient *client, TjCaseStore *cases, const TjUuid *bucket,
                     gint64 *fixed, GCancellable *cancellable, GError **error)
{
  Repair r = { client, cases, tj_case_store_get_store (cases), *bucket, { 0 }, NULL,
               cancellable, 0 };
  g_auto(TjSyncCursor) cursor = { 0 };
  g_autoptr(GArray) chunks = g_array_new (FALSE, FALSE, sizeof (TjSyncDigestChunk));
  g_autoptr(GArray) held = NULL;
  g_autoptr(GError) local = NULL;
  const TjUuid *low = NULL;
  gboolean ok = TRUE;
  guint j = 0;

  *fixed = 0;
  tj_uuid_to_string (bucket, r.bucket_text);
  if (!tj_sync_cursor_load (r.store, bucket, &cursor, error))
    return FALSE;
  if (cursor.epoch == NULL || *cursor.epoch == '\0')
    return TRUE;
  if (!fetch_digest (&r, &cursor, chunks, &local))
    {
      if (local == NULL)
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  r.epoch = cursor.epoch;
  held = tj_sync_sum_list (r.store, error);
  if (held == NULL)
    return FALSE;
  /* Each chunk covers the ids after the previous chunk's last up to its own; what the
   * replica holds after the last chunk is a range the server has nothing in. */
  for (guint i = 0; ok && i <= chunks->len; i++)
    {
      const TjSyncDigestChunk *chunk =
        i < chunks->len ? &g_array_index (chunks, TjSyncDigestChunk, i) : NULL;
      guint start = j;
      gint64 count = 0;
      guint64 sum = 0;

      for (; j < held->len; j++)
        {
          const TjSyncHeld *h = &g_array_index (held, TjSyncHeld, j);

          if (chunk != NULL && tj_uuid_compare (&h->id, &chunk->last) > 0)
            break;
          count++;
          sum += tj_sync_record_hash (&h->id, h->version);
        }
      if (chunk != NULL ? count != chunk->count || sum != chunk->checksum : count > 0)
        ok = repair_range (&r, low, chunk != NULL ? &chunk->last : NULL,
                           &g_array_index (held, TjSyncHeld, start), j - start, error);
      if (chunk != NULL)
        low = &chunk->last;
    }
  *fixed = r.fixed;
  return ok;
}
