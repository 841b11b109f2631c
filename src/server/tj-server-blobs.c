/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tj-server-private.h"
#include "tj-server-auth.h"
#include "tj-server-sql.h"

/* Attachment bytes, content-addressed (sync.md, "Versions, attachments, transport"):
 * HEAD, GET (one Range) and PUT of /v1/blobs/SHA256, kept as DATA/blobs/ab/SHA256.
 *
 * A PUT is streamed: from the early handler on, each chunk goes through SHA-256 into a
 * temporary file in DATA/blobs/tmp, never into memory; the request handler then checks
 * the hash against the path and renames the file into place, so a blob is either whole
 * and verified or absent. The same bytes uploaded again are verified and answered 200
 * without touching the stored file.
 *
 * Who may read a blob: an account whose jurisdiction holds a live attachment or final
 * document record that names it (a submitted report names its CSV too), or one that uploaded the bytes itself (its client sends
 * a blob before the record). Everyone else gets 404, as if the blob did not exist: knowing a hash is no
 * proof of a right to its bytes, nor of their existence. */

#define CHUNK_SIZE (64 * 1024)

/* A PUT in progress, living as data on the message. */
typedef struct {
  GFile         *tmp;
  GOutputStream *out;
  GChecksum     *sum;
  guint64        received;
  GError        *error;       /* a failed write; the rest of the body is dropped */
} Upload;

/* A GET in progress: the file is read one chunk ahead of the socket. */
typedef struct {
  GInputStream *in;
  guint64       remaining;
} Download;

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

static char *
blobs_dir (TjServer *server)
{
  g_autofree char *dir = NULL;

  g_object_get (_tj_server_get_store (server), "dir", &dir, NULL);
  return g_build_filename (dir, "blobs", NULL);
}

static GFile *
blob_file (TjServer *server, const char *sha256)
{
  g_autofree char *dir = blobs_dir (server);
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  return g_file_new_build_filename (dir, prefix, sha256, NULL);
}

static void
upload_free (Upload *up)
{
  if (up->out != NULL)
    g_output_stream_close (up->out, NULL, NULL);
  g_clear_object (&up->out);
  /* Still here: the upload was refused or cut off; nothing of it is kept. */
  if (up->tmp != NULL)
    g_file_delete (up->tmp, NULL, NULL);
  g_clear_object (&up->tmp);
  g_clear_pointer (&up->sum, g_checksum_free);
  g_clear_error (&up->error);
  g_free (up);
}

static void
download_free (Download *down)
{
  g_clear_object (&down->in);
  g_free (down);
}

/* The sha256 segment: 64 lowercase hex digits, or a 400 naming it. */
static const char *
request_sha256 (TjRequest *req)
{
  const char *sha = g_hash_table_lookup (req->params, "sha256");

  if (!valid_sha256 (sha))
    {
      tj_request_fail (req, TJ_PROTOCOL_ERROR_INVALID_FIELD, "sha256",
                       _("A blob is named by its SHA-256: 64 lowercase hexadecimal digits."));
      return NULL;
    }
  return sha;
}

/* Does the bound statement find a row? *error is set only when the store failed. */
static gboolean
finds_row (TjServerStore *store, TjServerStmt *stmt, GError **error)
{
  TjServerStep step = tj_server_stmt_step (stmt, error);

  tj_server_stmt_reset (stmt);
  return step == TJ_SERVER_STEP_ROW;
}

/* The expression and the type test match record_attachment_sha256,
 * record_document_sha256 and record_document_csv_sha256, so an index serves each. */
#define NAMED_BY_SQL(D, member, type) "SELECT 1 FROM record r JOIN org o ON o.id = r.org_id " \
                                      "WHERE " TJ_SQL_JSON (D, "r.doc", member) " = ? " \
                                      "AND r.type = '" type "' AND r.deleted = 0 " \
                                      "AND substr (o.path, 1, length (?2)) = ?2 LIMIT 1"
#define NAMED_BY(member, type) \
  { NAMED_BY_SQL (SQLITE, member, type), NAMED_BY_SQL (PG, member, type) }
static const struct {
  const char *sqlite;
  const char *pg;
} named_by[] = {
  NAMED_BY ("sha256", "attachment"), NAMED_BY ("sha256", "document"),
  NAMED_BY ("csv_sha256", "document"),
};
#undef NAMED_BY
#undef NAMED_BY_SQL

/* May this account read the blob? See the comment at the top. */
static gboolean
may_read (TjServer *server, TjRequest *req, const char *sha256, GError **error)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autoptr(GError) local = NULL;
  TjServerStmt *stmt;

  stmt = tj_server_store_prepare (store, "SELECT 1 FROM blob_upload "
                                         "WHERE sha256 = ? AND account_id = ?", error);
  if (stmt == NULL)
    return FALSE;
  tj_server_stmt_bind_text (stmt, 1, sha256);
  tj_server_stmt_bind_blob (stmt, 2, req->account->id.bytes, 16);
  if (finds_row (store, stmt, &local))
    return TRUE;

  for (guint i = 0; i < G_N_ELEMENTS (named_by) && local == NULL; i++)
    {
      stmt = tj_server_store_prepare_sql (store, named_by[i].sqlite, named_by[i].pg, error);
      if (stmt == NULL)
        return FALSE;
      tj_server_stmt_bind_text (stmt, 1, sha256);
      tj_server_stmt_bind_text (stmt, 2, req->org->path);
      if (finds_row (store, stmt, &local))
        return TRUE;
    }
  if (local != NULL)
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

/* The blob's file and size when the caller may read it; otherwise NULL, having answered
 * (400, 404 or 500). */
static GFile *
readable_blob (TjServer *server, TjRequest *req, guint64 *size)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInfo) info = NULL;
  const char *sha = request_sha256 (req);

  if (sha == NULL)
    return NULL;
  if (!may_read (server, req, sha, &error))
    {
      if (error != NULL)
        tj_request_fail_error (req, error, NULL);
      else
        tj_request_fail (req, TJ_PROTOCOL_ERROR_NOT_FOUND, NULL, _("There is no such blob."));
      return NULL;
    }
  file = blob_file (server, sha);
  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_SIZE, G_FILE_QUERY_INFO_NONE,
                            NULL, &error);
  if (info == NULL)
    {
      /* A record may name bytes its client has not uploaded yet (an older client). */
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_FOUND))
        g_warning ("blob %s: %s", sha, error->message);
      tj_request_fail (req, TJ_PROTOCOL_ERROR_NOT_FOUND, NULL, _("There is no such blob."));
      return NULL;
    }
  *size = (guint64) g_file_info_get_size (info);
  return g_steal_pointer (&file);
}

static void
set_blob_headers (TjRequest *req, const char *sha256, guint64 length)
{
  SoupMessageHeaders *headers = soup_server_message_get_response_headers (req->msg);
  g_autofree char *etag = g_strdup_printf ("\"%s\"", sha256);

  soup_message_headers_set_content_type (headers, "application/octet-stream", NULL);
  soup_message_headers_set_content_length (headers, (goffset) length);
  soup_message_headers_replace (headers, "Accept-Ranges", "bytes");
  soup_message_headers_replace (headers, "ETag", etag);
}

void
tj_server_handle_blob_head (TjServer *server, TjRequest *req)
{
  g_autoptr(GFile) file = NULL;
  guint64 size = 0;

  file = readable_blob (server, req, &size);
  if (file == NULL)
    return;
  set_blob_headers (req, g_hash_table_lookup (req->params, "sha256"), size);
  soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
}

/* One "bytes=…" range of a blob of `size` bytes (RFC 9110 §14.1.2). Returns FALSE when the
 * header is absent, malformed or names several ranges: the whole blob is then sent, as
 * the RFC allows. *satisfiable is FALSE for a well-formed range that lies past the end. */
gboolean
_tj_server_parse_range (const char *header, guint64 size, guint64 *start, guint64 *end,
                        gboolean *satisfiable)
{
  const char *spec, *dash;
  g_autofree char *first = NULL;
  const char *last;
  guint64 a = 0, b = 0;

  *satisfiable = TRUE;
  if (header == NULL || !g_str_has_prefix (header, "bytes="))
    return FALSE;
  spec = header + strlen ("bytes=");
  if (strchr (spec, ',') != NULL)
    return FALSE;
  dash = strchr (spec, '-');
  if (dash == NULL)
    return FALSE;
  first = g_strstrip (g_strndup (spec, dash - spec));
  last = dash + 1;
  while (*last == ' ')
    last++;
  if ((*first != '\0' && !g_ascii_string_to_unsigned (first, 10, 0, G_MAXUINT64, &a, NULL)) ||
      (*last != '\0' && !g_ascii_string_to_unsigned (last, 10, 0, G_MAXUINT64, &b, NULL)))
    return FALSE;
  if (*first == '\0')
    {
      /* A suffix: the last b bytes. */
      if (*last == '\0')
        return FALSE;
      if (b == 0 || size == 0)
        {
          *satisfiable = FALSE;
          return TRUE;
        }
      *start = b >= size ? 0 : size - b;
      *end = size - 1;
      return TRUE;
    }
  if (*last != '\0' && b < a)
    return FALSE;
  if (a >= size)
    {
      *satisfiable = FALSE;
      return TRUE;
    }
  *start = a;
  *end = *last == '\0' || b >= size ? size - 1 : b;
  return TRUE;
}

/* Queue the next chunk of the file, or end the body. */
static void
download_next (SoupServerMessage *msg, Download *down)
{
  SoupMessageBody *body = soup_server_message_get_response_body (msg);
  g_autoptr(GError) error = NULL;
  g_autofree guint8 *buf = NULL;
  gssize n;

  if (down->remaining == 0)
    {
      soup_message_body_complete (body);
      return;
    }
  buf = g_malloc (CHUNK_SIZE);
  n = g_input_stream_read (down->in, buf, MIN (CHUNK_SIZE, down->remaining), NULL, &error);
  if (n <= 0)
    {
      /* The headers are gone: all that is left is to end short, which the client sees as
       * a broken body (its hash check would catch it in any case). */
      g_warning ("blob read: %s", error ? error->message : "unexpected end of file");
      soup_message_body_complete (body);
      return;
    }
  down->remaining -= (guint64) n;
  soup_message_body_append_take (body, g_steal_pointer (&buf), (gsize) n);
}

static void
on_wrote_chunk_cb (SoupServerMessage *msg, gpointer user_data)
{
  download_next (msg, user_data);
}

void
tj_server_handle_blob_get (TjServer *server, TjRequest *req)
{
  SoupMessageHeaders *request = soup_server_message_get_request_headers (req->msg);
  SoupMessageHeaders *response = soup_server_message_get_response_headers (req->msg);
  g_autoptr(GFile) file = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  const char *sha;
  Download *down;
  guint64 size = 0, start = 0, end = 0;
  gboolean ranged, satisfiable;

  file = readable_blob (server, req, &size);
  if (file == NULL)
    return;
  sha = g_hash_table_lookup (req->params, "sha256");
  ranged = _tj_server_parse_range (soup_message_headers_get_one (request, "Range"), size, &start, &end,
                        &satisfiable);
  if (ranged && !satisfiable)
    {
      g_autofree char *range = g_strdup_printf ("bytes */%" G_GUINT64_FORMAT, size);

      soup_message_headers_replace (response, "Content-Range", range);
      tj_request_fail (req, TJ_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE, "Range",
                       _("The range starts past the end of the blob."));
      return;
    }
  in = g_file_read (file, NULL, &error);
  if (in == NULL ||
      (ranged && start > 0 &&
       !g_seekable_seek (G_SEEKABLE (in), (goffset) start, G_SEEK_SET, NULL, &error)))
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }

  down = g_new0 (Download, 1);
  down->in = G_INPUT_STREAM (g_steal_pointer (&in));
  down->remaining = ranged ? end - start + 1 : size;
  g_object_set_data_full (G_OBJECT (req->msg), "tj-blob-download", down,
                          (GDestroyNotify) download_free);
  set_blob_headers (req, sha, down->remaining);
  if (ranged)
    {
      soup_message_headers_set_content_range (response, (goffset) start, (goffset) end,
                                              (goffset) size);
      soup_server_message_set_status (req->msg, SOUP_STATUS_PARTIAL_CONTENT, NULL);
    }
  else
    soup_server_message_set_status (req->msg, SOUP_STATUS_OK, NULL);
  /* Sent chunks are dropped, so a large blob never sits in memory. */
  soup_message_body_set_accumulate (soup_server_message_get_response_body (req->msg), FALSE);
  g_signal_connect (req->msg, "wrote-chunk", G_CALLBACK (on_wrote_chunk_cb), down);
  download_next (req->msg, down);
}

static void
on_got_chunk_cb (SoupServerMessage *msg, GBytes *chunk, gpointer user_data)
{
  Upload *up = user_data;
  gsize length;
  const guint8 *data = g_bytes_get_data (chunk, &length);

  if (up->error != NULL || length == 0)
    return;
  up->received += length;
  g_checksum_update (up->sum, data, length);
  g_output_stream_write_all (up->out, data, length, NULL, NULL, &up->error);
}

/* From the early handler, before libsoup reads the body: the checks that need no body
 * (versions, token, the hash's form) answer at once without reading it, and a good
 * request gets its temporary file. */
void
tj_server_blob_receive (TjServer *server, SoupServerMessage *msg, GHashTable *params)
{
  SoupMessageHeaders *headers = soup_server_message_get_request_headers (msg);
  TjServerStore *store = _tj_server_get_store (server);
  const char *authorization = soup_message_headers_get_one (headers, "Authorization");
  g_autoptr(TjServerAccount) account = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autoptr(GFile) tmp = NULL;
  g_autofree char *token = NULL, *dir = NULL, *tmp_dir = NULL, *name = NULL, *uuid = NULL;
  const char *header;
  int min, max;
  Upload *up;

  if (!tj_protocol_check_versions (soup_message_headers_get_one (headers,
                                                                 TJ_PROTOCOL_HEADER_PROTOCOL),
                                   soup_message_headers_get_one (headers,
                                                                 TJ_PROTOCOL_HEADER_SCHEMA),
                                   &header, &min, &max, &error))
    {
      _tj_server_refuse_unread (msg, TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED, error->message);
      return;
    }
  if (authorization != NULL && g_ascii_strncasecmp (authorization, "Bearer ", 7) == 0)
    token = g_strstrip (g_strdup (authorization + 7));
  account = tj_server_auth_check_token (store, token, &error);
  if (token != NULL)
    memset (token, 0, strlen (token));
  if (account == NULL)
    {
      _tj_server_refuse_unread (msg, error->domain == TJ_PROTOCOL_ERROR
                                     ? (TjProtocolError) error->code
                                     : TJ_PROTOCOL_ERROR_INTERNAL, error->message);
      return;
    }
  if (!valid_sha256 (g_hash_table_lookup (params, "sha256")))
    {
      _tj_server_refuse_unread (msg, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                                _("A blob is named by its SHA-256: 64 lowercase hexadecimal "
                                  "digits."));
      return;
    }

  dir = blobs_dir (server);
  tmp_dir = g_build_filename (dir, "tmp", NULL);
  if (g_mkdir_with_parents (tmp_dir, 0700) != 0)
    {
      g_warning ("blob folder %s: %s", tmp_dir, g_strerror (errno));
      _tj_server_refuse_unread (msg, TJ_PROTOCOL_ERROR_INTERNAL,
                                _("The server could not complete the request; try again "
                                  "later."));
      return;
    }
  /* In the data folder, so the final rename stays on one file system and is atomic. */
  uuid = g_uuid_string_random ();
  name = g_strconcat ("upload-", uuid, NULL);
  tmp = g_file_new_build_filename (tmp_dir, name, NULL);
  out = g_file_create (tmp, G_FILE_CREATE_PRIVATE, NULL, &error);
  if (out == NULL)
    {
      g_warning ("blob upload file in %s: %s", tmp_dir, error->message);
      _tj_server_refuse_unread (msg, TJ_PROTOCOL_ERROR_INTERNAL,
                                _("The server could not complete the request; try again "
                                  "later."));
      return;
    }
  up = g_new0 (Upload, 1);
  up->tmp = g_steal_pointer (&tmp);
  up->out = G_OUTPUT_STREAM (g_steal_pointer (&out));
  up->sum = g_checksum_new (G_CHECKSUM_SHA256);
  g_object_set_data_full (G_OBJECT (msg), "tj-blob-upload", up, (GDestroyNotify) upload_free);
  soup_message_body_set_accumulate (soup_server_message_get_request_body (msg), FALSE);
  g_signal_connect (msg, "got-chunk", G_CALLBACK (on_got_chunk_cb), up);
}

/* Remember the upload: the blob's first one, and this account as a holder of the bytes. */
static gboolean
record_upload (TjServer *server, TjRequest *req, const char *sha256, guint64 size,
               GError **error)
{
  TjServerStore *store = _tj_server_get_store (server);
  g_autofree char *client = tj_server_auth_session_client (store, req->token, NULL);
  gint64 now = g_get_real_time () / 1000;
  TjServerStmt *stmt;

  if (!tj_server_store_begin (store, error))
    return FALSE;
  stmt = tj_server_store_prepare (store, "INSERT INTO blob (sha256, size, "
                                         "uploaded_by_client, uploaded_at) VALUES (?,?,?,?) "
                                         "ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    goto fail;
  tj_server_stmt_bind_text (stmt, 1, sha256);
  tj_server_stmt_bind_int64 (stmt, 2, (gint64) size);
  tj_server_stmt_bind_text (stmt, 3, client);
  tj_server_stmt_bind_int64 (stmt, 4, now);
  if (!tj_server_store_step_done (store, stmt, error))
    goto fail;
  stmt = tj_server_store_prepare (store, "INSERT INTO blob_upload (sha256, account_id, "
                                         "client_id, uploaded_at) VALUES (?,?,?,?) "
                                         "ON CONFLICT DO NOTHING", error);
  if (stmt == NULL)
    goto fail;
  tj_server_stmt_bind_text (stmt, 1, sha256);
  tj_server_stmt_bind_blob (stmt, 2, req->account->id.bytes, 16);
  tj_server_stmt_bind_text (stmt, 3, client);
  tj_server_stmt_bind_int64 (stmt, 4, now);
  if (!tj_server_store_step_done (store, stmt, error) || !tj_server_store_commit (store, error))
    goto fail;
  return TRUE;

fail:
  tj_server_store_rollback (store);
  return FALSE;
}

/* Delete the temporary file now rather than when libsoup lets go of the message, which
 * may be after the client has its answer. */
static void
discard (Upload *up)
{
  if (up->out != NULL)
    g_output_stream_close (up->out, NULL, NULL);
  g_clear_object (&up->out);
  if (up->tmp != NULL)
    g_file_delete (up->tmp, NULL, NULL);
  g_clear_object (&up->tmp);
}

static void
reply_stored (TjRequest *req, guint status, const char *sha256, guint64 size)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "sha256");
  json_builder_add_string_value (b, sha256);
  json_builder_set_member_name (b, "size");
  json_builder_add_int_value (b, (gint64) size);
  json_builder_end_object (b);
  tj_request_reply (req, status, b);
}

void
tj_server_handle_blob_put (TjServer *server, TjRequest *req)
{
  Upload *up = g_object_get_data (G_OBJECT (req->msg), "tj-blob-upload");
  g_autoptr(GError) error = NULL;
  g_autoptr(GFile) target = NULL;
  g_autoptr(GFile) parent = NULL;
  const char *sha = request_sha256 (req);
  const char *actual;
  gboolean existed;

  if (sha == NULL)
    return;
  if (up == NULL)
    {
      /* The early handler refused the request; its answer is already out. */
      tj_request_fail (req, TJ_PROTOCOL_ERROR_INTERNAL, NULL,
                       _("The server could not complete the request; try again later."));
      return;
    }
  if (up->error != NULL || !g_output_stream_close (up->out, NULL, &up->error))
    {
      discard (up);
      tj_request_fail_error (req, up->error, NULL);
      return;
    }
  g_clear_object (&up->out);

  actual = g_checksum_get_string (up->sum);
  if (strcmp (actual, sha) != 0)
    {
      g_autofree char *message =
        /* Translators: two SHA-256 values */
        g_strdup_printf (_("The body's SHA-256 is %s, not the %s its path names; nothing was "
                           "stored."), actual, sha);

      discard (up);
      tj_request_fail (req, TJ_PROTOCOL_ERROR_HASH_MISMATCH, "sha256", message);
      return;
    }

  target = blob_file (server, sha);
  existed = g_file_query_exists (target, NULL);
  if (!existed)
    {
      parent = g_file_get_parent (target);
      if ((!g_file_make_directory_with_parents (parent, NULL, &error) &&
           !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_EXISTS)))
        {
          discard (up);
          tj_request_fail_error (req, error, NULL);
          return;
        }
      g_clear_error (&error);
      /* The rename is atomic: a reader sees no blob or the whole verified one. */
      if (!g_file_move (up->tmp, target, G_FILE_COPY_OVERWRITE, NULL, NULL, NULL, &error))
        {
          discard (up);
          tj_request_fail_error (req, error, NULL);
          return;
        }
      g_clear_object (&up->tmp);
    }
  else
    discard (up);
  if (!record_upload (server, req, sha, up->received, &error))
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }
  reply_stored (req, existed ? SOUP_STATUS_OK : SOUP_STATUS_CREATED, sha, up->received);
}

/* Uploads cut off by a crash or a kill leave their temporary files behind; at start the
 * old ones go. An hour keeps the files of another server process on the same folder safe
 * while it is receiving them. */
void
tj_server_blobs_sweep (TjServer *server)
{
  g_autofree char *dir = blobs_dir (server);
  g_autofree char *tmp_dir = g_build_filename (dir, "tmp", NULL);
  g_autoptr(GDir) listing = g_dir_open (tmp_dir, 0, NULL);
  gint64 limit = g_get_real_time () / G_USEC_PER_SEC - 3600;
  const char *name;

  while (listing != NULL && (name = g_dir_read_name (listing)) != NULL)
    {
      g_autofree char *path = g_build_filename (tmp_dir, name, NULL);
      GStatBuf st;

      if (g_str_has_prefix (name, "upload-") && g_stat (path, &st) == 0 &&
          (gint64) st.st_mtime < limit && g_unlink (path) == 0)
        g_message ("removed an abandoned upload, %s", name);
    }
}
