/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What client and server agree on over HTTP (sync.md, "Versions"): the version headers
 * every request carries, the limits on bodies, and the stable error codes the server
 * answers as `{"error": CODE, "message": TEXT, "field": NAME?}`. Both sides use this file,
 * so a code is spelt once. */

#define TJ_PROTOCOL_VERSION_MIN 1
#define TJ_PROTOCOL_VERSION_MAX 1

#define TJ_PROTOCOL_HEADER_PROTOCOL "X-Tiaojie-Protocol"
#define TJ_PROTOCOL_HEADER_SCHEMA   "X-Tiaojie-Schema"
#define TJ_PROTOCOL_HEADER_APP      "X-Tiaojie-App"

/* A JSON request body larger than this is refused (413) before it is read. */
#define TJ_PROTOCOL_MAX_BODY        (8 * 1024 * 1024)
/* A blob (an attachment's bytes, PUT /v1/blobs/SHA256) up to this size is accepted unless
 * the server is started with another limit. */
#define TJ_PROTOCOL_MAX_BLOB        (64 * 1024 * 1024)
/* json-glib parses recursively; a deeper document is refused before parsing, so a hostile
 * "[[[[…" cannot exhaust the stack. */
#define TJ_PROTOCOL_MAX_JSON_DEPTH  64

#define TJ_PROTOCOL_ERROR (tj_protocol_error_quark ())

/* The stable codes; the string of each is in the comment and never changes. */
typedef enum {
  TJ_PROTOCOL_ERROR_BAD_REQUEST,           /* "bad_request": the request is not well formed */
  TJ_PROTOCOL_ERROR_INVALID_JSON,          /* "invalid_json": the body is not a JSON document */
  TJ_PROTOCOL_ERROR_INVALID_FIELD,         /* "invalid_field": a field is missing, of the wrong
                                            * type, or breaks a rule; "field" names it */
  TJ_PROTOCOL_ERROR_INVALID_CREDENTIALS,   /* "invalid_credentials": user or password wrong */
  TJ_PROTOCOL_ERROR_UNAUTHORIZED,          /* "unauthorized": no token, or a revoked one */
  TJ_PROTOCOL_ERROR_TOKEN_EXPIRED,         /* "token_expired": the token's time is up */
  TJ_PROTOCOL_ERROR_FORBIDDEN,             /* "forbidden": outside the caller's jurisdiction
                                            * or role */
  TJ_PROTOCOL_ERROR_NOT_FOUND,             /* "not_found": no such resource */
  TJ_PROTOCOL_ERROR_METHOD_NOT_ALLOWED,    /* "method_not_allowed" */
  TJ_PROTOCOL_ERROR_CONFLICT,              /* "conflict": it exists already */
  TJ_PROTOCOL_ERROR_LENGTH_REQUIRED,       /* "length_required": a body without Content-Length */
  TJ_PROTOCOL_ERROR_PAYLOAD_TOO_LARGE,     /* "payload_too_large" */
  TJ_PROTOCOL_ERROR_UNSUPPORTED_MEDIA_TYPE, /* "unsupported_media_type": not application/json */
  TJ_PROTOCOL_ERROR_VERSION_NOT_SUPPORTED, /* "version_not_supported": with "min" and "max" */
  TJ_PROTOCOL_ERROR_RATE_LIMITED,          /* "rate_limited": with a Retry-After header */
  TJ_PROTOCOL_ERROR_INTERNAL,              /* "internal": the server failed; try again later */
  TJ_PROTOCOL_ERROR_HASH_MISMATCH,         /* "hash_mismatch": an uploaded blob's bytes do not
                                            * have the SHA-256 its path names; nothing is kept */
  TJ_PROTOCOL_ERROR_RANGE_NOT_SATISFIABLE, /* "range_not_satisfiable" (416): a Range past the end
                                            * of a blob */
  TJ_PROTOCOL_ERROR_UNKNOWN,               /* a code this program does not know (newer peer) */
} TjProtocolError;

GQuark      tj_protocol_error_quark       (void);

const char *tj_protocol_error_to_code     (TjProtocolError  code);
TjProtocolError tj_protocol_error_from_code (const char    *code);
guint       tj_protocol_error_http_status (TjProtocolError  code);

/* A version header's value: a decimal number from 1 to 9999, or -1. */
int         tj_protocol_parse_version     (const char      *text);
int         tj_protocol_schema_min        (void);
int         tj_protocol_schema_max        (void);
/* The protocol header is required; the schema header is checked when present. On failure
 * the error is VERSION_NOT_SUPPORTED, and *header, *min and *max say which range. */
gboolean    tj_protocol_check_versions    (const char      *protocol,
                                           const char      *schema,
                                           const char     **header,
                                           int             *min,
                                           int             *max,
                                           GError         **error);

/* Parse a body (tj-json-read.c): strict JSON (no comments, single quotes, trailing text,
 * repeated member names or raw control characters in strings), valid UTF-8 without NUL
 * (\u0000 included), nested at most TJ_PROTOCOL_MAX_JSON_DEPTH, integers within 64 bits.
 * INVALID_JSON with the byte offset otherwise, or INVALID_FIELD naming the member of a
 * decimal number json-glib could not write back. The tree is not sealed. */
JsonNode   *tj_protocol_parse_json        (const char      *data,
                                           gsize            length,
                                           GError         **error);
/* Typed member access that never warns on a hostile document: NULL / FALSE when the
 * member is missing or of another type. */
const char *tj_protocol_get_string        (JsonObject      *object,
                                           const char      *member);
gboolean    tj_protocol_get_int           (JsonObject      *object,
                                           const char      *member,
                                           gint64          *value);
/* {"error": …, "message": …, "field": …}; field may be NULL. */
JsonBuilder *tj_protocol_error_builder    (TjProtocolError  code,
                                           const char      *message,
                                           const char      *field);
/* Turn a server's error answer into a TJ_PROTOCOL_ERROR; a body that is not the protocol's
 * error object still gives an error chosen from the HTTP status. */
void        tj_protocol_set_error_from_response (GError   **error,
                                                 guint      http_status,
                                                 JsonNode  *body);

G_END_DECLS
