/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tj-server-demo.h"
#include "tj-server-bootstrap.h"
#include "tj-server-directory.h"
#include "tj-uuid.h"

/* Organisation data, not interface text: the names are the organisations' own. Each entry
 * names its parent by index (-1: none). */
static const struct {
  int         parent;
  const char *code;
  const char *name;
  TjOrgLevel  level;
  const char *short_name;       /* in case numbers: 长南岭劳人调〔2026〕1号 */
} demo_orgs[] = {
  { -1, "220000", "吉林省劳动人事争议仲裁院（演示）", TJ_ORG_LEVEL_PROVINCE, "吉" },
  { 0, "220100", "长春市劳动人事争议仲裁院（演示）", TJ_ORG_LEVEL_CITY, "长" },
  { 1, "220102", "南关区劳动人事争议仲裁院（演示）", TJ_ORG_LEVEL_COUNTY, "长南" },
  { 2, "220102001", "南岭街道劳动人事争议调解中心（演示）", TJ_ORG_LEVEL_TOWNSHIP, "长南岭" },
  { 2, "220102002", "自强街道劳动人事争议调解中心（演示）", TJ_ORG_LEVEL_TOWNSHIP, "长南强" },
  { 1, "220104", "朝阳区劳动人事争议仲裁院（演示）", TJ_ORG_LEVEL_COUNTY, "长朝" },
  { 5, "220104001", "前进街道劳动人事争议调解中心（演示）", TJ_ORG_LEVEL_TOWNSHIP, "长朝进" },
  { 0, "220200", "吉林市劳动人事争议仲裁院（演示）", TJ_ORG_LEVEL_CITY, "吉市" },
  { 7, "220204", "船营区劳动人事争议仲裁院（演示）", TJ_ORG_LEVEL_COUNTY, "吉船" },
  { 8, "220204001", "北京路街道劳动人事争议调解中心（演示）", TJ_ORG_LEVEL_TOWNSHIP, "吉船北" },
  { 8, "220204002", "致和街道劳动人事争议调解中心（演示）", TJ_ORG_LEVEL_TOWNSHIP, "吉船致" },
};

static const struct {
  int         org;
  const char *username;
  const char *name;
  TjRole      role;
} demo_accounts[] = {
  { 0, "admin", "演示管理员", TJ_ROLE_ADMINISTRATOR },
  { 2, "supervisor", "演示仲裁院督导", TJ_ROLE_SUPERVISOR },
  { 3, "head", "演示中心主任", TJ_ROLE_HEAD },
  { 3, "mediator", "演示调解员", TJ_ROLE_MEDIATOR },
};

static gboolean
is_seeded (TjServerStore *store)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT 1 FROM meta WHERE key = 'demo'",
                                                NULL);
  gboolean seeded;

  if (stmt == NULL)
    return FALSE;
  seeded = tj_server_stmt_step (stmt, NULL) == TJ_SERVER_STEP_ROW;
  tj_server_stmt_reset (stmt);
  return seeded;
}

static gboolean
seed (TjServerStore *store, gpointer data, GError **error)
{
  TjUuid ids[G_N_ELEMENTS (demo_orgs)];
  const char *field = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (demo_orgs); i++)
    {
      TjServerOrgDraft draft = { 0 };
      g_autoptr(TjServerOrg) org = NULL;

      if (demo_orgs[i].parent >= 0)
        draft.parent_id = ids[demo_orgs[i].parent];
      draft.code = demo_orgs[i].code;
      draft.name = demo_orgs[i].name;
      draft.short_name = demo_orgs[i].short_name;
      draft.level = demo_orgs[i].level;
      draft.type = -1;
      org = tj_directory_insert_org (store, &draft, NULL, &field, error);
      if (org == NULL)
        return FALSE;
      ids[i] = org->id;
    }
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    {
      TjServerAccountDraft draft = { 0 };
      g_autoptr(TjServerAccount) account = NULL;

      draft.org_id = ids[demo_accounts[i].org];
      draft.username = demo_accounts[i].username;
      draft.name = demo_accounts[i].name;
      draft.role = demo_accounts[i].role;
      draft.password = TJ_SERVER_DEMO_PASSWORD;
      account = tj_directory_insert_account (store, &draft, NULL, &field, error);
      if (account == NULL)
        return FALSE;
    }
  return tj_server_store_exec (store, "INSERT INTO meta (key, value) VALUES ('demo', 1)", error);
}

gboolean
tj_server_demo_seed (TjServerStore *store, GError **error)
{
  g_return_val_if_fail (TJ_IS_SERVER_STORE (store), FALSE);

  if (is_seeded (store))
    return TRUE;
  return tj_server_bootstrap_fill (store, seed, NULL,
                                   _("--demo needs a new data folder; this one holds real "
                                     "organisations."), error);
}

void
tj_server_demo_print (void)
{
  g_print ("%s\n", _("DEMO MODE: this server holds a made-up province (吉林省, marked 演示) for "
                     "trying Tiaojie out. Do not enter real cases or people here."));
  /* Translators: the shared password of the demo accounts */
  g_print (_("Demo accounts, all with the password “%s”:\n"), TJ_SERVER_DEMO_PASSWORD);
  for (guint i = 0; i < G_N_ELEMENTS (demo_accounts); i++)
    g_print ("  %-11s %-14s %s\n", demo_accounts[i].username,
             tj_enum_label (&tj_enum_role, demo_accounts[i].role),
             demo_orgs[demo_accounts[i].org].name);
}
