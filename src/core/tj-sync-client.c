/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "tj-protocol.h"
#include "tj-store-private.h"
#include "tj-sync-apply.h"
#include "tj-sync-blobs.h"
#include "tj-sync-client.h"
#include "tj-sync-client-private.h"
#include "tj-sync-repair.h"
#include "tj-sync-outbox.h"
#include "tj-sync-reset.h"
#include "tj-sync-unconfirmed.h"
#include "tj-sync-home.h"
#include "tj-case-store-private.h"
#include "tj-sync-codec.h"

/* The client side of sync.md: push the outbox in batches until the server has answered
 * every mutation, then pull the replica's bucket page by page until it is up to date.
 * Every request is retried with exponential backoff and full jitter on network trouble,
 * 5xx and 429; the session's timeouts bound each request, so a blackholed connection
 * cannot hang the run, and nothing is dropped without an answer. */

G_DEFINE_QUARK (tj-sync-error-quark, tj_sync_error)


struct _TjSyncClient
{
  GObject             parent_instance;

  TjCaseStore        *cases;
  TjApiClient        *api;
  TjSyncReport        report;
  TjSyncProgressFunc  progress;
  gpointer            progress_data;
  guint               attempts;
  guint               base_ms;
  guint               max_ms;
  guint               digest_limit;
};

G_DEFINE_FINAL_TYPE (TjSyncClient, tj_sync_client, G_TYPE_OBJECT)

static void
tj_sync_client_dispose (GObject *object)
{
  TjSyncClient *self = TJ_SYNC_CLIENT (object);

  g_clear_object (&self->cases);
  g_clear_object (&self->api);
  G_OBJECT_CLASS (tj_sync_client_parent_class)->dispose (object);
}

static void
tj_sync_client_class_init (TjSyncClientClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tj_sync_client_dispose;
}

static void
tj_sync_client_init (TjSyncClient *self)
{
  self->attempts = 8;
  self->base_ms = 200;
  self->max_ms = 30000;
}

TjSyncClient *
tj_sync_client_new (TjCaseStore *cases, TjApiClient *api)
{
  TjSyncClient *self;

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), NULL);
  g_return_val_if_fail (TJ_IS_API_CLIENT (api), NULL);

  self = g_object_new (TJ_TYPE_SYNC_CLIENT, NULL);
  self->cases = g_object_ref (cases);
  self->api = g_object_ref (api);
  return self;
}

void
tj_sync_client_set_progress (TjSyncClient *self, TjSyncProgressFunc func, gpointer data)
{
  g_return_if_fail (TJ_IS_SYNC_CLIENT (self));
  self->progress = func;
  self->progress_data = data;
}

void
tj_sync_client_set_retry (TjSyncClient *self, guint attempts, guint base_ms, guint max_ms)
{
  g_return_if_fail (TJ_IS_SYNC_CLIENT (self));
  self->attempts = MAX (attempts, 1);
  self->base_ms = MAX (base_ms, 1);
  self->max_ms = MAX (max_ms, self->base_ms);
}

const TjSyncReport *
tj_sync_client_get_report (TjSyncClient *self)
{
  g_return_val_if_fail (TJ_IS_SYNC_CLIENT (self), NULL);
  return &self->report;
}

static void
report_progress (TjSyncClient *self)
{
  if (self->progress != NULL)
    self->progress (&self->report, self->progress_data);
}

static gboolean
retryable (const GError *error, guint status)
{
  if (status >= 500 || status == 429)
    return TRUE;
  return g_error_matches (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE) ||
         g_error_matches (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_RATE_LIMITED) ||
         g_error_matches (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INTERNAL);
}

/* One request, retried, counting the retries in *retries. Full jitter: a random wait up
 * to base·2^n, capped. It touches nothing else of the client, so a prefetch thread can
 * run it. */
static JsonNode *
call_counted (TjSyncClient *self, const char *method, const char *path, const char *body,
              gsize length, guint *status, gint64 *retries, GCancellable *cancellable,
              GError **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local = NULL;
      JsonNode *answer;
      guint64 cap;

      *status = 0;
      /* Every request of a sync may be sent twice: GETs read, and a push is answered from
       * the server's ledger the second time. */
      answer = tj_api_client_call_text (self->api, method, path, body, length,
                                        (body != NULL ? TJ_API_CALL_GZIP : TJ_API_CALL_NONE) |
                                          TJ_API_CALL_IDEMPOTENT,
                                        status, cancellable, &local);
      if (answer != NULL)
        return answer;
      if (attempt >= self->attempts || !retryable (local, *status) ||
          g_cancellable_is_cancelled (cancellable))
        {
          if (attempt > 1 && retryable (local, *status))
            g_prefix_error (&local, _("Gave up after %u attempts: "), attempt);
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
      (*retries)++;
      cap = MIN ((guint64) self->base_ms << MIN (attempt - 1, 20), (guint64) self->max_ms);
      g_usleep (g_random_int_range (0, (gint32) MIN (cap, G_MAXINT32) + 1) * 1000);
    }
}

static JsonNode *
call (TjSyncClient *self, const char *method, const char *path, const char *body, gsize length,
      guint *status, GCancellable *cancellable, GError **error)
{
  return call_counted (self, method, path, body, length, status, &self->report.retries,
                       cancellable, error);
}

JsonNode *
_tj_sync_client_get (TjSyncClient *self, const char *path, guint *status,
                     GCancellable *cancellable, GError **error)
{
  return call (self, "GET", path, NULL, 0, status, cancellable, error);
}

TjSyncReport *
_tj_sync_client_report (TjSyncClient *self)
{
  return &self->report;
}

void
_tj_sync_client_set_digest_limit (TjSyncClient *self, guint limit)
{
  self->digest_limit = limit;
}

guint
_tj_sync_client_get_digest_limit (TjSyncClient *self)
{
  return self->digest_limit;
}

/* A repair that leaves the replica still unlike the checkpoint (the difference is one the
 * replica cannot hold, say) is not tried again at every pull: the next one waits this long.
 * The time is kept in the replica (meta "repair_after", Unix ms), since every sync makes a
 * new client; a time further ahead than this (the clock went back) does not count. */
#define REPAIR_BACKOFF_MS (10 * 60 * 1000)

/* At the end of a pull: the replica against the checkpoint, repaired by id when they
 * differ (tj-sync-repair.h). *again: a repair ran, and the pull goes on once more so that
 * what the server took meanwhile comes too and the comparison is made again with a new
 * checkpoint; if that one differs as well, repairs rest for a while. */
static gboolean
check_checkpoint (TjSyncClient *self, const TjUuid *bucket, const TjSyncPage *page,
                  GHashTable *pending, gboolean *repaired, gboolean *again,
                  GCancellable *cancellable, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  gint64 now = g_get_real_time () / 1000, rest;
  gboolean matches;
  gint64 fixed;

  *again = FALSE;
  if (!_tj_sync_repair_matches (store, page, pending, &matches, error))
    return FALSE;
  if (matches)
    return TRUE;
  rest = tj_store_get_meta_int (store, "repair_after", 0) - now;
  if (rest > 0 && rest <= REPAIR_BACKOFF_MS)
    return TRUE;
  if (*repaired)
    return tj_store_set_meta_int (store, "repair_after", now + REPAIR_BACKOFF_MS, error);
  if (!_tj_sync_repair_run (self, self->cases, bucket, &fixed, cancellable, error))
    return FALSE;
  self->report.repaired += fixed;
  *repaired = TRUE;
  *again = TRUE;
  return TRUE;
}

/* The next page of an initial or large pull is fetched and parsed while this one is
 * applied: on two cores the network and JSON work of one page overlaps the SQLite work
 * of the other. The thread only reads the client's settings; its answer is taken (or
 * waited for and dropped) before anything else is sent. */
typedef struct {
  TjSyncClient *self;
  char         *path;
  GCancellable *cancellable;
  GThread      *thread;
  TjSyncPage   *done;       /* (nullable) an applied page and its answer, freed by the */
  JsonNode     *done_answer; /* thread */
  JsonNode     *answer;
  TjSyncPage   *page;
  guint         status;
  gint64        retries;
  GError       *error;
} Prefetch;

static gpointer
prefetch_thread (gpointer data)
{
  Prefetch *f = data;

  /* A page's tree of JSON takes as long to free as a good part of applying it. */
  g_clear_pointer (&f->done, tj_sync_page_free);
  g_clear_pointer (&f->done_answer, json_node_unref);
  f->answer = call_counted (f->self, "GET", f->path, NULL, 0, &f->status, &f->retries,
                            f->cancellable, &f->error);
  if (f->answer != NULL)
    f->page = tj_sync_page_from_json (f->answer, &f->error);
  return NULL;
}

static Prefetch *
prefetch_start (TjSyncClient *self, char *path, TjSyncPage *done, JsonNode *done_answer,
                GCancellable *cancellable)
{
  Prefetch *f = g_new0 (Prefetch, 1);

  f->self = self;
  f->path = path;
  f->done = done;
  f->done_answer = done_answer;
  f->cancellable = cancellable != NULL ? g_object_ref (cancellable) : NULL;
  f->thread = g_thread_new ("tj-sync-prefetch", prefetch_thread, f);
  return f;
}

/* Waits for the thread; the retries it made count in the report. */
static void
prefetch_join (TjSyncClient *self, Prefetch *f)
{
  g_thread_join (f->thread);
  f->thread = NULL;
  self->report.retries += f->retries;
}

static void
prefetch_free (Prefetch *f)
{
  g_free (f->path);
  g_clear_pointer (&f->done, tj_sync_page_free);
  g_clear_pointer (&f->done_answer, json_node_unref);
  g_clear_object (&f->cancellable);
  g_clear_pointer (&f->answer, json_node_unref);
  g_clear_pointer (&f->page, tj_sync_page_free);
  g_clear_error (&f->error);
  g_free (f);
}

static char *
pull_path (const char *bucket_text, const TjSyncCursor *cursor, guint wait_s)
{
  gboolean has_epoch = cursor->epoch != NULL && *cursor->epoch != '\0';
  g_autofree char *wait = wait_s > 0 ? g_strdup_printf ("&wait=%u", wait_s) : NULL;

  return g_strdup_printf ("/v1/pull?bucket=%s&after=%" G_GINT64_FORMAT "&limit=%d%s%s%s",
                          bucket_text, cursor->next, TJ_SYNC_DEFAULT_PAGE,
                          has_epoch ? "&epoch=" : "", has_epoch ? cursor->epoch : "",
                          wait != NULL ? wait : "");
}

/* What was pulled while our edits were pending and is answered now goes in. */
static gboolean
settle_deferred (TjSyncClient *self, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  g_autoptr(GHashTable) pending = NULL;
  sqlite3_stmt *stmt;
  gboolean any;

  stmt = tj_store_prepare (store, "SELECT 1 FROM sync_deferred LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  any = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  if (!any)
    return TRUE;
  pending = tj_sync_outbox_pending (store, error);
  return pending != NULL && tj_sync_apply_deferred (self->cases, pending, error);
}

/* A record pulled before the server applied our edit of it is older than what the edit
 * made: it must not go in after the answer (the newer version comes in a later page). */
static gboolean
drop_stale_deferred (TjStore *store, GPtrArray *wire, GPtrArray *results, GError **error)
{
  sqlite3_stmt *stmt = NULL;

  for (guint i = 0; i < results->len; i++)
    {
      TjSyncResult *r = g_ptr_array_index (results, i);

      if (r->version <= 0)
        continue;
      for (guint j = 0; j < wire->len; j++)
        {
          TjSyncMutation *m = g_ptr_array_index (wire, j);

          if (m->id != r->id)
            continue;
          if (stmt == NULL &&
              (stmt = tj_store_prepare (store, "DELETE FROM sync_deferred WHERE id = ? AND "
                                               "version < ?", error)) == NULL)
            return FALSE;
          sqlite3_bind_blob (stmt, 1, m->record.bytes, 16, SQLITE_TRANSIENT);
          sqlite3_bind_int64 (stmt, 2, r->version);
          if (!tj_store_step_done (store, stmt, error))
            return FALSE;
          break;
        }
    }
  return TRUE;
}

/* The replica's client id, made on its first push. */
static gboolean
ensure_client_id (TjStore *store, TjUuid *client_id, GError **error)
{
  g_autofree char *id = tj_store_get_meta (store, "client_id");

  if (id == NULL)
    {
      tj_uuid_v7_now (client_id);
      id = tj_uuid_dup_string (client_id);
      return tj_store_set_meta (store, "client_id", id, error);
    }
  if (!tj_uuid_parse (id, client_id))
    {
      g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                   _("Replica %s has a broken client id."), tj_store_get_path (store));
      return FALSE;
    }
  return TRUE;
}

/* The outbox's mutations as the codec sends them. */
static GPtrArray *
to_wire (GPtrArray *batch, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_mutation_free);

  for (guint i = 0; i < batch->len; i++)
    {
      TjOutboxMutation *m = g_ptr_array_index (batch, i);
      TjSyncMutation *w = tj_sync_mutation_new (m->id, &m->record, m->type, m->op);

      g_ptr_array_add (out, w);
      if (!tj_sync_mutation_add_fields_json (w, m->fields, m->base, m->hlc, error))
        return NULL;
    }
  return g_steal_pointer (&out);
}

/* Puts acknowledged mutations from `from` on back in the outbox. */
static gboolean
rewind (TjSyncClient *self, gint64 from, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  gint64 acked = tj_sync_outbox_acked (store);
  g_autoptr(GError) local = NULL;

  if (!tj_store_begin (store, error))
    return FALSE;
  if (!tj_sync_outbox_rewind (store, from, &local) || !tj_store_commit (store, &local))
    {
      if (tj_store_in_transaction (store))
        tj_store_rollback (store);
      g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                   _("The server was restored from an older copy and lacks changes of this "
                     "replica it had acknowledged: %s Ask the provincial IT administrator."),
                   local->message);
      return FALSE;
    }
  self->report.replayed += acked - from + 1;
  return TRUE;
}

/* After a new server epoch: does the server still hold what it acknowledged? An empty
 * push answers with the last mutation of ours it has; what it lacks is sent again. */
static gboolean
check_ledger (TjSyncClient *self, GCancellable *cancellable, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  gint64 acked = tj_sync_outbox_acked (store);
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(TjSyncPushAnswer) result = NULL;
  g_autofree char *body = NULL;
  TjUuid client_id;
  gsize length;
  guint status;

  if (acked == 0)
    return TRUE;
  if (!ensure_client_id (store, &client_id, error))
    return FALSE;
  body = tj_sync_push_request_to_json (&client_id, none, &length);
  answer = call (self, "POST", "/v1/push", body, length, &status, cancellable, error);
  if (answer == NULL)
    return FALSE;
  result = tj_sync_push_answer_from_json (answer, error);
  if (result == NULL)
    return FALSE;
  return result->last_mutation_id >= acked ||
         rewind (self, result->last_mutation_id + 1, error);
}

static gboolean linked_bucket (TjStore *store, TjUuid *bucket, GError **error);

/* The server has a new epoch (restored from a backup): what it lacks of ours goes back in
 * the outbox, pending edits forget their bases, and the bucket starts over (reset). */
static gboolean
start_over (TjSyncClient *self, GCancellable *cancellable, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  TjUuid bucket;

  if (!linked_bucket (store, &bucket, error) || !check_ledger (self, cancellable, error) ||
      !tj_sync_outbox_forget_bases (store, error) ||
      !tj_sync_reset_begin (self->cases, &bucket, error))
    return FALSE;
  self->report.resets++;
  return TRUE;
}

/* Pushes name the epoch their bases were counted in, when there is one. */
static char *
push_path (TjStore *store)
{
  g_auto(TjSyncCursor) cursor = { 0 };
  TjUuid bucket;

  if (!linked_bucket (store, &bucket, NULL) || !tj_sync_cursor_load (store, &bucket, &cursor, NULL) ||
      cursor.epoch == NULL || *cursor.epoch == '\0')
    return g_strdup ("/v1/push");
  return g_strdup_printf ("/v1/push?epoch=%s", cursor.epoch);
}

gboolean
tj_sync_client_push (TjSyncClient *self, GCancellable *cancellable, GError **error)
{
  TjStore *store;
  TjUuid client_id;
  gboolean rewound = FALSE, started_over = FALSE;

  g_return_val_if_fail (TJ_IS_SYNC_CLIENT (self), FALSE);

  store = tj_case_store_get_store (self->cases);
  if (!ensure_client_id (store, &client_id, error))
    return FALSE;
  for (;;)
    {
      g_autoptr(GPtrArray) batch = tj_sync_outbox_read (store, TJ_SYNC_MAX_MUTATIONS, error);
      g_autoptr(GPtrArray) wire = NULL;
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(TjSyncPushAnswer) result = NULL;
      g_autoptr(GError) blob_error = NULL;
      g_autofree char *body = NULL, *path = NULL;
      g_autoptr(GError) local = NULL;
      gint64 acked = 0, first;
      gsize length;
      guint status;

      if (batch == NULL)
        return FALSE;
      if (batch->len == 0)
        return settle_deferred (self, error);
      /* Attachment blobs go up before the mutations naming them (tj-sync-blobs.c); one that
       * cannot cuts the batch there, and the push stops after what precedes it. */
      if (!tj_sync_blobs_upload_batch (self->api, self->cases, batch, cancellable, &blob_error) &&
          batch->len == 0)
        {
          g_propagate_error (error, g_steal_pointer (&blob_error));
          return FALSE;
        }
      /* A batch also stays under the byte limit: halve it until it fits. */
      wire = to_wire (batch, error);
      if (wire == NULL)
        return FALSE;
      body = tj_sync_push_request_to_json (&client_id, wire, &length);
      while (length > TJ_SYNC_MAX_PUSH_BYTES && wire->len > 1)
        {
          g_ptr_array_set_size (wire, wire->len / 2);
          g_free (body);
          body = tj_sync_push_request_to_json (&client_id, wire, &length);
        }
      first = ((TjSyncMutation *) wire->pdata[0])->id;
      path = push_path (store);
      answer = call (self, "POST", path, body, length, &status, cancellable, &local);
      if (answer == NULL && status == 409 && !started_over)
        {
          /* reset_required: nothing of this batch was applied. */
          if (!start_over (self, cancellable, error))
            return FALSE;
          started_over = TRUE;
          continue;
        }
      if (answer == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      result = tj_sync_push_answer_from_json (answer, error);
      if (result == NULL)
        return FALSE;
      for (guint i = 0; i < result->results->len; i++)
        {
          TjSyncResult *r = g_ptr_array_index (result->results, i);

          TjSyncStatus said = r->status == TJ_SYNC_DUPLICATE ? r->original : r->status;

          acked = MAX (acked, r->id);
          self->report.pushed++;
          /* An answer given again (the first was lost) counts as what it said. */
          if (said == TJ_SYNC_CONFLICT)
            self->report.conflicts++;
          else if (said == TJ_SYNC_REJECTED)
            self->report.rejected++;
        }
      if (result->expected > 0 && result->expected < first)
        {
          /* The server lacks mutations it had acknowledged (restored from an older
           * copy): send them again from the ones kept (sync.md); its ledger makes
           * that harmless. Once per push, so a server that keeps forgetting stops it. */
          if (rewound || !rewind (self, result->expected, error))
            {
              if (rewound)
                g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                             _("The server expects change %lld of this replica, which it "
                               "had already acknowledged; ask the provincial IT "
                               "administrator."), (long long) result->expected);
              return FALSE;
            }
          rewound = TRUE;
          continue;
        }
      if (acked < first)
        {
          g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                       _("The server answered none of the changes sent."));
          return FALSE;
        }
      if (!tj_store_begin_lazy (store, error))
        return FALSE;
      tj_journal_catch_up (tj_case_store_get_journal (self->cases));
      tj_journal_merge_remote (tj_case_store_get_journal (self->cases), result->server_hlc);
      if (!tj_sync_outbox_ack (store, acked, error) ||
          !drop_stale_deferred (store, wire, result->results, error) ||
          !tj_sync_unconfirmed_note (store, wire, result->results, error) ||
          !tj_journal_flush (tj_case_store_get_journal (self->cases), error) ||
          !tj_store_commit (store, error))
        {
          tj_store_rollback (store);
          return FALSE;
        }
      report_progress (self);
      if (blob_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&blob_error));
          return FALSE;
        }
    }
}

static gboolean
linked_bucket (TjStore *store, TjUuid *bucket, GError **error)
{
  g_autofree char *text = tj_store_get_meta (store, "sync_bucket");

  if (text == NULL || !tj_uuid_parse (text, bucket))
    {
      g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_NOT_LINKED,
                   _("Replica %s was set up offline; it can only sync when set up from a "
                     "server (tiaojie-cli init --server)."), tj_store_get_path (store));
      return FALSE;
    }
  return TRUE;
}

/* A run starts its bucket over three times at most: a server that keeps asking is broken. */
static gboolean
within_reset_limit (TjSyncClient *self, GError **error)
{
  if (self->report.resets <= 3)
    return TRUE;
  g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
               _("The server asked for a fresh start more than three times."));
  return FALSE;
}

gboolean
tj_sync_client_pull (TjSyncClient *self, gboolean wait, GCancellable *cancellable,
                     GError **error)
{
  TjStore *store;
  TjUuid bucket;
  char bucket_text[TJ_UUID_STRING_LEN + 1];
  guint timeout, wait_s;
  Prefetch *ahead = NULL;
  g_autoptr(TjSyncPage) applied = NULL;
  g_autoptr(JsonNode) applied_answer = NULL;
  gboolean repaired = FALSE;

  g_return_val_if_fail (TJ_IS_SYNC_CLIENT (self), FALSE);

  store = tj_case_store_get_store (self->cases);
  if (!linked_bucket (store, &bucket, error))
    return FALSE;
  tj_uuid_to_string (&bucket, bucket_text);
  if (!settle_deferred (self, error))
    return FALSE;
  /* A pull that names no epoch (the start of a reset) cannot be told the server was
   * restored meanwhile: ask whether it still holds what it acknowledged. */
  {
    g_auto(TjSyncCursor) start = { 0 };

    if (!tj_sync_cursor_load (store, &bucket, &start, error))
      return FALSE;
    if ((start.epoch == NULL || *start.epoch == '\0') && !check_ledger (self, cancellable, error))
      return FALSE;
  }
  /* A long poll answers after `wait` seconds of silence, which the request's own timeout
   * would otherwise take for a stuck connection. */
  timeout = tj_api_client_get_timeout (self->api);
  wait_s = timeout == 0 ? 25 : timeout > 10 ? MIN (25, timeout - 5) : timeout / 2;
  for (;;)
    {
      g_auto(TjSyncCursor) cursor = { 0 };
      g_autoptr(JsonNode) answer = NULL;
      g_autoptr(GHashTable) pending = NULL;
      g_autoptr(TjSyncPage) page = NULL;
      g_autoptr(GError) local = NULL;
      guint status;
      gboolean ok;

      if (!tj_sync_cursor_load (store, &bucket, &cursor, error))
        {
          g_clear_pointer (&ahead, prefetch_free);
          return FALSE;
        }
      if (ahead != NULL)
        {
          /* Asked with this very cursor while the last page went in. */
          prefetch_join (self, ahead);
          answer = g_steal_pointer (&ahead->answer);
          page = g_steal_pointer (&ahead->page);
          status = ahead->status;
          local = g_steal_pointer (&ahead->error);
          g_clear_pointer (&ahead, prefetch_free);
        }
      else
        {
          /* After a repair the pull looks once more without waiting. */
          g_autofree char *path = pull_path (bucket_text, &cursor,
                                             wait && !repaired ? wait_s : 0);

          answer = call (self, "GET", path, NULL, 0, &status, cancellable, &local);
          if (answer != NULL)
            page = tj_sync_page_from_json (answer, &local);
        }
      if (answer == NULL && status == 409)
        {
          /* reset_required: a new server epoch. The outbox is pushed first, then the
           * bucket starts over (tj-sync-reset.h). */
          if (!start_over (self, cancellable, error) ||
              !tj_sync_client_push (self, cancellable, error) ||
              !within_reset_limit (self, error))
            return FALSE;
          continue;
        }
      if (page == NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      pending = tj_sync_outbox_pending (store, error);
      if (pending == NULL)
        return FALSE;
      g_free (cursor.epoch);
      cursor.epoch = g_strdup (page->epoch);
      cursor.next = MAX (cursor.next, page->next);
      cursor.count = page->checkpoint_count;
      g_free (cursor.checksum);
      cursor.checksum = tj_sync_checksum_to_string (page->checkpoint_checksum);
      /* A full page: more follow. */
      if (!page->up_to_date && page->ops->len >= TJ_SYNC_DEFAULT_PAGE)
        ahead = prefetch_start (self, pull_path (bucket_text, &cursor, 0),
                                g_steal_pointer (&applied), g_steal_pointer (&applied_answer),
                                cancellable);
      ok = tj_sync_apply_page (self->cases, &cursor, page->ops, pending, error);
      if (!ok)
        {
          if (ahead != NULL)
            prefetch_join (self, ahead);
          g_clear_pointer (&ahead, prefetch_free);
          return FALSE;
        }
      self->report.pulled += page->ops->len;
      self->report.pull_total = MAX (page->checkpoint_count, self->report.pulled);
      report_progress (self);
      if (page->up_to_date || page->ops->len == 0)
        {
          guint unconfirmed = 0;

          if (!tj_sync_reset_finish (self->cases, &bucket, pending, error) ||
              !tj_sync_unconfirmed_settle (store, &unconfirmed, error))
            return FALSE;
          if (unconfirmed == 0)
            {
              gboolean again;

              if (!check_checkpoint (self, &bucket, page, pending, &repaired, &again,
                                     cancellable, error))
                return FALSE;
              if (!again)
                return TRUE;
              g_clear_pointer (&applied, tj_sync_page_free);
              g_clear_pointer (&applied_answer, json_node_unref);
              continue;
            }
          /* A refused edit of ours that the server never answered with its own copy
           * (tj-sync-unconfirmed.h): the bucket starts over. */
          self->report.resets++;
          if (!within_reset_limit (self, error) ||
              !tj_sync_reset_begin (self->cases, &bucket, error))
            return FALSE;
          g_clear_pointer (&applied, tj_sync_page_free);
          g_clear_pointer (&applied_answer, json_node_unref);
          continue;
        }
      g_clear_pointer (&applied, tj_sync_page_free);
      g_clear_pointer (&applied_answer, json_node_unref);
      applied = g_steal_pointer (&page);
      applied_answer = g_steal_pointer (&answer);
    }
}

static gboolean
upsert_org (TjStore *store, JsonObject *org, gboolean with_parent, GError **error)
{
  const char *id_text = json_object_get_string_member_with_default (org, "id", NULL);
  const char *parent_text = json_object_get_string_member_with_default (org, "parent_id", NULL);
  const char *code = json_object_get_string_member_with_default (org, "code", NULL);
  const char *name = json_object_get_string_member_with_default (org, "name", NULL);
  TjUuid id, parent;
  sqlite3_stmt *stmt;

  if (id_text == NULL || !tj_uuid_parse (id_text, &id) || code == NULL || name == NULL)
    {
      g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                   _("The server's list of organisations has an entry without id, code or name."));
      return FALSE;
    }
  if (with_parent)
    {
      if (parent_text == NULL || !tj_uuid_parse (parent_text, &parent))
        return TRUE;
      stmt = tj_store_prepare (store, "UPDATE organisation SET parent_id = ? WHERE id = ? AND "
                                      "EXISTS (SELECT 1 FROM organisation WHERE id = ?1)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_blob (stmt, 1, parent.bytes, 16, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, id.bytes, 16, SQLITE_TRANSIENT);
      return tj_store_step_done (store, stmt, error);
    }
  stmt = tj_store_prepare (store,
                           "INSERT INTO organisation (id, region_code, name, short_name, level, type, "
                           "active) VALUES (?,?,?,?,?,?,?) ON CONFLICT (id) DO UPDATE SET "
                           "region_code = excluded.region_code, name = excluded.name, "
                           "short_name = excluded.short_name, level = excluded.level, "
                           "type = excluded.type, active = excluded.active", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, code, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, json_object_get_string_member_with_default (org, "short_name", NULL),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, json_object_get_string_member_with_default (org, "level", "township"),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, json_object_get_string_member_with_default (org, "type", "centre"),
                     -1, SQLITE_TRANSIENT);
  sqlite3_bind_int (stmt, 7, json_object_get_boolean_member_with_default (org, "active", TRUE));
  return tj_store_step_done (store, stmt, error);
}

/* The organisations of the jurisdiction, so that the cases pulled can name theirs (a
 * supervisor's replica holds many centres'). */
static gboolean
refresh_directory (TjSyncClient *self, GCancellable *cancellable, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  g_autoptr(JsonNode) answer = NULL;
  JsonArray *orgs;
  guint status;
  gboolean ok = TRUE;

  answer = call (self, "GET", "/v1/orgs", NULL, 0, &status, cancellable, error);
  if (answer == NULL)
    return FALSE;
  if (!JSON_NODE_HOLDS_OBJECT (answer) ||
      !json_object_has_member (json_node_get_object (answer), "orgs") ||
      !JSON_NODE_HOLDS_ARRAY (json_object_get_member (json_node_get_object (answer), "orgs")))
    {
      g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                   _("The server's answer, %s: %s."), "orgs", _("a list is required"));
      return FALSE;
    }
  orgs = json_object_get_array_member (json_node_get_object (answer), "orgs");
  if (!tj_store_begin (store, error))
    return FALSE;
  /* Parents after everyone is there: the list need not be in tree order. */
  for (guint pass = 0; ok && pass < 2; pass++)
    for (guint i = 0; ok && i < json_array_get_length (orgs); i++)
      {
        JsonNode *node = json_array_get_element (orgs, i);

        ok = JSON_NODE_HOLDS_OBJECT (node) &&
             upsert_org (store, json_node_get_object (node), pass == 1, error);
      }
  if (ok)
    return tj_store_commit (store, error);
  tj_store_rollback (store);
  if (error != NULL && *error == NULL)
    g_set_error (error, TJ_SYNC_ERROR, TJ_SYNC_ERROR_PROTOCOL,
                 _("The server's answer, %s: %s."), "orgs", _("objects are required"));
  return FALSE;
}

/* The user's organisation and role as the server has them now, and this replica's desk
 * there (tj-sync-home.h); the directory is read again after, so the new organisation is
 * there to reload from. */
static gboolean
check_home (TjSyncClient *self, gboolean *reload, GCancellable *cancellable, GError **error)
{
  TjStore *store = tj_case_store_get_store (self->cases);
  g_autoptr(JsonNode) session = NULL;
  g_autofree char *path = NULL;
  char client_text[TJ_UUID_STRING_LEN + 1];
  gboolean moved = FALSE;
  TjUuid client_id;
  guint status;

  if (!ensure_client_id (store, &client_id, error))
    return FALSE;
  tj_uuid_to_string (&client_id, client_text);
  path = g_strdup_printf ("/v1/session?client_id=%s&desk=%" G_GINT64_FORMAT, client_text,
                          tj_store_get_meta_int (store, "desk", 1));
  session = call (self, "GET", path, NULL, 0, &status, cancellable, error);
  if (session == NULL || !tj_sync_home_check (self->cases, session, &moved, reload, error))
    return FALSE;
  if (moved)
    self->report.rehomed = 1;
  if (*reload)
    self->report.reidentified = 1;
  return TRUE;
}

gboolean
tj_sync_client_run (TjSyncClient *self, GCancellable *cancellable, GError **error)
{
  gboolean reload = FALSE;

  g_return_val_if_fail (TJ_IS_SYNC_CLIENT (self), FALSE);

  /* Push first: the pull then brings the server's answers to our own edits too. */
  return tj_sync_client_push (self, cancellable, error) &&
         check_home (self, &reload, cancellable, error) &&
         refresh_directory (self, cancellable, error) &&
         (!reload || _tj_case_store_reload (self->cases, error)) &&
         tj_sync_client_pull (self, FALSE, cancellable, error);
}
