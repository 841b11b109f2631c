/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"

char *
tj_app_format_time (gint64 ms)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("");
  local = g_date_time_to_timezone (utc, beijing);
  return g_date_time_format (local, "%Y-%m-%d %H:%M");
}

char *
tj_app_format_days_left (int days)
{
  if (days == G_MININT)
    return g_strdup ("");
  if (days == 0)
    return g_strdup (_("Due today"));
  if (days > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day left", "%d days left", days),
                            days);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d day overdue", "%d days overdue",
                                       -days), -days);
}

const char *
tj_app_state_css_class (TjState state)
{
  switch (state)
    {
    case TJ_STATE_RECEIVED:
    case TJ_STATE_ACCEPTED:
      return "state-new";
    case TJ_STATE_IN_MEDIATION:
    case TJ_STATE_UNDER_REVIEW:
      return "state-active";
    case TJ_STATE_AGREED:
    case TJ_STATE_CONFIRMED:
      return "state-success";
    case TJ_STATE_REJECTED:
    case TJ_STATE_WITHDRAWN:
    case TJ_STATE_FAILED:
    case TJ_STATE_TRANSFERRED:
    case TJ_STATE_REVIEW_REFUSED:
    case TJ_N_STATES:
    default:
      return "state-ended";
    }
}

void
tj_app_label_set_text (GtkLabel *label, const char *text)
{
  gtk_label_set_text (label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (label), text != NULL && *text != '\0');
}

void
tj_app_remove_children (GtkWidget *container)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (container)) != NULL)
    {
      if (GTK_IS_LIST_BOX (container))
        gtk_list_box_remove (GTK_LIST_BOX (container), child);
      else if (GTK_IS_BOX (container))
        gtk_box_remove (GTK_BOX (container), child);
      else if (GTK_IS_FLOW_BOX (container))
        gtk_flow_box_remove (GTK_FLOW_BOX (container), child);
      else
        gtk_widget_unparent (child);
    }
}

GtkStringList *
tj_app_enum_strings (const TjEnum *e, const char *first)
{
  GtkStringList *list = gtk_string_list_new (NULL);

  if (first != NULL)
    gtk_string_list_append (list, first);
  for (guint i = 0; i < e->n_values; i++)
    gtk_string_list_append (list, tj_enum_label (e, i));
  return list;
}

void
tj_app_dispose_children (GtkWidget *widget, GType template_type)
{
  GtkWidget *child;

  gtk_widget_dispose_template (widget, template_type);
  while ((child = gtk_widget_get_first_child (widget)) != NULL)
    gtk_widget_unparent (child);
}
