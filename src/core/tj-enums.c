/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-enums.h"
#include "tj-validate.h"

#define VOCAB(sym, field, ...) \
  static const TjEnumValue sym##_values[] = { __VA_ARGS__ }; \
  const TjEnum tj_enum_##sym = { field, sym##_values, G_N_ELEMENTS (sym##_values) };

VOCAB (state, "state",
  { "received", N_("Received") },
  { "accepted", N_("Accepted") },
  { "in_mediation", N_("In mediation") },
  { "agreed", N_("Agreed") },
  { "under_review", N_("Under arbitration review") },
  { "confirmed", N_("Confirmed by review") },
  { "review_refused", N_("Refused by review") },
  { "rejected", N_("Not accepted") },
  { "withdrawn", N_("Withdrawn") },
  { "failed", N_("Mediation failed") },
  { "transferred", N_("Transferred to arbitration") })

VOCAB (action, "action",
  { "accept", N_("Accept") },
  { "reject", N_("Reject") },
  { "respondent_refuse", N_("Respondent refuses mediation") },
  { "notify_refusal", N_("Notify applicant of refusal") },
  { "withdraw", N_("Withdraw") },
  { "assign", N_("Assign mediator") },
  { "agree", N_("Record agreement") },
  { "extend", N_("Extend mediation period") },
  { "fail", N_("End without agreement") },
  { "transfer", N_("Transfer to arbitration") },
  { "submit_review", N_("Submit for arbitration review") },
  { "confirm", N_("Confirm agreement") },
  { "refuse", N_("Refuse agreement") },
  { "performance", N_("Record performance") },
  { "archive", N_("Close and archive") })

/* Order is the bit number: never reorder, only append. */
VOCAB (dispute, "type",
  { "labour_relation", N_("Labour relation") },
  { "contract", N_("Labour contract") },
  { "termination", N_("Termination of contract") },
  { "dismissal", N_("Dismissal or resignation") },
  { "working_time", N_("Working time and leave") },
  { "social_insurance", N_("Social insurance") },
  { "welfare", N_("Welfare") },
  { "training", N_("Training") },
  { "labour_protection", N_("Labour protection") },
  { "wages", N_("Wages") },
  { "injury_medical", N_("Work-injury medical costs") },
  { "compensation", N_("Compensation") },
  { "personnel", N_("Personnel dispute") },
  { "other", N_("Other") })

VOCAB (source, "source",
  { "application", N_("Application by a party") },
  { "arbitration", N_("Delegated by arbitration") },
  { "court_delegated", N_("Delegated by a court") },
  { "court_entrusted", N_("Entrusted by a court") },
  { "court_entrusted_simple", N_("Entrusted by a court (simple procedure)") })

VOCAB (channel, "channel",
  { "walk_in", N_("At the window") },
  { "oral", N_("Oral application") },
  { "written", N_("Written application") },
  { "phone", N_("Phone or 12333") },
  { "online", N_("Online") },
  { "delegation", N_("Delegation") })

VOCAB (side, "side",
  { "applicant", N_("Applicant") },
  { "respondent", N_("Respondent") },
  { "third_party", N_("Third party") })

VOCAB (party_kind, "kind",
  { "person", N_("Person") },
  { "organisation", N_("Organisation") })

VOCAB (id_type, "id_type",
  { "resident", N_("Resident ID card") },
  { "passport", N_("Passport") },
  { "hk_macao", N_("Hong Kong/Macao permit") },
  { "taiwan", N_("Taiwan permit") },
  { "foreign_permit", N_("Foreign permanent residence card") },
  { "uscc", N_("Unified social credit code") })

VOCAB (employer_type, "employer_type",
  { "state_owned", N_("State-owned") },
  { "collective", N_("Collective") },
  { "private", N_("Private") },
  { "foreign", N_("Foreign-invested") },
  { "hmt", N_("Hong Kong, Macao or Taiwan invested") },
  { "individual", N_("Individual business") },
  { "public_institution", N_("Public institution") },
  { "government", N_("Government body") },
  { "social_organisation", N_("Social organisation") },
  { "other", N_("Other") })

VOCAB (complexity, "complexity",
  { "simple", N_("Simple") },
  { "ordinary", N_("Ordinary") },
  { "major", N_("Major") })

VOCAB (role, "role",
  { "mediator", N_("Mediator") },
  { "head", N_("Centre head") },
  { "supervisor", N_("Supervisor") },
  { "administrator", N_("Administrator") })

VOCAB (fail_reason, "reason",
  { "respondent_refused", N_("Respondent refused mediation") },
  { "no_agreement", N_("No agreement reached") },
  { "time_limit", N_("Mediation period passed") },
  { "party_absent", N_("A party did not attend") },
  { "other", N_("Other") })

VOCAB (org_level, "level",
  { "province", N_("Province") },
  { "city", N_("City") },
  { "county", N_("County") },
  { "township", N_("Township or street") })

VOCAB (org_type, "org_type",
  { "arbitration", N_("Arbitration institution") },
  { "centre", N_("Mediation centre") },
  { "enterprise", N_("Enterprise mediation committee") },
  { "regional", N_("Regional or industry mediation organisation") },
  { "bureau", N_("Human resources bureau") })

/* GB/T 4754-2017 sections. */
VOCAB (industry_section, "industry",
  { "A", N_("Agriculture, forestry, animal husbandry and fishery") },
  { "B", N_("Mining") },
  { "C", N_("Manufacturing") },
  { "D", N_("Electricity, heat, gas and water") },
  { "E", N_("Construction") },
  { "F", N_("Wholesale and retail") },
  { "G", N_("Transport, storage and post") },
  { "H", N_("Accommodation and catering") },
  { "I", N_("Information transmission, software and IT services") },
  { "J", N_("Finance") },
  { "K", N_("Real estate") },
  { "L", N_("Leasing and business services") },
  { "M", N_("Scientific research and technical services") },
  { "N", N_("Water, environment and public facilities") },
  { "O", N_("Residential, repair and other services") },
  { "P", N_("Education") },
  { "Q", N_("Health and social work") },
  { "R", N_("Culture, sports and entertainment") },
  { "S", N_("Public administration, social security and social organisations") },
  { "T", N_("International organisations") })

const char *
tj_enum_key (const TjEnum *e, guint value)
{
  g_return_val_if_fail (e != NULL, NULL);

  return value < e->n_values ? e->values[value].key : NULL;
}

const char *
tj_enum_label (const TjEnum *e, guint value)
{
  g_return_val_if_fail (e != NULL, NULL);

  return value < e->n_values ? _(e->values[value].label) : NULL;
}

gboolean
tj_enum_lookup (const TjEnum *e, const char *key, guint *value)
{
  g_return_val_if_fail (e != NULL, FALSE);

  if (key == NULL)
    return FALSE;
  for (guint i = 0; i < e->n_values; i++)
    if (g_ascii_strcasecmp (e->values[i].key, key) == 0)
      {
        if (value != NULL)
          *value = i;
        return TRUE;
      }
  return FALSE;
}

char *
tj_enum_keys_joined (const TjEnum *e, const char *separator)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < e->n_values; i++)
    {
      if (i > 0)
        g_string_append (s, separator);
      g_string_append (s, e->values[i].key);
    }
  return g_string_free (s, FALSE);
}

gboolean
tj_enum_parse (const TjEnum *e, const char *field, const char *key, guint *value, GError **error)
{
  g_autofree char *keys = NULL;

  g_return_val_if_fail (e != NULL, FALSE);

  if (key == NULL || *key == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is a field name */
                   _("%s: a value is required."), field);
      return FALSE;
    }
  if (tj_enum_lookup (e, key, value))
    return TRUE;

  keys = tj_enum_keys_joined (e, ", ");
  g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
               /* Translators: field name, the value given, the list of accepted values */
               _("%s: “%s” is not one of the accepted values (%s)."), field, key, keys);
  return FALSE;
}

gboolean
tj_disputes_parse (const char *field, const char *text, guint32 *mask, GError **error)
{
  g_auto(GStrv) parts = NULL;
  guint32 result = 0;

  g_return_val_if_fail (mask != NULL, FALSE);

  if (text == NULL || *text == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("%s: at least one dispute type is required."), field);
      return FALSE;
    }
  parts = g_strsplit_set (text, ",，; ", -1);
  for (guint i = 0; parts[i] != NULL; i++)
    {
      guint v;

      if (*parts[i] == '\0')
        continue;
      if (!tj_enum_parse (&tj_enum_dispute, field, parts[i], &v, error))
        return FALSE;
      result |= 1u << v;
    }
  if (result == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("%s: at least one dispute type is required."), field);
      return FALSE;
    }
  *mask = result;
  return TRUE;
}

static char *
disputes_join (guint32 mask, gboolean labels)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < TJ_N_DISPUTES; i++)
    if (mask & (1u << i))
      {
        if (s->len > 0)
          /* Translators: joins the dispute types of a case in a list */
          g_string_append (s, labels ? _(", ") : ",");
        g_string_append (s, labels ? tj_enum_label (&tj_enum_dispute, i)
                                   : tj_enum_key (&tj_enum_dispute, i));
      }
  return g_string_free (s, FALSE);
}

char *
tj_disputes_to_keys (guint32 mask)
{
  return disputes_join (mask, FALSE);
}

char *
tj_disputes_to_labels (guint32 mask)
{
  return disputes_join (mask, TRUE);
}

gboolean
tj_state_is_open (TjState state)
{
  return state == TJ_STATE_RECEIVED || state == TJ_STATE_ACCEPTED ||
         state == TJ_STATE_IN_MEDIATION || state == TJ_STATE_UNDER_REVIEW;
}

gboolean
tj_state_is_end (TjState state)
{
  return !tj_state_is_open (state);
}

gboolean
tj_state_may_move (TjState state)
{
  return state == TJ_STATE_RECEIVED || state == TJ_STATE_ACCEPTED;
}

gboolean
tj_org_type_holds_cases (TjOrgType type)
{
  return type == TJ_ORG_CENTRE || type == TJ_ORG_ENTERPRISE || type == TJ_ORG_REGIONAL;
}

/* Divisions (the first two digits of a class) to sections, GB/T 4754-2017. */
static const struct { guint first, last; char section; } industry_divisions[] = {
  { 1, 5, 'A' }, { 6, 12, 'B' }, { 13, 43, 'C' }, { 44, 46, 'D' }, { 47, 50, 'E' },
  { 51, 52, 'F' }, { 53, 60, 'G' }, { 61, 62, 'H' }, { 63, 65, 'I' }, { 66, 69, 'J' },
  { 70, 70, 'K' }, { 71, 72, 'L' }, { 73, 75, 'M' }, { 76, 79, 'N' }, { 80, 82, 'O' },
  { 83, 83, 'P' }, { 84, 85, 'Q' }, { 86, 90, 'R' }, { 91, 97, 'S' }, { 98, 98, 'T' },
};

char
tj_industry_section (const char *code)
{
  guint division;

  if (code == NULL)
    return 0;
  if (code[0] >= 'A' && code[0] <= 'T' && code[1] == '\0')
    return code[0];
  if (!g_ascii_isdigit (code[0]) || !g_ascii_isdigit (code[1]))
    return 0;
  division = (code[0] - '0') * 10 + (code[1] - '0');
  for (guint i = 0; i < G_N_ELEMENTS (industry_divisions); i++)
    if (division >= industry_divisions[i].first && division <= industry_divisions[i].last)
      return industry_divisions[i].section;
  return 0;
}

gboolean
tj_industry_validate (const char *field, const char *code, GError **error)
{
  gsize len = code ? strlen (code) : 0;
  gboolean digits = TRUE;

  for (gsize i = 0; i < len; i++)
    digits = digits && g_ascii_isdigit (code[i]);

  if ((len == 1 || ((len == 2 || len == 3 || len == 4) && digits)) &&
      tj_industry_section (code) != 0)
    return TRUE;

  g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
               /* Translators: field name, value */
               _("%s: “%s” is not a GB/T 4754-2017 industry (a section letter A–T, or a "
                 "2- to 4-digit division, group or class code such as 4720)."),
               field, code ? code : "");
  return FALSE;
}
