/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "sync-util.h"
#include "tj-protocol.h"

/* GET /v1/pull's epochs and long-polls, the transport of pushes (gzip, hostile bodies),
 * and bootstrapping a new server with --init-province. */

#define CLIENT_A "01900000-0000-7000-8000-00000000000a"

static char *
case_fields (const char *org, const char *number)
{
  return g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"%s\",\"received\":\"2025-01-24\","
                          "\"state\":\"received\",\"types\":\"wages\"}", org, number);
}

static void
test_epoch (void)
{
  SyncWorld *w = sync_world_new ();
  g_autofree char *path = sync_pull_path (w->centre, "01900000-0000-7000-8000-000000000099", 0,
                                          0);
  g_autofree char *ahead = sync_pull_path (w->centre, w->epoch, 1000, 0);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *epoch = NULL;
  guint status;

  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_true (tj_sync_is_reset_required (status, answer, &epoch));
  g_assert_cmpstr (epoch, ==, w->epoch);
  g_clear_pointer (&answer, json_node_unref);

  /* A cursor past anything this server handed out means it was restored from a copy. */
  answer = sync_send (w->server, "GET", ahead, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (test_error_code (answer), ==, "reset_required");
  sync_world_free (w);
}

/* Removes older than the kept period leave the change log: a cursor from before them is
 * answered reset_required, a snapshot from 0 holds only the living, and a cursor past the
 * horizon pulls as before. */
static void
test_horizon (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new (), drop = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL;
  g_autoptr(TjSyncPage) before = NULL, snapshot = NULL, after = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *gone = sync_new_id (), *kept = sync_new_id ();
  g_autofree char *f1 = case_fields (w->centre, "南岭调〔2025〕31号");
  g_autofree char *f2 = case_fields (w->centre, "南岭调〔2025〕32号");
  g_autofree char *path = NULL, *dir = g_strdup (w->server->dir);
  const char * const keep_none[] = { "--keep-removes", "0", NULL };
  guint status;

  sync_add (create, 1, gone, "case", TJ_OP_CREATE, 0, f1);
  sync_add (create, 2, kept, "case", TJ_OP_CREATE, 0, f2);
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  before = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpuint (before->ops->len, ==, 2);
  sync_add (drop, 3, gone, "case", TJ_OP_DELETE, 1, "{}");
  b = sync_push_ok (w, w->head, CLIENT_A, drop);
  g_assert_cmpint (((TjSyncResult *) b->results->pdata[0])->status, ==, TJ_SYNC_APPLIED);

  /* A restart that keeps no removes: the delete leaves the log. */
  g_usleep (5000);
  test_server_stop_keep (w->server);
  g_free (w->server->dir);
  g_free (w->server);
  w->server = test_server_start_full (dir, FALSE, keep_none);

  path = sync_pull_path (w->centre, w->epoch, before->next, 0);
  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (test_error_code (answer), ==, "reset_required");

  snapshot = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpuint (snapshot->ops->len, ==, 1);
  g_assert_nonnull (sync_page_find (snapshot, kept));
  g_assert_null (sync_page_find (snapshot, gone));
  g_assert_cmpint (snapshot->checkpoint_count, ==, 1);
  after = sync_pull_ok (w, w->head, w->centre, snapshot->next);
  g_assert_cmpuint (after->ops->len, ==, 0);
  sync_world_free (w);
}

/* The repair's two questions (tj-server-digest.c): the digest of a bucket adds up to the
 * pull's checkpoint and cuts its live records (not the deleted) into chunks of the size
 * asked; a range gives exactly the records of its chunk, page by page; both refuse another
 * centre's bucket, an old epoch and a malformed id. */
static void
test_digest_and_range (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new (), drop = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL;
  g_autoptr(TjSyncPage) all = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(TjSyncDigest) digest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *gone = sync_new_id ();
  g_autofree char *path = NULL;
  char last[TJ_UUID_STRING_LEN + 1];
  guint status, pages = 0;
  gint64 total = 0;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *id = i == 0 ? g_strdup (gone) : sync_new_id ();
      g_autofree char *number = g_strdup_printf ("南岭调〔2025〕%d号", 100 + i);
      g_autofree char *fields = case_fields (w->centre, number);

      sync_add (create, i + 1, id, "case", TJ_OP_CREATE, 0, fields);
    }
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  sync_add (drop, 41, gone, "case", TJ_OP_DELETE, 1, "{}");
  b = sync_push_ok (w, w->head, CLIENT_A, drop);
  all = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpint (all->checkpoint_count, >=, 39);

  path = g_strdup_printf ("/v1/pull/digest?bucket=%s&epoch=%s&chunk=16", w->centre, w->epoch);
  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  digest = tj_sync_digest_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_true (digest->complete);
  g_assert_cmpint (digest->count, ==, all->checkpoint_count);
  g_assert_cmphex (digest->checksum, ==, all->checkpoint_checksum);
  g_assert_cmpint (digest->seq, ==, all->checkpoint_seq);
  g_assert_cmpuint (digest->chunks->len, ==, (guint) (digest->count + 15) / 16);
  g_assert_cmpuint (digest->chunks->len, >=, 3);
  for (guint i = 0; i + 1 < digest->chunks->len; i++)
    g_assert_cmpint (g_array_index (digest->chunks, TjSyncDigestChunk, i).count, ==, 16);

  /* The same digest an answer of one chunk at a time: the same chunks, the last answer
   * complete. */
  {
    guint n = 0;
    gboolean complete = FALSE;

    while (!complete)
      {
        g_autoptr(JsonNode) part_node = NULL;
        g_autoptr(TjSyncDigest) part = NULL;
        g_autofree char *part_path = NULL;

        if (n > 0)
          tj_uuid_to_string (&g_array_index (digest->chunks, TjSyncDigestChunk, n - 1).last,
                             last);
        part_path = g_strdup_printf ("/v1/pull/digest?bucket=%s&epoch=%s&chunk=16&limit=1%s%s",
                                     w->centre, w->epoch, n > 0 ? "&after=" : "",
                                     n > 0 ? last : "");
        part_node = sync_send (w->server, "GET", part_path, w->head, NULL, NULL, &status);
        g_assert_cmpuint (status, ==, 200);
        part = tj_sync_digest_from_json (part_node, &error);
        g_assert_no_error (error);
        complete = part->complete;
        if (part->chunks->len == 0)
          {
            g_assert_true (complete);
            break;
          }
        g_assert_cmpuint (part->chunks->len, ==, 1);
        g_assert_cmpuint (n, <, digest->chunks->len);
        g_assert_true (memcmp (part->chunks->data, &g_array_index (digest->chunks,
                                                                    TjSyncDigestChunk, n),
                               sizeof (TjSyncDigestChunk)) == 0);
        n++;
      }
    g_assert_cmpuint (n, ==, digest->chunks->len);
  }

  /* Each chunk's range, three records a page: its records, all live, once each. */
  for (guint i = 0; i < digest->chunks->len; i++)
    {
      const TjSyncDigestChunk *chunk = &g_array_index (digest->chunks, TjSyncDigestChunk, i);
      char through[TJ_UUID_STRING_LEN + 1];
      TjUuid from = { { 0 } };
      gboolean has_from = i > 0;
      gint64 count = 0;
      guint64 sum = 0;

      if (i > 0)
        from = g_array_index (digest->chunks, TjSyncDigestChunk, i - 1).last;
      tj_uuid_to_string (&chunk->last, through);
      for (;;)
        {
          g_autoptr(JsonNode) page_node = NULL;
          g_autoptr(TjSyncPage) page = NULL;
          g_autofree char *range = NULL;

          if (has_from)
            tj_uuid_to_string (&from, last);
          range = g_strdup_printf ("/v1/pull/range?bucket=%s&epoch=%s&limit=3%s%s&through=%s",
                                   w->centre, w->epoch, has_from ? "&after=" : "",
                                   has_from ? last : "", through);
          page_node = sync_send (w->server, "GET", range, w->head, NULL, NULL, &status);
          g_assert_cmpuint (status, ==, 200);
          page = tj_sync_page_from_json (page_node, &error);
          g_assert_no_error (error);
          pages++;
          g_assert_cmpuint (page->ops->len, <=, 3);
          for (guint k = 0; k < page->ops->len; k++)
            {
              const TjSyncPageOp *op = g_ptr_array_index (page->ops, k);
              char text[TJ_UUID_STRING_LEN + 1];

              tj_uuid_to_string (&op->id, text);
              g_assert_false (op->remove);
              g_assert_nonnull (op->doc);
              g_assert_cmpstr (text, !=, gone);
              g_assert_true (tj_uuid_compare (&op->id, &chunk->last) <= 0);
              g_assert_true (!has_from || tj_uuid_compare (&op->id, &from) > 0);
              g_assert_true (g_hash_table_add (seen, g_strdup (text)));
              count++;
              sum += tj_sync_record_hash (&op->id, op->version);
            }
          if (page->up_to_date)
            break;
          for (guint k = 0; k < page->ops->len; k++)
            {
              const TjSyncPageOp *op = g_ptr_array_index (page->ops, k);

              if (!has_from || tj_uuid_compare (&op->id, &from) > 0)
                from = op->id;
              has_from = TRUE;
            }
        }
      g_assert_cmpint (count, ==, chunk->count);
      g_assert_cmphex (sum, ==, chunk->checksum);
      total += count;
    }
  g_assert_cmpint (total, ==, digest->count);
  g_assert_cmpuint (pages, >, digest->chunks->len);

  /* Another centre's bucket, an old epoch, an id that is none. */
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&answer, json_node_unref);
  path = g_strdup_printf ("/v1/pull/digest?bucket=%s&epoch=%s", w->centre, w->epoch);
  answer = sync_send (w->server, "GET", path, w->other_head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&answer, json_node_unref);
  path = g_strdup_printf ("/v1/pull/range?bucket=%s&epoch=%s", w->centre, w->epoch);
  answer = sync_send (w->server, "GET", path, w->other_head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&answer, json_node_unref);
  path = g_strdup_printf ("/v1/pull/digest?bucket=%s&epoch=%s", w->centre,
                          "01900000-0000-7000-8000-000000000099");
  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (test_error_code (answer), ==, "reset_required");
  g_clear_pointer (&path, g_free);
  g_clear_pointer (&answer, json_node_unref);
  path = g_strdup_printf ("/v1/pull/range?bucket=%s&epoch=%s&after=nothing", w->centre,
                          w->epoch);
  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_error_code (answer), ==, "bad_request");
  sync_world_free (w);
}

static void
on_pulled_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GBytes **out = user_data;
  g_autoptr(GError) error = NULL;

  *out = soup_session_send_and_read_finish (SOUP_SESSION (source), result, &error);
  g_assert_no_error (error);
}

static gboolean
push_later_cb (gpointer user_data)
{
  gboolean *due = user_data;

  *due = TRUE;
  return G_SOURCE_REMOVE;
}

/* A held pull answers as soon as another client's push commits, well before its wait. */
static void
test_long_poll (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(TjSyncPage) first = sync_pull_ok (w, w->mediator, w->centre, 0);
  g_autofree char *path = sync_pull_path (w->centre, w->epoch, first->next, 10);
  g_autofree char *url = g_strconcat (w->server->url, path, NULL);
  g_autofree char *bearer = g_strconcat ("Bearer ", w->mediator, NULL);
  g_autofree char *case_id = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕9号");
  g_autoptr(SoupSession) session = soup_session_new ();
  g_autoptr(SoupMessage) msg = soup_message_new ("GET", url);
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL;
  g_autoptr(TjSyncPage) page = NULL;
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GError) error = NULL;
  GBytes *answer = NULL;
  gboolean due = FALSE;
  gint64 pushed, answered;

  soup_message_headers_replace (soup_message_get_request_headers (msg), "X-Tiaojie-Protocol", "1");
  soup_message_headers_replace (soup_message_get_request_headers (msg), "Authorization", bearer);
  soup_session_send_and_read_async (session, msg, G_PRIORITY_DEFAULT, NULL, on_pulled_cb, &answer);

  /* Give the pull time to reach the server and be held. */
  g_timeout_add (300, push_later_cb, &due);
  while (!due)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (answer);

  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  pushed = g_get_monotonic_time ();
  a = sync_push_ok (w, w->head, CLIENT_A, ms);
  while (answer == NULL)
    g_main_context_iteration (NULL, TRUE);
  answered = g_get_monotonic_time ();
  g_test_message ("pull answered %.1f ms after the push began", (answered - pushed) / 1000.0);
  g_assert_cmpint (answered - pushed, <, 5 * G_USEC_PER_SEC);
  g_assert_cmpuint (soup_message_get_status (msg), ==, 200);
  root = tj_protocol_parse_json (g_bytes_get_data (answer, NULL), g_bytes_get_size (answer),
                                 &error);
  g_assert_no_error (error);
  page = tj_sync_page_from_json (root, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->ops->len, ==, 1);
  g_assert_nonnull (sync_page_find (page, case_id));
  g_bytes_unref (answer);

  /* A held pull whose client goes away does not disturb the server. */
  {
    g_autoptr(GCancellable) cancel = g_cancellable_new ();
    g_autofree char *again = sync_pull_path (w->centre, w->epoch, page->next, 1);
    g_autofree char *again_url = g_strconcat (w->server->url, again, NULL);
    g_autoptr(SoupMessage) gone = soup_message_new ("GET", again_url);
    g_autoptr(TjSyncPage) later = NULL;

    soup_message_headers_replace (soup_message_get_request_headers (gone), "X-Tiaojie-Protocol",
                                  "1");
    soup_message_headers_replace (soup_message_get_request_headers (gone), "Authorization",
                                  bearer);
    soup_session_send_async (session, gone, G_PRIORITY_DEFAULT, cancel, NULL, NULL);
    due = FALSE;
    g_timeout_add (200, push_later_cb, &due);
    while (!due)
      g_main_context_iteration (NULL, TRUE);
    g_cancellable_cancel (cancel);
    g_clear_object (&session);
    /* Past the held pull's wait: its timer finds the client gone. */
    due = FALSE;
    g_timeout_add (1500, push_later_cb, &due);
    while (!due)
      g_main_context_iteration (NULL, TRUE);
    later = sync_pull_ok (w, w->head, w->centre, 0);
    g_assert_cmpuint (later->ops->len, ==, 1);
  }
  sync_world_free (w);
}

/* A wait that expires answers an empty, up-to-date page. */
static void
test_wait_expires (void)
{
  SyncWorld *w = sync_world_new ();
  g_autofree char *path = sync_pull_path (w->centre, w->epoch, 0, 1);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(TjSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  gint64 start = g_get_monotonic_time ();
  guint status;

  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (g_get_monotonic_time () - start, >=, G_USEC_PER_SEC * 9 / 10);
  page = tj_sync_page_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (page->ops->len, ==, 0);
  g_assert_true (page->up_to_date);
  sync_world_free (w);
}

/* A gzip'd push is inflated; a bomb or broken stream gets a clean error. */
static void
test_gzip (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autofree char *case_id = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕7号");
  g_autoptr(GBytes) packed = NULL, bomb = NULL, broken = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(TjSyncPage) page = NULL;
  g_autofree char *text = NULL, *zeros = NULL;
  TjUuid client;
  gsize length;
  guint status;

  tj_uuid_parse (CLIENT_A, &client);
  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  for (guint i = 2; i <= 6; i++)
    {
      g_autofree char *id = sync_new_id ();
      g_autofree char *number = g_strdup_printf ("南岭调〔2025〕%u号", 100 + i);
      g_autofree char *fields = case_fields (w->centre, number);

      sync_add (ms, i, id, "case", TJ_OP_CREATE, 0, fields);
    }
  text = tj_sync_push_request_to_json (&client, ms, &length);
  packed = sync_gzip (text, length);
  answer = sync_send (w->server, "POST", "/v1/push", w->head, packed, "gzip", &status);
  g_assert_cmpuint (status, ==, 200);
  g_clear_pointer (&answer, json_node_unref);
  page = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_nonnull (sync_page_find (page, case_id));
  g_assert_cmpuint (page->ops->len, ==, 6);

  /* The page (over 1 KiB) comes back gzip'd to a client that accepts it. */
  {
    g_autofree char *path = sync_pull_path (w->centre, w->epoch, 0, 0);
    g_autofree char *request =
      g_strdup_printf ("GET %s HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                       "Authorization: Bearer %s\r\nAccept-Encoding: gzip\r\n"
                       "Connection: close\r\n\r\n", path, w->head);
    g_autofree char *raw = test_server_raw (w->server, request, strlen (request), FALSE);

    g_assert_true (g_str_has_prefix (raw, "HTTP/1.1 200"));
    g_assert_nonnull (strstr (raw, "Content-Encoding: gzip"));
  }

  /* 4 MiB of spaces squeeze into a few KiB; inflated they pass the 1 MiB limit. */
  zeros = g_malloc (4 * 1024 * 1024);
  memset (zeros, ' ', 4 * 1024 * 1024);
  bomb = sync_gzip (zeros, 4 * 1024 * 1024);
  g_assert_cmpuint (g_bytes_get_size (bomb), <, 64 * 1024);
  answer = sync_send (w->server, "POST", "/v1/push", w->head, bomb, "gzip", &status);
  g_assert_cmpuint (status, ==, 413);
  g_assert_cmpstr (test_error_code (answer), ==, "payload_too_large");
  g_clear_pointer (&answer, json_node_unref);

  broken = g_bytes_new_from_bytes (packed, 0, g_bytes_get_size (packed) / 2);
  answer = sync_send (w->server, "POST", "/v1/push", w->head, broken, "gzip", &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_error_code (answer), ==, "invalid_json");
  g_clear_pointer (&answer, json_node_unref);

  answer = sync_send (w->server, "POST", "/v1/push", w->head, packed, "br", &status);
  g_assert_cmpuint (status, ==, 415);
  sync_world_free (w);
}

static guint
push_text (SyncWorld *w, const char *body, char **field)
{
  g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  answer = sync_send (w->server, "POST", "/v1/push", w->head, bytes, NULL, &status);
  if (field != NULL)
    *field = g_strdup (test_member_string (answer, "field"));
  if (status >= 400)
    g_assert_nonnull (test_error_code (answer));
  return status;
}

/* Malformed, truncated, oversized and hostile pushes: a 4xx naming what is wrong, nothing
 * written, and the server goes on answering. */
static void
test_hostile (void)
{
  SyncWorld *w = sync_world_new ();
  static const struct {
    const char *body;
    const char *field;
  } cases[] = {
    { "not json", NULL },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,", NULL },
    { "[]", NULL },
    { "{\"mutations\":[]}", "client_id" },
    { "{\"client_id\":\"nope\",\"mutations\":[]}", "client_id" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":{}}", "mutations" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[7]}", "mutations[0]" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":0}]}", "mutations[0].id" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1.5}]}", "mutations[0].id" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\"x\"}]}",
      "mutations[0].record" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\"" CLIENT_A "\","
      "\"type\":\"Case; DROP TABLE\",\"op\":\"create\",\"fields\":{}}]}", "mutations[0].type" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\"" CLIENT_A "\","
      "\"type\":\"case\",\"op\":\"upsert\",\"fields\":{}}]}", "mutations[0].op" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\"" CLIENT_A "\","
      "\"type\":\"case\",\"op\":\"patch\",\"fields\":{\"facts\":\"x\"}}]}",
      "mutations[0].fields.facts" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\"" CLIENT_A "\","
      "\"type\":\"case\",\"op\":\"patch\",\"fields\":{\"facts\":{\"value\":1,\"base\":-1,"
      "\"hlc\":0}}}]}", "mutations[0].fields.facts.base" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\"" CLIENT_A "\","
      "\"type\":\"case\",\"op\":\"patch\",\"fields\":{\"facts\":{\"base\":0,\"hlc\":0}}}]}",
      "mutations[0].fields.facts.value" },
    { "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":2,\"record\":\"" CLIENT_A "\","
      "\"type\":\"case\",\"op\":\"delete\"},{\"id\":2,\"record\":\"" CLIENT_A "\","
      "\"type\":\"case\",\"op\":\"delete\"}]}", "mutations[1].id" },
  };
  g_autoptr(GString) many = g_string_new ("{\"client_id\":\"" CLIENT_A "\",\"mutations\":[");
  g_autoptr(GString) deep = g_string_new (NULL);
  g_autoptr(TjSyncPage) page = NULL;
  g_autofree char *raw = NULL, *request = NULL;
  g_autoptr(JsonNode) body = NULL;
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *field = NULL;

      g_test_message ("body %u: %s", i, cases[i].body);
      g_assert_cmpuint (push_text (w, cases[i].body, &field), ==, 400);
      g_assert_cmpstr (field, ==, cases[i].field);
    }

  for (guint i = 1; i <= TJ_SYNC_MAX_MUTATIONS + 1; i++)
    g_string_append_printf (many, "%s{\"id\":%u,\"record\":\"" CLIENT_A "\",\"type\":\"case\","
                            "\"op\":\"delete\"}", i > 1 ? "," : "", i);
  g_string_append (many, "]}");
  g_assert_cmpuint (push_text (w, many->str, NULL), ==, 400);

  /* Nested past the parser's limit inside a value. */
  g_string_append (deep, "{\"client_id\":\"" CLIENT_A "\",\"mutations\":[{\"id\":1,\"record\":\""
                   CLIENT_A "\",\"type\":\"case\",\"op\":\"patch\",\"fields\":{\"facts\":"
                   "{\"base\":0,\"hlc\":0,\"value\":");
  for (guint i = 0; i < 5000; i++)
    g_string_append_c (deep, '[');
  g_assert_cmpuint (push_text (w, deep->str, NULL), ==, 400);

  /* More than 1 MiB announced: refused before it is read. */
  request = g_strdup_printf ("POST /v1/push HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                             "Authorization: Bearer %s\r\nContent-Type: application/json\r\n"
                             "Content-Length: %u\r\n\r\n{", w->head, 2 * 1024 * 1024);
  raw = test_server_raw (w->server, request, strlen (request), FALSE);
  body = test_parse_raw (raw, &status);
  g_assert_cmpuint (status, ==, 413);
  g_assert_cmpstr (test_error_code (body), ==, "payload_too_large");

  /* Nothing was written, and the server still answers. */
  page = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpuint (page->ops->len, ==, 0);
  sync_world_free (w);
}

static int
run_server (const char * const *args, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  /* args begin with --data DIR; on PostgreSQL the folder's database goes with it. */
  g_autofree char *conninfo = test_server_postgres_conninfo (args[1]);

  g_ptr_array_add (argv, (char *) g_getenv ("TJ_SERVER"));
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  if (conninfo != NULL)
    {
      g_ptr_array_add (argv, (char *) "--postgres");
      g_ptr_array_add (argv, conninfo);
    }
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_SILENCE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, NULL, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

static void
test_init_province (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-init-XXXXXX", &error);
  g_autofree char *data = g_build_filename (dir, "data", NULL);
  g_autofree char *password = g_build_filename (dir, "password", NULL);
  g_autofree char *err = NULL, *token = NULL, *province = NULL;
  const char *args[] = { "--data", data, "--init-province", "650000", "新疆维吾尔自治区劳动人事争议仲裁院",
                         "--admin", "root", "--password-file", password, NULL };
  TestServer *server;

  g_assert_no_error (error);
  g_file_set_contents (password, SYNC_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_server (args, &err), ==, 0);
  g_clear_pointer (&err, g_free);

  /* A second time: refused, nothing changed. */
  g_assert_cmpint (run_server (args, &err), !=, 0);
  g_assert_nonnull (strstr (err, "--init-province"));

  server = test_server_start_full (data, FALSE, NULL);
  token = test_server_login (server, "root", SYNC_PASSWORD);
  province = test_org_id (server, token, "650000");
  g_assert_nonnull (province);
  test_server_stop_keep (server);
  g_free (server->dir);
  g_free (server);
  test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/pull/epoch", test_epoch);
  g_test_add_func ("/pull/horizon", test_horizon);
  g_test_add_func ("/pull/digest-and-range", test_digest_and_range);
  g_test_add_func ("/pull/long-poll", test_long_poll);
  g_test_add_func ("/pull/wait-expires", test_wait_expires);
  g_test_add_func ("/pull/gzip-push", test_gzip);
  g_test_add_func ("/pull/hostile-push", test_hostile);
  g_test_add_func ("/pull/init-province", test_init_province);
  return g_test_run ();
}
