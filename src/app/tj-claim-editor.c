/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-claim-editor.h"
#include "tj-form-row.h"
#include "tj-money.h"

/* A claim of a new case or of the case on the page: each field checked as it is typed by
 * tj_claim_normalise (), the rule the store applies again when it is saved. */

struct _TjClaimEditor
{
  AdwPreferencesGroup  parent_instance;

  guint        number;
  gboolean     filling;
  GtkWidget   *type_row;
  GtkWidget   *amount_row;
  GtkEntry    *amount;
  GtkWidget   *from_row;
  GtkEntry    *from;
  GtkWidget   *to_row;
  GtkEntry    *to;
  GtkWidget   *description_row;
  GtkEntry    *description;

  /* Template widgets */
  GtkWidget   *remove_button;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjClaimEditor, tj_claim_editor, ADW_TYPE_PREFERENCES_GROUP)

static void
clear_errors (TjClaimEditor *self)
{
  tj_form_row_set_error (self->amount_row, NULL);
  tj_form_row_set_error (self->from_row, NULL);
  tj_form_row_set_error (self->to_row, NULL);
  tj_form_row_set_error (self->description_row, NULL);
}

/* The row a message of tj_claim_normalise () is about: the message names its field. */
static GtkWidget *
row_of_field (TjClaimEditor *self, const char *message)
{
  g_autofree char *from = g_strdup_printf (_("Claim %u period from"), self->number);
  g_autofree char *description = g_strdup_printf (_("Claim %u description"), self->number);
  g_autofree char *amount = g_strdup_printf (_("Claim %u amount"), self->number);

  if (g_str_has_prefix (message, from))
    return self->from_row;
  if (g_str_has_prefix (message, description))
    return self->description_row;
  if (g_str_has_prefix (message, amount))
    return self->amount_row;
  return self->to_row;
}

/* The claim as typed and checked, or NULL with the error shown beside its row. */
static TjClaim *
build (TjClaimEditor *self, GError **error)
{
  g_autofree char *amount = tj_form_entry_dup_text (self->amount);
  g_autofree char *field = g_strdup_printf (_("Claim %u amount"), self->number);
  g_autoptr(TjClaim) claim = NULL;
  g_autoptr(GError) local = NULL;
  gint64 fen = 0;

  clear_errors (self);
  if (amount != NULL && !tj_money_parse_yuan (field, amount, &fen, &local))
    {
      tj_form_row_set_error (self->amount_row, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  claim = tj_claim_new (adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row)), fen);
  claim->period_from = tj_form_entry_dup_text (self->from);
  claim->period_to = tj_form_entry_dup_text (self->to);
  claim->description = tj_form_entry_dup_text (self->description);
  if (!tj_claim_normalise (claim, self->number, &local))
    {
      tj_form_row_set_error (row_of_field (self, local->message), local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return g_steal_pointer (&claim);
}

static void
on_changed_cb (TjClaimEditor *self)
{
  g_autoptr(TjClaim) claim = NULL;

  if (self->filling)
    return;
  claim = build (self, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_remove_clicked_cb (TjClaimEditor *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static GtkWidget *
add_entry (TjClaimEditor *self, const char *title, const char *placeholder, GtkEntry **entry,
           const char *name)
{
  GtkWidget *row = tj_form_entry_row_new_watched (title, placeholder, name,
                                                  G_CALLBACK (on_changed_cb), self, entry);

  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return row;
}

static void
tj_claim_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TJ_TYPE_CLAIM_EDITOR);
  G_OBJECT_CLASS (tj_claim_editor_parent_class)->dispose (object);
}

static void
tj_claim_editor_class_init (TjClaimEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_claim_editor_dispose;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-claim-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TjClaimEditor, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
}

static void
tj_claim_editor_init (TjClaimEditor *self)
{
  g_autoptr(GtkStringList) types = tj_app_enum_strings (&tj_enum_dispute, NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->type_row = tj_form_combo_row_new (_("Type"), types);
  gtk_widget_set_name (self->type_row, "claim-type");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->type_row), TJ_DISPUTE_WAGES);
  g_signal_connect_object (self->type_row, "notify::selected", G_CALLBACK (on_changed_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->type_row);
  self->amount_row = add_entry (self, _("Amount (yuan)"), "12345.67", &self->amount, "amount");
  self->from_row = add_entry (self, _("Period from"), "2025-01-01", &self->from, "period-from");
  self->to_row = add_entry (self, _("Period to"), "2025-03-31", &self->to, "period-to");
  self->description_row = add_entry (self, _("Description"), NULL, &self->description,
                                     "claim-description");
}

TjClaimEditor *
tj_claim_editor_new (guint number, gboolean removable)
{
  TjClaimEditor *self = g_object_new (TJ_TYPE_CLAIM_EDITOR, NULL);

  gtk_widget_set_visible (self->remove_button, removable);
  tj_claim_editor_set_number (self, number);
  return self;
}

void
tj_claim_editor_set_number (TjClaimEditor *self, guint number)
{
  g_autofree char *title = NULL;

  g_return_if_fail (TJ_IS_CLAIM_EDITOR (self));

  self->number = number;
  title = g_strdup_printf (_("Claim %u"), number);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), title);
}

void
tj_claim_editor_set_claim (TjClaimEditor *self, const TjClaim *claim)
{
  GtkRoot *root;
  GtkWidget *focus;
  struct { GtkEntry *entry; const char *value; } fields[] = {
    { self->from, claim->period_from }, { self->to, claim->period_to },
    { self->description, claim->description },
  };
  g_autofree char *yuan = tj_money_format_yuan (claim->amount);

  g_return_if_fail (TJ_IS_CLAIM_EDITOR (self));

  /* What the person is typing into stays as it is. */
  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  self->filling = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->type_row), claim->type);
  if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (self->amount)))
    gtk_editable_set_text (GTK_EDITABLE (self->amount), yuan);
  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    if (focus == NULL || !gtk_widget_is_ancestor (focus, GTK_WIDGET (fields[i].entry)))
      gtk_editable_set_text (GTK_EDITABLE (fields[i].entry), fields[i].value ? fields[i].value : "");
  self->filling = FALSE;
  tj_claim_editor_is_valid (self);
}

TjDispute
tj_claim_editor_get_dispute (TjClaimEditor *self)
{
  g_return_val_if_fail (TJ_IS_CLAIM_EDITOR (self), TJ_DISPUTE_WAGES);
  return adw_combo_row_get_selected (ADW_COMBO_ROW (self->type_row));
}

gboolean
tj_claim_editor_is_valid (TjClaimEditor *self)
{
  g_autoptr(TjClaim) claim = NULL;

  g_return_val_if_fail (TJ_IS_CLAIM_EDITOR (self), FALSE);
  claim = build (self, NULL);
  return claim != NULL;
}

TjClaim *
tj_claim_editor_get_claim (TjClaimEditor *self, GError **error)
{
  g_return_val_if_fail (TJ_IS_CLAIM_EDITOR (self), NULL);
  return build (self, error);
}

GStrv
tj_claim_editor_dup_changes (TjClaimEditor *self, const TjClaim *stored)
{
  g_autoptr(TjClaim) typed = NULL;
  g_autoptr(GPtrArray) changes = g_ptr_array_new_with_free_func (g_free);

  g_return_val_if_fail (TJ_IS_CLAIM_EDITOR (self), NULL);

  typed = build (self, NULL);
  if (typed == NULL)
    return NULL;
  if (typed->type != stored->type)
    g_ptr_array_add (changes, g_strdup_printf ("type=%s", tj_enum_key (&tj_enum_dispute,
                                                                       typed->type)));
  if (typed->amount != stored->amount)
    {
      g_autofree char *yuan = tj_money_format_yuan (typed->amount);
      g_ptr_array_add (changes, g_strdup_printf ("amount=%s", yuan));
    }
  if (g_strcmp0 (typed->period_from, stored->period_from) != 0)
    g_ptr_array_add (changes, g_strconcat ("period_from=", typed->period_from, NULL));
  if (g_strcmp0 (typed->period_to, stored->period_to) != 0)
    g_ptr_array_add (changes, g_strconcat ("period_to=", typed->period_to, NULL));
  if (g_strcmp0 (typed->description, stored->description) != 0)
    g_ptr_array_add (changes, g_strconcat ("description=", typed->description, NULL));
  if (changes->len == 0)
    return NULL;
  g_ptr_array_add (changes, NULL);
  return (GStrv) g_ptr_array_free (g_steal_pointer (&changes), FALSE);
}

void
tj_claim_editor_set_error (TjClaimEditor *self, const char *field, const char *message)
{
  GtkWidget *row;

  g_return_if_fail (TJ_IS_CLAIM_EDITOR (self));

  row = g_strcmp0 (field, "period_from") == 0 ? self->from_row
      : g_strcmp0 (field, "period_to") == 0 ? self->to_row
      : g_strcmp0 (field, "description") == 0 ? self->description_row
      : self->amount_row;
  tj_form_row_set_error (row, message);
}

void
tj_claim_editor_set_editable (TjClaimEditor *self, gboolean editable)
{
  g_return_if_fail (TJ_IS_CLAIM_EDITOR (self));

  gtk_widget_set_sensitive (self->type_row, editable);
  tj_form_entry_set_editable (self->amount, editable);
  tj_form_entry_set_editable (self->from, editable);
  tj_form_entry_set_editable (self->to, editable);
  tj_form_entry_set_editable (self->description, editable);
  if (!editable)
    gtk_widget_set_visible (self->remove_button, FALSE);
}
