/* rule_run: er-verify's work: evaluates a rule set on every row of a table and writes one
 * row per entity and rule, one summary row per entity, or the calibration table.
 *
 * Output (detail): id,rule,indicator,value,interval,result,severity,message, with result pass,
 * hit or na. Output (summary): id,worst,hits,fail,warn,info,na,rules, where worst is the
 * highest severity among the hits (empty without one) and rules lists the hit rules
 * separated by spaces. Rows the reader rejects, and values that are not numbers where a rule
 * needs one, are reported to the diagnostics (the first ER_RULE_RUN_MAX_WARN of them) and counted. */
#ifndef ER_RULE_RUN_H
#define ER_RULE_RUN_H

#include <stdint.h>

#include "data/label.h"
#include "lib/diag.h"
#include "lib/progress.h"
#include "lib/reader.h"
#include "rules/rule.h"
#include "lib/writer.h"

#define ER_RULE_RUN_MAX_WARN 10

enum er_rule_run_mode { ER_RULE_RUN_DETAIL, ER_RULE_RUN_SUMMARY, ER_RULE_RUN_CALIBRATE };

struct er_rule_run_opts {
	enum er_rule_run_mode mode;
	const char *id_col;           /* entity column, "id" by default */
	int hits_only;                /* detail: write hit rows only */
	int drop_missing;             /* drop rules naming absent columns instead of failing */
	const char *label_col;        /* calibrate: label column of the input ("label") */
	const er_label_table *labels; /* calibrate: labels by id instead (may be NULL) */
	const struct er_label *label; /* calibrate: label spellings */
	struct er_progress *progress; /* may be NULL */
	const struct er_diag *diag;   /* row problems and dropped rules; NULL: dropped */
};

struct er_rule_run_stats {
	uint64_t rows;            /* data rows read */
	uint64_t rejected;        /* rows the reader rejected or without an id */
	uint64_t value_errors;    /* values that are not numbers where needed */
	uint64_t hits[4];         /* hits by severity (index er_rule_severity) */
	uint64_t entities_failed; /* rows with at least one fail hit */
	uint64_t unlabelled;      /* calibrate: rows left out for a missing label */
	uint64_t labelled, bad;   /* calibrate: rows used, bad among them */
	size_t dropped;           /* rules dropped by drop_missing */
};

/* Binds RS to R's header, then reads every row of R and writes to W as O says. Returns 0
 * (row problems are counted in ST, not returned), ER_EDATA when binding fails (no id or label
 * column, a rule naming an absent indicator; ERR says which), ER_EIO on a read or write
 * failure, ER_ENOMEM. Does not close R or W. */
int er_rule_run(struct er_rule_set *rs, er_reader *r, er_writer *w, const struct er_rule_run_opts *o,
                struct er_rule_run_stats *st, char *err);

#endif
