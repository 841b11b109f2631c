/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-journal.h"
#include "tj-uuid.h"

G_BEGIN_DECLS

/* The sync protocol's JSON, version 1 (sync.md; data/openapi/tiaojie-v1.yaml has the
 * schemas): push requests and answers, pull pages, checkpoints. Client and server both use
 * this file, so the wire format is written once. No GTK, no I/O.
 *
 * Push request (POST /v1/push):
 *   {"client_id": UUID, "mutations": [{"id": N, "record": UUID, "type": KIND,
 *     "op": "create"|"patch"|"delete", "fields": {NAME: {"value": JSON, "base": V, "hlc": H}}}]}
 * Push answer:
 *   {"last_mutation_id": N, "server_hlc": H, "clock_skew": true?, "expected": N?,
 *    "results": [{"id": N, "status": "applied"|"duplicate"|"conflict"|"rejected",
 *                 "original": STATUS?, "version": V?, "reason": TEXT?, "field": NAME?}]}
 * Pull page (GET /v1/pull):
 *   {"epoch": UUID, "ops": [{"seq": S, "op": "put"|"remove", "id": UUID, "type": KIND,
 *     "version": V, "doc": {…}?}], "next": S, "up_to_date": BOOL,
 *    "checkpoint": {"seq": S, "count": N, "checksum": HEX16}}
 * Reset (409): {"error": "reset_required", "message": TEXT, "epoch": UUID}.
 *
 * Decoding is strict: a member of the wrong type, out of range or missing fails with
 * TJ_PROTOCOL_ERROR_INVALID_FIELD (INVALID_JSON for a body that is not an object), a
 * message naming the member ("mutations[3].fields.name.base") and the rule, and the same
 * path in *path when asked for. Unknown members are ignored, so a newer peer can add
 * some. */

#define TJ_SYNC_MAX_MUTATIONS    500
#define TJ_SYNC_MAX_PUSH_BYTES   (1024 * 1024)   /* also after inflating a gzip body */
#define TJ_SYNC_MAX_FIELDS       256             /* per mutation */
#define TJ_SYNC_MAX_PAGE         5000
#define TJ_SYNC_DEFAULT_PAGE     5000
#define TJ_SYNC_MAX_WAIT         60              /* seconds of long-poll */
#define TJ_SYNC_MAX_SKEW_MS      (5 * 60 * 1000) /* a client HLC further ahead is clamped */

typedef enum {
  TJ_SYNC_APPLIED,
  TJ_SYNC_DUPLICATE,
  TJ_SYNC_CONFLICT,
  TJ_SYNC_REJECTED,
} TjSyncStatus;

/* One field edit. value is any JSON (null clears); base is the record version the client
 * last saw (0 for a create); hlc a TjHlcValue. */
typedef struct {
  char     *name;
  JsonNode *value;
  gint64    base;
  gint64    hlc;
} TjSyncField;

typedef struct {
  gint64     id;          /* the client's mutation counter, from 1 */
  TjUuid     record;
  char      *type;        /* "case", "party", … */
  TjOp       op;
  GPtrArray *fields;      /* (element-type TjSyncField) in the order given */
} TjSyncMutation;

typedef struct {
  gint64       id;
  TjSyncStatus status;
  TjSyncStatus original;  /* for a duplicate: what the first answer said */
  gint64       version;   /* the record's version after it; 0 when not applied */
  char        *reason;    /* (nullable) why rejected, or which fields conflicted */
  char        *field;     /* (nullable) the field a rejection is about */
} TjSyncResult;

typedef struct {
  gint64     last_mutation_id;
  gint64     server_hlc;
  gboolean   clock_skew;
  gint64     expected;    /* 0, or the id the server waits for after a gap */
  GPtrArray *results;     /* (element-type TjSyncResult) */
} TjSyncPushAnswer;

typedef struct {
  gint64      seq;
  gboolean    remove;
  TjUuid      id;
  char       *type;
  gint64      version;
  JsonObject *doc;        /* (nullable): NULL for a remove */
} TjSyncPageOp;

typedef struct {
  char      *epoch;
  GPtrArray *ops;         /* (element-type TjSyncPageOp) in seq order */
  gint64     next;        /* the cursor to send as `after` next time */
  gboolean   up_to_date;
  gint64     checkpoint_seq;
  gint64     checkpoint_count;
  guint64    checkpoint_checksum;
} TjSyncPage;

const char       *tj_sync_op_to_string        (TjOp              op);
gboolean          tj_sync_op_from_string      (const char       *text,
                                               TjOp             *op);
const char       *tj_sync_status_to_string    (TjSyncStatus      status);
gboolean          tj_sync_status_from_string  (const char       *text,
                                               TjSyncStatus     *status);

TjSyncMutation   *tj_sync_mutation_new        (gint64            id,
                                               const TjUuid     *record,
                                               const char       *type,
                                               TjOp              op);
void              tj_sync_mutation_free       (TjSyncMutation   *m);
/* value is copied; NULL means JSON null. */
void              tj_sync_mutation_add_field  (TjSyncMutation   *m,
                                               const char       *name,
                                               JsonNode         *value,
                                               gint64            base,
                                               gint64            hlc);
/* Every member of a compact JSON object of values (the outbox's `fields`), all with the
 * same base and hlc. */
gboolean          tj_sync_mutation_add_fields_json (TjSyncMutation *m,
                                               const char       *fields_json,
                                               gint64            base,
                                               gint64            hlc,
                                               GError          **error);
TjSyncField      *tj_sync_mutation_get_field  (TjSyncMutation   *m,
                                               const char       *name);

/* Client: the request body. */
char             *tj_sync_push_request_to_json (const TjUuid    *client_id,
                                                GPtrArray       *mutations,
                                                gsize           *length);
/* Server: a parsed body into the client id and mutations (ids strictly increasing). */
gboolean          tj_sync_push_request_from_json (JsonNode      *root,
                                                  TjUuid        *client_id,
                                                  GPtrArray    **mutations,
                                                  char         **path,
                                                  GError       **error);

TjSyncResult     *tj_sync_result_new          (gint64            id,
                                               TjSyncStatus      status);
void              tj_sync_result_free         (TjSyncResult     *r);
/* Server: one result object (also the ledger's stored copy). */
void              tj_sync_result_to_builder   (JsonBuilder      *builder,
                                               const TjSyncResult *r);
char             *tj_sync_result_to_json      (const TjSyncResult *r);
TjSyncResult     *tj_sync_result_from_json    (JsonNode         *node,
                                               const char       *path,
                                               GError          **error);

TjSyncPushAnswer *tj_sync_push_answer_new     (void);
void              tj_sync_push_answer_free    (TjSyncPushAnswer *a);
char             *tj_sync_push_answer_to_json (const TjSyncPushAnswer *a,
                                               gsize            *length);
/* Client: the server's answer. */
TjSyncPushAnswer *tj_sync_push_answer_from_json (JsonNode       *root,
                                                 GError        **error);

/* Server: a page written straight into a string, each record's stored JSON text spliced
 * in as its doc (generating a tree per record is the slowest stage; sync.md). doc_json
 * must be a JSON object the server wrote itself; NULL for a remove. */
void              tj_sync_page_begin          (GString          *out,
                                               const char       *epoch);
void              tj_sync_page_add_op         (GString          *out,
                                               gboolean          first,
                                               gint64            seq,
                                               gboolean          remove,
                                               const TjUuid     *id,
                                               const char       *type,
                                               gint64            version,
                                               const char       *doc_json);
void              tj_sync_page_end            (GString          *out,
                                               gint64            next,
                                               gboolean          up_to_date,
                                               gint64            checkpoint_seq,
                                               gint64            checkpoint_count,
                                               guint64           checkpoint_checksum);
/* Client: a page. */
TjSyncPage       *tj_sync_page_from_json      (JsonNode         *root,
                                               GError          **error);
void              tj_sync_page_free           (TjSyncPage       *page);
void              tj_sync_page_op_free        (TjSyncPageOp     *op);

/* The checkpoint's checksum is the sum (mod 2^64) of this hash over a bucket's live
 * records: FNV-1a 64 of the 16 id bytes and the version as 8 big-endian bytes, then the
 * splitmix64 finaliser. Kept incrementally: add on a put, subtract the old version's. */
guint64           tj_sync_record_hash         (const TjUuid     *id,
                                               gint64            version);
/* 16 lower-case hex digits. */
char             *tj_sync_checksum_to_string  (guint64           checksum);
gboolean          tj_sync_checksum_parse      (const char       *text,
                                               guint64          *checksum);

/* GET /v1/pull/digest (sync.md, Pull: a checksum mismatch is repaired by id): the live
 * records of a bucket in id order, cut into chunks of about the same number, each with its
 * last id, count and sum, so a replica finds which id ranges differ and asks only for them
 * (GET /v1/pull/range answers with a page of those records). An answer holds a limited
 * number of chunks (so that no request holds the server long); `complete` says it reached
 * the bucket's end, else the next one starts after its last chunk. `count` and `checksum`
 * are those of the answer's chunks:
 *   {"epoch": E, "seq": S, "count": N, "checksum": HEX16, "complete": BOOL,
 *    "chunks": [{"last": ID, "count": N, "checksum": HEX16}, …]} */
typedef struct {
  TjUuid   last;
  gint64   count;
  guint64  checksum;
} TjSyncDigestChunk;

typedef struct {
  char    *epoch;
  gint64   seq;
  gint64   count;
  guint64  checksum;
  gboolean complete;
  GArray  *chunks;        /* (element-type TjSyncDigestChunk) in id order */
} TjSyncDigest;

/* Server: the answer's text, chunk by chunk. */
void              tj_sync_digest_begin        (GString          *out,
                                               const char       *epoch);
void              tj_sync_digest_add_chunk    (GString          *out,
                                               gboolean          first,
                                               const TjUuid     *last,
                                               gint64            count,
                                               guint64           checksum);
void              tj_sync_digest_end          (GString          *out,
                                               gint64            seq,
                                               gint64            count,
                                               guint64           checksum,
                                               gboolean          complete);
/* Client: strict; the chunks' last ids must increase and add up to the totals. */
TjSyncDigest     *tj_sync_digest_from_json    (JsonNode         *root,
                                               GError          **error);
void              tj_sync_digest_free         (TjSyncDigest     *digest);

/* A 409 answer {"error": "reset_required", "epoch": …}: TRUE, and the server's epoch. */
gboolean          tj_sync_is_reset_required   (guint             http_status,
                                               JsonNode         *body,
                                               char            **epoch);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncMutation, tj_sync_mutation_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncDigest, tj_sync_digest_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncResult, tj_sync_result_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncPushAnswer, tj_sync_push_answer_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjSyncPage, tj_sync_page_free)

G_END_DECLS
