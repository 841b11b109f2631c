/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-store.h"

G_BEGIN_DECLS

/* The first organisation and account of a new server (tiaojie-server --init-province
 * CODE NAME --admin USER --password-file FILE): the province (its arbitration
 * institution) and its administrator, who then creates everything below through the API.
 * Refused (G_IO_ERROR_EXISTS) once the store holds any organisation. The password is the
 * file's first line; a file keeps it out of the process list and the shell history. */
gboolean tj_server_bootstrap (TjServerStore *store,
                              const char    *code,
                              const char    *name,
                              const char    *admin,
                              const char    *password_file,
                              GError       **error);

typedef gboolean (*TjServerFillFunc) (TjServerStore *store, gpointer data, GError **error);

/* Runs `fill` in one transaction on a store that holds no organisation yet: the first
 * organisations of a server, real (above) or the demo's. A store with some is refused with
 * G_IO_ERROR_EXISTS and the message `refusal`. */
gboolean tj_server_bootstrap_fill (TjServerStore    *store,
                                   TjServerFillFunc  fill,
                                   gpointer          data,
                                   const char       *refusal,
                                   GError          **error);

G_END_DECLS
