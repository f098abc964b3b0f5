/* Unit tests for credit/decide.c: one table row per branch of the decision flow
 * (S2, S5, S7, S82, S84 both ways, S10 both ways, several registry records, A1-A5),
 * the boundaries of every points band, and the instalment arithmetic. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "credit/decide.h"
#include "lib/err.h"
#include "credit/policy.h"

/* Product used by the table: grade B or better, 500 a month at least, rate 0 over
 * 10 months so the numbers stay readable (10000 asked means 1000 a month). */
static const struct er_decide_product product = {ER_GRADE_B, 500, 100000, 0, 10, 0, {{0, 0, 0}}};

/* 9 points, grade A: level 1, capacity 3 times the payment, trust 20/20. */
static const struct er_decide_subject strong = {1, 3000, 20, 0, 1, NAN};
/* 6 points, grade B: level 2 (2), capacity twice the payment (3), no history (1). */
static const struct er_decide_subject middling = {2, 2000, 0, 0, 1, NAN};
/* 0 points, grade D. */
static const struct er_decide_subject weak = {4, 500, 1, 9, 1, NAN};
/* Grade A but the identity check failed. */
static const struct er_decide_subject unverified = {1, 3000, 20, 0, 0, NAN};

#define L_APPLY(grade, pay) \
	{ \
		ER_LOAN_APPLYING, grade, pay \
	}
#define L_ACTIVE(pay) \
	{ \
		ER_LOAN_ACTIVE, -1, pay \
	}
#define L_CLOSED \
	{ \
		ER_LOAN_CLOSED, -1, 0 \
	}
#define MAXL 3

struct side {
	const struct er_decide_subject *s;
	struct er_decide_loan loans[MAXL];
	size_t n;
};

struct dcase {
	const char *name;
	int proxy;
	struct side a, b;
	int arrears, review;
	int decision, cls, grade, points;
	double limit, cap; /* NaN: none */
	const char *reasons;
};

#define NONE NAN

static const struct dcase cases[] = {
	{"S2 identity failed",
         0,
         {&unverified, {{0}}, 0},
         {0},
         0,
         0,
         ER_DECISION_REJECT,
         ER_CLASS_NONE,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "S2"},
	{"S5 grade below the product",
         0,
         {&weak, {{0}}, 0},
         {0},
         0,
         0,
         ER_DECISION_REJECT,
         ER_CLASS_NONE,
         ER_GRADE_D,
         0,
         NONE,
         NONE,
         "S5"},
	{"S7 nothing elsewhere",
         0,
         {&strong, {{0}}, 0},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_1,
         ER_GRADE_A,
         9,
         30000,
         3000,
         "S7"},
	{"S7 only closed loans",
         0,
         {&strong, {L_CLOSED, L_CLOSED}, 2},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_1,
         ER_GRADE_A,
         9,
         30000,
         3000,
         "S7"},
	{"S82 stricter platform",
         0,
         {&middling, {L_APPLY(ER_GRADE_A, 900)}, 1},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_2,
         ER_GRADE_B,
         6,
         20000,
         2000,
         "S82"},
	{"S84 capacity covers",
         0,
         {&strong, {L_APPLY(ER_GRADE_A, 1000)}, 1},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_3,
         ER_GRADE_A,
         9,
         20000,
         2000,
         "S84"},
	{"S84 capacity short",
         0,
         {&strong, {L_APPLY(ER_GRADE_B, 2600)}, 1},
         {0},
         0,
         0,
         ER_DECISION_MANUAL,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "S84"},
	{"S84 short, review approves",
         0,
         {&strong, {L_APPLY(ER_GRADE_B, 2600)}, 1},
         {0},
         0,
         ER_REVIEW_APPROVE,
         ER_DECISION_ACCEPT,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         4000,
         400,
         "S84;review"},
	{"S84 short, review rejects",
         0,
         {&strong, {L_APPLY(ER_GRADE_B, 2600)}, 1},
         {0},
         0,
         ER_REVIEW_REJECT,
         ER_DECISION_REJECT,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "S84;review"},
	{"S10 capacity covers exactly",
         0,
         {&strong, {L_ACTIVE(2500)}, 1},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_3,
         ER_GRADE_A,
         9,
         5000,
         500,
         "S10"},
	{"S10 capacity short by 1",
         0,
         {&strong, {L_ACTIVE(2501)}, 1},
         {0},
         0,
         0,
         ER_DECISION_MANUAL,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "S10"},
	{"several: S82 and S10, worst decides",
         0,
         {&middling, {L_APPLY(ER_GRADE_A, 300), L_ACTIVE(1000)}, 2},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_3,
         ER_GRADE_B,
         6,
         7000,
         700,
         "S10;S82"},
	{"several: each fits alone, the sum does not",
         0,
         {&strong, {L_ACTIVE(1500), L_ACTIVE(1100), L_CLOSED}, 3},
         {0},
         0,
         0,
         ER_DECISION_MANUAL,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "S10"},
	{"several: applying and active add up",
         0,
         {&strong, {L_APPLY(ER_GRADE_C, 1200), L_ACTIVE(1200)}, 2},
         {0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_3,
         ER_GRADE_A,
         9,
         6000,
         600,
         "S84;S10"},
	{"A1 classes 1 and 1, limit from beneficiary",
         1,
         {&strong, {{0}}, 0},
         {&middling, {{0}}, 0},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_1,
         ER_GRADE_B,
         6,
         20000,
         2000,
         "A1"},
	{"A1 classes 1 and 3",
         1,
         {&middling, {{0}}, 0},
         {&strong, {L_ACTIVE(1000)}, 1},
         0,
         0,
         ER_DECISION_ACCEPT,
         ER_CLASS_3,
         ER_GRADE_B,
         6,
         20000,
         2000,
         "A1"},
	{"proxy S5 beneficiary",
         1,
         {&strong, {{0}}, 0},
         {&weak, {{0}}, 0},
         0,
         0,
         ER_DECISION_REJECT,
         ER_CLASS_NONE,
         ER_GRADE_D,
         0,
         NONE,
         NONE,
         "S5:beneficiary"},
	{"proxy S5 both",
         1,
         {&weak, {{0}}, 0},
         {&weak, {{0}}, 0},
         0,
         0,
         ER_DECISION_REJECT,
         ER_CLASS_NONE,
         ER_GRADE_D,
         0,
         NONE,
         NONE,
         "S5:applicant;S5:beneficiary"},
	{"proxy S2 applicant",
         1,
         {&unverified, {{0}}, 0},
         {&strong, {{0}}, 0},
         0,
         0,
         ER_DECISION_REJECT,
         ER_CLASS_NONE,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "S2:applicant"},
	{"A2 both backup",
         1,
         {&strong, {L_ACTIVE(2900)}, 1},
         {&strong, {L_APPLY(ER_GRADE_D, 2700)}, 1},
         0,
         0,
         ER_DECISION_REJECT,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "A2"},
	{"A3 one backup, long arrears",
         1,
         {&strong, {L_ACTIVE(2900)}, 1},
         {&middling, {{0}}, 0},
         ER_ARREARS_FOUND,
         ER_REVIEW_APPROVE,
         ER_DECISION_REJECT,
         ER_CLASS_BACKUP,
         ER_GRADE_B,
         6,
         NONE,
         NONE,
         "A3"},
	{"A4 one backup, no arrears",
         1,
         {&middling, {{0}}, 0},
         {&strong, {L_ACTIVE(2900)}, 1},
         ER_ARREARS_NONE,
         0,
         ER_DECISION_MANUAL,
         ER_CLASS_SECONDARY_BACKUP,
         ER_GRADE_B,
         6,
         NONE,
         NONE,
         "A4"},
	{"A5 review approves, lower capacity",
         1,
         {&middling, {{0}}, 0},
         {&strong, {L_ACTIVE(2900)}, 1},
         ER_ARREARS_NONE,
         ER_REVIEW_APPROVE,
         ER_DECISION_ACCEPT,
         ER_CLASS_SECONDARY_BACKUP,
         ER_GRADE_B,
         6,
         1000,
         100,
         "A5"},
	{"A5 review rejects",
         1,
         {&middling, {{0}}, 0},
         {&strong, {L_ACTIVE(2900)}, 1},
         ER_ARREARS_NONE,
         ER_REVIEW_REJECT,
         ER_DECISION_REJECT,
         ER_CLASS_SECONDARY_BACKUP,
         ER_GRADE_B,
         6,
         NONE,
         NONE,
         "A5"},
	{"A3 no records uploaded",
         1,
         {&strong, {{0}}, 0},
         {&strong, {L_APPLY(ER_GRADE_B, 2600)}, 1},
         ER_ARREARS_NO_RECORDS,
         ER_REVIEW_APPROVE,
         ER_DECISION_MANUAL,
         ER_CLASS_BACKUP,
         ER_GRADE_A,
         9,
         NONE,
         NONE,
         "A3-unknown"},
	{"A3 relations unusable",
         1,
         {&middling, {{0}}, 0},
         {&strong, {L_ACTIVE(2900)}, 1},
         ER_ARREARS_UNKNOWN,
         0,
         ER_DECISION_ERROR,
         ER_CLASS_BACKUP,
         ER_GRADE_B,
         6,
         NONE,
         NONE,
         "A3"},
};

static void
assert_money(const char *name, double want, double got)
{
	if (isnan(want)) {
		if (!isnan(got))
			fail_msg("%s: expected no amount, got %.17g", name, got);
		return;
	}
	if (!(fabs(want - got) < 1e-6))
		fail_msg("%s: expected %.17g, got %.17g", name, want, got);
}

static void
test_decision_table(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		const struct dcase *c = &cases[i];
		struct er_decide_party pa = {c->a.s, c->a.loans, c->a.n, NULL};
		struct er_decide_party pb = {c->b.s, c->b.loans, c->b.n, NULL};
		struct er_decide_result r;
		if (c->proxy)
			er_decide_proxy(&p, &product, 10000, &pa, &pb, c->arrears, c->review, &r);
		else
			er_decide_single(&p, &product, 10000, &pa, c->review, &r);
		if (r.decision != c->decision || r.cls != c->cls || r.grade != c->grade || r.points != c->points ||
		    strcmp(r.reasons, c->reasons) != 0)
			fail_msg("%s: got %s/%s/%c/%d/%s, want %s/%s/%c/%d/%s", c->name,
			         er_decide_decision_name(r.decision), er_decide_class_name(r.cls),
			         er_grade_char(r.grade), r.points, r.reasons, er_decide_decision_name(c->decision),
			         er_decide_class_name(c->cls), er_grade_char(c->grade), c->points, c->reasons);
		assert_money(c->name, c->limit, r.credit_limit);
		assert_money(c->name, c->cap, r.monthly_cap);
	}
}

/* The limit is the product maximum when the capacity would repay more. */
static void
test_limit_capped_by_product(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	struct er_decide_product small = {ER_GRADE_B, 500, 12000, 0, 10, 0, {{0, 0, 0}}};
	struct er_decide_party pa = {&strong, NULL, 0, NULL};
	struct er_decide_result r;
	er_decide_single(&p, &small, 10000, &pa, 0, &r);
	assert_int_equal(r.decision, ER_DECISION_ACCEPT);
	assert_money("cap", 12000, r.credit_limit);
	assert_money("cap", 3000, r.monthly_cap);
}

/* With interest the limit is what the capacity repays, rounded down to the cent. */
static void
test_limit_with_interest(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	struct er_decide_product pr = {ER_GRADE_C, 0, 1e9, 0.12, 12, 0, {{0, 0, 0}}};
	struct er_decide_subject s = {1, 4500, 19, 1, 1, NAN};
	struct er_decide_party pa = {&s, NULL, 0, NULL};
	struct er_decide_result r;
	er_decide_single(&p, &pr, 20000, &pa, 0, &r);
	assert_money("interest", 50647.84, r.credit_limit);
	double pay = er_decide_monthly_payment(r.credit_limit, 0.12, 12);
	assert_true(pay <= 4500);
}

static void
test_monthly_payment(void **state)
{
	/* 10000 at 12 % a year over 12 months: 888.49 (standard annuity table). */
	assert_true(fabs(er_decide_monthly_payment(10000, 0.12, 12) - 888.4878867834) < 1e-6);
	assert_true(er_decide_monthly_payment(12000, 0, 12) == 1000);
	assert_true(isnan(er_decide_monthly_payment(1000, 0.1, 0)));
	double a = er_decide_affordable_amount(er_decide_monthly_payment(54321, 0.0735, 36), 0.0735, 36);
	assert_true(fabs(a - 54321) < 1e-6);
	assert_true(er_decide_affordable_amount(100, 0, 24) == 2400);
	assert_true(er_decide_affordable_amount(-5, 0.1, 24) == 0);
}

static void
test_priority_points(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	assert_int_equal(er_decide_points_priority(&p, 1), 3);
	assert_int_equal(er_decide_points_priority(&p, 2), 2);
	assert_int_equal(er_decide_points_priority(&p, 3), 1);
	assert_int_equal(er_decide_points_priority(&p, 4), 0);
	assert_int_equal(er_decide_points_priority(&p, 0), 0);
	assert_int_equal(er_decide_points_priority(&p, 5), 0);
}

static void
test_repay_bands(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	assert_int_equal(er_decide_points_repay(&p, 100), 3);
	assert_int_equal(er_decide_points_repay(&p, 2), 3);
	assert_int_equal(er_decide_points_repay(&p, nextafter(2, 0)), 2);
	assert_int_equal(er_decide_points_repay(&p, 1.5), 2);
	assert_int_equal(er_decide_points_repay(&p, nextafter(1.5, 0)), 1);
	assert_int_equal(er_decide_points_repay(&p, 1), 1);
	assert_int_equal(er_decide_points_repay(&p, nextafter(1, 0)), 0);
	assert_int_equal(er_decide_points_repay(&p, 0), 0);
	assert_int_equal(er_decide_points_repay(&p, NAN), 0);
}

static void
test_trust_bands(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	assert_int_equal(er_decide_points_trust(&p, 20, 0), 3);
	assert_int_equal(er_decide_points_trust(&p, 19, 1), 3);       /* 0.95 */
	assert_int_equal(er_decide_points_trust(&p, 94999, 5001), 2); /* 0.94999 */
	assert_int_equal(er_decide_points_trust(&p, 17, 3), 2);       /* 0.85 */
	assert_int_equal(er_decide_points_trust(&p, 84999, 15001), 1);
	assert_int_equal(er_decide_points_trust(&p, 7, 3), 1); /* 0.7 */
	assert_int_equal(er_decide_points_trust(&p, 69999, 30001), 0);
	assert_int_equal(er_decide_points_trust(&p, 0, 4), 0);
	assert_int_equal(er_decide_points_trust(&p, 0, 0), 1); /* no history */
}

static void
test_grade_bands(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	static const int want[10] = {ER_GRADE_D, ER_GRADE_D, ER_GRADE_D, ER_GRADE_D, ER_GRADE_C,
	                             ER_GRADE_C, ER_GRADE_B, ER_GRADE_B, ER_GRADE_A, ER_GRADE_A};
	for (int total = 0; total <= 9; total++)
		assert_int_equal(er_decide_grade_of_points(&p, total), want[total]);
}

/* The repayment ratio through er_decide_score: capacity against a real payment. */
static void
test_score_repay_boundary(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	struct er_decide_subject s = {3, 2000, 0, 0, 1, NAN};
	struct er_decide_points pts;
	er_decide_score(&p, &s, &product, 10000, &pts); /* r = 2000 / 1000 */
	assert_int_equal(pts.repay, 3);
	assert_int_equal(pts.priority, 1);
	assert_int_equal(pts.trust, 1);
	assert_int_equal(pts.total, 5);
	assert_int_equal(pts.grade, ER_GRADE_C);
	s.max_capacity = 1999.99;
	er_decide_score(&p, &s, &product, 10000, &pts);
	assert_int_equal(pts.repay, 2);
	assert_int_equal(pts.grade, ER_GRADE_C);
	s.max_capacity = 999.99;
	er_decide_score(&p, &s, &product, 10000, &pts);
	assert_int_equal(pts.repay, 0);
	assert_int_equal(pts.grade, ER_GRADE_D);
}

/* A policy with other bands changes the grade: the numbers are not hard-wired. */
static void
test_policy_changes_points(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	assert_int_equal(er_policy_set(&p, "grade_min_points", "9, 7, 5", err), 0);
	assert_int_equal(er_decide_grade_of_points(&p, 8), ER_GRADE_B);
	assert_int_equal(er_policy_set(&p, "repay_bands", "3,2,1", err), 0);
	assert_int_equal(er_decide_points_repay(&p, 2.5), 2);
}

static void
test_names(void **state)
{
	assert_int_equal(er_grade_parse("b", 1), ER_GRADE_B);
	assert_int_equal(er_grade_parse("E", 1), -1);
	assert_int_equal(er_grade_parse("AA", 2), -1);
	assert_string_equal(er_decide_class_name(ER_CLASS_SECONDARY_BACKUP), "secondary-backup");
	assert_string_equal(er_decide_class_name(ER_CLASS_NONE), "");
	assert_string_equal(er_decide_decision_name(ER_DECISION_MANUAL), "manual");
	assert_int_equal(er_grade_char(7), '?');
}

/* Signals with nothing to say: every side given, the subject found, no hit. */
static struct er_decide_signals
quiet_signals(void)
{
	struct er_decide_signals g = {
		.checks = ER_SIGNAL_FOUND,
		.rules = "",
		.alerted = ER_SIGNAL_MISSING,
		.scored = ER_SIGNAL_FOUND,
		.model_grade = ER_GRADE_A,
		.pd = 0.01,
		.identity = ER_SIGNAL_FOUND,
		.uscc_match = 1,
		.name_similarity = 1,
		.legal_rep_match = 1,
		.phone_match = 1,
		.address_match = 1,
	};
	return g;
}

/* How a signal is changed from quiet_signals in one case of the table below. */
enum sig_change {
	SIG_NONE = 0,
	SIG_NOT_ASKED,
	SIG_FAIL_HIT,
	SIG_WARN_HIT,
	SIG_NAMED_REJECT,
	SIG_NAMED_MANUAL,
	SIG_ALERT_RED,
	SIG_ALERT_ORANGE,
	SIG_GRADE_C,
	SIG_GRADE_D,
	SIG_PD_HIGH,
	SIG_NO_CHECKS,
	SIG_NO_SCORE,
	SIG_NO_IDENTITY,
	SIG_USCC_ORG_ONLY,
	SIG_NAME_LOW,
	SIG_NAME_NAN,
	SIG_REP_DIFFERS,
	SIG_PHONE_DIFFERS,
	SIG_ADDRESS_DIFFERS
};

struct scase {
	const char *name;
	enum sig_change change;
	int review;
	int decision, points_trust;
	const char *reasons;
};

/* The strong applicant (grade A, S7, 9 points) with one signal each; the policy has
 * check_reject_rules = theft_flag and check_manual_rules = owner_change. */
static const struct scase signal_cases[] = {
	{"quiet", SIG_NONE, 0, ER_DECISION_ACCEPT, 3, "S7"},
	{"no side given", SIG_NOT_ASKED, 0, ER_DECISION_ACCEPT, 3, "S7"},
	{"fail hit: manual", SIG_FAIL_HIT, 0, ER_DECISION_MANUAL, 3, "check-fail;arrears_over_30d;S7"},
	{"fail hit, review approves", SIG_FAIL_HIT, ER_REVIEW_APPROVE, ER_DECISION_ACCEPT, 3,
         "check-fail;arrears_over_30d;S7;review"},
	{"fail hit, review rejects", SIG_FAIL_HIT, ER_REVIEW_REJECT, ER_DECISION_REJECT, 3,
         "check-fail;arrears_over_30d;S7;review"},
	{"warn hit: none by default", SIG_WARN_HIT, 0, ER_DECISION_ACCEPT, 3, "S7"},
	{"named rule rejects", SIG_NAMED_REJECT, 0, ER_DECISION_REJECT, 3, "theft_flag"},
	{"named rule to manual", SIG_NAMED_MANUAL, 0, ER_DECISION_MANUAL, 3, "owner_change;S7"},
	{"red alert", SIG_ALERT_RED, 0, ER_DECISION_MANUAL, 3, "alert-red;S7"},
	{"orange alert: none by default", SIG_ALERT_ORANGE, 0, ER_DECISION_ACCEPT, 3, "S7"},
	{"model grade C: trust 1, at the floor", SIG_GRADE_C, 0, ER_DECISION_ACCEPT, 1, "S7"},
	{"model grade D: trust 0, below the floor", SIG_GRADE_D, 0, ER_DECISION_MANUAL, 0, "model-grade-D;S7"},
	{"pd above score_max_pd", SIG_PD_HIGH, 0, ER_DECISION_MANUAL, 3, "model-pd;S7"},
	{"not in the checks", SIG_NO_CHECKS, 0, ER_DECISION_MANUAL, 3, "checks-missing;S7"},
	{"not in the scores", SIG_NO_SCORE, 0, ER_DECISION_MANUAL, 3, "score-missing;S7"},
	{"not in the identity rows", SIG_NO_IDENTITY, 0, ER_DECISION_MANUAL, 3, "identity-missing;S7"},
	{"only the organization code matches", SIG_USCC_ORG_ONLY, 0, ER_DECISION_MANUAL, 3, "S2-uscc;S7"},
	{"name similarity below the minimum", SIG_NAME_LOW, 0, ER_DECISION_MANUAL, 3, "S2-name;S7"},
	{"name not compared", SIG_NAME_NAN, 0, ER_DECISION_ACCEPT, 3, "S7"},
	{"legal representative differs", SIG_REP_DIFFERS, 0, ER_DECISION_MANUAL, 3, "S2-legal-rep;S7"},
	{"phone differs", SIG_PHONE_DIFFERS, 0, ER_DECISION_MANUAL, 3, "S2-phone;S7"},
	{"address differs", SIG_ADDRESS_DIFFERS, 0, ER_DECISION_MANUAL, 3, "S2-address;S7"},
};

static void
apply_change(struct er_decide_signals *g, enum sig_change c)
{
	switch (c) {
	case SIG_NONE: break;
	case SIG_NOT_ASKED: g->checks = g->alerted = g->scored = g->identity = ER_SIGNAL_NOT_ASKED; break;
	case SIG_FAIL_HIT:
		g->fails = 1;
		g->rules = "arrears_over_30d";
		break;
	case SIG_WARN_HIT:
		g->warns = 1;
		g->rules = "late_payments";
		break;
	case SIG_NAMED_REJECT:
		g->fails = 1;
		g->rules = "theft_flag";
		break;
	case SIG_NAMED_MANUAL:
		g->warns = 1;
		g->rules = "owner_change";
		break;
	case SIG_ALERT_RED:
		g->alerted = ER_SIGNAL_FOUND;
		g->alert_level = 3;
		break;
	case SIG_ALERT_ORANGE:
		g->alerted = ER_SIGNAL_FOUND;
		g->alert_level = 2;
		break;
	case SIG_GRADE_C: g->model_grade = ER_GRADE_C; break;
	case SIG_GRADE_D: g->model_grade = ER_GRADE_D; break;
	case SIG_PD_HIGH: g->pd = 0.9; break;
	case SIG_NO_CHECKS: g->checks = ER_SIGNAL_MISSING; break;
	case SIG_NO_SCORE: g->scored = ER_SIGNAL_MISSING; break;
	case SIG_NO_IDENTITY: g->identity = ER_SIGNAL_MISSING; break;
	case SIG_USCC_ORG_ONLY: g->uscc_match = 0.5; break;
	case SIG_NAME_LOW: g->name_similarity = 0.79; break;
	case SIG_NAME_NAN: g->name_similarity = NAN; break;
	case SIG_REP_DIFFERS: g->legal_rep_match = 0; break;
	case SIG_PHONE_DIFFERS: g->phone_match = 0; break;
	case SIG_ADDRESS_DIFFERS: g->address_match = 0; break;
	}
}

static void
test_signal_table(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	assert_int_equal(er_policy_set(&p, "check_reject_rules", "theft_flag", err), 0);
	assert_int_equal(er_policy_set(&p, "check_manual_rules", "owner_change", err), 0);
	assert_int_equal(er_policy_set(&p, "score_max_pd", "0.5", err), 0);
	for (size_t i = 0; i < sizeof signal_cases / sizeof signal_cases[0]; i++) {
		const struct scase *c = &signal_cases[i];
		struct er_decide_signals g = quiet_signals();
		apply_change(&g, c->change);
		struct er_decide_party pa = {&strong, NULL, 0, &g};
		struct er_decide_result r;
		er_decide_single(&p, &product, 10000, &pa, c->review, &r);
		if (r.decision != c->decision || r.points_trust != c->points_trust ||
		    strcmp(r.reasons, c->reasons) != 0)
			fail_msg("%s: got %s/%d/%s, want %s/%d/%s", c->name, er_decide_decision_name(r.decision),
			         r.points_trust, r.reasons, er_decide_decision_name(c->decision), c->points_trust,
			         c->reasons);
		if (r.decision != ER_DECISION_ACCEPT)
			assert_true(isnan(r.credit_limit));
		assert_int_equal(r.points, r.points_priority + r.points_repay + r.points_trust);
	}
}

/* A reject of the beneficiary's signals comes before the applicant's manual ones; the
 * policy's switches turn signals off. */
static void
test_signal_proxy_and_policy(void **state)
{
	struct er_policy p;
	char err[ER_ERRLEN];
	er_policy_init(&p);
	assert_int_equal(er_policy_set(&p, "check_reject_rules", "theft_flag", err), 0);
	struct er_decide_signals ga = quiet_signals(), gb = quiet_signals();
	apply_change(&ga, SIG_ALERT_RED);
	apply_change(&gb, SIG_NAMED_REJECT);
	struct er_decide_party pa = {&strong, NULL, 0, &ga}, pb = {&middling, NULL, 0, &gb};
	struct er_decide_result r;
	er_decide_proxy(&p, &product, 10000, &pa, &pb, ER_ARREARS_NONE, 0, &r);
	assert_int_equal(r.decision, ER_DECISION_REJECT);
	assert_string_equal(r.reasons, "theft_flag:beneficiary;alert-red");
	/* off: the same application accepted (A1) */
	assert_int_equal(er_policy_set(&p, "check_reject_rules", "", err), 0);
	assert_int_equal(er_policy_set(&p, "check_fail_action", "none", err), 0);
	assert_int_equal(er_policy_set(&p, "alert_red_action", "none", err), 0);
	er_decide_proxy(&p, &product, 10000, &pa, &pb, ER_ARREARS_NONE, 0, &r);
	assert_int_equal(r.decision, ER_DECISION_ACCEPT);
	assert_string_equal(r.reasons, "A1");
	/* the model grade as a floor only: trust points stay, the floor acts */
	struct er_decide_signals gd = quiet_signals();
	apply_change(&gd, SIG_GRADE_D);
	struct er_decide_party pd = {&strong, NULL, 0, &gd};
	assert_int_equal(er_policy_set(&p, "score_grade_use", "floor", err), 0);
	er_decide_single(&p, &product, 10000, &pd, 0, &r);
	assert_int_equal(r.points_trust, 3);
	assert_string_equal(r.reasons, "model-grade-D;S7");
	assert_int_equal(er_policy_set(&p, "score_grade_use", "trust", err), 0);
	er_decide_single(&p, &product, 10000, &pd, 0, &r);
	assert_int_equal(r.points_trust, 0);
	assert_int_equal(r.decision, ER_DECISION_ACCEPT);
	assert_int_equal(er_policy_set(&p, "score_floor", "none", err), 0);
	assert_int_equal(er_policy_set(&p, "score_grade_use", "both", err), 0);
	er_decide_single(&p, &product, 10000, &pd, 0, &r);
	assert_int_equal(r.decision, ER_DECISION_ACCEPT);
}

struct tcase {
	const char *name;
	double max_capacity, min_capacity; /* NaN: unknown */
	struct er_decide_loan loan;        /* status 0: none */
	int decision;
	double limit;
	const char *reasons;
};

/* Tiers 10000 (500..1100), 20000 (1000..2100), 50000 (2500..5200), product max 40000. */
static const struct tcase tier_cases[] = {
	{"top tier capped by max_amount", 6000, NAN, {0, -1, 0}, ER_DECISION_ACCEPT, 40000, "S7"},
	{"middle tier", 3000, NAN, {0, -1, 0}, ER_DECISION_ACCEPT, 20000, "S7"},
	{"max repayment exactly", 2100, NAN, {0, -1, 0}, ER_DECISION_ACCEPT, 20000, "S7"},
	{"below a tier's max repayment", 2099.99, NAN, {0, -1, 0}, ER_DECISION_ACCEPT, 10000, "S7"},
	{"minimum capacity limits", 6000, 900, {0, -1, 0}, ER_DECISION_ACCEPT, 10000, "S7"},
	{"minimum capacity below every tier", 6000, 400, {0, -1, 0}, ER_DECISION_REJECT, NAN, "no-tier;S7"},
	{"repayments elsewhere lower both", 6000, 4200, {ER_LOAN_ACTIVE, -1, 3500}, ER_DECISION_ACCEPT, 10000, "S10"},
};

static void
test_tier_table(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	struct er_decide_product pr = {
		ER_GRADE_D, 500, 40000, 0, 10, 3, {{10000, 500, 1100}, {20000, 1000, 2100}, {50000, 2500, 5200}}};
	for (size_t i = 0; i < sizeof tier_cases / sizeof tier_cases[0]; i++) {
		const struct tcase *c = &tier_cases[i];
		struct er_decide_subject s = {1, c->max_capacity, 20, 0, 1, c->min_capacity};
		struct er_decide_party pa = {&s, &c->loan, c->loan.status ? 1 : 0, NULL};
		struct er_decide_result r;
		er_decide_single(&p, &pr, 10000, &pa, 0, &r);
		if (r.decision != c->decision || strcmp(r.reasons, c->reasons) != 0)
			fail_msg("%s: got %s/%s, want %s/%s", c->name, er_decide_decision_name(r.decision), r.reasons,
			         er_decide_decision_name(c->decision), c->reasons);
		assert_money(c->name, c->limit, r.credit_limit);
	}
	/* no tiers: NaN, the limit comes from the capacity */
	pr.ntiers = 0;
	assert_true(isnan(er_decide_tier_amount(&pr, 3000, NAN)));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decision_table),
		cmocka_unit_test(test_limit_capped_by_product),
		cmocka_unit_test(test_limit_with_interest),
		cmocka_unit_test(test_monthly_payment),
		cmocka_unit_test(test_priority_points),
		cmocka_unit_test(test_repay_bands),
		cmocka_unit_test(test_trust_bands),
		cmocka_unit_test(test_grade_bands),
		cmocka_unit_test(test_score_repay_boundary),
		cmocka_unit_test(test_policy_changes_points),
		cmocka_unit_test(test_names),
		cmocka_unit_test(test_signal_table),
		cmocka_unit_test(test_signal_proxy_and_policy),
		cmocka_unit_test(test_tier_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
