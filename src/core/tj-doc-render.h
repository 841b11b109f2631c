/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-doc-fonts.h"
#include "tj-doc-template.h"

G_BEGIN_DECLS

/* The GB/T 9704-2012 page, in PDF points (documents.md). */
#define TJ_DOC_PAGE_WIDTH     595.276
#define TJ_DOC_PAGE_HEIGHT    841.890
#define TJ_DOC_MARGIN_TOP     104.882   /* 37 mm */
#define TJ_DOC_MARGIN_LEFT    79.370    /* 28 mm */
#define TJ_DOC_TEXT_WIDTH     442.205   /* 156 mm */
#define TJ_DOC_TEXT_HEIGHT    637.795   /* 225 mm */
#define TJ_DOC_LINES          22
#define TJ_DOC_CHARS          28
#define TJ_DOC_CHAR_PITCH     (TJ_DOC_TEXT_WIDTH / TJ_DOC_CHARS)   /* 15.79 */
#define TJ_DOC_LINE_PITCH     (TJ_DOC_TEXT_HEIGHT / TJ_DOC_LINES)  /* 28.99 */
#define TJ_DOC_BODY_SIZE      16.0      /* 3号 */
#define TJ_DOC_TITLE_SIZE     22.0      /* 2号 */
#define TJ_DOC_FOLIO_SIZE     14.0      /* 4号 */
#define TJ_DOC_FOLIO_GAP      19.843    /* 7 mm below the text area */

typedef struct {
  TjDocPageNumbers  page_numbers;
  const char       *every_page;   /* (nullable) printed in the last line of every page */
  const char       *code;         /* (nullable) verification code: printed with a QR code */
  const char       *title;        /* (nullable) PDF metadata */
} TjDocRenderOptions;

GBytes     *tj_doc_render_pdf   (GPtrArray                 *blocks,
                                 const TjDocRenderOptions  *options,
                                 guint                     *n_pages,
                                 GError                   **error);

G_END_DECLS
