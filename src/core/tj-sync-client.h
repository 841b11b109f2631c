/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-api-client.h"
#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_SYNC_ERROR (tj_sync_error_quark ())

typedef enum {
  TJ_SYNC_ERROR_NOT_LINKED,     /* the replica was set up offline: it has no server bucket */
  TJ_SYNC_ERROR_PROTOCOL,       /* the server answered what the protocol does not allow */
} TjSyncError;

GQuark tj_sync_error_quark (void);

/* What a run did so far; also what the progress callback sees. */
typedef struct {
  gint64 pushed;                /* mutations the server answered */
  gint64 conflicts;             /* of them, concurrent edits kept as conflict records */
  gint64 rejected;              /* of them, refused by the server (rejection records) */
  gint64 pulled;                /* changes applied from the server */
  gint64 pull_total;            /* records in the bucket, by the server's checkpoint */
  gint64 retries;               /* requests repeated after trouble */
  gint64 replayed;              /* acknowledged edits sent again to a restored server */
  gint64 resets;                /* fresh starts the server asked for (a new epoch) */
  gint64 repaired;              /* records put right after the replica and the server's
                                 * checkpoint differed (tj-sync-repair.h) */
  gint64 rehomed;               /* 1 when the user's organisation changed (tj-sync-home.h) */
  gint64 reidentified;          /* 1 when the organisation, role or desk changed: a case
                                 * store open on another connection calls
                                 * tj_case_store_reload () */
} TjSyncReport;

typedef void (*TjSyncProgressFunc) (const TjSyncReport *report,
                                    gpointer            user_data);

#define TJ_TYPE_SYNC_CLIENT (tj_sync_client_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncClient, tj_sync_client, TJ, SYNC_CLIENT, GObject)

/* Sync one replica with the server `api` talks to (logged in). Calls block: run them in
 * a worker thread with its own TjStore connection (architecture.md, Threads). */
TjSyncClient *tj_sync_client_new          (TjCaseStore        *cases,
                                           TjApiClient        *api);
void          tj_sync_client_set_progress (TjSyncClient       *self,
                                           TjSyncProgressFunc  func,
                                           gpointer            user_data);
/* Requests are tried up to `attempts` times, waiting a random time up to
 * base·2^n ms (at most max_ms) between them. Defaults 8, 200, 30000. */
void          tj_sync_client_set_retry    (TjSyncClient       *self,
                                           guint               attempts,
                                           guint               base_ms,
                                           guint               max_ms);
/* Push until the server has answered every pending mutation. */
gboolean      tj_sync_client_push         (TjSyncClient       *self,
                                           GCancellable       *cancellable,
                                           GError            **error);
/* Pull the replica's bucket until up to date; `wait` long-polls the last request. */
gboolean      tj_sync_client_pull         (TjSyncClient       *self,
                                           gboolean            wait,
                                           GCancellable       *cancellable,
                                           GError            **error);
/* Push, then pull. */
gboolean      tj_sync_client_run          (TjSyncClient       *self,
                                           GCancellable       *cancellable,
                                           GError            **error);
const TjSyncReport *tj_sync_client_get_report (TjSyncClient   *self);

G_END_DECLS
