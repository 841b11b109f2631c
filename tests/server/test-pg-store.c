/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <string.h>

#include "pg-cluster.h"
#include "tj-server-pg.h"
#include "sync-util.h"
#include "tj-server-demo.h"
#include "tj-server-records.h"
#include "tj-sync-codec.h"
#include "tj-uuid.h"

/* The PostgreSQL server store (tj-server-pg.c), against the throwaway cluster pg-run
 * started ($TJ_TEST_PG_HOST; run by hand without it, the program starts one itself): the change log's sequence follows commit
 * order when two writers overlap, so no pull cursor skips a row (sync.md, "Server
 * store"); errors map to the store's codes; the checkpoint's wrapping sums are SQLite's
 * numbers; the connection string's password is never printed; and a real tiaojie-server
 * on it logs in, pushes, pulls, keeps a conflict, takes an admin action and keeps it all
 * over a restart. A cluster that cannot start fails the program. */

static const char *pg_host;
static guint n_databases;

/* A fresh database and a store on it, seeded with the demo province. */
static char *
new_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_strdup_printf ("pg_store_%u", ++n_databases);

  g_assert_true (test_pg_create_database (pg_host, name, &error));
  g_assert_no_error (error);
  return test_pg_conninfo (pg_host, name);
}

static TjServerStore *
open_store (const char *conninfo)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-pg-store-XXXXXX", &error);
  TjServerStore *store;

  g_assert_no_error (error);
  store = tj_server_store_open_postgres (dir, conninfo, &error);
  g_assert_no_error (error);
  g_assert_true (tj_server_store_is_postgres (store));
  test_remove_tree (dir);
  return store;
}

/* The deepest organisation of the demo province (a centre): its records go into its own
 * bucket and each ancestor's. */
static void
centre_of (TjServerStore *store, TjUuid *id)
{
  g_autoptr(GError) error = NULL;
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT id FROM org "
                                                       "ORDER BY length (path) DESC, path "
                                                       "LIMIT 1", &error);
  const guint8 *bytes;
  gsize length;

  g_assert_no_error (error);
  g_assert_cmpint (tj_server_stmt_step (stmt, &error), ==, TJ_SERVER_STEP_ROW);
  bytes = tj_server_stmt_column_blob (stmt, 0, &length);
  g_assert_cmpuint (length, ==, 16);
  memcpy (id->bytes, bytes, 16);
  tj_server_stmt_reset (stmt);
}

static void
save_one (TjSyncTxn *txn, const TjUuid *org, TjUuid *id_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerRecord) rec = NULL;
  TjUuid id;

  tj_uuid_v7_now (&id);
  rec = tj_server_record_new (&id, "case", org);
  json_object_set_string_member (rec->doc, "case_no", "测试");
  g_assert_true (tj_server_records_save (txn, rec, &error));
  g_assert_no_error (error);
  *id_out = id;
}

typedef struct {
  gint64 seq;
  TjUuid id;
} Change;

/* What a pull reads: the bucket's changes after `after`, in seq order, in one read
 * transaction (tj-server-pull.c reads its page the same way). */
static GArray *
read_after (TjServerStore *store, const TjUuid *bucket, gint64 after)
{
  g_autoptr(GError) error = NULL;
  GArray *out = g_array_new (FALSE, FALSE, sizeof (Change));
  TjServerStmt *stmt;

  g_assert_true (tj_server_store_begin_read (store, &error));
  stmt = tj_server_store_prepare (store, "SELECT seq, record_id FROM change "
                                         "WHERE bucket = ? AND seq > ? ORDER BY seq", &error);
  g_assert_no_error (error);
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 2, after);
  while (tj_server_stmt_step (stmt, &error) == TJ_SERVER_STEP_ROW)
    {
      Change c = { 0 };
      gsize length;
      const guint8 *bytes = tj_server_stmt_column_blob (stmt, 1, &length);

      c.seq = tj_server_stmt_column_int64 (stmt, 0);
      g_assert_cmpuint (length, ==, 16);
      memcpy (c.id.bytes, bytes, 16);
      g_array_append_val (out, c);
    }
  g_assert_no_error (error);
  tj_server_stmt_reset (stmt);
  g_assert_true (tj_server_store_end_read (store, &error));
  g_assert_no_error (error);
  return out;
}

static const Change *
find_change (GArray *changes, const TjUuid *id)
{
  for (guint i = 0; i < changes->len; i++)
    if (tj_uuid_equal (&g_array_index (changes, Change, i).id, id))
      return &g_array_index (changes, Change, i);
  return NULL;
}

/* How many backends of this database wait for a lock (pg_stat_activity). */
static gint64
waiting_backends (TjServerStore *store)
{
  g_autoptr(GError) error = NULL;
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT count (*) FROM pg_stat_activity "
                                                       "WHERE datname = current_database () "
                                                       "AND wait_event_type = 'Lock'", &error);
  gint64 n;

  g_assert_no_error (error);
  g_assert_cmpint (tj_server_stmt_step (stmt, &error), ==, TJ_SERVER_STEP_ROW);
  n = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  return n;
}

/* Polls until a backend waits for a lock. Not a timing assertion: it only bounds how
 * long a hung test may take before it says so. */
static void
wait_for_lock_waiter (TjServerStore *reader)
{
  for (guint i = 0; waiting_backends (reader) == 0; i++)
    {
      if (i >= 30000)
        g_error ("the second writer never waited for the first");
      g_usleep (1000);
    }
}

typedef struct {
  TjServerStore *store;
  TjUuid         org;
  TjUuid         id;        /* out */
  gint           began;     /* atomic: its BEGIN returned */
  gint           committed; /* atomic */
  GError        *error;
} Writer;

static gpointer
second_writer (gpointer data)
{
  Writer *w = data;
  TjSyncTxn txn;

  if (!tj_sync_txn_begin (&txn, w->store, &w->error))
    {
      tj_sync_txn_clear (&txn);
      return NULL;
    }
  g_atomic_int_set (&w->began, 1);
  save_one (&txn, &w->org, &w->id);
  if (tj_sync_txn_commit (&txn, &w->error))
    g_atomic_int_set (&w->committed, 1);
  tj_sync_txn_clear (&txn);
  return NULL;
}

/* T1 begins first and writes; T2 begins after it and would commit first if it could. It
 * cannot: its BEGIN waits for T1's lock on the change counter, so it takes its seq after
 * T1 committed, and commit order is seq order. A cursor read while both are open, one read
 * after T1's commit and one after T2's never skip a row: each change is in the page after
 * the cursor that was current when it committed. */
static void
test_commit_order (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(TjServerStore) one = open_store (conninfo);
  g_autoptr(TjServerStore) two = open_store (conninfo);
  g_autoptr(TjServerStore) reader = open_store (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) during = NULL, after_one = NULL, after_two = NULL;
  Writer w = { 0 };
  GThread *thread;
  TjSyncTxn t1;
  TjUuid org, first;
  gint64 cursor, cp_count;
  guint64 cp_sum;
  const Change *c1, *c2;

  g_assert_true (tj_server_demo_seed (one, &error));
  g_assert_no_error (error);
  centre_of (reader, &org);
  g_assert_true (tj_server_records_bucket_stat (reader, &org, &cursor, &cp_count, &cp_sum,
                                                &error));
  g_assert_no_error (error);

  g_assert_true (tj_sync_txn_begin (&t1, one, &error));
  g_assert_no_error (error);
  save_one (&t1, &org, &first);

  w.store = two;
  w.org = org;
  thread = g_thread_new ("second-writer", second_writer, &w);
  wait_for_lock_waiter (reader);
  /* T2 is held at its BEGIN: it has written nothing, committed nothing. */
  g_assert_cmpint (g_atomic_int_get (&w.began), ==, 0);
  g_assert_cmpint (g_atomic_int_get (&w.committed), ==, 0);

  /* A pull now sees neither: T1 has not committed. */
  during = read_after (reader, &org, cursor);
  g_assert_cmpuint (during->len, ==, 0);

  g_assert_true (tj_sync_txn_commit (&t1, &error));
  g_assert_no_error (error);
  tj_sync_txn_clear (&t1);

  /* A pull between the commits: T1's change, after the old cursor; the cursor moves. */
  after_one = read_after (reader, &org, cursor);
  c1 = find_change (after_one, &first);
  g_assert_nonnull (c1);
  g_assert_cmpint (c1->seq, >, cursor);
  for (guint i = 0; i < after_one->len; i++)
    cursor = MAX (cursor, g_array_index (after_one, Change, i).seq);

  g_thread_join (thread);
  g_assert_no_error (w.error);
  g_assert_cmpint (g_atomic_int_get (&w.committed), ==, 1);

  /* T2 committed after T1, so its seq is above every seq T1 wrote, and the page after the
   * moved cursor holds it: nothing was skipped. */
  after_two = read_after (reader, &org, cursor);
  c2 = find_change (after_two, &w.id);
  g_assert_nonnull (c2);
  g_assert_cmpint (c2->seq, >, c1->seq);
  g_assert_cmpint (c2->seq, >, cursor);
  g_assert_null (find_change (after_two, &first));
}

/* Errors come in the server store's domain with its codes, so callers need not know which
 * database failed: a duplicate key is CONSTRAINT; a user name taken in another case is
 * refused as on SQLite (the unique index on lower (username)); a writer that waits longer
 * than the lock timeout is BUSY. */
static void
test_errors (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(TjServerStore) store = open_store (conninfo);
  g_autoptr(TjServerStore) other = open_store (conninfo);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerAccount) taken = NULL;
  TjServerStmt *stmt;
  TjUuid org, id;

  g_assert_true (tj_server_demo_seed (store, &error));
  g_assert_no_error (error);

  stmt = tj_server_store_prepare (store, "INSERT INTO meta (key, value) VALUES (?, ?)", &error);
  g_assert_no_error (error);
  tj_server_stmt_bind_text (stmt, 1, "seq");
  tj_server_stmt_bind_int64 (stmt, 2, 7);
  g_assert_false (tj_server_store_step_done (store, stmt, &error));
  g_assert_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* User names are one whatever their case: found so, and not taken twice. */
  centre_of (store, &org);
  taken = tj_directory_find_login (store, "MEDIATOR", &error);
  g_assert_no_error (error);
  g_assert_nonnull (taken);
  g_assert_cmpstr (taken->username, ==, "mediator");
  tj_uuid_v7_now (&id);
  stmt = tj_server_store_prepare (store, "INSERT INTO account (id, org_id, username, name, "
                                         "role, password_hash, created_at) "
                                         "VALUES (?, ?, 'Mediator', 'x', 'mediator', 'x', 0)",
                                  &error);
  g_assert_no_error (error);
  tj_server_stmt_bind_blob (stmt, 1, id.bytes, 16);
  tj_server_stmt_bind_blob (stmt, 2, org.bytes, 16);
  g_assert_false (tj_server_store_step_done (store, stmt, &error));
  g_assert_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_CONSTRAINT);
  g_clear_error (&error);

  /* The statement layer goes on working after a failed statement. */
  stmt = tj_server_store_prepare (store, "SELECT value FROM meta WHERE key = ?", &error);
  tj_server_stmt_bind_text (stmt, 1, "seq");
  g_assert_cmpint (tj_server_stmt_step (stmt, &error), ==, TJ_SERVER_STEP_ROW);
  g_assert_no_error (error);
  tj_server_stmt_reset (stmt);

  g_assert_true (tj_server_store_begin (store, &error));
  g_assert_no_error (error);
  g_assert_false (tj_server_store_begin (other, &error));
  g_assert_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_BUSY);
  tj_server_store_rollback (store);
}

/* The checkpoint sums wrap mod 2^64 in C (PostgreSQL's bigint would refuse to overflow):
 * the same records give the same count and sum on both stores, and the sum is the one
 * computed here. */
static void
test_checksum_as_sqlite (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-pg-sqlite-XXXXXX", &error);
  g_autoptr(TjServerStore) pg = open_store (conninfo);
  g_autoptr(TjServerStore) lite = NULL;
  TjServerStore *stores[2];
  TjUuid orgs[2], ids[64];
  guint64 expected = 0;
  gint64 counts[2], seqs[2];
  guint64 sums[2];
  gboolean wrapped = FALSE;

  g_assert_no_error (error);
  lite = tj_server_store_open (dir, &error);
  g_assert_no_error (error);
  stores[0] = lite;
  stores[1] = pg;
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    tj_uuid_v7_now (&ids[i]);
  for (guint s = 0; s < 2; s++)
    {
      TjSyncTxn txn;

      g_assert_true (tj_server_demo_seed (stores[s], &error));
      g_assert_no_error (error);
      centre_of (stores[s], &orgs[s]);
      g_assert_true (tj_sync_txn_begin (&txn, stores[s], &error));
      for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
        {
          g_autoptr(TjServerRecord) rec = tj_server_record_new (&ids[i], "case", &orgs[s]);

          g_assert_true (tj_server_records_save (&txn, rec, &error));
          /* Every third one deleted again: its hash leaves the sum. */
          if (i % 3 == 0)
            {
              rec->deleted = TRUE;
              g_assert_true (tj_server_records_save (&txn, rec, &error));
            }
        }
      g_assert_true (tj_sync_txn_commit (&txn, &error));
      g_assert_no_error (error);
      tj_sync_txn_clear (&txn);
      g_assert_true (tj_server_records_bucket_stat (stores[s], &orgs[s], &seqs[s], &counts[s],
                                                    &sums[s], &error));
      g_assert_no_error (error);
    }
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    if (i % 3 != 0)
      {
        guint64 before = expected;

        expected += tj_sync_record_hash (&ids[i], 1);
        wrapped |= expected < before;
      }
  /* 42 random 64-bit hashes: their sum wraps (else this test would prove nothing). */
  g_assert_true (wrapped);
  g_assert_cmpint (counts[1], ==, 42);
  g_assert_cmpint (counts[0], ==, counts[1]);
  g_assert_cmpuint (sums[0], ==, expected);
  g_assert_cmpuint (sums[1], ==, expected);
  g_clear_object (&lite);
  test_remove_tree (dir);
}

/* A database that holds someone else's tables is refused, not written into. */
static void
test_not_ours (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-pg-store-XXXXXX", &error);
  g_autoptr(TjServerStore) store = NULL;
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res;

  g_assert_cmpint (PQstatus (conn), ==, CONNECTION_OK);
  res = PQexec (conn, "CREATE TABLE payroll (id integer)");
  g_assert_cmpint (PQresultStatus (res), ==, PGRES_COMMAND_OK);
  PQclear (res);
  store = tj_server_store_open_postgres (dir, conninfo, &error);
  g_assert_null (store);
  g_assert_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_NOT_OURS);
  res = PQexec (conn, "SELECT count (*) FROM pg_tables WHERE schemaname = 'public'");
  g_assert_cmpstr (PQgetvalue (res, 0, 0), ==, "1");
  PQclear (res);
  PQfinish (conn);
  test_remove_tree (dir);
}

/* SQLite's parameters become PostgreSQL's by SQLite's numbering: ?N is N, a bare ? one
 * past the highest so far; a ? inside quotes is text. */
static void
test_translate (void)
{
  struct {
    const char *sqlite;
    const char *pg;
    int n;
  } cases[] = {
    { "SELECT 1", "SELECT 1", 0 },
    { "a = ? AND b = ?", "a = $1 AND b = $2", 2 },
    { "x = ? AND substr (p, 1, length (?2)) = ?2 LIMIT 1",
      "x = $1 AND substr (p, 1, length ($2)) = $2 LIMIT 1", 2 },
    { "?3 = ? OR ?1", "$3 = $4 OR $1", 4 },
    { "v = '?' AND \"q?\" = ? AND w = 'it''s ?'", "v = '?' AND \"q?\" = $1 AND w = 'it''s ?'",
      1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      int n = -1;
      g_autofree char *pg = _tj_server_pg_translate (cases[i].sqlite, &n);

      g_assert_cmpstr (pg, ==, cases[i].pg);
      g_assert_cmpint (n, ==, cases[i].n);
    }
}

/* What the server logs of a connection string: its database, host and port, in either of
 * libpq's forms, never the password or the user. */
static void
test_describe (void)
{
  g_autofree char *keywords = tj_server_store_describe_conninfo (
    "host=db.example user=tj password='s3cret pass' dbname=province port=5433");
  g_autofree char *uri = tj_server_store_describe_conninfo (
    "postgresql://tj:s3cret@db.example:5433/province?sslmode=require");
  g_autofree char *bad = tj_server_store_describe_conninfo ("password=s3cret = =");

  g_assert_cmpstr (keywords, ==, "dbname=province host=db.example port=5433");
  g_assert_cmpstr (uri, ==, "dbname=province host=db.example port=5433");
  g_assert_null (strstr (bad, "s3cret"));
}

static gint64
backend_pid (TjServerStore *store, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT pg_backend_pid ()", error);
  gint64 pid = -1;

  if (stmt != NULL && tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    pid = tj_server_stmt_column_int64 (stmt, 0);
  if (stmt != NULL)
    tj_server_stmt_reset (stmt);
  return pid;
}

/* A connection PostgreSQL closed (its restart, an administrator's pg_terminate_backend)
 * is made again: the statement that finds it closed fails, the next one works, prepared
 * again on the new connection. */
static void
test_reconnect (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(TjServerStore) store = open_store (conninfo);
  g_autoptr(TjServerStore) admin = open_store (conninfo);
  g_autoptr(GError) error = NULL;
  TjServerStmt *stmt;
  gint64 pid, again;

  pid = backend_pid (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (pid, >, 0);
  stmt = tj_server_store_prepare (admin, "SELECT pg_terminate_backend (CAST (? AS integer), "
                                         "60000)", &error);
  g_assert_no_error (error);
  tj_server_stmt_bind_int64 (stmt, 1, pid);
  g_assert_cmpint (tj_server_stmt_step (stmt, &error), ==, TJ_SERVER_STEP_ROW);
  g_assert_cmpint (tj_server_stmt_column_int64 (stmt, 0), ==, 1);
  tj_server_stmt_reset (stmt);

  g_assert_cmpint (backend_pid (store, &error), ==, -1);
  g_assert_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_SQLITE);
  g_clear_error (&error);
  again = backend_pid (store, &error);
  g_assert_no_error (error);
  g_assert_cmpint (again, >, 0);
  g_assert_cmpint (again, !=, pid);
  g_assert_true (tj_server_store_begin (store, &error));
  g_assert_no_error (error);
  tj_server_store_rollback (store);
}

static int
run_server (const char * const *argv, char **out, char **err)
{
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  return g_subprocess_get_exit_status (proc);
}

/* The connection string may carry a password: tiaojie-server says which database it uses
 * (name and host) and why it cannot use one, never the password. */
static void
test_password_not_printed (void)
{
  g_autofree char *conninfo = new_database ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-pg-secret-XXXXXX", &error);
  g_autofree char *password_file = g_build_filename (dir, "password", NULL);
  g_autofree char *with_secret = g_strconcat (conninfo, " password=hunter2-Secret", NULL);
  g_autofree char *missing = g_strconcat (with_secret, " dbname=no_such_db", NULL);
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;
  const char *init[] = { g_getenv ("TJ_SERVER"), "--data", dir, "--postgres", with_secret,
                         "--init-province", "650000", "新疆维吾尔自治区劳动人事争议仲裁院",
                         "--admin", "root", "--password-file", password_file, NULL };
  const char *bad[] = { g_getenv ("TJ_SERVER"), "--data", dir, "--postgres", missing,
                        "--listen", "127.0.0.1:0", NULL };

  g_assert_no_error (error);
  g_file_set_contents (password_file, SYNC_PASSWORD "\n", -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run_server (init, &out, &err), ==, 0);
  g_assert_nonnull (strstr (err, "dbname=pg_store_"));
  g_assert_null (strstr (err, "hunter2"));
  g_assert_null (strstr (out, "hunter2"));

  g_assert_cmpint (run_server (bad, &out2, &err2), ==, 1);
  g_assert_nonnull (strstr (err2, "no_such_db"));
  g_assert_null (strstr (err2, "hunter2"));
  g_assert_null (strstr (out2, "hunter2"));
  test_remove_tree (dir);
}

#define CLIENT_A "01900000-0000-7000-8000-00000000000a"
#define CLIENT_B "01900000-0000-7000-8000-00000000000b"

/* The real server on PostgreSQL: log in, push, pull, a conflict, an admin action, and a
 * restart that keeps all of it. */
static void
test_server_end_to_end (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new (), a_edit = sync_mutations_new ();
  g_autoptr(GPtrArray) b_edit = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL, c = NULL;
  g_autoptr(TjSyncPage) page = NULL, again = NULL, county = NULL;
  g_autoptr(JsonNode) answer = NULL, kept = NULL;
  g_autofree char *case_id = sync_new_id (), *dir = g_strdup (w->server->dir);
  g_autofree char *fields = NULL, *token = NULL;
  TjSyncPageOp *op;
  guint status;

  g_assert_true (test_server_on_postgres ());
  g_assert_nonnull (w->server->conninfo);
  fields = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2025〕9号\","
                            "\"received\":\"2025-01-24\",\"state\":\"received\","
                            "\"types\":\"wages\",\"source\":\"application\","
                            "\"channel\":\"walk_in\",\"facts\":\"原来的事实\"}", w->centre);
  sync_add (create, 1, case_id, "case", TJ_OP_CREATE, 0, fields);
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  g_assert_cmpint (((TjSyncResult *) g_ptr_array_index (a->results, 0))->status, ==,
                   TJ_SYNC_APPLIED);
  /* Both change the facts from version 1: the second is a conflict. */
  sync_add (a_edit, 2, case_id, "case", TJ_OP_PATCH, 1, "{\"facts\":\"A 的事实\"}");
  b = sync_push_ok (w, w->head, CLIENT_A, a_edit);
  g_assert_cmpint (((TjSyncResult *) g_ptr_array_index (b->results, 0))->status, ==,
                   TJ_SYNC_APPLIED);
  sync_add (b_edit, 1, case_id, "case", TJ_OP_PATCH, 1, "{\"facts\":\"B 的事实\"}");
  c = sync_push_ok (w, w->mediator, CLIENT_B, b_edit);
  g_assert_cmpint (((TjSyncResult *) g_ptr_array_index (c->results, 0))->status, ==,
                   TJ_SYNC_CONFLICT);

  page = sync_pull_ok (w, w->head, w->centre, 0);
  op = sync_page_find (page, case_id);
  g_assert_nonnull (op);
  g_assert_cmpstr (json_object_get_string_member (op->doc, "facts"), ==, "B 的事实");
  g_assert_cmpuint (sync_page_count (page, "conflict"), ==, 1);
  g_assert_true (page->up_to_date);
  g_assert_cmpint (page->checkpoint_count, ==, (gint64) page->ops->len);
  county = sync_pull_ok (w, w->supervisor, w->county, 0);
  g_assert_nonnull (sync_page_find (county, case_id));

  /* An admin action: the administrator disables the mediator's account. */
  answer = test_server_call (w->server, "GET", "/v1/accounts", w->admin, NULL, TRUE, &status,
                             NULL);
  g_assert_cmpuint (status, ==, 200);
  {
    JsonArray *list = json_object_get_array_member (json_node_get_object (answer), "accounts");
    const char *mediator_id = NULL;
    g_autoptr(JsonNode) disabled = NULL;
    g_autofree char *path = NULL;

    for (guint i = 0; i < json_array_get_length (list); i++)
      {
        JsonObject *acc = json_array_get_object_element (list, i);

        if (g_strcmp0 (json_object_get_string_member (acc, "username"), "mediator") == 0)
          mediator_id = json_object_get_string_member (acc, "id");
      }
    g_assert_nonnull (mediator_id);
    path = g_strdup_printf ("/v1/accounts/%s/disable", mediator_id);
    disabled = test_server_call (w->server, "POST", path, w->admin, NULL, TRUE, &status, NULL);
    g_assert_cmpuint (status, ==, 200);
  }
  kept = test_server_call (w->server, "GET", "/v1/session", w->mediator, NULL, TRUE, &status,
                           NULL);
  g_assert_cmpuint (status, ==, 401);

  /* A restart on the same folder and database keeps records, conflict, epoch and the
   * disabled account. */
  test_server_stop_keep (w->server);
  g_free (w->server->dir);
  g_free (w->server);
  w->server = test_server_start_in (dir, NULL);
  g_free (w->head);
  w->head = test_server_login (w->server, "head", DEMO_PASSWORD);
  again = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpstr (again->epoch, ==, page->epoch);
  g_assert_cmpint (again->next, ==, page->next);
  g_assert_cmpuint (again->checkpoint_checksum, ==, page->checkpoint_checksum);
  op = sync_page_find (again, case_id);
  g_assert_nonnull (op);
  g_assert_cmpstr (json_object_get_string_member (op->doc, "facts"), ==, "B 的事实");
  g_assert_cmpuint (sync_page_count (again, "conflict"), ==, 1);
  g_clear_pointer (&answer, json_node_unref);
  token = g_strdup ("{\"user\":\"mediator\",\"password\":\"" DEMO_PASSWORD "\"}");
  answer = test_server_call (w->server, "POST", "/v1/session", NULL, token, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  sync_world_free (w);
}

typedef struct {
  TestServer *server;
  char       *path;
  const char *token;
  guint       status;
  JsonNode   *answer;
  gint64      answered;   /* monotonic µs */
} Waiting;

static gpointer
long_poll_thread (gpointer data)
{
  Waiting *w = data;

  w->answer = test_server_call (w->server, "GET", w->path, w->token, NULL, TRUE, &w->status,
                                NULL);
  w->answered = g_get_monotonic_time ();
  return NULL;
}

/* One round: a pull waits on `waiter` for up to 20 s; a new case is pushed to the world's
 * server a second later; the pull answers with it long before its wait is out. */
static void
wake_round (SyncWorld *w, TestServer *waiter, const char *client)
{
  g_autoptr(TjSyncPage) before = sync_pull_ok (w, w->head, w->centre, 0);
  g_autoptr(GPtrArray) create = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) pushed = NULL;
  g_autoptr(TjSyncPage) page = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *case_id = sync_new_id (), *fields = NULL;
  Waiting wait = { waiter, sync_pull_path (w->centre, w->epoch, before->next, 20), w->head };
  GThread *thread = g_thread_new ("long-poll", long_poll_thread, &wait);
  gint64 pushed_at;

  g_usleep (G_USEC_PER_SEC);
  fields = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2025〕%u号\","
                            "\"received\":\"2025-01-24\",\"state\":\"received\","
                            "\"types\":\"wages\",\"source\":\"application\","
                            "\"channel\":\"walk_in\",\"facts\":\"事实\"}", w->centre,
                            g_random_int_range (100, 100000));
  sync_add (create, 1, case_id, "case", TJ_OP_CREATE, 0, fields);
  pushed_at = g_get_monotonic_time ();
  pushed = sync_push_ok (w, w->head, client, create);
  g_assert_cmpint (((TjSyncResult *) g_ptr_array_index (pushed->results, 0))->status, ==,
                   TJ_SYNC_APPLIED);
  g_thread_join (thread);

  g_assert_cmpuint (wait.status, ==, 200);
  page = tj_sync_page_from_json (wait.answer, &error);
  g_assert_no_error (error);
  g_assert_nonnull (sync_page_find (page, case_id));
  /* Not the end of its wait (20 s): the other process's announcement woke it. */
  g_test_message ("answered %.3f s after the push", (wait.answered - pushed_at) / 1e6);
  g_assert_cmpint (wait.answered - pushed_at, <, 10 * G_USEC_PER_SEC);
  json_node_unref (wait.answer);
  g_free (wait.path);
}

/* The backends that LISTEN for announcements, as a comma-separated list of their pids. */
static char *
listeners (TjServerStore *admin)
{
  g_autoptr(GError) error = NULL;
  TjServerStmt *stmt = tj_server_store_prepare (admin,
    "SELECT string_agg (CAST (pid AS text), ',' ORDER BY pid) FROM pg_stat_activity "
    "WHERE datname = current_database () AND query LIKE 'LISTEN %'", &error);
  char *pids;

  g_assert_no_error (error);
  g_assert_cmpint (tj_server_stmt_step (stmt, &error), ==, TJ_SERVER_STEP_ROW);
  pids = g_strdup (tj_server_stmt_column_text (stmt, 0));
  tj_server_stmt_reset (stmt);
  return pids;
}

/* Two server processes on one database: a pull waiting on one is answered as soon as a
 * push to the other commits (LISTEN/NOTIFY), also after PostgreSQL dropped the listening
 * connections (they are made again). */
static void
test_wake_across_processes (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-pg-second-XXXXXX", &error);
  const char *extra[] = { "--postgres", w->server->conninfo, NULL };
  TestServer *second;
  g_autoptr(TjServerStore) admin = NULL;
  g_autofree char *before = NULL, *after = NULL;
  TjServerStmt *stmt;

  g_assert_no_error (error);
  g_assert_nonnull (w->server->conninfo);
  second = test_server_start_full (dir, FALSE, extra);
  admin = open_store (w->server->conninfo);

  /* The same database: the first server's token works on the second. */
  wake_round (w, second, CLIENT_A);

  /* PostgreSQL drops both listening connections; each server makes its own again. */
  before = listeners (admin);
  g_assert_nonnull (before);
  g_assert_nonnull (strchr (before, ','));
  stmt = tj_server_store_prepare (admin, "SELECT count (pg_terminate_backend (pid, 60000)) "
                                         "FROM pg_stat_activity WHERE datname = "
                                         "current_database () AND query LIKE 'LISTEN %'",
                                  &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_server_stmt_step (stmt, &error), ==, TJ_SERVER_STEP_ROW);
  g_assert_cmpint (tj_server_stmt_column_int64 (stmt, 0), ==, 2);
  tj_server_stmt_reset (stmt);
  for (guint i = 0; i < 300; i++)
    {
      g_free (after);
      after = listeners (admin);
      if (after != NULL && strchr (after, ',') != NULL)
        break;
      g_usleep (G_USEC_PER_SEC / 10);
    }
  g_assert_nonnull (after);
  g_assert_nonnull (strchr (after, ','));
  g_assert_cmpstr (after, !=, before);
  wake_round (w, second, CLIENT_B);

  test_server_stop (second);
  g_clear_object (&admin);
  sync_world_free (w);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  TestPgCluster *cluster = NULL;
  int status;

  g_test_init (&argc, &argv, NULL);
  pg_host = g_getenv ("TJ_TEST_PG_HOST");
  if (pg_host == NULL)
    {
      cluster = test_pg_cluster_start (&error);
      if (cluster == NULL)
        {
          /* Never a skip: a PostgreSQL that cannot start fails the run, and says why. */
          printf ("Bail out! PostgreSQL did not start: %s\n", error->message);
          return 1;
        }
      /* The servers the tests start keep their databases there too (server-util.c). */
      g_setenv ("TJ_TEST_PG_HOST", cluster->dir, TRUE);
      pg_host = cluster->dir;
    }

  g_test_add_func ("/pg-store/translate", test_translate);
  g_test_add_func ("/pg-store/describe", test_describe);
  g_test_add_func ("/pg-store/seq/commit-order", test_commit_order);
  g_test_add_func ("/pg-store/errors", test_errors);
  g_test_add_func ("/pg-store/checksum/as-sqlite", test_checksum_as_sqlite);
  g_test_add_func ("/pg-store/schema/not-ours", test_not_ours);
  g_test_add_func ("/pg-store/reconnect", test_reconnect);
  g_test_add_func ("/pg-store/password-not-printed", test_password_not_printed);
  g_test_add_func ("/pg-store/server/end-to-end", test_server_end_to_end);
  g_test_add_func ("/pg-store/server/wake-across-processes", test_wake_across_processes);
  status = g_test_run ();
  test_pg_cluster_stop (cluster);
  return status;
}
