/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case.h"

G_BEGIN_DECLS

/* The case life cycle of domain.md as a state machine with guards. Pure: it reads a case
 * and the action's arguments and says yes, or no and why; the case store applies it. */

#define TJ_WORKFLOW_ERROR (tj_workflow_error_quark ())

typedef enum {
  TJ_WORKFLOW_ERROR_ILLEGAL,    /* the action does not exist in this state */
  TJ_WORKFLOW_ERROR_GUARD,      /* the action exists, but something it needs is missing */
  TJ_WORKFLOW_ERROR_ROLE,       /* the user's role may not do it */
} TjWorkflowError;

typedef struct {
  char   *payer;                /* a party's side key or name */
  char   *payee;
  char   *what;                 /* what is paid or done */
  gint64  amount;               /* fen, -1 for an act that is not a payment */
  char   *due;                  /* ISO date */
  char   *method;
} TjClause;

typedef struct {
  const char *reason;           /* reject, withdraw; fail: a key of tj_enum_fail_reason */
  const char *date;             /* extend: new planned end; agree: signed date */
  const char *effective;        /* agree: date the agreement takes effect */
  const char *mediator;         /* assign: a person on the roster (name or id) */
  gboolean    consent;          /* accept: the respondent agreed to mediation;
                                 * extend: both parties agreed */
  const char *waiver;           /* agree */
  GPtrArray  *clauses;          /* agree: TjClause */
  const char *performance;      /* performed | partly | not_performed */
  gint64      paid;             /* performance: fen paid, -1 unknown */
  guint32     ground_mask;      /* refuse (review): TJ_GROUND_BIT of tj-review-grounds.h */
  const char *grounds;          /* refuse (review): the reviewer's words; required with
                                 * TJ_GROUND_OTHER */
} TjActionArgs;

/* Roles are a bit set of 1 << TjRole. */
#define TJ_ROLE_BIT(r) (1u << (r))

GQuark    tj_workflow_error_quark    (void);

TjClause *tj_clause_new              (void);
void      tj_clause_free             (TjClause           *clause);
/* "payer>payee|what|amount yuan|due date|method" (amount may be "-" for an act). */
TjClause *tj_clause_parse            (const char         *text,
                                      guint               number,
                                      GError            **error);

gboolean  tj_workflow_exists         (TjState             state,
                                      TjAction            action);
TjState   tj_workflow_target         (TjState             state,
                                      TjAction            action);
guint     tj_workflow_actions        (const TjCase       *c,
                                      TjAction           *out);
gboolean  tj_workflow_check          (const TjCase       *c,
                                      TjAction            action,
                                      const TjActionArgs *args,
                                      guint               roles,
                                      gboolean            own_case,
                                      const char         *today,
                                      GError            **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjClause, tj_clause_free)

G_END_DECLS
