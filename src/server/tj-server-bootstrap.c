/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-bootstrap.h"
#include "tj-server-directory.h"
#include "tj-protocol.h"

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

static gint64
count_orgs (TjServerStore *store, GError **error)
{
  sqlite3_stmt *stmt = tj_server_store_prepare (store, "SELECT count(*) FROM org", error);
  gint64 n = -1;

  if (stmt == NULL)
    return -1;
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

static gboolean
insert (TjServerStore *store, const char *code, const char *name, const char *admin,
        const char *password, GError **error)
{
  TjServerOrgDraft org_draft = { 0 };
  TjServerAccountDraft account_draft = { 0 };
  g_autoptr(TjServerOrg) org = NULL;
  g_autoptr(TjServerAccount) account = NULL;
  const char *field = NULL;

  org_draft.code = code;
  org_draft.name = name;
  org_draft.level = TJ_ORG_LEVEL_PROVINCE;
  org_draft.type = -1;
  org = tj_directory_insert_org (store, &org_draft, NULL, &field, error);
  if (org == NULL)
    return FALSE;
  account_draft.org_id = org->id;
  account_draft.username = admin;
  account_draft.name = admin;
  account_draft.role = TJ_ROLE_ADMINISTRATOR;
  account_draft.password = password;
  account = tj_directory_insert_account (store, &account_draft, NULL, &field, error);
  return account != NULL;
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
  gint64 n;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (store), FALSE);
  g_return_val_if_fail (code != NULL && name != NULL && admin != NULL, FALSE);
  g_return_val_if_fail (password_file != NULL, FALSE);

  password = read_password (password_file, error);
  if (password == NULL)
    return FALSE;
  n = count_orgs (store, error);
  if (n < 0)
    return FALSE;
  if (n > 0)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_EXISTS,
                   _("--init-province needs a new data folder; this one has organisations "
                     "already. The administrator creates further ones through the API."));
      return FALSE;
    }
  if (!tj_server_store_begin (store, error))
    return FALSE;
  if (!insert (store, code, name, admin, password, error) ||
      !tj_server_store_commit (store, error))
    {
      tj_server_store_rollback (store);
      memset (password, 0, strlen (password));
      return FALSE;
    }
  memset (password, 0, strlen (password));
  return TRUE;
}
