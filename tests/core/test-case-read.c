/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-read.h"
#include "tj-uuid.h"
#include "test-util.h"

/* What the application's case page and sync view read: the timeline, the agreement, the
 * roster, the outbox and the server's rejections. */

static TjCase *
agreed_case (TjTestReplica *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-06-01");
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  TjActionArgs accept = { .consent = TRUE }, assign = { .mediator = "张调解" }, agree = { 0 };
  TjClause *cl = tj_clause_new ();

  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ACCEPT, &accept, NULL, &error));
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ASSIGN, &assign, NULL, &error));
  g_assert_no_error (error);
  cl->payer = g_strdup ("长春宏达建筑工程有限公司");
  cl->payee = g_strdup ("张三");
  cl->what = g_strdup ("支付拖欠工资");
  cl->amount = 800000;
  cl->due = g_strdup ("2026-07-01");
  g_ptr_array_add (clauses, cl);
  agree.clauses = clauses;
  agree.paid = -1;
  if (!tj_case_store_do (r->cases, c->case_no, TJ_ACTION_AGREE, &agree, NULL, &error))
    {
      /* An agreement needs complete identities; the test case has them. */
      g_assert_no_error (error);
    }
  return tj_case_store_get (r->cases, c->case_no, &error);
}

static void
test_timeline_and_agreement (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GPtrArray) events = NULL;
  g_autoptr(TjAgreementView) a = NULL;
  gboolean seen_accept = FALSE, seen_agree = FALSE;

  tj_test_set_now (r, "2026-06-02T10:00:00+08:00");
  c = agreed_case (r);
  g_assert_cmpint (c->state, ==, TJ_STATE_AGREED);

  events = tj_case_read_events (r->cases, c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (events->len, >=, 4);
  for (guint i = 0; i < events->len; i++)
    {
      TjEventEntry *e = g_ptr_array_index (events, i);

      seen_accept |= g_strcmp0 (e->action, "accept") == 0;
      seen_agree |= g_strcmp0 (e->action, "agree") == 0;
      if (i > 0)
        g_assert_cmpint (e->recorded_ms, >=,
                         ((TjEventEntry *) g_ptr_array_index (events, i - 1))->recorded_ms);
    }
  g_assert_true (seen_accept && seen_agree);

  a = tj_case_read_agreement (r->cases, c, &error);
  g_assert_no_error (error);
  g_assert_nonnull (a);
  g_assert_cmpuint (a->clauses->len, ==, 1);
  g_assert_cmpstr (((TjClause *) g_ptr_array_index (a->clauses, 0))->what, ==, "支付拖欠工资");
  g_assert_cmpint (((TjClause *) g_ptr_array_index (a->clauses, 0))->amount, ==, 800000);
  g_assert_cmpstr (((TjClause *) g_ptr_array_index (a->clauses, 0))->due, ==, "2026-07-01");

  /* Every edit waits in the outbox of an unlinked replica. */
  g_assert_cmpint (tj_case_read_pending_edits (r->cases), >, 0);
  g_assert_cmpint (tj_case_read_pending_edits (r->cases), ==,
                   tj_test_count (r->store, "SELECT count(*) FROM outbox"));
}

static void
test_no_agreement (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-06-01");

  g_assert_null (tj_case_read_agreement (r->cases, c, &error));
  g_assert_no_error (error);
}

static void
test_roster (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) people = NULL;
  gboolean found = FALSE;

  g_assert_true (tj_case_store_add_person (r->cases, "李调解", TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
                                           "13800138000", NULL, &error));
  people = tj_case_read_roster (r->cases, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (people->len, ==, 2);
  for (guint i = 0; i < people->len; i++)
    {
      TjPersonEntry *p = g_ptr_array_index (people, i);

      if (g_strcmp0 (p->name, "李调解") == 0)
        {
          found = TRUE;
          g_assert_cmpuint (p->roles, ==, TJ_ROLE_BIT (TJ_ROLE_MEDIATOR));
          g_assert_cmpstr (p->phone, ==, "13800138000");
          g_assert_true (p->active);
        }
    }
  g_assert_true (found);
}

static void
test_rejections (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *client = tj_store_get_meta (r->store, "client_id");
  g_autofree char *mine = NULL;
  TjUuid id;

  /* Two rejection records as a pull stores them; one is not JSON and is passed over. */
  mine = g_strdup_printf ("INSERT INTO sync_record (id, type, version, doc) VALUES (?, 'rejection', 1, "
                          "'{\"client_id\":\"%s\",\"type\":\"party\",\"field\":\"phone\","
                          "\"reason\":\"phone: not a number\",\"values\":{\"phone\":\"138-abc\","
                          "\"name\":\"张三\"}}')", client ? client : "x");
  {
    sqlite3_stmt *stmt = tj_store_prepare (r->store, mine, &error);

    g_assert_no_error (error);
    tj_uuid_v7_now (&id);
    sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_TRANSIENT);
    g_assert_true (tj_store_step_done (r->store, stmt, &error));
  }
  {
    sqlite3_stmt *stmt = tj_store_prepare (r->store, "INSERT INTO sync_record (id, type, version, doc) "
                                                     "VALUES (?, 'rejection', 1, '{not json')", &error);

    g_assert_no_error (error);
    tj_uuid_v7_now (&id);
    sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_TRANSIENT);
    g_assert_true (tj_store_step_done (r->store, stmt, &error));
  }
  list = tj_case_read_rejections (r->cases, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((TjRejectionEntry *) g_ptr_array_index (list, 0))->type, ==, "party");
  g_assert_cmpstr (((TjRejectionEntry *) g_ptr_array_index (list, 0))->field, ==, "phone");
  g_assert_cmpstr (((TjRejectionEntry *) g_ptr_array_index (list, 0))->reason, ==,
                   "phone: not a number");
  g_assert_true (((TjRejectionEntry *) g_ptr_array_index (list, 0))->ours == (client != NULL));
  /* The refused value of the field named, for its author to enter again. */
  g_assert_cmpstr (((TjRejectionEntry *) g_ptr_array_index (list, 0))->value, ==, "138-abc");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case-read/timeline-and-agreement", test_timeline_and_agreement);
  g_test_add_func ("/case-read/no-agreement", test_no_agreement);
  g_test_add_func ("/case-read/roster", test_roster);
  g_test_add_func ("/case-read/rejections", test_rejections);
  return g_test_run ();
}
