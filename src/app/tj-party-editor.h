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

G_END_DECLS
