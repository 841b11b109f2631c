/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tj-server-pg.h"

/* A build without the `postgres` feature (the Flatpak, whose runtime has no libpq): the
 * PostgreSQL store cannot be opened, so no TjServerPg or TjServerPgStmt ever exists and
 * the rest is never called. */

const TjServerPgMigration *
_tj_server_pg_schema_get_migrations (guint *n_migrations)
{
  g_assert_not_reached ();
}

TjServerPg *
_tj_server_pg_open (const char *conninfo, GError **error)
{
  g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_SQLITE,
               _("This tiaojie-server was built without PostgreSQL; leave out --postgres to "
                 "keep the database in DIR/server.sqlite."));
  return NULL;
}

void
_tj_server_pg_free (TjServerPg *pg)
{
  g_assert (pg == NULL);
}

char *
_tj_server_pg_describe (const char *conninfo)
{
  return g_strdup ("?");
}

int
_tj_server_pg_get_schema_version (TjServerPg *pg)
{
  g_assert_not_reached ();
}

char *
_tj_server_pg_get_meta (TjServerPg *pg, const char *key, GError **error)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_set_meta (TjServerPg *pg, const char *key, const char *value, GError **error)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_exec (TjServerPg *pg, const char *sql, GError **error)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_begin (TjServerPg *pg, GError **error)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_begin_read (TjServerPg *pg, GError **error)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_commit (TjServerPg *pg, GError **error)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_rollback (TjServerPg *pg)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_in_transaction (TjServerPg *pg)
{
  g_assert_not_reached ();
}

gint64
_tj_server_pg_changes (TjServerPg *pg)
{
  g_assert_not_reached ();
}

TjServerPgStmt *
_tj_server_pg_stmt_new (TjServerPg *pg, const char *sql)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_stmt_free (TjServerPgStmt *stmt)
{
  g_assert (stmt == NULL);
}

void
_tj_server_pg_stmt_clear (TjServerPgStmt *stmt)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_stmt_bind_blob (TjServerPgStmt *stmt, int index, const void *data, gsize length)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_stmt_bind_text (TjServerPgStmt *stmt, int index, const char *text)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_stmt_bind_int64 (TjServerPgStmt *stmt, int index, gint64 value)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_stmt_bind_null (TjServerPgStmt *stmt, int index)
{
  g_assert_not_reached ();
}

TjServerStep
_tj_server_pg_stmt_step (TjServerPgStmt *stmt, GError **error)
{
  g_assert_not_reached ();
}

const guint8 *
_tj_server_pg_stmt_column_blob (TjServerPgStmt *stmt, int column, gsize *length)
{
  g_assert_not_reached ();
}

gint64
_tj_server_pg_stmt_column_int64 (TjServerPgStmt *stmt, int column)
{
  g_assert_not_reached ();
}

const char *
_tj_server_pg_stmt_column_text (TjServerPgStmt *stmt, int column)
{
  g_assert_not_reached ();
}

gboolean
_tj_server_pg_stmt_column_is_null (TjServerPgStmt *stmt, int column)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_stmt_reset (TjServerPgStmt *stmt)
{
  g_assert_not_reached ();
}

char *
_tj_server_pg_translate (const char *sql, int *n_params)
{
  g_assert_not_reached ();
}

TjServerPgWatch *
_tj_server_pg_watch_new (const char *conninfo, TjServerPgChanged func, gpointer user_data,
                         GError **error)
{
  g_assert_not_reached ();
}

void
_tj_server_pg_watch_free (TjServerPgWatch *watch)
{
  g_assert (watch == NULL);
}
