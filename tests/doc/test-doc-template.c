/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "doc-util.h"
#include "tj-doc-template.h"

static void
assert_template_error (const char *text, const char *where, const char *what)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjDocTemplate) t = tj_doc_template_parse (text, -1, "prov/agreement.tjt", &error);

  g_assert_null (t);
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_TEMPLATE);
  if (strstr (error->message, where) == NULL || strstr (error->message, what) == NULL)
    g_error ("“%s” does not name %s and %s", error->message, where, what);
}

/* Mistakes a provincial administrator can make, each named with its file and line. */
static void
test_errors (void)
{
  assert_template_error ("@kind agreement\n[para] 甲\n[para] {{party.nmae}}\n",
                         "prov/agreement.tjt:3:", "party.nmae");
  assert_template_error ("@kind agreement\n[each applicants]\n[para] {{party.nmae}}\n[end]\n",
                         "prov/agreement.tjt:3:", "nmae");
  assert_template_error ("@kind agreement\n[para] {{case.number\n", ":2:", "}}");
  assert_template_error ("@kind agreement\n# x\n[paragraph] 甲\n", ":3:", "[paragraph]");
  assert_template_error ("@kind agreement\n[each applicants]\n[para] 甲\n", ":2:", "[end]");
  assert_template_error ("@kind agreement\n[end]\n", ":2:", "[end]");
  assert_template_error ("@kind agreement\n[each claimz]\n[end]\n", ":2:", "claimz");
  assert_template_error ("@kind agreement\n[row] a | b\n", ":2:", "[table]");
  assert_template_error ("@kind agreement\n[table 1 2]\n[row] a\n[end]\n", ":3:", "1");
  assert_template_error ("@kind agreement\n[if nothing.here]\n[end]\n", ":2:", "nothing.here");
  assert_template_error ("@kind agreement\n@page-numbers roman\n", ":2:", "roman");
  assert_template_error ("[para] 甲\n", ":1:", "@kind");
  assert_template_error ("@kind agreement\n甲乙丙\n", ":2:", "[para]");
  /* A continued line is reported at its first line. */
  assert_template_error ("@kind agreement\n[para] 甲\\\n  {{x.y}}\n", ":2:", "x.y");
}

/* Any template cut short or missing a line either loads or fails with a template error
 * naming a line: the loader never crashes or half-loads on a province's edit. */
static void
test_mutations (void)
{
  guint n;
  const TjDocKind *kinds = tj_doc_kinds (&n);

  for (guint k = 0; k < n; k++)
    {
      g_autofree char *resource = g_strdup_printf ("/io/github/tiaojie/Tiaojie/core/documents/%s.tjt",
                                                   kinds[k].key);
      g_autoptr(GBytes) bytes = g_resources_lookup_data (resource, 0, NULL);
      g_auto(GStrv) lines = g_strsplit (g_bytes_get_data (bytes, NULL), "\n", -1);
      guint n_lines = g_strv_length (lines);
      guint failed = 0;

      for (guint drop = 0; drop < n_lines; drop++)
        for (guint cut = 0; cut < 2; cut++)
          {
            GString *text = g_string_new (NULL);
            g_autoptr(GError) error = NULL;
            g_autoptr(TjDocTemplate) t = NULL;

            /* cut 0: without line `drop`; cut 1: only the lines before it. */
            for (guint i = 0; i < (cut ? drop : n_lines); i++)
              if (i != drop)
                g_string_append_printf (text, "%s\n", lines[i]);
            t = tj_doc_template_parse (text->str, text->len, "m.tjt", &error);
            if (t == NULL)
              {
                g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_TEMPLATE);
                g_assert_true (g_str_has_prefix (error->message, "m.tjt:"));
                failed++;
              }
            g_string_free (text, TRUE);
          }
      /* Dropping an [each] or [end] must be caught somewhere in every template. */
      g_assert_cmpuint (failed, >, 0);
    }
}

static void
test_expand (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjDocTemplate) t = tj_doc_template_parse (
    "@kind agreement\n"
    "[title] {{case.number}}\n"
    "[each applicants]\n"
    "[if party.is_org]\n[plain] 单位{{party.index}}：{{party.name}}\n[else]\n"
    "[plain] 个人{{party.index_cn}}：{{party.name}}\n[end]\n"
    "[end]\n"
    "[if not clauses]\n[para] 无条款\n[end]\n"
    "[table 1 1]\n[each applicants]\n[row] {{party.name}} | {{case.number}}\n[end]\n[end]\n",
    -1, "t.tjt", &error);
  g_autoptr(TjDocScope) data = tj_doc_scope_new ();
  g_autoptr(GPtrArray) blocks = NULL;
  TjDocScope *item;

  g_assert_no_error (error);
  tj_doc_scope_set (data, "case.number", "长南劳人调〔2026〕1号");
  item = tj_doc_scope_add_item (data, "applicants");
  tj_doc_scope_set (item, "name", "王䶮");
  item = tj_doc_scope_add_item (data, "applicants");
  tj_doc_scope_set (item, "name", "某公司");
  tj_doc_scope_set (item, "is_org", "1");
  blocks = tj_doc_template_expand (t, data, NULL);
  g_assert_cmpuint (blocks->len, ==, 6);
  g_assert_cmpstr (((TjDocBlock *) blocks->pdata[0])->text, ==, "长南劳人调〔2026〕1号");
  g_assert_cmpstr (((TjDocBlock *) blocks->pdata[1])->text, ==, "个人一：王䶮");
  g_assert_cmpstr (((TjDocBlock *) blocks->pdata[2])->text, ==, "单位2：某公司");
  g_assert_cmpstr (((TjDocBlock *) blocks->pdata[3])->text, ==, "无条款");
  g_assert_cmpint (((TjDocBlock *) blocks->pdata[4])->kind, ==, TJ_DOC_BLOCK_ROW);
  g_assert_cmpstr (((TjDocBlock *) blocks->pdata[5])->cells[0], ==, "某公司");
  g_assert_cmpstr (((TjDocBlock *) blocks->pdata[5])->cells[1], ==, "长南劳人调〔2026〕1号");
}

/* Every built-in template loads (the resource) and is checked like an override. */
static void
test_builtin (void)
{
  guint n;
  const TjDocKind *kinds = tj_doc_kinds (&n);

  g_assert_cmpuint (n, ==, 10);
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(TjDocTemplate) t = tj_doc_template_load (kinds[i].key, NULL, &error);

      g_assert_no_error (error);
      g_assert_cmpstr (tj_doc_template_get_kind (t), ==, kinds[i].key);
      g_assert_true (g_str_has_prefix (tj_doc_template_get_source (t), "resource://"));
    }
}

/* A province's folder wins over the built-in template, through the API and through
 * TJ_DOCUMENTS_DIR; a broken override is an error, never silently replaced. */
static void
test_override (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(TjCase) c = doc_make_case (r, NULL, NULL, NULL);
  g_autofree char *dir = g_build_filename (r->dir, "province", NULL);
  g_autofree char *path = g_build_filename (dir, "acceptance.tjt", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *text = NULL;
  TjDocOptions options;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "@format 1\n@kind acceptance\n"
                                            "[title] 吉林省受理通知书\n"
                                            "[para] 案号{{case.number}}，申请人{{applicant.name}}。\n",
                                      -1, NULL));
  tj_doc_options_init (&options);
  options.template_dir = dir;
  pdf = tj_doc_render (r->cases, "acceptance", c->case_no, &options, NULL, &error);
  g_assert_no_error (error);
  doc = doc_open (pdf);
  text = doc_text (doc);
  g_assert_nonnull (strstr (text, "吉林省受理通知书"));
  g_assert_nonnull (strstr (text, "申请人张三"));
  g_assert_null (strstr (text, "送达回证"));
  g_clear_pointer (&pdf, g_bytes_unref);

  g_assert_true (g_file_set_contents (path, "@kind acceptance\n[title] 通知\n\n"
                                            "[para] {{case.nubmer}}\n", -1, NULL));
  g_setenv ("TJ_DOCUMENTS_DIR", dir, TRUE);
  pdf = doc_render (r, "acceptance", c->case_no, FALSE, NULL, &error);
  g_unsetenv ("TJ_DOCUMENTS_DIR");
  g_assert_null (pdf);
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_TEMPLATE);
  g_assert_nonnull (strstr (error->message, "acceptance.tjt:4:"));
  g_assert_nonnull (strstr (error->message, "case.nubmer"));
  g_unlink (path);
  g_rmdir (dir);
}

static void
test_formats (void)
{
  g_autofree char *a = tj_doc_format_date ("2026-03-05", TJ_DOC_DATE_ARABIC);
  g_autofree char *b = tj_doc_format_date ("2026-03-05", TJ_DOC_DATE_CHINESE);
  g_autofree char *d = tj_doc_format_date ("2030-12-31", TJ_DOC_DATE_CHINESE);
  g_autofree char *e = tj_doc_format_date ("2026-10-20", TJ_DOC_DATE_CHINESE);
  g_autofree char *m = tj_doc_format_amount (1234567);
  g_autofree char *n21 = tj_doc_number_cn (21);
  g_autofree char *n10 = tj_doc_number_cn (10);

  g_assert_cmpstr (a, ==, "2026年3月5日");
  /* 〇 is U+3007, never the letter O or the digit 0. */
  g_assert_cmpstr (b, ==, "二\u3007二六年三月五日");
  g_assert_cmpstr (d, ==, "二\u3007三\u3007年十二月三十一日");
  g_assert_cmpstr (e, ==, "二\u3007二六年十月二十日");
  g_assert_cmpstr (m, ==, "12,345.67元（人民币壹万贰仟叁佰肆拾伍元陆角柒分）");
  g_assert_cmpstr (n21, ==, "二十一");
  g_assert_cmpstr (n10, ==, "十");
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc/template/errors", test_errors);
  g_test_add_func ("/doc/template/expand", test_expand);
  g_test_add_func ("/doc/template/mutations", test_mutations);
  g_test_add_func ("/doc/template/builtin", test_builtin);
  g_test_add_func ("/doc/template/override", test_override);
  g_test_add_func ("/doc/template/formats", test_formats);
  return g_test_run ();
}
