/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-agent-row.h"
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
  GtkWidget   *agents_row;
  GtkWidget   *add_agent_button;
  GPtrArray   *agent_rows;          /* TjAgentRow, in order */
  char        *masked_id;           /* (nullable) what the ID entry shows for a stored number */
  gboolean     filling;

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
  /* A stored number is shown masked (PIPL) and stands until a new one is typed. */
  if (id != NULL && g_strcmp0 (id, self->masked_id) == 0)
    g_clear_pointer (&id, g_free);
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
  for (guint i = 0; i < self->agent_rows->len; i++)
    {
      g_autoptr(TjAgent) agent = tj_agent_row_get_agent (g_ptr_array_index (self->agent_rows, i),
                                                         NULL);
      if (agent == NULL)
        ok = FALSE;
    }
  return ok;
}

static void
on_field_changed_cb (TjPartyEditor *self, GParamSpec *pspec, GtkWidget *source)
{
  if (self->filling)
    return;
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

static void
on_agent_changed_cb (TjPartyEditor *self)
{
  on_field_changed_cb (self, NULL, NULL);
}

static void
label_agents (TjPartyEditor *self)
{
  for (guint i = 0; i < self->agent_rows->len; i++)
    {
      /* Translators: an agent of a party: the party ("Applicant"), the agent's number */
      g_autofree char *label = g_strdup_printf (_("%s agent %u"), self->label, i + 1);
      tj_agent_row_set_label (g_ptr_array_index (self->agent_rows, i), label);
    }
}

static void on_agent_remove_cb (TjPartyEditor *self, TjAgentRow *row);

static TjAgentRow *
append_agent (TjPartyEditor *self)
{
  TjAgentRow *row = tj_agent_row_new ();

  g_signal_connect_object (row, "changed", G_CALLBACK (on_agent_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (row, "remove", G_CALLBACK (on_agent_remove_cb), self,
                           G_CONNECT_SWAPPED);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  g_ptr_array_add (self->agent_rows, row);
  label_agents (self);
  gtk_widget_set_sensitive (self->add_agent_button, self->agent_rows->len < TJ_AGENTS_MAX);
  return row;
}

static void
on_agent_remove_cb (TjPartyEditor *self, TjAgentRow *row)
{
  g_ptr_array_remove (self->agent_rows, row);
  adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), GTK_WIDGET (row));
  label_agents (self);
  gtk_widget_set_sensitive (self->add_agent_button, TRUE);
  on_field_changed_cb (self, NULL, NULL);
}

static void
on_add_agent_cb (TjPartyEditor *self)
{
  TjAgentRow *row = append_agent (self);

  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (row), TRUE);
  on_field_changed_cb (self, NULL, NULL);
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
  g_free (self->masked_id);
  g_ptr_array_unref (self->agent_rows);
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
  self->agent_rows = g_ptr_array_new ();
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
  /* Agents follow, each a row of its own; the button adds one. */
  self->agents_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->agents_row), _("Agents"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self->agents_row),
                               _("Who acts for the party, and with what authority"));
  self->add_agent_button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_set_name (self->add_agent_button, "add-agent");
  gtk_widget_set_valign (self->add_agent_button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (self->add_agent_button, _("Add Agent"));
  gtk_widget_add_css_class (self->add_agent_button, "flat");
  g_signal_connect_object (self->add_agent_button, "clicked", G_CALLBACK (on_add_agent_cb), self,
                           G_CONNECT_SWAPPED);
  adw_action_row_add_suffix (ADW_ACTION_ROW (self->agents_row), self->add_agent_button);
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), self->agents_row);
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

/* The agents as typed, as their JSON (NULL for none), or FALSE with the first error. */
static gboolean
typed_agents (TjPartyEditor *self, char **json, GError **error)
{
  g_autoptr(GPtrArray) agents = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_agent_free);

  for (guint i = 0; i < self->agent_rows->len; i++)
    {
      TjAgent *agent = tj_agent_row_get_agent (g_ptr_array_index (self->agent_rows, i), error);

      if (agent == NULL)
        return FALSE;
      g_ptr_array_add (agents, agent);
    }
  *json = tj_agents_to_json (agents);
  return TRUE;
}

TjParty *
tj_party_editor_get_party (TjPartyEditor *self, GError **error)
{
  g_autofree char *name = NULL;
  g_autoptr(TjParty) p = NULL;

  g_return_val_if_fail (TJ_IS_PARTY_EDITOR (self), NULL);

  name = tj_form_entry_dup_text (self->name_entry);
  p = tj_party_new (self->side, current_kind (self), name != NULL ? name : "");
  p->id_type = current_id_type (self);
  p->id_number = tj_form_entry_dup_text (self->id_entry);
  if (p->id_number != NULL && g_strcmp0 (p->id_number, self->masked_id) == 0)
    g_clear_pointer (&p->id_number, g_free);
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
  if (!typed_agents (self, &p->agents, error))
    return NULL;
  if (!tj_party_normalise (p, self->label, &self->today, error))
    return NULL;
  return g_steal_pointer (&p);
}

void
tj_party_editor_set_label (TjPartyEditor *self, const char *label)
{
  g_return_if_fail (TJ_IS_PARTY_EDITOR (self));

  if (g_strcmp0 (label, self->label) == 0)
    return;
  g_free (self->label);
  self->label = g_strdup (label);
  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), label);
  label_agents (self);
}

static void
set_entry (GtkWidget *focus, GtkEntry *entry, const char *value)
{
  /* What the person is typing into stays as it is. */
  if (focus != NULL && gtk_widget_is_ancestor (focus, GTK_WIDGET (entry)))
    return;
  gtk_editable_set_text (GTK_EDITABLE (entry), value != NULL ? value : "");
}

void
tj_party_editor_set_party (TjPartyEditor *self, const TjParty *p)
{
  g_autoptr(GPtrArray) agents = NULL;
  GtkRoot *root;
  GtkWidget *focus;

  g_return_if_fail (TJ_IS_PARTY_EDITOR (self));

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  self->filling = TRUE;
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->kind_row),
                              p->kind == TJ_PARTY_ORGANISATION ? 1 : 0);
  if (p->kind == TJ_PARTY_PERSON && p->id_type < TJ_ID_USCC)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self->id_type_row), p->id_type);
  g_free (self->masked_id);
  self->masked_id = p->id_number != NULL ? tj_mask_id_number (p->id_number) : NULL;
  set_entry (focus, self->name_entry, p->name);
  set_entry (focus, self->id_entry, self->masked_id);
  set_entry (focus, self->phone_entry, p->phone);
  set_entry (focus, self->ethnicity_entry, p->ethnicity);
  set_entry (focus, self->address_entry, p->address);
  set_entry (focus, self->service_entry, p->service_address);
  set_entry (focus, self->rep_entry, p->legal_rep);
  set_entry (focus, self->rep_title_entry, p->legal_rep_title);

  /* Agents: as many rows as agents, each filled. */
  agents = tj_agents_from_json (p->agents, self->label, NULL);
  while (agents != NULL && self->agent_rows->len > agents->len)
    {
      GtkWidget *row = g_ptr_array_steal_index (self->agent_rows, self->agent_rows->len - 1);
      adw_preferences_group_remove (ADW_PREFERENCES_GROUP (self), row);
    }
  for (guint i = 0; agents != NULL && i < agents->len; i++)
    {
      TjAgentRow *row = i < self->agent_rows->len ? g_ptr_array_index (self->agent_rows, i)
                                                   : append_agent (self);
      tj_agent_row_set_agent (row, g_ptr_array_index (agents, i));
    }
  gtk_widget_set_sensitive (self->add_agent_button, self->agent_rows->len < TJ_AGENTS_MAX);
  self->filling = FALSE;
  validate (self);
  if (p->sex != NULL && p->birth_date != NULL && self->masked_id != NULL)
    {
      /* Translators: what a valid resident ID number says: sex, birth date */
      g_autofree char *note = g_strdup_printf (_("%s, born %s"),
                                               g_str_equal (p->sex, "M") ? _("Male") : _("Female"),
                                               p->birth_date);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (self->id_row), note);
    }
}

static void
add_change (GPtrArray *groups, const char *name, const char *typed, const char *stored)
{
  char **group;

  if (g_strcmp0 (typed, stored) == 0)
    return;
  group = g_new0 (char *, 2);
  group[0] = g_strconcat (name, "=", typed, NULL);
  g_ptr_array_add (groups, group);
}

GPtrArray *
tj_party_editor_dup_changes (TjPartyEditor *self, const TjParty *stored)
{
  g_autoptr(GPtrArray) groups = g_ptr_array_new_with_free_func ((GDestroyNotify) g_strfreev);
  g_autoptr(TjParty) typed = NULL;
  g_autoptr(GPtrArray) identity = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) stored_agents = NULL;
  g_autofree char *stored_json = NULL;
  g_autofree char *name = NULL;
  g_autofree char *agents_json = NULL;
  gboolean agents_ok;

  g_return_val_if_fail (TJ_IS_PARTY_EDITOR (self), NULL);

  validate (self);
  name = tj_form_entry_dup_text (self->name_entry);
  typed = tj_party_new (self->side, current_kind (self), name);
  typed->id_type = current_id_type (self);
  typed->id_number = tj_form_entry_dup_text (self->id_entry);
  typed->phone = tj_form_entry_dup_text (self->phone_entry);
  typed->address = tj_form_entry_dup_text (self->address_entry);
  typed->service_address = tj_form_entry_dup_text (self->service_entry);
  if (typed->kind == TJ_PARTY_PERSON)
    typed->ethnicity = tj_form_entry_dup_text (self->ethnicity_entry);
  else
    {
      typed->legal_rep = tj_form_entry_dup_text (self->rep_entry);
      typed->legal_rep_title = tj_form_entry_dup_text (self->rep_title_entry);
    }

  /* Each field on its own, so that a refusal stands beside its row; the kind, the
   * document and its number go together, as they are checked together. A field whose
   * error shows waits until it is put right. */
  if (!gtk_widget_has_css_class (self->id_row, "invalid"))
    {
      if (g_strcmp0 (typed->id_number, self->masked_id) != 0 ||
          (typed->id_number == NULL && stored->id_number != NULL))
        g_ptr_array_add (identity, g_strconcat ("id_number=", typed->id_number, NULL));
      if (typed->kind != stored->kind)
        g_ptr_array_add (identity, g_strconcat ("kind=", tj_enum_key (&tj_enum_party_kind,
                                                                      typed->kind), NULL));
      if (typed->id_type != stored->id_type)
        g_ptr_array_add (identity, g_strconcat ("id_type=", tj_enum_key (&tj_enum_id_type,
                                                                         typed->id_type), NULL));
    }
  if (identity->len > 0)
    {
      g_ptr_array_add (identity, NULL);
      g_ptr_array_add (groups, g_ptr_array_free (g_steal_pointer (&identity), FALSE));
    }
  if (!gtk_widget_has_css_class (self->name_row, "invalid") && typed->name != NULL)
    add_change (groups, "name", typed->name, stored->name);
  if (!gtk_widget_has_css_class (self->phone_row, "invalid"))
    add_change (groups, "phone", typed->phone, stored->phone);
  add_change (groups, "address", typed->address, stored->address);
  add_change (groups, "service_address", typed->service_address, stored->service_address);
  if (typed->kind == TJ_PARTY_PERSON)
    add_change (groups, "ethnicity", typed->ethnicity, stored->ethnicity);
  else
    {
      add_change (groups, "legal_rep", typed->legal_rep, stored->legal_rep);
      add_change (groups, "legal_rep_title", typed->legal_rep_title, stored->legal_rep_title);
    }
  /* Agents compare in their stored form, so an old record's spelling is no change. */
  agents_ok = typed_agents (self, &agents_json, NULL);
  stored_agents = tj_agents_from_json (stored->agents, self->label, NULL);
  stored_json = stored_agents != NULL ? tj_agents_to_json (stored_agents) : g_strdup (stored->agents);
  if (agents_ok)
    add_change (groups, "agents", agents_json, stored_json);
  return g_steal_pointer (&groups);
}

void
tj_party_editor_set_error (TjPartyEditor *self, const char *field, const char *message)
{
  GtkWidget *row;

  g_return_if_fail (TJ_IS_PARTY_EDITOR (self));

  if (g_strcmp0 (field, "name") == 0)
    row = self->name_row;
  else if (g_strcmp0 (field, "phone") == 0)
    row = self->phone_row;
  else if (g_strcmp0 (field, "ethnicity") == 0)
    row = self->ethnicity_row;
  else if (g_strcmp0 (field, "address") == 0)
    row = self->address_row;
  else if (g_strcmp0 (field, "service_address") == 0)
    row = self->service_row;
  else if (g_strcmp0 (field, "legal_rep") == 0)
    row = self->rep_row;
  else if (g_strcmp0 (field, "legal_rep_title") == 0)
    row = self->rep_title_row;
  else if (g_strcmp0 (field, "agents") == 0)
    row = self->agents_row;
  else
    row = self->id_row;
  tj_form_row_set_error (row, message);
}

void
tj_party_editor_set_editable (TjPartyEditor *self, gboolean editable)
{
  GtkEntry *entries[] = {
    self->name_entry, self->id_entry, self->phone_entry, self->ethnicity_entry,
    self->address_entry, self->service_entry, self->rep_entry, self->rep_title_entry,
  };

  g_return_if_fail (TJ_IS_PARTY_EDITOR (self));

  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    tj_form_entry_set_editable (entries[i], editable);
  gtk_widget_set_sensitive (self->kind_row, editable);
  gtk_widget_set_sensitive (self->id_type_row, editable);
  gtk_widget_set_visible (self->add_agent_button, editable);
  for (guint i = 0; i < self->agent_rows->len; i++)
    tj_agent_row_set_editable (g_ptr_array_index (self->agent_rows, i), editable);
  if (!editable)
    gtk_widget_set_visible (self->remove_button, FALSE);
}
