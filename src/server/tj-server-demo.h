/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-store.h"

G_BEGIN_DECLS

/* The password of every demo account; printed, never to be used for real data. */
#define TJ_SERVER_DEMO_PASSWORD "tiaojie-demo"

/* Seeds a demo province (one province, two cities, three counties, five township centres)
 * with one account per role, once: an empty store is seeded, a store seeded before is left
 * as it is, a store with other organisations is refused. */
gboolean tj_server_demo_seed  (TjServerStore *store,
                               GError       **error);
/* Tells the user, on stdout, that this is a demo and how to log in. */
void     tj_server_demo_print (void);

G_END_DECLS
