/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tj-cli-common.h"
#include "tj-sync-blobs.h"

/* tiaojie-cli attachments fetch: a case's attachment bytes from the server into the
 * replica's blob folder (a supervisor's replica gets records, not bytes, from a sync).
 * Sending them is part of "sync", before the records that name them. */

static int
attachments_fetch (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("CASE | --all — download attachment files from the server"));
  g_autoptr(GError) error = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autofree char *url = NULL, *ca = NULL, *user = NULL, *pw = NULL, *token = NULL;
  g_autofree char *client_id = NULL;
  gboolean all = FALSE;
  int timeout = TJ_API_CLIENT_DEFAULT_TIMEOUT, status;
  TjCliServer server = { 0 };
  TjBlobFetchReport report;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every case's attachments that are not here yet"), NULL },
    /* The same server options as "sync". */
    { "server", 0, 0, G_OPTION_ARG_STRING, &url, N_("The provincial server"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Trust the CA certificates in this PEM file"), N_("FILE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your user name on the server"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &pw, N_("A file holding your password"), N_("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token, N_("A file holding a saved token"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &timeout, N_("Seconds a request may go without progress before it is tried again (default 30)"), N_("SECONDS") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if ((argc == 2) == all || argc > 2)
    return tj_cli_usage (context, _("Name one case, or give --all."));
  if (timeout < 1 || timeout > 3600)
    return tj_cli_usage (context, _("--timeout: from 1 to 3600 seconds."));
  tj_api_client_set_default_timeout ((guint) timeout);
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (url == NULL)
    url = tj_store_get_meta (cli->store, "sync_server");
  if (url == NULL)
    return tj_cli_usage (context, _("Name the server with --server URL."));
  if (token == NULL && (user == NULL || pw == NULL))
    return tj_cli_usage (context, _("Log in with --user and --password-file, or pass --token-file."));
  server.url = url;
  server.ca_file = ca;
  server.user = user;
  server.password_file = pw;
  server.token_file = token;

  client_id = tj_store_get_meta (cli->store, "client_id");
  api = tj_cli_connect (&server, client_id, NULL, &error);
  if (api == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (!tj_sync_fetch_attachments (cli->cases, api, all ? NULL : argv[1], &report, NULL, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "attachments");
      json_builder_add_int_value (b, report.attachments);
      json_builder_set_member_name (b, "present");
      json_builder_add_int_value (b, report.present);
      json_builder_set_member_name (b, "fetched");
      json_builder_add_int_value (b, report.fetched);
      json_builder_set_member_name (b, "bytes");
      json_builder_add_int_value (b, report.bytes);
      json_builder_end_object (b);
      node = json_builder_get_root (b);
      tj_cli_print_json (node);
    }
  else
    /* Translators: a number of files, then of bytes, then of files */
    g_print (_("Attachment files fetched: %u (%lld bytes); already here: %u.\n"), report.fetched,
             (long long) report.bytes, report.present);
  return TJ_CLI_OK;
}

int
tj_cli_attachments (TjCli *cli, int argc, char **argv)
{
  if (argc >= 2 && g_strcmp0 (argv[1], "fetch") == 0)
    return attachments_fetch (cli, argc - 1, argv + 1);
  return tj_cli_usage (NULL, _("attachments: use “attachments fetch CASE” or "
                               "“attachments fetch --all”."));
}
