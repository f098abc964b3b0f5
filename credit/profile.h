/* profile: a subject's profile for credit grading (second patent, S2 and S3): identity
 * check, the attributes that the strongly relevant tags feed, and the monthly repayment
 * capacity.
 *
 * Attributes are monthly money amounts (income, spend, flow, debt_service), the priority
 * level 1..4, and counts of repayments completed and not completed. NaN means unknown.
 * Capacity (S3), with dti_cap from the policy, unknown spend and debt_service counting 0:
 *   max = max(0, min(income - spend, income * dti_cap) - debt_service)
 *   min = max(0, min(flow - debt_service, max))
 * An unknown income leaves both unknown; an unknown flow leaves min unknown. */
#ifndef ER_PROFILE_H
#define ER_PROFILE_H

#include <stddef.h>

#include "lib/date.h"
#include "credit/policy.h"

enum er_profile_attr {
	ER_ATTR_INCOME = 0,
	ER_ATTR_SPEND,
	ER_ATTR_FLOW,
	ER_ATTR_DEBT_SERVICE,
	ER_ATTR_PRIORITY_LEVEL,
	ER_ATTR_COMPLETED,
	ER_ATTR_UNCOMPLETED,
	ER_ATTR_COUNT
};

/* Room for a problems list; longer lists end with "...". */
#define ER_PROFILE_PROBLEMLEN 480

/* The attribute's scenario name: "income", "spend", "flow", "debt_service",
 * "priority_level", "completed", "uncompleted". */
const char *er_profile_attr_name(int attr);

/* The attribute called NAME: a scenario name above or an output column name
 * ("monthly_income", "monthly_spend", "monthly_flow"); -1 when none. */
int er_profile_attr_parse(const char *name);

/* Checks VALUE[0..LEN-1] for attribute ATTR: a number >= 0, and for priority_level a whole
 * number 1..4. Returns 0 with *OUT set, or -1 with a short reason in WHY (ER_ERRLEN). */
int er_profile_attr_value(int attr, const char *value, size_t len, double *out, char *why);

/* Appends "; " and the formatted text to PROBLEMS (ER_PROFILE_PROBLEMLEN bytes). */
void er_profile_problem(char *problems, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* S3: the maximum and minimum monthly repayment capacity of ATTR (NaN when unknown). */
void er_profile_capacity(const struct er_policy *p, const double attr[ER_ATTR_COUNT], double *max_capacity,
                         double *min_capacity);

/* S2: checks an ID number (resident ID or unified social credit code, told apart by
 * which one passes) and a phone (required for a person, checked when present for an
 * enterprise), each problem appended to PROBLEMS. Returns 1 when both pass, else 0. */
int er_profile_identity(const char *id, size_t idlen, const char *phone, size_t phonelen, er_day today, char *problems);

/* Copies subject id ID into BUF (SIZE bytes, truncated), masked with er_ident_mask when
 * MASK is set and ID is not a unified social credit code (an enterprise's public code;
 * any other id may name a person). */
void er_profile_shown_id(const char *id, size_t len, int mask, char *buf, size_t size);

/* What er-features says about an enterprise, NaN when its column is absent or empty. */
struct er_profile_features {
	double kwh_mean_12m;       /* usage.kwh_mean_12m */
	double months_covered_12m; /* usage.months_covered_12m */
	double late_count_12m;     /* pay.late_count_12m */
	double on_time_rate_12m;   /* pay.on_time_rate_12m */
	int grade;                 /* er-score grade 0 (A) .. 3 (D), -1 unknown */
};

/* Fills the unknown attributes of an enterprise from its indicators (see er-profile(1)):
 * income is the declared income (ATTR's) checked against the electricity-implied revenue
 * usage.kwh_mean_12m / kwh_per_10k_revenue * 10000 and capped at revenue_ratio_cap times
 * it; spend = income * (1 - cash_margin); flow = implied revenue * cash_margin; completed
 * and uncompleted from the bills paid on time and late; priority level from the grade.
 * Findings go to PROBLEMS. Can't fail. */
void er_profile_from_features(const struct er_policy *p, const struct er_profile_features *f,
                              double attr[ER_ATTR_COUNT], char *problems);

/* V rounded to cents (NaN and amounts of 1e15 or more as they are). Can't fail. */
double er_profile_cents(double v);

#endif
