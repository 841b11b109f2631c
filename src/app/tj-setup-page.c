/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-app-util.h"
#include "tj-application.h"
#include "tj-form-row.h"
#include "tj-replica-link.h"
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
  GtkEntry     *server_url;
  GtkEntry     *login;
  GtkPasswordEntry *password;
  GCancellable *cancellable;

  /* Template widgets */
  GtkLabel     *error_label;
  AdwPreferencesGroup *server_group;
  GtkWidget    *login_button;
  AdwPreferencesGroup *offline_group;
};

enum {
  DONE,
  LINKED,
  N_SIGNALS
};

typedef struct {
  char     *url;
  char     *user;
  char     *password;
  JsonNode *session;
  char     *token;
} Login;

static void
login_free (Login *l)
{
  g_free (l->url);
  g_free (l->user);
  if (l->password != NULL)
    memset (l->password, 0, strlen (l->password));
  g_free (l->password);
  g_clear_pointer (&l->session, json_node_unref);
  g_free (l->token);
  g_free (l);
}

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

/* The login runs in a worker: the interface never waits on the network. */
static void
login_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Login *l = data;
  g_autoptr(TjApiClient) api = NULL;
  GError *error = NULL;

  api = tj_api_client_new (l->url, &error);
  if (api != NULL)
    l->session = tj_replica_login (api, l->user, l->password, NULL, &error);
  memset (l->password, 0, strlen (l->password));
  if (l->session == NULL || !tj_replica_session_check (l->session, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  l->token = g_strdup (tj_api_client_get_token (api));
  g_task_return_boolean (task, TRUE);
}

static void
on_login_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  TjSetupPage *self = TJ_SETUP_PAGE (source);
  Login *l = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  gtk_widget_set_sensitive (self->login_button, TRUE);
  if (!g_task_propagate_boolean (G_TASK (result), &error) ||
      !tj_replica_setup_from_session (self->store, l->session, l->url, 1, NULL, &error))
    {
      tj_setup_page_show_error (self, error->message);
      return;
    }
  tj_setup_page_show_error (self, NULL);
  g_signal_emit (self, signals[LINKED], 0, l->url, l->token);
  g_signal_emit (self, signals[DONE], 0);
}

static void
login_activated (GtkWidget *widget, const char *action, GVariant *param)
{
  TjSetupPage *self = TJ_SETUP_PAGE (widget);
  g_autoptr(GTask) task = NULL;
  Login *l;

  if (self->store == NULL)
    return;
  l = g_new0 (Login, 1);
  l->url = tj_form_entry_dup_text (self->server_url);
  l->user = tj_form_entry_dup_text (self->login);
  l->password = g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->password)));
  /* The entry forgets the password at once; the worker wipes its copy. */
  gtk_editable_set_text (GTK_EDITABLE (self->password), "");
  if (l->url == NULL || l->user == NULL || *l->password == '\0')
    {
      login_free (l);
      tj_setup_page_show_error (self, _("Server, user name and password are required."));
      return;
    }
  gtk_widget_set_sensitive (self->login_button, FALSE);
  task = g_task_new (self, self->cancellable, on_login_done_cb, NULL);
  g_task_set_source_tag (task, login_activated);
  g_task_set_task_data (task, l, (GDestroyNotify) login_free);
  g_task_run_in_thread (task, login_thread);
}

static void
tj_setup_page_dispose (GObject *object)
{
  TjSetupPage *self = TJ_SETUP_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
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
  gtk_widget_class_bind_template_child (widget_class, TjSetupPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, TjSetupPage, login_button);
  gtk_widget_class_install_action (widget_class, "setup.login", NULL, login_activated);
  signals[LINKED] = g_signal_new ("linked", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING,
                                  G_TYPE_STRING);
  gtk_widget_class_install_action (widget_class, "setup.offline", NULL, offline_activated);
  gtk_widget_class_install_action (widget_class, "setup.demo", NULL, demo_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_setup_page_init (TjSetupPage *self)
{
  GtkWidget *row;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  row = tj_form_entry_row_new (_("Server"), "https://tiaojie.example.gov.cn", &self->server_url);
  gtk_widget_set_name (GTK_WIDGET (self->server_url), "server-url");
  adw_preferences_group_add (self->server_group, row);
  row = tj_form_entry_row_new (_("User name"), NULL, &self->login);
  gtk_widget_set_name (GTK_WIDGET (self->login), "login");
  adw_preferences_group_add (self->server_group, row);
  row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("Password"));
  self->password = GTK_PASSWORD_ENTRY (gtk_password_entry_new ());
  gtk_widget_set_name (GTK_WIDGET (self->password), "password");
  gtk_widget_set_valign (GTK_WIDGET (self->password), GTK_ALIGN_CENTER);
  gtk_widget_set_hexpand (GTK_WIDGET (self->password), TRUE);
  gtk_password_entry_set_show_peek_icon (self->password, TRUE);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), GTK_WIDGET (self->password));
  adw_preferences_group_add (self->server_group, row);
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
