/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <stdio.h>

#include "pg-cluster.h"

/* pg-run PROGRAM ARGS…: runs a server test program against PostgreSQL. It starts a
 * throwaway cluster (pg-cluster.h), runs PROGRAM with $TJ_TEST_PG_HOST naming the
 * cluster's socket folder (server-util.c then starts every tiaojie-server with
 * --postgres, one database per data folder), stops the cluster and exits as PROGRAM did.
 * A cluster that cannot start is a failure, with the reason: the tests it would have run
 * must not pass unrun. */

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  TestPgCluster *cluster;
  int status = 1;

  if (argc < 2)
    {
      g_printerr ("usage: %s PROGRAM [ARGS…]\n", argv[0]);
      return 2;
    }
  cluster = test_pg_cluster_start (&error);
  if (cluster == NULL)
    {
      /* TAP: the run fails, and says why. */
      printf ("Bail out! PostgreSQL did not start: %s\n", error->message);
      g_printerr ("PostgreSQL did not start: %s\n", error->message);
      return 1;
    }
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_subprocess_launcher_setenv (launcher, "TJ_TEST_PG_HOST", cluster->dir, TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv + 1, &error);
  if (proc == NULL || !g_subprocess_wait (proc, NULL, &error))
    printf ("Bail out! %s\n", error->message);
  else if (g_subprocess_get_if_exited (proc))
    status = g_subprocess_get_exit_status (proc);
  else
    g_printerr ("%s died of signal %d\n", argv[1], g_subprocess_get_term_sig (proc));
  test_pg_cluster_stop (cluster);
  return status;
}
