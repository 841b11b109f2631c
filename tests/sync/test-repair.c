/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "../server/server-util.h"
#include "sync-cli.h"
#include "tj-api-client-private.h"
#include "tj-case-store.h"
#include "tj-sync-client.h"
#include "tj-sync-client-private.h"
#include "tj-sync-codec.h"
#include "tj-sync-sum.h"

/* The checksum repair of sync.md (Pull): the real server on loopback, a real replica made
 * and filled by tiaojie-cli, then damaged behind the sync engine's back (a record lost, one
 * at a wrong version, one the server never had). The next sync must notice it from the
 * checkpoint alone, fetch the digest and only the id ranges that differ, and leave the
 * replica as the server has it; a sync with nothing wrong must not ask for a digest. */

typedef struct {
  TestServer *server;
  char       *dir;
  char       *password_file;
  GPtrArray  *requests;       /* "METHOD path" of each in-process request */
} Fixture;

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (NULL);
  f->dir = sync_cli_scratch ("tj-repair-XXXXXX", &f->password_file);
  f->requests = g_ptr_array_new_with_free_func (g_free);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->password_file);
  g_ptr_array_unref (f->requests);
}

static TjApiFault
record_request_cb (const char *method, const char *path, const char *body, gsize length,
                   gpointer data)
{
  Fixture *f = data;

  g_ptr_array_add (f->requests, g_strdup_printf ("%s %s", method, path));
  return TJ_API_FAULT_NONE;
}

static guint
count_requests (Fixture *f, const char *prefix)
{
  guint n = 0;

  for (guint i = 0; i < f->requests->len; i++)
    if (g_str_has_prefix (g_ptr_array_index (f->requests, i), prefix))
      n++;
  return n;
}

/* One push-and-pull of the replica in this process; returns the records repaired. */
static gint64
sync_here_limited (Fixture *f, TjCaseStore *cases, guint digest_limit)
{
  g_autoptr(TjApiClient) api = tj_api_client_new (f->server->url, NULL);
  g_autofree char *token = test_server_login (f->server, "mediator", DEMO_PASSWORD);
  g_autoptr(TjSyncClient) sync = NULL;
  g_autoptr(GError) error = NULL;

  tj_api_client_set_token (api, token);
  _tj_api_client_set_fault_func (api, record_request_cb, f);
  sync = tj_sync_client_new (cases, api);
  _tj_sync_client_set_digest_limit (sync, digest_limit);
  g_ptr_array_set_size (f->requests, 0);
  g_assert_true (tj_sync_client_run (sync, NULL, &error));
  g_assert_no_error (error);
  return tj_sync_client_get_report (sync)->repaired;
}

static gint64
sync_here (Fixture *f, TjCaseStore *cases)
{
  return sync_here_limited (f, cases, 0);
}

static gint64
query_int (TjStore *store, const char *sql, const guint8 *id)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, NULL);
  gint64 value = -1;

  g_assert_nonnull (stmt);
  if (id != NULL)
    sqlite3_bind_blob (stmt, 1, id, 16, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return value;
}

/* A row's id and version, by a query giving both. */
static gint64
pick (TjStore *store, const char *sql, guint8 id[16])
{
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, NULL);
  gint64 version;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpint (sqlite3_column_bytes (stmt, 0), ==, 16);
  memcpy (id, sqlite3_column_blob (stmt, 0), 16);
  version = sqlite3_column_int64 (stmt, 1);
  sqlite3_reset (stmt);
  g_assert_cmpint (version, >, 0);
  return version;
}

/* The replica's numbers are the checkpoint the last page brought. */
static void
assert_matches_checkpoint (TjStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *checksum = NULL, *mine = NULL;
  sqlite3_stmt *stmt;
  gint64 count, server_count;
  guint64 sum;

  g_assert_true (tj_sync_sum_read (store, &count, &sum, &error));
  stmt = tj_store_prepare (store, "SELECT count, checksum FROM sync_state", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  server_count = sqlite3_column_int64 (stmt, 0);
  checksum = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  sqlite3_reset (stmt);
  g_assert_cmpint (count, ==, server_count);
  g_assert_cmpint (count, >=, 40);
  mine = tj_sync_checksum_to_string (sum);
  g_assert_cmpstr (checksum, ==, mine);
}

/* A replica of the centre's mediator with ten cases, pushed, opened in this process. */
static TjCaseStore *
make_replica (Fixture *f, TjStore **store)
{
  g_autofree char *db = g_build_filename (f->dir, "a.sqlite", NULL);
  g_autoptr(GError) error = NULL;
  TjCaseStore *cases;

  g_assert_cmpint (sync_cli (f->dir, "a.sqlite", NULL, NULL, "init", "--server", f->server->url,
                             "--login", "mediator", "--password-file", f->password_file,
                             "--desk", "1", NULL), ==, 0);
  for (int i = 0; i < 10; i++)
    {
      g_autofree char *name = g_strdup_printf ("申请人%d", i);

      g_assert_cmpint (sync_cli (f->dir, "a.sqlite", NULL, NULL, "case", "new", "--received",
                                 "2026-11-20", "--type", "wages", "--applicant", name,
                                 "--respondent", "长春宏达建筑工程有限公司", "--claim",
                                 "wages:12000", NULL), ==, 0);
    }
  g_assert_cmpint (sync_cli (f->dir, "a.sqlite", NULL, NULL, "sync", "--user", "mediator",
                             "--password-file", f->password_file, NULL), ==, 0);
  *store = tj_store_open (db, &error);
  g_assert_no_error (error);
  cases = tj_case_store_new (*store, &error);
  g_assert_no_error (error);
  return cases;
}

static void
test_repair_by_id (Fixture *f, gconstpointer data)
{
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autoptr(GError) error = NULL;
  guint8 claim[16], party[16], ghost[16];
  gint64 claim_version, party_version, held;
  sqlite3_stmt *stmt;

  cases = make_replica (f, &store);
  /* In step after a plain sync: nothing to repair, no digest asked for. */
  g_assert_cmpint (sync_here (f, cases), ==, 0);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 0);
  assert_matches_checkpoint (store);
  held = query_int (store, "SELECT count FROM sync_sum", NULL);

  /* The damage: a claim lost, a party at a version the server never gave, and a record
   * the server does not have (its id sorts after every real one: the range after the
   * digest's last chunk). */
  claim_version = pick (store, "SELECT id, version FROM claim ORDER BY id LIMIT 1 OFFSET 3", claim);
  party_version = pick (store, "SELECT id, version FROM party ORDER BY id DESC LIMIT 1", party);
  memset (ghost, 0xee, sizeof ghost);
  g_assert_true (tj_store_exec (store, "BEGIN", &error));
  stmt = tj_store_prepare (store, "DELETE FROM claim WHERE id = ?", &error);
  sqlite3_bind_blob (stmt, 1, claim, 16, SQLITE_TRANSIENT);
  g_assert_true (tj_store_step_done (store, stmt, &error));
  stmt = tj_store_prepare (store, "UPDATE party SET version = version + 5 WHERE id = ?", &error);
  sqlite3_bind_blob (stmt, 1, party, 16, SQLITE_TRANSIENT);
  g_assert_true (tj_store_step_done (store, stmt, &error));
  stmt = tj_store_prepare (store, "INSERT INTO sync_record (id, type, version, doc) "
                                  "VALUES (?, 'session', 4, '{}')", &error);
  sqlite3_bind_blob (stmt, 1, ghost, 16, SQLITE_TRANSIENT);
  g_assert_true (tj_store_step_done (store, stmt, &error));
  g_assert_true (tj_store_exec (store, "COMMIT", &error));
  g_assert_no_error (error);
  /* The triggers counted it all: one fewer, one more. */
  g_assert_cmpint (query_int (store, "SELECT count FROM sync_sum", NULL), ==, held);

  g_assert_cmpint (sync_here (f, cases), ==, 3);
  g_assert_cmpint (query_int (store, "SELECT version FROM claim WHERE id = ?", claim), ==,
                   claim_version);
  g_assert_cmpint (query_int (store, "SELECT version FROM party WHERE id = ?", party), ==,
                   party_version);
  g_assert_cmpint (query_int (store, "SELECT count (*) FROM sync_record WHERE id = ?", ghost), ==, 0);
  assert_matches_checkpoint (store);
  /* By id, not a download: one digest with chunks of 16, a range for each chunk that
   * differed (at most three), and no pull from the start. */
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 1);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest?"), ==, 1);
  for (guint i = 0; i < f->requests->len; i++)
    {
      const char *r = g_ptr_array_index (f->requests, i);

      if (g_str_has_prefix (r, "GET /v1/pull/digest"))
        g_assert_nonnull (strstr (r, "&chunk=16"));
      g_assert_null (strstr (r, "after=0&"));
    }
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/range"), >=, 2);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/range"), <=, 3);

  /* And it stays put right. */
  g_assert_cmpint (sync_here (f, cases), ==, 0);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 0);

  /* The digest in answers of one chunk each: the same repair (the claim lost again). */
  g_assert_true (tj_store_exec (store, "BEGIN", &error));
  stmt = tj_store_prepare (store, "DELETE FROM claim WHERE id = ?", &error);
  sqlite3_bind_blob (stmt, 1, claim, 16, SQLITE_TRANSIENT);
  g_assert_true (tj_store_step_done (store, stmt, &error));
  g_assert_true (tj_store_exec (store, "COMMIT", &error));
  g_assert_cmpint (sync_here_limited (f, cases, 1), ==, 1);
  g_assert_cmpint (query_int (store, "SELECT version FROM claim WHERE id = ?", claim), ==,
                   claim_version);
  /* One answer a chunk (40 records or more, 16 a chunk), the last one possibly empty. */
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), >=, 3);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/range"), ==, 1);
  assert_matches_checkpoint (store);
}

/* A difference no record explains (here the numbers themselves are off): the repair finds
 * no range that differs, the pull looks once more, and repairs then rest ten minutes
 * (kept in the replica, as every sync is a new client) instead of asking for the digest at
 * every pull. */
static void
test_repair_rests (Fixture *f, gconstpointer data)
{
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autoptr(GError) error = NULL;
  gint64 now, after;

  cases = make_replica (f, &store);
  g_assert_true (tj_store_exec (store, "UPDATE sync_sum SET count = count + 1", &error));

  now = g_get_real_time () / 1000;
  g_assert_cmpint (sync_here (f, cases), ==, 0);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 1);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/range"), ==, 0);
  after = tj_store_get_meta_int (store, "repair_after", 0);
  g_assert_cmpint (after, >=, now + 10 * 60 * 1000);
  g_assert_cmpint (after, <=, g_get_real_time () / 1000 + 10 * 60 * 1000);

  g_assert_cmpint (sync_here (f, cases), ==, 0);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 0);

  /* Once the time is past (or the clock went back further than it), it tries again. */
  g_assert_true (tj_store_set_meta_int (store, "repair_after", now - 1, &error));
  g_assert_cmpint (sync_here (f, cases), ==, 0);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 1);
  g_assert_true (tj_store_set_meta_int (store, "repair_after", now + 11 * 60 * 1000, &error));
  g_assert_cmpint (sync_here (f, cases), ==, 0);
  g_assert_cmpuint (count_requests (f, "GET /v1/pull/digest"), ==, 1);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/repair/by-id", Fixture, NULL, fixture_set_up, test_repair_by_id,
              fixture_tear_down);
  g_test_add ("/repair/rests", Fixture, NULL, fixture_set_up, test_repair_rests,
              fixture_tear_down);
  return g_test_run ();
}
