/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "test-util.h"
#include "tj-case-page.h"
#include "tj-uuid.h"
#include "ui-util.h"

/*
 * Desktop notifications: a stand-in for the desktop's notification service
 * (org.gtk.Notifications, which GLib sends to when it is on the bus) keeps what the
 * application sent; clicking a notification is activating its default action with its
 * target, as the desktop does.
 */

static const char notifications_xml[] =
  "<node>"
  "  <interface name='org.gtk.Notifications'>"
  "    <method name='AddNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "      <arg type='a{sv}' direction='in'/>"
  "    </method>"
  "    <method name='RemoveNotification'>"
  "      <arg type='s' direction='in'/><arg type='s' direction='in'/>"
  "    </method>"
  "  </interface>"
  "</node>";

typedef struct {
  guint     n_sent;
  char     *title;
  char     *action;          /* the default action */
  GVariant *target;          /* its target */
} Shell;

static void
on_notifications_call_cb (GDBusConnection *connection, const char *sender, const char *path,
                          const char *interface, const char *method, GVariant *params,
                          GDBusMethodInvocation *invocation, gpointer data)
{
  Shell *shell = data;

  if (g_strcmp0 (method, "AddNotification") == 0)
    {
      g_autoptr(GVariant) notification = g_variant_get_child_value (params, 2);

      shell->n_sent++;
      g_clear_pointer (&shell->title, g_free);
      g_clear_pointer (&shell->action, g_free);
      g_clear_pointer (&shell->target, g_variant_unref);
      g_variant_lookup (notification, "title", "s", &shell->title);
      g_variant_lookup (notification, "default-action", "s", &shell->action);
      shell->target = g_variant_lookup_value (notification, "default-action-target", NULL);
    }
  g_dbus_method_invocation_return_value (invocation, NULL);
}

/* The service, on a connection of its own to the suite's session bus. */
static GDBusConnection *
start_shell (Shell *shell)
{
  static const GDBusInterfaceVTable vtable = { on_notifications_call_cb, NULL, NULL, { 0 } };
  g_autoptr(GError) error = NULL;
  g_autoptr(GDBusNodeInfo) info = g_dbus_node_info_new_for_xml (notifications_xml, &error);
  g_autofree char *address = g_dbus_address_get_for_bus_sync (G_BUS_TYPE_SESSION, NULL, &error);
  g_autoptr(GVariant) reply = NULL;
  GDBusConnection *connection;
  guint owned = 0;

  g_assert_no_error (error);
  connection = g_dbus_connection_new_for_address_sync (address,
                                                       G_DBUS_CONNECTION_FLAGS_AUTHENTICATION_CLIENT |
                                                       G_DBUS_CONNECTION_FLAGS_MESSAGE_BUS_CONNECTION,
                                                       NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_dbus_connection_register_object (connection, "/org/gtk/Notifications",
                                                       info->interfaces[0], &vtable, shell, NULL,
                                                       &error), >, 0);
  g_assert_no_error (error);
  reply = g_dbus_connection_call_sync (connection, "org.freedesktop.DBus", "/org/freedesktop/DBus",
                                       "org.freedesktop.DBus", "RequestName",
                                       g_variant_new ("(su)", "org.gtk.Notifications", 4),
                                       G_VARIANT_TYPE ("(u)"), G_DBUS_CALL_FLAGS_NONE, -1, NULL,
                                       &error);
  g_assert_no_error (error);
  g_variant_get (reply, "(u)", &owned);
  g_assert_cmpuint (owned, ==, 1);  /* the primary owner */
  return connection;
}

static void
test_click_opens_case (void)
{
  g_autofree char *path = new_replica ("due.sqlite");
  g_autoptr(GDBusConnection) bus = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = tj_test_make_case ("2025-03-03");
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) due_day = NULL;
  g_autofree char *due_iso = NULL;
  Shell shell = { 0 };
  TjWindow *window;
  TjCaseStore *cases;
  GtkWidget *page;
  char id[TJ_UUID_STRING_LEN + 1];
  int waited = 0;
  int y, m, d;

  bus = start_shell (&shell);

  /* A centre's replica with one case, on the day its deadline falls. */
  window = open_window (path, 0);
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  cases = tj_application_get_case_store (app);
  g_assert_true (tj_case_store_create (cases, c, NULL, &error));
  g_assert_no_error (error);
  g_assert_nonnull (c->due);
  tj_uuid_to_string (&c->id, id);
  g_assert_cmpint (sscanf (c->due, "%d-%d-%d", &y, &m, &d), ==, 3);
  due_day = g_date_time_new (beijing, y, m, d, 10, 0, 0);
  tj_journal_set_simulated_clock (tj_case_store_get_journal (cases),
                                  g_date_time_to_unix (due_day) * 1000);
  due_iso = tj_case_store_today (cases);
  g_assert_cmpstr (due_iso, ==, c->due);

  /* The deadlines are read once the window is painted: the case due today is notified. */
  window = tj_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  while (shell.n_sent == 0 && waited++ < 300)
    pump (10);
  g_assert_cmpuint (shell.n_sent, ==, 1);
  g_assert_nonnull (shell.title);
  g_assert_cmpstr (shell.action, ==, "app.open-case");
  g_assert_nonnull (shell.target);
  g_assert_true (g_variant_is_of_type (shell.target, G_VARIANT_TYPE_STRING));
  g_assert_cmpstr (g_variant_get_string (shell.target, NULL), ==, id);

  /* Elsewhere in the application, the click raises the window on that case. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "roster");
  pump (50);
  page = find_widget (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE, NULL);
  g_assert_false (gtk_widget_get_mapped (page));
  g_action_group_activate_action (G_ACTION_GROUP (app), shell.action + strlen ("app."),
                                  shell.target);
  pump (200);
  g_assert_true (gtk_widget_get_mapped (page));
  g_assert_cmpstr (tj_case_page_get_case_id (TJ_CASE_PAGE (page)), ==, id);
  g_assert_true (gtk_application_get_active_window (GTK_APPLICATION (app)) == GTK_WINDOW (window));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (window)));

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  g_free (shell.title);
  g_free (shell.action);
  g_variant_unref (shell.target);
}

int
main (int argc, char **argv)
{
  int status;

  ui_init (&argc, &argv);
  g_test_add_func ("/notifications/click-opens-case", test_click_opens_case);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
