/* decide: the credit grade and the application decision flow of the second patent
 * (基于AI的业务风险控制方法, steps S4-S10 and the proxy rules A1-A5), as pure functions
 * of already-parsed records, so every branch can be tested without files.
 *
 * Points (S4): priority level, repayment and trust give 3, 2, 1 or 0 points each by the
 * bands of the policy; the total gives grade A (best) .. D. S5 rejects a grade worse than
 * the product's minimum. S6-S10 look at the subject's loans on other platforms (the shared
 * registry) and give a priority class: 1 (nothing elsewhere, S7), 2 (applying where the
 * standard is stricter than the subject's grade, S82), 3 (capacity covers this product's
 * minimum repayment plus the other repayments, S84/S10) or backup (it does not: manual review).
 * Several loans: repayments add up and the worst class decides. The credit limit is the
 * smaller of the product's maximum and what the usable monthly capacity repays over the
 * term (for class 3 and backup, the capacity left after the other platforms' repayments). */
#ifndef ER_DECIDE_H
#define ER_DECIDE_H

#include <stddef.h>

#include "credit/policy.h"
#include "model/grade.h"

/* Priority classes; a larger number is a worse class. */
enum er_decide_class {
	ER_CLASS_NONE = 0, /* rejected before classification */
	ER_CLASS_1 = 1,
	ER_CLASS_2,
	ER_CLASS_3,
	ER_CLASS_BACKUP,          /* manual review */
	ER_CLASS_SECONDARY_BACKUP /* proxy application sent to manual review (A4) */
};

enum er_decide_decision { ER_DECISION_ACCEPT = 0, ER_DECISION_REJECT, ER_DECISION_MANUAL, ER_DECISION_ERROR };

/* The same numbers as enum er_registry_state. A defaulted loan anywhere is a hard reject
 * (reason "defaulted"): platforms learn of each other's defaulters. */
enum er_decide_loan_status { ER_LOAN_APPLYING = 1, ER_LOAN_ACTIVE, ER_LOAN_CLOSED, ER_LOAN_DEFAULTED };

enum er_decide_review { ER_REVIEW_NONE = 0, ER_REVIEW_APPROVE, ER_REVIEW_REJECT };

/* What the A3 check found in the loan records between applicant and beneficiary: none
 * uploaded (ER_ARREARS_NO_RECORDS: A3 cannot be judged, manual review "A3-unknown"),
 * records without a long arrear, a long arrear, or an unusable record (an error). */
enum er_decide_arrears {
	ER_ARREARS_NONE = 0,
	ER_ARREARS_FOUND = 1,
	ER_ARREARS_NO_RECORDS = 2,
	ER_ARREARS_UNKNOWN = -1
};

/* What a signal from outside the flow does to an application (policy keys *_action). */
enum er_decide_action { ER_ACTION_NONE = 0, ER_ACTION_MANUAL, ER_ACTION_REJECT };

/* A subject's profile as er-decide needs it (er-profile output). */
struct er_decide_subject {
	int priority_level;  /* 1..4; 0 unknown */
	double max_capacity; /* monthly, >= 0 */
	double completed;    /* repayments made on time, >= 0 */
	double uncompleted;  /* repayments missed or late, >= 0 */
	int identity_ok;     /* 1 passed, 0 failed, -1 not known */
	double min_capacity; /* monthly minimum repayment capacity (S3); NaN not known */
};

/* An amount tier of a product ([0029] 借贷额度等级划分): the amount and the monthly
 * repayments (minimum and maximum standard) that go with it. */
struct er_decide_tier {
	double amount;        /* > 0 */
	double min_repayment; /* >= 0 */
	double max_repayment; /* >= min_repayment */
};

#define ER_DECIDE_MAX_TIERS 16

struct er_decide_product {
	int min_grade;                /* enum er_grade_index */
	double min_monthly_repayment; /* >= 0 */
	double max_amount;            /* > 0 */
	double annual_rate;           /* a fraction, 0.06 for 6 % */
	int term_months;              /* >= 1 */
	size_t ntiers;                /* 0: the limit is what the capacity repays, up to max_amount */
	struct er_decide_tier tiers[ER_DECIDE_MAX_TIERS]; /* by amount, smallest first */
};

/* One registry record: a loan of the subject on another platform. */
struct er_decide_loan {
	int status;               /* enum er_decide_loan_status */
	int platform_grade;       /* the platform's standard (applying), -1 unknown */
	double monthly_repayment; /* applying: the platform's maximum monthly requirement */
};

/* What is known of a party from outside the profile: er-verify --summary, er-alert and
 * er-score rows, and the registered-data comparisons of er-features (S2 of an enterprise).
 * A side not given to er-decide is ER_SIGNAL_NOT_ASKED; an id absent from a side given is
 * ER_SIGNAL_MISSING. */
enum { ER_SIGNAL_NOT_ASKED = -1, ER_SIGNAL_MISSING = 0, ER_SIGNAL_FOUND = 1 };

struct er_decide_signals {
	int checks;        /* er-verify --summary row */
	int fails, warns;  /* hits of severity fail and warn */
	const char *rules; /* the rules that hit, separated by spaces; "" none */
	int alerted;       /* er-alert row (missing: no alert) */
	int alert_level;   /* enum er_alert_level */
	int scored;        /* er-score row */
	int model_grade;   /* enum er_grade_index */
	double pd;         /* probability of default */
	int identity;      /* er-features row */
	/* info.uscc_match, info.name_similarity, info.legal_rep_match, info.phone_match,
	 * info.address_match; NaN not compared */
	double uscc_match, name_similarity, legal_rep_match, phone_match, address_match;
};

/* One party of an application: its profile, its registry records and its signals. */
struct er_decide_party {
	const struct er_decide_subject *subject;
	const struct er_decide_loan *loans;
	size_t nloans;
	const struct er_decide_signals *signals; /* NULL: none given */
};

struct er_decide_points {
	int priority, repay, trust; /* 0..3 each */
	int total;                  /* 0..9 */
	int grade;                  /* enum er_grade_index */
	double repay_ratio;         /* max_capacity / monthly payment; NaN when not computable */
};

/* Where S6-S10 put a party. */
struct er_decide_standing {
	int cls;                /* ER_CLASS_1 .. ER_CLASS_BACKUP */
	const char *rule;       /* "S7", "S82", "S84" or "S10": the rule of the worst loan */
	double other_repayment; /* sum of the monthly repayments elsewhere */
	double usable_capacity; /* capacity the limit is built on */
	unsigned fired;         /* ER_DECIDE_FIRED_* of every loan, for the reasons */
};

#define ER_DECIDE_FIRED_S82 1u
#define ER_DECIDE_FIRED_S84 2u
#define ER_DECIDE_FIRED_S10 4u

#define ER_DECIDE_REASONLEN 256

struct er_decide_result {
	int decision;                                    /* enum er_decide_decision */
	int cls;                                         /* enum er_decide_class */
	int grade;                                       /* the grade shown; for proxies the worse party's */
	int points;                                      /* its total */
	int points_priority, points_repay, points_trust; /* the total's parts */
	double credit_limit;                             /* NaN when not accepted */
	double monthly_cap;                              /* usable monthly capacity behind the limit; NaN when none */
	char reasons[ER_DECIDE_REASONLEN];               /* ';'-separated rules, the deciding one first */
};

/* The fields of a product after its name, in the products table's column order. */
enum er_decide_product_field {
	ER_PRODUCT_MIN_GRADE = 0,
	ER_PRODUCT_MIN_MONTHLY_REPAYMENT,
	ER_PRODUCT_MAX_AMOUNT,
	ER_PRODUCT_ANNUAL_RATE,
	ER_PRODUCT_TERM_MONTHS,
	ER_PRODUCT_FIELDS
};

/* The column name of product field F ("min_grade", ...). */
const char *er_decide_product_field_name(int f);

/* Parses product field F from S[0..LEN-1] into P: min_grade A..D, min_monthly_repayment
 * >= 0, max_amount > 0, annual_rate a fraction in [0, 1), term_months a whole number
 * 1..1200. Returns 0, or -1 with *WHY a short reason ("not A, B, C or D", ...). */
int er_decide_product_field(int f, const char *s, size_t len, struct er_decide_product *p, const char **why);

/* "1", "2", "3", "backup", "secondary-backup", or "" for ER_CLASS_NONE. */
const char *er_decide_class_name(int cls);

/* "accept", "reject", "manual" or "error". */
const char *er_decide_decision_name(int decision);

/* The equal-instalment monthly payment of AMOUNT over TERM months at ANNUAL_RATE / 12
 * (rate 0: AMOUNT / TERM); NaN when TERM < 1. */
double er_decide_monthly_payment(double amount, double annual_rate, int term);

/* The amount that PAYMENT a month repays over TERM months at ANNUAL_RATE / 12 (the
 * inverse of er_decide_monthly_payment); 0 for PAYMENT <= 0, NaN when TERM < 1. */
double er_decide_affordable_amount(double payment, double annual_rate, int term);

/* Points of priority LEVEL (1..4; anything else is unknown). */
int er_decide_points_priority(const struct er_policy *p, int level);

/* Points of the repayment ratio R (NaN gives 0). */
int er_decide_points_repay(const struct er_policy *p, double r);

/* Points of the trust share completed / (completed + uncompleted); no history gives
 * the policy's trust_no_history_points. */
int er_decide_points_trust(const struct er_policy *p, double completed, double uncompleted);

/* The grade of TOTAL points. */
int er_decide_grade_of_points(const struct er_policy *p, int total);

/* S4: the points and grade of subject S asking for AMOUNT of product PR. */
void er_decide_score(const struct er_policy *p, const struct er_decide_subject *s, const struct er_decide_product *pr,
                     double amount, struct er_decide_points *out);

/* The signals' verdict on a party: the worst action of the policy for what SIG says
 * (enum er_decide_action), each signal that acts appended to REASONS (LEN bytes,
 * ';'-separated) with SUFFIX (":beneficiary", or ""). SIG NULL gives ER_ACTION_NONE. */
int er_decide_signal_action(const struct er_policy *p, const struct er_decide_signals *sig, const char *suffix,
                            char *reasons, size_t len);

/* The highest amount of PR's tiers that USABLE (maximum) and USABLE_MIN (minimum capacity,
 * NaN: USABLE stands for it) monthly capacities support: a tier's maximum repayment at most
 * USABLE and its minimum at most USABLE_MIN. 0 when none does; NaN when PR has no tiers. */
double er_decide_tier_amount(const struct er_decide_product *pr, double usable, double usable_min);

/* S6-S10: the class of a party of grade GRADE for product PR. */
void er_decide_classify(const struct er_decide_party *party, int grade, const struct er_decide_product *pr,
                        struct er_decide_standing *out);

/* The whole flow for one applicant applying for themselves: S2 (identity), then a
 * defaulted loan in the registry (reason "defaulted"), the signals (a reject action
 * rejects here), S5, S6-S10; a manual action of the signals turns an accept into manual.
 * REVIEW settles a manual decision (approve: accept with the limit from the usable
 * capacity; reject: reject). With tiers the limit is the highest tier the usable capacity
 * supports (none: reject, reason "no-tier"). */
void er_decide_single(const struct er_policy *p, const struct er_decide_product *pr, double amount,
                      const struct er_decide_party *applicant, int review, struct er_decide_result *out);

/* The flow for a proxy application (代办): both parties graded and classified, then A1-A5;
 * S2 and a defaulted loan of either party ("defaulted:applicant", ":beneficiary") reject first.
 * ARREARS is what the records between the two show (used only in A3; ER_ARREARS_UNKNOWN
 * there gives ER_DECISION_ERROR, ER_ARREARS_NO_RECORDS manual with "A3-unknown"). REVIEW
 * is the manual review's result for A5. The signals of both parties act as in
 * er_decide_single, the beneficiary's reasons suffixed ":beneficiary". */
void er_decide_proxy(const struct er_policy *p, const struct er_decide_product *pr, double amount,
                     const struct er_decide_party *applicant, const struct er_decide_party *beneficiary, int arrears,
                     int review, struct er_decide_result *out);

#endif
