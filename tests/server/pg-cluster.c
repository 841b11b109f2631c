/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <gio/gio.h>
#include <glib/gstdio.h>
#include <grp.h>
#include <libpq-fe.h>
#include <pwd.h>
#include <stdarg.h>
#include <string.h>
#include <unistd.h>

#include "pg-cluster.h"
#include "test-tree.h"

#define SUPERUSER "tiaojie"

/* In the child, before exec: become the cluster's user. */
static void
become_user (gpointer data)
{
  TestPgCluster *cluster = data;

  if (getuid () == cluster->uid)
    return;
  if (setgroups (0, NULL) != 0 || setgid (cluster->gid) != 0 || setuid (cluster->uid) != 0)
    _exit (126);
}

/* Runs BINDIR/program ARGS… as the cluster's user; its output goes to `log`. */
static gboolean
run (TestPgCluster *cluster, const char *log, GError **error, const char *program, ...)
{
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  const char *arg;
  va_list args;

  g_ptr_array_add (argv, g_build_filename (cluster->bindir, program, NULL));
  va_start (args, program);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, g_strdup (arg));
  va_end (args);
  g_ptr_array_add (argv, NULL);

  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDERR_MERGE);
  g_subprocess_launcher_set_stdout_file_path (launcher, log);
  g_subprocess_launcher_set_child_setup (launcher, become_user, cluster, NULL);
  /* The server must not inherit our locale or a PGDATA of the machine. */
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C", TRUE);
  g_subprocess_launcher_unsetenv (launcher, "PGDATA");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, error);
  if (proc == NULL || !g_subprocess_wait_check (proc, NULL, error))
    {
      g_autofree char *text = NULL;

      g_file_get_contents (log, &text, NULL, NULL);
      g_prefix_error (error, "%s: ", program);
      if (text != NULL && error != NULL && *error != NULL)
        {
          char *message = g_strdup_printf ("%s\n--- %s ---\n%s", (*error)->message, log, text);

          g_free ((*error)->message);
          (*error)->message = message;
        }
      return FALSE;
    }
  return TRUE;
}

static char *
find_bindir (void)
{
  const char *env = g_getenv ("TJ_PG_BINDIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_strdup ("/usr/lib/postgresql/15/bin");
}

TestPgCluster *
test_pg_cluster_start (GError **error)
{
  TestPgCluster *cluster = g_new0 (TestPgCluster, 1);
  g_autofree char *data = NULL, *initdb_log = NULL, *server_log = NULL, *options = NULL;
  g_autofree char *pg_ctl_log = NULL;

  cluster->bindir = find_bindir ();
  cluster->uid = getuid ();
  cluster->gid = getgid ();
  /* In /tmp, not $TMPDIR: the postgres user must reach the folder (root's $TMPDIR may be
   * closed to it), and a socket's path must stay under 108 bytes. */
  cluster->dir = g_strdup ("/tmp/tj-pg-XXXXXX");
  if (g_mkdtemp (cluster->dir) == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved), "mkdtemp %s: %s",
                   cluster->dir, g_strerror (saved));
      g_clear_pointer (&cluster->dir, g_free);
      goto fail;
    }
  if (geteuid () == 0)
    {
      struct passwd *pw = getpwnam ("postgres");

      if (pw == NULL)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND,
                       "running as root, and there is no `postgres` user to run PostgreSQL "
                       "as (install the postgresql package)");
          goto fail;
        }
      cluster->uid = pw->pw_uid;
      cluster->gid = pw->pw_gid;
      if (chown (cluster->dir, cluster->uid, cluster->gid) != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "chown %s: %s", cluster->dir,
                       g_strerror (errno));
          goto fail;
        }
    }
  data = g_build_filename (cluster->dir, "data", NULL);
  initdb_log = g_build_filename (cluster->dir, "initdb.log", NULL);
  server_log = g_build_filename (cluster->dir, "server.log", NULL);
  pg_ctl_log = g_build_filename (cluster->dir, "pg_ctl.log", NULL);
  if (!run (cluster, initdb_log, error, "initdb", "-D", data, "-U", SUPERUSER, "--auth=trust",
            "-E", "UTF8", "--locale=C", "-N", NULL))
    goto fail;
  /* Only the socket in our folder; no fsync: the cluster dies with the test. */
  options = g_strdup_printf ("-c listen_addresses='' -c unix_socket_directories='%s' "
                             "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                             cluster->dir);
  if (!run (cluster, pg_ctl_log, error, "pg_ctl", "-D", data, "-l", server_log, "-w", "-t", "60",
            "-o", options, "start", NULL))
    {
      g_autofree char *text = NULL;

      if (g_file_get_contents (server_log, &text, NULL, NULL) && error && *error)
        {
          char *message = g_strdup_printf ("%s\n--- %s ---\n%s", (*error)->message,
                                           server_log, text);

          g_free ((*error)->message);
          (*error)->message = message;
        }
      goto fail;
    }
  cluster->started = TRUE;
  return cluster;

fail:
  test_pg_cluster_stop (cluster);
  return NULL;
}

void
test_pg_cluster_stop (TestPgCluster *cluster)
{
  if (cluster == NULL)
    return;
  if (cluster->started)
    {
      g_autofree char *data = g_build_filename (cluster->dir, "data", NULL);
      g_autofree char *log = g_build_filename (cluster->dir, "pg_ctl-stop.log", NULL);
      g_autoptr(GError) error = NULL;

      if (!run (cluster, log, &error, "pg_ctl", "-D", data, "-m", "immediate", "-w", "stop",
                NULL))
        g_printerr ("# could not stop the PostgreSQL cluster: %s\n", error->message);
    }
  if (cluster->dir != NULL && g_getenv ("TJ_PG_KEEP") == NULL)
    test_remove_tree (cluster->dir);
  g_free (cluster->dir);
  g_free (cluster->bindir);
  g_free (cluster);
}

char *
test_pg_conninfo (const char *host, const char *dbname)
{
  /* Quoted values: the folder is a path, the name a test's. */
  return g_strdup_printf ("host='%s' user=" SUPERUSER " dbname='%s'", host, dbname);
}

gboolean
test_pg_create_database (const char *host, const char *name, GError **error)
{
  g_autofree char *conninfo = test_pg_conninfo (host, "postgres");
  PGconn *conn = PQconnectdb (conninfo);
  PGresult *res;
  const char *values[1] = { name };
  gboolean ok = FALSE;

  if (PQstatus (conn) != CONNECTION_OK)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "connecting to %s: %s", host,
                   PQerrorMessage (conn));
      PQfinish (conn);
      return FALSE;
    }
  res = PQexecParams (conn, "SELECT 1 FROM pg_database WHERE datname = $1", 1, NULL, values,
                      NULL, NULL, 0);
  ok = PQresultStatus (res) == PGRES_TUPLES_OK;
  if (ok && PQntuples (res) == 0)
    {
      char *ident = PQescapeIdentifier (conn, name, strlen (name));
      g_autofree char *sql = g_strdup_printf ("CREATE DATABASE %s", ident);

      PQfreemem (ident);
      PQclear (res);
      res = PQexec (conn, sql);
      ok = PQresultStatus (res) == PGRES_COMMAND_OK;
    }
  if (!ok)
    g_set_error (error, G_IO_ERROR, G_IO_ERROR_FAILED, "creating database %s: %s", name,
                 PQresultErrorMessage (res));
  PQclear (res);
  PQfinish (conn);
  return ok;
}

char *
test_pg_cluster_database (TestPgCluster *cluster, const char *name, GError **error)
{
  if (!test_pg_create_database (cluster->dir, name, error))
    return NULL;
  return test_pg_conninfo (cluster->dir, name);
}
