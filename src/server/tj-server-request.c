/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-private.h"
#include "tj-uuid.h"

/* How handlers read a request and answer it. Every answer is JSON; an error is the
 * protocol's {"error", "message", "field"?} document. */

static void
set_json (TjRequest *req, guint status, JsonNode *root)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();
  gsize length;
  char *text;

  json_generator_set_root (generator, root);
  text = json_generator_to_data (generator, &length);
  soup_server_message_set_status (req->msg, status, NULL);
  soup_server_message_set_response (req->msg, "application/json", SOUP_MEMORY_TAKE,
                                    text, length);
}

void
tj_request_reply (TjRequest *req, guint status, JsonBuilder *builder)
{
  g_autoptr(JsonNode) root = json_builder_get_root (builder);

  g_return_if_fail (root != NULL);

  set_json (req, status, root);
}

void
tj_request_reply_empty (TjRequest *req)
{
  soup_server_message_set_status (req->msg, SOUP_STATUS_NO_CONTENT, NULL);
}

void
tj_request_fail (TjRequest *req, TjProtocolError code, const char *field, const char *message)
{
  g_autoptr(JsonBuilder) builder = tj_protocol_error_builder (code, message, field);
  g_autoptr(JsonNode) root = NULL;

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  if (code == TJ_PROTOCOL_ERROR_UNAUTHORIZED || code == TJ_PROTOCOL_ERROR_TOKEN_EXPIRED)
    soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                  "WWW-Authenticate", "Bearer realm=\"tiaojie\"");
  set_json (req, tj_protocol_error_http_status (code), root);
}

void
tj_request_fail_error (TjRequest *req, const GError *error, const char *field)
{
  if (error->domain == TJ_PROTOCOL_ERROR)
    {
      tj_request_fail (req, error->code, field, error->message);
      return;
    }
  /* Store messages name the file and SQLite's reason, never a value from the request. */
  g_warning ("%s %s: %s", soup_server_message_get_method (req->msg),
             req->route ? req->route->pattern : "?", error->message);
  if (g_error_matches (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_BUSY))
    tj_request_fail (req, TJ_PROTOCOL_ERROR_INTERNAL, NULL,
                     _("The server is busy; try again shortly."));
  else
    tj_request_fail (req, TJ_PROTOCOL_ERROR_INTERNAL, NULL,
                     _("The server could not complete the request; try again later."));
}

const char *
tj_request_get_address (TjRequest *req)
{
  const char *host = soup_server_message_get_remote_host (req->msg);

  return host ? host : "unknown";
}

static void
fail_field (TjRequest *req, const char *member, const char *message)
{
  tj_request_fail (req, TJ_PROTOCOL_ERROR_INVALID_FIELD, member, message);
}

gboolean
tj_request_get_string (TjRequest   *req,
                       const char  *member,
                       gboolean     required,
                       gsize        max_bytes,
                       const char **value)
{
  JsonObject *object = req->body ? json_node_get_object (req->body) : NULL;
  JsonNode *node = object ? json_object_get_member (object, member) : NULL;

  *value = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    {
      if (!required)
        return TRUE;
      {
        /* Translators: a JSON member name */
        g_autofree char *message = g_strdup_printf (_("“%s” is required."), member);
        fail_field (req, member, message);
      }
      return FALSE;
    }
  *value = tj_protocol_get_string (object, member);
  if (*value == NULL)
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be a string."), member);
      fail_field (req, member, message);
      return FALSE;
    }
  if (strlen (*value) > max_bytes)
    {
      /* Translators: a JSON member name, a number of bytes */
      g_autofree char *message = g_strdup_printf (_("“%s” is longer than %u bytes."),
                                                  member, (guint) max_bytes);
      *value = NULL;
      fail_field (req, member, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_request_get_uuid (TjRequest *req, const char *member, TjUuid *value)
{
  const char *text;

  if (!tj_request_get_string (req, member, TRUE, TJ_UUID_STRING_LEN, &text))
    return FALSE;
  if (!tj_uuid_parse (text, value))
    {
      g_autofree char *message = g_strdup_printf (_("“%s” must be an id (a UUID)."), member);
      fail_field (req, member, message);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_request_get_enum (TjRequest    *req,
                     const char   *member,
                     gboolean      required,
                     const TjEnum *vocabulary,
                     int          *value)
{
  const char *text;
  guint v;

  *value = -1;
  if (!tj_request_get_string (req, member, required, 64, &text))
    return FALSE;
  if (text == NULL)
    return TRUE;
  if (!tj_enum_lookup (vocabulary, text, &v))
    {
      g_autofree char *keys = tj_enum_keys_joined (vocabulary, ", ");
      /* Translators: a JSON member name, then the accepted values */
      g_autofree char *message = g_strdup_printf (_("“%s” must be one of: %s."), member, keys);
      fail_field (req, member, message);
      return FALSE;
    }
  *value = v;
  return TRUE;
}

gboolean
tj_request_param_uuid (TjRequest *req, const char *name, TjUuid *value)
{
  const char *text = g_hash_table_lookup (req->params, name);

  if (text != NULL && tj_uuid_parse (text, value))
    return TRUE;
  tj_request_fail (req, TJ_PROTOCOL_ERROR_NOT_FOUND, NULL, _("There is no such resource."));
  return FALSE;
}
