/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-list-model.h"
#include "tj-journal.h"
#include "test-util.h"

/* The list model must show exactly what paging through tj_case_list_page shows, in the
 * same order, whichever way a view reaches a row: in order, by a jump to the end, or
 * after the cache forgot the page. */

#define N_CASES 1230

typedef struct {
  TjTestReplica *r;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->r = tj_test_replica_new ();
  tj_test_set_now (f->r, "2026-06-30T12:00:00+08:00");
  g_assert_true (tj_case_store_begin_batch (f->r->cases, &error));
  for (guint i = 0; i < N_CASES; i++)
    {
      g_autoptr(TjCase) c = NULL;
      g_autoptr(GDate) date = g_date_new_dmy (30, G_DATE_JUNE, 2026);
      char received[16];

      g_date_subtract_days (date, (i * 7) % 200);
      g_date_strftime (received, sizeof received, "%Y-%m-%d", date);
      c = tj_test_make_case (received);
      /* Every tenth applicant has a name of its own, for search. */
      if (i % 10 == 0)
        {
          TjParty *p = tj_case_first_party (c, TJ_SIDE_APPLICANT);

          g_free (p->name);
          p->name = g_strdup ("欧阳明");
        }
      g_assert_true (tj_case_store_create (f->r->cases, c, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_true (tj_case_store_end_batch (f->r->cases, &error));
  g_assert_no_error (error);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  tj_test_replica_free (f->r);
}

/* The cids of the list, page by page, the way the CLI reads it. */
static GArray *
expected_cids (TjCaseStore *store, const TjCaseFilter *filter)
{
  GArray *cids = g_array_new (FALSE, FALSE, sizeof (gint64));
  TjCaseCursor cursor = { 0 };

  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      TjCaseCursor next = { 0 };

      g_assert_true (tj_case_list_page (store, filter, cursor.valid ? &cursor : NULL, 77,
                                        &rows, &next, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          TjCaseRow *row = g_ptr_array_index (rows, i);
          g_array_append_val (cids, row->cid);
        }
      tj_case_cursor_clear (&cursor);
      cursor = next;
      if (!cursor.valid)
        break;
    }
  return cids;
}

/* A plain or filtered list is counted in a worker; its length is exact once it is back. */
static void
wait_counted (TjCaseListModel *model)
{
  while (!tj_case_list_model_is_counted (model))
    g_main_context_iteration (NULL, TRUE);
}

static gint64
cid_at (GListModel *model, guint position)
{
  g_autoptr(TjCaseItem) item = g_list_model_get_item (model, position);

  g_assert_nonnull (item);
  return tj_case_item_get_cid (item);
}

static void
assert_same_list (GListModel *model, GArray *cids)
{
  g_assert_cmpuint (g_list_model_get_n_items (model), ==, cids->len);
  for (guint i = 0; i < cids->len; i++)
    g_assert_cmpint (cid_at (model, i), ==, g_array_index (cids, gint64, i));
  g_assert_null (g_list_model_get_item (model, cids->len));
}

static void
test_in_order (Fixture *f, gconstpointer data)
{
  TjCaseOrder orders[] = { TJ_CASE_ORDER_RECEIVED, TJ_CASE_ORDER_DUE, TJ_CASE_ORDER_NUMBER };

  for (guint o = 0; o < G_N_ELEMENTS (orders); o++)
    {
      g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
      g_autoptr(GArray) cids = NULL;
      TjCaseFilter filter;

      tj_case_filter_init (&filter);
      filter.order = orders[o];
      tj_case_list_model_set_filter (model, &filter);
      wait_counted (model);
      cids = expected_cids (f->r->cases, &filter);
      if (orders[o] == TJ_CASE_ORDER_RECEIVED)
        g_assert_cmpuint (cids->len, ==, N_CASES);
      g_assert_cmpuint (cids->len, >, 0);
      assert_same_list (G_LIST_MODEL (model), cids);
      g_assert_null (tj_case_list_model_get_error (model));
      /* Walking every page keeps only a bounded number of them. */
      g_assert_cmpuint (tj_case_list_model_get_n_cached_pages (model), <=, 48);

      /* The other way round is the same list reversed (ties go by cid both ways). */
      filter.reverse = TRUE;
      tj_case_list_model_set_filter (model, &filter);
      wait_counted (model);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, cids->len);
      for (guint i = 0; i < cids->len; i++)
        g_assert_cmpint (cid_at (G_LIST_MODEL (model), i), ==,
                         g_array_index (cids, gint64, cids->len - 1 - i));
    }
}

static void
test_jump (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  TjCaseFilter filter;
  g_autoptr(GArray) cids = NULL;
  guint n;

  tj_case_filter_init (&filter);
  filter.order = TJ_CASE_ORDER_NUMBER;
  tj_case_list_model_set_filter (model, &filter);
  wait_counted (model);
  cids = expected_cids (f->r->cases, &filter);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, ==, N_CASES);

  /* Far ahead first (a skip along the index), then back, then the middle. */
  g_assert_cmpint (cid_at (G_LIST_MODEL (model), n - 1), ==, g_array_index (cids, gint64, n - 1));
  g_assert_cmpint (cid_at (G_LIST_MODEL (model), 0), ==, g_array_index (cids, gint64, 0));
  g_assert_cmpint (cid_at (G_LIST_MODEL (model), 650), ==, g_array_index (cids, gint64, 650));
  g_assert_cmpint (cid_at (G_LIST_MODEL (model), 1101), ==, g_array_index (cids, gint64, 1101));
  /* Only the pages asked for were read. */
  g_assert_cmpuint (tj_case_list_model_get_n_cached_pages (model), ==, 4);
  assert_same_list (G_LIST_MODEL (model), cids);
}

typedef struct {
  guint position, removed, added, calls;
  guint replaced;     /* rows replaced by changes that keep the length, one after another */
} Change;

static void
on_items_changed_cb (GListModel *model, guint position, guint removed, guint added, Change *c)
{
  c->position = position;
  c->removed = removed;
  c->added = added;
  c->calls++;
  if (removed == added && position == c->replaced)
    c->replaced += added;
}

static void
test_filter (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) cids = NULL;
  TjCaseFilter filter;
  Change change = { 0 };
  gint64 count = 0;

  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &change);

  wait_counted (model);
  change.calls = 0;
  /* Accept one case: the list of received cases loses it, the accepted list has it. */
  c = tj_case_store_get (f->r->cases, "长南〔2026〕5号", &error);
  if (c == NULL)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), 3);

      g_clear_error (&error);
      c = tj_case_store_get (f->r->cases, tj_case_item_get_id (item), &error);
    }
  g_assert_no_error (error);
  {
    TjActionArgs args = { .consent = TRUE };
    g_assert_true (tj_case_store_do (f->r->cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL,
                                     &error));
    g_assert_no_error (error);
  }

  tj_case_filter_init (&filter);
  filter.state = TJ_STATE_ACCEPTED;
  tj_case_list_model_set_filter (model, &filter);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, 0);
  g_assert_cmpuint (change.removed, ==, N_CASES);
  g_assert_cmpuint (change.added, ==, 1);
  g_assert_cmpstr (tj_case_item_get_id (g_list_model_get_item (G_LIST_MODEL (model), 0)), !=, NULL);
  {
    g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    char id[TJ_UUID_STRING_LEN + 1];

    tj_uuid_to_string (&c->id, id);
    g_assert_cmpstr (tj_case_item_get_id (item), ==, id);
    g_assert_cmpint (tj_case_item_get_state (item), ==, TJ_STATE_ACCEPTED);
  }

  filter.state = TJ_STATE_RECEIVED;
  tj_case_list_model_set_filter (model, &filter);
  g_assert_cmpuint (change.removed, ==, 1);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CASES - 1);
  g_assert_true (tj_case_list_count (f->r->cases, &filter, &count, &error));
  g_assert_cmpint (count, ==, N_CASES - 1);
  cids = expected_cids (f->r->cases, &filter);
  assert_same_list (G_LIST_MODEL (model), cids);

  /* A new case appears after a refresh. */
  g_clear_pointer (&c, tj_case_free);
  c = tj_test_create_case (f->r, "2026-06-30");
  tj_case_list_model_refresh (model);
  wait_counted (model);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CASES);
}

/* A list is shown before it is counted: the first rows of a new filter, or the length
 * before a refresh, then the tail grows or shrinks to the count from the worker. */
static void
test_counted_later (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  g_autoptr(GArray) cids = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseFilter filter;
  Change change = { 0 };
  guint first;

  tj_case_filter_init (&filter);
  cids = expected_cids (f->r->cases, &filter);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &change);

  /* The first rows at once, exactly those of the list. */
  g_assert_false (tj_case_list_model_is_counted (model));
  first = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (first, >, 0);
  g_assert_cmpuint (first, <=, TJ_CASE_LIST_MODEL_PAGE);
  for (guint i = 0; i < first; i++)
    g_assert_cmpint (cid_at (G_LIST_MODEL (model), i), ==, g_array_index (cids, gint64, i));
  g_assert_null (g_list_model_get_item (G_LIST_MODEL (model), first));

  /* The count appends the rest: the rows shown are not replaced. */
  wait_counted (model);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, first);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, N_CASES - first);
  assert_same_list (G_LIST_MODEL (model), cids);

  /* A refresh keeps the length until the new count, which adds the new case at the end
   * of the length (the rows themselves are read again). */
  c = tj_test_create_case (f->r, "2026-06-30");
  change.calls = 0;
  change.replaced = 0;
  tj_case_list_model_refresh (model);
  g_assert_false (tj_case_list_model_is_counted (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, N_CASES);
  /* Every row is replaced, in pieces (see replace_in_pieces). */
  g_assert_cmpuint (change.replaced, ==, N_CASES);
  g_assert_cmpuint (change.calls, >, 1);
  change.calls = 0;
  wait_counted (model);
  g_assert_cmpuint (change.calls, ==, 1);
  g_assert_cmpuint (change.position, ==, N_CASES);
  g_assert_cmpuint (change.removed, ==, 0);
  g_assert_cmpuint (change.added, ==, 1);
  g_clear_pointer (&cids, g_array_unref);
  cids = expected_cids (f->r->cases, &filter);
  assert_same_list (G_LIST_MODEL (model), cids);

  /* A filter set while another is counted: only the last count applies. */
  filter.order = TJ_CASE_ORDER_NUMBER;
  tj_case_list_model_set_filter (model, &filter);
  filter.order = TJ_CASE_ORDER_DUE;
  tj_case_list_model_set_filter (model, &filter);
  wait_counted (model);
  g_clear_pointer (&cids, g_array_unref);
  cids = expected_cids (f->r->cases, &filter);
  assert_same_list (G_LIST_MODEL (model), cids);
  /* Nothing else arrives later. */
  change.calls = 0;
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_usleep (50000);
  while (g_main_context_iteration (NULL, FALSE))
    ;
  g_assert_cmpuint (change.calls, ==, 0);

  /* A list whose first page is all of it is counted at once. */
  {
    TjActionArgs args = { .consent = TRUE };

    g_assert_true (tj_case_store_do (f->r->cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL,
                                     &error));
    g_assert_no_error (error);
  }
  filter.state = TJ_STATE_ACCEPTED;
  filter.order = TJ_CASE_ORDER_RECEIVED;
  tj_case_list_model_set_filter (model, &filter);
  g_assert_true (tj_case_list_model_is_counted (model));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 1);
}

/* A case read again with the same summary keeps its item (a view then keeps its row); a
 * case that changed gets a new one. */
static void
test_items_kept (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  TjActionArgs args = { .consent = TRUE };
  TjCaseFilter filter;
  TjCaseItem *changed;

  wait_counted (model);
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (model), i));

  tj_case_list_model_refresh (model);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (item == g_ptr_array_index (before, i));
    }

  /* The third case is accepted: its row is new, the others stay. */
  changed = g_ptr_array_index (before, 2);
  g_assert_true (tj_case_store_do (f->r->cases, tj_case_item_get_case_no (changed),
                                   TJ_ACTION_ACCEPT, &args, NULL, &error));
  g_assert_no_error (error);
  tj_case_list_model_refresh (model);
  wait_counted (model);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);

      g_assert_cmpint (tj_case_item_get_cid (item), ==,
                       tj_case_item_get_cid (g_ptr_array_index (before, i)));
      if (i == 2)
        {
          g_assert_true (item != changed);
          g_assert_cmpint (tj_case_item_get_state (item), ==, TJ_STATE_ACCEPTED);
        }
      else
        g_assert_true (item == g_ptr_array_index (before, i));
    }

  /* A search narrowed by a character keeps the cases both find. */
  tj_case_filter_init (&filter);
  filter.search = "欧阳";
  tj_case_list_model_set_filter (model, &filter);
  g_ptr_array_set_size (before, 0);
  g_ptr_array_add (before, g_list_model_get_item (G_LIST_MODEL (model), 0));
  filter.search = "欧阳明";
  tj_case_list_model_set_filter (model, &filter);
  {
    g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
    g_assert_true (item == g_ptr_array_index (before, 0));
  }
}

static void
test_search_grows (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  g_autoptr(GArray) cids = NULL;
  TjCaseFilter filter;
  guint n;

  tj_case_filter_init (&filter);
  filter.search = "欧阳";
  tj_case_list_model_set_filter (model, &filter);
  cids = expected_cids (f->r->cases, &filter);
  g_assert_cmpuint (cids->len, ==, (N_CASES + 9) / 10);

  /* The first page is there at once; the rest comes as the view scrolls on. */
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, cids->len);
  while (!tj_case_list_model_is_complete (model))
    {
      guint len = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_autoptr(TjCaseItem) last = g_list_model_get_item (G_LIST_MODEL (model), len - 1);

      g_assert_nonnull (last);
      g_main_context_iteration (NULL, TRUE);
    }
  assert_same_list (G_LIST_MODEL (model), cids);
  for (guint i = 0; i < cids->len; i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_cmpstr (tj_case_item_get_applicant (item), ==, "欧阳明");
    }

  /* Made with the filter at once: the same list. */
  {
    g_autoptr(TjCaseListModel) direct = tj_case_list_model_new_filtered (f->r->cases, &filter);

    while (!tj_case_list_model_is_complete (direct))
      {
        guint len = g_list_model_get_n_items (G_LIST_MODEL (direct));
        g_autoptr(TjCaseItem) last = g_list_model_get_item (G_LIST_MODEL (direct), len - 1);

        g_main_context_iteration (NULL, TRUE);
      }
    assert_same_list (G_LIST_MODEL (direct), cids);
  }

  /* A fragment nothing matches: an empty, complete list. */
  filter.search = "不存在的名字";
  tj_case_list_model_set_filter (model, &filter);
  while (!tj_case_list_model_is_complete (model))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 0);
}

/* A search leaves the plain list as it was: its part tells of no change and keeps its
 * items, so that its view keeps its rows; the model itself is the search list. Going back
 * shows the plain list again without reading it, unless its filter or the data changed. */
static void
test_search_keeps_plain (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  GListModel *plain = tj_case_list_model_get_plain_list (model);
  GListModel *search = tj_case_list_model_get_search_list (model);
  g_autoptr(GPtrArray) before = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GArray) cids = NULL;
  g_autoptr(TjCase) c = NULL;
  TjCaseFilter filter;
  Change plain_change = { 0 }, search_change = { 0 }, model_change = { 0 };

  wait_counted (model);
  g_assert_false (tj_case_list_model_is_searching (model));
  g_assert_cmpuint (g_list_model_get_n_items (plain), ==, N_CASES);
  g_assert_cmpuint (g_list_model_get_n_items (search), ==, 0);
  for (guint i = 0; i < 5; i++)
    g_ptr_array_add (before, g_list_model_get_item (plain, i));
  g_signal_connect (plain, "items-changed", G_CALLBACK (on_items_changed_cb), &plain_change);
  g_signal_connect (search, "items-changed", G_CALLBACK (on_items_changed_cb), &search_change);
  g_signal_connect (model, "items-changed", G_CALLBACK (on_items_changed_cb), &model_change);

  /* A search: the model is the search list, told as one change of every item. */
  tj_case_filter_init (&filter);
  filter.search = "欧阳";
  tj_case_list_model_set_filter (model, &filter);
  g_assert_true (tj_case_list_model_is_searching (model));
  g_assert_true (tj_case_list_model_is_counted (model));
  g_assert_cmpuint (plain_change.calls, ==, 0);
  g_assert_cmpuint (search_change.calls, ==, 1);
  g_assert_cmpuint (search_change.removed, ==, 0);
  g_assert_cmpuint (search_change.added, ==, g_list_model_get_n_items (search));
  g_assert_cmpuint (model_change.calls, ==, 1);
  g_assert_cmpuint (model_change.removed, ==, N_CASES);
  g_assert_cmpuint (model_change.added, ==, g_list_model_get_n_items (search));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==,
                    g_list_model_get_n_items (search));
  for (guint i = 0; i < g_list_model_get_n_items (search); i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_autoptr(TjCaseItem) found = g_list_model_get_item (search, i);

      g_assert_true (item == found);
      g_assert_cmpstr (tj_case_item_get_applicant (item), ==, "欧阳明");
    }
  /* The plain list is still there, unchanged. */
  g_assert_cmpuint (g_list_model_get_n_items (plain), ==, N_CASES);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (plain, i);
      g_assert_true (item == g_ptr_array_index (before, i));
    }

  /* The search list grows in its part and in the model alike. */
  while (!tj_case_list_model_is_complete (model))
    {
      guint len = g_list_model_get_n_items (G_LIST_MODEL (model));
      g_autoptr(TjCaseItem) last = g_list_model_get_item (G_LIST_MODEL (model), len - 1);

      g_main_context_iteration (NULL, TRUE);
    }
  cids = expected_cids (f->r->cases, &filter);
  assert_same_list (G_LIST_MODEL (model), cids);
  assert_same_list (search, cids);
  g_assert_cmpuint (plain_change.calls, ==, 0);

  /* Back to the plain list: the same items, counted, and nothing read or told again but
   * the model's one change. */
  search_change.calls = model_change.calls = 0;
  filter.search = NULL;
  tj_case_list_model_set_filter (model, &filter);
  g_assert_false (tj_case_list_model_is_searching (model));
  g_assert_true (tj_case_list_model_is_counted (model));
  g_assert_cmpuint (plain_change.calls, ==, 0);
  g_assert_cmpuint (search_change.calls, ==, 0);
  g_assert_cmpuint (model_change.calls, ==, 1);
  g_assert_cmpuint (model_change.removed, ==, cids->len);
  g_assert_cmpuint (model_change.added, ==, N_CASES);
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      g_assert_true (item == g_ptr_array_index (before, i));
    }

  /* A case registered during a search, refreshed there: the plain list is read again
   * when it is shown, and has it. */
  filter.search = "欧阳";
  tj_case_list_model_set_filter (model, &filter);
  c = tj_test_create_case (f->r, "2026-06-30");
  tj_case_list_model_refresh (model);
  g_assert_cmpuint (plain_change.calls, ==, 0);
  filter.search = NULL;
  tj_case_list_model_set_filter (model, &filter);
  wait_counted (model);
  g_assert_cmpuint (plain_change.calls, >, 0);
  g_clear_pointer (&cids, g_array_unref);
  cids = expected_cids (f->r->cases, &filter);
  g_assert_cmpuint (cids->len, ==, N_CASES + 1);
  assert_same_list (G_LIST_MODEL (model), cids);
  assert_same_list (plain, cids);

  /* Another filter set during a search: the plain list follows it when shown. */
  filter.search = "欧阳";
  tj_case_list_model_set_filter (model, &filter);
  filter.order = TJ_CASE_ORDER_NUMBER;
  tj_case_list_model_set_filter (model, &filter);
  filter.search = NULL;
  tj_case_list_model_set_filter (model, &filter);
  wait_counted (model);
  g_clear_pointer (&cids, g_array_unref);
  cids = expected_cids (f->r->cases, &filter);
  assert_same_list (G_LIST_MODEL (model), cids);
  assert_same_list (plain, cids);
}

static void
test_item (Fixture *f, gconstpointer data)
{
  g_autoptr(TjCaseListModel) model = tj_case_list_model_new (f->r->cases);
  g_autoptr(TjCaseItem) item = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = tj_case_store_get (f->r->cases, tj_case_item_get_id (item), &error);
  GDate today, due;

  g_assert_no_error (error);
  g_assert_cmpstr (tj_case_item_get_case_no (item), ==, c->case_no);
  g_assert_cmpstr (tj_case_item_get_respondent (item), ==, "长春宏达建筑工程有限公司");
  g_assert_cmpuint (tj_case_item_get_types (item), ==, c->types);
  g_assert_cmpstr (tj_case_item_get_due (item), ==, c->due);
  g_date_clear (&today, 1);
  g_date_clear (&due, 1);
  g_date_set_dmy (&today, 30, G_DATE_JUNE, 2026);
  g_date_set_parse (&due, c->due);
  g_assert_cmpint (tj_case_item_get_days_left (item), ==, g_date_days_between (&today, &due));
  /* The model and its cached items go with the last reference. */
  g_object_unref (g_steal_pointer (&item));
  g_assert_finalize_object (g_steal_pointer (&model));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/case-list-model/in-order", Fixture, NULL, fixture_setup, test_in_order,
              fixture_teardown);
  g_test_add ("/case-list-model/jump", Fixture, NULL, fixture_setup, test_jump, fixture_teardown);
  g_test_add ("/case-list-model/filter", Fixture, NULL, fixture_setup, test_filter,
              fixture_teardown);
  g_test_add ("/case-list-model/counted-later", Fixture, NULL, fixture_setup, test_counted_later,
              fixture_teardown);
  g_test_add ("/case-list-model/items-kept", Fixture, NULL, fixture_setup, test_items_kept,
              fixture_teardown);
  g_test_add ("/case-list-model/search-grows", Fixture, NULL, fixture_setup, test_search_grows,
              fixture_teardown);
  g_test_add ("/case-list-model/search-keeps-plain", Fixture, NULL, fixture_setup,
              test_search_keeps_plain, fixture_teardown);
  g_test_add ("/case-list-model/item", Fixture, NULL, fixture_setup, test_item, fixture_teardown);
  return g_test_run ();
}
