/* Unit tests for features/feat_event.c: capacity changes, suspensions, closures, owner
 * changes and window dressing before the as-of date. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "features/feat_catalogue.h"
#include "features/feat_event.h"

static er_day
day(int y, int m, int d)
{
	return er_date_from_ymd(y, m, d);
}

static double out[ER_FEAT_COUNT];

static struct er_feat_event
ev(er_day date, int type, uint32_t account)
{
	return (struct er_feat_event){date, type, account, NAN, NAN, ER_NO_DAY};
}

static void
test_no_events(void **state)
{
	er_feat_event_compute(NULL, 0, day(2016, 9, 30), NULL, out);
	assert_true(out[ER_FEAT_EVENT_CAP_REDUCTIONS_12M] == 0);
	assert_true(isnan(out[ER_FEAT_EVENT_CAP_REDUCTION_DEPTH_12M]));
	assert_true(out[ER_FEAT_EVENT_SUSPENDED_DAYS_12M] == 0);
	assert_true(out[ER_FEAT_EVENT_SUSPENSION_ONGOING] == 0);
	assert_true(out[ER_FEAT_EVENT_OWNER_CHANGE_6M] == 0);
	assert_true(out[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH] == 0);
	assert_true(out[ER_FEAT_PAY_DISCONNECTIONS_12M] == 0);
}

static void
test_capacity_and_owner(void **state)
{
	er_day asof = day(2016, 9, 30);
	struct er_feat_event e[] = {
		ev(day(2015, 6, 1), ER_FEAT_EV_CAPACITY_REDUCTION, 1), /* before 12m */
		ev(day(2016, 1, 1), ER_FEAT_EV_CAPACITY_REDUCTION, 1),
		ev(day(2016, 2, 1), ER_FEAT_EV_CAPACITY_REDUCTION, 1),
		ev(day(2016, 3, 1), ER_FEAT_EV_RENAME, 1), /* before 6m */
		ev(day(2016, 5, 1), ER_FEAT_EV_DISCONNECT_ARREARS, 1),
		ev(day(2016, 6, 1), ER_FEAT_EV_RENAME, 1),
		ev(day(2016, 7, 1), ER_FEAT_EV_CLOSE, 2),
		ev(day(2016, 10, 1), ER_FEAT_EV_TRANSFER, 1), /* after A */
	};
	e[1].cap_before = 400;
	e[1].cap_after = 315;
	e[2].cap_before = 315;
	e[2].cap_after = 100;
	er_feat_event_compute(e, 8, asof, NULL, out);
	assert_true(out[ER_FEAT_EVENT_CAP_REDUCTIONS_12M] == 2);
	assert_true(fabs(out[ER_FEAT_EVENT_CAP_REDUCTION_DEPTH_12M] - 100.0 / 315) < 1e-15);
	assert_true(out[ER_FEAT_EVENT_CLOSURES_12M] == 1);
	assert_true(out[ER_FEAT_EVENT_OWNER_CHANGE_6M] == 1);
	assert_true(out[ER_FEAT_PAY_DISCONNECTIONS_12M] == 1);
	/* Seen later, the transfer counts. */
	er_feat_event_compute(e, 8, day(2016, 10, 31), NULL, out);
	assert_true(out[ER_FEAT_EVENT_OWNER_CHANGE_6M] == 2);
}

static void
test_suspensions(void **state)
{
	er_day asof = day(2016, 9, 30);
	struct er_feat_event e[] = {
		ev(day(2015, 9, 1), ER_FEAT_EV_SUSPEND, 1), /* resumed 2015-10-31: 30 days in 12m */
		ev(day(2015, 10, 31), ER_FEAT_EV_RESUME, 1),
		ev(day(2016, 3, 1), ER_FEAT_EV_SUSPEND, 2),  /* planned end 03-15: 15 days */
		ev(day(2016, 9, 21), ER_FEAT_EV_SUSPEND, 1), /* ongoing: 10 days */
		ev(day(2016, 9, 25), ER_FEAT_EV_RESUME, 3),  /* another account's resume */
	};
	e[2].end_date = day(2016, 3, 15);
	er_feat_event_compute(e, 5, asof, NULL, out);
	assert_true(out[ER_FEAT_EVENT_SUSPENDED_DAYS_12M] == 30 + 15 + 10);
	assert_true(out[ER_FEAT_EVENT_SUSPENSION_ONGOING] == 1);
	er_feat_event_compute(e, 3, asof, NULL, out);
	assert_true(out[ER_FEAT_EVENT_SUSPENSION_ONGOING] == 0);
}

static void
test_window_dressing(void **state)
{
	er_day asof = day(2016, 9, 30);
	struct er_feat_series s;
	er_feat_series_init(&s, asof);
	for (int m = 4; m <= 9; m++) {
		int mi = 2016 * 12 + m - 1;
		er_feat_series_add(&s, er_date_month_last(mi), 1, m <= 6 ? 100 : 90);
	}
	struct er_feat_event e[] = {ev(day(2016, 8, 1), ER_FEAT_EV_CAPACITY_INCREASE, 1)};
	er_feat_event_compute(e, 1, asof, &s, out);
	assert_true(out[ER_FEAT_EVENT_CAP_INCREASES_12M] == 1);
	assert_true(out[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH] == 1);
	er_feat_series_add(&s, day(2016, 9, 30), 1, 100);
	er_feat_event_compute(e, 1, asof, &s, out);
	assert_true(out[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH] == 0);
	er_feat_event_compute(e, 1, asof, NULL, out);
	assert_true(isnan(out[ER_FEAT_EVENT_CAP_INCREASE_NO_GROWTH]));
}

static void
test_types_and_sort(void **state)
{
	assert_int_equal(er_feat_event_type("capacity_reduction"), ER_FEAT_EV_CAPACITY_REDUCTION);
	assert_int_equal(er_feat_event_type("减容"), ER_FEAT_EV_CAPACITY_REDUCTION);
	assert_int_equal(er_feat_event_type("过户"), ER_FEAT_EV_TRANSFER);
	assert_int_equal(er_feat_event_type("party"), -1);
	struct er_feat_event e[] = {ev(5, 1, 0), ev(3, 2, 0), ev(5, 3, 0), ev(1, 4, 0)};
	assert_int_equal(er_feat_event_sort(e, 4), 0);
	assert_true(e[0].type == 4 && e[1].type == 2 && e[2].type == 1 && e[3].type == 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_events),      cmocka_unit_test(test_capacity_and_owner),
		cmocka_unit_test(test_suspensions),    cmocka_unit_test(test_window_dressing),
		cmocka_unit_test(test_types_and_sort),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
