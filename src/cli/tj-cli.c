/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "tj-cli-common.h"

static const struct {
  const char  *name;
  TjCliCommand run;
  const char  *summary;
} commands[] = {
  { "init",      tj_cli_init,      N_("Set up a replica for an organisation, offline") },
  { "demo",      tj_cli_demo,      N_("Generate realistic demo cases") },
  { "case",      tj_cli_case,      N_("Register, list, show, edit cases and act on them") },
  { "deadlines", tj_cli_deadlines, N_("Cases by urgency of their statutory deadlines") },
  { "roster",    tj_cli_roster,    N_("The centre's mediators") },
  { "calendar",  tj_cli_calendar,  N_("Holiday calendar years: list, import a new notice") },
  { "setting",   tj_cli_setting,   N_("Province settings: deadline periods, late entry") },
  { "status",    tj_cli_status,    N_("The replica: organisation, user, pending edits") },
  { "sync",      tj_cli_sync,      N_("Send edits to the server and fetch its changes") },
  { "conflicts", tj_cli_conflicts, N_("Concurrent edits of one field: list, resolve") },
  { "attachments", tj_cli_attachments, N_("Fetch attachment files from the server") },
  { "admin",     tj_cli_admin,     N_("Organisations and accounts on a tiaojie-server") },
  { "doc",       tj_cli_doc,       N_("Official documents as PDF: kinds, render, verify, lint") },
  { "stats",     tj_cli_stats,     N_("The monthly statistics report as PDF and CSV") },
};

static char *
commands_help (void)
{
  GString *s = g_string_new (_("Commands:"));

  g_string_append_c (s, '\n');
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_string_append_printf (s, "  %-12s %s\n", commands[i].name, _(commands[i].summary));
  return g_string_free (s, FALSE);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autofree char *description = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *db_path = NULL;
  gboolean version = FALSE;
  TjCli cli = { 0 };
  int status = TJ_CLI_USAGE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db_path,
      N_("The replica file (default: the user's data folder)"), N_("FILE") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_("Print JSON"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (_("COMMAND [OPTIONS…]"));
  g_option_context_set_summary (context, _("Tiaojie: labour dispute mediation from the command line."));
  description = commands_help ();
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  /* Options after the command belong to the command. */
  g_option_context_set_strict_posix (context, TRUE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return tj_cli_usage (context, error->message);
  /* Owned by cli from here on, freed on every way out below. */
  cli.db_path = g_steal_pointer (&db_path);
  if (version)
    {
      g_free (cli.db_path);
      g_print ("tiaojie-cli %s\n", PACKAGE_VERSION);
      return TJ_CLI_OK;
    }
  if (argc < 2)
    {
      g_free (cli.db_path);
      return tj_cli_usage (context, _("Name a command."));
    }

  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_strcmp0 (argv[1], commands[i].name) == 0)
      {
        status = commands[i].run (&cli, argc - 1, argv + 1);
        break;
      }
  if (status == TJ_CLI_USAGE && cli.cases == NULL && cli.store == NULL)
    {
      gboolean known = FALSE;

      for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
        known = known || g_strcmp0 (argv[1], commands[i].name) == 0;
      if (!known)
        {
          g_autofree char *message = g_strdup_printf (_("Unknown command “%s”."), argv[1]);
          status = tj_cli_usage (context, message);
        }
    }

  g_clear_object (&cli.cases);
  g_clear_object (&cli.store);
  g_free (cli.db_path);
  return status;
}
