/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-documents.h"
#include "tj-review-pane.h"
#include "tj-uuid.h"

struct _TjReviewPane
{
  GtkWidget     parent_instance;

  char         *loaded_key;     /* (nullable) case id and version shown */
  gboolean      final;
  GCancellable *cancellable;

  /* Template widgets */
  GtkLabel     *source_label;
  GtkLabel     *problem_label;
  TjPdfView    *view;
};

G_DEFINE_FINAL_TYPE (TjReviewPane, tj_review_pane, GTK_TYPE_WIDGET)

static void
on_rendered_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TjReviewPane) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = tj_doc_render_finish (TJ_CASE_STORE (source), result, NULL, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (pdf == NULL)
    {
      tj_app_label_set_text (self->problem_label, error->message);
      return;
    }
  tj_pdf_view_load (self->view, pdf);
}

static void
tj_review_pane_dispose (GObject *object)
{
  TjReviewPane *self = TJ_REVIEW_PANE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_REVIEW_PANE);
  G_OBJECT_CLASS (tj_review_pane_parent_class)->dispose (object);
}

static void
tj_review_pane_finalize (GObject *object)
{
  TjReviewPane *self = TJ_REVIEW_PANE (object);

  g_free (self->loaded_key);
  G_OBJECT_CLASS (tj_review_pane_parent_class)->finalize (object);
}

static void
tj_review_pane_class_init (TjReviewPaneClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_review_pane_dispose;
  object_class->finalize = tj_review_pane_finalize;

  g_type_ensure (TJ_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-review-pane.ui");
  gtk_widget_class_bind_template_child (widget_class, TjReviewPane, source_label);
  gtk_widget_class_bind_template_child (widget_class, TjReviewPane, problem_label);
  gtk_widget_class_bind_template_child (widget_class, TjReviewPane, view);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
tj_review_pane_init (TjReviewPane *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

void
tj_review_pane_set_case (TjReviewPane *self, TjCaseStore *store, const TjCase *c)
{
  char id[TJ_UUID_STRING_LEN + 1];
  g_autofree char *key = NULL;
  g_autoptr(GPtrArray) recorded = NULL;
  g_autoptr(GBytes) kept = NULL;
  TjDocRecord *issued;

  g_return_if_fail (TJ_IS_REVIEW_PANE (self));
  g_return_if_fail (TJ_IS_CASE_STORE (store));
  g_return_if_fail (c != NULL);

  tj_uuid_to_string (&c->id, id);
  key = g_strdup_printf ("%s/%" G_GINT64_FORMAT, id, c->version);
  if (g_strcmp0 (key, self->loaded_key) == 0)
    return;
  g_free (self->loaded_key);
  self->loaded_key = g_steal_pointer (&key);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  tj_app_label_set_text (self->problem_label, NULL);

  /* The final the parties signed is what the review is of; where this replica does not
   * keep it, the agreement as the case records it stands in, and says so. */
  recorded = tj_case_documents_recorded (store, c, NULL);
  issued = tj_case_documents_latest (recorded, "agreement");
  if (issued != NULL)
    kept = tj_doc_get_pdf (store, issued, NULL, NULL, NULL);
  self->final = kept != NULL;
  if (kept != NULL)
    {
      /* Translators: a final agreement's number and verification code */
      g_autofree char *text = g_strdup_printf (_("The final agreement as issued: No. %s, "
                                                 "verification code %s."),
                                               issued->number != NULL ? issued->number : "—",
                                               issued->code);
      gtk_label_set_text (self->source_label, text);
      tj_pdf_view_load (self->view, kept);
    }
  else
    {
      TjDocOptions options;

      gtk_label_set_text (self->source_label,
                          _("No final agreement is kept on this replica: the agreement is shown "
                            "as the case records it now, as a draft."));
      tj_doc_options_init (&options);
      tj_doc_render_async (store, "agreement", id, &options, self->cancellable, on_rendered_cb,
                           g_object_ref (self));
    }
}

TjPdfView *
tj_review_pane_get_view (TjReviewPane *self)
{
  g_return_val_if_fail (TJ_IS_REVIEW_PANE (self), NULL);
  return self->view;
}

gboolean
tj_review_pane_get_final (TjReviewPane *self)
{
  g_return_val_if_fail (TJ_IS_REVIEW_PANE (self), FALSE);
  return self->final;
}
