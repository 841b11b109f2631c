/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a template can print: a tree of text fields and lists of items. The root holds
 * dotted names ("case.number"); the items of a list hold plain names ("name") and are
 * reached in a template through the list's item name ("party.name" inside
 * "[each applicants]"). The schema below is the full set of names a template may use:
 * a province's template that names anything else is refused when it is loaded. */

typedef enum {
  TJ_DOC_DATE_ARABIC,           /* 2026年3月5日 */
  TJ_DOC_DATE_CHINESE,          /* 二〇二六年三月五日 */
} TjDocDateStyle;

typedef struct _TjDocScope TjDocScope;

typedef struct {
  const char         *list;     /* name in [each …] */
  const char         *item;     /* the item's name in placeholders */
  const char * const *fields;
} TjDocListSchema;

TjDocScope  *tj_doc_scope_new       (void);
void         tj_doc_scope_free      (TjDocScope   *scope);
void         tj_doc_scope_set       (TjDocScope   *scope,
                                     const char   *name,
                                     const char   *value);
void         tj_doc_scope_take      (TjDocScope   *scope,
                                     const char   *name,
                                     char         *value);
/* A new item appended to a list of the scope, owned by it. */
TjDocScope  *tj_doc_scope_add_item  (TjDocScope   *scope,
                                     const char   *list);
/* (nullable) */
const char  *tj_doc_scope_get       (const TjDocScope *scope,
                                     const char   *name);
/* (nullable) the items, TjDocScope */
GPtrArray   *tj_doc_scope_get_list  (const TjDocScope *scope,
                                     const char   *list);

/* The schema. */
gboolean     tj_doc_schema_has_root_field (const char *name);
const TjDocListSchema *tj_doc_schema_list (const char *list);
gboolean     tj_doc_schema_list_has_field (const TjDocListSchema *list,
                                           const char *field);

/* Formatting as the documents print it. */
char        *tj_doc_format_date     (const char   *iso,
                                     TjDocDateStyle style);
/* "12,000.00元（人民币壹万贰仟元整）" */
char        *tj_doc_format_amount   (gint64        fen);
/* 1 → "一", 12 → "十二", 21 → "二十一" (numbers of clauses and headings). */
char        *tj_doc_number_cn       (guint         n);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDocScope, tj_doc_scope_free)

G_END_DECLS
