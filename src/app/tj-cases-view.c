/* SPDX-License-Identifier: GPL-3.0-or-later */

#include "config.h"

#include <glib/gi18n.h>

#include "tj-app-util.h"
#include "tj-case-read.h"
#include "tj-cases-view.h"
#include "tj-conflicts.h"
#include "tj-text-cell.h"

/*
 * The chain: TjCaseListModel (core: pages from SQLite, filtered, ordered and searched
 * there) → its plain list → GtkSingleSelection → GtkColumnView, and its search list → a
 * second GtkColumnView with the same columns, shown while a search is. No GTK filter or
 * sort model sits in between: on a million cases they would touch every row. Sorting a
 * column therefore asks the core for another order; the column view's own sorter only
 * tells us which column and direction the person chose.
 *
 * Two views, because a GtkColumnView (GTK 4.8) keeps about 200 rows of a long list and
 * throws every one away when all its items are replaced, some 40 ms on a plain list: the
 * first character typed would pay it, and clearing the search would build them again.
 * The plain list's view keeps its rows (and its place) while the search list is shown.
 */

typedef enum {
  COLUMN_NUMBER,
  COLUMN_APPLICANT,
  COLUMN_RESPONDENT,
  COLUMN_TYPES,
  COLUMN_STATE,
  COLUMN_DAYS,
  COLUMN_MEDIATOR,
  COLUMN_RECEIVED,
  N_COLUMNS
} Column;

struct _TjCasesView
{
  GtkWidget           parent_instance;

  TjCaseStore        *store;            /* (nullable) */
  TjCaseListModel    *model;            /* (nullable) */
  GPtrArray          *mediator_ids;     /* person ids of the mediator filter, after "all" */
  gboolean            review;
  int                 probed_column;    /* set by the column sorters while probing */

  /* Template widgets */
  GtkSearchEntry     *search_entry;
  GtkDropDown        *state_filter;
  GtkDropDown        *type_filter;
  GtkDropDown        *mediator_filter;
  GtkToggleButton    *overdue_toggle;
  GtkStack           *list_stack;
  GtkColumnView      *column_view;
  GtkColumnViewColumn *columns[N_COLUMNS];
  GtkColumnView      *search_view;
  GtkLabel           *count_label;
};

enum {
  PROP_0,
  PROP_REVIEW,
  N_PROPS
};

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (TjCasesView, tj_cases_view, GTK_TYPE_WIDGET)

static const char *column_ids[N_COLUMNS] = {
  "number_column", "applicant_column", "respondent_column", "types_column",
  "state_column", "days_column", "mediator_column", "received_column",
};

static void
update_count (TjCasesView *self)
{
  g_autofree char *text = NULL;
  guint n = self->model ? g_list_model_get_n_items (G_LIST_MODEL (self->model)) : 0;
  const GError *error = self->model ? tj_case_list_model_get_error (self->model) : NULL;

  if (error != NULL)
    text = g_strdup (error->message);
  /* The first rows are shown while the list is counted; the count shown is exact. */
  else if (self->model != NULL && !tj_case_list_model_is_counted (self->model))
    text = g_strdup (_("Counting cases…"));
  else if (self->model != NULL && !tj_case_list_model_is_complete (self->model))
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case found so far",
                                         "%u cases found so far", n), n);
  else
    text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u case", "%u cases", n), n);
  gtk_label_set_text (self->count_label, text);
  if (n == 0)
    gtk_stack_set_visible_child_name (self->list_stack, "empty");
  else if (tj_case_list_model_is_searching (self->model))
    gtk_stack_set_visible_child_name (self->list_stack, "search");
  else
    gtk_stack_set_visible_child_name (self->list_stack, "list");
}

/* The primary sort column and its direction, read by probing the view's sorter: each
 * column's sorter notes that it was asked first and answers "smaller". */
static gboolean
sorted_column (TjCasesView *self, Column *column, GtkSortType *direction)
{
  GtkSorter *sorter = gtk_column_view_get_sorter (self->column_view);
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;

  self->probed_column = -1;
  order = gtk_sorter_compare (sorter, a, b);
  if (self->probed_column < 0 || order == GTK_ORDERING_EQUAL)
    return FALSE;
  *column = self->probed_column;
  *direction = order == GTK_ORDERING_SMALLER ? GTK_SORT_ASCENDING : GTK_SORT_DESCENDING;
  return TRUE;
}

static int
probe_compare (gconstpointer a, gconstpointer b, gpointer data)
{
  GtkColumnViewColumn *column = data;
  TjCasesView *self = g_object_get_data (G_OBJECT (column), "tj-view");
  int index = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (column), "tj-column"));

  if (self->probed_column < 0)
    self->probed_column = index;
  return GTK_ORDERING_SMALLER;
}

static void
fill_filter (TjCasesView *self, TjCaseFilter *filter)
{
  guint state = gtk_drop_down_get_selected (self->state_filter);
  guint type = gtk_drop_down_get_selected (self->type_filter);
  guint mediator = gtk_drop_down_get_selected (self->mediator_filter);
  Column column;
  GtkSortType direction;

  tj_case_filter_init (filter);
  if (state != GTK_INVALID_LIST_POSITION && state > 0)
    filter->state = state - 1;
  if (type != GTK_INVALID_LIST_POSITION && type > 0)
    filter->types = 1u << (type - 1);
  if (mediator != GTK_INVALID_LIST_POSITION && mediator > 0 && self->mediator_ids != NULL &&
      mediator - 1 < self->mediator_ids->len)
    filter->mediator = g_ptr_array_index (self->mediator_ids, mediator - 1);
  filter->overdue = gtk_toggle_button_get_active (self->overdue_toggle);
  filter->search = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  if (filter->search != NULL && g_utf8_strlen (filter->search, -1) < 2)
    filter->search = NULL;
  if (sorted_column (self, &column, &direction))
    {
      /* Received runs newest first by nature, the others ascend. */
      if (column == COLUMN_RECEIVED)
        {
          filter->order = TJ_CASE_ORDER_RECEIVED;
          filter->reverse = direction == GTK_SORT_ASCENDING;
        }
      else
        {
          filter->order = column == COLUMN_DAYS ? TJ_CASE_ORDER_DUE : TJ_CASE_ORDER_NUMBER;
          filter->reverse = direction == GTK_SORT_DESCENDING;
        }
    }
}

static void
on_filter_changed_cb (TjCasesView *self)
{
  TjCaseFilter filter;

  if (self->model == NULL)
    return;
  fill_filter (self, &filter);
  tj_case_list_model_set_filter (self->model, &filter);
  update_count (self);
}

static void
on_sorter_changed_cb (GtkSorter *sorter, GtkSorterChange change, TjCasesView *self)
{
  on_filter_changed_cb (self);
}

static void
on_model_notify_cb (TjCasesView *self)
{
  update_count (self);
}

static void
on_activate_cb (GtkColumnView *view, guint position, TjCasesView *self)
{
  g_autoptr(TjCaseItem) item = NULL;

  if (self->model == NULL)
    return;
  item = g_list_model_get_item (G_LIST_MODEL (self->model), position);
  if (item != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, tj_case_item_get_id (item));
}

static gboolean
on_days_tooltip_cb (GtkWidget *cell, int x, int y, gboolean keyboard, GtkTooltip *tooltip,
                    GtkListItem *list_item)
{
  TjCaseItem *item = gtk_list_item_get_item (list_item);

  if (item == NULL || tj_case_item_get_due (item) == NULL)
    return FALSE;
  gtk_tooltip_set_text (tooltip, tj_case_item_get_due (item));
  return TRUE;
}

/* GtkColumnView (4.8) keeps about 200 rows and builds new ones for every new list (a
 * search, a filter), so a cell must be cheap to make and to throw away: a TjTextCell
 * shapes its text only when drawn. The state stays a label, a badge as wide as its words. */
static void
setup_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  GtkWidget *cell;

  if (column == COLUMN_STATE)
    {
      cell = gtk_label_new (NULL);
      gtk_label_set_xalign (GTK_LABEL (cell), 0);
      gtk_label_set_ellipsize (GTK_LABEL (cell), PANGO_ELLIPSIZE_END);
      gtk_label_set_single_line_mode (GTK_LABEL (cell), TRUE);
      gtk_widget_set_halign (cell, GTK_ALIGN_START);
    }
  else
    cell = tj_text_cell_new (column == COLUMN_NUMBER || column == COLUMN_RECEIVED);
  /* The deadline's date as a tooltip, asked for when shown rather than set at each bind. */
  if (column == COLUMN_DAYS)
    {
      gtk_widget_set_has_tooltip (cell, TRUE);
      g_signal_connect_object (cell, "query-tooltip", G_CALLBACK (on_days_tooltip_cb), list_item,
                               0);
    }
  gtk_list_item_set_child (list_item, cell);
}

static void
set_cell_text (GtkWidget *cell, const char *text)
{
  if (GTK_IS_LABEL (cell))
    gtk_label_set_text (GTK_LABEL (cell), text != NULL ? text : "");
  else
    tj_text_cell_set_text (TJ_TEXT_CELL (cell), text);
}

static void
bind_cell_cb (GtkSignalListItemFactory *factory, GtkListItem *list_item, gpointer data)
{
  Column column = GPOINTER_TO_INT (data);
  TjCaseItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *widget = gtk_list_item_get_child (list_item);
  g_autofree char *owned = NULL;
  const char *text = NULL;
  int days;

  if (item == NULL)
    {
      set_cell_text (widget, NULL);
      return;
    }
  /* Only the state and the deadline change their style with the case. */
  switch (column)
    {
    case COLUMN_NUMBER:
      text = tj_case_item_get_case_no (item);
      break;
    case COLUMN_APPLICANT:
      text = tj_case_item_get_applicant (item);
      break;
    case COLUMN_RESPONDENT:
      text = tj_case_item_get_respondent (item);
      break;
    case COLUMN_TYPES:
      text = owned = tj_disputes_to_labels (tj_case_item_get_types (item));
      break;
    case COLUMN_STATE:
      {
        GHashTable *conflicted = g_object_get_data (G_OBJECT (factory), "tj-conflicted");
        gboolean conflict = conflicted != NULL &&
                            g_hash_table_contains (conflicted, tj_case_item_get_id (item));
        const char *classes[] = { "state-badge",
                                  tj_app_state_css_class (tj_case_item_get_state (item)),
                                  conflict ? "conflict" : NULL, NULL };

        text = tj_enum_label (&tj_enum_state, tj_case_item_get_state (item));
        /* A conflict about the case, its parties or claims waits to be looked at. */
        if (conflict)
          /* Translators: a case's state, marked as having a conflict */
          text = owned = g_strdup_printf (_("%s · conflict"), text);
        gtk_widget_set_css_classes (widget, classes);
      }
      break;
    case COLUMN_DAYS:
      {
        const char *classes[] = { NULL, NULL };

        days = tj_case_item_get_days_left (item);
        text = owned = tj_app_format_days_left (days);
        if (days != TJ_CASE_ITEM_NO_DEADLINE && days < 0)
          classes[0] = "error";
        else if (days != TJ_CASE_ITEM_NO_DEADLINE && days <= 3)
          classes[0] = "warning";
        gtk_widget_set_css_classes (widget, classes);
      }
      break;
    case COLUMN_MEDIATOR:
      text = tj_case_item_get_mediator (item);
      break;
    case COLUMN_RECEIVED:
      text = tj_case_item_get_received (item);
      break;
    case N_COLUMNS:
    default:
      g_assert_not_reached ();
    }
  set_cell_text (widget, text);
}

static void
fill_mediators (TjCasesView *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  g_autoptr(GPtrArray) roster = NULL;

  g_clear_pointer (&self->mediator_ids, g_ptr_array_unref);
  self->mediator_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_string_list_append (names, _("All mediators"));
  if (self->store != NULL)
    roster = tj_case_read_roster (self->store, NULL);
  for (guint i = 0; roster != NULL && i < roster->len; i++)
    {
      TjPersonEntry *p = g_ptr_array_index (roster, i);

      if ((p->roles & (TJ_ROLE_BIT (TJ_ROLE_MEDIATOR) | TJ_ROLE_BIT (TJ_ROLE_HEAD))) == 0)
        continue;
      gtk_string_list_append (names, p->name);
      g_ptr_array_add (self->mediator_ids, tj_uuid_dup_string (&p->id));
    }
  g_signal_handlers_block_by_func (self->mediator_filter, on_filter_changed_cb, self);
  gtk_drop_down_set_model (self->mediator_filter, G_LIST_MODEL (names));
  gtk_drop_down_set_selected (self->mediator_filter, 0);
  g_signal_handlers_unblock_by_func (self->mediator_filter, on_filter_changed_cb, self);
}

static void
tj_cases_view_dispose (GObject *object)
{
  TjCasesView *self = TJ_CASES_VIEW (object);

  tj_app_dispose_children (GTK_WIDGET (self), TJ_TYPE_CASES_VIEW);
  g_clear_object (&self->model);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_cases_view_parent_class)->dispose (object);
}

static void
tj_cases_view_finalize (GObject *object)
{
  TjCasesView *self = TJ_CASES_VIEW (object);

  g_clear_pointer (&self->mediator_ids, g_ptr_array_unref);
  G_OBJECT_CLASS (tj_cases_view_parent_class)->finalize (object);
}

static void
tj_cases_view_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TjCasesView *self = TJ_CASES_VIEW (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      g_value_set_boolean (value, self->review);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_cases_view_set_property (GObject *object, guint prop_id, const GValue *value,
                            GParamSpec *pspec)
{
  TjCasesView *self = TJ_CASES_VIEW (object);

  switch (prop_id)
    {
    case PROP_REVIEW:
      if (self->review != g_value_get_boolean (value))
        {
          self->review = g_value_get_boolean (value);
          /* Review starts at the agreements waiting for a decision. */
          if (self->review)
            gtk_drop_down_set_selected (self->state_filter, TJ_STATE_UNDER_REVIEW + 1);
          g_object_notify_by_pspec (object, pspec);
        }
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_cases_view_class_init (TjCasesViewClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = tj_cases_view_dispose;
  object_class->finalize = tj_cases_view_finalize;
  object_class->get_property = tj_cases_view_get_property;
  object_class->set_property = tj_cases_view_set_property;

  properties[PROP_REVIEW] =
    g_param_spec_boolean ("review", NULL, NULL, FALSE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  signals[CASE_ACTIVATED] = g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                          G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/io/github/tiaojie/Tiaojie/tj-cases-view.ui");
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, search_entry);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, state_filter);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, type_filter);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, mediator_filter);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, overdue_toggle);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, list_stack);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, column_view);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, search_view);
  gtk_widget_class_bind_template_child (widget_class, TjCasesView, count_label);
  for (guint i = 0; i < N_COLUMNS; i++)
    gtk_widget_class_bind_template_child_full (widget_class, column_ids[i], FALSE,
                                               G_STRUCT_OFFSET (TjCasesView, columns) +
                                               i * sizeof (gpointer));
  gtk_widget_class_bind_template_callback (widget_class, on_filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_activate_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BOX_LAYOUT);
  gtk_widget_class_set_css_name (widget_class, "tj-cases-view");
}

static void
tj_cases_view_init (TjCasesView *self)
{
  g_autoptr(GtkStringList) states = NULL;
  g_autoptr(GtkStringList) types = NULL;

  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_orientable_set_orientation (GTK_ORIENTABLE (gtk_widget_get_layout_manager (GTK_WIDGET (self))),
                                  GTK_ORIENTATION_VERTICAL);

  states = tj_app_enum_strings (&tj_enum_state, _("All states"));
  types = tj_app_enum_strings (&tj_enum_dispute, _("All types"));
  gtk_drop_down_set_model (self->state_filter, G_LIST_MODEL (states));
  gtk_drop_down_set_model (self->type_filter, G_LIST_MODEL (types));
  fill_mediators (self);

  for (guint i = 0; i < N_COLUMNS; i++)
    {
      g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();
      GtkColumnViewColumn *column = self->columns[i];
      GtkColumnViewColumn *found;

      g_signal_connect (factory, "setup", G_CALLBACK (setup_cell_cb), GINT_TO_POINTER (i));
      g_signal_connect (factory, "bind", G_CALLBACK (bind_cell_cb), GINT_TO_POINTER (i));
      gtk_column_view_column_set_factory (self->columns[i], factory);
      /* The search list's column: the same cells (one factory), title and width. */
      found = gtk_column_view_column_new (gtk_column_view_column_get_title (column),
                                          g_object_ref (factory));
      gtk_column_view_column_set_fixed_width (found,
                                              gtk_column_view_column_get_fixed_width (column));
      gtk_column_view_column_set_expand (found, gtk_column_view_column_get_expand (column));
      gtk_column_view_column_set_resizable (found, gtk_column_view_column_get_resizable (column));
      gtk_column_view_append_column (self->search_view, found);
      g_object_unref (found);
      /* The core has an index for these orders; the other columns do not sort. */
      if (i == COLUMN_NUMBER || i == COLUMN_DAYS || i == COLUMN_RECEIVED)
        {
          g_autoptr(GtkCustomSorter) sorter = gtk_custom_sorter_new (probe_compare,
                                                                      self->columns[i], NULL);

          g_object_set_data (G_OBJECT (self->columns[i]), "tj-view", self);
          g_object_set_data (G_OBJECT (self->columns[i]), "tj-column", GINT_TO_POINTER (i));
          gtk_column_view_column_set_sorter (self->columns[i], GTK_SORTER (sorter));
        }
    }
  g_signal_connect_object (gtk_column_view_get_sorter (self->column_view), "changed",
                           G_CALLBACK (on_sorter_changed_cb), self, 0);
}

/* The cases with open conflicts, kept on the state column's factory for its cells (few: a
 * list of conflicts, not of cases, is read). */
static void
refresh_conflicted (TjCasesView *self, TjCaseStore *store)
{
  g_autoptr(GError) error = NULL;
  GtkListItemFactory *factory = gtk_column_view_column_get_factory (self->columns[COLUMN_STATE]);
  GHashTable *conflicted = tj_conflicts_case_ids (tj_case_store_get_store (store), &error);

  if (conflicted == NULL)
    g_warning ("%s", error->message);
  g_object_set_data_full (G_OBJECT (factory), "tj-conflicted", conflicted,
                          (GDestroyNotify) g_hash_table_unref);
}

static void
set_list (GtkColumnView *view, GListModel *list)
{
  g_autoptr(GtkSingleSelection) selection = gtk_single_selection_new (g_object_ref (list));

  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_column_view_set_model (view, GTK_SELECTION_MODEL (selection));
}

void
tj_cases_view_set_store (TjCasesView *self, TjCaseStore *store)
{
  TjCaseFilter filter;

  g_return_if_fail (TJ_IS_CASES_VIEW (self));
  g_return_if_fail (TJ_IS_CASE_STORE (store));

  refresh_conflicted (self, store);
  if (self->store == store && self->model != NULL)
    {
      tj_case_list_model_refresh (self->model);
      update_count (self);
      return;
    }
  g_set_object (&self->store, store);
  g_clear_object (&self->model);
  fill_mediators (self);
  fill_filter (self, &filter);
  self->model = tj_case_list_model_new_filtered (store, &filter);
  g_signal_connect_object (self->model, "notify::n-items", G_CALLBACK (on_model_notify_cb), self,
                           G_CONNECT_SWAPPED);
  g_signal_connect_object (self->model, "notify::searching", G_CALLBACK (on_model_notify_cb), self,
                           G_CONNECT_SWAPPED);
  set_list (self->column_view, tj_case_list_model_get_plain_list (self->model));
  set_list (self->search_view, tj_case_list_model_get_search_list (self->model));
  update_count (self);
}

void
tj_cases_view_focus_search (TjCasesView *self)
{
  g_return_if_fail (TJ_IS_CASES_VIEW (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

TjCaseListModel *
tj_cases_view_get_model (TjCasesView *self)
{
  g_return_val_if_fail (TJ_IS_CASES_VIEW (self), NULL);
  return self->model;
}
