/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-store.h"

G_BEGIN_DECLS

const TjMigration *_tj_schema_get_migrations (guint *n_migrations);
gboolean           _tj_search_register       (sqlite3 *db, GError **error);

G_END_DECLS
