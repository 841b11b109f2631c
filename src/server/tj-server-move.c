/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-move.h"
#include "tj-server-directory-private.h"
#include "tj-server-sql.h"
#include "tj-enums.h"
#include "tj-protocol.h"

/* A case delegated (委派) to another organisation: a patch of the case's org_id by a
 * supervisor or administrator whose subtree holds both organisations. The case and every
 * record that hangs on it (parties, claims, sessions, the agreement and its clauses,
 * attachments, access log, final documents, the conflicts about any of them) take the new
 * organisation; tj_server_records_save () then puts them in the buckets they enter and
 * removes them from those they leave, so the old centre's replicas drop the case and the
 * new centre's receive it. */

char *
tj_server_move_check (TjPushContext *ctx, TjServerRecord *rec, JsonNode *target)
{
  g_autoptr(GError) local = NULL;
  const TjServerOrg *to, *from;
  const char *state_key;
  guint state;
  TjUuid id;

  if (ctx->account->role != TJ_ROLE_SUPERVISOR && ctx->account->role != TJ_ROLE_ADMINISTRATOR)
    return g_strdup (_("Only a supervisor or an administrator may delegate a case to another "
                       "organisation."));
  if (target == NULL || !JSON_NODE_HOLDS_VALUE (target) ||
      json_node_get_value_type (target) != G_TYPE_STRING ||
      !tj_uuid_parse (json_node_get_string (target), &id))
    return g_strdup (_("The organisation must be given by its id (a UUID)."));
  to = tj_sync_txn_get_org (&ctx->txn, &id, &local);
  if (to == NULL)
    return g_strdup (_("There is no such organisation on the server."));
  from = tj_sync_txn_get_org (&ctx->txn, &rec->org_id, &local);
  if (from == NULL || !tj_server_org_contains (ctx->org, from) ||
      !tj_server_org_contains (ctx->org, to))
    return g_strdup (_("Both the case's organisation and the new one must be in your "
                       "jurisdiction."));
  if (!tj_org_type_holds_cases (to->type))
    /* Translators: an organisation's name */
    return g_strdup_printf (_("%s does not mediate cases; delegate to a mediation centre or "
                              "committee."), to->name);
  state_key = tj_protocol_get_string (rec->doc, "state");
  if (state_key == NULL || !tj_enum_lookup (&tj_enum_state, state_key, &state) ||
      !tj_state_may_move (state) || tj_protocol_get_string (rec->doc, "archived") != NULL)
    return g_strdup (_("Only a case not yet in mediation (received or accepted) can be "
                       "delegated to another organisation."));
  return NULL;
}

/* The ids a query with one text parameter (a record's id) returns, added to out. */
static gboolean
collect (TjServerStore *store, const char *sqlite_sql, const char *pg_sql, const char *id_text,
         GArray *out, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare_sql (store, sqlite_sql, pg_sql, error);
  TjServerStep step;

  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, id_text);
  while ((step = tj_server_stmt_step (stmt, error)) == TJ_SERVER_STEP_ROW)
    {
      TjUuid child;

      _tj_directory_column_uuid (stmt, 0, &child);
      g_array_append_val (out, child);
    }
  tj_server_stmt_reset (stmt);
  return step == TJ_SERVER_STEP_DONE;
}

/* These queries use the expression indexes of schema 5 (tj-server-schema.c); their WHERE
 * clauses must keep matching the indexes'. */
#define CHILDREN_SQL(D) \
  "SELECT id FROM record WHERE " TJ_SQL_JSON (D, "doc", "case_id") " = ? AND type IN (" \
  "'party', 'claim', 'session', 'agreement', 'attachment', 'access_log', 'document')"
#define CLAUSES_SQL(D) \
  "SELECT id FROM record WHERE " TJ_SQL_JSON (D, "doc", "agreement_id") " = ? " \
  "AND type = 'clause'"
#define CONFLICTS_SQL(D) \
  "SELECT id FROM record WHERE " TJ_SQL_JSON (D, "doc", "record") " = ? AND type = 'conflict'"

static gboolean
move_one (TjSyncTxn *txn, const TjUuid *id, const TjUuid *org_id, char **type_out,
          GError **error)
{
  g_autoptr(TjServerRecord) rec = NULL;
  g_autoptr(GError) local = NULL;

  rec = tj_server_records_load (txn->store, id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (rec == NULL || tj_uuid_equal (&rec->org_id, org_id))
    return TRUE;
  rec->org_id = *org_id;
  if (type_out != NULL)
    *type_out = g_strdup (rec->type);
  return tj_server_records_save (txn, rec, error);
}

gboolean
tj_server_move_children (TjSyncTxn *txn, TjServerRecord *c, GError **error)
{
  g_autoptr(GArray) ids = g_array_new (FALSE, FALSE, sizeof (TjUuid));
  char text[TJ_UUID_STRING_LEN + 1];
  guint n_records;

  tj_uuid_to_string (&c->id, text);
  if (!collect (txn->store, TJ_SQL_BOTH (CHILDREN_SQL), text, ids, error))
    return FALSE;
  /* ids grows with each agreement's clauses while it is walked. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autofree char *type = NULL;
      TjUuid id = g_array_index (ids, TjUuid, i);

      if (!move_one (txn, &id, &c->org_id, &type, error))
        return FALSE;
      if (g_strcmp0 (type, "agreement") == 0)
        {
          tj_uuid_to_string (&id, text);
          if (!collect (txn->store, TJ_SQL_BOTH (CLAUSES_SQL), text, ids, error))
            return FALSE;
        }
    }
  /* The conflicts about the case or any of its records. */
  n_records = ids->len;
  g_array_append_val (ids, c->id);
  for (guint i = 0; i <= n_records; i++)
    {
      g_autoptr(GArray) conflicts = g_array_new (FALSE, FALSE, sizeof (TjUuid));

      tj_uuid_to_string (&g_array_index (ids, TjUuid, i), text);
      if (!collect (txn->store, TJ_SQL_BOTH (CONFLICTS_SQL), text, conflicts, error))
        return FALSE;
      for (guint j = 0; j < conflicts->len; j++)
        if (!move_one (txn, &g_array_index (conflicts, TjUuid, j), &c->org_id, NULL, error))
          return FALSE;
    }
  return TRUE;
}
