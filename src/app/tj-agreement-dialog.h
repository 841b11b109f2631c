/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-form-dialog.h"

G_BEGIN_DECLS

#define TJ_TYPE_AGREEMENT_DIALOG (tj_agreement_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjAgreementDialog, tj_agreement_dialog, TJ, AGREEMENT_DIALOG, TjFormDialog)

/* Records the mediation agreement with its clauses (the "agree" action); "done" when the
 * case moved on. */
TjAgreementDialog *tj_agreement_dialog_new (TjCaseStore  *store,
                                            const TjCase *c);

G_END_DECLS
