/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GETTEXT_PACKAGE
#include "config.h"
#endif

#include "tj-deadline.h"

#include <string.h>

#include <glib/gi18n-lib.h>

typedef struct {
  const char *key;           /* stable: API, CLI, stored settings */
  const char *label;         /* N_() */
  guint       days;          /* the default of domain.md */
  gboolean    working_days;
} ClockInfo;

static const ClockInfo clocks[TJ_N_CLOCKS] = {
  [TJ_CLOCK_ACCEPTANCE]             = { "acceptance",             N_("Acceptance decision"),                   3, TRUE  },
  [TJ_CLOCK_REFUSAL_NOTICE]         = { "refusal_notice",         N_("Notice of the other party's refusal"),    3, TRUE  },
  [TJ_CLOCK_MEDIATION]              = { "mediation",              N_("Mediation period"),                      15, FALSE },
  [TJ_CLOCK_ARBITRATION_DELEGATED]  = { "arbitration_delegated",  N_("Case delegated by arbitration"),         10, FALSE },
  [TJ_CLOCK_COURT_DELEGATED]        = { "court_delegated",        N_("Court delegation"),                      30, FALSE },
  [TJ_CLOCK_COURT_ENTRUSTED]        = { "court_entrusted",        N_("Court entrustment"),                     15, FALSE },
  [TJ_CLOCK_COURT_ENTRUSTED_SIMPLE] = { "court_entrusted_simple", N_("Court entrustment, simple procedure"),    7, FALSE },
  [TJ_CLOCK_REVIEW_APPLICATION]     = { "review_application",     N_("Application for arbitration review"),    15, FALSE },
  [TJ_CLOCK_REVIEW_DECISION]        = { "review_decision",        N_("Review decision"),                        5, FALSE },
};

G_DEFINE_QUARK (tj-deadline-error-quark, tj_deadline_error)

static char *
list_keys (void)
{
  g_autoptr(GString) keys = g_string_new (NULL);

  for (guint i = 0; i < TJ_N_CLOCKS; i++)
    {
      if (i > 0)
        g_string_append (keys, ", ");
      g_string_append (keys, clocks[i].key);
    }

  return g_string_free (g_steal_pointer (&keys), FALSE);
}

/* "15" or "3w"; only digits and one optional w, so "+3", "3 w" or "3.5" are refused. */
static gboolean
parse_rule (const char  *text,
            TjClockRule *out)
{
  gsize len = strlen (text);
  gboolean working_days = FALSE;
  guint64 days = 0;

  g_assert (out != NULL);

  if (len > 0 && (text[len - 1] == 'w' || text[len - 1] == 'W'))
    {
      working_days = TRUE;
      len--;
    }

  if (len == 0 || len > 3)
    return FALSE;

  for (gsize i = 0; i < len; i++)
    {
      if (!g_ascii_isdigit (text[i]))
        return FALSE;
      days = days * 10 + (guint64) (text[i] - '0');
    }

  if (days < 1 || days > TJ_DEADLINE_MAX_DAYS)
    return FALSE;

  out->days = (guint) days;
  out->working_days = working_days;
  return TRUE;
}

static char *
describe_period (const TjClockRule *rule)
{
  g_assert (rule != NULL);

  if (rule->working_days)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u working day", "%u working days", rule->days),
                            rule->days);

  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u day", "%u days", rule->days), rule->days);
}

/**
 * tj_deadline_settings_init:
 * @settings: (out caller-allocates): settings to fill
 *
 * Fills @settings with the defaults of domain.md: acceptance and the refusal notice
 * 3 working days; mediation 15 days; arbitration-delegated 10; court delegation 30;
 * court entrustment 15, or 7 in simple procedure; review application 15; review
 * decision 5.
 */
void
tj_deadline_settings_init (TjDeadlineSettings *settings)
{
  g_return_if_fail (settings != NULL);

  for (guint i = 0; i < TJ_N_CLOCKS; i++)
    {
      settings->rules[i].days = clocks[i].days;
      settings->rules[i].working_days = clocks[i].working_days;
    }
}

/**
 * tj_deadline_settings_parse:
 * @settings: settings to change
 * @assignment: "key=days" or "key=Nw" (N working days), e.g. "mediation=15", "acceptance=3w"
 * @error: return location for a #TJ_DEADLINE_ERROR
 *
 * Overrides one clock, as a province's settings do. Spaces around the key and the
 * value are allowed. On error @settings is unchanged.
 *
 * Returns: %TRUE when the assignment was applied
 */
gboolean
tj_deadline_settings_parse (TjDeadlineSettings  *settings,
                            const char          *assignment,
                            GError             **error)
{
  g_autofree char *copy = NULL;
  char *equals;
  char *key;
  char *value;
  TjClock clock;
  TjClockRule rule;

  g_return_val_if_fail (settings != NULL, FALSE);
  g_return_val_if_fail (assignment != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  copy = g_strdup (assignment);
  equals = strchr (copy, '=');
  if (equals == NULL)
    {
      g_set_error (error, TJ_DEADLINE_ERROR, TJ_DEADLINE_ERROR_SYNTAX,
                   _("The deadline setting “%s” is not of the form key=days, "
                     "as in “mediation=15” or “acceptance=3w”."),
                   assignment);
      return FALSE;
    }

  *equals = '\0';
  key = g_strstrip (copy);
  value = g_strstrip (equals + 1);

  if (*key == '\0')
    {
      g_autofree char *keys = list_keys ();

      g_set_error (error, TJ_DEADLINE_ERROR, TJ_DEADLINE_ERROR_SYNTAX,
                   _("The deadline setting “%s” names no clock before “=”; the settings are %s."),
                   assignment, keys);
      return FALSE;
    }

  if (!tj_clock_from_key (key, &clock))
    {
      g_autofree char *keys = list_keys ();

      g_set_error (error, TJ_DEADLINE_ERROR, TJ_DEADLINE_ERROR_UNKNOWN_KEY,
                   _("“%s” is not a deadline setting; the settings are %s."),
                   key, keys);
      return FALSE;
    }

  if (!parse_rule (value, &rule))
    {
      g_set_error (error, TJ_DEADLINE_ERROR, TJ_DEADLINE_ERROR_INVALID_VALUE,
                   _("The deadline setting “%s” must be a number of days from 1 to %u, "
                     "with “w” after it for working days (as in “%s=15” or “%s=3w”), not “%s”."),
                   key, TJ_DEADLINE_MAX_DAYS, key, key, value);
      return FALSE;
    }

  settings->rules[clock] = rule;
  return TRUE;
}

/**
 * tj_deadline_settings_to_string:
 * @settings: settings
 * @clock: a clock
 *
 * The value of one setting in the form tj_deadline_settings_parse() reads.
 *
 * Returns: (transfer full): "15" for calendar days, "3w" for working days
 */
char *
tj_deadline_settings_to_string (const TjDeadlineSettings *settings,
                                TjClock                   clock)
{
  const TjClockRule *rule;

  g_return_val_if_fail (settings != NULL, NULL);
  g_return_val_if_fail (clock < TJ_N_CLOCKS, NULL);

  rule = &settings->rules[clock];
  return g_strdup_printf ("%u%s", rule->days, rule->working_days ? "w" : "");
}

/**
 * tj_clock_key:
 * @clock: a clock
 *
 * Returns: the stable key of @clock, as used in the API, the CLI and stored settings
 */
const char *
tj_clock_key (TjClock clock)
{
  g_return_val_if_fail (clock < TJ_N_CLOCKS, NULL);

  return clocks[clock].key;
}

/**
 * tj_clock_from_key:
 * @key: a clock key, e.g. "mediation"
 * @out: (out) (optional): the clock
 *
 * Returns: %TRUE when @key names a clock
 */
gboolean
tj_clock_from_key (const char *key,
                   TjClock    *out)
{
  g_return_val_if_fail (key != NULL, FALSE);

  for (guint i = 0; i < TJ_N_CLOCKS; i++)
    {
      if (g_str_equal (key, clocks[i].key))
        {
          if (out != NULL)
            *out = (TjClock) i;
          return TRUE;
        }
    }

  return FALSE;
}

/**
 * tj_clock_label:
 * @clock: a clock
 *
 * Returns: the translated short name of @clock, e.g. "Acceptance decision"
 */
const char *
tj_clock_label (TjClock clock)
{
  g_return_val_if_fail (clock < TJ_N_CLOCKS, NULL);

  return _(clocks[clock].label);
}

/**
 * tj_clock_describe:
 * @clock: a clock
 * @settings: (nullable): the province's settings, or %NULL for the defaults
 *
 * The rule a deadline comes from, with the configured period, for showing beside the
 * date, e.g. "Law Art. 14: 15 days from receipt of the application".
 *
 * Returns: (transfer full): a translated sentence
 */
char *
tj_clock_describe (TjClock                   clock,
                   const TjDeadlineSettings *settings)
{
  TjDeadlineSettings defaults;
  g_autofree char *period = NULL;

  g_return_val_if_fail (clock < TJ_N_CLOCKS, NULL);

  if (settings == NULL)
    {
      tj_deadline_settings_init (&defaults);
      settings = &defaults;
    }

  period = describe_period (&settings->rules[clock]);

  /* Translators: in each of these, %s is a period such as “15 days” or “3 working days”. */
  switch (clock)
    {
    case TJ_CLOCK_ACCEPTANCE:
      return g_strdup_printf (_("%s from receipt of the application"), period);
    case TJ_CLOCK_REFUSAL_NOTICE:
      return g_strdup_printf (_("Written notice to the applicant within %s of the other party's "
                                "refusal to mediate"), period);
    case TJ_CLOCK_MEDIATION:
      /* Translators: the Law is the Labour Dispute Mediation and Arbitration Law (调解仲裁法) */
      return g_strdup_printf (_("Law Art. 14: %s from receipt of the application"), period);
    case TJ_CLOCK_ARBITRATION_DELEGATED:
      return g_strdup_printf (_("Case delegated by the arbitration institution: %s from the "
                                "parties' consent to mediation"), period);
    case TJ_CLOCK_COURT_DELEGATED:
      return g_strdup_printf (_("Court delegation before filing: %s from receipt of the case"), period);
    case TJ_CLOCK_COURT_ENTRUSTED:
      return g_strdup_printf (_("Court entrustment, ordinary procedure: %s from receipt of the case"),
                              period);
    case TJ_CLOCK_COURT_ENTRUSTED_SIMPLE:
      return g_strdup_printf (_("Court entrustment, simple procedure: %s from receipt of the case"),
                              period);
    case TJ_CLOCK_REVIEW_APPLICATION:
      /* Translators: the Arbitration Case Rules are 劳动人事争议仲裁办案规则 */
      return g_strdup_printf (_("Arbitration Case Rules Art. 74: joint application for review "
                                "within %s of the agreement taking effect"), period);
    case TJ_CLOCK_REVIEW_DECISION:
      return g_strdup_printf (_("Review decision within %s of accepting the application for review"),
                              period);
    case TJ_N_CLOCKS:
      break;
    }

  g_return_val_if_reached (NULL);
}

/**
 * tj_deadline_compute:
 * @calendar: the rest-day calendar
 * @settings: (nullable): the province's settings, or %NULL for the defaults
 * @clock: the clock to run
 * @start: the day the clock starts from (receipt, refusal, consent, …); not counted
 * @out: (out caller-allocates): the deadline
 *
 * Runs one clock: working-day clocks count working days after @start; calendar-day
 * clocks add days and move a last day that is a rest day to the next working day.
 * @out->provisional is set when a day that decided the date lies in a year (or a
 * December) the calendar has no notice for yet.
 */
void
tj_deadline_compute (TjCalendar               *calendar,
                     const TjDeadlineSettings *settings,
                     TjClock                   clock,
                     const GDate              *start,
                     TjDeadline               *out)
{
  TjDeadlineSettings defaults;
  const TjClockRule *rule;

  g_return_if_fail (calendar != NULL);
  g_return_if_fail (clock < TJ_N_CLOCKS);
  g_return_if_fail (start != NULL && g_date_valid (start));
  g_return_if_fail (out != NULL);

  if (settings == NULL)
    {
      tj_deadline_settings_init (&defaults);
      settings = &defaults;
    }

  rule = &settings->rules[clock];
  out->clock = clock;

  if (rule->working_days)
    tj_calendar_add_working_days (calendar, start, rule->days, &out->date, &out->provisional);
  else
    tj_calendar_add_days (calendar, start, rule->days, &out->date, &out->provisional);
}
