/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-application.h"
#include "tj-demo.h"
#include "tj-preferences-window.h"
#include "tj-window.h"

struct _TjApplication
{
  AdwApplication  parent_instance;

  GSettings      *settings;             /* (nullable) */
  TjStore        *store;                /* (nullable) */
  TjCaseStore    *cases;                /* (nullable) */
  char           *replica_option;       /* (nullable) --replica */
  int             demo_cases;           /* --demo */
};

G_DEFINE_FINAL_TYPE (TjApplication, tj_application, ADW_TYPE_APPLICATION)

static const GOptionEntry app_options[] = {
  { "replica", 'r', 0, G_OPTION_ARG_FILENAME, NULL, N_("Open the replica in FILE"), N_("FILE") },
  { "demo", 0, 0, G_OPTION_ARG_INT, NULL,
    N_("Set a new replica up as a demo centre with N generated cases"), N_("N") },
  { NULL }
};

static char *
default_replica_path (TjApplication *self)
{
  g_autofree char *configured = NULL;
  g_autofree char *dir = NULL;

  if (self->settings != NULL)
    configured = g_settings_get_string (self->settings, "replica-path");
  if (configured != NULL && *configured != '\0')
    return g_steal_pointer (&configured);
  dir = g_build_filename (g_get_user_data_dir (), "tiaojie", NULL);
  g_mkdir_with_parents (dir, 0700);
  return g_build_filename (dir, "replica.sqlite", NULL);
}

static void
apply_style (TjApplication *self)
{
  g_autofree char *style = NULL;
  AdwColorScheme scheme = ADW_COLOR_SCHEME_DEFAULT;

  if (self->settings == NULL)
    return;
  style = g_settings_get_string (self->settings, "style-variant");
  if (g_strcmp0 (style, "light") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_LIGHT;
  else if (g_strcmp0 (style, "dark") == 0)
    scheme = ADW_COLOR_SCHEME_FORCE_DARK;
  adw_style_manager_set_color_scheme (adw_style_manager_get_default (), scheme);
}

static void
on_style_changed_cb (GSettings *settings, const char *key, TjApplication *self)
{
  apply_style (self);
}

static void
quit_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  g_application_quit (G_APPLICATION (data));
}

static void
about_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (data));
  const char *developers[] = { _("The Tiaojie authors"), NULL };
  GtkWidget *about;

  about = g_object_new (ADW_TYPE_ABOUT_WINDOW,
                        "transient-for", parent,
                        "application-icon", APP_ID,
                        "application-name", _("Tiaojie"),
                        "developer-name", _("The Tiaojie authors"),
                        "version", PACKAGE_VERSION,
                        "comments", _("Labour and personnel dispute mediation for township "
                                      "and street centres, with a provincial server"),
                        "license-type", GTK_LICENSE_GPL_3_0,
                        "developers", developers,
                        NULL);
  gtk_window_present (GTK_WINDOW (about));
}

static void
preferences_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  TjApplication *self = data;
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  TjPreferencesWindow *prefs;

  if (self->settings == NULL)
    return;
  prefs = tj_preferences_window_new (self->settings);
  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

/* What clicking a notification of a case does: the window comes up (a new one when none
 * is open) and shows the case. */
static void
open_case_activated (GSimpleAction *action, GVariant *param, gpointer data)
{
  TjApplication *self = data;
  GtkWindow *window;

  g_application_activate (G_APPLICATION (self));
  window = gtk_application_get_active_window (GTK_APPLICATION (self));
  if (TJ_IS_WINDOW (window))
    tj_window_open_case (TJ_WINDOW (window), g_variant_get_string (param, NULL));
}

static const GActionEntry app_actions[] = {
  { "quit", quit_activated },
  { "about", about_activated },
  { "preferences", preferences_activated },
  { "open-case", open_case_activated, "s" },
};

static int
tj_application_handle_local_options (GApplication *app, GVariantDict *dict)
{
  TjApplication *self = TJ_APPLICATION (app);
  g_autofree char *replica = NULL;

  if (g_variant_dict_lookup (dict, "replica", "^ay", &replica))
    self->replica_option = g_steal_pointer (&replica);
  g_variant_dict_lookup (dict, "demo", "i", &self->demo_cases);
  return G_APPLICATION_CLASS (tj_application_parent_class)->handle_local_options (app, dict);
}

static void
tj_application_startup (GApplication *app)
{
  TjApplication *self = TJ_APPLICATION (app);
  static const char *quit_accels[] = { "<Ctrl>q", NULL };
  static const char *prefs_accels[] = { "<Ctrl>comma", NULL };
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema = NULL;

  G_APPLICATION_CLASS (tj_application_parent_class)->startup (app);

  /* A build run from its tree may lack the installed schema; it then runs on defaults. */
  if (source != NULL)
    schema = g_settings_schema_source_lookup (source, "io.github.tiaojie.Tiaojie", TRUE);
  if (schema != NULL)
    {
      self->settings = g_settings_new ("io.github.tiaojie.Tiaojie");
      g_signal_connect_object (self->settings, "changed::style-variant",
                               G_CALLBACK (on_style_changed_cb), self, 0);
    }
  apply_style (self);

  g_action_map_add_action_entries (G_ACTION_MAP (self), app_actions,
                                   G_N_ELEMENTS (app_actions), self);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.quit", quit_accels);
  gtk_application_set_accels_for_action (GTK_APPLICATION (self), "app.preferences",
                                         prefs_accels);
}

static void
tj_application_activate (GApplication *app)
{
  TjApplication *self = TJ_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      if (self->cases == NULL)
        {
          g_autofree char *path = self->replica_option ? g_strdup (self->replica_option)
                                                       : default_replica_path (self);

          if (!tj_application_open_replica (self, path, &error))
            g_printerr (_("tiaojie: %s\n"), error->message);
          else if (self->demo_cases > 0 && !tj_case_store_is_initialised (self->cases) &&
                   !tj_application_setup_demo (self, self->demo_cases, &error))
            g_printerr (_("tiaojie: %s\n"), error->message);
          g_clear_error (&error);
        }
      window = GTK_WINDOW (tj_window_new (self));
    }
  gtk_window_present (window);
}

static void
tj_application_dispose (GObject *object)
{
  TjApplication *self = TJ_APPLICATION (object);

  g_clear_object (&self->cases);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tj_application_parent_class)->dispose (object);
}

static void
tj_application_finalize (GObject *object)
{
  TjApplication *self = TJ_APPLICATION (object);

  g_free (self->replica_option);
  G_OBJECT_CLASS (tj_application_parent_class)->finalize (object);
}

static void
tj_application_class_init (TjApplicationClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  object_class->dispose = tj_application_dispose;
  object_class->finalize = tj_application_finalize;
  app_class->handle_local_options = tj_application_handle_local_options;
  app_class->startup = tj_application_startup;
  app_class->activate = tj_application_activate;
}

static void
tj_application_init (TjApplication *self)
{
  g_application_add_main_option_entries (G_APPLICATION (self), app_options);
}

TjApplication *
tj_application_new (void)
{
  return g_object_new (TJ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "flags", G_APPLICATION_DEFAULT_FLAGS,
                       "resource-base-path", "/io/github/tiaojie/Tiaojie",
                       NULL);
}

gboolean
tj_application_open_replica (TjApplication *self, const char *path, GError **error)
{
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = NULL;

  g_return_val_if_fail (TJ_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  store = tj_store_open (path, error);
  if (store == NULL)
    return FALSE;
  cases = tj_case_store_new (store, error);
  if (cases == NULL)
    return FALSE;
  /* The interface reads a page of a list at a time and the system keeps the file's pages
   * in its own cache: 8 MiB of SQLite's cache (not 32) serve it as fast, and reading every
   * row of a million cases no longer fills 32 MiB of the app's memory. */
  tj_store_set_cache_size (store, 8 * 1024);
  g_set_object (&self->store, store);
  g_set_object (&self->cases, cases);
  return TRUE;
}

gboolean
tj_application_setup_demo (TjApplication *self, guint n_cases, GError **error)
{
  static const char * const mediators[] = { "李调解", "王明华", "赵建平" };
  TjReplicaSetup setup = {
    .org_code = "220102",
    .org_name = "南关区劳动人事争议调解中心",
    .org_short_name = "长南",
    .level = TJ_ORG_LEVEL_TOWNSHIP,
    .type = TJ_ORG_CENTRE,
    .user_name = "张调解",
    .roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
    .desk = 1,
  };
  TjDemoOptions options;

  g_return_val_if_fail (TJ_IS_APPLICATION (self), FALSE);
  g_return_val_if_fail (self->cases != NULL, FALSE);

  if (!tj_case_store_init_replica (self->cases, &setup, error))
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (mediators); i++)
    if (!tj_case_store_add_person (self->cases, mediators[i], TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
                                   NULL, NULL, error))
      return FALSE;
  tj_demo_options_init (&options);
  options.n_cases = n_cases;
  options.seed = 7;
  options.days = 120;
  return tj_demo_generate (self->cases, &options, error);
}

TjCaseStore *
tj_application_get_case_store (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);
  return self->cases;
}

GSettings *
tj_application_get_settings (TjApplication *self)
{
  g_return_val_if_fail (TJ_IS_APPLICATION (self), NULL);
  return self->settings;
}
