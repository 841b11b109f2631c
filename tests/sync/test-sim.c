/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <stdlib.h>

#include "sim/sim.h"

/* The deterministic fault simulation (sync.md, "How it is tested"). It runs the seeds
 * --first (default 1) to --first + --seeds - 1 (default 500); tests/sync/meson.build runs
 * two programs of 500 side by side. A longer run:
 *   build/tests/sync/test-sim --seeds 10000
 * A failing seed prints itself; --first SEED --seeds 1 --log replays it with a log of
 * every operation. --steps and --quiet-every change the shape of a world. */

static gint64 opt_first = 1, opt_seeds = 500;
static int opt_steps = 120, opt_quiet = 40;
static gboolean opt_verbose, opt_restores;

static const GOptionEntry entries[] = {
  { "first", 0, 0, G_OPTION_ARG_INT64, &opt_first, "First seed", "N" },
  { "seeds", 0, 0, G_OPTION_ARG_INT64, &opt_seeds, "How many seeds", "N" },
  { "steps", 0, 0, G_OPTION_ARG_INT, &opt_steps, "Operations per world", "N" },
  { "quiet-every", 0, 0, G_OPTION_ARG_INT, &opt_quiet, "Operations between quiet points", "N" },
  { "log", 0, 0, G_OPTION_ARG_NONE, &opt_verbose, "Log every operation", NULL },
  { "restores", 0, 0, G_OPTION_ARG_NONE, &opt_restores,
    "Also back the server up and restore it from the backup (see HACKING.md)", NULL },
  { NULL }
};

static void
test_seeds (void)
{
  SimTemplate *t = sim_template_new ();
  SimOptions options = { 0 };
  SimTotals totals = { 0 };
  guint64 first = (guint64) MAX (opt_first, 0);
  guint64 n = (guint64) MAX (opt_seeds, 0);
  guint failed = 0;
  gint64 start = g_get_monotonic_time ();

  options.steps = (guint) MAX (opt_steps, 1);
  options.quiet_every = (guint) MAX (opt_quiet, 1);
  options.verbose = opt_verbose;
  options.restores = opt_restores;
  options.totals = &totals;
  for (guint64 seed = first; seed < first + n; seed++)
    {
      g_autofree char *failure = NULL;

      if (!sim_run_seed (t, seed, &options, &failure))
        {
          g_printerr ("# FAILED %s\n", failure);
          failed++;
        }
    }
  g_printerr ("# %" G_GUINT64_FORMAT " seeds from %" G_GUINT64_FORMAT ", %u steps each: "
              "%u failed, %.1f s\n", n, first, options.steps, failed,
              (g_get_monotonic_time () - start) / 1e6);
  g_printerr ("# operations: %" G_GUINT64_FORMAT " registrations, %" G_GUINT64_FORMAT
              " edits, %" G_GUINT64_FORMAT " resolutions, %" G_GUINT64_FORMAT " syncs, %"
              G_GUINT64_FORMAT " kills, %" G_GUINT64_FORMAT " clock changes, %" G_GUINT64_FORMAT
              " stale pushes, %" G_GUINT64_FORMAT " server restarts, %" G_GUINT64_FORMAT
              " restores from a backup, %" G_GUINT64_FORMAT " cases delegated, %"
              G_GUINT64_FORMAT " users moved\n", totals.ops[0],
              totals.ops[1], totals.ops[2], totals.ops[3], totals.ops[4], totals.ops[5],
              totals.ops[6], totals.ops[7], totals.ops[8], totals.ops[9], totals.ops[10]);
  g_printerr ("# network: %" G_GUINT64_FORMAT " requests as sent, %" G_GUINT64_FORMAT
              " lost, %" G_GUINT64_FORMAT " answers lost, %" G_GUINT64_FORMAT " duplicated, %"
              G_GUINT64_FORMAT " 503, %" G_GUINT64_FORMAT " cut short\n", totals.faults[0],
              totals.faults[1], totals.faults[2], totals.faults[3], totals.faults[4],
              totals.faults[5]);
  g_printerr ("# oracles held at %" G_GUINT64_FORMAT " quiet points over %" G_GUINT64_FORMAT
              " written values\n", totals.quiet_points, totals.edits_checked);
  sim_template_free (t);
  g_assert_cmpuint (failed, ==, 0);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;

  g_test_init (&argc, &argv, NULL);
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    g_error ("%s", error->message);
  g_test_add_func ("/sync/simulation", test_seeds);
  return g_test_run ();
}
