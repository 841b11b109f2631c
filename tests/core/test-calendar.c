/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GETTEXT_PACKAGE
#include "config.h"
#endif

#include "tj-calendar.h"

#include <stdio.h>
#include <string.h>

#include <json-glib/json-glib.h>

/* A made-up notice for 2027, so the tests do not depend on the real one coming out.
 * It moves a day of December 2026, as real notices do (2019 and 2023). */
static const char fake_2027[] =
  "year 2027 test notice\n"
  "2026-12-31 off 元旦\n"
  "2027-01-01 off 元旦\n"
  "2027-02-06 work 春节\n"
  "2027-02-08 off 春节\n";

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

static gboolean
rest_day (TjCalendar *calendar,
          const char *iso,
          gboolean   *known)
{
  GDate date;

  set_date (&date, iso);
  return tj_calendar_is_rest_day (calendar, &date, known);
}

/* Where the reference holiday-cn files are; NULL (and the test skipped) without them. */
static char *
shared_holidays_dir (void)
{
  const char *shared = g_getenv ("TJ_SHARED_DATA");
  g_autofree char *dir = NULL;

  if (shared == NULL || *shared == '\0')
    {
      g_test_skip ("TJ_SHARED_DATA is not set; set it to the shared data folder "
                   "(…/shared/data) to check the calendar against the reference notices.");
      return NULL;
    }

  dir = g_build_filename (shared, "holidays", NULL);
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autofree char *message = g_strdup_printf ("The reference calendar folder %s is missing; "
                                                  "check TJ_SHARED_DATA.", dir);
      g_test_skip (message);
      return NULL;
    }

  return g_steal_pointer (&dir);
}

static void
test_builtin_years (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree guint *years = NULL;
  guint n_years = 0;

  years = tj_calendar_list_years (calendar, &n_years);
  g_assert_cmpuint (n_years, ==, 9);
  for (guint i = 0; i < n_years; i++)
    g_assert_cmpuint (years[i], ==, 2018 + i);
  g_assert_cmpuint (years[n_years], ==, 0);

  g_assert_true (tj_calendar_has_year (calendar, 2018));
  g_assert_true (tj_calendar_has_year (calendar, 2026));
  g_assert_false (tj_calendar_has_year (calendar, 2017));
  g_assert_false (tj_calendar_has_year (calendar, 2027));
}

static void
test_empty (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new ();
  g_autofree guint *years = NULL;
  g_autofree char *data = NULL;
  guint n_years = 99;
  gboolean known = TRUE;

  years = tj_calendar_list_years (calendar, &n_years);
  g_assert_cmpuint (n_years, ==, 0);
  g_assert_nonnull (years);
  g_assert_cmpuint (years[0], ==, 0);

  /* 1 October 2025 is a holiday, but an empty calendar only knows weekends. */
  g_assert_false (rest_day (calendar, "2025-10-01", &known));
  g_assert_false (known);
  g_assert_true (rest_day (calendar, "2025-10-04", &known));
  g_assert_false (known);

  data = tj_calendar_to_data (calendar, 0);
  g_assert_cmpstr (data, ==, "");
  g_assert_null (tj_calendar_to_data (calendar, 2025));
}

static void
test_domain_example (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *due = NULL;
  g_autofree char *end = NULL;
  GDate received, out;
  gboolean known = FALSE;
  gboolean provisional = TRUE;

  /* Sunday 26 January 2025 was a make-up working day; 28 January to 4 February the
   * Spring Festival; Saturday 8 February a make-up working day. */
  g_assert_false (rest_day (calendar, "2025-01-26", &known));
  g_assert_true (known);
  g_assert_true (rest_day (calendar, "2025-01-28", &known));
  g_assert_true (rest_day (calendar, "2025-02-04", &known));
  g_assert_false (rest_day (calendar, "2025-02-08", &known));
  g_assert_true (rest_day (calendar, "2025-01-25", &known));

  set_date (&received, "2025-01-24");

  tj_calendar_add_working_days (calendar, &received, 3, &out, &provisional);
  due = date_to_iso (&out);
  g_assert_cmpstr (due, ==, "2025-02-05");
  g_assert_false (provisional);

  provisional = TRUE;
  tj_calendar_add_days (calendar, &received, 15, &out, &provisional);
  end = date_to_iso (&out);
  g_assert_cmpstr (end, ==, "2025-02-08");
  g_assert_cmpint (g_date_get_weekday (&out), ==, G_DATE_SATURDAY);
  g_assert_false (provisional);
}

static void
test_day_name (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  GDate date;

  set_date (&date, "2025-01-28");
  g_assert_cmpstr (tj_calendar_day_name (calendar, &date), ==, "春节");
  /* A make-up working day carries the name of the holiday it makes up for. */
  set_date (&date, "2025-09-28");
  g_assert_cmpstr (tj_calendar_day_name (calendar, &date), ==, "国庆节、中秋节");
  /* Listed by the notice for 2019, not 2018's. */
  set_date (&date, "2018-12-30");
  g_assert_cmpstr (tj_calendar_day_name (calendar, &date), ==, "元旦");
  set_date (&date, "2025-03-03");
  g_assert_null (tj_calendar_day_name (calendar, &date));
}

static void
test_period_edges (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  GDate start, out;

  /* Zero calendar days from a working day is that day; from a rest day, the next working day. */
  set_date (&start, "2025-03-05");
  tj_calendar_add_days (calendar, &start, 0, &out, NULL);
  a = date_to_iso (&out);
  g_assert_cmpstr (a, ==, "2025-03-05");

  set_date (&start, "2025-10-01");
  tj_calendar_add_days (calendar, &start, 0, &out, NULL);
  b = date_to_iso (&out);
  g_assert_cmpstr (b, ==, "2025-10-09");

  /* Zero working days leave the start where it is. */
  tj_calendar_add_working_days (calendar, &start, 0, &out, NULL);
  c = date_to_iso (&out);
  g_assert_cmpstr (c, ==, "2025-10-01");
}

/* Every date the reference notices list agrees with isOffDay; every other date of
 * 2018–2026 follows the weekend rule; every such answer is known (or, in December 2026,
 * reported as not known). */
static void
test_cross_check (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autoptr(GHashTable) listed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *dir = shared_holidays_dir ();
  guint n_files = 0;
  guint n_listed = 0;
  guint n_days = 0;
  GDate date, last;

  if (dir == NULL)
    return;

  for (guint year = 2018; year <= 2026; year++)
    {
      g_autofree char *basename = g_strdup_printf ("%u.json", year);
      g_autofree char *path = g_build_filename (dir, basename, NULL);
      g_autoptr(JsonParser) parser = json_parser_new ();
      g_autoptr(GError) error = NULL;
      JsonArray *days;

      json_parser_load_from_file (parser, path, &error);
      g_assert_no_error (error);
      n_files++;

      days = json_object_get_array_member (json_node_get_object (json_parser_get_root (parser)), "days");
      for (guint i = 0; i < json_array_get_length (days); i++)
        {
          JsonObject *day = json_array_get_object_element (days, i);
          const char *iso = json_object_get_string_member (day, "date");
          gboolean off = json_object_get_boolean_member (day, "isOffDay");
          gboolean known = FALSE;

          if (rest_day (calendar, iso, &known) != off)
            g_error ("%s: the built-in calendar says %s, the notice of %u says %s",
                     iso, off ? "working day" : "rest day", year, off ? "day off" : "working day");
          g_assert_true (known);

          set_date (&date, iso);
          g_assert_cmpstr (tj_calendar_day_name (calendar, &date), ==,
                           json_object_get_string_member (day, "name"));

          g_hash_table_insert (listed, g_strdup (iso), GINT_TO_POINTER (off));
          n_listed++;
        }
    }
  g_assert_cmpuint (n_files, ==, 9);

  set_date (&date, "2018-01-01");
  set_date (&last, "2026-12-31");
  for (; g_date_compare (&date, &last) <= 0; g_date_add_days (&date, 1))
    {
      g_autofree char *iso = date_to_iso (&date);
      GDateWeekday weekday = g_date_get_weekday (&date);
      gboolean weekend = weekday == G_DATE_SATURDAY || weekday == G_DATE_SUNDAY;
      gboolean known = FALSE;
      gboolean rest = tj_calendar_is_rest_day (calendar, &date, &known);

      n_days++;

      /* The notice for 2027 may still move days of December 2026. */
      if (g_date_get_year (&date) == 2026 && g_date_get_month (&date) == G_DATE_DECEMBER)
        g_assert_false (known);
      else
        g_assert_true (known);

      if (g_hash_table_contains (listed, iso))
        continue;

      if (rest != weekend)
        g_error ("%s is not listed in any notice, so it should be a %s", iso,
                 weekend ? "rest day" : "working day");
      g_assert_null (tj_calendar_day_name (calendar, &date));
    }

  g_assert_cmpuint (n_days, ==, 3287);
  g_assert_cmpuint (n_listed, ==, 315);
  g_assert_cmpuint (g_hash_table_size (listed), ==, 315);
}

static void
test_provisional (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autoptr(GError) error = NULL;
  gboolean known = TRUE;

  /* 2027 has no notice: only weekends rest, and nothing is known. */
  g_assert_false (rest_day (calendar, "2027-01-01", &known));
  g_assert_false (known);
  g_assert_true (rest_day (calendar, "2027-01-02", &known));
  g_assert_false (known);
  g_assert_false (rest_day (calendar, "2027-02-08", &known));
  g_assert_false (known);

  /* December 2026 waits for the 2027 notice; November does not. */
  g_assert_false (rest_day (calendar, "2026-12-31", &known));
  g_assert_false (known);
  g_assert_true (rest_day (calendar, "2026-12-05", &known));
  g_assert_false (known);
  g_assert_false (rest_day (calendar, "2026-11-30", &known));
  g_assert_true (known);

  g_assert_false (tj_calendar_require_year (calendar, 2027, &error));
  g_assert_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_UNKNOWN_YEAR);
  g_assert_nonnull (strstr (error->message, "2027"));
  g_clear_error (&error);

  g_assert_true (tj_calendar_load_data (calendar, fake_2027, -1, &error));
  g_assert_no_error (error);
  g_assert_true (tj_calendar_require_year (calendar, 2027, &error));
  g_assert_no_error (error);

  /* Now 2027 and December 2026 are known, and the notice's own days apply. */
  g_assert_true (rest_day (calendar, "2026-12-31", &known));
  g_assert_true (known);
  g_assert_true (rest_day (calendar, "2026-12-05", &known));
  g_assert_true (known);
  g_assert_true (rest_day (calendar, "2027-01-01", &known));
  g_assert_true (known);
  g_assert_false (rest_day (calendar, "2027-02-06", &known));
  g_assert_true (known);
  g_assert_true (rest_day (calendar, "2027-02-08", &known));
  g_assert_true (known);
  /* …but December 2027 waits for 2028. */
  g_assert_false (rest_day (calendar, "2027-12-01", &known));
  g_assert_false (known);
}

static void
test_provisional_periods (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  g_autofree char *c = NULL;
  g_autofree char *d = NULL;
  GDate start, out;
  gboolean provisional = FALSE;

  /* 20 December 2026 + 15 days = Monday 4 January 2027, in a year without a notice. */
  set_date (&start, "2026-12-20");
  tj_calendar_add_days (calendar, &start, 15, &out, &provisional);
  a = date_to_iso (&out);
  g_assert_cmpstr (a, ==, "2027-01-04");
  g_assert_true (provisional);

  /* Working days through December 2026: 30 Nov, 1 Dec, 2 Dec; the December ones are not known. */
  set_date (&start, "2026-11-27");
  tj_calendar_add_working_days (calendar, &start, 3, &out, &provisional);
  b = date_to_iso (&out);
  g_assert_cmpstr (b, ==, "2026-12-02");
  g_assert_true (provisional);

  /* Entirely in November 2026: known. */
  set_date (&start, "2026-11-10");
  tj_calendar_add_days (calendar, &start, 15, &out, &provisional);
  c = date_to_iso (&out);
  g_assert_cmpstr (c, ==, "2026-11-25");
  g_assert_false (provisional);

  /* With the made-up 2027 notice, 31 December 2026 is a day off and the period is final:
   * 16 Dec + 15 = Thursday 31 Dec (off) → Friday 1 Jan (off) → Saturday, Sunday → Monday 4 Jan. */
  g_assert_true (tj_calendar_load_data (calendar, fake_2027, -1, NULL));
  set_date (&start, "2026-12-16");
  tj_calendar_add_days (calendar, &start, 15, &out, &provisional);
  d = date_to_iso (&out);
  g_assert_cmpstr (d, ==, "2027-01-04");
  g_assert_false (provisional);
}

typedef struct {
  const char *text;
  guint       line;
} BadData;

static void
test_load_errors (void)
{
  static const BadData cases[] = {
    { "year 2027 X\n2027-01-01 of 元旦\n", 2 },                      /* kind neither off nor work */
    { "year 2027 X\n2027-02-30 off 春节\n", 2 },                     /* no such date */
    { "year 2027 X\n2027-1-1 off 元旦\n", 2 },                       /* not YYYY-MM-DD */
    { "year 2027 X\n2027-01-01x off 元旦\n", 2 },
    { "year 2027 X\n2025-12-31 off 元旦\n", 2 },                     /* two years back */
    { "year 2027 X\n2026-11-30 off 元旦\n", 2 },                     /* before the December before */
    { "year 2027 X\n2028-01-01 off 元旦\n", 2 },                     /* the next year */
    { "yaer 2027 X\n", 1 },                                          /* unknown keyword */
    { "# a comment\n\n  Year 2027 X\n", 3 },                         /* keywords are lower case */
    { "year 2027\n", 1 },                                            /* no source */
    { "year 27 X\n", 1 },
    { "year 1800 X\n", 1 },                                          /* outside supported years */
    { "2027-01-01 off 元旦\n", 1 },                                  /* date before any year */
    { "year 2027 X\n2027-01-01 off\n", 2 },                          /* no name */
    { "year 2027 X\n2027-01-01\n", 2 },                              /* no kind */
    { "year 2027 X\n2027-01-01 off 元旦\n2027-01-01 work 元旦\n", 3 }, /* date twice */
    { "year 2027 X\nyear 2027 Y\n", 2 },                             /* year twice */
    { "year 2027 X\r\n2027-01-01 off \xff\r\n", 2 },                 /* not UTF-8 */
    { "year 2027 X\n2027-01-01 off 元旦\nyear 2028 Y\nbogus\n", 4 },  /* good year, then an error */
    { "year 2025 corrected\n2025-01-01 off 元旦\n2025-13-01 off x\n", 3 }, /* bad replacement */
  };
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *before = tj_calendar_to_data (calendar, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *prefix = g_strdup_printf ("Line %u: ", cases[i].line);
      g_autofree char *after = NULL;

      {
        /* Escaped: the inputs hold \r and bytes that are not UTF-8, which would break
         * the TAP stream. */
        g_autofree char *shown = g_strescape (cases[i].text, NULL);
        g_test_message ("case %u: %s", i, shown);
      }
      g_assert_false (tj_calendar_load_data (calendar, cases[i].text, -1, &error));
      g_assert_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_PARSE);
      g_test_message ("  → %s", error->message);
      g_assert_true (g_str_has_prefix (error->message, prefix));
      /* A complete sentence after the place, not just a code. */
      g_assert_cmpuint (strlen (error->message), >, strlen (prefix) + 20);
      g_assert_true (g_str_has_suffix (error->message, "."));

      after = tj_calendar_to_data (calendar, 0);
      g_assert_cmpstr (after, ==, before);
      g_assert_false (tj_calendar_has_year (calendar, 2027));
      g_assert_false (tj_calendar_has_year (calendar, 2028));
    }
}

static void
test_load_length (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new ();
  g_autoptr(GError) error = NULL;
  gboolean known = FALSE;

  /* Only the first two lines count: the length cuts off the rest. */
  g_assert_true (tj_calendar_load_data (calendar, fake_2027, strlen ("year 2027 test notice\n2026-12-31 off 元旦\n"),
                                        &error));
  g_assert_no_error (error);
  g_assert_true (rest_day (calendar, "2026-12-31", &known));
  g_assert_false (rest_day (calendar, "2027-01-01", &known));

  g_assert_false (tj_calendar_load_data (calendar, "year 2030 X\n\0bogus", 17, &error));
  g_assert_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_PARSE);
  g_assert_true (g_str_has_prefix (error->message, "Line 2: "));
}

static void
test_load_replace (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autoptr(GError) error = NULL;
  g_autofree char *original_2025 = tj_calendar_to_data (calendar, 2025);
  g_autofree char *original_2024 = tj_calendar_to_data (calendar, 2024);
  g_autofree char *replaced = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *restored = NULL;
  gboolean known = FALSE;

  /* A corrected notice replaces the year as a whole: old days it does not repeat go. */
  g_assert_true (tj_calendar_load_data (calendar,
                                        "# corrected\nyear 2025 corrected notice\n2025-03-03 off test day\n",
                                        -1, &error));
  g_assert_no_error (error);

  replaced = tj_calendar_to_data (calendar, 2025);
  g_assert_cmpstr (replaced, ==, "year 2025 corrected notice\n2025-03-03 off test day\n");
  g_assert_true (rest_day (calendar, "2025-03-03", &known));
  g_assert_true (known);
  g_assert_false (rest_day (calendar, "2025-01-28", &known));
  g_assert_true (rest_day (calendar, "2025-02-08", &known));

  kept = tj_calendar_to_data (calendar, 2024);
  g_assert_cmpstr (kept, ==, original_2024);

  g_assert_true (tj_calendar_load_data (calendar, original_2025, -1, &error));
  g_assert_no_error (error);
  restored = tj_calendar_to_data (calendar, 2025);
  g_assert_cmpstr (restored, ==, original_2025);
  g_assert_true (rest_day (calendar, "2025-01-28", &known));
}

static void
test_to_data_round_trip (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autoptr(TjCalendar) copy = tj_calendar_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *all = tj_calendar_to_data (calendar, 0);
  g_autofree char *again = NULL;
  g_autofree char *year_2019 = tj_calendar_to_data (calendar, 2019);

  g_assert_nonnull (all);
  g_assert_true (tj_calendar_load_data (copy, all, -1, &error));
  g_assert_no_error (error);
  again = tj_calendar_to_data (copy, 0);
  g_assert_cmpstr (again, ==, all);

  /* The December days a notice moves stay with that notice. */
  g_assert_true (g_str_has_prefix (year_2019, "year 2019 国办发明电〔2018〕15号"));
  g_assert_nonnull (strstr (year_2019, "\n2018-12-29 work 元旦\n2018-12-30 off 元旦\n"));
  g_assert_null (tj_calendar_to_data (calendar, 2030));
}

static char *
strip_year_line (const char *data)
{
  const char *newline = strchr (data, '\n');

  g_assert_nonnull (newline);
  return g_strdup (newline + 1);
}

/* The JSON form of each reference year gives the same days as our own text form. */
static void
test_json_round_trip (void)
{
  g_autoptr(TjCalendar) builtin = tj_calendar_new_builtin ();
  g_autofree char *dir = shared_holidays_dir ();

  if (dir == NULL)
    return;

  for (guint year = 2018; year <= 2026; year++)
    {
      g_autofree char *basename = g_strdup_printf ("%u.json", year);
      g_autofree char *path = g_build_filename (dir, basename, NULL);
      g_autoptr(TjCalendar) from_json = tj_calendar_new ();
      g_autoptr(TjCalendar) from_text = tj_calendar_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *json = NULL;
      g_autofree char *json_data = NULL;
      g_autofree char *text_data = NULL;
      g_autofree char *json_days = NULL;
      g_autofree char *builtin_data = NULL;
      g_autofree char *builtin_days = NULL;
      gsize length = 0;

      g_file_get_contents (path, &json, &length, &error);
      g_assert_no_error (error);

      g_assert_true (tj_calendar_load_json (from_json, json, length, &error));
      g_assert_no_error (error);
      g_assert_true (tj_calendar_has_year (from_json, year));

      json_data = tj_calendar_to_data (from_json, year);
      g_assert_true (g_str_has_prefix (json_data, "year "));
      g_assert_nonnull (strstr (json_data, " notice http"));

      g_assert_true (tj_calendar_load_data (from_text, json_data, -1, &error));
      g_assert_no_error (error);
      text_data = tj_calendar_to_data (from_text, year);
      g_assert_cmpstr (text_data, ==, json_data);

      /* Same days as the shipped file; only the source line differs (URLs there,
       * document numbers here). */
      builtin_data = tj_calendar_to_data (builtin, year);
      json_days = strip_year_line (json_data);
      builtin_days = strip_year_line (builtin_data);
      g_assert_cmpstr (json_days, ==, builtin_days);
    }
}

static void
test_json_errors (void)
{
  static const struct {
    const char *json;
    const char *named;          /* the place or the field the message must name */
  } cases[] = {
    { "not json", "not valid JSON" },
    { "[1, 2]", "top level" },
    { "{\"year\": \"2027\", \"papers\": [\"u\"], \"days\": []}", "“year”" },
    { "{\"year\": 2027, \"days\": []}", "“papers”" },
    { "{\"year\": 2027, \"papers\": [], \"days\": []}", "“papers”" },
    { "{\"year\": 2027, \"papers\": [\"u\"]}", "“days”" },
    { "{\"year\": 2027, \"papers\": [\"u\"], \"days\": [{\"name\": \"元旦\", \"date\": \"2027-13-01\", \"isOffDay\": true}]}",
      "entry 1 of “days”: The entry needs a valid “date”" },
    { "{\"year\": 2027, \"papers\": [\"u\"], \"days\": [{\"name\": \"元旦\", \"date\": \"2027-01-01\"}]}",
      "“isOffDay”" },
    { "{\"year\": 2027, \"papers\": [\"u\"], \"days\": [{\"date\": \"2027-01-01\", \"isOffDay\": true}]}",
      "no holiday name" },
    { "{\"year\": 2027, \"papers\": [\"u\"], \"days\": [{\"name\": \"元旦\", \"date\": \"2026-06-01\", \"isOffDay\": true}]}",
      "outside the notice year 2027" },
    { "{\"year\": 2027, \"papers\": [\"u\"], \"days\": [{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true},"
      " {\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": false}]}",
      "entry 2 of “days”: The date 2027-01-01 is listed twice in the notice year 2027 (already in entry 1)" },
    { "{\"year\": 1700, \"papers\": [\"u\"], \"days\": []}", "1700" },
  };
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *before = tj_calendar_to_data (calendar, 0);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *after = NULL;

      g_assert_false (tj_calendar_load_json (calendar, cases[i].json, -1, &error));
      g_assert_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_PARSE);
      g_test_message ("case %u → %s", i, error->message);
      g_assert_true (g_str_has_prefix (error->message, "JSON calendar"));
      g_assert_nonnull (strstr (error->message, cases[i].named));
      g_assert_true (g_str_has_suffix (error->message, "."));

      after = tj_calendar_to_data (calendar, 0);
      g_assert_cmpstr (after, ==, before);
    }
}

static void
test_json_import_new_year (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL;
  gboolean known = FALSE;
  const char *json =
    "{\"year\": 2027, \"papers\": [\"https://example.invalid/a\", \"https://example.invalid/b\"],"
    " \"days\": [{\"name\": \"元旦\", \"date\": \"2027-01-01\", \"isOffDay\": true},"
    "            {\"name\": \"元旦\", \"date\": \"2026-12-31\", \"isOffDay\": true}]}";

  g_assert_true (tj_calendar_load_json (calendar, json, -1, &error));
  g_assert_no_error (error);

  /* Sorted by date, both papers named. */
  data = tj_calendar_to_data (calendar, 2027);
  g_assert_cmpstr (data, ==,
                   "year 2027 notice https://example.invalid/a; notice https://example.invalid/b\n"
                   "2026-12-31 off 元旦\n"
                   "2027-01-01 off 元旦\n");
  g_assert_true (rest_day (calendar, "2026-12-31", &known));
  g_assert_true (known);
}

static void
test_refcount (void)
{
  TjCalendar *calendar = tj_calendar_new_builtin ();
  TjCalendar *copy;

  g_assert_true (tj_calendar_ref (calendar) == calendar);
  tj_calendar_unref (calendar);

  /* The boxed type shares rather than copies, so a loaded year reaches every holder. */
  copy = g_boxed_copy (TJ_TYPE_CALENDAR, calendar);
  g_assert_true (copy == calendar);
  g_boxed_free (TJ_TYPE_CALENDAR, copy);

  tj_calendar_unref (calendar);
}

typedef struct {
  TjCalendar *calendar;
  gint        stop;
  gint        checks;
} ThreadData;

static gpointer
reader_thread (gpointer user_data)
{
  ThreadData *data = user_data;
  GDate received, out;
  gint checks = 0;

  set_date (&received, "2025-01-24");

  while (!g_atomic_int_get (&data->stop) || checks < 100)
    {
      gboolean provisional = TRUE;

      tj_calendar_add_working_days (data->calendar, &received, 3, &out, &provisional);
      g_assert_cmpuint (g_date_get_day (&out), ==, 5);
      g_assert_cmpint (g_date_get_month (&out), ==, G_DATE_FEBRUARY);
      g_assert_false (provisional);
      checks++;
    }

  g_atomic_int_add (&data->checks, checks);
  return NULL;
}

/* Readers keep getting the 2025 answers while other years come and go. */
static void
test_threads (void)
{
  g_autoptr(TjCalendar) calendar = tj_calendar_new_builtin ();
  g_autofree char *year_2025 = tj_calendar_to_data (calendar, 2025);
  ThreadData data = { calendar, 0, 0 };
  GThread *threads[4];

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("reader", reader_thread, &data);

  for (guint i = 0; i < 50; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *year_2027 = g_strdup_printf ("year 2027 test %u\n2027-01-0%u off 元旦\n", i, 1 + i % 9);

      g_assert_true (tj_calendar_load_data (calendar, year_2027, -1, &error));
      g_assert_no_error (error);
      g_assert_true (tj_calendar_load_data (calendar, year_2025, -1, &error));
      g_assert_no_error (error);
    }

  g_atomic_int_set (&data.stop, 1);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);

  g_assert_cmpint (data.checks, >=, 400);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/calendar/builtin/years", test_builtin_years);
  g_test_add_func ("/calendar/empty", test_empty);
  g_test_add_func ("/calendar/domain-example", test_domain_example);
  g_test_add_func ("/calendar/day-name", test_day_name);
  g_test_add_func ("/calendar/period-edges", test_period_edges);
  g_test_add_func ("/calendar/cross-check", test_cross_check);
  g_test_add_func ("/calendar/provisional/dates", test_provisional);
  g_test_add_func ("/calendar/provisional/periods", test_provisional_periods);
  g_test_add_func ("/calendar/load/errors", test_load_errors);
  g_test_add_func ("/calendar/load/length", test_load_length);
  g_test_add_func ("/calendar/load/replace", test_load_replace);
  g_test_add_func ("/calendar/to-data/round-trip", test_to_data_round_trip);
  g_test_add_func ("/calendar/json/round-trip", test_json_round_trip);
  g_test_add_func ("/calendar/json/errors", test_json_errors);
  g_test_add_func ("/calendar/json/new-year", test_json_import_new_year);
  g_test_add_func ("/calendar/refcount", test_refcount);
  g_test_add_func ("/calendar/threads", test_threads);

  return g_test_run ();
}
