/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include <json-glib/json-glib.h>

#include "tj-case-list.h"
#include "tj-case-rows.h"
#include "tj-validate.h"
#include "test-util.h"

typedef struct {
  gint64 cases, parties, claims, outbox, events, search_hits, next_counter, last_mutation;
} Counts;

static void
count_all (TjTestReplica *r, Counts *c)
{
  TjCaseFilter filter;
  g_autoptr(GPtrArray) rows = NULL;
  TjCaseCursor next = { 0 };

  c->cases = tj_test_count (r->store, "SELECT count(*) FROM \"case\"");
  c->parties = tj_test_count (r->store, "SELECT count(*) FROM party");
  c->claims = tj_test_count (r->store, "SELECT count(*) FROM claim");
  c->outbox = tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation");
  c->events = tj_test_count (r->store, "SELECT count(*) FROM event");
  c->next_counter = tj_test_count (r->store, "SELECT coalesce (max (next), 0) FROM case_counter");
  c->last_mutation = tj_store_get_meta_int (r->store, "last_mutation_id", 0);
  tj_case_filter_init (&filter);
  filter.search = "张三";
  g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 1000, &rows, &next, NULL));
  c->search_hits = rows->len;
}

static void
test_create_writes_everything (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  gint64 before = tj_store_get_meta_int (r->store, "last_mutation_id", 0);
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  sqlite3_stmt *stmt;

  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM party"), ==, 2);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM claim"), ==, 1);
  /* One create mutation per record, all tied to the one registration event. */
  g_assert_cmpint (tj_test_count (r->store,
                                  "SELECT count(*) FROM outbox_mutation WHERE op = 'create' AND event_id = "
                                  "(SELECT id FROM event WHERE action = 'create' AND kind = 'case')"),
                   ==, 4);
  /* …stored as one outbox entry that numbers them on. */
  g_assert_cmpint (tj_test_count (r->store,
                                  "SELECT count(*) FROM outbox WHERE event_id = "
                                  "(SELECT id FROM event WHERE action = 'create' AND kind = 'case')"),
                   ==, 1);
  g_assert_cmpint (tj_test_count (r->store,
                                  "SELECT count(*) FROM outbox_mutation m JOIN party p "
                                  "ON p.id = m.record_id WHERE m.kind = 'party'"), ==, 2);
  g_assert_cmpint (tj_store_get_meta_int (r->store, "last_mutation_id", 0), ==, before + 4);
  g_assert_cmpint (tj_test_count (r->store, "SELECT max (mutation_id) FROM outbox_mutation"), ==, before + 4);

  /* A registration's creates store no copy of the fields: the pusher reads the records
   * when it sends them. */
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation WHERE op = 'create' "
                                            "AND kind IN ('case', 'party', 'claim') "
                                            "AND fields IS NOT NULL"), ==, 0);
  stmt = tj_store_prepare (r->store, "SELECT record_id, base, hlc FROM outbox_mutation WHERE kind = 'case'", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  {
    TjUuid id;
    g_autoptr(GError) error = NULL;
    g_autofree char *fields = NULL;
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;

    memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
    g_assert_true (tj_uuid_equal (&id, &c->id));
    g_assert_cmpint (sqlite3_column_int64 (stmt, 1), ==, 0);
    g_assert_cmpint (sqlite3_column_int64 (stmt, 2), >, 0);
    fields = _tj_record_snapshot_fields (r->store, "case", &id, &error);
    g_assert_no_error (error);
    node = json_from_string (fields, NULL);
    o = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (o, "received"), ==, "2026-03-02");
    g_assert_cmpstr (json_object_get_string_member (o, "state"), ==, "received");
    g_assert_cmpstr (json_object_get_string_member (o, "case_no"), ==, c->case_no);
    g_assert_cmpint (json_object_get_int_member (o, "claimed"), ==, 1200000);
  }
  sqlite3_reset (stmt);

  /* A party's snapshot names its case and carries its identity; a record that is gone
   * is an error, not an empty create. */
  {
    TjParty *p = g_ptr_array_index (c->parties, 0);
    g_autoptr(GError) error = NULL;
    g_autofree char *fields = _tj_record_snapshot_fields (r->store, "party", &p->id, &error);
    g_autofree char *case_hex = tj_uuid_dup_string (&c->id);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;
    TjUuid nowhere;

    g_assert_no_error (error);
    node = json_from_string (fields, NULL);
    o = json_node_get_object (node);
    g_assert_cmpstr (json_object_get_string_member (o, "name"), ==, p->name);
    g_assert_nonnull (strstr (fields, case_hex));
    tj_uuid_v7_now (&nowhere);
    g_assert_null (_tj_record_snapshot_fields (r->store, "claim", &nowhere, &error));
    g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND);
  }
}

/* A failure at any point of a registration leaves no row, no outbox entry, no event, no
 * index entry and no used-up case number; the next registration carries on cleanly. */
static void
test_atomic_create (void)
{
  static const char * const points[] = { "case", "party", "outbox", "event" };

  for (guint i = 0; i < G_N_ELEMENTS (points); i++)
    {
      g_autoptr(TjTestReplica) r = tj_test_replica_new ();
      g_autoptr(TjCase) first = tj_test_create_case (r, "2026-03-02");
      g_autoptr(TjCase) failing = tj_test_make_case ("2026-03-03");
      g_autoptr(TjCase) next = NULL;
      g_autoptr(GError) error = NULL;
      Counts before, after;

      count_all (r, &before);
      tj_store_inject_failure (r->store, points[i]);
      g_assert_false (tj_case_store_create (r->cases, failing, NULL, &error));
      g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE);
      count_all (r, &after);
      g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
      g_assert_false (tj_store_in_transaction (r->store));

      next = tj_test_create_case (r, "2026-03-03");
      g_assert_cmpstr (next->case_no, ==, "长南劳人调〔2026〕2号");
      g_assert_cmpint (tj_store_get_meta_int (r->store, "last_mutation_id", 0), ==,
                       before.last_mutation + 4);
      g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation"), ==,
                       tj_store_get_meta_int (r->store, "last_mutation_id", 0));
    }
}

/* Inside a batch, a registration refused by a rule writes nothing and the batch goes on;
 * one whose writes fail part-way undoes the whole batch, and the replica works after. */
static void
test_atomic_in_batch (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GError) error = NULL;
  Counts before, after;

  g_assert_true (tj_case_store_begin_batch (r->cases, NULL));
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");

      if (i == 2)
        {
          g_free (c->received);
          c->received = g_strdup ("2026-02-30");
        }
      g_assert_true (tj_case_store_create (r->cases, c, NULL, &error) == (i != 2));
      g_clear_error (&error);
    }
  g_assert_true (tj_case_store_end_batch (r->cases, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 4);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation"), ==,
                   tj_store_get_meta_int (r->store, "last_mutation_id", 0));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'case'"), ==, 4);

  count_all (r, &before);
  g_assert_true (tj_case_store_begin_batch (r->cases, NULL));
  for (guint i = 0; i < 5; i++)
    {
      g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");

      if (i == 2)
        tj_store_inject_failure (r->store, "outbox");
      g_assert_true (tj_case_store_create (r->cases, c, NULL, &error) == (i < 2));
      if (i >= 2)
        g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE);
      g_clear_error (&error);
    }
  g_assert_false (tj_case_store_end_batch (r->cases, &error));
  g_assert_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE);
  g_clear_error (&error);
  count_all (r, &after);
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);

  /* The journal's counters went back with the batch: the next registration continues
   * without a gap. */
  {
    g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");

    g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation"), ==,
                     tj_store_get_meta_int (r->store, "last_mutation_id", 0));
    g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM \"case\""), ==, 5);
  }
}

static void
test_invalid_writes_nothing (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) ok = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjCase) bad = tj_test_make_case ("2026-03-02");
  g_autoptr(TjCase) future = tj_test_make_case ("2099-01-01");
  g_autoptr(TjCase) collective = tj_test_make_case ("2026-03-02");
  g_autoptr(GError) error = NULL;
  Counts before, after;
  TjParty *applicant = g_ptr_array_index (bad->parties, 0);

  count_all (r, &before);

  g_free (applicant->id_number);
  applicant->id_number = g_strdup ("110101199003070012");
  g_assert_false (tj_case_store_create (r->cases, bad, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM);
  g_assert_nonnull (strstr (error->message, "Applicant ID number"));
  g_clear_error (&error);

  g_assert_false (tj_case_store_create (r->cases, future, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
  g_assert_nonnull (strstr (error->message, "Received date"));
  g_clear_error (&error);

  collective->collective = TRUE;
  collective->workers = 4;
  g_assert_false (tj_case_store_create (r->cases, collective, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "Art. 7"));
  g_clear_error (&error);

  count_all (r, &after);
  g_assert_cmpmem (&before, sizeof before, &after, sizeof after);
}

/* An edit sends only what changed, with the version the edit was based on. */
static void
test_set_fields (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjCase) after = NULL;
  g_autoptr(GError) error = NULL;
  const char *edit[] = { "facts=新的事实与理由", "applicant.phone=0431-88886666", NULL };
  const char *bad[] = { "workers=abc", NULL };
  const char *unknown[] = { "salary=1", NULL };
  const char *archived_edit[] = { "facts=x", NULL };
  sqlite3_stmt *stmt;
  gint64 outbox;

  g_assert_true (tj_case_store_set (r->cases, c->case_no, edit, NULL, &error));
  g_assert_no_error (error);
  after = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpstr (after->facts, ==, "新的事实与理由");
  g_assert_cmpstr (((TjParty *) g_ptr_array_index (after->parties, 0))->phone, ==, "0431-88886666");

  stmt = tj_store_prepare (r->store, "SELECT kind, fields FROM outbox_mutation WHERE op = 'patch' "
                                     "ORDER BY mutation_id", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "party");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "{\"phone\":\"0431-88886666\"}");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "case");
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 1), ==, "{\"facts\":\"新的事实与理由\"}");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_reset (stmt);

  outbox = tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation");
  g_assert_false (tj_case_store_set (r->cases, c->case_no, bad, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE);
  g_assert_nonnull (strstr (error->message, "Workers"));
  g_clear_error (&error);
  g_assert_false (tj_case_store_set (r->cases, c->case_no, unknown, NULL, &error));
  g_assert_nonnull (strstr (error->message, "salary"));
  g_clear_error (&error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation"), ==, outbox);

  /* Search follows the edit. */
  {
    const char *rename[] = { "applicant.name=李四", NULL };
    TjCaseFilter filter;
    g_autoptr(GPtrArray) rows = NULL;
    TjCaseCursor next = { 0 };

    g_assert_true (tj_case_store_set (r->cases, c->case_no, rename, NULL, &error));
    tj_case_filter_init (&filter);
    filter.search = "张三";
    g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 10, &rows, &next, &error));
    g_assert_cmpuint (rows->len, ==, 0);
    g_clear_pointer (&rows, g_ptr_array_unref);
    filter.search = "李四";
    g_assert_true (tj_case_list_page (r->cases, &filter, NULL, 10, &rows, &next, &error));
    g_assert_cmpuint (rows->len, ==, 1);
  }

  /* An archived case no longer changes. */
  {
    TjActionArgs args = { .paid = -1, .reason = "申请人撤回" };
    g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_WITHDRAW, &args, NULL, &error));
    g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ARCHIVE, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_false (tj_case_store_set (r->cases, c->case_no, archived_edit, NULL, &error));
    g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
  }
}

/* The checks of an edit without the edit: the same error, nothing written. */
static void
test_check_set (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(TjCase) after = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) set_error = NULL;
  const char *good[] = { "workers=5", NULL };
  const char *bad[] = { "workers=0", NULL };
  gint64 outbox = tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation");

  g_assert_true (tj_case_store_check_set (r->cases, c->case_no, good, &error));
  g_assert_no_error (error);
  g_assert_false (tj_case_store_check_set (r->cases, c->case_no, bad, &error));
  g_assert_false (tj_case_store_set (r->cases, c->case_no, bad, NULL, &set_error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE);
  g_assert_cmpstr (error->message, ==, set_error->message);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation"), ==, outbox);
  after = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_cmpint (after->workers, ==, c->workers);
  g_assert_cmpstr (tj_case_field_label ("workers"), ==, "Workers involved");
  g_assert_cmpstr (tj_case_field_label ("no_such_field"), ==, "no_such_field");
}

/* Real-time recording: what is entered long after it happened is flagged. */
static void
test_late_entry (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GDateTime) stated = g_date_time_new_from_iso8601 ("2026-03-01T09:00:00+08:00", NULL);
  g_autoptr(GError) error = NULL;
  TjActionArgs args = { .paid = -1, .consent = TRUE };
  TjWhen when = { 0 };

  tj_test_set_now (r, "2026-03-02T10:00:00+08:00");
  c = tj_test_create_case (r, "2026-03-02");
  g_assert_cmpint (tj_test_count (r->store, "SELECT late FROM event WHERE action = 'create' "
                                            "AND kind = 'case'"), ==, 0);

  /* Stated 25 hours before it was recorded. */
  when.stated_ms = g_date_time_to_unix (stated) * 1000;
  tj_test_set_now (r, "2026-03-02T10:00:00+08:00");
  g_assert_false (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ACCEPT, &args, &when, &error));
  /* …but not before the case was received. */
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD);
  g_clear_error (&error);

  tj_test_set_now (r, "2026-03-04T10:00:00+08:00");
  when.stated_ms = g_date_time_to_unix (stated) * 1000 + 86400 * 1000;
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ACCEPT, &args, &when, &error));
  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT late FROM event WHERE action = 'accept'"), ==, 1);

  /* A stated time in the future is refused. */
  when.stated_ms = tj_journal_clock (tj_case_store_get_journal (r->cases)) + 3600 * 1000;
  args.mediator = "张调解";
  g_assert_false (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ASSIGN, &args, &when, &error));
  g_assert_nonnull (strstr (error->message, "future"));
  g_clear_error (&error);

  /* A registration of a case received days ago is late entry too. */
  {
    g_autoptr(TjCase) old = tj_test_create_case (r, "2026-02-20");
    g_assert_cmpint (tj_test_count (r->store, "SELECT sum (late) FROM event WHERE action = 'create' "
                                              "AND kind = 'case'"), ==, 1);
  }
}

/* Deadlines in a year without a State Council notice are provisional until it comes. */
static void
test_provisional_deadlines (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = NULL, after = NULL;
  g_autoptr(GError) error = NULL;
  guint updated = 0;
  const char *year_2027 =
    "year 2027 test notice\n"
    "2027-01-01 off 元旦\n"
    "2027-01-04 off 元旦\n";

  tj_test_set_now (r, "2026-12-30T10:00:00+08:00");
  c = tj_test_create_case (r, "2026-12-30");
  g_assert_true (c->due_provisional);
  g_assert_cmpstr (c->due_clock, ==, "acceptance");

  g_assert_true (tj_case_store_import_calendar (r->cases, year_2027, strlen (year_2027),
                                                &updated, &error));
  g_assert_no_error (error);
  after = tj_case_store_get (r->cases, c->case_no, &error);
  g_assert_false (after->due_provisional);
  /* 31 Dec (Thu), then 1 Jan and 4 Jan are holidays, 2–3 Jan the weekend: 5, 6 Jan. */
  g_assert_cmpstr (after->due, ==, "2027-01-06");
  g_assert_cmpuint (updated, ==, 1);

  /* A malformed import changes nothing. */
  g_assert_false (tj_case_store_import_calendar (r->cases, "year 2028\n2028-13-01 off x\n", 26,
                                                 &updated, &error));
  g_assert_nonnull (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM calendar_year"), ==, 1);
}

static void
test_id_access_logged (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(GError) error = NULL;

  g_assert_true (tj_case_store_log_id_access (r->cases, c, &error));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE action = 'view_ids'"),
                   ==, 1);
}

static void
test_roles (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  g_autoptr(GError) error = NULL;

  /* A supervisor's replica reads cases but does not register them. */
  g_assert_true (tj_store_set_meta_int (r->store, "user_roles", TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR), NULL));
  g_clear_object (&r->cases);
  r->cases = tj_case_store_new (r->store, NULL);
  g_assert_false (tj_case_store_create (r->cases, c, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
  g_clear_error (&error);
  g_assert_false (tj_case_store_add_person (r->cases, "新人", TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
                                            NULL, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE);
}

static gint64
ms_of (const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  return g_date_time_to_unix (dt) * 1000;
}

/* A session record is written with its outbox entry and event; one written days after
 * the session is late entry. */
static void
test_sessions (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(GError) error = NULL;
  TjActionArgs args = { .paid = -1, .consent = TRUE };
  TjSession s = { .started = ms_of ("2026-03-03T09:00:00+08:00") };

  tj_test_set_now (r, "2026-03-02T10:00:00+08:00");
  c = tj_test_create_case (r, "2026-03-02");
  tj_test_set_now (r, "2026-03-03T08:00:00+08:00");
  g_assert_false (tj_case_store_add_session (r->cases, c->case_no, &s, NULL, &error));
  g_assert_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL);
  g_clear_error (&error);
  g_assert_true (tj_case_store_do (r->cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL, &error));

  /* Not before it happens. */
  g_assert_false (tj_case_store_add_session (r->cases, c->case_no, &s, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
  g_clear_error (&error);

  tj_test_set_now (r, "2026-03-03T11:00:00+08:00");
  s.ended = ms_of ("2026-03-03T10:30:00+08:00");
  s.place = g_strdup ("调解室");
  s.transcript = g_strdup ("问：请陈述诉求。\n答：支付拖欠工资一万二千元。");
  g_assert_true (tj_case_store_add_session (r->cases, c->case_no, &s, NULL, &error));
  g_assert_no_error (error);
  tj_session_clear (&s);

  tj_test_set_now (r, "2026-03-09T11:00:00+08:00");
  s.started = ms_of ("2026-03-04T09:00:00+08:00");
  s.ended = ms_of ("2026-03-04T08:00:00+08:00");
  g_assert_false (tj_case_store_add_session (r->cases, c->case_no, &s, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE);
  g_clear_error (&error);
  s.ended = 0;
  g_assert_true (tj_case_store_add_session (r->cases, c->case_no, &s, NULL, &error));

  sessions = tj_case_store_list_sessions (r->cases, c, &error);
  g_assert_cmpuint (sessions->len, ==, 2);
  g_assert_cmpstr (g_array_index (sessions, TjSession, 0).transcript, ==,
                   "问：请陈述诉求。\n答：支付拖欠工资一万二千元。");
  g_assert_cmpstr (g_array_index (sessions, TjSession, 0).mode, ==, "in_person");
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation WHERE kind = 'session'"), ==, 2);
  {
    sqlite3_stmt *stmt = tj_store_prepare (r->store, "SELECT group_concat (late, ',') FROM "
                                           "(SELECT late FROM event WHERE action = 'record_session' "
                                           "ORDER BY hlc)", NULL);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "0,1");
    sqlite3_reset (stmt);
  }
}

/* Bytes are stored once by their SHA-256; the metadata is a synced record. */
static void
test_attach (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = tj_test_create_case (r, "2026-03-02");
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (r->dir, "工资条.txt", NULL);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFile) blob = NULL;
  g_autofree char *sha = NULL, *sha2 = NULL, *stored = NULL;
  gsize length;

  g_assert_true (g_file_set_contents (path, "2025年12月 应发工资 9000.00 实发 0.00\n", -1, NULL));
  file = g_file_new_for_path (path);
  g_assert_true (tj_case_store_attach (r->cases, c->case_no, file, NULL, &sha, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (strlen (sha), ==, 64);
  blob = tj_case_store_blob_file (r->cases, sha);
  g_assert_true (g_file_load_contents (blob, NULL, &stored, &length, NULL, NULL));
  g_assert_cmpstr (stored, ==, "2025年12月 应发工资 9000.00 实发 0.00\n");
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM attachment WHERE name = '工资条.txt'"), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox_mutation WHERE kind = 'attachment'"), ==, 1);

  /* Attached again under another name: one blob, two records. */
  g_assert_true (tj_case_store_attach (r->cases, c->case_no, file, "工资条（复印件）", &sha2, &error));
  g_assert_cmpstr (sha, ==, sha2);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(DISTINCT sha256) FROM attachment"), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM attachment"), ==, 2);

  /* A missing file writes nothing. */
  g_clear_object (&file);
  file = g_file_new_for_path ("/nonexistent/证据.pdf");
  g_assert_false (tj_case_store_attach (r->cases, c->case_no, file, NULL, NULL, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM attachment"), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/case-store/create-writes-everything", test_create_writes_everything);
  g_test_add_func ("/case-store/atomic-create", test_atomic_create);
  g_test_add_func ("/case-store/atomic-in-batch", test_atomic_in_batch);
  g_test_add_func ("/case-store/invalid-writes-nothing", test_invalid_writes_nothing);
  g_test_add_func ("/case-store/set-fields", test_set_fields);
  g_test_add_func ("/case-store/check-set", test_check_set);
  g_test_add_func ("/case-store/late-entry", test_late_entry);
  g_test_add_func ("/case-store/provisional-deadlines", test_provisional_deadlines);
  g_test_add_func ("/case-store/id-access-logged", test_id_access_logged);
  g_test_add_func ("/case-store/roles", test_roles);
  g_test_add_func ("/case-store/sessions", test_sessions);
  g_test_add_func ("/case-store/attach", test_attach);
  return g_test_run ();
}
