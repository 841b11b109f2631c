/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-app-util.h"
#include "tj-form-row.h"
#include "tj-session-dialog.h"
#include "tj-uuid.h"

static const char * const modes[] = { "in_person", "phone", "video" };

struct _TjSessionDialog
{
  AdwWindow     parent_instance;

  TjCaseStore  *store;
  char         *case_id;

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

  /* Template widgets */
  GtkWidget    *apply_button;
  GtkLabel     *explain_label;
  AdwPreferencesGroup *group;
  GtkLabel     *error_label;
};

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjSessionDialog, tj_session_dialog, ADW_TYPE_WINDOW)

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

static GtkWidget *
add_entry (TjSessionDialog *self, const char *title, const char *placeholder, GtkEntry **entry,
           const char *name)
{
  GtkWidget *row = tj_form_entry_row_new (title, placeholder, entry);

  gtk_widget_set_name (GTK_WIDGET (*entry), name);
  adw_preferences_group_add (self->group, row);
  return row;
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

static void
apply_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjSessionDialog *self = TJ_SESSION_DIALOG (widget);
  g_autoptr(GError) error = NULL;
  g_autofree char *started = tj_form_entry_dup_text (self->started);
  g_autofree char *ended = tj_form_entry_dup_text (self->ended);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->transcript);
  guint mode = adw_combo_row_get_selected (ADW_COMBO_ROW (self->mode_row));
  GtkTextIter start, end;
  TjSession s = { 0 };

  if (!parse_time (_("Started"), started ? started : "", &s.started, &error) ||
      (ended != NULL && !parse_time (_("Ended"), ended, &s.ended, &error)))
    {
      tj_app_label_set_text (self->error_label, error->message);
      return;
    }
  s.place = tj_form_entry_dup_text (self->place);
  s.mode = g_strdup (modes[MIN (mode, G_N_ELEMENTS (modes) - 1)]);
  s.mediators = tj_form_entry_dup_text (self->mediators);
  s.recorder = tj_form_entry_dup_text (self->recorder);
  s.attendees = tj_form_entry_dup_text (self->attendees);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  s.transcript = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  s.result = tj_form_entry_dup_text (self->result);
  if (!tj_case_store_add_session (self->store, self->case_id, &s, NULL, &error))
    {
      tj_session_clear (&s);
      tj_app_label_set_text (self->error_label, error->message);
      return;
    }
  tj_session_clear (&s);
  g_signal_emit (self, signals[DONE], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
tj_session_dialog_dispose (GObject *object)
{
  TjSessionDialog *self = TJ_SESSION_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_SESSION_DIALOG);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_session_dialog_parent_class)->dispose (object);
}

static void
tj_session_dialog_finalize (GObject *object)
{
  g_free (TJ_SESSION_DIALOG (object)->case_id);
  G_OBJECT_CLASS (tj_session_dialog_parent_class)->finalize (object);
}

static void
tj_session_dialog_class_init (TjSessionDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_session_dialog_dispose;
  object_class->finalize = tj_session_dialog_finalize;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-session-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, explain_label);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, group);
  gtk_widget_class_bind_template_child (widget_class, TjSessionDialog, error_label);
  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
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
  g_autoptr(GtkStringList) mode_names = gtk_string_list_new (NULL);
  g_autofree char *now = tj_app_format_time (tj_journal_clock (tj_case_store_get_journal (store)));
  GtkWidget *frame, *row;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (TJ_TYPE_SESSION_DIALOG, "title", _("Record Session"), NULL);
  self->store = g_object_ref (store);
  self->case_id = tj_uuid_dup_string (&c->id);
  gtk_button_set_label (GTK_BUTTON (self->apply_button), _("_Save"));
  adw_preferences_group_set_title (self->group, c->case_no);
  tj_app_label_set_text (self->explain_label,
                         _("A record written long after the session is marked as a late entry."));

  self->started_row = add_entry (self, _("Started"), "2026-03-05 10:00", &self->started, "started");
  gtk_editable_set_text (GTK_EDITABLE (self->started), now);
  self->ended_row = add_entry (self, _("Ended"), _("Optional"), &self->ended, "ended");
  g_signal_connect_object (self->started, "changed", G_CALLBACK (on_time_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->ended, "changed", G_CALLBACK (on_time_changed_cb), self,
                           G_CONNECT_SWAPPED);
  add_entry (self, _("Place"), NULL, &self->place, "place");
  gtk_string_list_append (mode_names, _("In person"));
  gtk_string_list_append (mode_names, _("By phone"));
  gtk_string_list_append (mode_names, _("By video"));
  self->mode_row = tj_form_combo_row_new (_("Mode"), mode_names);
  adw_preferences_group_add (self->group, self->mode_row);
  add_entry (self, _("Mediators"), NULL, &self->mediators, "mediators");
  if (c->mediator_name != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->mediators), c->mediator_name);
  add_entry (self, _("Recorder"), NULL, &self->recorder, "recorder");
  add_entry (self, _("Attendees"), NULL, &self->attendees, "attendees");
  add_entry (self, _("Result"), NULL, &self->result, "result");

  row = adw_preferences_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Transcript"));
  self->transcript = GTK_TEXT_VIEW (gtk_text_view_new ());
  gtk_widget_set_name (GTK_WIDGET (self->transcript), "transcript");
  gtk_text_view_set_wrap_mode (self->transcript, GTK_WRAP_WORD_CHAR);
  gtk_text_view_set_top_margin (self->transcript, 8);
  gtk_text_view_set_bottom_margin (self->transcript, 8);
  gtk_text_view_set_left_margin (self->transcript, 8);
  gtk_text_view_set_right_margin (self->transcript, 8);
  gtk_widget_set_size_request (GTK_WIDGET (self->transcript), -1, 160);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->transcript), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Transcript"), -1);
  frame = gtk_frame_new (NULL);
  gtk_frame_set_child (GTK_FRAME (frame), GTK_WIDGET (self->transcript));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), frame);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  adw_preferences_group_add (self->group, row);
  return self;
}
