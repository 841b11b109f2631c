/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-private.h"
#include "tj-case-store-private.h"
#include "tj-case-rows.h"
#include "tj-validate.h"

#include <json-glib/json-glib.h>

#include <glib/gi18n-lib.h>
#include <string.h>

/* The data of one case as its documents print it. */

static const char * const state_labels[TJ_N_STATES] = {
  "待受理", "已受理", "调解中", "调解成功", "仲裁审查中", "审查确认", "审查不予确认",
  "不予受理", "撤回申请", "调解不成", "转入仲裁",
};
static const char * const source_labels[TJ_N_SOURCES] = {
  "当事人申请", "仲裁委派", "法院委派", "法院委托", "法院委托（简易程序）",
};
static const char * const channel_labels[TJ_N_CHANNELS] = {
  "现场申请", "口头申请", "书面申请", "电话申请", "网上申请", "委派",
};
static const char * const dispute_labels[TJ_N_DISPUTES] = {
  "确认劳动关系", "订立、履行、变更劳动合同", "解除、终止劳动合同", "除名、辞退、辞职、离职",
  "工作时间、休息休假", "社会保险", "福利", "培训", "劳动保护", "劳动报酬", "工伤医疗费",
  "经济补偿或者赔偿金", "人事争议", "其他",
};
static const char * const side_labels[TJ_N_SIDES] = { "申请人", "被申请人", "第三人" };
static const char * const id_type_labels[TJ_N_ID_TYPES] = {
  "居民身份证", "护照", "港澳居民来往内地通行证", "台湾居民来往大陆通行证",
  "外国人永久居留身份证", "统一社会信用代码",
};
static const char * const complexity_labels[TJ_N_COMPLEXITIES] = { "简易", "一般", "重大" };
static const char * const employer_labels[TJ_N_EMPLOYER_TYPES] = {
  "国有企业", "集体企业", "私营企业", "外商投资企业", "港澳台商投资企业", "个体经济组织",
  "事业单位", "国家机关", "社会组织", "其他",
};
static const char * const fail_labels[TJ_N_FAIL_REASONS] = {
  "被申请人不同意调解", "经调解未能达成调解协议", "自调解组织收到调解申请之日起十五日内未达成调解协议",
  "当事人无正当理由未参加调解", "其他原因",
};

const char *
_tj_doc_label_state (TjState state)
{
  return state < TJ_N_STATES ? state_labels[state] : "";
}

const char *
_tj_doc_label_source (TjSource source)
{
  return source < TJ_N_SOURCES ? source_labels[source] : "";
}

const char *
_tj_doc_label_dispute (TjDispute type)
{
  return type < TJ_N_DISPUTES ? dispute_labels[type] : "";
}

char *
_tj_doc_label_disputes (guint32 mask)
{
  GString *s = g_string_new (NULL);

  for (guint i = 0; i < TJ_N_DISPUTES; i++)
    if (mask & (1u << i))
      g_string_append_printf (s, "%s%s", s->len > 0 ? "、" : "", dispute_labels[i]);
  return g_string_free (s, FALSE);
}

const char *
_tj_doc_label_fail (const char *key)
{
  guint value;

  if (key != NULL && tj_enum_lookup (&tj_enum_fail_reason, key, &value))
    return fail_labels[value];
  return key != NULL ? key : "";
}

static GDateTime *
beijing (gint64 ms)
{
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);

  return utc != NULL ? g_date_time_to_timezone (utc, tz) : NULL;
}

char *
_tj_doc_day_of_ms (gint64 ms)
{
  g_autoptr(GDateTime) t = beijing (ms);

  return t != NULL ? g_date_time_format (t, "%Y-%m-%d") : g_strdup ("");
}

char *
_tj_doc_time_of_ms (gint64 ms)
{
  g_autoptr(GDateTime) t = beijing (ms);

  return t != NULL ? g_date_time_format (t, "%H:%M") : g_strdup ("");
}

static char *
col (sqlite3_stmt *stmt, int i)
{
  const char *s = (const char *) sqlite3_column_text (stmt, i);

  return s != NULL ? g_strdup (s) : NULL;
}

TjDocAgreement *
_tj_doc_read_agreement (TjCaseStore *store, const TjCase *c, GError **error)
{
  TjStore *db = tj_case_store_get_store (store);
  g_autoptr(TjDocAgreement) a = NULL;
  sqlite3_stmt *stmt;
  guint8 id[16];
  int rc;

  /* Ids are UUIDv7: the greatest is the newest agreement. */
  stmt = tj_store_prepare (db, "SELECT id, signed, effective, waiver FROM agreement "
                               "WHERE case_id = ? ORDER BY id DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      a = tj_doc_agreement_new ();
      memcpy (id, sqlite3_column_blob (stmt, 0), 16);
      a->signed_date = col (stmt, 1);
      a->effective = col (stmt, 2);
      a->waiver = col (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error_from_db (db, error), NULL;
  if (a == NULL)
    return NULL;

  stmt = tj_store_prepare (db, "SELECT payer, payee, what, amount, due, method FROM clause "
                               "WHERE agreement_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, id, 16, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TjClause *cl = tj_clause_new ();

      cl->payer = col (stmt, 0);
      cl->payee = col (stmt, 1);
      cl->what = col (stmt, 2);
      cl->amount = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
      cl->due = col (stmt, 4);
      cl->method = col (stmt, 5);
      g_ptr_array_add (a->clauses, cl);
    }
  sqlite3_reset (stmt);
  return g_steal_pointer (&a);
}

void
_tj_doc_add_org (TjCaseStore *store, const TjUuid *org_id, TjDocScope *scope)
{
  sqlite3_stmt *stmt = tj_store_prepare (tj_case_store_get_store (store),
                                         "SELECT o.name, coalesce (o.short_name, o.name), "
                                         "o.address, o.phone, p.name FROM organisation o "
                                         "LEFT JOIN organisation p ON p.id = o.parent_id "
                                         "WHERE o.id = ?", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_blob (stmt, 1, org_id->bytes, 16, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_autofree char *parent = col (stmt, 4);

      tj_doc_scope_take (scope, "org.name", col (stmt, 0));
      tj_doc_scope_take (scope, "org.short_name", col (stmt, 1));
      tj_doc_scope_take (scope, "org.address", col (stmt, 2));
      tj_doc_scope_take (scope, "org.phone", col (stmt, 3));
      /* The arbitration route: the supervising institution when the tree knows it. */
      tj_doc_scope_set (scope, "org.arbitration",
                        parent != NULL && strstr (parent, "仲裁") != NULL
                        ? parent : "有管辖权的劳动人事争议仲裁委员会");
    }
  sqlite3_reset (stmt);
}

static char *
agents_text (const char *json)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GString) s = g_string_new (NULL);
  JsonArray *array;

  if (json == NULL || *json == '\0' || !json_parser_load_from_data (parser, json, -1, NULL) ||
      !JSON_NODE_HOLDS_ARRAY (json_parser_get_root (parser)))
    return g_strdup ("");
  array = json_node_get_array (json_parser_get_root (parser));
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (node) ? json_node_get_object (node) : NULL;
      const char *name = o != NULL ? json_object_get_string_member_with_default (o, "name", "") : "";
      const char *authority = o != NULL ? json_object_get_string_member_with_default (o, "authority", "") : "";

      if (*name == '\0')
        continue;
      g_string_append_printf (s, "%s%s", s->len > 0 ? "；" : "", name);
      if (g_strcmp0 (authority, "special") == 0)
        g_string_append (s, "（特别授权）");
      else if (*authority != '\0')
        g_string_append (s, "（一般授权）");
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static void
add_party (TjDocScope *data, const char *list, const TjParty *p, TjDocDateStyle style)
{
  TjDocScope *item = tj_doc_scope_add_item (data, list);
  gboolean person = p->kind == TJ_PARTY_PERSON;

  tj_doc_scope_set (item, "role", side_labels[p->side]);
  tj_doc_scope_set (item, "name", p->name);
  tj_doc_scope_set (item, "kind", person ? "自然人" : "用人单位");
  tj_doc_scope_set (item, "is_person", person ? "1" : "");
  tj_doc_scope_set (item, "is_org", person ? "" : "1");
  tj_doc_scope_set (item, "sex", g_strcmp0 (p->sex, "M") == 0 ? "男"
                                 : g_strcmp0 (p->sex, "F") == 0 ? "女" : "");
  tj_doc_scope_take (item, "birth_date", p->birth_date != NULL
                                         ? tj_doc_format_date (p->birth_date, style) : NULL);
  tj_doc_scope_set (item, "ethnicity", p->ethnicity);
  tj_doc_scope_set (item, "id_type", p->id_number != NULL && p->id_type < TJ_N_ID_TYPES
                                     ? id_type_labels[p->id_type] : "");
  tj_doc_scope_set (item, "id_number", p->id_number);
  tj_doc_scope_set (item, "address", p->address);
  tj_doc_scope_set (item, "service_address", p->service_address != NULL ? p->service_address
                                                                        : p->address);
  tj_doc_scope_set (item, "phone", p->phone);
  tj_doc_scope_set (item, "legal_rep", p->legal_rep);
  tj_doc_scope_set (item, "legal_rep_title", p->legal_rep_title);
  tj_doc_scope_take (item, "agents", agents_text (p->agents));
  /* Sex, birth and ethnic group as far as known, without empty places between commas. */
  {
    g_autoptr(GString) s = g_string_new (NULL);
    const char *parts[3] = { tj_doc_scope_get (item, "sex"), tj_doc_scope_get (item, "birth_date"),
                             p->ethnicity };

    for (guint i = 0; i < 3; i++)
      if (parts[i] != NULL && *parts[i] != '\0')
        g_string_append_printf (s, "%s%s%s", s->len > 0 ? "，" : "", parts[i],
                                i == 1 ? "出生" : "");
    tj_doc_scope_set (item, "particulars", s->str);
    tj_doc_scope_take (item, "legal_rep_full",
                       p->legal_rep_title != NULL && *p->legal_rep_title != '\0'
                       ? g_strdup_printf ("%s（%s）", p->legal_rep ? p->legal_rep : "", p->legal_rep_title)
                       : g_strdup (p->legal_rep));
  }
}

static void
add_parties (TjDocScope *data, const TjCase *c, TjDocDateStyle style)
{
  static const char * const lists[TJ_N_SIDES] = { "applicants", "respondents", "third_parties" };

  for (guint side = 0; side < TJ_N_SIDES; side++)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (guint i = 0; i < c->parties->len; i++)
        {
          const TjParty *p = g_ptr_array_index (c->parties, i);

          if (p->side != side)
            continue;
          add_party (data, lists[side], p, style);
          add_party (data, "parties", p, style);
          g_string_append_printf (names, "%s%s", names->len > 0 ? "、" : "", p->name);
        }
      if (side == TJ_SIDE_APPLICANT)
        tj_doc_scope_set (data, "applicant.name", names->str);
      else if (side == TJ_SIDE_RESPONDENT)
        tj_doc_scope_set (data, "respondent.name", names->str);
    }
}

static void
add_claims (TjDocScope *data, const TjCase *c, TjDocDateStyle style)
{
  for (guint i = 0; i < c->claims->len; i++)
    {
      const TjClaim *cl = g_ptr_array_index (c->claims, i);
      TjDocScope *item = tj_doc_scope_add_item (data, "claims");

      tj_doc_scope_set (item, "type", _tj_doc_label_dispute (cl->type));
      tj_doc_scope_take (item, "amount", cl->amount > 0 ? tj_doc_format_amount (cl->amount) : NULL);
      if (cl->period_from != NULL || cl->period_to != NULL)
        {
          g_autofree char *from = tj_doc_format_date (cl->period_from, style);
          g_autofree char *to = tj_doc_format_date (cl->period_to, style);

          tj_doc_scope_take (item, "period", g_strdup_printf ("%s至%s", from, to));
        }
      else
        tj_doc_scope_set (item, "period", "");
      tj_doc_scope_set (item, "description", cl->description);
    }
}

static void
add_agreement (TjDocScope *data, const TjCase *c, const TjDocAgreement *a, TjDocDateStyle style)
{
  gboolean payment_order = FALSE;

  tj_doc_scope_take (data, "agreement.signed", tj_doc_format_date (a->signed_date, style));
  tj_doc_scope_take (data, "agreement.effective",
                     tj_doc_format_date (a->effective != NULL ? a->effective : a->signed_date,
                                         style));
  tj_doc_scope_set (data, "agreement.waiver", a->waiver);
  tj_doc_scope_set (data, "agreement.copies", "三");
  {
    /* 办案规则 Art. 74: the joint review application within 15 days of taking effect. */
    const char *from = a->effective != NULL ? a->effective : a->signed_date;
    GDate d;

    g_date_clear (&d, 1);
    if (from != NULL)
      g_date_set_parse (&d, from);
    if (g_date_valid (&d))
      {
        g_autofree char *iso = NULL;

        g_date_add_days (&d, 15);
        iso = _tj_date_string (&d);
        tj_doc_scope_take (data, "agreement.review_due", tj_doc_format_date (iso, style));
      }
  }
  /* Law Art. 16: wages, work-injury medical costs, compensation — a payment order. */
  for (guint t = 0; t < TJ_N_DISPUTES; t++)
    if ((c->types & (1u << t)) &&
        (t == TJ_DISPUTE_WAGES || t == TJ_DISPUTE_INJURY_MEDICAL || t == TJ_DISPUTE_COMPENSATION))
      payment_order = TRUE;
  tj_doc_scope_set (data, "agreement.payment_order", payment_order ? "1" : "");

  for (guint i = 0; i < a->clauses->len; i++)
    {
      const TjClause *cl = g_ptr_array_index (a->clauses, i);
      TjDocScope *item = tj_doc_scope_add_item (data, "clauses");
      char *payer = tj_doc_resolve_party (c, cl->payer);
      char *payee = tj_doc_resolve_party (c, cl->payee);

      tj_doc_scope_take (item, "payer", payer != NULL ? payer : g_strdup (cl->payer));
      tj_doc_scope_take (item, "payee", payee != NULL ? payee : g_strdup (cl->payee));
      tj_doc_scope_set (item, "what", cl->what);
      /* "支付拖欠工资" reads as it is; "拖欠工资" of a payment gets its verb. */
      tj_doc_scope_take (item, "action", cl->amount >= 0 && cl->what != NULL &&
                                         !g_str_has_prefix (cl->what, "支付")
                                         ? g_strconcat ("支付", cl->what, NULL)
                                         : g_strdup (cl->what));
      tj_doc_scope_set (item, "is_payment", cl->amount >= 0 ? "1" : "");
      tj_doc_scope_take (item, "amount", cl->amount >= 0 ? tj_doc_format_amount (cl->amount) : NULL);
      tj_doc_scope_take (item, "due", tj_doc_format_date (cl->due, style));
      tj_doc_scope_set (item, "method", cl->method);
    }
}

static gboolean
add_sessions (TjCaseStore *store, TjDocScope *data, const TjCase *c, const char *kind,
              const TjDocOptions *options, GError **error)
{
  g_autoptr(GArray) sessions = tj_case_store_list_sessions (store, c, error);
  TjDocDateStyle style = options->date_style;
  const TjSession *s;
  guint pick;

  if (sessions == NULL)
    return FALSE;
  for (guint i = 0; i < sessions->len; i++)
    {
      const TjSession *si = &g_array_index (sessions, TjSession, i);
      TjDocScope *item = tj_doc_scope_add_item (data, "sessions");
      g_autofree char *day = _tj_doc_day_of_ms (si->started);

      tj_doc_scope_take (item, "date", tj_doc_format_date (day, style));
      tj_doc_scope_set (item, "place", si->place);
      tj_doc_scope_set (item, "mediators", si->mediators);
      tj_doc_scope_set (item, "result", si->result);
      if (i == 0)
        tj_doc_scope_take (data, "case.first_session", tj_doc_format_date (day, style));
    }

  if (g_strcmp0 (kind, "session") != 0)
    return TRUE;
  if (sessions->len == 0)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                   _("Case %s has no recorded session; record one before printing its record."),
                   c->case_no);
      return FALSE;
    }
  if (options->session > sessions->len)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                   _("Session: case %s has %u sessions, not %u."), c->case_no, sessions->len,
                   options->session);
      return FALSE;
    }
  pick = options->session > 0 ? options->session - 1 : sessions->len - 1;
  s = &g_array_index (sessions, TjSession, pick);
  {
    g_autofree char *day = _tj_doc_day_of_ms (s->started);
    g_auto(GStrv) lines = g_strsplit (s->transcript != NULL ? s->transcript : "", "\n", -1);

    tj_doc_scope_take (data, "session.index", g_strdup_printf ("%u", pick + 1));
    tj_doc_scope_take (data, "session.date", tj_doc_format_date (day, style));
    tj_doc_scope_take (data, "session.started", _tj_doc_time_of_ms (s->started));
    tj_doc_scope_take (data, "session.ended", s->ended > 0 ? _tj_doc_time_of_ms (s->ended) : NULL);
    tj_doc_scope_set (data, "session.place", s->place);
    tj_doc_scope_set (data, "session.mode", g_strcmp0 (s->mode, "phone") == 0 ? "电话"
                                           : g_strcmp0 (s->mode, "video") == 0 ? "视频" : "现场");
    /* The record names the mediator; the case's own when the session does not say. */
    tj_doc_scope_set (data, "session.mediators", s->mediators != NULL && *s->mediators != '\0'
                                                 ? s->mediators : c->mediator_name);
    tj_doc_scope_set (data, "session.recorder", s->recorder);
    tj_doc_scope_set (data, "session.attendees", s->attendees);
    tj_doc_scope_set (data, "session.result", s->result);
    for (guint i = 0; lines[i] != NULL; i++)
      {
        g_strstrip (lines[i]);
        if (*lines[i] != '\0')
          tj_doc_scope_set (tj_doc_scope_add_item (data, "statements"), "text", lines[i]);
      }
  }
  return TRUE;
}

/* The case's attachments, in the order they were added, are its evidence list. */
static void
add_evidence (TjCaseStore *store, TjDocScope *data, const TjCase *c)
{
  sqlite3_stmt *stmt = tj_store_prepare (tj_case_store_get_store (store),
                                         "SELECT name FROM attachment WHERE case_id = ? "
                                         "ORDER BY added_at, id", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    tj_doc_scope_set (tj_doc_scope_add_item (data, "evidence"), "name",
                      (const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
}

TjDocScope *
_tj_doc_collect_case (TjCaseStore *store, TjCase *c, const char *kind,
                      const TjDocOptions *options, GError **error)
{
  g_autoptr(TjDocScope) data = tj_doc_scope_new ();
  g_autoptr(TjDocAgreement) agreement = NULL;
  TjDocDateStyle style = options->date_style;
  g_autofree char *today = tj_case_store_today (store);
  guint value;

  _tj_doc_add_org (store, &c->org_id, data);
  tj_doc_scope_take (data, "doc.date", tj_doc_format_date (today, style));
  tj_doc_scope_set (data, "doc.number", c->case_no);
  tj_doc_scope_set (data, "case.number", c->case_no);
  tj_doc_scope_take (data, "case.received", tj_doc_format_date (c->received, style));
  tj_doc_scope_set (data, "case.channel", c->channel < TJ_N_CHANNELS ? channel_labels[c->channel] : "");
  tj_doc_scope_set (data, "case.oral", c->channel == TJ_CHANNEL_ORAL || c->channel == TJ_CHANNEL_WALK_IN
                                       || c->channel == TJ_CHANNEL_PHONE ? "1" : "");
  tj_doc_scope_set (data, "case.source", _tj_doc_label_source (c->source));
  tj_doc_scope_set (data, "case.delegated", c->source != TJ_SOURCE_APPLICATION ? "1" : "");
  tj_doc_scope_set (data, "case.court", c->source == TJ_SOURCE_COURT_DELEGATED ||
                                        c->source == TJ_SOURCE_COURT_ENTRUSTED ||
                                        c->source == TJ_SOURCE_COURT_ENTRUSTED_SIMPLE ? "1" : "");
  tj_doc_scope_set (data, "case.delegation_ref", c->delegation_ref);
  tj_doc_scope_take (data, "case.types", _tj_doc_label_disputes (c->types));
  tj_doc_scope_set (data, "case.facts", c->facts);
  tj_doc_scope_take (data, "case.claimed", tj_doc_format_amount (c->claimed));
  tj_doc_scope_take (data, "case.agreed", c->agreed >= 0 ? tj_doc_format_amount (c->agreed) : NULL);
  tj_doc_scope_set (data, "case.state", _tj_doc_label_state (c->state));
  tj_doc_scope_set (data, "case.mediator", c->mediator_name);
  tj_doc_scope_set (data, "case.recusal", c->mediator_name != NULL ? "1" : "");
  tj_doc_scope_take (data, "case.accepted_date", tj_doc_format_date (c->accepted_date, style));
  tj_doc_scope_take (data, "case.consent_date", tj_doc_format_date (c->consent_date, style));
  tj_doc_scope_take (data, "case.planned_end", tj_doc_format_date (c->planned_end, style));
  tj_doc_scope_take (data, "case.closed_date", tj_doc_format_date (c->closed_date, style));
  tj_doc_scope_set (data, "case.closing_reason", c->state == TJ_STATE_FAILED
                                                 ? _tj_doc_label_fail (c->closing_reason)
                                                 : c->closing_reason);
  tj_doc_scope_set (data, "case.closing_note", c->closing_note);
  tj_doc_scope_set (data, "case.collective", c->collective ? "1" : "");
  tj_doc_scope_take (data, "case.workers", g_strdup_printf ("%d", c->workers));
  tj_doc_scope_set (data, "case.industry", c->industry);
  tj_doc_scope_set (data, "case.employer_type",
                    c->employer_type != NULL &&
                    tj_enum_lookup (&tj_enum_employer_type, c->employer_type, &value)
                    ? employer_labels[value] : "");
  tj_doc_scope_set (data, "case.complexity", c->complexity < TJ_N_COMPLEXITIES
                                             ? complexity_labels[c->complexity] : "");
  add_parties (data, c, style);
  add_claims (data, c, style);
  add_evidence (store, data, c);
  if (!add_sessions (store, data, c, kind, options, error))
    return NULL;

  agreement = _tj_doc_read_agreement (store, c, error);
  if (agreement == NULL && error != NULL && *error != NULL)
    return NULL;
  if (agreement != NULL)
    add_agreement (data, c, agreement, style);
  else if (g_strcmp0 (kind, "agreement") == 0 || g_strcmp0 (kind, "review_application") == 0)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                   _("Case %s has no agreement; record it (case do agree) before printing it."),
                   c->case_no);
      return NULL;
    }
  return g_steal_pointer (&data);
}
