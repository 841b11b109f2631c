/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-review-grounds.h"
#include "tj-validate.h"

/* The labels follow the items of Art. 78 word for word (zh_CN.po holds the rule's own
 * text); their order is the rule's, and the keys never change. */
static const TjEnumValue ground_values[] = {
  { "mandatory_provision",
    N_("It violates a mandatory provision of a law or administrative regulation") },
  { "harms_interests",
    N_("It harms the interests of the state or the public, or the lawful rights and interests "
       "of citizens, legal persons or other organisations") },
  { "false_evidence", N_("The evidence a party provided is suspected of being false") },
  { "not_voluntary", N_("It violates the principle of voluntariness") },
  { "unclear", N_("Its content is unclear") },
  { "other", N_("Other circumstances in which no mediation statement can be made") },
};

G_STATIC_ASSERT (G_N_ELEMENTS (ground_values) == TJ_N_GROUNDS);

const TjEnum tj_enum_review_ground = { "grounds", ground_values, TJ_N_GROUNDS };

char *
tj_review_grounds_format (guint32 mask, const char *text)
{
  GString *out = g_string_new (NULL);

  for (guint g = 0; g < TJ_N_GROUNDS; g++)
    if (mask & TJ_GROUND_BIT (g))
      g_string_append_printf (out, "%s%s", out->len > 0 ? "," : "", ground_values[g].key);
  if (text != NULL && *text != '\0')
    g_string_append_printf (out, "\n%s", text);
  return g_string_free (out, FALSE);
}

/* The grounds a first line names, or FALSE when it is not a list of keys. */
static gboolean
keys_of_line (const char *line, gsize length, guint32 *mask)
{
  g_autofree char *copy = g_strndup (line, length);
  g_auto(GStrv) keys = g_strsplit (copy, ",", -1);

  *mask = 0;
  for (guint i = 0; keys[i] != NULL; i++)
    {
      guint g;

      if (!tj_enum_lookup (&tj_enum_review_ground, keys[i], &g))
        return FALSE;
      *mask |= TJ_GROUND_BIT (g);
    }
  return *mask != 0;
}

void
tj_review_grounds_split (const char *stored, guint32 *mask, char **text)
{
  const char *end;
  guint32 found = 0;

  g_return_if_fail (mask != NULL && text != NULL);

  *mask = 0;
  *text = NULL;
  if (stored == NULL || *stored == '\0')
    return;
  end = strchr (stored, '\n');
  if (!keys_of_line (stored, end != NULL ? (gsize) (end - stored) : strlen (stored), &found))
    {
      *text = g_strdup (stored);
      return;
    }
  *mask = found;
  if (end != NULL && end[1] != '\0')
    *text = g_strdup (end + 1);
}

gboolean
tj_review_grounds_parse (const char *field, const char * const *keys, guint32 *mask,
                         GError **error)
{
  guint32 result = 0;

  g_return_val_if_fail (field != NULL && mask != NULL, FALSE);

  for (guint i = 0; keys != NULL && keys[i] != NULL; i++)
    {
      g_auto(GStrv) parts = g_strsplit (keys[i], ",", -1);

      for (guint j = 0; parts[j] != NULL; j++)
        {
          guint g;

          g_strstrip (parts[j]);
          if (!tj_enum_parse (&tj_enum_review_ground, field, parts[j], &g, error))
            return FALSE;
          result |= TJ_GROUND_BIT (g);
        }
    }
  *mask = result;
  return TRUE;
}
