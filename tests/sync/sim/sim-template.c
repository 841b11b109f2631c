/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "../../server/server-util.h"
#include "sim.h"
#include "tj-protocol.h"
#include "tj-server-auth.h"
#include "tj-server-demo.h"

/* The world every seed starts from, made once: logins cost argon2id time on purpose, so
 * the seeds copy a server folder whose sessions already exist. */

#define SIM_PASSWORD "simulated-password-1"

const SimPerson sim_people[SIM_CLIENTS] = {
  { "head",      "220102001", "head",       TRUE },   /* 南岭街道, two desks and a third */
  { "mediator",  "220102001", "mediator",   TRUE },
  { "sim-head2", "220102002", "head",       TRUE },   /* 自强街道, same county */
  { "supervisor", "220102",   "supervisor", FALSE },  /* 南关区: both centres */
  { "sim-far",   "220104001", "head",       TRUE },   /* 前进街道, another county */
  { "sim-med3",  "220102001", "mediator",   TRUE },
};

static JsonNode *
call (TjApiClient *api, const char *method, const char *path, const char *body)
{
  g_autoptr(GError) error = NULL;
  JsonNode *answer;

  answer = tj_api_client_call_text (api, method, path, body, body ? strlen (body) : 0,
                                    TJ_API_CALL_NONE, NULL, NULL, &error);
  g_assert_no_error (error);
  return answer;
}

static char *
login (const char *url, const char *user, const char *password)
{
  g_autoptr(TjApiClient) api = tj_api_client_new (url, NULL);
  g_autofree char *body = g_strdup_printf ("{\"user\":\"%s\",\"password\":\"%s\"}", user,
                                           password);
  g_autoptr(JsonNode) answer = call (api, "POST", "/v1/session", body);

  return g_strdup (tj_protocol_get_string (json_node_get_object (answer), "token"));
}

static const char *
org_id_of (JsonNode *orgs, const char *code)
{
  JsonArray *list = json_object_get_array_member (json_node_get_object (orgs), "orgs");

  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (tj_protocol_get_string (o, "code"), code) == 0 &&
          g_strcmp0 (tj_protocol_get_string (o, "type"), "centre") != 0)
        return tj_protocol_get_string (o, "id");
    }
  for (guint i = 0; i < json_array_get_length (list); i++)
    {
      JsonObject *o = json_array_get_object_element (list, i);

      if (g_strcmp0 (tj_protocol_get_string (o, "code"), code) == 0)
        return tj_protocol_get_string (o, "id");
    }
  g_error ("no organisation %s in the demo province", code);
  return NULL;
}

/* A replica set up from the server, as tiaojie-cli init --server does. */
static void
make_replica (SimTemplate *t, guint i, const char *url)
{
  g_autoptr(TjApiClient) api = tj_api_client_new (url, NULL);
  g_autoptr(JsonNode) session = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjStore) store = NULL;
  g_autoptr(TjCaseStore) cases = NULL;
  g_autofree char *path = g_strdup_printf ("%s/c%u.sqlite", t->dir, i);
  JsonObject *account, *org;
  TjReplicaSetup setup = { 0 };
  TjUuid user_id;
  guint v;

  tj_api_client_set_token (api, t->tokens[i]);
  session = call (api, "GET", "/v1/session", NULL);
  account = json_object_get_object_member (json_node_get_object (session), "account");
  org = json_object_get_object_member (json_node_get_object (session), "org");
  g_assert_true (tj_uuid_parse (tj_protocol_get_string (org, "id"), &t->org_ids[i]));
  g_assert_true (tj_uuid_parse (tj_protocol_get_string (account, "id"), &user_id));
  setup.server_org_id = &t->org_ids[i];
  setup.server_user_id = &user_id;
  setup.org_code = tj_protocol_get_string (org, "code");
  setup.org_name = tj_protocol_get_string (org, "name");
  setup.org_short_name = tj_protocol_get_string (org, "short_name");
  g_assert_true (tj_enum_lookup (&tj_enum_org_level, tj_protocol_get_string (org, "level"), &v));
  setup.level = v;
  g_assert_true (tj_enum_lookup (&tj_enum_org_type, tj_protocol_get_string (org, "type"), &v));
  setup.type = v;
  setup.user_name = tj_protocol_get_string (account, "username");
  g_assert_true (tj_enum_lookup (&tj_enum_role, tj_protocol_get_string (account, "role"), &v));
  setup.roles = TJ_ROLE_BIT (v);
  setup.desk = (int) i + 1;

  store = tj_store_open (path, &error);
  g_assert_no_error (error);
  cases = tj_case_store_new (store, &error);
  g_assert_no_error (error);
  tj_case_store_init_replica (cases, &setup, &error);
  g_assert_no_error (error);
  tj_store_set_meta (store, "sync_server", url, &error);
  g_assert_no_error (error);
}

SimTemplate *
sim_template_new (void)
{
  SimTemplate *t = g_new0 (SimTemplate, 1);
  g_autoptr(GError) error = NULL;
  g_autofree char *server_dir = NULL;
  g_autofree char *admin = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(JsonNode) orgs = NULL;
  SimServer *server;

  t->dir = g_dir_make_tmp ("tj-sim-XXXXXX", &error);
  g_assert_no_error (error);
  server_dir = g_build_filename (t->dir, "server", NULL);
  g_assert_true (tj_server_auth_init (&error));
  {
    g_autoptr(TjServerStore) store = tj_server_store_open (server_dir, &error);

    g_assert_no_error (error);
    tj_server_demo_seed (store, &error);
    g_assert_no_error (error);
  }
  server = sim_server_start (server_dir, FALSE);
  admin = login (sim_server_url (server), "admin", TJ_SERVER_DEMO_PASSWORD);
  api = tj_api_client_new (sim_server_url (server), NULL);
  tj_api_client_set_token (api, admin);
  orgs = call (api, "GET", "/v1/orgs", NULL);
  for (guint i = 0; i < SIM_CLIENTS; i++)
    {
      const SimPerson *p = &sim_people[i];
      const char *password = TJ_SERVER_DEMO_PASSWORD;

      if (g_str_has_prefix (p->user, "sim-"))
        {
          g_autofree char *body = g_strdup_printf ("{\"org_id\":\"%s\",\"username\":\"%s\","
                                                   "\"name\":\"%s\",\"role\":\"%s\","
                                                   "\"password\":\"" SIM_PASSWORD "\"}",
                                                   org_id_of (orgs, p->org_code), p->user,
                                                   p->user, p->role);
          g_autoptr(JsonNode) answer = call (api, "POST", "/v1/accounts", body);

          password = SIM_PASSWORD;
        }
      t->tokens[i] = login (sim_server_url (server), p->user, password);
      make_replica (t, i, sim_server_url (server));
    }
  for (guint i = 0; i < SIM_CLIENTS; i++)
    {
      sqlite3_stmt *stmt;

      g_assert_cmpint (sqlite3_prepare_v2 (sim_server_db (server), "SELECT path FROM org "
                                           "WHERE id = ?", -1, &stmt, NULL), ==, SQLITE_OK);
      sqlite3_bind_blob (stmt, 1, t->org_ids[i].bytes, 16, SQLITE_STATIC);
      g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
      t->org_paths[i] = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      sqlite3_finalize (stmt);
    }
  sim_server_stop (server);
  return t;
}

void
sim_template_free (SimTemplate *t)
{
  if (g_getenv ("TJ_SIM_KEEP") == NULL)
    test_remove_tree (t->dir);
  for (guint i = 0; i < SIM_CLIENTS; i++)
    {
      g_free (t->tokens[i]);
      g_free (t->org_paths[i]);
    }
  g_free (t->dir);
  g_free (t);
}
