/* Unit tests for features/feat_usage.c: every usage indicator on small hand-made series,
 * with the empty cases (no data, one month, zero means). */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_series.h"
#include "features/feat_usage.h"

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}

/* One reading per month covering the whole month, for months FIRST.. of E[0..N-1]
 * (NAN: no reading). */
static void
monthly(struct er_feat_series *s, int y, int m, const double *e, int n)
{
	for (int i = 0; i < n; i++) {
		int mi = y * 12 + m - 1 + i;
		if (isnan(e[i]))
			continue;
		er_day last = er_date_month_last(mi);
		er_feat_series_add(s, last, last - er_date_month_first(mi) + 1, e[i]);
	}
}

static double out[ER_FEAT_COUNT];

static void
compute(const struct er_feat_series *s, er_day asof, double kva)
{
	for (int i = 0; i < ER_FEAT_COUNT; i++)
		out[i] = -12345;
	er_feat_usage_compute(s, asof, kva, out);
}

#define EMPTY(id) assert_true(isnan(out[id]))
#define NEAR(id, v) assert_true(fabs(out[id] - (double)(v)) <= 1e-12 * fmax(1, fabs((double)(v))))

static void
test_no_data(void **state)
{
	compute(NULL, day(2016, 9, 30), 100);
	assert_true(out[ER_FEAT_USAGE_MONTHS_COVERED_12M] == 0);
	for (int i = ER_FEAT_USAGE_KWH_MEAN_12M; i <= ER_FEAT_USAGE_WEEKEND_RATIO_90D; i++)
		if (i != ER_FEAT_USAGE_MONTHS_COVERED_12M)
			assert_true(isnan(out[i]));
	/* A series with data only after the window start but none in M12. */
	struct er_feat_series s;
	er_feat_series_init(&s, day(2016, 9, 30));
	double e[1] = {50};
	monthly(&s, 2014, 1, e, 1);
	compute(&s, day(2016, 9, 30), NAN);
	assert_true(out[ER_FEAT_USAGE_MONTHS_COVERED_12M] == 0);
	EMPTY(ER_FEAT_USAGE_KWH_MEAN_12M);
	EMPTY(ER_FEAT_USAGE_ZERO_MONTHS_12M);
	EMPTY(ER_FEAT_USAGE_GROWTH_12M);
}

static void
test_one_month(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 30);
	er_feat_series_init(&s, asof);
	double e[1] = {300};
	monthly(&s, 2016, 9, e, 1);
	compute(&s, asof, 10);
	NEAR(ER_FEAT_USAGE_KWH_MEAN_12M, 300);
	NEAR(ER_FEAT_USAGE_KWH_SUM_12M, 300);
	NEAR(ER_FEAT_USAGE_MONTHS_COVERED_12M, 1);
	NEAR(ER_FEAT_USAGE_ZERO_MONTHS_12M, 0);
	NEAR(ER_FEAT_USAGE_CV_12M, 0);
	NEAR(ER_FEAT_USAGE_RECENT_RATIO_3M, 1);
	NEAR(ER_FEAT_USAGE_UTILISATION_HOURS_12M, 30);
	NEAR(ER_FEAT_USAGE_TRAILING_ZERO_MONTHS, 0);
	EMPTY(ER_FEAT_USAGE_GROWTH_12M);
	EMPTY(ER_FEAT_USAGE_LOW_MONTHS_12M);
	EMPTY(ER_FEAT_USAGE_TREND_SLOPE_12M);
	EMPTY(ER_FEAT_USAGE_MOM_CHANGE);
	EMPTY(ER_FEAT_USAGE_YOY_CHANGE);
	EMPTY(ER_FEAT_USAGE_YOY_DROP50_RUN);
	EMPTY(ER_FEAT_USAGE_CAPACITY_UTILISATION);
	EMPTY(ER_FEAT_USAGE_INDUSTRY_GROWTH_DEV);
	/* A month read as one period has no days: the daily indicators are not made up. */
	EMPTY(ER_FEAT_USAGE_PRODUCTION_DAY_RATIO_90D);
	EMPTY(ER_FEAT_USAGE_BASE_LOAD_RATIO_90D);
	EMPTY(ER_FEAT_USAGE_WEEKEND_RATIO_90D);
	EMPTY(ER_FEAT_USAGE_DROP_7D_28D);
	/* Nothing in the base window A-119..A-30. */
	EMPTY(ER_FEAT_USAGE_NEAR_ZERO_RUN_30D);
}

/* 24 months 2014-10 .. 2016-09: P12 all 100, M12 = 100, 100, ..., then 40, 30, 0.5 */
static void
test_monthly_indicators(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 30);
	er_feat_series_init(&s, asof);
	double e[24];
	for (int i = 0; i < 24; i++)
		e[i] = 100;
	e[21] = 40;
	e[22] = 30;
	e[23] = 0.5;
	monthly(&s, 2014, 10, e, 24);
	compute(&s, asof, 2);
	double sum = 9 * 100 + 40 + 30 + 0.5, mean = sum / 12;
	NEAR(ER_FEAT_USAGE_KWH_SUM_12M, sum);
	NEAR(ER_FEAT_USAGE_KWH_MEAN_12M, mean);
	NEAR(ER_FEAT_USAGE_MONTHS_COVERED_12M, 12);
	NEAR(ER_FEAT_USAGE_ZERO_MONTHS_12M, 1);
	NEAR(ER_FEAT_USAGE_LOW_MONTHS_12M, 1);
	NEAR(ER_FEAT_USAGE_GROWTH_12M, sum / 1200 - 1);
	double ss = 9 * (100 - mean) * (100 - mean) + (40 - mean) * (40 - mean) + (30 - mean) * (30 - mean) +
		(0.5 - mean) * (0.5 - mean);
	NEAR(ER_FEAT_USAGE_CV_12M, sqrt(ss / 12) / mean);
	NEAR(ER_FEAT_USAGE_RECENT_RATIO_3M, (70.5 / 3) / mean);
	NEAR(ER_FEAT_USAGE_MOM_CHANGE, 0.5 / 30 - 1);
	NEAR(ER_FEAT_USAGE_YOY_CHANGE, 0.5 / 100 - 1);
	/* 0.5/100 and 30/100 are below -50 %, 40/100 too; 100/100 is not. */
	NEAR(ER_FEAT_USAGE_YOY_DROP50_RUN, 3);
	NEAR(ER_FEAT_USAGE_TRAILING_ZERO_MONTHS, 1);
	NEAR(ER_FEAT_USAGE_CAPACITY_UTILISATION, 0.5 / 100);
	NEAR(ER_FEAT_USAGE_UTILISATION_HOURS_12M, sum / 2);
	/* Slope by least squares over x = -11..0. */
	double sx = 0, sy = 0, sxy = 0, sxx = 0;
	for (int i = 0; i < 12; i++) {
		double x = i - 11, y = e[12 + i];
		sx += x;
		sy += y;
	}
	for (int i = 0; i < 12; i++) {
		double x = i - 11 - sx / 12, y = e[12 + i] - sy / 12;
		sxy += x * y;
		sxx += x * x;
	}
	NEAR(ER_FEAT_USAGE_TREND_SLOPE_12M, sxy / sxx / mean);
	assert_true(out[ER_FEAT_USAGE_TREND_SLOPE_12M] < 0);
}

/* The reference month is the month before when the as-of date is not a month end. */
static void
test_reference_month(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 26);
	er_feat_series_init(&s, asof);
	double e[2] = {10, 20};
	monthly(&s, 2016, 7, e, 2);
	er_feat_series_add(&s, day(2016, 9, 20), 1, 1000);
	compute(&s, asof, NAN);
	NEAR(ER_FEAT_USAGE_KWH_SUM_12M, 30);
	NEAR(ER_FEAT_USAGE_MOM_CHANGE, 1);
	EMPTY(ER_FEAT_USAGE_UTILISATION_HOURS_12M);
}

static void
test_zero_mean(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 30);
	er_feat_series_init(&s, asof);
	double e[24];
	for (int i = 0; i < 24; i++)
		e[i] = 0;
	monthly(&s, 2014, 10, e, 24);
	compute(&s, asof, NAN);
	NEAR(ER_FEAT_USAGE_ZERO_MONTHS_12M, 12);
	NEAR(ER_FEAT_USAGE_TRAILING_ZERO_MONTHS, 24);
	EMPTY(ER_FEAT_USAGE_CV_12M);
	EMPTY(ER_FEAT_USAGE_GROWTH_12M);
	EMPTY(ER_FEAT_USAGE_RECENT_RATIO_3M);
	EMPTY(ER_FEAT_USAGE_TREND_SLOPE_12M);
	EMPTY(ER_FEAT_USAGE_MOM_CHANGE);
	EMPTY(ER_FEAT_USAGE_CAPACITY_UTILISATION);
	EMPTY(ER_FEAT_USAGE_BASE_LOAD_RATIO_90D);
	EMPTY(ER_FEAT_USAGE_PRODUCTION_DAY_RATIO_90D);
	/* A missing month ends the trailing run. */
	er_feat_series_init(&s, asof);
	e[20] = NAN;
	monthly(&s, 2014, 10, e, 24);
	compute(&s, asof, NAN);
	NEAR(ER_FEAT_USAGE_TRAILING_ZERO_MONTHS, 3);
}

/* Daily data: 120 days of 10 kWh, weekends 5, then the last 7 days at 2 kWh. */
static void
test_daily_indicators(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 26);
	er_feat_series_init(&s, asof);
	for (er_day d = asof - 119; d <= asof; d++) {
		double k = er_feat_weekday(d) >= 5 ? 5 : 10;
		if (d > asof - 7)
			k = 2;
		er_feat_series_add(&s, d, 1, k);
	}
	compute(&s, asof, NAN);
	/* The 28 days A-34..A-7 are 4 whole weeks: (20*10 + 8*5) / 28. */
	NEAR(ER_FEAT_USAGE_DROP_7D_28D, 2.0 / (240.0 / 28));
	/* Median of A-119..A-30 is 10, so the cut is 1: 2 kWh days are not near zero. */
	NEAR(ER_FEAT_USAGE_NEAR_ZERO_RUN_30D, 0);
	/* p90 is 10: days above 2 kWh are production days, 83 of 90. */
	NEAR(ER_FEAT_USAGE_PRODUCTION_DAY_RATIO_90D, 83.0 / 90);
	/* p10 is the 9th smallest of 90: after the seven 2 kWh days come the 5 kWh weekends. */
	NEAR(ER_FEAT_USAGE_BASE_LOAD_RATIO_90D, 0.5);
}

static void
test_near_zero_run(void **state)
{
	struct er_feat_series s;
	er_day asof = day(2016, 9, 26);
	er_feat_series_init(&s, asof);
	for (er_day d = asof - 119; d <= asof; d++) {
		double k = 10;
		if ((d >= asof - 20 && d <= asof - 16) || d >= asof - 2)
			k = 0.5;
		if (d == asof - 10)
			continue; /* a missing day breaks a run too */
		er_feat_series_add(&s, d, 1, k);
	}
	compute(&s, asof, NAN);
	NEAR(ER_FEAT_USAGE_NEAR_ZERO_RUN_30D, 5);
	/* Weekday means equal: 10 everywhere but the low days. */
	assert_true(out[ER_FEAT_USAGE_WEEKEND_RATIO_90D] > 0);
}

static void
test_median_percentile(void **state)
{
	double a[] = {5, 1, 3};
	assert_true(er_feat_median(a, 3) == 3);
	double b[] = {4, 1, 3, 2};
	assert_true(er_feat_median(b, 4) == 2.5);
	assert_true(isnan(er_feat_median(b, 0)));
	double c[10];
	for (int i = 0; i < 10; i++)
		c[i] = 10 - i;
	assert_true(er_feat_percentile(c, 10, 90) == 9);
	assert_true(er_feat_percentile(c, 10, 10) == 1);
	assert_true(er_feat_percentile(c, 10, 100) == 10);
	assert_true(isnan(er_feat_percentile(c, 0, 50)));
}

static void
test_industry_dev(void **state)
{
	int group[] = {0, 0, 0, 1, -1, 1};
	double growth[] = {0.1, 0.3, -0.2, 0.5, 0.4, NAN};
	double dev[6];
	assert_int_equal(er_feat_usage_industry_dev(group, growth, 6, dev), 0);
	assert_true(fabs(dev[0] - 0.0) < 1e-15);
	assert_true(fabs(dev[1] - 0.2) < 1e-15);
	assert_true(fabs(dev[2] + 0.3) < 1e-15);
	assert_true(dev[3] == 0);
	assert_true(isnan(dev[4]));
	assert_true(isnan(dev[5]));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_data),
		cmocka_unit_test(test_one_month),
		cmocka_unit_test(test_monthly_indicators),
		cmocka_unit_test(test_reference_month),
		cmocka_unit_test(test_zero_mean),
		cmocka_unit_test(test_daily_indicators),
		cmocka_unit_test(test_near_zero_run),
		cmocka_unit_test(test_median_percentile),
		cmocka_unit_test(test_industry_dev),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
