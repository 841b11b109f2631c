/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-form-dialog.h"
#include "tj-form-row.h"
#include "tj-uuid.h"

typedef struct
{
  TjCaseStore         *store;        /* (nullable) */
  char                *case_id;      /* (nullable) */

  /* Template widgets */
  GtkWidget           *apply_button;
  GtkLabel            *explain_label;
  GtkBox              *fields;
  AdwPreferencesGroup *group;
  GtkLabel            *error_label;
} TjFormDialogPrivate;

enum {
  PROP_0,
  PROP_APPLY_LABEL,
  PROP_EXPLANATION,
  N_PROPS
};

enum {
  DONE,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];
static GtkBuildableIface *parent_buildable_iface;

static void tj_form_dialog_buildable_init (GtkBuildableIface *iface);

G_DEFINE_TYPE_WITH_CODE (TjFormDialog, tj_form_dialog, ADW_TYPE_WINDOW,
                         G_ADD_PRIVATE (TjFormDialog)
                         G_IMPLEMENT_INTERFACE (GTK_TYPE_BUILDABLE, tj_form_dialog_buildable_init))

static void
apply_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjFormDialog *self = TJ_FORM_DIALOG (widget);
  TjFormDialogClass *klass = TJ_FORM_DIALOG_GET_CLASS (self);
  g_autoptr(GError) error = NULL;

  g_assert (klass->apply != NULL);
  if (!klass->apply (self, &error))
    {
      /* The rule says why; the dialog stays so that the missing piece can be added. */
      tj_form_dialog_show_error (self, error != NULL ? error->message : NULL);
      return;
    }
  g_signal_emit (self, signals[DONE], 0);
  gtk_window_close (GTK_WINDOW (self));
}

/* A subclass's template lists its fields as children of the dialog. */
static void
tj_form_dialog_add_child (GtkBuildable *buildable, GtkBuilder *builder, GObject *child,
                          const char *type)
{
  TjFormDialog *self = TJ_FORM_DIALOG (buildable);
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  if (priv->fields == NULL || !GTK_IS_WIDGET (child) || type != NULL)
    {
      parent_buildable_iface->add_child (buildable, builder, child, type);
      return;
    }
  if (ADW_IS_PREFERENCES_ROW (child))
    adw_preferences_group_add (priv->group, GTK_WIDGET (child));
  else
    gtk_box_insert_child_after (priv->fields, GTK_WIDGET (child),
                                gtk_widget_get_prev_sibling (GTK_WIDGET (priv->error_label)));
}

static void
tj_form_dialog_buildable_init (GtkBuildableIface *iface)
{
  parent_buildable_iface = g_type_interface_peek_parent (iface);
  iface->add_child = tj_form_dialog_add_child;
}

static void
tj_form_dialog_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TjFormDialog *self = TJ_FORM_DIALOG (object);
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  switch (prop_id)
    {
    case PROP_APPLY_LABEL:
      g_value_set_string (value, gtk_button_get_label (GTK_BUTTON (priv->apply_button)));
      break;
    case PROP_EXPLANATION:
      g_value_set_string (value, gtk_label_get_text (priv->explain_label));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_form_dialog_set_property (GObject *object, guint prop_id, const GValue *value,
                             GParamSpec *pspec)
{
  TjFormDialog *self = TJ_FORM_DIALOG (object);

  switch (prop_id)
    {
    case PROP_APPLY_LABEL:
      tj_form_dialog_set_apply_label (self, g_value_get_string (value));
      break;
    case PROP_EXPLANATION:
      tj_form_dialog_set_explanation (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_form_dialog_dispose (GObject *object)
{
  TjFormDialog *self = TJ_FORM_DIALOG (object);
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  /* No gtk_widget_dispose_template (): GTK 4.8 looks the template up on the instance's own
   * class, which is a subclass's or none; the window drops its content itself. */
  g_clear_object (&priv->store);
  G_OBJECT_CLASS (tj_form_dialog_parent_class)->dispose (object);
}

static void
tj_form_dialog_finalize (GObject *object)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (TJ_FORM_DIALOG (object));

  g_free (priv->case_id);
  G_OBJECT_CLASS (tj_form_dialog_parent_class)->finalize (object);
}

static void
tj_form_dialog_class_init (TjFormDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->get_property = tj_form_dialog_get_property;
  object_class->set_property = tj_form_dialog_set_property;
  object_class->dispose = tj_form_dialog_dispose;
  object_class->finalize = tj_form_dialog_finalize;

  properties[PROP_APPLY_LABEL] =
    g_param_spec_string ("apply-label", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EXPLANATION] =
    g_param_spec_string ("explanation", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-form-dialog.ui");
  gtk_widget_class_bind_template_child_private (widget_class, TjFormDialog, apply_button);
  gtk_widget_class_bind_template_child_private (widget_class, TjFormDialog, explain_label);
  gtk_widget_class_bind_template_child_private (widget_class, TjFormDialog, fields);
  gtk_widget_class_bind_template_child_private (widget_class, TjFormDialog, group);
  gtk_widget_class_bind_template_child_private (widget_class, TjFormDialog, error_label);
  gtk_widget_class_install_action (widget_class, "dialog.apply", NULL, apply_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_form_dialog_init (TjFormDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tj_form_dialog_set_store (TjFormDialog *self, TjCaseStore *store)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_set_object (&priv->store, store);
}

TjCaseStore *
tj_form_dialog_get_store (TjFormDialog *self)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), NULL);
  return priv->store;
}

void
tj_form_dialog_set_case (TjFormDialog *self, const TjCase *c)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  g_return_if_fail (c != NULL);
  g_free (priv->case_id);
  priv->case_id = tj_uuid_dup_string (&c->id);
  adw_preferences_group_set_title (priv->group, c->case_no);
}

const char *
tj_form_dialog_get_case_id (TjFormDialog *self)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), NULL);
  return priv->case_id;
}

void
tj_form_dialog_set_apply_label (TjFormDialog *self, const char *label)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  if (g_strcmp0 (gtk_button_get_label (GTK_BUTTON (priv->apply_button)), label) == 0)
    return;
  gtk_button_set_label (GTK_BUTTON (priv->apply_button), label);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_APPLY_LABEL]);
}

void
tj_form_dialog_set_explanation (TjFormDialog *self, const char *explanation)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  if (g_strcmp0 (gtk_label_get_text (priv->explain_label), explanation ? explanation : "") == 0)
    return;
  tj_app_label_set_text (priv->explain_label, explanation);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EXPLANATION]);
}

AdwPreferencesGroup *
tj_form_dialog_get_group (TjFormDialog *self)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), NULL);
  return priv->group;
}

GtkWidget *
tj_form_dialog_add_entry (TjFormDialog *self, AdwPreferencesGroup *group, const char *title,
                          const char *placeholder, const char *name, GtkEntry **entry)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);
  GtkWidget *row;

  g_return_val_if_fail (TJ_IS_FORM_DIALOG (self), NULL);
  g_return_val_if_fail (entry != NULL, NULL);
  row = tj_form_entry_row_new (title, placeholder, entry);
  gtk_widget_set_name (GTK_WIDGET (*entry), name);
  adw_preferences_group_add (group != NULL ? group : priv->group, row);
  return row;
}

void
tj_form_dialog_show_error (TjFormDialog *self, const char *message)
{
  TjFormDialogPrivate *priv = tj_form_dialog_get_instance_private (self);

  g_return_if_fail (TJ_IS_FORM_DIALOG (self));
  tj_app_label_set_text (priv->error_label, message);
}
