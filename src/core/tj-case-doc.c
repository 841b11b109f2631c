/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-doc.h"
#include "tj-store.h"
#include "tj-uuid.h"

/* The other direction of tj-case-rows.c's field enumeration: a record as the server sends
 * it (a JSON object of the same field names) onto a case, party or claim. A field that is
 * absent keeps its value; a field of the wrong type is an error naming it. */

static gboolean
bad_field (const char *kind, const char *name, const char *rule, GError **error)
{
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
               /* Translators: a record received from the server; "case.state: a text" */
               _("Received %s.%s: %s."), kind, name, rule);
  return FALSE;
}

static gboolean
get_text (JsonObject *doc, const char *kind, const char *name, char **slot, GError **error)
{
  JsonNode *node = json_object_get_member (doc, name);

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      g_clear_pointer (slot, g_free);
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_STRING)
    return bad_field (kind, name, _("a text or null"), error);
  g_free (*slot);
  *slot = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
get_int (JsonObject *doc, const char *kind, const char *name, gint64 null_value, gint64 *slot,
         GError **error)
{
  JsonNode *node = json_object_get_member (doc, name);

  if (node == NULL)
    return TRUE;
  if (JSON_NODE_HOLDS_NULL (node))
    {
      *slot = null_value;
      return TRUE;
    }
  if (json_node_get_value_type (node) != G_TYPE_INT64)
    return bad_field (kind, name, _("a whole number"), error);
  *slot = json_node_get_int (node);
  return TRUE;
}

static gboolean
get_enum (JsonObject *doc, const char *kind, const char *name, const TjEnum *e, guint *slot,
          GError **error)
{
  g_autofree char *key = NULL;

  if (!json_object_has_member (doc, name))
    return TRUE;
  if (!get_text (doc, kind, name, &key, error))
    return FALSE;
  if (key == NULL || !tj_enum_lookup (e, key, slot))
    return bad_field (kind, name, _("not a known value"), error);
  return TRUE;
}

static gboolean
get_uuid (JsonObject *doc, const char *kind, const char *name, TjUuid *slot, GError **error)
{
  g_autofree char *text = NULL;

  if (!json_object_has_member (doc, name))
    return TRUE;
  if (!get_text (doc, kind, name, &text, error))
    return FALSE;
  if (text == NULL)
    {
      memset (slot, 0, sizeof *slot);
      return TRUE;
    }
  if (!tj_uuid_parse (text, slot))
    return bad_field (kind, name, _("not an id"), error);
  return TRUE;
}

gboolean
tj_case_doc_apply (TjCase *c, JsonObject *doc, GError **error)
{
  guint v;
  gint64 n;

#define TEXT(name) if (!get_text (doc, "case", #name, &c->name, error)) return FALSE
#define ENUM(name, e) \
  v = c->name; \
  if (!get_enum (doc, "case", #name, &e, &v, error)) return FALSE; \
  c->name = v

  if (!get_uuid (doc, "case", "org_id", &c->org_id, error) ||
      !get_uuid (doc, "case", "mediator_id", &c->mediator_id, error))
    return FALSE;
  TEXT (case_no);
  ENUM (source, tj_enum_source);
  TEXT (delegation_ref);
  TEXT (received);
  ENUM (channel, tj_enum_channel);
  ENUM (state, tj_enum_state);
  ENUM (complexity, tj_enum_complexity);
  if (json_object_has_member (doc, "types"))
    {
      g_autofree char *keys = NULL;

      if (!get_text (doc, "case", "types", &keys, error))
        return FALSE;
      if (keys == NULL || !tj_disputes_parse ("case.types", keys, &c->types, NULL))
        return bad_field ("case", "types", _("dispute type keys"), error);
    }
  TEXT (facts);
  TEXT (industry);
  TEXT (employer_type);
  if (json_object_has_member (doc, "collective"))
    {
      JsonNode *node = json_object_get_member (doc, "collective");

      if (json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return bad_field ("case", "collective", _("true or false"), error);
      c->collective = json_node_get_boolean (node);
    }
  n = c->workers;
  if (!get_int (doc, "case", "workers", 1, &n, error))
    return FALSE;
  c->workers = (int) CLAMP (n, 0, G_MAXINT);
  if (!get_int (doc, "case", "claimed", 0, &c->claimed, error) ||
      !get_int (doc, "case", "agreed", -1, &c->agreed, error) ||
      !get_int (doc, "case", "paid", -1, &c->paid, error))
    return FALSE;
  TEXT (consent_date);
  TEXT (accepted_date);
  TEXT (planned_end);
  TEXT (closed_date);
  TEXT (closing_reason);
  TEXT (closing_note);
  TEXT (refusal_notified);
  TEXT (review_applied);
  TEXT (review_decided);
  TEXT (review_grounds);
  TEXT (performance);
  TEXT (archived);
#undef TEXT
#undef ENUM
  return TRUE;
}

gboolean
tj_party_doc_apply (TjParty *p, JsonObject *doc, GError **error)
{
  guint v;

#define TEXT(name) if (!get_text (doc, "party", #name, &p->name, error)) return FALSE
#define ENUM(name, e) \
  v = p->name; \
  if (!get_enum (doc, "party", #name, &e, &v, error)) return FALSE; \
  p->name = v

  ENUM (side, tj_enum_side);
  ENUM (kind, tj_enum_party_kind);
  ENUM (id_type, tj_enum_id_type);
  TEXT (name);
  TEXT (id_number);
  TEXT (sex);
  TEXT (birth_date);
  TEXT (ethnicity);
  TEXT (address);
  TEXT (service_address);
  TEXT (phone);
  TEXT (legal_rep);
  TEXT (legal_rep_title);
#undef TEXT
#undef ENUM
  if (json_object_has_member (doc, "agents"))
    {
      JsonNode *node = json_object_get_member (doc, "agents");

      g_clear_pointer (&p->agents, g_free);
      if (JSON_NODE_HOLDS_ARRAY (node))
        p->agents = json_to_string (node, FALSE);
      else if (!JSON_NODE_HOLDS_NULL (node))
        return bad_field ("party", "agents", _("a list or null"), error);
    }
  if (p->name == NULL)
    return bad_field ("party", "name", _("required"), error);
  return TRUE;
}

gboolean
tj_claim_doc_apply (TjClaim *cl, JsonObject *doc, guint *position, GError **error)
{
  guint v = cl->type;
  gint64 pos = *position;

  if (!get_enum (doc, "claim", "type", &tj_enum_dispute, &v, error))
    return FALSE;
  cl->type = v;
  if (!get_int (doc, "claim", "amount", 0, &cl->amount, error) ||
      !get_int (doc, "claim", "position", 0, &pos, error) ||
      !get_text (doc, "claim", "period_from", &cl->period_from, error) ||
      !get_text (doc, "claim", "period_to", &cl->period_to, error) ||
      !get_text (doc, "claim", "description", &cl->description, error) ||
      !get_text (doc, "claim", "outcome", &cl->outcome, error))
    return FALSE;
  *position = (guint) CLAMP (pos, 0, G_MAXINT);
  return TRUE;
}

gboolean
tj_doc_get_case_id (JsonObject *doc, const char *kind, TjUuid *case_id, GError **error)
{
  memset (case_id, 0, sizeof *case_id);
  if (!json_object_has_member (doc, "case_id"))
    return bad_field (kind, "case_id", _("required"), error);
  if (!get_uuid (doc, kind, "case_id", case_id, error))
    return FALSE;
  if (tj_uuid_is_nil (case_id))
    return bad_field (kind, "case_id", _("required"), error);
  return TRUE;
}
