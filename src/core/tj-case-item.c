/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-item.h"
#include "tj-uuid.h"

struct _TjCaseItem
{
  GObject   parent_instance;

  gint64    cid;
  char     *id;
  char     *case_no;
  TjState   state;
  char     *received;
  guint32   types;
  char     *applicant;                  /* (nullable) */
  char     *respondent;                 /* (nullable) */
  char     *mediator;                   /* (nullable) */
  char     *due;                        /* (nullable) */
  char     *due_clock;                  /* (nullable) */
  gboolean  overdue;
  int       days_left;
};

enum {
  PROP_0,
  PROP_ID,
  PROP_CASE_NO,
  PROP_STATE,
  PROP_RECEIVED,
  PROP_TYPES,
  PROP_APPLICANT,
  PROP_RESPONDENT,
  PROP_MEDIATOR,
  PROP_DUE,
  PROP_OVERDUE,
  PROP_DAYS_LEFT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

G_DEFINE_FINAL_TYPE (TjCaseItem, tj_case_item, G_TYPE_OBJECT)

static int
days_between (const char *from, const char *to)
{
  GDate a, b;

  g_date_clear (&a, 1);
  g_date_clear (&b, 1);
  g_date_set_parse (&a, from);
  g_date_set_parse (&b, to);
  if (!g_date_valid (&a) || !g_date_valid (&b))
    return TJ_CASE_ITEM_NO_DEADLINE;
  return g_date_days_between (&a, &b);
}

static void
tj_case_item_finalize (GObject *object)
{
  TjCaseItem *self = TJ_CASE_ITEM (object);

  g_free (self->id);
  g_free (self->case_no);
  g_free (self->received);
  g_free (self->applicant);
  g_free (self->respondent);
  g_free (self->mediator);
  g_free (self->due);
  g_free (self->due_clock);
  G_OBJECT_CLASS (tj_case_item_parent_class)->finalize (object);
}

static void
tj_case_item_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)
{
  TjCaseItem *self = TJ_CASE_ITEM (object);

  switch (prop_id)
    {
    case PROP_ID:
      g_value_set_string (value, self->id);
      break;
    case PROP_CASE_NO:
      g_value_set_string (value, self->case_no);
      break;
    case PROP_STATE:
      g_value_set_int (value, self->state);
      break;
    case PROP_RECEIVED:
      g_value_set_string (value, self->received);
      break;
    case PROP_TYPES:
      g_value_set_uint (value, self->types);
      break;
    case PROP_APPLICANT:
      g_value_set_string (value, self->applicant);
      break;
    case PROP_RESPONDENT:
      g_value_set_string (value, self->respondent);
      break;
    case PROP_MEDIATOR:
      g_value_set_string (value, self->mediator);
      break;
    case PROP_DUE:
      g_value_set_string (value, self->due);
      break;
    case PROP_OVERDUE:
      g_value_set_boolean (value, self->overdue);
      break;
    case PROP_DAYS_LEFT:
      g_value_set_int (value, self->days_left);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
tj_case_item_class_init (TjCaseItemClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GParamFlags flags = G_PARAM_READABLE | G_PARAM_STATIC_STRINGS;

  object_class->finalize = tj_case_item_finalize;
  object_class->get_property = tj_case_item_get_property;

  properties[PROP_ID] = g_param_spec_string ("id", NULL, NULL, NULL, flags);
  properties[PROP_CASE_NO] = g_param_spec_string ("case-no", NULL, NULL, NULL, flags);
  properties[PROP_STATE] = g_param_spec_int ("state", NULL, NULL, 0, TJ_N_STATES - 1, 0, flags);
  properties[PROP_RECEIVED] = g_param_spec_string ("received", NULL, NULL, NULL, flags);
  properties[PROP_TYPES] = g_param_spec_uint ("types", NULL, NULL, 0, G_MAXUINT32, 0, flags);
  properties[PROP_APPLICANT] = g_param_spec_string ("applicant", NULL, NULL, NULL, flags);
  properties[PROP_RESPONDENT] = g_param_spec_string ("respondent", NULL, NULL, NULL, flags);
  properties[PROP_MEDIATOR] = g_param_spec_string ("mediator", NULL, NULL, NULL, flags);
  properties[PROP_DUE] = g_param_spec_string ("due", NULL, NULL, NULL, flags);
  properties[PROP_OVERDUE] = g_param_spec_boolean ("overdue", NULL, NULL, FALSE, flags);
  properties[PROP_DAYS_LEFT] = g_param_spec_int ("days-left", NULL, NULL, G_MININT, G_MAXINT,
                                                 TJ_CASE_ITEM_NO_DEADLINE, flags);
  g_object_class_install_properties (object_class, N_PROPS, properties);
}

static void
tj_case_item_init (TjCaseItem *self)
{
  self->days_left = TJ_CASE_ITEM_NO_DEADLINE;
}

TjCaseItem *
tj_case_item_new_from_row (const TjCaseRow *row, const char *today)
{
  TjCaseItem *self;

  g_return_val_if_fail (row != NULL, NULL);

  self = g_object_new (TJ_TYPE_CASE_ITEM, NULL);
  self->cid = row->cid;
  self->id = tj_uuid_dup_string (&row->id);
  self->case_no = g_strdup (row->case_no);
  self->state = row->state;
  self->received = g_strdup (row->received);
  self->types = row->types;
  self->applicant = g_strdup (row->applicant);
  self->respondent = g_strdup (row->respondent);
  self->mediator = g_strdup (row->mediator);
  self->due = g_strdup (row->due);
  self->due_clock = g_strdup (row->due_clock);
  self->overdue = row->overdue;
  if (row->due != NULL && today != NULL)
    self->days_left = days_between (today, row->due);
  return self;
}

gboolean
tj_case_item_matches_row (TjCaseItem *self, const TjCaseRow *row, const char *today)
{
  char id[TJ_UUID_STRING_LEN + 1];
  int days_left = TJ_CASE_ITEM_NO_DEADLINE;

  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), FALSE);
  g_return_val_if_fail (row != NULL, FALSE);

  if (row->due != NULL && today != NULL)
    days_left = days_between (today, row->due);
  tj_uuid_to_string (&row->id, id);
  return self->cid == row->cid && self->state == row->state && self->types == row->types &&
         self->overdue == row->overdue && self->days_left == days_left &&
         strcmp (self->id, id) == 0 &&
         g_strcmp0 (self->case_no, row->case_no) == 0 &&
         g_strcmp0 (self->received, row->received) == 0 &&
         g_strcmp0 (self->applicant, row->applicant) == 0 &&
         g_strcmp0 (self->respondent, row->respondent) == 0 &&
         g_strcmp0 (self->mediator, row->mediator) == 0 &&
         g_strcmp0 (self->due, row->due) == 0 &&
         g_strcmp0 (self->due_clock, row->due_clock) == 0;
}

const char *
tj_case_item_get_id (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->id;
}

gint64
tj_case_item_get_cid (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), 0);
  return self->cid;
}

const char *
tj_case_item_get_case_no (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->case_no;
}

TjState
tj_case_item_get_state (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), 0);
  return self->state;
}

const char *
tj_case_item_get_received (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->received;
}

guint32
tj_case_item_get_types (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), 0);
  return self->types;
}

const char *
tj_case_item_get_applicant (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->applicant;
}

const char *
tj_case_item_get_respondent (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->respondent;
}

const char *
tj_case_item_get_mediator (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->mediator;
}

const char *
tj_case_item_get_due (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->due;
}

const char *
tj_case_item_get_due_clock (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), NULL);
  return self->due_clock;
}

gboolean
tj_case_item_get_overdue (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), FALSE);
  return self->overdue;
}

int
tj_case_item_get_days_left (TjCaseItem *self)
{
  g_return_val_if_fail (TJ_IS_CASE_ITEM (self), TJ_CASE_ITEM_NO_DEADLINE);
  return self->days_left;
}
