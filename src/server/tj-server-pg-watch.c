/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <libpq-fe.h>
#include <string.h>

#include "tj-server-pg.h"
#include "tj-uuid.h"

/* Several server processes on one PostgreSQL database: a push to one must wake the pulls
 * waiting in the others (sync.md, long-poll). After each commit the writer announces the
 * buckets it touched with NOTIFY; every process keeps a connection of its own that
 * LISTENs, watched by the main loop, and hands the buckets to tj_server_sync_wake (). The
 * writer's own process hears its own announcement too, after it has already answered its
 * waiters, which finds none. A lost listening connection is made again every few
 * seconds; pulls that wait meanwhile are answered when their wait ends, as before. */

#define RECONNECT_SECONDS 5

struct _TjServerPgWatch
{
  char               *conninfo;
  char               *described;
  PGconn             *conn;
  GMainContext       *context;        /* where the watch was made: its sources run there */
  GSource            *source;         /* the socket's watch, or the reconnect timer */
  GCancellable       *cancellable;    /* of a connection being made in a thread */
  TjServerPgChanged   func;
  gpointer            user_data;
};

/* The payload: bucket ids as UUID text, separated by spaces. */
static GHashTable *
buckets_from_payload (const char *payload)
{
  GHashTable *buckets = g_hash_table_new_full (tj_uuid_hash, tj_uuid_hash_equal, g_free, NULL);
  g_auto(GStrv) words = g_strsplit (payload != NULL ? payload : "", " ", -1);

  for (guint i = 0; words[i] != NULL; i++)
    {
      TjUuid id;

      if (tj_uuid_parse (words[i], &id))
        g_hash_table_add (buckets, g_memdup2 (&id, sizeof id));
    }
  return buckets;
}

/* A listening connection, or NULL with the error. Blocking: at start, or in a thread. */
static PGconn *
connect_listener (const char *conninfo, const char *described, GError **error)
{
  PGconn *conn = PQconnectdb (conninfo);
  g_autofree char *text = NULL;

  if (PQstatus (conn) == CONNECTION_OK)
    {
      PGresult *res = PQexec (conn, "LISTEN " TJ_SERVER_PG_CHANNEL);
      gboolean ok = PQresultStatus (res) == PGRES_COMMAND_OK;

      PQclear (res);
      if (ok && PQsetnonblocking (conn, 1) == 0)
        return conn;
    }
  text = g_strstrip (g_strdup (PQerrorMessage (conn)));
  g_set_error (error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_SQLITE,
               /* Translators: the database's description (name and host), then its message */
               _("PostgreSQL database %s: %s"), described, text);
  PQfinish (conn);
  return NULL;
}

static gboolean on_readable (int fd, GIOCondition condition, gpointer data);
static void     watch_clear (TjServerPgWatch *watch);
static gboolean on_reconnect (gpointer data);

/* The watch's one source replaced (NULL: none), attached to the watch's context. A
 * callback may replace its own source. */
static void
set_source (TjServerPgWatch *watch, GSource *source, GSourceFunc func)
{
  if (watch->source != NULL)
    {
      g_source_destroy (watch->source);
      g_source_unref (watch->source);
    }
  watch->source = source;
  if (source == NULL)
    return;
  g_source_set_callback (source, func, watch, NULL);
  g_source_attach (source, watch->context);
}

static void
retry_later (TjServerPgWatch *watch)
{
  set_source (watch, g_timeout_source_new_seconds (RECONNECT_SECONDS), on_reconnect);
}

/* Announcements libpq has read so far. */
static void
drain (TjServerPgWatch *watch)
{
  PGnotify *notify;

  while ((notify = PQnotifies (watch->conn)) != NULL)
    {
      g_autoptr(GHashTable) buckets = buckets_from_payload (notify->extra);

      PQfreemem (notify);
      if (g_hash_table_size (buckets) > 0)
        watch->func (buckets, watch->user_data);
    }
}

static void
listen_on (TjServerPgWatch *watch, PGconn *conn)
{
  watch->conn = conn;
  set_source (watch, g_unix_fd_source_new (PQsocket (conn), G_IO_IN | G_IO_ERR | G_IO_HUP),
              G_SOURCE_FUNC (on_readable));
  /* One may have come with the answer to LISTEN: the socket would not say so. */
  drain (watch);
}

static void
connect_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  TjServerPgWatch *watch = data;
  GError *error = NULL;
  PGconn *conn = connect_listener (watch->conninfo, watch->described, &error);

  if (conn == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, conn, (GDestroyNotify) PQfinish);
}

static void
on_connected (GObject *source, GAsyncResult *result, gpointer data)
{
  TjServerPgWatch *watch = data;   /* the reference on_reconnect () took */
  g_autoptr(GError) error = NULL;
  PGconn *conn = g_task_propagate_pointer (G_TASK (result), &error);

  if (g_cancellable_is_cancelled (watch->cancellable))
    g_clear_pointer (&conn, PQfinish);
  else if (conn != NULL)
    listen_on (watch, conn);
  else
    {
      g_warning ("%s", error->message);
      retry_later (watch);
    }
  g_rc_box_release_full (watch, (GDestroyNotify) watch_clear);
}

/* A connection that may take long to fail (an unreachable host) is made off the main
 * loop, which keeps answering requests meanwhile. */
static gboolean
on_reconnect (gpointer data)
{
  TjServerPgWatch *watch = data;
  g_autoptr(GTask) task = g_task_new (NULL, watch->cancellable, on_connected,
                                      g_rc_box_acquire (watch));

  set_source (watch, NULL, NULL);
  g_task_set_task_data (task, watch, NULL);
  g_task_run_in_thread (task, connect_thread);
  return G_SOURCE_REMOVE;
}

static gboolean
on_readable (int fd, GIOCondition condition, gpointer data)
{
  TjServerPgWatch *watch = data;

  if (!PQconsumeInput (watch->conn) || PQstatus (watch->conn) != CONNECTION_OK)
    {
      g_autofree char *text = g_strstrip (g_strdup (PQerrorMessage (watch->conn)));

      g_warning (_("PostgreSQL database %s: the connection that hears other servers' "
                   "changes was lost (%s); it is made again in %d seconds."),
                 watch->described, text, RECONNECT_SECONDS);
      g_clear_pointer (&watch->conn, PQfinish);
      retry_later (watch);
      return G_SOURCE_REMOVE;
    }
  drain (watch);
  return G_SOURCE_CONTINUE;
}

static void
watch_clear (TjServerPgWatch *watch)
{
  g_clear_pointer (&watch->conn, PQfinish);
  g_clear_object (&watch->cancellable);
  g_main_context_unref (watch->context);
  g_free (watch->described);
  /* The connection string may hold a password. */
  memset (watch->conninfo, 0, strlen (watch->conninfo));
  g_free (watch->conninfo);
}

TjServerPgWatch *
_tj_server_pg_watch_new (const char        *conninfo,
                         TjServerPgChanged  func,
                         gpointer           user_data,
                         GError           **error)
{
  TjServerPgWatch *watch;
  g_autofree char *described = _tj_server_pg_describe (conninfo);
  PGconn *conn = connect_listener (conninfo, described, error);

  if (conn == NULL)
    return NULL;
  watch = g_rc_box_new0 (TjServerPgWatch);
  watch->conninfo = g_strdup (conninfo);
  watch->described = g_steal_pointer (&described);
  watch->cancellable = g_cancellable_new ();
  watch->context = g_main_context_ref_thread_default ();
  watch->func = func;
  watch->user_data = user_data;
  listen_on (watch, conn);
  return watch;
}

/* A connection being made meanwhile holds a reference, and is dropped when it comes. */
void
_tj_server_pg_watch_free (TjServerPgWatch *watch)
{
  if (watch == NULL)
    return;
  set_source (watch, NULL, NULL);
  g_cancellable_cancel (watch->cancellable);
  g_clear_pointer (&watch->conn, PQfinish);
  g_rc_box_release_full (watch, (GDestroyNotify) watch_clear);
}
