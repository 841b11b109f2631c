/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-case-list-model.h"

G_BEGIN_DECLS

#define TJ_TYPE_CASES_VIEW (tj_cases_view_get_type ())
G_DECLARE_FINAL_TYPE (TjCasesView, tj_cases_view, TJ, CASES_VIEW, GtkWidget)

/* Show the replica's cases (again, after a change). */
void             tj_cases_view_set_store    (TjCasesView *self,
                                             TjCaseStore *store);
void             tj_cases_view_focus_search (TjCasesView *self);
/* (nullable) the model behind the column view */
TjCaseListModel *tj_cases_view_get_model    (TjCasesView *self);

G_END_DECLS
