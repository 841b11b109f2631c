/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>

#include "tj-protocol.h"
#include "tj-server.h"
#include "tj-server-auth.h"
#include "tj-server-bootstrap.h"
#include "tj-server-demo.h"
#include "tj-server-horizon.h"
#include "tj-server-store.h"

#define DEFAULT_LISTEN "127.0.0.1:8470"

typedef struct {
  TjServerStore *store;
  guint          keep_days;
} Compaction;

/* Removes older than the kept period leave the change log (tj-server-horizon.h): at start
 * and once a day. */
static gboolean
on_compact_cb (gpointer user_data)
{
  Compaction *c = user_data;
  g_autoptr(GError) error = NULL;
  guint dropped = 0;

  if (!tj_server_horizon_compact (c->store, c->keep_days, g_get_real_time () / 1000, &dropped,
                                  &error))
    g_warning ("compacting the change log: %s", error->message);
  else if (dropped > 0)
    /* Translators: a number of rows, then a number of days */
    g_message (_("change log: %u removes older than %u days dropped"), dropped, c->keep_days);
  return G_SOURCE_CONTINUE;
}

static gboolean
on_signal_cb (gpointer user_data)
{
  g_main_loop_quit (user_data);
  return G_SOURCE_CONTINUE;
}

/* "127.0.0.1:8470" or "[::1]:8470": a literal address, not a name, so what is checked for
 * loopback is what is bound. */
static GInetSocketAddress *
parse_listen (const char *text, GError **error)
{
  g_autofree char *host = NULL;
  g_autoptr(GInetAddress) address = NULL;
  const char *colon = strrchr (text, ':');
  const char *port_text;
  guint64 port = G_MAXUINT64;

  if (colon != NULL)
    {
      port_text = colon + 1;
      if (*port_text != '\0' && strspn (port_text, "0123456789") == strlen (port_text) &&
          strlen (port_text) <= 5)
        port = g_ascii_strtoull (port_text, NULL, 10);
      host = g_strndup (text, colon - text);
      if (host[0] == '[' && g_str_has_suffix (host, "]"))
        {
          char *inner = g_strndup (host + 1, strlen (host) - 2);
          g_free (host);
          host = inner;
        }
      address = g_inet_address_new_from_string (host);
    }
  if (address == NULL || port > 65535)
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   /* Translators: what was given to --listen */
                   _("--listen “%s”: write an IP address and a port, such as 127.0.0.1:8470 or "
                     "[::1]:8470 (port 0 picks a free one)."), text);
      return NULL;
    }
  return G_INET_SOCKET_ADDRESS (g_inet_socket_address_new (address, port));
}

static int
fail (const char *message)
{
  /* Translators: the prefix of every error message of the server */
  g_printerr (_("tiaojie-server: %s\n"), message);
  return 1;
}

/* conninfo: --postgres, or NULL for DIR/server.sqlite. Only the database's name and host
 * are logged: the string may hold a password. */
static TjServerStore *
open_store (const char *data_dir, const char *conninfo, GError **error)
{
  g_autofree char *described = NULL;

  if (conninfo == NULL)
    return tj_server_store_open (data_dir, error);
  described = tj_server_store_describe_conninfo (conninfo);
  /* Translators: the database's name and host ("dbname=… host=…") */
  g_message (_("store: PostgreSQL database %s"), described);
  return tj_server_store_open_postgres (data_dir, conninfo, error);
}

int
main (int argc, char **argv)
{
  g_autoptr(GOptionContext) context = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(TjServerStore) store = NULL;
  g_autoptr(TjServer) server = NULL;
  g_autoptr(GInetSocketAddress) address = NULL;
  g_autoptr(GTlsCertificate) certificate = NULL;
  g_autoptr(GMainLoop) loop = NULL;
  g_autofree char *data_dir = NULL, *listen = NULL, *cert_file = NULL, *key_file = NULL;
  g_autofree char *url = NULL;
  g_autofree char *init_province = NULL, *admin = NULL, *password_file = NULL;
  g_autofree char *postgres = NULL;
  gboolean demo = FALSE, list_routes = FALSE, version = FALSE, restored = FALSE;
  int lifetime = TJ_SERVER_AUTH_DEFAULT_LIFETIME;
  int max_blob_mib = TJ_PROTOCOL_MAX_BLOB / (1024 * 1024);
  int keep_removes = TJ_SERVER_DEFAULT_KEEP_REMOVES_DAYS;
  Compaction compaction = { 0 };
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data_dir,
      N_("The server's data folder (made if missing)"), N_("DIR") },
    { "postgres", 0, 0, G_OPTION_ARG_STRING, &postgres,
      N_("Keep the database in PostgreSQL instead of DIR/server.sqlite (DIR still holds the "
         "attachments): a libpq connection string such as “host=/run/postgresql "
         "dbname=tiaojie”; put the password in ~/.pgpass or PGPASSFILE, not here, where "
         "other users could see it"), N_("CONNINFO") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen,
      N_("Address and port to listen on (default 127.0.0.1:8470; port 0 picks a free one)"),
      N_("ADDR:PORT") },
    { "tls-certificate", 0, 0, G_OPTION_ARG_FILENAME, &cert_file,
      N_("PEM certificate (chain) for HTTPS"), N_("FILE") },
    { "tls-key", 0, 0, G_OPTION_ARG_FILENAME, &key_file,
      N_("PEM private key of the certificate"), N_("FILE") },
    { "demo", 0, 0, G_OPTION_ARG_NONE, &demo,
      N_("Seed a made-up demo province with one account per role"), NULL },
    { "init-province", 0, 0, G_OPTION_ARG_STRING, &init_province,
      N_("Create the province (code, then its name as the next argument) and its first "
         "administrator in a new data folder, and exit"), N_("CODE NAME") },
    { "admin", 0, 0, G_OPTION_ARG_STRING, &admin,
      N_("User name of the first administrator (with --init-province)"), N_("USER") },
    { "password-file", 0, 0, G_OPTION_ARG_FILENAME, &password_file,
      N_("File whose first line is the administrator's password (with --init-province)"),
      N_("FILE") },
    { "token-lifetime", 0, 0, G_OPTION_ARG_INT, &lifetime,
      N_("Seconds a login stays valid (default 43200, 12 hours)"), N_("SECONDS") },
    { "max-blob-size", 0, 0, G_OPTION_ARG_INT, &max_blob_mib,
      N_("Largest attachment a client may upload, in MiB (default 64)"), N_("MIB") },
    { "keep-removes", 0, 0, G_OPTION_ARG_INT, &keep_removes,
      N_("Days deletions stay in the change log (default 90); a replica offline for longer "
         "starts over"), N_("DAYS") },
    { "restored", 0, 0, G_OPTION_ARG_NONE, &restored,
      N_("The data folder was just restored from a backup: start a new epoch, so every "
         "replica pulls its data again and sends the edits the backup lacks"), NULL },
    { "list-routes", 0, 0, G_OPTION_ARG_NONE, &list_routes,
      N_("Print every route the server answers, and exit"), NULL },
    { "version", 0, 0, G_OPTION_ARG_NONE, &version, N_("Print the version"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  context = g_option_context_new (NULL);
  g_option_context_set_summary (context, _("Tiaojie's provincial sync and administration server."));
  g_option_context_add_main_entries (context, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    return fail (error->message);
  if (version)
    {
      g_print ("tiaojie-server %s\n", PACKAGE_VERSION);
      return 0;
    }
  if (list_routes)
    {
      g_auto(GStrv) routes = tj_server_list_routes ();

      for (guint i = 0; routes[i] != NULL; i++)
        g_print ("%s\n", routes[i]);
      return 0;
    }
  if (data_dir == NULL)
    return fail (_("Name the data folder with --data DIR."));
  if ((cert_file == NULL) != (key_file == NULL))
    return fail (_("HTTPS needs both --tls-certificate and --tls-key."));
  if (lifetime < 1)
    return fail (_("--token-lifetime must be at least 1 second."));
  if (max_blob_mib < 1 || max_blob_mib > 4096)
    return fail (_("--max-blob-size must be from 1 to 4096 MiB."));
  if (keep_removes < 0 || keep_removes > 36500)
    return fail (_("--keep-removes must be from 0 to 36500 days."));
  if (init_province != NULL)
    {
      if (argc != 2 || admin == NULL || password_file == NULL)
        return fail (_("Write --init-province CODE NAME --admin USER --password-file FILE."));
      if (demo)
        return fail (_("--init-province and --demo cannot go together."));
      if (!tj_server_auth_init (&error))
        return fail (error->message);
      store = open_store (data_dir, postgres, &error);
      if (store == NULL ||
          !tj_server_bootstrap (store, init_province, argv[1], admin, password_file, &error))
        return fail (error->message);
      /* Translators: the province's name, then the administrator's user name */
      g_print (_("Created %s and its administrator %s.\n"), argv[1], admin);
      return 0;
    }
  if (argc > 1)
    return fail (_("Unexpected arguments; see --help."));

  address = parse_listen (listen ? listen : DEFAULT_LISTEN, &error);
  if (address == NULL)
    return fail (error->message);
  if (cert_file != NULL)
    {
      certificate = g_tls_certificate_new_from_files (cert_file, key_file, &error);
      if (certificate == NULL)
        return fail (error->message);
    }
  if (!tj_server_auth_init (&error))
    return fail (error->message);
  store = open_store (data_dir, postgres, &error);
  if (store == NULL)
    return fail (error->message);
  if (restored)
    {
      if (!tj_server_store_new_epoch (store, &error))
        return fail (error->message);
      /* Translators: the new epoch, an identifier */
      g_message (_("restored data: new epoch %s"), tj_server_store_get_epoch (store));
    }
  if (demo)
    {
      if (!tj_server_demo_seed (store, &error))
        return fail (error->message);
      tj_server_demo_print ();
    }

  compaction.store = store;
  compaction.keep_days = (guint) keep_removes;
  on_compact_cb (&compaction);
  g_timeout_add_seconds (24 * 3600, on_compact_cb, &compaction);

  server = tj_server_new (store, lifetime);
  tj_server_set_max_blob_size (server, (guint64) max_blob_mib * 1024 * 1024);
  if (!tj_server_listen (server, address, certificate, &error))
    return fail (error->message);
  /* Before the line below: whoever reads it may stop the server at once. */
  loop = g_main_loop_new (NULL, FALSE);
  g_unix_signal_add (SIGTERM, on_signal_cb, loop);
  g_unix_signal_add (SIGINT, on_signal_cb, loop);
  url = tj_server_dup_url (server);
  /* Tests and scripts wait for this line to learn the port; keep its form. */
  g_print ("listening on %s\n", url);
  fflush (stdout);

  g_main_loop_run (loop);

  tj_server_disconnect (server);
  g_message ("shutting down");
  return 0;
}
