/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tj-pdf-page.h"

struct _TjPdfPage
{
  GtkWidget   parent_instance;

  guint       index;
  double      width;            /* points */
  double      height;
  double      zoom;
  GdkTexture *texture;          /* (nullable) */
  GArray     *highlights;       /* graphene_rect_t in points */
  int         current;
};

G_DEFINE_FINAL_TYPE (TjPdfPage, tj_pdf_page, GTK_TYPE_WIDGET)

static void
tj_pdf_page_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                     int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  TjPdfPage *self = TJ_PDF_PAGE (widget);
  double points = orientation == GTK_ORIENTATION_HORIZONTAL ? self->width : self->height;

  *minimum = *natural = (int) (points * self->zoom + 0.5);
}

static void
tj_pdf_page_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  TjPdfPage *self = TJ_PDF_PAGE (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  graphene_rect_t bounds = GRAPHENE_RECT_INIT (0, 0, width, height);
  const GdkRGBA white = { 1, 1, 1, 1 };
  const GdkRGBA match = { 0.96, 0.83, 0.18, 0.35 };
  const GdkRGBA current = { 0.90, 0.38, 0.0, 0.45 };

  gtk_snapshot_append_color (snapshot, &white, &bounds);
  if (self->texture != NULL)
    gtk_snapshot_append_texture (snapshot, self->texture, &bounds);
  for (guint i = 0; i < self->highlights->len; i++)
    {
      graphene_rect_t r = g_array_index (self->highlights, graphene_rect_t, i);

      graphene_rect_scale (&r, (float) self->zoom, (float) self->zoom, &r);
      /* A little air around the glyphs, as a marker pen leaves. */
      graphene_rect_inset (&r, -2, -2);
      gtk_snapshot_append_color (snapshot, (int) i == self->current ? &current : &match, &r);
    }
}

static void
tj_pdf_page_finalize (GObject *object)
{
  TjPdfPage *self = TJ_PDF_PAGE (object);

  g_clear_object (&self->texture);
  g_array_unref (self->highlights);
  G_OBJECT_CLASS (tj_pdf_page_parent_class)->finalize (object);
}

static void
tj_pdf_page_class_init (TjPdfPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tj_pdf_page_finalize;
  widget_class->measure = tj_pdf_page_measure;
  widget_class->snapshot = tj_pdf_page_snapshot;
  gtk_widget_class_set_css_name (widget_class, "pdfpage");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
}

static void
tj_pdf_page_init (TjPdfPage *self)
{
  self->zoom = 1;
  self->current = -1;
  self->highlights = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
  gtk_widget_set_halign (GTK_WIDGET (self), GTK_ALIGN_CENTER);
}

TjPdfPage *
tj_pdf_page_new (guint index, double width, double height)
{
  TjPdfPage *self = g_object_new (TJ_TYPE_PDF_PAGE, NULL);

  self->index = index;
  self->width = width;
  self->height = height;
  return self;
}

guint
tj_pdf_page_get_index (TjPdfPage *self)
{
  g_return_val_if_fail (TJ_IS_PDF_PAGE (self), 0);
  return self->index;
}

void
tj_pdf_page_set_zoom (TjPdfPage *self, double zoom)
{
  g_return_if_fail (TJ_IS_PDF_PAGE (self));

  if (self->zoom == zoom)
    return;
  self->zoom = zoom;
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GdkTexture *
tj_pdf_page_get_texture (TjPdfPage *self)
{
  g_return_val_if_fail (TJ_IS_PDF_PAGE (self), NULL);
  return self->texture;
}

void
tj_pdf_page_set_texture (TjPdfPage *self, GdkTexture *texture)
{
  g_return_if_fail (TJ_IS_PDF_PAGE (self));

  if (g_set_object (&self->texture, texture))
    gtk_widget_queue_draw (GTK_WIDGET (self));
}

void
tj_pdf_page_set_highlights (TjPdfPage *self, GArray *rects, int current)
{
  g_return_if_fail (TJ_IS_PDF_PAGE (self));

  g_array_set_size (self->highlights, 0);
  if (rects != NULL)
    g_array_append_vals (self->highlights, rects->data, rects->len);
  self->current = current;
  gtk_widget_queue_draw (GTK_WIDGET (self));
}
