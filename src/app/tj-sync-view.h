/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-case-store.h"
#include "tj-sync-controller.h"

G_BEGIN_DECLS

#define TJ_TYPE_SYNC_VIEW (tj_sync_view_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncView, tj_sync_view, TJ, SYNC_VIEW, GtkWidget)

/* Where the replica stands with the server: the link, edits waiting, conflicts with both
 * values (and a choice between them). */
void tj_sync_view_set_store      (TjSyncView       *self,
                                  TjCaseStore      *store);
void tj_sync_view_set_controller (TjSyncView       *self,
                                  TjSyncController *sync);

G_END_DECLS
