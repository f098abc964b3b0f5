/* Unit tests for features/feat_insp.c: theft, violation and fault counts in their windows,
 * open cases as of the date, penalty ratio and months since a finding. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_insp.h"
#include "features/feat_series.h"

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}

static double out[ER_FEAT_COUNT];

static void
test_no_cases(void **state)
{
	er_feat_insp_compute(NULL, 0, day(2016, 9, 30), NAN, out);
	assert_true(out[ER_FEAT_INSP_THEFT_COUNT_36M] == 0);
	assert_true(out[ER_FEAT_INSP_OPEN_CASES] == 0);
	assert_true(isnan(out[ER_FEAT_INSP_PENALTY_RATIO_12M]));
	assert_true(isnan(out[ER_FEAT_INSP_MONTHS_SINCE_FINDING]));
}

static void
test_windows(void **state)
{
	er_day asof = day(2016, 9, 30);
	struct er_feat_case c[] = {
		{day(2013, 9, 30), ER_FEAT_FIND_THEFT, 0, 0, 1, ER_NO_DAY}, /* exactly 36m: out */
		{day(2013, 10, 1), ER_FEAT_FIND_THEFT, 0, 0, 1, ER_NO_DAY}, /* in 36m */
		{day(2015, 1, 5), ER_FEAT_FIND_VIOLATION, 100, 50, 0, day(2015, 3, 1)},
		{day(2016, 2, 1), ER_FEAT_FIND_METER_FAULT, 10, 0, 0, day(2016, 10, 1)}, /* closed after A */
		{day(2016, 5, 1), ER_FEAT_FIND_NONE, 0, 0, 0, ER_NO_DAY},
		{day(2016, 10, 2), ER_FEAT_FIND_THEFT, 1000, 1000, 0, ER_NO_DAY}, /* after A */
	};
	er_feat_insp_compute(c, 6, asof, 200, out);
	assert_true(out[ER_FEAT_INSP_THEFT_COUNT_36M] == 1);
	assert_true(out[ER_FEAT_INSP_VIOLATION_COUNT_24M] == 1);
	assert_true(out[ER_FEAT_INSP_METER_FAULT_COUNT_12M] == 1);
	assert_true(out[ER_FEAT_INSP_OPEN_CASES] == 1);
	assert_true(fabs(out[ER_FEAT_INSP_PENALTY_RATIO_12M] - 10.0 / 200) < 1e-15);
	assert_true(out[ER_FEAT_INSP_MONTHS_SINCE_FINDING] == 7);
}

static void
test_finding_codes(void **state)
{
	assert_int_equal(er_feat_insp_finding("theft"), ER_FEAT_FIND_THEFT);
	assert_int_equal(er_feat_insp_finding("窃电"), ER_FEAT_FIND_THEFT);
	assert_int_equal(er_feat_insp_finding("Violation"), ER_FEAT_FIND_VIOLATION);
	assert_int_equal(er_feat_insp_finding("meter_fault"), ER_FEAT_FIND_METER_FAULT);
	assert_int_equal(er_feat_insp_finding("none"), ER_FEAT_FIND_NONE);
	assert_int_equal(er_feat_insp_finding("fire"), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_cases),
		cmocka_unit_test(test_windows),
		cmocka_unit_test(test_finding_codes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
