/* SPDX-License-Identifier: GPL-3.0-or-later */

/* bench-app: the desktop application on a big replica, under Xvfb.
 *
 *   bench-app [--db FILE | --cases N]
 *
 * Prints: the time from the start of main () to the first frame painted with the case list
 * filled; search-as-you-type (the list model filtered by a fragment and the rows of one
 * screen read), per fragment; going back to the whole list and reading it again (after an
 * edit or a sync); and the resident memory after every row of the list has been read, the
 * way scrolling reads it, plus a walk of the real scrollbar. */

#define G_LOG_DOMAIN "bench-app"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "bench-util.h"
#include "tj-application.h"
#include "tj-cases-view.h"
#include "tj-window.h"

#define SCREEN_ROWS 30

static gint64 started_us;
static gint64 painted_us;
static double started_cpu_s;
static double painted_cpu_s;
static guint frames;

static void
on_frame_cb (GdkFrameClock *clock, gpointer data)
{
  frames++;
}

static gboolean
on_give_up_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Run until the next frame is painted (or a second passed). */
static void
wait_frame (void)
{
  guint before = frames;
  gboolean gave_up = FALSE;
  guint id = g_timeout_add (1000, on_give_up_cb, &gave_up);

  while (frames == before && !gave_up)
    g_main_context_iteration (NULL, TRUE);
  if (!gave_up)
    g_source_remove (id);
}

static long
rss_kb (void)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, "VmRSS:")) == NULL)
    return -1;
  return strtol (line + strlen ("VmRSS:"), NULL, 10);
}

/* CPU time of every thread of the process so far: steadier than the wall clock when the
 * machine is shared, though the targets are wall-clock figures. */
static double
cpu_s (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_stime.tv_sec +
         (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6;
}

static void
pump (void)
{
  while (g_main_context_iteration (NULL, FALSE))
    ;
}

static GtkWidget *
find_type (GtkWidget *root, GType type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_type (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static void
on_after_paint_cb (GdkFrameClock *clock, GtkWidget *view)
{
  TjCaseListModel *model = tj_cases_view_get_model (TJ_CASES_VIEW (view));

  if (painted_us == 0 && model != NULL &&
      g_list_model_get_n_items (G_LIST_MODEL (model)) > 0 && gtk_widget_get_mapped (view))
    {
      painted_us = g_get_monotonic_time ();
      painted_cpu_s = cpu_s ();
    }
}

/* A plain list is shown before it is counted; its length is exact once the count is in. */
static void
wait_counted (TjCaseListModel *model)
{
  while (!tj_case_list_model_is_counted (model))
    g_main_context_iteration (NULL, TRUE);
}

static void
read_screen (GListModel *model, guint from)
{
  guint n = g_list_model_get_n_items (model);

  for (guint i = from; i < MIN (n, from + SCREEN_ROWS); i++)
    g_object_unref (g_list_model_get_item (model, i));
}

int
main (int argc, char **argv)
{
  g_autofree char *db = NULL;
  gint64 n_cases = 20000;
  gboolean startup_only = FALSE;
  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, "An existing replica", "FILE" },
    { "cases", 0, 0, G_OPTION_ARG_INT64, &n_cases, "Demo cases to generate without --db", "N" },
    { "startup-only", 0, 0, G_OPTION_ARG_NONE, &startup_only,
      "Stop after the first painted list (for profiling start-up)", NULL },
    { NULL }
  };
  g_autoptr(GOptionContext) context = g_option_context_new ("— application benchmark");
  g_autoptr(GError) error = NULL;
  g_autoptr(TjApplication) app = NULL;
  static const char * const fragments[] = { "李明", "张三", "王明", "长南", "欠薪", "建筑",
                                            "2026", "13800", "宏达建筑工程", "不存在的词" };
  g_autofree char *tmpdir = NULL;
  TjCaseListModel *model;
  GtkWidget *window, *view, *scroller;
  GtkAdjustment *adj;
  GArray *times;
  guint n;
  double t0, dt;

  started_us = g_get_monotonic_time ();
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    bench_die ("options", error);

  gtk_init ();
  adw_init ();
  app = tj_application_new ();
  g_application_set_flags (G_APPLICATION (app), G_APPLICATION_NON_UNIQUE);
  if (!g_application_register (G_APPLICATION (app), NULL, &error))
    bench_die ("register", error);
  if (db == NULL)
    {
      tmpdir = g_dir_make_tmp ("bench-app-XXXXXX", NULL);
      db = g_build_filename (tmpdir, "replica.sqlite", NULL);
      if (!tj_application_open_replica (app, db, &error) ||
          !tj_application_setup_demo (app, n_cases, &error))
        bench_die ("demo replica", error);
      g_printerr ("generated %lld demo cases in %.1f s\n", (long long) n_cases,
                  (g_get_monotonic_time () - started_us) / 1e6);
      started_us = g_get_monotonic_time ();
      started_cpu_s = cpu_s ();
    }
  else if (!tj_application_open_replica (app, db, &error))
    bench_die ("open", error);

  bench_print_source ();
  printf ("replica opened: %.0f ms, RSS %ld MB\n", (g_get_monotonic_time () - started_us) / 1e3,
          rss_kb () / 1024);
  window = GTK_WIDGET (tj_window_new (app));
  printf ("window built: %.0f ms, RSS %ld MB\n", (g_get_monotonic_time () - started_us) / 1e3,
          rss_kb () / 1024);
  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  view = find_type (window, TJ_TYPE_CASES_VIEW);
  gtk_window_present (GTK_WINDOW (window));
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (on_after_paint_cb), view);
  while (painted_us == 0)
    g_main_context_iteration (NULL, TRUE);
  model = tj_cases_view_get_model (TJ_CASES_VIEW (view));
  printf ("start-up to the first painted case list: %.0f ms (%.0f ms of CPU)\n",
          (painted_us - started_us) / 1e3, (painted_cpu_s - started_cpu_s) * 1e3);
  bench_print_load ("after start-up");
  printf ("RSS after start-up: %ld MB\n", rss_kb () / 1024);
  if (startup_only)
    return 0;
  wait_counted (model);
  n = g_list_model_get_n_items (G_LIST_MODEL (model));
  printf ("replica: %s, %u cases, counted %.0f ms after the start\n", db, n,
          (g_get_monotonic_time () - started_us) / 1e3);

  /* Search as you type: filter the model and read one screen of rows. */
  times = g_array_new (FALSE, FALSE, sizeof (double));
  for (guint f = 0; f < G_N_ELEMENTS (fragments); f++)
    {
      TjCaseFilter filter;

      tj_case_filter_init (&filter);
      filter.search = fragments[f];
      t0 = bench_now_s ();
      tj_case_list_model_set_filter (model, &filter);
      read_screen (G_LIST_MODEL (model), 0);
      dt = (bench_now_s () - t0) * 1e3;
      g_array_append_val (times, dt);
      printf ("search “%s”: %.1f ms, %u rows shown%s\n", fragments[f], dt,
              g_list_model_get_n_items (G_LIST_MODEL (model)),
              tj_case_list_model_is_complete (model) ? "" : " (more as the list scrolls)");
    }
  g_array_sort (times, bench_cmp_double);
  printf ("search-as-you-type: median %.1f ms, max %.1f ms over %u fragments\n",
          bench_percentile (times, 0.5), g_array_index (times, double, times->len - 1), times->len);
  g_array_unref (times);

  /* Back to the whole list, as clearing the search does, then the list read again five
   * times, as after an edit or a sync: each the model's call and a screen of rows read,
   * then the count from its worker. The views left for after the first paint are read
   * first, so that their work is not counted here. */
  pump ();
  {
    TjCaseFilter filter;
    double counted;

    tj_case_filter_init (&filter);
    t0 = bench_now_s ();
    tj_case_list_model_set_filter (model, &filter);
    read_screen (G_LIST_MODEL (model), 0);
    dt = (bench_now_s () - t0) * 1e3;
    wait_counted (model);
    counted = (bench_now_s () - t0) * 1e3;
    printf ("back to the whole list: %.1f ms, counted after %.0f ms\n", dt, counted);
    pump ();
    for (guint i = 0; i < 5; i++)
      {
        t0 = bench_now_s ();
        tj_case_list_model_refresh (model);
        read_screen (G_LIST_MODEL (model), 0);
        dt = (bench_now_s () - t0) * 1e3;
        wait_counted (model);
        counted = (bench_now_s () - t0) * 1e3;
        printf ("refresh of the whole list: %.1f ms, counted after %.0f ms\n", dt, counted);
        pump ();
      }
  }
  /* Read every row in order, as scrolling to the end does. */
  t0 = bench_now_s ();
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GObject) item = g_list_model_get_item (G_LIST_MODEL (model), i);
      if (item == NULL)
        {
          printf ("row %u missing\n", i);
          break;
        }
    }
  printf ("read every row in order: %.1f s (%.1f µs a row)\n", bench_now_s () - t0,
          (bench_now_s () - t0) * 1e6 / MAX (n, 1));
  printf ("RSS after reading every row: %ld MB (%u pages cached)\n", rss_kb () / 1024,
          tj_case_list_model_get_n_cached_pages (model));

  /* The real scrollbar: 200 jumps from top to bottom, each painted. */
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint", G_CALLBACK (on_frame_cb),
                    NULL);
  scroller = gtk_widget_get_ancestor (find_type (view, GTK_TYPE_COLUMN_VIEW), GTK_TYPE_SCROLLED_WINDOW);
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scroller));
  t0 = bench_now_s ();
  for (guint step = 0; step <= 200; step++)
    {
      double upper = gtk_adjustment_get_upper (adj) - gtk_adjustment_get_page_size (adj);

      gtk_adjustment_set_value (adj, upper * step / 200.0);
      gtk_widget_queue_draw (view);
      wait_frame ();
    }
  printf ("200 scrollbar jumps top to bottom (upper %.0f px): %.0f ms each on average, "
          "%u frames\n", gtk_adjustment_get_upper (adj), (bench_now_s () - t0) * 1e3 / 201, frames);
  printf ("RSS after scrolling the whole list: %ld MB\n", rss_kb () / 1024);
  bench_print_load ("at the end");

  gtk_window_destroy (GTK_WINDOW (window));
  pump ();
  return 0;
}
