/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

/* The parties and claims of a case page, edited in place: each field is checked as it
 * is typed and saved after a short pause (no Save button), a refusal shown beside its
 * field; parties and claims are added and (after a confirmation) removed here. Emits
 * "saved" after it wrote to the replica. */

#define TJ_TYPE_PARTIES_SECTION (tj_parties_section_get_type ())
G_DECLARE_FINAL_TYPE (TjPartiesSection, tj_parties_section, TJ, PARTIES_SECTION, GtkWidget)

/* Show the case; `editable` FALSE shows it read-only (a supervisor, an archived case). */
void      tj_parties_section_set_case (TjPartiesSection *self,
                                       TjCaseStore      *store,
                                       const TjCase     *c,
                                       gboolean          editable);
/* Save what waits for the end of a pause now (leaving the case, closing the window). */
void      tj_parties_section_flush    (TjPartiesSection *self);

G_END_DECLS
