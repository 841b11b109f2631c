/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <time.h>

#include "tj-case.h"
#include "tj-validate.h"

void
tj_session_clear (TjSession *s)
{
  g_clear_pointer (&s->place, g_free);
  g_clear_pointer (&s->mode, g_free);
  g_clear_pointer (&s->mediators, g_free);
  g_clear_pointer (&s->recorder, g_free);
  g_clear_pointer (&s->attendees, g_free);
  g_clear_pointer (&s->transcript, g_free);
  g_clear_pointer (&s->result, g_free);
}

TjCase *
tj_case_new (void)
{
  TjCase *c = g_new0 (TjCase, 1);

  c->source = TJ_SOURCE_APPLICATION;
  c->channel = TJ_CHANNEL_WALK_IN;
  c->state = TJ_STATE_RECEIVED;
  c->workers = 1;
  c->agreed = -1;
  c->paid = -1;
  c->complexity = TJ_COMPLEXITY_ORDINARY;
  c->parties = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_party_free);
  c->claims = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_claim_free);
  return c;
}

void
tj_case_free (TjCase *c)
{
  if (c == NULL)
    return;
  g_free (c->case_no);
  g_free (c->delegation_ref);
  g_free (c->received);
  g_free (c->facts);
  g_free (c->industry);
  g_free (c->employer_type);
  g_free (c->mediator_name);
  g_free (c->consent_date);
  g_free (c->accepted_date);
  g_free (c->planned_end);
  g_free (c->closed_date);
  g_free (c->closing_reason);
  g_free (c->closing_note);
  g_free (c->refusal_notified);
  g_free (c->review_applied);
  g_free (c->review_decided);
  g_free (c->review_grounds);
  g_free (c->performance);
  g_free (c->archived);
  g_free (c->due);
  g_free (c->due_clock);
  g_clear_pointer (&c->parties, g_ptr_array_unref);
  g_clear_pointer (&c->claims, g_ptr_array_unref);
  g_free (c);
}

TjParty *
tj_party_new (TjSide side, TjPartyKind kind, const char *name)
{
  TjParty *p = g_new0 (TjParty, 1);

  p->side = side;
  p->kind = kind;
  p->name = g_strdup (name);
  p->id_type = kind == TJ_PARTY_ORGANISATION ? TJ_ID_USCC : TJ_ID_RESIDENT;
  return p;
}

void
tj_party_free (TjParty *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->id_number);
  g_free (p->sex);
  g_free (p->birth_date);
  g_free (p->ethnicity);
  g_free (p->address);
  g_free (p->service_address);
  g_free (p->phone);
  g_free (p->legal_rep);
  g_free (p->legal_rep_title);
  g_free (p->agents);
  g_free (p);
}

TjClaim *
tj_claim_new (TjDispute type, gint64 amount)
{
  TjClaim *c = g_new0 (TjClaim, 1);

  c->type = type;
  c->amount = amount;
  return c;
}

void
tj_claim_free (TjClaim *c)
{
  if (c == NULL)
    return;
  g_free (c->period_from);
  g_free (c->period_to);
  g_free (c->description);
  g_free (c->outcome);
  g_free (c);
}

TjParty *
tj_case_first_party (const TjCase *c, TjSide side)
{
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      if (p->side == side)
        return p;
    }
  return NULL;
}

static char *
strip_dup (const char *text)
{
  return text ? g_strstrip (g_strdup (text)) : NULL;
}

static void
replace (char **slot, char *value)
{
  g_free (*slot);
  *slot = value;
}

static gboolean
parse_today (const char *today, GDate *out)
{
  g_date_clear (out, 1);
  if (today == NULL)
    return FALSE;
  g_date_set_parse (out, today);
  return g_date_valid (out);
}

gboolean
tj_party_name_check (const char *label, const char *name, GError **error)
{
  if (name == NULL || *name == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is a party, e.g. "Applicant" */
                   _("%s name: a name is required."), label);
      return FALSE;
    }
  if (g_utf8_strlen (name, -1) > 100)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("%s name: at most 100 characters."), label);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_party_normalise (TjParty *p, const char *label, const GDate *today, GError **error)
{
  g_autofree char *name = strip_dup (p->name);
  g_autofree char *id_field = NULL;
  g_autofree char *phone_field = NULL;

  if (!tj_party_name_check (label, name, error))
    return FALSE;
  replace (&p->name, g_steal_pointer (&name));

  /* Translators: %s is a party, e.g. "Applicant" */
  id_field = g_strdup_printf (_("%s ID number"), label);
  if (p->id_number != NULL && *g_strstrip (p->id_number) != '\0')
    {
      if (p->id_type == TJ_ID_RESIDENT)
        {
          TjResidentId rid;

          if (!tj_validate_resident_id (id_field, p->id_number, today, &rid, error))
            return FALSE;
          replace (&p->id_number, g_strdup (rid.number));
          replace (&p->sex, g_strdup (rid.sex == 'M' ? "M" : "F"));
          replace (&p->birth_date, g_strdup_printf ("%04u-%02u-%02u",
                                                    g_date_get_year (&rid.birth),
                                                    g_date_get_month (&rid.birth),
                                                    g_date_get_day (&rid.birth)));
        }
      else if (p->id_type == TJ_ID_USCC)
        {
          char code[TJ_USCC_LEN + 1];

          g_free (id_field);
          /* Translators: %s is a party, e.g. "Respondent" */
          id_field = g_strdup_printf (_("%s credit code"), label);
          if (!tj_validate_uscc (id_field, p->id_number, code, NULL, error))
            return FALSE;
          replace (&p->id_number, g_strdup (code));
        }
      else if (strlen (p->id_number) < 5 || strlen (p->id_number) > 30)
        {
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       _("%s: a document number has 5 to 30 characters."), id_field);
          return FALSE;
        }
    }
  else
    g_clear_pointer (&p->id_number, g_free);

  if (p->phone != NULL && *g_strstrip (p->phone) != '\0')
    {
      char *normal = NULL;

      /* Translators: %s is a party, e.g. "Applicant" */
      phone_field = g_strdup_printf (_("%s phone"), label);
      if (!tj_validate_phone (phone_field, p->phone, &normal, error))
        return FALSE;
      replace (&p->phone, normal);
    }
  else
    g_clear_pointer (&p->phone, g_free);
  return TRUE;
}

gboolean
tj_party_identity_complete (const TjParty *p, const char *label, GError **error)
{
  if (p->id_number == NULL)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   p->kind == TJ_PARTY_ORGANISATION
                   /* Translators: %s is a party, e.g. "Respondent" */
                   ? _("%s credit code: an agreement needs the unified social credit code of "
                       "every organisation that is a party.")
                   : _("%s ID number: an agreement needs the identity document number of "
                       "every party."), label);
      return FALSE;
    }
  if (p->kind == TJ_PARTY_ORGANISATION && (p->legal_rep == NULL || *p->legal_rep == '\0'))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("%s legal representative: an agreement needs the legal representative "
                     "of every organisation that is a party."), label);
      return FALSE;
    }
  if (p->address == NULL && p->service_address == NULL)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("%s address: an agreement needs an address or a service address for "
                     "every party."), label);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_case_normalise_new (TjCase *c, const char *today, GError **error)
{
  GDate today_date, received;
  guint n_applicants = 0, n_respondents = 0;
  gint64 claimed = 0;

  if (!parse_today (today, &today_date))
    g_date_set_time_t (&today_date, time (NULL));

  if (!tj_validate_past_date (_("Received date"), c->received, &today_date, &received, error))
    return FALSE;
  replace (&c->received, g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&received),
                                          g_date_get_month (&received),
                                          g_date_get_day (&received)));

  if (c->industry != NULL && *c->industry != '\0')
    {
      if (!tj_industry_validate (_("Industry"), c->industry, error))
        return FALSE;
    }
  else
    g_clear_pointer (&c->industry, g_free);
  if (c->employer_type != NULL &&
      !tj_enum_parse (&tj_enum_employer_type, _("Employer type"), c->employer_type, NULL, error))
    return FALSE;

  if (c->workers < 1 || c->workers > 100000)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Workers involved: between 1 and 100000."));
      return FALSE;
    }
  /* Law Art. 7: ten or more workers with a common claim make a collective dispute. */
  if (c->collective && c->workers < 10)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Collective dispute: needs 10 or more workers with a common claim "
                     "(Law Art. 7); %d given."), c->workers);
      return FALSE;
    }
  if (c->workers >= 10)
    c->collective = TRUE;

  if (c->facts != NULL && g_utf8_strlen (c->facts, -1) > 20000)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Facts and reasons: at most 20000 characters."));
      return FALSE;
    }

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      const char *label = tj_enum_label (&tj_enum_side, p->side);

      if (!tj_party_normalise (p, label, &today_date, error))
        return FALSE;
      n_applicants += p->side == TJ_SIDE_APPLICANT;
      n_respondents += p->side == TJ_SIDE_RESPONDENT;
    }
  if (n_applicants == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Applicant: a case needs at least one applicant."));
      return FALSE;
    }
  if (n_respondents == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Respondent: a case needs at least one respondent."));
      return FALSE;
    }

  for (guint i = 0; i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);

      if (!tj_claim_normalise (cl, i + 1, error))
        return FALSE;
      c->types |= 1u << cl->type;
      claimed += cl->amount;
    }
  c->claimed = claimed;
  /* Each claim's type is a dispute type of the case. */
  if (c->types == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Dispute type: at least one dispute type is required."));
      return FALSE;
    }
  return TRUE;
}
