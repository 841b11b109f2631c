/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-case-store.h"

G_BEGIN_DECLS

/* Small helpers every view shares: how times, deadlines and states read. */

/* Unix milliseconds as Beijing time, "2026-06-30 14:05". */
char       *tj_app_format_time      (gint64        ms);
/* "3 days left", "Due today", "2 days overdue", or "" without a deadline. */
char       *tj_app_format_days_left (int           days);
/* The CSS class of a state's badge. */
const char *tj_app_state_css_class  (TjState       state);
/* Set a label's text and hide it when the text is empty. */
void        tj_app_label_set_text   (GtkLabel     *label,
                                     const char   *text);
/* dispose of a template widget that is a plain GtkWidget: the template's children, then
 * the rest of what it holds. */
void        tj_app_dispose_children (GtkWidget    *widget,
                                     GType         template_type);
/* Remove every child of a box or list box. */
void        tj_app_remove_children  (GtkWidget    *container);
/* GtkStringList of a vocabulary's translated labels, with an optional first entry. */
GtkStringList *tj_app_enum_strings  (const TjEnum *e,
                                     const char   *first);

G_END_DECLS
