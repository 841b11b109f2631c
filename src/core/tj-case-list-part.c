/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-case-list-model-private.h"

/* The plain or the search list of a TjCaseListModel, for a view of its own. The model
 * reads the rows and tells each part of its changes (g_list_model_items_changed on the
 * part); the part only answers for it. */

struct _TjCaseListPart
{
  GObject          parent_instance;

  TjCaseListModel *model;       /* (nullable) weak: the model owns its parts */
  gboolean         search;
};

static void list_model_iface_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (TjCaseListPart, tj_case_list_part, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_iface_init))

static GType
tj_case_list_part_get_item_type (GListModel *list)
{
  return TJ_TYPE_CASE_ITEM;
}

static guint
tj_case_list_part_get_n_items (GListModel *list)
{
  TjCaseListPart *self = TJ_CASE_LIST_PART (list);

  return self->model != NULL ? _tj_case_list_model_part_n_items (self->model, self->search) : 0;
}

static gpointer
tj_case_list_part_get_item (GListModel *list, guint position)
{
  TjCaseListPart *self = TJ_CASE_LIST_PART (list);

  if (self->model == NULL)
    return NULL;
  return _tj_case_list_model_part_get_item (self->model, self->search, position);
}

static void
list_model_iface_init (GListModelInterface *iface)
{
  iface->get_item_type = tj_case_list_part_get_item_type;
  iface->get_n_items = tj_case_list_part_get_n_items;
  iface->get_item = tj_case_list_part_get_item;
}

static void
tj_case_list_part_dispose (GObject *object)
{
  TjCaseListPart *self = TJ_CASE_LIST_PART (object);

  if (self->model != NULL)
    g_object_remove_weak_pointer (G_OBJECT (self->model), (gpointer *) &self->model);
  self->model = NULL;
  G_OBJECT_CLASS (tj_case_list_part_parent_class)->dispose (object);
}

static void
tj_case_list_part_class_init (TjCaseListPartClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = tj_case_list_part_dispose;
}

static void
tj_case_list_part_init (TjCaseListPart *self)
{
}

TjCaseListPart *
_tj_case_list_part_new (TjCaseListModel *model, gboolean search)
{
  TjCaseListPart *self = g_object_new (TJ_TYPE_CASE_LIST_PART, NULL);

  self->model = model;
  self->search = search;
  g_object_add_weak_pointer (G_OBJECT (model), (gpointer *) &self->model);
  return self;
}
