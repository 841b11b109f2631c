/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-documents.h"
#include "tj-server-directory-private.h"
#include "tj-doc.h"
#include "tj-protocol.h"
#include "tj-server-sql.h"

/* Final documents on the server: records of type "document" that the replica which
 * rendered one pushes once (tj-doc.c), after the PDF's bytes (tj-server-blobs.c). The
 * push checks what spans records here: a case's document belongs to a case of its own
 * organisation and names that case's number, a month's document to no case; a
 * verification code is used once; an organisation submits one report per month, and only
 * a report names a CSV (its figures as submitted, a blob like the PDF).
 *
 * POST /v1/documents/verify takes a PDF and says whether it is a recorded final
 * document: by its hash (recorded), or by the code it carries when its bytes differ
 * (tampered). A document outside the caller's jurisdiction is unknown to the caller, as
 * if it did not exist. */

/* Are `ref` YYYY-MM? (The replica checks the month's range when it renders.) */
static gboolean
is_month (const char *ref)
{
  return ref != NULL && strlen (ref) == 7 && ref[4] == '-' && g_ascii_isdigit (ref[0]) &&
         g_ascii_isdigit (ref[1]) && g_ascii_isdigit (ref[2]) && g_ascii_isdigit (ref[3]) &&
         g_ascii_isdigit (ref[5]) && g_ascii_isdigit (ref[6]) &&
         ((ref[5] == '0' && ref[6] != '0') || (ref[5] == '1' && ref[6] <= '2'));
}

/* The verification code of another document record matching the statement (bound to ?1,
 * the record's id as ?2 and, when given, an organisation as ?3), or NULL. */
static char *
other_document (TjServerStore *store, const char *sqlite_sql, const char *pg_sql,
                const char *value, const TjUuid *id, const TjUuid *org, GError **error)
{
  TjServerStmt *stmt = tj_server_store_prepare_sql (store, sqlite_sql, pg_sql, error);
  char *code = NULL;

  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_text (stmt, 1, value);
  tj_server_stmt_bind_blob (stmt, 2, id->bytes, 16);
  if (org != NULL)
    tj_server_stmt_bind_blob (stmt, 3, org->bytes, 16);
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    code = g_strdup (tj_server_stmt_column_text (stmt, 0));
  tj_server_stmt_reset (stmt);
  return code;
}

static gboolean
reject (const char **field, char **reason, const char *name, char *why)
{
  *field = name;
  /* Translators: a field name, then the rule it breaks */
  *reason = g_strdup_printf (_("%s: %s"), name, why);
  g_free (why);
  return TRUE;
}

/* A case's document: its case is here, of the document's organisation, with its number. */
static gboolean
check_case (TjSyncTxn *txn, TjServerRecord *rec, const char **field, char **reason,
            GError **error)
{
  const char *text = tj_protocol_get_string (rec->doc, "case_id");
  const char *number = tj_protocol_get_string (rec->doc, "number");
  g_autoptr(TjServerRecord) c = NULL;
  g_autoptr(GError) local = NULL;
  TjUuid case_id;

  if (text == NULL || !tj_uuid_parse (text, &case_id))
    return reject (field, reason, "case_id", g_strdup (_("a case's document needs its case")));
  c = tj_server_records_load (txn->store, &case_id, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (c == NULL || c->deleted || strcmp (c->type, "case") != 0)
    return reject (field, reason, "case_id", g_strdup (_("there is no such case on the server")));
  if (!tj_uuid_equal (&c->org_id, &rec->org_id))
    return reject (field, reason, "case_id",
                   g_strdup (_("the case belongs to another organisation than the "
                               "document (org_id)")));
  if (g_strcmp0 (number, tj_protocol_get_string (c->doc, "case_no")) != 0)
    return reject (field, reason, "number",
                   /* Translators: a case number */
                   g_strdup_printf (_("the document of case %s must carry its case number"),
                                    tj_protocol_get_string (c->doc, "case_no")));
  return TRUE;
}

gboolean
tj_server_documents_check (TjSyncTxn *txn, TjServerRecord *rec, const char **field,
                           char **reason, GError **error)
{
  const TjDocKind *kind = tj_doc_kind_lookup (tj_protocol_get_string (rec->doc, "kind"), NULL);
  const char *code = tj_protocol_get_string (rec->doc, "verification");
  const char *ref = tj_protocol_get_string (rec->doc, "ref");
  g_autoptr(GError) local = NULL;
  g_autofree char *other = NULL;

  *reason = NULL;
  g_assert (kind != NULL && code != NULL);
  if (tj_protocol_get_string (rec->doc, "csv_sha256") != NULL &&
      strcmp (kind->key, "monthly_stats") != 0)
    return reject (field, reason, "csv_sha256",
                   g_strdup (_("only a submitted monthly report keeps a CSV")));
  if (kind->scope == TJ_DOC_SCOPE_CASE)
    {
      if (!check_case (txn, rec, field, reason, error))
        return FALSE;
      if (*reason != NULL)
        return TRUE;
    }
  else if (tj_protocol_get_string (rec->doc, "case_id") != NULL)
    return reject (field, reason, "case_id",
                   g_strdup (_("a month's document belongs to no case")));
  else if (!is_month (ref))
    return reject (field, reason, "ref", g_strdup (_("a month's document names its month as "
                                                     "YYYY-MM")));

#define SAME_CODE(D) "SELECT " TJ_SQL_JSON (D, "doc", "verification") " FROM record " \
                     "WHERE " TJ_SQL_JSON (D, "doc", "verification") " = ?1 " \
                     "AND type = 'document' AND id <> ?2"
#define SAME_MONTH(D) "SELECT " TJ_SQL_JSON (D, "doc", "verification") " FROM record " \
                      "WHERE type = 'document' AND id <> ?2 AND org_id = ?3 " \
                      "AND " TJ_SQL_JSON (D, "doc", "kind") " = 'monthly_stats' " \
                      "AND " TJ_SQL_JSON (D, "doc", "ref") " = ?1"
  other = other_document (txn->store, TJ_SQL_BOTH (SAME_CODE), code, &rec->id, NULL, &local);
  if (other == NULL && local == NULL && strcmp (kind->key, "monthly_stats") == 0)
    {
      other = other_document (txn->store, TJ_SQL_BOTH (SAME_MONTH), ref, &rec->id,
                              &rec->org_id, &local);
      if (other != NULL)
        return reject (field, reason, "ref",
                       /* Translators: a month, then a verification code */
                       g_strdup_printf (_("the report for %s was already submitted (verification "
                                          "code %s); a submitted report is locked"), ref, other));
    }
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (other != NULL)
    return reject (field, reason, "verification",
                   g_strdup (_("this verification code is already recorded for another "
                               "document")));
  return TRUE;
}

/* The record (its doc and its organisation's name) whose `column` has this value, in the
 * caller's jurisdiction; the two queries keep the indexed expressions of schema 4. */
static JsonObject *
find_in_jurisdiction (TjServerStore *store, gboolean by_code, const char *value,
                      const TjServerOrg *caller, char **org_name, GError **error)
{
#define FIND(D, member) "SELECT r.doc, o.name FROM record r JOIN org o ON o.id = r.org_id " \
                        "WHERE " TJ_SQL_JSON (D, "r.doc", member) " = ?1 " \
                        "AND r.type = 'document' AND r.deleted = 0 " \
                        "AND substr (o.path, 1, length (?2)) = ?2 LIMIT 1"
#define BY_CODE(D) FIND (D, "verification")
#define BY_SHA256(D) FIND (D, "sha256")
  TjServerStmt *stmt = by_code ? tj_server_store_prepare_sql (store, TJ_SQL_BOTH (BY_CODE), error)
                               : tj_server_store_prepare_sql (store, TJ_SQL_BOTH (BY_SHA256),
                                                              error);
#undef BY_SHA256
#undef BY_CODE
#undef FIND
  g_autoptr(JsonNode) node = NULL;

  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_text (stmt, 1, value);
  tj_server_stmt_bind_text (stmt, 2, caller->path);
  if (tj_server_stmt_step (stmt, error) == TJ_SERVER_STEP_ROW)
    {
      const char *text = tj_server_stmt_column_text (stmt, 0);

      node = tj_protocol_parse_json (text, strlen (text), NULL);
      *org_name = g_strdup (tj_server_stmt_column_text (stmt, 1));
    }
  tj_server_stmt_reset (stmt);
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    return NULL;
  return json_object_ref (json_node_get_object (node));
}

void
tj_server_handle_document_verify (TjServer *server, TjRequest *req)
{
  TjServerStore *store = _tj_server_get_store (server);
  SoupMessageBody *body = soup_server_message_get_request_body (req->msg);
  g_autoptr(GBytes) pdf = soup_message_body_flatten (body);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonObject) doc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL, *code = NULL, *org = NULL;
  const char *verdict = "unknown";
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  gint64 rendered_at = 0;

  if (size < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      tj_request_fail (req, TJ_PROTOCOL_ERROR_INVALID_FIELD, "body",
                       _("The body must be the PDF file to verify."));
      return;
    }
  sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  doc = find_in_jurisdiction (store, FALSE, sha, req->org, &org, &error);
  if (doc != NULL)
    verdict = "recorded";
  else if (error == NULL && (code = tj_doc_find_code (pdf)) != NULL &&
           (doc = find_in_jurisdiction (store, TRUE, code, req->org, &org, &error)) != NULL)
    verdict = "tampered";
  if (error != NULL)
    {
      tj_request_fail_error (req, error, NULL);
      return;
    }

  json_builder_begin_object (b);
  _tj_directory_add_string (b, "verdict", verdict);
  _tj_directory_add_string (b, "sha256", sha);
  if (doc != NULL)
    {
      static const char * const members[] = { "kind", "number", "ref", "verification" };

      for (guint i = 0; i < G_N_ELEMENTS (members); i++)
        _tj_directory_add_string (b, strcmp (members[i], "verification") == 0 ? "code"
                                                                               : members[i],
                                  tj_protocol_get_string (doc, members[i]));
      _tj_directory_add_string (b, "case_no", tj_protocol_get_string (doc, "number"));
      _tj_directory_add_string (b, "org", org);
      _tj_directory_add_string (b, "recorded_sha256", tj_protocol_get_string (doc, "sha256"));
      tj_protocol_get_int (doc, "rendered_at", &rendered_at);
      json_builder_set_member_name (b, "rendered_at");
      json_builder_add_int_value (b, rendered_at);
    }
  json_builder_end_object (b);
  tj_request_reply (req, SOUP_STATUS_OK, b);
}
