/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "../server/server-util.h"
#include "sync-cli.h"
#include "tj-sync-task.h"

/* Sync end to end: the real tiaojie-server on loopback (seeded with the demo province),
 * real replica files, and tiaojie-cli as a mediator would run it. Two replicas of one
 * centre work offline, sync, and converge; the same field edited on both gives one
 * conflict with both values everywhere; a county supervisor sees its centres and
 * nothing of another county. */

typedef struct {
  TestServer *server;
  char       *dir;
  char       *password_file;
} Fixture;

/* tiaojie-cli on a replica of the fixture's folder; `out` takes its --json answer. */
#define cli(f, db, out, ...) sync_cli ((f)->dir, db, out, NULL, __VA_ARGS__)
#define cli_json(f, db, ...) sync_cli_json ((f)->dir, db, __VA_ARGS__)

static void
init_replica (Fixture *f, const char *db, const char *user, const char *desk)
{
  g_assert_cmpint (cli (f, db, NULL, "init", "--server", f->server->url, "--login", user,
                        "--password-file", f->password_file, "--desk", desk, NULL), ==, 0);
}

static void
do_sync (Fixture *f, const char *db, const char *user)
{
  g_assert_cmpint (cli (f, db, NULL, "sync", "--user", user, "--password-file", f->password_file,
                        "--attempts", "3", NULL), ==, 0);
}

static const char *
member (JsonNode *node, const char *name)
{
  return json_object_get_string_member (json_node_get_object (node), name);
}

static guint
n_cases (Fixture *f, const char *db)
{
  g_autoptr(JsonNode) list = cli_json (f, db, "case", "list", "--limit", "1000", NULL);

  return json_array_get_length (json_node_get_array (list));
}

static JsonNode *
show (Fixture *f, const char *db, const char *case_no)
{
  return cli_json (f, db, "case", "show", case_no, NULL);
}

static JsonArray *
open_conflicts (Fixture *f, const char *db, JsonNode **keep)
{
  *keep = cli_json (f, db, "conflicts", NULL);
  return json_node_get_array (*keep);
}

/* An organisation's id, from the administrator's list. */
/* The id of the administrator's `what` ("org" or "account") whose `key` is `value`. */
static char *
admin_find_id (Fixture *f, const char *what, const char *key, const char *value)
{
  g_autofree char *member = g_strconcat (what, "s", NULL);
  g_autoptr(JsonNode) items = cli_json (f, NULL, "admin", "--server", f->server->url, "--user",
                                        "admin", "--password-file", f->password_file, what, "list",
                                        NULL);
  JsonArray *list = JSON_NODE_HOLDS_ARRAY (items)
                      ? json_node_get_array (items)
                      : json_object_get_array_member (json_node_get_object (items), member);

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (json_object_get_string_member (o, key), value) == 0)
        return g_strdup (json_object_get_string_member (o, "id"));
    }
  g_assert_not_reached ();
}

static char *
org_id_by_code (Fixture *f, const char *code)
{
  return admin_find_id (f, "org", "code", code);
}

static void
add_account (Fixture *f, const char *org, const char *username, const char *name,
             const char *role)
{
  g_assert_cmpint (cli (f, NULL, NULL, "admin", "--server", f->server->url, "--user", "admin",
                        "--password-file", f->password_file, "account", "add", "--org", org,
                        "--username", username, "--name", name, "--role", role,
                        "--new-password-file", f->password_file, NULL), ==, 0);
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  f->server = test_server_start (NULL);
  f->dir = sync_cli_scratch ("tj-sync-XXXXXX", &f->password_file);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  test_server_stop (f->server);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->password_file);
}

static void
test_two_replicas_converge (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, on_b = NULL, a_after = NULL, b_after = NULL;
  g_autoptr(JsonNode) keep_a = NULL, keep_b = NULL, keep_a2 = NULL, keep_b2 = NULL;
  g_autofree char *case_no = NULL;
  JsonArray *conflicts_a, *conflicts_b;
  const char *conflict_id;

  init_replica (f, "a.sqlite", "mediator", "1");
  init_replica (f, "b.sqlite", "head", "2");

  /* A registers offline; after A and B sync, B has it. */
  created = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                      "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                      "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000",
                      "--facts", "拖欠三个月工资", NULL);
  case_no = g_strdup (member (created, "case_no"));
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, 0);
  do_sync (f, "a.sqlite", "mediator");
  do_sync (f, "b.sqlite", "head");
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, 1);
  on_b = show (f, "b.sqlite", case_no);
  g_assert_cmpstr (member (on_b, "facts"), ==, "拖欠三个月工资");

  /* Different fields of one case, offline on both: merged, no conflict. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "set", case_no, "industry=4710", NULL), ==, 0);
  g_assert_cmpint (cli (f, "b.sqlite", NULL, "case", "set", case_no, "workers=3", NULL), ==, 0);
  do_sync (f, "a.sqlite", "mediator");
  do_sync (f, "b.sqlite", "head");
  do_sync (f, "a.sqlite", "mediator");
  a_after = show (f, "a.sqlite", case_no);
  b_after = show (f, "b.sqlite", case_no);
  g_assert_cmpstr (member (a_after, "industry"), ==, "4710");
  g_assert_cmpstr (member (b_after, "industry"), ==, "4710");
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (a_after), "workers"), ==, 3);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (b_after), "workers"), ==, 3);
  g_assert_cmpuint (json_array_get_length (open_conflicts (f, "a.sqlite", &keep_a)), ==, 0);
  g_clear_pointer (&a_after, json_node_unref);
  g_clear_pointer (&b_after, json_node_unref);

  /* The same field on both: one conflict with both values, on both replicas. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "set", case_no, "facts=甲说：拖欠四个月", NULL), ==, 0);
  g_assert_cmpint (cli (f, "b.sqlite", NULL, "case", "set", case_no, "facts=乙说：拖欠两个月", NULL), ==, 0);
  do_sync (f, "a.sqlite", "mediator");
  do_sync (f, "b.sqlite", "head");
  do_sync (f, "a.sqlite", "mediator");
  conflicts_a = open_conflicts (f, "a.sqlite", &keep_a2);
  conflicts_b = open_conflicts (f, "b.sqlite", &keep_b);
  g_assert_cmpuint (json_array_get_length (conflicts_a), ==, 1);
  g_assert_cmpuint (json_array_get_length (conflicts_b), ==, 1);
  {
    JsonObject *c = json_array_get_object_element (conflicts_b, 0);
    const char *kept = json_object_get_string_member (c, "kept");
    const char *lost = json_object_get_string_member (c, "lost");

    g_assert_cmpstr (json_object_get_string_member (c, "field"), ==, "facts");
    g_assert_true ((g_strcmp0 (kept, "甲说：拖欠四个月") == 0 && g_strcmp0 (lost, "乙说：拖欠两个月") == 0) ||
                   (g_strcmp0 (kept, "乙说：拖欠两个月") == 0 && g_strcmp0 (lost, "甲说：拖欠四个月") == 0));
    conflict_id = json_object_get_string_member (c, "id");
    g_assert_cmpstr (conflict_id, ==,
                     json_object_get_string_member (json_array_get_object_element (conflicts_a, 0), "id"));
    /* Both replicas show the value the server kept. */
    a_after = show (f, "a.sqlite", case_no);
    b_after = show (f, "b.sqlite", case_no);
    g_assert_cmpstr (member (a_after, "facts"), ==, kept);
    g_assert_cmpstr (member (b_after, "facts"), ==, kept);

    /* The county's replica has the same conflict from the server. */
    {
      g_autoptr(JsonNode) keep_county = NULL;
      JsonArray *county;

      init_replica (f, "county.sqlite", "supervisor", "1");
      county = open_conflicts (f, "county.sqlite", &keep_county);
      g_assert_cmpuint (json_array_get_length (county), ==, 1);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (county, 0), "id"),
                       ==, conflict_id);
      g_assert_cmpstr (json_object_get_string_member (json_array_get_object_element (county, 0), "lost"),
                       ==, lost);
    }

    /* B keeps its own; the resolution syncs to A. */
    g_assert_cmpint (cli (f, "b.sqlite", NULL, "conflicts", "resolve", conflict_id, "--keep", "mine",
                          NULL), ==, 0);
  }
  do_sync (f, "b.sqlite", "head");
  do_sync (f, "a.sqlite", "mediator");
  g_clear_pointer (&a_after, json_node_unref);
  a_after = show (f, "a.sqlite", case_no);
  g_assert_cmpstr (member (a_after, "facts"), ==, "乙说：拖欠两个月");
  g_assert_cmpuint (json_array_get_length (open_conflicts (f, "a.sqlite", &keep_b2)), ==, 0);
}

/* A county supervisor's replica holds its centres' cases; another county's holds none,
 * and naming a bucket it was not granted is refused. */
static void
test_jurisdiction (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, answer = NULL;
  g_autofree char *other_county = NULL, *centre = NULL, *token = NULL, *path = NULL;
  guint status = 0;

  init_replica (f, "a.sqlite", "mediator", "1");
  created = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                      "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                      "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000", NULL);
  /* Edits of a case the server has not seen yet are one client's sequence, not a
   * conflict with its own registration. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "set", member (created, "case_no"),
                        "industry=4710", NULL), ==, 0);
  {
    g_autoptr(JsonNode) report = cli_json (f, "a.sqlite", "sync", "--user", "mediator",
                                           "--password-file", f->password_file, NULL);

    g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "pushed"), ==, 5);
    g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "conflicts"), ==, 0);
  }

  init_replica (f, "county.sqlite", "supervisor", "1");
  g_assert_cmpuint (n_cases (f, "county.sqlite"), ==, 1);

  /* A supervisor of 朝阳区, made by the administrator. */
  other_county = org_id_by_code (f, "220104");
  centre = org_id_by_code (f, "220102001");
  add_account (f, other_county, "chaoyang", "朝阳督导", "supervisor");
  init_replica (f, "other.sqlite", "chaoyang", "1");
  g_assert_cmpuint (n_cases (f, "other.sqlite"), ==, 0);

  /* Forging the centre's bucket. */
  token = test_server_login (f->server, "chaoyang", DEMO_PASSWORD);
  path = g_strdup_printf ("/v1/pull?bucket=%s&after=0&limit=10", centre);
  answer = test_server_call (f->server, "GET", path, token, NULL, TRUE, &status, NULL);
  g_assert_cmpuint (status, ==, 403);
  g_assert_cmpstr (test_error_code (answer), ==, "forbidden");
}

typedef struct {
  GMainLoop    *loop;
  GThread      *main_thread;
  guint         calls;
  gint64        last_pulled;
  gboolean      monotonic;
  gboolean      on_main_thread;
  gboolean      ok;
  GError       *error;
  TjSyncReport  report;
} AsyncRun;

static void
on_async_progress (const TjSyncReport *r, gpointer data)
{
  AsyncRun *run = data;

  run->calls++;
  run->on_main_thread = run->on_main_thread && g_thread_self () == run->main_thread;
  run->monotonic = run->monotonic && r->pulled >= run->last_pulled && r->pulled <= r->pull_total;
  run->last_pulled = r->pulled;
}

static void
on_async_done (GObject *source, GAsyncResult *result, gpointer data)
{
  AsyncRun *run = data;

  run->ok = tj_sync_run_finish (result, &run->report, &run->error);
  g_main_loop_quit (run->loop);
}

/* The app's way: a worker thread with its own connections, progress on the main loop. */
static void
test_async_progress (Fixture *f, gconstpointer data)
{
  g_autofree char *token = NULL, *path = NULL;
  AsyncRun run = { 0 };

  init_replica (f, "a.sqlite", "head", "1");
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "demo", "--cases", "150", "--seed", "3", NULL), ==, 0);
  do_sync (f, "a.sqlite", "head");
  init_replica (f, "b.sqlite", "mediator", "2");

  /* b is up to date; sync a's newer edits to the server, then b fetches them threaded. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "demo", "--cases", "50", "--seed", "4", NULL), ==, 0);
  do_sync (f, "a.sqlite", "head");
  token = test_server_login (f->server, "mediator", DEMO_PASSWORD);
  path = g_build_filename (f->dir, "b.sqlite", NULL);
  run.loop = g_main_loop_new (NULL, FALSE);
  run.main_thread = g_thread_self ();
  run.monotonic = TRUE;
  run.on_main_thread = TRUE;
  tj_sync_run_async (path, f->server->url, token, NULL, on_async_progress, &run, NULL,
                     on_async_done, &run);
  g_main_loop_run (run.loop);
  g_main_loop_unref (run.loop);
  g_assert_no_error (run.error);
  g_assert_true (run.ok);
  g_assert_cmpint (run.report.pulled, >, 0);
  g_assert_cmpuint (run.calls, >=, 1);
  g_assert_true (run.on_main_thread);
  g_assert_true (run.monotonic);
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, n_cases (f, "a.sqlite"));
}

/* A party and a claim edited on one replica of a centre arrive on the other through the
 * server: field patches, a new party with its agents, a removed party, a new claim. */
static void
test_party_edits_travel (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, report = NULL, on_a = NULL, on_b = NULL;
  g_autofree char *case_no = NULL, *a_parties = NULL, *b_parties = NULL;
  g_autofree char *a_claims = NULL, *b_claims = NULL;
  JsonObject *b_case, *applicant, *agent;

  init_replica (f, "a.sqlite", "mediator", "1");
  init_replica (f, "b.sqlite", "head", "2");
  created = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                      "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                      "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000", NULL);
  case_no = g_strdup (member (created, "case_no"));
  do_sync (f, "a.sqlite", "mediator");
  do_sync (f, "b.sqlite", "head");

  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "set", case_no, "applicant",
                        "phone=13900139000", "agents=李律师|13800138000|special:admit,settle",
                        NULL), ==, 0);
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "add", case_no, "--side",
                        "respondent", "--kind", "organisation", "--name", "长春宏达劳务派遣有限公司",
                        "--id", "91350100M000100Y43", NULL), ==, 0);
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "remove", case_no, "respondent",
                        NULL), ==, 0);
  /* Added and removed before the server saw it: the create carries its fields. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "add", case_no, "--side",
                        "third_party", "--name", "误录第三人", NULL), ==, 0);
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "remove", case_no, "third_party",
                        NULL), ==, 0);
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "claim", "add", case_no, "--type",
                        "compensation", "--amount", "5000", "--from", "2026-09-01", NULL), ==, 0);
  report = cli_json (f, "a.sqlite", "sync", "--user", "mediator", "--password-file",
                     f->password_file, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "rejected"), ==, 0);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "conflicts"), ==, 0);
  do_sync (f, "b.sqlite", "head");

  on_a = show (f, "a.sqlite", case_no);
  on_b = show (f, "b.sqlite", case_no);
  b_case = json_node_get_object (on_b);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (b_case, "parties")), ==, 2);
  applicant = json_array_get_object_element (json_object_get_array_member (b_case, "parties"), 0);
  g_assert_cmpstr (json_object_get_string_member (applicant, "phone"), ==, "13900139000");
  agent = json_array_get_object_element (json_object_get_array_member (applicant, "agents"), 0);
  g_assert_cmpstr (json_object_get_string_member (agent, "name"), ==, "李律师");
  g_assert_cmpstr (json_object_get_string_member (agent, "authority"), ==, "special");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (agent, "powers")), ==, 2);
  g_assert_cmpstr (json_object_get_string_member (
                     json_array_get_object_element (json_object_get_array_member (b_case, "parties"), 1),
                     "name"), ==, "长春宏达劳务派遣有限公司");
  g_assert_cmpint (json_object_get_int_member (b_case, "claimed_fen"), ==, 1700000);
  /* Both replicas hold the same parties and claims. */
  a_parties = json_to_string (json_object_get_member (json_node_get_object (on_a), "parties"), FALSE);
  b_parties = json_to_string (json_object_get_member (b_case, "parties"), FALSE);
  g_assert_cmpstr (a_parties, ==, b_parties);
  a_claims = json_to_string (json_object_get_member (json_node_get_object (on_a), "claims"), FALSE);
  b_claims = json_to_string (json_object_get_member (b_case, "claims"), FALSE);
  g_assert_cmpstr (a_claims, ==, b_claims);

  /* A claim registered with its case and removed before either was pushed: the
   * registration's number for it still goes (as a delete of nothing), nothing is refused. */
  g_clear_pointer (&created, json_node_unref);
  g_clear_pointer (&report, json_node_unref);
  g_clear_pointer (&on_b, json_node_unref);
  g_clear_pointer (&case_no, g_free);
  created = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-21", "--type", "wages",
                      "--applicant", "孙权", "--applicant-id", "11010119900307002X",
                      "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:8000",
                      "--claim", "compensation:3000", NULL);
  case_no = g_strdup (member (created, "case_no"));
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "claim", "remove", case_no, "2", NULL), ==, 0);
  report = cli_json (f, "a.sqlite", "sync", "--user", "mediator", "--password-file",
                     f->password_file, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "rejected"), ==, 0);
  do_sync (f, "b.sqlite", "head");
  on_b = show (f, "b.sqlite", case_no);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (on_b),
                                                                         "claims")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (on_b), "claimed_fen"), ==, 800000);
}

/* A county supervisor delegates a case to the county's other centre: the first centre's
 * replicas drop it (its offline edit of it is refused, visibly), the second centre's
 * receive it whole and may work on it, and the county sees that work. */
static void
test_delegate (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, report = NULL, on_b = NULL, on_county = NULL;
  g_autofree char *other_centre = org_id_by_code (f, "220102002");
  g_autofree char *out = NULL, *err = NULL;
  const char *case_no;

  init_replica (f, "a.sqlite", "mediator", "1");
  created = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                      "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                      "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000", NULL);
  case_no = member (created, "case_no");
  do_sync (f, "a.sqlite", "mediator");
  add_account (f, other_centre, "ziqiang", "自强调解员", "mediator");
  init_replica (f, "b.sqlite", "ziqiang", "1");
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, 0);
  init_replica (f, "county.sqlite", "supervisor", "1");
  g_assert_cmpuint (n_cases (f, "county.sqlite"), ==, 1);

  /* Not a mediator's to do; not to an arbitration institution; not outside the county. */
  g_assert_cmpint (sync_cli (f->dir, "a.sqlite", NULL, &err, "case", "delegate", case_no,
                             "220102002", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "supervisor"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sync_cli (f->dir, "county.sqlite", NULL, &err, "case", "delegate", case_no,
                             "220102", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "does not mediate"));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (sync_cli (f->dir, "county.sqlite", NULL, &err, "case", "delegate", case_no,
                             "220104001", NULL), !=, 0);
  g_assert_nonnull (strstr (err, "220104001"));
  g_clear_pointer (&err, g_free);

  /* The first centre edits it offline while the county delegates it. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "set", case_no, "facts=离线补充的事实",
                        NULL), ==, 0);
  g_assert_cmpint (cli (f, "county.sqlite", NULL, "case", "delegate", case_no, "220102002",
                        "--reason", "就近调解", NULL), ==, 0);
  on_county = show (f, "county.sqlite", case_no);
  g_assert_cmpstr (member (on_county, "org_id"), ==, other_centre);
  do_sync (f, "county.sqlite", "supervisor");

  report = cli_json (f, "a.sqlite", "sync", "--user", "mediator", "--password-file",
                     f->password_file, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "rejected"), ==, 1);
  g_assert_cmpuint (n_cases (f, "a.sqlite"), ==, 0);

  do_sync (f, "b.sqlite", "ziqiang");
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, 1);
  on_b = show (f, "b.sqlite", case_no);
  g_assert_cmpstr (member (on_b, "org_id"), ==, other_centre);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (on_b),
                                                                         "claims")), ==, 1);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (on_b),
                                                                         "parties")), ==, 2);
  g_assert_cmpint (cli (f, "b.sqlite", NULL, "case", "set", case_no, "facts=自强街道核实的事实",
                        NULL), ==, 0);
  do_sync (f, "b.sqlite", "ziqiang");
  do_sync (f, "county.sqlite", "supervisor");
  g_clear_pointer (&on_county, json_node_unref);
  on_county = show (f, "county.sqlite", case_no);
  g_assert_cmpstr (member (on_county, "facts"), ==, "自强街道核实的事实");
  g_assert_cmpuint (n_cases (f, "county.sqlite"), ==, 1);
}

static char *
account_id (Fixture *f, const char *username)
{
  return admin_find_id (f, "account", "username", username);
}

/* A mediator moves to the county's other centre while offline with edits: at the next
 * sync the replica takes the new centre as its home, its edits of the old centre's cases
 * are refused (visibly), it drops the old centre's cases and holds the new one's, and
 * what it registers from then on belongs to the new centre. */
static void
test_user_moves (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) mine = NULL, theirs = NULL, report = NULL, later = NULL, shown = NULL;
  g_autofree char *other_centre = org_id_by_code (f, "220102002");
  g_autofree char *mediator = account_id (f, "mediator");
  JsonObject *r;

  init_replica (f, "a.sqlite", "mediator", "1");
  mine = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                   "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                   "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000", NULL);
  do_sync (f, "a.sqlite", "mediator");
  add_account (f, other_centre, "ziqiang", "自强调解员", "mediator");
  init_replica (f, "b.sqlite", "ziqiang", "1");
  theirs = cli_json (f, "b.sqlite", "case", "new", "--received", "2026-11-21", "--type", "wages",
                     "--applicant", "孙权", "--applicant-id", "11010119900307002X",
                     "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:8000", NULL);
  do_sync (f, "b.sqlite", "ziqiang");

  /* Offline on A: an edit of its centre's case. Meanwhile the administrator moves A's user. */
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "set", member (mine, "case_no"),
                        "facts=调动前写下的事实", NULL), ==, 0);
  g_assert_cmpint (cli (f, NULL, NULL, "admin", "--server", f->server->url, "--user", "admin",
                        "--password-file", f->password_file, "account", "move", mediator,
                        "--org", other_centre, NULL), ==, 0);

  report = cli_json (f, "a.sqlite", "sync", "--user", "mediator", "--password-file",
                     f->password_file, NULL);
  r = json_node_get_object (report);
  g_assert_true (json_object_get_boolean_member (r, "rehomed"));
  g_assert_cmpint (json_object_get_int_member (r, "rejected"), ==, 1);
  g_assert_cmpuint (n_cases (f, "a.sqlite"), ==, 1);
  shown = show (f, "a.sqlite", member (theirs, "case_no"));
  g_assert_cmpstr (member (shown, "org_id"), ==, other_centre);

  /* A new case now belongs to the new centre, which accepts it. */
  later = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-22", "--type", "wages",
                    "--applicant", "周瑜", "--applicant-id", "11010119900307002X",
                    "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:5000", NULL);
  g_clear_pointer (&report, json_node_unref);
  report = cli_json (f, "a.sqlite", "sync", "--user", "mediator", "--password-file",
                     f->password_file, NULL);
  r = json_node_get_object (report);
  g_assert_cmpint (json_object_get_int_member (r, "rejected"), ==, 0);
  g_assert_false (json_object_get_boolean_member (r, "rehomed"));
  do_sync (f, "b.sqlite", "ziqiang");
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, 2);
}

/* Two replicas of one centre set up with the same desk: the server gives the second
 * another, so their offline case numbers never collide. */
static void
test_desks (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) on_a = NULL, on_b = NULL;

  init_replica (f, "a.sqlite", "mediator", "1");
  init_replica (f, "b.sqlite", "head", "1");
  on_a = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                   "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                   "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000", NULL);
  on_b = cli_json (f, "b.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                   "--applicant", "孙权", "--applicant-id", "11010119900307002X",
                   "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:8000", NULL);
  g_assert_cmpstr (member (on_a, "case_no"), !=, member (on_b, "case_no"));
  g_assert_null (strstr (member (on_a, "case_no"), "-"));
  g_assert_nonnull (strstr (member (on_b, "case_no"), "〕2-1号"));
  do_sync (f, "a.sqlite", "mediator");
  do_sync (f, "b.sqlite", "head");
  do_sync (f, "a.sqlite", "mediator");
  g_assert_cmpuint (n_cases (f, "a.sqlite"), ==, 2);
  g_assert_cmpuint (n_cases (f, "b.sqlite"), ==, 2);
}

/* A replica offline for longer than the server keeps deletions: the server has dropped
 * the remove of a party, so the replica's next sync starts its bucket over and the party
 * leaves it too. */
static void
test_offline_past_horizon (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, report = NULL, on_b = NULL;
  g_autofree char *dir = g_strdup (f->server->dir);
  const char * const keep_none[] = { "--keep-removes", "0", NULL };
  const char *case_no;

  init_replica (f, "a.sqlite", "mediator", "1");
  created = cli_json (f, "a.sqlite", "case", "new", "--received", "2026-11-20", "--type", "wages",
                      "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                      "--respondent", "长春宏达建筑工程有限公司", "--claim", "wages:12000", NULL);
  case_no = member (created, "case_no");
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "add", case_no, "--side",
                        "respondent", "--kind", "organisation", "--name", "长春宏达劳务派遣有限公司",
                        "--id", "91350100M000100Y43", NULL), ==, 0);
  do_sync (f, "a.sqlite", "mediator");
  init_replica (f, "b.sqlite", "head", "2");
  on_b = show (f, "b.sqlite", case_no);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (on_b),
                                                                         "parties")), ==, 3);
  g_assert_cmpint (cli (f, "a.sqlite", NULL, "case", "party", "remove", case_no, "respondent2",
                        NULL), ==, 0);
  do_sync (f, "a.sqlite", "mediator");

  g_usleep (5000);
  test_server_stop_keep (f->server);
  g_free (f->server->dir);
  g_free (f->server);
  f->server = test_server_start_full (dir, FALSE, keep_none);
  report = cli_json (f, "b.sqlite", "sync", "--server", f->server->url, "--user", "head",
                     "--password-file", f->password_file, NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (report), "resets"), ==, 1);
  g_clear_pointer (&on_b, json_node_unref);
  on_b = show (f, "b.sqlite", case_no);
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (json_node_get_object (on_b),
                                                                         "parties")), ==, 2);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync/two-replicas-converge", Fixture, NULL, fixture_set_up,
              test_two_replicas_converge, fixture_tear_down);
  g_test_add ("/sync/jurisdiction", Fixture, NULL, fixture_set_up, test_jurisdiction,
              fixture_tear_down);
  g_test_add ("/sync/party-edits-travel", Fixture, NULL, fixture_set_up,
              test_party_edits_travel, fixture_tear_down);
  g_test_add ("/sync/async-progress", Fixture, NULL, fixture_set_up, test_async_progress,
              fixture_tear_down);
  g_test_add ("/sync/delegate", Fixture, NULL, fixture_set_up, test_delegate,
              fixture_tear_down);
  g_test_add ("/sync/user-moves", Fixture, NULL, fixture_set_up, test_user_moves,
              fixture_tear_down);
  g_test_add ("/sync/desks", Fixture, NULL, fixture_set_up, test_desks, fixture_tear_down);
  g_test_add ("/sync/offline-past-horizon", Fixture, NULL, fixture_set_up,
              test_offline_past_horizon, fixture_tear_down);
  return g_test_run ();
}
