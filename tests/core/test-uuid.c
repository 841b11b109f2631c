/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-uuid.h"

static void
test_format (void)
{
  TjUuid id, parsed;
  char text[TJ_UUID_STRING_LEN + 1];

  tj_uuid_v7_at (&id, G_GINT64_CONSTANT (1737684000000));
  tj_uuid_to_string (&id, text);
  g_assert_cmpint (strlen (text), ==, 36);
  /* Version 7 and the RFC 9562 variant. */
  g_assert_cmpint (text[14], ==, '7');
  g_assert_true (strchr ("89ab", text[19]) != NULL);
  g_assert_cmpint (tj_uuid_v7_unix_ms (&id), ==, G_GINT64_CONSTANT (1737684000000));
  g_assert_true (tj_uuid_parse (text, &parsed));
  g_assert_true (tj_uuid_equal (&id, &parsed));
  g_assert_false (tj_uuid_is_nil (&id));
}

static void
test_parse_rejects (void)
{
  TjUuid id;

  g_assert_false (tj_uuid_parse (NULL, &id));
  g_assert_false (tj_uuid_parse ("", &id));
  g_assert_false (tj_uuid_parse ("01949609-9d00-71cb-bb9e-807e8466b33", &id));
  g_assert_false (tj_uuid_parse ("01949609-9d00-71cb-bb9e-807e8466b33z", &id));
  g_assert_false (tj_uuid_parse ("01949609x9d00-71cb-bb9e-807e8466b332", &id));
  g_assert_true (tj_uuid_parse ("01949609-9D00-71CB-BB9E-807E8466B332", &id));
}

/* Ids made in one process sort in the order they were made, even within one
 * millisecond and when the clock steps back. */
static void
test_monotonic (void)
{
  TjUuid prev, next;

  tj_uuid_v7_at (&prev, 2000000000000);
  for (guint i = 0; i < 100000; i++)
    {
      gint64 ms = 2000000000000 + (i / 1000) - (i % 7 == 0 ? 5 : 0);

      tj_uuid_v7_at (&next, ms);
      g_assert_cmpint (memcmp (prev.bytes, next.bytes, 16), <, 0);
      prev = next;
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/uuid/format", test_format);
  g_test_add_func ("/uuid/parse-rejects", test_parse_rejects);
  g_test_add_func ("/uuid/monotonic", test_monotonic);
  return g_test_run ();
}
