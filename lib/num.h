/* num: strict number parsing and shortest round-trip formatting.
 * A number is an optional sign, digits with an optional '.', and an optional
 * exponent, with blanks (spaces, tabs) around it ignored; nothing else (no spaces
 * inside, no hex, no "nan" or "inf", no thousands separators). The result is the
 * correctly rounded double. */
#ifndef ER_NUM_H
#define ER_NUM_H

#include <stddef.h>
#include <stdint.h>

enum er_num_result {
	ER_NUM_OK = 0,
	ER_NUM_EMPTY,  /* empty field */
	ER_NUM_SYNTAX, /* not a number */
	ER_NUM_RANGE   /* overflows a double (or, for integers, a long long) */
};

/* Parses S[0..LEN-1] into *OUT. Returns an er_num_result (ER_NUM_EMPTY for blanks only);
 * *OUT is untouched on error. */
int er_num_parse(const char *s, size_t len, double *out);

/* Parses a whole number (optional sign, digits only) into *OUT. Returns an er_num_result. */
int er_num_parse_int(const char *s, size_t len, long long *out);

/* A short lowercase reason for an er_num_result, e.g. "not a number". */
const char *er_num_strerror(int result);

/* Longest text er_num_format_u64 or er_num_format_i64 writes, with its NUL
 * ("-9223372036854775808", "18446744073709551615"). */
#define ER_INT_BUFLEN 21

/* Writes V in decimal, NUL-terminated, into BUF (ER_INT_BUFLEN bytes). Returns the length. */
size_t er_num_format_u64(char *buf, uint64_t v);

/* Same as er_num_format_u64 for a signed V ('-' before negative numbers). */
size_t er_num_format_i64(char *buf, int64_t v);

/* Longest text er_num_format writes, with its NUL. */
#define ER_NUM_BUFLEN 32

/* Writes the decimal U / 10^K in fixed notation (K decimals, no point when K is 0; "0.05" for
 * U 5 and K 2), with a '-' first when NEG and U is not 0, NUL-terminated, into BUF
 * (ER_NUM_BUFLEN bytes; K at most 9). Returns the length. */
size_t er_num_format_scaled(char *buf, uint64_t u, size_t k, int neg);

/* Writes V into BUF in the shortest "%.*g" form that reads back to V ("-0" stays "0",
 * integers have no exponent below 1e15). Returns the length; NaN and infinities give "". */
size_t er_num_format(char *buf, double v);

/* A / B when both are finite, B is not 0 and the quotient is finite, else NaN: a ratio whose
 * operand overflowed (a sum of 1e308s) is missing, never 0 (x / inf) or infinite. Can't fail. */
double er_num_ratio(double a, double b);

#endif
