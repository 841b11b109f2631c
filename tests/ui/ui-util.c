/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "ui-util.h"
#include "tj-case-item.h"
#include "tj-case-page.h"
#include "tj-cases-view.h"

TjApplication *app;

void
pump (guint ms)
{
  gint64 until = g_get_monotonic_time () + ms * 1000;

  do
    while (g_main_context_iteration (NULL, FALSE))
      ;
  while (g_get_monotonic_time () < until && (g_usleep (5000), TRUE));
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

GtkWidget *
find_widget (GtkWidget *root, GType type, const char *name)
{
  if ((type == G_TYPE_INVALID || G_TYPE_CHECK_INSTANCE_TYPE (root, type)) &&
      (name == NULL || g_strcmp0 (gtk_widget_get_name (root), name) == 0))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
find_widget_by_action (GtkWidget *root, const char *action)
{
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), action) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget_by_action (child, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
find_error_label (GtkWidget *root)
{
  if (GTK_IS_LABEL (root) && gtk_widget_has_css_class (root, "error") &&
      gtk_widget_get_visible (root))
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_error_label (child);

      if (found != NULL)
        return found;
    }
  return NULL;
}

GtkWidget *
find_toplevel (GType type)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

void
type_into (GtkWidget *root, const char *name, const char *text)
{
  GtkWidget *entry = find_widget (root, GTK_TYPE_ENTRY, name);

  g_assert_nonnull (entry);
  /* Focus scrolls the field into view, as clicking into it does. */
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  /* Character by character, as typing does: validation runs on each change. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      int position = -1;

      gtk_editable_insert_text (GTK_EDITABLE (entry), p, g_utf8_next_char (p) - p, &position);
      gtk_editable_set_position (GTK_EDITABLE (entry), -1);
    }
  pump (0);
}

void
click (GtkWidget *root, const char *name)
{
  GtkWidget *button = find_widget (root, GTK_TYPE_BUTTON, name);

  g_assert_nonnull (button);
  g_assert_true (gtk_widget_is_sensitive (button));
  /* What a click does (activate would wait for the press animation). */
  g_signal_emit_by_name (button, "clicked");
  pump (50);
}

TjCase *
read_back (const char *path, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  g_autoptr(TjCaseStore) cases = NULL;
  TjCase *c;

  g_assert_no_error (error);
  cases = tj_case_store_new (store, &error);
  g_assert_no_error (error);
  c = tj_case_store_get (cases, id, &error);
  g_assert_no_error (error);
  return c;
}

char *
new_replica (const char *name)
{
  g_autofree char *dir = g_dir_make_tmp ("tj-ui-XXXXXX", NULL);

  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

TjWindow *
open_window (const char *path, guint demo_cases)
{
  g_autoptr(GError) error = NULL;
  TjWindow *window;

  g_assert_true (tj_application_open_replica (app, path, &error));
  g_assert_no_error (error);
  if (demo_cases > 0)
    {
      g_assert_true (tj_application_setup_demo (app, demo_cases, &error));
      g_assert_no_error (error);
    }
  else
    {
      TjReplicaSetup setup = {
        .org_code = "220102", .org_name = "南关区劳动人事争议调解中心",
        .org_short_name = "长南", .level = TJ_ORG_LEVEL_TOWNSHIP, .type = TJ_ORG_CENTRE,
        .user_name = "张调解",
        .roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR), .desk = 1,
      };
      TjCaseStore *cases = tj_application_get_case_store (app);

      g_assert_true (tj_case_store_init_replica (cases, &setup, &error));
      g_assert_no_error (error);
    }
  window = tj_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  pump (300);
  return window;
}

void
save_png (GtkWidget *widget, const char *name)
{
  const char *dir = g_getenv ("TJ_SCREENSHOT_DIR");
  g_autofree char *path = NULL;
  g_autoptr(GdkPaintable) paintable = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  GtkSnapshot *snapshot;
  GskRenderer *renderer;
  int width, height;

  pump (400);
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  g_assert_cmpint (width, >, 0);
  paintable = gtk_widget_paintable_new (widget);
  snapshot = gtk_snapshot_new ();
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  texture = gsk_renderer_render_texture (renderer, node,
                                        &GRAPHENE_RECT_INIT (0, 0, width, height));
  path = g_build_filename (dir ? dir : ".", name, NULL);
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("screenshot %s", path);
}

int
run_cli (char **out, const char *db, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *arg;
  int status = -1;
  va_list args;

  g_ptr_array_add (argv, (gpointer) g_getenv ("TJ_CLI"));
  g_ptr_array_add (argv, (gpointer) "--db");
  g_ptr_array_add (argv, (gpointer) db);
  va_start (args, db);
  while ((arg = va_arg (args, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) arg);
  va_end (args);
  g_ptr_array_add (argv, NULL);
  g_assert_nonnull (g_ptr_array_index (argv, 0));
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL,
                               out != NULL ? 0 : G_SPAWN_STDOUT_TO_DEV_NULL, NULL, NULL, out,
                               NULL, &status, &error));
  g_assert_no_error (error);
  return g_spawn_check_wait_status (status, NULL) ? 0 : status;
}

void
ui_init (int *argc, char ***argv)
{
  const char *localedir = g_getenv ("TJ_LOCALEDIR");

  /* The suites run in Chinese; without the zh_CN locale, LANGUAGE still picks it. */
  if (setlocale (LC_ALL, "") == NULL)
    setlocale (LC_ALL, "C.UTF-8");
  bindtextdomain (GETTEXT_PACKAGE, localedir ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  gtk_test_init (argc, argv, NULL);
  adw_init ();
  app = tj_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
}

/* From a review view's list, the way a supervisor opens a case. */
GtkWidget *
open_from_review (GtkWidget *window, const char *id)
{
  GtkWidget *review, *columns;
  GListModel *model;

  gtk_widget_activate_action (window, "win.show-view", "s", "review");
  pump (300);
  review = find_widget (window, TJ_TYPE_CASES_VIEW, "review");
  g_assert_nonnull (review);
  g_assert_true (gtk_widget_get_mapped (review));
  model = G_LIST_MODEL (tj_cases_view_get_model (TJ_CASES_VIEW (review)));
  columns = find_widget (review, GTK_TYPE_COLUMN_VIEW, NULL);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(TjCaseItem) item = g_list_model_get_item (model, i);

      if (g_strcmp0 (tj_case_item_get_id (item), id) == 0)
        g_signal_emit_by_name (columns, "activate", i);
    }
  pump (100);
  return find_widget (window, TJ_TYPE_CASE_PAGE, NULL);
}

GSubprocess *
start_server (char **url, char **data_dir)
{
  const char *server = g_getenv ("TJ_SERVER");
  g_autofree char *dir = g_dir_make_tmp ("tj-ui-server-XXXXXX", NULL);
  g_autofree char *data = g_build_filename (dir, "server", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDataInputStream) out = NULL;
  GSubprocess *proc;

  proc = g_subprocess_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_MERGE, &error,
                           server, "--data", data, "--listen", "127.0.0.1:0", "--demo", NULL);
  g_assert_no_error (error);
  if (data_dir != NULL)
    *data_dir = g_strdup (data);
  out = g_data_input_stream_new (g_subprocess_get_stdout_pipe (proc));
  *url = NULL;
  while (*url == NULL)
    {
      g_autofree char *line = g_data_input_stream_read_line_utf8 (out, NULL, NULL, &error);
      const char *at;

      g_assert_no_error (error);
      g_assert_nonnull (line);
      if ((at = strstr (line, "http://127.0.0.1:")) != NULL)
        *url = g_strdup (at);
    }
  return proc;
}
