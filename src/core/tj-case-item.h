/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tj-case-list.h"

G_BEGIN_DECLS

/* One row of a case list as a GObject, for list models and views: the summary columns of
 * a TjCaseRow, read-only. (TjCaseRow is the plain struct a page is made of.) */

#define TJ_TYPE_CASE_ITEM (tj_case_item_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseItem, tj_case_item, TJ, CASE_ITEM, GObject)

/* No pending deadline: tj_case_item_get_days_left () returns this. */
#define TJ_CASE_ITEM_NO_DEADLINE G_MININT

/* today: ISO date the days to the deadline are counted from. */
TjCaseItem  *tj_case_item_new_from_row   (const TjCaseRow *row,
                                          const char      *today);
/* Whether the item shows what a row read with `today` would: the same case with the same
 * summary (a list read again can then keep the item, and a view its row). */
gboolean     tj_case_item_matches_row    (TjCaseItem      *self,
                                          const TjCaseRow *row,
                                          const char      *today);
const char  *tj_case_item_get_id         (TjCaseItem      *self);
gint64       tj_case_item_get_cid        (TjCaseItem      *self);
const char  *tj_case_item_get_case_no    (TjCaseItem      *self);
TjState      tj_case_item_get_state      (TjCaseItem      *self);
const char  *tj_case_item_get_received   (TjCaseItem      *self);
guint32      tj_case_item_get_types      (TjCaseItem      *self);
const char  *tj_case_item_get_applicant  (TjCaseItem      *self);
const char  *tj_case_item_get_respondent (TjCaseItem      *self);
const char  *tj_case_item_get_mediator   (TjCaseItem      *self);
const char  *tj_case_item_get_due        (TjCaseItem      *self);
const char  *tj_case_item_get_due_clock  (TjCaseItem      *self);
gboolean     tj_case_item_get_overdue    (TjCaseItem      *self);
int          tj_case_item_get_days_left  (TjCaseItem      *self);

G_END_DECLS
