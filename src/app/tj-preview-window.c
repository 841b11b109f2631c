/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-pdf-print.h"
#include "tj-preview-window.h"

struct _TjPreviewWindow
{
  AdwWindow        parent_instance;

  GBytes          *pdf;
  char            *title;
  char            *file_name;

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwWindowTitle  *window_title;
  GtkLabel        *status_label;
  TjPdfView       *view;
};

G_DEFINE_FINAL_TYPE (TjPreviewWindow, tj_preview_window, ADW_TYPE_WINDOW)

static void
toast (TjPreviewWindow *self, const char *text)
{
  AdwToast *t = adw_toast_new (text);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

static void
on_saved_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(TjPreviewWindow) self = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_parse_name (G_FILE (source));
  g_autofree char *text = NULL;

  if (!g_file_replace_contents_finish (G_FILE (source), result, NULL, &error))
    /* Translators: a file name, then why it could not be written */
    text = g_strdup_printf (_("Could not save %s: %s"), name, error->message);
  else
    text = g_strdup_printf (_("Saved as %s"), name);
  toast (self, text);
}

static void
save_to (TjPreviewWindow *self, GFile *file)
{
  g_file_replace_contents_bytes_async (file, self->pdf, NULL, FALSE,
                                       G_FILE_CREATE_REPLACE_DESTINATION, NULL, on_saved_cb,
                                       g_object_ref (self));
}

static void
on_save_response_cb (GtkNativeDialog *chooser, int response, TjPreviewWindow *self)
{
  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));

      if (file != NULL)
        save_to (self, file);
    }
  g_object_unref (chooser);
}

static void
save_as_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPreviewWindow *self = TJ_PREVIEW_WINDOW (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  GtkFileChooserNative *chooser;

  chooser = gtk_file_chooser_native_new (_("Save Document"), GTK_WINDOW (self),
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_file_filter_set_name (filter, _("PDF documents"));
  gtk_file_filter_add_mime_type (filter, "application/pdf");
  gtk_file_filter_add_suffix (filter, "pdf");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), self->file_name);
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  g_signal_connect_object (chooser, "response", G_CALLBACK (on_save_response_cb), self, 0);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

static void
on_print_done_cb (GtkPrintOperation *operation, GtkPrintOperationResult result, gpointer data)
{
  TjPreviewWindow *self = data;
  g_autoptr(GError) error = NULL;

  if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      gtk_print_operation_get_error (operation, &error);
      if (error != NULL)
        {
          /* Translators: why printing failed */
          g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error->message);
          toast (self, text);
        }
    }
  g_object_unref (operation);
  g_object_unref (self);
}

static void
print_activated (GtkWidget *widget, const char *name, GVariant *param)
{
  TjPreviewWindow *self = TJ_PREVIEW_WINDOW (widget);
  TjPdfDocument *document = tj_pdf_view_get_document (self->view);
  g_autoptr(GError) error = NULL;
  GtkPrintOperation *operation;

  if (document == NULL)
    return;
  operation = tj_pdf_print_operation_new (document, self->title);
  g_signal_connect (operation, "done", G_CALLBACK (on_print_done_cb), g_object_ref (self));
  if (gtk_print_operation_run (operation, GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                               GTK_WINDOW (self), &error) == GTK_PRINT_OPERATION_RESULT_ERROR &&
      error != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Could not print: %s"), error->message);
      toast (self, text);
    }
}

static void
tj_preview_window_dispose (GObject *object)
{
  TjPreviewWindow *self = TJ_PREVIEW_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), TJ_TYPE_PREVIEW_WINDOW);
  G_OBJECT_CLASS (tj_preview_window_parent_class)->dispose (object);
}

static void
tj_preview_window_finalize (GObject *object)
{
  TjPreviewWindow *self = TJ_PREVIEW_WINDOW (object);

  g_clear_pointer (&self->pdf, g_bytes_unref);
  g_free (self->title);
  g_free (self->file_name);
  G_OBJECT_CLASS (tj_preview_window_parent_class)->finalize (object);
}

static void
tj_preview_window_class_init (TjPreviewWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_preview_window_dispose;
  object_class->finalize = tj_preview_window_finalize;

  g_type_ensure (TJ_TYPE_PDF_VIEW);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-preview-window.ui");
  gtk_widget_class_bind_template_child (widget_class, TjPreviewWindow, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, TjPreviewWindow, window_title);
  gtk_widget_class_bind_template_child (widget_class, TjPreviewWindow, status_label);
  gtk_widget_class_bind_template_child (widget_class, TjPreviewWindow, view);

  gtk_widget_class_install_action (widget_class, "preview.save-as", NULL, save_as_activated);
  gtk_widget_class_install_action (widget_class, "preview.print", NULL, print_activated);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "preview.save-as", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "preview.print", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_w, GDK_CONTROL_MASK,
                                       "window.close", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
tj_preview_window_init (TjPreviewWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

TjPreviewWindow *
tj_preview_window_new (GBytes *pdf, const char *title, const char *subtitle,
                       const char *file_name, const char *code)
{
  TjPreviewWindow *self;

  g_return_val_if_fail (pdf != NULL, NULL);
  g_return_val_if_fail (title != NULL && file_name != NULL, NULL);

  self = g_object_new (TJ_TYPE_PREVIEW_WINDOW, NULL);
  self->pdf = g_bytes_ref (pdf);
  self->title = g_strdup (title);
  self->file_name = g_strdup (file_name);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, subtitle != NULL ? subtitle : "");
  if (code != NULL)
    {
      /* Translators: %s is the verification code printed on a final document */
      g_autofree char *text = g_strdup_printf (_("Final document, recorded with verification "
                                                 "code %s."), code);
      gtk_label_set_text (self->status_label, text);
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "success");
    }
  else
    {
      gtk_label_set_text (self->status_label, _("Draft for reading and checking: it is not "
                                                "recorded and carries no verification code."));
      gtk_widget_add_css_class (GTK_WIDGET (self->status_label), "dim-label");
    }
  tj_pdf_view_load (self->view, pdf);
  gtk_widget_grab_focus (GTK_WIDGET (self->view));
  return self;
}

TjPdfView *
tj_preview_window_get_view (TjPreviewWindow *self)
{
  g_return_val_if_fail (TJ_IS_PREVIEW_WINDOW (self), NULL);
  return self->view;
}
