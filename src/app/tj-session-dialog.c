/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-app-util.h"
#include "tj-form-row.h"
#include "tj-session-dialog.h"

static const char * const modes[] = { "in_person", "phone", "video" };

struct _TjSessionDialog
{
  TjFormDialog  parent_instance;

  /* Template widgets */
  GtkWidget    *started_row;
  GtkEntry     *started;
  GtkWidget    *ended_row;
  GtkEntry     *ended;
  GtkEntry     *place;
  GtkWidget    *mode_row;
  GtkEntry     *mediators;
  GtkEntry     *recorder;
  GtkEntry     *attendees;
  GtkTextView  *transcript;
  GtkEntry     *result;
};

G_DEFINE_FINAL_TYPE (TjSessionDialog, tj_session_dialog, TJ_TYPE_FORM_DIALOG)

/* "2026-06-30 09:30" in Beijing time → Unix ms; FALSE with a message naming the field. */
static gboolean
parse_time (const char *field, const char *text, gint64 *ms, GError **error)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *normal = g_strstrip (g_strdup (text));

  if (strlen (normal) == 16 && normal[10] == ' ')
    normal[10] = 'T';
  if (strlen (normal) == 16)
    {
      char *with = g_strconcat (normal, ":00", NULL);
      g_free (normal);
      normal = with;
    }
  dt = g_date_time_new_from_iso8601 (normal, beijing);
  if (dt == NULL)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: a field name, what was typed */
                   _("%s: “%s” is not a date and time; write 2026-03-05 10:00."), field, text);
      return FALSE;
    }
  *ms = g_date_time_to_unix (dt) * 1000;
  return TRUE;
}

static void
on_time_changed_cb (TjSessionDialog *self)
{
  g_autofree char *started = tj_form_entry_dup_text (self->started);
  g_autofree char *ended = tj_form_entry_dup_text (self->ended);
  g_autoptr(GError) error = NULL;
  gint64 ms;

  if (started != NULL && !parse_time (_("Started"), started, &ms, &error))
    tj_form_row_set_error (self->started_row, error->message);
  else
    tj_form_row_set_error (self->started_row, NULL);
  g_clear_error (&error);
  if (ended != NULL && !parse_time (_("Ended"), ended, &ms, &error))
    tj_form_row_set_error (self->ended_row, error->message);
  else
    tj_form_row_set_error (self->ended_row, NULL);
}

static gboolean
tj_session_dialog_apply (TjFormDialog *dialog, GError **error)
{
  TjSessionDialog *self = TJ_SESSION_DIALOG (dialog);
  g_autofree char *started = tj_form_entry_dup_text (self->started);
  g_autofree char *ended = tj_form_entry_dup_text (self->ended);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->transcript);
  guint mode = adw_combo_row_get_selected (ADW_COMBO_ROW (self->mode_row));
  GtkTextIter start, end;
  TjSession s = { 0 };
  gboolean ok;

  if (!parse_time (_("Started"), started ? started : "", &s.started, error) ||
      (ended != NULL && !parse_time (_("Ended"), ended, &s.ended, error)))
    return FALSE;
  s.place = tj_form_entry_dup_text (self->place);
  s.mode = g_strdup (modes[MIN (mode, G_N_ELEMENTS (modes) - 1)]);
  s.mediators = tj_form_entry_dup_text (self->mediators);
  s.recorder = tj_form_entry_dup_text (self->recorder);
  s.attendees = tj_form_entry_dup_text (self->attendees);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  s.transcript = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  s.result = tj_form_entry_dup_text (self->result);
  ok = tj_case_store_add_session (tj_form_dialog_get_store (dialog),
                                  tj_form_dialog_get_case_id (dialog), &s, NULL, error);
  tj_session_clear (&s);
  return ok;
}

static void
tj_session_dialog_class_init (TjSessionDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  TJ_FORM_DIALOG_CLASS (klass)->apply = tj_session_dialog_apply;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-session-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, started_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, started);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, ended_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, ended);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, place);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, mode_row);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, mediators);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, recorder);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, attendees);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, transcript);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, result);
  gtk_widget_class_bind_template_callback (widget_class, on_time_changed_cb);
}

static void
tj_session_dialog_init (TjSessionDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TjSessionDialog *
tj_session_dialog_new (TjCaseStore *store, const TjCase *c)
{
  TjSessionDialog *self;
  g_autofree char *now = NULL;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (TJ_TYPE_SESSION_DIALOG, NULL);
  tj_form_dialog_set_store (TJ_FORM_DIALOG (self), store);
  tj_form_dialog_set_case (TJ_FORM_DIALOG (self), c);
  now = tj_app_format_time (tj_journal_clock (tj_case_store_get_journal (store)));
  gtk_editable_set_text (GTK_EDITABLE (self->started), now);
  if (c->mediator_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->mediators), c->mediator_name);
  return self;
}
