/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"
#include "tj-pdf-view.h"

G_BEGIN_DECLS

/* What a supervisor decides a review on, beside the case data: the agreement as a PDF
 * (the final issued: the replica's copy, or fetched from the server in a worker when only
 * its record was synced, checked against the recorded SHA-256 either way; where none was
 * issued, rendered from the case now), and Confirm and Refuse, which are the case page's
 * workflow actions and are offered here only. */

#define TJ_TYPE_REVIEW_PANE (tj_review_pane_get_type ())
G_DECLARE_FINAL_TYPE (TjReviewPane, tj_review_pane, TJ, REVIEW_PANE, GtkWidget)

/* Loads the agreement again only when the case or its agreement changed. */
void       tj_review_pane_set_case  (TjReviewPane *self,
                                     TjCaseStore  *store,
                                     const TjCase *c);
TjPdfView *tj_review_pane_get_view  (TjReviewPane *self);
/* The agreement shown is the final issued (TRUE) or rendered now (FALSE). */
gboolean   tj_review_pane_get_final (TjReviewPane *self);
/* Fetching the final from the server. */
gboolean   tj_review_pane_is_busy   (TjReviewPane *self);

G_END_DECLS
