/* rule_calib: checks a rule set against known outcomes (good/bad labels), so thresholds can be
 * set from history: per rule the hit rate, the bad rate among hits and among passes, the lift
 * over the overall bad rate, the bads it catches and the bads no other rule catches. */
#ifndef ER_RULE_CALIB_H
#define ER_RULE_CALIB_H

#include <stddef.h>
#include <stdint.h>

#include "rules/rule.h"
#include "lib/writer.h"

struct er_rule_calib_count {
	uint64_t hits, hits_bad; /* rows where the rule hit, and the bad ones among them */
	uint64_t pass, pass_bad; /* rows where it passed */
	uint64_t na, na_bad;     /* rows where a value was missing (or not a number) */
	uint64_t alone_bad;      /* bad rows hit by this rule and by no other */
};

struct er_rule_calib {
	size_t nrules;
	struct er_rule_calib_count *counts; /* nrules entries */
	struct er_rule_calib_count any;     /* "any rule hit" as one more rule */
	uint64_t rows, bad;                 /* labelled rows and bad ones */
};

/* Prepares CAL for NRULES rules. Returns 0, or -1 when out of memory. */
int er_rule_calib_init(struct er_rule_calib *cal, size_t nrules);

/* Adds one labelled row: RESULTS[i] is rule i's er_rule_result (ER_RULE_BAD counts as na),
 * BAD is 1 for a bad outcome, 0 for a good one. Can't fail. */
void er_rule_calib_add(struct er_rule_calib *cal, const signed char *results, int bad);

/* Writes the header "rule,severity,group,rows,hits,na,hit_rate,bad_rate_hit,bad_rate_pass,
 * lift,bads_caught,bads_alone", one row per rule of RS and a last row "(any)". A rate with
 * no rows under it is empty. Returns 0, or the writer's status (ER_EIO, ER_EDATA). */
int er_rule_calib_write(const struct er_rule_calib *cal, const struct er_rule_set *rs, er_writer *w);

/* Frees what CAL holds. */
void er_rule_calib_free(struct er_rule_calib *cal);

#endif
