/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "server-util.h"

/* The route table and data/openapi/tiaojie-v1.yaml describe the same API: every route the
 * server lists (--list-routes) is in the spec, every operation in the spec is listed, and
 * the running server answers each one (not 404 or 405). */

static const char * const methods[] = { "get", "put", "post", "delete", "patch", "head" };

/* "METHOD /path" for each operation under `paths:`. The file is kept in plain block style:
 * two spaces before a path, four before a method. */
static GPtrArray *
spec_operations (void)
{
  g_autofree char *path = g_build_filename (g_getenv ("TJ_SOURCE_ROOT"), "data", "openapi",
                                            "tiaojie-v1.yaml", NULL);
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) lines = NULL;
  GPtrArray *ops = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *current = NULL;
  gboolean in_paths = FALSE;

  g_file_get_contents (path, &text, NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (text, "openapi: 3.0"));
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      const char *line = lines[i];

      if (line[0] != ' ' && line[0] != '#' && line[0] != '\0')
        in_paths = g_str_has_prefix (line, "paths:");
      if (!in_paths)
        continue;
      if (g_str_has_prefix (line, "  /") && g_str_has_suffix (line, ":"))
        {
          g_free (current);
          current = g_strndup (line + 2, strlen (line) - 3);
          continue;
        }
      for (guint m = 0; m < G_N_ELEMENTS (methods) && current != NULL; m++)
        {
          g_autofree char *key = g_strdup_printf ("    %s:", methods[m]);
          g_autofree char *upper = g_ascii_strup (methods[m], -1);

          if (strcmp (line, key) == 0)
            g_ptr_array_add (ops, g_strdup_printf ("%s %s", upper, current));
        }
    }
  return ops;
}

static GStrv
server_routes (void)
{
  const char *argv[] = { g_getenv ("TJ_SERVER"), "--list-routes", NULL };
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  proc = g_subprocess_newv (argv, G_SUBPROCESS_FLAGS_STDOUT_PIPE, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_subprocess_get_exit_status (proc), ==, 0);
  g_strstrip (out);
  return g_strsplit (out, "\n", -1);
}

static gboolean
contains (GPtrArray *ops, const char *op)
{
  for (guint i = 0; i < ops->len; i++)
    if (g_strcmp0 (g_ptr_array_index (ops, i), op) == 0)
      return TRUE;
  return FALSE;
}

static void
test_spec_matches_table (void)
{
  g_autoptr(GPtrArray) spec = spec_operations ();
  g_auto(GStrv) routes = server_routes ();
  g_autoptr(GPtrArray) table = g_ptr_array_new ();

  g_assert_cmpuint (g_strv_length (routes), >=, 8);
  for (guint i = 0; routes[i] != NULL; i++)
    {
      g_test_message ("route %s", routes[i]);
      g_assert_true (contains (spec, routes[i]));
      g_ptr_array_add (table, routes[i]);
    }
  for (guint i = 0; i < spec->len; i++)
    {
      g_test_message ("spec %s", (char *) g_ptr_array_index (spec, i));
      g_assert_true (contains (table, g_ptr_array_index (spec, i)));
    }
}

/* Each route answers: a protected one with 401 before its token is looked at, a public
 * one with its own answer; never the 404 or 405 of an unknown route. */
static void
test_every_route_served (void)
{
  TestServer *server = test_server_start (NULL);
  g_auto(GStrv) routes = server_routes ();

  for (guint i = 0; routes[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (routes[i], " ", 2);
      g_autoptr(GString) path = g_string_new (parts[1]);
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      g_string_replace (path, "{id}", "01900000-0000-7000-8000-000000000001", 0);
      g_string_replace (path, "{sha256}",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", 0);
      answer = test_server_call (server, parts[0], path->str, NULL,
                                 strcmp (parts[0], "POST") == 0 ? "{}" : NULL, TRUE, &status, NULL);
      g_test_message ("%s %s -> %u", parts[0], path->str, status);
      g_assert_cmpuint (status, !=, 404);
      g_assert_cmpuint (status, !=, 405);
      g_assert_cmpuint (status, <, 500);
    }
  test_server_stop (server);
}

/* Matching a path: a {name} is one non-empty segment, every other segment is compared
 * whole, and the number of segments must agree. Without a token, a path that matches a
 * protected route is answered 401 and one that matches none 404; a known path with
 * another method 405. */
static void
test_match (void)
{
  TestServer *server = test_server_start (NULL);
  const struct {
    const char *method;
    const char *path;
    guint       status;
  } cases[] = {
    { "POST",   "/v1/push",                   401 },
    { "GET",    "/v1/pull",                   401 },
    { "POST",   "/v1/accounts/0190-7/move",   401 },
    { "DELETE", "/v1/accounts/x/sessions",    401 },
    { "HEAD",   "/v1/blobs/abc",              401 },
    { "POST",   "/v1/pus",                    404 },
    { "POST",   "/v1/pushes",                 404 },
    { "POST",   "/v1/push/",                  404 },
    { "POST",   "/v1//push",                  404 },
    { "POST",   "/v1/accounts//move",         404 },
    { "POST",   "/v1/accounts/a/b/move",      404 },
    { "POST",   "/v1/accounts/7/mov",         404 },
    { "POST",   "/v1/accounts/7",             404 },
    { "GET",    "/",                          404 },
    { "PUT",    "/v1/session",                405 },
    { "GET",    "/v1/push",                   405 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(JsonNode) answer = NULL;
      guint status;

      answer = test_server_call (server, cases[i].method, cases[i].path, NULL,
                                 strcmp (cases[i].method, "POST") == 0 ? "{}" : NULL, TRUE,
                                 &status, NULL);
      g_test_message ("%s %s -> %u", cases[i].method, cases[i].path, status);
      g_assert_cmpuint (status, ==, cases[i].status);
    }
  test_server_stop (server);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/routes/spec-matches-table", test_spec_matches_table);
  g_test_add_func ("/routes/every-route-served", test_every_route_served);
  g_test_add_func ("/routes/match", test_match);
  return g_test_run ();
}
