/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-pdf-view.h"

G_BEGIN_DECLS

/* A document in a window of its own: read, find, save and print it. A final document
 * shows its verification code; a draft says that it is one. */

#define TJ_TYPE_PREVIEW_WINDOW (tj_preview_window_get_type ())
G_DECLARE_FINAL_TYPE (TjPreviewWindow, tj_preview_window, TJ, PREVIEW_WINDOW, AdwWindow)

/* `subtitle` (nullable): the case; `file_name`: what Save As proposes; `code`
 * (nullable): a final's verification code. */
TjPreviewWindow *tj_preview_window_new      (GBytes          *pdf,
                                             const char      *title,
                                             const char      *subtitle,
                                             const char      *file_name,
                                             const char      *code);
TjPdfView       *tj_preview_window_get_view (TjPreviewWindow *self);

G_END_DECLS
