/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-application.h"
#include "tj-window.h"

G_BEGIN_DECLS

/* What the display suites share: the application of the process, and ways to drive it
 * as a person does and to look at what it shows. */

extern TjApplication *app;

/* Chinese, GTK, libadwaita and the application (registered, not unique). */
void        ui_init               (int         *argc,
                                   char      ***argv);

/* Run the main loop for `ms` milliseconds (0: until it is idle). */
void        pump                  (guint        ms);
/* The first widget below root (root included) of a type (G_TYPE_INVALID: any) and name
 * (NULL: any). */
GtkWidget  *find_widget           (GtkWidget   *root,
                                   GType        type,
                                   const char  *name);
GtkWidget  *find_widget_by_action (GtkWidget   *root,
                                   const char  *action);
/* A visible label with the "error" style. */
GtkWidget  *find_error_label      (GtkWidget   *root);
/* A visible toplevel window of a type. */
GtkWidget  *find_toplevel         (GType        type);
/* Type into the entry named `name`, character by character. */
void        type_into             (GtkWidget   *root,
                                   const char  *name,
                                   const char  *text);
/* Click the sensitive button named `name`. */
void        click                 (GtkWidget   *root,
                                   const char  *name);
/* The case as the replica file holds it, read through a connection of its own. */
TjCase     *read_back             (const char  *path,
                                   const char  *id);
/* A path for a replica in a new temporary folder. */
char       *new_replica           (const char  *name);
/* Open the replica in the application, with demo cases, or else set up as a township
 * centre whose user (张调解) is head and mediator, and show a window on it. */
TjWindow   *open_window           (const char  *path,
                                   guint        demo_cases);
/* tiaojie-cli (TJ_CLI) --db `db` and the arguments up to NULL; 0 when it succeeded.
 * `out` (nullable) takes what it printed. */
int         run_cli               (char       **out,
                                   const char  *db,
                                   ...) G_GNUC_NULL_TERMINATED;
/* A PNG of the widget as it is painted, into TJ_SCREENSHOT_DIR. */
void        save_png              (GtkWidget   *widget,
                                   const char  *name);

/* From a review view's list, the way a supervisor opens a case; the case page. */
GtkWidget  *open_from_review      (GtkWidget   *window,
                                   const char  *id);
/* The demo provincial server (TJ_SERVER) on loopback port 0; its URL and (nullable) the
 * folder of its data. */
GSubprocess *start_server         (char       **url,
                                   char       **data_dir);

G_END_DECLS
