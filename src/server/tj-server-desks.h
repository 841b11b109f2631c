/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-store.h"
#include "tj-uuid.h"

G_BEGIN_DECLS

/* Desks (tj-server-desks.c). Case numbers are handed out offline, each replica counting on
 * its own desk number within its organisation ("{desk-}" in a number pattern), so two
 * replicas of one organisation must never hold the same desk. The server keeps which
 * client holds which desk of each organisation: a client keeps the desk it has; a new one
 * gets the desk it asks for when that is free, otherwise the next one after the highest
 * taken. */

/* The desk of `client` in `org`, assigned now if it has none there (wish: the desk the
 * replica uses now, 0 for none). */
gboolean  tj_server_desk_assign  (TjServerStore *store,
                                  const TjUuid  *org,
                                  const TjUuid  *client,
                                  gint64         wish,
                                  gint64        *desk,
                                  GError       **error);

G_END_DECLS
