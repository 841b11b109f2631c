/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "tj-store.h"
#include "tj-uuid.h"

G_BEGIN_DECLS

/* The replica's side of the pull checkpoints (sync.md, Pull: checksums). The server says,
 * with every page, how many live records its bucket holds and the sum (mod 2^64) of
 * tj_sync_record_hash (id, version) over them. The replica keeps the same two numbers over
 * the server records it holds — every row with a server version (> 0) of "case", party,
 * claim, document, person, sync_record and sync_parked — in the one-row table sync_sum,
 * kept by triggers, so that every way a row is written, deleted or re-versioned counts and
 * the numbers cost nothing to read. Edits waiting to be pushed and server copies waiting
 * behind them (sync_deferred) make the two differ for a while; they are compared only
 * when neither is there (tj-sync-repair.c). */

/* One of the replica's records as the checkpoint counts it. */
typedef struct {
  TjUuid  id;
  gint64  version;
  char   *type;
} TjSyncHeld;

/* Registers the SQL function the triggers call, on each connection (TjStoreProfile.on_open). */
gboolean    _tj_sync_sum_register (sqlite3      *db,
                                   GError      **error);
/* Schema migration: the triggers, and the numbers of what the file already holds. */
gboolean    _tj_sync_sum_install  (TjStore      *store,
                                   GError      **error);
gboolean    tj_sync_sum_read      (TjStore      *store,
                                   gint64       *count,
                                   guint64      *checksum,
                                   GError      **error);
/* Every record the numbers count, by id (TjSyncHeld). */
GArray     *tj_sync_sum_list      (TjStore      *store,
                                   GError      **error);
void        tj_sync_held_clear    (TjSyncHeld   *held);

G_END_DECLS
