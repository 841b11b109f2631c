/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-private.h"

/* /v1/orgs and /v1/accounts: the organisation tree and the accounts in it, always within
 * the caller's own subtree (the rules are in tj-server-directory.h). */

typedef void (*ItemToJson) (JsonBuilder *builder, gconstpointer item);

static void
org_to_json (JsonBuilder *builder, gconstpointer org)
{
  tj_server_org_to_json (builder, org);
}

static void
account_to_json (JsonBuilder *builder, gconstpointer account)
{
  tj_server_account_to_json (builder, account);
}

/* Answers {"member": [item, …]}, or the error when `items` is NULL. */
static void
reply_list (TjRequest    *req,
            GPtrArray    *items,
            const GError *error,
            const char   *member,
            ItemToJson    to_json)
{
  g_autoptr(JsonBuilder) b = NULL;

  if (items == NULL)
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  b = json_builder_new ();
  json_builder_begin_object (b);
  json_builder_set_member_name (b, member);
  json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    to_json (b, g_ptr_array_index (items, i));
  json_builder_end_array (b);
  json_builder_end_object (b);
  tj_request_reply (req, SOUP_STATUS_OK, b);
}

/* Answers the item with `status`, or the error (naming `field`) when `item` is NULL. */
static void
reply_item (TjRequest     *req,
            guint          status,
            gconstpointer  item,
            const GError  *error,
            const char    *field,
            ItemToJson     to_json)
{
  g_autoptr(JsonBuilder) b = NULL;

  if (item == NULL)
    {
      tj_request_fail_error (req, error, field);
      return;
    }
  b = json_builder_new ();
  to_json (b, item);
  tj_request_reply (req, status, b);
}

void
tj_server_handle_org_list (TjServer *server, TjRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = tj_directory_list_orgs (_tj_server_get_store (server),
                                                      req->org, &error);

  reply_list (req, orgs, error, "orgs", org_to_json);
}

void
tj_server_handle_org_create (TjServer *server, TjRequest *req)
{
  TjServerOrgDraft draft = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerOrg) org = NULL;
  const char *field = NULL;
  int level;

  if (!tj_request_get_uuid (req, "parent_id", &draft.parent_id) ||
      !tj_request_get_string (req, "code", TRUE, 32, &draft.code) ||
      !tj_request_get_string (req, "name", TRUE, 400, &draft.name) ||
      !tj_request_get_string (req, "short_name", FALSE, 80, &draft.short_name) ||
      !tj_request_get_enum (req, "level", TRUE, &tj_enum_org_level, &level) ||
      !tj_request_get_enum (req, "type", FALSE, &tj_enum_org_type, &draft.type))
    return;
  draft.level = level;

  org = tj_directory_create_org (_tj_server_get_store (server), req->account, req->org,
                                 &draft, &field, &error);
  if (org != NULL)
    g_message ("org created: %s %s", org->code, org->name);
  reply_item (req, SOUP_STATUS_CREATED, org, error, field, org_to_json);
}

void
tj_server_handle_account_list (TjServer *server, TjRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) accounts = tj_directory_list_accounts (_tj_server_get_store (server),
                                                              req->account, req->org, &error);

  reply_list (req, accounts, error, "accounts", account_to_json);
}

void
tj_server_handle_account_create (TjServer *server, TjRequest *req)
{
  TjServerAccountDraft draft = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerAccount) account = NULL;
  const char *field = NULL;
  int role;

  if (!tj_request_get_uuid (req, "org_id", &draft.org_id) ||
      !tj_request_get_string (req, "username", TRUE, 64, &draft.username) ||
      !tj_request_get_string (req, "name", TRUE, 256, &draft.name) ||
      !tj_request_get_enum (req, "role", TRUE, &tj_enum_role, &role) ||
      !tj_request_get_string (req, "password", TRUE, 1024, &draft.password))
    return;
  draft.role = role;

  /* Hashing blocks this thread for about a tenth of a second; account creation is a rare
   * administrative act, unlike a login, which is hashed in a worker. */
  account = tj_directory_create_account (_tj_server_get_store (server), req->account, req->org,
                                         &draft, &field, &error);
  if (account != NULL)
    g_message ("account created: %s by %s", account->username, req->account->username);
  reply_item (req, SOUP_STATUS_CREATED, account, error, field, account_to_json);
}

void
tj_server_handle_account_disable (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerAccount) account = NULL;
  TjUuid id;

  if (!tj_request_param_uuid (req, "id", &id))
    return;
  if (tj_directory_disable_account (store, req->account, req->org, &id, &error))
    account = tj_directory_get_account (store, &id, &error);
  if (account != NULL)
    g_message ("account disabled: %s by %s", account->username, req->account->username);
  reply_item (req, SOUP_STATUS_OK, account, error, NULL, account_to_json);
}

void
tj_server_handle_account_move (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerAccount) account = NULL;
  const char *field = NULL;
  TjUuid id, org_id;

  if (!tj_request_param_uuid (req, "id", &id) || !tj_request_get_uuid (req, "org_id", &org_id))
    return;
  if (tj_directory_move_account (store, req->account, req->org, &id, &org_id, &field, &error))
    account = tj_directory_get_account (store, &id, &error);
  if (account != NULL)
    g_message ("account moved: %s by %s", account->username, req->account->username);
  reply_item (req, SOUP_STATUS_OK, account, error, field, account_to_json);
}

void
tj_server_handle_account_revoke (TjServer *server, TjRequest *req)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint n = 0;
  TjUuid id;

  if (!tj_request_param_uuid (req, "id", &id))
    return;
  if (!tj_directory_revoke_sessions (_tj_server_get_store (server), req->account, req->org,
                                     &id, &n, &error))
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "revoked");
  json_builder_add_int_value (b, n);
  json_builder_end_object (b);
  tj_request_reply (req, SOUP_STATUS_OK, b);
}
