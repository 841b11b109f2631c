/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tj-text-cell.h"

/*
 * One line of text in a cell of a large list, ellipsized at its end.
 *
 * GtkColumnView (GTK 4.8) keeps about 200 rows alive and builds a new row for every item
 * of a new list (a search, a filter), so what a cell costs to make and to throw away is
 * paid hundreds of times a keystroke. A GtkLabel or GtkInscription makes a Pango context
 * of its own as it is made or measured; this cell asks for the height of a line of its
 * column view's font, no width (its column has one), and makes a layout on the column
 * view's context only when it is drawn.
 */

struct _TjTextCell
{
  GtkWidget    parent_instance;

  char        *text;              /* (nullable) */
  gboolean     tabular;
  PangoLayout *layout;            /* (nullable) made when first drawn */
};

G_DEFINE_FINAL_TYPE (TjTextCell, tj_text_cell, GTK_TYPE_WIDGET)

/* The context every cell of one column view shares, which follows its font settings. */
static PangoContext *
shared_context (TjTextCell *self)
{
  GtkWidget *view = gtk_widget_get_ancestor (GTK_WIDGET (self), GTK_TYPE_COLUMN_VIEW);

  return gtk_widget_get_pango_context (view != NULL ? view : GTK_WIDGET (self));
}

/* Ascent and descent of the font, remembered for the context and its settings. */
static int
line_height (TjTextCell *self)
{
  static PangoContext *context;
  static guint serial;
  static int height;
  PangoContext *now = shared_context (self);

  if (now != context || pango_context_get_serial (now) != serial)
    {
      PangoFontMetrics *metrics = pango_context_get_metrics (now, NULL, NULL);

      height = PANGO_PIXELS_CEIL (pango_font_metrics_get_ascent (metrics) +
                                  pango_font_metrics_get_descent (metrics));
      pango_font_metrics_unref (metrics);
      context = now;
      serial = pango_context_get_serial (now);
    }
  return height;
}

static void
ensure_layout (TjTextCell *self)
{
  if (self->layout != NULL)
    return;
  self->layout = pango_layout_new (shared_context (self));
  pango_layout_set_ellipsize (self->layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_single_paragraph_mode (self->layout, TRUE);
  if (self->tabular)
    {
      g_autoptr(PangoAttrList) attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_font_features_new ("tnum"));
      pango_layout_set_attributes (self->layout, attrs);
    }
  pango_layout_set_text (self->layout, self->text, -1);
}

static void
tj_text_cell_measure (GtkWidget *widget, GtkOrientation orientation, int for_size,
                      int *minimum, int *natural, int *minimum_baseline, int *natural_baseline)
{
  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    *minimum = *natural = 0;
  else
    *minimum = *natural = line_height (TJ_TEXT_CELL (widget));
}

static void
tj_text_cell_snapshot (GtkWidget *widget, GtkSnapshot *snapshot)
{
  TjTextCell *self = TJ_TEXT_CELL (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  PangoRectangle logical;
  GdkRGBA color;

  if (self->text == NULL || *self->text == '\0' || width <= 0)
    return;
  /* The layout follows its context's changes (a new font, a new scale) by itself. */
  ensure_layout (self);
  pango_layout_set_width (self->layout, width * PANGO_SCALE);
  pango_layout_get_pixel_extents (self->layout, NULL, &logical);
  G_GNUC_BEGIN_IGNORE_DEPRECATIONS
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), &color);
  G_GNUC_END_IGNORE_DEPRECATIONS

  gtk_snapshot_push_clip (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gtk_snapshot_save (snapshot);
  gtk_snapshot_translate (snapshot, &GRAPHENE_POINT_INIT (0, MAX (0, (height - logical.height) / 2)));
  gtk_snapshot_append_layout (snapshot, self->layout, &color);
  gtk_snapshot_restore (snapshot);
  gtk_snapshot_pop (snapshot);
}

static void
tj_text_cell_finalize (GObject *object)
{
  TjTextCell *self = TJ_TEXT_CELL (object);

  g_clear_object (&self->layout);
  g_free (self->text);
  G_OBJECT_CLASS (tj_text_cell_parent_class)->finalize (object);
}

static void
tj_text_cell_class_init (TjTextCellClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->finalize = tj_text_cell_finalize;
  widget_class->measure = tj_text_cell_measure;
  widget_class->snapshot = tj_text_cell_snapshot;
  /* Styled as the labels of a list are (colours of .error and .warning). */
  gtk_widget_class_set_css_name (widget_class, "label");
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_LABEL);
}

static void
tj_text_cell_init (TjTextCell *self)
{
}

GtkWidget *
tj_text_cell_new (gboolean tabular)
{
  TjTextCell *self = g_object_new (TJ_TYPE_TEXT_CELL, NULL);

  self->tabular = tabular;
  return GTK_WIDGET (self);
}

void
tj_text_cell_set_text (TjTextCell *self, const char *text)
{
  g_return_if_fail (TJ_IS_TEXT_CELL (self));

  if (g_strcmp0 (self->text, text) == 0)
    return;
  g_free (self->text);
  self->text = g_strdup (text);
  if (self->layout != NULL)
    pango_layout_set_text (self->layout, text != NULL ? text : "", -1);
  gtk_widget_queue_draw (GTK_WIDGET (self));
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL, text, -1);
}

const char *
tj_text_cell_get_text (TjTextCell *self)
{
  g_return_val_if_fail (TJ_IS_TEXT_CELL (self), NULL);
  return self->text;
}
