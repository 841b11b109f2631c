/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "tj-store.h"

G_BEGIN_DECLS

/* The server's own SQLite file, DIR/server.sqlite (WAL): organisations, accounts, sessions
 * and login failures. It is a TjStore with the server's profile, so statements, transactions
 * and migrations work as the replica's (a released version is never edited; a change is a
 * new version in tj-server-schema.c); its errors are TJ_SERVER_STORE_ERROR. The
 * `server_epoch` is a UUID made with the database (sync.md); a restore from backup makes a
 * new one. */

#define TJ_SERVER_STORE_ERROR (tj_server_store_error_quark ())

typedef enum {
  TJ_SERVER_STORE_ERROR_SQLITE,     /* SQLite failed; the message carries its text */
  TJ_SERVER_STORE_ERROR_CONSTRAINT, /* a uniqueness or reference rule of the file */
  TJ_SERVER_STORE_ERROR_BUSY,       /* another program holds the file */
  TJ_SERVER_STORE_ERROR_NOT_OURS,   /* the file is not a Tiaojie server store */
  TJ_SERVER_STORE_ERROR_TOO_NEW,    /* written by a newer tiaojie-server */
} TjServerStoreError;

#define TJ_TYPE_SERVER_STORE (tj_server_store_get_type ())
G_DECLARE_FINAL_TYPE (TjServerStore, tj_server_store, TJ, SERVER_STORE, GObject)

GQuark         tj_server_store_error_quark (void);
const TjMigration *tj_server_schema_get_migrations (guint *n_migrations);

/* Opens (creating if needed) DIR/server.sqlite; DIR is made if missing. */
TjServerStore *tj_server_store_open      (const char     *dir,
                                          GError        **error);
sqlite3       *tj_server_store_get_db    (TjServerStore  *self);
const char    *tj_server_store_get_epoch (TjServerStore  *self);
/* After restoring the data folder from a backup: a new epoch, so every replica starts its
 * bucket over and sends again the edits the copy lacks (sync.md). */
gboolean       tj_server_store_new_epoch (TjServerStore  *self,
                                          GError        **error);
int            tj_server_store_get_schema_version (TjServerStore *self);

/* Cached prepared statement, reset and with bindings cleared. */
sqlite3_stmt  *tj_server_store_prepare   (TjServerStore  *self,
                                          const char     *sql,
                                          GError        **error);
/* Step a statement that returns no rows, then reset it. */
gboolean       tj_server_store_step_done (TjServerStore  *self,
                                          sqlite3_stmt   *stmt,
                                          GError        **error);
gboolean       tj_server_store_exec      (TjServerStore  *self,
                                          const char     *sql,
                                          GError        **error);
/* BEGIN IMMEDIATE: writers queue at the start, so the change log's sequence follows commit
 * order (sync.md). The server runs each request on one thread; transactions do not nest. */
gboolean       tj_server_store_begin     (TjServerStore  *self,
                                          GError        **error);
gboolean       tj_server_store_commit    (TjServerStore  *self,
                                          GError        **error);
void           tj_server_store_rollback  (TjServerStore  *self);
gboolean       tj_server_store_set_error (TjServerStore  *self,
                                          GError        **error);

G_END_DECLS
