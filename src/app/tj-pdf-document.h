/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* A PDF read with Poppler for the preview, the review pane and printing. A Poppler
 * document must not be used from two threads at once, so every use of it (render, find,
 * print) holds the document's lock; the pages render in workers, one at a time, and
 * come back as textures. */

#define TJ_PDF_ERROR (tj_pdf_error_quark ())

typedef enum {
  TJ_PDF_ERROR_INVALID,         /* Poppler could not read the bytes as a PDF */
  TJ_PDF_ERROR_PAGE,            /* no such page */
} TjPdfError;

/* A place of found text on a page, in points from the page's top left corner. */
typedef struct {
  guint  page;
  double x, y, width, height;
} TjPdfMatch;

#define TJ_TYPE_PDF_DOCUMENT (tj_pdf_document_get_type ())
G_DECLARE_FINAL_TYPE (TjPdfDocument, tj_pdf_document, TJ, PDF_DOCUMENT, GObject)

GQuark         tj_pdf_error_quark             (void);

void           tj_pdf_document_load_async     (GBytes              *pdf,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
TjPdfDocument *tj_pdf_document_load_finish    (GAsyncResult        *result,
                                               GError             **error);
GBytes        *tj_pdf_document_get_bytes      (TjPdfDocument       *self);
guint          tj_pdf_document_get_n_pages    (TjPdfDocument       *self);
/* In points. */
void           tj_pdf_document_get_page_size  (TjPdfDocument       *self,
                                               guint                page,
                                               double              *width,
                                               double              *height);

/* One page at `scale` device pixels per point, on white. */
void           tj_pdf_document_render_async   (TjPdfDocument       *self,
                                               guint                page,
                                               double               scale,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GdkTexture    *tj_pdf_document_render_finish  (TjPdfDocument       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Every place of `text` (case-insensitive), page by page: a GArray of TjPdfMatch. */
void           tj_pdf_document_find_async     (TjPdfDocument       *self,
                                               const char          *text,
                                               GCancellable        *cancellable,
                                               GAsyncReadyCallback  callback,
                                               gpointer             user_data);
GArray        *tj_pdf_document_find_finish    (TjPdfDocument       *self,
                                               GAsyncResult        *result,
                                               GError             **error);

/* Draw a page for printing into `cr`, whose unit is the point. Blocks while a worker
 * holds the document. */
void           tj_pdf_document_print_page     (TjPdfDocument       *self,
                                               guint                page,
                                               cairo_t             *cr);

G_END_DECLS
