/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_FORM_DIALOG (tj_form_dialog_get_type ())
G_DECLARE_DERIVABLE_TYPE (TjFormDialog, tj_form_dialog, TJ, FORM_DIALOG, AdwWindow)

/* What the dialogs that ask for something and then do it share: Cancel and the apply
 * button in the header, a sentence that explains, a group titled with the case number,
 * the refusal in the words of the rule below, "done" when it was done. A subclass's
 * template adds its own fields: rows go into the group, other widgets below it. */
struct _TjFormDialogClass
{
  AdwWindowClass parent_class;

  /* Does what the dialog is for; FALSE with an error keeps it open and shows why. */
  gboolean (*apply) (TjFormDialog  *self,
                     GError       **error);
};

void                 tj_form_dialog_set_store       (TjFormDialog  *self,
                                                     TjCaseStore   *store);
TjCaseStore         *tj_form_dialog_get_store       (TjFormDialog  *self);
/* The case the dialog is about: its id, and its number as the group's title. */
void                 tj_form_dialog_set_case        (TjFormDialog  *self,
                                                     const TjCase  *c);
const char          *tj_form_dialog_get_case_id     (TjFormDialog  *self);
void                 tj_form_dialog_set_apply_label (TjFormDialog  *self,
                                                     const char    *label);
void                 tj_form_dialog_set_explanation (TjFormDialog  *self,
                                                     const char    *explanation);
AdwPreferencesGroup *tj_form_dialog_get_group       (TjFormDialog  *self);
/* An entry row named `name` in `group` (NULL: the dialog's own). */
GtkWidget           *tj_form_dialog_add_entry       (TjFormDialog        *self,
                                                     AdwPreferencesGroup *group,
                                                     const char          *title,
                                                     const char          *placeholder,
                                                     const char          *name,
                                                     GtkEntry           **entry);
/* NULL hides it. */
void                 tj_form_dialog_show_error      (TjFormDialog  *self,
                                                     const char    *message);

G_END_DECLS
