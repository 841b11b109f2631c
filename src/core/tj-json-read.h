/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* The reader behind tj_protocol_parse_json () (tj-protocol.h says what it takes); only
 * tj-protocol.c calls it. */
JsonNode *tj_json_read              (const char *data,
                                     gsize       length,
                                     GError    **error);

G_END_DECLS
