/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-store.h"
#include "tj-uuid.h"

G_BEGIN_DECLS

/* Case numbers, allocated offline. A pattern has placeholders:
 *   {org}   the organisation's short name
 *   {year}  the year the case was received
 *   {seq}   the counter, {seq:3} zero-padded to 3 digits
 *   {desk}  this replica's desk number; {desk-} is empty for desk 1 and "N-" otherwise
 * The counter belongs to (organisation, year, desk), and only the replica holding that
 * desk increments it, so two replicas of one centre never hand out the same number. */

#define TJ_CASE_NUMBER_DEFAULT_PATTERN "{org}劳人调〔{year}〕{desk-}{seq}号"

#define TJ_CASE_NUMBER_ERROR (tj_case_number_error_quark ())

typedef enum {
  TJ_CASE_NUMBER_ERROR_PATTERN,
} TjCaseNumberError;

GQuark    tj_case_number_error_quark (void);

gboolean  tj_case_number_check_pattern (const char  *pattern,
                                        GError     **error);
char     *tj_case_number_format        (const char  *pattern,
                                        const char  *org_short_name,
                                        guint        year,
                                        guint        desk,
                                        guint        seq);
/* Take the next number, inside the caller's transaction. */
char     *tj_case_number_allocate      (TjStore      *store,
                                        const TjUuid *org_id,
                                        const char   *pattern,
                                        const char   *org_short_name,
                                        guint         year,
                                        guint         desk,
                                        GError      **error);

G_END_DECLS
