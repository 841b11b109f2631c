/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-application.h"

G_BEGIN_DECLS

#define TJ_TYPE_WINDOW (tj_window_get_type ())
G_DECLARE_FINAL_TYPE (TjWindow, tj_window, TJ, WINDOW, AdwApplicationWindow)

TjWindow    *tj_window_new            (TjApplication *app);
TjCaseStore *tj_window_get_case_store (TjWindow      *self);
/* Show a view of the sidebar: "cases", "deadlines", "review", "roster" or "sync". */
void         tj_window_show_view      (TjWindow      *self,
                                       const char    *name);
void         tj_window_open_case      (TjWindow      *self,
                                       const char    *id);
void         tj_window_toast          (TjWindow      *self,
                                       const char    *text);
/* The replica changed (an edit here, a sync): lists, the open case and the header are
 * read again. */
void         tj_window_replica_changed (TjWindow     *self);

G_END_DECLS
