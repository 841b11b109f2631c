/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

/* A case page's badge for conflicts (sync.md: two people changed one field): the open
 * conflicts about the case, its parties and claims, each with what the server kept and
 * the other value, and a Resolve button that opens the conflict dialog. Hidden when there
 * are none. Emits "resolved" after a conflict was resolved. */

#define TJ_TYPE_CASE_CONFLICTS (tj_case_conflicts_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseConflicts, tj_case_conflicts, TJ, CASE_CONFLICTS, GtkWidget)

void      tj_case_conflicts_set_case  (TjCaseConflicts *self,
                                       TjCaseStore     *store,
                                       const TjCase    *c);
/* Whether an open conflict is about this field of the case itself ("facts"). */
gboolean  tj_case_conflicts_has_field (TjCaseConflicts *self,
                                       const char      *field);

G_END_DECLS
