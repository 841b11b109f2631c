/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-form-dialog.h"

G_BEGIN_DECLS

#define TJ_TYPE_CONFLICT_DIALOG (tj_conflict_dialog_get_type ())
G_DECLARE_FINAL_TYPE (TjConflictDialog, tj_conflict_dialog, TJ, CONFLICT_DIALOG, TjFormDialog)

/* Shows both values of a conflict, who wrote each and when, and resolves it with one of
 * them or a new value checked by the field's rules; "done" when resolved (the resolution
 * is an edit, pushed like any other). NULL when there is no such open conflict. */
TjConflictDialog *tj_conflict_dialog_new (TjCaseStore  *store,
                                          const char   *conflict_id,
                                          GError      **error);

/* Opens the dialog of a conflict over `over`'s window, `done` (swapped, with `data`)
 * called when it is resolved; a conflict that cannot be shown is said in a toast. */
void              tj_conflict_dialog_present (TjCaseStore  *store,
                                              const char   *conflict_id,
                                              GtkWidget    *over,
                                              GCallback     done,
                                              gpointer      data);

G_END_DECLS
