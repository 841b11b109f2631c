/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-sync.h"
#include "tj-server-horizon.h"
#include "tj-protocol.h"

/* GET /v1/pull (sync.md, Pull): one page of a bucket's changes after a cursor, read in
 * one transaction, each record's stored JSON spliced in as it is. A bucket is an
 * organisation; a client may pull its own organisation's or any below it. With `wait`,
 * an empty page is held (the message paused) until a push touches the bucket or the
 * time runs out, so an edit reaches online clients within milliseconds. */

/* Answers of at least this size are gzip'd when the client accepts it. */
#define GZIP_THRESHOLD 1024

typedef struct {
  TjServer          *server;
  SoupServerMessage *msg;       /* (owned) */
  TjRequest         *req;       /* lives on msg */
  TjUuid             bucket;
  gint64             after;
  gint64             limit;
  gint64             horizon;   /* read with the request (tj-server-horizon.h) */
  guint              timeout_id;
  GSource           *hangup;    /* (owned) (nullable): watches for the client leaving */
} Waiter;

static GBytes *
gzip_bytes (const char *text, gsize length)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GByteArray) out = g_byte_array_sized_new (length / 4 + 64);
  guint8 buf[16384];
  gsize offset = 0;

  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult res;

      res = g_converter_convert (G_CONVERTER (z), text + offset, length - offset, buf, sizeof buf,
                                 G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
      if (res == G_CONVERTER_ERROR)
        return NULL;
      offset += read;
      g_byte_array_append (out, buf, written);
      if (res == G_CONVERTER_FINISHED)
        break;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

void
tj_request_reply_text (TjRequest *req, guint status, char *text, gsize length)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (req->msg);
  g_autoptr(GBytes) packed = NULL;

  soup_server_message_set_status (req->msg, status, NULL);
  if (length >= GZIP_THRESHOLD &&
      soup_message_headers_header_contains (request, "Accept-Encoding", "gzip"))
    packed = gzip_bytes (text, length);
  if (packed == NULL)
    {
      soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE,
                                        text, length);
      return;
    }
  g_free (text);
  soup_message_headers_replace (response, "Content-Encoding", "gzip");
  soup_message_headers_append (response, "Vary", "Accept-Encoding");
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (packed, NULL), g_bytes_get_size (packed));
}

/* The page after `after`, in one read transaction. *n_ops says how many changes it holds;
 * `horizon` is the removes' horizon the request was checked against. */
static GString *
read_page (TjServerStore *store, const TjUuid *bucket, gint64 after, gint64 limit,
           gint64 horizon, guint *n_ops, GError **error)
{
  g_autoptr(GString) out = g_string_sized_new (4096);
  TjServerStmt *stmt;
  gint64 next = after, cp_seq, cp_count;
  guint64 cp_sum;
  TjServerStep step;

  *n_ops = 0;
  if (!tj_server_store_begin_read (store, error))
    return NULL;
  stmt = tj_server_store_prepare (store,
                                  /* A remove: the record was deleted, or it moved out
                                   * of this bucket (tj-server-move.c). */
                                  "SELECT c.seq, r.id, r.type, r.version, "
                                  "CASE WHEN r.deleted <> 0 OR c.op = 'remove' THEN 1 "
                                  "ELSE 0 END, r.doc "
                                  "FROM change c JOIN record r ON r.id = c.record_id "
                                  "WHERE c.bucket = ? AND c.seq > ? ORDER BY c.seq LIMIT ?",
                                  error);
  if (stmt == NULL)
    goto fail;
  tj_sync_page_begin (out, tj_server_store_get_epoch (store));
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 2, after);
  tj_server_stmt_bind_int64 (stmt, 3, limit);
  while ((step = tj_server_stmt_step (stmt, error)) == TJ_SERVER_STEP_ROW)
    {
      TjUuid id = { 0 };
      gsize id_length;
      const guint8 *id_bytes = tj_server_stmt_column_blob (stmt, 1, &id_length);

      if (id_length == 16)
        memcpy (id.bytes, id_bytes, 16);
      next = tj_server_stmt_column_int64 (stmt, 0);
      tj_sync_page_add_op (out, *n_ops == 0, next, tj_server_stmt_column_int64 (stmt, 4) != 0,
                           &id, tj_server_stmt_column_text (stmt, 2),
                           tj_server_stmt_column_int64 (stmt, 3),
                           tj_server_stmt_column_text (stmt, 5));
      (*n_ops)++;
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    goto fail;
  if (!tj_server_records_bucket_stat (store, bucket, &cp_seq, &cp_count, &cp_sum, error))
    goto fail;
  /* Up to date, a cursor below the retention horizon would be sent back to start over
   * (tj-server-horizon.h) though nothing was missed: it takes the horizon. */
  if (next >= cp_seq)
    next = MAX (next, horizon);
  tj_sync_page_end (out, next, next >= cp_seq, cp_seq, cp_count, cp_sum);
  if (!tj_server_store_end_read (store, error))
    goto fail;
  return g_steal_pointer (&out);

fail:
  tj_server_store_rollback (store);
  return NULL;
}

static void
reply_page (TjRequest *req, GString *page)
{
  gsize length = page->len;

  tj_request_reply_text (req, SOUP_STATUS_OK, g_string_free (page, FALSE), length);
}

static void
waiter_free (Waiter *w)
{
  g_clear_handle_id (&w->timeout_id, g_source_remove);
  if (w->hangup != NULL)
    {
      g_source_destroy (w->hangup);
      g_clear_pointer (&w->hangup, g_source_unref);
    }
  if (w->req != NULL)
    w->req->waiter = NULL;
  g_object_unref (w->msg);
  g_free (w);
}

/* Answer a held pull now (with whatever the page holds) and let libsoup send it. */
static void
finish_waiter (Waiter *w)
{
  g_autoptr(GError) error = NULL;
  GString *page;
  guint n;

  g_ptr_array_remove_fast (_tj_server_get_waiters (w->server), w);
  page = read_page (_tj_server_get_store (w->server), &w->bucket, w->after, w->limit,
                    w->horizon, &n, &error);
  if (page != NULL)
    reply_page (w->req, page);
  else
    tj_request_fail_error (w->req, error, NULL);
  soup_server_message_unpause (w->msg);
  waiter_free (w);
}

static gboolean
on_wait_expired_cb (gpointer data)
{
  Waiter *w = data;

  w->timeout_id = 0;
  finish_waiter (w);
  return G_SOURCE_REMOVE;
}

/* libsoup reads nothing from a paused message's connection, so it would not notice the
 * client leaving until the wait ran out. A readable socket while a pull is held means the
 * client hung up (or, unusually, pipelined another request): either way the pull is
 * answered now, and libsoup cleans up the connection. */
static gboolean
on_hangup_cb (GSocket *socket, GIOCondition condition, gpointer data)
{
  Waiter *w = data;

  g_clear_pointer (&w->hangup, g_source_unref);
  finish_waiter (w);
  return G_SOURCE_REMOVE;
}

static void
watch_hangup (Waiter *w)
{
  GSocket *socket = soup_server_message_get_socket (w->msg);

  if (socket == NULL)
    return;
  w->hangup = g_socket_create_source (socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (w->hangup, G_SOURCE_FUNC (on_hangup_cb), w, NULL);
  g_source_attach (w->hangup, NULL);
}

void
tj_server_sync_wake (TjServer *server, GHashTable *buckets)
{
  GPtrArray *waiters = _tj_server_get_waiters (server);
  g_autoptr(GPtrArray) ready = g_ptr_array_new ();

  if (buckets == NULL || g_hash_table_size (buckets) == 0)
    return;
  for (guint i = 0; i < waiters->len; i++)
    {
      Waiter *w = g_ptr_array_index (waiters, i);

      if (g_hash_table_contains (buckets, &w->bucket))
        g_ptr_array_add (ready, w);
    }
  for (guint i = 0; i < ready->len; i++)
    finish_waiter (g_ptr_array_index (ready, i));
}

void
tj_server_sync_forget (TjServer *server, TjRequest *req)
{
  Waiter *w = req->waiter;

  if (w == NULL)
    return;
  g_ptr_array_remove_fast (_tj_server_get_waiters (server), w);
  waiter_free (w);
}

void
tj_server_sync_shutdown (TjServer *server)
{
  GPtrArray *waiters = _tj_server_get_waiters (server);

  while (waiters->len > 0)
    {
      Waiter *w = g_ptr_array_steal_index_fast (waiters, waiters->len - 1);

      waiter_free (w);
    }
}

/* A query parameter as a whole number in [min, max]; fallback when absent. Apart from
 * the message so tests/fuzz can call it; the error is BAD_REQUEST. */
gboolean
_tj_server_query_int (GHashTable  *query,
                      const char  *name,
                      gint64       min,
                      gint64       max,
                      gint64       fallback,
                      gint64      *value,
                      GError     **error)
{
  const char *text = query ? g_hash_table_lookup (query, name) : NULL;
  guint64 v;

  *value = fallback;
  if (text == NULL)
    return TRUE;
  if (*text == '\0' || strlen (text) > 18 || strspn (text, "0123456789") != strlen (text) ||
      (v = g_ascii_strtoull (text, NULL, 10)) < (guint64) min || v > (guint64) max)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_BAD_REQUEST,
                   /* Translators: a query parameter, then its lowest and highest value */
                   _("“%s” must be a whole number from %lld to %lld."), name,
                   (long long) min, (long long) max);
      return FALSE;
    }
  *value = (gint64) v;
  return TRUE;
}

gboolean
tj_request_query_int (TjRequest *req, const char *name, gint64 min, gint64 max,
                      gint64 fallback, gint64 *value)
{
  g_autoptr(GError) error = NULL;

  if (_tj_server_query_int (req->query, name, min, max, fallback, value, &error))
    return TRUE;
  tj_request_fail (req, error->code, name, error->message);
  return FALSE;
}

void
tj_request_fail_reset (TjRequest *req, const char *epoch, const char *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, "reset_required");
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  json_builder_set_member_name (b, "epoch");
  json_builder_add_string_value (b, epoch);
  json_builder_end_object (b);
  tj_request_reply (req, SOUP_STATUS_CONFLICT, b);
}

/* The bucket must be an organisation in the caller's subtree; an unknown id answers the
 * same as a foreign one, so ids cannot be probed. */
gboolean
tj_server_check_bucket (TjServer *server, TjRequest *req, TjUuid *bucket)
{
  const char *text = req->query ? g_hash_table_lookup (req->query, "bucket") : NULL;
  g_autoptr(TjServerOrg) org = NULL;
  g_autoptr(GError) error = NULL;

  if (text == NULL || !tj_uuid_parse (text, bucket))
    {
      tj_request_fail (req, TJ_PROTOCOL_ERROR_BAD_REQUEST, "bucket",
                       _("“bucket” must be an organisation id (a UUID)."));
      return FALSE;
    }
  org = tj_directory_get_org (_tj_server_get_store (server), bucket, &error);
  if (org == NULL && !g_error_matches (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_NOT_FOUND))
    {
      tj_request_fail_error (req, error, NULL);
      return FALSE;
    }
  if (org == NULL || !tj_server_org_contains (req->org, org))
    {
      tj_request_fail (req, TJ_PROTOCOL_ERROR_FORBIDDEN, "bucket",
                       _("This bucket is outside your jurisdiction."));
      return FALSE;
    }
  return TRUE;
}

void
tj_server_handle_pull (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  const char *server_epoch = tj_server_store_get_epoch (store);
  const char *epoch = req->query ? g_hash_table_lookup (req->query, "epoch") : NULL;
  g_autoptr(GError) error = NULL;
  gint64 after, limit, wait, last, horizon;
  GString *page;
  TjUuid bucket;
  Waiter *w;
  guint n;

  if (!tj_server_check_bucket (server, req, &bucket) ||
      !tj_request_query_int (req, "after", 0, G_MAXINT64 / 2, 0, &after) ||
      !tj_request_query_int (req, "limit", 1, TJ_SYNC_MAX_PAGE, TJ_SYNC_DEFAULT_PAGE, &limit) ||
      !tj_request_query_int (req, "wait", 0, TJ_SYNC_MAX_WAIT, 0, &wait))
    return;
  /* The first pull of a replica names no epoch yet; it must start from 0. */
  if ((epoch != NULL && strcmp (epoch, server_epoch) != 0) || (epoch == NULL && after > 0))
    {
      tj_request_fail_reset (req, server_epoch, _("The server's data was restored or replaced; "
                                       "the replica must resynchronise."));
      return;
    }
  last = tj_server_records_last_seq (store, &error);
  horizon = last < 0 ? 0 : tj_server_horizon_get (store, &error);
  if (last < 0 || horizon < 0)
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  if (after > 0 && after < horizon)
    {
      /* Removes after this cursor may have left the log (tj-server-horizon.h). */
      tj_request_fail_reset (req, server_epoch, _("The replica has not synchronised for longer "
                                                  "than the server keeps deletions; it must "
                                                  "resynchronise."));
      return;
    }
  if (after > last)
    {
      /* A cursor this server never handed out: it was restored from an older copy. */
      tj_request_fail_reset (req, server_epoch, _("The replica has seen changes this server does not "
                                       "have; it must resynchronise."));
      return;
    }
  page = read_page (store, &bucket, after, limit, horizon, &n, &error);
  if (page == NULL)
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  if (n > 0 || wait == 0)
    {
      reply_page (req, page);
      return;
    }
  g_string_free (page, TRUE);

  w = g_new0 (Waiter, 1);
  w->server = server;
  w->msg = g_object_ref (req->msg);
  w->req = req;
  w->bucket = bucket;
  w->after = after;
  w->limit = limit;
  w->horizon = horizon;
  w->timeout_id = g_timeout_add ((guint) wait * 1000, on_wait_expired_cb, w);
  req->waiter = w;
  g_ptr_array_add (_tj_server_get_waiters (server), w);
  soup_server_message_pause (req->msg);
  watch_hangup (w);
}
