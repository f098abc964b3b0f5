/* Unit tests for features/feat_tou.c, feat_meter.c and feat_load.c: time-of-use schedules
 * and the pro-rata split, interval lengths from the spacing of start times (robust to an
 * odd reading, whatever the order of the readings), the load-shape indicators of
 * hand-computed days and the meter indicators. */
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
	er_day asof;
	int moving; /* 1: the as-of date moves (--stream without --asof) */
	double out[ER_FEAT_COUNT];
};

static void
entity_init(struct entity *e, const char *tou, er_day asof)
{
	char err[ER_ERRLEN];
	memset(e, 0, sizeof *e);
	assert_int_equal(er_feat_tou_parse(&e->tou, tou ? tou : ER_FEAT_TOU_DEFAULT, err), 0);
	e->asof = asof;
}

static void
feed(struct entity *e, const char *meter, er_day d, int hh, int mm, double kwh)
{
	long i = er_feat_meters_add(&e->meters, "A1", 2, meter, strlen(meter), d, 1);
	assert_true(i >= 0);
	if (hh < 0)
		return;
	struct er_feat_meter *x = &e->meters.m[i];
	if (!x->load)
		assert_non_null(x->load = er_feat_load_new(e->asof, e->moving));
	assert_int_equal(er_feat_load_add(x->load, e->asof, d, hh * 60 + mm, kwh, "in", 2), 0);
}

static void
compute(struct entity *e)
{
	for (size_t k = 0; k < ER_FEAT_COUNT; k++)
		e->out[k] = NAN;
	er_feat_load_compute(&e->meters, &e->tou, e->asof, e->out);
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

/* A meter's load shape fed with readings at the given minutes of one day, 1 kWh each. */
static struct er_feat_load *
load_of(const int *minutes, size_t n)
{
	struct er_feat_load *l = er_feat_load_new(day(2024, 6, 30), 0);
	assert_non_null(l);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(er_feat_load_add(l, day(2024, 6, 30), day(2024, 6, 30), minutes[i], 1, "in", i + 2),
		                 0);
	return l;
}

static void
test_interval_length_from_spacing(void **state)
{
	/* half-hourly starts with one missing: gaps 90, 30 and 1320 across midnight, a tie
	 * that goes to the shorter */
	struct er_feat_load *l = load_of((const int[]){0, 90, 120}, 3);
	assert_int_equal(er_feat_load_spacing(l), 30);
	er_feat_load_free(l);
	/* one start time: the length its start allows */
	l = load_of((const int[]){15}, 1);
	assert_int_equal(er_feat_load_spacing(l), 15);
	er_feat_load_free(l);
	l = load_of((const int[]){15, 75}, 2);
	assert_int_equal(er_feat_load_spacing(l), 60);
	er_feat_load_free(l);
	/* twice a day is still at most an hour */
	l = load_of((const int[]){0, 720}, 2);
	assert_int_equal(er_feat_load_spacing(l), 60);
	er_feat_load_free(l);
}

static void
test_off_grid_reading(void **state)
{
	/* quarter hours and one reading at 05:01: still 15 minutes (the gaps 1 and 14 are
	 * rare), the odd reading found with its line */
	int minutes[97];
	for (int i = 0; i < 96; i++)
		minutes[i] = i * 15;
	minutes[96] = 5 * 60 + 1;
	struct er_feat_load *l = load_of(minutes, 97);
	assert_int_equal(er_feat_load_spacing(l), 15);
	uint64_t count;
	const struct er_feat_load_start *off = er_feat_load_off_grid(l, &count);
	assert_non_null(off);
	assert_int_equal(off->minute, 301);
	assert_int_equal(off->line, 98);
	assert_int_equal(count, 1);
	er_feat_load_free(l);
	/* on the grid: nothing off it */
	l = load_of(minutes, 96);
	assert_null(er_feat_load_off_grid(l, &count));
	assert_int_equal(count, 0);
	er_feat_load_free(l);
	/* hourly on 20 days and one reading at 08:01: too rare to make a gap */
	l = er_feat_load_new(day(2024, 6, 30), 0);
	for (int d = 0; d < 20; d++)
		for (int h = 0; h < 24; h++)
			assert_int_equal(
				er_feat_load_add(l, day(2024, 6, 30), day(2024, 6, 10) + d, h * 60, 1, "in", 2), 0);
	assert_int_equal(er_feat_load_add(l, day(2024, 6, 30), day(2024, 6, 11), 481, 1, "in", 3), 0);
	assert_int_equal(er_feat_load_spacing(l), 60);
	assert_non_null(off = er_feat_load_off_grid(l, &count));
	assert_int_equal(off->minute, 481);
	er_feat_load_free(l);

	/* the indicators: 2 kWh in the odd interval is 8 kW as any quarter hour, not 120 */
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	for (int i = 0; i < 96; i++)
		feed(&e, "M1", day(2024, 6, 30), i / 4, i % 4 * 15, slot_kwh(i / 4));
	feed(&e, "M1", day(2024, 6, 30), 5, 1, 2);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 8, 1e-12);
	assert_double_equal(e.out[ER_FEAT_USAGE_LOAD_FACTOR_90D], 114.0 / 24.25 / 8, 1e-12);
	er_feat_meters_free(&e.meters);
}

/* Feeds reading K of 3 days of meter M1 (quarter hours) and M2 (hourly) into E. */
static void
feed_nth(struct entity *e, int k)
{
	int per_day = 96 + 24, d = k / per_day, i = k % per_day;
	if (i < 96)
		feed(e, "M1", day(2024, 6, 28) + d, i / 4, i % 4 * 15, slot_kwh(i / 4) * (1 + d));
	else
		feed(e, "M2", day(2024, 6, 28) + d, i - 96, 0, 0.25 * (i - 96));
}

static void
test_order_does_not_matter(void **state)
{
	/* the same readings forwards, backwards and scattered: the same indicators, bit for
	 * bit (the kWh are quarters: every sum is exact) */
	enum { N = 3 * (96 + 24) };
	struct entity a, b, c;
	entity_init(&a, NULL, day(2024, 6, 30));
	entity_init(&b, NULL, day(2024, 6, 30));
	entity_init(&c, NULL, day(2024, 6, 30));
	for (int k = 0; k < N; k++) {
		feed_nth(&a, k);
		feed_nth(&b, N - 1 - k);
		/* 7 is prime to N: k * 7 mod N visits every reading once */
		feed_nth(&c, k * 7 % N);
	}
	compute(&a);
	compute(&b);
	compute(&c);
	assert_double_equal(a.out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D], 24, 0);
	assert_memory_equal(a.out, b.out, sizeof a.out);
	assert_memory_equal(a.out, c.out, sizeof a.out);
	er_feat_meters_free(&a.meters);
	er_feat_meters_free(&b.meters);
	er_feat_meters_free(&c.meters);
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
	er_feat_load_compute(NULL, &e.tou, e.asof, out);
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
	e.moving = 1;
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
test_moving_prunes_and_equals_fixed(void **state)
{
	/* 1200 days of hourly readings, the as-of date moving each day (--asof last, --stream):
	 * the readings kept stay within twice what the windows can hold (months R-14..R and the
	 * days of the as-of month: 16 months at most) plus a day, fewer than all of them, and the
	 * indicators at the end equal those of a date fixed from the start */
	struct entity m, f;
	er_day first = day(2021, 1, 1), last = first + 1199;
	entity_init(&m, NULL, first);
	m.moving = 1;
	entity_init(&f, NULL, last);
	size_t most = 0;
	for (er_day d = first; d <= last; d++) {
		m.asof = d;
		for (int h = 0; h < 24; h++) {
			double kwh = slot_kwh(h) * (1 + (d - first) % 7);
			feed(&m, "M1", d, h, 0, kwh);
			feed(&f, "M1", d, h, 0, kwh);
		}
		if (m.meters.m[0].load->nkept > most)
			most = m.meters.m[0].load->nkept;
	}
	assert_true(most <= 2 * 24 * 16 * 31 + 24 && most < 24 * 1200);
	compute(&m);
	compute(&f);
	for (int k = ER_FEAT_USAGE_PEAK_SHARE_90D; k <= ER_FEAT_USAGE_VALLEY_SHIFT_YOY; k++)
		if (isnan(f.out[k]))
			assert_true(isnan(m.out[k]));
		else
			assert_double_equal(m.out[k], f.out[k], 1e-12);
	assert_false(isnan(f.out[ER_FEAT_USAGE_VALLEY_SHIFT_YOY]));
	er_feat_meters_free(&m.meters);
	er_feat_meters_free(&f.meters);
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
	for (int mo = 1; mo <= 6; mo++) {
		assert_int_equal(er_feat_meters_add(&m, "A", 1, "M1", 2, day(2024, mo, 5), 30), 0);
		assert_int_equal(er_feat_meters_add(&m, "A", 1, "M2", 2, day(2024, mo, 20), 30), 1);
	}
	double out[ER_FEAT_COUNT];
	er_feat_meters_compute(&m, day(2024, 6, 30), out);
	assert_double_equal(out[ER_FEAT_USAGE_METERS_12M], 2, 0);
	assert_double_equal(out[ER_FEAT_USAGE_METER_CHANGES_12M], 0, 0);
	/* the same meter id under another account is another meter, read daily: it appeared,
	 * and the monthly meters are not stopped by it (their next reading is not due yet) */
	assert_int_equal(er_feat_meters_add(&m, "B", 1, "M1", 2, day(2024, 6, 25), 1), 2);
	er_feat_meters_compute(&m, day(2024, 6, 30), out);
	assert_double_equal(out[ER_FEAT_USAGE_METERS_12M], 3, 0);
	assert_double_equal(out[ER_FEAT_USAGE_METER_CHANGES_12M], 1, 0);
	er_feat_meters_free(&m);
}

static void
test_unnamed_meter_beside_named(void **state)
{
	/* M1 read daily all half year, a few days with the meter_id cell empty: those are
	 * M1's (or another named meter's) readings, not a second meter that came and went */
	struct entity e;
	entity_init(&e, NULL, day(2024, 6, 30));
	for (er_day d = day(2024, 1, 1); d <= day(2024, 6, 30); d++)
		feed(&e, d % 10 ? "M1" : "", d, -1, 0, 10);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 1, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_METER_CHANGES_12M], 0, 0);
	er_feat_meters_free(&e.meters);
	/* only at the start: M1 did not appear after another meter */
	entity_init(&e, NULL, day(2024, 6, 30));
	for (er_day d = day(2024, 1, 1); d <= day(2024, 6, 30); d++)
		feed(&e, d < day(2024, 2, 1) ? "" : "M1", d, -1, 0, 10);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 1, 0);
	assert_double_equal(e.out[ER_FEAT_USAGE_METER_CHANGES_12M], 0, 0);
	er_feat_meters_free(&e.meters);
	/* an account with no named meter: its one unnamed meter counts */
	entity_init(&e, NULL, day(2024, 6, 30));
	feed(&e, "", day(2024, 6, 30), -1, 0, 10);
	compute(&e);
	assert_double_equal(e.out[ER_FEAT_USAGE_METERS_12M], 1, 0);
	er_feat_meters_free(&e.meters);
	/* an unnamed meter of another account of the enterprise is that account's meter */
	struct er_feat_meters m;
	memset(&m, 0, sizeof m);
	double out[ER_FEAT_COUNT];
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "M1", 2, day(2024, 6, 1), 30), 0);
	assert_int_equal(er_feat_meters_add(&m, "B", 1, "", 0, day(2024, 6, 1), 30), 1);
	assert_int_equal(er_feat_meters_add(&m, "A", 1, "", 0, day(2024, 6, 1), 30), 2);
	er_feat_meters_compute(&m, day(2024, 6, 30), out);
	assert_double_equal(out[ER_FEAT_USAGE_METERS_12M], 2, 0);
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
		cmocka_unit_test(test_off_grid_reading),
		cmocka_unit_test(test_order_does_not_matter),
		cmocka_unit_test(test_lone_interval_is_counted),
		cmocka_unit_test(test_daily_rows_have_no_load_shape),
		cmocka_unit_test(test_valley_shift_year_before),
		cmocka_unit_test(test_window_moves),
		cmocka_unit_test(test_moving_prunes_and_equals_fixed),
		cmocka_unit_test(test_meter_changes),
		cmocka_unit_test(test_unnamed_meter_beside_named),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
