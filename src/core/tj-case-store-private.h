/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"

G_BEGIN_DECLS

struct _TjCaseStore
{
  GObject             parent_instance;

  TjStore            *store;
  TjJournal          *journal;
  TjCalendar         *calendar;
  TjDeadlineSettings  settings;
  TjUuid              org_id;
  gboolean            initialised;
  guint               roles;
  guint               desk;
  char               *org_short_name;
  char               *case_no_pattern;
  TjJournalMark       batch_mark;
  guint               batch_depth;
  /* A registration inside a batch writes without a savepoint of its own (a savepoint
   * copies every page it touches, and a registration touches a dozen b-trees); if its
   * writes fail part-way the whole batch is undone. */
  gboolean            batch_failed;
};

/* Every write API call runs inside this pair: a transaction (a savepoint inside a
 * batch), and the journal's counters restored if it fails. */
typedef struct {
  TjJournalMark mark;
} TjWriteScope;

gboolean _tj_case_store_write_begin (TjCaseStore  *self,
                                     TjWriteScope *scope,
                                     GError      **error);
gboolean _tj_case_store_check_batch (TjCaseStore  *self,
                                     GError      **error);
gboolean _tj_case_store_write_end   (TjCaseStore  *self,
                                     TjWriteScope *scope,
                                     gboolean      ok,
                                     GError      **error);

/* Write a changed case: the row, the patch of its changed fields, and the event (none
 * when action is NULL: the caller writes its own). */
gboolean _tj_case_store_patch_case  (TjCaseStore   *self,
                                     const TjCase  *before,
                                     TjCase        *after,
                                     const TjEvent *event,
                                     const char    *action,
                                     const char    *note,
                                     GError       **error);
/* Write a changed party: its row and the patch of its changed fields (nothing when none
 * changed; *changed, when given, says whether anything did). */
gboolean _tj_case_store_patch_party (TjCaseStore   *self,
                                     const TjParty *before,
                                     const TjParty *after,
                                     const TjUuid  *case_id,
                                     const TjEvent *event,
                                     gboolean      *changed,
                                     GError       **error);
/* Set one field of a party as typed ("phone", "agents", …); `label` names the party. */
gboolean _tj_party_set_field        (TjParty       *p,
                                     const char    *label,
                                     const char    *name,
                                     const char    *value,
                                     GError       **error);
/* The user may change this case: a mediator or head of the centre that holds it, and
 * the case is not archived. */
gboolean _tj_case_store_check_editable (TjCaseStore  *self,
                                        const TjCase *c,
                                        GError      **error);
void     _tj_case_store_update_due  (TjCaseStore   *self,
                                     TjCase        *c);
gboolean _tj_case_store_clock_date  (TjCaseStore   *self,
                                     TjClock        clock,
                                     const char    *start,
                                     char         **date,
                                     gboolean      *provisional);
gboolean _tj_case_store_ensure_ready (TjCaseStore  *self,
                                      GError      **error);


/* Re-read the replica's identity, settings and imported calendar years. */
gboolean _tj_case_store_reload      (TjCaseStore   *self,
                                     GError       **error);
gboolean _tj_case_store_parse_int   (const char    *field,
                                     const char    *value,
                                     gint64         min,
                                     gint64         max,
                                     gint64        *out,
                                     GError       **error);

/* The demo generator plays the supervisor for review decisions. Returns the old roles. */
guint    _tj_case_store_swap_roles  (TjCaseStore   *self,
                                     guint          roles);

G_END_DECLS
