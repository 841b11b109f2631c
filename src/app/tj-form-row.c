/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-form-row.h"

GtkWidget *
tj_form_entry_row_new (const char *title, const char *placeholder, GtkEntry **entry)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *field = gtk_entry_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  /* Every field of a form has the width the style gives form fields, and the titles take
   * what is left: the fields of all rows line up, whatever their titles. */
  gtk_widget_set_valign (field, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (field, "form-field");
  if (placeholder != NULL)
    gtk_entry_set_placeholder_text (GTK_ENTRY (field), placeholder);
  gtk_accessible_update_property (GTK_ACCESSIBLE (field), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), field);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), field);
  *entry = GTK_ENTRY (field);
  return row;
}

GtkWidget *
tj_form_entry_row_new_watched (const char *title, const char *placeholder, const char *name,
                               GCallback changed, gpointer data, GtkEntry **entry)
{
  GtkWidget *row = tj_form_entry_row_new (title, placeholder, entry);

  gtk_widget_set_name (GTK_WIDGET (*entry), name);
  g_signal_connect_object (*entry, "changed", changed, data, G_CONNECT_SWAPPED);
  return row;
}

GtkWidget *
tj_form_combo_row_new (const char *title, GtkStringList *choices)
{
  GtkWidget *row = adw_combo_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_combo_row_set_model (ADW_COMBO_ROW (row), G_LIST_MODEL (choices));
  return row;
}

GtkWidget *
tj_form_switch_row_new (const char *title, const char *subtitle, GtkSwitch **toggle)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *sw = gtk_switch_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (sw, GTK_ALIGN_CENTER);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), sw);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), sw);
  *toggle = GTK_SWITCH (sw);
  return row;
}

void
tj_form_row_set_error (GtkWidget *row, const char *message)
{
  /* The field is the widget the row activates, in code and in templates alike. */
  GtkWidget *suffix = adw_action_row_get_activatable_widget (ADW_ACTION_ROW (row));

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), message != NULL ? message : "");
  if (message != NULL)
    gtk_widget_add_css_class (row, "invalid");
  else
    gtk_widget_remove_css_class (row, "invalid");
  if (suffix != NULL)
    gtk_accessible_update_state (GTK_ACCESSIBLE (suffix), GTK_ACCESSIBLE_STATE_INVALID,
                                 message != NULL ? GTK_ACCESSIBLE_INVALID_TRUE
                                                 : GTK_ACCESSIBLE_INVALID_FALSE, -1);
}

void
tj_form_entry_set_editable (GtkEntry *entry, gboolean editable)
{
  g_return_if_fail (GTK_IS_ENTRY (entry));

  gtk_editable_set_editable (GTK_EDITABLE (entry), editable);
  if (editable)
    gtk_widget_remove_css_class (GTK_WIDGET (entry), "read-only");
  else
    gtk_widget_add_css_class (GTK_WIDGET (entry), "read-only");
}

char *
tj_form_entry_dup_text (GtkEntry *entry)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (entry))));

  if (*text == '\0')
    return NULL;
  return g_steal_pointer (&text);
}

char *
tj_form_today (void)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (beijing);

  return g_date_time_format (now, "%Y-%m-%d");
}
