/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-sync-codec.h"
#include "tj-sync-codec-private.h"
#include "tj-protocol.h"

/* The digest of a bucket (tj-sync-codec.h): written by the server, read strictly by the
 * client, which trusts it only as far as it adds up. */

void
tj_sync_digest_begin (GString *out, const char *epoch)
{
  g_string_append (out, "{\"epoch\":");
  tj_json_escape_append (out, epoch);
  g_string_append (out, ",\"chunks\":[");
}

void
tj_sync_digest_add_chunk (GString *out, gboolean first, const TjUuid *last, gint64 count,
                          guint64 checksum)
{
  char text[TJ_UUID_STRING_LEN + 1];

  tj_uuid_to_string (last, text);
  g_string_append_printf (out, "%s{\"last\":\"%s\",\"count\":%" G_GINT64_FORMAT ","
                          "\"checksum\":\"%016" G_GINT64_MODIFIER "x\"}", first ? "" : ",",
                          text, count, checksum);
}

void
tj_sync_digest_end (GString *out, gint64 seq, gint64 count, guint64 checksum, gboolean complete)
{
  g_string_append_printf (out, "],\"seq\":%" G_GINT64_FORMAT ",\"count\":%" G_GINT64_FORMAT ","
                          "\"checksum\":\"%016" G_GINT64_MODIFIER "x\",\"complete\":%s}", seq,
                          count, checksum, complete ? "true" : "false");
}

void
tj_sync_digest_free (TjSyncDigest *digest)
{
  if (digest == NULL)
    return;
  g_free (digest->epoch);
  g_clear_pointer (&digest->chunks, g_array_unref);
  g_free (digest);
}

static gboolean
read_checksum (JsonObject *object, const char *path, guint64 *out, GError **error)
{
  if (tj_sync_checksum_parse (tj_protocol_get_string (object, "checksum"), out))
    return TRUE;
  return _tj_sync_fail (error, NULL, path, _("16 hexadecimal digits are required"));
}

static gboolean
read_chunk (JsonNode *node, guint i, const TjUuid *before, TjSyncDigestChunk *chunk,
            GError **error)
{
  g_autofree char *parent = g_strdup_printf ("chunks[%u]", i);
  g_autofree char *sum_path = g_strdup_printf ("chunks[%u].checksum", i);
  g_autofree char *last_path = g_strdup_printf ("chunks[%u].last", i);
  JsonObject *object;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return _tj_sync_fail (error, NULL, parent, _("an object is required"));
  object = json_node_get_object (node);
  if (!_tj_sync_read_uuid (object, "last", parent, &chunk->last, NULL, error) ||
      !_tj_sync_read_int (object, "count", parent, 1, &chunk->count, NULL, error) ||
      !read_checksum (object, sum_path, &chunk->checksum, error))
    return FALSE;
  if (before != NULL && tj_uuid_compare (&chunk->last, before) <= 0)
    return _tj_sync_fail (error, NULL, last_path, _("ids must increase"));
  return TRUE;
}

TjSyncDigest *
tj_sync_digest_from_json (JsonNode *root, GError **error)
{
  g_autoptr(TjSyncDigest) digest = g_new0 (TjSyncDigest, 1);
  JsonObject *object;
  JsonNode *node;
  JsonArray *array;
  gint64 count = 0;
  guint64 sum = 0;

  digest->chunks = g_array_new (FALSE, TRUE, sizeof (TjSyncDigestChunk));
  object = _tj_sync_read_epoch (root, _("The digest must be a JSON object."), &digest->epoch,
                                error);
  if (object == NULL)
    return NULL;
  if (!_tj_sync_read_int (object, "seq", "", 0, &digest->seq, NULL, error) ||
      !_tj_sync_read_int (object, "count", "", 0, &digest->count, NULL, error) ||
      !read_checksum (object, "checksum", &digest->checksum, error))
    return NULL;
  node = _tj_sync_member (object, "complete");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_BOOLEAN)
    {
      _tj_sync_fail (error, NULL, "complete", _("true or false is required"));
      return NULL;
    }
  digest->complete = json_node_get_boolean (node);
  node = _tj_sync_member (object, "chunks");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    {
      _tj_sync_fail (error, NULL, "chunks", _("an array of chunks is required"));
      return NULL;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      TjSyncDigestChunk chunk = { 0 };
      const TjSyncDigestChunk *before =
        i > 0 ? &g_array_index (digest->chunks, TjSyncDigestChunk, i - 1) : NULL;

      if (!read_chunk (json_array_get_element (array, i), i, before ? &before->last : NULL,
                       &chunk, error))
        return NULL;
      count += chunk.count;
      sum += chunk.checksum;
      g_array_append_val (digest->chunks, chunk);
    }
  if (count != digest->count || sum != digest->checksum)
    {
      _tj_sync_fail (error, NULL, "chunks", _("the chunks must add up to the count and checksum"));
      return NULL;
    }
  return g_steal_pointer (&digest);
}
