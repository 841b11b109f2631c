/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

/* Background sync of the window's replica: on a timer, soon after each edit, and on
 * demand, through tj_sync_run_async (a worker with its own connections). The server's
 * token is kept in a file beside the replica (mode 0600); a password never is. */

#define TJ_TYPE_SYNC_CONTROLLER (tj_sync_controller_get_type ())
G_DECLARE_FINAL_TYPE (TjSyncController, tj_sync_controller, TJ, SYNC_CONTROLLER, GObject)

TjSyncController *tj_sync_controller_new       (TjCaseStore      *cases,
                                                GSettings        *settings);
void              tj_sync_controller_start     (TjSyncController *self);
void              tj_sync_controller_stop      (TjSyncController *self);
void              tj_sync_controller_sync_now  (TjSyncController *self);
void              tj_sync_controller_edit_made (TjSyncController *self);
/* Remember the server and the session token (from a login) for this replica. */
gboolean          tj_sync_controller_link      (TjSyncController *self,
                                                const char       *server_url,
                                                const char       *token,
                                                GError          **error);
gboolean          tj_sync_controller_get_linked    (TjSyncController *self);
gboolean          tj_sync_controller_get_online    (TjSyncController *self);
gboolean          tj_sync_controller_get_syncing   (TjSyncController *self);
/* 0…1 during a large sync, -1 otherwise. */
double            tj_sync_controller_get_fraction  (TjSyncController *self);
gint64            tj_sync_controller_get_last_sync (TjSyncController *self);
const char       *tj_sync_controller_get_server    (TjSyncController *self);
const char       *tj_sync_controller_get_last_error (TjSyncController *self);

G_END_DECLS
