/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "../server/server-util.h"
#include "sync-cli.h"
#include "tj-protocol.h"
#include "tj-sync-blobs.h"

/* Attachment bytes end to end: the real server, real replicas driven by tiaojie-cli. A
 * centre attaches a file and syncs; its blob is on the server before the record; the
 * county's supervisor fetches the bytes on demand. A blob the server will not take holds
 * back its attachment and everything after it in the outbox, and all of it goes once the
 * server takes it. A cut download resumes with a Range request and is checked before it
 * becomes visible. */

typedef struct {
  TestServer *server;
  char       *dir;
  char       *password_file;
} Fixture;

/* tiaojie-cli on a replica of the fixture's folder; `err` takes what it says on stderr. */
#define cli(f, db, err, ...) sync_cli ((f)->dir, db, NULL, err, __VA_ARGS__)
#define cli_json(f, db, ...) sync_cli_json ((f)->dir, db, __VA_ARGS__)

static gint64
int_member (JsonNode *node, const char *name)
{
  return json_object_get_int_member (json_node_get_object (node), name);
}

static void
init_replica (Fixture *f, const char *db, const char *user)
{
  g_assert_cmpint (cli (f, db, NULL, "init", "--server", f->server->url, "--login", user,
                        "--password-file", f->password_file, "--desk", "1", NULL), ==, 0);
}

static int
sync_as (Fixture *f, const char *db, const char *user, char **err)
{
  return cli (f, db, err, "sync", "--server", f->server->url, "--user", user,
              "--password-file", f->password_file, "--attempts", "2", NULL);
}

static gint64
pending (Fixture *f, const char *db)
{
  g_autoptr(JsonNode) status = cli_json (f, db, "status", NULL);

  return int_member (status, "pending_mutations");
}

static char *
new_case (Fixture *f, const char *db)
{
  g_autoptr(JsonNode) created = cli_json (f, db, "case", "new", "--received", "2026-11-20",
                                          "--type", "wages", "--applicant", "赵云",
                                          "--applicant-id", "11010119900307002X",
                                          "--respondent", "长春宏达建筑工程有限公司",
                                          "--claim", "wages:12000", "--facts", "拖欠三个月工资",
                                          NULL);

  return g_strdup (json_object_get_string_member (json_node_get_object (created), "case_no"));
}

/* A file of n made-up bytes in the fixture's folder; returns its path and SHA-256. */
static char *
make_file (Fixture *f, const char *name, gsize n, guint32 seed, char **sha256)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autofree guint8 *data = g_malloc (n);
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (f->dir, name, NULL);

  for (gsize i = 0; i < n; i++)
    data[i] = (guint8) g_rand_int (rand);
  g_assert_true (g_file_set_contents (path, (const char *) data, (gssize) n, &error));
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, n);
  return path;
}

static char *
attach (Fixture *f, const char *db, const char *case_no, const char *file)
{
  g_autofree char *out = NULL;

  g_assert_cmpint (sync_cli (f->dir, db, &out, NULL, "case", "attach", case_no, file, NULL),
                   ==, 0);
  return g_strstrip (g_steal_pointer (&out));
}

static char *
replica_blob (Fixture *f, const char *db, const char *sha)
{
  char prefix[3] = { sha[0], sha[1], '\0' };
  g_autofree char *dir = g_strconcat (db, ".blobs", NULL);

  return g_build_filename (f->dir, dir, prefix, sha, NULL);
}

static char *
server_blob (Fixture *f, const char *sha)
{
  char prefix[3] = { sha[0], sha[1], '\0' };

  return g_build_filename (f->server->dir, "blobs", prefix, sha, NULL);
}

/* Attachment records a replica has from the server (a supervisor's are in sync_record). */
static int
pulled_attachments (Fixture *f, const char *db)
{
  g_autofree char *path = g_build_filename (f->dir, db, NULL);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  int n;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, "SELECT count(*) FROM sync_record "
                                               "WHERE type = 'attachment'", -1, &stmt, NULL),
                   ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return n;
}

static void
assert_same_file (const char *a, const char *b)
{
  g_autofree char *x = NULL, *y = NULL;
  gsize nx, ny;

  g_assert_true (g_file_get_contents (a, &x, &nx, NULL));
  g_assert_true (g_file_get_contents (b, &y, &ny, NULL));
  g_assert_cmpuint (nx, ==, ny);
  g_assert_true (memcmp (x, y, nx) == 0);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  const char * const *extra = data;

  f->server = test_server_start (extra);
  f->dir = sync_cli_scratch ("tj-blobs-sync-XXXXXX", &f->password_file);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->password_file);
}

/* The centre's file reaches the county supervisor's replica, on demand. */
static void
test_supervisor_fetches (Fixture *f, gconstpointer data)
{
  g_autofree char *case_no = NULL, *sha = NULL, *file = NULL, *attached = NULL;
  g_autofree char *on_server = NULL, *on_county = NULL;
  g_autoptr(JsonNode) first = NULL, again = NULL;

  init_replica (f, "centre.sqlite", "head");
  case_no = new_case (f, "centre.sqlite");
  file = make_file (f, "劳动合同.pdf", 700 * 1024 + 3, 1, &sha);
  attached = attach (f, "centre.sqlite", case_no, file);
  g_assert_cmpstr (attached, ==, sha);
  g_assert_cmpint (sync_as (f, "centre.sqlite", "head", NULL), ==, 0);
  g_assert_cmpint (pending (f, "centre.sqlite"), ==, 0);
  on_server = server_blob (f, sha);
  assert_same_file (on_server, file);

  /* The supervisor's replica gets the record with its sync, the bytes when asked. */
  init_replica (f, "county.sqlite", "supervisor");
  g_assert_cmpint (pulled_attachments (f, "county.sqlite"), ==, 1);
  on_county = replica_blob (f, "county.sqlite", sha);
  g_assert_false (g_file_test (on_county, G_FILE_TEST_EXISTS));
  first = cli_json (f, "county.sqlite", "attachments", "fetch", case_no, "--user", "supervisor",
                    "--password-file", f->password_file, NULL);
  g_assert_cmpint (int_member (first, "attachments"), ==, 1);
  g_assert_cmpint (int_member (first, "fetched"), ==, 1);
  g_assert_cmpint (int_member (first, "bytes"), ==, 700 * 1024 + 3);
  assert_same_file (on_county, file);
  g_assert_false (g_file_test (on_county, G_FILE_TEST_IS_DIR));

  again = cli_json (f, "county.sqlite", "attachments", "fetch", "--all", "--user", "supervisor",
                    "--password-file", f->password_file, NULL);
  g_assert_cmpint (int_member (again, "fetched"), ==, 0);
  g_assert_cmpint (int_member (again, "present"), ==, 1);
}

/* The server refuses the blob (too large for it): the case registered before the file is
 * pushed, the attachment and the case registered after it wait in order; once the server
 * takes the blob, both go and the supervisor can fetch it. */
static void
test_blob_before_record (Fixture *f, gconstpointer data)
{
  const char *larger[] = { "--max-blob-size", "8", NULL };
  g_autofree char *case_no = NULL, *later = NULL, *sha = NULL, *file = NULL, *err = NULL;
  g_autofree char *attached = NULL, *server_dir = NULL, *on_county = NULL, *on_server = NULL;
  g_autoptr(JsonNode) fetched = NULL, list = NULL;
  gint64 registration, waiting;

  init_replica (f, "centre.sqlite", "head");
  case_no = new_case (f, "centre.sqlite");
  registration = pending (f, "centre.sqlite");
  file = make_file (f, "录音.m4a", 3 * 1024 * 1024, 2, &sha);
  attached = attach (f, "centre.sqlite", case_no, file);
  later = new_case (f, "centre.sqlite");
  /* A registration is the case and one mutation per party and claim. */
  waiting = pending (f, "centre.sqlite") - registration;
  g_assert_cmpint (waiting, ==, 1 + registration);

  g_assert_cmpint (sync_as (f, "centre.sqlite", "head", &err), ==, 1);
  g_assert_nonnull (strstr (err, "录音.m4a"));
  g_assert_nonnull (strstr (err, "MiB"));
  /* Only the attachment and the registration after it wait; the server has neither
   * the blob nor its record, and the county sees the first case only. */
  g_assert_cmpint (pending (f, "centre.sqlite"), ==, waiting);
  on_server = server_blob (f, sha);
  g_assert_false (g_file_test (on_server, G_FILE_TEST_EXISTS));
  init_replica (f, "county.sqlite", "supervisor");
  g_assert_cmpint (pulled_attachments (f, "county.sqlite"), ==, 0);
  list = cli_json (f, "county.sqlite", "case", "list", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 1);

  /* A second try fails the same way and loses nothing. */
  g_assert_cmpint (sync_as (f, "centre.sqlite", "head", NULL), ==, 1);
  g_assert_cmpint (pending (f, "centre.sqlite"), ==, waiting);

  /* The server is restarted with room for the file: everything goes, in order. */
  server_dir = g_strdup (f->server->dir);
  test_server_stop_keep (f->server);
  g_free (f->server->dir);
  g_free (f->server);
  f->server = test_server_start_in (server_dir, larger);
  g_assert_cmpint (sync_as (f, "centre.sqlite", "head", NULL), ==, 0);
  g_assert_cmpint (pending (f, "centre.sqlite"), ==, 0);
  assert_same_file (on_server, file);

  g_assert_cmpint (sync_as (f, "county.sqlite", "supervisor", NULL), ==, 0);
  g_assert_cmpint (pulled_attachments (f, "county.sqlite"), ==, 1);
  g_clear_pointer (&list, json_node_unref);
  list = cli_json (f, "county.sqlite", "case", "list", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (list)), ==, 2);
  fetched = cli_json (f, "county.sqlite", "attachments", "fetch", case_no, "--server",
                      f->server->url, "--user", "supervisor", "--password-file",
                      f->password_file, NULL);
  g_assert_cmpint (int_member (fetched, "fetched"), ==, 1);
  on_county = replica_blob (f, "county.sqlite", sha);
  assert_same_file (on_county, file);
}

/* The replica lost an attachment's file: the push stops before the attachment and says
 * which file is missing, rather than send a record whose bytes nobody can fetch. */
static void
test_missing_local_file (Fixture *f, gconstpointer data)
{
  g_autofree char *case_no = NULL, *sha = NULL, *file = NULL, *attached = NULL, *err = NULL;
  g_autofree char *local = NULL;

  init_replica (f, "centre.sqlite", "head");
  case_no = new_case (f, "centre.sqlite");
  file = make_file (f, "证据.jpg", 1000, 3, &sha);
  attached = attach (f, "centre.sqlite", case_no, file);
  local = replica_blob (f, "centre.sqlite", sha);
  g_assert_cmpint (g_unlink (local), ==, 0);
  g_assert_cmpint (sync_as (f, "centre.sqlite", "head", &err), ==, 1);
  g_assert_nonnull (strstr (err, "证据.jpg"));
  g_assert_nonnull (strstr (err, "missing"));
  g_assert_cmpint (pending (f, "centre.sqlite"), ==, 1);

  /* The file is back (copied from a backup): the attachment goes. */
  g_assert_true (g_file_test (file, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_true (g_file_get_contents (file, &contents, &length, NULL));
    g_assert_true (g_file_set_contents (local, contents, (gssize) length, NULL));
  }
  g_assert_cmpint (sync_as (f, "centre.sqlite", "head", NULL), ==, 0);
  g_assert_cmpint (pending (f, "centre.sqlite"), ==, 0);
  {
    g_autofree char *on_server = server_blob (f, sha);

    assert_same_file (on_server, file);
  }
}

/* tj_sync_fetch_blob in-process: a .part left by a cut download is resumed with a Range
 * request (only the rest crosses the network); a .part that does not check out is thrown
 * away and nothing becomes visible; a .part that is already whole needs no bytes. */
static void
test_resume (Fixture *f, gconstpointer data)
{
  g_autofree char *token = test_server_login (f->server, "head", DEMO_PASSWORD);
  g_autofree char *sha = NULL, *file = NULL, *dest_path = NULL, *part_path = NULL;
  g_autofree char *contents = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GFileInputStream) body = NULL;
  g_autoptr(GFile) source = NULL;
  TjApiRawAnswer answer;
  gsize n, cut;
  gint64 received = -1;

  file = make_file (f, "blob.bin", 500000, 4, &sha);
  g_assert_true (g_file_get_contents (file, &contents, &n, NULL));
  api = tj_api_client_new (f->server->url, &error);
  g_assert_no_error (error);
  tj_api_client_set_token (api, token);
  source = g_file_new_for_path (file);
  body = g_file_read (source, NULL, &error);
  g_assert_no_error (error);
  {
    g_autofree char *path = g_strconcat ("/v1/blobs/", sha, NULL);

    in = tj_api_client_send_raw (api, "PUT", path, G_INPUT_STREAM (body), (gint64) n, NULL,
                                 &answer, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (answer.status, ==, 201);
  }

  dest_path = g_build_filename (f->dir, "down", "blob", NULL);
  part_path = g_strconcat (dest_path, ".part", NULL);
  dest = g_file_new_for_path (dest_path);
  {
    g_autofree char *down = g_path_get_dirname (dest_path);

    g_assert_cmpint (g_mkdir_with_parents (down, 0700), ==, 0);
  }

  /* 40 % arrived before the connection broke. */
  cut = n * 2 / 5;
  g_assert_true (g_file_set_contents (part_path, contents, (gssize) cut, NULL));
  g_assert_true (tj_sync_fetch_blob (api, sha, dest, &received, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (received, ==, (gint64) (n - cut));
  assert_same_file (dest_path, file);
  g_assert_false (g_file_test (part_path, G_FILE_TEST_EXISTS));
  g_assert_cmpint (g_unlink (dest_path), ==, 0);

  /* A damaged part: resumed, found wrong, thrown away; the next try starts over. */
  contents[10] ^= 0x55;
  g_assert_true (g_file_set_contents (part_path, contents, (gssize) cut, NULL));
  contents[10] ^= 0x55;
  g_assert_false (tj_sync_fetch_blob (api, sha, dest, &received, NULL, &error));
  g_assert_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_CORRUPT);
  g_clear_error (&error);
  g_assert_false (g_file_test (part_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (dest_path, G_FILE_TEST_EXISTS));
  g_assert_true (tj_sync_fetch_blob (api, sha, dest, &received, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (received, ==, (gint64) n);
  assert_same_file (dest_path, file);
  g_assert_cmpint (g_unlink (dest_path), ==, 0);

  /* Every byte arrived but the rename did not happen: the server answers 416, the part
   * checks out, nothing is downloaded again. */
  g_assert_true (g_file_set_contents (part_path, contents, (gssize) n, NULL));
  g_assert_true (tj_sync_fetch_blob (api, sha, dest, &received, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (received, ==, 0);
  assert_same_file (dest_path, file);

  /* Unknown bytes: 404, and nothing is left behind. */
  g_assert_cmpint (g_unlink (dest_path), ==, 0);
  g_assert_false (tj_sync_fetch_blob (api, "0000000000000000000000000000000000000000000000000000000000000000",
                                      dest, &received, NULL, &error));
  g_assert_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_false (g_file_test (dest_path, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (part_path, G_FILE_TEST_EXISTS));
  g_assert_false (tj_sync_fetch_blob (api, "../x", dest, &received, NULL, &error));
  g_assert_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_INVALID);
}

int
main (int argc, char **argv)
{
  static const char * const small[] = { "--max-blob-size", "1", NULL };

  g_test_init (&argc, &argv, NULL);
  g_test_add ("/blobs-sync/supervisor-fetches", Fixture, NULL, fixture_set_up,
              test_supervisor_fetches, fixture_tear_down);
  g_test_add ("/blobs-sync/blob-before-record", Fixture, small, fixture_set_up,
              test_blob_before_record, fixture_tear_down);
  g_test_add ("/blobs-sync/missing-local-file", Fixture, NULL, fixture_set_up,
              test_missing_local_file, fixture_tear_down);
  g_test_add ("/blobs-sync/resume", Fixture, NULL, fixture_set_up, test_resume,
              fixture_tear_down);
  return g_test_run ();
}
