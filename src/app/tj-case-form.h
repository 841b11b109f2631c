/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

#define TJ_TYPE_CASE_FORM (tj_case_form_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseForm, tj_case_form, TJ, CASE_FORM, AdwWindow)

/* The registration form of a new case; "created" (the case id) when it is saved. */
TjCaseForm *tj_case_form_new (TjCaseStore *store);

G_END_DECLS
