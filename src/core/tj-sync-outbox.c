/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-store-private.h"
#include "tj-sync-outbox.h"

/* The outbox as the pusher sees it: mutations in order, a registration entry expanded
 * into the creates of its case, parties and claims (their fields read from the records
 * now), and acknowledgement by a watermark, so that a registration the server took only
 * part of is resumed where it stopped. */

#define ACKED_KEY "acked_mutation_id"

void
tj_outbox_mutation_free (TjOutboxMutation *m)
{
  if (m == NULL)
    return;
  g_free (m->type);
  g_free (m->fields);
  g_free (m);
}

gint64
tj_sync_outbox_acked (TjStore *store)
{
  return tj_store_get_meta_int (store, ACKED_KEY, 0);
}

static TjOp
parse_op (const char *op)
{
  if (g_strcmp0 (op, "patch") == 0)
    return TJ_OP_PATCH;
  if (g_strcmp0 (op, "delete") == 0)
    return TJ_OP_DELETE;
  return TJ_OP_CREATE;
}

static TjOutboxMutation *
mutation_new (gint64 id, const TjUuid *record, const char *type, TjOp op, gint64 base,
              gint64 hlc, char *fields)
{
  TjOutboxMutation *m = g_new0 (TjOutboxMutation, 1);

  m->id = id;
  m->record = *record;
  m->type = g_strdup (type);
  m->op = op;
  m->base = base;
  m->hlc = hlc;
  m->fields = fields;
  return m;
}

/* A delete of a record the server was never sent: it answers it as done, and the
 * mutation's number is used. */
static TjOutboxMutation *
delete_of_unsent (gint64 id, const TjUuid *record, const char *type, gint64 hlc)
{
  return mutation_new (id, record, type, TJ_OP_DELETE, 0, hlc, g_strdup ("{}"));
}

static gboolean
has_child (const TjCase *c, const char *type, const TjUuid *id)
{
  GPtrArray *children = strcmp (type, "party") == 0 ? c->parties : c->claims;

  /* Parties and claims both begin with their id. */
  for (guint i = 0; i < children->len; i++)
    if (tj_uuid_equal ((const TjUuid *) g_ptr_array_index (children, i), id))
      return TRUE;
  return FALSE;
}

/* A registration: the case's create, then one per child, all read from the case as it is
 * now. */
static gboolean
expand_registration (TjStore *store, gint64 first, const TjUuid *case_id, gint64 hlc,
                     const guint8 *children, gsize len, gint64 acked, guint max,
                     GPtrArray *out, GError **error)
{
  char ref[TJ_UUID_STRING_LEN + 1];
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GError) local = NULL;

  tj_uuid_to_string (case_id, ref);
  c = _tj_case_row_load (store, ref, &local);
  if (c == NULL && !g_error_matches (local, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* The case left this replica before its registration went, or went again after the
   * server's restore (it was delegated, or its user moved): the server cannot have it,
   * as this registration makes it, so its numbers go as deletes of what was never made,
   * which the server answers as done. */
  if (c == NULL)
    g_debug ("registration %" G_GINT64_FORMAT ": case %s is no longer here", first, ref);
  if (first > acked)
    g_ptr_array_add (out, c != NULL
                            ? mutation_new (first, case_id, "case", TJ_OP_CREATE, 0, hlc,
                                            _tj_case_snapshot (c, "case", case_id))
                            : delete_of_unsent (first, case_id, "case", hlc));
  for (gsize i = 0; i * TJ_JOURNAL_CHILD_SIZE < len && out->len < max; i++)
    {
      const guint8 *child = children + i * TJ_JOURNAL_CHILD_SIZE;
      const char *type = child[0] == 'p' ? "party" : "claim";
      gint64 id = first + 1 + (gint64) i;
      TjUuid record;

      if (id <= acked)
        continue;
      memcpy (record.bytes, child + 1, 16);
      /* Removed before the registration went out: its number still goes, as a delete
       * (of nothing yet, which the server answers as done). */
      if (c == NULL || !has_child (c, type, &record))
        g_ptr_array_add (out, delete_of_unsent (id, &record, type, hlc));
      else
        g_ptr_array_add (out, mutation_new (id, &record, type, TJ_OP_CREATE, 0, hlc,
                                            _tj_case_snapshot (c, type, &record)));
    }
  return TRUE;
}

GPtrArray *
tj_sync_outbox_read (TjStore *store, guint max, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_outbox_mutation_free);
  gint64 acked = tj_sync_outbox_acked (store);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (max > 0, NULL);

  stmt = tj_store_prepare (store, "SELECT mutation_id, record_id, kind, op, base, hlc, fields, "
                                  "children FROM outbox ORDER BY mutation_id", error);
  if (stmt == NULL)
    return NULL;
  while (out->len < max && (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 id = sqlite3_column_int64 (stmt, 0);
      const char *kind = (const char *) sqlite3_column_text (stmt, 2);
      TjOp op = parse_op ((const char *) sqlite3_column_text (stmt, 3));
      gint64 hlc = sqlite3_column_int64 (stmt, 5);
      const char *fields = (const char *) sqlite3_column_text (stmt, 6);
      TjUuid record;

      if (sqlite3_column_bytes (stmt, 1) != 16)
        continue;
      memcpy (record.bytes, sqlite3_column_blob (stmt, 1), 16);
      if (sqlite3_column_type (stmt, 7) == SQLITE_BLOB)
        {
          g_autofree guint8 *children = g_memdup2 (sqlite3_column_blob (stmt, 7),
                                                   sqlite3_column_bytes (stmt, 7));
          gsize len = sqlite3_column_bytes (stmt, 7);

          if (!expand_registration (store, id, &record, hlc, children, len, acked, max, out,
                                    error))
            {
              sqlite3_reset (stmt);
              return NULL;
            }
          continue;
        }
      if (id <= acked)
        continue;
      if (fields == NULL)
        {
          g_autoptr(GError) local = NULL;
          char *snapshot = _tj_record_snapshot_fields (store, kind, &record, &local);

          if (snapshot == NULL && !g_error_matches (local, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              sqlite3_reset (stmt);
              return NULL;
            }
          /* A create whose record has left this replica: as for a registration. */
          if (snapshot == NULL)
            g_ptr_array_add (out, delete_of_unsent (id, &record, kind, hlc));
          else
            g_ptr_array_add (out, mutation_new (id, &record, kind, op,
                                                sqlite3_column_int64 (stmt, 4), hlc, snapshot));
        }
      else
        g_ptr_array_add (out, mutation_new (id, &record, kind, op, sqlite3_column_int64 (stmt, 4),
                                            hlc, g_strdup (fields)));
    }
  sqlite3_reset (stmt);
  if (out->len < max && rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  /* A registration may have pushed the list past max: keep the order, cut the tail. */
  if (out->len > max)
    g_ptr_array_set_size (out, max);
  return g_steal_pointer (&out);
}

#define COLUMNS "mutation_id, record_id, kind, op, base, hlc, fields, event_id, children"
/* The last mutation id an entry stands for (a registration numbers its children on). */
#define LAST_ID "mutation_id + coalesce (length (children), 0) / 17"

static gboolean
run_bound (TjStore *store, const char *sql, gint64 value, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, value);
  return tj_store_step_done (store, stmt, error);
}

/* Acknowledged entries move to outbox_acked, where the last TJ_SYNC_REPLAY_KEEP mutation
 * ids stay for a replay (tj_sync_outbox_rewind ()). An entry's last id is never below its
 * first, so "mutation_id <= ?" says no more than LAST_ID does, but it lets SQLite look up
 * the primary key instead of reading all of outbox_acked (up to TJ_SYNC_REPLAY_KEEP rows)
 * on every push. */
gboolean
tj_sync_outbox_ack (TjStore *store, gint64 upto, GError **error)
{
  if (upto <= tj_sync_outbox_acked (store))
    return TRUE;
  return run_bound (store, "INSERT OR REPLACE INTO outbox_acked (" COLUMNS ") SELECT " COLUMNS
                           " FROM outbox WHERE mutation_id <= ?1 AND " LAST_ID " <= ?1",
                    upto, error) &&
         run_bound (store, "DELETE FROM outbox WHERE mutation_id <= ?1 AND " LAST_ID " <= ?1",
                    upto, error) &&
         run_bound (store, "DELETE FROM outbox_acked WHERE mutation_id <= ?1 AND "
                           LAST_ID " <= ?1", upto - TJ_SYNC_REPLAY_KEEP, error) &&
         tj_store_set_meta_int (store, ACKED_KEY, upto, error);
}

gboolean
tj_sync_outbox_forget_bases (TjStore *store, GError **error)
{
  return tj_store_exec (store, "UPDATE outbox SET base = 0 WHERE base <> 0", error);
}

gboolean
tj_sync_outbox_rewind (TjStore *store, gint64 from, GError **error)
{
  sqlite3_stmt *stmt;
  gboolean held;

  g_return_val_if_fail (from > 0, FALSE);

  if (from > tj_sync_outbox_acked (store))
    return TRUE;
  stmt = tj_store_prepare (store, "SELECT EXISTS (SELECT 1 FROM outbox_acked WHERE "
                                  "mutation_id <= ?1 AND " LAST_ID " >= ?1) OR EXISTS "
                                  "(SELECT 1 FROM outbox WHERE mutation_id <= ?1 AND "
                                  LAST_ID " >= ?1)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, from);
  held = sqlite3_step (stmt) == SQLITE_ROW && sqlite3_column_int (stmt, 0) != 0;
  sqlite3_reset (stmt);
  if (!held)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
                   _("Change %lld of this replica is no longer kept here, so it cannot be "
                     "sent again."), (long long) from);
      return FALSE;
    }
  return run_bound (store, "INSERT INTO outbox (" COLUMNS ") SELECT " COLUMNS
                           " FROM outbox_acked WHERE " LAST_ID " >= ?", from, error) &&
         run_bound (store, "DELETE FROM outbox_acked WHERE " LAST_ID " >= ?", from, error) &&
         tj_store_set_meta_int (store, ACKED_KEY, from - 1, error);
}

static void
mark_pending (GHashTable *pending, const guint8 *id, const char *fields_json)
{
  GHashTable *names;
  g_autoptr(JsonNode) node = NULL;

  if (!g_hash_table_lookup_extended (pending, id, NULL, (gpointer *) &names))
    {
      names = fields_json ? g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL) : NULL;
      g_hash_table_insert (pending, g_memdup2 (id, 16), names);
    }
  if (names == NULL)
    return;     /* a pending create: the whole record is ours */
  if (fields_json == NULL)
    {
      g_hash_table_insert (pending, g_memdup2 (id, 16), NULL);
      return;
    }
  node = json_from_string (fields_json, NULL);
  if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autoptr(GList) members = json_object_get_members (json_node_get_object (node));

      for (GList *l = members; l != NULL; l = l->next)
        g_hash_table_add (names, g_strdup (l->data));
    }
}

GHashTable *
tj_sync_outbox_pending (TjStore *store, GError **error)
{
  g_autoptr(GHashTable) pending = g_hash_table_new_full (tj_uuid_hash, tj_uuid_hash_equal,
                                                         g_free,
                                                         tj_sync_pending_free);
  sqlite3_stmt *stmt;
  int rc;

  stmt = tj_store_prepare (store, "SELECT record_id, op, fields, children FROM outbox", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *op = (const char *) sqlite3_column_text (stmt, 1);
      const char *fields = (const char *) sqlite3_column_text (stmt, 2);
      gboolean whole = g_strcmp0 (op, "patch") != 0;

      if (sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      mark_pending (pending, sqlite3_column_blob (stmt, 0), whole ? NULL : fields);
      if (sqlite3_column_type (stmt, 3) == SQLITE_BLOB)
        {
          const guint8 *children = sqlite3_column_blob (stmt, 3);
          int len = sqlite3_column_bytes (stmt, 3);

          for (int i = 0; i + TJ_JOURNAL_CHILD_SIZE <= len; i += TJ_JOURNAL_CHILD_SIZE)
            mark_pending (pending, children + i + 1, NULL);
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&pending);
}

void
tj_sync_pending_free (gpointer names)
{
  if (names != NULL)
    g_hash_table_unref (names);
}
