/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case-store.h"
#include "tj-sync-codec.h"

G_BEGIN_DECLS

/* Where a bucket's pull stands; stored with every page. */
typedef struct {
  TjUuid  bucket;
  char   *epoch;               /* (nullable before the first page) */
  gint64  next;                /* the last sequence number applied */
  gint64  count;               /* the server's checkpoint of the bucket */
  char   *checksum;
} TjSyncCursor;

gboolean  tj_sync_cursor_load  (TjStore            *store,
                                const TjUuid       *bucket,
                                TjSyncCursor       *cursor,
                                GError            **error);
void      tj_sync_cursor_clear (TjSyncCursor       *cursor);

/* Apply `ops` (TjSyncPageOp) and store `cursor` in one transaction. `pending` is
 * tj_sync_outbox_pending (): those records and fields keep the replica's values. */
gboolean  tj_sync_apply_page   (TjCaseStore        *cases,
                                const TjSyncCursor *cursor,
                                GPtrArray          *ops,
                                GHashTable         *pending,
                                GError            **error);

/* Records pulled while our edits of them were pending, whose edits the server has now
 * answered: the server's version goes in (one transaction). */
gboolean  tj_sync_apply_deferred (TjCaseStore     *cases,
                                  GHashTable      *pending,
                                  GError         **error);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TjSyncCursor, tj_sync_cursor_clear)

/* The version the replica holds of a record, -1 when it has none. */
gint64    _tj_sync_local_version (TjStore         *store,
                                  const char      *type,
                                  const TjUuid    *id);

G_END_DECLS
