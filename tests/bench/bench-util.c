/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
