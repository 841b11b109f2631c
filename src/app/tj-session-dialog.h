/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-form-dialog.h"

G_BEGIN_DECLS

#define TJ_TYPE_SESSION_DIALOG (tj_session_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjSessionDialog, tj_session_dialog, TJ, SESSION_DIALOG, TjFormDialog)

/* Records a mediation session with its transcript (调解笔录); "done" when saved. */
TjSessionDialog *tj_session_dialog_new (TjCaseStore  *store,
                                        const TjCase *c);

G_END_DECLS
