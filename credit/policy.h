/* policy: the tunable numbers of credit grading and repayment capacity (er-profile, er-decide).
 *
 * A policy file is plain text, one "key = value" per line; '#' starts a comment, blank lines
 * are skipped, lists are comma-separated, keys not given keep their defaults. The defaults
 * follow the second patent (S3, S4: three attributes of 3 points each, 9 in all, four grades)
 * and the 55 % debt-to-income anchor. er_policy_write prints a complete file that
 * er_policy_load reads back to the same policy. */
#ifndef ER_POLICY_H
#define ER_POLICY_H

#include <stdio.h>

/* Points are 3, 2, 1 or 0 per attribute; a band array holds the lower bounds of 3, 2 and 1. */
#define ER_POLICY_BANDS 3

/* Room for a list of rule names (check_reject_rules, check_manual_rules), kept as written
 * without spaces: "name,name". */
#define ER_POLICY_RULES_LEN 512

/* How er-decide uses the model grade of --scores (score_grade_use). */
enum er_policy_grade_use {
	ER_GRADE_USE_NONE = 0,
	ER_GRADE_USE_TRUST = 1,
	ER_GRADE_USE_FLOOR = 2,
	ER_GRADE_USE_BOTH = 3
};

struct er_policy {
	double dti_cap;                      /* share of income that debt service may take */
	int priority_points[4];              /* points of priority level 1..4 */
	int priority_unknown_points;         /* points when the priority level is unknown */
	double repay_bands[ER_POLICY_BANDS]; /* capacity / payment ratio for 3, 2, 1 points */
	double trust_bands[ER_POLICY_BANDS]; /* completed share for 3, 2, 1 points */
	int trust_no_history_points;         /* points when nothing was ever repaid or missed */
	int grade_min_points[3];             /* lowest total of grade A, B and C (else D) */
	int long_arrears_days;               /* days late that make an arrear long-term (A3) */
	double kwh_per_10k_revenue;          /* enterprises: kWh used per 10,000 yuan of revenue */
	double revenue_ratio_cap;            /* enterprises: declared income capped at this
	                                           multiple of the electricity-implied revenue */
	double cash_margin;                  /* enterprises: cash flow as a share of revenue */
	/* er-decide's signals; actions are enum er_decide_action (none, manual, reject) */
	char check_reject_rules[ER_POLICY_RULES_LEN]; /* hit rules that reject */
	char check_manual_rules[ER_POLICY_RULES_LEN]; /* hit rules that send to manual review */
	int check_fail_action, check_warn_action;     /* any hit of severity fail / warn */
	int alert_action[3];                          /* er-alert level yellow, orange, red */
	int score_grade_use;                          /* enum er_policy_grade_use */
	int score_grade_points[4];                    /* trust points at most these for model grade A..D */
	int score_floor;                              /* a model grade worse than this acts (enum er_grade_index) */
	int score_floor_action;                       /* ... so */
	double score_max_pd;                          /* a pd above this acts as a grade below the floor */
	double identity_name_min;                     /* info.name_similarity below this: S2-name */
	double identity_uscc_min;                     /* info.uscc_match below this: S2-uscc */
	int identity_action;                          /* each failed registered-data comparison */
	int missing_checks_action;                    /* applicant absent from the er-verify --summary rows */
	int missing_scores_action;                    /* ... from the er-score rows */
	int missing_identity_action;                  /* ... from the er-features rows */
};

/* "none", "manual" or "reject". */
const char *er_policy_action_name(int action);

/* 1 when rule NAME[0..LEN-1] is in the comma-separated LIST. */
int er_policy_rule_listed(const char *list, const char *name, size_t len);

/* Fills P with the defaults. Can't fail. */
void er_policy_init(struct er_policy *p);

/* Sets KEY to VALUE (text of one line's right side). Returns 0, or -1 with the reason in
 * ERR (ER_ERRLEN bytes) for an unknown key or a bad value; P is unchanged on error. */
int er_policy_set(struct er_policy *p, const char *key, const char *value, char *err);

/* Checks that the bands are ordered and every number is in range. Returns 0, or -1 with
 * the first problem in ERR. */
int er_policy_check(const struct er_policy *p, char *err);

/* Reads the policy file PATH over P (keys not given keep their value) and checks it.
 * Returns 0, ER_EIO when PATH cannot be read, or ER_EDATA for a bad line (ERR names
 * the file and line); P may be partly updated on error. */
int er_policy_load(struct er_policy *p, const char *path, char *err);

/* Writes P as a complete, commented policy file to F. Returns 0 or -1 on a write error. */
int er_policy_write(const struct er_policy *p, FILE *f);

/* Writes P to standard output and flushes it (--print-policy). Returns 0, or ER_EIO
 * with the reason in ERR. */
int er_policy_print(const struct er_policy *p, char *err);

#endif
