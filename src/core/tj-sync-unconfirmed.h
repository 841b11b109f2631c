/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-store.h"
#include "tj-sync-codec.h"

G_BEGIN_DECLS

/* Records whose edit the server refused (tj-sync-unconfirmed.c). The replica kept its own
 * value while the edit waited; the server sends the record again to whoever may see it,
 * which puts that right. When nothing comes (the user could not see the record when the
 * edit arrived, say because the account had been moved for a while), the replica's copy
 * differs from the server's with the same version, which no checkpoint shows: such a
 * record is noted here with the version it had, and a pull that ends with one still
 * unchanged starts the bucket over (a reset), so the replica takes the server's copy or
 * drops what the server does not have. Kept in the meta table: the list is short. */

/* Inside the caller's transaction: note the records of the rejected results. */
gboolean  tj_sync_unconfirmed_note    (TjStore     *store,
                                       GPtrArray   *mutations,
                                       GPtrArray   *results,
                                       GError     **error);
/* Forgets the records that have since changed or left; *left says how many remain. */
gboolean  tj_sync_unconfirmed_settle  (TjStore     *store,
                                       guint       *left,
                                       GError     **error);
/* A reset has started: the snapshot settles them all. */
gboolean  tj_sync_unconfirmed_clear   (TjStore     *store,
                                       GError     **error);

G_END_DECLS
