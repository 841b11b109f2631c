/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-list.h"
#include "tj-search.h"

void
tj_case_filter_init (TjCaseFilter *filter)
{
  memset (filter, 0, sizeof *filter);
  filter->state = -1;
}

void
tj_case_filter_copy (TjCaseFilter *dest, const TjCaseFilter *src)
{
  char *mediator = g_strdup (src->mediator);
  char *search = g_strdup (src->search);

  tj_case_filter_clear (dest);
  *dest = *src;
  dest->mediator = mediator;
  dest->search = search;
}

void
tj_case_filter_clear (TjCaseFilter *filter)
{
  g_free ((char *) filter->mediator);
  g_free ((char *) filter->search);
  tj_case_filter_init (filter);
}

void
tj_case_row_free (TjCaseRow *row)
{
  if (row == NULL)
    return;
  g_free (row->case_no);
  g_free (row->received);
  g_free (row->applicant);
  g_free (row->respondent);
  g_free (row->mediator);
  g_free (row->due);
  g_free (row->due_clock);
  g_free (row);
}

void
tj_case_cursor_clear (TjCaseCursor *cursor)
{
  g_clear_pointer (&cursor->key, g_free);
  cursor->valid = FALSE;
  cursor->cid = 0;
}

static const char *
order_column (TjCaseOrder order)
{
  switch (order)
    {
    case TJ_CASE_ORDER_DUE:
      return "c.due";
    case TJ_CASE_ORDER_NUMBER:
      return "c.case_no";
    case TJ_CASE_ORDER_RECEIVED:
    default:
      return "c.received";
    }
}

/* Received dates run newest first; deadlines and numbers ascend; `reverse` turns either. */
static gboolean
order_descends (const TjCaseFilter *filter)
{
  return (filter->order == TJ_CASE_ORDER_RECEIVED) != (filter->reverse != FALSE);
}

static TjCaseRow *
read_row (sqlite3_stmt *stmt, const char *today)
{
  TjCaseRow *row = g_new0 (TjCaseRow, 1);
  const char *state = (const char *) sqlite3_column_text (stmt, 3);
  guint value = 0;

  row->cid = sqlite3_column_int64 (stmt, 0);
  if (sqlite3_column_bytes (stmt, 1) == 16)
    memcpy (row->id.bytes, sqlite3_column_blob (stmt, 1), 16);
  row->case_no = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  tj_enum_lookup (&tj_enum_state, state, &value);
  row->state = value;
  row->received = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
  row->types = sqlite3_column_int64 (stmt, 5);
  row->due = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
  row->due_clock = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  row->due_provisional = sqlite3_column_int (stmt, 8);
  row->applicant = g_strdup ((const char *) sqlite3_column_text (stmt, 9));
  row->respondent = g_strdup ((const char *) sqlite3_column_text (stmt, 10));
  row->mediator = g_strdup ((const char *) sqlite3_column_text (stmt, 11));
  row->overdue = row->due != NULL && strcmp (row->due, today) < 0;
  return row;
}

#define ROW_COLUMNS \
  "c.cid, c.id, c.case_no, c.state, c.received, c.types, c.due, c.due_clock, " \
  "c.due_provisional, " \
  "(SELECT name FROM party p WHERE p.case_id = c.id AND p.side = 'applicant' " \
  " ORDER BY p.position LIMIT 1), " \
  "(SELECT name FROM party p WHERE p.case_id = c.id AND p.side = 'respondent' " \
  " ORDER BY p.position LIMIT 1), " \
  "(SELECT name FROM person WHERE person.id = c.mediator_id)"

static void
append_filters_but_types (GString *sql, const TjCaseFilter *filter)
{
  if (filter->mediator != NULL)
    g_string_append (sql, " AND c.mediator_id = :mediator");
  if (filter->overdue)
    g_string_append (sql, " AND c.due < :today");
}

static void
append_filters (GString *sql, const TjCaseFilter *filter)
{
  if (filter->state >= 0)
    g_string_append (sql, " AND c.state = :state");
  if (filter->types != 0)
    g_string_append (sql, " AND (c.types & :types) != 0");
  append_filters_but_types (sql, filter);
}

static gboolean
fetch_row (TjStore *store, gint64 cid, const char *today, GPtrArray *rows, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, "SELECT " ROW_COLUMNS " FROM \"case\" c "
                                                "WHERE c.cid = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, cid);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    g_ptr_array_add (rows, read_row (stmt, today));
  sqlite3_reset (stmt);
  return TRUE;
}


/* The keyset every sorted walk shares: rows after the cursor in (key, cid) order, then
 * that order, so that cursors of one plan serve another. */
static void
append_keyset (GString *sql, const char *column, gboolean desc, const TjCaseCursor *after)
{
  if (after != NULL && after->valid)
    g_string_append_printf (sql, " AND (%s, c.cid) %s (:after_key, :after_cid)",
                            column, desc ? "<" : ">");
  g_string_append_printf (sql, " ORDER BY %s %s, c.cid %s", column,
                          desc ? "DESC" : "ASC", desc ? "DESC" : "ASC");
}

static void
bind_keyset (sqlite3_stmt *stmt, const TjCaseCursor *after)
{
  if (after != NULL && after->valid)
    {
      sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":after_key"),
                         after->key, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_cid"), after->cid);
    }
}

static void
bind_filters (sqlite3_stmt *stmt, const TjCaseFilter *filter, const char *today,
              const TjUuid *mediator)
{
  int i;

  if ((i = sqlite3_bind_parameter_index (stmt, ":state")) > 0)
    sqlite3_bind_text (stmt, i, tj_enum_key (&tj_enum_state, filter->state), -1, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":types")) > 0)
    sqlite3_bind_int64 (stmt, i, filter->types);
  if ((i = sqlite3_bind_parameter_index (stmt, ":mediator")) > 0)
    sqlite3_bind_blob (stmt, i, mediator->bytes, 16, SQLITE_STATIC);
  if ((i = sqlite3_bind_parameter_index (stmt, ":today")) > 0)
    sqlite3_bind_text (stmt, i, today, -1, SQLITE_STATIC);
}

static gboolean
contains_all (const char *text, GStrv terms)
{
  g_autofree char *folded = tj_search_fold (text);

  for (guint i = 0; terms[i] != NULL; i++)
    if (strstr (folded, terms[i]) == NULL)
      return FALSE;
  return TRUE;
}

/* A term of two characters with a Chinese one is one bigram, and the index match is then
 * exact; a longer term, or a pair of ASCII ones (not in the query), is checked. */
static gboolean
needs_verification (GStrv terms)
{
  for (guint i = 0; terms[i] != NULL; i++)
    if (g_utf8_strlen (terms[i], -1) > 2 ||
        (g_ascii_isalnum (terms[i][0]) && g_ascii_isalnum (terms[i][1])))
      return TRUE;
  return FALSE;
}

/* One page of a search checks at most this many index candidates (about 10 µs each on a
 * million-case replica). A fragment whose grams are all common (a misremembered phrase)
 * can have hundreds of thousands; the page then ends early with a cursor to continue, so
 * no call holds the interface for long and the caller decides whether to go on. */
#define MAX_CANDIDATES_PER_PAGE 1000

static gboolean
search_page (TjCaseStore *self, const TjCaseFilter *filter, const TjCaseCursor *after,
             guint limit, const char *today, const TjUuid *mediator, GPtrArray *rows,
             TjCaseCursor *next, GError **error)
{
  TjStore *store = tj_case_store_get_store (self);
  g_autofree char *query = NULL;
  g_auto(GStrv) terms = NULL;
  g_autoptr(GString) sql = NULL;
  sqlite3_stmt *stmt;
  gboolean verify;
  gint64 last_cid = 0;
  guint examined = 0;
  int rc = SQLITE_DONE;

  if (!tj_search_parse (filter->search, &query, &terms, error))
    return FALSE;
  verify = query == NULL || needs_verification (terms);

  /* Newest registrations first: the index yields rowids in order, so a page stops early.
   * Without a gram to look up, every case is a candidate. */
  sql = g_string_new (query != NULL ? "SELECT s.rowid FROM case_search s "
                                      "JOIN \"case\" c ON c.cid = s.rowid "
                                      "WHERE case_search MATCH :query"
                                    : "SELECT c.cid FROM \"case\" c WHERE 1");
  append_filters (sql, filter);
  if (after != NULL && after->valid)
    g_string_append (sql, query != NULL ? " AND s.rowid < :after_cid" : " AND c.cid < :after_cid");
  g_string_append (sql, query != NULL ? " ORDER BY s.rowid DESC" : " ORDER BY c.cid DESC");

  stmt = tj_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  if (query != NULL)
    sqlite3_bind_text (stmt, sqlite3_bind_parameter_index (stmt, ":query"), query, -1,
                       SQLITE_STATIC);
  bind_filters (stmt, filter, today, mediator);
  if (after != NULL && after->valid)
    sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":after_cid"), after->cid);

  while (rows->len < limit && examined < MAX_CANDIDATES_PER_PAGE &&
         (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 cid = sqlite3_column_int64 (stmt, 0);

      last_cid = cid;
      examined++;
      /* Check the candidate before paying for its summary columns. */
      if (verify)
        {
          g_autofree char *text = _tj_search_case_text (store, cid, NULL);

          if (text == NULL || !contains_all (text, terms))
            continue;
        }
      if (!fetch_row (store, cid, today, rows, error))
        {
          sqlite3_reset (stmt);
          return FALSE;
        }
    }
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      sqlite3_reset (stmt);
      return tj_store_set_error_from_db (store, error);
    }
  /* More may follow after a full page, or when the work cap ended the page early. */
  if (rc == SQLITE_ROW && last_cid != 0)
    {
      next->valid = TRUE;
      next->cid = last_cid;
    }
  sqlite3_reset (stmt);
  return TRUE;
}

/* Filters that no index in the order of the list serves: a dispute type, overdue, a
 * mediator outside the received order. */
static gboolean
needs_probe (const TjCaseFilter *filter)
{
  return filter->types != 0 || filter->overdue ||
         (filter->mediator != NULL && filter->order != TJ_CASE_ORDER_RECEIVED) ||
         (filter->state >= 0 && filter->order == TJ_CASE_ORDER_DUE);
}

/* Walk the order's index for at most this many cases, checking the filters in C. A
 * common type or overdue state fills a page long before; a rare one is left to its own
 * index, whose matches are then few enough to sort. */
static guint max_probe_rows = 1500;

static gboolean
probe_page (TjCaseStore *self, const TjCaseFilter *filter, const TjCaseCursor *after,
            guint limit, guint max_rows, const char *today, const TjUuid *mediator,
            GPtrArray *rows, TjCaseCursor *next, gboolean *done, GError **error)
{
  TjStore *store = tj_case_store_get_store (self);
  const char *column = order_column (filter->order);
  gboolean desc = order_descends (filter);
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GArray) cids = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autofree char *last_key = NULL;
  /* A state has an index in received and in number order; in deadline order the walk
   * checks it (the deadline index covers it). */
  gboolean state_in_c = filter->state >= 0 && filter->order == TJ_CASE_ORDER_DUE;
  const char *state_key = filter->state >= 0 ? tj_enum_key (&tj_enum_state, filter->state) : NULL;
  sqlite3_stmt *stmt;
  guint examined = 0;
  int rc;

  /* Only what the filters need, so a covering index answers without the table. Every
   * filter but a state in received or number order (its index) is checked here in C, so that
   * each step returns a row and the walk's bound holds. */
  g_string_printf (sql, "SELECT c.cid, %s, c.types, c.due, %s, %s FROM \"case\" c WHERE 1",
                   column, filter->mediator != NULL ? "c.mediator_id" : "NULL",
                   state_in_c ? "c.state" : "NULL");
  if (filter->order == TJ_CASE_ORDER_DUE)
    g_string_append (sql, " AND c.due IS NOT NULL");
  if (filter->state >= 0 && !state_in_c)
    g_string_append (sql, " AND c.state = :state");
  append_keyset (sql, column, desc, after);
  stmt = tj_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filters (stmt, filter, today, mediator);
  bind_keyset (stmt, after);

  while (cids->len < limit && examined < max_rows &&
         (rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *due = (const char *) sqlite3_column_text (stmt, 3);
      gint64 cid;

      examined++;
      if ((filter->types != 0 && (sqlite3_column_int64 (stmt, 2) & filter->types) == 0) ||
          (filter->overdue && (due == NULL || strcmp (due, today) >= 0)) ||
          (filter->mediator != NULL &&
           (sqlite3_column_bytes (stmt, 4) != 16 ||
            memcmp (sqlite3_column_blob (stmt, 4), mediator->bytes, 16) != 0)) ||
          (state_in_c && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 5), state_key) != 0))
        continue;
      cid = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (cids, cid);
      g_free (last_key);
      last_key = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);

  /* Neither a full page nor the end of the list: the matches are sparse. */
  if (cids->len < limit && rc == SQLITE_ROW)
    {
      *done = FALSE;
      return TRUE;
    }
  for (guint i = 0; i < cids->len; i++)
    if (!fetch_row (store, g_array_index (cids, gint64, i), today, rows, error))
      return FALSE;
  if (cids->len == limit)
    {
      next->valid = TRUE;
      next->key = g_steal_pointer (&last_key);
      next->cid = g_array_index (cids, gint64, cids->len - 1);
    }
  *done = TRUE;
  return TRUE;
}

/* Sorting this many matches still fits a page's budget; more are walked to in the order's
 * index. The received and deadline indexes cover the filters, so walking them is cheap;
 * the number index does not, and there sorting more pays (matches often cluster at one
 * end of the numbers, far from where the walk starts). */
static gint64 max_sorted_matches = 10000;
static gint64 max_sorted_matches_uncovered = 20000;

static gint64
sort_limit (const TjCaseFilter *filter)
{
  return filter->order == TJ_CASE_ORDER_NUMBER ? max_sorted_matches_uncovered
                                               : max_sorted_matches;
}

void
_tj_case_list_set_limits (guint probe_rows, gint64 sorted_matches)
{
  max_probe_rows = probe_rows;
  max_sorted_matches = sorted_matches;
  max_sorted_matches_uncovered = sorted_matches * 2;
}

static gboolean
bounded_count (TjStore *store, const char *condition, const TjCaseFilter *filter,
               const char *today, const TjUuid *mediator, gint64 *count, GError **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT count(*) FROM (SELECT 1 FROM \"case\" c "
                                          "WHERE %s LIMIT %" G_GINT64_FORMAT ")", condition,
                                          sort_limit (filter));
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  bind_filters (stmt, filter, today, mediator);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return tj_store_set_error_from_db (store, error);
  return TRUE;
}

/* The distinct type sets of the replica that share a type with `types`, by a skip scan
 * of the type index (a few dozen seeks, not a scan of a million rows). */
static gboolean
matching_type_sets (TjStore *store, guint32 types, GArray **out, GError **error)
{
  sqlite3_stmt *stmt = tj_store_prepare (store,
    "WITH RECURSIVE t (v) AS ("
    "  SELECT min (types) FROM \"case\" "
    "  UNION ALL "
    "  SELECT (SELECT min (types) FROM \"case\" WHERE types > t.v) FROM t WHERE t.v IS NOT NULL) "
    "SELECT v FROM t WHERE v IS NOT NULL AND (v & ?) != 0", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  *out = g_array_new (FALSE, FALSE, sizeof (gint64));
  sqlite3_bind_int64 (stmt, 1, types);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (*out, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      g_clear_pointer (out, g_array_unref);
      return tj_store_set_error_from_db (store, error);
    }
  return TRUE;
}

gboolean
tj_case_list_page (TjCaseStore *self, const TjCaseFilter *filter, const TjCaseCursor *after,
                   guint limit, GPtrArray **rows, TjCaseCursor *next, GError **error)
{
  TjStore *store;
  g_autofree char *today = NULL;
  g_autoptr(GPtrArray) result = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_case_row_free);
  g_autoptr(GString) sql = NULL;
  const char *column;
  gboolean desc;
  sqlite3_stmt *stmt;
  TjUuid mediator = { { 0 } };
  g_autoptr(GArray) cids = g_array_new (FALSE, FALSE, sizeof (gint64));
  gboolean sparse;
  guint n = 0;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL && rows != NULL && next != NULL, FALSE);

  store = tj_case_store_get_store (self);
  today = tj_case_store_today (self);
  memset (next, 0, sizeof *next);
  limit = CLAMP (limit, 1, 10000);
  if (filter->mediator != NULL)
    tj_uuid_parse (filter->mediator, &mediator);

  if (filter->search != NULL && *filter->search != '\0')
    {
      /* Search sees every case: first index those registered or pulled since. */
      if (!tj_case_store_index_for_search (self, G_MAXUINT, NULL, error))
        return FALSE;
      if (!search_page (self, filter, after, limit, today, &mediator, result, next, error))
        return FALSE;
      *rows = g_steal_pointer (&result);
      return TRUE;
    }

  if (needs_probe (filter))
    {
      gboolean done = FALSE;

      if (!probe_page (self, filter, after, limit, max_probe_rows, today, &mediator, result,
                       next, &done, error))
        return FALSE;
      if (done)
        {
          *rows = g_steal_pointer (&result);
          return TRUE;
        }
      g_ptr_array_set_size (result, 0);
      tj_case_cursor_clear (next);
    }

  column = order_column (filter->order);
  desc = order_descends (filter);
  /* A sorted (sparse) plan selects ids and keys only: the summary columns of a few
   * thousand matches would be computed before the sort keeps fifty. */
  sparse = needs_probe (filter);
  sql = g_string_new (sparse ? "SELECT c.cid, " : "SELECT " ROW_COLUMNS ", ");
  g_string_append_printf (sql, "%s FROM \"case\" c WHERE 1", column);
  if (filter->order == TJ_CASE_ORDER_DUE)
    g_string_append (sql, " AND c.due IS NOT NULL");
  if (filter->state >= 0 && filter->order != TJ_CASE_ORDER_DUE)
    g_string_append (sql, " AND c.state = :state");
  if (needs_probe (filter))
    {
      /* The probe found the matches sparse near the cursor. Count, up to a bound, what
       * each filter's own index holds: if one holds few, it serves the page (and the few
       * are sorted); if all hold many, the matches are only locally sparse, and walking
       * the order's index on is cheaper than sorting them. */
      g_autoptr(GString) types_in = NULL;
      gint64 n_types = G_MAXINT64, n_overdue = G_MAXINT64, n_mediator = G_MAXINT64;
      gint64 n_state = G_MAXINT64, least;
      gboolean state_here = filter->state >= 0 && filter->order == TJ_CASE_ORDER_DUE;

      if (filter->types != 0)
        {
          g_autoptr(GArray) values = NULL;

          if (!matching_type_sets (store, filter->types, &values, error))
            return FALSE;
          if (values->len == 0)
            {
              *rows = g_steal_pointer (&result);
              return TRUE;
            }
          types_in = g_string_new ("c.types IN (");
          for (guint i = 0; i < values->len; i++)
            g_string_append_printf (types_in, "%s%" G_GINT64_FORMAT, i ? "," : "",
                                    g_array_index (values, gint64, i));
          g_string_append (types_in, ")");
          if (!bounded_count (store, types_in->str, filter, today, &mediator, &n_types, error))
            return FALSE;
        }
      if (filter->overdue &&
          !bounded_count (store, "c.due < :today", filter, today, &mediator, &n_overdue, error))
        return FALSE;
      if (filter->mediator != NULL &&
          !bounded_count (store, "c.mediator_id = :mediator", filter, today, &mediator, &n_mediator,
                          error))
        return FALSE;
      if (state_here &&
          !bounded_count (store, "c.state = :state", filter, today, &mediator, &n_state, error))
        return FALSE;
      least = MIN (MIN (n_types, n_state), MIN (n_overdue, n_mediator));
      if (least >= sort_limit (filter))
        {
          gboolean done = FALSE;

          if (!probe_page (self, filter, after, limit, G_MAXUINT, today, &mediator, result,
                           next, &done, error))
            return FALSE;
          g_assert (done);
          *rows = g_steal_pointer (&result);
          return TRUE;
        }
      /* That filter's index, and no other. */
      g_string_replace (sql, "FROM \"case\" c WHERE", n_types == least ? "FROM \"case\" c INDEXED BY case_types WHERE" :
                        n_state == least ? "FROM \"case\" c INDEXED BY case_state WHERE" :
                        n_overdue == least ? "FROM \"case\" c INDEXED BY case_due WHERE" :
                        "FROM \"case\" c INDEXED BY case_mediator WHERE", 1);
      if (types_in != NULL)
        g_string_append_printf (sql, " AND %s%s", n_types == least ? "" : "+", types_in->str);
      if (filter->overdue)
        g_string_append_printf (sql, " AND %sc.due < :today", n_overdue == least ? "" : "+");
      if (filter->mediator != NULL)
        g_string_append_printf (sql, " AND %sc.mediator_id = :mediator",
                                n_mediator == least ? "" : "+");
      if (state_here)
        g_string_append_printf (sql, " AND %sc.state = :state", n_state == least ? "" : "+");
    }
  else
    append_filters_but_types (sql, filter);
  append_keyset (sql, column, desc, after);
  g_string_append (sql, " LIMIT :limit");

  stmt = tj_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filters (stmt, filter, today, &mediator);
  bind_keyset (stmt, after);
  sqlite3_bind_int (stmt, sqlite3_bind_parameter_index (stmt, ":limit"), limit);

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 cid = sqlite3_column_int64 (stmt, 0);

      if (sparse)
        g_array_append_val (cids, cid);
      else
        g_ptr_array_add (result, read_row (stmt, today));
      if (++n == limit)
        {
          next->valid = TRUE;
          next->key = g_strdup ((const char *) sqlite3_column_text (stmt, sparse ? 1 : 12));
          next->cid = cid;
        }
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);
  for (guint i = 0; i < cids->len; i++)
    if (!fetch_row (store, g_array_index (cids, gint64, i), today, result, error))
      return FALSE;
  *rows = g_steal_pointer (&result);
  return TRUE;
}

static GString *
plain_selection (const TjCaseFilter *filter, const char *columns)
{
  GString *sql = g_string_new (NULL);

  g_string_printf (sql, "SELECT %s FROM \"case\" c WHERE 1", columns);
  if (filter->order == TJ_CASE_ORDER_DUE)
    g_string_append (sql, " AND c.due IS NOT NULL");
  append_filters (sql, filter);
  return sql;
}

gboolean
_tj_case_list_count_on (TjStore *store, const char *today, const TjCaseFilter *filter,
                        gint64 *count, GError **error)
{
  g_autoptr(GString) sql = NULL;
  TjUuid mediator = { { 0 } };
  sqlite3_stmt *stmt;
  int rc;

  if (filter->mediator != NULL)
    tj_uuid_parse (filter->mediator, &mediator);
  sql = plain_selection (filter, "count(*)");
  stmt = tj_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filters (stmt, filter, today, &mediator);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *count = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return tj_store_set_error_from_db (store, error);
  return TRUE;
}

gboolean
tj_case_list_count (TjCaseStore *self, const TjCaseFilter *filter, gint64 *count,
                    GError **error)
{
  g_autofree char *today = NULL;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL && count != NULL, FALSE);

  today = tj_case_store_today (self);
  return _tj_case_list_count_on (tj_case_store_get_store (self), today, filter, count, error);
}

gboolean
tj_case_list_skip (TjCaseStore *self, const TjCaseFilter *filter, const TjCaseCursor *after,
                   guint64 n, TjCaseCursor *next, GError **error)
{
  TjStore *store;
  g_autofree char *today = NULL;
  g_autofree char *columns = NULL;
  g_autoptr(GString) sql = NULL;
  const char *column;
  gboolean desc;
  TjUuid mediator = { { 0 } };
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (filter != NULL && next != NULL && n > 0, FALSE);

  store = tj_case_store_get_store (self);
  today = tj_case_store_today (self);
  memset (next, 0, sizeof *next);
  if (filter->mediator != NULL)
    tj_uuid_parse (filter->mediator, &mediator);
  column = order_column (filter->order);
  desc = order_descends (filter);
  /* The same keyset as tj_case_list_page, so its cursors and ours are interchangeable;
   * OFFSET walks the order's index only. */
  columns = g_strdup_printf ("%s, c.cid", column);
  sql = plain_selection (filter, columns);
  append_keyset (sql, column, desc, after);
  g_string_append (sql, " LIMIT 1 OFFSET :offset");
  stmt = tj_store_prepare (store, sql->str, error);
  if (stmt == NULL)
    return FALSE;
  bind_filters (stmt, filter, today, &mediator);
  bind_keyset (stmt, after);
  sqlite3_bind_int64 (stmt, sqlite3_bind_parameter_index (stmt, ":offset"), (sqlite3_int64) (n - 1));
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      next->valid = TRUE;
      next->key = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      next->cid = sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error_from_db (store, error);
  return TRUE;
}
