/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

/* What a pushed record may hold (sync.md, Push step 4): the kinds, the fields of each with
 * the JSON type and core rule that applies, and which field ties a record to its
 * organisation. The field lists follow the replica (tj-case-rows.c's *_fields_foreach and
 * the tables of tj-schema.c). Errors are TJ_PROTOCOL_ERROR_INVALID_FIELD with a message
 * naming the field and the rule. */

typedef enum {
  TJ_PARENT_ORG,          /* parent_field names an organisation */
  TJ_PARENT_CASE,         /* parent_field names a case record */
  TJ_PARENT_AGREEMENT,    /* parent_field names an agreement record */
  TJ_PARENT_SERVER,       /* made by the server only (conflict, rejection) */
} TjParentKind;

typedef struct _TjFieldRule TjFieldRule;

typedef struct {
  const char        *type;
  const char        *parent_field;  /* (nullable) for server-made kinds */
  TjParentKind       parent;
  gboolean           roster;        /* person, organisation: subtree rule for every role */
  const TjFieldRule *fields;
  const char * const *required;     /* needed non-null in the record after a create */
  gboolean           create_only;   /* never patched nor deleted (final documents) */
} TjRecordKind;

const TjRecordKind *tj_rules_kind        (const char         *type);
/* Is `name` a field of the kind that a client may write? */
gboolean            tj_rules_has_field   (const TjRecordKind *kind,
                                          const char         *name);
/* One value against its field's rule. */
gboolean            tj_rules_check_value (const TjRecordKind *kind,
                                          const char         *name,
                                          JsonNode           *value,
                                          GError            **error);
/* The record as it would be stored: required fields present and not null, and rules that
 * span fields (an ID number checked by its ID type). *field names the culprit. */
gboolean            tj_rules_check_doc   (const TjRecordKind *kind,
                                          JsonObject         *doc,
                                          const char        **field,
                                          GError            **error);
/* Clients write every kind but the server-made ones, except that they patch a conflict
 * record's `resolved` and `resolution` to resolve it. */
gboolean            tj_rules_client_may_write (const TjRecordKind *kind,
                                               gboolean            patch);

G_END_DECLS
