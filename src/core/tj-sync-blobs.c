/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-protocol.h"
#include "tj-sync-blobs.h"
#include "tj-sync-outbox.h"

/* Attachment bytes up before their records, and down on demand (see the header). Blob
 * requests are retried here on their own, a few times with jittered backoff: a blob is a
 * side trip of a push, and a push that cannot send one stops and is tried again whole by
 * the next sync, so nothing depends on these retries for correctness. */

G_DEFINE_QUARK (tj-sync-blob-error-quark, tj_sync_blob_error)

#define ATTEMPTS   4
#define BASE_MS    200
#define MAX_MS     5000
#define CHUNK_SIZE (64 * 1024)

static gboolean
valid_sha256 (const char *text)
{
  if (text == NULL || strlen (text) != 64)
    return FALSE;
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !(*p >= 'a' && *p <= 'f'))
      return FALSE;
  return TRUE;
}

static gboolean
retryable (const GError *error)
{
  return g_error_matches (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_NETWORK) ||
         g_error_matches (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE) ||
         g_error_matches (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_RATE_LIMITED) ||
         g_error_matches (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INTERNAL) ||
         g_error_matches (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_UNKNOWN);
}

/* Sleep before another try, unless this was the last one or the caller gave up. */
static gboolean
wait_to_retry (guint attempt, const GError *error, GCancellable *cancellable)
{
  guint cap;

  if (attempt >= ATTEMPTS || !retryable (error) || g_cancellable_is_cancelled (cancellable))
    return FALSE;
  cap = MIN ((guint) BASE_MS << MIN (attempt - 1, 10), (guint) MAX_MS);
  g_usleep ((gulong) g_random_int_range (0, (gint32) cap + 1) * 1000);
  return TRUE;
}

static char *
blob_path (const char *sha256)
{
  return g_strconcat ("/v1/blobs/", sha256, NULL);
}

/* Read an answer's body to its end so the connection can be used again. */
static void
drain (GInputStream *in, GCancellable *cancellable)
{
  guint8 buf[4096];

  while (g_input_stream_read (in, buf, sizeof buf, cancellable, NULL) > 0)
    ;
  g_input_stream_close (in, NULL, NULL);
}

static gboolean
hash_file (GFile *file, char **sha256, GCancellable *cancellable, GError **error)
{
  g_autoptr(GFileInputStream) in = g_file_read (file, cancellable, error);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autofree guint8 *buf = g_malloc (CHUNK_SIZE);
  gssize n;

  if (in == NULL)
    return FALSE;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, CHUNK_SIZE, cancellable,
                                   error)) > 0)
    g_checksum_update (sum, buf, (gsize) n);
  if (n < 0)
    return FALSE;
  *sha256 = g_strdup (g_checksum_get_string (sum));
  return TRUE;
}

/* HEAD, then PUT if the server lacks the blob. */
static gboolean
upload_once (TjApiClient *api, TjCaseStore *cases, const char *sha256,
             GCancellable *cancellable, GError **error)
{
  g_autofree char *path = blob_path (sha256);
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) body = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GError) local = NULL;
  TjApiRawAnswer answer;

  in = tj_api_client_send_raw (api, "HEAD", path, NULL, 0, NULL, &answer, cancellable, &local);
  if (in != NULL)
    {
      drain (in, cancellable);
      return TRUE;
    }
  if (!g_error_matches (local, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_NOT_FOUND))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_clear_error (&local);

  file = tj_case_store_blob_file (cases, sha256);
  body = g_file_read (file, cancellable, &local);
  if (body != NULL)
    info = g_file_input_stream_query_info (body, G_FILE_ATTRIBUTE_STANDARD_SIZE, cancellable,
                                           &local);
  if (info == NULL)
    {
      g_autofree char *where = g_file_get_parse_name (file);

      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_set_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_MISSING,
                     /* Translators: a file name */
                     _("its file %s is missing from this replica"), where);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  in = tj_api_client_send_raw (api, "PUT", path, G_INPUT_STREAM (body),
                               g_file_info_get_size (info), NULL, &answer, cancellable, &local);
  if (in == NULL)
    {
      if (g_error_matches (local, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_HASH_MISMATCH))
        {
          g_autofree char *where = g_file_get_parse_name (file);
          g_autofree char *actual = NULL;

          /* Our file or the way to the server: only the first is worth telling the user
           * about; the second is tried again. */
          if (hash_file (file, &actual, cancellable, NULL) && strcmp (actual, sha256) == 0)
            g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_NETWORK,
                         _("the file was damaged on its way to the server"));
          else
            g_set_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_CORRUPT,
                         /* Translators: a file name */
                         _("its file %s no longer has the content it was attached with"),
                         where);
          return FALSE;
        }
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  drain (in, cancellable);
  return TRUE;
}

static gboolean
upload (TjApiClient *api, TjCaseStore *cases, const char *sha256, const char *name,
        GCancellable *cancellable, GError **error)
{
  for (guint attempt = 1;; attempt++)
    {
      g_autoptr(GError) local = NULL;

      if (upload_once (api, cases, sha256, cancellable, &local))
        return TRUE;
      if (!wait_to_retry (attempt, local, cancellable))
        {
          /* Translators: an attachment's name, then the reason it could not be sent */
          g_prefix_error (&local, _("Attachment “%s” cannot be sent yet: "),
                          name ? name : sha256);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
}

/* The SHA-256 an attachment or final document mutation names in `member` ("sha256", or a
 * submitted report's "csv_sha256"), or NULL without an error when it names none (another
 * kind, a delete, a patch of other fields). */
static char *
mutation_sha256 (const TjOutboxMutation *m, const char *member, char **name, GError **error)
{
  g_autoptr(JsonNode) fields = NULL;
  gboolean document = g_strcmp0 (m->type, "document") == 0;
  JsonObject *object;
  JsonNode *node;
  const char *sha;

  *name = NULL;
  if ((g_strcmp0 (m->type, "attachment") != 0 && !document) || m->op == TJ_OP_DELETE ||
      m->fields == NULL)
    return NULL;
  fields = tj_protocol_parse_json (m->fields, strlen (m->fields), NULL);
  if (fields == NULL || !JSON_NODE_HOLDS_OBJECT (fields))
    return NULL;
  object = json_node_get_object (fields);
  node = json_object_get_member (object, member);
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return NULL;
  /* A document is named by its verification code. */
  *name = g_strdup (tj_protocol_get_string (object, document ? "verification" : "name"));
  sha = tj_protocol_get_string (object, member);
  if (!valid_sha256 (sha))
    {
      g_set_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_INVALID,
                   /* Translators: an attachment's name */
                   _("Attachment “%s”: its SHA-256 must be 64 lowercase hexadecimal digits."),
                   *name ? *name : "?");
      return NULL;
    }
  return g_strdup (sha);
}

gboolean
tj_sync_blobs_upload_batch (TjApiClient  *api,
                            TjCaseStore  *cases,
                            GPtrArray    *batch,
                            GCancellable *cancellable,
                            GError      **error)
{
  g_autoptr(GHashTable) sent = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  g_return_val_if_fail (TJ_IS_API_CLIENT (api), FALSE);
  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);

  for (guint i = 0; i < batch->len; i++)
    {
      static const char * const members[] = { "sha256", "csv_sha256" };
      g_autoptr(GError) local = NULL;

      for (guint k = 0; k < G_N_ELEMENTS (members) && local == NULL; k++)
        {
          g_autofree char *name = NULL;
          g_autofree char *sha = mutation_sha256 (g_ptr_array_index (batch, i), members[k],
                                                  &name, &local);

          if (sha != NULL && !g_hash_table_contains (sent, sha) &&
              upload (api, cases, sha, name, cancellable, &local))
            g_hash_table_add (sent, g_steal_pointer (&sha));
        }
      if (local != NULL)
        {
          /* Everything from here on waits: the server takes mutations in order only. */
          g_ptr_array_set_size (batch, i);
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
check_sha256 (const char *sha256, GError **error)
{
  if (valid_sha256 (sha256))
    return TRUE;
  g_set_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_INVALID,
               /* Translators: what was given as a hash */
               _("“%s” is not a SHA-256 (64 lowercase hexadecimal digits)."), sha256);
  return FALSE;
}

/* One GET into `part`, resuming after what it holds. */
static gboolean
fetch_once (TjApiClient *api, const char *sha256, GFile *part, gint64 *received,
            GCancellable *cancellable, GError **error)
{
  g_autofree char *path = blob_path (sha256);
  g_autofree char *range = NULL;
  g_autofree guint8 *buf = NULL;
  g_autoptr(GFileInfo) info = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GError) local = NULL;
  TjApiRawAnswer answer;
  gint64 have = 0;
  gssize n;

  info = g_file_query_info (part, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            cancellable, NULL);
  if (info != NULL)
    have = g_file_info_get_size (info);
  if (have > 0)
    range = g_strdup_printf ("bytes=%" G_GINT64_FORMAT "-", have);
  in = tj_api_client_send_raw (api, "GET", path, NULL, 0, range, &answer, cancellable, &local);
  if (in == NULL)
    {
      /* The part already holds every byte (or more): the hash check decides. */
      if (have > 0 &&
          g_error_matches (local, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE))
        return TRUE;
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (answer.status == 206 && answer.range_start == have)
    out = g_file_append_to (part, G_FILE_CREATE_PRIVATE, cancellable, error);
  else if (answer.status == 200)
    out = g_file_replace (part, NULL, FALSE, G_FILE_CREATE_PRIVATE, cancellable, error);
  else
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                   /* Translators: an HTTP status number */
                   _("The server answered a download with HTTP status %u and a range that "
                     "was not asked for."), answer.status);
      return FALSE;
    }
  if (out == NULL)
    return FALSE;
  buf = g_malloc (CHUNK_SIZE);
  while ((n = g_input_stream_read (in, buf, CHUNK_SIZE, cancellable, &local)) > 0)
    {
      if (!g_output_stream_write_all (G_OUTPUT_STREAM (out), buf, (gsize) n, NULL, cancellable,
                                      error))
        return FALSE;
      *received += n;
    }
  /* Keep what came, even when the connection broke: the next try resumes after it. */
  if (!g_output_stream_close (G_OUTPUT_STREAM (out), cancellable, local ? NULL : error))
    return FALSE;
  if (local != NULL)
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_NETWORK,
                   /* Translators: the network's reason */
                   _("The download broke off: %s"), local->message);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_sync_fetch_blob (TjApiClient  *api,
                    const char   *sha256,
                    GFile        *dest,
                    gint64       *received,
                    GCancellable *cancellable,
                    GError      **error)
{
  g_autofree char *dest_path = NULL, *part_path = NULL, *actual = NULL;
  g_autoptr(GFile) part = NULL, parent = NULL;
  g_autoptr(GError) local = NULL;
  gint64 count = 0;

  g_return_val_if_fail (TJ_IS_API_CLIENT (api), FALSE);
  g_return_val_if_fail (G_IS_FILE (dest), FALSE);

  if (received != NULL)
    *received = 0;
  if (!check_sha256 (sha256, error))
    return FALSE;
  dest_path = g_file_get_path (dest);
  part_path = g_strconcat (dest_path, ".part", NULL);
  part = g_file_new_for_path (part_path);
  parent = g_file_get_parent (dest);
  if (!g_file_make_directory_with_parents (parent, cancellable, &local) &&
      !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  g_clear_error (&local);

  for (guint attempt = 1;; attempt++)
    {
      g_clear_error (&local);
      if (fetch_once (api, sha256, part, &count, cancellable, &local))
        break;
      if (!wait_to_retry (attempt, local, cancellable))
        {
          if (received != NULL)
            *received = count;
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
    }
  if (received != NULL)
    *received = count;

  if (!hash_file (part, &actual, cancellable, error))
    return FALSE;
  if (strcmp (actual, sha256) != 0)
    {
      /* A stale or damaged part: start over next time rather than resume after it. */
      g_file_delete (part, NULL, NULL);
      g_set_error (error, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_CORRUPT,
                   /* Translators: two SHA-256 values */
                   _("The downloaded bytes have SHA-256 %s, not %s; they were thrown away."),
                   actual, sha256);
      return FALSE;
    }
  /* Visible only now, whole and checked. */
  return g_file_move (part, dest, G_FILE_COPY_OVERWRITE, cancellable, NULL, NULL, error);
}

/* The distinct hashes of a case's attachments (case_id NULL: of all), the replica's own
 * (table attachment) and those pulled from others (sync_record). */
static GPtrArray *
attachment_hashes (TjStore *store, const TjUuid *case_id, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  char case_text[TJ_UUID_STRING_LEN + 1];
  sqlite3_stmt *stmt;
  int rc;

  stmt = tj_store_prepare (store,
                           "SELECT sha256 FROM attachment WHERE ?1 IS NULL OR case_id = ?1 "
                           "UNION SELECT json_extract (doc, '$.sha256') FROM sync_record "
                           "WHERE type = 'attachment' AND "
                           "(?2 IS NULL OR json_extract (doc, '$.case_id') = ?2) "
                           "ORDER BY 1", error);
  if (stmt == NULL)
    return NULL;
  if (case_id != NULL)
    {
      tj_uuid_to_string (case_id, case_text);
      sqlite3_bind_blob (stmt, 1, case_id->bytes, 16, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, case_text, -1, SQLITE_TRANSIENT);
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = (const char *) sqlite3_column_text (stmt, 0);

      /* A record with a broken hash names nothing that can be fetched. */
      if (valid_sha256 (sha))
        g_ptr_array_add (out, g_strdup (sha));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (store, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
tj_sync_fetch_attachments (TjCaseStore       *cases,
                           TjApiClient       *api,
                           const char        *case_ref,
                           TjBlobFetchReport *report,
                           GCancellable      *cancellable,
                           GError           **error)
{
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GPtrArray) hashes = NULL;
  TjBlobFetchReport local_report = { 0 };

  g_return_val_if_fail (TJ_IS_CASE_STORE (cases), FALSE);
  g_return_val_if_fail (TJ_IS_API_CLIENT (api), FALSE);

  if (report == NULL)
    report = &local_report;
  memset (report, 0, sizeof *report);
  if (case_ref != NULL)
    {
      c = tj_case_store_get (cases, case_ref, error);
      if (c == NULL)
        return FALSE;
    }
  hashes = attachment_hashes (tj_case_store_get_store (cases), c ? &c->id : NULL, error);
  if (hashes == NULL)
    return FALSE;
  for (guint i = 0; i < hashes->len; i++)
    {
      const char *sha = g_ptr_array_index (hashes, i);
      g_autoptr(GFile) file = tj_case_store_blob_file (cases, sha);
      gint64 received = 0;
      gboolean ok;

      report->attachments++;
      if (g_file_query_exists (file, cancellable))
        {
          report->present++;
          continue;
        }
      ok = tj_sync_fetch_blob (api, sha, file, &received, cancellable, error);
      report->bytes += received;
      if (!ok)
        return FALSE;
      report->fetched++;
    }
  return TRUE;
}
