/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-sync-client.h"
#include "tj-sync-wire.h"

/* The client's half of the v1 wire format (data/openapi/tiaojie-v1.yaml): the push
 * request it sends, and the push answer and pull page it reads. What comes from the
 * network is checked member by member; a bad answer is an error naming the member. */

static const char *op_names[] = { "create", "patch", "delete" };

JsonNode *
tj_sync_wire_push_request (const char *client_id, GPtrArray *mutations)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, client_id);
  json_builder_set_member_name (b, "mutations");
  json_builder_begin_array (b);
  for (guint i = 0; i < mutations->len; i++)
    {
      TjOutboxMutation *m = g_ptr_array_index (mutations, i);
      g_autoptr(JsonNode) fields = json_from_string (m->fields, NULL);
      char record[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (&m->record, record);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, m->id);
      json_builder_set_member_name (b, "record");
      json_builder_add_string_value (b, record);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, m->type);
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, op_names[m->op]);
      json_builder_set_member_name (b, "fields");
      json_builder_begin_object (b);
      if (fields != NULL && JSON_NODE_HOLDS_OBJECT (fields))
        {
          JsonObject *o = json_node_get_object (fields);
          g_autoptr(GList) names = json_object_get_members (o);

          for (GList *l = names; l != NULL; l = l->next)
            {
              json_builder_set_member_name (b, l->data);
              json_builder_begin_object (b);
              json_builder_set_member_name (b, "value");
              json_builder_add_value (b, json_object_dup_member (o, l->data));
              json_builder_set_member_name (b, "base");
              json_builder_add_int_value (b, m->base);
              json_builder_set_member_name (b, "hlc");
              json_builder_add_int_value (b, m->hlc);
              json_builder_end_object (b);
            }
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}

static gboolean
bad (const char *member, const char *rule, GError **error)
{
  g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
               /* Translators: the server's answer; "results[3].status: unknown value" */
               _("The server's answer, %s: %s."), member, rule);
  return FALSE;
}

static gboolean
get_int (JsonObject *o, const char *member, gboolean required, gint64 *out, GError **error)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || json_node_get_value_type (node) != G_TYPE_INT64)
    return bad (member, _("a whole number is required"), error);
  *out = json_node_get_int (node);
  return TRUE;
}

static const char *
get_string (JsonObject *o, const char *member)
{
  JsonNode *node = json_object_get_member (o, member);

  if (node == NULL || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
tj_sync_wire_parse_push_answer (JsonNode *answer, TjPushAnswer *out, GError **error)
{
  JsonObject *o;
  JsonArray *results;

  memset (out, 0, sizeof *out);
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    return bad ("push", _("an object is required"), error);
  o = json_node_get_object (answer);
  if (!get_int (o, "last_mutation_id", TRUE, &out->last_mutation_id, error) ||
      !get_int (o, "server_hlc", FALSE, &out->server_hlc, error) ||
      !get_int (o, "expected", FALSE, &out->expected, error))
    return FALSE;
  if (!json_object_has_member (o, "results") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "results")))
    return bad ("results", _("a list is required"), error);
  results = json_object_get_array_member (o, "results");
  for (guint i = 0; i < json_array_get_length (results); i++)
    {
      JsonNode *node = json_array_get_element (results, i);
      const char *status;
      gint64 id = 0;

      if (!JSON_NODE_HOLDS_OBJECT (node))
        return bad ("results", _("objects are required"), error);
      if (!get_int (json_node_get_object (node), "id", TRUE, &id, error))
        return FALSE;
      status = get_string (json_node_get_object (node), "status");
      if (g_strcmp0 (status, "conflict") == 0)
        out->n_conflicts++;
      else if (g_strcmp0 (status, "rejected") == 0)
        out->n_rejected++;
      else if (g_strcmp0 (status, "applied") != 0 && g_strcmp0 (status, "duplicate") != 0)
        return bad ("results.status", _("not a known value"), error);
      /* Answers come in order; each is final. */
      if (id != out->acked + 1 && out->acked != 0)
        return bad ("results.id", _("out of order"), error);
      out->acked = id;
      out->n_results++;
    }
  return TRUE;
}

static TjSyncOp *
parse_op (JsonNode *node, GError **error)
{
  g_autoptr(TjSyncOp) op = g_new0 (TjSyncOp, 1);
  JsonObject *o;
  const char *kind, *id, *type;

  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      bad ("ops", _("objects are required"), error);
      return NULL;
    }
  o = json_node_get_object (node);
  kind = get_string (o, "op");
  id = get_string (o, "id");
  type = get_string (o, "type");
  if (!get_int (o, "seq", TRUE, &op->seq, error) ||
      !get_int (o, "version", FALSE, &op->version, error))
    return NULL;
  if (g_strcmp0 (kind, "put") != 0 && g_strcmp0 (kind, "remove") != 0)
    {
      bad ("ops.op", _("put or remove"), error);
      return NULL;
    }
  if (id == NULL || !tj_uuid_parse (id, &op->id))
    {
      bad ("ops.id", _("an id is required"), error);
      return NULL;
    }
  if (type == NULL || *type == '\0' || strlen (type) > 32)
    {
      bad ("ops.type", _("a record type is required"), error);
      return NULL;
    }
  op->type = g_strdup (type);
  op->remove = strcmp (kind, "remove") == 0;
  if (!op->remove)
    {
      JsonNode *doc = json_object_get_member (o, "doc");

      if (doc == NULL || !JSON_NODE_HOLDS_OBJECT (doc))
        {
          bad ("ops.doc", _("an object is required"), error);
          return NULL;
        }
      op->doc = json_object_ref (json_node_get_object (doc));
    }
  return g_steal_pointer (&op);
}

gboolean
tj_sync_wire_parse_page (JsonNode *answer, TjPullPage *page, GError **error)
{
  JsonObject *o;
  JsonArray *ops;
  JsonNode *checkpoint;
  const char *epoch;

  memset (page, 0, sizeof *page);
  page->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_op_free);
  if (!JSON_NODE_HOLDS_OBJECT (answer))
    return bad ("pull", _("an object is required"), error);
  o = json_node_get_object (answer);
  epoch = get_string (o, "epoch");
  if (epoch == NULL || *epoch == '\0')
    return bad ("epoch", _("required"), error);
  page->epoch = g_strdup (epoch);
  if (!get_int (o, "next", TRUE, &page->next, error))
    return FALSE;
  page->up_to_date = json_object_has_member (o, "up_to_date") &&
                     json_object_get_boolean_member (o, "up_to_date");
  checkpoint = json_object_get_member (o, "checkpoint");
  if (checkpoint != NULL && JSON_NODE_HOLDS_OBJECT (checkpoint))
    {
      JsonObject *c = json_node_get_object (checkpoint);

      if (!get_int (c, "count", FALSE, &page->count, error))
        return FALSE;
      page->checksum = g_strdup (get_string (c, "checksum"));
    }
  if (!json_object_has_member (o, "ops") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (o, "ops")))
    return bad ("ops", _("a list is required"), error);
  ops = json_object_get_array_member (o, "ops");
  for (guint i = 0; i < json_array_get_length (ops); i++)
    {
      TjSyncOp *op = parse_op (json_array_get_element (ops, i), error);

      if (op == NULL)
        return FALSE;
      g_ptr_array_add (page->ops, op);
    }
  return TRUE;
}

void
tj_pull_page_clear (TjPullPage *page)
{
  g_clear_pointer (&page->ops, g_ptr_array_unref);
  g_clear_pointer (&page->epoch, g_free);
  g_clear_pointer (&page->checksum, g_free);
}
