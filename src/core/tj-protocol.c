/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tj-json-read.h"
#include "tj-protocol.h"
#include "tj-store.h"

G_DEFINE_QUARK (tj-protocol-error-quark, tj_protocol_error)

static const struct {
  const char *code;
  guint       status;
} error_codes[] = {
  [TJ_PROTOCOL_ERROR_BAD_REQUEST] = { "bad_request", 400 },
  [TJ_PROTOCOL_ERROR_INVALID_JSON] = { "invalid_json", 400 },
  [TJ_PROTOCOL_ERROR_INVALID_FIELD] = { "invalid_field", 400 },
  [TJ_PROTOCOL_ERROR_INVALID_CREDENTIALS] = { "invalid_credentials", 401 },
  [TJ_PROTOCOL_ERROR_UNAUTHORIZED] = { "unauthorized", 401 },
  [TJ_PROTOCOL_ERROR_TOKEN_EXPIRED] = { "token_expired", 401 },
  [TJ_PROTOCOL_ERROR_FORBIDDEN] = { "forbidden", 403 },
  [TJ_PROTOCOL_ERROR_NOT_FOUND] = { "not_found", 404 },
  [TJ_PROTOCOL_ERROR_METHOD_NOT_ALLOWED] = { "method_not_allowed", 405 },
  [TJ_PROTOCOL_ERROR_CONFLICT] = { "conflict", 409 },
  [TJ_PROTOCOL_ERROR_LENGTH_REQUIRED] = { "length_required", 411 },
  [TJ_PROTOCOL_ERROR_PAYLOAD_TOO_LARGE] = { "payload_too_large", 413 },
  [TJ_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE] = { "unsupported_media_type", 415 },
  /* 426 when the number is out of range; a request without the header gets 400. */
  [TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED] = { "version_not_supported", 426 },
  [TJ_PROTOCOL_ERROR_RATE_LIMITED] = { "rate_limited", 429 },
  [TJ_PROTOCOL_ERROR_INTERNAL] = { "internal", 500 },
  [TJ_PROTOCOL_ERROR_HASH_MISMATCH] = { "hash_mismatch", 400 },
  [TJ_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE] = { "range_not_satisfiable", 416 },
  [TJ_PROTOCOL_ERROR_UNKNOWN] = { "unknown", 500 },
};

const char *
tj_protocol_error_to_code (TjProtocolError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (error_codes), "unknown");

  return error_codes[code].code;
}

TjProtocolError
tj_protocol_error_from_code (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (error_codes); i++)
    if (g_strcmp0 (code, error_codes[i].code) == 0)
      return i;
  return TJ_PROTOCOL_ERROR_UNKNOWN;
}

guint
tj_protocol_error_http_status (TjProtocolError code)
{
  g_return_val_if_fail ((guint) code < G_N_ELEMENTS (error_codes), 500);

  return error_codes[code].status;
}

int
tj_protocol_parse_version (const char *text)
{
  guint64 value;

  if (text == NULL || *text == '\0' || strlen (text) > 4 ||
      strspn (text, "0123456789") != strlen (text))
    return -1;
  value = g_ascii_strtoull (text, NULL, 10);
  return value >= 1 ? (int) value : -1;
}

int
tj_protocol_schema_min (void)
{
  return 1;
}

int
tj_protocol_schema_max (void)
{
  return tj_store_latest_schema_version ();
}

gboolean
tj_protocol_check_versions (const char  *protocol,
                            const char  *schema,
                            const char **header,
                            int         *min,
                            int         *max,
                            GError     **error)
{
  int version = tj_protocol_parse_version (protocol);

  *header = TJ_PROTOCOL_HEADER_PROTOCOL;
  *min = TJ_PROTOCOL_VERSION_MIN;
  *max = TJ_PROTOCOL_VERSION_MAX;
  if (protocol == NULL)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED,
                   /* Translators: the header name, then the lowest and highest version */
                   _("The request has no %s header; this server speaks versions %d to %d."),
                   TJ_PROTOCOL_HEADER_PROTOCOL, *min, *max);
      return FALSE;
    }
  if (version < *min || version > *max)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED,
                   /* Translators: header name, the value sent, lowest and highest version */
                   _("%s “%s” is not supported; this server speaks versions %d to %d."),
                   TJ_PROTOCOL_HEADER_PROTOCOL, protocol, *min, *max);
      return FALSE;
    }
  if (schema == NULL)
    return TRUE;

  version = tj_protocol_parse_version (schema);
  *header = TJ_PROTOCOL_HEADER_SCHEMA;
  *min = tj_protocol_schema_min ();
  *max = tj_protocol_schema_max ();
  if (version < *min || version > *max)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED,
                   _("%s “%s” is not supported; this server speaks versions %d to %d."),
                   TJ_PROTOCOL_HEADER_SCHEMA, schema, *min, *max);
      return FALSE;
    }
  return TRUE;
}

JsonNode *
tj_protocol_parse_json (const char *data, gsize length, GError **error)
{
  return tj_json_read (data, length, error);
}

const char *
tj_protocol_get_string (JsonObject *object, const char *member)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, NULL);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

gboolean
tj_protocol_get_int (JsonObject *object, const char *member, gint64 *value)
{
  JsonNode *node;

  g_return_val_if_fail (object != NULL, FALSE);

  node = json_object_get_member (object, member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (node);
  return TRUE;
}

JsonBuilder *
tj_protocol_error_builder (TjProtocolError code, const char *message, const char *field)
{
  JsonBuilder *b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, tj_protocol_error_to_code (code));
  json_builder_set_member_name (b, "message");
  json_builder_add_string_value (b, message);
  if (field != NULL)
    {
      json_builder_set_member_name (b, "field");
      json_builder_add_string_value (b, field);
    }
  return b;
}

static TjProtocolError
code_for_status (guint status)
{
  switch (status)
    {
    case 401:
      return TJ_PROTOCOL_ERROR_UNAUTHORIZED;
    case 403:
      return TJ_PROTOCOL_ERROR_FORBIDDEN;
    case 404:
      return TJ_PROTOCOL_ERROR_NOT_FOUND;
    case 405:
      return TJ_PROTOCOL_ERROR_METHOD_NOT_ALLOWED;
    case 409:
      return TJ_PROTOCOL_ERROR_CONFLICT;
    case 413:
      return TJ_PROTOCOL_ERROR_PAYLOAD_TOO_LARGE;
    case 416:
      return TJ_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE;
    case 426:
      return TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED;
    case 429:
      return TJ_PROTOCOL_ERROR_RATE_LIMITED;
    default:
      return status >= 500 ? TJ_PROTOCOL_ERROR_INTERNAL : TJ_PROTOCOL_ERROR_BAD_REQUEST;
    }
}

void
tj_protocol_set_error_from_response (GError **error, guint http_status, JsonNode *body)
{
  JsonObject *obj = NULL;
  const char *code = NULL, *message = NULL;

  if (body != NULL && JSON_NODE_HOLDS_OBJECT (body))
    {
      obj = json_node_get_object (body);
      code = tj_protocol_get_string (obj, "error");
      message = tj_protocol_get_string (obj, "message");
    }
  if (code == NULL)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, code_for_status (http_status),
                   /* Translators: an HTTP status number */
                   _("The server answered with HTTP status %u."), http_status);
      return;
    }
  if (message == NULL || *message == '\0')
    message = code;
  g_set_error_literal (error, TJ_PROTOCOL_ERROR, tj_protocol_error_from_code (code), message);
}
