/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-case-json.h"
#include "tj-agents.h"
#include "tj-money.h"
#include "tj-uuid.h"
#include "tj-validate.h"

static void
add_text (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

static void
add_uuid (JsonBuilder *b, const char *name, const TjUuid *id)
{
  g_autofree char *text = tj_uuid_is_nil (id) ? NULL : tj_uuid_dup_string (id);

  add_text (b, name, text);
}

static void
add_fen (JsonBuilder *b, const char *name, gint64 fen)
{
  json_builder_set_member_name (b, name);
  if (fen >= 0)
    json_builder_add_int_value (b, fen);
  else
    json_builder_add_null_value (b);
}

static void
add_types (JsonBuilder *b, guint32 types)
{
  json_builder_set_member_name (b, "types");
  json_builder_begin_array (b);
  for (guint i = 0; i < TJ_N_DISPUTES; i++)
    if (types & (1u << i))
      json_builder_add_string_value (b, tj_enum_key (&tj_enum_dispute, i));
  json_builder_end_array (b);
}

/* The agents as they are stored, each with its authority and powers spelt out. */
static void
add_agents (JsonBuilder *b, const TjParty *p)
{
  g_autoptr(GPtrArray) agents = tj_agents_from_json (p->agents, p->name, NULL);

  json_builder_set_member_name (b, "agents");
  json_builder_begin_array (b);
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      TjAgent *a = g_ptr_array_index (agents, i);

      json_builder_begin_object (b);
      add_text (b, "name", a->name);
      add_text (b, "phone", a->phone);
      add_text (b, "authority", tj_enum_key (&tj_enum_authority, a->authority));
      json_builder_set_member_name (b, "powers");
      json_builder_begin_array (b);
      for (guint power = 0; power < TJ_N_POWERS; power++)
        if (a->powers & (1u << power))
          json_builder_add_string_value (b, tj_enum_key (&tj_enum_power, power));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
}

static char *
iso_time (gint64 ms)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (ms / 1000);
  g_autoptr(GTimeZone) tz = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) local = g_date_time_to_timezone (utc, tz);

  return g_date_time_format (local, "%Y-%m-%dT%H:%M:%S%:z");
}

static void
add_events (JsonBuilder *b, TjCaseStore *self, const TjCase *c)
{
  sqlite3_stmt *stmt = tj_store_prepare (tj_case_store_get_store (self),
    "SELECT e.action, e.kind, e.recorded_at, e.stated_at, e.late, e.note, p.name "
    "FROM event e LEFT JOIN person p ON p.id = e.actor_id "
    "WHERE e.case_id = ? ORDER BY e.hlc, e.id", NULL);

  json_builder_set_member_name (b, "events");
  json_builder_begin_array (b);
  if (stmt != NULL)
    {
      sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *recorded = iso_time (sqlite3_column_int64 (stmt, 2));
          g_autofree char *stated = iso_time (sqlite3_column_int64 (stmt, 3));

          json_builder_begin_object (b);
          add_text (b, "action", (const char *) sqlite3_column_text (stmt, 0));
          add_text (b, "record", (const char *) sqlite3_column_text (stmt, 1));
          add_text (b, "recorded_at", recorded);
          add_text (b, "stated_at", stated);
          json_builder_set_member_name (b, "late");
          json_builder_add_boolean_value (b, sqlite3_column_int (stmt, 4));
          add_text (b, "note", (const char *) sqlite3_column_text (stmt, 5));
          add_text (b, "actor", (const char *) sqlite3_column_text (stmt, 6));
          json_builder_end_object (b);
        }
      sqlite3_reset (stmt);
    }
  json_builder_end_array (b);
}

static void
add_attachments (JsonBuilder *b, TjCaseStore *self, const TjCase *c)
{
  sqlite3_stmt *stmt = tj_store_prepare (tj_case_store_get_store (self),
    "SELECT name, mime_type, size, sha256, added_at FROM attachment WHERE case_id = ? "
    "ORDER BY added_at", NULL);

  json_builder_set_member_name (b, "attachments");
  json_builder_begin_array (b);
  if (stmt != NULL)
    {
      sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
      while (sqlite3_step (stmt) == SQLITE_ROW)
        {
          g_autofree char *added = iso_time (sqlite3_column_int64 (stmt, 4));

          json_builder_begin_object (b);
          add_text (b, "name", (const char *) sqlite3_column_text (stmt, 0));
          add_text (b, "mime_type", (const char *) sqlite3_column_text (stmt, 1));
          json_builder_set_member_name (b, "size");
          json_builder_add_int_value (b, sqlite3_column_int64 (stmt, 2));
          add_text (b, "sha256", (const char *) sqlite3_column_text (stmt, 3));
          add_text (b, "added_at", added);
          json_builder_end_object (b);
        }
      sqlite3_reset (stmt);
    }
  json_builder_end_array (b);
}

JsonNode *
tj_case_to_json (TjCaseStore *self, const TjCase *c, gboolean reveal_ids, gboolean with_events)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(GArray) deadlines = tj_case_store_deadlines (self, c);
  g_autofree char *today = tj_case_store_today (self);
  g_autofree char *claimed = tj_money_format_yuan (c->claimed);

  json_builder_begin_object (b);
  add_uuid (b, "id", &c->id);
  add_text (b, "case_no", c->case_no);
  add_text (b, "state", tj_enum_key (&tj_enum_state, c->state));
  add_text (b, "state_label", tj_enum_label (&tj_enum_state, c->state));
  add_uuid (b, "org_id", &c->org_id);
  add_text (b, "source", tj_enum_key (&tj_enum_source, c->source));
  add_text (b, "delegation_ref", c->delegation_ref);
  add_text (b, "received", c->received);
  add_text (b, "channel", tj_enum_key (&tj_enum_channel, c->channel));
  add_types (b, c->types);
  add_text (b, "facts", c->facts);
  add_text (b, "industry", c->industry);
  {
    char section[2] = { tj_industry_section (c->industry), 0 };
    add_text (b, "industry_section", section[0] ? section : NULL);
  }
  add_text (b, "employer_type", c->employer_type);
  json_builder_set_member_name (b, "collective");
  json_builder_add_boolean_value (b, c->collective);
  json_builder_set_member_name (b, "workers");
  json_builder_add_int_value (b, c->workers);
  add_fen (b, "claimed_fen", c->claimed);
  add_text (b, "claimed_yuan", claimed);
  add_fen (b, "agreed_fen", c->agreed);
  add_fen (b, "paid_fen", c->paid);
  add_uuid (b, "mediator_id", &c->mediator_id);
  add_text (b, "mediator", c->mediator_name);
  add_text (b, "complexity", tj_enum_key (&tj_enum_complexity, c->complexity));
  add_text (b, "accepted_date", c->accepted_date);
  add_text (b, "planned_end", c->planned_end);
  add_text (b, "closed_date", c->closed_date);
  add_text (b, "closing_reason", c->closing_reason);
  add_text (b, "closing_note", c->closing_note);
  add_text (b, "refusal_notified", c->refusal_notified);
  add_text (b, "review_applied", c->review_applied);
  add_text (b, "review_decided", c->review_decided);
  add_text (b, "review_grounds", c->review_grounds);
  add_text (b, "performance", c->performance);
  add_text (b, "archived", c->archived);

  json_builder_set_member_name (b, "deadlines");
  json_builder_begin_object (b);
  for (guint i = 0; i < deadlines->len; i++)
    {
      TjDeadline *d = &g_array_index (deadlines, TjDeadline, i);
      char buf[16];

      g_snprintf (buf, sizeof buf, "%04u-%02u-%02u", g_date_get_year (&d->date),
                  g_date_get_month (&d->date), g_date_get_day (&d->date));
      add_text (b, tj_clock_key (d->clock), buf);
    }
  json_builder_end_object (b);

  json_builder_set_member_name (b, "deadline_rules");
  json_builder_begin_object (b);
  for (guint i = 0; i < deadlines->len; i++)
    {
      TjDeadline *d = &g_array_index (deadlines, TjDeadline, i);
      g_autofree char *rule = tj_clock_describe (d->clock, tj_case_store_get_settings (self));

      json_builder_set_member_name (b, tj_clock_key (d->clock));
      json_builder_begin_object (b);
      add_text (b, "label", tj_clock_label (d->clock));
      add_text (b, "rule", rule);
      json_builder_set_member_name (b, "provisional");
      json_builder_add_boolean_value (b, d->provisional);
      json_builder_end_object (b);
    }
  json_builder_end_object (b);

  add_text (b, "due", c->due);
  add_text (b, "due_clock", c->due_clock);
  json_builder_set_member_name (b, "due_provisional");
  json_builder_add_boolean_value (b, c->due_provisional);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, c->due != NULL && g_strcmp0 (c->due, today) < 0);

  json_builder_set_member_name (b, "parties");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      g_autofree char *masked = p->id_number && !reveal_ids ? tj_mask_id_number (p->id_number) : NULL;

      json_builder_begin_object (b);
      add_uuid (b, "id", &p->id);
      add_text (b, "side", tj_enum_key (&tj_enum_side, p->side));
      add_text (b, "kind", tj_enum_key (&tj_enum_party_kind, p->kind));
      add_text (b, "name", p->name);
      add_text (b, "id_type", tj_enum_key (&tj_enum_id_type, p->id_type));
      add_text (b, "id_number", masked ? masked : p->id_number);
      add_text (b, "sex", p->sex);
      add_text (b, "birth_date", p->birth_date);
      add_text (b, "phone", p->phone);
      add_text (b, "address", p->address);
      add_text (b, "service_address", p->service_address);
      add_text (b, "legal_rep", p->legal_rep);
      add_text (b, "legal_rep_title", p->legal_rep_title);
      add_agents (b, p);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  json_builder_set_member_name (b, "claims");
  json_builder_begin_array (b);
  for (guint i = 0; i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);
      g_autofree char *yuan = tj_money_format_yuan (cl->amount);

      json_builder_begin_object (b);
      add_uuid (b, "id", &cl->id);
      add_text (b, "type", tj_enum_key (&tj_enum_dispute, cl->type));
      add_fen (b, "amount_fen", cl->amount);
      add_text (b, "amount_yuan", yuan);
      add_text (b, "period_from", cl->period_from);
      add_text (b, "period_to", cl->period_to);
      add_text (b, "description", cl->description);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);

  if (with_events)
    {
      g_autoptr(GArray) sessions = tj_case_store_list_sessions (self, c, NULL);

      json_builder_set_member_name (b, "sessions");
      json_builder_begin_array (b);
      for (guint i = 0; sessions != NULL && i < sessions->len; i++)
        {
          TjSession *s = &g_array_index (sessions, TjSession, i);
          g_autofree char *started = iso_time (s->started);
          g_autofree char *ended = s->ended ? iso_time (s->ended) : NULL;

          json_builder_begin_object (b);
          add_uuid (b, "id", &s->id);
          add_text (b, "started", started);
          add_text (b, "ended", ended);
          add_text (b, "place", s->place);
          add_text (b, "mode", s->mode);
          add_text (b, "mediators", s->mediators);
          add_text (b, "recorder", s->recorder);
          add_text (b, "attendees", s->attendees);
          add_text (b, "transcript", s->transcript);
          add_text (b, "result", s->result);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      add_attachments (b, self, c);
      add_events (b, self, c);
    }

  json_builder_end_object (b);
  return json_builder_get_root (b);
}

JsonNode *
tj_case_row_to_json (const TjCaseRow *row)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  add_uuid (b, "id", &row->id);
  add_text (b, "case_no", row->case_no);
  add_text (b, "state", tj_enum_key (&tj_enum_state, row->state));
  add_text (b, "received", row->received);
  add_types (b, row->types);
  add_text (b, "applicant", row->applicant);
  add_text (b, "respondent", row->respondent);
  add_text (b, "mediator", row->mediator);
  add_text (b, "due", row->due);
  add_text (b, "due_clock", row->due_clock);
  json_builder_set_member_name (b, "overdue");
  json_builder_add_boolean_value (b, row->overdue);
  json_builder_end_object (b);
  return json_builder_get_root (b);
}
