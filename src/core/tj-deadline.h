/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

#include "tj-calendar.h"

G_BEGIN_DECLS

/*
 * The statutory clocks of a case (domain.md, "Deadlines") and their per-province
 * settings. Every clock runs on the same rule: the start day is not counted; a
 * calendar-day period whose last day is a rest day ends on the first working day
 * after it; a working-day period skips rest days and counts make-up working days.
 */

#define TJ_DEADLINE_ERROR (tj_deadline_error_quark ())

/* The longest period a setting may give, in days of either kind. */
#define TJ_DEADLINE_MAX_DAYS 366

typedef enum {
  TJ_DEADLINE_ERROR_SYNTAX,
  TJ_DEADLINE_ERROR_UNKNOWN_KEY,
  TJ_DEADLINE_ERROR_INVALID_VALUE,
} TjDeadlineError;

typedef enum {
  TJ_CLOCK_ACCEPTANCE,             /* from receipt: 3 working days */
  TJ_CLOCK_REFUSAL_NOTICE,         /* notice to the applicant after the respondent refused mediation: 3 working days from the refusal */
  TJ_CLOCK_MEDIATION,              /* Law Art. 14: 15 calendar days from receipt */
  TJ_CLOCK_ARBITRATION_DELEGATED,  /* arbitration-delegated case: 10 days from consent */
  TJ_CLOCK_COURT_DELEGATED,        /* 委派 30 days */
  TJ_CLOCK_COURT_ENTRUSTED,        /* 委托 ordinary procedure 15 days */
  TJ_CLOCK_COURT_ENTRUSTED_SIMPLE, /* 委托 simple procedure 7 days */
  TJ_CLOCK_REVIEW_APPLICATION,     /* 办案规则 Art. 74: joint application for review within 15 days of the agreement taking effect */
  TJ_CLOCK_REVIEW_DECISION,        /* 5 days after the review application is accepted */
  TJ_N_CLOCKS
} TjClock;

typedef struct {
  guint    days;
  gboolean working_days;
} TjClockRule;

typedef struct {
  TjClockRule rules[TJ_N_CLOCKS];
} TjDeadlineSettings;

typedef struct {
  TjClock  clock;
  GDate    date;
  gboolean provisional;
} TjDeadline;

GQuark       tj_deadline_error_quark         (void);

void         tj_deadline_settings_init       (TjDeadlineSettings        *settings);
gboolean     tj_deadline_settings_parse      (TjDeadlineSettings        *settings,
                                              const char                *assignment,
                                              GError                   **error);
char        *tj_deadline_settings_to_string  (const TjDeadlineSettings  *settings,
                                              TjClock                    clock);

const char  *tj_clock_key                    (TjClock                    clock);
gboolean     tj_clock_from_key               (const char                *key,
                                              TjClock                   *out);
const char  *tj_clock_label                  (TjClock                    clock);
char        *tj_clock_describe               (TjClock                    clock,
                                              const TjDeadlineSettings  *settings);

void         tj_deadline_compute             (TjCalendar                *calendar,
                                              const TjDeadlineSettings  *settings,
                                              TjClock                    clock,
                                              const GDate               *start,
                                              TjDeadline                *out);

G_END_DECLS
