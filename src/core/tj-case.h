/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-enums.h"
#include "tj-types.h"

G_BEGIN_DECLS

/* Plain records as the store reads and writes them. Dates are ISO "YYYY-MM-DD" strings
 * (NULL when unset), money is fen. */

struct _TjParty {
  TjUuid       id;
  TjSide       side;
  TjPartyKind  kind;
  char        *name;
  TjIdType     id_type;
  char        *id_number;       /* (nullable) resident ID, passport, … or USCC */
  char        *sex;             /* (nullable) "M"/"F", derived from a resident ID */
  char        *birth_date;      /* (nullable) derived from a resident ID */
  char        *ethnicity;
  char        *address;
  char        *service_address;
  char        *phone;
  char        *legal_rep;
  char        *legal_rep_title;
  char        *agents;          /* (nullable) JSON array of {name, phone, authority} */
  gint64       version;
};

struct _TjClaim {
  TjUuid       id;
  TjDispute    type;
  gint64       amount;          /* fen */
  char        *period_from;
  char        *period_to;
  char        *description;
  char        *outcome;
  gint64       version;
};

struct _TjCase {
  gint64        cid;            /* local row id */
  TjUuid        id;
  TjUuid        org_id;
  char         *case_no;
  TjSource      source;
  char         *delegation_ref;
  char         *received;
  TjChannel     channel;
  TjState       state;
  guint32       types;          /* bit set of TjDispute */
  char         *facts;
  char         *industry;       /* GB/T 4754 code */
  char         *employer_type;  /* key of tj_enum_employer_type */
  gboolean      collective;
  int           workers;
  gint64        claimed;        /* fen: the sum of the claims */
  gint64        agreed;         /* fen, -1 when no agreement */
  gint64        paid;           /* fen, -1 when unknown */
  TjUuid        mediator_id;    /* nil when none */
  char         *mediator_name;  /* read only: the roster name */
  TjComplexity  complexity;
  char         *consent_date;
  char         *accepted_date;
  char         *planned_end;
  char         *closed_date;
  char         *closing_reason;
  char         *closing_note;
  char         *refusal_notified;
  char         *review_applied;
  char         *review_decided;
  char         *review_grounds;
  char         *performance;
  char         *archived;
  char         *due;            /* derived: the date of the pending clock */
  char         *due_clock;
  gboolean      due_provisional;
  gint64        version;
  GPtrArray    *parties;        /* TjParty */
  GPtrArray    *claims;         /* TjClaim */
};

/* A mediation session and its record (调解笔录). Times are Unix milliseconds UTC. */
typedef struct {
  TjUuid  id;
  gint64  started;
  gint64  ended;                /* 0 when not given */
  char   *place;
  char   *mode;                 /* in_person | phone | video */
  char   *mediators;
  char   *recorder;
  char   *attendees;
  char   *transcript;
  char   *result;
} TjSession;

void      tj_session_clear       (TjSession    *s);

TjCase   *tj_case_new            (void);
void      tj_case_free           (TjCase       *c);
TjParty  *tj_party_new           (TjSide        side,
                                  TjPartyKind   kind,
                                  const char   *name);
void      tj_party_free          (TjParty      *p);
TjClaim  *tj_claim_new           (TjDispute     type,
                                  gint64        amount);
void      tj_claim_free          (TjClaim      *c);

TjParty  *tj_case_first_party    (const TjCase *c,
                                  TjSide        side);

/* A name of a party or an agent, already stripped: 1 to 100 characters. */
gboolean  tj_party_name_check    (const char   *label,
                                  const char   *name,
                                  GError      **error);
/* Check and normalise a party's identity: a resident ID is validated by GB 11643 and
 * gives sex and birth date; a credit code by GB 32100; phones are normalised. `label`
 * names the party in messages ("Applicant"); `today` (NULL: the real date) bounds a
 * birth date. */
gboolean  tj_party_normalise     (TjParty      *p,
                                  const char   *label,
                                  const GDate  *today,
                                  GError      **error);
/* Complete, valid identity: what an agreement needs (Law Art. 14; documents.md). */
gboolean  tj_party_identity_complete (const TjParty *p,
                                      const char    *label,
                                      GError       **error);
/* Check and normalise a claim, the `number`-th of its case: amount, type, a period of
 * real dates that ends no earlier than it begins, the description's length. */
gboolean  tj_claim_normalise     (TjClaim      *cl,
                                  guint         number,
                                  GError      **error);
/* Check and normalise a new case before it is written. */
gboolean  tj_case_normalise_new  (TjCase       *c,
                                  const char   *today,
                                  GError      **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjCase, tj_case_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjParty, tj_party_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjClaim, tj_claim_free)

G_END_DECLS
