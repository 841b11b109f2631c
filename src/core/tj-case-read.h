/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"
#include "tj-workflow.h"

G_BEGIN_DECLS

/* What a case page shows beside the case record: its event timeline, agreement and
 * attachments, and the roster of the replica. Reads only; the app never runs SQL. */

typedef struct {
  char     *action;                 /* an action key, "create", "edit", "session", … */
  char     *kind;                   /* the record kind: case, party, session, … */
  gint64    recorded_ms;
  gint64    stated_ms;
  gboolean  late;                   /* stated long before it was recorded */
  char     *note;                   /* (nullable) */
  char     *actor;                  /* (nullable) the roster name */
} TjEventEntry;

typedef struct {
  char      *signed_date;           /* (nullable) */
  char      *effective;             /* (nullable) */
  char      *waiver;                /* (nullable) */
  char      *review_state;          /* (nullable) */
  char      *performance;           /* (nullable) */
  GPtrArray *clauses;               /* TjClause */
} TjAgreementView;

typedef struct {
  char   *name;
  char   *mime_type;                /* (nullable) */
  gint64  size;
  char   *sha256;
  gint64  added_ms;
} TjAttachmentEntry;

typedef struct {
  TjUuid    id;
  char     *name;
  guint     roles;                  /* bit set of TJ_ROLE_BIT () */
  char     *phone;                  /* (nullable) */
  char     *certificate_no;         /* (nullable) */
  gboolean  active;
} TjPersonEntry;

/* An edit the server refused (a rejection record it sent back). */
typedef struct {
  char *type;                       /* the record kind: case, party, … */
  char *record;                     /* its id */
  char *field;                      /* (nullable) */
  char *reason;
  char *value;                      /* (nullable) the refused value of `field`, as text */
  gboolean ours;                    /* pushed from this replica */
} TjRejectionEntry;

void             tj_rejection_entry_free (TjRejectionEntry *r);
/* The rejections the server has sent to this replica, newest last. */
GPtrArray       *tj_case_read_rejections (TjCaseStore       *store,
                                          GError           **error);

void             tj_event_entry_free      (TjEventEntry      *e);
void             tj_agreement_view_free   (TjAgreementView   *a);
void             tj_attachment_entry_free (TjAttachmentEntry *a);
void             tj_person_entry_free     (TjPersonEntry     *p);

/* Oldest first. */
GPtrArray       *tj_case_read_events      (TjCaseStore       *store,
                                           const TjCase      *c,
                                           GError           **error);
/* NULL without error when the case has no agreement. */
TjAgreementView *tj_case_read_agreement   (TjCaseStore       *store,
                                           const TjCase      *c,
                                           GError           **error);
GPtrArray       *tj_case_read_attachments (TjCaseStore       *store,
                                           const TjCase      *c,
                                           GError           **error);
/* Every person on the replica's roster, by name. */
GPtrArray       *tj_case_read_roster      (TjCaseStore       *store,
                                           GError           **error);
/* Edits written on this replica and not yet acknowledged by the server. */
gint64           tj_case_read_pending_edits (TjCaseStore     *store);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjAgreementView, tj_agreement_view_free)

G_END_DECLS
