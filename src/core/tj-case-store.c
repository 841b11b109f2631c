/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-number.h"
#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-search.h"
#include "tj-validate.h"

G_DEFINE_FINAL_TYPE (TjCaseStore, tj_case_store, G_TYPE_OBJECT)

/* A registration on its own indexes itself, and a little of any backlog with it. */
#define SEARCH_INDEX_AT_ONCE 64

static void
tj_case_store_finalize (GObject *object)
{
  TjCaseStore *self = (TjCaseStore *) object;

  g_clear_pointer (&self->journal, tj_journal_free);
  g_clear_pointer (&self->calendar, tj_calendar_unref);
  g_clear_object (&self->store);
  g_free (self->org_short_name);
  g_free (self->case_no_pattern);

  G_OBJECT_CLASS (tj_case_store_parent_class)->finalize (object);
}

static void
tj_case_store_class_init (TjCaseStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_case_store_finalize;
}

static void
tj_case_store_init (TjCaseStore *self)
{
  tj_deadline_settings_init (&self->settings);
}

/* Read the replica's identity, settings and imported calendar years. */
gboolean
_tj_case_store_reload (TjCaseStore *self, GError **error)
{
  g_autofree char *org = tj_store_get_meta (self->store, "org_id");
  sqlite3_stmt *stmt;

  self->initialised = org != NULL && tj_uuid_parse (org, &self->org_id);
  self->roles = tj_store_get_meta_int (self->store, "user_roles", TJ_ROLE_BIT (TJ_ROLE_MEDIATOR));
  self->desk = tj_store_get_meta_int (self->store, "desk", 1);

  if (self->initialised)
    {
      stmt = tj_store_prepare (self->store,
                               /* An organisation the replica only heard of from the
                                * server's directory (a user moved there) has no pattern
                                * of its own yet. */
                               "SELECT coalesce (short_name, name), coalesce (case_no_pattern, ?2) "
                               "FROM organisation WHERE id = ?1", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_blob (stmt, 1, self->org_id.bytes, 16, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, TJ_CASE_NUMBER_DEFAULT_PATTERN, -1, SQLITE_STATIC);
      if (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_free (self->org_short_name);
          g_free (self->case_no_pattern);
          self->org_short_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
          self->case_no_pattern = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
        }
      sqlite3_reset (stmt);
    }

  stmt = tj_store_prepare (self->store, "SELECT data FROM calendar_year ORDER BY year", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autoptr(GError) local = NULL;
      const char *data = (const char *) sqlite3_column_text (stmt, 0);

      /* A year stored by an import was checked then; if it no longer loads, the built-in
       * data still answers and the deadline is marked provisional. */
      if (!tj_calendar_load_data (self->calendar, data, -1, &local))
        g_warning ("Stored calendar year does not load: %s", local->message);
    }
  sqlite3_reset (stmt);

  stmt = tj_store_prepare (self->store, "SELECT key, value FROM setting", error);
  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      const char *key = (const char *) sqlite3_column_text (stmt, 0);
      const char *value = (const char *) sqlite3_column_text (stmt, 1);

      if (g_str_has_prefix (key, "deadline."))
        {
          g_autofree char *assignment = g_strdup_printf ("%s=%s", key + 9, value);
          tj_deadline_settings_parse (&self->settings, assignment, NULL);
        }
      else if (strcmp (key, "late_entry_hours") == 0)
        tj_journal_set_late_threshold_ms (self->journal,
                                          g_ascii_strtoll (value, NULL, 10) * 3600 * 1000);
    }
  sqlite3_reset (stmt);
  return TRUE;
}

TjCaseStore *
tj_case_store_new (TjStore *store, GError **error)
{
  g_autoptr(TjCaseStore) self = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  self = g_object_new (TJ_TYPE_CASE_STORE, NULL);
  self->store = g_object_ref (store);
  self->journal = tj_journal_new (store, error);
  if (self->journal == NULL)
    return NULL;
  self->calendar = tj_calendar_new_builtin ();
  if (!_tj_case_store_reload (self, error))
    return NULL;
  return g_steal_pointer (&self);
}

TjCaseStore *
tj_case_store_open (const char *path, GError **error)
{
  g_autoptr(TjStore) store = tj_store_open (path, error);

  return store != NULL ? tj_case_store_new (store, error) : NULL;
}

TjStore *
tj_case_store_get_store (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  return self->store;
}

TjCalendar *
tj_case_store_get_calendar (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  return self->calendar;
}

const TjDeadlineSettings *
tj_case_store_get_settings (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  return &self->settings;
}

TjJournal *
tj_case_store_get_journal (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  return self->journal;
}

const TjUuid *
tj_case_store_get_org_id (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  return &self->org_id;
}

guint
tj_case_store_get_roles (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), 0);
  return self->roles;
}

guint
_tj_case_store_swap_roles (TjCaseStore *self, guint roles)
{
  guint old = self->roles;

  self->roles = roles;
  return old;
}

gboolean
tj_case_store_is_initialised (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  return self->initialised;
}

char *
tj_case_store_today (TjCaseStore *self)
{
  return _tj_date_of_ms (tj_journal_clock (self->journal));
}

gboolean
_tj_case_store_ensure_ready (TjCaseStore *self, GError **error)
{
  if (self->initialised)
    return TRUE;
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_INITIALISED,
               _("Replica %s has no organisation yet; set it up first (tiaojie-cli init)."),
               tj_store_get_path (self->store));
  return FALSE;
}

gboolean
_tj_case_store_check_batch (TjCaseStore *self, GError **error)
{
  if (!self->batch_failed)
    return TRUE;
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE,
               _("An earlier write of this batch failed; the batch is undone."));
  return FALSE;
}

gboolean
_tj_case_store_write_begin (TjCaseStore *self, TjWriteScope *scope, GError **error)
{
  gboolean outermost;

  if (!_tj_case_store_check_batch (self, error))
    return FALSE;
  outermost = !tj_store_in_transaction (self->store);
  if (!tj_store_begin (self->store, error))
    return FALSE;
  /* Under the write lock: what other connections wrote is in. */
  if (outermost)
    tj_journal_catch_up (self->journal);
  tj_journal_mark (self->journal, &scope->mark);
  return TRUE;
}

gboolean
_tj_case_store_write_end (TjCaseStore *self, TjWriteScope *scope, gboolean ok, GError **error)
{
  ok = ok && tj_journal_flush (self->journal, error);
  if (ok)
    ok = tj_store_commit (self->store, error);
  else
    tj_store_rollback (self->store);
  if (!ok)
    tj_journal_restore (self->journal, &scope->mark);
  return ok;
}

gboolean
tj_case_store_begin_batch (TjCaseStore *self, GError **error)
{
  gboolean outermost;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  outermost = !tj_store_in_transaction (self->store);
  if (!tj_store_begin (self->store, error))
    return FALSE;
  if (outermost)
    tj_journal_catch_up (self->journal);
  if (self->batch_depth == 0)
    tj_journal_mark (self->journal, &self->batch_mark);
  self->batch_depth++;
  return TRUE;
}

gboolean
tj_case_store_end_batch (TjCaseStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (self->batch_depth > 0, FALSE);

  if (self->batch_failed)
    {
      g_autoptr(GError) failed = NULL;

      _tj_case_store_check_batch (self, &failed);
      tj_case_store_abort_batch (self);
      g_propagate_error (error, g_steal_pointer (&failed));
      return FALSE;
    }
  /* Registrations in a batch leave the counters to the batch's end. */
  if (!tj_journal_flush (self->journal, error))
    {
      tj_case_store_abort_batch (self);
      return FALSE;
    }
  self->batch_depth--;
  if (!tj_store_commit (self->store, error))
    {
      if (self->batch_depth == 0)
        {
          tj_journal_restore (self->journal, &self->batch_mark);
        }
      return FALSE;
    }
  return TRUE;
}

void
tj_case_store_abort_batch (TjCaseStore *self)
{
  g_return_if_fail (TJ_IS_CASE_STORE (self));
  g_return_if_fail (self->batch_depth > 0);

  self->batch_depth--;
  tj_store_rollback (self->store);
  /* The rollback took the failed registration's partial rows with it. */
  self->batch_failed = FALSE;
  if (self->batch_depth == 0)
    tj_journal_restore (self->journal, &self->batch_mark);
}

static gboolean
write_create (TjCaseStore *self, const TjEvent *event, const TjUuid *id, const char *kind,
              TjFields *fields, GError **error)
{
  return tj_journal_mutation (self->journal, event, id, kind, TJ_OP_CREATE, 0,
                              tj_fields_end (fields), error);
}

gboolean
tj_case_store_init_replica (TjCaseStore *self, const TjReplicaSetup *setup, GError **error)
{
  TjWriteScope scope;
  TjEvent event;
  TjUuid org_id, user_id, client_id;
  char org_buf[TJ_UUID_STRING_LEN + 1], user_buf[TJ_UUID_STRING_LEN + 1];
  char client_buf[TJ_UUID_STRING_LEN + 1];
  const char *pattern = setup->case_no_pattern ? setup->case_no_pattern
                                               : TJ_CASE_NUMBER_DEFAULT_PATTERN;
  sqlite3_stmt *stmt;
  TjFields f = { 0 };
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  if (self->initialised)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Replica %s is already set up for an organisation."),
                   tj_store_get_path (self->store));
      return FALSE;
    }
  /* A server may code a township centre below its county's region code (9 digits). */
  if (setup->org_code == NULL ||
      (setup->server_org_id == NULL ? strlen (setup->org_code) != 6
                                    : strlen (setup->org_code) < 6 || strlen (setup->org_code) > 12) ||
      strspn (setup->org_code, "0123456789") != strlen (setup->org_code) ||
      !tj_region_province_known ((char[]) { setup->org_code[0], setup->org_code[1], 0 }))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REGION,
                   _("Organisation code: a GB/T 2260 region code has 6 digits and begins with a "
                     "province code, for example 220102."));
      return FALSE;
    }
  if (setup->org_name == NULL || *setup->org_name == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Organisation name: a name is required."));
      return FALSE;
    }
  if (setup->desk < 1 || setup->desk > 999)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Desk: a number from 1 to 999."));
      return FALSE;
    }
  if (!tj_case_number_check_pattern (pattern, error))
    return FALSE;

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, NULL, 0, &event, error))
    goto out;

  tj_uuid_v7_at (&org_id, event.recorded_ms);
  tj_uuid_v7_at (&user_id, event.recorded_ms);
  tj_uuid_v7_at (&client_id, event.recorded_ms);
  if (setup->server_org_id != NULL)
    org_id = *setup->server_org_id;
  if (setup->server_user_id != NULL)
    user_id = *setup->server_user_id;
  tj_uuid_to_string (&org_id, org_buf);
  tj_uuid_to_string (&user_id, user_buf);
  tj_uuid_to_string (&client_id, client_buf);

  stmt = tj_store_prepare (self->store,
                           "INSERT INTO organisation (id, region_code, name, short_name, level, "
                           "type, case_no_pattern) VALUES (?,?,?,?,?,?,?)", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, org_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, setup->org_code, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, setup->org_name, -1, SQLITE_STATIC);
  if (setup->org_short_name)
    sqlite3_bind_text (stmt, 4, setup->org_short_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, tj_enum_key (&tj_enum_org_level, setup->level), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, tj_enum_key (&tj_enum_org_type, setup->type), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, pattern, -1, SQLITE_STATIC);
  if (!tj_store_step_done (self->store, stmt, error))
    goto out;

  tj_fields_init (&f);
  tj_fields_text (&f, "region_code", setup->org_code);
  tj_fields_text (&f, "name", setup->org_name);
  tj_fields_text (&f, "short_name", setup->org_short_name);
  tj_fields_text (&f, "level", tj_enum_key (&tj_enum_org_level, setup->level));
  tj_fields_text (&f, "type", tj_enum_key (&tj_enum_org_type, setup->type));
  tj_fields_text (&f, "case_no_pattern", pattern);
  if (setup->server_org_id == NULL &&
      !write_create (self, &event, &org_id, "organisation", &f, error))
    goto out;
  tj_fields_clear (&f);

  stmt = tj_store_prepare (self->store,
                           "INSERT INTO person (id, org_id, name, roles) VALUES (?,?,?,?)", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, user_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, org_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, setup->user_name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, setup->roles);
  if (!tj_store_step_done (self->store, stmt, error))
    goto out;
  tj_fields_init (&f);
  tj_fields_uuid (&f, "org_id", &org_id);
  tj_fields_text (&f, "name", setup->user_name);
  tj_fields_int (&f, "roles", setup->roles);
  if (setup->server_org_id == NULL &&
      !write_create (self, &event, &user_id, "person", &f, error))
    goto out;
  if (setup->server_org_id != NULL &&
      !tj_store_set_meta (self->store, "sync_bucket", org_buf, error))
    goto out;

  tj_journal_set_actor (self->journal, &user_id);
  if (!tj_store_set_meta (self->store, "org_id", org_buf, error) ||
      !tj_store_set_meta (self->store, "user_id", user_buf, error) ||
      !tj_store_set_meta (self->store, "client_id", client_buf, error) ||
      !tj_store_set_meta_int (self->store, "user_roles", setup->roles, error) ||
      !tj_store_set_meta_int (self->store, "desk", setup->desk, error) ||
      !tj_journal_write_event (self->journal, &event, NULL, &org_id, "organisation", "init",
                               NULL, error))
    goto out;
  ok = TRUE;

out:
  tj_fields_clear (&f);
  if (!_tj_case_store_write_end (self, &scope, ok, error))
    {
      tj_journal_set_actor (self->journal, NULL);
      return FALSE;
    }
  return _tj_case_store_reload (self, error);
}

gboolean
tj_case_store_reload (TjCaseStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  return _tj_case_store_reload (self, error);
}

static TjClock
mediation_clock (TjSource source)
{
  switch (source)
    {
    case TJ_SOURCE_ARBITRATION:
      return TJ_CLOCK_ARBITRATION_DELEGATED;
    case TJ_SOURCE_COURT_DELEGATED:
      return TJ_CLOCK_COURT_DELEGATED;
    case TJ_SOURCE_COURT_ENTRUSTED:
      return TJ_CLOCK_COURT_ENTRUSTED;
    case TJ_SOURCE_COURT_ENTRUSTED_SIMPLE:
      return TJ_CLOCK_COURT_ENTRUSTED_SIMPLE;
    case TJ_SOURCE_APPLICATION:
    case TJ_N_SOURCES:
    default:
      return TJ_CLOCK_MEDIATION;
    }
}

gboolean
_tj_case_store_clock_date (TjCaseStore *self, TjClock clock, const char *start,
                           char **date, gboolean *provisional)
{
  GDate start_date;
  TjDeadline d;

  if (start == NULL)
    return FALSE;
  g_date_clear (&start_date, 1);
  g_date_set_parse (&start_date, start);
  if (!g_date_valid (&start_date))
    return FALSE;
  tj_deadline_compute (self->calendar, &self->settings, clock, &start_date, &d);
  *date = _tj_date_string (&d.date);
  if (provisional)
    *provisional = d.provisional;
  return TRUE;
}

static const char *
mediation_start (const TjCase *c)
{
  return c->source == TJ_SOURCE_ARBITRATION && c->consent_date ? c->consent_date : c->received;
}

static void
add_deadline (TjCaseStore *self, GArray *out, TjClock clock, const char *start,
              const char *fixed_date)
{
  TjDeadline d = { .clock = clock };
  g_autofree char *date = NULL;
  gboolean provisional = FALSE;

  if (fixed_date != NULL)
    date = g_strdup (fixed_date);
  else if (!_tj_case_store_clock_date (self, clock, start, &date, &provisional))
    return;
  g_date_clear (&d.date, 1);
  g_date_set_parse (&d.date, date);
  d.provisional = provisional;
  g_array_append_val (out, d);
}

GArray *
tj_case_store_deadlines (TjCaseStore *self, const TjCase *c)
{
  GArray *out = g_array_new (FALSE, FALSE, sizeof (TjDeadline));

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), out);

  add_deadline (self, out, TJ_CLOCK_ACCEPTANCE, c->received, NULL);
  if (g_strcmp0 (c->closing_reason, "respondent_refused") == 0)
    add_deadline (self, out, TJ_CLOCK_REFUSAL_NOTICE, c->closed_date, NULL);
  /* The planned end is fixed at acceptance and moved only by an extension both parties
   * agreed to; before acceptance the statutory period is shown as it runs. */
  add_deadline (self, out, mediation_clock (c->source), mediation_start (c), c->planned_end);
  if (c->state == TJ_STATE_AGREED || c->review_applied != NULL)
    add_deadline (self, out, TJ_CLOCK_REVIEW_APPLICATION, c->closed_date, NULL);
  if (c->review_applied != NULL)
    add_deadline (self, out, TJ_CLOCK_REVIEW_DECISION, c->review_applied, NULL);
  return out;
}

void
_tj_case_store_update_due (TjCaseStore *self, TjCase *c)
{
  TjClock clock = TJ_N_CLOCKS;
  const char *start = NULL;
  gboolean provisional = FALSE;
  char *date = NULL;

  g_clear_pointer (&c->due, g_free);
  g_clear_pointer (&c->due_clock, g_free);
  c->due_provisional = FALSE;

  switch (c->state)
    {
    case TJ_STATE_RECEIVED:
      clock = TJ_CLOCK_ACCEPTANCE;
      start = c->received;
      break;
    case TJ_STATE_ACCEPTED:
    case TJ_STATE_IN_MEDIATION:
      clock = mediation_clock (c->source);
      if (c->planned_end != NULL)
        date = g_strdup (c->planned_end);
      start = mediation_start (c);
      break;
    case TJ_STATE_FAILED:
      if (g_strcmp0 (c->closing_reason, "respondent_refused") == 0 && c->refusal_notified == NULL)
        {
          clock = TJ_CLOCK_REFUSAL_NOTICE;
          start = c->closed_date;
        }
      break;
    case TJ_STATE_UNDER_REVIEW:
      clock = TJ_CLOCK_REVIEW_DECISION;
      start = c->review_applied;
      break;
    case TJ_STATE_AGREED:
    case TJ_STATE_CONFIRMED:
    case TJ_STATE_REVIEW_REFUSED:
    case TJ_STATE_REJECTED:
    case TJ_STATE_WITHDRAWN:
    case TJ_STATE_TRANSFERRED:
    case TJ_N_STATES:
    default:
      break;
    }
  if (clock == TJ_N_CLOCKS || c->archived != NULL)
    return;
  if (date == NULL && !_tj_case_store_clock_date (self, clock, start, &date, &provisional))
    return;
  c->due = date;
  c->due_clock = g_strdup (tj_clock_key (clock));
  c->due_provisional = provisional;
}

static gint64
end_of_day_ms (const char *iso_date)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *text = g_strdup_printf ("%sT23:59:59+08:00", iso_date);

  dt = g_date_time_new_from_iso8601 (text, NULL);
  return dt ? g_date_time_to_unix (dt) * 1000 : 0;
}

gboolean
tj_case_store_create (TjCaseStore *self, TjCase *c, const TjWhen *when, GError **error)
{
  g_autoptr(GByteArray) children = g_byte_array_sized_new (4 * TJ_JOURNAL_CHILD_SIZE);
  g_autofree char *today = NULL;
  TjWriteScope scope;
  TjEvent event;
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);

  if (!_tj_case_store_ensure_ready (self, error))
    return FALSE;
  if (!(self->roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("Register a case: only a mediator or the head of a centre may register cases."));
      return FALSE;
    }
  today = tj_case_store_today (self);
  if (!tj_case_normalise_new (c, today, error))
    return FALSE;

  if (self->batch_depth > 0)
    {
      if (!_tj_case_store_check_batch (self, error))
        return FALSE;
    }
  else if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, when, end_of_day_ms (c->received), &event, error))
    goto out;

  c->org_id = self->org_id;
  c->state = TJ_STATE_RECEIVED;
  c->version = 0;
  tj_uuid_v7_at (&c->id, event.recorded_ms);
  g_free (c->case_no);
  c->case_no = tj_case_number_allocate (self->store, &self->org_id, self->case_no_pattern,
                                        self->org_short_name,
                                        (guint) g_ascii_strtoull (c->received, NULL, 10),
                                        self->desk, error);
  if (c->case_no == NULL)
    goto out;
  _tj_case_store_update_due (self, c);

  if (!tj_store_check_failure (self->store, "case", error) ||
      !_tj_case_row_insert (self->store, c, error))
    goto out;

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);

      tj_uuid_v7_at (&p->id, event.recorded_ms);
      tj_journal_child_append (children, 'p', &p->id);
      if (!tj_store_check_failure (self->store, "party", error) ||
          !_tj_party_row_insert (self->store, p, &c->id, i, error))
        goto out;
    }
  for (guint i = 0; i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);

      tj_uuid_v7_at (&cl->id, event.recorded_ms);
      tj_journal_child_append (children, 'c', &cl->id);
      if (!_tj_claim_row_insert (self->store, cl, &c->id, i, error))
        goto out;
    }

  /* One outbox entry for the case, its parties and claims, without a copy of their
   * fields: the pusher reads them (_tj_record_snapshot_fields). */
  if (!tj_journal_registration (self->journal, &event, &c->id, "case", children, error) ||
      (self->batch_depth == 0 &&
       !_tj_search_index_pending (self->store, SEARCH_INDEX_AT_ONCE, NULL, error)) ||
      !tj_journal_write_event (self->journal, &event, &c->id, &c->id, "case", "create",
                               when ? when->note : NULL, error))
    goto out;
  ok = TRUE;

out:
  if (self->batch_depth > 0)
    {
      /* No savepoint: a failure here leaves partial rows that only undoing the batch
       * removes. */
      if (!ok)
        {
          self->batch_failed = TRUE;
          return FALSE;
        }
      return TRUE;
    }
  return _tj_case_store_write_end (self, &scope, ok, error);
}

gboolean
tj_case_store_index_for_search (TjCaseStore *self, guint max, guint *n_indexed, GError **error)
{
  TjWriteScope scope;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  if (_tj_search_indexed_upto (self->store) >= tj_case_store_last_cid (self))
    {
      if (n_indexed != NULL)
        *n_indexed = 0;
      return TRUE;
    }
  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  ok = _tj_search_index_pending (self->store, max, n_indexed, error);
  return _tj_case_store_write_end (self, &scope, ok, error);
}

/* One number from the replica; 0 when the query fails (a count shown to a person). */
static gint64
query_count (TjStore *store, const char *sql, gint64 param)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_int64 (stmt, 1, param);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

gint64
tj_case_store_last_cid (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), 0);
  return query_count (self->store, "SELECT coalesce (max (cid), 0) FROM \"case\"", 0);
}

gint64
tj_case_store_search_backlog (TjCaseStore *self)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), 0);
  return query_count (self->store, "SELECT count(*) FROM \"case\" WHERE cid > ?",
                      _tj_search_indexed_upto (self->store));
}

TjCase *
tj_case_store_get (TjCaseStore *self, const char *ref, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  return _tj_case_row_load (self->store, ref, error);
}

gboolean
_tj_case_store_patch_case (TjCaseStore *self, const TjCase *before, TjCase *after,
                           const TjEvent *event, const char *action, const char *note,
                           GError **error)
{
  g_autoptr(GHashTable) old_fields = _tj_fields_collect ();
  g_autoptr(GHashTable) new_fields = _tj_fields_collect ();
  g_autofree char *patch = NULL;

  _tj_case_fields_foreach (before, _tj_fields_collect_sink, old_fields);
  _tj_case_fields_foreach (after, _tj_fields_collect_sink, new_fields);
  patch = _tj_fields_diff (old_fields, new_fields, NULL);

  if (!_tj_case_row_update (self->store, after, error))
    return FALSE;
  if (patch != NULL &&
      !tj_journal_mutation (self->journal, event, &after->id, "case", TJ_OP_PATCH,
                            before->version, patch, error))
    return FALSE;
  if (action == NULL)
    return TRUE;
  return tj_journal_write_event (self->journal, event, &after->id, &after->id, "case", action,
                                 note, error);
}

gboolean
tj_case_store_add_person (TjCaseStore *self, const char *name, guint roles, const char *phone,
                          TjUuid *out_id, GError **error)
{
  g_autofree char *normal_phone = NULL;
  TjWriteScope scope;
  TjEvent event;
  TjUuid id;
  TjFields f = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  if (!_tj_case_store_ensure_ready (self, error))
    return FALSE;
  if (!(self->roles & (TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_ADMINISTRATOR))))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("Roster: only the head of the centre or an administrator may add people."));
      return FALSE;
    }
  if (name == NULL || *name == '\0' || g_utf8_strlen (name, -1) > 50)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Name: a name of 1 to 50 characters is required."));
      return FALSE;
    }
  if (roles == 0 || roles >= TJ_ROLE_BIT (TJ_N_ROLES))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Role: at least one role is required."));
      return FALSE;
    }
  if (phone != NULL && *phone != '\0' &&
      !tj_validate_phone (_("Phone"), phone, &normal_phone, error))
    return FALSE;

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, NULL, 0, &event, error))
    goto out;
  tj_uuid_v7_at (&id, event.recorded_ms);
  stmt = tj_store_prepare (self->store,
                           "INSERT INTO person (id, org_id, name, roles, phone) VALUES (?,?,?,?,?)",
                           error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, self->org_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, roles);
  if (normal_phone)
    sqlite3_bind_text (stmt, 5, normal_phone, -1, SQLITE_STATIC);
  if (!tj_store_step_done (self->store, stmt, error))
    goto out;
  tj_fields_init (&f);
  tj_fields_uuid (&f, "org_id", &self->org_id);
  tj_fields_text (&f, "name", name);
  tj_fields_int (&f, "roles", roles);
  tj_fields_text (&f, "phone", normal_phone);
  ok = write_create (self, &event, &id, "person", &f, error) &&
       tj_journal_write_event (self->journal, &event, NULL, &id, "person", "create", NULL, error);
  if (ok && out_id)
    *out_id = id;

out:
  tj_fields_clear (&f);
  return _tj_case_store_write_end (self, &scope, ok, error);
}

gboolean
tj_case_store_log_id_access (TjCaseStore *self, const TjCase *c, GError **error)
{
  TjWriteScope scope;
  TjEvent event;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  /* The access log goes to the server like any record, so a supervisor sees who looked. */
  if (tj_journal_begin_event (self->journal, NULL, 0, &event, error))
    {
      TjFields f;

      tj_fields_init (&f);
      tj_fields_uuid (&f, "case_id", &c->id);
      tj_fields_text (&f, "action", "view_ids");
      tj_fields_int (&f, "recorded_at", event.recorded_ms);
      ok = tj_journal_mutation (self->journal, &event, &event.id, "access_log", TJ_OP_CREATE, 0,
                                tj_fields_end (&f), error) &&
           tj_journal_write_event (self->journal, &event, &c->id, &c->id, "case", "view_ids",
                                   NULL, error);
      tj_fields_clear (&f);
    }
  else
    ok = FALSE;
  return _tj_case_store_write_end (self, &scope, ok, error);
}
