/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gtk/gtk.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_SETUP_PAGE (tj_setup_page_get_type ())
G_DECLARE_FINAL_TYPE (TjSetupPage, tj_setup_page, TJ, SETUP_PAGE, GtkWidget)

/* First run: set an empty replica up; "done" when it is. */
void tj_setup_page_set_store  (TjSetupPage *self,
                               TjCaseStore *store);
void tj_setup_page_show_error (TjSetupPage *self,
                               const char  *message);

G_END_DECLS
