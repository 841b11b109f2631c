/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "fuzz-util.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "tj-protocol.h"

void
fuzz_init (void)
{
  g_log_set_always_fatal (G_LOG_FATAL_MASK | G_LOG_LEVEL_CRITICAL | G_LOG_LEVEL_WARNING);
}

void
fuzz_fail (const char *format, ...)
{
  va_list args;

  va_start (args, format);
  vfprintf (stderr, format, args);
  va_end (args);
  fputc ('\n', stderr);
  abort ();
}

void
fuzz_expect_error (const GError *error, const char *what, ...)
{
  va_list args;
  int code;

  if (error == NULL)
    fuzz_fail ("%s failed without an error", what);
  if (error->domain != TJ_PROTOCOL_ERROR)
    fuzz_fail ("%s: error outside TJ_PROTOCOL_ERROR: %s", what, error->message);
  if (error->message == NULL || error->message[0] == '\0' ||
      !g_utf8_validate (error->message, -1, NULL))
    fuzz_fail ("%s: error %d has no readable message", what, error->code);
  va_start (args, what);
  while ((code = va_arg (args, int)) >= 0)
    if (code == error->code)
      {
        va_end (args);
        return;
      }
  va_end (args);
  fuzz_fail ("%s: unexpected error code %d (%s): %s", what, error->code,
             tj_protocol_error_to_code (error->code), error->message);
}

static void
check_node (JsonNode *node, guint depth)
{
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        if (depth + 1 > TJ_PROTOCOL_MAX_JSON_DEPTH)
          fuzz_fail ("the tree nests deeper than %d", TJ_PROTOCOL_MAX_JSON_DEPTH);
        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          {
            if (!g_utf8_validate (name, -1, NULL))
              fuzz_fail ("a member name is not valid UTF-8");
            check_node (member, depth + 1);
          }
        break;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        if (depth + 1 > TJ_PROTOCOL_MAX_JSON_DEPTH)
          fuzz_fail ("the tree nests deeper than %d", TJ_PROTOCOL_MAX_JSON_DEPTH);
        for (guint i = 0; i < json_array_get_length (array); i++)
          check_node (json_array_get_element (array, i), depth + 1);
        break;
      }
    case JSON_NODE_VALUE:
      if (json_node_get_value_type (node) == G_TYPE_STRING &&
          !g_utf8_validate (json_node_get_string (node), -1, NULL))
        fuzz_fail ("a string is not valid UTF-8");
      if (json_node_get_value_type (node) == G_TYPE_DOUBLE &&
          !isfinite (json_node_get_double (node)))
        fuzz_fail ("a number is not finite");
      break;
    case JSON_NODE_NULL:
      break;
    }
}

void
fuzz_check_tree (JsonNode *root)
{
  if (root == NULL)
    fuzz_fail ("tj_protocol_parse_json gave NULL without an error");
  check_node (root, 0);
}

JsonNode *
fuzz_reparse (const char *text, gsize length, const char *what)
{
  g_autoptr(GError) error = NULL;
  JsonNode *root = tj_protocol_parse_json (text, length, &error);

  if (root == NULL)
    fuzz_fail ("%s wrote text it cannot read back: %s\n%.*s", what, error->message,
               (int) MIN (length, 2000), text);
  fuzz_check_tree (root);
  return root;
}
