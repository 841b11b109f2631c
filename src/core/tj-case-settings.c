/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-validate.h"

/* What a province sets: imported calendar years and settings (deadline periods, the
 * late-entry interval). */

static gboolean
recompute_provisional (TjCaseStore *self, guint *n_updated, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (self->store,
                                         "SELECT id FROM \"case\" WHERE due_provisional = 1",
                                         error);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);

  if (stmt == NULL)
    return FALSE;
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (ids, tj_uuid_dup_string (sqlite3_column_blob (stmt, 0)));
  sqlite3_reset (stmt);

  /* Derived columns only: the deadline is computed on every replica from the same data,
   * so this is not an edit to sync. */
  for (guint i = 0; i < ids->len; i++)
    {
      g_autoptr(TjCase) c = tj_case_store_get (self, g_ptr_array_index (ids, i), error);
      g_autofree char *old_due = NULL;

      if (c == NULL)
        return FALSE;
      old_due = g_strdup (c->due);
      _tj_case_store_update_due (self, c);
      stmt = tj_store_prepare (self->store, "UPDATE \"case\" SET due = ?, due_clock = ?, "
                                            "due_provisional = ? WHERE cid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, c->due, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, c->due_clock, -1, SQLITE_STATIC);
      sqlite3_bind_int (stmt, 3, c->due_provisional);
      sqlite3_bind_int64 (stmt, 4, c->cid);
      if (!tj_store_step_done (self->store, stmt, error))
        return FALSE;
      if (g_strcmp0 (old_due, c->due) != 0)
        (*n_updated)++;
    }
  return TRUE;
}

gboolean
tj_case_store_import_calendar (TjCaseStore *self, const char *text, gsize length,
                               guint *n_updated, GError **error)
{
  g_autoptr(TjCalendar) parsed = tj_calendar_new ();
  g_autofree guint *years = NULL;
  guint n_years = 0, updated = 0;
  gboolean ok = FALSE;
  TjWriteScope scope;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);

  /* Our own format, or a holiday-cn style JSON year file. */
  if (length > 0 && (text[0] == '{' || text[0] == '['))
    ok = tj_calendar_load_json (parsed, text, length, error);
  else
    ok = tj_calendar_load_data (parsed, text, length, error);
  if (!ok)
    return FALSE;
  years = tj_calendar_list_years (parsed, &n_years);

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  ok = FALSE;
  for (guint i = 0; i < n_years; i++)
    {
      g_autofree char *data = tj_calendar_to_data (parsed, years[i]);
      sqlite3_stmt *stmt = tj_store_prepare (self->store,
        "INSERT INTO calendar_year (year, data, imported_at) VALUES (?, ?, ?) "
        "ON CONFLICT (year) DO UPDATE SET data = excluded.data, imported_at = excluded.imported_at",
        error);

      if (stmt == NULL)
        goto out;
      sqlite3_bind_int (stmt, 1, years[i]);
      sqlite3_bind_text (stmt, 2, data, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 3, tj_journal_now_ms ());
      if (!tj_store_step_done (self->store, stmt, error) ||
          !tj_calendar_load_data (self->calendar, data, -1, error))
        goto out;
    }
  ok = recompute_provisional (self, &updated, error);

out:
  if (!_tj_case_store_write_end (self, &scope, ok, error))
    {
      /* The deadlines were recomputed with the new years in memory; the file kept the old
       * ones, so memory goes back to what the file says. */
      g_clear_pointer (&self->calendar, tj_calendar_unref);
      self->calendar = tj_calendar_new_builtin ();
      _tj_case_store_reload (self, NULL);
      return FALSE;
    }
  if (n_updated)
    *n_updated = updated;
  return TRUE;
}

gboolean
tj_case_store_set_setting (TjCaseStore *self, const char *assignment, GError **error)
{
  g_auto(GStrv) kv = g_strsplit (assignment, "=", 2);
  TjDeadlineSettings copy = self->settings;
  g_autofree char *key = NULL;
  sqlite3_stmt *stmt;

  if (g_strv_length (kv) != 2)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Setting: write KEY=VALUE, for example deadline.mediation=15 or "
                     "late_entry_hours=24."));
      return FALSE;
    }
  g_strstrip (kv[0]);
  g_strstrip (kv[1]);
  if (g_str_has_prefix (kv[0], "deadline."))
    {
      g_autofree char *a = g_strdup_printf ("%s=%s", kv[0] + 9, kv[1]);
      if (!tj_deadline_settings_parse (&copy, a, error))
        return FALSE;
    }
  else if (strcmp (kv[0], "late_entry_hours") == 0)
    {
      gint64 hours;
      if (!_tj_case_store_parse_int (_("Late entry after (hours)"), kv[1], 1, 24 * 365, &hours, error))
        return FALSE;
    }
  else
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Setting “%s”: unknown; use deadline.CLOCK or late_entry_hours."), kv[0]);
      return FALSE;
    }
  key = g_strdup (kv[0]);
  stmt = tj_store_prepare (self->store, "INSERT INTO setting (key, value) VALUES (?, ?) "
                                        "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, kv[1], -1, SQLITE_STATIC);
  if (!tj_store_step_done (self->store, stmt, error))
    return FALSE;
  return _tj_case_store_reload (self, error);
}
