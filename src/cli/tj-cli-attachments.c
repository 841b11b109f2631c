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
  g_auto(TjCliServerArgs) server = { 0 };
  gboolean all = FALSE;
  int status;
  TjBlobFetchReport report;
  GOptionEntry entries[] = {
    { "all", 0, 0, G_OPTION_ARG_NONE, &all, N_("Every case's attachments that are not here yet"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  tj_cli_server_args_add (context, &server);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if ((argc == 2) == all || argc > 2)
    return tj_cli_usage (context, _("Name one case, or give --all."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  api = tj_cli_server_args_connect (cli, &server, &error);
  if (api == NULL && g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE))
    return tj_cli_usage (context, error->message);
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
