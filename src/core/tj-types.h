/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Forward declarations of the core's types, so headers need not include each other. */
typedef struct _TjCalendar      TjCalendar;
typedef struct _TjCase          TjCase;
typedef struct _TjCaseStore     TjCaseStore;
typedef struct _TjClaim         TjClaim;
typedef struct _TjHlc           TjHlc;
typedef struct _TjJournal       TjJournal;
typedef struct _TjParty         TjParty;
typedef struct _TjStore         TjStore;

/* A record id: a UUIDv7 kept as 16 bytes (sync.md). */
typedef struct {
  guint8 bytes[16];
} TjUuid;

G_END_DECLS
