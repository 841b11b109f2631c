/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-store.h"

/* The server store's schema, one migration per version; a released one is never edited.
 * Ids are 16-byte UUIDv7 blobs, times Unix milliseconds UTC. An organisation's `path` is
 * the ids of its ancestors and itself ("/id/id/…/"), so "in X's jurisdiction" is a prefix
 * test and a subtree is one index range. Tokens are kept only as a hash. */

static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value"
  ") WITHOUT ROWID;"

  "CREATE TABLE org ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  parent_id BLOB REFERENCES org (id),"
  "  path TEXT NOT NULL UNIQUE,"
  "  code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  short_name TEXT,"
  "  level TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  created_by BLOB,"
  "  UNIQUE (code, type)"
  ");"
  "CREATE INDEX org_parent ON org (parent_id);"

  "CREATE TABLE account ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  org_id BLOB NOT NULL REFERENCES org (id),"
  "  username TEXT NOT NULL UNIQUE COLLATE NOCASE,"
  "  name TEXT NOT NULL,"
  "  role TEXT NOT NULL,"
  "  password_hash TEXT NOT NULL,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  created_at INTEGER NOT NULL,"
  "  created_by BLOB"
  ");"
  "CREATE INDEX account_org ON account (org_id);"

  "CREATE TABLE session ("
  "  token_hash BLOB PRIMARY KEY,"
  "  account_id BLOB NOT NULL REFERENCES account (id),"
  "  client_id TEXT,"
  "  address TEXT,"
  "  created_at INTEGER NOT NULL,"
  "  expires_at INTEGER NOT NULL,"
  "  revoked_at INTEGER"
  ") WITHOUT ROWID;"
  "CREATE INDEX session_account ON session (account_id);"

  /* One row per failed login, under "user:NAME" and "addr:ADDRESS"; rows older than the
   * rate-limit window are deleted as new ones come. */
  "CREATE TABLE login_failure ("
  "  subject TEXT NOT NULL,"
  "  at INTEGER NOT NULL"
  ");"
  "CREATE INDEX login_failure_subject ON login_failure (subject, at);";

/* Sync (sync.md; tj-server-records.c). A record is kept whole as JSON text (served as is
 * in pull pages) with per-field versions and authors beside it in `fields`
 * ({NAME: {"v": VERSION, "h": HLC, "c": CLIENT, "u": USER}}); a deleted record stays as a
 * tombstone. `org_id` is the organisation the server derived for it, never the client's
 * word. `change` holds the newest change of each record per bucket (an organisation and
 * each of its ancestors); `seq` comes from meta 'seq' inside the write transaction, so it
 * follows commit order. `bucket_stat` keeps each bucket's live count and the sum of
 * tj_sync_record_hash () (mod 2^64) for pull checkpoints. `ledger` remembers each
 * mutation's answer for replays. */
static const char schema_v2[] =
  "CREATE TABLE client ("
  "  client_id BLOB PRIMARY KEY CHECK (length (client_id) = 16),"
  "  account_id BLOB NOT NULL REFERENCES account (id),"
  "  last_mutation_id INTEGER NOT NULL DEFAULT 0,"
  "  created_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE ledger ("
  "  client_id BLOB NOT NULL,"
  "  mutation_id INTEGER NOT NULL,"
  "  result TEXT NOT NULL,"
  "  PRIMARY KEY (client_id, mutation_id)"
  ") WITHOUT ROWID;"

  "CREATE TABLE record ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  type TEXT NOT NULL,"
  "  org_id BLOB NOT NULL REFERENCES org (id),"
  "  version INTEGER NOT NULL,"
  "  deleted INTEGER NOT NULL DEFAULT 0,"
  "  doc TEXT NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  updated_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE change ("
  "  bucket BLOB NOT NULL,"
  "  record_id BLOB NOT NULL,"
  "  seq INTEGER NOT NULL,"
  "  op TEXT NOT NULL,"
  "  PRIMARY KEY (bucket, record_id)"
  ") WITHOUT ROWID;"
  "CREATE INDEX change_seq ON change (bucket, seq);"

  "CREATE TABLE bucket_stat ("
  "  bucket BLOB PRIMARY KEY,"
  "  count INTEGER NOT NULL DEFAULT 0,"
  "  checksum INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"

  "INSERT INTO meta (key, value) VALUES ('seq', 0), ('hlc', 0);";

/* Attachment bytes (tj-server-blobs.c): the files live in DIR/blobs/ab/SHA256; `blob`
 * remembers the first upload of each, `blob_upload` every account that has uploaded the
 * bytes (and so may read them back before a record names them). The expression index finds
 * the attachment records that name a hash, for the jurisdiction check of a download. */
static const char schema_v3[] =
  "CREATE TABLE blob ("
  "  sha256 TEXT PRIMARY KEY CHECK (length (sha256) = 64),"
  "  size INTEGER NOT NULL,"
  "  uploaded_by_client TEXT,"
  "  uploaded_at INTEGER NOT NULL"
  ") WITHOUT ROWID;"

  "CREATE TABLE blob_upload ("
  "  sha256 TEXT NOT NULL,"
  "  account_id BLOB NOT NULL,"
  "  client_id TEXT,"
  "  uploaded_at INTEGER NOT NULL,"
  "  PRIMARY KEY (sha256, account_id)"
  ") WITHOUT ROWID;"

  "CREATE INDEX record_attachment_sha256 ON record (json_extract (doc, '$.sha256')) "
  "  WHERE type = 'attachment';";

/* Final documents (tj-server-documents.c) are records of type 'document'. These find one
 * by its PDF's hash (verification, blob downloads) and by its verification code, which is
 * unique: the push refuses a second use of a code before this index would. */
static const char schema_v4[] =
  "CREATE INDEX record_document_sha256 ON record (json_extract (doc, '$.sha256')) "
  "  WHERE type = 'document';"
  "CREATE UNIQUE INDEX record_document_code ON record (json_extract (doc, '$.verification')) "
  "  WHERE type = 'document';";

/* A submitted monthly report names its CSV (a blob, as its PDF): found for downloads. */
static const char schema_v5[] =
  "CREATE INDEX record_document_csv_sha256 ON record (json_extract (doc, '$.csv_sha256')) "
  "  WHERE type = 'document';";

/* Delegating a case (tj-server-move.c) finds what hangs on it: records naming the case,
 * clauses naming an agreement, conflicts naming a record. And desks. */
static const char schema_v6[] =
  "CREATE INDEX record_case_child ON record (json_extract (doc, '$.case_id')) "
  "  WHERE type IN ('party', 'claim', 'session', 'agreement', 'attachment', 'access_log', "
  "                 'document');"
  "CREATE INDEX record_clause_agreement ON record (json_extract (doc, '$.agreement_id')) "
  "  WHERE type = 'clause';"
  "CREATE INDEX record_conflict_record ON record (json_extract (doc, '$.record')) "
  "  WHERE type = 'conflict';"

  /* Which client holds which desk of an organisation (tj-server-desks.c). */
  "CREATE TABLE desk ("
  "  org_id BLOB NOT NULL,"
  "  desk INTEGER NOT NULL CHECK (desk >= 1),"
  "  client_id BLOB NOT NULL CHECK (length (client_id) = 16),"
  "  assigned_at INTEGER NOT NULL,"
  "  PRIMARY KEY (org_id, desk)"
  ") WITHOUT ROWID;"
  "CREATE UNIQUE INDEX desk_client ON desk (org_id, client_id);";

static const TjMigration migrations[] = {
  { 1, schema_v1, NULL },
  { 2, schema_v2, NULL },
  { 3, schema_v3, NULL },
  { 4, schema_v4, NULL },
  { 5, schema_v5, NULL },
  { 6, schema_v6, NULL },
};

const TjMigration *
tj_server_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
