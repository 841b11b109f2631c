/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-calendar.h"
#include "tj-case.h"
#include "tj-deadline.h"
#include "tj-journal.h"
#include "tj-store.h"
#include "tj-workflow.h"

G_BEGIN_DECLS

/* The cases of a replica: the one write API (every create, edit or action is one
 * transaction with its outbox mutations and its event) and the reads of one case. Lists
 * and search are in tj-case-list.h. */

#define TJ_TYPE_CASE_STORE (tj_case_store_get_type ())
G_DECLARE_FINAL_TYPE (TjCaseStore, tj_case_store, TJ, CASE_STORE, GObject)

typedef struct {
  const char *org_code;         /* GB/T 2260 region code of the organisation */
  const char *org_name;
  const char *org_short_name;   /* (nullable) used in case numbers; default: the name */
  TjOrgLevel  level;
  TjOrgType   type;
  const char *user_name;
  guint       roles;            /* bit set of TJ_ROLE_BIT () */
  int         desk;             /* this replica's desk number within the organisation, ≥ 1 */
  const char *case_no_pattern;  /* (nullable) see tj-case-number.h */
  /* Set up from a server (tiaojie-cli init --server): the organisation and the user as the
   * server knows them. They are not created again, and the replica pulls the bucket of
   * its organisation. NULL: an offline replica with ids of its own. */
  const TjUuid *server_org_id;
  const TjUuid *server_user_id;
} TjReplicaSetup;

TjCaseStore  *tj_case_store_new          (TjStore             *store,
                                          GError             **error);
/* A connection of its own to the replica at `path` (a worker thread's, say). */
TjCaseStore  *tj_case_store_open         (const char          *path,
                                          GError             **error);
TjStore      *tj_case_store_get_store    (TjCaseStore         *self);
TjCalendar   *tj_case_store_get_calendar (TjCaseStore         *self);
const TjDeadlineSettings *tj_case_store_get_settings (TjCaseStore *self);
TjJournal    *tj_case_store_get_journal  (TjCaseStore         *self);
const TjUuid *tj_case_store_get_org_id   (TjCaseStore         *self);
guint         tj_case_store_get_roles    (TjCaseStore         *self);
gboolean      tj_case_store_is_initialised (TjCaseStore       *self);
char         *tj_case_store_today        (TjCaseStore         *self);

/* Read the replica's identity again (organisation, role, desk, settings), after another
 * connection changed it (a sync that found the user moved: TjSyncReport.reidentified). */
gboolean      tj_case_store_reload       (TjCaseStore         *self,
                                          GError             **error);
gboolean      tj_case_store_init_replica (TjCaseStore         *self,
                                          const TjReplicaSetup *setup,
                                          GError             **error);

/* Batches: many edits in one commit (imports, the demo generator). An edit refused by
 * a rule writes nothing and the batch goes on; a registration whose writes fail (a disk
 * or database error) undoes the whole batch: end_batch then fails and writes nothing. */
gboolean      tj_case_store_begin_batch  (TjCaseStore         *self,
                                          GError             **error);
gboolean      tj_case_store_end_batch    (TjCaseStore         *self,
                                          GError             **error);
void          tj_case_store_abort_batch  (TjCaseStore         *self);

/* Search indexing runs behind registration: a case registered in a batch, or pulled by
 * sync, is found by search once indexed. Index up to `max` waiting cases (one
 * transaction); searches do it first (tj_case_list_page), an app in a worker after an
 * import. */
gboolean      tj_case_store_index_for_search (TjCaseStore  *self,
                                              guint         max,
                                              guint        *n_indexed,
                                              GError      **error);
gint64        tj_case_store_search_backlog (TjCaseStore    *self);
gint64        tj_case_store_last_cid     (TjCaseStore         *self);

/* Register a case: validates, allocates the case number, writes the case, its parties
 * and claims, their outbox mutations and the event. On success c has its id, cid,
 * case_no and deadlines. */
gboolean      tj_case_store_create       (TjCaseStore         *self,
                                          TjCase              *c,
                                          const TjWhen        *when,
                                          GError             **error);
/* ref: a case id or a case number. */
TjCase       *tj_case_store_get          (TjCaseStore         *self,
                                          const char          *ref,
                                          GError             **error);
/* "facts=…", "applicant.phone=…", … (see tj_case_store_list_fields ()). */
gboolean      tj_case_store_set          (TjCaseStore         *self,
                                          const char          *ref,
                                          const char * const  *assignments,
                                          const TjWhen        *when,
                                          GError             **error);
/* The checks of tj_case_store_set () without the write: FALSE with the error it would give. */
gboolean      tj_case_store_check_set    (TjCaseStore         *self,
                                          const char          *ref,
                                          const char * const  *assignments,
                                          GError             **error);
const char * const *tj_case_store_list_fields (void);
/* Delegation (委派, tj-case-move.c): a supervisor or administrator gives a case not yet in
 * mediation to another mediation organisation of its jurisdiction, named by its id or
 * region code; the server moves the case with all it holds. reason is nullable. */
gboolean      tj_case_store_move         (TjCaseStore         *self,
                                          const char          *ref,
                                          const char          *org_ref,
                                          const char          *reason,
                                          const TjWhen        *when,
                                          GError             **error);
typedef struct {
  char *id;
  char *name;
} TjOrgChoice;
void          tj_org_choice_free         (TjOrgChoice         *choice);
/* Where this replica's user may delegate the case: the mediation organisations of its
 * jurisdiction other than the case's own, by region code (TjOrgChoice each). */
GPtrArray    *tj_case_store_delegation_targets (TjCaseStore   *self,
                                          const TjCase        *c,
                                          GError             **error);
/* A case field's name as people say it ("facts" → "Facts"); the key itself if unknown. */
const char   *tj_case_field_label        (const char          *field);
/* The parties and claims of a registered case, one record at a time (tj-case-parties.c).
 * Each call is one transaction: the record's create, patch or delete mutation, the case's
 * patch when its amount claimed or dispute types follow the claims, and one event in the
 * case's timeline (late when `when` states a time long past). Checked by the rules of a
 * registration; refused where tj_case_store_set () is (another centre's case, a role that
 * may not edit, an archived case). A party is named by its id or as side[N]
 * ("applicant", "respondent2"); a claim by its id or its number from 1. */
const char * const *tj_case_store_list_party_fields (void);
/* How messages name a party: "Applicant", "Respondent 2" (the n-th of its side). */
char         *tj_party_side_label        (TjSide               side,
                                          guint                n);
char         *tj_case_party_label        (const TjCase        *c,
                                          const TjParty       *p);
const char * const *tj_case_store_list_claim_fields (void);
/* On success the party has its id and its normalised values. A case keeps at least one
 * applicant and one respondent; the applicants of a collective dispute are 3 to 5 elected
 * representatives, each a person. */
gboolean      tj_case_store_add_party    (TjCaseStore         *self,
                                          const char          *ref,
                                          TjParty             *party,
                                          const TjWhen        *when,
                                          GError             **error);
/* "phone=…", "agents=NAME|PHONE|special:admit,settle;…" (see tj-agents.h). An edit that
 * changes nothing writes nothing. */
gboolean      tj_case_store_set_party    (TjCaseStore         *self,
                                          const char          *ref,
                                          const char          *party,
                                          const char * const  *assignments,
                                          const TjWhen        *when,
                                          GError             **error);
gboolean      tj_case_store_remove_party (TjCaseStore         *self,
                                          const char          *ref,
                                          const char          *party,
                                          const TjWhen        *when,
                                          GError             **error);
gboolean      tj_case_store_add_claim    (TjCaseStore         *self,
                                          const char          *ref,
                                          TjClaim             *claim,
                                          const TjWhen        *when,
                                          GError             **error);
/* "amount=1200.50" (yuan), "type=wages", "period_from=2025-01-01", "description=…". */
gboolean      tj_case_store_set_claim    (TjCaseStore         *self,
                                          const char          *ref,
                                          const char          *claim,
                                          const char * const  *assignments,
                                          const TjWhen        *when,
                                          GError             **error);
/* The last claim of a case is not removed. */
gboolean      tj_case_store_remove_claim (TjCaseStore         *self,
                                          const char          *ref,
                                          const char          *claim,
                                          const TjWhen        *when,
                                          GError             **error);
gboolean      tj_case_store_do           (TjCaseStore         *self,
                                          const char          *ref,
                                          TjAction             action,
                                          const TjActionArgs  *args,
                                          const TjWhen        *when,
                                          GError             **error);

/* Record a mediation session of a case in mediation. The event's stated time is the
 * session's start, so a record written long after the session is marked late. */
gboolean      tj_case_store_add_session  (TjCaseStore         *self,
                                          const char          *ref,
                                          TjSession           *session,
                                          const char          *note,
                                          GError             **error);
/* The sessions of a case, oldest first (TjSession, freed with the array). */
GArray       *tj_case_store_list_sessions (TjCaseStore        *self,
                                           const TjCase       *c,
                                           GError            **error);

/* Attach a file to a case: its bytes are stored once by SHA-256 in the replica's blob
 * folder (FILE.blobs/ab/abcdef…) and its metadata is a record that syncs. */
gboolean      tj_case_store_attach       (TjCaseStore         *self,
                                          const char          *ref,
                                          GFile               *file,
                                          const char          *name,
                                          char               **out_sha256,
                                          GError             **error);
/* Where the bytes of an attachment live (the file may not exist on this replica yet). */
GFile        *tj_case_store_blob_file    (TjCaseStore         *self,
                                          const char          *sha256);

/* Every clock that applies to the case, in TjClock order. */
GArray       *tj_case_store_deadlines    (TjCaseStore         *self,
                                          const TjCase        *c);
/* Put a person on the centre's roster (the head of a centre or an administrator). */
gboolean      tj_case_store_add_person   (TjCaseStore         *self,
                                          const char          *name,
                                          guint                roles,
                                          const char          *phone,
                                          TjUuid              *out_id,
                                          GError             **error);
/* Reveal full ID numbers: allowed, but logged (PIPL). */
gboolean      tj_case_store_log_id_access (TjCaseStore        *self,
                                           const TjCase       *c,
                                           GError            **error);

/* Calendar years after the build: imported into the replica; provisional deadlines are
 * recomputed. Returns the number of cases whose deadline changed. */
gboolean      tj_case_store_import_calendar (TjCaseStore      *self,
                                             const char       *text,
                                             gsize             length,
                                             guint            *n_updated,
                                             GError          **error);
gboolean      tj_case_store_set_setting  (TjCaseStore         *self,
                                          const char          *assignment,
                                          GError             **error);

G_END_DECLS
