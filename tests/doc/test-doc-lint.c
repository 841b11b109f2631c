/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "doc-util.h"
#include "tj-doc-lint.h"

static TjDocAgreement *
agreement_with (TjClause *clause)
{
  TjDocAgreement *a = tj_doc_agreement_new ();

  a->signed_date = g_strdup ("2026-03-09");
  if (clause != NULL)
    g_ptr_array_add (a->clauses, clause);
  return a;
}

static TjClause *
good_clause (void)
{
  return doc_clause ("respondent", "applicant", "支付拖欠工资", 1200000, "2026-04-30", "银行转账");
}

/* The lint finds exactly one problem, in `clause`, and says `what` (an English
 * fragment of the message, the test runs in the C locale). */
static void
assert_one_issue (const TjCase *c, TjDocAgreement *a, guint clause, const char *what)
{
  g_autoptr(GPtrArray) issues = tj_doc_lint_agreement (c, a);
  TjDocLintIssue *issue;

  if (issues->len != 1)
    {
      g_autofree char *all = tj_doc_lint_message (issues);

      g_error ("expected one issue about “%s”, got %u:\n%s", what, issues->len, all);
    }
  issue = g_ptr_array_index (issues, 0);
  g_assert_cmpuint (issue->clause, ==, clause);
  if (strstr (issue->message, what) == NULL)
    g_error ("“%s” does not say “%s”", issue->message, what);
  if (clause > 0)
    {
      g_autofree char *name = g_strdup_printf ("Clause %u", clause);

      g_assert_nonnull (strstr (issue->message, name));
    }
}

static void
test_rules (void)
{
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  TjDocAgreement *a;
  TjClause *cl;

  /* A clean agreement passes. */
  a = agreement_with (good_clause ());
  {
    g_autoptr(GPtrArray) issues = tj_doc_lint_agreement (c, a);
    g_assert_cmpuint (issues->len, ==, 0);
  }
  /* A second clause is numbered 2 in the messages. */
  cl = good_clause ();
  g_clear_pointer (&cl->method, g_free);
  g_ptr_array_add (a->clauses, cl);
  assert_one_issue (c, a, 2, "method");
  tj_doc_agreement_free (a);

  a = agreement_with (NULL);
  assert_one_issue (c, a, 0, "no clauses");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_clear_pointer (&cl->payer, g_free);
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "payer");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_free (cl->payee), cl->payee = g_strdup ("李四");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "not a party");
  tj_doc_agreement_free (a);

  /* A party may be named by name as well as by side. */
  cl = good_clause ();
  g_free (cl->payee), cl->payee = g_strdup ("张三");
  a = agreement_with (cl);
  {
    g_autoptr(GPtrArray) issues = tj_doc_lint_agreement (c, a);
    g_assert_cmpuint (issues->len, ==, 0);
  }
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_free (cl->payee), cl->payee = g_strdup ("被申请人");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "the same");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_free (cl->what), cl->what = g_strdup ("");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "what is paid or done");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_free (cl->what), cl->what = g_strdup ("尽快支付工资");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "unclear");
  tj_doc_agreement_free (a);

  /* Figures in the words that are not the amount. */
  cl = good_clause ();
  g_free (cl->what), cl->what = g_strdup ("支付工资11000元");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "11000");
  tj_doc_agreement_free (a);

  /* …and capitals that are not the amount; the right ones pass. */
  cl = good_clause ();
  g_free (cl->what), cl->what = g_strdup ("支付工资人民币壹万壹仟元整");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "capitals");
  tj_doc_agreement_free (a);
  cl = good_clause ();
  g_free (cl->what), cl->what = g_strdup ("支付工资人民币壹万贰仟元整（12,000元）");
  a = agreement_with (cl);
  {
    g_autoptr(GPtrArray) issues = tj_doc_lint_agreement (c, a);
    g_assert_cmpuint (issues->len, ==, 0);
  }
  tj_doc_agreement_free (a);

  cl = good_clause ();
  cl->amount = -1;
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "needs its amount");
  tj_doc_agreement_free (a);

  /* An act that is not a payment needs no amount and no method. */
  cl = doc_clause ("respondent", "applicant", "出具解除劳动合同证明书", -1, "2026-03-20", NULL);
  a = agreement_with (cl);
  {
    g_autoptr(GPtrArray) issues = tj_doc_lint_agreement (c, a);
    g_assert_cmpuint (issues->len, ==, 0);
  }
  tj_doc_agreement_free (a);

  cl = good_clause ();
  cl->amount = 0;
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "zero");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_clear_pointer (&cl->due, g_free);
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "due date");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_free (cl->due), cl->due = g_strdup ("2026-02-30");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "not a date");
  tj_doc_agreement_free (a);

  cl = good_clause ();
  g_free (cl->due), cl->due = g_strdup ("2026-03-01");
  a = agreement_with (cl);
  assert_one_issue (c, a, 1, "before the agreement was signed");
  tj_doc_agreement_free (a);

  a = agreement_with (good_clause ());
  g_clear_pointer (&a->signed_date, g_free);
  assert_one_issue (c, a, 0, "signing date");
  tj_doc_agreement_free (a);
}

static void
test_identities (void)
{
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  g_autoptr(TjDocAgreement) a = agreement_with (good_clause ());
  TjParty *respondent = tj_case_first_party (c, TJ_SIDE_RESPONDENT);
  TjParty *applicant = tj_case_first_party (c, TJ_SIDE_APPLICANT);

  g_clear_pointer (&respondent->legal_rep, g_free);
  assert_one_issue (c, a, 0, "legal representative");
  respondent->legal_rep = g_strdup ("王总");

  /* A wrong check character is invalid, not just incomplete. */
  g_free (applicant->id_number), applicant->id_number = g_strdup ("110101199003070012");
  assert_one_issue (c, a, 0, "check character");
  g_free (applicant->id_number), applicant->id_number = g_strdup ("11010119900307002X");

  g_free (respondent->id_number), respondent->id_number = g_strdup ("91110101MA0000015N");
  assert_one_issue (c, a, 0, "Respondent");
}

/* The final agreement is refused while the lint finds a problem; the message names the
 * clause. A draft still renders, so the mediator can see it. */
static void
test_final_refused (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) draft = NULL;

  g_ptr_array_add (clauses, good_clause ());
  g_ptr_array_add (clauses, doc_clause ("respondent", "applicant", "适当补偿", 50000, "2026-04-30",
                                        "现金"));
  c = doc_make_case (r, NULL, clauses, "2026-03-09");
  pdf = doc_render (r, "agreement", c->case_no, TRUE, NULL, &error);
  g_assert_null (pdf);
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_LINT);
  g_assert_nonnull (strstr (error->message, "Clause 2"));
  g_assert_null (strstr (error->message, "Clause 1"));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM document"), ==, 0);
  g_clear_error (&error);

  draft = doc_render (r, "agreement", c->case_no, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (draft);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc/lint/rules", test_rules);
  g_test_add_func ("/doc/lint/identities", test_identities);
  g_test_add_func ("/doc/lint/final-refused", test_final_refused);
  return g_test_run ();
}
