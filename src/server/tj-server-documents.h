/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-private.h"
#include "tj-server-records.h"

G_BEGIN_DECLS

/* Final documents (tj-server-documents.c). */

/* The rules of a pushed document record that span records, once its fields passed
 * tj-server-rules.c: *reason (and *field) set for a rejection; FALSE only when the store
 * failed. */
gboolean  tj_server_documents_check       (TjSyncTxn      *txn,
                                           TjServerRecord *rec,
                                           const char    **field,
                                           char          **reason,
                                           GError        **error);

/* POST /v1/documents/verify */
void      tj_server_handle_document_verify (TjServer      *server,
                                            TjRequest     *req);

G_END_DECLS
