/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-sync-client.h"

G_BEGIN_DECLS

/* Push and pull the replica at `replica_path` with the server, logged in with `token`, in
 * a worker thread with its own connections, while the caller's main context keeps going.
 * `progress` (nullable) is called in the caller's thread-default main context as pages
 * are sent and applied; the report says how far it got, also when it failed. */
void      tj_sync_run_async   (const char          *replica_path,
                               const char          *server_url,
                               const char          *token,
                               const char          *ca_file,
                               TjSyncProgressFunc   progress,
                               gpointer             progress_data,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
gboolean  tj_sync_run_finish  (GAsyncResult        *result,
                               TjSyncReport        *report,
                               GError             **error);

G_END_DECLS
