/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GETTEXT_PACKAGE
#include "config.h"
#endif

#include "tj-deadline.h"

#include <stdio.h>
#include <string.h>

static void
set_date (GDate      *date,
          const char *iso)
{
  int y, m, d;

  g_assert_cmpint (sscanf (iso, "%d-%d-%d", &y, &m, &d), ==, 3);
  g_date_clear (date, 1);
  g_date_set_dmy (date, d, m, y);
  g_assert_true (g_date_valid (date));
}

static char *
date_to_iso (const GDate *date)
{
  return g_strdup_printf ("%04u-%02u-%02u", g_date_get_year (date), g_date_get_month (date),
                          g_date_get_day (date));
}

typedef struct {
  const char *start;
  TjClock     clock;
  const char *expected;
} Row;

/*
 * Worked by hand from the State Council notices (the JSON files of shared/data/holidays) with the
 * default settings: "3w" counts three working days after the start; "N" adds N days and
 * moves a last day that is a rest day to the next working day. (Sat/Sun = the weekday.)
 */
static const Row table[] = {
  /* 2018 */
  /* Tue 13 Feb, 3w: Wed 14 (1); 15–21 Spring Festival; Thu 22 (2); Fri 23 (3). */
  { "2018-02-13", TJ_CLOCK_ACCEPTANCE, "2018-02-23" },
  /* Fri 9 Feb + 15 = Sat 24 Feb, a make-up working day: the period ends there. */
  { "2018-02-09", TJ_CLOCK_MEDIATION, "2018-02-24" },
  /* Fri 28 Sep, 3w: Sat 29 (1) and Sun 30 (2) make-up days; 1–7 Oct off; Mon 8 Oct (3). */
  { "2018-09-28", TJ_CLOCK_ACCEPTANCE, "2018-10-08" },
  /* Sat 22 Sep + 15 = Sun 7 Oct, National Day → Mon 8 Oct. */
  { "2018-09-22", TJ_CLOCK_MEDIATION, "2018-10-08" },

  /* 2019, whose notice starts in December 2018 */
  /* Fri 28 Dec 2018, 3w: Sat 29 Dec make-up (1); 30 Dec–1 Jan off; Wed 2 Jan (2); Thu 3 Jan (3). */
  { "2018-12-28", TJ_CLOCK_ACCEPTANCE, "2019-01-03" },
  /* Sun 16 Dec 2018 + 15 = Mon 31 Dec, off by the 2019 notice; 1 Jan off → Wed 2 Jan. */
  { "2018-12-16", TJ_CLOCK_MEDIATION, "2019-01-02" },
  /* Thu 31 Jan, 3w: Fri 1 Feb (1); Sat 2 (2) and Sun 3 Feb (3) are make-up days. */
  { "2019-01-31", TJ_CLOCK_ACCEPTANCE, "2019-02-03" },
  /* Fri 26 Apr + 5 = Wed 1 May; 1–4 May off (the amended Labour Day) → Sun 5 May, make-up. */
  { "2019-04-26", TJ_CLOCK_REVIEW_DECISION, "2019-05-05" },
  /* Fri 27 Sep + 7 = Fri 4 Oct, National Day until 7 Oct → Tue 8 Oct. */
  { "2019-09-27", TJ_CLOCK_COURT_ENTRUSTED_SIMPLE, "2019-10-08" },
  /* Mon 16 Sep + 15 = Tue 1 Oct; off until Mon 7 Oct → Tue 8 Oct. */
  { "2019-09-16", TJ_CLOCK_REVIEW_APPLICATION, "2019-10-08" },

  /* 2020, with the Spring Festival extended to 2 February */
  /* Wed 22 Jan, 3w: Thu 23 (1); 24 Jan–2 Feb off; Mon 3 Feb (2); Tue 4 Feb (3). */
  { "2020-01-22", TJ_CLOCK_ACCEPTANCE, "2020-02-04" },
  /* Fri 17 Jan + 15 = Sat 1 Feb: first a make-up day, off after the extension; Sun 2 off → Mon 3 Feb. */
  { "2020-01-17", TJ_CLOCK_MEDIATION, "2020-02-03" },
  /* Fri 24 Apr, 3w: Sat 25 rests; Sun 26 make-up (1); Mon 27 (2); Tue 28 (3). */
  { "2020-04-24", TJ_CLOCK_ACCEPTANCE, "2020-04-28" },
  /* Wed 24 Jun, 3w: 25–27 Dragon Boat; Sun 28 make-up (1); Mon 29 (2); Tue 30 (3). */
  { "2020-06-24", TJ_CLOCK_ACCEPTANCE, "2020-06-30" },
  /* Mon 21 Sep + 10 = Thu 1 Oct; National Day and Mid-Autumn to Thu 8 Oct → Fri 9 Oct. */
  { "2020-09-21", TJ_CLOCK_ARBITRATION_DELEGATED, "2020-10-09" },

  /* 2021 */
  /* Wed 10 Feb, 3w: 11–17 off; Thu 18 (1); Fri 19 (2); Sat 20 make-up (3). */
  { "2021-02-10", TJ_CLOCK_ACCEPTANCE, "2021-02-20" },
  /* Fri 5 Feb + 15 = Sat 20 Feb, a make-up working day. */
  { "2021-02-05", TJ_CLOCK_REVIEW_APPLICATION, "2021-02-20" },
  /* Fri 17 Sep, 3w: Sat 18 make-up (1); 19–21 Mid-Autumn; Wed 22 (2); Thu 23 (3). */
  { "2021-09-17", TJ_CLOCK_ACCEPTANCE, "2021-09-23" },
  /* Wed 1 Sep + 30 = Fri 1 Oct; off to Thu 7 Oct → Fri 8 Oct (before the Sat 9 make-up day). */
  { "2021-09-01", TJ_CLOCK_COURT_DELEGATED, "2021-10-08" },

  /* 2022 */
  /* Fri 28 Jan, 3w: Sat 29 (1) and Sun 30 (2) make-up; 31 Jan–6 Feb off; Mon 7 Feb (3). */
  { "2022-01-28", TJ_CLOCK_ACCEPTANCE, "2022-02-07" },
  /* Fri 1 Apr, 3w: Sat 2 make-up (1); 3–5 Qingming; Wed 6 (2); Thu 7 (3). */
  { "2022-04-01", TJ_CLOCK_ACCEPTANCE, "2022-04-07" },
  /* Fri 27 May + 7 = Fri 3 Jun, Dragon Boat to Sun 5 → Mon 6 Jun. */
  { "2022-05-27", TJ_CLOCK_COURT_ENTRUSTED_SIMPLE, "2022-06-06" },
  /* Sat 24 Sep + 15 = Sun 9 Oct, a make-up working day. */
  { "2022-09-24", TJ_CLOCK_MEDIATION, "2022-10-09" },

  /* 2023, whose notice starts on 31 December 2022 */
  /* Thu 29 Dec 2022, 3w: Fri 30 (1); 31 Dec–2 Jan off; Tue 3 Jan (2); Wed 4 Jan (3). */
  { "2022-12-29", TJ_CLOCK_ACCEPTANCE, "2023-01-04" },
  /* Fri 13 Jan + 15 = Sat 28 Jan, a make-up working day. */
  { "2023-01-13", TJ_CLOCK_MEDIATION, "2023-01-28" },
  /* Mon 12 Jun + 10 = Thu 22 Jun, Dragon Boat to Sat 24 → Sun 25, make-up. */
  { "2023-06-12", TJ_CLOCK_ARBITRATION_DELEGATED, "2023-06-25" },
  /* Wed 27 Sep, 3w: Thu 28 (1); 29 Sep–6 Oct off; Sat 7 (2) and Sun 8 Oct (3) make-up. */
  { "2023-09-27", TJ_CLOCK_ACCEPTANCE, "2023-10-08" },
  /* Thu 28 Dec 2023, 3w: Fri 29 (1); Sat, Sun; Mon 1 Jan 2024 off; Tue 2 (2); Wed 3 Jan (3). */
  { "2023-12-28", TJ_CLOCK_REFUSAL_NOTICE, "2024-01-03" },

  /* 2024 */
  /* Thu 25 Jan + 15 = Fri 9 Feb, New Year's Eve, a working day in the 2024 notice. */
  { "2024-01-25", TJ_CLOCK_MEDIATION, "2024-02-09" },
  /* Thu 8 Feb, 3w: Fri 9 (1); 10–17 off; Sun 18 make-up (2); Mon 19 (3). */
  { "2024-02-08", TJ_CLOCK_ACCEPTANCE, "2024-02-19" },
  /* Tue 30 Apr, 3w: 1–5 May off; Mon 6 (1); Tue 7 (2); Wed 8 (3). */
  { "2024-04-30", TJ_CLOCK_ACCEPTANCE, "2024-05-08" },
  /* Fri 13 Sep, 3w: Sat 14 make-up (1); 15–17 Mid-Autumn; Wed 18 (2); Thu 19 (3). */
  { "2024-09-13", TJ_CLOCK_ACCEPTANCE, "2024-09-19" },
  /* Fri 27 Sep + 5 = Wed 2 Oct; off to Mon 7 Oct → Tue 8 Oct. */
  { "2024-09-27", TJ_CLOCK_REVIEW_DECISION, "2024-10-08" },

  /* 2025 */
  /* domain.md: Fri 24 Jan, 3w: Sun 26 make-up (1); Mon 27 (2); 28 Jan–4 Feb off; Wed 5 Feb (3). */
  { "2025-01-24", TJ_CLOCK_ACCEPTANCE, "2025-02-05" },
  /* domain.md: Fri 24 Jan + 15 = Sat 8 Feb, a make-up working day. */
  { "2025-01-24", TJ_CLOCK_MEDIATION, "2025-02-08" },
  /* Fri 7 Mar + 15 = Sat 22 Mar, an ordinary weekend → Mon 24 Mar. */
  { "2025-03-07", TJ_CLOCK_MEDIATION, "2025-03-24" },
  /* Thu 3 Apr, 3w: 4–6 Qingming; Mon 7 (1); Tue 8 (2); Wed 9 (3). */
  { "2025-04-03", TJ_CLOCK_ACCEPTANCE, "2025-04-09" },
  /* Fri 16 May + 15 = Sat 31 May, Dragon Boat to Mon 2 Jun → Tue 3 Jun. */
  { "2025-05-16", TJ_CLOCK_COURT_ENTRUSTED, "2025-06-03" },
  /* Fri 26 Sep + 15 = Sat 11 Oct, a make-up working day. */
  { "2025-09-26", TJ_CLOCK_MEDIATION, "2025-10-11" },
  /* Tue 30 Sep, 3w: 1–8 Oct off; Thu 9 (1); Fri 10 (2); Sat 11 make-up (3). */
  { "2025-09-30", TJ_CLOCK_ACCEPTANCE, "2025-10-11" },

  /* 2026 */
  /* Wed 31 Dec 2025, 3w: 1–3 Jan off; Sun 4 make-up (1); Mon 5 (2); Tue 6 (3). */
  { "2025-12-31", TJ_CLOCK_ACCEPTANCE, "2026-01-06" },
  /* Fri 13 Feb, 3w: Sat 14 make-up (1); 15–23 off; Tue 24 (2); Wed 25 (3). */
  { "2026-02-13", TJ_CLOCK_ACCEPTANCE, "2026-02-25" },
  /* Fri 13 Feb + 15 = Sat 28 Feb, a make-up working day. */
  { "2026-02-13", TJ_CLOCK_MEDIATION, "2026-02-28" },
  /* Thu 10 Sep + 15 = Fri 25 Sep, Mid-Autumn to Sun 27 → Mon 28 Sep. */
  { "2026-09-10", TJ_CLOCK_MEDIATION, "2026-09-28" },
  /* Fri 18 Sep + 30 = Sun 18 Oct, an ordinary weekend → Mon 19 Oct. */
  { "2026-09-18", TJ_CLOCK_COURT_DELEGATED, "2026-10-19" },
  /* Sat 19 Sep, 3w: Sun 20 make-up (1); Mon 21 (2); Tue 22 (3). */
  { "2026-09-19", TJ_CLOCK_ACCEPTANCE, "2026-09-22" },
};

static void
test_table (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  TjDeadlineSettings settings;

  tj_deadline_settings_init (&settings);
  g_assert_cmpuint (G_N_ELEMENTS (table), >=, 30);

  for (guint i = 0; i < G_N_ELEMENTS (table); i++)
    {
      g_autofree char *got = NULL;
      TjDeadline deadline;
      GDate start;

      set_date (&start, table[i].start);
      memset (&deadline, 0xaa, sizeof deadline);
      tj_deadline_compute (calendar, &settings, table[i].clock, &start, &deadline);

      got = date_to_iso (&deadline.date);
      if (g_strcmp0 (got, table[i].expected) != 0)
        g_error ("row %u: %s from %s should end on %s, not %s", i, tj_clock_key (table[i].clock),
                 table[i].start, table[i].expected, got);
      g_assert_cmpint (deadline.clock, ==, table[i].clock);
      g_assert_false (deadline.provisional);

      /* NULL settings mean the same defaults. */
      tj_deadline_compute (calendar, NULL, table[i].clock, &start, &deadline);
      g_clear_pointer (&got, g_free);
      got = date_to_iso (&deadline.date);
      g_assert_cmpstr (got, ==, table[i].expected);
    }
}

static void
test_provisional (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  TjDeadline deadline;
  GDate start;

  /* Fri 18 Dec 2026, 30 days: Sun 17 Jan 2027 → Mon 18 Jan, in a year with no notice. */
  set_date (&start, "2026-12-18");
  tj_deadline_compute (calendar, NULL, TJ_CLOCK_COURT_DELEGATED, &start, &deadline);
  a = date_to_iso (&deadline.date);
  g_assert_cmpstr (a, ==, "2027-01-18");
  g_assert_true (deadline.provisional);

  /* Working days through late December 2026, which the 2027 notice may still move. */
  set_date (&start, "2026-12-28");
  tj_deadline_compute (calendar, NULL, TJ_CLOCK_ACCEPTANCE, &start, &deadline);
  b = date_to_iso (&deadline.date);
  g_assert_cmpstr (b, ==, "2026-12-31");
  g_assert_true (deadline.provisional);

  /* The same clock in a known stretch is final. */
  set_date (&start, "2026-11-02");
  tj_deadline_compute (calendar, NULL, TJ_CLOCK_ACCEPTANCE, &start, &deadline);
  c = date_to_iso (&deadline.date);
  g_assert_cmpstr (c, ==, "2026-11-05");
  g_assert_false (deadline.provisional);
}

static void
test_settings_defaults (void)
{
  static const struct {
    TjClock     clock;
    const char *key;
    const char *value;
  } defaults[] = {
    { TJ_CLOCK_ACCEPTANCE, "acceptance", "3w" },
    { TJ_CLOCK_REFUSAL_NOTICE, "refusal_notice", "3w" },
    { TJ_CLOCK_MEDIATION, "mediation", "15" },
    { TJ_CLOCK_ARBITRATION_DELEGATED, "arbitration_delegated", "10" },
    { TJ_CLOCK_COURT_DELEGATED, "court_delegated", "30" },
    { TJ_CLOCK_COURT_ENTRUSTED, "court_entrusted", "15" },
    { TJ_CLOCK_COURT_ENTRUSTED_SIMPLE, "court_entrusted_simple", "7" },
    { TJ_CLOCK_REVIEW_APPLICATION, "review_application", "15" },
    { TJ_CLOCK_REVIEW_DECISION, "review_decision", "5" },
  };
  TjDeadlineSettings settings;

  G_STATIC_ASSERT (G_N_ELEMENTS (defaults) == TJ_N_CLOCKS);

  tj_deadline_settings_init (&settings);

  for (guint i = 0; i < G_N_ELEMENTS (defaults); i++)
    {
      g_autofree char *value = tj_deadline_settings_to_string (&settings, defaults[i].clock);
      TjClock clock = TJ_N_CLOCKS;

      g_assert_cmpstr (tj_clock_key (defaults[i].clock), ==, defaults[i].key);
      g_assert_true (tj_clock_from_key (defaults[i].key, &clock));
      g_assert_cmpint (clock, ==, defaults[i].clock);
      g_assert_cmpstr (value, ==, defaults[i].value);
      g_assert_nonnull (tj_clock_label (defaults[i].clock));
      g_assert_cmpstr (tj_clock_label (defaults[i].clock), !=, "");
    }

  g_assert_false (tj_clock_from_key ("Mediation", NULL));
  g_assert_false (tj_clock_from_key ("", NULL));
  g_assert_cmpstr (tj_clock_label (TJ_CLOCK_ACCEPTANCE), ==, "Acceptance decision");
}

static void
test_settings_parse (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autoptr(GError) error = NULL;
  g_autofree char *mediation = NULL;
  g_autofree char *acceptance = NULL;
  g_autofree char *due = NULL;
  g_autofree char *end = NULL;
  TjDeadlineSettings settings;
  TjDeadline deadline;
  GDate start;

  tj_deadline_settings_init (&settings);

  /* A province that counts mediation in working days and allows 5 for acceptance. */
  g_assert_true (tj_deadline_settings_parse (&settings, "mediation=10w", &error));
  g_assert_no_error (error);
  g_assert_true (tj_deadline_settings_parse (&settings, " acceptance = 5 ", &error));
  g_assert_no_error (error);

  mediation = tj_deadline_settings_to_string (&settings, TJ_CLOCK_MEDIATION);
  acceptance = tj_deadline_settings_to_string (&settings, TJ_CLOCK_ACCEPTANCE);
  g_assert_cmpstr (mediation, ==, "10w");
  g_assert_cmpstr (acceptance, ==, "5");
  g_assert_cmpuint (settings.rules[TJ_CLOCK_MEDIATION].days, ==, 10);
  g_assert_true (settings.rules[TJ_CLOCK_MEDIATION].working_days);
  g_assert_false (settings.rules[TJ_CLOCK_ACCEPTANCE].working_days);

  /* Fri 24 Jan 2025, 10 working days: Sun 26 (1), Mon 27 (2); 28 Jan–4 Feb off;
   * Wed 5 (3), Thu 6 (4), Fri 7 (5), Sat 8 make-up (6), Mon 10 (7) … Thu 13 Feb (10). */
  set_date (&start, "2025-01-24");
  tj_deadline_compute (calendar, &settings, TJ_CLOCK_MEDIATION, &start, &deadline);
  end = date_to_iso (&deadline.date);
  g_assert_cmpstr (end, ==, "2025-02-13");

  /* Fri 24 Jan + 5 calendar days = Wed 29 Jan, Spring Festival to 4 Feb → Wed 5 Feb. */
  tj_deadline_compute (calendar, &settings, TJ_CLOCK_ACCEPTANCE, &start, &deadline);
  due = date_to_iso (&deadline.date);
  g_assert_cmpstr (due, ==, "2025-02-05");
  g_assert_false (deadline.provisional);

  g_assert_true (tj_deadline_settings_parse (&settings, "review_decision=5W", &error));
  g_assert_no_error (error);
  g_assert_true (settings.rules[TJ_CLOCK_REVIEW_DECISION].working_days);
}

static void
test_settings_errors (void)
{
  static const struct {
    const char *assignment;
    int         code;
    const char *named;          /* what the message must name */
  } cases[] = {
    { "mediation", TJ_DEADLINE_ERROR_SYNTAX, "mediation" },
    { "", TJ_DEADLINE_ERROR_SYNTAX, "key=days" },
    { "mediaton=15", TJ_DEADLINE_ERROR_UNKNOWN_KEY, "mediaton" },
    { "=15", TJ_DEADLINE_ERROR_SYNTAX, "acceptance" },
    { "mediation=", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=0", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=367", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=-3", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=3.5", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=3 w", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=w", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "mediation=15d", TJ_DEADLINE_ERROR_INVALID_VALUE, "mediation" },
    { "acceptance=3ww", TJ_DEADLINE_ERROR_INVALID_VALUE, "acceptance" },
  };
  TjDeadlineSettings settings, before;

  tj_deadline_settings_init (&settings);
  before = settings;

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_false (tj_deadline_settings_parse (&settings, cases[i].assignment, &error));
      g_assert_error (error, TJ_DEADLINE_ERROR, cases[i].code);
      g_test_message ("%s → %s", cases[i].assignment, error->message);
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_assert_true (g_str_has_suffix (error->message, "."));
      g_assert_true (memcmp (&settings, &before, sizeof settings) == 0);
    }
}

static void
test_describe (void)
{
  g_autoptr(GError) error = NULL;
  TjDeadlineSettings settings;

  tj_deadline_settings_init (&settings);

  {
    g_autofree char *mediation = tj_clock_describe (TJ_CLOCK_MEDIATION, &settings);
    g_autofree char *acceptance = tj_clock_describe (TJ_CLOCK_ACCEPTANCE, &settings);
    g_autofree char *review = tj_clock_describe (TJ_CLOCK_REVIEW_APPLICATION, NULL);

    g_assert_cmpstr (mediation, ==, "Law Art. 14: 15 days from receipt of the application");
    g_assert_cmpstr (acceptance, ==, "3 working days from receipt of the application");
    g_assert_cmpstr (review, ==, "Arbitration Case Rules Art. 74: joint application for review "
                                 "within 15 days of the agreement taking effect");
  }

  /* The description follows the province's setting, singular included. */
  g_assert_true (tj_deadline_settings_parse (&settings, "mediation=20w", &error));
  g_assert_true (tj_deadline_settings_parse (&settings, "acceptance=1w", &error));
  g_assert_true (tj_deadline_settings_parse (&settings, "review_decision=1", &error));
  g_assert_no_error (error);

  {
    g_autofree char *mediation = tj_clock_describe (TJ_CLOCK_MEDIATION, &settings);
    g_autofree char *acceptance = tj_clock_describe (TJ_CLOCK_ACCEPTANCE, &settings);
    g_autofree char *decision = tj_clock_describe (TJ_CLOCK_REVIEW_DECISION, &settings);

    g_assert_cmpstr (mediation, ==, "Law Art. 14: 20 working days from receipt of the application");
    g_assert_cmpstr (acceptance, ==, "1 working day from receipt of the application");
    g_assert_cmpstr (decision, ==, "Review decision within 1 day of accepting the application for review");
  }

  for (guint i = 0; i < TJ_N_CLOCKS; i++)
    {
      g_autofree char *text = tj_clock_describe ((TjClock) i, NULL);
      g_autofree char *value = NULL;
      g_autofree char *number = NULL;

      tj_deadline_settings_init (&settings);
      value = tj_deadline_settings_to_string (&settings, (TjClock) i);
      number = g_strndup (value, strspn (value, "0123456789"));

      /* Every rule names its number, and it is a sentence, not a key. */
      g_assert_nonnull (strstr (text, number));
      g_assert_null (strstr (text, tj_clock_key ((TjClock) i)));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/deadline/table", test_table);
  g_test_add_func ("/deadline/provisional", test_provisional);
  g_test_add_func ("/deadline/settings/defaults", test_settings_defaults);
  g_test_add_func ("/deadline/settings/parse", test_settings_parse);
  g_test_add_func ("/deadline/settings/errors", test_settings_errors);
  g_test_add_func ("/deadline/describe", test_describe);

  return g_test_run ();
}
