/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "tj-doc.h"
#include "tj-doc-private.h"
#include "tj-doc-render.h"
#include "tj-doc-template.h"
#include "tj-case-store-private.h"

#include <glib/gi18n-lib.h>
#include <string.h>
#include <sys/random.h>

G_DEFINE_QUARK (tj-doc-error-quark, tj_doc_error)

#define CODE_PREFIX "tiaojie-verify:"

static const TjDocKind kinds[] = {
  { "application", N_("Application for mediation / record of an oral application"), TJ_DOC_SCOPE_CASE },
  { "register", N_("Mediation register (one row per case of a month)"), TJ_DOC_SCOPE_MONTH },
  { "acceptance", N_("Notice of acceptance, with proof of service"), TJ_DOC_SCOPE_CASE },
  { "rejection", N_("Notice of rejection, with proof of service"), TJ_DOC_SCOPE_CASE },
  { "session", N_("Record of a mediation session"), TJ_DOC_SCOPE_CASE },
  { "agreement", N_("Mediation agreement"), TJ_DOC_SCOPE_CASE },
  { "termination", N_("Notice of termination of mediation"), TJ_DOC_SCOPE_CASE },
  { "delegation", N_("Letter of delegated or entrusted mediation"), TJ_DOC_SCOPE_CASE },
  { "review_application", N_("Joint application for arbitration review of the agreement"), TJ_DOC_SCOPE_CASE },
  { "monthly_stats", N_("Monthly statistics report of an organisation's subtree"), TJ_DOC_SCOPE_MONTH },
};

void
tj_doc_options_init (TjDocOptions *options)
{
  memset (options, 0, sizeof *options);
  options->date_style = TJ_DOC_DATE_ARABIC;
}

const TjDocKind *
tj_doc_kinds (guint *n_kinds)
{
  *n_kinds = G_N_ELEMENTS (kinds);
  return kinds;
}

const TjDocKind *
tj_doc_kind_lookup (const char *key, GError **error)
{
  g_autoptr(GString) known = g_string_new (NULL);

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    {
      if (g_strcmp0 (kinds[i].key, key) == 0)
        return &kinds[i];
      g_string_append_printf (known, "%s%s", i > 0 ? ", " : "", kinds[i].key);
    }
  g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_KIND,
               _("Document kind: “%s” is not one; use one of %s."), key != NULL ? key : "",
               known->str);
  return NULL;
}

/* The case's state must allow the notice: a rejection notice for an accepted case would
 * be a false document. */
static gboolean
check_state (const TjDocKind *kind, const TjCase *c, GError **error)
{
  gboolean ok = TRUE;

  if (strcmp (kind->key, "acceptance") == 0)
    ok = c->accepted_date != NULL && c->state != TJ_STATE_REJECTED;
  else if (strcmp (kind->key, "rejection") == 0)
    ok = c->state == TJ_STATE_REJECTED;
  else if (strcmp (kind->key, "termination") == 0)
    ok = c->state == TJ_STATE_FAILED || c->state == TJ_STATE_WITHDRAWN ||
         c->state == TJ_STATE_TRANSFERRED;
  else if (strcmp (kind->key, "delegation") == 0)
    ok = c->source != TJ_SOURCE_APPLICATION;
  if (!ok)
    g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                 _("Case %s (%s) has no %s: the case is not in a state that calls for it."),
                 c->case_no, _tj_doc_label_state (c->state), _(kind->label));
  return ok;
}

TjDocScope *
tj_doc_collect (TjCaseStore *store, const TjDocKind *kind, const char *ref,
                const TjDocOptions *options, GError **error)
{
  g_autoptr(TjCase) c = NULL;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL && options != NULL, NULL);

  if (kind->scope == TJ_DOC_SCOPE_MONTH)
    return _tj_doc_collect_month (store, kind->key, ref, options, error);
  c = tj_case_store_get (store, ref, error);
  if (c == NULL || !check_state (kind, c, error))
    return NULL;
  return _tj_doc_collect_case (store, c, kind->key, options, error);
}

/* 16 characters of Crockford's base 32 (80 bits) in groups of four: read aloud or typed
 * from paper without confusing 0/O or 1/I/L. */
static char *
new_code (void)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
  guint8 bytes[10];
  GString *s = g_string_new (NULL);
  guint64 acc = 0;
  int bits = 0;
  guint n = 0;

  if (getrandom (bytes, sizeof bytes, 0) != sizeof bytes)
    for (guint i = 0; i < sizeof bytes; i++)
      bytes[i] = (guint8) g_random_int ();
  for (guint i = 0; i < sizeof bytes; i++)
    {
      acc = (acc << 8) | bytes[i];
      bits += 8;
      while (bits >= 5)
        {
          if (n > 0 && n % 4 == 0)
            g_string_append_c (s, '-');
          g_string_append_c (s, alphabet[(acc >> (bits - 5)) & 31]);
          bits -= 5;
          n++;
        }
    }
  return g_string_free (s, FALSE);
}

/* The record's fields as they are pushed (server kind "document": created once, never
 * changed). */
static const char *
document_fields (TjFields *f, const TjDocKind *kind, const char *ref, const TjCase *c,
                 const TjUuid *org_id, const char *sha, const char *code, guint n_pages,
                 gint64 rendered_at, const char *csv_sha)
{
  tj_fields_init (f);
  if (c != NULL)
    tj_fields_uuid (f, "case_id", &c->id);
  tj_fields_uuid (f, "org_id", org_id);
  tj_fields_text (f, "kind", kind->key);
  if (c != NULL)
    tj_fields_text (f, "number", c->case_no);
  tj_fields_text (f, "ref", ref);
  tj_fields_text (f, "sha256", sha);
  tj_fields_text (f, "verification", code);
  tj_fields_int (f, "pages", n_pages);
  tj_fields_int (f, "rendered_at", rendered_at);
  if (csv_sha != NULL)
    tj_fields_text (f, "csv_sha256", csv_sha);
  return tj_fields_end (f);
}

/* `csv` (nullable): a monthly report's CSV, kept and recorded beside its PDF. */
static gboolean
record_final (TjCaseStore *store, const TjDocKind *kind, const char *ref, const TjCase *c,
              const TjUuid *org_id, const char *code, GBytes *pdf, guint n_pages, GBytes *csv,
              GError **error)
{
  TjStore *db = tj_case_store_get_store (store);
  TjJournal *journal = tj_case_store_get_journal (store);
  g_autofree char *sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  g_autofree char *csv_sha = csv != NULL ? g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, csv)
                                         : NULL;
  g_autofree char *note = NULL;
  TjFields f = { 0 };
  TjWriteScope scope;
  TjEvent event;
  TjUuid id;
  sqlite3_stmt *stmt;
  gboolean ok = FALSE;

  /* The bytes first: a record never names a PDF the replica cannot hand over. */
  if (!_tj_doc_keep_pdf (store, pdf, sha, error) ||
      (csv != NULL && !_tj_doc_keep_pdf (store, csv, csv_sha, error)))
    return FALSE;
  if (!_tj_case_store_write_begin (store, &scope, error))
    return FALSE;
  if (!tj_journal_begin_event (journal, NULL, 0, &event, error))
    goto out;
  tj_uuid_v7_at (&id, event.recorded_ms);
  stmt = tj_store_prepare (db, "INSERT INTO document (id, case_id, org_id, kind, number, ref, "
                               "sha256, verification, pages, rendered_at, csv_sha256) "
                               "VALUES (?,?,?,?,?,?,?,?,?,?,?)", error);
  if (stmt == NULL)
    goto out;
  sqlite3_bind_blob (stmt, 1, id.bytes, 16, SQLITE_STATIC);
  if (c != NULL)
    sqlite3_bind_blob (stmt, 2, c->id.bytes, 16, SQLITE_STATIC);
  sqlite3_bind_blob (stmt, 3, org_id->bytes, 16, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, kind->key, -1, SQLITE_STATIC);
  if (c != NULL)
    sqlite3_bind_text (stmt, 5, c->case_no, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 6, ref, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 7, sha, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 8, code, -1, SQLITE_STATIC);
  sqlite3_bind_int (stmt, 9, (int) n_pages);
  sqlite3_bind_int64 (stmt, 10, event.recorded_ms);
  if (csv_sha != NULL)
    sqlite3_bind_text (stmt, 11, csv_sha, -1, SQLITE_STATIC);
  if (!tj_store_step_done (db, stmt, error))
    goto out;
  note = g_strdup_printf ("%s %s", kind->key, code);
  ok = tj_journal_mutation (journal, &event, &id, "document", TJ_OP_CREATE, 0,
                            document_fields (&f, kind, ref, c, org_id, sha, code, n_pages,
                                             event.recorded_ms, csv_sha), error) &&
       tj_journal_write_event (journal, &event, c != NULL ? &c->id : NULL, &id, "document",
                               "render_final", note, error);
out:
  tj_fields_clear (&f);
  return _tj_case_store_write_end (store, &scope, ok, error) && ok;
}

/* A submitted monthly report is locked: the recorded PDF, never a new one. */
static GBytes *
locked_report (TjCaseStore *store, const TjDocOptions *options, const TjUuid *org,
               const char *month, gboolean *locked, GError **error)
{
  g_autoptr(GError) local = NULL;
  g_autoptr(TjDocRecord) report = _tj_doc_find_report (store, org, month, &local);
  g_autofree char *day = NULL;

  *locked = report != NULL || local != NULL;
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (report == NULL)
    return NULL;
  if (!options->final)
    return tj_doc_get_pdf (store, report, NULL, NULL, error);
  day = _tj_doc_day_of_ms (report->rendered_at);
  g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_LOCKED,
               /* Translators: a month (YYYY-MM), a date, then a verification code */
               _("Monthly report: the report for %s was submitted on %s (verification code "
                 "%s); a submitted report is locked and cannot be submitted again."),
               month, day, report->code);
  return NULL;
}

static char *
build_title (TjDocTemplate *template, const TjDocScope *data)
{
  const char *number = tj_doc_scope_get (data, "doc.number");

  if (number != NULL && *number != '\0')
    return g_strdup_printf ("%s %s", tj_doc_template_get_title (template), number);
  return g_strdup (tj_doc_template_get_title (template));
}

GBytes *
tj_doc_render (TjCaseStore *store, const char *kind_key, const char *ref,
               const TjDocOptions *options, char **out_code, GError **error)
{
  const TjDocKind *kind;
  g_autoptr(TjDocTemplate) template = NULL;
  g_autoptr(TjDocScope) data = NULL;
  g_autoptr(GPtrArray) blocks = NULL;
  g_autoptr(TjCase) c = NULL;
  g_autofree char *every_page = NULL;
  g_autofree char *code = NULL;
  g_autofree char *title = NULL;
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GBytes) csv = NULL;
  TjDocRenderOptions render = { 0 };
  TjUuid org_id;
  guint n_pages = 0;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  kind = tj_doc_kind_lookup (kind_key, error);
  if (kind == NULL)
    return NULL;
  /* The template first: a broken province override says so before anything else. */
  template = tj_doc_template_load (kind->key, options->template_dir, error);
  if (template == NULL)
    return NULL;
  if (kind->scope == TJ_DOC_SCOPE_CASE)
    {
      c = tj_case_store_get (store, ref, error);
      if (c == NULL || !check_state (kind, c, error))
        return NULL;
      org_id = c->org_id;
      data = _tj_doc_collect_case (store, c, kind->key, options, error);
    }
  else
    {
      data = _tj_doc_collect_month (store, kind->key, ref, options, error);
      if (data != NULL && !_tj_doc_resolve_org (store, options->org_ref, &org_id, error))
        return NULL;
    }
  if (data == NULL)
    return NULL;
  if (strcmp (kind->key, "monthly_stats") == 0)
    {
      gboolean locked;

      pdf = locked_report (store, options, &org_id, ref, &locked, error);
      if (locked)
        return g_steal_pointer (&pdf);
    }

  if (options->final && strcmp (kind->key, "agreement") == 0)
    {
      g_autoptr(GPtrArray) issues = tj_doc_lint_case (store, c, error);

      if (issues == NULL)
        return NULL;
      if (issues->len > 0)
        {
          g_autofree char *message = tj_doc_lint_message (issues);

          g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_LINT,
                       g_dngettext (GETTEXT_PACKAGE,
                                    "The agreement of case %s cannot be final; %u problem:\n%s",
                                    "The agreement of case %s cannot be final; %u problems:\n%s",
                                    issues->len),
                       c->case_no, issues->len, message);
          return NULL;
        }
    }
  /* The submitted report's figures are kept as they are now, the CSV with the PDF. */
  if (options->final && strcmp (kind->key, "monthly_stats") == 0)
    {
      char *text = tj_doc_stats_csv (data);

      csv = g_bytes_new_take (text, strlen (text));
    }
  if (options->final)
    {
      code = new_code ();
      tj_doc_scope_set (data, "doc.code", code);
      tj_doc_scope_set (data, "doc.final", "1");
    }
  /* Documents that show full ID numbers are an access to them (PIPL): logged. */
  if (c != NULL && !tj_case_store_log_id_access (store, c, error))
    return NULL;

  blocks = tj_doc_template_expand (template, data, &every_page);
  title = build_title (template, data);
  render.page_numbers = tj_doc_template_get_page_numbers (template);
  render.every_page = every_page;
  render.code = code;
  render.title = title;
  pdf = tj_doc_render_pdf (blocks, &render, &n_pages, error);
  if (pdf == NULL)
    return NULL;
  if (options->final &&
      !record_final (store, kind, c != NULL ? c->case_no : ref, c, &org_id, code, pdf, n_pages,
                     csv, error))
    return NULL;
  if (out_code != NULL)
    *out_code = g_steal_pointer (&code);
  return g_steal_pointer (&pdf);
}

GBytes *
tj_doc_stats_csv_bytes (TjCaseStore *store, const char *month, const TjDocOptions *options,
                        gboolean *out_locked, GError **error)
{
  g_autoptr(TjDocScope) data = NULL;
  g_autoptr(TjDocRecord) report = NULL;
  g_autoptr(GError) local = NULL;
  TjUuid org;
  char *csv;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (options != NULL, NULL);

  if (out_locked != NULL)
    *out_locked = FALSE;
  /* The figures first: a month or an organisation that is not one says so. */
  data = _tj_doc_collect_month (store, "monthly_stats", month, options, error);
  if (data == NULL || !_tj_doc_resolve_org (store, options->org_ref, &org, error))
    return NULL;
  report = _tj_doc_find_report (store, &org, month, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (report != NULL && report->csv_sha256 != NULL)
    {
      if (out_locked != NULL)
        *out_locked = TRUE;
      return tj_doc_get_csv (store, report, NULL, NULL, error);
    }
  csv = tj_doc_stats_csv (data);
  return g_bytes_new_take (csv, strlen (csv));
}

GPtrArray *
tj_doc_lint_case (TjCaseStore *store, const TjCase *c, GError **error)
{
  g_autoptr(TjDocAgreement) agreement = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (c != NULL, NULL);

  agreement = _tj_doc_read_agreement (store, c, &local);
  if (agreement == NULL)
    {
      if (local != NULL)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_DATA,
                     _("Case %s has no agreement; record it (case do agree) before printing it."),
                     c->case_no);
      return NULL;
    }
  return tj_doc_lint_agreement (c, agreement);
}

gboolean
tj_doc_code_is_valid (const char *code)
{
  static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  if (code == NULL || strlen (code) != 19)
    return FALSE;
  for (guint i = 0; i < 19; i++)
    if (i % 5 == 4 ? code[i] != '-' : strchr (alphabet, code[i]) == NULL)
      return FALSE;
  return TRUE;
}

char *
tj_doc_find_code (GBytes *pdf)
{
  gsize size;
  const char *data = g_bytes_get_data (pdf, &size);
  const char *p = data;
  gsize prefix = strlen (CODE_PREFIX);
  /* The Info dictionary is plain text in the file; the last occurrence wins, as an
   * incremental update of the PDF would put its own after ours. */
  const char *found = NULL;
  g_autofree char *candidate = NULL;

  while (p != NULL && (gsize) (p - data) + prefix < size)
    {
      p = memchr (p, 't', size - (p - data));
      if (p == NULL)
        break;
      if ((gsize) (data + size - p) > prefix + 19 && memcmp (p, CODE_PREFIX, prefix) == 0)
        found = p + prefix;
      p++;
    }
  if (found == NULL)
    return NULL;
  /* Nineteen characters after the prefix are a code only in its own shape (the fuzzer's
   * "ZZZZ-ZZZZ-ZZZZf4a5c" is not one). */
  candidate = g_strndup (found, 19);
  if (!tj_doc_code_is_valid (candidate))
    return NULL;
  return g_steal_pointer (&candidate);
}

void
tj_doc_verification_free (TjDocVerification *v)
{
  if (v == NULL)
    return;
  g_free (v->code);
  g_free (v->case_no);
  g_free (v->kind);
  g_free (v->number);
  g_free (v->sha256);
  g_free (v->recorded_sha256);
  g_free (v);
}

static gboolean
lookup_record (TjStore *db, const char *column, const char *value, TjDocVerification *v)
{
  g_autofree char *sql = g_strdup_printf ("SELECT d.verification, coalesce (c.case_no, d.ref), "
                                          "d.kind, d.number, d.sha256 FROM document d "
                                          "LEFT JOIN \"case\" c ON c.id = d.case_id "
                                          "WHERE d.%s = ? LIMIT 1", column);
  sqlite3_stmt *stmt = tj_store_prepare (db, sql, NULL);
  gboolean found = FALSE;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, value, -1, SQLITE_TRANSIENT);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      found = TRUE;
      g_free (v->code);
      v->code = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      v->case_no = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      v->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      v->number = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      v->recorded_sha256 = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
    }
  sqlite3_reset (stmt);
  return found;
}

TjDocVerification *
tj_doc_verify (TjCaseStore *store, GBytes *pdf, GError **error)
{
  g_autoptr(TjDocVerification) v = g_new0 (TjDocVerification, 1);
  TjStore *db;
  gsize size;
  const char *data;

  g_return_val_if_fail (TJ_IS_CASE_STORE (store), NULL);
  g_return_val_if_fail (pdf != NULL, NULL);

  data = g_bytes_get_data (pdf, &size);
  if (size < 5 || memcmp (data, "%PDF-", 5) != 0)
    {
      g_set_error (error, TJ_DOC_ERROR, TJ_DOC_ERROR_VERIFY, _("The file is not a PDF."));
      return NULL;
    }
  db = tj_case_store_get_store (store);
  v->sha256 = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, pdf);
  if (lookup_record (db, "sha256", v->sha256, v))
    {
      v->verdict = TJ_DOC_VERIFY_RECORDED;
      return g_steal_pointer (&v);
    }
  v->code = tj_doc_find_code (pdf);
  if (v->code != NULL && lookup_record (db, "verification", v->code, v))
    v->verdict = TJ_DOC_VERIFY_TAMPERED;
  else
    v->verdict = TJ_DOC_VERIFY_UNKNOWN;
  return g_steal_pointer (&v);
}
