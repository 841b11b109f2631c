/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include "tj-font-subset.h"

#include <glib/gi18n-lib.h>
#include <hb-ot.h>
#include <hb-subset.h>
#include <string.h>

G_DEFINE_QUARK (tj-font-subset-error-quark, tj_font_subset_error)

#define TAG_CFF  HB_TAG ('C', 'F', 'F', ' ')
#define TAG_NAME HB_TAG ('n', 'a', 'm', 'e')
#define TAG_BASE HB_TAG ('B', 'A', 'S', 'E')

/* A face of FILE, or NULL when FILE is not a font with that face. */
static hb_face_t *
open_face (const char *file, guint index)
{
  hb_blob_t *blob = hb_blob_create_from_file_or_fail (file);
  hb_face_t *face;

  if (blob == NULL)
    return NULL;
  if (index >= hb_face_count (blob))
    {
      hb_blob_destroy (blob);
      return NULL;
    }
  face = hb_face_create (blob, index);
  hb_blob_destroy (blob);
  return face;
}

gsize
tj_font_subset_cff_size (const char *file, guint index)
{
  hb_face_t *face = open_face (file, index);
  hb_blob_t *table;
  gsize size;

  if (face == NULL)
    return 0;
  table = hb_face_reference_table (face, TAG_CFF);
  size = hb_blob_get_length (table);
  hb_blob_destroy (table);
  hb_face_destroy (face);
  return size;
}

static void
add_range (GArray *chars, gunichar from, gunichar to)
{
  for (gunichar c = from; c <= to; c++)
    g_array_append_val (chars, c);
}

GArray *
tj_font_subset_gb2312 (GError **error)
{
  g_autoptr(GArray) chars = g_array_new (FALSE, FALSE, sizeof (gunichar));
  GIConv conv = g_iconv_open ("UTF-8", "GB2312");

  if (conv == (GIConv) -1)
    {
      g_set_error (error, TJ_FONT_SUBSET_ERROR, TJ_FONT_SUBSET_ERROR_CHARSET,
                   _("This system cannot convert from GB 2312."));
      return NULL;
    }
  add_range (chars, 0x20, 0x7E);
  add_range (chars, 0xA0, 0xFF);
  add_range (chars, 0x2000, 0x206F);
  add_range (chars, 0x3000, 0x303F);
  add_range (chars, 0xFF00, 0xFFEF);
  /* EUC-CN: rows and cells 0xA1–0xFE; unassigned codes do not convert. */
  for (guint row = 0xA1; row <= 0xF7; row++)
    for (guint cell = 0xA1; cell <= 0xFE; cell++)
      {
        char in[2] = { (char) row, (char) cell };
        char out[8];
        char *inp = in, *outp = out;
        gsize in_left = sizeof in, out_left = sizeof out;

        if (g_iconv (conv, &inp, &in_left, &outp, &out_left) == (gsize) -1 || in_left != 0)
          {
            g_iconv (conv, NULL, NULL, NULL, NULL);
            continue;
          }
        {
          gunichar c = g_utf8_get_char_validated (out, outp - out);

          if (c < 0x110000)
            g_array_append_val (chars, c);
        }
      }
  g_iconv_close (conv);
  return g_steal_pointer (&chars);
}

static void
put16 (GByteArray *out, guint16 value)
{
  guint8 be[2] = { value >> 8, value & 0xFF };

  g_byte_array_append (out, be, 2);
}

/* A 'name' table (format 0, Windows Unicode BMP, US English) of the given strings, indexed
 * by name id; NULL entries are left out. */
static hb_blob_t *
name_table (const char * const names[7])
{
  GByteArray *records = g_byte_array_new ();
  GByteArray *strings = g_byte_array_new ();
  GByteArray *table = g_byte_array_new ();
  guint16 count = 0;

  for (guint id = 0; id < 7; id++)
    {
      glong n = 0;
      g_autofree gunichar2 *utf16 = NULL;

      if (names[id] == NULL)
        continue;
      utf16 = g_utf8_to_utf16 (names[id], -1, NULL, &n, NULL);
      if (utf16 == NULL)
        continue;
      put16 (records, 3);                          /* platform: Windows */
      put16 (records, 1);                          /* encoding: Unicode BMP */
      put16 (records, 0x0409);                     /* language: US English */
      put16 (records, id);
      put16 (records, (guint16) (n * 2));
      put16 (records, (guint16) strings->len);
      for (glong i = 0; i < n; i++)
        put16 (strings, utf16[i]);
      count++;
    }
  put16 (table, 0);
  put16 (table, count);
  put16 (table, (guint16) (6 + records->len));
  g_byte_array_append (table, records->data, records->len);
  g_byte_array_append (table, strings->data, strings->len);
  g_byte_array_unref (records);
  g_byte_array_unref (strings);
  {
    guint len = table->len;
    guint8 *data = g_byte_array_free (table, FALSE);

    return hb_blob_create ((const char *) data, len, HB_MEMORY_MODE_WRITABLE, data, g_free);
  }
}

static char *
face_name (hb_face_t *face, hb_ot_name_id_t id)
{
  unsigned int size = hb_ot_name_get_utf8 (face, id, HB_LANGUAGE_INVALID, NULL, NULL) + 1;
  char *text = g_malloc0 (size);

  hb_ot_name_get_utf8 (face, id, HB_LANGUAGE_INVALID, &size, text);
  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

/* The subset's tables with a 'name' table of its own: the new family, the original's
 * style and PostScript name (PDFs name the embedded font by the latter). */
static hb_blob_t *
renamed (hb_face_t *original, hb_face_t *subset, const char *family)
{
  g_autofree char *style = face_name (original, HB_OT_NAME_ID_FONT_SUBFAMILY);
  g_autofree char *postscript = face_name (original, HB_OT_NAME_ID_POSTSCRIPT_NAME);
  g_autofree char *full = NULL;
  const char *names[7] = { NULL };
  hb_face_t *builder = hb_face_builder_create ();
  unsigned int n = hb_face_get_table_tags (subset, 0, NULL, NULL);
  g_autofree hb_tag_t *tags = g_new (hb_tag_t, MAX (n, 1));
  hb_blob_t *blob;

  if (style == NULL)
    style = g_strdup ("Regular");
  full = g_strconcat (family, " ", style, NULL);
  names[HB_OT_NAME_ID_FONT_FAMILY] = family;
  names[HB_OT_NAME_ID_FONT_SUBFAMILY] = style;
  names[HB_OT_NAME_ID_UNIQUE_ID] = full;
  names[HB_OT_NAME_ID_FULL_NAME] = full;
  names[HB_OT_NAME_ID_POSTSCRIPT_NAME] = postscript;
  hb_face_get_table_tags (subset, 0, &n, tags);
  for (unsigned int i = 0; i < n; i++)
    if (tags[i] != TAG_NAME)
      {
        hb_blob_t *table = hb_face_reference_table (subset, tags[i]);

        hb_face_builder_add_table (builder, tags[i], table);
        hb_blob_destroy (table);
      }
  blob = name_table (names);
  hb_face_builder_add_table (builder, TAG_NAME, blob);
  hb_blob_destroy (blob);
  blob = hb_face_reference_blob (builder);
  hb_face_destroy (builder);
  return blob;
}

static void
blob_unref (gpointer blob)
{
  hb_blob_destroy (blob);
}

GBytes *
tj_font_subset_make (const char *file, guint index, GArray *chars, const char *family,
                     GError **error)
{
  hb_face_t *face;
  hb_face_t *subset;
  hb_subset_input_t *input;
  hb_set_t *unicodes;
  hb_blob_t *blob;
  const char *data;
  unsigned int length;

  g_return_val_if_fail (file != NULL && chars != NULL && family != NULL, NULL);

  face = open_face (file, index);
  if (face == NULL)
    {
      g_set_error (error, TJ_FONT_SUBSET_ERROR, TJ_FONT_SUBSET_ERROR_READ,
                   _("“%s” has no font face %u."), file, index);
      return NULL;
    }
  input = hb_subset_input_create_or_fail ();
  if (input == NULL)
    {
      hb_face_destroy (face);
      g_set_error (error, TJ_FONT_SUBSET_ERROR, TJ_FONT_SUBSET_ERROR_SUBSET,
                   _("Out of memory while subsetting “%s”."), file);
      return NULL;
    }
  /* 'BASE', which HarfBuzz drops by default, stays as it is (tables HarfBuzz cannot subset
   * pass through): Pango aligns a fallback face's glyphs to its baselines (𠀀 from HanaMinA
   * beside Noto). */
  hb_set_del (hb_subset_input_set (input, HB_SUBSET_SETS_DROP_TABLE_TAG), TAG_BASE);
  hb_subset_input_set_flags (input, HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED);
  unicodes = hb_subset_input_unicode_set (input);
  for (guint i = 0; i < chars->len; i++)
    hb_set_add (unicodes, g_array_index (chars, gunichar, i));
  subset = hb_subset_or_fail (face, input);
  hb_subset_input_destroy (input);
  if (subset == NULL)
    {
      hb_face_destroy (face);
      g_set_error (error, TJ_FONT_SUBSET_ERROR, TJ_FONT_SUBSET_ERROR_SUBSET,
                   _("HarfBuzz could not subset face %u of “%s”."), index, file);
      return NULL;
    }
  /* A subset is a face builder, which lists no tables: read it back as a font file. */
  blob = hb_face_reference_blob (subset);
  hb_face_destroy (subset);
  subset = hb_face_create (blob, 0);
  hb_blob_destroy (blob);
  blob = renamed (face, subset, family);
  hb_face_destroy (subset);
  hb_face_destroy (face);
  data = hb_blob_get_data (blob, &length);
  if (length == 0)
    {
      hb_blob_destroy (blob);
      g_set_error (error, TJ_FONT_SUBSET_ERROR, TJ_FONT_SUBSET_ERROR_SUBSET,
                   _("HarfBuzz could not subset face %u of “%s”."), index, file);
      return NULL;
    }
  return g_bytes_new_with_free_func (data, length, blob_unref, blob);
}
