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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hand_case),
		cmocka_unit_test(test_ties_and_degenerate),
		cmocka_unit_test(test_roc),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
