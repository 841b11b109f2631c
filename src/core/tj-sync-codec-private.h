/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-sync-codec.h"

G_BEGIN_DECLS

/* Strict member access shared by tj-sync-codec.c and tj-sync-codec-page.c. Each failure
 * is TJ_PROTOCOL_ERROR_INVALID_FIELD naming the member's path ("parent.name"). */

gboolean  _tj_sync_fail          (GError     **error,
                                  char       **path_out,
                                  const char  *path,
                                  const char  *rule);
JsonNode *_tj_sync_member        (JsonObject  *object,
                                  const char  *name);
gboolean  _tj_sync_holds_int     (JsonNode    *node);
gboolean  _tj_sync_holds_string  (JsonNode    *node);
gboolean  _tj_sync_read_int      (JsonObject  *object,
                                  const char  *name,
                                  const char  *parent,
                                  gint64       min,
                                  gint64      *out,
                                  char       **path_out,
                                  GError     **error);
gboolean  _tj_sync_read_uuid     (JsonObject  *object,
                                  const char  *name,
                                  const char  *parent,
                                  TjUuid      *out,
                                  char       **path_out,
                                  GError     **error);
/* The object of a page or digest and its "epoch" (a UUID string, copied into *epoch);
 * INVALID_JSON with `not_object` when root is not an object. */
JsonObject *_tj_sync_read_epoch  (JsonNode    *root,
                                  const char  *not_object,
                                  char       **epoch,
                                  GError     **error);
/* Lower-case ASCII letters, digits and underscores, starting with a letter. */
gboolean  _tj_sync_is_name       (const char  *text,
                                  gsize        max);

G_END_DECLS
