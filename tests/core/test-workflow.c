/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-review-grounds.h"
#include "tj-validate.h"
#include "tj-workflow.h"
#include "test-util.h"

#define MEDIATOR (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR))
#define SUPERVISOR (TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR))

/* The legal moves of domain.md's diagram, written out independently of the table in
 * tj-workflow.c: anything not listed here must be refused as illegal. */
static const struct { TjState from; TjAction action; TjState to; } legal[] = {
  { TJ_STATE_RECEIVED, TJ_ACTION_ACCEPT, TJ_STATE_ACCEPTED },
  { TJ_STATE_RECEIVED, TJ_ACTION_REJECT, TJ_STATE_REJECTED },
  { TJ_STATE_RECEIVED, TJ_ACTION_RESPONDENT_REFUSE, TJ_STATE_FAILED },
  { TJ_STATE_RECEIVED, TJ_ACTION_WITHDRAW, TJ_STATE_WITHDRAWN },
  { TJ_STATE_ACCEPTED, TJ_ACTION_ASSIGN, TJ_STATE_IN_MEDIATION },
  { TJ_STATE_ACCEPTED, TJ_ACTION_WITHDRAW, TJ_STATE_WITHDRAWN },
  { TJ_STATE_ACCEPTED, TJ_ACTION_RESPONDENT_REFUSE, TJ_STATE_FAILED },
  { TJ_STATE_IN_MEDIATION, TJ_ACTION_AGREE, TJ_STATE_AGREED },
  { TJ_STATE_IN_MEDIATION, TJ_ACTION_EXTEND, TJ_STATE_IN_MEDIATION },
  { TJ_STATE_IN_MEDIATION, TJ_ACTION_FAIL, TJ_STATE_FAILED },
  { TJ_STATE_IN_MEDIATION, TJ_ACTION_WITHDRAW, TJ_STATE_WITHDRAWN },
  { TJ_STATE_IN_MEDIATION, TJ_ACTION_ASSIGN, TJ_STATE_IN_MEDIATION },
  { TJ_STATE_AGREED, TJ_ACTION_SUBMIT_REVIEW, TJ_STATE_UNDER_REVIEW },
  { TJ_STATE_AGREED, TJ_ACTION_PERFORMANCE, TJ_STATE_AGREED },
  { TJ_STATE_AGREED, TJ_ACTION_ARCHIVE, TJ_STATE_AGREED },
  { TJ_STATE_UNDER_REVIEW, TJ_ACTION_CONFIRM, TJ_STATE_CONFIRMED },
  { TJ_STATE_UNDER_REVIEW, TJ_ACTION_REFUSE, TJ_STATE_REVIEW_REFUSED },
  { TJ_STATE_CONFIRMED, TJ_ACTION_PERFORMANCE, TJ_STATE_CONFIRMED },
  { TJ_STATE_CONFIRMED, TJ_ACTION_ARCHIVE, TJ_STATE_CONFIRMED },
  { TJ_STATE_REVIEW_REFUSED, TJ_ACTION_TRANSFER, TJ_STATE_TRANSFERRED },
  { TJ_STATE_REVIEW_REFUSED, TJ_ACTION_ARCHIVE, TJ_STATE_REVIEW_REFUSED },
  { TJ_STATE_REJECTED, TJ_ACTION_ARCHIVE, TJ_STATE_REJECTED },
  { TJ_STATE_WITHDRAWN, TJ_ACTION_ARCHIVE, TJ_STATE_WITHDRAWN },
  { TJ_STATE_FAILED, TJ_ACTION_TRANSFER, TJ_STATE_TRANSFERRED },
  { TJ_STATE_FAILED, TJ_ACTION_NOTIFY_REFUSAL, TJ_STATE_FAILED },
  { TJ_STATE_FAILED, TJ_ACTION_ARCHIVE, TJ_STATE_FAILED },
  { TJ_STATE_TRANSFERRED, TJ_ACTION_ARCHIVE, TJ_STATE_TRANSFERRED },
};

static int
legal_target (TjState from, TjAction action)
{
  for (guint i = 0; i < G_N_ELEMENTS (legal); i++)
    if (legal[i].from == from && legal[i].action == action)
      return legal[i].to;
  return -1;
}

/* Every state × action pair: legal ones go where the diagram says, all others are
 * refused with TJ_WORKFLOW_ERROR_ILLEGAL and a message naming the action and state. */
static void
test_every_transition (void)
{
  for (guint s = 0; s < TJ_N_STATES; s++)
    for (guint a = 0; a < TJ_N_ACTIONS; a++)
      {
        g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
        g_autoptr(GError) error = NULL;
        int target = legal_target (s, a);

        c->case_no = g_strdup ("测试1号");
        c->state = s;
        g_assert_cmpint (tj_workflow_exists (s, a), ==, target >= 0);
        if (target >= 0)
          {
            g_assert_cmpint (tj_workflow_target (s, a), ==, target);
            continue;
          }
        g_assert_false (tj_workflow_check (c, a, NULL, MEDIATOR | SUPERVISOR, TRUE, "2026-03-05",
                                           &error));
        g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
        g_assert_nonnull (strstr (error->message, tj_enum_label (&tj_enum_action, a)));
        g_assert_nonnull (strstr (error->message, tj_enum_label (&tj_enum_state, s)));
      }
}

static void
expect_guard (TjCase *c, TjAction action, const TjActionArgs *args, const char *fragment)
{
  g_autoptr(GError) error = NULL;

  g_assert_false (tj_workflow_check (c, action, args, MEDIATOR | SUPERVISOR, TRUE, "2026-03-05",
                                     &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD);
  if (strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);
}

static void
test_guards (void)
{
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  TjActionArgs args = { .paid = -1 };
  TjClause *cl;

  c->case_no = g_strdup ("测试1号");
  c->state = TJ_STATE_RECEIVED;
  expect_guard (c, TJ_ACTION_ACCEPT, &args, "consent");
  expect_guard (c, TJ_ACTION_REJECT, &args, "reasons");

  c->state = TJ_STATE_IN_MEDIATION;
  c->planned_end = g_strdup ("2026-03-17");
  expect_guard (c, TJ_ACTION_AGREE, &args, "clause");
  cl = tj_clause_new ();
  cl->payer = g_strdup ("respondent");
  cl->payee = g_strdup ("applicant");
  cl->what = g_strdup ("支付工资");
  g_ptr_array_add (clauses, cl);
  args.clauses = clauses;
  expect_guard (c, TJ_ACTION_AGREE, &args, "due date");
  cl->due = g_strdup ("2026-02-01");
  expect_guard (c, TJ_ACTION_AGREE, &args, "before the case was received");
  g_free (cl->due);
  cl->due = g_strdup ("2026-04-01");
  /* Every party's identity must be complete for an agreement. */
  g_clear_pointer (&((TjParty *) g_ptr_array_index (c->parties, 1))->legal_rep, g_free);
  expect_guard (c, TJ_ACTION_AGREE, &args, "legal representative");
  ((TjParty *) g_ptr_array_index (c->parties, 1))->legal_rep = g_strdup ("王总");
  g_clear_pointer (&((TjParty *) g_ptr_array_index (c->parties, 0))->id_number, g_free);
  expect_guard (c, TJ_ACTION_AGREE, &args, "ID number");

  args.clauses = NULL;
  expect_guard (c, TJ_ACTION_EXTEND, &args, "both parties");
  args.consent = TRUE;
  expect_guard (c, TJ_ACTION_EXTEND, &args, "new planned end");
  args.date = "2026-03-10";
  expect_guard (c, TJ_ACTION_EXTEND, &args, "after the current one");

  args.date = NULL;
  expect_guard (c, TJ_ACTION_FAIL, &args, "reason");
  args.reason = "time_limit";
  expect_guard (c, TJ_ACTION_FAIL, &args, "not passed yet");
  args.reason = NULL;

  /* A refusal names at least one case of 办案规则 Art. 78; words alone are not one, and
   * "other" says which in words. */
  c->state = TJ_STATE_UNDER_REVIEW;
  expect_guard (c, TJ_ACTION_REFUSE, &args, "grounds");
  args.grounds = "协议内容不明确";
  expect_guard (c, TJ_ACTION_REFUSE, &args, "Art. 78 (mandatory_provision, harms_interests, "
                                            "false_evidence, not_voluntary, unclear, other)");
  args.ground_mask = TJ_GROUND_BIT (TJ_N_GROUNDS);
  expect_guard (c, TJ_ACTION_REFUSE, &args, "Art. 78");
  args.ground_mask = TJ_GROUND_BIT (TJ_GROUND_OTHER);
  args.grounds = NULL;
  expect_guard (c, TJ_ACTION_REFUSE, &args,
                tj_enum_label (&tj_enum_review_ground, TJ_GROUND_OTHER));
  args.ground_mask = TJ_GROUND_BIT (TJ_GROUND_UNCLEAR);
  g_assert_true (tj_workflow_check (c, TJ_ACTION_REFUSE, &args, SUPERVISOR, FALSE, "2026-03-05",
                                    NULL));
  args.ground_mask = 0;

  c->state = TJ_STATE_FAILED;
  c->closing_reason = g_strdup ("respondent_refused");
  expect_guard (c, TJ_ACTION_ARCHIVE, &args, "told in writing");
}

/* The six items of 办案规则 Art. 78 in the rule's order; the stored value keeps the keys
 * and the words apart and reads back, and a value of words only (written before the keys)
 * stays words. */
static void
test_review_grounds (void)
{
  static const char * const keys[] = {
    "mandatory_provision", "harms_interests", "false_evidence", "not_voluntary", "unclear",
    "other",
  };
  const char * const typed[] = { "unclear", "not_voluntary,mandatory_provision", NULL };
  const char * const wrong[] = { "unclear", "vague", NULL };
  g_autofree char *stored = NULL, *text = NULL, *keys_only = NULL;
  g_autoptr(GError) error = NULL;
  guint32 mask = 0;

  g_assert_cmpuint (tj_enum_review_ground.n_values, ==, G_N_ELEMENTS (keys));
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    g_assert_cmpstr (tj_enum_key (&tj_enum_review_ground, i), ==, keys[i]);

  g_assert_true (tj_review_grounds_parse ("--ground", typed, &mask, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (mask, ==, TJ_GROUND_BIT (TJ_GROUND_UNCLEAR) |
                              TJ_GROUND_BIT (TJ_GROUND_NOT_VOLUNTARY) |
                              TJ_GROUND_BIT (TJ_GROUND_MANDATORY_PROVISION));
  g_assert_false (tj_review_grounds_parse ("--ground", wrong, &mask, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "--ground"));
  g_assert_nonnull (strstr (error->message, "“vague”"));
  g_assert_nonnull (strstr (error->message, "false_evidence"));

  stored = tj_review_grounds_format (mask, "第一条未写明\n支付方式");
  g_assert_cmpstr (stored, ==, "mandatory_provision,not_voluntary,unclear\n第一条未写明\n支付方式");
  tj_review_grounds_split (stored, &mask, &text);
  g_assert_cmpuint (mask, ==, TJ_GROUND_BIT (TJ_GROUND_UNCLEAR) |
                              TJ_GROUND_BIT (TJ_GROUND_NOT_VOLUNTARY) |
                              TJ_GROUND_BIT (TJ_GROUND_MANDATORY_PROVISION));
  g_assert_cmpstr (text, ==, "第一条未写明\n支付方式");

  keys_only = tj_review_grounds_format (TJ_GROUND_BIT (TJ_GROUND_OTHER), NULL);
  g_assert_cmpstr (keys_only, ==, "other");
  g_clear_pointer (&text, g_free);
  tj_review_grounds_split (keys_only, &mask, &text);
  g_assert_cmpuint (mask, ==, TJ_GROUND_BIT (TJ_GROUND_OTHER));
  g_assert_null (text);

  /* Words only: no key, all of it words, even when a line looks like a list. */
  tj_review_grounds_split ("协议内容不明确，无法执行", &mask, &text);
  g_assert_cmpuint (mask, ==, 0);
  g_assert_cmpstr (text, ==, "协议内容不明确，无法执行");
  g_clear_pointer (&text, g_free);
  tj_review_grounds_split ("unclear,vague\nwords", &mask, &text);
  g_assert_cmpuint (mask, ==, 0);
  g_assert_cmpstr (text, ==, "unclear,vague\nwords");
}

static void
test_roles (void)
{
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  g_autoptr(GError) error = NULL;
  TjActionArgs args = { .paid = -1, .consent = TRUE };

  c->case_no = g_strdup ("测试1号");
  /* A supervisor decides reviews but does not mediate; a mediator the reverse. */
  c->state = TJ_STATE_RECEIVED;
  g_assert_false (tj_workflow_check (c, TJ_ACTION_ACCEPT, &args, SUPERVISOR, TRUE, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  /* Another centre's case is read-only. */
  g_assert_false (tj_workflow_check (c, TJ_ACTION_ACCEPT, &args, MEDIATOR, FALSE, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  g_assert_true (tj_workflow_check (c, TJ_ACTION_ACCEPT, &args, MEDIATOR, TRUE, NULL, &error));

  c->state = TJ_STATE_UNDER_REVIEW;
  g_assert_false (tj_workflow_check (c, TJ_ACTION_CONFIRM, &args, MEDIATOR, TRUE, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  g_assert_true (tj_workflow_check (c, TJ_ACTION_CONFIRM, &args, SUPERVISOR, FALSE, NULL, &error));
}

static void
test_clause_parse (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjClause) cl = tj_clause_parse ("respondent>applicant|支付拖欠工资|12,000.50|2026-04-01|银行转账",
                                            1, &error);
  g_autoptr(TjClause) act = tj_clause_parse ("respondent>applicant|出具离职证明|-|2026-04-01", 2, &error);
  g_autoptr(TjClause) bad = NULL;

  g_assert_no_error (error);
  g_assert_cmpstr (cl->payer, ==, "respondent");
  g_assert_cmpstr (cl->payee, ==, "applicant");
  g_assert_cmpint (cl->amount, ==, 1200050);
  g_assert_cmpstr (cl->method, ==, "银行转账");
  g_assert_cmpint (act->amount, ==, -1);
  bad = tj_clause_parse ("respondent>applicant|工资|abc|2026-04-01", 3, &error);
  g_assert_null (bad);
  g_assert_nonnull (strstr (error->message, "Clause 3 amount"));
}

/* The whole life cycle on a real replica: dates, deadlines and the pending clock. */
static void
test_life_cycle (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = NULL, got = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  TjActionArgs args = { .paid = -1, .consent = TRUE };
  guint supervisor_and_mediator = TJ_ROLE_BIT (TJ_ROLE_HEAD) | MEDIATOR | SUPERVISOR;

  tj_test_set_now (r, "2025-01-24T10:00:00+08:00");
  c = tj_test_create_case (r, "2025-01-24");
  g_assert_cmpstr (c->due, ==, "2025-02-05");
  g_assert_cmpstr (c->due_clock, ==, "acceptance");

  tj_test_set_now (r, "2025-01-25T10:00:00+08:00");
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL, &error));
  got = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpint (got->state, ==, TJ_STATE_ACCEPTED);
  g_assert_cmpstr (got->accepted_date, ==, "2025-01-25");
  g_assert_cmpstr (got->planned_end, ==, "2025-02-08");
  g_assert_cmpstr (got->due_clock, ==, "mediation");
  g_clear_pointer (&got, tj_case_free);

  args.mediator = "张调解";
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ASSIGN, &args, NULL, &error));
  g_assert_no_error (error);
  args.date = "2025-02-20";
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_EXTEND, &args, NULL, &error));
  g_assert_no_error (error);
  got = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpstr (got->mediator_name, ==, "张调解");
  g_assert_cmpstr (got->planned_end, ==, "2025-02-20");
  g_assert_cmpstr (got->due, ==, "2025-02-20");
  g_clear_pointer (&got, tj_case_free);

  tj_test_set_now (r, "2025-02-10T15:00:00+08:00");
  g_ptr_array_add (clauses, tj_clause_parse ("respondent>applicant|支付拖欠工资|9000|2025-03-01", 1, NULL));
  args.clauses = clauses;
  args.date = NULL;
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_AGREE, &args, NULL, &error));
  g_assert_no_error (error);
  got = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpint (got->state, ==, TJ_STATE_AGREED);
  g_assert_cmpint (got->agreed, ==, 900000);
  g_assert_null (got->due);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM clause"), ==, 1);
  g_clear_pointer (&got, tj_case_free);

  /* 办案规则 Art. 74: the joint application for review within 15 days of the agreement. */
  tj_test_set_now (r, "2025-02-26T10:00:00+08:00");
  g_assert_false (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_SUBMIT_REVIEW, NULL, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD);
  g_assert_nonnull (strstr (error->message, "2025-02-25"));
  g_clear_error (&error);
  tj_test_set_now (r, "2025-02-24T10:00:00+08:00");
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_SUBMIT_REVIEW, NULL, NULL, &error));
  got = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpstr (got->due_clock, ==, "review_decision");
  g_assert_cmpstr (got->due, ==, "2025-03-03");
  g_clear_pointer (&got, tj_case_free);

  /* The centre's own user may not decide the review. */
  g_assert_false (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_CONFIRM, NULL, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  g_assert_true (tj_store_set_meta_int (r->store, "user_roles", supervisor_and_mediator, NULL));
  g_clear_object (&r->cases);
  r->cases = tj_case_store_new (r->store, NULL);
  tj_test_set_now (r, "2025-02-27T10:00:00+08:00");
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_CONFIRM, NULL, NULL, &error));
  g_assert_no_error (error);
  args.performance = "performed";
  args.paid = 900000;
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_PERFORMANCE, &args, NULL, &error));
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ARCHIVE, NULL, NULL, &error));
  got = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpint (got->state, ==, TJ_STATE_CONFIRMED);
  g_assert_cmpint (got->paid, ==, 900000);
  g_assert_cmpstr (got->archived, ==, "2025-02-27");
  /* Every action is in the event log. */
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'case'"), ==, 9);
  g_assert_false (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_PERFORMANCE, &args, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
}

/* The respondent refuses: the case fails, and the applicant must be told in writing
 * within 3 working days before the case can be archived. */
static void
test_respondent_refuses (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = NULL, got = NULL;
  g_autoptr(GError) error = NULL;

  tj_test_set_now (r, "2025-09-30T10:00:00+08:00");
  c = tj_test_create_case (r, "2025-09-30");
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_RESPONDENT_REFUSE, NULL, NULL, &error));
  got = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpint (got->state, ==, TJ_STATE_FAILED);
  g_assert_cmpstr (got->due_clock, ==, "refusal_notice");
  /* National Day and Mid-Autumn 2025: 1–8 October off; Thu 9, Fri 10 and the make-up
   * working Saturday 11 October are the three working days. */
  g_assert_cmpstr (got->due, ==, "2025-10-11");
  g_clear_pointer (&got, tj_case_free);
  g_assert_false (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ARCHIVE, NULL, NULL, &error));
  g_clear_error (&error);
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_NOTIFY_REFUSAL, NULL, NULL, &error));
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ARCHIVE, NULL, NULL, &error));
  g_assert_no_error (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/workflow/every-transition", test_every_transition);
  g_test_add_func ("/workflow/guards", test_guards);
  g_test_add_func ("/workflow/roles", test_roles);
  g_test_add_func ("/workflow/review-grounds", test_review_grounds);
  g_test_add_func ("/workflow/clause-parse", test_clause_parse);
  g_test_add_func ("/workflow/life-cycle", test_life_cycle);
  g_test_add_func ("/workflow/respondent-refuses", test_respondent_refuses);
  return g_test_run ();
}
