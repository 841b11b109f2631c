/* SPDX-License-Identifier: GPL-3.0-or-later */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "tj-agents.h"
#include "tj-case-rows.h"
#include "tj-case-store-private.h"
#include "tj-money.h"
#include "tj-search.h"
#include "tj-uuid.h"
#include "tj-validate.h"

/* The parties and claims of a registered case, one record at a time: checked by the rules
 * of a registration, written as the create, patch or delete of that record (sync.md:
 * parties and claims are records of their own), with the case's patch when its amount
 * claimed or its dispute types follow, and one event in the case's timeline. */

/* Law Art. 7: the workers of a collective dispute elect representatives; domain.md: 3 to 5. */
#define MAX_REPRESENTATIVES 5
#define MAX_DESCRIPTION 4000

static const char * const party_fields[] = {
  "side", "kind", "name", "id_type", "id_number", "phone", "ethnicity", "address",
  "service_address", "legal_rep", "legal_rep_title", "agents", NULL
};

static const char * const claim_fields[] = {
  "type", "amount", "period_from", "period_to", "description", NULL
};

const char * const *
tj_case_store_list_party_fields (void)
{
  return party_fields;
}

const char * const *
tj_case_store_list_claim_fields (void)
{
  return claim_fields;
}

static void
replace_text (char **slot, const char *value)
{
  g_free (*slot);
  *slot = (value != NULL && *value != '\0') ? g_strdup (value) : NULL;
}

gboolean
_tj_party_set_field (TjParty *p, const char *label, const char *name, const char *value,
                     GError **error)
{
  guint v;

  if (strcmp (name, "name") == 0)
    replace_text (&p->name, value);
  else if (strcmp (name, "side") == 0)
    {
      if (!tj_enum_parse (&tj_enum_side, _("Side"), value, &v, error))
        return FALSE;
      p->side = v;
    }
  else if (strcmp (name, "kind") == 0)
    {
      if (!tj_enum_parse (&tj_enum_party_kind, _("Party kind"), value, &v, error))
        return FALSE;
      p->kind = v;
    }
  else if (strcmp (name, "id_type") == 0)
    {
      if (!tj_enum_parse (&tj_enum_id_type, _("ID type"), value, &v, error))
        return FALSE;
      p->id_type = v;
    }
  else if (strcmp (name, "id_number") == 0)
    {
      replace_text (&p->id_number, value);
      if (p->id_number == NULL)
        {
          g_clear_pointer (&p->sex, g_free);
          g_clear_pointer (&p->birth_date, g_free);
        }
    }
  else if (strcmp (name, "phone") == 0)
    replace_text (&p->phone, value);
  else if (strcmp (name, "address") == 0)
    replace_text (&p->address, value);
  else if (strcmp (name, "service_address") == 0)
    replace_text (&p->service_address, value);
  else if (strcmp (name, "ethnicity") == 0)
    replace_text (&p->ethnicity, value);
  else if (strcmp (name, "legal_rep") == 0)
    replace_text (&p->legal_rep, value);
  else if (strcmp (name, "legal_rep_title") == 0)
    replace_text (&p->legal_rep_title, value);
  else if (strcmp (name, "agents") == 0)
    {
      char *json = NULL;

      if (!tj_agents_normalise (value, label, &json, error))
        return FALSE;
      g_free (p->agents);
      p->agents = json;
    }
  else
    g_assert_not_reached ();
  return TRUE;
}

gboolean
_tj_case_store_patch_party (TjCaseStore *self, const TjParty *before, const TjParty *after,
                            const TjUuid *case_id, const TjEvent *event, gboolean *changed,
                            GError **error)
{
  g_autoptr(GHashTable) old_fields = _tj_fields_collect ();
  g_autoptr(GHashTable) new_fields = _tj_fields_collect ();
  g_autofree char *patch = NULL;

  _tj_party_fields_foreach (before, case_id, _tj_fields_collect_sink, old_fields);
  _tj_party_fields_foreach (after, case_id, _tj_fields_collect_sink, new_fields);
  patch = _tj_fields_diff (old_fields, new_fields, NULL);
  if (changed != NULL)
    *changed = patch != NULL;
  if (patch == NULL)
    return TRUE;
  return _tj_party_row_update (self->store, after, error) &&
         tj_journal_mutation (self->journal, event, &after->id, "party", TJ_OP_PATCH,
                              before->version, patch, error);
}

char *
tj_party_side_label (TjSide side, guint n)
{
  if (n <= 1)
    return g_strdup (tj_enum_label (&tj_enum_side, side));
  /* Translators: a party by its side and number, e.g. "Respondent 2" */
  return g_strdup_printf (_("%s %u"), tj_enum_label (&tj_enum_side, side), n);
}

char *
tj_case_party_label (const TjCase *c, const TjParty *p)
{
  guint n = 0;

  g_return_val_if_fail (c != NULL && p != NULL, NULL);

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *other = g_ptr_array_index (c->parties, i);

      if (other->side == p->side)
        n++;
      if (other == p)
        break;
    }
  return tj_party_side_label (p->side, n);
}

/* A party named by its id, or as side[N]: "applicant", "respondent2". */
static TjParty *
find_party (const TjCase *c, const char *ref, guint *index, GError **error)
{
  TjUuid id;
  gboolean by_id = tj_uuid_parse (ref, &id);
  gsize key_len = strcspn (ref, "0123456789");
  g_autofree char *side_key = g_strndup (ref, key_len);
  guint side, wanted = 1, n = 0;

  if (!by_id && ref[key_len] != '\0')
    wanted = (guint) g_ascii_strtoull (ref + key_len, NULL, 10);
  if (by_id || (tj_enum_lookup (&tj_enum_side, side_key, &side) && wanted >= 1))
    for (guint i = 0; i < c->parties->len; i++)
      {
        TjParty *p = g_ptr_array_index (c->parties, i);

        if (by_id ? tj_uuid_equal (&p->id, &id) : (p->side == side && ++n == wanted))
          {
            *index = i;
            return p;
          }
      }
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
               /* Translators: a case number, then how the party was named */
               _("Party: case %s has no party “%s”; name it by its id or as applicant, "
                 "applicant2, respondent, …"), c->case_no, ref);
  return NULL;
}

/* A claim named by its id or by its number from 1. */
static TjClaim *
find_claim (const TjCase *c, const char *ref, guint *index, GError **error)
{
  TjUuid id;
  guint64 number = 0;

  if (tj_uuid_parse (ref, &id))
    {
      for (guint i = 0; i < c->claims->len; i++)
        if (tj_uuid_equal (&((TjClaim *) g_ptr_array_index (c->claims, i))->id, &id))
          number = i + 1;
    }
  else if (!g_ascii_string_to_unsigned (ref, 10, 1, G_MAXUINT, &number, NULL))
    number = 0;
  if (number >= 1 && number <= c->claims->len)
    {
      *index = number - 1;
      return g_ptr_array_index (c->claims, *index);
    }
  g_set_error (error, TJ_STORE_ERROR, TJ_STORE_ERROR_NOT_FOUND,
               /* Translators: a case number, then how the claim was named */
               _("Claim: case %s has no claim “%s”; name it by its id or its number, 1 to %u."),
               c->case_no, ref, c->claims->len);
  return NULL;
}

static guint
count_side (const TjCase *c, TjSide side, const TjParty *except)
{
  guint n = 0;

  for (guint i = 0; i < c->parties->len; i++)
    {
      TjParty *p = g_ptr_array_index (c->parties, i);

      n += p != except && p->side == side;
    }
  return n;
}

/* A case keeps at least one applicant and one respondent (as at registration). */
static gboolean
check_sides (const TjCase *c, const TjParty *except, GError **error)
{
  if (count_side (c, TJ_SIDE_APPLICANT, except) == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Applicant: a case needs at least one applicant."));
      return FALSE;
    }
  if (count_side (c, TJ_SIDE_RESPONDENT, except) == 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Respondent: a case needs at least one respondent."));
      return FALSE;
    }
  return TRUE;
}

/* In a collective dispute the applicants are the workers' elected representatives: people,
 * at most five. `extra` counts an applicant about to be added. */
static gboolean
check_representatives (const TjCase *c, const TjParty *p, guint extra, GError **error)
{
  guint n = count_side (c, TJ_SIDE_APPLICANT, NULL) + extra;

  if (!c->collective || p->side != TJ_SIDE_APPLICANT)
    return TRUE;
  if (p->kind != TJ_PARTY_PERSON)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Applicant kind: in a collective dispute the applicants are "
                     "representatives the workers elected (Law Art. 7), so each is a person."));
      return FALSE;
    }
  if (n > MAX_REPRESENTATIVES)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   /* Translators: %d is the most representatives a collective dispute has */
                   _("Applicant: a collective dispute is put by 3 to %d elected representatives "
                     "(Law Art. 7); this case has as many already."), MAX_REPRESENTATIVES);
      return FALSE;
    }
  return TRUE;
}

/* The identity rules of a registration, and the kind and the document agreeing: an
 * organisation is known by its credit code, a person by a personal document. */
static gboolean
check_party (TjCaseStore *self, TjParty *p, const char *label, GError **error)
{
  g_autofree char *today = tj_case_store_today (self);
  GDate today_date;

  if (p->kind == TJ_PARTY_ORGANISATION && p->id_type != TJ_ID_USCC)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is a party, e.g. "Respondent" */
                   _("%s ID type: an organisation is known by its unified social credit code."),
                   label);
      return FALSE;
    }
  if (p->kind == TJ_PARTY_PERSON && p->id_type == TJ_ID_USCC)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   /* Translators: %s is a party, e.g. "Applicant" */
                   _("%s ID type: a person is known by a resident ID card, passport or permit, "
                     "not a credit code."), label);
      return FALSE;
    }
  g_date_clear (&today_date, 1);
  g_date_set_parse (&today_date, today);
  if (!tj_party_normalise (p, label, g_date_valid (&today_date) ? &today_date : NULL, error))
    return FALSE;
  /* Sex and birth date come from a resident ID alone. */
  if (p->id_type != TJ_ID_RESIDENT || p->id_number == NULL)
    {
      g_clear_pointer (&p->sex, g_free);
      g_clear_pointer (&p->birth_date, g_free);
    }
  if (p->kind == TJ_PARTY_PERSON)
    {
      g_clear_pointer (&p->legal_rep, g_free);
      g_clear_pointer (&p->legal_rep_title, g_free);
    }
  else
    g_clear_pointer (&p->ethnicity, g_free);
  return TRUE;
}

gboolean
tj_claim_normalise (TjClaim *cl, guint number, GError **error)
{
  GDate from, to;

  g_return_val_if_fail (cl != NULL, FALSE);

  if (cl->amount < 0 || cl->amount > G_GINT64_CONSTANT (999999999999999))
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   /* Translators: %u is the claim's number */
                   _("Claim %u amount: must be zero or more and below 10 trillion yuan."), number);
      return FALSE;
    }
  if (cl->type >= TJ_N_DISPUTES)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Claim %u type: not a dispute type."), number);
      return FALSE;
    }
  g_date_clear (&from, 1);
  g_date_clear (&to, 1);
  for (guint i = 0; i < 2; i++)
    {
      char **slot = i == 0 ? &cl->period_from : &cl->period_to;
      g_autofree char *field = NULL;

      if (*slot != NULL && *g_strstrip (*slot) == '\0')
        g_clear_pointer (slot, g_free);
      if (*slot == NULL)
        continue;
      field = i == 0
        /* Translators: %u is the claim's number */
        ? g_strdup_printf (_("Claim %u period from"), number)
        : g_strdup_printf (_("Claim %u period to"), number);
      if (!tj_validate_date (field, *slot, i == 0 ? &from : &to, error))
        return FALSE;
      g_free (*slot);
      *slot = _tj_date_string (i == 0 ? &from : &to);
    }
  if (g_date_valid (&from) && g_date_valid (&to) && g_date_compare (&from, &to) > 0)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_DATE,
                   _("Claim %u period: it ends on %s, before it begins on %s."), number,
                   cl->period_to, cl->period_from);
      return FALSE;
    }
  if (cl->description != NULL && *g_strstrip (cl->description) == '\0')
    g_clear_pointer (&cl->description, g_free);
  if (cl->description != NULL && g_utf8_strlen (cl->description, -1) > MAX_DESCRIPTION)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_RANGE,
                   _("Claim %u description: at most %d characters."), number, MAX_DESCRIPTION);
      return FALSE;
    }
  return TRUE;
}

static gboolean
set_claim_field (TjClaim *cl, guint number, const char *name, const char *value, GError **error)
{
  if (strcmp (name, "type") == 0)
    {
      g_autofree char *field = g_strdup_printf (_("Claim %u type"), number);
      guint v;

      if (!tj_enum_parse (&tj_enum_dispute, field, value, &v, error))
        return FALSE;
      cl->type = v;
    }
  else if (strcmp (name, "amount") == 0)
    {
      /* Translators: a claim's amount field; %u is the claim's number */
      g_autofree char *field = g_strdup_printf (_("Claim %u amount"), number);

      if (!tj_money_parse_yuan (field, value, &cl->amount, error))
        return FALSE;
    }
  else if (strcmp (name, "period_from") == 0)
    replace_text (&cl->period_from, value);
  else if (strcmp (name, "period_to") == 0)
    replace_text (&cl->period_to, value);
  else if (strcmp (name, "description") == 0)
    replace_text (&cl->description, value);
  else
    g_assert_not_reached ();
  return TRUE;
}

/* Run "FIELD=VALUE" assignments through `set`, each field one of `fields`. */
typedef gboolean (*SetField) (gpointer record, gpointer data, const char *name,
                              const char *value, GError **error);

static gboolean
apply_assignments (const char * const *assignments, const char * const *fields, SetField set,
                   gpointer record, gpointer data, GHashTable *named, GError **error)
{
  if (assignments == NULL || assignments[0] == NULL)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                   _("Give at least one FIELD=VALUE."));
      return FALSE;
    }
  for (guint i = 0; assignments[i] != NULL; i++)
    {
      const char *eq = strchr (assignments[i], '=');
      g_autofree char *name = eq ? g_strstrip (g_strndup (assignments[i], eq - assignments[i]))
                                 : NULL;

      if (name == NULL || !g_strv_contains (fields, name))
        {
          g_autofree char *list = g_strjoinv (", ", (char **) fields);

          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                       _("“%s”: write FIELD=VALUE with one of these fields: %s."),
                       assignments[i], list);
          return FALSE;
        }
      if (!set (record, data, name, eq + 1, error))
        return FALSE;
      g_hash_table_add (named, g_steal_pointer (&name));
    }
  return TRUE;
}

static gboolean
set_party_cb (gpointer record, gpointer data, const char *name, const char *value,
              GError **error)
{
  return _tj_party_set_field (record, data, name, value, error);
}

static gboolean
set_claim_cb (gpointer record, gpointer data, const char *name, const char *value,
              GError **error)
{
  return set_claim_field (record, GPOINTER_TO_UINT (data), name, value, error);
}

/* What one edit of a party or claim holds from its start to its end. */
typedef struct {
  TjCase       *before;
  TjCase       *after;
  TjWriteScope  scope;
  TjEvent       event;
  gboolean      pending;        /* not indexed for search yet */
  char         *old_text;       /* the case's indexed text before the edit */
} Edit;

static void
edit_clear (Edit *e)
{
  g_clear_pointer (&e->before, tj_case_free);
  g_clear_pointer (&e->after, tj_case_free);
  g_clear_pointer (&e->old_text, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Edit, edit_clear)

/* The case as it is, twice: one copy to compare with, one to change. */
static gboolean
edit_load (TjCaseStore *self, Edit *e, const char *ref, GError **error)
{
  e->before = tj_case_store_get (self, ref, error);
  if (e->before == NULL || !_tj_case_store_check_editable (self, e->before, error))
    return FALSE;
  e->after = tj_case_store_get (self, ref, error);
  return e->after != NULL;
}

static gboolean
edit_begin (TjCaseStore *self, Edit *e, const TjWhen *when, GError **error)
{
  if (!_tj_case_store_write_begin (self, &e->scope, error))
    return FALSE;
  if (!tj_journal_begin_event (self->journal, when, 0, &e->event, error))
    return _tj_case_store_write_end (self, &e->scope, FALSE, error);
  /* Not indexed yet: the indexer will take the edited text. */
  e->pending = e->before->cid > _tj_search_indexed_upto (self->store);
  if (!e->pending &&
      (e->old_text = _tj_search_case_text (self->store, e->before->cid, error)) == NULL)
    return _tj_case_store_write_end (self, &e->scope, FALSE, error);
  return TRUE;
}

/* The case's amount claimed and dispute types follow its claims (as at registration). */
static gboolean
edit_patch_case (TjCaseStore *self, Edit *e, GError **error)
{
  e->after->claimed = 0;
  for (guint i = 0; i < e->after->claims->len; i++)
    {
      TjClaim *cl = g_ptr_array_index (e->after->claims, i);

      e->after->claimed += cl->amount;
      e->after->types |= 1u << cl->type;
    }
  if (e->after->claimed == e->before->claimed && e->after->types == e->before->types)
    return TRUE;
  return _tj_case_store_patch_case (self, e->before, e->after, &e->event, NULL, NULL, error);
}

static gboolean
edit_end (TjCaseStore *self, Edit *e, gboolean ok, const TjUuid *record, const char *kind,
          const char *action, const TjWhen *when, GError **error)
{
  ok = ok &&
       (e->pending || _tj_search_index (self->store, e->after->cid, e->old_text, error)) &&
       tj_journal_write_event (self->journal, &e->event, &e->after->id, record, kind, action,
                               when != NULL ? when->note : NULL, error);
  return _tj_case_store_write_end (self, &e->scope, ok, error);
}

gboolean
tj_case_store_set_party (TjCaseStore *self, const char *ref, const char *party,
                         const char * const *assignments, const TjWhen *when, GError **error)
{
  g_auto(Edit) e = { 0 };
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autofree char *label = NULL;
  TjParty *p, *old;
  guint index;
  gboolean changed = FALSE;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (ref != NULL && party != NULL, FALSE);

  if (!edit_load (self, &e, ref, error) ||
      (p = find_party (e.after, party, &index, error)) == NULL)
    return FALSE;
  old = g_ptr_array_index (e.before->parties, index);
  label = tj_case_party_label (e.after, p);
  if (!apply_assignments (assignments, party_fields, set_party_cb, p, label, named, error))
    return FALSE;
  /* A new kind brings its own document unless one was given with it. */
  if (p->kind != old->kind && !g_hash_table_contains (named, "id_type"))
    {
      if (p->kind == TJ_PARTY_ORGANISATION)
        p->id_type = TJ_ID_USCC;
      else if (p->id_type == TJ_ID_USCC)
        p->id_type = TJ_ID_RESIDENT;
    }
  if (!check_party (self, p, label, error) || !check_sides (e.after, NULL, error) ||
      ((p->side != old->side || p->kind != old->kind) &&
       !check_representatives (e.after, p, 0, error)))
    return FALSE;

  if (!edit_begin (self, &e, when, error))
    return FALSE;
  if (!_tj_case_store_patch_party (self, old, p, &e.after->id, &e.event, &changed, error))
    return edit_end (self, &e, FALSE, NULL, NULL, NULL, when, error);
  if (!changed)
    {
      /* Nothing to write: no event for an edit that changed nothing. */
      _tj_case_store_write_end (self, &e.scope, FALSE, NULL);
      return TRUE;
    }
  return edit_end (self, &e, TRUE, &p->id, "party", "edit", when, error);
}

gboolean
tj_case_store_add_party (TjCaseStore *self, const char *ref, TjParty *party, const TjWhen *when,
                         GError **error)
{
  g_auto(Edit) e = { 0 };
  g_autofree char *label = NULL;
  g_autofree char *fields = NULL;
  guint n;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (ref != NULL && party != NULL, FALSE);

  if (!edit_load (self, &e, ref, error))
    return FALSE;
  if (party->side >= TJ_N_SIDES || party->kind >= TJ_N_PARTY_KINDS ||
      party->id_type >= TJ_N_ID_TYPES)
    {
      g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_FORMAT,
                   _("Party: the side, kind or ID type is not one of the known values."));
      return FALSE;
    }
  n = count_side (e.after, party->side, NULL) + 1;
  label = tj_party_side_label (party->side, n);
  if (party->agents != NULL)
    {
      g_autofree char *typed = g_steal_pointer (&party->agents);

      if (!tj_agents_normalise (typed, label, &party->agents, error))
        {
          party->agents = g_steal_pointer (&typed);
          return FALSE;
        }
    }
  if (!check_party (self, party, label, error) ||
      !check_representatives (e.after, party, 1, error))
    return FALSE;

  if (!edit_begin (self, &e, when, error))
    return FALSE;
  tj_uuid_v7_at (&party->id, e.event.recorded_ms);
  party->version = 0;
  fields = _tj_party_snapshot (party, &e.after->id);
  ok = tj_store_check_failure (self->store, "party", error) &&
       _tj_party_row_insert (self->store, party, &e.after->id,
                             _tj_party_next_position (self->store, &e.after->id), error) &&
       tj_journal_mutation (self->journal, &e.event, &party->id, "party", TJ_OP_CREATE, 0,
                            fields, error);
  return edit_end (self, &e, ok, &party->id, "party", "create", when, error);
}

/* A party or a claim leaves its case: the row, its delete, and the case's patch when its
 * amount claimed follows. */
static gboolean
remove_record (TjCaseStore *self, const char *ref, gboolean is_party, const char *record,
               const TjWhen *when, GError **error)
{
  g_auto(Edit) e = { 0 };
  const char *kind = is_party ? "party" : "claim";
  TjUuid id;
  gint64 version;
  guint index;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (ref != NULL && record != NULL, FALSE);

  if (!edit_load (self, &e, ref, error))
    return FALSE;
  if (is_party)
    {
      TjParty *p = find_party (e.after, record, &index, error);

      if (p == NULL)
        return FALSE;
      if (!check_sides (e.after, p, error))
        {
          g_prefix_error (error, _("%s cannot be removed. "), p->name);
          return FALSE;
        }
      id = p->id;
      version = p->version;
      g_ptr_array_remove_index (e.after->parties, index);
    }
  else
    {
      TjClaim *cl = find_claim (e.after, record, &index, error);

      if (cl == NULL)
        return FALSE;
      if (e.after->claims->len == 1)
        {
          g_set_error (error, TJ_VALIDATION_ERROR, TJ_VALIDATION_ERROR_REQUIRED,
                       _("Claim %u cannot be removed: it is the case's only claim; add another "
                         "first."), index + 1);
          return FALSE;
        }
      id = cl->id;
      version = cl->version;
      g_ptr_array_remove_index (e.after->claims, index);
    }

  if (!edit_begin (self, &e, when, error))
    return FALSE;
  ok = _tj_child_row_delete (self->store, kind, &id, error) &&
       tj_journal_mutation (self->journal, &e.event, &id, kind, TJ_OP_DELETE, version, "{}",
                            error) &&
       edit_patch_case (self, &e, error);
  return edit_end (self, &e, ok, &id, kind, "delete", when, error);
}

gboolean
tj_case_store_remove_party (TjCaseStore *self, const char *ref, const char *party,
                            const TjWhen *when, GError **error)
{
  return remove_record (self, ref, TRUE, party, when, error);
}

gboolean
tj_case_store_add_claim (TjCaseStore *self, const char *ref, TjClaim *claim, const TjWhen *when,
                         GError **error)
{
  g_auto(Edit) e = { 0 };
  g_autofree char *fields = NULL;
  guint position;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (ref != NULL && claim != NULL, FALSE);

  if (!edit_load (self, &e, ref, error))
    return FALSE;
  position = e.after->claims->len;
  if (!tj_claim_normalise (claim, position + 1, error))
    return FALSE;

  if (!edit_begin (self, &e, when, error))
    return FALSE;
  tj_uuid_v7_at (&claim->id, e.event.recorded_ms);
  claim->version = 0;
  /* The case's total counts the new claim: a copy joins the loaded case. */
  {
    TjClaim *copy = tj_claim_new (claim->type, claim->amount);

    copy->id = claim->id;
    g_ptr_array_add (e.after->claims, copy);
  }
  fields = _tj_claim_snapshot (claim, &e.after->id, position);
  ok = _tj_claim_row_insert (self->store, claim, &e.after->id, position, error) &&
       tj_journal_mutation (self->journal, &e.event, &claim->id, "claim", TJ_OP_CREATE, 0,
                            fields, error) &&
       edit_patch_case (self, &e, error);
  return edit_end (self, &e, ok, &claim->id, "claim", "create", when, error);
}

gboolean
tj_case_store_set_claim (TjCaseStore *self, const char *ref, const char *claim,
                         const char * const *assignments, const TjWhen *when, GError **error)
{
  g_auto(Edit) e = { 0 };
  g_autoptr(GHashTable) named = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GHashTable) old_fields = _tj_fields_collect ();
  g_autoptr(GHashTable) new_fields = _tj_fields_collect ();
  g_autofree char *patch = NULL;
  TjClaim *cl, *old;
  guint index;
  gboolean ok;

  g_return_val_if_fail (TJ_IS_CASE_STORE (self), FALSE);
  g_return_val_if_fail (ref != NULL && claim != NULL, FALSE);

  if (!edit_load (self, &e, ref, error) ||
      (cl = find_claim (e.after, claim, &index, error)) == NULL)
    return FALSE;
  old = g_ptr_array_index (e.before->claims, index);
  if (!apply_assignments (assignments, claim_fields, set_claim_cb, cl,
                          GUINT_TO_POINTER (index + 1), named, error) ||
      !tj_claim_normalise (cl, index + 1, error))
    return FALSE;
  _tj_claim_fields_foreach (old, &e.before->id, index, _tj_fields_collect_sink, old_fields);
  _tj_claim_fields_foreach (cl, &e.after->id, index, _tj_fields_collect_sink, new_fields);
  patch = _tj_fields_diff (old_fields, new_fields, NULL);
  if (patch == NULL)
    return TRUE;

  if (!edit_begin (self, &e, when, error))
    return FALSE;
  ok = _tj_claim_row_update (self->store, cl, error) &&
       tj_journal_mutation (self->journal, &e.event, &cl->id, "claim", TJ_OP_PATCH, old->version,
                            patch, error) &&
       edit_patch_case (self, &e, error);
  return edit_end (self, &e, ok, &cl->id, "claim", "edit", when, error);
}

gboolean
tj_case_store_remove_claim (TjCaseStore *self, const char *ref, const char *claim,
                            const TjWhen *when, GError **error)
{
  return remove_record (self, ref, FALSE, claim, when, error);
}
