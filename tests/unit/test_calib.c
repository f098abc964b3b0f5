/* Unit tests for model/calib.c: the isotonic map on rows whose pooled groups are known, the
 * least rows of a knot, ties, interpolation and the tails, and the calibration table's ECE. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/calib.h"

/* Rows of score I (ascending): segment k of LEN[k] rows has its BAD[k] bad rows at its top
 * scores, so inside a segment every bad row pools back over the good rows below it and the
 * segment becomes one group of rate BAD/LEN. Returns the row count. */
static size_t
segments(double *score, unsigned char *y, const size_t *len, const size_t *bad, size_t nseg)
{
	size_t i = 0;
	for (size_t k = 0; k < nseg; k++)
		for (size_t r = 0; r < len[k]; r++, i++) {
			score[i] = (double)i;
			y[i] = r >= len[k] - bad[k];
		}
	return i;
}

static void
test_two_groups(void **state)
{
	(void)state;
	static double score[2000];
	static unsigned char y[2000];
	size_t len[2] = {1000, 1000}, bad[2] = {400, 100};
	size_t n = segments(score, y, len, bad, 2);
	struct er_calib c;
	char err[ER_ERRLEN];
	assert_int_equal(er_calib_fit(score, y, n, &c, err), 0);
	assert_int_equal(c.n, 2);
	assert_float_equal(c.x[0], 499.5, 1e-9);
	assert_float_equal(c.x[1], 1499.5, 1e-9);
	assert_float_equal(c.pd[0], 0.4, 1e-12);
	assert_float_equal(c.pd[1], 0.1, 1e-12);
	assert_int_equal(er_calib_validate(&c, err), 0);
	/* linear between the knots, the knots' own rates on them */
	assert_float_equal(er_calib_pd(&c, 499.5), 0.4, 1e-12);
	assert_float_equal(er_calib_pd(&c, 999.5), 0.25, 1e-12);
	assert_float_equal(er_calib_pd(&c, 1499.5), 0.1, 1e-12);
	/* tails: flat with slope 0, else the log-odds move by TAIL per point */
	c.tail = 0;
	assert_float_equal(er_calib_pd(&c, -1000), 0.4, 1e-12);
	assert_float_equal(er_calib_pd(&c, 5000), 0.1, 1e-12);
	c.tail = 0.01;
	double lo = er_calib_pd(&c, 399.5), hi = er_calib_pd(&c, 1599.5);
	assert_float_equal(log(lo / (1 - lo)), log(0.4 / 0.6) + 1, 1e-9);
	assert_float_equal(log(hi / (1 - hi)), log(0.1 / 0.9) - 1, 1e-9);
	assert_true(isnan(er_calib_pd(&c, NAN)));
	er_calib_free(&c);
	assert_int_equal(c.n, 0);
}

static void
test_small_group_pooled(void **state)
{
	(void)state;
	/* the last segment (30 rows) is below the least rows of a knot (2030 rows, 520 bad:
	 * max(20.3, 10 / 0.256) = 39): it joins the segment before it */
	static double score[2030];
	static unsigned char y[2030];
	size_t len[3] = {1000, 1000, 30}, bad[3] = {400, 120, 0};
	size_t n = segments(score, y, len, bad, 3);
	assert_float_equal(er_calib_least_rows(2030, 520), 10 / (520.0 / 2030), 1e-9);
	struct er_calib c;
	char err[ER_ERRLEN];
	assert_int_equal(er_calib_fit(score, y, n, &c, err), 0);
	assert_int_equal(c.n, 2);
	assert_float_equal(c.pd[1], 120.0 / 1030, 1e-12);
	/* without the pooling the 30 good rows would be a knot of pd 0.5 / n */
	assert_true(c.pd[1] > 0.1);
	er_calib_free(&c);
}

static void
test_rising_rate_pooled(void **state)
{
	(void)state;
	/* rates that rise with the score cannot stand: everything pools into one knot at the
	 * overall rate, at the mean score */
	static double score[1000];
	static unsigned char y[1000];
	for (size_t i = 0; i < 1000; i++) {
		score[i] = (double)i;
		y[i] = i >= 500 && i % 2 == 0; /* 0 % bad below 500, 50 % above */
	}
	struct er_calib c;
	char err[ER_ERRLEN];
	assert_int_equal(er_calib_fit(score, y, 1000, &c, err), 0);
	assert_int_equal(c.n, 1);
	assert_float_equal(c.x[0], 499.5, 1e-9);
	assert_float_equal(c.pd[0], 0.25, 1e-12);
	er_calib_free(&c);
}

static void
test_ties_and_bounds(void **state)
{
	(void)state;
	/* one score for every row: one knot; an all-good set keeps its pd inside (0,1) */
	double score[50];
	unsigned char y[50];
	for (size_t i = 0; i < 50; i++)
		score[i] = 7, y[i] = 0;
	struct er_calib c;
	char err[ER_ERRLEN];
	assert_int_equal(er_calib_fit(score, y, 50, &c, err), 0);
	assert_int_equal(c.n, 1);
	assert_float_equal(c.pd[0], 0.01, 1e-12); /* half a row of 50 */
	assert_int_equal(er_calib_validate(&c, err), 0);
	er_calib_free(&c);
	score[3] = INFINITY;
	assert_int_equal(er_calib_fit(score, y, 50, &c, err), ER_EUSAGE);
	assert_int_equal(er_calib_fit(score, y, 0, &c, err), ER_EUSAGE);
	/* knots out of order are refused */
	double x[2] = {1, 2}, pd[2] = {0.1, 0.2};
	struct er_calib bad = {2, x, pd, 0};
	assert_int_equal(er_calib_validate(&bad, err), ER_EDATA);
	pd[0] = 1;
	pd[1] = 0.5;
	assert_int_equal(er_calib_validate(&bad, err), ER_EDATA);
}

static void
test_table(void **state)
{
	(void)state;
	/* pd 0.2 for every row against a 50 % bad rate: each tenth is off by 0.3 */
	double pd[100];
	unsigned char y[100];
	for (size_t i = 0; i < 100; i++)
		pd[i] = 0.2, y[i] = i % 2;
	struct er_calib_bin t[ER_CALIB_BINS];
	double ece;
	char err[ER_ERRLEN];
	assert_int_equal(er_calib_table(pd, y, 100, t, &ece, err), 0);
	assert_float_equal(ece, 0.3, 1e-12);
	/* a pd equal to each tenth's rate: ece 0; tenths in pd order, 10 rows each */
	for (size_t i = 0; i < 100; i++) {
		pd[i] = (double)(i / 10) / 10;
		y[i] = i % 10 < i / 10;
	}
	assert_int_equal(er_calib_table(pd, y, 100, t, &ece, err), 0);
	assert_float_equal(ece, 0, 1e-12);
	for (int b = 0; b < ER_CALIB_BINS; b++) {
		assert_int_equal(t[b].n, 10);
		assert_float_equal(t[b].bad_rate, b / 10.0, 1e-12);
	}
	/* fewer rows than bins: empty bins count nothing */
	assert_int_equal(er_calib_table(pd, y, 3, t, &ece, err), 0);
	assert_int_equal(t[0].n + t[1].n + t[2].n + t[3].n + t[4].n + t[5].n + t[6].n + t[7].n + t[8].n + t[9].n, 3);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_two_groups),
		cmocka_unit_test(test_small_group_pooled),
		cmocka_unit_test(test_rising_rate_pooled),
		cmocka_unit_test(test_ties_and_bounds),
		cmocka_unit_test(test_table),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
