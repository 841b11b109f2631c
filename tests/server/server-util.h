/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>

#include "test-tree.h"

G_BEGIN_DECLS

/* A real tiaojie-server ($TJ_SERVER) on 127.0.0.1 port 0 with its own data folder, and the
 * ways the tests talk to it: HTTP through a SoupSession, raw bytes through a socket, and
 * tiaojie-cli ($TJ_CLI). */

#define DEMO_PASSWORD "tiaojie-demo"

typedef struct {
  char        *dir;
  GSubprocess *proc;
  char        *url;
  guint16      port;
  SoupSession *session;
  char        *conninfo;   /* (nullable): its PostgreSQL database */
} TestServer;

/* With $TJ_TEST_PG_HOST (tests/server/pg-run), every server keeps its database in the
 * PostgreSQL cluster whose socket folder that is, one database per data folder; the
 * connection string for a data folder's (NULL on SQLite). */
gboolean    test_server_on_postgres      (void);
char       *test_server_postgres_conninfo (const char *dir);

/* extra: further arguments, NULL-terminated (may be NULL). The server is seeded with --demo. */
TestServer *test_server_start  (const char * const *extra);
TestServer *test_server_start_in (const char        *dir,
                                  const char * const *extra);
/* demo FALSE: without --demo (a data folder made by --init-province). */
TestServer *test_server_start_full (const char        *dir,
                                    gboolean           demo,
                                    const char * const *extra);
/* SIGTERM; asserts a clean exit with status 0, and keeps the data folder. */
void        test_server_stop_keep (TestServer *server);
/* SIGTERM; asserts a clean exit with status 0; removes the data folder. */
void        test_server_stop   (TestServer *server);

/* One request. body may be NULL; protocol FALSE leaves out X-Tiaojie-Protocol. Returns the
 * parsed answer (a null node for an empty one) and the status; the answer must be JSON. */
JsonNode   *test_server_call   (TestServer  *server,
                                const char  *method,
                                const char  *path,
                                const char  *token,
                                const char  *body,
                                gboolean     protocol,
                                guint       *status,
                                char       **retry_after);
/* Log in; asserts success and returns the token. */
char       *test_server_login  (TestServer  *server,
                                const char  *user,
                                const char  *password);
/* Write raw bytes to the server and return what it answers until it closes or a short time
 * passes. shut_write: half-close after writing (a truncated body). */
char       *test_server_raw    (TestServer  *server,
                                const char  *data,
                                gsize        length,
                                gboolean     shut_write);

/* The status and JSON body of a raw HTTP answer (NULL body if it has none). */
JsonNode   *test_parse_raw     (const char  *answer,
                                guint       *status);
/* {"error": CODE} of an answer, or NULL. */
const char *test_error_code    (JsonNode    *answer);
const char *test_member_string (JsonNode    *answer,
                                const char  *member);
/* The id of the organisation with this code in GET /v1/orgs as `token` sees it. */
char       *test_org_id        (TestServer  *server,
                                const char  *token,
                                const char  *code);
/* Run tiaojie-cli ARGS…; returns the exit status. */
int         test_run_cli       (const char * const *args,
                                char       **out,
                                char       **err);

G_END_DECLS
