/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-server-records.h"
#include "tj-server-directory-private.h"
#include "tj-protocol.h"
#include "tj-sync-codec.h"
#include "tj-uuid.h"

void
tj_server_record_free (TjServerRecord *rec)
{
  if (rec == NULL)
    return;
  g_free (rec->type);
  g_clear_pointer (&rec->doc, json_object_unref);
  g_clear_pointer (&rec->fields, json_object_unref);
  g_free (rec);
}

TjServerRecord *
tj_server_record_new (const TjUuid *id, const char *type, const TjUuid *org_id)
{
  TjServerRecord *rec = g_new0 (TjServerRecord, 1);

  rec->id = *id;
  rec->type = g_strdup (type);
  rec->org_id = *org_id;
  rec->old_org_id = *org_id;
  rec->doc = json_object_new ();
  rec->fields = json_object_new ();
  return rec;
}

static gint64
read_meta_int (TjServerStore *store, const char *key, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, "SELECT value FROM meta WHERE key = ?",
                                                error);
  gint64 value = 0;
  TjServerStep step;

  if (stmt == NULL)
    return -1;
  tj_server_stmt_bind_text (stmt, 1, key);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    value = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  return step == TJ_SERVER_STEP_ERROR ? -1 : value;
}

static gboolean
write_meta_int (TjServerStore *store, const char *key, gint64 value, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare (store, "INSERT INTO meta (key, value) "
                                                       "VALUES (?, ?) ON CONFLICT (key) "
                                                       "DO UPDATE SET value = excluded.value",
                                                error);

  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, key);
  tj_server_stmt_bind_int64 (stmt, 2, value);
  return tj_server_store_step_done (store, stmt, error);
}

gboolean
tj_sync_txn_begin (TjSyncTxn *txn, TjServerStore *store, GError **error)
{
  gint64 hlc;

  memset (txn, 0, sizeof *txn);
  txn->store = store;
  txn->orgs = g_hash_table_new_full (tj_uuid_hash, tj_uuid_hash_equal, g_free,
                                     (GDestroyNotify) tj_server_org_free);
  txn->buckets = g_hash_table_new_full (tj_uuid_hash, tj_uuid_hash_equal, g_free, NULL);
  txn->now_ms = g_get_real_time () / 1000;
  if (!tj_server_store_begin (store, error))
    return FALSE;
  txn->seq = read_meta_int (store, "seq", error);
  hlc = read_meta_int (store, "hlc", error);
  if (txn->seq < 0 || hlc < 0)
    {
      tj_server_store_rollback (store);
      return FALSE;
    }
  tj_hlc_init (&txn->hlc, (TjHlcValue) hlc);
  return TRUE;
}

gboolean
tj_sync_txn_commit (TjSyncTxn *txn, GError **error)
{
  if (!write_meta_int (txn->store, "seq", txn->seq, error) ||
      !write_meta_int (txn->store, "hlc", (gint64) txn->hlc.last, error) ||
      !tj_server_store_commit (txn->store, error))
    {
      tj_server_store_rollback (txn->store);
      return FALSE;
    }
  return TRUE;
}

void
tj_sync_txn_rollback (TjSyncTxn *txn)
{
  tj_server_store_rollback (txn->store);
  g_hash_table_remove_all (txn->buckets);
}

void
tj_sync_txn_clear (TjSyncTxn *txn)
{
  g_clear_pointer (&txn->orgs, g_hash_table_unref);
  g_clear_pointer (&txn->buckets, g_hash_table_unref);
}

const TjServerOrg *
tj_sync_txn_get_org (TjSyncTxn *txn, const TjUuid *id, GError **error)
{
  TjServerOrg *org = g_hash_table_lookup (txn->orgs, id);

  if (org != NULL)
    return org;
  org = tj_directory_get_org (txn->store, id, error);
  if (org != NULL)
    g_hash_table_insert (txn->orgs, g_memdup2 (id, sizeof *id), org);
  return org;
}

/* A mutable tree (tj_protocol_parse_json () does not seal): the record is edited in
 * place before it is written back. Read with the body reader, in about half of
 * json-glib's parser's time; on a push that parser had been a quarter of the server's
 * work. */
static JsonObject *
parse_object (const char *text)
{
  g_autoptr(JsonNode) root = NULL;

  /* The server wrote these itself; a damaged one reads as empty rather than crashing. */
  if (text != NULL)
    root = tj_protocol_parse_json (text, strlen (text), NULL);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return json_object_new ();
  return json_object_ref (json_node_get_object (root));
}

TjServerRecord *
tj_server_records_load (TjServerStore *store, const TjUuid *id, GError **error)
{
  TjServerStmt *stmt;
  TjServerRecord *rec = NULL;
  TjServerStep step;

  stmt = tj_server_store_prepare (store, "SELECT type, org_id, version, deleted, doc, fields "
                                         "FROM record WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, id->bytes, 16);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    {
      rec = g_new0 (TjServerRecord, 1);
      rec->id = *id;
      rec->type = g_strdup (tj_server_stmt_column_text (stmt, 0));
      _tj_directory_column_uuid (stmt, 1, &rec->org_id);
      rec->old_org_id = rec->org_id;
      rec->version = tj_server_stmt_column_int64 (stmt, 2);
      rec->deleted = tj_server_stmt_column_int64 (stmt, 3) != 0;
      rec->doc = parse_object (tj_server_stmt_column_text (stmt, 4));
      rec->fields = parse_object (tj_server_stmt_column_text (stmt, 5));
      rec->was_live = !rec->deleted;
      rec->old_version = rec->version;
    }
  tj_server_stmt_reset (stmt);
  return rec;
}

GArray *
tj_server_org_buckets (const TjServerOrg *org)
{
  GArray *buckets = g_array_new (FALSE, FALSE, sizeof (TjUuid));
  g_auto(GStrv) parts = g_strsplit (org->path, "/", -1);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      TjUuid id;

      if (parts[i][0] != '\0' && tj_uuid_parse (parts[i], &id))
        g_array_append_val (buckets, id);
    }
  return buckets;
}

/* Adds (count, sum) to a bucket's checkpoint; the sum wraps mod 2^64, which SQLite's
 * integers would not (they turn into floats on overflow) and PostgreSQL's bigint would
 * refuse, so it is done here, in unsigned arithmetic, and stored as the signed 64-bit
 * integer of the same bits: both stores keep the same numbers. */
static gboolean
bump_stat (TjServerStore *store, const TjUuid *bucket, gint64 count, guint64 sum, GError **error)
{
  TjServerStmt *stmt;
  TjServerStep step;
  gint64 old_count = 0;
  guint64 old_sum = 0;

  stmt = tj_server_store_prepare (store, "SELECT count, checksum FROM bucket_stat WHERE bucket = ?",
                                  error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    {
      old_count = tj_server_stmt_column_int64 (stmt, 0);
      old_sum = (guint64) tj_server_stmt_column_int64 (stmt, 1);
    }
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return FALSE;
  stmt = tj_server_store_prepare (store, "INSERT INTO bucket_stat (bucket, count, checksum) "
                                         "VALUES (?, ?, ?) ON CONFLICT (bucket) DO UPDATE "
                                         "SET count = excluded.count, "
                                         "checksum = excluded.checksum", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 2, old_count + count);
  tj_server_stmt_bind_int64 (stmt, 3, (gint64) (old_sum + sum));
  return tj_server_store_step_done (store, stmt, error);
}

static gboolean
has_bucket (GArray *buckets, const TjUuid *bucket)
{
  for (guint i = 0; buckets != NULL && i < buckets->len; i++)
    if (tj_uuid_equal (&g_array_index (buckets, TjUuid, i), bucket))
      return TRUE;
  return FALSE;
}

/* One change row (the primary key (bucket, record_id) keeps only the newest change of a
 * record) and the bucket's checkpoint. */
static gboolean
log_change (TjSyncTxn *txn, const TjUuid *bucket, const TjUuid *id, gboolean remove,
            gint64 count, guint64 sum, GError **error)
{
  TjServerStmt *stmt;

  stmt = tj_server_store_prepare (txn->store, "INSERT INTO change (bucket, record_id, seq, op) "
                                              "VALUES (?, ?, ?, ?) "
                                              "ON CONFLICT (bucket, record_id) DO UPDATE "
                                              "SET seq = excluded.seq, op = excluded.op", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  tj_server_stmt_bind_blob (stmt, 2, id->bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 3, txn->seq);
  tj_server_stmt_bind_text (stmt, 4, remove ? "remove" : "put");
  if (!tj_server_store_step_done (txn->store, stmt, error) ||
      !bump_stat (txn->store, bucket, count, sum, error))
    return FALSE;
  g_hash_table_add (txn->buckets, g_memdup2 (bucket, sizeof *bucket));
  return TRUE;
}

gboolean
tj_server_records_save (TjSyncTxn *txn, TjServerRecord *rec, GError **error)
{
  g_autofree char *doc = NULL, *fields = NULL;
  g_autoptr(GArray) buckets = NULL;
  g_autoptr(GArray) left = NULL;
  g_autoptr(JsonNode) doc_node = json_node_new (JSON_NODE_OBJECT);
  g_autoptr(JsonNode) fields_node = json_node_new (JSON_NODE_OBJECT);
  const TjServerOrg *org;
  TjServerStmt *stmt;
  guint64 old_hash = 0, new_hash = 0;

  org = tj_sync_txn_get_org (txn, &rec->org_id, error);
  if (org == NULL)
    return FALSE;
  if (!tj_uuid_equal (&rec->old_org_id, &rec->org_id))
    {
      const TjServerOrg *old = tj_sync_txn_get_org (txn, &rec->old_org_id, error);

      if (old == NULL)
        return FALSE;
      left = tj_server_org_buckets (old);
    }
  rec->version++;
  json_node_set_object (doc_node, rec->doc);
  json_node_set_object (fields_node, rec->fields);
  doc = json_to_string (doc_node, FALSE);
  fields = json_to_string (fields_node, FALSE);

  stmt = tj_server_store_prepare (txn->store,
                                  "INSERT INTO record (id, type, org_id, version, deleted, doc, "
                                  "fields, updated_at) VALUES (?,?,?,?,?,?,?,?) "
                                  "ON CONFLICT (id) DO UPDATE SET type = excluded.type, "
                                  "org_id = excluded.org_id, version = excluded.version, "
                                  "deleted = excluded.deleted, doc = excluded.doc, "
                                  "fields = excluded.fields, updated_at = excluded.updated_at",
                                  error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, rec->id.bytes, 16);
  tj_server_stmt_bind_text (stmt, 2, rec->type);
  tj_server_stmt_bind_blob (stmt, 3, rec->org_id.bytes, 16);
  tj_server_stmt_bind_int64 (stmt, 4, rec->version);
  tj_server_stmt_bind_int64 (stmt, 5, rec->deleted);
  tj_server_stmt_bind_text (stmt, 6, doc);
  tj_server_stmt_bind_text (stmt, 7, fields);
  tj_server_stmt_bind_int64 (stmt, 8, txn->now_ms);
  if (!tj_server_store_step_done (txn->store, stmt, error))
    return FALSE;

  if (rec->was_live)
    old_hash = tj_sync_record_hash (&rec->id, rec->old_version);
  if (!rec->deleted)
    new_hash = tj_sync_record_hash (&rec->id, rec->version);
  txn->seq++;
  buckets = tj_server_org_buckets (org);
  for (guint i = 0; i < buckets->len; i++)
    {
      const TjUuid *bucket = &g_array_index (buckets, TjUuid, i);
      /* A bucket the record enters by a move had no live copy of it. */
      gboolean was_here = left == NULL || has_bucket (left, bucket);
      gint64 count = (rec->deleted ? 0 : 1) - (was_here && rec->was_live ? 1 : 0);
      guint64 sum = new_hash - (was_here ? old_hash : 0);

      if (!log_change (txn, bucket, &rec->id, rec->deleted, count, sum, error))
        return FALSE;
    }
  for (guint i = 0; left != NULL && i < left->len; i++)
    {
      const TjUuid *bucket = &g_array_index (left, TjUuid, i);

      if (!has_bucket (buckets, bucket) &&
          !log_change (txn, bucket, &rec->id, TRUE, rec->was_live ? -1 : 0, -old_hash, error))
        return FALSE;
    }
  rec->was_live = !rec->deleted;
  rec->old_version = rec->version;
  rec->old_org_id = rec->org_id;
  return TRUE;
}

gint64
tj_server_records_last_seq (TjServerStore *store, GError **error)
{
  return read_meta_int (store, "seq", error);
}

gboolean
tj_server_records_bucket_stat (TjServerStore *store,
                               const TjUuid  *bucket,
                               gint64        *seq,
                               gint64        *count,
                               guint64       *checksum,
                               GError       **error)
{
  TjServerStmt *stmt;
  TjServerStep step;

  *seq = 0;
  *count = 0;
  *checksum = 0;
  stmt = tj_server_store_prepare (store, "SELECT max (seq) FROM change WHERE bucket = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    *seq = tj_server_stmt_column_int64 (stmt, 0);
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return FALSE;
  stmt = tj_server_store_prepare (store, "SELECT count, checksum FROM bucket_stat "
                                         "WHERE bucket = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_blob (stmt, 1, bucket->bytes, 16);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    {
      *count = tj_server_stmt_column_int64 (stmt, 0);
      *checksum = (guint64) tj_server_stmt_column_int64 (stmt, 1);
    }
  tj_server_stmt_reset (stmt);
  return step != TJ_SERVER_STEP_ERROR;
}
