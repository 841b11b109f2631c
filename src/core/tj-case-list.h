/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"

G_BEGIN_DECLS

/* Pages of case summaries for lists: keyset pagination (a page costs the same at row 10
 * and at row 900,000), filters, and fragment search. */

typedef enum {
  TJ_CASE_ORDER_RECEIVED,       /* newest first */
  TJ_CASE_ORDER_DUE,            /* most urgent first; only cases with a pending clock */
  TJ_CASE_ORDER_NUMBER,         /* by case number */
} TjCaseOrder;

typedef struct {
  int          state;           /* a TjState, or -1 for any */
  guint32      types;           /* cases with any of these dispute types; 0 for any */
  const char  *mediator;        /* (nullable) a person id */
  gboolean     overdue;         /* only cases past their pending deadline */
  const char  *search;          /* (nullable) a fragment of two or more characters */
  TjCaseOrder  order;
  gboolean     reverse;         /* the order the other way round (oldest first, …) */
} TjCaseFilter;

typedef struct {
  gint64    cid;
  TjUuid    id;
  char     *case_no;
  TjState   state;
  char     *received;
  guint32   types;
  char     *applicant;
  char     *respondent;
  char     *mediator;
  char     *due;
  char     *due_clock;
  gboolean  due_provisional;
  gboolean  overdue;
} TjCaseRow;

/* Where a page ended; pass it back for the next page. */
typedef struct {
  gboolean  valid;
  char     *key;
  gint64    cid;
} TjCaseCursor;

void      tj_case_filter_init   (TjCaseFilter        *filter);
/* Copy `src` into `dest`, which then owns its strings (mediator, search) and whose own
 * strings, from an earlier copy, are freed; tj_case_filter_clear frees them. */
void      tj_case_filter_copy   (TjCaseFilter        *dest,
                                 const TjCaseFilter  *src);
void      tj_case_filter_clear  (TjCaseFilter        *filter);
void      tj_case_row_free      (TjCaseRow           *row);
void      tj_case_cursor_clear  (TjCaseCursor        *cursor);

/* rows: a new array of TjCaseRow. next is set when there may be more. A search page may
 * hold fewer rows than limit, even none, when it stopped at its work limit; next then
 * continues the search. Search results come newest registration first, whatever the
 * order. */
gboolean  tj_case_list_page     (TjCaseStore         *store,
                                 const TjCaseFilter  *filter,
                                 const TjCaseCursor  *after,
                                 guint                limit,
                                 GPtrArray          **rows,
                                 TjCaseCursor        *next,
                                 GError             **error);

/* How many cases the filter selects (search is ignored: a search list is not counted).
 * A count walks an index; on a million cases that is tens of milliseconds. */
gboolean  tj_case_list_count    (TjCaseStore         *store,
                                 const TjCaseFilter  *filter,
                                 gint64              *count,
                                 GError             **error);

/* The same count in a worker thread, on a connection of its own (the replica's file), so
 * that a list can be shown before its length is known. Cancelling interrupts the query. */
void      tj_case_list_count_async  (TjCaseStore         *store,
                                     const TjCaseFilter  *filter,
                                     GCancellable        *cancellable,
                                     GAsyncReadyCallback  callback,
                                     gpointer             user_data);
gboolean  tj_case_list_count_finish (TjCaseStore         *store,
                                     GAsyncResult        *result,
                                     gint64              *count,
                                     GError             **error);

/* The cursor after `n` more cases of the filter's order (not a search), from `after`
 * (NULL: the start), without reading their summaries: a list jumps far ahead this way.
 * `next` stays invalid when fewer than `n` cases follow. */
gboolean  tj_case_list_skip     (TjCaseStore         *store,
                                 const TjCaseFilter  *filter,
                                 const TjCaseCursor  *after,
                                 guint64              n,
                                 TjCaseCursor        *next,
                                 GError             **error);

/* tj_case_list_count on any connection to the replica, with the date overdue is counted
 * against. */
gboolean  _tj_case_list_count_on  (TjStore            *store,
                                    const char         *today,
                                    const TjCaseFilter *filter,
                                    gint64             *count,
                                    GError            **error);

/* Tests: how far a filtered list walks its order's index before it turns to a filter's
 * own index, and how many matches it will sort (defaults 1,500 and 10,000; twice that in number order). */
void      _tj_case_list_set_limits (guint              probe_rows,
                                    gint64             sorted_matches);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjCaseRow, tj_case_row_free)

G_END_DECLS
