/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-store-private.h"
#include "tj-search.h"
#include "tj-sync-sum.h"

/* The replica's schema, one migration per version. A released migration is never edited:
 * a change is a new version, and tests/core/test-schema.c upgrades a file made at every
 * earlier version and checks its data. Dates are ISO text, times are Unix milliseconds
 * UTC, money is integer fen, ids are 16-byte UUIDv7 blobs. Each synced record has a
 * `version`: the server's version of the record this replica last saw (0: never synced). */

static const char schema_v1[] =
  "CREATE TABLE meta ("
  "  key TEXT PRIMARY KEY,"
  "  value"
  ") WITHOUT ROWID;"

  "CREATE TABLE organisation ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  parent_id BLOB REFERENCES organisation (id),"
  "  region_code TEXT NOT NULL,"
  "  name TEXT NOT NULL,"
  "  short_name TEXT,"
  "  level TEXT NOT NULL,"
  "  type TEXT NOT NULL,"
  "  address TEXT,"
  "  phone TEXT,"
  "  case_no_pattern TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"

  "CREATE TABLE person ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  org_id BLOB NOT NULL REFERENCES organisation (id),"
  "  name TEXT NOT NULL,"
  "  roles INTEGER NOT NULL DEFAULT 1,"
  "  phone TEXT,"
  "  certificate_no TEXT,"
  "  certificate_until TEXT,"
  "  active INTEGER NOT NULL DEFAULT 1,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX person_org ON person (org_id);"

  "CREATE TABLE \"case\" ("
  "  cid INTEGER PRIMARY KEY,"
  "  id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
  "  org_id BLOB NOT NULL REFERENCES organisation (id),"
  "  case_no TEXT NOT NULL,"
  "  source TEXT NOT NULL,"
  "  delegation_ref TEXT,"
  "  received TEXT NOT NULL,"
  "  channel TEXT NOT NULL,"
  "  state TEXT NOT NULL,"
  "  types INTEGER NOT NULL,"
  "  facts TEXT,"
  "  industry TEXT,"
  "  employer_type TEXT,"
  "  collective INTEGER NOT NULL DEFAULT 0,"
  "  workers INTEGER NOT NULL DEFAULT 1,"
  "  claimed INTEGER NOT NULL DEFAULT 0,"
  "  agreed INTEGER,"
  "  paid INTEGER,"
  "  mediator_id BLOB REFERENCES person (id),"
  "  complexity TEXT NOT NULL DEFAULT 'ordinary',"
  "  consent_date TEXT,"
  "  accepted_date TEXT,"
  "  planned_end TEXT,"
  "  closed_date TEXT,"
  "  closing_reason TEXT,"
  "  closing_note TEXT,"
  "  refusal_notified TEXT,"
  "  review_applied TEXT,"
  "  review_decided TEXT,"
  "  review_grounds TEXT,"
  "  performance TEXT,"
  "  archived TEXT,"
  "  due TEXT,"
  "  due_clock TEXT,"
  "  due_provisional INTEGER NOT NULL DEFAULT 0,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE UNIQUE INDEX case_number ON \"case\" (case_no, org_id);"
  "CREATE INDEX case_received ON \"case\" (received);"
  "CREATE INDEX case_state ON \"case\" (state, received);"
  "CREATE INDEX case_state_due ON \"case\" (state, due) WHERE due IS NOT NULL;"
  "CREATE INDEX case_state_number ON \"case\" (state, case_no);"
  "CREATE INDEX case_due ON \"case\" (due) WHERE due IS NOT NULL;"
  "CREATE INDEX case_mediator ON \"case\" (mediator_id, received) WHERE mediator_id IS NOT NULL;"

  "CREATE TABLE party ("
  "  pid INTEGER PRIMARY KEY,"
  "  id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  side TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT NOT NULL,"
  "  id_type TEXT,"
  "  id_number TEXT,"
  "  sex TEXT,"
  "  birth_date TEXT,"
  "  ethnicity TEXT,"
  "  address TEXT,"
  "  service_address TEXT,"
  "  phone TEXT,"
  "  legal_rep TEXT,"
  "  legal_rep_title TEXT,"
  "  agents TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX party_case ON party (case_id);"

  "CREATE TABLE claim ("
  "  rid INTEGER PRIMARY KEY,"
  "  id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  type TEXT NOT NULL,"
  "  amount INTEGER NOT NULL DEFAULT 0,"
  "  period_from TEXT,"
  "  period_to TEXT,"
  "  description TEXT,"
  "  outcome TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX claim_case ON claim (case_id);"

  "CREATE TABLE session ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  started INTEGER NOT NULL,"
  "  ended INTEGER,"
  "  place TEXT,"
  "  mode TEXT NOT NULL DEFAULT 'in_person',"
  "  mediators TEXT,"
  "  recorder TEXT,"
  "  attendees TEXT,"
  "  transcript TEXT,"
  "  result TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX session_case ON session (case_id);"

  "CREATE TABLE agreement ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  signed TEXT,"
  "  effective TEXT,"
  "  waiver TEXT,"
  "  review_state TEXT,"
  "  review_decision TEXT,"
  "  performance TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX agreement_case ON agreement (case_id);"

  "CREATE TABLE clause ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  agreement_id BLOB NOT NULL REFERENCES agreement (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  payer TEXT NOT NULL,"
  "  payee TEXT NOT NULL,"
  "  what TEXT NOT NULL,"
  "  amount INTEGER,"
  "  due TEXT,"
  "  method TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX clause_agreement ON clause (agreement_id);"

  "CREATE TABLE attachment ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  name TEXT NOT NULL,"
  "  mime_type TEXT,"
  "  size INTEGER NOT NULL,"
  "  sha256 TEXT NOT NULL,"
  "  added_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX attachment_case ON attachment (case_id);"

  "CREATE TABLE document ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  kind TEXT NOT NULL,"
  "  number TEXT,"
  "  sha256 TEXT NOT NULL,"
  "  verification TEXT NOT NULL,"
  "  rendered_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ");"
  "CREATE INDEX document_case ON document (case_id);"

  /* The event log is append-only: every action and edit, who did it, when it was
   * recorded and when the person says it happened. */
  "CREATE TABLE event ("
  "  eid INTEGER PRIMARY KEY,"
  "  id BLOB NOT NULL UNIQUE CHECK (length (id) = 16),"
  "  case_id BLOB,"
  "  record_id BLOB NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  actor_id BLOB,"
  "  recorded_at INTEGER NOT NULL,"
  "  stated_at INTEGER NOT NULL,"
  "  late INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT"
  ");"
  "CREATE INDEX event_case ON event (case_id) WHERE case_id IS NOT NULL;"
  "CREATE TRIGGER event_append_only BEFORE UPDATE ON event "
  "BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"

  /* Field-level mutations waiting to be pushed (sync.md). `fields` is a JSON object of
   * the new values; every field of one mutation shares its base version and HLC. */
  "CREATE TABLE outbox ("
  "  mutation_id INTEGER PRIMARY KEY,"
  "  record_id BLOB NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  base INTEGER NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  fields TEXT NOT NULL,"
  "  event_id BLOB"
  ");"

  /* Case numbers are allocated offline: each (organisation, year, desk) has a counter only
   * one replica increments. */
  "CREATE TABLE case_counter ("
  "  org_id BLOB NOT NULL,"
  "  year INTEGER NOT NULL,"
  "  desk INTEGER NOT NULL,"
  "  next INTEGER NOT NULL,"
  "  PRIMARY KEY (org_id, year, desk)"
  ") WITHOUT ROWID;";

static const char schema_v2[] =
  /* Fragment search (see tj-search.c): contentless, no positions; hits are verified
   * against the text, so the index only has to narrow. */
  "CREATE VIRTUAL TABLE case_search USING fts5 ("
  "  text, content = '', tokenize = 'tj_ngram', detail = none,"
  "  columnsize = 0);"

  /* Calendar years imported after the build (a new State Council notice), and settings
   * a province can change (deadline periods, late-entry interval, number patterns). */
  "CREATE TABLE calendar_year ("
  "  year INTEGER PRIMARY KEY,"
  "  data TEXT NOT NULL,"
  "  imported_at INTEGER NOT NULL"
  ");"
  "CREATE TABLE setting ("
  "  key TEXT PRIMARY KEY,"
  "  value TEXT NOT NULL"
  ") WITHOUT ROWID;";

/* A registration's creates keep no copy of the fields (NULL): the pusher reads the
 * records as they are then. The copy was more than half of an unsynced replica.
 * The search index changes its grams (tj-search.c) and is rebuilt. */
static const char schema_v3[] =
  "CREATE TABLE outbox_v3 ("
  "  mutation_id INTEGER PRIMARY KEY,"
  "  record_id BLOB NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  base INTEGER NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  fields TEXT CHECK (fields IS NOT NULL OR op = 'create'),"
  "  event_id BLOB,"
  /* A registration is one entry: the case's create, then the creates of its parties and
   * claims, packed here as kind byte ('p', 'c') + 16-byte id, numbered on from
   * mutation_id. */
  "  children BLOB CHECK (children IS NULL OR (op = 'create' AND length (children) % 17 = 0))"
  ");"
  "INSERT INTO outbox_v3 (mutation_id, record_id, kind, op, base, hlc, fields, event_id) "
  "  SELECT mutation_id, record_id, kind, op, base, hlc, fields, event_id FROM outbox;"
  "DROP TABLE outbox;"
  "ALTER TABLE outbox_v3 RENAME TO outbox;"
  /* One row per mutation, as pushed; for reading and checking, not for the pusher. */
  "CREATE VIEW outbox_mutation (mutation_id, record_id, kind, op, base, hlc, fields, event_id) AS "
  "  WITH RECURSIVE m (mutation_id, record_id, kind, op, base, hlc, fields, event_id, rest) AS ("
  "    SELECT mutation_id, record_id, kind, op, base, hlc, fields, event_id, children "
  "      FROM outbox "
  "    UNION ALL "
  "    SELECT mutation_id + 1, substr (rest, 2, 16), "
  "           CASE substr (rest, 1, 1) WHEN X'70' THEN 'party' WHEN X'63' THEN 'claim' END, "
  "           'create', 0, hlc, NULL, event_id, substr (rest, 18) "
  "      FROM m WHERE length (rest) >= 17) "
  "  SELECT mutation_id, record_id, kind, op, base, hlc, fields, event_id FROM m;"
  /* A list filtered by a dispute type few cases have (tj-case-list.c); the newest-first
   * list walks its index checking deadline and types without reading the rows. */
  "CREATE INDEX case_types ON \"case\" (types);"
  "DROP INDEX case_received;"
  "CREATE INDEX case_received ON \"case\" (received, cid, due, types);"
  /* The deadline index covers what a filtered walk checks. */
  "DROP INDEX case_due;"
  "CREATE INDEX case_due ON \"case\" (due, cid, state, types) WHERE due IS NOT NULL;"
  /* A state in deadline order is served by the walk of the deadline index, which covers
   * it (tj-case-list.c); the number index covers nothing, so a state keeps its own. */
  "DROP INDEX case_state_due;"
  /* Parties, claims and events are found by id and by case: keyed by their id, with no
   * separate row number, they cost one b-tree less each. */
  "CREATE TABLE party_v3 ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  side TEXT NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  name TEXT NOT NULL,"
  "  id_type TEXT,"
  "  id_number TEXT,"
  "  sex TEXT,"
  "  birth_date TEXT,"
  "  ethnicity TEXT,"
  "  address TEXT,"
  "  service_address TEXT,"
  "  phone TEXT,"
  "  legal_rep TEXT,"
  "  legal_rep_title TEXT,"
  "  agents TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "INSERT INTO party_v3 SELECT id, case_id, side, kind, position, name, id_type, id_number, "
  "  sex, birth_date, ethnicity, address, service_address, phone, legal_rep, legal_rep_title, "
  "  agents, version FROM party;"
  "DROP TABLE party;"
  "ALTER TABLE party_v3 RENAME TO party;"
  "CREATE INDEX party_case ON party (case_id);"
  "CREATE TABLE claim_v3 ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  position INTEGER NOT NULL DEFAULT 0,"
  "  type TEXT NOT NULL,"
  "  amount INTEGER NOT NULL DEFAULT 0,"
  "  period_from TEXT,"
  "  period_to TEXT,"
  "  description TEXT,"
  "  outcome TEXT,"
  "  version INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  "INSERT INTO claim_v3 SELECT id, case_id, position, type, amount, period_from, period_to, "
  "  description, outcome, version FROM claim;"
  "DROP TABLE claim;"
  "ALTER TABLE claim_v3 RENAME TO claim;"
  "CREATE INDEX claim_case ON claim (case_id);"
  "CREATE TABLE event_v3 ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB,"
  "  record_id BLOB NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  action TEXT NOT NULL,"
  "  actor_id BLOB,"
  "  recorded_at INTEGER NOT NULL,"
  "  stated_at INTEGER NOT NULL,"
  "  late INTEGER NOT NULL DEFAULT 0,"
  "  note TEXT,"
  "  hlc INTEGER NOT NULL DEFAULT 0"
  ") WITHOUT ROWID;"
  /* Earlier events keep their order: their row numbers sort before any clock value. */
  "INSERT INTO event_v3 SELECT id, case_id, record_id, kind, action, actor_id, recorded_at, "
  "  stated_at, late, note, eid FROM event;"
  "DROP TABLE event;"
  "ALTER TABLE event_v3 RENAME TO event;"
  "CREATE INDEX event_case ON event (case_id) WHERE case_id IS NOT NULL;"
  "CREATE TRIGGER event_append_only BEFORE UPDATE ON event "
  "BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;"
  "CREATE TRIGGER event_no_delete BEFORE DELETE ON event "
  "BEGIN SELECT RAISE (ABORT, 'the event log is append-only'); END;";

/* Sync (sync.md): one cursor per jurisdiction bucket, stored with each page it applied;
 * records this replica keeps as documents (conflicts, rejections, kinds it has no table
 * for); parties and claims that arrived before their case. */
static const char schema_v4[] =
  "CREATE TABLE sync_state ("
  "  bucket BLOB PRIMARY KEY,"
  "  epoch TEXT NOT NULL,"
  "  next INTEGER NOT NULL DEFAULT 0,"
  "  count INTEGER,"
  "  checksum TEXT"
  ") WITHOUT ROWID;"
  "CREATE TABLE sync_record ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  type TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  doc TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX sync_record_type ON sync_record (type);"
  "CREATE TABLE sync_parked ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB NOT NULL,"
  "  type TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  doc TEXT NOT NULL"
  ") WITHOUT ROWID;"
  "CREATE INDEX sync_parked_case ON sync_parked (case_id);";

/* Documents (documents.md): a monthly report belongs to an organisation, not a case; a
 * final document is found by its hash (verify) and by its printed code (tampered). */
static const char schema_v5[] =
  "CREATE TABLE document_v5 ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  case_id BLOB REFERENCES \"case\" (id) ON DELETE CASCADE,"
  "  org_id BLOB,"
  "  kind TEXT NOT NULL,"
  "  number TEXT,"
  "  ref TEXT,"
  "  sha256 TEXT NOT NULL CHECK (length (sha256) = 64),"
  "  verification TEXT NOT NULL,"
  "  pages INTEGER,"
  "  rendered_at INTEGER NOT NULL,"
  "  version INTEGER NOT NULL DEFAULT 0,"
  "  CHECK (case_id IS NOT NULL OR org_id IS NOT NULL)"
  ");"
  "INSERT INTO document_v5 (id, case_id, kind, number, ref, sha256, verification, rendered_at, "
  "  version) SELECT id, case_id, kind, number, number, sha256, verification, rendered_at, "
  "  version FROM document;"
  "DROP TABLE document;"
  "ALTER TABLE document_v5 RENAME TO document;"
  "CREATE INDEX document_case ON document (case_id) WHERE case_id IS NOT NULL;"
  "CREATE INDEX document_sha256 ON document (sha256);"
  "CREATE UNIQUE INDEX document_verification ON document (verification);";

static gboolean
backfill_search (TjStore *store, GError **error)
{
  return _tj_search_rebuild (store, error);
}

/* Records pulled while an edit of ours to them waited to be pushed (sync.md, Pull): the
 * server's version waits here until the server has answered the edit, then goes in
 * (a NULL doc is a remove). */
static const char schema_v6[] =
  "CREATE TABLE sync_deferred ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  type TEXT NOT NULL,"
  "  version INTEGER NOT NULL,"
  "  doc TEXT"
  ") WITHOUT ROWID;";

/* Sync (sync.md, Reset and restore): edits the server acknowledged stay a while, so they
 * can be sent again to a server restored from an older copy; during a reset, the records
 * the server's snapshot has not named yet (what is left at its end is gone). */
static const char schema_v7[] =
  "CREATE TABLE outbox_acked ("
  "  mutation_id INTEGER PRIMARY KEY,"
  "  record_id BLOB NOT NULL,"
  "  kind TEXT NOT NULL,"
  "  op TEXT NOT NULL,"
  "  base INTEGER NOT NULL,"
  "  hlc INTEGER NOT NULL,"
  "  fields TEXT,"
  "  event_id BLOB,"
  "  children BLOB"
  ");"
  "CREATE TABLE sync_unseen ("
  "  id BLOB PRIMARY KEY CHECK (length (id) = 16),"
  "  type TEXT NOT NULL"
  ") WITHOUT ROWID;";

/* A submitted monthly report keeps its CSV as it was at the submission, as a blob beside
 * the PDF (tj-doc.c): the record names its hash. */
static const char schema_v8[] =
  "ALTER TABLE document ADD COLUMN csv_sha256 TEXT "
  "  CHECK (csv_sha256 IS NULL OR length (csv_sha256) = 64);";

/* The pull checkpoints' count and sum over what the replica holds of the server's records
 * (tj-sync-sum.h): the table here, its triggers and first numbers made by the function. */
static const char schema_v9[] =
  "CREATE TABLE sync_sum ("
  "  one INTEGER PRIMARY KEY CHECK (one = 1),"
  "  count INTEGER NOT NULL,"
  "  checksum INTEGER NOT NULL"
  ");"
  "INSERT INTO sync_sum (one, count, checksum) VALUES (1, 0, 0);";

static const TjMigration migrations[] = {
  { 1, schema_v1, NULL },
  { 2, schema_v2, backfill_search },
  { 3, schema_v3, backfill_search },
  { 4, schema_v4, NULL },
  { 5, schema_v5, NULL },
  { 6, schema_v6, NULL },
  { 7, schema_v7, NULL },
  { 8, schema_v8, NULL },
  { 9, schema_v9, _tj_sync_sum_install },
};

const TjMigration *
_tj_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
