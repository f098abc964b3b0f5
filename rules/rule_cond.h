/* rule_cond: the condition language of verification rules and alert policies.
 *
 * A condition tests named values (indicator columns) against threshold intervals:
 *   [a,b)  (a,b]  [a,b]  (a,b)   an interval; an empty end is unbounded: [3,)
 *   >=x  >x  <=x  <x             comparisons with a number
 *   ==x  !=x                     equality with a number, or with text when x is not one
 *   in(a,b,...)  !in(a,b,...)    membership (text, or numbers compared as numbers)
 * A number may end in '%' (-30% is -0.3). Text may be "double quoted". Each test is preceded
 * by the name it tests (usage.zero_months_12m>=6), or by nothing, when it tests the rule's own
 * indicator (the SUBJECT). Tests combine with '&' (and), '|' (or), '!' (not) and parentheses;
 * '&' binds tighter than '|'. Names are letters, digits, '_', '.', ':' and any UTF-8.
 *
 * A missing value (an empty field) makes its test "na", and na follows Kleene's logic: false &
 * na = false, true | na = true, otherwise na. So a rule never hits on data it does not have. */
#ifndef ER_RULE_COND_H
#define ER_RULE_COND_H

#include <stddef.h>

enum er_rule_result {
	ER_RULE_PASS = 0, /* the condition is false */
	ER_RULE_HIT = 1,  /* the condition is true */
	ER_RULE_NA = 2,   /* a value it needs is missing */
	ER_RULE_BAD = -1  /* a value is not a number where a number is needed */
};

/* One value for evaluation: a field, not necessarily NUL-terminated. */
struct er_rule_value {
	const char *s;
	size_t len;
};

typedef struct er_rule_cond er_rule_cond;

/* Compiles TEXT. SUBJECT (may be NULL) is the name of tests written without one. Returns the
 * condition, or NULL with ERR (ER_ERRLEN bytes) saying what is wrong and where, e.g.
 * "expected a number at byte 3 of '>=x'"; NULL with "out of memory" when allocation fails. */
er_rule_cond *er_rule_cond_parse(const char *text, const char *subject, char *err);

/* Number of distinct names the condition tests. */
size_t er_rule_cond_nnames(const er_rule_cond *c);

/* Name I (0 <= I < er_rule_cond_nnames), in order of first appearance. */
const char *er_rule_cond_name(const er_rule_cond *c, size_t i);

/* Makes name I read values[SLOT] in er_rule_cond_eval. Every name must be bound. */
void er_rule_cond_bind(er_rule_cond *c, size_t i, size_t slot);

/* Evaluates C over VALUES (indexed by bound slots; a slot >= NVALUES reads as missing).
 * Returns an er_rule_result; on ER_RULE_BAD, ERR names the value and the name. */
int er_rule_cond_eval(const er_rule_cond *c, const struct er_rule_value *values, size_t nvalues, char *err);

/* Like er_rule_cond_eval, with every numeric comparison of a name bound to slot I widened by
 * BAND[I] (BAND may be NULL: no widening) so that the condition holds more easily: x<t reads
 * x<t+b, x>t reads x>t-b, an interval grows by b at each end, and under '!' the widening turns
 * round. Equality and membership tests are unchanged. This is a dead band (hysteresis): a
 * condition that held keeps holding until its value moves past the threshold by the band. */
int er_rule_cond_eval_band(const er_rule_cond *c, const struct er_rule_value *values, size_t nvalues,
                           const double *band, char *err);

/* Frees C (may be NULL). */
void er_rule_cond_free(er_rule_cond *c);

#endif
