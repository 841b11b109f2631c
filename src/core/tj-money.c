/* SPDX-License-Identifier: GPL-3.0-or-later */
#ifndef GETTEXT_PACKAGE
#include "config.h"
#endif

#include "tj-money.h"
#include "tj-validate.h"

#include <string.h>

#include <glib/gi18n-lib.h>

G_DEFINE_QUARK (tj-money-error-quark, tj_money_error)

/* 13 digits of yuan and 2 of fen make TJ_MONEY_MAX_FEN. */
#define MAX_YUAN_DIGITS 13

static const char * const capital_digits[10] = {
  "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
};

/* Units inside a section of four digits, by position from the right. */
static const char * const capital_units[4] = { "", "拾", "佰", "仟" };

static const char *
skip_spaces (const char *p)
{
  while (*p == ' ')
    p++;
  return p;
}

static void
set_format_error (GError     **error,
                  const char  *field)
{
  g_set_error (error, TJ_MONEY_ERROR, TJ_MONEY_ERROR_FORMAT,
               /* Translators: %s is the field label, e.g. "Amount claimed" */
               _("%s: write the amount in yuan as digits with at most two decimal places, "
                 "e.g. 12345.67 or 12,345.67."),
               field);
}

/**
 * tj_money_parse_yuan:
 * @field: the field's label, already translated, used in the message
 * @text: (nullable): an amount in yuan as typed; %NULL counts as empty
 * @fen: (out) (optional): the amount in fen, written only on success
 * @error: return location for a #TJ_MONEY_ERROR
 *
 * Reads an amount in yuan: digits, optionally grouped by commas in threes, optionally a
 * point and one or two decimals; full-width digits and punctuation, a leading ¥ or ￥, a
 * trailing 元 and surrounding spaces are allowed. Negative amounts, exponents and more
 * than two decimals are refused, never rounded: an amount that cannot be written down to
 * the fen is a typing mistake.
 *
 * Returns: %TRUE if @text is an amount within range
 */
gboolean
tj_money_parse_yuan (const char  *field,
                     const char  *text,
                     gint64      *fen,
                     GError     **error)
{
  g_autofree char *norm = NULL;
  g_autoptr(GString) whole = g_string_new (NULL);
  const char *p, *end;
  guint group_len = 0, n_groups = 1, n_decimals = 0, decimals = 0;
  gboolean grouped = FALSE;
  gint64 yuan = 0;

  g_return_val_if_fail (field != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (text == NULL)
    text = "";
  if (!g_utf8_validate (text, -1, NULL))
    {
      set_format_error (error, field);
      return FALSE;
    }

  norm = tj_fold_typed (text);
  p = norm;
  end = norm + strlen (norm);

  if (*p == '-')
    goto negative;
  if (g_str_has_prefix (p, "¥"))
    p = skip_spaces (p + strlen ("¥"));
  else if (g_str_has_prefix (p, "￥"))
    p = skip_spaces (p + strlen ("￥"));
  if (*p == '-')
    goto negative;

  if (g_str_has_suffix (p, "元"))
    {
      end -= strlen ("元");
      while (end > p && end[-1] == ' ')
        end--;
    }

  if (p == end)
    {
      g_set_error (error, TJ_MONEY_ERROR, TJ_MONEY_ERROR_FORMAT,
                   /* Translators: %s is the field label, e.g. "Amount claimed" */
                   _("%s: this field is required; enter an amount in yuan, e.g. 12345.67."),
                   field);
      return FALSE;
    }

  for (; p < end && *p != '.'; p++)
    {
      if (g_ascii_isdigit (*p))
        {
          g_string_append_c (whole, *p);
          group_len++;
        }
      else if (*p == ',')
        {
          /* A comma is only a thousands separator; "12,34" may well have meant 12.34, so
           * it is refused rather than read as 1234. */
          if ((n_groups == 1 && (group_len < 1 || group_len > 3)) ||
              (n_groups > 1 && group_len != 3))
            goto bad_grouping;
          grouped = TRUE;
          n_groups++;
          group_len = 0;
        }
      else
        {
          set_format_error (error, field);
          return FALSE;
        }
    }
  if (grouped && group_len != 3)
    goto bad_grouping;

  if (whole->len == 0)
    {
      set_format_error (error, field);
      return FALSE;
    }

  if (p < end)
    {
      for (p++; p < end && g_ascii_isdigit (*p); p++)
        {
          n_decimals++;
          if (n_decimals <= 2)
            decimals = decimals * 10 + (*p - '0');
        }
      if (p < end || n_decimals == 0)
        {
          set_format_error (error, field);
          return FALSE;
        }
      if (n_decimals > 2)
        {
          g_set_error (error, TJ_MONEY_ERROR, TJ_MONEY_ERROR_FORMAT,
                       /* Translators: %s is the field label, e.g. "Amount claimed" */
                       _("%s: an amount has at most two decimal places, down to the fen, "
                         "e.g. 12345.67."),
                       field);
          return FALSE;
        }
      if (n_decimals == 1)
        decimals *= 10;
    }

  /* Leading zeros do not count towards the length limit that keeps gint64 safe. */
  {
    const char *digits = whole->str;

    while (digits[0] == '0' && digits[1] != '\0')
      digits++;
    if (strlen (digits) > MAX_YUAN_DIGITS)
      goto too_large;
    for (; *digits != '\0'; digits++)
      yuan = yuan * 10 + (*digits - '0');
  }

  if (yuan * 100 + decimals > TJ_MONEY_MAX_FEN)
    goto too_large;

  if (fen != NULL)
    *fen = yuan * 100 + decimals;
  return TRUE;

negative:
  g_set_error (error, TJ_MONEY_ERROR, TJ_MONEY_ERROR_RANGE,
               /* Translators: %s is the field label, e.g. "Amount claimed" */
               _("%s: the amount cannot be negative."),
               field);
  return FALSE;

bad_grouping:
  g_set_error (error, TJ_MONEY_ERROR, TJ_MONEY_ERROR_FORMAT,
               /* Translators: %s is the field label, e.g. "Amount claimed" */
               _("%s: commas in an amount separate groups of three digits, e.g. 12,345.67."),
               field);
  return FALSE;

too_large:
  {
    g_autofree char *max = tj_money_format_yuan_grouped (TJ_MONEY_MAX_FEN);

    g_set_error (error, TJ_MONEY_ERROR, TJ_MONEY_ERROR_RANGE,
                 /* Translators: the first %s is the field label, e.g. "Amount claimed";
                  * the second is the largest amount, e.g. "9,999,999,999,999.99" */
                 _("%s: the amount cannot be more than %s yuan."),
                 field, max);
    return FALSE;
  }
}

static guint64
magnitude (gint64 fen)
{
  /* Unsigned arithmetic, so that G_MININT64 has a magnitude too. */
  return fen < 0 ? (guint64) 0 - (guint64) fen : (guint64) fen;
}

/**
 * tj_money_format_yuan:
 * @fen: an amount in fen
 *
 * Returns: (transfer full): the amount in yuan with two decimals, as "12345.67" or
 *   "-0.05", for storage, exports and editing
 */
char *
tj_money_format_yuan (gint64 fen)
{
  guint64 m = magnitude (fen);

  return g_strdup_printf ("%s%" G_GUINT64_FORMAT ".%02u",
                          fen < 0 ? "-" : "", m / 100, (guint) (m % 100));
}

/**
 * tj_money_format_yuan_grouped:
 * @fen: an amount in fen
 *
 * Returns: (transfer full): the amount in yuan with two decimals and thousands grouped by
 *   commas, as "12,345.67", for display
 */
char *
tj_money_format_yuan_grouped (gint64 fen)
{
  guint64 m = magnitude (fen);
  g_autofree char *whole = g_strdup_printf ("%" G_GUINT64_FORMAT, m / 100);
  gsize len = strlen (whole);
  GString *s = g_string_new (fen < 0 ? "-" : "");

  for (gsize i = 0; i < len; i++)
    {
      if (i > 0 && (len - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, whole[i]);
    }
  g_string_append_printf (s, ".%02u", (guint) (m % 100));

  return g_string_free (s, FALSE);
}

/* 0 < n < 10000. Zeros between digits are read as one 零; zeros at the end are silent. */
static void
append_capital_section (GString *s,
                        guint    n)
{
  static const guint powers[4] = { 1, 10, 100, 1000 };
  gboolean started = FALSE, zero_pending = FALSE;

  g_assert (n > 0 && n < 10000);

  for (int pos = 3; pos >= 0; pos--)
    {
      guint d = n / powers[pos] % 10;

      if (d == 0)
        {
          zero_pending = started;
          continue;
        }
      if (zero_pending)
        g_string_append (s, capital_digits[0]);
      g_string_append (s, capital_digits[d]);
      g_string_append (s, capital_units[pos]);
      started = TRUE;
      zero_pending = FALSE;
    }
}

/* n > 0. Sections of four digits take 万 and 亿. A section that begins with zeros after a
 * higher one gets one 零 (壹亿零壹万, 壹万零伍); a higher section's own trailing zeros do
 * not (壹拾万柒仟), which the payment rules allow and which reads unambiguously. */
static void
append_capital_integer (GString *s,
                        guint64  n)
{
  guint64 rest;

  g_assert (n > 0);

  if (n >= 100000000)
    {
      append_capital_integer (s, n / 100000000);
      g_string_append (s, "亿");
      rest = n % 100000000;
      if (rest == 0)
        return;
      if (rest < 10000000)
        g_string_append (s, capital_digits[0]);
      append_capital_integer (s, rest);
    }
  else if (n >= 10000)
    {
      append_capital_section (s, n / 10000);
      g_string_append (s, "万");
      rest = n % 10000;
      if (rest == 0)
        return;
      if (rest < 1000)
        g_string_append (s, capital_digits[0]);
      append_capital_section (s, rest);
    }
  else
    append_capital_section (s, n);
}

/**
 * tj_money_to_capitals:
 * @fen: an amount in fen, 0 to %TJ_MONEY_MAX_FEN
 * @with_prefix: whether to begin with 人民币
 *
 * Writes an amount in Chinese financial capitals as agreements and notices print it,
 * following the rules for filling in payment instruments (中国人民银行《支付结算办法》
 * 附件一《正确填写票据和结算凭证的基本规定》):
 *
 * - 拾 always has its digit: 壹拾元整, 壹拾万元整.
 * - A run of zeros between digits is one 零: 壹仟零伍元整, 壹亿零壹佰元整.
 * - Where the rules leave 零 optional (zeros at the end of the 万 section or at the 元
 *   place before a non-zero digit), it is left out: 壹拾万柒仟元整, 壹仟陆佰捌拾元叁角贰分.
 * - 整 follows 元 when there are no 角 or 分, and also follows 角 when there is no 分
 *   (the rules allow it after 角 and it closes the line against additions): 壹仟零壹拾元伍角整.
 * - When 角 is zero and 分 is not, 零 follows 元: 壹拾元零陆分; with no 元 at all, the
 *   amount starts at the first unit: 人民币伍角陆分, 人民币陆分.
 * - Zero is 人民币零元整.
 *
 * Returns: (transfer full): the amount in capitals
 */
char *
tj_money_to_capitals (gint64   fen,
                      gboolean with_prefix)
{
  GString *s;
  guint64 yuan;
  guint jiao, fen_digit;

  g_return_val_if_fail (fen >= 0 && fen <= TJ_MONEY_MAX_FEN, NULL);

  s = g_string_new (with_prefix ? "人民币" : "");
  yuan = fen / 100;
  jiao = fen / 10 % 10;
  fen_digit = fen % 10;

  if (fen == 0)
    {
      g_string_append (s, "零元整");
      return g_string_free (s, FALSE);
    }

  if (yuan > 0)
    {
      append_capital_integer (s, yuan);
      g_string_append (s, "元");
    }

  if (jiao == 0 && fen_digit == 0)
    {
      g_string_append (s, "整");
      return g_string_free (s, FALSE);
    }

  if (jiao > 0)
    {
      g_string_append (s, capital_digits[jiao]);
      g_string_append (s, "角");
    }
  else if (yuan > 0)
    g_string_append (s, capital_digits[0]);

  if (fen_digit > 0)
    {
      g_string_append (s, capital_digits[fen_digit]);
      g_string_append (s, "分");
    }
  else
    g_string_append (s, "整");

  return g_string_free (s, FALSE);
}
