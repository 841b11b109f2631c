/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "tj-case-documents.h"
#include "tj-pdf-document.h"
#include "tj-replica-link.h"
#include "tj-review-pane.h"
#include "ui-util.h"

/* The review of a final agreement on a supervisor's replica that has only the document
 * record, not the PDF: the real server (TJ_SERVER) on loopback, a centre's replica
 * driven by tiaojie-cli (TJ_CLI) that issues three final agreements and submits them,
 * the county supervisor's replica synced by the CLI and opened in the application. The
 * review pane fetches the recorded PDF from the server off the main thread and shows it;
 * bytes the server holds that are not the recorded ones are not shown, nor is anything
 * when the server cannot be reached; each says why. */

#define PASSWORD "tiaojie-demo"

#define WAIT_UNTIL(cond)                                        \
  G_STMT_START {                                                \
    for (guint _i = 0; !(cond) && _i < 3000; _i++)              \
      pump (10);                                                \
    g_assert_true (cond);                                       \
  } G_STMT_END

typedef struct {
  char *dir;
  char *password_file;
  char *url;
} World;

/* tiaojie-cli --db DIR/DB [--json] ARGS…; its standard output. */
static char *
cli (World *w, const char *db, gboolean json, const char *first, ...) G_GNUC_NULL_TERMINATED;

static char *
cli (World *w, const char *db, gboolean json, const char *first, ...)
{
  g_autoptr(GPtrArray) argv = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *err = NULL;
  char *out = NULL;
  va_list ap;

  g_ptr_array_add (argv, g_strdup (g_getenv ("TJ_CLI")));
  g_ptr_array_add (argv, g_strdup ("--db"));
  g_ptr_array_add (argv, g_build_filename (w->dir, db, NULL));
  if (json)
    g_ptr_array_add (argv, g_strdup ("--json"));
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (argv, g_strdup (a));
  va_end (ap);
  g_ptr_array_add (argv, NULL);
  g_subprocess_launcher_setenv (launcher, "LC_ALL", "C.UTF-8", TRUE);
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_assert_true (g_subprocess_communicate_utf8 (proc, NULL, NULL, &out, &err, &error));
  g_assert_no_error (error);
  if (g_subprocess_get_exit_status (proc) != 0)
    g_error ("tiaojie-cli %s: %s", first, err);
  return out;
}

/* A date `days` from today, YYYY-MM-DD. */
static char *
day (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A case of the centre, agreed, its agreement issued final, submitted for review.
 * Returns its id; *code the final agreement's verification code. */
static char *
submitted_case (World *w, const char *applicant, char **code)
{
  g_autofree char *received = day (-3), *due = day (30), *clause = NULL, *out = NULL;
  g_autofree char *pdf = g_build_filename (w->dir, "final.pdf", NULL);
  g_autoptr(JsonNode) node = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  const char *case_no;

  out = cli (w, "centre.sqlite", TRUE, "case", "new", "--received", received, "--type", "wages",
             "--applicant", applicant, "--applicant-id", "11010119900307002X",
             "--applicant-address", "北京市东城区东四北大街1号",
             "--respondent", "长春宏达建筑工程有限公司",
             "--respondent-address", "长春市南关区人民大街1号",
             "--respondent-legal-rep", "王五", "--claim", "wages:12000",
             "--facts", "拖欠三个月工资", NULL);
  node = json_from_string (out, &error);
  g_assert_no_error (error);
  case_no = json_object_get_string_member (json_node_get_object (node), "case_no");
  id = g_strdup (json_object_get_string_member (json_node_get_object (node), "id"));
  g_free (cli (w, "centre.sqlite", FALSE, "case", "set", case_no, "respondent.id_type=uscc",
               "respondent.id_number=91110101MA0000015M", NULL));
  g_free (cli (w, "centre.sqlite", FALSE, "case", "do", case_no, "accept", "--consent", NULL));
  g_free (cli (w, "centre.sqlite", FALSE, "case", "do", case_no, "assign", "--mediator", "王调解",
               NULL));
  clause = g_strdup_printf ("respondent>applicant|支付拖欠工资|12000|%s|银行转账", due);
  g_free (cli (w, "centre.sqlite", FALSE, "case", "do", case_no, "agree", "--clause", clause,
               NULL));
  g_free (cli (w, "centre.sqlite", FALSE, "doc", "render", case_no, "agreement", "--final", "-o",
               pdf, NULL));
  g_free (cli (w, "centre.sqlite", FALSE, "case", "do", case_no, "submit_review", NULL));
  {
    g_autofree char *shown = cli (w, "centre.sqlite", TRUE, "doc", "verify", pdf, NULL);
    g_autoptr(JsonNode) v = json_from_string (shown, &error);

    g_assert_no_error (error);
    *code = g_strdup (json_object_get_string_member (json_node_get_object (v), "code"));
  }
  g_assert_nonnull (*code);
  return g_steal_pointer (&id);
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        remove_tree (child);
      else
        g_remove (child);
    }
  g_rmdir (path);
}

static TjDocRecord *
final_of (TjCaseStore *cases, const char *code)
{
  g_autoptr(GError) error = NULL;
  TjDocRecord *record = tj_doc_record_lookup (cases, code, &error);

  g_assert_no_error (error);
  return record;
}

/* Open the case from the review list; its pane once it has settled. */
static TjReviewPane *
review (GtkWidget *window, const char *id)
{
  GtkWidget *page = open_from_review (window, id);
  TjReviewPane *pane;

  g_assert_nonnull (page);
  pane = TJ_REVIEW_PANE (find_widget (page, TJ_TYPE_REVIEW_PANE, NULL));
  g_assert_true (gtk_widget_get_mapped (GTK_WIDGET (pane)));
  WAIT_UNTIL (!tj_review_pane_is_busy (pane));
  return pane;
}

static void
test_fetches_final (void)
{
  World world = { 0 }, *w = &world;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *data = NULL, *supervisor = NULL, *token_path = NULL;
  g_autofree char *good = NULL, *forged = NULL, *away = NULL;
  g_autofree char *good_code = NULL, *forged_code = NULL, *away_code = NULL;
  g_autoptr(TjDocRecord) good_final = NULL, forged_final = NULL, away_final = NULL;
  TjCaseStore *cases;
  TjReviewPane *pane;
  TjPdfView *view;
  GtkWidget *window, *label;

  if (g_getenv ("TJ_SERVER") == NULL || g_getenv ("TJ_CLI") == NULL)
    {
      g_test_skip ("TJ_SERVER or TJ_CLI names no program");
      return;
    }
  server = start_server (&w->url, &data);
  w->dir = g_dir_make_tmp ("tj-ui-review-XXXXXX", &error);
  g_assert_no_error (error);
  w->password_file = g_build_filename (w->dir, "password", NULL);
  g_assert_true (g_file_set_contents (w->password_file, PASSWORD "\n", -1, NULL));

  /* The centre issues three finals, submits them and syncs: records and bytes go up. */
  g_free (cli (w, "centre.sqlite", FALSE, "init", "--server", w->url, "--login", "head",
               "--password-file", w->password_file, "--desk", "1", NULL));
  g_free (cli (w, "centre.sqlite", FALSE, "roster", "add", "--name", "王调解", NULL));
  good = submitted_case (w, "赵云", &good_code);
  forged = submitted_case (w, "龚喆", &forged_code);
  away = submitted_case (w, "李堃", &away_code);
  g_free (cli (w, "centre.sqlite", FALSE, "sync", "--user", "head", "--password-file",
               w->password_file, NULL));

  /* The county supervisor's replica: the cases and the document records, no PDFs; the
   * token is kept beside the file, as the application keeps it. */
  supervisor = g_build_filename (w->dir, "county.sqlite", NULL);
  token_path = g_strconcat (supervisor, ".token", NULL);
  g_free (cli (w, "county.sqlite", FALSE, "init", "--server", w->url, "--login", "supervisor",
               "--password-file", w->password_file, "--desk", "1", NULL));
  g_free (cli (w, "county.sqlite", FALSE, "sync", "--user", "supervisor", "--password-file",
               w->password_file, "--save-token", token_path, NULL));
  g_assert_true (tj_application_open_replica (app, supervisor, &error));
  g_assert_no_error (error);
  cases = tj_application_get_case_store (app);
  good_final = final_of (cases, good_code);
  forged_final = final_of (cases, forged_code);
  away_final = final_of (cases, away_code);
  {
    g_autoptr(GFile) blob = tj_case_store_blob_file (cases, good_final->sha256);
    g_assert_false (g_file_query_exists (blob, NULL));
  }

  /* The server's copy of one of them is not what was recorded. */
  {
    char prefix[3] = { forged_final->sha256[0], forged_final->sha256[1], '\0' };
    g_autofree char *stored = g_build_filename (data, "blobs", prefix, forged_final->sha256,
                                                NULL);

    g_assert_true (g_file_test (stored, G_FILE_TEST_EXISTS));
    g_assert_true (g_file_set_contents (stored, "%PDF-1.5\n% not the agreement\n", -1, NULL));
  }

  window = GTK_WIDGET (tj_window_new (app));
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  pump (300);

  /* Fetched, checked against the record, shown, and kept for next time. */
  pane = review (window, good);
  g_assert_null (find_error_label (GTK_WIDGET (pane)));
  g_assert_true (tj_review_pane_get_final (pane));
  view = tj_review_pane_get_view (pane);
  WAIT_UNTIL (tj_pdf_view_get_n_pages (view) > 0 && !tj_pdf_view_is_busy (view));
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (view)));
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256,
                                                         tj_pdf_document_get_bytes (tj_pdf_view_get_document (view)));
    g_autoptr(GFile) blob = tj_case_store_blob_file (cases, good_final->sha256);

    g_assert_cmpstr (sha, ==, good_final->sha256);
    g_assert_true (g_file_query_exists (blob, NULL));
  }
  save_png (window, "screenshot-review-fetched.png");

  /* The server's bytes are not the recorded ones: nothing is shown, and it says so. */
  pane = review (window, forged);
  g_assert_false (tj_review_pane_get_final (pane));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tj_review_pane_get_view (pane))));
  label = find_error_label (GTK_WIDGET (pane));
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), forged_code));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "不是登记的文件"));
  {
    g_autoptr(GFile) blob = tj_case_store_blob_file (cases, forged_final->sha256);
    g_assert_false (g_file_query_exists (blob, NULL));
  }

  /* The server is gone: nothing is shown, and the pane says it could not fetch it. */
  g_subprocess_force_exit (server);
  g_assert_true (g_subprocess_wait (server, NULL, NULL));
  pane = review (window, away);
  g_assert_false (tj_review_pane_get_final (pane));
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (tj_review_pane_get_view (pane))));
  label = find_error_label (GTK_WIDGET (pane));
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), away_code));
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "无法从服务器获取"));
  save_png (window, "screenshot-review-offline.png");

  /* Back to the first: this replica keeps it now, with no server. */
  pane = review (window, good);
  g_assert_true (tj_review_pane_get_final (pane));
  g_assert_null (find_error_label (GTK_WIDGET (pane)));

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  remove_tree (w->dir);
  g_free (w->dir);
  g_free (w->password_file);
  g_free (w->url);
}

int
main (int argc, char **argv)
{
  int status;

  ui_init (&argc, &argv);
  g_test_add_func ("/review/fetches-final", test_fetches_final);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
