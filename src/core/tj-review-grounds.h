/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include "tj-enums.h"

G_BEGIN_DECLS

/* The grounds on which the arbitration review refuses a mediation agreement: the six
 * items of 劳动人事争议仲裁办案规则 (人社部令第33号, 2017) Art. 78, on which the arbitration
 * commission makes no mediation statement (调解书) of the agreement.
 *
 * A refusal stores the grounds ticked and the reviewer's own words in the case's
 * review_grounds, which syncs as it is: the keys of the grounds, comma-separated, on the
 * first line, then a line break and the words. A value written before the grounds had
 * keys is words only. */

typedef enum {
  TJ_GROUND_MANDATORY_PROVISION,  /* (一) 违反法律、行政法规强制性规定 */
  TJ_GROUND_HARMS_INTERESTS,      /* (二) 损害国家利益、社会公共利益或者…合法权益 */
  TJ_GROUND_FALSE_EVIDENCE,       /* (三) 当事人提供证据材料有弄虚作假嫌疑 */
  TJ_GROUND_NOT_VOLUNTARY,        /* (四) 违反自愿原则 */
  TJ_GROUND_UNCLEAR,              /* (五) 内容不明确 */
  TJ_GROUND_OTHER,                /* (六) 其他不能制作调解书的情况: the words say which */
  TJ_N_GROUNDS
} TjReviewGround;

#define TJ_GROUND_BIT(g) (1u << (g))
#define TJ_GROUND_ALL    (TJ_GROUND_BIT (TJ_N_GROUNDS) - 1)

extern const TjEnum tj_enum_review_ground;

/* The stored value of grounds (a set of TJ_GROUND_BIT) and words (nullable). */
char     *tj_review_grounds_format   (guint32      mask,
                                      const char  *text);
/* A stored value's grounds and words; either may be empty (0, NULL). */
void      tj_review_grounds_split    (const char  *stored,
                                      guint32     *mask,
                                      char       **text);
/* Keys as typed ("unclear,not_voluntary", or one key per element of a list); the error
 * names `field` and the accepted keys (TJ_VALIDATION_ERROR). */
gboolean  tj_review_grounds_parse    (const char  *field,
                                      const char * const *keys,
                                      guint32     *mask,
                                      GError     **error);

G_END_DECLS
