/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-store.h"

G_BEGIN_DECLS

/* The server's database: by default its own SQLite file, DIR/server.sqlite (WAL); in
 * production a PostgreSQL database (tj_server_store_open_postgres (), tj-server-pg.c),
 * while DIR keeps the blobs. It holds organisations, accounts, sessions, login failures
 * and the sync tables. On SQLite it is a TjStore with the server's profile, so
 * transactions and migrations work as the replica's; PostgreSQL has its own versioned
 * migrations (tj-server-pg-schema.c). On either, a released version is never edited; a
 * change is a new version. Its errors are TJ_SERVER_STORE_ERROR whichever database is
 * behind it. The `server_epoch` is a UUID made with the database (sync.md); a restore from
 * backup makes a new one. */

#define TJ_SERVER_STORE_ERROR (tj_server_store_error_quark ())

typedef enum {
  TJ_SERVER_STORE_ERROR_SQLITE,     /* the database (SQLite or PostgreSQL) failed, or the
                                     * connection did; the message carries its text */
  TJ_SERVER_STORE_ERROR_CONSTRAINT, /* a uniqueness or reference rule of the schema */
  TJ_SERVER_STORE_ERROR_BUSY,       /* another writer holds the lock too long */
  TJ_SERVER_STORE_ERROR_NOT_OURS,   /* the file or database is not a Tiaojie server store */
  TJ_SERVER_STORE_ERROR_TOO_NEW,    /* written by a newer tiaojie-server */
} TjServerStoreError;

#define TJ_TYPE_SERVER_STORE (tj_server_store_get_type ())
G_DECLARE_FINAL_TYPE (TjServerStore, tj_server_store, TJ, SERVER_STORE, GObject)

GQuark         tj_server_store_error_quark (void);
const TjMigration *tj_server_schema_get_migrations (guint *n_migrations);

/* Opens (creating if needed) DIR/server.sqlite; DIR is made if missing. */
TjServerStore *tj_server_store_open      (const char     *dir,
                                          GError        **error);
/* DIR is made if missing as above; conninfo is a libpq connection string (it may hold a
 * password: it is never logged). The database's tables are created or upgraded. */
TjServerStore *tj_server_store_open_postgres (const char *dir,
                                          const char     *conninfo,
                                          GError        **error);
gboolean       tj_server_store_is_postgres (TjServerStore *self);
/* What may be logged of a connection string: its dbname, host and port, never more. */
char          *tj_server_store_describe_conninfo (const char *conninfo);
const char    *tj_server_store_get_epoch (TjServerStore  *self);
/* After restoring the data folder from a backup: a new epoch, so every replica starts its
 * bucket over and sends again the edits the copy lacks (sync.md). */
gboolean       tj_server_store_new_epoch (TjServerStore  *self,
                                          GError        **error);
int            tj_server_store_get_schema_version (TjServerStore *self);

/* Several server processes on one PostgreSQL database wake each other's waiting pulls
 * (tj-server-pg-watch.c): after a commit the writer announces the buckets it changed (a
 * set of TjUuid), and each process watches for the others' announcements. On SQLite only
 * one process uses the file: announcing does nothing and there is nothing to watch
 * (tj_server_store_watch () gives NULL without an error). The watch calls `func` from
 * the thread-default main loop it was made in. */
typedef struct _TjServerPgWatch TjServerStoreWatch;
typedef void (*TjServerStoreChanged) (GHashTable *buckets,
                                      gpointer    user_data);

gboolean       tj_server_store_announce  (TjServerStore  *self,
                                          GHashTable     *buckets,
                                          GError        **error);
TjServerStoreWatch *tj_server_store_watch (TjServerStore *self,
                                          TjServerStoreChanged func,
                                          gpointer        user_data,
                                          GError        **error);
void           tj_server_store_watch_free (TjServerStoreWatch *watch);

/* Statements (tj-server-stmt.c): the server's files never call the database's own API, so
 * the same code runs over SQLite and PostgreSQL. A statement comes from the store's cache,
 * reset and with its bindings cleared; it belongs to the store and is never freed by the
 * caller. Parameters are `?` or `?N` (1-based); a bound blob or text is not copied and
 * must stay valid until the statement is reset (or prepared again). Column values are
 * valid until the next step or reset. */
typedef struct _TjServerStmt TjServerStmt;

typedef enum {
  TJ_SERVER_STEP_ERROR,  /* the error is set, in TJ_SERVER_STORE_ERROR */
  TJ_SERVER_STEP_ROW,    /* a row is ready for the column getters */
  TJ_SERVER_STEP_DONE,   /* no (more) rows */
} TjServerStep;

/* Where the dialects differ, both texts are given (tj-server-sql.h keeps them side by
 * side); tj_server_store_prepare () is tj_server_store_prepare_sql (self, sql, sql). */
TjServerStmt  *tj_server_store_prepare   (TjServerStore  *self,
                                          const char     *sql,
                                          GError        **error);
TjServerStmt  *tj_server_store_prepare_sql (TjServerStore *self,
                                          const char     *sqlite_sql,
                                          const char     *pg_sql,
                                          GError        **error);
void           tj_server_stmt_bind_blob  (TjServerStmt   *stmt,
                                          int             index,
                                          const void     *data,
                                          gsize           length);
void           tj_server_stmt_bind_text  (TjServerStmt   *stmt,
                                          int             index,
                                          const char     *text);
void           tj_server_stmt_bind_int64 (TjServerStmt   *stmt,
                                          int             index,
                                          gint64          value);
void           tj_server_stmt_bind_null  (TjServerStmt   *stmt,
                                          int             index);
TjServerStep   tj_server_stmt_step       (TjServerStmt   *stmt,
                                          GError        **error);
/* The bytes of a blob column and their number (NULL and 0 for NULL). */
const guint8  *tj_server_stmt_column_blob (TjServerStmt  *stmt,
                                          int             column,
                                          gsize          *length);
gint64         tj_server_stmt_column_int64 (TjServerStmt *stmt,
                                          int             column);
const char    *tj_server_stmt_column_text (TjServerStmt  *stmt,
                                          int             column);
gboolean       tj_server_stmt_column_is_null (TjServerStmt *stmt,
                                          int             column);
void           tj_server_stmt_reset      (TjServerStmt   *stmt);
/* Step a statement that returns no rows, then reset it. */
gboolean       tj_server_store_step_done (TjServerStore  *self,
                                          TjServerStmt   *stmt,
                                          GError        **error);
/* Rows the last INSERT, UPDATE or DELETE changed. */
gint64         tj_server_store_changes   (TjServerStore  *self);
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
/* A read-only transaction: every statement in it sees the same snapshot (a pull page and
 * its checkpoint agree). Ended by tj_server_store_end_read () or _rollback (). */
gboolean       tj_server_store_begin_read (TjServerStore *self,
                                          GError        **error);
gboolean       tj_server_store_end_read  (TjServerStore  *self,
                                          GError        **error);

G_END_DECLS
