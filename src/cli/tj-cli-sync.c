/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <unistd.h>

#include "tj-cli-common.h"
#include "tj-conflicts.h"
#include "tj-protocol.h"
#include "tj-replica-link.h"
#include "tj-store-private.h"
#include "tj-sync-client.h"

/* tiaojie-cli init --server, sync and conflicts. */

static gboolean
server_options (GOptionContext *context, TjCliServer *server, char **url, char **ca,
                char **user, char **password_file, char **token_file, char **save_token,
                gboolean need_login, int *status)
{
  server->url = *url;
  server->ca_file = *ca;
  server->user = *user;
  server->password_file = *password_file;
  server->token_file = *token_file;
  server->save_token = *save_token;
  if (server->url == NULL)
    {
      *status = tj_cli_usage (context, _("Name the server with --server URL."));
      return FALSE;
    }
  if ((need_login || server->token_file == NULL) &&
      (server->user == NULL || server->password_file == NULL))
    {
      *status = tj_cli_usage (context, need_login
                              ? _("Log in with --user and --password-file.")
                              : _("Log in with --user and --password-file, or pass --token-file."));
      return FALSE;
    }
  return TRUE;
}

#define SERVER_ENTRIES(url, ca, user, pw, token, save) \
  { "server", 0, 0, G_OPTION_ARG_STRING, &url, N_("The provincial server"), N_("URL") }, \
  { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Trust the CA certificates in this PEM file"), N_("FILE") }, \
  { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your user name on the server"), N_("NAME") }, \
  { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &pw, N_("A file holding your password"), N_("FILE") }, \
  { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token, N_("A file holding a saved token"), N_("FILE") }, \
  { "save-token", 0, 0, G_OPTION_ARG_FILENAME, &save, N_("Keep the session's token in this file (mode 0600)"), N_("FILE") }

int
tj_cli_init_from_server (TjCli *cli, const TjCliServer *server, int desk)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(TjSyncClient) sync = NULL;
  g_autofree char *org_name = NULL;

  api = tj_cli_connect (server, NULL, &session, &error);
  if (api == NULL || !tj_replica_session_check (session, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  cli->may_create = TRUE;
  if (!tj_cli_open (cli, FALSE, &error) ||
      !tj_replica_setup_from_session (cli->cases, session, server->url, desk, &org_name, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  /* The first sync: everything of the organisation's jurisdiction. */
  sync = tj_sync_client_new (cli->cases, api);
  if (!tj_sync_client_run (sync, NULL, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!cli->json)
    /* Translators: file, organisation, number of records */
    g_print (_("Replica %s is set up for %s from the server; %lld records received.\n"),
             cli->db_path, org_name, (long long) tj_sync_client_get_report (sync)->pulled);
  return TJ_CLI_OK;
}

static void
print_progress (const TjSyncReport *r, gpointer data)
{
  if (!isatty (2))
    return;
  /* Translators: progress of a sync, on one line that is rewritten */
  g_printerr ("\r");
  g_printerr (_("Sent %lld, received %lld of %lld"), (long long) r->pushed, (long long) r->pulled,
              (long long) r->pull_total);
}

int
tj_cli_sync (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— send this replica's edits to the server and fetch its changes"));
  g_autoptr(GError) error = NULL;
  g_autofree char *url = NULL, *ca = NULL, *user = NULL, *pw = NULL, *token = NULL, *save = NULL;
  g_autofree char *client_id = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(TjSyncClient) sync = NULL;
  int attempts = 8, timeout = TJ_API_CLIENT_DEFAULT_TIMEOUT, status;
  TjCliServer server;
  const TjSyncReport *r;
  GOptionEntry entries[] = {
    SERVER_ENTRIES (url, ca, user, pw, token, save),
    { "attempts", 0, 0, G_OPTION_ARG_INT, &attempts, N_("Tries per request before giving up (default 8)"), N_("N") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds a request may go without progress before it is tried again (default 30)"), N_("SECONDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (attempts < 1 || attempts > 100)
    return tj_cli_usage (context, _("--attempts: from 1 to 100."));
  if (timeout < 1 || timeout > 3600)
    return tj_cli_usage (context, _("--timeout: from 1 to 3600 seconds."));
  /* Before logging in: the login crosses the same network. */
  tj_api_client_set_default_timeout ((guint) timeout);
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (url == NULL)
    url = tj_store_get_meta (cli->store, "sync_server");
  if (!server_options (context, &server, &url, &ca, &user, &pw, &token, &save, FALSE, &status))
    return status;

  client_id = tj_store_get_meta (cli->store, "client_id");
  api = tj_cli_connect (&server, client_id, NULL, &error);
  if (api == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  sync = tj_sync_client_new (cli->cases, api);
  tj_sync_client_set_retry (sync, attempts, 200, 30000);
  tj_sync_client_set_progress (sync, print_progress, NULL);
  if (!tj_sync_client_run (sync, NULL, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  r = tj_sync_client_get_report (sync);
  if (isatty (2))
    g_printerr ("\n");
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "pushed");
      json_builder_add_int_value (b, r->pushed);
      json_builder_set_member_name (b, "conflicts");
      json_builder_add_int_value (b, r->conflicts);
      json_builder_set_member_name (b, "rejected");
      json_builder_add_int_value (b, r->rejected);
      json_builder_set_member_name (b, "pulled");
      json_builder_add_int_value (b, r->pulled);
      json_builder_set_member_name (b, "retries");
      json_builder_add_int_value (b, r->retries);
      json_builder_set_member_name (b, "resets");
      json_builder_add_int_value (b, r->resets);
      json_builder_set_member_name (b, "replayed");
      json_builder_add_int_value (b, r->replayed);
      json_builder_set_member_name (b, "repaired");
      json_builder_add_int_value (b, r->repaired);
      json_builder_set_member_name (b, "rehomed");
      json_builder_add_boolean_value (b, r->rehomed != 0);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      tj_cli_print_json (node);
    }
  else
    /* Translators: numbers of changes */
    g_print (_("Sent %lld changes (%lld conflicts, %lld refused); received %lld.\n"),
             (long long) r->pushed, (long long) r->conflicts, (long long) r->rejected,
             (long long) r->pulled);
  if (!cli->json && r->repaired > 0)
    g_print (g_dngettext (GETTEXT_PACKAGE,
                          "%lld record differed from the server's and was put right.\n",
                          "%lld records differed from the server's and were put right.\n",
                          (gulong) r->repaired),
             (long long) r->repaired);
  return TJ_CLI_OK;
}

static int
conflicts_resolve (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("ID — resolve a conflict"));
  g_autoptr(GError) error = NULL;
  g_autofree char *keep = NULL;
  TjConflictKeep how = TJ_CONFLICT_KEEP_VALUE;
  int status;
  GOptionEntry entries[] = {
    { "keep", 0, 0, G_OPTION_ARG_STRING, &keep, N_("mine, theirs, or a new value"), N_("WHICH") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || keep == NULL)
    return tj_cli_usage (context, _("Name a conflict and --keep mine|theirs|VALUE."));
  if (g_strcmp0 (keep, "mine") == 0)
    how = TJ_CONFLICT_KEEP_MINE;
  else if (g_strcmp0 (keep, "theirs") == 0)
    how = TJ_CONFLICT_KEEP_THEIRS;
  if (!tj_cli_open (cli, TRUE, &error) ||
      !tj_conflict_resolve (cli->cases, argv[1], how, keep, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!cli->json)
    g_print (_("Conflict %s is resolved; the next sync sends it.\n"), argv[1]);
  return TJ_CLI_OK;
}

int
tj_cli_conflicts (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("[resolve ID --keep mine|theirs|VALUE] — concurrent edits of one field"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  gboolean all = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Also list resolved conflicts"), NULL },
    { NULL }
  };

  if (argc >= 2 && g_strcmp0 (argv[1], "resolve") == 0)
    return conflicts_resolve (cli, argc - 1, argv + 1);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 1)
    return tj_cli_usage (context, _("conflicts takes no arguments but resolve."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  list = tj_conflicts_list (cli->store, !all, &error);
  if (list == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          TjConflict *c = g_ptr_array_index (list, i);
          g_autofree char *id = tj_uuid_dup_string (&c->id);
          g_autofree char *record = tj_uuid_dup_string (&c->record);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          json_builder_add_string_value (b, id);
          json_builder_set_member_name (b, "record");
          json_builder_add_string_value (b, record);
          json_builder_set_member_name (b, "type");
          json_builder_add_string_value (b, c->record_type);
          json_builder_set_member_name (b, "field");
          json_builder_add_string_value (b, c->field);
          json_builder_set_member_name (b, "resolved");
          json_builder_add_boolean_value (b, c->resolved);
          json_builder_set_member_name (b, "kept");
          json_builder_add_value (b, json_from_string (c->kept_value, NULL));
          json_builder_set_member_name (b, "kept_user");
          json_builder_add_string_value (b, c->kept_user);
          json_builder_set_member_name (b, "lost");
          json_builder_add_value (b, json_from_string (c->lost_value, NULL));
          json_builder_set_member_name (b, "lost_user");
          json_builder_add_string_value (b, c->lost_user);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      node = json_builder_get_root (b);
      tj_cli_print_json (node);
      return TJ_CLI_OK;
    }
  if (list->len == 0)
    g_print (_("No open conflicts.\n"));
  for (guint i = 0; i < list->len; i++)
    {
      TjConflict *c = g_ptr_array_index (list, i);
      g_autofree char *id = tj_uuid_dup_string (&c->id);

      /* Translators: conflict id, record type, field; then the two values and who wrote them */
      g_print (_("%s  %s.%s\n  kept: %s (%s)\n  lost: %s (%s)\n"), id, c->record_type,
               c->field, c->kept_value, c->kept_user ? c->kept_user : "?", c->lost_value,
               c->lost_user ? c->lost_user : "?");
    }
  return TJ_CLI_OK;
}
