/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-application.h"
#include "tj-form-row.h"
#include "tj-setup-page.h"
#include "tj-validate.h"

struct _TjSetupPage
{
  GtkWidget     parent_instance;

  TjCaseStore  *store;              /* (nullable) */
  GtkWidget    *code_row;
  GtkEntry     *code;
  GtkEntry     *name;
  GtkEntry     *short_name;
  GtkEntry     *user;

  /* Template widgets */
  GtkLabel     *error_label;
  AdwPreferencesGroup *offline_group;
};

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjSetupPage, tj_setup_page, GTK_TYPE_WIDGET)

static GtkWidget *
add_entry (TjSetupPage *self, const char *title, const char *placeholder, GtkEntry **entry)
{
  GtkWidget *row = tj_form_entry_row_new (title, placeholder, entry);

  adw_preferences_group_add (self->offline_group, row);
  return row;
}

static void
offline_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  TjSetupPage *self = TJ_SETUP_PAGE (widget);
  g_autofree char *code = tj_form_entry_dup_text (self->code);
  g_autofree char *name = tj_form_entry_dup_text (self->name);
  g_autofree char *short_name = tj_form_entry_dup_text (self->short_name);
  g_autofree char *user = tj_form_entry_dup_text (self->user);
  g_autoptr(GError) error = NULL;
  TjReplicaSetup setup = { 0 };

  if (self->store == NULL)
    return;
  if (code == NULL || strlen (code) != 6 || !g_ascii_isdigit (code[0]) ||
      !tj_region_province_known ((char[]) { code[0], code[1], 0 }))
    {
      tj_setup_page_show_error (self, _("Region code: six digits of GB/T 2260, beginning with "
                                        "a province code."));
      return;
    }
  if (name == NULL || user == NULL)
    {
      tj_setup_page_show_error (self, _("The organisation's name and your name are required."));
      return;
    }
  setup.org_code = code;
  setup.org_name = name;
  setup.org_short_name = short_name;
  setup.level = TJ_ORG_LEVEL_TOWNSHIP;
  setup.type = TJ_ORG_CENTRE;
  setup.user_name = user;
  setup.roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR);
  setup.desk = 1;
  if (!tj_case_store_init_replica (self->store, &setup, &error))
    {
      tj_setup_page_show_error (self, error->message);
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
}

static void
demo_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  TjSetupPage *self = TJ_SETUP_PAGE (widget);
  GtkWindow *window = GTK_WINDOW (gtk_widget_get_root (widget));
  TjApplication *app = TJ_APPLICATION (gtk_window_get_application (window));
  g_autoptr(GError) error = NULL;

  if (app == NULL || !tj_application_setup_demo (app, 500, &error))
    {
      tj_setup_page_show_error (self, error ? error->message : _("No application."));
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
}

static void
tj_setup_page_dispose (GObject *object)
{
  TjSetupPage *self = TJ_SETUP_PAGE (object);

  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_SETUP_PAGE);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_setup_page_parent_class)->dispose (object);
}

static void
tj_setup_page_class_init (TjSetupPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_setup_page_dispose;
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-setup-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSetupPage, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjSetupPage, offline_group);
  gtk_widget_class_install_action (widget_class, "setup.offline", NULL, offline_activated);
  gtk_widget_class_install_action (widget_class, "setup.demo", NULL, demo_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_setup_page_init (TjSetupPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->code_row = add_entry (self, _("Region code"), "220102", &self->code);
  add_entry (self, _("Organisation"), NULL, &self->name);
  add_entry (self, _("Short name"), _("Used in case numbers"), &self->short_name);
  add_entry (self, _("Your name"), NULL, &self->user);
}

void
tj_setup_page_set_store (TjSetupPage *self, TjCaseStore *store)
{
  g_return_if_fail (TJ_IS_SETUP_PAGE (self));
  g_set_object (&self->store, store);
}

void
tj_setup_page_show_error (TjSetupPage *self, const char *message)
{
  g_return_if_fail (TJ_IS_SETUP_PAGE (self));
  tj_app_label_set_text (self->error_label, message);
}
