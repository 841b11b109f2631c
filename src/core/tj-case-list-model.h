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
/* The filter is copied; the list is read again and items-changed replaces every item. */
void                tj_case_list_model_set_filter   (TjCaseListModel    *self,
                                                     const TjCaseFilter *filter);
const TjCaseFilter *tj_case_list_model_get_filter   (TjCaseListModel    *self);
/* Read again after the replica changed (an edit, a sync). */
void                tj_case_list_model_refresh      (TjCaseListModel    *self);
/* FALSE while a search list may still grow. */
gboolean            tj_case_list_model_is_complete  (TjCaseListModel    *self);
/* FALSE while the length of a plain or filtered list is an estimate, its count under way. */
gboolean            tj_case_list_model_is_counted   (TjCaseListModel    *self);
/* The last error reading the replica, or NULL. */
const GError       *tj_case_list_model_get_error    (TjCaseListModel    *self);
/* Pages held in memory now (tests, benchmarks). */
guint               tj_case_list_model_get_n_cached_pages (TjCaseListModel *self);

G_END_DECLS
