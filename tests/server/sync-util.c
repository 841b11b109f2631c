/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <string.h>

#include "sync-util.h"
#include "tj-protocol.h"

static char *
add_account (SyncWorld *world, const char *org, const char *username, const char *role)
{
  g_autofree char *body = g_strdup_printf ("{\"org_id\":\"%s\",\"username\":\"%s\","
                                           "\"name\":\"%s\",\"role\":\"%s\","
                                           "\"password\":\"" SYNC_PASSWORD "\"}",
                                           org, username, username, role);
  g_autoptr(JsonNode) answer = NULL;
  guint status;

  answer = test_server_call (world->server, "POST", "/v1/accounts", world->admin, body, TRUE,
                             &status, NULL);
  g_assert_cmpuint (status, ==, 201);
  return test_server_login (world->server, username, SYNC_PASSWORD);
}

SyncWorld *
sync_world_new (void)
{
  SyncWorld *world = g_new0 (SyncWorld, 1);
  g_autoptr(JsonNode) version = NULL;
  guint status;

  world->server = test_server_start (NULL);
  world->admin = test_server_login (world->server, "admin", DEMO_PASSWORD);
  world->head = test_server_login (world->server, "head", DEMO_PASSWORD);
  world->mediator = test_server_login (world->server, "mediator", DEMO_PASSWORD);
  world->supervisor = test_server_login (world->server, "supervisor", DEMO_PASSWORD);
  world->centre = test_org_id (world->server, world->admin, "220102001");
  world->other_centre = test_org_id (world->server, world->admin, "220102002");
  world->county = test_org_id (world->server, world->admin, "220102");
  world->far_county = test_org_id (world->server, world->admin, "220104");
  world->other_head = add_account (world, world->other_centre, "head2", "head");
  world->far_supervisor = add_account (world, world->far_county, "supervisor2", "supervisor");
  version = test_server_call (world->server, "GET", "/v1/version", NULL, NULL, TRUE, &status,
                              NULL);
  world->epoch = g_strdup (test_member_string (version, "server_epoch"));
  return world;
}

void
sync_world_free (SyncWorld *world)
{
  test_server_stop (world->server);
  g_free (world->admin);
  g_free (world->head);
  g_free (world->mediator);
  g_free (world->supervisor);
  g_free (world->other_head);
  g_free (world->far_supervisor);
  g_free (world->centre);
  g_free (world->other_centre);
  g_free (world->county);
  g_free (world->far_county);
  g_free (world->epoch);
  g_free (world);
}

GPtrArray *
sync_mutations_new (void)
{
  return g_ptr_array_new_with_free_func ((GDestroyNotify) tj_sync_mutation_free);
}

gint64
sync_hlc (guint counter)
{
  return (gint64) TJ_HLC_PACK (g_get_real_time () / 1000, counter);
}

void
sync_add (GPtrArray *mutations, gint64 id, const char *record, const char *type, TjOp op,
          gint64 base, const char *fields_json)
{
  g_autoptr(GError) error = NULL;
  TjSyncMutation *m;
  TjUuid uuid;

  g_assert_true (tj_uuid_parse (record, &uuid));
  m = tj_sync_mutation_new (id, &uuid, type, op);
  if (fields_json != NULL)
    {
      tj_sync_mutation_add_fields_json (m, fields_json, base, sync_hlc (id), &error);
      g_assert_no_error (error);
    }
  g_ptr_array_add (mutations, m);
}

JsonNode *
sync_send (TestServer *server, const char *method, const char *path, const char *token,
           GBytes *body, const char *content_encoding, guint *status)
{
  g_autofree char *url = g_strconcat (server->url, path, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, url);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  SoupMessageHeaders *headers = soup_message_get_request_headers (msg);
  const char *data;
  gsize length;

  soup_message_headers_replace (headers, "X-Tiaojie-Protocol", "1");
  if (token != NULL)
    {
      g_autofree char *bearer = g_strconcat ("Bearer ", token, NULL);
      soup_message_headers_replace (headers, "Authorization", bearer);
    }
  if (content_encoding != NULL)
    soup_message_headers_replace (headers, "Content-Encoding", content_encoding);
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, "application/json", body);
  answer = soup_session_send_and_read (server->session, msg, NULL, &error);
  g_assert_no_error (error);
  *status = soup_message_get_status (msg);
  data = g_bytes_get_data (answer, &length);
  if (length == 0)
    return json_node_new (JSON_NODE_NULL);
  return tj_protocol_parse_json (data, length, NULL);
}

JsonNode *
sync_push (SyncWorld *world, const char *token, const char *client_id, GPtrArray *mutations,
           guint *status)
{
  g_autoptr(GBytes) body = NULL;
  TjUuid client;
  gsize length;
  char *text;

  g_assert_true (tj_uuid_parse (client_id, &client));
  text = tj_sync_push_request_to_json (&client, mutations, &length);
  body = g_bytes_new_take (text, length);
  return sync_send (world->server, "POST", "/v1/push", token, body, NULL, status);
}

TjSyncPushAnswer *
sync_push_ok (SyncWorld *world, const char *token, const char *client_id, GPtrArray *mutations)
{
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  TjSyncPushAnswer *decoded;
  guint status;

  answer = sync_push (world, token, client_id, mutations, &status);
  if (status != 200)
    g_test_message ("push: %u %s", status, test_member_string (answer, "message"));
  g_assert_cmpuint (status, ==, 200);
  decoded = tj_sync_push_answer_from_json (answer, &error);
  g_assert_no_error (error);
  return decoded;
}

char *
sync_pull_path (const char *bucket, const char *epoch, gint64 after, int wait)
{
  GString *path = g_string_new (NULL);

  g_string_printf (path, "/v1/pull?bucket=%s&epoch=%s&after=%" G_GINT64_FORMAT, bucket, epoch,
                   after);
  if (wait > 0)
    g_string_append_printf (path, "&wait=%d", wait);
  return g_string_free (path, FALSE);
}

TjSyncPage *
sync_pull_ok (SyncWorld *world, const char *token, const char *bucket, gint64 after)
{
  g_autofree char *path = sync_pull_path (bucket, world->epoch, after, 0);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(GError) error = NULL;
  TjSyncPage *page;
  guint status;

  answer = sync_send (world->server, "GET", path, token, NULL, NULL, &status);
  g_assert_cmpuint (status, ==, 200);
  page = tj_sync_page_from_json (answer, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (page->epoch, ==, world->epoch);
  return page;
}

TjSyncPageOp *
sync_page_find (TjSyncPage *page, const char *id)
{
  TjUuid uuid;

  g_assert_true (tj_uuid_parse (id, &uuid));
  for (guint i = 0; i < page->ops->len; i++)
    {
      TjSyncPageOp *op = g_ptr_array_index (page->ops, i);

      if (tj_uuid_equal (&op->id, &uuid))
        return op;
    }
  return NULL;
}

guint
sync_page_count (TjSyncPage *page, const char *type)
{
  guint n = 0;

  for (guint i = 0; i < page->ops->len; i++)
    if (g_strcmp0 (((TjSyncPageOp *) g_ptr_array_index (page->ops, i))->type, type) == 0)
      n++;
  return n;
}

char *
sync_new_id (void)
{
  TjUuid id;

  tj_uuid_v7_now (&id);
  return tj_uuid_dup_string (&id);
}

GBytes *
sync_gzip (const char *data, gsize length)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);
  g_autoptr(GOutputStream) mem = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) out = g_converter_output_stream_new (mem, G_CONVERTER (z));
  g_autoptr(GError) error = NULL;

  g_output_stream_write_all (out, data, length, NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (out, NULL, &error);
  g_assert_no_error (error);
  return g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (mem));
}
