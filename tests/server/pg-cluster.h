/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A throwaway PostgreSQL cluster for tests: initdb'd into a temporary folder and started
 * listening only on a Unix socket in that folder (no TCP port), with trust
 * authentication for the superuser "tiaojie". PostgreSQL refuses to run as root, so
 * when the tests run as root the cluster runs as the `postgres` system user (made by the
 * Debian package), which then owns the folder. The programs are found in $TJ_PG_BINDIR
 * (set by meson from pg_config), else /usr/lib/postgresql/15/bin. */

typedef struct {
  char *dir;        /* the folder: data/, the log and the socket */
  char *bindir;
  uid_t uid;        /* who runs it (postgres when we are root) */
  gid_t gid;
  gboolean started;
} TestPgCluster;

/* NULL with an error that says why (the log's end included) when it cannot start. */
TestPgCluster *test_pg_cluster_start        (GError        **error);
void           test_pg_cluster_stop         (TestPgCluster  *cluster);
/* The connection string of database `name` in the cluster, creating the database if it
 * does not exist yet. */
char          *test_pg_cluster_database     (TestPgCluster  *cluster,
                                             const char     *name,
                                             GError        **error);
/* The connection string for a database when the cluster is the one whose socket folder
 * is `host` (what pg-run passes in $TJ_TEST_PG_HOST). */
char          *test_pg_conninfo             (const char     *host,
                                             const char     *dbname);
gboolean       test_pg_create_database      (const char     *host,
                                             const char     *name,
                                             GError        **error);

G_END_DECLS
