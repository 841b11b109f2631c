/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-form-dialog.h"

G_BEGIN_DECLS

#define TJ_TYPE_DELEGATE_DIALOG (tj_delegate_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjDelegateDialog, tj_delegate_dialog, TJ, DELEGATE_DIALOG, TjFormDialog)

/* A supervisor delegates (委派) a case to another mediation organisation of its
 * jurisdiction (tj_case_store_move ()); "done" when it was. */
TjDelegateDialog *tj_delegate_dialog_new (TjCaseStore  *store,
                                          const TjCase *c);

G_END_DECLS
