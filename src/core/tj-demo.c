/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-demo.h"
#include "tj-review-grounds.h"
#include "tj-validate.h"

static const char * const surnames[] = {
  "王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙", "胡", "朱", "高",
  "林", "何", "郭", "马", "罗", "梁", "宋", "郑", "谢", "韩", "唐", "冯", "于", "董", "程",
  "曹", "袁", "邓", "许", "傅", "沈", "曾", "彭", "吕", "苏", "卢", "蒋", "蔡", "贾", "丁",
  "魏", "薛", "叶", "欧阳", "司马",
};
static const char * const given[] = {
  "伟", "芳", "娜", "秀英", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟",
  "涛", "明", "超", "秀兰", "霞", "平", "刚", "桂英", "建国", "志红", "玉梅", "春燕", "晓丹",
  "浩然", "子轩", "欣怡", "佳琪", "思雨", "俊杰", "三", "大山", "红梅", "德华", "海燕", "立新",
  /* Rare characters appear in real names and must survive every path. */
  "䶮", "堃", "喆", "龘",
};
static const char * const company_words[] = {
  "宏达", "鑫源", "华盛", "恒通", "金鹏", "瑞丰", "长城", "顺发", "兴业", "东方", "博远",
  "永安", "天成", "汇通", "新世纪",
};
static const struct {
  const char *industry;
  const char *trade;
  const char *job;
} trades[] = {
  { "4710", "建筑工程", "建筑工地钢筋工" },
  { "4790", "建筑安装", "水电安装工" },
  { "1810", "服装制造", "缝纫工" },
  { "3670", "汽车零部件", "装配工" },
  { "6110", "酒店管理", "客房服务员" },
  { "6210", "餐饮管理", "厨师" },
  { "5211", "商贸", "营业员" },
  { "5430", "物流", "货车司机" },
  { "6513", "软件开发", "程序员" },
  { "8030", "家政服务", "家政服务员" },
  { "0141", "农业开发", "种植工" },
  { "8411", "医疗管理", "护工" },
  { "7020", "物业管理", "保安" },
};

static const char *
pick (GRand *rand, const char * const *list, guint n)
{
  return list[g_rand_int_range (rand, 0, n)];
}
#define PICK(rand, list) pick (rand, list, G_N_ELEMENTS (list))

static char *
person_name (GRand *rand)
{
  /* Rare characters in about one name of fifty. */
  guint n = G_N_ELEMENTS (given) - (g_rand_int_range (rand, 0, 50) == 0 ? 0 : 4);

  return g_strconcat (PICK (rand, surnames), pick (rand, given, n), NULL);
}

static char *
resident_id (GRand *rand, const char *region, const char *today)
{
  char body[18];
  int year = g_ascii_strtoll (today, NULL, 10) - g_rand_int_range (rand, 18, 60);

  g_snprintf (body, sizeof body, "%.6s%04d%02d%02d%03d", region, year,
              g_rand_int_range (rand, 1, 13), g_rand_int_range (rand, 1, 29),
              g_rand_int_range (rand, 1, 1000));
  return g_strdup_printf ("%s%c", body, tj_resident_id_check_char (body));
}

static char *
credit_code (GRand *rand, const char *region)
{
  char org[9], body[18];

  g_snprintf (org, sizeof org, "%08u", g_rand_int_range (rand, 10000000, 99999999));
  g_snprintf (body, sizeof body, "91%.6s%s%c", region, org, tj_org_code_check_char (org));
  return g_strdup_printf ("%s%c", body, tj_uscc_check_char (body));
}

static char *
mobile (GRand *rand)
{
  return g_strdup_printf ("1%d%09u", g_rand_int_range (rand, 3, 10),
                          g_rand_int_range (rand, 0, 1000000000));
}

static char *
date_before (GRand *rand, const char *today, guint days)
{
  GDate d;

  g_date_clear (&d, 1);
  g_date_set_parse (&d, today);
  g_date_subtract_days (&d, g_rand_int_range (rand, 0, MAX (days, 1)));
  return _tj_date_string (&d);
}

TjCase *
tj_demo_make_case (GRand *rand, const char *region, const char *today, guint days)
{
  TjCase *c = tj_case_new ();
  guint t = g_rand_int_range (rand, 0, G_N_ELEMENTS (trades));
  g_autofree char *company = g_strdup_printf ("%s%s%s有限公司", "", PICK (rand, company_words),
                                              trades[t].trade);
  g_autofree char *applicant = person_name (rand);
  g_autofree char *months_text = NULL;
  TjParty *p;
  guint kind = g_rand_int_range (rand, 0, 100);
  gint64 wage = (gint64) g_rand_int_range (rand, 3000, 12000) * 100;
  guint months = g_rand_int_range (rand, 1, 7);

  c->received = date_before (rand, today, days);
  c->channel = g_rand_int_range (rand, 0, 100) < 70 ? TJ_CHANNEL_WALK_IN
             : g_rand_int_range (rand, 0, 2) ? TJ_CHANNEL_ONLINE : TJ_CHANNEL_PHONE;
  c->source = g_rand_int_range (rand, 0, 100) < 85 ? TJ_SOURCE_APPLICATION : TJ_SOURCE_ARBITRATION;
  if (c->source == TJ_SOURCE_ARBITRATION)
    {
      c->channel = TJ_CHANNEL_DELEGATION;
      c->delegation_ref = g_strdup_printf ("仲委〔%.4s〕%u号", c->received,
                                           g_rand_int_range (rand, 1, 900));
    }
  c->industry = g_strdup (trades[t].industry);
  c->employer_type = g_strdup (g_rand_int_range (rand, 0, 10) < 8 ? "private" : "state_owned");

  p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, applicant);
  p->id_number = resident_id (rand, region, today);
  p->phone = mobile (rand);
  p->address = g_strdup_printf ("%s路%u号", PICK (rand, company_words), g_rand_int_range (rand, 1, 300));
  g_ptr_array_add (c->parties, p);

  p = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, company);
  p->id_number = credit_code (rand, region);
  p->legal_rep = person_name (rand);
  p->phone = mobile (rand);
  p->address = g_strdup_printf ("%s大街%u号", PICK (rand, company_words), g_rand_int_range (rand, 1, 999));
  g_ptr_array_add (c->parties, p);

  months_text = g_strdup_printf ("%u", months);
  if (kind < 55)
    {
      c->facts = g_strdup_printf ("申请人于%.4s年入职被申请人处从事%s工作，月工资%" G_GINT64_FORMAT
                                  "元。被申请人拖欠申请人%s个月工资，经多次催要未果，现申请调解，"
                                  "要求支付拖欠工资及经济补偿。",
                                  c->received, trades[t].job, wage / 100, months_text);
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_WAGES, wage * months));
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_COMPENSATION, wage));
    }
  else if (kind < 80)
    {
      c->facts = g_strdup_printf ("申请人在被申请人处担任%s，被申请人未提前通知即解除劳动合同，"
                                  "未支付经济补偿，亦未缴纳社会保险。", trades[t].job);
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_TERMINATION, wage * 2));
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_SOCIAL_INSURANCE, wage / 2));
    }
  else if (kind < 92)
    {
      c->facts = g_strdup_printf ("申请人从事%s工作期间在工作中受伤，已认定为工伤，被申请人拒绝"
                                  "支付工伤医疗费用。", trades[t].job);
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_INJURY_MEDICAL, wage * 3));
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_WORKING_TIME, wage / 3));
    }
  else
    {
      /* A collective wage arrears case: many workers, representatives apply. */
      c->workers = g_rand_int_range (rand, 10, 60);
      c->collective = TRUE;
      c->facts = g_strdup_printf ("%d名%s反映被申请人拖欠%s个月工资，推举代表申请调解。",
                                  c->workers, trades[t].job, months_text);
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_WAGES, wage * months * c->workers));
      g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_OTHER, 0));
    }
  return c;
}

void
tj_demo_options_init (TjDemoOptions *options)
{
  memset (options, 0, sizeof *options);
  options->n_cases = 100;
  options->seed = 1;
  options->with_actions = TRUE;
  options->days = 365;
  options->batch = 1000;
}

static gint64
day_ms (const char *date, guint add_days, guint hour)
{
  g_autofree char *text = g_strdup_printf ("%sT%02u:%02u:00+08:00", date, hour,
                                           (hour * 7) % 60);
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (text, NULL);
  g_autoptr(GDateTime) later = g_date_time_add_days (dt, add_days);

  return g_date_time_to_unix (later) * 1000;
}

/* Walk one case through the life cycle with the simulated clock on the days things
 * happen, so the demo has no late entries (it is not back-entry, it is a simulation). */
static gboolean
advance (TjCaseStore *store, GRand *rand, const TjCase *c, const char *mediator,
         gint64 real_now, GError **error)
{
  TjJournal *journal = tj_case_store_get_journal (store);
  guint fate = g_rand_int_range (rand, 0, 100);
  g_autofree char *id = tj_uuid_dup_string (&c->id);
  TjActionArgs args = { .paid = -1 };
  struct { TjAction action; guint day; } steps[6];
  guint n = 0;

  steps[n++] = (typeof (steps[0])) { TJ_ACTION_ACCEPT, 1 };
  if (fate < 5)
    n = 0, steps[n++] = (typeof (steps[0])) { TJ_ACTION_REJECT, 2 };
  else if (fate < 10)
    n = 0, steps[n++] = (typeof (steps[0])) { TJ_ACTION_RESPONDENT_REFUSE, 2 },
           steps[n++] = (typeof (steps[0])) { TJ_ACTION_NOTIFY_REFUSAL, 3 };
  else
    {
      steps[n++] = (typeof (steps[0])) { TJ_ACTION_ASSIGN, 2 };
      if (fate < 70)
        steps[n++] = (typeof (steps[0])) { TJ_ACTION_AGREE, 9 };
      else if (fate < 85)
        steps[n++] = (typeof (steps[0])) { TJ_ACTION_FAIL, 12 };
      else if (fate < 90)
        steps[n++] = (typeof (steps[0])) { TJ_ACTION_WITHDRAW, 6 };
      if (fate < 30)
        steps[n++] = (typeof (steps[0])) { TJ_ACTION_SUBMIT_REVIEW, 12 },
        steps[n++] = (typeof (steps[0])) { fate < 27 ? TJ_ACTION_CONFIRM : TJ_ACTION_REFUSE, 16 };
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
      gint64 at = day_ms (c->received, steps[i].day, 9 + g_rand_int_range (rand, 0, 8));
      TjWhen when = { 0 };
      TjAction action = steps[i].action;
      guint saved_roles;
      gboolean ok;

      if (at > real_now)
        break;
      memset (&args, 0, sizeof args);
      args.paid = -1;
      args.consent = TRUE;
      switch (action)
        {
        case TJ_ACTION_REJECT:
          args.reason = "不属于劳动人事争议调解受理范围";
          break;
        case TJ_ACTION_ASSIGN:
          args.mediator = mediator;
          break;
        case TJ_ACTION_AGREE:
          {
            TjClause *cl = tj_clause_new ();
            TjClaim *claim = g_ptr_array_index (c->claims, 0);
            g_autofree char *due = NULL;
            GDate d;

            g_date_clear (&d, 1);
            g_date_set_parse (&d, c->received);
            g_date_add_days (&d, 30);
            due = _tj_date_string (&d);
            cl->payer = g_strdup ("respondent");
            cl->payee = g_strdup ("applicant");
            cl->what = g_strdup ("支付拖欠工资");
            cl->amount = claim->amount * g_rand_int_range (rand, 60, 101) / 100;
            cl->due = g_steal_pointer (&due);
            cl->method = g_strdup ("银行转账");
            g_ptr_array_add (clauses, cl);
            args.clauses = clauses;
          }
          break;
        case TJ_ACTION_FAIL:
          args.reason = g_rand_int_range (rand, 0, 2) ? "no_agreement" : "party_absent";
          break;
        case TJ_ACTION_WITHDRAW:
          args.reason = "申请人自愿撤回调解申请";
          break;
        case TJ_ACTION_REFUSE:
          args.ground_mask = TJ_GROUND_BIT (TJ_GROUND_UNCLEAR);
          args.grounds = "协议第一条未写明履行期限，无法执行";
          break;
        default:
          break;
        }

      tj_journal_set_simulated_clock (journal, at);
      /* The review decision is the county supervisor's; the demo plays that part too. */
      saved_roles = _tj_case_store_swap_roles (store, 0);
      _tj_case_store_swap_roles (store, action == TJ_ACTION_CONFIRM || action == TJ_ACTION_REFUSE
                                        ? saved_roles | TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR)
                                        : saved_roles);
      ok = tj_case_store_do (store, id, action, &args, &when, error);
      _tj_case_store_swap_roles (store, saved_roles);
      tj_journal_set_simulated_clock (journal, 0);
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

gboolean
tj_demo_generate (TjCaseStore *store, const TjDemoOptions *options, GError **error)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (options->seed);
  TjStore *db = tj_case_store_get_store (store);
  TjJournal *journal = tj_case_store_get_journal (store);
  g_autofree char *today = tj_case_store_today (store);
  g_autofree char *region = NULL;
  g_autoptr(GPtrArray) mediators = g_ptr_array_new_with_free_func (g_free);
  gint64 real_now = tj_journal_clock (journal);
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), FALSE);

  stmt = tj_store_prepare (db, "SELECT region_code FROM organisation WHERE id = ?", NULL);
  if (stmt != NULL)
    sqlite3_bind_blob (stmt, 1, tj_case_store_get_org_id (store)->bytes, 16, SQLITE_STATIC);
  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    region = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  if (stmt != NULL)
    sqlite3_reset (stmt);
  if (region == NULL)
    region = g_strdup ("220102");

  if (options->with_actions)
    {
      stmt = tj_store_prepare (db, "SELECT name FROM person WHERE roles & 3 != 0", error);
      if (stmt == NULL)
        return FALSE;
      while (sqlite3_step (stmt) == SQLITE_ROW)
        g_ptr_array_add (mediators, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
      sqlite3_reset (stmt);
    }

  for (guint done = 0; done < options->n_cases;)
    {
      guint end = MIN (done + MAX (options->batch, 1), options->n_cases);

      if (!tj_case_store_begin_batch (store, error))
        return FALSE;
      for (; done < end; done++)
        {
          g_autoptr(TjCase) c = tj_demo_make_case (rand, region, today, options->days);
          TjWhen when = { 0 };
          gboolean ok;

          /* Registered on the day it was received, in office hours. */
          if (options->with_actions)
            tj_journal_set_simulated_clock (journal, MIN (day_ms (c->received, 0, 9 + done % 8), real_now));
          ok = tj_case_store_create (store, c, &when, error);
          tj_journal_set_simulated_clock (journal, 0);
          if (!ok ||
              (options->with_actions && mediators->len > 0 &&
               !advance (store, rand, c, g_ptr_array_index (mediators, done % mediators->len),
                         real_now, error)))
            {
              tj_case_store_abort_batch (store);
              return FALSE;
            }
        }
      if (!tj_case_store_end_batch (store, error))
        return FALSE;
      if (options->progress)
        options->progress (done, options->n_cases, options->user_data);
    }
  return TRUE;
}
