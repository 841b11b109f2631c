/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-api-client.h"

G_BEGIN_DECLS

/* Network faults on demand, for the deterministic sync simulation (tests/sync/sim): before
 * each request the client asks the fault function what the network does to it. */
typedef enum {
  TJ_API_FAULT_NONE,
  TJ_API_FAULT_DROP_REQUEST,    /* lost on the way: the server never sees it */
  TJ_API_FAULT_DROP_RESPONSE,   /* the server handles it, the answer is lost */
  TJ_API_FAULT_DUPLICATE,       /* it reaches the server twice */
  TJ_API_FAULT_SERVER_ERROR,    /* a proxy answers 503 instead of the server */
  TJ_API_FAULT_CUT_RESPONSE,    /* the server handles it, the answer arrives cut short */
} TjApiFault;

/* body: the request body before compression, or NULL. */
typedef TjApiFault (*TjApiFaultFunc) (const char *method,
                                      const char *path,
                                      const char *body,
                                      gsize       length,
                                      gpointer    user_data);

void _tj_api_client_set_fault_func (TjApiClient    *self,
                                    TjApiFaultFunc  func,
                                    gpointer        user_data);

G_END_DECLS
