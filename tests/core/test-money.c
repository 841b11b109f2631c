/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "tj-money.h"

#define FIELD "Amount claimed"

#define assert_contains(haystack, needle)                                           \
  G_STMT_START {                                                                    \
    const char *h__ = (haystack), *n__ = (needle);                                  \
    if (strstr (h__, n__) == NULL)                                                  \
      {                                                                             \
        g_autofree char *m__ = g_strdup_printf ("“%s” does not contain “%s”",       \
                                                h__, n__);                          \
        g_assertion_message (G_LOG_DOMAIN, __FILE__, __LINE__, G_STRFUNC, m__);     \
      }                                                                             \
  } G_STMT_END

static void
test_parse_valid (void)
{
  const struct {
    const char *text;
    gint64      fen;
  } cases[] = {
    { "12345", 1234500 },
    { "12345.6", 1234560 },
    { "12345.67", 1234567 },
    { "12,345.67", 1234567 },
    { "1,000,000", 100000000 },
    { "999", 99900 },
    { "１２３４５", 1234500 },
    { "１２，３４５．６７", 1234567 },
    { "¥12345.67", 1234567 },
    { "￥12345.67", 1234567 },
    { "￥ 12,345.67 元", 1234567 },
    { "¥１２３４５元", 1234500 },
    { "  12345.67元  ", 1234567 },
    { "\u300012345\u3000", 1234500 },
    { "12345.6元", 1234560 },
    { "0", 0 },
    { "0.00", 0 },
    { "0.01", 1 },
    { "0.1", 10 },
    { "007", 700 },
    { "0000000000000001.5", 150 },
    { "9999999999999.99", TJ_MONEY_MAX_FEN },
    { "9,999,999,999,999.99", TJ_MONEY_MAX_FEN },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      gint64 fen = -1;

      g_test_message ("parse “%s”", cases[i].text);
      g_assert_true (tj_money_parse_yuan (FIELD, cases[i].text, &fen, &error));
      g_assert_no_error (error);
      g_assert_cmpint (fen, ==, cases[i].fen);
    }

  g_assert_true (tj_money_parse_yuan (FIELD, "1", NULL, NULL));
}

static void
test_parse_errors (void)
{
  const struct {
    const char *text;
    int         code;
    const char *fragment;
  } cases[] = {
    { "", TJ_MONEY_ERROR_FORMAT, "required" },
    { "   ", TJ_MONEY_ERROR_FORMAT, "required" },
    { NULL, TJ_MONEY_ERROR_FORMAT, "required" },
    { "¥", TJ_MONEY_ERROR_FORMAT, "required" },
    { "元", TJ_MONEY_ERROR_FORMAT, "required" },
    { "12.345", TJ_MONEY_ERROR_FORMAT, "at most two decimal places" },
    { "0.001", TJ_MONEY_ERROR_FORMAT, "at most two decimal places" },
    { "-5", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "- 5", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "-¥5", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "¥-5", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "－５", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "\u22125", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "\u20135", TJ_MONEY_ERROR_RANGE, "cannot be negative" },
    { "1e5", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "1E5", TJ_MONEY_ERROR_FORMAT, "at most two decimal places" },
    { "1.5e2", TJ_MONEY_ERROR_FORMAT, "digits" },
    { "12,34", TJ_MONEY_ERROR_FORMAT, "groups of three" },
    { "1,2345", TJ_MONEY_ERROR_FORMAT, "groups of three" },
    { "1234,567", TJ_MONEY_ERROR_FORMAT, "groups of three" },
    { ",123", TJ_MONEY_ERROR_FORMAT, "groups of three" },
    { "12,345,", TJ_MONEY_ERROR_FORMAT, "groups of three" },
    { "12,,345", TJ_MONEY_ERROR_FORMAT, "groups of three" },
    { ".5", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "5.", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "1.2.3", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "12 345", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "+5", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "5元元", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "3万", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "壹佰元", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "abc", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "NaN", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "0x10", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "\xff", TJ_MONEY_ERROR_FORMAT, "e.g. 12345.67" },
    { "10000000000000", TJ_MONEY_ERROR_RANGE, "9,999,999,999,999.99" },
    { "99999999999999.99", TJ_MONEY_ERROR_RANGE, "cannot be more than" },
    { "99999999999999999999999", TJ_MONEY_ERROR_RANGE, "cannot be more than" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *escaped = cases[i].text ? g_strescape (cases[i].text, NULL) : NULL;
      gint64 fen = -1;

      g_test_message ("parse “%s”", escaped ? escaped : "(null)");
      g_assert_false (tj_money_parse_yuan (FIELD, cases[i].text, &fen, &error));
      g_assert_error (error, TJ_MONEY_ERROR, cases[i].code);
      assert_contains (error->message, FIELD);
      assert_contains (error->message, cases[i].fragment);
      /* The output is left alone. */
      g_assert_cmpint (fen, ==, -1);
    }
}

static void
test_format (void)
{
  const struct {
    gint64      fen;
    const char *plain;
    const char *grouped;
  } cases[] = {
    { 0, "0.00", "0.00" },
    { 5, "0.05", "0.05" },
    { 50, "0.50", "0.50" },
    { -5, "-0.05", "-0.05" },
    { 100, "1.00", "1.00" },
    { 99999, "999.99", "999.99" },
    { 100000, "1000.00", "1,000.00" },
    { 1234567, "12345.67", "12,345.67" },
    { -1234567, "-12345.67", "-12,345.67" },
    { 12345678900, "123456789.00", "123,456,789.00" },
    { 100000000000, "1000000000.00", "1,000,000,000.00" },
    { TJ_MONEY_MAX_FEN, "9999999999999.99", "9,999,999,999,999.99" },
    { G_MAXINT64, "92233720368547758.07", "92,233,720,368,547,758.07" },
    { G_MININT64, "-92233720368547758.08", "-92,233,720,368,547,758.08" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *plain = tj_money_format_yuan (cases[i].fen);
      g_autofree char *grouped = tj_money_format_yuan_grouped (cases[i].fen);

      g_assert_cmpstr (plain, ==, cases[i].plain);
      g_assert_cmpstr (grouped, ==, cases[i].grouped);
    }
}

/* What the formatters write, the parser reads back to the same fen. */
static void
test_round_trip (void)
{
  for (guint i = 0; i < 5000; i++)
    {
      /* Spread over all magnitudes, not just the large ones a uniform draw would give. */
      gint64 limit = 1;
      gint64 fen, parsed = -1;
      guint digits = g_test_rand_int_range (1, 16);

      for (guint d = 0; d < digits; d++)
        limit *= 10;
      fen = (gint64) (g_test_rand_double () * (double) limit);
      fen = CLAMP (fen, 0, TJ_MONEY_MAX_FEN);

      {
        g_autofree char *plain = tj_money_format_yuan (fen);
        g_autofree char *grouped = tj_money_format_yuan_grouped (fen);

        g_assert_true (tj_money_parse_yuan (FIELD, plain, &parsed, NULL));
        g_assert_cmpint (parsed, ==, fen);
        parsed = -1;
        g_assert_true (tj_money_parse_yuan (FIELD, grouped, &parsed, NULL));
        g_assert_cmpint (parsed, ==, fen);
      }
    }
}

static void
test_capitals_table (void)
{
  const struct {
    gint64      fen;
    const char *capitals;
  } cases[] = {
    { 0, "人民币零元整" },
    { 1, "人民币壹分" },
    { 6, "人民币陆分" },
    { 10, "人民币壹角整" },
    { 56, "人民币伍角陆分" },
    { 100, "人民币壹元整" },
    { 1000, "人民币壹拾元整" },
    { 1006, "人民币壹拾元零陆分" },
    { 1100, "人民币壹拾壹元整" },
    { 10000, "人民币壹佰元整" },
    { 10100, "人民币壹佰零壹元整" },
    { 11000, "人民币壹佰壹拾元整" },
    { 32504, "人民币叁佰贰拾伍元零肆分" },
    { 100001, "人民币壹仟元零壹分" },
    { 100500, "人民币壹仟零伍元整" },
    { 101050, "人民币壹仟零壹拾元伍角整" },
    { 140950, "人民币壹仟肆佰零玖元伍角整" },
    { 168032, "人民币壹仟陆佰捌拾元叁角贰分" },
    { 600714, "人民币陆仟零柒元壹角肆分" },
    { 1000000, "人民币壹万元整" },
    { 1000100, "人民币壹万零壹元整" },
    { 1010000, "人民币壹万零壹佰元整" },
    { 1234567, "人民币壹万贰仟叁佰肆拾伍元陆角柒分" },
    { 1640902, "人民币壹万陆仟肆佰零玖元零贰分" },
    { 10000000, "人民币壹拾万元整" },
    { 10700053, "人民币壹拾万柒仟元伍角叁分" },
    { 20000000, "人民币贰拾万元整" },
    { 100000000, "人民币壹佰万元整" },
    { 1000000100, "人民币壹仟万零壹元整" },
    { 1010101010, "人民币壹仟零壹拾万壹仟零壹拾元壹角整" },
    { 10000000000, "人民币壹亿元整" },
    { 10000010000, "人民币壹亿零壹佰元整" },
    { 10001000000, "人民币壹亿零壹万元整" },
    { 11000000000, "人民币壹亿壹仟万元整" },
    { 100000100000, "人民币壹拾亿零壹仟元整" },
    { 123456789012, "人民币壹拾贰亿叁仟肆佰伍拾陆万柒仟捌佰玖拾元壹角贰分" },
    { 100000000000000, "人民币壹万亿元整" },
    { 100000000000100, "人民币壹万亿零壹元整" },
    { 100010000000000, "人民币壹万零壹亿元整" },
    { TJ_MONEY_MAX_FEN,
      "人民币玖万玖仟玖佰玖拾玖亿玖仟玖佰玖拾玖万玖仟玖佰玖拾玖元玖角玖分" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *capitals = tj_money_to_capitals (cases[i].fen, TRUE);
      g_autofree char *bare = tj_money_to_capitals (cases[i].fen, FALSE);

      g_test_message ("capitals of %" G_GINT64_FORMAT " fen", cases[i].fen);
      g_assert_cmpstr (capitals, ==, cases[i].capitals);
      g_assert_cmpstr (bare, ==, cases[i].capitals + strlen ("人民币"));
    }
}

/* Capitals use only the characters the payment rules allow, never 拾 without its digit,
 * and never two 零 in a row, over many random amounts. */
static void
test_capitals_properties (void)
{
  static const char * const allowed[] = {
    "零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖",
    "拾", "佰", "仟", "万", "亿", "元", "角", "分", "整",
  };

  for (guint i = 0; i < 5000; i++)
    {
      gint64 fen = (gint64) (g_test_rand_double () * (double) TJ_MONEY_MAX_FEN);
      g_autofree char *capitals = NULL;
      const char *prev = NULL;

      if (i % 2 == 1)
        fen /= (gint64) 1 << g_test_rand_int_range (0, 40);
      capitals = tj_money_to_capitals (fen, FALSE);
      if (fen == 0)
        g_assert_cmpstr (capitals, ==, "零元整");

      g_assert_true (g_str_has_suffix (capitals, "分") || g_str_has_suffix (capitals, "整"));
      g_assert_null (strstr (capitals, "零零"));
      g_assert_false (g_str_has_prefix (capitals, "拾"));
      g_assert_false (g_str_has_prefix (capitals, "零") && fen != 0);

      for (const char *p = capitals; *p != '\0'; p = g_utf8_next_char (p))
        {
          gboolean ok = FALSE;

          for (guint k = 0; k < G_N_ELEMENTS (allowed); k++)
            ok = ok || strncmp (p, allowed[k], strlen (allowed[k])) == 0;
          g_assert_true (ok);

          /* 零 is never right before a unit or the end, except in 零元整 itself. */
          if (fen != 0 && prev != NULL && strncmp (prev, "零", strlen ("零")) == 0)
            g_assert_true (strncmp (p, "元", strlen ("元")) != 0 &&
                           strncmp (p, "万", strlen ("万")) != 0 &&
                           strncmp (p, "亿", strlen ("亿")) != 0 &&
                           strncmp (p, "整", strlen ("整")) != 0);
          prev = p;
        }
    }
}

static void
test_capitals_out_of_range (void)
{
  if (g_test_subprocess ())
    {
      g_autofree char *capitals = tj_money_to_capitals (-1, TRUE);

      g_assert_null (capitals);
      return;
    }

  g_test_trap_subprocess (NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
  g_test_trap_assert_failed ();
  g_test_trap_assert_stderr ("*CRITICAL*fen >= 0*");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/money/parse/valid", test_parse_valid);
  g_test_add_func ("/money/parse/errors", test_parse_errors);
  g_test_add_func ("/money/format/table", test_format);
  g_test_add_func ("/money/format/round-trip", test_round_trip);
  g_test_add_func ("/money/capitals/table", test_capitals_table);
  g_test_add_func ("/money/capitals/properties", test_capitals_properties);
  g_test_add_func ("/money/capitals/out-of-range", test_capitals_out_of_range);

  return g_test_run ();
}
