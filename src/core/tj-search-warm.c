/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-search.h"
#include "tj-store-private.h"

#ifdef __linux__
#include <sys/resource.h>
#endif

/* Warming the search index. The first searches after the system started (or after the
 * replica's pages left its cache) wait for the disk: on a million cases each fragment's
 * grams are a few scattered reads of the n-gram index, 10 to 25 ms of a keystroke. The
 * index is small beside the replica (under a fifth) and its pages lie together, so one
 * pass in a worker reads it in about a second and every search after finds it in the
 * system's cache. The worker opens its own connection (WAL lets it read beside the
 * interface) and keeps almost no cache of its own: the pages it reads are for the
 * system's cache, not for its memory.
 *
 * It is only a head start, and when the index is in the cache already it would only take
 * processor time from the searches it is for: it runs in a thread of its own at the
 * lowest priority, which on Linux is the thread's own and which its disk reads follow.
 * (Not in GTask's pool, whose threads would keep that priority for later work.) */

typedef struct {
  char   *db_path;
  gint64  bytes;
} WarmData;

static void
warm_data_free (WarmData *d)
{
  g_free (d->db_path);
  g_free (d);
}

/* SQLite calls this every few thousand steps; non-zero interrupts the statement. */
static int
on_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static gboolean
read_all (TjStore *store, const char *sql, gint64 *result, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && result != NULL)
    *result = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return tj_store_set_error_from_db (store, error);
  return TRUE;
}

static gpointer
warm_thread (gpointer data)
{
  g_autoptr(GTask) task = data;
  WarmData *d = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  g_autoptr(TjStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

#ifdef __linux__
  /* Failing leaves the thread as it was, still correct. */
  (void) setpriority (PRIO_PROCESS, 0, 19);
#endif
  if (g_task_return_error_if_cancelled (task))
    return NULL;
  store = tj_store_open (d->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return NULL;
    }
  tj_store_set_cache_size (store, 1024);
  if (cancellable != NULL)
    sqlite3_progress_handler (tj_store_get_db (store), 10000, on_progress_cb, cancellable);
  /* Every page of the index: its blocks in order, then the terms' table that leads a
   * lookup to them. */
  ok = read_all (store, "SELECT coalesce (sum (length (block)), 0) FROM case_search_data",
                 &d->bytes, &error) &&
       read_all (store, "SELECT count (*) FROM case_search_idx", NULL, &error);
  if (g_task_return_error_if_cancelled (task))
    return NULL;
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
  return NULL;
}

void
tj_search_warm_async (TjStore *store, GCancellable *cancellable, GAsyncReadyCallback callback,
                      gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autoptr(GError) error = NULL;
  GThread *thread;
  WarmData *d;

  g_return_if_fail (TJ_IS_STORE (store));

  d = g_new0 (WarmData, 1);
  d->db_path = g_strdup (tj_store_get_path (store));
  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_search_warm_async);
  g_task_set_task_data (task, d, (GDestroyNotify) warm_data_free);
  g_task_set_priority (task, G_PRIORITY_LOW);
  thread = g_thread_try_new ("tj-search-warm", warm_thread, g_object_ref (task), &error);
  if (thread == NULL)
    {
      g_object_unref (task);
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_thread_unref (thread);
}

gboolean
tj_search_warm_finish (TjStore *store, GAsyncResult *result, gint64 *bytes, GError **error)
{
  WarmData *d;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_search_warm_async, FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  if (bytes != NULL)
    *bytes = d->bytes;
  return TRUE;
}
