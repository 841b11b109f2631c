/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

/* Rows of the forms (new case, parties, claims, action dialogs): a title, the field, and
 * the rule a wrong value breaks shown beside it, as the person types. */

GtkWidget  *tj_form_entry_row_new   (const char    *title,
                                     const char    *placeholder,
                                     GtkEntry     **entry);
/* The same, the entry named `name` (tests find it so) and `changed` called, swapped, on
 * `data` at each change. */
GtkWidget  *tj_form_entry_row_new_watched (const char *title,
                                           const char *placeholder,
                                           const char *name,
                                           GCallback   changed,
                                           gpointer    data,
                                           GtkEntry  **entry);
GtkWidget  *tj_form_combo_row_new   (const char    *title,
                                     GtkStringList *choices);
GtkWidget  *tj_form_switch_row_new  (const char    *title,
                                     const char    *subtitle,
                                     GtkSwitch    **toggle);
/* NULL clears the error; a message marks the row and says what is wrong. */
void        tj_form_row_set_error   (GtkWidget     *row,
                                     const char    *message);
/* An entry that takes changes, or one that only shows its value (styled as text, without
 * its placeholder). */
void        tj_form_entry_set_editable (GtkEntry   *entry,
                                        gboolean    editable);
/* Plain text of an entry, NULL when blank. */
char       *tj_form_entry_dup_text  (GtkEntry      *entry);
/* Today in Beijing, ISO. */
char       *tj_form_today           (void);

G_END_DECLS
