/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_ROSTER_VIEW (tj_roster_view_get_type ())
G_DECLARE_FINAL_TYPE (TjRosterView, tj_roster_view, TJ, ROSTER_VIEW, GtkWidget)

/* The roster (名册) of the replica: people, their roles and certificates. */
void tj_roster_view_set_store (TjRosterView *self,
                               TjCaseStore  *store);

G_END_DECLS
