/* Unit tests for er-eval's measures: DeLong's test (model/delong.c) on a case worked out by
 * hand, PSI (model/psi.c), the gains table (model/gains.c) and calibration
 * (model/calibration.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/calibration.h"
#include "model/delong.h"
#include "model/gains.h"
#include "model/psi.h"

/* Three bad and three good rows, the second score with a tie.
 * Score 1: bads 0.9, 0.7, 0.4; goods 0.8, 0.3, 0.2.
 *   bad components (share of goods below): 1, 2/3, 2/3; AUC1 = 7/9
 *   good components (share of bads above): 1/3, 1, 1
 * Score 2: bads 0.6, 0.5, 0.9; goods 0.7, 0.1, 0.5 (a tie with the bad 0.5: one half).
 *   bad components: 2/3, 1/2, 1; AUC2 = 13/18
 *   good components: 1/3, 1, 5/6
 * Differences per bad: 1/3, 1/6, -1/3 (mean 1/18, squared deviations 78/324, variance over
 * n - 1 = 2: 13/108); per good: 0, 0, 1/6 (mean 1/18, squared deviations 6/324, variance
 * 1/108). Var(AUC1 - AUC2) = 13/108 / 3 + 1/108 / 3 = 7/162; diff 1/18, z = sqrt(1/14). */
static void
test_delong_hand_case(void **state)
{
	double s1[6] = {0.9, 0.8, 0.7, 0.3, 0.4, 0.2}, s2[6] = {0.6, 0.7, 0.5, 0.1, 0.9, 0.5};
	unsigned char y[6] = {1, 0, 1, 0, 1, 0};
	char err[ER_ERRLEN];
	double se;
	struct er_delong d;

	assert_int_equal(er_delong_se(s1, s2, y, 6, &se, err), 0);
	assert_true(fabs(se - sqrt(7.0 / 162)) < 1e-12);
	er_delong_test(1.0 / 18, se, &d);
	assert_true(fabs(d.z - sqrt(1.0 / 14)) < 1e-12);
	assert_true(fabs(d.p - erfc(sqrt(1.0 / 14) / sqrt(2.0))) < 1e-12);
	assert_true(d.p > 0.78 && d.p < 0.80);
	assert_true(fabs(d.lo - (1.0 / 18 - 1.959963984540054 * se)) < 1e-12);
	/* the same score twice: no difference, no spread */
	assert_int_equal(er_delong_se(s1, s1, y, 6, &se, err), 0);
	assert_true(se == 0);
	er_delong_test(0, se, &d);
	assert_true(d.p == 1);
	/* one bad row only: no variance */
	unsigned char one[6] = {1, 0, 0, 0, 0, 0};
	assert_int_equal(er_delong_se(s1, s2, one, 6, &se, err), 0);
	assert_true(isnan(se));
	(void)state;
}

static void
test_psi(void **state)
{
	/* shares 0.5/0.5 against 0.25/0.75: (0.25 - 0.5) ln(0.5) + (0.75 - 0.5) ln(1.5) */
	double e[2] = {50, 50}, a[2] = {25, 75}, same[2] = {10, 10};
	assert_true(fabs(er_psi_counts(e, a, 2, 0.5) - (-0.25 * log(0.5) + 0.25 * log(1.5))) < 1e-12);
	assert_true(er_psi_counts(e, same, 2, 0.5) == 0);
	/* an empty bin counts as ZC rows: actual 0 of 100 -> 0.5 of 100.5 */
	double z[2] = {0, 100};
	double as = 0.5 / 100.5, bs = 100 / 100.5;
	assert_true(fabs(er_psi_counts(e, z, 2, 0.5) - ((as - 0.5) * log(as / 0.5) + (bs - 0.5) * log(bs / 0.5))) <
	            1e-12);
	assert_true(isnan(er_psi_counts(e, a, 0, 0.5)));
	/* edges of 10 equal-count bins of 1..20: the 2nd, 4th, ... 18th values */
	double x[20], edges[9];
	for (int i = 0; i < 20; i++)
		x[i] = i + 1;
	assert_int_equal(er_psi_edges(x, 20, 10, edges), 9);
	assert_true(edges[0] == 2 && edges[8] == 18);
	assert_int_equal(er_psi_bin(edges, 9, 2), 0); /* equal to a cut: the lower bin */
	assert_int_equal(er_psi_bin(edges, 9, 2.5), 1);
	assert_int_equal(er_psi_bin(edges, 9, 20), 9);
	/* all equal: no cut, one bin */
	double flat[5] = {3, 3, 3, 3, 3};
	assert_int_equal(er_psi_edges(flat, 5, 10, edges), 0);
	assert_string_equal(er_psi_band(0.05), "stable");
	assert_string_equal(er_psi_band(0.1), "moderate");
	assert_string_equal(er_psi_band(0.25), "major");
	(void)state;
}

static void
test_gains_and_calibration(void **state)
{
	/* four rows riskiest first in two groups, {0.9 bad, 0.7 bad} and {0.4 good, 0.1 bad}:
	 * three bads of four, so the first group's lift is 1 / 0.75 */
	double pd[4] = {0.9, 0.7, 0.4, 0.1};
	unsigned char y[4] = {1, 1, 0, 1};
	size_t order[4] = {0, 1, 2, 3};
	struct er_gains_row g[2];
	assert_int_equal(er_gains_table(order, 4, y, pd, pd, 2, g), 2);
	assert_int_equal(g[0].count, 2);
	assert_int_equal(g[0].bads, 2);
	assert_true(fabs(g[0].capture - 2.0 / 3) < 1e-12);
	assert_true(fabs(g[0].cum_good - 0) < 1e-12);
	assert_true(fabs(g[0].lift - 1.0 / 0.75) < 1e-12);
	assert_true(fabs(g[0].ks - 2.0 / 3) < 1e-12);
	assert_true(fabs(g[0].mean_pd - 0.8) < 1e-12);
	assert_true(g[0].min == 0.7 && g[0].max == 0.9);
	assert_true(fabs(g[1].capture - 1) < 1e-12 && fabs(g[1].cum_lift - 1) < 1e-12);
	/* ECE over two bins: |1.6 - 2| / 4 + |0.5 - 1| / 4 */
	assert_true(fabs(er_calibration_ece(pd, y, order, 4, 2) - (0.4 + 0.5) / 4) < 1e-12);
	double ll, br;
	er_calibration_scores(pd, y, 4, &ll, &br);
	assert_true(fabs(ll - -(log(0.9) + log(0.7) + log(0.6) + log(0.1)) / 4) < 1e-12);
	assert_true(fabs(br - (0.01 + 0.09 + 0.16 + 0.81) / 4) < 1e-12);
	/* a pd of 0 for a bad row is clipped, not infinite */
	double zero[1] = {0};
	unsigned char bad[1] = {1};
	er_calibration_scores(zero, bad, 1, &ll, &br);
	assert_true(fabs(ll - -log(1e-15)) < 1e-9);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_delong_hand_case),
		cmocka_unit_test(test_psi),
		cmocka_unit_test(test_gains_and_calibration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
