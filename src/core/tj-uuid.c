/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-uuid.h"

/* UUIDv7 (RFC 9562): 48-bit Unix milliseconds, version 7, 12 bits "rand_a", variant 10,
 * 62 bits "rand_b". rand_a is used as a counter within one millisecond (method 1 of the
 * RFC), so ids made by one process are strictly increasing, which keeps SQLite's b-tree
 * appends at the right-hand edge. */

G_LOCK_DEFINE_STATIC (uuid_lock);
static gint64 last_ms;
static guint16 counter;

static void
fill_random (guint8 *bytes, gsize n)
{
  for (gsize i = 0; i < n; i += 4)
    {
      guint32 r = g_random_int ();
      for (gsize j = 0; j < 4 && i + j < n; j++)
        bytes[i + j] = (r >> (8 * j)) & 0xff;
    }
}

void
tj_uuid_v7_at (TjUuid *out, gint64 unix_ms)
{
  guint16 seq;

  g_return_if_fail (out != NULL);

  G_LOCK (uuid_lock);
  if (unix_ms <= last_ms)
    {
      /* Same (or an earlier, after a clock step back) millisecond: keep counting from the
       * last one so ids stay monotonic; on counter overflow borrow the next millisecond. */
      unix_ms = last_ms;
      if (++counter > 0x0fff)
        {
          unix_ms++;
          counter = g_random_int_range (0, 0x200);
        }
    }
  else
    counter = g_random_int_range (0, 0x200);
  last_ms = unix_ms;
  seq = counter;
  G_UNLOCK (uuid_lock);

  out->bytes[0] = (unix_ms >> 40) & 0xff;
  out->bytes[1] = (unix_ms >> 32) & 0xff;
  out->bytes[2] = (unix_ms >> 24) & 0xff;
  out->bytes[3] = (unix_ms >> 16) & 0xff;
  out->bytes[4] = (unix_ms >> 8) & 0xff;
  out->bytes[5] = unix_ms & 0xff;
  out->bytes[6] = 0x70 | ((seq >> 8) & 0x0f);
  out->bytes[7] = seq & 0xff;
  fill_random (out->bytes + 8, 8);
  out->bytes[8] = 0x80 | (out->bytes[8] & 0x3f);
}

void
tj_uuid_v7_now (TjUuid *out)
{
  tj_uuid_v7_at (out, g_get_real_time () / 1000);
}

void
tj_uuid_to_string (const TjUuid *uuid, char out[TJ_UUID_STRING_LEN + 1])
{
  static const char hex[] = "0123456789abcdef";
  char *p = out;

  for (guint i = 0; i < 16; i++)
    {
      if (i == 4 || i == 6 || i == 8 || i == 10)
        *p++ = '-';
      *p++ = hex[uuid->bytes[i] >> 4];
      *p++ = hex[uuid->bytes[i] & 0xf];
    }
  *p = '\0';
}

char *
tj_uuid_dup_string (const TjUuid *uuid)
{
  char buf[TJ_UUID_STRING_LEN + 1];

  g_return_val_if_fail (uuid != NULL, NULL);

  tj_uuid_to_string (uuid, buf);
  return g_strdup (buf);
}

gboolean
tj_uuid_parse (const char *text, TjUuid *out)
{
  guint n = 0;

  if (text == NULL || strlen (text) != TJ_UUID_STRING_LEN)
    return FALSE;

  for (guint i = 0; i < TJ_UUID_STRING_LEN; i++)
    {
      int hi, lo;

      if (i == 8 || i == 13 || i == 18 || i == 23)
        {
          if (text[i] != '-')
            return FALSE;
          continue;
        }
      hi = g_ascii_xdigit_value (text[i]);
      lo = g_ascii_xdigit_value (text[i + 1]);
      if (hi < 0 || lo < 0)
        return FALSE;
      out->bytes[n++] = (hi << 4) | lo;
      i++;
    }
  return n == 16;
}

gboolean
tj_uuid_equal (const TjUuid *a, const TjUuid *b)
{
  return memcmp (a->bytes, b->bytes, 16) == 0;
}

int
tj_uuid_compare (const TjUuid *a, const TjUuid *b)
{
  return memcmp (a->bytes, b->bytes, 16);
}

guint
tj_uuid_hash (gconstpointer id)
{
  guint h;

  /* UUIDv7: the random tail spreads better than the time prefix. */
  memcpy (&h, (const guint8 *) id + 12, sizeof h);
  return h;
}

gboolean
tj_uuid_hash_equal (gconstpointer a, gconstpointer b)
{
  return memcmp (a, b, 16) == 0;
}

gboolean
tj_uuid_is_nil (const TjUuid *uuid)
{
  static const TjUuid nil;

  return tj_uuid_equal (uuid, &nil);
}

gint64
tj_uuid_v7_unix_ms (const TjUuid *uuid)
{
  gint64 ms = 0;

  for (guint i = 0; i < 6; i++)
    ms = (ms << 8) | uuid->bytes[i];
  return ms;
}
