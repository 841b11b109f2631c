/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-app-util.h"
#include "tj-conflict-dialog.h"
#include "tj-case-conflicts.h"
#include "tj-case-page.h"
#include "tj-conflicts.h"
#include "tj-uuid.h"
#include "ui-util.h"

/*
 * Conflicts in the application: two replicas of one centre (the application's and
 * another desk's, driven by tiaojie-cli) change the same field of a case and sync with
 * the demo server; the application resolves the conflict in its dialog, and the
 * resolution reaches the other replica by sync as `tiaojie-cli conflicts resolve` does.
 */

typedef struct {
  GSubprocess *server;
  char        *url;
  char        *dir;
  char        *password;
  char        *mine;               /* the application's replica */
  char        *other;
  char        *case_no;
} World;

static void
sync_replica (World *w, const char *db, const char *login)
{
  g_assert_cmpint (run_cli (NULL, db, "sync", "--user", login, "--password-file", w->password,
                            "--attempts", "3", NULL), ==, 0);
}

/* What tiaojie-cli --json printed, as JSON. */
static JsonNode *
parse_answer (const char *out)
{
  g_autoptr(GError) error = NULL;
  JsonNode *node = json_from_string (out, &error);

  g_assert_no_error (error);
  g_assert_nonnull (node);
  return node;
}

/* Both replicas hold one case whose number of workers each changed offline: 3 here,
 * 4 there; after syncing, both have the server's conflict record. */
static void
world_set_up (World *w)
{
  g_autoptr(GTimeZone) beijing = g_time_zone_new_offset (8 * 3600);
  g_autoptr(GDateTime) now = g_date_time_new_now (beijing);
  g_autoptr(GDateTime) yesterday = g_date_time_add_days (now, -1);
  g_autofree char *received = g_date_time_format (yesterday, "%Y-%m-%d");
  g_autoptr(JsonNode) created = NULL;
  g_autofree char *out = NULL;

  w->server = start_server (&w->url, NULL);
  w->dir = g_dir_make_tmp ("tj-ui-conflicts-XXXXXX", NULL);
  w->password = g_build_filename (w->dir, "password", NULL);
  w->mine = g_build_filename (w->dir, "mine.sqlite", NULL);
  w->other = g_build_filename (w->dir, "other.sqlite", NULL);
  g_assert_true (g_file_set_contents (w->password, "tiaojie-demo\n", -1, NULL));
  g_assert_cmpint (run_cli (NULL, w->mine, "init", "--server", w->url, "--login", "mediator",
                            "--password-file", w->password, "--desk", "1", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, w->other, "init", "--server", w->url, "--login", "head",
                            "--password-file", w->password, "--desk", "2", NULL), ==, 0);
  g_assert_cmpint (run_cli (&out, w->mine, "--json", "case", "new", "--received", received,
                            "--type", "wages", "--applicant", "赵云",
                            "--applicant-id", "11010119900307002X",
                            "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000",
                            NULL), ==, 0);
  created = parse_answer (out);
  w->case_no = g_strdup (json_object_get_string_member (json_node_get_object (created),
                                                        "case_no"));
  sync_replica (w, w->mine, "mediator");
  sync_replica (w, w->other, "head");
  g_assert_cmpint (run_cli (NULL, w->mine, "case", "set", w->case_no, "workers=3", NULL), ==, 0);
  g_assert_cmpint (run_cli (NULL, w->other, "case", "set", w->case_no, "workers=4", NULL), ==, 0);
  sync_replica (w, w->mine, "mediator");
  sync_replica (w, w->other, "head");
  sync_replica (w, w->mine, "mediator");
}

static void
world_tear_down (World *w)
{
  g_subprocess_force_exit (w->server);
  g_subprocess_wait (w->server, NULL, NULL);
  g_clear_object (&w->server);
  g_free (w->url);
  g_free (w->dir);
  g_free (w->password);
  g_free (w->mine);
  g_free (w->other);
  g_free (w->case_no);
}

static TjConflict *
the_open_conflict (const char *db)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = tj_store_open (db, &error);
  g_autoptr(GPtrArray) open = NULL;

  g_assert_no_error (error);
  open = tj_conflicts_list (store, TRUE, &error);
  g_assert_no_error (error);
  if (open->len == 0)
    return NULL;
  g_assert_cmpuint (open->len, ==, 1);
  return g_ptr_array_steal_index (open, 0);
}

static GtkWidget *
row_of_check (GtkWidget *dialog, const char *name)
{
  GtkWidget *check = find_widget (dialog, GTK_TYPE_CHECK_BUTTON, name);

  g_assert_nonnull (check);
  return gtk_widget_get_ancestor (check, ADW_TYPE_ACTION_ROW);
}

/* Who wrote a side and when, as the dialog says it. */
static char *
side_subtitle (const char *user, gint64 ms)
{
  g_autofree char *when = tj_app_format_time (ms);

  g_assert_cmpint (ms, >, 0);
  return g_strdup_printf (_("%s · %s"), user, when);
}

static void
test_resolve_with_new_value (void)
{
  World w = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TjConflict) conflict = NULL;
  g_autoptr(TjConflict) after = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autoptr(JsonNode) other_case = NULL;
  g_autofree char *out = NULL;
  g_autofree char *mine_sub = NULL, *theirs_sub = NULL, *expected = NULL;
  GtkWidget *window, *dialog, *button, *mine_row, *theirs_row, *value_row;
  gboolean kept_is_mine;

  if (g_getenv ("TJ_SERVER") == NULL || g_getenv ("TJ_CLI") == NULL)
    {
      g_test_skip ("TJ_SERVER or TJ_CLI names no program");
      return;
    }
  world_set_up (&w);
  conflict = the_open_conflict (w.mine);
  g_assert_nonnull (conflict);
  g_assert_cmpstr (conflict->field, ==, "workers");

  g_assert_true (tj_application_open_replica (app, w.mine, &error));
  g_assert_no_error (error);
  window = GTK_WIDGET (tj_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  pump (300);
  gtk_widget_activate_action (window, "win.show-view", "s", "sync");
  pump (100);

  /* The sync view lists the conflict; its button opens the dialog. */
  button = find_widget_by_action (window, "sync.resolve-conflict");
  g_assert_nonnull (button);
  click (window, "resolve");
  dialog = find_toplevel (TJ_TYPE_CONFLICT_DIALOG);
  g_assert_nonnull (dialog);

  /* Both values, each with who wrote it and when: this replica's 3, the other's 4. */
  kept_is_mine = tj_conflict_kept_is_mine (tj_case_store_get_store (tj_application_get_case_store (app)),
                                           conflict);
  mine_row = row_of_check (dialog, "keep-mine");
  theirs_row = row_of_check (dialog, "keep-theirs");
  value_row = row_of_check (dialog, "keep-value");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (mine_row)), ==, "3");
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (theirs_row)), ==, "4");
  mine_sub = side_subtitle (kept_is_mine ? conflict->kept_user : conflict->lost_user,
                            kept_is_mine ? conflict->kept_ms : conflict->lost_ms);
  theirs_sub = side_subtitle (kept_is_mine ? conflict->lost_user : conflict->kept_user,
                              kept_is_mine ? conflict->lost_ms : conflict->kept_ms);
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (mine_row)),
                                   mine_sub));
  g_assert_true (g_str_has_prefix (adw_action_row_get_subtitle (ADW_ACTION_ROW (theirs_row)),
                                   theirs_sub));

  /* A new value breaks the field's rule: the error stands beside it, in the core's words,
   * and resolving is refused with nothing written. */
  type_into (dialog, "new-value", "0");
  g_assert_true (gtk_check_button_get_active (GTK_CHECK_BUTTON (find_widget (dialog,
                                                                             GTK_TYPE_CHECK_BUTTON,
                                                                             "keep-value"))));
  g_assert_false (tj_conflict_check_value (tj_application_get_case_store (app), conflict, "0",
                                           &error));
  expected = g_strdup (error->message);
  g_clear_error (&error);
  g_assert_true (gtk_widget_has_css_class (value_row, "invalid"));
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (value_row)), ==, expected);
  save_png (dialog, "screenshot-conflict.png");
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (50);
  g_assert_true (find_toplevel (TJ_TYPE_CONFLICT_DIALOG) == dialog);
  g_assert_nonnull (find_error_label (dialog));
  g_clear_pointer (&after, tj_conflict_free);
  after = the_open_conflict (w.mine);
  g_assert_nonnull (after);

  /* A good one: the error goes, and the conflict is resolved with it. */
  type_into (dialog, "new-value", "5");
  g_assert_false (gtk_widget_has_css_class (value_row, "invalid"));
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (100);
  g_assert_null (find_toplevel (TJ_TYPE_CONFLICT_DIALOG));

  /* The replica file: the case has the new value, the conflict is resolved. */
  {
    g_autoptr(TjStore) store = tj_store_open (w.mine, &error);
    g_autoptr(GPtrArray) all = NULL;
    TjConflict *resolved;

    g_assert_no_error (error);
    all = tj_conflicts_list (store, FALSE, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (all->len, ==, 1);
    resolved = g_ptr_array_index (all, 0);
    g_assert_true (resolved->resolved);
  }
  c = read_back (w.mine, w.case_no);
  g_assert_cmpint (c->workers, ==, 5);
  g_assert_null (the_open_conflict (w.mine));
  /* The sync view no longer offers it. */
  pump (100);
  g_assert_null (find_widget_by_action (window, "sync.resolve-conflict"));

  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);

  /* Synced like any edit: the other desk gets the value and the resolution. */
  sync_replica (&w, w.mine, "mediator");
  sync_replica (&w, w.other, "head");
  g_assert_cmpint (run_cli (&out, w.other, "--json", "case", "show", w.case_no, NULL), ==, 0);
  other_case = parse_answer (out);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (other_case), "workers"), ==, 5);
  g_assert_null (the_open_conflict (w.other));

  world_tear_down (&w);
}

/* A label showing exactly `text` below root, or NULL. */
static GtkWidget *
find_label (GtkWidget *root, const char *text)
{
  if (GTK_IS_LABEL (root) && g_strcmp0 (gtk_label_get_text (GTK_LABEL (root)), text) == 0)
    return root;
  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, text);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The case list marks the case; the case page shows the conflict as a badge with both values; its Resolve opens the
 * dialog, and once resolved the badge is gone. */
static void
test_badge_on_case (void)
{
  World w = { 0 };
  g_autoptr(GError) error = NULL;
  g_autoptr(TjConflict) conflict = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autofree char *conflict_id = NULL;
  GtkWidget *window, *page, *badge, *row, *dialog;
  char id[TJ_UUID_STRING_LEN + 1];

  if (g_getenv ("TJ_SERVER") == NULL || g_getenv ("TJ_CLI") == NULL)
    {
      g_test_skip ("TJ_SERVER or TJ_CLI names no program");
      return;
    }
  world_set_up (&w);
  conflict = the_open_conflict (w.mine);
  g_assert_nonnull (conflict);
  conflict_id = tj_uuid_dup_string (&conflict->id);
  c = read_back (w.mine, w.case_no);

  g_assert_true (tj_application_open_replica (app, w.mine, &error));
  g_assert_no_error (error);
  window = GTK_WIDGET (tj_window_new (app));
  gtk_window_present (GTK_WINDOW (window));
  pump (300);
  /* In the list, the case's state says it has a conflict. */
  {
    g_autofree char *marked = g_strdup_printf (_("%s · conflict"),
                                               tj_enum_label (&tj_enum_state, c->state));

    g_assert_nonnull (find_label (window, marked));
  }
  tj_uuid_to_string (&c->id, id);
  gtk_widget_activate_action (window, "win.open-case", "s", id);
  pump (200);
  page = find_widget (window, TJ_TYPE_CASE_PAGE, NULL);
  badge = find_widget (page, TJ_TYPE_CASE_CONFLICTS, NULL);
  g_assert_nonnull (badge);
  g_assert_true (gtk_widget_get_visible (badge));
  row = find_widget (badge, ADW_TYPE_ACTION_ROW, NULL);
  g_assert_nonnull (row);
  g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), ==,
                   tj_case_field_label ("workers"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "3"));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), "4"));
  save_png (window, "screenshot-conflict-badge.png");

  gtk_widget_activate_action (badge, "conflicts.resolve", "s", conflict_id);
  pump (100);
  dialog = find_toplevel (TJ_TYPE_CONFLICT_DIALOG);
  g_assert_nonnull (dialog);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (find_widget (dialog, GTK_TYPE_CHECK_BUTTON,
                                                              "keep-mine")), TRUE);
  gtk_widget_activate_action (dialog, "dialog.apply", NULL);
  pump (200);
  g_assert_null (find_toplevel (TJ_TYPE_CONFLICT_DIALOG));
  g_assert_null (the_open_conflict (w.mine));
  g_assert_false (gtk_widget_get_visible (find_widget (find_widget (window, TJ_TYPE_CASE_PAGE,
                                                                    NULL),
                                                       TJ_TYPE_CASE_CONFLICTS, NULL)));
  gtk_window_destroy (GTK_WINDOW (window));
  pump (50);
  world_tear_down (&w);
}

int
main (int argc, char **argv)
{
  int status;

  ui_init (&argc, &argv);
  g_test_add_func ("/conflicts/resolve-with-new-value", test_resolve_with_new_value);
  g_test_add_func ("/conflicts/badge-on-case", test_badge_on_case);
  status = g_test_run ();
  g_object_unref (app);
  return status;
}
