/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-hlc.h"

static void
test_local_events (void)
{
  TjHlc hlc;
  TjHlcValue a, b, c;

  tj_hlc_init (&hlc, 0);
  a = tj_hlc_now (&hlc, 1000);
  b = tj_hlc_now (&hlc, 1000);
  c = tj_hlc_now (&hlc, 999);       /* the wall clock stepped back */
  g_assert_cmpuint (TJ_HLC_MS (a), ==, 1000);
  g_assert_cmpuint (b, >, a);
  g_assert_cmpuint (c, >, b);
  g_assert_cmpuint (TJ_HLC_MS (c), ==, 1000);
  g_assert_cmpuint (tj_hlc_now (&hlc, 2000), ==, TJ_HLC_PACK (2000, 0));
}

/* After seeing a remote value from a clock that runs ahead, local events sort after it. */
static void
test_observe (void)
{
  TjHlc hlc;
  TjHlcValue remote = TJ_HLC_PACK (50000, 3), seen, next;

  tj_hlc_init (&hlc, 0);
  seen = tj_hlc_observe (&hlc, remote, 1000);
  next = tj_hlc_now (&hlc, 1001);
  g_assert_cmpuint (seen, >, remote);
  g_assert_cmpuint (next, >, seen);
  g_assert_cmpuint (TJ_HLC_MS (next), ==, 50000);
}

static void
test_counter_overflow (void)
{
  TjHlc hlc;
  TjHlcValue v;

  tj_hlc_init (&hlc, TJ_HLC_PACK (7000, 0xffff));
  v = tj_hlc_now (&hlc, 7000);
  g_assert_cmpuint (v, ==, TJ_HLC_PACK (7001, 0));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hlc/local-events", test_local_events);
  g_test_add_func ("/hlc/observe", test_observe);
  g_test_add_func ("/hlc/counter-overflow", test_counter_overflow);
  return g_test_run ();
}
