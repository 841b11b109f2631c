/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tj-case-json.h"
#include "tj-cli-common.h"
#include "tj-money.h"
#include "tj-uuid.h"
#include "tj-validate.h"

/* "case party …" and "case claim …": the parties and claims of a registered case, one
 * at a time, each change its own edit in the case's timeline. */

typedef struct {
  char   *at;
  char   *note;
  TjWhen  when;
} Stamp;

static void
stamp_clear (Stamp *s)
{
  g_free (s->at);
  g_free (s->note);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Stamp, stamp_clear)

static void
stamp_add_options (GOptionContext *context, Stamp *s)
{
  GOptionEntry entries[] = {
    { "at", 0, 0, G_OPTION_ARG_STRING, &s->at, N_("When the change happened (default now)"), N_("DATETIME") },
    { "note", 0, 0, G_OPTION_ARG_STRING, &s->note, N_("A note for the event log"), N_("TEXT") },
    { NULL }
  };
  GOptionGroup *group = g_option_group_new ("when", _("When and why:"), _("Show when options"),
                                            NULL, NULL);

  g_option_group_add_entries (group, entries);
  g_option_group_set_translation_domain (group, GETTEXT_PACKAGE);
  g_option_context_add_group (context, group);
}

static gboolean
stamp_resolve (Stamp *s, GError **error)
{
  s->when.note = s->note;
  return s->at == NULL ||
         tj_cli_parse_time (_("Time of the change"), s->at, &s->when.stated_ms, error);
}

/* After a change, --json prints the case as it now is; otherwise `done` says what. */
static int
changed (TjCli *cli, const char *ref, const char *done)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autoptr(JsonNode) node = NULL;

  if (!cli->json)
    {
      if (done != NULL)
        g_print ("%s\n", done);
      return TJ_CLI_OK;
    }
  c = tj_case_store_get (cli->cases, ref, &error);
  if (c == NULL)
    return tj_cli_fail (g_steal_pointer (&error));
  node = tj_case_to_json (cli->cases, c, FALSE, FALSE);
  tj_cli_print_json (node);
  return TJ_CLI_OK;
}

static int
party_add (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE — add a party to a case"));
  g_autoptr(GError) error = NULL;
  g_autoptr(TjParty) p = NULL;
  g_autofree char *side = NULL, *kind = NULL, *name = NULL, *id_type = NULL, *id = NULL;
  g_autofree char *phone = NULL, *address = NULL, *service = NULL, *ethnicity = NULL;
  g_autofree char *legal_rep = NULL, *legal_rep_title = NULL, *done = NULL, *party_id = NULL;
  g_auto(GStrv) agents = NULL;
  g_auto(Stamp) stamp = { 0 };
  gboolean representative = FALSE;
  guint side_v = TJ_SIDE_APPLICANT, kind_v = TJ_PARTY_PERSON, v;
  int status;
  GOptionEntry entries[] = {
    { "side", 0, 0, G_OPTION_ARG_STRING, &side, N_("applicant, respondent or third_party"), N_("SIDE") },
    { "representative", 0, 0, G_OPTION_ARG_NONE, &representative, N_("A representative the workers of a collective dispute elected (an applicant, a person)"), NULL },
    { "kind", 0, 0, G_OPTION_ARG_STRING, &kind, N_("person (default) or organisation"), N_("KIND") },
    { "name", 0, 0, G_OPTION_ARG_STRING, &name, N_("The party's name"), N_("NAME") },
    { "id-type", 0, 0, G_OPTION_ARG_STRING, &id_type, N_("A person's ID document: resident (default), passport, hk_macao, taiwan or foreign_permit"), N_("TYPE") },
    { "id", 0, 0, G_OPTION_ARG_STRING, &id, N_("ID number, or an organisation's unified social credit code"), N_("NUMBER") },
    { "phone", 0, 0, G_OPTION_ARG_STRING, &phone, N_("Phone"), N_("PHONE") },
    { "address", 0, 0, G_OPTION_ARG_STRING, &address, N_("Address"), N_("TEXT") },
    { "service-address", 0, 0, G_OPTION_ARG_STRING, &service, N_("Where documents are sent"), N_("TEXT") },
    { "ethnicity", 0, 0, G_OPTION_ARG_STRING, &ethnicity, N_("Ethnic group (a person)"), N_("TEXT") },
    { "legal-rep", 0, 0, G_OPTION_ARG_STRING, &legal_rep, N_("Legal representative (an organisation)"), N_("NAME") },
    { "legal-rep-title", 0, 0, G_OPTION_ARG_STRING, &legal_rep_title, N_("The legal representative's title"), N_("TEXT") },
    { "agent", 0, 0, G_OPTION_ARG_STRING_ARRAY, &agents, N_("An agent (repeat for more); AUTHORITY is general or special:POWER,… with powers admit, waive, change, settle, sign, collect"), N_("NAME|PHONE|AUTHORITY") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  stamp_add_options (context, &stamp);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2)
    return tj_cli_usage (context, _("Name one case."));
  if (side != NULL && representative)
    return tj_cli_usage (context, _("--representative is an applicant: leave out --side."));
  if ((side != NULL && !tj_enum_parse (&tj_enum_side, "--side", side, &side_v, &error)) ||
      (kind != NULL && !tj_enum_parse (&tj_enum_party_kind, "--kind", kind, &kind_v, &error)) ||
      !stamp_resolve (&stamp, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (!tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (representative)
    {
      g_autoptr(TjCase) c = tj_case_store_get (cli->cases, argv[1], &error);

      if (c == NULL)
        return tj_cli_fail (g_steal_pointer (&error));
      if (!c->collective)
        {
          g_set_error (&error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       _("--representative: case %s is not a collective dispute (Law Art. 7: "
                         "10 or more workers with a common claim)."), c->case_no);
          return tj_cli_fail (g_steal_pointer (&error));
        }
      if (kind_v != TJ_PARTY_PERSON)
        return tj_cli_usage (context, _("--representative: a representative is a person."));
    }

  p = tj_party_new (side_v, kind_v, name != NULL ? name : "");
  if (id_type != NULL)
    {
      if (!tj_enum_parse (&tj_enum_id_type, "--id-type", id_type, &v, &error))
        return tj_cli_fail (g_steal_pointer (&error));
      p->id_type = v;
    }
  p->id_number = g_steal_pointer (&id);
  p->phone = g_steal_pointer (&phone);
  p->address = g_steal_pointer (&address);
  p->service_address = g_steal_pointer (&service);
  p->ethnicity = g_steal_pointer (&ethnicity);
  p->legal_rep = g_steal_pointer (&legal_rep);
  p->legal_rep_title = g_steal_pointer (&legal_rep_title);
  if (agents != NULL)
    p->agents = g_strjoinv (";", agents);
  if (!tj_case_store_add_party (cli->cases, argv[1], p, &stamp.when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  party_id = tj_uuid_dup_string (&p->id);
  /* Translators: a party's name and its new id */
  done = g_strdup_printf (_("Added %s (%s)"), p->name, party_id);
  return changed (cli, argv[1], done);
}

/* "case party set|remove" and "case claim set|remove": CASE RECORD [FIELD=VALUE…]. */
typedef gboolean (*SetFunc) (TjCaseStore *self, const char *ref, const char *record,
                             const char * const *assignments, const TjWhen *when,
                             GError **error);
typedef gboolean (*RemoveFunc) (TjCaseStore *self, const char *ref, const char *record,
                                const TjWhen *when, GError **error);

static int
record_change (TjCli *cli, int argc, char **argv, const char *synopsis,
               const char * const *fields, SetFunc set, RemoveFunc remove)
{
  g_autoptr(GOptionContext) context = g_option_context_new (synopsis);
  g_autoptr(GError) error = NULL;
  g_autofree char *list = NULL, *description = NULL;
  g_auto(Stamp) stamp = { 0 };
  int status;

  if (set != NULL)
    {
      list = g_strjoinv (", ", (char **) fields);
      description = g_strdup_printf (_("Fields: %s"), list);
      g_option_context_set_description (context, description);
    }
  stamp_add_options (context, &stamp);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (set != NULL && argc < 4)
    return tj_cli_usage (context, _("Name a case, the record in it and at least one FIELD=VALUE."));
  if (set == NULL && argc != 3)
    return tj_cli_usage (context, _("Name a case and the record in it."));
  if (!stamp_resolve (&stamp, &error) || !tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  if (set != NULL
      ? !set (cli->cases, argv[1], argv[2], (const char * const *) argv + 3, &stamp.when, &error)
      : !remove (cli->cases, argv[1], argv[2], &stamp.when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  return changed (cli, argv[1], NULL);
}

static int
party_set (TjCli *cli, int argc, char **argv)
{
  return record_change (cli, argc, argv,
                        _("CASE PARTY FIELD=VALUE… — edit a party (PARTY: its id, or applicant, "
                          "applicant2, respondent, …)"),
                        tj_case_store_list_party_fields (), tj_case_store_set_party, NULL);
}

static int
party_remove (TjCli *cli, int argc, char **argv)
{
  return record_change (cli, argc, argv, _("CASE PARTY — remove a party from a case"), NULL,
                        NULL, tj_case_store_remove_party);
}

static int
claim_add (TjCli *cli, int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (_("CASE — add a claim to a case"));
  g_autoptr(GError) error = NULL;
  g_autoptr(TjClaim) claim = NULL;
  g_autofree char *type = NULL, *amount = NULL, *done = NULL;
  g_autofree char *from = NULL, *to = NULL, *description = NULL;
  g_auto(Stamp) stamp = { 0 };
  guint type_v;
  gint64 fen = 0;
  int status;
  GOptionEntry entries[] = {
    { "type", 0, 0, G_OPTION_ARG_STRING, &type, N_("The claim's dispute type"), N_("TYPE") },
    { "amount", 0, 0, G_OPTION_ARG_STRING, &amount, N_("The amount claimed in yuan (default 0)"), N_("YUAN") },
    { "from", 0, 0, G_OPTION_ARG_STRING, &from, N_("The period claimed for begins"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_STRING, &to, N_("The period claimed for ends"), N_("DATE") },
    { "description", 0, 0, G_OPTION_ARG_STRING, &description, N_("What is claimed, in words"), N_("TEXT") },
    { NULL }
  };

  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  stamp_add_options (context, &stamp);
  if (!tj_cli_parse (context, &argc, &argv, &status))
    return status;
  if (argc != 2 || type == NULL)
    return tj_cli_usage (context, _("Name one case and give --type."));
  if (!tj_enum_parse (&tj_enum_dispute, "--type", type, &type_v, &error) ||
      (amount != NULL && !tj_money_parse_yuan ("--amount", amount, &fen, &error)) ||
      !stamp_resolve (&stamp, &error) || !tj_cli_open (cli, TRUE, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  claim = tj_claim_new (type_v, fen);
  claim->period_from = g_steal_pointer (&from);
  claim->period_to = g_steal_pointer (&to);
  claim->description = g_steal_pointer (&description);
  if (!tj_case_store_add_claim (cli->cases, argv[1], claim, &stamp.when, &error))
    return tj_cli_fail (g_steal_pointer (&error));
  {
    g_autofree char *id = tj_uuid_dup_string (&claim->id);

    /* Translators: the claim's type and its new id */
    done = g_strdup_printf (_("Added %s (%s)"), tj_enum_label (&tj_enum_dispute, claim->type), id);
  }
  return changed (cli, argv[1], done);
}

static int
claim_set (TjCli *cli, int argc, char **argv)
{
  return record_change (cli, argc, argv,
                        _("CASE CLAIM FIELD=VALUE… — edit a claim (CLAIM: its id or number)"),
                        tj_case_store_list_claim_fields (), tj_case_store_set_claim, NULL);
}

static int
claim_remove (TjCli *cli, int argc, char **argv)
{
  return record_change (cli, argc, argv, _("CASE CLAIM — remove a claim from a case"), NULL,
                        NULL, tj_case_store_remove_claim);
}

typedef struct {
  const char   *name;
  TjCliCommand  run;
} Subcommand;

static int
dispatch (TjCli *cli, int argc, char **argv, const Subcommand *subcommands, const char *usage)
{
  if (argc >= 2)
    for (guint i = 0; i < 3; i++)
      if (g_strcmp0 (argv[1], subcommands[i].name) == 0)
        return subcommands[i].run (cli, argc - 1, argv + 1);
  return tj_cli_usage (NULL, usage);
}

int
tj_cli_case_party (TjCli *cli, int argc, char **argv)
{
  static const Subcommand subcommands[] = {
    { "add", party_add }, { "set", party_set }, { "remove", party_remove },
  };

  return dispatch (cli, argc, argv, subcommands,
                   _("case party: use “case party add”, “case party set” or “case party remove”."));
}

int
tj_cli_case_claim (TjCli *cli, int argc, char **argv)
{
  static const Subcommand subcommands[] = {
    { "add", claim_add }, { "set", claim_set }, { "remove", claim_remove },
  };

  return dispatch (cli, argc, argv, subcommands,
                   _("case claim: use “case claim add”, “case claim set” or “case claim remove”."));
}
