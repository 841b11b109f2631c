/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-form.h"
#include "tj-claim-editor.h"
#include "tj-form-row.h"
#include "tj-party-editor.h"
#include "tj-uuid.h"
#include "tj-validate.h"

/* Registration of a case (domain.md "Data"): the application, the parties and the claims.
 * Fields are checked as they are typed; saving checks everything again in core, so what
 * the form lets through and what the store accepts cannot differ. */

struct _TjCaseForm
{
  AdwWindow     parent_instance;

  TjCaseStore  *store;
  char         *today;
  GPtrArray    *claims;                 /* TjClaimEditor */
  GtkWidget    *type_checks[TJ_N_DISPUTES];

  GtkWidget    *received_row;
  GtkEntry     *received;
  GtkWidget    *channel_row;
  GtkWidget    *source_row;
  GtkWidget    *delegation_row;
  GtkEntry     *delegation;
  GtkWidget    *industry_row;
  GtkEntry     *industry;
  GtkWidget    *employer_row;
  GtkWidget    *complexity_row;
  GtkWidget    *collective_row;
  GtkSwitch    *collective;
  GtkWidget    *workers_row;
  GtkEntry     *workers;

  /* Template widgets */
  GtkRevealer  *error_revealer;
  GtkLabel     *error_label;
  AdwPreferencesGroup *case_group;
  GtkFlowBox   *types_box;
  GtkBox       *applicants_box;
  GtkBox       *respondents_box;
  AdwPreferencesGroup *claims_group;
  GtkTextView  *facts_view;
};

enum {
  CREATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjCaseForm, tj_case_form, ADW_TYPE_WINDOW)

static void
show_error (TjCaseForm *self, const char *message)
{
  if (message != NULL)
    gtk_label_set_text (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static guint
count_children (GtkBox *box)
{
  guint n = 0;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (box)); w; w = gtk_widget_get_next_sibling (w))
    n++;
  return n;
}

/* The case's own fields; TRUE when all are valid. */
static gboolean
validate_case (TjCaseForm *self)
{
  g_autofree char *received = tj_form_entry_dup_text (self->received);
  g_autofree char *industry = tj_form_entry_dup_text (self->industry);
  g_autofree char *workers = tj_form_entry_dup_text (self->workers);
  g_autoptr(GError) error = NULL;
  GDate today, date;
  gboolean ok = TRUE;
  gboolean collective = gtk_switch_get_active (self->collective);

  g_date_clear (&today, 1);
  g_date_set_parse (&today, self->today);
  if (!tj_validate_past_date (_("Received date"), received ? received : "", &today, &date, &error))
    tj_form_row_set_error (self->received_row, error->message), ok = FALSE;
  else
    tj_form_row_set_error (self->received_row, NULL);
  g_clear_error (&error);

  if (industry != NULL && !tj_industry_validate (_("Industry"), industry, &error))
    tj_form_row_set_error (self->industry_row, error->message), ok = FALSE;
  else
    tj_form_row_set_error (self->industry_row, NULL);
  g_clear_error (&error);

  gtk_widget_set_visible (self->workers_row, collective);
  tj_form_row_set_error (self->workers_row, NULL);
  if (collective)
    {
      gint64 n = 0;

      if (workers == NULL || !g_ascii_string_to_signed (workers, 10, 1, 100000, &n, NULL))
        {
          tj_form_row_set_error (self->workers_row, _("Workers involved: between 1 and 100000."));
          ok = FALSE;
        }
      else if (n < 10)
        {
          g_autofree char *msg =
            g_strdup_printf (_("Collective dispute: needs 10 or more workers with a common claim "
                               "(Law Art. 7); %d given."), (int) n);
          tj_form_row_set_error (self->workers_row, msg);
          ok = FALSE;
        }
    }
  /* Law Art. 7: a collective dispute is put by 3 to 5 representatives. */
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->collective_row),
                                 _("Collective dispute"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->collective_row),
                               collective ? _("Enter the 3 to 5 representatives as applicants.")
                                          : _("10 or more workers with a common claim"));
  return ok;
}

static void
on_case_field_changed_cb (TjCaseForm *self)
{
  validate_case (self);
  show_error (self, NULL);
}

static void
on_claim_changed_cb (TjCaseForm *self)
{
  for (guint i = 0; i < self->claims->len; i++)
    {
      guint type = tj_claim_editor_get_dispute (g_ptr_array_index (self->claims, i));

      /* A claim's type is one of the case's dispute types. */
      if (type < TJ_N_DISPUTES)
        gtk_check_button_set_active (GTK_CHECK_BUTTON (self->type_checks[type]), TRUE);
    }
  show_error (self, NULL);
}

static void
on_claim_remove_cb (TjCaseForm *self, TjClaimEditor *editor)
{
  g_ptr_array_remove (self->claims, editor);
  adw_preferences_group_remove (self->claims_group, GTK_WIDGET (editor));
  for (guint i = 0; i < self->claims->len; i++)
    tj_claim_editor_set_number (g_ptr_array_index (self->claims, i), i + 1);
}

static void
on_party_changed_cb (TjCaseForm *self)
{
  show_error (self, NULL);
}

static void on_party_remove_cb (TjCaseForm *self, TjPartyEditor *editor);

static void
add_party (TjCaseForm *self, TjSide side)
{
  GtkBox *box = side == TJ_SIDE_APPLICANT ? self->applicants_box : self->respondents_box;
  guint n = count_children (box) + 1;
  g_autofree char *label = NULL;
  TjPartyEditor *editor;

  if (side == TJ_SIDE_APPLICANT)
    /* Translators: the title of the n-th applicant of a new case */
    label = n == 1 ? g_strdup (_("Applicant")) : g_strdup_printf (_("Applicant %u"), n);
  else
    label = g_strdup (_("Respondent"));
  editor = tj_party_editor_new (side, label, self->today, n > 1);
  gtk_widget_set_name (GTK_WIDGET (editor), side == TJ_SIDE_APPLICANT ? "applicant" : "respondent");
  g_signal_connect_object (editor, "changed", G_CALLBACK (on_party_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "remove", G_CALLBACK (on_party_remove_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_box_append (box, GTK_WIDGET (editor));
}

static void
on_party_remove_cb (TjCaseForm *self, TjPartyEditor *editor)
{
  gtk_box_remove (GTK_BOX (gtk_widget_get_parent (GTK_WIDGET (editor))), GTK_WIDGET (editor));
}

static void
on_add_applicant_cb (TjCaseForm *self)
{
  add_party (self, TJ_SIDE_APPLICANT);
}

static void
on_add_claim_cb (TjCaseForm *self)
{
  TjClaimEditor *editor = tj_claim_editor_new (self->claims->len + 1, self->claims->len > 0);

  g_signal_connect_object (editor, "changed", G_CALLBACK (on_claim_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "remove", G_CALLBACK (on_claim_remove_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (self->claims_group, GTK_WIDGET (editor));
  g_ptr_array_add (self->claims, editor);
  on_claim_changed_cb (self);
}

static void
collect_parties (GtkBox *box, TjCase *c, gboolean *ok, GError **first_error)
{
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (box)); w;
       w = gtk_widget_get_next_sibling (w))
    {
      g_autoptr(GError) error = NULL;
      TjParty *p;

      tj_party_editor_is_valid (TJ_PARTY_EDITOR (w));
      p = tj_party_editor_get_party (TJ_PARTY_EDITOR (w), &error);
      if (p == NULL)
        {
          *ok = FALSE;
          if (*first_error == NULL)
            *first_error = g_steal_pointer (&error);
          continue;
        }
      g_ptr_array_add (c->parties, p);
    }
}

/* The case as typed, or NULL with the first error. */
static TjCase *
build_case (TjCaseForm *self, GError **error)
{
  g_autoptr(TjCase) c = tj_case_new ();
  g_autoptr(GError) first = NULL;
  g_autofree char *workers = NULL;
  GtkTextIter start, end;
  GtkTextBuffer *buffer;
  gboolean ok = validate_case (self);

  c->received = tj_form_entry_dup_text (self->received);
  c->channel = adw_combo_row_get_selected (ADW_COMBO_ROW (self->channel_row));
  c->source = adw_combo_row_get_selected (ADW_COMBO_ROW (self->source_row));
  c->delegation_ref = tj_form_entry_dup_text (self->delegation);
  c->industry = tj_form_entry_dup_text (self->industry);
  if (adw_combo_row_get_selected (ADW_COMBO_ROW (self->employer_row)) > 0)
    c->employer_type = g_strdup (tj_enum_key (&tj_enum_employer_type,
                                              adw_combo_row_get_selected (ADW_COMBO_ROW (self->employer_row)) - 1));
  c->complexity = adw_combo_row_get_selected (ADW_COMBO_ROW (self->complexity_row));
  c->collective = gtk_switch_get_active (self->collective);
  workers = tj_form_entry_dup_text (self->workers);
  if (c->collective && workers != NULL)
    c->workers = (int) g_ascii_strtoll (workers, NULL, 10);
  buffer = gtk_text_view_get_buffer (self->facts_view);
  gtk_text_buffer_get_bounds (buffer, &start, &end);
  c->facts = gtk_text_buffer_get_text (buffer, &start, &end, FALSE);

  c->types = 0;
  for (guint i = 0; i < TJ_N_DISPUTES; i++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->type_checks[i])))
      c->types |= 1u << i;

  collect_parties (self->applicants_box, c, &ok, &first);
  collect_parties (self->respondents_box, c, &ok, &first);

  for (guint i = 0; i < self->claims->len; i++)
    {
      TjClaim *claim = tj_claim_editor_get_claim (g_ptr_array_index (self->claims, i),
                                                  first ? NULL : &first);

      if (claim == NULL)
        {
          ok = FALSE;
          continue;
        }
      g_ptr_array_add (c->claims, claim);
    }

  if (!ok)
    {
      if (first != NULL)
        g_propagate_error (error, g_steal_pointer (&first));
      else
        g_set_error_literal (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                             _("Some fields are not valid; each says why beside it."));
      return NULL;
    }
  return g_steal_pointer (&c);
}

static void
save_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjCaseForm *self = TJ_CASE_FORM (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = build_case (self, &error);
  g_autofree char *id = NULL;

  if (c == NULL || !tj_case_store_create (self->store, c, NULL, &error))
    {
      show_error (self, error->message);
      return;
    }
  id = tj_uuid_dup_string (&c->id);
  g_signal_emit (self, signals[CREATED], 0, id);
  gtk_window_close (GTK_WINDOW (self));
}

static void
add_case_rows (TjCaseForm *self)
{
  g_autoptr(GtkStringList) channels = tj_app_enum_strings (&tj_enum_channel, NULL);
  g_autoptr(GtkStringList) sources = tj_app_enum_strings (&tj_enum_source, NULL);
  g_autoptr(GtkStringList) employers = tj_app_enum_strings (&tj_enum_employer_type,
                                                            _("Not known"));
  g_autoptr(GtkStringList) complexities = tj_app_enum_strings (&tj_enum_complexity, NULL);
  AdwPreferencesGroup *group = self->case_group;

  self->received_row = tj_form_entry_row_new (_("Received date"), "2026-01-31", &self->received);
  gtk_widget_set_name (GTK_WIDGET (self->received), "received");
  gtk_editable_set_text (GTK_EDITABLE (self->received), self->today);
  adw_preferences_group_add (group, self->received_row);
  self->channel_row = tj_form_combo_row_new (_("Channel"), channels);
  adw_preferences_group_add (group, self->channel_row);
  self->source_row = tj_form_combo_row_new (_("Source"), sources);
  adw_preferences_group_add (group, self->source_row);
  self->delegation_row = tj_form_entry_row_new (_("Delegation reference"), NULL, &self->delegation);
  adw_preferences_group_add (group, self->delegation_row);
  self->industry_row = tj_form_entry_row_new (_("Industry"), _("GB/T 4754 class, e.g. 4720"),
                                              &self->industry);
  gtk_widget_set_name (GTK_WIDGET (self->industry), "industry");
  adw_preferences_group_add (group, self->industry_row);
  self->employer_row = tj_form_combo_row_new (_("Employer type"), employers);
  adw_preferences_group_add (group, self->employer_row);
  self->complexity_row = tj_form_combo_row_new (_("Complexity"), complexities);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->complexity_row), TJ_COMPLEXITY_ORDINARY);
  adw_preferences_group_add (group, self->complexity_row);
  self->collective_row = tj_form_switch_row_new (_("Collective dispute"), NULL, &self->collective);
  adw_preferences_group_add (group, self->collective_row);
  self->workers_row = tj_form_entry_row_new (_("Workers involved"), "10", &self->workers);
  gtk_widget_set_name (GTK_WIDGET (self->workers), "workers");
  adw_preferences_group_add (group, self->workers_row);

  g_signal_connect_object (self->received, "changed", G_CALLBACK (on_case_field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->industry, "changed", G_CALLBACK (on_case_field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->workers, "changed", G_CALLBACK (on_case_field_changed_cb),
                           self, G_CONNECT_SWAPPED);
  g_signal_connect_object (self->collective, "notify::active",
                           G_CALLBACK (on_case_field_changed_cb), self, G_CONNECT_SWAPPED);

  for (guint i = 0; i < TJ_N_DISPUTES; i++)
    {
      self->type_checks[i] = gtk_check_button_new_with_label (tj_enum_label (&tj_enum_dispute, i));
      gtk_widget_set_name (self->type_checks[i], tj_enum_key (&tj_enum_dispute, i));
      gtk_flow_box_append (self->types_box, self->type_checks[i]);
    }
}

static void
tj_case_form_dispose (GObject *object)
{
  TjCaseForm *self = TJ_CASE_FORM (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_CASE_FORM);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_case_form_parent_class)->dispose (object);
}

static void
tj_case_form_finalize (GObject *object)
{
  TjCaseForm *self = TJ_CASE_FORM (object);

  g_free (self->today);
  g_ptr_array_unref (self->claims);
  G_OBJECT_CLASS (tj_case_form_parent_class)->finalize (object);
}

static void
tj_case_form_class_init (TjCaseFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_case_form_dispose;
  object_class->finalize = tj_case_form_finalize;

  signals[CREATED] = g_signal_new ("created", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-case-form.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, error_label);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, case_group);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, types_box);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, applicants_box);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, respondents_box);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, claims_group);
  gtk_widget_class_bind_template_child (widget_class, TjCaseForm, facts_view);
  gtk_widget_class_bind_template_callback (widget_class, on_add_applicant_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_add_claim_cb);

  gtk_widget_class_install_action (widget_class, "form.save", NULL, save_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "form.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_case_form_init (TjCaseForm *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->claims = g_ptr_array_new ();
}

TjCaseForm *
tj_case_form_new (TjCaseStore *store)
{
  TjCaseForm *self;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);

  self = g_object_new (TJ_TYPE_CASE_FORM, NULL);
  self->store = g_object_ref (store);
  self->today = tj_case_store_today (store);
  add_case_rows (self);
  add_party (self, TJ_SIDE_APPLICANT);
  add_party (self, TJ_SIDE_RESPONDENT);
  on_add_claim_cb (self);
  validate_case (self);
  return self;
}
