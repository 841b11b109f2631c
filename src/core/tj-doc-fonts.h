/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <pango/pango.h>

G_BEGIN_DECLS

/* The fonts of documents (documents.md, architecture.md): each role's family is the first
 * installed of its candidates, named explicitly. Documents lay out through a font map of
 * their own, over a fontconfig configuration that also holds a GB 2312 subset of each
 * large CFF face they use (Noto CJK): cairo copies a face's whole 'CFF ' table for every
 * PDF it embeds the face in, and that table is 15–20 MB for a CJK face. The subsets are
 * made once per font file and kept in the user's cache directory (tiaojie/fonts); a
 * character outside GB 2312 (a rare character in a name: 䶮, 堃) gets a small subset of
 * its block of 256 code points, made when a document first needs it. Glyphs, metrics and
 * text are those of the original faces, which remain the last fallback.
 * TJ_DOC_FONT_SUBSETS=0 in the environment turns the subsets off. */

typedef enum {
  TJ_DOC_FONT_TITLE,            /* 小标宋 */
  TJ_DOC_FONT_BODY,             /* 仿宋 */
  TJ_DOC_FONT_HEI,              /* 黑体 */
  TJ_DOC_FONT_KAI,              /* 楷体 */
  TJ_DOC_FONT_SONG,             /* 宋体: page numbers */
  TJ_DOC_N_FONTS
} TjDocFont;

/* The family used for a role: the first installed of its candidates. */
const char   *tj_doc_font_family      (TjDocFont  font);
/* The family list of a role's font description: the subset of the family when there is
 * one for that weight, the family, then the same for the fallback Noto Serif CJK SC. */
char         *tj_doc_font_families    (TjDocFont  font,
                                       gboolean   bold);
/* Makes sure that the characters of TEXT outside the GB 2312 subsets have subsets of their
 * blocks of 256 code points (made once and kept in the cache); call it before laying TEXT
 * out. */
void          tj_doc_fonts_cover      (const char *text);
/* How many subset faces documents use (0 when off or none could be made). */
guint         tj_doc_font_n_subsets   (void);
/* The calling thread's font map for documents (Pango font maps are per thread). */
PangoFontMap *tj_doc_font_map         (void);

G_END_DECLS
