/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "tj-agents.h"
#include "tj-case-list.h"
#include "tj-money.h"
#include "tj-validate.h"
#include "test-util.h"

/* The last outbox mutation: its kind, op, base and fields. */
typedef struct {
  char   *kind;
  char   *op;
  gint64  base;
  char   *fields;
} Mutation;

static void
mutation_clear (Mutation *m)
{
  g_free (m->kind);
  g_free (m->op);
  g_free (m->fields);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Mutation, mutation_clear)

/* The mutations written after `after`, oldest first. */
static GArray *
mutations_since (TjTestReplica *r, gint64 after)
{
  GArray *out = g_array_new (FALSE, TRUE, sizeof (Mutation));
  sqlite3_stmt *stmt = tj_store_prepare (r->store, "SELECT kind, op, base, fields FROM outbox_mutation "
                                                   "WHERE mutation_id > ? ORDER BY mutation_id", NULL);

  g_array_set_clear_func (out, (GDestroyNotify) mutation_clear);
  sqlite3_bind_int64 (stmt, 1, after);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      Mutation m = {
        g_strdup ((const char *) sqlite3_column_text (stmt, 0)),
        g_strdup ((const char *) sqlite3_column_text (stmt, 1)),
        sqlite3_column_int64 (stmt, 2),
        g_strdup ((const char *) sqlite3_column_text (stmt, 3)),
      };
      g_array_append_val (out, m);
    }
  sqlite3_reset (stmt);
  return out;
}

static gint64
last_mutation (TjTestReplica *r)
{
  return tj_test_count (r->store, "SELECT coalesce (max (mutation_id), 0) FROM outbox_mutation");
}

/* Everything an edit could leave behind. */
typedef struct {
  gint64 parties, claims, outbox, events, last_mutation, claimed;
} Counts;

static void
count_all (TjTestReplica *r, Counts *c)
{
  memset (c, 0, sizeof *c);
  c->parties = tj_test_count (r->store, "SELECT count(*) FROM party");
  c->claims = tj_test_count (r->store, "SELECT count(*) FROM claim");
  c->outbox = tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation");
  c->events = tj_test_count (r->store, "SELECT count(*) FROM event");
  c->last_mutation = tj_store_get_meta_int (r->store, "last_mutation_id", 0);
  c->claimed = tj_test_count (r->store, "SELECT sum (claimed) FROM \"case\"");
}

static void
assert_unchanged (TjTestReplica *r, const Counts *before)
{
  Counts now;

  count_all (r, &now);
  g_assert_cmpmem (before, sizeof *before, &now, sizeof now);
  g_assert_false (tj_store_in_transaction (r->store));
}

static TjParty *
party_at (TjTestReplica *r, const char *case_no, guint index)
{
  g_autoptr(TjCase) c = tj_case_store_get (r->cases, case_no, NULL);
  TjParty *p, *copy;

  g_assert_nonnull (c);
  g_assert_cmpuint (index, <, c->parties->len);
  p = g_ptr_array_index (c->parties, index);
  copy = g_ptr_array_steal_index (c->parties, index);
  g_assert_true (p == copy);
  return copy;
}

static gboolean
set_party (TjTestReplica *r, const TjCase *c, const char *party, const char *assignment,
           GError **error)
{
  const char *assignments[] = { assignment, NULL };

  return tj_case_store_set_party (r->cases, c->case_no, party, assignments, NULL, error);
}

static gboolean
set_claim (TjTestReplica *r, const TjCase *c, const char *claim, const char *assignment,
           GError **error)
{
  const char *assignments[] = { assignment, NULL };

  return tj_case_store_set_claim (r->cases, c->case_no, claim, assignments, NULL, error);
}

/* One field edit: a patch of the party record with only that field and the version it was
 * based on, and an edit event of the party in the case's timeline. */
static void
test_set_party (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjParty) respondent = NULL;
  g_autoptr(GArray) written = NULL;
  g_autoptr(GError) error = NULL;
  gint64 mark = last_mutation (r);
  Counts before;
  Mutation *m;

  g_assert_true (set_party (r, c, "respondent", "phone=0431 8888 6666", &error));
  g_assert_no_error (error);
  respondent = party_at (r, c->case_no, 1);
  g_assert_cmpstr (respondent->phone, ==, "0431-88886666");
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 1);
  m = &g_array_index (written, Mutation, 0);
  g_assert_cmpstr (m->kind, ==, "party");
  g_assert_cmpstr (m->op, ==, "patch");
  g_assert_cmpint (m->base, ==, 0);
  g_assert_cmpstr (m->fields, ==, "{\"phone\":\"0431-88886666\"}");
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'party' "
                                            "AND action = 'edit' AND case_id IS NOT NULL"), ==, 1);

  /* The same party by its id; a value that is already there writes nothing. */
  count_all (r, &before);
  {
    g_autofree char *id = tj_uuid_dup_string (&respondent->id);

    g_assert_true (set_party (r, c, id, "phone=0431-88886666", &error));
    g_assert_no_error (error);
  }
  assert_unchanged (r, &before);

  /* Bad input names the field and the rule, and writes nothing. */
  g_assert_false (set_party (r, c, "applicant", "id_number=110101199003070012", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "Applicant ID number"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "id_number=110101199002300014", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "respondent", "id_number=91110101MA0000015N", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "Respondent credit code"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "phone=12345", &error));
  g_assert_nonnull (strstr (error->message, "Applicant phone"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "name=", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "salary=1", &error));
  g_assert_nonnull (strstr (error->message, "salary"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant3", "phone=13800138000", &error));
  g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (r, &before);

  /* A fixed ID number is stored normalised, with the sex and birth date it gives. */
  g_assert_true (set_party (r, c, "applicant", "id_number=110101199003070038", &error));
  g_assert_no_error (error);
  {
    g_autoptr(TjParty) applicant = party_at (r, c->case_no, 0);

    g_assert_cmpstr (applicant->id_number, ==, "110101199003070038");
    g_assert_cmpstr (applicant->sex, ==, "M");
    g_assert_cmpstr (applicant->birth_date, ==, "1990-03-07");
  }
  /* The patch carries the derived fields with the number. */
  g_clear_pointer (&written, g_array_unref);
  written = mutations_since (r, before.last_mutation);
  g_assert_cmpuint (written->len, ==, 1);
  g_assert_cmpstr (g_array_index (written, Mutation, 0).fields, ==,
                   "{\"id_number\":\"110101199003070038\",\"sex\":\"M\"}");

  /* Search follows a renamed party. */
  {
    TjCaseFilter filter;
    g_autoptr(GPtrArray) rows = NULL;
    TjCaseCursor next = { 0 };

    g_assert_true (set_party (r, c, "applicant", "name=李四", &error));
    tj_case_filter_init (&filter);
    filter.search = "李四";
    g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 10, &rows, &next, &error));
    g_assert_cmpuint (rows->len, ==, 1);
  }
}

/* A party's kind and its document agree: the kind brings its document type along. */
static void
test_kind_change (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(GError) error = NULL;
  const char *to_person[] = { "kind=person", "name=王五", "id_number=11010119900307002X", NULL };
  const char *mismatch[] = { "id_type=passport", NULL };
  g_autoptr(TjParty) p = NULL;

  /* The organisation's credit code is no resident ID. */
  g_assert_false (set_party (r, c, "respondent", "kind=person", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Respondent ID number"));
  g_clear_error (&error);
  g_assert_false (tj_case_store_set_party (r->cases, c->case_no, "respondent", mismatch, NULL,
                                           &error));
  g_assert_nonnull (strstr (error->message, "credit code"));
  g_clear_error (&error);

  g_assert_true (tj_case_store_set_party (r->cases, c->case_no, "respondent", to_person, NULL,
                                          &error));
  g_assert_no_error (error);
  p = party_at (r, c->case_no, 1);
  g_assert_cmpint (p->kind, ==, TJ_PARTY_PERSON);
  g_assert_cmpint (p->id_type, ==, TJ_ID_RESIDENT);
  g_assert_cmpstr (p->sex, ==, "F");
  /* A person has no legal representative. */
  g_assert_null (p->legal_rep);
}

static void
test_add_party (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjParty) second = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, " 赵六 ");
  g_autoptr(TjParty) bad = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, "某公司");
  g_autoptr(TjParty) stored = NULL;
  g_autoptr(GArray) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *case_id = tj_uuid_dup_string (&c->id);
  gint64 mark = last_mutation (r);
  Counts before;
  JsonObject *o;
  Mutation *m;

  second->id_number = g_strdup ("11010119900307002x");
  second->phone = g_strdup ("+86 138-0013-8001");
  g_assert_true (tj_case_store_add_party (r->cases, c->case_no, second, NULL, &error));
  g_assert_no_error (error);
  g_assert_false (tj_uuid_is_nil (&second->id));
  stored = party_at (r, c->case_no, 2);
  g_assert_true (tj_uuid_equal (&stored->id, &second->id));
  g_assert_cmpstr (stored->name, ==, "赵六");
  g_assert_cmpstr (stored->id_number, ==, "11010119900307002X");
  g_assert_cmpstr (stored->phone, ==, "13800138001");

  /* A create with the record's fields (not read back at push time: it may be removed
   * before it is pushed). */
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 1);
  m = &g_array_index (written, Mutation, 0);
  g_assert_cmpstr (m->kind, ==, "party");
  g_assert_cmpstr (m->op, ==, "create");
  node = json_from_string (m->fields, NULL);
  o = json_node_get_object (node);
  g_assert_cmpstr (json_object_get_string_member (o, "case_id"), ==, case_id);
  g_assert_cmpstr (json_object_get_string_member (o, "side"), ==, "applicant");
  g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, "赵六");
  g_assert_cmpstr (json_object_get_string_member (o, "sex"), ==, "F");
  g_assert_false (json_object_has_member (o, "legal_rep"));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'party' "
                                            "AND action = 'create'"), ==, 1);

  /* The second applicant is named so in messages. */
  g_assert_false (set_party (r, c, "applicant2", "phone=555", &error));
  g_assert_nonnull (strstr (error->message, "Applicant 2 phone"));
  g_clear_error (&error);

  count_all (r, &before);
  bad->id_number = g_strdup ("91110101MA0000015N");
  g_assert_false (tj_case_store_add_party (r->cases, c->case_no, bad, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "Respondent 2 credit code"));
  g_clear_error (&error);
  g_clear_pointer (&bad->id_number, g_free);
  bad->agents = g_strdup ("律师|12345|general");
  g_assert_false (tj_case_store_add_party (r->cases, c->case_no, bad, NULL, &error));
  g_assert_nonnull (strstr (error->message, "Respondent 2 agent 1 phone"));
  g_clear_error (&error);
  assert_unchanged (r, &before);
}

/* The applicants of a collective dispute are 3 to 5 representatives the workers elected. */
static void
test_collective_representatives (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  g_autoptr(TjParty) company = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_ORGANISATION, "工会");
  g_autoptr(GError) error = NULL;
  static const char * const names[] = { "代表二", "代表三", "代表四", "代表五" };

  c->collective = TRUE;
  c->workers = 12;
  g_assert_true (tj_case_store_create (r->cases, c, NULL, &error));
  g_assert_no_error (error);

  g_assert_false (tj_case_store_add_party (r->cases, c->case_no, company, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
  g_assert_nonnull (strstr (error->message, "Art. 7"));
  g_clear_error (&error);

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(TjParty) p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, names[i]);

      g_assert_true (tj_case_store_add_party (r->cases, c->case_no, p, NULL, &error));
      g_assert_no_error (error);
    }
  {
    g_autoptr(TjParty) sixth = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, "代表六");
    g_autoptr(TjParty) third = tj_party_new (TJ_SIDE_THIRD_PARTY, TJ_PARTY_ORGANISATION, "劳务公司");

    g_assert_false (tj_case_store_add_party (r->cases, c->case_no, sixth, NULL, &error));
    g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE);
    g_clear_error (&error);
    /* The rule is for applicants: a third party may join. */
    g_assert_true (tj_case_store_add_party (r->cases, c->case_no, third, NULL, &error));
    g_assert_no_error (error);
  }
  /* A representative stays a person. */
  g_assert_false (set_party (r, c, "applicant3", "kind=organisation", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM party WHERE side = 'applicant'"),
                   ==, 5);
}

static void
test_remove_party (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjParty) other = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, "第二公司");
  g_autoptr(TjParty) first = party_at (r, c->case_no, 1);
  g_autoptr(GArray) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *first_id = tj_uuid_dup_string (&first->id);
  Counts before;
  gint64 mark;

  count_all (r, &before);
  g_assert_false (tj_case_store_remove_party (r->cases, c->case_no, "respondent", NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "at least one respondent"));
  g_assert_nonnull (strstr (error->message, first->name));
  g_clear_error (&error);
  g_assert_false (tj_case_store_remove_party (r->cases, c->case_no, "applicant", NULL, &error));
  g_assert_nonnull (strstr (error->message, "at least one applicant"));
  g_clear_error (&error);
  /* Moving the only applicant to the other side would leave none either. */
  g_assert_false (set_party (r, c, "applicant", "side=respondent", &error));
  g_assert_nonnull (strstr (error->message, "at least one applicant"));
  g_clear_error (&error);
  assert_unchanged (r, &before);

  g_assert_true (tj_case_store_add_party (r->cases, c->case_no, other, NULL, &error));
  /* An edit first, so the delete's base is a version the record had. */
  mark = last_mutation (r);
  g_assert_true (tj_case_store_remove_party (r->cases, c->case_no, first_id, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM party"), ==, 2);
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 1);
  g_assert_cmpstr (g_array_index (written, Mutation, 0).kind, ==, "party");
  g_assert_cmpstr (g_array_index (written, Mutation, 0).op, ==, "delete");
  g_assert_cmpstr (g_array_index (written, Mutation, 0).fields, ==, "{}");
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'party' "
                                            "AND action = 'delete'"), ==, 1);
  /* The other respondent is the respondent now. */
  {
    g_autoptr(TjParty) respondent = party_at (r, c->case_no, 1);
    g_assert_cmpstr (respondent->name, ==, "第二公司");
  }
}

/* Agents and their powers: a general authority, or a special one that lists its powers. */
static void
test_agents (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(GError) error = NULL;
  g_autoptr(TjParty) p = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  g_autofree char *described = NULL;
  Counts before;
  TjAgent *a;

  g_assert_true (set_party (r, c, "applicant",
                            "agents=李律师|13900139000|special:admit,settle ; 张三的哥哥||general",
                            &error));
  g_assert_no_error (error);
  p = party_at (r, c->case_no, 0);
  g_assert_cmpstr (p->agents, ==,
                   "[{\"name\":\"李律师\",\"phone\":\"13900139000\",\"authority\":\"special\","
                   "\"powers\":[\"admit\",\"settle\"]},"
                   "{\"name\":\"张三的哥哥\",\"authority\":\"general\"}]");
  agents = tj_agents_from_json (p->agents, "Applicant", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (agents->len, ==, 2);
  a = g_ptr_array_index (agents, 0);
  g_assert_cmpint (a->authority, ==, TJ_AUTHORITY_SPECIAL);
  g_assert_cmpuint (a->powers, ==, (1u << TJ_POWER_ADMIT) | (1u << TJ_POWER_SETTLE));
  described = tj_agent_describe_authority (a);
  g_assert_cmpstr (described, ==, "Special authority: Admit claims, Settle and reach an agreement");

  count_all (r, &before);
  g_assert_false (set_party (r, c, "applicant", "agents=李律师||general:admit", &error));
  g_assert_nonnull (strstr (error->message, "Applicant agent 1 powers"));
  g_assert_nonnull (strstr (error->message, "general authority"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=李律师||special", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Art. 24"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=李律师||special:sell", &error));
  g_assert_nonnull (strstr (error->message, "sell"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=李律师||boss", &error));
  g_assert_nonnull (strstr (error->message, "Applicant agent 1 authority"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=甲;|1390013900", &error));
  g_assert_nonnull (strstr (error->message, "Applicant agent 2 name"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=甲|12|general", &error));
  g_assert_nonnull (strstr (error->message, "Applicant agent 1 phone"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=a;b;c;d;e;f", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents=[{\"name\":1}]", &error));
  g_assert_nonnull (strstr (error->message, "Applicant agent 1 name"));
  g_clear_error (&error);
  g_assert_false (set_party (r, c, "applicant", "agents={}", &error));
  g_clear_error (&error);
  assert_unchanged (r, &before);

  /* The JSON form, as the app writes it; an empty value clears the agents. */
  g_assert_true (set_party (r, c, "respondent",
                            "agents=[{\"name\":\"法务\",\"authority\":\"special\","
                            "\"powers\":[\"sign\",\"collect\",\"waive\",\"change\"]}]", &error));
  g_assert_no_error (error);
  g_assert_true (set_party (r, c, "applicant", "agents=", &error));
  g_clear_pointer (&p, tj_party_free);
  p = party_at (r, c->case_no, 0);
  g_assert_null (p->agents);
  /* An agent stored by the new-case form (a name alone) reads as a general authority. */
  g_clear_pointer (&agents, g_ptr_array_unref);
  agents = tj_agents_from_json ("[{\"name\":\"王律师\"}]", "Applicant", &error);
  g_assert_no_error (error);
  g_assert_cmpint (((TjAgent *) g_ptr_array_index (agents, 0))->authority, ==,
                   TJ_AUTHORITY_GENERAL);
}

static void
test_claims (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjClaim) claim = tj_claim_new (TJ_DISPUTE_COMPENSATION, 500000);
  g_autoptr(TjCase) after = NULL;
  g_autoptr(GArray) written = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *claim_id = NULL;
  gint64 mark = last_mutation (r);
  Counts before;

  claim->period_from = g_strdup ("2025-11-01");
  claim->period_to = g_strdup ("2026-01-31");
  claim->description = g_strdup ("解除劳动合同经济补偿");
  g_assert_true (tj_case_store_add_claim (r->cases, c->case_no, claim, NULL, &error));
  g_assert_no_error (error);
  claim_id = tj_uuid_dup_string (&claim->id);
  after = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpuint (after->claims->len, ==, 2);
  g_assert_cmpint (after->claimed, ==, 1700000);
  g_assert_true (after->types & (1u << TJ_DISPUTE_COMPENSATION));

  /* The claim's create with its fields, then the case's patch of what follows from it. */
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 2);
  g_assert_cmpstr (g_array_index (written, Mutation, 0).kind, ==, "claim");
  g_assert_cmpstr (g_array_index (written, Mutation, 0).op, ==, "create");
  g_assert_nonnull (strstr (g_array_index (written, Mutation, 0).fields,
                            "\"period_from\":\"2025-11-01\""));
  g_assert_nonnull (strstr (g_array_index (written, Mutation, 0).fields, "\"position\":1"));
  g_assert_cmpstr (g_array_index (written, Mutation, 1).kind, ==, "case");
  g_assert_cmpstr (g_array_index (written, Mutation, 1).op, ==, "patch");
  g_assert_cmpstr (g_array_index (written, Mutation, 1).fields, ==,
                   "{\"claimed\":1700000,\"types\":\"wages,compensation\"}");
  /* One event, of the claim. */
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'claim' "
                                            "AND action = 'create'"), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'case' "
                                            "AND action = 'edit'"), ==, 0);

  /* An amount edit patches the claim and the case's total. */
  mark = last_mutation (r);
  g_assert_true (set_claim (r, c, "2", "amount=¥6,000.50", &error));
  g_assert_no_error (error);
  g_clear_pointer (&written, g_array_unref);
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 2);
  g_assert_cmpstr (g_array_index (written, Mutation, 0).fields, ==, "{\"amount\":600050}");
  g_assert_cmpstr (g_array_index (written, Mutation, 1).fields, ==, "{\"claimed\":1800050}");
  /* A description edit changes the claim alone. */
  mark = last_mutation (r);
  g_assert_true (set_claim (r, c, claim_id, "description=经济补偿金", &error));
  g_clear_pointer (&written, g_array_unref);
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 1);
  g_assert_cmpstr (g_array_index (written, Mutation, 0).kind, ==, "claim");

  count_all (r, &before);
  g_assert_false (set_claim (r, c, "2", "period_to=2025-10-01", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
  g_assert_nonnull (strstr (error->message, "Claim 2 period"));
  g_clear_error (&error);
  g_assert_false (set_claim (r, c, "2", "period_from=2025-02-30", &error));
  g_assert_nonnull (strstr (error->message, "Claim 2 period from"));
  g_clear_error (&error);
  g_assert_false (set_claim (r, c, "2", "amount=-5", &error));
  g_assert_nonnull (strstr (error->message, "Claim 2 amount"));
  g_clear_error (&error);
  g_assert_false (set_claim (r, c, "2", "type=bonus", &error));
  g_assert_nonnull (strstr (error->message, "Claim 2 type"));
  g_clear_error (&error);
  g_assert_false (set_claim (r, c, "3", "amount=1", &error));
  g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND);
  g_clear_error (&error);
  assert_unchanged (r, &before);

  /* Removing the first claim leaves the second; the last one stays. */
  mark = last_mutation (r);
  g_assert_true (tj_case_store_remove_claim (r->cases, c->case_no, "1", NULL, &error));
  g_assert_no_error (error);
  g_clear_pointer (&written, g_array_unref);
  written = mutations_since (r, mark);
  g_assert_cmpuint (written->len, ==, 2);
  g_assert_cmpstr (g_array_index (written, Mutation, 0).op, ==, "delete");
  g_assert_cmpstr (g_array_index (written, Mutation, 1).fields, ==, "{\"claimed\":600050}");
  count_all (r, &before);
  g_assert_false (tj_case_store_remove_claim (r->cases, c->case_no, claim_id, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "only claim"));
  g_clear_error (&error);
  assert_unchanged (r, &before);
}

/* Edits are recorded like every other: stated long before they are made, they are late. */
static void
test_late_entry (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GDateTime) stated = g_date_time_new_from_iso8601 ("2026-03-03T09:00:00+08:00", NULL);
  g_autoptr(TjClaim) claim = tj_claim_new (TJ_DISPUTE_WAGES, 100);
  g_autoptr(GError) error = NULL;
  const char *edit[] = { "address=长春市南关区人民大街2号", NULL };
  TjWhen when = { .note = "补录" };

  tj_test_set_now (r, "2026-03-02T10:00:00+08:00");
  c = tj_test_create_case (r, "2026-03-02");
  tj_test_set_now (r, "2026-03-06T10:00:00+08:00");
  when.stated_ms = g_date_time_to_unix (stated) * 1000;
  g_assert_true (tj_case_store_set_party (r->cases, c->case_no, "applicant", edit, &when, &error));
  g_assert_no_error (error);
  g_assert_true (tj_case_store_add_claim (r->cases, c->case_no, claim, NULL, &error));
  g_assert_cmpint (tj_test_count (r->store, "SELECT late FROM event WHERE kind = 'party'"), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'party' "
                                            "AND note = '补录'"), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT late FROM event WHERE kind = 'claim'"), ==, 0);
  /* A time in the future is refused. */
  when.stated_ms = tj_journal_clock (tj_case_store_get_journal (r->cases)) + 3600 * 1000;
  g_assert_false (tj_case_store_remove_claim (r->cases, c->case_no, "1", &when, &error));
  g_assert_nonnull (strstr (error->message, "future"));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM claim"), ==, 2);
}

/* Refused where a case field edit is: an archived case, a role that may not edit. */
static void
test_refused (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjParty) p = tj_party_new (TJ_SIDE_THIRD_PARTY, TJ_PARTY_PERSON, "第三人");
  g_autoptr(TjClaim) claim = tj_claim_new (TJ_DISPUTE_WAGES, 100);
  g_autoptr(GError) error = NULL;
  TjActionArgs args = { .paid = -1, .reason = "申请人撤回" };
  Counts before;

  /* Ended but not archived: the record can still be put right. */
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_WITHDRAW, &args, NULL, &error));
  g_assert_true (set_party (r, c, "applicant", "phone=13800138009", &error));
  g_assert_no_error (error);

  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ARCHIVE, NULL, NULL, &error));
  g_assert_no_error (error);
  count_all (r, &before);
  g_assert_false (set_party (r, c, "applicant", "phone=13800138000", &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_false (tj_case_store_add_party (r->cases, c->case_no, p, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_false (tj_case_store_add_claim (r->cases, c->case_no, claim, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_false (set_claim (r, c, "1", "amount=1", &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);
  assert_unchanged (r, &before);

  /* A supervisor reads but does not edit. */
  {
    g_autoptr(TjCase) open = tj_test_create_case (r, "2026-03-02");

    g_assert_true (tj_store_set_meta_int (r->store, "user_roles",
                                          TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR), NULL));
    g_clear_object (&r->cases);
    r->cases = tj_case_store_new (r->store, NULL);
    count_all (r, &before);
    g_assert_false (set_party (r, open, "applicant", "phone=13800138009", &error));
    g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
    g_clear_error (&error);
    g_assert_false (tj_case_store_remove_claim (r->cases, open->case_no, "1", NULL, &error));
    g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
    assert_unchanged (r, &before);
  }
}

/* A write that fails part-way leaves nothing: no row, no mutation, no event. */
static void
test_atomic (void)
{
  static const char * const points[] = { "party", "outbox", "event" };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autoptr(TjTestReplica) r = tj_test_replica_new ();
      g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
      g_autoptr(TjParty) p = tj_party_new (TJ_SIDE_THIRD_PARTY, TJ_PARTY_PERSON, "第三人");
      g_autoptr(TjClaim) claim = tj_claim_new (TJ_DISPUTE_OTHER, 1000);
      g_autoptr(GError) error = NULL;
      Counts before;

      count_all (r, &before);
      tj_store_inject_failure (r->store, points[i]);
      g_assert_false (tj_case_store_add_party (r->cases, c->case_no, p, NULL, &error));
      g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE);
      g_clear_error (&error);
      assert_unchanged (r, &before);
      if (g_str_equal (points[i], "party"))
        continue;
      tj_store_inject_failure (r->store, points[i]);
      g_assert_false (tj_case_store_add_claim (r->cases, c->case_no, claim, NULL, &error));
      g_clear_error (&error);
      assert_unchanged (r, &before);
      tj_store_inject_failure (r->store, points[i]);
      g_assert_false (set_claim (r, c, "1", "amount=1", &error));
      g_clear_error (&error);
      assert_unchanged (r, &before);
      /* The next edit numbers its mutation on from the last one written. */
      g_assert_true (set_claim (r, c, "1", "amount=1", &error));
      g_assert_no_error (error);
      g_assert_cmpint (tj_store_get_meta_int (r->store, "last_mutation_id", 0), ==,
                       before.last_mutation + 2);
    }
}

static void
test_agent_text (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjAgent) a = tj_agent_parse ("王律师|0431-8888 6666|special:waive，sign", "Agent", &error);
  g_autofree char *json = NULL;

  g_assert_no_error (error);
  g_assert_true (tj_agent_check (a, "Agent", &error));
  g_assert_cmpstr (a->phone, ==, "0431-88886666");
  g_assert_cmpuint (a->powers, ==, (1u << TJ_POWER_WAIVE) | (1u << TJ_POWER_SIGN));
  g_assert_null (tj_agent_parse ("a|b|c|d", "Agent", &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
  g_clear_error (&error);
  g_assert_true (tj_agents_normalise ("  ", "Applicant", &json, &error));
  g_assert_null (json);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/case-parties/set-party", test_set_party);
  g_test_add_func ("/case-parties/kind-change", test_kind_change);
  g_test_add_func ("/case-parties/add-party", test_add_party);
  g_test_add_func ("/case-parties/collective-representatives", test_collective_representatives);
  g_test_add_func ("/case-parties/remove-party", test_remove_party);
  g_test_add_func ("/case-parties/agents", test_agents);
  g_test_add_func ("/case-parties/claims", test_claims);
  g_test_add_func ("/case-parties/late-entry", test_late_entry);
  g_test_add_func ("/case-parties/refused", test_refused);
  g_test_add_func ("/case-parties/atomic", test_atomic);
  g_test_add_func ("/case-parties/agent-text", test_agent_text);
  return g_test_run ();
}
