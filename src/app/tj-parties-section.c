/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-app-util.h"
#include "tj-claim-editor.h"
#include "tj-parties-section.h"
#include "tj-party-editor.h"
#include "tj-uuid.h"

/* Parties and claims edited where they are shown, with the editors of the new-case form.
 * A change waits for a pause of EDIT_DELAY_MS (one edit, not one per key) and is saved
 * through the store, which checks it again: a refusal stands beside the field until the
 * field is changed. A new party or claim is written once it is valid. Editors are kept
 * across reloads (a save, a sync), so the field being typed into keeps its text. */

#define EDIT_DELAY_MS 800

/* On each editor: the record's id (none while a new one is not written yet), whether it
 * changed since it was saved, and whether the store refused its last change. */
#define ID_KEY      "tj-record-id"
#define DIRTY_KEY   "tj-dirty"
#define REFUSED_KEY "tj-refused"

struct _TjPartiesSection
{
  GtkWidget     parent_instance;

  TjCaseStore  *store;
  char         *case_id;
  char         *today;
  gboolean      editable;
  gboolean      filling;
  guint         save_id;

  /* Template widgets */
  AdwPreferencesGroup *parties_group;
  GtkWidget    *add_party_button;
  GtkBox       *parties_box;
  GtkWidget    *add_claim_button;
  GtkBox       *claims_box;
};

enum {
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjPartiesSection, tj_parties_section, GTK_TYPE_WIDGET)

static const char *
record_id (gpointer editor)
{
  return g_object_get_data (G_OBJECT (editor), ID_KEY);
}

static void
set_record_id (gpointer editor, const TjUuid *id)
{
  g_object_set_data_full (G_OBJECT (editor), ID_KEY, tj_uuid_dup_string (id), g_free);
}

static gboolean
flag (gpointer editor, const char *key)
{
  return g_object_get_data (G_OBJECT (editor), key) != NULL;
}

static void
set_flag (gpointer editor, const char *key, gboolean value)
{
  g_object_set_data (G_OBJECT (editor), key, GINT_TO_POINTER (value));
}

static void
toast (TjPartiesSection *self, const char *message)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", message);
}

/* ---- saving ------------------------------------------------------------------------- */

/* The field a group of assignments is about: what stands before the first "=". */
static char *
field_of (const char * const *group)
{
  const char *eq = strchr (group[0], '=');

  return g_strndup (group[0], eq ? (gsize) (eq - group[0]) : strlen (group[0]));
}

static TjParty *
find_party (const TjCase *c, const char *id)
{
  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      char text[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (&p->id, text);
      if (g_strcmp0 (text, id) == 0)
        return p;
    }
  return NULL;
}

static TjClaim *
find_claim (const TjCase *c, const char *id)
{
  for (guint i = 0; i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);
      char text[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (&cl->id, text);
      if (g_strcmp0 (text, id) == 0)
        return cl;
    }
  return NULL;
}

/* Returns TRUE when it wrote. */
static gboolean
save_party (TjPartiesSection *self, const TjCase *c, TjPartyEditor *editor)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) groups = NULL;
  const char *id = record_id (editor);
  gboolean wrote = FALSE;
  TjParty *stored;

  if (id == NULL)
    {
      g_autoptr(TjParty) p = NULL;

      /* A new party is written once it is whole; until then it waits, its errors shown. */
      if (!tj_party_editor_is_valid (editor) ||
          (p = tj_party_editor_get_party (editor, NULL)) == NULL)
        return FALSE;
      set_flag (editor, DIRTY_KEY, FALSE);
      if (!tj_case_store_add_party (self->store, self->case_id, p, NULL, &error))
        {
          tj_party_editor_set_error (editor, "name", error->message);
          set_flag (editor, REFUSED_KEY, TRUE);
          return FALSE;
        }
      set_record_id (editor, &p->id);
      return TRUE;
    }

  set_flag (editor, DIRTY_KEY, FALSE);
  stored = find_party (c, id);
  if (stored == NULL)
    return FALSE;
  groups = tj_party_editor_dup_changes (editor, stored);
  for (guint i = 0; i < groups->len; i++)
    {
      const char * const *group = g_ptr_array_index (groups, i);

      if (tj_case_store_set_party (self->store, self->case_id, id, group, NULL, &error))
        wrote = TRUE;
      else
        {
          g_autofree char *field = field_of (group);

          tj_party_editor_set_error (editor, field, error->message);
          set_flag (editor, REFUSED_KEY, TRUE);
          g_clear_error (&error);
        }
    }
  return wrote;
}

static gboolean
save_claim (TjPartiesSection *self, const TjCase *c, TjClaimEditor *editor)
{
  g_autoptr(GError) error = NULL;
  g_auto(GStrv) changes = NULL;
  const char *id = record_id (editor);
  TjClaim *stored;

  if (id == NULL)
    {
      g_autoptr(TjClaim) claim = tj_claim_editor_get_claim (editor, NULL);

      if (claim == NULL)
        return FALSE;
      set_flag (editor, DIRTY_KEY, FALSE);
      if (!tj_case_store_add_claim (self->store, self->case_id, claim, NULL, &error))
        {
          tj_claim_editor_set_error (editor, "amount", error->message);
          set_flag (editor, REFUSED_KEY, TRUE);
          return FALSE;
        }
      set_record_id (editor, &claim->id);
      return TRUE;
    }

  set_flag (editor, DIRTY_KEY, FALSE);
  stored = find_claim (c, id);
  if (stored == NULL || (changes = tj_claim_editor_dup_changes (editor, stored)) == NULL)
    return FALSE;
  if (!tj_case_store_set_claim (self->store, self->case_id, id, (const char * const *) changes,
                                NULL, &error))
    {
      g_autofree char *field = field_of ((const char * const *) changes);

      tj_claim_editor_set_error (editor, field, error->message);
      set_flag (editor, REFUSED_KEY, TRUE);
      return FALSE;
    }
  return TRUE;
}

/* Returns TRUE when it wrote to the replica. */
static gboolean
save_changes (TjPartiesSection *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = NULL;
  gboolean wrote = FALSE;

  g_clear_handle_id (&self->save_id, g_source_remove);
  if (self->store == NULL || self->case_id == NULL)
    return FALSE;
  /* Compared with the case as stored now, not as it was shown. */
  c = tj_case_store_get (self->store, self->case_id, &error);
  if (c == NULL)
    {
      toast (self, error->message);
      return FALSE;
    }
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->parties_box)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (flag (w, DIRTY_KEY))
      wrote |= save_party (self, c, TJ_PARTY_EDITOR (w));
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->claims_box)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (flag (w, DIRTY_KEY))
      wrote |= save_claim (self, c, TJ_CLAIM_EDITOR (w));
  return wrote;
}

static gboolean
on_save_timeout_cb (gpointer data)
{
  TjPartiesSection *self = data;

  self->save_id = 0;
  if (save_changes (self))
    g_signal_emit (self, signals[SAVED], 0);
  return G_SOURCE_REMOVE;
}

static void
on_editor_changed_cb (TjPartiesSection *self, GtkWidget *editor)
{
  if (self->filling || !self->editable)
    return;
  set_flag (editor, DIRTY_KEY, TRUE);
  set_flag (editor, REFUSED_KEY, FALSE);
  g_clear_handle_id (&self->save_id, g_source_remove);
  self->save_id = g_timeout_add (EDIT_DELAY_MS, on_save_timeout_cb, self);
}

/* ---- removing ----------------------------------------------------------------------- */

static void
on_remove_response_cb (AdwMessageDialog *dialog, const char *response, TjPartiesSection *self)
{
  GtkWidget *editor = g_object_get_data (G_OBJECT (dialog), "tj-editor");
  g_autoptr(GError) error = NULL;
  gboolean ok, wrote;

  if (g_strcmp0 (response, "remove") != 0 || editor == NULL || record_id (editor) == NULL)
    return;
  /* What waits to be saved goes first, so nothing typed is lost with the reload. */
  wrote = self->save_id != 0 && save_changes (self);
  ok = TJ_IS_PARTY_EDITOR (editor)
       ? tj_case_store_remove_party (self->store, self->case_id, record_id (editor), NULL, &error)
       : tj_case_store_remove_claim (self->store, self->case_id, record_id (editor), NULL, &error);
  if (!ok)
    toast (self, error->message);
  if (ok || wrote)
    g_signal_emit (self, signals[SAVED], 0);
}

static void
on_editor_remove_cb (TjPartiesSection *self, GtkWidget *editor)
{
  AdwMessageDialog *dialog;
  const char *title = adw_preferences_group_get_title (ADW_PREFERENCES_GROUP (editor));
  g_autofree char *heading = NULL;

  /* Not written yet: nothing to confirm. */
  if (record_id (editor) == NULL)
    {
      gtk_box_remove (GTK_BOX (gtk_widget_get_parent (editor)), editor);
      return;
    }
  /* Translators: %s names a party or a claim, e.g. "Applicant 2" */
  heading = g_strdup_printf (_("Remove %s?"), title);
  dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                                       heading, NULL));
  adw_message_dialog_set_body (dialog, TJ_IS_PARTY_EDITOR (editor)
                               ? _("The party and its agents leave the case. The timeline keeps "
                                   "a record of the removal.")
                               : _("The claim leaves the case and the amount claimed goes down "
                                   "by its amount. The timeline keeps a record of the removal."));
  adw_message_dialog_add_responses (dialog, "cancel", _("_Cancel"), "remove", _("_Remove"), NULL);
  adw_message_dialog_set_response_appearance (dialog, "remove", ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (dialog, "cancel");
  adw_message_dialog_set_close_response (dialog, "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "tj-editor", g_object_ref (editor), g_object_unref);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_remove_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* ---- showing ------------------------------------------------------------------------ */

static TjPartyEditor *
new_party_editor (TjPartiesSection *self, TjSide side, const char *label)
{
  TjPartyEditor *editor = tj_party_editor_new (side, label, self->today, TRUE);

  gtk_widget_set_name (GTK_WIDGET (editor), tj_enum_key (&tj_enum_side, side));
  g_signal_connect_object (editor, "changed", G_CALLBACK (on_editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "remove", G_CALLBACK (on_editor_remove_cb), self,
                           G_CONNECT_SWAPPED);
  return editor;
}

static TjClaimEditor *
new_claim_editor (TjPartiesSection *self, guint number)
{
  TjClaimEditor *editor = tj_claim_editor_new (number, TRUE);

  g_signal_connect_object (editor, "changed", G_CALLBACK (on_editor_changed_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (editor, "remove", G_CALLBACK (on_editor_remove_cb), self,
                           G_CONNECT_SWAPPED);
  return editor;
}

/* The editor of each record by its id; the editors of records not written yet. */
static GHashTable *
editors_by_id (GtkBox *box, GPtrArray *pending)
{
  GHashTable *by_id = g_hash_table_new (g_str_hash, g_str_equal);

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (box)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    if (record_id (w) != NULL)
      g_hash_table_insert (by_id, (gpointer) record_id (w), w);
    else
      g_ptr_array_add (pending, g_object_ref (w));
  return by_id;
}

/* Make the box hold exactly `order`, in that order, moving as little as it can. */
static void
place (GtkBox *box, GPtrArray *order)
{
  GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (box));

  while (w != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (w);

      if (!g_ptr_array_find (order, w, NULL))
        gtk_box_remove (box, w);
      w = next;
    }
  for (guint i = 0; i < order->len; i++)
    {
      GtkWidget *child = g_ptr_array_index (order, i);
      GtkWidget *before = i > 0 ? g_ptr_array_index (order, i - 1) : NULL;

      if (gtk_widget_get_parent (child) == NULL)
        gtk_box_append (box, child);
      if (gtk_widget_get_prev_sibling (child) != before)
        gtk_box_reorder_child_after (box, child, before);
    }
}

static gboolean
keeps_its_text (gpointer editor)
{
  return flag (editor, DIRTY_KEY) || flag (editor, REFUSED_KEY);
}

static void
fill_parties (TjPartiesSection *self, const TjCase *c)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = editors_by_id (self->parties_box, pending);

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);
      g_autofree char *id = tj_uuid_dup_string (&p->id);
      g_autofree char *label = tj_case_party_label (c, p);
      TjPartyEditor *editor = g_hash_table_lookup (by_id, id);

      if (editor != NULL && tj_party_editor_get_side (editor) != p->side)
        editor = NULL;
      if (editor == NULL)
        {
          editor = new_party_editor (self, p->side, label);
          set_record_id (editor, &p->id);
        }
      g_ptr_array_add (order, g_object_ref_sink (editor));
      tj_party_editor_set_label (editor, label);
      if (!keeps_its_text (editor))
        tj_party_editor_set_party (editor, p);
      tj_party_editor_set_editable (editor, self->editable);
    }
  g_ptr_array_extend_and_steal (order, g_steal_pointer (&pending));
  place (self->parties_box, order);
}

static void
fill_claims (TjPartiesSection *self, const TjCase *c)
{
  g_autoptr(GPtrArray) order = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) pending = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GHashTable) by_id = editors_by_id (self->claims_box, pending);

  for (guint i = 0; i < c->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (c->claims, i);
      g_autofree char *id = tj_uuid_dup_string (&cl->id);
      TjClaimEditor *editor = g_hash_table_lookup (by_id, id);

      if (editor == NULL)
        {
          editor = new_claim_editor (self, i + 1);
          set_record_id (editor, &cl->id);
        }
      g_ptr_array_add (order, g_object_ref_sink (editor));
      tj_claim_editor_set_number (editor, i + 1);
      if (!keeps_its_text (editor))
        tj_claim_editor_set_claim (editor, cl);
      tj_claim_editor_set_editable (editor, self->editable);
    }
  for (guint i = 0; i < pending->len; i++)
    tj_claim_editor_set_number (g_ptr_array_index (pending, i), c->claims->len + i + 1);
  g_ptr_array_extend_and_steal (order, g_steal_pointer (&pending));
  place (self->claims_box, order);
}

/* ---- actions ------------------------------------------------------------------------ */

static void
add_party_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPartiesSection *self = TJ_PARTIES_SECTION (widget);
  g_autofree char *label = NULL;
  TjPartyEditor *editor;
  guint side, n = 1;

  if (!tj_enum_lookup (&tj_enum_side, g_variant_get_string (param, NULL), &side))
    return;
  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->parties_box)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    n += tj_party_editor_get_side (TJ_PARTY_EDITOR (w)) == side;
  label = tj_party_side_label (side, n);
  editor = new_party_editor (self, side, label);
  gtk_box_append (self->parties_box, GTK_WIDGET (editor));
}

static void
add_claim_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPartiesSection *self = TJ_PARTIES_SECTION (widget);
  guint n = 1;

  for (GtkWidget *w = gtk_widget_get_first_child (GTK_WIDGET (self->claims_box)); w != NULL;
       w = gtk_widget_get_next_sibling (w))
    n++;
  gtk_box_append (self->claims_box, GTK_WIDGET (new_claim_editor (self, n)));
}

/* ---- the object --------------------------------------------------------------------- */

static void
tj_parties_section_dispose (GObject *object)
{
  TjPartiesSection *self = TJ_PARTIES_SECTION (object);

  /* A pause not yet over still saves what was typed (no one listens any more). */
  if (self->save_id != 0)
    save_changes (self);
  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_PARTIES_SECTION);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_parties_section_parent_class)->dispose (object);
}

static void
tj_parties_section_finalize (GObject *object)
{
  TjPartiesSection *self = TJ_PARTIES_SECTION (object);

  g_free (self->case_id);
  g_free (self->today);
  G_OBJECT_CLASS (tj_parties_section_parent_class)->finalize (object);
}

static void
tj_parties_section_class_init (TjPartiesSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_parties_section_dispose;
  object_class->finalize = tj_parties_section_finalize;

  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0,
                                 NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-parties-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPartiesSection, parties_group);
  gtk_widget_class_bind_template_child (widget_class, TjPartiesSection, add_party_button);
  gtk_widget_class_bind_template_child (widget_class, TjPartiesSection, parties_box);
  gtk_widget_class_bind_template_child (widget_class, TjPartiesSection, add_claim_button);
  gtk_widget_class_bind_template_child (widget_class, TjPartiesSection, claims_box);

  gtk_widget_class_install_action (widget_class, "parties.add-party", "s", add_party_activated);
  gtk_widget_class_install_action (widget_class, "parties.add-claim", NULL, add_claim_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_parties_section_init (TjPartiesSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tj_parties_section_set_case (TjPartiesSection *self, TjCaseStore *store, const TjCase *c,
                             gboolean editable)
{
  g_autofree char *id = NULL;

  g_return_if_fail (TJ_IS_PARTIES_SECTION (self));
  g_return_if_fail (TJ_IS_CASE_STORE (store));

  id = tj_uuid_dup_string (&c->id);
  /* Another case: its editors go (the page saved what waited, tj_parties_section_flush ()). */
  if (self->case_id != NULL && g_strcmp0 (id, self->case_id) != 0)
    {
      g_clear_handle_id (&self->save_id, g_source_remove);
      tj_app_remove_children (GTK_WIDGET (self->parties_box));
      tj_app_remove_children (GTK_WIDGET (self->claims_box));
    }
  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_steal_pointer (&id);
  g_free (self->today);
  self->today = tj_case_store_today (store);
  self->editable = editable;
  /* Read-only, nothing is saved: the hint would only mislead. */
  adw_preferences_group_set_description (self->parties_group,
                                         editable ? _("Changes are saved as you make them.")
                                                  : NULL);
  gtk_widget_set_visible (self->add_party_button, editable);
  gtk_widget_set_visible (self->add_claim_button, editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parties.add-party", editable);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "parties.add-claim", editable);

  self->filling = TRUE;
  fill_parties (self, c);
  fill_claims (self, c);
  self->filling = FALSE;
}

void
tj_parties_section_flush (TjPartiesSection *self)
{
  g_return_if_fail (TJ_IS_PARTIES_SECTION (self));

  if (self->save_id != 0 && save_changes (self))
    g_signal_emit (self, signals[SAVED], 0);
}
