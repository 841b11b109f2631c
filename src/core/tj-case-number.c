/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-number.h"

G_DEFINE_QUARK (tj-case-number-error-quark, tj_case_number_error)

typedef void (*PlaceholderFunc) (GString *out, const char *name, guint width, gpointer data);

/* Walk a pattern, calling func for each placeholder; FALSE with an error naming the
 * position when a placeholder is unknown or unclosed. */
static gboolean
walk (const char *pattern, GString *out, PlaceholderFunc func, gpointer data, GError **error)
{
  gboolean has_seq = FALSE;

  for (const char *p = pattern; *p; p++)
    {
      const char *close;
      g_autofree char *name = NULL;
      guint width = 0;
      char *colon;

      if (*p != '{')
        {
          if (out)
            g_string_append_c (out, *p);
          continue;
        }
      close = strchr (p, '}');
      if (close == NULL)
        {
          g_set_error (error, TJ_CASE_NUMBER_ERROR, TJ_CASE_NUMBER_ERROR_PATTERN,
                       _("Case number pattern: “{” at character %ld is not closed."),
                       g_utf8_pointer_to_offset (pattern, p) + 1);
          return FALSE;
        }
      name = g_strndup (p + 1, close - p - 1);
      colon = strchr (name, ':');
      if (colon != NULL)
        {
          *colon = '\0';
          width = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
        }
      if (strcmp (name, "org") != 0 && strcmp (name, "year") != 0 &&
          strcmp (name, "seq") != 0 && strcmp (name, "desk") != 0 &&
          strcmp (name, "desk-") != 0)
        {
          g_set_error (error, TJ_CASE_NUMBER_ERROR, TJ_CASE_NUMBER_ERROR_PATTERN,
                       _("Case number pattern: unknown placeholder “{%s}”; use {org}, {year}, "
                         "{seq}, {desk} or {desk-}."), name);
          return FALSE;
        }
      has_seq = has_seq || strcmp (name, "seq") == 0;
      if (func)
        func (out, name, MIN (width, 9), data);
      p = close;
    }
  if (!has_seq)
    {
      g_set_error (error, TJ_CASE_NUMBER_ERROR, TJ_CASE_NUMBER_ERROR_PATTERN,
                   _("Case number pattern: it needs the counter {seq}, or numbers would repeat."));
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_case_number_check_pattern (const char *pattern, GError **error)
{
  g_return_val_if_fail (pattern != NULL, FALSE);

  return walk (pattern, NULL, NULL, NULL, error);
}

typedef struct {
  const char *org;
  guint year, desk, seq;
} Values;

static void
substitute (GString *out, const char *name, guint width, gpointer data)
{
  Values *v = data;

  if (strcmp (name, "org") == 0)
    g_string_append (out, v->org);
  else if (strcmp (name, "year") == 0)
    g_string_append_printf (out, "%u", v->year);
  else if (strcmp (name, "seq") == 0)
    g_string_append_printf (out, "%0*u", (int) width, v->seq);
  else if (strcmp (name, "desk") == 0)
    g_string_append_printf (out, "%u", v->desk);
  else if (v->desk > 1)
    g_string_append_printf (out, "%u-", v->desk);
}

char *
tj_case_number_format (const char *pattern, const char *org_short_name, guint year,
                       guint desk, guint seq)
{
  Values v = { org_short_name ? org_short_name : "", year, desk, seq };
  GString *out = g_string_new (NULL);

  if (!walk (pattern, out, substitute, &v, NULL))
    {
      g_string_free (out, TRUE);
      return NULL;
    }
  return g_string_free (out, FALSE);
}

char *
tj_case_number_allocate (TjStore *store, const TjUuid *org_id, const char *pattern,
                         const char *org_short_name, guint year, guint desk, GError **error)
{
  sqlite3_stmt *stmt;
  guint seq;

  if (!tj_case_number_check_pattern (pattern, error))
    return NULL;

  stmt = tj_store_prepare (store,
                           "INSERT INTO case_counter (org_id, year, desk, next) VALUES (?, ?, ?, 2) "
                           "ON CONFLICT (org_id, year, desk) DO UPDATE SET next = next + 1 "
                           "RETURNING next - 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, org_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 2, year);
  sqlite3_bind_int (stmt, 3, desk);
  if (sqlite3_step (stmt) != SQLITE_ROW)
    {
      tj_store_set_error_from_db (store, error);
      sqlite3_reset (stmt);
      return NULL;
    }
  seq = sqlite3_column_int (stmt, 0);
  if (!tj_store_step_done (store, stmt, error))
    return NULL;
  return tj_case_number_format (pattern, org_short_name, year, desk, seq);
}
