/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-sync-unconfirmed.h"
#include "tj-sync-apply.h"

/* meta 'sync_unconfirmed': lines of "TYPE ID VERSION". */
#define KEY "sync_unconfirmed"

typedef struct {
  char   *type;
  TjUuid  id;
  gint64  version;
} Entry;

static void
entry_free (Entry *e)
{
  g_free (e->type);
  g_free (e);
}

static GPtrArray *
load (TjStore *store)
{
  g_autofree char *text = tj_store_get_meta (store, KEY);
  g_auto(GStrv) lines = g_strsplit (text != NULL ? text : "", "\n", -1);
  GPtrArray *entries = g_ptr_array_new_with_free_func ((GDestroyNotify) entry_free);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (lines[i], " ", 3);
      Entry *e;

      if (g_strv_length (parts) != 3)
        continue;
      e = g_new0 (Entry, 1);
      e->type = g_strdup (parts[0]);
      e->version = g_ascii_strtoll (parts[2], NULL, 10);
      if (!tj_uuid_parse (parts[1], &e->id))
        {
          entry_free (e);
          continue;
        }
      g_ptr_array_add (entries, e);
    }
  return entries;
}

static gboolean
save (TjStore *store, GPtrArray *entries, GError **error)
{
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < entries->len; i++)
    {
      Entry *e = g_ptr_array_index (entries, i);
      char id[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (&e->id, id);
      g_string_append_printf (text, "%s%s %s %" G_GINT64_FORMAT, i ? "\n" : "", e->type, id,
                              e->version);
    }
  return tj_store_set_meta (store, KEY, entries->len ? text->str : NULL, error);
}

static gboolean
known (GPtrArray *entries, const TjUuid *id)
{
  for (guint i = 0; i < entries->len; i++)
    if (tj_uuid_equal (&((Entry *) g_ptr_array_index (entries, i))->id, id))
      return TRUE;
  return FALSE;
}

gboolean
tj_sync_unconfirmed_note (TjStore *store, GPtrArray *mutations, GPtrArray *results,
                          GError **error)
{
  g_autoptr(GPtrArray) entries = load (store);
  guint before = entries->len;

  for (guint i = 0; i < results->len; i++)
    {
      TjSyncResult *r = g_ptr_array_index (results, i);

      /* A refusal, or the answer again of one (an earlier answer was lost). */
      if (r->status != TJ_SYNC_REJECTED &&
          !(r->status == TJ_SYNC_DUPLICATE && r->original == TJ_SYNC_REJECTED))
        continue;
      for (guint j = 0; j < mutations->len; j++)
        {
          TjSyncMutation *m = g_ptr_array_index (mutations, j);
          Entry *e;

          if (m->id != r->id || known (entries, &m->record))
            continue;
          e = g_new0 (Entry, 1);
          e->type = g_strdup (m->type);
          e->id = m->record;
          e->version = _tj_sync_local_version (store, m->type, &m->record);
          g_ptr_array_add (entries, e);
        }
    }
  return entries->len == before || save (store, entries, error);
}

gboolean
tj_sync_unconfirmed_settle (TjStore *store, guint *left, GError **error)
{
  g_autoptr(GPtrArray) entries = load (store);
  guint before = entries->len;

  for (guint i = entries->len; i > 0; i--)
    {
      Entry *e = g_ptr_array_index (entries, i - 1);
      gint64 now = _tj_sync_local_version (store, e->type, &e->id);

      /* Gone, or the server's newer copy arrived. */
      if (now < 0 || now > e->version)
        g_ptr_array_remove_index (entries, i - 1);
    }
  *left = entries->len;
  return entries->len == before || save (store, entries, error);
}

gboolean
tj_sync_unconfirmed_clear (TjStore *store, GError **error)
{
  g_autofree char *text = tj_store_get_meta (store, KEY);

  return text == NULL || tj_store_set_meta (store, KEY, NULL, error);
}
