/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-list.h"
#include "tj-conflicts.h"
#include "tj-store-private.h"
#include "tj-sync-apply.h"
#include "tj-sync-outbox.h"
#include "tj-sync-sum.h"
#include "test-util.h"

/* The replica's side of sync without a server: what the pusher reads from the outbox and
 * how acknowledgements shrink it; how a pulled page lands (children before their case,
 * fields with pending edits kept, removes); conflicts as records. */

static gint64
pending_mutations (TjTestReplica *r)
{
  return tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation");
}

static void
test_outbox_read_and_ack (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c1 = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjCase) c2 = tj_test_create_case (r, "2026-03-03");
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GError) error = NULL;
  const char *facts[] = { "facts=补发工资已协商", NULL };
  gint64 first;
  TjOutboxMutation *m;

  g_assert_true (tj_case_store_set (r->cases, c1->case_no, facts, NULL, &error));
  g_assert_no_error (error);
  /* The replica's own setup (organisation, user) went first. */
  g_assert_cmpint (pending_mutations (r), ==, 11);
  g_assert_true (tj_sync_outbox_ack (r->store, 2, &error));
  /* Two registrations of 1 + 2 parties + 1 claim, and the edit. */
  g_assert_cmpint (pending_mutations (r), ==, 9);

  batch = tj_sync_outbox_read (r->store, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 9);
  first = ((TjOutboxMutation *) batch->pdata[0])->id;
  for (guint i = 0; i < batch->len; i++)
    {
      m = g_ptr_array_index (batch, i);
      g_assert_cmpint (m->id, ==, first + i);
      g_assert_nonnull (m->fields);
      g_assert_cmpint (m->hlc, >, 0);
    }
  m = g_ptr_array_index (batch, 0);
  g_assert_cmpstr (m->type, ==, "case");
  g_assert_true (m->op == TJ_OP_CREATE);
  g_assert_true (tj_uuid_equal (&m->record, &c1->id));
  /* The create carries the record as it is now: the later edit shows in it. */
  g_assert_nonnull (strstr (m->fields, "补发工资已协商"));
  g_assert_cmpstr (((TjOutboxMutation *) batch->pdata[1])->type, ==, "party");
  g_assert_cmpstr (((TjOutboxMutation *) batch->pdata[3])->type, ==, "claim");
  m = g_ptr_array_index (batch, 8);
  g_assert_true (m->op == TJ_OP_PATCH);
  g_assert_cmpstr (m->fields, ==, "{\"facts\":\"补发工资已协商\"}");
  g_clear_pointer (&batch, g_ptr_array_unref);

  /* A batch may end inside a registration; acknowledging part of it keeps the rest. */
  batch = tj_sync_outbox_read (r->store, 6, &error);
  g_assert_cmpuint (batch->len, ==, 6);
  g_assert_true (tj_sync_outbox_ack (r->store, first + 5, &error));
  g_assert_no_error (error);
  g_clear_pointer (&batch, g_ptr_array_unref);
  batch = tj_sync_outbox_read (r->store, 500, &error);
  g_assert_cmpuint (batch->len, ==, 3);
  g_assert_cmpint (((TjOutboxMutation *) batch->pdata[0])->id, ==, first + 6);
  /* The first registration's entry is gone, the second's stays until all of it is done. */
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox"), ==, 2);
  g_assert_true (tj_sync_outbox_ack (r->store, first + 8, &error));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox"), ==, 0);
  g_clear_pointer (&batch, g_ptr_array_unref);
  batch = tj_sync_outbox_read (r->store, 500, &error);
  g_assert_cmpuint (batch->len, ==, 0);
  /* Acknowledging again, or less, changes nothing. */
  g_assert_true (tj_sync_outbox_ack (r->store, first + 3, &error));
  g_assert_cmpint (tj_sync_outbox_acked (r->store), ==, first + 8);
}

/* A case that left the replica (delegated, its user moved) after its registration was
 * acknowledged, when a restored server asks for that registration again: its numbers go
 * as deletes of what was never made, so the numbering stays whole and the push goes on. */
static void
test_outbox_case_gone (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(GPtrArray) batch = NULL;
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  g_autoptr(GError) error = NULL;
  TjSyncCursor cursor = { { { 0 } }, (char *) "epoch-1", 10, 0, NULL };
  TjSyncPageOp *remove = g_new0 (TjSyncPageOp, 1);
  gint64 first, last;

  batch = tj_sync_outbox_read (r->store, 500, &error);
  g_assert_no_error (error);
  last = ((TjOutboxMutation *) batch->pdata[batch->len - 1])->id;
  first = last - 3;            /* the case, two parties, a claim */
  g_assert_true (tj_sync_outbox_ack (r->store, last, &error));
  g_clear_pointer (&batch, g_ptr_array_unref);

  remove->seq = 9;
  remove->remove = TRUE;
  remove->id = c->id;
  remove->type = g_strdup ("case");
  g_ptr_array_add (ops, remove);
  g_assert_true (tj_sync_apply_page (r->cases, &cursor, ops, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 0);

  g_assert_true (tj_sync_outbox_rewind (r->store, first, &error));
  g_assert_no_error (error);
  batch = tj_sync_outbox_read (r->store, 500, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batch->len, ==, 4);
  for (guint i = 0; i < batch->len; i++)
    {
      TjOutboxMutation *m = g_ptr_array_index (batch, i);

      g_assert_cmpint (m->id, ==, first + i);
      g_assert_true (m->op == TJ_OP_DELETE);
      g_assert_cmpstr (m->type, ==, i == 0 ? "case" : i < 3 ? "party" : "claim");
    }
  g_assert_true (tj_uuid_equal (&((TjOutboxMutation *) batch->pdata[0])->record, &c->id));
}

static TjSyncPageOp *
put (const char *type, const TjUuid *id, gint64 seq, gint64 version, const char *doc_json)
{
  TjSyncPageOp *op = g_new0 (TjSyncPageOp, 1);
  g_autoptr(JsonNode) node = json_from_string (doc_json, NULL);

  g_assert_nonnull (node);
  op->seq = seq;
  op->id = *id;
  op->type = g_strdup (type);
  op->version = version;
  op->doc = json_object_ref (json_node_get_object (node));
  return op;
}

static void
apply (TjTestReplica *r, GPtrArray *ops, gint64 next, GHashTable *pending)
{
  g_autoptr(GError) error = NULL;
  TjSyncCursor cursor = { { { 0 } }, (char *) "epoch-1", next, 0, NULL };

  g_assert_true (tj_sync_apply_page (r->cases, &cursor, ops, pending, &error));
  g_assert_no_error (error);
}

static void
test_apply_page (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  g_autoptr(GError) error = NULL;
  g_autofree char *org = tj_uuid_dup_string (tj_case_store_get_org_id (r->cases));
  g_autofree char *case_doc = NULL;
  g_autofree char *party_doc = NULL;
  g_autofree char *case_text = NULL;
  TjUuid case_id, party_id, conflict_id;
  TjSyncCursor cursor;
  g_autoptr(TjCase) c = NULL;

  tj_uuid_v7_now (&case_id);
  tj_uuid_v7_now (&party_id);
  tj_uuid_v7_now (&conflict_id);
  case_text = tj_uuid_dup_string (&case_id);
  case_doc = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"长南劳人调〔2026〕9号\","
                              "\"source\":\"application\",\"received\":\"2026-03-02\","
                              "\"channel\":\"walk_in\",\"state\":\"received\",\"types\":\"wages\","
                              "\"facts\":\"拖欠工资\",\"collective\":false,\"workers\":1,"
                              "\"claimed\":500000}", org);
  party_doc = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"applicant\",\"kind\":\"person\","
                               "\"name\":\"赵云\",\"id_type\":\"resident\"}", case_text);

  /* The party comes first (its case changed later, so it sorts after): it waits. */
  g_ptr_array_add (ops, put ("party", &party_id, 1, 1, party_doc));
  apply (r, ops, 1, NULL);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM party"), ==, 0);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM sync_parked"), ==, 1);
  g_ptr_array_set_size (ops, 0);
  g_ptr_array_add (ops, put ("case", &case_id, 2, 3, case_doc));
  g_ptr_array_add (ops, put ("conflict", &conflict_id, 3, 1,
                             "{\"record\":\"00000000-0000-7000-8000-000000000001\","
                             "\"type\":\"case\",\"field\":\"facts\",\"kept\":{\"value\":\"a\","
                             "\"user\":\"mediator\",\"client_id\":\"x\"},\"lost\":{\"value\":\"b\","
                             "\"user\":\"head\",\"client_id\":\"y\"},\"resolved\":false}"));
  apply (r, ops, 3, NULL);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM sync_parked"), ==, 0);
  c = tj_case_store_get (r->cases, case_text, &error);
  g_assert_no_error (error);
  g_assert_cmpint (c->version, ==, 3);
  g_assert_cmpuint (c->parties->len, ==, 1);
  g_assert_cmpstr (((TjParty *) c->parties->pdata[0])->name, ==, "赵云");
  g_assert_nonnull (c->due);
  /* The cursor went with the page. */
  g_assert_true (tj_sync_cursor_load (r->store, &cursor.bucket, &cursor, &error));
  g_assert_cmpint (cursor.next, ==, 3);
  g_assert_cmpstr (cursor.epoch, ==, "epoch-1");
  tj_sync_cursor_clear (&cursor);
  /* Pulled cases are found by search once indexed. */
  {
    TjCaseFilter filter;
    g_autoptr(GPtrArray) rows = NULL;
    TjCaseCursor next = { 0 };

    tj_case_filter_init (&filter);
    filter.search = "赵云";
    g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 10, &rows, &next, &error));
    g_assert_cmpuint (rows->len, ==, 1);
  }
  /* Other kinds are kept as documents: the conflict is listed. */
  {
    g_autoptr(GPtrArray) conflicts = tj_conflicts_list (r->store, TRUE, &error);

    g_assert_cmpuint (conflicts->len, ==, 1);
    g_assert_cmpstr (((TjConflict *) conflicts->pdata[0])->field, ==, "facts");
    g_assert_cmpstr (((TjConflict *) conflicts->pdata[0])->lost_value, ==, "\"b\"");
  }

  /* Our own pending edit of facts survives a pulled version of the case; other fields
   * take the server's value. */
  {
    const char *facts[] = { "facts=本地修改", NULL };
    g_autoptr(GHashTable) pending = NULL;
    g_autoptr(TjCase) after = NULL;
    g_autofree char *doc2 = g_strdup_printf ("{\"facts\":\"服务器版本\",\"workers\":3,"
                                             "\"org_id\":\"%s\"}", org);

    g_assert_true (tj_case_store_set (r->cases, case_text, facts, NULL, &error));
    g_assert_no_error (error);
    pending = tj_sync_outbox_pending (r->store, &error);
    g_assert_no_error (error);
    g_ptr_array_set_size (ops, 0);
    g_ptr_array_add (ops, put ("case", &case_id, 4, 4, doc2));
    apply (r, ops, 4, pending);
    after = tj_case_store_get (r->cases, case_text, &error);
    g_assert_cmpstr (after->facts, ==, "本地修改");
    g_assert_cmpint (after->workers, ==, 3);
    g_assert_cmpint (after->version, ==, 4);
  }

  /* A remove takes the case, its parties and its search entry. */
  {
    TjSyncPageOp *remove = g_new0 (TjSyncPageOp, 1);
    g_autoptr(GHashTable) pending = NULL;

    remove->seq = 5;
    remove->remove = TRUE;
    remove->id = case_id;
    remove->type = g_strdup ("case");
    g_ptr_array_set_size (ops, 0);
    g_ptr_array_add (ops, remove);
    /* Still pending: the edit of facts waits for the server, so the case stays. */
    pending = tj_sync_outbox_pending (r->store, &error);
    apply (r, ops, 5, pending);
    g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 1);
    g_assert_true (tj_sync_outbox_ack (r->store, tj_store_get_meta_int (r->store, "last_mutation_id", 0),
                                       &error));
    apply (r, ops, 5, NULL);
    g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 0);
    g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM party"), ==, 0);
    g_assert_cmpint (tj_test_count (r->store, "INSERT INTO case_search (case_search, rank) "
                                              "VALUES ('integrity-check', 0) RETURNING 0"), ==, 0);
  }

  /* A malformed record is refused whole, and the cursor stays. */
  {
    TjSyncCursor bad = { { { 0 } }, (char *) "epoch-1", 6, 0, NULL };
    TjSyncCursor now;

    g_ptr_array_set_size (ops, 0);
    g_ptr_array_add (ops, put ("case", &conflict_id, 6, 1, "{\"workers\":\"many\"}"));
    g_assert_false (tj_sync_apply_page (r->cases, &bad, ops, NULL, &error));
    g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT);
    g_assert_nonnull (strstr (error->message, "workers"));
    g_assert_true (tj_sync_cursor_load (r->store, &bad.bucket, &now, NULL));
    g_assert_cmpint (now.next, ==, 5);
    tj_sync_cursor_clear (&now);
  }
}

static TjSyncPageOp *
removal (const char *type, const TjUuid *id, gint64 seq, gint64 version)
{
  TjSyncPageOp *op = g_new0 (TjSyncPageOp, 1);

  op->seq = seq;
  op->id = *id;
  op->type = g_strdup (type);
  op->version = version;
  op->remove = TRUE;
  return op;
}

static void
assert_sum (TjTestReplica *r, gint64 count, guint64 sum)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) held = tj_sync_sum_list (r->store, &error);
  gint64 n;
  guint64 s, listed = 0;

  g_assert_true (tj_sync_sum_read (r->store, &n, &s, &error));
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, count);
  g_assert_cmphex (s, ==, sum);
  /* The triggers' numbers are what the tables hold. */
  g_assert_cmpuint (held->len, ==, (guint) count);
  for (guint i = 0; i < held->len; i++)
    listed += tj_sync_record_hash (&g_array_index (held, TjSyncHeld, i).id,
                                   g_array_index (held, TjSyncHeld, i).version);
  g_assert_cmphex (listed, ==, sum);
}

/* The replica's count and sum of the server's records (tj-sync-sum.h) follow every way a
 * page lands: a child parked and unparked, a new version, a document of another kind, a
 * person put and removed (the row stays for the cases that name it), a remove of a child
 * still parked; the replica's own unsynced registrations count for nothing. */
static void
test_sum_follows_apply (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  g_autoptr(TjCase) mine = tj_test_create_case (r, "2026-03-02");
  g_autofree char *org = tj_uuid_dup_string (tj_case_store_get_org_id (r->cases));
  g_autofree char *case_doc = NULL, *party_doc = NULL, *orphan_doc = NULL, *person_doc = NULL;
  g_autofree char *case_text = NULL;
  TjUuid case_id, party_id, orphan_id, person_id, note_id, nowhere;
  guint64 sum;

  tj_uuid_v7_now (&case_id);
  tj_uuid_v7_now (&party_id);
  tj_uuid_v7_now (&orphan_id);
  tj_uuid_v7_now (&person_id);
  tj_uuid_v7_now (&note_id);
  tj_uuid_v7_now (&nowhere);
  case_text = tj_uuid_dup_string (&case_id);
  case_doc = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"长南劳人调〔2026〕9号\","
                              "\"source\":\"application\",\"received\":\"2026-03-02\","
                              "\"channel\":\"walk_in\",\"state\":\"received\",\"types\":\"wages\"}",
                              org);
  party_doc = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"applicant\",\"kind\":\"person\","
                               "\"name\":\"赵云\",\"id_type\":\"resident\"}", case_text);
  {
    g_autofree char *nowhere_text = tj_uuid_dup_string (&nowhere);

    orphan_doc = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"respondent\","
                                  "\"kind\":\"person\",\"name\":\"钱七\"}", nowhere_text);
  }
  person_doc = g_strdup_printf ("{\"org_id\":\"%s\",\"name\":\"孙调解\",\"roles\":1}", org);

  /* Registered here and never synced: nothing of the server's. */
  assert_sum (r, 0, 0);

  g_ptr_array_add (ops, put ("party", &party_id, 1, 1, party_doc));
  g_ptr_array_add (ops, put ("party", &orphan_id, 2, 1, orphan_doc));
  apply (r, ops, 2, NULL);
  assert_sum (r, 2, tj_sync_record_hash (&party_id, 1) + tj_sync_record_hash (&orphan_id, 1));

  g_ptr_array_set_size (ops, 0);
  g_ptr_array_add (ops, put ("case", &case_id, 3, 2, case_doc));
  g_ptr_array_add (ops, put ("person", &person_id, 4, 1, person_doc));
  g_ptr_array_add (ops, put ("session", &note_id, 5, 1, "{\"case_id\":\"x\"}"));
  apply (r, ops, 5, NULL);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM party WHERE name = '赵云'"), ==, 1);
  sum = tj_sync_record_hash (&party_id, 1) + tj_sync_record_hash (&orphan_id, 1) +
        tj_sync_record_hash (&case_id, 2) + tj_sync_record_hash (&person_id, 1) +
        tj_sync_record_hash (&note_id, 1);
  assert_sum (r, 5, sum);

  /* New versions replace the old ones in the sum. */
  g_ptr_array_set_size (ops, 0);
  g_ptr_array_add (ops, put ("case", &case_id, 6, 4, case_doc));
  g_ptr_array_add (ops, put ("session", &note_id, 7, 3, "{\"case_id\":\"y\"}"));
  apply (r, ops, 7, NULL);
  sum += tj_sync_record_hash (&case_id, 4) - tj_sync_record_hash (&case_id, 2) +
         tj_sync_record_hash (&note_id, 3) - tj_sync_record_hash (&note_id, 1);
  assert_sum (r, 5, sum);

  /* Removes: the parked child, the person (its row stays), the document. */
  g_ptr_array_set_size (ops, 0);
  g_ptr_array_add (ops, removal ("party", &orphan_id, 8, 2));
  g_ptr_array_add (ops, removal ("person", &person_id, 9, 2));
  g_ptr_array_add (ops, removal ("session", &note_id, 10, 4));
  apply (r, ops, 10, NULL);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM sync_parked"), ==, 0);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM person WHERE name = '孙调解'"),
                   ==, 1);
  assert_sum (r, 2, tj_sync_record_hash (&party_id, 1) + tj_sync_record_hash (&case_id, 4));

  /* The case goes, and its party with it (ON DELETE CASCADE counts too). */
  g_ptr_array_set_size (ops, 0);
  g_ptr_array_add (ops, removal ("case", &case_id, 11, 5));
  apply (r, ops, 11, NULL);
  assert_sum (r, 0, 0);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync-local/outbox-read-and-ack", test_outbox_read_and_ack);
  g_test_add_func ("/sync-local/apply-page", test_apply_page);
  g_test_add_func ("/sync-local/outbox-case-gone", test_outbox_case_gone);
  g_test_add_func ("/sync-local/sum-follows-apply", test_sum_follows_apply);
  return g_test_run ();
}
