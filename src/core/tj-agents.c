/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-agents.h"
#include "tj-case.h"
#include "tj-validate.h"

static const TjEnumValue authority_values[] = {
  { "general", N_("General authority") },
  { "special", N_("Special authority") },
};
const TjEnum tj_enum_authority = { "authority", authority_values, G_N_ELEMENTS (authority_values) };

static const TjEnumValue power_values[] = {
  { "admit", N_("Admit claims") },
  { "waive", N_("Waive claims") },
  { "change", N_("Change claims") },
  { "settle", N_("Settle and reach an agreement") },
  { "sign", N_("Sign the mediation agreement") },
  { "collect", N_("Collect payments") },
};
const TjEnum tj_enum_power = { "powers", power_values, G_N_ELEMENTS (power_values) };

TjAgent *
tj_agent_new (const char *name)
{
  TjAgent *agent = g_new0 (TjAgent, 1);

  agent->name = g_strdup (name);
  agent->authority = TJ_AUTHORITY_GENERAL;
  return agent;
}

void
tj_agent_free (TjAgent *agent)
{
  if (agent == NULL)
    return;
  g_free (agent->name);
  g_free (agent->phone);
  g_free (agent);
}

static char *
stripped_or_null (const char *text)
{
  char *copy;

  if (text == NULL)
    return NULL;
  copy = g_strstrip (g_strdup (text));
  if (*copy == '\0')
    g_clear_pointer (&copy, g_free);
  return copy;
}

gboolean
tj_agent_check (TjAgent *agent, const char *label, GError **error)
{
  g_autofree char *name = stripped_or_null (agent->name);
  g_autofree char *phone = stripped_or_null (agent->phone);

  g_return_val_if_fail (agent != NULL, FALSE);

  if (!tj_party_name_check (label, name, error))
    return FALSE;
  if (phone != NULL)
    {
      /* Translators: %s is a party, e.g. "Applicant" */
      g_autofree char *field = g_strdup_printf (_("%s phone"), label);
      char *normal = NULL;

      if (!tj_validate_phone (field, phone, &normal, error))
        return FALSE;
      g_free (phone);
      phone = normal;
    }
  if (agent->authority >= TJ_N_AUTHORITIES)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s names an agent, e.g. "Applicant agent 1" */
                   _("%s authority: general or special."), label);
      return FALSE;
    }
  agent->powers &= (1u << TJ_N_POWERS) - 1;
  if (agent->authority == TJ_AUTHORITY_GENERAL && agent->powers != 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s names an agent, e.g. "Applicant agent 1" */
                   _("%s powers: a general authority grants no special powers; make it a "
                     "special authority to list them."), label);
      return FALSE;
    }
  if (agent->authority == TJ_AUTHORITY_SPECIAL && agent->powers == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s names an agent, e.g. "Applicant agent 1" */
                   _("%s powers: a special authority lists the powers it grants (Law Art. 24: "
                     "the power of attorney states their scope)."), label);
      return FALSE;
    }
  g_free (agent->name);
  agent->name = g_steal_pointer (&name);
  g_free (agent->phone);
  agent->phone = g_steal_pointer (&phone);
  return TRUE;
}

static gboolean
parse_powers (const char *field, const char *text, guint *out, GError **error)
{
  g_auto(GStrv) keys = g_strsplit_set (text, ",，+", -1);
  guint powers = 0;

  for (guint i = 0; keys[i] != NULL; i++)
    {
      guint v;

      g_strstrip (keys[i]);
      if (*keys[i] == '\0')
        continue;
      if (!tj_enum_parse (&tj_enum_power, field, keys[i], &v, error))
        return FALSE;
      powers |= 1u << v;
    }
  *out = powers;
  return TRUE;
}

/* Agents arrive from other replicas too: a member of the wrong type reads as absent. */
static const char *
string_of (JsonNode *node)
{
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

static char *
agent_label (const char *party_label, guint number)
{
  /* Translators: an agent of a party: the party ("Applicant"), the agent's number */
  return g_strdup_printf (_("%s agent %u"), party_label, number);
}

static gboolean
bad_list (const char *label, GError **error)
{
  g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
               /* Translators: %s is a party, e.g. "Applicant"; keep NAME|PHONE|AUTHORITY */
               _("%s agents: write each agent as NAME|PHONE|AUTHORITY[:POWER,…] (authority "
                 "general or special), agents separated by “;”, or give a JSON list."), label);
  return FALSE;
}

GPtrArray *
tj_agents_from_json (const char *json, const char *label, GError **error)
{
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_agent_free);
  g_autoptr(JsonParser) parser = json_parser_new ();
  JsonArray *array;

  if (json == NULL || *json == '\0' || strcmp (json, "null") == 0)
    return g_steal_pointer (&agents);
  if (!json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    {
      bad_list (label, error);
      return NULL;
    }
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *field = agent_label (label, i + 1);
      g_autofree char *authority_field = NULL;
      JsonObject *o;
      JsonNode *powers;
      TjAgent *agent;
      const char *authority;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          bad_list (label, error);
          return NULL;
        }
      o = json_node_get_object (node);
      agent = tj_agent_new (string_of (json_object_get_member (o, "name")));
      g_ptr_array_add (agents, agent);
      agent->phone = g_strdup (string_of (json_object_get_member (o, "phone")));
      authority = string_of (json_object_get_member (o, "authority"));
      /* Translators: %s names an agent, e.g. "Applicant agent 1" */
      authority_field = g_strdup_printf (_("%s authority"), field);
      if (authority != NULL && *authority != '\0')
        {
          guint v;

          if (!tj_enum_parse (&tj_enum_authority, authority_field, authority, &v, error))
            return NULL;
          agent->authority = v;
        }
      powers = json_object_get_member (o, "powers");
      if (powers != NULL && JSON_NODE_HOLDS_ARRAY (powers))
        {
          JsonArray *keys = json_node_get_array (powers);

          for (guint k = 0; k < json_array_get_length (keys); k++)
            {
              const char *key = string_of (json_array_get_element (keys, k));
              g_autofree char *powers_field = g_strdup_printf (_("%s powers"), field);
              guint v;

              if (!tj_enum_parse (&tj_enum_power, powers_field, key, &v, error))
                return NULL;
              agent->powers |= 1u << v;
            }
        }
    }
  return g_steal_pointer (&agents);
}

char *
tj_agents_to_json (GPtrArray *agents)
{
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonNode) root = NULL;

  if (agents == NULL || agents->len == 0)
    return NULL;
  b = json_builder_new ();
  json_builder_begin_array (b);
  for (guint i = 0; i < agents->len; i++)
    {
      TjAgent *agent = g_ptr_array_index (agents, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, agent->name);
      if (agent->phone != NULL)
        {
          json_builder_set_member_name (b, "phone");
          json_builder_add_string_value (b, agent->phone);
        }
      json_builder_set_member_name (b, "authority");
      json_builder_add_string_value (b, tj_enum_key (&tj_enum_authority, agent->authority));
      if (agent->powers != 0)
        {
          json_builder_set_member_name (b, "powers");
          json_builder_begin_array (b);
          for (guint p = 0; p < TJ_N_POWERS; p++)
            if (agent->powers & (1u << p))
              json_builder_add_string_value (b, tj_enum_key (&tj_enum_power, p));
          json_builder_end_array (b);
        }
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

TjAgent *
tj_agent_parse (const char *text, const char *label, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text, "|", 4);
  g_autoptr(TjAgent) agent = NULL;
  guint n = g_strv_length (parts);

  if (n == 0 || n > 3)
    {
      bad_list (label, error);
      return NULL;
    }
  agent = tj_agent_new (parts[0]);
  if (n > 1)
    agent->phone = stripped_or_null (parts[1]);
  if (n > 2)
    {
      char *colon = strchr (parts[2], ':');
      g_autofree char *authority_field = g_strdup_printf (_("%s authority"), label);
      g_autofree char *powers_field = g_strdup_printf (_("%s powers"), label);

      if (colon != NULL)
        {
          *colon = '\0';
          if (!parse_powers (powers_field, colon + 1, &agent->powers, error))
            return NULL;
        }
      g_strstrip (parts[2]);
      if (*parts[2] != '\0')
        {
          guint v;

          if (!tj_enum_parse (&tj_enum_authority, authority_field, parts[2], &v, error))
            return NULL;
          agent->authority = v;
        }
    }
  return g_steal_pointer (&agent);
}

gboolean
tj_agents_normalise (const char *text, const char *label, char **out_json, GError **error)
{
  g_autoptr(GPtrArray) agents = NULL;
  g_autofree char *trimmed = stripped_or_null (text);

  g_return_val_if_fail (out_json != NULL, FALSE);

  if (trimmed != NULL && (trimmed[0] == '[' || trimmed[0] == '{'))
    agents = tj_agents_from_json (trimmed, label, error);
  else
    {
      g_auto(GStrv) items = g_strsplit (trimmed != NULL ? trimmed : "", ";", -1);

      agents = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_agent_free);
      for (guint i = 0; items[i] != NULL; i++)
        {
          g_autofree char *field = agent_label (label, agents->len + 1);
          TjAgent *agent;

          if (*g_strstrip (items[i]) == '\0')
            continue;
          agent = tj_agent_parse (items[i], field, error);
          if (agent == NULL)
            return FALSE;
          g_ptr_array_add (agents, agent);
        }
    }
  if (agents == NULL)
    return FALSE;
  if (agents->len > TJ_AGENTS_MAX)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   /* Translators: a party ("Applicant"), the most agents it may have */
                   _("%s agents: at most %d agents for one party."), label, TJ_AGENTS_MAX);
      return FALSE;
    }
  for (guint i = 0; i < agents->len; i++)
    {
      g_autofree char *field = agent_label (label, i + 1);

      if (!tj_agent_check (g_ptr_array_index (agents, i), field, error))
        return FALSE;
    }
  *out_json = tj_agents_to_json (agents);
  return TRUE;
}

char *
tj_agent_describe_authority (const TjAgent *agent)
{
  g_autoptr(GString) s = g_string_new (tj_enum_label (&tj_enum_authority, agent->authority));
  gboolean first = TRUE;

  for (guint p = 0; p < TJ_N_POWERS; p++)
    if (agent->powers & (1u << p))
      {
        /* Translators: between an authority and the list of its powers */
        g_string_append (s, first ? _(": ") : _(", "));
        g_string_append (s, tj_enum_label (&tj_enum_power, p));
        first = FALSE;
      }
  return g_string_free (g_steal_pointer (&s), FALSE);
}
