/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <sodium.h>
#include <string.h>

#include "tj-server-auth.h"
#include "tj-protocol.h"

#define TOKEN_BYTES 32
#define PASSWORD_MIN 10
#define PASSWORD_MAX 256

/* Made once at start-up, so verifying against it costs what a real check costs. */
static char dummy_hash[crypto_pwhash_STRBYTES];

static gint64
now_ms (void)
{
  return g_get_real_time () / 1000;
}

gboolean
tj_server_auth_init (GError **error)
{
  guint8 noise[16];
  char password[33];

  if (sodium_init () < 0)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INTERNAL,
                   _("The cryptography library libsodium could not start."));
      return FALSE;
    }
  randombytes_buf (noise, sizeof noise);
  sodium_bin2hex (password, sizeof password, noise, sizeof noise);
  if (crypto_pwhash_str (dummy_hash, password, strlen (password),
                         crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INTERNAL,
                   _("Not enough memory to hash passwords."));
      return FALSE;
    }
  sodium_memzero (password, sizeof password);
  return TRUE;
}

char *
tj_server_auth_hash_password (const char *password, GError **error)
{
  char hash[crypto_pwhash_STRBYTES];
  gsize length = password ? strlen (password) : 0;

  if (length < PASSWORD_MIN || length > PASSWORD_MAX)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   /* Translators: the shortest and the longest length */
                   _("Password: from %d to %d characters are needed."),
                   PASSWORD_MIN, PASSWORD_MAX);
      return NULL;
    }
  if (crypto_pwhash_str (hash, password, length, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                         crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INTERNAL,
                   _("Not enough memory to hash passwords."));
      return NULL;
    }
  return g_strdup (hash);
}

gboolean
tj_server_auth_verify_password (const char *hash, const char *password)
{
  gboolean known = hash != NULL;

  if (password == NULL)
    password = "";
  if (!known)
    hash = dummy_hash;
  return crypto_pwhash_str_verify (hash, password, strlen (password)) == 0 && known;
}

static void
token_hash (const char *token, guint8 out[TJ_SERVER_AUTH_TOKEN_HASH_LEN])
{
  crypto_generichash (out, TJ_SERVER_AUTH_TOKEN_HASH_LEN, (const guint8 *) token,
                      strlen (token), NULL, 0);
}

static gint64
count_failures (TjServerStore *store, const char *subject, gint64 since, gint64 *oldest,
                GError **error)
{
  TjServerStmt *stmt;
  gint64 count = -1;

  stmt = tj_server_store_prepare (store, "SELECT count(*), min (at) FROM login_failure "
                                         "WHERE subject = ? AND at > ?", error);
  if (stmt == NULL)
    return -1;
  tj_server_stmt_bind_text (stmt, 1, subject);
  tj_server_stmt_bind_int64 (stmt, 2, since);
  /* An aggregate without GROUP BY always gives one row. */
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    {
      count = tj_server_stmt_column_int64 (stmt, 0);
      *oldest = tj_server_stmt_column_int64 (stmt, 1);
    }
  tj_server_stmt_reset (stmt);
  return count;
}

gint64
tj_server_auth_retry_after (TjServerStore *store, const char *user, const char *address,
                            GError **error)
{
  gint64 now = now_ms ();
  gint64 since = now - TJ_SERVER_AUTH_WINDOW_SECONDS * 1000;
  g_autofree char *user_key = g_strconcat ("user:", user, NULL);
  g_autofree char *address_key = g_strconcat ("addr:", address, NULL);
  gint64 oldest = 0, n, wait = 0;

  n = count_failures (store, user_key, since, &oldest, error);
  if (n < 0)
    return -1;
  if (n >= TJ_SERVER_AUTH_MAX_USER_FAILURES)
    wait = oldest + TJ_SERVER_AUTH_WINDOW_SECONDS * 1000 - now;
  n = count_failures (store, address_key, since, &oldest, error);
  if (n < 0)
    return -1;
  if (n >= TJ_SERVER_AUTH_MAX_ADDRESS_FAILURES)
    wait = MAX (wait, oldest + TJ_SERVER_AUTH_WINDOW_SECONDS * 1000 - now);
  return wait > 0 ? (wait + 999) / 1000 : 0;
}

gboolean
tj_server_auth_record_failure (TjServerStore *store, const char *user, const char *address,
                               GError **error)
{
  const char *subjects[2];
  g_autofree char *user_key = g_strconcat ("user:", user, NULL);
  g_autofree char *address_key = g_strconcat ("addr:", address, NULL);
  gint64 now = now_ms ();
  TjServerStmt *stmt;

  subjects[0] = user_key;
  subjects[1] = address_key;
  if (!tj_server_store_begin (store, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (subjects); i++)
    {
      stmt = tj_server_store_prepare (store, "INSERT INTO login_failure (subject, at) "
                                             "VALUES (?, ?)", error);
      if (stmt == NULL)
        goto fail;
      tj_server_stmt_bind_text (stmt, 1, subjects[i]);
      tj_server_stmt_bind_int64 (stmt, 2, now);
      if (!tj_server_store_step_done (store, stmt, error))
        goto fail;
    }
  /* Forget what is past every window, so the table stays small. */
  stmt = tj_server_store_prepare (store, "DELETE FROM login_failure WHERE at <= ?", error);
  if (stmt == NULL)
    goto fail;
  tj_server_stmt_bind_int64 (stmt, 1, now - TJ_SERVER_AUTH_WINDOW_SECONDS * 1000);
  if (!tj_server_store_step_done (store, stmt, error))
    goto fail;
  return tj_server_store_commit (store, error);

fail:
  tj_server_store_rollback (store);
  return FALSE;
}

gboolean
tj_server_auth_clear_failures (TjServerStore *store, const char *user, GError **error)
{
  g_autofree char *user_key = g_strconcat ("user:", user, NULL);
  TjServerStmt *stmt;

  stmt = tj_server_store_prepare (store, "DELETE FROM login_failure WHERE subject = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, user_key);
  return tj_server_store_step_done (store, stmt, error);
}

gboolean
tj_server_auth_start_session (TjServerStore         *store,
                              const TjServerAccount *account,
                              const char            *client_id,
                              const char            *address,
                              gint64                 lifetime_seconds,
                              char                 **token,
                              gint64                *expires_at_ms,
                              GError               **error)
{
  guint8 secret[TOKEN_BYTES];
  guint8 hash[TJ_SERVER_AUTH_TOKEN_HASH_LEN];
  char text[sodium_base64_ENCODED_LEN (TOKEN_BYTES, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  gint64 now = now_ms ();
  TjServerStmt *stmt;

  randombytes_buf (secret, sizeof secret);
  sodium_bin2base64 (text, sizeof text, secret, sizeof secret,
                     sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  sodium_memzero (secret, sizeof secret);
  token_hash (text, hash);

  stmt = tj_server_store_prepare (store, "INSERT INTO session (token_hash, account_id, "
                                         "client_id, address, created_at, expires_at) "
                                         "VALUES (?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  tj_server_stmt_bind_blob (stmt, 2, account->id.bytes, sizeof account->id.bytes);
  if (client_id != NULL)
    tj_server_stmt_bind_text (stmt, 3, client_id);
  tj_server_stmt_bind_text (stmt, 4, address);
  tj_server_stmt_bind_int64 (stmt, 5, now);
  tj_server_stmt_bind_int64 (stmt, 6, now + lifetime_seconds * 1000);
  if (!tj_server_store_step_done (store, stmt, error))
    {
      sodium_memzero (text, sizeof text);
      return FALSE;
    }
  *token = g_strdup (text);
  *expires_at_ms = now + lifetime_seconds * 1000;
  sodium_memzero (text, sizeof text);
  return TRUE;
}

TjServerAccount *
tj_server_auth_check_token (TjServerStore *store, const char *token, GError **error)
{
  guint8 hash[TJ_SERVER_AUTH_TOKEN_HASH_LEN];
  g_autoptr(TjServerAccount) account = NULL;
  TjServerStmt *stmt;
  gboolean found = FALSE, revoked = FALSE;
  TjServerStep step;
  gint64 expires = 0;
  TjUuid account_id;

  if (token == NULL || *token == '\0')
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_UNAUTHORIZED,
                   _("Log in first: this request needs a bearer token."));
      return NULL;
    }
  token_hash (token, hash);
  stmt = tj_server_store_prepare (store, "SELECT account_id, expires_at, revoked_at "
                                         "FROM session WHERE token_hash = ?", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    {
      gsize length;
      const guint8 *id = tj_server_stmt_column_blob (stmt, 0, &length);

      found = length == sizeof account_id.bytes;
      if (found)
        memcpy (account_id.bytes, id, sizeof account_id.bytes);
      expires = tj_server_stmt_column_int64 (stmt, 1);
      revoked = !tj_server_stmt_column_is_null (stmt, 2);
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return NULL;

  if (!found || revoked)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_UNAUTHORIZED,
                   _("The token is not valid (unknown, or the session was ended); log in "
                     "again."));
      return NULL;
    }
  if (expires <= now_ms ())
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_TOKEN_EXPIRED,
                   _("The session has expired; log in again."));
      return NULL;
    }
  account = tj_directory_get_account (store, &account_id, NULL);
  if (account == NULL || !account->active)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_UNAUTHORIZED,
                   _("The account of this token is disabled."));
      return NULL;
    }
  return g_steal_pointer (&account);
}

char *
tj_server_auth_session_client (TjServerStore *store, const char *token, GError **error)
{
  guint8 hash[TJ_SERVER_AUTH_TOKEN_HASH_LEN];
  TjServerStmt *stmt;
  char *client = NULL;

  if (token == NULL)
    return NULL;
  token_hash (token, hash);
  stmt = tj_server_store_prepare (store, "SELECT client_id FROM session WHERE token_hash = ?",
                                  error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, hash, sizeof hash);
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    client = g_strdup (tj_server_stmt_column_text (stmt, 0));
  tj_server_stmt_reset (stmt);
  return client;
}

gboolean
tj_server_auth_end_session (TjServerStore *store, const char *token, GError **error)
{
  guint8 hash[TJ_SERVER_AUTH_TOKEN_HASH_LEN];
  TjServerStmt *stmt;

  token_hash (token, hash);
  stmt = tj_server_store_prepare (store, "UPDATE session SET revoked_at = ? "
                                         "WHERE token_hash = ? AND revoked_at IS NULL", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_int64 (stmt, 1, now_ms ());
  tj_server_stmt_bind_blob (stmt, 2, hash, sizeof hash);
  return tj_server_store_step_done (store, stmt, error);
}
