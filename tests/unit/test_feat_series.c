/* Unit tests for features/feat_series.c: the time conventions of er-features (reference
 * month, month arithmetic, spreading of multi-day readings) and the month/day windows. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "features/feat_series.h"

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}
static int
month(int y, int m)
{
	return y * 12 + m - 1;
}

static void
test_ref_month(void **state)
{
	assert_int_equal(er_feat_ref_month(day(2016, 9, 26)), month(2016, 8));
	assert_int_equal(er_feat_ref_month(day(2016, 9, 30)), month(2016, 9));
	assert_int_equal(er_feat_ref_month(day(2016, 2, 29)), month(2016, 2));
	assert_int_equal(er_feat_ref_month(day(2015, 2, 28)), month(2015, 2));
	assert_int_equal(er_feat_ref_month(day(2016, 2, 28)), month(2016, 1));
	assert_int_equal(er_feat_ref_month(day(2016, 1, 1)), month(2015, 12));
}

static void
test_months_before(void **state)
{
	assert_int_equal(er_feat_months_before(day(2016, 3, 31), 1), day(2016, 2, 29));
	assert_int_equal(er_feat_months_before(day(2015, 3, 31), 1), day(2015, 2, 28));
	assert_int_equal(er_feat_months_before(day(2016, 9, 26), 12), day(2015, 9, 26));
	assert_int_equal(er_feat_months_before(day(2016, 1, 15), 36), day(2013, 1, 15));
}

static void
test_whole_months(void **state)
{
	assert_int_equal(er_feat_whole_months(day(2015, 1, 15), day(2016, 1, 15)), 12);
	assert_int_equal(er_feat_whole_months(day(2015, 1, 15), day(2016, 1, 14)), 11);
	assert_int_equal(er_feat_whole_months(day(2015, 1, 31), day(2015, 2, 28)), 0);
	assert_int_equal(er_feat_whole_months(day(2016, 1, 1), day(2016, 1, 1)), 0);
	assert_int_equal(er_feat_whole_months(day(2016, 3, 1), day(2016, 1, 1)), -2);
}

static void
test_weekday(void **state)
{
	assert_int_equal(er_feat_weekday(day(1970, 1, 1)), 3);
	assert_int_equal(er_feat_weekday(day(2016, 9, 26)), 0);
	assert_int_equal(er_feat_weekday(day(2016, 9, 25)), 6);
	assert_int_equal(er_feat_weekday(day(1969, 12, 31)), 2);
}

static void
test_missing_is_not_zero(void **state)
{
	struct er_feat_series s;
	er_feat_series_init(&s, day(2016, 9, 26));
	double e = -1;
	assert_int_equal(er_feat_series_month(&s, month(2016, 8), &e), 0);
	er_feat_series_add(&s, day(2016, 8, 3), 1, 0);
	assert_int_equal(er_feat_series_month(&s, month(2016, 8), &e), 1);
	assert_true(e == 0);
	assert_int_equal(er_feat_series_day(&s, day(2016, 8, 3), &e), 1);
	assert_int_equal(er_feat_series_day(&s, day(2016, 8, 4), &e), 0);
}

static void
test_daily_sums(void **state)
{
	struct er_feat_series s;
	er_feat_series_init(&s, day(2016, 9, 26));
	er_feat_series_add(&s, day(2016, 9, 1), 1, 1.5);
	er_feat_series_add(&s, day(2016, 9, 1), 1, 2.0);
	er_feat_series_add(&s, day(2016, 8, 31), 1, 4.0);
	double e;
	assert_int_equal(er_feat_series_month(&s, month(2016, 9), &e), 1);
	assert_true(e == 3.5);
	assert_int_equal(er_feat_series_day(&s, day(2016, 9, 1), &e), 1);
	assert_true(e == 3.5);
	assert_int_equal(er_feat_series_month(&s, month(2016, 8), &e), 1);
	assert_true(e == 4.0);
}

/* A 4-day reading ending 2016-03-02 covers 02-28, the leap day 02-29, 03-01, 03-02. */
static void
test_leap_day_spread(void **state)
{
	struct er_feat_series s;
	er_feat_series_init(&s, day(2016, 3, 31));
	er_feat_series_add(&s, day(2016, 3, 2), 4, 40);
	double e;
	assert_int_equal(er_feat_series_month(&s, month(2016, 2), &e), 1);
	assert_true(e == 20);
	assert_int_equal(er_feat_series_month(&s, month(2016, 3), &e), 1);
	assert_true(e == 20);
	/* a share of a period is no day's measurement */
	assert_int_equal(er_feat_series_day(&s, day(2016, 2, 29), &e), 0);
	assert_int_equal(er_feat_series_day(&s, day(2016, 2, 27), &e), 0);
}

/* A period spanning three months splits by days; months before the window are dropped. */
static void
test_multi_month_window_edge(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 30);
	er_feat_series_init(&s, asof);
	/* 2013-05-01 .. 2013-07-31 (92 days); the month window starts at 2013-06. */
	er_feat_series_add(&s, day(2013, 7, 31), 92, 92);
	double e;
	assert_int_equal(er_feat_series_month(&s, month(2013, 5), &e), 0);
	assert_int_equal(er_feat_series_month(&s, month(2013, 6), &e), 1);
	assert_true(e == 30);
	assert_int_equal(er_feat_series_month(&s, month(2013, 7), &e), 1);
	assert_true(e == 31);
	/* The day window: 128 days ending at the as-of date. */
	er_feat_series_add(&s, day(2016, 5, 31), 31, 62);
	assert_int_equal(er_feat_series_day(&s, day(2016, 5, 28), &e), 0);
	er_feat_series_add(&s, day(2016, 5, 28), 1, 2);
	er_feat_series_add(&s, day(2016, 5, 28), 1, 3);
	assert_int_equal(er_feat_series_day(&s, day(2016, 5, 28), &e), 1);
	assert_true(e == 5);
	assert_int_equal(er_feat_series_day(&s, asof - ER_FEAT_NDAYS, &e), 0);
}

static void
test_advance_drops_old(void **state)
{
	struct er_feat_series s;
	er_feat_series_init(&s, day(2016, 1, 31));
	er_feat_series_add(&s, day(2016, 1, 10), 1, 5);
	er_feat_series_add(&s, day(2013, 1, 10), 1, 7);
	double e;
	assert_int_equal(er_feat_series_month(&s, month(2013, 1), &e), 1);
	er_feat_series_advance(&s, day(2016, 5, 31));
	assert_int_equal(er_feat_series_month(&s, month(2013, 1), &e), 0);
	assert_int_equal(er_feat_series_month(&s, month(2016, 1), &e), 1);
	assert_true(e == 5);
	assert_int_equal(er_feat_series_day(&s, day(2016, 1, 10), &e), 0);
	/* A reused slot starts empty: 2016-05 takes 2013-01's place in the ring. */
	er_feat_series_add(&s, day(2016, 5, 2), 1, 1);
	assert_int_equal(er_feat_series_month(&s, month(2016, 5), &e), 1);
	assert_true(e == 1);
	/* Moving back is a no-op. */
	er_feat_series_advance(&s, day(2016, 1, 1));
	assert_int_equal(er_feat_series_month(&s, month(2016, 5), &e), 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ref_month),           cmocka_unit_test(test_months_before),
		cmocka_unit_test(test_whole_months),        cmocka_unit_test(test_weekday),
		cmocka_unit_test(test_missing_is_not_zero), cmocka_unit_test(test_daily_sums),
		cmocka_unit_test(test_leap_day_spread),     cmocka_unit_test(test_multi_month_window_edge),
		cmocka_unit_test(test_advance_drops_old),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
