/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-validate.h"

/* Delegation (委派): a supervisor or administrator hands a case not yet in mediation to
 * another mediation organisation of its jurisdiction. The case's org_id is patched like
 * any field; the server moves the case with everything that hangs on it, so the old
 * centre's replicas drop it and the new centre's receive it (tj-server-move.c applies the
 * same rules). */

typedef struct {
  TjUuid     id;
  char      *name;
  TjOrgType  type;
} Target;

static void
target_clear (Target *t)
{
  g_clear_pointer (&t->name, g_free);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Target, target_clear)

/* ref: the organisation's id or its region code. */
static gboolean
find_target (TjStore *store, const char *ref, Target *t, GError **error)
{
  sqlite3_stmt *stmt;
  TjUuid id;
  guint type = TJ_ORG_CENTRE;
  int rc;

  stmt = tj_store_prepare (store, "SELECT id, name, type FROM organisation "
                                  "WHERE id = ? OR region_code = ? LIMIT 2", error);
  if (stmt == NULL)
    return FALSE;
  if (tj_uuid_parse (ref, &id))
    sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_TRANSIENT);
  else
    sqlite3_bind_null (stmt, 1);
  sqlite3_bind_text (stmt, 2, ref, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW && sqlite3_column_bytes (stmt, 0) == 16)
    {
      memcpy (t->id.bytes, sqlite3_column_blob (stmt, 0), 16);
      t->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      tj_enum_lookup (&tj_enum_org_type, (const char *) sqlite3_column_text (stmt, 2), &type);
      t->type = type;
      rc = sqlite3_step (stmt);
    }
  sqlite3_reset (stmt);
  if (t->name == NULL)
    {
      if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        return tj_store_set_error_from_db (store, error);
      g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
                   /* Translators: what the user typed for an organisation */
                   _("Organisation “%s”: no organisation of this replica has this id or "
                     "region code."), ref);
      return FALSE;
    }
  if (rc == SQLITE_ROW)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Organisation “%s”: several organisations have this region code; give "
                     "the id."), ref);
      return FALSE;
    }
  return TRUE;
}

/* Is `org` the replica's organisation or below it? */
static gboolean
in_jurisdiction (TjCaseStore *self, const TjUuid *org, gboolean *inside, GError **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = tj_store_prepare (self->store,
                           "WITH RECURSIVE up (id, parent_id) AS ("
                           "  SELECT id, parent_id FROM organisation WHERE id = ?1"
                           "  UNION ALL SELECT o.id, o.parent_id FROM organisation o, up"
                           "  WHERE o.id = up.parent_id)"
                           "SELECT 1 FROM up WHERE id = ?2", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_blob (stmt, 1, org->bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, self->org_id.bytes, 16, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return tj_store_set_error_from_db (self->store, error);
  *inside = rc == SQLITE_ROW;
  return TRUE;
}

static gboolean
check_role (TjCaseStore *self, const TjCase *c, GError **error)
{
  if (self->roles & (TJ_ROLE_BIT (TJ_ROLE_SUPERVISOR) | TJ_ROLE_BIT (TJ_ROLE_ADMINISTRATOR)))
    return TRUE;
  g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
               _("Case %s: only a supervisor or an administrator may delegate a case to "
                 "another organisation."), c->case_no);
  return FALSE;
}

static gboolean
check_move (TjCaseStore *self, const TjCase *c, const Target *to, GError **error)
{
  gboolean inside_from = FALSE, inside_to = FALSE;

  if (!tj_state_may_move (c->state) || c->archived != NULL)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ILLEGAL,
                   /* Translators: a case number, then its state */
                   _("Case %s is %s: only a case not yet in mediation (received or accepted) "
                     "can be delegated to another organisation."),
                   c->case_no, tj_enum_label (&tj_enum_state, c->state));
      return FALSE;
    }
  if (tj_uuid_equal (&c->org_id, &to->id))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Organisation: case %s is already with %s."), c->case_no, to->name);
      return FALSE;
    }
  if (!tj_org_type_holds_cases (to->type))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Organisation: %s does not mediate cases; delegate to a mediation centre "
                     "or committee."), to->name);
      return FALSE;
    }
  if (!in_jurisdiction (self, &c->org_id, &inside_from, error) ||
      !in_jurisdiction (self, &to->id, &inside_to, error))
    return FALSE;
  if (!inside_from || !inside_to)
    {
      g_set_error (error, TJ_WORKFLOW_ERROR, TJ_WORKFLOW_ERROR_ROLE,
                   _("Organisation: both the case's organisation and %s must be in your "
                     "jurisdiction."), to->name);
      return FALSE;
    }
  return TRUE;
}

gboolean
tj_case_store_move (TjCaseStore *self, const char *ref, const char *org_ref,
                    const char *reason, const TjWhen *when, GError **error)
{
  g_autoptr(TjCase) before = NULL;
  g_autoptr(TjCase) after = NULL;
  g_auto(Target) to = { 0 };
  g_autofree char *note = NULL;
  TjWriteScope scope;
  TjEvent event;
  gboolean ok = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (org_ref != NULL, FALSE);

  before = tj_case_store_get (self, ref, error);
  if (before == NULL || !check_role (self, before, error) || !find_target (self->store, org_ref, &to, error) ||
      !check_move (self, before, &to, error))
    return FALSE;
  after = tj_case_store_get (self, ref, error);
  if (after == NULL)
    return FALSE;
  after->org_id = to.id;
  /* Translators: the organisation a case was delegated to, then the reason given */
  note = reason != NULL && *reason != '\0' ? g_strdup_printf (_("To %s: %s"), to.name, reason)
                                           /* Translators: the organisation a case went to */
                                           : g_strdup_printf (_("To %s"), to.name);

  if (!_tj_case_store_write_begin (self, &scope, error))
    return FALSE;
  if (tj_journal_begin_event (self->journal, when, 0, &event, error) &&
      _tj_case_store_patch_case (self, before, after, &event, "delegate", note, error))
    ok = TRUE;
  return _tj_case_store_write_end (self, &scope, ok, error);
}

void
tj_org_choice_free (TjOrgChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->id);
  g_free (choice->name);
  g_free (choice);
}

GPtrArray *
tj_case_store_delegation_targets (TjCaseStore *self, const TjCase *c, GError **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) tj_org_choice_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  stmt = tj_store_prepare (self->store,
                           "WITH RECURSIVE down (id) AS ("
                           "  SELECT id FROM organisation WHERE id = ?1"
                           "  UNION ALL SELECT o.id FROM organisation o, down"
                           "  WHERE o.parent_id = down.id)"
                           "SELECT o.id, o.name, o.type FROM organisation o JOIN down "
                           "ON down.id = o.id WHERE o.id != ?2 AND o.active "
                           "ORDER BY o.region_code, o.name", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_blob (stmt, 1, self->org_id.bytes, 16, SQLITE_TRANSIENT);
  sqlite3_bind_blob (stmt, 2, c->org_id.bytes, 16, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      TjOrgChoice *choice;
      TjUuid id;
      guint type = TJ_ORG_ARBITRATION;

      if (!tj_enum_lookup (&tj_enum_org_type, (const char *) sqlite3_column_text (stmt, 2), &type) ||
          !tj_org_type_holds_cases (type) || sqlite3_column_bytes (stmt, 0) != 16)
        continue;
      memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
      choice = g_new0 (TjOrgChoice, 1);
      choice->id = tj_uuid_dup_string (&id);
      choice->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      g_ptr_array_add (out, choice);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      tj_store_set_error_from_db (self->store, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}
