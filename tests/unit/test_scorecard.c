/* Unit tests for model/scorecard.c: the points arithmetic and the two-level fit. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/scorecard.h"

static void
test_scaling(void **state)
{
	struct er_scaling s;
	char err[ER_ERRLEN];
	assert_int_equal(er_scaling_init(&s, 600, 1.0 / 19, 50, err), 0);
	assert_true(fabs(s.factor - 72.1348) < 5e-5);
	assert_true(fabs(s.offset - 387.6036) < 5e-5);
	assert_true(fabs(er_scaling_score(&s, log(1.0 / 19)) - 600) < 1e-9);
	/* Twice the odds of bad: 50 points fewer. */
	assert_true(fabs(er_scaling_score(&s, log(2.0 / 19)) - 550) < 1e-9);
	assert_true(fabs(er_scaling_eta(&s, 550) - log(2.0 / 19)) < 1e-12);
	assert_int_equal(er_scaling_init(&s, 600, 0, 50, err), ER_EUSAGE);
	assert_int_equal(er_scaling_init(&s, 600, 1.0 / 19, 0, err), ER_EUSAGE);
	(void)state;
}

/* Rows of a WOE-coded indicator from bins with (good, bad) counts: WOE computed from them. */
static size_t
rows_from_bins(const int (*gb)[2], size_t nb, double *woe, double *y, size_t stride, size_t col)
{
	double G = 0, B = 0;
	for (size_t k = 0; k < nb; k++)
		G += gb[k][0], B += gb[k][1];
	size_t i = 0;
	for (size_t k = 0; k < nb; k++) {
		double w = log((gb[k][1] / B) / (gb[k][0] / G));
		for (int r = 0; r < gb[k][0] + gb[k][1]; r++, i++) {
			woe[i * stride + col] = w;
			if (y)
				y[i] = r < gb[k][1];
		}
	}
	return i;
}

static void
test_single_indicator_known_solution(void **state)
{
	/* With exact WOE of one indicator, the logistic fit is coefficient 1 and intercept
	 * ln(bad/good): each bin's log-odds is its WOE plus the population log-odds. */
	static const int gb[3][2] = {{300, 20}, {200, 40}, {100, 60}};
	double woe[720], y[720];
	size_t n = rows_from_bins(gb, 3, woe, y, 1, 0);
	size_t module[1] = {0};
	struct er_scorecard_fit f;
	char err[ER_ERRLEN];
	assert_int_equal(er_scorecard_fit(woe, y, n, 1, module, 1, 0, &f, err), 0);
	assert_true(fabs(f.coef[0] - 1) < 1e-7);
	assert_true(fabs(f.mod_intercept[0] - log(120.0 / 600)) < 1e-7);
	/* One module: the second level passes the module's log-odds through. */
	assert_true(fabs(f.mod_weight[0] - 1) < 1e-7);
	assert_true(fabs(f.intercept) < 1e-6);
	er_scorecard_fit_free(&f);
	(void)state;
}

static void
test_two_modules_signs(void **state)
{
	/* Two modules; the second indicator of module 0 is anti-informative (its WOE is the
	 * negated risk), so its coefficient must stop at 0 rather than turn negative. */
	enum { N = 720, P = 3 };
	static const int gb[3][2] = {{300, 20}, {200, 40}, {100, 60}};
	static double woe[N * P], y[N];
	rows_from_bins(gb, 3, woe, y, P, 0);
	rows_from_bins(gb, 3, woe, NULL, P, 1);
	for (size_t i = 0; i < N; i++) {
		woe[i * P + 1] = -woe[i * P + 1] + 0.1 * (double)(i % 7) / 7;
		woe[i * P + 2] = woe[i * P + 0] * 0.5 + 0.3 * (double)((i * 13) % 11) / 11 - 0.15;
	}
	size_t module[P] = {0, 0, 1};
	struct er_scorecard_fit f;
	char err[ER_ERRLEN];
	assert_int_equal(er_scorecard_fit(woe, y, N, P, module, 2, 1e-4, &f, err), 0);
	for (size_t j = 0; j < P; j++)
		assert_true(f.coef[j] >= 0);
	assert_true(f.coef[0] > 0.5);
	assert_true(f.coef[1] < 0.05);
	for (size_t m = 0; m < 2; m++)
		assert_true(f.mod_weight[m] >= 0);
	/* The final log-odds is the weighted sum of the module log-odds. */
	double x[P] = {0.3, -0.2, 0.1};
	double expect = f.intercept + f.mod_weight[0] * (f.mod_intercept[0] + f.coef[0] * 0.3 - f.coef[1] * 0.2) +
		f.mod_weight[1] * (f.mod_intercept[1] + f.coef[2] * 0.1);
	assert_true(fabs(er_scorecard_eta(&f, module, x) - expect) < 1e-12);
	er_scorecard_fit_free(&f);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_scaling),
		cmocka_unit_test(test_single_indicator_known_solution),
		cmocka_unit_test(test_two_modules_signs),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
