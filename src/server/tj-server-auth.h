/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-directory.h"
#include "tj-server-store.h"

G_BEGIN_DECLS

/* Passwords, bearer tokens and the login rate limit (sync.md, "Authentication").
 *
 * Passwords are argon2id hashes (libsodium's crypto_pwhash_str, interactive limits).
 * A token is 32 random bytes in unpadded base64url; the store keeps only its BLAKE2b hash,
 * so a copy of the database opens no session. Failed logins are counted per user name and
 * per client address over a sliding window. Nothing here logs a password or a token.
 * Errors: TJ_PROTOCOL_ERROR (INVALID_FIELD for a password that breaks the rule,
 * UNAUTHORIZED, TOKEN_EXPIRED) or TJ_SERVER_STORE_ERROR. */

#define TJ_SERVER_AUTH_TOKEN_HASH_LEN   32
#define TJ_SERVER_AUTH_WINDOW_SECONDS   (15 * 60)
#define TJ_SERVER_AUTH_MAX_USER_FAILURES    5
/* Higher than per user: a whole centre may sit behind one address. */
#define TJ_SERVER_AUTH_MAX_ADDRESS_FAILURES 20
#define TJ_SERVER_AUTH_DEFAULT_LIFETIME (12 * 3600)

gboolean  tj_server_auth_init            (GError        **error);
/* Hashing takes about a tenth of a second and much memory: callers keep it off the
 * thread that serves requests where they can. */
char     *tj_server_auth_hash_password   (const char     *password,
                                          GError        **error);
/* Thread-safe. hash NULL: spend the same time and answer FALSE, so an unknown user
 * looks like a wrong password. */
gboolean  tj_server_auth_verify_password (const char     *hash,
                                          const char     *password);

/* Seconds until `user` or `address` may try again; 0 when not limited. */
gint64    tj_server_auth_retry_after     (TjServerStore  *store,
                                          const char     *user,
                                          const char     *address,
                                          GError        **error);
gboolean  tj_server_auth_record_failure  (TjServerStore  *store,
                                          const char     *user,
                                          const char     *address,
                                          GError        **error);
gboolean  tj_server_auth_clear_failures  (TjServerStore  *store,
                                          const char     *user,
                                          GError        **error);

/* A new session; *token (owned) is shown to the client once. */
gboolean  tj_server_auth_start_session   (TjServerStore  *store,
                                          const TjServerAccount *account,
                                          const char     *client_id,
                                          const char     *address,
                                          gint64          lifetime_seconds,
                                          char          **token,
                                          gint64         *expires_at_ms,
                                          GError        **error);
/* The live, active account a token belongs to. */
TjServerAccount *tj_server_auth_check_token (TjServerStore *store,
                                             const char    *token,
                                             GError       **error);
/* The client id the token's session was started with (NULL when it named none). */
char     *tj_server_auth_session_client  (TjServerStore  *store,
                                          const char     *token,
                                          GError        **error);
gboolean  tj_server_auth_end_session     (TjServerStore  *store,
                                          const char     *token,
                                          GError        **error);

G_END_DECLS
