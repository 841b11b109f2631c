/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "tj-action-dialog.h"
#include "tj-agreement-dialog.h"
#include "tj-application.h"
#include "tj-case-form.h"
#include "tj-case-page.h"
#include "tj-case-read.h"
#include "tj-cases-view.h"
#include "tj-session-dialog.h"
#include "tj-delegate-dialog.h"
#include "tj-setup-page.h"
#include "tj-uuid.h"
#include "tj-validate.h"
#include "tj-window.h"
#include "ui-util.h"

/*
 * The display suite: the real application in this process, driven the way a person
 * drives it (actions, buttons, typing into entries), on a replica in a temporary folder.
 * Runs under `xvfb-run -a dbus-run-session` with G_DEBUG=fatal-criticals. The last test
 * saves a PNG of each main view, in Chinese with demo data, to TJ_SCREENSHOT_DIR.
 */

static GtkWidget *
row_of (GtkWidget *root, const char *entry_name)
{
  GtkWidget *entry = find_widget (root, GTK_TYPE_ENTRY, entry_name);

  g_assert_nonnull (entry);
  return gtk_widget_get_ancestor (entry, ADW_TYPE_ACTION_ROW);
}

/* Scroll so that the whole of the widget (an error under a field too) is in view. */
static void
scroll_into_view (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  GtkWidget *content = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scrolled));
  graphene_rect_t bounds;

  /* Bounds within the scrolled content, not within the viewport that shows part of it. */
  if (GTK_IS_VIEWPORT (content))
    content = gtk_viewport_get_child (GTK_VIEWPORT (content));
  pump (100);
  g_assert_true (gtk_widget_compute_bounds (widget, content, &bounds));
  gtk_adjustment_set_value (adj, bounds.origin.y + bounds.size.height + 24 -
                                 gtk_adjustment_get_page_size (adj));
  pump (100);
}

static void
test_register_and_mediate (void)
{
  g_autofree char *path = new_replica ("replica.sqlite");
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autoptr(GArray) sessions = NULL;
  g_autoptr(TjAgreementView) agreement = NULL;
  g_autofree char *expected = NULL;
  g_autofree char *field = NULL;
  g_autofree char *id = NULL;
  TjWindow *window = open_window (path, 0);
  TjCaseStore *cases = tj_application_get_case_store (app);
  GtkWidget *form, *applicant, *respondent, *page, *dialog, *row;
  TjResidentId rid;
  GDate due;
  char due_text[16];

  /* A new case, with a wrong check digit in the applicant's ID number. */
  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL);
  pump (100);
  form = find_toplevel (TJ_TYPE_CASE_FORM);
  g_assert_nonnull (form);
  applicant = find_widget (form, G_TYPE_INVALID, "applicant");
  respondent = find_widget (form, G_TYPE_INVALID, "respondent");
  g_assert_nonnull (applicant);
  g_assert_nonnull (respondent);
  type_into (applicant, "name", "张三");
  type_into (applicant, "id-number", "110101199003070012");
  type_into (applicant, "phone", "138 0013 8000");

  /* The error stands beside the field, in the words of the rule. */
  field = g_strdup_printf (_("%s ID number"), _("Applicant"));
  g_assert_false (tj_validate_resident_id (field, "110101199003070012", NULL, &rid, &error));
  expected = g_strdup (error->message);
  g_clear_error (&error);
  row = row_of (applicant, "id-number");
  g_assert_true (gtk_widget_has_css_class (row, "invalid"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  g_assert_false (gtk_widget_has_css_class (row_of (applicant, "phone"), "invalid"));

  /* Saving is refused and nothing is written. */
  type_into (respondent, "name", "长春宏达建筑工程有限公司");
  type_into (respondent, "id-number", "91110101MA0000015M");
  type_into (respondent, "legal-rep", "王宏达");
  type_into (respondent, "address", "长春市南关区人民大街100号");
  type_into (applicant, "address", "长春市南关区自由大路8号");
  type_into (form, "amount", "12000");
  gtk_widget_activate_action (form, "form.save", NULL);
  pump (50);
  g_assert_true (find_toplevel (TJ_TYPE_CASE_FORM) == form);
  g_assert_cmpint (tj_case_store_last_cid (cases), ==, 0);

  /* Fixed: the error goes, and the case is registered. */
  type_into (applicant, "id-number", "11010119900307002x");
  g_assert_false (gtk_widget_has_css_class (row, "invalid"));
  gtk_widget_activate_action (form, "form.save", NULL);
  pump (200);
  g_assert_null (find_toplevel (TJ_TYPE_CASE_FORM));
  g_assert_cmpint (tj_case_store_last_cid (cases), ==, 1);

  /* The window shows the new case. */
  page = find_widget (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  id = g_strdup (tj_case_page_get_case_id (TJ_CASE_PAGE (page)));
  g_assert_nonnull (id);

  /* Facts save as they are typed, after a short pause, without a save button. */
  {
    GtkWidget *facts = find_widget (page, GTK_TYPE_TEXT_VIEW, NULL);
    GtkTextBuffer *buffer = gtk_text_view_get_buffer (GTK_TEXT_VIEW (facts));
    GtkTextIter end;
    g_autoptr(TjCase) saved = NULL;

    gtk_text_buffer_get_end_iter (buffer, &end);
    gtk_text_buffer_insert (buffer, &end, "被申请人拖欠工资三个月。", -1);
    pump (1200);
    saved = read_back (path, id);
    g_assert_cmpstr (saved->facts, ==, "被申请人拖欠工资三个月。");
  }

  /* Accept: without the respondent's consent the dialog explains the refusal. */
  click (page, "accept");
  dialog = find_toplevel (TJ_TYPE_ACTION_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (50);
  g_assert_true (find_toplevel (TJ_TYPE_ACTION_DIALOG) == dialog);
  {
    /* The rule's own words: the consent must be recorded. */
    GtkWidget *label = find_error_label (dialog);
    TjActionArgs none = { 0 };
    g_autoptr(TjCase) now = read_back (path, id);

    g_assert_nonnull (label);
    g_assert_false (tj_workflow_check (now, TJ_ACTION_ACCEPT, &none, TJ_ROLE_BIT (TJ_ROLE_HEAD),
                                       TRUE, NULL, &error));
    g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (label)), ==, error->message);
    g_clear_error (&error);
  }
  {
    g_autoptr(TjCase) still = read_back (path, id);
    g_assert_cmpint (still->state, ==, TJ_STATE_RECEIVED);
  }
  gtk_switch_set_active (GTK_SWITCH (find_widget (dialog, GTK_TYPE_SWITCH, "consent")), TRUE);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_ACTION_DIALOG));

  /* Assign a mediator from the roster. */
  click (page, "assign");
  dialog = find_toplevel (TJ_TYPE_ACTION_DIALOG);
  g_assert_nonnull (dialog);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_ACTION_DIALOG));

  /* Record a session with its transcript. */
  gtk_widget_activate_action (page, "case.record-session", NULL);
  pump (100);
  dialog = find_toplevel (TJ_TYPE_SESSION_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, "place", "第一调解室");
  gtk_text_buffer_set_text (gtk_text_view_get_buffer (GTK_TEXT_VIEW (find_widget (dialog,
                                                                                  GTK_TYPE_TEXT_VIEW,
                                                                                  "transcript"))),
                            "调解员：双方是否同意调解？申请人：同意。被申请人：同意。", -1);
  type_into (dialog, "result", "双方达成一致");
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_SESSION_DIALOG));

  /* Record the agreement with one clause. */
  click (page, "agree");
  dialog = find_toplevel (TJ_TYPE_AGREEMENT_DIALOG);
  g_assert_nonnull (dialog);
  type_into (dialog, "what", "支付拖欠工资");
  type_into (dialog, "clause-amount", "8000");
  {
    g_autofree char *today = tj_case_store_today (cases);

    g_date_clear (&due, 1);
    g_date_set_parse (&due, today);
    g_date_add_days (&due, 30);
    g_date_strftime (due_text, sizeof due_text, "%Y-%m-%d", &due);
  }
  type_into (dialog, "clause-due", due_text);
  type_into (dialog, "method", "银行转账");
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_AGREEMENT_DIALOG));

  /* The replica file holds all of it, read through a connection of its own. */
  c = read_back (path, id);
  g_assert_cmpint (c->state, ==, TJ_STATE_AGREED);
  g_assert_cmpstr (tj_case_first_party (c, TJ_SIDE_APPLICANT)->id_number, ==, "11010119900307002X");
  g_assert_cmpstr (tj_case_first_party (c, TJ_SIDE_APPLICANT)->sex, ==, "F");
  g_assert_cmpstr (tj_case_first_party (c, TJ_SIDE_APPLICANT)->phone, ==, "13800138000");
  g_assert_cmpint (c->claimed, ==, 1200000);
  g_assert_false (tj_uuid_is_nil (&c->mediator_id));
  sessions = tj_case_store_list_sessions (cases, c, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (sessions->len, ==, 1);
  g_assert_cmpstr (g_array_index (sessions, TjSession, 0).place, ==, "第一调解室");
  g_assert_nonnull (strstr (g_array_index (sessions, TjSession, 0).transcript, "同意调解"));
  agreement = tj_case_read_agreement (cases, c, &error);
  g_assert_no_error (error);
  g_assert_nonnull (agreement);
  g_assert_cmpuint (agreement->clauses->len, ==, 1);
  g_assert_cmpint (((TjClause *) g_ptr_array_index (agreement->clauses, 0))->amount, ==, 800000);
  g_assert_cmpstr (((TjClause *) g_ptr_array_index (agreement->clauses, 0))->due, ==, due_text);

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

/* Typing a search shows its list in a view of its own and leaves the case list's rows as
 * they were; clearing it shows them again. A case is opened from either. */
static void
test_search_keeps_list (void)
{
  g_autofree char *path = new_replica ("search.sqlite");
  TjWindow *window = open_window (path, 300);
  GtkWidget *view = find_widget (GTK_WIDGET (window), TJ_TYPE_CASES_VIEW, NULL);
  TjCaseListModel *model = tj_cases_view_get_model (TJ_CASES_VIEW (view));
  GtkWidget *plain_view = find_widget (view, GTK_TYPE_COLUMN_VIEW, NULL);
  GtkWidget *entry = find_widget (view, GTK_TYPE_SEARCH_ENTRY, NULL);
  GtkStack *stack = GTK_STACK (gtk_widget_get_ancestor (plain_view, GTK_TYPE_STACK));
  GtkWidget *search_view, *cell = NULL;
  g_autoptr(TjCaseItem) first = NULL;
  g_autoptr(TjCaseItem) found = NULL;
  g_autofree char *fragment = NULL;
  guint n;

  pump (100);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  /* A cell of a row the case list shows now. */
  cell = find_widget (plain_view, g_type_from_name ("TjTextCell"), NULL);
  g_assert_nonnull (cell);
  g_object_add_weak_pointer (G_OBJECT (cell), (gpointer *) &cell);

  /* The applicant of the newest case, typed. */
  first = g_list_model_get_item (G_LIST_MODEL (model), 0);
  fragment = g_strdup (tj_case_item_get_applicant (first));
  gtk_editable_set_text (GTK_EDITABLE (entry), fragment);
  pump (400);
  g_assert_true (tj_case_list_model_is_searching (model));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "search");
  search_view = find_widget (gtk_stack_get_visible_child (stack), GTK_TYPE_COLUMN_VIEW, NULL);
  g_assert_true (search_view != plain_view);
  g_assert_true (gtk_widget_get_mapped (search_view));
  g_assert_false (gtk_widget_get_mapped (plain_view));
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  g_assert_cmpuint (n, >, 0);
  g_assert_cmpuint (n, <, 300);
  found = g_list_model_get_item (G_LIST_MODEL (model), 0);
  g_assert_nonnull (strstr (tj_case_item_get_applicant (found), fragment));
  g_assert_nonnull (find_widget (search_view, g_type_from_name ("TjTextCell"), NULL));
  /* The case list kept its rows. */
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_is_ancestor (cell, plain_view));

  /* Opened from the search list. */
  g_signal_emit_by_name (search_view, "activate", 0);
  pump (100);
  g_assert_cmpstr (tj_case_page_get_case_id (TJ_CASE_PAGE (find_widget (GTK_WIDGET (window),
                                                                       TJ_TYPE_CASE_PAGE, NULL))),
                   ==, tj_case_item_get_id (found));
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "cases");
  pump (100);

  /* Cleared: the case list again, with the same rows. */
  gtk_editable_set_text (GTK_EDITABLE (entry), "");
  pump (400);
  g_assert_false (tj_case_list_model_is_searching (model));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "list");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (model)), ==, 300);
  g_assert_nonnull (cell);
  g_assert_true (gtk_widget_get_mapped (cell));
  g_object_remove_weak_pointer (G_OBJECT (cell), (gpointer *) &cell);

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

static void
test_screenshots (void)
{
  g_autofree char *path = new_replica ("demo.sqlite");
  TjWindow *window = open_window (path, 300);
  GtkWidget *view = find_widget (GTK_WIDGET (window), TJ_TYPE_CASES_VIEW, NULL);
  g_autoptr(TjCaseItem) first = NULL;
  GtkWidget *form;

  g_assert_nonnull (view);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tj_cases_view_get_model (TJ_CASES_VIEW (view)))),
                    ==, 300);
  save_png (GTK_WIDGET (window), "screenshot-cases.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "deadlines");
  save_png (GTK_WIDGET (window), "screenshot-deadlines.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "roster");
  save_png (GTK_WIDGET (window), "screenshot-roster.png");
  gtk_widget_activate_action (GTK_WIDGET (window), "win.show-view", "s", "sync");
  save_png (GTK_WIDGET (window), "screenshot-sync.png");

  first = g_list_model_get_item (G_LIST_MODEL (tj_cases_view_get_model (TJ_CASES_VIEW (view))), 0);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "s", tj_case_item_get_id (first));
  /* Opened from the sync view, a case is still one of the cases in the sidebar. */
  {
    GtkWidget *cases_row = find_widget (GTK_WIDGET (window), GTK_TYPE_LIST_BOX_ROW, "cases");
    GtkListBox *sidebar = GTK_LIST_BOX (gtk_widget_get_parent (cases_row));

    g_assert_true (GTK_WIDGET (gtk_list_box_get_selected_row (sidebar)) == cases_row);
  }
  save_png (GTK_WIDGET (window), "screenshot-case.png");

  gtk_widget_activate_action (GTK_WIDGET (window), "win.new-case", NULL);
  pump (100);
  form = find_toplevel (TJ_TYPE_CASE_FORM);
  g_assert_nonnull (form);
  type_into (find_widget (form, G_TYPE_INVALID, "applicant"), "id-number", "110101199003070012");
  scroll_into_view (row_of (form, "id-number"));
  save_png (form, "screenshot-new-case.png");
  gtk_window_destroy (GTK_WINDOW (form));
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

/* Nothing shown takes a change: no entry or text that edits, no choice, switch or check
 * that is sensitive, no button that adds, removes or records, and no hint that says how
 * changes are saved. */
static void
assert_read_only (GtkWidget *w)
{
  const char *hints[] = { _("Changes are saved as you make them."), _("Saved as you type.") };

  if (!gtk_widget_get_visible (w))
    return;
  if (GTK_IS_EDITABLE (w))
    g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (w)) && gtk_widget_is_sensitive (w));
  if (GTK_IS_TEXT_VIEW (w))
    g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (w)));
  if (ADW_IS_COMBO_ROW (w) || GTK_IS_CHECK_BUTTON (w) || GTK_IS_SWITCH (w))
    g_assert_false (gtk_widget_is_sensitive (w));
  if (GTK_IS_LABEL (w))
    for (guint i = 0; i < G_N_ELEMENTS (hints); i++)
      g_assert_cmpstr (gtk_label_get_text (GTK_LABEL (w)), !=, hints[i]);
  /* What may still be pressed only reads (a preview, an issued document), or is the
   * supervisor's own act on the case: delegating it. */
  if (GTK_IS_BUTTON (w) && gtk_widget_is_sensitive (w))
    {
      const char *action = gtk_actionable_get_action_name (GTK_ACTIONABLE (w));

      g_assert_nonnull (action);
      g_assert_true (g_str_equal (action, "documents.preview") ||
                     g_str_equal (action, "documents.open-issued") ||
                     g_str_equal (action, "case.delegate"));
    }
  if (GTK_IS_MENU_BUTTON (w))
    g_assert_false (gtk_widget_is_sensitive (w));
  for (GtkWidget *child = gtk_widget_get_first_child (w); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    assert_read_only (child);
}

/* A county's replica (the arbitration institution 220102) whose user is a supervisor,
 * holding one case of the county, as sync would bring it. The case is registered while
 * the user is still a mediator; the replica is opened again as the supervisor's. */
static TjCase *
county_with_case (const char *path)
{
  g_autoptr(GError) error = NULL;
  TjCase *c = tj_case_new ();
  TjReplicaSetup setup = {
    .org_code = "220102", .org_name = "南关区劳动人事争议仲裁院",
    .level = TJ_ORG_LEVEL_COUNTY, .type = TJ_ORG_ARBITRATION, .user_name = "周监督",
    .roles = TJ_ROLE_BIT (TJ_ROLE_MEDIATOR), .desk = 1,
  };
  TjCaseStore *cases;
  TjParty *p;

  g_assert_true (tj_application_open_replica (app, path, &error));
  cases = tj_application_get_case_store (app);
  g_assert_true (tj_case_store_init_replica (cases, &setup, &error));
  g_assert_no_error (error);
  c->received = tj_case_store_today (cases);
  c->types = 1u << TJ_DISPUTE_WAGES;
  p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, "张三");
  g_ptr_array_add (c->parties, p);
  p = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, "长春宏达建筑工程有限公司");
  g_ptr_array_add (c->parties, p);
  g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_WAGES, 100000));
  g_assert_true (tj_case_store_create (cases, c, NULL, &error));
  g_assert_no_error (error);
  g_assert_true (tj_store_set_meta_int (tj_case_store_get_store (cases), "user_roles",
                                        TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR), &error));
  g_assert_true (tj_application_open_replica (app, path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (tj_case_store_get_roles (tj_application_get_case_store (app)), ==,
                    TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR));
  return c;
}

static void
test_supervisor_reads (void)
{
  g_autofree char *path = new_replica ("county.sqlite");
  g_autoptr(TjCase) c = county_with_case (path);
  GtkWidget *window, *page, *accept, *facts;
  char id[TJ_UUID_STRING_LEN + 1];

  window = GTK_WIDGET (tj_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  pump (300);
  /* No registration for a supervisor. */
  g_assert_nonnull (find_widget_by_action (window, "win.new-case"));
  g_assert_false (gtk_widget_get_visible (find_widget_by_action (window, "win.new-case")));
  tj_uuid_to_string (&c->id, id);
  gtk_widget_activate_action (window, "win.open-case", "s", id);
  pump (100);
  page = find_widget (window, TJ_TYPE_CASE_PAGE, NULL);
  g_assert_true (gtk_widget_get_mapped (page));
  facts = find_widget (page, GTK_TYPE_TEXT_VIEW, NULL);
  g_assert_false (gtk_text_view_get_editable (GTK_TEXT_VIEW (facts)));
  accept = find_widget (page, GTK_TYPE_BUTTON, "accept");
  g_assert_nonnull (accept);
  g_assert_false (gtk_widget_get_sensitive (accept));
  /* The refusal is explained where the button is. */
  g_assert_nonnull (gtk_widget_get_tooltip_text (accept));
  g_assert_cmpstr (gtk_widget_get_tooltip_text (accept), !=, "");
  /* Every section of the page is read-only, and says nothing of saving. */
  assert_read_only (page);
  save_png (window, "screenshot-read-only.png");

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

/* The county's supervisor delegates its case to a centre of the county: the dialog offers
 * the county's mediation centres (not the county itself), and the replica holds the
 * case's new organisation and the patch for the server. */
static void
test_supervisor_delegates (void)
{
  g_autofree char *path = new_replica ("county-delegates.sqlite");
  g_autoptr(TjCase) c = county_with_case (path);
  g_autoptr(TjCase) after = NULL;
  g_autoptr(GError) error = NULL;
  TjCaseStore *cases = tj_application_get_case_store (app);
  TjStore *store = tj_case_store_get_store (cases);
  const char *centres[][2] = { { "220102001", "南岭街道劳动人事争议调解中心" },
                               { "220102002", "自强街道劳动人事争议调解中心" } };
  TjUuid centre_ids[2];
  GtkWidget *window, *page, *dialog, *row;
  GListModel *names;
  char id[TJ_UUID_STRING_LEN + 1];

  /* The county's two centres, as the server's directory brings them. */
  for (guint i = 0; i < 2; i++)
    {
      sqlite3_stmt *stmt = tj_store_prepare (store, "INSERT INTO organisation (id, parent_id, "
                                                    "region_code, name, level, type) VALUES "
                                                    "(?, ?, ?, ?, 'township', 'centre')", &error);

      g_assert_no_error (error);
      tj_uuid_v7_now (&centre_ids[i]);
      sqlite3_bind_blob (stmt, 1, centre_ids[i].bytes, 16, SQLITE_TRANSIENT);
      sqlite3_bind_blob (stmt, 2, tj_case_store_get_org_id (cases)->bytes, 16, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 3, centres[i][0], -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 4, centres[i][1], -1, SQLITE_STATIC);
      g_assert_true (tj_store_step_done (store, stmt, &error));
    }

  window = GTK_WIDGET (tj_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  pump (300);
  tj_uuid_to_string (&c->id, id);
  gtk_widget_activate_action (window, "win.open-case", "s", id);
  pump (100);
  page = find_widget (window, TJ_TYPE_CASE_PAGE, NULL);
  g_assert_nonnull (find_widget (page, GTK_TYPE_BUTTON, "delegate"));
  gtk_widget_activate_action (page, "case.delegate", NULL);
  pump (100);
  dialog = find_toplevel (TJ_TYPE_DELEGATE_DIALOG);
  g_assert_nonnull (dialog);
  row = find_widget (dialog, ADW_TYPE_COMBO_ROW, "to");
  names = adw_combo_row_get_model (ADW_COMBO_ROW (row));
  g_assert_cmpuint (g_list_model_get_n_items (names), ==, 2);
  g_assert_cmpstr (gtk_string_list_get_string (GTK_STRING_LIST (names), 1), ==, centres[1][1]);
  adw_combo_row_set_selected (ADW_COMBO_ROW (row), 1);
  type_into (dialog, "reason", "就近调解");
  save_png (dialog, "screenshot-delegate.png");
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_DELEGATE_DIALOG));

  after = read_back (path, id);
  g_assert_true (tj_uuid_equal (&after->org_id, &centre_ids[1]));
  {
    sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT count (*) FROM outbox WHERE record_id "
                                                  "= ? AND fields LIKE '%org_id%'", &error);

    g_assert_no_error (error);
    sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_TRANSIENT);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_cmpint (sqlite3_column_int (stmt, 0), ==, 1);
    sqlite3_reset (stmt);
  }
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

static void
test_login_and_sync (void)
{
  g_autofree char *path = new_replica ("linked.sqlite");
  g_autofree char *url = NULL;
  g_autofree char *token_path = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GSubprocess) server = NULL;
  g_autoptr(GError) error = NULL;
  GStatBuf st;
  TjCaseStore *cases;
  GtkWidget *window, *page, *label;
  gint64 waited = 0;

  if (g_getenv ("TJ_SERVER") == NULL)
    {
      g_test_skip ("TJ_SERVER names no server");
      return;
    }
  server = start_server (&url, NULL);
  g_assert_true (tj_application_open_replica (app, path, &error));
  g_assert_no_error (error);
  window = GTK_WIDGET (tj_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  pump (200);
  page = find_widget (window, TJ_TYPE_SETUP_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));

  /* A wrong password: the server's refusal is shown, nothing is set up. */
  type_into (page, "server-url", url);
  type_into (page, "login", "head");
  gtk_editable_set_text (GTK_EDITABLE (find_widget (page, GTK_TYPE_PASSWORD_ENTRY, "password")),
                         "wrong-password");
  gtk_widget_activate_action (page, "setup.login", NULL);
  while ((label = find_error_label (page)) == NULL && waited++ < 500)
    pump (10);
  g_assert_nonnull (label);
  cases = tj_application_get_case_store (app);
  g_assert_false (tj_case_store_is_initialised (cases));
  /* The entry forgot the password. */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (page, GTK_TYPE_PASSWORD_ENTRY,
                                                                     "password"))), ==, "");

  /* The right one: the replica is the server's centre, linked, and syncs at once. */
  gtk_editable_set_text (GTK_EDITABLE (find_widget (page, GTK_TYPE_PASSWORD_ENTRY, "password")),
                         "tiaojie-demo");
  gtk_widget_activate_action (page, "setup.login", NULL);
  waited = 0;
  while (tj_store_get_meta_int (tj_case_store_get_store (cases), "app_last_sync_ms", 0) == 0 &&
         waited++ < 1000)
    pump (10);
  g_assert_true (tj_case_store_is_initialised (cases));
  g_assert_cmpint (tj_store_get_meta_int (tj_case_store_get_store (cases), "app_last_sync_ms", 0), >, 0);
  {
    g_autofree char *server_url = tj_store_get_meta (tj_case_store_get_store (cases), "sync_server");
    g_assert_cmpstr (server_url, ==, url);
  }
  /* The token is kept beside the replica, readable by its owner only; the password is not. */
  token_path = g_strconcat (path, ".token", NULL);
  g_assert_true (g_file_get_contents (token_path, &token, NULL, NULL));
  g_assert_cmpuint (strlen (token), >, 10);
  g_assert_null (strstr (token, "tiaojie-demo"));
  g_assert_cmpint (g_stat (token_path, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);

  /* Cases registered at another desk of the centre arrive by the long poll, without the
   * timer (five minutes) or a click. */
  if (g_getenv ("TJ_CLI") != NULL)
    {
      g_autofree char *other = g_strconcat (path, ".other", NULL);
      g_autofree char *pw = g_strconcat (path, ".pw", NULL);
      const char *cli = g_getenv ("TJ_CLI");
      const char *init[] = { cli, "--db", other, "init", "--server", url, "--login", "mediator",
                             "--password-file", pw, "--desk", "2", NULL };
      const char *demo[] = { cli, "--db", other, "demo", "--cases", "5", "--no-actions", NULL };
      const char *push[] = { cli, "--db", other, "sync", "--user", "mediator", "--password-file",
                             pw, NULL };
      const char * const *steps[] = { init, demo, push };
      GtkWidget *view = find_widget (window, TJ_TYPE_CASES_VIEW, NULL);
      TjCaseFilter all;
      gint64 count = 0;

      g_assert_true (g_file_set_contents (pw, "tiaojie-demo\n", -1, NULL));
      for (guint i = 0; i < G_N_ELEMENTS (steps); i++)
        {
          int status = -1;

          g_assert_true (g_spawn_sync (NULL, (char **) steps[i], NULL, G_SPAWN_STDOUT_TO_DEV_NULL,
                                       NULL, NULL, NULL, NULL, &status, &error));
          g_assert_no_error (error);
          g_assert_cmpint (status, ==, 0);
        }
      tj_case_filter_init (&all);
      waited = 0;
      while (count < 5 && waited++ < 3000)
        {
          pump (10);
          g_assert_true (tj_case_list_count (cases, &all, &count, &error));
        }
      g_assert_cmpint (count, ==, 5);
      pump (100);
      g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (tj_cases_view_get_model (TJ_CASES_VIEW (view)))),
                        ==, 5);
    }

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  g_subprocess_force_exit (server);
  g_subprocess_wait (server, NULL, NULL);
}

int
main (int argc, char **argv)
{
  int status;

  ui_init (&argc, &argv);
  g_test_add_func ("/app/register-and-mediate", test_register_and_mediate);
  g_test_add_func ("/app/screenshots", test_screenshots);
  g_test_add_func ("/app/search-keeps-list", test_search_keeps_list);
  g_test_add_func ("/app/supervisor-reads", test_supervisor_reads);
  g_test_add_func ("/app/supervisor-delegates", test_supervisor_delegates);
  g_test_add_func ("/app/login-and-sync", test_login_and_sync);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
