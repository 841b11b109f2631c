/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <sys/prctl.h>
#include <string.h>

#include "server-util.h"
#if HAVE_POSTGRES
#include "pg-cluster.h"
#endif

/* A failed assertion aborts the test; the server it started must not outlive it. */
static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

gboolean
test_server_on_postgres (void)
{
  return g_getenv ("TJ_TEST_PG_HOST") != NULL;
}

char *
test_server_postgres_conninfo (const char *dir)
{
  const char *host = g_getenv ("TJ_TEST_PG_HOST");
  g_autoptr(GError) error = NULL;
  g_autofree char *sum = NULL, *name = NULL;

  if (host == NULL)
    return NULL;
#if !HAVE_POSTGRES
  g_error ("$TJ_TEST_PG_HOST is set, but this build has no PostgreSQL store");
#else
  /* One database per data folder, so a restart in the same folder finds its data. */
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA1, dir, -1);
  name = g_strdup_printf ("tj_%.16s", sum);
  if (!test_pg_create_database (host, name, &error))
    g_error ("PostgreSQL: %s", error->message);
  return test_pg_conninfo (host, name);
#endif
}

TestServer *
test_server_start (const char * const *extra)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-server-XXXXXX", &error);

  g_assert_no_error (error);
  return test_server_start_in (dir, extra);
}

TestServer *
test_server_start_in (const char *dir, const char * const *extra)
{
  return test_server_start_full (dir, TRUE, extra);
}

TestServer *
test_server_start_full (const char *dir, gboolean demo, const char * const *extra)
{
  TestServer *server = g_new0 (TestServer, 1);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) lines = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  const char *program = g_getenv ("TJ_SERVER");

  g_assert_nonnull (program);
  server->dir = g_strdup (dir);

  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, server->dir);
  server->conninfo = test_server_postgres_conninfo (dir);
  if (server->conninfo != NULL)
    {
      g_ptr_array_add (argv, (char *) "--postgres");
      g_ptr_array_add (argv, server->conninfo);
    }
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  if (demo)
    g_ptr_array_add (argv, (char *) "--demo");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server->proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata,
                                               &error);
  g_assert_no_error (error);

  /* The demo notice comes first, then the one line that gives the port. */
  lines = g_data_input_stream_new (g_subprocess_get_stdout_pipe (server->proc));
  /* The pipe stays open when the reader goes, so a later write cannot raise SIGPIPE. */
  g_filter_input_stream_set_close_base_stream (G_FILTER_INPUT_STREAM (lines), FALSE);
  for (;;)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (lines, NULL, NULL, &error);

      g_assert_no_error (error);
      if (line == NULL)
        g_error ("tiaojie-server exited before listening");
      if (g_str_has_prefix (line, "listening on http://127.0.0.1:"))
        {
          server->url = g_strdup (line + strlen ("listening on "));
          server->port = (guint16) g_ascii_strtoull (strrchr (line, ':') + 1, NULL, 10);
          break;
        }
    }
  g_assert_cmpuint (server->port, >, 0);
  server->session = soup_session_new_with_options ("timeout", 30, NULL);
  return server;
}

void
test_server_stop (TestServer *server)
{
  test_server_stop_keep (server);
  test_remove_tree (server->dir);
  g_free (server->dir);
  g_free (server);
}

void
test_server_stop_keep (TestServer *server)
{
  g_autoptr(GError) error = NULL;

  g_clear_object (&server->session);
  g_subprocess_send_signal (server->proc, SIGTERM);
  g_subprocess_wait (server->proc, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (server->proc));
  g_assert_cmpint (g_subprocess_get_exit_status (server->proc), ==, 0);
  g_clear_object (&server->proc);
  g_clear_pointer (&server->url, g_free);
  g_clear_pointer (&server->conninfo, g_free);
}

JsonNode *
test_server_call (TestServer *server,
                  const char *method,
                  const char *path,
                  const char *token,
                  const char *body,
                  gboolean    protocol,
                  guint      *status,
                  char      **retry_after)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *data;
  gsize length;

  if (protocol)
    soup_message_headers_replace (headers, "X-Tiaojie-Protocol", "1");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (body != NULL)
    {
      g_autoptr(GBytes) bytes = g_bytes_new (body, strlen (body));
      soup_message_set_request_body_from_bytes (msg, "application/json", bytes);
    }
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  if (retry_after != NULL)
    *retry_after = g_strdup (soup_message_headers_get_one (soup_message_get_response_headers (msg),
                                                           "Retry-After"));
  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return json_node_new (JSON_NODE_NULL);
  g_assert_cmpstr (soup_message_headers_get_content_type (soup_message_get_response_headers (msg),
                                                          NULL), ==, "application/json");
  json_parser_load_from_data (parser, data, length, &error);
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

char *
test_server_login (TestServer *server, const char *user, const char *password)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) request = NULL, answer = NULL;
  g_autofree char *body = NULL;
  guint status;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "user");
  json_builder_add_string_value (b, user);
  json_builder_set_member_name (b, "password");
  json_builder_add_string_value (b, password);
  json_builder_end_object (b);
  request = json_builder_get_root (b);
  body = json_to_string (request, FALSE);
  answer = test_server_call (server, "POST", "/v1/session", NULL, body, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_nonnull (test_member_string (answer, "token"));
  return g_strdup (test_member_string (answer, "token"));
}

char *
test_server_raw (TestServer *server, const char *data, gsize length, gboolean shut_write)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) conn = NULL;
  g_autoptr(GError) error = NULL;
  GString *answer = g_string_new (NULL);
  GSocket *socket;
  char buf[4096];
  gssize n;

  conn = g_socket_client_connect_to_host (client, "127.0.0.1", server->port, NULL, &error);
  g_assert_no_error (error);
  socket = g_socket_connection_get_socket (conn);
  g_socket_set_timeout (socket, 5);
  /* The server may answer and close before all of a large body is written; that is fine. */
  g_output_stream_write_all (g_io_stream_get_output_stream (G_IO_STREAM (conn)), data, length,
                             NULL, NULL, NULL);
  if (shut_write)
    g_socket_shutdown (socket, FALSE, TRUE, NULL);
  while ((n = g_socket_receive (socket, buf, sizeof buf, NULL, NULL)) > 0)
    g_string_append_len (answer, buf, n);
  return g_string_free (answer, FALSE);
}

const char *
test_member_string (JsonNode *answer, const char *member)
{
  JsonNode *node;

  if (answer == NULL || !JSON_NODE_HOLDS_OBJECT (answer))
    return NULL;
  node = json_object_get_member (json_node_get_object (answer), member);
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (node);
}

const char *
test_error_code (JsonNode *answer)
{
  return test_member_string (answer, "error");
}

char *
test_org_id (TestServer *server, const char *token, const char *code)
{
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *orgs;
  guint status;

  answer = test_server_call (server, "GET", "/v1/orgs", token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  orgs = json_object_get_array_member (json_node_get_object (answer), "orgs");
  for (guint i = 0; i < json_array_get_length (orgs); i++)
    {
      JsonObject *org = json_array_get_object_element (orgs, i);

      if (g_strcmp0 (json_object_get_string_member (org, "code"), code) == 0)
        return g_strdup (json_object_get_string_member (org, "id"));
    }
  return NULL;
}

int
test_run_cli (const char * const *args, char **out, char **err)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  const char *program = g_getenv ("TJ_CLI");

  g_assert_nonnull (program);
  g_ptr_array_add (argv, (char *) program);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  proc = g_subprocess_newv ((const char * const *) argv->pdata,
                            G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, out, err, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_if_exited (proc));
  return g_subprocess_get_exit_status (proc);
}

JsonNode *
test_parse_raw (const char *answer, guint *status)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *body;

  *status = 0;
  if (!g_str_has_prefix (answer, "HTTP/1.1 "))
    return NULL;
  *status = (guint) g_ascii_strtoull (answer + 9, NULL, 10);
  body = strstr (answer, "\r\n\r\n");
  if (body == NULL || body[4] == '\0' || !json_parser_load_from_data (parser, body + 4, -1, NULL))
    return NULL;
  return json_node_copy (json_parser_get_root (parser));
}
