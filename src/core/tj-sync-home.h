/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

/* The replica's home: the organisation and role of its user as the server has them now.
 * An administrator may move an account to another organisation (or change what it may
 * see); at its next sync the replica takes the new organisation as its own, pulls that
 * organisation's bucket from the start (a reset: what it held of the old one and the new
 * one does not name leaves, unless an edit of ours to it waits), and registers new cases
 * there. */

/* `session` is GET /v1/session's answer (with this replica's desk, when the server keeps
 * desks: the replica takes it). *moved says whether the organisation changed, *reload
 * whether anything the case store reads at open did (organisation, role, desk). */
gboolean  tj_sync_home_check  (TjCaseStore  *cases,
                               JsonNode     *session,
                               gboolean     *moved,
                               gboolean     *reload,
                               GError      **error);

G_END_DECLS
