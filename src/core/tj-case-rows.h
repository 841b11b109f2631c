/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case.h"
#include "tj-journal.h"
#include "tj-store.h"

G_BEGIN_DECLS

/* SQL rows of cases, parties and claims, and their fields as JSON values for the outbox.
 * The same enumeration gives a create's fields and a patch's changed fields, so what is
 * stored and what is synced cannot drift apart. */

typedef void (*TjFieldSink) (gpointer    user_data,
                             const char *name,
                             const char *json);

void      _tj_case_fields_foreach  (const TjCase  *c,
                                    TjFieldSink    sink,
                                    gpointer       user_data);
void      _tj_party_fields_foreach (const TjParty *p,
                                    const TjUuid  *case_id,
                                    TjFieldSink    sink,
                                    gpointer       user_data);
void      _tj_claim_fields_foreach (const TjClaim *cl,
                                    const TjUuid  *case_id,
                                    guint          position,
                                    TjFieldSink    sink,
                                    gpointer       user_data);

/* JSON object of the fields that differ between two enumerations; NULL if none. */
char     *_tj_fields_diff          (GHashTable    *before,
                                    GHashTable    *after,
                                    GString       *changed_names);
GHashTable *_tj_fields_collect     (void);
void      _tj_fields_collect_sink  (gpointer       table,
                                    const char    *name,
                                    const char    *json);

gboolean  _tj_case_row_insert      (TjStore       *store,
                                    TjCase        *c,
                                    GError       **error);
gboolean  _tj_case_row_update      (TjStore       *store,
                                    const TjCase  *c,
                                    GError       **error);
gboolean  _tj_party_row_insert     (TjStore       *store,
                                    const TjParty *p,
                                    const TjUuid  *case_id,
                                    guint          position,
                                    GError       **error);
gboolean  _tj_party_row_update     (TjStore       *store,
                                    const TjParty *p,
                                    GError       **error);
gboolean  _tj_claim_row_insert     (TjStore       *store,
                                    const TjClaim *cl,
                                    const TjUuid  *case_id,
                                    guint          position,
                                    GError       **error);
gboolean  _tj_claim_row_update     (TjStore       *store,
                                    const TjClaim *cl,
                                    GError       **error);
/* kind: "party" or "claim". */
gboolean  _tj_child_row_delete     (TjStore       *store,
                                    const char    *kind,
                                    const TjUuid  *id,
                                    GError       **error);
guint     _tj_party_next_position  (TjStore       *store,
                                    const TjUuid  *case_id);

TjCase   *_tj_case_row_load        (TjStore       *store,
                                    const char    *ref,
                                    GError       **error);

/* The fields of a case, party or claim as they are now, for a create mutation stored
 * without its fields (a registration's creates are read back when pushed). */
char     *_tj_record_snapshot_fields (TjStore     *store,
                                      const char  *kind,
                                      const TjUuid *id,
                                      GError     **error);

/* The same from a loaded case: the case itself, or one of its parties or claims. */
char     *_tj_case_snapshot         (const TjCase *c,
                                     const char   *kind,
                                     const TjUuid *id);

/* The fields of one party or claim with a value, for its create mutation. */
char     *_tj_party_snapshot        (const TjParty *p,
                                     const TjUuid  *case_id);
char     *_tj_claim_snapshot        (const TjClaim *cl,
                                     const TjUuid  *case_id,
                                     guint          position);

char     *_tj_date_string          (const GDate   *date);
char     *_tj_date_of_ms           (gint64         ms);

G_END_DECLS
