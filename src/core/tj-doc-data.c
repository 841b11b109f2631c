/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-data.h"
#include "tj-money.h"

#include <stdio.h>
#include <string.h>

struct _TjDocScope {
  GHashTable *fields;           /* name → value */
  GHashTable *lists;            /* name → GPtrArray of TjDocScope */
};

/* The names a template may use. Adding a name is cheap; renaming one breaks the
 * templates provinces keep, so names stay. */
static const char * const root_fields[] = {
  "doc.title", "doc.date", "doc.number", "doc.code", "doc.final",
  "org.name", "org.short_name", "org.address", "org.phone", "org.arbitration",
  "case.number", "case.received", "case.channel", "case.oral", "case.source",
  "case.delegated", "case.delegation_ref", "case.court", "case.types", "case.facts",
  "case.claimed", "case.agreed", "case.state", "case.mediator", "case.accepted_date",
  "case.consent_date", "case.planned_end", "case.closed_date", "case.closing_reason",
  "case.closing_note", "case.collective", "case.workers", "case.industry",
  "case.employer_type", "case.complexity", "case.first_session", "case.recusal",
  "applicant.name", "respondent.name",
  "agreement.signed", "agreement.effective", "agreement.waiver", "agreement.review_due",
  "agreement.payment_order", "agreement.copies",
  "session.index", "session.date", "session.started", "session.ended", "session.place",
  "session.mode", "session.mediators", "session.recorder", "session.attendees",
  "session.result",
  "register.month", "register.count",
  "stats.org", "stats.month", "stats.received", "stats.collective", "stats.online",
  "stats.delegated", "stats.accepted", "stats.closed", "stats.agreed", "stats.failed",
  "stats.pending_start", "stats.pending_end", "stats.success_rate", "stats.avg_days",
  "stats.median_days", "stats.overdue", "stats.workers", "stats.claimed",
  "stats.agreed_amount", "stats.paid", "stats.late", "stats.online_rate",
  NULL
};

static const char * const party_fields[] = {
  "index", "index_cn", "role", "name", "kind", "is_person", "is_org", "sex", "birth_date",
  "ethnicity", "id_type", "id_number", "address", "service_address", "phone", "legal_rep",
  "legal_rep_title", "legal_rep_full", "particulars", "agents", NULL
};
static const char * const claim_fields[] = {
  "index", "index_cn", "type", "amount", "period", "description", NULL
};
static const char * const clause_fields[] = {
  "index", "index_cn", "payer", "payee", "what", "action", "is_payment", "amount", "due",
  "method", NULL
};
static const char * const session_fields[] = {
  "index", "date", "place", "mediators", "result", NULL
};
static const char * const line_fields[] = { "index", "text", NULL };
static const char * const evidence_fields[] = { "index", "index_cn", "name", NULL };
static const char * const row_fields[] = {
  "index", "number", "received", "parties", "matter", "source", "accepted", "mediator",
  "result", "closed", NULL
};
static const char * const stat_fields[] = {
  "index", "label", "received", "closed", "agreed", "claimed", "agreed_amount", NULL
};

static const TjDocListSchema lists[] = {
  { "applicants", "party", party_fields },
  { "respondents", "party", party_fields },
  { "third_parties", "party", party_fields },
  { "parties", "party", party_fields },
  { "claims", "claim", claim_fields },
  { "clauses", "clause", clause_fields },
  { "sessions", "session", session_fields },
  { "statements", "line", line_fields },
  { "evidence", "item", evidence_fields },
  { "rows", "row", row_fields },
  { "stats_types", "stat", stat_fields },
  { "stats_sources", "stat", stat_fields },
  { "stats_mediators", "stat", stat_fields },
  { "stats_regions", "stat", stat_fields },
  { "stats_industries", "stat", stat_fields },
};

static void
list_free (gpointer data)
{
  g_ptr_array_unref (data);
}

TjDocScope *
tj_doc_scope_new (void)
{
  TjDocScope *scope = g_new0 (TjDocScope, 1);

  scope->fields = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  scope->lists = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, list_free);
  return scope;
}

void
tj_doc_scope_free (TjDocScope *scope)
{
  if (scope == NULL)
    return;
  g_hash_table_unref (scope->fields);
  g_hash_table_unref (scope->lists);
  g_free (scope);
}

void
tj_doc_scope_take (TjDocScope *scope, const char *name, char *value)
{
  g_return_if_fail (scope != NULL && name != NULL);
  g_hash_table_replace (scope->fields, g_strdup (name), value != NULL ? value : g_strdup (""));
}

void
tj_doc_scope_set (TjDocScope *scope, const char *name, const char *value)
{
  tj_doc_scope_take (scope, name, g_strdup (value));
}

TjDocScope *
tj_doc_scope_add_item (TjDocScope *scope, const char *list)
{
  GPtrArray *items;
  TjDocScope *item;

  g_return_val_if_fail (scope != NULL && list != NULL, NULL);

  items = g_hash_table_lookup (scope->lists, list);
  if (items == NULL)
    {
      items = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_doc_scope_free);
      g_hash_table_insert (scope->lists, g_strdup (list), items);
    }
  item = tj_doc_scope_new ();
  g_ptr_array_add (items, item);
  tj_doc_scope_take (item, "index", g_strdup_printf ("%u", items->len));
  tj_doc_scope_take (item, "index_cn", tj_doc_number_cn (items->len));
  return item;
}

const char *
tj_doc_scope_get (const TjDocScope *scope, const char *name)
{
  g_return_val_if_fail (scope != NULL && name != NULL, NULL);
  return g_hash_table_lookup (scope->fields, name);
}

GPtrArray *
tj_doc_scope_get_list (const TjDocScope *scope, const char *list)
{
  g_return_val_if_fail (scope != NULL && list != NULL, NULL);
  return g_hash_table_lookup (scope->lists, list);
}

gboolean
tj_doc_schema_has_root_field (const char *name)
{
  return g_strv_contains (root_fields, name);
}

const TjDocListSchema *
tj_doc_schema_list (const char *list)
{
  for (guint i = 0; i < G_N_ELEMENTS (lists); i++)
    if (strcmp (lists[i].list, list) == 0)
      return &lists[i];
  return NULL;
}

gboolean
tj_doc_schema_list_has_field (const TjDocListSchema *list, const char *field)
{
  return g_strv_contains (list->fields, field);
}

static const char * const cn_digits[] = {
  "〇", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

char *
tj_doc_number_cn (guint n)
{
  GString *s = g_string_new (NULL);

  if (n >= 100)
    {
      /* Clause and heading numbers stay far below this; digit by digit reads better. */
      char buf[16];

      g_snprintf (buf, sizeof buf, "%u", n);
      for (const char *q = buf; *q != '\0'; q++)
        g_string_append (s, cn_digits[*q - '0']);
      return g_string_free (s, FALSE);
    }
  if (n >= 20)
    g_string_append (s, cn_digits[n / 10]);
  if (n >= 10)
    g_string_append (s, "十");
  if (n % 10 != 0 || n == 0)
    g_string_append (s, cn_digits[n % 10]);
  return g_string_free (s, FALSE);
}

/* The older style writes the year digit by digit with 〇 (U+3007) and month and day as
 * numbers: 二〇二六年三月五日, 二〇二六年十二月三十一日. */
char *
tj_doc_format_date (const char *iso, TjDocDateStyle style)
{
  int year, month, day;
  GString *s;

  if (iso == NULL || sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) != 3 ||
      month < 1 || month > 12 || day < 1 || day > 31 || year < 1000)
    return g_strdup (iso != NULL ? iso : "");
  if (style == TJ_DOC_DATE_ARABIC)
    return g_strdup_printf ("%d年%d月%d日", year, month, day);

  s = g_string_new (NULL);
  for (int div = 1000; div > 0; div /= 10)
    g_string_append (s, cn_digits[year / div % 10]);
  g_string_append (s, "年");
  {
    g_autofree char *m = tj_doc_number_cn ((guint) month);
    g_autofree char *d = tj_doc_number_cn ((guint) day);
    g_string_append_printf (s, "%s月%s日", m, d);
  }
  return g_string_free (s, FALSE);
}

char *
tj_doc_format_amount (gint64 fen)
{
  g_autofree char *figures = NULL;
  g_autofree char *capitals = NULL;

  if (fen < 0 || fen > TJ_MONEY_MAX_FEN)
    return g_strdup ("");
  figures = tj_money_format_yuan_grouped (fen);
  capitals = tj_money_to_capitals (fen, TRUE);
  return g_strdup_printf ("%s元（%s）", figures, capitals);
}
