/* Unit tests for model/metrics.c: AUC, KS and Gini on hand-computed cases, ties, ROC. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/metrics.h"

static void
test_hand_case(void **state)
{
	double s[5] = {0.6, 0.9, 0.5, 0.7, 0.8};
	unsigned char y[5] = {0, 1, 0, 1, 0};
	struct er_metrics m;
	char err[ER_ERRLEN];
	assert_int_equal(er_metrics_compute(s, y, 5, &m, err), 0);
	/* bad 0.9 outranks 3 goods, bad 0.7 outranks 2: 5 of 6 pairs. */
	assert_true(fabs(m.auc - 5.0 / 6) < 1e-12);
	assert_true(fabs(m.gini - 4.0 / 6) < 1e-12);
	/* At 0.7: both bads and one good of three flagged. */
	assert_true(fabs(m.ks - (1 - 1.0 / 3)) < 1e-12);
	assert_true(m.ks_score == 0.7);
	assert_int_equal(m.n, 5);
	assert_int_equal(m.bad, 2);
	(void)state;
}

static void
test_ties_and_degenerate(void **state)
{
	double s[4] = {1, 1, 1, 1};
	unsigned char y[4] = {1, 0, 1, 0}, none[4] = {0, 0, 0, 0};
	struct er_metrics m;
	char err[ER_ERRLEN];
	assert_int_equal(er_metrics_compute(s, y, 4, &m, err), 0);
	assert_true(m.auc == 0.5 && m.ks == 0);
	assert_int_equal(er_metrics_compute(s, none, 4, &m, err), 0);
	assert_true(isnan(m.auc) && isnan(m.ks));
	/* A perfect ordering, with ties inside each class. */
	double t[4] = {3, 3, 1, 1};
	unsigned char yt[4] = {1, 1, 0, 0};
	assert_int_equal(er_metrics_compute(t, yt, 4, &m, err), 0);
	assert_true(m.auc == 1 && m.ks == 1);
	(void)state;
}

static void
test_roc(void **state)
{
	double s[5] = {0.6, 0.9, 0.5, 0.7, 0.8};
	unsigned char y[5] = {0, 1, 0, 1, 0};
	struct er_metrics_point *p;
	size_t n;
	char err[ER_ERRLEN];
	assert_int_equal(er_metrics_roc(s, y, 5, &p, &n, err), 0);
	assert_int_equal(n, 6);
	assert_true(p[0].tpr == 0 && p[0].fpr == 0);
	assert_true(p[5].tpr == 1 && p[5].fpr == 1);
	/* The trapezoids under the curve give the AUC back. */
	double area = 0;
	for (size_t i = 1; i < n; i++)
		area += (p[i].fpr - p[i - 1].fpr) * (p[i].tpr + p[i - 1].tpr) / 2;
	assert_true(fabs(area - 5.0 / 6) < 1e-12);
	free(p);
	(void)state;
}

/* The float AUC is er_metrics_compute's of the same scores to the bit: many ties, negative
 * and positive scores, -0 beside 0, a few rows and many; NaN with one class. */
static void
test_auc_float(void **state)
{
	enum { N = 20000 };
	static float f[N];
	static double d[N];
	static unsigned char y[N];
	static uint64_t work[2 * N];
	struct er_metrics m;
	char err[ER_ERRLEN];
	uint64_t s = 12345;
	for (size_t i = 0; i < N; i++) {
		s = s * 6364136223846793005u + 1442695040888963407u;
		unsigned r = (unsigned)(s >> 33);
		/* a few hundred distinct values, so ties abound; some far apart in magnitude */
		f[i] = (float)((int)(r % 601) - 300) / (r % 7 == 0 ? 1000.0f : 3.0f);
		if (r % 97 == 0)
			f[i] = -0.0f;
		y[i] = (r >> 11) % 3 == 0 || f[i] > 50;
		d[i] = f[i];
	}
	size_t sizes[] = {1, 2, 5, 257, 4096, N};
	for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
		size_t n = sizes[k];
		assert_int_equal(er_metrics_compute(d, y, n, &m, err), 0);
		double auc = er_metrics_auc_float(f, y, n, work);
		if (isnan(m.auc))
			assert_true(isnan(auc));
		else
			assert_true(auc == m.auc);
	}
	assert_true(er_metrics_auc_float(f, y, N, work) > 0.6);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_case),
		cmocka_unit_test(test_ties_and_degenerate),
		cmocka_unit_test(test_roc),
		cmocka_unit_test(test_auc_float),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
