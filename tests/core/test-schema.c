/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "tj-case-list.h"
#include "tj-case-store.h"
#include "tj-search.h"
#include "tj-sync-codec.h"
#include "tj-sync-sum.h"
#include "tj-uuid.h"
#include "test-util.h"

static char *
temp_path (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-schema-XXXXXX", NULL);

  return g_build_filename (dir, name, NULL);
}

#define SHA_A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* Data as a replica of schema 1 held it, written with schema 1's own SQL. */
static void
fill_v1 (TjStore *store)
{
  g_autoptr(GError) error = NULL;

  tj_store_exec (store,
    "INSERT INTO meta VALUES ('org_id', '019a0000-0000-7000-8000-000000000001');"
    "INSERT INTO meta VALUES ('user_id', '019a0000-0000-7000-8000-000000000002');"
    "INSERT INTO meta VALUES ('user_roles', '3');"
    "INSERT INTO organisation (id, region_code, name, short_name, level, type, case_no_pattern) VALUES"
    "  (X'019a0000000070008000000000000001', '220102', '南关区调解中心', '长南', 'township',"
    "   'centre', '{org}劳人调〔{year}〕{seq}号');"
    "INSERT INTO person (id, org_id, name, roles) VALUES"
    "  (X'019a0000000070008000000000000002', X'019a0000000070008000000000000001', '张调解', 3);"
    "INSERT INTO \"case\" (id, org_id, case_no, source, received, channel, state, types, facts)"
    "  VALUES (X'019a0000000070008000000000000003', X'019a0000000070008000000000000001',"
    "  '长南劳人调〔2025〕1号', 'application', '2025-01-24', 'walk_in', 'received', 512,"
    "  '建筑工地拖欠工资');"
    "INSERT INTO party (id, case_id, side, kind, name, id_type, id_number) VALUES"
    "  (X'019a0000000070008000000000000004', X'019a0000000070008000000000000003', 'applicant',"
    "   'person', '欧阳娜娜', 'resident', '11010119900307002X'),"
    "  (X'019a0000000070008000000000000005', X'019a0000000070008000000000000003', 'respondent',"
    "   'organisation', '宏达建筑有限公司', 'uscc', '91110101MA0000015M');"
    "INSERT INTO claim (id, case_id, type, amount) VALUES"
    "  (X'019a0000000070008000000000000006', X'019a0000000070008000000000000003', 'wages', 1200000);"
    "INSERT INTO case_counter VALUES (X'019a0000000070008000000000000001', 2025, 1, 2);"
    "INSERT INTO document (id, case_id, kind, number, sha256, verification, rendered_at) VALUES"
    "  (X'019a0000000070008000000000000007', X'019a0000000070008000000000000003', 'acceptance',"
    "   '长南劳人调〔2025〕1号', '" SHA_A "', 'ABCD-EFGH-JKMN-PQRS', 1737700000000);",
    &error);
  g_assert_no_error (error);
}

/* Every earlier schema version upgrades to the latest and keeps its data. */
static void
test_upgrade_each_version (void)
{
  for (int v = 1; v < tj_store_latest_schema_version (); v++)
    {
      g_autofree char *path = temp_path ("old.sqlite");
      g_autoptr(GError) error = NULL;
      g_autoptr(TjStore) old = tj_store_open_at_version (path, v, &error);
      g_autoptr(TjStore) store = NULL;
      g_autoptr(TjCaseStore) cases = NULL;
      g_autoptr(TjCase) c = NULL;
      g_autoptr(GPtrArray) rows = NULL;
      TjCaseFilter filter;
      TjCaseCursor next = { 0 };

      g_assert_no_error (error);
      g_assert_cmpint (tj_store_get_schema_version (old), ==, v);
      fill_v1 (old);
      /* From version 2 on, a registration also indexed the case for search. */
      if (v >= 2)
        g_assert_true (_tj_search_rebuild (old, NULL));
      g_assert_true (tj_store_exec (old, "INSERT INTO outbox (mutation_id, record_id, kind, op, "
                                         "base, hlc, fields) SELECT 1, id, 'case', 'patch', 0, 1, "
                                         "'{\"facts\":\"x\"}' FROM \"case\";"
                                         "INSERT OR REPLACE INTO meta VALUES "
                                         "('last_mutation_id', '1')", NULL));
      /* What a sync gave these records (the person stays the replica's own, unsynced). */
      g_assert_true (tj_store_exec (old, "UPDATE \"case\" SET version = 3; "
                                         "UPDATE party SET version = 2; "
                                         "UPDATE claim SET version = 5", NULL));
      g_clear_object (&old);

      store = tj_store_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (tj_store_get_schema_version (store), ==, tj_store_latest_schema_version ());
      cases = tj_case_store_new (store, &error);
      g_assert_no_error (error);
      g_assert_true (tj_case_store_is_initialised (cases));
      /* Pending edits survive; a create may now leave its fields to the pusher (v3), a
       * patch may not. */
      g_assert_cmpint (tj_test_count (store, "SELECT count(*) FROM outbox WHERE fields = "
                                             "'{\"facts\":\"x\"}'"), ==, 1);
      g_assert_true (tj_store_exec (store, "INSERT INTO outbox (mutation_id, record_id, kind, op, "
                                           "base, hlc) VALUES (1000, X'00', 'case', 'create', 0, 2)",
                                    NULL));
      g_assert_false (tj_store_exec (store, "INSERT INTO outbox (mutation_id, record_id, kind, op, "
                                            "base, hlc) VALUES (1001, X'00', 'case', 'patch', 0, 3)",
                                     NULL));
      g_assert_true (tj_store_exec (store, "DELETE FROM outbox WHERE mutation_id = 1000", NULL));

      c = tj_case_store_get (cases, "长南劳人调〔2025〕1号", &error);
      g_assert_no_error (error);
      g_assert_cmpstr (c->received, ==, "2025-01-24");
      g_assert_cmpuint (c->parties->len, ==, 2);
      g_assert_cmpstr (((TjParty *) g_ptr_array_index (c->parties, 0))->name, ==, "欧阳娜娜");
      g_assert_cmpint (((TjClaim *) g_ptr_array_index (c->claims, 0))->amount, ==, 1200000);

      /* The search index added by schema 2 was filled from the old rows. */
      tj_case_filter_init (&filter);
      filter.search = "阳娜";
      g_assert_true (tj_case_list_page (cases, &filter, NULL, 10, &rows, &next, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (rows->len, ==, 1);
      g_clear_pointer (&rows, g_ptr_array_unref);
      filter.search = "0307002";
      g_assert_true (tj_case_list_page (cases, &filter, NULL, 10, &rows, &next, &error));
      g_assert_cmpuint (rows->len, ==, 1);

      /* A recorded document kept its hash and code (schema 5 rebuilt the table, taking
       * the reference from the number; a file of version 5 on had none written): found
       * by either, and the code stays unique. */
      g_assert_cmpint (tj_test_count (store, "SELECT count(*) FROM document WHERE sha256 = '"
                                             SHA_A "' AND verification = 'ABCD-EFGH-JKMN-PQRS'"),
                       ==, 1);
      if (v < 5)
        g_assert_cmpint (tj_test_count (store, "SELECT count(*) FROM document WHERE "
                                               "ref = '长南劳人调〔2025〕1号'"), ==, 1);
      g_assert_false (tj_store_exec (store, "INSERT INTO document (id, org_id, kind, sha256, "
                                            "verification, rendered_at) VALUES (X'019a0000000070008"
                                            "000000000000008', X'01', 'register', '" SHA_A "', "
                                            "'ABCD-EFGH-JKMN-PQRS', 1)", NULL));

      /* Schema 9 counted what the file held for the pull checkpoints (tj-sync-sum.h). */
      {
        static const char * const ids[] = {
          "019a0000-0000-7000-8000-000000000003", "019a0000-0000-7000-8000-000000000004",
          "019a0000-0000-7000-8000-000000000005", "019a0000-0000-7000-8000-000000000006",
        };
        static const gint64 versions[] = { 3, 2, 2, 5 };
        gint64 count;
        guint64 sum, want = 0;

        for (guint k = 0; k < G_N_ELEMENTS (ids); k++)
          {
            TjUuid id;

            g_assert_true (tj_uuid_parse (ids[k], &id));
            want += tj_sync_record_hash (&id, versions[k]);
          }
        g_assert_true (tj_sync_sum_read (store, &count, &sum, &error));
        g_assert_cmpint (count, ==, 4);
        g_assert_cmphex (sum, ==, want);
      }

      /* The counter carried over: the next number does not repeat 1号. */
      {
        g_autoptr(TjCase) fresh = tj_test_make_case ("2025-01-27");
        g_assert_true (tj_case_store_create (cases, fresh, NULL, &error));
        g_assert_no_error (error);
        g_assert_cmpstr (fresh->case_no, ==, "长南劳人调〔2025〕2号");
      }
    }
}

static void
test_too_new (void)
{
  g_autofree char *path = temp_path ("new.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  g_autoptr(TjStore) again = NULL;

  g_assert_no_error (error);
  g_assert_true (tj_store_exec (store, "PRAGMA user_version = 99", NULL));
  g_clear_object (&store);

  again = tj_store_open (path, &error);
  g_assert_null (again);
  g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_TOO_NEW);
  g_assert_nonnull (strstr (error->message, "99"));
}

static void
test_not_a_replica (void)
{
  g_autofree char *path = temp_path ("other.sqlite");
  g_autofree char *junk = temp_path ("junk.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;
  sqlite3 *db;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "CREATE TABLE accounts (x)", NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  store = tj_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_A_REPLICA);
  g_clear_error (&error);

  g_assert_true (g_file_set_contents (junk, "this is not a database, just text. "
                                            "this is not a database, just text.", -1, NULL));
  store = tj_store_open (junk, &error);
  g_assert_null (store);
  g_assert_nonnull (error);
}

/* Opening again does not migrate again or lose anything. */
static void
test_reopen (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-02-02");
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;

  g_clear_object (&r->cases);
  g_clear_object (&r->store);
  store = tj_store_open (r->path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (store, "SELECT count(*) FROM \"case\""), ==, 1);
  {
    g_autofree char *desk = tj_store_get_meta (store, "desk");
    g_assert_cmpstr (desk, ==, "1");
  }
  r->store = g_steal_pointer (&store);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schema/upgrade-each-version", test_upgrade_each_version);
  g_test_add_func ("/schema/too-new", test_too_new);
  g_test_add_func ("/schema/not-a-replica", test_not_a_replica);
  g_test_add_func ("/schema/reopen", test_reopen);
  return g_test_run ();
}
