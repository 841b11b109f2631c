/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-read.h"
#include "tj-roster-view.h"

struct _TjRosterView
{
  GtkWidget  parent_instance;

  /* Template widgets */
  GtkBox    *content;
};

G_DEFINE_FINAL_TYPE (TjRosterView, tj_roster_view, GTK_TYPE_WIDGET)

static void
tj_roster_view_dispose (GObject *object)
{
  tj_app_dispose_children (GTK_WIDGET (object), TJ_TYPE_ROSTER_VIEW);
  G_OBJECT_CLASS (tj_roster_view_parent_class)->dispose (object);
}

static void
tj_roster_view_class_init (TjRosterViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tj_roster_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-roster-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TjRosterView, content);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_roster_view_init (TjRosterView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tj_roster_view_set_store (TjRosterView *self, TjCaseStore *store)
{
  g_autoptr(GPtrArray) people = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *group, *list;

  g_return_if_fail (TJ_IS_ROSTER_VIEW (self));

  tj_app_remove_children (GTK_WIDGET (self->content));
  group = adw_preferences_group_new ();
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _("People of the Centre"));
  list = gtk_list_box_new ();
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->content, group);

  people = tj_case_read_roster (store, &error);
  if (people == NULL)
    {
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), error->message);
      return;
    }
  for (guint i = 0; i < people->len; i++)
    {
      TjPersonEntry *p = g_ptr_array_index (people, i);
      g_autoptr(GString) roles = g_string_new (NULL);
      GtkWidget *row = adw_action_row_new ();

      for (guint r = 0; r < TJ_N_ROLES; r++)
        if (p->roles & TJ_ROLE_BIT (r))
          g_string_append_printf (roles, "%s%s", roles->len ? "、" : "",
                                  tj_enum_label (&tj_enum_role, r));
      if (p->phone != NULL)
        g_string_append_printf (roles, " · %s", p->phone);
      if (p->certificate_no != NULL)
        /* Translators: a mediator's certificate number */
        g_string_append_printf (roles, " · %s %s", _("Certificate"), p->certificate_no);
      if (!p->active)
        g_string_append_printf (roles, " · %s", _("inactive"));
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), p->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), roles->str);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("avatar-default-symbolic"));
      gtk_list_box_append (GTK_LIST_BOX (list), row);
    }
}
