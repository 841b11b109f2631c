/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

/* The documents part of a case page: what the case's state calls for, each with a draft
 * preview and a final that is recorded (the agreement's lint may refuse it, and says
 * why, here), and the finals issued for the case. Documents render in a worker and
 * open in a preview window. */

#define TJ_TYPE_DOCUMENTS_SECTION (tj_documents_section_get_type ())
G_DECLARE_FINAL_TYPE (TjDocumentsSection, tj_documents_section, TJ, DOCUMENTS_SECTION, GtkWidget)

void      tj_documents_section_set_case (TjDocumentsSection *self,
                                         TjCaseStore        *store,
                                         const TjCase       *c);
/* Issue a final document of the case and open it (session: 1-based, 0 for other kinds). */
void      tj_documents_section_issue    (TjDocumentsSection *self,
                                         const char         *kind,
                                         guint               session);
/* A document is being rendered. */
gboolean  tj_documents_section_is_busy  (TjDocumentsSection *self);

G_END_DECLS
