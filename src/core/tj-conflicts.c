/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-case-store-private.h"
#include "tj-conflicts.h"
#include "tj-hlc.h"
#include "tj-store-private.h"

/* Conflicts are records the server makes when two people changed the same field (sync.md):
 * they reach every replica of the jurisdiction by pull, and a resolution is an edit like
 * any other, pushed and seen by everyone. */

void
tj_conflict_free (TjConflict *c)
{
  if (c == NULL)
    return;
  g_free (c->record_type);
  g_free (c->field);
  g_free (c->kept_value);
  g_free (c->kept_user);
  g_free (c->kept_client);
  g_free (c->lost_value);
  g_free (c->lost_user);
  g_free (c->lost_client);
  g_free (c);
}

static char *
member_json (JsonObject *o, const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  return node ? json_to_string (node, FALSE) : g_strdup ("null");
}

static char *
member_string (JsonObject *o, const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return g_strdup (json_node_get_string (node));
}

static gint64
member_ms (JsonObject *o, const char *name)
{
  JsonNode *node = o ? json_object_get_member (o, name) : NULL;

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return 0;
  return TJ_HLC_MS ((TjHlcValue) json_node_get_int (node));
}

static TjConflict *
conflict_from_doc (const guint8 *id, gint64 version, const char *text)
{
  g_autoptr(JsonNode) node = json_from_string (text, NULL);
  JsonObject *doc, *kept, *lost;
  TjConflict *c;
  g_autofree char *record = NULL;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  doc = json_node_get_object (node);
  kept = json_object_has_member (doc, "kept") ? json_object_get_object_member (doc, "kept") : NULL;
  lost = json_object_has_member (doc, "lost") ? json_object_get_object_member (doc, "lost") : NULL;
  c = g_new0 (TjConflict, 1);
  memcpy (c->id.bytes, id, 16);
  c->version = version;
  record = member_string (doc, "record");
  if (record == NULL || !tj_uuid_parse (record, &c->record))
    {
      tj_conflict_free (c);
      return NULL;
    }
  c->record_type = member_string (doc, "type");
  c->field = member_string (doc, "field");
  c->resolved = json_object_has_member (doc, "resolved") &&
                json_node_get_value_type (json_object_get_member (doc, "resolved")) == G_TYPE_BOOLEAN &&
                json_object_get_boolean_member (doc, "resolved");
  c->kept_value = member_json (kept, "value");
  c->kept_user = member_string (kept, "user");
  c->kept_client = member_string (kept, "client_id");
  c->kept_ms = member_ms (kept, "hlc");
  c->lost_value = member_json (lost, "value");
  c->lost_user = member_string (lost, "user");
  c->lost_client = member_string (lost, "client_id");
  c->lost_ms = member_ms (lost, "hlc");
  return c;
}

GPtrArray *
tj_conflicts_list (TjStore *store, gboolean open_only, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_conflict_free);
  sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT id, version, doc FROM sync_record "
                                                "WHERE type = 'conflict' ORDER BY id", error);
  int rc;

  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjConflict *c = conflict_from_doc (sqlite3_column_blob (stmt, 0),
                                         sqlite3_column_int64 (stmt, 1),
                                         (const char *) sqlite3_column_text (stmt, 2));

      if (c != NULL && (!open_only || !c->resolved))
        g_ptr_array_add (out, c);
      else
        tj_conflict_free (c);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static gboolean
about_case (const TjCase *c, const TjUuid *record)
{
  if (tj_uuid_equal (&c->id, record))
    return TRUE;
  for (guint i = 0; i < c->parties->len; i++)
    if (tj_uuid_equal (&((TjParty *) g_ptr_array_index (c->parties, i))->id, record))
      return TRUE;
  for (guint i = 0; i < c->claims->len; i++)
    if (tj_uuid_equal (&((TjClaim *) g_ptr_array_index (c->claims, i))->id, record))
      return TRUE;
  return FALSE;
}

GHashTable *
tj_conflicts_case_ids (TjStore *store, GError **error)
{
  g_autoptr(GPtrArray) open = tj_conflicts_list (store, TRUE, error);
  g_autoptr(GHashTable) ids = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;

  if (open == NULL)
    return NULL;
  stmt = tj_store_prepare (store, "SELECT id FROM \"case\" WHERE id = ?1 UNION ALL "
                                  "SELECT case_id FROM party WHERE id = ?1 UNION ALL "
                                  "SELECT case_id FROM claim WHERE id = ?1", error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < open->len; i++)
    {
      TjConflict *k = g_ptr_array_index (open, i);

      sqlite3_bind_blob (stmt, 1, k->record.bytes, 16, SQLITE_TRANSIENT);
      if (sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 16)
        {
          TjUuid id;

          memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
          g_hash_table_add (ids, tj_uuid_dup_string (&id));
        }
      sqlite3_reset (stmt);
    }
  return g_steal_pointer (&ids);
}

GPtrArray *
tj_conflicts_for_case (TjStore *store, const TjCase *c, GError **error)
{
  GPtrArray *open = tj_conflicts_list (store, TRUE, error);

  g_return_val_if_fail (c != NULL, NULL);

  for (guint i = open != NULL ? open->len : 0; i > 0; i--)
    if (!about_case (c, &((TjConflict *) g_ptr_array_index (open, i - 1))->record))
      g_ptr_array_remove_index (open, i - 1);
  return open;
}

TjConflict *
tj_conflict_get (TjStore *store, const char *ref, GError **error)
{
  g_autoptr(GPtrArray) all = tj_conflicts_list (store, FALSE, error);
  TjUuid id;

  if (all == NULL)
    return NULL;
  if (tj_uuid_parse (ref, &id))
    for (guint i = 0; i < all->len; i++)
      {
        TjConflict *c = g_ptr_array_index (all, i);

        if (tj_uuid_equal (&c->id, &id))
          return g_ptr_array_steal_index (all, i);
      }
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
               _("Conflict: there is no conflict “%s” in this replica."), ref);
  return NULL;
}

char *
tj_conflict_value_text (const char *json)
{
  g_autoptr(JsonNode) node = json_from_string (json, NULL);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return g_strdup ("");
  if (json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

gboolean
tj_conflict_kept_is_mine (TjStore *store, const TjConflict *c)
{
  g_autofree char *my_client = NULL;

  g_return_val_if_fail (store != NULL, FALSE);
  g_return_val_if_fail (c != NULL, FALSE);
  my_client = tj_store_get_meta (store, "client_id");
  return g_strcmp0 (c->lost_client, my_client) != 0;
}

/* Only a case's own fields are resolved here; another record's field by editing it. */
static gboolean
check_case_field (const TjConflict *c, const char *ref, GError **error)
{
  if (g_strcmp0 (c->record_type, "case") == 0)
    return TRUE;
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
               _("Conflict %s: a %s field is resolved by editing it; here only case "
                 "fields can be set."), ref, c->record_type);
  return FALSE;
}

static char *
assignment (const TjConflict *c, const char *value)
{
  return g_strdup_printf ("%s=%s", c->field, value);
}

gboolean
tj_conflict_check_value (TjCaseStore *cases, const TjConflict *c, const char *value,
                         GError **error)
{
  char id_text[TJ_UUID_STRING_LEN + 1];
  g_autofree char *set = NULL;
  const char *assignments[] = { NULL, NULL };

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);
  g_return_val_if_fail (c != NULL, FALSE);
  g_return_val_if_fail (value != NULL, FALSE);

  tj_uuid_to_string (&c->id, id_text);
  if (!check_case_field (c, id_text, error))
    return FALSE;
  tj_uuid_to_string (&c->record, id_text);
  assignments[0] = set = assignment (c, value);
  return tj_case_store_check_set (cases, id_text, assignments, error);
}

/* "Mine" is the value this replica's user wrote; the server kept one of the two. */
static char *
chosen_value (const TjConflict *c, const char *my_client, TjConflictKeep keep, const char *value)
{
  gboolean lost_is_mine = g_strcmp0 (c->lost_client, my_client) == 0;

  if (keep == TJ_CONFLICT_KEEP_VALUE)
    return g_strdup (value);
  if (keep == TJ_CONFLICT_KEEP_MINE)
    return tj_conflict_value_text (lost_is_mine ? c->lost_value : c->kept_value);
  return tj_conflict_value_text (lost_is_mine ? c->kept_value : c->lost_value);
}

gboolean
tj_conflict_resolve (TjCaseStore *cases, const char *ref, TjConflictKeep keep,
                     const char *value, GError **error)
{
  static const char * const keys[] = { "mine", "theirs", "value" };
  TjStore *store = tj_case_store_get_store (cases);
  TjJournal *journal = tj_case_store_get_journal (cases);
  g_autoptr(TjConflict) c = NULL;
  g_autofree char *my_client = tj_store_get_meta (store, "client_id");
  g_autofree char *chosen = NULL;
  g_autofree char *kept = NULL;
  TjWriteScope scope;
  TjEvent event;
  TjFields f;
  gboolean ok = FALSE;

  c = tj_conflict_get (store, ref, error);
  if (c == NULL)
    return FALSE;
  if (c->resolved)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Conflict %s is resolved already."), ref);
      return FALSE;
    }
  chosen = chosen_value (c, my_client, keep, value);
  kept = tj_conflict_value_text (c->kept_value);

  if (!tj_case_store_begin_batch (cases, error))
    return FALSE;
  /* The record takes the chosen value unless it is what the server kept. */
  if (g_strcmp0 (kept, chosen) != 0)
    {
      char id_text[TJ_UUID_STRING_LEN + 1];
      g_autofree char *set = assignment (c, chosen);
      const char *assignments[] = { set, NULL };

      if (!check_case_field (c, ref, error))
        {
          tj_case_store_abort_batch (cases);
          return FALSE;
        }
      tj_uuid_to_string (&c->record, id_text);
      if (!tj_case_store_set (cases, id_text, assignments, NULL, error))
        {
          tj_case_store_abort_batch (cases);
          return FALSE;
        }
    }
  if (!_tj_case_store_write_begin (cases, &scope, error))
    {
      tj_case_store_abort_batch (cases);
      return FALSE;
    }
  tj_fields_init (&f);
  tj_fields_bool (&f, "resolved", TRUE);
  tj_fields_text (&f, "resolution", keys[keep]);
  if (tj_journal_begin_event (journal, NULL, 0, &event, error) &&
      tj_journal_mutation (journal, &event, &c->id, "conflict", TJ_OP_PATCH, c->version,
                           tj_fields_end (&f), error) &&
      tj_journal_write_event (journal, &event, NULL, &c->id, "conflict", "resolve",
                              keys[keep], error))
    {
      sqlite3_stmt *stmt = tj_store_prepare (store, "UPDATE sync_record SET doc = "
                                                    "json_set (doc, '$.resolved', json('true'), "
                                                    "'$.resolution', ?) WHERE id = ?", error);

      if (stmt != NULL)
        {
          sqlite3_bind_text (stmt, 1, keys[keep], -1, SQLITE_STATIC);
          sqlite3_bind_blob (stmt, 2, c->id.bytes, 16, SQLITE_STATIC);
          ok = tj_store_step_done (store, stmt, error);
        }
    }
  tj_fields_clear (&f);
  if (!_tj_case_store_write_end (cases, &scope, ok, error))
    {
      tj_case_store_abort_batch (cases);
      return FALSE;
    }
  return tj_case_store_end_batch (cases, error);
}
