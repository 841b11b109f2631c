/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-conflict-dialog.h"
#include "tj-conflicts.h"
#include "tj-form-row.h"
#include "tj-uuid.h"

struct _TjConflictDialog
{
  TjFormDialog    parent_instance;

  TjConflict     *conflict;

  /* Template widgets */
  GtkWidget      *mine_row;
  GtkWidget      *theirs_row;
  GtkWidget      *value_row;
  GtkCheckButton *keep_mine;
  GtkCheckButton *keep_theirs;
  GtkCheckButton *keep_value;
  GtkEntry       *new_value;
};

G_DEFINE_FINAL_TYPE (TjConflictDialog, tj_conflict_dialog, TJ_TYPE_FORM_DIALOG)

/* A side of the conflict: its value as the title, who wrote it and when below. */
static void
show_side (GtkWidget *row, const char *json, const char *user, gint64 ms, gboolean kept)
{
  g_autofree char *value = tj_conflict_value_text (json);
  g_autofree char *when = ms > 0 ? tj_app_format_time (ms) : NULL;
  const char *who = user != NULL && *user != '\0' ? user : _("Unknown user");
  g_autofree char *by = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 *value != '\0' ? value : _("(empty)"));
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 3);
  /* Translators: who wrote a value of a conflict, and when */
  by = when != NULL ? g_strdup_printf (_("%s · %s"), who, when) : g_strdup (who);
  if (kept)
    {
      /* Translators: who wrote a value and when, then that the server kept this one */
      g_autofree char *with = g_strdup_printf (_("%s · the server kept this one"), by);
      g_free (by);
      by = g_steal_pointer (&with);
    }
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), by);
}

static void
on_value_changed_cb (TjConflictDialog *self)
{
  TjCaseStore *store = tj_form_dialog_get_store (TJ_FORM_DIALOG (self));
  g_autofree char *value = tj_form_entry_dup_text (self->new_value);
  g_autoptr(GError) error = NULL;

  /* Typing a value chooses it. */
  if (value != NULL)
    gtk_check_button_set_active (self->keep_value, TRUE);
  if (value != NULL && store != NULL &&
      !tj_conflict_check_value (store, self->conflict, value, &error))
    tj_form_row_set_error (self->value_row, error->message);
  else
    tj_form_row_set_error (self->value_row, NULL);
}

static gboolean
tj_conflict_dialog_apply (TjFormDialog *dialog, GError **error)
{
  TjConflictDialog *self = TJ_CONFLICT_DIALOG (dialog);
  TjCaseStore *store = tj_form_dialog_get_store (dialog);
  g_autofree char *id = tj_uuid_dup_string (&self->conflict->id);
  g_autofree char *value = NULL;
  TjConflictKeep keep = TJ_CONFLICT_KEEP_THEIRS;

  if (gtk_check_button_get_active (self->keep_mine))
    keep = TJ_CONFLICT_KEEP_MINE;
  else if (gtk_check_button_get_active (self->keep_value))
    {
      keep = TJ_CONFLICT_KEEP_VALUE;
      value = tj_form_entry_dup_text (self->new_value);
      if (value == NULL)
        {
          g_set_error_literal (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                               _("Write the new value, or keep one of the two."));
          return FALSE;
        }
    }
  return tj_conflict_resolve (store, id, keep, value, error);
}

static void
tj_conflict_dialog_finalize (GObject *object)
{
  g_clear_pointer (&TJ_CONFLICT_DIALOG (object)->conflict, tj_conflict_free);
  G_OBJECT_CLASS (tj_conflict_dialog_parent_class)->finalize (object);
}

static void
tj_conflict_dialog_class_init (TjConflictDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tj_conflict_dialog_finalize;
  TJ_FORM_DIALOG_CLASS (klass)->apply = tj_conflict_dialog_apply;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-conflict-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, mine_row);
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, theirs_row);
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, value_row);
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, keep_mine);
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, keep_theirs);
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, keep_value);
  gtk_widget_class_bind_template_child (widget_class, TjConflictDialog, new_value);
  gtk_widget_class_bind_template_callback (widget_class, on_value_changed_cb);
}

static void
tj_conflict_dialog_init (TjConflictDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TjConflictDialog *
tj_conflict_dialog_new (TjCaseStore *store, const char *conflict_id, GError **error)
{
  TjConflictDialog *self;
  g_autoptr(TjConflict) conflict = NULL;
  g_autoptr(TjCase) c = NULL;
  char record[TJ_UUID_STRING_LEN + 1];
  TjStore *db;
  gboolean kept_is_mine;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (conflict_id != NULL, NULL);

  db = tj_case_store_get_store (store);
  conflict = tj_conflict_get (db, conflict_id, error);
  if (conflict == NULL)
    return NULL;
  if (conflict->resolved)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Conflict %s is resolved already."), conflict_id);
      return NULL;
    }

  self = g_object_new (TJ_TYPE_CONFLICT_DIALOG, NULL);
  tj_form_dialog_set_store (TJ_FORM_DIALOG (self), store);
  tj_uuid_to_string (&conflict->record, record);
  if (g_strcmp0 (conflict->record_type, "case") == 0 &&
      (c = tj_case_store_get (store, record, NULL)) != NULL)
    tj_form_dialog_set_case (TJ_FORM_DIALOG (self), c);
  adw_preferences_group_set_description (tj_form_dialog_get_group (TJ_FORM_DIALOG (self)),
                                         tj_case_field_label (conflict->field));

  kept_is_mine = tj_conflict_kept_is_mine (db, conflict);
  show_side (self->mine_row, kept_is_mine ? conflict->kept_value : conflict->lost_value,
             kept_is_mine ? conflict->kept_user : conflict->lost_user,
             kept_is_mine ? conflict->kept_ms : conflict->lost_ms, kept_is_mine);
  show_side (self->theirs_row, kept_is_mine ? conflict->lost_value : conflict->kept_value,
             kept_is_mine ? conflict->lost_user : conflict->kept_user,
             kept_is_mine ? conflict->lost_ms : conflict->kept_ms, !kept_is_mine);
  self->conflict = g_steal_pointer (&conflict);
  return self;
}

void
tj_conflict_dialog_present (TjCaseStore *store, const char *conflict_id, GtkWidget *over,
                            GCallback done, gpointer data)
{
  g_autoptr(GError) error = NULL;
  TjConflictDialog *dialog;

  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_return_if_fail (GTK_IS_WIDGET (over));

  dialog = tj_conflict_dialog_new (store, conflict_id, &error);
  if (dialog == NULL)
    {
      gtk_widget_activate_action (over, "win.toast", "s", error->message);
      return;
    }
  g_signal_connect_object (dialog, "done", done, data, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (over)));
  gtk_window_present (GTK_WINDOW (dialog));
}
