/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-enums.h"

G_BEGIN_DECLS

/* The agents of a party (委托代理人) and what each may do for it (代理权限). Law Art. 24:
 * the power of attorney states the matters entrusted and the scope. A general authority
 * (一般授权) lets the agent take part and speak for the party; a special authority
 * (特别授权) lists the powers beyond that which it grants. A party's agents are stored
 * in its `agents` field as a JSON array of {name, phone, authority, powers}. */

typedef enum {
  TJ_AUTHORITY_GENERAL,
  TJ_AUTHORITY_SPECIAL,
  TJ_N_AUTHORITIES
} TjAuthority;

/* The powers a special authority may grant; the bit of each is 1 << power. */
typedef enum {
  TJ_POWER_ADMIT,               /* 代为承认请求 */
  TJ_POWER_WAIVE,               /* 代为放弃请求 */
  TJ_POWER_CHANGE,              /* 代为变更请求 */
  TJ_POWER_SETTLE,              /* 代为和解、达成调解协议 */
  TJ_POWER_SIGN,                /* 代为签署调解协议书 */
  TJ_POWER_COLLECT,             /* 代为领取款项 */
  TJ_N_POWERS
} TjPower;

/* At most this many agents for one party: a practical bound, not a statute. */
#define TJ_AGENTS_MAX 5

extern const TjEnum tj_enum_authority;
extern const TjEnum tj_enum_power;

typedef struct {
  char        *name;
  char        *phone;           /* (nullable) normalised by tj_agent_check () */
  TjAuthority  authority;
  guint        powers;          /* bit set of TjPower; empty for a general authority */
} TjAgent;

TjAgent   *tj_agent_new            (const char    *name);
void       tj_agent_free           (TjAgent       *agent);

/* Check one agent and normalise its name and phone. `label` names the agent in messages
 * ("Applicant agent 1"). */
gboolean   tj_agent_check          (TjAgent       *agent,
                                    const char    *label,
                                    GError       **error);

/* The agents of a stored `agents` value (NULL or empty: none), TjAgent each. An agent
 * stored without an authority has a general one. */
GPtrArray *tj_agents_from_json     (const char    *json,
                                    const char    *label,
                                    GError       **error);
/* NULL when there are none. */
char      *tj_agents_to_json       (GPtrArray     *agents);

/* What a person types for one agent: NAME|PHONE|AUTHORITY[:POWER,POWER…], where PHONE
 * may be empty and AUTHORITY is general (the default) or special. */
TjAgent   *tj_agent_parse          (const char    *text,
                                    const char    *label,
                                    GError       **error);

/* Check a whole `agents` value as typed: a JSON array, or agents in the text form above
 * separated by ";". Every agent is checked (`label` names the party, "Applicant"); the
 * normalised JSON (NULL for none) goes to out_json. */
gboolean   tj_agents_normalise     (const char    *text,
                                    const char    *label,
                                    char         **out_json,
                                    GError       **error);

/* "特别授权：代为承认请求、代为和解" — the authority and its powers, translated. */
char      *tj_agent_describe_authority (const TjAgent *agent);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TjAgent, tj_agent_free)

G_END_DECLS
