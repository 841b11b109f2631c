/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include "doc-util.h"

PopplerDocument *
doc_open (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  PopplerDocument *doc = poppler_document_new_from_bytes (pdf, NULL, &error);

  g_assert_no_error (error);
  return doc;
}

GArray *
doc_page_chars (PopplerPage *page)
{
  g_autofree char *text = poppler_page_get_text (page);
  PopplerRectangle *rects = NULL;
  guint n_rects = 0;
  GArray *chars = g_array_new (FALSE, FALSE, sizeof (DocChar));
  const char *p = text;

  g_assert_true (poppler_page_get_text_layout (page, &rects, &n_rects));
  /* One rectangle per character of the text, line breaks included. */
  for (guint i = 0; i < n_rects && *p != '\0'; i++, p = g_utf8_next_char (p))
    {
      DocChar dc = { g_utf8_get_char (p), rects[i].x1, rects[i].y1, rects[i].x2, rects[i].y2 };

      if (dc.c != '\n' && dc.c != ' ')
        g_array_append_val (chars, dc);
    }
  g_free (rects);
  return chars;
}

char *
doc_text (PopplerDocument *doc)
{
  GString *s = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (doc); i++)
    {
      g_autoptr(PopplerPage) page = poppler_document_get_page (doc, i);
      g_autofree char *text = poppler_page_get_text (page);

      g_string_append (s, text);
      g_string_append_c (s, '\n');
    }
  return g_string_free (s, FALSE);
}

TjClause *
doc_clause (const char *payer, const char *payee, const char *what, gint64 amount,
            const char *due, const char *method)
{
  TjClause *cl = tj_clause_new ();

  cl->payer = g_strdup (payer);
  cl->payee = g_strdup (payee);
  cl->what = g_strdup (what);
  cl->amount = amount;
  cl->due = g_strdup (due);
  cl->method = g_strdup (method);
  return cl;
}

TjCase *
doc_make_case (TjTestReplica *r, const char * const *applicants, GPtrArray *clauses,
               const char *signed_date)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(TjCase) c = tj_test_make_case ("2026-03-02");
  TjActionArgs args = { .paid = -1, .consent = TRUE };
  char *ref;

  if (applicants != NULL)
    {
      TjParty *first = g_ptr_array_index (c->parties, 0);

      g_free (first->name);
      first->name = g_strdup (applicants[0]);
      for (guint i = 1; applicants[i] != NULL; i++)
        {
          TjParty *p = tj_party_new (TJ_SIDE_APPLICANT, TJ_PARTY_PERSON, applicants[i]);

          p->id_number = g_strdup ("11010119900307002X");
          p->address = g_strdup ("长春市南关区人民大街1号");
          g_ptr_array_insert (c->parties, i, p);
        }
      c->collective = g_strv_length ((char **) applicants) >= 10;
      c->workers = g_strv_length ((char **) applicants);
    }
  tj_test_set_now (r, "2026-03-02T10:00:00+08:00");
  g_assert_true (tj_case_store_create (r->cases, c, NULL, &error));
  g_assert_no_error (error);
  ref = c->case_no;
  tj_test_set_now (r, "2026-03-03T10:00:00+08:00");
  g_assert_true (tj_case_store_do (r->cases, ref, TJ_ACTION_ACCEPT, &args, NULL, &error));
  g_assert_no_error (error);
  args.mediator = "张调解";
  g_assert_true (tj_case_store_do (r->cases, ref, TJ_ACTION_ASSIGN, &args, NULL, &error));
  g_assert_no_error (error);
  if (clauses != NULL)
    {
      tj_test_set_now (r, "2026-03-09T10:00:00+08:00");
      args.clauses = clauses;
      args.date = signed_date;
      g_assert_true (tj_case_store_do (r->cases, ref, TJ_ACTION_AGREE, &args, NULL, &error));
      g_assert_no_error (error);
    }
  tj_test_set_now (r, "2026-03-10T10:00:00+08:00");
  return tj_case_store_get (r->cases, ref, NULL);
}

GBytes *
doc_render (TjTestReplica *r, const char *kind, const char *ref, gboolean final, char **code,
            GError **error)
{
  TjDocOptions options;

  tj_doc_options_init (&options);
  options.final = final;
  return tj_doc_render (r->cases, kind, ref, &options, code, error);
}
