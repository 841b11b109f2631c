/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sync-util.h"

/* POST /v1/push against a real server: records land in the right buckets and nowhere
 * else, concurrent edits of one field keep both values in a conflict record, different
 * fields merge, replays are answered from the ledger, gaps stop a batch, and whatever a
 * client may not do is rejected and recorded where its user sees it. */

#define CLIENT_A "01900000-0000-7000-8000-00000000000a"
#define CLIENT_B "01900000-0000-7000-8000-00000000000b"
#define CLIENT_C "01900000-0000-7000-8000-00000000000c"

static char *
case_fields (const char *org, const char *number)
{
  return g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"%s\",\"received\":\"2025-01-24\","
                          "\"state\":\"received\",\"types\":\"wages,compensation\","
                          "\"source\":\"application\",\"channel\":\"walk_in\","
                          "\"facts\":\"拖欠工资三个月\"}", org, number);
}

static char *
party_fields (const char *case_id, const char *side, const char *name, const char *id_number)
{
  return g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"%s\",\"kind\":\"person\","
                          "\"name\":\"%s\",\"id_type\":\"resident\",\"id_number\":\"%s\","
                          "\"phone\":\"138 0013 8000\"}", case_id, side, name, id_number);
}

static const TjSyncResult *
result (TjSyncPushAnswer *a, guint i)
{
  g_assert_cmpuint (i, <, a->results->len);
  return g_ptr_array_index (a->results, i);
}

/* A centre registers a case with two parties and a claim; whoever may see it does. */
static void
test_scope (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL;
  g_autoptr(TjSyncPage) page = NULL, county = NULL, far = NULL;
  g_autofree char *case_id = sync_new_id (), *p1 = sync_new_id (), *p2 = sync_new_id ();
  g_autofree char *claim = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕1号");
  g_autofree char *pf1 = party_fields (case_id, "applicant", "张三", "11010119900307002X");
  g_autofree char *pf2 = NULL, *clf = NULL, *path = NULL;
  g_autoptr(JsonNode) answer = NULL;
  TjSyncPageOp *op;
  guint status;

  pf2 = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"respondent\",\"kind\":\"organisation\","
                         "\"name\":\"某某公司\",\"id_type\":\"uscc\","
                         "\"id_number\":\"91110101MA0000015M\"}", case_id);
  clf = g_strdup_printf ("{\"case_id\":\"%s\",\"type\":\"wages\",\"amount\":1234500}", case_id);
  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (ms, 2, p1, "party", TJ_OP_CREATE, 0, pf1);
  sync_add (ms, 3, p2, "party", TJ_OP_CREATE, 0, pf2);
  sync_add (ms, 4, claim, "claim", TJ_OP_CREATE, 0, clf);
  a = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpint (a->last_mutation_id, ==, 4);
  g_assert_cmpint (a->server_hlc, >, 0);
  g_assert_false (a->clock_skew);
  g_assert_cmpint (a->expected, ==, 0);
  for (guint i = 0; i < 4; i++)
    {
      g_assert_cmpint (result (a, i)->status, ==, TJ_SYNC_APPLIED);
      g_assert_cmpint (result (a, i)->version, ==, 1);
    }

  /* Another user of the same centre. */
  page = sync_pull_ok (w, w->mediator, w->centre, 0);
  g_assert_cmpuint (page->ops->len, ==, 4);
  g_assert_true (page->up_to_date);
  g_assert_cmpint (page->checkpoint_count, ==, 4);
  g_assert_cmpint (page->next, ==, page->checkpoint_seq);
  op = sync_page_find (page, case_id);
  g_assert_nonnull (op);
  g_assert_cmpstr (op->type, ==, "case");
  g_assert_cmpstr (json_object_get_string_member (op->doc, "case_no"), ==, "南岭调〔2025〕1号");
  g_assert_cmpstr (json_object_get_string_member (op->doc, "types"), ==, "wages,compensation");
  op = sync_page_find (page, claim);
  g_assert_cmpint (json_object_get_int_member (op->doc, "amount"), ==, 1234500);
  g_assert_cmpstr (json_object_get_string_member (sync_page_find (page, p1)->doc, "name"), ==,
                   "张三");

  /* The county's supervisor sees it in the county bucket; the checksums agree. */
  county = sync_pull_ok (w, w->supervisor, w->county, 0);
  g_assert_cmpuint (county->ops->len, ==, 4);
  g_assert_cmpint (county->checkpoint_count, ==, 4);
  g_assert_cmpuint (county->checkpoint_checksum, ==, page->checkpoint_checksum);
  {
    guint64 sum = 0;

    for (guint i = 0; i < county->ops->len; i++)
      {
        TjSyncPageOp *o = g_ptr_array_index (county->ops, i);
        sum += tj_sync_record_hash (&o->id, o->version);
      }
    g_assert_cmpuint (sum, ==, county->checkpoint_checksum);
  }

  /* Another county's supervisor does not, and cannot name a bucket it was not granted. */
  far = sync_pull_ok (w, w->far_supervisor, w->far_county, 0);
  g_assert_cmpuint (far->ops->len, ==, 0);
  g_assert_cmpint (far->checkpoint_count, ==, 0);
  path = sync_pull_path (w->centre, w->epoch, 0, 0);
  answer = sync_send (w->server, "GET", path, w->far_supervisor, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (test_error_code (answer), ==, "forbidden");
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&path, g_free);
  /* A centre cannot pull its county either, nor an id that is no organisation. */
  path = sync_pull_path (w->county, w->epoch, 0, 0);
  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&path, g_free);
  path = sync_pull_path (case_id, w->epoch, 0, 0);
  answer = sync_send (w->server, "GET", path, w->supervisor, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 403);
  g_clear_pointer (&answer, json_node_unref);
  answer = sync_send (w->server, "GET", "/v1/pull?bucket=nonsense", w->supervisor, NULL, NULL,
                      &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_member_string (answer, "field"), ==, "bucket");
  g_clear_pointer (&answer, json_node_unref);
  g_clear_pointer (&path, g_free);
  path = g_strdup_printf ("/v1/pull?bucket=%s&epoch=%s&limit=%d", w->centre, w->epoch,
                          TJ_SYNC_MAX_PAGE + 1);
  answer = sync_send (w->server, "GET", path, w->head, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_member_string (answer, "field"), ==, "limit");

  sync_world_free (w);
}

static TjSyncPageOp *
only_conflict (TjSyncPage *page)
{
  TjSyncPageOp *found = NULL;

  for (guint i = 0; i < page->ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (page->ops, i);

      if (strcmp (op->type, "conflict") == 0)
        {
          g_assert_null (found);
          found = op;
        }
    }
  g_assert_nonnull (found);
  return found;
}

/* Two replicas edit from version 1: different fields merge; the same field conflicts. */
static void
test_conflict (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new (), a_edit = sync_mutations_new ();
  g_autoptr(GPtrArray) b_edit = sync_mutations_new (), b_same = sync_mutations_new ();
  g_autoptr(GPtrArray) resolve = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL, c = NULL, d = NULL, e = NULL;
  g_autoptr(TjSyncPage) page = NULL, county = NULL;
  g_autofree char *case_id = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕2号");
  g_autofree char *conflict_id = NULL, *resolution = NULL;
  JsonObject *doc, *kept, *lost;
  TjSyncPageOp *op;
  char text[TJ_UUID_STRING_LEN + 1];

  sync_add (create, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  g_assert_cmpint (result (a, 0)->version, ==, 1);

  /* A changes the facts; B, offline, the amount claimed: both apply. */
  sync_add (a_edit, 2, case_id, "case", TJ_OP_PATCH, 1, "{\"facts\":\"A 的事实\"}");
  b = sync_push_ok (w, w->head, CLIENT_A, a_edit);
  g_assert_cmpint (result (b, 0)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (b, 0)->version, ==, 2);
  sync_add (b_edit, 1, case_id, "case", TJ_OP_PATCH, 1, "{\"claimed\":500000}");
  c = sync_push_ok (w, w->mediator, CLIENT_B, b_edit);
  g_assert_cmpint (result (c, 0)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (c, 0)->version, ==, 3);

  /* B also changed the facts from version 1: a conflict; B's edit is newer and wins. */
  sync_add (b_same, 2, case_id, "case", TJ_OP_PATCH, 1, "{\"facts\":\"B 的事实\"}");
  d = sync_push_ok (w, w->mediator, CLIENT_B, b_same);
  g_assert_cmpint (result (d, 0)->status, ==, TJ_SYNC_CONFLICT);
  g_assert_nonnull (strstr (result (d, 0)->reason, "facts"));

  page = sync_pull_ok (w, w->head, w->centre, 0);
  op = sync_page_find (page, case_id);
  g_assert_cmpstr (json_object_get_string_member (op->doc, "facts"), ==, "B 的事实");
  g_assert_cmpint (json_object_get_int_member (op->doc, "claimed"), ==, 500000);
  op = only_conflict (page);
  doc = op->doc;
  g_assert_cmpstr (json_object_get_string_member (doc, "record"), ==, case_id);
  g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, "case");
  g_assert_cmpstr (json_object_get_string_member (doc, "field"), ==, "facts");
  g_assert_false (json_object_get_boolean_member (doc, "resolved"));
  kept = json_object_get_object_member (doc, "kept");
  lost = json_object_get_object_member (doc, "lost");
  g_assert_cmpstr (json_object_get_string_member (kept, "value"), ==, "B 的事实");
  g_assert_cmpstr (json_object_get_string_member (kept, "user"), ==, "mediator");
  g_assert_cmpstr (json_object_get_string_member (kept, "client_id"), ==, CLIENT_B);
  g_assert_cmpstr (json_object_get_string_member (lost, "value"), ==, "A 的事实");
  g_assert_cmpstr (json_object_get_string_member (lost, "user"), ==, "head");
  g_assert_cmpstr (json_object_get_string_member (lost, "client_id"), ==, CLIENT_A);
  g_assert_cmpint (json_object_get_int_member (kept, "hlc"), >=,
                   json_object_get_int_member (lost, "hlc"));
  tj_uuid_to_string (&op->id, text);
  conflict_id = g_strdup (text);

  /* The county sees the same conflict. */
  county = sync_pull_ok (w, w->supervisor, w->county, 0);
  g_assert_nonnull (sync_page_find (county, conflict_id));
  g_assert_cmpuint (sync_page_count (county, "conflict"), ==, 1);

  /* A resolves it: the conflict record's resolution beside an ordinary patch. */
  sync_add (resolve, 3, conflict_id, "conflict", TJ_OP_PATCH, 1,
            "{\"resolved\":true,\"resolution\":\"theirs\"}");
  sync_add (resolve, 4, case_id, "case", TJ_OP_PATCH, 4, "{\"facts\":\"A 的事实\"}");
  e = sync_push_ok (w, w->head, CLIENT_A, resolve);
  g_assert_cmpint (result (e, 0)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (e, 1)->status, ==, TJ_SYNC_APPLIED);
  g_clear_pointer (&page, tj_sync_page_free);
  page = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_true (json_object_get_boolean_member (sync_page_find (page, conflict_id)->doc,
                                                 "resolved"));
  g_assert_cmpstr (json_object_get_string_member (sync_page_find (page, case_id)->doc, "facts"),
                   ==, "A 的事实");
  g_assert_cmpuint (sync_page_count (page, "conflict"), ==, 1);
  sync_world_free (w);
}

/* A closed case is not reopened by an offline edit of its state. */
static void
test_closed_wins (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new (), close = sync_mutations_new ();
  g_autoptr(GPtrArray) reopen = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL, c = NULL;
  g_autoptr(TjSyncPage) page = NULL;
  g_autofree char *case_id = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕3号");

  sync_add (create, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  sync_add (close, 2, case_id, "case", TJ_OP_PATCH, 1, "{\"state\":\"withdrawn\"}");
  b = sync_push_ok (w, w->head, CLIENT_A, close);
  /* B's HLC is later, but the server keeps the case closed. */
  sync_add (reopen, 1, case_id, "case", TJ_OP_PATCH, 1, "{\"state\":\"accepted\"}");
  c = sync_push_ok (w, w->mediator, CLIENT_B, reopen);
  g_assert_cmpint (result (c, 0)->status, ==, TJ_SYNC_CONFLICT);
  page = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpstr (json_object_get_string_member (sync_page_find (page, case_id)->doc, "state"),
                   ==, "withdrawn");
  g_assert_cmpuint (sync_page_count (page, "conflict"), ==, 1);
  g_assert_cmpstr (json_object_get_string_member (
                     json_object_get_object_member (only_conflict (page)->doc, "lost"), "value"),
                   ==, "accepted");
  sync_world_free (w);
}

/* The same ids again: the ledger's answers, nothing applied twice. A gap stops. */
static void
test_duplicate_and_gap (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) ms = sync_mutations_new (), gap = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL, c = NULL;
  g_autoptr(TjSyncPage) before = NULL, after = NULL;
  g_autofree char *case_id = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕4号");
  g_autofree char *bad = sync_new_id ();

  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (ms, 2, case_id, "case", TJ_OP_PATCH, 1, "{\"workers\":12,\"collective\":true}");
  sync_add (ms, 3, bad, "case", TJ_OP_PATCH, 1, "{\"facts\":\"no such case\"}");
  a = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpint (result (a, 0)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (a, 1)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (a, 1)->version, ==, 2);
  g_assert_cmpint (result (a, 2)->status, ==, TJ_SYNC_REJECTED);
  before = sync_pull_ok (w, w->head, w->centre, 0);

  b = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpint (b->last_mutation_id, ==, 3);
  g_assert_cmpuint (b->results->len, ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_assert_cmpint (result (b, i)->status, ==, TJ_SYNC_DUPLICATE);
      g_assert_cmpint (result (b, i)->original, ==, result (a, i)->status);
      g_assert_cmpint (result (b, i)->version, ==, result (a, i)->version);
      g_assert_cmpstr (result (b, i)->reason, ==, result (a, i)->reason);
    }
  after = sync_pull_ok (w, w->head, w->centre, 0);
  g_assert_cmpint (after->checkpoint_seq, ==, before->checkpoint_seq);
  g_assert_cmpuint (after->ops->len, ==, before->ops->len);
  g_assert_cmpint (sync_page_find (after, case_id)->version, ==, 2);

  /* 4 is missing: 6 is not taken, and the server says what it waits for. */
  sync_add (gap, 6, case_id, "case", TJ_OP_PATCH, 2, "{\"workers\":13}");
  c = sync_push_ok (w, w->head, CLIENT_A, gap);
  g_assert_cmpint (c->last_mutation_id, ==, 3);
  g_assert_cmpint (c->expected, ==, 4);
  g_assert_cmpuint (c->results->len, ==, 0);
  sync_world_free (w);
}

/* Outside the jurisdiction or against the rules: rejected, and a rejection record. */
static void
test_rejections (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) other = sync_mutations_new (), ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL;
  g_autoptr(TjSyncPage) page = NULL, other_page = NULL;
  g_autofree char *their_case = sync_new_id (), *mine = sync_new_id ();
  g_autofree char *forged = sync_new_id (), *party = sync_new_id (), *bad_id = sync_new_id ();
  g_autofree char *cf = case_fields (w->other_centre, "自强调〔2025〕1号");
  g_autofree char *cf_mine = case_fields (w->centre, "南岭调〔2025〕5号");
  g_autofree char *pf = party_fields (their_case, "applicant", "李四", "11010119900307002X");
  g_autofree char *pf_bad = party_fields (mine, "applicant", "王五", "110101199003070012");
  g_autofree char *move = g_strdup_printf ("{\"org_id\":\"%s\"}", w->other_centre);
  g_autofree char *alien = sync_new_id ();
  g_autoptr(JsonNode) answer = NULL;
  JsonObject *doc;
  guint status;

  /* The other centre registers its own case. */
  sync_add (other, 1, their_case, "case", TJ_OP_CREATE, 0, cf);
  a = sync_push_ok (w, w->other_head, CLIENT_C, other);
  g_assert_cmpint (result (a, 0)->status, ==, TJ_SYNC_APPLIED);

  sync_add (ms, 1, forged, "case", TJ_OP_CREATE, 0, cf);          /* another centre's org */
  sync_add (ms, 2, party, "party", TJ_OP_CREATE, 0, pf);          /* onto its case */
  sync_add (ms, 3, mine, "case", TJ_OP_CREATE, 0, cf_mine);
  sync_add (ms, 4, bad_id, "party", TJ_OP_CREATE, 0, pf_bad);     /* check digit wrong */
  sync_add (ms, 5, mine, "case", TJ_OP_PATCH, 1, move);
  sync_add (ms, 6, mine, "case", TJ_OP_PATCH, 1, "{\"state\":\"closed_forever\"}");
  sync_add (ms, 7, mine, "case", TJ_OP_PATCH, 1, "{\"secret_field\":1}");
  sync_add (ms, 8, alien, "murder", TJ_OP_CREATE, 0, "{\"x\":1}");
  sync_add (ms, 9, mine, "case", TJ_OP_PATCH, 1, "{\"received\":\"2025-02-30\"}");
  b = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpint (b->last_mutation_id, ==, 9);
  g_assert_cmpint (result (b, 0)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 0)->field, ==, "org_id");
  g_assert_cmpint (result (b, 1)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 1)->field, ==, "case_id");
  g_assert_cmpint (result (b, 2)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (b, 3)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 3)->field, ==, "id_number");
  g_assert_cmpint (result (b, 4)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 4)->field, ==, "org_id");
  g_assert_cmpint (result (b, 5)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 5)->field, ==, "state");
  g_assert_cmpint (result (b, 6)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 6)->field, ==, "secret_field");
  g_assert_cmpint (result (b, 7)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpint (result (b, 8)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 8)->field, ==, "received");

  /* The rejections are records in the pushing centre, for its users to see. */
  page = sync_pull_ok (w, w->mediator, w->centre, 0);
  g_assert_cmpuint (sync_page_count (page, "rejection"), ==, 8);
  g_assert_null (sync_page_find (page, forged));
  g_assert_null (sync_page_find (page, party));
  for (guint i = 0; i < page->ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (page->ops, i);

      if (strcmp (op->type, "rejection") != 0)
        continue;
      doc = op->doc;
      g_assert_cmpstr (json_object_get_string_member (doc, "client_id"), ==, CLIENT_A);
      if (json_object_get_int_member (doc, "mutation_id") == 1)
        {
          g_assert_cmpstr (json_object_get_string_member (doc, "record"), ==, forged);
          g_assert_cmpstr (json_object_get_string_member (doc, "type"), ==, "case");
          g_assert_nonnull (strstr (json_object_get_string_member (doc, "reason"),
                                    "jurisdiction"));
        }
      /* The refused values stay for their author to see, an ID number masked. */
      if (json_object_get_int_member (doc, "mutation_id") == 4)
        {
          JsonObject *values = json_object_get_object_member (doc, "values");
          const char *masked = json_object_get_string_member (values, "id_number");

          g_assert_cmpstr (json_object_get_string_member (values, "name"), ==, "王五");
          g_assert_null (strstr (masked, "199003070012"));
          g_assert_true (g_str_has_suffix (masked, "0012"));
        }
      if (json_object_get_int_member (doc, "mutation_id") == 9)
        g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (doc, "values"),
                                                        "received"), ==, "2025-02-30");
    }
  /* Nothing of it reached the other centre. */
  other_page = sync_pull_ok (w, w->other_head, w->other_centre, 0);
  g_assert_cmpuint (other_page->ops->len, ==, 1);

  /* A client id belongs to the account that first used it. */
  answer = sync_push (w, w->mediator, CLIENT_A, ms, &status);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (test_error_code (answer), ==, "forbidden");
  g_assert_cmpstr (test_member_string (answer, "field"), ==, "client_id");
  sync_world_free (w);
}

/* A delete leaves a tombstone that pulls as a remove; later edits are refused. */
static void
test_delete (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) ms = sync_mutations_new (), later = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL;
  g_autoptr(TjSyncPage) page = NULL, rest = NULL;
  g_autofree char *case_id = sync_new_id (), *party = sync_new_id ();
  g_autofree char *cf = case_fields (w->centre, "南岭调〔2025〕6号");
  /* A third party: a case keeps its applicant (/push/party-rules). */
  g_autofree char *pf = party_fields (case_id, "third_party", "赵六", "11010119900307002X");
  TjSyncPageOp *op;
  gint64 cursor;

  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (ms, 2, party, "party", TJ_OP_CREATE, 0, pf);
  a = sync_push_ok (w, w->head, CLIENT_A, ms);
  page = sync_pull_ok (w, w->mediator, w->centre, 0);
  g_assert_cmpint (page->checkpoint_count, ==, 2);
  cursor = page->next;

  sync_add (later, 3, party, "party", TJ_OP_DELETE, 1, NULL);
  sync_add (later, 4, party, "party", TJ_OP_PATCH, 2, "{\"name\":\"赵七\"}");
  sync_add (later, 5, party, "party", TJ_OP_CREATE, 0, pf);
  b = sync_push_ok (w, w->head, CLIENT_A, later);
  g_assert_cmpint (result (b, 0)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (b, 0)->version, ==, 2);
  g_assert_cmpint (result (b, 1)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpint (result (b, 2)->status, ==, TJ_SYNC_REJECTED);

  rest = sync_pull_ok (w, w->mediator, w->centre, cursor);
  op = sync_page_find (rest, party);
  g_assert_nonnull (op);
  g_assert_true (op->remove);
  g_assert_null (op->doc);
  g_assert_cmpint (rest->checkpoint_count, ==, 1 + 2);  /* the case and two rejections */
  g_assert_null (sync_page_find (rest, case_id));
  sync_world_free (w);
}

/* A clock days ahead is clamped, not refused, and the client is told. */
static void
test_clock_skew (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL;
  g_autofree char *case_id = sync_new_id (), *cf = case_fields (w->centre, "南岭调〔2025〕8号");
  gint64 now = g_get_real_time () / 1000;
  TjSyncMutation *m;

  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  m = g_ptr_array_index (ms, 0);
  for (guint i = 0; i < m->fields->len; i++)
    ((TjSyncField *) g_ptr_array_index (m->fields, i))->hlc =
      (gint64) TJ_HLC_PACK (now + 3 * 86400 * 1000, 0);
  a = sync_push_ok (w, w->head, CLIENT_A, ms);
  g_assert_cmpint (result (a, 0)->status, ==, TJ_SYNC_APPLIED);
  g_assert_true (a->clock_skew);
  g_assert_cmpint (TJ_HLC_MS (a->server_hlc), >=, now + 5 * 60 * 1000 - 1000);
  g_assert_cmpint (TJ_HLC_MS (a->server_hlc), <=, now + 5 * 60 * 1000 + 60 * 1000);
  sync_world_free (w);
}

/* The core's rules for parties and claims hold on the server too: agents as the app
 * checks them, names of at most 100 characters, claim periods in order, and a case keeps
 * an applicant, a respondent and a claim. */
static void
test_party_rules (void)
{
  SyncWorld *w = sync_world_new ();
  g_autoptr(GPtrArray) create = sync_mutations_new (), bad = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) a = NULL, b = NULL;
  g_autofree char *case_id = sync_new_id (), *app = sync_new_id (), *resp = sync_new_id ();
  g_autofree char *resp2 = sync_new_id (), *claim = sync_new_id ();
  g_autofree char *cf = case_fields (w->centre, "南岭调〔2025〕41号");
  g_autofree char *pa = party_fields (case_id, "applicant", "张三", "11010119900307002X");
  g_autofree char *pr = NULL, *pr2 = NULL, *clf = NULL, *long_name = NULL;
  g_autoptr(GString) name = g_string_new (NULL);

  pr = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"respondent\",\"kind\":\"organisation\","
                        "\"name\":\"某某公司\"}", case_id);
  pr2 = g_strdup_printf ("{\"case_id\":\"%s\",\"side\":\"respondent\",\"kind\":\"organisation\","
                         "\"name\":\"某某劳务公司\"}", case_id);
  clf = g_strdup_printf ("{\"case_id\":\"%s\",\"type\":\"wages\",\"amount\":100}", case_id);
  sync_add (create, 1, case_id, "case", TJ_OP_CREATE, 0, cf);
  sync_add (create, 2, app, "party", TJ_OP_CREATE, 0, pa);
  sync_add (create, 3, resp, "party", TJ_OP_CREATE, 0, pr);
  sync_add (create, 4, resp2, "party", TJ_OP_CREATE, 0, pr2);
  sync_add (create, 5, claim, "claim", TJ_OP_CREATE, 0, clf);
  a = sync_push_ok (w, w->head, CLIENT_A, create);
  for (guint i = 0; i < 5; i++)
    g_assert_cmpint (result (a, i)->status, ==, TJ_SYNC_APPLIED);

  for (guint i = 0; i < 101; i++)
    g_string_append (name, "张");
  long_name = g_strdup_printf ("{\"name\":\"%s\"}", name->str);
  sync_add (bad, 6, app, "party", TJ_OP_PATCH, 1,
            "{\"agents\":[{\"name\":\"李律师\",\"phone\":\"12\",\"authority\":\"general\"}]}");
  sync_add (bad, 7, app, "party", TJ_OP_PATCH, 1, "{\"agents\":42}");
  sync_add (bad, 8, app, "party", TJ_OP_PATCH, 1, long_name);
  sync_add (bad, 9, claim, "claim", TJ_OP_PATCH, 1,
            "{\"period_from\":\"2025-03-01\",\"period_to\":\"2025-01-31\"}");
  sync_add (bad, 10, app, "party", TJ_OP_DELETE, 1, "{}");
  sync_add (bad, 11, claim, "claim", TJ_OP_DELETE, 1, "{}");
  sync_add (bad, 12, resp, "party", TJ_OP_DELETE, 1, "{}");     /* another one stays */
  sync_add (bad, 13, resp2, "party", TJ_OP_DELETE, 1, "{}");    /* the last one */
  sync_add (bad, 14, app, "party", TJ_OP_PATCH, 1,
            "{\"agents\":[{\"name\":\"李律师\",\"phone\":\"13800138000\","
            "\"authority\":\"special\",\"powers\":[\"settle\"]}]}");
  b = sync_push_ok (w, w->head, CLIENT_A, bad);
  g_assert_cmpint (result (b, 0)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 0)->field, ==, "agents");
  g_assert_cmpint (result (b, 1)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 1)->field, ==, "agents");
  g_assert_cmpint (result (b, 2)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 2)->field, ==, "name");
  g_assert_cmpint (result (b, 3)->status, ==, TJ_SYNC_REJECTED);
  g_assert_cmpstr (result (b, 3)->field, ==, "period_to");
  g_assert_cmpint (result (b, 4)->status, ==, TJ_SYNC_REJECTED);
  g_assert_nonnull (strstr (result (b, 4)->reason, "applicant"));
  g_assert_cmpint (result (b, 5)->status, ==, TJ_SYNC_REJECTED);
  g_assert_nonnull (strstr (result (b, 5)->reason, "claim"));
  g_assert_cmpint (result (b, 6)->status, ==, TJ_SYNC_APPLIED);
  g_assert_cmpint (result (b, 7)->status, ==, TJ_SYNC_REJECTED);
  g_assert_nonnull (strstr (result (b, 7)->reason, "respondent"));
  g_assert_cmpint (result (b, 8)->status, ==, TJ_SYNC_APPLIED);
  sync_world_free (w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/push/scope", test_scope);
  g_test_add_func ("/push/conflict", test_conflict);
  g_test_add_func ("/push/closed-case-wins", test_closed_wins);
  g_test_add_func ("/push/duplicate-and-gap", test_duplicate_and_gap);
  g_test_add_func ("/push/rejections", test_rejections);
  g_test_add_func ("/push/delete", test_delete);
  g_test_add_func ("/push/clock-skew", test_clock_skew);
  g_test_add_func ("/push/party-rules", test_party_rules);
  return g_test_run ();
}
