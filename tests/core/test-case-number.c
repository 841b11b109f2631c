/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-number.h"
#include "test-util.h"

static void
test_format (void)
{
  g_autofree char *a = tj_case_number_format (TJ_CASE_NUMBER_DEFAULT_PATTERN, "长南", 2026, 1, 12);
  g_autofree char *b = tj_case_number_format (TJ_CASE_NUMBER_DEFAULT_PATTERN, "长南", 2026, 2, 12);
  g_autofree char *c = tj_case_number_format ("{org}调{year}-{desk}-{seq:4}", "长南", 2026, 3, 7);

  g_assert_cmpstr (a, ==, "长南劳人调〔2026〕12号");
  g_assert_cmpstr (b, ==, "长南劳人调〔2026〕2-12号");
  g_assert_cmpstr (c, ==, "长南调2026-3-0007");
}

static void
test_bad_patterns (void)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tj_case_number_check_pattern ("{org}〔{year}〕号", &error));
  g_assert_error (error, TJ_CASE_NUMBER_ERROR, TJ_CASE_NUMBER_ERROR_PATTERN);
  g_assert_nonnull (strstr (error->message, "{seq}"));
  g_clear_error (&error);
  g_assert_false (tj_case_number_check_pattern ("{org}{month}{seq}", &error));
  g_assert_nonnull (strstr (error->message, "{month}"));
  g_clear_error (&error);
  g_assert_false (tj_case_number_check_pattern ("{org}{seq", &error));
  g_assert_error (error, TJ_CASE_NUMBER_ERROR, TJ_CASE_NUMBER_ERROR_PATTERN);
}

/* Counters run per year and per desk; the year comes from the received date. */
static void
test_allocation (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) a = NULL, b = NULL, c = NULL;

  tj_test_set_now (r, "2026-01-05T10:00:00+08:00");
  a = tj_test_create_case (r, "2025-12-30");
  b = tj_test_create_case (r, "2026-01-04");
  c = tj_test_create_case (r, "2026-01-05");
  g_assert_cmpstr (a->case_no, ==, "长南劳人调〔2025〕1号");
  g_assert_cmpstr (b->case_no, ==, "长南劳人调〔2026〕1号");
  g_assert_cmpstr (c->case_no, ==, "长南劳人调〔2026〕2号");
}

/* Two replicas of one centre, each with its own desk, never hand out the same number. */
static void
test_two_desks (void)
{
  g_autoptr(TjTestReplica) r1 = tj_test_replica_new ();
  g_autoptr(TjTestReplica) r2 = tj_test_replica_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  /* The second replica is the same centre's second desk. */
  g_assert_true (tj_store_set_meta_int (r2->store, "desk", 2, NULL));
  g_clear_object (&r2->cases);
  r2->cases = tj_case_store_new (r2->store, NULL);
  g_assert_nonnull (r2->cases);

  for (guint i = 0; i < 20; i++)
    {
      g_autoptr(TjCase) a = tj_test_create_case (r1, "2026-03-02");
      g_autoptr(TjCase) b = tj_test_create_case (r2, "2026-03-02");

      g_assert_false (g_hash_table_contains (seen, a->case_no));
      g_hash_table_add (seen, g_strdup (a->case_no));
      g_assert_false (g_hash_table_contains (seen, b->case_no));
      g_hash_table_add (seen, g_strdup (b->case_no));
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 40);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case-number/format", test_format);
  g_test_add_func ("/case-number/bad-patterns", test_bad_patterns);
  g_test_add_func ("/case-number/allocation", test_allocation);
  g_test_add_func ("/case-number/two-desks", test_two_desks);
  return g_test_run ();
}
