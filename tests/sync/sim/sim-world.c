/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "../../server/server-util.h"
#include "sim.h"
#include "tj-conflicts.h"
#include "tj-sync-apply.h"
#include "tj-sync-client.h"
#include "tj-sync-outbox.h"
#include "../../core/test-util.h"

/* One seed: six replicas of three centres and a county work, sync, crash and skew their
 * clocks while the network loses, repeats, cuts and refuses requests and the server
 * restarts; at every quiet point the faults stop, everyone syncs, and the oracles run. */

typedef struct {
  guint32 weight;
  const char *name;
} Odds;

struct _SimWorld {
  SimTemplate      *t;
  const SimOptions *options;
  GRand            *rng;
  char             *dir;
  char             *server_dir;
  SimServer        *server;
  SimClient         clients[SIM_CLIENTS];
  GPtrArray        *edits;          /* SimEdit since the last quiet point */
  gint64            repaired;       /* records checkpoint repairs put right, ever */
  GPtrArray        *stash;          /* push bodies kept to arrive again later */
  gboolean          faults;
  gboolean          has_backup;
  guint             step;
  guint             counter;        /* makes every written value unique */
  GString          *failure;
  /* What happened, for the log of a failing seed and the totals. */
  SimTotals        *totals;
};

static void
sim_edit_free (gpointer data)
{
  SimEdit *e = data;

  g_free (e->value);
  g_free (e);
}

static gboolean
chance (SimWorld *w, double p)
{
  return g_rand_double (w->rng) < p;
}

static void
note (SimWorld *w, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
note (SimWorld *w, const char *format, ...)
{
  va_list ap;
  g_autofree char *text = NULL;

  if (!w->options->verbose)
    return;
  va_start (ap, format);
  text = g_strdup_vprintf (format, ap);
  va_end (ap);
  g_printerr ("# step %u: %s\n", w->step, text);
}

static gboolean
fail (SimWorld *w, const char *format, ...) G_GNUC_PRINTF (2, 3);

static gboolean
fail (SimWorld *w, const char *format, ...)
{
  va_list ap;

  va_start (ap, format);
  g_string_append_printf (w->failure, "step %u: ", w->step);
  g_string_append_vprintf (w->failure, format, ap);
  va_end (ap);
  return FALSE;
}

/* The network between every client and the server. */
static TjApiFault
on_fault_cb (const char *method, const char *path, const char *body, gsize length,
             gpointer data)
{
  SimWorld *w = data;
  double roll;
  TjApiFault fault;

  if (!w->faults)
    return TJ_API_FAULT_NONE;
  /* A push may arrive again much later, after newer ones (a slow duplicate). */
  if (body != NULL && g_str_has_prefix (path, "/v1/push") && chance (w, 0.15) &&
      w->stash->len < 8)
    g_ptr_array_add (w->stash, g_strndup (body, length));
  roll = g_rand_double (w->rng);
  if (roll < 0.08)
    fault = TJ_API_FAULT_DROP_REQUEST;
  else if (roll < 0.16)
    fault = TJ_API_FAULT_DROP_RESPONSE;
  else if (roll < 0.21)
    fault = TJ_API_FAULT_DUPLICATE;
  else if (roll < 0.25)
    fault = TJ_API_FAULT_SERVER_ERROR;
  else if (roll < 0.29)
    fault = TJ_API_FAULT_CUT_RESPONSE;
  else
    fault = TJ_API_FAULT_NONE;
  w->totals->faults[fault]++;
  return fault;
}

static TjApiClient *
api_for (SimWorld *w, int i)
{
  TjApiClient *api = tj_api_client_new (sim_server_url (w->server), NULL);

  tj_api_client_set_token (api, w->t->tokens[i]);
  tj_api_client_set_timeout (api, 10);
  _tj_api_client_set_fault_func (api, on_fault_cb, w);
  return api;
}

static void
client_open (SimWorld *w, SimClient *c)
{
  g_autoptr(GError) error = NULL;

  if (c->store != NULL)
    return;
  c->store = tj_store_open (c->path, &error);
  g_assert_no_error (error);
  c->cases = tj_case_store_new (c->store, &error);
  g_assert_no_error (error);
}

static void
client_close (SimClient *c)
{
  g_clear_object (&c->cases);
  g_clear_object (&c->store);
}

/* The client's clock: the real one moved by its skew (days either way, or a jump back). */
static void
client_clock (SimClient *c)
{
  tj_journal_set_simulated_clock (tj_case_store_get_journal (c->cases),
                                  c->skew_ms == 0 ? 0 : g_get_real_time () / 1000 + c->skew_ms);
}

static gboolean
check_cursor (SimWorld *w, SimClient *c)
{
  g_auto(TjSyncCursor) cursor = { 0 };
  g_autoptr(GError) error = NULL;
  g_autofree char *linked = tj_store_get_meta (c->store, "sync_bucket");
  TjUuid bucket;

  g_assert_true (linked != NULL && tj_uuid_parse (linked, &bucket));
  /* A user moved to another organisation: its replica starts that bucket from nothing. */
  if (!tj_uuid_equal (&bucket, &c->bucket))
    {
      c->bucket = bucket;
      g_clear_pointer (&c->epoch, g_free);
      c->next = 0;
    }
  tj_sync_cursor_load (c->store, &bucket, &cursor, &error);
  g_assert_no_error (error);
  /* Nothing yet, or in the middle of a reset. */
  if (cursor.epoch == NULL || *cursor.epoch == '\0')
    return TRUE;
  if (g_strcmp0 (cursor.epoch, c->epoch) == 0 && cursor.next < c->next)
    return fail (w, "client %d's cursor went back from %lld to %lld", c->index,
                 (long long) c->next, (long long) cursor.next);
  /* A new epoch (a restored server) counts from the start. */
  if (g_strcmp0 (cursor.epoch, c->epoch) != 0)
    {
      g_free (c->epoch);
      c->epoch = g_strdup (cursor.epoch);
      c->next = cursor.next;
    }
  c->next = MAX (c->next, cursor.next);
  return TRUE;
}

/* kind: 0 push and pull, 1 push, 2 pull. *moved (nullable): records sent and received. */
static gboolean
client_sync_counted (SimWorld *w, SimClient *c, int kind, gint64 *moved, GError **error)
{
  g_autoptr(TjApiClient) api = api_for (w, c->index);
  g_autoptr(TjSyncClient) sync = tj_sync_client_new (c->cases, api);
  gboolean ok;

  tj_sync_client_set_retry (sync, 4, 1, 2);
  client_clock (c);
  ok = kind == 0 ? tj_sync_client_run (sync, NULL, error)
     : kind == 1 ? tj_sync_client_push (sync, NULL, error)
     : tj_sync_client_pull (sync, FALSE, NULL, error);
  if (c->client_id == NULL)
    c->client_id = tj_store_get_meta (c->store, "client_id");
  if (moved != NULL)
    *moved += tj_sync_client_get_report (sync)->pushed + tj_sync_client_get_report (sync)->pulled;
  if (tj_sync_client_get_report (sync)->rehomed)
    note (w, "client %d's replica took its user's new organisation", c->index);
  {
    const TjSyncReport *r = tj_sync_client_get_report (sync);

    /* A repair puts right what the protocol let diverge: the oracles would then see the
     * repaired state and miss the fault, so in the simulation it is one. */
    w->repaired += r->repaired;
    if (r->repaired > 0)
      note (w, "client %d: a checkpoint repair put %lld records right", c->index,
            (long long) r->repaired);
    if (r->pushed > 0 || r->resets > 0)
      note (w, "client %d sync %d: %s, %lld pushed (%lld conflicts, %lld rejected), %lld "
            "pulled, %lld resets", c->index, kind, ok ? "done" : "failed", (long long) r->pushed,
            (long long) r->conflicts, (long long) r->rejected, (long long) r->pulled,
            (long long) r->resets);
  }
  return ok;
}

static gboolean
client_sync (SimWorld *w, SimClient *c, int kind, GError **error)
{
  return client_sync_counted (w, c, kind, NULL, error);
}

static void
op_register (SimWorld *w, SimClient *c)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = tj_case_store_today (c->cases);
  g_autoptr(TjCase) k = tj_test_make_case (today);

  w->totals->ops[0]++;
  if (!tj_case_store_create (c->cases, k, NULL, &error))
    note (w, "client %d could not register: %s", c->index, error->message);
  else
    note (w, "client %d registered %s", c->index, k->case_no);
}

static gboolean
pick_case (SimWorld *w, SimClient *c, TjUuid *id)
{
  sqlite3_stmt *stmt;
  gint64 n;
  gboolean found;

  stmt = tj_store_prepare (c->store, "SELECT count(*) FROM \"case\"", NULL);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (n == 0)
    return FALSE;
  stmt = tj_store_prepare (c->store, "SELECT id FROM \"case\" ORDER BY id LIMIT 1 OFFSET ?",
                           NULL);
  sqlite3_bind_int64 (stmt, 1, g_rand_int_range (w->rng, 0, (gint32) n));
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    memcpy (id->bytes, sqlite3_column_blob (stmt, 0), 16);
  sqlite3_reset (stmt);
  return found;
}

/* What this person sees in the case is overwritten knowingly by what they write next. */
static TjCase *
mark_seen (SimWorld *w, SimClient *c, const TjUuid *id)
{
  g_autoptr(GError) error = NULL;
  char ref[TJ_UUID_STRING_LEN + 1];
  TjCase *k;

  tj_uuid_to_string (id, ref);
  k = tj_case_store_get (c->cases, ref, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < w->edits->len; i++)
    {
      SimEdit *e = g_ptr_array_index (w->edits, i);

      if (tj_uuid_equal (&e->record, id) && k->facts != NULL && strstr (k->facts, e->value))
        e->superseded = TRUE;
    }
  return k;
}

static void
op_edit (SimWorld *w, SimClient *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) k = NULL;
  g_autofree char *value = NULL, *assignment = NULL;
  char ref[TJ_UUID_STRING_LEN + 1];
  const char *assignments[2] = { NULL, NULL };
  TjUuid id;

  w->totals->ops[1]++;
  if (!pick_case (w, c, &id))
    return;
  tj_uuid_to_string (&id, ref);
  k = mark_seen (w, c, &id);
  value = g_strdup_printf ("申请人陈述<sim-%d-%u>", c->index, ++w->counter);
  assignment = g_strconcat ("facts=", value, NULL);
  assignments[0] = assignment;
  if (!tj_case_store_set (c->cases, ref, assignments, NULL, &error))
    {
      note (w, "client %d could not edit: %s", c->index, error->message);
      return;
    }
  {
    SimEdit *e = g_new0 (SimEdit, 1);

    e->client = c->index;
    e->record = id;
    e->value = g_strdup_printf ("<sim-%d-%u>", c->index, w->counter);
    g_ptr_array_add (w->edits, e);
  }
  note (w, "client %d wrote %s into %s (v%lld)", c->index, value, ref, (long long) k->version);
}

static void
op_resolve (SimWorld *w, SimClient *c)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) open = tj_conflicts_list (c->store, TRUE, &error);
  TjConflict *k;
  char id[TJ_UUID_STRING_LEN + 1];
  TjConflictKeep keep;

  w->totals->ops[2]++;
  g_assert_no_error (error);
  if (open->len == 0)
    return;
  k = g_ptr_array_index (open, g_rand_int_range (w->rng, 0, (gint32) open->len));
  tj_uuid_to_string (&k->id, id);
  keep = chance (w, 0.5) ? TJ_CONFLICT_KEEP_MINE : TJ_CONFLICT_KEEP_THEIRS;
  if (g_strcmp0 (k->record_type, "case") == 0)
    {
      g_autoptr(TjCase) seen = mark_seen (w, c, &k->record);
    }
  if (!tj_conflict_resolve (c->cases, id, keep, NULL, &error))
    note (w, "client %d could not resolve %s: %s", c->index, id, error->message);
  else
    {
      char record[TJ_UUID_STRING_LEN + 1];

      tj_uuid_to_string (&k->record, record);
      note (w, "client %d resolved %s of %s.%s (%s)", c->index, id, record, k->field,
            keep == TJ_CONFLICT_KEEP_MINE ? "mine" : "theirs");
    }
}

static gboolean
op_sync (SimWorld *w, SimClient *c)
{
  g_autoptr(GError) error = NULL;
  int kind = g_rand_int_range (w->rng, 0, 3);

  w->totals->ops[3]++;
  if (!client_sync (w, c, kind, &error))
    note (w, "client %d sync %d failed: %s", c->index, kind, error->message);
  return check_cursor (w, c);
}

/* A kill: the process dies, here while applying a page or between two operations. */
static void
op_kill (SimWorld *w, SimClient *c)
{
  w->totals->ops[4]++;
  if (chance (w, 0.5))
    {
      g_autoptr(GError) error = NULL;

      tj_store_inject_failure (c->store, "page");
      client_sync (w, c, 2, &error);
      note (w, "client %d killed during a pull (%s)", c->index,
            error ? error->message : "no page came");
    }
  else
    note (w, "client %d killed", c->index);
  client_close (c);
}

static void
op_clock (SimWorld *w, SimClient *c)
{
  w->totals->ops[5]++;
  if (chance (w, 0.3))
    c->skew_ms = 0;
  else if (chance (w, 0.5))
    c->skew_ms -= g_rand_int_range (w->rng, 1, 3600) * (gint64) 1000;
  else
    c->skew_ms = g_rand_int_range (w->rng, -3 * 86400, 3 * 86400) * (gint64) 1000;
  note (w, "client %d's clock is off by %lld s", c->index, (long long) c->skew_ms / 1000);
}

/* A stale push arrives again: the ledger must answer it without applying anything. */
static void
op_replay (SimWorld *w, SimClient *c)
{
  g_autofree char *body = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(JsonNode) answer = NULL;
  guint which;

  w->totals->ops[6]++;
  if (w->stash->len == 0)
    return;
  which = g_rand_int_range (w->rng, 0, (gint32) w->stash->len);
  body = g_ptr_array_steal_index (w->stash, which);
  /* Whoever sent it: the body names its client, and the token must be that client's. */
  for (int i = 0; i < SIM_CLIENTS; i++)
    if (w->clients[i].client_id != NULL && strstr (body, w->clients[i].client_id) != NULL)
      {
        api = tj_api_client_new (sim_server_url (w->server), NULL);
        tj_api_client_set_token (api, w->t->tokens[i]);
        answer = tj_api_client_call_text (api, "POST", "/v1/push", body, strlen (body),
                                          TJ_API_CALL_GZIP, NULL, NULL, NULL);
        note (w, "an old push of client %d arrived again", i);
      }
}

/* The supervisor delegates one of its cases to the county's other centre (sync.md: a case
 * moves between jurisdictions while its centres may be offline with edits of it). */
static void
op_delegate (SimWorld *w, SimClient *c)
{
  static const char * const centres[] = { "220102001", "220102002" };
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) k = NULL;
  char ref[TJ_UUID_STRING_LEN + 1];
  TjUuid id, first;
  const char *to;

  w->totals->ops[9]++;
  if (!pick_case (w, c, &id))
    return;
  tj_uuid_to_string (&id, ref);
  k = tj_case_store_get (c->cases, ref, &error);
  g_assert_no_error (error);
  g_assert_true (sim_account_org (sim_server_db (w->server), sim_people[0].user, &first, NULL));
  to = tj_uuid_equal (&k->org_id, &first) ? centres[1] : centres[0];
  if (!tj_case_store_move (c->cases, ref, to, NULL, NULL, &error))
    note (w, "client %d could not delegate %s: %s", c->index, ref, error->message);
  else
    note (w, "client %d delegated %s to %s", c->index, ref, to);
}

/* The supervisor moves a mediator (client 5) to the other centre of the county, or back,
 * while that mediator's replica may be offline with edits (sync.md). */
static void
op_move_user (SimWorld *w)
{
  sqlite3 *db = sim_server_db (w->server);
  g_autoptr(TjApiClient) api = tj_api_client_new (sim_server_url (w->server), NULL);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *path = NULL, *body = NULL;
  char account[TJ_UUID_STRING_LEN + 1], to[TJ_UUID_STRING_LEN + 1];
  TjUuid now, first, second;
  sqlite3_stmt *stmt;

  w->totals->ops[10]++;
  g_assert_true (sim_account_org (db, sim_people[5].user, &now, NULL));
  g_assert_true (sim_account_org (db, sim_people[0].user, &first, NULL));
  g_assert_true (sim_account_org (db, sim_people[2].user, &second, NULL));
  tj_uuid_to_string (tj_uuid_equal (&now, &first) ? &second : &first, to);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT id FROM account WHERE username = ?", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  sqlite3_bind_text (stmt, 1, sim_people[5].user, -1, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  {
    TjUuid id;

    memcpy (id.bytes, sqlite3_column_blob (stmt, 0), 16);
    tj_uuid_to_string (&id, account);
  }
  sqlite3_finalize (stmt);
  path = g_strdup_printf ("/v1/accounts/%s/move", account);
  body = g_strdup_printf ("{\"org_id\":\"%s\"}", to);
  tj_api_client_set_token (api, w->t->tokens[3]);
  answer = tj_api_client_call_text (api, "POST", path, body, strlen (body), TJ_API_CALL_NONE,
                                    NULL, NULL, &error);
  if (answer == NULL)
    note (w, "moving %s failed: %s", sim_people[5].user, error->message);
  else
    note (w, "%s moved to %s", sim_people[5].user, to);
}

static gboolean
copy_file (const char *from, const char *to)
{
  g_autofree char *contents = NULL;
  gsize length;

  return g_file_get_contents (from, &contents, &length, NULL) &&
         g_file_set_contents (to, contents, length, NULL);
}

static void
op_restart (SimWorld *w)
{
  w->totals->ops[7]++;
  sim_server_stop (w->server);
  w->server = sim_server_start (w->server_dir, FALSE);
  note (w, "server restarted");
}

/* A backup of the server now, or a restore of the last one: the server loses what came
 * after it and starts a new epoch (tiaojie-server --restored). */
static void
op_backup_restore (SimWorld *w)
{
  g_autofree char *backup = g_build_filename (w->dir, "backup.sqlite", NULL);
  g_autofree char *db = g_build_filename (w->server_dir, "server.sqlite", NULL);
  g_autofree char *wal = g_strconcat (db, "-wal", NULL), *shm = g_strconcat (db, "-shm", NULL);

  if (!w->has_backup || chance (w, 0.5))
    {
      sim_server_backup (w->server, backup);
      w->has_backup = TRUE;
      note (w, "server backed up");
      return;
    }
  w->totals->ops[8]++;
  sim_server_stop (w->server);
  g_remove (wal);
  g_remove (shm);
  g_assert_true (copy_file (backup, db));
  w->server = sim_server_start (w->server_dir, TRUE);
  note (w, "server restored from its backup");
}

/* Faults stop; everyone syncs until nothing waits; then the oracles. */
static gboolean
quiet_point (SimWorld *w)
{
  w->faults = FALSE;
  /* At least two rounds; more while the last one still moved something (after a restore,
   * one replica's round can bring what another sent after its own), at most six. */
  for (int round = 0, moved = 1; round < 2 || (moved && round < 6); round++)
    {
      gint64 n = 0;

      for (int i = 0; i < SIM_CLIENTS; i++)
        {
          SimClient *c = &w->clients[i];
          g_autoptr(GError) error = NULL;

          client_open (w, c);
          if (!client_sync_counted (w, c, 0, &n, &error))
            return fail (w, "liveness: client %d cannot sync once the faults stop: %s", i,
                         error->message);
          if (!check_cursor (w, c))
            return FALSE;
        }
      moved = n > 0;
    }
  for (int i = 0; i < SIM_CLIENTS; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) left = tj_sync_outbox_read (w->clients[i].store, 1, &error);

      g_assert_no_error (error);
      if (left->len > 0)
        return fail (w, "liveness: client %d's outbox did not drain", i);
    }
  if (w->repaired > 0)
    return fail (w, "checkpoint: a replica differed from its bucket's checkpoint; repairs put "
                 "%lld records right", (long long) w->repaired);
  w->totals->quiet_points++;
  w->totals->edits_checked += w->edits->len;
  if (!sim_check_quiet (sim_server_db (w->server), w->t, w->clients, w->edits, w->failure))
    return fail (w, "(the oracle above)");
  g_ptr_array_set_size (w->edits, 0);
  w->faults = TRUE;
  return TRUE;
}


static void
world_free (SimWorld *w)
{
  sim_server_stop (w->server);
  for (int i = 0; i < SIM_CLIENTS; i++)
    {
      client_close (&w->clients[i]);
      g_free (w->clients[i].path);
      g_free (w->clients[i].client_id);
      g_free (w->clients[i].epoch);
    }
  g_ptr_array_unref (w->edits);
  g_ptr_array_unref (w->stash);
  g_rand_free (w->rng);
  g_free (w->server_dir);
  g_free (w->dir);
}

gboolean
sim_run_seed (SimTemplate *t, guint64 seed, const SimOptions *options, char **failure)
{
  SimWorld w = { 0 };
  g_autofree char *from = NULL, *to = NULL, *seed_dir = NULL;
  guint32 key[2] = { (guint32) seed, (guint32) (seed >> 32) };
  gboolean ok = TRUE;

  w.t = t;
  w.options = options;
  w.totals = options->totals;
  w.rng = g_rand_new_with_seed_array (key, 2);
  w.edits = g_ptr_array_new_with_free_func (sim_edit_free);
  w.stash = g_ptr_array_new_with_free_func (g_free);
  w.failure = g_string_new (NULL);
  w.dir = g_strdup_printf ("%s/seed", t->dir);
  seed_dir = g_strdup (w.dir);
  w.server_dir = g_build_filename (w.dir, "server", NULL);
  g_mkdir_with_parents (w.server_dir, 0700);
  from = g_build_filename (t->dir, "server", "server.sqlite", NULL);
  to = g_build_filename (w.server_dir, "server.sqlite", NULL);
  g_assert_true (copy_file (from, to));
  for (int i = 0; i < SIM_CLIENTS; i++)
    {
      g_autofree char *tpl = g_strdup_printf ("%s/c%d.sqlite", t->dir, i);
      SimClient *c = &w.clients[i];

      c->index = i;
      c->path = g_strdup_printf ("%s/c%d.sqlite", w.dir, i);
      g_assert_true (copy_file (tpl, c->path));
    }
  w.server = sim_server_start (w.server_dir, FALSE);
  w.faults = TRUE;

  for (w.step = 1; ok && w.step <= options->steps; w.step++)
    {
      int i = g_rand_int_range (w.rng, 0, SIM_CLIENTS);
      SimClient *c = &w.clients[i];
      guint32 roll = g_rand_int_range (w.rng, 0, 100);

      client_open (&w, c);
      client_clock (c);
      if (roll < 22)
        {
          if (sim_people[i].creates)
            op_register (&w, c);
          else
            op_edit (&w, c);
        }
      else if (roll < 50)
        op_edit (&w, c);
      else if (roll < 56)
        op_resolve (&w, c);
      else if (roll < 84)
        ok = op_sync (&w, c);
      else if (roll < 89)
        op_kill (&w, c);
      else if (roll < 93)
        op_clock (&w, c);
      else if (roll < 96)
        op_replay (&w, c);
      else if (roll < 97)
        {
          /* Only the county's supervisor delegates. */
          SimClient *supervisor = &w.clients[3];

          client_open (&w, supervisor);
          client_clock (supervisor);
          op_delegate (&w, supervisor);
        }
      else if (roll < 98)
        op_move_user (&w);
      else if (roll < 99 || !options->restores)
        op_restart (&w);
      else
        op_backup_restore (&w);
      if (ok && (w.step % options->quiet_every == 0 || w.step == options->steps))
        ok = quiet_point (&w);
    }
  if (!ok)
    *failure = g_strdup_printf ("seed %" G_GUINT64_FORMAT ", %s", seed, w.failure->str);
  g_string_free (w.failure, TRUE);
  world_free (&w);
  /* The next seed starts from the template again (a failed one stays, with
   * TJ_SIM_KEEP set, for a look at its files). */
  if (ok || g_getenv ("TJ_SIM_KEEP") == NULL)
    test_remove_tree (seed_dir);
  else
    g_printerr ("# kept %s\n", seed_dir);
  return ok;
}
