/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-sync.h"
#include "tj-protocol.h"

/* The repair of a checksum mismatch (sync.md, Pull: "a mismatch triggers a repair of the
 * differing ids, not a full download"). GET /v1/pull/digest cuts a bucket's live records,
 * in id order, into chunks with their count and sum; the replica compares them with its
 * own and asks GET /v1/pull/range for the records of the chunks that differ: a page of
 * puts, as a pull's. Both read in one transaction; both check the bucket and the epoch as
 * a pull does. The live records of a bucket are its change rows that are puts of records
 * not deleted: what bucket_stat counts. */

#define DIGEST_DEFAULT_CHUNK 1000
/* Chunks an answer holds at most unless asked for fewer: with the client's chunks of
 * √n/2 records, a million records come in ten answers of 100,000 records' reading, so no
 * digest holds the server (which answers on one thread) for long. */
#define DIGEST_DEFAULT_LIMIT 200

/* The live records in (?2, ?3], columns seq, id, type, version and, for a range, the
 * document; a digest needs no document, which on PostgreSQL would cross the wire. */
#define LIVE_SQL(columns) \
  "SELECT c.seq, r.id, r.type, r.version" columns " FROM change c JOIN record r " \
  "ON r.id = c.record_id WHERE c.bucket = ?1 AND c.record_id > ?2 AND c.record_id <= ?3 " \
  "AND c.op = 'put' AND r.deleted = 0 ORDER BY c.record_id LIMIT ?4"

static gboolean
check_epoch (TjRequest *req, TjServerStore *store)
{
  const char *epoch = req->query ? g_hash_table_lookup (req->query, "epoch") : NULL;
  const char *server_epoch = tj_server_store_get_epoch (store);

  if (epoch != NULL && strcmp (epoch, server_epoch) == 0)
    return TRUE;
  tj_request_fail_reset (req, server_epoch, _("The server's data was restored or replaced; "
                                              "the replica must resynchronise."));
  return FALSE;
}

/* An id bound of a range: absent is the lowest (after) or highest (through) id. */
static gboolean
query_id (TjRequest *req, const char *name, guint8 fallback, TjUuid *id)
{
  const char *text = req->query ? g_hash_table_lookup (req->query, name) : NULL;
  g_autofree char *message = NULL;

  if (text == NULL)
    {
      memset (id->bytes, fallback, 16);
      return TRUE;
    }
  if (tj_uuid_parse (text, id))
    return TRUE;
  /* Translators: a query parameter's name */
  message = g_strdup_printf (_("“%s” must be a record id (a UUID)."), name);
  tj_request_fail (req, TJ_PROTOCOL_ERROR_BAD_REQUEST, name, message);
  return FALSE;
}

static TjServerStmt *
live_records (TjServerStore *store, const char *sql, const TjUuid *bucket,
              const TjUuid *after, const TjUuid *through, gint64 limit, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, sql, error);

  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  tj_server_stmt_bind_blob (stmt, 2, after->bytes, 16);
  tj_server_stmt_bind_blob (stmt, 3, through->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 4, limit);
  return stmt;
}

/* Up to `limit` chunks of `chunk` records each, of the live records after `after`. */
static GString *
read_digest (TjServerStore *store, const TjUuid *bucket, const TjUuid *after, gint64 chunk,
             gint64 limit, GError **error)
{
  g_autoptr(GString) out = g_string_sized_new (4096);
  TjUuid high, id = { { 0 } };
  gint64 seq, stat_count, count = 0, in_chunk = 0, rows = 0;
  guint64 stat_sum, sum = 0, chunk_sum = 0;
  gboolean first = TRUE, whole;
  TjServerStmt *stmt;
  TjServerStep step;

  memset (high.bytes, 0xff, 16);
  if (!tj_server_store_begin_read (store, error))
    return NULL;
  if (!tj_server_records_bucket_stat (store, bucket, &seq, &stat_count, &stat_sum, error) ||
      (stmt = live_records (store, LIVE_SQL (""), bucket, after, &high, chunk * limit,
                              error)) == NULL)
    goto fail;
  tj_sync_digest_begin (out, tj_server_store_get_epoch (store));
  while ((step = tj_server_stmt_step (stmt, error)) == TJ_SERVER_STEP_ROW)
    {
      gsize length;
      const guint8 *bytes = tj_server_stmt_column_blob (stmt, 1, &length);
      guint64 h;

      rows++;
      if (length != 16)
        continue;
      memcpy (id.bytes, bytes, 16);
      h = tj_sync_record_hash (&id, tj_server_stmt_column_int64 (stmt, 3));
      count++;
      sum += h;
      in_chunk++;
      chunk_sum += h;
      if (in_chunk == chunk)
        {
          tj_sync_digest_add_chunk (out, first, &id, in_chunk, chunk_sum);
          first = FALSE;
          in_chunk = 0;
          chunk_sum = 0;
        }
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    goto fail;
  if (in_chunk > 0)
    tj_sync_digest_add_chunk (out, first, &id, in_chunk, chunk_sum);
  /* Read whole in one answer: it can be held against the checkpoint. */
  whole = tj_uuid_is_nil (after) && rows < chunk * limit;
  if (whole && (count != stat_count || sum != stat_sum))
    {
      char text[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (bucket, text);
      g_warning ("Bucket %s: its checkpoint counts %" G_GINT64_FORMAT " records, its change "
                 "log %" G_GINT64_FORMAT, text, stat_count, count);
    }
  tj_sync_digest_end (out, seq, count, sum, rows < chunk * limit);
  if (!tj_server_store_end_read (store, error))
    goto fail;
  return g_steal_pointer (&out);

fail:
  tj_server_store_rollback (store);
  return NULL;
}

typedef struct {
  gint64  seq;
  TjUuid  id;
  char   *type;
  gint64  version;
  char   *doc;
} RangeRow;

static void
range_row_clear (RangeRow *row)
{
  g_free (row->type);
  g_free (row->doc);
}

static int
by_seq (gconstpointer a, gconstpointer b)
{
  gint64 x = ((const RangeRow *) a)->seq, y = ((const RangeRow *) b)->seq;

  return x < y ? -1 : x > y;
}

/* A page of the live records in (after, through], at most `limit`, in change order (as a
 * pull page's ops); `up_to_date` says the range is complete. */
static GString *
read_range (TjServerStore *store, const TjUuid *bucket, const TjUuid *after,
            const TjUuid *through, gint64 limit, GError **error)
{
  g_autoptr(GString) out = g_string_sized_new (16384);
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (RangeRow));
  gint64 seq, count;
  guint64 sum;
  TjServerStmt *stmt;
  TjServerStep step;

  g_array_set_clear_func (rows, (GDestroyNotify) range_row_clear);
  if (!tj_server_store_begin_read (store, error))
    return NULL;
  if (!tj_server_records_bucket_stat (store, bucket, &seq, &count, &sum, error) ||
      (stmt = live_records (store, LIVE_SQL (", r.doc"), bucket, after, through, limit,
                              error)) == NULL)
    goto fail;
  while ((step = tj_server_stmt_step (stmt, error)) == TJ_SERVER_STEP_ROW)
    {
      RangeRow row = { 0 };
      gsize length;
      const guint8 *bytes = tj_server_stmt_column_blob (stmt, 1, &length);

      if (length != 16)
        continue;
      row.seq = tj_server_stmt_column_int64 (stmt, 0);
      memcpy (row.id.bytes, bytes, 16);
      row.type = g_strdup (tj_server_stmt_column_text (stmt, 2));
      row.version = tj_server_stmt_column_int64 (stmt, 3);
      row.doc = g_strdup (tj_server_stmt_column_text (stmt, 4));
      g_array_append_val (rows, row);
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR || !tj_server_store_end_read (store, error))
    goto fail;
  g_array_sort (rows, by_seq);
  tj_sync_page_begin (out, tj_server_store_get_epoch (store));
  for (guint i = 0; i < rows->len; i++)
    {
      const RangeRow *row = &g_array_index (rows, RangeRow, i);

      tj_sync_page_add_op (out, i == 0, row->seq, FALSE, &row->id, row->type, row->version,
                           row->doc);
    }
  tj_sync_page_end (out, seq, (gint64) rows->len < limit, seq, count, sum);
  return g_steal_pointer (&out);

fail:
  tj_server_store_rollback (store);
  return NULL;
}

static void
reply (TjRequest *req, GString *text, GError *error)
{
  gsize length;

  if (text == NULL)
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  length = text->len;
  tj_request_reply_text (req, SOUP_STATUS_OK, g_string_free (text, FALSE), length);
}

void
tj_server_handle_pull_digest (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  gint64 chunk, limit;
  TjUuid bucket, after;

  if (!tj_server_check_bucket (server, req, &bucket) || !check_epoch (req, store) ||
      !tj_request_query_int (req, "chunk", 16, 100000, DIGEST_DEFAULT_CHUNK, &chunk) ||
      !tj_request_query_int (req, "limit", 1, 1000, DIGEST_DEFAULT_LIMIT, &limit) ||
      !query_id (req, "after", 0x00, &after))
    return;
  reply (req, read_digest (store, &bucket, &after, chunk, limit, &error), error);
}

void
tj_server_handle_pull_range (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  TjUuid bucket, after, through;
  gint64 limit;

  if (!tj_server_check_bucket (server, req, &bucket) || !check_epoch (req, store) ||
      !query_id (req, "after", 0x00, &after) || !query_id (req, "through", 0xff, &through) ||
      !tj_request_query_int (req, "limit", 1, TJ_SYNC_MAX_PAGE, TJ_SYNC_DEFAULT_PAGE, &limit))
    return;
  reply (req, read_range (store, &bucket, &after, &through, limit, &error), error);
}
