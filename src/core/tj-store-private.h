/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-store.h"

G_BEGIN_DECLS

typedef gboolean (*TjMigrationFunc) (TjStore *store, GError **error);

typedef struct {
  int              version;
  const char      *sql;
  TjMigrationFunc  after;       /* data work that SQL alone cannot do; may be NULL */
} TjMigration;

const TjMigration *_tj_schema_get_migrations (guint *n_migrations);
gboolean           _tj_search_register       (sqlite3 *db, GError **error);

G_END_DECLS
