/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc-template.h"
#include "tj-doc.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#define RESOURCE_DIR "/io/github/tiaojie/Tiaojie/core/documents/"

typedef enum {
  NODE_BLOCK,
  NODE_EACH,
  NODE_IF,
  NODE_TABLE,
} NodeType;

typedef struct _Node Node;
struct _Node {
  NodeType        type;
  TjDocBlockKind  kind;
  char           *text;         /* raw, with placeholders */
  char           *text2;
  GStrv           cells;
  char           *name;         /* each: the list; if: the condition */
  gboolean        negate;
  GPtrArray      *children;     /* Node */
  GPtrArray      *otherwise;    /* if: after [else] */
  GArray         *widths;       /* table */
  guint           line;
};

struct _TjDocTemplate {
  GObject           parent_instance;
  char             *kind;
  char             *title;
  char             *source;
  char             *every_page;
  TjDocPageNumbers  page_numbers;
  GPtrArray        *root;       /* Node */
};

G_DEFINE_FINAL_TYPE (TjDocTemplate, tj_doc_template, G_TYPE_OBJECT)

static const struct {
  const char     *name;
  TjDocBlockKind  kind;
} block_directives[] = {
  { "title", TJ_DOC_BLOCK_TITLE },
  { "number", TJ_DOC_BLOCK_NUMBER },
  { "heading", TJ_DOC_BLOCK_HEADING },
  { "subheading", TJ_DOC_BLOCK_SUBHEADING },
  { "para", TJ_DOC_BLOCK_PARA },
  { "plain", TJ_DOC_BLOCK_PLAIN },
  { "center", TJ_DOC_BLOCK_CENTER },
  { "right", TJ_DOC_BLOCK_RIGHT },
  { "blank", TJ_DOC_BLOCK_BLANK },
  { "sign", TJ_DOC_BLOCK_SIGN },
  { "seal", TJ_DOC_BLOCK_SEAL },
  { "break", TJ_DOC_BLOCK_BREAK },
  { "head", TJ_DOC_BLOCK_HEAD_ROW },
  { "row", TJ_DOC_BLOCK_ROW },
};

static void
node_free (Node *node)
{
  if (node == NULL)
    return;
  g_free (node->text);
  g_free (node->text2);
  g_strfreev (node->cells);
  g_free (node->name);
  g_clear_pointer (&node->children, g_ptr_array_unref);
  g_clear_pointer (&node->otherwise, g_ptr_array_unref);
  g_clear_pointer (&node->widths, g_array_unref);
  g_free (node);
}

static Node *
node_new (NodeType type, guint line)
{
  Node *node = g_new0 (Node, 1);

  node->type = type;
  node->line = line;
  if (type != NODE_BLOCK)
    node->children = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
  return node;
}

TjDocBlock *
tj_doc_block_new (TjDocBlockKind kind, const char *text)
{
  TjDocBlock *block = g_new0 (TjDocBlock, 1);

  block->kind = kind;
  block->text = g_strdup (text != NULL ? text : "");
  return block;
}

void
tj_doc_block_free (TjDocBlock *block)
{
  if (block == NULL)
    return;
  g_free (block->text);
  g_free (block->text2);
  g_strfreev (block->cells);
  g_clear_pointer (&block->widths, g_array_unref);
  g_free (block);
}

/* Parsing */

typedef struct {
  const char *filename;
  guint       line;
  GPtrArray  *open;             /* Node: the [each]/[if]/[table] being filled, innermost last */
} Parser;

static gboolean
parse_error (Parser *p, GError **error, const char *format, ...) G_GNUC_PRINTF (3, 4);

static gboolean
parse_error (Parser *p, GError **error, const char *format, ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  /* Translators: file name, line number, then the problem */
  g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_TEMPLATE, _("%s:%u: %s"),
               p->filename, p->line, message);
  return FALSE;
}

/* The list schema a name's first part binds to inside the open [each] nodes. */
static const TjDocListSchema *
bound_list (Parser *p, const char *item)
{
  for (guint i = p->open->len; i > 0; i--)
    {
      Node *node = g_ptr_array_index (p->open, i - 1);
      const TjDocListSchema *list;

      if (node->type != NODE_EACH)
        continue;
      list = tj_doc_schema_list (node->name);
      if (strcmp (list->item, item) == 0)
        return list;
    }
  return NULL;
}

static gboolean
check_name (Parser *p, const char *name, gboolean may_be_list, GError **error)
{
  const char *dot = strchr (name, '.');

  if (dot != NULL)
    {
      g_autofree char *item = g_strndup (name, dot - name);
      const TjDocListSchema *list = bound_list (p, item);

      if (list != NULL)
        {
          if (tj_doc_schema_list_has_field (list, dot + 1))
            return TRUE;
          return parse_error (p, error, _("“%s” has no field “%s” (inside [each %s])."),
                              item, dot + 1, list->list);
        }
      if (tj_doc_schema_has_root_field (name))
        return TRUE;
    }
  else if (may_be_list && tj_doc_schema_list (name) != NULL)
    return TRUE;
  return parse_error (p, error, _("unknown placeholder “%s”."), name);
}

/* Every {{name}} of a text must be known. */
static gboolean
check_text (Parser *p, const char *text, GError **error)
{
  const char *s = text;
  const char *open;

  while (s != NULL && (open = strstr (s, "{{")) != NULL)
    {
      const char *close = strstr (open + 2, "}}");
      g_autofree char *name = NULL;

      if (close == NULL)
        return parse_error (p, error, _("“{{” is not closed by “}}”."));
      name = g_strstrip (g_strndup (open + 2, close - open - 2));
      if (!check_name (p, name, FALSE, error))
        return FALSE;
      s = close + 2;
    }
  return TRUE;
}

static GPtrArray *
current_children (Parser *p, GPtrArray *root)
{
  Node *top;

  if (p->open->len == 0)
    return root;
  top = g_ptr_array_index (p->open, p->open->len - 1);
  if (top->type == NODE_IF && top->otherwise != NULL)
    return top->otherwise;
  return top->children;
}

static gboolean
in_table (Parser *p)
{
  for (guint i = 0; i < p->open->len; i++)
    if (((Node *) g_ptr_array_index (p->open, i))->type == NODE_TABLE)
      return TRUE;
  return FALSE;
}

static gboolean
parse_header (TjDocTemplate *self, Parser *p, const char *line, GError **error)
{
  g_autofree char *key = NULL;
  const char *value;
  const char *space = strpbrk (line, " \t");

  key = space != NULL ? g_strndup (line + 1, space - line - 1) : g_strdup (line + 1);
  value = space != NULL ? space + 1 : "";
  while (*value == ' ' || *value == '\t')
    value++;

  if (strcmp (key, "format") == 0)
    {
      if (strcmp (value, "1") != 0)
        return parse_error (p, error, _("this program reads template format 1, not “%s”."), value);
    }
  else if (strcmp (key, "kind") == 0)
    g_free (self->kind), self->kind = g_strdup (value);
  else if (strcmp (key, "title") == 0)
    g_free (self->title), self->title = g_strdup (value);
  else if (strcmp (key, "page-numbers") == 0)
    {
      if (strcmp (value, "standard") == 0)
        self->page_numbers = TJ_DOC_PAGE_NUMBERS_STANDARD;
      else if (strcmp (value, "of-total") == 0)
        self->page_numbers = TJ_DOC_PAGE_NUMBERS_OF_TOTAL;
      else
        return parse_error (p, error, _("@page-numbers is “standard” or “of-total”, not “%s”."),
                            value);
    }
  else if (strcmp (key, "every-page") == 0)
    {
      if (!check_text (p, value, error))
        return FALSE;
      g_free (self->every_page), self->every_page = g_strdup (value);
    }
  else
    return parse_error (p, error, _("unknown header “@%s” (known: @format, @kind, @title, "
                                    "@page-numbers, @every-page)."), key);
  return TRUE;
}

static gboolean
parse_directive (TjDocTemplate *self, Parser *p, const char *line, GError **error)
{
  const char *close = strchr (line, ']');
  g_autofree char *inside = NULL;
  g_auto(GStrv) words = NULL;
  const char *rest;
  const char *word;
  GPtrArray *into = current_children (p, self->root);
  Node *node;

  if (close == NULL)
    return parse_error (p, error, _("“[” is not closed by “]”."));
  inside = g_strstrip (g_strndup (line + 1, close - line - 1));
  words = g_strsplit_set (inside, " \t", -1);
  word = words[0] != NULL ? words[0] : "";
  rest = close + 1;
  while (*rest == ' ' || *rest == '\t')
    rest++;

  if (strcmp (word, "end") == 0)
    {
      if (p->open->len == 0)
        return parse_error (p, error, _("[end] without an open [each], [if] or [table]."));
      g_ptr_array_set_size (p->open, p->open->len - 1);
      return TRUE;
    }
  if (strcmp (word, "else") == 0)
    {
      Node *top = p->open->len > 0 ? g_ptr_array_index (p->open, p->open->len - 1) : NULL;

      if (top == NULL || top->type != NODE_IF || top->otherwise != NULL)
        return parse_error (p, error, _("[else] belongs inside an [if] (once)."));
      top->otherwise = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
      return TRUE;
    }
  if (strcmp (word, "each") == 0)
    {
      if (words[1] == NULL || words[2] != NULL || tj_doc_schema_list (words[1]) == NULL)
        return parse_error (p, error, _("[each LIST] names one list; “%s” is not one."),
                            words[1] != NULL ? words[1] : "");
      node = node_new (NODE_EACH, p->line);
      node->name = g_strdup (words[1]);
      g_ptr_array_add (into, node);
      g_ptr_array_add (p->open, node);
      return TRUE;
    }
  if (strcmp (word, "if") == 0)
    {
      gboolean negate = words[1] != NULL && strcmp (words[1], "not") == 0;
      const char *name = words[1] != NULL ? words[negate ? 2 : 1] : NULL;

      if (name == NULL || words[negate ? 3 : 2] != NULL)
        return parse_error (p, error, _("[if NAME] or [if not NAME] tests one name."));
      if (!check_name (p, name, TRUE, error))
        return FALSE;
      node = node_new (NODE_IF, p->line);
      node->name = g_strdup (name);
      node->negate = negate;
      g_ptr_array_add (into, node);
      g_ptr_array_add (p->open, node);
      return TRUE;
    }
  if (strcmp (word, "table") == 0)
    {
      if (in_table (p))
        return parse_error (p, error, _("a [table] cannot be inside another."));
      node = node_new (NODE_TABLE, p->line);
      node->widths = g_array_new (FALSE, FALSE, sizeof (double));
      for (guint i = 1; words[i] != NULL; i++)
        {
          char *end = NULL;
          double w;

          if (*words[i] == '\0')
            continue;
          w = g_ascii_strtod (words[i], &end);
          if (end == words[i] || *end != '\0' || w <= 0 || w > 100)
            return parse_error (p, error, _("[table] takes column widths as positive numbers, "
                                            "not “%s”."), words[i]);
          g_array_append_val (node->widths, w);
        }
      if (node->widths->len == 0)
        {
          node_free (node);
          return parse_error (p, error, _("[table] needs the widths of its columns."));
        }
      g_ptr_array_add (into, node);
      g_ptr_array_add (p->open, node);
      return TRUE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (block_directives); i++)
    {
      TjDocBlockKind kind = block_directives[i].kind;
      gboolean row = kind == TJ_DOC_BLOCK_ROW || kind == TJ_DOC_BLOCK_HEAD_ROW;

      if (strcmp (word, block_directives[i].name) != 0)
        continue;
      if (words[1] != NULL)
        return parse_error (p, error, _("[%s] takes no arguments."), word);
      if (row != in_table (p))
        return parse_error (p, error, row ? _("[%s] belongs inside a [table].")
                                          : _("[%s] cannot be inside a [table]; use [row]."),
                            word);
      if (!check_text (p, rest, error))
        return FALSE;
      node = node_new (NODE_BLOCK, p->line);
      node->kind = kind;
      if (row)
        {
          Node *table = NULL;

          for (guint j = 0; j < p->open->len; j++)
            if (((Node *) g_ptr_array_index (p->open, j))->type == NODE_TABLE)
              table = g_ptr_array_index (p->open, j);
          node->cells = g_strsplit (rest, "|", -1);
          if (g_strv_length (node->cells) != table->widths->len)
            {
              guint n = g_strv_length (node->cells);

              node_free (node);
              return parse_error (p, error, _("the row has %u cells, the table %u columns."),
                                  n, table->widths->len);
            }
          for (guint j = 0; node->cells[j] != NULL; j++)
            g_strstrip (node->cells[j]);
          node->widths = g_array_ref (table->widths);
        }
      else if (kind == TJ_DOC_BLOCK_SIGN || kind == TJ_DOC_BLOCK_SEAL)
        {
          const char *bar = strchr (rest, '|');

          node->text = g_strstrip (bar != NULL ? g_strndup (rest, bar - rest) : g_strdup (rest));
          node->text2 = g_strstrip (g_strdup (bar != NULL ? bar + 1 : ""));
        }
      else
        node->text = g_strdup (rest);
      g_ptr_array_add (into, node);
      return TRUE;
    }
  return parse_error (p, error, _("unknown directive “[%s]”."), word);
}

TjDocTemplate *
tj_doc_template_parse (const char *text, gssize length, const char *filename, GError **error)
{
  g_autoptr(TjDocTemplate) self = g_object_new (TJ_TYPE_DOC_TEMPLATE, NULL);
  g_autoptr(GPtrArray) open = g_ptr_array_new ();
  g_autofree char *copy = NULL;
  g_auto(GStrv) lines = NULL;
  Parser p = { filename != NULL ? filename : "template", 0, open };

  g_return_val_if_fail (text != NULL, NULL);

  if (length < 0)
    length = strlen (text);
  if (!g_utf8_validate (text, length, NULL))
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_TEMPLATE,
                   _("%s: the template is not UTF-8 text."), p.filename);
      return NULL;
    }
  self->source = g_strdup (p.filename);
  copy = g_strndup (text, length);
  lines = g_strsplit (copy, "\n", -1);

  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_autoptr(GString) logical = g_string_new (NULL);
      char *line;

      p.line = i + 1;
      /* A line ending in a backslash goes on in the next one. */
      for (;;)
        {
          gsize n;

          g_strchomp (lines[i]);
          n = strlen (lines[i]);
          if (n > 0 && lines[i][n - 1] == '\\' && lines[i + 1] != NULL)
            {
              g_string_append_len (logical, lines[i], n - 1);
              i++;
              g_strchug (lines[i]);
              continue;
            }
          g_string_append (logical, lines[i]);
          break;
        }
      line = g_strchug (logical->str);
      if (*line == '\0' || *line == '#')
        continue;
      if (*line == '@')
        {
          if (!parse_header (self, &p, line, error))
            return NULL;
        }
      else if (*line == '[')
        {
          if (!parse_directive (self, &p, line, error))
            return NULL;
        }
      else
        return parse_error (&p, error, _("a line starts with a directive such as [para], "
                                         "a header such as @kind, or # for a comment.")),
               NULL;
    }

  if (open->len > 0)
    {
      Node *node = g_ptr_array_index (open, open->len - 1);

      p.line = node->line;
      return parse_error (&p, error, _("this block is not closed by [end].")), NULL;
    }
  if (self->kind == NULL)
    {
      p.line = 1;
      return parse_error (&p, error, _("the template does not say its @kind.")), NULL;
    }
  return g_steal_pointer (&self);
}

static TjDocTemplate *
load_file (const char *path, GError **error)
{
  g_autofree char *contents = NULL;
  gsize length;

  if (!g_file_get_contents (path, &contents, &length, error))
    return NULL;
  return tj_doc_template_parse (contents, length, path, error);
}

static gboolean
valid_kind_name (const char *kind)
{
  if (kind == NULL || *kind == '\0')
    return FALSE;
  for (const char *p = kind; *p != '\0'; p++)
    if (!g_ascii_isalnum (*p) && *p != '_')
      return FALSE;
  return TRUE;
}

TjDocTemplate *
tj_doc_template_load (const char *kind, const char *dir, GError **error)
{
  g_autoptr(GPtrArray) dirs = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *file_name = NULL;
  g_autofree char *resource = NULL;
  g_autoptr(GBytes) bytes = NULL;
  const char *env = g_getenv ("TJ_DOCUMENTS_DIR");
  const char * const *system_dirs = g_get_system_data_dirs ();
  TjDocTemplate *template;

  if (!valid_kind_name (kind))
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_KIND, _("No document kind “%s”."),
                   kind != NULL ? kind : "");
      return NULL;
    }
  file_name = g_strconcat (kind, ".tjt", NULL);
  if (dir != NULL)
    g_ptr_array_add (dirs, g_strdup (dir));
  if (env != NULL && *env != '\0')
    g_ptr_array_add (dirs, g_strdup (env));
  g_ptr_array_add (dirs, g_build_filename (g_get_user_data_dir (), "tiaojie", "documents", NULL));
  for (guint i = 0; system_dirs[i] != NULL; i++)
    g_ptr_array_add (dirs, g_build_filename (system_dirs[i], "tiaojie", "documents", NULL));

  for (guint i = 0; i < dirs->len; i++)
    {
      g_autofree char *path = g_build_filename (g_ptr_array_index (dirs, i), file_name, NULL);

      if (!g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      template = load_file (path, error);
      if (template != NULL && g_strcmp0 (template->kind, kind) != 0)
        {
          g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_TEMPLATE,
                       _("%s:1: the file is named for “%s” but says @kind %s."),
                       path, kind, template->kind);
          g_clear_object (&template);
        }
      return template;
    }

  resource = g_strconcat (RESOURCE_DIR, file_name, NULL);
  bytes = g_resources_lookup_data (resource, G_RESOURCE_LOOKUP_FLAGS_NONE, NULL);
  if (bytes == NULL)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_KIND, _("No template for document kind “%s”."),
                   kind);
      return NULL;
    }
  {
    g_autofree char *name = g_strconcat ("resource://", resource, NULL);

    return tj_doc_template_parse (g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes),
                                  name, error);
  }
}

const char *
tj_doc_template_get_kind (TjDocTemplate *self)
{
  g_return_val_if_fail (TJ_IS_DOC_TEMPLATE (self), NULL);
  return self->kind;
}

const char *
tj_doc_template_get_title (TjDocTemplate *self)
{
  g_return_val_if_fail (TJ_IS_DOC_TEMPLATE (self), NULL);
  return self->title != NULL ? self->title : self->kind;
}

const char *
tj_doc_template_get_source (TjDocTemplate *self)
{
  g_return_val_if_fail (TJ_IS_DOC_TEMPLATE (self), NULL);
  return self->source;
}

TjDocPageNumbers
tj_doc_template_get_page_numbers (TjDocTemplate *self)
{
  g_return_val_if_fail (TJ_IS_DOC_TEMPLATE (self), TJ_DOC_PAGE_NUMBERS_STANDARD);
  return self->page_numbers;
}

/* Expansion */

typedef struct {
  const char       *item;
  const TjDocScope *scope;
} Binding;

static const char *
lookup (const TjDocScope *data, GArray *bindings, const char *name)
{
  const char *dot = strchr (name, '.');

  if (dot != NULL)
    for (guint i = bindings->len; i > 0; i--)
      {
        Binding *b = &g_array_index (bindings, Binding, i - 1);

        if (strncmp (b->item, name, dot - name) == 0 && b->item[dot - name] == '\0')
          return tj_doc_scope_get (b->scope, dot + 1);
      }
  return tj_doc_scope_get (data, name);
}

static char *
substitute (const char *text, const TjDocScope *data, GArray *bindings)
{
  GString *out = g_string_new (NULL);
  const char *s = text;
  const char *open;

  if (text == NULL)
    return NULL;
  while ((open = strstr (s, "{{")) != NULL)
    {
      const char *close = strstr (open + 2, "}}");
      g_autofree char *name = g_strstrip (g_strndup (open + 2, close - open - 2));
      const char *value = lookup (data, bindings, name);

      g_string_append_len (out, s, open - s);
      if (value != NULL)
        g_string_append (out, value);
      s = close + 2;
    }
  g_string_append (out, s);
  return g_string_free (out, FALSE);
}

static gboolean
condition_holds (const Node *node, const TjDocScope *data, GArray *bindings)
{
  GPtrArray *list = strchr (node->name, '.') == NULL ? tj_doc_scope_get_list (data, node->name)
                                                    : NULL;
  gboolean holds;

  if (strchr (node->name, '.') == NULL)
    holds = list != NULL && list->len > 0;
  else
    {
      const char *value = lookup (data, bindings, node->name);

      holds = value != NULL && *value != '\0' && strcmp (value, "0") != 0;
    }
  return node->negate ? !holds : holds;
}

static void
expand (GPtrArray *nodes, const TjDocScope *data, GArray *bindings, GPtrArray *out)
{
  for (guint i = 0; i < nodes->len; i++)
    {
      Node *node = g_ptr_array_index (nodes, i);

      switch (node->type)
        {
        case NODE_BLOCK:
          {
            TjDocBlock *block = g_new0 (TjDocBlock, 1);

            block->kind = node->kind;
            block->text = substitute (node->text != NULL ? node->text : "", data, bindings);
            block->text2 = substitute (node->text2, data, bindings);
            if (node->cells != NULL)
              {
                guint n = g_strv_length (node->cells);

                block->cells = g_new0 (char *, n + 1);
                for (guint j = 0; j < n; j++)
                  block->cells[j] = substitute (node->cells[j], data, bindings);
                block->widths = g_array_ref (node->widths);
              }
            g_ptr_array_add (out, block);
          }
          break;
        case NODE_EACH:
          {
            GPtrArray *items = tj_doc_scope_get_list (data, node->name);
            const TjDocListSchema *list = tj_doc_schema_list (node->name);

            for (guint j = 0; items != NULL && j < items->len; j++)
              {
                Binding b = { list->item, g_ptr_array_index (items, j) };

                g_array_append_val (bindings, b);
                expand (node->children, data, bindings, out);
                g_array_set_size (bindings, bindings->len - 1);
              }
          }
          break;
        case NODE_IF:
          if (condition_holds (node, data, bindings))
            expand (node->children, data, bindings, out);
          else if (node->otherwise != NULL)
            expand (node->otherwise, data, bindings, out);
          break;
        case NODE_TABLE:
          expand (node->children, data, bindings, out);
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

GPtrArray *
tj_doc_template_expand (TjDocTemplate *self, const TjDocScope *data, char **every_page)
{
  g_autoptr(GArray) bindings = g_array_new (FALSE, FALSE, sizeof (Binding));
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_doc_block_free);

  g_return_val_if_fail (TJ_IS_DOC_TEMPLATE (self), NULL);
  g_return_val_if_fail (data != NULL, NULL);

  expand (self->root, data, bindings, out);
  if (every_page != NULL)
    *every_page = substitute (self->every_page, data, bindings);
  return out;
}

static void
tj_doc_template_finalize (GObject *object)
{
  TjDocTemplate *self = TJ_DOC_TEMPLATE (object);

  g_free (self->kind);
  g_free (self->title);
  g_free (self->source);
  g_free (self->every_page);
  g_ptr_array_unref (self->root);
  G_OBJECT_CLASS (tj_doc_template_parent_class)->finalize (object);
}

static void
tj_doc_template_class_init (TjDocTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = tj_doc_template_finalize;
}

static void
tj_doc_template_init (TjDocTemplate *self)
{
  self->root = g_ptr_array_new_with_free_func ((GDestroyNotify) node_free);
}
