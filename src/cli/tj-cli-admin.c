/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-api-client.h"
#include "tj-cli-common.h"
#include "tj-protocol.h"

/* `tiaojie-cli admin`: organisations and accounts on a tiaojie-server, over its REST API.
 * A session comes from --token-file (a saved login), or from --user and --password-file,
 * in which case the command logs in first and out afterwards. */

typedef struct {
  TjCli       *cli;
  TjApiClient *api;
  gboolean     temporary;       /* logged in for this one command */
} Admin;

static JsonNode *
call (Admin *admin, const char *method, const char *path, JsonNode *body, GError **error)
{
  return tj_api_client_call (admin->api, method, path, body, NULL, NULL, error);
}

static JsonNode *
login (Admin *admin, const char *user, const char *password_file, GError **error)
{
  return tj_cli_login (admin->api, user, password_file, NULL, error);
}

static char *
format_ms (gint64 ms)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = utc ? g_date_time_to_timezone (utc, beijing) : NULL;

  return local ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("?");
}

static int
print_session (Admin *admin, JsonNode *answer, const char *save_token)
{
  JsonObject *obj = json_node_get_object (answer);
  JsonObject *account = json_object_get_object_member (obj, "account");
  JsonObject *org = json_object_get_object_member (obj, "org");
  g_autoptr(GError) error = NULL;
  gint64 expires = 0;

  if (save_token != NULL)
    {
      if (!g_file_set_contents_full (save_token, tj_api_client_get_token (admin->api), -1,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      /* The token is in the file; do not also put it on the screen. */
      json_object_remove_member (obj, "token");
    }
  if (admin->cli->json)
    {
      tj_cli_print_json (answer);
      return TJ_CLI_OK;
    }
  if (account == NULL || org == NULL)
    return tj_cli_fail (g_error_new (TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                                     _("The server's answer has no account.")));
  /* Translators: user name, role key, organisation name */
  g_print (_("%s (%s) at %s\n"), tj_protocol_get_string (account, "username"),
           tj_protocol_get_string (account, "role"), tj_protocol_get_string (org, "name"));
  if (tj_protocol_get_int (obj, "expires_at", &expires))
    {
      g_autofree char *when = format_ms (expires);
      /* Translators: a date and time in Beijing time */
      g_print (_("The session lasts until %s (Beijing time).\n"), when);
    }
  if (save_token != NULL)
    /* Translators: a file name */
    g_print (_("Token saved to %s; use it with --token-file.\n"), save_token);
  return TJ_CLI_OK;
}

static JsonArray *
member_array (JsonNode *answer, const char *member)
{
  JsonNode *node;

  if (!JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  node = json_object_get_member (json_node_get_object (answer), member);
  return node && JSON_NODE_HOLDS_ARRAY (node) ? json_node_get_array (node) : NULL;
}

static int
print_list (Admin *admin, JsonNode *answer, const char *member)
{
  JsonArray *items = member_array (answer, member);
  static const char * const org_levels[] = { "province", "city", "county", "township" };

  if (admin->cli->json)
    {
      tj_cli_print_json (answer);
      return TJ_CLI_OK;
    }
  if (items == NULL)
    return tj_cli_fail (g_error_new (TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                                     _("The server's answer has no list.")));
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonNode *node = json_array_get_element (items, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      guint indent = 0;

      if (o == NULL)
        continue;
      if (g_strcmp0 (member, "orgs") == 0)
        {
          for (guint l = 0; l < G_N_ELEMENTS (org_levels); l++)
            if (g_strcmp0 (tj_protocol_get_string (o, "level"), org_levels[l]) == 0)
              indent = l;
          g_print ("%*s%-9s %s  %s\n", indent * 2, "", tj_protocol_get_string (o, "code"),
                   tj_protocol_get_string (o, "name"), tj_protocol_get_string (o, "id"));
        }
      else
        {
          gboolean active = json_object_get_boolean_member_with_default (o, "active", FALSE);

          g_print ("%-16s %-13s %s  %s%s\n", tj_protocol_get_string (o, "username"),
                   tj_protocol_get_string (o, "role"), tj_protocol_get_string (o, "name"),
                   tj_protocol_get_string (o, "id"), active ? "" : _(" (disabled)"));
        }
    }
  return TJ_CLI_OK;
}

static void
add_member (JsonBuilder *b, const char *name, const char *value)
{
  if (value == NULL)
    return;
  json_builder_set_member_name (b, name);
  json_builder_add_string_value (b, value);
}

static int
org_add (Admin *admin, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— add an organisation"));
  g_autofree char *parent = NULL, *code = NULL, *name = NULL, *level = NULL, *type = NULL;
  g_autofree char *short_name = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL, answer = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "parent", 0, 0, G_OPTION_ARG_STRING, &parent, N_("Id of the parent organisation"), N_("ID") },
    { "code", 0, 0, G_OPTION_ARG_STRING, &code, N_("Region code (a township: 9 digits)"), N_("CODE") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Full name"), N_("NAME") },
    { "short-name", 0, 0, G_OPTION_ARG_STRING, &short_name, N_("Short name for case numbers"), N_("NAME") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("city, county or township"), N_("LEVEL") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("Organisation type (default: by level)"), N_("TYPE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (parent == NULL || code == NULL || name == NULL || level == NULL)
    return tj_cli_usage (context, _("org add needs --parent, --code, --name and --level."));
  json_builder_begin_object (b);
  add_member (b, "parent_id", parent);
  add_member (b, "code", code);
  add_member (b, "name", name);
  add_member (b, "short_name", short_name);
  add_member (b, "level", level);
  add_member (b, "type", type);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  answer = call (admin, "POST", "/v1/orgs", body, &error);
  if (answer == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (admin->cli->json)
    tj_cli_print_json (answer);
  else
    /* Translators: an organisation's name, then its id */
    g_print (_("Added %s (%s).\n"), name,
             tj_protocol_get_string (json_node_get_object (answer), "id"));
  return TJ_CLI_OK;
}

static int
account_add (Admin *admin, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— add an account"));
  g_autofree char *org = NULL, *username = NULL, *name = NULL, *role = NULL;
  g_autofree char *password_file = NULL, *password = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL, answer = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("Id of the account's organisation"), N_("ID") },
    { "username", 0, 0, G_OPTION_ARG_STRING, &username, N_("Login name"), N_("NAME") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The person's name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("mediator, head, supervisor or administrator"), N_("ROLE") },
    { "new-password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("File whose first line is the new account's password (- for standard input)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (org == NULL || username == NULL || name == NULL || role == NULL || password_file == NULL)
    return tj_cli_usage (context, _("account add needs --org, --username, --name, --role and "
                                    "--new-password-file."));
  if (!tj_cli_read_secret (password_file, &password, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  json_builder_begin_object (b);
  add_member (b, "org_id", org);
  add_member (b, "username", username);
  add_member (b, "name", name);
  add_member (b, "role", role);
  add_member (b, "password", password);
  json_builder_end_object (b);
  memset (password, 0, strlen (password));
  body = json_builder_get_root (b);
  answer = call (admin, "POST", "/v1/accounts", body, &error);
  if (answer == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (admin->cli->json)
    tj_cli_print_json (answer);
  else
    /* Translators: a user name, then the account's id */
    g_print (_("Added account %s (%s).\n"), username,
             tj_protocol_get_string (json_node_get_object (answer), "id"));
  return TJ_CLI_OK;
}

/* account disable ID, account revoke ID. */
static int
account_act (Admin *admin, const char *action, int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *escaped = NULL, *path = NULL;
  gboolean disable = g_strcmp0 (action, "disable") == 0;

  if (argc != 2)
    return tj_cli_usage (NULL, _("Name the account's id."));
  escaped = g_uri_escape_string (argv[1], NULL, FALSE);
  path = g_strdup_printf (disable ? "/v1/accounts/%s/disable" : "/v1/accounts/%s/sessions",
                          escaped);
  answer = call (admin, disable ? "POST" : "DELETE", path, NULL, &error);
  if (answer == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (admin->cli->json)
    tj_cli_print_json (answer);
  else if (disable)
    g_print (_("Account %s is disabled and its sessions are ended.\n"), argv[1]);
  else
    g_print (_("The sessions of account %s are ended.\n"), argv[1]);
  return TJ_CLI_OK;
}

/* account move ID --org ORG_ID. */
static int
account_move (Admin *admin, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("ID — move an account to another organisation"));
  g_autofree char *org = NULL, *escaped = NULL, *path = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) body = NULL, answer = NULL;
  g_autoptr(GError) error = NULL;
  int status;
  GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("Id of the new organisation"), N_("ID") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || org == NULL)
    return tj_cli_usage (context, _("account move needs the account's id and --org."));
  json_builder_begin_object (b);
  add_member (b, "org_id", org);
  json_builder_end_object (b);
  body = json_builder_get_root (b);
  escaped = g_uri_escape_string (argv[1], NULL, FALSE);
  path = g_strdup_printf ("/v1/accounts/%s/move", escaped);
  answer = call (admin, "POST", path, body, &error);
  if (answer == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (admin->cli->json)
    tj_cli_print_json (answer);
  else
    /* Translators: an account's id */
    g_print (_("Account %s moved; its replicas start over with the new organisation at "
               "their next sync.\n"), argv[1]);
  return TJ_CLI_OK;
}

static int
run (Admin *admin, int argc, char **argv)
{
  const char *what = argc > 1 ? argv[1] : "";
  const char *list_path = g_strcmp0 (argv[0], "org") == 0 ? "/v1/orgs" : "/v1/accounts";
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;

  if (g_strcmp0 (argv[0], "whoami") == 0)
    {
      answer = call (admin, "GET", "/v1/session", NULL, &error);
      return answer ? print_session (admin, answer, NULL) : tj_cli_fail (g_steal_pointer (&error));
    }
  if ((g_strcmp0 (argv[0], "org") == 0 || g_strcmp0 (argv[0], "account") == 0) &&
      g_strcmp0 (what, "list") == 0)
    {
      answer = call (admin, "GET", list_path, NULL, &error);
      if (answer == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      return print_list (admin, answer, list_path + 4);
    }
  if (g_strcmp0 (argv[0], "org") == 0 && g_strcmp0 (what, "add") == 0)
    return org_add (admin, argc - 1, argv + 1);
  if (g_strcmp0 (argv[0], "account") == 0 && g_strcmp0 (what, "add") == 0)
    return account_add (admin, argc - 1, argv + 1);
  if (g_strcmp0 (argv[0], "account") == 0 && g_strcmp0 (what, "move") == 0)
    return account_move (admin, argc - 1, argv + 1);
  if (g_strcmp0 (argv[0], "account") == 0 &&
      (g_strcmp0 (what, "disable") == 0 || g_strcmp0 (what, "revoke") == 0))
    return account_act (admin, what, argc - 1, argv + 1);
  return tj_cli_usage (NULL, _("admin: unknown command; see tiaojie-cli admin --help."));
}

int
tj_cli_admin (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("login|logout|whoami|org list|org add|account list|account add|"
                            "account move ID|account disable ID|account revoke ID"));
  g_autofree char *server = NULL, *user = NULL, *password_file = NULL, *token_file = NULL;
  g_autofree char *ca_file = NULL, *save_token = NULL, *token = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) session = NULL;
  Admin admin = { cli, NULL, FALSE };
  int status;
  GOptionEntry entries[] = {
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("The server, https://HOST[:PORT]"), N_("URL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Log in as this user"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("File whose first line is the password (- for standard input)"), N_("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file,
      N_("Use the session token saved by “login --save-token”"), N_("FILE") },
    { "save-token", 0, 0, G_OPTION_ARG_FILENAME, &save_token,
      N_("login: keep the token in this file (mode 0600)"), N_("FILE") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca_file,
      N_("Trust the CA certificates in this PEM file"), N_("FILE") },
    { NULL }
  };

  g_option_context_set_summary (context, _("Administer organisations and accounts on a "
                                           "tiaojie-server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  g_option_context_set_strict_posix (context, TRUE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (server == NULL || argc < 2)
    return tj_cli_usage (context, _("admin needs --server and a command."));
  if (token_file == NULL && (user == NULL || password_file == NULL))
    return tj_cli_usage (context, _("admin needs --user with --password-file, or --token-file."));
  if (g_strcmp0 (argv[1], "login") == 0 && (user == NULL || password_file == NULL))
    return tj_cli_usage (context, _("login needs --user and --password-file."));

  api = tj_api_client_new (server, &error);
  if (api == NULL || (ca_file != NULL && !tj_api_client_set_ca_file (api, ca_file, &error)))
    return tj_cli_fail (g_steal_pointer (&error));
  admin.api = api;

  if (g_strcmp0 (argv[1], "login") == 0)
    {
      session = login (&admin, user, password_file, &error);
      return session ? print_session (&admin, session, save_token)
                     : tj_cli_fail (g_steal_pointer (&error));
    }
  if (token_file != NULL)
    {
      if (!tj_cli_read_secret (token_file, &token, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      tj_api_client_set_token (api, token);
      memset (token, 0, strlen (token));
    }
  else
    {
      session = login (&admin, user, password_file, &error);
      if (session == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      admin.temporary = TRUE;
    }

  if (g_strcmp0 (argv[1], "logout") == 0)
    {
      g_autoptr(JsonNode) answer = call (&admin, "DELETE", "/v1/session", NULL, &error);

      if (answer == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      if (!cli->json)
        g_print (_("Logged out; the token no longer opens a session.\n"));
      return TJ_CLI_OK;
    }

  status = run (&admin, argc - 1, argv + 1);
  if (admin.temporary)
    {
      JsonNode *answer = call (&admin, "DELETE", "/v1/session", NULL, NULL);

      g_clear_pointer (&answer, json_node_unref);
    }
  return status;
}
