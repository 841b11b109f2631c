/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <libsoup/soup.h>

#include "tj-protocol.h"
#include "tj-server.h"
#include "tj-server-directory.h"
#include "tj-server-store.h"

G_BEGIN_DECLS

/* Shared by the server's files: one request as the handlers see it, the route table and
 * the ways to answer. A handler either answers before it returns or pauses the message
 * and answers later (tj-server-session.c does for the password check). */

typedef struct _TjRequest TjRequest;

typedef void (*TjRouteHandler) (TjServer *server, TjRequest *req);

typedef enum {
  TJ_ROUTE_PUBLIC      = 1 << 0,  /* no bearer token needed */
  TJ_ROUTE_ANY_VERSION = 1 << 1,  /* answered without the protocol header (discovery) */
  TJ_ROUTE_JSON_BODY   = 1 << 2,  /* the body must be a JSON object */
  TJ_ROUTE_RAW_BODY    = 1 << 3,  /* bytes streamed to the handler's own sink as they come
                                   * (tj-server-blobs.c), up to the server's blob limit */
} TjRouteFlags;

typedef struct {
  const char     *method;
  const char     *pattern;        /* "/v1/accounts/{id}/disable": {name} is one segment */
  TjRouteHandler  handler;
  TjRouteFlags    flags;
  gsize           max_body;       /* 0: TJ_PROTOCOL_MAX_BODY (blobs will allow more) */
} TjRoute;

struct _TjRequest
{
  TjServer          *server;      /* (unowned) */
  SoupServerMessage *msg;         /* (unowned): the request lives as data on it */
  const TjRoute     *route;
  GHashTable        *params;      /* {name} -> segment */
  JsonNode          *body;        /* (nullable): a JSON object */
  TjServerAccount   *account;     /* (nullable): the token's account */
  TjServerOrg       *org;         /* (nullable): its organisation */
  char              *token;       /* (nullable) */
  GHashTable        *query;       /* (nullable): the URL's query parameters */
  gpointer           waiter;      /* (nullable): a held pull (tj-server-pull.c) */
  gboolean           aborted;     /* the client went away while the message was paused */
};

const TjRoute *tj_server_route_match   (const char   *method,
                                        const char   *path,
                                        GHashTable  **params,
                                        GString      *allowed);

TjServerStore *_tj_server_get_store    (TjServer     *self);
gint64         _tj_server_get_token_lifetime (TjServer *self);
/* Slots for password checks in worker threads; FALSE when all are busy. */
gboolean       _tj_server_take_hash_slot  (TjServer  *self);
void           _tj_server_give_hash_slot  (TjServer  *self);
/* Pulls held open by long-polling (tj-server-pull.c owns the elements). */
GPtrArray     *_tj_server_get_waiters     (TjServer  *self);
/* The largest blob PUT accepted, in bytes. */
guint64        _tj_server_get_max_blob    (TjServer  *self);
/* Answer with an error and hang up without reading the request's body (from an early
 * handler, before libsoup reads it). */
void           _tj_server_refuse_unread   (SoupServerMessage *msg,
                                           TjProtocolError code,
                                           const char   *message);

/* The body checks that run before a JSON_BODY route's handler (tj-server.c): a JSON
 * object, or NULL with a TJ_PROTOCOL_ERROR and *field naming a header at fault. */
JsonNode      *_tj_server_parse_body      (const char   *content_type,
                                           const char   *encoding,
                                           GBytes       *bytes,
                                           gsize         limit,
                                           const char  **field,
                                           GError      **error);

/* Answer with the builder's object (status 2xx), or an error document. */
void        tj_request_reply           (TjRequest    *req,
                                        guint         status,
                                        JsonBuilder  *builder);
void        tj_request_reply_empty     (TjRequest    *req);
void        tj_request_fail            (TjRequest    *req,
                                        TjProtocolError code,
                                        const char   *field,
                                        const char   *message);
/* A TJ_PROTOCOL_ERROR answers with its code; anything else is logged and answers
 * "internal" without details. */
void        tj_request_fail_error      (TjRequest    *req,
                                        const GError *error,
                                        const char   *field);
const char *tj_request_get_address     (TjRequest    *req);
/* 409 reset_required with the server's epoch (sync.md, Reset). */
void        tj_request_fail_reset      (TjRequest    *req,
                                        const char   *epoch,
                                        const char   *message);

/* Body members. Each answers invalid_field itself and returns FALSE when the member is
 * missing (and required), of the wrong type, or not a valid value. */
gboolean    tj_request_get_string      (TjRequest    *req,
                                        const char   *member,
                                        gboolean      required,
                                        gsize         max_bytes,
                                        const char  **value);
gboolean    tj_request_get_uuid        (TjRequest    *req,
                                        const char   *member,
                                        TjUuid       *value);
gboolean    tj_request_get_enum        (TjRequest    *req,
                                        const char   *member,
                                        gboolean      required,
                                        const TjEnum *vocabulary,
                                        int          *value);
/* A {name} segment as an id; answers not_found when it is not one. */
gboolean    tj_request_param_uuid      (TjRequest    *req,
                                        const char   *name,
                                        TjUuid       *value);

/* Handlers. */
void tj_server_handle_version        (TjServer *server, TjRequest *req);
void tj_server_handle_login          (TjServer *server, TjRequest *req);
void tj_server_handle_whoami         (TjServer *server, TjRequest *req);
void tj_server_handle_logout         (TjServer *server, TjRequest *req);
void tj_server_handle_org_list       (TjServer *server, TjRequest *req);
void tj_server_handle_org_create     (TjServer *server, TjRequest *req);
void tj_server_handle_account_list   (TjServer *server, TjRequest *req);
void tj_server_handle_account_create (TjServer *server, TjRequest *req);
void tj_server_handle_account_disable (TjServer *server, TjRequest *req);
void tj_server_handle_account_move (TjServer *server, TjRequest *req);
void tj_server_handle_account_revoke (TjServer *server, TjRequest *req);
/* tj-server-blobs.c: HEAD, GET and PUT of /v1/blobs/{sha256}. A PUT's body is taken by
 * tj_server_blob_receive () from the early handler, before the request handler runs. */
void tj_server_handle_blob_head      (TjServer *server, TjRequest *req);
void tj_server_handle_blob_get       (TjServer *server, TjRequest *req);
void tj_server_handle_blob_put       (TjServer *server, TjRequest *req);
void tj_server_blob_receive          (TjServer *server, SoupServerMessage *msg,
                                      GHashTable *params);
/* One "bytes=…" Range of a blob of `size` bytes (tests/fuzz calls it): FALSE when the whole
 * blob is to be sent (no header, a malformed one, several ranges); otherwise the range is
 * [*start, *end] with *end < size, or *satisfiable is FALSE (416). */
gboolean _tj_server_parse_range      (const char *header, guint64 size, guint64 *start,
                                      guint64 *end, gboolean *satisfiable);
/* Delete temporary upload files more than an hour old (at start). */
void tj_server_blobs_sweep           (TjServer *server);

G_END_DECLS
