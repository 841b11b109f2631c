/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-app-util.h"
#include "tj-case-documents.h"
#include "tj-documents-section.h"
#include "tj-preview-window.h"
#include "tj-uuid.h"

struct _TjDocumentsSection
{
  GtkWidget      parent_instance;

  TjCaseStore   *store;         /* (nullable) */
  char          *case_id;       /* (nullable) */
  char          *case_no;       /* (nullable) */
  GCancellable  *cancellable;   /* the section's life */
  gboolean       busy;

  /* Template widgets */
  GtkLabel      *problem_label;
  GtkListBox    *offers_list;
  GtkListBox    *issued_list;
};

G_DEFINE_FINAL_TYPE (TjDocumentsSection, tj_documents_section, GTK_TYPE_WIDGET)

/* One render on its way: what to call the document when it comes back. */
typedef struct {
  TjDocumentsSection *self;     /* (owned) */
  char               *kind;
  guint               session;
  gboolean            final;
} Render;

static void
render_free (Render *r)
{
  g_object_unref (r->self);
  g_free (r->kind);
  g_free (r);
}

static char *
document_title (const char *kind, guint session)
{
  const TjDocKind *k = tj_doc_kind_lookup (kind, NULL);
  const char *label = k != NULL ? _(k->label) : kind;

  if (session > 0)
    /* Translators: a document kind, then which session of the case it records */
    return g_strdup_printf (_("%s (session %u)"), label, session);
  return g_strdup (label);
}

/* "KIND:SESSION", the target of the row's buttons. */
static gboolean
parse_target (GVariant *param, char **kind, guint *session)
{
  const char *s = g_variant_get_string (param, NULL);
  const char *colon = strrchr (s, ':');

  if (colon == NULL)
    return FALSE;
  *kind = g_strndup (s, colon - s);
  *session = (guint) g_ascii_strtoull (colon + 1, NULL, 10);
  return TRUE;
}

static void
update_actions (TjDocumentsSection *self)
{
  gboolean ready = self->store != NULL && self->case_id != NULL && !self->busy;
  /* The centre that holds the case issues its documents; a supervisor reads them. */
  gboolean issues = self->store != NULL &&
                    (tj_case_store_get_roles (self->store) &
                     (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))) != 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.preview", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.issue", ready && issues);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "documents.open-issued", self->store != NULL);
}

static void
show_problem (TjDocumentsSection *self, const char *text)
{
  tj_app_label_set_text (self->problem_label, text);
}

static void
open_preview (TjDocumentsSection *self, GBytes *pdf, const char *kind, guint session,
              const char *code)
{
  g_autofree char *title = document_title (kind, session);
  g_autofree char *file_name = g_strdup_printf ("%s %s.pdf", self->case_no, title);
  TjPreviewWindow *window;

  g_strdelimit (file_name, "/\\", '-');
  window = tj_preview_window_new (pdf, title, self->case_no, file_name, code);
  gtk_window_set_transient_for (GTK_WINDOW (window),
                                GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))));
  gtk_window_present (GTK_WINDOW (window));
}

static void
on_rendered_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  Render *r = data;
  TjDocumentsSection *self = r->self;
  g_autoptr(GError) error = NULL;
  g_autofree char *code = NULL;
  g_autoptr(GBytes) pdf = tj_doc_render_finish (TJ_CASE_STORE (source), result, &code, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      render_free (r);
      return;
    }
  self->busy = FALSE;
  update_actions (self);
  if (pdf == NULL)
    {
      /* The lint's message names the clause and what it lacks; it stays in view while
       * the agreement is put right. */
      show_problem (self, error->message);
    }
  else
    {
      show_problem (self, NULL);
      /* A final is recorded: the page lists it now. */
      if (r->final)
        gtk_widget_activate_action (GTK_WIDGET (self), "win.changed", NULL);
      open_preview (self, pdf, r->kind, r->session, code);
    }
  render_free (r);
}

static void
render (TjDocumentsSection *self, const char *kind, guint session, gboolean final)
{
  TjDocOptions options;
  Render *r;

  if (self->store == NULL || self->case_id == NULL || self->busy)
    return;
  tj_doc_options_init (&options);
  options.session = session;
  options.final = final;
  r = g_new0 (Render, 1);
  r->self = g_object_ref (self);
  r->kind = g_strdup (kind);
  r->session = session;
  r->final = final;
  self->busy = TRUE;
  update_actions (self);
  tj_doc_render_async (self->store, kind, self->case_id, &options, self->cancellable,
                       on_rendered_cb, r);
}

static GtkWidget *
row_button (const char *label, const char *name, const char *action, const char *target)
{
  GtkWidget *button = gtk_button_new_with_mnemonic (label);

  gtk_widget_set_name (button, name);
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action);
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", target);
  return button;
}

static void
fill_offers (TjDocumentsSection *self, const TjCase *c, GPtrArray *recorded)
{
  g_autoptr(GArray) sessions = tj_case_store_list_sessions (self->store, c, NULL);
  g_autoptr(GArray) offers = tj_case_documents_offered (c, sessions != NULL ? sessions->len : 0);

  tj_app_remove_children (GTK_WIDGET (self->offers_list));
  for (guint i = 0; i < offers->len; i++)
    {
      TjDocOffer *o = &g_array_index (offers, TjDocOffer, i);
      g_autofree char *title = document_title (o->kind->key, o->session);
      g_autofree char *target = g_strdup_printf ("%s:%u", o->kind->key, o->session);
      g_autofree char *preview_name = g_strdup_printf ("preview-%s-%u", o->kind->key, o->session);
      g_autofree char *final_name = g_strdup_printf ("final-%s-%u", o->kind->key, o->session);
      TjDocRecord *latest = o->session == 0 ? tj_case_documents_latest (recorded, o->kind->key)
                                            : NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *final;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      if (latest != NULL)
        {
          /* Translators: the verification code of the final document issued last */
          g_autofree char *issued = g_strdup_printf (_("Final issued, code %s"), latest->code);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), issued);
        }
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 row_button (_("_Preview"), preview_name, "documents.preview",
                                             target));
      final = row_button (_("Issue _Final"), final_name, "documents.issue", target);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), final);
      gtk_list_box_append (self->offers_list, row);
    }
}

static void
fill_issued (TjDocumentsSection *self, GPtrArray *recorded)
{
  tj_app_remove_children (GTK_WIDGET (self->issued_list));
  for (guint i = 0; recorded != NULL && i < recorded->len; i++)
    {
      TjDocRecord *r = g_ptr_array_index (recorded, i);
      g_autofree char *title = document_title (r->kind, 0);
      g_autofree char *when = tj_app_format_time (r->rendered_at);
      /* Translators: a final document's number, verification code, when it was issued and
       * its number of pages */
      g_autofree char *sub = g_strdup_printf (_("No. %s · verification code %s · %s · %u pp."),
                                              r->number != NULL ? r->number : "—", r->code, when,
                                              r->pages);
      GtkWidget *row = adw_action_row_new ();
      g_autoptr(GFile) kept = tj_case_store_blob_file (self->store, r->sha256);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), sub);
      gtk_widget_set_name (row, r->code);
      /* A final pulled from the server opens once its bytes are fetched. */
      if (g_file_query_exists (kept, NULL))
        {
          g_autofree char *name = g_strdup_printf ("open-%s", r->code);

          adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                     row_button (_("_Open"), name, "documents.open-issued",
                                                 r->code));
        }
      gtk_list_box_append (self->issued_list, row);
    }
  if (recorded == NULL || recorded->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No final document issued yet"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->issued_list, row);
    }
}

/* documents.preview renders a draft, documents.issue a final. */
static void
render_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  g_autofree char *kind = NULL;
  guint session;

  if (parse_target (param, &kind, &session))
    render (TJ_DOCUMENTS_SECTION (widget), kind, session,
            g_str_equal (name, "documents.issue"));
}

static void
open_issued_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjDocumentsSection *self = TJ_DOCUMENTS_SECTION (widget);
  g_autoptr(TjDocRecord) record = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;

  if (self->store == NULL)
    return;
  record = tj_doc_record_lookup (self->store, g_variant_get_string (param, NULL), &error);
  if (record != NULL)
    pdf = tj_doc_get_pdf (self->store, record, NULL, NULL, &error);
  if (pdf == NULL)
    {
      show_problem (self, error != NULL ? error->message
                                        : _("The issued document is not kept on this replica."));
      return;
    }
  open_preview (self, pdf, record->kind, 0, record->code);
}

static void
tj_documents_section_dispose (GObject *object)
{
  TjDocumentsSection *self = TJ_DOCUMENTS_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_DOCUMENTS_SECTION);
  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (tj_documents_section_parent_class)->dispose (object);
}

static void
tj_documents_section_finalize (GObject *object)
{
  TjDocumentsSection *self = TJ_DOCUMENTS_SECTION (object);

  g_free (self->case_id);
  g_free (self->case_no);
  G_OBJECT_CLASS (tj_documents_section_parent_class)->finalize (object);
}

static void
tj_documents_section_class_init (TjDocumentsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_documents_section_dispose;
  object_class->finalize = tj_documents_section_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-documents-section.ui");
  gtk_widget_class_bind_template_child (widget_class, TjDocumentsSection, problem_label);
  gtk_widget_class_bind_template_child (widget_class, TjDocumentsSection, offers_list);
  gtk_widget_class_bind_template_child (widget_class, TjDocumentsSection, issued_list);

  gtk_widget_class_install_action (widget_class, "documents.preview", "s", render_activated);
  gtk_widget_class_install_action (widget_class, "documents.issue", "s", render_activated);
  gtk_widget_class_install_action (widget_class, "documents.open-issued", "s",
                                   open_issued_activated);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_documents_section_init (TjDocumentsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  update_actions (self);
}

void
tj_documents_section_set_case (TjDocumentsSection *self, TjCaseStore *store, const TjCase *c)
{
  g_autoptr(GPtrArray) recorded = NULL;
  g_autofree char *id = NULL;

  g_return_if_fail (TJ_IS_DOCUMENTS_SECTION (self));
  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_return_if_fail (c != NULL);

  id = tj_uuid_dup_string (&c->id);
  /* Another case: its problems are not this one's. */
  if (g_strcmp0 (id, self->case_id) != 0)
    show_problem (self, NULL);
  g_set_object (&self->store, store);
  g_free (self->case_id);
  self->case_id = g_steal_pointer (&id);
  g_free (self->case_no);
  self->case_no = g_strdup (c->case_no);
  recorded = tj_case_documents_recorded (store, c, NULL);
  fill_offers (self, c, recorded);
  fill_issued (self, recorded);
  update_actions (self);
}

void
tj_documents_section_issue (TjDocumentsSection *self, const char *kind, guint session)
{
  g_return_if_fail (TJ_IS_DOCUMENTS_SECTION (self));
  g_return_if_fail (kind != NULL);

  render (self, kind, session, TRUE);
}

gboolean
tj_documents_section_is_busy (TjDocumentsSection *self)
{
  g_return_val_if_fail (TJ_IS_DOCUMENTS_SECTION (self), FALSE);
  return self->busy;
}
