/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "tj-case-list.h"
#include "tj-case-store.h"

/* Crash safety: a writer registers cases as fast as it can and is killed (SIGKILL) at a
 * random moment, again and again. Whatever it acknowledged must be in the file, whole;
 * whatever is in the file must be whole (the case, its parties and claims, their outbox
 * mutations and the event, or nothing); and the file must stay usable.
 *
 * The writer is this program itself run as `test-crash --writer DB TAG`: it links the
 * core, calls tj_case_store_create () in a loop and prints a line for each case only after
 * the call returned (the commit is done). Every third case is also accepted, and that is
 * acknowledged with a line of its own, so patches are killed half-way too. */

#define N_KILLS      36
#define DEFAULT_SEED 20250127
#define RECEIVED     "2025-01-24"

/* ---- the writer ------------------------------------------------------------------- */

static TjCase *
make_case (const char *applicant, guint i)
{
  TjCase *c = tj_case_new ();
  TjParty *p;

  c->received = g_strdup (RECEIVED);
  c->types = 1u << TJ_DISPUTE_WAGES;
  c->facts = g_strdup_printf ("申请人在建筑工地从事钢筋工工作，被申请人拖欠工资%u个月。", i % 12 + 1);
  p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, applicant);
  p->id_number = g_strdup ("11010119900307002X");
  p->phone = g_strdup ("13800138000");
  g_ptr_array_add (c->parties, p);
  p = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, "东城宏达建筑工程有限公司");
  p->id_number = g_strdup ("91110101MA0000015M");
  g_ptr_array_add (c->parties, p);
  g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_WAGES, 100000 + i));
  g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_COMPENSATION, 5000));
  return c;
}

static int
writer_main (const char *path, const char *tag)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  g_autoptr(TjCaseStore) cases = NULL;

  if (store == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 3;
    }
  cases = tj_case_store_new (store, &error);
  if (cases == NULL)
    {
      g_printerr ("writer: %s\n", error->message);
      return 3;
    }

  for (guint i = 0; i < G_MAXINT; i++)
    {
      g_autofree char *applicant = g_strdup_printf ("工人%s号%u", tag, i);
      g_autoptr(TjCase) c = make_case (applicant, i);

      if (!tj_case_store_create (cases, c, NULL, &error))
        {
          g_printerr ("writer: %s\n", error->message);
          return 1;
        }
      /* Acknowledged: the commit returned. */
      fprintf (stdout, "C\t%s\t%s\n", c->case_no, applicant);
      fflush (stdout);

      if (i % 3 == 0)
        {
          TjActionArgs args = { .paid = -1, .consent = TRUE };

          if (!tj_case_store_do (cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL, &error))
            {
              g_printerr ("writer: %s\n", error->message);
              return 1;
            }
          fprintf (stdout, "A\t%s\n", c->case_no);
          fflush (stdout);
        }
    }
  return 0;
}

/* ---- checking the file -------------------------------------------------------------- */

typedef struct {
  char       *dir;
  char       *path;
  char       *self;             /* this program, to run as the writer */
  GHashTable *acked;            /* case_no → applicant name */
  GHashTable *accepted;         /* case_no */
  guint       kills;
} Fixture;

static gint64
query_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;
  gint64 value;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("%s: %s", sql, sqlite3_errmsg (db));
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

static void
assert_zero (sqlite3 *db, const char *what, const char *sql)
{
  gint64 n = query_int (db, sql);

  if (n != 0)
    g_error ("%s: %" G_GINT64_FORMAT " rows break it", what, n);
}

/* Everything that must hold for any file the writer left, killed or not. */
static void
check_file (Fixture *f)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  GHashTableIter iter;
  gpointer key, value;
  gint64 n_cases, n_outbox, max_mutation, last_mutation, next_seq;

  /* Open read-write, as the program would: a killed writer leaves a WAL to recover. */
  g_assert_cmpint (sqlite3_open_v2 (f->path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  sqlite3_busy_timeout (db, 5000);

  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA foreign_key_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);

  /* The outbox: mutation ids 1, 2, … without a gap, and the counter in meta agrees. */
  n_outbox = query_int (db, "SELECT count(*) FROM outbox_mutation");
  max_mutation = query_int (db, "SELECT coalesce (max (mutation_id), 0) FROM outbox_mutation");
  last_mutation = query_int (db, "SELECT coalesce ((SELECT CAST (value AS INTEGER) FROM meta "
                                 "WHERE key = 'last_mutation_id'), 0)");
  g_assert_cmpint (n_outbox, >=, 2);
  g_assert_cmpint (query_int (db, "SELECT min (mutation_id) FROM outbox_mutation"), ==, 1);
  g_assert_cmpint (max_mutation, ==, n_outbox);
  g_assert_cmpint (last_mutation, ==, max_mutation);
  assert_zero (db, "every mutation has its event",
               "SELECT count(*) FROM outbox_mutation o WHERE o.event_id IS NULL OR NOT EXISTS "
               "(SELECT 1 FROM event e WHERE e.id = o.event_id)");

  /* Every case is whole: one create event, one create mutation, two parties and two
   * claims each with their create mutation, the claimed sum. The outbox has no index on
   * record_id, so mutations are counted per record once and joined. */
  assert_zero (db, "one create event per case",
               "SELECT count(*) FROM \"case\" c WHERE (SELECT count(*) FROM event e "
               "WHERE e.case_id = c.id AND e.record_id = c.id AND e.action = 'create') != 1");
  assert_zero (db, "one create mutation per case",
               "SELECT count(*) FROM \"case\" c LEFT JOIN (SELECT record_id, count(*) AS n "
               "FROM outbox_mutation WHERE kind = 'case' AND op = 'create' GROUP BY record_id) o "
               "ON o.record_id = c.id WHERE coalesce (o.n, 0) != 1");
  assert_zero (db, "two parties per case",
               "SELECT count(*) FROM \"case\" c WHERE (SELECT count(*) FROM party p "
               "WHERE p.case_id = c.id) != 2 OR NOT EXISTS (SELECT 1 FROM party p "
               "WHERE p.case_id = c.id AND p.side = 'applicant')");
  assert_zero (db, "two claims per case",
               "SELECT count(*) FROM \"case\" c WHERE (SELECT count(*) FROM claim l "
               "WHERE l.case_id = c.id) != 2");
  assert_zero (db, "one create mutation per party",
               "SELECT count(*) FROM party p LEFT JOIN (SELECT record_id, count(*) AS n "
               "FROM outbox_mutation WHERE kind = 'party' AND op = 'create' GROUP BY record_id) o "
               "ON o.record_id = p.id WHERE coalesce (o.n, 0) != 1");
  assert_zero (db, "one create mutation per claim",
               "SELECT count(*) FROM claim l LEFT JOIN (SELECT record_id, count(*) AS n "
               "FROM outbox_mutation WHERE kind = 'claim' AND op = 'create' GROUP BY record_id) o "
               "ON o.record_id = l.id WHERE coalesce (o.n, 0) != 1");
  assert_zero (db, "mutations only for records that exist",
               "SELECT count(*) FROM outbox_mutation o WHERE o.kind IN ('case', 'party', 'claim') AND "
               "NOT EXISTS (SELECT 1 FROM \"case\" c WHERE c.id = o.record_id) AND "
               "NOT EXISTS (SELECT 1 FROM party p WHERE p.id = o.record_id) AND "
               "NOT EXISTS (SELECT 1 FROM claim l WHERE l.id = o.record_id)");
  assert_zero (db, "the claimed sum",
               "SELECT count(*) FROM \"case\" c WHERE c.claimed != "
               "(SELECT sum (amount) FROM claim l WHERE l.case_id = c.id)");
  /* An acceptance is whole too: the state, its event and its patch, or none of them. */
  assert_zero (db, "accept events match the state",
               "SELECT count(*) FROM \"case\" c WHERE (SELECT count(*) FROM event e "
               "WHERE e.case_id = c.id AND e.action = 'accept') != (c.state = 'accepted')");
  assert_zero (db, "accept patches match the state",
               "SELECT count(*) FROM \"case\" c LEFT JOIN (SELECT record_id, count(*) AS n "
               "FROM outbox_mutation WHERE op = 'patch' GROUP BY record_id) o "
               "ON o.record_id = c.id WHERE coalesce (o.n, 0) != (c.state = 'accepted')");
  assert_zero (db, "states",
               "SELECT count(*) FROM \"case\" WHERE state NOT IN ('received', 'accepted')");

  /* Case numbers: the counter handed out exactly the numbers in the file. */
  n_cases = query_int (db, "SELECT count(*) FROM \"case\"");
  next_seq = query_int (db, "SELECT coalesce ((SELECT next FROM case_counter WHERE year = 2025), 1)");
  g_assert_cmpint (next_seq - 1, ==, n_cases);
  g_assert_cmpint (query_int (db, "SELECT count(DISTINCT case_no) FROM \"case\""), ==, n_cases);

  /* What the writer acknowledged is there, with its parties and claims. */
  g_assert_cmpint (n_cases, >=, g_hash_table_size (f->acked));
  /* A kill can land between a commit and its acknowledgement, at most once per kill. */
  g_assert_cmpint (n_cases - g_hash_table_size (f->acked), <=, f->kills);
  g_assert_cmpint (sqlite3_prepare_v2 (db,
    "SELECT c.state, (SELECT name FROM party p WHERE p.case_id = c.id AND p.side = 'applicant'), "
    "(SELECT count(*) FROM claim l WHERE l.case_id = c.id), "
    "(SELECT count(*) FROM party p WHERE p.case_id = c.id) "
    "FROM \"case\" c WHERE c.case_no = ?", -1, &stmt, NULL), ==, SQLITE_OK);
  g_hash_table_iter_init (&iter, f->acked);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) != SQLITE_ROW)
        g_error ("acknowledged case %s is not in the file", (const char *) key);
      g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, value);
      g_assert_cmpint (sqlite3_column_int (stmt, 2), ==, 2);
      g_assert_cmpint (sqlite3_column_int (stmt, 3), ==, 2);
      if (g_hash_table_contains (f->accepted, key))
        g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "accepted");
      sqlite3_reset (stmt);
    }
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_close (db), ==, SQLITE_OK);
}

/* ---- the test ----------------------------------------------------------------------- */

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  TjReplicaSetup setup = {
    .org_code = "110101",
    .org_name = "东城区劳动人事争议调解中心",
    .org_short_name = "东城",
    .level = TJ_ORG_LEVEL_TOWNSHIP,
    .type = TJ_ORG_CENTRE,
    .user_name = "李主任",
    .roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
    .desk = 1,
  };

  f->dir = g_dir_make_tmp ("tj-crash-XXXXXX", &error);
  g_assert_no_error (error);
  f->path = g_build_filename (f->dir, "replica.sqlite", NULL);
  f->acked = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  f->accepted = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  f->self = g_strdup (data);

  store = tj_store_open (f->path, &error);
  g_assert_no_error (error);
  cases = tj_case_store_new (store, &error);
  g_assert_no_error (error);
  g_assert_true (tj_case_store_init_replica (cases, &setup, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  const char *suffixes[] = { "", "-wal", "-shm", "-journal" };

  for (guint i = 0; i < G_N_ELEMENTS (suffixes); i++)
    {
      g_autofree char *file = g_strconcat (f->path, suffixes[i], NULL);
      g_unlink (file);
    }
  g_rmdir (f->dir);
  g_clear_pointer (&f->acked, g_hash_table_unref);
  g_clear_pointer (&f->accepted, g_hash_table_unref);
  g_free (f->path);
  g_free (f->dir);
  g_free (f->self);
}

/* Read the writer's acknowledgements; a line cut off by the kill does not count. */
static guint
read_acks (Fixture *f, const char *out)
{
  g_auto(GStrv) lines = g_strsplit (out, "\n", -1);
  guint n = 0;

  /* The last piece follows the last newline: empty, or a line the kill cut off. */
  for (guint i = 0; lines[i] != NULL && lines[i + 1] != NULL; i++)
    {
      g_auto(GStrv) fields = g_strsplit (lines[i], "\t", -1);

      if (g_strcmp0 (fields[0], "C") == 0 && g_strv_length (fields) == 3)
        {
          g_assert_true (g_hash_table_insert (f->acked, g_strdup (fields[1]), g_strdup (fields[2])));
          n++;
        }
      else if (g_strcmp0 (fields[0], "A") == 0 && g_strv_length (fields) == 2)
        {
          g_assert_true (g_hash_table_contains (f->acked, fields[1]));
          g_hash_table_add (f->accepted, g_strdup (fields[1]));
        }
      else
        g_error ("writer printed “%s”", lines[i]);
    }
  return n;
}

static void
test_kill_writer (Fixture *f, gconstpointer data)
{
  const char *seed_text = g_getenv ("TJ_CRASH_SEED");
  guint32 seed = seed_text ? (guint32) g_ascii_strtoull (seed_text, NULL, 10) : DEFAULT_SEED;
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  guint idle_kills = 0;

  g_test_message ("seed %u (set TJ_CRASH_SEED to repeat another run)", seed);
  check_file (f);

  for (guint k = 0; k < N_KILLS; k++)
    {
      g_autoptr(GSubprocessLauncher) launcher =
        g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
      g_autoptr(GSubprocess) writer = NULL;
      g_autoptr(GError) error = NULL;
      g_autofree char *tag = g_strdup_printf ("%u", k);
      g_autofree char *out = NULL, *err = NULL;
      guint delay_ms = g_rand_int_range (rand, 5, 201);
      guint n;

      /* The writer runs on the real clock. */
      g_subprocess_launcher_unsetenv (launcher, "TJ_NOW");
      writer = g_subprocess_launcher_spawn (launcher, &error, f->self, "--writer", f->path, tag, NULL);
      g_assert_no_error (error);
      g_usleep (delay_ms * 1000);
      g_subprocess_force_exit (writer);
      g_subprocess_communicate_utf8 (writer, NULL, NULL, &out, &err, &error);
      g_assert_no_error (error);
      if (!g_subprocess_get_if_signaled (writer))
        g_error ("the writer ended on its own (status %d): %s",
                 g_subprocess_get_exit_status (writer), err);
      g_assert_cmpint (g_subprocess_get_term_sig (writer), ==, SIGKILL);
      f->kills++;

      n = read_acks (f, out);
      if (n == 0)
        idle_kills++;
      g_test_message ("kill %u after %u ms: %u cases acknowledged (%u in all)", k, delay_ms, n,
                      g_hash_table_size (f->acked));
      check_file (f);
    }
  /* The test means something only if the writer got going most of the time. */
  g_assert_cmpuint (g_hash_table_size (f->acked), >=, N_KILLS);
  g_assert_cmpuint (idle_kills, <, N_KILLS / 2);
  g_assert_cmpuint (g_hash_table_size (f->accepted), >, 0);

  /* The file is still a working replica: it opens, numbers go on, search finds. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(TjStore) store = tj_store_open (f->path, &error);
    g_autoptr(TjCaseStore) cases = NULL;
    g_autoptr(TjCase) c = NULL;
    g_autoptr(GPtrArray) rows = NULL;
    g_autofree char *expected = NULL;
    TjCaseFilter filter;
    TjCaseCursor next = { 0 };
    gint64 n_cases;

    g_assert_no_error (error);
    cases = tj_case_store_new (store, &error);
    g_assert_no_error (error);
    g_assert_true (tj_store_exec (store, "INSERT INTO case_search (case_search) VALUES ('integrity-check')", &error));
    g_assert_no_error (error);

    {
      sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT count(*) FROM \"case\"", &error);
      g_assert_no_error (error);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      n_cases = sqlite3_column_int64 (stmt, 0);
      sqlite3_reset (stmt);
    }
    c = make_case ("最后一位工人", 0);
    g_assert_true (tj_case_store_create (cases, c, NULL, &error));
    g_assert_no_error (error);
    expected = g_strdup_printf ("东城劳人调〔2025〕%" G_GINT64_FORMAT "号", n_cases + 1);
    g_assert_cmpstr (c->case_no, ==, expected);
    g_hash_table_insert (f->acked, g_strdup (c->case_no), g_strdup ("最后一位工人"));

    tj_case_filter_init (&filter);
    filter.search = "最后一位";
    g_assert_true (tj_case_list_page (cases, &filter, NULL, 10, &rows, &next, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (rows->len, ==, 1);
    g_assert_cmpstr (((TjCaseRow *) g_ptr_array_index (rows, 0))->case_no, ==, expected);
    tj_case_cursor_clear (&next);
  }
  check_file (f);

  /* And the command-line program agrees. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GSubprocess) cli = NULL;
    g_autoptr(JsonParser) parser = json_parser_new ();
    g_autofree char *out = NULL;
    JsonObject *status;

    cli = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error,
                            g_getenv ("TJ_CLI"), "--db", f->path, "--json", "status", NULL);
    g_assert_no_error (error);
    g_subprocess_communicate_utf8 (cli, NULL, NULL, &out, NULL, &error);
    g_assert_no_error (error);
    g_assert_true (g_subprocess_get_successful (cli));
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    status = json_node_get_object (json_parser_get_root (parser));
    g_assert_cmpint (json_object_get_int_member (status, "cases"), >=, g_hash_table_size (f->acked));
    g_assert_cmpint (json_object_get_int_member (status, "cases"), <=,
                     g_hash_table_size (f->acked) + f->kills);
  }
}

int
main (int argc, char **argv)
{
  g_autofree char *self = NULL;

  if (argc == 4 && strcmp (argv[1], "--writer") == 0)
    return writer_main (argv[2], argv[3]);

  self = g_canonicalize_filename (argv[0], NULL);
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/crash/kill-writer", Fixture, self, fixture_setup, test_kill_writer, fixture_teardown);
  return g_test_run ();
}
