/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-hlc.h"

void
tj_hlc_init (TjHlc *hlc, TjHlcValue last)
{
  g_return_if_fail (hlc != NULL);

  hlc->last = last;
}

static TjHlcValue
advance (TjHlc *hlc, TjHlcValue floor, gint64 wall_ms)
{
  TjHlcValue candidate = TJ_HLC_PACK (wall_ms, 0);

  if (candidate > floor)
    hlc->last = candidate;
  else if (TJ_HLC_COUNTER (floor) == 0xffff)
    /* The counter is spent: move into the next millisecond rather than wrap. */
    hlc->last = TJ_HLC_PACK (TJ_HLC_MS (floor) + 1, 0);
  else
    hlc->last = floor + 1;
  return hlc->last;
}

/* A local event: strictly after everything this clock has seen. */
TjHlcValue
tj_hlc_now (TjHlc *hlc, gint64 wall_ms)
{
  g_return_val_if_fail (hlc != NULL, 0);

  return advance (hlc, hlc->last, wall_ms);
}

/* A value received from the server: afterwards local values sort after it, so an edit
 * made after seeing a remote change never loses to it on a skewed wall clock. */
TjHlcValue
tj_hlc_observe (TjHlc *hlc, TjHlcValue remote, gint64 wall_ms)
{
  g_return_val_if_fail (hlc != NULL, 0);

  return advance (hlc, MAX (hlc->last, remote), wall_ms);
}
