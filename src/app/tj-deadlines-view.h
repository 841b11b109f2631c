/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_DEADLINES_VIEW (tj_deadlines_view_get_type ())
G_DECLARE_FINAL_TYPE (TjDeadlinesView, tj_deadlines_view, TJ, DEADLINES_VIEW, GtkWidget)

/* Cases by urgency (overdue, due today, this week) for every clock, with the rule and
 * the date; a desktop notification when cases become due. */
void  tj_deadlines_view_set_store    (TjDeadlinesView *self,
                                      TjCaseStore     *store);
/* Overdue and due today. */
guint tj_deadlines_view_get_n_urgent (TjDeadlinesView *self);

G_END_DECLS
