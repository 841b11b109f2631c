/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc.h"


/* Rendering and fetching off the main thread (architecture.md): the worker opens its own
 * connection to the replica (one SQLite connection per thread; WAL lets both read), does
 * its work and hands the PDF back on the caller's main context. */

typedef struct {
  char           *db_path;
  char           *kind;
  char           *ref;
  char           *template_dir;
  char           *org_ref;
  TjDocOptions    options;
  char           *code;         /* out */
} RenderData;

static void
render_data_free (RenderData *d)
{
  g_free (d->db_path);
  g_free (d->kind);
  g_free (d->ref);
  g_free (d->template_dir);
  g_free (d->org_ref);
  g_free (d->code);
  g_free (d);
}

static void
render_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  RenderData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  GBytes *pdf;

  if (g_task_return_error_if_cancelled (task))
    return;
  cases = tj_case_store_open (d->db_path, &error);
  if (cases == NULL)
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  pdf = tj_doc_render (cases, d->kind, d->ref, &d->options, &d->code, &error);
  if (pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
tj_doc_render_async (TjCaseStore *store, const char *kind, const char *ref,
                     const TjDocOptions *options, GCancellable *cancellable,
                     GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  RenderData *d;

  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_return_if_fail (kind != NULL && ref != NULL && options != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_doc_render_async);
  d = g_new0 (RenderData, 1);
  d->db_path = g_strdup (tj_store_get_path (tj_case_store_get_store (store)));
  d->kind = g_strdup (kind);
  d->ref = g_strdup (ref);
  d->template_dir = g_strdup (options->template_dir);
  d->org_ref = g_strdup (options->org_ref);
  d->options = *options;
  d->options.template_dir = d->template_dir;
  d->options.org_ref = d->org_ref;
  g_task_set_task_data (task, d, (GDestroyNotify) render_data_free);
  g_task_run_in_thread (task, render_thread);
}

GBytes *
tj_doc_render_finish (TjCaseStore *store, GAsyncResult *result, char **out_code, GError **error)
{
  RenderData *d;
  GBytes *pdf;

  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_doc_render_async, NULL);

  pdf = g_task_propagate_pointer (G_TASK (result), error);
  d = g_task_get_task_data (G_TASK (result));
  if (pdf != NULL && out_code != NULL)
    *out_code = g_steal_pointer (&d->code);
  return pdf;
}

typedef struct {
  char *db_path;
  char *code;
  char *server_url;
  char *token;
} FetchData;

static void
fetch_data_free (FetchData *d)
{
  g_free (d->db_path);
  g_free (d->code);
  g_free (d->server_url);
  g_free (d->token);
  g_free (d);
}

static void
fetch_thread (GTask *task, gpointer source, gpointer task_data, GCancellable *cancellable)
{
  FetchData *d = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autoptr(TjDocRecord) record = NULL;
  g_autoptr(TjApiClient) api = NULL;
  GBytes *pdf = NULL;

  if (g_task_return_error_if_cancelled (task))
    return;
  cases = tj_case_store_open (d->db_path, &error);
  if (cases != NULL)
    record = tj_doc_record_lookup (cases, d->code, &error);
  if (record != NULL && d->server_url != NULL && d->token != NULL &&
      (api = tj_api_client_new (d->server_url, &error)) != NULL)
    tj_api_client_set_token (api, d->token);
  if (record != NULL && error == NULL)
    pdf = tj_doc_get_pdf (cases, record, api, cancellable, &error);
  if (pdf == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, pdf, (GDestroyNotify) g_bytes_unref);
}

void
tj_doc_get_pdf_async (TjCaseStore *store, const char *code, const char *server_url,
                      const char *token, GCancellable *cancellable,
                      GAsyncReadyCallback callback, gpointer user_data)
{
  g_autoptr(GTask) task = NULL;
  FetchData *d;

  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_return_if_fail (code != NULL);

  task = g_task_new (store, cancellable, callback, user_data);
  g_task_set_source_tag (task, tj_doc_get_pdf_async);
  d = g_new0 (FetchData, 1);
  d->db_path = g_strdup (tj_store_get_path (tj_case_store_get_store (store)));
  d->code = g_strdup (code);
  d->server_url = g_strdup (server_url);
  d->token = g_strdup (token);
  g_task_set_task_data (task, d, (GDestroyNotify) fetch_data_free);
  g_task_run_in_thread (task, fetch_thread);
}

GBytes *
tj_doc_get_pdf_finish (TjCaseStore *store, GAsyncResult *result, GError **error)
{
  g_return_val_if_fail (g_task_is_valid (result, store), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == tj_doc_get_pdf_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
