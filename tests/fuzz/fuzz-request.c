/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-util.h"

#include <libsoup/soup.h>
#include <string.h>

#include "tj-doc.h"
#include "tj-protocol.h"
#include "tj-server-documents.h"
#include "tj-server-private.h"
#include "tj-server-sync.h"
#include "tj-sync-codec.h"
#include "tj-uuid.h"

/* libFuzzer target: what tiaojie-server does with a request before any handler touches
 * the store, without sockets. The input is an HTTP request as it arrives:
 *
 *   POST /v1/push?x=1 HTTP/1.1\r\n
 *   Content-Type: application/json\r\n
 *   X-Tiaojie-Protocol: 1\r\n
 *   \r\n
 *   {"client_id": …}
 *
 * libsoup parses the head (soup_headers_parse_request, as its server does) and the
 * target as a URL; then the server's own steps, in tj-server.c's order: the route
 * (tj_server_route_match), the early Content-Length check, the version headers, the body
 * checks of a JSON_BODY route (_tj_server_parse_body, gzip included), then what the push
 * and pull handlers parse first (tj_sync_push_request_from_json, the /v1/pull query) and
 * what POST /v1/documents/verify reads of its raw body before the store (the PDF check and
 * the verification code it carries, tj_doc_find_code).
 * Framing is libsoup's business, so the body is simply the rest of the input. */

/* The same bounds as tj_server_handle_pull in tj-server-pull.c. */
static const struct {
  const char *name;
  gint64      min, max, fallback;
} pull_params[] = {
  { "after", 0, G_MAXINT64 / 2, 0 },
  { "limit", 1, TJ_SYNC_MAX_PAGE, TJ_SYNC_DEFAULT_PAGE },
  { "wait", 0, TJ_SYNC_MAX_WAIT, 0 },
};

static void
check_route (const char *method, const char *path, const TjRoute *route, GHashTable *params,
             GString *allowed)
{
  GHashTableIter iter;
  gpointer name, value;

  if (route == NULL)
    {
      if (params != NULL)
        fuzz_fail ("route: parameters without a route");
      return;
    }
  /* allowed may hold the path's other methods tried before this one; the server reads
   * it only when nothing matched. */
  if (params == NULL || strcmp (route->method, method) != 0)
    fuzz_fail ("route: %s %s matched %s %s inconsistently", method, path, route->method,
               route->pattern);
  g_hash_table_iter_init (&iter, params);
  while (g_hash_table_iter_next (&iter, &name, &value))
    {
      TjUuid id;

      if (((char *) value)[0] == '\0' || strchr (value, '/') != NULL)
        fuzz_fail ("route: {%s} took \"%s\"", (char *) name, (char *) value);
      /* tj_request_param_uuid's test. */
      tj_uuid_parse (value, &id);
    }
}

static void
check_versions (SoupMessageHeaders *headers)
{
  g_autoptr(GError) error = NULL;
  const char *header = NULL;
  int min = 0, max = 0;

  if (tj_protocol_check_versions (soup_message_headers_get_one (headers,
                                                                TJ_PROTOCOL_HEADER_PROTOCOL),
                                  soup_message_headers_get_one (headers,
                                                                TJ_PROTOCOL_HEADER_SCHEMA),
                                  &header, &min, &max, &error))
    {
      if (error != NULL)
        fuzz_fail ("versions: accepted with an error");
      return;
    }
  fuzz_expect_error (error, "versions", TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED, -1);
  if (header == NULL || min < 1 || max < min)
    fuzz_fail ("versions: no header or range to answer with");
}

static void
check_pull_query (GHashTable *query)
{
  const char *bucket = query ? g_hash_table_lookup (query, "bucket") : NULL;
  TjUuid id;

  if (bucket != NULL && tj_uuid_parse (bucket, &id))
    {
      char text[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (&id, text);
      if (g_ascii_strcasecmp (text, bucket) != 0)
        fuzz_fail ("pull: bucket \"%s\" read as %s", bucket, text);
    }
  for (guint i = 0; i < G_N_ELEMENTS (pull_params); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 value = -1;

      if (!_tj_server_query_int (query, pull_params[i].name, pull_params[i].min,
                                 pull_params[i].max, pull_params[i].fallback, &value, &error))
        {
          fuzz_expect_error (error, "pull query", TJ_PROTOCOL_ERROR_BAD_REQUEST, -1);
          continue;
        }
      if (error != NULL || value < pull_params[i].min || value > pull_params[i].max)
        fuzz_fail ("pull: %s=%" G_GINT64_FORMAT " accepted", pull_params[i].name, value);
    }
}

static void
check_push_body (JsonNode *body)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mutations = NULL;
  g_autofree char *path = NULL;
  TjUuid client;

  if (tj_sync_push_request_from_json (body, &client, &mutations, &path, &error))
    {
      if (error != NULL || mutations == NULL || mutations->len > TJ_SYNC_MAX_MUTATIONS)
        fuzz_fail ("push: accepted inconsistently");
      return;
    }
  fuzz_expect_error (error, "push", TJ_PROTOCOL_ERROR_INVALID_JSON,
                     TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
}

static gboolean
contains (const char *data, gsize length, const char *needle)
{
  gsize n = strlen (needle);

  for (gsize i = 0; i + n <= length; i++)
    if (memcmp (data + i, needle, n) == 0)
      return TRUE;
  return FALSE;
}

/* The verify handler's reading of a body: a PDF or not, and the code it carries. A code
 * found is a verification code (XXXX-XXXX-XXXX-XXXX, Crockford's base 32) taken from
 * after "tiaojie-verify:" in the body itself. */
static void
check_verify_body (const char *data, gsize length)
{
  static const char prefix[] = "tiaojie-verify:";
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autofree char *code = NULL;
  g_autofree char *needle = NULL;
  gboolean pdf = length >= 5 && memcmp (data, "%PDF-", 5) == 0;

  if (!pdf)
    return;   /* refused: "body: The body must be the PDF file to verify." */
  code = tj_doc_find_code (bytes);
  if (code == NULL)
    return;
  if (!tj_doc_code_is_valid (code))
    fuzz_fail ("verify: \"%s\" is not a verification code", code);
  needle = g_strconcat (prefix, code, NULL);
  if (!contains (data, length, needle))
    fuzz_fail ("verify: \"%s\" is not in the body after its prefix", code);
}

static void
check_body (const TjRoute *route, SoupMessageHeaders *headers, const char *data, gsize length)
{
  g_autoptr(GBytes) bytes = g_bytes_new (data, length);
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *field = "unset";

  body = _tj_server_parse_body (soup_message_headers_get_content_type (headers, NULL),
                                soup_message_headers_get_one (headers, "Content-Encoding"),
                                bytes, route->max_body ? route->max_body : TJ_PROTOCOL_MAX_BODY,
                                &field, &error);
  if (body == NULL)
    {
      fuzz_expect_error (error, "body", TJ_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                         TJ_PROTOCOL_ERROR_INVALID_JSON, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                         TJ_PROTOCOL_ERROR_PAYLOAD_TOO_LARGE, -1);
      if (field != NULL && strcmp (field, "Content-Encoding") != 0)
        fuzz_fail ("body: the error names \"%s\"", field);
      return;
    }
  if (error != NULL || field != NULL || !JSON_NODE_HOLDS_OBJECT (body))
    fuzz_fail ("body: accepted inconsistently");
  fuzz_check_tree (body);
  if (route->handler == tj_server_handle_push)
    check_push_body (body);
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

/* A GET of a blob: its Range against blobs of a few sizes; a range, when given, lies
 * inside the blob. */
static void
check_range (const char *header)
{
  static const guint64 sizes[] = { 0, 1, 100, G_MAXUINT64 };

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      guint64 start = 0, end = 0;
      gboolean satisfiable = TRUE;

      if (!_tj_server_parse_range (header, sizes[i], &start, &end, &satisfiable) ||
          !satisfiable)
        continue;
      if (start > end || end >= sizes[i])
        fuzz_fail ("range: %s on %" G_GUINT64_FORMAT " bytes gave %" G_GUINT64_FORMAT "-%"
                   G_GUINT64_FORMAT, header, sizes[i], start, end);
    }
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  const char *text = (const char *) data;
  const char *end = g_strstr_len (text, size, "\r\n\r\n");
  gsize head_length = end ? (gsize) (end - text) + 4 : 0;
  g_autoptr(SoupMessageHeaders) headers = NULL;
  g_autofree char *method = NULL, *target = NULL, *url = NULL;
  g_autoptr(GHashTable) params = NULL, query = NULL;
  g_autoptr(GString) allowed = g_string_new (NULL);
  g_autoptr(GUri) uri = NULL;
  const TjRoute *route;
  const char *path;
  gsize limit = TJ_PROTOCOL_MAX_BODY;

  /* g_strstr_len stops at a NUL; libsoup refuses a head holding one anyway. */
  if (end == NULL || head_length > G_MAXINT)
    return 0;
  headers = soup_message_headers_new (SOUP_MESSAGE_HEADERS_REQUEST);
  if (soup_headers_parse_request (text, (int) head_length, headers, &method, &target, NULL) !=
      SOUP_STATUS_OK)
    return 0;
  /* libsoup's server makes the same URL of the target, and refuses the request when it
   * cannot. */
  if (target[0] != '/')
    return 0;
  url = g_strconcat ("http://127.0.0.1", target, NULL);
  uri = g_uri_parse (url, SOUP_HTTP_URI_FLAGS, NULL);
  if (uri == NULL)
    return 0;
  path = g_uri_get_path (uri);
  if (g_uri_get_query (uri) != NULL)
    query = soup_form_decode (g_uri_get_query (uri));

  route = tj_server_route_match (method, path, &params, allowed);
  check_route (method, path, route, params, allowed);
  if (route != NULL && route->max_body > 0)
    limit = route->max_body;
  if (route != NULL && (route->flags & TJ_ROUTE_RAW_BODY))
    limit = TJ_PROTOCOL_MAX_BLOB;
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH &&
      (guint64) soup_message_headers_get_content_length (headers) > limit)
    return 0;   /* refused unread (on_early_request_cb) */
  if (route == NULL || !(route->flags & TJ_ROUTE_ANY_VERSION))
    check_versions (headers);
  if (route == NULL)
    return 0;
  if (route->flags & TJ_ROUTE_JSON_BODY)
    check_body (route, headers, text + head_length, size - head_length);
  if (route->handler == tj_server_handle_pull)
    check_pull_query (query);
  if (route->handler == tj_server_handle_blob_get)
    check_range (soup_message_headers_get_one (headers, "Range"));
  if (route->handler == tj_server_handle_document_verify)
    check_verify_body (text + head_length, size - head_length);
  return 0;
}
