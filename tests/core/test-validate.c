/* SPDX-License-Identifier: GPL-3.0-or-later */
#include <string.h>

#include "tj-validate.h"

/* Test vectors are built with check characters computed here, from weights derived
 * independently of the tables in tj-validate.c (each standard's weights are powers of a
 * small number modulo its check modulus), so a typo in either place shows up. */

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

#define FIELD "Applicant ID number"

static guint
pow_mod (guint base,
         guint exp,
         guint mod)
{
  guint r = 1;

  while (exp-- > 0)
    r = r * base % mod;
  return r;
}

/* GB 11643: W_i = 2^(18-i) mod 11 for i = 1…17; check = (12 − S mod 11) mod 11, 10 → X. */
static char
ref_id_check (const char *body17)
{
  guint s = 0, c;

  for (guint i = 0; i < 17; i++)
    s += (body17[i] - '0') * pow_mod (2, 17 - i, 11);
  c = (12 - s % 11) % 11;
  return c == 10 ? 'X' : (char) ('0' + c);
}

/* GB 32100: W_i = 3^(i-1) mod 31. */
static char
ref_uscc_check (const char *body17)
{
  const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  guint s = 0;

  for (guint i = 0; i < 17; i++)
    s += (strchr (alphabet, body17[i]) - alphabet) * pow_mod (3, i, 31);
  return alphabet[(31 - s % 31) % 31];
}

/* GB 11714: W_i = 2^(9-i) mod 11 for i = 1…8. */
static char
ref_org_check (const char *body8)
{
  guint s = 0, c;

  for (guint i = 0; i < 8; i++)
    {
      guint v = g_ascii_isdigit (body8[i]) ? (guint) (body8[i] - '0')
                                           : (guint) (body8[i] - 'A' + 10);
      s += v * pow_mod (2, 8 - i, 11);
    }
  c = 11 - s % 11;
  return c == 10 ? 'X' : c == 11 ? '0' : (char) ('0' + c);
}

static char *
make_id (const char *body17)
{
  g_assert_cmpuint (strlen (body17), ==, 17);
  return g_strdup_printf ("%s%c", body17, ref_id_check (body17));
}

static char *
make_uscc (const char *body17)
{
  g_assert_cmpuint (strlen (body17), ==, 17);
  return g_strdup_printf ("%s%c", body17, ref_uscc_check (body17));
}

static void
set_date (GDate *d,
          guint  year,
          guint  month,
          guint  day)
{
  g_date_clear (d, 1);
  g_date_set_dmy (d, day, month, year);
}

static void
assert_date (const GDate *d,
             guint        year,
             guint        month,
             guint        day)
{
  g_assert_true (g_date_valid (d));
  g_assert_cmpuint (g_date_get_year (d), ==, year);
  g_assert_cmpuint (g_date_get_month (d), ==, month);
  g_assert_cmpuint (g_date_get_day (d), ==, day);
}

static void
assert_id_error (const char *input,
                 const GDate *today,
                 int          code,
                 const char  *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *escaped = input ? g_strescape (input, NULL) : g_strdup ("(null)");
  TjResidentId id;

  memset (&id, 0, sizeof id);
  strcpy (id.number, "sentinel");
  g_test_message ("resident ID “%s”", escaped);
  g_assert_false (tj_validate_resident_id (FIELD, input, today, &id, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, code);
  assert_contains (error->message, FIELD);
  if (fragment != NULL)
    assert_contains (error->message, fragment);
  /* Outputs are left alone on failure. */
  g_assert_cmpstr (id.number, ==, "sentinel");
}

static void
test_resident_id_valid (void)
{
  const char *inputs[] = {
    "11010119900307002X",
    "11010119900307002x",
    "  11010119900307002X\t",
    "\u3000１１０１０１１９９００３０７００２ｘ\u3000",
  };
  GDate today;

  set_date (&today, 2025, 1, 24);

  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autoptr(GError) error = NULL;
      TjResidentId id;

      g_assert_true (tj_validate_resident_id (FIELD, inputs[i], &today, &id, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (id.number, ==, "11010119900307002X");
      assert_date (&id.birth, 1990, 3, 7);
      g_assert_cmpint (id.sex, ==, 'F');
      g_assert_false (id.upgraded);
    }

  /* The output is optional. */
  g_assert_true (tj_validate_resident_id (FIELD, "11010119900307002X", &today, NULL, NULL));
}

static void
test_resident_id_male (void)
{
  g_autofree char *number = make_id ("44030619851231051");
  TjResidentId id;
  GDate today;

  set_date (&today, 2025, 1, 24);
  g_assert_true (tj_validate_resident_id (FIELD, number, &today, &id, NULL));
  g_assert_cmpstr (id.number, ==, number);
  assert_date (&id.birth, 1985, 12, 31);
  g_assert_cmpint (id.sex, ==, 'M');

  /* Only the 17th character decides. */
  {
    g_autofree char *woman = make_id ("44030619851231058");

    g_assert_true (tj_validate_resident_id (FIELD, woman, &today, &id, NULL));
    g_assert_cmpint (id.sex, ==, 'F');
  }
}

static void
test_resident_id_legacy (void)
{
  g_autofree char *expected = make_id ("22010219750620003");
  g_autofree char *expected_f = make_id ("22010219750620004");
  TjResidentId id;
  GDate today;

  set_date (&today, 2025, 1, 24);

  g_assert_true (tj_validate_resident_id (FIELD, "220102750620003", &today, &id, NULL));
  g_assert_cmpstr (id.number, ==, expected);
  g_assert_true (id.upgraded);
  assert_date (&id.birth, 1975, 6, 20);
  g_assert_cmpint (id.sex, ==, 'M');

  g_assert_true (tj_validate_resident_id (FIELD, " 220102750620004 ", &today, &id, NULL));
  g_assert_cmpstr (id.number, ==, expected_f);
  g_assert_cmpint (id.sex, ==, 'F');

  /* The rules other than the check still apply to a legacy number. */
  assert_id_error ("220102750230003", &today, TJ_VALIDATION_ERROR_DATE, "1975-02-30");
  assert_id_error ("990102750620003", &today, TJ_VALIDATION_ERROR_REGION, "99");
  assert_id_error ("22010275062000X", &today, TJ_VALIDATION_ERROR_FORMAT, "15");
}

static void
test_resident_id_checksum (void)
{
  GDate today;

  set_date (&today, 2025, 1, 24);
  assert_id_error ("110101199003070012", &today, TJ_VALIDATION_ERROR_CHECKSUM,
                   "should be 1, not 2");
  assert_id_error ("110101199003070012", &today, TJ_VALIDATION_ERROR_CHECKSUM, "GB 11643");
  /* A digit where X belongs, and X where a digit belongs. */
  assert_id_error ("110101199003070020", &today, TJ_VALIDATION_ERROR_CHECKSUM,
                   "should be X, not 0");
  assert_id_error ("11010119900307001x", &today, TJ_VALIDATION_ERROR_CHECKSUM,
                   "should be 1, not X");
}

static void
test_resident_id_date (void)
{
  g_autofree char *future = make_id ("11010120250601001");
  g_autofree char *old = make_id ("11010118991231001");
  g_autofree char *far_future = make_id ("11010121900101001");
  GDate today;

  set_date (&today, 2025, 1, 24);

  /* The example from domain.md: the check character is right for 30 February. */
  g_assert_cmpint (ref_id_check ("11010119900230001"), ==, '4');
  assert_id_error ("110101199002300014", &today, TJ_VALIDATION_ERROR_DATE,
                   "1990-02-30, is not a real date");

  assert_id_error (future, &today, TJ_VALIDATION_ERROR_DATE, "in the future");
  assert_id_error (old, &today, TJ_VALIDATION_ERROR_DATE, "before 1900");
  {
    g_autofree char *month13 = make_id ("11010119901301001");

    assert_id_error (month13, &today, TJ_VALIDATION_ERROR_DATE, "not a real date");
  }

  /* Born today is a past date for this purpose; so is a leap day. */
  set_date (&today, 2025, 6, 1);
  g_assert_true (tj_validate_resident_id (FIELD, future, &today, NULL, NULL));
  {
    g_autofree char *leap = make_id ("11010120000229001");

    g_assert_true (tj_validate_resident_id (FIELD, leap, &today, NULL, NULL));
  }

  /* NULL means today's date. */
  g_assert_true (tj_validate_resident_id (FIELD, "11010119900307002X", NULL, NULL, NULL));
  assert_id_error (far_future, NULL, TJ_VALIDATION_ERROR_DATE, "in the future");
}

static void
test_resident_id_region (void)
{
  g_autofree char *p99 = make_id ("99010119900307001");
  g_autofree char *p10 = make_id ("10010119900307001");
  g_autofree char *obsolete_county = make_id ("11010319900307001");
  GDate today;

  set_date (&today, 2025, 1, 24);
  assert_id_error (p99, &today, TJ_VALIDATION_ERROR_REGION, "99 is not a province code");
  assert_id_error (p10, &today, TJ_VALIDATION_ERROR_REGION, "GB/T 2260");

  /* 110103 (北京市崇文区) was merged away in 2010; numbers issued there stay valid. */
  g_assert_true (tj_validate_resident_id (FIELD, obsolete_county, &today, NULL, NULL));
}

static void
test_resident_id_format (void)
{
  GDate today;

  set_date (&today, 2025, 1, 24);
  assert_id_error ("11010119900307002", &today, TJ_VALIDATION_ERROR_FORMAT, "17 were entered");
  assert_id_error ("11010119900307002X1", &today, TJ_VALIDATION_ERROR_FORMAT, "18 characters");
  assert_id_error ("1101011990030700A2", &today, TJ_VALIDATION_ERROR_FORMAT, "digits");
  assert_id_error ("X10101199003070021", &today, TJ_VALIDATION_ERROR_FORMAT, "GB 11643");
  assert_id_error ("110101 19900307002X", &today, TJ_VALIDATION_ERROR_FORMAT, "19 were entered");
  assert_id_error ("身份证号码", &today, TJ_VALIDATION_ERROR_FORMAT, "5 were entered");
  assert_id_error ("\xff\xfe", &today, TJ_VALIDATION_ERROR_FORMAT, "UTF-8");
}

static void
test_resident_id_required (void)
{
  assert_id_error ("", NULL, TJ_VALIDATION_ERROR_REQUIRED, "required");
  assert_id_error (" \t\u3000", NULL, TJ_VALIDATION_ERROR_REQUIRED, "required");
  assert_id_error (NULL, NULL, TJ_VALIDATION_ERROR_REQUIRED, "18-character");
}

#undef FIELD
#define FIELD "Employer's credit code"

static void
assert_uscc_error (const char *input,
                   int         code,
                   const char *fragment)
{
  g_autoptr(GError) error = NULL;
  char out[19] = "sentinel";
  gboolean unknown = 42;

  g_test_message ("USCC “%s”", input ? input : "(null)");
  g_assert_false (tj_validate_uscc (FIELD, input, out, &unknown, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, code);
  assert_contains (error->message, FIELD);
  if (fragment != NULL)
    assert_contains (error->message, fragment);
  g_assert_cmpstr (out, ==, "sentinel");
  g_assert_cmpint (unknown, ==, 42);
}

static void
test_uscc_valid (void)
{
  const struct {
    const char *input;
    const char *code;
  } cases[] = {
    { "91110101MA0000015M", "91110101MA0000015M" },
    { "91350100M000100Y43", "91350100M000100Y43" },
    { "91110101ma0000015m", "91110101MA0000015M" },
    { " ９１３５０１００Ｍ０００１００Ｙ４３ ", "91350100M000100Y43" },
  };

  /* The examples really satisfy both checks as the reference computes them. */
  g_assert_cmpint (ref_uscc_check ("91110101MA0000015"), ==, 'M');
  g_assert_cmpint (ref_org_check ("MA000001"), ==, '5');
  g_assert_cmpint (ref_uscc_check ("91350100M000100Y4"), ==, '3');
  g_assert_cmpint (ref_org_check ("M000100Y"), ==, '4');

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      char out[TJ_USCC_LEN + 1];
      gboolean unknown = TRUE;

      g_assert_true (tj_validate_uscc (FIELD, cases[i].input, out, &unknown, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (out, ==, cases[i].code);
      g_assert_false (unknown);
    }

  g_assert_true (tj_validate_uscc (FIELD, "91110101MA0000015M", NULL, NULL, NULL));
}

static void
test_uscc_checksum (void)
{
  g_autofree char *bad_org = make_uscc ("91110101MA0000016");

  assert_uscc_error ("91110101MA0000015N", TJ_VALIDATION_ERROR_CHECKSUM, "should be M, not N");
  assert_uscc_error ("91110101MA0000015N", TJ_VALIDATION_ERROR_CHECKSUM, "GB 32100");
  assert_uscc_error ("91350100M000100Y44", TJ_VALIDATION_ERROR_CHECKSUM, "should be 3, not 4");

  /* Right overall check, wrong organisation-code check inside. */
  assert_uscc_error (bad_org, TJ_VALIDATION_ERROR_CHECKSUM, "should be 5, not 6");
  assert_uscc_error (bad_org, TJ_VALIDATION_ERROR_CHECKSUM, "GB 11714");
}

static void
test_uscc_authority (void)
{
  const char *known = "123456789ANY";
  const char *unknown = "0BCDEFGHJKLMPQRTUWX";

  for (const char *p = known; *p != '\0'; p++)
    {
      g_autofree char *body = g_strdup_printf ("%c1110101MA0000015", *p);
      g_autofree char *code = make_uscc (body);
      gboolean flag = TRUE;

      g_assert_true (tj_validate_uscc (FIELD, code, NULL, &flag, NULL));
      g_assert_false (flag);
    }

  for (const char *p = unknown; *p != '\0'; p++)
    {
      g_autofree char *body = g_strdup_printf ("%c1110101MA0000015", *p);
      g_autofree char *code = make_uscc (body);
      g_autoptr(GError) error = NULL;
      char out[TJ_USCC_LEN + 1];
      gboolean flag = FALSE;

      g_assert_true (tj_validate_uscc (FIELD, code, out, &flag, &error));
      g_assert_no_error (error);
      g_assert_true (flag);
      g_assert_cmpstr (out, ==, code);
    }
}

static void
test_uscc_format (void)
{
  assert_uscc_error ("91110101MA0000015", TJ_VALIDATION_ERROR_FORMAT, "17 were entered");
  assert_uscc_error ("91110101MA0000015MM", TJ_VALIDATION_ERROR_FORMAT, "18 characters");
  assert_uscc_error ("91110101MI0000015M", TJ_VALIDATION_ERROR_FORMAT, "character 10, “I”");
  assert_uscc_error ("O1110101MA0000015M", TJ_VALIDATION_ERROR_FORMAT, "character 1, “O”");
  assert_uscc_error ("91110101MA000001SM", TJ_VALIDATION_ERROR_FORMAT, "I, O, S, V and Z");
  assert_uscc_error ("91110101MA0000z15M", TJ_VALIDATION_ERROR_FORMAT, "character 15, “z”");
  assert_uscc_error ("91110101MA00000-5M", TJ_VALIDATION_ERROR_FORMAT, "character 16, “-”");
  assert_uscc_error ("91110101MA00000码5M", TJ_VALIDATION_ERROR_FORMAT, "character 16, “码”");
  assert_uscc_error ("", TJ_VALIDATION_ERROR_REQUIRED, "required");
  assert_uscc_error (NULL, TJ_VALIDATION_ERROR_REQUIRED, "unified social credit code");
}

static void
test_org_code (void)
{
  const char *valid[] = {
    "MA0000015", "MA000001-5", "ma0000015", " M000100Y4 ", "M000100Y-4",
  };
  char x_body[9] = "", zero_body[9] = "";

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_assert_true (tj_validate_org_code ("Organisation code", valid[i], &error));
      g_assert_no_error (error);
    }

  /* Find bodies whose check is X (11 − r = 10) and 0 (11 − r = 11), the two special cases. */
  for (guint n = 0; n < 1000 && (!*x_body || !*zero_body); n++)
    {
      char body[9];

      g_snprintf (body, sizeof body, "%08u", n);
      if (ref_org_check (body) == 'X' && !*x_body)
        memcpy (x_body, body, sizeof body);
      if (ref_org_check (body) == '0' && !*zero_body)
        memcpy (zero_body, body, sizeof body);
    }
  g_assert_cmpstr (x_body, !=, "");
  g_assert_cmpstr (zero_body, !=, "");
  {
    g_autofree char *with_x = g_strconcat (x_body, "x", NULL);
    g_autofree char *with_zero = g_strconcat (zero_body, "-0", NULL);
    g_autofree char *x_wrong = g_strconcat (x_body, "0", NULL);
    g_autoptr(GError) error = NULL;

    g_assert_true (tj_validate_org_code ("Organisation code", with_x, NULL));
    g_assert_true (tj_validate_org_code ("Organisation code", with_zero, NULL));
    g_assert_false (tj_validate_org_code ("Organisation code", x_wrong, &error));
    g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_CHECKSUM);
    assert_contains (error->message, "should be X, not 0");
  }

  {
    const struct {
      const char *input;
      int         code;
      const char *fragment;
    } bad[] = {
      { "MA0000016", TJ_VALIDATION_ERROR_CHECKSUM, "should be 5, not 6 (GB 11714)" },
      { "MA00000-15", TJ_VALIDATION_ERROR_FORMAT, "12345678-5" },
      { "MA000001", TJ_VALIDATION_ERROR_FORMAT, "eight digits" },
      { "MA00000155", TJ_VALIDATION_ERROR_FORMAT, "GB 11714" },
      { "MA0_00015", TJ_VALIDATION_ERROR_FORMAT, "GB 11714" },
      { "", TJ_VALIDATION_ERROR_REQUIRED, "required" },
    };

    for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
      {
        g_autoptr(GError) error = NULL;

        g_assert_false (tj_validate_org_code ("Organisation code", bad[i].input, &error));
        g_assert_error (error, TJ_VALIDATION_ERROR, bad[i].code);
        assert_contains (error->message, "Organisation code");
        assert_contains (error->message, bad[i].fragment);
      }
  }
}

/* The exported helpers agree with the reference on random bodies. */
static void
test_check_chars (void)
{
  const char *alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  const char *org_alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

  for (guint round = 0; round < 2000; round++)
    {
      char id[18], uscc[18], org[9];

      for (guint i = 0; i < 17; i++)
        {
          id[i] = '0' + g_test_rand_int_range (0, 10);
          uscc[i] = alphabet[g_test_rand_int_range (0, 31)];
        }
      for (guint i = 0; i < 8; i++)
        org[i] = org_alphabet[g_test_rand_int_range (0, 36)];
      id[17] = uscc[17] = org[8] = '\0';

      g_assert_cmpint (tj_resident_id_check_char (id), ==, ref_id_check (id));
      g_assert_cmpint (tj_uscc_check_char (uscc), ==, ref_uscc_check (uscc));
      g_assert_cmpint (tj_org_code_check_char (org), ==, ref_org_check (org));
    }

  g_assert_cmpint (tj_resident_id_check_char ("1101011990030700A"), ==, '\0');
  g_assert_cmpint (tj_uscc_check_char ("91110101MI0000015"), ==, '\0');
  g_assert_cmpint (tj_org_code_check_char ("MA00000-"), ==, '\0');
}

#undef FIELD
#define FIELD "Applicant's mobile"

static void
test_mobile (void)
{
  const struct {
    const char *input;
    const char *expected;
  } valid[] = {
    { "13800138000", "13800138000" },
    { "138 0013 8000", "13800138000" },
    { "138-0013-8000", "13800138000" },
    { "+86 138 0013 8000", "13800138000" },
    { "+8613800138000", "13800138000" },
    { "0086 13800138000", "13800138000" },
    { "+86-138-0013-8000", "13800138000" },
    { "１３８００１３８０００", "13800138000" },
    { "  19912345678 ", "19912345678" },
    { "16612345678", "16612345678" },
  };
  const char *invalid[] = {
    "12800138000", "10800138000", "1380013800", "138001380001", "23800138000",
    "+1 138 0013 8000", "+852 13800138000", "138a0013800", "(138)00138000", "86 13800138000",
    "010-12345678",
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_assert_true (tj_validate_mobile (FIELD, valid[i].input, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("mobile “%s”", invalid[i]);
      g_assert_false (tj_validate_mobile (FIELD, invalid[i], &normalized, &error));
      g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
      g_assert_null (normalized);
      assert_contains (error->message, FIELD);
      assert_contains (error->message, "11 digits beginning with 13 to 19");
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (tj_validate_mobile (FIELD, " ", NULL, &error));
    g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
    assert_contains (error->message, FIELD);
  }
}

#undef FIELD
#define FIELD "Employer's phone"

static void
test_landline (void)
{
  const struct {
    const char *input;
    const char *expected;
  } valid[] = {
    { "010-12345678", "010-12345678" },
    { "0431 8888 6666", "0431-88886666" },
    { "(0431)88886666", "0431-88886666" },
    { "（0431）8888-6666", "0431-88886666" },
    { "(010) 1234 5678", "010-12345678" },
    { "010-12345678-123", "010-12345678-123" },
    { "010-12345678转123", "010-12345678-123" },
    { "010-12345678 转 123", "010-12345678-123" },
    { "010-12345678 ext 12", "010-12345678-12" },
    { "010-12345678 Ext. 12", "010-12345678-12" },
    { "0431-88886666 分机 5", "0431-88886666-5" },
    { "0431-88886666x12", "0431-88886666-12" },
    { "0431-88886666#12", "0431-88886666-12" },
    { "01012345678", "010-12345678" },
    { "02112345678", "021-12345678" },
    { "029-8765432", "029-8765432" },
    { "043188886666", "0431-88886666" },
    { "0755-1234567", "0755-1234567" },
    { "0755 1234567 88", "0755-1234567-88" },
    { "０４３１－８８８８６６６６", "0431-88886666" },
    { "010 1234 5678 123456", "010-12345678-123456" },
  };
  const struct {
    const char *input;
    const char *fragment;
  } invalid[] = {
    { "88886666", "area code" },
    { "13800138000", "area code" },
    { "0101-2345678", "area code" },
    { "011-12345678", "area code" },
    { "001-12345678", "area code" },
    { "0 431 88886666", "area code" },
    { "0431-888866", "7 or 8 digits" },
    { "0431-888866667", "7 or 8 digits" },
    { "0431-8888-66667", "7 or 8 digits" },
    { "010-12345678-1234567", "1 to 6 digits" },
    { "010-12345678转", "1 to 6 digits" },
    { "010-12345678转12a", "1 to 6 digits" },
    { "010-12345678-12转3", "1 to 6 digits" },
    { "010-1234567a", "only digits" },
    { "+86 10 12345678", "only digits" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("landline “%s”", valid[i].input);
      g_assert_true (tj_validate_landline (FIELD, valid[i].input, &normalized, &error));
      g_assert_no_error (error);
      g_assert_cmpstr (normalized, ==, valid[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_test_message ("landline “%s”", invalid[i].input);
      g_assert_false (tj_validate_landline (FIELD, invalid[i].input, &normalized, &error));
      g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
      g_assert_null (normalized);
      assert_contains (error->message, FIELD);
      assert_contains (error->message, invalid[i].fragment);
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (tj_validate_landline (FIELD, NULL, NULL, &error));
    g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
    assert_contains (error->message, FIELD);
  }
}

static void
test_phone (void)
{
  const struct {
    const char *input;
    const char *expected;
  } valid[] = {
    { "+86 138 0013 8000", "13800138000" },
    { "(0431) 8888 6666", "0431-88886666" },
    { "010-12345678转123", "010-12345678-123" },
  };
  const char *invalid[] = { "12345", "0431-888", "128 0013 8000", "phone" };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autofree char *normalized = NULL;

      g_assert_true (tj_validate_phone (FIELD, valid[i].input, &normalized, NULL));
      g_assert_cmpstr (normalized, ==, valid[i].expected);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *normalized = NULL;

      g_assert_false (tj_validate_phone (FIELD, invalid[i], &normalized, &error));
      g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT);
      g_assert_null (normalized);
      assert_contains (error->message, FIELD);
      assert_contains (error->message, "neither a mobile number");
      assert_contains (error->message, "138 0013 8000");
      assert_contains (error->message, "0431-88886666");
    }

  {
    g_autoptr(GError) error = NULL;

    g_assert_false (tj_validate_phone (FIELD, "", NULL, &error));
    g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED);
    assert_contains (error->message, FIELD);
  }
}

#undef FIELD
#define FIELD "Date received"

static void
test_date (void)
{
  const struct {
    const char *input;
    guint       year, month, day;
  } valid[] = {
    { "2025-01-24", 2025, 1, 24 },
    { "2024-02-29", 2024, 2, 29 },
    { "2000-02-29", 2000, 2, 29 },
    { "1900-01-01", 1900, 1, 1 },
    { "2199-12-31", 2199, 12, 31 },
    { " ２０２５－０１－２４ ", 2025, 1, 24 },
  };
  const struct {
    const char *input;
    int         code;
    const char *fragment;
  } invalid[] = {
    { "2025-02-29", TJ_VALIDATION_ERROR_DATE, "2025-02-29 is not a real date" },
    { "1900-02-29", TJ_VALIDATION_ERROR_DATE, "not a real date" },
    { "2025-13-01", TJ_VALIDATION_ERROR_DATE, "not a real date" },
    { "2025-00-10", TJ_VALIDATION_ERROR_DATE, "not a real date" },
    { "2025-04-31", TJ_VALIDATION_ERROR_DATE, "not a real date" },
    { "1899-12-31", TJ_VALIDATION_ERROR_DATE, "between 1900 and 2199" },
    { "2200-01-01", TJ_VALIDATION_ERROR_DATE, "between 1900 and 2199" },
    { "2025-1-24", TJ_VALIDATION_ERROR_FORMAT, "YYYY-MM-DD" },
    { "2025/01/24", TJ_VALIDATION_ERROR_FORMAT, "YYYY-MM-DD" },
    { "20250124", TJ_VALIDATION_ERROR_FORMAT, "YYYY-MM-DD" },
    { "2025-01-24T10:00", TJ_VALIDATION_ERROR_FORMAT, "YYYY-MM-DD" },
    { "2025年1月24日", TJ_VALIDATION_ERROR_FORMAT, "YYYY-MM-DD" },
    { "", TJ_VALIDATION_ERROR_REQUIRED, "required" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (valid); i++)
    {
      g_autoptr(GError) error = NULL;
      GDate date;

      g_assert_true (tj_validate_date (FIELD, valid[i].input, &date, &error));
      g_assert_no_error (error);
      assert_date (&date, valid[i].year, valid[i].month, valid[i].day);
    }

  for (guint i = 0; i < G_N_ELEMENTS (invalid); i++)
    {
      g_autoptr(GError) error = NULL;

      g_test_message ("date “%s”", invalid[i].input);
      g_assert_false (tj_validate_date (FIELD, invalid[i].input, NULL, &error));
      g_assert_error (error, TJ_VALIDATION_ERROR, invalid[i].code);
      assert_contains (error->message, FIELD);
      assert_contains (error->message, invalid[i].fragment);
    }
}

static void
test_past_date (void)
{
  g_autoptr(GError) error = NULL;
  GDate today, date;

  set_date (&today, 2025, 1, 24);

  g_assert_true (tj_validate_past_date (FIELD, "2025-01-24", &today, &date, NULL));
  assert_date (&date, 2025, 1, 24);
  g_assert_true (tj_validate_past_date (FIELD, "1990-03-07", &today, &date, NULL));
  assert_date (&date, 1990, 3, 7);

  g_assert_false (tj_validate_past_date (FIELD, "2025-01-25", &today, &date, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
  assert_contains (error->message, FIELD);
  assert_contains (error->message, "2025-01-25 is in the future");
  g_clear_error (&error);

  /* The plain date rules come first. */
  g_assert_false (tj_validate_past_date (FIELD, "2025-02-30", &today, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
  assert_contains (error->message, "not a real date");
  g_clear_error (&error);

  /* NULL means today's date. */
  g_assert_true (tj_validate_past_date (FIELD, "2020-01-01", NULL, NULL, NULL));
  g_assert_false (tj_validate_past_date (FIELD, "2199-12-31", NULL, NULL, &error));
  g_assert_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE);
}

static void
test_mask (void)
{
  const struct {
    const char *number;
    const char *masked;
  } cases[] = {
    { "11010119900307002X", "110101********002X" },
    { "220102750620003", "220102*****0003" },
    { "12345678901", "123456*8901" },
    { "E12345678", "*******78" },
    { "AB", "AB" },
    { "A", "A" },
    { "", "" },
    { "护照1234567", "*******67" },
    { "港澳通行证C12345678", "港澳通行证C****5678" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *masked = tj_mask_id_number (cases[i].number);

      g_assert_cmpstr (masked, ==, cases[i].masked);
    }
}

static void
test_region (void)
{
  for (guint code = 0; code < 100; code++)
    {
      char s[3];
      gboolean expected = (code >= 11 && code <= 15) || (code >= 21 && code <= 23) ||
                          (code >= 31 && code <= 37) || (code >= 41 && code <= 46) ||
                          (code >= 50 && code <= 54) || (code >= 61 && code <= 65) ||
                          code == 71 || code == 81 || code == 82;

      g_snprintf (s, sizeof s, "%02u", code);
      g_assert_cmpint (tj_region_province_known (s), ==, expected);
    }

  g_assert_true (tj_region_province_known ("220102"));
  g_assert_false (tj_region_province_known ("1"));
  g_assert_false (tj_region_province_known (""));
  g_assert_false (tj_region_province_known ("1a"));
  g_assert_false (tj_region_province_known ("a1"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/resident-id/valid", test_resident_id_valid);
  g_test_add_func ("/validate/resident-id/male", test_resident_id_male);
  g_test_add_func ("/validate/resident-id/legacy", test_resident_id_legacy);
  g_test_add_func ("/validate/resident-id/checksum", test_resident_id_checksum);
  g_test_add_func ("/validate/resident-id/date", test_resident_id_date);
  g_test_add_func ("/validate/resident-id/region", test_resident_id_region);
  g_test_add_func ("/validate/resident-id/format", test_resident_id_format);
  g_test_add_func ("/validate/resident-id/required", test_resident_id_required);
  g_test_add_func ("/validate/uscc/valid", test_uscc_valid);
  g_test_add_func ("/validate/uscc/checksum", test_uscc_checksum);
  g_test_add_func ("/validate/uscc/authority", test_uscc_authority);
  g_test_add_func ("/validate/uscc/format", test_uscc_format);
  g_test_add_func ("/validate/org-code", test_org_code);
  g_test_add_func ("/validate/check-chars", test_check_chars);
  g_test_add_func ("/validate/mobile", test_mobile);
  g_test_add_func ("/validate/landline", test_landline);
  g_test_add_func ("/validate/phone", test_phone);
  g_test_add_func ("/validate/date", test_date);
  g_test_add_func ("/validate/past-date", test_past_date);
  g_test_add_func ("/validate/mask", test_mask);
  g_test_add_func ("/validate/region", test_region);

  return g_test_run ();
}
