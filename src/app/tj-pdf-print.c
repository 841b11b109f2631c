/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tj-pdf-print.h"

static void
on_draw_page_cb (GtkPrintOperation *operation, GtkPrintContext *context, int page,
                 TjPdfDocument *document)
{
  cairo_t *cr = gtk_print_context_get_cairo_context (context);
  double paper_w = gtk_print_context_get_width (context);
  double paper_h = gtk_print_context_get_height (context);
  double page_w, page_h, scale;

  tj_pdf_document_get_page_size (document, (guint) page, &page_w, &page_h);
  /* The context's unit is the point (set below), so scale 1 is the page's own size. */
  scale = MIN (paper_w / page_w, paper_h / page_h);
  cairo_save (cr);
  cairo_translate (cr, (paper_w - page_w * scale) / 2, (paper_h - page_h * scale) / 2);
  cairo_scale (cr, scale, scale);
  tj_pdf_document_print_page (document, (guint) page, cr);
  cairo_restore (cr);
}

GtkPrintOperation *
tj_pdf_print_operation_new (TjPdfDocument *document, const char *job_name)
{
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);
  GtkPrintOperation *operation;

  g_return_val_if_fail (TJ_IS_PDF_DOCUMENT (document), NULL);

  operation = gtk_print_operation_new ();
  gtk_page_setup_set_paper_size (setup, a4);
  gtk_print_operation_set_default_page_setup (operation, setup);
  gtk_print_operation_set_n_pages (operation, (int) tj_pdf_document_get_n_pages (document));
  gtk_print_operation_set_use_full_page (operation, TRUE);
  gtk_print_operation_set_unit (operation, GTK_UNIT_POINTS);
  gtk_print_operation_set_embed_page_setup (operation, TRUE);
  gtk_print_operation_set_allow_async (operation, TRUE);
  if (job_name != NULL)
    gtk_print_operation_set_job_name (operation, job_name);
  /* The operation keeps the document: printing may outlast the window that started it. */
  g_signal_connect_data (operation, "draw-page", G_CALLBACK (on_draw_page_cb),
                         g_object_ref (document), (GClosureNotify) (void (*) (void)) g_object_unref, 0);
  return operation;
}
