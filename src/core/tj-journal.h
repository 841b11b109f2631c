/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-hlc.h"
#include "tj-store.h"
#include "tj-uuid.h"

G_BEGIN_DECLS

/* The journal writes, inside the caller's transaction, what sync and the audit trail need
 * for every edit: field-level outbox mutations (sync.md) and event log rows (domain.md).
 * It owns the replica's mutation counter and hybrid logical clock. */

typedef enum {
  TJ_OP_CREATE,
  TJ_OP_PATCH,
  TJ_OP_DELETE,
} TjOp;

/* When a person says an action happened. stated_ms = 0 means "now". */
typedef struct {
  gint64      stated_ms;
  const char *note;
} TjWhen;

/* An event being written: filled by tj_journal_begin_event (). */
typedef struct {
  TjUuid   id;
  gint64   recorded_ms;
  gint64   stated_ms;
  gboolean late;
} TjEvent;

TjJournal *tj_journal_new            (TjStore       *store,
                                      GError       **error);
void       tj_journal_free           (TjJournal     *self);
gint64     tj_journal_now_ms         (void);
/* The journal's clock: the real one, or a simulated one (the demo generator, the sync
 * simulation). Every recorded time and "today" come from it. */
gint64     tj_journal_clock          (TjJournal     *self);
void       tj_journal_set_simulated_clock (TjJournal *self,
                                           gint64     now_ms);
gint64     tj_journal_late_threshold_ms (TjJournal  *self);
void       tj_journal_set_late_threshold_ms (TjJournal *self,
                                             gint64     ms);
const TjUuid *tj_journal_get_actor   (TjJournal     *self);
void       tj_journal_set_actor      (TjJournal     *self,
                                      const TjUuid  *actor);

/* Stamp an action: recorded now, stated as `when` says; late when the stated time (or,
 * for a registration, `happened_ms`) lies more than the threshold before now. A stated
 * time in the future is refused. */
gboolean   tj_journal_begin_event    (TjJournal     *self,
                                      const TjWhen  *when,
                                      gint64         happened_ms,
                                      TjEvent       *event,
                                      GError       **error);
gboolean   tj_journal_write_event    (TjJournal     *self,
                                      const TjEvent *event,
                                      const TjUuid  *case_id,
                                      const TjUuid  *record_id,
                                      const char    *kind,
                                      const char    *action,
                                      const char    *note,
                                      GError       **error);
/* `fields_json` NULL (creates only): the record's fields are read when it is pushed. */
gboolean   tj_journal_mutation       (TjJournal     *self,
                                      const TjEvent *event,
                                      const TjUuid  *record_id,
                                      const char    *kind,
                                      TjOp           op,
                                      gint64         base,
                                      const char    *fields_json,
                                      GError       **error);
/* A registration: one outbox entry for the create of `record_id` and of each child
 * (packed by tj_journal_child_append: 'p' a party, 'c' a claim), numbered in that order.
 * The creates carry no fields; the pusher reads the records. */
#define TJ_JOURNAL_CHILD_SIZE 17
gboolean   tj_journal_registration   (TjJournal     *self,
                                      const TjEvent *event,
                                      const TjUuid  *record_id,
                                      const char    *kind,
                                      const GByteArray *children,
                                      GError       **error);
void       tj_journal_child_append   (GByteArray    *children,
                                      char           kind,
                                      const TjUuid  *id);
/* Take in the server's clock (every sync answer carries it), so later edits order after
 * what the server has seen. Flushed with the next write. */
void       tj_journal_merge_remote   (TjJournal     *self,
                                      gint64         remote);
/* Write the mutation counter and clock; call before committing a write. */
gboolean   tj_journal_flush          (TjJournal     *self,
                                      GError       **error);

/* Take in what another connection to the replica wrote (a document worker, the CLI
 * beside the app): call at the start of a write transaction, so the next mutation numbers
 * after theirs. */
void       tj_journal_catch_up       (TjJournal     *self);

/* The in-memory counters at a point, to restore when the caller rolls back. */
typedef struct {
  TjHlcValue hlc;
  gint64     last_mutation;
} TjJournalMark;

void       tj_journal_mark           (TjJournal     *self,
                                      TjJournalMark *mark);
void       tj_journal_restore        (TjJournal     *self,
                                      const TjJournalMark *mark);

gint64     tj_journal_pending_count  (TjJournal     *self);

/* A compact JSON object of field values, written by hand: a bulk import creates tens of
 * thousands of records a second and a json-glib tree per record would dominate. */
typedef struct {
  GString *str;
  guint    n;
} TjFields;

void        tj_fields_init      (TjFields   *f);
void        tj_fields_clear     (TjFields   *f);
void        tj_fields_text      (TjFields   *f,
                                 const char *name,
                                 const char *value);
void        tj_fields_int       (TjFields   *f,
                                 const char *name,
                                 gint64      value);
void        tj_fields_bool      (TjFields   *f,
                                 const char *name,
                                 gboolean    value);
void        tj_fields_uuid      (TjFields   *f,
                                 const char *name,
                                 const TjUuid *value);
void        tj_fields_raw       (TjFields   *f,
                                 const char *name,
                                 const char *json);
const char *tj_fields_end       (TjFields   *f);
void        tj_json_escape_append (GString  *out,
                                   const char *text);

G_END_DECLS
