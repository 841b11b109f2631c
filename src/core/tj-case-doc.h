/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case.h"

G_BEGIN_DECLS

/* Records as the server sends them (a JSON object of field values, named as in
 * tj-case-rows.c) onto the local structs. Absent fields keep their values; a field of the
 * wrong type fails with TJ_STORE_ERROR_CONSTRAINT naming it. */
gboolean  tj_case_doc_apply   (TjCase      *c,
                               JsonObject  *doc,
                               GError     **error);
gboolean  tj_party_doc_apply  (TjParty     *p,
                               JsonObject  *doc,
                               GError     **error);
/* `position` is in and out: the claim's place among its case's claims. */
gboolean  tj_claim_doc_apply  (TjClaim     *cl,
                               JsonObject  *doc,
                               guint       *position,
                               GError     **error);
/* The case a party or claim belongs to (its required case_id field). */
gboolean  tj_doc_get_case_id  (JsonObject  *doc,
                               const char  *kind,
                               TjUuid      *case_id,
                               GError     **error);

G_END_DECLS
