/* Unit tests for features/feat_pay.c: payment indicators on hand-made bills, including
 * payments and bills after the as-of date. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_pay.h"
#include "features/feat_series.h"

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}

static struct er_feat_bill
bill(int y, int m, double amount, er_day paid, double paid_amount, double fee, int method, int cls)
{
	int mi = y * 12 + m - 1;
	/* Due on the 20th of the month after the period. */
	er_day due = er_date_from_ymd((mi + 1) / 12, (mi + 1) % 12 + 1, 20);
	return (struct er_feat_bill){mi, amount, due, paid, paid_amount, fee, method, cls};
}

static double out[ER_FEAT_COUNT];

static void
test_no_bills(void **state)
{
	er_feat_pay_compute(NULL, 0, day(2016, 9, 30), out);
	for (int i = ER_FEAT_PAY_LATE_COUNT_12M; i <= ER_FEAT_PAY_AUTODEBIT_TO_CASH_6M; i++)
		assert_true(isnan(out[i]));
	assert_true(isnan(er_feat_pay_amount_12m(NULL, 0, day(2016, 9, 30))));
}

static void
test_late_and_arrears(void **state)
{
	er_day asof = day(2016, 9, 30);
	struct er_feat_bill b[] = {
		bill(2015, 8, 50, day(2015, 10, 1), NAN, 0, -1, 0), /* before M12: ignored but known */
		bill(2015, 10, 100, day(2015, 11, 20), NAN, 0, 0, ER_FEAT_PAY_AUTODEBIT), /* on time */
		bill(2015, 11, 100, day(2015, 12, 25), NAN, 2, 0, ER_FEAT_PAY_AUTODEBIT), /* 5 days late */
		bill(2016, 6, 100, day(2016, 7, 20), 60, 0, 1, ER_FEAT_PAY_CASH),         /* partial */
		bill(2016, 7, 100, ER_NO_DAY, NAN, 0, 1, ER_FEAT_PAY_CASH),               /* unpaid, due 08-20 */
		bill(2016, 8, 100, day(2016, 10, 5), NAN, 0, 1, ER_FEAT_PAY_CASH),        /* paid after A */
		bill(2016, 9, 100, ER_NO_DAY, NAN, 0, 1, ER_FEAT_PAY_CASH),               /* due after A */
		bill(2016, 10, 999, ER_NO_DAY, NAN, 0, 0, 0),                             /* after R */
	};
	size_t n = sizeof b / sizeof b[0];
	er_feat_pay_compute(b, n, asof, out);
	/* Late: 2015-11 (paid late), 2016-07 (unpaid, due 08-20), 2016-08 (due 09-20, paid after A). */
	assert_true(out[ER_FEAT_PAY_LATE_COUNT_12M] == 3);
	assert_true(out[ER_FEAT_PAY_MAX_DAYS_LATE_12M] == asof - day(2016, 8, 20));
	/* Due or paid: 2015-10, 2015-11, 2016-06, 2016-07, 2016-08; on time 2015-10 and 2016-06. */
	assert_true(fabs(out[ER_FEAT_PAY_ON_TIME_RATE_12M] - 2.0 / 5) < 1e-15);
	/* Arrears: 40 of 2016-06, 100 of 2016-07, 100 of 2016-08; 2016-09 not due yet. */
	assert_true(out[ER_FEAT_PAY_ARREARS_AMOUNT] == 240);
	assert_true(out[ER_FEAT_PAY_ARREARS_AGE_DAYS] == asof - day(2016, 7, 20));
	assert_true(fabs(out[ER_FEAT_PAY_LATE_FEE_RATIO_12M] - 2.0 / 600) < 1e-15);
	assert_true(out[ER_FEAT_PAY_PARTIAL_COUNT_12M] == 1);
	assert_true(out[ER_FEAT_PAY_METHOD_CHANGES_12M] == 1);
	/* The change to cash was in 2016-06, inside R-5..R (2016-04..2016-09). */
	assert_true(out[ER_FEAT_PAY_AUTODEBIT_TO_CASH_6M] == 1);
	assert_true(er_feat_pay_amount_12m(b, n, asof) == 600);
}

static void
test_payment_after_asof_is_unpaid(void **state)
{
	struct er_feat_bill b[] = {bill(2016, 7, 100, day(2016, 8, 1), NAN, 0, -1, 0)};
	er_feat_pay_compute(b, 1, day(2016, 8, 31), out);
	assert_true(out[ER_FEAT_PAY_LATE_COUNT_12M] == 0);
	assert_true(out[ER_FEAT_PAY_ARREARS_AMOUNT] == 0);
	assert_true(out[ER_FEAT_PAY_ARREARS_AGE_DAYS] == 0);
	assert_true(out[ER_FEAT_PAY_ON_TIME_RATE_12M] == 1);
	assert_true(isnan(out[ER_FEAT_PAY_METHOD_CHANGES_12M]));
	/* The same bill seen before its payment: not due yet, nothing to rate. */
	er_feat_pay_compute(b, 1, day(2016, 7, 31), out);
	assert_true(out[ER_FEAT_PAY_LATE_COUNT_12M] == 0);
	assert_true(isnan(out[ER_FEAT_PAY_ON_TIME_RATE_12M]));
}

static void
test_method_class_and_sort(void **state)
{
	assert_int_equal(er_feat_pay_method_class("银行代扣", strlen("银行代扣")), ER_FEAT_PAY_AUTODEBIT);
	assert_int_equal(er_feat_pay_method_class("Direct Debit", 12), ER_FEAT_PAY_AUTODEBIT);
	assert_int_equal(er_feat_pay_method_class("现金", strlen("现金")), ER_FEAT_PAY_CASH);
	assert_int_equal(er_feat_pay_method_class("COUNTER", 7), ER_FEAT_PAY_CASH);
	assert_int_equal(er_feat_pay_method_class("wechat", 6), ER_FEAT_PAY_OTHER);
	struct er_feat_bill b[] = {bill(2016, 3, 1, 0, 0, 0, 0, 0), bill(2016, 1, 2, 0, 0, 0, 0, 0),
	                           bill(2016, 3, 3, 0, 0, 0, 0, 0), bill(2015, 12, 4, 0, 0, 0, 0, 0)};
	assert_int_equal(er_feat_pay_sort(b, 4), 0);
	assert_true(b[0].amount == 4 && b[1].amount == 2 && b[2].amount == 1 && b[3].amount == 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_bills),
		cmocka_unit_test(test_late_and_arrears),
		cmocka_unit_test(test_payment_after_asof_is_unpaid),
		cmocka_unit_test(test_method_class_and_sort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
