/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-sync-codec.h"
#include "tj-sync-codec-private.h"
#include "tj-protocol.h"

/* The pull half of the codec: pages, written by the server with stored documents spliced
 * in and read strictly by the client, and the checkpoint's hash. */

void
tj_sync_page_begin (GString *out, const char *epoch)
{
  g_string_append (out, "{\"epoch\":");
  tj_json_escape_append (out, epoch);
  g_string_append (out, ",\"ops\":[");
}

void
tj_sync_page_add_op (GString      *out,
                     gboolean      first,
                     gint64        seq,
                     gboolean      remove,
                     const TjUuid *id,
                     const char   *type,
                     gint64        version,
                     const char   *doc_json)
{
  char text[TJ_UUID_STRING_LEN + 1];

  tj_uuid_to_string (id, text);
  g_string_append_printf (out, "%s{\"seq\":%" G_GINT64_FORMAT ",\"op\":\"%s\",\"id\":\"%s\","
                          "\"type\":", first ? "" : ",", seq, remove ? "remove" : "put", text);
  tj_json_escape_append (out, type);
  g_string_append_printf (out, ",\"version\":%" G_GINT64_FORMAT, version);
  if (!remove && doc_json != NULL)
    {
      g_string_append (out, ",\"doc\":");
      g_string_append (out, doc_json);
    }
  g_string_append_c (out, '}');
}

void
tj_sync_page_end (GString *out, gint64 next, gboolean up_to_date, gint64 checkpoint_seq,
                  gint64 checkpoint_count, guint64 checkpoint_checksum)
{
  g_string_append_printf (out, "],\"next\":%" G_GINT64_FORMAT ",\"up_to_date\":%s,"
                          "\"checkpoint\":{\"seq\":%" G_GINT64_FORMAT ",\"count\":%"
                          G_GINT64_FORMAT ",\"checksum\":\"%016" G_GINT64_MODIFIER "x\"}}",
                          next, up_to_date ? "true" : "false", checkpoint_seq, checkpoint_count,
                          checkpoint_checksum);
}

void
tj_sync_page_op_free (TjSyncPageOp *op)
{
  if (op == NULL)
    return;
  g_free (op->type);
  g_clear_pointer (&op->doc, json_object_unref);
  g_free (op);
}

void
tj_sync_page_free (TjSyncPage *page)
{
  if (page == NULL)
    return;
  g_free (page->epoch);
  g_ptr_array_unref (page->ops);
  g_free (page);
}

static TjSyncPageOp *
read_page_op (JsonNode *node, guint index, GError **error)
{
  g_autofree char *path = g_strdup_printf ("ops[%u]", index);
  TjSyncPageOp *op;
  JsonObject *object;
  const char *kind, *type;
  JsonNode *doc;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _tj_sync_fail (error, NULL, path, _("an op object is required"));
      return NULL;
    }
  object = json_node_get_object (node);
  op = g_new0 (TjSyncPageOp, 1);
  kind = tj_protocol_get_string (object, "op");
  type = tj_protocol_get_string (object, "type");
  doc = _tj_sync_member (object, "doc");
  if (!_tj_sync_read_int (object, "seq", path, 1, &op->seq, NULL, error) ||
      !_tj_sync_read_uuid (object, "id", path, &op->id, NULL, error) ||
      !_tj_sync_read_int (object, "version", path, 0, &op->version, NULL, error))
    goto bad;
  if (g_strcmp0 (kind, "put") != 0 && g_strcmp0 (kind, "remove") != 0)
    {
      g_autofree char *p = g_strconcat (path, ".op", NULL);
      _tj_sync_fail (error, NULL, p, _("must be one of: put, remove"));
      goto bad;
    }
  op->remove = strcmp (kind, "remove") == 0;
  if (!_tj_sync_is_name (type, 32))
    {
      g_autofree char *p = g_strconcat (path, ".type", NULL);
      _tj_sync_fail (error, NULL, p, _("a record kind is required"));
      goto bad;
    }
  op->type = g_strdup (type);
  if (!op->remove)
    {
      if (doc == NULL || !JSON_NODE_HOLDS_OBJECT (doc))
        {
          g_autofree char *p = g_strconcat (path, ".doc", NULL);
          _tj_sync_fail (error, NULL, p, _("a put needs the record's document (an object)"));
          goto bad;
        }
      op->doc = json_object_ref (json_node_get_object (doc));
    }
  return op;

bad:
  tj_sync_page_op_free (op);
  return NULL;
}

JsonObject *
_tj_sync_read_epoch (JsonNode *root, const char *not_object, char **epoch, GError **error)
{
  JsonObject *object;
  const char *text;

  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error_literal (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON, not_object);
      return NULL;
    }
  object = json_node_get_object (root);
  text = tj_protocol_get_string (object, "epoch");
  if (text == NULL || strlen (text) != TJ_UUID_STRING_LEN)
    {
      _tj_sync_fail (error, NULL, "epoch", _("an id (a UUID string) is required"));
      return NULL;
    }
  *epoch = g_strdup (text);
  return object;
}

TjSyncPage *
tj_sync_page_from_json (JsonNode *root, GError **error)
{
  g_autoptr(TjSyncPage) page = g_new0 (TjSyncPage, 1);
  JsonObject *object, *checkpoint;
  JsonNode *node;
  JsonArray *array;

  page->ops = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_page_op_free);
  object = _tj_sync_read_epoch (root, _("The page must be a JSON object."), &page->epoch, error);
  if (object == NULL)
    return NULL;
  node = _tj_sync_member (object, "ops");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _tj_sync_fail (error, NULL, "ops", _("an array of ops is required"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      TjSyncPageOp *op = read_page_op (json_array_get_element (array, i), i, error);

      if (op == NULL)
        return NULL;
      if (page->ops->len > 0 &&
          op->seq <= ((TjSyncPageOp *) g_ptr_array_index (page->ops, page->ops->len - 1))->seq)
        {
          g_autofree char *p = g_strdup_printf ("ops[%u].seq", i);
          tj_sync_page_op_free (op);
          _tj_sync_fail (error, NULL, p, _("sequence numbers must increase"));
          return NULL;
        }
      g_ptr_array_add (page->ops, op);
    }
  if (!_tj_sync_read_int (object, "next", "", 0, &page->next, NULL, error))
    return NULL;
  node = _tj_sync_member (object, "up_to_date");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      _tj_sync_fail (error, NULL, "up_to_date", _("true or false is required"));
      return NULL;
    }
  page->up_to_date = json_node_get_boolean (node);
  node = _tj_sync_member (object, "checkpoint");
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      _tj_sync_fail (error, NULL, "checkpoint", _("a checkpoint object is required"));
      return NULL;
    }
  checkpoint = json_node_get_object (node);
  if (!_tj_sync_read_int (checkpoint, "seq", "checkpoint", 0, &page->checkpoint_seq, NULL, error) ||
      !_tj_sync_read_int (checkpoint, "count", "checkpoint", 0, &page->checkpoint_count, NULL, error))
    return NULL;
  if (!tj_sync_checksum_parse (tj_protocol_get_string (checkpoint, "checksum"),
                               &page->checkpoint_checksum))
    {
      _tj_sync_fail (error, NULL, "checkpoint.checksum", _("16 hexadecimal digits are required"));
      return NULL;
    }
  return g_steal_pointer (&page);
}

guint64
tj_sync_record_hash (const TjUuid *id, gint64 version)
{
  guint64 h = G_GUINT64_CONSTANT (0xcbf29ce484222325);
  guint64 v = (guint64) version;

  for (guint i = 0; i < 16; i++)
    h = (h ^ id->bytes[i]) * G_GUINT64_CONSTANT (0x100000001b3);
  for (int shift = 56; shift >= 0; shift -= 8)
    h = (h ^ ((v >> shift) & 0xff)) * G_GUINT64_CONSTANT (0x100000001b3);
  /* FNV alone mixes the last bytes poorly; the finaliser spreads them over all bits, so
   * versions n and n+1 do not give near sums. */
  h ^= h >> 30;
  h *= G_GUINT64_CONSTANT (0xbf58476d1ce4e5b9);
  h ^= h >> 27;
  h *= G_GUINT64_CONSTANT (0x94d049bb133111eb);
  h ^= h >> 31;
  return h;
}

char *
tj_sync_checksum_to_string (guint64 checksum)
{
  return g_strdup_printf ("%016" G_GINT64_MODIFIER "x", checksum);
}

gboolean
tj_sync_checksum_parse (const char *text, guint64 *checksum)
{
  if (text == NULL || strlen (text) != 16 || strspn (text, "0123456789abcdef") != 16)
    return FALSE;
  *checksum = g_ascii_strtoull (text, NULL, 16);
  return TRUE;
}

gboolean
tj_sync_is_reset_required (guint http_status, JsonNode *body, char **epoch)
{
  JsonObject *object;

  if (http_status != 409 || body == NULL || !JSON_NODE_HOLDS_OBJECT (body))
    return FALSE;
  object = json_node_get_object (body);
  if (g_strcmp0 (tj_protocol_get_string (object, "error"), "reset_required") != 0)
    return FALSE;
  if (epoch != NULL)
    *epoch = g_strdup (tj_protocol_get_string (object, "epoch"));
  return TRUE;
}
