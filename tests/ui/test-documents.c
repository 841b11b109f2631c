/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <poppler.h>

#include "tj-action-dialog.h"
#include "tj-case-documents.h"
#include "tj-case-page.h"
#include "tj-cases-view.h"
#include "tj-documents-section.h"
#include "tj-pdf-page.h"
#include "tj-pdf-print.h"
#include "tj-preview-window.h"
#include "tj-review-pane.h"
#include "tj-uuid.h"
#include "test-util.h"
#include "ui-util.h"

/*
 * The display suite's documents: a case page's Documents, the preview (pages, find,
 * zoom, Save As, printing), the agreement lint in the page, the submission for review
 * with its joint application, and a supervisor's decision beside the agreement. The
 * preview and the review layout are saved as PNGs to TJ_SCREENSHOT_DIR.
 */

G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define WAIT_UNTIL(cond)                                        \
  G_STMT_START {                                                \
    for (guint _i = 0; !(cond) && _i < 2000; _i++)              \
      pump (10);                                                \
    g_assert_true (cond);                                       \
  } G_STMT_END

/* An accepted, assigned case of the replica, agreed today on one clause due in a month;
 * `method` NULL leaves out how it is paid, which the lint refuses. Returns its id. */
static char *
agreed_case (const char *method)
{
  g_autoptr(GError) error = NULL;
  TjCaseStore *cases = tj_application_get_case_store (app);
  g_autofree char *today = tj_case_store_today (cases);
  g_autoptr(TjCase) c = tj_test_make_case (today);
  g_autoptr(GPtrArray) clauses = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_clause_free);
  TjActionArgs args = { .paid = -1, .consent = TRUE, .mediator = "张调解" };
  TjClause *cl = tj_clause_new ();
  GDate due;
  char due_text[16];

  g_assert_true (tj_case_store_create (cases, c, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tj_case_store_do (cases, c->case_no, TJ_ACTION_ACCEPT, &args, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tj_case_store_do (cases, c->case_no, TJ_ACTION_ASSIGN, &args, NULL, &error));
  g_assert_no_error (error);
  g_date_clear (&due, 1);
  g_date_set_parse (&due, today);
  g_date_add_days (&due, 30);
  g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", &due);
  cl->payer = g_strdup ("respondent");
  cl->payee = g_strdup ("applicant");
  cl->what = g_strdup ("支付拖欠工资");
  cl->amount = 800000;
  cl->due = g_strdup (due_text);
  cl->method = g_strdup (method);
  g_ptr_array_add (clauses, cl);
  args.clauses = clauses;
  g_assert_true (tj_case_store_do (cases, c->case_no, TJ_ACTION_AGREE, &args, NULL, &error));
  g_assert_no_error (error);
  return tj_uuid_dup_string (&c->id);
}

static GtkWidget *
open_case (TjWindow *window, const char *id)
{
  GtkWidget *page;

  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "s", id);
  pump (100);
  page = find_widget (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  return page;
}

/* The preview that a click opened, once its pages are drawn. */
static TjPreviewWindow *
wait_for_preview (void)
{
  TjPreviewWindow *preview;
  TjPdfView *view;

  WAIT_UNTIL (find_toplevel (TJ_TYPE_PREVIEW_WINDOW) != NULL);
  preview = TJ_PREVIEW_WINDOW (find_toplevel (TJ_TYPE_PREVIEW_WINDOW));
  view = tj_preview_window_get_view (preview);
  WAIT_UNTIL (tj_pdf_view_get_n_pages (view) > 0 && !tj_pdf_view_is_busy (view));
  pump (100);
  return preview;
}

static void
close_previews (void)
{
  GtkWidget *w;

  while ((w = find_toplevel (TJ_TYPE_PREVIEW_WINDOW)) != NULL)
    gtk_window_destroy (GTK_WINDOW (w));
  pump (50);
}

static PopplerDocument *
poppler_of (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

static guint
count_text (PopplerDocument *doc, const char *text)
{
  guint n = 0;

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      GList *found = poppler_page_find_text (page, text);

      n += g_list_length (found);
      g_list_free_full (found, (GDestroyNotify) poppler_rectangle_free);
    }
  return n;
}

/* What the page shows under a match's highlight. */
static char *
text_under (PopplerDocument *doc, const TjPdfMatch *m)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (doc, (int) m->page);
  PopplerRectangle area = { m->x, m->y, m->x + m->width, m->y + m->height };

  return poppler_page_get_text_for_area (page, &area);
}

static const char *
label_text (GtkWidget *root, const char *name)
{
  GtkWidget *label = find_widget (root, GTK_TYPE_LABEL, name);

  g_assert_nonnull (label);
  return gtk_label_get_text (GTK_LABEL (label));
}

static int
first_page_width (TjPdfView *view)
{
  GtkWidget *page = find_widget (GTK_WIDGET (view), TJ_TYPE_PDF_PAGE, NULL);

  g_assert_nonnull (page);
  return gtk_widget_get_width (page);
}

/* Save As as a person does it: the chooser opens with a name proposed, a file is picked,
 * the chooser answers. */
static void
save_through_chooser (TjPreviewWindow *preview, const char *path)
{
  GtkWidget *chooser, *entry;

  gtk_widget_activate_action (GTK_WIDGET (preview), "preview.save-as", NULL);
  WAIT_UNTIL (find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG) != NULL);
  chooser = find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  /* The name proposed is the case's and the document's. */
  g_assert_true (g_str_has_suffix (gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser)),
                                   ".pdf"));
  /* A whole path typed where the name is. */
  entry = find_widget (chooser, GTK_TYPE_ENTRY, NULL);
  g_assert_nonnull (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), path);
  pump (300);
  gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
  pump (50);
}

static void
test_preview (void)
{
  g_autofree char *path = new_replica ("preview.sqlite");
  TjWindow *window = open_window (path, 0);
  g_autofree char *id = agreed_case ("银行转账");
  g_autofree char *dir = g_dir_make_tmp ("tj-ui-save-XXXXXX", NULL);
  g_autofree char *saved = g_build_filename (dir, "saved.pdf", NULL);
  g_autofree char *printed = g_build_filename (dir, "printed.pdf", NULL);
  g_autofree char *expected = NULL;
  g_autofree char *under = NULL;
  g_autoptr(PopplerDocument) doc = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  TjPreviewWindow *preview;
  TjPdfView *view;
  TjPdfMatch first, second;
  guint n_pages, n_found;
  int width;
  double zoom;

  page = open_case (window, id);
  /* An agreed case: its application, acceptance, agreement and the joint application
   * for review; nothing of a rejected or ended case. */
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "preview-application-0"));
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "preview-acceptance-0"));
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "final-agreement-0"));
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "preview-review_application-0"));
  g_assert_null (find_widget (page, GTK_TYPE_BUTTON, "preview-rejection-0"));
  g_assert_null (find_widget (page, GTK_TYPE_BUTTON, "preview-termination-0"));

  click (page, "preview-agreement-0");
  preview = wait_for_preview ();
  view = tj_preview_window_get_view (preview);
  doc = poppler_of (tj_pdf_document_get_bytes (tj_pdf_view_get_document (view)));
  n_pages = (guint) poppler_document_get_n_pages (doc);
  g_assert_cmpuint (tj_pdf_view_get_n_pages (view), ==, n_pages);
  expected = g_strdup_printf (_("Page %u of %u"), 1, n_pages);
  g_assert_cmpstr (label_text (GTK_WIDGET (view), "page-label"), ==, expected);
  /* A draft says it is one. */
  g_assert_cmpstr (label_text (GTK_WIDGET (preview), "status-label"), ==,
                   _("Draft for reading and checking: it is not recorded and carries no "
                     "verification code."));

  /* Page by page. */
  if (n_pages > 1)
    {
      g_autofree char *second_page = g_strdup_printf (_("Page %u of %u"), 2, n_pages);

      gtk_widget_activate_action (GTK_WIDGET (view), "pdf.next-page", NULL);
      pump (100);
      g_assert_cmpuint (tj_pdf_view_get_page (view), ==, 1);
      g_assert_cmpstr (label_text (GTK_WIDGET (view), "page-label"), ==, second_page);
      gtk_widget_activate_action (GTK_WIDGET (view), "pdf.previous-page", NULL);
      pump (100);
      g_assert_cmpstr (label_text (GTK_WIDGET (view), "page-label"), ==, expected);
    }

  /* Find the applicant's name: every place Poppler knows, highlighted over the name. */
  n_found = count_text (doc, "张三");
  g_assert_cmpuint (n_found, >=, 2);
  gtk_widget_activate_action (GTK_WIDGET (view), "pdf.find", NULL);
  gtk_editable_set_text (GTK_EDITABLE (find_widget (GTK_WIDGET (view), GTK_TYPE_SEARCH_ENTRY,
                                                    NULL)), "张三");
  WAIT_UNTIL (tj_pdf_view_get_n_matches (view) > 0 && !tj_pdf_view_is_busy (view));
  g_assert_cmpuint (tj_pdf_view_get_n_matches (view), ==, n_found);
  g_assert_cmpint (tj_pdf_view_get_current_match (view, &first), ==, 0);
  under = text_under (doc, &first);
  g_assert_nonnull (strstr (under, "张三"));
  g_clear_pointer (&under, g_free);
  {
    g_autofree char *one = g_strdup_printf (_("%d of %u"), 1, n_found);
    g_assert_cmpstr (label_text (GTK_WIDGET (view), "match-label"), ==, one);
  }
  /* The next match moves the highlight. */
  gtk_widget_activate_action (GTK_WIDGET (view), "pdf.find-next", NULL);
  pump (50);
  g_assert_cmpint (tj_pdf_view_get_current_match (view, &second), ==, 1);
  g_assert_true (second.page != first.page || second.y != first.y || second.x != first.x);
  under = text_under (doc, &second);
  g_assert_nonnull (strstr (under, "张三"));
  save_png (GTK_WIDGET (preview), "screenshot-preview.png");

  /* Zoom: the sheet and its texture grow and shrink. */
  width = first_page_width (view);
  zoom = tj_pdf_view_get_zoom (view);
  gtk_widget_activate_action (GTK_WIDGET (view), "pdf.zoom-in", NULL);
  WAIT_UNTIL (!tj_pdf_view_is_busy (view));
  pump (100);
  g_assert_cmpfloat (tj_pdf_view_get_zoom (view), >, zoom);
  g_assert_cmpint (first_page_width (view), >, width);
  {
    GdkTexture *texture = tj_pdf_page_get_texture (TJ_PDF_PAGE (find_widget (GTK_WIDGET (view),
                                                                              TJ_TYPE_PDF_PAGE,
                                                                              NULL)));
    g_assert_nonnull (texture);
    g_assert_cmpint (ABS (gdk_texture_get_width (texture) - first_page_width (view)), <=, 1);
  }
  gtk_widget_activate_action (GTK_WIDGET (view), "pdf.zoom-out", NULL);
  gtk_widget_activate_action (GTK_WIDGET (view), "pdf.zoom-out", NULL);
  WAIT_UNTIL (!tj_pdf_view_is_busy (view));
  pump (100);
  g_assert_cmpint (first_page_width (view), <, width);
  gtk_widget_activate_action (GTK_WIDGET (view), "pdf.zoom-fit-width", NULL);
  WAIT_UNTIL (!tj_pdf_view_is_busy (view));
  pump (100);
  g_assert_cmpint (ABS (first_page_width (view) - width), <=, 1);

  /* Save As writes the very PDF, which Poppler reads back. */
  save_through_chooser (preview, saved);
  WAIT_UNTIL (g_file_test (saved, G_FILE_TEST_EXISTS));
  pump (100);
  {
    g_autofree char *uri = g_filename_to_uri (saved, NULL, NULL);
    g_autoptr(PopplerDocument) back = poppler_document_new_from_file (uri, NULL, &error);
    g_autofree char *contents = NULL;
    gsize length;

    g_assert_no_error (error);
    g_assert_cmpint (poppler_document_get_n_pages (back), ==, n_pages);
    g_assert_true (g_file_get_contents (saved, &contents, &length, NULL));
    g_assert_cmpmem (contents, length,
                     g_bytes_get_data (tj_pdf_document_get_bytes (tj_pdf_view_get_document (view)), NULL),
                     g_bytes_get_size (tj_pdf_document_get_bytes (tj_pdf_view_get_document (view))));
  }

  /* Printing draws one sheet per page, A4, with the text of the document. */
  {
    g_autoptr(GtkPrintOperation) op = tj_pdf_print_operation_new (tj_pdf_view_get_document (view),
                                                                   "test");
    g_autofree char *uri = g_filename_to_uri (printed, NULL, NULL);
    g_autoptr(PopplerDocument) back = NULL;
    g_autoptr(PopplerPage) sheet = NULL;
    double w, h;

    gtk_print_operation_set_allow_async (op, FALSE);
    gtk_print_operation_set_export_filename (op, printed);
    g_assert_cmpint (gtk_print_operation_run (op, GTK_PRINT_OPERATION_ACTION_EXPORT, NULL, &error),
                     ==, GTK_PRINT_OPERATION_RESULT_APPLY);
    g_assert_no_error (error);
    back = poppler_document_new_from_file (uri, NULL, &error);
    g_assert_no_error (error);
    g_assert_cmpint (poppler_document_get_n_pages (back), ==, n_pages);
    sheet = poppler_document_get_page (back, 0);
    poppler_page_get_size (sheet, &w, &h);
    g_assert_cmpfloat_with_epsilon (w, 595.28, 1.0);
    g_assert_cmpfloat_with_epsilon (h, 841.89, 1.0);
    g_assert_cmpuint (count_text (back, "张三"), ==, n_found);
  }

  close_previews ();
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  g_unlink (saved);
  g_unlink (printed);
  g_rmdir (dir);
}

/* A final agreement the lint refuses: the page says which clause lacks what, nothing is
 * recorded and nothing opens. */
static void
test_lint_refuses_final (void)
{
  g_autofree char *path = new_replica ("lint.sqlite");
  TjWindow *window = open_window (path, 0);
  g_autofree char *id = agreed_case (NULL);
  TjCaseStore *cases = tj_application_get_case_store (app);
  g_autoptr(GError) expected = NULL;
  g_autoptr(TjCase) c = tj_case_store_get (cases, id, NULL);
  g_autoptr(GPtrArray) recorded = NULL;
  GtkWidget *page, *section, *label;
  TjDocOptions options;

  tj_doc_options_init (&options);
  options.final = TRUE;
  g_assert_null (tj_doc_render (cases, "agreement", id, &options, NULL, &expected));
  g_assert_error (expected, TJ_DOC_ERROR, TJ_DOC_ERROR_LINT);

  page = open_case (window, id);
  section = find_widget (page, TJ_TYPE_DOCUMENTS_SECTION, NULL);
  g_assert_null (find_error_label (section));
  /* Where the person is: the page scrolls to the button that has the focus. */
  gtk_widget_grab_focus (find_widget (page, GTK_TYPE_BUTTON, "final-agreement-0"));
  pump (100);
  click (page, "final-agreement-0");
  WAIT_UNTIL (!tj_documents_section_is_busy (TJ_DOCUMENTS_SECTION (section)));
  pump (50);
  label = find_error_label (section);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, expected->message);
  g_assert_nonnull (strstr (expected->message, "1"));
  g_assert_null (find_toplevel (TJ_TYPE_PREVIEW_WINDOW));
  recorded = tj_case_documents_recorded (cases, c, NULL);
  g_assert_cmpuint (recorded->len, ==, 0);
  save_png (page, "screenshot-lint.png");

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

static void
apply_action (GtkWidget *page, const char *action)
{
  GtkWidget *dialog, *label;

  click (page, action);
  dialog = find_toplevel (TJ_TYPE_ACTION_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  /* A refusal would keep the dialog open and say why. */
  label = find_toplevel (TJ_TYPE_ACTION_DIALOG) != NULL ? find_error_label (dialog) : NULL;
  g_assert_cmpstr (label != NULL ? gtk_label_get_text (GTK_LABEL (label)) : NULL, ==, NULL);
  g_assert_null (find_toplevel (TJ_TYPE_ACTION_DIALOG));
}

/* How many mapped widgets below root act "case.do" with this target: each workflow action
 * is offered once on the screen. */
static guint
count_offers (GtkWidget *root, const char *action)
{
  GVariant *target;
  guint n = 0;

  if (!gtk_widget_get_mapped (root))
    return 0;
  if (GTK_IS_ACTIONABLE (root) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (root)), "case.do") == 0 &&
      (target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (root))) != NULL &&
      g_variant_is_of_type (target, G_VARIANT_TYPE_STRING) &&
      g_strcmp0 (g_variant_get_string (target, NULL), action) == 0)
    n++;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    n += count_offers (child, action);
  return n;
}

static GPtrArray *
recorded_in_file (const char *path, const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (path, &error);
  g_autoptr(TjCaseStore) cases = tj_case_store_new (store, &error);
  g_autoptr(TjCase) c = tj_case_store_get (cases, id, &error);
  GPtrArray *recorded;

  g_assert_no_error (error);
  recorded = tj_case_documents_recorded (cases, c, &error);
  g_assert_no_error (error);
  return recorded;
}

static void
test_submit_and_review (void)
{
  g_autofree char *path = new_replica ("review.sqlite");
  TjWindow *window = open_window (path, 0);
  g_autofree char *id = agreed_case ("银行转账");
  g_autofree char *other = agreed_case ("现金");
  g_autoptr(GPtrArray) recorded = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) done = NULL;
  g_autoptr(TjCase) refused = NULL;
  TjPreviewWindow *preview;
  TjDocRecord *application, *agreement;
  GtkWidget *page, *pane, *dialog, *label;
  TjPdfView *view;

  /* The final agreement, then the submission: its joint application is issued and
   * opens. */
  page = open_case (window, id);
  click (page, "final-agreement-0");
  preview = wait_for_preview ();
  g_assert_true (gtk_widget_has_css_class (find_widget (GTK_WIDGET (preview), GTK_TYPE_LABEL,
                                                        "status-label"), "success"));
  close_previews ();
  apply_action (page, "submit_review");
  preview = wait_for_preview ();
  {
    const TjDocKind *kind = tj_doc_kind_lookup ("review_application", NULL);
    g_assert_cmpstr (gtk_window_get_title (GTK_WINDOW (preview)), ==, _(kind->label));
  }
  close_previews ();

  /* The replica file holds the submission and both finals. */
  done = read_back (path, id);
  g_assert_cmpint (done->state, ==, TJ_STATE_UNDER_REVIEW);
  recorded = recorded_in_file (path, id);
  application = tj_case_documents_latest (recorded, "review_application");
  agreement = tj_case_documents_latest (recorded, "agreement");
  g_assert_nonnull (application);
  g_assert_nonnull (agreement);
  /* The page lists them by their codes. */
  page = find_widget (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE, NULL);
  g_assert_nonnull (find_widget (page, ADW_TYPE_ACTION_ROW, application->code));
  g_assert_nonnull (find_widget (page, ADW_TYPE_ACTION_ROW, agreement->code));
  apply_action (open_case (window, other), "submit_review");
  wait_for_preview ();
  close_previews ();
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);

  /* The supervisor, on the same replica file (as a county's replica holds the case). */
  g_assert_true (tj_store_set_meta_int (tj_case_store_get_store (tj_application_get_case_store (app)),
                                        "user_roles", TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR), &error));
  g_assert_true (tj_application_open_replica (app, path, &error));
  g_assert_no_error (error);
  window = tj_window_new (app);
  gtk_window_set_default_size (GTK_WINDOW (window), 1400, 900);
  gtk_window_present (GTK_WINDOW (window));
  pump (300);

  page = open_from_review (GTK_WIDGET (window), id);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  pane = find_widget (page, TJ_TYPE_REVIEW_PANE, NULL);
  g_assert_true (gtk_widget_get_mapped (pane));
  /* A supervisor reads the documents; the centre issues them. */
  g_assert_true (gtk_widget_get_sensitive (find_widget (page, GTK_TYPE_BUTTON,
                                                        "preview-agreement-0")));
  g_assert_false (gtk_widget_get_sensitive (find_widget (page, GTK_TYPE_BUTTON,
                                                         "final-agreement-0")));
  view = tj_review_pane_get_view (TJ_REVIEW_PANE (pane));
  WAIT_UNTIL (tj_pdf_view_get_n_pages (view) > 0 && !tj_pdf_view_is_busy (view));
  /* The agreement issued, as it was issued. */
  g_assert_true (tj_review_pane_get_final (TJ_REVIEW_PANE (pane)));
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256,
                                                         tj_pdf_document_get_bytes (tj_pdf_view_get_document (view)));
    g_assert_cmpstr (sha, ==, agreement->sha256);
  }
  save_png (GTK_WIDGET (window), "screenshot-review.png");
  /* Confirm and Refuse once each, beside the PDF; not again among the page's actions. */
  g_assert_cmpuint (count_offers (GTK_WIDGET (window), "confirm"), ==, 1);
  g_assert_cmpuint (count_offers (GTK_WIDGET (window), "refuse"), ==, 1);
  g_assert_cmpuint (count_offers (pane, "confirm"), ==, 1);
  g_assert_cmpuint (count_offers (pane, "refuse"), ==, 1);
  g_assert_null (find_widget (page, GTK_TYPE_BUTTON, "confirm"));
  g_assert_null (find_widget (page, GTK_TYPE_BUTTON, "refuse"));

  /* Confirm: the decision is the workflow's, in the replica like any edit. */
  click (pane, "review-confirm");
  dialog = find_toplevel (TJ_TYPE_ACTION_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_ACTION_DIALOG));
  g_clear_pointer (&done, tj_case_free);
  done = read_back (path, id);
  g_assert_cmpint (done->state, ==, TJ_STATE_CONFIRMED);
  g_assert_nonnull (done->review_decided);
  g_assert_false (gtk_widget_get_visible (pane));

  /* Refuse the other: grounds are required; a ground of the rules and words of one's
   * own make them. Its agreement was never issued final: it is rendered from the case. */
  page = open_from_review (GTK_WIDGET (window), other);
  pane = find_widget (page, TJ_TYPE_REVIEW_PANE, NULL);
  g_assert_true (gtk_widget_get_mapped (pane));
  view = tj_review_pane_get_view (TJ_REVIEW_PANE (pane));
  WAIT_UNTIL (tj_pdf_view_get_n_pages (view) > 0 && !tj_pdf_view_is_busy (view));
  g_assert_false (tj_review_pane_get_final (TJ_REVIEW_PANE (pane)));
  click (pane, "review-refuse");
  dialog = find_toplevel (TJ_TYPE_ACTION_DIALOG);
  g_assert_nonnull (dialog);
  save_png (dialog, "screenshot-refuse.png");
  /* The six cases of 办案规则 Art. 78, in its words and order. */
  {
    static const char * const art78[] = {
      "违反法律、行政法规强制性规定",
      "损害国家利益、社会公共利益或者公民、法人、其他组织合法权益",
      "当事人提供证据材料有弄虚作假嫌疑",
      "违反自愿原则",
      "内容不明确",
      "其他不能制作调解书的情况",
    };

    for (guint i = 0; i < G_N_ELEMENTS (art78); i++)
      {
        g_autofree char *name = g_strdup_printf ("ground-%u", i + 1);
        GtkWidget *check = find_widget (dialog, GTK_TYPE_CHECK_BUTTON, name);
        GtkWidget *row = check != NULL ? gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW)
                                       : NULL;

        g_assert_nonnull (row);
        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==, art78[i]);
      }
    g_assert_null (find_widget (dialog, GTK_TYPE_CHECK_BUTTON, "ground-7"));
  }
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (50);
  label = find_error_label (dialog);
  g_assert_nonnull (label);
  g_assert_true (find_toplevel (TJ_TYPE_ACTION_DIALOG) == dialog);
  /* Words alone are not a ground of the rule. */
  type_into (dialog, "grounds", "第一条未写明支付方式");
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (50);
  label = find_error_label (dialog);
  g_assert_nonnull (label);
  g_assert_nonnull (strstr (gtk_label_get_text (GTK_LABEL (label)), "第七十八条"));
  g_assert_true (find_toplevel (TJ_TYPE_ACTION_DIALOG) == dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (dialog, GTK_TYPE_CHECK_BUTTON,
                                                               "ground-5")), TRUE);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_ACTION_DIALOG));
  refused = read_back (path, other);
  g_assert_cmpint (refused->state, ==, TJ_STATE_REVIEW_REFUSED);
  /* The ground by its key (办案规则 Art. 78 (5)), the words after it. */
  g_assert_cmpstr (refused->review_grounds, ==, "unclear\n第一条未写明支付方式");

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

int
main (int argc, char **argv)
{
  int status;

  ui_init (&argc, &argv);
  g_test_add_func ("/documents/preview", test_preview);
  g_test_add_func ("/documents/lint-refuses-final", test_lint_refuses_final);
  g_test_add_func ("/documents/submit-and-review", test_submit_and_review);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
