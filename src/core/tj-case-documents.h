/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"
#include "tj-doc.h"

G_BEGIN_DECLS

/* Which documents a case calls for in its state, and the final ones its replica has
 * issued: what a case page offers and lists. The rules follow the state checks of
 * tj_doc_render (), so every kind offered renders. */

typedef struct {
  const TjDocKind *kind;
  guint            session;     /* session records: 1-based; 0 for the other kinds */
} TjDocOffer;

/* TjDocOffer in the order of the case's life; `n_sessions` session records. */
GArray      *tj_case_documents_offered  (const TjCase  *c,
                                         guint          n_sessions);
/* The final documents recorded for the case (TjDocRecord of tj-doc.h), issued here or
 * pulled from the server, oldest first. */
GPtrArray   *tj_case_documents_recorded (TjCaseStore   *store,
                                         const TjCase  *c,
                                         GError       **error);
/* The newest recorded final of a kind, or NULL. */
TjDocRecord *tj_case_documents_latest   (GPtrArray     *recorded,
                                         const char    *kind);


G_END_DECLS
