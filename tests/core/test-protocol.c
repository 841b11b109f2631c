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

/* What json-glib's own parser gives for strict JSON, for comparison. */
static JsonNode *
json_glib_parse (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  g_assert_true (json_parser_load_from_data (parser, text, -1, &error));
  g_assert_no_error (error);
  return json_node_copy (json_parser_get_root (parser));
}

/* The reader is strict JSON: it gives the tree json-glib's parser gives for every
 * well-formed body, and refuses everything else with INVALID_JSON at the right byte. */
static void
test_strict_json (void)
{
  static const char * const accepted[] = {
    "{}", "[]", " {\"a\" : [ 1 , -2 , 0 , -0 , 3.25 , -1e-3 , 2E+2 ] }\r\n",
    "\"text\"", "true", "false", "null", "0", "-9223372036854775808", "9223372036854775807",
    "{\"esc\":\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t\"}",
    "{\"u\":\"\\u00e9\\u4E2D\\ud83d\\ude00 é中😀\"}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
    "{\"\":\"\",\"n\":null,\"t\":[true,false,{}]}",
  };
  static const struct { const char *text; TjProtocolError code; const char *says; } refused[] = {
    { "", TJ_PROTOCOL_ERROR_INVALID_JSON, "empty" },
    { "  \n", TJ_PROTOCOL_ERROR_INVALID_JSON, "empty" },
    { "{", TJ_PROTOCOL_ERROR_INVALID_JSON, "ends before" },
    { "{\"a\":1", TJ_PROTOCOL_ERROR_INVALID_JSON, "ends before" },
    { "\"open", TJ_PROTOCOL_ERROR_INVALID_JSON, "ends before" },
    { "[1,]", TJ_PROTOCOL_ERROR_INVALID_JSON, "value was expected at byte 3" },
    { "[1 2]", TJ_PROTOCOL_ERROR_INVALID_JSON, "“]” was expected at byte 3" },
    { "{\"a\" 1}", TJ_PROTOCOL_ERROR_INVALID_JSON, "“:” was expected at byte 5" },
    { "{\"a\":1 \"b\":2}", TJ_PROTOCOL_ERROR_INVALID_JSON, "“}” was expected at byte 7" },
    { "{1:2}", TJ_PROTOCOL_ERROR_INVALID_JSON, "member name" },
    { "{\"a\":1,}", TJ_PROTOCOL_ERROR_INVALID_JSON, "member name" },
    { "{} {}", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON at byte 3" },
    { "[1] x", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON at byte 4" },
    { "{'a':1}", TJ_PROTOCOL_ERROR_INVALID_JSON, "member name (a string) was expected at byte 1" },
    { "['a']", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON at byte 1" },
    { "[1] // note", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON" },
    { "/* c */ 1", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON at byte 0" },
    { "[tru]", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON at byte 1" },
    { "[truex]", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON at byte 1" },
    { "[NaN]", TJ_PROTOCOL_ERROR_INVALID_JSON, "strict JSON" },
    { "[01]", TJ_PROTOCOL_ERROR_INVALID_JSON, "number at byte 1" },
    { "[1.]", TJ_PROTOCOL_ERROR_INVALID_JSON, "number at byte 1" },
    { "[.5]", TJ_PROTOCOL_ERROR_INVALID_JSON, "value was expected at byte 1" },
    { "[-]", TJ_PROTOCOL_ERROR_INVALID_JSON, "number at byte 1" },
    { "[1e]", TJ_PROTOCOL_ERROR_INVALID_JSON, "number at byte 1" },
    { "[0x10]", TJ_PROTOCOL_ERROR_INVALID_JSON, "“]” was expected at byte 2" },
    { "[1.5.5]", TJ_PROTOCOL_ERROR_INVALID_JSON, "number at byte 1" },
    { "[9223372036854775808]", TJ_PROTOCOL_ERROR_INVALID_JSON, "64 bits" },
    { "[-9223372036854775809]", TJ_PROTOCOL_ERROR_INVALID_JSON, "64 bits" },
    { "[99999999999999999999999]", TJ_PROTOCOL_ERROR_INVALID_JSON, "64 bits" },
    { "[\"a\\x\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "string at byte 1" },
    { "[\"\\u12\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "string at byte 1" },
    { "[\"\\u0000\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "\\u0000" },
    { "[\"\\ud83d\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "surrogate" },
    { "[\"\\ude00\\ud83d\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "surrogate" },
    { "[\"\\ud83d\\u0041\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "surrogate" },
    { "[\"\xff\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "UTF-8" },
    { "{\"a\":[1e999]}", TJ_PROTOCOL_ERROR_INVALID_FIELD, "a[0]: " },
    { "{\"m\":[{\"f\":{\"amount\":1e400}}]}", TJ_PROTOCOL_ERROR_INVALID_FIELD, "m[0].f.amount: " },
    { "[[0,[1,2e308]]]", TJ_PROTOCOL_ERROR_INVALID_FIELD, "[0][1][1]: " },
    /* A repeated name is refused: replacing it would search the member list each time. */
    { "{\"a\":1,\"a\":2}", TJ_PROTOCOL_ERROR_INVALID_JSON, "twice in one object, the second time at byte 7" },
    { "{\"a\":{\"b\":1,\"c\":2,\"b\":3}}", TJ_PROTOCOL_ERROR_INVALID_JSON, "second time at byte 18" },
    /* Control characters inside a string must be escaped. */
    { "[\"a\nb\"]", TJ_PROTOCOL_ERROR_INVALID_JSON, "control character at byte 3" },
    { "{\"k\x01\":0}", TJ_PROTOCOL_ERROR_INVALID_JSON, "control character at byte 3" },
  };
  g_autoptr(GString) deep = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (accepted); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = tj_protocol_parse_json (accepted[i], strlen (accepted[i]), &error);
      g_autoptr(JsonNode) theirs = json_glib_parse (accepted[i]);

      g_test_message ("%s", accepted[i]);
      g_assert_no_error (error);
      g_assert_true (json_node_equal (root, theirs));
    }
  for (guint i = 0; i < G_N_ELEMENTS (refused); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = tj_protocol_parse_json (refused[i].text, strlen (refused[i].text),
                                                         &error);

      g_test_message ("%s → %s", refused[i].text, error != NULL ? error->message : "(accepted)");
      g_assert_null (root);
      g_assert_error (error, TJ_PROTOCOL_ERROR, (gint) refused[i].code);
      g_assert_nonnull (strstr (error->message, refused[i].says));
    }

  /* Decoded strings, including pairs, are the text itself; the body's length is what
   * counts, not a NUL. */
  {
    static const char body[] = "{\"s\":\"\\ud83d\\ude00\\u4e2d\\n\"}trailing";
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = tj_protocol_parse_json (body, strlen (body) - strlen ("trailing"),
                                                       &error);

    g_assert_no_error (error);
    g_assert_cmpstr (json_object_get_string_member (json_node_get_object (root), "s"), ==,
                     "😀中\n");
  }

  /* Nesting: 64 levels are read, 65 are not, and a million cost no stack. */
  for (guint n = 64; n <= 65; n++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(JsonNode) root = NULL;

      g_string_truncate (deep, 0);
      for (guint i = 0; i < n; i++)
        g_string_append_c (deep, '[');
      for (guint i = 0; i < n; i++)
        g_string_append_c (deep, ']');
      root = tj_protocol_parse_json (deep->str, deep->len, &error);
      if (n == 64)
        g_assert_no_error (error);
      else
        g_assert_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON);
    }
  g_string_truncate (deep, 0);
  for (guint i = 0; i < 1000000; i++)
    g_string_append (deep, "{\"a\":");
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(JsonNode) root = tj_protocol_parse_json (deep->str, deep->len, &error);

    g_assert_null (root);
    g_assert_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON);
    g_assert_nonnull (strstr (error->message, "64"));
  }
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/protocol/numbers-written-back", test_numbers_written_back);
  g_test_add_func ("/protocol/strict-json", test_strict_json);
  return g_test_run ();
}
