/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>

#include "server-util.h"

/* Jurisdiction on the server: what each role may create, list and disable, always decided
 * from the token's account, never from what the request claims; and the CLI's admin
 * commands against the real server. The demo province: 南关区 (220102) with townships
 * 220102001 and 220102002 under 长春市 (220100), beside 朝阳区 (220104); 吉林市 (220200)
 * holds 船营区 (220204). The demo supervisor sits at 220102, head and mediator at
 * 220102001. */

typedef struct {
  TestServer *server;
  char       *admin;
  char       *supervisor;
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (NULL);
  f->admin = test_server_login (f->server, "admin", DEMO_PASSWORD);
  f->supervisor = test_server_login (f->server, "supervisor", DEMO_PASSWORD);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  g_free (f->admin);
  g_free (f->supervisor);
}

static JsonNode *
post (Fixture *f, const char *token, const char *path, guint *status, const char *format, ...)
  G_GNUC_PRINTF (5, 6);

static JsonNode *
post (Fixture *f, const char *token, const char *path, guint *status, const char *format, ...)
{
  g_autofree char *body = NULL;
  va_list args;

  va_start (args, format);
  body = g_strdup_vprintf (format, args);
  va_end (args);
  return test_server_call (f->server, "POST", path, token, body, TRUE, status, NULL);
}

static void
test_county_creates_township (Fixture *f, gconstpointer data)
{
  g_autofree char *own = test_org_id (f->server, f->admin, "220102");
  g_autofree char *other = test_org_id (f->server, f->admin, "220204");
  g_autofree char *city = test_org_id (f->server, f->admin, "220100");
  g_autoptr(JsonNode) created = NULL, foreign = NULL, bad_code = NULL, bad_level = NULL;
  g_autoptr(JsonNode) above = NULL, twice = NULL, listed = NULL;
  JsonArray *orgs;
  guint status;

  created = post (f, f->supervisor, "/v1/orgs", &status,
                  "{\"parent_id\":\"%s\",\"code\":\"220102003\",\"name\":\"桃源街道调解中心\","
                  "\"level\":\"township\"}", own);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (test_member_string (created, "parent_id"), ==, own);
  g_assert_cmpstr (test_member_string (created, "type"), ==, "centre");

  /* Another county, even with a code that fits it, is outside the jurisdiction. */
  foreign = post (f, f->supervisor, "/v1/orgs", &status,
                  "{\"parent_id\":\"%s\",\"code\":\"220204003\",\"name\":\"外区中心\","
                  "\"level\":\"township\"}", other);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (test_error_code (foreign), ==, "forbidden");
  above = post (f, f->supervisor, "/v1/orgs", &status,
                "{\"parent_id\":\"%s\",\"code\":\"220105\",\"name\":\"新区\",\"level\":\"county\"}",
                city);
  g_assert_cmpuint (status, ==, 403);

  bad_code = post (f, f->supervisor, "/v1/orgs", &status,
                   "{\"parent_id\":\"%s\",\"code\":\"220104005\",\"name\":\"错码中心\","
                   "\"level\":\"township\"}", own);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_error_code (bad_code), ==, "invalid_field");
  g_assert_cmpstr (test_member_string (bad_code, "field"), ==, "code");
  bad_level = post (f, f->supervisor, "/v1/orgs", &status,
                    "{\"parent_id\":\"%s\",\"code\":\"220102\",\"name\":\"错级\","
                    "\"level\":\"county\"}", own);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_member_string (bad_level, "field"), ==, "level");
  twice = post (f, f->supervisor, "/v1/orgs", &status,
                "{\"parent_id\":\"%s\",\"code\":\"220102003\",\"name\":\"重复\","
                "\"level\":\"township\"}", own);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (test_error_code (twice), ==, "conflict");

  /* The supervisor sees its county and the three townships, nothing above or beside. */
  listed = test_server_call (f->server, "GET", "/v1/orgs", f->supervisor, NULL, TRUE, &status,
                             NULL);
  g_assert_cmpuint (status, ==, 200);
  orgs = json_object_get_array_member (json_node_get_object (listed), "orgs");
  g_assert_cmpuint (json_array_get_length (orgs), ==, 4);
  g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (orgs, 0), "code"),
                   ==, "220102");
  for (guint i = 1; i < 4; i++)
    g_assert_true (g_str_has_prefix (json_object_get_string_member (
                                       json_array_get_object_element (orgs, i), "code"), "220102"));
}

static void
test_accounts_in_subtree (Fixture *f, gconstpointer data)
{
  g_autofree char *own_centre = test_org_id (f->server, f->admin, "220102002");
  g_autofree char *head_centre = test_org_id (f->server, f->admin, "220102001");
  g_autofree char *other_centre = test_org_id (f->server, f->admin, "220204001");
  g_autofree char *county = test_org_id (f->server, f->admin, "220102");
  g_autofree char *head = test_server_login (f->server, "head", DEMO_PASSWORD);
  g_autofree char *mediator = test_server_login (f->server, "mediator", DEMO_PASSWORD);
  g_autoptr(JsonNode) ok = NULL, outside = NULL, admin_role = NULL, wrong_type = NULL;
  g_autoptr(JsonNode) by_head = NULL, head_other = NULL, by_mediator = NULL, taken = NULL;
  g_autoptr(JsonNode) list = NULL, weak = NULL, upper = NULL;
  guint status;

  ok = post (f, f->supervisor, "/v1/accounts", &status,
             "{\"org_id\":\"%s\",\"username\":\"wang.li\",\"name\":\"王丽\",\"role\":\"mediator\","
             "\"password\":\"long-enough-pass\"}", own_centre);
  g_assert_cmpuint (status, ==, 201);
  g_assert_cmpstr (test_member_string (ok, "org_id"), ==, own_centre);
  {
    g_autofree char *text = json_to_string (ok, FALSE);
    g_assert_null (strstr (text, "long-enough-pass"));
  }

  outside = post (f, f->supervisor, "/v1/accounts", &status,
                  "{\"org_id\":\"%s\",\"username\":\"zhao.gang\",\"name\":\"赵刚\","
                  "\"role\":\"mediator\",\"password\":\"long-enough-pass\"}", other_centre);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (test_error_code (outside), ==, "forbidden");
  admin_role = post (f, f->supervisor, "/v1/accounts", &status,
                     "{\"org_id\":\"%s\",\"username\":\"boss\",\"name\":\"管理\","
                     "\"role\":\"administrator\",\"password\":\"long-enough-pass\"}", county);
  g_assert_cmpuint (status, ==, 403);
  wrong_type = post (f, f->supervisor, "/v1/accounts", &status,
                     "{\"org_id\":\"%s\",\"username\":\"sup2\",\"name\":\"督导\","
                     "\"role\":\"supervisor\",\"password\":\"long-enough-pass\"}", own_centre);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_member_string (wrong_type, "field"), ==, "role");
  weak = post (f, f->supervisor, "/v1/accounts", &status,
               "{\"org_id\":\"%s\",\"username\":\"short.pw\",\"name\":\"短\","
               "\"role\":\"mediator\",\"password\":\"short\"}", own_centre);
  g_assert_cmpuint (status, ==, 400);
  g_assert_cmpstr (test_member_string (weak, "field"), ==, "password");
  upper = post (f, f->supervisor, "/v1/accounts", &status,
                "{\"org_id\":\"%s\",\"username\":\"WANG.LI\",\"name\":\"王丽\","
                "\"role\":\"mediator\",\"password\":\"long-enough-pass\"}", own_centre);
  g_assert_cmpuint (status, ==, 400); /* user names are lower case */
  g_assert_cmpstr (test_member_string (upper, "field"), ==, "username");
  taken = post (f, f->supervisor, "/v1/accounts", &status,
                "{\"org_id\":\"%s\",\"username\":\"wang.li\",\"name\":\"王丽\","
                "\"role\":\"mediator\",\"password\":\"long-enough-pass\"}", own_centre);
  g_assert_cmpuint (status, ==, 409);
  g_assert_cmpstr (test_member_string (taken, "field"), ==, "username");

  /* A centre head adds mediators to its own centre only. */
  by_head = post (f, head, "/v1/accounts", &status,
                  "{\"org_id\":\"%s\",\"username\":\"chen.mei\",\"name\":\"陈梅\","
                  "\"role\":\"mediator\",\"password\":\"long-enough-pass\"}", head_centre);
  g_assert_cmpuint (status, ==, 201);
  head_other = post (f, head, "/v1/accounts", &status,
                     "{\"org_id\":\"%s\",\"username\":\"li.na\",\"name\":\"李娜\","
                     "\"role\":\"mediator\",\"password\":\"long-enough-pass\"}", own_centre);
  g_assert_cmpuint (status, ==, 403);

  by_mediator = test_server_call (f->server, "GET", "/v1/accounts", mediator, NULL, TRUE,
                                  &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  list = test_server_call (f->server, "GET", "/v1/accounts", f->supervisor, NULL, TRUE,
                           &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  /* supervisor, head, mediator, wang.li, chen.mei: not the province's admin */
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (
                      json_node_get_object (list), "accounts")), ==, 5);
}

static void
test_disable (Fixture *f, gconstpointer data)
{
  g_autofree char *centre = test_org_id (f->server, f->admin, "220102002");
  g_autofree char *token = NULL, *path = NULL, *admin_path = NULL, *self_path = NULL;
  g_autoptr(JsonNode) created = NULL, disabled = NULL, after = NULL, login = NULL;
  g_autoptr(JsonNode) admin_acc = NULL, me = NULL, denied = NULL, self = NULL, missing = NULL;
  guint status;

  created = post (f, f->supervisor, "/v1/accounts", &status,
                  "{\"org_id\":\"%s\",\"username\":\"sun.yu\",\"name\":\"孙宇\","
                  "\"role\":\"mediator\",\"password\":\"long-enough-pass\"}", centre);
  g_assert_cmpuint (status, ==, 201);
  token = test_server_login (f->server, "sun.yu", "long-enough-pass");

  path = g_strdup_printf ("/v1/accounts/%s/disable", test_member_string (created, "id"));
  disabled = test_server_call (f->server, "POST", path, f->supervisor, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 200);
  g_assert_false (json_object_get_boolean_member (json_node_get_object (disabled), "active"));

  after = test_server_call (f->server, "GET", "/v1/session", token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  login = test_server_call (f->server, "POST", "/v1/session", NULL,
                            "{\"user\":\"sun.yu\",\"password\":\"long-enough-pass\"}",
                            TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 401);
  g_assert_cmpstr (test_error_code (login), ==, "invalid_credentials");

  /* Not the province's administrator, not oneself, not an id that is no account. */
  me = test_server_call (f->server, "GET", "/v1/session", f->admin, NULL, TRUE, &status, NULL);
  admin_path = g_strdup_printf ("/v1/accounts/%s/disable",
                                json_object_get_string_member (json_object_get_object_member (
                                  json_node_get_object (me), "account"), "id"));
  denied = test_server_call (f->server, "POST", admin_path, f->supervisor, NULL, TRUE, &status,
                             NULL);
  g_assert_cmpuint (status, ==, 403);
  self = test_server_call (f->server, "POST", admin_path, f->admin, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  missing = test_server_call (f->server, "POST", "/v1/accounts/not-an-id/disable", f->admin,
                              NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 404);
  g_assert_cmpstr (test_error_code (missing), ==, "not_found");
}

static char *
write_secret (const char *dir, const char *name, const char *secret)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);

  g_file_set_contents (path, secret, -1, &error);
  g_assert_no_error (error);
  return path;
}

static void
test_cli (Fixture *f, gconstpointer data)
{
  const char *dir = f->server->dir;
  const char *url = f->server->url;
  g_autofree char *password = write_secret (dir, "password", DEMO_PASSWORD "\n");
  g_autofree char *wrong = write_secret (dir, "wrong", "not-the-password\n");
  g_autofree char *new_password = write_secret (dir, "new", "long-enough-pass\n");
  g_autofree char *token = g_build_filename (dir, "token", NULL);
  g_autofree char *county = test_org_id (f->server, f->admin, "220102");
  g_autofree char *out = NULL, *err = NULL, *id = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  GStatBuf st;

  {
    const char *args[] = { "admin", "--server", url, "--user", "supervisor", "--password-file",
                           wrong, "whoami", NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "wrong"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "admin", "--server", url, "--user", "supervisor", "--password-file",
                           password, "--save-token", token, "login", NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "supervisor"));
    g_assert_cmpint (g_stat (token, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "admin", "--server", url, "--token-file", token, "org", "add",
                           "--parent", county, "--code", "220102004", "--name", "民康街道调解中心",
                           "--level", "township", NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "admin", "--server", url, "--token-file", token, "org", "list", NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "220102004"));
    g_assert_null (strstr (out, "220204"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    g_autofree char *centre = test_org_id (f->server, f->admin, "220102004");
    const char *args[] = { "--json", "admin", "--server", url, "--token-file", token, "account",
                           "add", "--org", centre, "--username", "zhou.min", "--name", "周敏",
                           "--role", "head", "--new-password-file", new_password, NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    json_parser_load_from_data (parser, out, -1, &error);
    g_assert_no_error (error);
    id = g_strdup (json_object_get_string_member (json_node_get_object (
                     json_parser_get_root (parser)), "id"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Outside the jurisdiction: refused, exit status 1, the server's reason on stderr. */
    g_autofree char *other = test_org_id (f->server, f->admin, "220204001");
    const char *args[] = { "admin", "--server", url, "--token-file", token, "account", "add",
                           "--org", other, "--username", "xu.jie", "--name", "徐杰", "--role",
                           "mediator", "--new-password-file", new_password, NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "jurisdiction"));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "admin", "--server", url, "--token-file", token, "account", "list",
                           NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    g_assert_nonnull (strstr (out, "zhou.min"));
    g_assert_null (strstr (out, "admin "));
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "admin", "--server", url, "--token-file", token, "account", "disable",
                           id, NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    const char *args[] = { "admin", "--server", url, "--token-file", token, "logout", NULL };
    const char *again[] = { "admin", "--server", url, "--token-file", token, "whoami", NULL };

    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 0);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
    g_assert_cmpint (test_run_cli (again, &out, &err), ==, 1);
    g_clear_pointer (&out, g_free);
    g_clear_pointer (&err, g_free);
  }
  {
    /* Plain http to another machine is refused before anything is sent. */
    const char *args[] = { "admin", "--server", "http://192.0.2.1:8470", "--token-file", token,
                           "whoami", NULL };
    g_assert_cmpint (test_run_cli (args, &out, &err), ==, 1);
    g_assert_nonnull (strstr (err, "https"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add ("/admin/county-creates-township", Fixture, NULL, fixture_setup,
              test_county_creates_township, fixture_teardown);
  g_test_add ("/admin/accounts-in-subtree", Fixture, NULL, fixture_setup,
              test_accounts_in_subtree, fixture_teardown);
  g_test_add ("/admin/disable", Fixture, NULL, fixture_setup, test_disable, fixture_teardown);
  g_test_add ("/admin/cli", Fixture, NULL, fixture_setup, test_cli, fixture_teardown);
  return g_test_run ();
}
