/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-search.h"
#include "tj-validate.h"

/* Field edits of a case and its parties ("case set"): validated like a registration,
 * written as one patch per changed record. */

/* The fields `case set` may change. Changes of state and its dates go through actions. */
static const char * const settable_fields[] = {
  "received", "source", "delegation_ref", "channel", "types", "facts", "industry",
  "employer_type", "workers", "collective", "complexity",
  "applicant.name", "applicant.id_type", "applicant.id_number", "applicant.phone",
  "applicant.address", "applicant.service_address", "applicant.ethnicity",
  "respondent.name", "respondent.kind", "respondent.id_type", "respondent.id_number",
  "respondent.phone", "respondent.address", "respondent.service_address",
  "respondent.legal_rep", "respondent.legal_rep_title",
  NULL
};

const char * const *
tj_case_store_list_fields (void)
{
  return settable_fields;
}

/* How people call a case's own fields (the keys of its record). */
static const struct {
  const char *key;
  const char *label;
} case_field_labels[] = {
  { "received", N_("Received date") },
  { "source", N_("Source") },
  { "delegation_ref", N_("Delegation reference") },
  { "channel", N_("Channel") },
  { "types", N_("Dispute type") },
  { "facts", N_("Facts") },
  { "industry", N_("Industry") },
  { "employer_type", N_("Employer type") },
  { "workers", N_("Workers involved") },
  { "collective", N_("Collective dispute") },
  { "complexity", N_("Complexity") },
};

const char *
tj_case_field_label (const char *field)
{
  g_return_val_if_fail (field != NULL, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (case_field_labels); i++)
    if (strcmp (case_field_labels[i].key, field) == 0)
      return _(case_field_labels[i].label);
  return field;
}

static void
replace_text (char **slot, const char *value)
{
  g_free (*slot);
  *slot = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

gboolean
_tj_case_store_parse_int (const char *field, const char *value, gint64 min, gint64 max, gint64 *out,
                 GError **error)
{
  if (!g_ascii_string_to_signed (value, 10, min, max, out, NULL))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   /* Translators: field, minimum, maximum */
                   _("%s: a whole number from %lld to %lld is required."),
                   field, (long long) min, (long long) max);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_case_field (TjCase *c, const char *name, const char *value, const char *today, GError **error)
{
  guint v;
  gint64 n;

  if (strcmp (name, "received") == 0)
    {
      GDate date, today_date;

      g_date_clear (&today_date, 1);
      g_date_set_parse (&today_date, today);
      if (!tj_validate_past_date (_("Received date"), value, &today_date, &date, error))
        return FALSE;
      g_free (c->received);
      c->received = _tj_date_string (&date);
    }
  else if (strcmp (name, "source") == 0)
    {
      if (!tj_enum_parse (&tj_enum_source, _("Source"), value, &v, error))
        return FALSE;
      c->source = v;
    }
  else if (strcmp (name, "channel") == 0)
    {
      if (!tj_enum_parse (&tj_enum_channel, _("Channel"), value, &v, error))
        return FALSE;
      c->channel = v;
    }
  else if (strcmp (name, "complexity") == 0)
    {
      if (!tj_enum_parse (&tj_enum_complexity, _("Complexity"), value, &v, error))
        return FALSE;
      c->complexity = v;
    }
  else if (strcmp (name, "employer_type") == 0)
    {
      if (*value != '\0' &&
          !tj_enum_parse (&tj_enum_employer_type, _("Employer type"), value, &v, error))
        return FALSE;
      replace_text (&c->employer_type, value);
    }
  else if (strcmp (name, "types") == 0)
    {
      guint32 mask;

      if (!tj_disputes_parse (_("Dispute type"), value, &mask, error))
        return FALSE;
      c->types = mask;
    }
  else if (strcmp (name, "facts") == 0)
    replace_text (&c->facts, value);
  else if (strcmp (name, "delegation_ref") == 0)
    replace_text (&c->delegation_ref, value);
  else if (strcmp (name, "industry") == 0)
    {
      if (*value != '\0' && !tj_industry_validate (_("Industry"), value, error))
        return FALSE;
      replace_text (&c->industry, value);
    }
  else if (strcmp (name, "workers") == 0)
    {
      if (!_tj_case_store_parse_int (_("Workers involved"), value, 1, 100000, &n, error))
        return FALSE;
      c->workers = n;
    }
  else if (strcmp (name, "collective") == 0)
    {
      if (!_tj_case_store_parse_int (_("Collective dispute"), strcmp (value, "true") == 0 ? "1" :
                            strcmp (value, "false") == 0 ? "0" : value, 0, 1, &n, error))
        return FALSE;
      c->collective = n;
    }
  else
    g_assert_not_reached ();
  return TRUE;
}

gboolean
_tj_case_store_check_editable (TjCaseStore *self, const TjCase *c, GError **error)
{
  if (!tj_uuid_equal (&c->org_id, &self->org_id) ||
      !(self->roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("Case %s: only a mediator of the centre that holds the case may edit it."),
                   c->case_no);
      return FALSE;
    }
  if (c->archived != NULL)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL,
                   _("Case %s was closed and archived on %s; it can no longer change."),
                   c->case_no, c->archived);
      return FALSE;
    }
  return TRUE;
}

/* The case `ref` with the assignments applied and checked by the rules of a registration,
 * as a copy; `before` takes the case as it is. NULL with the rule's error. */
static TjCase *
edited_copy (TjCaseStore *self, const char *ref, const char * const *assignments,
             TjCase **before, GError **error)
{
  g_autoptr(TjCase) original = NULL;
  g_autoptr(TjCase) after = NULL;
  g_autofree char *today = tj_case_store_today (self);
  GDate today_date;

  original = tj_case_store_get (self, ref, error);
  if (original == NULL)
    return NULL;
  if (!_tj_case_store_check_editable (self, original, error))
    return NULL;
  after = tj_case_store_get (self, ref, error);
  if (after == NULL)
    return NULL;

  for (guint i = 0; assignments[i] != NULL; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *name = eq ? g_strndup (assignments[i], eq - assignments[i]) : NULL;
      const char *value = eq ? eq + 1 : NULL;
      const char *dot;

      if (name == NULL || !g_strv_contains (settable_fields, g_strstrip (name)))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) settable_fields);
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       _("“%s”: write FIELD=VALUE with one of these fields: %s."),
                       assignments[i], list);
          return NULL;
        }
      dot = strchr (name, '.');
      if (dot == NULL)
        {
          if (!set_case_field (after, name, value, today, error))
            return NULL;
        }
      else
        {
          g_autofree char *side_key = g_strndup (name, dot - name);
          guint side;
          TjParty *p;

          tj_enum_lookup (&tj_enum_side, side_key, &side);
          p = tj_case_first_party (after, side);
          if (p == NULL)
            {
              g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                           _("%s: the case has no such party."), name);
              return NULL;
            }
          if (!_tj_party_set_field (p, tj_enum_label (&tj_enum_side, side), dot + 1, value,
                                    error))
            return NULL;
        }
    }

  /* Re-run the same checks as at registration on the edited whole. */
  if (after->workers >= 10)
    after->collective = TRUE;
  if (after->collective && after->workers < 10)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Collective dispute: needs 10 or more workers with a common claim "
                     "(Law Art. 7); %d given."), after->workers);
      return NULL;
    }
  g_date_clear (&today_date, 1);
  g_date_set_parse (&today_date, today);
  for (guint i = 0; i < after->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (after->parties, i);

      if (!tj_party_normalise (p, tj_enum_label (&tj_enum_side, p->side),
                               g_date_valid (&today_date) ? &today_date : NULL, error))
        return NULL;
    }
  _tj_case_store_update_due (self, after);
  *before = g_steal_pointer (&original);
  return g_steal_pointer (&after);
}

gboolean
tj_case_store_check_set (TjCaseStore *self, const char *ref, const char * const *assignments,
                         GError **error)
{
  g_autoptr(TjCase) before = NULL;
  g_autoptr(TjCase) after = NULL;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (assignments != NULL, FALSE);

  after = edited_copy (self, ref, assignments, &before, error);
  return after != NULL;
}

gboolean
tj_case_store_set (TjCaseStore *self, const char *ref, const char * const *assignments,
                   const TjWhen *when, GError **error)
{
  g_autoptr(TjCase) before = NULL;
  g_autoptr(TjCase) after = NULL;
  g_autofree char *old_text = NULL;
  gboolean pending;
  TjWriteScope scope;
  TjEvent event;
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (assignments != NULL, FALSE);

  after = edited_copy (self, ref, assignments, &before, error);
  if (after == NULL)
    return FALSE;

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, when, 0, &event, error))
    goto out;
  /* Not indexed yet: the indexer will take the edited text. */
  pending = before->cid > _tj_search_indexed_upto (self->store);
  if (!pending && (old_text = _tj_search_case_text (self->store, before->cid, error)) == NULL)
    goto out;
  for (guint i = 0; i < after->parties->len; i++)
    if (!_tj_case_store_patch_party (self, g_ptr_array_index (before->parties, i),
                                     g_ptr_array_index (after->parties, i), &after->id, &event,
                                     NULL, error))
      goto out;
  if (!_tj_case_store_patch_case (self, before, after, &event, "edit",
                                  when && when->note ? when->note : NULL, error) ||
      (!pending && !_tj_search_index (self->store, after->cid, old_text, error)))
    goto out;
  ok = TRUE;

out:
  return _tj_case_store_write_end (self, &scope, ok, error);
}
