/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-form-row.h"
#include "tj-party-editor.h"
#include "tj-validate.h"

/* One party of a new case: every field of domain.md, each checked as it is typed by the
 * same core rules that check it again when the case is saved. */

struct _TjPartyEditor
{
  AdwPreferencesGroup  parent_instance;

  TjSide       side;
  char        *label;
  GDate        today;

  GtkWidget   *kind_row;
  GtkWidget   *name_row;
  GtkEntry    *name_entry;
  GtkWidget   *id_type_row;
  GtkWidget   *id_row;
  GtkEntry    *id_entry;
  GtkWidget   *phone_row;
  GtkEntry    *phone_entry;
  GtkWidget   *ethnicity_row;
  GtkEntry    *ethnicity_entry;
  GtkWidget   *address_row;
  GtkEntry    *address_entry;
  GtkWidget   *service_row;
  GtkEntry    *service_entry;
  GtkWidget   *rep_row;
  GtkEntry    *rep_entry;
  GtkWidget   *rep_title_row;
  GtkEntry    *rep_title_entry;
  GtkWidget   *agent_row;
  GtkEntry    *agent_entry;

  /* Template widgets */
  GtkWidget   *remove_button;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjPartyEditor, tj_party_editor, ADW_TYPE_PREFERENCES_GROUP)

static TjPartyKind
current_kind (TjPartyEditor *self)
{
  return adw_combo_row_get_selected (ADW_COMBO_ROW (self->kind_row)) == 1
         ? TJ_PARTY_ORGANISATION : TJ_PARTY_PERSON;
}

static TjIdType
current_id_type (TjPartyEditor *self)
{
  if (current_kind (self) == TJ_PARTY_ORGANISATION)
    return TJ_ID_USCC;
  return adw_combo_row_get_selected (ADW_COMBO_ROW (self->id_type_row));
}

/* Check each field on its own, so that its error stands beside it. */
static gboolean
validate (TjPartyEditor *self)
{
  g_autofree char *name = tj_form_entry_dup_text (self->name_entry);
  g_autofree char *id = tj_form_entry_dup_text (self->id_entry);
  g_autofree char *phone = tj_form_entry_dup_text (self->phone_entry);
  g_autofree char *field = NULL;
  g_autoptr(GError) error = NULL;
  gboolean organisation = current_kind (self) == TJ_PARTY_ORGANISATION;
  gboolean ok = TRUE;

  gtk_widget_set_visible (self->id_type_row, !organisation);
  gtk_widget_set_visible (self->ethnicity_row, !organisation);
  gtk_widget_set_visible (self->rep_row, organisation);
  gtk_widget_set_visible (self->rep_title_row, organisation);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->id_row),
                                 organisation ? _("Unified social credit code") : _("ID number"));

  if (name == NULL && g_object_get_data (G_OBJECT (self->name_entry), "tj-touched"))
    {
      /* Translators: %s is a party, e.g. "Applicant" */
      g_autofree char *msg = g_strdup_printf (_("%s name: a name is required."), self->label);
      tj_form_row_set_error (self->name_row, msg);
    }
  else
    tj_form_row_set_error (self->name_row, NULL);
  if (name == NULL)
    ok = FALSE;

  tj_form_row_set_error (self->id_row, NULL);
  if (id != NULL)
    {
      if (current_id_type (self) == TJ_ID_RESIDENT)
        {
          TjResidentId rid;

          /* Translators: %s is a party, e.g. "Applicant" */
          field = g_strdup_printf (_("%s ID number"), self->label);
          if (!tj_validate_resident_id (field, id, &self->today, &rid, &error))
            tj_form_row_set_error (self->id_row, error->message), ok = FALSE;
          else
            {
              char born[16];
              g_autofree char *note = NULL;

              g_date_strftime (born, sizeof born, "%Y-%m-%d", &rid.birth);
              /* Translators: what a valid resident ID number says: sex, birth date */
              note = g_strdup_printf (_("%s, born %s"), rid.sex == 'M' ? _("Male") : _("Female"),
                                      born);
              adw_action_row_set_subtitle (ADW_ACTION_ROW (self->id_row), note);
            }
        }
      else if (current_id_type (self) == TJ_ID_USCC)
        {
          char code[TJ_USCC_LEN + 1];

          /* Translators: %s is a party, e.g. "Respondent" */
          field = g_strdup_printf (_("%s credit code"), self->label);
          if (!tj_validate_uscc (field, id, code, NULL, &error))
            tj_form_row_set_error (self->id_row, error->message), ok = FALSE;
        }
      else if (strlen (id) < 5 || strlen (id) > 30)
        {
          g_autofree char *msg = NULL;

          field = g_strdup_printf (_("%s ID number"), self->label);
          msg = g_strdup_printf (_("%s: a document number has 5 to 30 characters."), field);
          tj_form_row_set_error (self->id_row, msg);
          ok = FALSE;
        }
    }

  g_clear_error (&error);
  tj_form_row_set_error (self->phone_row, NULL);
  if (phone != NULL)
    {
      g_autofree char *normal = NULL;
      g_autofree char *phone_field = g_strdup_printf (_("%s phone"), self->label);

      if (!tj_validate_phone (phone_field, phone, &normal, &error))
        tj_form_row_set_error (self->phone_row, error->message), ok = FALSE;
    }
  return ok;
}

static void
on_field_changed_cb (TjPartyEditor *self, GParamSpec *pspec, GtkWidget *source)
{
  if (GTK_IS_ENTRY (source))
    g_object_set_data (G_OBJECT (source), "tj-touched", GINT_TO_POINTER (1));
  validate (self);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_entry_changed_cb (GtkEditable *editable, TjPartyEditor *self)
{
  on_field_changed_cb (self, NULL, GTK_WIDGET (editable));
}

static void
on_remove_clicked_cb (TjPartyEditor *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static GtkWidget *
add_entry (TjPartyEditor *self, const char *title, const char *placeholder, GtkEntry **entry,
           const char *name)
{
  GtkWidget *row = tj_form_entry_row_new (title, placeholder, entry);

  gtk_widget_set_name (GTK_WIDGET (*entry), name);
  g_signal_connect_object (*entry, "changed", G_CALLBACK (on_entry_changed_cb), self, 0);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
  return row;
}

static void
tj_party_editor_finalize (GObject *object)
{
  TjPartyEditor *self = TJ_PARTY_EDITOR (object);

  g_free (self->label);
  G_OBJECT_CLASS (tj_party_editor_parent_class)->finalize (object);
}

static void
tj_party_editor_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TJ_TYPE_PARTY_EDITOR);
  G_OBJECT_CLASS (tj_party_editor_parent_class)->dispose (object);
}

static void
tj_party_editor_class_init (TjPartyEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_party_editor_dispose;
  object_class->finalize = tj_party_editor_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-party-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPartyEditor, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
}

static void
tj_party_editor_init (TjPartyEditor *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  g_date_clear (&self->today, 1);
}

TjPartyEditor *
tj_party_editor_new (TjSide side, const char *label, const char *today, gboolean removable)
{
  TjPartyEditor *self = g_object_new (TJ_TYPE_PARTY_EDITOR, "title", label, NULL);
  g_autoptr(GtkStringList) kinds = gtk_string_list_new (NULL);
  g_autoptr(GtkStringList) id_types = gtk_string_list_new (NULL);

  self->side = side;
  self->label = g_strdup (label);
  g_date_set_parse (&self->today, today);
  gtk_widget_set_visible (self->remove_button, removable);

  gtk_string_list_append (kinds, tj_enum_label (&tj_enum_party_kind, TJ_PARTY_PERSON));
  gtk_string_list_append (kinds, tj_enum_label (&tj_enum_party_kind, TJ_PARTY_ORGANISATION));
  self->kind_row = tj_form_combo_row_new (_("Kind"), kinds);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->kind_row);
  /* A respondent is most often the employer. */
  if (side == TJ_SIDE_RESPONDENT)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row), 1);
  g_signal_connect_object (self->kind_row, "notify::selected", G_CALLBACK (on_field_changed_cb),
                           self, G_CONNECT_SWAPPED);

  self->name_row = add_entry (self, _("Name"), NULL, &self->name_entry, "name");
  for (guint i = 0; i < TJ_ID_USCC; i++)
    gtk_string_list_append (id_types, tj_enum_label (&tj_enum_id_type, i));
  self->id_type_row = tj_form_combo_row_new (_("Identity document"), id_types);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->id_type_row);
  g_signal_connect_object (self->id_type_row, "notify::selected",
                           G_CALLBACK (on_field_changed_cb), self, G_CONNECT_SWAPPED);
  self->id_row = add_entry (self, _("ID number"), NULL, &self->id_entry, "id-number");
  self->phone_row = add_entry (self, _("Phone"), _("Mobile or landline"), &self->phone_entry,
                               "phone");
  self->ethnicity_row = add_entry (self, _("Ethnic group"), NULL, &self->ethnicity_entry,
                                   "ethnicity");
  self->address_row = add_entry (self, _("Address"), NULL, &self->address_entry, "address");
  self->service_row = add_entry (self, _("Service address"), _("Where documents are sent"),
                                 &self->service_entry, "service-address");
  self->rep_row = add_entry (self, _("Legal representative"), NULL, &self->rep_entry,
                             "legal-rep");
  self->rep_title_row = add_entry (self, _("Representative's title"), NULL,
                                   &self->rep_title_entry, "legal-rep-title");
  self->agent_row = add_entry (self, _("Agent"), _("Name, phone; general or special authority"),
                               &self->agent_entry, "agent");
  validate (self);
  return self;
}

gboolean
tj_party_editor_is_valid (TjPartyEditor *self)
{
  g_return_val_if_fail (TJ_IS_PARTY_EDITOR (self), FALSE);
  return validate (self);
}

TjSide
tj_party_editor_get_side (TjPartyEditor *self)
{
  g_return_val_if_fail (TJ_IS_PARTY_EDITOR (self), TJ_SIDE_APPLICANT);
  return self->side;
}

TjParty *
tj_party_editor_get_party (TjPartyEditor *self, GError **error)
{
  g_autofree char *name = NULL;
  g_autoptr(TjParty) p = NULL;
  g_autofree char *agent = NULL;

  g_return_val_if_fail (TJ_IS_PARTY_EDITOR (self), NULL);

  name = tj_form_entry_dup_text (self->name_entry);
  p = tj_party_new (self->side, current_kind (self), name != NULL ? name : "");
  p->id_type = current_id_type (self);
  p->id_number = tj_form_entry_dup_text (self->id_entry);
  p->phone = tj_form_entry_dup_text (self->phone_entry);
  p->address = tj_form_entry_dup_text (self->address_entry);
  p->service_address = tj_form_entry_dup_text (self->service_entry);
  if (p->kind == TJ_PARTY_PERSON)
    p->ethnicity = tj_form_entry_dup_text (self->ethnicity_entry);
  else
    {
      p->legal_rep = tj_form_entry_dup_text (self->rep_entry);
      p->legal_rep_title = tj_form_entry_dup_text (self->rep_title_entry);
    }
  agent = tj_form_entry_dup_text (self->agent_entry);
  if (agent != NULL)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();
      g_autoptr(JsonNode) node = NULL;

      json_builder_begin_array (b);
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "name");
      json_builder_add_string_value (b, agent);
      json_builder_end_object (b);
      json_builder_end_array (b);
      node = json_builder_get_root (b);
      p->agents = json_to_string (node, FALSE);
    }
  if (!tj_party_normalise (p, self->label, &self->today, error))
    return NULL;
  return g_steal_pointer (&p);
}
