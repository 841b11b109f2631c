/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"

G_BEGIN_DECLS

/* Two people changed the same field: the server kept one value (the newer by its clock,
 * or the one a rule prefers) and recorded both. Values are JSON texts. */
typedef struct {
  TjUuid    id;
  gint64    version;
  TjUuid    record;
  char     *record_type;
  char     *field;
  gboolean  resolved;
  char     *kept_value;
  char     *kept_user;
  char     *kept_client;
  gint64    kept_ms;            /* when it was written (Unix ms, from its HLC); 0: unknown */
  char     *lost_value;
  char     *lost_user;
  char     *lost_client;
  gint64    lost_ms;
} TjConflict;

typedef enum {
  TJ_CONFLICT_KEEP_MINE,        /* the value this replica's user wrote */
  TJ_CONFLICT_KEEP_THEIRS,      /* the other one */
  TJ_CONFLICT_KEEP_VALUE,       /* a new value */
} TjConflictKeep;

void       tj_conflict_free     (TjConflict   *c);
/* Conflicts this replica has received, oldest first; `open_only`: not yet resolved. */
GPtrArray *tj_conflicts_list    (TjStore      *store,
                                 gboolean      open_only,
                                 GError      **error);
/* The open conflicts about a case: its own fields, its parties' and its claims'. */
GPtrArray *tj_conflicts_for_case (TjStore     *store,
                                  const TjCase *c,
                                  GError     **error);
/* The ids (text) of the cases with an open conflict about them, their parties or claims. */
GHashTable *tj_conflicts_case_ids (TjStore   *store,
                                   GError   **error);
/* One conflict, resolved or not, by its id. */
TjConflict *tj_conflict_get         (TjStore          *store,
                                     const char       *ref,
                                     GError          **error);
/* Whether the value the server kept is the one this replica's user wrote ("mine"). */
gboolean   tj_conflict_kept_is_mine (TjStore          *store,
                                     const TjConflict *c);
/* A value of a conflict (JSON) as the text a field edit takes. */
char      *tj_conflict_value_text   (const char       *json);
/* The checks resolving with `value` (TJ_CONFLICT_KEEP_VALUE) runs, without writing:
 * the rules of the field, as an edit of it would apply them. */
gboolean   tj_conflict_check_value  (TjCaseStore      *cases,
                                     const TjConflict *c,
                                     const char       *value,
                                     GError          **error);
/* Resolve: set the field to the chosen value (when the server kept the other) and mark
 * the conflict resolved, in one transaction; both are pushed like any edit. */
gboolean   tj_conflict_resolve  (TjCaseStore  *cases,
                                 const char   *id,
                                 TjConflictKeep keep,
                                 const char   *value,
                                 GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjConflict, tj_conflict_free)

G_END_DECLS
