/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-store.h"

G_BEGIN_DECLS

/* Realistic generated cases for demonstrations, tests and benchmarks, written through the
 * same write API as a mediator's work. With a seed, the same cases every time. */

typedef void (*TjDemoProgress) (guint done, guint total, gpointer user_data);

typedef struct {
  guint          n_cases;
  guint32        seed;
  gboolean       with_actions;  /* move cases through the life cycle, as time passes */
  guint          days;          /* received dates spread over this many days before today */
  guint          batch;         /* cases per commit */
  TjDemoProgress progress;
  gpointer       user_data;
} TjDemoOptions;

void      tj_demo_options_init (TjDemoOptions *options);
gboolean  tj_demo_generate     (TjCaseStore   *store,
                                const TjDemoOptions *options,
                                GError       **error);
/* One generated case, not yet written. */
TjCase   *tj_demo_make_case    (GRand         *rand,
                                const char    *region,
                                const char    *today,
                                guint          days);

G_END_DECLS
