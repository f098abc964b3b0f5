/* libFuzzer harness: the rule condition language and the rules file loader. The first line
 * is compiled as one condition and evaluated over the next lines as values; the whole input
 * is parsed as a rules file, bound, evaluated, written back and read again (the written form
 * must parse to the same rules). */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/hash.h"
#include "rules/rule.h"
#include "rules/rule_cond.h"

#define NSLOTS 8

/* Slots by a hash of the name; names starting with 'z' are absent from the "input". */
static long
lookup(const char *name, void *ctx)
{
	(void)ctx;
	if (name[0] == 'z')
		return -1;
	return (long)(er_hash64(name, strlen(name)) % NSLOTS);
}

/* Up to NSLOTS values from TEXT, one per line. */
static size_t
split_values(const char *text, size_t len, struct er_rule_value *v)
{
	size_t n = 0;
	const char *p = text, *end = text + len;
	while (p <= end && n < NSLOTS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *e = nl ? nl : end;
		v[n].s = p;
		v[n].len = (size_t)(e - p);
		n++;
		if (!nl)
			break;
		p = nl + 1;
	}
	return n;
}

static void
one_condition(const char *text, size_t len)
{
	const char *nl = memchr(text, '\n', len);
	size_t clen = nl ? (size_t)(nl - text) : len;
	char *cond = strndup(text, clen);
	if (!cond)
		return;
	char err[ER_ERRLEN];
	er_rule_cond *c = er_rule_cond_parse(cond, "subject", err);
	free(cond);
	if (!c)
		return;
	for (size_t i = 0; i < er_rule_cond_nnames(c); i++)
		er_rule_cond_bind(c, i, (size_t)i % (NSLOTS + 2)); /* some slots beyond the values */
	struct er_rule_value v[NSLOTS];
	size_t nv = nl ? split_values(nl + 1, len - clen - 1, v) : 0;
	int r = er_rule_cond_eval(c, v, nv, err);
	assert(r == ER_RULE_PASS || r == ER_RULE_HIT || r == ER_RULE_NA || r == ER_RULE_BAD);
	er_rule_cond_free(c);
}

static void
rules_file(const char *text, size_t len)
{
	char err[ER_ERRLEN];
	struct er_rule_set *rs;
	if (er_rule_set_parse(&rs, text, len, "fuzz", err) != 0)
		return;
	char *again = er_rule_set_format(rs);
	if (again) {
		struct er_rule_set *rs2;
		int status = er_rule_set_parse(&rs2, again, strlen(again), "again", err);
		assert(status == 0 || status == ER_ENOMEM);
		assert((status == 0) == (rs2 != NULL));
		if (rs2) {
			assert(rs2->n == rs->n);
			for (size_t i = 0; i < rs->n; i++) {
				assert(strcmp(rs->rules[i].id, rs2->rules[i].id) == 0);
				assert(strcmp(rs->rules[i].indicator, rs2->rules[i].indicator) == 0);
				assert(strcmp(rs->rules[i].condition, rs2->rules[i].condition) == 0);
				assert(strcmp(rs->rules[i].message, rs2->rules[i].message) == 0);
				assert(rs->rules[i].severity == rs2->rules[i].severity);
			}
			er_rule_set_free(rs2);
		}
		free(again);
	}
	size_t dropped = 0;
	if (er_rule_set_bind(rs, lookup, NULL, 1, &dropped, err) == 0) {
		struct er_rule_value v[NSLOTS];
		size_t nv = split_values(text, len, v);
		for (size_t i = 0; i < rs->n; i++) {
			int r = er_rule_cond_eval(rs->rules[i].cond, v, nv, err);
			assert(r == ER_RULE_PASS || r == ER_RULE_HIT || r == ER_RULE_NA || r == ER_RULE_BAD);
		}
	}
	er_rule_set_free(rs);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one_condition((const char *)data, size);
	rules_file((const char *)data, size);
	return 0;
}
