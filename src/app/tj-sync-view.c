/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-read.h"
#include "tj-conflict-dialog.h"
#include "tj-conflicts.h"
#include "tj-sync-view.h"
#include "tj-uuid.h"

struct _TjSyncView
{
  GtkWidget         parent_instance;

  TjCaseStore      *store;          /* (nullable) */
  TjSyncController *sync;           /* (nullable) */

  /* Template widgets */
  GtkBox           *content;
};

G_DEFINE_FINAL_TYPE (TjSyncView, tj_sync_view, GTK_TYPE_WIDGET)

static GtkWidget *
add_group (TjSyncView *self, const char *title, const char *description, GtkListBox **list)
{
  GtkWidget *group = adw_preferences_group_new ();

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), title);
  if (description != NULL)
    adw_preferences_group_set_description (ADW_PREFERENCES_GROUP (group), description);
  *list = GTK_LIST_BOX (gtk_list_box_new ());
  gtk_list_box_set_selection_mode (*list, GTK_SELECTION_NONE);
  gtk_widget_add_css_class (GTK_WIDGET (*list), "boxed-list");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), GTK_WIDGET (*list));
  gtk_box_append (self->content, group);
  return group;
}

static void
add_row (GtkListBox *list, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
}

static void
on_conflict_resolved_cb (TjSyncView *self)
{
  /* A resolution is an edit: the views read it again and it is pushed soon. */
  gtk_widget_activate_action (GTK_WIDGET (self), "win.changed", NULL);
}

static void
resolve_conflict_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjSyncView *self = TJ_SYNC_VIEW (widget);

  if (self->store != NULL)
    tj_conflict_dialog_present (self->store, g_variant_get_string (param, NULL), widget,
                                G_CALLBACK (on_conflict_resolved_cb), self);
}

static void
refresh (TjSyncView *self)
{
  g_autoptr(GPtrArray) conflicts = NULL;
  GtkListBox *list;
  g_autofree char *pending = NULL;

  tj_app_remove_children (GTK_WIDGET (self->content));
  if (self->store == NULL)
    return;

  add_group (self, _("Server"), NULL, &list);
  if (self->sync != NULL && tj_sync_controller_get_linked (self->sync))
    {
      g_autofree char *last = tj_sync_controller_get_last_sync (self->sync) > 0
                              ? tj_app_format_time (tj_sync_controller_get_last_sync (self->sync))
                              : g_strdup (_("never"));

      add_row (list, tj_sync_controller_get_server (self->sync),
               tj_sync_controller_get_online (self->sync) ? _("Online") : _("Offline"));
      add_row (list, _("Last synced"), last);
      if (tj_sync_controller_get_last_error (self->sync) != NULL)
        add_row (list, _("Last error"), tj_sync_controller_get_last_error (self->sync));
    }
  else
    add_row (list, _("Not linked"), _("This replica works offline; its edits wait until it is "
                                      "linked to a provincial server."));
  {
    gint64 n = tj_case_read_pending_edits (self->store);
    pending = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%lld edit waiting to be pushed",
                                            "%lld edits waiting to be pushed", n), (long long) n);
    add_row (list, _("Outbox"), pending);
  }

  add_group (self, _("Conflicts"),
             _("Two people changed the same field; the server kept one value and recorded "
               "both."), &list);
  conflicts = tj_conflicts_list (tj_case_store_get_store (self->store), TRUE, NULL);
  for (guint i = 0; conflicts != NULL && i < conflicts->len; i++)
    {
      TjConflict *c = g_ptr_array_index (conflicts, i);
      g_autofree char *id = tj_uuid_dup_string (&c->id);
      g_autofree char *kept = tj_conflict_value_text (c->kept_value);
      g_autofree char *lost = tj_conflict_value_text (c->lost_value);
      /* Translators: the two values of a conflict and who wrote them */
      g_autofree char *sub = g_strdup_printf (_("Kept: %s (%s) — Other: %s (%s)"),
                                              kept, c->kept_user ? c->kept_user : "?",
                                              lost, c->lost_user ? c->lost_user : "?");
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resolve…"));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), tj_case_field_label (c->field));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_name (button, "resolve");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "sync.resolve-conflict");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (list, row);
    }
  if (conflicts == NULL || conflicts->len == 0)
    add_row (list, _("No open conflicts"), NULL);

  add_group (self, _("Rejected Edits"),
             _("Edits the server refused; they were not applied anywhere."), &list);
  {
    g_autoptr(GPtrArray) rejected = tj_case_read_rejections (self->store, NULL);

    for (guint i = 0; rejected != NULL && i < rejected->len; i++)
      {
        TjRejectionEntry *r = g_ptr_array_index (rejected, i);
        g_autofree char *title = g_strdup_printf ("%s%s%s", r->type ? r->type : "?",
                                                  r->field ? " · " : "", r->field ? r->field : "");
        /* Translators: a reason, then the value that was refused */
        g_autofree char *detail = r->value ? g_strdup_printf (_("%s (refused: “%s”)"), r->reason,
                                                              r->value)
                                           : NULL;

        add_row (list, title, detail ? detail : r->reason);
      }
    if (rejected == NULL || rejected->len == 0)
      add_row (list, _("No rejected edits"), NULL);
  }
}

static void
on_sync_notify_cb (TjSyncView *self)
{
  refresh (self);
}

static void
tj_sync_view_dispose (GObject *object)
{
  TjSyncView *self = TJ_SYNC_VIEW (object);

  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_SYNC_VIEW);
  g_clear_object (&self->store);
  g_clear_object (&self->sync);
  G_OBJECT_CLASS (tj_sync_view_parent_class)->dispose (object);
}

static void
tj_sync_view_class_init (TjSyncViewClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = tj_sync_view_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-sync-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TjSyncView, content);
  gtk_widget_class_install_action (widget_class, "sync.resolve-conflict", "s",
                                   resolve_conflict_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_sync_view_init (TjSyncView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tj_sync_view_set_store (TjSyncView *self, TjCaseStore *store)
{
  g_return_if_fail (TJ_IS_SYNC_VIEW (self));
  g_set_object (&self->store, store);
  refresh (self);
}

void
tj_sync_view_set_controller (TjSyncView *self, TjSyncController *sync)
{
  g_return_if_fail (TJ_IS_SYNC_VIEW (self));
  if (g_set_object (&self->sync, sync))
    g_signal_connect_object (sync, "notify", G_CALLBACK (on_sync_notify_cb), self,
                             G_CONNECT_SWAPPED);
  refresh (self);
}
