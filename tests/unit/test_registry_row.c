/* Unit tests for credit/registry_row.c (the checks of imported rows, stored times, state
 * names) and for the defaulted status in credit/decide.c, which the registry feeds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "credit/decide.h"
#include "credit/policy.h"
#include "credit/registry_row.h"

static void
test_time_parse(void **state)
{
	int64_t t;
	int timed;
	const char *why;
	assert_int_equal(er_registry_time_parse("1970-01-02", 10, &t, &timed, &why), 0);
	assert_int_equal(t, 86400);
	assert_int_equal(timed, 0);
	assert_int_equal(er_registry_time_parse("2024-05-01 13:45", 16, &t, &timed, &why), 0);
	assert_int_equal(t, (int64_t)19844 * 86400 + 13 * 3600 + 45 * 60);
	assert_int_equal(timed, 1);
	assert_int_equal(er_registry_time_parse("2024-05-01T09:05:07.250", 23, &t, &timed, &why), 0);
	assert_int_equal(t, (int64_t)19844 * 86400 + 9 * 3600 + 5 * 60 + 7);
	assert_int_equal(er_registry_time_parse("2024-05-01 9:05", 15, &t, NULL, &why), 0);
	assert_int_equal(t, (int64_t)19844 * 86400 + 9 * 3600 + 5 * 60);
	assert_int_equal(er_registry_time_parse("20240501", 8, &t, NULL, &why), 0);
	assert_int_equal(t, (int64_t)19844 * 86400);
	assert_int_equal(er_registry_time_parse("2024-05", 7, &t, NULL, &why), -1);
	assert_string_equal(why, "a month is not a day");
	assert_int_equal(er_registry_time_parse("2024-05-01 24:00", 16, &t, NULL, &why), -1);
	assert_string_equal(why, "impossible time of day");
	assert_int_equal(er_registry_time_parse("2024-05-01 10:60", 16, &t, NULL, &why), -1);
	assert_int_equal(er_registry_time_parse("2024-05-01 10:00:60", 19, &t, NULL, &why), -1);
	assert_int_equal(er_registry_time_parse("2023-02-29", 10, &t, NULL, &why), -1);
	assert_int_equal(er_registry_time_parse("", 0, &t, NULL, &why), -1);
}

static void
test_time_format(void **state)
{
	char buf[32];
	assert_int_equal(er_registry_time_format(buf, 0), 19);
	assert_string_equal(buf, "1970-01-01 00:00:00");
	er_registry_time_format(buf, (int64_t)19844 * 86400 + 13 * 3600 + 45 * 60 + 9);
	assert_string_equal(buf, "2024-05-01 13:45:09");
	er_registry_time_format(buf, -1);
	assert_string_equal(buf, "1969-12-31 23:59:59");
	/* A parsed time prints back to itself. */
	int64_t t;
	const char *why;
	assert_int_equal(er_registry_time_parse("2099-12-31 23:59:59", 19, &t, NULL, &why), 0);
	er_registry_time_format(buf, t);
	assert_string_equal(buf, "2099-12-31 23:59:59");
}

static void
test_states(void **state)
{
	assert_int_equal(er_registry_state_parse("applying", 8), ER_REGISTRY_APPLYING);
	assert_int_equal(er_registry_state_parse("DEFAULTED", 9), ER_REGISTRY_DEFAULTED);
	assert_int_equal(er_registry_state_parse("closedx", 6), ER_REGISTRY_CLOSED);
	assert_int_equal(er_registry_state_parse("close", 5), -1);
	assert_int_equal(er_registry_state_parse("", 0), -1);
	assert_string_equal(er_registry_state_name(ER_REGISTRY_ACTIVE), "active");
	assert_string_equal(er_registry_state_name(0), "");
	assert_string_equal(er_registry_state_name(9), "");
	/* er-decide reads registry states as its loan states. */
	assert_int_equal(ER_LOAN_APPLYING, ER_REGISTRY_APPLYING);
	assert_int_equal(ER_LOAN_DEFAULTED, ER_REGISTRY_DEFAULTED);
}

/* Checks a status row given as five fields (and an optional platform column). */
static int
check(const char *subject, const char *status, const char *grade, const char *repay, const char *updated,
      const char *platform_col, struct er_registry_status *row, struct er_registry_bad *bad)
{
	const char *text[ER_REGISTRY_F_COUNT] = {subject, status, grade, repay, updated, platform_col};
	size_t len[ER_REGISTRY_F_COUNT];
	for (int i = 0; i < ER_REGISTRY_F_COUNT; i++)
		len[i] = strlen(text[i]);
	return er_registry_status_check(text, len, "bank-a", row, bad);
}

static void
test_status_good(void **state)
{
	struct er_registry_status row;
	struct er_registry_bad bad;
	assert_int_equal(check("s1", "Applying", "b", "900.5", "2024-05-01", "", &row, &bad), 0);
	assert_string_equal(row.subject_id, "s1");
	assert_string_equal(row.platform, "bank-a");
	assert_int_equal(row.status, ER_REGISTRY_APPLYING);
	assert_int_equal(row.grade, ER_GRADE_B);
	assert_true(row.monthly_repayment == 900.5);
	assert_int_equal(row.updated_at, (int64_t)19844 * 86400);
	/* Closed and defaulted loans need neither grade nor repayment. */
	assert_int_equal(check("s2", "defaulted", "", "", "2024-05-01", "bank-a", &row, &bad), 0);
	assert_int_equal(row.grade, -1);
	assert_true(isnan(row.monthly_repayment));
	assert_int_equal(check("s3", "closed", "", "", "2024-05-01", "", &row, &bad), 0);
	/* An active loan needs its repayment, not a grade. */
	assert_int_equal(check("s4", "active", "", "0", "2024-05-01", "", &row, &bad), 0);
}

/* The reason and field of the first failure of a row. */
static void
expect_bad(const char *subject, const char *status, const char *grade, const char *repay, const char *updated,
           const char *platform_col, const char *reason, const char *field)
{
	struct er_registry_status row;
	struct er_registry_bad bad;
	assert_int_equal(check(subject, status, grade, repay, updated, platform_col, &row, &bad), -1);
	assert_string_equal(bad.reason, reason);
	assert_string_equal(bad.field, field);
	assert_true(strlen(bad.message) > 0);
}

static void
test_status_bad(void **state)
{
	expect_bad("", "active", "", "1", "2024-05-01", "", "required", "subject_id");
	expect_bad(" s1", "active", "", "1", "2024-05-01", "", "key", "subject_id");
	expect_bad("s1\t", "active", "", "1", "2024-05-01", "", "key", "subject_id");
	expect_bad("s\xff", "active", "", "1", "2024-05-01", "", "utf8", "subject_id");
	expect_bad("s1", "active", "", "1", "2024-05-01", "bank-b", "platform", "platform");
	expect_bad("s1", "", "", "1", "2024-05-01", "", "required", "status");
	expect_bad("s1", "pending", "", "1", "2024-05-01", "", "code", "status");
	expect_bad("s1", "applying", "", "1", "2024-05-01", "", "required", "platform_grade");
	expect_bad("s1", "active", "AB", "1", "2024-05-01", "", "code", "platform_grade");
	expect_bad("s1", "applying", "A", "", "2024-05-01", "", "required", "monthly_repayment");
	expect_bad("s1", "active", "", "", "2024-05-01", "", "required", "monthly_repayment");
	expect_bad("s1", "active", "", "1e", "2024-05-01", "", "number", "monthly_repayment");
	expect_bad("s1", "active", "", "-1", "2024-05-01", "", "negative", "monthly_repayment");
	expect_bad("s1", "active", "", "1", "", "", "required", "updated_at");
	expect_bad("s1", "active", "", "1", "May 1", "", "date", "updated_at");
}

static void
test_products(void **state)
{
	const char *text[ER_PRODUCT_FIELDS] = {"B", "500", "100000", "0.06", "12"};
	size_t len[ER_PRODUCT_FIELDS];
	for (int i = 0; i < ER_PRODUCT_FIELDS; i++)
		len[i] = strlen(text[i]);
	struct er_decide_product p;
	struct er_registry_bad bad;
	assert_int_equal(er_registry_product_check("flat", 4, text, len, &p, &bad), 0);
	assert_int_equal(p.min_grade, ER_GRADE_B);
	assert_true(p.min_monthly_repayment == 500 && p.max_amount == 100000 && p.annual_rate == 0.06);
	assert_int_equal(p.term_months, 12);
	assert_int_equal(er_registry_product_check("", 0, text, len, &p, &bad), -1);
	assert_string_equal(bad.reason, "required");
	static const struct {
		int field;
		const char *value, *reason, *why;
	} bads[] = {
		{ER_PRODUCT_MIN_GRADE, "E", "code", "not A, B, C or D"},
		{ER_PRODUCT_MIN_MONTHLY_REPAYMENT, "-1", "number", "negative"},
		{ER_PRODUCT_MAX_AMOUNT, "0", "number", "not above 0"},
		{ER_PRODUCT_ANNUAL_RATE, "6", "number", "a fraction is expected (0.06 for 6 %)"},
		{ER_PRODUCT_TERM_MONTHS, "12.5", "number", "not a whole number of months up to 1200"},
		{ER_PRODUCT_TERM_MONTHS, "1201", "number", "not a whole number of months up to 1200"},
		{ER_PRODUCT_TERM_MONTHS, "", "required", NULL},
	};
	for (size_t i = 0; i < sizeof bads / sizeof bads[0]; i++) {
		const char *t[ER_PRODUCT_FIELDS];
		size_t l[ER_PRODUCT_FIELDS];
		memcpy(t, text, sizeof t);
		memcpy(l, len, sizeof l);
		t[bads[i].field] = bads[i].value;
		l[bads[i].field] = strlen(bads[i].value);
		assert_int_equal(er_registry_product_check("flat", 4, t, l, &p, &bad), -1);
		assert_string_equal(bad.reason, bads[i].reason);
		assert_string_equal(bad.field, er_decide_product_field_name(bads[i].field));
		if (bads[i].why)
			assert_non_null(strstr(bad.message, bads[i].why));
	}
}

/* A defaulted loan rejects before the grade and the class are looked at; S2 comes first. */
static void
test_decide_defaulted(void **state)
{
	struct er_policy policy;
	er_policy_init(&policy);
	const struct er_decide_product product = {
		.min_grade = ER_GRADE_B, .min_monthly_repayment = 500, .max_amount = 100000, .term_months = 10};
	const struct er_decide_subject strong = {1, 3000, 20, 0, 1, NAN}, unverified = {1, 3000, 20, 0, 0, NAN};
	const struct er_decide_loan loans[] = {{ER_LOAN_CLOSED, -1, 0}, {ER_LOAN_DEFAULTED, -1, 0}};
	struct er_decide_party clean = {&strong, loans, 1, NULL}, defaulter = {&strong, loans, 2, NULL};
	struct er_decide_party both = {&unverified, loans, 2, NULL};
	struct er_decide_result r;
	er_decide_single(&policy, &product, 10000, &clean, 0, &r);
	assert_int_equal(r.decision, ER_DECISION_ACCEPT);
	er_decide_single(&policy, &product, 10000, &defaulter, ER_REVIEW_APPROVE, &r);
	assert_int_equal(r.decision, ER_DECISION_REJECT);
	assert_int_equal(r.cls, ER_CLASS_NONE);
	assert_string_equal(r.reasons, "defaulted");
	assert_true(isnan(r.credit_limit));
	er_decide_single(&policy, &product, 10000, &both, 0, &r);
	assert_string_equal(r.reasons, "S2");
	er_decide_proxy(&policy, &product, 10000, &clean, &defaulter, ER_ARREARS_NONE, 0, &r);
	assert_int_equal(r.decision, ER_DECISION_REJECT);
	assert_string_equal(r.reasons, "defaulted:beneficiary");
	er_decide_proxy(&policy, &product, 10000, &defaulter, &defaulter, ER_ARREARS_NONE, 0, &r);
	assert_string_equal(r.reasons, "defaulted:applicant;defaulted:beneficiary");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_time_parse),       cmocka_unit_test(test_time_format),
		cmocka_unit_test(test_states),           cmocka_unit_test(test_status_good),
		cmocka_unit_test(test_status_bad),       cmocka_unit_test(test_products),
		cmocka_unit_test(test_decide_defaulted),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
