/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-validate.h"

/* Mediation sessions (调解笔录): written when they happen, one record each. */

#define MAX_TRANSCRIPT_CHARS 200000

static gboolean
check_session (const TjCase *c, TjSession *s, gint64 now, GError **error)
{
  g_autofree char *start_date = _tj_date_of_ms (s->started);

  if (c->state != TJ_STATE_ACCEPTED && c->state != TJ_STATE_IN_MEDIATION)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL,
                   _("Session: sessions are recorded while a case is accepted or in mediation; "
                     "this case is “%s”."), tj_enum_label (&tj_enum_state, c->state));
      return FALSE;
    }
  if (s->started <= 0 || strcmp (start_date, c->received) < 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   _("Session start: it must be on or after the day the case was received (%s)."),
                   c->received);
      return FALSE;
    }
  if (s->started > now + 5 * 60 * 1000)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   _("Session start: it lies in the future; record a session when it is held."));
      return FALSE;
    }
  if (s->ended != 0 && (s->ended <= s->started || s->ended - s->started > 24 * 3600 * 1000))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Session end: it must be after the start, and at most 24 hours later."));
      return FALSE;
    }
  if (s->mode == NULL)
    s->mode = g_strdup ("in_person");
  if (strcmp (s->mode, "in_person") != 0 && strcmp (s->mode, "phone") != 0 &&
      strcmp (s->mode, "video") != 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Session mode: “%s” is not one of in_person, phone, video."), s->mode);
      return FALSE;
    }
  if (s->transcript != NULL && g_utf8_strlen (s->transcript, -1) > MAX_TRANSCRIPT_CHARS)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Session transcript: at most %d characters."), MAX_TRANSCRIPT_CHARS);
      return FALSE;
    }
  if (s->transcript != NULL && !g_utf8_validate (s->transcript, -1, NULL))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Session transcript: the text is not valid UTF-8."));
      return FALSE;
    }
  return TRUE;
}

static void
bind_text (sqlite3_stmt *stmt, int i, const char *text)
{
  if (text != NULL && *text != '\0')
    sqlite3_bind_text (stmt, i, text, -1, SQLITE_STATIC);
}

gboolean
tj_case_store_add_session (TjCaseStore *self, const char *ref, TjSession *s, const char *note,
                           GError **error)
{
  g_autoptr(TjCase) c = NULL;
  TjWhen when = { .stated_ms = s->started, .note = note };
  TjWriteScope scope;
  TjEvent event;
  TjFields f = { 0 };
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (s != NULL, FALSE);

  if (!_tj_case_store_ensure_ready (self, error))
    return FALSE;
  c = tj_case_store_get (self, ref, error);
  if (c == NULL)
    return FALSE;
  if (!tj_uuid_equal (&c->org_id, tj_case_store_get_org_id (self)) ||
      !(tj_case_store_get_roles (self) &
        (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))))
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("Session: only a mediator of the centre that holds the case may record it."));
      return FALSE;
    }
  if (!check_session (c, s, tj_journal_clock (self->journal), error))
    return FALSE;

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, &when, 0, &event, error))
    goto out;
  tj_uuid_v7_at (&s->id, event.recorded_ms);
  stmt = tj_store_prepare (self->store,
                           "INSERT INTO session (id, case_id, started, ended, place, mode, mediators, "
                           "recorder, attendees, transcript, result) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                           error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, s->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 2, c->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, s->started);
  if (s->ended != 0)
    sqlite3_bind_int64 (stmt, 4, s->ended);
  bind_text (stmt, 5, s->place);
  bind_text (stmt, 6, s->mode);
  bind_text (stmt, 7, s->mediators);
  bind_text (stmt, 8, s->recorder);
  bind_text (stmt, 9, s->attendees);
  bind_text (stmt, 10, s->transcript);
  bind_text (stmt, 11, s->result);
  if (!tj_store_step_done (self->store, stmt, error))
    goto out;

  tj_fields_init (&f);
  tj_fields_uuid (&f, "case_id", &c->id);
  tj_fields_int (&f, "started", s->started);
  if (s->ended != 0)
    tj_fields_int (&f, "ended", s->ended);
  tj_fields_text (&f, "place", s->place);
  tj_fields_text (&f, "mode", s->mode);
  tj_fields_text (&f, "mediators", s->mediators);
  tj_fields_text (&f, "recorder", s->recorder);
  tj_fields_text (&f, "attendees", s->attendees);
  tj_fields_text (&f, "transcript", s->transcript);
  tj_fields_text (&f, "result", s->result);
  ok = tj_journal_mutation (self->journal, &event, &s->id, "session", TJ_OP_CREATE, 0,
                            tj_fields_end (&f), error) &&
       tj_journal_write_event (self->journal, &event, &c->id, &s->id, "session", "record_session",
                               note, error);

out:
  tj_fields_clear (&f);
  return _tj_case_store_write_end (self, &scope, ok, error);
}

static char *
column_text (sqlite3_stmt *stmt, int i)
{
  const char *text = (const char *) sqlite3_column_text (stmt, i);

  return text ? g_strdup (text) : NULL;
}

GArray *
tj_case_store_list_sessions (TjCaseStore *self, const TjCase *c, GError **error)
{
  GArray *out;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);

  stmt = tj_store_prepare (self->store,
                           "SELECT id, started, ended, place, mode, mediators, recorder, attendees, "
                           "transcript, result FROM session WHERE case_id = ? ORDER BY started",
                           error);
  if (stmt == NULL)
    return NULL;
  out = g_array_new (FALSE, TRUE, sizeof (TjSession));
  g_array_set_clear_func (out, (GDestroyNotify) tj_session_clear);
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      TjSession s = { 0 };

      memcpy (s.id.bytes, sqlite3_column_blob (stmt, 0), 16);
      s.started = sqlite3_column_int64 (stmt, 1);
      s.ended = sqlite3_column_int64 (stmt, 2);
      s.place = column_text (stmt, 3);
      s.mode = column_text (stmt, 4);
      s.mediators = column_text (stmt, 5);
      s.recorder = column_text (stmt, 6);
      s.attendees = column_text (stmt, 7);
      s.transcript = column_text (stmt, 8);
      s.result = column_text (stmt, 9);
      g_array_append_val (out, s);
    }
  sqlite3_reset (stmt);
  return out;
}
