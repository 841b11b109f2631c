/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gstdio.h>

#include "test-util.h"

TjTestReplica *
tj_test_replica_new (void)
{
  TjTestReplica *r = g_new0 (TjTestReplica, 1);
  g_autoptr(GError) error = NULL;
  TjReplicaSetup setup = {
    .org_code = "220102",
    .org_name = "南关区劳动人事争议调解中心",
    .org_short_name = "长南",
    .level = TJ_ORG_LEVEL_TOWNSHIP,
    .type = TJ_ORG_CENTRE,
    .user_name = "张调解",
    .roles = TJ_ROLE_BIT (TJ_ROLE_HEAD) | TJ_ROLE_BIT (TJ_ROLE_MEDIATOR),
    .desk = 1,
  };

  r->dir = g_dir_make_tmp ("tj-test-XXXXXX", &error);
  g_assert_no_error (error);
  r->path = g_build_filename (r->dir, "replica.sqlite", NULL);
  r->store = tj_store_open (r->path, &error);
  g_assert_no_error (error);
  r->cases = tj_case_store_new (r->store, &error);
  g_assert_no_error (error);
  g_assert_true (tj_case_store_init_replica (r->cases, &setup, &error));
  g_assert_no_error (error);
  return r;
}

void
tj_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        tj_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

void
tj_test_replica_free (TjTestReplica *r)
{
  if (r == NULL)
    return;
  g_clear_object (&r->cases);
  g_clear_object (&r->store);
  tj_test_remove_tree (r->dir);
  g_free (r->path);
  g_free (r->dir);
  g_free (r);
}

TjCase *
tj_test_make_case (const char *received)
{
  TjCase *c = tj_case_new ();
  TjParty *p;

  c->received = g_strdup (received);
  c->facts = g_strdup ("申请人在建筑工地从事钢筋工工作，被申请人拖欠工资三个月。");
  c->industry = g_strdup ("4710");
  p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, "张三");
  p->id_number = g_strdup ("11010119900307002X");
  p->phone = g_strdup ("13800138000");
  p->address = g_strdup ("长春市南关区人民大街1号");
  g_ptr_array_add (c->parties, p);
  p = tj_party_new (TJ_SIDE_RESPONDENT, TJ_PARTY_ORGANISATION, "长春宏达建筑工程有限公司");
  p->id_number = g_strdup ("91110101MA0000015M");
  p->legal_rep = g_strdup ("王总");
  p->address = g_strdup ("长春市朝阳区红旗街8号");
  g_ptr_array_add (c->parties, p);
  g_ptr_array_add (c->claims, tj_claim_new (TJ_DISPUTE_WAGES, 1200000));
  return c;
}

TjCase *
tj_test_create_case (TjTestReplica *r, const char *received)
{
  g_autoptr(GError) error = NULL;
  TjCase *c = tj_test_make_case (received);

  tj_case_store_create (r->cases, c, NULL, &error);
  g_assert_no_error (error);
  return c;
}

gint64
tj_test_count (TjStore *store, const char *sql)
{
  sqlite3_stmt *stmt = tj_store_prepare (store, sql, NULL);
  gint64 n;

  g_assert_nonnull (stmt);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  return n;
}

void
tj_test_set_now (TjTestReplica *r, const char *iso)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_iso8601 (iso, NULL);

  g_assert_nonnull (dt);
  tj_journal_set_simulated_clock (tj_case_store_get_journal (r->cases),
                                  g_date_time_to_unix (dt) * 1000);
}
