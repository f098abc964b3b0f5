/* Unit tests for data/latefee.c: the late fee known on a day, for a bill paid before it,
 * paid after it, unpaid, not yet due, and with parts not given. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>

#include <cmocka.h>

#include "data/latefee.h"

static void
test_late_fee_at(void **state)
{
	(void)state;
	er_day due = 1000;
	/* paid by the day: the fee as assessed */
	assert_float_equal(er_late_fee_at(30, 1000, due, 1010, 1010), 30, 1e-12);
	assert_float_equal(er_late_fee_at(30, 1000, due, 1010, 2000), 30, 1e-12);
	/* paid after it: the days late before it, in proportion (10 of 20 days) */
	assert_float_equal(er_late_fee_at(40, 1000, due, 1020, 1010), 20, 1e-12);
	/* not due yet on the day: nothing */
	assert_float_equal(er_late_fee_at(40, 1000, due, 1020, 1000), 0, 0);
	assert_float_equal(er_late_fee_at(40, 1000, due, ER_NO_DAY, 990), 0, 0);
	/* unpaid: at most 0.3 % of the amount per day late (5 days: 15), else the fee */
	assert_float_equal(er_late_fee_at(40, 1000, due, ER_NO_DAY, 1005), 15, 1e-12);
	assert_float_equal(er_late_fee_at(10, 1000, due, ER_NO_DAY, 1005), 10, 1e-12);
	/* what cannot be judged is left as given */
	assert_true(isnan(er_late_fee_at(NAN, 1000, due, 1020, 1010)));
	assert_float_equal(er_late_fee_at(0, 1000, due, 1020, 1010), 0, 0);
	assert_float_equal(er_late_fee_at(40, 1000, ER_NO_DAY, 1020, 1010), 40, 0);
	assert_float_equal(er_late_fee_at(40, NAN, due, ER_NO_DAY, 1005), 40, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_late_fee_at),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
