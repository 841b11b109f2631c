/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "tj-json-read.h"
#include "tj-protocol.h"

/* The reader of every JSON body, request or answer: strict JSON straight into a
 * json-glib tree, in one pass.
 *
 * json-glib's own parser reads through GScanner a character at a time, is lenient
 * (comments, single quotes, hexadecimal, "var x =", text after the document) and
 * recursive without bound, so bodies were first checked token by token and then parsed
 * again; on a page of a thousand records that was most of the pull's reading time. Here
 * runs of plain string bytes are copied whole and each value is made once. */

typedef struct {
  const char *data;
  const char *p;
  const char *end;
  guint       depth;
  gboolean    unwritable;   /* a double json-glib's generator cannot write back */
  GString    *text;         /* a string's decoded bytes, reused */
  GError    **error;
} Reader;

static JsonNode *read_value (Reader *r);

static guint
offset (Reader *r)
{
  return (guint) (r->p - r->data);
}

static void
skip_space (Reader *r)
{
  while (r->p < r->end && (*r->p == ' ' || *r->p == '\n' || *r->p == '\r' || *r->p == '\t'))
    r->p++;
}

static gboolean
fail_token (Reader *r)
{
  g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
               /* Translators: a byte offset */
               _("The body is not strict JSON at byte %u: only objects, arrays, "
                 "double-quoted strings, numbers, true, false and null are allowed, "
                 "with nothing after the document."), offset (r));
  return FALSE;
}

/* What the reader wanted where it stopped. */
typedef enum {
  EXPECT_MORE,        /* only the end of the body can be the problem */
  EXPECT_VALUE,
  EXPECT_NAME,
  EXPECT_COLON,
  EXPECT_OBJECT_NEXT,
  EXPECT_ARRAY_NEXT,
} Expect;

static gboolean
fail_expected (Reader *r, Expect expected)
{
  guint at = offset (r);

  if (expected == EXPECT_MORE || r->p >= r->end)
    {
      g_set_error_literal (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                           _("The body ends before its JSON document does."));
      return FALSE;
    }
  switch (expected)
    {
    case EXPECT_VALUE:
      g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: a byte offset */
                   _("The body is not a JSON document: a value was expected at byte %u."), at);
      break;
    case EXPECT_NAME:
      g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: a byte offset */
                   _("The body is not a JSON document: a member name (a string) was "
                     "expected at byte %u."), at);
      break;
    case EXPECT_COLON:
      g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: a byte offset */
                   _("The body is not a JSON document: “:” was expected at byte %u."), at);
      break;
    case EXPECT_OBJECT_NEXT:
      g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: a byte offset */
                   _("The body is not a JSON document: “,” or “}” was expected at byte %u."),
                   at);
      break;
    case EXPECT_ARRAY_NEXT:
    default:
      g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   /* Translators: a byte offset */
                   _("The body is not a JSON document: “,” or “]” was expected at byte %u."),
                   at);
      break;
    }
  return FALSE;
}

static int
hex4 (const char *p, const char *end)
{
  int value = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int digit = g_ascii_xdigit_value (p[i]);

      if (digit < 0)
        return -1;
      value = value * 16 + digit;
    }
  return value;
}

/* One escape after its backslash; FALSE for an escape JSON does not have, a \u without
 * four hexadecimal digits, half a surrogate pair, or \u0000 (which would cut the text
 * short). */
static gboolean
read_escape (Reader *r)
{
  static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
  const char *plain;
  int unit, low;
  char utf8[6];

  if (r->p >= r->end)
    return FALSE;
  if (*r->p != 'u')
    {
      if (*r->p == '\0' || (plain = strchr (from, *r->p)) == NULL)
        return FALSE;
      g_string_append_c (r->text, to[plain - from]);
      r->p++;
      return TRUE;
    }
  if ((unit = hex4 (r->p + 1, r->end)) <= 0 || (unit >= 0xdc00 && unit <= 0xdfff))
    return FALSE;
  r->p += 5;
  if (unit >= 0xd800 && unit <= 0xdbff)
    {
      if (r->end - r->p < 6 || r->p[0] != '\\' || r->p[1] != 'u' ||
          (low = hex4 (r->p + 2, r->end)) < 0xdc00 || low > 0xdfff)
        return FALSE;
      r->p += 6;
      unit = 0x10000 + ((unit - 0xd800) << 10) + (low - 0xdc00);
    }
  g_string_append_len (r->text, utf8, g_unichar_to_utf8 ((gunichar) unit, utf8));
  return TRUE;
}

/* The string at the opening quote, decoded into r->text. */
static gboolean
read_string (Reader *r)
{
  const char *start = r->p;

  g_string_truncate (r->text, 0);
  r->p++;
  for (;;)
    {
      const char *run = r->p;

      while (r->p < r->end && *r->p != '"' && *r->p != '\\' && (guchar) *r->p >= 0x20)
        r->p++;
      g_string_append_len (r->text, run, r->p - run);
      if (r->p >= r->end)
        return fail_expected (r, EXPECT_MORE);
      if ((guchar) *r->p < 0x20)
        {
          g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                       /* Translators: a byte offset */
                       _("The body has a string with a control character at byte %u; JSON "
                         "requires it escaped (\\n, \\t, \\u0001, …)."), offset (r));
          return FALSE;
        }
      if (*r->p == '"')
        {
          r->p++;
          return TRUE;
        }
      r->p++;
      if (!read_escape (r))
        {
          g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                       /* Translators: a byte offset; \u0000 is JSON's escape for
                        * the NUL character */
                       _("The body has a string at byte %u with an escape JSON does not "
                         "allow, half of a surrogate pair or \\u0000."),
                       (guint) (start - r->data));
          return FALSE;
        }
    }
}

static gboolean
fail_number (Reader *r, const char *start)
{
  g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
               /* Translators: a byte offset */
               _("The body has a number at byte %u that is malformed or "
                 "does not fit in 64 bits."), (guint) (start - r->data));
  return FALSE;
}

static gboolean
digits (Reader *r)
{
  const char *from = r->p;

  while (r->p < r->end && g_ascii_isdigit (*r->p))
    r->p++;
  return r->p > from;
}

static gboolean
double_unwritable (double value)
{
  char text[G_ASCII_DTOSTR_BUF_SIZE];

  /* json-glib's generator prints "%.17g" and adds ".0" when there is no point, so 1e400
   * (read as infinity) becomes "inf.0" and 1e40 "1e+40.0", which no JSON parser reads;
   * the server would store such a document and fail to read it. */
  if (!isfinite (value))
    return TRUE;
  g_ascii_dtostr (text, sizeof text, value);
  return strchr (text, '.') == NULL && strpbrk (text, "eE") != NULL;
}

/* JSON's number: -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. One without a fraction
 * or exponent is an integer and must fit in 64 bits; the others are doubles. */
static JsonNode *
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean negative = *r->p == '-', is_double = FALSE;
  guint64 magnitude = 0;
  char buf[64];

  if (negative)
    r->p++;
  if (r->p >= r->end || !g_ascii_isdigit (*r->p) ||
      (*r->p == '0' && r->p + 1 < r->end && g_ascii_isdigit (r->p[1])))
    return fail_number (r, start), NULL;
  for (const char *d = r->p; d < r->end && g_ascii_isdigit (*d); d++)
    {
      guint digit = (guint) (*d - '0');

      if (magnitude > (G_MAXUINT64 - digit) / 10)
        magnitude = G_MAXUINT64;   /* too large either way */
      else
        magnitude = magnitude * 10 + digit;
    }
  digits (r);
  if (r->p < r->end && *r->p == '.')
    {
      r->p++;
      if (!digits (r))
        return fail_number (r, start), NULL;
      is_double = TRUE;
    }
  if (r->p < r->end && (*r->p == 'e' || *r->p == 'E'))
    {
      r->p++;
      if (r->p < r->end && (*r->p == '+' || *r->p == '-'))
        r->p++;
      if (!digits (r))
        return fail_number (r, start), NULL;
      is_double = TRUE;
    }
  if (r->p < r->end && strchr ("0123456789+-.eE", *r->p) != NULL && *r->p != '\0')
    return fail_number (r, start), NULL;
  if (!is_double)
    {
      if (magnitude > (guint64) G_MAXINT64 + (negative ? 1 : 0))
        return fail_number (r, start), NULL;
      return json_node_init_int (json_node_alloc (),
                                 negative ? (gint64) (0 - magnitude) : (gint64) magnitude);
    }
  else
    {
      g_autofree char *big = NULL;
      gsize n = (gsize) (r->p - start);
      char *text = buf;
      double value;

      if (n >= sizeof buf)
        text = big = g_malloc (n + 1);
      memcpy (text, start, n);
      text[n] = '\0';
      value = g_ascii_strtod (text, NULL);
      r->unwritable |= double_unwritable (value);
      return json_node_init_double (json_node_alloc (), value);
    }
}

static JsonNode *
read_literal (Reader *r)
{
  static const struct { const char *word; gsize n; int value; } words[] = {
    { "true", 4, 1 }, { "false", 5, 0 }, { "null", 4, -1 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    if ((gsize) (r->end - r->p) >= words[i].n && memcmp (r->p, words[i].word, words[i].n) == 0 &&
        (r->p + words[i].n == r->end || !g_ascii_isalnum (r->p[words[i].n])))
      {
        r->p += words[i].n;
        return words[i].value < 0 ? json_node_init_null (json_node_alloc ())
                                  : json_node_init_boolean (json_node_alloc (), words[i].value);
      }
  if (g_ascii_isalpha (*r->p) || *r->p == '\'' || *r->p == '/')
    fail_token (r);   /* a word, a single-quoted string or a comment */
  else
    fail_expected (r, EXPECT_VALUE);
  return NULL;
}

static gboolean
enter (Reader *r)
{
  if (++r->depth <= TJ_PROTOCOL_MAX_JSON_DEPTH)
    return TRUE;
  g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
               _("The body nests arrays and objects deeper than %d levels."),
               TJ_PROTOCOL_MAX_JSON_DEPTH);
  return FALSE;
}

/* After a member or element: the separator, or the closing bracket (TRUE in *closed). */
static gboolean
next_item (Reader *r, char close, Expect expected, gboolean *closed)
{
  skip_space (r);
  *closed = r->p < r->end && *r->p == close;
  if (*closed || (r->p < r->end && *r->p == ','))
    {
      r->p++;
      return TRUE;
    }
  return fail_expected (r, expected);
}

/* Past the opening bracket, and past the closing one too when the container is empty
 * (TRUE in *closed). */
static void
open_container (Reader *r, char close, gboolean *closed)
{
  r->p++;
  skip_space (r);
  *closed = r->p < r->end && *r->p == close;
  if (*closed)
    r->p++;
}

static JsonNode *
read_object (Reader *r)
{
  g_autoptr(JsonObject) object = json_object_new ();
  gboolean closed;

  open_container (r, '}', &closed);
  while (!closed)
    {
      g_autofree char *name = NULL;
      const char *name_at;
      JsonNode *member;

      skip_space (r);
      if (r->p >= r->end || *r->p != '"')
        return fail_expected (r, EXPECT_NAME), NULL;
      name_at = r->p;
      if (!read_string (r))
        return NULL;
      name = g_strndup (r->text->str, r->text->len);
      skip_space (r);
      if (r->p >= r->end || *r->p != ':')
        return fail_expected (r, EXPECT_COLON), NULL;
      r->p++;
      /* Refused, not replaced as json-glib's parser does: replacing searches the member
       * list, so a body of n names repeated n times would take n² steps. */
      if (json_object_has_member (object, name))
        {
          g_set_error (r->error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                       /* Translators: a byte offset */
                       _("The body names a member twice in one object, the second time at "
                         "byte %u."), (guint) (name_at - r->data));
          return NULL;
        }
      if ((member = read_value (r)) == NULL)
        return NULL;
      json_object_set_member (object, name, member);
      if (!next_item (r, '}', EXPECT_OBJECT_NEXT, &closed))
        return NULL;
    }
  r->depth--;
  return json_node_init_object (json_node_alloc (), object);
}

static JsonNode *
read_array (Reader *r)
{
  g_autoptr(JsonArray) array = json_array_new ();
  gboolean closed;

  open_container (r, ']', &closed);
  while (!closed)
    {
      JsonNode *element = read_value (r);

      if (element == NULL)
        return NULL;
      json_array_add_element (array, element);
      if (!next_item (r, ']', EXPECT_ARRAY_NEXT, &closed))
        return NULL;
    }
  r->depth--;
  return json_node_init_array (json_node_alloc (), array);
}

static JsonNode *
read_value (Reader *r)
{
  skip_space (r);
  if (r->p >= r->end)
    return fail_expected (r, EXPECT_MORE), NULL;
  switch (*r->p)
    {
    case '{':
      return enter (r) ? read_object (r) : NULL;
    case '[':
      return enter (r) ? read_array (r) : NULL;
    case '"':
      return read_string (r) ? json_node_init_string (json_node_alloc (), r->text->str) : NULL;
    case '-':
    case '0': case '1': case '2': case '3': case '4':
    case '5': case '6': case '7': case '8': case '9':
      return read_number (r);
    default:
      return read_literal (r);
    }
}

/* The path of the first such double ("mutations[0].fields.amount"), built on the way
 * back up. */
static gboolean
find_unwritable (JsonNode *node, GString *path)
{
  if (JSON_NODE_HOLDS_OBJECT (node))
    {
      JsonObjectIter iter;
      const char *name;
      JsonNode *member;

      json_object_iter_init (&iter, json_node_get_object (node));
      while (json_object_iter_next (&iter, &name, &member))
        if (find_unwritable (member, path))
          {
            if (path->len > 0 && path->str[0] != '[')
              g_string_prepend_c (path, '.');
            g_string_prepend (path, name);
            return TRUE;
          }
      return FALSE;
    }
  if (JSON_NODE_HOLDS_ARRAY (node))
    {
      JsonArray *array = json_node_get_array (node);

      for (guint i = 0; i < json_array_get_length (array); i++)
        if (find_unwritable (json_array_get_element (array, i), path))
          {
            g_autofree char *index = g_strdup_printf ("[%u]", i);

            if (path->len > 0 && path->str[0] != '[')
              g_string_prepend_c (path, '.');
            g_string_prepend (path, index);
            return TRUE;
          }
      return FALSE;
    }
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_DOUBLE &&
         double_unwritable (json_node_get_double (node));
}

JsonNode *
tj_json_read (const char *data, gsize length, GError **error)
{
  g_autoptr(GString) text = g_string_sized_new (256);
  Reader r = { data, data, data + length, 0, FALSE, text, error };
  g_autoptr(JsonNode) root = NULL;

  if (length > G_MAXSSIZE || !g_utf8_validate_len (data, length, NULL))
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body is not valid UTF-8 text."));
      return NULL;
    }
  skip_space (&r);
  if (r.p >= r.end)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_JSON,
                   _("The body is empty; a JSON document is needed."));
      return NULL;
    }
  if ((root = read_value (&r)) == NULL)
    return NULL;
  skip_space (&r);
  if (r.p < r.end)
    return fail_token (&r), NULL;
  if (r.unwritable)
    {
      g_autoptr(GString) path = g_string_new (NULL);

      find_unwritable (root, path);
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   /* Translators: a JSON member path such as mutations[0].fields.amount */
                   _("%s: the number is too large to represent."),
                   path->len > 0 ? path->str : _("the document"));
      return NULL;
    }
  /* Not sealed: json_node_seal () walks the whole tree again, a fifth of the reading
   * time of a page, to guard against writes nobody makes. */
  return g_steal_pointer (&root);
}
