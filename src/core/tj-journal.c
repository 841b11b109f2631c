/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>

#include "tj-journal.h"

#define DEFAULT_LATE_MS (24 * 3600 * (gint64) 1000)
/* A stated time a little ahead of the recording time is a clock difference between the
 * person's watch and the PC, not a claim about the future. */
#define FUTURE_TOLERANCE_MS (5 * 60 * (gint64) 1000)

struct _TjJournal
{
  TjStore *store;
  TjHlc    hlc;
  gint64   last_mutation;
  gint64   late_ms;
  TjUuid   actor;
  gboolean has_actor;
  gint64   simulated_now;       /* 0: the real clock */
  gboolean dirty;               /* counters moved since they were last written */
};

/* TJ_NOW pins the clock for tests and reproducible demos ("2026-03-05T10:00:00+08:00"). */
gint64
tj_journal_now_ms (void)
{
  static gint64 pinned = -1;

  if (G_UNLIKELY (pinned == -1))
    {
      const char *env = g_getenv ("TJ_NOW");
      g_autoptr(GDateTime) dt = env ? g_date_time_new_from_iso8601 (env, NULL) : NULL;

      pinned = dt ? g_date_time_to_unix (dt) * 1000 : 0;
    }
  return pinned > 0 ? pinned : g_get_real_time () / 1000;
}

gint64
tj_journal_clock (TjJournal *self)
{
  return self->simulated_now != 0 ? self->simulated_now : tj_journal_now_ms ();
}

void
tj_journal_set_simulated_clock (TjJournal *self, gint64 now_ms)
{
  self->simulated_now = now_ms;
}

TjJournal *
tj_journal_new (TjStore *store, GError **error)
{
  TjJournal *self;
  g_autofree char *actor = NULL;

  g_return_val_if_fail (TJ_IS_STORE (store), NULL);

  self = g_new0 (TjJournal, 1);
  self->store = g_object_ref (store);
  tj_hlc_init (&self->hlc, tj_store_get_meta_int (store, "hlc", 0));
  self->last_mutation = tj_store_get_meta_int (store, "last_mutation_id", 0);
  self->late_ms = tj_store_get_meta_int (store, "late_entry_ms", DEFAULT_LATE_MS);
  actor = tj_store_get_meta (store, "user_id");
  self->has_actor = actor != NULL && tj_uuid_parse (actor, &self->actor);
  return self;
}

void
tj_journal_free (TjJournal *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->store);
  g_free (self);
}

gint64
tj_journal_late_threshold_ms (TjJournal *self)
{
  return self->late_ms;
}

void
tj_journal_set_late_threshold_ms (TjJournal *self, gint64 ms)
{
  self->late_ms = ms;
}

const TjUuid *
tj_journal_get_actor (TjJournal *self)
{
  return self->has_actor ? &self->actor : NULL;
}

void
tj_journal_set_actor (TjJournal *self, const TjUuid *actor)
{
  self->has_actor = actor != NULL;
  if (actor != NULL)
    self->actor = *actor;
}

gboolean
tj_journal_begin_event (TjJournal *self, const TjWhen *when, gint64 happened_ms,
                        TjEvent *event, GError **error)
{
  gint64 now = tj_journal_clock (self);
  gint64 stated = (when != NULL && when->stated_ms != 0) ? when->stated_ms : now;

  if (stated > now + FUTURE_TOLERANCE_MS)
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
                   _("Time of the action: it lies in the future; an action is recorded when "
                     "it happens, not in advance."));
      return FALSE;
    }
  tj_uuid_v7_at (&event->id, now);
  event->recorded_ms = now;
  event->stated_ms = stated;
  /* Real-time recording (关闭事后补录): what is entered long after it happened stays
   * visible as late entry in the log and the statistics. */
  event->late = now - stated > self->late_ms ||
                (happened_ms != 0 && now - happened_ms > self->late_ms);
  return TRUE;
}

gboolean
tj_journal_write_event (TjJournal *self, const TjEvent *event, const TjUuid *case_id,
                        const TjUuid *record_id, const char *kind, const char *action,
                        const char *note, GError **error)
{
  sqlite3_stmt *stmt;

  if (!tj_store_check_failure (self->store, "event", error))
    return FALSE;

  stmt = tj_store_prepare (self->store,
                           "INSERT INTO event (id, case_id, record_id, kind, action, actor_id, "
                           "recorded_at, stated_at, late, note, hlc) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, event->id.bytes, 16, SQLITE_STATIC);
  if (case_id != NULL)
    sqlite3_bind_blob (stmt, 2, case_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, record_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 5, action, -1, SQLITE_STATIC);
  if (self->has_actor)
    sqlite3_bind_blob (stmt, 6, self->actor.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 7, event->recorded_ms);
  sqlite3_bind_int64 (stmt, 8, event->stated_ms);
  sqlite3_bind_int (stmt, 9, event->late);
  /* The replica's clock orders its events even when two share a millisecond. */
  sqlite3_bind_int64 (stmt, 11, (gint64) tj_hlc_now (&self->hlc, event->recorded_ms));
  self->dirty = TRUE;
  if (note != NULL && *note != '\0')
    sqlite3_bind_text (stmt, 10, note, -1, SQLITE_STATIC);
  return tj_store_step_done (self->store, stmt, error);
}

static const char *op_names[] = { "create", "patch", "delete" };

gboolean
tj_journal_mutation (TjJournal *self, const TjEvent *event, const TjUuid *record_id,
                     const char *kind, TjOp op, gint64 base, const char *fields_json,
                     GError **error)
{
  sqlite3_stmt *stmt;
  TjHlcValue hlc;

  g_return_val_if_fail (fields_json != NULL || op == TJ_OP_CREATE, FALSE);

  if (!tj_store_check_failure (self->store, "outbox", error))
    return FALSE;

  hlc = tj_hlc_now (&self->hlc, event->recorded_ms);
  self->last_mutation++;

  stmt = tj_store_prepare (self->store,
                           "INSERT INTO outbox (mutation_id, record_id, kind, op, base, hlc, "
                           "fields, event_id) VALUES (?,?,?,?,?,?,?,?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->last_mutation);
  sqlite3_bind_blob (stmt, 2, record_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, op_names[op], -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, base);
  sqlite3_bind_int64 (stmt, 6, (gint64) hlc);
  if (fields_json != NULL)
    sqlite3_bind_text (stmt, 7, fields_json, -1, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 8, event->id.bytes, 16, SQLITE_STATIC);
  self->dirty = TRUE;
  return tj_store_step_done (self->store, stmt, error);
}

gboolean
tj_journal_registration (TjJournal *self, const TjEvent *event, const TjUuid *record_id,
                         const char *kind, const GByteArray *children, GError **error)
{
  sqlite3_stmt *stmt;
  TjHlcValue hlc;

  g_return_val_if_fail (children != NULL && children->len % TJ_JOURNAL_CHILD_SIZE == 0, FALSE);

  if (!tj_store_check_failure (self->store, "outbox", error))
    return FALSE;

  hlc = tj_hlc_now (&self->hlc, event->recorded_ms);
  stmt = tj_store_prepare (self->store,
                           "INSERT INTO outbox (mutation_id, record_id, kind, op, base, hlc, "
                           "event_id, children) VALUES (?,?,?,'create',0,?,?,?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->last_mutation + 1);
  sqlite3_bind_blob (stmt, 2, record_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, kind, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, (gint64) hlc);
  sqlite3_bind_blob (stmt, 5, event->id.bytes, 16, SQLITE_STATIC);
  if (children->len > 0)
    sqlite3_bind_blob (stmt, 6, children->data, children->len, SQLITE_STATIC);
  if (!tj_store_step_done (self->store, stmt, error))
    return FALSE;
  self->last_mutation += 1 + children->len / TJ_JOURNAL_CHILD_SIZE;
  self->dirty = TRUE;
  return TRUE;
}

void
tj_journal_child_append (GByteArray *children, char kind, const TjUuid *id)
{
  guint8 k = (guint8) kind;

  g_byte_array_append (children, &k, 1);
  g_byte_array_append (children, id->bytes, 16);
}

void
tj_journal_merge_remote (TjJournal *self, gint64 remote)
{
  if (remote <= 0)
    return;
  tj_hlc_observe (&self->hlc, (TjHlcValue) remote, tj_journal_clock (self));
  self->dirty = TRUE;
}

/* The counter and clock go into the same transaction as the mutations that moved them,
 * once per write rather than once per mutation. */
gboolean
tj_journal_flush (TjJournal *self, GError **error)
{
  if (!self->dirty)
    return TRUE;
  if (!tj_store_set_meta_int (self->store, "last_mutation_id", self->last_mutation, error) ||
      !tj_store_set_meta_int (self->store, "hlc", (gint64) self->hlc.last, error))
    return FALSE;
  self->dirty = FALSE;
  return TRUE;
}

void
tj_journal_catch_up (TjJournal *self)
{
  gint64 last = tj_store_get_meta_int (self->store, "last_mutation_id", 0);
  TjHlcValue hlc = (TjHlcValue) tj_store_get_meta_int (self->store, "hlc", 0);

  self->last_mutation = MAX (self->last_mutation, last);
  self->hlc.last = MAX (self->hlc.last, hlc);
}

void
tj_journal_mark (TjJournal *self, TjJournalMark *mark)
{
  mark->hlc = self->hlc.last;
  mark->last_mutation = self->last_mutation;
}

void
tj_journal_restore (TjJournal *self, const TjJournalMark *mark)
{
  self->hlc.last = mark->hlc;
  self->last_mutation = mark->last_mutation;
  self->dirty = FALSE;
}

gint64
tj_journal_pending_count (TjJournal *self)
{
  sqlite3_stmt *stmt = tj_store_prepare (self->store,
                                         "SELECT count(*) + coalesce (sum (length (children)), 0) / 17 "
                                         "FROM outbox", NULL);
  gint64 n = 0;

  if (stmt != NULL && sqlite3_step (stmt) == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  if (stmt != NULL)
    sqlite3_reset (stmt);
  return n;
}

void
tj_json_escape_append (GString *out, const char *text)
{
  g_string_append_c (out, '"');
  for (const char *p = text; *p; p++)
    {
      guchar c = *p;

      switch (c)
        {
        case '"':  g_string_append (out, "\\\""); break;
        case '\\': g_string_append (out, "\\\\"); break;
        case '\n': g_string_append (out, "\\n"); break;
        case '\r': g_string_append (out, "\\r"); break;
        case '\t': g_string_append (out, "\\t"); break;
        default:
          if (c < 0x20)
            g_string_append_printf (out, "\\u%04x", c);
          else
            g_string_append_c (out, c);
        }
    }
  g_string_append_c (out, '"');
}

void
tj_fields_init (TjFields *f)
{
  f->str = g_string_sized_new (256);
  g_string_append_c (f->str, '{');
  f->n = 0;
}

void
tj_fields_clear (TjFields *f)
{
  if (f->str != NULL)
    g_string_free (f->str, TRUE);
  f->str = NULL;
}

static void
field_name (TjFields *f, const char *name)
{
  if (f->n++ > 0)
    g_string_append_c (f->str, ',');
  tj_json_escape_append (f->str, name);
  g_string_append_c (f->str, ':');
}

void
tj_fields_text (TjFields *f, const char *name, const char *value)
{
  field_name (f, name);
  if (value == NULL)
    g_string_append (f->str, "null");
  else
    tj_json_escape_append (f->str, value);
}

void
tj_fields_int (TjFields *f, const char *name, gint64 value)
{
  field_name (f, name);
  g_string_append_printf (f->str, "%" G_GINT64_FORMAT, value);
}

void
tj_fields_bool (TjFields *f, const char *name, gboolean value)
{
  field_name (f, name);
  g_string_append (f->str, value ? "true" : "false");
}

void
tj_fields_uuid (TjFields *f, const char *name, const TjUuid *value)
{
  char buf[TJ_UUID_STRING_LEN + 1];

  if (value == NULL || tj_uuid_is_nil (value))
    {
      tj_fields_text (f, name, NULL);
      return;
    }
  tj_uuid_to_string (value, buf);
  tj_fields_text (f, name, buf);
}

void
tj_fields_raw (TjFields *f, const char *name, const char *json)
{
  field_name (f, name);
  g_string_append (f->str, json ? json : "null");
}

const char *
tj_fields_end (TjFields *f)
{
  g_string_append_c (f->str, '}');
  return f->str->str;
}
