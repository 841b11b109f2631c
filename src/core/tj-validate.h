/* SPDX-License-Identifier: GPL-3.0-or-later */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The checks every side runs on what people type (domain.md, "Validation"). Each error
 * message names the field, given by the caller already translated, and the rule broken.
 * Outputs are written only when a function returns TRUE. */

#define TJ_VALIDATION_ERROR (tj_validation_error_quark ())

typedef enum {
  TJ_VALIDATION_ERROR_REQUIRED,   /* empty where a value is needed */
  TJ_VALIDATION_ERROR_FORMAT,     /* wrong length or characters */
  TJ_VALIDATION_ERROR_CHECKSUM,   /* check character wrong */
  TJ_VALIDATION_ERROR_DATE,       /* not a real date, out of the years allowed, or in the future
                                   * where a past date is needed */
  TJ_VALIDATION_ERROR_REGION,     /* unknown province code */
  TJ_VALIDATION_ERROR_RANGE,      /* number out of the allowed range */
} TjValidationError;

/* A resident ID number (GB 11643) taken apart. */
typedef struct {
  char     number[19];   /* normalised 18-character number, upper-case X */
  GDate    birth;
  char     sex;          /* 'M' or 'F' */
  gboolean upgraded;     /* the input was a 15-digit legacy number */
} TjResidentId;

/* Length of a unified social credit code, without the terminating NUL. */
#define TJ_USCC_LEN 18

GQuark   tj_validation_error_quark (void);

gboolean tj_validate_resident_id   (const char    *field,
                                    const char    *input,
                                    const GDate   *today,
                                    TjResidentId  *out,
                                    GError       **error);
gboolean tj_validate_uscc          (const char    *field,
                                    const char    *input,
                                    char          *out,
                                    gboolean      *unknown_authority,
                                    GError       **error);
gboolean tj_validate_org_code      (const char    *field,
                                    const char    *input,
                                    GError       **error);
gboolean tj_validate_mobile        (const char    *field,
                                    const char    *input,
                                    char         **normalized,
                                    GError       **error);
gboolean tj_validate_landline      (const char    *field,
                                    const char    *input,
                                    char         **normalized,
                                    GError       **error);
gboolean tj_validate_phone         (const char    *field,
                                    const char    *input,
                                    char         **normalized,
                                    GError       **error);
gboolean tj_validate_date          (const char    *field,
                                    const char    *input,
                                    GDate         *out,
                                    GError       **error);
gboolean tj_validate_past_date     (const char    *field,
                                    const char    *input,
                                    const GDate   *today,
                                    GDate         *out,
                                    GError       **error);

char     tj_resident_id_check_char (const char    *body17);
char     tj_uscc_check_char        (const char    *body17);
char     tj_org_code_check_char    (const char    *body8);

/* Full-width forms, odd spaces and dashes folded to ASCII, trimmed (valid UTF-8 in). */
char    *tj_fold_typed             (const char    *input);
char    *tj_mask_id_number         (const char    *number);
gboolean tj_region_province_known  (const char    *two_digits);

G_END_DECLS
