/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-render.h"
#include "tj-doc.h"

#include <cairo-pdf.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <pango/pangocairo.h>
#include <qrencode.h>
#include <string.h>

/* Paragraphs become items on the 22-line grid; pages are cut between items so that a
 * heading keeps its first lines, a paragraph leaves no single line behind or ahead, and a
 * signature or seal block keeps the lines before it (documents.md). */

#define EPS 0.01
#define TABLE_SIZE 10.5         /* 5号 in tables: a register row is wider than 28 characters */
#define CELL_PAD 3.0
#define MIN_ROW_HEIGHT 24.0
#define QR_SIZE 48.0

typedef enum {
  ITEM_LINE,                    /* one line of a laid-out paragraph, on the grid */
  ITEM_SIGN,                    /* two single lines side by side, on the grid */
  ITEM_BLANK,                   /* an empty grid line (dropped at the top of a page) */
  ITEM_SPACE,                   /* an empty grid line of a block (the seal's room): kept */
  ITEM_ROW,                     /* a table row: its own height */
  ITEM_BREAK,
} ItemType;

typedef struct {
  ItemType     type;
  PangoLayout *layout;          /* (nullable) */
  int          line;            /* ITEM_LINE: the line of layout */
  double       x;               /* left of the layout */
  PangoLayout *layout2;         /* (nullable) ITEM_SIGN: right part; seal: not used */
  double       x2;
  GPtrArray   *cells;           /* (nullable) ITEM_ROW: PangoLayout */
  GArray      *widths;          /* ITEM_ROW: column widths in points */
  gboolean     header;
  double       height;
  gboolean     keep_with_next;
  double       y;               /* set when placed: top of the item in the text area */
} Item;

static PangoFontDescription *
font_description (TjDocFont font, double size, gboolean bold)
{
  PangoFontDescription *desc = pango_font_description_new ();
  g_autofree char *family = tj_doc_font_families (font, bold);

  pango_font_description_set_family (desc, family);
  pango_font_description_set_absolute_size (desc, size * PANGO_SCALE);
  pango_font_description_set_weight (desc, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
  return desc;
}

static PangoLayout *
make_layout (PangoContext *context, const char *text, TjDocFont font, double size,
             gboolean bold, double width, gboolean grid)
{
  PangoLayout *layout = pango_layout_new (context);
  g_autoptr(PangoFontDescription) desc = font_description (font, size, bold);

  pango_layout_set_font_description (layout, desc);
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    /* A hair of room so that 28 characters of exactly the pitch fit. */
    pango_layout_set_width (layout, (int) ((width + 0.05) * PANGO_SCALE));
  if (grid && size == TJ_DOC_BODY_SIZE)
    {
      /* 3号 is 16 pt, the pitch 15.79 pt: 28 characters fill the 156 mm line. */
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_letter_spacing_new (
                                (int) lround ((TJ_DOC_CHAR_PITCH - size) * PANGO_SCALE)));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static double
layout_width (PangoLayout *layout)
{
  PangoRectangle logical;

  pango_layout_get_extents (layout, NULL, &logical);
  return (double) logical.width / PANGO_SCALE;
}

static Item *
add_item (GArray *items, ItemType type)
{
  Item item = { 0 };

  item.type = type;
  item.height = TJ_DOC_LINE_PITCH;
  g_array_append_val (items, item);
  return &g_array_index (items, Item, items->len - 1);
}

static void
item_clear (Item *item)
{
  g_clear_object (&item->layout);
  g_clear_object (&item->layout2);
  g_clear_pointer (&item->cells, g_ptr_array_unref);
  g_clear_pointer (&item->widths, g_array_unref);
}

/* One grid item per line of the paragraph; no single line at either end of a page. */
static void
add_paragraph (GArray *items, PangoLayout *layout, double x, gboolean keep_all)
{
  int n = pango_layout_get_line_count (layout);

  for (int i = 0; i < n; i++)
    {
      Item *item = add_item (items, ITEM_LINE);

      item->layout = g_object_ref (layout);
      item->line = i;
      item->x = x;
      item->keep_with_next = keep_all || (n >= 2 && (i == 0 || i == n - 2));
    }
}

/* Make a signature or seal block keep with what comes before it: the lines of the block
 * among themselves, and the block with the last text line ahead of it. */
static void
keep_block_with_previous (GArray *items, guint first)
{
  for (guint i = first; i > 0; i--)
    {
      Item *prev = &g_array_index (items, Item, i - 1);

      prev->keep_with_next = TRUE;
      if (prev->type != ITEM_BLANK)
        break;
    }
}

static void
add_seal (GArray *items, PangoContext *context, const TjDocBlock *block)
{
  PangoLayout *issuer = make_layout (context, block->text, TJ_DOC_FONT_BODY, TJ_DOC_BODY_SIZE,
                                     FALSE, -1, TRUE);
  PangoLayout *date = make_layout (context, block->text2 != NULL ? block->text2 : "",
                                   TJ_DOC_FONT_BODY, TJ_DOC_BODY_SIZE, FALSE, -1, TRUE);
  /* GB/T 9704 7.3.5.1: the date four characters in from the right, the issuer centred
   * above it, the seal's top within a line under the text and the two lines in its lower
   * middle: two lines of room above them for a 45 mm seal. */
  double date_right = TJ_DOC_TEXT_WIDTH - 4 * TJ_DOC_CHAR_PITCH;
  double date_w = layout_width (date);
  double centre = date_right - date_w / 2;
  double issuer_x = MAX (0, centre - layout_width (issuer) / 2);
  guint first = items->len;
  Item *item;

  if (issuer_x + layout_width (issuer) > TJ_DOC_TEXT_WIDTH)
    issuer_x = MAX (0, TJ_DOC_TEXT_WIDTH - layout_width (issuer));
  add_item (items, ITEM_SPACE)->keep_with_next = TRUE;
  add_item (items, ITEM_SPACE)->keep_with_next = TRUE;
  item = add_item (items, ITEM_LINE);
  item->layout = issuer;
  item->x = issuer_x;
  item->keep_with_next = TRUE;
  item = add_item (items, ITEM_LINE);
  item->layout = date;
  item->x = MAX (0, date_right - date_w);
  keep_block_with_previous (items, first);
}

static void
add_row (GArray *items, PangoContext *context, const TjDocBlock *block)
{
  Item *item = add_item (items, ITEM_ROW);
  double total = 0;
  double height = 0;

  item->header = block->kind == TJ_DOC_BLOCK_HEAD_ROW;
  item->keep_with_next = item->header;
  item->cells = g_ptr_array_new_with_free_func (g_object_unref);
  item->widths = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint i = 0; i < block->widths->len; i++)
    total += g_array_index (block->widths, double, i);
  for (guint i = 0; block->cells[i] != NULL; i++)
    {
      double w = TJ_DOC_TEXT_WIDTH * g_array_index (block->widths, double, i) / total;
      PangoLayout *cell = make_layout (context, block->cells[i],
                                       item->header ? TJ_DOC_FONT_HEI : TJ_DOC_FONT_BODY,
                                       TABLE_SIZE, FALSE, w - 2 * CELL_PAD, FALSE);
      PangoRectangle logical;

      pango_layout_set_alignment (cell, PANGO_ALIGN_CENTER);
      pango_layout_get_extents (cell, NULL, &logical);
      height = MAX (height, (double) logical.height / PANGO_SCALE);
      g_ptr_array_add (item->cells, cell);
      g_array_append_val (item->widths, w);
    }
  /* Room to sign in a cell of a proof of service, whatever the text. */
  item->height = MAX (height + 2 * CELL_PAD, MIN_ROW_HEIGHT);
}

static void
build_items (GArray *items, PangoContext *context, GPtrArray *blocks)
{
  for (guint b = 0; b < blocks->len; b++)
    {
      const TjDocBlock *block = g_ptr_array_index (blocks, b);
      g_autoptr(PangoLayout) layout = NULL;
      double width = TJ_DOC_TEXT_WIDTH;

      switch (block->kind)
        {
        case TJ_DOC_BLOCK_TITLE:
          layout = make_layout (context, block->text, TJ_DOC_FONT_TITLE, TJ_DOC_TITLE_SIZE,
                                TRUE, width, FALSE);
          pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
          add_paragraph (items, layout, 0, TRUE);
          break;
        case TJ_DOC_BLOCK_NUMBER:
        case TJ_DOC_BLOCK_CENTER:
        case TJ_DOC_BLOCK_RIGHT:
          layout = make_layout (context, block->text, TJ_DOC_FONT_BODY, TJ_DOC_BODY_SIZE, FALSE,
                                width, TRUE);
          pango_layout_set_alignment (layout, block->kind == TJ_DOC_BLOCK_RIGHT
                                              ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_CENTER);
          add_paragraph (items, layout, 0, block->kind == TJ_DOC_BLOCK_NUMBER);
          break;
        case TJ_DOC_BLOCK_HEADING:
        case TJ_DOC_BLOCK_SUBHEADING:
        case TJ_DOC_BLOCK_PARA:
        case TJ_DOC_BLOCK_PLAIN:
          {
            TjDocFont font = block->kind == TJ_DOC_BLOCK_HEADING ? TJ_DOC_FONT_HEI
                           : block->kind == TJ_DOC_BLOCK_SUBHEADING ? TJ_DOC_FONT_KAI
                           : TJ_DOC_FONT_BODY;
            gboolean heading = block->kind == TJ_DOC_BLOCK_HEADING ||
                               block->kind == TJ_DOC_BLOCK_SUBHEADING;

            if (*block->text == '\0')
              {
                add_item (items, ITEM_BLANK);
                break;
              }
            layout = make_layout (context, block->text, font, TJ_DOC_BODY_SIZE, FALSE, width, TRUE);
            if (block->kind != TJ_DOC_BLOCK_PLAIN)
              pango_layout_set_indent (layout, (int) (2 * TJ_DOC_CHAR_PITCH * PANGO_SCALE));
            /* Not justified: the characters keep the grid's pitch (as the 文档网格 of the
             * office templates does); a line with Latin digits ends a little short. */
            add_paragraph (items, layout, 0, heading);
          }
          break;
        case TJ_DOC_BLOCK_BLANK:
          add_item (items, ITEM_BLANK);
          break;
        case TJ_DOC_BLOCK_SIGN:
          {
            guint first = items->len;
            Item *item = add_item (items, ITEM_SIGN);

            item->layout = make_layout (context, block->text, TJ_DOC_FONT_BODY, TJ_DOC_BODY_SIZE,
                                        FALSE, TJ_DOC_TEXT_WIDTH / 2, TRUE);
            item->layout2 = make_layout (context, block->text2 != NULL ? block->text2 : "",
                                         TJ_DOC_FONT_BODY, TJ_DOC_BODY_SIZE, FALSE,
                                         TJ_DOC_TEXT_WIDTH / 2, TRUE);
            item->x = 0;
            item->x2 = TJ_DOC_TEXT_WIDTH / 2;
            /* The signature lines of one block go together, with the text they sign. */
            keep_block_with_previous (items, first);
          }
          break;
        case TJ_DOC_BLOCK_SEAL:
          add_seal (items, context, block);
          break;
        case TJ_DOC_BLOCK_BREAK:
          add_item (items, ITEM_BREAK);
          break;
        case TJ_DOC_BLOCK_HEAD_ROW:
        case TJ_DOC_BLOCK_ROW:
          add_row (items, context, block);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static gboolean
on_grid (const Item *item)
{
  return item->type != ITEM_ROW;
}

/* Cut the items into pages; returns an array of page starts (index into items) with the
 * end as its last element. */
static GArray *
paginate (GArray *items, double capacity)
{
  GArray *starts = g_array_new (FALSE, FALSE, sizeof (guint));
  guint page_start = 0;
  double y = 0;
  guint i = 0;

  g_array_append_val (starts, page_start);
  while (i < items->len)
    {
      Item *item = &g_array_index (items, Item, i);
      double top;

      if (item->type == ITEM_BREAK)
        {
          i++;
          if (y > EPS && i < items->len)
            {
              page_start = i;
              g_array_append_val (starts, page_start);
              y = 0;
            }
          continue;
        }
      if (item->type == ITEM_BLANK && y < EPS)
        {
          /* No empty line at the top of a page. */
          item->height = 0;
          item->y = 0;
          i++;
          continue;
        }
      item->height = item->type == ITEM_BLANK ? TJ_DOC_LINE_PITCH : item->height;
      top = on_grid (item) ? ceil (y / TJ_DOC_LINE_PITCH - EPS) * TJ_DOC_LINE_PITCH : y;
      if (top + item->height <= capacity + EPS || i == page_start)
        {
          item->y = top;
          y = top + item->height;
          i++;
          continue;
        }

      /* Full: go back to the last item that may end a page. */
      {
        guint cut = i;

        while (cut > page_start + 1 &&
               g_array_index (items, Item, cut - 1).keep_with_next)
          cut--;
        if (cut == page_start + 1 && g_array_index (items, Item, page_start).keep_with_next)
          cut = i;      /* everything hangs together: cut where it overflows */
        page_start = cut;
        g_array_append_val (starts, page_start);
        i = cut;
        y = 0;
      }
    }
  page_start = items->len;
  if (g_array_index (starts, guint, starts->len - 1) != page_start)
    g_array_append_val (starts, page_start);
  return starts;
}

static void
show_line (cairo_t *cr, PangoLayout *layout, int index, double x, double slot_top)
{
  PangoLayoutIter *iter = pango_layout_get_iter (layout);
  const PangoFontDescription *desc = pango_layout_get_font_description (layout);
  double size = (double) pango_font_description_get_size (desc) / PANGO_SCALE;
  PangoRectangle logical;
  double baseline;

  for (int i = 0; i < index; i++)
    pango_layout_iter_next_line (iter);
  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  /* The em box of the characters centred in the line's slot of the grid, from the size
   * alone: a line's own extents grow with a fallback face (〔, 𠀀), which would move it
   * off the grid. 0.88 em is the ideographic ascent of the CJK faces. */
  baseline = slot_top + (TJ_DOC_LINE_PITCH - size) / 2 + 0.88 * size;
  /* Pango aligns the em boxes of the faces in a line to its first run's face; a line
   * that starts with a fallback character (𠀀) would shift the rest off the grid. Keep
   * the face that sets most of the line on it instead. */
  {
    PangoLayoutLine *line = pango_layout_iter_get_line_readonly (iter);
    int most = 0, shift = 0;

    for (GSList *l = line->runs; l != NULL; l = l->next)
      {
        PangoGlyphItem *run = l->data;

        if (run->glyphs->num_glyphs > most)
          {
            most = run->glyphs->num_glyphs;
            shift = run->y_offset;
          }
      }
    baseline += (double) shift / PANGO_SCALE;
  }
  cairo_move_to (cr, TJ_DOC_MARGIN_LEFT + x + (double) logical.x / PANGO_SCALE, baseline);
  pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
  pango_layout_iter_free (iter);
}

static void
draw_row (cairo_t *cr, const Item *item)
{
  double x = TJ_DOC_MARGIN_LEFT;
  double top = TJ_DOC_MARGIN_TOP + item->y;

  cairo_set_line_width (cr, 0.5);
  for (guint c = 0; c < item->cells->len; c++)
    {
      double w = g_array_index (item->widths, double, c);
      PangoLayout *cell = g_ptr_array_index (item->cells, c);
      PangoRectangle logical;

      cairo_rectangle (cr, x, top, w, item->height);
      cairo_stroke (cr);
      pango_layout_get_extents (cell, NULL, &logical);
      cairo_move_to (cr, x + CELL_PAD,
                     top + (item->height - (double) logical.height / PANGO_SCALE) / 2);
      pango_cairo_show_layout (cr, cell);
      x += w;
    }
}

/* The QR code as filled squares: exact and small in the PDF, and no image codec. */
static void
draw_qr (cairo_t *cr, const char *text, double x, double y, double size)
{
  QRcode *qr = QRcode_encodeString (text, 0, QR_ECLEVEL_M, QR_MODE_8, 1);
  double module;

  if (qr == NULL)
    return;
  module = size / (qr->width + 2);
  for (int r = 0; r < qr->width; r++)
    for (int c = 0; c < qr->width; c++)
      if (qr->data[r * qr->width + c] & 1)
        cairo_rectangle (cr, x + (c + 1) * module, y + (r + 1) * module, module, module);
  cairo_fill (cr);
  QRcode_free (qr);
}

static void
draw_folio (cairo_t *cr, PangoContext *context, const TjDocRenderOptions *options,
            guint page, guint n_pages)
{
  g_autofree char *text = NULL;
  g_autoptr(PangoLayout) layout = NULL;
  PangoLayoutIter *iter;
  PangoRectangle logical;
  double width, x, baseline;
  gboolean odd = page % 2 == 1;

  if (options->page_numbers == TJ_DOC_PAGE_NUMBERS_OF_TOTAL)
    /* Documents are Chinese whatever the reader's locale: not translated. */
    text = g_strdup_printf ("第%u页 共%u页", page, n_pages);
  else
    text = g_strdup_printf ("— %u —", page);
  layout = make_layout (context, text, TJ_DOC_FONT_SONG, TJ_DOC_FOLIO_SIZE, FALSE, -1, FALSE);
  width = layout_width (layout);
  if (options->page_numbers == TJ_DOC_PAGE_NUMBERS_OF_TOTAL)
    x = TJ_DOC_MARGIN_LEFT + (TJ_DOC_TEXT_WIDTH - width) / 2;
  else if (odd)
    /* Odd pages right, even pages left, one character in. */
    x = TJ_DOC_MARGIN_LEFT + TJ_DOC_TEXT_WIDTH - TJ_DOC_FOLIO_SIZE - width;
  else
    x = TJ_DOC_MARGIN_LEFT + TJ_DOC_FOLIO_SIZE;

  iter = pango_layout_get_iter (layout);
  pango_layout_iter_get_line_extents (iter, NULL, &logical);
  /* The top of the characters' em box 7 mm below the text area. */
  baseline = TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT + TJ_DOC_FOLIO_GAP + 0.88 * TJ_DOC_FOLIO_SIZE;
  cairo_move_to (cr, x, baseline);
  pango_cairo_show_layout_line (cr, pango_layout_iter_get_line_readonly (iter));
  pango_layout_iter_free (iter);

  if (options->code != NULL)
    {
      g_autofree char *qr_text = g_strconcat ("tiaojie-verify:", options->code, NULL);
      g_autofree char *label = g_strdup_printf ("校验码：%s", options->code);
      g_autoptr(PangoLayout) code = make_layout (context, label, TJ_DOC_FONT_SONG, 8.0, FALSE, -1,
                                                 FALSE);
      gboolean qr_left = options->page_numbers == TJ_DOC_PAGE_NUMBERS_OF_TOTAL || odd;
      double qr_y = TJ_DOC_PAGE_HEIGHT - 24 - QR_SIZE;
      double qr_x = qr_left ? TJ_DOC_MARGIN_LEFT
                            : TJ_DOC_MARGIN_LEFT + TJ_DOC_TEXT_WIDTH - QR_SIZE;

      draw_qr (cr, qr_text, qr_x, qr_y, QR_SIZE);
      cairo_move_to (cr, qr_left ? qr_x : qr_x + QR_SIZE - layout_width (code),
                     qr_y + QR_SIZE + 1);
      pango_cairo_show_layout (cr, code);
    }
}

static cairo_status_t
write_cb (void *closure, const unsigned char *data, unsigned int length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* Subsets for the rare characters of the document, before its font map is taken. */
static void
cover_text (GPtrArray *blocks, const TjDocRenderOptions *options)
{
  g_autoptr(GString) text = g_string_new (options->every_page);

  for (guint i = 0; i < blocks->len; i++)
    {
      const TjDocBlock *block = g_ptr_array_index (blocks, i);

      if (block->text != NULL)
        g_string_append (text, block->text);
      if (block->text2 != NULL)
        g_string_append (text, block->text2);
      for (guint c = 0; block->cells != NULL && block->cells[c] != NULL; c++)
        g_string_append (text, block->cells[c]);
    }
  tj_doc_fonts_cover (text->str);
}

GBytes *
tj_doc_render_pdf (GPtrArray *blocks, const TjDocRenderOptions *options, guint *n_pages,
                   GError **error)
{
  g_autoptr(GByteArray) bytes = g_byte_array_new ();
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  g_autoptr(GArray) starts = NULL;
  PangoContext *context = NULL;
  g_autoptr(PangoLayout) every_page = NULL;
  cairo_font_options_t *font_options;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double capacity = TJ_DOC_TEXT_HEIGHT;
  guint pages;

  g_return_val_if_fail (blocks != NULL && options != NULL, NULL);

  g_array_set_clear_func (items, (GDestroyNotify) item_clear);
  cover_text (blocks, options);
  surface = cairo_pdf_surface_create_for_stream (write_cb, bytes, TJ_DOC_PAGE_WIDTH,
                                                 TJ_DOC_PAGE_HEIGHT);
  cairo_pdf_surface_restrict_to_version (surface, CAIRO_PDF_VERSION_1_5);
  if (options->title != NULL)
    cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, options->title);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Tiaojie " PACKAGE_VERSION);
  if (options->code != NULL)
    {
      /* tj_doc_find_code () reads it back: the Info dictionary is not compressed. */
      g_autofree char *keywords = g_strconcat ("tiaojie-verify:", options->code, NULL);

      cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_KEYWORDS, keywords);
    }
  cr = cairo_create (surface);

  /* Exact advances: hinted metrics would move glyphs off the character grid. */
  context = pango_font_map_create_context (tj_doc_font_map ());
  pango_cairo_context_set_resolution (context, 72);
  font_options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (font_options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (font_options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, font_options);
  cairo_font_options_destroy (font_options);
  pango_context_set_language (context, pango_language_from_string ("zh-cn"));

  build_items (items, context, blocks);
  if (options->every_page != NULL && *options->every_page != '\0')
    {
      every_page = make_layout (context, options->every_page, TJ_DOC_FONT_BODY, TJ_DOC_BODY_SIZE,
                                FALSE, TJ_DOC_TEXT_WIDTH, TRUE);
      capacity -= TJ_DOC_LINE_PITCH;
    }
  starts = paginate (items, capacity);
  pages = MAX (1, starts->len - 1);

  cairo_set_source_rgb (cr, 0, 0, 0);
  for (guint p = 0; p < pages; p++)
    {
      guint from = starts->len > 1 ? g_array_index (starts, guint, p) : 0;
      guint to = starts->len > 1 ? g_array_index (starts, guint, p + 1) : 0;

      for (guint i = from; i < to; i++)
        {
          const Item *item = &g_array_index (items, Item, i);
          double slot = TJ_DOC_MARGIN_TOP + item->y;

          switch (item->type)
            {
            case ITEM_LINE:
              show_line (cr, item->layout, item->line, item->x, slot);
              break;
            case ITEM_SIGN:
              show_line (cr, item->layout, 0, item->x, slot);
              show_line (cr, item->layout2, 0, item->x2, slot);
              break;
            case ITEM_ROW:
              draw_row (cr, item);
              break;
            default:
              break;
            }
        }
      if (every_page != NULL)
        show_line (cr, every_page, 0, 0,
                   TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT - TJ_DOC_LINE_PITCH);
      draw_folio (cr, context, options, p + 1, pages);
      cairo_show_page (cr);
    }

  g_clear_object (&every_page);
  g_array_set_size (items, 0);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_RENDER, _("The PDF could not be written: %s."),
                   cairo_status_to_string (status));
      return NULL;
    }
  if (n_pages != NULL)
    *n_pages = pages;
  return g_byte_array_free_to_bytes (g_steal_pointer (&bytes));
}
