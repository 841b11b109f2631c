/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* A smaller copy of one face of a font file: the glyphs of a set of characters, with the
 * face's shaping tables, metrics and PostScript name kept and its family renamed, so that
 * fontconfig offers it beside the original. Documents use it: cairo reads the whole 'CFF '
 * table of a face into memory, twice, for every PDF it embeds the face in, and the table
 * of a CJK face is 15–20 MB (tj-doc-fonts.c). */

#define TJ_FONT_SUBSET_ERROR (tj_font_subset_error_quark ())

typedef enum {
  TJ_FONT_SUBSET_ERROR_READ,      /* the file is not a font or has no such face */
  TJ_FONT_SUBSET_ERROR_SUBSET,    /* HarfBuzz could not subset the face */
  TJ_FONT_SUBSET_ERROR_CHARSET,   /* the character set could not be built */
} TjFontSubsetError;

GQuark      tj_font_subset_error_quark  (void);

/* The size of a face's 'CFF ' table in bytes; 0 when the face has none (TrueType
 * outlines, whose glyphs cairo reads one by one) or cannot be read. */
gsize       tj_font_subset_cff_size     (const char  *file,
                                         guint        index);

/* The characters of GB 2312 (its 7,445 graphic characters: 6,763 hanzi and 682 symbols)
 * with printable ASCII and Latin-1, general punctuation, CJK symbols and punctuation and
 * the full-width forms: what nearly every document is written in. (element-type gunichar) */
GArray     *tj_font_subset_gb2312       (GError     **error);

/* The face INDEX of FILE reduced to the glyphs of CHARS (and what its shaping tables reach
 * from them), named FAMILY. The bytes of an OpenType font file. */
GBytes     *tj_font_subset_make         (const char  *file,
                                         guint        index,
                                         GArray      *chars,
                                         const char  *family,
                                         GError     **error);

G_END_DECLS
