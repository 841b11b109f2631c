/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"
#include "tj-sync-apply.h"

G_BEGIN_DECLS

/* A reset (sync.md): the server's epoch changed or the cursor is behind what it keeps, so
 * the bucket is pulled again from the start. The records this replica holds are noted
 * first; each page crosses off what it names; when the pull is up to date, what was not
 * named is gone from the server and leaves the replica too, unless an edit of ours to it
 * waits to be pushed. It survives a kill: the notes are in the replica file. */

/* Starts the bucket over, in one transaction with the notes. */
gboolean  tj_sync_reset_begin   (TjCaseStore   *cases,
                                 const TjUuid  *bucket,
                                 GError       **error);
/* After a pull reached the end: removes what no page named, if a reset was running. */
gboolean  tj_sync_reset_finish  (TjCaseStore   *cases,
                                 const TjUuid  *bucket,
                                 GHashTable    *pending,
                                 GError       **error);
/* Whether notes of a reset are waiting to be crossed off. */
gboolean  _tj_sync_reset_running (TjStore      *store);

G_END_DECLS
