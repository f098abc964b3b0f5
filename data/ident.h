/* ident: check characters and formats of Chinese identifiers.
 * Unified social credit code (GB 32100-2015, with the embedded organization code of
 * GB 11714-1997), resident ID number (GB 11643-1999, ISO 7064 MOD 11-2) and
 * mainland phone numbers. Each check returns ER_IDENT_OK or the first problem. */
#ifndef ER_IDENT_H
#define ER_IDENT_H

#include <stddef.h>

#include "lib/date.h"

enum er_ident_result {
	ER_IDENT_OK = 0,
	ER_IDENT_LENGTH,  /* wrong length */
	ER_IDENT_CHARSET, /* a character outside the code's set */
	ER_IDENT_CHECK,   /* the check character is wrong */
	ER_IDENT_ORGCODE, /* USCC: the embedded organization code's check fails */
	ER_IDENT_REGION,  /* resident ID: no such province */
	ER_IDENT_BIRTH    /* resident ID: birth date impossible or after TODAY */
};

/* Checks an 18-character unified social credit code. */
int er_ident_uscc(const char *s, size_t len);

/* The check character of the first 17 characters of a USCC, or 0 when one is outside the set. */
char er_ident_uscc_check_char(const char *first17);

/* Checks an 18-character resident ID number; its birth date must not be after TODAY. */
int er_ident_resident_id(const char *s, size_t len, er_day today);

/* The check character ('0'..'9' or 'X') of the first 17 digits of a resident ID, or 0. */
char er_ident_resident_id_check_char(const char *first17);

/* Checks a mainland mobile (optionally +86/86 prefixed) or landline (0AA[A]-NNNNNNN[N]) number. */
int er_ident_phone(const char *s, size_t len);

/* Canonical forms, the only forms in which ids are compared or keyed. Each writes the form of
 * S[0..LEN-1] into OUT (at least LEN bytes; not NUL-terminated) and returns its length,
 * which is at most LEN. A value that is not of the kind is left as it is (but for surrounding
 * spaces, which all but er_ident_norm_subject trim: a subject key with spaces is an error
 * its readers report). */

/* Unified social credit code: ASCII letters in upper case. */
size_t er_ident_norm_uscc(const char *s, size_t len, char *out);

/* Resident ID number: a check character 'x' becomes 'X'. */
size_t er_ident_norm_resident_id(const char *s, size_t len, char *out);

/* A subject of either kind (resident ID or USCC, as er-decide and the registry key them):
 * 18 ASCII letters and digits in upper case. */
size_t er_ident_norm_subject(const char *s, size_t len, char *out);

/* Phone: spaces and dashes removed (but for a landline with an extension, 0AA-N-E), and the
 * +86/86 prefix of a mobile number: "+86 138-0013-8000" is "13800138000". */
size_t er_ident_norm_phone(const char *s, size_t len, char *out);

/* Any id a subject is keyed by, as pseudonyms are made of it: a resident ID or USCC as
 * er_ident_norm_subject, a phone number (valid once er_ident_norm_phone has written it) in that form,
 * anything else unchanged. OUT holds at least LEN bytes; returns the length written. */
size_t er_ident_norm_id(const char *s, size_t len, char *out);

/* A short lowercase reason for an er_ident_result. */
const char *er_ident_strerror(int result);

/* Writes S[0..LEN-1] into OUT (OUTSIZE bytes) with all but the first 3 and last 4
 * characters (UTF-8 aware) replaced by '*'; shorter values are masked whole.
 * Returns the length written (truncated to fit OUTSIZE-1). */
size_t er_ident_mask(const char *s, size_t len, char *out, size_t outsize);

/* The value inside Excel's ways of keeping a field text: 0123 for ="0123" (a formula giving
 * a string, what "Save as CSV" writes for a cell that must keep its leading zeros) and for
 * '0123 (the text prefix); S itself otherwise. Sets *LEN to its length. Can't fail. */
const char *er_ident_excel_text(const char *s, size_t *len);

/* 1 when S[0..LEN-1] is a number in Excel's scientific notation (3.30102E+15, 3E+15): what
 * Excel makes of a long numeric id, whose digits are then lost; else 0. */
int er_ident_sci_notation(const char *s, size_t len);

/* What to say of an id er_ident_sci_notation recognises. */
#define ER_IDENT_SCI_MSG "a number in scientific notation, its digits lost (export the column as text)"

#endif
