/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-list.h"
#include "tj-journal.h"
#include "test-util.h"

/* A list filtered by what no index in its order serves (a dispute type, overdue) walks
 * the order's index for a while and, when matches are sparse, turns to the type or due
 * index. Whichever way a page is made, paging through must give exactly what a plain
 * SQL query over the whole table gives. */

#define N_CASES 4600

static TjTestReplica *
make_replica (void)
{
  TjTestReplica *r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_from_iso8601 ("2026-06-30T12:00:00+08:00", NULL);

  tj_journal_set_simulated_clock (tj_case_store_get_journal (r->cases),
                                  g_date_time_to_unix (now) * 1000);
  g_assert_true (tj_case_store_begin_batch (r->cases, &error));
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(TjCase) c = NULL;
      g_autoptr(GDate) date = g_date_new_dmy (30, G_DATE_JUNE, 2026);
      char received[16];
      TjDispute type = TJ_DISPUTE_WAGES;
      TjClaim *claim;

      /* Newest first as registered, 540 days back and around again. */
      g_date_subtract_days (date, (i * 7) % 540);
      g_date_strftime (received, sizeof received, "%Y-%m-%d", date);
      c = tj_test_make_case (received);
      if (i % 1500 == 700)
        type = TJ_DISPUTE_TRAINING;                 /* rare: 3 cases */
      else if (i % 70 == 3)
        type = TJ_DISPUTE_SOCIAL_INSURANCE;         /* about 1.4 % */
      claim = g_ptr_array_index (c->claims, 0);
      claim->type = type;
      c->types = 1u << type;
      g_assert_true (tj_case_store_create (r->cases, c, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (tj_case_store_end_batch (r->cases, &error));
  g_assert_no_error (error);
  return r;
}

static GArray *
page_through (TjTestReplica *r, const TjCaseFilter *filter, guint *n_pages)
{
  GArray *cids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TjCaseCursor cursor = { 0 };

  *n_pages = 0;
  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      TjCaseCursor next = { 0 };

      g_assert_true (tj_case_list_page (r->cases, filter, cursor.valid ? &cursor : NULL, 50,
                                        &rows, &next, &error));
      g_assert_no_error (error);
      (*n_pages)++;
      for (guint i = 0; i < rows->len; i++)
        {
          TjCaseRow *row = g_ptr_array_index (rows, i);

          g_array_append_val (cids, row->cid);
          if (filter->types != 0)
            g_assert_cmpuint (row->types & filter->types, !=, 0);
          if (filter->overdue)
            g_assert_true (row->overdue);
        }
      tj_case_cursor_clear (&cursor);
      if (!next.valid)
        break;
      g_assert_cmpuint (rows->len, ==, 50);
      cursor = next;
    }
  return cids;
}

static GArray *
oracle (TjTestReplica *r, const TjCaseFilter *filter)
{
  static const char * const columns[] = { "received DESC", "due ASC", "case_no ASC" };
  static const char * const cid_dir[] = { "DESC", "ASC", "ASC" };
  GArray *cids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GString) sql = g_string_new ("SELECT cid FROM \"case\" WHERE 1");
  sqlite3_stmt *stmt;

  if (filter->order == TJ_CASE_ORDER_DUE)
    g_string_append (sql, " AND due IS NOT NULL");
  if (filter->types != 0)
    g_string_append_printf (sql, " AND (types & %u) != 0", filter->types);
  if (filter->overdue)
    g_string_append (sql, " AND due < '2026-06-30'");
  if (filter->state >= 0)
    g_string_append_printf (sql, " AND state = '%s'", tj_enum_key (&tj_enum_state, filter->state));
  g_string_append_printf (sql, " ORDER BY %s, cid %s", columns[filter->order],
                          cid_dir[filter->order]);
  stmt = tj_store_prepare (r->store, sql->str, NULL);
  g_assert_nonnull (stmt);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      gint64 cid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (cids, cid);
    }
  sqlite3_reset (stmt);
  return cids;
}

static void
check_filters (TjTestReplica *r)
{
  const struct { guint32 types; gboolean overdue; int state; gint64 expect_min, expect_max; } cases[] = {
    { 1u << TJ_DISPUTE_TRAINING, FALSE, -1, 3, 3 },
    { 1u << TJ_DISPUTE_SOCIAL_INSURANCE, FALSE, -1, 60, 70 },
    { 1u << TJ_DISPUTE_WAGES, FALSE, -1, 4400, 4600 },
    { 1u << TJ_DISPUTE_LABOUR_PROTECTION, FALSE, -1, 0, 0 },
    { 0, TRUE, -1, 4000, 4600 },
    { 1u << TJ_DISPUTE_TRAINING, TRUE, -1, 1, 3 },
    { 0, FALSE, -1, N_CASES, N_CASES },
    { 0, FALSE, TJ_STATE_RECEIVED, N_CASES, N_CASES },
    { 0, FALSE, TJ_STATE_IN_MEDIATION, 0, 0 },
    { 1u << TJ_DISPUTE_SOCIAL_INSURANCE, TRUE, TJ_STATE_RECEIVED, 55, 70 },
  };

  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\" WHERE due >= '2026-06-30'"),
                   >, 0);
  for (TjCaseOrder order = TJ_CASE_ORDER_RECEIVED; order <= TJ_CASE_ORDER_NUMBER; order++)
    for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
      {
        TjCaseFilter filter;
        g_autoptr(GArray) got = NULL;
        g_autoptr(GArray) want = NULL;
        guint pages;

        tj_case_filter_init (&filter);
        filter.order = order;
        filter.types = cases[i].types;
        filter.overdue = cases[i].overdue;
        filter.state = cases[i].state;
        got = page_through (r, &filter, &pages);
        want = oracle (r, &filter);
        g_test_message ("order %d types %#x overdue %d state %d: %u rows in %u pages", order,
                        filter.types, filter.overdue, filter.state, got->len, pages);
        g_assert_cmpint (want->len, >=, cases[i].expect_min);
        g_assert_cmpint (want->len, <=, cases[i].expect_max);
        g_assert_cmpuint (got->len, ==, want->len);
        g_assert_cmpmem (got->data, got->len * sizeof (gint64),
                         want->data, want->len * sizeof (gint64));
        g_assert_cmpuint (pages, ==, want->len / 50 + 1);
      }
}

/* The same answers whichever way the pages are made: by the walk of the order's index, by
 * a filter's own index, or by a walk that goes on because every filter matches many. */
static void
test_filters_match_sql (void)
{
  g_autoptr(TjTestReplica) r = make_replica ();
  const struct { guint probe; gint64 sorted; } limits[] = {
    { 1500, 10000 }, { 10, 20000 }, { 10, 1 }, { 100000, 1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (limits); i++)
    {
      g_test_message ("probe %u rows, sort %" G_GINT64_FORMAT " matches", limits[i].probe,
                      limits[i].sorted);
      _tj_case_list_set_limits (limits[i].probe, limits[i].sorted);
      check_filters (r);
    }
  _tj_case_list_set_limits (1500, 10000);
}

typedef struct {
  gboolean  done;
  gboolean  ok;
  gint64    count;
  GError   *error;
} CountResult;

static void
on_counted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  CountResult *c = data;

  c->ok = tj_case_list_count_finish (TJ_CASE_STORE (source), result, &c->count, &c->error);
  c->done = TRUE;
}

static void
count_in_worker (TjTestReplica *r, const TjCaseFilter *filter, GCancellable *cancellable,
                 CountResult *c)
{
  memset (c, 0, sizeof *c);
  tj_case_list_count_async (r->cases, filter, cancellable, on_counted_cb, c);
  while (!c->done)
    g_main_context_iteration (NULL, TRUE);
}

/* A count in a worker, on its own connection, gives what the interface's count gives,
 * with the same date for overdue; a cancelled count says so. */
static void
test_count_async (void)
{
  g_autoptr(TjTestReplica) r = make_replica ();
  const struct { guint32 types; gboolean overdue; int state; const char *mediator; } filters[] = {
    { 0, FALSE, -1, NULL },
    { 1u << TJ_DISPUTE_TRAINING, FALSE, -1, NULL },
    { 1u << TJ_DISPUTE_SOCIAL_INSURANCE, TRUE, TJ_STATE_RECEIVED, NULL },
    { 0, TRUE, -1, NULL },
    { 0, FALSE, TJ_STATE_IN_MEDIATION, NULL },
    { 0, FALSE, -1, "0190a0a0-0000-7000-8000-000000000001" },
  };
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  TjCaseFilter filter;
  CountResult c;

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 want = -1;

      tj_case_filter_init (&filter);
      filter.types = filters[i].types;
      filter.overdue = filters[i].overdue;
      filter.state = filters[i].state;
      filter.mediator = filters[i].mediator;
      g_assert_true (tj_case_list_count (r->cases, &filter, &want, &error));
      g_assert_no_error (error);
      count_in_worker (r, &filter, NULL, &c);
      g_assert_no_error (c.error);
      g_assert_true (c.ok);
      g_assert_cmpint (c.count, ==, want);
      if (i == 0)
        g_assert_cmpint (c.count, ==, N_CASES);
    }

  tj_case_filter_init (&filter);
  g_cancellable_cancel (cancellable);
  count_in_worker (r, &filter, cancellable, &c);
  g_assert_false (c.ok);
  g_assert_error (c.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&c.error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case-list/filters-match-sql", test_filters_match_sql);
  g_test_add_func ("/case-list/count-async", test_count_async);
  return g_test_run ();
}
