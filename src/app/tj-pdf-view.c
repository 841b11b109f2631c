/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-pdf-page.h"
#include "tj-pdf-view.h"

/* Zoom is screen pixels per point; fit-width follows the view's width until the user
 * picks a zoom of their own. Each zoom starts a generation of renders: the textures of an
 * older one are dropped when they arrive. */

#define MIN_ZOOM 0.25
#define MAX_ZOOM 4.0

static const double zoom_steps[] = { 0.25, 0.33, 0.5, 0.67, 0.8, 1.0, 1.25, 1.5, 2.0, 3.0, 4.0 };

struct _TjPdfView
{
  GtkWidget      parent_instance;

  TjPdfDocument *document;      /* (nullable) */
  GCancellable  *load_cancellable;
  GCancellable  *render_cancellable;
  GCancellable  *find_cancellable;
  GQueue         render_queue;  /* page indices waiting, as GUINT_TO_POINTER (i + 1) */
  gboolean       rendering;
  guint          generation;
  double         zoom;
  gboolean       fit_width;
  int            fit_for;       /* the width fit-width was computed for */
  guint          fit_id;
  guint          page;
  int            pending_page;  /* scroll there once the new layout is known, or -1 */
  char          *find_text;     /* what the matches are of */
  GArray        *matches;       /* TjPdfMatch */
  int            current_match;
  gboolean       finding;

  /* Template widgets */
  GtkLabel        *page_label;
  GtkLabel        *zoom_label;
  GtkToggleButton *find_button;
  GtkSearchBar    *search_bar;
  GtkSearchEntry  *search_entry;
  GtkLabel        *match_label;
  GtkStack        *stack;
  GtkSpinner      *spinner;
  AdwStatusPage   *error_page;
  GtkScrolledWindow *scroller;
  GtkWidget       *pages_box;
};

G_DEFINE_FINAL_TYPE (TjPdfView, tj_pdf_view, GTK_TYPE_WIDGET)

typedef struct {
  TjPdfView *self;              /* (owned) */
  guint      generation;
  guint      page;
} RenderClosure;

static void render_next (TjPdfView *self);

static TjPdfPage *
page_widget (TjPdfView *self, guint index)
{
  guint i = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (self->pages_box); w != NULL;
       w = gtk_widget_get_next_sibling (w), i++)
    if (i == index)
      return TJ_PDF_PAGE (w);
  return NULL;
}

static GtkAdjustment *
vadjustment (TjPdfView *self)
{
  return gtk_scrolled_window_get_vadjustment (self->scroller);
}

/* Where a page starts in the scrolled area. */
static double
page_top (TjPdfView *self, guint index)
{
  TjPdfPage *page = page_widget (self, index);
  graphene_rect_t bounds;

  if (page == NULL || !gtk_widget_compute_bounds (GTK_WIDGET (page), self->pages_box, &bounds))
    return 0;
  return bounds.origin.y + gtk_widget_get_margin_top (self->pages_box);
}

static void
update_actions (TjPdfView *self)
{
  guint n = tj_pdf_view_get_n_pages (self);
  gboolean loaded = n > 0;
  gboolean has_matches = self->matches->len > 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.previous-page", loaded && self->page > 0);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.next-page", loaded && self->page + 1 < n);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.zoom-in", loaded && self->zoom < MAX_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.zoom-out", loaded && self->zoom > MIN_ZOOM);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.zoom-fit-width", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.find", loaded);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.find-next", has_matches);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "pdf.find-previous", has_matches);
}

static void
update_labels (TjPdfView *self)
{
  guint n = tj_pdf_view_get_n_pages (self);
  g_autofree char *zoom = g_strdup_printf ("%d%%", (int) (self->zoom * 100 + 0.5));

  if (n > 0)
    {
      /* Translators: the page shown and the number of pages of a document */
      g_autofree char *text = g_strdup_printf (_("Page %u of %u"), self->page + 1, n);
      gtk_label_set_text (self->page_label, text);
    }
  else
    gtk_label_set_text (self->page_label, "");
  gtk_label_set_text (self->zoom_label, zoom);

  if (self->finding)
    gtk_label_set_text (self->match_label, _("Finding…"));
  else if (self->matches->len > 0)
    {
      /* Translators: the match shown and the number of matches of a search */
      g_autofree char *text = g_strdup_printf (_("%d of %u"), self->current_match + 1,
                                               self->matches->len);
      gtk_label_set_text (self->match_label, text);
    }
  else if (*gtk_editable_get_text (GTK_EDITABLE (self->search_entry)) != '\0')
    gtk_label_set_text (self->match_label, _("Not found"));
  else
    gtk_label_set_text (self->match_label, "");
  update_actions (self);
}

/* The page whose sheet fills the upper part of the view is the current one. */
static void
on_scrolled_cb (TjPdfView *self)
{
  GtkAdjustment *adj = vadjustment (self);
  double line = gtk_adjustment_get_value (adj) + gtk_adjustment_get_page_size (adj) / 3;
  guint n = tj_pdf_view_get_n_pages (self);
  guint page = 0;

  for (guint i = 1; i < n; i++)
    if (page_top (self, i) <= line)
      page = i;
  /* Scrolled to the end, the last pages cannot reach the line: one that was gone to
   * stays current while its top is in view. */
  if (gtk_adjustment_get_value (adj) >= gtk_adjustment_get_upper (adj) -
                                        gtk_adjustment_get_page_size (adj) - 1 &&
      self->page > page && page_top (self, self->page) >= gtk_adjustment_get_value (adj))
    page = self->page;
  if (page != self->page)
    {
      self->page = page;
      update_labels (self);
    }
}

static void
scroll_to (TjPdfView *self, double y)
{
  GtkAdjustment *adj = vadjustment (self);

  gtk_adjustment_set_value (adj, CLAMP (y, gtk_adjustment_get_lower (adj),
                                        gtk_adjustment_get_upper (adj) -
                                        gtk_adjustment_get_page_size (adj)));
}

static void
show_current_match (TjPdfView *self)
{
  GtkAdjustment *adj = vadjustment (self);
  TjPdfMatch *m;

  if (self->current_match < 0)
    return;
  m = &g_array_index (self->matches, TjPdfMatch, self->current_match);
  /* The match a third down the view, where the eye looks first. */
  scroll_to (self, page_top (self, m->page) + m->y * self->zoom -
             gtk_adjustment_get_page_size (adj) / 3);
  self->page = m->page;
  update_labels (self);
}

/* A new zoom's layout is known once the adjustment changes: scroll to the page (or
 * match) that was shown before. */
static void
on_adjustment_changed_cb (TjPdfView *self)
{
  if (self->pending_page < 0)
    return;
  if (self->current_match >= 0 &&
      g_array_index (self->matches, TjPdfMatch, self->current_match).page == (guint) self->pending_page)
    show_current_match (self);
  else
    scroll_to (self, page_top (self, (guint) self->pending_page) - 6);
  self->pending_page = -1;
  on_scrolled_cb (self);
}

static void
on_render_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  RenderClosure *closure = data;
  TjPdfView *self = closure->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = tj_pdf_document_render_finish (TJ_PDF_DOCUMENT (source),
                                                                  result, &error);

  if (closure->generation == self->generation)
    {
      self->rendering = FALSE;
      if (texture != NULL)
        {
          TjPdfPage *page = page_widget (self, closure->page);

          if (page != NULL)
            tj_pdf_page_set_texture (page, texture);
        }
      else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Page %u could not be rendered: %s", closure->page + 1, error->message);
      render_next (self);
    }
  g_object_unref (closure->self);
  g_free (closure);
}

static void
render_next (TjPdfView *self)
{
  RenderClosure *closure;
  gpointer next;

  if (self->rendering || self->document == NULL)
    return;
  next = g_queue_pop_head (&self->render_queue);
  if (next == NULL)
    return;
  closure = g_new0 (RenderClosure, 1);
  closure->self = g_object_ref (self);
  closure->generation = self->generation;
  closure->page = GPOINTER_TO_UINT (next) - 1;
  self->rendering = TRUE;
  tj_pdf_document_render_async (self->document, closure->page,
                                self->zoom * gtk_widget_get_scale_factor (GTK_WIDGET (self)),
                                self->render_cancellable, on_render_done_cb, closure);
}

/* Every page again at the current zoom: the current one first, then those after it,
 * then those before. */
static void
render_all (TjPdfView *self)
{
  guint n = tj_pdf_view_get_n_pages (self);

  g_cancellable_cancel (self->render_cancellable);
  g_clear_object (&self->render_cancellable);
  self->render_cancellable = g_cancellable_new ();
  self->generation++;
  self->rendering = FALSE;
  g_queue_clear (&self->render_queue);
  for (guint i = self->page; i < n; i++)
    g_queue_push_tail (&self->render_queue, GUINT_TO_POINTER (i + 1));
  for (guint i = 0; i < self->page && i < n; i++)
    g_queue_push_tail (&self->render_queue, GUINT_TO_POINTER (i + 1));
  render_next (self);
}

static void
set_zoom (TjPdfView *self, double zoom)
{
  zoom = CLAMP (zoom, MIN_ZOOM, MAX_ZOOM);
  if (self->document == NULL || G_APPROX_VALUE (zoom, self->zoom, 0.001))
    {
      update_labels (self);
      return;
    }
  self->zoom = zoom;
  for (GtkWidget *w = gtk_widget_get_first_child (self->pages_box); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    tj_pdf_page_set_zoom (TJ_PDF_PAGE (w), zoom);
  self->pending_page = (int) self->page;
  render_all (self);
  update_labels (self);
}

static double
widest_page (TjPdfView *self)
{
  double widest = 0;

  for (guint i = 0; i < tj_pdf_view_get_n_pages (self); i++)
    {
      double w, h;

      tj_pdf_document_get_page_size (self->document, i, &w, &h);
      widest = MAX (widest, w);
    }
  return widest;
}

static gboolean
fit_width_cb (gpointer data)
{
  TjPdfView *self = data;
  int width = gtk_widget_get_width (GTK_WIDGET (self->scroller));
  /* The sheet, its margins and room for a scrollbar. */
  int room = width - 2 * 12 - 16;
  double widest;

  self->fit_id = 0;
  if (self->document == NULL || !self->fit_width || room <= 0 ||
      (widest = widest_page (self)) <= 0)
    return G_SOURCE_REMOVE;
  self->fit_for = width;
  set_zoom (self, room / widest);
  return G_SOURCE_REMOVE;
}

/* The view's width shows in the horizontal adjustment; the zoom follows it after the
 * allocation, not during it. */
static void
on_hadjustment_changed_cb (TjPdfView *self)
{
  if (self->fit_width && self->document != NULL && self->fit_id == 0 &&
      gtk_widget_get_width (GTK_WIDGET (self->scroller)) != self->fit_for)
    self->fit_id = g_idle_add (fit_width_cb, self);
}

static void
set_matches (TjPdfView *self, GArray *matches, int current)
{
  guint n = tj_pdf_view_get_n_pages (self);

  g_array_set_size (self->matches, 0);
  if (matches != NULL)
    g_array_append_vals (self->matches, matches->data, matches->len);
  self->current_match = self->matches->len > 0 ? current : -1;
  for (guint p = 0; p < n; p++)
    {
      g_autoptr(GArray) rects = g_array_new (FALSE, FALSE, sizeof (graphene_rect_t));
      int current_here = -1;

      for (guint i = 0; i < self->matches->len; i++)
        {
          TjPdfMatch *m = &g_array_index (self->matches, TjPdfMatch, i);
          graphene_rect_t r = GRAPHENE_RECT_INIT ((float) m->x, (float) m->y,
                                                  (float) m->width, (float) m->height);

          if (m->page != p)
            continue;
          if ((int) i == self->current_match)
            current_here = (int) rects->len;
          g_array_append_val (rects, r);
        }
      tj_pdf_page_set_highlights (page_widget (self, p), rects, current_here);
    }
  show_current_match (self);
  update_labels (self);
}

static void
on_find_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TjPdfView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) matches = tj_pdf_document_find_finish (TJ_PDF_DOCUMENT (source), result,
                                                           &error);
  int first = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->finding = FALSE;
  /* The first match from the page being read on. */
  for (guint i = 0; matches != NULL && i < matches->len; i++)
    if (g_array_index (matches, TjPdfMatch, i).page >= self->page)
      {
        first = (int) i;
        break;
      }
  set_matches (self, matches, first);
}

static void
step_match (TjPdfView *self, int step)
{
  int n = (int) self->matches->len;
  g_autoptr(GArray) copy = NULL;

  if (n == 0)
    return;
  copy = g_array_copy (self->matches);
  set_matches (self, copy, ((self->current_match + step) % n + n) % n);
}

static void
on_search_changed_cb (TjPdfView *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  /* tj_pdf_view_find () set the text and looks already. */
  if (g_strcmp0 (text, self->find_text) != 0)
    tj_pdf_view_find (self, text);
}

static void
on_search_activate_cb (TjPdfView *self)
{
  step_match (self, 1);
}

static void
on_search_next_cb (TjPdfView *self)
{
  step_match (self, 1);
}

static void
on_search_previous_cb (TjPdfView *self)
{
  step_match (self, -1);
}

static void
on_search_stop_cb (TjPdfView *self)
{
  gtk_search_bar_set_search_mode (self->search_bar, FALSE);
  gtk_widget_grab_focus (GTK_WIDGET (self));
}

static void
on_search_mode_cb (TjPdfView *self)
{
  if (!gtk_search_bar_get_search_mode (self->search_bar))
    {
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
      tj_pdf_view_find (self, "");
    }
}

static void
on_loaded_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TjPdfView) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjPdfDocument) document = tj_pdf_document_load_finish (result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gtk_spinner_stop (self->spinner);
  if (document == NULL)
    {
      adw_status_page_set_description (self->error_page, error->message);
      gtk_stack_set_visible_child_name (self->stack, "error");
      update_labels (self);
      return;
    }
  self->document = g_steal_pointer (&document);
  for (guint i = 0; i < tj_pdf_document_get_n_pages (self->document); i++)
    {
      double w, h;
      TjPdfPage *page;

      tj_pdf_document_get_page_size (self->document, i, &w, &h);
      page = tj_pdf_page_new (i, w, h);
      tj_pdf_page_set_zoom (page, self->zoom);
      gtk_box_append (GTK_BOX (self->pages_box), GTK_WIDGET (page));
    }
  gtk_stack_set_visible_child_name (self->stack, "pages");
  render_all (self);
  self->fit_for = -1;
  on_hadjustment_changed_cb (self);
  /* Text typed while the document loaded is looked for now. */
  tj_pdf_view_find (self, gtk_editable_get_text (GTK_EDITABLE (self->search_entry)));
  update_labels (self);
}

static void
zoom_in_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPdfView *self = TJ_PDF_VIEW (widget);

  self->fit_width = FALSE;
  for (guint i = 0; i < G_N_ELEMENTS (zoom_steps); i++)
    if (zoom_steps[i] > self->zoom * 1.01)
      {
        set_zoom (self, zoom_steps[i]);
        return;
      }
}

static void
zoom_out_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPdfView *self = TJ_PDF_VIEW (widget);

  self->fit_width = FALSE;
  for (guint i = G_N_ELEMENTS (zoom_steps); i > 0; i--)
    if (zoom_steps[i - 1] < self->zoom * 0.99)
      {
        set_zoom (self, zoom_steps[i - 1]);
        return;
      }
}

static void
zoom_fit_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPdfView *self = TJ_PDF_VIEW (widget);

  self->fit_width = TRUE;
  fit_width_cb (self);
}

static void
next_page_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPdfView *self = TJ_PDF_VIEW (widget);

  tj_pdf_view_go_to_page (self, self->page + 1);
}

static void
previous_page_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPdfView *self = TJ_PDF_VIEW (widget);

  if (self->page > 0)
    tj_pdf_view_go_to_page (self, self->page - 1);
}

static void
find_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPdfView *self = TJ_PDF_VIEW (widget);

  gtk_search_bar_set_search_mode (self->search_bar, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

static void
find_next_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  step_match (TJ_PDF_VIEW (widget), 1);
}

static void
find_previous_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  step_match (TJ_PDF_VIEW (widget), -1);
}

static void
tj_pdf_view_dispose (GObject *object)
{
  TjPdfView *self = TJ_PDF_VIEW (object);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->render_cancellable);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->render_cancellable);
  g_clear_object (&self->find_cancellable);
  g_queue_clear (&self->render_queue);
  /* Renders still on their way find nothing to draw into. */
  self->generation++;
  g_clear_handle_id (&self->fit_id, g_source_remove);
  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_PDF_VIEW);
  g_clear_object (&self->document);
  G_OBJECT_CLASS (tj_pdf_view_parent_class)->dispose (object);
}

static void
tj_pdf_view_finalize (GObject *object)
{
  TjPdfView *self = TJ_PDF_VIEW (object);

  g_array_unref (self->matches);
  g_free (self->find_text);
  G_OBJECT_CLASS (tj_pdf_view_parent_class)->finalize (object);
}

static void
add_key (GtkWidgetClass *widget_class, guint key, GdkModifierType mods, const char *action)
{
  gtk_widget_class_add_binding_action (widget_class, key, mods, action, NULL);
}

static void
tj_pdf_view_class_init (TjPdfViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_pdf_view_dispose;
  object_class->finalize = tj_pdf_view_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-pdf-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, page_label);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, zoom_label);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, find_button);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, search_bar);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, match_label);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, stack);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, spinner);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, error_page);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, scroller);
  gtk_widget_class_bind_template_child (widget_class, TjPdfView, pages_box);
  gtk_widget_class_bind_template_callback (widget_class, on_search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_next_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_previous_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_search_stop_cb);

  gtk_widget_class_install_action (widget_class, "pdf.zoom-in", NULL, zoom_in_activated);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-out", NULL, zoom_out_activated);
  gtk_widget_class_install_action (widget_class, "pdf.zoom-fit-width", NULL, zoom_fit_activated);
  gtk_widget_class_install_action (widget_class, "pdf.next-page", NULL, next_page_activated);
  gtk_widget_class_install_action (widget_class, "pdf.previous-page", NULL,
                                   previous_page_activated);
  gtk_widget_class_install_action (widget_class, "pdf.find", NULL, find_activated);
  gtk_widget_class_install_action (widget_class, "pdf.find-next", NULL, find_next_activated);
  gtk_widget_class_install_action (widget_class, "pdf.find-previous", NULL,
                                   find_previous_activated);

  add_key (widget_class, GDK_KEY_plus, GDK_CONTROL_MASK, "pdf.zoom-in");
  add_key (widget_class, GDK_KEY_equal, GDK_CONTROL_MASK, "pdf.zoom-in");
  add_key (widget_class, GDK_KEY_KP_Add, GDK_CONTROL_MASK, "pdf.zoom-in");
  add_key (widget_class, GDK_KEY_minus, GDK_CONTROL_MASK, "pdf.zoom-out");
  add_key (widget_class, GDK_KEY_KP_Subtract, GDK_CONTROL_MASK, "pdf.zoom-out");
  add_key (widget_class, GDK_KEY_0, GDK_CONTROL_MASK, "pdf.zoom-fit-width");
  add_key (widget_class, GDK_KEY_KP_0, GDK_CONTROL_MASK, "pdf.zoom-fit-width");
  add_key (widget_class, GDK_KEY_Page_Down, 0, "pdf.next-page");
  add_key (widget_class, GDK_KEY_KP_Page_Down, 0, "pdf.next-page");
  add_key (widget_class, GDK_KEY_Page_Up, 0, "pdf.previous-page");
  add_key (widget_class, GDK_KEY_KP_Page_Up, 0, "pdf.previous-page");
  add_key (widget_class, GDK_KEY_f, GDK_CONTROL_MASK, "pdf.find");
  add_key (widget_class, GDK_KEY_g, GDK_CONTROL_MASK, "pdf.find-next");
  add_key (widget_class, GDK_KEY_g, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "pdf.find-previous");

  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_pdf_view_init (TjPdfView *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->zoom = 1;
  self->fit_width = TRUE;
  self->fit_for = -1;
  self->pending_page = -1;
  self->current_match = -1;
  self->matches = g_array_new (FALSE, FALSE, sizeof (TjPdfMatch));
  g_queue_init (&self->render_queue);
  gtk_search_bar_connect_entry (self->search_bar, GTK_EDITABLE (self->search_entry));
  g_object_bind_property (self->find_button, "active", self->search_bar, "search-mode-enabled",
                          G_BINDING_BIDIRECTIONAL | G_BINDING_SYNC_CREATE);
  g_signal_connect_object (self->search_bar, "notify::search-mode-enabled",
                           G_CALLBACK (on_search_mode_cb), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment (self), "value-changed", G_CALLBACK (on_scrolled_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (vadjustment (self), "changed", G_CALLBACK (on_adjustment_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (gtk_scrolled_window_get_hadjustment (self->scroller), "changed",
                           G_CALLBACK (on_hadjustment_changed_cb), self, G_CONNECT_SWAPPED);
  update_labels (self);
}

TjPdfView *
tj_pdf_view_new (void)
{
  return g_object_new (TJ_TYPE_PDF_VIEW, NULL);
}

void
tj_pdf_view_load (TjPdfView *self, GBytes *pdf)
{
  g_return_if_fail (TJ_IS_PDF_VIEW (self));
  g_return_if_fail (pdf != NULL);

  g_cancellable_cancel (self->load_cancellable);
  g_cancellable_cancel (self->render_cancellable);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->load_cancellable);
  g_clear_object (&self->find_cancellable);
  g_queue_clear (&self->render_queue);
  self->generation++;
  self->rendering = FALSE;
  self->finding = FALSE;
  self->page = 0;
  self->current_match = -1;
  g_array_set_size (self->matches, 0);
  g_clear_object (&self->document);
  tj_app_remove_children (self->pages_box);
  gtk_stack_set_visible_child_name (self->stack, "loading");
  gtk_spinner_start (self->spinner);
  self->load_cancellable = g_cancellable_new ();
  tj_pdf_document_load_async (pdf, self->load_cancellable, on_loaded_cb, g_object_ref (self));
  update_labels (self);
}

TjPdfDocument *
tj_pdf_view_get_document (TjPdfView *self)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), NULL);
  return self->document;
}

guint
tj_pdf_view_get_n_pages (TjPdfView *self)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), 0);
  return self->document != NULL ? tj_pdf_document_get_n_pages (self->document) : 0;
}

guint
tj_pdf_view_get_page (TjPdfView *self)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), 0);
  return self->page;
}

void
tj_pdf_view_go_to_page (TjPdfView *self, guint page)
{
  g_return_if_fail (TJ_IS_PDF_VIEW (self));

  if (page >= tj_pdf_view_get_n_pages (self))
    return;
  scroll_to (self, page_top (self, page) - 6);
  /* At the end of the document the last pages cannot reach the top: it is current all
   * the same. */
  self->page = page;
  update_labels (self);
}

double
tj_pdf_view_get_zoom (TjPdfView *self)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), 1);
  return self->zoom;
}

gboolean
tj_pdf_view_is_busy (TjPdfView *self)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), FALSE);
  return (self->document == NULL && self->load_cancellable != NULL &&
          gtk_spinner_get_spinning (self->spinner)) ||
         self->rendering || !g_queue_is_empty (&self->render_queue) || self->finding ||
         self->fit_id != 0;
}

void
tj_pdf_view_find (TjPdfView *self, const char *text)
{
  g_return_if_fail (TJ_IS_PDF_VIEW (self));
  g_return_if_fail (text != NULL);

  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  g_free (self->find_text);
  self->find_text = g_strdup (text);
  if (g_strcmp0 (gtk_editable_get_text (GTK_EDITABLE (self->search_entry)), text) != 0)
    {
      gtk_search_bar_set_search_mode (self->search_bar, TRUE);
      gtk_editable_set_text (GTK_EDITABLE (self->search_entry), text);
    }
  self->finding = FALSE;
  if (*text == '\0' || self->document == NULL)
    {
      set_matches (self, NULL, -1);
      return;
    }
  self->finding = TRUE;
  self->find_cancellable = g_cancellable_new ();
  tj_pdf_document_find_async (self->document, text, self->find_cancellable, on_find_done_cb,
                              g_object_ref (self));
  update_labels (self);
}

guint
tj_pdf_view_get_n_matches (TjPdfView *self)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), 0);
  return self->matches->len;
}

int
tj_pdf_view_get_current_match (TjPdfView *self, TjPdfMatch *match)
{
  g_return_val_if_fail (TJ_IS_PDF_VIEW (self), -1);

  if (match != NULL && self->current_match >= 0)
    *match = g_array_index (self->matches, TjPdfMatch, self->current_match);
  return self->current_match;
}
