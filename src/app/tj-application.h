/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_APPLICATION (tj_application_get_type ())
G_DECLARE_FINAL_TYPE (TjApplication, tj_application, TJ, APPLICATION, AdwApplication)

TjApplication *tj_application_new             (void);
/* Open (creating if needed) the replica at `path`; the windows show its cases. */
gboolean       tj_application_open_replica    (TjApplication  *self,
                                               const char     *path,
                                               GError        **error);
/* Set an empty replica up offline as a demo centre with `n_cases` generated cases. */
gboolean       tj_application_setup_demo      (TjApplication  *self,
                                               guint           n_cases,
                                               GError        **error);
/* (nullable) until a replica is open */
TjCaseStore   *tj_application_get_case_store  (TjApplication  *self);
/* (nullable) when the GSettings schema is not installed */
GSettings     *tj_application_get_settings    (TjApplication  *self);

G_END_DECLS
