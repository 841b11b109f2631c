/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-api-client-private.h"
#include "tj-case-store.h"
#include "tj-workflow.h"
#include "tj-server-store.h"
#include "tj-server.h"

G_BEGIN_DECLS

/* The deterministic sync simulation of sync.md ("How it is tested", 1 and 2): one process,
 * the real server handlers on a loopback port in a thread of their own, the real client
 * sync engine over a network whose faults a seeded PRNG decides, and the oracles checked
 * at every quiet point. One seed is one world: the same seed gives the same schedule. */

#define SIM_CLIENTS 6

typedef struct _SimServer SimServer;

/* The server: a data folder and a thread running the SoupServer on its own main context. */
/* restored: as tiaojie-server --restored (a new epoch). */
SimServer  *sim_server_start      (const char  *dir,
                                   gboolean     restored);
void        sim_server_stop       (SimServer   *server);
const char *sim_server_url        (SimServer   *server);
/* A read-only connection to the server's file, for the oracles (WAL: reads see the last
 * commit while the server is idle between requests). */
sqlite3    *sim_server_db         (SimServer   *server);
void        sim_server_backup     (SimServer   *server,
                                   const char  *path);

typedef struct {
  const char *user;
  const char *org_code;
  const char *role;
  gboolean    creates;          /* registers cases (a centre's people) */
} SimPerson;

extern const SimPerson sim_people[SIM_CLIENTS];

/* What is made once per run and copied into every seed: a seeded server folder with the
 * sim's accounts logged in (argon2id is slow on purpose), and one replica file per client
 * set up from the server. */
typedef struct {
  char   *dir;
  char   *tokens[SIM_CLIENTS];
  TjUuid  org_ids[SIM_CLIENTS];
  char   *org_paths[SIM_CLIENTS];  /* the server's "/id/…/" path of each client's org */
} SimTemplate;

SimTemplate *sim_template_new     (void);
void         sim_template_free    (SimTemplate *t);

typedef struct _SimWorld SimWorld;

/* What the seeds did, summed: faults by TjApiFault, operations by kind. */
typedef struct {
  guint64 faults[6];
  guint64 ops[11];
  guint64 quiet_points;
  guint64 edits_checked;
} SimTotals;

typedef struct {
  SimTotals *totals;
  guint steps;                  /* operations in the world */
  guint quiet_every;            /* a quiet point after every N operations (and at the end) */
  gboolean verbose;
  gboolean restores;            /* back the server up and restore it (not in CI yet) */
} SimOptions;

/* Runs one seed; FALSE with a message naming the seed, the step and the violated oracle. */
gboolean     sim_run_seed         (SimTemplate      *t,
                                   guint64           seed,
                                   const SimOptions *options,
                                   char            **failure);

/* The organisation an account has on the server now (users move), its id and path. */
gboolean sim_account_org (sqlite3       *server_db,
                          const char    *username,
                          TjUuid        *org_id,
                          char         **path);

/* Oracles (sim-oracle.c), at a quiet point: every outbox has drained. */
typedef struct {
  int     client;
  TjUuid  record;               /* the case */
  char   *value;                /* the value written to its facts, unique in the run */
  gboolean superseded;          /* the writer saw it before writing over it */
} SimEdit;

typedef struct {
  int          index;
  TjStore     *store;           /* NULL while "killed" */
  TjCaseStore *cases;
  char        *path;
  char        *client_id;       /* (nullable) until the first push */
  gint64       skew_ms;
  char        *epoch;           /* the last cursor seen, which must never go back */
  gint64       next;
  TjUuid       bucket;          /* of that cursor: a user moved starts another bucket */
} SimClient;

gboolean sim_check_quiet (sqlite3       *server_db,
                          SimTemplate   *t,
                          SimClient     *clients,
                          GPtrArray     *edits,
                          GString       *failure);

G_END_DECLS
