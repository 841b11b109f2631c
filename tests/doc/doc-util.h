/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <poppler.h>

#include "tj-doc.h"
#include "test-util.h"

G_BEGIN_DECLS

/* poppler-glib 22.12 declares no autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

/* One character of a rendered page as Poppler reads it back. */
typedef struct {
  gunichar c;
  double   x1, y1, x2, y2;
} DocChar;

PopplerDocument *doc_open           (GBytes        *pdf);
/* The characters of a page with their boxes (DocChar, no line breaks). */
GArray          *doc_page_chars     (PopplerPage   *page);
char            *doc_text           (PopplerDocument *doc);
/* A case with these applicants (NULL-terminated names), the test respondent, accepted,
 * assigned and, with clauses, agreed on `signed_date`. */
TjCase          *doc_make_case      (TjTestReplica *r,
                                     const char   * const *applicants,
                                     GPtrArray     *clauses,
                                     const char    *signed_date);
TjClause        *doc_clause         (const char    *payer,
                                     const char    *payee,
                                     const char    *what,
                                     gint64         amount,
                                     const char    *due,
                                     const char    *method);
GBytes          *doc_render         (TjTestReplica *r,
                                     const char    *kind,
                                     const char    *ref,
                                     gboolean       final,
                                     char         **code,
                                     GError       **error);

G_END_DECLS
