/* Unit tests for features/feat_tou.c, feat_meter.c and feat_load.c: time-of-use schedules
 * and the pro-rata split, interval lengths from the spacing of start times, the load-shape
 * indicators of hand-computed days and the meter indicators. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_load.h"
#include "features/feat_meter.h"
#include "features/feat_tou.h"
#include "lib/err.h"

/* cmocka before 1.1.6 has no assert_double_equal */
#define assert_double_equal(a, b, eps) assert_true(fabs((double)(a) - (double)(b)) <= (eps))

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}

/* One entity's meters and load shape, fed as er-features feeds them. */
struct entity {
	struct er_feat_tou tou;
	struct er_feat_meters meters;
	struct er_feat_load load;
	er_day asof;
	double out[ER_FEAT_COUNT];
};

static void
entity_init(struct entity *e, const char *tou, er_day asof)
{
	char err[ER_ERRLEN];
	memset(e, 0, sizeof *e);
	assert_int_equal(er_feat_tou_parse(&e->tou, tou ? tou : ER_FEAT_TOU_DEFAULT, err), 0);
	er_feat_load_init(&e->load);
	e->asof = asof;
}

static void
feed(struct entity *e, const char *meter, er_day d, int hh, int mm, double kwh)
{
	struct er_feat_interval x[2];
	int n = er_feat_meters_add(&e->meters, "A1", 2, meter, strlen(meter), d, 1, hh < 0 ? -1 : hh * 60 + mm, kwh, x);
	assert_true(n >= 0 && n <= 2);
	for (int k = 0; k < n; k++)
		er_feat_load_add(&e->load, &e->tou, e->asof, &x[k]);
}

static void
compute(struct entity *e)
{
	for (size_t k = 0; k < ER_FEAT_COUNT; k++)
		e->out[k] = NAN;
	er_feat_load_compute(&e->load, &e->meters, &e->tou, e->asof, e->out);
	er_feat_meters_compute(&e->meters, e->asof, e->out);
}

/* 2 kWh a quarter hour in the default peak (08-11, 18-23), 1 in flat, 0.5 in valley
 * (23-07): 32 slots each, so peak 64, flat 32, valley 16 of 112 kWh. */
static double
slot_kwh(int h)
{
	return (h >= 8 && h < 11) || (h >= 18 && h < 23) ? 2 : h >= 23 || h < 7 ? 0.5 : 1;
}

static void
test_quarter_hour_day(void **state)
{
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	for (int i = 0; i < 96; i++)
		feed(&e, "M1", day(2024, 6, 30), i / 4, i % 4 * 15, slot_kwh(i / 4));
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_PEAK_SHARE_90D], 64.0 / 112, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_FLAT_SHARE_90D], 32.0 / 112, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_VALLEY_SHARE_90D], 16.0 / 112, 1e-12);
	/* 22:00-23:00 peak (4 x 2) and 23:00-06:00 valley (28 x 0.5) */
	assert_double_equal(e.out[ER_FEAT_USAGE_NIGHT_SHARE_90D], 22.0 / 112, 1e-12);
	/* 2 kWh in a quarter hour is 8 kW; the average is 112 kWh / 24 h */
	assert_double_equal(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 8, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D], 112.0 / 24 / 8, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 1, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_METER_CHANGES_12M], 0, 0);
	/* no data a year before */
	assert_true(isnan(e.out[ER_FEAT_USAGE_VALLEY_SHIFT_YOY]));
	er_feat_meters_free(&e.meters);
}

static void
test_missing_interval(void **state)
{
	/* 10:00-10:15 (2 kWh of peak) missing: 110 kWh over 23.75 h, still 15-minute intervals */
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	for (int i = 0; i < 96; i++)
		if (i != 40)
			feed(&e, "M1", day(2024, 6, 30), i / 4, i % 4 * 15, slot_kwh(i / 4));
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_PEAK_SHARE_90D], 62.0 / 110, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 8, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D], 110 / 23.75 / 8, 1e-12);
	er_feat_meters_free(&e.meters);
}

static void
test_hourly_split_pro_rata(void **state)
{
	/* hourly data, peak 08:30-09:00: the 08:00 interval (6 kWh) is half peak */
	struct entity e;
	entity_init(&e, "peak=08:30-09:00", day(2024, 6, 30));
	feed(&e, "M1", day(2024, 6, 30), 8, 0, 6);
	feed(&e, "M1", day(2024, 6, 30), 9, 0, 2);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_PEAK_SHARE_90D], 3.0 / 8, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_FLAT_SHARE_90D], 5.0 / 8, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_VALLEY_SHARE_90D], 0, 0);
	/* 6 kWh in an hour */
	assert_double_equal(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 6, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D], 4.0 / 6, 1e-12);
	er_feat_meters_free(&e.meters);
}

static void
test_split_wraps_midnight(void **state)
{
	char err[ER_ERRLEN];
	struct er_feat_tou t;
	double part[ER_FEAT_TOU_NPARTS];
	assert_int_equal(er_feat_tou_parse(&t, "peak=00:00-00:15;valley=12:00-24:00", err), 0);
	/* 23:45-00:15: 15 minutes valley, 15 peak, all night */
	er_feat_tou_split(&t, 23 * 60 + 45, 30, 10, part);
	assert_double_equal(part[ER_FEAT_TOU_VALLEY], 5, 1e-12);
	assert_double_equal(part[ER_FEAT_TOU_PEAK], 5, 1e-12);
	assert_double_equal(part[ER_FEAT_TOU_FLAT], 0, 0);
	assert_double_equal(part[ER_FEAT_TOU_NIGHT], 10, 0);
	/* 05:45-06:45: a quarter of it at night, all flat */
	er_feat_tou_split(&t, 5 * 60 + 45, 60, 8, part);
	assert_double_equal(part[ER_FEAT_TOU_NIGHT], 2, 1e-12);
	assert_double_equal(part[ER_FEAT_TOU_FLAT], 8, 0);
}

static void
test_tou_parse_errors(void **state)
{
	char err[ER_ERRLEN];
	struct er_feat_tou t;
	assert_int_equal(er_feat_tou_parse(&t, "peak=08:00-12:00;valley=11:00-13:00", err), ER_EUSAGE);
	assert_non_null(strstr(err, "overlaps"));
	assert_int_equal(er_feat_tou_parse(&t, "peak=25:00-26:00", err), ER_EUSAGE);
	assert_non_null(strstr(err, "bad peak range '25:00-26:00'"));
	assert_int_equal(er_feat_tou_parse(&t, "peak=08:00-08:00", err), ER_EUSAGE);
	assert_int_equal(er_feat_tou_parse(&t, "sharp=19:00-21:00", err), ER_EUSAGE);
	assert_non_null(strstr(err, "unknown period 'sharp'"));
	assert_int_equal(er_feat_tou_parse(&t, "peak 08:00-09:00", err), ER_EUSAGE);
	assert_int_equal(er_feat_tou_parse(&t, "", err), ER_EUSAGE);
	assert_int_equal(er_feat_tou_parse(&t, "valley=24:00-07:00", err), ER_EUSAGE);
	/* a wrapping valley and two peak ranges, repeated names adding up */
	assert_int_equal(er_feat_tou_parse(&t, "peak=08:00-11:00;peak=18:00-23:00;valley=23:00-07:00", err), 0);
	assert_int_equal(t.cum[ER_FEAT_TOU_PEAK][1440], 8 * 60);
	assert_int_equal(t.cum[ER_FEAT_TOU_VALLEY][1440], 8 * 60);
	assert_int_equal(t.cum[ER_FEAT_TOU_FLAT][1440], 8 * 60);
	assert_int_equal(t.cum[ER_FEAT_TOU_NIGHT][1440], 8 * 60);
}

static void
test_interval_length_from_spacing(void **state)
{
	/* half-hourly starts at :00 and :30, the second one missing: 30 minutes once seen */
	struct er_feat_meters m;
	memset(&m, 0, sizeof m);
	struct er_feat_interval x[2];
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "", 0, 100, 1, 0, 1, x), 0);
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "", 0, 100, 1, 90, 2, x), 2);
	/* the first waited and gets the length the spacing gives */
	assert_int_equal(x[0].start, 0);
	assert_int_equal(x[0].minutes, 30);
	assert_int_equal(x[1].start, 90);
	assert_int_equal(x[1].minutes, 30);
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "", 0, 100, 1, 120, 3, x), 1);
	assert_int_equal(x[0].minutes, 30);
	/* another meter of the account has its own spacing */
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "M2", 2, 100, 1, 15, 1, x), 0);
	struct er_feat_interval p;
	size_t k = 0;
	assert_int_equal(er_feat_meters_pending(&m, &k, &p), 1);
	assert_int_equal(p.start, 15);
	assert_int_equal(p.minutes, 15);
	assert_int_equal(er_feat_meters_pending(&m, &k, &p), 0);
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "M2", 2, 100, 1, 75, 1, x), 2);
	assert_int_equal(x[0].minutes, 60);
	k = 0;
	assert_int_equal(er_feat_meters_pending(&m, &k, &p), 0);
	er_feat_meters_free(&m);
}

static void
test_lone_interval_is_counted(void **state)
{
	/* one reading at 00:15: a guessed quarter hour, counted though it still waits */
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	feed(&e, "M1", day(2024, 6, 29), 0, 15, 1);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_VALLEY_SHARE_90D], 1, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 4, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D], 1, 1e-12);
	er_feat_meters_free(&e.meters);
}

static void
test_daily_rows_have_no_load_shape(void **state)
{
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	feed(&e, "M1", day(2024, 6, 29), -1, 0, 100);
	compute(&e);
	assert_true(isnan(e.out[ER_FEAT_USAGE_PEAK_SHARE_90D]));
	assert_true(isnan(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D]));
	assert_true(isnan(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D]));
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 1, 0);
	er_feat_meters_free(&e.meters);
	/* no load state at all: nothing */
	double out[ER_FEAT_COUNT];
	for (size_t k = 0; k < ER_FEAT_COUNT; k++)
		out[k] = NAN;
	er_feat_load_compute(NULL, NULL, &e.tou, e.asof, out);
	er_feat_meters_compute(NULL, e.asof, out);
	for (size_t k = 0; k < ER_FEAT_COUNT; k++)
		assert_true(isnan(out[k]));
}

static void
test_valley_shift_year_before(void **state)
{
	/* hourly: 02:00 valley, 12:00 flat. May 2024: 1 + 3 (share 0.25); May 2023: 1 + 1 (0.5) */
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	feed(&e, "M1", day(2024, 5, 15), 2, 0, 1);
	feed(&e, "M1", day(2024, 5, 15), 12, 0, 3);
	feed(&e, "M1", day(2023, 5, 15), 2, 0, 1);
	feed(&e, "M1", day(2023, 5, 15), 12, 0, 1);
	/* outside both windows: ignored */
	feed(&e, "M1", day(2024, 3, 15), 2, 0, 50);
	feed(&e, "M1", day(2023, 7, 15), 2, 0, 50);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_VALLEY_SHIFT_YOY], 0.25 - 0.5, 1e-12);
	/* the 90-day window holds only May 15 2024 */
	assert_double_equal(e.out[ER_FEAT_USAGE_VALLEY_SHARE_90D], 0.25, 1e-12);
	er_feat_meters_free(&e.meters);
}

static void
test_window_moves(void **state)
{
	/* the as-of date moves on 200 days (stream mode): the old day leaves the window, a day
	 * in its ring slot replaces it */
	struct entity e;
	entity_init(&e, NULL, day(2024, 1, 10));
	feed(&e, "M1", day(2024, 1, 10), 2, 0, 5);
	feed(&e, "M1", day(2024, 1, 10), 12, 0, 5);
	e.asof = day(2024, 1, 10) + 200;
	compute(&e);
	assert_true(isnan(e.out[ER_FEAT_USAGE_VALLEY_SHARE_90D]));
	/* day + 128 takes the old day's ring slot */
	feed(&e, "M1", day(2024, 1, 10) + 128, 12, 0, 7);
	feed(&e, "M1", day(2024, 1, 10) + 200, 12, 0, 3);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_FLAT_SHARE_90D], 1, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_VALLEY_SHARE_90D], 0, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 7, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D], 5.0 / 7, 1e-12);
	er_feat_meters_free(&e.meters);
}

static void
test_meter_changes(void **state)
{
	/* M1 read daily to March 10, M2 from March 11: one stopped, one appeared */
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	for (er_day d = day(2024, 1, 1); d <= day(2024, 3, 10); d++)
		feed(&e, "M1", d, -1, 0, 10);
	for (er_day d = day(2024, 3, 11); d <= day(2024, 6, 30); d++)
		feed(&e, "M2", d, -1, 0, 10);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 2, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_METER_CHANGES_12M], 2, 0);
	/* M0 stopped before the 12 months: not counted, but then M1 appeared in them */
	feed(&e, "M0", day(2023, 6, 1), -1, 0, 10);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 2, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_METER_CHANGES_12M], 3, 0);
	er_feat_meters_free(&e.meters);

	/* two meters read monthly on different days, all year: no change */
	struct er_feat_meters m;
	memset(&m, 0, sizeof m);
	struct er_feat_interval x[2];
	for (int mo = 1; mo <= 6; mo++) {
		assert_int_equal(er_feat_meters_add(&m, "A", 1, "M1", 2, day(2024, mo, 5), 30, -1, 1, x), 0);
		assert_int_equal(er_feat_meters_add(&m, "A", 1, "M2", 2, day(2024, mo, 20), 30, -1, 1, x), 0);
	}
	double out[ER_FEAT_COUNT];
	er_feat_meters_compute(&m, day(2024, 6, 30), out);
	assert_double_equal(out[ER_FEAT_USAGE_METERS_12M], 2, 0);
	assert_double_equal(out[ER_FEAT_USAGE_METER_CHANGES_12M], 0, 0);
	/* the same meter id under another account is another meter, read daily: it appeared,
	 * and the monthly meters are not stopped by it (their next reading is not due yet) */
	assert_int_equal(er_feat_meters_add(&m, "B", 1, "M1", 2, day(2024, 6, 25), 1, -1, 1, x), 0);
	er_feat_meters_compute(&m, day(2024, 6, 30), out);
	assert_double_equal(out[ER_FEAT_USAGE_METERS_12M], 3, 0);
	assert_double_equal(out[ER_FEAT_USAGE_METER_CHANGES_12M], 1, 0);
	er_feat_meters_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_quarter_hour_day),
		cmocka_unit_test(test_missing_interval),
		cmocka_unit_test(test_hourly_split_pro_rata),
		cmocka_unit_test(test_split_wraps_midnight),
		cmocka_unit_test(test_tou_parse_errors),
		cmocka_unit_test(test_interval_length_from_spacing),
		cmocka_unit_test(test_lone_interval_is_counted),
		cmocka_unit_test(test_daily_rows_have_no_load_shape),
		cmocka_unit_test(test_valley_shift_year_before),
		cmocka_unit_test(test_window_moves),
		cmocka_unit_test(test_meter_changes),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
