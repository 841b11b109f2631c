/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-api-client.h"
#include "tj-case-store.h"
#include "tj-doc-data.h"

G_BEGIN_DECLS

/* Official documents (documents.md): a kind's template (tj-doc-template.h) filled with a
 * case's data (tj-doc-data.h) and laid out on the GB/T 9704 page (tj-doc-render.h). A
 * final document is recorded in the replica with its SHA-256 and a verification code,
 * which it prints with a QR code; its bytes are kept as a blob beside the replica and the
 * record syncs (kind "document"), so a supervisor can fetch the very PDF. A monthly
 * report recorded as final is the submitted one: that month of that organisation is
 * locked from then on. */

#define TJ_DOC_ERROR (tj_doc_error_quark ())

typedef enum {
  TJ_DOC_ERROR_TEMPLATE,        /* a template's syntax or an unknown placeholder (file:line) */
  TJ_DOC_ERROR_KIND,            /* no such document kind */
  TJ_DOC_ERROR_LINT,            /* the agreement lint found a problem; final refused */
  TJ_DOC_ERROR_DATA,            /* the case lacks what the document needs */
  TJ_DOC_ERROR_RENDER,          /* cairo could not write the PDF */
  TJ_DOC_ERROR_VERIFY,          /* a file that is not a PDF of ours, or unreadable */
  TJ_DOC_ERROR_LOCKED,          /* the month's report was submitted: it is not made again */
  TJ_DOC_ERROR_NOT_FOUND,       /* no final document recorded by that code, id or hash */
  TJ_DOC_ERROR_MISSING,         /* the record is here, its PDF bytes are not (fetch them) */
} TjDocError;

typedef enum {
  TJ_DOC_SCOPE_CASE,            /* one case: CASE is a case number or id */
  TJ_DOC_SCOPE_MONTH,           /* the organisation's month: CASE is YYYY-MM */
} TjDocScopeKind;

typedef struct {
  const char     *key;          /* stable: CLI, templates (data/documents/KEY.tjt), records */
  const char     *label;        /* N_() marked */
  TjDocScopeKind  scope;
} TjDocKind;

typedef struct {
  TjDocDateStyle  date_style;
  const char     *template_dir; /* (nullable) overrides, before TJ_DOCUMENTS_DIR and XDG */
  guint           session;      /* session record: 1-based, 0 the latest */
  gboolean        final;        /* lint (agreements), record, print code and QR */
  const char     *org_ref;      /* (nullable) monthly report: another organisation's subtree */
} TjDocOptions;

typedef enum {
  TJ_DOC_VERIFY_RECORDED,       /* the bytes are the ones recorded */
  TJ_DOC_VERIFY_TAMPERED,       /* carries a recorded code, but the bytes differ */
  TJ_DOC_VERIFY_UNKNOWN,        /* neither the hash nor a code is recorded here */
} TjDocVerdict;

typedef struct {
  TjDocVerdict  verdict;
  char         *code;           /* (nullable) the verification code found or matched */
  char         *case_no;        /* (nullable) */
  char         *kind;           /* (nullable) */
  char         *number;         /* (nullable) the document's number */
  char         *sha256;         /* the file's */
  char         *recorded_sha256; /* (nullable) */
} TjDocVerification;

GQuark            tj_doc_error_quark      (void);
void              tj_doc_options_init     (TjDocOptions      *options);
const TjDocKind  *tj_doc_kinds            (guint             *n_kinds);
const TjDocKind  *tj_doc_kind_lookup      (const char        *key,
                                           GError           **error);

/* Fill a kind's template with the data of `ref` (see TjDocScopeKind). */
TjDocScope       *tj_doc_collect          (TjCaseStore       *store,
                                           const TjDocKind   *kind,
                                           const char        *ref,
                                           const TjDocOptions *options,
                                           GError           **error);
/* The PDF of a kind for `ref`. A final one is linted (agreements), recorded and carries
 * its verification code; *out_code (nullable) receives it. */
GBytes           *tj_doc_render           (TjCaseStore       *store,
                                           const char        *kind,
                                           const char        *ref,
                                           const TjDocOptions *options,
                                           char             **out_code,
                                           GError           **error);
/* The same in a worker thread with its own connection to the replica (the app's
 * preview and print); the result comes back on the caller's main context. */
void              tj_doc_render_async     (TjCaseStore       *store,
                                           const char        *kind,
                                           const char        *ref,
                                           const TjDocOptions *options,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
GBytes           *tj_doc_render_finish    (TjCaseStore       *store,
                                           GAsyncResult      *result,
                                           char             **out_code,
                                           GError           **error);
TjDocVerification *tj_doc_verify          (TjCaseStore       *store,
                                           GBytes            *pdf,
                                           GError           **error);
/* The same answered by the server, over the caller's jurisdiction (tj-doc-remote.c). */
TjDocVerification *tj_doc_verify_remote   (TjApiClient       *api,
                                           GBytes            *pdf,
                                           GCancellable      *cancellable,
                                           GError           **error);
void              tj_doc_verification_free (TjDocVerification *v);
/* The monthly report's figures as CSV (section,label,key,value), from tj_doc_collect ()
 * of "monthly_stats". */
char             *tj_doc_stats_csv        (const TjDocScope  *data);
/* The code a PDF of ours carries in its metadata, or NULL. */
char             *tj_doc_find_code        (GBytes            *pdf);

/* A final document as the replica records it (its own or pulled from the server). */
typedef struct {
  TjUuid  id;
  TjUuid  org_id;
  char   *kind;
  char   *number;               /* (nullable) the case number of a case's document */
  char   *ref;                  /* the case number, or the month YYYY-MM */
  char   *sha256;
  char   *code;
  guint   pages;
  gint64  rendered_at;          /* Unix ms */
  char   *csv_sha256;           /* (nullable) a submitted monthly report's CSV */
} TjDocRecord;

void              tj_doc_record_free      (TjDocRecord       *record);
/* The final document with this verification code, id or SHA-256; NOT_FOUND otherwise. */
TjDocRecord      *tj_doc_record_lookup    (TjCaseStore       *store,
                                           const char        *ref,
                                           GError           **error);
/* The submitted monthly report of an organisation (org_ref as TjDocOptions.org_ref) for
 * a month, or NULL without an error when there is none. */
TjDocRecord      *tj_doc_submitted_report (TjCaseStore       *store,
                                           const char        *org_ref,
                                           const char        *month,
                                           GError           **error);
/* A recorded document's PDF: from the replica's blob folder, or (api non-NULL) fetched
 * from the server into it first. The bytes are checked against the recorded SHA-256. */
GBytes           *tj_doc_get_pdf          (TjCaseStore       *store,
                                           const TjDocRecord *record,
                                           TjApiClient       *api,
                                           GCancellable      *cancellable,
                                           GError           **error);
/* A submitted monthly report's CSV as it was submitted: from the replica's blob folder,
 * or (api non-NULL) fetched from the server into it first, checked against the record.
 * TJ_DOC_ERROR_NOT_FOUND when the record keeps no CSV (submitted before they were). */
GBytes           *tj_doc_get_csv          (TjCaseStore       *store,
                                           const TjDocRecord *record,
                                           TjApiClient       *api,
                                           GCancellable      *cancellable,
                                           GError           **error);
/* The monthly report's CSV for a month (options->org_ref as for the PDF): the submitted
 * one, byte for byte, once the month was submitted with it; else counted now.
 * *out_locked (nullable) says which. */
GBytes           *tj_doc_stats_csv_bytes  (TjCaseStore       *store,
                                           const char        *month,
                                           const TjDocOptions *options,
                                           gboolean          *out_locked,
                                           GError           **error);
/* The same in a worker thread with its own connection to the replica, for the document
 * with this verification code; fetched from server_url with the session token when both
 * are given and the replica lacks the bytes (TJ_DOC_ERROR_MISSING when it lacks them and
 * either is NULL; TJ_DOC_ERROR_VERIFY when the server's bytes are not the recorded ones;
 * TJ_API_CLIENT_ERROR or TJ_PROTOCOL_ERROR when the server cannot be asked). */
void              tj_doc_get_pdf_async    (TjCaseStore       *store,
                                           const char        *code,
                                           const char        *server_url,
                                           const char        *token,
                                           GCancellable      *cancellable,
                                           GAsyncReadyCallback callback,
                                           gpointer           user_data);
GBytes           *tj_doc_get_pdf_finish   (TjCaseStore       *store,
                                           GAsyncResult      *result,
                                           GError           **error);
/* XXXX-XXXX-XXXX-XXXX in Crockford's base 32, as final documents print it. */
gboolean          tj_doc_code_is_valid    (const char        *code);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDocVerification, tj_doc_verification_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDocRecord, tj_doc_record_free)

G_END_DECLS
