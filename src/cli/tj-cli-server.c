/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-cli-common.h"
#include "tj-replica-link.h"
#include "tj-protocol.h"
#include "tj-store-private.h"

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

void
tj_cli_server_args_add (GOptionContext *context, TjCliServerArgs *args)
{
  GOptionEntry entries[] = {
    /* The same server options as "sync". */
    { "server", 0, 0, G_OPTION_ARG_STRING, &args->url, N_("The provincial server"), N_("URL") },
    { "ca-file", 0, 0, G_OPTION_ARG_FILENAME, &args->ca_file, N_("Trust the CA certificates in this PEM file"), N_("FILE") },
    { "user", 0, 0, G_OPTION_ARG_STRING, &args->user, N_("Your user name on the server"), N_("NAME") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &args->password_file, N_("A file holding your password"), N_("FILE") },
    { "token-file", 0, 0, G_OPTION_ARG_FILENAME, &args->token_file, N_("A file holding a saved token"), N_("FILE") },
    { "timeout", 0, 0, G_OPTION_ARG_INT, &args->timeout, N_("Seconds a request may go without progress before it is tried again (default 30)"), N_("SECONDS") },
    { NULL }
  };

  args->timeout = TJ_API_CLIENT_DEFAULT_TIMEOUT;
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
}

void
tj_cli_server_args_clear (TjCliServerArgs *args)
{
  g_clear_pointer (&args->url, g_free);
  g_clear_pointer (&args->ca_file, g_free);
  g_clear_pointer (&args->user, g_free);
  g_clear_pointer (&args->password_file, g_free);
  g_clear_pointer (&args->token_file, g_free);
}

gboolean
tj_cli_server_args_given (const TjCliServerArgs *args)
{
  return args->url != NULL || args->user != NULL || args->token_file != NULL;
}

TjApiClient *
tj_cli_server_args_connect (TjCli *cli, TjCliServerArgs *args, GError **error)
{
  g_autofree char *client_id = NULL;
  TjCliServer server = { 0 };

  if (args->timeout < 1 || args->timeout > 3600)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("--timeout: from 1 to 3600 seconds."));
      return NULL;
    }
  tj_api_client_set_default_timeout ((guint) args->timeout);
  if (args->url == NULL && cli->store != NULL)
    args->url = tj_store_get_meta (cli->store, "sync_server");
  if (args->url == NULL)
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Name the server with --server URL."));
      return NULL;
    }
  if (args->token_file == NULL && (args->user == NULL || args->password_file == NULL))
    {
      g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                           _("Log in with --user and --password-file, or pass --token-file."));
      return NULL;
    }
  server.url = args->url;
  server.ca_file = args->ca_file;
  server.user = args->user;
  server.password_file = args->password_file;
  server.token_file = args->token_file;
  if (cli->store != NULL)
    client_id = tj_store_get_meta (cli->store, "client_id");
  return tj_cli_connect (&server, client_id, NULL, error);
}
