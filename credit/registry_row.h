/* registry_row: the rows er-registry imports, checked field by field before they reach the
 * database, and the times it stores. Pure functions: no database, no I/O. */
#ifndef ER_REGISTRY_ROW_H
#define ER_REGISTRY_ROW_H

#include <stddef.h>
#include <stdint.h>

#include "credit/decide.h"
#include "lib/err.h"
#include "credit/registry.h"

/* Why a row was refused: a reason code as er-ingest's (required, key, code, number,
 * negative, date, utf8, platform), the field, and a one-line message. */
struct er_registry_bad {
	const char *reason;
	const char *field;
	char message[ER_ERRLEN];
};

/* The fields of a status export, in this order; PLATFORM is optional. */
enum er_registry_status_field {
	ER_REGISTRY_F_SUBJECT = 0,
	ER_REGISTRY_F_STATUS,
	ER_REGISTRY_F_GRADE,
	ER_REGISTRY_F_REPAYMENT,
	ER_REGISTRY_F_UPDATED,
	ER_REGISTRY_F_PLATFORM,
	ER_REGISTRY_F_COUNT
};

/* "applying", "active", "closed", "defaulted", or "" for anything else. */
const char *er_registry_state_name(int state);

/* The state named S[0..LEN-1] (any case), or -1. */
int er_registry_state_parse(const char *s, size_t len);

/* Parses a time: a day (YYYY-MM-DD and the other forms of er_date_parse) optionally
 * followed by " HH:MM[:SS[.fff]]" or "THH:MM..." (fractions dropped). *T is seconds since
 * 1970-01-01; *HAS_TIME (may be NULL) says whether a time of day was given. Returns 0, or
 * -1 with *WHY ("empty", "a month is not a day", "bad time of day", er_date_strerror ...). */
int er_registry_time_parse(const char *s, size_t len, int64_t *t, int *has_time, const char **why);

/* Writes T as "YYYY-MM-DD HH:MM:SS" into BUF (20 bytes or more); returns the length. */
size_t er_registry_time_format(char *buf, int64_t t);

/* Checks one status row: TEXT[i] / LEN[i] are the fields of enum er_registry_status_field
 * (NUL-terminated; "" when a column is absent), PLATFORM the platform being imported. A
 * file's platform column, when present and not empty, must equal PLATFORM. Fills ROW
 * (its strings point into TEXT and PLATFORM) and returns 0, or returns -1 with BAD. The
 * rules: subject_id not empty, no leading or trailing space, valid UTF-8; status applying,
 * active, closed or defaulted (any case); platform_grade A..D, required when applying;
 * monthly_repayment a number >= 0, required when applying or active; updated_at a time. */
int er_registry_status_check(const char *const *text, const size_t *len, const char *platform,
                             struct er_registry_status *row, struct er_registry_bad *bad);

/* Checks a product row: NAME (not empty, no outer spaces, UTF-8) and the ER_PRODUCT_FIELDS
 * fields of er_decide_product_field in TEXT / LEN. Returns 0 with *P filled, or -1 with BAD. */
int er_registry_product_check(const char *name, size_t name_len, const char *const *text, const size_t *len,
                              struct er_decide_product *p, struct er_registry_bad *bad);

/* Checks a key-like text (subject_id, platform, product): 0, or -1 with *WHY. */
int er_registry_key_check(const char *s, size_t len, const char **why);

#endif
