/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-journal.h"
#include "tj-store.h"

G_BEGIN_DECLS

/* Acknowledged mutation ids kept for a replay to a restored server. */
#define TJ_SYNC_REPLAY_KEEP 50000

/* One mutation as it is pushed (sync.md): the client's counter, the record, its kind, the
 * operation, the version it was based on, its HLC and the JSON object of field values. */
typedef struct {
  gint64  id;
  TjUuid  record;
  char   *type;
  TjOp    op;
  gint64  base;
  gint64  hlc;
  char   *fields;
} TjOutboxMutation;

void        tj_outbox_mutation_free  (TjOutboxMutation *m);

/* Up to `max` pending mutations after the acknowledged ones, in order; a registration is
 * expanded into its creates with the records' fields as they are now. */
GPtrArray  *tj_sync_outbox_read      (TjStore       *store,
                                      guint          max,
                                      GError       **error);
/* The server answered every mutation up to `upto`: forget them (inside the caller's
 * transaction). */
gboolean    tj_sync_outbox_ack       (TjStore       *store,
                                      gint64         upto,
                                      GError       **error);
gint64      tj_sync_outbox_acked     (TjStore       *store);
/* The server lost what it had acknowledged from `from` on (restored from an older copy):
 * put those mutations back to be pushed again, if this replica still keeps them
 * (TJ_STORE_ERROR_NOT_FOUND if not). Inside the caller's transaction. */
gboolean    tj_sync_outbox_rewind    (TjStore       *store,
                                      gint64         from,
                                      GError       **error);
/* A new server epoch: the versions pending edits were based on were counted by the old
 * one and say nothing now. Based on nothing, an edit of a field someone else changed is
 * a conflict with both values kept (rather than silently winning). */
gboolean    tj_sync_outbox_forget_bases (TjStore    *store,
                                         GError    **error);

/* Records with edits not yet acknowledged: a map from the 16 id bytes to the set of
 * pending field names, or to NULL when the whole record is pending (a create or delete).
 * A pulled record must not overwrite them. */
GHashTable *tj_sync_outbox_pending   (TjStore       *store,
                                      GError       **error);
void        tj_sync_pending_free     (gpointer       names);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjOutboxMutation, tj_outbox_mutation_free)

G_END_DECLS
