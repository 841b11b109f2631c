/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-read.h"
#include "tj-conflicts.h"
#include "tj-search.h"
#include "tj-window-private.h"

G_DEFINE_FINAL_TYPE (TjWindow, tj_window, ADW_TYPE_APPLICATION_WINDOW)

static gboolean
is_supervisor (TjWindow *self)
{
  return self->cases != NULL &&
         (tj_case_store_get_roles (self->cases) & TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR)) != 0;
}

static void
update_status (TjWindow *self)
{
  g_autofree char *pending_text = NULL;
  g_autofree char *synced_text = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  gint64 pending, last;

  if (self->cases == NULL)
    return;

  if (!tj_sync_controller_get_linked (self->sync))
    gtk_label_set_text (self->online_label, _("Local replica"));
  else if (tj_sync_controller_get_online (self->sync))
    gtk_label_set_text (self->online_label, _("Online"));
  else
    gtk_label_set_text (self->online_label, _("Offline"));
  gtk_widget_remove_css_class (GTK_WIDGET (self->online_label), "online");
  if (tj_sync_controller_get_online (self->sync))
    gtk_widget_add_css_class (GTK_WIDGET (self->online_label), "online");

  pending = tj_case_read_pending_edits (self->cases);
  if (pending > 0)
    pending_text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld edit waiting",
                                                 "%lld edits waiting", pending),
                                    (long long) pending);
  tj_app_label_set_text (self->pending_label, pending_text);

  last = tj_sync_controller_get_last_sync (self->sync);
  if (last > 0)
    {
      g_autofree char *when = tj_app_format_time (last);
      /* Translators: when the replica last synced with the server */
      synced_text = g_strdup_printf (_("Synced %s"), when);
    }
  else if (tj_sync_controller_get_linked (self->sync))
    synced_text = g_strdup (_("Never synced"));
  tj_app_label_set_text (self->synced_label, synced_text);

  conflicts = tj_conflicts_list (tj_case_store_get_store (self->cases), TRUE, NULL);
  if (conflicts != NULL && conflicts->len > 0)
    {
      g_autofree char *n = g_strdup_printf ("%u", conflicts->len);
      tj_app_label_set_text (self->conflicts_badge, n);
    }
  else
    tj_app_label_set_text (self->conflicts_badge, NULL);

  {
    guint urgent = tj_deadlines_view_get_n_urgent (self->deadlines_view);
    g_autofree char *n = urgent > 0 ? g_strdup_printf ("%u", urgent) : NULL;

    tj_app_label_set_text (self->deadlines_badge, n);
  }
}

static void
update_title (TjWindow *self)
{
  GtkStackPage *page = gtk_stack_get_page (self->stack, gtk_stack_get_visible_child (self->stack));

  adw_window_title_set_title (self->view_title, gtk_stack_page_get_title (page));
  adw_window_title_set_subtitle (self->view_title, "");
  if (gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->case_page))
    adw_window_title_set_subtitle (self->view_title, tj_case_page_get_case_no (self->case_page));
  gtk_widget_set_visible (self->back_button,
                          gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->case_page) ||
                          adw_leaflet_get_folded (self->leaflet));
  _tj_window_update_actions (self);
}

/* The list a person sees first: a supervisor reviews, a centre registers. */
static TjCasesView *
first_list (TjWindow *self)
{
  return is_supervisor (self) ? self->review_view : self->cases_view;
}

static void
select_sidebar_row (TjWindow *self, const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      gtk_list_box_select_row (self->sidebar, GTK_LIST_BOX_ROW (row));
}

/* The first searches on a replica the system has not read lately would wait for the
 * disk: once the case list is on screen, its search index is read ahead in a worker. */
static void
warm_search (TjWindow *self)
{
  if (self->warming != NULL || self->cases == NULL || !tj_case_store_is_initialised (self->cases))
    return;
  self->warming = g_cancellable_new ();
  tj_search_warm_async (tj_case_store_get_store (self->cases), self->warming, NULL, NULL);
}

static gboolean
refresh_others_cb (gpointer data)
{
  TjWindow *self = data;

  self->refresh_id = 0;
  /* A centre reads the review list only once it is shown (tj_window_show_view): a list
   * read for nothing holds a page of cases and a screen of rows. */
  if (first_list (self) == self->review_view)
    tj_cases_view_set_store (self->cases_view, self->cases);
  else if (tj_cases_view_get_model (self->review_view) != NULL)
    tj_cases_view_set_store (self->review_view, self->cases);
  tj_deadlines_view_set_store (self->deadlines_view, self->cases);
  tj_roster_view_set_store (self->roster_view, self->cases);
  tj_sync_view_set_store (self->sync_view, self->cases);
  update_status (self);
  warm_search (self);
  return G_SOURCE_REMOVE;
}

/* The views off screen and the header's counts are read once the case list is painted.
 * An idle callback alone is not enough: while the first frame waits for the display
 * server, the main loop is idle and would run it before the paint. */
static void
schedule_refresh (TjWindow *self)
{
  if (!self->painted)
    self->refresh_wanted = TRUE;
  else if (self->refresh_id == 0)
    self->refresh_id = g_idle_add_full (G_PRIORITY_LOW, refresh_others_cb, self, NULL);
}

static gboolean
refresh_pending (TjWindow *self)
{
  return self->refresh_wanted || self->refresh_id != 0;
}

static void
on_after_paint_cb (GdkFrameClock *clock, TjWindow *self)
{
  g_signal_handlers_disconnect_by_func (clock, on_after_paint_cb, self);
  self->painted = TRUE;
  if (self->refresh_wanted)
    {
      self->refresh_wanted = FALSE;
      schedule_refresh (self);
      warm_search (self);
    }
}

static void
on_realize_cb (TjWindow *self)
{
  if (!self->painted)
    g_signal_connect_object (gtk_widget_get_frame_clock (GTK_WIDGET (self)), "after-paint",
                             G_CALLBACK (on_after_paint_cb), self, 0);
}

static void
on_sidebar_row_activated_cb (GtkListBox *box, GtkListBoxRow *row, TjWindow *self)
{
  tj_window_show_view (self, gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
on_case_activated_cb (TjWindow *self, const char *id)
{
  tj_window_open_case (self, id);
}

static void
on_sync_notify_cb (TjWindow *self)
{
  gboolean syncing = tj_sync_controller_get_syncing (self->sync);
  double fraction = tj_sync_controller_get_fraction (self->sync);

  /* The bar shows a large or first sync; a few edits pass without it. */
  gtk_widget_set_visible (GTK_WIDGET (self->sync_progress), syncing && fraction >= 0);
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->sync_progress, fraction);
  /* Until the views off screen are read after the first paint, the status waits with
   * them: counting the edits waiting in a large outbox would hold the case list back. */
  if (!refresh_pending (self))
    update_status (self);
  _tj_window_update_actions (self);
}

static void
on_sync_failed_cb (TjWindow *self, const char *message)
{
  g_autofree char *text = g_strdup_printf (_("Sync failed: %s"), message);

  tj_window_toast (self, text);
}

static void
on_sync_recovered_cb (TjWindow *self)
{
  tj_window_toast (self, _("Back online: the replica is in sync again"));
}

static void
on_sync_finished_cb (TjWindow *self, gboolean changed)
{
  if (changed)
    tj_window_replica_changed (self);
  else
    update_status (self);
}

static void
on_setup_linked_cb (TjWindow *self, const char *url, const char *token)
{
  g_autoptr(GError) error = NULL;

  if (!tj_sync_controller_link (self->sync, url, token, &error))
    tj_window_toast (self, error->message);
}

static void
on_setup_done_cb (TjWindow *self)
{
  tj_window_replica_changed (self);
  tj_window_show_view (self, "cases");
  /* A replica set up from a server pulls its jurisdiction now, with a progress bar. */
  tj_sync_controller_start (self->sync);
}

static void
on_folded_cb (TjWindow *self)
{
  update_title (self);
}

static void
tj_window_dispose (GObject *object)
{
  TjWindow *self = TJ_WINDOW (object);

  if (self->sync != NULL)
    tj_sync_controller_stop (self->sync);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->warming != NULL)
    g_cancellable_cancel (self->warming);
  g_clear_object (&self->warming);
  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_WINDOW);
  g_clear_object (&self->sync);
  g_clear_object (&self->cases);
  G_OBJECT_CLASS (tj_window_parent_class)->dispose (object);
}

static void
tj_window_finalize (GObject *object)
{
  TjWindow *self = TJ_WINDOW (object);

  g_free (self->previous_view);
  G_OBJECT_CLASS (tj_window_parent_class)->finalize (object);
}

static void
tj_window_class_init (TjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_window_dispose;
  object_class->finalize = tj_window_finalize;

  g_type_ensure (TJ_TYPE_CASES_VIEW);
  g_type_ensure (TJ_TYPE_CASE_PAGE);
  g_type_ensure (TJ_TYPE_DEADLINES_VIEW);
  g_type_ensure (TJ_TYPE_ROSTER_VIEW);
  g_type_ensure (TJ_TYPE_SETUP_PAGE);
  g_type_ensure (TJ_TYPE_SYNC_VIEW);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sidebar_box);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, content_box);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, view_title);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, back_button);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, new_case_button);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, online_label);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, pending_label);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, synced_label);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, deadlines_badge);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, conflicts_badge);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sync_progress);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, setup_page);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, cases_view);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, review_view);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, deadlines_view);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, roster_view);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, sync_view);
  gtk_widget_class_bind_template_child (widget_class, TjWindow, case_page);
  gtk_widget_class_bind_template_callback (widget_class, on_sidebar_row_activated_cb);

  _tj_window_class_add_actions (widget_class);
}

static void
tj_window_init (TjWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  /* A homogeneous stack measures every page to size itself, and the first frame would
   * lay out the case page, the deadlines, the roster and the rest under the case list. */
  gtk_stack_set_hhomogeneous (self->stack, FALSE);
  gtk_stack_set_vhomogeneous (self->stack, FALSE);

  if (DEVELOPMENT)
    gtk_widget_add_css_class (GTK_WIDGET (self), "devel");
  self->previous_view = g_strdup ("cases");
  g_signal_connect_object (self->cases_view, "case-activated",
                           G_CALLBACK (on_case_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->review_view, "case-activated",
                           G_CALLBACK (on_case_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->deadlines_view, "case-activated",
                           G_CALLBACK (on_case_activated_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->setup_page, "linked",
                           G_CALLBACK (on_setup_linked_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->setup_page, "done",
                           G_CALLBACK (on_setup_done_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->leaflet, "notify::folded",
                           G_CALLBACK (on_folded_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect (self, "realize", G_CALLBACK (on_realize_cb), NULL);
}

TjWindow *
tj_window_new (TjApplication *app)
{
  TjWindow *self;
  TjCaseStore *cases;

  g_return_val_if_fail (TJ_IS_APPLICATION (app), NULL);

  self = g_object_new (TJ_TYPE_WINDOW, "application", app, NULL);
  cases = tj_application_get_case_store (app);
  self->sync = tj_sync_controller_new (cases, tj_application_get_settings (app));
  g_signal_connect_object (self->sync, "notify", G_CALLBACK (on_sync_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "failed", G_CALLBACK (on_sync_failed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "recovered", G_CALLBACK (on_sync_recovered_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->sync, "finished", G_CALLBACK (on_sync_finished_cb), self,
                           G_CONNECT_SWAPPED);
  tj_sync_view_set_controller (self->sync_view, self->sync);

  if (cases == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      tj_setup_page_show_error (self->setup_page, _("The replica could not be opened."));
      gtk_widget_set_sensitive (self->sidebar_box, FALSE);
      update_title (self);
      return self;
    }
  self->cases = g_object_ref (cases);
  tj_setup_page_set_store (self->setup_page, cases);
  tj_case_page_set_store (self->case_page, cases);

  if (!tj_case_store_is_initialised (cases))
    {
      gtk_stack_set_visible_child_name (self->stack, "setup");
      gtk_widget_set_sensitive (self->sidebar_box, FALSE);
      update_title (self);
      return self;
    }
  tj_window_replica_changed (self);
  tj_window_show_view (self, is_supervisor (self) ? "review" : "cases");
  tj_sync_controller_start (self->sync);
  return self;
}

TjCaseStore *
tj_window_get_case_store (TjWindow *self)
{
  g_return_val_if_fail (TJ_IS_WINDOW (self), NULL);
  return self->cases;
}

void
tj_window_show_view (TjWindow *self, const char *name)
{
  GtkWidget *child;

  g_return_if_fail (TJ_IS_WINDOW (self));

  child = gtk_stack_get_child_by_name (self->stack, name);
  if (child == NULL || self->cases == NULL || !tj_case_store_is_initialised (self->cases))
    return;
  if (child == GTK_WIDGET (self->review_view) &&
      tj_cases_view_get_model (self->review_view) == NULL)
    tj_cases_view_set_store (self->review_view, self->cases);
  gtk_stack_set_visible_child (self->stack, child);
  select_sidebar_row (self, name);
  g_free (self->previous_view);
  self->previous_view = g_strdup (name);
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_title (self);
}

void
tj_window_open_case (TjWindow *self, const char *id)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TJ_IS_WINDOW (self));
  g_return_if_fail (id != NULL);

  if (!tj_case_page_load (self->case_page, id, &error))
    {
      tj_window_toast (self, error->message);
      return;
    }
  gtk_stack_set_visible_child (self->stack, GTK_WIDGET (self->case_page));
  /* A case belongs under the list of cases, whichever view it was opened from. */
  select_sidebar_row (self, first_list (self) == self->review_view ? "review" : "cases");
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  update_title (self);
}

void
tj_window_toast (TjWindow *self, const char *text)
{
  AdwToast *toast;

  g_return_if_fail (TJ_IS_WINDOW (self));

  toast = adw_toast_new (text);
  adw_toast_set_timeout (toast, 6);
  adw_toast_overlay_add_toast (self->toast_overlay, toast);
}

void
tj_window_replica_changed (TjWindow *self)
{
  gboolean supervisor;

  g_return_if_fail (TJ_IS_WINDOW (self));

  if (self->cases == NULL || !tj_case_store_is_initialised (self->cases))
    return;
  supervisor = is_supervisor (self);
  gtk_widget_set_sensitive (self->sidebar_box, TRUE);
  tj_cases_view_set_store (first_list (self), self->cases);
  /* The other views and the header's counts wait until the case list is on screen. */
  schedule_refresh (self);
  /* Review lists the jurisdiction's cases for a supervisor; a centre has no use for it. */
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row != NULL;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), "review") == 0)
      gtk_widget_set_visible (row, supervisor);
  if (gtk_stack_get_visible_child (self->stack) == GTK_WIDGET (self->case_page))
    tj_case_page_reload (self->case_page);
  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->stack), "setup") == 0)
    gtk_stack_set_visible_child_name (self->stack, "cases");
  update_title (self);
}
