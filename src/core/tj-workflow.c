/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-money.h"
#include "tj-review-grounds.h"
#include "tj-validate.h"
#include "tj-workflow.h"

G_DEFINE_QUARK (tj-workflow-error-quark, tj_workflow_error)

/* The transitions of domain.md's diagram. -1: the action does not exist in that state;
 * the same state: an action that records something without moving the case. */
/* The server keeps review_grounds to 2,000 characters; the keys take at most ~100. */
#define REVIEW_TEXT_MAX 1800

#define NO -1
#define SAME -2

static const int transitions[TJ_N_STATES][TJ_N_ACTIONS] = {
  /*                      accept               reject             resp_refuse       notify  withdraw            assign                agree             extend  fail              transfer             submit_review          confirm             refuse                   performance archive */
  [TJ_STATE_RECEIVED]     = { TJ_STATE_ACCEPTED, TJ_STATE_REJECTED, TJ_STATE_FAILED, NO,   TJ_STATE_WITHDRAWN, NO,                   NO,               NO,   NO,               NO,                  NO,                    NO,                 NO,                      NO,   NO },
  [TJ_STATE_ACCEPTED]     = { NO,                NO,                TJ_STATE_FAILED, NO,   TJ_STATE_WITHDRAWN, TJ_STATE_IN_MEDIATION, NO,              NO,   NO,               NO,                  NO,                    NO,                 NO,                      NO,   NO },
  [TJ_STATE_IN_MEDIATION] = { NO,                NO,                NO,              NO,   TJ_STATE_WITHDRAWN, SAME,                 TJ_STATE_AGREED,  SAME, TJ_STATE_FAILED,  NO,                  NO,                    NO,                 NO,                      NO,   NO },
  [TJ_STATE_AGREED]       = { NO,                NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               NO,                  TJ_STATE_UNDER_REVIEW, NO,                 NO,                      SAME, SAME },
  [TJ_STATE_UNDER_REVIEW] = { NO,                NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               NO,                  NO,                    TJ_STATE_CONFIRMED, TJ_STATE_REVIEW_REFUSED, NO,   NO },
  [TJ_STATE_CONFIRMED]    = { NO,                NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               NO,                  NO,                    NO,                 NO,                      SAME, SAME },
  [TJ_STATE_REVIEW_REFUSED] = { NO,              NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               TJ_STATE_TRANSFERRED, NO,                   NO,                 NO,                      NO,   SAME },
  [TJ_STATE_REJECTED]     = { NO,                NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               NO,                  NO,                    NO,                 NO,                      NO,   SAME },
  [TJ_STATE_WITHDRAWN]    = { NO,                NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               NO,                  NO,                    NO,                 NO,                      NO,   SAME },
  [TJ_STATE_FAILED]       = { NO,                NO,                NO,              SAME, NO,                 NO,                   NO,               NO,   NO,               TJ_STATE_TRANSFERRED, NO,                   NO,                 NO,                      NO,   SAME },
  [TJ_STATE_TRANSFERRED]  = { NO,                NO,                NO,              NO,   NO,                 NO,                   NO,               NO,   NO,               NO,                  NO,                    NO,                 NO,                      NO,   SAME },
};

gboolean
tj_workflow_exists (TjState state, TjAction action)
{
  g_return_val_if_fail (state < TJ_N_STATES && action < TJ_N_ACTIONS, FALSE);

  return transitions[state][action] != NO;
}

TjState
tj_workflow_target (TjState state, TjAction action)
{
  int t;

  g_return_val_if_fail (state < TJ_N_STATES && action < TJ_N_ACTIONS, state);

  t = transitions[state][action];
  return t >= 0 ? (TjState) t : state;
}

/* Actions that exist now and whose guards on the case itself could pass (arguments are
 * asked for when the action is chosen). */
guint
tj_workflow_actions (const TjCase *c, TjAction *out)
{
  guint n = 0;

  if (c->archived != NULL)
    return 0;
  for (guint a = 0; a < TJ_N_ACTIONS; a++)
    {
      if (!tj_workflow_exists (c->state, a))
        continue;
      if (a == TJ_ACTION_NOTIFY_REFUSAL &&
          (g_strcmp0 (c->closing_reason, "respondent_refused") != 0 || c->refusal_notified != NULL))
        continue;
      out[n++] = a;
    }
  return n;
}

TjClause *
tj_clause_new (void)
{
  TjClause *clause = g_new0 (TjClause, 1);

  clause->amount = -1;
  return clause;
}

void
tj_clause_free (TjClause *clause)
{
  if (clause == NULL)
    return;
  g_free (clause->payer);
  g_free (clause->payee);
  g_free (clause->what);
  g_free (clause->due);
  g_free (clause->method);
  g_free (clause);
}

TjClause *
tj_clause_parse (const char *text, guint number, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "|", -1);
  g_auto(GStrv) who = NULL;
  g_autoptr(TjClause) clause = tj_clause_new ();
  g_autofree char *field = g_strdup_printf (_("Clause %u"), number);

  if (g_strv_length (parts) < 4)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("%s: write it as “payer>payee|what|amount in yuan|due date[|method]”, "
                     "for example “respondent>applicant|unpaid wages|12000|2026-12-01|bank "
                     "transfer”."), field);
      return NULL;
    }
  who = g_strsplit (parts[0], ">", 2);
  if (g_strv_length (who) == 2)
    {
      clause->payer = g_strstrip (g_strdup (who[0]));
      clause->payee = g_strstrip (g_strdup (who[1]));
    }
  clause->what = g_strstrip (g_strdup (parts[1]));
  if (g_strcmp0 (g_strstrip (parts[2]), "-") != 0 && *parts[2] != '\0')
    {
      g_autofree char *amount_field = g_strdup_printf (_("Clause %u amount"), number);
      if (!tj_money_parse_yuan (amount_field, parts[2], &clause->amount, error))
        return NULL;
    }
  clause->due = g_strstrip (g_strdup (parts[3]));
  if (parts[4] != NULL)
    clause->method = g_strstrip (g_strdup (parts[4]));
  return g_steal_pointer (&clause);
}

static gboolean
guard (GError **error, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
guard (GError **error, const char *format, ...)
{
  va_list args;
  char *message;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  g_set_error_literal (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD, message);
  g_free (message);
  return FALSE;
}

static gboolean
empty (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
check_clauses (const TjCase *c, const TjActionArgs *args, GError **error)
{
  if (args->clauses == NULL || args->clauses->len == 0)
    return guard (error, _("Agreement: it needs at least one clause saying who pays or does "
                           "what for whom, and by when."));

  for (guint i = 0; i < args->clauses->len; i++)
    {
      TjClause *cl = g_ptr_array_index (args->clauses, i);
      g_autofree char *due_field = g_strdup_printf (_("Clause %u due date"), i + 1);

      if (empty (cl->payer) || empty (cl->payee))
        return guard (error, _("Clause %u: it must name the payer and the payee."), i + 1);
      if (empty (cl->what))
        return guard (error, _("Clause %u: it must say what is paid or done."), i + 1);
      if (empty (cl->due))
        return guard (error, _("Clause %u: it must have a due date."), i + 1);
      if (!tj_validate_date (due_field, cl->due, NULL, error))
        return FALSE;
      if (strcmp (cl->due, c->received) < 0)
        return guard (error, _("Clause %u due date: it lies before the case was received (%s)."),
                      i + 1, c->received);
    }
  return TRUE;
}

static gboolean
check_parties (const TjCase *c, GError **error)
{
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      g_autoptr(GError) local = NULL;

      if (p->side == TJ_SIDE_THIRD_PARTY)
        continue;
      if (!tj_party_identity_complete (p, tj_enum_label (&tj_enum_side, p->side), &local))
        {
          g_set_error_literal (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_GUARD, local->message);
          return FALSE;
        }
    }
  return TRUE;
}

gboolean
tj_workflow_check (const TjCase *c, TjAction action, const TjActionArgs *args,
                   guint roles, gboolean own_case, const char *today, GError **error)
{
  static const TjActionArgs no_args = { .paid = -1 };
  gboolean review = action == TJ_ACTION_CONFIRM || action == TJ_ACTION_REFUSE;

  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (action < TJ_N_ACTIONS, FALSE);

  if (args == NULL)
    args = &no_args;

  if (c->archived != NULL)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL,
                   _("Case %s was closed and archived on %s; it can no longer change."),
                   c->case_no, c->archived);
      return FALSE;
    }
  if (!tj_workflow_exists (c->state, action))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL,
                   /* Translators: action, state (both translated labels) */
                   _("“%s” is not possible while the case is “%s”."),
                   tj_enum_label (&tj_enum_action, action), tj_enum_label (&tj_enum_state, c->state));
      return FALSE;
    }

  /* Arbitration review is the supervising institution's; everything else is the work of
   * the centre that holds the case. */
  if (review && !(roles & TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR)))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("“%s”: only a supervisor of the arbitration institution may decide a review."),
                   tj_enum_label (&tj_enum_action, action));
      return FALSE;
    }
  if (!review && (!own_case ||
                  !(roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD)))))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("“%s”: only a mediator of the centre that holds the case may do this."),
                   tj_enum_label (&tj_enum_action, action));
      return FALSE;
    }

  switch (action)
    {
    case TJ_ACTION_ACCEPT:
      if (!args->consent)
        return guard (error, _("Accept: the respondent's consent to mediation must be recorded "
                               "first; if the respondent refuses, use “Respondent refuses "
                               "mediation”."));
      return TRUE;

    case TJ_ACTION_REJECT:
      if (empty (args->reason))
        return guard (error, _("Reject: the reasons for not accepting are required; the "
                               "notice tells the applicant about them and the arbitration "
                               "route."));
      return TRUE;

    case TJ_ACTION_ASSIGN:
      if (empty (args->mediator))
        return guard (error, _("Assign: name the mediator from the roster."));
      return TRUE;

    case TJ_ACTION_AGREE:
      if (!check_parties (c, error) || !check_clauses (c, args, error))
        return FALSE;
      if (!empty (args->date))
        {
          GDate today_date;

          g_date_clear (&today_date, 1);
          if (today != NULL)
            g_date_set_parse (&today_date, today);
          if (!tj_validate_past_date (_("Signed date"), args->date,
                                      g_date_valid (&today_date) ? &today_date : NULL, NULL, error))
            return FALSE;
        }
      if (!empty (args->date) && strcmp (args->date, c->received) < 0)
        return guard (error, _("Signed date: it lies before the case was received (%s)."),
                      c->received);
      return TRUE;

    case TJ_ACTION_EXTEND:
      if (!args->consent)
        return guard (error, _("Extend: both parties must agree to extend the mediation period "
                               "(their right to arbitration under Law Art. 14 is kept)."));
      if (empty (args->date))
        return guard (error, _("Extend: the new planned end date is required."));
      if (!tj_validate_date (_("New planned end"), args->date, NULL, error))
        return FALSE;
      if (c->planned_end != NULL && strcmp (args->date, c->planned_end) <= 0)
        return guard (error, _("New planned end: it must be after the current one (%s)."),
                      c->planned_end);
      return TRUE;

    case TJ_ACTION_FAIL:
      {
        guint reason;

        if (empty (args->reason))
          return guard (error, _("End without agreement: the reason is required (%s)."),
                        "no_agreement, time_limit, party_absent, respondent_refused, other");
        if (!tj_enum_parse (&tj_enum_fail_reason, _("Reason"), args->reason, &reason, error))
          return FALSE;
        if (reason == TJ_FAIL_TIME_LIMIT && c->planned_end != NULL && today != NULL &&
            strcmp (today, c->planned_end) <= 0)
          return guard (error, _("Reason: the mediation period has not passed yet; it ends on %s."),
                        c->planned_end);
        return TRUE;
      }

    case TJ_ACTION_REFUSE:
      /* 办案规则 Art. 78 is the whole list: a refusal names at least one of its items. */
      if ((args->ground_mask & TJ_GROUND_ALL) == 0 || (args->ground_mask & ~TJ_GROUND_ALL) != 0)
        {
          g_autofree char *keys = tj_enum_keys_joined (&tj_enum_review_ground, ", ");

          return guard (error, _("Refuse: the grounds for refusing the agreement are required: "
                                 "at least one of the cases of the Arbitration Case Rules, "
                                 "Art. 78 (%s)."), keys);
        }
      if ((args->ground_mask & TJ_GROUND_BIT (TJ_GROUND_OTHER)) && empty (args->grounds))
        return guard (error, _("Refuse: the grounds “%s” need the details written out."),
                      tj_enum_label (&tj_enum_review_ground, TJ_GROUND_OTHER));
      if (!empty (args->grounds) && g_utf8_strlen (args->grounds, -1) > REVIEW_TEXT_MAX)
        return guard (error, _("Refuse: the details of the grounds may be at most %d "
                               "characters long."), REVIEW_TEXT_MAX);
      return TRUE;

    case TJ_ACTION_PERFORMANCE:
      if (empty (args->performance) ||
          (strcmp (args->performance, "performed") != 0 &&
           strcmp (args->performance, "partly") != 0 &&
           strcmp (args->performance, "not_performed") != 0))
        return guard (error, _("Performance: say “performed”, “partly” or “not_performed”."));
      return TRUE;

    case TJ_ACTION_NOTIFY_REFUSAL:
      if (g_strcmp0 (c->closing_reason, "respondent_refused") != 0)
        return guard (error, _("Notify: the case did not end by the respondent's refusal."));
      if (c->refusal_notified != NULL)
        return guard (error, _("Notify: the applicant was already told on %s."), c->refusal_notified);
      return TRUE;

    case TJ_ACTION_ARCHIVE:
      if (g_strcmp0 (c->closing_reason, "respondent_refused") == 0 && c->refusal_notified == NULL)
        return guard (error, _("Archive: the applicant must first be told in writing that the "
                               "respondent refused mediation."));
      return TRUE;

    case TJ_ACTION_RESPONDENT_REFUSE:
    case TJ_ACTION_WITHDRAW:
    case TJ_ACTION_TRANSFER:
    case TJ_ACTION_SUBMIT_REVIEW:
    case TJ_ACTION_CONFIRM:
    case TJ_N_ACTIONS:
    default:
      return TRUE;
    }
}
