/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-private.h"
#include "tj-server-auth.h"
#include "tj-server-sync.h"

/* Password checks run in worker threads; each takes argon2id's 64 MiB, so only this many
 * run at once and a flood of logins is answered "rate_limited" instead of eating memory. */
#define MAX_HASH_SLOTS 4

struct _TjServer
{
  GObject        parent_instance;

  TjServerStore *store;
  SoupServer    *soup;
  gint64         token_lifetime;  /* seconds */
  guint          hash_slots_used;
  GPtrArray     *waiters;         /* held pulls (tj-server-pull.c) */
  guint64        max_blob;        /* bytes of the largest blob PUT */
  TjServerStoreWatch *watch;      /* (nullable): other servers' commits (PostgreSQL) */
};

G_DEFINE_FINAL_TYPE (TjServer, tj_server, G_TYPE_OBJECT)

static void
tj_request_free (TjRequest *req)
{
  g_clear_pointer (&req->params, g_hash_table_unref);
  g_clear_pointer (&req->query, g_hash_table_unref);
  g_clear_pointer (&req->body, json_node_unref);
  g_clear_pointer (&req->account, tj_server_account_free);
  g_clear_pointer (&req->org, tj_server_org_free);
  if (req->token != NULL)
    memset (req->token, 0, strlen (req->token));
  g_free (req->token);
  g_free (req);
}

static TjRequest *
request_for (TjServer *self, SoupServerMessage *msg)
{
  TjRequest *req = g_object_get_data (G_OBJECT (msg), "tj-request");

  if (req == NULL)
    {
      req = g_new0 (TjRequest, 1);
      req->server = self;
      req->msg = msg;
      g_object_set_data_full (G_OBJECT (msg), "tj-request", req, (GDestroyNotify) tj_request_free);
    }
  return req;
}

static void
fail_versions (TjRequest *req, const char *header, int min, int max, const GError *error,
               gboolean missing)
{
  g_autoptr(JsonBuilder) builder =
    tj_protocol_error_builder (TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED, error->message, header);

  json_builder_set_member_name (builder, "min");
  json_builder_add_int_value (builder, min);
  json_builder_set_member_name (builder, "max");
  json_builder_add_int_value (builder, max);
  json_builder_end_object (builder);
  /* No header at all is a malformed request; a number out of range asks for an upgrade. */
  tj_request_reply (req, missing ? SOUP_STATUS_BAD_REQUEST : 426, builder);
}

static gboolean
check_versions (TjRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *protocol = soup_message_headers_get_one (headers, TJ_PROTOCOL_HEADER_PROTOCOL);
  const char *schema = soup_message_headers_get_one (headers, TJ_PROTOCOL_HEADER_SCHEMA);
  g_autoptr(GError) error = NULL;
  const char *header;
  int min, max;

  if (tj_protocol_check_versions (protocol, schema, &header, &min, &max, &error))
    return TRUE;
  fail_versions (req, header, min, max, error, protocol == NULL);
  return FALSE;
}

/* The token's account and organisation; never an organisation the client names. */
static gboolean
authenticate (TjServer *self, TjRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(GError) error = NULL;

  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    req->token = g_strstrip (g_strdup (authorization + 7));
  req->account = tj_server_auth_check_token (self->store, req->token, &error);
  if (req->account != NULL)
    req->org = tj_directory_get_org (self->store, &req->account->org_id, &error);
  if (req->org == NULL)
    {
      tj_request_fail_error (req, error, NULL);
      return FALSE;
    }
  return TRUE;
}

/* libsoup inflates answers for clients but not request bodies for servers, so a gzip'd
 * body (sync.md: pushes are sent compressed) is inflated here, never past `limit`. */
static GBytes *
inflate_body (GBytes *packed, gsize limit, GError **error)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GByteArray) out = g_byte_array_new ();
  g_autoptr(GError) local = NULL;
  gsize length, offset = 0;
  const guint8 *data = g_bytes_get_data (packed, &length);
  guint8 buf[16384];

  /* An empty body has no data pointer, and NULL + 0 is undefined behaviour. */
  if (data == NULL)
    data = buf;
  for (;;)
    {
      gsize read = 0, written = 0;
      GConverterResult res;

      res = g_converter_convert (G_CONVERTER (z), data + offset, length - offset, buf,
                                 sizeof buf, G_CONVERTER_INPUT_AT_END, &read, &written, &local);
      if (res == G_CONVERTER_ERROR)
        {
          g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                       /* Translators: zlib's message */
                       _("The gzip body cannot be inflated: %s"), local->message);
          return NULL;
        }
      offset += read;
      g_byte_array_append (out, buf, written);
      if (out->len > limit)
        {
          g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_PAYLOAD_TOO_LARGE,
                       /* Translators: a number of kibibytes */
                       _("The body inflates to more than the %u KiB this server accepts."),
                       (guint) (limit / 1024));
          return NULL;
        }
      if (res == G_CONVERTER_FINISHED)
        break;
    }
  if (offset < length)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The gzip body has data after its end."));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

/* The checks every JSON body passes before its handler, apart from the message so
 * tests/fuzz can run them in-process: the media type, the encoding (gzip is inflated,
 * never past `limit`), then UTF-8, depth and a JSON object. On failure *field names the
 * header at fault, or is NULL; the error is a TJ_PROTOCOL_ERROR. */
JsonNode *
_tj_server_parse_body (const char  *content_type,
                       const char  *encoding,
                       GBytes      *bytes,
                       gsize        limit,
                       const char **field,
                       GError     **error)
{
  g_autoptr(GBytes) inflated = NULL;
  g_autoptr(JsonNode) body = NULL;
  const char *data;
  gsize length;

  g_return_val_if_fail (bytes != NULL && field != NULL, NULL);

  *field = NULL;
  if (content_type != NULL && g_ascii_strcasecmp (content_type, "application/json") != 0)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                   _("The body must be application/json."));
      return NULL;
    }
  if (encoding != NULL && g_ascii_strcasecmp (encoding, "identity") != 0)
    {
      if (g_ascii_strcasecmp (encoding, "gzip") != 0)
        {
          *field = "Content-Encoding";
          g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE,
                       _("A body may be sent plain or gzip'd, nothing else."));
          return NULL;
        }
      inflated = inflate_body (bytes, limit, error);
      if (inflated == NULL)
        return NULL;
      bytes = inflated;
    }
  data = g_bytes_get_data (bytes, &length);
  if (length == 0)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body is empty; a JSON object is needed."));
      return NULL;
    }
  body = tj_protocol_parse_json (data, length, error);
  if (body == NULL)
    return NULL;
  if (!JSON_NODE_HOLDS_OBJECT (body))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body must be a JSON object."));
      return NULL;
    }
  return g_steal_pointer (&body);
}

static gboolean
read_body (TjRequest *req)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (req->msg);
  SoupMessageBody *request_body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (request_body);
  g_autoptr(GError) error = NULL;
  const char *field = NULL;

  req->body = _tj_server_parse_body (soup_message_headers_get_content_type (headers, NULL),
                                     soup_message_headers_get_one (headers, "Content-Encoding"),
                                     bytes,
                                     req->route->max_body ? req->route->max_body
                                                          : TJ_PROTOCOL_MAX_BODY,
                                     &field, &error);
  if (req->body == NULL)
    {
      tj_request_fail_error (req, error, field);
      return FALSE;
    }
  return TRUE;
}

/* Every request: versions, route, token, body, then the route's handler. */
static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  TjServer *self = TJ_SERVER (user_data);
  TjRequest *req = request_for (self, msg);
  g_autoptr(GString) allowed = g_string_new (NULL);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (msg);
  char version[16];

  g_snprintf (version, sizeof version, "%d", TJ_PROTOCOL_VERSION_MAX);
  soup_message_headers_replace (response, TJ_PROTOCOL_HEADER_PROTOCOL, version);
  soup_message_headers_replace (response, "Cache-Control", "no-store");

  req->route = tj_server_route_match (soup_server_message_get_method (msg), path,
                                      &req->params, allowed);
  if (query != NULL)
    req->query = g_hash_table_ref (query);
  if ((req->route == NULL || !(req->route->flags & TJ_ROUTE_ANY_VERSION)) &&
      !check_versions (req))
    return;
  if (req->route == NULL && allowed->len > 0)
    {
      soup_message_headers_replace (response, "Allow", allowed->str);
      tj_request_fail (req, TJ_PROTOCOL_ERROR_METHOD_NOT_ALLOWED, NULL,
                       _("This path does not answer that method."));
      return;
    }
  if (req->route == NULL)
    {
      tj_request_fail (req, TJ_PROTOCOL_ERROR_NOT_FOUND, NULL, _("There is no such resource."));
      return;
    }
  if (!(req->route->flags & TJ_ROUTE_PUBLIC) && !authenticate (self, req))
    return;
  if ((req->route->flags & TJ_ROUTE_JSON_BODY) && !read_body (req))
    return;
  req->route->handler (self, req);
}

/* Answer and hang up without reading the body: libsoup would otherwise read all of it,
 * however large the Content-Length claims, before any answer could go out. The connection
 * is taken from libsoup, so the answer is written here by hand. */
void
_tj_server_refuse_unread (SoupServerMessage *msg, TjProtocolError code, const char *message)
{
  g_autoptr(JsonBuilder) builder = tj_protocol_error_builder (code, message, NULL);
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GIOStream) stream = NULL;
  g_autofree char *body = NULL, *head = NULL;
  guint status = tj_protocol_error_http_status (code);

  json_builder_end_object (builder);
  root = json_builder_get_root (builder);
  body = json_to_string (root, FALSE);
  head = g_strdup_printf ("HTTP/1.1 %u %s\r\n"
                          "Content-Type: application/json\r\n"
                          "Content-Length: %u\r\n"
                          "%s: %d\r\n"
                          "Connection: close\r\n\r\n",
                          status, soup_status_get_phrase (status), (guint) strlen (body),
                          TJ_PROTOCOL_HEADER_PROTOCOL, TJ_PROTOCOL_VERSION_MAX);
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  /* A few hundred bytes fit in the socket's buffer; a peer that does not read them only
   * loses its answer. */
  if (g_output_stream_write_all (g_io_stream_get_output_stream (stream), head, strlen (head),
                                 NULL, NULL, NULL))
    g_output_stream_write_all (g_io_stream_get_output_stream (stream), body, strlen (body),
                               NULL, NULL, NULL);
  g_io_stream_close (stream, NULL, NULL);
}

/* Before the body is read: refuse one that is too large, or of unknown length. */
static void
on_early_request_cb (SoupServer        *soup,
                     SoupServerMessage *msg,
                     const char        *path,
                     GHashTable        *query,
                     gpointer           user_data)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  g_autoptr(GHashTable) params = NULL;
  const TjRoute *route;
  gsize limit = TJ_PROTOCOL_MAX_BODY;

  route = tj_server_route_match (soup_server_message_get_method (msg), path, &params, NULL);
  if (route != NULL && route->max_body > 0)
    limit = route->max_body;
  if (route != NULL && (route->flags & TJ_ROUTE_RAW_BODY))
    limit = (gsize) MIN (TJ_SERVER (user_data)->max_blob, G_MAXSIZE);

  switch (soup_message_headers_get_encoding (headers))
    {
    case SOUP_ENCODING_CONTENT_LENGTH:
      if ((guint64) soup_message_headers_get_content_length (headers) > limit)
        {
          g_autofree char *message =
            /* Translators: a number of mebibytes */
            g_strdup_printf (_("The body is larger than the %u MiB this server accepts."),
                             (guint) (limit / (1024 * 1024)));
          _tj_server_refuse_unread (msg, TJ_PROTOCOL_ERROR_PAYLOAD_TOO_LARGE, message);
          return;
        }
      break;
    case SOUP_ENCODING_NONE:
      break;
    default:
      _tj_server_refuse_unread (msg, TJ_PROTOCOL_ERROR_LENGTH_REQUIRED,
                                _("A request body needs a Content-Length."));
      return;
    }
  /* A blob is written to disk as it arrives rather than held in memory. */
  if (route != NULL && (route->flags & TJ_ROUTE_RAW_BODY))
    tj_server_blob_receive (TJ_SERVER (user_data), msg, params);
}

static void
on_request_aborted_cb (SoupServer *soup, SoupServerMessage *msg, gpointer user_data)
{
  TjRequest *req = g_object_get_data (G_OBJECT (msg), "tj-request");

  if (req != NULL)
    {
      req->aborted = TRUE;
      tj_server_sync_forget (TJ_SERVER (user_data), req);
    }
}

static void
tj_server_dispose (GObject *object)
{
  TjServer *self = (TjServer *) object;

  g_clear_pointer (&self->watch, tj_server_store_watch_free);
  tj_server_sync_shutdown (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (tj_server_parent_class)->dispose (object);
}

static void
tj_server_finalize (GObject *object)
{
  TjServer *self = (TjServer *) object;

  g_ptr_array_unref (self->waiters);

  G_OBJECT_CLASS (tj_server_parent_class)->finalize (object);
}

static void
tj_server_class_init (TjServerClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tj_server_dispose;
  G_OBJECT_CLASS (klass)->finalize = tj_server_finalize;
}

static void
tj_server_init (TjServer *self)
{
  self->waiters = g_ptr_array_new ();
  self->max_blob = TJ_PROTOCOL_MAX_BLOB;
}

TjServer *
tj_server_new (TjServerStore *store, gint64 token_lifetime_seconds)
{
  TjServer *self;

  g_return_val_if_fail (TJ_IS_SERVER_STORE (store), NULL);
  g_return_val_if_fail (token_lifetime_seconds > 0, NULL);

  self = g_object_new (TJ_TYPE_SERVER, NULL);
  self->store = g_object_ref (store);
  self->token_lifetime = token_lifetime_seconds;
  return self;
}

void
tj_server_set_max_blob_size (TjServer *self, guint64 bytes)
{
  g_return_if_fail (TJ_IS_SERVER (self));
  g_return_if_fail (bytes > 0);

  self->max_blob = bytes;
}

guint64
_tj_server_get_max_blob (TjServer *self)
{
  return self->max_blob;
}

/* Another server process on the same database committed changes to these buckets. */
static void
on_store_changed (GHashTable *buckets, gpointer user_data)
{
  tj_server_sync_wake (TJ_SERVER (user_data), buckets);
}

gboolean
tj_server_listen (TjServer            *self,
                  GInetSocketAddress  *address,
                  GTlsCertificate     *tls_certificate,
                  GError             **error)
{
  GInetAddress *host;
  g_autofree char *server_header = g_strdup_printf ("tiaojie-server/%s", PACKAGE_VERSION);

  g_return_val_if_fail (TJ_IS_SERVER (self), FALSE);
  g_return_val_if_fail (self->soup == NULL, FALSE);

  host = g_inet_socket_address_get_address (address);
  if (tls_certificate == NULL && !g_inet_address_get_is_loopback (host))
    {
      g_autofree char *text = g_inet_address_to_string (host);

      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   /* Translators: an IP address */
                   _("Refusing to serve plain HTTP on %s: passwords and tokens would cross the "
                     "network unencrypted. Give --tls-certificate and --tls-key, or listen on "
                     "a loopback address such as 127.0.0.1."), text);
      return FALSE;
    }

  tj_server_blobs_sweep (self);
  {
    g_autoptr(GError) local = NULL;

    /* Without it, pulls waiting here still get other processes' changes when their wait
     * ends. */
    self->watch = tj_server_store_watch (self->store, on_store_changed, self, &local);
    if (local != NULL)
      g_warning (_("Pulls waiting here are not woken by other server processes' changes: "
                   "%s"), local->message);
  }
  self->soup = soup_server_new ("server-header", server_header,
                                "tls-certificate", tls_certificate, NULL);
  soup_server_add_early_handler (self->soup, NULL, on_early_request_cb, self, NULL);
  soup_server_add_handler (self->soup, NULL, on_request_cb, self, NULL);
  g_signal_connect_object (self->soup, "request-aborted",
                           G_CALLBACK (on_request_aborted_cb), self, 0);
  return soup_server_listen (self->soup, G_SOCKET_ADDRESS (address),
                             tls_certificate ? SOUP_SERVER_LISTEN_HTTPS : 0, error);
}

char *
tj_server_dup_url (TjServer *self)
{
  GSList *uris;
  char *url = NULL;

  g_return_val_if_fail (TJ_IS_SERVER (self), NULL);

  if (self->soup == NULL)
    return NULL;
  uris = soup_server_get_uris (self->soup);
  if (uris != NULL)
    {
      GUri *uri = uris->data;
      const char *host = g_uri_get_host (uri);
      gboolean v6 = strchr (host, ':') != NULL;

      url = g_strdup_printf ("%s://%s%s%s:%d", g_uri_get_scheme (uri), v6 ? "[" : "", host,
                             v6 ? "]" : "", g_uri_get_port (uri));
    }
  g_slist_free_full (uris, (GDestroyNotify) g_uri_unref);
  return url;
}

void
tj_server_disconnect (TjServer *self)
{
  g_return_if_fail (TJ_IS_SERVER (self));

  g_clear_pointer (&self->watch, tj_server_store_watch_free);
  tj_server_sync_shutdown (self);
  if (self->soup != NULL)
    soup_server_disconnect (self->soup);
}

TjServerStore *
_tj_server_get_store (TjServer *self)
{
  return self->store;
}

gint64
_tj_server_get_token_lifetime (TjServer *self)
{
  return self->token_lifetime;
}

gboolean
_tj_server_take_hash_slot (TjServer *self)
{
  if (self->hash_slots_used >= MAX_HASH_SLOTS)
    return FALSE;
  self->hash_slots_used++;
  return TRUE;
}

GPtrArray *
_tj_server_get_waiters (TjServer *self)
{
  return self->waiters;
}

void
_tj_server_give_hash_slot (TjServer *self)
{
  g_assert (self->hash_slots_used > 0);
  self->hash_slots_used--;
}
