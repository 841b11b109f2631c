/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-documents.h"
#include "doc-util.h"

/* What a case page offers and lists: the documents of a case's state and the finals
 * recorded for it. */

static char *
offered_keys (const TjCase *c, guint n_sessions)
{
  g_autoptr(GArray) offers = tj_case_documents_offered (c, n_sessions);
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < offers->len; i++)
    {
      TjDocOffer *o = &g_array_index (offers, TjDocOffer, i);

      g_string_append_printf (s, "%s%s", i > 0 ? " " : "", o->kind->key);
      if (o->session > 0)
        g_string_append_printf (s, "%u", o->session);
    }
  return g_string_free (s, FALSE);
}

static void
test_offered (void)
{
  g_autoptr(TjCase) c = tj_case_new ();
  struct {
    TjState     state;
    const char *accepted;
    TjSource    source;
    guint       sessions;
    const char *expected;
  } rows[] = {
    { TJ_STATE_RECEIVED, NULL, TJ_SOURCE_APPLICATION, 0, "application" },
    { TJ_STATE_REJECTED, NULL, TJ_SOURCE_APPLICATION, 0, "application rejection" },
    { TJ_STATE_IN_MEDIATION, "2026-03-02", TJ_SOURCE_APPLICATION, 2,
      "application acceptance session1 session2" },
    { TJ_STATE_AGREED, "2026-03-02", TJ_SOURCE_APPLICATION, 1,
      "application acceptance session1 agreement review_application" },
    { TJ_STATE_UNDER_REVIEW, "2026-03-02", TJ_SOURCE_APPLICATION, 0,
      "application acceptance agreement review_application" },
    { TJ_STATE_CONFIRMED, "2026-03-02", TJ_SOURCE_APPLICATION, 0,
      "application acceptance agreement" },
    { TJ_STATE_FAILED, "2026-03-02", TJ_SOURCE_APPLICATION, 0,
      "application acceptance termination" },
    { TJ_STATE_WITHDRAWN, "2026-03-02", TJ_SOURCE_COURT_DELEGATED, 0,
      "delegation application acceptance termination" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      g_autofree char *keys = NULL;

      c->state = rows[i].state;
      g_free (c->accepted_date);
      c->accepted_date = g_strdup (rows[i].accepted);
      c->source = rows[i].source;
      keys = offered_keys (c, rows[i].sessions);
      g_assert_cmpstr (keys, ==, rows[i].expected);
    }
}

/* An agreed case of the replica, with one clause that the lint accepts. */
static TjCase *
agreed_case (TjTestReplica *r)
{
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);

  g_ptr_array_add (clauses, doc_clause ("respondent", "applicant", "支付拖欠工资", 1200000,
                                        "2026-04-30", "银行转账"));
  return doc_make_case (r, NULL, clauses, "2026-03-09");
}

/* Every kind offered for a real case renders: the offer and tj_doc_render agree. */
static void
test_offered_render (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = agreed_case (r);
  g_autoptr(GArray) offers = NULL;

  offers = tj_case_documents_offered (c, 0);
  g_assert_cmpuint (offers->len, ==, 4);
  for (guint i = 0; i < offers->len; i++)
    {
      TjDocOffer *o = &g_array_index (offers, TjDocOffer, i);
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = doc_render (r, o->kind->key, c->case_no, FALSE, NULL, &error);

      g_assert_no_error (error);
      g_assert_nonnull (pdf);
    }
}

static void
test_recorded (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = agreed_case (r);
  g_autoptr(GError) error = NULL;
  g_autofree char *code1 = NULL, *code2 = NULL;
  g_autoptr(GBytes) first = NULL, second = NULL, back = NULL, draft = NULL;
  g_autoptr(GPtrArray) recorded = NULL;
  g_autofree char *sha = NULL;
  TjDocRecord *latest;

  recorded = tj_case_documents_recorded (r->cases, c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorded->len, ==, 0);
  g_clear_pointer (&recorded, g_ptr_array_unref);

  first = doc_render (r, "agreement", c->case_no, TRUE, &code1, &error);
  g_assert_no_error (error);
  second = doc_render (r, "agreement", c->case_no, TRUE, &code2, &error);
  g_assert_no_error (error);
  /* A draft is no record. */
  draft = doc_render (r, "application", c->case_no, FALSE, NULL, &error);
  g_assert_no_error (error);

  recorded = tj_case_documents_recorded (r->cases, c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (recorded->len, ==, 2);
  g_assert_cmpstr (((TjDocRecord *) g_ptr_array_index (recorded, 0))->code, ==, code1);
  latest = tj_case_documents_latest (recorded, "agreement");
  g_assert_nonnull (latest);
  g_assert_cmpstr (latest->code, ==, code2);
  g_assert_cmpstr (latest->number, ==, c->case_no);
  g_assert_cmpuint (latest->pages, >, 0);
  g_assert_null (tj_case_documents_latest (recorded, "application"));

  /* The issued bytes are the replica's to show again. */
  back = tj_doc_get_pdf (r->cases, latest, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (back);
  g_assert_true (g_bytes_equal (back, second));
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, first);
  g_assert_cmpstr (((TjDocRecord *) g_ptr_array_index (recorded, 0))->sha256, ==, sha);
}

/* A render through a second connection (as tj_doc_render_async's worker) writes the
 * access log and a final's record; the first connection's next edit still numbers after
 * them, and so does an edit while the second connection holds its own. */
static void
test_second_connection (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjStore) store2 = tj_store_open (r->path, &error);
  g_autoptr(TjCaseStore) worker = tj_case_store_new (store2, &error);
  g_autoptr(GBytes) pdf = NULL;
  TjDocOptions options;
  const char *facts[] = { "facts=双方对工资数额无争议。", NULL };
  gint64 before = tj_test_count (r->store, "SELECT count(*) FROM outbox");

  g_assert_no_error (error);
  tj_doc_options_init (&options);
  pdf = tj_doc_render (worker, "application", c->case_no, &options, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox"), >, before);

  g_assert_true (tj_case_store_set (r->cases, c->case_no, facts, NULL, &error));
  g_assert_no_error (error);
  options.final = TRUE;
  g_clear_pointer (&pdf, g_bytes_unref);
  pdf = tj_doc_render (worker, "application", c->case_no, &options, NULL, &error);
  g_assert_no_error (error);
  facts[0] = "facts=双方对加班费数额有争议。";
  g_assert_true (tj_case_store_set (r->cases, c->case_no, facts, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(DISTINCT mutation_id) FROM outbox"), ==,
                   tj_test_count (r->store, "SELECT count(*) FROM outbox"));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox"), >=, before + 3);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case-documents/offered", test_offered);
  g_test_add_func ("/case-documents/offered-render", test_offered_render);
  g_test_add_func ("/case-documents/recorded", test_recorded);
  g_test_add_func ("/case-documents/second-connection", test_second_connection);
  return g_test_run ();
}
