/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib-object.h>

#include "tj-types.h"

G_BEGIN_DECLS

/*
 * The rest-day calendar: which dates are rest days under the State Council's yearly
 * notices, and the period arithmetic of domain.md built on it.
 *
 * A calendar is reference counted. Queries may run on any thread, also while another
 * thread loads a new year: a load builds the new tables aside and swaps them in.
 *
 * A date is "known" when the notice for its year is loaded and, for a December date,
 * the notice for the next year too (that notice can move the last days of December).
 * Outside the known stretch the plain rule answers (Saturday and Sunday rest) and the
 * period functions report the result as provisional.
 */

#define TJ_TYPE_CALENDAR  (tj_calendar_get_type ())
#define TJ_CALENDAR_ERROR (tj_calendar_error_quark ())

/* Statutory periods are days or weeks; a longer one (ten years) is a caller's bug. */
#define TJ_CALENDAR_MAX_PERIOD 3660

/* The notice years a calendar accepts. */
#define TJ_CALENDAR_MIN_YEAR 1949
#define TJ_CALENDAR_MAX_YEAR 2999

typedef enum {
  TJ_CALENDAR_ERROR_PARSE,
  TJ_CALENDAR_ERROR_UNKNOWN_YEAR,
} TjCalendarError;

GType        tj_calendar_get_type          (void) G_GNUC_CONST;
GQuark       tj_calendar_error_quark       (void);

TjCalendar  *tj_calendar_new               (void);
TjCalendar  *tj_calendar_new_builtin       (void);
TjCalendar  *tj_calendar_ref               (TjCalendar   *self);
void         tj_calendar_unref             (TjCalendar   *self);

gboolean     tj_calendar_load_data         (TjCalendar   *self,
                                            const char   *text,
                                            gssize        length,
                                            GError      **error);
gboolean     tj_calendar_load_json         (TjCalendar   *self,
                                            const char   *text,
                                            gssize        length,
                                            GError      **error);
char        *tj_calendar_to_data           (TjCalendar   *self,
                                            guint         year);

gboolean     tj_calendar_has_year          (TjCalendar   *self,
                                            guint         year);
guint       *tj_calendar_list_years        (TjCalendar   *self,
                                            guint        *n_years);
gboolean     tj_calendar_require_year      (TjCalendar   *self,
                                            guint         year,
                                            GError      **error);

gboolean     tj_calendar_is_rest_day       (TjCalendar   *self,
                                            const GDate  *date,
                                            gboolean     *known);
const char  *tj_calendar_day_name          (TjCalendar   *self,
                                            const GDate  *date);

void         tj_calendar_add_days          (TjCalendar   *self,
                                            const GDate  *start,
                                            guint         n,
                                            GDate        *out,
                                            gboolean     *provisional);
void         tj_calendar_add_working_days  (TjCalendar   *self,
                                            const GDate  *start,
                                            guint         n,
                                            GDate        *out,
                                            gboolean     *provisional);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjCalendar, tj_calendar_unref)

G_END_DECLS
