/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-store.h"

G_BEGIN_DECLS

/* The retention horizon of removes (sync.md, Reset; tj-server-horizon.c). The change log
 * keeps one row per record and bucket, so it does not grow with edits; what would grow
 * without end is the removes (a deleted record, a case delegated away). Removes older
 * than the kept period leave the log, and the horizon is the highest change number so
 * dropped: a replica whose cursor lies below it may have missed a remove, so its next
 * pull is answered 409 reset_required and it starts its bucket over. A pull from 0 (a
 * snapshot) needs no removes. */

#define TJ_SERVER_DEFAULT_KEEP_REMOVES_DAYS 90

/* Drops removes whose record last changed more than keep_days ago; *dropped (nullable)
 * says how many rows. */
gboolean  tj_server_horizon_compact (TjServerStore *store,
                                     guint          keep_days,
                                     gint64         now_ms,
                                     guint         *dropped,
                                     GError       **error);
/* The horizon: 0 while nothing was dropped, -1 on failure. */
gint64    tj_server_horizon_get     (TjServerStore *store,
                                     GError       **error);

G_END_DECLS
