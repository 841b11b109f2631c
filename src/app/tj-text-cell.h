/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define TJ_TYPE_TEXT_CELL (tj_text_cell_get_type ())
G_DECLARE_FINAL_TYPE (TjTextCell, tj_text_cell, TJ, TEXT_CELL, GtkWidget)

/* tabular: figures of equal width, so that numbers and dates line up in a column. */
GtkWidget  *tj_text_cell_new      (gboolean    tabular);
void        tj_text_cell_set_text (TjTextCell *self,
                                   const char *text);
const char *tj_text_cell_get_text (TjTextCell *self);

G_END_DECLS
