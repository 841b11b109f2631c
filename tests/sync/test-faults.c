/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <arpa/inet.h>
#include <errno.h>
#include <glib/gstdio.h>
#include <netinet/in.h>
#include <poll.h>
#include <sqlite3.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "../server/server-util.h"
#include "sync-cli.h"

/* Sync under real-process faults (sync.md, How it is tested, 3): tiaojie-cli killed with
 * SIGKILL while it pushes and while it applies pages, the server killed or stopped in the
 * middle of a sync and started again on its data, and a proxy that swallows every byte.
 * Afterwards every replica converges to the server, every acknowledged mutation is on the
 * server exactly once, no outbox keeps anything, and every file passes integrity_check.
 *
 * The moments of the kills come from the GTest random generator: run with --seed to
 * repeat a run (the seed is printed with --verbose / -d). */

/* Registrations made offline: each is a case with two parties and two claims, five
 * mutations. PULL_CASES makes three full pages (TJ_SYNC_MAX_PAGE, 5,000 records) and a
 * little more, so kills land between pages. */
#define PUSH_CASES  1500
#define PULL_CASES  3100

typedef struct {
  TestServer *server;
  char       *server_dir;
  char       *dir;
  char       *password_file;
} Fixture;

/* ------------------------------------------------------------------ replica files */

static char *
db_path (Fixture *f, const char *db)
{
  return g_build_filename (f->dir, db, NULL);
}

static sqlite3 *
open_db (const char *path)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);
  return db;
}

static gint64
db_int (sqlite3 *db, const char *sql, const char *param)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value = -1;
  int rc;

  rc = sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  if (param != NULL)
    sqlite3_bind_text (stmt, 1, param, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    value = sqlite3_column_type (stmt, 0) == SQLITE_NULL ? 0 : sqlite3_column_int64 (stmt, 0);
  else if (rc != SQLITE_DONE)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  sqlite3_finalize (stmt);
  return value;
}

static gint64
file_int (const char *path, const char *sql, const char *param)
{
  sqlite3 *db = open_db (path);
  gint64 value = db_int (db, sql, param);

  sqlite3_close (db);
  return value;
}

static gint64
replica_int (Fixture *f, const char *db, const char *sql)
{
  g_autofree char *path = db_path (f, db);

  return file_int (path, sql, NULL);
}

static char *
db_text (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_text (stmt, 0) != NULL)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  return value;
}

static char *
replica_text (Fixture *f, const char *db, const char *sql)
{
  g_autofree char *path = db_path (f, db);
  sqlite3 *handle = open_db (path);
  char *text = db_text (handle, sql);

  sqlite3_close (handle);
  g_assert_nonnull (text);
  return text;
}

static void
assert_integrity (Fixture *f, const char *db)
{
  g_autofree char *path = db_path (f, db);
  sqlite3 *handle = open_db (path);
  g_autofree char *ok = db_text (handle, "PRAGMA integrity_check");

  g_assert_cmpstr (ok, ==, "ok");
  g_assert_cmpint (db_int (handle, "SELECT count(*) FROM pragma_foreign_key_check", NULL), ==, 0);
  sqlite3_close (handle);
}

/* Every row of a table, every column but the local rowid, in id order: two replicas that
 * converged give the same text. */
static char *
dump_table (sqlite3 *db, const char *table)
{
  g_autofree char *info = g_strdup_printf ("SELECT name FROM pragma_table_info('%s') "
                                           "WHERE name NOT IN ('cid') ORDER BY cid", table);
  g_autoptr(GString) columns = g_string_new (NULL);
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_prepare_v2 (db, info, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (columns, "%s\"%s\"", columns->len ? ", " : "",
                            (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  g_assert_cmpuint (columns->len, >, 0);

  sql = g_strdup_printf ("SELECT %s FROM \"%s\" ORDER BY 1", columns->str, table);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      for (int i = 0; i < sqlite3_column_count (stmt); i++)
        {
          if (i > 0)
            g_string_append_c (out, '\t');
          if (sqlite3_column_type (stmt, i) == SQLITE_BLOB)
            {
              const guint8 *b = sqlite3_column_blob (stmt, i);

              for (int j = 0; j < sqlite3_column_bytes (stmt, i); j++)
                g_string_append_printf (out, "%02x", b[j]);
            }
          else if (sqlite3_column_type (stmt, i) == SQLITE_NULL)
            g_string_append (out, "NULL");
          else
            g_string_append (out, (const char *) sqlite3_column_text (stmt, i));
        }
      g_string_append_c (out, '\n');
    }
  sqlite3_finalize (stmt);
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static void
assert_same_table (Fixture *f, const char *a, const char *b, const char *table, guint expected_rows)
{
  g_autofree char *path_a = db_path (f, a), *path_b = db_path (f, b);
  sqlite3 *db_a = open_db (path_a), *db_b = open_db (path_b);
  g_autofree char *dump_a = dump_table (db_a, table), *dump_b = dump_table (db_b, table);
  g_auto(GStrv) lines_a = g_strsplit (dump_a, "\n", -1), lines_b = g_strsplit (dump_b, "\n", -1);

  sqlite3_close (db_a);
  sqlite3_close (db_b);
  /* The first row that differs says more than two megabytes of text. */
  for (guint i = 0; lines_a[i] != NULL || lines_b[i] != NULL; i++)
    {
      if (g_strcmp0 (lines_a[i], lines_b[i]) != 0)
        g_test_message ("%s: %s and %s differ at row %u", table, a, b, i);
      g_assert_cmpstr (lines_a[i], ==, lines_b[i]);
      if (lines_a[i] == NULL || lines_b[i] == NULL)
        break;
    }
  if (expected_rows > 0)
    g_assert_cmpuint (g_strv_length (lines_a) - 1, ==, expected_rows);
}

/* b holds exactly the cases, parties and claims of a, field by field. */
static void
assert_same_cases (Fixture *f, const char *a, const char *b, guint n_cases)
{
  assert_same_table (f, a, b, "case", n_cases);
  assert_same_table (f, a, b, "party", 0);
  assert_same_table (f, a, b, "claim", 0);
  g_assert_cmpint (replica_int (f, b, "SELECT count(DISTINCT case_no) FROM \"case\""), ==, n_cases);
}

/* ------------------------------------------------------------------ processes */

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (NULL);
  f->server_dir = g_strdup (f->server->dir);
  f->dir = sync_cli_scratch ("tj-faults-XXXXXX", &f->password_file);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  if (f->server != NULL)
    test_server_stop (f->server);
  else
    test_remove_tree (f->server_dir);
  test_remove_tree (f->dir);
  g_free (f->server_dir);
  g_free (f->dir);
  g_free (f->password_file);
}

static GSubprocess *
spawn_cli_argv (Fixture *f, const char *db, gboolean capture, const char * const *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = db ? db_path (f, db) : NULL;
  GSubprocess *proc;

  launcher = g_subprocess_launcher_new (capture ? G_SUBPROCESS_FLAGS_STDOUT_PIPE |
                                                  G_SUBPROCESS_FLAGS_STDERR_PIPE
                                                : G_SUBPROCESS_FLAGS_STDOUT_SILENCE |
                                                  G_SUBPROCESS_FLAGS_STDERR_SILENCE);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  g_ptr_array_add (argv, (char *) g_getenv ("TJ_CLI"));
  g_assert_nonnull (argv->pdata[0]);
  if (path != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, path);
    }
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  return proc;
}

/* Run to the end; returns the exit status. */
static int
run_cli_argv (Fixture *f, const char *db, char **out, char **err, const char * const *args)
{
  g_autoptr(GSubprocess) proc = spawn_cli_argv (f, db, TRUE, args);
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;

  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_text, &stderr_text,
                                                &error));
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  if (g_subprocess_get_exit_status (proc) != 0 && err == NULL)
    g_printerr ("%s %s: %s\n", db ? db : "", args[0], stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (proc);
}

#define ARGS(...) ((const char * const []) { __VA_ARGS__, NULL })

static void
init_replica (Fixture *f, const char *db, const char *user)
{
  g_assert_cmpint (run_cli_argv (f, db, NULL, NULL,
                                 ARGS ("init", "--server", f->server->url, "--login", user,
                                       "--password-file", f->password_file, "--desk", "1")),
                   ==, 0);
}

/* tiaojie-cli --json sync as `user`, to `url` (the server's when NULL). */
static GStrv
sync_args (Fixture *f, const char *user, const char *url, int attempts, int timeout)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();
  g_autofree char *a = g_strdup_printf ("--attempts=%d", attempts);
  g_autofree char *t = g_strdup_printf ("--timeout=%d", timeout);

  g_strv_builder_add_many (b, "--json", "sync", "--user", user, "--password-file",
                           f->password_file, "--server", url ? url : f->server->url, a, t, NULL);
  return g_strv_builder_end (b);
}

static GSubprocess *
spawn_sync (Fixture *f, const char *db, gboolean capture, const char *user, const char *url,
            int attempts, int timeout)
{
  g_auto(GStrv) args = sync_args (f, user, url, attempts, timeout);

  return spawn_cli_argv (f, db, capture, (const char * const *) args);
}

/* A sync that runs to the end and succeeds; returns its report. */
static JsonNode *
sync_ok (Fixture *f, const char *db, const char *user, const char *url)
{
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *report;

  g_auto(GStrv) args = sync_args (f, user, url, 5, 30);

  g_assert_cmpint (run_cli_argv (f, db, &out, NULL, (const char * const *) args), ==, 0);
  report = json_from_string (out, &error);
  g_assert_no_error (error);
  return report;
}

static gint64
report_int (JsonNode *report, const char *member)
{
  return json_object_get_int_member (json_node_get_object (report), member);
}

/* TRUE if the process ends within `ms` (and it is then reaped). GSubprocess forgets the
 * identifier of a child that has exited. */
static gboolean
exits_within (GSubprocess *proc, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;

  while (g_subprocess_get_identifier (proc) != NULL)
    {
      if (g_get_monotonic_time () >= end)
        return FALSE;
      g_usleep (1000);
    }
  g_subprocess_wait (proc, NULL, NULL);
  return TRUE;
}

static void
kill_now (GSubprocess *proc)
{
  g_subprocess_force_exit (proc);
  g_subprocess_wait (proc, NULL, NULL);
}

/* Poll `sql` on the replica until it gives more than `above`, the process ends, or `ms`
 * pass. Returns TRUE if the value moved while the process still runs. */
static gboolean
await_progress (const char *path, const char *sql, gint64 above, GSubprocess *proc, guint ms)
{
  gint64 end = g_get_monotonic_time () + (gint64) ms * 1000;
  sqlite3 *db = open_db (path);
  gboolean moved = FALSE;

  while (g_get_monotonic_time () < end && g_subprocess_get_identifier (proc) != NULL)
    {
      if (db_int (db, sql, NULL) > above)
        {
          moved = TRUE;
          break;
        }
      g_usleep (2000);
    }
  sqlite3_close (db);
  return moved;
}

/* ------------------------------------------------------------------ what the server holds */

#define ACKED_SQL "SELECT coalesce ((SELECT CAST (value AS INTEGER) FROM meta " \
                  "WHERE key = 'acked_mutation_id'), 0)"
#define LAST_SQL  "SELECT coalesce ((SELECT CAST (value AS INTEGER) FROM meta " \
                  "WHERE key = 'last_mutation_id'), 0)"
#define CURSOR_SQL "SELECT coalesce (max (next), 0) FROM sync_state"
/* Mutations still to send, counting a registration's children. */
#define PENDING_SQL "SELECT count (*) + coalesce (sum (length (children) / 17), 0) FROM outbox"

static char *
client_id_of (Fixture *f, const char *db)
{
  g_autofree char *path = db_path (f, db);
  sqlite3 *handle = open_db (path);
  char *id = db_text (handle, "SELECT value FROM meta WHERE key = 'client_id'");

  sqlite3_close (handle);
  g_assert_nonnull (id);
  return id;
}

/* The server's own record of a client: the last mutation it applied and how many ledger
 * rows it keeps, read from its database (WAL: a reader does not disturb it). */
static void
server_client (Fixture *f, const char *client_id, gint64 *last, gint64 *ledger, gint64 *max_id)
{
  g_autofree char *path = g_build_filename (f->server_dir, "server.sqlite", NULL);
  sqlite3 *db = open_db (path);

  *last = db_int (db, "SELECT coalesce (max (last_mutation_id), 0) FROM client "
                      "WHERE lower (hex (client_id)) = replace (lower (?), '-', '')", client_id);
  *ledger = db_int (db, "SELECT count (*) FROM ledger "
                        "WHERE lower (hex (client_id)) = replace (lower (?), '-', '')", client_id);
  *max_id = db_int (db, "SELECT coalesce (max (mutation_id), 0) FROM ledger "
                        "WHERE lower (hex (client_id)) = replace (lower (?), '-', '')", client_id);
  sqlite3_close (db);
}

/* After a kill: what the replica holds as acknowledged, the server has; the outbox keeps
 * exactly what was not acknowledged (the watermark sits inside its first entry). */
static void
assert_ack_consistent (Fixture *f, const char *db, const char *client_id, gint64 total)
{
  gint64 acked = replica_int (f, db, ACKED_SQL);
  gint64 last, ledger, max_id;
  g_autofree char *below = g_strdup_printf ("SELECT count (*) FROM outbox WHERE mutation_id + "
                                            "coalesce (length (children), 0) / 17 <= %"
                                            G_GINT64_FORMAT, acked);

  server_client (f, client_id, &last, &ledger, &max_id);
  g_assert_cmpint (last, >=, acked);
  g_assert_cmpint (ledger, ==, last);
  g_assert_cmpint (max_id, ==, last);
  g_assert_cmpint (replica_int (f, db, below), ==, 0);
  if (acked < total)
    g_assert_cmpint (replica_int (f, db, "SELECT coalesce (min (mutation_id), 0) FROM outbox"),
                     <=, acked + 1);
  else
    g_assert_cmpint (replica_int (f, db, "SELECT count (*) FROM outbox"), ==, 0);
  assert_integrity (f, db);
}

/* Everything made on `db` is on the server exactly once, and a replica made fresh from the
 * server (`fresh`, as `user`) holds the same cases field by field. */
static void
assert_converged (Fixture *f, const char *db, const char *fresh, const char *user,
                  guint n_cases)
{
  g_autofree char *client_id = client_id_of (f, db);
  gint64 total = replica_int (f, db, LAST_SQL), last, ledger, max_id;

  g_assert_cmpint (replica_int (f, db, "SELECT count (*) FROM outbox"), ==, 0);
  g_assert_cmpint (replica_int (f, db, ACKED_SQL), ==, total);
  server_client (f, client_id, &last, &ledger, &max_id);
  /* Every mutation answered once: the ledger has 1 … total and nothing else. */
  g_assert_cmpint (last, ==, total);
  g_assert_cmpint (ledger, ==, total);
  g_assert_cmpint (max_id, ==, total);
  assert_integrity (f, db);

  init_replica (f, fresh, user);
  assert_integrity (f, fresh);
  assert_same_cases (f, db, fresh, n_cases);
  /* Registered once and never edited: a create applied twice would show as version 2. */
  g_assert_cmpint (replica_int (f, fresh, "SELECT count (*) FROM \"case\" WHERE version != 1"),
                   ==, 0);
}

/* n registrations made offline on `db`: n cases more, five mutations each to send. */
static void
make_cases (Fixture *f, const char *db, int n, int seed)
{
  g_autofree char *cases = g_strdup_printf ("%d", n), *s = g_strdup_printf ("%d", seed);
  gint64 before = replica_int (f, db, "SELECT count (*) FROM \"case\"");
  gint64 pending = replica_int (f, db, PENDING_SQL);

  g_assert_cmpint (run_cli_argv (f, db, NULL, NULL,
                                 ARGS ("demo", "--cases", cases, "--seed", s, "--no-actions")),
                   ==, 0);
  g_assert_cmpint (replica_int (f, db, "SELECT count (*) FROM \"case\""), ==, before + n);
  g_assert_cmpint (replica_int (f, db, PENDING_SQL), ==, pending + 5 * n);
}

/* ------------------------------------------------------------------ 1. kill during push */

static void
test_kill_during_push (Fixture *f, gconstpointer data)
{
  g_autofree char *path = db_path (f, "a.sqlite");
  g_autofree char *client_id = NULL;
  g_autoptr(JsonNode) report = NULL;
  gint64 total, prev = 0, on_server, ledger, max_id;
  guint kills = 0, mid_push = 0;

  init_replica (f, "a.sqlite", "mediator");
  make_cases (f, "a.sqlite", PUSH_CASES, 11);
  total = replica_int (f, "a.sqlite", LAST_SQL);
  g_assert_cmpint (total, ==, PUSH_CASES * 5);
  client_id = client_id_of (f, "a.sqlite");

  /* Kill every run: a third at a blind moment (logging in, the first batch on the wire),
   * the rest a random moment after a batch was acknowledged (the next batch in flight,
   * maybe committed on the server but not yet here). */
  for (guint round = 0; round < 8 && prev < total; round++)
    {
      g_autoptr(GSubprocess) proc = spawn_sync (f, "a.sqlite", FALSE, "mediator", NULL,
                                                3, 30);
      gint64 acked;

      if (round % 3 == 0)
        g_usleep (g_test_rand_int_range (50, 400) * 1000);
      else if (await_progress (path, ACKED_SQL, prev, proc, 20000))
        g_usleep (g_test_rand_int_range (0, 120) * 1000);
      if (exits_within (proc, 0))
        {
          /* It finished first: that is allowed, but it must have succeeded. */
          g_assert_true (g_subprocess_get_if_exited (proc));
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
          break;
        }
      kill_now (proc);
      kills++;
      acked = replica_int (f, "a.sqlite", ACKED_SQL);
      server_client (f, client_id, &on_server, &ledger, &max_id);
      /* The server ahead of the replica: a batch committed whose answer never arrived;
       * the next run sends it again and gets the stored answers. */
      g_test_message ("push kill %u: %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT
                      " acknowledged here, %" G_GINT64_FORMAT " applied on the server",
                      kills, acked, total, on_server);
      g_assert_cmpint (acked, >=, prev);
      assert_ack_consistent (f, "a.sqlite", client_id, total);
      if (acked > 0 && acked < total)
        mid_push++;
      prev = acked;
    }
  g_assert_cmpuint (kills, >=, 3);
  g_assert_cmpuint (mid_push, >=, 2);

  report = sync_ok (f, "a.sqlite", "mediator", NULL);
  g_assert_cmpint (report_int (report, "rejected"), ==, 0);
  g_assert_cmpint (report_int (report, "conflicts"), ==, 0);
  assert_converged (f, "a.sqlite", "fresh.sqlite", "head", PUSH_CASES);
}

/* ------------------------------------------------------------------ 2. kill during apply */

static void
kill_while_pulling (Fixture *f, const char *db, const char *user, const char *reference)
{
  g_autofree char *path = db_path (f, db);
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GArray) cursors = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 prev = replica_int (f, db, CURSOR_SQL), final;
  guint mid_pull = 0;

  g_assert_cmpint (prev, ==, 0);
  for (guint round = 0; round < 6; round++)
    {
      g_autoptr(GSubprocess) proc = spawn_sync (f, db, FALSE, user, NULL, 3, 30);
      gint64 cursor, cases;

      /* Most kills land just after a page committed, while the next one is fetched or
       * applied; the first is blind. */
      if (round == 0)
        g_usleep (g_test_rand_int_range (20, 300) * 1000);
      else if (await_progress (path, CURSOR_SQL, prev, proc, 20000))
        g_usleep (g_test_rand_int_range (0, 60) * 1000);
      if (exits_within (proc, 0))
        {
          g_assert_true (g_subprocess_get_if_exited (proc));
          g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
          break;
        }
      kill_now (proc);
      cursor = replica_int (f, db, CURSOR_SQL);
      cases = replica_int (f, db, "SELECT count (*) FROM \"case\"");
      g_test_message ("%s pull kill %u: cursor %" G_GINT64_FORMAT ", %" G_GINT64_FORMAT
                      " cases", db, cursors->len + 1, cursor, cases);
      /* The cursor never goes back, and a page is all there or not at all. */
      g_assert_cmpint (cursor, >=, prev);
      g_assert_cmpint (cases, <=, PULL_CASES);
      assert_integrity (f, db);
      g_array_append_val (cursors, cursor);
      prev = cursor;
    }

  report = sync_ok (f, db, user, NULL);
  final = replica_int (f, db, CURSOR_SQL);
  g_assert_cmpint (final, >=, prev);
  /* Resumed, not started over: it fetched no more than what came after the cursor. */
  g_assert_cmpint (report_int (report, "pulled"), <=, final - prev);
  for (guint i = 0; i < cursors->len; i++)
    if (g_array_index (cursors, gint64, i) > 0 && g_array_index (cursors, gint64, i) < final)
      mid_pull++;
  g_test_message ("%s: %u kills, %u in the middle of the download", db, cursors->len, mid_pull);
  g_assert_cmpuint (cursors->len, >=, 2);
  g_assert_cmpuint (mid_pull, >=, 1);

  assert_integrity (f, db);
  g_assert_cmpint (replica_int (f, db, "SELECT count (*) FROM sync_parked"), ==, 0);
  assert_same_cases (f, reference, db, PULL_CASES);
}

static void
test_kill_during_apply (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) report = NULL;

  /* Linked before there is anything, so their first sync is the whole initial download. */
  init_replica (f, "m.sqlite", "mediator");
  init_replica (f, "h.sqlite", "head");
  init_replica (f, "s.sqlite", "supervisor");

  init_replica (f, "a.sqlite", "mediator");
  make_cases (f, "a.sqlite", PULL_CASES, 23);
  report = sync_ok (f, "a.sqlite", "mediator", NULL);
  g_assert_cmpint (report_int (report, "pushed"), ==, PULL_CASES * 5);
  g_assert_cmpint (report_int (report, "pulled"), ==, PULL_CASES * 5);

  kill_while_pulling (f, "m.sqlite", "mediator", "a.sqlite");
  kill_while_pulling (f, "h.sqlite", "head", "a.sqlite");
  /* The same bucket: the same position and the same checkpoint as the uninterrupted one. */
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *pa = db_path (f, "a.sqlite");
      g_autofree char *pb = db_path (f, i == 0 ? "m.sqlite" : "h.sqlite");
      sqlite3 *da = open_db (pa), *dbb = open_db (pb);
      g_autofree char *sa = dump_table (da, "sync_state"), *sb = dump_table (dbb, "sync_state");

      g_assert_cmpstr (sa, ==, sb);
      sqlite3_close (da);
      sqlite3_close (dbb);
    }
  /* A county's replica pulls another bucket with its own sequence. */
  kill_while_pulling (f, "s.sqlite", "supervisor", "a.sqlite");
}

/* ------------------------------------------------------------------ a TCP proxy */

/* Between a client and the server: forwards both ways, or, blackholed, takes every byte
 * and answers nothing (not even a close), as a dead route or a stuck middlebox does. */
typedef struct {
  int        listen_fd;
  guint16    port;
  gint       upstream;          /* atomic: the server's port */
  gint       blackhole;         /* atomic */
  gint       stop;              /* atomic */
  gint       swallowed;         /* atomic: bytes taken and dropped */
  GThread   *acceptor;
  GMutex     lock;
  GPtrArray *threads;
} Proxy;

typedef struct {
  Proxy *proxy;
  int    client;
} ProxyConn;

static gboolean
send_all (int fd, const char *buf, gssize n)
{
  while (n > 0)
    {
      gssize w = send (fd, buf, n, MSG_NOSIGNAL);

      if (w < 0 && errno == EINTR)
        continue;
      if (w <= 0)
        return FALSE;
      buf += w;
      n -= w;
    }
  return TRUE;
}

static int
connect_upstream (guint16 port)
{
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons (port) };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd >= 0 && connect (fd, (struct sockaddr *) &addr, sizeof addr) != 0)
    {
      close (fd);
      return -1;
    }
  return fd;
}

static gpointer
proxy_conn_thread (gpointer data)
{
  ProxyConn *c = data;
  Proxy *p = c->proxy;
  int up = -1;
  char buf[65536];

  /* A blackholed route never connects through; a dead server is a refused connection. */
  if (!g_atomic_int_get (&p->blackhole))
    {
      up = connect_upstream ((guint16) g_atomic_int_get (&p->upstream));
      if (up < 0)
        goto out;
    }
  while (!g_atomic_int_get (&p->stop))
    {
      struct pollfd fds[2] = { { c->client, POLLIN, 0 }, { up, POLLIN, 0 } };
      int n = poll (fds, up >= 0 ? 2 : 1, 50);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        break;
      for (int i = 0; i < (up >= 0 ? 2 : 1); i++)
        {
          gssize r;

          if (!(fds[i].revents & (POLLIN | POLLHUP | POLLERR)))
            continue;
          r = recv (fds[i].fd, buf, sizeof buf, 0);
          if (r <= 0)
            goto out;
          if (g_atomic_int_get (&p->blackhole))
            g_atomic_int_add (&p->swallowed, (gint) r);
          else if (!send_all (i == 0 ? up : c->client, buf, r))
            goto out;
        }
    }
out:
  if (up >= 0)
    close (up);
  close (c->client);
  g_free (c);
  return NULL;
}

static gpointer
proxy_accept_thread (gpointer data)
{
  Proxy *p = data;

  while (!g_atomic_int_get (&p->stop))
    {
      struct pollfd pfd = { p->listen_fd, POLLIN, 0 };
      ProxyConn *c;
      int fd;

      if (poll (&pfd, 1, 50) <= 0)
        continue;
      fd = accept (p->listen_fd, NULL, NULL);
      if (fd < 0)
        continue;
      c = g_new0 (ProxyConn, 1);
      c->proxy = p;
      c->client = fd;
      g_mutex_lock (&p->lock);
      g_ptr_array_add (p->threads, g_thread_new ("proxy-conn", proxy_conn_thread, c));
      g_mutex_unlock (&p->lock);
    }
  return NULL;
}

static Proxy *
proxy_new (guint16 upstream)
{
  Proxy *p = g_new0 (Proxy, 1);
  struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = 0 };
  socklen_t len = sizeof addr;

  addr.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  p->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  g_assert_cmpint (p->listen_fd, >=, 0);
  g_assert_cmpint (bind (p->listen_fd, (struct sockaddr *) &addr, sizeof addr), ==, 0);
  g_assert_cmpint (listen (p->listen_fd, 64), ==, 0);
  g_assert_cmpint (getsockname (p->listen_fd, (struct sockaddr *) &addr, &len), ==, 0);
  p->port = ntohs (addr.sin_port);
  p->upstream = upstream;
  g_mutex_init (&p->lock);
  p->threads = g_ptr_array_new ();
  p->acceptor = g_thread_new ("proxy-accept", proxy_accept_thread, p);
  return p;
}

static char *
proxy_url (Proxy *p)
{
  return g_strdup_printf ("http://127.0.0.1:%u", p->port);
}

static void
proxy_free (Proxy *p)
{
  g_atomic_int_set (&p->stop, 1);
  g_thread_join (p->acceptor);
  for (guint i = 0; i < p->threads->len; i++)
    g_thread_join (p->threads->pdata[i]);
  g_ptr_array_unref (p->threads);
  g_mutex_clear (&p->lock);
  close (p->listen_fd);
  g_free (p);
}

/* ------------------------------------------------------------------ 3. server restart */

static void
server_kill (Fixture *f)
{
  g_clear_object (&f->server->session);
  kill_now (f->server->proc);
  g_assert_true (g_subprocess_get_if_signaled (f->server->proc));
  g_clear_object (&f->server->proc);
  g_free (f->server->url);
  g_free (f->server->dir);
  g_clear_pointer (&f->server, g_free);
}

static void
server_restart (Fixture *f)
{
  g_assert_null (f->server);
  f->server = test_server_start_in (f->server_dir, NULL);
}

static void
test_server_restart (Fixture *f, gconstpointer data)
{
  g_autofree char *path = db_path (f, "a.sqlite");
  g_autofree char *client_id = NULL, *err = NULL, *out = NULL, *url = NULL;
  g_autoptr(JsonNode) report = NULL;
  g_autoptr(GError) error = NULL;
  Proxy *proxy;
  gint64 total, acked;

  init_replica (f, "a.sqlite", "mediator");
  make_cases (f, "a.sqlite", PUSH_CASES, 31);
  total = replica_int (f, "a.sqlite", LAST_SQL);
  client_id = client_id_of (f, "a.sqlite");

  /* The server dies (SIGKILL) under a push: the sync fails and says why. */
  {
    g_autoptr(GSubprocess) proc = spawn_sync (f, "a.sqlite", TRUE, "mediator", NULL, 2, 30);

    g_assert_true (await_progress (path, ACKED_SQL, 0, proc, 20000));
    g_usleep (g_test_rand_int_range (0, 100) * 1000);
    server_kill (f);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_exited (proc));
    g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
    g_test_message ("after the server died: %s", err);
    g_assert_nonnull (strstr (err, "Could not reach http://127.0.0.1:"));
  }
  acked = replica_int (f, "a.sqlite", ACKED_SQL);
  g_assert_cmpint (acked, >, 0);
  g_assert_cmpint (acked, <, total);
  /* The dead server's file has what was acknowledged. */
  assert_ack_consistent (f, "a.sqlite", client_id, total);

  /* On the same data (a new port): the sync picks up where it stopped. A few more
   * cases meanwhile. */
  server_restart (f);
  make_cases (f, "a.sqlite", 300, 32);
  total = replica_int (f, "a.sqlite", LAST_SQL);

  /* Through a proxy with a fixed address, the server stopped (SIGTERM: it must still exit
   * cleanly with a push in flight) and started again; the client retries through the gap
   * and finishes by itself. */
  proxy = proxy_new (f->server->port);
  url = proxy_url (proxy);
  {
    g_autoptr(GSubprocess) proc = spawn_sync (f, "a.sqlite", TRUE, "mediator", url, 12, 30);
    g_autofree char *out2 = NULL, *err2 = NULL;

    g_assert_true (await_progress (path, ACKED_SQL, acked, proc, 20000));
    g_usleep (g_test_rand_int_range (0, 100) * 1000);
    test_server_stop_keep (f->server);
    g_free (f->server->dir);
    g_clear_pointer (&f->server, g_free);
    g_usleep (300 * 1000);
    server_restart (f);
    g_atomic_int_set (&proxy->upstream, f->server->port);
    g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out2, &err2, &error));
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_if_exited (proc));
    if (g_subprocess_get_exit_status (proc) != 0)
      g_printerr ("sync through the restart: %s\n", err2);
    g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
    report = json_from_string (out2, &error);
    g_assert_no_error (error);
    g_assert_cmpint (report_int (report, "retries"), >=, 1);
  }
  proxy_free (proxy);

  /* Nothing more to send; what the server has is what the replica made. */
  g_clear_pointer (&report, json_node_unref);
  report = sync_ok (f, "a.sqlite", "mediator", NULL);
  g_assert_cmpint (report_int (report, "pushed"), ==, 0);
  assert_converged (f, "a.sqlite", "fresh.sqlite", "head", PUSH_CASES + 300);
}

/* ------------------------------------------------------------------ 4. blackhole */

/* A sync that must give up by itself: waits at most `bound_ms`, then fails the test (the
 * child is killed so that nothing outlives it). Returns stderr. */
static char *
sync_must_fail (Fixture *f, GSubprocess *proc, guint bound_ms, gint64 *elapsed_ms)
{
  gint64 start = g_get_monotonic_time ();
  g_autoptr(GBytes) err = NULL;
  g_autoptr(GError) error = NULL;
  GInputStream *stream = g_subprocess_get_stderr_pipe (proc);
  g_autoptr(GByteArray) text = g_byte_array_new ();
  gboolean ended = exits_within (proc, bound_ms);

  *elapsed_ms = (g_get_monotonic_time () - start) / 1000;
  if (!ended)
    kill_now (proc);
  g_assert_true (ended);
  for (;;)
    {
      g_autoptr(GBytes) chunk = g_input_stream_read_bytes (stream, 4096, NULL, &error);

      g_assert_no_error (error);
      if (g_bytes_get_size (chunk) == 0)
        break;
      g_byte_array_append (text, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
    }
  g_byte_array_append (text, (const guint8 *) "", 1);
  g_assert_true (g_subprocess_get_if_exited (proc));
  g_assert_cmpint (g_subprocess_get_exit_status (proc), !=, 0);
  return (char *) g_byte_array_free (g_steal_pointer (&text), FALSE);
}

static void
test_blackhole (Fixture *f, gconstpointer data)
{
  g_autofree char *path = db_path (f, "a.sqlite");
  g_autofree char *client_id = NULL, *url = NULL;
  g_autoptr(JsonNode) report = NULL;
  Proxy *proxy;
  gint64 total, acked, elapsed;

  init_replica (f, "a.sqlite", "mediator");
  make_cases (f, "a.sqlite", 1000, 41);
  total = replica_int (f, "a.sqlite", LAST_SQL);
  client_id = client_id_of (f, "a.sqlite");
  proxy = proxy_new (f->server->port);
  url = proxy_url (proxy);

  /* Blackholed from the start: even the login cannot hang. */
  g_atomic_int_set (&proxy->blackhole, 1);
  {
    g_autoptr(GSubprocess) proc = spawn_sync (f, "a.sqlite", TRUE, "mediator", url, 2, 2);
    g_autofree char *err = sync_must_fail (f, proc, 30000, &elapsed);

    g_test_message ("blackholed login gave up after %" G_GINT64_FORMAT " ms: %s", elapsed, err);
    g_assert_nonnull (strstr (err, "did not answer for 2 seconds"));
  }
  g_assert_cmpint (g_atomic_int_get (&proxy->swallowed), >, 0);
  g_assert_cmpint (replica_int (f, "a.sqlite", ACKED_SQL), ==, 0);
  g_assert_cmpint (replica_int (f, "a.sqlite", PENDING_SQL), ==, total);

  /* The route dies in the middle of the push: the request in flight and its retry time
   * out, and the sync gives up instead of waiting forever. */
  g_atomic_int_set (&proxy->blackhole, 0);
  {
    g_autoptr(GSubprocess) proc = spawn_sync (f, "a.sqlite", TRUE, "mediator", url, 2, 2);
    g_autofree char *err = NULL;
    gint swallowed = g_atomic_int_get (&proxy->swallowed);

    g_assert_true (await_progress (path, ACKED_SQL, 0, proc, 20000));
    g_usleep (g_test_rand_int_range (0, 60) * 1000);
    g_atomic_int_set (&proxy->blackhole, 1);
    err = sync_must_fail (f, proc, 30000, &elapsed);
    g_test_message ("blackholed push gave up after %" G_GINT64_FORMAT " ms: %s", elapsed, err);
    g_assert_nonnull (strstr (err, "did not answer for 2 seconds"));
    g_assert_nonnull (strstr (err, "Gave up after 2 attempts"));
    g_assert_cmpint (g_atomic_int_get (&proxy->swallowed), >, swallowed);
  }
  acked = replica_int (f, "a.sqlite", ACKED_SQL);
  g_assert_cmpint (acked, >, 0);
  g_assert_cmpint (acked, <, total);
  assert_ack_consistent (f, "a.sqlite", client_id, total);

  /* The route comes back: the same replica finishes through the proxy. */
  g_atomic_int_set (&proxy->blackhole, 0);
  report = sync_ok (f, "a.sqlite", "mediator", url);
  g_assert_cmpint (report_int (report, "pushed"), >=, total - acked);
  g_assert_cmpint (report_int (report, "rejected"), ==, 0);
  proxy_free (proxy);
  assert_converged (f, "a.sqlite", "fresh.sqlite", "head", 1000);
}

/* ------------------------------------------------------------------ 5. restore from a backup */

static void
copy_file (const char *from, const char *to)
{
  g_autoptr(GFile) src = g_file_new_for_path (from);
  g_autoptr(GFile) dst = g_file_new_for_path (to);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_copy (src, dst, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
}

/* The server's data folder goes back to a copy taken earlier and the server starts with
 * --restored (sync.md): a replica sends again the acknowledged edits the copy lacks, every
 * replica pulls its bucket again, and what the server no longer has and no one sends
 * again (a case of a replica that never came back) leaves the replicas. */
static void
test_restore (Fixture *f, gconstpointer data)
{
  g_autofree char *db = g_build_filename (f->server_dir, "server.sqlite", NULL);
  g_autofree char *backup = g_build_filename (f->dir, "backup.sqlite", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL), *shm = g_strconcat (db, "-shm", NULL);
  g_autofree char *edited = NULL, *lost = NULL, *find_edit = NULL, *find_lost = NULL;
  g_autoptr(JsonNode) report = NULL;
  gint64 n_a;

  init_replica (f, "a.sqlite", "head");
  init_replica (f, "b.sqlite", "mediator");
  /* Another replica of the head on desk 2, so its case numbers are its own. */
  g_assert_cmpint (run_cli_argv (f, "c.sqlite", NULL, NULL,
                                 ARGS ("init", "--server", f->server->url, "--login", "head",
                                       "--password-file", f->password_file, "--desk", "2")),
                   ==, 0);
  make_cases (f, "a.sqlite", 20, 51);
  json_node_unref (sync_ok (f, "a.sqlite", "head", NULL));
  json_node_unref (sync_ok (f, "b.sqlite", "mediator", NULL));

  /* The backup, taken with the server stopped. */
  test_server_stop_keep (f->server);
  g_free (f->server->dir);
  g_clear_pointer (&f->server, g_free);
  copy_file (db, backup);
  server_restart (f);

  /* After it: A registers five more cases and edits one it had; C registers one and is
   * never seen again. All of it acknowledged, and B has it. */
  make_cases (f, "a.sqlite", 5, 52);
  edited = replica_text (f, "a.sqlite", "SELECT case_no FROM \"case\" ORDER BY cid LIMIT 1");
  g_assert_cmpint (run_cli_argv (f, "a.sqlite", NULL, NULL,
                                 ARGS ("case", "set", edited, "facts=备份之后补充的事实。")),
                   ==, 0);
  json_node_unref (sync_ok (f, "a.sqlite", "head", NULL));
  make_cases (f, "c.sqlite", 1, 53);
  json_node_unref (sync_ok (f, "c.sqlite", "head", NULL));
  /* C's own case came before the ones it pulled. */
  lost = replica_text (f, "c.sqlite", "SELECT case_no FROM \"case\" ORDER BY cid LIMIT 1");
  json_node_unref (sync_ok (f, "b.sqlite", "mediator", NULL));
  find_edit = g_strdup_printf ("SELECT count (*) FROM \"case\" WHERE case_no = '%s' AND "
                               "facts = '备份之后补充的事实。'", edited);
  find_lost = g_strdup_printf ("SELECT count (*) FROM \"case\" WHERE case_no = '%s'", lost);
  g_assert_cmpint (replica_int (f, "b.sqlite", "SELECT count (*) FROM \"case\""), ==, 26);
  g_assert_cmpint (replica_int (f, "b.sqlite", find_edit), ==, 1);
  g_assert_cmpint (replica_int (f, "b.sqlite", find_lost), ==, 1);

  /* The restore. */
  test_server_stop_keep (f->server);
  g_free (f->server->dir);
  g_clear_pointer (&f->server, g_free);
  copy_file (backup, db);
  g_remove (wal);
  g_remove (shm);
  f->server = test_server_start_in (f->server_dir, ARGS ("--restored"));

  /* A: pushes nothing new, sends again what the copy lacks (five registrations of five
   * mutations and the edit), pulls everything again. */
  report = sync_ok (f, "a.sqlite", "head", NULL);
  g_assert_cmpint (report_int (report, "replayed"), ==, 26);
  g_assert_cmpint (report_int (report, "resets"), ==, 1);
  g_assert_cmpint (report_int (report, "rejected"), ==, 0);
  g_clear_pointer (&report, json_node_unref);
  g_assert_cmpint (replica_int (f, "a.sqlite", "SELECT count (*) FROM outbox"), ==, 0);
  g_assert_cmpint (replica_int (f, "a.sqlite", ACKED_SQL), ==,
                   replica_int (f, "a.sqlite", LAST_SQL));
  n_a = replica_int (f, "a.sqlite", "SELECT count (*) FROM \"case\"");
  g_assert_cmpint (n_a, ==, 25);
  g_assert_cmpint (replica_int (f, "a.sqlite", find_lost), ==, 0);

  /* B: the bucket again; the lost case leaves, A's edit stays. */
  report = sync_ok (f, "b.sqlite", "mediator", NULL);
  g_assert_cmpint (report_int (report, "resets"), ==, 1);
  g_assert_cmpint (replica_int (f, "b.sqlite", find_lost), ==, 0);
  g_assert_cmpint (replica_int (f, "b.sqlite", find_edit), ==, 1);
  assert_same_cases (f, "a.sqlite", "b.sqlite", 25);
  assert_integrity (f, "b.sqlite");
  g_assert_cmpint (replica_int (f, "b.sqlite", "SELECT count (*) FROM sync_unseen"), ==, 0);
  /* A new replica from the restored server has the same. */
  init_replica (f, "fresh.sqlite", "mediator");
  assert_same_cases (f, "b.sqlite", "fresh.sqlite", 25);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync-faults/kill-during-push", Fixture, NULL, fixture_set_up,
              test_kill_during_push, fixture_tear_down);
  g_test_add ("/sync-faults/kill-during-apply", Fixture, NULL, fixture_set_up,
              test_kill_during_apply, fixture_tear_down);
  g_test_add ("/sync-faults/server-restart", Fixture, NULL, fixture_set_up,
              test_server_restart, fixture_tear_down);
  g_test_add ("/sync-faults/blackhole", Fixture, NULL, fixture_set_up, test_blackhole,
              fixture_tear_down);
  g_test_add ("/sync-faults/restore", Fixture, NULL, fixture_set_up, test_restore,
              fixture_tear_down);
  return g_test_run ();
}
