/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-sync-apply.h"
#include "tj-sync-outbox.h"

G_BEGIN_DECLS

/* The push answer, summed up: every result up to `acked` is final. */
typedef struct {
  gint64 last_mutation_id;
  gint64 server_hlc;
  gint64 expected;              /* > 0: the server wants this id next (a gap) */
  gint64 acked;                 /* the last mutation id answered */
  gint64 n_results;
  gint64 n_conflicts;
  gint64 n_rejected;
} TjPushAnswer;

typedef struct {
  char      *epoch;
  GPtrArray *ops;               /* TjSyncOp */
  gint64     next;
  gboolean   up_to_date;
  gint64     count;             /* the bucket's checkpoint */
  char      *checksum;
} TjPullPage;

JsonNode *tj_sync_wire_push_request      (const char    *client_id,
                                          GPtrArray     *mutations);
gboolean  tj_sync_wire_parse_push_answer (JsonNode      *answer,
                                          TjPushAnswer  *out,
                                          GError       **error);
gboolean  tj_sync_wire_parse_page        (JsonNode      *answer,
                                          TjPullPage    *page,
                                          GError       **error);
void      tj_pull_page_clear             (TjPullPage    *page);

G_END_DECLS
