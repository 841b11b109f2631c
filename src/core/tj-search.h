/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-store.h"

G_BEGIN_DECLS

#define TJ_SEARCH_ERROR (tj_search_error_quark ())

typedef enum {
  TJ_SEARCH_ERROR_TOO_SHORT,    /* a fragment needs at least two characters */
} TjSearchError;

GQuark    tj_search_error_quark (void);

/* Case-fold for matching: ASCII lower case, full-width forms to ASCII. */
char     *tj_search_fold        (const char  *text);

/* Turn what a person typed into an FTS5 query over the n-gram index and the folded
 * terms that every hit must contain. The query is NULL when no term has a gram of its
 * own (two ASCII characters): every case is then a candidate. */
gboolean  tj_search_parse       (const char  *text,
                                 char       **fts_query,
                                 GStrv       *terms,
                                 GError     **error);

/* Read the search index once in a worker, on a connection of its own, so that its pages
 * are in the system's cache before the first searches need them (see tj-search-warm.c).
 * `bytes`: how much of the index was read. Cancelling interrupts the reading. */
void      tj_search_warm_async  (TjStore             *store,
                                 GCancellable        *cancellable,
                                 GAsyncReadyCallback  callback,
                                 gpointer             user_data);
gboolean  tj_search_warm_finish (TjStore             *store,
                                 GAsyncResult        *result,
                                 gint64              *bytes,
                                 GError             **error);

/* The text indexed for one case (its number, facts and parties). */
char     *_tj_search_case_text  (TjStore     *store,
                                 gint64       cid,
                                 GError     **error);
gboolean  _tj_search_index      (TjStore     *store,
                                 gint64       cid,
                                 const char  *old_text,
                                 GError     **error);
gboolean  _tj_search_rebuild    (TjStore     *store,
                                 GError     **error);
/* Registrations are indexed after they are written (a bulk import or a sync page does
 * not wait for the n-grams): every case up to this cid is indexed; the indexer takes the
 * next `max`, inside the caller's transaction. */
gint64    _tj_search_indexed_upto (TjStore   *store);
gboolean  _tj_search_index_pending (TjStore  *store,
                                    guint     max,
                                    guint    *n_indexed,
                                    GError  **error);

G_END_DECLS
