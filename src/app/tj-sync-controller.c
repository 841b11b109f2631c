/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-replica-link.h"
#include "tj-sync-client.h"
#include "tj-sync-controller.h"
#include "tj-sync-task.h"

/* A sync pulling more records than this shows a progress bar. */
#define LARGE_SYNC 200
/* An edit is pushed this long after the last one, so typing makes one push. */
#define EDIT_DELAY_MS 2000
#define LAST_SYNC_KEY "app_last_sync_ms"

struct _TjSyncController
{
  GObject        parent_instance;

  TjCaseStore   *cases;         /* (nullable) */
  GSettings     *settings;      /* (nullable) */
  GCancellable  *cancellable;
  GCancellable  *poll_cancellable;  /* (nullable) the long poll under way */
  char          *server;        /* (nullable) */
  char          *token;         /* (nullable) */
  char          *last_error;    /* (nullable) */
  gboolean       online;
  gboolean       syncing;
  gboolean       failing;
  double         fraction;
  gint64         last_sync;
  guint          timer_id;
  guint          edit_id;
};

enum {
  PROP_0,
  PROP_LINKED,
  PROP_ONLINE,
  PROP_SYNCING,
  PROP_FRACTION,
  PROP_LAST_SYNC,
  N_PROPS
};

enum {
  FAILED,
  RECOVERED,
  FINISHED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjSyncController, tj_sync_controller, G_TYPE_OBJECT)

static void start_poll (TjSyncController *self);

static char *
token_path (TjSyncController *self)
{
  return tj_replica_token_path (self->cases);
}

static void
read_link (TjSyncController *self)
{
  TjStore *store;
  g_autofree char *path = NULL;
  g_autofree char *bucket = NULL;
  char *token = NULL;

  g_clear_pointer (&self->server, g_free);
  g_clear_pointer (&self->token, g_free);
  if (self->cases == NULL || !tj_case_store_is_initialised (self->cases))
    return;
  store = tj_case_store_get_store (self->cases);
  bucket = tj_store_get_meta (store, "sync_bucket");
  if (bucket == NULL)
    return;
  self->server = tj_store_get_meta (store, "sync_server");
  if (self->server == NULL && self->settings != NULL)
    {
      self->server = g_settings_get_string (self->settings, "server-url");
      if (*self->server == '\0')
        g_clear_pointer (&self->server, g_free);
    }
  path = token_path (self);
  if (g_file_get_contents (path, &token, NULL, NULL))
    self->token = g_strstrip (token);
  self->last_sync = tj_store_get_meta_int (store, LAST_SYNC_KEY, 0);
}

static void
set_syncing (TjSyncController *self, gboolean syncing, double fraction)
{
  self->syncing = syncing;
  self->fraction = fraction;
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SYNCING]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
}

static void
on_progress_cb (const TjSyncReport *report, gpointer data)
{
  TjSyncController *self = data;

  if (report->pull_total > LARGE_SYNC)
    {
      self->fraction = CLAMP ((double) report->pulled / (double) report->pull_total, 0.0, 1.0);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FRACTION]);
    }
}

static void
on_sync_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TjSyncController) self = data;
  g_autoptr(GError) error = NULL;
  TjSyncReport report = { 0 };
  gboolean ok = tj_sync_run_finish (result, &report, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  set_syncing (self, FALSE, -1);
  if (!ok)
    {
      gboolean first = !self->failing;

      self->failing = TRUE;
      self->online = FALSE;
      g_free (self->last_error);
      self->last_error = g_strdup (error->message);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
      /* One toast when the trouble starts, not one per retry. */
      if (first)
        g_signal_emit (self, signals[FAILED], 0, error->message);
      g_signal_emit (self, signals[FINISHED], 0, report.pulled > 0);
      return;
    }
  /* The worker found the user moved (or given another desk): this connection's case
   * store reads who it is again, so new cases are numbered and placed as the server says. */
  if (report.reidentified && self->cases != NULL)
    {
      g_autoptr(GError) reload_error = NULL;

      if (!tj_case_store_reload (self->cases, &reload_error))
        g_warning ("Reading the replica's identity again: %s", reload_error->message);
    }
  self->last_sync = g_get_real_time () / 1000;
  tj_store_set_meta_int (tj_case_store_get_store (self->cases), LAST_SYNC_KEY, self->last_sync,
                         NULL);
  self->online = TRUE;
  g_clear_pointer (&self->last_error, g_free);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ONLINE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LAST_SYNC]);
  if (self->failing)
    {
      self->failing = FALSE;
      g_signal_emit (self, signals[RECOVERED], 0);
    }
  g_signal_emit (self, signals[FINISHED], 0, report.pulled > 0 || report.pushed > 0);
  start_poll (self);
}

/* While online, a long poll waits in a worker for the server's next change, so edits made
 * elsewhere arrive in seconds rather than at the next timer. It stops for a full sync and
 * starts again after it. */
typedef struct {
  char *path;
  char *url;
  char *token;
} Poll;

static void
poll_free (Poll *p)
{
  g_free (p->path);
  g_free (p->url);
  g_free (p->token);
  g_free (p);
}

static void
poll_thread (GTask *task, gpointer source, gpointer data, GCancellable *cancellable)
{
  Poll *p = data;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(TjSyncClient) sync = NULL;
  GError *error = NULL;

  if ((cases = tj_case_store_open (p->path, &error)) == NULL ||
      (api = tj_api_client_new (p->url, &error)) == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  tj_api_client_set_token (api, p->token);
  sync = tj_sync_client_new (cases, api);
  if (!tj_sync_client_pull (sync, TRUE, cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  g_task_return_int (task, tj_sync_client_get_report (sync)->pulled);
}

static void
on_poll_done_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  TjSyncController *self = TJ_SYNC_CONTROLLER (source);
  g_autoptr(GError) error = NULL;
  gssize pulled = g_task_propagate_int (G_TASK (result), &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      g_task_get_cancellable (G_TASK (result)) != self->poll_cancellable)
    return;
  g_clear_object (&self->poll_cancellable);
  if (error != NULL)
    return;             /* the timer's next sync says what is wrong */
  if (pulled > 0)
    g_signal_emit (self, signals[FINISHED], 0, TRUE);
  start_poll (self);
}

static void
start_poll (TjSyncController *self)
{
  g_autoptr(GTask) task = NULL;
  Poll *p;

  if (self->poll_cancellable != NULL || self->syncing || !self->online ||
      !tj_sync_controller_get_linked (self))
    return;
  self->poll_cancellable = g_cancellable_new ();
  p = g_new0 (Poll, 1);
  p->path = g_strdup (tj_store_get_path (tj_case_store_get_store (self->cases)));
  p->url = g_strdup (self->server);
  p->token = g_strdup (self->token);
  task = g_task_new (self, self->poll_cancellable, on_poll_done_cb, NULL);
  g_task_set_source_tag (task, start_poll);
  g_task_set_task_data (task, p, (GDestroyNotify) poll_free);
  g_task_run_in_thread (task, poll_thread);
}

static void
stop_poll (TjSyncController *self)
{
  if (self->poll_cancellable != NULL)
    g_cancellable_cancel (self->poll_cancellable);
  g_clear_object (&self->poll_cancellable);
}

static gboolean
on_timer_cb (gpointer data)
{
  tj_sync_controller_sync_now (data);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_edit_timeout_cb (gpointer data)
{
  TjSyncController *self = data;

  self->edit_id = 0;
  tj_sync_controller_sync_now (self);
  return G_SOURCE_REMOVE;
}

static void
tj_sync_controller_dispose (GObject *object)
{
  TjSyncController *self = TJ_SYNC_CONTROLLER (object);

  tj_sync_controller_stop (self);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->cases);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (tj_sync_controller_parent_class)->dispose (object);
}

static void
tj_sync_controller_finalize (GObject *object)
{
  TjSyncController *self = TJ_SYNC_CONTROLLER (object);

  g_free (self->server);
  g_free (self->token);
  g_free (self->last_error);
  G_OBJECT_CLASS (tj_sync_controller_parent_class)->finalize (object);
}

static void
tj_sync_controller_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  TjSyncController *self = TJ_SYNC_CONTROLLER (object);

  switch (prop_id)
    {
    case PROP_LINKED:
      g_value_set_boolean (value, tj_sync_controller_get_linked (self));
      break;
    case PROP_ONLINE:
      g_value_set_boolean (value, self->online);
      break;
    case PROP_SYNCING:
      g_value_set_boolean (value, self->syncing);
      break;
    case PROP_FRACTION:
      g_value_set_double (value, self->fraction);
      break;
    case PROP_LAST_SYNC:
      g_value_set_int64 (value, self->last_sync);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_sync_controller_class_init (TjSyncControllerClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS;

  object_class->dispose = tj_sync_controller_dispose;
  object_class->finalize = tj_sync_controller_finalize;
  object_class->get_property = tj_sync_controller_get_property;

  properties[PROP_LINKED] = g_param_spec_boolean ("linked", NULL, NULL, FALSE, flags);
  properties[PROP_ONLINE] = g_param_spec_boolean ("online", NULL, NULL, FALSE, flags);
  properties[PROP_SYNCING] = g_param_spec_boolean ("syncing", NULL, NULL, FALSE, flags);
  properties[PROP_FRACTION] = g_param_spec_double ("fraction", NULL, NULL, -1, 1, -1, flags);
  properties[PROP_LAST_SYNC] = g_param_spec_int64 ("last-sync", NULL, NULL, 0, G_MAXINT64, 0,
                                                   flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[FAILED] = g_signal_new ("failed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[RECOVERED] = g_signal_new ("recovered", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[FINISHED] = g_signal_new ("finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                    NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_BOOLEAN);
}

static void
tj_sync_controller_init (TjSyncController *self)
{
  self->cancellable = g_cancellable_new ();
  self->fraction = -1;
}

TjSyncController *
tj_sync_controller_new (TjCaseStore *cases, GSettings *settings)
{
  TjSyncController *self = g_object_new (TJ_TYPE_SYNC_CONTROLLER, NULL);

  g_set_object (&self->cases, cases);
  g_set_object (&self->settings, settings);
  read_link (self);
  return self;
}

void
tj_sync_controller_start (TjSyncController *self)
{
  guint interval = 300;

  g_return_if_fail (TJ_IS_SYNC_CONTROLLER (self));

  read_link (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
  if (!tj_sync_controller_get_linked (self))
    return;
  if (self->settings != NULL)
    interval = MAX (g_settings_get_uint (self->settings, "sync-interval"), 10);
  g_clear_handle_id (&self->timer_id, g_source_remove);
  self->timer_id = g_timeout_add_seconds (interval, on_timer_cb, self);
  tj_sync_controller_sync_now (self);
}

void
tj_sync_controller_stop (TjSyncController *self)
{
  g_return_if_fail (TJ_IS_SYNC_CONTROLLER (self));

  g_clear_handle_id (&self->timer_id, g_source_remove);
  g_clear_handle_id (&self->edit_id, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  stop_poll (self);
}

void
tj_sync_controller_sync_now (TjSyncController *self)
{
  g_return_if_fail (TJ_IS_SYNC_CONTROLLER (self));

  if (self->syncing || !tj_sync_controller_get_linked (self))
    return;
  if (g_cancellable_is_cancelled (self->cancellable))
    {
      g_clear_object (&self->cancellable);
      self->cancellable = g_cancellable_new ();
    }
  stop_poll (self);
  set_syncing (self, TRUE, self->last_sync == 0 ? 0.0 : -1);
  tj_sync_run_async (tj_store_get_path (tj_case_store_get_store (self->cases)), self->server,
                     self->token, NULL, on_progress_cb, self, self->cancellable,
                     on_sync_done_cb, g_object_ref (self));
}

void
tj_sync_controller_edit_made (TjSyncController *self)
{
  g_return_if_fail (TJ_IS_SYNC_CONTROLLER (self));

  if (!tj_sync_controller_get_linked (self))
    return;
  g_clear_handle_id (&self->edit_id, g_source_remove);
  self->edit_id = g_timeout_add (EDIT_DELAY_MS, on_edit_timeout_cb, self);
}

gboolean
tj_sync_controller_link (TjSyncController *self, const char *server_url, const char *token,
                         GError **error)
{
  g_autofree char *path = NULL;

  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), FALSE);
  g_return_val_if_fail (self->cases != NULL, FALSE);

  if (!tj_store_set_meta (tj_case_store_get_store (self->cases), "sync_server", server_url, error))
    return FALSE;
  path = token_path (self);
  if (!g_file_set_contents_full (path, token, -1, G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return FALSE;
  read_link (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_LINKED]);
  return TRUE;
}

gboolean
tj_sync_controller_get_linked (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), FALSE);
  return self->server != NULL && self->token != NULL;
}

gboolean
tj_sync_controller_get_online (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), FALSE);
  return self->online;
}

gboolean
tj_sync_controller_get_syncing (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), FALSE);
  return self->syncing;
}

double
tj_sync_controller_get_fraction (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), -1);
  return self->fraction;
}

gint64
tj_sync_controller_get_last_sync (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), 0);
  return self->last_sync;
}

const char *
tj_sync_controller_get_server (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), NULL);
  return self->server;
}

const char *
tj_sync_controller_get_last_error (TjSyncController *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CONTROLLER (self), NULL);
  return self->last_error;
}
