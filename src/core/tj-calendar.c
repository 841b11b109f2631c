/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GETTEXT_PACKAGE
#include "config.h"
#endif

#include "tj-calendar.h"

#include <string.h>

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#define BUILTIN_RESOURCE "/io/github/tiaojie/Tiaojie/core/calendar/cn-holidays.txt"

/* One date a notice changes. */
typedef struct {
  guint32     julian;
  gboolean    off;
  const char *name;           /* interned, so a name handed out outlives any reload */
} TjCalendarDay;

/* One notice year as loaded; shared (atomic rc box) by the tables that contain it. */
typedef struct {
  guint   year;
  char   *source;             /* (owned) */
  GArray *days;               /* (owned) (element-type TjCalendarDay), sorted by date */
} TjCalendarYear;

/*
 * What queries read: immutable once built. The bit sets cover every day from the
 * December before the first notice year to the end of the last one, so a query is an
 * index and a shift; days outside them are unknown and follow the plain rule.
 */
typedef struct {
  GPtrArray  *years;          /* (owned) (element-type TjCalendarYear), sorted by year */
  guint32     first;          /* julian day of bit 0 */
  guint32     n_days;
  guint32    *rest;           /* (owned) bit set: the day is a rest day */
  guint32    *known;          /* (owned) bit set: the notices that govern the day are loaded */
  GHashTable *names;          /* (owned) julian day → interned holiday name */
} TjCalendarTable;

struct _TjCalendar {
  gatomicrefcount  ref_count;
  GMutex           load_lock;  /* serialises loads, so two imports cannot drop each other's year */
  GRWLock          lock;       /* guards the table pointer against a swap while a query reads it */
  TjCalendarTable *table;      /* (owned) */
};

G_DEFINE_BOXED_TYPE (TjCalendar, tj_calendar, tj_calendar_ref, tj_calendar_unref)
G_DEFINE_QUARK (tj-calendar-error-quark, tj_calendar_error)

/* Helpers */

static inline gboolean
bit_get (const guint32 *bits,
         guint32        i)
{
  return (bits[i >> 5] >> (i & 31)) & 1;
}

static inline void
bit_put (guint32  *bits,
         guint32   i,
         gboolean  value)
{
  if (value)
    bits[i >> 5] |= 1u << (i & 31);
  else
    bits[i >> 5] &= ~(1u << (i & 31));
}

/* GDate's julian day 1 is Monday 1 January of year 1, so the weekday needs no GDate. */
static inline gboolean
julian_is_weekend (guint32 julian)
{
  return (julian - 1) % 7 >= 5;
}

static guint32
julian_from_dmy (GDateDay   day,
                 GDateMonth month,
                 GDateYear  year)
{
  GDate date;

  g_assert (g_date_valid_dmy (day, month, year));

  g_date_clear (&date, 1);
  g_date_set_dmy (&date, day, month, year);
  return g_date_get_julian (&date);
}

static TjCalendarYear *
calendar_year_new (guint       year,
                   const char *source)
{
  TjCalendarYear *y = g_atomic_rc_box_new0 (TjCalendarYear);

  y->year = year;
  y->source = g_strdup (source);
  y->days = g_array_new (FALSE, FALSE, sizeof (TjCalendarDay));
  return y;
}

static void
calendar_year_clear (gpointer data)
{
  TjCalendarYear *y = data;

  g_clear_pointer (&y->source, g_free);
  g_clear_pointer (&y->days, g_array_unref);
}

static TjCalendarYear *
calendar_year_acquire (TjCalendarYear *y)
{
  return g_atomic_rc_box_acquire (y);
}

static void
calendar_year_release (gpointer data)
{
  g_atomic_rc_box_release_full (data, calendar_year_clear);
}

static int
compare_days (gconstpointer a,
              gconstpointer b)
{
  const TjCalendarDay *da = a;
  const TjCalendarDay *db = b;

  return (da->julian > db->julian) - (da->julian < db->julian);
}

static int
compare_years (gconstpointer a,
               gconstpointer b)
{
  const TjCalendarYear *ya = *(TjCalendarYear * const *) a;
  const TjCalendarYear *yb = *(TjCalendarYear * const *) b;

  return (ya->year > yb->year) - (ya->year < yb->year);
}

static TjCalendarYear *
table_find_year (const TjCalendarTable *table,
                 guint                  year)
{
  guint lo = 0;
  guint hi = table->years->len;

  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      TjCalendarYear *y = g_ptr_array_index (table->years, mid);

      if (y->year == year)
        return y;
      if (y->year < year)
        lo = mid + 1;
      else
        hi = mid;
    }

  return NULL;
}

static void
table_free (TjCalendarTable *table)
{
  if (table == NULL)
    return;

  g_clear_pointer (&table->years, g_ptr_array_unref);
  g_clear_pointer (&table->rest, g_free);
  g_clear_pointer (&table->known, g_free);
  g_clear_pointer (&table->names, g_hash_table_unref);
  g_free (table);
}

static void
mark_known (TjCalendarTable *table,
            guint32          from,
            guint32          to)
{
  for (guint32 j = from; j <= to; j++)
    bit_put (table->known, j - table->first, TRUE);
}

/* Takes ownership of @years, which must be sorted by year. */
static TjCalendarTable *
table_new (GPtrArray *years)
{
  TjCalendarTable *table = g_new0 (TjCalendarTable, 1);
  TjCalendarYear *first_year;
  TjCalendarYear *last_year;
  guint32 last;
  gsize words;

  table->years = years;
  table->names = g_hash_table_new (NULL, NULL);

  if (years->len == 0)
    return table;

  first_year = g_ptr_array_index (years, 0);
  last_year = g_ptr_array_index (years, years->len - 1);
  table->first = julian_from_dmy (1, G_DATE_DECEMBER, first_year->year - 1);
  last = julian_from_dmy (31, G_DATE_DECEMBER, last_year->year);
  table->n_days = last - table->first + 1;

  words = (table->n_days + 31) / 32;
  table->rest = g_new0 (guint32, words);
  table->known = g_new0 (guint32, words);

  for (guint32 i = 0; i < table->n_days; i++)
    bit_put (table->rest, i, julian_is_weekend (table->first + i));

  for (guint k = 0; k < years->len; k++)
    {
      TjCalendarYear *y = g_ptr_array_index (years, k);
      TjCalendarYear *next = k + 1 < years->len ? g_ptr_array_index (years, k + 1) : NULL;
      gboolean next_loaded = next != NULL && next->year == y->year + 1;

      /* Until the next notice is out, it may still move days of this December. */
      mark_known (table,
                  julian_from_dmy (1, G_DATE_JANUARY, y->year),
                  next_loaded ? julian_from_dmy (31, G_DATE_DECEMBER, y->year)
                              : julian_from_dmy (30, G_DATE_NOVEMBER, y->year));
    }

  /* In ascending order, so that on a December date two notices list the later one wins. */
  for (guint k = 0; k < years->len; k++)
    {
      TjCalendarYear *y = g_ptr_array_index (years, k);

      for (guint i = 0; i < y->days->len; i++)
        {
          const TjCalendarDay *day = &g_array_index (y->days, TjCalendarDay, i);

          g_assert (day->julian >= table->first && day->julian - table->first < table->n_days);

          bit_put (table->rest, day->julian - table->first, day->off);
          g_hash_table_insert (table->names, GUINT_TO_POINTER (day->julian), (gpointer) day->name);
        }
    }

  return table;
}

static inline gboolean
table_classify (const TjCalendarTable *table,
                guint32                julian,
                gboolean              *known)
{
  if (julian >= table->first && julian - table->first < table->n_days)
    {
      guint32 i = julian - table->first;

      *known = bit_get (table->known, i);
      return bit_get (table->rest, i);
    }

  *known = FALSE;
  return julian_is_weekend (julian);
}

/* Parsing, shared by the text and the JSON form */

/* Strict YYYY-MM-DD, so that "2025-1-1" or "2025-01-01x" is reported rather than guessed. */
static gboolean
parse_iso_date (const char *text,
                GDate      *out)
{
  static const guint digits[] = { 0, 1, 2, 3, 5, 6, 8, 9 };
  guint year, month, day;

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-')
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (digits); i++)
    if (!g_ascii_isdigit (text[digits[i]]))
      return FALSE;

  year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
  month = (text[5] - '0') * 10 + (text[6] - '0');
  day = (text[8] - '0') * 10 + (text[9] - '0');

  if (year == 0 || !g_date_valid_dmy (day, month, year))
    return FALSE;

  g_date_clear (out, 1);
  g_date_set_dmy (out, day, month, year);
  return TRUE;
}

/* Collects the years of one load; nothing reaches the calendar until all of it is valid. */
typedef struct {
  GPtrArray      *years;      /* (owned) (element-type TjCalendarYear) */
  TjCalendarYear *current;    /* (unowned) the year being filled, or NULL */
  GHashTable     *seen;       /* (owned) julian day → where it was listed, for the current year */
  gboolean        json;       /* places are JSON entries rather than lines */
} Loader;

static void
loader_init (Loader   *loader,
             gboolean  json)
{
  loader->years = g_ptr_array_new_with_free_func (calendar_year_release);
  loader->current = NULL;
  loader->seen = g_hash_table_new (NULL, NULL);
  loader->json = json;
}

static void
loader_clear (Loader *loader)
{
  g_clear_pointer (&loader->years, g_ptr_array_unref);
  g_clear_pointer (&loader->seen, g_hash_table_unref);
  loader->current = NULL;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Loader, loader_clear)

/* Returns a translated explanation when @year cannot be opened, else NULL. */
static char *
loader_open_year (Loader     *loader,
                  guint       year,
                  const char *source)
{
  g_assert (loader != NULL);

  if (year < TJ_CALENDAR_MIN_YEAR || year > TJ_CALENDAR_MAX_YEAR)
    return g_strdup_printf (_("The year %u is outside the supported years %u to %u."),
                            year, TJ_CALENDAR_MIN_YEAR, TJ_CALENDAR_MAX_YEAR);

  if (source == NULL || *source == '\0')
    return g_strdup_printf (_("The year %u does not name the notice it comes from."), year);

  for (guint i = 0; i < loader->years->len; i++)
    {
      TjCalendarYear *y = g_ptr_array_index (loader->years, i);

      if (y->year == year)
        return g_strdup_printf (_("The year %u is given twice; give each notice year once."), year);
    }

  loader->current = calendar_year_new (year, source);
  g_ptr_array_add (loader->years, loader->current);
  g_hash_table_remove_all (loader->seen);
  return NULL;
}

/* @where is the line or entry number, for pointing back at an earlier duplicate. */
static char *
loader_add_day (Loader      *loader,
                const GDate *date,
                gboolean     off,
                const char  *name,
                guint        where)
{
  TjCalendarDay day;
  GDateYear year;
  gpointer previous;
  char iso[16];

  g_assert (loader != NULL);
  g_assert (loader->current != NULL);
  g_assert (g_date_valid (date));

  g_date_strftime (iso, sizeof iso, "%Y-%m-%d", date);
  year = g_date_get_year (date);

  /* A notice may move days of the December before its year, never any other year's. */
  if (!(year == loader->current->year ||
        ((guint) year + 1 == loader->current->year && g_date_get_month (date) == G_DATE_DECEMBER)))
    return g_strdup_printf (_("The date %s lies outside the notice year %u, which may only "
                              "list dates from 1 December %u to 31 December %u."),
                            iso, loader->current->year,
                            loader->current->year - 1, loader->current->year);

  if (name == NULL || *name == '\0')
    return g_strdup_printf (_("The date %s has no holiday name."), iso);

  day.julian = g_date_get_julian (date);
  day.off = off;
  day.name = g_intern_string (name);

  if (g_hash_table_lookup_extended (loader->seen, GUINT_TO_POINTER (day.julian), NULL, &previous))
    {
      if (loader->json)
        return g_strdup_printf (_("The date %s is listed twice in the notice year %u "
                                  "(already in entry %u)."),
                                iso, loader->current->year, GPOINTER_TO_UINT (previous));

      return g_strdup_printf (_("The date %s is listed twice in the notice year %u "
                                "(already on line %u)."),
                              iso, loader->current->year, GPOINTER_TO_UINT (previous));
    }

  g_hash_table_insert (loader->seen, GUINT_TO_POINTER (day.julian), GUINT_TO_POINTER (where));
  g_array_append_val (loader->current->days, day);
  return NULL;
}

static void
commit_years (TjCalendar *self,
              GPtrArray  *loaded)
{
  g_autoptr(GPtrArray) years = NULL;
  TjCalendarTable *old_table;
  TjCalendarTable *new_table;

  g_assert (self != NULL);
  g_assert (loaded != NULL);

  g_mutex_lock (&self->load_lock);

  /* Only loads replace the table and they hold load_lock, so it is stable here. */
  old_table = self->table;
  years = g_ptr_array_new_with_free_func (calendar_year_release);

  for (guint i = 0; i < old_table->years->len; i++)
    {
      TjCalendarYear *y = g_ptr_array_index (old_table->years, i);
      gboolean replaced = FALSE;

      for (guint k = 0; k < loaded->len && !replaced; k++)
        replaced = ((TjCalendarYear *) g_ptr_array_index (loaded, k))->year == y->year;

      if (!replaced)
        g_ptr_array_add (years, calendar_year_acquire (y));
    }

  for (guint k = 0; k < loaded->len; k++)
    {
      TjCalendarYear *y = g_ptr_array_index (loaded, k);

      g_array_sort (y->days, compare_days);
      g_ptr_array_add (years, calendar_year_acquire (y));
    }

  g_ptr_array_sort (years, compare_years);
  new_table = table_new (g_steal_pointer (&years));

  g_rw_lock_writer_lock (&self->lock);
  self->table = new_table;
  g_rw_lock_writer_unlock (&self->lock);

  g_mutex_unlock (&self->load_lock);

  /* No reader can still hold it: each one held the read lock the swap waited for. */
  table_free (old_table);
}

/* Splits off the next word of @cursor; NULL at the end of the line. */
static char *
next_word (char **cursor)
{
  char *p = *cursor;
  char *word;

  while (*p == ' ' || *p == '\t')
    p++;

  if (*p == '\0')
    {
      *cursor = p;
      return NULL;
    }

  word = p;
  while (*p != '\0' && *p != ' ' && *p != '\t')
    p++;
  if (*p != '\0')
    *p++ = '\0';

  *cursor = p;
  return word;
}

/* The free text that ends a line (a source, a holiday name); NULL when there is none. */
static char *
rest_of_line (char **cursor)
{
  char *p = *cursor;

  while (*p == ' ' || *p == '\t')
    p++;
  g_strchomp (p);
  *cursor = p + strlen (p);

  return *p != '\0' ? p : NULL;
}

static gboolean
is_four_digits (const char *text)
{
  return strlen (text) == 4 &&
         g_ascii_isdigit (text[0]) && g_ascii_isdigit (text[1]) &&
         g_ascii_isdigit (text[2]) && g_ascii_isdigit (text[3]);
}

static gboolean
set_line_error (GError     **error,
                guint        line,
                const char  *detail)
{
  /* Translators: "Line 12: The date … is not valid." — the place, then what is wrong. */
  g_set_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_PARSE,
               _("Line %u: %s"), line, detail);
  return FALSE;
}

/* Parses one non-blank, non-comment line into @loader. */
static gboolean
parse_line (Loader   *loader,
            char     *line,
            guint     line_no,
            GError  **error)
{
  char *cursor = line;
  char *first = next_word (&cursor);
  g_autofree char *detail = NULL;

  g_assert (first != NULL);

  if (g_str_equal (first, "year"))
    {
      char *year_text = next_word (&cursor);
      char *source;

      if (year_text == NULL || !is_four_digits (year_text))
        {
          detail = g_strdup (_("A “year” line needs a four-digit year and the notice it comes "
                               "from, as in “year 2025 国办发明电〔2024〕12号”."));
          return set_line_error (error, line_no, detail);
        }

      source = rest_of_line (&cursor);
      detail = loader_open_year (loader, (guint) g_ascii_strtoull (year_text, NULL, 10), source);
      if (detail != NULL)
        return set_line_error (error, line_no, detail);

      return TRUE;
    }

  if (g_ascii_isdigit (first[0]))
    {
      GDate date;
      char *kind;
      char *name;

      if (!parse_iso_date (first, &date))
        {
          detail = g_strdup_printf (_("“%s” is not a valid date; write dates as YYYY-MM-DD."), first);
          return set_line_error (error, line_no, detail);
        }

      if (loader->current == NULL)
        {
          detail = g_strdup (_("A date comes before any “year” line; open the notice year first."));
          return set_line_error (error, line_no, detail);
        }

      kind = next_word (&cursor);
      if (kind == NULL)
        {
          detail = g_strdup_printf (_("The date %s must be followed by “off” or “work” and the "
                                      "holiday name."), first);
          return set_line_error (error, line_no, detail);
        }

      if (!g_str_equal (kind, "off") && !g_str_equal (kind, "work"))
        {
          detail = g_strdup_printf (_("The date %s must be followed by “off” or “work”, not “%s”."),
                                    first, kind);
          return set_line_error (error, line_no, detail);
        }

      name = rest_of_line (&cursor);
      detail = loader_add_day (loader, &date, g_str_equal (kind, "off"), name, line_no);
      if (detail != NULL)
        return set_line_error (error, line_no, detail);

      return TRUE;
    }

  detail = g_strdup_printf (_("Unknown keyword “%s”; a line is a comment, a “year” line or a date."),
                            first);
  return set_line_error (error, line_no, detail);
}

static gboolean
parse_text (Loader      *loader,
            const char  *text,
            gssize       length,
            GError     **error)
{
  g_autofree char *copy = NULL;
  const char *invalid = NULL;
  char *line;
  guint line_no = 0;

  g_assert (loader != NULL);
  g_assert (text != NULL);

  if (!g_utf8_validate (text, length, &invalid))
    {
      guint bad_line = 1;

      for (const char *p = text; p < invalid; p++)
        if (*p == '\n')
          bad_line++;

      return set_line_error (error, bad_line, _("The text is not valid UTF-8 or contains a nul byte."));
    }

  copy = length < 0 ? g_strdup (text) : g_strndup (text, length);

  for (line = copy; line != NULL; )
    {
      char *end = strchr (line, '\n');
      char *p;

      if (end != NULL)
        *end = '\0';
      line_no++;

      p = line;
      while (*p == ' ' || *p == '\t')
        p++;
      g_strchomp (p);

      if (*p != '\0' && *p != '#' && !parse_line (loader, p, line_no, error))
        return FALSE;

      line = end != NULL ? end + 1 : NULL;
    }

  return TRUE;
}

/* @entry counts the elements of "days" from 1; 0 when the error is not in one. */
static gboolean
set_json_error (GError     **error,
                guint        entry,
                const char  *detail)
{
  if (entry == 0)
    /* Translators: the place, then what is wrong */
    g_set_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_PARSE,
                 _("JSON calendar: %s"), detail);
  else
    /* Translators: "days" is a JSON key, do not translate it */
    g_set_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_PARSE,
                 _("JSON calendar, entry %u of “days”: %s"), entry, detail);
  return FALSE;
}

static const char *
json_object_get_string_or_null (JsonObject *object,
                                const char *member)
{
  JsonNode *node = json_object_get_member (object, member);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_STRING)
    return NULL;

  return json_node_get_string (node);
}

static gboolean
parse_json (Loader      *loader,
            const char  *text,
            gssize       length,
            GError     **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GString) source = g_string_new (NULL);
  g_autofree char *detail = NULL;
  JsonNode *root;
  JsonObject *object;
  JsonNode *node;
  JsonArray *papers;
  JsonArray *days;
  gint64 year;

  g_assert (loader != NULL);
  g_assert (text != NULL);

  if (!json_parser_load_from_data (parser, text, length, &local_error))
    {
      detail = g_strdup_printf (_("The text is not valid JSON (%s)."), local_error->message);
      return set_json_error (error, 0, detail);
    }

  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return set_json_error (error, 0, _("The top level must be an object with “year”, “papers” and “days”."));
  object = json_node_get_object (root);

  node = json_object_get_member (object, "year");
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return set_json_error (error, 0, _("The “year” must be a whole number."));
  year = json_node_get_int (node);

  node = json_object_get_member (object, "papers");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) || json_array_get_length (json_node_get_array (node)) == 0)
    return set_json_error (error, 0, _("The “papers” must list the notice the year comes from."));
  papers = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (papers); i++)
    {
      JsonNode *paper = json_array_get_element (papers, i);

      if (!JSON_NODE_HOLDS_VALUE (paper) || json_node_get_value_type (paper) != G_TYPE_STRING ||
          *json_node_get_string (paper) == '\0')
        return set_json_error (error, 0, _("Every entry of “papers” must be the address of a notice."));

      /* Our year line is one line of text. */
      if (strpbrk (json_node_get_string (paper), "\r\n") != NULL)
        return set_json_error (error, 0, _("An entry of “papers” spans several lines."));

      if (source->len > 0)
        g_string_append (source, "; ");
      g_string_append_printf (source, "notice %s", json_node_get_string (paper));
    }

  detail = loader_open_year (loader, (guint) CLAMP (year, 0, G_MAXUINT), source->str);
  if (detail != NULL)
    return set_json_error (error, 0, detail);

  node = json_object_get_member (object, "days");
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node))
    return set_json_error (error, 0, _("The “days” must be a list of the dates the notice changes."));
  days = json_node_get_array (node);

  for (guint i = 0; i < json_array_get_length (days); i++)
    {
      JsonNode *element = json_array_get_element (days, i);
      JsonObject *entry;
      const char *name;
      const char *date_text;
      gboolean off;
      GDate date;

      if (!JSON_NODE_HOLDS_OBJECT (element))
        return set_json_error (error, i + 1, _("The entry must be an object."));
      entry = json_node_get_object (element);

      date_text = json_object_get_string_or_null (entry, "date");
      if (date_text == NULL || !parse_iso_date (date_text, &date))
        return set_json_error (error, i + 1, _("The entry needs a valid “date”, written YYYY-MM-DD."));

      node = json_object_get_member (entry, "isOffDay");
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_BOOLEAN)
        return set_json_error (error, i + 1, _("The entry needs “isOffDay”, true or false."));
      off = json_node_get_boolean (node);

      name = json_object_get_string_or_null (entry, "name");
      if (name != NULL && strpbrk (name, "\r\n") != NULL)
        return set_json_error (error, i + 1, _("The “name” spans several lines."));

      detail = loader_add_day (loader, &date, off, name, i + 1);
      if (detail != NULL)
        return set_json_error (error, i + 1, detail);
    }

  return TRUE;
}

/* Public API */

/**
 * tj_calendar_new:
 *
 * Creates a calendar that knows no year: every date follows the plain weekend rule
 * and is reported as not known.
 *
 * Returns: (transfer full): a new calendar
 */
TjCalendar *
tj_calendar_new (void)
{
  TjCalendar *self = g_new0 (TjCalendar, 1);

  g_atomic_ref_count_init (&self->ref_count);
  g_mutex_init (&self->load_lock);
  g_rw_lock_init (&self->lock);
  self->table = table_new (g_ptr_array_new_with_free_func (calendar_year_release));

  return self;
}

/**
 * tj_calendar_new_builtin:
 *
 * Creates a calendar holding the notices shipped with Tiaojie. Each call returns a
 * new calendar, so years loaded into one do not leak into another.
 *
 * Returns: (transfer full): a new calendar, never %NULL
 */
TjCalendar *
tj_calendar_new_builtin (void)
{
  g_autoptr(TjCalendar) self = tj_calendar_new ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize size = 0;
  const char *data;

  bytes = g_resources_lookup_data (BUILTIN_RESOURCE, G_RESOURCE_LOOKUP_FLAGS_NONE, &error);
  if (bytes == NULL)
    {
      /* Only a broken build gets here; an empty calendar still answers, provisionally. */
      g_critical ("The built-in calendar is missing: %s", error->message);
      return g_steal_pointer (&self);
    }

  data = g_bytes_get_data (bytes, &size);
  if (!tj_calendar_load_data (self, data, size, &error))
    g_critical ("The built-in calendar does not load: %s", error->message);

  return g_steal_pointer (&self);
}

/**
 * tj_calendar_ref:
 * @self: a calendar
 *
 * Returns: (transfer full): @self
 */
TjCalendar *
tj_calendar_ref (TjCalendar *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

/**
 * tj_calendar_unref:
 * @self: (transfer full): a calendar
 */
void
tj_calendar_unref (TjCalendar *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;

  g_clear_pointer (&self->table, table_free);
  g_rw_lock_clear (&self->lock);
  g_mutex_clear (&self->load_lock);
  g_free (self);
}

/**
 * tj_calendar_load_data:
 * @self: a calendar
 * @text: calendar text in the format of data/calendar/cn-holidays.txt
 * @length: length of @text in bytes, or -1 when it is nul-terminated
 * @error: return location for a #TJ_CALENDAR_ERROR_PARSE error
 *
 * Loads the notice years in @text. A year the calendar already has is replaced as a
 * whole (a corrected notice). On error nothing is changed, and the message names the
 * line and what is wrong with it.
 *
 * Returns: %TRUE when every year was loaded
 */
gboolean
tj_calendar_load_data (TjCalendar  *self,
                       const char  *text,
                       gssize       length,
                       GError     **error)
{
  g_auto(Loader) loader = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL || length == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loader_init (&loader, FALSE);

  if (text == NULL)
    text = "";

  if (!parse_text (&loader, text, length, error))
    return FALSE;

  commit_years (self, loader.years);
  return TRUE;
}

/**
 * tj_calendar_load_json:
 * @self: a calendar
 * @text: one year in the JSON form of holiday-cn:
 *   `{"year": 2025, "papers": ["https://…"], "days": [{"name": "元旦", "date": "2025-01-01", "isOffDay": true}, …]}`
 * @length: length of @text in bytes, or -1 when it is nul-terminated
 * @error: return location for a #TJ_CALENDAR_ERROR_PARSE error
 *
 * Loads one notice year from JSON, with the same rules as tj_calendar_load_data().
 * The year's source becomes "notice" and the address of each paper.
 *
 * Returns: %TRUE when the year was loaded
 */
gboolean
tj_calendar_load_json (TjCalendar  *self,
                       const char  *text,
                       gssize       length,
                       GError     **error)
{
  g_auto(Loader) loader = { 0 };

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  loader_init (&loader, TRUE);

  if (!parse_json (&loader, text, length, error))
    return FALSE;

  commit_years (self, loader.years);
  return TRUE;
}

static void
append_year (GString              *out,
             const TjCalendarYear *y)
{
  g_string_append_printf (out, "year %u %s\n", y->year, y->source);

  for (guint i = 0; i < y->days->len; i++)
    {
      const TjCalendarDay *day = &g_array_index (y->days, TjCalendarDay, i);
      GDate date;

      g_date_clear (&date, 1);
      g_date_set_julian (&date, day->julian);
      g_string_append_printf (out, "%04u-%02u-%02u %s %s\n",
                              g_date_get_year (&date), g_date_get_month (&date),
                              g_date_get_day (&date), day->off ? "off" : "work", day->name);
    }
}

/**
 * tj_calendar_to_data:
 * @self: a calendar
 * @year: a notice year, or 0 for every year
 *
 * Writes years back in the text form that tj_calendar_load_data() reads, for storing
 * in a replica or sending to clients. Years are separated by a blank line.
 *
 * Returns: (transfer full) (nullable): the text, or %NULL when @year is not loaded
 *   (with @year 0 an empty calendar gives an empty string)
 */
char *
tj_calendar_to_data (TjCalendar *self,
                     guint       year)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean found = FALSE;

  g_return_val_if_fail (self != NULL, NULL);

  g_rw_lock_reader_lock (&self->lock);

  for (guint i = 0; i < self->table->years->len; i++)
    {
      const TjCalendarYear *y = g_ptr_array_index (self->table->years, i);

      if (year != 0 && y->year != year)
        continue;

      if (out->len > 0)
        g_string_append_c (out, '\n');
      append_year (out, y);
      found = TRUE;
    }

  g_rw_lock_reader_unlock (&self->lock);

  if (year != 0 && !found)
    return NULL;

  return g_string_free (g_steal_pointer (&out), FALSE);
}

/**
 * tj_calendar_has_year:
 * @self: a calendar
 * @year: a year
 *
 * Returns: %TRUE when the notice for @year is loaded
 */
gboolean
tj_calendar_has_year (TjCalendar *self,
                      guint       year)
{
  gboolean ret;

  g_return_val_if_fail (self != NULL, FALSE);

  g_rw_lock_reader_lock (&self->lock);
  ret = table_find_year (self->table, year) != NULL;
  g_rw_lock_reader_unlock (&self->lock);

  return ret;
}

/**
 * tj_calendar_list_years:
 * @self: a calendar
 * @n_years: (out) (optional): the number of years
 *
 * Returns: (transfer full) (array length=n_years zero-terminated=1): the loaded
 *   notice years in ascending order, followed by a 0
 */
guint *
tj_calendar_list_years (TjCalendar *self,
                        guint      *n_years)
{
  guint *years;
  guint n;

  g_return_val_if_fail (self != NULL, NULL);

  g_rw_lock_reader_lock (&self->lock);

  n = self->table->years->len;
  years = g_new0 (guint, n + 1);
  for (guint i = 0; i < n; i++)
    years[i] = ((TjCalendarYear *) g_ptr_array_index (self->table->years, i))->year;

  g_rw_lock_reader_unlock (&self->lock);

  if (n_years != NULL)
    *n_years = n;

  return years;
}

/**
 * tj_calendar_require_year:
 * @self: a calendar
 * @year: a year
 * @error: return location for a #TJ_CALENDAR_ERROR_UNKNOWN_YEAR error
 *
 * For callers that must say plainly that a year has no notice (an import check, the
 * command line): fails with a message that explains what that means for deadlines.
 *
 * Returns: %TRUE when the notice for @year is loaded
 */
gboolean
tj_calendar_require_year (TjCalendar  *self,
                          guint        year,
                          GError     **error)
{
  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (tj_calendar_has_year (self, year))
    return TRUE;

  g_set_error (error, TJ_CALENDAR_ERROR, TJ_CALENDAR_ERROR_UNKNOWN_YEAR,
               _("The calendar has no State Council notice on public holidays for %u; "
                 "only Saturdays and Sundays count as rest days in that year, and "
                 "deadlines in it are provisional."),
               year);
  return FALSE;
}

/**
 * tj_calendar_is_rest_day:
 * @self: a calendar
 * @date: a valid date
 * @known: (out) (optional): %FALSE when the date's year has no notice, or the date is
 *   in a December whose next year has no notice (that notice can still move the day)
 *
 * Whether @date is a rest day: a holiday of a notice, or a Saturday or Sunday that is
 * not a make-up working day. Where the date is not known, the plain weekend rule answers.
 *
 * Returns: %TRUE for a rest day
 */
gboolean
tj_calendar_is_rest_day (TjCalendar  *self,
                         const GDate *date,
                         gboolean    *known)
{
  gboolean rest;
  gboolean is_known;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (date != NULL && g_date_valid (date), FALSE);

  g_rw_lock_reader_lock (&self->lock);
  rest = table_classify (self->table, g_date_get_julian (date), &is_known);
  g_rw_lock_reader_unlock (&self->lock);

  if (known != NULL)
    *known = is_known;

  return rest;
}

/**
 * tj_calendar_day_name:
 * @self: a calendar
 * @date: a valid date
 *
 * The holiday a notice lists @date under, for a day off and for a make-up working day
 * alike (tj_calendar_is_rest_day() tells which).
 *
 * Returns: (nullable): the name, valid for the life of the process; %NULL when no
 *   loaded notice lists @date
 */
const char *
tj_calendar_day_name (TjCalendar  *self,
                      const GDate *date)
{
  const char *name;

  g_return_val_if_fail (self != NULL, NULL);
  g_return_val_if_fail (date != NULL && g_date_valid (date), NULL);

  g_rw_lock_reader_lock (&self->lock);
  name = g_hash_table_lookup (self->table->names, GUINT_TO_POINTER (g_date_get_julian (date)));
  g_rw_lock_reader_unlock (&self->lock);

  return name;
}

static gboolean
check_period_args (const GDate *start,
                   guint        n)
{
  g_assert (start != NULL);

  /* Keeps every day we step on inside GDate's range and the supported years. */
  return g_date_valid (start) &&
         g_date_get_year (start) <= TJ_CALENDAR_MAX_YEAR &&
         n <= TJ_CALENDAR_MAX_PERIOD;
}

/**
 * tj_calendar_add_days:
 * @self: a calendar
 * @start: the day the period runs from; it is not counted
 * @n: the number of calendar days, at most %TJ_CALENDAR_MAX_PERIOD
 * @out: (out caller-allocates): the last day of the period
 * @provisional: (out) (optional): %TRUE when a day that decided the result is not known
 *
 * A calendar-day period: @start plus @n days; when that day is a rest day, the period
 * ends on the first working day after it.
 */
void
tj_calendar_add_days (TjCalendar  *self,
                      const GDate *start,
                      guint        n,
                      GDate       *out,
                      gboolean    *provisional)
{
  gboolean any_unknown = FALSE;
  gboolean known;
  guint32 julian;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (check_period_args (start, n));

  julian = g_date_get_julian (start) + n;

  g_rw_lock_reader_lock (&self->lock);
  while (table_classify (self->table, julian, &known))
    {
      any_unknown |= !known;
      julian++;
    }
  any_unknown |= !known;
  g_rw_lock_reader_unlock (&self->lock);

  g_date_clear (out, 1);
  g_date_set_julian (out, julian);

  if (provisional != NULL)
    *provisional = any_unknown;
}

/**
 * tj_calendar_add_working_days:
 * @self: a calendar
 * @start: the day the period runs from; it is not counted
 * @n: the number of working days, at most %TJ_CALENDAR_MAX_PERIOD
 * @out: (out caller-allocates): the @n-th working day after @start (@start itself for 0)
 * @provisional: (out) (optional): %TRUE when a day the count passed is not known
 *
 * A working-day period: rest days are skipped, make-up working days count.
 */
void
tj_calendar_add_working_days (TjCalendar  *self,
                              const GDate *start,
                              guint        n,
                              GDate       *out,
                              gboolean    *provisional)
{
  gboolean any_unknown = FALSE;
  gboolean known;
  guint32 julian;

  g_return_if_fail (self != NULL);
  g_return_if_fail (start != NULL);
  g_return_if_fail (out != NULL);
  g_return_if_fail (check_period_args (start, n));

  julian = g_date_get_julian (start);

  g_rw_lock_reader_lock (&self->lock);
  for (guint counted = 0; counted < n; )
    {
      julian++;
      if (!table_classify (self->table, julian, &known))
        counted++;
      any_unknown |= !known;
    }
  g_rw_lock_reader_unlock (&self->lock);

  g_date_clear (out, 1);
  g_date_set_julian (out, julian);

  if (provisional != NULL)
    *provisional = any_unknown;
}
