/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-documents.h"
#include "tj-replica-link.h"
#include "tj-review-pane.h"
#include "tj-uuid.h"

struct _TjReviewPane
{
  GtkWidget     parent_instance;

  char         *loaded_key;     /* (nullable) case id and version shown */
  gboolean      final;
  gboolean      fetching;
  char         *code;           /* (nullable) the verification code of the final shown */
  GCancellable *cancellable;

  /* Template widgets */
  GtkLabel     *source_label;
  GtkLabel     *problem_label;
  TjPdfView    *view;
};

G_DEFINE_FINAL_TYPE (TjReviewPane, tj_review_pane, GTK_TYPE_WIDGET)

/* Translators: a final agreement's number and verification code */
#define AS_ISSUED N_("The final agreement as issued: No. %s, verification code %s.")

static void
show_issued (TjReviewPane *self, const TjDocRecord *issued)
{
  g_autofree char *text = g_strdup_printf (_(AS_ISSUED),
                                           issued->number != NULL ? issued->number : "—",
                                           issued->code);

  gtk_label_set_text (self->source_label, text);
}

static void
show_pdf (TjReviewPane *self, GBytes *pdf)
{
  gtk_widget_set_visible (GTK_WIDGET (self->view), TRUE);
  tj_pdf_view_load (self->view, pdf);
}

/* Why the final cannot be shown, in words a supervisor can act on. */
static char *
explain_missing (const char *code, const GError *error)
{
  if (g_error_matches (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY))
    /* Translators: a verification code, then what was found wrong */
    return g_strdup_printf (_("The final agreement (verification code %s) is not shown: its "
                              "PDF is not the one recorded, so it may have been altered. Ask "
                              "the centre and the server's administrator to check it. (%s)"),
                            code, error->message);
  if (g_error_matches (error, TJ_DOC_ERROR, TJ_DOC_ERROR_MISSING))
    /* Translators: a verification code */
    return g_strdup_printf (_("The final agreement (verification code %s) is not on this "
                              "replica, and the replica is not linked to a server to fetch it "
                              "from."), code);
  /* Translators: a verification code, then the reason */
  return g_strdup_printf (_("The final agreement (verification code %s) is not on this replica "
                            "and could not be fetched from the server; check the connection "
                            "and open the case again. (%s)"), code, error->message);
}

static void
on_fetched_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TjReviewPane) self = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) pdf = tj_doc_get_pdf_finish (TJ_CASE_STORE (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->fetching = FALSE;
  if (pdf == NULL)
    {
      g_autofree char *text = explain_missing (self->code, error);

      tj_app_label_set_text (self->problem_label, text);
      return;
    }
  self->final = TRUE;
  show_pdf (self, pdf);
}

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
  show_pdf (self, pdf);
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
  g_free (self->code);
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
  g_autoptr(GError) local = NULL;
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
  /* Nothing of the case shown before stays on screen while this one loads. */
  gtk_widget_set_visible (GTK_WIDGET (self->view), FALSE);
  self->final = FALSE;
  self->fetching = FALSE;

  /* The final the parties signed is what the review is of: the replica's copy, or the
   * server's when only its record came with the sync (checked against the record's
   * SHA-256 either way). Where none was issued, the agreement as the case records it
   * stands in, and says so. */
  recorded = tj_case_documents_recorded (store, c, NULL);
  issued = tj_case_documents_latest (recorded, "agreement");
  g_clear_pointer (&self->code, g_free);
  if (issued != NULL)
    {
      self->code = g_strdup (issued->code);
      kept = tj_doc_get_pdf (store, issued, NULL, NULL, &local);
    }
  if (kept != NULL)
    {
      self->final = TRUE;
      show_issued (self, issued);
      show_pdf (self, kept);
    }
  else if (g_error_matches (local, TJ_DOC_ERROR, TJ_DOC_ERROR_MISSING))
    {
      g_autofree char *server = NULL, *token = NULL;

      show_issued (self, issued);
      tj_replica_link_read (store, &server, &token);
      self->fetching = TRUE;
      tj_doc_get_pdf_async (store, issued->code, server, token, self->cancellable,
                            on_fetched_cb, g_object_ref (self));
    }
  else if (local != NULL)
    {
      g_autofree char *text = explain_missing (issued->code, local);

      show_issued (self, issued);
      tj_app_label_set_text (self->problem_label, text);
    }
  else
    {
      TjDocOptions options;

      gtk_label_set_text (self->source_label,
                          _("No final agreement was issued: the agreement is shown as the case "
                            "records it now, as a draft."));
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

gboolean
tj_review_pane_is_busy (TjReviewPane *self)
{
  g_return_val_if_fail (TJ_IS_REVIEW_PANE (self), FALSE);
  return self->fetching;
}
