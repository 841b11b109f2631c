/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <libsoup/soup.h>
#include <string.h>

#include "tj-api-client.h"

/* How TjApiClient puts a request on the wire, seen by a plain SoupServer on 127.0.0.1
 * port 0 that runs in a thread of its own (the client's calls block) and notes, for each
 * request, the client's port (one per connection), its Content-Encoding and its body as it
 * arrived. */

typedef struct {
  guint16  port;
  char    *encoding;
  GBytes  *body;
} Seen;

typedef struct {
  GMainContext *context;
  GMainLoop    *loop;
  SoupServer   *soup;
  GThread      *thread;
  char         *url;
  GMutex        lock;
  GCond         ready;
  GPtrArray    *seen;
} Wire;

static void
seen_free (Seen *s)
{
  g_free (s->encoding);
  g_bytes_unref (s->body);
  g_free (s);
}

static void
on_request_cb (SoupServer        *soup,
               SoupServerMessage *msg,
               const char        *path,
               GHashTable        *query,
               gpointer           user_data)
{
  Wire *w = user_data;
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);
  Seen *s = g_new0 (Seen, 1);
  static const char answer[] = "{\"ok\":true}";

  s->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (remote));
  s->encoding = g_strdup (soup_message_headers_get_one (headers, "Content-Encoding"));
  s->body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_mutex_lock (&w->lock);
  g_ptr_array_add (w->seen, s);
  g_mutex_unlock (&w->lock);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_STATIC, answer,
                                    strlen (answer));
}

static gpointer
wire_thread (gpointer data)
{
  Wire *w = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSList) uris = NULL;

  g_main_context_push_thread_default (w->context);
  w->soup = soup_server_new (NULL, NULL);
  soup_server_add_handler (w->soup, NULL, on_request_cb, w, NULL);
  soup_server_listen_local (w->soup, 0, SOUP_SERVER_LISTEN_IPV4_ONLY, &error);
  g_assert_no_error (error);
  uris = soup_server_get_uris (w->soup);
  g_mutex_lock (&w->lock);
  w->url = g_strdup_printf ("http://127.0.0.1:%d", g_uri_get_port (uris->data));
  g_cond_signal (&w->ready);
  g_mutex_unlock (&w->lock);
  g_slist_free_full (g_steal_pointer (&uris), (GDestroyNotify) g_uri_unref);
  g_main_loop_run (w->loop);
  soup_server_disconnect (w->soup);
  g_clear_object (&w->soup);
  g_main_context_pop_thread_default (w->context);
  return NULL;
}

static Wire *
wire_start (void)
{
  Wire *w = g_new0 (Wire, 1);

  g_mutex_init (&w->lock);
  g_cond_init (&w->ready);
  w->seen = g_ptr_array_new_with_free_func ((GDestroyNotify) seen_free);
  w->context = g_main_context_new ();
  w->loop = g_main_loop_new (w->context, FALSE);
  g_mutex_lock (&w->lock);
  w->thread = g_thread_new ("wire", wire_thread, w);
  while (w->url == NULL)
    g_cond_wait (&w->ready, &w->lock);
  g_mutex_unlock (&w->lock);
  return w;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

static void
wire_stop (Wire *w)
{
  g_main_context_invoke (w->context, quit_cb, w->loop);
  g_thread_join (w->thread);
  g_main_loop_unref (w->loop);
  g_main_context_unref (w->context);
  g_ptr_array_unref (w->seen);
  g_mutex_clear (&w->lock);
  g_cond_clear (&w->ready);
  g_free (w->url);
  g_free (w);
}

static Seen *
wire_seen (Wire *w, guint i)
{
  Seen *s;

  g_mutex_lock (&w->lock);
  g_assert_cmpuint (i, <, w->seen->len);
  s = g_ptr_array_index (w->seen, i);
  g_mutex_unlock (&w->lock);
  return s;
}

static void
post (TjApiClient *api, const char *body, TjApiCallFlags flags)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint status = 0;

  answer = tj_api_client_call_text (api, "POST", "/v1/push", body, strlen (body), flags,
                                    &status, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (answer);
  g_assert_cmpuint (status, ==, 200);
}

/* An idempotent POST (a push) goes over the connection already open; any other POST gets a
 * connection of its own, as libsoup does for methods it cannot send twice. */
static void
test_idempotent_reuses_connection (void)
{
  Wire *w = wire_start ();
  g_autoptr(TjApiClient) api = tj_api_client_new (w->url, NULL);

  for (guint i = 0; i < 3; i++)
    post (api, "{\"n\":1}", TJ_API_CALL_IDEMPOTENT);
  g_assert_cmpuint (wire_seen (w, 1)->port, ==, wire_seen (w, 0)->port);
  g_assert_cmpuint (wire_seen (w, 2)->port, ==, wire_seen (w, 0)->port);

  post (api, "{\"n\":2}", TJ_API_CALL_NONE);
  post (api, "{\"n\":3}", TJ_API_CALL_NONE);
  g_assert_cmpuint (wire_seen (w, 3)->port, !=, wire_seen (w, 0)->port);
  g_assert_cmpuint (wire_seen (w, 4)->port, !=, wire_seen (w, 3)->port);

  g_clear_object (&api);
  wire_stop (w);
}

/* TJ_API_CALL_GZIP compresses a body from TJ_API_CLIENT_GZIP_MIN bytes on; a smaller one
 * arrives as it was written. */
static void
test_gzip_threshold (void)
{
  Wire *w = wire_start ();
  g_autoptr(TjApiClient) api = tj_api_client_new (w->url, NULL);
  g_autoptr(GString) big = g_string_new ("{\"facts\":\"");
  const char *small = "{\"facts\":\"short\"}";
  Seen *s;

  while (big->len < TJ_API_CLIENT_GZIP_MIN)
    g_string_append (big, "申请人补充说明拖欠情况。");
  g_string_append (big, "\"}");

  post (api, small, TJ_API_CALL_GZIP);
  s = wire_seen (w, 0);
  g_assert_null (s->encoding);
  g_assert_cmpmem (g_bytes_get_data (s->body, NULL), g_bytes_get_size (s->body), small,
                   strlen (small));

  post (api, big->str, TJ_API_CALL_GZIP);
  s = wire_seen (w, 1);
  g_assert_cmpstr (s->encoding, ==, "gzip");
  g_assert_cmpuint (g_bytes_get_size (s->body), <, big->len);

  post (api, big->str, TJ_API_CALL_NONE);
  s = wire_seen (w, 2);
  g_assert_null (s->encoding);
  g_assert_cmpmem (g_bytes_get_data (s->body, NULL), g_bytes_get_size (s->body), big->str,
                   big->len);

  g_clear_object (&api);
  wire_stop (w);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/api-client/idempotent-reuses-connection", test_idempotent_reuses_connection);
  g_test_add_func ("/api-client/gzip-threshold", test_gzip_threshold);
  return g_test_run ();
}
