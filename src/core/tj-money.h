/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Money is a whole number of fen (分), never a float (domain.md). */

#define TJ_MONEY_ERROR (tj_money_error_quark ())

typedef enum {
  TJ_MONEY_ERROR_FORMAT,  /* not an amount as people write one */
  TJ_MONEY_ERROR_RANGE,   /* negative, or TJ_MONEY_MAX_FEN exceeded */
} TjMoneyError;

/* Below 10^15 fen, i.e. up to 9 999 999 999 999.99 yuan (just under 10 万亿). */
#define TJ_MONEY_MAX_FEN ((gint64) 999999999999999)

GQuark   tj_money_error_quark         (void);

gboolean tj_money_parse_yuan          (const char  *field,
                                       const char  *text,
                                       gint64      *fen,
                                       GError     **error);
char    *tj_money_format_yuan         (gint64       fen);
char    *tj_money_format_yuan_grouped (gint64       fen);
char    *tj_money_to_capitals         (gint64       fen,
                                       gboolean     with_prefix);

G_END_DECLS
