/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <stdio.h>

#include "tj-cli-common.h"

gboolean
tj_cli_open (TjCli *cli, gboolean must_be_initialised, GError **error)
{
  if (cli->cases != NULL)
    return TRUE;

  if (cli->db_path == NULL)
    {
      g_autofree char *dir = g_build_filename (g_get_user_data_dir (), "tiaojie", NULL);

      g_mkdir_with_parents (dir, 0700);
      cli->db_path = g_build_filename (dir, "replica.sqlite", NULL);
    }
  /* A mistyped --db must not leave an empty replica behind. */
  if (!cli->may_create && !g_file_test (cli->db_path, G_FILE_TEST_EXISTS))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_NOENT,
                   _("There is no replica at %s; set one up with “tiaojie-cli --db %s init "
                     "--org-code CODE --org-name NAME”."), cli->db_path, cli->db_path);
      return FALSE;
    }
  cli->store = tj_store_open (cli->db_path, error);
  if (cli->store == NULL)
    return FALSE;
  cli->cases = tj_case_store_new (cli->store, error);
  if (cli->cases == NULL)
    return FALSE;
  if (must_be_initialised && !tj_case_store_is_initialised (cli->cases))
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_INITIALISED,
                   _("Replica %s has no organisation yet; set it up first with "
                     "“tiaojie-cli --db %s init --org-code CODE --org-name NAME”."),
                   cli->db_path, cli->db_path);
      return FALSE;
    }
  return TRUE;
}

int
tj_cli_fail (GError *error)
{
  /* Translators: the prefix of every error message of the command-line tool */
  g_printerr (_("tiaojie-cli: %s\n"), error->message);
  g_error_free (error);
  return TJ_CLI_FAILED;
}

int
tj_cli_usage (GOptionContext *context, const char *message)
{
  g_autofree char *help = context ? g_option_context_get_help (context, TRUE, NULL) : NULL;

  if (message)
    g_printerr (_("tiaojie-cli: %s\n"), message);
  if (help)
    g_printerr ("%s", help);
  return TJ_CLI_USAGE;
}

gboolean
tj_cli_parse (GOptionContext *context, int *argc, char ***argv, int *exit_code)
{
  g_autoptr(GError) error = NULL;

  if (!g_option_context_parse (context, argc, argv, &error))
    {
      *exit_code = tj_cli_usage (context, error->message);
      return FALSE;
    }
  return TRUE;
}

void
tj_cli_print_json (JsonNode *node)
{
  g_autofree char *text = json_to_string (node, TRUE);

  g_print ("%s\n", text);
}

gboolean
tj_cli_parse_time (const char *field, const char *text, gint64 *ms, GError **error)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *normal = g_strstrip (g_strdup (text));

  if (strlen (normal) == 10)
    {
      char *with_time = g_strconcat (normal, "T00:00:00", NULL);
      g_free (normal);
      normal = with_time;
    }
  else if (strlen (normal) == 16)
    {
      char *with_seconds = g_strconcat (normal, ":00", NULL);
      g_free (normal);
      normal = with_seconds;
    }
  if (strlen (normal) > 10 && normal[10] == ' ')
    normal[10] = 'T';
  dt = g_date_time_new_from_iso8601 (normal, beijing);
  if (dt == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: a field name, what was typed */
                   _("%s: “%s” is not a date and time; write 2026-03-05T10:00 (Beijing time) "
                     "or 2026-03-05."), field, text);
      return FALSE;
    }
  *ms = g_date_time_to_unix (dt) * 1000;
  return TRUE;
}

gboolean
tj_cli_read_file (const char *path, char **contents, gsize *length, GError **error)
{
  if (g_strcmp0 (path, "-") == 0)
    {
      GString *s = g_string_new (NULL);
      char buf[8192];
      size_t n;

      while ((n = fread (buf, 1, sizeof buf, stdin)) > 0)
        g_string_append_len (s, buf, n);
      *length = s->len;
      *contents = g_string_free (s, FALSE);
      return TRUE;
    }
  return g_file_get_contents (path, contents, length, error);
}
