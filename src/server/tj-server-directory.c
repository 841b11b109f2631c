/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "tj-server-directory-private.h"
#include "tj-protocol.h"
#include "tj-uuid.h"
#include "tj-validate.h"

#define ORG_COLUMNS "id, parent_id, path, code, name, short_name, level, type, active"

void
tj_server_org_free (TjServerOrg *org)
{
  if (org == NULL)
    return;
  g_free (org->path);
  g_free (org->code);
  g_free (org->name);
  g_free (org->short_name);
  g_free (org);
}

gboolean
tj_server_org_contains (const TjServerOrg *root, const TjServerOrg *org)
{
  g_return_val_if_fail (root != NULL && org != NULL, FALSE);

  return g_str_has_prefix (org->path, root->path);
}

gint64
_tj_directory_now_ms (void)
{
  return g_get_real_time () / 1000;
}

void
_tj_directory_column_uuid (TjServerStmt *stmt, int column, TjUuid *out)
{
  gsize length;
  const guint8 *data = tj_server_stmt_column_blob (stmt, column, &length);

  memset (out, 0, sizeof *out);
  if (length == sizeof out->bytes)
    memcpy (out->bytes, data, sizeof out->bytes);
}

char *
_tj_directory_column_dup (TjServerStmt *stmt, int column)
{
  const char *text = tj_server_stmt_column_text (stmt, column);

  return text ? g_strdup (text) : NULL;
}

static TjServerOrg *
org_from_row (TjServerStmt *stmt)
{
  TjServerOrg *org = g_new0 (TjServerOrg, 1);
  guint v = 0;

  _tj_directory_column_uuid (stmt, 0, &org->id);
  _tj_directory_column_uuid (stmt, 1, &org->parent_id);
  org->path = _tj_directory_column_dup (stmt, 2);
  org->code = _tj_directory_column_dup (stmt, 3);
  org->name = _tj_directory_column_dup (stmt, 4);
  org->short_name = _tj_directory_column_dup (stmt, 5);
  tj_enum_lookup (&tj_enum_org_level, tj_server_stmt_column_text (stmt, 6), &v);
  org->level = v;
  v = 0;
  tj_enum_lookup (&tj_enum_org_type, tj_server_stmt_column_text (stmt, 7), &v);
  org->type = v;
  org->active = tj_server_stmt_column_int64 (stmt, 8) != 0;
  return org;
}

void
_tj_directory_set_not_found (GError **error, const char *what)
{
  g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_NOT_FOUND,
               /* Translators: "organisation" or "account", already translated */
               _("There is no such %s."), what);
}

TjServerOrg *
tj_directory_get_org (TjServerStore *store, const TjUuid *id, GError **error)
{
  TjServerStmt *stmt;
  TjServerOrg *org = NULL;
  TjServerStep step;

  stmt = tj_server_store_prepare (store, "SELECT " ORG_COLUMNS " FROM org WHERE id = ?", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, id->bytes, sizeof id->bytes);
  step = tj_server_stmt_step (stmt, error);
  if (step == TJ_SERVER_STEP_ROW)
    org = org_from_row (stmt);
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_DONE)
    _tj_directory_set_not_found (error, _("organisation"));
  return org;
}

GPtrArray *
tj_directory_list_orgs (TjServerStore *store, const TjServerOrg *root, GError **error)
{
  g_autoptr(GPtrArray) orgs = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_server_org_free);
  g_autofree char *upper = NULL;
  TjServerStmt *stmt;
  TjServerStep step;

  /* The subtree's paths all begin with the root's "/…/"; "0" sorts right after "/", so
   * they are the range ["/…/", "/…0"), and sorting by path puts parents first. */
  stmt = tj_server_store_prepare (store, "SELECT " ORG_COLUMNS " FROM org "
                                         "WHERE path >= ? AND path < ? ORDER BY path", error);
  if (stmt == NULL)
    return NULL;
  upper = g_strdup (root->path);
  upper[strlen (upper) - 1] = '0';
  tj_server_stmt_bind_text (stmt, 1, root->path);
  tj_server_stmt_bind_text (stmt, 2, upper);
  while ((step = tj_server_stmt_step (stmt, error)) == TJ_SERVER_STEP_ROW)
    g_ptr_array_add (orgs, org_from_row (stmt));
  tj_server_stmt_reset (stmt);
  if (step == TJ_SERVER_STEP_ERROR)
    return NULL;
  return g_steal_pointer (&orgs);
}

static gboolean
is_digits (const char *text, gsize length)
{
  return strlen (text) == length && strspn (text, "0123456789") == length;
}

gboolean
_tj_directory_check_text (const char *field, const char *label, const char *text,
                          guint max_chars, const char **bad_field, GError **error)
{
  g_autofree char *trimmed = text ? g_strstrip (g_strdup (text)) : NULL;

  if (trimmed == NULL || *trimmed == '\0' || g_utf8_strlen (text, -1) > max_chars)
    {
      *bad_field = field;
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   /* Translators: a field label, then a number of characters */
                   _("%s: from 1 to %u characters are needed."), label, max_chars);
      return FALSE;
    }
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    if (g_unichar_iscntrl (g_utf8_get_char (p)))
      {
        *bad_field = field;
        g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                     _("%s: control characters are not allowed."), label);
        return FALSE;
      }
  return TRUE;
}

/* The code rule of each level against the parent's code (see the header). */
static gboolean
check_code (const TjServerOrgDraft *draft, const TjServerOrg *parent, const char **field,
            GError **error)
{
  const char *code = draft->code ? draft->code : "";
  gboolean ok = FALSE;

  switch (draft->level)
    {
    case TJ_ORG_LEVEL_PROVINCE:
      ok = is_digits (code, 6) && g_str_has_suffix (code, "0000") &&
           tj_region_province_known ((char[]) { code[0], code[1], 0 });
      break;
    case TJ_ORG_LEVEL_CITY:
      ok = is_digits (code, 6) && strncmp (code, parent->code, 2) == 0 &&
           g_str_has_suffix (code, "00") && strncmp (code + 2, "00", 2) != 0;
      break;
    case TJ_ORG_LEVEL_COUNTY:
      ok = is_digits (code, 6) && strncmp (code, parent->code, 4) == 0 &&
           strcmp (code + 4, "00") != 0;
      break;
    case TJ_ORG_LEVEL_TOWNSHIP:
      ok = is_digits (code, 9) && strncmp (code, parent->code, 6) == 0 &&
           strcmp (code + 6, "000") != 0;
      break;
    default:
      break;
    }
  if (!ok)
    {
      *field = "code";
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   /* Translators: the code given, the level, the parent's code */
                   _("Code: “%s” is not a %s code under %s (a province is NN0000, a city "
                     "NNNN00 within its province, a county NNNNNN within its city, a township "
                     "its county's six digits and three more)."),
                   code, tj_enum_label (&tj_enum_org_level, draft->level),
                   parent ? parent->code : "—");
    }
  return ok;
}

TjServerOrg *
tj_directory_insert_org (TjServerStore          *store,
                         const TjServerOrgDraft *draft,
                         const TjUuid           *created_by,
                         const char            **field,
                         GError                **error)
{
  g_autoptr(TjServerOrg) parent = NULL;
  g_autofree char *id_text = NULL, *path = NULL;
  TjOrgType type;
  TjServerStmt *stmt;
  TjUuid id;

  if (!tj_uuid_is_nil (&draft->parent_id))
    {
      parent = tj_directory_get_org (store, &draft->parent_id, error);
      if (parent == NULL)
        {
          *field = "parent_id";
          return NULL;
        }
      if (draft->level != parent->level + 1)
        {
          *field = "level";
          g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                       /* Translators: the level asked for, the parent's level */
                       _("Level: a %s cannot be placed under a %s; each level sits directly "
                         "under the one above (province, city, county, township)."),
                       tj_enum_label (&tj_enum_org_level, draft->level),
                       tj_enum_label (&tj_enum_org_level, parent->level));
          return NULL;
        }
    }
  else if (draft->level != TJ_ORG_LEVEL_PROVINCE)
    {
      *field = "parent_id";
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   _("Parent: only a province stands without a parent organisation."));
      return NULL;
    }
  if (!check_code (draft, parent, field, error) ||
      !_tj_directory_check_text ("name", _("Name"), draft->name, 100, field, error) ||
      (draft->short_name != NULL &&
       !_tj_directory_check_text ("short_name", _("Short name"), draft->short_name, 20, field,
                                  error)))
    return NULL;
  type = draft->type >= 0 ? (TjOrgType) draft->type
                          : draft->level == TJ_ORG_LEVEL_TOWNSHIP ? TJ_ORG_CENTRE
                                                                  : TJ_ORG_ARBITRATION;

  tj_uuid_v7_now (&id);
  id_text = tj_uuid_dup_string (&id);
  path = g_strconcat (parent ? parent->path : "/", id_text, "/", NULL);
  stmt = tj_server_store_prepare (store,
                                  "INSERT INTO org (id, parent_id, path, code, name, short_name, "
                                  "level, type, created_at, created_by) "
                                  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return NULL;
  tj_server_stmt_bind_blob (stmt, 1, id.bytes, sizeof id.bytes);
  if (parent != NULL)
    tj_server_stmt_bind_blob (stmt, 2, parent->id.bytes, sizeof parent->id.bytes);
  tj_server_stmt_bind_text (stmt, 3, path);
  tj_server_stmt_bind_text (stmt, 4, draft->code);
  tj_server_stmt_bind_text (stmt, 5, draft->name);
  if (draft->short_name != NULL)
    tj_server_stmt_bind_text (stmt, 6, draft->short_name);
  tj_server_stmt_bind_text (stmt, 7, tj_enum_key (&tj_enum_org_level, draft->level));
  tj_server_stmt_bind_text (stmt, 8, tj_enum_key (&tj_enum_org_type, type));
  tj_server_stmt_bind_int64 (stmt, 9, _tj_directory_now_ms ());
  if (created_by != NULL)
    tj_server_stmt_bind_blob (stmt, 10, created_by->bytes, sizeof created_by->bytes);
  if (!tj_server_store_step_done (store, stmt, error))
    {
      if (g_error_matches (*error, TJ_SERVER_STORE_ERROR, TJ_SERVER_STORE_ERROR_CONSTRAINT))
        {
          g_clear_error (error);
          *field = "code";
          g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_CONFLICT,
                       /* Translators: an organisation code */
                       _("Code: an organisation of this type with code %s exists already."),
                       draft->code);
        }
      return NULL;
    }
  return tj_directory_get_org (store, &id, error);
}

gboolean
_tj_directory_require_inside (const TjServerOrg *actor_org, const TjServerOrg *org,
                              GError **error)
{
  if (tj_server_org_contains (actor_org, org))
    return TRUE;
  g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_FORBIDDEN,
               /* Translators: an organisation's name */
               _("%s is outside your jurisdiction."), org->name);
  return FALSE;
}

TjServerOrg *
tj_directory_create_org (TjServerStore          *store,
                         const TjServerAccount  *actor,
                         const TjServerOrg      *actor_org,
                         const TjServerOrgDraft *draft,
                         const char            **field,
                         GError                **error)
{
  g_autoptr(TjServerOrg) parent = NULL;

  if (actor->role != TJ_ROLE_SUPERVISOR && actor->role != TJ_ROLE_ADMINISTRATOR)
    {
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_FORBIDDEN,
                   _("Only supervisors and administrators create organisations."));
      return NULL;
    }
  if (tj_uuid_is_nil (&draft->parent_id))
    {
      *field = "parent_id";
      g_set_error (error, TJ_PROTOCOL_ERROR, TJ_PROTOCOL_ERROR_INVALID_FIELD,
                   _("Parent: name the organisation the new one belongs to."));
      return NULL;
    }
  /* The parent's place in the tree comes from this server's records, never from what the
   * request claims about it. */
  parent = tj_directory_get_org (store, &draft->parent_id, error);
  if (parent == NULL)
    {
      *field = "parent_id";
      return NULL;
    }
  if (!_tj_directory_require_inside (actor_org, parent, error))
    return NULL;
  return tj_directory_insert_org (store, draft, &actor->id, field, error);
}

void
_tj_directory_add_string (JsonBuilder *b, const char *name, const char *value)
{
  json_builder_set_member_name (b, name);
  if (value != NULL)
    json_builder_add_string_value (b, value);
  else
    json_builder_add_null_value (b);
}

void
_tj_directory_add_uuid (JsonBuilder *b, const char *name, const TjUuid *id)
{
  char text[TJ_UUID_STRING_LEN + 1];

  if (tj_uuid_is_nil (id))
    {
      _tj_directory_add_string (b, name, NULL);
      return;
    }
  tj_uuid_to_string (id, text);
  _tj_directory_add_string (b, name, text);
}

void
tj_server_org_to_json (JsonBuilder *b, const TjServerOrg *org)
{
  json_builder_begin_object (b);
  _tj_directory_add_uuid (b, "id", &org->id);
  _tj_directory_add_uuid (b, "parent_id", &org->parent_id);
  _tj_directory_add_string (b, "code", org->code);
  _tj_directory_add_string (b, "name", org->name);
  _tj_directory_add_string (b, "short_name", org->short_name);
  _tj_directory_add_string (b, "level", tj_enum_key (&tj_enum_org_level, org->level));
  _tj_directory_add_string (b, "type", tj_enum_key (&tj_enum_org_type, org->type));
  json_builder_set_member_name (b, "active");
  json_builder_add_boolean_value (b, org->active);
  json_builder_end_object (b);
}
