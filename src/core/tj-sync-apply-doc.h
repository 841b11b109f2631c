/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-store.h"

G_BEGIN_DECLS

/* Final documents pulled from the server (kind "document") into the replica's document
 * table, inside tj_sync_apply_page ()'s transaction. A document is created once and never
 * changed, so a record already here only takes the server's version. */

/* TRUE when the document belongs to a case this replica does not hold yet (*case_id is
 * set): it waits, parked, until the case arrives. */
gboolean  _tj_sync_document_waits (TjStore      *store,
                                   JsonObject   *doc,
                                   TjUuid       *case_id);
gboolean  _tj_sync_apply_document (TjStore      *store,
                                   const TjUuid *id,
                                   gint64        version,
                                   JsonObject   *doc,
                                   GError      **error);

G_END_DECLS
