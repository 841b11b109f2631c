/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

#include "tj-types.h"

G_BEGIN_DECLS

#define TJ_STORE_ERROR (tj_store_error_quark ())

typedef enum {
  TJ_STORE_ERROR_SQLITE,        /* SQLite reported an error; the message carries its text */
  TJ_STORE_ERROR_NOT_FOUND,     /* no such record */
  TJ_STORE_ERROR_TOO_NEW,       /* the file was written by a newer Tiaojie */
  TJ_STORE_ERROR_NOT_A_REPLICA, /* the file is not a Tiaojie replica */
  TJ_STORE_ERROR_CONSTRAINT,    /* a uniqueness or reference rule of the file */
  TJ_STORE_ERROR_BUSY,          /* another program holds the file */
  TJ_STORE_ERROR_NOT_INITIALISED, /* the replica has no organisation yet */
} TjStoreError;

#define TJ_TYPE_STORE (tj_store_get_type ())
G_DECLARE_FINAL_TYPE (TjStore, tj_store, TJ, STORE, GObject)

typedef gboolean (*TjMigrationFunc) (TjStore *store, GError **error);

typedef struct {
  int              version;
  const char      *sql;
  TjMigrationFunc  after;       /* data work that SQL alone cannot do; may be NULL */
} TjMigration;

/* What an error of a store is about, for TjStoreProfile.describe. */
typedef enum {
  TJ_STORE_PROBLEM_FAILED,      /* SQLite failed: the file, SQLite's text */
  TJ_STORE_PROBLEM_NOT_SQLITE,  /* the file is not a SQLite database */
  TJ_STORE_PROBLEM_NOT_OURS,    /* a SQLite database of another kind */
  TJ_STORE_PROBLEM_TOO_NEW,     /* the file, its schema, the newest this program knows */
  TJ_STORE_PROBLEM_UPGRADING,   /* the prefix of a failed upgrade: the schema it was for */
} TjStoreProblem;

/* A kind of SQLite file that TjStore opens: the replica, or another program's file (the
 * server's) that shares the statement cache, transactions and migrations. Errors are
 * always TJ_STORE_ERROR; only their words are the profile's. */
typedef struct {
  guint32             application_id;   /* PRAGMA application_id that marks the file */
  int                 busy_timeout_ms;
  const TjMigration *(*migrations) (guint *n_migrations);
  /* Registers SQL functions on each connection (the replica's search); may be NULL. */
  gboolean          (*on_open) (sqlite3 *db, GError **error);
  /* Returns the message of an error, naming the file the way this kind's users know it. */
  char             *(*describe) (TjStoreProblem  problem,
                                 const char     *path,
                                 const char     *detail,
                                 int             schema,
                                 int             latest);
} TjStoreProfile;

GQuark      tj_store_error_quark      (void);

TjStore    *tj_store_open             (const char   *path,
                                       GError      **error);
/* Opens (creating if needed) a file of another kind; `profile` must outlive the store. */
TjStore    *tj_store_open_profile     (const char            *path,
                                       const TjStoreProfile  *profile,
                                       GError               **error);
TjStore    *tj_store_open_at_version  (const char   *path,
                                       int           version,
                                       GError      **error);
const char *tj_store_get_path         (TjStore      *self);
/* The most the connection's page cache may hold, in KiB (32 MiB when opened). */
void        tj_store_set_cache_size   (TjStore      *self,
                                       guint         kib);
sqlite3    *tj_store_get_db           (TjStore      *self);
int         tj_store_get_schema_version (TjStore    *self);
int         tj_store_latest_schema_version (void);

/* Statements are prepared once and cached by their SQL text. The returned statement is
 * reset and its bindings cleared. */
sqlite3_stmt *tj_store_prepare        (TjStore      *self,
                                       const char   *sql,
                                       GError      **error);
gboolean    tj_store_exec             (TjStore      *self,
                                       const char   *sql,
                                       GError      **error);
gboolean    tj_store_step_done        (TjStore      *self,
                                       sqlite3_stmt *stmt,
                                       GError      **error);

/* Transactions nest: the outermost is BEGIN IMMEDIATE … COMMIT, inner ones are savepoints,
 * so a write API call is atomic inside a caller's batch too. */
gboolean    tj_store_begin            (TjStore      *self,
                                       GError      **error);
/* Only for what the server can give again: see tj-store.c. */
gboolean    tj_store_begin_lazy       (TjStore      *self,
                                       GError      **error);
gboolean    tj_store_commit           (TjStore      *self,
                                       GError      **error);
void        tj_store_rollback         (TjStore      *self);
gboolean    tj_store_in_transaction   (TjStore      *self);

/* Small settings and identity values of the replica. */
char       *tj_store_get_meta         (TjStore      *self,
                                       const char   *key);
gint64      tj_store_get_meta_int     (TjStore      *self,
                                       const char   *key,
                                       gint64        fallback);
gboolean    tj_store_set_meta         (TjStore      *self,
                                       const char   *key,
                                       const char   *value,
                                       GError      **error);
gboolean    tj_store_set_meta_int     (TjStore      *self,
                                       const char   *key,
                                       gint64        value,
                                       GError      **error);

/* For tests: make the next write that reaches `point` fail as if SQLite had failed. */
void        tj_store_inject_failure   (TjStore      *self,
                                       const char   *point);
gboolean    tj_store_check_failure    (TjStore      *self,
                                       const char   *point,
                                       GError      **error);

gboolean    tj_store_set_error_from_db (TjStore     *self,
                                        GError     **error);

G_END_DECLS
