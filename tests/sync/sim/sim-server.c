/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "sim.h"

/* The real server in this process: its own thread and main context, as tiaojie-server's
 * main () runs it, so the client's blocking requests go through real HTTP on loopback
 * while the simulation decides what the network does to them. */

struct _SimServer {
  char         *dir;
  GThread      *thread;
  GMainContext *context;
  GMainLoop    *loop;
  char         *url;
  sqlite3      *db;
  GMutex        lock;
  GCond         ready;
  gboolean      started;
  gboolean      restored;
  char         *error;
};

static gpointer
serve (gpointer data)
{
  SimServer *s = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerStore) store = NULL;
  g_autoptr(TjServer) server = NULL;
  g_autoptr(GInetAddress) loopback = g_inet_address_new_loopback (G_SOCKET_FAMILY_IPV4);
  g_autoptr(GSocketAddress) address = g_inet_socket_address_new (loopback, 0);

  g_main_context_push_thread_default (s->context);
  store = tj_server_store_open (s->dir, &error);
  /* As tiaojie-server --restored. */
  if (store != NULL && s->restored && !tj_server_store_new_epoch (store, &error))
    g_clear_object (&store);
  if (store != NULL)
    {
      /* Tokens outlive the run: the simulation's clock skews are the clients'. */
      server = tj_server_new (store, 365 * 24 * 3600);
      if (!tj_server_listen (server, G_INET_SOCKET_ADDRESS (address), NULL, &error))
        g_clear_object (&server);
    }
  g_mutex_lock (&s->lock);
  if (server != NULL)
    s->url = tj_server_dup_url (server);
  else
    s->error = g_strdup (error->message);
  s->started = TRUE;
  g_cond_signal (&s->ready);
  g_mutex_unlock (&s->lock);
  if (server != NULL)
    {
      g_main_loop_run (s->loop);
      tj_server_disconnect (server);
    }
  g_clear_object (&server);
  g_clear_object (&store);
  g_main_context_pop_thread_default (s->context);
  return NULL;
}

SimServer *
sim_server_start (const char *dir, gboolean restored)
{
  SimServer *s = g_new0 (SimServer, 1);
  g_autofree char *file = g_build_filename (dir, "server.sqlite", NULL);

  s->dir = g_strdup (dir);
  s->restored = restored;
  s->context = g_main_context_new ();
  s->loop = g_main_loop_new (s->context, FALSE);
  g_mutex_init (&s->lock);
  g_cond_init (&s->ready);
  s->thread = g_thread_new ("sim-server", serve, s);
  g_mutex_lock (&s->lock);
  while (!s->started)
    g_cond_wait (&s->ready, &s->lock);
  g_mutex_unlock (&s->lock);
  if (s->error != NULL)
    g_error ("the simulated server did not start: %s", s->error);
  if (sqlite3_open_v2 (file, &s->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    g_error ("cannot read %s: %s", file, sqlite3_errmsg (s->db));
  sqlite3_busy_timeout (s->db, 5000);
  return s;
}

static gboolean
quit_cb (gpointer data)
{
  g_main_loop_quit (data);
  return G_SOURCE_REMOVE;
}

void
sim_server_stop (SimServer *s)
{
  if (s == NULL)
    return;
  sqlite3_close (s->db);
  g_main_context_invoke (s->context, quit_cb, s->loop);
  g_thread_join (s->thread);
  g_main_loop_unref (s->loop);
  g_main_context_unref (s->context);
  g_mutex_clear (&s->lock);
  g_cond_clear (&s->ready);
  g_free (s->url);
  g_free (s->error);
  g_free (s->dir);
  g_free (s);
}

const char *
sim_server_url (SimServer *s)
{
  return s->url;
}

sqlite3 *
sim_server_db (SimServer *s)
{
  return s->db;
}

/* A consistent copy of the server's database as it is now (a backup). */
void
sim_server_backup (SimServer *s, const char *path)
{
  char *sql = sqlite3_mprintf ("VACUUM INTO %Q", path);
  int rc;

  g_remove (path);
  rc = sqlite3_exec (s->db, sql, NULL, NULL, NULL);
  sqlite3_free (sql);
  if (rc != SQLITE_OK)
    g_error ("cannot back up the server: %s", sqlite3_errmsg (s->db));
}
