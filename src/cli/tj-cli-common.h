/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-api-client.h"
#include "tj-case-store.h"

G_BEGIN_DECLS

/* What every command gets: the replica (opened on demand) and the output mode. */
typedef struct {
  char        *db_path;
  gboolean     json;
  gboolean     may_create;      /* only "init" makes a new replica file */
  TjStore     *store;
  TjCaseStore *cases;
} TjCli;

/* Exit codes: 0 success, 1 refused or failed (the message says why), 2 usage. */
#define TJ_CLI_OK      0
#define TJ_CLI_FAILED  1
#define TJ_CLI_USAGE   2

typedef int (*TjCliCommand) (TjCli *cli, int argc, char **argv);

gboolean  tj_cli_open        (TjCli        *cli,
                              gboolean      must_be_initialised,
                              GError      **error);
int       tj_cli_fail        (GError       *error);
int       tj_cli_usage       (GOptionContext *context,
                              const char   *message);
/* Parse options of a subcommand; on error prints usage and returns FALSE. */
gboolean  tj_cli_parse       (GOptionContext *context,
                              int          *argc,
                              char       ***argv,
                              int          *exit_code);
void      tj_cli_print_json  (JsonNode     *node);
/* "2026-03-05T10:00", "2026-03-05 10:00" or "2026-03-05" in Beijing time, or with an
 * explicit offset; to Unix milliseconds. */
gboolean  tj_cli_parse_time  (const char   *field,
                              const char   *text,
                              gint64       *ms,
                              GError      **error);
gboolean  tj_cli_read_file   (const char   *path,
                              char        **contents,
                              gsize        *length,
                              GError      **error);

/* A server to talk to, as the options gave it: log in with a user and a password file,
 * or use a saved token. */
typedef struct {
  const char *url;
  const char *ca_file;          /* (nullable) */
  const char *user;
  const char *password_file;
  const char *token_file;       /* (nullable) instead of user and password */
  const char *save_token;       /* (nullable) keep the new token here, mode 0600 */
} TjCliServer;

gboolean     tj_cli_read_secret (const char   *path,
                                 char        **secret,
                                 GError      **error);
/* POST /v1/session; the client gets the token. Returns the server's answer. */
JsonNode    *tj_cli_login       (TjApiClient  *api,
                                 const char   *user,
                                 const char   *password_file,
                                 const char   *client_id,
                                 GError      **error);
/* A logged-in client; *session (when asked) is the account and organisation. */
TjApiClient *tj_cli_connect     (const TjCliServer *server,
                                 const char   *client_id,
                                 JsonNode    **session,
                                 GError      **error);
/* The server options of the commands that talk to it outside "sync" (attachments fetch,
 * doc verify and fetch): the URL defaults to the replica's sync server. */
typedef struct {
  char *url;
  char *ca_file;
  char *user;
  char *password_file;
  char *token_file;
  int   timeout;
} TjCliServerArgs;

void         tj_cli_server_args_add   (GOptionContext  *context,
                                       TjCliServerArgs *args);
void         tj_cli_server_args_clear (TjCliServerArgs *args);
/* Were any of them given? */
gboolean     tj_cli_server_args_given (const TjCliServerArgs *args);
/* A logged-in client; a G_OPTION_ERROR when the options do not say how (a usage error).
 * Uses the replica (cli->cases, nullable) for the default URL and the client id. */
TjApiClient *tj_cli_server_args_connect (TjCli          *cli,
                                         TjCliServerArgs *args,
                                         GError        **error);
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TjCliServerArgs, tj_cli_server_args_clear)
int          tj_cli_init_from_server (TjCli *cli,
                                      const TjCliServer *server,
                                      int           desk);

int       tj_cli_case        (TjCli *cli, int argc, char **argv);
int       tj_cli_case_party  (TjCli *cli, int argc, char **argv);
int       tj_cli_case_claim  (TjCli *cli, int argc, char **argv);
int       tj_cli_init        (TjCli *cli, int argc, char **argv);
int       tj_cli_demo        (TjCli *cli, int argc, char **argv);
int       tj_cli_deadlines   (TjCli *cli, int argc, char **argv);
int       tj_cli_roster      (TjCli *cli, int argc, char **argv);
int       tj_cli_calendar    (TjCli *cli, int argc, char **argv);
int       tj_cli_setting     (TjCli *cli, int argc, char **argv);
int       tj_cli_status      (TjCli *cli, int argc, char **argv);
int       tj_cli_admin       (TjCli *cli, int argc, char **argv);
int       tj_cli_sync        (TjCli *cli, int argc, char **argv);
int       tj_cli_conflicts   (TjCli *cli, int argc, char **argv);
int       tj_cli_doc         (TjCli *cli, int argc, char **argv);
int       tj_cli_stats       (TjCli *cli, int argc, char **argv);
int       tj_cli_attachments (TjCli *cli, int argc, char **argv);

G_END_DECLS
