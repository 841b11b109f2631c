/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-util.h"

/* The server's pipeline and sessions, from outside: versions, logins, the rate limit,
 * expiry and revocation, and hostile requests that must get a clean JSON error while the
 * server goes on answering. */

static void
assert_alive (TestServer *server)
{
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  answer = test_server_call (server, "GET", "/v1/version", NULL, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
}

static void
test_version (void)
{
  TestServer *server = test_server_start (NULL);
  g_autofree char *dir = g_strdup (server->dir);
  g_autofree char *epoch = NULL;
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) again = NULL;
  JsonObject *protocol;
  guint status;

  /* Discovery works without the protocol header, so any client can learn what to send. */
  answer = test_server_call (server, "GET", "/v1/version", NULL, NULL, FALSE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  protocol = json_object_get_object_member (json_node_get_object (answer), "protocol");
  g_assert_cmpint (json_object_get_int_member (protocol, "min"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (protocol, "max"), >=, 1);
  g_assert_true (json_object_has_member (json_node_get_object (answer), "schema"));
  epoch = g_strdup (test_member_string (answer, "server_epoch"));
  g_assert_cmpuint (strlen (epoch), ==, 36);
  g_assert_true (g_file_test (dir, G_FILE_TEST_IS_DIR));

  /* The epoch is made with the database and survives a restart; the demo is seeded once. */
  test_server_stop_keep (server);
  server = test_server_start_in (dir, NULL);
  again = test_server_call (server, "GET", "/v1/version", NULL, NULL, TRUE, &status, NULL);
  g_assert_cmpstr (test_member_string (again, "server_epoch"), ==, epoch);
  g_free (test_server_login (server, "admin", DEMO_PASSWORD));
  test_server_stop (server);
}

static void
test_protocol_header (void)
{
  TestServer *server = test_server_start (NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *raw = NULL;
  guint status;
  struct {
    const char *headers;
    guint       status;
    const char *field;
  } cases[] = {
    { "", 400, "X-Tiaojie-Protocol" },
    { "X-Tiaojie-Protocol: 99\r\n", 426, "X-Tiaojie-Protocol" },
    { "X-Tiaojie-Protocol: one\r\n", 426, "X-Tiaojie-Protocol" },
    { "X-Tiaojie-Protocol: 1\r\nX-Tiaojie-Schema: 999\r\n", 426, "X-Tiaojie-Schema" },
  };

  answer = test_server_call (server, "GET", "/v1/orgs", NULL, NULL, FALSE, &status, NULL);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_error_code (answer), ==, "version_not_supported");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "min"), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (answer), "max"), >=, 1);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *request =
        g_strdup_printf ("POST /v1/session HTTP/1.1\r\nHost: t\r\n%sContent-Type: application/json\r\n"
                         "Content-Length: 2\r\nConnection: close\r\n\r\n{}", cases[i].headers);
      g_autoptr(JsonNode) body = NULL;

      g_clear_pointer (&raw, g_free);
      raw = test_server_raw (server, request, strlen (request), FALSE);
      body = test_parse_raw (raw, &status);
      g_assert_cmpuint (status, ==, cases[i].status);
      g_assert_cmpstr (test_error_code (body), ==, "version_not_supported");
      g_assert_cmpstr (test_member_string (body, "field"), ==, cases[i].field);
    }
  test_server_stop (server);
}

static void
test_login (void)
{
  TestServer *server = test_server_start (NULL);
  g_autoptr(JsonNode) ok = NULL, wrong = NULL, unknown = NULL, whoami = NULL;
  g_autofree char *wrong_text = NULL, *unknown_text = NULL;
  JsonObject *obj;
  gint64 now = g_get_real_time () / 1000;
  guint status;

  ok = test_server_call (server, "POST", "/v1/session", NULL,
                         "{\"user\":\"supervisor\",\"password\":\"" DEMO_PASSWORD "\","
                         "\"client_id\":\"01900000-0000-7000-8000-000000000001\"}",
                         TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  obj = json_node_get_object (ok);
  /* 32 bytes in unpadded base64url */
  g_assert_cmpuint (strlen (test_member_string (ok, "token")), ==, 43);
  g_assert_cmpint (json_object_get_int_member (obj, "expires_at"), >, now + 11 * 3600 * 1000);
  g_assert_cmpint (json_object_get_int_member (obj, "expires_at"), <, now + 13 * 3600 * 1000);
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "account"),
                                                  "role"), ==, "supervisor");
  g_assert_cmpstr (json_object_get_string_member (json_object_get_object_member (obj, "org"),
                                                  "code"), ==, "220102");

  whoami = test_server_call (server, "GET", "/v1/session", test_member_string (ok, "token"),
                             NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);

  /* A wrong password and an unknown user get the very same answer. */
  wrong = test_server_call (server, "POST", "/v1/session", NULL,
                            "{\"user\":\"head\",\"password\":\"not-the-password\"}",
                            TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (test_error_code (wrong), ==, "invalid_credentials");
  unknown = test_server_call (server, "POST", "/v1/session", NULL,
                              "{\"user\":\"nobody\",\"password\":\"not-the-password\"}",
                              TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  wrong_text = json_to_string (wrong, FALSE);
  unknown_text = json_to_string (unknown, FALSE);
  g_assert_cmpstr (wrong_text, ==, unknown_text);
  g_assert_null (strstr (wrong_text, "not-the-password"));
  test_server_stop (server);
}

static void
test_rate_limit (void)
{
  TestServer *server = test_server_start (NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autofree char *retry = NULL;
  guint status;

  for (int i = 0; i < 5; i++)
    {
      g_autoptr(JsonNode) failed =
        test_server_call (server, "POST", "/v1/session", NULL,
                          "{\"user\":\"head\",\"password\":\"guess-guess-guess\"}",
                          TRUE, &status, NULL);
      g_assert_cmpuint (status, ==, 401);
    }
  /* The sixth try is refused before the password is looked at, even the right one. */
  answer = test_server_call (server, "POST", "/v1/session", NULL,
                             "{\"user\":\"head\",\"password\":\"" DEMO_PASSWORD "\"}",
                             TRUE, &status, &retry);
  g_assert_cmpuint (status, ==, 429);
  g_assert_cmpstr (test_error_code (answer), ==, "rate_limited");
  g_assert_nonnull (retry);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), >, 0);
  g_assert_cmpint (g_ascii_strtoll (retry, NULL, 10), <=, 15 * 60);

  /* Another user from the same address is not locked out by head's failures. */
  g_free (test_server_login (server, "mediator", DEMO_PASSWORD));
  test_server_stop (server);
}

static void
test_expiry (void)
{
  const char *extra[] = { "--token-lifetime", "1", NULL };
  TestServer *server = test_server_start (extra);
  g_autofree char *token = test_server_login (server, "admin", DEMO_PASSWORD);
  g_autoptr(JsonNode) before = NULL, after = NULL;
  guint status;

  before = test_server_call (server, "GET", "/v1/orgs", token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_usleep (1200 * G_TIME_SPAN_MILLISECOND);
  after = test_server_call (server, "GET", "/v1/orgs", token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (test_error_code (after), ==, "token_expired");
  test_server_stop (server);
}

static void
test_revocation (void)
{
  TestServer *server = test_server_start (NULL);
  g_autofree char *token = test_server_login (server, "head", DEMO_PASSWORD);
  g_autofree char *admin = test_server_login (server, "admin", DEMO_PASSWORD);
  g_autofree char *mediator = test_server_login (server, "mediator", DEMO_PASSWORD);
  g_autofree char *path = NULL;
  g_autoptr(JsonNode) answer = NULL, after = NULL, none = NULL, junk = NULL, who = NULL;
  g_autoptr(JsonNode) revoke = NULL, revoked = NULL;
  guint status;

  /* Logging out ends exactly the presented token. */
  answer = test_server_call (server, "DELETE", "/v1/session", token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 204);
  after = test_server_call (server, "GET", "/v1/session", token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (test_error_code (after), ==, "unauthorized");
  none = test_server_call (server, "GET", "/v1/orgs", NULL, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (test_error_code (none), ==, "unauthorized");
  junk = test_server_call (server, "GET", "/v1/orgs", "not-a-token", NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);

  /* An administrator ends every session of an account in its jurisdiction. */
  who = test_server_call (server, "GET", "/v1/session", mediator, NULL, TRUE, &status, NULL);
  path = g_strdup_printf ("/v1/accounts/%s/sessions",
                          json_object_get_string_member (
                            json_object_get_object_member (json_node_get_object (who), "account"),
                            "id"));
  revoke = test_server_call (server, "DELETE", path, admin, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (revoke), "revoked"), ==, 1);
  revoked = test_server_call (server, "GET", "/v1/session", mediator, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (test_error_code (revoked), ==, "unauthorized");
  test_server_stop (server);
}

static void
test_hostile_bodies (void)
{
  TestServer *server = test_server_start (NULL);
  g_autofree char *token = test_server_login (server, "admin", DEMO_PASSWORD);
  g_autofree char *deep = NULL;
  struct {
    const char *body;
    const char *code;
  } cases[] = {
    { "{", "invalid_json" },
    { "{\"user\": \"ad", "invalid_json" },
    { "[1, 2]", "invalid_json" },
    { "\"just a string\"", "invalid_json" },
    { "{\"user\": 5, \"password\": \"x\"}", "invalid_field" },
    { "{\"user\": [\"admin\"], \"password\": \"x\"}", "invalid_field" },
    { "{\"user\": {\"$ne\": null}, \"password\": \"x\"}", "invalid_field" },
    { "{\"user\": null, \"password\": \"x\"}", "invalid_field" },
    { "{\"password\": \"x\"}", "invalid_field" },
    { "{\"user\": \"admin\", \"password\": \"x\", \"client_id\": \"'; DROP TABLE account; --\"}",
      "invalid_field" },
    { "{\"user\": \"admin\", \"password\": 1e999}", "invalid_field" },
  };
  guint status;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer =
        test_server_call (server, "POST", "/v1/session", NULL, cases[i].body, TRUE, &status, NULL);

      g_test_message ("body %s", cases[i].body);
      g_assert_cmpuint (status, ==, 400);
      g_assert_cmpstr (test_error_code (answer), ==, cases[i].code);
      g_assert_nonnull (test_member_string (answer, "message"));
    }

  /* Nesting that would exhaust a recursive parser's stack. */
  deep = g_strnfill (200000, '[');
  {
    g_autoptr(JsonNode) answer =
      test_server_call (server, "POST", "/v1/orgs", token, deep, TRUE, &status, NULL);
    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (test_error_code (answer), ==, "invalid_json");
  }

  /* Raw requests: invalid UTF-8, a NUL, a body too large, one without a length, one cut
   * short, the wrong type. */
  {
    static const char bad_utf8[] = "POST /v1/session HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                                   "Content-Type: application/json\r\nContent-Length: 8\r\n"
                                   "Connection: close\r\n\r\n{\"u\":\"\xff\"}";
    static const char nul[] = "POST /v1/session HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                              "Content-Type: application/json\r\nContent-Length: 8\r\n"
                              "Connection: close\r\n\r\n{\"u\":\"\0\"}";
    static const char huge[] = "POST /v1/session HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                               "Content-Type: application/json\r\nContent-Length: 9437184\r\n"
                               "Connection: close\r\n\r\n{\"user\": \"";
    static const char chunked[] = "POST /v1/session HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                                  "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
                                  "Connection: close\r\n\r\n2\r\n{}\r\n0\r\n\r\n";
    static const char cut[] = "POST /v1/session HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                              "Content-Type: application/json\r\nContent-Length: 100\r\n"
                              "Connection: close\r\n\r\n{\"user\": \"adm";
    static const char form[] = "POST /v1/session HTTP/1.1\r\nHost: t\r\nX-Tiaojie-Protocol: 1\r\n"
                               "Content-Type: application/x-www-form-urlencoded\r\n"
                               "Content-Length: 4\r\nConnection: close\r\n\r\nu=ad";
    struct {
      const char *data;
      gsize       length;
      guint       status;
      const char *code;
    } raw[] = {
      { bad_utf8, sizeof bad_utf8 - 1, 400, "invalid_json" },
      { nul, sizeof nul - 1, 400, "invalid_json" },
      { huge, sizeof huge - 1, 413, "payload_too_large" },
      { chunked, sizeof chunked - 1, 411, "length_required" },
      { form, sizeof form - 1, 415, "unsupported_media_type" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (raw); i++)
      {
        g_autofree char *answer = test_server_raw (server, raw[i].data, raw[i].length, FALSE);
        g_autoptr(JsonNode) body = test_parse_raw (answer, &status);

        g_test_message ("raw case %u", i);
        g_assert_cmpuint (status, ==, raw[i].status);
        g_assert_cmpstr (test_error_code (body), ==, raw[i].code);
        assert_alive (server);
      }
    /* A body cut short gets no answer (there is nothing to answer yet), and no harm. */
    g_free (test_server_raw (server, cut, sizeof cut - 1, TRUE));
    assert_alive (server);
  }

  /* Unknown paths and methods are JSON errors too. */
  {
    g_autoptr(JsonNode) missing =
      test_server_call (server, "GET", "/v1/nothing", token, NULL, TRUE, &status, NULL);
    g_autoptr(JsonNode) method = NULL;

    g_assert_cmpuint (status, ==, 404);
    g_assert_cmpstr (test_error_code (missing), ==, "not_found");
    method = test_server_call (server, "PUT", "/v1/orgs", token, "{}", TRUE, &status, NULL);
    g_assert_cmpuint (status, ==, 405);
    g_assert_cmpstr (test_error_code (method), ==, "method_not_allowed");
  }
  assert_alive (server);
  test_server_stop (server);
}

static void
test_plain_http_refused (void)
{
  const char *server = g_getenv ("TJ_SERVER");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("tj-server-XXXXXX", &error);
  const char *argv[] = { server, "--data", dir, "--listen", "0.0.0.0:0", NULL };
  const char *bad[] = { server, "--data", dir, "--listen", "localhost", NULL };
  g_autoptr(GSubprocess) proc = NULL, proc2 = NULL;
  g_autofree char *out = NULL, *err = NULL, *out2 = NULL, *err2 = NULL;

  g_assert_no_error (error);
  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                            &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 1);
  g_assert_nonnull (strstr (err, "0.0.0.0"));
  g_assert_nonnull (strstr (err, "--tls-certificate"));
  g_assert_null (strstr (out, "listening"));

  proc2 = g_subprocess_newv (bad, G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE,
                             &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc2, NULL, NULL, &out2, &err2, &error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc2), ==, 1);
  g_assert_nonnull (strstr (err2, "--listen"));
  test_remove_tree (dir);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/server/version", test_version);
  g_test_add_func ("/server/protocol-header", test_protocol_header);
  g_test_add_func ("/server/login", test_login);
  g_test_add_func ("/server/rate-limit", test_rate_limit);
  g_test_add_func ("/server/token-expiry", test_expiry);
  g_test_add_func ("/server/revocation", test_revocation);
  g_test_add_func ("/server/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/server/plain-http-refused", test_plain_http_refused);
  return g_test_run ();
}
