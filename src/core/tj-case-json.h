/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case-list.h"
#include "tj-case-store.h"

G_BEGIN_DECLS

/* Cases as JSON for the CLI and exports. ID numbers are masked unless reveal_ids. */
JsonNode *tj_case_to_json      (TjCaseStore     *store,
                                const TjCase    *c,
                                gboolean         reveal_ids,
                                gboolean         with_events);
JsonNode *tj_case_row_to_json  (const TjCaseRow *row);

G_END_DECLS
