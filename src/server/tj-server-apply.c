/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-sync.h"
#include "tj-server-documents.h"
#include "tj-server-move.h"
#include "tj-server-rules.h"
#include "tj-enums.h"
#include "tj-protocol.h"
#include "tj-validate.h"
#include "tj-server-sql.h"

/* One pushed mutation against the server's records (sync.md, Push steps 3-5). The
 * organisation of a record is always the server's: a new record takes it from its parent
 * (the case's org_id, a party's case, a clause's agreement) as stored here; an existing
 * one keeps what it has. Per field, an edit based on the field's current version, or of a
 * field this same client wrote last, applies; otherwise it is a concurrent edit: the newer HLC wins (ties by client id), except that
 * an offline edit does not reopen a case the server has closed, and both values are kept
 * in a conflict record. */

typedef struct {
  const char *name;
  JsonNode   *value;      /* the value that lost */
  JsonObject *lost_meta;  /* who wrote it (the stored field's meta, or the incoming one) */
  JsonNode   *kept;
  JsonObject *kept_meta;
} Conflict;

static void
conflict_free (Conflict *c)
{
  json_node_unref (c->value);
  json_node_unref (c->kept);
  json_object_unref (c->lost_meta);
  json_object_unref (c->kept_meta);
  g_free (c);
}

static JsonObject *
field_meta (TjPushContext *ctx, gint64 version, gint64 hlc)
{
  JsonObject *meta = json_object_new ();

  json_object_set_int_member (meta, "v", version);
  json_object_set_int_member (meta, "h", hlc);
  json_object_set_string_member (meta, "c", ctx->client_text);
  json_object_set_string_member (meta, "u", ctx->account->username);
  return meta;
}

static gint64
meta_int (JsonObject *meta, const char *name)
{
  gint64 v = 0;

  if (meta != NULL)
    tj_protocol_get_int (meta, name, &v);
  return v;
}

static const char *
meta_string (JsonObject *meta, const char *name)
{
  const char *s = meta != NULL ? tj_protocol_get_string (meta, name) : NULL;

  return s != NULL ? s : "";
}

static void
add_side (JsonBuilder *b, const char *name, JsonNode *value, JsonObject *meta)
{
  json_builder_set_member_name (b, name);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "value");
  json_builder_add_value (b, json_node_copy (value));
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, meta_string (meta, "u"));
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, meta_string (meta, "c"));
  json_builder_set_member_name (b, "hlc");
  json_builder_add_int_value (b, meta_int (meta, "h"));
  json_builder_end_object (b);
}

/* A server-made record (conflict, rejection) in the given organisation. */
static gboolean
save_server_record (TjPushContext *ctx, const char *type, const TjUuid *org_id,
                    JsonBuilder *b, GError **error)
{
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(TjServerRecord) rec = NULL;
  TjUuid id;

  tj_uuid_v7_now (&id);
  rec = tj_server_record_new (&id, type, org_id);
  json_object_unref (rec->doc);
  rec->doc = json_object_ref (json_node_get_object (root));
  return tj_server_records_save (&ctx->txn, rec, error);
}

static gboolean
write_conflict (TjPushContext *ctx, TjServerRecord *rec, Conflict *c, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  char id[TJ_UUID_STRING_LEN + 1];

  tj_uuid_to_string (&rec->id, id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, rec->type);
  json_builder_set_member_name (b, "field");
  json_builder_add_string_value (b, c->name);
  add_side (b, "kept", c->kept, c->kept_meta);
  add_side (b, "lost", c->value, c->lost_meta);
  json_builder_set_member_name (b, "resolved");
  json_builder_add_boolean_value (b, FALSE);
  json_builder_end_object (b);
  return save_server_record (ctx, "conflict", &rec->org_id, b, error);
}

static gboolean
write_rejection (TjPushContext *ctx, TjSyncMutation *m, const TjSyncResult *r, GError **error)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  char id[TJ_UUID_STRING_LEN + 1];

  tj_uuid_to_string (&m->record, id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, ctx->client_text);
  json_builder_set_member_name (b, "mutation_id");
  json_builder_add_int_value (b, m->id);
  json_builder_set_member_name (b, "record");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "type");
  json_builder_add_string_value (b, m->type);
  json_builder_set_member_name (b, "field");
  if (r->field != NULL)
    json_builder_add_string_value (b, r->field);
  else
    json_builder_add_null_value (b);
  json_builder_set_member_name (b, "reason");
  json_builder_add_string_value (b, r->reason);
  /* What was refused, so its author can see it and enter it again. */
  json_builder_set_member_name (b, "values");
  json_builder_begin_object (b);
  for (guint i = 0; i < m->fields->len; i++)
    {
      TjSyncField *f = g_ptr_array_index (m->fields, i);

      json_builder_set_member_name (b, f->name);
      /* ID numbers only masked: a record that syncs is no place for them. */
      if (strcmp (f->name, "id_number") == 0 && JSON_NODE_HOLDS_VALUE (f->value) &&
          json_node_get_value_type (f->value) == G_TYPE_STRING)
        {
          g_autofree char *masked = tj_mask_id_number (json_node_get_string (f->value));

          json_builder_add_string_value (b, masked);
        }
      else
        json_builder_add_value (b, json_node_copy (f->value));
    }
  json_builder_end_object (b);
  json_builder_end_object (b);
  return save_server_record (ctx, "rejection", &ctx->org->id, b, error);
}

static TjSyncResult *
rejected (TjSyncMutation *m, const char *field, const char *reason)
{
  TjSyncResult *r = tj_sync_result_new (m->id, TJ_SYNC_REJECTED);

  r->field = g_strdup (field);
  r->reason = g_strdup (reason);
  return r;
}

/* May the account write records of `kind` in `org`? Roster records (people,
 * organisations): anywhere in its subtree. Cases and what hangs on them: a centre's
 * staff in their own centre only; supervisors and administrators in their subtree. */
static gboolean
allowed (TjPushContext *ctx, const TjRecordKind *kind, const TjServerOrg *org)
{
  if (!tj_server_org_contains (ctx->org, org))
    return FALSE;
  if (kind->roster)
    return TRUE;
  if (ctx->account->role == TJ_ROLE_MEDIATOR || ctx->account->role == TJ_ROLE_HEAD)
    return tj_uuid_equal (&org->id, &ctx->org->id);
  return TRUE;
}

/* The organisation a new record belongs to, from its parent as stored here. *reason is
 * set when there is none to be found (a rejection), error only when the store failed. */
static gboolean
derive_org (TjPushContext *ctx, const TjRecordKind *kind, TjSyncMutation *m, TjUuid *org_id,
            char **reason, GError **error)
{
  TjSyncField *f = tj_sync_mutation_get_field (m, kind->parent_field);
  g_autoptr(TjServerRecord) parent = NULL;
  g_autoptr(GError) local = NULL;
  const char *want;
  TjUuid id;

  if (f == NULL || !JSON_NODE_HOLDS_VALUE (f->value) ||
      json_node_get_value_type (f->value) != G_TYPE_STRING ||
      !tj_uuid_parse (json_node_get_string (f->value), &id))
    {
      /* Translators: a field name */
      *reason = g_strdup_printf (_("%s: this field is required"), kind->parent_field);
      return TRUE;
    }
  if (kind->parent == TJ_PARENT_ORG)
    {
      if (tj_sync_txn_get_org (&ctx->txn, &id, &local) == NULL)
        {
          if (!g_error_matches (local, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_NOT_FOUND))
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          *reason = g_strdup_printf (_("%s: there is no such organisation on the server"),
                                     kind->parent_field);
          return TRUE;
        }
      *org_id = id;
      return TRUE;
    }
  want = kind->parent == TJ_PARENT_CASE ? "case" : "agreement";
  parent = tj_server_records_load (ctx->txn.store, &id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (parent == NULL || parent->deleted || strcmp (parent->type, want) != 0)
    {
      /* Translators: a field name, then "case" or "agreement" */
      *reason = g_strdup_printf (_("%s: there is no such %s on the server"),
                                 kind->parent_field, want);
      return TRUE;
    }
  *org_id = parent->org_id;
  return TRUE;
}

/* The domain's override: an offline edit does not reopen a case the server closed. */
static gboolean
keeps_closed (TjServerRecord *rec, const char *name, JsonNode *incoming)
{
  const char *current, *wanted;
  guint cur, want;

  if (strcmp (rec->type, "case") != 0 || strcmp (name, "state") != 0)
    return FALSE;
  current = tj_protocol_get_string (rec->doc, "state");
  wanted = JSON_NODE_HOLDS_VALUE (incoming) &&
           json_node_get_value_type (incoming) == G_TYPE_STRING
             ? json_node_get_string (incoming) : NULL;
  if (current == NULL || wanted == NULL || !tj_enum_lookup (&tj_enum_state, current, &cur) ||
      !tj_enum_lookup (&tj_enum_state, wanted, &want))
    return FALSE;
  return (tj_state_is_end (cur) || tj_protocol_get_string (rec->doc, "archived") != NULL) &&
         tj_state_is_open (want);
}

/* Does (hlc, client) of the incoming edit sort after the stored one? */
static gboolean
incoming_newer (TjPushContext *ctx, TjSyncField *f, JsonObject *meta)
{
  gint64 stored = meta_int (meta, "h");

  if (f->hlc != stored)
    return f->hlc > stored;
  return strcmp (ctx->client_text, meta_string (meta, "c")) > 0;
}

/* Field by field into rec (in memory); conflicts are collected, not yet written. */
static gboolean
merge_fields (TjPushContext *ctx, TjServerRecord *rec, TjSyncMutation *m, GPtrArray *conflicts)
{
  gint64 next = rec->version + 1;
  gboolean changed = FALSE;

  for (guint i = 0; i < m->fields->len; i++)
    {
      TjSyncField *f = g_ptr_array_index (m->fields, i);
      JsonObject *meta = json_object_has_member (rec->fields, f->name)
                           ? json_object_get_object_member (rec->fields, f->name) : NULL;
      JsonNode *current = json_object_get_member (rec->doc, f->name);
      g_autoptr(JsonNode) null_node = json_node_new (JSON_NODE_NULL);
      g_autoptr(JsonObject) in_meta = field_meta (ctx, next, f->hlc);
      gboolean wins;
      Conflict *c;

      if (current == NULL)
        current = null_node;
      /* Current since the client's base, or last written by this same client: one
       * client's mutations arrive in order, so its later edit is not concurrent with
       * its earlier one (an offline client edits records it has not seen back yet). */
      if (f->base >= meta_int (meta, "v") ||
          (meta != NULL && g_strcmp0 (meta_string (meta, "c"), ctx->client_text) == 0))
        wins = TRUE;
      else if (json_node_equal (current, f->value))
        continue;  /* the same value from both sides is no conflict */
      else
        {
          wins = incoming_newer (ctx, f, meta) && !keeps_closed (rec, f->name, f->value);
          c = g_new0 (Conflict, 1);
          c->name = f->name;
          if (wins)
            {
              c->kept = json_node_copy (f->value);
              c->kept_meta = json_object_ref (in_meta);
              c->value = json_node_copy (current);
              c->lost_meta = meta ? json_object_ref (meta) : json_object_new ();
            }
          else
            {
              c->kept = json_node_copy (current);
              c->kept_meta = meta ? json_object_ref (meta) : json_object_new ();
              c->value = json_node_copy (f->value);
              c->lost_meta = json_object_ref (in_meta);
            }
          g_ptr_array_add (conflicts, c);
        }
      if (wins)
        {
          json_object_set_member (rec->doc, f->name, json_node_copy (f->value));
          json_object_set_object_member (rec->fields, f->name, g_steal_pointer (&in_meta));
          changed = TRUE;
        }
    }
  return changed;
}

/* The core's rule for a registered case: it keeps at least one applicant, one respondent
 * and one claim. *reason is set when deleting rec would break it. */
static gboolean
keeps_case_whole (TjPushContext *ctx, TjServerRecord *rec, char **reason, GError **error)
{
  const char *case_id = tj_protocol_get_string (rec->doc, "case_id");
  const char *side = tj_protocol_get_string (rec->doc, "side");
  gboolean party = strcmp (rec->type, "party") == 0;
  TjServerStmt *stmt;
  TjServerStep step;
  gint64 others = 0;

  if ((!party && strcmp (rec->type, "claim") != 0) || case_id == NULL ||
      (party && g_strcmp0 (side, "applicant") != 0 && g_strcmp0 (side, "respondent") != 0))
    return TRUE;
  /* The partial index of schema 6 (tj-server-schema.c) answers this. The cast gives
   * PostgreSQL the type of ?4 when it is NULL. */
#define OTHERS(D) "SELECT count (*) FROM record WHERE " TJ_SQL_JSON (D, "doc", "case_id") \
                  " = ?1 AND type IN ('party', 'claim', 'session', 'agreement', 'attachment', " \
                  "'access_log', 'document') AND type = ?2 AND deleted = 0 AND id != ?3 AND " \
                  "(CAST (?4 AS TEXT) IS NULL OR " TJ_SQL_JSON (D, "doc", "side") " = ?4)"
  stmt = tj_server_store_prepare_sql (ctx->txn.store, TJ_SQL_BOTH (OTHERS), error);
#undef OTHERS
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, case_id);
  tj_server_stmt_bind_text (stmt, 2, rec->type);
  tj_server_stmt_bind_blob (stmt, 3, rec->id.bytes, 16);
  if (party)
    tj_server_stmt_bind_text (stmt, 4, side);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    others = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return FALSE;
  if (others > 0)
    return TRUE;
  *reason = g_strdup (!party ? _("A case keeps at least one claim.")
                      : strcmp (side, "applicant") == 0
                        ? _("A case keeps at least one applicant.")
                        : _("A case keeps at least one respondent."));
  return TRUE;
}

/* A stored case whose org_id field (as merged) differs from where the server keeps it. */
static gboolean
moved_to (TjServerRecord *rec, TjUuid *org_id)
{
  const char *text;

  if (strcmp (rec->type, "case") != 0)
    return FALSE;
  text = tj_protocol_get_string (rec->doc, "org_id");
  return text != NULL && tj_uuid_parse (text, org_id) && !tj_uuid_equal (org_id, &rec->org_id);
}

static TjSyncResult *
apply_checked (TjPushContext *ctx, const TjRecordKind *kind, TjSyncMutation *m,
               TjServerRecord *rec, GError **error)
{
  g_autoptr(TjServerRecord) fresh = NULL;
  g_autoptr(GPtrArray) conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);
  g_autoptr(GString) names = g_string_new (NULL);
  g_autoptr(GError) invalid = NULL;
  g_autofree char *reason = NULL;
  const TjServerOrg *org;
  const char *field = NULL;
  TjSyncResult *r;
  gboolean changed, moved;
  TjUuid org_id;

  if (rec != NULL)
    org_id = rec->org_id;
  else
    {
      if (!derive_org (ctx, kind, m, &org_id, &reason, error))
        return NULL;
      if (reason != NULL)
        return rejected (m, kind->parent_field, reason);
    }
  org = tj_sync_txn_get_org (&ctx->txn, &org_id, error);
  if (org == NULL)
    return NULL;
  if (!allowed (ctx, kind, org))
    {
      /* Translators: an organisation's name */
      reason = g_strdup_printf (_("%s is outside your jurisdiction."), org->name);
      return rejected (m, kind->parent_field, reason);
    }

  if (m->op == TJ_OP_DELETE)
    {
      if (!keeps_case_whole (ctx, rec, &reason, error))
        return NULL;
      if (reason != NULL)
        return rejected (m, NULL, reason);
      rec->deleted = TRUE;
      if (!tj_server_records_save (&ctx->txn, rec, error))
        return NULL;
      r = tj_sync_result_new (m->id, TJ_SYNC_APPLIED);
      r->version = rec->version;
      return r;
    }
  if (rec == NULL)
    rec = fresh = tj_server_record_new (&m->record, m->type, &org_id);
  changed = merge_fields (ctx, rec, m, conflicts);
  if (!tj_rules_check_doc (kind, rec->doc, &field, &invalid))
    return rejected (m, field, invalid->message);
  if (kind->create_only)
    {
      if (!tj_server_documents_check (&ctx->txn, rec, &field, &reason, error))
        return NULL;
      if (reason != NULL)
        return rejected (m, field, reason);
    }
  for (guint i = 0; i < conflicts->len; i++)
    {
      Conflict *c = g_ptr_array_index (conflicts, i);

      if (!write_conflict (ctx, rec, c, error))
        return NULL;
      g_string_append_printf (names, "%s%s", i ? ", " : "", c->name);
    }
  /* A case whose organisation field now names another: it moves, with all it holds. */
  moved = rec->version > 0 && moved_to (rec, &org_id);
  if (moved)
    rec->org_id = org_id;
  /* A conflict the incoming value lost changes nothing here, but the sender kept its
   * value while the edit was pending and skipped what it pulled meanwhile: a new version
   * sends it the value the server kept. */
  if ((changed || rec->version == 0 || conflicts->len > 0) &&
      !tj_server_records_save (&ctx->txn, rec, error))
    return NULL;
  if (moved && !tj_server_move_children (&ctx->txn, rec, error))
    return NULL;
  r = tj_sync_result_new (m->id, conflicts->len ? TJ_SYNC_CONFLICT : TJ_SYNC_APPLIED);
  r->version = rec->version;
  if (conflicts->len > 0)
    /* Translators: the names of fields edited elsewhere at the same time */
    r->reason = g_strdup_printf (_("Edited elsewhere at the same time: %s"), names->str);
  return r;
}

static TjSyncResult *
check_and_apply (TjPushContext *ctx, TjSyncMutation *m, GError **error)
{
  const TjRecordKind *kind = tj_rules_kind (m->type);
  g_autoptr(TjServerRecord) rec = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree char *reason = NULL;

  if (kind == NULL)
    {
      /* Translators: a record kind sent by a client */
      reason = g_strdup_printf (_("“%s” is not a kind of record this server keeps."), m->type);
      return rejected (m, NULL, reason);
    }
  rec = tj_server_records_load (ctx->txn.store, &m->record, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (rec != NULL && strcmp (rec->type, m->type) != 0)
    {
      /* Translators: two record kinds */
      reason = g_strdup_printf (_("This record is a %s, not a %s."), rec->type, m->type);
      return rejected (m, NULL, reason);
    }
  if (rec != NULL && rec->deleted)
    {
      TjSyncResult *r;

      if (m->op != TJ_OP_DELETE)
        return rejected (m, NULL, _("The record was deleted; it cannot be changed."));
      r = tj_sync_result_new (m->id, TJ_SYNC_APPLIED);
      r->version = rec->version;
      return r;
    }
  /* Deleting what was never made (a party removed before its registration was pushed)
   * is done already, as for a deleted one. */
  if (rec == NULL && m->op == TJ_OP_DELETE)
    return tj_sync_result_new (m->id, TJ_SYNC_APPLIED);
  if (rec == NULL && m->op != TJ_OP_CREATE)
    return rejected (m, NULL, _("There is no such record on the server."));
  if (kind->create_only && (rec != NULL || m->op != TJ_OP_CREATE))
    return rejected (m, NULL, _("A final document is recorded once; it is never changed or "
                                "deleted."));
  if (!tj_rules_client_may_write (kind, m->op == TJ_OP_PATCH))
    return rejected (m, NULL, _("Only the server writes records of this kind."));

  for (guint i = 0; i < m->fields->len; i++)
    {
      TjSyncField *f = g_ptr_array_index (m->fields, i);

      if (!tj_rules_check_value (kind, f->name, f->value, &local))
        return rejected (m, f->name, local->message);
      /* A record stays where it is: its case or organisation is not a field to edit,
       * except a case's organisation when it is delegated (tj-server-move.c). */
      if (rec != NULL && kind->parent_field != NULL && strcmp (f->name, kind->parent_field) == 0)
        {
          JsonNode *current = json_object_get_member (rec->doc, f->name);

          if (current != NULL && json_node_equal (current, f->value))
            continue;
          if (strcmp (kind->type, "case") != 0)
            return rejected (m, f->name, _("A record cannot be moved to another organisation "
                                           "or case by editing this field."));
          reason = tj_server_move_check (ctx, rec, f->value);
          if (reason != NULL)
            return rejected (m, f->name, reason);
        }
    }
  return apply_checked (ctx, kind, m, rec, error);
}

/* The sender of a refused edit kept its own values while the edit was pending; a new
 * version of the record (as the server has it) puts its replica right again. */
gboolean
tj_server_apply_resend (TjPushContext *ctx, const TjUuid *id, GError **error)
{
  g_autoptr(TjServerRecord) rec = NULL;
  g_autoptr(GError) local = NULL;
  const TjRecordKind *kind;
  const TjServerOrg *org;

  rec = tj_server_records_load (ctx->txn.store, id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (rec == NULL)
    return TRUE;
  /* Only to those who may see it: a refused write into another jurisdiction changes
   * nothing there. */
  org = tj_sync_txn_get_org (&ctx->txn, &rec->org_id, error);
  if (org == NULL)
    return FALSE;
  kind = tj_rules_kind (rec->type);
  if (kind == NULL || !allowed (ctx, kind, org))
    return TRUE;
  return tj_server_records_save (&ctx->txn, rec, error);
}

TjSyncResult *
tj_server_apply_mutation (TjPushContext *ctx, TjSyncMutation *m, GError **error)
{
  TjSyncResult *r = check_and_apply (ctx, m, error);

  if (r != NULL && r->status == TJ_SYNC_REJECTED &&
      (!write_rejection (ctx, m, r, error) || !tj_server_apply_resend (ctx, &m->record, error)))
    g_clear_pointer (&r, tj_sync_result_free);
  return r;
}
