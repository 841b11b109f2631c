/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-private.h"
#include "tj-server-records.h"
#include "tj-sync-codec.h"

G_BEGIN_DECLS

/* Shared by the sync files: tj-server-push.c (the request, the ledger), tj-server-apply.c
 * (one mutation) and tj-server-pull.c (pages and long-polls). */

typedef struct {
  TjSyncTxn              txn;
  const TjServerAccount *account;
  const TjServerOrg     *org;
  TjUuid                 client_id;
  char                   client_text[TJ_UUID_STRING_LEN + 1];
} TjPushContext;

/* Steps 3-6 of sync.md's Push for one mutation, inside ctx's transaction: the answer, or
 * NULL with an error when the store failed (the whole push then rolls back). A rejection
 * is also written as a `rejection` record, a concurrent edit as a `conflict` record. */
TjSyncResult *tj_server_apply_mutation (TjPushContext  *ctx,
                                        TjSyncMutation *m,
                                        GError        **error);
/* A new version of the record as it is (nothing when the sender may not see it), so
 * that the sender of a refused edit, which shows its own value, gets the server's. */
gboolean      tj_server_apply_resend   (TjPushContext  *ctx,
                                        const TjUuid   *id,
                                        GError        **error);

/* After a commit: answer the pulls waiting on these buckets (TjUuid set). */
void          tj_server_sync_wake      (TjServer       *server,
                                        GHashTable     *buckets);
/* The client went away: forget its waiting pull, if any. */
void          tj_server_sync_forget    (TjServer       *server,
                                        TjRequest      *req);
/* Drop every waiting pull (the server is going away). */
void          tj_server_sync_shutdown  (TjServer       *server);

/* A JSON text answer, gzip'd (level 1) when the client accepts it and it is large. */
void          tj_request_reply_text    (TjRequest      *req,
                                        guint           status,
                                        char           *text,
                                        gsize           length);

/* A /v1/pull query parameter as a whole number in [min, max], or fallback when it is
 * absent; BAD_REQUEST otherwise (tj-server-pull.c; tests/fuzz calls it). */
gboolean      _tj_server_query_int     (GHashTable     *query,
                                        const char     *name,
                                        gint64          min,
                                        gint64          max,
                                        gint64          fallback,
                                        gint64         *value,
                                        GError        **error);

/* _tj_server_query_int () of the request's query; answers BAD_REQUEST itself. */
gboolean      tj_request_query_int     (TjRequest      *req,
                                        const char     *name,
                                        gint64          min,
                                        gint64          max,
                                        gint64          fallback,
                                        gint64         *value);
/* The request's `bucket`: an organisation in the caller's subtree, else the request is
 * answered (400 or 403) and FALSE returned (tj-server-pull.c). */
gboolean      tj_server_check_bucket   (TjServer       *server,
                                        TjRequest      *req,
                                        TjUuid         *bucket);

void tj_server_handle_push (TjServer *server, TjRequest *req);
void tj_server_handle_pull (TjServer *server, TjRequest *req);
void tj_server_handle_pull_digest (TjServer *server, TjRequest *req);
void tj_server_handle_pull_range (TjServer *server, TjRequest *req);

G_END_DECLS
