/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sim.h"
#include "tj-sync-sum.h"

/* The oracles of sync.md ("How it is tested", 2), read straight from the server's file and
 * each replica's, so that they judge the data and not what either side reports. */

static sqlite3_stmt *
prepare (sqlite3 *db, const char *sql)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    g_error ("oracle query: %s: %s", sqlite3_errmsg (db), sql);
  return stmt;
}

static char *
hex (const void *bytes)
{
  TjUuid id;
  char text[TJ_UUID_STRING_LEN + 1];

  memcpy (id.bytes, bytes, 16);
  tj_uuid_to_string (&id, text);
  return g_strdup (text);
}

/* id text → "type version" of the live records the client's bucket holds on the server. */
static GHashTable *
server_scope (sqlite3 *db, const TjUuid *bucket)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = prepare (db, "SELECT r.id, r.type, r.version FROM change c JOIN record r "
                                    "ON r.id = c.record_id WHERE c.bucket = ? AND r.deleted = 0 "
                                    "AND c.op = 'put'");

  sqlite3_bind_blob (stmt, 1, bucket->bytes, 16, SQLITE_STATIC);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (out, hex (sqlite3_column_blob (stmt, 0)),
                         g_strdup_printf ("%s %lld", sqlite3_column_text (stmt, 1),
                                          (long long) sqlite3_column_int64 (stmt, 2)));
  sqlite3_finalize (stmt);
  return out;
}

static GHashTable *
replica_records (TjStore *store)
{
  GHashTable *out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt = prepare (tj_store_get_db (store),
                                "SELECT id, 'case', version FROM \"case\" UNION ALL "
                                "SELECT id, 'party', version FROM party UNION ALL "
                                "SELECT id, 'claim', version FROM claim UNION ALL "
                                "SELECT id, 'person', version FROM person WHERE version > 0 "
                                "UNION ALL SELECT id, type, version FROM sync_record");

  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_hash_table_insert (out, hex (sqlite3_column_blob (stmt, 0)),
                         g_strdup_printf ("%s %lld", sqlite3_column_text (stmt, 1),
                                          (long long) sqlite3_column_int64 (stmt, 2)));
  sqlite3_finalize (stmt);
  return out;
}

/* Convergence: the replica holds exactly the live records of its scope, at the server's
 * versions, and its cases say what the server's do. */
gboolean
sim_account_org (sqlite3 *db, const char *username, TjUuid *org_id, char **path)
{
  sqlite3_stmt *stmt = prepare (db, "SELECT o.id, o.path FROM account a JOIN org o "
                                    "ON o.id = a.org_id WHERE a.username = ?");
  gboolean found;

  sqlite3_bind_text (stmt, 1, username, -1, SQLITE_STATIC);
  found = sqlite3_step (stmt) == SQLITE_ROW;
  if (found)
    {
      memcpy (org_id->bytes, sqlite3_column_blob (stmt, 0), 16);
      if (path != NULL)
        *path = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
    }
  sqlite3_finalize (stmt);
  return found;
}

static gboolean
check_convergence (sqlite3 *db, SimClient *c, GString *failure)
{
  g_autoptr(GHashTable) server = NULL;
  g_autoptr(GHashTable) replica = replica_records (c->store);
  GHashTableIter iter;
  gpointer key, value;
  guint problems = 0;
  sqlite3_stmt *stmt;
  TjUuid home;

  g_assert_true (sim_account_org (db, sim_people[c->index].user, &home, NULL));
  server = server_scope (db, &home);
  g_hash_table_iter_init (&iter, server);
  while (g_hash_table_iter_next (&iter, &key, &value))
    {
      const char *mine = g_hash_table_lookup (replica, key);

      if (g_strcmp0 (mine, value) != 0 && problems++ < 5)
        g_string_append_printf (failure, "convergence: client %d has %s as %s, the server as "
                                "%s\n", c->index, (char *) key, mine ? mine : "nothing",
                                (char *) value);
    }
  g_hash_table_iter_init (&iter, replica);
  while (g_hash_table_iter_next (&iter, &key, &value))
    if (!g_hash_table_contains (server, key) && problems++ < 5)
      g_string_append_printf (failure, "convergence: client %d has %s (%s), which its scope "
                              "on the server has not\n", c->index, (char *) key,
                              (char *) value);

  /* The facts of every case, value for value. */
  stmt = prepare (tj_store_get_db (c->store), "SELECT id, coalesce (facts, '') FROM \"case\"");
  while (sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_stmt *s = prepare (db, "SELECT coalesce (json_extract (doc, '$.facts'), '') "
                                     "FROM record WHERE id = ?");

      sqlite3_bind_blob (s, 1, sqlite3_column_blob (stmt, 0), 16, SQLITE_STATIC);
      if (sqlite3_step (s) == SQLITE_ROW &&
          g_strcmp0 ((const char *) sqlite3_column_text (s, 0),
                     (const char *) sqlite3_column_text (stmt, 1)) != 0 && problems++ < 5)
        {
          g_autofree char *id = hex (sqlite3_column_blob (stmt, 0));

          g_string_append_printf (failure, "convergence: client %d's case %s says “%s”, the "
                                  "server “%s”\n", c->index, id, sqlite3_column_text (stmt, 1),
                                  sqlite3_column_text (s, 0));
        }
      sqlite3_finalize (s);
    }
  sqlite3_finalize (stmt);
  return problems == 0;
}

/* Jurisdiction: every case of the replica belongs to the client's organisation or one
 * below it. */
static gboolean
check_scope (sqlite3 *db, SimClient *c, GString *failure)
{
  sqlite3_stmt *stmt = prepare (tj_store_get_db (c->store), "SELECT id, org_id FROM \"case\"");
  g_autofree char *home_path = NULL;
  gboolean ok = TRUE;
  TjUuid home;

  g_assert_true (sim_account_org (db, sim_people[c->index].user, &home, &home_path));
  while (ok && sqlite3_step (stmt) == SQLITE_ROW)
    {
      sqlite3_stmt *s = prepare (db, "SELECT path FROM org WHERE id = ?");

      sqlite3_bind_blob (s, 1, sqlite3_column_blob (stmt, 1), 16, SQLITE_STATIC);
      if (sqlite3_step (s) != SQLITE_ROW ||
          !g_str_has_prefix ((const char *) sqlite3_column_text (s, 0), home_path))
        {
          g_autofree char *id = hex (sqlite3_column_blob (stmt, 0));

          g_string_append_printf (failure, "jurisdiction: client %d holds case %s of another "
                                  "organisation\n", c->index, id);
          ok = FALSE;
        }
      sqlite3_finalize (s);
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* Exactly once: the server's ledger holds each of the client's mutations once, 1 to the
 * last, and that is what the client knows to be acknowledged. */
static gboolean
check_ledger (sqlite3 *db, SimClient *c, GString *failure)
{
  g_autofree char *acked_text = tj_store_get_meta (c->store, "acked_mutation_id");
  gint64 acked = acked_text ? g_ascii_strtoll (acked_text, NULL, 10) : 0;
  gint64 count, low, high, last = 0;
  TjUuid id;
  sqlite3_stmt *stmt;

  if (c->client_id == NULL || !tj_uuid_parse (c->client_id, &id))
    return TRUE;
  stmt = prepare (db, "SELECT count(*), coalesce (min (mutation_id), 0), "
                      "coalesce (max (mutation_id), 0) FROM ledger WHERE client_id = ?");
  sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  count = sqlite3_column_int64 (stmt, 0);
  low = sqlite3_column_int64 (stmt, 1);
  high = sqlite3_column_int64 (stmt, 2);
  sqlite3_finalize (stmt);
  stmt = prepare (db, "SELECT last_mutation_id FROM client WHERE client_id = ?");
  sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    last = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  if (count != high || (count > 0 && low != 1) || high != last || last != acked)
    {
      g_string_append_printf (failure, "exactly once: client %d acknowledged %lld; the "
                              "server's ledger has %lld rows (%lld to %lld), last %lld\n",
                              c->index, (long long) acked, (long long) count, (long long) low,
                              (long long) high, (long long) last);
      return FALSE;
    }
  return TRUE;
}

/* No lost acknowledged write: every value written since the last quiet point is the
 * server's value, was seen and overwritten by whoever wrote next, or is kept in a conflict
 * or a rejection record. */
static gboolean
check_writes (sqlite3 *db, GPtrArray *edits, GString *failure)
{
  guint problems = 0;

  for (guint i = 0; i < edits->len; i++)
    {
      SimEdit *e = g_ptr_array_index (edits, i);
      sqlite3_stmt *stmt;
      gboolean kept;

      if (e->superseded)
        continue;
      stmt = prepare (db, "SELECT 1 FROM record WHERE (id = ?1 AND instr (json_extract (doc, "
                          "'$.facts'), ?2) > 0) OR (type IN ('conflict', 'rejection') AND "
                          "instr (doc, ?2) > 0) LIMIT 1");
      sqlite3_bind_blob (stmt, 1, e->record.bytes, 16, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, e->value, -1, SQLITE_STATIC);
      kept = sqlite3_step (stmt) == SQLITE_ROW;
      sqlite3_finalize (stmt);
      if (!kept && problems++ < 5)
        {
          g_autofree char *id = hex (e->record.bytes);

          stmt = prepare (db, "SELECT version, json_extract (doc, '$.facts'), "
                              "json_extract (fields, '$.facts') FROM record WHERE id = ?");
          sqlite3_bind_blob (stmt, 1, e->record.bytes, 16, SQLITE_STATIC);
          if (sqlite3_step (stmt) == SQLITE_ROW)
            g_string_append_printf (failure, "lost write: client %d's %s is nowhere on the "
                                    "server; case %s v%lld has “%s” (%s)\n", e->client, e->value,
                                    id, (long long) sqlite3_column_int64 (stmt, 0),
                                    sqlite3_column_text (stmt, 1), sqlite3_column_text (stmt, 2));
          else
            g_string_append_printf (failure, "lost write: client %d's %s: case %s is not on "
                                    "the server\n", e->client, e->value, id);
          sqlite3_finalize (stmt);
        }
    }
  return problems == 0;
}

/* The checkpoint: what the replica counts of the server's records (tj-sync-sum.h) is the
 * count and sum its bucket has on the server, so a pull never starts a repair for nothing. */
static gboolean
check_checkpoint (sqlite3 *db, SimClient *c, GString *failure)
{
  g_autoptr(GError) error = NULL;
  sqlite3_stmt *stmt = prepare (db, "SELECT count, checksum FROM bucket_stat WHERE bucket = ?");
  gint64 count = 0, mine_count;
  guint64 sum = 0, mine_sum;
  TjUuid home;

  g_assert_true (sim_account_org (db, sim_people[c->index].user, &home, NULL));
  sqlite3_bind_blob (stmt, 1, home.bytes, 16, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      count = sqlite3_column_int64 (stmt, 0);
      sum = (guint64) sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_finalize (stmt);
  g_assert_true (tj_sync_sum_read (c->store, &mine_count, &mine_sum, &error));
  if (count == mine_count && sum == mine_sum)
    return TRUE;
  g_string_append_printf (failure, "checkpoint: client %d counts %lld records (sum %016llx), "
                          "its bucket on the server %lld (%016llx)\n", c->index,
                          (long long) mine_count, (unsigned long long) mine_sum,
                          (long long) count, (unsigned long long) sum);
  return FALSE;
}

gboolean
sim_check_quiet (sqlite3 *db, SimTemplate *t, SimClient *clients, GPtrArray *edits,
                 GString *failure)
{
  gboolean ok = TRUE;

  ok = check_writes (db, edits, failure) && ok;
  for (int i = 0; i < SIM_CLIENTS; i++)
    {
      ok = check_ledger (db, &clients[i], failure) && ok;
      ok = check_scope (db, &clients[i], failure) && ok;
      ok = check_convergence (db, &clients[i], failure) && ok;
      ok = check_checkpoint (db, &clients[i], failure) && ok;
    }
  return ok;
}
