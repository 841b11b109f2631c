/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-doc.h"
#include "tj-doc-lint.h"

G_BEGIN_DECLS

/* Chinese labels: documents are Chinese whatever the reader's locale, so they do not go
 * through gettext. */
const char     *_tj_doc_label_state      (TjState        state);
const char     *_tj_doc_label_source     (TjSource       source);
const char     *_tj_doc_label_dispute    (TjDispute      type);
char           *_tj_doc_label_disputes   (guint32        mask);
const char     *_tj_doc_label_fail       (const char    *reason_key);
/* YYYY-MM-DD of Unix milliseconds in Beijing time; and HH:MM. */
char           *_tj_doc_day_of_ms        (gint64         ms);
char           *_tj_doc_time_of_ms       (gint64         ms);

/* The newest agreement of a case, or NULL (no error) when it has none. */
TjDocAgreement *_tj_doc_read_agreement   (TjCaseStore   *store,
                                          const TjCase  *c,
                                          GError       **error);
/* The organisation a month's document is about: org_ref (a name, short name, region
 * code or id) or, when NULL, the replica's own. */
gboolean        _tj_doc_resolve_org      (TjCaseStore   *store,
                                          const char    *org_ref,
                                          TjUuid        *out,
                                          GError       **error);
/* The monthly report recorded as final (submitted) for `org` and `month`, or NULL. */
TjDocRecord    *_tj_doc_find_report      (TjCaseStore   *store,
                                          const TjUuid  *org,
                                          const char    *month,
                                          GError       **error);
/* Keep a final document's bytes in the replica's blob folder (before its record). */
gboolean        _tj_doc_keep_pdf         (TjCaseStore   *store,
                                          GBytes        *pdf,
                                          const char    *sha256,
                                          GError       **error);
/* The organisation's row: name, short name, address, phone. */
void            _tj_doc_add_org          (TjCaseStore   *store,
                                          const TjUuid  *org_id,
                                          TjDocScope    *scope);
TjDocScope     *_tj_doc_collect_case     (TjCaseStore   *store,
                                          TjCase        *c,
                                          const char    *kind,
                                          const TjDocOptions *options,
                                          GError       **error);
TjDocScope     *_tj_doc_collect_month    (TjCaseStore   *store,
                                          const char    *kind,
                                          const char    *month,
                                          const TjDocOptions *options,
                                          GError       **error);

G_END_DECLS
