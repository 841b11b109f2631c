/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-store: how the replica behaves with a centre's worth of cases, and far beyond.
 *
 * It prints figures and never asserts timings; the targets are in design/sync.md and the
 * lead's brief. Cases are written through the real write API (tj_case_store_create in
 * batches), with generated but realistic content (tj_demo_make_case), registered one day
 * after another over three years as a centre would, with the journal's clock set to the
 * day of registration so that nothing is flagged as late entry.
 *
 * Sections (--only): create, raw, list, search, dashboard, size, aged. "aged" works on a
 * vacuumed copy whose states are rewritten with plain SQL into a realistic mix (most
 * cases closed, a few overdue); it is labelled as such in the output because it bypasses
 * the write API. */

#define G_LOG_DOMAIN "bench-store"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#include "bench-util.h"
#include "tj-case-list.h"
#include "tj-case-store.h"
#include "tj-demo.h"
#include "tj-search.h"
#include "tj-uuid.h"

#define REGION          "220102"
#define DAYS            (3 * 365)
#define PAGE            50
#define MAX_COMBO_SEC   30.0    /* stop repeating one measurement after this long */

typedef struct {
  gint64      n_cases;
  char       *db_path;
  gint64      seed;
  gboolean    reuse;
  gboolean    keep;
  gint64      reps;
  gint64      batch;
  gint64      raw_rows;
  char       *only;
} Options;

typedef struct {
  Options      opt;
  gboolean     temp_db;
  TjStore     *store;
  TjCaseStore *cases;
  sqlite3     *db;
  char        *today;
  GRand       *rand;            /* for sampling; the cases have their own */
  double       create_rate;     /* cases/s through the write API, 0 if not measured */
} Bench;

/* ------------------------------------------------------------------------------------ */
/* Small helpers                                                                          */



static void
die_db (sqlite3 *db, const char *what)
{
  g_printerr ("bench-store: %s: %s\n", what, sqlite3_errmsg (db));
  exit (1);
}




static gint64
file_size (const char *path)
{
  GStatBuf st;

  return g_stat (path, &st) == 0 ? (gint64) st.st_size : 0;
}

static void
remove_db_files (const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
}

/* Print UTF-8 as it is, whatever the locale: g_print () would turn the Chinese of the
 * examples into question marks under LC_ALL=C. */
static void
print_raw (const char *text)
{
  fputs (text, stdout);
}

static gboolean
section (Bench *b, const char *name)
{
  g_auto(GStrv) parts = NULL;

  if (b->opt.only == NULL)
    return TRUE;
  parts = g_strsplit (b->opt.only, ",", -1);
  return g_strv_contains ((const char * const *) parts, name);
}

/* ------------------------------------------------------------------------------------ */
/* Latency samples                                                                        */

typedef struct {
  GArray *ms;
  guint   rows_min;
  guint   rows_max;
  guint   zero;
  GArray *rows;
} Samples;

static void
samples_init (Samples *s)
{
  s->ms = g_array_new (FALSE, FALSE, sizeof (double));
  s->rows = g_array_new (FALSE, FALSE, sizeof (guint));
  s->rows_min = G_MAXUINT;
  s->rows_max = 0;
  s->zero = 0;
}

static void
samples_clear (Samples *s)
{
  g_clear_pointer (&s->ms, g_array_unref);
  g_clear_pointer (&s->rows, g_array_unref);
}

static void
samples_add (Samples *s, double ms, guint rows)
{
  g_array_append_val (s->ms, ms);
  g_array_append_val (s->rows, rows);
  s->rows_min = MIN (s->rows_min, rows);
  s->rows_max = MAX (s->rows_max, rows);
  if (rows == 0)
    s->zero++;
}


static int
cmp_guint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* Nearest-rank percentile. */

static char *
samples_format (Samples *s)
{
  if (s->ms->len == 0)
    return g_strdup ("(not measured)");
  g_array_sort (s->ms, bench_cmp_double);
  return g_strdup_printf ("%8.2f %8.2f %8.2f  n=%-3u", bench_percentile (s->ms, 0.5),
                          bench_percentile (s->ms, 0.95),
                          g_array_index (s->ms, double, s->ms->len - 1), s->ms->len);
}

static guint
samples_median_rows (Samples *s)
{
  if (s->rows->len == 0)
    return 0;
  g_array_sort (s->rows, cmp_guint);
  return g_array_index (s->rows, guint, (s->rows->len - 1) / 2);
}

/* ------------------------------------------------------------------------------------ */
/* Machine                                                                                */


/* The machine is shared (builds, test suites): the load shows when figures are disturbed. */

static void
print_machine (Bench *b)
{
  g_autofree char *cpu = bench_read_proc_line ("/proc/cpuinfo", "model name");
  g_autofree char *total = bench_read_proc_line ("/proc/meminfo", "MemTotal");
  g_autofree char *avail = bench_read_proc_line ("/proc/meminfo", "MemAvailable");
  g_autofree char *dirname = g_path_get_dirname (b->opt.db_path);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autofree char *stamp = g_date_time_format_iso8601 (now);
  struct utsname un;

  uname (&un);
  g_print ("== bench-store  %s\n", stamp);
  g_print ("machine     %u CPUs (nproc), %s\n", g_get_num_processors (), cpu);
  g_print ("memory      total %s, available %s\n", total, avail);
  g_print ("kernel      %s %s\n", un.sysname, un.release);
  g_print ("sqlite      %s (%s), dbstat %s, fts5 %s\n", sqlite3_libversion (),
           sqlite3_sourceid (),
           sqlite3_compileoption_used ("ENABLE_DBSTAT_VTAB") ? "yes" : "no",
           sqlite3_compileoption_used ("ENABLE_FTS5") ? "yes" : "no");
#ifdef __OPTIMIZE__
  g_print ("build       optimised (__OPTIMIZE__), %s, asserts %s; core built in the same build dir\n",
#else
  g_print ("build       NOT optimised (no __OPTIMIZE__): figures are not representative, %s, asserts %s\n",
#endif
           "cc " __VERSION__,
#ifdef NDEBUG
           "off (NDEBUG)"
#else
           "on"
#endif
           );
  g_print ("glib        %u.%u.%u\n", glib_major_version, glib_minor_version, glib_micro_version);
  bench_print_source ();
  bench_print_load ("at start (1, 5, 15 min averages; this benchmark runs on one core)");
  g_print ("file        %s (directory %s)\n", b->opt.db_path, dirname);
  g_print ("options     --cases %" G_GINT64_FORMAT " --seed %" G_GINT64_FORMAT
           " --batch %" G_GINT64_FORMAT " --reps %" G_GINT64_FORMAT "%s\n",
           b->opt.n_cases, b->opt.seed, b->opt.batch, b->opt.reps, b->opt.reuse ? " --reuse" : "");
}

/* ------------------------------------------------------------------------------------ */
/* 1. Creation through the write API                                                      */

static gint64
day_0900_ms (const GDate *d)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = g_date_time_new (tz, g_date_get_year (d), g_date_get_month (d),
                                             g_date_get_day (d), 9, 0, 0);

  return g_date_time_to_unix (dt) * 1000;
}

static void
print_rows_per_case (Bench *b, double api_seconds)
{
  static const char * const tables[] = { "case", "party", "claim", "outbox", "event" };
  gint64 total = 0;

  g_print ("rows        ");
  for (guint i = 0; i < G_N_ELEMENTS (tables); i++)
    {
      g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"%s\"", tables[i]);
      gint64 n = bench_sql_int (b->db, sql);

      total += n;
      g_print ("%s %" G_GINT64_FORMAT "  ", tables[i], n);
    }
  /* One FTS5 row per case, plus its grams in the index. */
  total += b->opt.n_cases;
  g_print ("case_search %" G_GINT64_FORMAT "\n", b->opt.n_cases);
  g_print ("            %.1f table rows per case (each with its index entries); "
           "%.0f table rows/s through the API\n",
           (double) total / b->opt.n_cases, api_seconds > 0 ? total / api_seconds : 0);
}

/* Registrations leave their search n-grams to the indexer (tj-search.c); a search, or the
 * app after an import, runs it. Time it separately, and the two together. */
static void
bench_index (Bench *b, double api)
{
  g_autoptr(GError) error = NULL;
  gint64 backlog = tj_case_store_search_backlog (b->cases);
  double t = bench_now_s ();
  guint n = 0, total = 0;

  do
    {
      if (!tj_case_store_index_for_search (b->cases, 10000, &n, &error))
        bench_die ("tj_case_store_index_for_search", error);
      total += n;
    }
  while (n > 0);
  t = bench_now_s () - t;
  g_print ("search index %u of %" G_GINT64_FORMAT " waiting cases indexed in %.1f s: %.0f cases/s "
           "(tj_case_store_index_for_search, 10000 a transaction)\n",
           total, backlog, t, t > 0 ? total / t : 0.0);
  g_print ("registered and searchable: %.0f cases/s (write API and indexer together)\n",
           b->opt.n_cases / (api + t));
}

static void
bench_create (Bench *b)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed ((guint32) b->opt.seed);
  TjJournal *journal = tj_case_store_get_journal (b->cases);
  g_autoptr(GError) error = NULL;
  guint64 n = b->opt.n_cases;
  guint64 slice = n >= 1000000 ? 100000 : MAX (n / 10, 1);
  guint64 per_day = n / DAYS + 1;
  GDate today, first, day;
  gint64 first_ms;
  guint64 prev_day = G_MAXUINT64, j = 0;
  char day_str[16] = "";
  double api = 0, gen = 0, slice_api = 0, slice_wall_start, start, t;

  g_date_clear (&today, 1);
  g_date_set_parse (&today, b->today);
  first = today;
  g_date_subtract_days (&first, DAYS - 1);
  first_ms = day_0900_ms (&first);

  g_print ("\n== 1. Creation through the write API (tj_case_store_create, batches of %"
           G_GINT64_FORMAT ")\n", b->opt.batch);
  g_print ("cases: 2 parties, 2 claims, generated by tj_demo_make_case (seed %" G_GINT64_FORMAT
           "), received one day after another from %04u-%02u-%02u to %s (%u days), "
           "registered on the day of receipt\n",
           b->opt.seed, g_date_get_year (&first), g_date_get_month (&first),
           g_date_get_day (&first), b->today, DAYS);
  g_print ("%-20s %12s %12s %12s\n", "slice", "API cases/s", "wall cases/s", "file MB");

  start = slice_wall_start = bench_now_s ();
  for (guint64 i = 0; i < n; i++)
    {
      guint64 d = i * DAYS / n;
      g_autoptr(TjCase) c = NULL;
      TjWhen when = { 0 };

      if (i % b->opt.batch == 0)
        {
          t = bench_now_s ();
          if (!tj_case_store_begin_batch (b->cases, &error))
            bench_die ("begin batch", error);
          slice_api += bench_now_s () - t;
        }
      if (d != prev_day)
        {
          day = first;
          g_date_add_days (&day, d);
          g_date_strftime (day_str, sizeof day_str, "%Y-%m-%d", &day);
          prev_day = d;
          j = 0;
        }
      else
        j++;

      t = bench_now_s ();
      c = tj_demo_make_case (rand, REGION, day_str, 1);
      gen += bench_now_s () - t;

      /* Office hours of the day of receipt, in order. */
      tj_journal_set_simulated_clock (journal, first_ms + (gint64) d * 86400000 +
                                               (gint64) (j * (8 * 3600 * 1000 / per_day)));
      t = bench_now_s ();
      if (!tj_case_store_create (b->cases, c, &when, &error))
        bench_die ("tj_case_store_create", error);
      slice_api += bench_now_s () - t;

      if ((i + 1) % b->opt.batch == 0 || i + 1 == n)
        {
          t = bench_now_s ();
          if (!tj_case_store_end_batch (b->cases, &error))
            bench_die ("end batch", error);
          slice_api += bench_now_s () - t;
        }

      if ((i + 1) % slice == 0 || i + 1 == n)
        {
          guint64 in_slice = (i % slice) + 1;
          g_autofree char *wal = g_strconcat (b->opt.db_path, "-wal", NULL);
          g_autofree char *label = g_strdup_printf ("%" G_GUINT64_FORMAT "-%" G_GUINT64_FORMAT,
                                                    i + 1 - in_slice, i + 1);
          double wall = bench_now_s () - slice_wall_start;

          g_print ("%-20s %12.0f %12.0f %12.1f\n", label, in_slice / slice_api, in_slice / wall,
                   (file_size (b->opt.db_path) + file_size (wal)) / 1048576.0);
          api += slice_api;
          slice_api = 0;
          slice_wall_start = bench_now_s ();
        }
    }
  tj_journal_set_simulated_clock (journal, 0);
  t = bench_now_s () - start;
  bench_print_load ("after creation");

  b->create_rate = n / api;
  g_print ("overall     %.0f cases/s through the write API (%.1f s in create/begin/end_batch); "
           "%.0f cases/s wall clock incl. generation (%.1f s, of which %.1f s tj_demo_make_case)\n",
           n / api, api, n / t, t, gen);
  print_rows_per_case (b, api);
  bench_index (b, api);
}

/* ------------------------------------------------------------------------------------ */
/* 2. The physical floor: plain SQLite inserts                                            */

static GPtrArray *
make_text_pool (guint32 seed, const char *today)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed ^ 0x5eed);
  GPtrArray *pool = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < 1024; i++)
    {
      g_autoptr(TjCase) c = tj_demo_make_case (rand, REGION, today, DAYS);
      g_autoptr(GString) s = g_string_new (c->facts);

      for (guint k = 0; k < c->parties->len; k++)
        {
          TjParty *p = g_ptr_array_index (c->parties, k);
          g_string_append_printf (s, " %s %s %s %s", p->name, p->id_number ? p->id_number : "",
                                  p->phone ? p->phone : "", p->address ? p->address : "");
        }
      /* About 300 bytes, cut at a character boundary. */
      while (s->len < 300)
        g_string_append (s, c->facts);
      if (s->len > 300)
        {
          const char *cut = g_utf8_find_prev_char (s->str, s->str + 301);
          g_string_truncate (s, cut - s->str);
        }
      g_ptr_array_add (pool, g_string_free (g_steal_pointer (&s), FALSE));
    }
  return pool;
}

static double
raw_inserts (const char *path, GPtrArray *pool, gint64 n, gint64 commit_every, gint64 *bytes)
{
  sqlite3 *db;
  sqlite3_stmt *stmt;
  double start, elapsed;

  remove_db_files (path);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    die_db (db, path);
  /* The replica's own settings (tj-store.c). */
  bench_exec_sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -32768;"
                "CREATE TABLE t (rid INTEGER PRIMARY KEY,"
                "                id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
                "                body TEXT NOT NULL)");
  stmt = bench_prepare (db, "INSERT INTO t (id, body) VALUES (?, ?)");

  start = bench_now_s ();
  bench_exec_sql (db, "BEGIN IMMEDIATE");
  for (gint64 i = 0; i < n; i++)
    {
      TjUuid id;
      const char *text = g_ptr_array_index (pool, i % pool->len);

      tj_uuid_v7_now (&id);
      sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        die_db (db, "raw insert");
      sqlite3_reset (stmt);
      if (commit_every > 0 && (i + 1) % commit_every == 0 && i + 1 < n)
        bench_exec_sql (db, "COMMIT; BEGIN IMMEDIATE");
    }
  bench_exec_sql (db, "COMMIT");
  elapsed = bench_now_s () - start;

  sqlite3_finalize (stmt);
  bench_exec_sql (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  sqlite3_close (db);
  *bytes = file_size (path);
  remove_db_files (path);
  return n / elapsed;
}

static void
bench_raw (Bench *b)
{
  g_autoptr(GPtrArray) pool = make_text_pool ((guint32) b->opt.seed, b->today);
  g_autofree char *path = g_strconcat (b->opt.db_path, ".raw", NULL);
  gint64 n = b->opt.raw_rows > 0 ? b->opt.raw_rows : b->opt.n_cases;
  gint64 bytes = 0, text_bytes = 0;
  double one, batched;

  for (guint i = 0; i < pool->len; i++)
    text_bytes += strlen (g_ptr_array_index (pool, i));

  g_print ("\n== 2. Physical floor: plain SQLite inserts on this machine\n");
  g_print ("table (rid INTEGER PRIMARY KEY, id BLOB UNIQUE [UUIDv7], body TEXT [avg %.0f bytes of "
           "case text]); WAL, synchronous=FULL, 32 MB cache\n",
           (double) text_bytes / pool->len);
  one = raw_inserts (path, pool, n, 0, &bytes);
  g_print ("one transaction        %10.0f rows/s  (%" G_GINT64_FORMAT " rows, %.0f bytes/row on disk)\n",
           one, n, (double) bytes / n);
  batched = raw_inserts (path, pool, n, b->opt.batch, &bytes);
  g_print ("commit every %-6" G_GINT64_FORMAT "    %10.0f rows/s\n", b->opt.batch, batched);
  if (b->create_rate > 0)
    g_print ("write API / floor      %.3f (%.0f cases/s vs %.0f rows/s: one case costs %.1f "
             "plain inserts)\n",
             b->create_rate / one, b->create_rate, one, one / b->create_rate);
}

/* ------------------------------------------------------------------------------------ */
/* 3. Lists                                                                               */

typedef struct {
  const char *label;
  int         state;
  guint32     types;
  gboolean    overdue;
} FilterSpec;

static const char *
order_label (TjCaseOrder order)
{
  return order == TJ_CASE_ORDER_DUE ? "due" : order == TJ_CASE_ORDER_NUMBER ? "number" : "received";
}

static const char *
order_column (TjCaseOrder order)
{
  return order == TJ_CASE_ORDER_DUE ? "c.due" : order == TJ_CASE_ORDER_NUMBER ? "c.case_no"
                                                                               : "c.received";
}

/* The same WHERE as tj_case_list_page () builds (tj-case-list.c), to count the matches and
 * find the keys of deep pages. */
static char *
where_sql (const FilterSpec *f, TjCaseOrder order)
{
  GString *sql = g_string_new (" WHERE 1");

  if (order == TJ_CASE_ORDER_DUE)
    g_string_append (sql, " AND c.due IS NOT NULL");
  if (f->state >= 0)
    g_string_append (sql, " AND c.state = :state");
  if (f->types != 0)
    g_string_append (sql, " AND (c.types & :types) != 0");
  if (f->overdue)
    g_string_append (sql, " AND c.due < :today");
  return g_string_free (sql, FALSE);
}

static void
bind_where (sqlite3_stmt *stmt, const FilterSpec *f, const char *today)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":state")) > 0)
    sqlite3_bind_text (stmt, i, tj_enum_key (&tj_enum_state, f->state), -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":types")) > 0)
    sqlite3_bind_int64 (stmt, i, f->types);
  if ((i = sqlite3_bind_parameter_index (stmt, ":today")) > 0)
    sqlite3_bind_text (stmt, i, today, -1, SQLITE_STATIC);
}

static gint64
count_matches (Bench *b, const FilterSpec *f, TjCaseOrder order)
{
  g_autofree char *where = where_sql (f, order);
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM \"case\" c%s", where);
  sqlite3_stmt *stmt = bench_prepare (b->db, sql);
  gint64 n = 0;

  bind_where (stmt, f, b->today);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* Cursors that start pages at the given 0-based positions of the ordered list: the key
 * and cid of the row just before each. positions must ascend. */
static GArray *
deep_cursors (Bench *b, const FilterSpec *f, TjCaseOrder order, GArray *positions)
{
  GArray *cursors = g_array_new (FALSE, TRUE, sizeof (TjCaseCursor));
  g_autofree char *where = where_sql (f, order);
  const char *column = order_column (order);
  const char *dir = order == TJ_CASE_ORDER_RECEIVED ? "DESC" : "ASC";
  g_autofree char *sql = g_strdup_printf ("SELECT %s, c.cid FROM \"case\" c%s ORDER BY %s %s, "
                                          "c.cid %s", column, where, column, dir, dir);
  sqlite3_stmt *stmt = bench_prepare (b->db, sql);
  gint64 row = 0;
  guint next = 0;

  bind_where (stmt, f, b->today);
  while (next < positions->len && sqlite3_step (stmt) == SQLITE_ROW)
    {
      while (next < positions->len && g_array_index (positions, gint64, next) - 1 == row)
        {
          TjCaseCursor cursor = { TRUE, g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
                                  sqlite3_column_int64 (stmt, 1) };
          g_array_append_val (cursors, cursor);
          next++;
        }
      row++;
    }
  sqlite3_finalize (stmt);
  return cursors;
}

static void
time_page (Bench *b, TjCaseFilter *filter, const TjCaseCursor *after, Samples *s)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *rows = NULL;
  TjCaseCursor next = { 0 };
  double t = bench_now_s ();

  if (!tj_case_list_page (b->cases, filter, after, PAGE, &rows, &next, &error))
    bench_die ("tj_case_list_page", error);
  samples_add (s, (bench_now_s () - t) * 1000, rows->len);
  g_ptr_array_unref (rows);
  tj_case_cursor_clear (&next);
}

static void
bench_list_one (Bench *b, const FilterSpec *f, TjCaseOrder order)
{
  TjCaseFilter filter;
  Samples first, deep;
  g_autofree char *first_text = NULL, *deep_text = NULL;
  gint64 total = count_matches (b, f, order);
  double started;

  tj_case_filter_init (&filter);
  filter.state = f->state;
  filter.types = f->types;
  filter.overdue = f->overdue;
  filter.order = order;
  samples_init (&first);
  samples_init (&deep);

  started = bench_now_s ();
  for (gint64 r = 0; r < b->opt.reps && (r < 3 || bench_now_s () - started < MAX_COMBO_SEC); r++)
    time_page (b, &filter, NULL, &first);

  /* Deep pages: spread over 85–95 % of the list (around row 900,000 of a million), visited
   * in random order. */
  if (total > 10 * PAGE)
    {
      g_autoptr(GArray) positions = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GArray) cursors = NULL;

      for (gint64 r = 0; r < b->opt.reps; r++)
        {
          gint64 pos = (gint64) (total * (0.85 + 0.10 * r / MAX (b->opt.reps - 1, 1)));
          pos = CLAMP (pos, 1, total - 1);
          g_array_append_val (positions, pos);
        }
      cursors = deep_cursors (b, f, order, positions);
      for (guint k = cursors->len; k > 1; k--)
        {
          guint other = g_rand_int_range (b->rand, 0, k);
          TjCaseCursor tmp = g_array_index (cursors, TjCaseCursor, k - 1);
          g_array_index (cursors, TjCaseCursor, k - 1) = g_array_index (cursors, TjCaseCursor, other);
          g_array_index (cursors, TjCaseCursor, other) = tmp;
        }
      started = bench_now_s ();
      for (guint k = 0; k < cursors->len && (k < 3 || bench_now_s () - started < MAX_COMBO_SEC); k++)
        time_page (b, &filter, &g_array_index (cursors, TjCaseCursor, k), &deep);
      for (guint k = 0; k < cursors->len; k++)
        tj_case_cursor_clear (&g_array_index (cursors, TjCaseCursor, k));
    }

  first_text = samples_format (&first);
  deep_text = samples_format (&deep);
  g_print ("%-8s %-24s %9" G_GINT64_FORMAT " | %s rows %-3u | %s rows %u\n", order_label (order),
           f->label, total, first_text, samples_median_rows (&first), deep_text,
           samples_median_rows (&deep));
  samples_clear (&first);
  samples_clear (&deep);
}

static void
print_list_header (void)
{
  g_print ("%-8s %-24s %9s | %-38s %-8s | %-38s\n", "order", "filter", "matches",
           "first page ms: p50 p95 max", "", "deep page (85-95 % down) ms: p50 p95 max");
}

static void
bench_list (Bench *b, const FilterSpec *filters, guint n_filters)
{
  static const TjCaseOrder orders[] = {
    TJ_CASE_ORDER_RECEIVED, TJ_CASE_ORDER_DUE, TJ_CASE_ORDER_NUMBER,
  };

  print_list_header ();
  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    for (guint i = 0; i < n_filters; i++)
      bench_list_one (b, &filters[i], orders[o]);
}

static const FilterSpec created_filters[] = {
  { "none", -1, 0, FALSE },
  { "state=received", TJ_STATE_RECEIVED, 0, FALSE },
  { "state=in_mediation", TJ_STATE_IN_MEDIATION, 0, FALSE },
  { "type=wages", -1, 1u << TJ_DISPUTE_WAGES, FALSE },
  { "type=injury_medical", -1, 1u << TJ_DISPUTE_INJURY_MEDICAL, FALSE },
  { "type=personnel", -1, 1u << TJ_DISPUTE_PERSONNEL, FALSE },
  { "overdue", -1, 0, TRUE },
  { "type=wages+overdue", -1, 1u << TJ_DISPUTE_WAGES, TRUE },
};

/* ------------------------------------------------------------------------------------ */
/* 4. Search                                                                              */

typedef struct {
  char *facts;
  char *applicant;
  char *applicant_id;
  char *applicant_phone;
  char *respondent;
  char *legal_rep;
} Sample;

static void
sample_free (gpointer data)
{
  Sample *s = data;

  g_free (s->facts);
  g_free (s->applicant);
  g_free (s->applicant_id);
  g_free (s->applicant_phone);
  g_free (s->respondent);
  g_free (s->legal_rep);
  g_free (s);
}

static char *
column_dup (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

static GPtrArray *
sample_cases (Bench *b, guint n)
{
  GPtrArray *out = g_ptr_array_new_with_free_func (sample_free);
  gint64 lo = bench_sql_int (b->db, "SELECT min(cid) FROM \"case\"");
  gint64 hi = bench_sql_int (b->db, "SELECT max(cid) FROM \"case\"");
  sqlite3_stmt *stmt = bench_prepare (b->db,
    "SELECT c.facts, a.name, a.id_number, a.phone, r.name, r.legal_rep FROM \"case\" c "
    "JOIN party a ON a.case_id = c.id AND a.side = 'applicant' "
    "JOIN party r ON r.case_id = c.id AND r.side = 'respondent' WHERE c.cid = ?");

  for (guint tries = 0; out->len < n && tries < n * 10; tries++)
    {
      gint64 cid = lo + (gint64) (g_rand_double (b->rand) * (hi - lo + 1));

      sqlite3_bind_int64 (stmt, 1, cid);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          Sample *s = g_new0 (Sample, 1);

          s->facts = column_dup (stmt, 0);
          s->applicant = column_dup (stmt, 1);
          s->applicant_id = column_dup (stmt, 2);
          s->applicant_phone = column_dup (stmt, 3);
          s->respondent = column_dup (stmt, 4);
          s->legal_rep = column_dup (stmt, 5);
          g_ptr_array_add (out, s);
        }
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  return out;
}

typedef enum { WIN_HAN, WIN_DIGIT } WindowKind;

static gboolean
char_fits (gunichar c, WindowKind kind)
{
  if (kind == WIN_DIGIT)
    return c < 0x80 && g_ascii_isdigit (c);
  return (c >= 0x3400 && c <= 0x9fff) || (c >= 0x20000 && c <= 0x3ffff);
}

/* A random window of `len` characters of one kind from text, or NULL. */
static char *
random_window (GRand *rand, const char *text, guint len, WindowKind kind)
{
  g_autofree gunichar *chars = NULL;
  glong n = 0;

  if (text == NULL)
    return NULL;
  chars = g_utf8_to_ucs4_fast (text, -1, &n);
  for (guint tries = 0; n >= (glong) len && tries < 20; tries++)
    {
      guint start = g_rand_int_range (rand, 0, n - len + 1);
      gboolean ok = TRUE;

      for (guint i = 0; i < len && ok; i++)
        ok = char_fits (chars[start + i], kind);
      if (ok)
        return g_ucs4_to_utf8 (chars + start, len, NULL, NULL, NULL);
    }
  return NULL;
}

static char *
utf8_sub (const char *text, glong from, glong len)
{
  glong n = g_utf8_strlen (text, -1);

  if (from < 0)
    from = n + from;
  if (from < 0 || from + len > n)
    return NULL;
  return g_utf8_substring (text, from, from + len);
}

typedef enum {
  FRAG_NAME2,
  FRAG_GIVEN2,
  FRAG_RARE2,
  FRAG_FACTS2,
  FRAG_FACTS3,
  FRAG_NAME3,
  FRAG_DIGITS3,
  FRAG_FACTS6,
  FRAG_COMPANY6,
  FRAG_ID6,
  FRAG_PHONE11,
  FRAG_ID18,
  FRAG_NONE_ABSENT,
  FRAG_NONE_PHONE,
  FRAG_NONE_JOINED,
  FRAG_NONE_COMMON,
  N_FRAGS
} FragKind;

static const char * const frag_labels[N_FRAGS] = {
  "2ch surname+given",
  "2ch given-name bigram",
  "2ch with a rare char",
  "2ch from the facts",
  "3ch from the facts",
  "3ch full name",
  "3 digits (phone/ID)",
  "6ch from the facts",
  "6ch company name",
  "6 chars: ID tail",
  "11 digits: phone",
  "18 chars: full ID",
  "none: absent chars",
  "none: unknown phone",
  "none: 2 facts pieces",
  "rare: all grams common",
};

static gint64 fts_candidates (Bench *b, const char *fragment);

static char *
make_fragment (Bench *b, FragKind kind, GPtrArray *samples, GPtrArray *rare)
{
  static const char absent[] = "鲲鹏饕餮麒麟貔貅鸳鸯琵琶琥珀翡翠玳瑁珊瑚犀牛";
  Sample *s = g_ptr_array_index (samples, g_rand_int_range (b->rand, 0, samples->len));
  Sample *t = g_ptr_array_index (samples, g_rand_int_range (b->rand, 0, samples->len));
  glong name_len = g_utf8_strlen (s->applicant, -1);

  switch (kind)
    {
    case FRAG_NAME2:
      return utf8_sub (s->applicant, 0, 2);
    case FRAG_GIVEN2:
      return name_len == 3 ? utf8_sub (s->applicant, 1, 2) : NULL;
    case FRAG_RARE2:
      return rare->len ? utf8_sub (g_ptr_array_index (rare, g_rand_int_range (b->rand, 0, rare->len)),
                                   -2, 2)
                       : NULL;
    case FRAG_FACTS2:
      return random_window (b->rand, s->facts, 2, WIN_HAN);
    case FRAG_FACTS3:
      return random_window (b->rand, s->facts, 3, WIN_HAN);
    case FRAG_NAME3:
      return name_len == 3 ? g_strdup (s->applicant) : NULL;
    case FRAG_DIGITS3:
      return random_window (b->rand, g_rand_boolean (b->rand) ? s->applicant_phone : s->applicant_id,
                            3, WIN_DIGIT);
    case FRAG_FACTS6:
      return random_window (b->rand, s->facts, 6, WIN_HAN);
    case FRAG_COMPANY6:
      return utf8_sub (s->respondent, 0, 6);
    case FRAG_ID6:
      return s->applicant_id ? utf8_sub (s->applicant_id, -6, 6) : NULL;
    case FRAG_PHONE11:
      return g_strdup (s->applicant_phone);
    case FRAG_ID18:
      return g_strdup (s->applicant_id);
    case FRAG_NONE_ABSENT:
      {
        glong n = g_utf8_strlen (absent, -1);
        guint len = g_rand_int_range (b->rand, 2, 5);
        guint from = g_rand_int_range (b->rand, 0, n - len + 1);
        return g_utf8_substring (absent, from, from + len);
      }
    case FRAG_NONE_PHONE:
      return g_strdup_printf ("1%d%09u", g_rand_int_range (b->rand, 3, 10),
                              g_rand_int_range (b->rand, 0, 1000000000));
    case FRAG_NONE_JOINED:
      {
        g_autofree char *x = random_window (b->rand, s->facts, 3, WIN_HAN);
        g_autofree char *y = random_window (b->rand, t->facts, 3, WIN_HAN);
        return x && y ? g_strconcat (x, y, NULL) : NULL;
      }
    case FRAG_NONE_COMMON:
      /* Two pieces of the facts joined where every gram, the seam too, is common: the
       * index cannot rule any case out, so every candidate is verified and none matches.
       * A person misremembering a phrase types exactly this. */
      {
        g_autofree char *x = random_window (b->rand, s->facts, 3, WIN_HAN);
        g_autofree char *y = random_window (b->rand, t->facts, 3, WIN_HAN);
        g_autofree char *joined = x && y ? g_strconcat (x, y, NULL) : NULL;

        if (joined == NULL || strstr (s->facts, joined) != NULL || strstr (t->facts, joined) != NULL)
          return NULL;
        if (fts_candidates (b, joined) < 1000)
          return NULL;
        return g_steal_pointer (&joined);
      }
    case N_FRAGS:
    default:
      g_assert_not_reached ();
    }
  return NULL;
}

/* The number of candidates the n-gram index yields for a fragment, before verification. */
static gint64
fts_candidates (Bench *b, const char *fragment)
{
  g_autofree char *query = NULL;
  g_auto(GStrv) terms = NULL;
  sqlite3_stmt *stmt;
  gint64 n = -1;

  if (!tj_search_parse (fragment, &query, &terms, NULL))
    return -1;
  stmt = bench_prepare (b->db, "SELECT count(*) FROM case_search WHERE case_search MATCH ?");
  sqlite3_bind_text (stmt, 1, query, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

static int
cmp_gint64 (gconstpointer a, gconstpointer b)
{
  gint64 x = *(const gint64 *) a, y = *(const gint64 *) b;

  return x < y ? -1 : x > y;
}

static void
bench_search (Bench *b)
{
  g_autoptr(GPtrArray) samples = sample_cases (b, 2000);
  g_autoptr(GPtrArray) rare = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;

  g_print ("\n== 4. Search (filter.search, first page of %d, newest first); %" G_GINT64_FORMAT
           " different fragments per kind, taken from the generated data\n",
           PAGE, b->opt.reps);
  g_print ("hits = rows on the first page (median, and how many queries found nothing); "
           "candidates = FTS matches before verification (median, untimed)\n");

  /* Names with the rare characters tj-demo.c puts in about one name in fifty. */
  stmt = bench_prepare (b->db, "SELECT name FROM party WHERE side = 'applicant' AND "
                         "(instr (name, '䶮') OR instr (name, '堃') OR instr (name, '喆') OR "
                         " instr (name, '龘')) LIMIT 2000");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rare, column_dup (stmt, 0));
  sqlite3_finalize (stmt);

  g_print ("%-22s | %-34s | %-10s %-6s | %-10s | %s\n", "fragment kind",
           "ms: p50 p95 max", "hits med", "zero", "candidates", "examples");
  for (guint k = 0; k < N_FRAGS; k++)
    {
      g_autoptr(GPtrArray) fragments = g_ptr_array_new_with_free_func (g_free);
      g_autoptr(GArray) candidates = g_array_new (FALSE, FALSE, sizeof (gint64));
      g_autoptr(GString) examples = g_string_new (NULL);
      g_autofree char *text = NULL;
      Samples s;
      double started, slowest_ms = -1;
      guint slowest = 0;
      gint64 slowest_candidates = 0;

      for (guint tries = 0; fragments->len < b->opt.reps && tries < 100 * b->opt.reps; tries++)
        {
          char *f = make_fragment (b, k, samples, rare);

          if (f != NULL)
            g_ptr_array_add (fragments, f);
        }
      samples_init (&s);
      started = bench_now_s ();
      for (guint i = 0; i < fragments->len && (i < 3 || bench_now_s () - started < MAX_COMBO_SEC * 2); i++)
        {
          TjCaseFilter filter;
          g_autoptr(GError) error = NULL;
          GPtrArray *rows = NULL;
          TjCaseCursor next = { 0 };
          double t;

          tj_case_filter_init (&filter);
          filter.search = g_ptr_array_index (fragments, i);
          t = bench_now_s ();
          if (!tj_case_list_page (b->cases, &filter, NULL, PAGE, &rows, &next, &error))
            bench_die (filter.search, error);
          samples_add (&s, (bench_now_s () - t) * 1000, rows->len);
          g_ptr_array_unref (rows);
          tj_case_cursor_clear (&next);
        }
      for (guint i = 0; i < s.ms->len; i++)
        {
          gint64 n = fts_candidates (b, g_ptr_array_index (fragments, i));
          g_array_append_val (candidates, n);
          if (i < 4)
            g_string_append_printf (examples, "%s%s", i ? " " : "",
                                    (char *) g_ptr_array_index (fragments, i));
          if (g_array_index (s.ms, double, i) > slowest_ms)
            {
              slowest_ms = g_array_index (s.ms, double, i);
              slowest = i;
              slowest_candidates = n;
            }
        }
      if (s.ms->len > 0)
        g_string_append_printf (examples, "; slowest %s (%.1f ms, %" G_GINT64_FORMAT
                                " candidates)", (char *) g_ptr_array_index (fragments, slowest),
                                slowest_ms, slowest_candidates);
      g_array_sort (candidates, cmp_gint64);
      text = samples_format (&s);
      g_print ("%-22s | %s | %-10u %-6u | %-10" G_GINT64_FORMAT " | %s\n", frag_labels[k], text,
               samples_median_rows (&s), s.zero,
               candidates->len ? g_array_index (candidates, gint64, (candidates->len - 1) / 2) : -1,
               examples->str);
      samples_clear (&s);
    }
}

/* ------------------------------------------------------------------------------------ */
/* 5. Overdue dashboard                                                                   */

static void
bench_dashboard (Bench *b, const char *title)
{
  TjCaseFilter filter;
  Samples page, count;
  g_autofree char *page_text = NULL, *count_text = NULL;
  sqlite3_stmt *stmt = bench_prepare (b->db, "SELECT count(*) FROM \"case\" WHERE due < ?");
  gint64 n = 0;

  g_print ("\n== %s\n", title);
  tj_case_filter_init (&filter);
  filter.overdue = TRUE;
  filter.order = TJ_CASE_ORDER_DUE;
  samples_init (&page);
  samples_init (&count);
  for (gint64 r = 0; r < b->opt.reps; r++)
    time_page (b, &filter, NULL, &page);
  for (gint64 r = 0; r < b->opt.reps; r++)
    {
      double t = bench_now_s ();

      sqlite3_bind_text (stmt, 1, b->today, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        n = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
      samples_add (&count, (bench_now_s () - t) * 1000, 1);
    }
  sqlite3_finalize (stmt);
  page_text = samples_format (&page);
  count_text = samples_format (&count);
  g_print ("%-44s ms: p50 p95 max\n", "");
  g_print ("%-44s %s rows %u\n", "first page, filter.overdue, order due", page_text,
           samples_median_rows (&page));
  g_print ("%-44s %s -> %" G_GINT64_FORMAT " overdue (the list API has no count)\n",
           "SELECT count(*) FROM case WHERE due < today", count_text, n);
  samples_clear (&page);
  samples_clear (&count);
}

/* ------------------------------------------------------------------------------------ */
/* 6. Bytes per case                                                                      */

static void
print_size (sqlite3 *db, const char *path, gint64 n_cases, const char *label, gboolean detail)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  sqlite3_stmt *stmt;
  gint64 size, total = 0;

  bench_exec_sql (db, "PRAGMA wal_checkpoint(TRUNCATE)");
  size = file_size (path);
  g_print ("%-58s %8.1f MB  %6.0f bytes/case  (wal %" G_GINT64_FORMAT " bytes, page %"
           G_GINT64_FORMAT ", freelist %" G_GINT64_FORMAT " pages)\n",
           label, size / 1048576.0, (double) size / n_cases, file_size (wal),
           bench_sql_int (db, "PRAGMA page_size"), bench_sql_int (db, "PRAGMA freelist_count"));
  if (!detail)
    return;
  if (!sqlite3_compileoption_used ("ENABLE_DBSTAT_VTAB"))
    {
      g_print ("  (this SQLite has no dbstat table: no breakdown)\n");
      return;
    }

  g_print ("  %-28s %10s %9s %6s %12s %12s %12s\n", "b-tree", "MB", "B/case", "%",
           "entries", "payload B/c", "unused B/c");
  stmt = bench_prepare (db, "SELECT name, pgsize, ncell, payload, unused FROM dbstat ('main', 1) "
                      "ORDER BY pgsize DESC");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pg = sqlite3_column_int64 (stmt, 1);

      total += pg;
      if (pg < 64 * 1024)
        continue;
      g_print ("  %-28s %10.1f %9.0f %6.1f %12" G_GINT64_FORMAT " %12.0f %12.0f\n",
               sqlite3_column_text (stmt, 0), pg / 1048576.0, (double) pg / n_cases,
               100.0 * pg / size, (gint64) sqlite3_column_int64 (stmt, 2),
               (double) sqlite3_column_int64 (stmt, 3) / n_cases,
               (double) sqlite3_column_int64 (stmt, 4) / n_cases);
    }
  sqlite3_finalize (stmt);
  g_print ("  (b-trees under 64 KB not shown; all b-trees %.1f MB)\n", total / 1048576.0);

  g_print ("  by table (its indexes included):\n");
  stmt = bench_prepare (db,
    "SELECT CASE WHEN d.name LIKE 'case_search%' THEN 'case_search (FTS5 n-grams)' "
    "            ELSE coalesce (s.tbl_name, d.name) END AS t, sum (d.pgsize) "
    "FROM dbstat ('main', 1) d LEFT JOIN sqlite_schema s ON s.name = d.name "
    "GROUP BY t ORDER BY 2 DESC");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 pg = sqlite3_column_int64 (stmt, 1);

      if (pg < 64 * 1024)
        continue;
      g_print ("  %-28s %10.1f %9.0f %6.1f\n", sqlite3_column_text (stmt, 0), pg / 1048576.0,
               (double) pg / n_cases, 100.0 * pg / size);
    }
  sqlite3_finalize (stmt);
}

static void
print_row_sizes (sqlite3 *db, gint64 n_cases)
{
  static const struct { const char *label; const char *sql; } q[] = {
    { "outbox.fields JSON", "SELECT sum (length (CAST (fields AS BLOB))) FROM outbox" },
    { "case.facts", "SELECT sum (length (CAST (facts AS BLOB))) FROM \"case\"" },
    { "party rows", "SELECT sum (length (CAST (name AS BLOB)) + length (id_number) + "
                    "length (phone) + coalesce (length (CAST (address AS BLOB)), 0) + "
                    "coalesce (length (CAST (legal_rep AS BLOB)), 0)) FROM party" },
  };

  g_print ("  stored text per case:");
  for (guint i = 0; i < G_N_ELEMENTS (q); i++)
    g_print ("  %s %.0f B", q[i].label, (double) bench_sql_int (db, q[i].sql) / n_cases);
  g_print ("\n");
}

/* ------------------------------------------------------------------------------------ */
/* Opening, and the vacuumed copy                                                        */

static void
open_bench (Bench *b, const char *path)
{
  g_autoptr(GError) error = NULL;

  b->store = tj_store_open (path, &error);
  if (b->store == NULL)
    bench_die (path, error);
  b->cases = tj_case_store_new (b->store, &error);
  if (b->cases == NULL)
    bench_die ("tj_case_store_new", error);
  b->db = tj_store_get_db (b->store);
  g_free (b->today);
  b->today = tj_case_store_today (b->cases);
}

static void
close_bench (Bench *b)
{
  g_clear_object (&b->cases);
  g_clear_object (&b->store);
  b->db = NULL;
}

static void
init_replica (Bench *b)
{
  g_autoptr(GError) error = NULL;
  TjReplicaSetup setup = {
    .org_code = REGION,
    .org_name = "长春市南关区永吉街道劳动人事争议调解中心",
    .org_short_name = "永吉街调",
    .level = TJ_ORG_LEVEL_TOWNSHIP,
    .type = TJ_ORG_CENTRE,
    .user_name = "王调解",
    .roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
    .desk = 1,
  };

  if (!tj_case_store_init_replica (b->cases, &setup, &error))
    bench_die ("tj_case_store_init_replica", error);
}

/* A realistic mix of states for the list filters, written with plain SQL on the copy:
 * the write API registered every case as received, so as created every case has a
 * pending, long-passed acceptance deadline. Recent cases are open, older ones closed, one
 * in a thousand is stuck in mediation past its end. */
static void
age_cases (Bench *b)
{
  g_autofree char *sql = g_strdup_printf (
    "UPDATE \"case\" SET "
    "  state = CASE "
    "    WHEN julianday (:today) - julianday (received) <= 3 THEN 'received' "
    "    WHEN julianday (:today) - julianday (received) <= 20 OR cid %% 1000 = 999 "
    "      THEN 'in_mediation' "
    "    WHEN cid %% 100 < 55 THEN 'agreed' "
    "    WHEN cid %% 100 < 65 THEN 'confirmed' "
    "    WHEN cid %% 100 < 80 THEN 'failed' "
    "    WHEN cid %% 100 < 88 THEN 'withdrawn' "
    "    WHEN cid %% 100 < 95 THEN 'rejected' "
    "    ELSE 'review_refused' END, "
    "  due = CASE "
    "    WHEN julianday (:today) - julianday (received) <= 3 THEN date (received, '+3 days') "
    "    WHEN julianday (:today) - julianday (received) <= 20 OR cid %% 1000 = 999 "
    "      THEN date (received, '+15 days') "
    "    ELSE NULL END");
  sqlite3_stmt *stmt = bench_prepare (b->db, sql);
  double t = bench_now_s ();

  bench_exec_sql (b->db, "BEGIN");
  sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":today"), b->today, -1,
                     SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    die_db (b->db, "ageing");
  sqlite3_finalize (stmt);
  bench_exec_sql (b->db, "UPDATE \"case\" SET due_clock = CASE WHEN due IS NULL THEN NULL "
                   "WHEN state = 'received' THEN 'acceptance' ELSE 'mediation' END, "
                   "due_provisional = 0");
  bench_exec_sql (b->db, "COMMIT");
  bench_exec_sql (b->db, "PRAGMA wal_checkpoint(TRUNCATE)");
  g_print ("aged in %.1f s: ", bench_now_s () - t);
  stmt = bench_prepare (b->db, "SELECT state, count(*) FROM \"case\" GROUP BY state ORDER BY 2 DESC");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_print ("%s %" G_GINT64_FORMAT "  ", sqlite3_column_text (stmt, 0),
             (gint64) sqlite3_column_int64 (stmt, 1));
  sqlite3_finalize (stmt);
  g_print ("\n");
}

static const FilterSpec aged_filters[] = {
  { "none", -1, 0, FALSE },
  { "state=in_mediation", TJ_STATE_IN_MEDIATION, 0, FALSE },
  { "state=agreed", TJ_STATE_AGREED, 0, FALSE },
  { "type=injury_medical", -1, 1u << TJ_DISPUTE_INJURY_MEDICAL, FALSE },
  { "overdue", -1, 0, TRUE },
  { "type=wages+overdue", -1, 1u << TJ_DISPUTE_WAGES, TRUE },
};

static void
bench_copy (Bench *b, gboolean do_size, gboolean do_aged)
{
  g_autofree char *copy = g_strconcat (b->opt.db_path, ".copy", NULL);
  g_autofree char *sql = NULL;
  char *quoted;
  double t;

  remove_db_files (copy);
  quoted = sqlite3_mprintf ("VACUUM INTO %Q", copy);
  sql = g_strdup (quoted);
  sqlite3_free (quoted);
  t = bench_now_s ();
  bench_exec_sql (b->db, sql);
  g_print ("(VACUUM INTO a copy: %.1f s)\n", bench_now_s () - t);

  close_bench (b);
  open_bench (b, copy);
  if (do_size)
    {
      print_size (b->db, copy, b->opt.n_cases, "vacuumed copy, outbox kept", FALSE);
      t = bench_now_s ();
      bench_exec_sql (b->db, "DELETE FROM outbox");
      bench_exec_sql (b->db, "VACUUM");
      print_size (b->db, copy, b->opt.n_cases,
                  "vacuumed copy, outbox emptied (all pushed and acknowledged)", TRUE);
      g_print ("  (delete + VACUUM: %.1f s)\n", bench_now_s () - t);
      t = bench_now_s ();
      bench_exec_sql (b->db, "INSERT INTO case_search (case_search) VALUES ('optimize')");
      bench_exec_sql (b->db, "VACUUM");
      print_size (b->db, copy, b->opt.n_cases,
                  "... and FTS5 'optimize' (one segment) + VACUUM", FALSE);
      g_print ("  (optimize + VACUUM: %.1f s)\n", bench_now_s () - t);
    }
  if (do_aged)
    {
      g_print ("\n== 7. Lists and dashboard on a realistic state mix (SQL UPDATE on the vacuumed "
               "copy, NOT the write API%s)\n", do_size ? "; outbox emptied, FTS optimised" : "");
      age_cases (b);
      bench_list (b, aged_filters, G_N_ELEMENTS (aged_filters));
      bench_dashboard (b, "7b. Overdue dashboard on the realistic state mix");
    }
  close_bench (b);
  remove_db_files (copy);
}

/* ------------------------------------------------------------------------------------ */

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new ("— replica benchmark");
  g_autoptr(GError) error = NULL;
  Bench b = { 0 };
  gint64 existing = -1;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT64, &b.opt.n_cases, "Number of cases (default 1000000)", "N" },
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &b.opt.db_path, "Replica file (default: a temporary file)", "FILE" },
    { "seed", 0, 0, G_OPTION_ARG_INT64, &b.opt.seed, "Seed of the generated cases (default 1)", "S" },
    { "reuse", 0, 0, G_OPTION_ARG_NONE, &b.opt.reuse, "Skip creation when FILE already holds the cases", NULL },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &b.opt.keep, "Keep the replica file", NULL },
    { "reps", 0, 0, G_OPTION_ARG_INT64, &b.opt.reps, "Repetitions per latency figure (default 50)", "N" },
    { "batch", 0, 0, G_OPTION_ARG_INT64, &b.opt.batch, "Cases per batch (default 1000)", "N" },
    { "raw-rows", 0, 0, G_OPTION_ARG_INT64, &b.opt.raw_rows, "Rows of the plain-insert floor (default: --cases)", "N" },
    { "only", 0, 0, G_OPTION_ARG_STRING, &b.opt.only,
      "Sections: create,raw,list,search,dashboard,size,aged (default all)", "LIST" },
    { NULL }
  };

  b.opt.n_cases = 1000000;
  b.opt.seed = 1;
  b.opt.reps = 50;
  b.opt.batch = 1000;
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("options", error);
  if (b.opt.n_cases < 1 || b.opt.reps < 1 || b.opt.batch < 1)
    bench_die ("options", NULL);

  if (b.opt.db_path == NULL)
    {
      /* --keep and --reuse need a name the next run can find. */
      if (b.opt.keep || b.opt.reuse)
        b.opt.db_path = g_strdup_printf ("%s/tiaojie-bench-%" G_GINT64_FORMAT "-%" G_GINT64_FORMAT ".db",
                                         g_get_tmp_dir (), b.opt.n_cases, b.opt.seed);
      else
        {
          int fd = g_file_open_tmp ("tiaojie-bench-XXXXXX.db", &b.opt.db_path, &error);
          if (fd < 0)
            bench_die ("temporary file", error);
          close (fd);
          g_remove (b.opt.db_path);
          b.temp_db = TRUE;
        }
    }
  b.rand = g_rand_new_with_seed ((guint32) b.opt.seed * 7919u + 17);

  setvbuf (stdout, NULL, _IOLBF, 0);
  g_set_print_handler (print_raw);
  print_machine (&b);

  if (b.opt.reuse && g_file_test (b.opt.db_path, G_FILE_TEST_EXISTS))
    {
      open_bench (&b, b.opt.db_path);
      existing = bench_sql_int (b.db, "SELECT count(*) FROM \"case\"");
      if (existing != b.opt.n_cases)
        {
          g_printerr ("bench-store: %s holds %" G_GINT64_FORMAT " cases, not %" G_GINT64_FORMAT
                      "; remove it or pass --cases %" G_GINT64_FORMAT "\n",
                      b.opt.db_path, existing, b.opt.n_cases, existing);
          return 1;
        }
      g_print ("\n== 1. Creation: skipped, %s already holds %" G_GINT64_FORMAT " cases (--reuse)\n",
               b.opt.db_path, existing);
    }
  else
    {
      remove_db_files (b.opt.db_path);
      open_bench (&b, b.opt.db_path);
      init_replica (&b);
      if (!section (&b, "create") && b.opt.only != NULL)
        g_print ("\n(creating the cases anyway: the other sections need them)\n");
      bench_create (&b);
    }
  g_print ("today       %s (real clock; lists compute overdue against it)\n", b.today);

  if (section (&b, "raw") && (existing < 0 || (b.opt.only != NULL)))
    bench_raw (&b);

  if (section (&b, "list"))
    {
      bench_print_load ("before lists");
      g_print ("\n== 3. Lists (tj_case_list_page, %d rows a page, keyset cursor), as created: every "
               "case is 'received' with its acceptance deadline\n", PAGE);
      bench_list (&b, created_filters, G_N_ELEMENTS (created_filters));
    }
  if (section (&b, "search"))
    {
      bench_print_load ("before search");
      bench_search (&b);
    }
  if (section (&b, "dashboard"))
    bench_dashboard (&b, "5. Overdue dashboard, as created");

  if (section (&b, "size"))
    {
      g_print ("\n== 6. File size (after PRAGMA wal_checkpoint(TRUNCATE)), %" G_GINT64_FORMAT
               " cases\n", b.opt.n_cases);
      print_size (b.db, b.opt.db_path, b.opt.n_cases, "as written by the write API", TRUE);
      print_row_sizes (b.db, b.opt.n_cases);
    }
  if (section (&b, "size") || section (&b, "aged"))
    bench_copy (&b, section (&b, "size"), section (&b, "aged"));
  else
    close_bench (&b);

  bench_print_load ("at the end");
  if (!b.opt.keep && !b.opt.reuse)
    remove_db_files (b.opt.db_path);
  else
    g_print ("\nkept %s\n", b.opt.db_path);
  g_clear_pointer (&b.rand, g_rand_free);
  g_free (b.today);
  g_free (b.opt.db_path);
  g_free (b.opt.only);
  return 0;
}
