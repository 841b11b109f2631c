/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-sync-client.h"

G_BEGIN_DECLS

/* For the files that work for the sync client (tj-sync-repair.c). */

/* A GET with the client's retries; *status is the HTTP status of a failed answer. */
JsonNode     *_tj_sync_client_get    (TjSyncClient  *self,
                                      const char    *path,
                                      guint         *status,
                                      GCancellable  *cancellable,
                                      GError       **error);
TjSyncReport *_tj_sync_client_report (TjSyncClient  *self);

G_END_DECLS
