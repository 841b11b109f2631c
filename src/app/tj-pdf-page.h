/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* One page of a PDF on screen: a sheet of the page's size at the view's zoom, its
 * rendered texture (stretched until the texture of a new zoom arrives) and the places
 * of found text, the current one stronger. */

#define TJ_TYPE_PDF_PAGE (tj_pdf_page_get_type ())
G_DECLARE_FINAL_TYPE (TjPdfPage, tj_pdf_page, TJ, PDF_PAGE, GtkWidget)

TjPdfPage  *tj_pdf_page_new            (guint               index,
                                        double              width,
                                        double              height);
guint       tj_pdf_page_get_index      (TjPdfPage          *self);
void        tj_pdf_page_set_zoom       (TjPdfPage          *self,
                                        double              zoom);
/* (nullable) */
GdkTexture *tj_pdf_page_get_texture    (TjPdfPage          *self);
void        tj_pdf_page_set_texture    (TjPdfPage          *self,
                                        GdkTexture         *texture);
/* Rectangles in points (graphene_rect_t); `current` is an index into them or -1. */
void        tj_pdf_page_set_highlights (TjPdfPage          *self,
                                        GArray             *rects,
                                        int                 current);

G_END_DECLS
