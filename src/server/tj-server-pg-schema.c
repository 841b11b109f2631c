/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-server-pg.h"

/* The PostgreSQL store's schema, one migration per version; a released one is never
 * edited. Version 1 is what SQLite's versions 1 to 6 (tj-server-schema.c) add up to, read
 * there for what each table is for. The differences are PostgreSQL's: ids are bytea whose
 * octet_length is 16; integers are bigint (times in Unix milliseconds, the checkpoint's
 * sum as the signed integer of its 64 bits, tj-server-records.c); `meta` values are text;
 * the organisation paths and user names compare byte by byte (COLLATE "C"), as SQLite's
 * do, since the subtree queries are ranges of paths; user names are unique without regard
 * to case through an index on lower (username), what COLLATE NOCASE does on SQLite; and
 * the expression indexes are on (doc::jsonb ->> 'member'), the expression the queries
 * use (tj-server-sql.h). */

static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key text PRIMARY KEY,"
  "  value text"
  ");"

  "CREATE TABLE org ("
  "  id bytea PRIMARY KEY CHECK (octet_length (id) = 16),"
  "  parent_id bytea REFERENCES org (id),"
  "  path text COLLATE \"C\" NOT NULL UNIQUE,"
  "  code text NOT NULL,"
  "  name text NOT NULL,"
  "  short_name text,"
  "  level text NOT NULL,"
  "  type text NOT NULL,"
  "  active bigint NOT NULL DEFAULT 1,"
  "  created_at bigint NOT NULL,"
  "  created_by bytea,"
  "  UNIQUE (code, type)"
  ");"
  "CREATE INDEX org_parent ON org (parent_id);"

  "CREATE TABLE account ("
  "  id bytea PRIMARY KEY CHECK (octet_length (id) = 16),"
  "  org_id bytea NOT NULL REFERENCES org (id),"
  "  username text COLLATE \"C\" NOT NULL,"
  "  name text NOT NULL,"
  "  role text NOT NULL,"
  "  password_hash text NOT NULL,"
  "  active bigint NOT NULL DEFAULT 1,"
  "  created_at bigint NOT NULL,"
  "  created_by bytea"
  ");"
  "CREATE UNIQUE INDEX account_username ON account (lower (username));"
  "CREATE INDEX account_org ON account (org_id);"

  "CREATE TABLE session ("
  "  token_hash bytea PRIMARY KEY,"
  "  account_id bytea NOT NULL REFERENCES account (id),"
  "  client_id text,"
  "  address text,"
  "  created_at bigint NOT NULL,"
  "  expires_at bigint NOT NULL,"
  "  revoked_at bigint"
  ");"
  "CREATE INDEX session_account ON session (account_id);"

  "CREATE TABLE login_failure ("
  "  subject text NOT NULL,"
  "  at bigint NOT NULL"
  ");"
  "CREATE INDEX login_failure_subject ON login_failure (subject, at);"

  "CREATE TABLE client ("
  "  client_id bytea PRIMARY KEY CHECK (octet_length (client_id) = 16),"
  "  account_id bytea NOT NULL REFERENCES account (id),"
  "  last_mutation_id bigint NOT NULL DEFAULT 0,"
  "  created_at bigint NOT NULL"
  ");"

  "CREATE TABLE ledger ("
  "  client_id bytea NOT NULL,"
  "  mutation_id bigint NOT NULL,"
  "  result text NOT NULL,"
  "  PRIMARY KEY (client_id, mutation_id)"
  ");"

  "CREATE TABLE record ("
  "  id bytea PRIMARY KEY CHECK (octet_length (id) = 16),"
  "  type text NOT NULL,"
  "  org_id bytea NOT NULL REFERENCES org (id),"
  "  version bigint NOT NULL,"
  "  deleted bigint NOT NULL DEFAULT 0,"
  "  doc text NOT NULL,"
  "  fields text NOT NULL,"
  "  updated_at bigint NOT NULL"
  ");"

  "CREATE TABLE change ("
  "  bucket bytea NOT NULL,"
  "  record_id bytea NOT NULL,"
  "  seq bigint NOT NULL,"
  "  op text NOT NULL,"
  "  PRIMARY KEY (bucket, record_id)"
  ");"
  "CREATE INDEX change_seq ON change (bucket, seq);"

  "CREATE TABLE bucket_stat ("
  "  bucket bytea PRIMARY KEY,"
  "  count bigint NOT NULL DEFAULT 0,"
  "  checksum bigint NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE blob ("
  "  sha256 text PRIMARY KEY CHECK (length (sha256) = 64),"
  "  size bigint NOT NULL,"
  "  uploaded_by_client text,"
  "  uploaded_at bigint NOT NULL"
  ");"

  "CREATE TABLE blob_upload ("
  "  sha256 text NOT NULL,"
  "  account_id bytea NOT NULL,"
  "  client_id text,"
  "  uploaded_at bigint NOT NULL,"
  "  PRIMARY KEY (sha256, account_id)"
  ");"

  "CREATE INDEX record_attachment_sha256 ON record ((doc::jsonb ->> 'sha256')) "
  "  WHERE type = 'attachment';"
  "CREATE INDEX record_document_sha256 ON record ((doc::jsonb ->> 'sha256')) "
  "  WHERE type = 'document';"
  "CREATE UNIQUE INDEX record_document_code ON record ((doc::jsonb ->> 'verification')) "
  "  WHERE type = 'document';"
  "CREATE INDEX record_document_csv_sha256 ON record ((doc::jsonb ->> 'csv_sha256')) "
  "  WHERE type = 'document';"
  "CREATE INDEX record_case_child ON record ((doc::jsonb ->> 'case_id')) "
  "  WHERE type IN ('party', 'claim', 'session', 'agreement', 'attachment', 'access_log', "
  "                 'document');"
  "CREATE INDEX record_clause_agreement ON record ((doc::jsonb ->> 'agreement_id')) "
  "  WHERE type = 'clause';"
  "CREATE INDEX record_conflict_record ON record ((doc::jsonb ->> 'record')) "
  "  WHERE type = 'conflict';"

  "CREATE TABLE desk ("
  "  org_id bytea NOT NULL,"
  "  desk bigint NOT NULL CHECK (desk >= 1),"
  "  client_id bytea NOT NULL CHECK (octet_length (client_id) = 16),"
  "  assigned_at bigint NOT NULL,"
  "  PRIMARY KEY (org_id, desk)"
  ");"
  "CREATE UNIQUE INDEX desk_client ON desk (org_id, client_id);"

  /* The writers' lock (tj-server-pg.c, _tj_server_pg_begin) is this row's. */
  "INSERT INTO meta (key, value) VALUES ('seq', '0'), ('hlc', '0');";

static const TjServerPgMigration migrations[] = {
  { 1, schema_v1 },
};

const TjServerPgMigration *
_tj_server_pg_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
