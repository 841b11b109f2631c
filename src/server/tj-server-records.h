/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-hlc.h"
#include "tj-server-directory.h"
#include "tj-server-store.h"

G_BEGIN_DECLS

/* The synced records on the server (schema 2 in tj-server-schema.c): load one, write one
 * with its change rows and checkpoint sums, inside one write transaction per push. */

typedef struct {
  TjUuid      id;
  char       *type;
  TjUuid      org_id;
  gint64      version;      /* 0: not stored yet */
  gboolean    deleted;
  JsonObject *doc;          /* field values */
  JsonObject *fields;       /* per field: {"v", "h", "c", "u"} */
  /* As loaded, for the checkpoint sums and for a move (org_id changed: the buckets it
   * leaves get a remove, those it enters a put). */
  gboolean    was_live;
  gint64      old_version;
  TjUuid      old_org_id;
} TjServerRecord;

/* One write transaction: the change counter, the server clock and the buckets touched
 * (so waiting pulls can be woken after the commit). */
typedef struct {
  TjServerStore *store;
  gint64         seq;
  TjHlc          hlc;
  gint64         now_ms;
  GHashTable    *orgs;      /* TjUuid bytes -> TjServerOrg, a cache */
  GHashTable    *buckets;   /* bucket ids touched (TjUuid, owned) */
} TjSyncTxn;

void            tj_server_record_free    (TjServerRecord *rec);
TjServerRecord *tj_server_record_new     (const TjUuid   *id,
                                          const char     *type,
                                          const TjUuid   *org_id);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjServerRecord, tj_server_record_free)

/* The store's write transaction (BEGIN IMMEDIATE on SQLite, the writers' lock on
 * PostgreSQL: either way the change log's seq follows commit order), and the counters. */
gboolean        tj_sync_txn_begin        (TjSyncTxn      *txn,
                                          TjServerStore  *store,
                                          GError        **error);
/* Stores the counters and commits; on failure rolls back. */
gboolean        tj_sync_txn_commit       (TjSyncTxn      *txn,
                                          GError        **error);
void            tj_sync_txn_rollback     (TjSyncTxn      *txn);
void            tj_sync_txn_clear        (TjSyncTxn      *txn);
/* A cached organisation (NULL with NOT_FOUND when there is none). */
const TjServerOrg *tj_sync_txn_get_org   (TjSyncTxn      *txn,
                                          const TjUuid   *id,
                                          GError        **error);

/* NULL without an error when there is no such record. */
TjServerRecord *tj_server_records_load   (TjServerStore  *store,
                                          const TjUuid   *id,
                                          GError        **error);
/* Bumps the version, stores doc and fields, writes one change row per ancestor bucket of
 * the record's organisation with the next seq, and updates the checkpoint sums. A record
 * whose org_id changed since it was loaded also leaves the buckets of its old
 * organisation that are not the new one's (a `remove` there). */
gboolean        tj_server_records_save   (TjSyncTxn      *txn,
                                          TjServerRecord *rec,
                                          GError        **error);

/* The bucket ids of an organisation: itself and each ancestor, from its path. */
GArray         *tj_server_org_buckets    (const TjServerOrg *org);

/* Read side (pull): the latest seq in the store, and a bucket's checkpoint. */
gint64          tj_server_records_last_seq (TjServerStore *store,
                                            GError       **error);
gboolean        tj_server_records_bucket_stat (TjServerStore *store,
                                               const TjUuid  *bucket,
                                               gint64        *seq,
                                               gint64        *count,
                                               guint64       *checksum,
                                               GError       **error);

G_END_DECLS
