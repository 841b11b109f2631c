/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tj-api-client-private.h"
#include "tj-protocol.h"
#include "tj-store.h"

struct _TjApiClient
{
  GObject      parent_instance;

  char        *base_url;        /* as given, without a trailing slash */
  char        *token;           /* (nullable) */
  SoupSession *session;
  guint        timeout;         /* seconds without progress; 0: none */
  TjApiFaultFunc fault_func;    /* (nullable) tests only */
  gpointer     fault_data;
};

G_DEFINE_FINAL_TYPE (TjApiClient, tj_api_client, G_TYPE_OBJECT)

G_DEFINE_QUARK (tj-api-client-error-quark, tj_api_client_error)

/* Seconds without progress before a request is given up; the server answers admin calls
 * in milliseconds, a login in well under a second, a page of a pull in tens of them. */
static guint default_timeout = TJ_API_CLIENT_DEFAULT_TIMEOUT;

static gboolean
host_is_local (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;
  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

static void
tj_api_client_finalize (GObject *object)
{
  TjApiClient *self = (TjApiClient *) object;

  g_clear_object (&self->session);
  g_free (self->base_url);
  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);

  G_OBJECT_CLASS (tj_api_client_parent_class)->finalize (object);
}

static void
tj_api_client_class_init (TjApiClientClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_api_client_finalize;
}

static void
tj_api_client_init (TjApiClient *self)
{
  g_autofree char *agent = g_strdup_printf ("tiaojie/%s", PACKAGE_VERSION);

  self->timeout = g_atomic_int_get (&default_timeout);
  self->session = soup_session_new_with_options ("timeout", self->timeout,
                                                 "idle-timeout", 60,
                                                 "user-agent", agent,
                                                 NULL);
}

TjApiClient *
tj_api_client_new (const char *base_url, GError **error)
{
  g_autoptr(TjApiClient) self = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;

  g_return_val_if_fail (base_url != NULL, NULL);

  uri = g_uri_parse (base_url, G_URI_FLAGS_NONE, NULL);
  scheme = uri ? g_uri_get_scheme (uri) : NULL;
  if (uri == NULL || g_uri_get_host (uri) == NULL || *g_uri_get_host (uri) == '\0' ||
      (g_strcmp0 (scheme, "http") != 0 && g_strcmp0 (scheme, "https") != 0) ||
      g_uri_get_query (uri) != NULL)
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_URL,
                   /* Translators: what was given as the server address */
                   _("“%s” is not a server address; write it as https://HOST[:PORT]."),
                   base_url);
      return NULL;
    }
  /* A token in clear text over a network is a stolen session; only this machine may be
   * spoken to without TLS (the server refuses the same). */
  if (g_strcmp0 (scheme, "http") == 0 && !host_is_local (g_uri_get_host (uri)))
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_INSECURE,
                   _("Refusing plain http to %s: passwords and tokens would cross the network "
                     "unencrypted. Use https://."), g_uri_get_host (uri));
      return NULL;
    }

  self = g_object_new (TJ_TYPE_API_CLIENT, NULL);
  self->base_url = g_strdup (base_url);
  while (g_str_has_suffix (self->base_url, "/"))
    self->base_url[strlen (self->base_url) - 1] = '\0';
  return g_steal_pointer (&self);
}

const char *
tj_api_client_get_base_url (TjApiClient *self)
{
  g_return_val_if_fail (TJ_IS_API_CLIENT (self), NULL);

  return self->base_url;
}

void
tj_api_client_set_token (TjApiClient *self, const char *token)
{
  g_return_if_fail (TJ_IS_API_CLIENT (self));

  if (self->token != NULL)
    memset (self->token, 0, strlen (self->token));
  g_free (self->token);
  self->token = g_strdup (token);
}

const char *
tj_api_client_get_token (TjApiClient *self)
{
  g_return_val_if_fail (TJ_IS_API_CLIENT (self), NULL);

  return self->token;
}

void
tj_api_client_set_timeout (TjApiClient *self, guint seconds)
{
  g_return_if_fail (TJ_IS_API_CLIENT (self));

  self->timeout = seconds;
  g_object_set (self->session, "timeout", seconds, NULL);
}

guint
tj_api_client_get_timeout (TjApiClient *self)
{
  g_return_val_if_fail (TJ_IS_API_CLIENT (self), 0);

  return self->timeout;
}

void
tj_api_client_set_default_timeout (guint seconds)
{
  g_atomic_int_set (&default_timeout, seconds);
}

gboolean
tj_api_client_set_ca_file (TjApiClient *self, const char *path, GError **error)
{
  g_autoptr(GTlsDatabase) database = NULL;
  g_autofree char *absolute = NULL;

  g_return_val_if_fail (TJ_IS_API_CLIENT (self), FALSE);

  /* GTlsFileDatabase wants an absolute path. */
  absolute = g_canonicalize_filename (path, NULL);
  database = g_tls_file_database_new (absolute, error);
  if (database == NULL)
    return FALSE;
  soup_session_set_tls_database (self->session, database);
  return TRUE;
}

/* gzip at level 1: JSON shrinks about five times at a cost the loopback hardly sees
 * (sync.md); libsoup compresses answers but not request bodies. */
static GBytes *
gzip_bytes (const char *data, gsize length)
{
  g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 1);
  g_autoptr(GByteArray) out = g_byte_array_sized_new (length / 4 + 64);
  guint8 buffer[16384];
  gsize read = 0, written = 0;
  GConverterResult r;

  do
    {
      r = g_converter_convert (G_CONVERTER (zlib), data, length, buffer, sizeof buffer,
                               G_CONVERTER_INPUT_AT_END, &read, &written, NULL);
      if (r == G_CONVERTER_ERROR)
        return NULL;
      g_byte_array_append (out, buffer, written);
      data += read;
      length -= read;
    }
  while (r != G_CONVERTER_FINISHED);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static SoupMessage *
build_message (TjApiClient *self, const char *method, const char *path, const char *body,
               gsize body_length, TjApiCallFlags flags, GError **error)
{
  g_autofree char *url = g_strconcat (self->base_url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  SoupMessageHeaders *headers;
  char version[16];

  if (msg == NULL)
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_URL,
                   _("“%s” is not a server address; write it as https://HOST[:PORT]."), url);
      return NULL;
    }
  headers = soup_message_get_request_headers (msg);
  g_snprintf (version, sizeof version, "%d", TJ_PROTOCOL_VERSION_MAX);
  soup_message_headers_replace (headers, TJ_PROTOCOL_HEADER_PROTOCOL, version);
  g_snprintf (version, sizeof version, "%d", tj_store_latest_schema_version ());
  soup_message_headers_replace (headers, TJ_PROTOCOL_HEADER_SCHEMA, version);
  soup_message_headers_replace (headers, TJ_PROTOCOL_HEADER_APP, PACKAGE_VERSION);
  soup_message_headers_replace (headers, "Accept", "application/json");
  if (self->token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", self->token, NULL);

      soup_message_headers_replace (headers, "Authorization", bearer);
      memset (bearer, 0, strlen (bearer));
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = NULL;

      if ((flags & TJ_API_CALL_GZIP) && body_length >= TJ_API_CLIENT_GZIP_MIN)
        bytes = gzip_bytes (body, body_length);
      if (bytes != NULL)
        soup_message_headers_replace (headers, "Content-Encoding", "gzip");
      else
        bytes = g_bytes_new (body, body_length);
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  /* Otherwise libsoup opens a new connection for every POST: a TCP handshake, a name
   * lookup in a worker thread and a socket left behind for each push. */
  if (flags & TJ_API_CALL_IDEMPOTENT)
    soup_message_add_flags (msg, SOUP_MESSAGE_IDEMPOTENT);
  return g_steal_pointer (&msg);
}

void
_tj_api_client_set_fault_func (TjApiClient *self, TjApiFaultFunc func, gpointer user_data)
{
  g_return_if_fail (TJ_IS_API_CLIENT (self));

  self->fault_func = func;
  self->fault_data = user_data;
}

/* Send, or do to the request what the simulated network does. */
static GBytes *
send_and_read (TjApiClient *self, SoupMessage **msg, const char *method, const char *path,
               const char *body, gsize body_length, TjApiCallFlags flags, guint *forced_status,
               GCancellable *cancellable, GError **error)
{
  TjApiFault fault = TJ_API_FAULT_NONE;
  GBytes *answer;

  if (self->fault_func != NULL)
    fault = self->fault_func (method, path, body, body_length, self->fault_data);
  switch (fault)
    {
    case TJ_API_FAULT_DROP_REQUEST:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "connection lost (simulated)");
      return NULL;
    case TJ_API_FAULT_SERVER_ERROR:
      *forced_status = SOUP_STATUS_SERVICE_UNAVAILABLE;
      return g_bytes_new_static ("", 0);
    case TJ_API_FAULT_DUPLICATE:
      answer = soup_session_send_and_read (self->session, *msg, cancellable, NULL);
      g_clear_pointer (&answer, g_bytes_unref);
      g_clear_object (msg);
      *msg = build_message (self, method, path, body, body_length, flags, error);
      if (*msg == NULL)
        return NULL;
      break;
    case TJ_API_FAULT_NONE:
    case TJ_API_FAULT_DROP_RESPONSE:
    case TJ_API_FAULT_CUT_RESPONSE:
    default:
      break;
    }
  answer = soup_session_send_and_read (self->session, *msg, cancellable, error);
  if (answer != NULL && fault == TJ_API_FAULT_DROP_RESPONSE)
    {
      g_bytes_unref (answer);
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_CONNECTION_CLOSED,
                           "connection lost (simulated)");
      return NULL;
    }
  if (answer != NULL && fault == TJ_API_FAULT_CUT_RESPONSE)
    {
      GBytes *cut = g_bytes_new_from_bytes (answer, 0, g_bytes_get_size (answer) / 2);

      g_bytes_unref (answer);
      return cut;
    }
  return answer;
}

/* A request that got no answer: a timeout says so in words, anything else carries the
 * network's reason. */
static void
set_network_error (TjApiClient *self, const GError *local, GError **error)
{
  if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_TIMED_OUT))
    g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_NETWORK,
                 /* Translators: the server address, then a number of seconds */
                 g_dngettext (GETTEXT_PACKAGE,
                              "%s did not answer for %u second; the network or the server is stuck.",
                              "%s did not answer for %u seconds; the network or the server is stuck.",
                              self->timeout),
                 self->base_url, self->timeout);
  else if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_propagate_error (error, g_error_copy (local));
  else
    g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_NETWORK,
                 /* Translators: the server address, then the network error */
                 _("Could not reach %s: %s"), self->base_url, local->message);
}

JsonNode *
tj_api_client_call (TjApiClient  *self,
                    const char   *method,
                    const char   *path,
                    JsonNode     *body,
                    guint        *status,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autofree char *text = body != NULL ? json_to_string (body, FALSE) : NULL;

  return tj_api_client_call_text (self, method, path, text, text ? strlen (text) : 0,
                                  TJ_API_CALL_NONE, status, cancellable, error);
}

JsonNode *
tj_api_client_call_text (TjApiClient    *self,
                         const char     *method,
                         const char     *path,
                         const char     *body,
                         gsize           body_length,
                         TjApiCallFlags  flags,
                         guint          *status,
                         GCancellable   *cancellable,
                         GError        **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(JsonNode) node = NULL;
  const char *data;
  gsize length;
  guint code, forced = 0;

  g_return_val_if_fail (TJ_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL && path[0] == '/', NULL);

  if (status != NULL)
    *status = 0;
  msg = build_message (self, method, path, body, body_length, flags, error);
  if (msg == NULL)
    return NULL;
  answer = send_and_read (self, &msg, method, path, body, body_length, flags, &forced,
                          cancellable, &local);
  if (answer == NULL && msg == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (answer == NULL)
    {
      set_network_error (self, local, error);
      return NULL;
    }
  code = forced != 0 ? forced : soup_message_get_status (msg);
  if (status != NULL)
    *status = code;

  data = g_bytes_get_data (answer, &length);
  if (length > 0)
    {
      node = tj_protocol_parse_json (data, length, &local);
      if (node == NULL && code >= 200 && code < 300)
        {
          g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                       /* Translators: the server address, then what is wrong */
                       _("%s did not answer as a Tiaojie server: %s"),
                       self->base_url, local->message);
          return NULL;
        }
    }
  if (code < 200 || code >= 300)
    {
      tj_protocol_set_error_from_response (error, code, node);
      if (code == 429)
        {
          const char *retry = soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                            "Retry-After");
          if (retry != NULL && error != NULL && *error != NULL)
            {
              /* Translators: the server's message, then a number of seconds */
              char *text = g_strdup_printf (_("%s (try again in %s seconds)"),
                                            (*error)->message, retry);
              g_free ((*error)->message);
              (*error)->message = text;
            }
        }
      return NULL;
    }
  return node ? g_steal_pointer (&node) : json_node_new (JSON_NODE_NULL);
}

/* "bytes 100-199/5000" */
static void
parse_content_range (const char *text, TjApiRawAnswer *answer)
{
  guint64 a, b, total;
  g_autofree char *copy = NULL;
  char *dash, *slash;

  answer->range_start = answer->range_end = answer->range_total = -1;
  if (text == NULL || !g_str_has_prefix (text, "bytes "))
    return;
  copy = g_strdup (text + strlen ("bytes "));
  dash = strchr (copy, '-');
  slash = strchr (copy, '/');
  if (dash == NULL || slash == NULL || slash < dash)
    return;
  *dash = *slash = '\0';
  if (!g_ascii_string_to_unsigned (copy, 10, 0, G_MAXINT64, &a, NULL) ||
      !g_ascii_string_to_unsigned (dash + 1, 10, a, G_MAXINT64, &b, NULL) ||
      !g_ascii_string_to_unsigned (slash + 1, 10, b + 1, G_MAXINT64, &total, NULL))
    return;
  answer->range_start = (gint64) a;
  answer->range_end = (gint64) b;
  answer->range_total = (gint64) total;
}

/* An error answer is a small JSON document: read it whole (bounded) for its code. */
static void
set_error_from_stream (TjApiClient *self, GInputStream *in, guint status,
                       GCancellable *cancellable, GError **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  g_autoptr(JsonNode) node = NULL;
  guint8 chunk[4096];
  gssize n;

  while (buf->len < 65536 &&
         (n = g_input_stream_read (in, chunk, sizeof chunk, cancellable, NULL)) > 0)
    g_byte_array_append (buf, chunk, (guint) n);
  if (buf->len > 0)
    node = tj_protocol_parse_json ((const char *) buf->data, buf->len, NULL);
  tj_protocol_set_error_from_response (error, status, node);
}

GInputStream *
tj_api_client_send_raw (TjApiClient    *self,
                        const char     *method,
                        const char     *path,
                        GInputStream   *body,
                        gint64          body_length,
                        const char     *range,
                        TjApiRawAnswer *answer,
                        GCancellable   *cancellable,
                        GError        **error)
{
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  SoupMessageHeaders *headers;
  guint code;

  g_return_val_if_fail (TJ_IS_API_CLIENT (self), NULL);
  g_return_val_if_fail (method != NULL && path != NULL && path[0] == '/', NULL);
  g_return_val_if_fail (answer != NULL, NULL);

  memset (answer, 0, sizeof *answer);
  answer->content_length = -1;
  answer->range_start = answer->range_end = answer->range_total = -1;
  msg = build_message (self, method, path, NULL, 0, TJ_API_CALL_NONE, error);
  if (msg == NULL)
    return NULL;
  headers = soup_message_get_request_headers (msg);
  soup_message_headers_replace (headers, "Accept", "*/*");
  if (range != NULL)
    soup_message_headers_replace (headers, "Range", range);
  if (body != NULL)
    {
      soup_message_set_request_body (msg, "application/octet-stream", body, body_length);
      /* The server may refuse before the body (too large, not logged in): it says so
       * after the headers instead of the client sending megabytes into a closed socket.
       * A fresh connection, because libsoup resends a request that failed on a reused
       * one, and a body stream read once cannot be sent again. */
      soup_message_headers_set_expectations (soup_message_get_request_headers (msg),
                                             SOUP_EXPECTATION_CONTINUE);
      soup_message_add_flags (msg, SOUP_MESSAGE_NEW_CONNECTION);
    }
  in = soup_session_send (self->session, msg, cancellable, &local);
  if (in == NULL)
    {
      set_network_error (self, local, error);
      return NULL;
    }
  code = soup_message_get_status (msg);
  answer->status = code;
  headers = soup_message_get_response_headers (msg);
  if (soup_message_headers_get_encoding (headers) == SOUP_ENCODING_CONTENT_LENGTH)
    answer->content_length = soup_message_headers_get_content_length (headers);
  parse_content_range (soup_message_headers_get_one (headers, "Content-Range"), answer);
  if (code < 200 || code >= 300)
    {
      set_error_from_stream (self, in, code, cancellable, error);
      return NULL;
    }
  return g_steal_pointer (&in);
}
