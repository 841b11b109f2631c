/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-types.h"

G_BEGIN_DECLS

#define TJ_UUID_STRING_LEN 36

void     tj_uuid_v7_now     (TjUuid       *out);
void     tj_uuid_v7_at      (TjUuid       *out,
                             gint64        unix_ms);
void     tj_uuid_to_string  (const TjUuid *uuid,
                             char          out[TJ_UUID_STRING_LEN + 1]);
char    *tj_uuid_dup_string (const TjUuid *uuid);
gboolean tj_uuid_parse      (const char   *text,
                             TjUuid       *out);
gboolean tj_uuid_equal      (const TjUuid *a,
                             const TjUuid *b);
gboolean tj_uuid_is_nil     (const TjUuid *uuid);
/* Byte order, the order of ids in the stores' indexes (and of UUIDv7 in time). */
int      tj_uuid_compare    (const TjUuid *a,
                             const TjUuid *b);
/* For hash tables keyed by a TjUuid or its 16 bytes (GHashFunc, GEqualFunc). */
guint    tj_uuid_hash       (gconstpointer id);
gboolean tj_uuid_hash_equal (gconstpointer a,
                             gconstpointer b);
gint64   tj_uuid_v7_unix_ms (const TjUuid *uuid);

G_END_DECLS
