/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-case-list.h"
#include "tj-cli-common.h"
#include "tj-demo.h"
#include "tj-uuid.h"
#include "tj-validate.h"

static gboolean
parse_roles (const char *text, guint *roles, GError **error)
{
  g_auto(GStrv) parts = g_strsplit (text, ",", -1);

  *roles = 0;
  for (guint i = 0; parts[i]; i++)
    {
      guint r;
      if (!tj_enum_parse (&tj_enum_role, _("Role"), g_strstrip (parts[i]), &r, error))
        return FALSE;
      *roles |= TJ_ROLE_BIT (r);
    }
  return TRUE;
}

int
tj_cli_init (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— set up a replica offline"));
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL, *name = NULL, *short_name = NULL, *user = NULL;
  g_autofree char *role = NULL, *level = NULL, *pattern = NULL, *region = NULL;
  g_autofree char *server = NULL, *ca = NULL, *login = NULL, *password_file = NULL;
  g_autofree char *token_file = NULL, *save_token = NULL;
  int desk = 1, status;
  TjReplicaSetup setup = { 0 };
  guint v;
  GOptionEntry entries[] = {
    { "org-code", 0, 0, G_OPTION_ARG_STRING, &code, N_("GB/T 2260 region code of the organisation"), N_("CODE") },
    { "org-name", 0, 0, G_OPTION_ARG_STRING, &name, N_("Full name of the organisation"), N_("NAME") },
    { "region", 0, 0, G_OPTION_ARG_STRING, &region, N_("Region code, if it differs from --org-code"), N_("CODE") },
    { "short-name", 0, 0, G_OPTION_ARG_STRING, &short_name, N_("Short name used in case numbers"), N_("NAME") },
    { "level", 0, 0, G_OPTION_ARG_STRING, &level, N_("province, city, county or township (default)"), N_("LEVEL") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &user, N_("Your name (default: the login name)"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("Your roles (default head,mediator)"), N_("ROLE[,ROLE]") },
    { "desk", 0, 0, G_OPTION_ARG_INT, &desk, N_("This replica's desk number in the centre (default 1)"), N_("N") },
    { "case-no-pattern", 0, 0, G_OPTION_ARG_STRING, &pattern, N_("Case number pattern"), N_("PATTERN") },
    { "server", 0, 0, G_OPTION_ARG_STRING, &server, N_("Set up from this server instead, by logging in"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &ca, N_("Trust the CA certificates in this PEM file"), N_("FILE") },
    { "login", 0, 0, G_OPTION_ARG_STRING, &login, N_("Your user name on the server"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file, N_("A file holding your password"), N_("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &token_file, N_("A file holding a saved token"), N_("FILE") },
    { "save-token", 0, 0, G_OPTION_ARG_FILENAME, &save_token, N_("Keep the session's token in this file (mode 0600)"), N_("FILE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (server != NULL)
    {
      TjCliServer from = { server, ca, login, password_file, token_file, save_token };

      if (token_file == NULL && (login == NULL || password_file == NULL))
        return tj_cli_usage (context, _("init --server needs --login and --password-file, or "
                                        "--token-file."));
      if (code != NULL || name != NULL)
        return tj_cli_usage (context, _("init --server takes the organisation from the server; "
                                        "leave out --org-code and --org-name."));
      return tj_cli_init_from_server (cli, &from, desk);
    }
  if (code == NULL || name == NULL)
    return tj_cli_usage (context, _("init needs --org-code and --org-name, or --server."));
  cli->may_create = TRUE;
  if (!tj_cli_open (cli, FALSE, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  setup.org_code = region ? region : code;
  setup.org_name = name;
  setup.org_short_name = short_name;
  setup.level = TJ_ORG_LEVEL_TOWNSHIP;
  setup.type = TJ_ORG_CENTRE;
  if (level)
    {
      if (!tj_enum_parse (&tj_enum_org_level, _("Level"), level, &v, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      setup.level = v;
      if (v != TJ_ORG_LEVEL_TOWNSHIP)
        setup.type = TJ_ORG_ARBITRATION;
    }
  setup.user_name = user ? user : g_get_real_name ();
  if (g_strcmp0 (setup.user_name, "Unknown") == 0)
    setup.user_name = g_get_user_name ();
  setup.roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR);
  if (role && !parse_roles (role, &setup.roles, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  setup.desk = desk;
  setup.case_no_pattern = pattern;
  if (!tj_case_store_init_replica (cli->cases, &setup, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!cli->json)
    g_print (_("Replica %s is set up for %s.\n"), cli->db_path, name);
  return TJ_CLI_OK;
}

static void
print_progress (guint done, guint total, gpointer data)
{
  if (isatty (2))
    g_printerr ("\r%u / %u", done, total);
}

int
tj_cli_demo (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— generate demo cases"));
  g_autoptr(GError) error = NULL;
  TjDemoOptions options;
  int cases = 200, seed = 1, days = 365, status;
  gboolean no_actions = FALSE;
  GOptionEntry entries[] = {
    { "cases", 0, 0, G_OPTION_ARG_INT, &cases, N_("How many cases (default 200)"), N_("N") },
    { "seed", 0, 0, G_OPTION_ARG_INT, &seed, N_("Random seed: the same seed gives the same cases"), N_("S") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("Spread received dates over this many days"), N_("N") },
    { "no-actions", 0, 0, G_OPTION_ARG_NONE, &no_actions, N_("Register only; no case moves on"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (cases < 1 || cases > 10000000 || days < 1 || days > 3650)
    return tj_cli_usage (context, _("--cases from 1 to 10000000, --days from 1 to 3650."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  /* A centre needs mediators on its roster before cases can be assigned. */
  if (!no_actions)
    {
      static const char * const names[] = { "李调解", "王明华", "赵建平" };
      sqlite3_stmt *stmt;

      for (guint i = 0; i < G_N_ELEMENTS (names); i++)
        {
          gboolean present;

          /* A second demo run reuses the demo mediators instead of doubling them. */
          stmt = tj_store_prepare (cli->store, "SELECT 1 FROM person WHERE name = ?", &error);
          if (stmt == NULL)
            return tj_cli_fail (g_steal_pointer (&error));
          sqlite3_bind_text (stmt, 1, names[i], -1, SQLITE_STATIC);
          present = sqlite3_step (stmt) == SQLITE_ROW;
          sqlite3_reset (stmt);
          if (!present &&
              !tj_case_store_add_person (cli->cases, names[i], TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
                                         NULL, NULL, &error))
            return tj_cli_fail (g_steal_pointer (&error));
        }
    }

  tj_demo_options_init (&options);
  options.n_cases = cases;
  options.seed = seed;
  options.days = days;
  options.with_actions = !no_actions;
  options.progress = print_progress;
  if (!tj_demo_generate (cli->cases, &options, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (isatty (2))
    g_printerr ("\n");
  if (!cli->json)
    g_print (g_dngettext (GETTEXT_PACKAGE, "Generated %d demo case.\n",
                          "Generated %d demo cases.\n", cases), cases);
  return TJ_CLI_OK;
}

int
tj_cli_deadlines (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— cases by urgency"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *on = NULL, *week = NULL;
  TjCaseFilter filter;
  TjCaseCursor cursor = { 0 };
  GDate on_date;
  int days = 7, status;
  guint counts[3] = { 0 };
  GOptionEntry entries[] = {
    { "on", 0, 0, G_OPTION_ARG_STRING, &on, N_("Judge urgency as of this date (default today)"), N_("DATE") },
    { "days", 0, 0, G_OPTION_ARG_INT, &days, N_("What counts as due soon (default 7 days)"), N_("N") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (!tj_cli_open (cli, FALSE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (on == NULL)
    on = tj_case_store_today (cli->cases);
  if (!tj_validate_date (_("Date"), on, &on_date, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  g_date_add_days (&on_date, CLAMP (days, 0, 366));
  week = g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (&on_date),
                          g_date_get_month (&on_date), g_date_get_day (&on_date));

  tj_case_filter_init (&filter);
  filter.order = TJ_CASE_ORDER_DUE;
  json_builder_begin_array (b);
  for (gboolean more = TRUE; more;)
    {
      g_autoptr(GPtrArray) rows = NULL;
      TjCaseCursor next = { 0 };

      if (!tj_case_list_page (cli->cases, &filter, &cursor, 500, &rows, &next, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      tj_case_cursor_clear (&cursor);
      cursor = next;
      more = next.valid;
      for (guint i = 0; i < rows->len; i++)
        {
          TjCaseRow *row = g_ptr_array_index (rows, i);
          int cmp = strcmp (row->due, on);
          const char *urgency = cmp < 0 ? "overdue" : cmp == 0 ? "today" : "soon";
          TjClock clock;

          if (strcmp (row->due, week) > 0)
            {
              more = FALSE;
              break;
            }
          counts[cmp < 0 ? 0 : cmp == 0 ? 1 : 2]++;
          if (cli->json)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "case_no");
              json_builder_add_string_value (b, row->case_no);
              json_builder_set_member_name (b, "clock");
              json_builder_add_string_value (b, row->due_clock);
              json_builder_set_member_name (b, "due");
              json_builder_add_string_value (b, row->due);
              json_builder_set_member_name (b, "urgency");
              json_builder_add_string_value (b, urgency);
              json_builder_set_member_name (b, "provisional");
              json_builder_add_boolean_value (b, row->due_provisional);
              json_builder_set_member_name (b, "state");
              json_builder_add_string_value (b, tj_enum_key (&tj_enum_state, row->state));
              json_builder_end_object (b);
            }
          else if (tj_clock_from_key (row->due_clock, &clock))
            {
              g_autofree char *rule = tj_clock_describe (clock, tj_case_store_get_settings (cli->cases));
              g_print ("%-8s %s%s  %-28s %-10s %s\n",
                       cmp < 0 ? _("OVERDUE") : cmp == 0 ? _("TODAY") : _("soon"),
                       row->due, row->due_provisional ? "*" : " ", row->case_no,
                       row->applicant ? row->applicant : "", rule);
            }
        }
    }
  tj_case_cursor_clear (&cursor);
  json_builder_end_array (b);
  if (cli->json)
    {
      g_autoptr(JsonNode) node = json_builder_get_root (b);
      tj_cli_print_json (node);
    }
  else
    g_print (_("%u overdue, %u due today, %u due within %d days (* provisional: no holiday "
               "notice yet for that date)\n"), counts[0], counts[1], counts[2], days);
  return TJ_CLI_OK;
}

int
tj_cli_roster (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("add|list — the centre's roster"));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL, *role = NULL, *phone = NULL;
  int status;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("add: the person's name"), N_("NAME") },
    { "role", 0, 0, G_OPTION_ARG_STRING, &role, N_("add: roles (default mediator)"), N_("ROLE[,ROLE]") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("add: phone"), N_("PHONE") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || (g_strcmp0 (argv[1], "add") != 0 && g_strcmp0 (argv[1], "list") != 0))
    return tj_cli_usage (context, _("roster: use “roster add” or “roster list”."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  if (g_strcmp0 (argv[1], "add") == 0)
    {
      guint roles = TJ_ROLE_BIT (TJ_ROLE_MEDIATOR);
      TjUuid id;
      g_autofree char *text = NULL;

      if (role && !parse_roles (role, &roles, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      if (!tj_case_store_add_person (cli->cases, name, roles, phone, &id, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      text = tj_uuid_dup_string (&id);
      g_print ("%s\n", text);
      return TJ_CLI_OK;
    }
  else
    {
      sqlite3_stmt *stmt = tj_store_prepare (cli->store,
        "SELECT id, name, roles, phone, active FROM person ORDER BY name", &error);
      g_autoptr(JsonBuilder) b = json_builder_new ();

      if (stmt == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      json_builder_begin_array (b);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *id = tj_uuid_dup_string (sqlite3_column_blob (stmt, 0));
          g_autoptr(GString) roles = g_string_new (NULL);
          guint bits = sqlite3_column_int (stmt, 2);

          for (guint r = 0; r < TJ_N_ROLES; r++)
            if (bits & TJ_ROLE_BIT (r))
              g_string_append_printf (roles, "%s%s", roles->len ? "," : "", tj_enum_key (&tj_enum_role, r));
          if (cli->json)
            {
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "id");
              json_builder_add_string_value (b, id);
              json_builder_set_member_name (b, "name");
              json_builder_add_string_value (b, (const char *) sqlite3_column_text (stmt, 1));
              json_builder_set_member_name (b, "roles");
              json_builder_add_string_value (b, roles->str);
              json_builder_end_object (b);
            }
          else
            g_print ("%s  %-12s %s\n", id, sqlite3_column_text (stmt, 1), roles->str);
        }
      sqlite3_reset (stmt);
      json_builder_end_array (b);
      if (cli->json)
        {
          g_autoptr(JsonNode) node = json_builder_get_root (b);
          tj_cli_print_json (node);
        }
      return TJ_CLI_OK;
    }
}

int
tj_cli_calendar (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("years | import FILE — the holiday calendar"));
  g_autoptr(GError) error = NULL;
  int status;

  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc == 2 && g_strcmp0 (argv[1], "years") == 0)
    {
      g_autofree guint *years = NULL;
      guint n = 0;

      if (!tj_cli_open (cli, FALSE, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      years = tj_calendar_list_years (tj_case_store_get_calendar (cli->cases), &n);
      for (guint i = 0; i < n; i++)
        g_print ("%u\n", years[i]);
      return TJ_CLI_OK;
    }
  if (argc == 3 && g_strcmp0 (argv[1], "import") == 0)
    {
      g_autofree char *contents = NULL;
      gsize length;
      guint updated = 0;

      if (!tj_cli_read_file (argv[2], &contents, &length, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      if (!tj_cli_open (cli, FALSE, &error) ||
          !tj_case_store_import_calendar (cli->cases, contents, length, &updated, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      g_print (g_dngettext (GETTEXT_PACKAGE, "Imported; %u provisional deadline changed.\n",
                            "Imported; %u provisional deadlines changed.\n", updated), updated);
      return TJ_CLI_OK;
    }
  return tj_cli_usage (context, _("calendar: use “calendar years” or “calendar import FILE”."));
}

int
tj_cli_setting (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("KEY=VALUE — change a province setting"));
  g_autoptr(GError) error = NULL;
  int status;

  g_option_context_set_description (context, _("Keys: deadline.acceptance, deadline.mediation, "
                                               "… (days, or Nw for working days), late_entry_hours"));
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return tj_cli_usage (context, _("Give one KEY=VALUE."));
  if (!tj_cli_open (cli, FALSE, &error) ||
      !tj_case_store_set_setting (cli->cases, argv[1], &error))
    return tj_cli_fail (g_steal_pointer (&error));
  return TJ_CLI_OK;
}

int
tj_cli_status (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— the replica"));
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) node = NULL;
  g_autofree char *org = NULL, *user = NULL;
  sqlite3_stmt *stmt;
  gint64 cases = 0, pending;
  int status;

  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (!tj_cli_open (cli, FALSE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  pending = tj_journal_pending_count (tj_case_store_get_journal (cli->cases));
  org = tj_store_get_meta (cli->store, "org_id");
  user = tj_store_get_meta (cli->store, "user_id");
  stmt = tj_store_prepare (cli->store, "SELECT count(*) FROM \"case\"", &error);
  if (stmt == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cases = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "path");
  json_builder_add_string_value (b, cli->db_path);
  json_builder_set_member_name (b, "schema");
  json_builder_add_int_value (b, tj_store_get_schema_version (cli->store));
  json_builder_set_member_name (b, "org_id");
  json_builder_add_string_value (b, org);
  json_builder_set_member_name (b, "user_id");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "cases");
  json_builder_add_int_value (b, cases);
  json_builder_set_member_name (b, "pending_mutations");
  json_builder_add_int_value (b, pending);
  json_builder_end_object (b);
  node = json_builder_get_root (b);
  if (cli->json)
    tj_cli_print_json (node);
  else
    g_print (_("Replica %s: schema %d, %lld cases, %lld edits waiting to be pushed.\n"),
             cli->db_path, tj_store_get_schema_version (cli->store), (long long) cases,
             (long long) pending);
  return TJ_CLI_OK;
}
