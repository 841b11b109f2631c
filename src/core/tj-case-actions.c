/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-review-grounds.h"
#include "tj-validate.h"

/* Actions on a case: the workflow says whether an action may happen; this file applies
 * it as one transaction (the case patch, records it creates, the event). */

static gboolean
resolve_mediator (TjCaseStore *self, const char *ref, TjUuid *out, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (self->store,
    "SELECT id FROM person WHERE org_id = ?1 AND active = 1 AND (id = ?2 OR name = ?3) "
    "AND roles & ?4 != 0 LIMIT 2", error);
  int n = 0;
  TjUuid id;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, self->org_id.bytes, 16, SQLITE_STATIC);
  if (tj_uuid_parse (ref, &id))
    sqlite3_bind_blob (stmt, 2, id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, ref, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 4, TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD));
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      if (n++ == 0)
        memcpy (out->bytes, sqlite3_column_blob (stmt, 0), 16);
    }
  sqlite3_reset (stmt);
  if (n == 1)
    return TRUE;
  g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD,
               n == 0 ? _("Mediator: “%s” is not an active mediator on this centre's roster.")
                      : _("Mediator: more than one person on the roster is called “%s”; use "
                          "the person's id."), ref);
  return FALSE;
}

static gboolean
insert_agreement (TjCaseStore *self, TjCase *c, const TjActionArgs *args, const char *signed_date,
                  const TjEvent *event, GError **error)
{
  TjUuid agreement_id;
  sqlite3_stmt *stmt;
  TjFields f;
  gboolean ok;
  const char *effective = args->effective ? args->effective : signed_date;

  tj_uuid_v7_at (&agreement_id, event->recorded_ms);
  stmt = tj_store_prepare (self->store,
                           "INSERT INTO agreement (id, case_id, signed, effective, waiver, "
                           "review_state, performance) VALUES (?,?,?,?,?,NULL,NULL)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, agreement_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, c->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, signed_date, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, effective, -1, SQLITE_STATIC);
  if (args->waiver)
    sqlite3_bind_text (stmt, 5, args->waiver, -1, SQLITE_STATIC);
  if (!tj_store_step_done (self->store, stmt, error))
    return FALSE;

  tj_fields_init (&f);
  tj_fields_uuid (&f, "case_id", &c->id);
  tj_fields_text (&f, "signed", signed_date);
  tj_fields_text (&f, "effective", effective);
  tj_fields_text (&f, "waiver", args->waiver);
  ok = tj_journal_mutation (self->journal, event, &agreement_id, "agreement", TJ_OP_CREATE, 0,
                            tj_fields_end (&f), error);
  tj_fields_clear (&f);
  if (!ok)
    return FALSE;

  for (guint i = 0; i < args->clauses->len; i++)
    {
      TjClause *cl = g_ptr_array_index (args->clauses, i);
      TjUuid clause_id;

      tj_uuid_v7_at (&clause_id, event->recorded_ms);
      stmt = tj_store_prepare (self->store,
                               "INSERT INTO clause (id, agreement_id, position, payer, payee, what, "
                               "amount, due, method) VALUES (?,?,?,?,?,?,?,?,?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_blob (stmt, 1, clause_id.bytes, 16, SQLITE_STATIC);
      sqlite3_bind_blob (stmt, 2, agreement_id.bytes, 16, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, i);
      sqlite3_bind_text (stmt, 4, cl->payer, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 5, cl->payee, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 6, cl->what, -1, SQLITE_STATIC);
      if (cl->amount >= 0)
        sqlite3_bind_int64 (stmt, 7, cl->amount);
      sqlite3_bind_text (stmt, 8, cl->due, -1, SQLITE_STATIC);
      if (cl->method)
        sqlite3_bind_text (stmt, 9, cl->method, -1, SQLITE_STATIC);
      if (!tj_store_step_done (self->store, stmt, error))
        return FALSE;

      tj_fields_init (&f);
      tj_fields_uuid (&f, "agreement_id", &agreement_id);
      tj_fields_int (&f, "position", i);
      tj_fields_text (&f, "payer", cl->payer);
      tj_fields_text (&f, "payee", cl->payee);
      tj_fields_text (&f, "what", cl->what);
      if (cl->amount >= 0)
        tj_fields_int (&f, "amount", cl->amount);
      tj_fields_text (&f, "due", cl->due);
      tj_fields_text (&f, "method", cl->method);
      ok = tj_journal_mutation (self->journal, event, &clause_id, "clause", TJ_OP_CREATE, 0,
                                tj_fields_end (&f), error);
      tj_fields_clear (&f);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

static void
set_date (char **slot, const char *date)
{
  g_free (*slot);
  *slot = g_strdup (date);
}

static void
close_case (TjCase *c, TjState state, const char *reason, const char *note, const char *date)
{
  c->state = state;
  set_date (&c->closed_date, date);
  set_date (&c->closing_reason, reason);
  set_date (&c->closing_note, note);
}

/* Checks that need the calendar or the roster, beyond what the pure workflow knows. */
static gboolean
check_with_store (TjCaseStore *self, const TjCase *c, TjAction action,
                  const TjActionArgs *args, const char *today, GError **error)
{
  if (action == TJ_ACTION_SUBMIT_REVIEW)
    {
      g_autofree char *limit = NULL;

      /* 办案规则 Art. 74: the joint application is made within 15 days of the agreement
       * taking effect (a province may set another period). */
      if (_tj_case_store_clock_date (self, TJ_CLOCK_REVIEW_APPLICATION, c->closed_date, &limit, NULL) &&
          strcmp (today, limit) > 0)
        {
          g_autofree char *rule = tj_clock_describe (TJ_CLOCK_REVIEW_APPLICATION, &self->settings);

          g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD,
                       /* Translators: the last day, then the rule, e.g. "Arbitration Case
                        * Rules Art. 74: …" */
                       _("Submit for review: the joint application had to be made by %s (%s)."),
                       limit, rule);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
tj_case_store_do (TjCaseStore *self, const char *ref, TjAction action,
                  const TjActionArgs *args, const TjWhen *when, GError **error)
{
  static const TjActionArgs no_args = { .paid = -1 };
  g_autoptr(TjCase) before = NULL;
  g_autoptr(TjCase) after = NULL;
  g_autofree char *today = tj_case_store_today (self);
  g_autofree char *date = NULL;
  g_autofree char *note = NULL;
  TjWriteScope scope;
  TjEvent event;
  TjUuid mediator = { { 0 } };
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (action < TJ_N_ACTIONS, FALSE);

  if (args == NULL)
    args = &no_args;
  if (!_tj_case_store_ensure_ready (self, error))
    return FALSE;
  before = tj_case_store_get (self, ref, error);
  if (before == NULL)
    return FALSE;
  if (!tj_workflow_check (before, action, args, self->roles,
                          tj_uuid_equal (&before->org_id, &self->org_id), today, error) ||
      !check_with_store (self, before, action, args, today, error))
    return FALSE;
  if (action == TJ_ACTION_ASSIGN && !resolve_mediator (self, args->mediator, &mediator, error))
    return FALSE;

  after = tj_case_store_get (self, ref, error);
  if (after == NULL)
    return FALSE;

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, when, 0, &event, error))
    goto out;
  /* The action's date is the day it is stated to have happened, in Beijing. */
  date = _tj_date_of_ms (event.stated_ms);
  if (strcmp (date, before->received) < 0)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD,
                   _("Time of the action: it lies before the case was received (%s)."),
                   before->received);
      goto out;
    }
  note = g_strdup (when && when->note ? when->note : args->reason);

  after->state = tj_workflow_target (before->state, action);
  switch (action)
    {
    case TJ_ACTION_ACCEPT:
      set_date (&after->accepted_date, date);
      set_date (&after->consent_date, date);
      g_clear_pointer (&after->planned_end, g_free);
      _tj_case_store_update_due (self, after);
      after->planned_end = g_strdup (after->due);
      break;
    case TJ_ACTION_REJECT:
      close_case (after, after->state, "not_accepted", args->reason, date);
      break;
    case TJ_ACTION_RESPONDENT_REFUSE:
      close_case (after, after->state, "respondent_refused", args->reason, date);
      break;
    case TJ_ACTION_NOTIFY_REFUSAL:
      set_date (&after->refusal_notified, date);
      break;
    case TJ_ACTION_WITHDRAW:
      close_case (after, after->state, "withdrawn", args->reason, date);
      break;
    case TJ_ACTION_ASSIGN:
      after->mediator_id = mediator;
      break;
    case TJ_ACTION_AGREE:
      {
        gint64 total = 0;
        const char *signed_date = args->date ? args->date : date;

        for (guint i = 0; i < args->clauses->len; i++)
          {
            TjClause *cl = g_ptr_array_index (args->clauses, i);
            total += MAX (cl->amount, 0);
          }
        after->agreed = total;
        close_case (after, after->state, "agreed", NULL, args->effective ? args->effective : signed_date);
        if (!insert_agreement (self, after, args, signed_date, &event, error))
          goto out;
      }
      break;
    case TJ_ACTION_EXTEND:
      set_date (&after->planned_end, args->date);
      break;
    case TJ_ACTION_FAIL:
      close_case (after, after->state, args->reason, when ? when->note : NULL, date);
      break;
    case TJ_ACTION_TRANSFER:
      break;
    case TJ_ACTION_SUBMIT_REVIEW:
      set_date (&after->review_applied, date);
      break;
    case TJ_ACTION_CONFIRM:
      set_date (&after->review_decided, date);
      break;
    case TJ_ACTION_REFUSE:
      set_date (&after->review_decided, date);
      g_free (after->review_grounds);
      after->review_grounds = tj_review_grounds_format (args->ground_mask, args->grounds);
      break;
    case TJ_ACTION_PERFORMANCE:
      set_date (&after->performance, args->performance);
      if (args->paid >= 0)
        after->paid = args->paid;
      break;
    case TJ_ACTION_ARCHIVE:
      set_date (&after->archived, date);
      break;
    case TJ_N_ACTIONS:
    default:
      g_assert_not_reached ();
    }
  _tj_case_store_update_due (self, after);

  ok = _tj_case_store_patch_case (self, before, after, &event,
                                  tj_enum_key (&tj_enum_action, action), note, error);
out:
  return _tj_case_store_write_end (self, &scope, ok, error);
}
