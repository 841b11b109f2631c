/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case.h"

G_BEGIN_DECLS

#define TJ_TYPE_PARTY_EDITOR (tj_party_editor_get_type ())
G_DECLARE_FINAL_TYPE (TjPartyEditor, tj_party_editor, TJ, PARTY_EDITOR, AdwPreferencesGroup)

/* label: how messages name the party ("Applicant 2"); today bounds a birth date. */
TjPartyEditor *tj_party_editor_new        (TjSide          side,
                                           const char     *label,
                                           const char     *today,
                                           gboolean        removable);
/* TRUE when every field is valid as typed. */
gboolean       tj_party_editor_is_valid   (TjPartyEditor  *self);
/* A new party from the fields, or NULL with the first field's error. */
TjParty       *tj_party_editor_get_party  (TjPartyEditor  *self,
                                           GError        **error);
TjSide         tj_party_editor_get_side   (TjPartyEditor  *self);

/* Editing a stored party (the case page): */
void           tj_party_editor_set_label  (TjPartyEditor  *self,
                                           const char     *label);
/* Show the party's values (the ID number masked; the entry being typed into is left). */
void           tj_party_editor_set_party  (TjPartyEditor  *self,
                                           const TjParty  *p);
/* The valid fields that differ from `stored`, in groups of "FIELD=VALUE" (GStrv each) to
 * save together: the kind, document and number form one group, every other field its own. */
GPtrArray     *tj_party_editor_dup_changes (TjPartyEditor *self,
                                            const TjParty *stored);
/* A refusal from the store, beside the row of `field` (a tj_case_store_set_party () name). */
void           tj_party_editor_set_error  (TjPartyEditor  *self,
                                           const char     *field,
                                           const char     *message);
void           tj_party_editor_set_editable (TjPartyEditor *self,
                                             gboolean       editable);

G_END_DECLS
