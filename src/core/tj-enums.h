/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-types.h"

G_BEGIN_DECLS

/* The domain's vocabularies. Each value has a stable key (API, CLI, exports, the replica
 * file) and a translated label. Keys never change; enum order may. */

typedef enum {
  TJ_STATE_RECEIVED,
  TJ_STATE_ACCEPTED,
  TJ_STATE_IN_MEDIATION,
  TJ_STATE_AGREED,
  TJ_STATE_UNDER_REVIEW,
  TJ_STATE_CONFIRMED,
  TJ_STATE_REVIEW_REFUSED,
  TJ_STATE_REJECTED,
  TJ_STATE_WITHDRAWN,
  TJ_STATE_FAILED,
  TJ_STATE_TRANSFERRED,
  TJ_N_STATES
} TjState;

typedef enum {
  TJ_ACTION_ACCEPT,
  TJ_ACTION_REJECT,
  TJ_ACTION_RESPONDENT_REFUSE,
  TJ_ACTION_NOTIFY_REFUSAL,
  TJ_ACTION_WITHDRAW,
  TJ_ACTION_ASSIGN,
  TJ_ACTION_AGREE,
  TJ_ACTION_EXTEND,
  TJ_ACTION_FAIL,
  TJ_ACTION_TRANSFER,
  TJ_ACTION_SUBMIT_REVIEW,
  TJ_ACTION_CONFIRM,
  TJ_ACTION_REFUSE,
  TJ_ACTION_PERFORMANCE,
  TJ_ACTION_ARCHIVE,
  TJ_N_ACTIONS
} TjAction;

/* Dispute types are a bit set on the case; the bit of each type is fixed forever. */
typedef enum {
  TJ_DISPUTE_LABOUR_RELATION,
  TJ_DISPUTE_CONTRACT,
  TJ_DISPUTE_TERMINATION,
  TJ_DISPUTE_DISMISSAL,
  TJ_DISPUTE_WORKING_TIME,
  TJ_DISPUTE_SOCIAL_INSURANCE,
  TJ_DISPUTE_WELFARE,
  TJ_DISPUTE_TRAINING,
  TJ_DISPUTE_LABOUR_PROTECTION,
  TJ_DISPUTE_WAGES,
  TJ_DISPUTE_INJURY_MEDICAL,
  TJ_DISPUTE_COMPENSATION,
  TJ_DISPUTE_PERSONNEL,
  TJ_DISPUTE_OTHER,
  TJ_N_DISPUTES
} TjDispute;

typedef enum {
  TJ_SOURCE_APPLICATION,        /* a party applied to the centre */
  TJ_SOURCE_ARBITRATION,        /* delegated by an arbitration institution (仲裁委派) */
  TJ_SOURCE_COURT_DELEGATED,    /* 法院委派 */
  TJ_SOURCE_COURT_ENTRUSTED,    /* 法院委托 (ordinary procedure) */
  TJ_SOURCE_COURT_ENTRUSTED_SIMPLE, /* 法院委托 (simple procedure) */
  TJ_N_SOURCES
} TjSource;

typedef enum {
  TJ_CHANNEL_WALK_IN,
  TJ_CHANNEL_ORAL,
  TJ_CHANNEL_WRITTEN,
  TJ_CHANNEL_PHONE,
  TJ_CHANNEL_ONLINE,
  TJ_CHANNEL_DELEGATION,
  TJ_N_CHANNELS
} TjChannel;

typedef enum {
  TJ_SIDE_APPLICANT,
  TJ_SIDE_RESPONDENT,
  TJ_SIDE_THIRD_PARTY,
  TJ_N_SIDES
} TjSide;

typedef enum {
  TJ_PARTY_PERSON,
  TJ_PARTY_ORGANISATION,
  TJ_N_PARTY_KINDS
} TjPartyKind;

typedef enum {
  TJ_ID_RESIDENT,
  TJ_ID_PASSPORT,
  TJ_ID_HK_MACAO,
  TJ_ID_TAIWAN,
  TJ_ID_FOREIGN_PERMIT,
  TJ_ID_USCC,
  TJ_N_ID_TYPES
} TjIdType;

typedef enum {
  TJ_EMPLOYER_STATE_OWNED,
  TJ_EMPLOYER_COLLECTIVE,
  TJ_EMPLOYER_PRIVATE,
  TJ_EMPLOYER_FOREIGN,
  TJ_EMPLOYER_HMT,
  TJ_EMPLOYER_INDIVIDUAL,
  TJ_EMPLOYER_PUBLIC_INSTITUTION,
  TJ_EMPLOYER_GOVERNMENT,
  TJ_EMPLOYER_SOCIAL_ORGANISATION,
  TJ_EMPLOYER_OTHER,
  TJ_N_EMPLOYER_TYPES
} TjEmployerType;

typedef enum {
  TJ_COMPLEXITY_SIMPLE,
  TJ_COMPLEXITY_ORDINARY,
  TJ_COMPLEXITY_MAJOR,
  TJ_N_COMPLEXITIES
} TjComplexity;

typedef enum {
  TJ_ROLE_MEDIATOR,
  TJ_ROLE_HEAD,
  TJ_ROLE_SUPERVISOR,
  TJ_ROLE_ADMINISTRATOR,
  TJ_N_ROLES
} TjRole;

typedef enum {
  TJ_FAIL_RESPONDENT_REFUSED,
  TJ_FAIL_NO_AGREEMENT,
  TJ_FAIL_TIME_LIMIT,
  TJ_FAIL_PARTY_ABSENT,
  TJ_FAIL_OTHER,
  TJ_N_FAIL_REASONS
} TjFailReason;

typedef enum {
  TJ_ORG_LEVEL_PROVINCE,
  TJ_ORG_LEVEL_CITY,
  TJ_ORG_LEVEL_COUNTY,
  TJ_ORG_LEVEL_TOWNSHIP,
  TJ_N_ORG_LEVELS
} TjOrgLevel;

typedef enum {
  TJ_ORG_ARBITRATION,           /* 仲裁院 / arbitration institution (supervising) */
  TJ_ORG_CENTRE,                /* 乡镇/街道劳动人事争议调解中心 */
  TJ_ORG_ENTERPRISE,            /* 企业劳动争议调解委员会 */
  TJ_ORG_REGIONAL,              /* 区域性/行业性调解组织 */
  TJ_ORG_BUREAU,                /* 人社局 */
  TJ_N_ORG_TYPES
} TjOrgType;

/* A vocabulary: keys and untranslated labels, looked up by index. */
typedef struct {
  const char *key;
  const char *label;            /* N_() marked; translate with tj_enum_label () */
} TjEnumValue;

typedef struct {
  const char        *name;      /* the field's key, for messages: "state", "type", … */
  const TjEnumValue *values;
  guint              n_values;
} TjEnum;

extern const TjEnum tj_enum_state;
extern const TjEnum tj_enum_action;
extern const TjEnum tj_enum_dispute;
extern const TjEnum tj_enum_source;
extern const TjEnum tj_enum_channel;
extern const TjEnum tj_enum_side;
extern const TjEnum tj_enum_party_kind;
extern const TjEnum tj_enum_id_type;
extern const TjEnum tj_enum_employer_type;
extern const TjEnum tj_enum_complexity;
extern const TjEnum tj_enum_role;
extern const TjEnum tj_enum_fail_reason;
extern const TjEnum tj_enum_org_level;
extern const TjEnum tj_enum_org_type;
extern const TjEnum tj_enum_industry_section;

const char *tj_enum_key        (const TjEnum *e,
                                guint         value);
const char *tj_enum_label      (const TjEnum *e,
                                guint         value);
gboolean    tj_enum_lookup     (const TjEnum *e,
                                const char   *key,
                                guint        *value);
/* Parse a key, naming the field and listing the accepted keys on error
 * (TJ_VALIDATION_ERROR_FORMAT). */
gboolean    tj_enum_parse      (const TjEnum *e,
                                const char   *field,
                                const char   *key,
                                guint        *value,
                                GError      **error);
char       *tj_enum_keys_joined (const TjEnum *e,
                                 const char   *separator);

/* Dispute type sets, stored as a bit mask: "wages,compensation" <-> mask. */
gboolean    tj_disputes_parse   (const char  *field,
                                 const char  *text,
                                 guint32     *mask,
                                 GError     **error);
char       *tj_disputes_to_keys (guint32      mask);
char       *tj_disputes_to_labels (guint32    mask);

gboolean    tj_state_is_open    (TjState      state);
gboolean    tj_state_is_end     (TjState      state);
/* Delegation (委派) of a case to another organisation: only before mediation starts
 * (received or accepted), and only to an organisation that mediates (a centre, an
 * enterprise committee, a regional or industry organisation). Client and server both. */
gboolean    tj_state_may_move   (TjState      state);
gboolean    tj_org_type_holds_cases (TjOrgType type);

/* GB/T 4754-2017: a 4-digit class ("4720") or a section letter; the section of a class. */
gboolean    tj_industry_validate (const char *field,
                                  const char *code,
                                  GError    **error);
char        tj_industry_section  (const char *code);

G_END_DECLS
