/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-action-dialog.h"
#include "tj-app-util.h"
#include "tj-case-read.h"
#include "tj-form-row.h"
#include "tj-money.h"
#include "tj-review-grounds.h"
#include "tj-uuid.h"

struct _TjActionDialog
{
  TjFormDialog  parent_instance;

  TjAction      action;
  GPtrArray    *mediators;          /* names of the mediator choices */

  GtkSwitch    *consent;            /* (nullable) */
  GtkEntry     *reason;             /* (nullable) */
  GtkEntry     *date;               /* (nullable) */
  GtkEntry     *paid;               /* (nullable) */
  GtkWidget    *choice_row;         /* (nullable) fail reason, mediator, performance */
  GPtrArray    *grounds;            /* refuse: GtkCheckButton of each ground offered */
  GtkEntry     *note;
};

static const char * const performance_keys[] = { "performed", "partly", "not_performed" };

G_DEFINE_FINAL_TYPE (TjActionDialog, tj_action_dialog, TJ_TYPE_FORM_DIALOG)

static const char *
explanation (TjAction action)
{
  switch (action)
    {
    case TJ_ACTION_ACCEPT:
      return _("Before accepting, the centre asks the respondent whether it agrees to mediation.");
    case TJ_ACTION_REJECT:
      return _("The applicant is told why the application is not accepted.");
    case TJ_ACTION_RESPONDENT_REFUSE:
      return _("The respondent refused mediation: the case ends, and the applicant must be told "
               "in writing within 3 working days.");
    case TJ_ACTION_EXTEND:
      return _("Both parties agree to extend the mediation period; the right to apply for "
               "arbitration (Law Art. 14) is kept.");
    case TJ_ACTION_FAIL:
      return _("Mediation ends without agreement; the parties may apply for arbitration.");
    case TJ_ACTION_ASSIGN:
      return _("The mediator who handles the case from now on.");
    case TJ_ACTION_REFUSE:
      return _("The arbitration institution does not confirm the agreement.");
    case TJ_ACTION_PERFORMANCE:
      return _("Whether the parties did what the agreement says.");
    case TJ_ACTION_NOTIFY_REFUSAL:
    case TJ_ACTION_WITHDRAW:
    case TJ_ACTION_AGREE:
    case TJ_ACTION_TRANSFER:
    case TJ_ACTION_SUBMIT_REVIEW:
    case TJ_ACTION_CONFIRM:
    case TJ_ACTION_ARCHIVE:
    case TJ_N_ACTIONS:
    default:
      return NULL;
    }
}

static void
add_consent (TjActionDialog *self, const char *title)
{
  GtkWidget *row = tj_form_switch_row_new (title, NULL, &self->consent);

  gtk_widget_set_name (GTK_WIDGET (self->consent), "consent");
  adw_preferences_group_add (tj_form_dialog_get_group (TJ_FORM_DIALOG (self)), row);
}

static void
add_entry (TjActionDialog *self, const char *title, const char *placeholder, GtkEntry **entry,
           const char *name)
{
  tj_form_dialog_add_entry (TJ_FORM_DIALOG (self), NULL, title, placeholder, name, entry);
}

static void
add_choice (TjActionDialog *self, const char *title, GtkStringList *choices)
{
  self->choice_row = tj_form_combo_row_new (title, choices);
  gtk_widget_set_name (self->choice_row, "choice");
  adw_preferences_group_add (tj_form_dialog_get_group (TJ_FORM_DIALOG (self)), self->choice_row);
}

static void
add_grounds (TjActionDialog *self)
{
  /* The cases of the Arbitration Case Rules, Art. 78 (tj-review-grounds.h), in its order. */
  for (guint i = 0; i < TJ_N_GROUNDS; i++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *name = g_strdup_printf ("ground-%u", i + 1);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     tj_enum_label (&tj_enum_review_ground, i));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 0);
      gtk_widget_set_name (check, name);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_preferences_group_add (tj_form_dialog_get_group (TJ_FORM_DIALOG (self)), row);
      g_ptr_array_add (self->grounds, check);
    }
}

/* The grounds ticked, as TJ_GROUND_BIT. */
static guint32
collect_grounds (TjActionDialog *self)
{
  guint32 mask = 0;

  for (guint i = 0; i < self->grounds->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->grounds, i)))
      mask |= TJ_GROUND_BIT (i);
  return mask;
}

static void
build_fields (TjActionDialog *self)
{
  switch (self->action)
    {
    case TJ_ACTION_ACCEPT:
      add_consent (self, _("The respondent agreed to mediation"));
      break;
    case TJ_ACTION_REJECT:
    case TJ_ACTION_WITHDRAW:
      add_entry (self, _("Reason"), NULL, &self->reason, "reason");
      break;
    case TJ_ACTION_EXTEND:
      add_consent (self, _("Both parties agreed"));
      add_entry (self, _("New planned end"), "2026-02-28", &self->date, "date");
      break;
    case TJ_ACTION_FAIL:
      {
        g_autoptr(GtkStringList) reasons = tj_app_enum_strings (&tj_enum_fail_reason, NULL);
        add_choice (self, _("Reason"), reasons);
        adw_combo_row_set_selected (ADW_COMBO_ROW (self->choice_row), TJ_FAIL_NO_AGREEMENT);
      }
      break;
    case TJ_ACTION_ASSIGN:
      {
        g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
        g_autoptr(GPtrArray) roster =
          tj_case_read_roster (tj_form_dialog_get_store (TJ_FORM_DIALOG (self)), NULL);

        for (guint i = 0; roster != NULL && i < roster->len; i++)
          {
            TjPersonEntry *p = g_ptr_array_index (roster, i);

            if (!p->active || (p->roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) |
                                           TJ_ROLE_BIT (TJ_ROLE_HEAD))) == 0)
              continue;
            gtk_string_list_append (names, p->name);
            g_ptr_array_add (self->mediators, g_strdup (p->name));
          }
        add_choice (self, _("Mediator"), names);
      }
      break;
    case TJ_ACTION_REFUSE:
      add_grounds (self);
      add_entry (self, _("Other grounds or details"), NULL, &self->reason, "grounds");
      break;
    case TJ_ACTION_PERFORMANCE:
      {
        g_autoptr(GtkStringList) states = gtk_string_list_new (NULL);

        gtk_string_list_append (states, _("Performed"));
        gtk_string_list_append (states, _("Partly performed"));
        gtk_string_list_append (states, _("Not performed"));
        add_choice (self, _("Performance"), states);
        add_entry (self, _("Amount paid (yuan)"), NULL, &self->paid, "paid");
      }
      break;
    case TJ_ACTION_RESPONDENT_REFUSE:
    case TJ_ACTION_NOTIFY_REFUSAL:
    case TJ_ACTION_AGREE:
    case TJ_ACTION_TRANSFER:
    case TJ_ACTION_SUBMIT_REVIEW:
    case TJ_ACTION_CONFIRM:
    case TJ_ACTION_ARCHIVE:
    case TJ_N_ACTIONS:
    default:
      break;
    }
  add_entry (self, _("Note"), _("Optional"), &self->note, "note");
}

static gboolean
tj_action_dialog_apply (TjFormDialog *dialog, GError **error)
{
  TjActionDialog *self = TJ_ACTION_DIALOG (dialog);
  g_autofree char *reason = self->reason ? tj_form_entry_dup_text (self->reason) : NULL;
  g_autofree char *date = self->date ? tj_form_entry_dup_text (self->date) : NULL;
  g_autofree char *paid = self->paid ? tj_form_entry_dup_text (self->paid) : NULL;
  g_autofree char *note = tj_form_entry_dup_text (self->note);
  TjActionArgs args = { 0 };
  TjWhen when = { 0 };
  guint choice = self->choice_row ? adw_combo_row_get_selected (ADW_COMBO_ROW (self->choice_row))
                                  : GTK_INVALID_LIST_POSITION;

  args.paid = -1;
  args.consent = self->consent != NULL && gtk_switch_get_active (self->consent);
  args.date = date;
  if (self->action == TJ_ACTION_REFUSE)
    {
      args.ground_mask = collect_grounds (self);
      args.grounds = reason;
    }
  else
    args.reason = reason;
  if (self->action == TJ_ACTION_FAIL && choice < TJ_N_FAIL_REASONS)
    args.reason = tj_enum_key (&tj_enum_fail_reason, choice);
  if (self->action == TJ_ACTION_ASSIGN && choice < self->mediators->len)
    args.mediator = g_ptr_array_index (self->mediators, choice);
  if (self->action == TJ_ACTION_PERFORMANCE && choice < G_N_ELEMENTS (performance_keys))
    args.performance = performance_keys[choice];
  if (paid != NULL && !tj_money_parse_yuan (_("Amount paid"), paid, &args.paid, error))
    return FALSE;
  when.note = note;
  return tj_case_store_do (tj_form_dialog_get_store (dialog), tj_form_dialog_get_case_id (dialog),
                           self->action, &args, &when, error);
}

static void
tj_action_dialog_finalize (GObject *object)
{
  TjActionDialog *self = TJ_ACTION_DIALOG (object);

  g_ptr_array_unref (self->mediators);
  g_ptr_array_unref (self->grounds);
  G_OBJECT_CLASS (tj_action_dialog_parent_class)->finalize (object);
}

static void
tj_action_dialog_class_init (TjActionDialogClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_action_dialog_finalize;
  TJ_FORM_DIALOG_CLASS (klass)->apply = tj_action_dialog_apply;
}

static void
tj_action_dialog_init (TjActionDialog *self)
{
  self->mediators = g_ptr_array_new_with_free_func (g_free);
  self->grounds = g_ptr_array_new ();
}

TjActionDialog *
tj_action_dialog_new (TjCaseStore *store, const TjCase *c, TjAction action)
{
  TjActionDialog *self;
  const char *label;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  label = tj_enum_label (&tj_enum_action, action);
  self = g_object_new (TJ_TYPE_ACTION_DIALOG, "title", label, "apply-label", label,
                       "explanation", explanation (action), NULL);
  self->action = action;
  tj_form_dialog_set_store (TJ_FORM_DIALOG (self), store);
  tj_form_dialog_set_case (TJ_FORM_DIALOG (self), c);
  build_fields (self);
  return self;
}
