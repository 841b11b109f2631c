/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc.h"
#include "tj-doc-private.h"
#include "tj-store-private.h"
#include "tj-sync-blobs.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* The final documents a replica has recorded, its own and those pulled from the server,
 * and their PDF bytes. The bytes live in the replica's blob folder under their SHA-256,
 * like attachments, so the push sends them before the record and a supervisor fetches
 * them on demand with the same code. */

#define RECORD_COLUMNS "id, org_id, kind, number, coalesce (ref, number), sha256, " \
                       "verification, coalesce (pages, 0), rendered_at, csv_sha256"

void
tj_doc_record_free (TjDocRecord *record)
{
  if (record == NULL)
    return;
  g_free (record->kind);
  g_free (record->number);
  g_free (record->ref);
  g_free (record->sha256);
  g_free (record->code);
  g_free (record->csv_sha256);
  g_free (record);
}

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, i));
}

/* One row of RECORD_COLUMNS, or NULL without an error when the statement has none. */
static TjDocRecord *
read_record (TjStore *db, sqlite3_stmt *stmt, GError **error)
{
  TjDocRecord *record;
  int rc = sqlite3_step (stmt);

  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        tj_store_set_error_from_db (db, error);
      return NULL;
    }
  record = g_new0 (TjDocRecord, 1);
  if (sqlite3_column_bytes (stmt, 0) == 16)
    memcpy (record->id.bytes, sqlite3_column_blob (stmt, 0), 16);
  if (sqlite3_column_bytes (stmt, 1) == 16)
    memcpy (record->org_id.bytes, sqlite3_column_blob (stmt, 1), 16);
  record->kind = column_text (stmt, 2);
  record->number = column_text (stmt, 3);
  record->ref = column_text (stmt, 4);
  record->sha256 = column_text (stmt, 5);
  record->code = column_text (stmt, 6);
  record->pages = (guint) sqlite3_column_int (stmt, 7);
  record->rendered_at = sqlite3_column_int64 (stmt, 8);
  record->csv_sha256 = column_text (stmt, 9);
  sqlite3_reset (stmt);
  return record;
}

TjDocRecord *
tj_doc_record_lookup (TjCaseStore *store, const char *ref, GError **error)
{
  TjStore *db;
  sqlite3_stmt *stmt;
  TjDocRecord *record;
  GError *local = NULL;
  TjUuid id;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (ref != NULL, NULL);

  db = tj_case_store_get_store (store);
  stmt = tj_store_prepare (db, "SELECT " RECORD_COLUMNS " FROM document WHERE id = ?1 "
                               "OR verification = upper (?2) OR sha256 = lower (?2) "
                               "ORDER BY rendered_at LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  if (tj_uuid_parse (ref, &id))
    sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ref, -1, SQLITE_TRANSIENT);
  record = read_record (db, stmt, &local);
  if (record == NULL && local == NULL)
    g_set_error (&local, TJ_DOC_ERROR, TJ_DOC_ERROR_NOT_FOUND,
                 /* Translators: what was given to find a document */
                 _("Document: no final document of this replica has the verification code, id "
                   "or SHA-256 “%s”."), ref);
  if (local != NULL)
    g_propagate_error (error, local);
  return record;
}

TjDocRecord *
_tj_doc_find_report (TjCaseStore *store, const TjUuid *org, const char *month, GError **error)
{
  TjStore *db = tj_case_store_get_store (store);
  sqlite3_stmt *stmt;

  /* The first one submitted is the report; the server refuses a second one. */
  stmt = tj_store_prepare (db, "SELECT " RECORD_COLUMNS " FROM document "
                               "WHERE kind = 'monthly_stats' AND org_id = ? AND ref = ? "
                               "ORDER BY rendered_at LIMIT 1", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, org->bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, month, -1, SQLITE_TRANSIENT);
  return read_record (db, stmt, error);
}

TjDocRecord *
tj_doc_submitted_report (TjCaseStore *store, const char *org_ref, const char *month,
                         GError **error)
{
  TjUuid org;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);

  if (!_tj_doc_resolve_org (store, org_ref, &org, error))
    return NULL;
  return _tj_doc_find_report (store, &org, month, error);
}

gboolean
_tj_doc_keep_pdf (TjCaseStore *store, GBytes *pdf, const char *sha256, GError **error)
{
  g_autoptr(GFile) file = tj_case_store_blob_file (store, sha256);
  g_autoptr(GFile) parent = g_file_get_parent (file);
  g_autofree char *path = g_file_get_path (file);
  g_autoptr(GError) local = NULL;
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);

  if (g_file_query_exists (file, NULL))
    return TRUE;
  if (!g_file_make_directory_with_parents (parent, NULL, &local) &&
      !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_EXISTS))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  /* Written whole under a temporary name, then renamed: never half a PDF. */
  return g_file_set_contents_full (path, data, (gssize) size, G_FILE_SET_CONTENTS_CONSISTENT,
                                   0644, error);
}

/* The blob's bytes if the folder holds them whole; NULL without an error if it has none. */
static GBytes *
read_local (TjCaseStore *store, const TjDocRecord *record, const char *sha256, GError **error)
{
  g_autoptr(GFile) file = tj_case_store_blob_file (store, sha256);
  g_autoptr(GError) local = NULL;
  g_autoptr(GBytes) bytes = g_file_load_bytes (file, NULL, NULL, &local);
  g_autofree char *sha = NULL;

  if (bytes == NULL)
    {
      if (!g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  if (strcmp (sha, sha256) != 0)
    {
      g_autofree char *where = g_file_get_parse_name (file);

      if (strcmp (sha256, record->sha256) == 0)
        g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY,
                     /* Translators: a file name, then a verification code */
                     _("The PDF kept at %s is not the one recorded under verification code "
                       "%s: its bytes were changed."), where, record->code);
      else
        g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY,
                     /* Translators: a file name, then a verification code */
                     _("The CSV kept at %s is not the one submitted with the report of "
                       "verification code %s: its bytes were changed."), where, record->code);
      return NULL;
    }
  return g_steal_pointer (&bytes);
}

/* The recorded bytes of `sha256` (the PDF's, or a report's CSV), fetched when api is given. */
static GBytes *
get_blob (TjCaseStore *store, const TjDocRecord *record, const char *sha256, TjApiClient *api,
          GCancellable *cancellable, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(GFile) file = NULL;
  GBytes *bytes;

  bytes = read_local (store, record, sha256, &local);
  if (bytes != NULL || local != NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      return bytes;
    }
  if (api == NULL)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_MISSING,
                   /* Translators: a verification code */
                   _("The PDF of document %s is not on this replica yet; fetch it from the "
                     "server (tiaojie-cli doc fetch %s --server URL)."), record->code,
                   record->code);
      return NULL;
    }
  file = tj_case_store_blob_file (store, sha256);
  if (!tj_sync_fetch_blob (api, sha256, file, NULL, cancellable, &local))
    {
      /* Bytes that are not the recorded ones are this module's verdict, not the
       * transport's. */
      if (g_error_matches (local, TJ_SYNC_BLOB_ERROR, TJ_SYNC_BLOB_ERROR_CORRUPT))
        g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY,
                     /* Translators: a verification code, then the reason */
                     _("The PDF the server sent for document %s is not the one recorded; it "
                       "was not kept (%s)"), record->code, local->message);
      else
        g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  return read_local (store, record, sha256, error);
}

GBytes *
tj_doc_get_pdf (TjCaseStore *store, const TjDocRecord *record, TjApiClient *api,
                GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (record != NULL && record->sha256 != NULL, NULL);
  g_return_val_if_fail (api == NULL || TJ_IS_API_CLIENT (api), NULL);

  return get_blob (store, record, record->sha256, api, cancellable, error);
}

GBytes *
tj_doc_get_csv (TjCaseStore *store, const TjDocRecord *record, TjApiClient *api,
                GCancellable *cancellable, GError **error)
{
  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (record != NULL, NULL);
  g_return_val_if_fail (api == NULL || TJ_IS_API_CLIENT (api), NULL);

  if (record->csv_sha256 == NULL)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_NOT_FOUND,
                   /* Translators: a month (YYYY-MM), then a verification code */
                   _("The report for %s (verification code %s) was submitted without its CSV; "
                     "the CSV is counted now."), record->ref, record->code);
      return NULL;
    }
  return get_blob (store, record, record->csv_sha256, api, cancellable, error);
}
