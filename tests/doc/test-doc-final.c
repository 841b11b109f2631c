/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <sys/wait.h>
#include <string.h>

#include "doc-util.h"

static GPtrArray *
one_clause (void)
{
  GPtrArray *clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);

  g_ptr_array_add (clauses, doc_clause ("respondent", "applicant", "支付拖欠工资", 1200000,
                                        "2026-04-30", "银行转账"));
  return clauses;
}

/* A final document is recorded with its hash and code, prints the code, and verifies;
 * one changed byte is tampering; a draft is not recorded. */
static void
test_verify (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autofree char *found = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GBytes) pdf = doc_render (r, "agreement", c->case_no, TRUE, &code, &error);
  g_autoptr(GBytes) draft = NULL;
  g_autoptr(GBytes) tampered = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(TjDocVerification) v = NULL;
  g_autoptr(GByteArray) copy = NULL;
  gsize size;
  const guint8 *data;

  g_assert_no_error (error);
  g_assert_nonnull (code);
  g_assert_cmpuint (strlen (code), ==, 19);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM document WHERE kind = 'agreement' "
                                            "AND length (sha256) = 64"), ==, 1);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM event WHERE kind = 'document' "
                                            "AND action = 'render_final'"), ==, 1);
  found = tj_doc_find_code (pdf);
  g_assert_cmpstr (found, ==, code);
  doc = doc_open (pdf);
  text = doc_text (doc);
  g_assert_nonnull (strstr (text, code));

  v = tj_doc_verify (r->cases, pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->verdict, ==, TJ_DOC_VERIFY_RECORDED);
  g_assert_cmpstr (v->code, ==, code);
  g_assert_cmpstr (v->case_no, ==, c->case_no);
  g_assert_cmpstr (v->kind, ==, "agreement");
  g_clear_pointer (&v, tj_doc_verification_free);

  /* One byte of the page content changed. */
  data = g_bytes_get_data (pdf, &size);
  copy = g_byte_array_new ();
  g_byte_array_append (copy, data, size);
  copy->data[size / 3] ^= 0x01;
  tampered = g_byte_array_free_to_bytes (g_steal_pointer (&copy));
  v = tj_doc_verify (r->cases, tampered, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->verdict, ==, TJ_DOC_VERIFY_TAMPERED);
  g_assert_cmpstr (v->code, ==, code);
  g_assert_cmpstr (v->case_no, ==, c->case_no);
  g_assert_cmpstr (v->recorded_sha256, !=, v->sha256);
  g_clear_pointer (&v, tj_doc_verification_free);

  /* A draft carries no code and is not recorded. */
  draft = doc_render (r, "agreement", c->case_no, FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_null (tj_doc_find_code (draft));
  v = tj_doc_verify (r->cases, draft, &error);
  g_assert_cmpint (v->verdict, ==, TJ_DOC_VERIFY_UNKNOWN);
  g_clear_pointer (&v, tj_doc_verification_free);

  /* Two finals of one agreement get two codes. */
  {
    g_autofree char *second = NULL;
    g_autoptr(GBytes) again = doc_render (r, "agreement", c->case_no, TRUE, &second, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (second, !=, code);
    g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM document"), ==, 2);
  }

  /* Not a PDF at all. */
  {
    g_autoptr(GBytes) junk = g_bytes_new_static ("hello", 5);

    g_assert_null (tj_doc_verify (r->cases, junk, &error));
    g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY);
  }
}

/* A monthly report belongs to the organisation; its final is recorded without a case. */
static void
test_month_final (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GBytes) pdf = doc_render (r, "monthly_stats", "2026-03", TRUE, &code, &error);
  g_autoptr(TjDocVerification) v = NULL;

  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM document WHERE case_id IS NULL "
                                            "AND ref = '2026-03' AND org_id IS NOT NULL"), ==, 1);
  v = tj_doc_verify (r->cases, pdf, &error);
  g_assert_cmpint (v->verdict, ==, TJ_DOC_VERIFY_RECORDED);
  g_assert_cmpstr (v->case_no, ==, "2026-03");

  g_assert_null (doc_render (r, "monthly_stats", "2026-13", FALSE, NULL, &error));
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA);
  g_assert_nonnull (strstr (error->message, "YYYY-MM"));
}

/* The statistics of the month, checked against what the test did. */
static void
test_stats (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) agreed = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(TjCase) open = doc_make_case (r, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjDocScope) data = NULL;
  g_autofree char *csv = NULL;
  TjDocOptions options;

  tj_doc_options_init (&options);
  data = tj_doc_collect (r->cases, tj_doc_kind_lookup ("monthly_stats", NULL), "2026-03",
                         &options, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.received"), ==, "2");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.accepted"), ==, "2");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.agreed"), ==, "1");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.pending_end"), ==, "1");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.claimed"), ==, "24,000.00");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.agreed_amount"), ==, "12,000.00");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.success_rate"), ==, "100.0%");
  csv = tj_doc_stats_csv (data);
  g_assert_true (g_str_has_prefix (csv, "section,label,key,value\r\n"));
  g_assert_nonnull (strstr (csv, "total,,claimed,24000.00\r\n"));
  g_assert_nonnull (strstr (csv, "types,劳动报酬,received,2\r\n"));

  /* Another month counts nothing received, and the open case as pending. */
  g_clear_pointer (&data, tj_doc_scope_free);
  data = tj_doc_collect (r->cases, tj_doc_kind_lookup ("monthly_stats", NULL), "2026-04",
                         &options, &error);
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.received"), ==, "0");
  g_assert_cmpstr (tj_doc_scope_get (data, "stats.pending_start"), ==, "1");
}

/* A submitted monthly report is kept as a blob and pushed as a document record, its CSV
 * beside it; the month is locked: its PDF and its CSV again give the submitted bytes even
 * after the figures changed, and a second submission is refused, naming the month and the
 * rule. */
static void
test_month_locked (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(TjCase) later = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL, *sha = NULL, *kept = NULL;
  g_autoptr(GBytes) submitted = doc_render (r, "monthly_stats", "2026-03", TRUE, &code, &error);
  g_autoptr(GBytes) again = NULL, other = NULL, on_disk = NULL;
  g_autoptr(GBytes) csv = NULL, csv_again = NULL, csv_other = NULL;
  g_autoptr(GFile) blob = NULL, csv_blob = NULL;
  g_autofree char *csv_sha = NULL, *csv_kept = NULL;
  TjDocOptions options;
  gboolean locked = FALSE;
  g_autoptr(TjDocRecord) record = NULL;
  gint64 documents;

  g_assert_no_error (error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox WHERE kind = 'document' "
                                            "AND op = 'create'"), ==, 1);
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, submitted);
  blob = tj_case_store_blob_file (r->cases, sha);
  on_disk = g_file_load_bytes (blob, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (on_disk, submitted));
  record = tj_doc_submitted_report (r->cases, NULL, "2026-03", &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->code, ==, code);
  g_assert_cmpstr (record->sha256, ==, sha);
  /* The CSV of the month as it was at the submission, kept beside the PDF and named by
   * the record (and by the document mutation, which is how it syncs). */
  g_assert_nonnull (record->csv_sha256);
  csv_blob = tj_case_store_blob_file (r->cases, record->csv_sha256);
  csv = g_file_load_bytes (csv_blob, NULL, NULL, &error);
  g_assert_no_error (error);
  csv_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csv);
  g_assert_cmpstr (csv_sha, ==, record->csv_sha256);
  g_assert_true (g_str_has_prefix (g_bytes_get_data (csv, NULL), "section,label,key,value\r\n"));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (csv, NULL), g_bytes_get_size (csv),
                                  "total,,received,1\r\n"));
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM outbox WHERE kind = 'document' "
                                            "AND json_extract (fields, '$.csv_sha256') = "
                                            "(SELECT csv_sha256 FROM document)"), ==, 1);
  g_clear_pointer (&record, tj_doc_record_free);
  record = tj_doc_record_lookup (r->cases, code, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (record->ref, ==, "2026-03");
  g_assert_cmpstr (record->csv_sha256, ==, csv_sha);

  /* Another case of March: the figures change, the submitted report does not. */
  later = doc_make_case (r, NULL, NULL, NULL);
  documents = tj_test_count (r->store, "SELECT count(*) FROM document");
  again = doc_render (r, "monthly_stats", "2026-03", FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (again, submitted));
  g_assert_null (doc_render (r, "monthly_stats", "2026-03", TRUE, NULL, &error));
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_LOCKED);
  g_assert_nonnull (strstr (error->message, "2026-03"));
  g_assert_nonnull (strstr (error->message, code));
  g_assert_nonnull (strstr (error->message, "locked"));
  g_clear_error (&error);
  g_assert_cmpint (tj_test_count (r->store, "SELECT count(*) FROM document"), ==, documents);

  /* The CSV too is the submitted one, byte for byte, though March now counts two cases. */
  tj_doc_options_init (&options);
  csv_again = tj_doc_stats_csv_bytes (r->cases, "2026-03", &options, &locked, &error);
  g_assert_no_error (error);
  g_assert_true (locked);
  g_assert_true (g_bytes_equal (csv_again, csv));
  {
    g_autoptr(TjDocScope) now = tj_doc_collect (r->cases,
                                                tj_doc_kind_lookup ("monthly_stats", NULL),
                                                "2026-03", &options, &error);
    g_autofree char *counted = tj_doc_stats_csv (now);

    g_assert_no_error (error);
    g_assert_nonnull (strstr (counted, "total,,received,2\r\n"));
    g_assert_cmpstr (counted, !=, g_bytes_get_data (csv, NULL));
  }

  /* Another month is not locked. */
  other = doc_render (r, "monthly_stats", "2026-04", FALSE, NULL, &error);
  g_assert_no_error (error);
  g_assert_false (g_bytes_equal (other, submitted));
  csv_other = tj_doc_stats_csv_bytes (r->cases, "2026-04", &options, &locked, &error);
  g_assert_no_error (error);
  g_assert_false (locked);
  g_assert_false (g_bytes_equal (csv_other, csv));

  /* The kept CSV was changed behind the replica's back: it is not handed over. */
  csv_kept = g_file_get_path (csv_blob);
  g_assert_true (g_file_set_contents (csv_kept, "section,label,key,value\r\n", -1, NULL));
  g_clear_pointer (&csv_again, g_bytes_unref);
  csv_again = tj_doc_stats_csv_bytes (r->cases, "2026-03", &options, &locked, &error);
  g_assert_null (csv_again);
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY);
  g_assert_nonnull (strstr (error->message, "CSV"));
  g_assert_nonnull (strstr (error->message, code));
  g_clear_error (&error);

  /* The kept PDF was changed behind the replica's back: it is not handed over. */
  kept = g_file_get_path (blob);
  g_assert_true (g_file_set_contents (kept, "%PDF-1.5 forged", -1, NULL));
  g_clear_pointer (&again, g_bytes_unref);
  again = doc_render (r, "monthly_stats", "2026-03", FALSE, NULL, &error);
  g_assert_null (again);
  g_assert_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY);
}

/* The report by region (the organisations below the reporting one) and by industry
 * (GB/T 4754 section), in the CSV and readable in the PDF. */
static void
test_breakdowns (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) agreed = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(TjCase) open = doc_make_case (r, NULL, NULL, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjDocScope) data = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autofree char *csv = NULL, *text = NULL, *region_row = NULL;
  const char *industry[] = { "industry=1310", NULL };
  TjDocOptions options;

  g_assert_true (tj_case_store_set (r->cases, agreed->case_no, industry, NULL, &error));
  g_assert_no_error (error);
  tj_doc_options_init (&options);
  data = tj_doc_collect (r->cases, tj_doc_kind_lookup ("monthly_stats", NULL), "2026-03",
                         &options, &error);
  g_assert_no_error (error);
  csv = tj_doc_stats_csv (data);
  g_assert_nonnull (strstr (csv, "industries,C 制造业,received,1\r\n"));
  g_assert_nonnull (strstr (csv, "industries,C 制造业,agreed,1\r\n"));
  g_assert_nonnull (strstr (csv, "industries,C 制造业,claimed,12000.00\r\n"));
  /* The test cases are of a construction company (4720). */
  g_assert_nonnull (strstr (csv, "industries,E 建筑业,received,1\r\n"));
  region_row = g_strdup_printf ("regions,%s,received,2\r\n", tj_doc_scope_get (data, "stats.org"));
  g_assert_nonnull (strstr (csv, region_row));

  pdf = doc_render (r, "monthly_stats", "2026-03", FALSE, NULL, &error);
  g_assert_no_error (error);
  doc = doc_open (pdf);
  text = doc_text (doc);
  g_assert_nonnull (strstr (text, "按地区"));
  g_assert_nonnull (strstr (text, "按行业"));
  g_assert_nonnull (strstr (text, "C 制造业"));
  g_assert_nonnull (strstr (text, "E 建筑业"));
}

static gboolean
run_cli (const char *db, const char * const *args, char **out, char **err, int *status)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  int wait_status;

  g_ptr_array_add (argv, (char *) g_getenv ("TJ_CLI"));
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) db);
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);
  g_assert_true (g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_DEFAULT, NULL, NULL,
                               out, err, &wait_status, &error));
  g_assert_no_error (error);
  *status = WIFEXITED (wait_status) ? WEXITSTATUS (wait_status) : -1;
  return *status == 0;
}

/* tiaojie-cli doc kinds / render / verify and stats report. */
static void
test_cli (void)
{
  g_autoptr(TjTestReplica) r = NULL;
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) c = NULL;
  g_autofree char *pdf = NULL, *csv = NULL, *out = NULL, *err = NULL, *bytes = NULL;
  gsize length;
  int status;

  if (g_getenv ("TJ_CLI") == NULL)
    {
      g_test_skip ("TJ_CLI is not set");
      return;
    }
  r = tj_test_replica_new ();
  c = doc_make_case (r, NULL, clauses, "2026-03-09");
  pdf = g_build_filename (r->dir, "agreement.pdf", NULL);
  csv = g_build_filename (r->dir, "stats.csv", NULL);
  /* The CLI opens the replica itself. */
  g_clear_object (&r->cases);
  g_clear_object (&r->store);
  g_setenv ("TJ_NOW", "2026-03-20T10:00:00+08:00", TRUE);

  g_assert_true (run_cli (r->path, (const char *[]) { "doc", "kinds", NULL }, &out, &err, &status));
  g_assert_nonnull (strstr (out, "agreement"));
  g_assert_nonnull (strstr (out, "monthly_stats"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (run_cli (r->path, (const char *[]) { "doc", "lint", c->case_no, NULL },
                          &out, &err, &status));
  g_assert_nonnull (strstr (out, "may be made final"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (run_cli (r->path, (const char *[]) { "doc", "render", c->case_no, "agreement",
                                                      "--final", "-o", pdf, NULL },
                          &out, &err, &status));
  g_assert_nonnull (strstr (err, "verification code"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (run_cli (r->path, (const char *[]) { "doc", "verify", pdf, NULL }, &out, &err, &status));
  g_assert_true (g_str_has_prefix (out, "recorded:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_true (run_cli (r->path, (const char *[]) { "--json", "doc", "verify", pdf, NULL }, &out, &err,
                          &status));
  g_assert_nonnull (strstr (out, "\"verdict\""));
  g_assert_nonnull (strstr (out, "\"recorded\""));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (g_file_get_contents (pdf, &bytes, &length, NULL));
  bytes[length / 2] ^= 0x01;
  g_assert_true (g_file_set_contents (pdf, bytes, length, NULL));
  g_assert_false (run_cli (r->path, (const char *[]) { "doc", "verify", pdf, NULL }, &out, &err, &status));
  g_assert_cmpint (status, ==, 1);
  g_assert_true (g_str_has_prefix (err, "tampered:"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_false (run_cli (r->path, (const char *[]) { "doc", "render", c->case_no, "payslip",
                                                       "-o", pdf, NULL }, &out, &err, &status));
  g_assert_cmpint (status, ==, 1);
  g_assert_nonnull (strstr (err, "payslip"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_true (run_cli (r->path, (const char *[]) { "stats", "report", "--org", "南关区劳动人事争议调解中心",
                                                      "--month", "2026-03", "--csv", csv,
                                                      "--pdf", pdf, NULL }, &out, &err, &status));
  g_clear_pointer (&bytes, g_free);
  g_assert_true (g_file_get_contents (csv, &bytes, NULL, NULL));
  g_assert_nonnull (strstr (bytes, "total,,received,1\r\n"));
  g_clear_pointer (&out, g_free);
  g_clear_pointer (&err, g_free);

  g_assert_false (run_cli (r->path, (const char *[]) { "stats", "report", "--org", "没有这个组织",
                                                       "--month", "2026-03", "--csv", csv, NULL },
                           &out, &err, &status));
  g_assert_nonnull (strstr (err, "没有这个组织"));
  g_unsetenv ("TJ_NOW");
}

static void
on_rendered_cb (GObject *source, GAsyncResult *result, gpointer user_data)
{
  GAsyncResult **out = user_data;

  *out = g_object_ref (result);
}

/* The worker renders from its own connection; a final one is recorded in the same
 * replica, so the caller's connection verifies it. */
static void
test_async (void)
{
  g_autoptr(TjTestReplica) r = tj_test_replica_new ();
  g_autoptr(GPtrArray) clauses = one_clause ();
  g_autoptr(TjCase) c = doc_make_case (r, NULL, clauses, "2026-03-09");
  g_autoptr(GAsyncResult) result = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(TjDocVerification) v = NULL;
  g_autofree char *code = NULL;
  TjDocOptions options;

  tj_doc_options_init (&options);
  options.final = TRUE;
  /* The worker's store has no simulated clock: the real date, after the case's. */
  tj_doc_render_async (r->cases, "agreement", c->case_no, &options, NULL, on_rendered_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  pdf = tj_doc_render_finish (r->cases, result, &code, &error);
  g_assert_no_error (error);
  g_assert_nonnull (code);
  v = tj_doc_verify (r->cases, pdf, &error);
  g_assert_no_error (error);
  g_assert_cmpint (v->verdict, ==, TJ_DOC_VERIFY_RECORDED);
  g_assert_cmpstr (v->code, ==, code);
  g_clear_object (&result);

  /* Errors come back the same way. */
  tj_doc_render_async (r->cases, "agreement", "没有这个案件", &options, NULL, on_rendered_cb, &result);
  while (result == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_null (tj_doc_render_finish (r->cases, result, NULL, &error));
  g_assert_nonnull (error);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/doc/final/verify", test_verify);
  g_test_add_func ("/doc/final/month", test_month_final);
  g_test_add_func ("/doc/final/stats", test_stats);
  g_test_add_func ("/doc/final/month-locked", test_month_locked);
  g_test_add_func ("/doc/final/breakdowns", test_breakdowns);
  g_test_add_func ("/doc/final/cli", test_cli);
  g_test_add_func ("/doc/final/async", test_async);
  return g_test_run ();
}
