/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-doc.h"
#include "tj-protocol.h"
#include "tj-store-private.h"
#include "tj-sync-apply-doc.h"

static gboolean
uuid_member (JsonObject *doc, const char *name, TjUuid *out)
{
  const char *text = tj_protocol_get_string (doc, name);

  return text != NULL && tj_uuid_parse (text, out);
}

gboolean
_tj_sync_document_waits (TjStore *store, JsonObject *doc, TjUuid *case_id)
{
  sqlite3_stmt *stmt;
  gboolean here;

  if (!uuid_member (doc, "case_id", case_id))
    return FALSE;
  stmt = tj_store_prepare (store, "SELECT 1 FROM \"case\" WHERE id = ?", NULL);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, case_id->bytes, 16, SQLITE_TRANSIENT);
  here = sqlite3_step (stmt) == SQLITE_ROW;
  sqlite3_reset (stmt);
  return !here;
}

static gboolean
refuse (const char *field, const char *rule, GError **error)
{
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_CONSTRAINT,
               _("Received %s.%s: %s."), "document", field, rule);
  return FALSE;
}

/* The server checked the record; what is checked again here is what the table and
 * verification rely on. */
static gboolean
check (JsonObject *doc, TjUuid *org_id, GError **error)
{
  const char *sha = tj_protocol_get_string (doc, "sha256");
  const char *csv = tj_protocol_get_string (doc, "csv_sha256");
  gint64 rendered_at;

  if (!uuid_member (doc, "org_id", org_id))
    return refuse ("org_id", _("required"), error);
  if (tj_doc_kind_lookup (tj_protocol_get_string (doc, "kind"), NULL) == NULL)
    return refuse ("kind", _("not a kind of document"), error);
  if (sha == NULL || strlen (sha) != 64 || strspn (sha, "0123456789abcdef") != 64)
    return refuse ("sha256", _("64 lower-case hexadecimal digits are needed"), error);
  if (csv != NULL && (strlen (csv) != 64 || strspn (csv, "0123456789abcdef") != 64))
    return refuse ("csv_sha256", _("64 lower-case hexadecimal digits are needed"), error);
  if (!tj_doc_code_is_valid (tj_protocol_get_string (doc, "verification")))
    return refuse ("verification", _("not a verification code"), error);
  if (!tj_protocol_get_int (doc, "rendered_at", &rendered_at))
    return refuse ("rendered_at", _("required"), error);
  return TRUE;
}

gboolean
_tj_sync_apply_document (TjStore *store, const TjUuid *id, gint64 version, JsonObject *doc,
                         GError **error)
{
  TjUuid org_id, case_id;
  gint64 pages = 0, rendered_at = 0;
  sqlite3_stmt *stmt;

  if (!check (doc, &org_id, error))
    return FALSE;
  tj_protocol_get_int (doc, "pages", &pages);
  tj_protocol_get_int (doc, "rendered_at", &rendered_at);
  stmt = tj_store_prepare (store, "INSERT INTO document (id, case_id, org_id, kind, number, ref, "
                                  "sha256, verification, pages, rendered_at, version, "
                                  "csv_sha256) "
                                  "VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
                                  "ON CONFLICT (id) DO UPDATE SET version = excluded.version",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, id->bytes, 16, SQLITE_TRANSIENT);
  if (uuid_member (doc, "case_id", &case_id))
    sqlite3_bind_blob (stmt, 2, case_id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 3, org_id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, tj_protocol_get_string (doc, "kind"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 5, tj_protocol_get_string (doc, "number"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 6, tj_protocol_get_string (doc, "ref"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 7, tj_protocol_get_string (doc, "sha256"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 8, tj_protocol_get_string (doc, "verification"), -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 9, pages);
  sqlite3_bind_int64 (stmt, 10, rendered_at);
  sqlite3_bind_int64 (stmt, 11, version);
  sqlite3_bind_text (stmt, 12, tj_protocol_get_string (doc, "csv_sha256"), -1, SQLITE_TRANSIENT);
  return tj_store_step_done (store, stmt, error);
}
