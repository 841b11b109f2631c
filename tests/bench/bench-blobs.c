/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "../server/test-tree.h"
#include "tj-api-client.h"
#include "tj-sync-blobs.h"

/* Attachment blobs on loopback: the real tiaojie-server, PUT /v1/blobs/SHA256 from a file
 * (streamed, hashed and renamed into place by the server) and tj_sync_fetch_blob (streamed
 * to a .part, hashed, renamed). Prints MB/s per direction and the peak resident memory of
 * the server and of this process, which shows whether a blob is ever held whole in
 * memory (it should not be: the peaks stay far below the blob size). */

#define PASSWORD "tiaojie-demo"

typedef struct {
  char        *dir;
  GSubprocess *server;
  int          server_pid;
  char        *url;
} Bench;

static void
server_start (Bench *b, int max_mib)
{
  g_autofree char *max = g_strdup_printf ("%d", max_mib);
  const char *extra[] = { "--max-blob-size", max, NULL };

  b->server = bench_server_start (b->dir, extra, &b->server_pid, &b->url);
}

/* Resident set of a process in KiB (VmRSS). */
static gint64
rss_kib (int pid)
{
  g_autofree char *path = g_strdup_printf ("/proc/%d/status", pid);
  g_autofree char *value = bench_read_proc_line (path, "VmRSS");

  return g_ascii_strtoll (value, NULL, 10);
}

/* The server's peak (VmHWM) is set by the login's argon2id (64 MiB), so the resident set
 * is sampled during the transfers instead. */
typedef struct {
  int       pid;
  gint64    max_kib;
  gboolean  stop;
} Sampler;

static gpointer
sample_thread (gpointer data)
{
  Sampler *s = data;

  while (!g_atomic_int_get (&s->stop))
    {
      s->max_kib = MAX (s->max_kib, rss_kib (s->pid));
      g_usleep (5000);
    }
  return NULL;
}

static gint64
self_peak_rss_kib (void)
{
  struct rusage ru;

  getrusage (RUSAGE_SELF, &ru);
  return ru.ru_maxrss;
}

static TjApiClient *
login (Bench *b)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjApiClient) api = tj_api_client_new (b->url, &error);
  g_autoptr(JsonNode) answer = NULL;
  g_autoptr(JsonNode) body = json_from_string ("{\"user\":\"head\",\"password\":\"" PASSWORD "\"}",
                                               NULL);

  if (api == NULL)
    bench_die ("tj_api_client_new", error);
  tj_api_client_set_timeout (api, 300);
  answer = tj_api_client_call (api, "POST", "/v1/session", body, NULL, NULL, &error);
  if (answer == NULL)
    bench_die ("login", error);
  tj_api_client_set_token (api, json_object_get_string_member (json_node_get_object (answer),
                                                               "token"));
  return g_steal_pointer (&api);
}

/* A file of `bytes` pseudo-random bytes (incompressible); returns its SHA-256. */
static char *
make_file (const char *path, gint64 bytes, guint32 seed)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  FILE *f = fopen (path, "wb");
  guint32 buf[16384];

  if (f == NULL)
    bench_die (path, NULL);
  for (gint64 done = 0; done < bytes; done += sizeof buf)
    {
      gsize n = (gsize) MIN ((gint64) sizeof buf, bytes - done);

      for (guint i = 0; i < G_N_ELEMENTS (buf); i++)
        buf[i] = g_rand_int (rand);
      fwrite (buf, 1, n, f);
      g_checksum_update (sum, (const guchar *) buf, n);
    }
  fclose (f);
  return g_strdup (g_checksum_get_string (sum));
}

static void
upload (TjApiClient *api, const char *path, const char *sha, gint64 bytes)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GFileInputStream) in = g_file_read (file, NULL, &error);
  g_autoptr(GInputStream) answer = NULL;
  g_autofree char *url = g_strconcat ("/v1/blobs/", sha, NULL);
  TjApiRawAnswer raw;
  char buf[1024];

  if (in == NULL)
    bench_die (path, error);
  answer = tj_api_client_send_raw (api, "PUT", url, G_INPUT_STREAM (in), bytes, NULL, &raw,
                                   NULL, &error);
  if (answer == NULL)
    bench_die ("PUT", error);
  while (g_input_stream_read (answer, buf, sizeof buf, NULL, NULL) > 0)
    ;
  if (raw.status != 201)
    {
      fprintf (stderr, "PUT answered %u, not 201\n", raw.status);
      exit (1);
    }
}

int
main (int argc, char **argv)
{
  int size_mib = 64, count = 3;
  GOptionEntry entries[] = {
    { "size-mib", 0, 0, G_OPTION_ARG_INT, &size_mib, "Blob size in MiB (default 64)", "N" },
    { "count", 0, 0, G_OPTION_ARG_INT, &count, "Blobs each way (default 3)", "N" },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new (NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(TjApiClient) api = NULL;
  g_autoptr(GPtrArray) shas = g_ptr_array_new_with_free_func (g_free);
  Bench b = { 0 };
  gint64 bytes, server_idle, received = 0;
  Sampler sampler = { 0 };
  GThread *thread;
  double t0, up_s = 0, down_s = 0;

  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("options", error);
  if (size_mib < 1 || count < 1)
    bench_die ("--size-mib and --count must be at least 1", NULL);
  bytes = (gint64) size_mib * 1024 * 1024;
  b.dir = g_dir_make_tmp ("tj-bench-blobs-XXXXXX", &error);
  if (b.dir == NULL)
    bench_die ("temporary folder", error);

  printf ("== bench-blobs\n");
  printf ("machine     %u CPUs (nproc); %s\n", g_get_num_processors (),
#ifdef __OPTIMIZE__
          "optimised build"
#else
          "NOT optimised build: figures are not representative"
#endif
          );
  bench_print_load ("at start (1, 5, 15 min)");
  printf ("options     --size-mib %d --count %d (loopback, pseudo-random bytes, one at a time)\n",
          size_mib, count);
  server_start (&b, size_mib + 1);
  api = login (&b);
  server_idle = rss_kib (b.server_pid);
  sampler.pid = b.server_pid;
  thread = g_thread_new ("rss", sample_thread, &sampler);

  for (int i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("source-%d", i);
      g_autofree char *path = g_build_filename (b.dir, name, NULL);
      char *sha = make_file (path, bytes, (guint32) i + 1);

      g_ptr_array_add (shas, sha);
      t0 = bench_now_s ();
      upload (api, path, sha, bytes);
      up_s += bench_now_s () - t0;
      g_unlink (path);
    }
  for (int i = 0; i < count; i++)
    {
      g_autofree char *name = g_strdup_printf ("down-%d", i);
      g_autofree char *path = g_build_filename (b.dir, name, NULL);
      g_autoptr(GFile) dest = g_file_new_for_path (path);
      gint64 got = 0;

      t0 = bench_now_s ();
      if (!tj_sync_fetch_blob (api, g_ptr_array_index (shas, i), dest, &got, NULL, &error))
        bench_die ("tj_sync_fetch_blob", error);
      down_s += bench_now_s () - t0;
      received += got;
      g_unlink (path);
    }

  g_atomic_int_set (&sampler.stop, TRUE);
  g_thread_join (thread);
  printf ("upload      %d × %d MiB: %.2f s, %.0f MB/s (PUT from a file; the server hashes, "
          "writes and renames)\n", count, size_mib, up_s, count * bytes / up_s / 1e6);
  printf ("download    %d × %d MiB: %.2f s, %.0f MB/s (GET to a .part, hash check, rename; "
          "%" G_GINT64_FORMAT " bytes received)\n", count, size_mib, down_s,
          count * bytes / down_s / 1e6, received);
  printf ("memory      server RSS %" G_GINT64_FORMAT " KiB before the transfers, at most %"
          G_GINT64_FORMAT " KiB during them (sampled every 5 ms); this process peak %"
          G_GINT64_FORMAT " KiB; blob %d MiB\n",
          server_idle, sampler.max_kib, self_peak_rss_kib (), size_mib);
  bench_print_load ("at end (1, 5, 15 min)");

  g_subprocess_send_signal (b.server, SIGTERM);
  g_subprocess_wait (b.server, NULL, NULL);
  g_clear_object (&b.server);
  test_remove_tree (b.dir);
  g_free (b.url);
  g_free (b.dir);
  return 0;
}
