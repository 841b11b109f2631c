/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-case-list.h"

/* Counting a list off the main thread (architecture.md): on a million cases a count walks
 * an index for tens of milliseconds, and a filter no index serves walks the table. The
 * worker opens its own connection to the replica (one connection per thread; WAL lets it
 * read beside the interface) and sees what was committed when it starts. */

typedef struct {
  char         *db_path;
  char         *today;
  TjCaseFilter  filter;         /* strings owned: mediator, search */
  gint64        count;
} CountData;

static void
count_data_free (CountData *d)
{
  g_free (d->db_path);
  g_free (d->today);
  tj_case_filter_clear (&d->filter);
  g_free (d);
}

/* SQLite calls this every few thousand steps; non-zero interrupts the statement. */
static int
on_progress_cb (void *data)
{
  return g_cancellable_is_cancelled (data);
}

static void
count_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  CountData *d = task_data;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(GError) error = NULL;
  gboolean ok;

  if (g_task_return_error_if_cancelled (task))
    return;
  store = tj_store_open (d->db_path, &error);
  if (store == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  /* A count reads the list once from end to end: a page cache would only hold pages it
   * will not read again, and keep the memory after (the worker's malloc arena). */
  tj_store_set_cache_size (store, 1024);
  if (cancellable != NULL)
    sqlite3_progress_handler (tj_store_get_db (store), 10000, on_progress_cb, cancellable);
  ok = _tj_case_list_count_on (store, d->today, &d->filter, &d->count, &error);
  if (g_task_return_error_if_cancelled (task))
    return;
  if (!ok)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_boolean (task, TRUE);
}

void
tj_case_list_count_async (TjCaseStore *store, const TjCaseFilter *filter,
                          GCancellable *cancellable, GAsyncReadyCallback callback,
                          gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  CountData *d;

  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_return_if_fail (filter != NULL);

  d = g_new0 (CountData, 1);
  d->db_path = g_strdup (tj_store_get_path (tj_case_store_get_store (store)));
  d->today = tj_case_store_today (store);
  tj_case_filter_init (&d->filter);
  tj_case_filter_copy (&d->filter, filter);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_case_list_count_async);
  g_task_set_task_data (task, d, (GDestroyNotify) count_data_free);
  g_task_run_in_thread (task, count_thread);
}

gboolean
tj_case_list_count_finish (TjCaseStore *store, GAsyncResult *result, gint64 *count,
                           GError **error)
{
  CountData *d;

  g_return_val_if_fail (g_task_is_valid (result, store), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_case_list_count_async,
                        FALSE);

  if (!g_task_propagate_boolean (G_TASK (result), error))
    return FALSE;
  d = g_task_get_task_data (G_TASK (result));
  if (count != NULL)
    *count = d->count;
  return TRUE;
}
