/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <sqlite3.h>

#include "tj-server-store.h"
#include "tj-server-pg.h"

G_BEGIN_DECLS

/* Shared by tj-server-store.c (the store) and tj-server-stmt.c (its statements). A
 * statement is SQLite's or PostgreSQL's; each call tests which (SQLite first, so its
 * path costs one predictable branch). */

struct _TjServerStmt
{
  TjServerStore *store;   /* (unowned): the store owns its statements */
  sqlite3_stmt  *sqlite;  /* (unowned): TjStore's cache owns it; NULL on PostgreSQL */
  TjServerPgStmt *pg;     /* (owned) (nullable): on PostgreSQL */
};

TjStore  *_tj_server_store_get_sqlite       (TjServerStore *self);
/* (nullable): NULL when the store is SQLite's. */
TjServerPg *_tj_server_store_get_pg         (TjServerStore *self);
/* Sets the error from the SQLite connection's last failure; returns FALSE. */
gboolean  _tj_server_store_set_sqlite_error (TjServerStore *self,
                                             GError       **error);

G_END_DECLS
