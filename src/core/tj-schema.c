/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-store-private.h"
#include "tj-search.h"

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

static gboolean
backfill_search (TjStore *store, GError **error)
{
  return _tj_search_rebuild (store, error);
}

static const TjMigration migrations[] = {
  { 1, schema_v1, NULL },
  { 2, schema_v2, backfill_search },
};

const TjMigration *
_tj_schema_get_migrations (guint *n_migrations)
{
  *n_migrations = G_N_ELEMENTS (migrations);
  return migrations;
}
