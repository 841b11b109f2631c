/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"
#include "tj-doc-data.h"

G_BEGIN_DECLS

/* Official documents (documents.md): a kind's template (tj-doc-template.h) filled with a
 * case's data (tj-doc-data.h) and laid out on the GB/T 9704 page (tj-doc-render.h). A
 * final document is recorded in the replica with its SHA-256 and a verification code,
 * which it prints with a QR code. */

#define TJ_DOC_ERROR (tj_doc_error_quark ())

typedef enum {
  TJ_DOC_ERROR_TEMPLATE,        /* a template's syntax or an unknown placeholder (file:line) */
  TJ_DOC_ERROR_KIND,            /* no such document kind */
  TJ_DOC_ERROR_LINT,            /* the agreement lint found a problem; final refused */
  TJ_DOC_ERROR_DATA,            /* the case lacks what the document needs */
  TJ_DOC_ERROR_RENDER,          /* cairo could not write the PDF */
  TJ_DOC_ERROR_VERIFY,          /* a file that is not a PDF of ours, or unreadable */
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
void              tj_doc_verification_free (TjDocVerification *v);
/* The monthly report's figures as CSV (section,label,key,value), from tj_doc_collect ()
 * of "monthly_stats". */
char             *tj_doc_stats_csv        (const TjDocScope  *data);
/* The code a PDF of ours carries in its metadata, or NULL. */
char             *tj_doc_find_code        (GBytes            *pdf);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjDocVerification, tj_doc_verification_free)

G_END_DECLS
