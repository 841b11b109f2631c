/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tj-doc-data.h"

G_BEGIN_DECLS

/* Document templates: a line-oriented text format a provincial administrator edits
 * (data/documents/README.md describes it). Each line is a paragraph of a kind:
 *
 *   @kind agreement                    header: the kind, page numbers, every-page line
 *   [title] 调解协议书                  [heading] 一、…  [subheading] （一）…
 *   [para] 申请人：{{party.name}}        body, indented two characters; [plain] [center] [right]
 *   [each applicants] … [end]          repeated for each item of a list
 *   [if agreement.waiver] … [else] … [end]
 *   [sign] 申请人（签名）： | 被申请人（签名或盖章）：   [seal] {{org.name}} | {{doc.date}}
 *   [table 1 3 2] [head] 序号 | 案号 | … [row] {{row.index}} | … [end]
 *   [blank] [break]
 *
 * A template is checked when it is loaded: an unknown directive, placeholder or list, or
 * an unbalanced [end], is an error naming the file and the line. */

typedef enum {
  TJ_DOC_BLOCK_TITLE,
  TJ_DOC_BLOCK_NUMBER,          /* the document number under the title, centred */
  TJ_DOC_BLOCK_HEADING,         /* 一、 黑体 */
  TJ_DOC_BLOCK_SUBHEADING,      /* （一） 楷体 */
  TJ_DOC_BLOCK_PARA,            /* 仿宋, first line indented two characters */
  TJ_DOC_BLOCK_PLAIN,           /* 仿宋, no indent */
  TJ_DOC_BLOCK_CENTER,
  TJ_DOC_BLOCK_RIGHT,
  TJ_DOC_BLOCK_BLANK,
  TJ_DOC_BLOCK_SIGN,            /* signature line: text | text2 side by side */
  TJ_DOC_BLOCK_SEAL,            /* issuer (text) centred over the date (text2) */
  TJ_DOC_BLOCK_BREAK,
  TJ_DOC_BLOCK_HEAD_ROW,        /* table rows: cells over widths */
  TJ_DOC_BLOCK_ROW,
} TjDocBlockKind;

typedef struct {
  TjDocBlockKind  kind;
  char           *text;
  char           *text2;        /* (nullable) */
  GStrv           cells;        /* (nullable) rows */
  GArray         *widths;       /* (nullable) rows: relative column widths, double */
} TjDocBlock;

typedef enum {
  TJ_DOC_PAGE_NUMBERS_STANDARD, /* "— 1 —", odd right, even left */
  TJ_DOC_PAGE_NUMBERS_OF_TOTAL, /* "第1页 共3页" (session records) */
} TjDocPageNumbers;

#define TJ_TYPE_DOC_TEMPLATE (tj_doc_template_get_type ())
G_DECLARE_FINAL_TYPE (TjDocTemplate, tj_doc_template, TJ, DOC_TEMPLATE, GObject)

/* `filename` names the source in messages. */
TjDocTemplate   *tj_doc_template_parse        (const char       *text,
                                               gssize            length,
                                               const char       *filename,
                                               GError          **error);
/* The template of a kind: the first found of `dir` (nullable), $TJ_DOCUMENTS_DIR, the
 * user's and the system's data folders (tiaojie/documents/KIND.tjt), then the built-in
 * one. An override that does not load is an error, never silently replaced. */
TjDocTemplate   *tj_doc_template_load         (const char       *kind,
                                               const char       *dir,
                                               GError          **error);
const char      *tj_doc_template_get_kind     (TjDocTemplate    *self);
const char      *tj_doc_template_get_title    (TjDocTemplate    *self);
/* Where it came from: a path, or "resource:///…" for the built-in one. */
const char      *tj_doc_template_get_source   (TjDocTemplate    *self);
TjDocPageNumbers tj_doc_template_get_page_numbers (TjDocTemplate *self);
/* The paragraphs for `data` (TjDocBlock, freed with the array); *every_page (nullable)
 * the line printed at the foot of every page, or NULL. */
GPtrArray       *tj_doc_template_expand       (TjDocTemplate    *self,
                                               const TjDocScope *data,
                                               char            **every_page);

TjDocBlock      *tj_doc_block_new             (TjDocBlockKind    kind,
                                               const char       *text);
void             tj_doc_block_free            (TjDocBlock       *block);

G_END_DECLS
