/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* Strict JSON into a tree: valid UTF-8 without NUL (\u0000 included), no
 * comments, single quotes or text after the document, nested at most
 * TJ_PROTOCOL_MAX_JSON_DEPTH, integers within 64 bits. TJ_PROTOCOL_ERROR_INVALID_JSON
 * with the byte offset otherwise, or INVALID_FIELD naming the member of a decimal number
 * json-glib could not write back. tj_protocol_parse_json () is this. */
JsonNode *tj_json_read              (const char *data,
                                     gsize       length,
                                     GError    **error);
/* Infinite, or written by json-glib's generator as no JSON reader reads it ("1e+40.0"). */
gboolean  tj_json_double_unwritable (double      value);

G_END_DECLS
