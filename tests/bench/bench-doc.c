/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-doc: the time to render the agreement of a demo case as a two-page PDF, and,
 * beside it, the same agreement converted by LibreOffice (`soffice --headless
 * --convert-to pdf`) from an equivalent flat ODF text document (.fodt), when LibreOffice
 * is installed. It prints figures and asserts nothing. */

#define _GNU_SOURCE               /* memmem */
#define G_LOG_DOMAIN "bench-doc"

#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench-util.h"
#include "tj-case-store.h"
#include "tj-doc.h"
#include "tj-doc-render.h"
#include "tj-doc-template.h"

#define RUNS ((guint) (g_getenv ("BENCH_DOC_RUNS") ? atoi (g_getenv ("BENCH_DOC_RUNS")) : 100))

static guint
count_pages (GBytes *pdf)
{
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  const char *end = data + size;
  guint n = 0;

  /* cairo writes "/Type /Page", LibreOffice "/Type/Page"; not "/Pages". */
  for (const char *p = data; (p = memmem (p, end - p, "/Page", 5)) != NULL; p += 5)
    if (p + 5 < end && p[5] != 's' && p > data + 5 &&
        (memcmp (p - 5, "/Type", 5) == 0 || memcmp (p - 6, "/Type ", 6) == 0))
      n++;
  return n;
}

static void
print_stats (const char *what, GArray *ms)
{
  double sum = 0;

  g_array_sort (ms, bench_cmp_double);
  for (guint i = 0; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  printf ("%-44s runs %4u  mean %8.2f ms  p50 %8.2f ms  p95 %8.2f ms  min %8.2f ms\n", what,
          ms->len, sum / ms->len, bench_percentile (ms, 0.5), bench_percentile (ms, 0.95),
          g_array_index (ms, double, 0));
}

static TjCase *
make_agreed_case (TjCaseStore *cases)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  TjCase *c = tj_case_new ();
  TjParty *p;
  TjActionArgs args = { .paid = -1, .consent = TRUE };
  const char *whats[] = { "支付解除劳动合同的经济补偿" };
  gint64 amounts[] = { 1860000 };

  c->received = g_strdup ("2026-03-02");
  c->facts = g_strdup ("被申请人于2026年2月解除与申请人的劳动合同，双方对解除的补偿发生争议。");
  /* A termination dispute: the payment-order notice of Law Art. 16 does not apply, and
   * the agreement takes two pages. */
  c->types = 1u << TJ_DISPUTE_TERMINATION;
  p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, "王䶮");
  p->id_number = g_strdup ("11010119900307002X");
  p->phone = g_strdup ("13800138000");
  p->address = g_strdup ("长春市南关区人民大街1号");
  g_ptr_array_add (c->parties, p);
  p = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, "长春宏达建筑工程有限公司");
  p->id_number = g_strdup ("91110101MA0000015M");
  p->legal_rep = g_strdup ("赵堃");
  p->legal_rep_title = g_strdup ("总经理");
  p->address = g_strdup ("长春市朝阳区红旗街8号");
  g_ptr_array_add (c->parties, p);
  g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_TERMINATION, 1860000));
  if (!tj_case_store_create (cases, c, NULL, &error) ||
      !tj_case_store_do (cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL, &error))
    bench_die ("register", g_steal_pointer (&error));
  args.mediator = "张调解";
  if (!tj_case_store_do (cases, c->case_no, TJ_ACTION_ASSIGN, &args, NULL, &error))
    bench_die ("assign", g_steal_pointer (&error));
  for (guint i = 0; i < G_N_ELEMENTS (whats); i++)
    {
      TjClause *cl = tj_clause_new ();

      cl->payer = g_strdup ("respondent");
      cl->payee = g_strdup ("applicant");
      cl->what = g_strdup (whats[i]);
      cl->amount = amounts[i];
      cl->due = g_strdup ("2026-04-30");
      cl->method = g_strdup ("银行转账");
      g_ptr_array_add (clauses, cl);
    }
  args.clauses = clauses;
  args.date = "2026-03-09";
  if (!tj_case_store_do (cases, c->case_no, TJ_ACTION_AGREE, &args, NULL, &error))
    bench_die ("agree", g_steal_pointer (&error));
  return c;
}

static void
xml_text (GString *out, const char *text)
{
  g_autofree char *escaped = g_markup_escape_text (text != NULL ? text : "", -1);

  g_string_append (out, escaped);
}

/* The same paragraphs in the same fonts on the same page, as a flat ODF document. */
static char *
write_fodt (GPtrArray *blocks, const char *dir)
{
  GString *x = g_string_new (NULL);
  const char *body = tj_doc_font_family (TJ_DOC_FONT_BODY);
  char *path = g_build_filename (dir, "agreement.fodt", NULL);

  g_string_append_printf (x,
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<office:document xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\" "
    "xmlns:style=\"urn:oasis:names:tc:opendocument:xmlns:style:1.0\" "
    "xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\" "
    "xmlns:fo=\"urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0\" "
    "office:version=\"1.2\" office:mimetype=\"application/vnd.oasis.opendocument.text\">\n"
    "<office:font-face-decls><style:font-face style:name=\"Body\" svg:font-family=\"%s\" "
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"/>"
    "<style:font-face style:name=\"Title\" svg:font-family=\"Noto Serif CJK SC\" "
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"/>"
    "<style:font-face style:name=\"Hei\" svg:font-family=\"Noto Sans CJK SC\" "
    "xmlns:svg=\"urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0\"/>"
    "</office:font-face-decls>\n"
    "<office:automatic-styles>"
    "<style:page-layout style:name=\"A4\"><style:page-layout-properties fo:page-width=\"210mm\" "
    "fo:page-height=\"297mm\" fo:margin-top=\"37mm\" fo:margin-left=\"28mm\" "
    "fo:margin-right=\"26mm\" fo:margin-bottom=\"35mm\"/></style:page-layout>"
    "<style:style style:name=\"P\" style:family=\"paragraph\"><style:paragraph-properties "
    "fo:line-height=\"28.99pt\" fo:text-indent=\"31.58pt\"/><style:text-properties "
    "style:font-name-asian=\"Body\" style:font-name=\"Body\" fo:font-size=\"16pt\" "
    "style:font-size-asian=\"16pt\"/></style:style>"
    "<style:style style:name=\"H\" style:family=\"paragraph\" style:parent-style-name=\"P\">"
    "<style:text-properties style:font-name-asian=\"Hei\"/></style:style>"
    "<style:style style:name=\"T\" style:family=\"paragraph\"><style:paragraph-properties "
    "fo:text-align=\"center\" fo:line-height=\"28.99pt\"/><style:text-properties "
    "style:font-name-asian=\"Title\" fo:font-size=\"22pt\" style:font-size-asian=\"22pt\" "
    "style:font-weight-asian=\"bold\"/></style:style>"
    "</office:automatic-styles>\n"
    "<office:master-styles><style:master-page style:name=\"Standard\" "
    "style:page-layout-name=\"A4\"/></office:master-styles>\n"
    "<office:body><office:text>\n", body);
  for (guint i = 0; i < blocks->len; i++)
    {
      TjDocBlock *b = g_ptr_array_index (blocks, i);
      const char *style = b->kind == TJ_DOC_BLOCK_TITLE ? "T"
                        : b->kind == TJ_DOC_BLOCK_HEADING ? "H" : "P";

      g_string_append_printf (x, "<text:p text:style-name=\"%s\">", style);
      xml_text (x, b->text);
      if (b->text2 != NULL)
        {
          g_string_append (x, "<text:tab/>");
          xml_text (x, b->text2);
        }
      g_string_append (x, "</text:p>\n");
    }
  g_string_append (x, "</office:text></office:body></office:document>\n");
  if (!g_file_set_contents (path, x->str, x->len, NULL))
    bench_die ("write the .fodt", NULL);
  g_string_free (x, TRUE);
  return path;
}

static void
libreoffice_column (TjCaseStore *cases, const TjCase *c, const char *dir, double ours_mean)
{
  g_autofree char *soffice = g_find_program_in_path ("soffice");
  g_autoptr(GArray) ms = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(TjDocTemplate) template = NULL;
  g_autoptr(TjDocScope) data = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autofree char *fodt = NULL;
  g_autofree char *profile = NULL;
  g_autofree char *env_profile = NULL;
  TjDocOptions options;
  double sum = 0;

  if (soffice == NULL)
    {
      printf ("libreoffice: not installed (soffice not in PATH); the comparison column is "
              "skipped. Install libreoffice-writer-nogui to measure it.\n");
      return;
    }
  tj_doc_options_init (&options);
  template = tj_doc_template_load ("agreement", NULL, NULL);
  data = tj_doc_collect (cases, tj_doc_kind_lookup ("agreement", NULL), c->case_no, &options, NULL);
  if (template == NULL || data == NULL)
    bench_die ("collect the agreement", NULL);
  blocks = tj_doc_template_expand (template, data, NULL);
  fodt = write_fodt (blocks, dir);
  profile = g_build_filename (dir, "lo-profile", NULL);
  env_profile = g_strconcat ("-env:UserInstallation=file://", profile, NULL);

  /* The first run creates the profile; it is reported apart. */
  for (guint i = 0; i < 6; i++)
    {
      const char *argv[] = { soffice, env_profile, "--headless", "--convert-to", "pdf",
                             "--outdir", dir, fodt, NULL };
      g_autoptr(GError) error = NULL;
      int status;
      double t0 = bench_now_s (), t;

      if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_STDOUT_TO_DEV_NULL |
                         G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, NULL, NULL, &status, &error))
        bench_die ("run soffice", g_steal_pointer (&error));
      t = (bench_now_s () - t0) * 1000;
      if (i == 0)
        printf ("libreoffice first run (creates its profile)    %8.1f ms\n", t);
      else
        g_array_append_val (ms, t);
    }
  for (guint i = 0; i < ms->len; i++)
    sum += g_array_index (ms, double, i);
  print_stats ("libreoffice --convert-to pdf (.fodt, process)", ms);
  {
    g_autofree char *pdf_path = g_build_filename (dir, "agreement.pdf", NULL);
    g_autofree char *contents = NULL;
    gsize length = 0;

    if (g_file_get_contents (pdf_path, &contents, &length, NULL))
      {
        g_autoptr(GBytes) pdf = g_bytes_new_take (g_steal_pointer (&contents), length);

        printf ("libreoffice output: %u pages, %zu bytes\n", count_pages (pdf), length);
      }
  }
  printf ("ratio libreoffice / tiaojie (mean): %.0f×\n", (sum / ms->len) / ours_mean);
}

int
main (int argc, char **argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("bench-doc-XXXXXX", &error);
  g_autofree char *path = NULL;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GArray) full = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GArray) layout = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GBytes) first = NULL;
  g_autoptr(TjDocTemplate) template = NULL;
  g_autoptr(TjDocScope) data = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  TjReplicaSetup setup = {
    .org_code = "220102", .org_name = "南关区劳动人事争议调解中心", .org_short_name = "长南",
    .level = TJ_ORG_LEVEL_TOWNSHIP, .type = TJ_ORG_CENTRE, .user_name = "张调解",
    .roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR), .desk = 1,
  };
  TjDocOptions options;
  TjDocRenderOptions render = { 0 };
  double t0, cold, sum = 0;
  guint n_subsets;

  g_set_prgname ("bench-doc");
  if (dir == NULL)
    bench_die ("make a temporary folder", g_steal_pointer (&error));
  path = g_build_filename (dir, "replica.sqlite", NULL);
  store = tj_store_open (path, &error);
  if (store == NULL || (cases = tj_case_store_new (store, &error)) == NULL ||
      !tj_case_store_init_replica (cases, &setup, &error))
    bench_die ("set up a replica", g_steal_pointer (&error));
  tj_journal_set_simulated_clock (tj_case_store_get_journal (cases), 1773540000000); /* 2026-03-15 */
  c = make_agreed_case (cases);

  bench_print_source ();
  bench_print_load ("before");
  /* The fonts' subsets: made in the first run on a machine, read from the cache after. */
  t0 = bench_now_s ();
  n_subsets = tj_doc_font_n_subsets ();
  printf ("document fonts: %u subset faces ready in %.2f ms (TJ_DOC_FONT_SUBSETS=0 turns them off)\n",
          n_subsets, (bench_now_s () - t0) * 1000);
  printf ("body font: %s; title: %s; hei: %s; kai: %s\n", tj_doc_font_family (TJ_DOC_FONT_BODY),
          tj_doc_font_family (TJ_DOC_FONT_TITLE), tj_doc_font_family (TJ_DOC_FONT_HEI),
          tj_doc_font_family (TJ_DOC_FONT_KAI));

  tj_doc_options_init (&options);
  t0 = bench_now_s ();
  first = tj_doc_render (cases, "agreement", c->case_no, &options, NULL, &error);
  cold = (bench_now_s () - t0) * 1000;
  if (first == NULL)
    bench_die ("render", g_steal_pointer (&error));
  if (g_getenv ("BENCH_DOC_PDF") != NULL)
    g_file_set_contents (g_getenv ("BENCH_DOC_PDF"), g_bytes_get_data (first, NULL),
                         g_bytes_get_size (first), NULL);
  printf ("agreement of %s: %u pages, %zu bytes\n", c->case_no, count_pages (first),
          g_bytes_get_size (first));
  printf ("first render in the process (fonts loaded)     %8.2f ms\n", cold);

  /* tj_doc_render: template, case data, the PIPL access event, layout, PDF. */
  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      double t;

      t0 = bench_now_s ();
      pdf = tj_doc_render (cases, "agreement", c->case_no, &options, NULL, &error);
      t = (bench_now_s () - t0) * 1000;
      if (pdf == NULL)
        bench_die ("render", g_steal_pointer (&error));
      g_array_append_val (full, t);
      sum += t;
    }
  print_stats ("tj_doc_render agreement (whole)", full);

  /* Layout and PDF alone, from the expanded paragraphs. */
  template = tj_doc_template_load ("agreement", NULL, NULL);
  data = tj_doc_collect (cases, tj_doc_kind_lookup ("agreement", NULL), c->case_no, &options, NULL);
  blocks = tj_doc_template_expand (template, data, NULL);
  for (guint i = 0; i < RUNS; i++)
    {
      g_autoptr(GBytes) pdf = NULL;
      double t;

      t0 = bench_now_s ();
      pdf = tj_doc_render_pdf (blocks, &render, NULL, &error);
      t = (bench_now_s () - t0) * 1000;
      if (pdf == NULL)
        bench_die ("render", g_steal_pointer (&error));
      g_array_append_val (layout, t);
    }
  print_stats ("tj_doc_render_pdf (layout + PDF only)", layout);

  libreoffice_column (cases, c, dir, sum / RUNS);
  bench_print_load ("after");
  g_clear_object (&cases);
  g_clear_object (&store);
  return 0;
}
