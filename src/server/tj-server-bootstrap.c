/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-bootstrap.h"
#include "tj-server-directory.h"
#include "tj-protocol.h"

typedef struct {
  const char *code;
  const char *name;
  const char *admin;
  const char *password;
} Province;

static char *
read_password (const char *path, GError **error)
{
  g_autofree char *text = NULL;
  char *end;

  if (!g_file_get_contents (path, &text, NULL, error))
    return NULL;
  end = strpbrk (text, "\r\n");
  if (end != NULL)
    *end = '\0';
  if (*text == '\0')
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA,
                   /* Translators: a file name */
                   _("%s: the first line must hold the administrator's password."), path);
      return NULL;
    }
  return g_steal_pointer (&text);
}

static gboolean
insert (TjServerStore *store, gpointer data, GError **error)
{
  const Province *province = data;
  TjServerOrgDraft org_draft = { 0 };
  TjServerAccountDraft account_draft = { 0 };
  g_autoptr(TjServerOrg) org = NULL;
  g_autoptr(TjServerAccount) account = NULL;
  const char *field = NULL;

  org_draft.code = province->code;
  org_draft.name = province->name;
  org_draft.level = TJ_ORG_LEVEL_PROVINCE;
  org_draft.type = -1;
  org = tj_directory_insert_org (store, &org_draft, NULL, &field, error);
  if (org == NULL)
    return FALSE;
  account_draft.org_id = org->id;
  account_draft.username = province->admin;
  account_draft.name = province->admin;
  account_draft.role = TJ_ROLE_ADMINISTRATOR;
  account_draft.password = province->password;
  account = tj_directory_insert_account (store, &account_draft, NULL, &field, error);
  return account != NULL;
}

static gint64
count_orgs (TjServerStore *store, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT count(*) FROM org", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    n = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  return n;
}

gboolean
tj_server_bootstrap_fill (TjServerStore    *store,
                          TjServerFillFunc  fill,
                          gpointer          data,
                          const char       *refusal,
                          GError          **error)
{
  gint64 n;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (fill != NULL && refusal != NULL, FALSE);

  n = count_orgs (store, error);
  if (n < 0)
    return FALSE;
  if (n > 0)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_EXISTS, refusal);
      return FALSE;
    }
  if (!tj_server_store_begin (store, error))
    return FALSE;
  if (!fill (store, data, error) || !tj_server_store_commit (store, error))
    {
      tj_server_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_server_bootstrap (TjServerStore *store,
                     const char    *code,
                     const char    *name,
                     const char    *admin,
                     const char    *password_file,
                     GError       **error)
{
  g_autofree char *password = NULL;
  Province province = { code, name, admin, NULL };
  gboolean ok;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (code != NULL && name != NULL && admin != NULL, FALSE);
  g_return_val_if_fail (password_file != NULL, FALSE);

  password = read_password (password_file, error);
  if (password == NULL)
    return FALSE;
  province.password = password;
  ok = tj_server_bootstrap_fill (store, insert, &province,
                                 _("--init-province needs a new data folder; this one has "
                                   "organisations already. The administrator creates further "
                                   "ones through the API."), error);
  memset (password, 0, strlen (password));
  return ok;
}
