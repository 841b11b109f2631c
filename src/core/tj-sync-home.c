/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-sync-home.h"
#include "tj-case-store-private.h"
#include "tj-protocol.h"
#include "tj-replica-link.h"
#include "tj-store-private.h"
#include "tj-sync-reset.h"

static gboolean
set_home (TjStore *store, const TjUuid *old, const char *org_text, guint roles, gint64 desk,
          GError **error)
{
  sqlite3_stmt *stmt;

  if (!tj_store_begin (store, error))
    return FALSE;
  stmt = tj_store_prepare (store, "DELETE FROM sync_state WHERE bucket = ?", error);
  if (stmt != NULL)
    sqlite3_bind_blob (stmt, 1, old->bytes, 16, SQLITE_TRANSIENT);
  if (stmt == NULL || !tj_store_step_done (store, stmt, error) ||
      !tj_store_set_meta (store, "org_id", org_text, error) ||
      !tj_store_set_meta (store, "sync_bucket", org_text, error) ||
      !tj_store_set_meta_int (store, "user_roles", roles, error) ||
      !tj_store_set_meta_int (store, "desk", desk, error))
    {
      tj_store_rollback (store);
      return FALSE;
    }
  return tj_store_commit (store, error);
}

gboolean
tj_sync_home_check (TjCaseStore *cases, JsonNode *session, gboolean *moved, gboolean *reload,
                    GError **error)
{
  TjStore *store;
  JsonObject *account, *org;
  g_autofree char *linked = NULL;
  const char *org_text, *role;
  TjUuid org_id, old;
  guint roles, v;
  gint64 desk, had_desk;

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);

  *moved = FALSE;
  *reload = FALSE;
  if (!tj_replica_session_check (session, error))
    return FALSE;
  store = tj_case_store_get_store (cases);
  account = json_object_get_object_member (json_node_get_object (session), "account");
  org = json_object_get_object_member (json_node_get_object (session), "org");
  org_text = tj_protocol_get_string (org, "id");
  tj_uuid_parse (org_text, &org_id);
  role = tj_protocol_get_string (account, "role");
  roles = role != NULL && tj_enum_lookup (&tj_enum_role, role, &v) ? TJ_ROLE_BIT (v)
                                                                    : tj_case_store_get_roles (cases);
  had_desk = tj_store_get_meta_int (store, "desk", 1);
  if (!tj_protocol_get_int (json_node_get_object (session), "desk", &desk) || desk < 1)
    desk = had_desk;
  linked = tj_store_get_meta (store, "sync_bucket");
  if (linked == NULL || !tj_uuid_parse (linked, &old))
    return TRUE;
  if (tj_uuid_equal (&old, &org_id) && roles == tj_case_store_get_roles (cases) &&
      desk == had_desk)
    return TRUE;
  /* The reset first: should this stop half-way, the next sync finds the same difference
   * and starts again. */
  if (!tj_uuid_equal (&old, &org_id))
    {
      if (!tj_sync_reset_begin (cases, &org_id, error))
        return FALSE;
      *moved = TRUE;
    }
  *reload = TRUE;
  return set_home (store, &old, org_text, roles, desk, error);
}
