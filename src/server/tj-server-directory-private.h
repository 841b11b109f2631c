/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-server-directory.h"

G_BEGIN_DECLS

/* Shared by tj-server-directory.c (organisations) and tj-server-accounts.c. */

gint64   _tj_directory_now_ms         (void);
void     _tj_directory_column_uuid    (TjServerStmt       *stmt,
                                       int                 column,
                                       TjUuid             *out);
char    *_tj_directory_column_dup     (TjServerStmt       *stmt,
                                       int                 column);
void     _tj_directory_set_not_found  (GError            **error,
                                       const char         *what);
/* 1 to max_chars characters, not only blanks, no control characters. */
gboolean _tj_directory_check_text     (const char         *field,
                                       const char         *label,
                                       const char         *text,
                                       guint               max_chars,
                                       const char        **bad_field,
                                       GError            **error);
/* FORBIDDEN unless org is actor_org or below it. */
gboolean _tj_directory_require_inside (const TjServerOrg  *actor_org,
                                       const TjServerOrg  *org,
                                       GError            **error);
void     _tj_directory_add_string     (JsonBuilder        *builder,
                                       const char         *name,
                                       const char         *value);
void     _tj_directory_add_uuid       (JsonBuilder        *builder,
                                       const char         *name,
                                       const TjUuid       *id);

G_END_DECLS
