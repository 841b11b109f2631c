/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>

#include "tj-server-store.h"

G_BEGIN_DECLS

/* tiaojie-server's HTTP side: a SoupServer whose every request goes through one pipeline
 * (body limit, version headers, route, token, JSON body) to a handler of the route table
 * (tj-server-routes.c). Plain HTTP only on loopback addresses. */

#define TJ_TYPE_SERVER (tj_server_get_type ())
G_DECLARE_FINAL_TYPE (TjServer, tj_server, TJ, SERVER, GObject)

TjServer   *tj_server_new          (TjServerStore       *store,
                                    gint64               token_lifetime_seconds);
/* The largest attachment blob a PUT may carry (default TJ_PROTOCOL_MAX_BLOB, 64 MiB). */
void        tj_server_set_max_blob_size (TjServer       *self,
                                         guint64         bytes);
/* tls_certificate NULL: plain HTTP, refused unless the address is a loopback one. */
gboolean    tj_server_listen       (TjServer            *self,
                                    GInetSocketAddress  *address,
                                    GTlsCertificate     *tls_certificate,
                                    GError             **error);
/* "http://127.0.0.1:PORT" of the first listener; NULL before listening. */
char       *tj_server_dup_url      (TjServer            *self);
void        tj_server_disconnect   (TjServer            *self);

/* Every registered route as "METHOD PATTERN", in table order (for --list-routes and the
 * OpenAPI test). */
GStrv       tj_server_list_routes  (void);

G_END_DECLS
