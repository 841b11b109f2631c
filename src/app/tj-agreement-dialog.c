/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-agreement-dialog.h"
#include "tj-app-util.h"
#include "tj-form-row.h"
#include "tj-money.h"
#include "tj-uuid.h"
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
  AdwWindow     parent_instance;

  TjCaseStore  *store;
  char         *case_id;
  char         *payer_default;      /* (nullable) */
  char         *payee_default;      /* (nullable) */
  GArray       *clauses;            /* ClauseRows */
  AdwPreferencesGroup *clauses_group;

  GtkEntry     *signed_date;
  GtkEntry     *effective;
  GtkEntry     *waiver;

  /* Template widgets */
  GtkWidget    *apply_button;
  GtkLabel     *explain_label;
  AdwPreferencesGroup *group;
  GtkLabel     *error_label;
};

enum {
  DONE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjAgreementDialog, tj_agreement_dialog, ADW_TYPE_WINDOW)

static GtkWidget *
add_entry (AdwPreferencesGroup *group, const char *title, const char *placeholder,
           GtkEntry **entry, const char *name)
{
  GtkWidget *row = tj_form_entry_row_new (title, placeholder, entry);

  gtk_widget_set_name (GTK_WIDGET (*entry), name);
  adw_preferences_group_add (group, row);
  return row;
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
  add_entry (self->clauses_group, _("Payer"), NULL, &rows.payer, "payer");
  add_entry (self->clauses_group, _("Payee"), NULL, &rows.payee, "payee");
  add_entry (self->clauses_group, _("What is paid or done"), NULL, &rows.what, "what");
  rows.amount_row = add_entry (self->clauses_group, _("Amount (yuan)"),
                               _("Leave empty for an act"), &rows.amount, "clause-amount");
  add_entry (self->clauses_group, _("Due date"), "2026-03-31", &rows.due, "clause-due");
  add_entry (self->clauses_group, _("Method"), _("Bank transfer, cash, …"), &rows.method,
             "method");
  if (self->payer_default != NULL)
    gtk_editable_set_text (GTK_EDITABLE (rows.payer), self->payer_default);
  if (self->payee_default != NULL)
    gtk_editable_set_text (GTK_EDITABLE (rows.payee), self->payee_default);
  g_signal_connect_object (rows.amount, "changed", G_CALLBACK (on_amount_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_array_append_val (self->clauses, rows);
}

static void
apply_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjAgreementDialog *self = TJ_AGREEMENT_DIALOG (widget);
  g_autoptr(GError) error = NULL;
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
      if (amount != NULL && !tj_money_parse_yuan (field, amount, &cl->amount, &error))
        {
          tj_app_label_set_text (self->error_label, error->message);
          return;
        }
    }
  args.paid = -1;
  args.date = signed_date;
  args.effective = effective;
  args.waiver = waiver;
  args.clauses = clauses;
  if (!tj_case_store_do (self->store, self->case_id, TJ_ACTION_AGREE, &args, NULL, &error))
    {
      tj_app_label_set_text (self->error_label, error->message);
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
  gtk_window_close (GTK_WINDOW (self));
}

static void
tj_agreement_dialog_dispose (GObject *object)
{
  TjAgreementDialog *self = TJ_AGREEMENT_DIALOG (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_AGREEMENT_DIALOG);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_agreement_dialog_parent_class)->dispose (object);
}

static void
tj_agreement_dialog_finalize (GObject *object)
{
  TjAgreementDialog *self = TJ_AGREEMENT_DIALOG (object);

  g_free (self->case_id);
  g_free (self->payer_default);
  g_free (self->payee_default);
  g_array_unref (self->clauses);
  G_OBJECT_CLASS (tj_agreement_dialog_parent_class)->finalize (object);
}

static void
tj_agreement_dialog_class_init (TjAgreementDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_agreement_dialog_dispose;
  object_class->finalize = tj_agreement_dialog_finalize;

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-agreement-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, apply_button);
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, explain_label);
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, group);
  gtk_widget_class_bind_template_child (widget_class, TjAgreementDialog, error_label);
  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_agreement_dialog_init (TjAgreementDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->clauses = g_array_new (FALSE, TRUE, sizeof (ClauseRows));
}

TjAgreementDialog *
tj_agreement_dialog_new (TjCaseStore *store, const TjCase *c)
{
  TjAgreementDialog *self;
  g_autofree char *today = tj_case_store_today (store);
  TjParty *applicant, *respondent;
  GtkWidget *add, *box;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  self = g_object_new (TJ_TYPE_AGREEMENT_DIALOG, "title", _("Record Agreement"), NULL);
  self->store = g_object_ref (store);
  self->case_id = tj_uuid_dup_string (&c->id);
  applicant = tj_case_first_party (c, TJ_SIDE_APPLICANT);
  respondent = tj_case_first_party (c, TJ_SIDE_RESPONDENT);
  self->payer_default = respondent ? g_strdup (respondent->name) : NULL;
  self->payee_default = applicant ? g_strdup (applicant->name) : NULL;
  gtk_button_set_label (GTK_BUTTON (self->apply_button), _("_Record Agreement"));
  adw_preferences_group_set_title (self->group, c->case_no);
  tj_app_label_set_text (self->explain_label,
                         _("The agreement binds the parties once signed (Law Art. 14); every "
                           "clause says who pays or does what, by when."));

  add_entry (self->group, _("Signed date"), "2026-03-05", &self->signed_date, "signed");
  gtk_editable_set_text (GTK_EDITABLE (self->signed_date), today);
  add_entry (self->group, _("Effective date"), _("Default: the signed date"), &self->effective,
             "effective");
  add_entry (self->group, _("Waiver"), _("What the applicant gives up, if anything"),
             &self->waiver, "waiver");

  self->clauses_group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (self->clauses_group, _("Clauses"));
  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_tooltip_text (add, _("Add Clause"));
  g_signal_connect_object (add, "clicked", G_CALLBACK (on_add_clause_cb), self, G_CONNECT_SWAPPED);
  adw_preferences_group_set_header_suffix (self->clauses_group, add);
  box = gtk_widget_get_parent (GTK_WIDGET (self->group));
  gtk_box_insert_child_after (GTK_BOX (box), GTK_WIDGET (self->clauses_group),
                              GTK_WIDGET (self->group));
  on_add_clause_cb (self);
  return self;
}
