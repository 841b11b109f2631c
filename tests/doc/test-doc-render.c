/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <math.h>
#include <string.h>

#include "doc-util.h"
#include "tj-doc-render.h"

static const char * const rare_names[] = { "王䶮", "𠀀明", "龘龘", "李堃", "张喆", NULL };

static gboolean
is_ideograph (gunichar c)
{
  return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF);
}

static int
cmp_double (gconstpointer a, gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return x < y ? -1 : x > y;
}

/* The grid of a body page: every line of 3号 characters sits on a multiple of the line
 * pitch, inside the text area; ideographs next to each other are one pitch apart. */
static void
check_page_geometry (PopplerPage *page, guint number)
{
  g_autoptr(GArray) chars = doc_page_chars (page);
  g_autoptr(GArray) heights = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) lines = g_array_new (FALSE, FALSE, sizeof (double));
  double width, height, body_height, left = 1e9, right = 0, phase = -1;
  guint pairs = 0, on_pitch = 0;

  poppler_page_get_size (page, &width, &height);
  g_assert_cmpfloat (fabs (width - 595.276), <, 0.01);
  g_assert_cmpfloat (fabs (height - 841.890), <, 0.01);

  for (guint i = 0; i < chars->len; i++)
    {
      DocChar *c = &g_array_index (chars, DocChar, i);
      double h = c->y2 - c->y1;

      if (is_ideograph (c->c) && c->y1 < TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT)
        g_array_append_val (heights, h);
    }
  if (heights->len == 0)
    return;
  g_array_sort (heights, cmp_double);
  body_height = g_array_index (heights, double, heights->len / 2);

  for (guint i = 0; i < chars->len; i++)
    {
      DocChar *c = &g_array_index (chars, DocChar, i);
      double centre = (c->y1 + c->y2) / 2;
      double slot;

      /* Page numbers, code and tables are not on the grid. */
      if (c->y1 >= TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT || fabs ((c->y2 - c->y1) - body_height) > 0.5)
        continue;
      left = MIN (left, c->x1);
      right = MAX (right, c->x2);
      g_assert_cmpfloat (c->y1, >=, TJ_DOC_MARGIN_TOP - 2);
      g_assert_cmpfloat (c->y2, <=, TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT + 2);
      slot = fmod (centre - TJ_DOC_MARGIN_TOP, TJ_DOC_LINE_PITCH);
      if (phase < 0)
        phase = slot;
      if (fabs (slot - phase) > 0.3)
        g_error ("page %u: U+%04X h %.2f (body %.2f) at y %.2f is off the %.2f pt line grid (phase %.2f, not %.2f)",
                 number, c->c, c->y2 - c->y1, body_height, centre, TJ_DOC_LINE_PITCH,
                 slot, phase);
      if (i > 0 && is_ideograph (c->c))
        {
          DocChar *prev = &g_array_index (chars, DocChar, i - 1);

          if (is_ideograph (prev->c) && fabs (prev->y1 - c->y1) < 0.1)
            {
              pairs++;
              on_pitch += fabs ((c->x1 - prev->x1) - TJ_DOC_CHAR_PITCH) < 0.05;
            }
        }
    }
  /* The left edge of the text area, and nothing past the right one. */
  g_assert_cmpfloat (fabs (left - TJ_DOC_MARGIN_LEFT), <, 0.5);
  g_assert_cmpfloat (right, <=, TJ_DOC_MARGIN_LEFT + TJ_DOC_TEXT_WIDTH + 0.5);
  /* Neighbouring characters keep the 28-a-line pitch. */
  if (pairs > 0 && on_pitch < pairs)
    g_error ("page %u: only %u of %u neighbouring characters are %.2f pt apart", number,
             on_pitch, pairs, TJ_DOC_CHAR_PITCH);
}

/* Line breaking: closing punctuation never starts a line, opening brackets never end one
 * (Pango's UAX #14 rules with the zh-cn language set). */
static void
check_line_breaks (PopplerPage *page, guint number)
{
  static const char opening[] = "（《〔“‘【";
  static const char closing[] = "，。、；：）》〕”’】！？";
  g_autoptr(GArray) chars = doc_page_chars (page);

  for (guint i = 0; i + 1 < chars->len; i++)
    {
      DocChar *a = &g_array_index (chars, DocChar, i);
      DocChar *b = &g_array_index (chars, DocChar, i + 1);
      char ua[8] = { 0 }, ub[8] = { 0 };

      /* A new line: the next character is lower and back at the left. */
      if (b->y1 < a->y2 - 1 || b->x1 > a->x1)
        continue;
      g_unichar_to_utf8 (a->c, ua);
      g_unichar_to_utf8 (b->c, ub);
      if (strstr (opening, ua) != NULL)
        g_error ("page %u: a line ends with an opening bracket U+%04X", number, a->c);
      if (strstr (closing, ub) != NULL)
        g_error ("page %u: a line starts with closing punctuation U+%04X", number, b->c);
    }
}

/* "— N —": odd pages right and even pages left, one character in, 7 mm under the text. */
static void
check_folio (PopplerPage *page, guint number)
{
  g_autoptr(GArray) chars = doc_page_chars (page);
  double x1 = 1e9, x2 = 0, y1 = 1e9;
  g_autofree char *digits = g_strdup_printf ("%u", number);
  GString *seen = g_string_new (NULL);

  for (guint i = 0; i < chars->len; i++)
    {
      DocChar *c = &g_array_index (chars, DocChar, i);

      if (c->y1 < TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT + 5 || c->y1 > 790)
        continue;
      if (c->c != 0x2014 && !g_unichar_isdigit (c->c))
        continue;
      g_string_append_unichar (seen, c->c);
      x1 = MIN (x1, c->x1);
      x2 = MAX (x2, c->x2);
      y1 = MIN (y1, c->y1);
    }
  {
    g_autofree char *expected = g_strdup_printf ("—%u—", number);
    g_autofree char *got = g_string_free (seen, FALSE);

    g_assert_cmpstr (got, ==, expected);
  }
  if (number % 2 == 1)
    g_assert_cmpfloat (fabs (x2 - (TJ_DOC_MARGIN_LEFT + TJ_DOC_TEXT_WIDTH - TJ_DOC_FOLIO_SIZE)), <, 1.0);
  else
    g_assert_cmpfloat (fabs (x1 - (TJ_DOC_MARGIN_LEFT + TJ_DOC_FOLIO_SIZE)), <, 1.0);
  /* Poppler's box is the font's, a little taller than the em box the standard means. */
  g_assert_cmpfloat (fabs (y1 - (TJ_DOC_MARGIN_TOP + TJ_DOC_TEXT_HEIGHT + TJ_DOC_FOLIO_GAP)), <, 4.0);
}

static GPtrArray *
many_clauses (guint n)
{
  GPtrArray *clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);

  for (guint i = 0; i < n; i++)
    {
      g_autofree char *what = g_strdup_printf ("第%u期拖欠工资", i + 1);

      g_ptr_array_add (clauses, doc_clause ("respondent", "applicant", what, 100000 + i * 100,
                                            "2026-04-30", "银行转账"));
    }
  return clauses;
}

/* Rare characters come back from the PDF (the fonts are embedded with their Unicode
 * map), in every template that prints names. */
static void
test_rare_characters (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = many_clauses (2);
  g_autoptr(TjCase) c = doc_make_case (r, rare_names, clauses, "2026-03-09");
  const char *kinds[] = { "application", "acceptance", "agreement", "review_application" };

  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GBytes) pdf = doc_render (r, kinds[k], c->case_no, FALSE, NULL, &error);
      g_autoptr(PopplerDocument) doc = NULL;
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      doc = doc_open (pdf);
      text = doc_text (doc);
      /* Poppler starts a new word where the font changes, and a rare character comes
       * from another face than its neighbours (𠀀 from HanaMinB, and with FandolFang
       * installed all five): compare without the spaces it puts there. */
      g_strdelimit (text, "\n", ' ');
      {
        char *w = text;

        for (const char *p = text; *p != '\0'; p++)
          if (*p != ' ')
            *w++ = *p;
        *w = '\0';
      }
      for (guint i = 0; rare_names[i] != NULL; i++)
        if (strstr (text, rare_names[i]) == NULL)
          g_error ("%s: rare name %u does not read back:\n%s", kinds[k], i, text);
      g_assert_nonnull (strstr (text, c->case_no));
    }
}

static void
test_geometry (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = many_clauses (12);
  g_autoptr(TjCase) c = doc_make_case (r, rare_names, clauses, "2026-03-09");
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = doc_render (r, "agreement", c->case_no, FALSE, NULL, &error);
  g_autoptr(PopplerDocument) doc = NULL;
  int n;

  g_assert_no_error (error);
  if (g_getenv ("TJ_DEBUG_PDF") != NULL)
    g_file_set_contents (g_getenv ("TJ_DEBUG_PDF"), g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), NULL);
  doc = doc_open (pdf);
  n = poppler_document_get_n_pages (doc);
  g_assert_cmpint (n, >=, 2);
  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);

      check_page_geometry (page, i + 1);
      check_folio (page, i + 1);
      check_line_breaks (page, i + 1);
    }
}

/* A heading line 一、… starts two characters in; the title is centred. */
static void
test_indents (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = many_clauses (1);
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(GBytes) pdf = doc_render (r, "agreement", c->case_no, FALSE, NULL, NULL);
  g_autoptr(PopplerDocument) doc = doc_open (pdf);
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, 0);
  g_autoptr(GArray) chars = doc_page_chars (page);
  gboolean heading = FALSE, title = FALSE;

  for (guint i = 0; i + 1 < chars->len; i++)
    {
      DocChar *a = &g_array_index (chars, DocChar, i);
      DocChar *b = &g_array_index (chars, DocChar, i + 1);

      if (a->c == 0x4E00 && b->c == 0x3001)   /* 一、 */
        {
          g_assert_cmpfloat (fabs (a->x1 - (TJ_DOC_MARGIN_LEFT + 2 * TJ_DOC_CHAR_PITCH)), <, 0.5);
          heading = TRUE;
        }
      if (a->c == 0x8C03 && b->c == 0x89E3 && !title)   /* 调解协议书 */
        {
          DocChar *e = &g_array_index (chars, DocChar, i + 4);
          double centre = (a->x1 + e->x2) / 2;

          g_assert_cmpfloat (fabs (centre - (TJ_DOC_MARGIN_LEFT + TJ_DOC_TEXT_WIDTH / 2)), <, 1.0);
          g_assert_cmpfloat (a->y2 - a->y1, >, 20);
          title = TRUE;
        }
    }
  g_assert_true (heading);
  g_assert_true (title);
}

/* The page that carries the signature block also carries text before it. */
static void
check_signature_not_orphaned (PopplerDocument *doc)
{
  int n = poppler_document_get_n_pages (doc);
  gboolean found = FALSE;

  for (int i = 0; i < n; i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);
      const char *sign = strstr (text, "申请人（签名）");

      if (sign == NULL || strstr (text, "调解员（签名）") == NULL)
        continue;
      found = TRUE;
      /* Text of the agreement before the block, on the same page. */
      g_assert_nonnull (strstr (text, "具有同等效力"));
      g_assert_true (strstr (text, "具有同等效力") < sign);
      g_assert_nonnull (strstr (text, "劳动人事争议调解中心"));
    }
  g_assert_true (found);
}

/* A collective case: forty applicants, every one printed, pages cut cleanly. */
static void
test_collective (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) clauses = many_clauses (3);
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < 40; i++)
    g_ptr_array_add (names, g_strdup_printf ("%s工%s", i % 2 ? "欧阳" : "堃", (const char *[]) {
                       "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸" }[i % 10]));
  for (guint i = 0; i < 40; i++)
    {
      char *name = g_ptr_array_index (names, i);

      names->pdata[i] = g_strdup_printf ("%s%u", name, i + 1);
      g_free (name);
    }
  g_ptr_array_add (names, NULL);
  c = doc_make_case (r, (const char * const *) names->pdata, clauses, "2026-03-09");
  g_assert_true (c->collective);
  pdf = doc_render (r, "agreement", c->case_no, FALSE, NULL, &error);
  g_assert_no_error (error);
  doc = doc_open (pdf);
  g_assert_cmpint (poppler_document_get_n_pages (doc), >=, 4);
  text = doc_text (doc);
  for (guint i = 0; i < 40; i++)
    {
      g_autofree char *needle = g_strdup_printf ("申请人：%s，", (char *) names->pdata[i]);

      if (strstr (text, needle) == NULL)
        g_error ("applicant %u (%s) is missing", i + 1, needle);
    }
  check_signature_not_orphaned (doc);
  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);

      check_page_geometry (page, i + 1);
      check_folio (page, i + 1);
      check_line_breaks (page, i + 1);
    }
}

/* Sixty clauses paginate; each is there with its amount in figures and capitals. */
static void
test_many_clauses (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = many_clauses (60);
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(GBytes) pdf = doc_render (r, "agreement", c->case_no, FALSE, NULL, NULL);
  g_autoptr(PopplerDocument) doc = doc_open (pdf);
  g_autofree char *text = doc_text (doc);
  g_autofree char *flat = NULL;
  GString *s = g_string_new (NULL);

  /* Lines break inside a clause; compare without the breaks. */
  for (const char *p = text; *p != '\0'; p++)
    if (*p != '\n')
      g_string_append_c (s, *p);
  flat = g_string_free (s, FALSE);
  g_assert_cmpint (poppler_document_get_n_pages (doc), >=, 5);
  for (guint i = 0; i < 60; i++)
    {
      g_autofree char *needle = g_strdup_printf ("%u. 长春宏达建筑工程有限公司于2026年4月30日前向张三支付第%u期拖欠工资",
                                                 i + 1, i + 1);

      if (strstr (flat, needle) == NULL)
        g_error ("clause %u is missing", i + 1);
    }
  g_assert_nonnull (strstr (flat, "1,059.00元（人民币壹仟零伍拾玖元整）"));
  g_assert_nonnull (strstr (flat, "第十四条"));
  g_assert_nonnull (strstr (flat, "第十五条"));
  g_assert_nonnull (strstr (flat, "第十六条"));
  g_assert_nonnull (strstr (flat, "第七十四条"));
  g_assert_nonnull (strstr (flat, "一式三份"));
  check_signature_not_orphaned (doc);
}

/* Every kind renders for cases in the state that calls for it. */
static void
test_every_kind (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = many_clauses (2);
  g_autoptr(TjCase) agreed = doc_make_case (r, rare_names, clauses, "2026-03-09");
  g_autoptr(TjCase) open = doc_make_case (r, NULL, NULL, NULL);
  g_autoptr(TjCase) rejected = NULL, failed = NULL, delegated = NULL;
  g_autoptr(GError) error = NULL;
  TjActionArgs args = { .paid = -1, .consent = TRUE };
  TjSession s = { 0 };
  struct { const char *kind; const char *ref; const char *expect; } cases[10];
  guint n = 0;
  guint n_kinds;

  tj_doc_kinds (&n_kinds);
  /* A session with a long transcript: the record runs over pages. */
  {
    GString *t = g_string_new (NULL);
    g_autoptr(GDateTime) start = g_date_time_new_from_iso8601 ("2026-03-04T09:00:00+08:00", NULL);

    for (guint i = 0; i < 30; i++)
      g_string_append_printf (t, "问：第%u个问题，请说明工资发放的时间和方式？\n答：每月十五日以现金方式发放，第%u次回答。\n",
                              i + 1, i + 1);
    s.started = g_date_time_to_unix (start) * 1000;
    s.ended = s.started + 3600 * 1000;
    s.place = g_strdup ("第一调解室");
    s.mediators = g_strdup ("张调解");
    s.recorder = g_strdup ("李记录");
    s.transcript = g_string_free (t, FALSE);
    g_assert_true (tj_case_store_add_session (r->cases, open->case_no, &s, NULL, &error));
    g_assert_no_error (error);
    tj_session_clear (&s);
  }
  /* An attachment is listed as evidence in the application. */
  {
    g_autofree char *path = g_build_filename (r->dir, "payslip.txt", NULL);
    g_autoptr(GFile) file = g_file_new_for_path (path);

    g_assert_true (g_file_set_contents (path, "2025年12月工资条", -1, NULL));
    g_assert_true (tj_case_store_attach (r->cases, agreed->case_no, file, "2025年12月工资条.pdf",
                                         NULL, &error));
    g_assert_no_error (error);
  }
  rejected = tj_test_create_case (r, "2026-03-05");
  args.reason = "不属于劳动人事争议";
  g_assert_true (tj_case_store_do (r->cases, rejected->case_no, TJ_ACTION_REJECT, &args, NULL, &error));
  g_assert_no_error (error);
  failed = doc_make_case (r, NULL, NULL, NULL);
  args.reason = "no_agreement";
  g_assert_true (tj_case_store_do (r->cases, failed->case_no, TJ_ACTION_FAIL, &args, NULL, &error));
  g_assert_no_error (error);
  {
    g_autoptr(TjCase) d = tj_test_make_case ("2026-03-06");

    d->source = TJ_SOURCE_ARBITRATION;
    d->delegation_ref = g_strdup ("长劳人仲案字〔2026〕88号");
    d->channel = TJ_CHANNEL_DELEGATION;
    g_assert_true (tj_case_store_create (r->cases, d, NULL, &error));
    g_assert_no_error (error);
    delegated = tj_case_store_get (r->cases, d->case_no, NULL);
  }

  cases[n++] = (typeof (cases[0])) { "application", agreed->case_no, "1. 2025年12月工资条.pdf" };
  cases[n++] = (typeof (cases[0])) { "register", "2026-03", "劳动人事争议调解登记表" };
  cases[n++] = (typeof (cases[0])) { "acceptance", open->case_no, "送达回证" };
  cases[n++] = (typeof (cases[0])) { "rejection", rejected->case_no, "不予受理通知书" };
  cases[n++] = (typeof (cases[0])) { "session", open->case_no, "以上笔录已阅，记录属实" };
  cases[n++] = (typeof (cases[0])) { "agreement", agreed->case_no, "调解协议书" };
  cases[n++] = (typeof (cases[0])) { "termination", failed->case_no, "一年" };
  cases[n++] = (typeof (cases[0])) { "delegation", delegated->case_no, "委派调解函" };
  cases[n++] = (typeof (cases[0])) { "review_application", agreed->case_no, "调解协议仲裁审查申请书" };
  cases[n++] = (typeof (cases[0])) { "monthly_stats", "2026-03", "月度统计报表" };
  g_assert_cmpuint (n, ==, n_kinds);

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GBytes) pdf = doc_render (r, cases[i].kind, cases[i].ref, FALSE, NULL, &error);
      g_autoptr(PopplerDocument) doc = NULL;
      g_autofree char *text = NULL;

      if (error != NULL)
        g_error ("%s: %s", cases[i].kind, error->message);
      doc = doc_open (pdf);
      text = doc_text (doc);
      if (strstr (text, cases[i].expect) == NULL)
        g_error ("%s: “%s” is not in the text", cases[i].kind, cases[i].expect);
      if (strcmp (cases[i].kind, "session") == 0)
        {
          int pages = poppler_document_get_n_pages (doc);

          g_assert_cmpint (pages, >=, 2);
          /* A signature line and 第×页 共×页 on every page. */
          for (int p = 0; p < pages; p++)
            {
              g_autoptr(PopplerPage) page = poppler_document_get_page (doc, p);
              g_autofree char *page_text = poppler_page_get_text (page);
              g_autofree char *folio = g_strdup_printf ("第%d页 共%d页", p + 1, pages);

              g_assert_nonnull (strstr (page_text, "当事人签名"));
              g_assert_nonnull (strstr (page_text, folio));
            }
        }
      if (strcmp (cases[i].kind, "register") == 0)
        {
          /* Numbers wrap inside their cell. */
          g_autofree char *flat = g_strdup (text);
          char *w = flat;

          for (const char *p = flat; *p != '\0'; p++)
            if (*p != '\n')
              *w++ = *p;
          *w = '\0';
          g_assert_nonnull (strstr (flat, agreed->case_no));
          g_assert_nonnull (strstr (flat, rejected->case_no));
        }
    }

  /* A notice the case's state does not call for is refused. */
  g_assert_null (doc_render (r, "rejection", agreed->case_no, FALSE, NULL, &error));
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA);
  g_clear_error (&error);
  g_assert_null (doc_render (r, "payslip", agreed->case_no, FALSE, NULL, &error));
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_KIND);
}

/* Dates in the older style, with 〇. */
static void
test_chinese_dates (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = many_clauses (1);
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  TjDocOptions options;

  tj_doc_options_init (&options);
  options.date_style = TJ_DOC_DATE_CHINESE;
  pdf = tj_doc_render (r->cases, "agreement", c->case_no, &options, NULL, NULL);
  doc = doc_open (pdf);
  text = doc_text (doc);
  g_assert_nonnull (strstr (text, "二\u3007二六年三月九日"));
  g_assert_null (strstr (text, "2026年3月9日"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc/render/rare-characters", test_rare_characters);
  g_test_add_func ("/doc/render/geometry", test_geometry);
  g_test_add_func ("/doc/render/indents", test_indents);
  g_test_add_func ("/doc/render/collective", test_collective);
  g_test_add_func ("/doc/render/many-clauses", test_many_clauses);
  g_test_add_func ("/doc/render/every-kind", test_every_kind);
  g_test_add_func ("/doc/render/chinese-dates", test_chinese_dates);
  return g_test_run ();
}
