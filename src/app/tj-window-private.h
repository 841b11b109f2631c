/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-case-page.h"
#include "tj-cases-view.h"
#include "tj-deadlines-view.h"
#include "tj-roster-view.h"
#include "tj-setup-page.h"
#include "tj-sync-controller.h"
#include "tj-sync-view.h"
#include "tj-window.h"

G_BEGIN_DECLS

/* Shared by tj-window.c and tj-window-actions.c. */
struct _TjWindow
{
  AdwApplicationWindow  parent_instance;

  TjCaseStore          *cases;          /* (nullable) no replica could be opened */
  TjSyncController     *sync;
  char                 *previous_view;  /* where "back" returns from a case */
  guint                 refresh_id;     /* the views off screen, read after the list */
  gboolean              painted;        /* the first frame is on screen */
  gboolean              refresh_wanted; /* a refresh waits for the first frame */
  GCancellable         *warming;        /* (nullable) the search index read ahead, once */

  /* Template widgets */
  AdwToastOverlay      *toast_overlay;
  AdwLeaflet           *leaflet;
  GtkListBox           *sidebar;
  GtkWidget            *sidebar_box;
  GtkWidget            *content_box;
  AdwWindowTitle       *view_title;
  GtkWidget            *back_button;
  GtkWidget            *new_case_button;
  GtkLabel             *online_label;
  GtkLabel             *pending_label;
  GtkLabel             *synced_label;
  GtkLabel             *deadlines_badge;
  GtkLabel             *conflicts_badge;
  GtkProgressBar       *sync_progress;
  GtkStack             *stack;
  TjSetupPage          *setup_page;
  TjCasesView          *cases_view;
  TjCasesView          *review_view;
  TjDeadlinesView      *deadlines_view;
  TjRosterView         *roster_view;
  TjSyncView           *sync_view;
  TjCasePage           *case_page;
};

void _tj_window_class_add_actions (GtkWidgetClass *widget_class);
void _tj_window_update_actions    (TjWindow       *self);

G_END_DECLS
