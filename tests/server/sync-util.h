/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "server-util.h"
#include "tj-sync-codec.h"

G_BEGIN_DECLS

/* Sync from outside: pushes built with the core's codec (so the tests exercise the same
 * encoder the client uses), pulls decoded with it, and the demo province's people. */

#define SYNC_PASSWORD "another-secret-1"

typedef struct {
  TestServer *server;
  char       *admin;
  char       *head;          /* centre 220102001 */
  char       *mediator;      /* centre 220102001 */
  char       *supervisor;    /* county 220102 */
  char       *other_head;    /* centre 220102002 (same county) */
  char       *far_supervisor; /* county 220104 */
  char       *centre;        /* org ids */
  char       *other_centre;
  char       *county;
  char       *far_county;
  char       *epoch;
} SyncWorld;

SyncWorld  *sync_world_new       (void);
void        sync_world_free      (SyncWorld   *world);

/* Appends one mutation; fields_json is a compact object of values, all with base and hlc. */
void        sync_add             (GPtrArray   *mutations,
                                  gint64       id,
                                  const char  *record,
                                  const char  *type,
                                  TjOp         op,
                                  gint64       base,
                                  const char  *fields_json);
GPtrArray  *sync_mutations_new   (void);
/* POST /v1/push of these mutations from this client; status out. */
JsonNode   *sync_push            (SyncWorld   *world,
                                  const char  *token,
                                  const char  *client_id,
                                  GPtrArray   *mutations,
                                  guint       *status);
/* Asserts 200 and decodes the answer. */
TjSyncPushAnswer *sync_push_ok   (SyncWorld   *world,
                                  const char  *token,
                                  const char  *client_id,
                                  GPtrArray   *mutations);
/* Any body, with optional Content-Encoding and Accept-Encoding. */
JsonNode   *sync_send            (TestServer  *server,
                                  const char  *method,
                                  const char  *path,
                                  const char  *token,
                                  GBytes      *body,
                                  const char  *content_encoding,
                                  guint       *status);
char       *sync_pull_path       (const char  *bucket,
                                  const char  *epoch,
                                  gint64       after,
                                  int          wait);
/* Asserts 200 and decodes the page. */
TjSyncPage *sync_pull_ok         (SyncWorld   *world,
                                  const char  *token,
                                  const char  *bucket,
                                  gint64       after);
/* The op of `id` in a page, or NULL. */
TjSyncPageOp *sync_page_find     (TjSyncPage  *page,
                                  const char  *id);
/* The ops of a page of this type. */
guint       sync_page_count      (TjSyncPage  *page,
                                  const char  *type);
char       *sync_new_id          (void);
gint64      sync_hlc             (guint        counter);
GBytes     *sync_gzip            (const char  *data,
                                  gsize        length);

G_END_DECLS
