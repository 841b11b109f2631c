/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-doc.h"
#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-search.h"
#include "tj-protocol.h"
#include "tj-search.h"
#include "tj-store-private.h"
#include "tj-sync-apply.h"
#include "tj-sync-reset.h"
#include "tj-sync-apply-doc.h"

/* A page pulled from the server goes into the replica in one transaction together with
 * the bucket's cursor, so a crash repeats at most that page (sync.md, Pull). Cases,
 * parties, claims, people and final documents go into their tables; other kinds (conflicts, rejections, …) are
 * kept as documents. A field with an edit of ours not yet acknowledged keeps our value:
 * the server's answer to that edit comes in a later page. */

typedef struct {
  TjCaseStore *cases;
  TjStore     *store;
  GHashTable  *pending;
  gint64       indexed_upto;
  /* The case last loaded or written: a case's parties and claims follow it in the page,
   * so each of them need not read the whole case again. It is always what the rows say.
   * `dense`: its children's stored positions are their places in it (a case this page
   * created), so a child can be put back in place rather than the case read again. */
  TjCase      *cached;
  gboolean     dense;
} Apply;

static void
forget_case (Apply *a)
{
  g_clear_pointer (&a->cached, tj_case_free);
  a->dense = FALSE;
}

/* The server's fields without those we have pending edits of. */
static JsonObject *
without_pending (JsonObject *doc, GHashTable *names)
{
  JsonObject *out;
  g_autoptr(GList) members = NULL;

  if (names == NULL)
    return json_object_ref (doc);
  out = json_object_new ();
  members = json_object_get_members (doc);
  for (GList *l = members; l != NULL; l = l->next)
    if (names == NULL || !g_hash_table_contains (names, l->data))
      json_object_set_member (out, l->data, json_object_dup_member (doc, l->data));
  return out;
}

static gboolean
is_pending (Apply *a, const TjUuid *id, GHashTable **names)
{
  gpointer value = NULL;

  *names = NULL;
  if (a->pending == NULL || !g_hash_table_lookup_extended (a->pending, id->bytes, NULL, &value))
    return FALSE;
  *names = value;
  return value == NULL;
}

/* The server's version of a record we have pending edits of, for when they are answered
 * (tj_sync_apply_deferred ()). */
static gboolean
defer (Apply *a, const char *type, const TjUuid *id, gint64 version, JsonObject *doc,
       GError **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  if (doc != NULL)
    {
      g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);

      text = json_to_string (node, FALSE);
    }
  stmt = tj_store_prepare (a->store, "INSERT OR REPLACE INTO sync_deferred (id, type, version, "
                                     "doc) VALUES (?,?,?,?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, version);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  return tj_store_step_done (a->store, stmt, error);
}

/* (transfer none) NULL when the case is not here. */
static TjCase *
load_case (Apply *a, const TjUuid *id)
{
  char ref[TJ_UUID_STRING_LEN + 1];

  if (a->cached != NULL && tj_uuid_equal (&a->cached->id, id))
    return a->cached;
  forget_case (a);
  tj_uuid_to_string (id, ref);
  a->cached = _tj_case_row_load (a->store, ref, NULL);
  return a->cached;
}

/* Search: an indexed case changes its text; the old one must leave the index exactly. */
static char *
old_search_text (Apply *a, const TjCase *c)
{
  if (c == NULL || c->cid > a->indexed_upto)
    return NULL;
  return _tj_search_case_text (a->store, c->cid, NULL);
}

static gboolean
reindex (Apply *a, gint64 cid, const char *old_text, GError **error)
{
  if (old_text == NULL || cid > a->indexed_upto)
    return TRUE;
  return _tj_search_index (a->store, cid, old_text, error);
}

static gboolean apply_child (Apply *a, const char *type, const TjUuid *id, gint64 version,
                             JsonObject *doc, GError **error);
static gboolean apply_final_document (Apply *a, const TjUuid *id, gint64 version,
                                      JsonObject *doc, GError **error);

static gboolean
unpark_children (Apply *a, const TjUuid *case_id, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (a->store, "SELECT id, type, version, doc FROM sync_parked "
                                                   "WHERE case_id = ?", error);
  g_autoptr(GPtrArray) parked = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, case_id->bytes, 16, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjSyncPageOp *op = g_new0 (TjSyncPageOp, 1);
      g_autoptr(JsonNode) node = json_from_string ((const char *) sqlite3_column_text (stmt, 3), NULL);

      memcpy (op->id.bytes, sqlite3_column_blob (stmt, 0), 16);
      op->type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      op->version = sqlite3_column_int64 (stmt, 2);
      op->doc = node && JSON_NODE_HOLDS_OBJECT (node) ? json_object_ref (json_node_get_object (node))
                                                      : json_object_new ();
      g_ptr_array_add (parked, op);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tj_store_set_error_from_db (a->store, error);
  stmt = tj_store_prepare (a->store, "DELETE FROM sync_parked WHERE case_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, case_id->bytes, 16, SQLITE_TRANSIENT);
  if (!tj_store_step_done (a->store, stmt, error))
    return FALSE;
  for (guint i = 0; i < parked->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (parked, i);
      gboolean ok = strcmp (op->type, "document") == 0
                      ? apply_final_document (a, &op->id, op->version, op->doc, error)
                      : apply_child (a, op->type, &op->id, op->version, op->doc, error);

      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* A person of the roster: the replica's table, so cases can name their mediator. */
static gboolean
apply_person (Apply *a, const TjUuid *id, gint64 version, JsonObject *doc, GError **error)
{
  const char *org_text = json_object_get_string_member_with_default (doc, "org_id", NULL);
  const char *name = json_object_get_string_member_with_default (doc, "name", NULL);
  TjUuid org_id;
  sqlite3_stmt *stmt;

  if (org_text == NULL || !tj_uuid_parse (org_text, &org_id) || name == NULL)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Received %s.%s: %s."), "person", "org_id", _("required"));
      return FALSE;
    }
  stmt = tj_store_prepare (a->store,
                           "INSERT INTO person (id, org_id, name, roles, phone, version) "
                           "SELECT ?1, ?2, ?3, ?4, ?5, ?6 "
                           "WHERE EXISTS (SELECT 1 FROM organisation WHERE id = ?2) "
                           "ON CONFLICT (id) DO UPDATE SET org_id = excluded.org_id, "
                           "name = excluded.name, roles = excluded.roles, phone = excluded.phone, "
                           "version = excluded.version", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, org_id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, json_object_get_int_member_with_default (doc, "roles", 0));
  sqlite3_bind_text (stmt, 5, json_object_get_string_member_with_default (doc, "phone", NULL),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 6, version);
  return tj_store_step_done (a->store, stmt, error);
}

/* A case may name a mediator whose roster record comes in a later page: keep a place for
 * them, filled in when it arrives. */
static gboolean
ensure_person (Apply *a, const TjCase *c, GError **error)
{
  sqlite3_stmt *stmt;

  if (tj_uuid_is_nil (&c->mediator_id))
    return TRUE;
  stmt = tj_store_prepare (a->store, "INSERT OR IGNORE INTO person (id, org_id, name, roles) "
                                     "VALUES (?, ?, '', 0)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, c->mediator_id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, c->org_id.bytes, 16, SQLITE_TRANSIENT);
  return tj_store_step_done (a->store, stmt, error);
}

static gboolean
apply_case (Apply *a, const TjUuid *id, gint64 version, JsonObject *doc, GError **error)
{
  TjCase *c = load_case (a, id);
  g_autoptr(TjCase) fresh = NULL;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *old_text = old_search_text (a, c);
  GHashTable *names;

  if (is_pending (a, id, &names))
    return defer (a, "case", id, version, doc, error);
  if (names != NULL && !defer (a, "case", id, version, doc, error))
    return FALSE;
  fields = without_pending (doc, names);
  if (c == NULL)
    {
      c = fresh = tj_case_new ();
      c->id = *id;
    }
  if (!tj_case_doc_apply (c, fields, error))
    return FALSE;
  c->version = version;
  _tj_case_store_update_due (a->cases, c);
  if (!ensure_person (a, c, error))
    return FALSE;
  if (fresh == NULL)
    return _tj_case_row_update (a->store, c, error) && reindex (a, c->cid, old_text, error);
  if (!_tj_case_row_insert (a->store, c, error))
    return FALSE;
  a->cached = g_steal_pointer (&fresh);
  a->dense = TRUE;
  return unpark_children (a, id, error);
}

static gboolean
park (Apply *a, const TjUuid *case_id, const char *type, const TjUuid *id, gint64 version,
      JsonObject *doc, GError **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), doc);
  g_autofree char *text = json_to_string (node, FALSE);
  sqlite3_stmt *stmt = tj_store_prepare (a->store, "INSERT INTO sync_parked "
                                                   "(id, case_id, type, version, doc) "
                                                   "VALUES (?,?,?,?,?) ON CONFLICT (id) DO "
                                                   "UPDATE SET case_id = excluded.case_id, "
                                                   "type = excluded.type, "
                                                   "version = excluded.version, "
                                                   "doc = excluded.doc", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, case_id->bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 4, version);
  sqlite3_bind_text (stmt, 5, text, -1, SQLITE_TRANSIENT);
  return tj_store_step_done (a->store, stmt, error);
}

/* One statement with the record's id as its only parameter (a delete, mostly). */
static gboolean
run_for_id (Apply *a, const char *sql, const TjUuid *id, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (a->store, sql, error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  return tj_store_step_done (a->store, stmt, error);
}

/* Where a child goes in its case's list: its place when the case has it, else the end.
 * The child is taken out of the list meanwhile. */
static guint
take_child (GPtrArray *children, const TjUuid *id, gpointer *found)
{
  *found = NULL;
  for (guint i = 0; i < children->len; i++)
    if (tj_uuid_equal ((const TjUuid *) g_ptr_array_index (children, i), id))
      {
        *found = g_ptr_array_steal_index (children, i);
        return i;
      }
  return children->len;
}

/* After a child's row is written at `position`: the cached case stays exact only when
 * the child goes back where the rows put it. */
static void
put_back_child (Apply *a, gboolean in_place, GPtrArray *children, guint position,
                gpointer child, GDestroyNotify free_child)
{
  if (in_place && a->dense && position <= children->len)
    g_ptr_array_insert (children, (gint) position, child);
  else
    {
      free_child (child);
      forget_case (a);
    }
}

/* A party or claim: rewritten whole in its case, which must be here (else parked). */
static gboolean
apply_child (Apply *a, const char *type, const TjUuid *id, gint64 version, JsonObject *doc,
             GError **error)
{
  gboolean is_party = strcmp (type, "party") == 0;
  TjCase *c;
  g_autoptr(JsonObject) fields = NULL;
  g_autofree char *old_text = NULL;
  GHashTable *names;
  TjUuid case_id;
  gpointer found;
  guint position;
  gint64 cid;
  gboolean ok;

  if (is_pending (a, id, &names))
    return defer (a, type, id, version, doc, error);
  if (names != NULL && !defer (a, type, id, version, doc, error))
    return FALSE;
  if (!tj_doc_get_case_id (doc, type, &case_id, error))
    return FALSE;
  c = load_case (a, &case_id);
  if (c == NULL)
    return park (a, &case_id, type, id, version, doc, error);
  cid = c->cid;
  old_text = old_search_text (a, c);
  fields = without_pending (doc, names);

  if (is_party)
    {
      TjParty *p;

      position = take_child (c->parties, id, &found);
      p = found != NULL ? found : tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, NULL);
      p->id = *id;
      ok = tj_party_doc_apply (p, fields, error);
      p->version = version;
      ok = ok && run_for_id (a, "DELETE FROM party WHERE id = ?", id, error) &&
           _tj_party_row_insert (a->store, p, &case_id, position, error);
      put_back_child (a, ok, c->parties, position, p, (GDestroyNotify) tj_party_free);
    }
  else
    {
      TjClaim *cl;
      guint place;

      place = position = take_child (c->claims, id, &found);
      cl = found != NULL ? found : tj_claim_new (TJ_DISPUTE_WAGES, 0);
      cl->id = *id;
      ok = tj_claim_doc_apply (cl, fields, &position, error);
      cl->version = version;
      ok = ok && run_for_id (a, "DELETE FROM claim WHERE id = ?", id, error) &&
           _tj_claim_row_insert (a->store, cl, &case_id, position, error);
      /* A claim's position is one of its fields: a move means reading the case again. */
      put_back_child (a, ok && position == place, c->claims, position, cl,
                      (GDestroyNotify) tj_claim_free);
    }
  return ok && reindex (a, cid, old_text, error);
}

/* A final document (tj-sync-apply-doc.c), parked until its case is here. */
static gboolean
apply_final_document (Apply *a, const TjUuid *id, gint64 version, JsonObject *doc,
                      GError **error)
{
  TjUuid case_id;

  if (_tj_sync_document_waits (a->store, doc, &case_id))
    return park (a, &case_id, "document", id, version, doc, error);
  return _tj_sync_apply_document (a->store, id, version, doc, error);
}

static gboolean
apply_document (Apply *a, const TjSyncPageOp *op, GError **error)
{
  g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), op->doc);
  g_autofree char *text = json_to_string (node, FALSE);
  sqlite3_stmt *stmt = tj_store_prepare (a->store, /* An upsert, not a REPLACE: a replaced row's
                                                    * delete fires no trigger, and sync_sum's
                                                    * must see the old version go. */
                                                   "INSERT INTO sync_record (id, type, version, "
                                                   "doc) VALUES (?,?,?,?) ON CONFLICT (id) DO "
                                                   "UPDATE SET type = excluded.type, "
                                                   "version = excluded.version, "
                                                   "doc = excluded.doc",
                                         error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, op->id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, op->type, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 3, op->version);
  sqlite3_bind_text (stmt, 4, text, -1, SQLITE_TRANSIENT);
  return tj_store_step_done (a->store, stmt, error);
}

/* A party that leaves while its case stays (removed from the case elsewhere, or its case
 * delegated away while our own edit of the case waits): the case's search text loses the
 * party, so its index entry is replaced (the contentless index must be told exactly the
 * text it holds). */
static gboolean
remove_party (Apply *a, const TjUuid *id, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (a->store, "SELECT c.cid FROM party p JOIN \"case\" c "
                                                   "ON c.id = p.case_id WHERE p.id = ?", error);
  g_autofree char *old_text = NULL;
  gint64 cid = 0;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    cid = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (cid > 0 && cid <= a->indexed_upto &&
      (old_text = _tj_search_case_text (a->store, cid, error)) == NULL)
    return FALSE;
  return run_for_id (a, "DELETE FROM party WHERE id = ?", id, error) &&
         reindex (a, cid, old_text, error);
}

static gboolean
apply_remove (Apply *a, const TjSyncPageOp *op, GError **error)
{
  GHashTable *names;

  /* Our own edit of it waits to be pushed: the server answers it first. */
  if (is_pending (a, &op->id, &names) || names != NULL)
    return defer (a, op->type, &op->id, op->version, NULL, error);
  /* A child parked for a case that has not come would otherwise come back with it. */
  if (!run_for_id (a, "DELETE FROM sync_parked WHERE id = ?", &op->id, error))
    return FALSE;
  if (strcmp (op->type, "case") == 0)
    {
      TjCase *c = load_case (a, &op->id);
      g_autofree char *old_text = old_search_text (a, c);
      gint64 cid = c != NULL ? c->cid : 0;

      forget_case (a);
      if (cid == 0)
        return TRUE;
      if (old_text != NULL)
        {
          sqlite3_stmt *stmt = tj_store_prepare (a->store, "INSERT INTO case_search (case_search, "
                                                           "rowid, text) VALUES ('delete', ?, ?)",
                                                 error);
          if (stmt == NULL)
            return FALSE;
          sqlite3_bind_int64 (stmt, 1, cid);
          sqlite3_bind_text (stmt, 2, old_text, -1, SQLITE_TRANSIENT);
          if (!tj_store_step_done (a->store, stmt, error))
            return FALSE;
        }
      return run_for_id (a, "DELETE FROM \"case\" WHERE id = ?", &op->id, error);
    }
  forget_case (a);
  /* A person stays (cases name their mediator, and the replica needs its own user) but is
   * no longer the server's record: it leaves the checkpoint's count (tj-sync-sum.h). */
  if (strcmp (op->type, "person") == 0)
    return run_for_id (a, "UPDATE person SET version = 0 WHERE id = ?", &op->id, error);
  if (strcmp (op->type, "party") == 0)
    return remove_party (a, &op->id, error);
  if (strcmp (op->type, "claim") == 0)
    return run_for_id (a, "DELETE FROM claim WHERE id = ?", &op->id, error);
  if (strcmp (op->type, "document") == 0)
    return run_for_id (a, "DELETE FROM document WHERE id = ?", &op->id, error);
  return run_for_id (a, "DELETE FROM sync_record WHERE id = ?", &op->id, error);
}

static gboolean
apply_op (Apply *a, const TjSyncPageOp *op, GError **error)
{
  if (op->remove)
    return apply_remove (a, op, error);
  if (op->doc == NULL)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Received %s: a record without its fields."), op->type);
      return FALSE;
    }
  if (strcmp (op->type, "case") == 0)
    return apply_case (a, &op->id, op->version, op->doc, error);
  if (strcmp (op->type, "party") == 0 || strcmp (op->type, "claim") == 0)
    return apply_child (a, op->type, &op->id, op->version, op->doc, error);
  if (strcmp (op->type, "person") == 0)
    return apply_person (a, &op->id, op->version, op->doc, error);
  if (strcmp (op->type, "document") == 0)
    return apply_final_document (a, &op->id, op->version, op->doc, error);
  return apply_document (a, op, error);
}

gboolean
tj_sync_apply_page (TjCaseStore *cases, const TjSyncCursor *cursor, GPtrArray *ops,
                    GHashTable *pending, GError **error)
{
  Apply a = { cases, tj_case_store_get_store (cases), pending, 0, NULL, FALSE };
  sqlite3_stmt *stmt;
  gboolean ok = TRUE, resetting;

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);
  g_return_val_if_fail (cursor != NULL && cursor->epoch != NULL, FALSE);

  if (!tj_store_begin_lazy (a.store, error))
    return FALSE;
  a.indexed_upto = _tj_search_indexed_upto (a.store);
  resetting = ops != NULL && ops->len > 0 && _tj_sync_reset_running (a.store);
  for (guint i = 0; ok && ops != NULL && i < ops->len; i++)
    {
      const TjSyncPageOp *op = g_ptr_array_index (ops, i);

      ok = apply_op (&a, op, error) &&
           (!resetting || run_for_id (&a, "DELETE FROM sync_unseen WHERE id = ?", &op->id, error));
      if (!ok)
        g_prefix_error (error, _("Applying change %lld from the server: "), (long long) op->seq);
    }
  if (ok)
    {
      stmt = tj_store_prepare (a.store, "INSERT OR REPLACE INTO sync_state (bucket, epoch, next, "
                                        "count, checksum) VALUES (?,?,?,?,?)", error);
      ok = stmt != NULL;
      if (ok)
        {
          sqlite3_bind_blob (stmt, 1, cursor->bucket.bytes, 16, SQLITE_TRANSIENT);
          sqlite3_bind_text (stmt, 2, cursor->epoch, -1, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 3, cursor->next);
          sqlite3_bind_int64 (stmt, 4, cursor->count);
          if (cursor->checksum != NULL)
            sqlite3_bind_text (stmt, 5, cursor->checksum, -1, SQLITE_TRANSIENT);
          ok = tj_store_step_done (a.store, stmt, error);
        }
    }
  forget_case (&a);
  /* Tests kill a replica here: the whole page is written but not committed. */
  ok = ok && tj_store_check_failure (a.store, "page", error);
  if (ok)
    return tj_store_commit (a.store, error);
  tj_store_rollback (a.store);
  return FALSE;
}

gboolean
tj_sync_cursor_load (TjStore *store, const TjUuid *bucket, TjSyncCursor *cursor, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT epoch, next, count, checksum FROM "
                                                "sync_state WHERE bucket = ?", error);
  int rc;

  memset (cursor, 0, sizeof *cursor);
  cursor->bucket = *bucket;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, bucket->bytes, 16, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      cursor->epoch = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      cursor->next = sqlite3_column_int64 (stmt, 1);
      cursor->count = sqlite3_column_int64 (stmt, 2);
      cursor->checksum = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);
  return TRUE;
}

void
tj_sync_cursor_clear (TjSyncCursor *cursor)
{
  g_clear_pointer (&cursor->epoch, g_free);
  g_clear_pointer (&cursor->checksum, g_free);
}

gint64
_tj_sync_local_version (TjStore *store, const char *type, const TjUuid *id)
{
  const char *sql = strcmp (type, "case") == 0 ? "SELECT version FROM \"case\" WHERE id = ?"
                  : strcmp (type, "party") == 0 ? "SELECT version FROM party WHERE id = ?"
                  : strcmp (type, "claim") == 0 ? "SELECT version FROM claim WHERE id = ?"
                  : strcmp (type, "person") == 0 ? "SELECT version FROM person WHERE id = ?"
                  : strcmp (type, "document") == 0 ? "SELECT version FROM document WHERE id = ?"
                  : "SELECT version FROM sync_record WHERE id = ?";
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, NULL);
  gint64 version = -1;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    version = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return version;
}

gboolean
tj_sync_apply_deferred (TjCaseStore *cases, GHashTable *pending, GError **error)
{
  Apply a = { cases, tj_case_store_get_store (cases), pending, 0, NULL, FALSE };
  g_autoptr(GPtrArray) ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  sqlite3_stmt *stmt;
  gboolean ok = TRUE;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);

  stmt = tj_store_prepare (a.store, "SELECT id, type, version, doc FROM sync_deferred", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjSyncPageOp *op = g_new0 (TjSyncPageOp, 1);
      const char *doc = (const char *) sqlite3_column_text (stmt, 3);

      memcpy (op->id.bytes, sqlite3_column_blob (stmt, 0), 16);
      op->type = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      op->version = sqlite3_column_int64 (stmt, 2);
      op->remove = doc == NULL;
      if (doc != NULL)
        {
          g_autoptr(JsonNode) node = tj_protocol_parse_json (doc, strlen (doc), NULL);

          if (node != NULL && JSON_NODE_HOLDS_OBJECT (node))
            op->doc = json_object_ref (json_node_get_object (node));
        }
      g_ptr_array_add (ops, op);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tj_store_set_error_from_db (a.store, error);
  if (ops->len == 0)
    return TRUE;

  if (!tj_store_begin (a.store, error))
    return FALSE;
  a.indexed_upto = _tj_search_indexed_upto (a.store);
  for (guint i = 0; ok && i < ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (ops, i);
      GHashTable *names;

      /* Still waiting for the server's answer: it stays. */
      if (is_pending (&a, &op->id, &names) || names != NULL)
        continue;
      /* Unless a newer version came since (the same one is taken again: it held
       * fields that were ours to keep then). */
      if ((op->remove || _tj_sync_local_version (a.store, op->type, &op->id) <= op->version) &&
          (op->remove || op->doc != NULL))
        ok = apply_op (&a, op, error);
      ok = ok && run_for_id (&a, "DELETE FROM sync_deferred WHERE id = ?", &op->id, error);
    }
  forget_case (&a);
  if (ok)
    return tj_store_commit (a.store, error);
  tj_store_rollback (a.store);
  return FALSE;
}
