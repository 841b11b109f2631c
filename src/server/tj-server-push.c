/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-sync.h"
#include "tj-protocol.h"

/* POST /v1/push (sync.md, Push steps 1, 2 and 6): the client id is bound to the account
 * on first use; mutations are taken in id order, each exactly once: an id already seen is
 * answered from the ledger, a gap stops the batch. The whole request is one write
 * transaction, so a failure leaves nothing behind and the client simply sends it again. */

/* The client's row: bound to this account, or created for it. */
static gboolean
bind_client (TjPushContext *ctx, gint64 *last, gboolean *foreign, GError **error)
{
  TjServerStore *store = ctx->txn.store;
  TjServerStmt *stmt;
  TjServerStep step;
  gboolean found = FALSE;

  *foreign = FALSE;
  *last = 0;
  stmt = tj_server_store_prepare (store, "SELECT account_id, last_mutation_id FROM client "
                                         "WHERE client_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, ctx->client_id.bytes, 16);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    {
      gsize length;
      const guint8 *account_id = tj_server_stmt_column_blob (stmt, 0, &length);

      found = TRUE;
      *foreign = length != 16 || memcmp (account_id, ctx->account->id.bytes, 16) != 0;
      *last = tj_server_stmt_column_int64 (stmt, 1);
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return FALSE;
  if (found)
    return TRUE;
  stmt = tj_server_store_prepare (store, "INSERT INTO client (client_id, account_id, "
                                         "last_mutation_id, created_at) VALUES (?, ?, 0, ?)",
                                  error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, ctx->client_id.bytes, 16);
  tj_server_stmt_bind_blob (stmt, 2, ctx->account->id.bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 3, ctx->txn.now_ms);
  return tj_server_store_step_done (store, stmt, error);
}

/* A mutation answered before: its stored result, now marked duplicate. */
static TjSyncResult *
replay (TjPushContext *ctx, gint64 id, GError **error)
{
  TjServerStore *store = ctx->txn.store;
  g_autoptr(JsonNode) stored = NULL;
  TjSyncResult *r = NULL;
  TjServerStmt *stmt;
  TjServerStep step;

  stmt = tj_server_store_prepare (store, "SELECT result FROM ledger "
                                         "WHERE client_id = ? AND mutation_id = ?", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, ctx->client_id.bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 2, id);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    {
      const char *text = tj_server_stmt_column_text (stmt, 0);

      stored = tj_protocol_parse_json (text, strlen (text), NULL);
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return NULL;
  if (stored != NULL)
    r = tj_sync_result_from_json (stored, "ledger", NULL);
  if (r == NULL)
    r = tj_sync_result_new (id, TJ_SYNC_DUPLICATE);
  r->original = r->status;
  r->status = TJ_SYNC_DUPLICATE;
  return r;
}

static gboolean
record_result (TjPushContext *ctx, const TjSyncResult *r, GError **error)
{
  g_autofree char *text = tj_sync_result_to_json (r);
  TjServerStmt *stmt;

  stmt = tj_server_store_prepare (ctx->txn.store, "INSERT INTO ledger (client_id, mutation_id, "
                                                  "result) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, ctx->client_id.bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 2, r->id);
  tj_server_stmt_bind_text (stmt, 3, text);
  return tj_server_store_step_done (ctx->txn.store, stmt, error);
}

static gboolean
store_last (TjPushContext *ctx, gint64 last, GError **error)
{
  TjServerStmt *stmt;

  stmt = tj_server_store_prepare (ctx->txn.store, "UPDATE client SET last_mutation_id = ? "
                                                  "WHERE client_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_int64 (stmt, 1, last);
  tj_server_stmt_bind_blob (stmt, 2, ctx->client_id.bytes, 16);
  return tj_server_store_step_done (ctx->txn.store, stmt, error);
}

/* The server never refuses for a wrong clock (sync.md): a time too far ahead is clamped
 * and the client is told. Every client clock value moves the server's clock on. */
static gboolean
observe_clocks (TjPushContext *ctx, TjSyncMutation *m)
{
  gint64 limit = ctx->txn.now_ms + TJ_SYNC_MAX_SKEW_MS;
  gboolean skew = FALSE;

  for (guint i = 0; i < m->fields->len; i++)
    {
      TjSyncField *f = g_ptr_array_index (m->fields, i);

      if (TJ_HLC_MS (f->hlc) > limit)
        {
          f->hlc = (gint64) TJ_HLC_PACK (limit, 0);
          skew = TRUE;
        }
      tj_hlc_observe (&ctx->txn.hlc, (TjHlcValue) f->hlc, ctx->txn.now_ms);
    }
  return skew;
}

/* Everything inside the transaction; FALSE with error on a store failure, or with
 * *forbidden set when the client id is another account's. */
static gboolean
run_push (TjPushContext *ctx, GPtrArray *mutations, TjSyncPushAnswer *answer,
          gboolean *forbidden, GError **error)
{
  gint64 last;

  if (!bind_client (ctx, &last, forbidden, error) || *forbidden)
    return FALSE;
  for (guint i = 0; i < mutations->len; i++)
    {
      TjSyncMutation *m = g_ptr_array_index (mutations, i);
      TjSyncResult *r;

      if (m->id > last + 1)
        {
          answer->expected = last + 1;
          break;
        }
      if (m->id <= last)
        r = replay (ctx, m->id, error);
      else
        {
          if (observe_clocks (ctx, m))
            answer->clock_skew = TRUE;
          r = tj_server_apply_mutation (ctx, m, error);
          if (r != NULL && !record_result (ctx, r, error))
            g_clear_pointer (&r, tj_sync_result_free);
          last = m->id;
        }
      if (r == NULL)
        return FALSE;
      g_ptr_array_add (answer->results, r);
    }
  answer->last_mutation_id = last;
  answer->server_hlc = (gint64) tj_hlc_now (&ctx->txn.hlc, ctx->txn.now_ms);
  return store_last (ctx, last, error);
}

void
tj_server_handle_push (TjServer *server, TjRequest *req)
{
  g_autoptr(GPtrArray) mutations = NULL;
  g_autoptr(TjSyncPushAnswer) answer = tj_sync_push_answer_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL;
  TjPushContext ctx = { 0 };
  gboolean forbidden = FALSE;
  const char *epoch = req->query ? g_hash_table_lookup (req->query, "epoch") : NULL;
  const char *server_epoch = tj_server_store_get_epoch (_tj_server_get_store (server));
  char *text;
  gsize length;

  /* Bases counted in another epoch mean nothing here: the client starts over first. */
  if (epoch != NULL && *epoch != '\0' && strcmp (epoch, server_epoch) != 0)
    {
      tj_request_fail_reset (req, server_epoch, _("The server's data was restored or "
                                                  "replaced; the replica must resynchronise."));
      return;
    }

  if (!tj_sync_push_request_from_json (req->body, &ctx.client_id, &mutations, &path, &error))
    {
      tj_request_fail (req, error->code, path, error->message);
      return;
    }
  ctx.account = req->account;
  ctx.org = req->org;
  tj_uuid_to_string (&ctx.client_id, ctx.client_text);

  if (!tj_sync_txn_begin (&ctx.txn, _tj_server_get_store (server), &error))
    {
      tj_sync_txn_clear (&ctx.txn);
      tj_request_fail_error (req, error, NULL);
      return;
    }
  if (!run_push (&ctx, mutations, answer, &forbidden, &error) ||
      !tj_sync_txn_commit (&ctx.txn, &error))
    {
      tj_sync_txn_rollback (&ctx.txn);
      tj_sync_txn_clear (&ctx.txn);
      if (forbidden)
        tj_request_fail (req, TJ_PROTOCOL_ERROR_FORBIDDEN, "client_id",
                         _("This client id is registered to another account; a replica "
                           "belongs to one user."));
      else
        tj_request_fail_error (req, error, NULL);
      return;
    }
  tj_server_sync_wake (server, ctx.txn.buckets);
  /* Committed: a failure to tell other server processes only delays their pulls. */
  if (!tj_server_store_announce (_tj_server_get_store (server), ctx.txn.buckets, &error))
    {
      g_warning ("%s", error->message);
      g_clear_error (&error);
    }
  tj_sync_txn_clear (&ctx.txn);

  text = tj_sync_push_answer_to_json (answer, &length);
  tj_request_reply_text (req, SOUP_STATUS_OK, text, length);
}
