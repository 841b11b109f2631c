/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <json-glib/json-glib.h>
#include <sqlite3.h>
#include <string.h>

/* The contract of tiaojie-cli, tested from outside: every test runs the built program
 * ($TJ_CLI) on its own replica in its own temporary folder, with the clock pinned through
 * TJ_NOW, and reads its JSON output. A refused command must write nothing, so the tests
 * compare the replica's case and outbox counts before and after. */

#define NOW_DEFAULT "2025-01-27T10:00:00+08:00"

/* A valid applicant, respondent and claim (domain.md's examples). */
#define ID_ZHANG "11010119900307002X"
#define ID_ZHANG_MASKED "110101********002X"
#define USCC_OK "91110101MA0000015M"

typedef struct {
  char       *dir;
  char       *db;
  const char *now;              /* TJ_NOW for the next runs; NULL: the real clock */
} Fixture;

static void
fixture_setup (Fixture *f, gconstpointer data)
{
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("tj-cli-XXXXXX", &error);
  g_assert_no_error (error);
  f->db = g_build_filename (f->dir, "replica.sqlite", NULL);
  f->now = NOW_DEFAULT;
}

static void
remove_tree (const char *path)
{
  GDir *dir = g_dir_open (path, 0, NULL);
  const char *name;

  if (dir != NULL)
    {
      while ((name = g_dir_read_name (dir)) != NULL)
        {
          g_autofree char *child = g_build_filename (path, name, NULL);
          remove_tree (child);
        }
      g_dir_close (dir);
      g_rmdir (path);
    }
  else
    g_unlink (path);
}

static void
fixture_teardown (Fixture *f, gconstpointer data)
{
  remove_tree (f->dir);
  g_free (f->dir);
  g_free (f->db);
}

/* ---- running the program ---------------------------------------------------------- */

static const char *
cli_path (void)
{
  const char *path = g_getenv ("TJ_CLI");

  g_assert_nonnull (path);
  return path;
}

/* Run `tiaojie-cli --db DB ARGS…` (json: with --json). Returns the exit status; the program
 * must have exited, not died of a signal (a critical is fatal here). */
static int
run_argv (Fixture *f, const char *db, gboolean json, const char * const *args,
          char **out, char **err)
{
  g_autoptr(GSubprocessLauncher) launcher =
    g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GSubprocess) proc = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *stdout_text = NULL, *stderr_text = NULL;
  g_autofree char *command = NULL;

  g_ptr_array_add (argv, (char *) cli_path ());
  g_ptr_array_add (argv, (char *) "--db");
  g_ptr_array_add (argv, (char *) (db ? db : f->db));
  if (json)
    g_ptr_array_add (argv, (char *) "--json");
  for (guint i = 0; args[i] != NULL; i++)
    g_ptr_array_add (argv, (char *) args[i]);
  g_ptr_array_add (argv, NULL);

  if (f->now != NULL)
    g_subprocess_launcher_setenv (launcher, "TJ_NOW", f->now, TRUE);
  else
    g_subprocess_launcher_unsetenv (launcher, "TJ_NOW");
  proc = g_subprocess_launcher_spawnv (launcher, (const char * const *) argv->pdata, &error);
  g_assert_no_error (error);
  g_subprocess_communicate_utf8 (proc, NULL, NULL, &stdout_text, &stderr_text, &error);
  g_assert_no_error (error);

  command = g_strjoinv (" ", (char **) argv->pdata + 3 + (json ? 1 : 0));
  if (!g_subprocess_get_if_exited (proc))
    g_error ("tiaojie-cli %s: died of signal %d; stderr: %s", command,
             g_subprocess_get_term_sig (proc), stderr_text);

  if (out)
    *out = g_steal_pointer (&stdout_text);
  if (err)
    *err = g_steal_pointer (&stderr_text);
  return g_subprocess_get_exit_status (proc);
}

static int
run_va (Fixture *f, gboolean json, char **out, char **err, const char *first, va_list ap)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  g_ptr_array_add (args, NULL);
  return run_argv (f, NULL, json, (const char * const *) args->pdata, out, err);
}

static int run (Fixture *f, char **out, char **err, const char *first, ...) G_GNUC_NULL_TERMINATED;

static int
run (Fixture *f, char **out, char **err, const char *first, ...)
{
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, FALSE, out, err, first, ap);
  va_end (ap);
  return status;
}

static JsonNode *
parse_json (const char *text)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;

  json_parser_load_from_data (parser, text, -1, &error);
  g_assert_no_error (error);
  g_assert_nonnull (json_parser_get_root (parser));
  return json_node_copy (json_parser_get_root (parser));
}

static JsonNode *run_json (Fixture *f, const char *first, ...) G_GNUC_NULL_TERMINATED;

/* Run with --json; the command must succeed and print JSON. */
static JsonNode *
run_json (Fixture *f, const char *first, ...)
{
  g_autofree char *out = NULL, *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, TRUE, &out, &err, first, ap);
  va_end (ap);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  return parse_json (out);
}

static void run_ok (Fixture *f, const char *first, ...) G_GNUC_NULL_TERMINATED;

static void
run_ok (Fixture *f, const char *first, ...)
{
  g_autofree char *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, FALSE, NULL, &err, first, ap);
  va_end (ap);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
}

static void run_refused (Fixture *f, int expected, const char *needle, const char *first, ...)
  G_GNUC_NULL_TERMINATED;

/* The command must fail with `expected` (1 refused, 2 usage), say why on stderr (naming
 * `needle` when given) and print nothing on stdout. */
static void
run_refused (Fixture *f, int expected, const char *needle, const char *first, ...)
{
  g_autofree char *out = NULL, *err = NULL;
  va_list ap;
  int status;

  va_start (ap, first);
  status = run_va (f, FALSE, &out, &err, first, ap);
  va_end (ap);
  g_assert_cmpint (status, ==, expected);
  g_assert_cmpstr (out, ==, "");
  g_assert_cmpuint (strlen (err), >, 0);
  if (needle != NULL && strstr (err, needle) == NULL)
    g_error ("stderr does not mention “%s”: %s", needle, err);
}

static void
init_replica (Fixture *f, const char *db)
{
  const char *args[] = { "init", "--org-code", "110101", "--org-name", "东城区劳动人事争议调解中心",
                         "--short-name", "东城", "--user", "李主任", NULL };
  g_autofree char *err = NULL;
  int status = run_argv (f, db, FALSE, args, NULL, &err);

  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
}

/* ---- reading results -------------------------------------------------------------- */

static const char *
member_str (JsonObject *o, const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_string_member (o, name);
}

static JsonObject *
member_obj (JsonObject *o, const char *name)
{
  g_assert_true (json_object_has_member (o, name));
  return json_object_get_object_member (o, name);
}

static void
status_counts (Fixture *f, const char *db, gint64 *cases, gint64 *pending)
{
  const char *args[] = { "status", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonObject *o;

  g_assert_cmpint (run_argv (f, db, TRUE, args, &out, NULL), ==, 0);
  node = parse_json (out);
  o = json_node_get_object (node);
  *cases = json_object_get_int_member (o, "cases");
  *pending = json_object_get_int_member (o, "pending_mutations");
}

static void
assert_integrity (const char *path)
{
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;

  g_assert_cmpint (sqlite3_open_v2 (path, &db, SQLITE_OPEN_READWRITE, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA integrity_check", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_assert_cmpstr ((const char *) sqlite3_column_text (stmt, 0), ==, "ok");
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_DONE);
  sqlite3_finalize (stmt);
  sqlite3_close (db);
}

static JsonNode *
show (Fixture *f, const char *ref)
{
  return run_json (f, "case", "show", ref, NULL);
}

static char *
show_state (Fixture *f, const char *ref)
{
  g_autoptr(JsonNode) node = show (f, ref);

  return g_strdup (member_str (json_node_get_object (node), "state"));
}

/* The actions of the case's event log, joined by spaces. */
static char *
event_actions (JsonObject *c)
{
  JsonArray *events = json_object_get_array_member (c, "events");
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (events); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);
      g_string_append_printf (s, "%s%s", i ? " " : "", member_str (e, "action"));
    }
  return g_strdup (s->str);
}

/* case_no of every row of a `case list --json` array, joined by "\n". */
static char *
list_numbers (JsonNode *node)
{
  JsonArray *rows = json_node_get_array (node);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < json_array_get_length (rows); i++)
    g_string_append_printf (s, "%s%s", i ? "\n" : "",
                            member_str (json_array_get_object_element (rows, i), "case_no"));
  return g_strdup (s->str);
}

/* ---- registering cases ------------------------------------------------------------ */

/* Options of `case new` as (option, value) pairs, so a test can change one. A value of ""
 * is a flag without a value. */
typedef struct {
  GPtrArray *keys;
  GPtrArray *values;
} CaseArgs;

static void
case_args_set (CaseArgs *a, const char *key, const char *value)
{
  for (guint i = 0; i < a->keys->len; i++)
    if (strcmp (g_ptr_array_index (a->keys, i), key) == 0)
      {
        if (value == NULL)
          {
            g_ptr_array_remove_index (a->keys, i);
            g_ptr_array_remove_index (a->values, i);
          }
        else
          {
            g_free (g_ptr_array_index (a->values, i));
            a->values->pdata[i] = g_strdup (value);
          }
        return;
      }
  if (value != NULL)
    {
      g_ptr_array_add (a->keys, g_strdup (key));
      g_ptr_array_add (a->values, g_strdup (value));
    }
}

static void
case_args_init (CaseArgs *a)
{
  a->keys = g_ptr_array_new_with_free_func (g_free);
  a->values = g_ptr_array_new_with_free_func (g_free);
  case_args_set (a, "--received", "2025-01-24");
  case_args_set (a, "--type", "wages");
  case_args_set (a, "--applicant", "张三");
  case_args_set (a, "--applicant-id", ID_ZHANG);
  case_args_set (a, "--applicant-phone", "138 0013 8000");
  case_args_set (a, "--respondent", "东城宏达建筑工程有限公司");
  case_args_set (a, "--respondent-uscc", USCC_OK);
  case_args_set (a, "--claim", "wages:12000");
  case_args_set (a, "--facts", "申请人在建筑工地从事钢筋工工作，被申请人拖欠工资三个月。");
}

static void
case_args_clear (CaseArgs *a)
{
  g_clear_pointer (&a->keys, g_ptr_array_unref);
  g_clear_pointer (&a->values, g_ptr_array_unref);
}

static GPtrArray *
case_args_argv (CaseArgs *a)
{
  GPtrArray *argv = g_ptr_array_new ();

  g_ptr_array_add (argv, (char *) "case");
  g_ptr_array_add (argv, (char *) "new");
  for (guint i = 0; i < a->keys->len; i++)
    {
      const char *value = g_ptr_array_index (a->values, i);

      g_ptr_array_add (argv, g_ptr_array_index (a->keys, i));
      if (*value != '\0')
        g_ptr_array_add (argv, (char *) value);
    }
  g_ptr_array_add (argv, NULL);
  return argv;
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (CaseArgs, case_args_clear)

static JsonNode *new_case (Fixture *f, const char *key, ...);

/* Register a case from the valid defaults changed by (option, value) pairs; the JSON of
 * the new case. */
static JsonNode *
new_case_va (Fixture *f, const char *key, va_list ap)
{
  g_auto(CaseArgs) a = { 0 };
  g_autoptr(GPtrArray) argv = NULL;
  g_autofree char *out = NULL, *err = NULL;
  int status;

  case_args_init (&a);
  for (const char *k = key; k != NULL; k = va_arg (ap, const char *))
    case_args_set (&a, k, va_arg (ap, const char *));
  argv = case_args_argv (&a);
  status = run_argv (f, NULL, TRUE, (const char * const *) argv->pdata, &out, &err);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  return parse_json (out);
}

static JsonNode *
new_case (Fixture *f, const char *key, ...)
{
  JsonNode *node;
  va_list ap;

  va_start (ap, key);
  node = new_case_va (f, key, ap);
  va_end (ap);
  return node;
}

/* Register a case; its case number. */
static char *new_case_no (Fixture *f, const char *key, ...);

static char *
new_case_no (Fixture *f, const char *key, ...)
{
  g_autoptr(JsonNode) node = NULL;
  va_list ap;

  va_start (ap, key);
  node = new_case_va (f, key, ap);
  va_end (ap);
  return g_strdup (member_str (json_node_get_object (node), "case_no"));
}

/* ---- init, case new, case show ---------------------------------------------------- */

static void
test_case_new_json (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) first = NULL, second = NULL, older = NULL;
  g_autofree char *text = NULL;
  JsonObject *c, *deadlines, *rules, *applicant, *respondent, *claim;
  JsonArray *parties, *types;

  init_replica (f, NULL);
  /* A replica is set up once. */
  run_refused (f, 1, "already set up", "init", "--org-code", "110101", "--org-name", "别的中心", NULL);

  first = new_case (f, NULL);
  c = json_node_get_object (first);
  g_assert_cmpuint (strlen (member_str (c, "id")), ==, 36);
  g_assert_cmpstr (member_str (c, "case_no"), ==, "东城劳人调〔2025〕1号");
  g_assert_cmpstr (member_str (c, "state"), ==, "received");
  g_assert_cmpstr (member_str (c, "received"), ==, "2025-01-24");
  g_assert_cmpint (json_object_get_int_member (c, "claimed_fen"), ==, 1200000);
  types = json_object_get_array_member (c, "types");
  g_assert_cmpuint (json_array_get_length (types), ==, 1);
  g_assert_cmpstr (json_array_get_string_element (types, 0), ==, "wages");

  /* domain.md: received Friday 24 January 2025 → acceptance 5 February (Spring Festival,
   * make-up Sunday 26 January), mediation period ends Saturday 8 February (make-up day). */
  deadlines = member_obj (c, "deadlines");
  g_assert_cmpstr (member_str (deadlines, "acceptance"), ==, "2025-02-05");
  g_assert_cmpstr (member_str (deadlines, "mediation"), ==, "2025-02-08");
  rules = member_obj (c, "deadline_rules");
  g_assert_false (json_object_get_boolean_member (member_obj (rules, "acceptance"), "provisional"));
  g_assert_false (json_object_get_boolean_member (member_obj (rules, "mediation"), "provisional"));
  g_assert_cmpstr (member_str (c, "due"), ==, "2025-02-05");
  g_assert_cmpstr (member_str (c, "due_clock"), ==, "acceptance");

  parties = json_object_get_array_member (c, "parties");
  g_assert_cmpuint (json_array_get_length (parties), ==, 2);
  applicant = json_array_get_object_element (parties, 0);
  respondent = json_array_get_object_element (parties, 1);
  g_assert_cmpstr (member_str (applicant, "side"), ==, "applicant");
  g_assert_cmpstr (member_str (applicant, "name"), ==, "张三");
  g_assert_cmpstr (member_str (applicant, "id_number"), ==, ID_ZHANG_MASKED);
  g_assert_cmpstr (member_str (applicant, "sex"), ==, "F");
  g_assert_cmpstr (member_str (applicant, "birth_date"), ==, "1990-03-07");
  g_assert_cmpstr (member_str (applicant, "phone"), ==, "13800138000");
  g_assert_cmpstr (member_str (respondent, "side"), ==, "respondent");
  g_assert_cmpstr (member_str (respondent, "kind"), ==, "organisation");
  g_assert_cmpstr (member_str (respondent, "id_type"), ==, "uscc");
  claim = json_array_get_object_element (json_object_get_array_member (c, "claims"), 0);
  g_assert_cmpstr (member_str (claim, "type"), ==, "wages");
  g_assert_cmpint (json_object_get_int_member (claim, "amount_fen"), ==, 1200000);

  /* Numbers come from the pattern and count up per year; ids are unique. */
  second = new_case (f, "--applicant", "李四", "--applicant-id", NULL, NULL);
  g_assert_cmpstr (member_str (json_node_get_object (second), "case_no"), ==, "东城劳人调〔2025〕2号");
  g_assert_cmpstr (member_str (json_node_get_object (second), "id"), !=, member_str (c, "id"));
  older = new_case (f, "--received", "2024-12-30", NULL);
  g_assert_cmpstr (member_str (json_node_get_object (older), "case_no"), ==, "东城劳人调〔2024〕1号");
  g_free (new_case_no (f, NULL));

  /* Without --json the program says what it registered. */
  g_assert_cmpint (run (f, &text, NULL, "case", "new", "--received", "2025-01-27", "--type", "other",
                        "--applicant", "王五", "--respondent", "某公司", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "东城劳人调〔2025〕4号"));

  assert_integrity (f->db);
}

static void
test_case_number_pattern (Fixture *f, gconstpointer data)
{
  g_autofree char *one = NULL, *two = NULL;

  /* A pattern without the counter would repeat numbers. */
  run_refused (f, 1, "{seq}", "init", "--org-code", "110101", "--org-name", "东城区调解中心",
               "--case-no-pattern", "DC-{year}", NULL);
  run_ok (f, "init", "--org-code", "110101", "--org-name", "东城区调解中心",
          "--case-no-pattern", "DC-{year}-{seq:3}", NULL);
  one = new_case_no (f, NULL);
  two = new_case_no (f, NULL);
  g_assert_cmpstr (one, ==, "DC-2025-001");
  g_assert_cmpstr (two, ==, "DC-2025-002");
}

static void
test_case_show (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, by_no = NULL, by_id = NULL, revealed = NULL, after = NULL;
  g_autofree char *by_no_text = NULL, *by_id_text = NULL, *plain = NULL, *actions = NULL;
  g_autofree char *revealed_actions = NULL;
  const char *id, *case_no;
  JsonObject *applicant;
  JsonArray *events;
  gint64 cases, pending, pending_after;

  init_replica (f, NULL);
  created = new_case (f, NULL);
  id = member_str (json_node_get_object (created), "id");
  case_no = member_str (json_node_get_object (created), "case_no");

  /* By case number and by id: the same case, the same output. */
  by_no = show (f, case_no);
  by_id = show (f, id);
  by_no_text = json_to_string (by_no, FALSE);
  by_id_text = json_to_string (by_id, FALSE);
  g_assert_cmpstr (by_no_text, ==, by_id_text);
  g_assert_cmpstr (member_str (json_node_get_object (by_no), "id"), ==, id);
  actions = event_actions (json_node_get_object (by_no));
  g_assert_cmpstr (actions, ==, "create");

  /* PIPL: the ID number is masked, in JSON and in text. */
  applicant = json_array_get_object_element (json_object_get_array_member (json_node_get_object (by_no), "parties"), 0);
  g_assert_cmpstr (member_str (applicant, "id_number"), ==, ID_ZHANG_MASKED);
  g_assert_cmpint (run (f, &plain, NULL, "case", "show", case_no, NULL), ==, 0);
  g_assert_nonnull (strstr (plain, ID_ZHANG_MASKED));
  g_assert_null (strstr (plain, ID_ZHANG));
  g_assert_nonnull (strstr (plain, case_no));

  /* --reveal-ids shows the full number, and the access is logged: an event, and one
   * access-log record waiting to go to the server, so supervisors see who looked. */
  status_counts (f, NULL, &cases, &pending);
  revealed = run_json (f, "case", "show", id, "--reveal-ids", NULL);
  applicant = json_array_get_object_element (json_object_get_array_member (json_node_get_object (revealed), "parties"), 0);
  g_assert_cmpstr (member_str (applicant, "id_number"), ==, ID_ZHANG);
  after = show (f, case_no);
  revealed_actions = event_actions (json_node_get_object (after));
  g_assert_cmpstr (revealed_actions, ==, "create view_ids");
  events = json_object_get_array_member (json_node_get_object (after), "events");
  g_assert_cmpstr (member_str (json_array_get_object_element (events, 1), "actor"), ==, "李主任");
  applicant = json_array_get_object_element (json_object_get_array_member (json_node_get_object (after), "parties"), 0);
  g_assert_cmpstr (member_str (applicant, "id_number"), ==, ID_ZHANG_MASKED);
  status_counts (f, NULL, &cases, &pending_after);
  g_assert_cmpint (pending_after, ==, pending + 1);

  run_refused (f, 1, NULL, "case", "show", "东城劳人调〔2025〕99号", NULL);
  run_refused (f, 1, NULL, "case", "show", "0194a57c-b100-702f-b5af-c615bad64554", NULL);
}

/* ---- refused input writes nothing ------------------------------------------------- */

typedef struct {
  const char *what;
  const char *key;
  const char *value;            /* NULL: leave the option out */
  const char *key2;
  const char *value2;
  const char *needles[3];       /* what stderr must mention */
} BadInput;

static const BadInput bad_inputs[] = {
  { "resident ID with a wrong check character", "--applicant-id", "110101199003070012", NULL, NULL,
    { "ID number", "check character", "should be 1" } },
  { "resident ID with 30 February", "--applicant-id", "110101199002300014", NULL, NULL,
    { "ID number", "1990-02-30", NULL } },
  { "credit code with a wrong check character", "--respondent-uscc", "91110101MA0000015N", NULL, NULL,
    { "credit code", "check character", "should be M" } },
  { "received on 30 February", "--received", "2024-02-30", NULL, NULL,
    { "Received date", "2024-02-30", NULL } },
  { "received in the future", "--received", "2025-01-28", NULL, NULL,
    { "Received date", "future", NULL } },
  { "received missing", "--received", NULL, NULL, NULL,
    { "Received date", "required", NULL } },
  { "a phone that is no phone", "--applicant-phone", "12345", NULL, NULL,
    { "Applicant phone", NULL, NULL } },
  { "a negative claim", "--claim", "wages:-100", NULL, NULL,
    { "Claim 1 amount", "negative", NULL } },
  { "a claim amount with letters", "--claim", "wages:12x00", NULL, NULL,
    { "Claim 1 amount", NULL, NULL } },
  { "a claim amount with three decimals", "--claim", "wages:12.345", NULL, NULL,
    { "Claim 1 amount", NULL, NULL } },
  { "a claim without an amount", "--claim", "wages", NULL, NULL,
    { "Claim 1", "TYPE:AMOUNT_YUAN", NULL } },
  { "a claim of an unknown type", "--claim", "bonus:100", NULL, NULL,
    { "Claim 1", "bonus", NULL } },
  { "an unknown dispute type", "--type", "wages,nonsense", NULL, NULL,
    { "Dispute type", "nonsense", NULL } },
  { "no dispute type", "--type", NULL, "--claim", NULL,
    { "Dispute type", NULL, NULL } },
  { "collective with 5 workers", "--collective", "", "--workers", "5",
    { "Collective", "10", NULL } },
  { "no applicant", "--applicant", NULL, NULL, NULL,
    { "Applicant name", "required", NULL } },
  { "no respondent", "--respondent", NULL, NULL, NULL,
    { "Respondent name", "required", NULL } },
  { "an unknown industry", "--industry", "9999", NULL, NULL,
    { "Industry", NULL, NULL } },
  { "registered in the future", "--at", "2025-01-27T11:00", NULL, NULL,
    { "Time of", "future", NULL } },
  { "registered at no time", "--at", "soon", NULL, NULL,
    { "Time of the registration", "soon", NULL } },
};

static void
test_case_new_invalid (Fixture *f, gconstpointer data)
{
  gint64 cases, pending;

  init_replica (f, NULL);
  g_free (new_case_no (f, NULL));
  status_counts (f, NULL, &cases, &pending);
  g_assert_cmpint (cases, ==, 1);
  g_assert_cmpint (pending, >, 0);

  for (guint i = 0; i < G_N_ELEMENTS (bad_inputs); i++)
    {
      const BadInput *bad = &bad_inputs[i];
      g_auto(CaseArgs) a = { 0 };
      g_autoptr(GPtrArray) argv = NULL;
      g_autofree char *out = NULL, *err = NULL;
      gint64 cases_after, pending_after;
      int status;

      g_test_message ("bad input: %s", bad->what);
      case_args_init (&a);
      case_args_set (&a, bad->key, bad->value);
      if (bad->key2)
        case_args_set (&a, bad->key2, bad->value2);
      argv = case_args_argv (&a);
      status = run_argv (f, NULL, TRUE, (const char * const *) argv->pdata, &out, &err);
      g_assert_cmpint (status, ==, 1);
      g_assert_cmpstr (out, ==, "");
      for (guint n = 0; n < G_N_ELEMENTS (bad->needles) && bad->needles[n]; n++)
        if (strstr (err, bad->needles[n]) == NULL)
          g_error ("%s: stderr does not mention “%s”: %s", bad->what, bad->needles[n], err);

      status_counts (f, NULL, &cases_after, &pending_after);
      g_assert_cmpint (cases_after, ==, cases);
      g_assert_cmpint (pending_after, ==, pending);
      assert_integrity (f->db);
    }

  /* The counter did not move either: the next case is number 2. */
  {
    g_autofree char *next = new_case_no (f, NULL);
    g_assert_cmpstr (next, ==, "东城劳人调〔2025〕2号");
  }
}

static void
test_usage (Fixture *f, gconstpointer data)
{
  gint64 cases, pending, cases_after, pending_after;

  init_replica (f, NULL);
  g_free (new_case_no (f, NULL));
  status_counts (f, NULL, &cases, &pending);

  run_refused (f, 2, "frobnicate", "frobnicate", NULL);
  run_refused (f, 2, NULL, "--no-such-option", "status", NULL);
  run_refused (f, 2, "command", NULL, NULL);
  run_refused (f, 2, NULL, "case", NULL);
  run_refused (f, 2, NULL, "case", "open", NULL);
  run_refused (f, 2, NULL, "case", "show", NULL);
  run_refused (f, 2, NULL, "case", "do", "东城劳人调〔2025〕1号", NULL);
  run_refused (f, 2, NULL, "case", "set", "东城劳人调〔2025〕1号", NULL);
  run_refused (f, 2, NULL, "case", "new", "--received", NULL);
  run_refused (f, 2, NULL, "case", "new", "--colour", "red", NULL);
  run_refused (f, 2, NULL, "case", "list", "--order", "colour", NULL);
  run_refused (f, 2, NULL, "case", "list", "--limit", "0", NULL);
  run_refused (f, 2, NULL, "init", "--org-name", "某中心", NULL);
  run_refused (f, 2, NULL, "roster", NULL);
  run_refused (f, 2, NULL, "calendar", "import", NULL);
  run_refused (f, 2, NULL, "calendar", NULL);
  run_refused (f, 2, NULL, "setting", NULL);
  run_refused (f, 2, NULL, "demo", "--cases", "0", NULL);

  status_counts (f, NULL, &cases_after, &pending_after);
  g_assert_cmpint (cases_after, ==, cases);
  g_assert_cmpint (pending_after, ==, pending);

  /* A command that needs an organisation on a replica that has none. */
  {
    g_autofree char *empty = g_build_filename (f->dir, "empty.sqlite", NULL);
    const char *args[] = { "case", "new", "--received", "2025-01-24", "--type", "wages",
                           "--applicant", "张三", "--respondent", "某公司", NULL };
    g_autofree char *err = NULL;

    g_assert_cmpint (run_argv (f, empty, FALSE, args, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "init"));
  }
}

/* ---- the life cycle ----------------------------------------------------------------- */

static void
assert_nothing_written (Fixture *f, gint64 cases, gint64 pending)
{
  gint64 cases_after, pending_after;

  status_counts (f, NULL, &cases_after, &pending_after);
  g_assert_cmpint (cases_after, ==, cases);
  g_assert_cmpint (pending_after, ==, pending);
}

#define CLAUSE "respondent>applicant|支付拖欠工资|12000|2025-02-10|银行转账"

static void
test_life_cycle (Fixture *f, gconstpointer data)
{
  g_autofree char *c = NULL, *roster_out = NULL, *state = NULL, *actions = NULL;
  g_autoptr(JsonNode) node = NULL, roster = NULL, agreed = NULL, archived = NULL;
  JsonObject *o;
  gint64 cases, pending;

  init_replica (f, NULL);
  /* No addresses and no legal representative: an agreement will need them. */
  c = new_case_no (f, NULL);
  status_counts (f, NULL, &cases, &pending);

  /* Accept needs the respondent's consent. */
  run_refused (f, 1, "consent", "case", "do", c, "accept", NULL);
  assert_nothing_written (f, cases, pending);
  /* No agreement before a mediator has the case. */
  run_refused (f, 1, "not possible", "case", "do", c, "agree", "--clause", CLAUSE, NULL);
  run_refused (f, 1, "Action", "case", "do", c, "settle", NULL);
  assert_nothing_written (f, cases, pending);

  node = run_json (f, "case", "do", c, "accept", "--consent", NULL);
  o = json_node_get_object (node);
  g_assert_cmpstr (member_str (o, "state"), ==, "accepted");
  g_assert_cmpstr (member_str (o, "accepted_date"), ==, "2025-01-27");
  g_assert_cmpstr (member_str (o, "planned_end"), ==, "2025-02-08");
  g_assert_cmpstr (member_str (o, "due_clock"), ==, "mediation");
  g_assert_cmpstr (member_str (o, "due"), ==, "2025-02-08");
  status_counts (f, NULL, &cases, &pending);

  run_refused (f, 1, "not possible", "case", "do", c, "agree", "--clause", CLAUSE, NULL);
  run_refused (f, 1, "not possible", "case", "do", c, "accept", "--consent", NULL);
  /* Assign: only someone on the roster. */
  run_refused (f, 1, "Mediator", "case", "do", c, "assign", "--mediator", "王调解", NULL);
  run_refused (f, 1, "Assign", "case", "do", c, "assign", NULL);
  assert_nothing_written (f, cases, pending);

  g_assert_cmpint (run (f, &roster_out, NULL, "roster", "add", "--name", "王调解", NULL), ==, 0);
  g_assert_cmpuint (strlen (g_strstrip (roster_out)), ==, 36);
  roster = run_json (f, "roster", "list", NULL);
  {
    JsonArray *people = json_node_get_array (roster);
    gboolean found = FALSE;

    for (guint i = 0; i < json_array_get_length (people); i++)
      {
        JsonObject *p = json_array_get_object_element (people, i);
        if (g_strcmp0 (member_str (p, "name"), "王调解") == 0)
          {
            found = TRUE;
            g_assert_cmpstr (member_str (p, "id"), ==, roster_out);
            g_assert_cmpstr (member_str (p, "roles"), ==, "mediator");
          }
      }
    g_assert_true (found);
  }
  run_refused (f, 1, "Name", "roster", "add", NULL);

  run_ok (f, "case", "do", c, "assign", "--mediator", "王调解", NULL);
  g_clear_pointer (&node, json_node_unref);
  node = show (f, c);
  o = json_node_get_object (node);
  g_assert_cmpstr (member_str (o, "state"), ==, "in_mediation");
  g_assert_cmpstr (member_str (o, "mediator"), ==, "王调解");
  g_assert_cmpstr (member_str (o, "mediator_id"), ==, roster_out);
  status_counts (f, NULL, &cases, &pending);

  /* The agreement needs every party's full identity: an address first… */
  run_refused (f, 1, "Applicant address", "case", "do", c, "agree", "--clause", CLAUSE, NULL);
  /* …and it needs clauses that say who pays whom by when. */
  run_refused (f, 1, "Clause 1", "case", "do", c, "agree", "--clause", "respondent>applicant|工资|12000", NULL);
  assert_nothing_written (f, cases, pending);

  /* A field edit is validated like a registration. */
  run_refused (f, 1, "ID number", "case", "set", c, "applicant.id_number=110101199003070012", NULL);
  run_refused (f, 1, "FIELD=VALUE", "case", "set", c, "salary=100", NULL);
  assert_nothing_written (f, cases, pending);

  run_ok (f, "case", "set", c, "applicant.address=北京市东城区东四北大街1号",
          "respondent.address=北京市东城区朝阳门内大街2号", NULL);
  run_refused (f, 1, "Respondent legal representative", "case", "do", c, "agree", "--clause", CLAUSE, NULL);
  run_ok (f, "case", "set", c, "respondent.legal_rep=王五", NULL);
  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "clause", "case", "do", c, "agree", NULL);
  run_refused (f, 1, "Clause 1 due date", "case", "do", c, "agree", "--clause",
               "respondent>applicant|工资|12000|2025-02-30", NULL);
  run_refused (f, 1, "before the case was received", "case", "do", c, "agree", "--clause",
               "respondent>applicant|工资|12000|2025-01-01", NULL);
  assert_nothing_written (f, cases, pending);

  agreed = run_json (f, "case", "do", c, "agree", "--clause", CLAUSE, NULL);
  o = json_node_get_object (agreed);
  g_assert_cmpstr (member_str (o, "state"), ==, "agreed");
  g_assert_cmpint (json_object_get_int_member (o, "agreed_fen"), ==, 1200000);
  g_assert_cmpstr (member_str (o, "closing_reason"), ==, "agreed");
  g_assert_cmpstr (member_str (member_obj (o, "deadlines"), "review_application"), ==, "2025-02-11");

  g_clear_pointer (&node, json_node_unref);
  node = show (f, c);
  o = json_node_get_object (node);
  g_assert_cmpstr (member_str (o, "state"), ==, "agreed");
  actions = event_actions (o);
  g_assert_cmpstr (actions, ==, "create accept assign edit edit agree");
  {
    JsonObject *applicant = json_array_get_object_element (json_object_get_array_member (o, "parties"), 0);
    g_assert_cmpstr (member_str (applicant, "address"), ==, "北京市东城区东四北大街1号");
  }

  /* From agreed, the case cannot go back. */
  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "not possible", "case", "do", c, "accept", "--consent", NULL);
  run_refused (f, 1, "not possible", "case", "do", c, "fail", "--reason", "no_agreement", NULL);
  run_refused (f, 1, "not possible", "case", "do", c, "withdraw", "--reason", "撤回", NULL);
  assert_nothing_written (f, cases, pending);

  archived = run_json (f, "case", "do", c, "archive", NULL);
  g_assert_cmpstr (member_str (json_node_get_object (archived), "archived"), ==, "2025-01-27");
  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "archived", "case", "set", c, "facts=补充", NULL);
  run_refused (f, 1, "archived", "case", "do", c, "performance", "--performance", "performed", NULL);
  run_refused (f, 1, "archived", "case", "do", c, "archive", NULL);
  assert_nothing_written (f, cases, pending);
  state = show_state (f, c);
  g_assert_cmpstr (state, ==, "agreed");
  assert_integrity (f->db);
}

/* Every action with arguments that would satisfy its guards, so that a refusal is the
 * state's. */
static const char * const all_actions[][7] = {
  { "accept", "--consent", NULL },
  { "reject", "--reason", "不属于受理范围", NULL },
  { "respondent_refuse", NULL },
  { "notify_refusal", NULL },
  { "withdraw", "--reason", "申请人撤回", NULL },
  { "assign", "--mediator", "王调解", NULL },
  { "agree", "--clause", CLAUSE, NULL },
  { "extend", "--consent", "--date", "2025-03-01", NULL },
  { "fail", "--reason", "no_agreement", NULL },
  { "transfer", NULL },
  { "submit_review", NULL },
  { "confirm", NULL },
  { "refuse", "--ground", "unclear", "--grounds", "第一条未写明支付方式", NULL },
  { "performance", "--performance", "performed", NULL },
  { "archive", NULL },
};

static int
do_action (Fixture *f, const char *c, const char * const *action, char **err)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();

  g_ptr_array_add (args, (char *) "case");
  g_ptr_array_add (args, (char *) "do");
  g_ptr_array_add (args, (char *) c);
  for (guint i = 0; action[i] != NULL; i++)
    g_ptr_array_add (args, (char *) action[i]);
  g_ptr_array_add (args, NULL);
  return run_argv (f, NULL, FALSE, (const char * const *) args->pdata, NULL, err);
}

static void
do_ok (Fixture *f, const char *c, const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (all_actions); i++)
    if (strcmp (all_actions[i][0], name) == 0)
      {
        g_autofree char *err = NULL;
        int status = do_action (f, c, all_actions[i], &err);

        if (status != 0)
          g_test_message ("%s %s: %s", c, name, err);
        g_assert_cmpint (status, ==, 0);
        return;
      }
  g_assert_not_reached ();
}

/* Try every action but `allowed` (space separated) on c: each must be refused and write
 * nothing. */
static void
assert_only (Fixture *f, const char *c, const char *allowed, const char *needle)
{
  g_auto(GStrv) ok = g_strsplit (allowed, " ", -1);
  gint64 cases, pending;

  status_counts (f, NULL, &cases, &pending);
  for (guint i = 0; i < G_N_ELEMENTS (all_actions); i++)
    {
      g_autofree char *err = NULL;
      int status;

      if (g_strv_contains ((const char * const *) ok, all_actions[i][0]))
        continue;
      status = do_action (f, c, all_actions[i], &err);
      if (status != 1)
        g_error ("%s: “%s” was not refused (exit %d)", c, all_actions[i][0], status);
      if (needle != NULL && strstr (err, needle) == NULL)
        g_error ("%s: “%s”: stderr does not mention “%s”: %s", c, all_actions[i][0], needle, err);
    }
  assert_nothing_written (f, cases, pending);
}

static void
test_terminal_states (Fixture *f, gconstpointer data)
{
  struct {
    const char *steps;          /* actions that lead to the state */
    const char *state;
    const char *allowed;        /* actions still possible there */
    char       *c;
  } cases[] = {
    { "withdraw", "withdrawn", "archive" },
    { "reject", "rejected", "archive" },
    { "accept assign fail", "failed", "transfer archive" },
    { "accept assign fail transfer", "transferred", "archive" },
    { "accept assign agree submit_review confirm", "confirmed", "performance archive" },
    { "accept assign agree submit_review refuse", "review_refused", "transfer archive" },
  };

  /* The user may also decide reviews here, so every state is reachable. */
  run_ok (f, "init", "--org-code", "110101", "--org-name", "东城区调解中心", "--short-name", "东城",
          "--user", "李主任", "--role", "head,mediator,supervisor", NULL);
  run_ok (f, "roster", "add", "--name", "王调解", NULL);

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_auto(GStrv) steps = g_strsplit (cases[i].steps, " ", -1);
      g_autofree char *state = NULL;

      cases[i].c = new_case_no (f, "--applicant-address", "北京市东城区东四北大街1号",
                                "--respondent-address", "北京市东城区朝阳门内大街2号",
                                "--respondent-legal-rep", "王五", NULL);
      for (guint s = 0; steps[s] != NULL; s++)
        do_ok (f, cases[i].c, steps[s]);
      state = show_state (f, cases[i].c);
      g_assert_cmpstr (state, ==, cases[i].state);
      assert_only (f, cases[i].c, cases[i].allowed, NULL);
    }

  /* The review's refusal keeps the ground of 办案规则 Art. 78 by its key and the words. A
   * refusal that names none of its cases, an unknown one, or "other" without words is
   * refused, naming the option and the rule, and writes nothing. */
  {
    g_autoptr(JsonNode) node = show (f, cases[5].c);
    g_autofree char *c = new_case_no (f, "--applicant-address", "北京市东城区东四北大街1号",
                                      "--respondent-address", "北京市东城区朝阳门内大街2号",
                                      "--respondent-legal-rep", "王五", NULL);
    gint64 n_cases, pending;

    g_assert_cmpstr (member_str (json_node_get_object (node), "review_grounds"), ==,
                     "unclear\n第一条未写明支付方式");
    do_ok (f, c, "accept");
    do_ok (f, c, "assign");
    do_ok (f, c, "agree");
    do_ok (f, c, "submit_review");
    status_counts (f, NULL, &n_cases, &pending);
    run_refused (f, 1, "Art. 78", "case", "do", c, "refuse", "--grounds", "协议内容不明确", NULL);
    run_refused (f, 1, "--ground: “vague” is not one of the accepted values (mandatory_provision, "
                 "harms_interests, false_evidence, not_voluntary, unclear, other)",
                 "case", "do", c, "refuse", "--ground", "vague", NULL);
    run_refused (f, 1, "details", "case", "do", c, "refuse", "--ground", "other", NULL);
    assert_nothing_written (f, n_cases, pending);
    run_ok (f, "case", "do", c, "refuse", "--ground", "not_voluntary,false_evidence",
            "--ground", "other", "--grounds", "调解协议系被申请人代签", NULL);
    g_clear_pointer (&node, json_node_unref);
    node = show (f, c);
    g_assert_cmpstr (member_str (json_node_get_object (node), "state"), ==, "review_refused");
    g_assert_cmpstr (member_str (json_node_get_object (node), "review_grounds"), ==,
                     "false_evidence,not_voluntary,other\n调解协议系被申请人代签");
  }

  /* A refusal by the respondent ends the case, and the applicant must be told before it
   * is archived. */
  {
    g_autofree char *c = new_case_no (f, NULL);
    g_autoptr(JsonNode) node = NULL;
    JsonObject *o;

    do_ok (f, c, "respondent_refuse");
    node = show (f, c);
    o = json_node_get_object (node);
    g_assert_cmpstr (member_str (o, "state"), ==, "failed");
    g_assert_cmpstr (member_str (o, "closing_reason"), ==, "respondent_refused");
    g_assert_cmpstr (member_str (o, "due_clock"), ==, "refusal_notice");
    /* 3 working days from Monday 27 January 2025, after the Spring Festival. */
    g_assert_cmpstr (member_str (o, "due"), ==, "2025-02-07");
    assert_only (f, c, "notify_refusal transfer", NULL);
    do_ok (f, c, "notify_refusal");
    assert_only (f, c, "transfer archive", NULL);
    do_ok (f, c, "archive");
    assert_only (f, c, "", "archived");
  }

  /* Archived, a case changes no more (every action is tried on one of them; the others
   * are spot-checked to keep the test quick). */
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      do_ok (f, cases[i].c, "archive");
      if (i == 4)
        assert_only (f, cases[i].c, "", "archived");
      else
        run_refused (f, 1, "archived", "case", "do", cases[i].c, "archive", NULL);
      run_refused (f, 1, "archived", "case", "set", cases[i].c, "facts=补充", NULL);
      g_free (cases[i].c);
    }
  assert_integrity (f->db);
}

/* ---- lists -------------------------------------------------------------------------- */

/* Run `case list --json ARGS…`; the case numbers in order. */
static char *list_v (Fixture *f, const char *first, ...);

static char *
list_v (Fixture *f, const char *first, ...)
{
  g_autoptr(GPtrArray) args = g_ptr_array_new ();
  g_autofree char *out = NULL, *err = NULL;
  g_autoptr(JsonNode) node = NULL;
  va_list ap;
  int status;

  g_ptr_array_add (args, (char *) "case");
  g_ptr_array_add (args, (char *) "list");
  va_start (ap, first);
  for (const char *a = first; a != NULL; a = va_arg (ap, const char *))
    g_ptr_array_add (args, (char *) a);
  va_end (ap);
  g_ptr_array_add (args, NULL);
  status = run_argv (f, NULL, TRUE, (const char * const *) args->pdata, &out, &err);
  if (status != 0)
    g_test_message ("stderr: %s", err);
  g_assert_cmpint (status, ==, 0);
  node = parse_json (out);
  return list_numbers (node);
}

static void
assert_list (char *got, const char * const *expected)
{
  g_autofree char *want = g_strjoinv ("\n", (char **) expected);

  g_assert_cmpstr (got, ==, want);
  g_free (got);
}

static void
test_list_filters (Fixture *f, gconstpointer data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL;
  g_autoptr(JsonNode) overdue = NULL, all = NULL;

  init_replica (f, NULL);
  f->now = "2025-02-18T10:00:00+08:00";
  a = new_case_no (f, "--facts", "被申请人拖欠工资三个月。", NULL);
  b = new_case_no (f, "--received", "2025-01-20", "--type", "termination", "--applicant", "李四",
                   "--applicant-id", "32010219850612123X", "--applicant-phone", NULL,
                   "--claim", "compensation:8000", "--facts", "被申请人违法解除劳动合同，未支付经济补偿。", NULL);
  c = new_case_no (f, "--received", "2025-01-10", "--type", "wages,social_insurance",
                   "--applicant", "王五", "--applicant-id", "440305199211204566",
                   "--applicant-phone", NULL, "--facts", "未缴纳社会保险。", NULL);
  d = new_case_no (f, "--received", "2025-02-18", "--type", "social_insurance", "--applicant", "赵六",
                   "--applicant-id", "220102197801011115", "--applicant-phone", NULL,
                   "--claim", NULL, "--facts", NULL, NULL);
  e = new_case_no (f, "--received", "2025-02-17", "--type", "other", "--applicant", "张三丰",
                   "--applicant-id", "110101198808080888", "--applicant-phone", NULL,
                   "--respondent", "东方物流有限公司", "--respondent-uscc", NULL,
                   "--claim", NULL, "--facts", "其他争议。", NULL);
  run_ok (f, "case", "do", c, "accept", "--consent", "--at", "2025-01-13T10:00", NULL);

  assert_list (list_v (f, NULL), (const char *[]) { d, e, a, b, c, NULL });
  assert_list (list_v (f, "--state", "received", NULL), (const char *[]) { d, e, a, b, NULL });
  assert_list (list_v (f, "--state", "accepted", NULL), (const char *[]) { c, NULL });
  assert_list (list_v (f, "--state", "agreed", NULL), (const char *[]) { NULL });
  assert_list (list_v (f, "--type", "termination", NULL), (const char *[]) { b, NULL });
  assert_list (list_v (f, "--type", "social_insurance", NULL), (const char *[]) { d, c, NULL });
  /* The claim types count as dispute types too. */
  assert_list (list_v (f, "--type", "compensation", NULL), (const char *[]) { b, NULL });
  assert_list (list_v (f, "--type", "wages", "--state", "received", NULL), (const char *[]) { a, NULL });
  run_refused (f, 1, "State", "case", "list", "--state", "sleeping", NULL);
  run_refused (f, 1, "Dispute type", "case", "list", "--type", "bonus", NULL);

  /* Fragments: a two-character name (also inside a longer one), words of the facts, a
   * piece of an ID number (which lists show masked). */
  assert_list (list_v (f, "--search", "张三", NULL), (const char *[]) { e, a, NULL });
  assert_list (list_v (f, "--search", "张三丰", NULL), (const char *[]) { e, NULL });
  assert_list (list_v (f, "--search", "违法解除", NULL), (const char *[]) { b, NULL });
  assert_list (list_v (f, "--search", "拖欠工资三个月", NULL), (const char *[]) { a, NULL });
  assert_list (list_v (f, "--search", "0307", NULL), (const char *[]) { a, NULL });
  assert_list (list_v (f, "--search", "0308", NULL), (const char *[]) { NULL });
  assert_list (list_v (f, "--search", "东方物流", NULL), (const char *[]) { e, NULL });
  assert_list (list_v (f, "--search", "张三", "--state", "received", "--type", "other", NULL),
               (const char *[]) { e, NULL });
  run_refused (f, 1, "two characters", "case", "list", "--search", "张", NULL);

  /* On 20 February: a (due 5 Feb), b (23 Jan) and c (planned end 26 Jan) are overdue;
   * e is due that day, d the day after. */
  f->now = "2025-02-20T10:00:00+08:00";
  assert_list (list_v (f, "--overdue", NULL), (const char *[]) { a, b, c, NULL });
  assert_list (list_v (f, "--overdue", "--type", "wages", NULL), (const char *[]) { a, c, NULL });
  assert_list (list_v (f, "--order", "due", NULL), (const char *[]) { b, c, a, e, d, NULL });
  assert_list (list_v (f, "--order", "due", "--overdue", NULL), (const char *[]) { b, c, a, NULL });
  overdue = run_json (f, "case", "list", "--order", "due", NULL);
  {
    JsonArray *rows = json_node_get_array (overdue);
    const char *due[] = { "2025-01-23", "2025-01-26", "2025-02-05", "2025-02-20", "2025-02-21" };
    const gboolean late[] = { TRUE, TRUE, TRUE, FALSE, FALSE };

    g_assert_cmpuint (json_array_get_length (rows), ==, 5);
    for (guint i = 0; i < 5; i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);
        g_assert_cmpstr (member_str (row, "due"), ==, due[i]);
        g_assert_cmpint (json_object_get_boolean_member (row, "overdue"), ==, late[i]);
      }
    g_assert_cmpstr (member_str (json_array_get_object_element (rows, 1), "due_clock"), ==, "mediation");
    g_assert_cmpstr (member_str (json_array_get_object_element (rows, 0), "applicant"), ==, "李四");
  }
  /* A week earlier, nothing was overdue but b and c. */
  f->now = "2025-01-30T10:00:00+08:00";
  assert_list (list_v (f, "--overdue", NULL), (const char *[]) { b, c, NULL });

  /* The list masks nothing it should not show: no ID numbers at all. */
  all = run_json (f, "case", "list", NULL);
  {
    g_autofree char *text = json_to_string (all, FALSE);
    g_assert_null (strstr (text, ID_ZHANG));
  }
}

/* Page through `case list` with --limit and the cursor printed on stderr; the numbers of
 * all pages. */
static char *
list_paged (Fixture *f, const char * const *filter, guint limit, guint *n_pages)
{
  g_autofree char *cursor = NULL;
  g_autofree char *limit_text = g_strdup_printf ("%u", limit);
  g_autoptr(GString) all = g_string_new (NULL);

  *n_pages = 0;
  for (;;)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *out = NULL, *err = NULL, *numbers = NULL;
      g_autoptr(JsonNode) node = NULL;
      const char *more;
      guint n;

      g_ptr_array_add (args, (char *) "case");
      g_ptr_array_add (args, (char *) "list");
      for (guint i = 0; filter[i] != NULL; i++)
        g_ptr_array_add (args, (char *) filter[i]);
      g_ptr_array_add (args, (char *) "--limit");
      g_ptr_array_add (args, limit_text);
      if (cursor)
        {
          g_ptr_array_add (args, (char *) "--after");
          g_ptr_array_add (args, cursor);
        }
      g_ptr_array_add (args, NULL);
      g_assert_cmpint (run_argv (f, NULL, TRUE, (const char * const *) args->pdata, &out, &err), ==, 0);
      node = parse_json (out);
      n = json_array_get_length (json_node_get_array (node));
      g_assert_cmpuint (n, <=, limit);
      numbers = list_numbers (node);
      if (n > 0)
        g_string_append_printf (all, "%s%s", all->len ? "\n" : "", numbers);
      (*n_pages)++;
      g_assert_cmpuint (*n_pages, <, 100);

      more = strstr (err, "More: --after '");
      if (more == NULL)
        {
          /* No cursor: this was the last page, and it was not full. */
          g_assert_cmpuint (n, <, limit);
          break;
        }
      /* A cursor only after a full page. */
      g_assert_cmpuint (n, ==, limit);
      more += strlen ("More: --after '");
      g_free (cursor);
      cursor = g_strndup (more, strchr (more, '\'') - more);
      g_assert_nonnull (strchr (cursor, '|'));
    }
  return g_string_free (g_steal_pointer (&all), FALSE);
}

static void
test_list_pages (Fixture *f, gconstpointer data)
{
  static const char * const names[] = { "甲", "乙", "丙", "丁", "戊", "己", "庚", "辛", "壬", "癸", "子" };
  static const char * const by_received[] = { NULL };
  static const char * const by_due[] = { "--order", "due", NULL };
  static const char * const by_number[] = { "--order", "number", NULL };
  static const char * const searched[] = { "--search", "张三", NULL };
  static const char * const received_only[] = { "--state", "received", NULL };
  const char * const *filters[] = { by_received, by_due, by_number, searched, received_only };

  init_replica (f, NULL);
  /* Eleven cases, three on most days, so the order has ties the cursor must break. */
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autofree char *received = g_strdup_printf ("2025-01-%02u", 10 + i / 3);
      g_autofree char *applicant = g_strconcat ("张三", names[i], NULL);

      g_free (new_case_no (f, "--received", received, "--applicant", applicant,
                           "--applicant-id", NULL, "--applicant-phone", NULL, NULL));
    }

  for (guint i = 0; i < G_N_ELEMENTS (filters); i++)
    {
      g_autoptr(GPtrArray) args = g_ptr_array_new ();
      g_autofree char *full = NULL;
      g_auto(GStrv) numbers = NULL;
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
      /* Pages of one for one order only: twelve runs each. */
      const guint limits[] = { 4, 11, 1 };
      const guint n_limits = i == 0 ? 3 : 2;

      for (guint a = 0; filters[i][a] != NULL; a++)
        g_ptr_array_add (args, (char *) filters[i][a]);
      g_ptr_array_add (args, (char *) "--limit");
      g_ptr_array_add (args, (char *) "100");
      g_ptr_array_add (args, NULL);
      {
        g_autofree char *out = NULL;
        g_autoptr(GPtrArray) list_args = g_ptr_array_new ();
        g_autoptr(JsonNode) node = NULL;

        g_ptr_array_add (list_args, (char *) "case");
        g_ptr_array_add (list_args, (char *) "list");
        for (guint a = 0; a < args->len; a++)
          g_ptr_array_add (list_args, g_ptr_array_index (args, a));
        g_assert_cmpint (run_argv (f, NULL, TRUE, (const char * const *) list_args->pdata, &out, NULL), ==, 0);
        node = parse_json (out);
        full = list_numbers (node);
      }
      numbers = g_strsplit (full, "\n", -1);
      g_assert_cmpuint (g_strv_length (numbers), ==, 11);
      for (guint n = 0; numbers[n] != NULL; n++)
        g_assert_true (g_hash_table_add (seen, numbers[n]));

      for (guint l = 0; l < n_limits; l++)
        {
          guint n_pages;
          g_autofree char *paged = list_paged (f, filters[i], limits[l], &n_pages);

          g_test_message ("filter %u, limit %u: %u pages", i, limits[l], n_pages);
          g_assert_cmpstr (paged, ==, full);
          g_assert_cmpuint (n_pages, ==, 11 / limits[l] + 1);
        }
    }
}

/* ---- late entry and stated times ---------------------------------------------------- */

static void
test_late_entry (Fixture *f, gconstpointer data)
{
  g_autofree char *c = NULL, *actions = NULL;
  g_autoptr(JsonNode) node = NULL, other = NULL;
  JsonArray *events;
  JsonObject *o;
  gint64 cases, pending;
  struct { const char *action; gboolean late; const char *stated; } expected[] = {
    { "create", FALSE, "2025-01-24T10:00:00+08:00" },
    { "accept", TRUE, "2025-01-24T15:00:00+08:00" },
    { "assign", FALSE, "2025-01-27T08:00:00+08:00" },
    { "edit", FALSE, "2025-01-27T10:00:00+08:00" },
    { "extend", FALSE, "2025-01-24T16:00:00+08:00" },
  };

  init_replica (f, NULL);
  run_ok (f, "roster", "add", "--name", "王调解", NULL);
  /* Registered on the day it came in. */
  f->now = "2025-01-24T10:00:00+08:00";
  c = new_case_no (f, NULL);

  /* Three days later the mediator enters what happened on the 24th: late entry. */
  f->now = "2025-01-27T10:00:00+08:00";
  run_ok (f, "case", "do", c, "accept", "--consent", "--at", "2025-01-24T15:00", NULL);
  run_ok (f, "case", "do", c, "assign", "--mediator", "王调解", "--at", "2025-01-27 08:00", NULL);
  run_ok (f, "case", "set", c, "facts=申请人补充：加班费未付。", NULL);

  /* Actions are not recorded in advance, nor before the case existed. */
  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "future", "case", "do", c, "extend", "--consent", "--date", "2025-03-01",
               "--at", "2025-01-27T10:30", NULL);
  run_refused (f, 1, "future", "case", "set", c, "facts=x", "--at", "2025-01-28", NULL);
  run_refused (f, 1, "before the case was received", "case", "do", c, "extend", "--consent",
               "--date", "2025-03-01", "--at", "2025-01-23T10:00", NULL);
  run_refused (f, 1, "Time of the action", "case", "do", c, "extend", "--consent",
               "--date", "2025-03-01", "--at", "yesterday", NULL);
  assert_nothing_written (f, cases, pending);

  /* The threshold is a setting: at 100 hours, three days back is not late. */
  run_refused (f, 1, "Late entry", "setting", "late_entry_hours=0", NULL);
  run_refused (f, 1, "unknown", "setting", "early_entry_hours=3", NULL);
  run_ok (f, "setting", "late_entry_hours=100", NULL);
  run_ok (f, "case", "do", c, "extend", "--consent", "--date", "2025-03-01", "--at", "2025-01-24T16:00", NULL);

  node = show (f, c);
  o = json_node_get_object (node);
  g_assert_cmpstr (member_str (o, "planned_end"), ==, "2025-03-01");
  events = json_object_get_array_member (o, "events");
  g_assert_cmpuint (json_array_get_length (events), ==, G_N_ELEMENTS (expected));
  for (guint i = 0; i < G_N_ELEMENTS (expected); i++)
    {
      JsonObject *e = json_array_get_object_element (events, i);

      g_test_message ("event %u: %s", i, expected[i].action);
      g_assert_cmpstr (member_str (e, "action"), ==, expected[i].action);
      g_assert_cmpint (json_object_get_boolean_member (e, "late"), ==, expected[i].late);
      g_assert_cmpstr (member_str (e, "stated_at"), ==, expected[i].stated);
      g_assert_cmpstr (member_str (e, "actor"), ==, "李主任");
    }
  g_assert_cmpstr (member_str (json_array_get_object_element (events, 1), "recorded_at"), ==,
                   "2025-01-27T10:00:00+08:00");

  /* A registration entered long after the day the application came in is late too
   * (the threshold is back at its default on a fresh replica). */
  {
    Fixture g = { .dir = f->dir, .now = "2025-01-27T10:00:00+08:00" };
    g_autofree char *db = g_build_filename (f->dir, "other.sqlite", NULL);
    const char *args[] = { "case", "new", "--received", "2025-01-24", "--type", "wages",
                           "--applicant", "张三", "--respondent", "某公司", NULL };
    const char *args_at[] = { "case", "new", "--received", "2025-01-27", "--type", "wages",
                              "--applicant", "张三", "--respondent", "某公司",
                              "--at", "2025-01-27T09:00", NULL };
    const char *show_args[] = { "case", "show", "东城劳人调〔2025〕1号", NULL };
    const char *show_args2[] = { "case", "show", "东城劳人调〔2025〕2号", NULL };
    g_autofree char *out = NULL, *out2 = NULL;
    g_autoptr(JsonNode) second = NULL;

    g.db = db;
    init_replica (&g, db);
    g_assert_cmpint (run_argv (&g, NULL, FALSE, args, NULL, NULL), ==, 0);
    g_assert_cmpint (run_argv (&g, NULL, FALSE, args_at, NULL, NULL), ==, 0);
    g_assert_cmpint (run_argv (&g, NULL, TRUE, show_args, &out, NULL), ==, 0);
    other = parse_json (out);
    events = json_object_get_array_member (json_node_get_object (other), "events");
    g_assert_true (json_object_get_boolean_member (json_array_get_object_element (events, 0), "late"));
    g_assert_cmpint (run_argv (&g, NULL, TRUE, show_args2, &out2, NULL), ==, 0);
    second = parse_json (out2);
    events = json_object_get_array_member (json_node_get_object (second), "events");
    g_assert_false (json_object_get_boolean_member (json_array_get_object_element (events, 0), "late"));
    g_assert_cmpstr (member_str (json_array_get_object_element (events, 0), "stated_at"), ==,
                     "2025-01-27T09:00:00+08:00");
  }
}

/* ---- deadlines ---------------------------------------------------------------------- */

static void
test_deadlines (Fixture *f, gconstpointer data)
{
  g_autofree char *a = NULL, *b = NULL, *c = NULL, *d = NULL, *e = NULL, *text = NULL;
  g_autoptr(JsonNode) node = NULL, earlier = NULL;
  JsonArray *rows;

  init_replica (f, NULL);
  f->now = "2025-02-05T10:00:00+08:00";
  a = new_case_no (f, "--received", "2025-01-24", NULL);     /* acceptance 2025-02-05: today */
  b = new_case_no (f, "--received", "2025-01-20", NULL);     /* acceptance 2025-01-23: overdue */
  c = new_case_no (f, "--received", "2025-02-05", NULL);     /* acceptance 2025-02-08 (make-up Saturday): soon */
  d = new_case_no (f, "--received", "2025-01-27", NULL);     /* mediation 2025-02-11: soon */
  e = new_case_no (f, "--received", "2025-02-05", NULL);     /* mediation 2025-02-20: later */
  run_ok (f, "case", "do", d, "accept", "--consent", NULL);
  run_ok (f, "case", "do", e, "accept", "--consent", NULL);
  /* A closed case has no clock running. */
  {
    g_autofree char *closed = new_case_no (f, "--received", "2025-01-21", NULL);
    run_ok (f, "case", "do", closed, "withdraw", "--reason", "撤回", NULL);
  }

  node = run_json (f, "deadlines", NULL);
  rows = json_node_get_array (node);
  {
    const char *want_c[] = { b, a, c, d };
    const char *want_clock[] = { "acceptance", "acceptance", "acceptance", "mediation" };
    const char *want_due[] = { "2025-01-23", "2025-02-05", "2025-02-08", "2025-02-11" };
    const char *want_urgency[] = { "overdue", "today", "soon", "soon" };

    g_assert_cmpuint (json_array_get_length (rows), ==, G_N_ELEMENTS (want_c));
    for (guint i = 0; i < G_N_ELEMENTS (want_c); i++)
      {
        JsonObject *row = json_array_get_object_element (rows, i);

        g_assert_cmpstr (member_str (row, "case_no"), ==, want_c[i]);
        g_assert_cmpstr (member_str (row, "clock"), ==, want_clock[i]);
        g_assert_cmpstr (member_str (row, "due"), ==, want_due[i]);
        g_assert_cmpstr (member_str (row, "urgency"), ==, want_urgency[i]);
        g_assert_false (json_object_get_boolean_member (row, "provisional"));
        g_assert_true (json_object_has_member (row, "state"));
      }
  }
  g_assert_cmpstr (member_str (json_array_get_object_element (rows, 3), "state"), ==, "accepted");

  /* Judged as of another day, and with a longer look-ahead. */
  earlier = run_json (f, "deadlines", "--on", "2025-01-23", "--days", "30", NULL);
  rows = json_node_get_array (earlier);
  g_assert_cmpuint (json_array_get_length (rows), ==, 5);
  g_assert_cmpstr (member_str (json_array_get_object_element (rows, 0), "urgency"), ==, "today");
  g_assert_cmpstr (member_str (json_array_get_object_element (rows, 1), "urgency"), ==, "soon");
  g_assert_cmpstr (member_str (json_array_get_object_element (rows, 4), "case_no"), ==, e);

  g_assert_cmpint (run (f, &text, NULL, "deadlines", NULL), ==, 0);
  g_assert_nonnull (strstr (text, "1 overdue, 1 due today, 2 due within 7 days"));
  run_refused (f, 1, "Date", "deadlines", "--on", "2025-02-30", NULL);
}

/* ---- the holiday calendar ------------------------------------------------------------- */

static char *
calendar_years (Fixture *f)
{
  char *out = NULL;

  g_assert_cmpint (run (f, &out, NULL, "calendar", "years", NULL), ==, 0);
  return out;
}

static const char calendar_2027[] =
  "# A notice for 2027, made up for the test.\n"
  "year 2027 国办发明电〔2026〕99号\n"
  "2027-01-01 off 元旦\n"
  "2027-02-06 work 春节\n"
  "2027-02-08 off 春节\n"
  "2027-02-09 off 春节\n";

static const char calendar_bad[] =
  "year 2027 国办发明电〔2026〕99号\n"
  "2027-01-01 off 元旦\n"
  "\n"
  "2027-02-30 off 春节\n";

static void
test_calendar (Fixture *f, gconstpointer data)
{
  g_autofree char *years = NULL, *years_after_bad = NULL, *years_after = NULL, *c = NULL;
  g_autofree char *good = g_build_filename (f->dir, "2027.txt", NULL);
  g_autofree char *bad = g_build_filename (f->dir, "bad.txt", NULL);
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) before = NULL, after = NULL, unchanged = NULL;
  g_autoptr(GError) error = NULL;
  JsonObject *o;
  gint64 cases, pending;

  init_replica (f, NULL);
  years = calendar_years (f);
  g_assert_cmpstr (years, ==, "2018\n2019\n2020\n2021\n2022\n2023\n2024\n2025\n2026\n");

  /* Received Tuesday 29 December 2026: the last days of 2026 and the first of 2027 are
   * not known until the 2027 notice is out, so the deadlines are provisional. */
  f->now = "2026-12-30T10:00:00+08:00";
  c = new_case_no (f, "--received", "2026-12-29", NULL);
  before = show (f, c);
  o = json_node_get_object (before);
  g_assert_cmpstr (member_str (member_obj (o, "deadlines"), "acceptance"), ==, "2027-01-01");
  g_assert_true (json_object_get_boolean_member (member_obj (member_obj (o, "deadline_rules"), "acceptance"), "provisional"));
  g_assert_true (json_object_get_boolean_member (member_obj (member_obj (o, "deadline_rules"), "mediation"), "provisional"));
  g_assert_true (json_object_get_boolean_member (o, "due_provisional"));
  g_assert_cmpstr (member_str (o, "due"), ==, "2027-01-01");

  /* A malformed file: refused with its line number, and nothing changes. */
  g_file_set_contents (bad, calendar_bad, -1, &error);
  g_assert_no_error (error);
  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "Line 4", "calendar", "import", bad, NULL);
  run_refused (f, 1, NULL, "calendar", "import", "/nonexistent/2027.txt", NULL);
  years_after_bad = calendar_years (f);
  g_assert_cmpstr (years_after_bad, ==, years);
  unchanged = show (f, c);
  g_assert_true (json_object_get_boolean_member (json_node_get_object (unchanged), "due_provisional"));
  assert_nothing_written (f, cases, pending);

  g_file_set_contents (good, calendar_2027, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (run (f, &out, NULL, "calendar", "import", good, NULL), ==, 0);
  g_assert_nonnull (strstr (out, "1 provisional deadline changed"));
  years_after = calendar_years (f);
  g_assert_cmpstr (years_after, ==, "2018\n2019\n2020\n2021\n2022\n2023\n2024\n2025\n2026\n2027\n");

  /* 1 January 2027 is a holiday: the third working day is Monday 4 January. */
  after = show (f, c);
  o = json_node_get_object (after);
  g_assert_cmpstr (member_str (member_obj (o, "deadlines"), "acceptance"), ==, "2027-01-04");
  g_assert_cmpstr (member_str (member_obj (o, "deadlines"), "mediation"), ==, "2027-01-13");
  g_assert_false (json_object_get_boolean_member (member_obj (member_obj (o, "deadline_rules"), "acceptance"), "provisional"));
  g_assert_false (json_object_get_boolean_member (member_obj (member_obj (o, "deadline_rules"), "mediation"), "provisional"));
  g_assert_false (json_object_get_boolean_member (o, "due_provisional"));
  g_assert_cmpstr (member_str (o, "due"), ==, "2027-01-04");
  /* The deadline is derived on every replica, so this is no edit to sync. */
  assert_nothing_written (f, cases, pending);
  assert_integrity (f->db);
}

/* ---- demo data ---------------------------------------------------------------------- */

/* `case list --json` without the time-based "id" members. */
static char *
list_without_ids (Fixture *f, const char *db)
{
  const char *args[] = { "case", "list", "--limit", "100", NULL };
  g_autofree char *out = NULL;
  g_autoptr(JsonNode) node = NULL;
  JsonArray *rows;

  g_assert_cmpint (run_argv (f, db, TRUE, args, &out, NULL), ==, 0);
  node = parse_json (out);
  rows = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (rows); i++)
    json_object_remove_member (json_array_get_object_element (rows, i), "id");
  return json_to_string (node, TRUE);
}

static void
test_demo_deterministic (Fixture *f, gconstpointer data)
{
  g_autofree char *one = g_build_filename (f->dir, "one.sqlite", NULL);
  g_autofree char *two = g_build_filename (f->dir, "two.sqlite", NULL);
  g_autofree char *list_one = NULL, *list_two = NULL;
  g_autoptr(JsonNode) rows = NULL;
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) states = g_hash_table_new (g_str_hash, g_str_equal);
  const char *demo[] = { "demo", "--cases", "50", "--seed", "7", NULL };

  f->now = "2025-06-30T10:00:00+08:00";
  init_replica (f, one);
  init_replica (f, two);
  for (guint i = 0; i < 2; i++)
    {
      g_autofree char *err = NULL;
      int status = run_argv (f, i ? two : one, FALSE, demo, NULL, &err);

      if (status != 0)
        g_test_message ("stderr: %s", err);
      g_assert_cmpint (status, ==, 0);
    }

  list_one = list_without_ids (f, one);
  list_two = list_without_ids (f, two);
  g_assert_cmpstr (list_one, ==, list_two);

  /* …and the seed is what decides them. */
  {
    g_autofree char *three = g_build_filename (f->dir, "three.sqlite", NULL);
    g_autofree char *list_three = NULL;
    const char *demo8[] = { "demo", "--cases", "50", "--seed", "8", NULL };

    init_replica (f, three);
    g_assert_cmpint (run_argv (f, three, FALSE, demo8, NULL, NULL), ==, 0);
    list_three = list_without_ids (f, three);
    g_assert_cmpstr (list_three, !=, list_one);
  }

  rows = parse_json (list_one);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (rows)), ==, 50);
  for (guint i = 0; i < 50; i++)
    {
      JsonObject *row = json_array_get_object_element (json_node_get_array (rows), i);

      g_assert_true (g_hash_table_add (numbers, g_strdup (member_str (row, "case_no"))));
      g_hash_table_add (states, (gpointer) member_str (row, "state"));
    }
  /* With actions, the cases move on through the life cycle. */
  g_assert_cmpuint (g_hash_table_size (states), >=, 4);
  assert_integrity (one);
}

/* ---- desks -------------------------------------------------------------------------- */

static void
test_desks (Fixture *f, gconstpointer data)
{
  g_autofree char *one = g_build_filename (f->dir, "desk1.sqlite", NULL);
  g_autofree char *two = g_build_filename (f->dir, "desk2.sqlite", NULL);
  g_autoptr(GHashTable) numbers = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  const char *new_args[] = { "case", "new", "--received", "2025-01-24", "--type", "wages",
                             "--applicant", "张三", "--respondent", "某公司", NULL };
  const char *bad_desk[] = { "init", "--org-code", "110101", "--org-name", "东城区调解中心",
                             "--desk", "0", NULL };

  for (guint desk = 1; desk <= 2; desk++)
    {
      g_autofree char *desk_text = g_strdup_printf ("%u", desk);
      const char *init[] = { "init", "--org-code", "110101", "--org-name", "东城区劳动人事争议调解中心",
                             "--short-name", "东城", "--user", desk == 1 ? "李主任" : "王调解",
                             "--desk", desk_text, NULL };

      g_assert_cmpint (run_argv (f, desk == 1 ? one : two, FALSE, init, NULL, NULL), ==, 0);
    }
  for (guint i = 0; i < 3; i++)
    for (guint desk = 1; desk <= 2; desk++)
      {
        g_autofree char *out = NULL;
        g_autoptr(JsonNode) node = NULL;
        const char *case_no;

        g_assert_cmpint (run_argv (f, desk == 1 ? one : two, TRUE, new_args, &out, NULL), ==, 0);
        node = parse_json (out);
        case_no = member_str (json_node_get_object (node), "case_no");
        g_test_message ("desk %u: %s", desk, case_no);
        g_assert_true (g_hash_table_add (numbers, g_strdup (case_no)));
        if (i == 0)
          g_assert_cmpstr (case_no, ==, desk == 1 ? "东城劳人调〔2025〕1号" : "东城劳人调〔2025〕2-1号");
      }
  g_assert_cmpuint (g_hash_table_size (numbers), ==, 6);

  {
    g_autofree char *db = g_build_filename (f->dir, "desk0.sqlite", NULL);
    g_autofree char *err = NULL;

    g_assert_cmpint (run_argv (f, db, FALSE, bad_desk, NULL, &err), ==, 1);
    g_assert_nonnull (strstr (err, "Desk"));
  }
}

/* Reading commands never create a replica for a mistyped --db; a malformed cursor is a
 * usage error; a second demo run reuses the demo roster. */
static void
test_replica_file (Fixture *f, gconstpointer data)
{
  g_autofree char *typo = g_build_filename (f->dir, "replcia.sqlite", NULL);
  const char *list[] = { "case", "list", NULL };
  g_autofree char *err = NULL;
  g_autoptr(JsonNode) cases = NULL;

  g_assert_cmpint (run_argv (f, typo, FALSE, list, NULL, &err), ==, 1);
  g_assert_nonnull (strstr (err, "no replica"));
  g_assert_false (g_file_test (typo, G_FILE_TEST_EXISTS));

  init_replica (f, NULL);
  run_refused (f, 2, "--after", "case", "list", "--after", "5", NULL);
  run_ok (f, "demo", "--cases", "10", "--seed", "1", NULL);
  run_ok (f, "demo", "--cases", "10", "--seed", "2", NULL);
  cases = run_json (f, "case", "list", "--limit", "100", NULL);
  g_assert_cmpuint (json_array_get_length (json_node_get_array (cases)), ==, 20);
  /* A time that is not a time is refused, not read past its end. */
  run_refused (f, 1, NULL, "case", "set", "东城劳人调〔2026〕1号", "facts=x", "--at", "abc", NULL);
}

/* ---- parties and claims of a registered case -------------------------------------- */

static JsonArray *
case_list_member (JsonNode *c, const char *name)
{
  return json_object_get_array_member (json_node_get_object (c), name);
}

/* Parties one at a time: each refusal names the field and the rule and writes nothing;
 * agents carry their powers; show prints them. */
static void
test_party_edits (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, added = NULL, edited = NULL, removed = NULL;
  g_autofree char *plain = NULL, *actions = NULL;
  const char *case_no;
  JsonObject *party, *agent;
  JsonArray *powers;
  gint64 cases, pending, pending_after;

  init_replica (f, NULL);
  created = new_case (f, NULL);
  case_no = member_str (json_node_get_object (created), "case_no");

  added = run_json (f, "case", "party", "add", case_no, "--side", "respondent", "--kind",
                    "organisation", "--name", "东城第二建筑公司", "--id", "91350100M000100Y43",
                    "--legal-rep", "赵经理",
                    "--agent", "李律师|139 0013 9000|special:admit,settle",
                    "--agent", "王法务", NULL);
  g_assert_cmpuint (json_array_get_length (case_list_member (added, "parties")), ==, 3);
  party = json_array_get_object_element (case_list_member (added, "parties"), 2);
  g_assert_cmpstr (member_str (party, "name"), ==, "东城第二建筑公司");
  g_assert_cmpuint (json_array_get_length (json_object_get_array_member (party, "agents")), ==, 2);
  agent = json_array_get_object_element (json_object_get_array_member (party, "agents"), 0);
  g_assert_cmpstr (member_str (agent, "phone"), ==, "13900139000");
  g_assert_cmpstr (member_str (agent, "authority"), ==, "special");
  powers = json_object_get_array_member (agent, "powers");
  g_assert_cmpuint (json_array_get_length (powers), ==, 2);
  g_assert_cmpstr (json_array_get_string_element (powers, 1), ==, "settle");
  agent = json_array_get_object_element (json_object_get_array_member (party, "agents"), 1);
  g_assert_cmpstr (member_str (agent, "authority"), ==, "general");

  /* case show prints each agent with its authority. */
  g_assert_cmpint (run (f, &plain, NULL, "case", "show", case_no, NULL), ==, 0);
  g_assert_nonnull (strstr (plain, "李律师 13900139000 (Special authority: Admit claims, "
                                   "Settle and reach an agreement)"));
  g_assert_nonnull (strstr (plain, "王法务  (General authority)"));

  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "Applicant ID number", "case", "party", "set", case_no, "applicant",
               "id_number=110101199003070012", NULL);
  run_refused (f, 1, "Respondent 2 agent 1 powers", "case", "party", "set", case_no,
               "respondent2", "agents=甲||general:admit", NULL);
  run_refused (f, 1, "salary", "case", "party", "set", case_no, "applicant", "salary=1", NULL);
  run_refused (f, 1, "applicant2", "case", "party", "set", case_no, "applicant2", "phone=1", NULL);
  run_refused (f, 1, "at least one applicant", "case", "party", "remove", case_no, "applicant",
               NULL);
  run_refused (f, 1, "not a collective dispute", "case", "party", "add", case_no,
               "--representative", "--name", "代表", NULL);
  run_refused (f, 1, "--side", "case", "party", "add", case_no, "--side", "judge", "--name", "某",
               NULL);
  run_refused (f, 2, NULL, "case", "party", "set", case_no, "applicant", NULL);
  run_refused (f, 2, "case party add", "case", "party", "rename", NULL);
  status_counts (f, NULL, &cases, &pending_after);
  g_assert_cmpint (pending_after, ==, pending);

  edited = run_json (f, "case", "party", "set", case_no, "applicant", "phone=139-0000-1111",
                     "address=东城区东四北大街1号", NULL);
  party = json_array_get_object_element (case_list_member (edited, "parties"), 0);
  g_assert_cmpstr (member_str (party, "phone"), ==, "13900001111");
  status_counts (f, NULL, &cases, &pending_after);
  g_assert_cmpint (pending_after, ==, pending + 1);

  removed = run_json (f, "case", "party", "remove", case_no, "respondent", "--note", "登记错误",
                      NULL);
  g_assert_cmpuint (json_array_get_length (case_list_member (removed, "parties")), ==, 2);
  party = json_array_get_object_element (case_list_member (removed, "parties"), 1);
  g_assert_cmpstr (member_str (party, "name"), ==, "东城第二建筑公司");
  {
    g_autoptr(JsonNode) shown = show (f, case_no);
    actions = event_actions (json_node_get_object (shown));
  }
  g_assert_cmpstr (actions, ==, "create create edit delete");
}

static void
test_claim_edits (Fixture *f, gconstpointer data)
{
  g_autoptr(JsonNode) created = NULL, added = NULL, edited = NULL, removed = NULL;
  const char *case_no;
  JsonObject *claim;
  gint64 cases, pending, pending_after;

  init_replica (f, NULL);
  created = new_case (f, NULL);
  case_no = member_str (json_node_get_object (created), "case_no");

  added = run_json (f, "case", "claim", "add", case_no, "--type", "compensation", "--amount",
                    "5000", "--from", "2024-12-01", "--to", "2025-01-20", "--description",
                    "解除劳动合同经济补偿", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (added), "claimed_fen"), ==,
                   1700000);
  claim = json_array_get_object_element (case_list_member (added, "claims"), 1);
  g_assert_cmpstr (member_str (claim, "type"), ==, "compensation");
  g_assert_cmpstr (member_str (claim, "period_to"), ==, "2025-01-20");
  g_assert_cmpstr (member_str (claim, "description"), ==, "解除劳动合同经济补偿");

  status_counts (f, NULL, &cases, &pending);
  run_refused (f, 1, "Claim 2 amount", "case", "claim", "set", case_no, "2", "amount=abc", NULL);
  run_refused (f, 1, "Claim 2 period", "case", "claim", "set", case_no, "2",
               "period_to=2024-11-01", NULL);
  run_refused (f, 1, "no claim", "case", "claim", "set", case_no, "3", "amount=1", NULL);
  run_refused (f, 1, "--type", "case", "claim", "add", case_no, "--type", "bonus", NULL);
  run_refused (f, 2, "--type", "case", "claim", "add", case_no, NULL);
  status_counts (f, NULL, &cases, &pending_after);
  g_assert_cmpint (pending_after, ==, pending);

  edited = run_json (f, "case", "claim", "set", case_no, "2", "amount=6000", NULL);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (edited), "claimed_fen"), ==,
                   1800000);
  removed = run_json (f, "case", "claim", "remove", case_no, "1", NULL);
  g_assert_cmpuint (json_array_get_length (case_list_member (removed, "claims")), ==, 1);
  g_assert_cmpint (json_object_get_int_member (json_node_get_object (removed), "claimed_fen"), ==,
                   600000);
  run_refused (f, 1, "only claim", "case", "claim", "remove", case_no, "1", NULL);
}

int
main (int argc, char **argv)
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_setup, func, fixture_teardown)

  ADD ("/cli/case/new-json", test_case_new_json);
  ADD ("/cli/case/number-pattern", test_case_number_pattern);
  ADD ("/cli/case/show", test_case_show);
  ADD ("/cli/case/new-invalid", test_case_new_invalid);
  ADD ("/cli/usage", test_usage);
  ADD ("/cli/workflow/life-cycle", test_life_cycle);
  ADD ("/cli/workflow/terminal-states", test_terminal_states);
  ADD ("/cli/list/filters", test_list_filters);
  ADD ("/cli/list/pages", test_list_pages);
  ADD ("/cli/event/late-entry", test_late_entry);
  ADD ("/cli/deadlines", test_deadlines);
  ADD ("/cli/calendar", test_calendar);
  ADD ("/cli/demo/deterministic", test_demo_deterministic);
  ADD ("/cli/desks", test_desks);
  ADD ("/cli/replica-file", test_replica_file);
  ADD ("/cli/case/party-edits", test_party_edits);
  ADD ("/cli/case/claim-edits", test_claim_edits);

#undef ADD
  return g_test_run ();
}
