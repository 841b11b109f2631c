/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "tj-cli-common.h"
#include "tj-doc.h"
#include "tj-doc-lint.h"

/* Official documents from the command line: the same templates and renderer as the app,
 * headless (documents.md). */

static gboolean
write_file (const char *path, GBytes *bytes, GError **error)
{
  gsize size;
  const char *data = g_bytes_get_data (bytes, &size);

  if (g_strcmp0 (path, "-") == 0)
    return fwrite (data, 1, size, stdout) == size;
  return g_file_set_contents (path, data, size, error);
}

static int
doc_kinds (TjCli *cli)
{
  guint n;
  const TjDocKind *kinds = tj_doc_kinds (&n);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;

      json_builder_begin_array (b);
      for (guint i = 0; i < n; i++)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, kinds[i].key);
          json_builder_set_member_name (b, "scope");
          json_builder_add_string_value (b, kinds[i].scope == TJ_DOC_SCOPE_MONTH ? "month" : "case");
          json_builder_set_member_name (b, "label");
          json_builder_add_string_value (b, _(kinds[i].label));
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      root = json_builder_get_root (b);
      tj_cli_print_json (root);
      return TJ_CLI_OK;
    }
  for (guint i = 0; i < n; i++)
    g_print ("%-20s %-6s %s\n", kinds[i].key,
             kinds[i].scope == TJ_DOC_SCOPE_MONTH ? "MONTH" : "CASE", _(kinds[i].label));
  return TJ_CLI_OK;
}

static void
print_verification (TjCli *cli, const TjDocVerification *v, gboolean remote)
{
  if (cli->json)
    {
      static const char * const verdicts[] = { "recorded", "tampered", "not_recorded" };
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) root = NULL;
      const char *members[][2] = {
        { "verdict", verdicts[v->verdict] }, { "code", v->code }, { "ref", v->case_no },
        { "kind", v->kind }, { "number", v->number }, { "sha256", v->sha256 },
        { "recorded_sha256", v->recorded_sha256 }, { "source", remote ? "server" : "replica" },
      };

      json_builder_begin_object (b);
      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        {
          json_builder_set_member_name (b, members[i][0]);
          if (members[i][1] != NULL)
            json_builder_add_string_value (b, members[i][1]);
          else
            json_builder_add_null_value (b);
        }
      json_builder_end_object (b);
      root = json_builder_get_root (b);
      tj_cli_print_json (root);
      return;
    }
  switch (v->verdict)
    {
    case TJ_DOC_VERIFY_RECORDED:
      /* Translators: document kind, case or month, verification code */
      g_print (_("recorded: the %s of %s, verification code %s; SHA-256 %s\n"),
               v->kind, v->case_no, v->code, v->sha256);
      break;
    case TJ_DOC_VERIFY_TAMPERED:
      g_printerr (_("tampered: the file carries verification code %s of the %s of %s, but "
                    "its SHA-256 %s is not the recorded %s\n"),
                  v->code, v->kind, v->case_no, v->sha256, v->recorded_sha256);
      break;
    default:
      if (remote)
        /* Translators: a SHA-256 */
        g_printerr (_("not recorded: no final document in your jurisdiction on the server has "
                      "these bytes or carries their verification code (SHA-256 %s)\n"),
                    v->sha256);
      else
        g_printerr (_("not recorded: no final document of this replica has SHA-256 %s%s%s\n"),
                    v->sha256, v->code != NULL ? _(" or verification code ") : "",
                    v->code != NULL ? v->code : "");
      break;
    }
}

/* By the replica, or (with server options) by the server, which needs no replica. */
static int
doc_verify (TjCli *cli, GOptionContext *context, TjCliServerArgs *server, const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(TjDocVerification) v = NULL;
  g_autofree char *contents = NULL;
  gboolean remote = tj_cli_server_args_given (server);
  gsize length;

  if (!tj_cli_read_file (path, &contents, &length, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  bytes = g_bytes_new_take (g_steal_pointer (&contents), length);
  if (remote)
    {
      g_autoptr(TjApiClient) api = NULL;

      /* A replica, when there is one, gives the client id; none is needed. */
      if (cli->db_path != NULL && !tj_cli_open (cli, FALSE, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      api = tj_cli_server_args_connect (cli, server, &error);
      if (api == NULL && g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE))
        return tj_cli_usage (context, error->message);
      if (api != NULL)
        v = tj_doc_verify_remote (api, bytes, NULL, &error);
    }
  else if (tj_cli_open (cli, TRUE, &error))
    v = tj_doc_verify (cli->cases, bytes, &error);
  if (v == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  print_verification (cli, v, remote);
  return v->verdict == TJ_DOC_VERIFY_RECORDED ? TJ_CLI_OK : TJ_CLI_FAILED;
}

/* A recorded document's PDF, from the replica's folder or fetched from the server. */
static int
doc_fetch (TjCli *cli, GOptionContext *context, TjCliServerArgs *server, const char *ref,
           const char *output)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjDocRecord) record = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(GBytes) pdf = NULL;

  if (output == NULL)
    return tj_cli_usage (context, _("fetch: name the PDF to write with -o FILE."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  record = tj_doc_record_lookup (cli->cases, ref, &error);
  if (record == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (tj_cli_server_args_given (server))
    {
      api = tj_cli_server_args_connect (cli, server, &error);
      if (api == NULL && g_error_matches (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE))
        return tj_cli_usage (context, error->message);
      if (api == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
    }
  pdf = tj_doc_get_pdf (cli->cases, record, api, NULL, &error);
  if (pdf == NULL || !write_file (output, pdf, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  /* Translators: document kind, case or month, verification code */
  g_printerr (_("The %s of %s, verification code %s.\n"), record->kind, record->ref, record->code);
  return TJ_CLI_OK;
}

static int
doc_lint (TjCli *cli, const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;

  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  c = tj_case_store_get (cli->cases, ref, &error);
  if (c == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  {
    g_autoptr(GPtrArray) issues = tj_doc_lint_case (cli->cases, c, &error);

    if (issues == NULL)
      return tj_cli_fail (g_steal_pointer (&error));
    for (guint i = 0; i < issues->len; i++)
      g_print ("%s\n", ((TjDocLintIssue *) g_ptr_array_index (issues, i))->message);
    if (issues->len == 0)
      g_print (_("The agreement of case %s may be made final.\n"), c->case_no);
    return issues->len == 0 ? TJ_CLI_OK : TJ_CLI_FAILED;
  }
}

static gboolean
parse_date_style (const char *text, TjDocDateStyle *style, GError **error)
{
  if (text == NULL || strcmp (text, "arabic") == 0)
    *style = TJ_DOC_DATE_ARABIC;
  else if (strcmp (text, "chinese") == 0)
    *style = TJ_DOC_DATE_CHINESE;
  else
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("--date-style: “arabic” (2026年3月5日) or “chinese” (二〇二六年三月五日), "
                     "not “%s”."), text);
      return FALSE;
    }
  return TRUE;
}

int
tj_cli_doc (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("kinds | render CASE KIND -o FILE | verify FILE | lint CASE | "
                            "fetch CODE -o FILE"));
  g_auto(TjCliServerArgs) server = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *output = NULL, *templates = NULL, *date_style = NULL, *org = NULL;
  gboolean final = FALSE;
  int session = 0;
  int status;
  GOptionEntry entries[] = {
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &output, N_("render: the PDF to write (- for standard output)"), N_("FILE") },
    { "final", 0, 0, G_OPTION_ARG_NONE, &final, N_("render: a final document: linted, recorded, with its verification code"), NULL },
    { "templates", 0, 0, G_OPTION_ARG_FILENAME, &templates, N_("render: a folder of template overrides (KIND.tjt)"), N_("DIR") },
    { "date-style", 0, 0, G_OPTION_ARG_STRING, &date_style, N_("render: arabic or chinese dates"), N_("STYLE") },
    { "session", 0, 0, G_OPTION_ARG_INT, &session, N_("render session: which session (1 the first; default the latest)"), N_("N") },
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("render a month's document: the organisation (default this replica's)"), N_("ORG") },
    { NULL }
  };

  g_option_context_set_summary (context, _("CASE is a case number or id; for the register and "
                                           "the monthly report it is a month, YYYY-MM. With "
                                           "the server options, verify asks the server and "
                                           "fetch downloads a PDF the replica lacks."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  tj_cli_server_args_add (context, &server);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc == 2 && g_strcmp0 (argv[1], "kinds") == 0)
    return doc_kinds (cli);
  if (argc == 3 && g_strcmp0 (argv[1], "verify") == 0)
    return doc_verify (cli, context, &server, argv[2]);
  if (argc == 3 && g_strcmp0 (argv[1], "fetch") == 0)
    return doc_fetch (cli, context, &server, argv[2], output);
  if (argc == 3 && g_strcmp0 (argv[1], "lint") == 0)
    return doc_lint (cli, argv[2]);
  if (argc == 4 && g_strcmp0 (argv[1], "render") == 0)
    {
      TjDocOptions options;
      g_autoptr(GBytes) pdf = NULL;
      g_autofree char *code = NULL;

      if (output == NULL)
        return tj_cli_usage (context, _("render: name the PDF to write with -o FILE."));
      if (session < 0)
        return tj_cli_usage (context, _("--session: a session number from 1."));
      tj_doc_options_init (&options);
      if (!parse_date_style (date_style, &options.date_style, &error))
        return tj_cli_usage (context, error->message);
      options.final = final;
      options.template_dir = templates;
      options.session = (guint) session;
      options.org_ref = org;
      if (!tj_cli_open (cli, TRUE, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      pdf = tj_doc_render (cli->cases, argv[3], argv[2], &options, &code, &error);
      if (pdf == NULL || !write_file (output, pdf, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      if (code != NULL)
        g_printerr (_("Recorded as final, verification code %s.\n"), code);
      return TJ_CLI_OK;
    }
  return tj_cli_usage (context, _("doc: use “doc kinds”, “doc render CASE KIND -o FILE”, "
                                  "“doc verify FILE”, “doc lint CASE” or "
                                  "“doc fetch CODE -o FILE”."));
}

/* A submitted month says so: its PDF is the recorded one, and so is its CSV when it was
 * submitted with it (a report submitted before CSVs were kept has its CSV counted now). */
static gboolean
note_submitted (TjCli *cli, const char *org, const char *month, gboolean csv, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(TjDocRecord) report = tj_doc_submitted_report (cli->cases, org, month, &local);
  g_autoptr(GTimeZone) beijing = g_time_zone_new_identifier ("+08:00");
  g_autoptr(GDateTime) utc = NULL, when = NULL;
  g_autofree char *day = NULL;

  /* An organisation that is not one is for the report to say, below. */
  if (local != NULL && g_error_matches (local, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (report == NULL)
    return TRUE;
  utc = g_date_time_new_from_unix_utc (report->rendered_at / 1000);
  when = g_date_time_to_timezone (utc, beijing);
  day = g_date_time_format (when, "%Y-%m-%d");
  /* Translators: a month, a date, then a verification code */
  g_printerr (_("The report for %s was submitted on %s (verification code %s); it is locked: "
                "the PDF is the submitted one.\n"), month, day, report->code);
  if (csv && report->csv_sha256 != NULL)
    g_printerr (_("The CSV is the submitted one.\n"));
  else if (csv)
    g_printerr (_("The CSV is counted from the replica as it is now.\n"));
  return TRUE;
}

int
tj_cli_stats (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("report — the monthly statistics report"));
  g_autoptr(GError) error = NULL;
  g_autofree char *org = NULL, *month = NULL, *pdf_path = NULL, *csv_path = NULL;
  gboolean final = FALSE, submit = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "org", 0, 0, G_OPTION_ARG_STRING, &org, N_("The organisation whose subtree is counted (default this replica's)"), N_("ORG") },
    { "month", 0, 0, G_OPTION_ARG_STRING, &month, N_("The month"), N_("YYYY-MM") },
    { "pdf", 0, 0, G_OPTION_ARG_FILENAME, &pdf_path, N_("Write the report as PDF"), N_("FILE") },
    { "csv", 0, 0, G_OPTION_ARG_FILENAME, &csv_path, N_("Write the figures as CSV"), N_("FILE") },
    { "submit", 0, 0, G_OPTION_ARG_NONE, &submit, N_("Submit the month's report: recorded as final, with its verification code, synced and locked (its PDF and its CSV); a month is submitted once"), NULL },
    { "final", 0, 0, G_OPTION_ARG_NONE, &final, N_("The same as --submit"), NULL },
    { NULL }
  };
  TjDocOptions options;

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || g_strcmp0 (argv[1], "report") != 0)
    return tj_cli_usage (context, _("stats: use “stats report --month YYYY-MM --pdf FILE --csv FILE”."));
  final = final || submit;
  if (month == NULL || (pdf_path == NULL && csv_path == NULL && !final))
    return tj_cli_usage (context, _("stats report: give --month and at least one of --pdf and --csv."));
  tj_doc_options_init (&options);
  options.org_ref = org;
  options.final = final;
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!final && !note_submitted (cli, org, month, csv_path != NULL, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  /* The submission first: a refused one writes no files. */
  if (pdf_path != NULL || final)
    {
      g_autofree char *code = NULL;
      g_autoptr(GBytes) pdf = tj_doc_render (cli->cases, "monthly_stats", month, &options, &code,
                                             &error);

      if (pdf == NULL || (pdf_path != NULL && !write_file (pdf_path, pdf, &error)))
        return tj_cli_fail (g_steal_pointer (&error));
      if (code != NULL)
        g_printerr (_("Recorded as final, verification code %s.\n"), code);
    }
  if (csv_path != NULL)
    {
      /* Once submitted, the CSV kept at the submission, byte for byte. */
      g_autoptr(GBytes) csv = tj_doc_stats_csv_bytes (cli->cases, month, &options, NULL, &error);
      gsize size;
      const char *text;

      if (csv == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      text = g_bytes_get_data (csv, &size);
      if (g_strcmp0 (csv_path, "-") == 0)
        fwrite (text, 1, size, stdout);
      else if (!g_file_set_contents (csv_path, text, (gssize) size, &error))
        return tj_cli_fail (g_steal_pointer (&error));
    }
  return TJ_CLI_OK;
}
