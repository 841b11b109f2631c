/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-rules.h"
#include "tj-agents.h"
#include "tj-doc.h"
#include "tj-enums.h"
#include "tj-protocol.h"
#include "tj-uuid.h"
#include "tj-validate.h"

typedef enum {
  RULE_TEXT,              /* a string of at most max characters */
  RULE_INT,               /* an integer >= 0 */
  RULE_BOOL,
  RULE_UUID,
  RULE_DATE,              /* ISO YYYY-MM-DD, a real date */
  RULE_ENUM,              /* a key of vocab */
  RULE_DISPUTES,          /* "wages,compensation" */
  RULE_INDUSTRY,          /* GB/T 4754 */
  RULE_PHONE,
  RULE_SHA256,
  RULE_DOC_KIND,          /* a document kind of tj-doc.h */
  RULE_DOC_CODE,          /* a verification code, XXXX-XXXX-XXXX-XXXX */
  RULE_AGENTS,            /* the party's agents: a JSON list checked as tj-agents.h does */
} RuleType;

struct _TjFieldRule {
  const char   *name;
  RuleType      type;
  const TjEnum *vocab;
  guint         max;      /* characters, for text */
};

#define TEXT(n, m) { n, RULE_TEXT, NULL, m }
#define INT(n)     { n, RULE_INT, NULL, 0 }
#define BOOL(n)    { n, RULE_BOOL, NULL, 0 }
#define UUID(n)    { n, RULE_UUID, NULL, 0 }
#define DATE(n)    { n, RULE_DATE, NULL, 0 }
#define ENUM(n, e) { n, RULE_ENUM, e, 0 }
#define END        { NULL, 0, NULL, 0 }

static const TjEnumValue resolution_values[] = {
  { "mine", NULL }, { "theirs", NULL }, { "value", NULL },
};
static const TjEnum resolution_enum = { "resolution", resolution_values, 3 };

/* As tj-case-rows.c _tj_case_fields_foreach writes them. */
static const TjFieldRule case_fields[] = {
  UUID ("org_id"), TEXT ("case_no", 64), ENUM ("source", &tj_enum_source),
  TEXT ("delegation_ref", 200), DATE ("received"), ENUM ("channel", &tj_enum_channel),
  ENUM ("state", &tj_enum_state), { "types", RULE_DISPUTES, NULL, 0 }, TEXT ("facts", 20000),
  { "industry", RULE_INDUSTRY, NULL, 0 }, ENUM ("employer_type", &tj_enum_employer_type),
  BOOL ("collective"), INT ("workers"), INT ("claimed"), INT ("agreed"), INT ("paid"),
  UUID ("mediator_id"), ENUM ("complexity", &tj_enum_complexity), DATE ("consent_date"),
  DATE ("accepted_date"), DATE ("planned_end"), DATE ("closed_date"),
  TEXT ("closing_reason", 64), TEXT ("closing_note", 2000), DATE ("refusal_notified"),
  DATE ("review_applied"), DATE ("review_decided"), TEXT ("review_grounds", 2000),
  TEXT ("performance", 64), DATE ("archived"), END
};
static const char * const case_required[] = {
  "org_id", "case_no", "received", "state", "types", NULL
};

/* _tj_party_fields_foreach */
static const TjFieldRule party_fields[] = {
  UUID ("case_id"), ENUM ("side", &tj_enum_side), ENUM ("kind", &tj_enum_party_kind),
  TEXT ("name", 100), ENUM ("id_type", &tj_enum_id_type), TEXT ("id_number", 64),
  TEXT ("sex", 8), DATE ("birth_date"), TEXT ("ethnicity", 32), TEXT ("address", 400),
  TEXT ("service_address", 400), { "phone", RULE_PHONE, NULL, 0 }, TEXT ("legal_rep", 200),
  TEXT ("legal_rep_title", 100), { "agents", RULE_AGENTS, NULL, 0 }, INT ("position"), END
};
static const char * const party_required[] = { "case_id", "side", "kind", "name", NULL };

/* _tj_claim_fields_foreach */
static const TjFieldRule claim_fields[] = {
  UUID ("case_id"), INT ("position"), ENUM ("type", &tj_enum_dispute), INT ("amount"),
  DATE ("period_from"), DATE ("period_to"), TEXT ("description", 4000), TEXT ("outcome", 64),
  END
};
static const char * const claim_required[] = { "case_id", "type", NULL };

/* The other tables of tj-schema.c, as the case store journals them. */
static const TjFieldRule session_fields[] = {
  UUID ("case_id"), INT ("started"), INT ("ended"), TEXT ("place", 400), TEXT ("mode", 32),
  TEXT ("mediators", 1000), TEXT ("recorder", 200), TEXT ("attendees", 2000),
  TEXT ("transcript", 200000), TEXT ("result", 2000), END
};
static const char * const session_required[] = { "case_id", "started", NULL };

static const TjFieldRule agreement_fields[] = {
  UUID ("case_id"), DATE ("signed"), DATE ("effective"), TEXT ("waiver", 4000),
  TEXT ("review_state", 64), TEXT ("review_decision", 2000), TEXT ("performance", 64), END
};
static const char * const agreement_required[] = { "case_id", NULL };

static const TjFieldRule clause_fields[] = {
  UUID ("agreement_id"), INT ("position"), TEXT ("payer", 200), TEXT ("payee", 200),
  TEXT ("what", 4000), INT ("amount"), DATE ("due"), TEXT ("method", 200), END
};
static const char * const clause_required[] = { "agreement_id", "payer", "payee", "what", NULL };

static const TjFieldRule attachment_fields[] = {
  UUID ("case_id"), TEXT ("name", 255), TEXT ("mime_type", 255), INT ("size"),
  { "sha256", RULE_SHA256, NULL, 0 }, INT ("added_at"), END
};
static const char * const attachment_required[] = { "case_id", "name", "size", "sha256", NULL };

static const TjFieldRule access_log_fields[] = {
  UUID ("case_id"), TEXT ("action", 64), INT ("recorded_at"), END
};
static const char * const access_log_required[] = { "case_id", "action", NULL };

static const TjFieldRule person_fields[] = {
  UUID ("org_id"), TEXT ("name", 200), INT ("roles"), { "phone", RULE_PHONE, NULL, 0 },
  TEXT ("certificate_no", 64), DATE ("certificate_until"), BOOL ("active"), END
};
static const char * const person_required[] = { "org_id", "name", NULL };

static const TjFieldRule organisation_fields[] = {
  UUID ("parent_id"), TEXT ("region_code", 12), TEXT ("name", 200), TEXT ("short_name", 40),
  ENUM ("level", &tj_enum_org_level), ENUM ("type", &tj_enum_org_type), TEXT ("address", 400),
  { "phone", RULE_PHONE, NULL, 0 }, TEXT ("case_no_pattern", 100), BOOL ("active"), END
};
static const char * const organisation_required[] = { "parent_id", "name", "level", NULL };

/* A final document (tj-doc.c record_final): the organisation is its parent, the case (a
 * case's document) is checked against it in tj-server-documents.c. */
static const TjFieldRule document_fields[] = {
  UUID ("case_id"), UUID ("org_id"), { "kind", RULE_DOC_KIND, NULL, 0 }, TEXT ("number", 64),
  TEXT ("ref", 64), { "sha256", RULE_SHA256, NULL, 0 }, { "verification", RULE_DOC_CODE, NULL, 0 },
  INT ("pages"), INT ("rendered_at"), { "csv_sha256", RULE_SHA256, NULL, 0 }, END
};
static const char * const document_required[] = {
  "org_id", "kind", "ref", "sha256", "verification", "rendered_at", NULL
};

/* Written by the server; clients only resolve conflicts. */
static const TjFieldRule conflict_fields[] = {
  BOOL ("resolved"), { "resolution", RULE_ENUM, &resolution_enum, 0 }, END
};
static const TjFieldRule rejection_fields[] = { END };
static const char * const none_required[] = { NULL };

static const TjRecordKind kinds[] = {
  { "case", "org_id", TJ_PARENT_ORG, FALSE, case_fields, case_required },
  { "party", "case_id", TJ_PARENT_CASE, FALSE, party_fields, party_required },
  { "claim", "case_id", TJ_PARENT_CASE, FALSE, claim_fields, claim_required },
  { "session", "case_id", TJ_PARENT_CASE, FALSE, session_fields, session_required },
  { "agreement", "case_id", TJ_PARENT_CASE, FALSE, agreement_fields, agreement_required },
  { "clause", "agreement_id", TJ_PARENT_AGREEMENT, FALSE, clause_fields, clause_required },
  { "attachment", "case_id", TJ_PARENT_CASE, FALSE, attachment_fields, attachment_required },
  { "access_log", "case_id", TJ_PARENT_CASE, FALSE, access_log_fields, access_log_required },
  { "person", "org_id", TJ_PARENT_ORG, TRUE, person_fields, person_required },
  { "organisation", "parent_id", TJ_PARENT_ORG, TRUE, organisation_fields,
    organisation_required },
  { "document", "org_id", TJ_PARENT_ORG, FALSE, document_fields, document_required, TRUE },
  { "conflict", NULL, TJ_PARENT_SERVER, FALSE, conflict_fields, none_required },
  { "rejection", NULL, TJ_PARENT_SERVER, FALSE, rejection_fields, none_required },
};

const TjRecordKind *
tj_rules_kind (const char *type)
{
  for (guint i = 0; type != NULL && i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].type, type) == 0)
      return &kinds[i];
  return NULL;
}

gboolean
tj_rules_client_may_write (const TjRecordKind *kind, gboolean patch)
{
  if (kind->parent != TJ_PARENT_SERVER)
    return TRUE;
  return patch && kind->fields[0].name != NULL;
}

static const TjFieldRule *
find_rule (const TjRecordKind *kind, const char *name)
{
  for (const TjFieldRule *r = kind->fields; r->name != NULL; r++)
    if (strcmp (r->name, name) == 0)
      return r;
  return NULL;
}

gboolean
tj_rules_has_field (const TjRecordKind *kind, const char *name)
{
  return find_rule (kind, name) != NULL;
}

static gboolean
invalid (GError **error, const char *name, const char *rule)
{
  g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
               /* Translators: a field name, then the rule it breaks */
               _("%s: %s"), name, rule);
  return FALSE;
}

/* Core validators answer TJ_VALIDATION_ERROR; the protocol speaks INVALID_FIELD. */
static gboolean
relabel (GError **error, GError *local)
{
  g_set_error_literal (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                       local->message);
  g_error_free (local);
  return FALSE;
}

static gboolean
is_iso_date (const char *text)
{
  return strlen (text) == 10 && text[4] == '-' && text[7] == '-' &&
         g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) && g_ascii_isdigit (text[2]) &&
         g_ascii_isdigit (text[3]) && g_ascii_isdigit (text[5]) && g_ascii_isdigit (text[6]) &&
         g_ascii_isdigit (text[8]) && g_ascii_isdigit (text[9]);
}

static gboolean
check_string (const TjFieldRule *rule, const char *text, GError **error)
{
  GError *local = NULL;
  guint v;

  switch (rule->type)
    {
    case RULE_TEXT:
      if (g_utf8_strlen (text, -1) > rule->max)
        {
          g_autofree char *why = g_strdup_printf (_("at most %u characters"), rule->max);
          return invalid (error, rule->name, why);
        }
      return TRUE;
    case RULE_UUID:
      {
        TjUuid id;

        if (!tj_uuid_parse (text, &id))
          return invalid (error, rule->name, _("must be an id (a UUID)"));
        return TRUE;
      }
    case RULE_DATE:
      {
        GDate date;

        if (!is_iso_date (text))
          return invalid (error, rule->name, _("write the date as YYYY-MM-DD"));
        if (!tj_validate_date (rule->name, text, &date, &local))
          return relabel (error, local);
        return TRUE;
      }
    case RULE_ENUM:
      if (!tj_enum_lookup (rule->vocab, text, &v))
        {
          g_autofree char *keys = tj_enum_keys_joined (rule->vocab, ", ");
          g_autofree char *why = g_strdup_printf (_("must be one of: %s"), keys);
          return invalid (error, rule->name, why);
        }
      return TRUE;
    case RULE_DISPUTES:
      {
        guint32 mask = 0;

        if (!tj_disputes_parse (rule->name, text, &mask, &local))
          return relabel (error, local);
        if (mask == 0)
          return invalid (error, rule->name, _("at least one dispute type is needed"));
        return TRUE;
      }
    case RULE_INDUSTRY:
      if (!tj_industry_validate (rule->name, text, &local))
        return relabel (error, local);
      return TRUE;
    case RULE_PHONE:
      {
        g_autofree char *normal = NULL;

        if (!tj_validate_phone (rule->name, text, &normal, &local))
          return relabel (error, local);
        return TRUE;
      }
    case RULE_SHA256:
      if (strlen (text) != 64 || strspn (text, "0123456789abcdef") != 64)
        return invalid (error, rule->name, _("64 lower-case hexadecimal digits are needed"));
      return TRUE;
    case RULE_DOC_KIND:
      if (tj_doc_kind_lookup (text, &local) == NULL)
        return relabel (error, local);
      return TRUE;
    case RULE_DOC_CODE:
      if (!tj_doc_code_is_valid (text))
        return invalid (error, rule->name, _("a verification code is four groups of four "
                                             "characters of Crockford's base 32, "
                                             "XXXX-XXXX-XXXX-XXXX"));
      return TRUE;
    default:
      g_assert_not_reached ();
    }
}

/* The same rules as a party edited in the app: at most TJ_AGENTS_MAX agents, each named,
 * with a valid phone, an authority, and powers only under a special one. */
static gboolean
check_agents (JsonNode *value, GError **error)
{
  g_autofree char *text = NULL;
  g_autoptr(GPtrArray) agents = NULL;
  GError *local = NULL;

  if (JSON_NODE_HOLDS_VALUE (value) && json_node_get_value_type (value) == G_TYPE_STRING)
    text = g_strdup (json_node_get_string (value));
  else if (JSON_NODE_HOLDS_ARRAY (value))
    text = json_to_string (value, FALSE);
  else
    return invalid (error, "agents", _("must be a list"));
  agents = tj_agents_from_json (text, "agents", &local);
  if (agents == NULL && local != NULL)
    return relabel (error, local);
  if (agents != NULL && agents->len > TJ_AGENTS_MAX)
    {
      g_autofree char *why = g_strdup_printf (_("at most %d agents"), TJ_AGENTS_MAX);
      return invalid (error, "agents", why);
    }
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      g_autofree char *label = g_strdup_printf ("agents[%u]", i + 1);

      if (!tj_agent_check (g_ptr_array_index (agents, i), label, &local))
        return relabel (error, local);
    }
  return TRUE;
}

gboolean
tj_rules_check_value (const TjRecordKind *kind, const char *name, JsonNode *value,
                      GError **error)
{
  const TjFieldRule *rule = find_rule (kind, name);
  GType type;

  if (rule == NULL)
    return invalid (error, name, _("not a field of this kind of record"));
  if (JSON_NODE_HOLDS_NULL (value))
    return TRUE;
  if (rule->type == RULE_AGENTS)
    return check_agents (value, error);
  type = JSON_NODE_HOLDS_VALUE (value) ? json_node_get_value_type (value) : G_TYPE_INVALID;
  switch (rule->type)
    {
    case RULE_INT:
      if (type != G_TYPE_INT64)
        return invalid (error, name, _("must be an integer"));
      if (json_node_get_int (value) < 0)
        return invalid (error, name, _("must not be negative"));
      return TRUE;
    case RULE_BOOL:
      if (type != G_TYPE_BOOLEAN)
        return invalid (error, name, _("must be true or false"));
      return TRUE;
    default:
      if (type != G_TYPE_STRING)
        return invalid (error, name, _("must be a string"));
      return check_string (rule, json_node_get_string (value), error);
    }
}

static const char *
doc_string (JsonObject *doc, const char *name)
{
  return tj_protocol_get_string (doc, name);
}

gboolean
tj_rules_check_doc (const TjRecordKind *kind, JsonObject *doc, const char **field,
                    GError **error)
{
  const char *id_type, *id_number;
  GError *local = NULL;

  for (guint i = 0; kind->required[i] != NULL; i++)
    {
      JsonNode *node = json_object_get_member (doc, kind->required[i]);

      if (node == NULL || JSON_NODE_HOLDS_NULL (node))
        {
          *field = kind->required[i];
          return invalid (error, kind->required[i], _("this field is required"));
        }
    }
  /* A claim's period ends on or after its start. */
  if (strcmp (kind->type, "claim") == 0)
    {
      const char *from = doc_string (doc, "period_from"), *to = doc_string (doc, "period_to");

      if (from != NULL && to != NULL && strcmp (to, from) < 0)
        {
          *field = "period_to";
          return invalid (error, "period_to", _("the period must not end before it starts"));
        }
      return TRUE;
    }
  if (strcmp (kind->type, "party") != 0)
    return TRUE;

  /* An ID number follows its type's rule: GB 11643 for residents, GB 32100 for codes. */
  id_type = doc_string (doc, "id_type");
  id_number = doc_string (doc, "id_number");
  if (id_number == NULL || id_type == NULL)
    return TRUE;
  if (strcmp (id_type, "resident") == 0)
    {
      GDate today;
      TjResidentId rid;

      g_date_clear (&today, 1);
      g_date_set_time_t (&today, time (NULL));
      if (!tj_validate_resident_id ("id_number", id_number, &today, &rid, &local))
        {
          *field = "id_number";
          return relabel (error, local);
        }
    }
  else if (strcmp (id_type, "uscc") == 0)
    {
      char code[TJ_USCC_LEN + 1];
      gboolean unknown = FALSE;

      if (!tj_validate_uscc ("id_number", id_number, code, &unknown, &local))
        {
          *field = "id_number";
          return relabel (error, local);
        }
    }
  return TRUE;
}
