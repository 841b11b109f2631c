/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <glib-unix.h>
#include <signal.h>
#include <stdio.h>

#include "pg-cluster.h"

/* pg-run PROGRAM ARGS…: runs a test program against PostgreSQL. It starts a throwaway
 * cluster (pg-cluster.h), runs PROGRAM with $TJ_TEST_PG_HOST naming the cluster's socket
 * folder (server-util.c then starts every tiaojie-server with --postgres, one database
 * per data folder), stops the cluster and exits as PROGRAM did. The cluster is stopped
 * also when PROGRAM crashes or pg-run is told to stop (meson's timeout), so no server is
 * left behind. A cluster that cannot start is a failure, with the reason: the tests it
 * would have run must not pass unrun. */

typedef struct {
  GMainLoop   *loop;
  GSubprocess *proc;
} Run;

static void
on_exited_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Run *run = data;

  g_subprocess_wait_finish (G_SUBPROCESS (source), result, NULL);
  g_main_loop_quit (run->loop);
}

/* Passed on to the program; the cluster is stopped once it has gone. */
static gboolean
on_signal_cb (gpointer data)
{
  Run *run = data;

  g_subprocess_send_signal (run->proc, SIGTERM);
  return G_SOURCE_CONTINUE;
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  TestPgCluster *cluster;
  Run run;
  int status = 1;
  guint term_id, int_id;

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
  if (proc == NULL)
    {
      printf ("Bail out! %s\n", error->message);
      test_pg_cluster_stop (cluster);
      return 1;
    }
  loop = g_main_loop_new (NULL, FALSE);
  run.loop = loop;
  run.proc = proc;
  term_id = g_unix_signal_add (SIGTERM, on_signal_cb, &run);
  int_id = g_unix_signal_add (SIGINT, on_signal_cb, &run);
  g_subprocess_wait_async (proc, NULL, on_exited_cb, &run);
  g_main_loop_run (loop);
  g_source_remove (term_id);
  g_source_remove (int_id);
  if (g_subprocess_get_if_exited (proc))
    status = g_subprocess_get_exit_status (proc);
  else
    g_printerr ("%s died of signal %d\n", argv[1], g_subprocess_get_term_sig (proc));
  test_pg_cluster_stop (cluster);
  return status;
}
