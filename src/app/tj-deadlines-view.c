/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-list.h"
#include "tj-deadlines-view.h"
#include "tj-uuid.h"

/* The most urgent cases come first in deadline order, so reading stops at the first case
 * due after this week: the dashboard costs the same on ten cases or a million. */
#define MAX_ROWS_PER_SECTION 200
#define WEEK_DAYS 7

typedef enum {
  SECTION_OVERDUE,
  SECTION_TODAY,
  SECTION_WEEK,
  N_SECTIONS
} Section;

struct _TjDeadlinesView
{
  GtkWidget    parent_instance;

  GHashTable  *notified;            /* ids of cases a notification already named */
  guint        counts[N_SECTIONS];

  /* Template widgets */
  GtkBox      *content;
};

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjDeadlinesView, tj_deadlines_view, GTK_TYPE_WIDGET)

static void
on_row_activated_cb (GtkListBox *list, GtkListBoxRow *row, TjDeadlinesView *self)
{
  const char *id = g_object_get_data (G_OBJECT (row), "tj-case-id");

  if (id != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, id);
}

static GtkListBox *
add_section (TjDeadlinesView *self, const char *title)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *list = gtk_list_box_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (list, "boxed-list");
  g_signal_connect_object (list, "row-activated", G_CALLBACK (on_row_activated_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), list);
  gtk_box_append (self->content, group);
  return GTK_LIST_BOX (list);
}

static void
add_case_row (GtkListBox *list, TjCaseRow *r, const TjDeadlineSettings *settings, int days)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = g_strdup_printf ("%s  %s — %s", r->case_no,
                                            r->applicant ? r->applicant : "",
                                            r->respondent ? r->respondent : "");
  g_autofree char *rule = NULL;
  g_autofree char *sub = NULL;
  g_autofree char *left = tj_app_format_days_left (days);
  g_autofree char *id = tj_uuid_dup_string (&r->id);
  GtkWidget *date = gtk_label_new (NULL);
  g_autofree char *date_text = g_strdup_printf ("%s\n%s", r->due, left);
  TjClock clock;

  if (r->due_clock != NULL && tj_clock_from_key (r->due_clock, &clock))
    {
      rule = tj_clock_describe (clock, settings);
      sub = g_strdup_printf ("%s · %s", tj_clock_label (clock), rule);
    }
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (sub != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
  gtk_label_set_text (GTK_LABEL (date), date_text);
  gtk_label_set_justify (GTK_LABEL (date), GTK_JUSTIFY_RIGHT);
  gtk_widget_add_css_class (date, "numeric");
  if (days < 0)
    gtk_widget_add_css_class (date, "error");
  else if (days == 0)
    gtk_widget_add_css_class (date, "warning");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), date);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "tj-case-id", g_steal_pointer (&id), g_free);
  gtk_list_box_append (list, row);
}

/* Without a notification service GLib only warns; a desktop without one gets none. */
static gboolean
notifications_available (GApplication *app)
{
  GDBusConnection *bus = g_application_get_dbus_connection (app);
  static const char * const names[] = { "org.gtk.Notifications", "org.freedesktop.Notifications" };

  if (bus == NULL)
    return FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GVariant) reply = g_dbus_connection_call_sync (bus, "org.freedesktop.DBus",
                                                               "/org/freedesktop/DBus",
                                                               "org.freedesktop.DBus",
                                                               "NameHasOwner",
                                                               g_variant_new ("(s)", names[i]),
                                                               G_VARIANT_TYPE ("(b)"),
                                                               G_DBUS_CALL_FLAGS_NONE, 500,
                                                               NULL, NULL);
      gboolean owned = FALSE;

      if (reply != NULL)
        g_variant_get (reply, "(b)", &owned);
      if (owned)
        return TRUE;
    }
  return FALSE;
}

/* newly_due: the numbers of the cases that became due; a click on the notification opens
 * the first of them (the body names it), `first_id`. */
static void
notify_due (TjDeadlinesView *self, GPtrArray *newly_due, const char *first_id)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *body = NULL;

  if (app == NULL || newly_due->len == 0 || !notifications_available (app))
    return;
  body = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case reaches its deadline today: %s",
                                       "%u cases reach their deadline today, first %s",
                                       newly_due->len),
                          newly_due->len, (const char *) g_ptr_array_index (newly_due, 0));
  notification = g_notification_new (_("Cases due today"));
  g_notification_set_body (notification, body);
  g_notification_set_default_action_and_target (notification, "app.open-case", "s", first_id);
  g_application_send_notification (app, "due-today", notification);
}

static void
tj_deadlines_view_dispose (GObject *object)
{
  tj_app_dispose_children (GTK_WIDGET (object), TJ_TYPE_DEADLINES_VIEW);
  G_OBJECT_CLASS (tj_deadlines_view_parent_class)->dispose (object);
}

static void
tj_deadlines_view_finalize (GObject *object)
{
  g_hash_table_unref (TJ_DEADLINES_VIEW (object)->notified);
  G_OBJECT_CLASS (tj_deadlines_view_parent_class)->finalize (object);
}

static void
tj_deadlines_view_class_init (TjDeadlinesViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tj_deadlines_view_dispose;
  G_OBJECT_CLASS (klass)->finalize = tj_deadlines_view_finalize;
  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-deadlines-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TjDeadlinesView, content);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_deadlines_view_init (TjDeadlinesView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->notified = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
}

void
tj_deadlines_view_set_store (TjDeadlinesView *self, TjCaseStore *store)
{
  const char *titles[N_SECTIONS] = { _("Overdue"), _("Due Today"), _("Due This Week") };
  GtkListBox *lists[N_SECTIONS];
  g_autoptr(GPtrArray) newly_due = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *first_due_id = NULL;
  g_autofree char *today = tj_case_store_today (store);
  const TjDeadlineSettings *settings = tj_case_store_get_settings (store);
  TjCaseCursor cursor = { 0 };
  TjCaseFilter filter;
  GDate today_date;
  gboolean more = TRUE;

  g_return_if_fail (TJ_IS_DEADLINES_VIEW (self));

  tj_app_remove_children (GTK_WIDGET (self->content));
  for (guint s = 0; s < N_SECTIONS; s++)
    {
      lists[s] = add_section (self, titles[s]);
      self->counts[s] = 0;
    }
  g_date_clear (&today_date, 1);
  g_date_set_parse (&today_date, today);
  tj_case_filter_init (&filter);
  filter.order = TJ_CASE_ORDER_DUE;

  /* Overdue cases can be many (an old replica keeps open cases for years): count them on
   * the index, show the most overdue, and skip over the rest to today. */
  {
    g_autoptr(GPtrArray) rows = NULL;
    g_autoptr(GError) error = NULL;
    TjCaseFilter overdue = filter;
    TjCaseCursor next = { 0 };
    gint64 n_overdue = 0;

    overdue.overdue = TRUE;
    if (!tj_case_list_count (store, &overdue, &n_overdue, &error) ||
        !tj_case_list_page (store, &overdue, NULL, MAX_ROWS_PER_SECTION, &rows, &next, &error))
      {
        g_warning ("Deadlines: %s", error->message);
        return;
      }
    tj_case_cursor_clear (&next);
    self->counts[SECTION_OVERDUE] = (guint) n_overdue;
    for (guint i = 0; i < rows->len; i++)
      {
        TjCaseRow *r = g_ptr_array_index (rows, i);
        GDate due;

        g_date_clear (&due, 1);
        g_date_set_parse (&due, r->due);
        if (g_date_valid (&due))
          add_case_row (lists[SECTION_OVERDUE], r, settings, g_date_days_between (&today_date, &due));
      }
    if (n_overdue > 0 &&
        !tj_case_list_skip (store, &filter, NULL, (guint64) n_overdue, &cursor, &error))
      {
        g_warning ("Deadlines: %s", error->message);
        return;
      }
    /* Nothing after the overdue cases. */
    if (n_overdue > 0 && !cursor.valid)
      more = FALSE;
  }

  while (more)
    {
      g_autoptr(GPtrArray) rows = NULL;
      g_autoptr(GError) error = NULL;
      TjCaseCursor next = { 0 };

      if (!tj_case_list_page (store, &filter, cursor.valid ? &cursor : NULL, 200, &rows, &next,
                              &error))
        {
          g_warning ("Deadlines: %s", error->message);
          break;
        }
      tj_case_cursor_clear (&cursor);
      cursor = next;
      more = cursor.valid;
      for (guint i = 0; i < rows->len; i++)
        {
          TjCaseRow *r = g_ptr_array_index (rows, i);
          GDate due;
          int days;
          Section s;

          g_date_clear (&due, 1);
          g_date_set_parse (&due, r->due);
          if (!g_date_valid (&due))
            continue;
          days = g_date_days_between (&today_date, &due);
          if (days < 0)
            continue;       /* counted above */
          if (days > WEEK_DAYS)
            {
              more = FALSE;
              break;
            }
          s = days == 0 ? SECTION_TODAY : SECTION_WEEK;
          if (++self->counts[s] <= MAX_ROWS_PER_SECTION)
            add_case_row (lists[s], r, settings, days);
          if (s == SECTION_TODAY)
            {
              g_autofree char *id = tj_uuid_dup_string (&r->id);

              if (!g_hash_table_contains (self->notified, id))
                {
                  if (newly_due->len == 0)
                    first_due_id = g_strdup (id);
                  g_ptr_array_add (newly_due, g_strdup (r->case_no));
                  g_hash_table_add (self->notified, g_steal_pointer (&id));
                }
            }
        }
    }
  tj_case_cursor_clear (&cursor);

  for (guint s = 0; s < N_SECTIONS; s++)
    {
      GtkWidget *group = gtk_widget_get_ancestor (GTK_WIDGET (lists[s]), ADW_TYPE_PREFERENCES_GROUP);
      g_autofree char *desc = NULL;

      if (self->counts[s] == 0)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None"));
          gtk_widget_add_css_class (row, "dim-label");
          gtk_list_box_append (lists[s], row);
        }
      desc = self->counts[s] > MAX_ROWS_PER_SECTION
             ? g_strdup_printf (_("%u cases; the first %u are shown."), self->counts[s],
                                MAX_ROWS_PER_SECTION)
             : g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases",
                                             self->counts[s]), self->counts[s]);
      adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), desc);
    }
  notify_due (self, newly_due, first_due_id);
}

guint
tj_deadlines_view_get_n_urgent (TjDeadlinesView *self)
{
  g_return_val_if_fail (TJ_IS_DEADLINES_VIEW (self), 0);
  return self->counts[SECTION_OVERDUE] + self->counts[SECTION_TODAY];
}
