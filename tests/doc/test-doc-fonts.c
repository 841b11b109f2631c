/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <fontconfig/fontconfig.h>
#include <glib/gstdio.h>
#include <hb-ot.h>
#include <math.h>
#include <string.h>
#include <utime.h>

#include "doc-util.h"
#include "tj-doc-render.h"
#include "tj-font-subset.h"

/* The document fonts' subsets (tj-doc-fonts.c, tj-font-subset.c): what they hold, that a
 * document laid out with them is the document laid out with the full faces, glyph for
 * glyph, and that a damaged cache is made again. This program starts with an empty cache
 * of its own. */

#define RARE "王䶮、李堃、张喆、龘龘、𠀀明"

static gboolean
has_char (GArray *chars, gunichar c)
{
  for (guint i = 0; i < chars->len; i++)
    if (g_array_index (chars, gunichar, i) == c)
      return TRUE;
  return FALSE;
}

static void
test_gb2312 (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chars = tj_font_subset_gb2312 (&error);
  guint hanzi = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < chars->len; i++)
    {
      gunichar c = g_array_index (chars, gunichar, i);

      hanzi += c >= 0x4E00 && c <= 0x9FFF;
    }
  /* GB 2312's 6,763 hanzi, all in the unified block. */
  g_assert_cmpuint (hanzi, ==, 6763);
  for (const char *p = "调解协议书壹贰叁肆伍陆柒捌玖拾佰仟万亿圆整〔〕（）：；“”—A1"; *p;
       p = g_utf8_next_char (p))
    g_assert_true (has_char (chars, g_utf8_get_char (p)));
  for (const char *p = "䶮堃喆龘𠀀"; *p; p = g_utf8_next_char (p))
    g_assert_false (has_char (chars, g_utf8_get_char (p)));
}

/* The file and face of Noto Serif CJK SC Regular, or FALSE when it is not installed. */
static gboolean
find_noto (char **file, int *index)
{
  FcPattern *pattern = FcNameParse ((const FcChar8 *) "Noto Serif CJK SC:weight=regular");
  FcPattern *match;
  FcResult result;
  FcChar8 *family = NULL, *path = NULL;
  gboolean found;

  FcConfigSubstitute (NULL, pattern, FcMatchPattern);
  FcDefaultSubstitute (pattern);
  match = FcFontMatch (NULL, pattern, &result);
  found = match != NULL &&
          FcPatternGetString (match, FC_FAMILY, 0, &family) == FcResultMatch &&
          strcmp ((const char *) family, "Noto Serif CJK SC") == 0 &&
          FcPatternGetString (match, FC_FILE, 0, &path) == FcResultMatch &&
          FcPatternGetInteger (match, FC_INDEX, 0, index) == FcResultMatch;
  if (found)
    *file = g_strdup ((const char *) path);
  if (match != NULL)
    FcPatternDestroy (match);
  FcPatternDestroy (pattern);
  return found;
}

static hb_font_t *
font_of (hb_blob_t *blob, guint index)
{
  hb_face_t *face = hb_face_create (blob, index);
  hb_font_t *font = hb_font_create (face);

  hb_face_destroy (face);
  return font;
}

static char *
name_of (hb_font_t *font, hb_ot_name_id_t id)
{
  char buf[128] = "";
  unsigned int size = sizeof buf;

  hb_ot_name_get_utf8 (hb_font_get_face (font), id, HB_LANGUAGE_INVALID, &size, buf);
  return g_strdup (buf);
}

static void
test_subset (void)
{
  g_autofree char *file = NULL;
  int index = 0;
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  g_autoptr(GBytes) bytes = NULL;
  hb_blob_t *original_blob, *subset_blob;
  hb_font_t *original, *subset;
  hb_codepoint_t g1, g2;
  g_autofree char *family = NULL, *ps1 = NULL, *ps2 = NULL;

  if (!find_noto (&file, &index))
    {
      g_test_skip ("Noto Serif CJK SC is not installed");
      return;
    }
  for (const char *p = "调解协议A"; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      g_array_append_val (chars, c);
    }
  bytes = tj_font_subset_make (file, index, chars, "Test Subset", &error);
  g_assert_no_error (error);
  g_assert_nonnull (bytes);
  /* A few glyphs of a CFF face of 65,535: a small file. */
  g_assert_cmpuint (g_bytes_get_size (bytes), <, tj_font_subset_cff_size (file, index) / 20);

  original_blob = hb_blob_create_from_file (file);
  subset_blob = hb_blob_create (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                HB_MEMORY_MODE_READONLY, NULL, NULL);
  original = font_of (original_blob, index);
  subset = font_of (subset_blob, 0);
  family = name_of (subset, HB_OT_NAME_ID_FONT_FAMILY);
  g_assert_cmpstr (family, ==, "Test Subset");
  /* The PostScript name stays: PDFs name the embedded font by it. */
  ps1 = name_of (original, HB_OT_NAME_ID_POSTSCRIPT_NAME);
  ps2 = name_of (subset, HB_OT_NAME_ID_POSTSCRIPT_NAME);
  g_assert_cmpstr (ps1, ==, ps2);
  g_assert_true (hb_font_get_nominal_glyph (original, 0x8C03, &g1));   /* 调 */
  g_assert_true (hb_font_get_nominal_glyph (subset, 0x8C03, &g2));
  g_assert_cmpint (hb_font_get_glyph_h_advance (original, g1), ==,
                   hb_font_get_glyph_h_advance (subset, g2));
  g_assert_true (hb_font_get_nominal_glyph (original, 0x4E00, &g1));   /* 一: not asked for */
  g_assert_false (hb_font_get_nominal_glyph (subset, 0x4E00, &g2));
  hb_font_destroy (original);
  hb_font_destroy (subset);
  hb_blob_destroy (original_blob);
  hb_blob_destroy (subset_blob);

  g_assert_null (tj_font_subset_make ("/nonexistent.otf", 0, chars, "X", &error));
  g_assert_error (error, TJ_FONT_SUBSET_ERROR, TJ_FONT_SUBSET_ERROR_READ);
}

static void
add_block (GPtrArray *blocks, TjDocBlockKind kind, const char *text, const char *text2)
{
  TjDocBlock *block = tj_doc_block_new (kind, text);

  block->text2 = g_strdup (text2);
  g_ptr_array_add (blocks, block);
}

/* A document of all the fonts, with the rare characters of domain.md in it. */
static GBytes *
render_sample (void)
{
  g_autoptr(GPtrArray) blocks = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_doc_block_free);
  TjDocRenderOptions options = { .page_numbers = TJ_DOC_PAGE_NUMBERS_STANDARD };
  g_autoptr(GError) error = NULL;
  GBytes *pdf;

  add_block (blocks, TJ_DOC_BLOCK_TITLE, "调解协议书", NULL);
  add_block (blocks, TJ_DOC_BLOCK_NUMBER, "长南劳人调〔2026〕1号", NULL);
  add_block (blocks, TJ_DOC_BLOCK_HEADING, "一、争议事项", NULL);
  add_block (blocks, TJ_DOC_BLOCK_SUBHEADING, "（一）劳动报酬", NULL);
  for (guint i = 0; i < 30; i++)
    add_block (blocks, TJ_DOC_BLOCK_PARA,
               "申请人" RARE "与被申请人长春宏达建筑工程有限公司因拖欠劳动报酬"
               "18,600.00元（人民币壹万捌仟陆佰元整）发生争议，于2026年3月2日申请调解。",
               NULL);
  add_block (blocks, TJ_DOC_BLOCK_SIGN, "申请人（签名）：", "被申请人（签名或盖章）：");
  add_block (blocks, TJ_DOC_BLOCK_SEAL, "南关区劳动人事争议调解中心", "2026年3月9日");
  pdf = tj_doc_render_pdf (blocks, &options, NULL, &error);
  g_assert_no_error (error);
  return pdf;
}

/* In a child: render the sample and write it where the parent said. */
static void
child_render (void)
{
  g_autoptr(GBytes) pdf = render_sample ();
  g_autoptr(GError) error = NULL;

  g_file_set_contents (g_getenv ("TJ_TEST_PDF"), g_bytes_get_data (pdf, NULL),
                       g_bytes_get_size (pdf), &error);
  g_assert_no_error (error);
  g_print ("subsets %u\n", tj_doc_font_n_subsets ());
}

static const char *program;

/* The sample rendered by a new run of this test in a process of its own, with NAME=VALUE
 * in its environment; its PDF, and what it printed in OUT. */
static GBytes *
render_in_child (const char *test, const char *name, const char *value, char **out)
{
  g_autofree char *path = g_build_filename (g_get_tmp_dir (), "tj-fonts-XXXXXX.pdf", NULL);
  g_autoptr(GSubprocessLauncher) launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE);
  g_autoptr(GSubprocess) child = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gsize size;
  int fd = g_mkstemp (path);

  g_assert_cmpint (fd, >=, 0);
  close (fd);
  g_subprocess_launcher_setenv (launcher, "TJ_TEST_PDF", path, TRUE);
  g_subprocess_launcher_setenv (launcher, name, value, TRUE);
  child = g_subprocess_launcher_spawn (launcher, &error, program, "-q", "-p", test,
                                       "--GTestSubprocess", NULL);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (child, NULL, NULL, out, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_get_successful (child));
  g_assert_true (g_file_get_contents (path, &data, &size, NULL));
  g_unlink (path);
  return g_bytes_new_take (g_steal_pointer (&data), size);
}

/* Page I of a PDF drawn at 2 pixels a point. */
static cairo_surface_t *
draw_page (PopplerDocument *doc, int i)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_ARGB32, 1191, 1684);
  cairo_t *cr = cairo_create (surface);

  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, 2, 2);
  poppler_page_render (page, cr);
  cairo_destroy (cr);
  cairo_surface_flush (surface);
  return surface;
}

/* Same pages, same text, each character at the same place, the same pixels. */
static void
assert_same_layout (GBytes *a, GBytes *b)
{
  g_autoptr(PopplerDocument) da = doc_open (a);
  g_autoptr(PopplerDocument) db = doc_open (b);
  g_autofree char *ta = doc_text (da);
  g_autofree char *tb = doc_text (db);

  g_assert_cmpstr (ta, ==, tb);
  g_assert_nonnull (strstr (ta, "䶮"));
  g_assert_nonnull (strstr (ta, "𠀀"));
  g_assert_cmpint (poppler_document_get_n_pages (da), ==, poppler_document_get_n_pages (db));
  for (int i = 0; i < poppler_document_get_n_pages (da); i++)
    {
      g_autoptr(PopplerPage) pa = poppler_document_get_page (da, i);
      g_autoptr(PopplerPage) pb = poppler_document_get_page (db, i);
      g_autoptr(GArray) ca = doc_page_chars (pa);
      g_autoptr(GArray) cb = doc_page_chars (pb);
      cairo_surface_t *ia, *ib;
      guint differ = 0;

      g_assert_cmpuint (ca->len, ==, cb->len);
      /* Where each glyph starts, on its baseline (Poppler's boxes are made from font-wide
       * metrics, which a subset of a block has of its own). */
      for (guint k = 0; k < ca->len; k++)
        {
          DocChar *x = &g_array_index (ca, DocChar, k);
          DocChar *y = &g_array_index (cb, DocChar, k);

          g_assert_cmpuint (x->c, ==, y->c);
          g_assert_cmpfloat (fabs (x->x1 - y->x1), <, 0.01);
          g_assert_cmpfloat (fabs (x->y2 - y->y2), <, 0.05);
        }
      ia = draw_page (da, i);
      ib = draw_page (db, i);
      for (int row = 0; row < cairo_image_surface_get_height (ia); row++)
        {
          const guint32 *ra = (const guint32 *) (cairo_image_surface_get_data (ia) +
                                                 row * cairo_image_surface_get_stride (ia));
          const guint32 *rb = (const guint32 *) (cairo_image_surface_get_data (ib) +
                                                 row * cairo_image_surface_get_stride (ib));

          for (int col = 0; col < cairo_image_surface_get_width (ia); col++)
            differ += ra[col] != rb[col];
        }
      g_test_message ("page %d: %u pixels differ", i + 1, differ);
      g_assert_cmpuint (differ, ==, 0);
      cairo_surface_destroy (ia);
      cairo_surface_destroy (ib);
    }
}

/* The tests of subsets run in this process only when it is not their child (which renders
 * and says what it used) and when the subsets are there at all. */
static gboolean
subset_test_runs (void)
{
  if (g_test_subprocess ())
    {
      child_render ();
      return FALSE;
    }
  if (tj_doc_font_n_subsets () == 0)
    {
      g_test_skip ("no large CFF face (Noto CJK) is installed: documents use no subsets");
      return FALSE;
    }
  return TRUE;
}

static void
test_same_layout (void)
{
  g_autoptr(GBytes) with = NULL;
  g_autoptr(GBytes) without = NULL;
  g_autofree char *body = NULL;
  g_autofree char *out = NULL;

  if (!subset_test_runs ())
    return;
  with = render_sample ();
  /* The common subsets of the four faces and a block for each rare character's block. */
  body = tj_doc_font_families (TJ_DOC_FONT_BODY, FALSE);
  g_assert_nonnull (strstr (body, "(Tiaojie subset)"));
  g_assert_nonnull (strstr (body, "(Tiaojie subset 4D)"));   /* 䶮 */
  g_assert_nonnull (strstr (body, "(Tiaojie subset 58)"));   /* 堃 */
  without = render_in_child ("/doc/fonts/same-layout", "TJ_DOC_FONT_SUBSETS", "0", &out);
  g_assert_nonnull (strstr (out, "subsets 0\n"));
  assert_same_layout (with, without);
  /* The point of it: the subsets' PDF carries less font data. */
  g_assert_cmpuint (g_bytes_get_size (with), <, g_bytes_get_size (without));
}

/* A cache whose files were cut short or overwritten: the next process makes them again. */
static void
test_damaged_cache (void)
{
  g_autofree char *cache = NULL;
  g_autofree char *fonts = NULL;
  g_autoptr(GBytes) first = NULL;
  g_autoptr(GBytes) again = NULL;
  g_autofree char *out = NULL;
  g_autofree char *made = NULL;
  GDir *dir;
  const char *name;
  guint n = 0;

  if (!subset_test_runs ())
    return;
  cache = g_dir_make_tmp ("tj-font-cache-XXXXXX", NULL);
  fonts = g_build_filename (cache, "tiaojie", "fonts", NULL);
  first = render_in_child ("/doc/fonts/damaged-cache", "XDG_CACHE_HOME", cache, &out);
  made = g_strdup (out);
  g_assert_true (g_str_has_prefix (made, "subsets "));
  g_clear_pointer (&out, g_free);
  dir = g_dir_open (fonts, 0, NULL);
  g_assert_nonnull (dir);
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (fonts, name, NULL);
      g_autofree char *data = NULL;
      gsize size;

      g_assert_true (g_file_get_contents (path, &data, &size, NULL));
      /* Every other file cut in half, the rest overwritten. */
      if (n++ % 2 == 0)
        g_assert_true (g_file_set_contents (path, data, size / 2, NULL));
      else
        g_assert_true (g_file_set_contents (path, "not a font", -1, NULL));
    }
  g_dir_close (dir);
  g_assert_cmpuint (n, >=, 4);
  again = render_in_child ("/doc/fonts/damaged-cache", "XDG_CACHE_HOME", cache, &out);
  /* Made again, all of them. */
  g_assert_cmpstr (out, ==, made);
  assert_same_layout (first, again);
  tj_test_remove_tree (cache);
}

/* Subsets no face names any more (a font updated, an older subsetter) leave the cache once
 * nobody has written them for 30 days; younger ones, and files not the cache's, stay. */
static void
test_old_subsets_cleaned (void)
{
  g_autofree char *cache = NULL, *fonts = NULL, *old = NULL, *young = NULL, *other = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autofree char *out = NULL;
  struct utimbuf then;

  if (!subset_test_runs ())
    return;
  cache = g_dir_make_tmp ("tj-font-cache-XXXXXX", NULL);
  fonts = g_build_filename (cache, "tiaojie", "fonts", NULL);
  g_assert_cmpint (g_mkdir_with_parents (fonts, 0700), ==, 0);
  old = g_build_filename (fonts, "0123456789abcdef0123456789abcdef-4E.otf", NULL);
  young = g_build_filename (fonts, "fedcba9876543210fedcba9876543210.otf", NULL);
  other = g_build_filename (fonts, "notes.txt", NULL);
  g_assert_true (g_file_set_contents (old, "an old subset", -1, NULL));
  g_assert_true (g_file_set_contents (young, "a younger one", -1, NULL));
  g_assert_true (g_file_set_contents (other, "not the cache's", -1, NULL));
  then.actime = then.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - 31 * 24 * 3600);
  g_assert_cmpint (g_utime (old, &then), ==, 0);
  g_assert_cmpint (g_utime (other, &then), ==, 0);
  then.actime = then.modtime = (time_t) (g_get_real_time () / G_USEC_PER_SEC - 29 * 24 * 3600);
  g_assert_cmpint (g_utime (young, &then), ==, 0);

  pdf = render_in_child ("/doc/fonts/old-subsets-cleaned", "XDG_CACHE_HOME", cache, &out);
  g_assert_true (g_str_has_prefix (out, "subsets "));
  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (young, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (other, G_FILE_TEST_EXISTS));
  tj_test_remove_tree (cache);
}

int
main (int argc, char **argv)
{
  g_autofree char *cache = NULL;
  int status;

  /* A cache of its own, empty: the subsets are made here (children get the parent's). */
  if (g_getenv ("TJ_TEST_OWN_CACHE") == NULL)
    {
      cache = g_dir_make_tmp ("tj-doc-fonts-XXXXXX", NULL);
      g_setenv ("XDG_CACHE_HOME", cache, TRUE);
      g_setenv ("TJ_TEST_OWN_CACHE", "1", TRUE);
    }
  program = argv[0];
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc/fonts/gb2312", test_gb2312);
  g_test_add_func ("/doc/fonts/subset", test_subset);
  g_test_add_func ("/doc/fonts/same-layout", test_same_layout);
  g_test_add_func ("/doc/fonts/damaged-cache", test_damaged_cache);
  g_test_add_func ("/doc/fonts/old-subsets-cleaned", test_old_subsets_cleaned);
  status = g_test_run ();
  if (cache != NULL)
    tj_test_remove_tree (cache);
  return status;
}
