/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-agent-row.h"
#include "tj-app-util.h"
#include "tj-form-row.h"

/* An agent and the authority the party gave it (Law Art. 24). The powers show only for a
 * special authority, the only one that grants them. */

struct _TjAgentRow
{
  AdwExpanderRow  parent_instance;

  char           *label;
  gboolean        filling;
  GtkWidget      *name_row;
  GtkEntry       *name_entry;
  GtkWidget      *phone_row;
  GtkEntry       *phone_entry;
  GtkWidget      *authority_row;
  GtkWidget      *powers_row;
  GtkWidget      *powers_box;
  GtkWidget      *power_checks[TJ_N_POWERS];

  /* Template widgets */
  GtkWidget      *remove_button;
};

enum {
  CHANGED,
  REMOVE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjAgentRow, tj_agent_row, ADW_TYPE_EXPANDER_ROW)

/* The agent as typed, unchecked. */
static TjAgent *
typed_agent (TjAgentRow *self)
{
  g_autofree char *name = tj_form_entry_dup_text (self->name_entry);
  TjAgent *agent = tj_agent_new (name);

  agent->phone = tj_form_entry_dup_text (self->phone_entry);
  agent->authority = adw_combo_row_get_selected (ADW_COMBO_ROW (self->authority_row));
  for (guint p = 0; agent->authority == TJ_AUTHORITY_SPECIAL && p < TJ_N_POWERS; p++)
    if (gtk_check_button_get_active (GTK_CHECK_BUTTON (self->power_checks[p])))
      agent->powers |= 1u << p;
  return agent;
}

/* Which row a message of tj_agent_check () belongs beside: it names the field. */
static GtkWidget *
row_of_error (TjAgentRow *self, const char *message)
{
  g_autofree char *phone = g_strdup_printf (_("%s phone"), self->label);
  g_autofree char *powers = g_strdup_printf (_("%s powers"), self->label);

  if (g_str_has_prefix (message, phone))
    return self->phone_row;
  if (g_str_has_prefix (message, powers))
    return self->powers_row;
  return self->name_row;
}

static gboolean
validate (TjAgentRow *self, TjAgent **out, GError **error)
{
  g_autoptr(TjAgent) agent = typed_agent (self);
  g_autoptr(GError) local = NULL;
  g_autofree char *summary = NULL;
  gboolean special = agent->authority == TJ_AUTHORITY_SPECIAL;

  gtk_widget_set_visible (self->powers_row, special);
  /* The flow box sits in a list row of the expander; that row is what shows or hides. */
  gtk_widget_set_visible (gtk_widget_get_parent (self->powers_box), special);
  tj_form_row_set_error (self->name_row, NULL);
  tj_form_row_set_error (self->phone_row, NULL);
  tj_form_row_set_error (self->powers_row, NULL);
  if (special)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (self->powers_row),
                                 _("What the agent may do beyond taking part"));
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self),
                                 agent->name != NULL ? agent->name : self->label);
  if (!tj_agent_check (agent, self->label, &local))
    {
      tj_form_row_set_error (row_of_error (self, local->message), local->message);
      adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  summary = tj_agent_describe_authority (agent);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (self), summary);
  if (out != NULL)
    *out = g_steal_pointer (&agent);
  return TRUE;
}

static void
on_changed_cb (TjAgentRow *self)
{
  if (self->filling)
    return;
  validate (self, NULL, NULL);
  g_signal_emit (self, signals[CHANGED], 0);
}

static void
on_remove_clicked_cb (TjAgentRow *self)
{
  g_signal_emit (self, signals[REMOVE], 0);
}

static GtkWidget *
add_entry (TjAgentRow *self, const char *title, const char *placeholder, GtkEntry **entry,
           const char *name)
{
  GtkWidget *row = tj_form_entry_row_new_watched (title, placeholder, name,
                                                  G_CALLBACK (on_changed_cb), self, entry);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
  return row;
}

static void
tj_agent_row_finalize (GObject *object)
{
  TjAgentRow *self = TJ_AGENT_ROW (object);

  g_free (self->label);
  G_OBJECT_CLASS (tj_agent_row_parent_class)->finalize (object);
}

static void
tj_agent_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), TJ_TYPE_AGENT_ROW);
  G_OBJECT_CLASS (tj_agent_row_parent_class)->dispose (object);
}

static void
tj_agent_row_class_init (TjAgentRowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_agent_row_dispose;
  object_class->finalize = tj_agent_row_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                   NULL, NULL, NULL, G_TYPE_NONE, 0);
  signals[REMOVE] = g_signal_new ("remove", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                  NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-agent-row.ui");
  gtk_widget_class_bind_template_child (widget_class, TjAgentRow, remove_button);
  gtk_widget_class_bind_template_callback (widget_class, on_remove_clicked_cb);
}

static void
tj_agent_row_init (TjAgentRow *self)
{
  g_autoptr(GtkStringList) authorities = tj_app_enum_strings (&tj_enum_authority, NULL);
  GtkWidget *flow;

  gtk_widget_init_template (GTK_WIDGET (self));
  self->label = g_strdup (_("Agent"));
  self->name_row = add_entry (self, _("Name"), NULL, &self->name_entry, "agent-name");
  self->phone_row = add_entry (self, _("Phone"), _("Mobile or landline"), &self->phone_entry,
                               "agent-phone");
  self->authority_row = tj_form_combo_row_new (_("Authority"), authorities);
  gtk_widget_set_name (self->authority_row, "agent-authority");
  g_signal_connect_object (self->authority_row, "notify::selected", G_CALLBACK (on_changed_cb),
                           self, G_CONNECT_SWAPPED);
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->authority_row);

  /* The powers wrap in a row of their own under the title: six do not fit beside it. */
  self->powers_row = adw_action_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->powers_row), _("Special powers"));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), self->powers_row);
  flow = gtk_flow_box_new ();
  gtk_flow_box_set_selection_mode (GTK_FLOW_BOX (flow), GTK_SELECTION_NONE);
  gtk_flow_box_set_min_children_per_line (GTK_FLOW_BOX (flow), 2);
  gtk_flow_box_set_max_children_per_line (GTK_FLOW_BOX (flow), 3);
  gtk_flow_box_set_homogeneous (GTK_FLOW_BOX (flow), TRUE);
  gtk_widget_set_margin_start (flow, 12);
  gtk_widget_set_margin_end (flow, 12);
  gtk_widget_set_margin_top (flow, 6);
  gtk_widget_set_margin_bottom (flow, 6);
  for (guint p = 0; p < TJ_N_POWERS; p++)
    {
      self->power_checks[p] = gtk_check_button_new_with_label (tj_enum_label (&tj_enum_power, p));
      gtk_widget_set_name (self->power_checks[p], tj_enum_key (&tj_enum_power, p));
      g_signal_connect_object (self->power_checks[p], "toggled", G_CALLBACK (on_changed_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_flow_box_append (GTK_FLOW_BOX (flow), self->power_checks[p]);
    }
  self->powers_box = flow;
  adw_expander_row_add_row (ADW_EXPANDER_ROW (self), flow);
  validate (self, NULL, NULL);
}

TjAgentRow *
tj_agent_row_new (void)
{
  return g_object_new (TJ_TYPE_AGENT_ROW, NULL);
}

void
tj_agent_row_set_label (TjAgentRow *self, const char *label)
{
  g_return_if_fail (TJ_IS_AGENT_ROW (self));

  g_free (self->label);
  self->label = g_strdup (label);
  validate (self, NULL, NULL);
}

void
tj_agent_row_set_agent (TjAgentRow *self, const TjAgent *agent)
{
  g_return_if_fail (TJ_IS_AGENT_ROW (self));

  self->filling = TRUE;
  gtk_editable_set_text (GTK_EDITABLE (self->name_entry), agent->name ? agent->name : "");
  gtk_editable_set_text (GTK_EDITABLE (self->phone_entry), agent->phone ? agent->phone : "");
  adw_combo_row_set_selected (ADW_COMBO_ROW (self->authority_row), agent->authority);
  for (guint p = 0; p < TJ_N_POWERS; p++)
    gtk_check_button_set_active (GTK_CHECK_BUTTON (self->power_checks[p]),
                                 (agent->powers & (1u << p)) != 0);
  self->filling = FALSE;
  validate (self, NULL, NULL);
}

TjAgent *
tj_agent_row_get_agent (TjAgentRow *self, GError **error)
{
  TjAgent *agent = NULL;

  g_return_val_if_fail (TJ_IS_AGENT_ROW (self), NULL);

  if (!validate (self, &agent, error))
    return NULL;
  return agent;
}

void
tj_agent_row_set_editable (TjAgentRow *self, gboolean editable)
{
  g_return_if_fail (TJ_IS_AGENT_ROW (self));

  tj_form_entry_set_editable (self->name_entry, editable);
  tj_form_entry_set_editable (self->phone_entry, editable);
  gtk_widget_set_sensitive (self->authority_row, editable);
  for (guint p = 0; p < TJ_N_POWERS; p++)
    gtk_widget_set_sensitive (self->power_checks[p], editable);
  gtk_widget_set_visible (self->remove_button, editable);
}
