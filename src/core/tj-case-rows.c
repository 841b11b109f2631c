/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-uuid.h"

/* China has had no daylight saving time since 1991, so Beijing time is a fixed offset. */
#define BEIJING_OFFSET_MS (8 * 3600 * (gint64) 1000)

char *
_tj_date_string (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

/* The calendar date in Beijing of a moment. */
char *
_tj_date_of_ms (gint64 ms)
{
  GDate date;

  g_date_clear (&date, 1);
  g_date_set_julian (&date, (guint32) ((ms + BEIJING_OFFSET_MS) / (86400 * (gint64) 1000)) + 719163);
  return _tj_date_string (&date);
}

/* JSON literals, appended to a scratch string that the sink reads at once. */
static void
emit_text (GString *scratch, TjFieldSink sink, gpointer data, const char *name, const char *value)
{
  g_string_truncate (scratch, 0);
  if (value == NULL)
    g_string_append (scratch, "null");
  else
    tj_json_escape_append (scratch, value);
  sink (data, name, scratch->str);
}

static void
emit_int (GString *scratch, TjFieldSink sink, gpointer data, const char *name, gint64 value)
{
  g_string_printf (scratch, "%" G_GINT64_FORMAT, value);
  sink (data, name, scratch->str);
}

static void
emit_uuid (GString *scratch, TjFieldSink sink, gpointer data, const char *name, const TjUuid *value)
{
  char buf[TJ_UUID_STRING_LEN + 1];

  if (value == NULL || tj_uuid_is_nil (value))
    {
      sink (data, name, "null");
      return;
    }
  tj_uuid_to_string (value, buf);
  emit_text (scratch, sink, data, name, buf);
}

void
_tj_case_fields_foreach (const TjCase *c, TjFieldSink sink, gpointer data)
{
  g_autoptr(GString) s = g_string_sized_new (64);
  g_autofree char *types = tj_disputes_to_keys (c->types);

  emit_uuid (s, sink, data, "org_id", &c->org_id);
  emit_text (s, sink, data, "case_no", c->case_no);
  emit_text (s, sink, data, "source", tj_enum_key (&tj_enum_source, c->source));
  emit_text (s, sink, data, "delegation_ref", c->delegation_ref);
  emit_text (s, sink, data, "received", c->received);
  emit_text (s, sink, data, "channel", tj_enum_key (&tj_enum_channel, c->channel));
  emit_text (s, sink, data, "state", tj_enum_key (&tj_enum_state, c->state));
  emit_text (s, sink, data, "types", types);
  emit_text (s, sink, data, "facts", c->facts);
  emit_text (s, sink, data, "industry", c->industry);
  emit_text (s, sink, data, "employer_type", c->employer_type);
  sink (data, "collective", c->collective ? "true" : "false");
  emit_int (s, sink, data, "workers", c->workers);
  emit_int (s, sink, data, "claimed", c->claimed);
  if (c->agreed >= 0)
    emit_int (s, sink, data, "agreed", c->agreed);
  else
    sink (data, "agreed", "null");
  if (c->paid >= 0)
    emit_int (s, sink, data, "paid", c->paid);
  else
    sink (data, "paid", "null");
  emit_uuid (s, sink, data, "mediator_id", &c->mediator_id);
  emit_text (s, sink, data, "complexity", tj_enum_key (&tj_enum_complexity, c->complexity));
  emit_text (s, sink, data, "consent_date", c->consent_date);
  emit_text (s, sink, data, "accepted_date", c->accepted_date);
  emit_text (s, sink, data, "planned_end", c->planned_end);
  emit_text (s, sink, data, "closed_date", c->closed_date);
  emit_text (s, sink, data, "closing_reason", c->closing_reason);
  emit_text (s, sink, data, "closing_note", c->closing_note);
  emit_text (s, sink, data, "refusal_notified", c->refusal_notified);
  emit_text (s, sink, data, "review_applied", c->review_applied);
  emit_text (s, sink, data, "review_decided", c->review_decided);
  emit_text (s, sink, data, "review_grounds", c->review_grounds);
  emit_text (s, sink, data, "performance", c->performance);
  emit_text (s, sink, data, "archived", c->archived);
}

void
_tj_party_fields_foreach (const TjParty *p, const TjUuid *case_id, TjFieldSink sink, gpointer data)
{
  g_autoptr(GString) s = g_string_sized_new (64);

  emit_uuid (s, sink, data, "case_id", case_id);
  emit_text (s, sink, data, "side", tj_enum_key (&tj_enum_side, p->side));
  emit_text (s, sink, data, "kind", tj_enum_key (&tj_enum_party_kind, p->kind));
  emit_text (s, sink, data, "name", p->name);
  emit_text (s, sink, data, "id_type", tj_enum_key (&tj_enum_id_type, p->id_type));
  emit_text (s, sink, data, "id_number", p->id_number);
  emit_text (s, sink, data, "sex", p->sex);
  emit_text (s, sink, data, "birth_date", p->birth_date);
  emit_text (s, sink, data, "ethnicity", p->ethnicity);
  emit_text (s, sink, data, "address", p->address);
  emit_text (s, sink, data, "service_address", p->service_address);
  emit_text (s, sink, data, "phone", p->phone);
  emit_text (s, sink, data, "legal_rep", p->legal_rep);
  emit_text (s, sink, data, "legal_rep_title", p->legal_rep_title);
  sink (data, "agents", p->agents ? p->agents : "null");
}

void
_tj_claim_fields_foreach (const TjClaim *cl, const TjUuid *case_id, guint position,
                          TjFieldSink sink, gpointer data)
{
  g_autoptr(GString) s = g_string_sized_new (64);

  emit_uuid (s, sink, data, "case_id", case_id);
  emit_int (s, sink, data, "position", position);
  emit_text (s, sink, data, "type", tj_enum_key (&tj_enum_dispute, cl->type));
  emit_int (s, sink, data, "amount", cl->amount);
  emit_text (s, sink, data, "period_from", cl->period_from);
  emit_text (s, sink, data, "period_to", cl->period_to);
  emit_text (s, sink, data, "description", cl->description);
  emit_text (s, sink, data, "outcome", cl->outcome);
}

GHashTable *
_tj_fields_collect (void)
{
  return g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

void
_tj_fields_collect_sink (gpointer table, const char *name, const char *json)
{
  g_hash_table_insert (table, g_strdup (name), g_strdup (json));
}

static int
compare_names (gconstpointer a, gconstpointer b)
{
  return strcmp (*(const char * const *) a, *(const char * const *) b);
}

char *
_tj_fields_diff (GHashTable *before, GHashTable *after, GString *changed_names)
{
  GHashTableIter iter;
  gpointer key, value;
  TjFields f;
  g_autoptr(GPtrArray) names = g_ptr_array_new ();

  g_hash_table_iter_init (&iter, after);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (g_strcmp0 (g_hash_table_lookup (before, key), value) != 0)
      g_ptr_array_add (names, key);
  if (names->len == 0)
    return NULL;

  /* Stable order, so the same edit always gives the same JSON. */
  g_ptr_array_sort (names, compare_names);
  tj_fields_init (&f);
  for (guint i = 0; i < names->len; i++)
    {
      const char *name = g_ptr_array_index (names, i);

      tj_fields_raw (&f, name, g_hash_table_lookup (after, name));
      if (changed_names != NULL)
        {
          if (changed_names->len > 0)
            g_string_append (changed_names, ", ");
          g_string_append (changed_names, name);
        }
    }
  tj_fields_end (&f);
  return g_string_free (g_steal_pointer (&f.str), FALSE);
}

static void
bind_text_or_null (sqlite3_stmt *stmt, int i, const char *value)
{
  if (value != NULL)
    sqlite3_bind_text (stmt, i, value, -1, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

static void
bind_uuid_or_null (sqlite3_stmt *stmt, int i, const TjUuid *value)
{
  if (value != NULL && !tj_uuid_is_nil (value))
    sqlite3_bind_blob (stmt, i, value->bytes, 16, SQLITE_STATIC);
  else
    sqlite3_bind_null (stmt, i);
}

#define CASE_COLUMNS \
  "org_id, case_no, source, delegation_ref, received, channel, state, types, facts, " \
  "industry, employer_type, collective, workers, claimed, agreed, paid, mediator_id, " \
  "complexity, consent_date, accepted_date, planned_end, closed_date, closing_reason, " \
  "closing_note, refusal_notified, review_applied, review_decided, review_grounds, " \
  "performance, archived, due, due_clock, due_provisional, version"
#define N_CASE_COLUMNS 34

static void
bind_case (sqlite3_stmt *stmt, const TjCase *c)
{
  int i = 1;

  sqlite3_bind_blob (stmt, i++, c->org_id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, c->case_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_source, c->source), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, i++, c->delegation_ref);
  sqlite3_bind_text (stmt, i++, c->received, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_channel, c->channel), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_state, c->state), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, i++, c->types);
  bind_text_or_null (stmt, i++, c->facts);
  bind_text_or_null (stmt, i++, c->industry);
  bind_text_or_null (stmt, i++, c->employer_type);
  sqlite3_bind_int (stmt, i++, c->collective);
  sqlite3_bind_int (stmt, i++, c->workers);
  sqlite3_bind_int64 (stmt, i++, c->claimed);
  if (c->agreed >= 0)
    sqlite3_bind_int64 (stmt, i, c->agreed);
  i++;
  if (c->paid >= 0)
    sqlite3_bind_int64 (stmt, i, c->paid);
  i++;
  bind_uuid_or_null (stmt, i++, &c->mediator_id);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_complexity, c->complexity), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, i++, c->consent_date);
  bind_text_or_null (stmt, i++, c->accepted_date);
  bind_text_or_null (stmt, i++, c->planned_end);
  bind_text_or_null (stmt, i++, c->closed_date);
  bind_text_or_null (stmt, i++, c->closing_reason);
  bind_text_or_null (stmt, i++, c->closing_note);
  bind_text_or_null (stmt, i++, c->refusal_notified);
  bind_text_or_null (stmt, i++, c->review_applied);
  bind_text_or_null (stmt, i++, c->review_decided);
  bind_text_or_null (stmt, i++, c->review_grounds);
  bind_text_or_null (stmt, i++, c->performance);
  bind_text_or_null (stmt, i++, c->archived);
  bind_text_or_null (stmt, i++, c->due);
  bind_text_or_null (stmt, i++, c->due_clock);
  sqlite3_bind_int (stmt, i++, c->due_provisional);
  sqlite3_bind_int64 (stmt, i++, c->version);
  g_assert (i == N_CASE_COLUMNS + 1);
}

gboolean
_tj_case_row_insert (TjStore *store, TjCase *c, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    /* A cid is never given twice, nor below what the search index has taken in: a case
     * that left (delegated away) frees the highest cid, and a new case taking it would
     * count as indexed without being so (tj-search.c). */
    "INSERT INTO \"case\" (cid, " CASE_COLUMNS ", id) VALUES ("
    "max (coalesce ((SELECT max (cid) FROM \"case\"), 0), "
    "     coalesce ((SELECT CAST (value AS INTEGER) FROM meta "
    "                WHERE key = 'search_indexed_cid'), 0)) + 1, ?, "
    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  /* The id goes last so that bind_case () numbers from 1 for INSERT and UPDATE alike. */
  bind_case (stmt, c);
  sqlite3_bind_blob (stmt, N_CASE_COLUMNS + 1, c->id.bytes, 16, SQLITE_STATIC);
  if (!tj_store_step_done (store, stmt, error))
    return FALSE;
  /* Not RETURNING: SQLite gathers a RETURNING row in a temporary table, which cost a
   * third of the insert. (A trigger's own inserts do not change the last rowid.) */
  c->cid = sqlite3_last_insert_rowid (tj_store_get_db (store));
  return TRUE;
}

gboolean
_tj_case_row_update (TjStore *store, const TjCase *c, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "UPDATE \"case\" SET (" CASE_COLUMNS ") = ("
    "?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) WHERE cid = ?", error);

  if (stmt == NULL)
    return FALSE;
  bind_case (stmt, c);
  sqlite3_bind_int64 (stmt, N_CASE_COLUMNS + 1, c->cid);
  return tj_store_step_done (store, stmt, error);
}

#define PARTY_COLUMNS \
  "case_id, side, kind, position, name, id_type, id_number, sex, birth_date, ethnicity, " \
  "address, service_address, phone, legal_rep, legal_rep_title, agents, version, id"

static void
bind_party (sqlite3_stmt *stmt, const TjParty *p, const TjUuid *case_id, guint position)
{
  int i = 1;

  sqlite3_bind_blob (stmt, i++, case_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_side, p->side), -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_party_kind, p->kind), -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, i++, position);
  sqlite3_bind_text (stmt, i++, p->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_id_type, p->id_type), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, i++, p->id_number);
  bind_text_or_null (stmt, i++, p->sex);
  bind_text_or_null (stmt, i++, p->birth_date);
  bind_text_or_null (stmt, i++, p->ethnicity);
  bind_text_or_null (stmt, i++, p->address);
  bind_text_or_null (stmt, i++, p->service_address);
  bind_text_or_null (stmt, i++, p->phone);
  bind_text_or_null (stmt, i++, p->legal_rep);
  bind_text_or_null (stmt, i++, p->legal_rep_title);
  bind_text_or_null (stmt, i++, p->agents);
  sqlite3_bind_int64 (stmt, i++, p->version);
  sqlite3_bind_blob (stmt, i++, p->id.bytes, 16, SQLITE_STATIC);
}

gboolean
_tj_party_row_insert (TjStore *store, const TjParty *p, const TjUuid *case_id, guint position,
                      GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "INSERT INTO party (" PARTY_COLUMNS ") VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  bind_party (stmt, p, case_id, position);
  return tj_store_step_done (store, stmt, error);
}

gboolean
_tj_party_row_update (TjStore *store, const TjParty *p, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "UPDATE party SET (name, id_type, id_number, sex, birth_date, ethnicity, address, "
    "service_address, phone, legal_rep, legal_rep_title, agents, kind) = "
    "(?,?,?,?,?,?,?,?,?,?,?,?,?) WHERE id = ?", error);
  int i = 1;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, i++, p->name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_id_type, p->id_type), -1, SQLITE_STATIC);
  bind_text_or_null (stmt, i++, p->id_number);
  bind_text_or_null (stmt, i++, p->sex);
  bind_text_or_null (stmt, i++, p->birth_date);
  bind_text_or_null (stmt, i++, p->ethnicity);
  bind_text_or_null (stmt, i++, p->address);
  bind_text_or_null (stmt, i++, p->service_address);
  bind_text_or_null (stmt, i++, p->phone);
  bind_text_or_null (stmt, i++, p->legal_rep);
  bind_text_or_null (stmt, i++, p->legal_rep_title);
  bind_text_or_null (stmt, i++, p->agents);
  sqlite3_bind_text (stmt, i++, tj_enum_key (&tj_enum_party_kind, p->kind), -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, i++, p->id.bytes, 16, SQLITE_STATIC);
  return tj_store_step_done (store, stmt, error);
}

gboolean
_tj_claim_row_insert (TjStore *store, const TjClaim *cl, const TjUuid *case_id, guint position,
                      GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "INSERT INTO claim (id, case_id, position, type, amount, period_from, period_to, "
    "description, outcome, version) VALUES (?,?,?,?,?,?,?,?,?,?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, cl->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, case_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 3, position);
  sqlite3_bind_text (stmt, 4, tj_enum_key (&tj_enum_dispute, cl->type), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, cl->amount);
  bind_text_or_null (stmt, 6, cl->period_from);
  bind_text_or_null (stmt, 7, cl->period_to);
  bind_text_or_null (stmt, 8, cl->description);
  bind_text_or_null (stmt, 9, cl->outcome);
  sqlite3_bind_int64 (stmt, 10, cl->version);
  return tj_store_step_done (store, stmt, error);
}

gboolean
_tj_claim_row_update (TjStore *store, const TjClaim *cl, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "UPDATE claim SET (type, amount, period_from, period_to, description, outcome) = "
    "(?,?,?,?,?,?) WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, tj_enum_key (&tj_enum_dispute, cl->type), -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, cl->amount);
  bind_text_or_null (stmt, 3, cl->period_from);
  bind_text_or_null (stmt, 4, cl->period_to);
  bind_text_or_null (stmt, 5, cl->description);
  bind_text_or_null (stmt, 6, cl->outcome);
  sqlite3_bind_blob (stmt, 7, cl->id.bytes, 16, SQLITE_STATIC);
  return tj_store_step_done (store, stmt, error);
}

gboolean
_tj_child_row_delete (TjStore *store, const char *kind, const TjUuid *id, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, strcmp (kind, "party") == 0
                                                ? "DELETE FROM party WHERE id = ?"
                                                : "DELETE FROM claim WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_STATIC);
  return tj_store_step_done (store, stmt, error);
}

/* After the last party of the case: positions are local (parties are listed in this
 * order) and may have gaps where parties were removed. */
guint
_tj_party_next_position (TjStore *store, const TjUuid *case_id)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT coalesce (max (position) + 1, 0) "
                                                "FROM party WHERE case_id = ?", NULL);
  guint position = 0;

  if (stmt == NULL)
    return 0;
  sqlite3_bind_blob (stmt, 1, case_id->bytes, 16, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    position = sqlite3_column_int (stmt, 0);
  sqlite3_reset (stmt);
  return position;
}

static char *
col_text (sqlite3_stmt *stmt, int i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  return text ? g_strdup (text) : NULL;
}

static void
col_uuid (sqlite3_stmt *stmt, int i, TjUuid *out)
{
  if (sqlite3_column_bytes (stmt, i) == 16)
    memcpy (out->bytes, sqlite3_column_blob (stmt, i), 16);
  else
    memset (out->bytes, 0, 16);
}

static guint
col_enum (sqlite3_stmt *stmt, int i, const TjEnum *e)
{
  guint value = 0;

  tj_enum_lookup (e, (const char *) sqlite3_column_text (stmt, i), &value);
  return value;
}

static gboolean
load_parties (TjStore *store, TjCase *c, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "SELECT id, side, kind, name, id_type, id_number, sex, birth_date, ethnicity, address, "
    "service_address, phone, legal_rep, legal_rep_title, agents, version "
    "FROM party WHERE case_id = ? ORDER BY position, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjParty *p = tj_party_new (col_enum (stmt, 1, &tj_enum_side),
                                 col_enum (stmt, 2, &tj_enum_party_kind),
                                 (const char *) sqlite3_column_text (stmt, 3));
      col_uuid (stmt, 0, &p->id);
      p->id_type = col_enum (stmt, 4, &tj_enum_id_type);
      p->id_number = col_text (stmt, 5);
      p->sex = col_text (stmt, 6);
      p->birth_date = col_text (stmt, 7);
      p->ethnicity = col_text (stmt, 8);
      p->address = col_text (stmt, 9);
      p->service_address = col_text (stmt, 10);
      p->phone = col_text (stmt, 11);
      p->legal_rep = col_text (stmt, 12);
      p->legal_rep_title = col_text (stmt, 13);
      p->agents = col_text (stmt, 14);
      p->version = sqlite3_column_int64 (stmt, 15);
      g_ptr_array_add (c->parties, p);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || tj_store_set_error_from_db (store, error);
}

static gboolean
load_claims (TjStore *store, TjCase *c, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "SELECT id, type, amount, period_from, period_to, description, outcome, version "
    "FROM claim WHERE case_id = ? ORDER BY position, id", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjClaim *cl = tj_claim_new (col_enum (stmt, 1, &tj_enum_dispute),
                                  sqlite3_column_int64 (stmt, 2));
      col_uuid (stmt, 0, &cl->id);
      cl->period_from = col_text (stmt, 3);
      cl->period_to = col_text (stmt, 4);
      cl->description = col_text (stmt, 5);
      cl->outcome = col_text (stmt, 6);
      cl->version = sqlite3_column_int64 (stmt, 7);
      g_ptr_array_add (c->claims, cl);
    }
  sqlite3_reset (stmt);
  return rc == SQLITE_DONE || tj_store_set_error_from_db (store, error);
}

TjCase *
_tj_case_row_load (TjStore *store, const char *ref, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "SELECT cid, id, " CASE_COLUMNS ", "
    "  (SELECT name FROM person WHERE person.id = c.mediator_id) "
    "FROM \"case\" c WHERE id = ?1 OR case_no = ?2 LIMIT 2", error);
  g_autoptr(TjCase) c = NULL;
  TjUuid id;
  int rc, i = 2;

  if (stmt == NULL)
    return NULL;
  if (tj_uuid_parse (ref, &id))
    sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, ref, -1, SQLITE_TRANSIENT);

  rc = sqlite3_step (stmt);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          tj_store_set_error_from_db (store, error);
          return NULL;
        }
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
                   _("Case: there is no case “%s” in this replica."), ref);
      return NULL;
    }

  c = tj_case_new ();
  c->cid = sqlite3_column_int64 (stmt, 0);
  col_uuid (stmt, 1, &c->id);
  col_uuid (stmt, i++, &c->org_id);
  c->case_no = col_text (stmt, i++);
  c->source = col_enum (stmt, i++, &tj_enum_source);
  c->delegation_ref = col_text (stmt, i++);
  c->received = col_text (stmt, i++);
  c->channel = col_enum (stmt, i++, &tj_enum_channel);
  c->state = col_enum (stmt, i++, &tj_enum_state);
  c->types = sqlite3_column_int64 (stmt, i++);
  c->facts = col_text (stmt, i++);
  c->industry = col_text (stmt, i++);
  c->employer_type = col_text (stmt, i++);
  c->collective = sqlite3_column_int (stmt, i++);
  c->workers = sqlite3_column_int (stmt, i++);
  c->claimed = sqlite3_column_int64 (stmt, i++);
  c->agreed = sqlite3_column_type (stmt, i) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, i);
  i++;
  c->paid = sqlite3_column_type (stmt, i) == SQLITE_NULL ? -1 : sqlite3_column_int64 (stmt, i);
  i++;
  col_uuid (stmt, i++, &c->mediator_id);
  c->complexity = col_enum (stmt, i++, &tj_enum_complexity);
  c->consent_date = col_text (stmt, i++);
  c->accepted_date = col_text (stmt, i++);
  c->planned_end = col_text (stmt, i++);
  c->closed_date = col_text (stmt, i++);
  c->closing_reason = col_text (stmt, i++);
  c->closing_note = col_text (stmt, i++);
  c->refusal_notified = col_text (stmt, i++);
  c->review_applied = col_text (stmt, i++);
  c->review_decided = col_text (stmt, i++);
  c->review_grounds = col_text (stmt, i++);
  c->performance = col_text (stmt, i++);
  c->archived = col_text (stmt, i++);
  c->due = col_text (stmt, i++);
  c->due_clock = col_text (stmt, i++);
  c->due_provisional = sqlite3_column_int (stmt, i++);
  c->version = sqlite3_column_int64 (stmt, i++);
  c->mediator_name = col_text (stmt, i++);

  /* Two rows: a case number that exists in two organisations of a supervisor's replica. */
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Case: “%s” names cases of more than one organisation; use the case id."),
                   ref);
      return NULL;
    }
  sqlite3_reset (stmt);

  if (!load_parties (store, c, error) || !load_claims (store, c, error))
    return NULL;
  return g_steal_pointer (&c);
}

/* A create lists the fields that have a value: an absent field is null. */
static void
snapshot_sink (gpointer data, const char *name, const char *json)
{
  if (strcmp (json, "null") != 0)
    tj_fields_raw (data, name, json);
}

char *
_tj_record_snapshot_fields (TjStore *store, const char *kind, const TjUuid *id, GError **error)
{
  g_autoptr(TjCase) c = NULL;
  TjUuid case_id = *id;
  char ref[TJ_UUID_STRING_LEN + 1];

  if (strcmp (kind, "party") == 0 || strcmp (kind, "claim") == 0)
    {
      sqlite3_stmt *stmt = tj_store_prepare (store, strcmp (kind, "party") == 0
                                               ? "SELECT case_id FROM party WHERE id = ?"
                                               : "SELECT case_id FROM claim WHERE id = ?", error);
      int rc;

      if (stmt == NULL)
        return NULL;
      sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        col_uuid (stmt, 0, &case_id);
      sqlite3_reset (stmt);
      if (rc != SQLITE_ROW)
        {
          if (rc != SQLITE_DONE)
            tj_store_set_error_from_db (store, error);
          else
            g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
                         _("Outbox: the %s record of a pending create is gone."), kind);
          return NULL;
        }
    }
  else if (strcmp (kind, "case") != 0)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
                   _("Outbox: a “%s” create has no stored fields."), kind);
      return NULL;
    }

  tj_uuid_to_string (&case_id, ref);
  c = _tj_case_row_load (store, ref, error);
  if (c == NULL)
    return NULL;
  return _tj_case_snapshot (c, kind, id);
}

char *
_tj_party_snapshot (const TjParty *p, const TjUuid *case_id)
{
  TjFields f;

  tj_fields_init (&f);
  _tj_party_fields_foreach (p, case_id, snapshot_sink, &f);
  tj_fields_end (&f);
  return g_string_free (g_steal_pointer (&f.str), FALSE);
}

char *
_tj_claim_snapshot (const TjClaim *cl, const TjUuid *case_id, guint position)
{
  TjFields f;

  tj_fields_init (&f);
  _tj_claim_fields_foreach (cl, case_id, position, snapshot_sink, &f);
  tj_fields_end (&f);
  return g_string_free (g_steal_pointer (&f.str), FALSE);
}

char *
_tj_case_snapshot (const TjCase *c, const char *kind, const TjUuid *id)
{
  TjFields f;

  for (guint i = 0; strcmp (kind, "party") == 0 && i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);

      if (tj_uuid_equal (&p->id, id))
        return _tj_party_snapshot (p, &c->id);
    }
  for (guint i = 0; strcmp (kind, "claim") == 0 && i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);

      if (tj_uuid_equal (&cl->id, id))
        return _tj_claim_snapshot (cl, &c->id, i);
    }
  tj_fields_init (&f);
  if (strcmp (kind, "case") == 0)
    _tj_case_fields_foreach (c, snapshot_sink, &f);
  tj_fields_end (&f);
  return g_string_free (g_steal_pointer (&f.str), FALSE);
}
