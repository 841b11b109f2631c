/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-private.h"
#include "tj-server-auth.h"
#include "tj-server-desks.h"
#include "tj-server-sync.h"
#include "tj-uuid.h"

/* /v1/version and /v1/session: discovery, logging in and out. */

void
tj_server_handle_version (TjServer *server, TjRequest *req)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "protocol");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "min");
  json_builder_add_int_value (b, TJ_PROTOCOL_VERSION_MIN);
  json_builder_set_member_name (b, "max");
  json_builder_add_int_value (b, TJ_PROTOCOL_VERSION_MAX);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "schema");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "min");
  json_builder_add_int_value (b, tj_protocol_schema_min ());
  json_builder_set_member_name (b, "max");
  json_builder_add_int_value (b, tj_protocol_schema_max ());
  json_builder_end_object (b);
  json_builder_set_member_name (b, "server_epoch");
  json_builder_add_string_value (b, tj_server_store_get_epoch (_tj_server_get_store (server)));
  json_builder_set_member_name (b, "app");
  json_builder_add_string_value (b, PACKAGE_VERSION);
  json_builder_end_object (b);
  tj_request_reply (req, SOUP_STATUS_OK, b);
}

static void
reply_session (TjRequest *req, const TjServerAccount *account, const TjServerOrg *org,
               const char *token, gint64 expires_at, gint64 desk)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  if (token != NULL)
    {
      json_builder_set_member_name (b, "token");
      json_builder_add_string_value (b, token);
      json_builder_set_member_name (b, "expires_at");
      json_builder_add_int_value (b, expires_at);
    }
  json_builder_set_member_name (b, "account");
  tj_server_account_to_json (b, account);
  json_builder_set_member_name (b, "org");
  tj_server_org_to_json (b, org);
  if (desk > 0)
    {
      json_builder_set_member_name (b, "desk");
      json_builder_add_int_value (b, desk);
    }
  json_builder_end_object (b);
  tj_request_reply (req, SOUP_STATUS_OK, b);
}

/* A login in flight: the password check runs in a worker thread while the message waits. */
typedef struct {
  SoupServerMessage *msg;          /* (owned) */
  TjServerAccount   *account;      /* (owned) (nullable): NULL for an unknown user */
  char              *user;
  char              *password;     /* wiped when freed */
  char              *client_id;    /* (nullable) */
} Login;

static void
login_free (Login *login)
{
  g_clear_object (&login->msg);
  g_clear_pointer (&login->account, tj_server_account_free);
  g_free (login->user);
  if (login->password != NULL)
    memset (login->password, 0, strlen (login->password));
  g_free (login->password);
  g_free (login->client_id);
  g_free (login);
}

static void
verify_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Login *login = data;
  const char *hash = login->account ? login->account->password_hash : NULL;

  g_task_return_boolean (task, tj_server_auth_verify_password (hash, login->password));
}

static void
fail_credentials (TjRequest *req)
{
  /* The same answer for an unknown user, a wrong password and a disabled account, so the
   * answer does not tell which user names exist. */
  tj_request_fail (req, TJ_PROTOCOL_ERROR_INVALID_CREDENTIALS, NULL,
                   _("The user name or the password is wrong."));
}

static void
finish_login (TjServer *server, TjRequest *req, Login *login, gboolean verified)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerOrg) org = NULL;
  g_autofree char *token = NULL;
  gint64 expires_at;

  if (!verified || !login->account->active)
    {
      if (!tj_server_auth_record_failure (store, login->user, tj_request_get_address (req),
                                          &error))
        tj_request_fail_error (req, error, NULL);
      else
        fail_credentials (req);
      return;
    }
  org = tj_directory_get_org (store, &login->account->org_id, &error);
  if (org == NULL ||
      !tj_server_auth_clear_failures (store, login->user, &error) ||
      !tj_server_auth_start_session (store, login->account, login->client_id,
                                     tj_request_get_address (req),
                                     _tj_server_get_token_lifetime (server),
                                     &token, &expires_at, &error))
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  g_message ("login: %s from %s", login->user, tj_request_get_address (req));
  reply_session (req, login->account, org, token, expires_at, 0);
  memset (token, 0, strlen (token));
}

static void
on_verified_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  TjServer *server = TJ_SERVER (source);
  Login *login = g_task_get_task_data (G_TASK (result));
  TjRequest *req = g_object_get_data (G_OBJECT (login->msg), "tj-request");
  gboolean verified = g_task_propagate_boolean (G_TASK (result), NULL);

  _tj_server_give_hash_slot (server);
  /* A client that went away gets no answer, but its failure still counts. */
  if (req->aborted)
    {
      if (!verified)
        tj_server_auth_record_failure (_tj_server_get_store (server), login->user,
                                       tj_request_get_address (req), NULL);
      return;
    }
  finish_login (server, req, login, verified);
  soup_server_message_unpause (login->msg);
}

static void
fail_rate_limited (TjRequest *req, gint64 seconds)
{
  char text[32];

  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, seconds);
  soup_message_headers_replace (soup_server_message_get_response_headers (req->msg),
                                "Retry-After", text);
  tj_request_fail (req, TJ_PROTOCOL_ERROR_RATE_LIMITED, NULL,
                   _("Too many failed logins; wait before trying again."));
}

void
tj_server_handle_login (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  const char *user, *password, *client_id;
  Login *login;
  TjUuid client;
  gint64 wait;

  if (!tj_request_get_string (req, "user", TRUE, 64, &user) ||
      !tj_request_get_string (req, "password", TRUE, 1024, &password) ||
      !tj_request_get_string (req, "client_id", FALSE, 64, &client_id))
    return;
  if (client_id != NULL && !tj_uuid_parse (client_id, &client))
    {
      tj_request_fail (req, TJ_PROTOCOL_ERROR_INVALID_FIELD, "client_id",
                       _("“client_id” must be an id (a UUID)."));
      return;
    }

  wait = tj_server_auth_retry_after (store, user, tj_request_get_address (req), &error);
  if (wait < 0)
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  if (wait > 0)
    {
      fail_rate_limited (req, wait);
      return;
    }
  if (!_tj_server_take_hash_slot (server))
    {
      fail_rate_limited (req, 1);
      return;
    }

  login = g_new0 (Login, 1);
  login->msg = g_object_ref (req->msg);
  login->account = tj_directory_find_login (store, user, &error);
  login->user = g_strdup (user);
  login->password = g_strdup (password);
  login->client_id = g_strdup (client_id);
  if (error != NULL)
    {
      _tj_server_give_hash_slot (server);
      login_free (login);
      tj_request_fail_error (req, error, NULL);
      return;
    }
  soup_server_message_pause (req->msg);
  task = g_task_new (server, NULL, on_verified_cb, NULL);
  g_task_set_source_tag (task, tj_server_handle_login);
  g_task_set_task_data (task, login, (GDestroyNotify) login_free);
  g_task_run_in_thread (task, verify_in_thread);
}

/* GET /v1/session[?client_id=ID&desk=N]: who the token is, and with a client id, that
 * replica's desk in the account's organisation (tj-server-desks.h). */
void
tj_server_handle_whoami (TjServer *server, TjRequest *req)
{
  const char *client_text = req->query ? g_hash_table_lookup (req->query, "client_id") : NULL;
  g_autoptr(GError) error = NULL;
  gint64 wish = 0, desk = 0;
  TjUuid client;

  if (client_text != NULL)
    {
      if (!tj_uuid_parse (client_text, &client))
        {
          tj_request_fail (req, TJ_PROTOCOL_ERROR_BAD_REQUEST, "client_id",
                           _("“client_id” must be an id (a UUID)."));
          return;
        }
      if (!_tj_server_query_int (req->query, "desk", 0, 9999, 0, &wish, &error) ||
          !tj_server_desk_assign (_tj_server_get_store (server), &req->org->id, &client, wish,
                                  &desk, &error))
        {
          tj_request_fail_error (req, error, "desk");
          return;
        }
    }
  reply_session (req, req->account, req->org, NULL, 0, desk);
}

void
tj_server_handle_logout (TjServer *server, TjRequest *req)
{
  g_autoptr(GError) error = NULL;

  if (!tj_server_auth_end_session (_tj_server_get_store (server), req->token, &error))
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  tj_request_reply_empty (req);
}
