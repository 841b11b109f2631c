/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "sync-util.h"

/* HEAD/GET/PUT /v1/blobs/{sha256} against the real server: uploads are verified and
 * idempotent, ranges follow RFC 9110, a refused upload leaves nothing behind, and only
 * the uploader or someone whose jurisdiction holds an attachment naming the blob can
 * tell that it exists. */

#define CLIENT_A "01900000-0000-7000-8000-00000000000a"

typedef struct {
  guint    status;
  GBytes  *body;
  char    *content_range;
  char    *error;           /* the JSON error code, if the answer is one */
  gint64   content_length;
} Answer;

static void
answer_clear (Answer *a)
{
  g_clear_pointer (&a->body, g_bytes_unref);
  g_clear_pointer (&a->content_range, g_free);
  g_clear_pointer (&a->error, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Answer, answer_clear)

static void
blob_call (TestServer *server, const char *method, const char *sha, const char *token,
           GBytes *body, const char *range, Answer *a)
{
  g_autofree char *url = g_strconcat (server->url, "/v1/blobs/", sha, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  SoupMessageHeaders *response;
  const char *type;

  memset (a, 0, sizeof *a);
  soup_message_headers_replace (headers, "X-Tiaojie-Protocol", "1");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (range != NULL)
    soup_message_headers_replace (headers, "Range", range);
  if (body != NULL)
    {
      /* As the client does (tj_api_client_send_raw): a refusal comes before the body. */
      soup_message_set_request_body_from_bytes (msg, "application/octet-stream", body);
      soup_message_headers_set_expectations (headers, SOUP_EXPECTATION_CONTINUE);
      soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
    }
  a->body = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  a->status = soup_message_get_status (msg);
  response = soup_message_get_response_headers (msg);
  a->content_range = g_strdup (soup_message_headers_get_one (response, "Content-Range"));
  a->content_length = soup_message_headers_get_content_length (response);
  type = soup_message_headers_get_content_type (response, NULL);
  if (g_strcmp0 (type, "application/json") == 0 && g_bytes_get_size (a->body) > 0)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      gsize length;
      const char *data = g_bytes_get_data (a->body, &length);

      g_assert_true (json_parser_load_from_data (parser, data, length, NULL));
      a->error = g_strdup (test_error_code (json_parser_get_root (parser)));
    }
}

/* n bytes that differ from test to test but not from run to run. */
static GBytes *
make_bytes (gsize n, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint8 *data = g_malloc (n);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) g_rand_int (rand);
  return g_bytes_new_take (data, n);
}

static char *
sha_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

static char *
stored_path (TestServer *server, const char *sha)
{
  char prefix[3] = { sha[0], sha[1], '\0' };

  return g_build_filename (server->dir, "blobs", prefix, sha, NULL);
}

/* Files left in DATA/blobs/tmp (uploads in progress or abandoned). */
static guint
count_tmp (TestServer *server)
{
  g_autofree char *path = g_build_filename (server->dir, "blobs", "tmp", NULL);
  GDir *dir = g_dir_open (path, 0, NULL);
  guint n = 0;

  if (dir == NULL)
    return 0;
  while (g_dir_read_name (dir) != NULL)
    n++;
  g_dir_close (dir);
  return n;
}

static void
assert_same (GBytes *got, GBytes *want, gsize offset, gsize length)
{
  g_autoptr(GBytes) slice = g_bytes_new_from_bytes (want, offset, length);

  g_assert_cmpuint (g_bytes_get_size (got), ==, length);
  g_assert_true (g_bytes_equal (got, slice));
}

static void
test_put_head_get (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GBytes) bytes = make_bytes (300 * 1024 + 7, 1);
  g_autofree char *sha = sha_of (bytes), *path = stored_path (w->server, sha);
  g_auto(Answer) put = { 0 }, head = { 0 }, get = { 0 }, again = { 0 }, missing = { 0 };
  GStatBuf before, after;

  blob_call (w->server, "HEAD", sha, w->head, NULL, NULL, &missing);
  g_assert_cmpuint (missing.status, ==, 404);

  blob_call (w->server, "PUT", sha, w->head, bytes, NULL, &put);
  g_assert_cmpuint (put.status, ==, 201);
  g_assert_true (g_file_test (path, G_FILE_TEST_IS_REGULAR));
  g_assert_cmpuint (count_tmp (w->server), ==, 0);

  blob_call (w->server, "HEAD", sha, w->head, NULL, NULL, &head);
  g_assert_cmpuint (head.status, ==, 200);
  g_assert_cmpint (head.content_length, ==, (gint64) g_bytes_get_size (bytes));
  g_assert_cmpuint (g_bytes_get_size (head.body), ==, 0);

  blob_call (w->server, "GET", sha, w->head, NULL, NULL, &get);
  g_assert_cmpuint (get.status, ==, 200);
  assert_same (get.body, bytes, 0, g_bytes_get_size (bytes));

  /* The same bytes again: verified, answered 200, the stored file left alone. */
  g_assert_cmpint (g_stat (path, &before), ==, 0);
  blob_call (w->server, "PUT", sha, w->head, bytes, NULL, &again);
  g_assert_cmpuint (again.status, ==, 200);
  g_assert_cmpint (g_stat (path, &after), ==, 0);
  g_assert_cmpuint (before.st_ino, ==, after.st_ino);
  g_assert_cmpuint (count_tmp (w->server), ==, 0);
  sync_world_free (w);
}

static void
assert_range (TestServer *server, const char *token, const char *sha, GBytes *bytes,
              const char *range, gsize start, gsize end)
{
  g_auto(Answer) a = { 0 };
  g_autofree char *want = g_strdup_printf ("bytes %" G_GSIZE_FORMAT "-%" G_GSIZE_FORMAT
                                           "/%" G_GSIZE_FORMAT, start, end,
                                           g_bytes_get_size (bytes));

  blob_call (server, "GET", sha, token, NULL, range, &a);
  g_test_message ("%s -> %u %s", range, a.status, a.content_range);
  g_assert_cmpuint (a.status, ==, 206);
  g_assert_cmpstr (a.content_range, ==, want);
  assert_same (a.body, bytes, start, end - start + 1);
}

static void
test_range (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GBytes) bytes = make_bytes (200000, 2);
  g_autofree char *sha = sha_of (bytes);
  g_autofree char *past = NULL, *tail = NULL, *want = NULL;
  g_auto(Answer) put = { 0 }, unsat = { 0 }, zero = { 0 }, multi = { 0 };
  gsize n = g_bytes_get_size (bytes);

  blob_call (w->server, "PUT", sha, w->head, bytes, NULL, &put);
  g_assert_cmpuint (put.status, ==, 201);

  assert_range (w->server, w->head, sha, bytes, "bytes=0-99", 0, 99);
  assert_range (w->server, w->head, sha, bytes, "bytes=70000-130000", 70000, 130000);
  assert_range (w->server, w->head, sha, bytes, "bytes=150000-", 150000, n - 1);
  assert_range (w->server, w->head, sha, bytes, "bytes=-300", n - 300, n - 1);
  /* An end past the last byte is cut to it; a suffix longer than the blob is all of it. */
  assert_range (w->server, w->head, sha, bytes, "bytes=199990-500000", 199990, n - 1);
  assert_range (w->server, w->head, sha, bytes, "bytes=-900000", 0, n - 1);

  past = g_strdup_printf ("bytes=%" G_GSIZE_FORMAT "-", n);
  want = g_strdup_printf ("bytes */%" G_GSIZE_FORMAT, n);
  blob_call (w->server, "GET", sha, w->head, NULL, past, &unsat);
  g_assert_cmpuint (unsat.status, ==, 416);
  g_assert_cmpstr (unsat.error, ==, "range_not_satisfiable");
  g_assert_cmpstr (unsat.content_range, ==, want);
  blob_call (w->server, "GET", sha, w->head, NULL, "bytes=-0", &zero);
  g_assert_cmpuint (zero.status, ==, 416);

  /* Several ranges: the whole blob, as RFC 9110 allows. */
  blob_call (w->server, "GET", sha, w->head, NULL, "bytes=0-9,20-29", &multi);
  g_assert_cmpuint (multi.status, ==, 200);
  assert_same (multi.body, bytes, 0, n);
  sync_world_free (w);
}

static void
test_mismatch (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GBytes) bytes = make_bytes (100000, 3), other = make_bytes (100000, 4);
  g_autofree char *sha = sha_of (bytes), *path = stored_path (w->server, sha);
  g_auto(Answer) put = { 0 }, head = { 0 }, bad = { 0 }, upper = { 0 }, get = { 0 };
  g_autofree char *upper_sha = g_ascii_strup (sha, -1);

  blob_call (w->server, "PUT", sha, w->head, other, NULL, &put);
  g_assert_cmpuint (put.status, ==, 400);
  g_assert_cmpstr (put.error, ==, "hash_mismatch");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_tmp (w->server), ==, 0);
  blob_call (w->server, "HEAD", sha, w->head, NULL, NULL, &head);
  g_assert_cmpuint (head.status, ==, 404);

  /* Not a SHA-256: refused before the body is read, for every method. */
  blob_call (w->server, "PUT", "abc", w->head, bytes, NULL, &bad);
  g_assert_cmpuint (bad.status, ==, 400);
  g_assert_cmpstr (bad.error, ==, "invalid_field");
  blob_call (w->server, "PUT", upper_sha, w->head, bytes, NULL, &upper);
  g_assert_cmpuint (upper.status, ==, 400);
  blob_call (w->server, "GET", "../../server.sqlite", w->head, NULL, NULL, &get);
  g_assert_cmpuint (get.status, !=, 200);
  g_assert_cmpuint (count_tmp (w->server), ==, 0);
  sync_world_free (w);
}

static void
test_unauthenticated (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GBytes) bytes = make_bytes (5000, 5);
  g_autofree char *sha = sha_of (bytes), *path = stored_path (w->server, sha);
  g_auto(Answer) put = { 0 }, forged = { 0 }, head = { 0 }, get = { 0 }, ok = { 0 };

  blob_call (w->server, "PUT", sha, NULL, bytes, NULL, &put);
  g_assert_cmpuint (put.status, ==, 401);
  g_assert_cmpstr (put.error, ==, "unauthorized");
  blob_call (w->server, "PUT", sha, "not-a-token", bytes, NULL, &forged);
  g_assert_cmpuint (forged.status, ==, 401);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));

  blob_call (w->server, "PUT", sha, w->head, bytes, NULL, &ok);
  g_assert_cmpuint (ok.status, ==, 201);
  blob_call (w->server, "HEAD", sha, NULL, NULL, NULL, &head);
  g_assert_cmpuint (head.status, ==, 401);
  blob_call (w->server, "GET", sha, NULL, NULL, NULL, &get);
  g_assert_cmpuint (get.status, ==, 401);
  g_assert_cmpstr (get.error, ==, "unauthorized");
  sync_world_free (w);
}

static guint
status_of (SyncWorld *w, const char *method, const char *sha, const char *token)
{
  g_auto(Answer) a = { 0 };

  blob_call (w->server, method, sha, token, NULL, NULL, &a);
  return a.status;
}

/* Before a record names it, only its uploader sees a blob; after, the jurisdiction of the
 * case does, and nobody else. */
static void
test_jurisdiction (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GBytes) bytes = make_bytes (70000, 6), stray = make_bytes (10, 7);
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) pushed = NULL;
  g_autofree char *sha = sha_of (bytes), *stray_sha = sha_of (stray);
  g_autofree char *case_id = sync_new_id (), *attachment = sync_new_id ();
  g_autofree char *cf = NULL, *af = NULL;
  g_auto(Answer) put = { 0 }, get = { 0 }, range = { 0 }, other_put = { 0 };

  blob_call (w->server, "PUT", sha, w->head, bytes, NULL, &put);
  g_assert_cmpuint (put.status, ==, 201);
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->head), ==, 200);
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->supervisor), ==, 404);
  g_assert_cmpuint (status_of (w, "GET", sha, w->supervisor), ==, 404);
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->other_head), ==, 404);

  cf = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2025〕9号\","
                        "\"received\":\"2025-01-24\",\"state\":\"received\","
                        "\"types\":\"wages\",\"source\":\"application\","
                        "\"channel\":\"walk_in\"}", w->centre);
  af = g_strdup_printf ("{\"case_id\":\"%s\",\"name\":\"劳动合同.pdf\","
                        "\"mime_type\":\"application/pdf\",\"size\":%" G_GSIZE_FORMAT ","
                        "\"sha256\":\"%s\"}", case_id, g_bytes_get_size (bytes), sha);
  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (ms, 2, attachment, "attachment", TJ_OP_CREATE, 0, af);
  pushed = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpint (((TjSyncResult *) pushed->results->pdata[1])->status, ==, TJ_SYNC_APPLIED);

  /* The county's supervisor and the centre's mediator now may; the neighbouring centre
   * and another county may not, and cannot tell the blob from a missing one. */
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->supervisor), ==, 200);
  blob_call (w->server, "GET", sha, w->supervisor, NULL, NULL, &get);
  g_assert_cmpuint (get.status, ==, 200);
  assert_same (get.body, bytes, 0, g_bytes_get_size (bytes));
  blob_call (w->server, "GET", sha, w->mediator, NULL, "bytes=-10", &range);
  g_assert_cmpuint (range.status, ==, 206);
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->other_head), ==, 404);
  g_assert_cmpuint (status_of (w, "GET", sha, w->far_supervisor), ==, 404);
  g_assert_cmpuint (status_of (w, "HEAD", stray_sha, w->far_supervisor), ==, 404);

  /* Uploading the same bytes proves having them: from then on the uploader may read. */
  blob_call (w->server, "PUT", sha, w->far_supervisor, bytes, NULL, &other_put);
  g_assert_cmpuint (other_put.status, ==, 200);
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->far_supervisor), ==, 200);
  sync_world_free (w);
}

/* A record naming bytes nobody uploaded: 404, not an error. */
static void
test_named_not_uploaded (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) pushed = NULL;
  g_autofree char *case_id = sync_new_id (), *attachment = sync_new_id (), *cf = NULL, *af = NULL;
  const char *sha = "5feceb66ffc86f38d952786c6d696c79c2dbc239dd4e91b46729d73a27fb57e9";

  cf = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2025〕10号\","
                        "\"received\":\"2025-01-24\",\"state\":\"received\","
                        "\"types\":\"wages\",\"source\":\"application\","
                        "\"channel\":\"walk_in\"}", w->centre);
  af = g_strdup_printf ("{\"case_id\":\"%s\",\"name\":\"a.txt\",\"size\":1,"
                        "\"sha256\":\"%s\"}", case_id, sha);
  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (ms, 2, attachment, "attachment", TJ_OP_CREATE, 0, af);
  pushed = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->supervisor), ==, 404);
  g_assert_cmpuint (status_of (w, "GET", sha, w->head), ==, 404);
  sync_world_free (w);
}

static void
test_too_large (void)
{
  const char *extra[] = { "--max-blob-size", "1", NULL };
  TestServer *server = test_server_start (extra);
  g_autofree char *token = test_server_login (server, "head", DEMO_PASSWORD);
  g_autoptr(GBytes) big = make_bytes (1024 * 1024 + 1, 8), fits = make_bytes (1024 * 1024, 9);
  g_autofree char *big_sha = sha_of (big), *fits_sha = sha_of (fits);
  g_autofree char *path = stored_path (server, big_sha);
  g_auto(Answer) refused = { 0 }, stored = { 0 };

  blob_call (server, "PUT", big_sha, token, big, NULL, &refused);
  g_assert_cmpuint (refused.status, ==, 413);
  g_assert_cmpstr (refused.error, ==, "payload_too_large");
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  /* Without Expect: refused from the headers alone, before any of the body is read. */
  {
    g_autofree char *head = g_strdup_printf ("PUT /v1/blobs/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                             "X-Tiaojie-Protocol: 1\r\n"
                                             "Authorization: Bearer %s\r\n"
                                             "Content-Length: 2000000000\r\n\r\n",
                                             big_sha, token);
    g_autofree char *raw = test_server_raw (server, head, strlen (head), FALSE);
    g_autoptr(JsonNode) answer = NULL;
    guint status;

    answer = test_parse_raw (raw, &status);
    g_assert_cmpuint (status, ==, 413);
    g_assert_cmpstr (test_error_code (answer), ==, "payload_too_large");
  }
  blob_call (server, "PUT", fits_sha, token, fits, NULL, &stored);
  g_assert_cmpuint (stored.status, ==, 201);
  g_assert_cmpuint (count_tmp (server), ==, 0);
  test_server_stop (server);
}

/* A body cut off half way: no blob, no temporary file left. */
static void
test_cut_upload (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GBytes) bytes = make_bytes (4000, 10);
  g_autofree char *sha = sha_of (bytes), *path = stored_path (w->server, sha);
  g_autofree char *request = NULL, *answer = NULL;
  GString *raw = g_string_new (NULL);

  g_string_append_printf (raw, "PUT /v1/blobs/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "X-Tiaojie-Protocol: 1\r\nAuthorization: Bearer %s\r\n"
                               "Content-Length: %" G_GSIZE_FORMAT "\r\n\r\n",
                          sha, w->head, g_bytes_get_size (bytes));
  g_string_append_len (raw, g_bytes_get_data (bytes, NULL), 1000);
  request = g_string_free (raw, FALSE);
  answer = test_server_raw (w->server, request, strlen (request) + 0, TRUE);
  g_test_message ("answer: %.60s", answer);
  g_assert_false (g_str_has_prefix (answer, "HTTP/1.1 2"));
  /* The server notices the closed connection and drops the upload; ask it something to
   * be sure it went round its loop. */
  g_assert_cmpuint (status_of (w, "HEAD", sha, w->head), ==, 404);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
  g_assert_cmpuint (count_tmp (w->server), ==, 0);
  sync_world_free (w);
}

/* Temporary files of uploads cut off by a crash: the old ones go when the server starts,
 * a fresh one (perhaps another process's upload in progress) stays. */
static void
test_sweep (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-server-XXXXXX", &error);
  g_autofree char *tmp_dir = g_build_filename (dir, "blobs", "tmp", NULL);
  g_autofree char *old = g_build_filename (tmp_dir, "upload-old", NULL);
  g_autofree char *fresh = g_build_filename (tmp_dir, "upload-fresh", NULL);
  g_autoptr(GFile) old_file = g_file_new_for_path (old);
  TestServer *server;

  g_assert_no_error (error);
  g_assert_cmpint (g_mkdir_with_parents (tmp_dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (old, "half", -1, NULL));
  g_assert_true (g_file_set_contents (fresh, "half", -1, NULL));
  g_file_set_attribute_uint64 (old_file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                               (guint64) (g_get_real_time () / G_USEC_PER_SEC - 2 * 3600),
                               G_FILE_QUERY_INFO_NONE, NULL, &error);
  g_assert_no_error (error);
  server = test_server_start_in (dir, NULL);
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (fresh, G_FILE_TEST_EXISTS));
  test_server_stop (server);
}

/* A data folder of server schema 2 (before blobs) upgrades in place: its records stay, and
 * an attachment pushed before the upgrade makes its blob readable by the county. */
static void
test_upgrade_from_v2 (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-server-XXXXXX", &error);
  g_autofree char *db_path = g_build_filename (dir, "server.sqlite", NULL);
  g_autoptr(GBytes) bytes = make_bytes (3000, 11);
  g_autofree char *sha = sha_of (bytes), *token = NULL, *supervisor = NULL;
  g_autofree char *centre = NULL, *case_id = NULL, *attachment = NULL, *body = NULL;
  g_auto(Answer) put = { 0 };
  TestServer *server;
  sqlite3 *db = NULL;

  g_assert_no_error (error);
  if (test_server_on_postgres ())
    {
      /* The PostgreSQL store began at what SQLite's schema 6 is; it has no schema 2. */
      g_test_skip ("upgrades a SQLite file of schema 2");
      test_remove_tree (dir);
      return;
    }
  server = test_server_start_in (dir, NULL);
  test_server_stop_keep (server);
  g_free (server->dir);
  g_free (server);
  /* Schema 2 is schema 3 without the blob tables and the index (and without the
   * document indexes of schemas 4 and 5, nor what schema 6 added). */
  g_assert_cmpint (sqlite3_open (db_path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "DROP INDEX record_attachment_sha256; DROP TABLE blob; "
                                     "DROP INDEX record_document_sha256; "
                                     "DROP INDEX record_document_code; "
                                     "DROP INDEX record_document_csv_sha256; "
                                     "DROP INDEX record_case_child; "
                                     "DROP INDEX record_clause_agreement; "
                                     "DROP INDEX record_conflict_record; DROP TABLE desk; "
                                     "DROP TABLE blob_upload; PRAGMA user_version = 2;",
                                 NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  server = test_server_start_in (dir, NULL);
  token = test_server_login (server, "head", DEMO_PASSWORD);
  supervisor = test_server_login (server, "supervisor", DEMO_PASSWORD);
  centre = test_org_id (server, token, "220102001");
  g_assert_nonnull (centre);
  blob_call (server, "PUT", sha, token, bytes, NULL, &put);
  g_assert_cmpuint (put.status, ==, 201);
  {
    SyncWorld world = { .server = server };
    g_autoptr(GPtrArray) ms = sync_mutations_new ();
    g_autoptr(TjSyncPushAnswer) pushed = NULL;

    case_id = sync_new_id ();
    attachment = sync_new_id ();
    body = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2025〕1号\","
                            "\"received\":\"2025-01-24\",\"state\":\"received\","
                            "\"types\":\"wages\",\"source\":\"application\","
                            "\"channel\":\"walk_in\"}", centre);
    sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, body);
    g_free (body);
    body = g_strdup_printf ("{\"case_id\":\"%s\",\"name\":\"a.bin\",\"size\":3000,"
                            "\"sha256\":\"%s\"}", case_id, sha);
    sync_add (ms, 2, attachment, "attachment", TJ_OP_CREATE, 0, body);
    pushed = sync_push_ok (&world, token, "01900000-0000-7000-8000-00000000000d", ms);
    g_assert_cmpint (((TjSyncResult *) pushed->results->pdata[1])->status, ==, TJ_SYNC_APPLIED);
  }
  {
    g_auto(Answer) head = { 0 };

    blob_call (server, "HEAD", sha, supervisor, NULL, NULL, &head);
    g_assert_cmpuint (head.status, ==, 200);
  }
  test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/blobs/put-head-get", test_put_head_get);
  g_test_add_func ("/blobs/range", test_range);
  g_test_add_func ("/blobs/mismatch", test_mismatch);
  g_test_add_func ("/blobs/unauthenticated", test_unauthenticated);
  g_test_add_func ("/blobs/jurisdiction", test_jurisdiction);
  g_test_add_func ("/blobs/named-not-uploaded", test_named_not_uploaded);
  g_test_add_func ("/blobs/too-large", test_too_large);
  g_test_add_func ("/blobs/cut-upload", test_cut_upload);
  g_test_add_func ("/blobs/sweep", test_sweep);
  g_test_add_func ("/blobs/upgrade-from-v2", test_upgrade_from_v2);
  return g_test_run ();
}
