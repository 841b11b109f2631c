/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

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

/* An integer literal must fit in 64 bits: json-glib wraps 2^63 to -2^63, and beyond
 * that gives -1. (A decimal one is checked in the tree, numbers_are_finite.) */
static gboolean
integer_fits (const char *token, gsize n)
{
  char buf[64];
  g_autofree char *big = NULL;
  const char *text = buf;

  if (n < sizeof buf)
    {
      memcpy (buf, token, n);
      buf[n] = '\0';
    }
  else
    text = big = g_strndup (token, n);
  return g_ascii_string_to_signed (text, 10, G_MININT64, G_MAXINT64, NULL, NULL);
}

static int
hex4 (const char *data, gsize length, gsize at)
{
  int value = 0;

  if (at + 4 > length)
    return -1;
  for (gsize i = at; i < at + 4; i++)
    {
      int digit = g_ascii_xdigit_value (data[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* The string starting at the quote at *i; on return *i is at its closing quote (or the
 * end). FALSE for an escape JSON does not have (json-glib reads "\345" as the byte 0xe5),
 * a \u without four hexadecimal digits or half a surrogate pair, all of which json-glib
 * turns into invalid UTF-8, and for \u0000, which would cut the text short. */
static gboolean
string_is_clean (const char *data, gsize length, gsize *i)
{
  for ((*i)++; *i < length && data[*i] != '"'; (*i)++)
    {
      int unit, low;

      if (data[*i] != '\\')
        continue;
      if (*i + 1 >= length)
        break;
      (*i)++;
      if (data[*i] != 'u')
        {
          if (strchr ("\"\\/bfnrt", data[*i]) == NULL || data[*i] == '\0')
            return FALSE;
          continue;
        }
      if ((unit = hex4 (data, length, *i + 1)) < 0)
        return FALSE;
      *i += 4;
      if (unit == 0 || (unit >= 0xdc00 && unit <= 0xdfff))
        return FALSE;
      if (unit >= 0xd800 && unit <= 0xdbff)
        {
          if (*i + 2 >= length || data[*i + 1] != '\\' || data[*i + 2] != 'u' ||
              (low = hex4 (data, length, *i + 3)) < 0xdc00 || low > 0xdfff)
            return FALSE;
          *i += 6;
        }
    }
  return TRUE;
}

/* json-glib is lenient (comments, single-quoted strings, hexadecimal, "var x =", text
 * after the document) and parses recursively. So the body is first checked to consist of
 * strict JSON's tokens only, which also makes the nesting count exact: a comment or a
 * single-quoted string holding a quote cannot hide a "[[[[…" that would exhaust the stack.
 * Stops at the first problem. */
static gboolean
tokens_are_json (const char *data, gsize length, gboolean *huge_decimal, GError **error)
{
  guint depth = 0;
  gboolean done = FALSE;   /* the top-level value is complete */

  *huge_decimal = FALSE;

  for (gsize i = 0; i < length; i++)
    {
      char c = data[i];
      gsize start = i;

      if (c == ' ' || c == '\t' || c == '\n' || c == '\r')
        continue;
      if (done)
        goto not_json;
      switch (c)
        {
        case '[':
        case '{':
          if (++depth > TJ_PROTOCOL_MAX_JSON_DEPTH)
            {
              g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                           _("The body nests arrays and objects deeper than %d levels."),
                           TJ_PROTOCOL_MAX_JSON_DEPTH);
              return FALSE;
            }
          continue;
        case ']':
        case '}':
          /* An unbalanced bracket is the parser's to report. */
          if (depth > 0 && --depth == 0)
            done = TRUE;
          continue;
        case ',':
        case ':':
          if (depth == 0)
            goto not_json;
          continue;
        case '"':
          if (!string_is_clean (data, length, &i))
            {
              g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                           /* Translators: a byte offset; \u0000 is JSON's escape for
                            * the NUL character */
                           _("The body has a string at byte %u with an escape JSON does not "
                             "allow, half of a surrogate pair or \\u0000."), (guint) start);
              return FALSE;
            }
          break;
        default:
          if (c == '-' || g_ascii_isdigit (c))
            {
              gboolean exponent = FALSE, point = FALSE;

              while (i + 1 < length && strchr ("0123456789+-.eE", data[i + 1]) != NULL &&
                     data[i + 1] != '\0')
                {
                  i++;
                  exponent |= data[i] == 'e' || data[i] == 'E';
                  point |= data[i] == '.';
                }
              /* Only a number with an exponent or of 17 characters or more can reach
               * 1e17, from where a double is written with an exponent (below). */
              if (exponent || (point && i + 1 - start >= 17))
                *huge_decimal = TRUE;
              if (!exponent && !point && !integer_fits (data + start, i + 1 - start))
                {
                  g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                               /* Translators: a byte offset */
                               _("The body has a number at byte %u that is malformed or "
                                 "does not fit in 64 bits."), (guint) start);
                  return FALSE;
                }
            }
          else if (g_ascii_islower (c))
            {
              while (i + 1 < length && g_ascii_islower (data[i + 1]))
                i++;
              if (!(i + 1 - start == 4 && memcmp (data + start, "true", 4) == 0) &&
                  !(i + 1 - start == 5 && memcmp (data + start, "false", 5) == 0) &&
                  !(i + 1 - start == 4 && memcmp (data + start, "null", 4) == 0))
                goto not_json;
            }
          else
            goto not_json;
          break;
        }
      /* A string, number or literal. */
      if (depth == 0)
        done = TRUE;
      continue;

    not_json:
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: a byte offset */
                   _("The body is not strict JSON at byte %u: only objects, arrays, "
                     "double-quoted strings, numbers, true, false and null are allowed, "
                     "with nothing after the document."), (guint) start);
      return FALSE;
    }
  return TRUE;
}

/* A double json-glib's generator cannot write back: it prints "%.17g" and adds ".0" when
 * there is no point, so 1e400 (read as infinity) becomes "inf.0" and 1e40 "1e+40.0",
 * which no JSON parser reads; the server would store such a document and fail to read it. */
static gboolean
unwritable_double (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  if (!isfinite (value))
    return TRUE;
  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') == NULL && strpbrk (text, "eE") != NULL;
}

/* TRUE when the tree holds such a double, with the path of its member in `path`
 * ("mutations[0].fields.amount.value"). Nesting is bounded by then. */
static gboolean
has_unwritable (JsonNode *node, GString *path)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (has_unwritable (member, path))
          {
            if (path->len > 0 && path->str[0] != '[')
              g_string_prepend_c (path, '.');
            g_string_prepend (path, name);
            return TRUE;
          }
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (has_unwritable (json_array_get_element (array, i), path))
          {
            g_autofree char *index = g_strdup_printf ("[%u]", i);

            g_string_prepend (path, index);
            return TRUE;
          }
      return FALSE;
    }
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE &&
         unwritable_double (json_node_get_double (node));
}

JsonNode *
tj_protocol_parse_json (const char *data, gsize length, GError **error)
{
  g_autoptr(JsonParser) parser = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GString) path = NULL;
  gboolean huge_decimal;

  if (length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body is not valid UTF-8 text."));
      return NULL;
    }
  if (!tokens_are_json (data, length, &huge_decimal, error))
    return NULL;
  parser = json_parser_new_immutable ();
  if (!json_parser_load_from_data (parser, data, (gssize) length, &local))
    {
      /* json-glib quotes the text it failed on, which may not be valid UTF-8. */
      g_autofree char *reason = g_utf8_make_valid (local->message, -1);

      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: the JSON parser's message */
                   _("The body is not a JSON document: %s"), reason);
      return NULL;
    }
  if (json_parser_get_root (parser) == NULL)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body is empty; a JSON document is needed."));
      return NULL;
    }
  path = g_string_new (NULL);
  if (huge_decimal && has_unwritable (json_parser_get_root (parser), path))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   /* Translators: a JSON member path such as mutations[0].fields.amount */
                   _("%s: the number is too large to represent."),
                   path->len > 0 ? path->str : _("the document"));
      return NULL;
    }
  return json_node_copy (json_parser_get_root (parser));
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
