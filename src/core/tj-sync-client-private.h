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
/* Chunks to ask for in each answer of a repair's digest (0: the server's choice); tests
 * make it small to see the digest come in several answers. */
void          _tj_sync_client_set_digest_limit (TjSyncClient *self,
                                                guint         limit);
guint         _tj_sync_client_get_digest_limit (TjSyncClient *self);

G_END_DECLS
