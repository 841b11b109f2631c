/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_CASE_PAGE (tj_case_page_get_type ())
G_DECLARE_FINAL_TYPE (TjCasePage, tj_case_page, TJ, CASE_PAGE, GtkWidget)

void        tj_case_page_set_store   (TjCasePage  *self,
                                      TjCaseStore *store);
/* ref: a case id or number. */
gboolean    tj_case_page_load        (TjCasePage  *self,
                                      const char  *ref,
                                      GError     **error);
void        tj_case_page_reload      (TjCasePage  *self);
/* (nullable) */
const char *tj_case_page_get_case_no (TjCasePage  *self);
/* (nullable) the case id shown */
const char *tj_case_page_get_case_id (TjCasePage  *self);

G_END_DECLS
