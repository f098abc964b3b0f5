/* Unit tests for credit/profile.c: S3 capacity, S2 identity, attribute values, the
 * enterprise mapping from er-features indicators, and id masking. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/err.h"
#include "credit/policy.h"
#include "credit/profile.h"

static void
unknown(double attr[ER_ATTR_COUNT])
{
	for (int a = 0; a < ER_ATTR_COUNT; a++)
		attr[a] = NAN;
}

static void
test_capacity(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	double attr[ER_ATTR_COUNT], mx, mn;
	unknown(attr);
	/* dti binds: min(10000 - 3000, 5500) - 1000 */
	attr[ER_ATTR_INCOME] = 10000;
	attr[ER_ATTR_SPEND] = 3000;
	attr[ER_ATTR_FLOW] = 6000;
	attr[ER_ATTR_DEBT_SERVICE] = 1000;
	er_profile_capacity(&p, attr, &mx, &mn);
	assert_true(mx == 4500 && mn == 4500);
	/* spend binds; flow binds the minimum */
	attr[ER_ATTR_SPEND] = 8000;
	attr[ER_ATTR_FLOW] = 1500;
	er_profile_capacity(&p, attr, &mx, &mn);
	assert_true(mx == 1000 && mn == 500);
	/* never negative */
	attr[ER_ATTR_DEBT_SERVICE] = 5000;
	er_profile_capacity(&p, attr, &mx, &mn);
	assert_true(mx == 0 && mn == 0);
	/* unknown spend and debt count 0; unknown flow leaves min unknown */
	unknown(attr);
	attr[ER_ATTR_INCOME] = 2000;
	er_profile_capacity(&p, attr, &mx, &mn);
	assert_true(mx == 1100);
	assert_true(isnan(mn));
	/* unknown income: both unknown */
	unknown(attr);
	attr[ER_ATTR_FLOW] = 2000;
	er_profile_capacity(&p, attr, &mx, &mn);
	assert_true(isnan(mx) && isnan(mn));
	/* the policy's dti_cap is used */
	p.dti_cap = 0.3;
	unknown(attr);
	attr[ER_ATTR_INCOME] = 1000;
	er_profile_capacity(&p, attr, &mx, &mn);
	assert_true(fabs(mx - 300) < 1e-9);
}

static er_day
today(void)
{
	return er_date_from_ymd(2024, 6, 30);
}

static int
identity(const char *id, const char *phone, char *problems)
{
	problems[0] = '\0';
	return er_profile_identity(id, strlen(id), phone, strlen(phone), today(), problems);
}

static void
test_identity(void **state)
{
	char problems[ER_PROFILE_PROBLEMLEN];
	assert_int_equal(identity("11010519491231002X", "13800138000", problems), 1);
	assert_string_equal(problems, "");
	/* enterprise: a valid credit code and no phone */
	assert_int_equal(identity("91330100MA27XL0A6Q", "", problems), 1);
	/* wrong check character of a resident ID */
	assert_int_equal(identity("110105194912310021", "13800138000", problems), 0);
	assert_non_null(strstr(problems, "resident id"));
	/* a person needs a phone */
	assert_int_equal(identity("11010519491231002X", "", problems), 0);
	assert_non_null(strstr(problems, "phone missing"));
	/* a bad phone and a bad credit code both reported */
	assert_int_equal(identity("91330100MA27XL0A6R", "12345", problems), 0);
	assert_non_null(strstr(problems, "unified social credit code"));
	assert_non_null(strstr(problems, "phone:"));
	assert_int_equal(identity("", "13800138000", problems), 0);
	assert_non_null(strstr(problems, "id_number missing"));
}

static void
test_attr_value(void **state)
{
	double v;
	char why[ER_ERRLEN];
	assert_int_equal(er_profile_attr_value(ER_ATTR_INCOME, "1234.5", 6, &v, why), 0);
	assert_true(v == 1234.5);
	assert_int_equal(er_profile_attr_value(ER_ATTR_INCOME, "-1", 2, &v, why), -1);
	assert_int_equal(er_profile_attr_value(ER_ATTR_INCOME, "1,000", 5, &v, why), -1);
	assert_int_equal(er_profile_attr_value(ER_ATTR_PRIORITY_LEVEL, "4", 1, &v, why), 0);
	assert_int_equal(er_profile_attr_value(ER_ATTR_PRIORITY_LEVEL, "5", 1, &v, why), -1);
	assert_int_equal(er_profile_attr_value(ER_ATTR_PRIORITY_LEVEL, "1.5", 3, &v, why), -1);
	assert_int_equal(er_profile_attr_parse("monthly_income"), ER_ATTR_INCOME);
	assert_int_equal(er_profile_attr_parse("flow"), ER_ATTR_FLOW);
	assert_int_equal(er_profile_attr_parse("uncompleted"), ER_ATTR_UNCOMPLETED);
	assert_int_equal(er_profile_attr_parse("salary"), -1);
}

static void
test_problem_list(void **state)
{
	char problems[ER_PROFILE_PROBLEMLEN] = "";
	er_profile_problem(problems, "one %d", 1);
	er_profile_problem(problems, "two");
	assert_string_equal(problems, "one 1; two");
	for (int i = 0; i < 100; i++)
		er_profile_problem(problems, "a rather long problem description number %d", i);
	assert_true(strlen(problems) < ER_PROFILE_PROBLEMLEN);
	assert_string_equal(problems + strlen(problems) - 3, "...");
}

static struct er_profile_features
features(double kwh, double late, double rate, double months, int grade)
{
	struct er_profile_features f = {kwh, months, late, rate, grade};
	return f;
}

static void
test_from_features(void **state)
{
	struct er_policy p;
	er_policy_init(&p);
	double attr[ER_ATTR_COUNT];
	char problems[ER_PROFILE_PROBLEMLEN] = "";
	/* 4000 kWh a month at 200 kWh per 10k yuan: 200000 yuan implied revenue */
	struct er_profile_features f = features(4000, 3, 0.75, 12, 1);
	unknown(attr);
	er_profile_from_features(&p, &f, attr, problems);
	assert_true(fabs(attr[ER_ATTR_INCOME] - 200000) < 1e-6);
	assert_true(fabs(attr[ER_ATTR_SPEND] - 180000) < 1e-6);
	assert_true(fabs(attr[ER_ATTR_FLOW] - 20000) < 1e-6);
	assert_true(attr[ER_ATTR_COMPLETED] == 9 && attr[ER_ATTR_UNCOMPLETED] == 3);
	assert_true(attr[ER_ATTR_PRIORITY_LEVEL] == 2); /* grade B */
	assert_true(isnan(attr[ER_ATTR_DEBT_SERVICE]));
	assert_string_equal(problems, "");
	/* declared income above twice the implied revenue is capped; flow stays metered */
	unknown(attr);
	attr[ER_ATTR_INCOME] = 500000;
	er_profile_from_features(&p, &f, attr, problems);
	assert_true(fabs(attr[ER_ATTR_INCOME] - 400000) < 1e-6);
	assert_true(fabs(attr[ER_ATTR_FLOW] - 20000) < 1e-6);
	assert_non_null(strstr(problems, "capped at 400000"));
	/* declared income within the band is kept */
	unknown(attr);
	problems[0] = '\0';
	attr[ER_ATTR_INCOME] = 390000;
	er_profile_from_features(&p, &f, attr, problems);
	assert_true(attr[ER_ATTR_INCOME] == 390000);
	assert_string_equal(problems, "");
	/* every bill on time: the count comes from the months covered */
	f = features(4000, 0, 1, 11, -1);
	unknown(attr);
	er_profile_from_features(&p, &f, attr, problems);
	assert_true(attr[ER_ATTR_COMPLETED] == 11 && attr[ER_ATTR_UNCOMPLETED] == 0);
	assert_true(isnan(attr[ER_ATTR_PRIORITY_LEVEL]));
	/* no usage: declared income kept with a note; given attributes are not overwritten */
	f = features(NAN, NAN, NAN, NAN, 3);
	unknown(attr);
	problems[0] = '\0';
	attr[ER_ATTR_INCOME] = 1000;
	attr[ER_ATTR_PRIORITY_LEVEL] = 1;
	er_profile_from_features(&p, &f, attr, problems);
	assert_true(attr[ER_ATTR_INCOME] == 1000);
	assert_true(attr[ER_ATTR_PRIORITY_LEVEL] == 1);
	assert_true(isnan(attr[ER_ATTR_COMPLETED]));
	assert_non_null(strstr(problems, "not checked"));
}

static void
test_shown_id(void **state)
{
	char buf[64];
	er_profile_shown_id("11010519491231002X", 18, 1, buf, sizeof buf);
	assert_string_equal(buf, "110***********002X");
	er_profile_shown_id("91330100MA27XL0A6Q", 18, 1, buf, sizeof buf);
	assert_string_equal(buf, "91330100MA27XL0A6Q");
	er_profile_shown_id("11010519491231002X", 18, 0, buf, sizeof buf);
	assert_string_equal(buf, "11010519491231002X");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_capacity),      cmocka_unit_test(test_identity),
		cmocka_unit_test(test_attr_value),    cmocka_unit_test(test_problem_list),
		cmocka_unit_test(test_from_features), cmocka_unit_test(test_shown_id),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
