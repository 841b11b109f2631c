/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-store.h"

G_BEGIN_DECLS

/* The PostgreSQL side of the server store (tj-server-pg.c): one libpq connection, its
 * statements, its transactions and its migrations (tj-server-pg-schema.c). Only
 * tj-server-store.c and tj-server-stmt.c use it; the rest of the server sees a
 * TjServerStore and TjServerStmt whichever database is behind them. Errors are
 * TJ_SERVER_STORE_ERROR with the codes SQLite's map to (a unique violation is
 * CONSTRAINT, a lock wait that timed out is BUSY). */

typedef struct _TjServerPg     TjServerPg;
typedef struct _TjServerPgStmt TjServerPgStmt;
typedef struct _TjServerPgWatch TjServerPgWatch;

typedef struct {
  int          version;
  const char  *sql;
} TjServerPgMigration;

const TjServerPgMigration *_tj_server_pg_schema_get_migrations (guint *n_migrations);

/* Connects, and creates or upgrades the schema. */
TjServerPg     *_tj_server_pg_open           (const char      *conninfo,
                                              GError         **error);
void            _tj_server_pg_free           (TjServerPg      *pg);
/* "dbname=… host=… port=…" of a connection string: what may be logged of it (never a
 * password). */
char           *_tj_server_pg_describe       (const char      *conninfo);
int             _tj_server_pg_get_schema_version (TjServerPg  *pg);
char           *_tj_server_pg_get_meta       (TjServerPg      *pg,
                                              const char      *key,
                                              GError         **error);
gboolean        _tj_server_pg_set_meta       (TjServerPg      *pg,
                                              const char      *key,
                                              const char      *value,
                                              GError         **error);
gboolean        _tj_server_pg_exec           (TjServerPg      *pg,
                                              const char      *sql,
                                              GError         **error);
gboolean        _tj_server_pg_begin          (TjServerPg      *pg,
                                              GError         **error);
gboolean        _tj_server_pg_begin_read     (TjServerPg      *pg,
                                              GError         **error);
gboolean        _tj_server_pg_commit         (TjServerPg      *pg,
                                              GError         **error);
void            _tj_server_pg_rollback       (TjServerPg      *pg);
gboolean        _tj_server_pg_in_transaction (TjServerPg      *pg);
gint64          _tj_server_pg_changes        (TjServerPg      *pg);

/* sql in SQLite's parameter style (`?`, `?N`); it is turned into `$N`. */
TjServerPgStmt *_tj_server_pg_stmt_new       (TjServerPg      *pg,
                                              const char      *sql);
void            _tj_server_pg_stmt_free      (TjServerPgStmt  *stmt);
void            _tj_server_pg_stmt_clear     (TjServerPgStmt  *stmt);
void            _tj_server_pg_stmt_bind_blob (TjServerPgStmt  *stmt,
                                              int              index,
                                              const void      *data,
                                              gsize            length);
void            _tj_server_pg_stmt_bind_text (TjServerPgStmt  *stmt,
                                              int              index,
                                              const char      *text);
void            _tj_server_pg_stmt_bind_int64 (TjServerPgStmt *stmt,
                                              int              index,
                                              gint64           value);
void            _tj_server_pg_stmt_bind_null (TjServerPgStmt  *stmt,
                                              int              index);
TjServerStep    _tj_server_pg_stmt_step      (TjServerPgStmt  *stmt,
                                              GError         **error);
const guint8   *_tj_server_pg_stmt_column_blob (TjServerPgStmt *stmt,
                                              int              column,
                                              gsize           *length);
gint64          _tj_server_pg_stmt_column_int64 (TjServerPgStmt *stmt,
                                              int              column);
const char     *_tj_server_pg_stmt_column_text (TjServerPgStmt *stmt,
                                              int              column);
gboolean        _tj_server_pg_stmt_column_is_null (TjServerPgStmt *stmt,
                                              int              column);
void            _tj_server_pg_stmt_reset     (TjServerPgStmt  *stmt);

/* Other server processes' commits (tj-server-pg-watch.c): a connection of its own that
 * LISTENs on TJ_SERVER_PG_CHANNEL, watched by the thread-default main loop, calls `func`
 * with the set of bucket ids (TjUuid) each announcement names. The writer announces with
 * pg_notify (TJ_SERVER_PG_CHANNEL, ids as UUID text separated by spaces) after its
 * commit (tj_server_store_announce ()). */
#define TJ_SERVER_PG_CHANNEL "tiaojie_change"

typedef void (*TjServerPgChanged) (GHashTable *buckets,
                                   gpointer    user_data);

TjServerPgWatch *_tj_server_pg_watch_new     (const char       *conninfo,
                                              TjServerPgChanged func,
                                              gpointer          user_data,
                                              GError          **error);
void            _tj_server_pg_watch_free     (TjServerPgWatch *watch);

/* Exposed for tests: the `$N` text of a statement in SQLite's parameter style, and how
 * many parameters it has. */
char           *_tj_server_pg_translate      (const char      *sql,
                                              int             *n_params);

G_END_DECLS
