/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-pdf-document.h"

G_BEGIN_DECLS

/* Printing a PDF: one sheet per page, each page scaled to the paper and centred on it
 * (the documents carry their own GB/T 9704 margins, so the whole sheet is used). A4 is
 * the default paper. Run the operation with GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG, or
 * EXPORT into a file. */
GtkPrintOperation *tj_pdf_print_operation_new (TjPdfDocument *document,
                                               const char    *job_name);

G_END_DECLS
