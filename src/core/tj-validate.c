/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GETTEXT_PACKAGE
#include "config.h"
#endif

#include "tj-validate.h"

#include <string.h>

#include <glib/gi18n-lib.h>

/* The same rules run in the app, the CLI and the server, so a record accepted offline is
 * never refused on sync. Messages never repeat the whole input: ID numbers and phone
 * numbers are personal information and messages end up in logs. */

G_DEFINE_QUARK (tj-validation-error-quark, tj_validation_error)

#define MIN_YEAR 1900
#define MAX_YEAR 2199

/* GB 32100 leaves out I, O, S, V and Z, which are too easily read as 1, 0, 5, U and 2. */
static const char uscc_alphabet[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* Registering authorities allocated so far: 1 机构编制, 2 外交, 3 司法行政, 4 文化,
 * 5 民政, 6 旅游, 7 宗教, 8 工会, 9 工商 (市场监管), A 中央军委改革和编制办公室,
 * N 农业, Y 其他. New ones are allocated from time to time, which is why an unknown one
 * only warns. */
static const char uscc_authorities[] = "123456789ANY";

/* Turns what people paste from web pages, IMEs and spreadsheets into plain ASCII where
 * it has an ASCII twin: full-width forms (Ｘ, １, －), any Unicode space, and the dashes
 * and minus sign that word processors put in place of a hyphen. Surrounding spaces go.
 * Other characters are kept so that the caller can name them in its message. */
static char *
normalise_input (const char  *field,
                 const char  *input,
                 GError     **error)
{
  if (input == NULL)
    return g_strdup ("");

  if (!g_utf8_validate (input, -1, NULL))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Applicant ID number" */
                   _("%s: the text contains bytes that are not valid UTF-8 characters."),
                   field);
      return NULL;
    }

  return tj_fold_typed (input);
}

/* Turns what people paste from web pages, IMEs and spreadsheets into plain ASCII where
 * it has an ASCII twin: full-width forms (Ｘ, １, －), any Unicode space, and the dashes
 * and minus sign that word processors put in place of a hyphen. Surrounding spaces go.
 * Other characters are kept so that the caller can name them in its message. */
char *
tj_fold_typed (const char *input)
{
  GString *s;

  g_return_val_if_fail (input != NULL, NULL);

  s = g_string_sized_new (strlen (input));
  for (const char *p = input; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c >= 0xFF01 && c <= 0xFF5E)
        c -= 0xFEE0;
      else if (g_unichar_isspace (c))
        c = ' ';
      else if ((c >= 0x2010 && c <= 0x2015) || c == 0x2212)
        c = '-';
      g_string_append_unichar (s, c);
    }

  g_strstrip (s->str);
  return g_string_free (s, FALSE);
}

static void
get_today (const GDate *today,
           GDate       *out)
{
  g_autoptr(GDateTime) now = NULL;

  if (today != NULL)
    {
      *out = *today;
      return;
    }

  now = g_date_time_new_now_local ();
  g_date_clear (out, 1);
  g_date_set_dmy (out,
                  g_date_time_get_day_of_month (now),
                  g_date_time_get_month (now),
                  g_date_time_get_year (now));
}

static guint
digits_value (const char *p,
              guint       n)
{
  guint v = 0;

  for (guint i = 0; i < n; i++)
    {
      g_assert (g_ascii_isdigit (p[i]));
      v = v * 10 + (p[i] - '0');
    }
  return v;
}

static gboolean
all_digits (const char *p,
            gsize       n)
{
  for (gsize i = 0; i < n; i++)
    if (!g_ascii_isdigit (p[i]))
      return FALSE;
  return TRUE;
}

static int
uscc_value (char c)
{
  const char *p;

  if (c == '\0')
    return -1;
  p = strchr (uscc_alphabet, c);
  return p != NULL ? (int) (p - uscc_alphabet) : -1;
}

/* GB 11714 values the letters of an organisation code in plain alphabetical order. */
static int
org_code_value (char c)
{
  if (g_ascii_isdigit (c))
    return c - '0';
  if (c >= 'A' && c <= 'Z')
    return c - 'A' + 10;
  return -1;
}

/**
 * tj_resident_id_check_char:
 * @body17: at least the first 17 characters of a resident ID number
 *
 * Returns: the GB 11643 check character for @body17 ('0'–'9' or 'X'), or '\0' when one of
 *   the 17 characters is not a digit
 */
char
tj_resident_id_check_char (const char *body17)
{
  static const guint weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  guint sum = 0;

  g_return_val_if_fail (body17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (body17[i]))
        return '\0';
      sum += (body17[i] - '0') * weights[i];
    }
  return checks[sum % 11];
}

/**
 * tj_uscc_check_char:
 * @body17: at least the first 17 characters of a unified social credit code, upper case
 *
 * Returns: the GB 32100 check character for @body17, or '\0' when one of the 17
 *   characters is not in the code's alphabet
 */
char
tj_uscc_check_char (const char *body17)
{
  static const guint weights[17] = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };
  guint sum = 0;

  g_return_val_if_fail (body17 != NULL, '\0');

  for (guint i = 0; i < 17; i++)
    {
      int v = uscc_value (body17[i]);

      if (v < 0)
        return '\0';
      sum += v * weights[i];
    }
  return uscc_alphabet[(31 - sum % 31) % 31];
}

/**
 * tj_org_code_check_char:
 * @body8: at least the first 8 characters of an organisation code, upper case
 *
 * Returns: the GB 11714 check character for @body8 ('0'–'9' or 'X'), or '\0' when one of
 *   the 8 characters is not a digit or a capital letter
 */
char
tj_org_code_check_char (const char *body8)
{
  static const guint weights[8] = { 3, 7, 9, 10, 5, 8, 4, 2 };
  guint sum = 0;
  guint c;

  g_return_val_if_fail (body8 != NULL, '\0');

  for (guint i = 0; i < 8; i++)
    {
      int v = org_code_value (body8[i]);

      if (v < 0)
        return '\0';
      sum += v * weights[i];
    }

  c = 11 - sum % 11;
  if (c == 10)
    return 'X';
  if (c == 11)
    return '0';
  return '0' + c;
}

/**
 * tj_region_province_known:
 * @two_digits: a province code, or any longer region code, whose first two characters
 *   are looked at
 *
 * Returns: %TRUE if the first two characters are a GB/T 2260 province code
 */
gboolean
tj_region_province_known (const char *two_digits)
{
  guint code;

  g_return_val_if_fail (two_digits != NULL, FALSE);

  if (!g_ascii_isdigit (two_digits[0]) || !g_ascii_isdigit (two_digits[1]))
    return FALSE;

  code = digits_value (two_digits, 2);
  return (code >= 11 && code <= 15) ||
         (code >= 21 && code <= 23) ||
         (code >= 31 && code <= 37) ||
         (code >= 41 && code <= 46) ||
         (code >= 50 && code <= 54) ||
         (code >= 61 && code <= 65) ||
         code == 71 || code == 81 || code == 82;
}

/**
 * tj_validate_resident_id:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @today: (nullable): the day a birth date must not be after; %NULL for today's local date
 * @out: (out) (optional): the number taken apart, written only on success
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Checks a resident ID number (GB 11643). A 15-digit number from a first-generation card
 * is upgraded to 18 characters. Only the province part of the address code is checked:
 * the other four digits name counties that may since have been merged or renamed, and the
 * number stays valid.
 *
 * Returns: %TRUE if @input is a valid resident ID number
 */
gboolean
tj_validate_resident_id (const char    *field,
                         const char    *input,
                         const GDate   *today,
                         TjResidentId  *out,
                         GError       **error)
{
  g_autofree char *text = NULL;
  g_autofree char *shown = NULL;
  char number[19];
  gboolean upgraded;
  glong n_chars;
  guint year, month, day;
  GDate birth, now;
  char check;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Applicant ID number" */
                   _("%s: this field is required; enter the 18-character resident ID number."),
                   field);
      return FALSE;
    }

  /* Characters, not bytes: six Chinese characters are 18 bytes. Once the characters
   * checked are all ASCII digits, the byte and character counts agree. */
  n_chars = g_utf8_strlen (text, -1);
  if (n_chars == 18)
    {
      if (!all_digits (text, 17) ||
          !(g_ascii_isdigit (text[17]) || text[17] == 'X' || text[17] == 'x'))
        {
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       /* Translators: %s is the field label, e.g. "Applicant ID number" */
                       _("%s: the first 17 characters of a resident ID number are digits and "
                         "the last is a digit or X (GB 11643)."),
                       field);
          return FALSE;
        }
      memcpy (number, text, 18);
      number[17] = g_ascii_toupper (number[17]);
      number[18] = '\0';
      upgraded = FALSE;
    }
  else if (n_chars == 15)
    {
      if (!all_digits (text, 15))
        {
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       /* Translators: %s is the field label, e.g. "Applicant ID number" */
                       _("%s: a 15-character resident ID number (from a first-generation "
                         "card) has digits only (GB 11643)."),
                       field);
          return FALSE;
        }
      /* First-generation cards were issued to people born in the 1900s, and their numbers
       * carry a two-digit year and no check character. */
      memcpy (number, text, 6);
      memcpy (number + 6, "19", 2);
      memcpy (number + 8, text + 6, 9);
      number[17] = tj_resident_id_check_char (number);
      number[18] = '\0';
      upgraded = TRUE;
    }
  else
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Applicant ID number";
                    * %ld is the number of characters that were typed */
                   _("%s: a resident ID number has 18 characters (or 15 digits on a "
                     "first-generation card), but %ld were entered (GB 11643)."),
                   field, n_chars);
      return FALSE;
    }

  if (!tj_region_province_known (number))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REGION,
                   /* Translators: the first %s is the field label, e.g. "Applicant ID
                    * number"; the second is two digits, e.g. "99" */
                   _("%s: the first two digits name the province, and %.2s is not a "
                     "province code (GB/T 2260)."),
                   field, number);
      return FALSE;
    }

  /* The date is checked before the check character: a wrong digit in the date part then
   * gets a message that points at the date rather than at the last character. */
  year = digits_value (number + 6, 4);
  month = digits_value (number + 10, 2);
  day = digits_value (number + 12, 2);
  shown = g_strdup_printf ("%.4s-%.2s-%.2s", number + 6, number + 10, number + 12);
  if (year < MIN_YEAR || !g_date_valid_dmy (day, month, year))
    {
      if (year < MIN_YEAR)
        g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                     /* Translators: the first %s is the field label, e.g. "Applicant ID
                      * number"; the second is the date as written in the number,
                      * e.g. "1890-03-07" */
                     _("%s: the birth date in the number, %s, is before 1900 (GB 11643)."),
                     field, shown);
      else
        g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                     /* Translators: the first %s is the field label, e.g. "Applicant ID
                      * number"; the second is the date as written in the number,
                      * e.g. "1990-02-30" */
                     _("%s: the birth date in the number, %s, is not a real date (GB 11643)."),
                     field, shown);
      return FALSE;
    }

  g_date_clear (&birth, 1);
  g_date_set_dmy (&birth, day, month, year);
  get_today (today, &now);
  if (g_date_compare (&birth, &now) > 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   /* Translators: the first %s is the field label, e.g. "Applicant ID
                    * number"; the second is the date, e.g. "2090-03-07" */
                   _("%s: the birth date in the number, %s, is in the future (GB 11643)."),
                   field, shown);
      return FALSE;
    }

  check = tj_resident_id_check_char (number);
  if (!upgraded && number[17] != check)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM,
                   /* Translators: %s is the field label, e.g. "Applicant ID number"; the
                    * first %c is the check character computed from the other 17, the
                    * second the one that was typed */
                   _("%s: the check character (the last) should be %c, not %c (GB 11643)."),
                   field, check, number[17]);
      return FALSE;
    }

  if (out != NULL)
    {
      memset (out, 0, sizeof *out);
      memcpy (out->number, number, sizeof number);
      out->birth = birth;
      /* The 17th character (the last of the sequence) is odd for men, even for women. */
      out->sex = (number[16] - '0') % 2 == 1 ? 'M' : 'F';
      out->upgraded = upgraded;
    }

  return TRUE;
}

/**
 * tj_validate_uscc:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @out: (out caller-allocates) (optional): a buffer of TJ_USCC_LEN + 1 bytes for the code in
 *   upper case
 * @unknown_authority: (out) (optional): set to %TRUE when the first character is not a
 *   registering authority known to this version; the code is still accepted
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Checks a unified social credit code (GB 32100), including the check character of the
 * organisation code (GB 11714) in characters 9 to 17.
 *
 * Returns: %TRUE if @input is a valid code
 */
gboolean
tj_validate_uscc (const char  *field,
                  const char  *input,
                  char        *out,
                  gboolean    *unknown_authority,
                  GError     **error)
{
  g_autofree char *text = NULL;
  glong n_chars, position;
  char check;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Employer's credit code" */
                   _("%s: this field is required; enter the 18-character unified social "
                     "credit code."),
                   field);
      return FALSE;
    }

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars != TJ_USCC_LEN)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Employer's credit code";
                    * %ld is the number of characters that were typed */
                   _("%s: a unified social credit code has 18 characters, but %ld were "
                     "entered (GB 32100)."),
                   field, n_chars);
      return FALSE;
    }

  /* Every character ASCII and in the alphabet also means 18 bytes from here on. */
  position = 1;
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p), position++)
    {
      gunichar c = g_utf8_get_char (p);
      g_autofree char *bad = NULL;

      if (c < 0x80 && uscc_value (g_ascii_toupper ((char) c)) >= 0)
        continue;

      bad = g_strndup (p, g_utf8_next_char (p) - p);
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: the first %s is the field label, e.g. "Employer's credit
                    * code"; %ld is a position (1 to 18); the second %s is the character
                    * found there */
                   _("%s: character %ld, “%s”, cannot appear in a unified social credit "
                     "code, which uses digits and capital letters other than I, O, S, V "
                     "and Z (GB 32100)."),
                   field, position, bad);
      return FALSE;
    }

  for (guint i = 0; i < TJ_USCC_LEN; i++)
    text[i] = g_ascii_toupper (text[i]);

  check = tj_uscc_check_char (text);
  if (text[17] != check)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM,
                   /* Translators: %s is the field label, e.g. "Employer's credit code"; the
                    * first %c is the check character computed from the other 17, the
                    * second the one that was typed */
                   _("%s: the check character (the 18th) should be %c, not %c (GB 32100)."),
                   field, check, text[17]);
      return FALSE;
    }

  /* The two checks are independent: a mistyped character in 9 to 16 can leave the overall
   * check right by chance, and the organisation code's own check then catches it. */
  check = tj_org_code_check_char (text + 8);
  if (text[16] != check)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM,
                   /* Translators: %s is the field label, e.g. "Employer's credit code"; the
                    * first %c is the check character computed from characters 9 to 16, the
                    * second the one that was typed */
                   _("%s: characters 9 to 17 are the organisation code, whose check "
                     "character (the 17th) should be %c, not %c (GB 11714)."),
                   field, check, text[16]);
      return FALSE;
    }

  if (out != NULL)
    memcpy (out, text, TJ_USCC_LEN + 1);
  if (unknown_authority != NULL)
    *unknown_authority = strchr (uscc_authorities, text[0]) == NULL;

  return TRUE;
}

/**
 * tj_validate_org_code:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty. The printed form with a
 *   hyphen before the check character ("12345678-9") is accepted, as is lower case.
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Checks a GB 11714 organisation code: eight digits or capital letters and a check
 * character.
 *
 * Returns: %TRUE if @input is a valid organisation code
 */
gboolean
tj_validate_org_code (const char  *field,
                      const char  *input,
                      GError     **error)
{
  g_autofree char *text = NULL;
  char code[10];
  gsize len;
  char check;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Organisation code" */
                   _("%s: this field is required; enter the 9-character organisation code."),
                   field);
      return FALSE;
    }

  len = strlen (text);
  if (len == 10 && text[8] == '-')
    {
      memcpy (code, text, 8);
      code[8] = text[9];
    }
  else if (len == 9)
    memcpy (code, text, 9);
  else
    len = 0;
  code[9] = '\0';

  for (guint i = 0; len != 0 && i < 9; i++)
    {
      code[i] = g_ascii_toupper (code[i]);
      if (org_code_value (code[i]) < 0)
        len = 0;
    }

  if (len == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Organisation code" */
                   _("%s: an organisation code has eight digits or capital letters and a "
                     "check character, e.g. 12345678-5 (GB 11714)."),
                   field);
      return FALSE;
    }

  check = tj_org_code_check_char (code);
  if (code[8] != check)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM,
                   /* Translators: %s is the field label, e.g. "Organisation code"; the first
                    * %c is the check character computed from the other 8, the second the
                    * one that was typed */
                   _("%s: the check character (the last) should be %c, not %c (GB 11714)."),
                   field, check, code[8]);
      return FALSE;
    }

  return TRUE;
}

/* Spaces, hyphens and a +86 or 0086 country prefix dropped; NULL if what is left is not
 * a mainland mobile number. */
static char *
parse_mobile (const char *text)
{
  g_autoptr(GString) s = g_string_new (NULL);
  const char *p;

  for (const char *q = text; *q != '\0'; q++)
    if (*q != ' ' && *q != '-')
      g_string_append_c (s, *q);

  p = s->str;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (g_str_has_prefix (p, "0086"))
    p += 4;

  if (strlen (p) != 11 || !all_digits (p, 11) || p[0] != '1' || p[1] < '3' || p[1] > '9')
    return NULL;

  return g_strdup (p);
}

/**
 * tj_validate_mobile:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @normalized: (out) (optional) (transfer full): the 11 digits, written only on success
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Checks a mainland mobile number: 11 digits beginning 13 to 19, after dropping spaces,
 * hyphens and a +86 or 0086 prefix.
 *
 * Returns: %TRUE if @input is a mobile number
 */
gboolean
tj_validate_mobile (const char  *field,
                    const char  *input,
                    char       **normalized,
                    GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *digits = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Applicant's mobile" */
                   _("%s: this field is required; enter an 11-digit mobile number."),
                   field);
      return FALSE;
    }

  if (!(digits = parse_mobile (text)))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Applicant's mobile" */
                   _("%s: a mobile number has 11 digits beginning with 13 to 19, "
                     "e.g. 138 0013 8000."),
                   field);
      return FALSE;
    }

  if (normalized != NULL)
    *normalized = g_steal_pointer (&digits);
  return TRUE;
}

typedef enum {
  LANDLINE_OK,
  LANDLINE_BAD_CHARACTERS,
  LANDLINE_BAD_AREA_CODE,
  LANDLINE_BAD_NUMBER,
  LANDLINE_BAD_EXTENSION,
} LandlineResult;

/* Words and signs people write before an extension, lower case; longer ones first
 * where one begins another. */
static const char * const extension_markers[] = {
  "分机", "转", "ext.", "ext", "x", "#",
};

static LandlineResult
parse_landline (const char  *text,
                char       **normalized)
{
  g_autofree char *lower = g_ascii_strdown (text, -1);
  g_autoptr(GString) digits = g_string_new (NULL);
  g_autoptr(GArray) ends = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char *main_part = NULL;
  const char *extension = NULL;
  gsize area_len, local_len = 0, first_end;

  /* Split off an extension introduced by a word; one after a plain hyphen is found
   * below from the grouping of the digits. */
  for (const char *p = lower; *p != '\0' && extension == NULL; p = g_utf8_next_char (p))
    {
      for (guint i = 0; i < G_N_ELEMENTS (extension_markers); i++)
        {
          if (g_str_has_prefix (p, extension_markers[i]))
            {
              main_part = g_strndup (lower, p - lower);
              extension = p + strlen (extension_markers[i]);
              while (*extension == ' ' || *extension == ':')
                extension++;
              break;
            }
        }
    }
  if (main_part == NULL)
    main_part = g_strdup (lower);

  /* Collect the digits and remember where each group written between separators ends,
   * since only a separator can tell the number from an extension after it. */
  for (const char *p = main_part; *p != '\0'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (digits, *p);
          if (!g_ascii_isdigit (p[1]))
            g_array_append_val (ends, digits->len);
        }
      else if (*p != ' ' && *p != '-' && *p != '(' && *p != ')' && *p != '.')
        return LANDLINE_BAD_CHARACTERS;
    }

  if (digits->len < 3 || digits->str[0] != '0')
    return LANDLINE_BAD_AREA_CODE;

  /* Beijing (010) and 020–029 have two digits after the 0, every other area three; no
   * area code begins 00 or 01 other than 010. */
  if (digits->str[1] == '2' || (digits->str[1] == '1' && digits->str[2] == '0'))
    area_len = 3;
  else if (digits->str[1] == '0' || digits->str[1] == '1')
    return LANDLINE_BAD_AREA_CODE;
  else
    area_len = 4;

  /* When the area code was written apart from the number, it must be the one the
   * numbering plan implies, or the digits are not what the writer meant. */
  first_end = g_array_index (ends, gsize, 0);
  if (first_end < digits->len && first_end <= 4 && first_end != area_len)
    return LANDLINE_BAD_AREA_CODE;

  /* The local number ends at the end of a group; prefer 8 digits, today's usual length. */
  for (guint want = 8; want >= 7 && local_len == 0; want--)
    for (guint i = 0; i < ends->len; i++)
      if (g_array_index (ends, gsize, i) == area_len + want)
        local_len = want;
  if (local_len == 0)
    return LANDLINE_BAD_NUMBER;

  if (area_len + local_len < digits->len)
    {
      if (extension != NULL)
        return LANDLINE_BAD_EXTENSION;
      extension = digits->str + area_len + local_len;
    }

  if (extension != NULL)
    {
      gsize ext_len = strlen (extension);

      if (ext_len < 1 || ext_len > 6 || !all_digits (extension, ext_len))
        return LANDLINE_BAD_EXTENSION;
    }

  if (normalized != NULL)
    *normalized = g_strdup_printf ("%.*s-%.*s%s%s",
                                   (int) area_len, digits->str,
                                   (int) local_len, digits->str + area_len,
                                   extension != NULL ? "-" : "",
                                   extension != NULL ? extension : "");
  return LANDLINE_OK;
}

/**
 * tj_validate_landline:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @normalized: (out) (optional) (transfer full): the number as "0431-88886666" or
 *   "0431-88886666-123", written only on success
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Checks a landline number: 0, a two- or three-digit area code, a 7- or 8-digit number
 * and an optional extension of up to six digits after a hyphen, "转", "分机", "ext", "x"
 * or "#". Spaces, hyphens and parentheses may group the digits.
 *
 * Returns: %TRUE if @input is a landline number
 */
gboolean
tj_validate_landline (const char  *field,
                      const char  *input,
                      char       **normalized,
                      GError     **error)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Employer's phone" */
                   _("%s: this field is required; enter a landline number with its area "
                     "code, e.g. 0431-88886666."),
                   field);
      return FALSE;
    }

  switch (parse_landline (text, normalized))
    {
    case LANDLINE_OK:
      return TRUE;

    case LANDLINE_BAD_CHARACTERS:
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Employer's phone" */
                   _("%s: a landline number has only digits, spaces, hyphens and "
                     "parentheses, e.g. (0431) 8888-6666, and may end with an extension, "
                     "e.g. 010-12345678 转 123."),
                   field);
      return FALSE;

    case LANDLINE_BAD_AREA_CODE:
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Employer's phone" */
                   _("%s: a landline number begins with its area code, 0 and two or three "
                     "digits, e.g. 010-12345678 or 0431-88886666."),
                   field);
      return FALSE;

    case LANDLINE_BAD_NUMBER:
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Employer's phone" */
                   _("%s: the number after the area code has 7 or 8 digits, "
                     "e.g. 0431-88886666."),
                   field);
      return FALSE;

    case LANDLINE_BAD_EXTENSION:
    default:
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Employer's phone" */
                   _("%s: an extension has 1 to 6 digits, e.g. 010-12345678-123."),
                   field);
      return FALSE;
    }
}

/**
 * tj_validate_phone:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @normalized: (out) (optional) (transfer full): the number as tj_validate_mobile() or
 *   tj_validate_landline() write it, written only on success
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Accepts either a mobile or a landline number.
 *
 * Returns: %TRUE if @input is one or the other
 */
gboolean
tj_validate_phone (const char  *field,
                   const char  *input,
                   char       **normalized,
                   GError     **error)
{
  g_autofree char *text = NULL;
  g_autofree char *result = NULL;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Applicant's phone" */
                   _("%s: this field is required; enter a mobile number or a landline "
                     "number with its area code."),
                   field);
      return FALSE;
    }

  if ((result = parse_mobile (text)) != NULL ||
      parse_landline (text, &result) == LANDLINE_OK)
    {
      if (normalized != NULL)
        *normalized = g_steal_pointer (&result);
      return TRUE;
    }

  g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
               /* Translators: %s is the field label, e.g. "Applicant's phone" */
               _("%s: this is neither a mobile number (11 digits beginning with 13 to 19, "
                 "e.g. 138 0013 8000) nor a landline number with its area code "
                 "(e.g. 0431-88886666 or 010-12345678-123)."),
               field);
  return FALSE;
}

/**
 * tj_validate_date:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @out: (out) (optional): the date, written only on success
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Checks an ISO date, YYYY-MM-DD, that is a real calendar date in the years 1900 to 2199.
 *
 * Returns: %TRUE if @input is such a date
 */
gboolean
tj_validate_date (const char  *field,
                  const char  *input,
                  GDate       *out,
                  GError     **error)
{
  g_autofree char *text = NULL;
  guint year, month, day;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!(text = normalise_input (field, input, error)))
    return FALSE;

  if (text[0] == '\0')
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   /* Translators: %s is the field label, e.g. "Date received" */
                   _("%s: this field is required; enter a date as YYYY-MM-DD, "
                     "e.g. 2025-01-24."),
                   field);
      return FALSE;
    }

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !all_digits (text, 4) || !all_digits (text + 5, 2) || !all_digits (text + 8, 2))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Date received". Keep
                    * YYYY-MM-DD as it is: it describes what must be typed. */
                   _("%s: write the date as YYYY-MM-DD, e.g. 2025-01-24."),
                   field);
      return FALSE;
    }

  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);

  if (year < MIN_YEAR || year > MAX_YEAR)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   /* Translators: %s is the field label, e.g. "Date received"; the %u are
                    * the first and last years allowed */
                   _("%s: the year must be between %u and %u."),
                   field, (guint) MIN_YEAR, (guint) MAX_YEAR);
      return FALSE;
    }

  if (!g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   /* Translators: the first %s is the field label, e.g. "Date received";
                    * the second is the date typed, e.g. "2025-02-30" */
                   _("%s: %s is not a real date."),
                   field, text);
      return FALSE;
    }

  if (out != NULL)
    {
      g_date_clear (out, 1);
      g_date_set_dmy (out, day, month, year);
    }
  return TRUE;
}

/**
 * tj_validate_past_date:
 * @field: the field's label, already translated, used in the message
 * @input: (nullable): what was typed; %NULL counts as empty
 * @today: (nullable): the last day allowed; %NULL for today's local date
 * @out: (out) (optional): the date, written only on success
 * @error: return location for a #TJ_VALIDATION_ERROR
 *
 * Like tj_validate_date(), and the date must not be after @today.
 *
 * Returns: %TRUE if @input is such a date
 */
gboolean
tj_validate_past_date (const char   *field,
                       const char   *input,
                       const GDate  *today,
                       GDate        *out,
                       GError      **error)
{
  GDate date, now;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (today == NULL || g_date_valid (today), FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!tj_validate_date (field, input, &date, error))
    return FALSE;

  get_today (today, &now);
  if (g_date_compare (&date, &now) > 0)
    {
      char shown[11];

      g_date_strftime (shown, sizeof shown, "%Y-%m-%d", &date);
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   /* Translators: the first %s is the field label, e.g. "Date received";
                    * the second is the date typed, e.g. "2090-01-24" */
                   _("%s: %s is in the future; the date must be today or earlier."),
                   field, shown);
      return FALSE;
    }

  if (out != NULL)
    *out = date;
  return TRUE;
}

/**
 * tj_mask_id_number:
 * @number: an ID number of any kind
 *
 * Hides the middle of an ID number for lists and exports (PIPL): the first 6 and the last
 * 4 characters stay, as in "110101********002X". Numbers shorter than 11 characters keep
 * only their last 2.
 *
 * Returns: (transfer full): the masked number
 */
char *
tj_mask_id_number (const char *number)
{
  GString *s;
  glong n_chars, keep_head, keep_tail;
  glong i = 0;

  g_return_val_if_fail (number != NULL, NULL);
  g_return_val_if_fail (g_utf8_validate (number, -1, NULL), NULL);

  n_chars = g_utf8_strlen (number, -1);
  if (n_chars >= 11)
    {
      keep_head = 6;
      keep_tail = 4;
    }
  else
    {
      keep_head = 0;
      keep_tail = 2;
    }

  s = g_string_sized_new (strlen (number));
  for (const char *p = number; *p != '\0'; p = g_utf8_next_char (p), i++)
    {
      if (i < keep_head || i >= n_chars - keep_tail)
        g_string_append_len (s, p, g_utf8_next_char (p) - p);
      else
        g_string_append_c (s, '*');
    }
  return g_string_free (s, FALSE);
}
