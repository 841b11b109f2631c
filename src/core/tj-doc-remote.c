/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc.h"
#include "tj-protocol.h"

#include <glib/gi18n-lib.h>
#include <string.h>

/* A PDF checked by the server (POST /v1/documents/verify) rather than by the replica: the
 * answer covers every final document of the caller's jurisdiction, whether or not this
 * replica holds it (or there is no replica at all). */

#define MAX_ANSWER (64 * 1024)

static char *
member (JsonObject *object, const char *name)
{
  return g_strdup (tj_protocol_get_string (object, name));
}

TjDocVerification *
tj_doc_verify_remote (TjApiClient *api, GBytes *pdf, GCancellable *cancellable,
                      GError **error)
{
  g_autoptr(TjDocVerification) v = g_new0 (TjDocVerification, 1);
  g_autoptr(GInputStream) body = NULL;
  g_autoptr(GInputStream) in = NULL;
  g_autoptr(GOutputStream) out = g_memory_output_stream_new_resizable ();
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonNode) node = NULL;
  TjApiRawAnswer raw;
  JsonObject *object;
  const char *verdict;
  gsize size;
  const char *data;

  g_return_val_if_fail (TJ_IS_API_CLIENT (api), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  data = g_bytes_get_data (pdf, &size);
  if (size < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY, _("The file is not a PDF."));
      return NULL;
    }
  body = g_memory_input_stream_new_from_bytes (pdf);
  in = tj_api_client_send_raw (api, "POST", "/v1/documents/verify", body, (gint64) size, NULL,
                               &raw, cancellable, error);
  if (in == NULL ||
      g_output_stream_splice (out, in, G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, cancellable, error) < 0)
    return NULL;
  answer = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (out));
  data = g_bytes_get_data (answer, &size);
  node = size <= MAX_ANSWER ? tj_protocol_parse_json (data, size, NULL) : NULL;
  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      g_set_error (error, TJ_API_CLIENT_ERROR, TJ_API_CLIENT_ERROR_BAD_RESPONSE,
                   _("The server's answer to a verification is not the JSON object it should "
                     "be."));
      return NULL;
    }
  object = json_node_get_object (node);
  verdict = tj_protocol_get_string (object, "verdict");
  v->verdict = g_strcmp0 (verdict, "recorded") == 0 ? TJ_DOC_VERIFY_RECORDED
             : g_strcmp0 (verdict, "tampered") == 0 ? TJ_DOC_VERIFY_TAMPERED
             : TJ_DOC_VERIFY_UNKNOWN;
  v->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  if (v->verdict == TJ_DOC_VERIFY_UNKNOWN)
    return g_steal_pointer (&v);
  v->code = member (object, "code");
  v->case_no = member (object, "ref");
  v->kind = member (object, "kind");
  v->number = member (object, "number");
  v->recorded_sha256 = member (object, "recorded_sha256");
  return g_steal_pointer (&v);
}
