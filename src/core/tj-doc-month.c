/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-private.h"
#include "tj-money.h"
#include "tj-validate.h"

#include <stdio.h>

#include <glib/gi18n-lib.h>
#include <string.h>

/* The documents of an organisation's month: the register (one row per case received)
 * and the monthly statistics report of domain.md, over the organisation's subtree, on
 * the local replica (so they work offline). */

#define SUBTREE \
  "WITH RECURSIVE sub (id) AS (SELECT ?1 UNION ALL " \
  "  SELECT o.id FROM organisation o JOIN sub ON o.parent_id = sub.id) "

static const char * const agreed_states = "('agreed','under_review','confirmed','review_refused')";

typedef struct {
  TjStore    *db;
  TjUuid      org;
  char        from[11];         /* first day of the month */
  char        to[11];           /* first day of the next */
} Month;

gboolean
_tj_doc_resolve_org (TjCaseStore *store, const char *ref, TjUuid *out, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean found = FALSE;

  if (ref == NULL)
    {
      *out = *tj_case_store_get_org_id (store);
      return TRUE;
    }
  if (tj_uuid_parse (ref, out))
    return TRUE;
  stmt = tj_store_prepare (tj_case_store_get_store (store),
                           "SELECT id FROM organisation WHERE name = ?1 OR short_name = ?1 "
                           "OR region_code = ?1 ORDER BY level LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, ref, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      memcpy (out->bytes, sqlite3_column_blob (stmt, 0), 16);
      found = TRUE;
    }
  sqlite3_reset (stmt);
  if (!found)
    g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                 _("Organisation: no organisation “%s” in this replica (give its name, short "
                   "name, region code or id)."), ref);
  return found;
}

static gboolean
parse_month (const char *text, Month *m, GError **error)
{
  int year, month;
  char tail;

  if (text == NULL || sscanf (text, "%4d-%2d%c", &year, &month, &tail) != 2 ||
      strlen (text) != 7 || year < 2000 || year > 2999 || month < 1 || month > 12)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                   _("Month: write it as YYYY-MM, for example 2026-03; “%s” is not one."),
                   text != NULL ? text : "");
      return FALSE;
    }
  g_snprintf (m->from, sizeof m->from, "%04d-%02d-01", year, month);
  g_snprintf (m->to, sizeof m->to, "%04d-%02d-01", month == 12 ? year + 1 : year,
              month == 12 ? 1 : month + 1);
  return TRUE;
}

/* One aggregate over the subtree's cases of the month that match `where`. */
static gint64
scalar (Month *m, const char *aggregate, const char *where)
{
  g_autofree char *sql = g_strdup_printf (SUBTREE "SELECT %s FROM \"case\" c "
                                          "WHERE c.org_id IN sub AND (%s)", aggregate, where);
  sqlite3_stmt *stmt = tj_store_prepare (m->db, sql, NULL);
  gint64 n = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_blob (stmt, 1, m->org.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, m->to, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gint64
count (Month *m, const char *where)
{
  return scalar (m, "count (*)", where);
}

static gint64
sum (Month *m, const char *expr, const char *where)
{
  g_autofree char *aggregate = g_strdup_printf ("coalesce (sum (%s), 0)", expr);

  return scalar (m, aggregate, where);
}

static char *
percent (gint64 part, gint64 whole)
{
  return whole > 0 ? g_strdup_printf ("%.1f%%", 100.0 * part / whole) : g_strdup ("—");
}

static void
set_count (TjDocScope *s, const char *name, gint64 n)
{
  tj_doc_scope_take (s, name, g_strdup_printf ("%lld", (long long) n));
}

/* Durations of the cases closed in the month, in days from receipt. */
static void
add_durations (Month *m, TjDocScope *data)
{
  g_autoptr(GArray) days = g_array_new (FALSE, FALSE, sizeof (double));
  sqlite3_stmt *stmt = tj_store_prepare (m->db, SUBTREE
                                         "SELECT julianday (c.closed_date) - julianday (c.received) "
                                         "FROM \"case\" c WHERE c.org_id IN sub "
                                         "AND c.closed_date >= ?2 AND c.closed_date < ?3 "
                                         "AND c.state <> 'rejected' ORDER BY 1", NULL);
  double total = 0;

  if (stmt == NULL)
    return;
  sqlite3_bind_blob (stmt, 1, m->org.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, m->to, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      double d = sqlite3_column_double (stmt, 0);

      g_array_append_val (days, d);
      total += d;
    }
  sqlite3_reset (stmt);
  if (days->len == 0)
    {
      tj_doc_scope_set (data, "stats.avg_days", "—");
      tj_doc_scope_set (data, "stats.median_days", "—");
      return;
    }
  tj_doc_scope_take (data, "stats.avg_days", g_strdup_printf ("%.1f", total / days->len));
  tj_doc_scope_take (data, "stats.median_days",
                     g_strdup_printf ("%.1f", days->len % 2 == 1
                                      ? g_array_index (days, double, days->len / 2)
                                      : (g_array_index (days, double, days->len / 2 - 1) +
                                         g_array_index (days, double, days->len / 2)) / 2));
}

/* GB/T 4754-2017 sections, as the report names them. */
static const char * const industry_sections[] = {
  "农、林、牧、渔业", "采矿业", "制造业", "电力、热力、燃气及水生产和供应业", "建筑业",
  "批发和零售业", "交通运输、仓储和邮政业", "住宿和餐饮业", "信息传输、软件和信息技术服务业",
  "金融业", "房地产业", "租赁和商务服务业", "科学研究和技术服务业", "水利、环境和公共设施管理业",
  "居民服务、修理和其他服务业", "教育", "卫生和社会工作", "文化、体育和娱乐业",
  "公共管理、社会保障和社会组织", "国际组织",
};

/* The section letter of c.industry in SQL, built from tj_industry_section () so the
 * division ranges are written once. */
static char *
industry_section_sql (void)
{
  GString *sql = g_string_new ("CASE WHEN c.industry GLOB '[A-T]' THEN c.industry ");
  char section[100] = { 0 };

  for (guint d = 1; d <= 99; d++)
    {
      char code[3];

      g_snprintf (code, sizeof code, "%02u", d);
      section[d] = tj_industry_section (code);
    }
  for (guint d = 1, end; d <= 99; d = end + 1)
    {
      for (end = d; end < 99 && section[end + 1] == section[d]; end++)
        ;
      if (section[d] != 0)
        g_string_append_printf (sql, "WHEN substr (c.industry, 1, 2) BETWEEN '%02u' AND '%02u' "
                                "THEN '%c' ", d, end, section[d]);
    }
  g_string_append (sql, "END");
  return g_string_free (sql, FALSE);
}

static const char *
breakdown_label (const char *list, const char *key)
{
  guint value;

  if (key == NULL)
    return strcmp (list, "stats_industries") == 0 ? "（未填）" : "（未分派）";
  if (strcmp (list, "stats_sources") == 0 && tj_enum_lookup (&tj_enum_source, key, &value))
    return _tj_doc_label_source (value);
  return key;
}

/* One row per group of the subtree's cases received or closed in the month. `with` (may
 * be empty) adds common table expressions after the subtree's. */
static void
add_breakdown (Month *m, TjDocScope *data, const char *list, const char *label_sql,
               const char *group, const char *with, const char *join)
{
  g_autofree char *agreed = g_strdup_printf ("c.closed_date >= ?2 AND c.closed_date < ?3 "
                                             "AND c.state IN %s", agreed_states);
  g_autofree char *sql = g_strdup_printf (
    SUBTREE "%s SELECT %s, "
    "  sum (c.received >= ?2 AND c.received < ?3), "
    "  sum (c.closed_date >= ?2 AND c.closed_date < ?3), "
    "  sum (%s), "
    "  sum (CASE WHEN c.received >= ?2 AND c.received < ?3 THEN c.claimed ELSE 0 END), "
    "  sum (CASE WHEN %s THEN coalesce (c.agreed, 0) ELSE 0 END) "
    "FROM \"case\" c %s WHERE c.org_id IN sub AND ((c.received >= ?2 AND c.received < ?3) OR "
    "  (c.closed_date >= ?2 AND c.closed_date < ?3)) GROUP BY %s ORDER BY %s",
    with, label_sql, agreed, agreed, join, group, group);
  sqlite3_stmt *stmt = tj_store_prepare (m->db, sql, NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_blob (stmt, 1, m->org.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, m->to, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TjDocScope *item = tj_doc_scope_add_item (data, list);
      const char *key = (const char *) sqlite3_column_text (stmt, 0);

      tj_doc_scope_set (item, "label", breakdown_label (list, key));
      set_count (item, "received", sqlite3_column_int64 (stmt, 1));
      set_count (item, "closed", sqlite3_column_int64 (stmt, 2));
      set_count (item, "agreed", sqlite3_column_int64 (stmt, 3));
      tj_doc_scope_take (item, "claimed", tj_money_format_yuan_grouped (sqlite3_column_int64 (stmt, 4)));
      tj_doc_scope_take (item, "agreed_amount",
                         tj_money_format_yuan_grouped (sqlite3_column_int64 (stmt, 5)));
    }
  sqlite3_reset (stmt);
}

/* Dispute types are a bit set: one row per type, counted by bit. */
static void
add_types (Month *m, TjDocScope *data)
{
  for (guint t = 0; t < TJ_N_DISPUTES; t++)
    {
      g_autofree char *received = g_strdup_printf ("(c.types & %u) AND c.received >= ?2 AND "
                                                   "c.received < ?3", 1u << t);
      g_autofree char *closed = g_strdup_printf ("(c.types & %u) AND c.closed_date >= ?2 AND "
                                                 "c.closed_date < ?3", 1u << t);
      g_autofree char *agreed = g_strdup_printf ("%s AND c.state IN %s", closed, agreed_states);
      gint64 n_received = count (m, received);
      gint64 n_closed = count (m, closed);
      TjDocScope *item;

      if (n_received == 0 && n_closed == 0)
        continue;
      item = tj_doc_scope_add_item (data, "stats_types");
      tj_doc_scope_set (item, "label", _tj_doc_label_dispute (t));
      set_count (item, "received", n_received);
      set_count (item, "closed", n_closed);
      set_count (item, "agreed", count (m, agreed));
      tj_doc_scope_take (item, "claimed", tj_money_format_yuan_grouped (sum (m, "c.claimed", received)));
      tj_doc_scope_take (item, "agreed_amount",
                         tj_money_format_yuan_grouped (sum (m, "coalesce (c.agreed, 0)", agreed)));
    }
}

static gint64
late_entries (Month *m)
{
  g_autoptr(GDateTime) from = NULL;
  g_autoptr(GDateTime) to = NULL;
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  sqlite3_stmt *stmt;
  gint64 n = 0;
  int y, mo;

  sscanf (m->from, "%4d-%2d", &y, &mo);
  from = g_date_time_new (tz, y, mo, 1, 0, 0, 0);
  to = g_date_time_add_months (from, 1);
  stmt = tj_store_prepare (m->db, SUBTREE "SELECT count (*) FROM event e JOIN \"case\" c "
                                  "ON c.id = e.case_id WHERE c.org_id IN sub AND e.late = 1 "
                                  "AND e.recorded_at >= ?2 AND e.recorded_at < ?3", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_blob (stmt, 1, m->org.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, g_date_time_to_unix (from) * 1000);
  sqlite3_bind_int64 (stmt, 3, g_date_time_to_unix (to) * 1000);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static void
add_stats (Month *m, TjDocScope *data)
{
  const char *in_month = "c.received >= ?2 AND c.received < ?3";
  g_autofree char *agreed = g_strdup_printf ("c.closed_date >= ?2 AND c.closed_date < ?3 AND "
                                             "c.state IN %s", agreed_states);
  gint64 received = count (m, in_month);
  gint64 online = count (m, "c.received >= ?2 AND c.received < ?3 AND c.channel = 'online'");
  gint64 closed = count (m, "c.closed_date >= ?2 AND c.closed_date < ?3 AND c.state <> 'rejected'");
  gint64 n_agreed = count (m, agreed);
  GPtrArray *industries;

  set_count (data, "stats.received", received);
  set_count (data, "stats.collective", count (m, "c.received >= ?2 AND c.received < ?3 AND c.collective"));
  set_count (data, "stats.online", online);
  set_count (data, "stats.delegated", count (m, "c.received >= ?2 AND c.received < ?3 AND "
                                                "c.source <> 'application'"));
  set_count (data, "stats.accepted", count (m, "c.accepted_date >= ?2 AND c.accepted_date < ?3"));
  set_count (data, "stats.closed", closed);
  set_count (data, "stats.agreed", n_agreed);
  set_count (data, "stats.failed", count (m, "c.closed_date >= ?2 AND c.closed_date < ?3 AND "
                                             "c.state IN ('failed','transferred')"));
  set_count (data, "stats.pending_start", count (m, "c.received < ?2 AND (c.closed_date IS NULL "
                                                    "OR c.closed_date >= ?2)"));
  set_count (data, "stats.pending_end", count (m, "c.received < ?3 AND (c.closed_date IS NULL "
                                                  "OR c.closed_date >= ?3)"));
  tj_doc_scope_take (data, "stats.success_rate", percent (n_agreed, closed));
  add_durations (m, data);
  set_count (data, "stats.overdue", count (m, "c.received < ?3 AND c.planned_end < ?3 AND "
                                              "(c.closed_date IS NULL OR c.closed_date > c.planned_end) "
                                              "AND (c.closed_date IS NULL OR c.closed_date >= ?2)"));
  set_count (data, "stats.workers", sum (m, "c.workers", in_month));
  tj_doc_scope_take (data, "stats.claimed", tj_money_format_yuan_grouped (sum (m, "c.claimed", in_month)));
  tj_doc_scope_take (data, "stats.agreed_amount",
                     tj_money_format_yuan_grouped (sum (m, "coalesce (c.agreed, 0)", agreed)));
  tj_doc_scope_take (data, "stats.paid",
                     tj_money_format_yuan_grouped (sum (m, "max (coalesce (c.paid, 0), 0)",
                                                        "c.closed_date >= ?2 AND c.closed_date < ?3")));
  set_count (data, "stats.late", late_entries (m));
  tj_doc_scope_take (data, "stats.online_rate", percent (online, received));
  add_types (m, data);
  add_breakdown (m, data, "stats_sources", "c.source", "c.source", "", "");
  add_breakdown (m, data, "stats_mediators", "p.name", "p.name", "",
                 "LEFT JOIN person p ON p.id = c.mediator_id");
  /* By region: each organisation directly below the reporting one stands for its own
   * subtree; the reporting organisation's own cases are its own row. */
  add_breakdown (m, data, "stats_regions", "r.name", "r.region_code, r.name",
                 ", tops (id, top) AS (SELECT ?1, ?1 UNION ALL SELECT o.id, "
                 "  CASE WHEN tops.id = ?1 THEN o.id ELSE tops.top END "
                 "  FROM organisation o JOIN tops ON o.parent_id = tops.id)",
                 "JOIN tops t ON t.id = c.org_id JOIN organisation r ON r.id = t.top");
  {
    g_autofree char *section = industry_section_sql ();
    g_autofree char *label = g_strdup_printf ("(%s)", section);

    add_breakdown (m, data, "stats_industries", label, label, "", "");
  }
  industries = tj_doc_scope_get_list (data, "stats_industries");
  for (guint i = 0; industries != NULL && i < industries->len; i++)
    {
      TjDocScope *item = g_ptr_array_index (industries, i);
      const char *letter = tj_doc_scope_get (item, "label");

      if (letter[0] >= 'A' && letter[0] <= 'T' && letter[1] == '\0')
        tj_doc_scope_take (item, "label", g_strdup_printf ("%c %s", letter[0],
                                                           industry_sections[letter[0] - 'A']));
    }
}

static void
add_register (Month *m, TjCaseStore *store, TjDocScope *data, TjDocDateStyle style)
{
  sqlite3_stmt *stmt = tj_store_prepare (m->db, SUBTREE
    "SELECT c.case_no, c.received, c.types, c.source, c.state, c.accepted_date, p.name, "
    "  c.closed_date, (SELECT group_concat (name, '、') FROM party WHERE case_id = c.id "
    "   AND side = 'applicant'), (SELECT group_concat (name, '、') FROM party "
    "   WHERE case_id = c.id AND side = 'respondent') "
    "FROM \"case\" c LEFT JOIN person p ON p.id = c.mediator_id "
    "WHERE c.org_id IN sub AND c.received >= ?2 AND c.received < ?3 ORDER BY c.received, c.cid",
    NULL);
  guint n = 0;

  if (stmt == NULL)
    return;
  sqlite3_bind_blob (stmt, 1, m->org.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, m->from, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, m->to, -1, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TjDocScope *row = tj_doc_scope_add_item (data, "rows");
      const char *state_key = (const char *) sqlite3_column_text (stmt, 4);
      const char *source_key = (const char *) sqlite3_column_text (stmt, 3);
      const char *closed = (const char *) sqlite3_column_text (stmt, 7);
      const char *applicants = (const char *) sqlite3_column_text (stmt, 8);
      const char *respondents = (const char *) sqlite3_column_text (stmt, 9);
      guint state = TJ_STATE_RECEIVED, source = TJ_SOURCE_APPLICATION;

      tj_enum_lookup (&tj_enum_state, state_key, &state);
      tj_enum_lookup (&tj_enum_source, source_key, &source);
      tj_doc_scope_set (row, "number", (const char *) sqlite3_column_text (stmt, 0));
      tj_doc_scope_take (row, "received",
                         tj_doc_format_date ((const char *) sqlite3_column_text (stmt, 1), style));
      tj_doc_scope_take (row, "parties", g_strdup_printf ("%s\n诉\n%s",
                                         applicants != NULL ? applicants : "",
                                         respondents != NULL ? respondents : ""));
      tj_doc_scope_take (row, "matter", _tj_doc_label_disputes (sqlite3_column_int (stmt, 2)));
      tj_doc_scope_set (row, "source", _tj_doc_label_source (source));
      tj_doc_scope_set (row, "accepted", state == TJ_STATE_REJECTED ? "否"
                                         : sqlite3_column_type (stmt, 5) != SQLITE_NULL ? "是" : "待定");
      tj_doc_scope_set (row, "mediator", (const char *) sqlite3_column_text (stmt, 6));
      tj_doc_scope_set (row, "result", tj_state_is_end (state) || state == TJ_STATE_AGREED
                                       ? _tj_doc_label_state (state) : "");
      tj_doc_scope_take (row, "closed", closed != NULL ? tj_doc_format_date (closed, style) : NULL);
      n++;
    }
  sqlite3_reset (stmt);
  set_count (data, "register.count", n);
  (void) store;
}

TjDocScope *
_tj_doc_collect_month (TjCaseStore *store, const char *kind, const char *month,
                       const TjDocOptions *options, GError **error)
{
  g_autoptr(TjDocScope) data = tj_doc_scope_new ();
  g_autofree char *today = tj_case_store_today (store);
  Month m = { tj_case_store_get_store (store) };
  int y, mo;

  if (!parse_month (month, &m, error) || !_tj_doc_resolve_org (store, options->org_ref, &m.org, error))
    return NULL;
  _tj_doc_add_org (store, &m.org, data);
  tj_doc_scope_take (data, "doc.date", tj_doc_format_date (today, options->date_style));
  sscanf (m.from, "%4d-%2d", &y, &mo);
  tj_doc_scope_take (data, "register.month", g_strdup_printf ("%d年%d月", y, mo));
  tj_doc_scope_take (data, "stats.month", g_strdup_printf ("%d年%d月", y, mo));
  tj_doc_scope_set (data, "stats.org", tj_doc_scope_get (data, "org.name"));
  if (g_strcmp0 (kind, "register") == 0)
    add_register (&m, store, data, options->date_style);
  else
    add_stats (&m, data);
  return g_steal_pointer (&data);
}

static void
csv_field (GString *out, const char *value)
{
  if (value != NULL && strpbrk (value, ",\"\n\r") != NULL)
    {
      g_string_append_c (out, '"');
      for (const char *p = value; *p != '\0'; p++)
        {
          if (*p == '"')
            g_string_append_c (out, '"');
          g_string_append_c (out, *p);
        }
      g_string_append_c (out, '"');
    }
  else if (value != NULL)
    g_string_append (out, value);
}

static void
csv_row (GString *out, const char *section, const char *label, const char *key, const char *value)
{
  csv_field (out, section);
  g_string_append_c (out, ',');
  csv_field (out, label);
  g_string_append_c (out, ',');
  csv_field (out, key);
  g_string_append_c (out, ',');
  /* Amounts are printed grouped ("12,345.00"); a CSV reader wants the plain number. */
  {
    g_autofree char *plain = value != NULL ? g_strdup (value) : NULL;
    char *w = plain;

    for (const char *r = plain; r != NULL && *r != '\0'; r++)
      if (*r != ',')
        *w++ = *r;
    if (w != NULL)
      *w = '\0';
    csv_field (out, plain);
  }
  g_string_append (out, "\r\n");
}

/* Long format (section, label, key, value): every figure of the report on its own row,
 * so a spreadsheet pivots it and a script reads it without knowing the layout. */
char *
tj_doc_stats_csv (const TjDocScope *data)
{
  static const char * const totals[] = {
    "received", "collective", "online", "delegated", "accepted", "closed", "agreed", "failed",
    "pending_start", "pending_end", "success_rate", "avg_days", "median_days", "overdue",
    "workers", "claimed", "agreed_amount", "paid", "late", "online_rate",
  };
  static const char * const lists[] = {
    "stats_types", "stats_sources", "stats_mediators", "stats_regions", "stats_industries",
  };
  static const char * const fields[] = { "received", "closed", "agreed", "claimed", "agreed_amount" };
  GString *out = g_string_new ("section,label,key,value\r\n");
  const char *org = tj_doc_scope_get (data, "stats.org");
  const char *month = tj_doc_scope_get (data, "stats.month");

  csv_row (out, "report", "organisation", "org", org);
  csv_row (out, "report", "month", "month", month);
  for (guint i = 0; i < G_N_ELEMENTS (totals); i++)
    {
      g_autofree char *name = g_strconcat ("stats.", totals[i], NULL);

      csv_row (out, "total", "", totals[i], tj_doc_scope_get (data, name));
    }
  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    {
      GPtrArray *items = tj_doc_scope_get_list (data, lists[l]);

      for (guint i = 0; items != NULL && i < items->len; i++)
        for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
          csv_row (out, lists[l] + strlen ("stats_"), tj_doc_scope_get (g_ptr_array_index (items, i), "label"),
                   fields[f], tj_doc_scope_get (g_ptr_array_index (items, i), fields[f]));
    }
  return g_string_free (out, FALSE);
}
