/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"

G_BEGIN_DECLS

/* A fresh replica in a temporary folder, set up for a township centre whose user is
 * head and mediator; removed by tj_test_replica_free (). */
typedef struct {
  char        *dir;
  char        *path;
  TjStore     *store;
  TjCaseStore *cases;
} TjTestReplica;

TjTestReplica *tj_test_replica_new    (void);
void           tj_test_replica_free   (TjTestReplica *r);
/* Removes a folder and everything in it. */
void           tj_test_remove_tree    (const char    *path);
/* A valid case: applicant 张三 (11010119900307002X), respondent with a valid credit code,
 * received on `received`, one wage claim. */
TjCase        *tj_test_make_case      (const char    *received);
TjCase        *tj_test_create_case    (TjTestReplica *r,
                                       const char    *received);
gint64         tj_test_count          (TjStore       *store,
                                       const char    *sql);
/* Pin the clock, as TJ_NOW does for the programs. */
void           tj_test_set_now        (TjTestReplica *r,
                                       const char    *iso);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjTestReplica, tj_test_replica_free)

G_END_DECLS
