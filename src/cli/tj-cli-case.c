/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-agents.h"
#include "tj-case-json.h"
#include "tj-case-list.h"
#include "tj-cli-common.h"
#include "tj-money.h"
#include "tj-review-grounds.h"
#include "tj-uuid.h"
#include "tj-validate.h"

/* A label padded to a column by display width: a Chinese character takes two columns. */
static void
print_field (const char *label, const char *value)
{
  guint width = 0;

  for (const char *p = label; *p; p = g_utf8_next_char (p))
    width += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  g_print ("  %s%*s %s\n", label, (int) (width < 12 ? 12 - width : 0), "", value ? value : "");
}

/* A party's agents, each with the authority it was given. */
static void
print_agents (const TjParty *p)
{
  g_autoptr(GPtrArray) agents = tj_agents_from_json (p->agents, p->name, NULL);

  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      TjAgent *a = g_ptr_array_index (agents, i);
      g_autofree char *authority = tj_agent_describe_authority (a);
      g_autofree char *line = g_strdup_printf ("%s %s (%s)", a->name ? a->name : "",
                                               a->phone ? a->phone : "", authority);

      g_autofree char *label = g_strconcat ("  ", _("Agent"), NULL);

      print_field (label, line);
    }
}

static void
print_case (TjCli *cli, const TjCase *c, gboolean reveal, gboolean with_events)
{
  g_autoptr(JsonNode) node = tj_case_to_json (cli->cases, c, reveal, with_events);
  g_autoptr(GArray) deadlines = NULL;
  g_autofree char *types = NULL;
  g_autofree char *claimed = NULL;

  if (cli->json)
    {
      tj_cli_print_json (node);
      return;
    }

  types = tj_disputes_to_labels (c->types);
  claimed = tj_money_format_yuan_grouped (c->claimed);
  g_print ("%s  %s\n", c->case_no, tj_enum_label (&tj_enum_state, c->state));
  print_field (_("Received on"), c->received);
  print_field (_("Source"), tj_enum_label (&tj_enum_source, c->source));
  print_field (_("Types"), types);
  print_field (_("Claimed"), claimed);
  if (c->mediator_name)
    print_field (_("Mediator"), c->mediator_name);
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      g_autofree char *masked = p->id_number && !reveal ? tj_mask_id_number (p->id_number)
                                                        : g_strdup (p->id_number);

      g_autofree char *who = g_strdup_printf ("%s %s %s", p->name, masked ? masked : "",
                                              p->phone ? p->phone : "");

      print_field (tj_enum_label (&tj_enum_side, p->side), who);
      print_agents (p);
    }
  for (guint i = 0; i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);
      g_autofree char *amount = tj_money_format_yuan_grouped (cl->amount);
      g_autofree char *label = g_strdup_printf (_("Claim %u"), i + 1);
      g_autoptr(GString) line = g_string_new (tj_enum_label (&tj_enum_dispute, cl->type));

      /* Translators: an amount in yuan */
      g_string_append_printf (line, " ");
      g_string_append_printf (line, _("¥%s"), amount);
      if (cl->period_from != NULL || cl->period_to != NULL)
        g_string_append_printf (line, " %s – %s", cl->period_from ? cl->period_from : "",
                                cl->period_to ? cl->period_to : "");
      if (cl->description != NULL)
        g_string_append_printf (line, " %s", cl->description);
      print_field (label, line->str);
    }
  if (c->facts)
    print_field (_("Facts"), c->facts);
  deadlines = tj_case_store_deadlines (cli->cases, c);
  for (guint i = 0; i < deadlines->len; i++)
    {
      TjDeadline *d = &g_array_index (deadlines, TjDeadline, i);
      g_autofree char *rule = tj_clock_describe (d->clock, tj_case_store_get_settings (cli->cases));

      g_autofree char *line = NULL;
      char date[16];

      g_snprintf (date, sizeof date, "%04u-%02u-%02u", g_date_get_year (&d->date),
                  g_date_get_month (&d->date), g_date_get_day (&d->date));
      line = d->provisional
        /* Translators: a deadline: the date, the clock's name and the rule it comes from */
        ? g_strdup_printf (_("%s provisional (%s: %s)"), date, tj_clock_label (d->clock), rule)
        : g_strdup_printf (_("%s (%s: %s)"), date, tj_clock_label (d->clock), rule);
      print_field (_("Deadline"), line);
    }
}

/* After an edit or an action, --json prints the case as it now is. */
static int
print_changed_case (TjCli *cli, const char *ref)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;

  if (!cli->json)
    return TJ_CLI_OK;
  c = tj_case_store_get (cli->cases, ref, &error);
  if (c == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  print_case (cli, c, FALSE, FALSE);
  return TJ_CLI_OK;
}

static gboolean
parse_claims (char **claims, TjCase *c, GError **error)
{
  for (guint i = 0; claims && claims[i]; i++)
    {
      g_auto(GStrv) parts = g_strsplit (claims[i], ":", 2);
      g_autofree char *field = g_strdup_printf (_("Claim %u"), i + 1);
      g_autofree char *amount_field = g_strdup_printf (_("Claim %u amount"), i + 1);
      guint type;
      gint64 fen;

      if (g_strv_length (parts) != 2)
        {
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       _("%s: write TYPE:AMOUNT_YUAN, for example wages:12000."), field);
          return FALSE;
        }
      if (!tj_enum_parse (&tj_enum_dispute, field, parts[0], &type, error) ||
          !tj_money_parse_yuan (amount_field, parts[1], &fen, error))
        return FALSE;
      g_ptr_array_add (c->claims, tj_claim_new (type, fen));
    }
  return TRUE;
}

static int
case_new (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— register a case"));
  g_autoptr(TjCase) c = tj_case_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *received = NULL, *types = NULL, *applicant = NULL, *applicant_id = NULL;
  g_autofree char *applicant_phone = NULL, *applicant_address = NULL, *respondent = NULL;
  g_autofree char *respondent_uscc = NULL, *respondent_id = NULL, *respondent_phone = NULL;
  g_autofree char *respondent_address = NULL, *legal_rep = NULL, *facts = NULL;
  g_autofree char *industry = NULL, *channel = NULL, *source = NULL, *delegation = NULL;
  g_autofree char *employer_type = NULL, *at = NULL, *note = NULL, *id_type = NULL;
  g_auto(GStrv) claims = NULL;
  int workers = 1, status;
  gboolean collective = FALSE, respondent_person = FALSE;
  TjParty *p;
  TjWhen when = { 0 };
  guint v;
  GOptionEntry entries[] = {
    { "received", 0, 0, G_OPTION_ARG_STRING, &received, N_("Date the application was received"), N_("DATE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &types, N_("Dispute types, comma separated"), N_("TYPE[,TYPE]") },
    { "applicant", 0, 0, G_OPTION_ARG_STRING, &applicant, N_("Applicant's name"), N_("NAME") },
    { "applicant-id", 0, 0, G_OPTION_ARG_STRING, &applicant_id, N_("Applicant's ID number"), N_("IDNO") },
    { "applicant-id-type", 0, 0, G_OPTION_ARG_STRING, &id_type, N_("Applicant's ID document: resident (default), passport, hk_macao, taiwan or foreign_permit"), N_("TYPE") },
    { "applicant-phone", 0, 0, G_OPTION_ARG_STRING, &applicant_phone, N_("Applicant's phone"), N_("PHONE") },
    { "applicant-address", 0, 0, G_OPTION_ARG_STRING, &applicant_address, N_("Applicant's address"), N_("TEXT") },
    { "respondent", 0, 0, G_OPTION_ARG_STRING, &respondent, N_("Respondent's name (the employer)"), N_("NAME") },
    { "respondent-uscc", 0, 0, G_OPTION_ARG_STRING, &respondent_uscc, N_("Respondent's unified social credit code (an organisation)"), N_("CODE") },
    { "respondent-person", 0, 0, G_OPTION_ARG_NONE, &respondent_person, N_("The respondent is a person, not an organisation"), NULL },
    { "respondent-id", 0, 0, G_OPTION_ARG_STRING, &respondent_id, N_("Respondent's ID number (a person)"), N_("IDNO") },
    { "respondent-phone", 0, 0, G_OPTION_ARG_STRING, &respondent_phone, N_("Respondent's phone"), N_("PHONE") },
    { "respondent-address", 0, 0, G_OPTION_ARG_STRING, &respondent_address, N_("Respondent's address"), N_("TEXT") },
    { "respondent-legal-rep", 0, 0, G_OPTION_ARG_STRING, &legal_rep, N_("Respondent's legal representative (an organisation)"), N_("NAME") },
    { "claim", 0, 0, G_OPTION_ARG_STRING_ARRAY, &claims, N_("A claim (repeat for more)"), N_("TYPE:AMOUNT_YUAN") },
    { "facts", 0, 0, G_OPTION_ARG_STRING, &facts, N_("Facts and reasons"), N_("TEXT") },
    { "industry", 0, 0, G_OPTION_ARG_STRING, &industry, N_("GB/T 4754 industry code"), N_("CODE") },
    { "employer-type", 0, 0, G_OPTION_ARG_STRING, &employer_type, N_("Employer type"), N_("TYPE") },
    { "workers", 0, 0, G_OPTION_ARG_INT, &workers, N_("Number of workers involved"), N_("N") },
    { "collective", 0, 0, G_OPTION_ARG_NONE, &collective, N_("A collective dispute (Law Art. 7)"), NULL },
    { "channel", 0, 0, G_OPTION_ARG_STRING, &channel, N_("How the application came in"), N_("CHANNEL") },
    { "source", 0, 0, G_OPTION_ARG_STRING, &source, N_("application, arbitration, court_delegated, …"), N_("SOURCE") },
    { "delegation-ref", 0, 0, G_OPTION_ARG_STRING, &delegation, N_("Reference of the delegating body"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the registration happened (default now)"), N_("DATETIME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the event log"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc > 1)
    return tj_cli_usage (context, _("Unexpected argument."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  c->received = g_steal_pointer (&received);
  c->facts = g_steal_pointer (&facts);
  c->industry = g_steal_pointer (&industry);
  c->employer_type = g_steal_pointer (&employer_type);
  c->delegation_ref = g_steal_pointer (&delegation);
  c->workers = workers;
  c->collective = collective;
  if (!tj_disputes_parse (_("Dispute type"), types, &c->types, &error) ||
      (channel && !tj_enum_parse (&tj_enum_channel, _("Channel"), channel, &v, &error)))
    return tj_cli_fail (g_steal_pointer (&error));
  if (channel)
    c->channel = v;
  if (source && !tj_enum_parse (&tj_enum_source, _("Source"), source, &v, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (source)
    c->source = v;

  p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, applicant);
  p->id_number = g_steal_pointer (&applicant_id);
  p->phone = g_steal_pointer (&applicant_phone);
  p->address = g_steal_pointer (&applicant_address);
  g_ptr_array_add (c->parties, p);
  if (id_type && !tj_enum_parse (&tj_enum_id_type, _("Applicant ID type"), id_type, &v, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (id_type)
    p->id_type = v;

  p = tj_party_new (TJ_SIDE_RESPONDENT, respondent_person ? TJ_PARTY_PERSON : TJ_PARTY_ORGANISATION,
                    respondent);
  p->id_number = respondent_person ? g_steal_pointer (&respondent_id) : g_steal_pointer (&respondent_uscc);
  p->phone = g_steal_pointer (&respondent_phone);
  p->address = g_steal_pointer (&respondent_address);
  p->legal_rep = g_steal_pointer (&legal_rep);
  g_ptr_array_add (c->parties, p);

  if (!parse_claims (claims, c, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (at && !tj_cli_parse_time (_("Time of the registration"), at, &when.stated_ms, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  when.note = note;

  if (!tj_case_store_create (cli->cases, c, &when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (cli->json)
    print_case (cli, c, FALSE, FALSE);
  else
    {
      g_autofree char *id = tj_uuid_dup_string (&c->id);
      g_print (_("Registered %s (%s)\n"), c->case_no, id);
    }
  return TJ_CLI_OK;
}

static int
case_show (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE — show a case"));
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;
  gboolean reveal = FALSE;
  int status;
  GOptionEntry entries[] = {
    { "reveal-ids", 0, 0, G_OPTION_ARG_NONE, &reveal,
      N_("Show full ID numbers (the access is logged)"), NULL },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return tj_cli_usage (context, _("Name one case: its id or its case number."));
  if (!tj_cli_open (cli, FALSE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  c = tj_case_store_get (cli->cases, argv[1], &error);
  if (c == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  if (reveal && !tj_case_store_log_id_access (cli->cases, c, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  print_case (cli, c, reveal, TRUE);
  return TJ_CLI_OK;
}

static int
case_list (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("— list cases"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *state = NULL, *type = NULL, *search = NULL, *order = NULL, *mediator = NULL;
  g_autofree char *after = NULL;
  gboolean overdue = FALSE;
  int limit = 50, status;
  TjCaseFilter filter;
  TjCaseCursor cursor = { 0 }, next = { 0 };
  guint v;
  GOptionEntry entries[] = {
    { "state", 0, 0, G_OPTION_ARG_STRING, &state, N_("Only cases in this state"), N_("STATE") },
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("Only cases with one of these dispute types"), N_("TYPE[,TYPE]") },
    { "mediator", 0, 0, G_OPTION_ARG_STRING, &mediator, N_("Only cases of this mediator (id)"), N_("ID") },
    { "overdue", 0, 0, G_OPTION_ARG_NONE, &overdue, N_("Only cases past their deadline"), NULL },
    { "search", 0, 0, G_OPTION_ARG_STRING, &search, N_("A fragment of a name, number, ID or the facts"), N_("TEXT") },
    { "order", 0, 0, G_OPTION_ARG_STRING, &order, N_("received (default), due or number"), N_("ORDER") },
    { "limit", 0, 0, G_OPTION_ARG_INT, &limit, N_("At most this many cases (default 50)"), N_("N") },
    { "after", 0, 0, G_OPTION_ARG_STRING, &after, N_("Continue after this position (printed with a full page)"), N_("CURSOR") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (limit < 1 || limit > 10000)
    return tj_cli_usage (context, _("--limit: from 1 to 10000."));
  if (!tj_cli_open (cli, FALSE, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  tj_case_filter_init (&filter);
  if (state)
    {
      if (!tj_enum_parse (&tj_enum_state, _("State"), state, &v, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      filter.state = v;
    }
  if (type && !tj_disputes_parse (_("Dispute type"), type, &filter.types, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  filter.overdue = overdue;
  filter.search = search;
  filter.mediator = mediator;
  if (order == NULL || g_strcmp0 (order, "received") == 0)
    filter.order = TJ_CASE_ORDER_RECEIVED;
  else if (g_strcmp0 (order, "due") == 0)
    filter.order = TJ_CASE_ORDER_DUE;
  else if (g_strcmp0 (order, "number") == 0)
    filter.order = TJ_CASE_ORDER_NUMBER;
  else
    return tj_cli_usage (context, _("--order: received, due or number."));
  if (after)
    {
      const char *bar = strrchr (after, '|');

      if (bar == NULL)
        return tj_cli_usage (context, _("--after: pass the position printed after “More:”, "
                                        "KEY|NUMBER."));
      cursor.valid = TRUE;
      cursor.key = bar ? g_strndup (after, bar - after) : NULL;
      cursor.cid = g_ascii_strtoll (bar ? bar + 1 : after, NULL, 10);
    }

  /* A search page examines a bounded number of index candidates and may come back short
   * with a cursor; go on until the limit is filled or nothing is left. */
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_case_row_free);
  for (;;)
    {
      g_autoptr(GPtrArray) page = NULL;

      if (!tj_case_list_page (cli->cases, &filter, cursor.valid ? &cursor : NULL,
                              limit - rows->len, &page, &next, &error))
        {
          tj_case_cursor_clear (&cursor);
          return tj_cli_fail (g_steal_pointer (&error));
        }
      tj_case_cursor_clear (&cursor);
      g_ptr_array_extend_and_steal (rows, g_steal_pointer (&page));
      if (!next.valid || rows->len >= (guint) limit)
        break;
      cursor = next;
      memset (&next, 0, sizeof next);
    }

  if (cli->json)
    {
      g_autoptr(JsonArray) array = json_array_new ();
      g_autoptr(JsonNode) node = json_node_new (JSON_NODE_ARRAY);

      for (guint i = 0; i < rows->len; i++)
        json_array_add_element (array, tj_case_row_to_json (g_ptr_array_index (rows, i)));
      json_node_set_array (node, array);
      tj_cli_print_json (node);
    }
  else
    {
      for (guint i = 0; i < rows->len; i++)
        {
          TjCaseRow *row = g_ptr_array_index (rows, i);
          g_print ("%-28s %-10s %-8s %-24s %-14s %s%s\n", row->case_no, row->received,
                   row->applicant ? row->applicant : "", row->respondent ? row->respondent : "",
                   tj_enum_label (&tj_enum_state, row->state), row->due ? row->due : "",
                   row->overdue ? _(" overdue") : "");
        }
    }
  if (next.valid)
    /* Translators: how to ask for the next page; keep --after and the quotes */
    g_printerr (_("More: --after '%s|%lld'\n"), next.key ? next.key : "", (long long) next.cid);
  tj_case_cursor_clear (&next);
  return TJ_CLI_OK;
}

static int
case_set (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE FIELD=VALUE… — edit a case"));
  g_autoptr(GError) error = NULL;
  g_autofree char *at = NULL, *note = NULL, *fields = NULL, *description = NULL;
  TjWhen when = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the change happened (default now)"), N_("DATETIME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the event log"), N_("TEXT") },
    { NULL }
  };

  fields = g_strjoinv (", ", (char **) tj_case_store_list_fields ());
  description = g_strdup_printf (_("Fields: %s"), fields);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc < 3)
    return tj_cli_usage (context, _("Name a case and at least one FIELD=VALUE."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (at && !tj_cli_parse_time (_("Time of the change"), at, &when.stated_ms, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  when.note = note;
  if (!tj_case_store_set (cli->cases, argv[1], (const char * const *) argv + 2, &when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  return print_changed_case (cli, argv[1]);
}

static int
case_delegate (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context =
    g_option_context_new (_("CASE ORGANISATION — delegate a case to another organisation"));
  g_autoptr(GError) error = NULL;
  g_autofree char *at = NULL, *reason = NULL;
  TjWhen when = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("Why the case goes there"), N_("TEXT") },
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When the change happened (default now)"), N_("DATETIME") },
    { NULL }
  };

  g_option_context_set_description (context, _("ORGANISATION is the id or the region code of a "
                                               "mediation organisation of your jurisdiction."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return tj_cli_usage (context, _("Name one case and one organisation."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (at && !tj_cli_parse_time (_("Time of the change"), at, &when.stated_ms, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!tj_case_store_move (cli->cases, argv[1], argv[2], reason, &when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  return print_changed_case (cli, argv[1]);
}

static int
case_do (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE ACTION — act on a case"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  g_autofree char *at = NULL, *note = NULL, *reason = NULL, *mediator = NULL, *date = NULL;
  g_autofree char *effective = NULL, *waiver = NULL, *performance = NULL, *paid = NULL;
  g_autofree char *grounds = NULL, *actions = NULL, *description = NULL, *ground_keys = NULL;
  g_auto(GStrv) clause_texts = NULL, ground_list = NULL;
  gboolean consent = FALSE;
  TjActionArgs args = { .paid = -1 };
  TjWhen when = { 0 };
  guint action;
  int status;
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &at, N_("When it happened (default now)"), N_("DATETIME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the event log"), N_("TEXT") },
    { "reason", 0, 0, G_OPTION_ARG_STRING, &reason, N_("reject, withdraw: the reasons; fail: no_agreement, time_limit, party_absent, respondent_refused or other"), N_("TEXT") },
    { "consent", 0, 0, G_OPTION_ARG_NONE, &consent, N_("accept: the respondent agreed to mediation; extend: both parties agreed"), NULL },
    { "mediator", 0, 0, G_OPTION_ARG_STRING, &mediator, N_("assign: the mediator's name or id"), N_("NAME") },
    { "date", 0, 0, G_OPTION_ARG_STRING, &date, N_("extend: the new planned end; agree: the signed date"), N_("DATE") },
    { "effective", 0, 0, G_OPTION_ARG_STRING, &effective, N_("agree: the date the agreement takes effect"), N_("DATE") },
    { "clause", 0, 0, G_OPTION_ARG_STRING_ARRAY, &clause_texts, N_("agree: payer>payee|what|amount|due date[|method] (repeat)"), N_("CLAUSE") },
    { "waiver", 0, 0, G_OPTION_ARG_STRING, &waiver, N_("agree: the waiver clause"), N_("TEXT") },
    { "performance", 0, 0, G_OPTION_ARG_STRING, &performance, N_("performance: performed, partly or not_performed"), N_("STATE") },
    { "paid", 0, 0, G_OPTION_ARG_STRING, &paid, N_("performance: the amount paid in yuan"), N_("AMOUNT") },
    { "ground", 0, 0, G_OPTION_ARG_STRING_ARRAY, &ground_list, N_("refuse: a ground of the Arbitration Case Rules, Art. 78 (repeat; see below)"), N_("KEY") },
    { "grounds", 0, 0, G_OPTION_ARG_STRING, &grounds, N_("refuse: the details of the grounds (required with --ground other)"), N_("TEXT") },
    { NULL }
  };

  actions = tj_enum_keys_joined (&tj_enum_action, ", ");
  ground_keys = tj_enum_keys_joined (&tj_enum_review_ground, ", ");
  /* Translators: the action keys, then the keys of the grounds for refusing an agreement */
  description = g_strdup_printf (_("Actions: %s\nGrounds of refusal (--ground): %s"), actions,
                                 ground_keys);
  g_option_context_set_description (context, description);
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return tj_cli_usage (context, _("Name a case and one action."));
  if (!tj_enum_parse (&tj_enum_action, _("Action"), argv[2], &action, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));

  for (guint i = 0; clause_texts && clause_texts[i]; i++)
    {
      TjClause *cl = tj_clause_parse (clause_texts[i], i + 1, &error);
      if (cl == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      g_ptr_array_add (clauses, cl);
    }
  if (!tj_review_grounds_parse ("--ground", (const char * const *) ground_list,
                                &args.ground_mask, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (paid && !tj_money_parse_yuan (_("Amount paid"), paid, &args.paid, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (at && !tj_cli_parse_time (_("Time of the action"), at, &when.stated_ms, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  args.reason = reason;
  args.consent = consent;
  args.mediator = mediator;
  args.date = date;
  args.effective = effective;
  args.waiver = waiver;
  args.clauses = clauses;
  args.performance = performance;
  args.grounds = grounds;
  when.note = note;

  if (!tj_case_store_do (cli->cases, argv[1], action, &args, &when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  return print_changed_case (cli, argv[1]);
}

static int
case_session (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE — record a mediation session"));
  g_autoptr(GError) error = NULL;
  g_autofree char *start = NULL, *end = NULL, *transcript_file = NULL, *note = NULL;
  TjSession s = { 0 };
  int status;
  GOptionEntry entries[] = {
    { "start", 0, 0, G_OPTION_ARG_STRING, &start, N_("When the session began"), N_("DATETIME") },
    { "end", 0, 0, G_OPTION_ARG_STRING, &end, N_("When it ended"), N_("DATETIME") },
    { "place", 0, 0, G_OPTION_ARG_STRING, &s.place, N_("Where it was held"), N_("TEXT") },
    { "mode", 0, 0, G_OPTION_ARG_STRING, &s.mode, N_("in_person (default), phone or video"), N_("MODE") },
    { "mediators", 0, 0, G_OPTION_ARG_STRING, &s.mediators, N_("The mediators present"), N_("NAMES") },
    { "recorder", 0, 0, G_OPTION_ARG_STRING, &s.recorder, N_("Who wrote the record"), N_("NAME") },
    { "attendees", 0, 0, G_OPTION_ARG_STRING, &s.attendees, N_("Parties and agents present"), N_("NAMES") },
    { "transcript", 0, 0, G_OPTION_ARG_STRING, &s.transcript, N_("The record of statements"), N_("TEXT") },
    { "transcript-file", 0, 0, G_OPTION_ARG_FILENAME, &transcript_file, N_("Read the record from a file (- for standard input)"), N_("FILE") },
    { "result", 0, 0, G_OPTION_ARG_STRING, &s.result, N_("The outcome of the session"), N_("TEXT") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &note, N_("A note for the event log"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    goto done;
  status = TJ_CLI_FAILED;
  if (argc != 2 || start == NULL)
    {
      status = tj_cli_usage (context, _("Name one case and give --start."));
      goto done;
    }
  if (!tj_cli_parse_time (_("Session start"), start, &s.started, &error) ||
      (end && !tj_cli_parse_time (_("Session end"), end, &s.ended, &error)))
    goto fail;
  if (transcript_file)
    {
      gsize length;

      g_free (s.transcript);
      if (!tj_cli_read_file (transcript_file, &s.transcript, &length, &error))
        goto fail;
    }
  if (!tj_cli_open (cli, TRUE, &error) ||
      !tj_case_store_add_session (cli->cases, argv[1], &s, note, &error))
    goto fail;
  if (!cli->json)
    {
      g_autofree char *id = tj_uuid_dup_string (&s.id);
      g_print ("%s\n", id);
    }
  status = TJ_CLI_OK;
  goto done;

fail:
  status = tj_cli_fail (g_steal_pointer (&error));
done:
  tj_session_clear (&s);
  return status;
}

static int
case_attach (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE FILE — attach a file to a case"));
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autofree char *name = NULL, *sha = NULL;
  int status;
  GOptionEntry entries[] = {
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The name to show (default: the file's name)"), N_("NAME") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 3)
    return tj_cli_usage (context, _("Name one case and one file."));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  file = g_file_new_for_commandline_arg (argv[2]);
  if (!tj_case_store_attach (cli->cases, argv[1], file, name, &sha, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  g_print ("%s\n", sha);
  return TJ_CLI_OK;
}

int
tj_cli_case (TjCli *cli, int argc, char **argv)
{
  static const struct { const char *name; TjCliCommand run; } subcommands[] = {
    { "new", case_new }, { "list", case_list }, { "show", case_show },
    { "set", case_set }, { "do", case_do }, { "session", case_session },
    { "attach", case_attach }, { "party", tj_cli_case_party }, { "claim", tj_cli_case_claim },
    { "delegate", case_delegate },
  };

  if (argc >= 2)
    for (guint i = 0; i < G_N_ELEMENTS (subcommands); i++)
      if (g_strcmp0 (argv[1], subcommands[i].name) == 0)
        return subcommands[i].run (cli, argc - 1, argv + 1);
  return tj_cli_usage (NULL, _("case: use “case new”, “case list”, “case show”, “case set”, "
                               "“case party”, “case claim”, “case do”, “case session”, "
                               "“case attach” or “case delegate”."));
}
