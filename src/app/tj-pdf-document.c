/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <poppler.h>

#include "tj-pdf-document.h"

struct _TjPdfDocument
{
  GObject          parent_instance;

  GBytes          *bytes;
  /* Guards `poppler` and its pages: Poppler is not safe for two threads at once. */
  GMutex           lock;
  PopplerDocument *poppler;
  GArray          *sizes;       /* double pairs: width, height in points */
};

G_DEFINE_FINAL_TYPE (TjPdfDocument, tj_pdf_document, G_TYPE_OBJECT)
G_DEFINE_QUARK (tj-pdf-error-quark, tj_pdf_error)

typedef struct {
  guint  page;
  double scale;
} RenderJob;

static gboolean
check_page (TjPdfDocument *self, guint page, GError **error)
{
  if (page < tj_pdf_document_get_n_pages (self))
    return TRUE;
  g_set_error (error, TJ_PDF_ERROR, TJ_PDF_ERROR_PAGE,
               _("The document has no page %u."), page + 1);
  return FALSE;
}

static void
load_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  GBytes *bytes = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjPdfDocument) self = NULL;
  PopplerDocument *poppler;
  int n;

  poppler = poppler_document_new_from_bytes (bytes, NULL, &error);
  if (poppler == NULL)
    {
      g_task_return_new_error (task, TJ_PDF_ERROR, TJ_PDF_ERROR_INVALID,
                               _("The document cannot be shown: %s"), error->message);
      return;
    }
  self = g_object_new (TJ_TYPE_PDF_DOCUMENT, NULL);
  self->bytes = g_bytes_ref (bytes);
  self->poppler = poppler;
  n = poppler_document_get_n_pages (poppler);
  for (int i = 0; i < n; i++)
    {
      PopplerPage *page = poppler_document_get_page (poppler, i);
      double size[2];

      poppler_page_get_size (page, &size[0], &size[1]);
      g_array_append_vals (self->sizes, size, 2);
      g_object_unref (page);
    }
  g_task_return_pointer (task, g_steal_pointer (&self), g_object_unref);
}

static void
render_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TjPdfDocument *self = source;
  RenderJob *job = task_data;
  double width, height;
  int w, h;
  g_autoptr(GBytes) pixels = NULL;
  cairo_surface_t *surface;
  cairo_t *cr;

  if (g_task_return_error_if_cancelled (task))
    return;
  tj_pdf_document_get_page_size (self, job->page, &width, &height);
  w = MAX (1, (int) (width * job->scale + 0.5));
  h = MAX (1, (int) (height * job->scale + 0.5));
  surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, w, h);
  cr = cairo_create (surface);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, (double) w / width, (double) h / height);
  g_mutex_lock (&self->lock);
  {
    PopplerPage *page = poppler_document_get_page (self->poppler, (int) job->page);

    poppler_page_render (page, cr);
    g_object_unref (page);
  }
  g_mutex_unlock (&self->lock);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  /* Cairo's ARGB32 is GDK's default memory format (premultiplied, native order). */
  pixels = g_bytes_new (cairo_image_surface_get_data (surface),
                        (gsize) cairo_image_surface_get_stride (surface) * h);
  g_task_return_pointer (task,
                         gdk_memory_texture_new (w, h, GDK_MEMORY_DEFAULT, pixels,
                                                 cairo_image_surface_get_stride (surface)),
                         g_object_unref);
  cairo_surface_destroy (surface);
}

static void
find_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  TjPdfDocument *self = source;
  const char *text = task_data;
  g_autoptr(GArray) matches = g_array_new (FALSE, FALSE, sizeof (TjPdfMatch));
  guint n = tj_pdf_document_get_n_pages (self);

  for (guint i = 0; i < n; i++)
    {
      GList *found;
      double width, height;

      if (g_task_return_error_if_cancelled (task))
        return;
      tj_pdf_document_get_page_size (self, i, &width, &height);
      g_mutex_lock (&self->lock);
      {
        PopplerPage *page = poppler_document_get_page (self->poppler, (int) i);

        found = poppler_page_find_text_with_options (page, text, POPPLER_FIND_DEFAULT);
        g_object_unref (page);
      }
      g_mutex_unlock (&self->lock);
      for (GList *l = found; l != NULL; l = l->next)
        {
          PopplerRectangle *r = l->data;
          /* Poppler counts y up from the bottom of the page; the screen counts down. */
          TjPdfMatch m = { i, r->x1, height - r->y2, r->x2 - r->x1, r->y2 - r->y1 };

          g_array_append_val (matches, m);
        }
      g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
    }
  g_task_return_pointer (task, g_steal_pointer (&matches), (GDestroyNotify) g_array_unref);
}

static void
tj_pdf_document_finalize (GObject *object)
{
  TjPdfDocument *self = TJ_PDF_DOCUMENT (object);

  g_clear_object (&self->poppler);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  g_array_unref (self->sizes);
  g_mutex_clear (&self->lock);
  G_OBJECT_CLASS (tj_pdf_document_parent_class)->finalize (object);
}

static void
tj_pdf_document_class_init (TjPdfDocumentClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_pdf_document_finalize;
}

static void
tj_pdf_document_init (TjPdfDocument *self)
{
  g_mutex_init (&self->lock);
  self->sizes = g_array_new (FALSE, FALSE, sizeof (double));
}

void
tj_pdf_document_load_async (GBytes *pdf, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (pdf != NULL);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_pdf_document_load_async);
  g_task_set_task_data (task, g_bytes_ref (pdf), (GDestroyNotify) g_bytes_unref);
  g_task_run_in_thread (task, load_thread);
}

TjPdfDocument *
tj_pdf_document_load_finish (GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_pdf_document_load_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

GBytes *
tj_pdf_document_get_bytes (TjPdfDocument *self)
{
  g_return_val_if_fail (TJ_IS_PDF_DOCUMENT (self), NULL);
  return self->bytes;
}

guint
tj_pdf_document_get_n_pages (TjPdfDocument *self)
{
  g_return_val_if_fail (TJ_IS_PDF_DOCUMENT (self), 0);
  return self->sizes->len / 2;
}

void
tj_pdf_document_get_page_size (TjPdfDocument *self, guint page, double *width, double *height)
{
  g_return_if_fail (TJ_IS_PDF_DOCUMENT (self));
  g_return_if_fail (page < tj_pdf_document_get_n_pages (self));

  /* Read only after loading: no lock needed. */
  *width = g_array_index (self->sizes, double, page * 2);
  *height = g_array_index (self->sizes, double, page * 2 + 1);
}

void
tj_pdf_document_render_async (TjPdfDocument *self, guint page, double scale,
                              GCancellable *cancellable, GAsyncReadyCallback callback,
                              gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  RenderJob *job;

  g_return_if_fail (TJ_IS_PDF_DOCUMENT (self));
  g_return_if_fail (scale > 0);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_pdf_document_render_async);
  if (!check_page (self, page, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  job = g_new (RenderJob, 1);
  job->page = page;
  job->scale = scale;
  g_task_set_task_data (task, job, g_free);
  g_task_run_in_thread (task, render_thread);
}

GdkTexture *
tj_pdf_document_render_finish (TjPdfDocument *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_pdf_document_render_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tj_pdf_document_find_async (TjPdfDocument *self, const char *text, GCancellable *cancellable,
                            GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;

  g_return_if_fail (TJ_IS_PDF_DOCUMENT (self));
  g_return_if_fail (text != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_pdf_document_find_async);
  g_task_set_task_data (task, g_strdup (text), g_free);
  g_task_run_in_thread (task, find_thread);
}

GArray *
tj_pdf_document_find_finish (TjPdfDocument *self, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_pdf_document_find_async,
                        NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

void
tj_pdf_document_print_page (TjPdfDocument *self, guint page, cairo_t *cr)
{
  PopplerPage *p;

  g_return_if_fail (TJ_IS_PDF_DOCUMENT (self));
  g_return_if_fail (page < tj_pdf_document_get_n_pages (self));

  g_mutex_lock (&self->lock);
  p = poppler_document_get_page (self->poppler, (int) page);
  poppler_page_render_for_printing (p, cr);
  g_object_unref (p);
  g_mutex_unlock (&self->lock);
}
