/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* tiaojie-cli ($TJ_CLI) as the sync tests run it: on replica DIR/DB (none when db is
 * NULL), in the C locale. `out` asks for --json and takes stdout, `err` takes stderr
 * (both nullable); the exit status is returned, stderr goes to the test log. */
int       sync_cli_argv (const char  *dir,
                         const char  *db,
                         char       **out,
                         char       **err,
                         GPtrArray   *args);
int       sync_cli      (const char  *dir,
                         const char  *db,
                         char       **out,
                         char       **err,
                         const char  *first,
                         ...) G_GNUC_NULL_TERMINATED;
/* Asserts success and parses the --json output. */
JsonNode *sync_cli_json (const char  *dir,
                         const char  *db,
                         const char  *first,
                         ...) G_GNUC_NULL_TERMINATED;

/* A new temporary folder (named from `template`, as g_dir_make_tmp ()) with the demo
 * accounts' password in DIR/password, for --password-file. */
char     *sync_cli_scratch (const char  *template,
                            char       **password_file);

G_END_DECLS
