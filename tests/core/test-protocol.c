/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <json-glib/json-glib.h>
#include <string.h>

#include "tj-protocol.h"
#include "test-util.h"

/* tj_protocol_parse_json () takes only what json-glib can write back: a number it would
 * print as "1e+40.0" or "inf.0" is refused, naming its member; numbers it writes well
 * pass and survive a round trip. */

static void
test_numbers_written_back (void)
{
  static const char * const refused[] = {
    "{\"a\":1e40}",                          /* found by fuzz-codec: "1e+40.0" */
    "{\"a\":1e400}",                         /* infinity */
    "{\"a\":[1,{\"b\":-2E17}]}",
    "{\"a\":100000000000000000000.0}",       /* no exponent read, "1e+20" written */
  };
  static const char * const accepted[] = {
    "{\"a\":1.5e17}", "{\"a\":1e16}", "{\"a\":0.5e-300}", "{\"a\":12.25}",
    "{\"a\":9223372036854775807}", "{\"a\":-1.0e-5}",
    "{\"a\":123456789012345678.5}",          /* written as 1.2345678901234568e+17 */
  };

  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = tj_protocol_parse_json (refused[i], strlen (refused[i]), &error);

      g_test_message ("%s", refused[i]);
      g_assert_null (root);
      g_assert_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD);
      g_assert_true (g_str_has_prefix (error->message, "a"));
    }
  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = tj_protocol_parse_json (accepted[i], strlen (accepted[i]), &error);
      g_autofree char *text = NULL;
      g_autoptr(JsonNode) again = NULL;

      g_test_message ("%s", accepted[i]);
      g_assert_no_error (error);
      text = json_to_string (root, FALSE);
      again = tj_protocol_parse_json (text, strlen (text), &error);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (root, again));
    }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/numbers-written-back", test_numbers_written_back);
  return g_test_run ();
}
