/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-search.h"
#include "tj-store-private.h"

/* Fragment search. Chinese has no spaces, names are two or three characters, and people
 * type any piece of a name, an ID number or the facts. FTS5's trigram tokenizer cannot
 * find two-character fragments such as 张三, so the index holds n-grams of our own: one
 * token at each position of a run of non-separator characters,
 *
 *   - where three ASCII letters or digits start, the trigram: digit bigrams are too
 *     common to narrow a search of a million cases, trigrams are a thousand times rarer;
 *     in a stretch of 11 or more (phones, ID numbers, credit codes) also the 4-gram;
 *   - otherwise the bigram (so a stretch ends with its last bigram).
 *
 * An ASCII pair alone has no token of its own: such a search walks the newest cases and
 * checks each (tj-case-list.c), which is quick because a pair is common.
 * The index is contentless with detail=none (no positions), which keeps it small; a query
 * is the AND of grams of each term, and every candidate is then checked against the
 * case's text, so a hit really contains the fragment. */

#define MAX_GRAM_BYTES 16

G_DEFINE_QUARK (tj-search-error-quark, tj_search_error)

static gunichar
fold_char (gunichar c)
{
  if (c >= 0xff01 && c <= 0xff5e)
    c -= 0xfee0;
  else if (c == 0x3000)
    c = ' ';
  if (c < 0x80)
    c = g_ascii_tolower (c);
  return c;
}

static gboolean
is_separator (gunichar c)
{
  if (c < 0x80)
    return !g_ascii_isalnum (c);
  return g_unichar_isspace (c) || g_unichar_ispunct (c) ||
         (c >= 0x3000 && c <= 0x303f);
}

static inline gboolean
is_ascii_alnum (gunichar c)
{
  return c < 0x80 && g_ascii_isalnum (c);
}

char *
tj_search_fold (const char *text)
{
  GString *out;

  if (text == NULL)
    return NULL;
  out = g_string_sized_new (strlen (text));
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    g_string_append_unichar (out, fold_char (g_utf8_get_char (p)));
  return g_string_free (out, FALSE);
}

typedef struct {
  gunichar c;
  int      start;
  int      end;
} Char;

static int
emit_gram (const Char *chars, guint n, void *ctx,
           int (*token) (void *, int, const char *, int, int, int))
{
  char buf[MAX_GRAM_BYTES];
  int len = 0;

  for (guint i = 0; i < n; i++)
    len += g_unichar_to_utf8 (chars[i].c, buf + len);
  return token (ctx, 0, buf, len, chars[0].start, chars[n - 1].end);
}

/* An ASCII stretch this long or longer (a phone, an ID number, a credit code) is indexed
 * with 4-grams: digit trigrams of a million ID numbers are too common to narrow. */
#define LONG_STRETCH 11

static int
emit_run (const Char *run, guint n, void *ctx,
          int (*token) (void *, int, const char *, int, int, int))
{
  g_autofree guint *left = g_new (guint, n + 1);
  guint stretch = 0;
  int rc = SQLITE_OK;

  /* left[i]: ASCII letters and digits from i to the end of their stretch. */
  left[n] = 0;
  for (guint i = n; i-- > 0;)
    left[i] = is_ascii_alnum (run[i].c) ? left[i + 1] + 1 : 0;
  for (guint i = 0; i + 1 < n && rc == SQLITE_OK; i++)
    {
      if (left[i] > 0 && (i == 0 || left[i - 1] == 0))
        stretch = left[i];
      rc = emit_gram (run + i, left[i] >= 3 ? 3 : 2, ctx, token);
      if (rc == SQLITE_OK && left[i] >= 4 && stretch >= LONG_STRETCH)
        rc = emit_gram (run + i, 4, ctx, token);
    }
  return rc;
}

static int
ngram_create (void *ctx, const char **args, int n_args, Fts5Tokenizer **out)
{
  static int dummy;

  *out = (Fts5Tokenizer *) &dummy;
  return SQLITE_OK;
}

static void
ngram_delete (Fts5Tokenizer *tokenizer)
{
}

static int
ngram_tokenize (Fts5Tokenizer *tokenizer, void *ctx, int flags,
                const char *text, int length,
                int (*token) (void *, int, const char *, int, int, int))
{
  Char stack_chars[256];
  g_autofree Char *heap_chars = NULL;
  Char *chars = stack_chars;
  const char *end = text + length;
  guint n = 0, run_start = 0;
  int rc = SQLITE_OK;

  /* A query term arrives already cut into grams by tj_search_parse (): pass it through
   * folded, as a single token. */
  if (flags & FTS5_TOKENIZE_QUERY)
    {
      g_autofree char *raw = g_strndup (text, length);
      g_autofree char *folded = tj_search_fold (raw);
      return token (ctx, 0, folded, strlen (folded), 0, length);
    }

  if (length > (int) G_N_ELEMENTS (stack_chars))
    chars = heap_chars = g_new (Char, length);

  for (const char *p = text; p < end && rc == SQLITE_OK;)
    {
      gunichar c = g_utf8_get_char_validated (p, end - p);
      const char *next;

      if (c == (gunichar) -1 || c == (gunichar) -2)
        {
          /* Not UTF-8: treat the byte as a separator rather than fail the write. */
          next = p + 1;
          c = ' ';
        }
      else
        next = g_utf8_next_char (p);

      c = fold_char (c);
      if (is_separator (c))
        {
          rc = emit_run (chars + run_start, n - run_start, ctx, token);
          run_start = n;
        }
      else
        {
          chars[n].c = c;
          chars[n].start = p - text;
          chars[n].end = next - text;
          n++;
        }
      p = next;
    }
  if (rc == SQLITE_OK)
    rc = emit_run (chars + run_start, n - run_start, ctx, token);
  return rc;
}

static void
fold_sql (sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
  const char *text = (const char *) sqlite3_value_text (argv[0]);

  if (text == NULL)
    sqlite3_result_null (ctx);
  else
    sqlite3_result_text (ctx, tj_search_fold (text), -1, g_free);
}

gboolean
_tj_search_register (sqlite3 *db, GError **error)
{
  static fts5_tokenizer ngram = { ngram_create, ngram_delete, ngram_tokenize };
  fts5_api *api = NULL;
  sqlite3_stmt *stmt;

  if (sqlite3_prepare_v2 (db, "SELECT fts5(?1)", -1, &stmt, NULL) != SQLITE_OK)
    goto fail;
  sqlite3_bind_pointer (stmt, 1, &api, "fts5_api_ptr", NULL);
  sqlite3_step (stmt);
  sqlite3_finalize (stmt);
  if (api == NULL || api->iVersion < 2)
    goto fail;
  if (api->xCreateTokenizer (api, "tj_ngram", NULL, &ngram, NULL) != SQLITE_OK)
    goto fail;
  if (sqlite3_create_function (db, "tj_fold", 1,
                               SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
                               NULL, fold_sql, NULL, NULL) != SQLITE_OK)
    goto fail;
  return TRUE;

fail:
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_SQLITE,
               "SQLite has no FTS5: %s", sqlite3_errmsg (db));
  return FALSE;
}

static char *
gram (const gunichar *chars, guint len, gboolean prefix)
{
  GString *s = g_string_new ("\"");

  for (guint j = 0; j < len; j++)
    g_string_append_unichar (s, chars[j]);
  g_string_append (s, prefix ? "\"*" : "\"");
  return g_string_free (s, FALSE);
}

/* Grams of length `g` over a piece: every one, or a cover without overlap whose last gram
 * is aligned to the end. */
static char *
cover (const gunichar *chars, guint len, guint g, gboolean all)
{
  g_autoptr(GPtrArray) grams = g_ptr_array_new_with_free_func (g_free);

  for (guint k = 0; k + g <= len; k += all ? 1 : g)
    g_ptr_array_add (grams, gram (chars + k, g, FALSE));
  if (!all && len % g != 0)
    g_ptr_array_add (grams, gram (chars + len - g, g, FALSE));
  g_ptr_array_add (grams, NULL);
  return g_strjoinv (" AND ", (char **) grams->pdata);
}

/* The condition for an ASCII piece of a term: its trigrams, which every stretch has, or
 * for a piece of 11 or more its 4-grams, which only long stretches have and which are
 * far rarer. A pair has no exact token of its own (it may start a longer one) unless
 * Chinese characters bound it on both sides: NULL, left to the check of each hit. */
static char *
ascii_piece (const gunichar *chars, guint len, gboolean bounded)
{
  if (len >= LONG_STRETCH)
    return cover (chars, len, 4, FALSE);
  if (len >= 3)
    return cover (chars, len, 3, len <= 8);
  return bounded ? gram (chars, 2, FALSE) : NULL;
}

/* Conditions of one folded query term; see the comment at the top of the file. Each is
 * met by any text containing the term. */
static void
term_grams (const gunichar *chars, guint n, GPtrArray *conditions)
{
  for (guint i = 0; i + 1 < n;)
    {
      guint ascii = 0;

      while (i + ascii < n && is_ascii_alnum (chars[i + ascii]))
        ascii++;
      if (ascii >= 2)
        {
          char *condition = ascii_piece (chars + i, ascii, i > 0 && i + ascii < n);

          if (condition != NULL)
            g_ptr_array_add (conditions, condition);
          i += ascii - 1;
        }
      else
        {
          g_ptr_array_add (conditions, gram (chars + i, 2, FALSE));
          i += 1;
        }
    }
}

gboolean
tj_search_parse (const char *text, char **fts_query, GStrv *terms, GError **error)
{
  g_autoptr(GPtrArray) conditions = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree gunichar *chars = NULL;
  g_autoptr(GString) term = g_string_new (NULL);
  glong n_chars = 0;
  guint n = 0, start = 0;

  g_return_val_if_fail (text != NULL, FALSE);

  chars = g_utf8_to_ucs4 (text, -1, NULL, &n_chars, NULL);
  if (chars == NULL)
    n_chars = 0;

  for (guint i = 0; i <= (guint) n_chars; i++)
    {
      gunichar c = i < (guint) n_chars ? fold_char (chars[i]) : ' ';

      if (!is_separator (c))
        {
          chars[n++] = c;
          continue;
        }
      if (n - start >= 2)
        {
          g_string_truncate (term, 0);
          for (guint j = start; j < n; j++)
            g_string_append_unichar (term, chars[j]);
          g_strv_builder_add (builder, term->str);
          term_grams (chars + start, n - start, conditions);
        }
      start = n;
    }

  *terms = g_strv_builder_end (builder);
  if ((*terms)[0] == NULL)
    {
      g_clear_pointer (terms, g_strfreev);
      g_set_error (error, TJ_SEARCH_ERROR, TJ_SEARCH_ERROR_TOO_SHORT,
                   _("Search: type at least two characters of a name, number or word."));
      return FALSE;
    }
  g_ptr_array_add (conditions, NULL);
  *fts_query = conditions->len > 1 ? g_strjoinv (" AND ", (char **) conditions->pdata) : NULL;
  return TRUE;
}

/* The one definition of what is searchable; the same SQL gives the text to insert and,
 * later, the text to delete, which a contentless index needs to be exact. */
#define CASE_TEXT_SQL \
  "SELECT c.case_no || char(10) || coalesce (c.facts, '') || char(10) ||" \
  "       coalesce (c.delegation_ref, '') || char(10) ||" \
  "       coalesce ((SELECT group_concat (p.name || ' ' || coalesce (p.id_number, '') || ' ' ||" \
  "                                       coalesce (p.phone, '') || ' ' ||" \
  "                                       coalesce (p.legal_rep, '') || ' ' ||" \
  "                                       coalesce ((SELECT group_concat (a.value ->> 'name', ' ')" \
  "                                                  FROM json_each (p.agents) a), ''), char(10))" \
  "                  FROM party p WHERE p.case_id = c.id), '')" \
  "  FROM \"case\" c WHERE c.cid = ?"

char *
_tj_search_case_text (TjStore *store, gint64 cid, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, CASE_TEXT_SQL, error);
  char *text = NULL;

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, cid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    text = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  else
    {
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND, "No case with cid %" G_GINT64_FORMAT, cid);
    }
  sqlite3_reset (stmt);
  return text;
}

/* Replace the indexed text of a case. old_text is what was indexed before the change
 * (NULL for a new case). */
gboolean
_tj_search_index (TjStore *store, gint64 cid, const char *old_text, GError **error)
{
  g_autofree char *text = NULL;
  sqlite3_stmt *stmt;

  if (old_text != NULL)
    {
      stmt = tj_store_prepare (store, "INSERT INTO case_search (case_search, rowid, text) "
                                      "VALUES ('delete', ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, cid);
      sqlite3_bind_text (stmt, 2, old_text, -1, SQLITE_STATIC);
      if (!tj_store_step_done (store, stmt, error))
        return FALSE;
    }

  text = _tj_search_case_text (store, cid, error);
  if (text == NULL)
    return FALSE;
  stmt = tj_store_prepare (store, "INSERT INTO case_search (rowid, text) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cid);
  sqlite3_bind_text (stmt, 2, text, -1, SQLITE_STATIC);
  return tj_store_step_done (store, stmt, error);
}

/* Every case up to this cid is in the index; later ones wait for the indexer. */
#define INDEXED_KEY "search_indexed_cid"

gint64
_tj_search_indexed_upto (TjStore *store)
{
  return tj_store_get_meta_int (store, INDEXED_KEY, 0);
}

gboolean
_tj_search_index_pending (TjStore *store, guint max, guint *n_indexed, GError **error)
{
  g_autoptr(GArray) cids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gint64 upto = _tj_search_indexed_upto (store);
  sqlite3_stmt *stmt;
  int rc;

  if (n_indexed != NULL)
    *n_indexed = 0;
  stmt = tj_store_prepare (store, "SELECT cid FROM \"case\" WHERE cid > ? ORDER BY cid LIMIT ?",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, upto);
  sqlite3_bind_int64 (stmt, 2, MIN (max, (guint) G_MAXINT));
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 cid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (cids, cid);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);
  if (cids->len == 0)
    return TRUE;
  for (guint i = 0; i < cids->len; i++)
    if (!_tj_search_index (store, g_array_index (cids, gint64, i), NULL, error))
      return FALSE;
  if (!tj_store_set_meta_int (store, INDEXED_KEY, g_array_index (cids, gint64, cids->len - 1),
                              error))
    return FALSE;
  if (n_indexed != NULL)
    *n_indexed = cids->len;
  return TRUE;
}

gboolean
_tj_search_rebuild (TjStore *store, GError **error)
{
  if (!tj_store_exec (store, "INSERT INTO case_search (case_search) VALUES ('delete-all')", error) ||
      !tj_store_set_meta_int (store, INDEXED_KEY, 0, error))
    return FALSE;
  return _tj_search_index_pending (store, G_MAXUINT, NULL, error);
}
