/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-util.h"

#include <string.h>

#include "tj-protocol.h"
#include "tj-sync-codec.h"

/* libFuzzer target: the bytes as a JSON body through tj_protocol_parse_json, then every
 * decoder of the sync codec (tj-sync-codec.h). Each call either succeeds or fails with a
 * TJ_PROTOCOL_ERROR; what decodes is written again by the codec's own encoder, read back
 * and must decode to the same thing, so a value the codec accepts but cannot send on is
 * found too. HACKING.md, "Fuzzing", says how to run it. */

/* The reader is strict JSON: whatever it takes, json-glib's own parser takes too and
 * makes the same tree of. */
static void
check_same_as_json_glib (const char *data, size_t size, JsonNode *root)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  if (!json_parser_load_from_data (parser, data, (gssize) size, &error))
    fuzz_fail ("read as JSON, but json-glib refuses it: %s", error->message);
  if (!json_node_equal (root, json_parser_get_root (parser)))
    fuzz_fail ("read as JSON into another tree than json-glib's");
}

static void
check_same_mutations (GPtrArray *a, GPtrArray *b)
{
  if (a->len != b->len)
    fuzz_fail ("push request: %u mutations became %u", a->len, b->len);
  for (guint i = 0; i < a->len; i++)
    {
      TjSyncMutation *x = g_ptr_array_index (a, i), *y = g_ptr_array_index (b, i);

      if (x->id != y->id || !tj_uuid_equal (&x->record, &y->record) ||
          strcmp (x->type, y->type) != 0 || x->op != y->op || x->fields->len != y->fields->len)
        fuzz_fail ("push request: mutations[%u] changed on the way round", i);
      for (guint j = 0; j < x->fields->len; j++)
        {
          TjSyncField *f = g_ptr_array_index (x->fields, j);
          TjSyncField *g = tj_sync_mutation_get_field (y, f->name);

          if (g == NULL || f->base != g->base || f->hlc != g->hlc ||
              !json_node_equal (f->value, g->value))
            fuzz_fail ("push request: mutations[%u].fields.%s changed on the way round", i,
                       f->name);
        }
    }
}

static void
check_push_request (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) mutations = NULL, again = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autofree char *path = NULL, *text = NULL;
  TjUuid client, client_again;
  gsize length;

  if (!tj_sync_push_request_from_json (root, &client, &mutations, &path, &error))
    {
      fuzz_expect_error (error, "push request", TJ_PROTOCOL_ERROR_INVALID_JSON,
                         TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
      if (mutations != NULL)
        fuzz_fail ("push request: mutations set on failure");
      if (error->code == TJ_PROTOCOL_ERROR_INVALID_FIELD &&
          (path == NULL || strstr (error->message, path) == NULL))
        fuzz_fail ("push request: the error does not name the member: %s", error->message);
      return;
    }
  if (error != NULL || path != NULL || mutations == NULL)
    fuzz_fail ("push request: success with an error or a path");
  if (mutations->len > TJ_SYNC_MAX_MUTATIONS)
    fuzz_fail ("push request: %u mutations accepted", mutations->len);
  for (guint i = 0; i < mutations->len; i++)
    {
      TjSyncMutation *m = g_ptr_array_index (mutations, i);

      if (m->id < 1 || (i > 0 && m->id <= ((TjSyncMutation *) mutations->pdata[i - 1])->id))
        fuzz_fail ("push request: mutation ids not increasing from 1");
      if (m->fields->len > TJ_SYNC_MAX_FIELDS || (m->op == TJ_OP_DELETE && m->fields->len > 0))
        fuzz_fail ("push request: mutations[%u] has %u fields", i, m->fields->len);
      for (guint j = 0; j < m->fields->len; j++)
        {
          TjSyncField *f = g_ptr_array_index (m->fields, j);

          if (f->base < 0 || f->hlc < 0 || f->value == NULL)
            fuzz_fail ("push request: mutations[%u].fields.%s accepted out of range", i,
                       f->name);
        }
    }

  text = tj_sync_push_request_to_json (&client, mutations, &length);
  reread = fuzz_reparse (text, length, "tj_sync_push_request_to_json");
  if (!tj_sync_push_request_from_json (reread, &client_again, &again, NULL, &error))
    fuzz_fail ("push request: its own encoding does not decode: %s", error->message);
  if (!tj_uuid_equal (&client, &client_again))
    fuzz_fail ("push request: client_id changed on the way round");
  check_same_mutations (mutations, again);
}

static void
check_same_result (const TjSyncResult *a, const TjSyncResult *b, const char *what)
{
  if (a->id != b->id || a->status != b->status || a->version != b->version ||
      (a->status == TJ_SYNC_DUPLICATE && a->original != b->original) ||
      g_strcmp0 (a->reason, b->reason) != 0 || g_strcmp0 (a->field, b->field) != 0)
    fuzz_fail ("%s changed on the way round", what);
}

static void
check_result (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSyncResult) r = tj_sync_result_from_json (root, "result", &error);
  g_autoptr(TjSyncResult) again = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autofree char *text = NULL;

  if (r == NULL)
    {
      fuzz_expect_error (error, "result", TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
      return;
    }
  if (error != NULL || r->id < 1 || r->version < 0)
    fuzz_fail ("result: accepted out of range, or with an error");
  text = tj_sync_result_to_json (r);
  reread = fuzz_reparse (text, strlen (text), "tj_sync_result_to_json");
  again = tj_sync_result_from_json (reread, "result", &error);
  if (again == NULL)
    fuzz_fail ("result: its own encoding does not decode: %s", error->message);
  check_same_result (r, again, "result");
}

static void
check_push_answer (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSyncPushAnswer) a = tj_sync_push_answer_from_json (root, &error);
  g_autoptr(TjSyncPushAnswer) again = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autofree char *text = NULL;
  gsize length;

  if (a == NULL)
    {
      fuzz_expect_error (error, "push answer", TJ_PROTOCOL_ERROR_INVALID_JSON,
                         TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
      return;
    }
  if (error != NULL || a->last_mutation_id < 0 || a->server_hlc < 0 || a->expected < 0)
    fuzz_fail ("push answer: accepted out of range, or with an error");
  text = tj_sync_push_answer_to_json (a, &length);
  reread = fuzz_reparse (text, length, "tj_sync_push_answer_to_json");
  again = tj_sync_push_answer_from_json (reread, &error);
  if (again == NULL)
    fuzz_fail ("push answer: its own encoding does not decode: %s", error->message);
  if (a->last_mutation_id != again->last_mutation_id || a->server_hlc != again->server_hlc ||
      a->clock_skew != again->clock_skew || a->expected != again->expected ||
      a->results->len != again->results->len)
    fuzz_fail ("push answer changed on the way round");
  for (guint i = 0; i < a->results->len; i++)
    check_same_result (g_ptr_array_index (a->results, i), g_ptr_array_index (again->results, i),
                       "push answer result");
}

/* The server writes pages with tj_sync_page_begin/add_op/end, splicing in documents it
 * stored; a page the client accepts, written that way, must read back the same. */
static void
check_page (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSyncPage) page = tj_sync_page_from_json (root, &error);
  g_autoptr(TjSyncPage) again = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autoptr(GString) out = NULL;

  if (page == NULL)
    {
      fuzz_expect_error (error, "page", TJ_PROTOCOL_ERROR_INVALID_JSON,
                         TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
      return;
    }
  if (error != NULL || page->epoch == NULL || page->next < 0)
    fuzz_fail ("page: accepted out of range, or with an error");
  out = g_string_new (NULL);
  tj_sync_page_begin (out, page->epoch);
  for (guint i = 0; i < page->ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (page->ops, i);
      g_autofree char *doc = NULL;

      if (op->remove == (op->doc != NULL))
        fuzz_fail ("page: ops[%u] is a put without a document or a remove with one", i);
      if (op->doc != NULL)
        {
          g_autoptr(JsonNode) node = json_node_init_object (json_node_alloc (), op->doc);

          doc = json_to_string (node, FALSE);
        }
      tj_sync_page_add_op (out, i == 0, op->seq, op->remove, &op->id, op->type, op->version,
                           doc);
    }
  tj_sync_page_end (out, page->next, page->up_to_date, page->checkpoint_seq,
                    page->checkpoint_count, page->checkpoint_checksum);
  reread = fuzz_reparse (out->str, out->len, "tj_sync_page_add_op");
  again = tj_sync_page_from_json (reread, &error);
  if (again == NULL)
    fuzz_fail ("page: its own encoding does not decode: %s", error->message);
  if (strcmp (page->epoch, again->epoch) != 0 || page->next != again->next ||
      page->up_to_date != again->up_to_date || page->checkpoint_seq != again->checkpoint_seq ||
      page->checkpoint_count != again->checkpoint_count ||
      page->checkpoint_checksum != again->checkpoint_checksum ||
      page->ops->len != again->ops->len)
    fuzz_fail ("page changed on the way round");
  for (guint i = 0; i < page->ops->len; i++)
    {
      TjSyncPageOp *x = g_ptr_array_index (page->ops, i), *y = g_ptr_array_index (again->ops, i);

      if (x->seq != y->seq || x->remove != y->remove || !tj_uuid_equal (&x->id, &y->id) ||
          strcmp (x->type, y->type) != 0 || x->version != y->version ||
          (x->doc != NULL && !json_object_equal (x->doc, y->doc)))
        fuzz_fail ("page: ops[%u] changed on the way round", i);
    }
}

/* A digest (tj-sync-codec.h) the client accepts adds up, and reads back the same. */
static void
check_digest (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjSyncDigest) digest = tj_sync_digest_from_json (root, &error);
  g_autoptr(TjSyncDigest) again = NULL;
  g_autoptr(JsonNode) reread = NULL;
  g_autoptr(GString) out = NULL;
  gint64 count = 0;
  guint64 sum = 0;

  if (digest == NULL)
    {
      fuzz_expect_error (error, "digest", TJ_PROTOCOL_ERROR_INVALID_JSON,
                         TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
      return;
    }
  if (error != NULL || digest->epoch == NULL || digest->seq < 0 || digest->count < 0)
    fuzz_fail ("digest: accepted out of range, or with an error");
  out = g_string_new (NULL);
  tj_sync_digest_begin (out, digest->epoch);
  for (guint i = 0; i < digest->chunks->len; i++)
    {
      const TjSyncDigestChunk *c = &g_array_index (digest->chunks, TjSyncDigestChunk, i);

      if (c->count < 1 || (i > 0 && tj_uuid_compare (&c->last, &(c - 1)->last) <= 0))
        fuzz_fail ("digest: chunks[%u] accepted empty or out of order", i);
      count += c->count;
      sum += c->checksum;
      tj_sync_digest_add_chunk (out, i == 0, &c->last, c->count, c->checksum);
    }
  if (count != digest->count || sum != digest->checksum)
    fuzz_fail ("digest: accepted chunks that do not add up");
  tj_sync_digest_end (out, digest->seq, digest->count, digest->checksum, digest->complete);
  reread = fuzz_reparse (out->str, out->len, "tj_sync_digest_add_chunk");
  again = tj_sync_digest_from_json (reread, &error);
  if (again == NULL)
    fuzz_fail ("digest: its own encoding does not decode: %s", error->message);
  if (strcmp (digest->epoch, again->epoch) != 0 || digest->seq != again->seq ||
      digest->count != again->count || digest->checksum != again->checksum ||
      digest->complete != again->complete ||
      digest->chunks->len != again->chunks->len ||
      (digest->chunks->len > 0 &&
       memcmp (digest->chunks->data, again->chunks->data,
               digest->chunks->len * sizeof (TjSyncDigestChunk)) != 0))
    fuzz_fail ("digest changed on the way round");
}

/* What the client does with any answer: an error document or a reset. */
static void
check_error_answer (JsonNode *root)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *epoch = NULL;

  tj_protocol_set_error_from_response (&error, 400, root);
  if (error == NULL || error->domain != TJ_PROTOCOL_ERROR || error->message == NULL)
    fuzz_fail ("tj_protocol_set_error_from_response set no protocol error");
  if (tj_sync_is_reset_required (409, root, &epoch) &&
      epoch != NULL && !g_utf8_validate (epoch, -1, NULL))
    fuzz_fail ("reset: the epoch is not valid UTF-8");
}

int
LLVMFuzzerInitialize (int *argc, char ***argv)
{
  fuzz_init ();
  return 0;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data, size_t size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(JsonNode) root = tj_protocol_parse_json ((const char *) data, size, &error);

  if (root == NULL)
    {
      fuzz_expect_error (error, "tj_protocol_parse_json", TJ_PROTOCOL_ERROR_INVALID_JSON,
                         TJ_PROTOCOL_ERROR_INVALID_FIELD, -1);
      return 0;
    }
  if (error != NULL)
    fuzz_fail ("tj_protocol_parse_json: a tree and an error");
  fuzz_check_tree (root);
  check_same_as_json_glib ((const char *) data, size, root);

  check_push_request (root);
  check_push_answer (root);
  check_page (root);
  check_digest (root);
  check_result (root);
  check_error_answer (root);
  /* A decoder that changed the tree it was given would break the next one. */
  fuzz_check_tree (root);
  return 0;
}
