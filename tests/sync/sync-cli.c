/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <gio/gio.h>

#include "sync-cli.h"
#include "../server/server-util.h"

int
sync_cli_argv (const char *dir, const char *db, char **out, char **err, GPtrArray *args)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_autofree char *db_path = db ? g_build_filename (dir, db, NULL) : NULL;

  g_ptr_array_add (argv, (char *) g_getenv ("TJ_CLI"));
  if (db_path != NULL)
    {
      g_ptr_array_add (argv, (char *) "--db");
      g_ptr_array_add (argv, db_path);
    }
  if (out != NULL)
    g_ptr_array_add (argv, (char *) "--json");
  for (guint i = 0; i < args->len; i++)
    g_ptr_array_add (argv, args->pdata[i]);
  g_ptr_array_add (argv, NULL);

  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_text, &stderr_text,
                                                &error));
  g_assert_no_error (error);
  g_test_message ("%s %s: %s", db ? db : "", (char *) args->pdata[0], stderr_text);
  if (out != NULL)
    *out = g_steal_pointer (&stdout_text);
  if (err != NULL)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (proc);
}

static GPtrArray *
collect (const char *first, va_list ap)
{
  GPtrArray *args = g_ptr_array_new ();

  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  return args;
}

int
sync_cli (const char *dir, const char *db, char **out, char **err, const char *first, ...)
{
  g_autoptr(GPtrArray) args = NULL;
  va_list ap;

  va_start (ap, first);
  args = collect (first, ap);
  va_end (ap);
  return sync_cli_argv (dir, db, out, err, args);
}

JsonNode *
sync_cli_json (const char *dir, const char *db, const char *first, ...)
{
  g_autoptr(GPtrArray) args = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GError) error = NULL;
  JsonNode *node;
  va_list ap;

  va_start (ap, first);
  args = collect (first, ap);
  va_end (ap);
  g_assert_cmpint (sync_cli_argv (dir, db, &out, NULL, args), ==, 0);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  return node;
}

char *
sync_cli_scratch (const char *template, char **password_file)
{
  g_autoptr(GError) error = NULL;
  char *dir = g_dir_make_tmp (template, &error);

  g_assert_no_error (error);
  *password_file = g_build_filename (dir, "password", NULL);
  g_assert_true (g_file_set_contents (*password_file, DEMO_PASSWORD "\n", -1, &error));
  g_assert_no_error (error);
  return dir;
}
