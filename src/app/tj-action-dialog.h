/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-form-dialog.h"

G_BEGIN_DECLS

#define TJ_TYPE_ACTION_DIALOG (tj_action_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjActionDialog, tj_action_dialog, TJ, ACTION_DIALOG, TjFormDialog)

/* Asks for what `action` needs (a reason, a date, the parties' consent, a mediator), does
 * it, and explains a refusal in the words of the rule; "done" when the case moved. */
TjActionDialog *tj_action_dialog_new (TjCaseStore  *store,
                                      const TjCase *c,
                                      TjAction      action);

G_END_DECLS
