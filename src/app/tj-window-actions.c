/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-case-form.h"
#include "tj-window-private.h"

/* The window's commands. Their enablement is decided in one place,
 * _tj_window_update_actions (), from the replica, the role and the visible view. */

static void
on_case_created_cb (TjWindow *self, const char *id)
{
  tj_window_replica_changed (self);
  tj_sync_controller_edit_made (self->sync);
  tj_window_open_case (self, id);
}

static void
new_case_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjWindow *self = TJ_WINDOW (widget);
  TjCaseForm *form;

  form = tj_case_form_new (self->cases);
  g_signal_connect_object (form, "created", G_CALLBACK (on_case_created_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (form), GTK_WINDOW (self));
  gtk_window_present (GTK_WINDOW (form));
}

static void
sync_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  tj_sync_controller_sync_now (TJ_WINDOW (widget)->sync);
}

static void
search_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjWindow *self = TJ_WINDOW (widget);

  tj_window_show_view (self, "cases");
  tj_cases_view_focus_search (self->cases_view);
}

static void
show_view_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  tj_window_show_view (TJ_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
open_case_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  tj_window_open_case (TJ_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
back_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjWindow *self = TJ_WINDOW (widget);

  if (gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->case_page))
    tj_window_show_view (self, self->previous_view);
  else
    adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
changed_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjWindow *self = TJ_WINDOW (widget);

  tj_window_replica_changed (self);
  /* Every edit is pushed soon after it is saved. */
  tj_sync_controller_edit_made (self->sync);
}

static void
toast_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  tj_window_toast (TJ_WINDOW (widget), g_variant_get_string (param, NULL));
}

static void
style_variant_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjApplication *app = TJ_APPLICATION (gtk_window_get_application (GTK_WINDOW (widget)));
  GSettings *settings = app ? tj_application_get_settings (app) : NULL;
  const char *style = g_variant_get_string (param, NULL);

  if (settings != NULL)
    g_settings_set_string (settings, "style-variant", style);
  else
    adw_style_manager_set_color_scheme (adw_style_manager_get_default (),
                                        g_str_equal (style, "dark") ? ADW_COLOR_SCHEME_FORCE_DARK :
                                        g_str_equal (style, "light") ? ADW_COLOR_SCHEME_FORCE_LIGHT :
                                        ADW_COLOR_SCHEME_DEFAULT);
}

void
_tj_window_update_actions (TjWindow *self)
{
  gboolean ready = self->cases != NULL && tj_case_store_is_initialised (self->cases);
  guint roles = ready ? tj_case_store_get_roles (self->cases) : 0;
  /* Supervisors read; only a centre registers cases. */
  gboolean registers = (roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))) != 0;
  gboolean on_case = gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->case_page);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-case", ready && registers);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.show-view", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.open-case", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.back",
                                 on_case || adw_leaflet_get_folded (self->leaflet));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.sync",
                                 ready && self->sync != NULL &&
                                 tj_sync_controller_get_linked (self->sync) &&
                                 !tj_sync_controller_get_syncing (self->sync));
  gtk_widget_set_visible (self->new_case_button, ready && registers);
}

void
_tj_window_class_add_actions (GtkWidgetClass *widget_class)
{
  static const char * const views[] = { "cases", "deadlines", "review", "roster", "sync" };

  gtk_widget_class_install_action (widget_class, "win.new-case", NULL, new_case_activated);
  gtk_widget_class_install_action (widget_class, "win.sync", NULL, sync_activated);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_activated);
  gtk_widget_class_install_action (widget_class, "win.show-view", "s", show_view_activated);
  gtk_widget_class_install_action (widget_class, "win.open-case", "s", open_case_activated);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_activated);
  gtk_widget_class_install_action (widget_class, "win.changed", NULL, changed_activated);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_activated);
  gtk_widget_class_install_action (widget_class, "win.style-variant", "s",
                                   style_variant_activated);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-case", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_r, GDK_CONTROL_MASK,
                                       "win.sync", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK,
                                       "win.back", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (views); i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-view", "s", views[i]);
}
