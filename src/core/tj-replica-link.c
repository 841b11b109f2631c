/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tj-protocol.h"
#include "tj-replica-link.h"
#include "tj-uuid.h"

JsonNode *
tj_replica_login (TjApiClient *api, const char *user, const char *password,
                  const char *client_id, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL;
  g_autoptr(JsonNode) answer = NULL;
  const char *token;

  g_return_val_if_fail (api != NULL && user != NULL && password != NULL, NULL);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  if (client_id != NULL)
    {
      json_builder_set_member_name (b, "client_id");
      json_builder_add_string_value (b, client_id);
    }
  json_builder_end_object (b);
  body = json_builder_get_root (b);

  answer = tj_api_client_call (api, "POST", "/v1/session", body, NULL, NULL, error);
  if (answer == NULL)
    return NULL;
  token = JSON_NODE_HOLDS_OBJECT (answer)
          ? tj_protocol_get_string (json_node_get_object (answer), "token") : NULL;
  if (token == NULL)
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server's answer to the login has no token."));
      return NULL;
    }
  tj_api_client_set_token (api, token);
  return g_steal_pointer (&answer);
}

gboolean
tj_replica_session_check (JsonNode *session, GError **error)
{
  JsonObject *account, *org;
  TjUuid id;

  account = session != NULL && JSON_NODE_HOLDS_OBJECT (session)
            ? json_object_get_object_member (json_node_get_object (session), "account") : NULL;
  org = session != NULL && JSON_NODE_HOLDS_OBJECT (session)
        ? json_object_get_object_member (json_node_get_object (session), "org") : NULL;
  if (account == NULL || org == NULL ||
      !tj_uuid_parse (tj_protocol_get_string (org, "id"), &id) ||
      !tj_uuid_parse (tj_protocol_get_string (account, "id"), &id))
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server's answer has no account."));
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_replica_setup_from_session (TjCaseStore *cases, JsonNode *session, const char *server_url,
                               int desk, char **org_name, GError **error)
{
  JsonObject *account, *org;
  TjReplicaSetup setup = { 0 };
  TjUuid org_id, user_id;
  const char *level, *type, *role;
  guint v;

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);
  g_return_val_if_fail (session != NULL && server_url != NULL, FALSE);

  if (!tj_replica_session_check (session, error))
    return FALSE;
  account = json_object_get_object_member (json_node_get_object (session), "account");
  org = json_object_get_object_member (json_node_get_object (session), "org");
  tj_uuid_parse (tj_protocol_get_string (org, "id"), &org_id);
  tj_uuid_parse (tj_protocol_get_string (account, "id"), &user_id);

  setup.server_org_id = &org_id;
  setup.server_user_id = &user_id;
  setup.org_code = tj_protocol_get_string (org, "code");
  setup.org_name = tj_protocol_get_string (org, "name");
  setup.org_short_name = tj_protocol_get_string (org, "short_name");
  level = tj_protocol_get_string (org, "level");
  type = tj_protocol_get_string (org, "type");
  setup.level = level && tj_enum_lookup (&tj_enum_org_level, level, &v) ? v : TJ_ORG_LEVEL_TOWNSHIP;
  setup.type = type && tj_enum_lookup (&tj_enum_org_type, type, &v) ? v : TJ_ORG_CENTRE;
  setup.user_name = tj_protocol_get_string (account, "username");
  role = tj_protocol_get_string (account, "role");
  setup.roles = role && tj_enum_lookup (&tj_enum_role, role, &v) ? TJ_ROLE_BIT (v) : 0;
  setup.desk = desk;

  if (!tj_case_store_init_replica (cases, &setup, error) ||
      !tj_store_set_meta (tj_case_store_get_store (cases), "sync_server", server_url, error))
    return FALSE;
  if (org_name != NULL)
    *org_name = g_strdup (setup.org_name);
  return TRUE;
}

char *
tj_replica_token_path (TjCaseStore *cases)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), NULL);

  return g_strconcat (tj_store_get_path (tj_case_store_get_store (cases)), ".token", NULL);
}

void
tj_replica_link_read (TjCaseStore *cases, char **server_url, char **token)
{
  g_autofree char *path = NULL;
  char *text = NULL;

  g_return_if_fail (TJ_IS_CASE_STORE (cases));
  g_return_if_fail (server_url != NULL && token != NULL);

  *server_url = tj_store_get_meta (tj_case_store_get_store (cases), "sync_server");
  *token = NULL;
  path = tj_replica_token_path (cases);
  if (g_file_get_contents (path, &text, NULL, NULL))
    *token = g_strstrip (text);
  if (*token != NULL && **token == '\0')
    g_clear_pointer (token, g_free);
}
