/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-delegate-dialog.h"
#include "tj-form-row.h"

struct _TjDelegateDialog
{
  TjFormDialog   parent_instance;

  GPtrArray     *targets;           /* TjOrgChoice, in the order of the list */

  /* Template widgets */
  GtkWidget     *to_row;
  GtkStringList *to_names;
  GtkEntry      *reason;
};

G_DEFINE_FINAL_TYPE (TjDelegateDialog, tj_delegate_dialog, TJ_TYPE_FORM_DIALOG)

static gboolean
tj_delegate_dialog_apply (TjFormDialog *dialog, GError **error)
{
  TjDelegateDialog *self = TJ_DELEGATE_DIALOG (dialog);
  guint chosen = adw_combo_row_get_selected (ADW_COMBO_ROW (self->to_row));
  g_autofree char *reason = tj_form_entry_dup_text (self->reason);
  TjOrgChoice *to;

  if (self->targets == NULL || chosen >= self->targets->len)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("Organisation: choose where the case goes."));
      return FALSE;
    }
  to = g_ptr_array_index (self->targets, chosen);
  return tj_case_store_move (tj_form_dialog_get_store (dialog),
                             tj_form_dialog_get_case_id (dialog), to->id, reason, NULL, error);
}

static void
tj_delegate_dialog_finalize (GObject *object)
{
  TjDelegateDialog *self = TJ_DELEGATE_DIALOG (object);

  g_clear_pointer (&self->targets, g_ptr_array_unref);
  G_OBJECT_CLASS (tj_delegate_dialog_parent_class)->finalize (object);
}

static void
tj_delegate_dialog_class_init (TjDelegateDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tj_delegate_dialog_finalize;
  TJ_FORM_DIALOG_CLASS (klass)->apply = tj_delegate_dialog_apply;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-delegate-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TjDelegateDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, TjDelegateDialog, to_names);
  gtk_widget_class_bind_template_child (widget_class, TjDelegateDialog, reason);
}

static void
tj_delegate_dialog_init (TjDelegateDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TjDelegateDialog *
tj_delegate_dialog_new (TjCaseStore *store, const TjCase *c)
{
  TjDelegateDialog *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (TJ_TYPE_DELEGATE_DIALOG, NULL);
  tj_form_dialog_set_store (TJ_FORM_DIALOG (self), store);
  tj_form_dialog_set_case (TJ_FORM_DIALOG (self), c);
  self->targets = tj_case_store_delegation_targets (store, c, &error);
  if (self->targets == NULL)
    tj_form_dialog_show_error (TJ_FORM_DIALOG (self), error->message);
  for (guint i = 0; self->targets != NULL && i < self->targets->len; i++)
    gtk_string_list_append (self->to_names,
                            ((TjOrgChoice *) g_ptr_array_index (self->targets, i))->name);
  if (self->targets != NULL && self->targets->len == 0)
    tj_form_dialog_show_error (TJ_FORM_DIALOG (self),
                               _("No other mediation organisation of your jurisdiction is in "
                                 "this replica; sync first."));
  return self;
}
