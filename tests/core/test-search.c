/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-list.h"
#include "tj-search.h"
#include "tj-validate.h"
#include "test-util.h"

static void
test_parse (void)
{
  g_autofree char *q = NULL;
  g_auto(GStrv) terms = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_true (tj_search_parse ("张三", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"张三\"");
  g_assert_cmpstr (terms[0], ==, "张三");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);

  /* Overlapping bigrams of a longer Chinese fragment. */
  g_assert_true (tj_search_parse ("建筑工地", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"建筑\" AND \"筑工\" AND \"工地\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);

  /* ASCII letters and digits are folded to lower case half-width and looked up by their
   * trigrams; a piece of 11 or more by 4-grams, covered without overlap, the last at the
   * end. */
  g_assert_true (tj_search_parse ("ＭＡ０0015", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"ma0\" AND \"a00\" AND \"000\" AND \"001\" AND \"015\"");
  g_assert_cmpstr (terms[0], ==, "ma00015");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);
  g_assert_true (tj_search_parse ("13800138000", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"1380\" AND \"0138\" AND \"8000\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);

  /* A pair alone has no token: no query, every case is checked. Between Chinese
   * characters it is a bigram. */
  g_assert_true (tj_search_parse ("07", &q, &terms, &error));
  g_assert_null (q);
  g_assert_cmpstr (terms[0], ==, "07");
  g_clear_pointer (&terms, g_strfreev);
  g_assert_true (tj_search_parse ("张三 07", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"张三\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);
  g_assert_true (tj_search_parse ("3号A栋", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"3号\" AND \"号a\" AND \"a栋\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);
  g_assert_true (tj_search_parse ("B12栋", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"b12\" AND \"2栋\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);
  g_assert_true (tj_search_parse ("第12栋", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"第1\" AND \"12\" AND \"2栋\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);

  /* Separators split terms; a one-character piece is not searchable on its own. */
  g_assert_true (tj_search_parse ("张 三丰", &q, &terms, &error));
  g_assert_cmpstr (q, ==, "\"三丰\"");
  g_clear_pointer (&q, g_free);
  g_clear_pointer (&terms, g_strfreev);

  g_assert_false (tj_search_parse ("张", &q, &terms, &error));
  g_assert_error (error, TJ_SEARCH_ERROR, TJ_SEARCH_ERROR_TOO_SHORT);
  g_clear_error (&error);
  g_assert_false (tj_search_parse ("  ，。 ", &q, &terms, &error));
  g_assert_error (error, TJ_SEARCH_ERROR, TJ_SEARCH_ERROR_TOO_SHORT);
}

static guint
hits (TjTestReplica *r, const char *text)
{
  TjCaseFilter filter;
  g_autoptr(GPtrArray) rows = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseCursor next = { 0 };

  tj_case_filter_init (&filter);
  filter.search = text;
  g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 1000, &rows, &next, &error));
  g_assert_no_error (error);
  return rows->len;
}

static void
add_case (TjTestReplica *r, const char *applicant, const char *id_number, const char *facts)
{
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  g_autoptr(GError) error = NULL;
  TjParty *p = g_ptr_array_index (c->parties, 0);

  g_free (p->name);
  p->name = g_strdup (applicant);
  g_free (p->id_number);
  /* The first 17 characters as given; the check character computed by GB 11643. */
  p->id_number = g_strdup_printf ("%.17s%c", id_number, tj_resident_id_check_char (id_number));
  g_free (c->facts);
  c->facts = g_strdup (facts);
  p = g_ptr_array_index (c->parties, 1);
  g_free (p->name);
  p->name = g_strdup ("长春宏达物业服务有限公司");
  g_assert_true (tj_case_store_create (r->cases, c, NULL, &error));
  g_assert_no_error (error);
}

static void
test_fragments (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();

  add_case (r, "张三", "11010119900307002X", "在建筑工地从事钢筋工工作，被拖欠工资。");
  add_case (r, "李四", "110101199001010010", "酒店客房服务员，被解除劳动合同。");
  /* 建筑 and 筑工 both occur here, but never 建筑工 together. */
  add_case (r, "王五", "110101198512120019", "建筑公司的修筑工程中受伤。");
  add_case (r, "欧阳䶮", "110101197001010017", "工伤医疗费未支付。");

  g_assert_cmpuint (hits (r, "张三"), ==, 1);
  g_assert_cmpuint (hits (r, "建筑"), ==, 2);
  g_assert_cmpuint (hits (r, "建筑工"), ==, 1);
  g_assert_cmpuint (hits (r, "筑工"), ==, 2);
  g_assert_cmpuint (hits (r, "客房服务员"), ==, 1);
  g_assert_cmpuint (hits (r, "阳䶮"), ==, 1);
  /* Fragments of ID numbers, credit codes, case numbers and phones. */
  g_assert_cmpuint (hits (r, "0307"), ==, 1);
  g_assert_cmpuint (hits (r, "0307002"), ==, 1);
  g_assert_cmpuint (hits (r, "1212001"), ==, 1);
  g_assert_cmpuint (hits (r, "19"), ==, 4);
  /* Digit pairs at the start, in the middle and at the end of a run. */
  g_assert_cmpuint (hits (r, "20"), ==, 4);
  g_assert_cmpuint (hits (r, "07"), ==, 1);
  g_assert_cmpuint (hits (r, "26"), ==, 4);
  g_assert_cmpuint (hits (r, "3号"), ==, 1);
  g_assert_cmpuint (hits (r, "MA0000015"), ==, 4);
  g_assert_cmpuint (hits (r, "劳人调"), ==, 4);
  g_assert_cmpuint (hits (r, "〔2026〕3号"), ==, 1);
  g_assert_cmpuint (hits (r, "13800138"), ==, 4);
  /* The employer's name. */
  g_assert_cmpuint (hits (r, "宏达物业"), ==, 4);
  /* Several terms must all match. */
  g_assert_cmpuint (hits (r, "张三 钢筋"), ==, 1);
  g_assert_cmpuint (hits (r, "张三 酒店"), ==, 0);
  g_assert_cmpuint (hits (r, "赵六"), ==, 0);
}

static void
test_filters_and_pages (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GHashTable) seen = g_hash_table_new (g_int64_hash, g_int64_equal);
  TjCaseFilter filter;
  TjCaseCursor cursor = { 0 };
  g_autoptr(GError) error = NULL;
  guint pages = 0;

  for (guint i = 0; i < 25; i++)
    add_case (r, i % 2 ? "张三" : "李四", "11010119900307002X", "拖欠工资");

  tj_case_filter_init (&filter);
  filter.search = "张三";
  for (;;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      TjCaseCursor next = { 0 };

      g_assert_true (tj_case_list_page (r->cases, &filter, &cursor, 5, &rows, &next, &error));
      g_assert_no_error (error);
      for (guint i = 0; i < rows->len; i++)
        {
          TjCaseRow *row = g_ptr_array_index (rows, i);
          g_assert_cmpstr (row->applicant, ==, "张三");
          g_assert_false (g_hash_table_contains (seen, &row->cid));
          g_hash_table_add (seen, g_memdup2 (&row->cid, sizeof row->cid));
        }
      pages++;
      tj_case_cursor_clear (&cursor);
      if (!next.valid)
        break;
      cursor = next;
    }
  g_assert_cmpuint (g_hash_table_size (seen), ==, 12);
  g_assert_cmpuint (pages, ==, 3);

  /* Search with a state filter. */
  {
    g_autoptr(GPtrArray) rows = NULL;
    TjCaseCursor next = { 0 };

    filter.state = TJ_STATE_ACCEPTED;
    g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 100, &rows, &next, &error));
    g_assert_cmpuint (rows->len, ==, 0);
  }
}

/* In a batch, new cases are indexed once before it commits, with their final text even
 * when they were edited inside the batch; an aborted batch leaves no index entries. */
static void
test_batch_indexing (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  const char *rename[] = { "applicant.name=钱七", NULL };

  g_assert_true (tj_case_store_begin_batch (r->cases, &error));
  add_case (r, "赵六", "110101199001010010", "拖欠工资");
  add_case (r, "孙八", "110101199001010010", "拖欠工资");
  g_assert_true (tj_case_store_set (r->cases, "长南劳人调〔2026〕1号", rename, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tj_case_store_end_batch (r->cases, &error));
  g_assert_no_error (error);
  /* The batch left its cases to the indexer; the first search runs it. */
  g_assert_cmpint (tj_case_store_search_backlog (r->cases), ==, 2);
  g_assert_cmpuint (hits (r, "赵六"), ==, 0);
  g_assert_cmpint (tj_case_store_search_backlog (r->cases), ==, 0);
  g_assert_cmpuint (hits (r, "钱七"), ==, 1);
  g_assert_cmpuint (hits (r, "孙八"), ==, 1);

  g_assert_true (tj_case_store_begin_batch (r->cases, &error));
  add_case (r, "周九", "110101199001010010", "拖欠工资");
  tj_case_store_abort_batch (r->cases);
  g_assert_cmpuint (hits (r, "周九"), ==, 0);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 2);
  g_assert_cmpint (tj_test_count (r->store, "INSERT INTO case_search (case_search, rank) "
                                            "VALUES ('integrity-check', 0) RETURNING 0"), ==, 0);

  /* A registration on its own is indexed at once. */
  add_case (r, "吴十", "110101199001010010", "拖欠工资");
  g_assert_cmpint (tj_case_store_search_backlog (r->cases), ==, 0);
  g_assert_cmpuint (hits (r, "吴十"), ==, 1);
}

static void
on_warmed_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  GAsyncResult **out = data;

  *out = g_object_ref (result);
}

static GAsyncResult *
wait_result (GAsyncResult **result)
{
  while (*result == NULL)
    g_main_context_iteration (NULL, TRUE);
  return *result;
}

/* Warming reads the whole index on a connection of its own, and the replica is the same
 * after; cancelled, it stops and says so. */
static void
test_warm (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  gint64 bytes = -1;

  /* An empty index: only its structure to read. */
  tj_search_warm_async (r->store, NULL, on_warmed_cb, &result);
  g_assert_true (tj_search_warm_finish (r->store, wait_result (&result), &bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bytes, ==, tj_test_count (r->store, "SELECT sum (length (block)) "
                                                      "FROM case_search_data"));
  g_assert_cmpint (bytes, <, 100);
  g_clear_object (&result);

  for (guint i = 0; i < 20; i++)
    add_case (r, i % 2 ? "赵六" : "孙八", "110101199001010010", "拖欠工资");
  tj_search_warm_async (r->store, NULL, on_warmed_cb, &result);
  g_assert_true (tj_search_warm_finish (r->store, wait_result (&result), &bytes, &error));
  g_assert_no_error (error);
  g_assert_cmpint (bytes, >, 100);
  g_assert_cmpint (bytes, ==, tj_test_count (r->store, "SELECT sum (length (block)) "
                                                      "FROM case_search_data"));
  g_clear_object (&result);
  g_assert_cmpuint (hits (r, "赵六"), ==, 10);

  g_cancellable_cancel (cancellable);
  tj_search_warm_async (r->store, cancellable, on_warmed_cb, &result);
  g_assert_false (tj_search_warm_finish (r->store, wait_result (&result), NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/search/parse", test_parse);
  g_test_add_func ("/search/fragments", test_fragments);
  g_test_add_func ("/search/filters-and-pages", test_filters_and_pages);
  g_test_add_func ("/search/batch-indexing", test_batch_indexing);
  g_test_add_func ("/search/warm", test_warm);
  return g_test_run ();
}
