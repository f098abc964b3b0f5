/* libFuzzer harness: er-alert's policy file (level, condition, reason), bound to the
 * variables of an entity and evaluated over values taken from the input's last line. */
#include <assert.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "rules/alert_policy.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "rules/rule_text.h"

#define NSLOTS 10

/* Known names get a slot; names starting with 'z' are unknown, as a missing column. */
static long
lookup(const char *name, void *ctx)
{
	(void)ctx;
	if (name[0] == 'z')
		return -1;
	return (long)(er_hash64(name, strlen(name)) % NSLOTS);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *text = (const char *)data;
	char err[ER_ERRLEN];
	struct er_alert_policy *p;
	if (er_alert_policy_parse(&p, text, size, "fuzz", err) != 0)
		return 0;
	if (er_alert_policy_bind(p, lookup, NULL, err) == 0) {
		/* values: the fields of the last line, split on commas */
		struct er_rule_value v[NSLOTS];
		size_t nv = 0;
		const char *end = text + size, *s = end;
		while (s > text && s[-1] != '\n')
			s--;
		while (nv < NSLOTS) {
			const char *c = memchr(s, ',', (size_t)(end - s));
			const char *e = c ? c : end;
			v[nv].s = s;
			v[nv].len = (size_t)(e - s);
			nv++;
			if (!c)
				break;
			s = c + 1;
		}
		struct er_buf reasons = ER_BUF_INIT;
		int level = er_alert_policy_level(p, v, nv, &reasons, err);
		assert(level >= -2 && level <= ER_LEVEL_RED);
		free(reasons.p);
	}
	er_alert_policy_free(p);
	return 0;
}
