/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

#include "tj-enums.h"
#include "tj-server-store.h"

G_BEGIN_DECLS

/* The organisation tree and the accounts in it (domain.md, "People and organisations").
 *
 * Levels: province → city → county → township; a child is exactly one level below its
 * parent. Codes: a province is its GB/T 2260 code (NN0000), a city NNNN00 under its
 * province's first two digits, a county NNNNNN under its city's first four, a township the
 * 9-digit statistical code, its county's code and three digits. The (code, type) pair is
 * unique.
 *
 * Who may do what, always inside the caller's own subtree (its organisation and below):
 * - create organisations: supervisors and administrators;
 * - grant a role (create, move, disable, revoke the sessions of such an account): administrators
 *   any role; supervisors supervisor, head and mediator; a centre head mediators of its own
 *   centre; mediators nothing;
 * - supervisor and administrator accounts belong to arbitration institutions or bureaus,
 *   heads and mediators to mediation organisations (centre, enterprise, regional).
 *
 * Rule violations are TJ_PROTOCOL_ERROR (INVALID_FIELD with *field set, FORBIDDEN,
 * NOT_FOUND, CONFLICT); SQLite failures are TJ_SERVER_STORE_ERROR. */

typedef struct {
  TjUuid      id;
  TjUuid      parent_id;        /* nil for the root */
  char       *path;
  char       *code;
  char       *name;
  char       *short_name;       /* (nullable) */
  TjOrgLevel  level;
  TjOrgType   type;
  gboolean    active;
} TjServerOrg;

typedef struct {
  TjUuid      id;
  TjUuid      org_id;
  char       *username;
  char       *name;
  TjRole      role;
  gboolean    active;
  char       *password_hash;    /* (nullable): only filled for a login */
} TjServerAccount;

/* What a caller asks to create; strings are not owned. */
typedef struct {
  TjUuid      parent_id;
  const char *code;
  const char *name;
  const char *short_name;       /* (nullable) */
  TjOrgLevel  level;
  int         type;             /* a TjOrgType, or -1: centre for a township, else arbitration */
} TjServerOrgDraft;

typedef struct {
  TjUuid      org_id;
  const char *username;
  const char *name;
  TjRole      role;
  const char *password;
} TjServerAccountDraft;

void             tj_server_org_free     (TjServerOrg     *org);
void             tj_server_account_free (TjServerAccount *account);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjServerOrg, tj_server_org_free)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjServerAccount, tj_server_account_free)

gboolean         tj_server_org_contains (const TjServerOrg *root,
                                         const TjServerOrg *org);

TjServerOrg     *tj_directory_get_org   (TjServerStore *store,
                                         const TjUuid  *id,
                                         GError       **error);
/* root and every organisation below it, root first, parents before children. */
GPtrArray       *tj_directory_list_orgs (TjServerStore *store,
                                         const TjServerOrg *root,
                                         GError       **error);
/* Checks the code, name and level against the parent; no permission check (for seeding). */
TjServerOrg     *tj_directory_insert_org (TjServerStore *store,
                                          const TjServerOrgDraft *draft,
                                          const TjUuid  *created_by,
                                          const char   **field,
                                          GError       **error);
TjServerOrg     *tj_directory_create_org (TjServerStore *store,
                                          const TjServerAccount *actor,
                                          const TjServerOrg *actor_org,
                                          const TjServerOrgDraft *draft,
                                          const char   **field,
                                          GError       **error);

TjServerAccount *tj_directory_get_account (TjServerStore *store,
                                           const TjUuid  *id,
                                           GError       **error);
/* With its password hash; NULL without an error when there is no such user. */
TjServerAccount *tj_directory_find_login  (TjServerStore *store,
                                           const char    *username,
                                           GError       **error);
GPtrArray       *tj_directory_list_accounts (TjServerStore *store,
                                             const TjServerAccount *actor,
                                             const TjServerOrg *actor_org,
                                             GError       **error);
TjServerAccount *tj_directory_insert_account (TjServerStore *store,
                                              const TjServerAccountDraft *draft,
                                              const TjUuid  *created_by,
                                              const char   **field,
                                              GError       **error);
TjServerAccount *tj_directory_create_account (TjServerStore *store,
                                              const TjServerAccount *actor,
                                              const TjServerOrg *actor_org,
                                              const TjServerAccountDraft *draft,
                                              const char   **field,
                                              GError       **error);
/* Disables the account and revokes its sessions, in one transaction. */
gboolean         tj_directory_disable_account (TjServerStore *store,
                                               const TjServerAccount *actor,
                                               const TjServerOrg *actor_org,
                                               const TjUuid  *id,
                                               GError       **error);
/* Moves an account the actor manages to another organisation where the actor could grant
 * its role (a centre's mediator to another centre, say). Its sessions go on; its replicas
 * learn the new organisation at their next sync and start over with its bucket. */
gboolean         tj_directory_move_account (TjServerStore *store,
                                            const TjServerAccount *actor,
                                            const TjServerOrg *actor_org,
                                            const TjUuid  *id,
                                            const TjUuid  *org_id,
                                            const char   **field,
                                            GError       **error);
/* Revokes every live session of the account; *n_revoked says how many. */
gboolean         tj_directory_revoke_sessions (TjServerStore *store,
                                               const TjServerAccount *actor,
                                               const TjServerOrg *actor_org,
                                               const TjUuid  *id,
                                               guint         *n_revoked,
                                               GError       **error);

void             tj_server_org_to_json     (JsonBuilder           *builder,
                                            const TjServerOrg     *org);
void             tj_server_account_to_json (JsonBuilder           *builder,
                                            const TjServerAccount *account);

G_END_DECLS
