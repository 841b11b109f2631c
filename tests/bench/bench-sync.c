/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-sync: the figures of sync.md's Targets table, end to end on loopback.
 *
 * It prints figures and never asserts timings. The real tiaojie-server ($TJ_SERVER) runs
 * as a process on 127.0.0.1 with --demo; replicas are real files driven in-process
 * through the same calls as `tiaojie-cli init --server` and `tiaojie-cli sync`
 * (tj_case_store_init_replica, TjSyncClient).
 *
 *   0. Seeding: replica A (head of 南岭, desk 1) registers --cases generated cases
 *      (tj_demo_generate: 2 parties, 2 claims each) and pushes them through TjSyncClient:
 *      the push throughput. Nothing is written into the server's database behind its back.
 *   1. Initial sync: a fresh replica B (mediator of 南岭, desk 2) set up from the server
 *      and pulled until up to date; beside it, plain SQLite inserts of as many rows of the
 *      same average size on the same machine (the physical floor).
 *   2. Push round trip of one mutation: B edits one field of a case, then pushes it.
 *   3. Edit on B visible on online C: C long-polls GET /v1/pull?wait in a thread; the
 *      time from B's edit commit to C having applied it. C is a copy of B made with
 *      VACUUM INTO right after B's initial sync, with a client id of its own (labelled:
 *      it saves a second initial sync; C never pushes).
 *   4. No-change pull with --centres polling centres: township centres and one mediator
 *      account each are created through the admin API (POST /v1/orgs, /v1/accounts) and
 *      logged in; each polls its bucket at an up-to-date cursor. The server has no timing
 *      hook, so server time is estimated two ways: client-measured latency minus the
 *      latency of GET /v1/version (loopback, HTTP and client overhead, no handler work)
 *      on the same connection; and the server process's CPU time (/proc/PID/stat) per
 *      request, a mean.
 *   5. Checkpoint repair (section "repair"): B loses one claim row behind
 *      the sync engine's back; the time of the next pull, which finds the mismatch, asks
 *      for the digest and the one id range that differs, and puts the claim back. */

#define G_LOG_DOMAIN "bench-sync"

#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#if HAVE_POSTGRES
#include "../server/pg-cluster.h"
#endif
#include "tj-api-client.h"
#include "tj-api-client-private.h"
#include "tj-case-store.h"
#include "tj-demo.h"
#include "tj-enums.h"
#include "tj-protocol.h"
#include "tj-sync-client.h"
#include "tj-sync-codec.h"
#include "tj-uuid.h"

#define PASSWORD "tiaojie-demo"

/* printf, not g_print: g_print would turn the Chinese labels into question marks under
 * LC_ALL=C; stdout is flushed before progress goes to stderr. */

typedef struct {
  gint64    n_cases;
  gint64    seed;
  gint64    batch;
  gint64    pushes;
  gint64    edits;
  gint64    centres;
  gint64    accounts;
  gint64    rounds;
  char     *dir;
  gboolean  keep;
  char     *only;
} Options;

typedef struct {
  Options      opt;
  char        *dir;
  GSubprocess *server;
  char        *url;
  int          server_pid;
  char        *token_head;
  TjStore     *store_b;
  TjCaseStore *cases_b;
  TjApiClient *api_b;
  gint64       n_records;       /* in the centre's bucket after seeding */
  double       avg_doc;         /* bytes of a record's JSON document */
  double       sync_rate;       /* records/s of the initial sync */
} Bench;

/* ------------------------------------------------------------------------------------ */
/* Helpers                                                                                */





static gboolean
section (Bench *b, const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (b->opt.only == NULL)
    return TRUE;
  parts = g_strsplit (b->opt.only, ",", -1);
  return g_strv_contains ((const char * const *) parts, name);
}


/* Nearest-rank percentile of a sorted array. */

/* "p50 p95 p99 max n" of milliseconds; sorts the array. */
static void
print_ms (const char *label, GArray *ms)
{
  double sum = 0;

  g_array_sort (ms, bench_cmp_double);
  for (guint i = 0; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  printf ("  %-44s p50 %7.3f  p95 %7.3f  p99 %7.3f  max %8.3f  mean %7.3f ms  (n=%u)\n", label,
           bench_percentile (ms, 0.50), bench_percentile (ms, 0.95), bench_percentile (ms, 0.99),
           ms->len ? g_array_index (ms, double, ms->len - 1) : 0.0, ms->len ? sum / ms->len : 0,
           ms->len);
}



/* User + system CPU seconds of a process (clock ticks, so 10 ms resolution). */
static double
proc_cpu_s (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/stat", pid);
  g_autofree char *text = NULL;
  g_auto(GStrv) fields = NULL;
  const char *close;

  if (!g_file_get_contents (path, &text, NULL, NULL) || (close = strrchr (text, ')')) == NULL)
    return 0;
  /* After "pid (comm) ": state is field 3; utime 14, stime 15. */
  fields = g_strsplit (close + 2, " ", -1);
  if (g_strv_length (fields) < 13)
    return 0;
  return (g_ascii_strtod (fields[11], NULL) + g_ascii_strtod (fields[12], NULL)) /
         sysconf (_SC_CLK_TCK);
}

static double
self_cpu_s (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 + ru.ru_stime.tv_sec +
         ru.ru_stime.tv_usec / 1e6;
}

static void
print_machine (Bench *b)
{
  g_autofree char *cpu = bench_read_proc_line ("/proc/cpuinfo", "model name");
  g_autofree char *avail = bench_read_proc_line ("/proc/meminfo", "MemAvailable");
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);

  printf ("== bench-sync  %s\n", stamp);
  printf ("machine     %u CPUs (nproc), %s; memory available %s\n", g_get_num_processors (),
           cpu, avail);
  printf ("sqlite      %s (client library; the server links the same one)\n",
           sqlite3_libversion ());
#ifdef __OPTIMIZE__
  printf ("build       optimised (__OPTIMIZE__), cc %s, asserts %s; server from the same build dir\n",
#else
  printf ("build       NOT optimised (no __OPTIMIZE__): figures are not representative, cc %s, asserts %s\n",
#endif
           __VERSION__,
#ifdef NDEBUG
           "off (NDEBUG)"
#else
           "on"
#endif
           );
  bench_print_source ();
  bench_print_load ("at start (1, 5, 15 min)");
  printf ("options     --cases %" G_GINT64_FORMAT " --pushes %" G_GINT64_FORMAT " --edits %"
           G_GINT64_FORMAT " --centres %" G_GINT64_FORMAT " --accounts %" G_GINT64_FORMAT
           " --rounds %" G_GINT64_FORMAT " --seed %" G_GINT64_FORMAT "; directory %s\n",
           b->opt.n_cases, b->opt.pushes, b->opt.edits, b->opt.centres, b->opt.accounts,
           b->opt.rounds, b->opt.seed, b->dir);
}

/* ------------------------------------------------------------------------------------ */
/* The server and logins                                                                  */

/* Under tests/server's pg-run ($TJ_TEST_PG_HOST names its cluster's socket folder) the
 * server keeps its database in PostgreSQL, a new database each run. */
static char *
postgres_conninfo (void)
{
#if HAVE_POSTGRES
  const char *host = g_getenv ("TJ_TEST_PG_HOST");
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;

  if (host == NULL)
    return NULL;
  name = g_strdup_printf ("tj_bench_%u", g_random_int ());
  if (!test_pg_create_database (host, name, &error))
    bench_die ("PostgreSQL", error);
  return test_pg_conninfo (host, name);
#else
  return NULL;
#endif
}

static void
server_start (Bench *b)
{
  g_autofree char *conninfo = postgres_conninfo ();
  const char *extra[] = { "--postgres", conninfo, NULL };

  printf ("store       %s\n", conninfo != NULL ? "PostgreSQL (a throwaway cluster of pg-run, "
                                                   "Unix socket)" : "SQLite (server.sqlite, WAL)");
  b->server = bench_server_start (b->dir, conninfo != NULL ? extra : NULL, &b->server_pid,
                                  &b->url);
}

static void
server_stop (Bench *b)
{
  if (b->server == NULL)
    return;
  g_subprocess_send_signal (b->server, SIGTERM);
  g_subprocess_wait (b->server, NULL, NULL);
  g_clear_object (&b->server);
}

static JsonNode *
call (TjApiClient *api, const char *method, const char *path, JsonNode *body, const char *what)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer = tj_api_client_call (api, method, path, body, NULL, NULL, &error);

  if (answer == NULL)
    bench_die (what, error);
  return answer;
}

/* Log in; the client keeps the token. Returns the session answer. */
static JsonNode *
login (TjApiClient *api, const char *user)
{
  g_autoptr(JsonBuilder) jb = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  JsonNode *answer;

  json_builder_begin_object (jb);
  json_builder_set_member_name (jb, "user");
  json_builder_add_string_value (jb, user);
  json_builder_set_member_name (jb, "password");
  json_builder_add_string_value (jb, PASSWORD);
  json_builder_end_object (jb);
  body = json_builder_get_root (jb);
  for (guint attempt = 0;; attempt++)
    {
      g_autoptr(GError) error = NULL;
      guint status = 0;

      answer = tj_api_client_call (api, "POST", "/v1/session", body, &status, NULL, &error);
      if (answer != NULL)
        break;
      /* Four password checks at once at most: wait for a slot. */
      if (status != 429 || attempt > 100)
        bench_die ("login", error);
      g_usleep (100000);
    }
  tj_api_client_set_token (api, json_object_get_string_member (json_node_get_object (answer),
                                                               "token"));
  return answer;
}

static TjApiClient *
new_api (Bench *b)
{
  g_autoptr(GError) error = NULL;
  TjApiClient *api = tj_api_client_new (b->url, &error);

  if (api == NULL)
    bench_die ("tj_api_client_new", error);
  return api;
}

/* What `tiaojie-cli init --server` does, in process: a replica of the logged-in account's
 * organisation. Does not sync. */
static TjCaseStore *
setup_replica (Bench *b, const char *path, JsonNode *session, int desk, TjStore **store_out)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;
  TjCaseStore *cases;
  JsonObject *account = json_object_get_object_member (json_node_get_object (session), "account");
  JsonObject *org = json_object_get_object_member (json_node_get_object (session), "org");
  TjReplicaSetup setup = { 0 };
  TjUuid org_id, user_id;
  const char *role;
  guint v;

  g_remove (path);
  if (!tj_uuid_parse (json_object_get_string_member (org, "id"), &org_id) ||
      !tj_uuid_parse (json_object_get_string_member (account, "id"), &user_id))
    bench_die ("session answer without ids", NULL);
  setup.server_org_id = &org_id;
  setup.server_user_id = &user_id;
  setup.org_code = json_object_get_string_member (org, "code");
  setup.org_name = json_object_get_string_member (org, "name");
  setup.org_short_name = json_object_get_string_member_with_default (org, "short_name", NULL);
  setup.level = TJ_ORG_LEVEL_TOWNSHIP;
  setup.type = TJ_ORG_CENTRE;
  setup.user_name = json_object_get_string_member (account, "username");
  role = json_object_get_string_member (account, "role");
  setup.roles = role && tj_enum_lookup (&tj_enum_role, role, &v) ? TJ_ROLE_BIT (v) : 0;
  setup.desk = desk;

  store = tj_store_open (path, &error);
  if (store == NULL)
    bench_die (path, error);
  cases = tj_case_store_new (store, &error);
  if (cases == NULL || !tj_case_store_init_replica (cases, &setup, &error) ||
      !tj_store_set_meta (store, "sync_server", b->url, &error))
    bench_die ("init replica", error);
  *store_out = g_steal_pointer (&store);
  return cases;
}

/* ------------------------------------------------------------------------------------ */
/* 0. Seeding through the real push                                                       */

static void
on_demo_progress (guint done, guint total, gpointer data)
{
  double *start = data;

  if (done % 20000 == 0 || done == total)
    g_printerr ("\r  generated %u of %u (%.0f s)", done, total, bench_now_s () - *start);
  if (done == total)
    g_printerr ("\n");
}

static void
on_push_progress (const TjSyncReport *r, gpointer data)
{
  double *start = data;
  static gint64 shown;

  if (r->pushed - shown >= 50000)
    {
      shown = r->pushed;
      g_printerr ("\r  pushed %" G_GINT64_FORMAT " (%.0f s)", r->pushed, bench_now_s () - *start);
    }
}

static void
bench_seed (Bench *b)
{
  g_autofree char *path = g_build_filename (b->dir, "a.sqlite", NULL);
  g_autoptr(TjApiClient) api = new_api (b);
  g_autoptr(JsonNode) session = login (api, "head");
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = setup_replica (b, path, session, 1, &store);
  g_autoptr(TjSyncClient) sync = tj_sync_client_new (cases, api);
  g_autoptr(GError) error = NULL;
  TjDemoOptions demo;
  double t, gen, push, srv0, srv, cli0;
  gint64 outbox, rows_case, rows_party, rows_claim;
  const TjSyncReport *r;

  printf ("\n== 0. Seeding: replica A (head, desk 1) registers cases, then pushes them "
           "through TjSyncClient\n");
  tj_demo_options_init (&demo);
  demo.n_cases = (guint) b->opt.n_cases;
  demo.seed = (guint32) b->opt.seed;
  demo.with_actions = FALSE;
  demo.days = 3 * 365;
  demo.batch = (guint) b->opt.batch;
  demo.progress = on_demo_progress;
  t = bench_now_s ();
  demo.user_data = &t;
  if (!tj_demo_generate (cases, &demo, &error))
    bench_die ("tj_demo_generate", error);
  gen = bench_now_s () - t;
  rows_case = bench_sql_int (tj_store_get_db (store), "SELECT count(*) FROM \"case\"");
  rows_party = bench_sql_int (tj_store_get_db (store), "SELECT count(*) FROM party");
  rows_claim = bench_sql_int (tj_store_get_db (store), "SELECT count(*) FROM claim");
  outbox = bench_sql_int (tj_store_get_db (store), "SELECT count(*) FROM outbox");
  printf ("generate    %" G_GINT64_FORMAT " cases (%" G_GINT64_FORMAT " parties, %" G_GINT64_FORMAT
           " claims) in %.1f s: %.0f cases/s (tj_demo_generate, batches of %" G_GINT64_FORMAT
           "); %" G_GINT64_FORMAT " outbox rows\n",
           rows_case, rows_party, rows_claim, gen, rows_case / gen, b->opt.batch, outbox);

  tj_sync_client_set_progress (sync, on_push_progress, &t);
  srv0 = proc_cpu_s (b->server_pid);
  cli0 = self_cpu_s ();
  t = bench_now_s ();
  if (!tj_sync_client_push (sync, NULL, &error))
    bench_die ("push", error);
  push = bench_now_s () - t;
  srv = proc_cpu_s (b->server_pid) - srv0;
  g_printerr ("\n");
  r = tj_sync_client_get_report (sync);
  printf ("push        %" G_GINT64_FORMAT " mutations in %.1f s: %.0f mutations/s "
           "(%" G_GINT64_FORMAT " conflicts, %" G_GINT64_FORMAT " rejected); "
           "server CPU %.1f s, client CPU %.1f s\n",
           r->pushed, push, r->pushed / push, r->conflicts, r->rejected, srv,
           self_cpu_s () - cli0);
  printf ("seeding     %.1f s in all (%.1f generate + %.1f push)\n", gen + push, gen, push);
  b->token_head = g_strdup (tj_api_client_get_token (api));
  bench_print_load ("after seeding");
}

/* ------------------------------------------------------------------------------------ */
/* 1. Initial sync and the floor                                                          */

static void
on_pull_progress (const TjSyncReport *r, gpointer data)
{
  double *start = data;
  static gint64 shown;

  if (r->pulled - shown >= 100000 || r->pulled == r->pull_total)
    {
      shown = r->pulled;
      g_printerr ("\r  pulled %" G_GINT64_FORMAT " of %" G_GINT64_FORMAT " (%.1f s)", r->pulled,
                  r->pull_total, bench_now_s () - *start);
    }
}

/* The average size of a record's document, from one page as the server sends it. */
static double
average_doc (Bench *b, TjApiClient *api, const char *bucket)
{
  g_autofree char *path = g_strdup_printf ("/v1/pull?bucket=%s&after=0&limit=1000", bucket);
  g_autoptr(JsonNode) page = call (api, "GET", path, NULL, "pull one page");
  JsonArray *ops = json_object_get_array_member (json_node_get_object (page), "ops");
  gsize total = 0;
  guint n = 0;

  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      JsonObject *op = json_array_get_object_element (ops, i);

      if (json_object_has_member (op, "doc"))
        {
          g_autofree char *text = json_to_string (json_object_get_member (op, "doc"), FALSE);

          total += strlen (text);
          n++;
        }
    }
  return n ? (double) total / n : 0;
}

/* Plain SQLite inserts with the replica's settings: one table, UUIDv7 keys, a text body of
 * the records' average size, one transaction. */
static double
raw_inserts (Bench *b, gint64 n, double body_bytes)
{
  g_autofree char *path = g_build_filename (b->dir, "raw.sqlite", NULL);
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autoptr(GRand) rand = g_rand_new_with_seed (7);
  g_autoptr(GPtrArray) pool = g_ptr_array_new_with_free_func (g_free);
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double start, elapsed;
  g_autofree char *today = g_strdup ("2026-01-01");

  for (guint i = 0; i < 256; i++)
    {
      g_autoptr(TjCase) c = tj_demo_make_case (rand, "220102", today, 365);
      g_autoptr(GString) s = g_string_new (NULL);

      while (s->len < body_bytes)
        g_string_append (s, c->facts ? c->facts : "x");
      g_string_truncate (s, (gsize) body_bytes);
      g_ptr_array_add (pool, g_string_free (g_steal_pointer (&s), FALSE));
    }
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    bench_die ("sqlite3_open", NULL);
  bench_exec_sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;"
                "CREATE TABLE t (rid INTEGER PRIMARY KEY,"
                "                id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
                "                body TEXT NOT NULL)");
  sqlite3_prepare_v2 (db, "INSERT INTO t (id, body) VALUES (?, ?)", -1, &stmt, NULL);
  start = bench_now_s ();
  bench_exec_sql (db, "BEGIN IMMEDIATE");
  for (gint64 i = 0; i < n; i++)
    {
      TjUuid id;

      tj_uuid_v7_now (&id);
      sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
      /* Bytes, not characters: the cut may split a character, which SQLite does not mind. */
      sqlite3_bind_text (stmt, 2, g_ptr_array_index (pool, i % pool->len), -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        bench_die ("raw insert", NULL);
      sqlite3_reset (stmt);
    }
  bench_exec_sql (db, "COMMIT");
  elapsed = bench_now_s () - start;
  sqlite3_finalize (stmt);
  sqlite3_close (db);
  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  return n / elapsed;
}

/* Rows of one table of B's replica, read before the clock starts. */
typedef struct {
  GPtrArray *rows;     /* of sqlite3_value ** */
  int        n_columns;
} Rows;

static void
rows_free (Rows *r)
{
  for (guint i = 0; i < r->rows->len; i++)
    {
      sqlite3_value **v = g_ptr_array_index (r->rows, i);

      for (int c = 0; c < r->n_columns; c++)
        sqlite3_value_free (v[c]);
      g_free (v);
    }
  g_ptr_array_unref (r->rows);
}

static Rows
read_rows (sqlite3 *db, const char *sql, gint64 max_cid)
{
  Rows r = { g_ptr_array_new (), 0 };
  sqlite3_stmt *stmt;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    bench_die (sqlite3_errmsg (db), NULL);
  sqlite3_bind_int64 (stmt, 1, max_cid);
  r.n_columns = sqlite3_column_count (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_value **v = g_new (sqlite3_value *, r.n_columns);

      for (int c = 0; c < r.n_columns; c++)
        v[c] = sqlite3_value_dup (sqlite3_column_value (stmt, c));
      g_ptr_array_add (r.rows, v);
    }
  sqlite3_finalize (stmt);
  return r;
}

static sqlite3_stmt *
insert_for (sqlite3 *db, const char *table, int n_columns)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  sqlite3_stmt *stmt;

  g_string_append_printf (sql, "INSERT INTO main.\"%s\" VALUES (?", table);
  for (int c = 1; c < n_columns; c++)
    g_string_append (sql, ",?");
  g_string_append_c (sql, ')');
  if (sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL) != SQLITE_OK)
    bench_die (sqlite3_errmsg (db), NULL);
  return stmt;
}

static void
insert_row (sqlite3 *db, sqlite3_stmt *stmt, sqlite3_value **v, int n_columns)
{
  for (int c = 0; c < n_columns; c++)
    sqlite3_bind_value (stmt, c + 1, v[c]);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    bench_die (sqlite3_errmsg (db), NULL);
  sqlite3_reset (stmt);
}

/* The floor of the replica's own schema: the case, party and claim rows B received,
 * written again into a fresh replica with prepared inserts, a case and then its
 * children, committed every TJ_SYNC_DEFAULT_PAGE rows with synchronous = NORMAL as the
 * pull does. Its tables have the list views' indexes (nine B-trees for a case) and the
 * checkpoint's triggers; nothing is parsed, checked or sent. At most `max_cases` cases. */
static double
schema_floor (Bench *b, JsonNode *session, gint64 max_cases, gint64 *n_rows)
{
  g_autofree char *path = g_build_filename (b->dir, "floor.sqlite", NULL);
  g_autofree char *source = g_build_filename (b->dir, "b.sqlite", NULL);
  char *attach;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = setup_replica (b, path, session, 3, &store);
  sqlite3 *db = tj_store_get_db (store);
  sqlite3_stmt *ins_case, *ins_party, *ins_claim;
  gint64 max_cid, done = 0;
  guint p = 0, cl = 0;
  Rows rc, rp, rl;
  double start, elapsed;

  attach = sqlite3_mprintf ("ATTACH %Q AS src", source);
  bench_exec_sql (db, attach);
  sqlite3_free (attach);
  bench_exec_sql (db, "INSERT OR IGNORE INTO main.organisation SELECT * FROM src.organisation;"
                      "INSERT OR IGNORE INTO main.person SELECT * FROM src.person");
  {
    g_autofree char *sql = g_strdup_printf ("SELECT coalesce (max (cid), 0) FROM (SELECT cid "
                                            "FROM src.\"case\" ORDER BY cid LIMIT %"
                                            G_GINT64_FORMAT ")", max_cases);

    max_cid = bench_sql_int (db, sql);
  }
  rc = read_rows (db, "SELECT * FROM src.\"case\" WHERE cid <= ? ORDER BY cid", max_cid);
  rp = read_rows (db, "SELECT p.* FROM src.party p JOIN src.\"case\" c ON c.id = p.case_id "
                      "WHERE c.cid <= ? ORDER BY c.cid, p.position", max_cid);
  rl = read_rows (db, "SELECT l.* FROM src.claim l JOIN src.\"case\" c ON c.id = l.case_id "
                      "WHERE c.cid <= ? ORDER BY c.cid, l.position", max_cid);
  bench_exec_sql (db, "DETACH src");
  ins_case = insert_for (db, "case", rc.n_columns);
  ins_party = insert_for (db, "party", rp.n_columns);
  ins_claim = insert_for (db, "claim", rl.n_columns);

  start = bench_now_s ();
  bench_exec_sql (db, "PRAGMA synchronous = NORMAL; BEGIN IMMEDIATE");
  for (guint i = 0; i < rc.rows->len; i++)
    {
      sqlite3_value **c = g_ptr_array_index (rc.rows, i);
      /* Column 1 is the id in each table: the case's, then the child's case_id. */
      const void *id = sqlite3_value_blob (c[1]);

      insert_row (db, ins_case, c, rc.n_columns);
      done++;
      for (; p < rp.rows->len; p++, done++)
        {
          sqlite3_value **row = g_ptr_array_index (rp.rows, p);

          if (memcmp (sqlite3_value_blob (row[1]), id, 16) != 0)
            break;
          insert_row (db, ins_party, row, rp.n_columns);
        }
      for (; cl < rl.rows->len; cl++, done++)
        {
          sqlite3_value **row = g_ptr_array_index (rl.rows, cl);

          if (memcmp (sqlite3_value_blob (row[1]), id, 16) != 0)
            break;
          insert_row (db, ins_claim, row, rl.n_columns);
        }
      if (done >= TJ_SYNC_DEFAULT_PAGE)
        {
          bench_exec_sql (db, "COMMIT; BEGIN IMMEDIATE");
          *n_rows += done;
          done = 0;
        }
    }
  bench_exec_sql (db, "COMMIT");
  elapsed = bench_now_s () - start;
  *n_rows += done;
  if (p != rp.rows->len || cl != rl.rows->len)
    bench_die ("schema floor: children out of their cases' order", NULL);
  sqlite3_finalize (ins_case);
  sqlite3_finalize (ins_party);
  sqlite3_finalize (ins_claim);
  rows_free (&rc);
  rows_free (&rp);
  rows_free (&rl);
  return *n_rows / elapsed;
}

static void
bench_initial (Bench *b)
{
  g_autofree char *path = g_build_filename (b->dir, "b.sqlite", NULL);
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(TjSyncClient) sync = NULL;
  g_autoptr(GError) error = NULL;
  const char *bucket;
  double t, first_page = 0, elapsed, srv0, srv, cli0, cli, floor_rate;
  gint64 cases;
  const TjSyncReport *r;

  printf ("\n== 1. Initial sync: fresh replica B (mediator, desk 2) from the server on loopback\n");
  b->api_b = new_api (b);
  session = login (b->api_b, "mediator");
  bucket = json_object_get_string_member (json_object_get_object_member (json_node_get_object (session),
                                                                         "org"), "id");
  b->avg_doc = average_doc (b, b->api_b, bucket);
  b->cases_b = setup_replica (b, path, session, 2, &b->store_b);
  sync = tj_sync_client_new (b->cases_b, b->api_b);
  tj_sync_client_set_progress (sync, on_pull_progress, &t);

  srv0 = proc_cpu_s (b->server_pid);
  cli0 = self_cpu_s ();
  t = bench_now_s ();
  /* What `init --server` runs after setting the replica up: push (nothing), the
   * directory, then the bucket page by page. */
  if (!tj_sync_client_run (sync, NULL, &error))
    bench_die ("initial sync", error);
  elapsed = bench_now_s () - t;
  srv = proc_cpu_s (b->server_pid) - srv0;
  cli = self_cpu_s () - cli0;
  g_printerr ("\n");
  (void) first_page;
  r = tj_sync_client_get_report (sync);
  cases = bench_sql_int (tj_store_get_db (b->store_b), "SELECT count(*) FROM \"case\"");
  b->n_records = r->pulled;
  b->sync_rate = r->pulled / elapsed;
  printf ("sync        %" G_GINT64_FORMAT " records (%" G_GINT64_FORMAT " cases; parties %"
           G_GINT64_FORMAT ", claims %" G_GINT64_FORMAT ") in %.2f s: %.0f records/s, %.0f cases/s\n",
           r->pulled, cases, bench_sql_int (tj_store_get_db (b->store_b), "SELECT count(*) FROM party"),
           bench_sql_int (tj_store_get_db (b->store_b), "SELECT count(*) FROM claim"), elapsed,
           r->pulled / elapsed, cases / elapsed);
  printf ("            pages of %d (TJ_SYNC_DEFAULT_PAGE), gzip'd answers; server CPU %.1f s, "
           "client CPU %.1f s (parse + apply) of %.1f s wall\n",
           TJ_SYNC_DEFAULT_PAGE, srv, cli, elapsed);
  printf ("            records average %.0f bytes of JSON document\n", b->avg_doc);
  bench_print_load ("after the initial sync");

  floor_rate = raw_inserts (b, MAX (r->pulled, 1000), b->avg_doc);
  printf ("floor       %.0f plain SQLite inserts/s (one table, UUIDv7 id UNIQUE, %.0f-byte text "
           "body, one transaction, WAL, synchronous=FULL; %" G_GINT64_FORMAT " rows)\n",
           floor_rate, b->avg_doc, MAX (r->pulled, 1000));
  printf ("ratio       initial sync is %.2f× the floor's time (%.2f s vs %.2f s for the same "
           "number of plain inserts)\n",
           floor_rate / b->sync_rate, elapsed, r->pulled / floor_rate);
  {
    gint64 n_rows = 0;
    double schema_rate = schema_floor (b, session, 100000, &n_rows);
    double per_case = (double) r->pulled / MAX (cases, 1);

    printf ("schema      %.0f rows/s written into a fresh replica's own tables (their indexes "
            "and checkpoint triggers; a case, then its children; a commit every %d rows; "
            "%" G_GINT64_FORMAT " rows): no parsing, checking or network\n",
            schema_rate, TJ_SYNC_DEFAULT_PAGE, n_rows);
    printf ("            at that rate 100 k records take %.2f s and 100 k cases (%.0f rows) "
            "%.2f s: the initial sync is %.2f× the schema's floor\n",
            100000 / schema_rate, 100000 * per_case, 100000 * per_case / schema_rate,
            schema_rate / b->sync_rate);
  }
  printf ("target      100 k records ≤ 4 s (sync.md counts records): at this rate 100 k records "
           "take %.2f s, 100 k cases (%.0f records) %.2f s\n",
           100000 / b->sync_rate, 100000.0 * r->pulled / MAX (cases, 1),
           100000.0 * r->pulled / MAX (cases, 1) / b->sync_rate);
}

/* ------------------------------------------------------------------------------------ */
/* 2. Push round trip                                                                     */

static GPtrArray *
pick_cases (TjStore *store, gint64 n, gint64 offset)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt = NULL;

  sqlite3_prepare_v2 (tj_store_get_db (store),
                      "SELECT case_no FROM \"case\" ORDER BY rowid LIMIT ? OFFSET ?", -1, &stmt,
                      NULL);
  sqlite3_bind_int64 (stmt, 1, n);
  sqlite3_bind_int64 (stmt, 2, offset);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (out, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  return out;
}

static void
edit_case (TjCaseStore *cases, const char *case_no, guint i)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *assignment = g_strdup_printf ("facts=基准测试修改第 %u 次：申请人补充说明拖欠情况。", i);
  const char *assignments[] = { assignment, NULL };
  TjWhen when = { 0 };

  if (!tj_case_store_set (cases, case_no, assignments, &when, &error))
    bench_die ("tj_case_store_set", error);
}

static void
bench_push (Bench *b)
{
  g_autoptr(TjSyncClient) sync = tj_sync_client_new (b->cases_b, b->api_b);
  g_autoptr(GPtrArray) picked = pick_cases (b->store_b, b->opt.pushes, 0);
  g_autoptr(GArray) edit_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) push_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) both_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  gint64 pushed = 0;

  printf ("\n== 2. Push round trip of one mutation: B (online, up to date) edits the facts of "
           "a case, then pushes\n");
  /* One push first: the connection is open, as an online client's is. */
  if (!tj_sync_client_push (sync, NULL, &error))
    bench_die ("push", error);
  for (guint i = 0; i < picked->len; i++)
    {
      double t0 = bench_now_s (), t1, t2;

      edit_case (b->cases_b, picked->pdata[i], i);
      t1 = bench_now_s ();
      if (!tj_sync_client_push (sync, NULL, &error))
        bench_die ("push", error);
      t2 = bench_now_s ();
      g_array_append_vals (edit_ms, &(double) { (t1 - t0) * 1000 }, 1);
      g_array_append_vals (push_ms, &(double) { (t2 - t1) * 1000 }, 1);
      g_array_append_vals (both_ms, &(double) { (t2 - t0) * 1000 }, 1);
    }
  pushed = tj_sync_client_get_report (sync)->pushed;
  printf ("  %" G_GINT64_FORMAT " mutations pushed in %u pushes (%" G_GINT64_FORMAT
           " conflicts); one mutation each\n",
           pushed, picked->len, tj_sync_client_get_report (sync)->conflicts);
  print_ms ("local edit commit (tj_case_store_set)", edit_ms);
  print_ms ("push round trip (tj_sync_client_push)", push_ms);
  print_ms ("edit + push", both_ms);
  printf ("  target: push round trip p50 ≤ 2 ms (HTTP floor 0.27 ms)\n");
}

/* ------------------------------------------------------------------------------------ */
/* Checkpoint repair                                                                      */

static TjApiFault
count_request_cb (const char *method, const char *path, const char *body, gsize length,
                  gpointer data)
{
  guint *counts = data;

  counts[g_str_has_prefix (path, "/v1/pull/digest") ? 0
         : g_str_has_prefix (path, "/v1/pull/range") ? 1 : 2]++;
  return TJ_API_FAULT_NONE;
}

/* B loses one claim behind the sync engine's back; the next pull notices it from the
 * checkpoint and fetches the digest and the one range that differs (tj-sync-repair.h). */
/* A pull of B by a new client, with the request counts from zero; its time in ms. */
static TjSyncClient *
timed_pull (Bench *b, TjApiClient *api, guint counts[3], double *ms)
{
  g_autoptr(GError) error = NULL;
  TjSyncClient *sync = tj_sync_client_new (b->cases_b, api);
  double t;

  memset (counts, 0, 3 * sizeof counts[0]);
  t = bench_now_s ();
  if (!tj_sync_client_pull (sync, FALSE, NULL, &error))
    bench_die ("pull", error);
  *ms = (bench_now_s () - t) * 1000;
  return sync;
}

static void
bench_repair (Bench *b)
{
  g_autoptr(TjApiClient) api = new_api (b);
  g_autoptr(JsonNode) session = login (api, "mediator");
  g_autoptr(TjSyncClient) sync = NULL;
  g_autoptr(GError) error = NULL;
  guint counts[3] = { 0 };
  double quiet_ms, repair_ms;

  printf ("\n== 5. Checkpoint repair: B loses one claim row; the next pull puts it right by id\n");
  _tj_api_client_set_fault_func (api, count_request_cb, counts);
  /* Catch up first: after section 2, B's own edits come back in its next pull. */
  g_object_unref (timed_pull (b, api, counts, &quiet_ms));
  sync = timed_pull (b, api, counts, &quiet_ms);
  if (tj_sync_client_get_report (sync)->repaired != 0 || counts[0] != 0)
    bench_die ("a pull with nothing wrong repaired something", NULL);
  if (!tj_store_exec (b->store_b, "DELETE FROM claim WHERE id = (SELECT id FROM claim "
                                  "ORDER BY id LIMIT 1 OFFSET (SELECT count (*) / 2 FROM claim))", &error))
    bench_die ("damage", error);
  g_clear_object (&sync);
  sync = timed_pull (b, api, counts, &repair_ms);
  printf ("  pull with nothing wrong (compare only)      %.2f ms\n", quiet_ms);
  printf ("  pull that repairs: %.0f ms for %" G_GINT64_FORMAT " records in the bucket, %"
           G_GINT64_FORMAT " record put right; %u digest, %u range request(s), %u pull(s)\n",
           repair_ms, b->n_records, tj_sync_client_get_report (sync)->repaired, counts[0],
           counts[1], counts[2]);
}

/* ------------------------------------------------------------------------------------ */
/* 3. Edit on B visible on online C                                                       */

typedef struct {
  Bench        *b;
  char         *path;
  char         *token;
  GCancellable *cancellable;
  GMutex        lock;
  GCond         cond;
  gint64        pulled;
  double        applied_at;
  gboolean      ready;
  gboolean      failed;
} Watcher;

static void
on_watch_progress (const TjSyncReport *r, gpointer data)
{
  Watcher *w = data;
  double t = bench_now_s ();

  g_mutex_lock (&w->lock);
  if (r->pulled > w->pulled)
    {
      w->pulled = r->pulled;
      w->applied_at = t;
    }
  g_cond_broadcast (&w->cond);
  g_mutex_unlock (&w->lock);
}

/* C's loop, as an online app runs it: long-poll, apply, again. */
static gpointer
watcher_thread (gpointer data)
{
  Watcher *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (w->path, &error);
  g_autoptr(TjCaseStore) cases = store ? tj_case_store_new (store, &error) : NULL;
  g_autoptr(TjApiClient) api = new_api (w->b);
  g_autoptr(TjSyncClient) sync = NULL;

  if (cases == NULL)
    bench_die ("replica C", error);
  tj_api_client_set_token (api, w->token);
  sync = tj_sync_client_new (cases, api);
  tj_sync_client_set_progress (sync, on_watch_progress, w);
  while (!g_cancellable_is_cancelled (w->cancellable))
    {
      gboolean ok = tj_sync_client_pull (sync, w->ready, w->cancellable, &error);

      g_mutex_lock (&w->lock);
      if (!ok && !g_cancellable_is_cancelled (w->cancellable))
        {
          g_printerr ("bench-sync: C's pull: %s\n", error->message);
          w->failed = TRUE;
        }
      w->ready = TRUE;
      g_cond_broadcast (&w->cond);
      g_mutex_unlock (&w->lock);
      if (w->failed)
        break;
      g_clear_error (&error);
    }
  return NULL;
}

static void
bench_visible (Bench *b)
{
  g_autoptr(TjSyncClient) sync = tj_sync_client_new (b->cases_b, b->api_b);
  g_autoptr(GPtrArray) picked = pick_cases (b->store_b, b->opt.edits, b->opt.pushes);
  g_autoptr(GArray) vis_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) push_ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store_c = NULL;
  g_autoptr(TjApiClient) api_c = new_api (b);
  g_autoptr(JsonNode) session = login (api_c, "mediator");
  g_autofree char *path = g_build_filename (b->dir, "c.sqlite", NULL);
  g_autofree char *sql = g_strdup_printf ("VACUUM INTO '%s'", path);
  Watcher w = { 0 };
  GThread *thread;
  guint missed = 0;
  TjUuid client;
  double t;

  printf ("\n== 3. Edit on B visible on online C (C long-polls GET /v1/pull?wait in a thread)\n");
  printf ("  C is a copy of B (VACUUM INTO, then a client id of its own): labelled shortcut, "
           "saving a second initial sync; C only pulls\n");
  g_remove (path);
  t = bench_now_s ();
  bench_exec_sql (tj_store_get_db (b->store_b), sql);
  store_c = tj_store_open (path, &error);
  tj_uuid_v7_now (&client);
  {
    g_autofree char *text = tj_uuid_dup_string (&client);

    if (store_c == NULL || !tj_store_set_meta (store_c, "client_id", text, &error))
      bench_die ("replica C", error);
  }
  g_clear_object (&store_c);
  printf ("  copy made in %.1f s\n", bench_now_s () - t);

  w.b = b;
  w.path = path;
  w.token = g_strdup (tj_api_client_get_token (api_c));
  w.cancellable = g_cancellable_new ();
  g_mutex_init (&w.lock);
  g_cond_init (&w.cond);
  thread = g_thread_new ("watcher", watcher_thread, &w);

  /* C catches up (with B's pushes of section 2), then waits. */
  g_mutex_lock (&w.lock);
  while (!w.ready && !w.failed)
    g_cond_wait (&w.cond, &w.lock);
  g_mutex_unlock (&w.lock);
  g_usleep (200000);

  for (guint i = 0; i < picked->len && !w.failed; i++)
    {
      gint64 before, deadline;
      double t0, t1, applied = 0;

      g_mutex_lock (&w.lock);
      before = w.pulled;
      g_mutex_unlock (&w.lock);
      edit_case (b->cases_b, picked->pdata[i], 1000 + i);
      t0 = bench_now_s ();
      if (!tj_sync_client_push (sync, NULL, &error))
        bench_die ("push", error);
      t1 = bench_now_s ();
      deadline = g_get_monotonic_time () + 10 * G_TIME_SPAN_SECOND;
      g_mutex_lock (&w.lock);
      while (w.pulled == before && !w.failed)
        if (!g_cond_wait_until (&w.cond, &w.lock, deadline))
          break;
      if (w.pulled > before)
        applied = w.applied_at;
      g_mutex_unlock (&w.lock);
      if (applied == 0)
        missed++;
      else
        g_array_append_vals (vis_ms, &(double) { (applied - t0) * 1000 }, 1);
      g_array_append_vals (push_ms, &(double) { (t1 - t0) * 1000 }, 1);
      /* A new long poll is in place before the next edit, as between a person's edits. */
      g_usleep (30000);
    }
  g_cancellable_cancel (w.cancellable);
  g_thread_join (thread);
  print_ms ("B's push (after the edit's commit)", push_ms);
  print_ms ("B's edit commit → applied on C", vis_ms);
  if (missed > 0)
    printf ("  %u edits not seen on C within 10 s\n", missed);
  printf ("  target: p50 ≤ 20 ms\n");
  g_free (w.token);
  g_object_unref (w.cancellable);
  g_mutex_clear (&w.lock);
  g_cond_clear (&w.cond);
}

/* ------------------------------------------------------------------------------------ */
/* 4. No-change pull with many polling centres                                            */

typedef struct {
  char   *bucket;
  char   *token;
  char   *path;               /* the up-to-date pull */
} Poller;

static void
poller_free (Poller *p)
{
  g_free (p->bucket);
  g_free (p->token);
  g_free (p->path);
  g_free (p);
}

static char *
org_id_by_code (JsonNode *orgs, const char *code)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (orgs), "orgs");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (o, "code"), code) == 0)
        return g_strdup (json_object_get_string_member (o, "id"));
    }
  bench_die (code, NULL);
}

/* The up-to-date pull of a bucket: a first pull to the end gives the cursor. */
static char *
up_to_date_path (TjApiClient *api, const char *bucket)
{
  gint64 after = 0;
  g_autofree char *epoch = NULL;

  for (;;)
    {
      g_autofree char *path = g_strdup_printf ("/v1/pull?bucket=%s&after=%" G_GINT64_FORMAT
                                               "&limit=%d%s%s", bucket, after, TJ_SYNC_MAX_PAGE,
                                               epoch ? "&epoch=" : "", epoch ? epoch : "");
      g_autoptr(JsonNode) page = call (api, "GET", path, NULL, "pull");
      JsonObject *o = json_node_get_object (page);

      after = json_object_get_int_member (o, "next");
      g_free (epoch);
      epoch = g_strdup (json_object_get_string_member (o, "epoch"));
      if (json_object_get_boolean_member (o, "up_to_date"))
        break;
    }
  return g_strdup_printf ("/v1/pull?bucket=%s&after=%" G_GINT64_FORMAT "&limit=%d&epoch=%s",
                          bucket, after, TJ_SYNC_DEFAULT_PAGE, epoch);
}

/* Requests one after another on one connection, each with its poller's token; returns
 * the client-side latencies and the server's CPU seconds over the loop. */
static GArray *
poll_loop (Bench *b, TjApiClient *api, GPtrArray *pollers, gint64 rounds, gboolean version,
           double *server_cpu, double *wall)
{
  GArray *ms = g_array_new (FALSE, FALSE, sizeof (double));
  double cpu0 = proc_cpu_s (b->server_pid), start = bench_now_s ();

  for (gint64 r = 0; r < rounds; r++)
    for (guint i = 0; i < pollers->len; i++)
      {
        Poller *p = g_ptr_array_index (pollers, i);
        g_autoptr(JsonNode) answer = NULL;
        double t;

        tj_api_client_set_token (api, p->token);
        t = bench_now_s ();
        answer = call (api, "GET", version ? "/v1/version" : p->path, NULL, "poll");
        g_array_append_vals (ms, &(double) { (bench_now_s () - t) * 1000 }, 1);
        if (!version &&
            (!json_object_get_boolean_member (json_node_get_object (answer), "up_to_date") ||
             json_array_get_length (json_object_get_array_member (json_node_get_object (answer),
                                                                  "ops")) != 0))
          bench_die ("a no-change pull brought changes", NULL);
      }
  *wall = bench_now_s () - start;
  *server_cpu = proc_cpu_s (b->server_pid) - cpu0;
  return ms;
}

static void
report_polls (const char *label, GArray *pull, GArray *version, double cpu_pull, double cpu_version)
{
  g_autoptr(GArray) net = g_array_new (FALSE, FALSE, sizeof (double));
  double base;

  print_ms (label, pull);
  g_array_sort (version, bench_cmp_double);
  base = bench_percentile (version, 0.5);
  for (guint i = 0; i < pull->len; i++)
    g_array_append_vals (net, &(double) { MAX (g_array_index (pull, double, i) - base, 0) }, 1);
  print_ms ("  minus GET /v1/version p50 (server time est.)", net);
  printf ("  %-44s %.3f ms per pull, %.3f ms per /v1/version request (mean; /proc/PID/stat)\n",
           "  server CPU", cpu_pull * 1000 / pull->len, cpu_version * 1000 / version->len);
}

static void
bench_polling (Bench *b)
{
  g_autoptr(TjApiClient) admin = new_api (b);
  g_autoptr(JsonNode) admin_session = login (admin, "admin");
  g_autoptr(JsonNode) orgs = call (admin, "GET", "/v1/orgs", NULL, "orgs");
  g_autoptr(GPtrArray) pollers = g_ptr_array_new_with_free_func ((GDestroyNotify) poller_free);
  g_autoptr(GPtrArray) accounts = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(TjApiClient) api = new_api (b);
  g_autoptr(GArray) pull_ms = NULL, version_ms = NULL;
  const char *counties[] = { "220102", "220104", "220204" };
  double t, t_orgs, t_accounts, t_logins, cpu_pull, cpu_version, wall;
  gint64 n_accounts = MIN (b->opt.accounts, b->opt.centres);

  printf ("\n== 4. No-change pull with %" G_GINT64_FORMAT " polling centres\n", b->opt.centres);
  t = bench_now_s ();
  for (gint64 i = 0; i < b->opt.centres; i++)
    {
      g_autoptr(JsonBuilder) jb = json_builder_new ();
      g_autoptr(JsonNode) body = NULL, answer = NULL;
      g_autofree char *parent = org_id_by_code (orgs, counties[(i / 900) % 3]);
      g_autofree char *code = g_strdup_printf ("%s%03d", counties[(i / 900) % 3],
                                               (int) (100 + i % 900));
      g_autofree char *name = g_strdup_printf ("基准第%" G_GINT64_FORMAT "调解中心", i + 1);
      Poller *p = g_new0 (Poller, 1);

      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "parent_id");
      json_builder_add_string_value (jb, parent);
      json_builder_set_member_name (jb, "code");
      json_builder_add_string_value (jb, code);
      json_builder_set_member_name (jb, "name");
      json_builder_add_string_value (jb, name);
      json_builder_set_member_name (jb, "level");
      json_builder_add_string_value (jb, "township");
      json_builder_set_member_name (jb, "type");
      json_builder_add_string_value (jb, "centre");
      json_builder_end_object (jb);
      body = json_builder_get_root (jb);
      answer = call (admin, "POST", "/v1/orgs", body, "create org");
      p->bucket = g_strdup (json_object_get_string_member (json_node_get_object (answer), "id"));
      g_ptr_array_add (pollers, p);
    }
  t_orgs = bench_now_s () - t;

  t = bench_now_s ();
  for (gint64 i = 0; i < n_accounts; i++)
    {
      Poller *p = g_ptr_array_index (pollers, i);
      g_autoptr(JsonBuilder) jb = json_builder_new ();
      g_autoptr(JsonNode) body = NULL, answer = NULL;
      g_autofree char *user = g_strdup_printf ("bench%04" G_GINT64_FORMAT, i + 1);

      json_builder_begin_object (jb);
      json_builder_set_member_name (jb, "org_id");
      json_builder_add_string_value (jb, p->bucket);
      json_builder_set_member_name (jb, "username");
      json_builder_add_string_value (jb, user);
      json_builder_set_member_name (jb, "name");
      json_builder_add_string_value (jb, "基准调解员");
      json_builder_set_member_name (jb, "role");
      json_builder_add_string_value (jb, "mediator");
      json_builder_set_member_name (jb, "password");
      json_builder_add_string_value (jb, PASSWORD);
      json_builder_end_object (jb);
      body = json_builder_get_root (jb);
      answer = call (admin, "POST", "/v1/accounts", body, "create account");
      g_ptr_array_add (accounts, g_steal_pointer (&user));
      if ((i + 1) % 100 == 0)
        g_printerr ("\r  %" G_GINT64_FORMAT " accounts (%.0f s)", i + 1, bench_now_s () - t);
    }
  t_accounts = bench_now_s () - t;
  g_printerr ("\n");

  t = bench_now_s ();
  for (gint64 i = 0; i < b->opt.centres; i++)
    {
      Poller *p = g_ptr_array_index (pollers, i);

      if (i < n_accounts)
        {
          g_autoptr(JsonNode) s = login (api, accounts->pdata[i]);

          p->token = g_strdup (tj_api_client_get_token (api));
        }
      else
        /* Fewer accounts than centres (--accounts): the administrator's token, which may
         * pull every bucket; the pull then differs only in the session looked up. */
        p->token = g_strdup (tj_api_client_get_token (admin));
      if ((i + 1) % 100 == 0)
        g_printerr ("\r  %" G_GINT64_FORMAT " logins (%.0f s)", i + 1, bench_now_s () - t);
    }
  t_logins = bench_now_s () - t;
  g_printerr ("\n");
  for (guint i = 0; i < pollers->len; i++)
    {
      Poller *p = g_ptr_array_index (pollers, i);

      tj_api_client_set_token (api, p->token);
      p->path = up_to_date_path (api, p->bucket);
    }
  printf ("  set up through the admin API: %" G_GINT64_FORMAT " centres in %.1f s, %"
           G_GINT64_FORMAT " mediator accounts in %.1f s (argon2id per account), %" G_GINT64_FORMAT
           " logins in %.1f s\n", b->opt.centres, t_orgs, n_accounts, t_accounts, n_accounts, t_logins);
  printf ("  requests one after another on one kept-alive connection, each with its centre's "
           "token, %" G_GINT64_FORMAT " rounds over the centres; new centres' buckets are empty\n",
           b->opt.rounds);

  /* Warm-up, then pulls and the baseline alternately in blocks. */
  g_array_unref (poll_loop (b, api, pollers, 1, FALSE, &cpu_pull, &wall));
  version_ms = poll_loop (b, api, pollers, b->opt.rounds, TRUE, &cpu_version, &wall);
  printf ("  %-44s %.0f requests/s\n", "GET /v1/version (baseline)",
           version_ms->len / wall);
  pull_ms = poll_loop (b, api, pollers, b->opt.rounds, FALSE, &cpu_pull, &wall);
  printf ("  %-44s %.0f requests/s\n", "no-change GET /v1/pull", pull_ms->len / wall);
  print_ms ("GET /v1/version (loopback + HTTP + client)", version_ms);
  report_polls ("no-change pull, new centres (client-measured)", pull_ms, version_ms, cpu_pull,
                cpu_version);

  /* The same at up-to-date cursors of the buckets that hold the seeded records. */
  {
    const char *codes[] = { "220102001", "220102", "220000" };
    const char *labels[] = { "no-change pull, 南岭 centre (all records)",
                             "no-change pull, county 南关 bucket",
                             "no-change pull, province bucket" };
    g_autoptr(GPtrArray) one = g_ptr_array_new_with_free_func ((GDestroyNotify) poller_free);

    for (guint k = 0; k < G_N_ELEMENTS (codes); k++)
      {
        Poller *p = g_new0 (Poller, 1);
        g_autoptr(GArray) ms = NULL;
        double cpu;

        p->bucket = org_id_by_code (orgs, codes[k]);
        p->token = g_strdup (tj_api_client_get_token (admin));
        tj_api_client_set_token (api, p->token);
        p->path = up_to_date_path (api, p->bucket);
        g_ptr_array_set_size (one, 0);
        g_ptr_array_add (one, p);
        ms = poll_loop (b, api, one, 1000, FALSE, &cpu, &wall);
        report_polls (labels[k], ms, version_ms, cpu, cpu_version);
      }
  }
  printf ("  target: p99 ≤ 5 ms server time\n");
}

/* ------------------------------------------------------------------------------------ */

int
main (int argc, char **argv)
{
  Bench b = { 0 };
  g_autoptr(GOptionContext) context = g_option_context_new ("— sync figures on loopback");
  g_autoptr(GError) error = NULL;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT64, &b.opt.n_cases, "Cases to seed and sync (100000)", "N" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &b.opt.seed, "Generator seed (1)", "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT64, &b.opt.batch, "Cases per commit when seeding (1000)", "N" },
    { "pushes", 0, 0, G_OPTION_ARG_INT64, &b.opt.pushes, "Push round trips to time (200)", "N" },
    { "edits", 0, 0, G_OPTION_ARG_INT64, &b.opt.edits, "Edits to watch arrive on C (200)", "N" },
    { "centres", 0, 0, G_OPTION_ARG_INT64, &b.opt.centres, "Polling centres (1000)", "N" },
    { "accounts", 0, 0, G_OPTION_ARG_INT64, &b.opt.accounts,
      "Centres with an account of their own; the rest poll with the admin's token (1000)", "N" },
    { "rounds", 0, 0, G_OPTION_ARG_INT64, &b.opt.rounds, "Polls per centre (5)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &b.opt.dir, "Working directory (a new one in /tmp)", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &b.opt.keep, "Keep the working directory", NULL },
    { "only", 0, 0, G_OPTION_ARG_STRING, &b.opt.only,
      "Sections after seeding and the initial sync: push, visible, polling, repair", "LIST" },
    { NULL }
  };

  b.opt.n_cases = 100000;
  b.opt.seed = 1;
  b.opt.batch = 1000;
  b.opt.pushes = 200;
  b.opt.edits = 200;
  b.opt.centres = 1000;
  b.opt.accounts = 1000;
  b.opt.rounds = 5;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("options", error);
  if (b.opt.n_cases < 1 || b.opt.centres < 1 || b.opt.centres > 2700 || b.opt.rounds < 1)
    bench_die ("options: --cases ≥ 1, --centres 1..2700, --rounds ≥ 1", NULL);
  if (b.opt.dir != NULL)
    {
      g_mkdir_with_parents (b.opt.dir, 0700);
      b.dir = g_strdup (b.opt.dir);
    }
  else if ((b.dir = g_dir_make_tmp ("bench-sync-XXXXXX", &error)) == NULL)
    bench_die ("temporary directory", error);

  print_machine (&b);
  server_start (&b);
  bench_seed (&b);
  bench_initial (&b);
  if (section (&b, "push"))
    bench_push (&b);
  if (section (&b, "visible"))
    bench_visible (&b);
  if (section (&b, "polling"))
    bench_polling (&b);
  if (section (&b, "repair"))
    bench_repair (&b);
  bench_print_load ("at the end");

  g_clear_object (&b.cases_b);
  g_clear_object (&b.store_b);
  g_clear_object (&b.api_b);
  server_stop (&b);
  if (!b.opt.keep)
    {
      const char *rm[] = { "rm", "-rf", b.dir, NULL };

      g_spawn_sync (NULL, (char **) rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL, NULL);
    }
  else
    printf ("kept        %s\n", b.dir);
  g_free (b.dir);
  g_free (b.url);
  g_free (b.token_head);
  return 0;
}
