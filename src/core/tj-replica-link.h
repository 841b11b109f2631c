/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-api-client.h"
#include "tj-case-store.h"

G_BEGIN_DECLS

/* Linking a replica to a provincial server: the login, and the setup of an empty replica
 * from the session the server answers (its organisation and account). Shared by
 * `tiaojie-cli init --server` and the application's welcome page. */

/* POST /v1/session. On success the client holds the token; returns the session. */
JsonNode *tj_replica_login              (TjApiClient  *api,
                                         const char   *user,
                                         const char   *password,
                                         const char   *client_id,
                                         GError      **error);
/* Whether a session names an account and its organisation, before any file is made. */
gboolean  tj_replica_session_check      (JsonNode     *session,
                                         GError      **error);
/* Set the empty replica up as the session's organisation and account, linked to
 * `server_url` (no records are pulled here: the first sync does that). */
gboolean  tj_replica_setup_from_session (TjCaseStore  *cases,
                                         JsonNode     *session,
                                         const char   *server_url,
                                         int           desk,
                                         char        **org_name,
                                         GError      **error);

/* Where the session token of a linked replica is kept: beside its file, as FILE.token
 * (mode 0600); the application writes it there after a login. */
char     *tj_replica_token_path         (TjCaseStore  *cases);
/* The server a linked replica syncs with and its token, each NULL when not known. */
void      tj_replica_link_read          (TjCaseStore  *cases,
                                         char        **server_url,
                                         char        **token);

G_END_DECLS
