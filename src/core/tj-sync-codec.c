/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-sync-codec.h"
#include "tj-sync-codec-private.h"
#include "tj-protocol.h"

static const char * const op_names[] = { "create", "patch", "delete" };
static const char * const status_names[] = { "applied", "duplicate", "conflict", "rejected" };

const char *
tj_sync_op_to_string (TjOp op)
{
  g_return_val_if_fail ((guint) op < G_N_ELEMENTS (op_names), "patch");

  return op_names[op];
}

gboolean
tj_sync_op_from_string (const char *text, TjOp *op)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (op_names); i++)
    if (strcmp (text, op_names[i]) == 0)
      {
        *op = i;
        return TRUE;
      }
  return FALSE;
}

const char *
tj_sync_status_to_string (TjSyncStatus status)
{
  g_return_val_if_fail ((guint) status < G_N_ELEMENTS (status_names), "rejected");

  return status_names[status];
}

gboolean
tj_sync_status_from_string (const char *text, TjSyncStatus *status)
{
  for (guint i = 0; text != NULL && i < G_N_ELEMENTS (status_names); i++)
    if (strcmp (text, status_names[i]) == 0)
      {
        *status = i;
        return TRUE;
      }
  return FALSE;
}

/* Errors name the member by its path in the document. These helpers are shared with
 * tj-sync-codec-page.c. */
gboolean
_tj_sync_fail (GError **error, char **path_out, const char *path, const char *rule)
{
  if (path_out != NULL)
    *path_out = g_strdup (path);
  g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
               /* Translators: a JSON member path, then the rule it breaks */
               _("%s: %s"), path, rule);
  return FALSE;
}

JsonNode *
_tj_sync_member (JsonObject *object, const char *name)
{
  return object != NULL ? json_object_get_member (object, name) : NULL;
}

gboolean
_tj_sync_holds_int (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_INT64;
}

gboolean
_tj_sync_holds_string (JsonNode *node)
{
  return node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
         json_node_get_value_type (node) == G_TYPE_STRING;
}

gboolean
_tj_sync_read_int (JsonObject *object, const char *name, const char *parent, gint64 min, gint64 *out,
          char **path_out, GError **error)
{
  JsonNode *node = _tj_sync_member (object, name);
  g_autofree char *path = g_strconcat (parent, parent[0] ? "." : "", name, NULL);

  if (!_tj_sync_holds_int (node))
    return _tj_sync_fail (error, path_out, path, _("an integer is required"));
  *out = json_node_get_int (node);
  if (*out < min)
    {
      g_autofree char *rule = g_strdup_printf (_("must be at least %lld"), (long long) min);
      return _tj_sync_fail (error, path_out, path, rule);
    }
  return TRUE;
}

gboolean
_tj_sync_read_uuid (JsonObject *object, const char *name, const char *parent, TjUuid *out,
           char **path_out, GError **error)
{
  JsonNode *node = _tj_sync_member (object, name);
  g_autofree char *path = g_strconcat (parent, parent[0] ? "." : "", name, NULL);

  if (!_tj_sync_holds_string (node) || !tj_uuid_parse (json_node_get_string (node), out))
    return _tj_sync_fail (error, path_out, path, _("an id (a UUID string) is required"));
  return TRUE;
}

/* Kinds and field names: lower-case ASCII letters, digits and underscores. */
gboolean
_tj_sync_is_name (const char *text, gsize max)
{
  gsize n = text ? strlen (text) : 0;

  return n > 0 && n <= max && g_ascii_islower (text[0]) &&
         strspn (text, "abcdefghijklmnopqrstuvwxyz0123456789_") == n;
}

static void
field_free (TjSyncField *f)
{
  g_free (f->name);
  json_node_unref (f->value);
  g_free (f);
}

TjSyncMutation *
tj_sync_mutation_new (gint64 id, const TjUuid *record, const char *type, TjOp op)
{
  TjSyncMutation *m = g_new0 (TjSyncMutation, 1);

  g_return_val_if_fail (record != NULL && type != NULL, NULL);

  m->id = id;
  m->record = *record;
  m->type = g_strdup (type);
  m->op = op;
  m->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_free);
  return m;
}

void
tj_sync_mutation_free (TjSyncMutation *m)
{
  if (m == NULL)
    return;
  g_ptr_array_unref (m->fields);
  g_free (m->type);
  g_free (m);
}

void
tj_sync_mutation_add_field (TjSyncMutation *m, const char *name, JsonNode *value, gint64 base,
                            gint64 hlc)
{
  TjSyncField *f;

  g_return_if_fail (m != NULL && name != NULL);

  f = g_new0 (TjSyncField, 1);
  f->name = g_strdup (name);
  f->value = value ? json_node_copy (value) : json_node_new (JSON_NODE_NULL);
  f->base = base;
  f->hlc = hlc;
  g_ptr_array_add (m->fields, f);
}

gboolean
tj_sync_mutation_add_fields_json (TjSyncMutation *m, const char *fields_json, gint64 base,
                                  gint64 hlc, GError **error)
{
  g_autoptr(JsonNode) root = NULL;
  JsonObjectIter iter;
  const char *name;
  JsonNode *value;

  g_return_val_if_fail (m != NULL && fields_json != NULL, FALSE);

  root = tj_protocol_parse_json (fields_json, strlen (fields_json), error);
  if (root == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (root))
    return _tj_sync_fail (error, NULL, "fields", _("a JSON object is required"));
  json_object_iter_init (&iter, json_node_get_object (root));
  while (json_object_iter_next (&iter, &name, &value))
    tj_sync_mutation_add_field (m, name, value, base, hlc);
  return TRUE;
}

TjSyncField *
tj_sync_mutation_get_field (TjSyncMutation *m, const char *name)
{
  g_return_val_if_fail (m != NULL, NULL);

  for (guint i = 0; i < m->fields->len; i++)
    {
      TjSyncField *f = g_ptr_array_index (m->fields, i);

      if (strcmp (f->name, name) == 0)
        return f;
    }
  return NULL;
}

char *
tj_sync_push_request_to_json (const TjUuid *client_id, GPtrArray *mutations, gsize *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  char id[TJ_UUID_STRING_LEN + 1];

  g_return_val_if_fail (client_id != NULL && mutations != NULL, NULL);

  tj_uuid_to_string (client_id, id);
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "client_id");
  json_builder_add_string_value (b, id);
  json_builder_set_member_name (b, "mutations");
  json_builder_begin_array (b);
  for (guint i = 0; i < mutations->len; i++)
    {
      TjSyncMutation *m = g_ptr_array_index (mutations, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "id");
      json_builder_add_int_value (b, m->id);
      tj_uuid_to_string (&m->record, id);
      json_builder_set_member_name (b, "record");
      json_builder_add_string_value (b, id);
      json_builder_set_member_name (b, "type");
      json_builder_add_string_value (b, m->type);
      json_builder_set_member_name (b, "op");
      json_builder_add_string_value (b, tj_sync_op_to_string (m->op));
      json_builder_set_member_name (b, "fields");
      json_builder_begin_object (b);
      for (guint j = 0; j < m->fields->len; j++)
        {
          TjSyncField *f = g_ptr_array_index (m->fields, j);

          json_builder_set_member_name (b, f->name);
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "value");
          json_builder_add_value (b, json_node_copy (f->value));
          json_builder_set_member_name (b, "base");
          json_builder_add_int_value (b, f->base);
          json_builder_set_member_name (b, "hlc");
          json_builder_add_int_value (b, f->hlc);
          json_builder_end_object (b);
        }
      json_builder_end_object (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

static gboolean
read_fields (TjSyncMutation *m, JsonNode *node, const char *parent, char **path_out,
             GError **error)
{
  g_autofree char *path = g_strconcat (parent, ".fields", NULL);
  JsonObjectIter iter;
  const char *name;
  JsonNode *entry;

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (m->op == TJ_OP_DELETE)
        return TRUE;
      return _tj_sync_fail (error, path_out, path, _("an object of field edits is required"));
    }
  if (!JSON_NODE_HOLDS_OBJECT (node))
    return _tj_sync_fail (error, path_out, path, _("an object of field edits is required"));
  if (json_object_get_size (json_node_get_object (node)) > TJ_SYNC_MAX_FIELDS)
    {
      g_autofree char *rule = g_strdup_printf (_("at most %d fields per mutation"),
                                               TJ_SYNC_MAX_FIELDS);
      return _tj_sync_fail (error, path_out, path, rule);
    }
  if (m->op == TJ_OP_DELETE && json_object_get_size (json_node_get_object (node)) > 0)
    return _tj_sync_fail (error, path_out, path, _("a delete carries no fields"));

  json_object_iter_init (&iter, json_node_get_object (node));
  while (json_object_iter_next (&iter, &name, &entry))
    {
      g_autofree char *fpath = g_strconcat (path, ".", name, NULL);
      JsonObject *object;
      gint64 base, hlc;

      if (!_tj_sync_is_name (name, 64))
        return _tj_sync_fail (error, path_out, fpath,
                     _("a field name is 1 to 64 lower-case letters, digits or underscores"));
      if (!JSON_NODE_HOLDS_OBJECT (entry))
        return _tj_sync_fail (error, path_out, fpath,
                     _("an object {\"value\", \"base\", \"hlc\"} is required"));
      object = json_node_get_object (entry);
      if (!json_object_has_member (object, "value"))
        {
          g_autofree char *vpath = g_strconcat (fpath, ".value", NULL);
          return _tj_sync_fail (error, path_out, vpath, _("a value is required (null clears)"));
        }
      if (!_tj_sync_read_int (object, "base", fpath, 0, &base, path_out, error) ||
          !_tj_sync_read_int (object, "hlc", fpath, 0, &hlc, path_out, error))
        return FALSE;
      tj_sync_mutation_add_field (m, name, json_object_get_member (object, "value"), base, hlc);
    }
  return TRUE;
}

static TjSyncMutation *
read_mutation (JsonNode *node, guint index, char **path_out, GError **error)
{
  g_autofree char *path = g_strdup_printf ("mutations[%u]", index);
  g_autoptr(TjSyncMutation) m = NULL;
  JsonObject *object;
  const char *type, *op_text;
  TjUuid record;
  gint64 id;
  TjOp op;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _tj_sync_fail (error, path_out, path, _("a mutation object is required"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!_tj_sync_read_int (object, "id", path, 1, &id, path_out, error) ||
      !_tj_sync_read_uuid (object, "record", path, &record, path_out, error))
    return NULL;
  type = tj_protocol_get_string (object, "type");
  if (!_tj_sync_is_name (type, 32))
    {
      g_autofree char *tpath = g_strconcat (path, ".type", NULL);
      _tj_sync_fail (error, path_out, tpath, _("a record kind such as \"case\" is required"));
      return NULL;
    }
  op_text = tj_protocol_get_string (object, "op");
  if (!tj_sync_op_from_string (op_text, &op))
    {
      g_autofree char *opath = g_strconcat (path, ".op", NULL);
      _tj_sync_fail (error, path_out, opath, _("must be one of: create, patch, delete"));
      return NULL;
    }
  m = tj_sync_mutation_new (id, &record, type, op);
  if (!read_fields (m, _tj_sync_member (object, "fields"), path, path_out, error))
    return NULL;
  return g_steal_pointer (&m);
}

gboolean
tj_sync_push_request_from_json (JsonNode   *root,
                                TjUuid     *client_id,
                                GPtrArray **mutations,
                                char      **path_out,
                                GError    **error)
{
  g_autoptr(GPtrArray) list = NULL;
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;

  g_return_val_if_fail (client_id != NULL && mutations != NULL, FALSE);

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body must be a JSON object."));
      return FALSE;
    }
  object = json_node_get_object (root);
  if (!_tj_sync_read_uuid (object, "client_id", "", client_id, path_out, error))
    return FALSE;
  node = _tj_sync_member (object, "mutations");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return _tj_sync_fail (error, path_out, "mutations", _("an array of mutations is required"));
  array = json_node_get_array (node);
  if (json_array_get_length (array) > TJ_SYNC_MAX_MUTATIONS)
    {
      g_autofree char *rule = g_strdup_printf (_("at most %d mutations per push"),
                                               TJ_SYNC_MAX_MUTATIONS);
      return _tj_sync_fail (error, path_out, "mutations", rule);
    }
  list = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_mutation_free);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      TjSyncMutation *m = read_mutation (json_array_get_element (array, i), i, path_out, error);

      if (m == NULL)
        return FALSE;
      g_ptr_array_add (list, m);
      if (i > 0 && m->id <= ((TjSyncMutation *) g_ptr_array_index (list, i - 1))->id)
        {
          g_autofree char *ipath = g_strdup_printf ("mutations[%u].id", i);
          return _tj_sync_fail (error, path_out, ipath, _("ids must increase within a push"));
        }
    }
  *mutations = g_steal_pointer (&list);
  return TRUE;
}

TjSyncResult *
tj_sync_result_new (gint64 id, TjSyncStatus status)
{
  TjSyncResult *r = g_new0 (TjSyncResult, 1);

  r->id = id;
  r->status = status;
  r->original = status;
  return r;
}

void
tj_sync_result_free (TjSyncResult *r)
{
  if (r == NULL)
    return;
  g_free (r->reason);
  g_free (r->field);
  g_free (r);
}

void
tj_sync_result_to_builder (JsonBuilder *b, const TjSyncResult *r)
{
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "id");
  json_builder_add_int_value (b, r->id);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, tj_sync_status_to_string (r->status));
  if (r->status == TJ_SYNC_DUPLICATE && r->original != TJ_SYNC_DUPLICATE)
    {
      json_builder_set_member_name (b, "original");
      json_builder_add_string_value (b, tj_sync_status_to_string (r->original));
    }
  if (r->version > 0)
    {
      json_builder_set_member_name (b, "version");
      json_builder_add_int_value (b, r->version);
    }
  if (r->reason != NULL)
    {
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, r->reason);
    }
  if (r->field != NULL)
    {
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, r->field);
    }
  json_builder_end_object (b);
}

char *
tj_sync_result_to_json (const TjSyncResult *r)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;

  tj_sync_result_to_builder (b, r);
  root = json_builder_get_root (b);
  return json_to_string (root, FALSE);
}

static gboolean
read_optional_string (JsonObject *object, const char *name, const char *parent, char **out,
                      GError **error)
{
  JsonNode *node = _tj_sync_member (object, name);

  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!_tj_sync_holds_string (node))
    {
      g_autofree char *path = g_strconcat (parent, ".", name, NULL);
      return _tj_sync_fail (error, NULL, path, _("a string is required"));
    }
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

TjSyncResult *
tj_sync_result_from_json (JsonNode *node, const char *path, GError **error)
{
  g_autoptr(TjSyncResult) r = NULL;
  JsonObject *object;
  TjSyncStatus status;
  gint64 id;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _tj_sync_fail (error, NULL, path, _("a result object is required"));
      return NULL;
    }
  object = json_node_get_object (node);
  if (!_tj_sync_read_int (object, "id", path, 1, &id, NULL, error))
    return NULL;
  if (!tj_sync_status_from_string (tj_protocol_get_string (object, "status"), &status))
    {
      g_autofree char *spath = g_strconcat (path, ".status", NULL);
      _tj_sync_fail (error, NULL, spath, _("must be one of: applied, duplicate, conflict, rejected"));
      return NULL;
    }
  r = tj_sync_result_new (id, status);
  if (_tj_sync_member (object, "original") != NULL &&
      !tj_sync_status_from_string (tj_protocol_get_string (object, "original"), &r->original))
    {
      g_autofree char *opath = g_strconcat (path, ".original", NULL);
      _tj_sync_fail (error, NULL, opath, _("must be one of: applied, conflict, rejected"));
      return NULL;
    }
  if (_tj_sync_member (object, "version") != NULL &&
      !_tj_sync_read_int (object, "version", path, 0, &r->version, NULL, error))
    return NULL;
  if (!read_optional_string (object, "reason", path, &r->reason, error) ||
      !read_optional_string (object, "field", path, &r->field, error))
    return NULL;
  return g_steal_pointer (&r);
}

TjSyncPushAnswer *
tj_sync_push_answer_new (void)
{
  TjSyncPushAnswer *a = g_new0 (TjSyncPushAnswer, 1);

  a->results = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_result_free);
  return a;
}

void
tj_sync_push_answer_free (TjSyncPushAnswer *a)
{
  if (a == NULL)
    return;
  g_ptr_array_unref (a->results);
  g_free (a);
}

char *
tj_sync_push_answer_to_json (const TjSyncPushAnswer *a, gsize *length)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "last_mutation_id");
  json_builder_add_int_value (b, a->last_mutation_id);
  json_builder_set_member_name (b, "server_hlc");
  json_builder_add_int_value (b, a->server_hlc);
  if (a->clock_skew)
    {
      json_builder_set_member_name (b, "clock_skew");
      json_builder_add_boolean_value (b, TRUE);
    }
  json_builder_set_member_name (b, "results");
  json_builder_begin_array (b);
  for (guint i = 0; i < a->results->len; i++)
    tj_sync_result_to_builder (b, g_ptr_array_index (a->results, i));
  json_builder_end_array (b);
  if (a->expected > 0)
    {
      json_builder_set_member_name (b, "expected");
      json_builder_add_int_value (b, a->expected);
    }
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (generator, root);
  return json_generator_to_data (generator, length);
}

TjSyncPushAnswer *
tj_sync_push_answer_from_json (JsonNode *root, GError **error)
{
  g_autoptr(TjSyncPushAnswer) a = tj_sync_push_answer_new ();
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The answer must be a JSON object."));
      return NULL;
    }
  object = json_node_get_object (root);
  if (!_tj_sync_read_int (object, "last_mutation_id", "", 0, &a->last_mutation_id, NULL, error) ||
      !_tj_sync_read_int (object, "server_hlc", "", 0, &a->server_hlc, NULL, error))
    return NULL;
  node = _tj_sync_member (object, "clock_skew");
  a->clock_skew = node != NULL && JSON_NODE_HOLDS_VALUE (node) &&
                  json_node_get_value_type (node) == G_TYPE_BOOLEAN &&
                  json_node_get_boolean (node);
  if (_tj_sync_member (object, "expected") != NULL &&
      !_tj_sync_read_int (object, "expected", "", 1, &a->expected, NULL, error))
    return NULL;
  node = _tj_sync_member (object, "results");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _tj_sync_fail (error, NULL, "results", _("an array of results is required"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      g_autofree char *path = g_strdup_printf ("results[%u]", i);
      TjSyncResult *r = tj_sync_result_from_json (json_array_get_element (array, i), path, error);

      if (r == NULL)
        return NULL;
      g_ptr_array_add (a->results, r);
    }
  return g_steal_pointer (&a);
}
