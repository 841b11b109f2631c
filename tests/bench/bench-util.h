/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <gio/gio.h>
#include <sqlite3.h>

G_BEGIN_DECLS

/* What the benchmark programs share: a clock, giving up, small SQL, percentiles, and the
 * machine's conditions printed beside the figures. Messages name g_get_prgname (). */

double         bench_now_s          (void);
G_GNUC_NORETURN
void           bench_die            (const char   *what,
                                     GError       *error);
void           bench_exec_sql       (sqlite3      *db,
                                     const char   *sql);
sqlite3_stmt  *bench_prepare        (sqlite3      *db,
                                     const char   *sql);
gint64         bench_sql_int        (sqlite3      *db,
                                     const char   *sql);
int            bench_cmp_double     (gconstpointer a,
                                     gconstpointer b);
/* Nearest-rank percentile of a sorted array of doubles (p from 0 to 1). */
double         bench_percentile     (GArray       *sorted,
                                     double        p);
void           bench_print_load     (const char   *when);
/* The value after "key:" in a /proc file such as /proc/cpuinfo, or "?". */
char          *bench_read_proc_line (const char   *path,
                                     const char   *key);

void           bench_print_source   (void);
/* tiaojie-server ($TJ_SERVER) --demo on loopback port 0 with its data in DIR/server and
 * its output in DIR/server.out and .log, killed with this process; waits until it says
 * where it listens. */
GSubprocess   *bench_server_start   (const char   *dir,
                                     const char * const *extra,
                                     int          *pid,
                                     char        **url);

G_END_DECLS
