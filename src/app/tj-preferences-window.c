/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tj-preferences-window.h"

struct _TjPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  /* Template widgets */
  GtkEditable          *server_entry;
  GtkSpinButton        *interval_spin;
  GtkSwitch            *capitals_switch;
  GtkSwitch            *mask_switch;
};

G_DEFINE_FINAL_TYPE (TjPreferencesWindow, tj_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static void
tj_preferences_window_dispose (GObject *object)
{
  TjPreferencesWindow *self = TJ_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tj_preferences_window_parent_class)->dispose (object);
}

static void
tj_preferences_window_class_init (TjPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tj_preferences_window_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, server_entry);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, interval_spin);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, capitals_switch);
  gtk_widget_class_bind_template_child (widget_class, TjPreferencesWindow, mask_switch);
}

static void
tj_preferences_window_init (TjPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TjPreferencesWindow *
tj_preferences_window_new (GSettings *settings)
{
  TjPreferencesWindow *self = g_object_new (TJ_TYPE_PREFERENCES_WINDOW, NULL);

  self->settings = g_object_ref (settings);
  g_settings_bind (settings, "server-url", self->server_entry, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "sync-interval", self->interval_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "document-amount-capitals", self->capitals_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "document-mask-ids", self->mask_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  return self;
}
