/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case.h"

G_BEGIN_DECLS

#define TJ_TYPE_CLAIM_EDITOR (tj_claim_editor_get_type ())
G_DECLARE_FINAL_TYPE (TjClaimEditor, tj_claim_editor, TJ, CLAIM_EDITOR, AdwPreferencesGroup)

/* One claim: type, amount, period and description, each checked as it is typed by the
 * rules the store checks again. Emits "changed" and "remove". */
TjClaimEditor *tj_claim_editor_new          (guint           number,
                                             gboolean        removable);
/* The claim's number in its case, for the title and the messages. */
void           tj_claim_editor_set_number   (TjClaimEditor  *self,
                                             guint           number);
void           tj_claim_editor_set_claim    (TjClaimEditor  *self,
                                             const TjClaim  *claim);
TjDispute      tj_claim_editor_get_dispute  (TjClaimEditor  *self);
gboolean       tj_claim_editor_is_valid     (TjClaimEditor  *self);
/* A new claim from the fields, or NULL with the first field's error. */
TjClaim       *tj_claim_editor_get_claim    (TjClaimEditor  *self,
                                             GError        **error);
/* "FIELD=VALUE" for each valid field that differs from `stored` (NULL when none). */
GStrv          tj_claim_editor_dup_changes  (TjClaimEditor  *self,
                                             const TjClaim  *stored);
/* A refusal from the store, beside the row of `field` (a tj_case_store_set_claim () name). */
void           tj_claim_editor_set_error    (TjClaimEditor  *self,
                                             const char     *field,
                                             const char     *message);
void           tj_claim_editor_set_editable (TjClaimEditor  *self,
                                             gboolean        editable);

G_END_DECLS
