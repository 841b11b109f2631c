/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-list-model.h"

G_BEGIN_DECLS

/* One of the two lists a TjCaseListModel holds (the plain list or the search list) as a
 * GListModel of its own; see tj_case_list_model_get_plain_list (). It holds its model
 * weakly: the model owns it, and one dropped empties it. */
#define TJ_TYPE_CASE_LIST_PART (tj_case_list_part_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseListPart, tj_case_list_part, TJ, CASE_LIST_PART, GObject)

TjCaseListPart *_tj_case_list_part_new       (TjCaseListModel *model,
                                              gboolean         search);

guint           _tj_case_list_model_part_n_items  (TjCaseListModel *self,
                                                   gboolean         search);
gpointer        _tj_case_list_model_part_get_item (TjCaseListModel *self,
                                                   gboolean         search,
                                                   guint            position);

G_END_DECLS
