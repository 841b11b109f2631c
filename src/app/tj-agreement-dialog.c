/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-agreement-dialog.h"
#include "tj-app-util.h"
#include "tj-form-row.h"
#include "tj-money.h"
#include "tj-workflow.h"

typedef struct {
  GtkWidget *amount_row;
  GtkEntry  *payer;
  GtkEntry  *payee;
  GtkEntry  *what;
  GtkEntry  *amount;
  GtkEntry  *due;
  GtkEntry  *method;
} ClauseRows;

struct _TjAgreementDialog
{
  TjFormDialog  parent_instance;

  char         *payer_default;      /* (nullable) */
  char         *payee_default;      /* (nullable) */
  GArray       *clauses;            /* ClauseRows */

  /* Template widgets */
  AdwPreferencesGroup *clauses_group;
  GtkEntry     *signed_date;
  GtkEntry     *effective;
  GtkEntry     *waiver;
};

G_DEFINE_FINAL_TYPE (TjAgreementDialog, tj_agreement_dialog, TJ_TYPE_FORM_DIALOG)

static GtkWidget *
add_entry (TjAgreementDialog *self, const char *title, const char *placeholder,
           GtkEntry **entry, const char *name)
{
  return tj_form_dialog_add_entry (TJ_FORM_DIALOG (self), self->clauses_group, title,
                                   placeholder, name, entry);
}

static void
on_amount_changed_cb (TjAgreementDialog *self)
{
  for (guint i = 0; i < self->clauses->len; i++)
    {
      ClauseRows *rows = &g_array_index (self->clauses, ClauseRows, i);
      g_autofree char *amount = tj_form_entry_dup_text (rows->amount);
      g_autofree char *field = g_strdup_printf (_("Clause %u amount"), i + 1);
      g_autoptr(GError) error = NULL;
      gint64 fen;

      if (amount != NULL && !tj_money_parse_yuan (field, amount, &fen, &error))
        tj_form_row_set_error (rows->amount_row, error->message);
      else
        tj_form_row_set_error (rows->amount_row, NULL);
    }
}

static void
on_add_clause_cb (TjAgreementDialog *self)
{
  ClauseRows rows = { 0 };
  g_autofree char *title = g_strdup_printf (_("Clause %u"), self->clauses->len + 1);
  GtkWidget *header = gtk_label_new (title);

  gtk_widget_add_css_class (header, "heading");
  gtk_label_set_xalign (GTK_LABEL (header), 0);
  gtk_widget_set_margin_top (header, self->clauses->len > 0 ? 12 : 0);
  adw_preferences_group_add (self->clauses_group, header);
  add_entry (self, _("Payer"), NULL, &rows.payer, "payer");
  add_entry (self, _("Payee"), NULL, &rows.payee, "payee");
  add_entry (self, _("What is paid or done"), NULL, &rows.what, "what");
  rows.amount_row = add_entry (self, _("Amount (yuan)"), _("Leave empty for an act"),
                               &rows.amount, "clause-amount");
  add_entry (self, _("Due date"), "2026-03-31", &rows.due, "clause-due");
  add_entry (self, _("Method"), _("Bank transfer, cash, …"), &rows.method, "method");
  if (self->payer_default != NULL)
    gtk_editable_set_text (GTK_EDITABLE (rows.payer), self->payer_default);
  if (self->payee_default != NULL)
    gtk_editable_set_text (GTK_EDITABLE (rows.payee), self->payee_default);
  g_signal_connect_object (rows.amount, "changed", G_CALLBACK (on_amount_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_array_append_val (self->clauses, rows);
}

static gboolean
tj_agreement_dialog_apply (TjFormDialog *dialog, GError **error)
{
  TjAgreementDialog *self = TJ_AGREEMENT_DIALOG (dialog);
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  g_autofree char *signed_date = tj_form_entry_dup_text (self->signed_date);
  g_autofree char *effective = tj_form_entry_dup_text (self->effective);
  g_autofree char *waiver = tj_form_entry_dup_text (self->waiver);
  TjActionArgs args = { 0 };

  for (guint i = 0; i < self->clauses->len; i++)
    {
      ClauseRows *rows = &g_array_index (self->clauses, ClauseRows, i);
      g_autofree char *amount = tj_form_entry_dup_text (rows->amount);
      g_autofree char *field = g_strdup_printf (_("Clause %u amount"), i + 1);
      TjClause *cl = tj_clause_new ();

      g_ptr_array_add (clauses, cl);
      cl->payer = tj_form_entry_dup_text (rows->payer);
      cl->payee = tj_form_entry_dup_text (rows->payee);
      cl->what = tj_form_entry_dup_text (rows->what);
      cl->due = tj_form_entry_dup_text (rows->due);
      cl->method = tj_form_entry_dup_text (rows->method);
      cl->amount = -1;
      if (amount != NULL && !tj_money_parse_yuan (field, amount, &cl->amount, error))
        return FALSE;
    }
  args.paid = -1;
  args.date = signed_date;
  args.effective = effective;
  args.waiver = waiver;
  args.clauses = clauses;
  return tj_case_store_do (tj_form_dialog_get_store (dialog), tj_form_dialog_get_case_id (dialog),
                           TJ_ACTION_AGREE, &args, NULL, error);
}

static void
tj_agreement_dialog_finalize (GObject *object)
{
  TjAgreementDialog *self = TJ_AGREEMENT_DIALOG (object);

  g_free (self->payer_default);
  g_free (self->payee_default);
  g_array_unref (self->clauses);
  G_OBJECT_CLASS (tj_agreement_dialog_parent_class)->finalize (object);
}

static void
tj_agreement_dialog_class_init (TjAgreementDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = tj_agreement_dialog_finalize;
  TJ_FORM_DIALOG_CLASS (klass)->apply = tj_agreement_dialog_apply;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-agreement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, clauses_group);
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, signed_date);
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, effective);
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, waiver);
  gtk_widget_class_bind_template_callback (widget_class, on_add_clause_cb);
}

static void
tj_agreement_dialog_init (TjAgreementDialog *self)
{
  self->clauses = g_array_new (FALSE, TRUE, sizeof (ClauseRows));
  gtk_widget_init_template (GTK_WIDGET (self));
}

TjAgreementDialog *
tj_agreement_dialog_new (TjCaseStore *store, const TjCase *c)
{
  TjAgreementDialog *self;
  g_autofree char *today = tj_case_store_today (store);
  TjParty *applicant, *respondent;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (TJ_TYPE_AGREEMENT_DIALOG, NULL);
  tj_form_dialog_set_store (TJ_FORM_DIALOG (self), store);
  tj_form_dialog_set_case (TJ_FORM_DIALOG (self), c);
  applicant = tj_case_first_party (c, TJ_SIDE_APPLICANT);
  respondent = tj_case_first_party (c, TJ_SIDE_RESPONDENT);
  self->payer_default = respondent ? g_strdup (respondent->name) : NULL;
  self->payee_default = applicant ? g_strdup (applicant->name) : NULL;
  gtk_editable_set_text (GTK_EDITABLE (self->signed_date), today);
  on_add_clause_cb (self);
  return self;
}
