/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-cli-common.h"
#include "tj-replica-link.h"
#include "tj-protocol.h"

/* What the commands that talk to a server share: secrets from files, and logging in. */

gboolean
tj_cli_read_secret (const char *path, char **secret, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length;
  char *end;

  if (!tj_cli_read_file (path, &contents, &length, error))
    return FALSE;
  if (memchr (contents, '\0', length) != NULL || !g_utf8_validate (contents, length, NULL))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_INVAL,
                   /* Translators: a file name */
                   _("%s is not a text file."), path);
      return FALSE;
    }
  end = strpbrk (contents, "\r\n");
  if (end != NULL)
    *end = '\0';
  *secret = g_steal_pointer (&contents);
  return TRUE;
}

JsonNode *
tj_cli_login (TjApiClient *api, const char *user, const char *password_file,
              const char *client_id, GError **error)
{
  g_autofree char *password = NULL;
  JsonNode *answer;

  if (!tj_cli_read_secret (password_file, &password, error))
    return NULL;
  answer = tj_replica_login (api, user, password, client_id, error);
  memset (password, 0, strlen (password));
  return answer;
}

TjApiClient *
tj_cli_connect (const TjCliServer *server, const char *client_id, JsonNode **session,
                GError **error)
{
  g_autoptr(TjApiClient) api = NULL;

  if (session != NULL)
    *session = NULL;
  api = tj_api_client_new (server->url, error);
  if (api == NULL ||
      (server->ca_file != NULL && !tj_api_client_set_ca_file (api, server->ca_file, error)))
    return NULL;
  if (server->token_file != NULL)
    {
      g_autofree char *token = NULL;

      if (!tj_cli_read_secret (server->token_file, &token, error))
        return NULL;
      tj_api_client_set_token (api, token);
      memset (token, 0, strlen (token));
      if (session != NULL &&
          (*session = tj_api_client_call (api, "GET", "/v1/session", NULL, NULL, NULL,
                                          error)) == NULL)
        return NULL;
    }
  else
    {
      g_autoptr(JsonNode) answer = tj_cli_login (api, server->user, server->password_file,
                                                 client_id, error);

      if (answer == NULL)
        return NULL;
      if (server->save_token != NULL &&
          !g_file_set_contents_full (server->save_token, tj_api_client_get_token (api), -1,
                                     G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
        return NULL;
      if (session != NULL)
        *session = g_steal_pointer (&answer);
    }
  return g_steal_pointer (&api);
}
