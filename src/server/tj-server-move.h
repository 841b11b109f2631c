/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-sync.h"

G_BEGIN_DECLS

/* Delegating a case to another organisation (tj-server-move.c). */

/* Why the account may not move the case `rec` to the organisation named by `target` (a
 * translated sentence to reject with), or NULL when it may. */
char     *tj_server_move_check    (TjPushContext  *ctx,
                                   TjServerRecord *rec,
                                   JsonNode       *target);
/* After the case was saved with its new org_id: every record that hangs on it follows. */
gboolean  tj_server_move_children (TjSyncTxn      *txn,
                                   TjServerRecord *c,
                                   GError        **error);

G_END_DECLS
