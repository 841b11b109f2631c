/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* A small REST client of tiaojie-server: one base URL, an optional bearer token, JSON in
 * and out, the version headers on every request. An error the server answers comes back
 * in TJ_PROTOCOL_ERROR with the server's stable code (tj-protocol.h); trouble reaching the
 * server or understanding it comes back in TJ_API_CLIENT_ERROR. Calls block: the CLI uses
 * them directly, and a UI runs them in a GTask thread. */

#define TJ_API_CLIENT_ERROR (tj_api_client_error_quark ())

typedef enum {
  TJ_API_CLIENT_ERROR_URL,          /* the server address is not an http or https URL */
  TJ_API_CLIENT_ERROR_INSECURE,     /* plain http to a host that is not this machine */
  TJ_API_CLIENT_ERROR_NETWORK,      /* the server could not be reached, or the connection broke */
  TJ_API_CLIENT_ERROR_BAD_RESPONSE, /* the answer is not JSON as the protocol says */
} TjApiClientError;

#define TJ_TYPE_API_CLIENT (tj_api_client_get_type ())
G_DECLARE_FINAL_TYPE (TjApiClient, tj_api_client, TJ, API_CLIENT, GObject)

GQuark       tj_api_client_error_quark (void);

TjApiClient *tj_api_client_new        (const char    *base_url,
                                       GError       **error);
const char  *tj_api_client_get_base_url (TjApiClient *self);
void         tj_api_client_set_token  (TjApiClient   *self,
                                       const char    *token);
const char  *tj_api_client_get_token  (TjApiClient   *self);
/* Seconds a request may go without progress (connecting, sending, waiting for the answer or
 * reading it) before it fails with TJ_API_CLIENT_ERROR_NETWORK, so that a blackholed
 * connection cannot hang a caller; 0 waits forever. Set it before the first request: open
 * connections keep theirs. A long poll must wait less than this. */
#define TJ_API_CLIENT_DEFAULT_TIMEOUT 30
void         tj_api_client_set_timeout (TjApiClient  *self,
                                        guint         seconds);
guint        tj_api_client_get_timeout (TjApiClient  *self);
/* The timeout of the clients made from now on in this process (a command-line option,
 * which must also cover the login that makes the client). */
void         tj_api_client_set_default_timeout (guint seconds);
/* Trust the CA certificates in a PEM file instead of the system's (a private CA). */
gboolean     tj_api_client_set_ca_file (TjApiClient  *self,
                                        const char   *path,
                                        GError      **error);
/* METHOD PATH (e.g. "/v1/orgs") with an optional JSON body. Returns the answer's JSON (a
 * null node for an empty answer), or NULL with an error. *status, when given, is the
 * HTTP status (0 if no answer came). */
JsonNode    *tj_api_client_call       (TjApiClient   *self,
                                       const char    *method,
                                       const char    *path,
                                       JsonNode      *body,
                                       guint         *status,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* How tj_api_client_call_text sends a request.
 *
 * TJ_API_CALL_GZIP: a body of TJ_API_CLIENT_GZIP_MIN bytes or more is compressed on the
 *   way (Content-Encoding: gzip), as a push is (sync.md). A smaller one goes as it is: it
 *   fits one packet either way, and compressing it would cost more than it saves (the
 *   server's answers follow the same rule).
 * TJ_API_CALL_IDEMPOTENT: sending the request twice does no more than sending it once,
 *   whatever its method (a push: the server's ledger answers a mutation it has seen from
 *   the ledger). libsoup then sends it on an open connection instead of opening a new one
 *   for every POST, and may send it again by itself when that connection turns out to
 *   have been closed by the server. */
#define TJ_API_CLIENT_GZIP_MIN 1024
typedef enum {
  TJ_API_CALL_NONE       = 0,
  TJ_API_CALL_GZIP       = 1 << 0,
  TJ_API_CALL_IDEMPOTENT = 1 << 1,
} TjApiCallFlags;

/* The same with a body already written as JSON text, sent as `flags` say. */
JsonNode    *tj_api_client_call_text  (TjApiClient   *self,
                                       const char    *method,
                                       const char    *path,
                                       const char    *body,
                                       gsize          length,
                                       TjApiCallFlags flags,
                                       guint         *status,
                                       GCancellable  *cancellable,
                                       GError       **error);

/* What a raw request (tj_api_client_send_raw) learnt from the answer's headers. */
typedef struct {
  guint   status;               /* 0 if no answer came */
  gint64  content_length;       /* -1 when the answer did not say */
  gint64  range_start;          /* a 206's Content-Range: first byte, last byte, total */
  gint64  range_end;            /* (-1 each when there is none or it is not understood) */
  gint64  range_total;
} TjApiRawAnswer;

/* METHOD PATH with bytes rather than JSON (attachment blobs): `body` (nullable) is read to
 * the end and sent as application/octet-stream with `body_length`; `range` (nullable) is
 * sent as the Range header ("bytes=100-"). A 2xx answer returns its body as a stream for
 * the caller to read to the end (empty for HEAD), so large answers never sit in memory;
 * any other status is an error as for tj_api_client_call, with *answer filled in too. */
GInputStream *tj_api_client_send_raw (TjApiClient    *self,
                                      const char     *method,
                                      const char     *path,
                                      GInputStream   *body,
                                      gint64          body_length,
                                      const char     *range,
                                      TjApiRawAnswer *answer,
                                      GCancellable   *cancellable,
                                      GError        **error);

G_END_DECLS
