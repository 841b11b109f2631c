/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-api-client.h"
#include "tj-case-store.h"

G_BEGIN_DECLS

/* Attachment bytes between a replica and the server (sync.md, "Versions, attachments,
 * transport"). A replica keeps them by SHA-256 beside its file (tj_case_store_blob_file);
 * the server at /v1/blobs/SHA256. A blob goes up before the push of the mutation that
 * names it, so the server never holds an attachment record whose bytes it cannot serve
 * from that client; other replicas fetch bytes on demand, resuming a cut download with a
 * Range request and checking the hash before the file becomes visible.
 *
 * Errors: TJ_SYNC_BLOB_ERROR below, TJ_API_CLIENT_ERROR (network), TJ_PROTOCOL_ERROR (what
 * the server refused, e.g. PAYLOAD_TOO_LARGE or NOT_FOUND), G_IO_ERROR (local files). */

#define TJ_SYNC_BLOB_ERROR (tj_sync_blob_error_quark ())

typedef enum {
  TJ_SYNC_BLOB_ERROR_MISSING,   /* an attachment's bytes are not in this replica's folder */
  TJ_SYNC_BLOB_ERROR_CORRUPT,   /* bytes (local or fetched) do not have their SHA-256 */
  TJ_SYNC_BLOB_ERROR_INVALID,   /* not a SHA-256, or a record without one */
} TjSyncBlobError;

GQuark      tj_sync_blob_error_quark   (void);

/* Before `batch` (TjOutboxMutation, in push order) is pushed: make sure the server holds
 * the blob of every attachment mutation in it (HEAD, then PUT when it answers 404), with
 * a few retries on network trouble, 5xx and 429. When a blob cannot be sent, the batch is
 * cut just before the first mutation that names it and FALSE is returned with the reason:
 * the mutations before it may still be pushed, it and everything after it stay in the
 * outbox in order (the server takes a client's mutations only in sequence). */
gboolean    tj_sync_blobs_upload_batch (TjApiClient   *api,
                                        TjCaseStore   *cases,
                                        GPtrArray     *batch,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* Download one blob to `dest`. Bytes go to DEST.part first; a .part left by a cut
 * download is resumed with "Range: bytes=SIZE-"; the whole is checked against sha256
 * before it is renamed to dest, and a .part that does not check out is deleted.
 * *received (nullable) is the number of bytes that crossed the network. */
gboolean    tj_sync_fetch_blob         (TjApiClient   *api,
                                        const char    *sha256,
                                        GFile         *dest,
                                        gint64        *received,
                                        GCancellable  *cancellable,
                                        GError       **error);

/* What tj_sync_fetch_attachments did. */
typedef struct {
  guint  attachments;           /* attachments looked at */
  guint  present;               /* already in the replica's folder */
  guint  fetched;               /* downloaded now */
  gint64 bytes;                 /* bytes downloaded */
} TjBlobFetchReport;

/* Fetch the bytes of a case's attachments (case_ref NULL: of every case in the replica)
 * that the replica's folder lacks, into it. Stops at the first failure. */
gboolean    tj_sync_fetch_attachments  (TjCaseStore   *cases,
                                        TjApiClient   *api,
                                        const char    *case_ref,
                                        TjBlobFetchReport *report,
                                        GCancellable  *cancellable,
                                        GError       **error);

G_END_DECLS
