/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-types.h"

G_BEGIN_DECLS

/* A hybrid logical clock value packed in 64 bits: 48 bits of Unix milliseconds and a
 * 16-bit counter (sync.md). Ties between replicas are broken by the client id, which
 * travels beside the value, not inside it. */
typedef guint64 TjHlcValue;

#define TJ_HLC_MS(v)      ((gint64) ((v) >> 16))
#define TJ_HLC_COUNTER(v) ((guint) ((v) & 0xffff))
#define TJ_HLC_PACK(ms, c) ((((TjHlcValue) (ms)) << 16) | ((TjHlcValue) (c) & 0xffff))

struct _TjHlc {
  TjHlcValue last;
};

void       tj_hlc_init    (TjHlc      *hlc,
                           TjHlcValue  last);
TjHlcValue tj_hlc_now     (TjHlc      *hlc,
                           gint64      wall_ms);
TjHlcValue tj_hlc_observe (TjHlc      *hlc,
                           TjHlcValue  remote,
                           gint64      wall_ms);

G_END_DECLS
