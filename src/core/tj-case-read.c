/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-case-read.h"
#include "tj-sync-outbox.h"

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

void
tj_event_entry_free (TjEventEntry *e)
{
  if (e == NULL)
    return;
  g_free (e->action);
  g_free (e->kind);
  g_free (e->note);
  g_free (e->actor);
  g_free (e);
}

void
tj_agreement_view_free (TjAgreementView *a)
{
  if (a == NULL)
    return;
  g_free (a->signed_date);
  g_free (a->effective);
  g_free (a->waiver);
  g_free (a->review_state);
  g_free (a->performance);
  g_clear_pointer (&a->clauses, g_ptr_array_unref);
  g_free (a);
}

void
tj_attachment_entry_free (TjAttachmentEntry *a)
{
  if (a == NULL)
    return;
  g_free (a->name);
  g_free (a->mime_type);
  g_free (a->sha256);
  g_free (a);
}

void
tj_person_entry_free (TjPersonEntry *p)
{
  if (p == NULL)
    return;
  g_free (p->name);
  g_free (p->phone);
  g_free (p->certificate_no);
  g_free (p);
}

/* Runs a prepared statement bound to the case id; read_row makes one entry. */
static GPtrArray *
read_case_rows (TjCaseStore *self, const char *sql, const TjCase *c,
                gpointer (*read_row) (sqlite3_stmt *stmt), GDestroyNotify free_func,
                GError **error)
{
  TjStore *store = tj_case_store_get_store (self);
  g_autoptr(GPtrArray) rows = g_ptr_array_new_with_free_func (free_func);
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return NULL;
  if (c != NULL)
    sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&rows);
}

static gpointer
read_event (sqlite3_stmt *stmt)
{
  TjEventEntry *e = g_new0 (TjEventEntry, 1);

  e->action = column_text (stmt, 0);
  e->kind = column_text (stmt, 1);
  e->recorded_ms = sqlite3_column_int64 (stmt, 2);
  e->stated_ms = sqlite3_column_int64 (stmt, 3);
  e->late = sqlite3_column_int (stmt, 4);
  e->note = column_text (stmt, 5);
  e->actor = column_text (stmt, 6);
  return e;
}

GPtrArray *
tj_case_read_events (TjCaseStore *self, const TjCase *c, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  return read_case_rows (self,
                         "SELECT e.action, e.kind, e.recorded_at, e.stated_at, e.late, e.note, "
                         "p.name FROM event e LEFT JOIN person p ON p.id = e.actor_id "
                         "WHERE e.case_id = ? ORDER BY e.hlc, e.id",
                         c, read_event, (GDestroyNotify) tj_event_entry_free, error);
}

static gpointer
read_attachment (sqlite3_stmt *stmt)
{
  TjAttachmentEntry *a = g_new0 (TjAttachmentEntry, 1);

  a->name = column_text (stmt, 0);
  a->mime_type = column_text (stmt, 1);
  a->size = sqlite3_column_int64 (stmt, 2);
  a->sha256 = column_text (stmt, 3);
  a->added_ms = sqlite3_column_int64 (stmt, 4);
  return a;
}

GPtrArray *
tj_case_read_attachments (TjCaseStore *self, const TjCase *c, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  return read_case_rows (self,
                         "SELECT name, mime_type, size, sha256, added_at FROM attachment "
                         "WHERE case_id = ? ORDER BY added_at",
                         c, read_attachment, (GDestroyNotify) tj_attachment_entry_free, error);
}

static gpointer
read_clause (sqlite3_stmt *stmt)
{
  TjClause *cl = tj_clause_new ();

  cl->payer = column_text (stmt, 0);
  cl->payee = column_text (stmt, 1);
  cl->what = column_text (stmt, 2);
  cl->amount = sqlite3_column_type (stmt, 3) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, 3);
  cl->due = column_text (stmt, 4);
  cl->method = column_text (stmt, 5);
  return cl;
}

TjAgreementView *
tj_case_read_agreement (TjCaseStore *self, const TjCase *c, GError **error)
{
  TjStore *store;
  g_autoptr(TjAgreementView) a = NULL;
  sqlite3_stmt *stmt;
  guint8 agreement_id[16];
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  store = tj_case_store_get_store (self);
  stmt = tj_store_prepare (store, "SELECT id, signed, effective, waiver, review_state, "
                                  "performance FROM agreement WHERE case_id = ? "
                                  "ORDER BY signed DESC LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 16)
    {
      a = g_new0 (TjAgreementView, 1);
      memcpy (agreement_id, sqlite3_column_blob (stmt, 0), 16);
      a->signed_date = column_text (stmt, 1);
      a->effective = column_text (stmt, 2);
      a->waiver = column_text (stmt, 3);
      a->review_state = column_text (stmt, 4);
      a->performance = column_text (stmt, 5);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  if (a == NULL)
    return NULL;

  stmt = tj_store_prepare (store, "SELECT payer, payee, what, amount, due, method FROM clause "
                                  "WHERE agreement_id = ? ORDER BY position", error);
  if (stmt == NULL)
    return NULL;
  a->clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  sqlite3_bind_blob (stmt, 1, agreement_id, 16, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (a->clauses, read_clause (stmt));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&a);
}

static gpointer
read_person (sqlite3_stmt *stmt)
{
  TjPersonEntry *p = g_new0 (TjPersonEntry, 1);

  if (sqlite3_column_bytes (stmt, 0) == 16)
    memcpy (p->id.bytes, sqlite3_column_blob (stmt, 0), 16);
  p->name = column_text (stmt, 1);
  p->roles = sqlite3_column_int (stmt, 2);
  p->phone = column_text (stmt, 3);
  p->certificate_no = column_text (stmt, 4);
  p->active = sqlite3_column_int (stmt, 5);
  return p;
}

GPtrArray *
tj_case_read_roster (TjCaseStore *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);

  return read_case_rows (self,
                         "SELECT id, name, roles, phone, certificate_no, active FROM person "
                         "ORDER BY active DESC, name",
                         NULL, read_person, (GDestroyNotify) tj_person_entry_free, error);
}

gint64
tj_case_read_pending_edits (TjCaseStore *self)
{
  TjStore *store;
  sqlite3_stmt *stmt;
  gint64 n = 0;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), 0);

  store = tj_case_store_get_store (self);
  stmt = tj_store_prepare (store, "SELECT count(*) FROM outbox WHERE mutation_id > ?", NULL);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, tj_sync_outbox_acked (store));
  if (sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

void
tj_rejection_entry_free (TjRejectionEntry *r)
{
  if (r == NULL)
    return;
  g_free (r->type);
  g_free (r->record);
  g_free (r->field);
  g_free (r->reason);
  g_free (r->value);
  g_free (r);
}

static char *
member_text (JsonObject *o, const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  return n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_STRING
         ? g_strdup (json_node_get_string (n)) : NULL;
}

/* The value a rejection keeps for the field it names (servers before it kept none). */
static char *
refused_value (JsonObject *doc, const char *field)
{
  JsonObject *values;
  JsonNode *node;

  if (field == NULL || !json_object_has_member (doc, "values") ||
      !JSON_NODE_HOLDS_OBJECT (json_object_get_member (doc, "values")))
    return NULL;
  values = json_object_get_object_member (doc, "values");
  node = json_object_get_member (values, field);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING)
    return g_strdup (json_node_get_string (node));
  return json_to_string (node, FALSE);
}

GPtrArray *
tj_case_read_rejections (TjCaseStore *self, GError **error)
{
  TjStore *store;
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_rejection_entry_free);
  g_autofree char *client = NULL;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);

  store = tj_case_store_get_store (self);
  client = tj_store_get_meta (store, "client_id");
  stmt = tj_store_prepare (store, "SELECT doc FROM sync_record WHERE type = 'rejection' "
                                  "ORDER BY id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      JsonObject *doc, *fields;
      TjRejectionEntry *r;
      g_autofree char *from = NULL;

      /* A document the server wrote; one that does not parse is passed over, not fatal. */
      if (!json_parser_load_from_data (parser, (const char *) sqlite3_column_text (stmt, 0), -1,
                                       NULL) ||
          !JSON_NODE_HOLDS_OBJECT (json_parser_get_root (parser)))
        continue;
      doc = json_node_get_object (json_parser_get_root (parser));
      fields = json_object_has_member (doc, "fields") &&
               JSON_NODE_HOLDS_OBJECT (json_object_get_member (doc, "fields"))
               ? json_object_get_object_member (doc, "fields") : doc;
      r = g_new0 (TjRejectionEntry, 1);
      r->type = member_text (fields, "type");
      r->record = member_text (fields, "record");
      r->field = member_text (fields, "field");
      r->reason = member_text (fields, "reason");
      r->value = refused_value (fields, r->field);
      from = member_text (fields, "client_id");
      r->ours = client != NULL && g_strcmp0 (from, client) == 0;
      g_ptr_array_add (list, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&list);
}
