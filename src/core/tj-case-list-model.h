/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-case-item.h"
#include "tj-case-list.h"

G_BEGIN_DECLS

/*
 * The cases of a replica as a GListModel of TjCaseItem, for views of any size.
 *
 * Lazy: only the pages of rows a view asks for are read (tj_case_list_page), and at most
 * a bounded number of them is kept. A plain or filtered list reads its first page at once
 * and is counted in a worker (tj_case_list_count_async): until the count arrives, the
 * list holds the first rows of a new filter, or its length before a refresh, and
 * "counted" is FALSE; then its tail grows or shrinks to the exact length. A jump far
 * down finds its page's start with tj_case_list_skip instead of reading every page before
 * it. A search list cannot be counted cheaply: it grows as the view scrolls towards its
 * end, one search page at a time, from idle callbacks.
 *
 * The model is whichever list its filter selects. It also holds each of the two as a
 * GListModel of its own (tj_case_list_model_get_plain_list and _get_search_list), which
 * only that list's changes reach: a search leaves the plain list as it was, so a view of
 * it keeps its rows (a GtkColumnView of GTK 4.8 holds about 200 and would otherwise throw
 * them all away at the first character typed), and going back to it reads it again only
 * when its filter or the data changed meanwhile.
 */

#define TJ_TYPE_CASE_LIST_MODEL (tj_case_list_model_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseListModel, tj_case_list_model, TJ, CASE_LIST_MODEL, GObject)

/* Rows per page read from the store. */
#define TJ_CASE_LIST_MODEL_PAGE 100

TjCaseListModel    *tj_case_list_model_new          (TjCaseStore        *store);
/* The same, read once with `filter` (a view that knows its filter need not count twice). */
TjCaseListModel    *tj_case_list_model_new_filtered (TjCaseStore        *store,
                                                     const TjCaseFilter *filter);
TjCaseStore        *tj_case_list_model_get_store    (TjCaseListModel    *self);
/* The filter is copied and the list it selects shown; items-changed replaces every item.
 * The list is read again, but for a plain list shown again as a search ends, when neither
 * its filter nor the replica changed (a refresh) meanwhile. */
void                tj_case_list_model_set_filter   (TjCaseListModel    *self,
                                                     const TjCaseFilter *filter);
const TjCaseFilter *tj_case_list_model_get_filter   (TjCaseListModel    *self);
/* Read again after the replica changed (an edit, a sync); a plain list kept behind a
 * search, once it is shown again. */
void                tj_case_list_model_refresh      (TjCaseListModel    *self);
/* FALSE while a search list may still grow. */
gboolean            tj_case_list_model_is_complete  (TjCaseListModel    *self);
/* FALSE while the length of a plain or filtered list is an estimate, its count under way. */
gboolean            tj_case_list_model_is_counted   (TjCaseListModel    *self);
/* TRUE while the filter has a search: the model is then the search list ("searching"). */
gboolean            tj_case_list_model_is_searching (TjCaseListModel    *self);
/* The plain (or filtered) list and the search list, each with the changes of its own
 * only; owned by the model. */
GListModel         *tj_case_list_model_get_plain_list  (TjCaseListModel *self);
GListModel         *tj_case_list_model_get_search_list (TjCaseListModel *self);
/* The last error reading the replica, or NULL. */
const GError       *tj_case_list_model_get_error    (TjCaseListModel    *self);
/* Pages held in memory now (tests, benchmarks). */
guint               tj_case_list_model_get_n_cached_pages (TjCaseListModel *self);

G_END_DECLS
