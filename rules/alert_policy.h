/* alert_policy: alert levels (red, orange, yellow, none) and the policy that sets them.
 *
 * A policy file is CSV with the columns level, condition, reason ('#' lines are comments, a
 * header line is optional). The condition is in the rule_cond.h language over the variables
 * of one entity: score, pd, grade, score_change (score minus the score stored in the state),
 * hits, fail, warn, info (hit counts from er-verify) and any column of the scores input by
 * name (score.usage, ...). An entity's level is the highest level of a line whose condition
 * holds; a condition that is na (a value missing) does not hold.
 *
 * Besides its lines, a policy sets the hysteresis that keeps alerts from flapping, one key per
 * line as "key = value" (a record of one field): lower_after_runs (an alert is lowered or
 * cleared only at its Nth clean evaluation in a row, default 3; 1 lowers at once),
 * lower_after_days (... or when its clean evaluations have lasted D days, default 7; 0: no day
 * rule) and dead_band (score points by which the thresholds on score and score_change are
 * widened for lines at or below the entity's current level, default 5; 0: none). */
#ifndef ER_ALERT_POLICY_H
#define ER_ALERT_POLICY_H

#include <stddef.h>

#include "rules/rule.h"
#include "rules/rule_cond.h"
#include "rules/rule_text.h"

enum er_alert_level { ER_LEVEL_NONE = 0, ER_LEVEL_YELLOW = 1, ER_LEVEL_ORANGE = 2, ER_LEVEL_RED = 3 };

/* "none", "yellow", "orange", "red". */
const char *er_alert_level_name(int level);

/* The level called NAME, or -1. */
int er_alert_level_parse(const char *name);

struct er_alert_policy_line {
	int level;
	char *condition;
	char *reason;
	unsigned long line;
	er_rule_cond *cond;
};

struct er_alert_policy {
	struct er_alert_policy_line *lines;
	size_t n;
	char *source;
	int lower_after_runs; /* >= 1 */
	int lower_after_days; /* >= 0, 0: no day rule */
	double dead_band;     /* >= 0 */
};

/* The built-in policy as policy-file text. */
const char *er_alert_policy_default_text(void);

/* Parses policy text TEXT[0..LEN-1] named SOURCE into *OUT. Returns 0, or ER_EDATA or
 * ER_ENOMEM with ERR ("bad condition ... (file F, line N)") and *OUT NULL. */
int er_alert_policy_parse(struct er_alert_policy **out, const char *text, size_t len, const char *source, char *err);

/* Reads the policy file PATH, or the built-in policy when PATH is NULL or "default", into
 * *OUT. Returns 0, or ER_EIO, ER_EDATA or ER_ENOMEM with ERR (*OUT NULL). */
int er_alert_policy_load(struct er_alert_policy **out, const char *path, char *err);

/* Binds every variable name with LOOKUP. Returns 0, or ER_EDATA with "policy names
 * unknown variable 'X' (file F, line N)" in ERR. */
int er_alert_policy_bind(struct er_alert_policy *p, er_rule_lookup_fn lookup, void *ctx, char *err);

/* The level for VALUES (by bound slot). The reasons of the lines that hold, highest level
 * first, are appended to REASONS separated by "; " (REASONS may be NULL). Returns the level,
 * -1 when out of memory, or -2 for a value that is not a number (message in ERR). */
int er_alert_policy_level(const struct er_alert_policy *p, const struct er_rule_value *values, size_t nvalues,
                          struct er_buf *reasons, char *err);

/* Like er_alert_policy_level for an entity now at level HELD: lines at or below HELD are
 * evaluated with er_rule_cond_eval_band and BAND (per bound slot, may be NULL), so a level the
 * entity holds is kept until its values pass the thresholds by the band. */
int er_alert_policy_level_held(const struct er_alert_policy *p, const struct er_rule_value *values, size_t nvalues,
                               int held, const double *band, struct er_buf *reasons, char *err);

/* Frees P (may be NULL). */
void er_alert_policy_free(struct er_alert_policy *p);

#endif
