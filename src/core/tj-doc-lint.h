/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"
#include "tj-workflow.h"

G_BEGIN_DECLS

/* The agreement lint (documents.md): what an arbitration review would refuse as unclear
 * (办案规则 Art. 74 ff.) or a court could not enforce. Each problem names the clause (or
 * the party) and what is missing. */

typedef struct {
  guint  clause;                /* 1-based; 0 when the problem is not one clause's */
  char  *message;
} TjDocLintIssue;

typedef struct {
  char       *signed_date;      /* (nullable) */
  char       *effective;        /* (nullable) */
  char       *waiver;           /* (nullable) */
  GPtrArray  *clauses;          /* TjClause */
} TjDocAgreement;

void            tj_doc_lint_issue_free  (TjDocLintIssue       *issue);
TjDocAgreement *tj_doc_agreement_new    (void);
void            tj_doc_agreement_free   (TjDocAgreement       *agreement);

/* Problems in order (TjDocLintIssue); empty when the agreement may be made final. */
GPtrArray      *tj_doc_lint_agreement   (const TjCase         *c,
                                         const TjDocAgreement *agreement);
/* The lint of a case's recorded agreement; an error when it has none. */
GPtrArray      *tj_doc_lint_case        (TjCaseStore          *store,
                                         const TjCase         *c,
                                         GError              **error);
/* The issues as one message, one per line. */
char           *tj_doc_lint_message     (GPtrArray            *issues);
/* Who a clause's payer or payee names: "respondent" or "被申请人" the respondents, else a
 * party by name; NULL when nobody. */
char           *tj_doc_resolve_party    (const TjCase         *c,
                                         const char           *who);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDocAgreement, tj_doc_agreement_free)

G_END_DECLS
