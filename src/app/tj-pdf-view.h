/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-pdf-document.h"

G_BEGIN_DECLS

/* A PDF's pages one below the other, with page navigation, zoom and find (actions in the
 * "pdf" group, bound to keys while the view has the focus). Pages render in workers
 * (tj-pdf-document.h), the visible one first. */

#define TJ_TYPE_PDF_VIEW (tj_pdf_view_get_type ())
G_DECLARE_FINAL_TYPE (TjPdfView, tj_pdf_view, TJ, PDF_VIEW, GtkWidget)

TjPdfView     *tj_pdf_view_new               (void);
/* Reads the bytes in a worker; the pages show when it is done. */
void           tj_pdf_view_load              (TjPdfView     *self,
                                              GBytes        *pdf);
/* (nullable) until loaded */
TjPdfDocument *tj_pdf_view_get_document      (TjPdfView     *self);
guint          tj_pdf_view_get_n_pages       (TjPdfView     *self);
/* 0-based: the page at the top of the view. */
guint          tj_pdf_view_get_page          (TjPdfView     *self);
void           tj_pdf_view_go_to_page        (TjPdfView     *self,
                                              guint          page);
/* Screen pixels per point. */
double         tj_pdf_view_get_zoom          (TjPdfView     *self);
/* Loading, rendering or finding. */
gboolean       tj_pdf_view_is_busy           (TjPdfView     *self);
void           tj_pdf_view_find              (TjPdfView     *self,
                                              const char    *text);
guint          tj_pdf_view_get_n_matches     (TjPdfView     *self);
/* The highlighted match, or -1. */
int            tj_pdf_view_get_current_match (TjPdfView     *self,
                                              TjPdfMatch    *match);

G_END_DECLS
