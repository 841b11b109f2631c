/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <adwaita.h>

#include "tj-agents.h"

G_BEGIN_DECLS

#define TJ_TYPE_AGENT_ROW (tj_agent_row_get_type ())
G_DECLARE_FINAL_TYPE (TjAgentRow, tj_agent_row, TJ, AGENT_ROW, AdwExpanderRow)

/* One agent of a party: name, phone, a general or special authority and the powers a
 * special one grants, each checked as it is typed. Emits "changed" and "remove". */
TjAgentRow *tj_agent_row_new          (void);
/* `label` names the agent in messages ("Applicant agent 1"). */
void        tj_agent_row_set_label    (TjAgentRow    *self,
                                       const char    *label);
void        tj_agent_row_set_agent    (TjAgentRow    *self,
                                       const TjAgent *agent);
/* The agent as typed, checked; NULL with the first error (also shown beside its row). */
TjAgent    *tj_agent_row_get_agent    (TjAgentRow    *self,
                                       GError       **error);
void        tj_agent_row_set_editable (TjAgentRow    *self,
                                       gboolean       editable);

G_END_DECLS
