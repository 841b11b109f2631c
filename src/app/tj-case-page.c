/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-action-dialog.h"
#include "tj-agreement-dialog.h"
#include "tj-app-util.h"
#include "tj-case-page.h"
#include "tj-case-read.h"
#include "tj-doc-lint.h"
#include "tj-documents-section.h"
#include "tj-money.h"
#include "tj-parties-section.h"
#include "tj-review-pane.h"
#include "tj-session-dialog.h"
#include "tj-delegate-dialog.h"
#include "tj-case-conflicts.h"
#include "tj-uuid.h"
#include "tj-validate.h"

/* One case: what it is, what may happen next, and everything that happened. Facts save
 * as they are typed (a pause of FACTS_DELAY_MS makes one edit, not one per key). */

#define FACTS_DELAY_MS 800

struct _TjCasePage
{
  GtkWidget     parent_instance;

  TjCaseStore  *store;              /* (nullable) */
  TjCase       *c;                  /* (nullable) the case shown */
  char         *id;                 /* (nullable) */
  gboolean      may_edit;
  guint         facts_id;
  gboolean      filling;

  /* Template widgets */
  GtkPaned     *paned;
  TjReviewPane *review_pane;
  TjDocumentsSection *documents_section;
  GtkLabel     *case_no_label;
  GtkLabel     *state_label;
  GtkLabel     *due_label;
  GtkLabel     *summary_label;
  GtkFlowBox   *actions_box;
  GtkWidget    *readonly_label;
  TjPartiesSection *parties_section;
  AdwPreferencesGroup *facts_group;
  TjCaseConflicts *conflicts;
  GtkWidget    *facts_badge;       /* (nullable) on the facts group while they conflict */
  GtkTextView  *facts_view;
  GtkListBox   *deadlines_list;
  GtkWidget    *session_button;
  GtkListBox   *sessions_list;
  GtkListBox   *agreement_list;
  GtkWidget    *attach_button;
  GtkListBox   *attachments_list;
  GtkListBox   *timeline_list;
};

G_DEFINE_FINAL_TYPE (TjCasePage, tj_case_page, GTK_TYPE_WIDGET)

static GtkWidget *
add_row (GtkListBox *list, const char *title, const char *subtitle)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title != NULL ? title : "");
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (subtitle != NULL && *subtitle != '\0')
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_list_box_append (list, row);
  return row;
}

static void
add_empty (GtkListBox *list, const char *text)
{
  GtkWidget *row = add_row (list, text, NULL);

  gtk_widget_add_css_class (row, "dim-label");
}

static const char *
clock_label_of (const char *key)
{
  TjClock clock;

  return key != NULL && tj_clock_from_key (key, &clock) ? tj_clock_label (clock) : "";
}

static void
notify_changed (TjCasePage *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.changed", NULL);
}

static void
fill_deadlines (TjCasePage *self)
{
  g_autoptr(GArray) deadlines = tj_case_store_deadlines (self->store, self->c);
  const TjDeadlineSettings *settings = tj_case_store_get_settings (self->store);

  tj_app_remove_children (GTK_WIDGET (self->deadlines_list));
  for (guint i = 0; deadlines != NULL && i < deadlines->len; i++)
    {
      TjDeadline *d = &g_array_index (deadlines, TjDeadline, i);
      g_autofree char *rule = tj_clock_describe (d->clock, settings);
      char date[16];
      GtkWidget *row, *label;

      g_date_strftime (date, sizeof date, "%Y-%m-%d", &d->date);
      row = add_row (self->deadlines_list, tj_clock_label (d->clock), rule);
      label = gtk_label_new (date);
      gtk_widget_add_css_class (label, "numeric");
      if (self->c->due != NULL && g_str_equal (self->c->due, date) &&
          g_strcmp0 (self->c->due_clock, tj_clock_key (d->clock)) == 0)
        gtk_widget_add_css_class (label, "accent");
      if (d->provisional)
        gtk_widget_set_tooltip_text (label, _("Provisional: the holiday calendar of that year "
                                              "is not known yet."));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
    }
  if (deadlines == NULL || deadlines->len == 0)
    add_empty (self->deadlines_list, _("No clock runs for this case"));
}

static void
fill_sessions (TjCasePage *self)
{
  g_autoptr(GArray) sessions = tj_case_store_list_sessions (self->store, self->c, NULL);

  tj_app_remove_children (GTK_WIDGET (self->sessions_list));
  for (guint i = 0; sessions != NULL && i < sessions->len; i++)
    {
      TjSession *s = &g_array_index (sessions, TjSession, i);
      g_autofree char *when = tj_app_format_time (s->started);
      g_autofree char *title = g_strdup_printf ("%s · %s", when, s->place ? s->place : "");
      GtkWidget *row = adw_expander_row_new ();
      GtkWidget *text = gtk_label_new (s->transcript);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (row), s->result ? s->result : "");
      gtk_label_set_wrap (GTK_LABEL (text), TRUE);
      gtk_label_set_xalign (GTK_LABEL (text), 0);
      gtk_label_set_selectable (GTK_LABEL (text), TRUE);
      gtk_widget_set_margin_start (text, 12);
      gtk_widget_set_margin_end (text, 12);
      gtk_widget_set_margin_top (text, 8);
      gtk_widget_set_margin_bottom (text, 8);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (row), text);
      gtk_list_box_append (self->sessions_list, row);
    }
  if (sessions == NULL || sessions->len == 0)
    add_empty (self->sessions_list, _("No session recorded yet"));
}

static void
fill_agreement (TjCasePage *self)
{
  g_autoptr(TjAgreementView) a = tj_case_read_agreement (self->store, self->c, NULL);

  tj_app_remove_children (GTK_WIDGET (self->agreement_list));
  if (a == NULL)
    {
      add_empty (self->agreement_list, _("No agreement yet"));
      return;
    }
  {
    /* Translators: when an agreement was signed and took effect */
    g_autofree char *dates = g_strdup_printf (_("Signed %s, effective %s"),
                                              a->signed_date ? a->signed_date : "—",
                                              a->effective ? a->effective : "—");
    add_row (self->agreement_list, _("Mediation agreement"), dates);
  }
  for (guint i = 0; i < a->clauses->len; i++)
    {
      TjClause *cl = g_ptr_array_index (a->clauses, i);
      /* A clause may name a side ("respondent"); the page names the party. */
      g_autofree char *payer = tj_doc_resolve_party (self->c, cl->payer);
      g_autofree char *payee = tj_doc_resolve_party (self->c, cl->payee);
      g_autofree char *title = g_strdup_printf ("%u. %s → %s", i + 1,
                                                payer != NULL ? payer : cl->payer,
                                                payee != NULL ? payee : cl->payee);
      g_autoptr(GString) sub = g_string_new (cl->what);

      if (cl->amount >= 0)
        {
          g_autofree char *amount = tj_money_format_yuan_grouped (cl->amount);
          g_string_append_printf (sub, " · ");
          g_string_append_printf (sub, _("¥%s"), amount);
        }
      if (cl->due != NULL)
        /* Translators: the date a clause of an agreement is due */
        g_string_append_printf (sub, " · %s %s", _("due"), cl->due);
      if (cl->method != NULL)
        g_string_append_printf (sub, " · %s", cl->method);
      add_row (self->agreement_list, title, sub->str);
    }
  if (a->waiver != NULL)
    add_row (self->agreement_list, _("Waiver"), a->waiver);
}

/* A supervisor decides a review with the agreement beside the case data; Confirm and
 * Refuse are then offered there, beside the PDF, and not among the page's actions. */
static gboolean
is_reviewing (TjCasePage *self, guint roles)
{
  return (roles & TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR)) != 0 &&
         self->c->state == TJ_STATE_UNDER_REVIEW && self->c->archived == NULL;
}

static void
fill_review (TjCasePage *self, guint roles)
{
  gboolean reviewing = is_reviewing (self, roles);
  gboolean shown = gtk_widget_get_visible (GTK_WIDGET (self->review_pane));

  if (reviewing)
    tj_review_pane_set_case (self->review_pane, self->store, self->c);
  if (reviewing && !shown)
    {
      int width = gtk_widget_get_width (GTK_WIDGET (self));

      /* Half each: the case data reads in the narrower half, the page in the other. */
      gtk_paned_set_position (self->paned, width > 0 ? width * 9 / 20 : 460);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->review_pane), reviewing);
}

static void
fill_attachments (TjCasePage *self)
{
  g_autoptr(GPtrArray) list = tj_case_read_attachments (self->store, self->c, NULL);

  tj_app_remove_children (GTK_WIDGET (self->attachments_list));
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      TjAttachmentEntry *a = g_ptr_array_index (list, i);
      g_autofree char *size = g_format_size (a->size);
      g_autofree char *when = tj_app_format_time (a->added_ms);
      g_autofree char *sub = g_strdup_printf ("%s · %s", size, when);

      add_row (self->attachments_list, a->name, sub);
    }
  if (list == NULL || list->len == 0)
    add_empty (self->attachments_list, _("No attachments"));
}

/* The edit of one party or claim (tj_case_store_add_party () and the rest). */
static const char *
record_event_label (const TjEventEntry *e)
{
  gboolean party = g_strcmp0 (e->kind, "party") == 0;

  if (g_strcmp0 (e->action, "create") == 0)
    return party ? _("Party added") : _("Claim added");
  if (g_strcmp0 (e->action, "delete") == 0)
    return party ? _("Party removed") : _("Claim removed");
  return party ? _("Party edited") : _("Claim edited");
}

static void
fill_timeline (TjCasePage *self)
{
  g_autoptr(GPtrArray) events = tj_case_read_events (self->store, self->c, NULL);

  tj_app_remove_children (GTK_WIDGET (self->timeline_list));
  for (guint i = 0; events != NULL && i < events->len; i++)
    {
      TjEventEntry *e = g_ptr_array_index (events, i);
      guint action;
      const char *what = e->action;
      g_autofree char *recorded = tj_app_format_time (e->recorded_ms);
      g_autoptr(GString) sub = g_string_new (recorded);
      GtkWidget *row;

      if (tj_enum_lookup (&tj_enum_action, e->action, &action))
        what = tj_enum_label (&tj_enum_action, action);
      else if (g_strcmp0 (e->kind, "party") == 0 || g_strcmp0 (e->kind, "claim") == 0)
        what = record_event_label (e);
      else if (g_strcmp0 (e->action, "create") == 0)
        what = _("Registered");
      else if (g_strcmp0 (e->action, "edit") == 0)
        what = _("Edited");
      else if (g_strcmp0 (e->action, "delegate") == 0)
        what = _("Delegated");
      else if (g_strcmp0 (e->action, "session") == 0)
        what = _("Session recorded");
      if (e->actor != NULL)
        g_string_append_printf (sub, " · %s", e->actor);
      if (e->note != NULL)
        g_string_append_printf (sub, " · %s", e->note);
      row = add_row (self->timeline_list, what, sub->str);
      if (e->late)
        {
          g_autofree char *stated = tj_app_format_time (e->stated_ms);
          /* Translators: a late entry: %s is when it is said to have happened */
          g_autofree char *tip = g_strdup_printf (_("Recorded late: it says it happened on %s"),
                                                  stated);
          GtkWidget *badge = gtk_label_new (_("Late entry"));

          gtk_widget_add_css_class (badge, "late-badge");
          gtk_widget_set_valign (badge, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (badge, tip);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
        }
    }
}

static void
fill_actions (TjCasePage *self)
{
  const TjUuid *me = tj_journal_get_actor (tj_case_store_get_journal (self->store));
  gboolean own = tj_uuid_is_nil (&self->c->mediator_id) ||
                 (me != NULL && tj_uuid_equal (&self->c->mediator_id, me));
  g_autofree char *today = tj_case_store_today (self->store);
  guint roles = tj_case_store_get_roles (self->store);
  TjActionArgs empty = { 0 };

  tj_app_remove_children (GTK_WIDGET (self->actions_box));
  for (guint a = 0; a < TJ_N_ACTIONS; a++)
    {
      g_autoptr(GError) error = NULL;
      GtkWidget *button;

      if (!tj_workflow_exists (self->c->state, a) ||
          ((a == TJ_ACTION_CONFIRM || a == TJ_ACTION_REFUSE) && is_reviewing (self, roles)))
        continue;
      button = gtk_button_new_with_label (tj_enum_label (&tj_enum_action, a));
      gtk_widget_set_name (button, tj_enum_key (&tj_enum_action, a));
      if (a == TJ_ACTION_ACCEPT || a == TJ_ACTION_AGREE || a == TJ_ACTION_ASSIGN ||
          a == TJ_ACTION_CONFIRM)
        gtk_widget_add_css_class (button, "suggested-action");
      /* The role is known now; what the action needs is asked for in its dialog. A button
       * the role refuses gets no action (an action would make it sensitive again). */
      if (!tj_workflow_check (self->c, a, &empty, roles, own, today, &error) &&
          g_error_matches (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE))
        {
          gtk_widget_set_sensitive (button, FALSE);
          gtk_widget_set_tooltip_text (button, error->message);
        }
      else
        {
          gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.do");
          gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s",
                                            tj_enum_key (&tj_enum_action, a));
        }
      gtk_flow_box_append (self->actions_box, button);
    }
  /* Delegation (委派) is the supervisor's, before mediation starts. */
  if ((roles & (TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR) | TJ_ROLE_BIT (TJ_ROLE_ADMINISTRATOR))) &&
      tj_state_may_move (self->c->state) && self->c->archived == NULL)
    {
      GtkWidget *button = gtk_button_new_with_mnemonic (_("De_legate…"));

      gtk_widget_set_name (button, "delegate");
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "case.delegate");
      gtk_flow_box_append (self->actions_box, button);
    }
}

/* The conflicts about the case, and a badge on the facts when they are one of them. */
static void
fill_conflicts (TjCasePage *self)
{
  tj_case_conflicts_set_case (self->conflicts, self->store, self->c);
  if (tj_case_conflicts_has_field (self->conflicts, "facts"))
    {
      if (self->facts_badge == NULL)
        {
          self->facts_badge = gtk_label_new (_("Conflict"));
          gtk_widget_set_name (self->facts_badge, "facts-conflict");
          gtk_widget_add_css_class (self->facts_badge, "conflict-badge");
          gtk_widget_set_valign (self->facts_badge, GTK_ALIGN_CENTER);
          gtk_widget_set_tooltip_text (self->facts_badge,
                                       _("Changed in two places at once; see above."));
          adw_preferences_group_set_header_suffix (self->facts_group, self->facts_badge);
        }
    }
  else if (self->facts_badge != NULL)
    {
      adw_preferences_group_set_header_suffix (self->facts_group, NULL);
      self->facts_badge = NULL;
    }
}

static void
fill (TjCasePage *self)
{
  g_autofree char *summary = NULL;
  g_autofree char *types = tj_disputes_to_labels (self->c->types);
  g_autofree char *claimed = tj_money_format_yuan_grouped (self->c->claimed);
  guint roles = tj_case_store_get_roles (self->store);
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->facts_view);
  g_autofree char *current = NULL;
  GtkTextIter start, end;
  gboolean editable;

  self->filling = TRUE;
  self->may_edit = (roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))) != 0;
  gtk_label_set_text (self->case_no_label, self->c->case_no);
  gtk_label_set_text (self->state_label, tj_enum_label (&tj_enum_state, self->c->state));
  gtk_widget_set_css_classes (GTK_WIDGET (self->state_label), NULL);
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), "state-badge");
  gtk_widget_add_css_class (GTK_WIDGET (self->state_label), tj_app_state_css_class (self->c->state));
  if (self->c->due != NULL)
    {
      /* Translators: the date of a case's next deadline and the clock it comes from */
      g_autofree char *due = g_strdup_printf (_("Next deadline %s (%s)"), self->c->due,
                                              clock_label_of (self->c->due_clock));
      tj_app_label_set_text (self->due_label, due);
    }
  else
    tj_app_label_set_text (self->due_label, NULL);
  /* Translators: a case's summary: received date, channel, dispute types, amount claimed */
  summary = g_strdup_printf (_("Received %s · %s · %s · claimed ¥%s"), self->c->received,
                             tj_enum_label (&tj_enum_channel, self->c->channel), types, claimed);
  if (self->c->collective)
    {
      g_autofree char *with = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%s · collective, %d worker",
                                                            "%s · collective, %d workers",
                                                            self->c->workers),
                                               summary, self->c->workers);
      g_free (summary);
      summary = g_steal_pointer (&with);
    }
  if (self->c->mediator_name != NULL)
    {
      /* Translators: %s is the case summary, then the mediator's name */
      g_autofree char *with = g_strdup_printf (_("%s · mediator %s"), summary,
                                               self->c->mediator_name);
      g_free (summary);
      summary = g_steal_pointer (&with);
    }
  gtk_label_set_text (self->summary_label, summary);

  gtk_text_buffer_get_bounds (buffer, &start, &end);
  current = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  /* Our own save comes back here: leave the text (and the cursor) alone then. */
  if (g_strcmp0 (current, self->c->facts ? self->c->facts : "") != 0)
    gtk_text_buffer_set_text (buffer, self->c->facts ? self->c->facts : "", -1);
  /* The case's fields, parties and claims change where tj_case_store_set () lets them: in
   * the centre that holds the case, by its mediators, until it is archived. Read-only, the
   * page neither offers a change nor says how changes are saved. */
  editable = self->may_edit && self->c->archived == NULL &&
             tj_uuid_equal (&self->c->org_id, tj_case_store_get_org_id (self->store));
  gtk_text_view_set_editable (self->facts_view, editable);
  adw_preferences_group_set_description (self->facts_group,
                                         editable ? _("Saved as you type.") : NULL);
  gtk_widget_set_visible (self->readonly_label, !self->may_edit);
  gtk_widget_set_visible (self->session_button, self->may_edit);
  gtk_widget_set_visible (self->attach_button, self->may_edit);

  fill_actions (self);
  fill_conflicts (self);
  tj_parties_section_set_case (self->parties_section, self->store, self->c, editable);
  fill_deadlines (self);
  fill_sessions (self);
  fill_agreement (self);
  tj_documents_section_set_case (self->documents_section, self->store, self->c);
  fill_review (self, roles);
  fill_attachments (self);
  fill_timeline (self);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.record-session",
                                 self->may_edit && self->c->state == TJ_STATE_IN_MEDIATION);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.attach", self->may_edit);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "case.do", TRUE);
  self->filling = FALSE;
}

static gboolean
save_facts (TjCasePage *self)
{
  GtkTextBuffer *buffer = gtk_text_view_get_buffer (self->facts_view);
  g_autofree char *text = NULL;
  g_autofree char *assignment = NULL;
  g_autoptr(GError) error = NULL;
  const char *assignments[2];
  GtkTextIter start, end;

  self->facts_id = 0;
  if (self->c == NULL)
    return G_SOURCE_REMOVE;
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  text = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);
  if (g_strcmp0 (text, self->c->facts ? self->c->facts : "") == 0)
    return G_SOURCE_REMOVE;
  assignment = g_strconcat ("facts=", text, NULL);
  assignments[0] = assignment;
  assignments[1] = NULL;
  if (!tj_case_store_set (self->store, self->id, assignments, NULL, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
  else
    notify_changed (self);
  return G_SOURCE_REMOVE;
}

static gboolean
on_facts_timeout_cb (gpointer data)
{
  return save_facts (data);
}

static void
on_facts_changed_cb (GtkTextBuffer *buffer, TjCasePage *self)
{
  if (self->filling || !self->may_edit)
    return;
  g_clear_handle_id (&self->facts_id, g_source_remove);
  self->facts_id = g_timeout_add (FACTS_DELAY_MS, on_facts_timeout_cb, self);
}

static void
on_dialog_done_cb (TjCasePage *self)
{
  notify_changed (self);
}

static void
on_parties_saved_cb (TjCasePage *self)
{
  notify_changed (self);
}

/* 办案规则 Art. 74: the review is applied for jointly; the application goes with the
 * submission, as a final document. */
static void
on_submitted_cb (TjCasePage *self)
{
  tj_documents_section_issue (self->documents_section, "review_application", 0);
}

static void
do_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  GtkWindow *parent = GTK_WINDOW (gtk_widget_get_root (widget));
  guint action;
  GtkWindow *dialog;

  if (self->c == NULL || !tj_enum_lookup (&tj_enum_action, g_variant_get_string (param, NULL), &action))
    return;
  if (action == TJ_ACTION_AGREE)
    dialog = GTK_WINDOW (tj_agreement_dialog_new (self->store, self->c));
  else
    dialog = GTK_WINDOW (tj_action_dialog_new (self->store, self->c, action));
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_dialog_done_cb), self, G_CONNECT_SWAPPED);
  if (action == TJ_ACTION_SUBMIT_REVIEW)
    g_signal_connect_object (dialog, "done", G_CALLBACK (on_submitted_cb), self,
                             G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (dialog, parent);
  gtk_window_present (dialog);
}

static void
on_conflict_resolved_cb (TjCasePage *self)
{
  on_dialog_done_cb (self);
}

static void
delegate_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  TjDelegateDialog *dialog;

  if (self->c == NULL)
    return;
  dialog = tj_delegate_dialog_new (self->store, self->c);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
record_session_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  TjSessionDialog *dialog;

  if (self->c == NULL)
    return;
  dialog = tj_session_dialog_new (self->store, self->c);
  g_signal_connect_object (dialog, "done", G_CALLBACK (on_dialog_done_cb), self, G_CONNECT_SWAPPED);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (gtk_widget_get_root (widget)));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
on_attach_response_cb (GtkNativeDialog *chooser, int response, TjCasePage *self)
{
  g_autoptr(GFile) file = NULL;
  g_autoptr(GError) error = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  if (file != NULL && self->c != NULL)
    {
      if (!tj_case_store_attach (self->store, self->id, file, NULL, NULL, &error))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      else
        notify_changed (self);
    }
  g_object_unref (chooser);
}

static void
attach_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjCasePage *self = TJ_CASE_PAGE (widget);
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Attach a File"), GTK_WINDOW (gtk_widget_get_root (widget)),
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_attach_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
tj_case_page_dispose (GObject *object)
{
  TjCasePage *self = TJ_CASE_PAGE (object);

  /* A pause not yet over still saves what was typed. */
  if (self->facts_id != 0)
    {
      g_clear_handle_id (&self->facts_id, g_source_remove);
      save_facts (self);
    }
  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_CASE_PAGE);
  g_clear_pointer (&self->c, tj_case_free);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_case_page_parent_class)->dispose (object);
}

static void
tj_case_page_finalize (GObject *object)
{
  TjCasePage *self = TJ_CASE_PAGE (object);

  g_free (self->id);
  G_OBJECT_CLASS (tj_case_page_parent_class)->finalize (object);
}

static void
tj_case_page_class_init (TjCasePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_case_page_dispose;
  object_class->finalize = tj_case_page_finalize;

  g_type_ensure (TJ_TYPE_DOCUMENTS_SECTION);
  g_type_ensure (TJ_TYPE_PARTIES_SECTION);
  g_type_ensure (TJ_TYPE_CASE_CONFLICTS);
  g_type_ensure (TJ_TYPE_REVIEW_PANE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-case-page.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, paned);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, review_pane);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, documents_section);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, case_no_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, state_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, due_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, actions_box);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, readonly_label);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, parties_section);
  gtk_widget_class_bind_template_callback (widget_class, on_parties_saved_cb);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, facts_view);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, deadlines_list);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, session_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, facts_group);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, conflicts);
  gtk_widget_class_bind_template_callback (widget_class, on_conflict_resolved_cb);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, attach_button);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, sessions_list);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, agreement_list);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, attachments_list);
  gtk_widget_class_bind_template_child (widget_class, TjCasePage, timeline_list);

  gtk_widget_class_install_action (widget_class, "case.do", "s", do_activated);
  gtk_widget_class_install_action (widget_class, "case.delegate", NULL, delegate_activated);
  gtk_widget_class_install_action (widget_class, "case.record-session", NULL,
                                   record_session_activated);
  gtk_widget_class_install_action (widget_class, "case.attach", NULL, attach_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_case_page_init (TjCasePage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_signal_connect_object (gtk_text_view_get_buffer (self->facts_view), "changed",
                           G_CALLBACK (on_facts_changed_cb), self, 0);
}

void
tj_case_page_set_store (TjCasePage *self, TjCaseStore *store)
{
  g_return_if_fail (TJ_IS_CASE_PAGE (self));
  g_set_object (&self->store, store);
}

gboolean
tj_case_page_load (TjCasePage *self, const char *ref, GError **error)
{
  TjCase *c;

  g_return_val_if_fail (TJ_IS_CASE_PAGE (self), FALSE);
  g_return_val_if_fail (self->store != NULL, FALSE);

  /* Leaving a case saves what was typed into it. */
  if (self->facts_id != 0 && (self->id == NULL || g_strcmp0 (ref, self->id) != 0))
    {
      g_clear_handle_id (&self->facts_id, g_source_remove);
      save_facts (self);
    }
  if (self->id != NULL && g_strcmp0 (ref, self->id) != 0)
    tj_parties_section_flush (self->parties_section);
  c = tj_case_store_get (self->store, ref, error);
  if (c == NULL)
    return FALSE;
  g_clear_pointer (&self->c, tj_case_free);
  self->c = c;
  g_free (self->id);
  self->id = tj_uuid_dup_string (&c->id);
  fill (self);
  return TRUE;
}

void
tj_case_page_reload (TjCasePage *self)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (TJ_IS_CASE_PAGE (self));

  if (self->id == NULL)
    return;
  id = g_strdup (self->id);
  if (!tj_case_page_load (self, id, &error))
    g_warning ("Could not read the case again: %s", error->message);
}

const char *
tj_case_page_get_case_no (TjCasePage *self)
{
  g_return_val_if_fail (TJ_IS_CASE_PAGE (self), NULL);
  return self->c ? self->c->case_no : NULL;
}

const char *
tj_case_page_get_case_id (TjCasePage *self)
{
  g_return_val_if_fail (TJ_IS_CASE_PAGE (self), NULL);
  return self->id;
}
