/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-conflicts.h"
#include "tj-conflict-dialog.h"
#include "tj-conflicts.h"

struct _TjCaseConflicts
{
  GtkWidget     parent_instance;

  TjCaseStore  *store;              /* (nullable) */
  TjUuid        case_id;
  GPtrArray    *fields;             /* the case's own fields in conflict (char *) */
  GPtrArray    *rows;               /* the rows shown */

  /* Template widgets */
  AdwPreferencesGroup *group;
};

enum {
  RESOLVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjCaseConflicts, tj_case_conflicts, GTK_TYPE_WIDGET)

/* "Applicant 1 · Phone", or the field alone for the case's own. */
static char *
row_title (const TjCase *c, const TjConflict *k)
{
  const char *field = tj_case_field_label (k->field);

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);

      if (tj_uuid_equal (&p->id, &k->record))
        {
          g_autofree char *who = tj_case_party_label (c, p);

          return g_strdup_printf ("%s · %s", who, field);
        }
    }
  for (guint i = 0; i < c->claims->len; i++)
    if (tj_uuid_equal (&((TjClaim *) g_ptr_array_index (c->claims, i))->id, &k->record))
      /* Translators: the n-th claim of a case, then a field of it */
      return g_strdup_printf (_("Claim %u · %s"), i + 1, field);
  return g_strdup (field);
}

static void
on_resolved_cb (TjCaseConflicts *self)
{
  g_signal_emit (self, signals[RESOLVED], 0);
}

static void
resolve_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjCaseConflicts *self = TJ_CASE_CONFLICTS (widget);

  if (self->store != NULL)
    tj_conflict_dialog_present (self->store, g_variant_get_string (param, NULL), widget,
                                G_CALLBACK (on_resolved_cb), self);
}

static void
clear_rows (TjCaseConflicts *self)
{
  for (guint i = 0; i < self->rows->len; i++)
    adw_preferences_group_remove (self->group, g_ptr_array_index (self->rows, i));
  g_ptr_array_set_size (self->rows, 0);
  g_ptr_array_set_size (self->fields, 0);
}

void
tj_case_conflicts_set_case (TjCaseConflicts *self, TjCaseStore *store, const TjCase *c)
{
  g_autoptr(GPtrArray) open = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (TJ_IS_CASE_CONFLICTS (self));

  g_set_object (&self->store, store);
  clear_rows (self);
  if (store != NULL && c != NULL)
    {
      self->case_id = c->id;
      open = tj_conflicts_for_case (tj_case_store_get_store (store), c, &error);
      if (open == NULL)
        g_warning ("%s", error->message);
    }
  for (guint i = 0; open != NULL && i < open->len; i++)
    {
      TjConflict *k = g_ptr_array_index (open, i);
      g_autofree char *title = row_title (c, k);
      g_autofree char *kept = tj_conflict_value_text (k->kept_value);
      g_autofree char *lost = tj_conflict_value_text (k->lost_value);
      /* Translators: the value the server kept, then the other one */
      g_autofree char *subtitle = g_strdup_printf (_("Kept: %s · Other: %s"),
                                                   kept ? kept : "—", lost ? lost : "—");
      char id[TJ_UUID_STRING_LEN + 1];
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Resolve…"));

      tj_uuid_to_string (&k->id, id);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      gtk_widget_set_name (button, "resolve");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "conflicts.resolve");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", id);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      adw_preferences_group_add (self->group, row);
      g_ptr_array_add (self->rows, row);
      if (tj_uuid_equal (&k->record, &c->id))
        g_ptr_array_add (self->fields, g_strdup (k->field));
    }
  gtk_widget_set_visible (GTK_WIDGET (self), self->rows->len > 0);
}

gboolean
tj_case_conflicts_has_field (TjCaseConflicts *self, const char *field)
{
  g_return_val_if_fail (TJ_IS_CASE_CONFLICTS (self), FALSE);

  for (guint i = 0; i < self->fields->len; i++)
    if (g_strcmp0 (g_ptr_array_index (self->fields, i), field) == 0)
      return TRUE;
  return FALSE;
}

static void
tj_case_conflicts_dispose (GObject *object)
{
  TjCaseConflicts *self = TJ_CASE_CONFLICTS (object);

  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_CASE_CONFLICTS);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_case_conflicts_parent_class)->dispose (object);
}

static void
tj_case_conflicts_finalize (GObject *object)
{
  TjCaseConflicts *self = TJ_CASE_CONFLICTS (object);

  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->rows);
  G_OBJECT_CLASS (tj_case_conflicts_parent_class)->finalize (object);
}

static void
tj_case_conflicts_class_init (TjCaseConflictsClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_case_conflicts_dispose;
  object_class->finalize = tj_case_conflicts_finalize;
  signals[RESOLVED] = g_signal_new ("resolved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 0);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-case-conflicts.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
  gtk_widget_class_bind_template_child (widget_class, TjCaseConflicts, group);
  gtk_widget_class_install_action (widget_class, "conflicts.resolve", "s", resolve_activated);
}

static void
tj_case_conflicts_init (TjCaseConflicts *self)
{
  self->fields = g_ptr_array_new_with_free_func (g_free);
  self->rows = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
