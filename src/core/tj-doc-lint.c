/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-lint.h"
#include "tj-money.h"
#include "tj-validate.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* Words that leave an obligation open: a review refuses "unclear content", and a court
 * cannot enforce "as soon as possible" or "about". */
static const char * const vague_words[] = {
  "尽快", "尽早", "适当", "酌情", "左右", "大约", "约", "部分", "另行协商", "再议", "视情况",
  "等费用", "若干", "一定",
};

/* Clauses that pay money: they need an amount and a method. */
static const char * const payment_words[] = {
  "支付", "赔偿", "补偿", "工资", "报酬", "费", "金", "款",
};

void
tj_doc_lint_issue_free (TjDocLintIssue *issue)
{
  if (issue == NULL)
    return;
  g_free (issue->message);
  g_free (issue);
}

TjDocAgreement *
tj_doc_agreement_new (void)
{
  TjDocAgreement *a = g_new0 (TjDocAgreement, 1);

  a->clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  return a;
}

void
tj_doc_agreement_free (TjDocAgreement *a)
{
  if (a == NULL)
    return;
  g_free (a->signed_date);
  g_free (a->effective);
  g_free (a->waiver);
  g_ptr_array_unref (a->clauses);
  g_free (a);
}

static void
add_issue (GPtrArray *issues, guint clause, const char *format, ...) G_GNUC_PRINTF (3, 4);

static void
add_issue (GPtrArray *issues, guint clause, const char *format, ...)
{
  TjDocLintIssue *issue = g_new0 (TjDocLintIssue, 1);
  va_list args;

  va_start (args, format);
  issue->clause = clause;
  issue->message = g_strdup_vprintf (format, args);
  va_end (args);
  g_ptr_array_add (issues, issue);
}

static gboolean
empty (const char *s)
{
  return s == NULL || *s == '\0';
}

static gboolean
side_matches (const char *who, TjSide side)
{
  static const char * const keys[][3] = {
    [TJ_SIDE_APPLICANT] = { "applicant", "申请人", NULL },
    [TJ_SIDE_RESPONDENT] = { "respondent", "被申请人", NULL },
    [TJ_SIDE_THIRD_PARTY] = { "third_party", "第三人", NULL },
  };

  return g_strv_contains (keys[side], who);
}

char *
tj_doc_resolve_party (const TjCase *c, const char *who)
{
  g_autoptr(GString) names = g_string_new (NULL);

  if (empty (who))
    return NULL;
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);

      if (side_matches (who, p->side))
        g_string_append_printf (names, "%s%s", names->len > 0 ? "、" : "", p->name);
    }
  if (names->len > 0)
    return g_string_free (g_steal_pointer (&names), FALSE);
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);

      if (g_strcmp0 (p->name, who) == 0)
        return g_strdup (p->name);
    }
  return NULL;
}

/* An amount written into the clause's own words ("支付工资12000元") must be the clause's
 * amount: two figures for one debt is what a review calls unclear. */
static void
check_written_amounts (GPtrArray *issues, guint n, const TjClause *cl)
{
  const char *s = cl->what;
  g_autofree char *capitals = cl->amount >= 0 ? tj_money_to_capitals (cl->amount, FALSE) : NULL;
  const char *cap;

  for (const char *p = s; *p != '\0'; p++)
    {
      const char *start = p;
      g_autofree char *figure = NULL;
      gint64 fen;

      if (!g_ascii_isdigit (*p))
        continue;
      while (g_ascii_isdigit (*p) || *p == '.' || *p == ',')
        p++;
      if (!g_str_has_prefix (p, "元"))
        {
          if (*p == '\0')
            break;
          continue;
        }
      figure = g_strndup (start, p - start);
      if (!tj_money_parse_yuan ("", figure, &fen, NULL))
        continue;
      if (cl->amount < 0)
        add_issue (issues, n, _("Clause %u: the words name %s yuan but the clause has no "
                                "amount; give the amount."), n, figure);
      else if (fen != cl->amount)
        {
          g_autofree char *amount = tj_money_format_yuan_grouped (cl->amount);

          add_issue (issues, n, _("Clause %u: the words say %s yuan, the amount is %s yuan; "
                                  "the figures and the capitals must name one amount."),
                     n, figure, amount);
        }
    }
  /* Capitals in the words: they must be the capitals of the amount. */
  cap = strstr (s, "人民币");
  if (cap != NULL && capitals != NULL)
    {
      const char *from = cap + strlen ("人民币");
      const char *end = strstr (from, "整");
      const char *fen_end = strstr (from, "分");
      g_autofree char *written = NULL;

      if (end == NULL || (fen_end != NULL && fen_end < end))
        end = fen_end;
      if (end != NULL)
        {
          written = g_strndup (from, end - from + strlen ("整"));
          if (!g_str_has_prefix (capitals, written) || strlen (written) != strlen (capitals))
            add_issue (issues, n, _("Clause %u: the capitals in the words (%s) are not the "
                                    "amount (%s)."), n, written, capitals);
        }
    }
}

static void
lint_clause (GPtrArray *issues, const TjCase *c, const TjDocAgreement *a, guint n,
             const TjClause *cl)
{
  g_autofree char *payer = tj_doc_resolve_party (c, cl->payer);
  g_autofree char *payee = tj_doc_resolve_party (c, cl->payee);
  gboolean payment = FALSE;

  if (empty (cl->payer))
    add_issue (issues, n, _("Clause %u: it does not say who pays or acts (the payer)."), n);
  else if (payer == NULL)
    add_issue (issues, n, _("Clause %u: the payer “%s” is not a party of the case."), n,
               cl->payer);
  if (empty (cl->payee))
    add_issue (issues, n, _("Clause %u: it does not say to whom (the payee)."), n);
  else if (payee == NULL)
    add_issue (issues, n, _("Clause %u: the payee “%s” is not a party of the case."), n,
               cl->payee);
  if (payer != NULL && payee != NULL && strcmp (payer, payee) == 0)
    add_issue (issues, n, _("Clause %u: the payer and the payee are the same (%s)."), n, payer);

  if (empty (cl->what))
    add_issue (issues, n, _("Clause %u: it does not say what is paid or done."), n);
  else
    {
      for (guint i = 0; i < G_N_ELEMENTS (payment_words); i++)
        payment = payment || strstr (cl->what, payment_words[i]) != NULL;
      for (guint i = 0; i < G_N_ELEMENTS (vague_words); i++)
        if (strstr (cl->what, vague_words[i]) != NULL)
          add_issue (issues, n, _("Clause %u: “%s” is unclear; say exactly what, how much "
                                  "and by when."), n, vague_words[i]);
      check_written_amounts (issues, n, cl);
    }
  payment = payment || cl->amount >= 0;
  if (payment && cl->amount < 0)
    add_issue (issues, n, _("Clause %u: a payment needs its amount."), n);
  else if (cl->amount == 0)
    add_issue (issues, n, _("Clause %u: the amount is zero; leave the clause out or give "
                            "the amount."), n);
  if (payment && empty (cl->method))
    add_issue (issues, n, _("Clause %u: a payment needs its method (bank transfer, cash, …)."), n);

  if (empty (cl->due))
    add_issue (issues, n, _("Clause %u: it has no due date."), n);
  else if (!tj_validate_date ("", cl->due, NULL, NULL))
    add_issue (issues, n, _("Clause %u: the due date “%s” is not a date (YYYY-MM-DD)."), n,
               cl->due);
  else if (!empty (a->signed_date) && strcmp (cl->due, a->signed_date) < 0)
    add_issue (issues, n, _("Clause %u: the due date %s lies before the agreement was signed "
                            "(%s)."), n, cl->due, a->signed_date);
}

GPtrArray *
tj_doc_lint_agreement (const TjCase *c, const TjDocAgreement *a)
{
  GPtrArray *issues = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_doc_lint_issue_free);
  guint n_applicants = 0, n_respondents = 0;

  g_return_val_if_fail (c != NULL && a != NULL, issues);

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      g_autoptr(GError) local = NULL;
      g_autofree char *label = NULL;
      char uscc[TJ_USCC_LEN + 1];
      TjResidentId rid;

      if (p->side == TJ_SIDE_THIRD_PARTY)
        continue;
      n_applicants += p->side == TJ_SIDE_APPLICANT;
      n_respondents += p->side == TJ_SIDE_RESPONDENT;
      /* Translators: a side and a name, e.g. "Respondent 某公司" */
      label = g_strdup_printf (_("%s %s"), tj_enum_label (&tj_enum_side, p->side), p->name);
      if (!tj_party_identity_complete (p, label, &local))
        add_issue (issues, 0, "%s", local->message);
      else if (p->id_number != NULL && p->id_type == TJ_ID_RESIDENT &&
               !tj_validate_resident_id (label, p->id_number, NULL, &rid, &local))
        add_issue (issues, 0, "%s", local->message);
      else if (p->id_number != NULL && p->id_type == TJ_ID_USCC &&
               !tj_validate_uscc (label, p->id_number, uscc, NULL, &local))
        add_issue (issues, 0, "%s", local->message);
    }
  if (n_applicants == 0 || n_respondents == 0)
    add_issue (issues, 0, _("Agreement: it needs an applicant and a respondent."));
  if (empty (a->signed_date))
    add_issue (issues, 0, _("Agreement: it has no signing date."));
  if (a->clauses->len == 0)
    add_issue (issues, 0, _("Agreement: it has no clauses; say who pays or does what for "
                            "whom, and by when."));
  for (guint i = 0; i < a->clauses->len; i++)
    lint_clause (issues, c, a, i + 1, g_ptr_array_index (a->clauses, i));
  return issues;
}

char *
tj_doc_lint_message (GPtrArray *issues)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < issues->len; i++)
    {
      TjDocLintIssue *issue = g_ptr_array_index (issues, i);

      g_string_append_printf (s, "%s%s", i > 0 ? "\n" : "", issue->message);
    }
  return g_string_free (s, FALSE);
}
