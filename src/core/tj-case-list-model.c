/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-list-model-private.h"

/* Pages kept in memory: a few screens above and below wherever the view is. */
#define MAX_CACHED_PAGES 48

/* About a screen of rows. The first page of a search holds this many, so typing gets an
 * answer quickly (later pages are full); a new filter's list shows this many of its
 * first page while it is counted, and a view builds rows for no more before its count
 * arrives. */
#define SCREEN_ROWS 40

/* How far before the end of a search list a view may look before the list grows. */
#define SEARCH_LOOKAHEAD 50

/* A refresh tells a view of its change in pieces of at most this many rows (see
 * replace_in_pieces). */
#define REFRESH_STRETCH 10000

/* The plain list kept behind a search: read with the filter's other fields; read with
 * them, but before a refresh (read again as a refresh does, keeping its rows, once it is
 * shown); or not read with them (read from scratch once it is shown). */
typedef enum {
  PLAIN_READ,
  PLAIN_STALE,
  PLAIN_UNREAD,
} PlainState;

struct _TjCaseListModel
{
  GObject        parent_instance;

  TjCaseStore   *store;
  TjCaseFilter   filter;              /* strings owned: mediator, search */
  GListModel    *plain_part;          /* (owned) TjCaseListPart */
  GListModel    *search_part;         /* (owned) TjCaseListPart */
  char          *today;
  GError        *error;               /* (nullable) the last failure reading */

  /* The plain list, counted: n_items from tj_case_list_count; pages by number. Until the
   * count comes back from its worker, n_items is an estimate (the first rows, or the
   * length before a refresh) and `counted` is FALSE. It is kept while a search is shown,
   * so that its view keeps its rows (see tj_case_list_model_get_plain_list). */
  TjCaseFilter   plain_filter;        /* what it was read with; never a search */
  PlainState     plain_state;
  guint          n_items;
  gboolean       counted;
  GCancellable  *count_cancellable;   /* (nullable) the count under way */
  GPtrArray     *cursors;             /* TjCaseCursor* at the start of each page, or NULL */
  GHashTable    *pages;               /* page number → GPtrArray of TjCaseItem */
  GQueue         lru;                 /* page numbers, most recent first */

  /* A search list: every match read so far, and where the search goes on. */
  gboolean       searching;
  GPtrArray     *found;               /* TjCaseItem */

  /* While the list is read again: the items it held, by case (see item_for_row). */
  GHashTable    *previous;            /* (nullable) cid → TjCaseItem */
  TjCaseCursor   search_next;
  gboolean       search_done;
  guint          wanted;              /* grow until this many are found (or the end) */
  guint          grow_id;

  /* Between the plain and the search list, the model tells of one change of every item
   * and its parts of their own; see set_list. */
  gboolean       switching;
};

enum {
  PROP_0,
  PROP_N_ITEMS,
  PROP_COMPLETE,
  PROP_COUNTED,
  PROP_SEARCHING,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjCaseListModel, tj_case_list_model, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static void
cursor_free (gpointer data)
{
  TjCaseCursor *cursor = data;

  if (cursor == NULL)
    return;
  tj_case_cursor_clear (cursor);
  g_free (cursor);
}

static TjCaseCursor *
cursor_steal (TjCaseCursor *from)
{
  TjCaseCursor *cursor = g_new0 (TjCaseCursor, 1);

  *cursor = *from;
  memset (from, 0, sizeof *from);
  return cursor;
}

static void
set_error (TjCaseListModel *self, GError *error)
{
  g_clear_error (&self->error);
  self->error = error;
}

/* A case read again with the same summary keeps its item. A GtkListView handed a new
 * list finds the rows it had by their items and keeps them; with new items it throws
 * every row away and builds them again (GTK 4.8 keeps about 200), which a refresh after
 * each sync, or a search narrowed by a character, would pay for nothing. */
static TjCaseItem *
item_for_row (TjCaseListModel *self, const TjCaseRow *row)
{
  TjCaseItem *item = NULL;

  if (self->previous != NULL)
    item = g_hash_table_lookup (self->previous, GSIZE_TO_POINTER ((gsize) row->cid));
  if (item != NULL && tj_case_item_matches_row (item, row, self->today))
    return g_object_ref (item);
  return tj_case_item_new_from_row (row, self->today);
}

static void
add_previous (GHashTable *previous, GPtrArray *items)
{
  for (guint i = 0; i < items->len; i++)
    {
      TjCaseItem *item = g_ptr_array_index (items, i);

      /* Keyed by the cid as a pointer: where two cids share one (a 32-bit build), the
       * item's own check tells them apart. */
      g_hash_table_replace (previous, GSIZE_TO_POINTER ((gsize) tj_case_item_get_cid (item)),
                            g_object_ref (item));
    }
}

/* The items one list holds now: the pages the plain list keeps (which hold the rows a
 * view shows), or what a search found. */
static GHashTable *
items_by_cid (TjCaseListModel *self, gboolean search)
{
  GHashTable *previous = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL,
                                                g_object_unref);
  GHashTableIter iter;
  gpointer items;

  if (search)
    {
      add_previous (previous, self->found);
      return previous;
    }
  g_hash_table_iter_init (&iter, self->pages);
  while (g_hash_table_iter_next (&iter, NULL, &items))
    add_previous (previous, items);
  return previous;
}

/* A change of one list: told by its part, and by the model when it is the list shown. */
static void
list_changed (TjCaseListModel *self, gboolean search, guint position, guint removed,
              guint added)
{
  g_list_model_items_changed (search ? self->search_part : self->plain_part, position, removed,
                              added);
  if (search == self->searching && !self->switching)
    g_list_model_items_changed (G_LIST_MODEL (self), position, removed, added);
}

static GPtrArray *
items_of_rows (TjCaseListModel *self, GPtrArray *rows)
{
  GPtrArray *items = g_ptr_array_new_full (rows->len, g_object_unref);

  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (items, item_for_row (self, g_ptr_array_index (rows, i)));
  return items;
}

static void
forget_pages (TjCaseListModel *self)
{
  g_hash_table_remove_all (self->pages);
  g_queue_clear (&self->lru);
  g_ptr_array_set_size (self->cursors, 0);
}

static void
forget_found (TjCaseListModel *self)
{
  g_ptr_array_set_size (self->found, 0);
  tj_case_cursor_clear (&self->search_next);
  self->search_done = FALSE;
  g_clear_handle_id (&self->grow_id, g_source_remove);
}

static void
touch_page (TjCaseListModel *self, guint page)
{
  GList *link = g_queue_find (&self->lru, GUINT_TO_POINTER (page));

  if (link != NULL)
    g_queue_unlink (&self->lru, link), g_list_free (link);
  g_queue_push_head (&self->lru, GUINT_TO_POINTER (page));
  while (self->lru.length > MAX_CACHED_PAGES)
    g_hash_table_remove (self->pages, g_queue_pop_tail (&self->lru));
}

static TjCaseCursor *
cursor_at (TjCaseListModel *self, guint page)
{
  return page < self->cursors->len ? g_ptr_array_index (self->cursors, page) : NULL;
}

static void
store_cursor (TjCaseListModel *self, guint page, TjCaseCursor *next)
{
  if (self->cursors->len <= page)
    g_ptr_array_set_size (self->cursors, page + 1);
  if (g_ptr_array_index (self->cursors, page) == NULL)
    g_ptr_array_index (self->cursors, page) = cursor_steal (next);
  else
    tj_case_cursor_clear (next);
}

/* The cursor at the start of `page` (page 0 starts with no cursor). From the nearest
 * known one, a jump of more than a page skips along the index without reading rows. */
static gboolean
find_page_start (TjCaseListModel *self, guint page, GError **error)
{
  guint known = page;
  TjCaseCursor next = { 0 };

  if (page == 0 || cursor_at (self, page) != NULL)
    return TRUE;
  while (known > 0 && cursor_at (self, known) == NULL)
    known--;
  if (!tj_case_list_skip (self->store, &self->plain_filter, cursor_at (self, known),
                          (guint64) (page - known) * TJ_CASE_LIST_MODEL_PAGE, &next, error))
    return FALSE;
  if (!next.valid)
    return TRUE;        /* the list got shorter than its count */
  store_cursor (self, page, &next);
  return TRUE;
}

static GPtrArray *
load_page (TjCaseListModel *self, guint page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  GPtrArray *items;
  TjCaseCursor next = { 0 };

  items = g_hash_table_lookup (self->pages, GUINT_TO_POINTER (page));
  if (items != NULL)
    {
      touch_page (self, page);
      return items;
    }
  if (!find_page_start (self, page, &error) ||
      (page > 0 && cursor_at (self, page) == NULL) ||
      !tj_case_list_page (self->store, &self->plain_filter, cursor_at (self, page),
                          TJ_CASE_LIST_MODEL_PAGE, &rows, &next, &error))
    {
      if (error != NULL)
        set_error (self, g_steal_pointer (&error));
      return NULL;
    }
  if (next.valid)
    store_cursor (self, page + 1, &next);
  items = items_of_rows (self, rows);
  g_hash_table_insert (self->pages, GUINT_TO_POINTER (page), items);
  touch_page (self, page);
  return items;
}

/* One search page; TRUE when it found rows or the search may go on. */
static gboolean
search_step (TjCaseListModel *self, guint limit)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) rows = NULL;
  TjCaseCursor next = { 0 };

  if (!tj_case_list_page (self->store, &self->filter,
                          self->search_next.valid ? &self->search_next : NULL,
                          limit, &rows, &next, &error))
    {
      set_error (self, g_steal_pointer (&error));
      self->search_done = TRUE;
      return FALSE;
    }
  for (guint i = 0; i < rows->len; i++)
    g_ptr_array_add (self->found, item_for_row (self, g_ptr_array_index (rows, i)));
  tj_case_cursor_clear (&self->search_next);
  self->search_next = next;
  self->search_done = !next.valid;
  return TRUE;
}

static gboolean
grow_cb (gpointer data)
{
  TjCaseListModel *self = data;
  guint before = self->found->len;

  search_step (self, TJ_CASE_LIST_MODEL_PAGE);
  if (self->found->len > before)
    {
      list_changed (self, TRUE, before, 0, self->found->len - before);
      if (self->searching)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
    }
  if (self->search_done || self->found->len >= self->wanted)
    {
      self->grow_id = 0;
      if (self->search_done)
        g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
      return G_SOURCE_REMOVE;
    }
  return G_SOURCE_CONTINUE;
}

static void
want_more (TjCaseListModel *self, guint n)
{
  self->wanted = MAX (self->wanted, n);
  if (self->searching && self->grow_id == 0 && !self->search_done &&
      self->found->len < self->wanted)
    self->grow_id = g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, grow_cb, self, NULL);
}

static guint
current_length (TjCaseListModel *self)
{
  return self->searching ? self->found->len : self->n_items;
}

static void
set_length (TjCaseListModel *self, guint n_items)
{
  guint before = self->n_items;

  self->n_items = n_items;
  /* Only the tail changes: the rows a view shows stay as they are. */
  if (n_items > before)
    list_changed (self, FALSE, before, 0, n_items - before);
  else if (n_items < before)
    list_changed (self, FALSE, n_items, before - n_items, 0);
}

static void
weak_ref_free (GWeakRef *ref)
{
  g_weak_ref_clear (ref);
  g_free (ref);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GWeakRef, weak_ref_free)

/* The count holds the model weakly: a model dropped meanwhile goes at once. */
static void
on_counted_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  g_autoptr(GWeakRef) ref = data;
  g_autoptr(TjCaseListModel) self = g_weak_ref_get (ref);
  g_autoptr(GError) error = NULL;
  gint64 count = 0;
  gboolean ok = tj_case_list_count_finish (TJ_CASE_STORE (source), result, &count, &error);

  /* A newer filter, a refresh or the model's end cancelled this count. */
  if (self == NULL || g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (!ok)
    {
      set_error (self, g_steal_pointer (&error));
      count = self->n_items;
    }
  g_clear_object (&self->count_cancellable);
  self->counted = TRUE;
  set_length (self, (guint) MIN (count, (gint64) G_MAXUINT));
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTED]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
}

/* The length of a counted list: exact at once when its first page is all of it, else an
 * estimate now and the count from a worker later. `estimate` is the length to show until
 * then (0: the first rows). */
static void
start_count (TjCaseListModel *self, guint estimate)
{
  GPtrArray *first = load_page (self, 0);
  GWeakRef *ref;

  if (first == NULL)
    {
      self->counted = TRUE;
      return;
    }
  if (cursor_at (self, 1) == NULL)
    {
      self->n_items = first->len;
      self->counted = TRUE;
      return;
    }
  self->n_items = estimate > 0 ? estimate : MIN (first->len, SCREEN_ROWS);
  self->counted = FALSE;
  self->count_cancellable = g_cancellable_new ();
  ref = g_new0 (GWeakRef, 1);
  g_weak_ref_init (ref, self);
  tj_case_list_count_async (self->store, &self->plain_filter, self->count_cancellable,
                            on_counted_cb, ref);
}

static void
cancel_count (TjCaseListModel *self)
{
  if (self->count_cancellable != NULL)
    g_cancellable_cancel (self->count_cancellable);
  g_clear_object (&self->count_cancellable);
}

static int
cmp_uint (gconstpointer a, gconstpointer b)
{
  guint x = *(const guint *) a, y = *(const guint *) b;

  return x < y ? -1 : x > y;
}

/* The pages held now, in order: those a view read lately. */
static GArray *
held_pages (TjCaseListModel *self)
{
  GArray *pages = g_array_new (FALSE, FALSE, sizeof (guint));

  for (GList *l = self->lru.head; l != NULL; l = l->next)
    {
      guint page = GPOINTER_TO_UINT (l->data);
      g_array_append_val (pages, page);
    }
  g_array_sort (pages, cmp_uint);
  return pages;
}

static void
replace (TjCaseListModel *self, guint position, guint n)
{
  list_changed (self, FALSE, position, n, n);
}

/* Every row of a refreshed list of unchanged length is replaced, but not in one change:
 * when a change removes a row a GtkListView (4.8) tracks (the one it scrolls by, the
 * focused or the selected row), the view reads the item at every position the change
 * adds, looking for that row's item; one change of a million rows read every page, half
 * a minute. Each page a view read lately is its own piece, the rest goes in stretches of
 * REFRESH_STRETCH rows, so a view reads at most a page where its rows are, or a stretch
 * where a tracked row lies on a page the model no longer holds. */
static void
replace_in_pieces (TjCaseListModel *self, GArray *pages)
{
  guint n = self->n_items;
  guint position = 0;

  for (guint i = 0; i <= pages->len && position < n; i++)
    {
      guint start = i < pages->len ? MIN (g_array_index (pages, guint, i) *
                                          TJ_CASE_LIST_MODEL_PAGE, n) : n;

      while (position < start)
        {
          guint stretch = MIN (REFRESH_STRETCH, start - position);

          replace (self, position, stretch);
          position += stretch;
        }
      if (i < pages->len && position < n)
        {
          guint page = MIN (TJ_CASE_LIST_MODEL_PAGE, n - position);

          replace (self, position, page);
          position += page;
        }
    }
}

static gboolean
same_plain_filter (const TjCaseFilter *a, const TjCaseFilter *b)
{
  return a->state == b->state && a->types == b->types &&
         g_strcmp0 (a->mediator, b->mediator) == 0 &&
         (a->overdue != FALSE) == (b->overdue != FALSE) && a->order == b->order &&
         (a->reverse != FALSE) == (b->reverse != FALSE);
}

static void
start_reading (TjCaseListModel *self)
{
  g_clear_error (&self->error);
  g_free (self->today);
  self->today = tj_case_store_today (self->store);
}

/* Read the plain list from scratch with the filter. A refresh keeps the length as its
 * estimate, so that a view scrolled far down stays where it is while the list is counted
 * again. */
static void
read_plain (TjCaseListModel *self, gboolean refresh)
{
  guint removed = self->n_items;
  guint estimate = refresh ? self->n_items : 0;
  /* Until the view has taken the new list (it reads rows as it does). */
  g_autoptr(GHashTable) previous = items_by_cid (self, FALSE);
  g_autoptr(GArray) pages = held_pages (self);

  self->previous = previous;
  cancel_count (self);
  forget_pages (self);
  start_reading (self);
  tj_case_filter_copy (&self->plain_filter, &self->filter);
  g_clear_pointer ((char **) &self->plain_filter.search, g_free);
  self->plain_state = PLAIN_READ;
  self->n_items = 0;
  self->counted = TRUE;
  start_count (self, estimate);

  if (refresh && self->n_items == removed)
    replace_in_pieces (self, pages);
  else
    list_changed (self, FALSE, 0, removed, self->n_items);
  self->previous = NULL;
}

static void
read_search (TjCaseListModel *self)
{
  guint removed = self->found->len;
  g_autoptr(GHashTable) previous = items_by_cid (self, TRUE);

  self->previous = previous;
  forget_found (self);
  start_reading (self);
  self->wanted = 0;
  /* The first page at once, so typing shows results without a flash of nothing. */
  search_step (self, SCREEN_ROWS);
  want_more (self, TJ_CASE_LIST_MODEL_PAGE);
  list_changed (self, TRUE, 0, removed, self->found->len);
  self->previous = NULL;
}

/* Show the list the filter selects. A search is read again each time. The plain list is
 * read again when it is shown already (a filter set on it, a refresh), and when a search
 * ends if it was kept with other filters or before a refresh; else it is shown as it was
 * kept. A search thus leaves the plain list's rows where they are, and its view's. */
static void
set_list (TjCaseListModel *self, gboolean refresh)
{
  gboolean was_searching = self->searching;
  guint before = current_length (self);

  if (self->plain_state != PLAIN_UNREAD && !same_plain_filter (&self->plain_filter, &self->filter))
    self->plain_state = PLAIN_UNREAD;
  self->searching = self->filter.search != NULL && *self->filter.search != '\0';
  self->switching = self->searching != was_searching;

  if (self->searching)
    {
      if (refresh && self->plain_state == PLAIN_READ)
        self->plain_state = PLAIN_STALE;
      read_search (self);
    }
  else if (!was_searching)
    read_plain (self, refresh && self->plain_state != PLAIN_UNREAD);
  else
    {
      /* Back from a search: no more of it is read while it is not shown. */
      g_clear_handle_id (&self->grow_id, g_source_remove);
      if (self->plain_state != PLAIN_READ)
        read_plain (self, self->plain_state == PLAIN_STALE);
    }

  if (self->switching)
    {
      self->switching = FALSE;
      g_list_model_items_changed (G_LIST_MODEL (self), 0, before, current_length (self));
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_SEARCHING]);
    }
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_N_ITEMS]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COUNTED]);
}

static GType
tj_case_list_model_get_item_type (GListModel *model)
{
  return TJ_TYPE_CASE_ITEM;
}

static guint
tj_case_list_model_get_n_items (GListModel *model)
{
  return current_length (TJ_CASE_LIST_MODEL (model));
}

guint
_tj_case_list_model_part_n_items (TjCaseListModel *self, gboolean search)
{
  return search ? self->found->len : self->n_items;
}

gpointer
_tj_case_list_model_part_get_item (TjCaseListModel *self, gboolean search, guint position)
{
  GPtrArray *items;
  guint page;

  if (search)
    {
      if (position + SEARCH_LOOKAHEAD >= self->found->len)
        want_more (self, position + SEARCH_LOOKAHEAD + TJ_CASE_LIST_MODEL_PAGE);
      return position < self->found->len ? g_object_ref (g_ptr_array_index (self->found, position))
                                         : NULL;
    }
  if (position >= self->n_items)
    return NULL;
  page = position / TJ_CASE_LIST_MODEL_PAGE;
  items = load_page (self, page);
  if (items == NULL || position % TJ_CASE_LIST_MODEL_PAGE >= items->len)
    return NULL;
  return g_object_ref (g_ptr_array_index (items, position % TJ_CASE_LIST_MODEL_PAGE));
}

static gpointer
tj_case_list_model_get_item (GListModel *model, guint position)
{
  TjCaseListModel *self = TJ_CASE_LIST_MODEL (model);

  return _tj_case_list_model_part_get_item (self, self->searching, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tj_case_list_model_get_item_type;
  iface->get_n_items = tj_case_list_model_get_n_items;
  iface->get_item = tj_case_list_model_get_item;
}

static void
tj_case_list_model_dispose (GObject *object)
{
  TjCaseListModel *self = TJ_CASE_LIST_MODEL (object);

  g_clear_handle_id (&self->grow_id, g_source_remove);
  cancel_count (self);
  g_clear_object (&self->plain_part);
  g_clear_object (&self->search_part);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (tj_case_list_model_parent_class)->dispose (object);
}

static void
tj_case_list_model_finalize (GObject *object)
{
  TjCaseListModel *self = TJ_CASE_LIST_MODEL (object);

  forget_pages (self);
  forget_found (self);
  g_hash_table_unref (self->pages);
  g_ptr_array_unref (self->cursors);
  g_ptr_array_unref (self->found);
  tj_case_filter_clear (&self->filter);
  tj_case_filter_clear (&self->plain_filter);
  g_free (self->today);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (tj_case_list_model_parent_class)->finalize (object);
}

static void
tj_case_list_model_get_property (GObject *object, guint prop_id, GValue *value,
                                 GParamSpec *pspec)
{
  TjCaseListModel *self = TJ_CASE_LIST_MODEL (object);

  switch (prop_id)
    {
    case PROP_N_ITEMS:
      g_value_set_uint (value, current_length (self));
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, tj_case_list_model_is_complete (self));
      break;
    case PROP_COUNTED:
      g_value_set_boolean (value, tj_case_list_model_is_counted (self));
      break;
    case PROP_SEARCHING:
      g_value_set_boolean (value, self->searching);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_case_list_model_class_init (TjCaseListModelClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tj_case_list_model_dispose;
  object_class->finalize = tj_case_list_model_finalize;
  object_class->get_property = tj_case_list_model_get_property;

  properties[PROP_N_ITEMS] =
    g_param_spec_uint ("n-items", NULL, NULL, 0, G_MAXUINT, 0,
                       G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COUNTED] =
    g_param_spec_boolean ("counted", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_SEARCHING] =
    g_param_spec_boolean ("searching", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_case_list_model_init (TjCaseListModel *self)
{
  tj_case_filter_init (&self->filter);
  tj_case_filter_init (&self->plain_filter);
  self->plain_state = PLAIN_UNREAD;
  self->plain_part = G_LIST_MODEL (_tj_case_list_part_new (self, FALSE));
  self->search_part = G_LIST_MODEL (_tj_case_list_part_new (self, TRUE));
  self->pages = g_hash_table_new_full (NULL, NULL, NULL, (GDestroyNotify) g_ptr_array_unref);
  self->cursors = g_ptr_array_new_with_free_func (cursor_free);
  self->found = g_ptr_array_new_with_free_func (g_object_unref);
  g_queue_init (&self->lru);
}

TjCaseListModel *
tj_case_list_model_new (TjCaseStore *store)
{
  TjCaseListModel *self;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);

  self = g_object_new (TJ_TYPE_CASE_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  set_list (self, FALSE);
  return self;
}

TjCaseListModel *
tj_case_list_model_new_filtered (TjCaseStore *store, const TjCaseFilter *filter)
{
  TjCaseListModel *self;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (filter != NULL, NULL);

  self = g_object_new (TJ_TYPE_CASE_LIST_MODEL, NULL);
  self->store = g_object_ref (store);
  tj_case_filter_copy (&self->filter, filter);
  set_list (self, FALSE);
  return self;
}

TjCaseStore *
tj_case_list_model_get_store (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), NULL);
  return self->store;
}

void
tj_case_list_model_set_filter (TjCaseListModel *self, const TjCaseFilter *filter)
{
  g_return_if_fail (TJ_IS_CASE_LIST_MODEL (self));
  g_return_if_fail (filter != NULL);

  tj_case_filter_copy (&self->filter, filter);
  set_list (self, FALSE);
}

const TjCaseFilter *
tj_case_list_model_get_filter (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), NULL);
  return &self->filter;
}

void
tj_case_list_model_refresh (TjCaseListModel *self)
{
  g_return_if_fail (TJ_IS_CASE_LIST_MODEL (self));
  set_list (self, TRUE);
}

gboolean
tj_case_list_model_is_complete (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), TRUE);
  return !self->searching || self->search_done;
}

gboolean
tj_case_list_model_is_counted (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), TRUE);
  return self->searching || self->counted;
}

gboolean
tj_case_list_model_is_searching (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), FALSE);
  return self->searching;
}

GListModel *
tj_case_list_model_get_plain_list (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), NULL);
  return self->plain_part;
}

GListModel *
tj_case_list_model_get_search_list (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), NULL);
  return self->search_part;
}

const GError *
tj_case_list_model_get_error (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), NULL);
  return self->error;
}

guint
tj_case_list_model_get_n_cached_pages (TjCaseListModel *self)
{
  g_return_val_if_fail (TJ_IS_CASE_LIST_MODEL (self), 0);
  return g_hash_table_size (self->pages);
}
