/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "tj-case-documents.h"

static const TjDocKind *
kind_of (const char *key)
{
  const TjDocKind *kind = tj_doc_kind_lookup (key, NULL);

  g_assert (kind != NULL);
  return kind;
}

static void
offer (GArray *offers, const char *key, guint session)
{
  TjDocOffer o = { kind_of (key), session };

  g_array_append_val (offers, o);
}

static gboolean
has_agreement (TjState state)
{
  return state == TJ_STATE_AGREED || state == TJ_STATE_UNDER_REVIEW ||
         state == TJ_STATE_CONFIRMED || state == TJ_STATE_REVIEW_REFUSED;
}

GArray *
tj_case_documents_offered (const TjCase *c, guint n_sessions)
{
  GArray *offers = g_array_new (FALSE, FALSE, sizeof (TjDocOffer));

  g_return_val_if_fail (c != NULL, offers);

  /* The delegating body's letter opens a delegated case's file. */
  if (c->source != TJ_SOURCE_APPLICATION)
    offer (offers, "delegation", 0);
  offer (offers, "application", 0);
  if (c->state == TJ_STATE_REJECTED)
    offer (offers, "rejection", 0);
  else if (c->accepted_date != NULL)
    offer (offers, "acceptance", 0);
  for (guint i = 1; i <= n_sessions; i++)
    offer (offers, "session", i);
  if (has_agreement (c->state))
    offer (offers, "agreement", 0);
  /* 办案规则 Art. 74: the parties apply jointly once the agreement has taken effect. */
  if (c->state == TJ_STATE_AGREED || c->state == TJ_STATE_UNDER_REVIEW)
    offer (offers, "review_application", 0);
  if (c->state == TJ_STATE_FAILED || c->state == TJ_STATE_WITHDRAWN ||
      c->state == TJ_STATE_TRANSFERRED)
    offer (offers, "termination", 0);
  return offers;
}

GPtrArray *
tj_case_documents_recorded (TjCaseStore *store, const TjCase *c, GError **error)
{
  g_autoptr(GPtrArray) records = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_doc_record_free);
  TjStore *db;
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  db = tj_case_store_get_store (store);
  stmt = tj_store_prepare (db, "SELECT id, org_id, kind, number, coalesce (ref, number), sha256, "
                               "verification, coalesce (pages, 0), rendered_at "
                               "FROM document WHERE case_id = ? ORDER BY rendered_at, rowid",
                           error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, c->id.bytes, 16, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjDocRecord *r = g_new0 (TjDocRecord, 1);

      if (sqlite3_column_bytes (stmt, 0) == 16)
        memcpy (r->id.bytes, sqlite3_column_blob (stmt, 0), 16);
      if (sqlite3_column_bytes (stmt, 1) == 16)
        memcpy (r->org_id.bytes, sqlite3_column_blob (stmt, 1), 16);
      r->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      r->number = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      r->ref = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      r->sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 5));
      r->code = g_strdup ((const char *) sqlite3_column_text (stmt, 6));
      r->pages = (guint) sqlite3_column_int (stmt, 7);
      r->rendered_at = sqlite3_column_int64 (stmt, 8);
      g_ptr_array_add (records, r);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (db, error);
      return NULL;
    }
  return g_steal_pointer (&records);
}

TjDocRecord *
tj_case_documents_latest (GPtrArray *recorded, const char *kind)
{
  g_return_val_if_fail (kind != NULL, NULL);

  for (guint i = recorded != NULL ? recorded->len : 0; i > 0; i--)
    {
      TjDocRecord *r = g_ptr_array_index (recorded, i - 1);

      if (g_strcmp0 (r->kind, kind) == 0)
        return r;
    }
  return NULL;
}
