/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-store-private.h"
#include "tj-validate.h"

/* Attachments: content-addressed bytes beside the replica, metadata in it. The bytes are
 * written (to a temporary name, then renamed) before the record that refers to them, so a
 * record never points at a missing or half-written file. */

#define MAX_ATTACHMENT_BYTES (200 * 1024 * 1024)

GFile *
tj_case_store_blob_file (TjCaseStore *self, const char *sha256)
{
  g_autofree char *dir = NULL;
  char prefix[3] = { 0 };

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (sha256 != NULL && strlen (sha256) == 64, NULL);

  dir = g_strconcat (tj_store_get_path (self->store), ".blobs", NULL);
  memcpy (prefix, sha256, 2);
  return g_file_new_build_filename (dir, prefix, sha256, NULL);
}

/* Copy the file into the blob folder while hashing it. */
static char *
store_blob (TjCaseStore *self, GFile *file, gint64 *size, GError **error)
{
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_autoptr(GFileIOStream) tmp_stream = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  GOutputStream *out;
  char buf[65536];
  gssize n;
  char *sha;

  in = g_file_read (file, NULL, error);
  if (in == NULL)
    return NULL;
  tmp = g_file_new_tmp ("tiaojie-attach-XXXXXX", &tmp_stream, error);
  if (tmp == NULL)
    return NULL;
  out = g_io_stream_get_output_stream (G_IO_STREAM (tmp_stream));
  *size = 0;
  while ((n = g_input_stream_read (G_INPUT_STREAM (in), buf, sizeof buf, NULL, error)) > 0)
    {
      *size += n;
      if (*size > MAX_ATTACHMENT_BYTES)
        {
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                       _("Attachment: a file may have at most %d MB."),
                       MAX_ATTACHMENT_BYTES / (1024 * 1024));
          n = -1;
          break;
        }
      g_checksum_update (sum, (const guchar *) buf, n);
      if (!g_output_stream_write_all (out, buf, n, NULL, NULL, error))
        {
          n = -1;
          break;
        }
    }
  if (n < 0 || !g_io_stream_close (G_IO_STREAM (tmp_stream), NULL, n < 0 ? NULL : error))
    {
      g_file_delete (tmp, NULL, NULL);
      return NULL;
    }

  sha = g_strdup (g_checksum_get_string (sum));
  target = tj_case_store_blob_file (self, sha);
  parent = g_file_get_parent (target);
  if ((!g_file_make_directory_with_parents (parent, NULL, error) &&
       !g_error_matches (*error, G_IO_ERROR, G_IO_ERROR_EXISTS)))
    {
      g_file_delete (tmp, NULL, NULL);
      g_free (sha);
      return NULL;
    }
  g_clear_error (error);
  /* The same bytes attached twice are stored once. */
  if (!g_file_move (tmp, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, error))
    {
      g_file_delete (tmp, NULL, NULL);
      g_free (sha);
      return NULL;
    }
  return sha;
}

gboolean
tj_case_store_attach (TjCaseStore *self, const char *ref, GFile *file, const char *name,
                      char **out_sha256, GError **error)
{
  g_autoptr(TjCase) c = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *basename = NULL;
  g_autofree char *content_type = NULL;
  g_autoptr(GFileInfo) info = NULL;
  TjWriteScope scope;
  TjEvent event;
  TjFields f = { 0 };
  TjUuid id;
  sqlite3_stmt *stmt;
  gint64 size = 0;
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (G_IS_FILE (file), FALSE);

  if (!_tj_case_store_ensure_ready (self, error))
    return FALSE;
  c = tj_case_store_get (self, ref, error);
  if (c == NULL)
    return FALSE;
  if (!tj_uuid_equal (&c->org_id, &self->org_id) || c->archived != NULL)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("Attachment: only the centre that holds an open case may add files to it."));
      return FALSE;
    }
  basename = name ? g_strdup (name) : g_file_get_basename (file);
  if (basename == NULL || *basename == '\0' || !g_utf8_validate (basename, -1, NULL) ||
      g_utf8_strlen (basename, -1) > 200)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Attachment name: a name of 1 to 200 characters is required."));
      return FALSE;
    }
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE, 0, NULL, NULL);
  if (info != NULL && g_file_info_get_content_type (info) != NULL)
    content_type = g_content_type_get_mime_type (g_file_info_get_content_type (info));

  sha = store_blob (self, file, &size, error);
  if (sha == NULL)
    return FALSE;

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, NULL, 0, &event, error))
    goto out;
  tj_uuid_v7_at (&id, event.recorded_ms);
  stmt = tj_store_prepare (self->store,
                           "INSERT INTO attachment (id, case_id, name, mime_type, size, sha256, "
                           "added_at) VALUES (?,?,?,?,?,?,?)", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, c->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, basename, -1, SQLITE_STATIC);
  if (content_type)
    sqlite3_bind_text (stmt, 4, content_type, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, size);
  sqlite3_bind_text (stmt, 6, sha, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, event.recorded_ms);
  if (!tj_store_step_done (self->store, stmt, error))
    goto out;
  tj_fields_init (&f);
  tj_fields_uuid (&f, "case_id", &c->id);
  tj_fields_text (&f, "name", basename);
  tj_fields_text (&f, "mime_type", content_type);
  tj_fields_int (&f, "size", size);
  tj_fields_text (&f, "sha256", sha);
  tj_fields_int (&f, "added_at", event.recorded_ms);
  ok = tj_journal_mutation (self->journal, &event, &id, "attachment", TJ_OP_CREATE, 0,
                            tj_fields_end (&f), error) &&
       tj_journal_write_event (self->journal, &event, &c->id, &id, "attachment", "attach",
                               basename, error);

out:
  tj_fields_clear (&f);
  if (!_tj_case_store_write_end (self, &scope, ok, error))
    return FALSE;
  if (out_sha256)
    *out_sha256 = g_steal_pointer (&sha);
  return TRUE;
}
