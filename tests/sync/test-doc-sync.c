/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "../server/sync-util.h"
#include "sync-cli.h"
#include "tj-protocol.h"

/* Final documents end to end: the real server on loopback and real replicas driven by
 * tiaojie-cli. A centre renders a final agreement and syncs; the county supervisor's
 * replica gets the record and fetches the very PDF; the server verifies a PDF for a
 * caller of the jurisdiction (recorded, tampered, unknown) and knows nothing of it for a
 * caller of another county. A forged document push is refused, naming the field. A
 * submitted monthly report is locked, and goes to the county like any document. */

typedef struct {
  SyncWorld *world;
  char      *dir;
  char      *password_file;       /* the demo accounts' */
  char      *far_password_file;   /* supervisor2's, of county 220104 */
  char      *url;
} Fixture;

#define cli(f, db, err, ...) sync_cli ((f)->dir, db, NULL, err, __VA_ARGS__)
#define cli_json(f, db, ...) sync_cli_json ((f)->dir, db, __VA_ARGS__)

static char *
write_file (Fixture *f, const char *name, const char *contents, gsize length)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, contents, (gssize) length, NULL));
  return path;
}

static void
fixture_set_up (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->world = sync_world_new ();
  f->url = f->world->server->url;
  f->dir = g_dir_make_tmp ("tj-doc-sync-XXXXXX", &error);
  g_assert_no_error (error);
  f->password_file = write_file (f, "password", DEMO_PASSWORD "\n", strlen (DEMO_PASSWORD) + 1);
  f->far_password_file = write_file (f, "password2", SYNC_PASSWORD "\n",
                                     strlen (SYNC_PASSWORD) + 1);
}

static void
fixture_tear_down (Fixture *f, gconstpointer data)
{
  sync_world_free (f->world);
  test_remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->password_file);
  g_free (f->far_password_file);
}

static void
init_replica (Fixture *f, const char *db, const char *user)
{
  g_assert_cmpint (cli (f, db, NULL, "init", "--server", f->url, "--login", user,
                        "--password-file", f->password_file, "--desk", "1", NULL), ==, 0);
}

static void
sync_as (Fixture *f, const char *db, const char *user)
{
  g_assert_cmpint (cli (f, db, NULL, "sync", "--server", f->url, "--user", user,
                        "--password-file", f->password_file, NULL), ==, 0);
}

/* A date `days` from today, YYYY-MM-DD. */
static char *
day (int days)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) then = g_date_time_add_days (now, days);

  return g_date_time_format (then, "%Y-%m-%d");
}

/* A case of the centre, received three days ago and agreed: ready for a final agreement. */
static char *
agreed_case (Fixture *f, const char *db)
{
  g_autofree char *received = day (-3), *due = day (30), *clause = NULL;
  g_autoptr(JsonNode) created = NULL;
  char *case_no;

  created = cli_json (f, db, "case", "new", "--received", received, "--type", "wages",
                      "--applicant", "赵云", "--applicant-id", "11010119900307002X",
                      "--applicant-address", "北京市东城区东四北大街1号",
                      "--respondent", "长春宏达建筑工程有限公司",
                      "--respondent-address", "长春市南关区人民大街1号",
                      "--respondent-legal-rep", "王五", "--claim", "wages:12000",
                      "--facts", "拖欠三个月工资", NULL);
  case_no = g_strdup (json_object_get_string_member (json_node_get_object (created), "case_no"));
  g_assert_cmpint (cli (f, db, NULL, "case", "set", case_no, "respondent.id_type=uscc",
                        "respondent.id_number=91110101MA0000015M", NULL), ==, 0);
  g_assert_cmpint (cli (f, db, NULL, "roster", "add", "--name", "王调解", NULL), ==, 0);
  g_assert_cmpint (cli (f, db, NULL, "case", "do", case_no, "accept", "--consent", NULL), ==, 0);
  g_assert_cmpint (cli (f, db, NULL, "case", "do", case_no, "assign", "--mediator", "王调解",
                        NULL), ==, 0);
  clause = g_strdup_printf ("respondent>applicant|支付拖欠工资|12000|%s|银行转账", due);
  g_assert_cmpint (cli (f, db, NULL, "case", "do", case_no, "agree", "--clause", clause, NULL),
                   ==, 0);
  return case_no;
}

/* One value of a replica's file, as text. */
static char *
replica_value (Fixture *f, const char *db, const char *sql)
{
  g_autofree char *path = g_build_filename (f->dir, db, NULL);
  sqlite3 *handle = NULL;
  sqlite3_stmt *stmt = NULL;
  char *value = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &handle, SQLITE_OPEN_READONLY, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (handle, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_finalize (stmt);
  sqlite3_close (handle);
  return value;
}

static GBytes *
read_bytes (const char *path)
{
  g_autoptr(GError) error = NULL;
  char *contents = NULL;
  gsize length;

  g_assert_true (g_file_get_contents (path, &contents, &length, &error));
  return g_bytes_new_take (contents, length);
}

/* The server's verdict on these bytes for a caller. */
static char *
verdict_for (Fixture *f, const char *token, GBytes *pdf, JsonNode **answer_out)
{
  guint status = 0;
  g_autoptr(JsonNode) answer = sync_send (f->world->server, "POST", "/v1/documents/verify",
                                          token, pdf, NULL, &status);
  char *verdict;

  g_assert_cmpuint (status, ==, 200);
  verdict = g_strdup (test_member_string (answer, "verdict"));
  if (answer_out != NULL)
    *answer_out = g_steal_pointer (&answer);
  return verdict;
}

static void
test_agreement (Fixture *f, gconstpointer data)
{
  g_autofree char *case_no = NULL, *code = NULL, *pdf = NULL, *fetched = NULL, *err = NULL;
  g_autofree char *draft = NULL, *tampered_path = NULL, *version = NULL, *verdict = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GBytes) original = NULL, copy = NULL, draft_bytes = NULL, tampered = NULL;
  g_autoptr(JsonNode) answer = NULL, verified = NULL;
  g_autoptr(GByteArray) changed = g_byte_array_new ();

  init_replica (f, "centre.sqlite", "head");
  case_no = agreed_case (f, "centre.sqlite");
  pdf = g_build_filename (f->dir, "agreement.pdf", NULL);
  g_assert_cmpint (cli (f, "centre.sqlite", NULL, "doc", "render", case_no, "agreement",
                        "--final", "-o", pdf, NULL), ==, 0);
  code = replica_value (f, "centre.sqlite", "SELECT verification FROM document");
  g_assert_nonnull (code);
  sync_as (f, "centre.sqlite", "head");
  /* The server took it and sent it back: the centre's record has the server's version. */
  version = replica_value (f, "centre.sqlite", "SELECT version FROM document");
  g_assert_cmpstr (version, ==, "1");

  /* The county's replica has the record, and fetches the identical bytes on demand. */
  init_replica (f, "county.sqlite", "supervisor");
  {
    g_autofree char *kind = replica_value (f, "county.sqlite", "SELECT kind || ' ' || number || "
                                           "' ' || verification FROM document");
    g_autofree char *want = g_strdup_printf ("agreement %s %s", case_no, code);

    g_assert_cmpstr (kind, ==, want);
  }
  fetched = g_build_filename (f->dir, "fetched.pdf", NULL);
  g_assert_cmpint (cli (f, "county.sqlite", &err, "doc", "fetch", code, "-o", fetched, NULL),
                   ==, 1);
  g_assert_nonnull (strstr (err, "not on this replica"));
  g_assert_cmpint (cli (f, "county.sqlite", NULL, "doc", "fetch", code, "-o", fetched,
                        "--user", "supervisor", "--password-file", f->password_file, NULL),
                   ==, 0);
  original = read_bytes (pdf);
  copy = read_bytes (fetched);
  g_assert_true (g_bytes_equal (original, copy));
  /* Now it is here: the county's own replica verifies it too. */
  verified = cli_json (f, "county.sqlite", "doc", "verify", fetched, NULL);
  g_assert_cmpstr (test_member_string (verified, "verdict"), ==, "recorded");

  /* The server: recorded, by the CLI with no replica at all. */
  g_assert_cmpint (sync_cli (f->dir, NULL, &out, NULL, "doc", "verify", pdf, "--server", f->url,
                             "--user", "supervisor", "--password-file", f->password_file, NULL),
                   ==, 0);
  g_assert_nonnull (strstr (out, "\"verdict\" : \"recorded\""));
  g_assert_nonnull (strstr (out, code));
  g_assert_nonnull (strstr (out, case_no));
  g_assert_nonnull (strstr (out, "\"source\" : \"server\""));

  /* One byte changed: tampered, and the code says of what. */
  g_byte_array_append (changed, g_bytes_get_data (original, NULL), g_bytes_get_size (original));
  changed->data[changed->len / 3] ^= 0x01;
  tampered = g_byte_array_free_to_bytes (g_steal_pointer (&changed));
  tampered_path = write_file (f, "tampered.pdf", g_bytes_get_data (tampered, NULL),
                              g_bytes_get_size (tampered));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "doc", "verify", tampered_path, "--server", f->url,
                        "--user", "head", "--password-file", f->password_file, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "tampered:"));
  g_assert_nonnull (strstr (err, code));
  verdict = verdict_for (f, f->world->supervisor, tampered, &answer);
  g_assert_cmpstr (verdict, ==, "tampered");
  g_assert_cmpstr (test_member_string (answer, "case_no"), ==, case_no);
  g_assert_cmpstr (test_member_string (answer, "kind"), ==, "agreement");
  g_clear_pointer (&verdict, g_free);

  /* A PDF of ours that was never recorded: unknown. */
  draft = g_build_filename (f->dir, "draft.pdf", NULL);
  g_assert_cmpint (cli (f, "centre.sqlite", NULL, "doc", "render", case_no, "agreement", "-o",
                        draft, NULL), ==, 0);
  draft_bytes = read_bytes (draft);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "doc", "verify", draft, "--server", f->url, "--user",
                        "supervisor", "--password-file", f->password_file, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "not recorded:"));
  verdict = verdict_for (f, f->world->supervisor, draft_bytes, NULL);
  g_assert_cmpstr (verdict, ==, "unknown");
  g_clear_pointer (&verdict, g_free);

  /* Another county's supervisor learns nothing of it, whole or tampered. */
  verdict = verdict_for (f, f->world->far_supervisor, original, NULL);
  g_assert_cmpstr (verdict, ==, "unknown");
  g_clear_pointer (&verdict, g_free);
  verdict = verdict_for (f, f->world->far_supervisor, tampered, NULL);
  g_assert_cmpstr (verdict, ==, "unknown");
  g_clear_pointer (&verdict, g_free);
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, NULL, &err, "doc", "verify", pdf, "--server", f->url, "--user",
                        "supervisor2", "--password-file", f->far_password_file, NULL), ==, 1);
  g_assert_true (g_str_has_prefix (err, "not recorded:"));
  /* Nor may it download the bytes. */
  {
    g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, original);
    g_autofree char *path = g_strconcat ("/v1/blobs/", sha, NULL);
    guint status = 0;
    g_autoptr(JsonNode) refused = sync_send (f->world->server, "GET", path,
                                             f->world->far_supervisor, NULL, NULL, &status);

    g_assert_cmpuint (status, ==, 404);
  }

  /* Not a PDF: the field and the rule. */
  {
    g_autoptr(GBytes) text = g_bytes_new_static ("hello", 5);
    guint status = 0;
    g_autoptr(JsonNode) refused = sync_send (f->world->server, "POST", "/v1/documents/verify",
                                             f->world->supervisor, text, NULL, &status);

    g_assert_cmpuint (status, ==, 400);
    g_assert_cmpstr (test_member_string (refused, "field"), ==, "body");
  }
}

/* A document push a replica would never make, each refused with the field at fault, and
 * nothing of it kept. */
static void
test_forged (Fixture *f, gconstpointer data)
{
  SyncWorld *w = f->world;
  g_autofree char *case_id = sync_new_id (), *doc = sync_new_id (), *body = NULL;
  g_autoptr(GPtrArray) ms = sync_mutations_new ();
  g_autoptr(TjSyncPushAnswer) answer = NULL;
  const char *sha = "3dd9ee036cb125c757117bd4a7d48288799cb466529c946ce8719d882d7d6930";
  struct {
    const char *token, *org, *case_id, *number, *sha, *code, *kind, *ref, *field;
  } forged[] = {
    /* Another centre's head claims a document of this centre's case for its own. */
    { w->other_head, w->other_centre, case_id, "南岭调〔2026〕1号", sha, "AAAA-BBBB-CCCC-DDD1",
      "agreement", "南岭调〔2026〕1号", "case_id" },
    { w->head, w->centre, case_id, "南岭调〔2026〕1号", "3DD9", "AAAA-BBBB-CCCC-DDD2",
      "agreement", "南岭调〔2026〕1号", "sha256" },
    { w->head, w->centre, case_id, "南岭调〔2026〕1号", sha, "AAAA-BBBB-CCCC-DDDU",
      "agreement", "南岭调〔2026〕1号", "verification" },
    { w->head, w->centre, case_id, "南岭调〔2026〕9号", sha, "AAAA-BBBB-CCCC-DDD3",
      "agreement", "南岭调〔2026〕9号", "number" },
    { w->head, w->centre, case_id, "南岭调〔2026〕1号", sha, "AAAA-BBBB-CCCC-DDD4",
      "payslip", "南岭调〔2026〕1号", "kind" },
    /* The code of the document pushed below. */
    { w->head, w->centre, case_id, "南岭调〔2026〕1号", sha, "AAAA-BBBB-CCCC-DDD0",
      "agreement", "南岭调〔2026〕1号", "verification" },
    { w->head, w->centre, NULL, NULL, sha, "AAAA-BBBB-CCCC-DDD5", "monthly_stats", "2026-13",
      "ref" },
    { w->far_supervisor, w->centre, case_id, "南岭调〔2026〕1号", sha, "AAAA-BBBB-CCCC-DDD6",
      "agreement", "南岭调〔2026〕1号", "org_id" },
  };
  gint64 next[3] = { 3, 1, 1 };

  body = g_strdup_printf ("{\"org_id\":\"%s\",\"case_no\":\"南岭调〔2026〕1号\","
                          "\"received\":\"2026-11-20\",\"state\":\"received\","
                          "\"types\":\"wages\",\"source\":\"application\","
                          "\"channel\":\"walk_in\"}", w->centre);
  sync_add (ms, 1, case_id, "case", TJ_OP_CREATE, 0, body);
  g_free (body);
  body = g_strdup_printf ("{\"org_id\":\"%s\",\"case_id\":\"%s\",\"kind\":\"agreement\","
                          "\"number\":\"南岭调〔2026〕1号\",\"ref\":\"南岭调〔2026〕1号\","
                          "\"sha256\":\"%s\",\"verification\":\"AAAA-BBBB-CCCC-DDD0\","
                          "\"pages\":2,\"rendered_at\":1700000000000}", w->centre, case_id, sha);
  sync_add (ms, 2, doc, "document", TJ_OP_CREATE, 0, body);
  answer = sync_push_ok (w, w->head, "01900000-0000-7000-8000-0000000000d1", ms);
  g_assert_cmpint (((TjSyncResult *) answer->results->pdata[1])->status, ==, TJ_SYNC_APPLIED);

  for (guint i = 0; i < G_N_ELEMENTS (forged); i++)
    {
      g_autoptr(GPtrArray) one = sync_mutations_new ();
      g_autoptr(TjSyncPushAnswer) refused = NULL;
      g_autofree char *id = sync_new_id ();
      g_autofree char *fields = NULL;
      g_autofree char *case_member = forged[i].case_id != NULL
        ? g_strdup_printf ("\"case_id\":\"%s\",\"number\":\"%s\",", forged[i].case_id,
                           forged[i].number)
        : g_strdup ("");
      guint who = forged[i].token == w->head ? 0 : forged[i].token == w->other_head ? 1 : 2;
      const char *clients[] = { "01900000-0000-7000-8000-0000000000d1",
                                "01900000-0000-7000-8000-0000000000d2",
                                "01900000-0000-7000-8000-0000000000d3" };
      TjSyncResult *r;

      fields = g_strdup_printf ("{\"org_id\":\"%s\",%s\"kind\":\"%s\",\"ref\":\"%s\","
                                "\"sha256\":\"%s\",\"verification\":\"%s\",\"pages\":1,"
                                "\"rendered_at\":1700000000000}", forged[i].org, case_member,
                                forged[i].kind, forged[i].ref, forged[i].sha, forged[i].code);
      sync_add (one, next[who]++, id, "document", TJ_OP_CREATE, 0, fields);
      refused = sync_push_ok (w, forged[i].token, clients[who], one);
      r = refused->results->pdata[0];
      g_test_message ("forged %u: %s (%s)", i, r->reason, r->field);
      g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
      g_assert_cmpstr (r->field, ==, forged[i].field);
      g_assert_true (strstr (r->reason, forged[i].field) != NULL ||
                     strstr (r->reason, "jurisdiction") != NULL);
    }

  /* A document is never changed: a patch of the one recorded is refused. */
  {
    g_autoptr(GPtrArray) one = sync_mutations_new ();
    g_autoptr(TjSyncPushAnswer) refused = NULL;
    TjSyncResult *r;

    sync_add (one, next[0]++, doc, "document", TJ_OP_PATCH, 1, "{\"pages\":3}");
    refused = sync_push_ok (w, w->head, "01900000-0000-7000-8000-0000000000d1", one);
    r = refused->results->pdata[0];
    g_assert_cmpint (r->status, ==, TJ_SYNC_REJECTED);
    g_assert_nonnull (strstr (r->reason, "never changed"));
  }

  /* The county pulls the one document that was accepted, and no other. */
  {
    g_autoptr(TjSyncPage) page = sync_pull_ok (w, w->supervisor, w->county, 0);
    TjSyncPageOp *op = sync_page_find (page, doc);

    g_assert_cmpuint (sync_page_count (page, "document"), ==, 1);
    g_assert_nonnull (op);
    /* As it was pushed (the refused patch sent it again, as any refused edit does). */
    g_assert_cmpint (json_object_get_int_member (op->doc, "pages"), ==, 2);
    g_assert_cmpstr (json_object_get_string_member (op->doc, "verification"), ==,
                     "AAAA-BBBB-CCCC-DDD0");
  }
}

/* The centre submits its monthly report: a second submission is refused, the month
 * renders as submitted and its CSV is the submitted one after the figures change, and the
 * county gets the record (naming the CSV) and the very PDF; the county's own report
 * counts the centre in its region rows. */
static void
test_monthly_report (Fixture *f, gconstpointer data)
{
  g_autofree char *case_no = NULL, *month = NULL, *report = NULL, *again = NULL, *err = NULL;
  g_autofree char *code = NULL, *county_copy = NULL, *csv_path = NULL, *csv = NULL;
  g_autofree char *centre_name = NULL, *row = NULL;
  g_autofree char *submitted_csv = NULL, *again_csv = NULL, *csv_sha = NULL;
  g_autoptr(GBytes) submitted = NULL, rendered = NULL, fetched = NULL;
  g_autoptr(GBytes) submitted_bytes = NULL, again_bytes = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) received = g_date_time_add_days (now, -3);

  init_replica (f, "centre.sqlite", "head");
  case_no = agreed_case (f, "centre.sqlite");
  month = g_date_time_format (received, "%Y-%m");
  report = g_build_filename (f->dir, "report.pdf", NULL);
  again = g_build_filename (f->dir, "again.pdf", NULL);
  submitted_csv = g_build_filename (f->dir, "submitted.csv", NULL);
  again_csv = g_build_filename (f->dir, "again.csv", NULL);
  g_assert_cmpint (cli (f, "centre.sqlite", &err, "stats", "report", "--month", month,
                        "--submit", "--pdf", report, "--csv", submitted_csv, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "verification code"));
  code = replica_value (f, "centre.sqlite", "SELECT verification FROM document "
                                            "WHERE kind = 'monthly_stats'");
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, "centre.sqlite", &err, "stats", "report", "--month", month,
                        "--submit", "--pdf", again, NULL), ==, 1);
  g_assert_nonnull (strstr (err, "locked"));
  g_assert_nonnull (strstr (err, code));
  g_assert_false (g_file_test (again, G_FILE_TEST_EXISTS));
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, "centre.sqlite", &err, "stats", "report", "--month", month,
                        "--pdf", again, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "submitted"));
  submitted = read_bytes (report);
  rendered = read_bytes (again);
  g_assert_true (g_bytes_equal (submitted, rendered));

  /* The CSV is locked with it: another case of the month changes the figures, not the
   * submitted CSV, which comes back byte for byte. */
  {
    g_autofree char *received_day = day (-3);

    g_assert_cmpint (cli (f, "centre.sqlite", NULL, "case", "new", "--received", received_day,
                          "--type", "wages", "--applicant", "钱七", "--respondent",
                          "长春宏达建筑工程有限公司", "--claim", "wages:5000", NULL), ==, 0);
  }
  g_clear_pointer (&err, g_free);
  g_assert_cmpint (cli (f, "centre.sqlite", &err, "stats", "report", "--month", month,
                        "--csv", again_csv, NULL), ==, 0);
  g_assert_nonnull (strstr (err, "The CSV is the submitted one."));
  submitted_bytes = read_bytes (submitted_csv);
  again_bytes = read_bytes (again_csv);
  g_assert_true (g_bytes_equal (submitted_bytes, again_bytes));
  g_assert_nonnull (g_strstr_len (g_bytes_get_data (submitted_bytes, NULL),
                                  g_bytes_get_size (submitted_bytes), "total,,received,1\r\n"));
  csv_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, submitted_bytes);
  {
    g_autofree char *recorded = replica_value (f, "centre.sqlite", "SELECT csv_sha256 FROM "
                                               "document WHERE kind = 'monthly_stats'");
    g_assert_cmpstr (recorded, ==, csv_sha);
  }
  sync_as (f, "centre.sqlite", "head");

  init_replica (f, "county.sqlite", "supervisor");
  {
    g_autofree char *have = replica_value (f, "county.sqlite", "SELECT ref FROM document "
                                           "WHERE kind = 'monthly_stats'");

    g_autofree char *named = replica_value (f, "county.sqlite", "SELECT csv_sha256 FROM "
                                            "document WHERE kind = 'monthly_stats'");

    g_assert_cmpstr (have, ==, month);
    /* The record names the submitted CSV at the county too. */
    g_assert_cmpstr (named, ==, csv_sha);
  }
  county_copy = g_build_filename (f->dir, "county.pdf", NULL);
  g_assert_cmpint (cli (f, "county.sqlite", NULL, "doc", "fetch", code, "-o", county_copy,
                        "--user", "supervisor", "--password-file", f->password_file, NULL),
                   ==, 0);
  fetched = read_bytes (county_copy);
  g_assert_true (g_bytes_equal (fetched, submitted));

  /* The county's own report of the month: the centre is one of its regions. */
  csv_path = g_build_filename (f->dir, "county.csv", NULL);
  g_assert_cmpint (cli (f, "county.sqlite", NULL, "stats", "report", "--month", month, "--csv",
                        csv_path, NULL), ==, 0);
  g_assert_true (g_file_get_contents (csv_path, &csv, NULL, NULL));
  centre_name = replica_value (f, "county.sqlite", "SELECT name FROM organisation "
                                                   "WHERE region_code = '220102001'");
  /* Counted now: both cases of the centre, whatever the centre submitted. */
  row = g_strdup_printf ("regions,%s,received,2\r\n", centre_name);
  g_assert_nonnull (strstr (csv, row));
  g_assert_nonnull (strstr (csv, "industries,"));
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/doc-sync/agreement", Fixture, NULL, fixture_set_up, test_agreement,
              fixture_tear_down);
  g_test_add ("/doc-sync/forged", Fixture, NULL, fixture_set_up, test_forged,
              fixture_tear_down);
  g_test_add ("/doc-sync/monthly-report", Fixture, NULL, fixture_set_up, test_monthly_report,
              fixture_tear_down);
  return g_test_run ();
}
