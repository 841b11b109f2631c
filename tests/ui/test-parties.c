/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>

#include "tj-agents.h"
#include "tj-application.h"
#include "tj-case-page.h"
#include "tj-claim-editor.h"
#include "tj-parties-section.h"
#include "tj-party-editor.h"
#include "tj-uuid.h"
#include "tj-validate.h"
#include "tj-window.h"
#include "test-util.h"
#include "ui-util.h"

/*
 * The display suite of a case's parties and claims on its page: edited in place, checked
 * as they are typed, saved after a pause with no Save button; a refusal beside its field;
 * claims added and removed (after a confirmation); agents with their powers; read-only for
 * a supervisor. The replica file is read back through a connection of its own.
 */

/* Longer than the page's pause before it saves. */
#define PAUSE_MS 1200

static GtkWidget *
row_of (GtkWidget *root, const char *entry_name)
{
  GtkWidget *entry = find_widget (root, GTK_TYPE_ENTRY, entry_name);

  g_assert_nonnull (entry);
  return gtk_widget_get_ancestor (entry, ADW_TYPE_ACTION_ROW);
}

/* A registered case of the window's replica, shown on the case page. */
static GtkWidget *
open_new_case (TjWindow *window, char **id)
{
  TjCaseStore *cases = tj_application_get_case_store (app);
  g_autofree char *today = tj_case_store_today (cases);
  g_autoptr(TjCase) c = tj_test_make_case (today);
  g_autoptr(GError) error = NULL;
  GtkWidget *page;

  g_assert_true (tj_case_store_create (cases, c, NULL, &error));
  g_assert_no_error (error);
  *id = tj_uuid_dup_string (&c->id);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "s", *id);
  pump (100);
  page = find_widget (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE, NULL);
  g_assert_nonnull (page);
  g_assert_true (gtk_widget_get_mapped (page));
  return page;
}

static GtkWidget *
last_child_of_type (GtkWidget *root, GType type)
{
  GtkWidget *first = find_widget (root, type, NULL);
  GtkWidget *last = first;

  g_assert_nonnull (first);
  for (GtkWidget *w = first; w != NULL; w = gtk_widget_get_next_sibling (w))
    if (G_TYPE_CHECK_INSTANCE_TYPE (w, type))
      last = w;
  return last;
}

static GtkWidget *
find_message_dialog (void)
{
  GListModel *toplevels = gtk_window_get_toplevels ();

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWidget) w = g_list_model_get_item (toplevels, i);

      /* The list holds the window: it outlives this reference. */
      if (ADW_IS_MESSAGE_DIALOG (w) && gtk_widget_get_visible (w))
        return w;
    }
  return NULL;
}

/* The entry fields below root, mapped, in order. */
static void
collect_fields (GtkWidget *root, GPtrArray *fields)
{
  if (!gtk_widget_get_mapped (root))
    return;
  if (GTK_IS_ENTRY (root))
    {
      g_ptr_array_add (fields, root);
      return;
    }
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    collect_fields (child, fields);
}

/* The fields of the form line up: one left edge and one width for every row, whatever
 * its title, its subtitle or an error beside it. */
static void
assert_fields_aligned (GtkWidget *form)
{
  g_autoptr(GPtrArray) fields = g_ptr_array_new ();
  graphene_rect_t first;

  collect_fields (form, fields);
  g_assert_cmpuint (fields->len, >, 10);
  g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (fields, 0), form, &first));
  for (guint i = 1; i < fields->len; i++)
    {
      graphene_rect_t bounds;

      g_assert_true (gtk_widget_compute_bounds (g_ptr_array_index (fields, i), form, &bounds));
      g_assert_cmpfloat_with_epsilon (bounds.origin.x, first.origin.x, 0.5);
      g_assert_cmpfloat_with_epsilon (bounds.size.width, first.size.width, 0.5);
    }
}

static void
test_edit_in_place (void)
{
  g_autofree char *path = new_replica ("parties.sqlite");
  g_autofree char *id = NULL;
  g_autofree char *field = NULL;
  g_autofree char *expected = NULL;
  g_autoptr(GError) error = NULL;
  TjWindow *window = open_window (path, 0);
  GtkWidget *page, *section, *applicant, *respondent, *row, *claim, *agent, *dialog;
  TjResidentId rid;

  page = open_new_case (window, &id);
  section = find_widget (page, TJ_TYPE_PARTIES_SECTION, NULL);
  applicant = find_widget (section, TJ_TYPE_PARTY_EDITOR, "applicant");
  respondent = find_widget (section, TJ_TYPE_PARTY_EDITOR, "respondent");
  g_assert_nonnull (applicant);
  g_assert_nonnull (respondent);
  /* The stored number is shown masked (PIPL). */
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (find_widget (applicant, GTK_TYPE_ENTRY,
                                                                     "id-number"))),
                   ==, "110101********002X");

  /* A wrong check character: the rule's words beside the field, and nothing saved. */
  type_into (applicant, "id-number", "110101199003070012");
  field = g_strdup_printf (_("%s ID number"), _("Applicant"));
  g_assert_false (tj_validate_resident_id (field, "110101199003070012", NULL, &rid, &error));
  expected = g_strdup (error->message);
  g_clear_error (&error);
  row = row_of (applicant, "id-number");
  g_assert_true (gtk_widget_has_css_class (row, "invalid"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, expected);
  pump (PAUSE_MS);
  {
    g_autoptr(TjCase) saved = read_back (path, id);
    g_assert_cmpstr (tj_case_first_party (saved, TJ_SIDE_APPLICANT)->id_number, ==,
                     "11010119900307002X");
  }

  /* Put right: the error goes, and after the pause the number is in the replica, with the
   * sex and birth date it gives. */
  type_into (applicant, "id-number", "110101199003070038");
  g_assert_false (gtk_widget_has_css_class (row, "invalid"));
  pump (PAUSE_MS);
  {
    g_autoptr(TjCase) saved = read_back (path, id);
    TjParty *p = tj_case_first_party (saved, TJ_SIDE_APPLICANT);

    g_assert_cmpstr (p->id_number, ==, "110101199003070038");
    g_assert_cmpstr (p->sex, ==, "M");
  }
  /* The page still shows the same editor (a save does not rebuild what is typed into). */
  g_assert_true (find_widget (section, TJ_TYPE_PARTY_EDITOR, "applicant") == applicant);

  /* An agent of the respondent with a special authority to settle. */
  click (respondent, "add-agent");
  agent = find_widget (respondent, ADW_TYPE_EXPANDER_ROW, NULL);
  g_assert_nonnull (agent);
  type_into (agent, "agent-name", "李律师");
  type_into (agent, "agent-phone", "139 0013 9000");
  adw_combo_row_set_selected (ADW_COMBO_ROW (find_widget (agent, ADW_TYPE_COMBO_ROW,
                                                          "agent-authority")),
                              TJ_AUTHORITY_SPECIAL);
  /* A special authority with no power listed is refused beside the powers. */
  {
    g_autofree char *label = g_strdup_printf (_("%s agent %u"), _("Respondent"), 1);
    g_autoptr(TjAgent) bare = tj_agent_new ("李律师");

    bare->authority = TJ_AUTHORITY_SPECIAL;
    g_assert_false (tj_agent_check (bare, label, &error));
    g_assert_cmpstr (adw_expander_row_get_subtitle (ADW_EXPANDER_ROW (agent)), ==,
                     error->message);
    g_clear_error (&error);
  }
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (agent, GTK_TYPE_CHECK_BUTTON,
                                                              "settle")), TRUE);
  pump (PAUSE_MS);
  {
    g_autoptr(TjCase) saved = read_back (path, id);
    TjParty *p = tj_case_first_party (saved, TJ_SIDE_RESPONDENT);

    g_assert_cmpstr (p->agents, ==, "[{\"name\":\"李律师\",\"phone\":\"13900139000\","
                                    "\"authority\":\"special\",\"powers\":[\"settle\"]}]");
  }

  /* A claim added on the page is written once it is typed. */
  gtk_widget_activate_action (section, "parties.add-claim", NULL);
  pump (50);
  claim = last_child_of_type (section, TJ_TYPE_CLAIM_EDITOR);
  type_into (claim, "amount", "3000");
  type_into (claim, "period-from", "2026-01-01");
  pump (PAUSE_MS);
  {
    g_autoptr(TjCase) saved = read_back (path, id);

    g_assert_cmpuint (saved->claims->len, ==, 2);
    g_assert_cmpint (((TjClaim *) g_ptr_array_index (saved->claims, 1))->amount, ==, 300000);
    g_assert_cmpstr (((TjClaim *) g_ptr_array_index (saved->claims, 1))->period_from, ==,
                     "2026-01-01");
    g_assert_cmpint (saved->claimed, ==, 1500000);
  }

  /* A period that ends before it begins is refused beside the field. */
  type_into (claim, "period-to", "2025-12-01");
  g_assert_true (gtk_widget_has_css_class (row_of (claim, "period-to"), "invalid"));

  save_png (section, "screenshot-parties.png");
  assert_fields_aligned (section);

  /* Removing asks first; the answer removes the claim. */
  type_into (claim, "period-to", "2026-02-01");
  pump (PAUSE_MS);
  g_signal_emit_by_name (claim, "remove");
  pump (50);
  dialog = find_message_dialog ();
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  pump (100);
  {
    g_autoptr(TjCase) saved = read_back (path, id);

    g_assert_cmpuint (saved->claims->len, ==, 1);
    g_assert_cmpint (saved->claimed, ==, 1200000);
  }
  /* The last claim stays: the refusal is said. */
  g_signal_emit_by_name (last_child_of_type (section, TJ_TYPE_CLAIM_EDITOR), "remove");
  pump (50);
  dialog = find_message_dialog ();
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "remove");
  pump (100);
  {
    g_autoptr(TjCase) saved = read_back (path, id);
    g_assert_cmpuint (saved->claims->len, ==, 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

/* A supervisor reads the parties and claims; nothing there can be changed. */
static void
test_read_only (void)
{
  g_autofree char *path = new_replica ("readonly.sqlite");
  g_autofree char *id = NULL;
  g_autoptr(GError) error = NULL;
  TjWindow *window = open_window (path, 0);
  GtkWidget *page, *section, *applicant;

  page = open_new_case (window, &id);
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  g_assert_true (tj_store_set_meta_int (tj_case_store_get_store (tj_application_get_case_store (app)),
                                        "user_roles", TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR), &error));
  g_assert_true (tj_application_open_replica (app, path, &error));
  g_assert_no_error (error);
  window = tj_window_new (app);
  gtk_window_present (GTK_WINDOW (window));
  pump (200);
  gtk_widget_activate_action (GTK_WIDGET (window), "win.open-case", "s", id);
  pump (100);
  page = find_widget (GTK_WIDGET (window), TJ_TYPE_CASE_PAGE, NULL);
  section = find_widget (page, TJ_TYPE_PARTIES_SECTION, NULL);
  applicant = find_widget (section, TJ_TYPE_PARTY_EDITOR, "applicant");
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (find_widget (applicant, GTK_TYPE_ENTRY,
                                                                        "phone"))));
  g_assert_false (gtk_widget_get_visible (find_widget (applicant, GTK_TYPE_BUTTON, "add-agent")));
  {
    GtkWidget *add = find_widget_by_action (section, "parties.add-claim");
    g_assert_true (add == NULL || !gtk_widget_get_visible (add));
  }
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
}

int
main (int argc, char **argv)
{
  int status;

  ui_init (&argc, &argv);
  g_test_add_func ("/app/parties/edit-in-place", test_edit_in_place);
  g_test_add_func ("/app/parties/read-only", test_read_only);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
