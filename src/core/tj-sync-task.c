/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-sync-task.h"

/* A sync run off the main thread (architecture.md, Threads): the worker opens its own
 * connection to the replica and its own HTTP session (libsoup sessions belong to the
 * thread that made them), and progress comes back to the caller's main context. */

typedef struct {
  char               *replica_path;
  char               *server_url;
  char               *token;
  char               *ca_file;
  TjSyncProgressFunc  progress;
  gpointer            progress_data;
  GMainContext       *caller;
  TjSyncReport        report;
} Job;

/* A copy: it may be delivered after the job is gone. */
typedef struct {
  TjSyncProgressFunc  func;
  gpointer            data;
  TjSyncReport        report;
} Progress;

static void
job_free (Job *job)
{
  g_free (job->replica_path);
  g_free (job->server_url);
  if (job->token != NULL)
    memset (job->token, 0, strlen (job->token));
  g_free (job->token);
  g_free (job->ca_file);
  g_main_context_unref (job->caller);
  g_free (job);
}

static gboolean
deliver_progress (gpointer data)
{
  Progress *p = data;

  p->func (&p->report, p->data);
  return G_SOURCE_REMOVE;
}

static void
on_progress (const TjSyncReport *report, gpointer data)
{
  Job *job = data;
  Progress *p;

  if (job->progress == NULL)
    return;
  p = g_new0 (Progress, 1);
  p->func = job->progress;
  p->data = job->progress_data;
  p->report = *report;
  g_main_context_invoke_full (job->caller, G_PRIORITY_DEFAULT, deliver_progress, p, g_free);
}

static void
run_in_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(TjSyncClient) sync = NULL;
  g_autoptr(GMainContext) context = g_main_context_new ();
  gboolean ok;

  /* libsoup runs its I/O on the thread-default context of the thread using it. */
  g_main_context_push_thread_default (context);
  cases = tj_case_store_open (job->replica_path, &error);
  if (cases != NULL)
    api = tj_api_client_new (job->server_url, &error);
  if (api != NULL && job->ca_file != NULL && !tj_api_client_set_ca_file (api, job->ca_file, &error))
    g_clear_object (&api);
  ok = api != NULL;
  if (ok)
    {
      tj_api_client_set_token (api, job->token);
      sync = tj_sync_client_new (cases, api);
      tj_sync_client_set_progress (sync, on_progress, job);
      ok = tj_sync_client_run (sync, cancellable, &error);
      job->report = *tj_sync_client_get_report (sync);
    }
  g_main_context_pop_thread_default (context);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, g_steal_pointer (&error));
}

void
tj_sync_run_async (const char          *replica_path,
                   const char          *server_url,
                   const char          *token,
                   const char          *ca_file,
                   TjSyncProgressFunc   progress,
                   gpointer             progress_data,
                   GCancellable        *cancellable,
                   GAsyncReadyCallback  callback,
                   gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  Job *job;

  g_return_if_fail (replica_path != NULL && server_url != NULL && token != NULL);

  job = g_new0 (Job, 1);
  job->replica_path = g_strdup (replica_path);
  job->server_url = g_strdup (server_url);
  job->token = g_strdup (token);
  job->ca_file = g_strdup (ca_file);
  job->progress = progress;
  job->progress_data = progress_data;
  job->caller = g_main_context_ref_thread_default ();
  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_sync_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, run_in_thread);
}

gboolean
tj_sync_run_finish (GAsyncResult *result, TjSyncReport *report, GError **error)
{
  Job *job;

  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);

  job = g_task_get_task_data (G_TASK (result));
  if (report != NULL)
    *report = job->report;
  return g_task_propagate_boolean (G_TASK (result), error);
}
