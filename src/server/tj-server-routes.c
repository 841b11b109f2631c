/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-server-private.h"
#include "tj-server-documents.h"
#include "tj-server-sync.h"

/* Every route the server answers, in one table: method, path pattern, handler, what the
 * pipeline checks before the handler runs. data/openapi/tiaojie-v1.yaml describes each
 * one, and tests/server checks the two agree. */
static const TjRoute routes[] = {
  { "GET",    "/v1/version",                 tj_server_handle_version,
    TJ_ROUTE_PUBLIC | TJ_ROUTE_ANY_VERSION, 0 },
  { "POST",   "/v1/session",                 tj_server_handle_login,
    TJ_ROUTE_PUBLIC | TJ_ROUTE_JSON_BODY, 0 },
  { "GET",    "/v1/session",                 tj_server_handle_whoami, 0, 0 },
  { "DELETE", "/v1/session",                 tj_server_handle_logout, 0, 0 },
  { "GET",    "/v1/orgs",                    tj_server_handle_org_list, 0, 0 },
  { "POST",   "/v1/orgs",                    tj_server_handle_org_create, TJ_ROUTE_JSON_BODY, 0 },
  { "GET",    "/v1/accounts",                tj_server_handle_account_list, 0, 0 },
  { "POST",   "/v1/accounts",                tj_server_handle_account_create,
    TJ_ROUTE_JSON_BODY, 0 },
  { "POST",   "/v1/accounts/{id}/disable",   tj_server_handle_account_disable, 0, 0 },
  { "POST",   "/v1/accounts/{id}/move",      tj_server_handle_account_move,
    TJ_ROUTE_JSON_BODY, 0 },
  { "DELETE", "/v1/accounts/{id}/sessions",  tj_server_handle_account_revoke, 0, 0 },
  /* A push body may come gzip'd; the limit holds for it inflated too (tj-server.c). */
  { "POST",   "/v1/push",                    tj_server_handle_push,
    TJ_ROUTE_JSON_BODY, TJ_SYNC_MAX_PUSH_BYTES },
  { "GET",    "/v1/pull",                    tj_server_handle_pull, 0, 0 },
  /* A checksum mismatch's repair (tj-server-digest.c). */
  { "GET",    "/v1/pull/digest",             tj_server_handle_pull_digest, 0, 0 },
  { "GET",    "/v1/pull/range",              tj_server_handle_pull_range, 0, 0 },
  /* Attachment bytes by SHA-256; a PUT's limit is the server's --max-blob-size. */
  { "HEAD",   "/v1/blobs/{sha256}",          tj_server_handle_blob_head, 0, 0 },
  { "GET",    "/v1/blobs/{sha256}",          tj_server_handle_blob_get, 0, 0 },
  { "PUT",    "/v1/blobs/{sha256}",          tj_server_handle_blob_put, TJ_ROUTE_RAW_BODY, 0 },
  /* The body is the PDF itself, within the ordinary body limit. */
  { "POST",   "/v1/documents/verify",        tj_server_handle_document_verify, 0, 0 },
};

static const char *
segment_end (const char *segment)
{
  const char *slash = strchr (segment, '/');

  return slash != NULL ? slash : segment + strlen (segment);
}

/* Does `path` fit `pattern`? Fills params (when given) with the {name} segments. Every
 * request is tried against the table, so the segments are compared in place rather than
 * split into new strings for each route. */
static gboolean
path_matches (const char *pattern, const char *path, GHashTable *params)
{
  const char *want = pattern, *have = path;

  /* An empty path has no segments at all, not one empty segment. */
  if (*path == '\0')
    return FALSE;
  for (;;)
    {
      const char *want_end = segment_end (want), *have_end = segment_end (have);
      gsize n = (gsize) (want_end - want), m = (gsize) (have_end - have);

      if (n > 2 && want[0] == '{' && want[n - 1] == '}')
        {
          if (m == 0)
            return FALSE;
          if (params != NULL)
            g_hash_table_insert (params, g_strndup (want + 1, n - 2), g_strndup (have, m));
        }
      else if (n != m || memcmp (want, have, n) != 0)
        return FALSE;
      if (*want_end == '\0' || *have_end == '\0')
        return *want_end == *have_end;
      want = want_end + 1;
      have = have_end + 1;
    }
}

/* The route for METHOD PATH, or NULL. When the path is known but not the method,
 * `allowed` gets the methods it has ("GET, POST"), for a 405's Allow header. */
const TjRoute *
tj_server_route_match (const char *method, const char *path, GHashTable **params,
                       GString *allowed)
{
  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      if (!path_matches (routes[i].pattern, path, NULL))
        continue;
      if (strcmp (routes[i].method, method) == 0)
        {
          *params = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
          path_matches (routes[i].pattern, path, *params);
          return &routes[i];
        }
      if (allowed != NULL)
        g_string_append_printf (allowed, "%s%s", allowed->len ? ", " : "", routes[i].method);
    }
  return NULL;
}

GStrv
tj_server_list_routes (void)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (guint i = 0; i < G_N_ELEMENTS (routes); i++)
    {
      g_autofree char *line = g_strdup_printf ("%s %s", routes[i].method, routes[i].pattern);

      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}
