/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-sync-client.h"
#include "tj-sync-codec.h"

G_BEGIN_DECLS

/* A checkpoint that does not match what the replica holds (sync.md, Pull: checksums), put
 * right by id. After a pull reached the end of its bucket with nothing of ours waiting, the
 * replica's count and sum (tj-sync-sum.h) should be the checkpoint's; when they are not,
 * something was missed or lost on one side. The replica then asks for the bucket's digest
 * (its records in id order cut into chunks, each with count and sum), compares each chunk
 * with its own records in the same id range, and for each that differs asks for the
 * server's records of the range: those it lacks or holds at another version are put, those
 * the server does not have are removed (unless an edit of ours waits). The cursor stays:
 * later pages bring nothing the repair could undo. */

/* Whether the replica matches the page's checkpoint, or cannot be compared now (our edits
 * or the server's copies behind them wait). */
gboolean  _tj_sync_repair_matches (TjStore             *store,
                                   const TjSyncPage    *page,
                                   GHashTable          *pending,
                                   gboolean            *matches,
                                   GError             **error);
/* The repair itself; *fixed says how many records it put or removed. */
gboolean  _tj_sync_repair_run     (TjSyncClient        *client,
                                   TjCaseStore         *cases,
                                   const TjUuid        *bucket,
                                   gint64              *fixed,
                                   GCancellable        *cancellable,
                                   GError             **error);

G_END_DECLS
