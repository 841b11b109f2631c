/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>
#include <stddef.h>
#include <stdint.h>

G_BEGIN_DECLS

/* What both fuzz targets check. A failed check aborts with a message, which libFuzzer
 * reports as a crash and saves the input for. */

int      LLVMFuzzerInitialize   (int             *argc,
                                 char          ***argv);
int      LLVMFuzzerTestOneInput (const uint8_t   *data,
                                 size_t           size);

/* Criticals and warnings abort, as G_DEBUG=fatal-criticals does in the tests. */
void     fuzz_init              (void);
G_GNUC_NORETURN G_GNUC_PRINTF (1, 2)
void     fuzz_fail              (const char      *format,
                                 ...);
/* error is set, in TJ_PROTOCOL_ERROR, with one of the codes given (ended by -1). */
void     fuzz_expect_error      (const GError    *error,
                                 const char      *what,
                                 ...);
/* What tj_protocol_parse_json promises of a tree: nested at most
 * TJ_PROTOCOL_MAX_JSON_DEPTH, every name and string valid UTF-8, every number finite. */
void     fuzz_check_tree        (JsonNode        *root);
/* Parse text the codec wrote; it must be a JSON document again. */
JsonNode *fuzz_reparse          (const char      *text,
                                 gsize            length,
                                 const char      *what);

G_END_DECLS
