/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <time.h>

#include "bench-util.h"

double
bench_now_s (void)
{
  struct timespec ts;

  clock_gettime (CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + ts.tv_nsec / 1e9;
}

void
bench_die (const char *what, GError *error)
{
  g_printerr ("%s: %s: %s\n", g_get_prgname (), what, error ? error->message : "failed");
  exit (1);
}

void
bench_exec_sql (sqlite3 *db, const char *sql)
{
  char *message = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &message) != SQLITE_OK)
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), sql, message ? message : "?");
      exit (1);
    }
}

sqlite3_stmt *
bench_prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname (), sql, sqlite3_errmsg (db));
      exit (1);
    }
  return stmt;
}

gint64
bench_sql_int (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = bench_prepare (db, sql);
  gint64 value = -1;

  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return value;
}

int
bench_cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

double
bench_percentile (GArray *sorted, double p)
{
  guint rank;

  if (sorted->len == 0)
    return 0;
  rank = (guint) (p * sorted->len + 0.999999);
  rank = CLAMP (rank, 1, sorted->len);
  return g_array_index (sorted, double, rank - 1);
}

void
bench_print_load (const char *when)
{
  g_autofree char *text = NULL;

  if (g_file_get_contents ("/proc/loadavg", &text, NULL, NULL))
    printf ("load        %s: %s", when, text);
}

char *
bench_read_proc_line (const char *path, const char *key)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;

  if (!g_file_get_contents (path, &text, NULL, NULL))
    return g_strdup ("?");
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (g_str_has_prefix (lines[i], key))
      {
        const char *colon = strchr (lines[i], ':');
        return g_strstrip (g_strdup (colon ? colon + 1 : lines[i]));
      }
  return g_strdup ("?");
}

/* The commit the figures belong to, and whether the build had changes beside it. */
void
bench_print_source (void)
{
  const char *root = g_getenv ("TJ_SOURCE_ROOT");
  const char *head_argv[] = { "git", "-C", root, "log", "-1", "--format=%h %s", NULL };
  const char *dirty_argv[] = { "git", "-C", root, "status", "--short", "--untracked-files=no",
                               "--", "src", NULL };
  g_autofree char *head = NULL, *dirty = NULL;

  if (root == NULL)
    return;
  if (g_spawn_sync (NULL, (char **) head_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &head, NULL, NULL, NULL) &&
      g_spawn_sync (NULL, (char **) dirty_argv, NULL, G_SPAWN_SEARCH_PATH | G_SPAWN_STDERR_TO_DEV_NULL,
                    NULL, NULL, &dirty, NULL, NULL, NULL))
    printf ("source      %s at %s%s\n", root, g_strstrip (head),
            dirty && *dirty ? " + uncommitted changes under src/ (built from the working tree)" : "");
}

static void
die_with_parent (gpointer data)
{
  prctl (PR_SET_PDEATHSIG, SIGTERM);
}

GSubprocess *
bench_server_start (const char *dir, const char * const *extra, int *pid, char **url)
{
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_NONE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autofree char *data = g_build_filename (dir, "server", NULL);
  g_autofree char *out = g_build_filename (dir, "server.out", NULL);
  g_autofree char *err = g_build_filename (dir, "server.log", NULL);
  const char *program = g_getenv ("TJ_SERVER");
  g_autoptr(GError) error = NULL;
  double deadline = bench_now_s () + 60;
  GSubprocess *server;

  if (program == NULL)
    bench_die ("TJ_SERVER is not set (run through meson test --benchmark)", NULL);
  g_mkdir_with_parents (data, 0700);
  g_ptr_array_add (argv, (char *) program);
  g_ptr_array_add (argv, (char *) "--data");
  g_ptr_array_add (argv, data);
  g_ptr_array_add (argv, (char *) "--listen");
  g_ptr_array_add (argv, (char *) "127.0.0.1:0");
  g_ptr_array_add (argv, (char *) "--demo");
  for (guint i = 0; extra != NULL && extra[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) extra[i]);
  g_ptr_array_add (argv, NULL);
  /* The server logs every org and account it creates: to a file, not into the figures. */
  g_subprocess_launcher_set_stdout_file_path (launcher, out);
  g_subprocess_launcher_set_stderr_file_path (launcher, err);
  g_subprocess_launcher_set_child_setup (launcher, die_with_parent, NULL, NULL);
  server = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  if (server == NULL)
    bench_die ("tiaojie-server", error);
  *pid = (int) g_ascii_strtoll (g_subprocess_get_identifier (server), NULL, 10);
  *url = NULL;
  while (*url == NULL)
    {
      g_autofree char *text = NULL;
      const char *at;

      if (g_file_get_contents (out, &text, NULL, NULL) &&
          (at = strstr (text, "listening on ")) != NULL && strchr (at, '\n') != NULL)
        *url = g_strndup (at + strlen ("listening on "),
                          strchr (at, '\n') - at - strlen ("listening on "));
      else if (bench_now_s () > deadline)
        bench_die ("tiaojie-server did not say where it listens", NULL);
      else
        g_usleep (20000);
    }
  printf ("server      %s (pid %d, data %s, log %s)\n", *url, *pid, data, err);
  return server;
}
