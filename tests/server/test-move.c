/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sync-util.h"

/* Delegating a case (委派) against a real server: only a supervisor or administrator whose
 * jurisdiction holds both organisations may move a case, only before mediation and only
 * to a mediation organisation; the case leaves the old centre's bucket with everything
 * that hangs on it (a remove for each) and enters the new one's (a put for each), the
 * county's bucket keeps it, and every bucket's checkpoint still adds up. */

#define CLIENT_A "01900000-0000-7000-8000-00000000000a"
#define CLIENT_B "01900000-0000-7000-8000-00000000000b"
#define CLIENT_C "01900000-0000-7000-8000-00000000000c"
#define CLIENT_S "01900000-0000-7000-8000-00000000000d"
#define CLIENT_F "01900000-0000-7000-8000-00000000000f"

static const TjSyncResult *
result (TjSyncPushAnswer *a, guint i)
{
  g_assert_cmpuint (i, <, a->results->len);
  return g_ptr_array_index (a->results, i);
}

/* One mutation, its answer (rejected ones also give their field). */
static TjSyncResult *
push_one (SyncWorld *w, const char *token, const char *client, gint64 id, const char *record,
          const char *type, TjOp op, gint64 base, const char *fields)
{
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL;
  TjSyncResult *r;

  sync_add (ms, id, record, type, op, base, fields);
  a = sync_push_ok (w, token, client, ms);
  g_assert_cmpuint (a->results->len, ==, 1);
  r = g_ptr_array_steal_index (a->results, 0);
  return r;
}

/* The whole bucket from the start: the checkpoint must be the count and hash sum of its
 * live records; returns the page. */
static TjSyncPage *
whole_bucket (SyncWorld *w, const char *token, const char *bucket)
{
  TjSyncPage *page = sync_pull_ok (w, token, bucket, 0);
  guint64 sum = 0;
  gint64 live = 0;

  g_assert_true (page->up_to_date);
  for (guint i = 0; i < page->ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (page->ops, i);

      if (op->remove)
        continue;
      live++;
      sum += tj_sync_record_hash (&op->id, op->version);
    }
  g_assert_cmpint (page->checkpoint_count, ==, live);
  g_assert_cmpuint (page->checkpoint_checksum, ==, sum);
  return page;
}

static void
assert_op (TjSyncPage *page, const char *id, gboolean remove)
{
  TjSyncPageOp *op = sync_page_find (page, id);

  g_assert_nonnull (op);
  g_assert_cmpint (op->remove, ==, remove);
}

static void
test_delegate (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL;
  g_autoptr(TjSyncPage) before = NULL, old_centre = NULL, new_centre = NULL, county = NULL;
  g_autofree char *case_id = sync_new_id (), *party = sync_new_id (), *claim = sync_new_id ();
  g_autofree char *agreement = sync_new_id (), *clause = sync_new_id ();
  g_autofree char *cf = NULL, *pf = NULL, *clf = NULL, *af = NULL, *cl = NULL;
  g_autofree char *to_other = g_strdup_printf ("{\"org_id\":\"%s\"}", w->other_centre);
  g_autofree char *to_county = g_strdup_printf ("{\"org_id\":\"%s\"}", w->county);
  g_autofree char *to_centre = g_strdup_printf ("{\"org_id\":\"%s\"}", w->centre);
  const char *ids[] = { case_id, party, claim, agreement, clause };
  TjSyncResult *r;
  char conflict[TJ_UUID_STRING_LEN + 1] = "";
  TjSyncPageOp *op;

  cf = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2025〕21号\","
                        "\"received\":\"2025-01-24\",\"state\":\"received\",\"types\":\"wages\","
                        "\"source\":\"application\",\"channel\":\"walk_in\","
                        "\"facts\":\"拖欠工资\"}", w->centre);
  pf = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"applicant\",\"kind\":\"person\","
                        "\"name\":\"张三\",\"id_type\":\"resident\","
                        "\"id_number\":\"11010119900307002X\"}", case_id);
  clf = g_strdup_printf ("{\"case_id\":\"%s\",\"type\":\"wages\",\"amount\":500000}", case_id);
  af = g_strdup_printf ("{\"case_id\":\"%s\"}", case_id);
  cl = g_strdup_printf ("{\"agreement_id\":\"%s\",\"payer\":\"respondent\",\"payee\":"
                        "\"applicant\",\"what\":\"工资\"}", agreement);
  sync_add (create, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (create, 2, party, "party", TJ_OP_CREATE, 0, pf);
  sync_add (create, 3, claim, "claim", TJ_OP_CREATE, 0, clf);
  sync_add (create, 4, agreement, "agreement", TJ_OP_CREATE, 0, af);
  sync_add (create, 5, clause, "clause", TJ_OP_CREATE, 0, cl);
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (result (a, i)->status, ==, TJ_SYNC_APPLIED);
  /* Two people of the centre change the facts at once: a conflict about the case. */
  r = push_one (w, w->head, CLIENT_A, 6, case_id, "case", TJ_OP_PATCH, 1, "{\"facts\":\"甲\"}");
  g_assert_cmpint (r->status, ==, TJ_SYNC_APPLIED);
  tj_sync_result_free (r);
  r = push_one (w, w->mediator, CLIENT_B, 1, case_id, "case", TJ_OP_PATCH, 1,
                "{\"facts\":\"乙\"}");
  g_assert_cmpint (r->status, ==, TJ_SYNC_CONFLICT);
  tj_sync_result_free (r);
  before = whole_bucket (w, w->mediator, w->centre);
  for (guint i = 0; i < before->ops->len; i++)
    {
      op = g_ptr_array_index (before->ops, i);
      if (strcmp (op->type, "conflict") == 0)
        tj_uuid_to_string (&op->id, conflict);
    }
  g_assert_cmpstr (conflict, !=, "");

  /* Who may not: a mediator, a supervisor of another county; where not: an arbitration
   * institution. */
  r = push_one (w, w->mediator, CLIENT_B, 2, case_id, "case", TJ_OP_PATCH, 2, to_other);
  g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (r->field, ==, "org_id");
  g_assert_nonnull (strstr (r->reason, "supervisor"));
  tj_sync_result_free (r);
  r = push_one (w, w->far_supervisor, CLIENT_F, 1, case_id, "case", TJ_OP_PATCH, 2, to_other);
  g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
  tj_sync_result_free (r);
  r = push_one (w, w->supervisor, CLIENT_S, 1, case_id, "case", TJ_OP_PATCH, 2, to_county);
  g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
  g_assert_nonnull (strstr (r->reason, "does not mediate"));
  tj_sync_result_free (r);

  /* The county's supervisor delegates it to the other centre of the county. */
  r = push_one (w, w->supervisor, CLIENT_S, 2, case_id, "case", TJ_OP_PATCH, 2, to_other);
  g_assert_cmpint (r->status, ==, TJ_SYNC_APPLIED);
  tj_sync_result_free (r);

  old_centre = whole_bucket (w, w->mediator, w->centre);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_op (old_centre, ids[i], TRUE);
  assert_op (old_centre, conflict, TRUE);
  /* Six records left; the mediator's refused attempt came in, as a rejection record. */
  g_assert_cmpint (old_centre->checkpoint_count, ==, before->checkpoint_count - 6 + 1);

  new_centre = whole_bucket (w, w->other_head, w->other_centre);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_op (new_centre, ids[i], FALSE);
  assert_op (new_centre, conflict, FALSE);
  g_assert_cmpstr (json_object_get_string_member (sync_page_find (new_centre, case_id)->doc,
                                                  "org_id"), ==, w->other_centre);
  g_assert_cmpstr (json_object_get_string_member (sync_page_find (new_centre, clause)->doc,
                                                  "what"), ==, "工资");

  county = whole_bucket (w, w->supervisor, w->county);
  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    assert_op (county, ids[i], FALSE);

  /* The old centre can no longer write to it; the new one can. */
  r = push_one (w, w->head, CLIENT_A, 7, case_id, "case", TJ_OP_PATCH, 3, "{\"facts\":\"丙\"}");
  g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
  tj_sync_result_free (r);
  r = push_one (w, w->other_head, CLIENT_C, 1, case_id, "case", TJ_OP_PATCH, 3,
                "{\"state\":\"in_mediation\"}");
  g_assert_cmpint (r->status, ==, TJ_SYNC_APPLIED);
  tj_sync_result_free (r);
  /* In mediation, it stays where it is. */
  r = push_one (w, w->supervisor, CLIENT_S, 3, case_id, "case", TJ_OP_PATCH, 4, to_centre);
  g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
  g_assert_nonnull (strstr (r->reason, "not yet in mediation"));
  tj_sync_result_free (r);
  g_clear_pointer (&old_centre, tj_sync_page_free);
  old_centre = whole_bucket (w, w->mediator, w->centre);
  op = sync_page_find (old_centre, case_id);
  g_assert_true (op != NULL && op->remove);

  sync_world_free (w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/move/delegate", test_delegate);
  return g_test_run ();
}
