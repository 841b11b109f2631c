/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-directory-private.h"
#include "tj-protocol.h"
#include "tj-server-auth.h"
#include "tj-server-sql.h"
#include "tj-uuid.h"

/* Accounts: who may create, list, disable and end the sessions of which (the rules are in
 * tj-server-directory.h). */

#define ACCOUNT_COLUMNS "id, org_id, username, name, role, active"
#define FIND_LOGIN(D) "SELECT " ACCOUNT_COLUMNS ", password_hash FROM account " \
                      "WHERE " TJ_SQL_NOCASE_EQ (D, "username")

void
tj_server_account_free (TjServerAccount *account)
{
  if (account == NULL)
    return;
  g_free (account->username);
  g_free (account->name);
  if (account->password_hash != NULL)
    memset (account->password_hash, 0, strlen (account->password_hash));
  g_free (account->password_hash);
  g_free (account);
}

static TjServerAccount *
account_from_row (TjServerStmt *stmt)
{
  TjServerAccount *account = g_new0 (TjServerAccount, 1);
  guint v = 0;

  _tj_directory_column_uuid (stmt, 0, &account->id);
  _tj_directory_column_uuid (stmt, 1, &account->org_id);
  account->username = _tj_directory_column_dup (stmt, 2);
  account->name = _tj_directory_column_dup (stmt, 3);
  tj_enum_lookup (&tj_enum_role, tj_server_stmt_column_text (stmt, 4), &v);
  account->role = v;
  account->active = tj_server_stmt_column_int64 (stmt, 5) != 0;
  return account;
}

TjServerAccount *
tj_directory_get_account (TjServerStore *store, const TjUuid *id, GError **error)
{
  TjServerStmt *stmt;
  TjServerAccount *account = NULL;
  TjServerStep step;

  stmt = tj_server_store_prepare (store, "SELECT " ACCOUNT_COLUMNS " FROM account WHERE id = ?",
                                  error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, id->bytes, sizeof id->bytes);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    account = account_from_row (stmt);
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_DONE)
    _tj_directory_set_not_found (error, _("account"));
  return account;
}

TjServerAccount *
tj_directory_find_login (TjServerStore *store, const char *username, GError **error)
{
  TjServerStmt *stmt;
  TjServerAccount *account = NULL;

  /* User names are matched without regard to case (the column's NOCASE on SQLite, the
   * unique index on lower (username) on PostgreSQL). */
  stmt = tj_server_store_prepare_sql (store, TJ_SQL_BOTH (FIND_LOGIN), error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_text (stmt, 1, username);
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    {
      account = account_from_row (stmt);
      account->password_hash = _tj_directory_column_dup (stmt, 6);
    }
  tj_server_stmt_reset (stmt);
  return account;
}

GPtrArray *
tj_directory_list_accounts (TjServerStore         *store,
                            const TjServerAccount *actor,
                            const TjServerOrg     *actor_org,
                            GError               **error)
{
  g_autoptr(GPtrArray) accounts =
    g_ptr_array_new_with_free_func ((GDestroyNotify) tj_server_account_free);
  TjServerStmt *stmt;
  TjServerStep step;

  if (actor->role == TJ_ROLE_MEDIATOR)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_FORBIDDEN,
                   _("Mediators do not manage accounts."));
      return NULL;
    }
  stmt = tj_server_store_prepare (store,
                                  "SELECT a.id, a.org_id, a.username, a.name, a.role, a.active "
                                  "FROM account a JOIN org o ON o.id = a.org_id "
                                  "WHERE substr (o.path, 1, length (?1)) = ?1 "
                                  "ORDER BY o.path, a.username", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_text (stmt, 1, actor_org->path);
  while ((step = tj_server_stmt_step (stmt, error)) == TJ_SERVER_STEP_ROW)
    g_ptr_array_add (accounts, account_from_row (stmt));
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&accounts);
}

/* May the actor grant (or take away) `role` at `org`? See the header. */
static gboolean
may_grant (const TjServerAccount *actor, const TjServerOrg *actor_org, const TjServerOrg *org,
           TjRole role, GError **error)
{
  gboolean ok;

  if (!_tj_directory_require_inside (actor_org, org, error))
    return FALSE;
  switch (actor->role)
    {
    case TJ_ROLE_ADMINISTRATOR:
      ok = TRUE;
      break;
    case TJ_ROLE_SUPERVISOR:
      ok = role != TJ_ROLE_ADMINISTRATOR;
      break;
    case TJ_ROLE_HEAD:
      ok = role == TJ_ROLE_MEDIATOR && tj_uuid_equal (&org->id, &actor_org->id);
      break;
    default:
      ok = FALSE;
      break;
    }
  if (!ok)
    g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_FORBIDDEN,
                 /* Translators: the caller's role, the role asked for, an organisation */
                 _("A %s may not manage %s accounts at %s."),
                 tj_enum_label (&tj_enum_role, actor->role),
                 tj_enum_label (&tj_enum_role, role), org->name);
  return ok;
}

static gboolean
role_fits_org (TjRole role, const TjServerOrg *org, const char **field, GError **error)
{
  gboolean mediation = org->type == TJ_ORG_CENTRE || org->type == TJ_ORG_ENTERPRISE ||
                       org->type == TJ_ORG_REGIONAL;
  gboolean ok = (role == TJ_ROLE_HEAD || role == TJ_ROLE_MEDIATOR) ? mediation : !mediation;

  if (!ok)
    {
      *field = "role";
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   /* Translators: a role, then an organisation type */
                   _("Role: a %s account cannot belong to a %s."),
                   tj_enum_label (&tj_enum_role, role),
                   tj_enum_label (&tj_enum_org_type, org->type));
    }
  return ok;
}

static gboolean
check_username (const char *username, const char **field, GError **error)
{
  gsize length = username ? strlen (username) : 0;

  if (length >= 3 && length <= 32 && g_ascii_isalnum (username[0]) &&
      strspn (username, "abcdefghijklmnopqrstuvwxyz0123456789._-") == length)
    return TRUE;
  *field = "username";
  g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
               _("User name: 3 to 32 lower-case letters, digits, “.”, “_” or “-”, beginning "
                 "with a letter or digit."));
  return FALSE;
}

TjServerAccount *
tj_directory_insert_account (TjServerStore              *store,
                             const TjServerAccountDraft *draft,
                             const TjUuid               *created_by,
                             const char                **field,
                             GError                    **error)
{
  g_autoptr(TjServerOrg) org = NULL;
  g_autofree char *hash = NULL;
  TjServerStmt *stmt;
  TjUuid id;

  org = tj_directory_get_org (store, &draft->org_id, error);
  if (org == NULL)
    {
      *field = "org_id";
      return NULL;
    }
  if (!check_username (draft->username, field, error) ||
      !_tj_directory_check_text ("name", _("Name"), draft->name, 64, field, error) ||
      !role_fits_org (draft->role, org, field, error))
    return NULL;
  hash = tj_server_auth_hash_password (draft->password, error);
  if (hash == NULL)
    {
      *field = "password";
      return NULL;
    }

  tj_uuid_v7_now (&id);
  stmt = tj_server_store_prepare (store,
                                  "INSERT INTO account (id, org_id, username, name, role, "
                                  "password_hash, created_at, created_by) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, id.bytes, sizeof id.bytes);
  tj_server_stmt_bind_blob (stmt, 2, org->id.bytes, sizeof org->id.bytes);
  tj_server_stmt_bind_text (stmt, 3, draft->username);
  tj_server_stmt_bind_text (stmt, 4, draft->name);
  tj_server_stmt_bind_text (stmt, 5, tj_enum_key (&tj_enum_role, draft->role));
  tj_server_stmt_bind_text (stmt, 6, hash);
  tj_server_stmt_bind_int64 (stmt, 7, _tj_directory_now_ms ());
  if (created_by != NULL)
    tj_server_stmt_bind_blob (stmt, 8, created_by->bytes, sizeof created_by->bytes);
  if (!tj_server_store_step_done (store, stmt, error))
    {
      if (g_error_matches (*error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          *field = "username";
          g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_CONFLICT,
                       /* Translators: a user name */
                       _("User name: “%s” is taken."), draft->username);
        }
      return NULL;
    }
  return tj_directory_get_account (store, &id, error);
}

TjServerAccount *
tj_directory_create_account (TjServerStore              *store,
                             const TjServerAccount      *actor,
                             const TjServerOrg          *actor_org,
                             const TjServerAccountDraft *draft,
                             const char                **field,
                             GError                    **error)
{
  g_autoptr(TjServerOrg) org = tj_directory_get_org (store, &draft->org_id, error);

  if (org == NULL)
    {
      *field = "org_id";
      return NULL;
    }
  if (!may_grant (actor, actor_org, org, draft->role, error))
    return NULL;
  return tj_directory_insert_account (store, draft, &actor->id, field, error);
}

/* The account, if the actor may manage it. */
static TjServerAccount *
managed_account (TjServerStore *store, const TjServerAccount *actor,
                 const TjServerOrg *actor_org, const TjUuid *id, GError **error)
{
  g_autoptr(TjServerAccount) account = tj_directory_get_account (store, id, error);
  g_autoptr(TjServerOrg) org = NULL;

  if (account == NULL)
    return NULL;
  org = tj_directory_get_org (store, &account->org_id, error);
  if (org == NULL || !may_grant (actor, actor_org, org, account->role, error))
    return NULL;
  return g_steal_pointer (&account);
}

static gboolean
revoke_all (TjServerStore *store, const TjUuid *id, guint *n_revoked, GError **error)
{
  TjServerStmt *stmt;

  stmt = tj_server_store_prepare (store, "UPDATE session SET revoked_at = ? "
                                         "WHERE account_id = ? AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_int64 (stmt, 1, _tj_directory_now_ms ());
  tj_server_stmt_bind_blob (stmt, 2, id->bytes, sizeof id->bytes);
  if (!tj_server_store_step_done (store, stmt, error))
    return FALSE;
  if (n_revoked != NULL)
    *n_revoked = (guint) tj_server_store_changes (store);
  return TRUE;
}

gboolean
tj_directory_disable_account (TjServerStore         *store,
                              const TjServerAccount *actor,
                              const TjServerOrg     *actor_org,
                              const TjUuid          *id,
                              GError               **error)
{
  g_autoptr(TjServerAccount) account = NULL;
  TjServerStmt *stmt;

  if (tj_uuid_equal (id, &actor->id))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_FORBIDDEN,
                   _("You cannot disable your own account."));
      return FALSE;
    }
  account = managed_account (store, actor, actor_org, id, error);
  if (account == NULL || !tj_server_store_begin (store, error))
    return FALSE;
  stmt = tj_server_store_prepare (store, "UPDATE account SET active = 0 WHERE id = ?", error);
  if (stmt != NULL)
    tj_server_stmt_bind_blob (stmt, 1, id->bytes, sizeof id->bytes);
  if (stmt == NULL || !tj_server_store_step_done (store, stmt, error) ||
      !revoke_all (store, id, NULL, error) || !tj_server_store_commit (store, error))
    {
      tj_server_store_rollback (store);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_directory_move_account (TjServerStore         *store,
                           const TjServerAccount *actor,
                           const TjServerOrg     *actor_org,
                           const TjUuid          *id,
                           const TjUuid          *org_id,
                           const char           **field,
                           GError               **error)
{
  g_autoptr(TjServerAccount) account = NULL;
  g_autoptr(TjServerOrg) org = NULL;
  TjServerStmt *stmt;

  if (tj_uuid_equal (id, &actor->id))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_FORBIDDEN,
                   _("You cannot move your own account to another organisation."));
      return FALSE;
    }
  account = managed_account (store, actor, actor_org, id, error);
  if (account == NULL)
    return FALSE;
  org = tj_directory_get_org (store, org_id, error);
  if (org == NULL)
    {
      *field = "org_id";
      return FALSE;
    }
  /* The same rule as a new account of this role there. */
  if (!may_grant (actor, actor_org, org, account->role, error))
    {
      *field = "org_id";
      return FALSE;
    }
  stmt = tj_server_store_prepare (store, "UPDATE account SET org_id = ? WHERE id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, org_id->bytes, sizeof org_id->bytes);
  tj_server_stmt_bind_blob (stmt, 2, id->bytes, sizeof id->bytes);
  return tj_server_store_step_done (store, stmt, error);
}

gboolean
tj_directory_revoke_sessions (TjServerStore         *store,
                              const TjServerAccount *actor,
                              const TjServerOrg     *actor_org,
                              const TjUuid          *id,
                              guint                 *n_revoked,
                              GError               **error)
{
  g_autoptr(TjServerAccount) account = NULL;

  if (!tj_uuid_equal (id, &actor->id))
    {
      account = managed_account (store, actor, actor_org, id, error);
      if (account == NULL)
        return FALSE;
    }
  return revoke_all (store, id, n_revoked, error);
}

void
tj_server_account_to_json (JsonBuilder *b, const TjServerAccount *account)
{
  json_builder_begin_object (b);
  _tj_directory_add_uuid (b, "id", &account->id);
  _tj_directory_add_uuid (b, "org_id", &account->org_id);
  _tj_directory_add_string (b, "username", account->username);
  _tj_directory_add_string (b, "name", account->name);
  _tj_directory_add_string (b, "role", tj_enum_key (&tj_enum_role, account->role));
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, account->active);
  json_builder_end_object (b);
}
