/* Unit tests for model/logit.c: closed-form solutions, sign constraints, the L2 optimality
 * conditions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/logit.h"

/* Rows of one binary column: N0 rows at x=0 (B0 bad), N1 rows at x=1 (B1 bad). */
static size_t
two_groups(double *x, double *y, int n0, int b0, int n1, int b1)
{
	size_t k = 0;
	for (int i = 0; i < n0; i++, k++)
		x[k] = 0, y[k] = i < b0;
	for (int i = 0; i < n1; i++, k++)
		x[k] = 1, y[k] = i < b1;
	return k;
}

static void
test_closed_form(void **state)
{
	double x[200], y[200], beta[2] = {0, 0};
	size_t n = two_groups(x, y, 100, 30, 100, 60);
	struct er_logit_opts o;
	struct er_logit_info info;
	char err[ER_ERRLEN];
	er_logit_opts_init(&o);
	assert_int_equal(er_logit_fit(x, y, NULL, n, 1, &o, beta, &info, err), 0);
	assert_true(info.converged);
	/* The fit reproduces each group's log-odds exactly. */
	assert_true(fabs(beta[0] - log(30.0 / 70)) < 1e-9);
	assert_true(fabs(beta[1] - (log(60.0 / 40) - log(30.0 / 70))) < 1e-9);
	(void)state;
}

static void
test_weights_equal_repeats(void **state)
{
	/* Weight 2 on a row is the same as the row twice. */
	double x[4] = {0, 0, 1, 1}, y[4] = {1, 0, 1, 0}, w[4] = {1, 3, 2, 1};
	double xr[7] = {0, 0, 0, 0, 1, 1, 1}, yr[7] = {1, 0, 0, 0, 1, 1, 0};
	double a[2] = {0, 0}, b[2] = {0, 0};
	struct er_logit_opts o;
	char err[ER_ERRLEN];
	er_logit_opts_init(&o);
	assert_int_equal(er_logit_fit(x, y, w, 4, 1, &o, a, NULL, err), 0);
	assert_int_equal(er_logit_fit(xr, yr, NULL, 7, 1, &o, b, NULL, err), 0);
	assert_true(fabs(a[0] - b[0]) < 1e-9 && fabs(a[1] - b[1]) < 1e-9);
	assert_true(fabs(a[1] - log(2.0) - log(3.0)) < 1e-9);
	(void)state;
}

static void
test_sign_constraint(void **state)
{
	/* x=1 is safer: the free slope is negative, a non-negative one is 0 and then the
	 * intercept is the overall log-odds. */
	double x[200], y[200], beta[2] = {0, 0};
	size_t n = two_groups(x, y, 100, 60, 100, 30);
	signed char sign[1] = {ER_LOGIT_NONNEG};
	struct er_logit_opts o;
	char err[ER_ERRLEN];
	er_logit_opts_init(&o);
	assert_int_equal(er_logit_fit(x, y, NULL, n, 1, &o, beta, NULL, err), 0);
	assert_true(beta[1] < -1);
	o.sign = sign;
	beta[0] = beta[1] = 0;
	assert_int_equal(er_logit_fit(x, y, NULL, n, 1, &o, beta, NULL, err), 0);
	assert_true(beta[1] == 0);
	assert_true(fabs(beta[0] - log(90.0 / 110)) < 1e-9);
	/* The mirror rule keeps it <= 0, so it is free to take the negative value. */
	sign[0] = ER_LOGIT_NONPOS;
	beta[0] = beta[1] = 0;
	assert_int_equal(er_logit_fit(x, y, NULL, n, 1, &o, beta, NULL, err), 0);
	assert_true(fabs(beta[1] - (log(30.0 / 70) - log(60.0 / 40))) < 1e-9);
	(void)state;
}

static double
uniform(uint64_t *s)
{
	*s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
	return (double)(*s >> 11) / 9007199254740992.0;
}

static void
test_l2_optimality(void **state)
{
	/* Karush-Kuhn-Tucker conditions of the penalised, constrained problem:
	 * free coordinates have zero gradient; a coordinate held at 0 by its rule has a
	 * gradient pushing outward. */
	enum { N = 500, P = 4 };
	static double x[N * P], y[N];
	uint64_t s = 3;
	for (size_t i = 0; i < N; i++) {
		double eta = -0.5;
		for (size_t j = 0; j < P; j++) {
			x[i * P + j] = uniform(&s) * 2 - 1;
			eta += (j == 2 ? -1.5 : 1.0) * x[i * P + j];
		}
		y[i] = uniform(&s) < 1 / (1 + exp(-eta));
	}
	signed char sign[P] = {ER_LOGIT_NONNEG, ER_LOGIT_FREE, ER_LOGIT_NONNEG, ER_LOGIT_NONNEG};
	double beta[P + 1] = {0};
	struct er_logit_opts o;
	char err[ER_ERRLEN];
	er_logit_opts_init(&o);
	o.l2 = 0.05;
	o.sign = sign;
	assert_int_equal(er_logit_fit(x, y, NULL, N, P, &o, beta, NULL, err), 0);
	double g[P + 1] = {0};
	for (size_t i = 0; i < N; i++) {
		double r = er_logit_sigmoid(er_logit_eta(beta, x + i * P, P)) - y[i];
		g[0] += r / N;
		for (size_t j = 0; j < P; j++)
			g[j + 1] += r * x[i * P + j] / N;
	}
	for (size_t j = 1; j <= P; j++)
		g[j] += o.l2 * beta[j];
	assert_true(fabs(g[0]) < 1e-8);
	assert_true(beta[3] == 0);   /* the true slope is negative */
	assert_true(g[3] >= -1e-12); /* and the loss wants it lower still */
	for (size_t j = 1; j <= P; j++)
		if (j != 3)
			assert_true(fabs(g[j]) < 1e-8);
	(void)state;
}

static void
test_wide_equals_long(void **state)
{
	/* More coefficients than rows takes the row-space solver (no k x k Hessian): the same
	 * rows twice at half weight have the same optimum and take the Hessian path, so the two
	 * solvers must agree, sign rules included. */
	enum { N = 20, P = 30 };
	static double x[N * P], y[N], x2[2 * N * P], y2[2 * N], w2[2 * N];
	uint64_t s = 11;
	for (size_t i = 0; i < N; i++) {
		for (size_t j = 0; j < P; j++)
			x[i * P + j] = uniform(&s) * 2 - 1;
		y[i] = uniform(&s) < 0.3 + 0.4 * (x[i * P] > 0);
	}
	for (size_t i = 0; i < 2 * N; i++) {
		memcpy(x2 + i * P, x + (i % N) * P, P * sizeof *x);
		y2[i] = y[i % N];
		w2[i] = 0.5;
	}
	signed char sign[P];
	for (size_t j = 0; j < P; j++)
		sign[j] = j % 3 ? ER_LOGIT_NONNEG : ER_LOGIT_FREE;
	double a[P + 1] = {0}, b[P + 1] = {0};
	struct er_logit_opts o;
	struct er_logit_info ia, ib;
	char err[ER_ERRLEN];
	er_logit_opts_init(&o);
	o.l2 = 0.5;
	o.sign = sign;
	assert_int_equal(er_logit_fit(x, y, NULL, N, P, &o, a, &ia, err), 0);
	assert_int_equal(er_logit_fit(x2, y2, w2, 2 * N, P, &o, b, &ib, err), 0);
	assert_true(ia.converged && ib.converged);
	for (size_t j = 0; j <= P; j++)
		assert_true(fabs(a[j] - b[j]) < 1e-8);
	(void)state;
}

static void
test_errors(void **state)
{
	double beta[2] = {0, 0};
	struct er_logit_opts o;
	char err[ER_ERRLEN];
	er_logit_opts_init(&o);
	assert_int_equal(er_logit_fit(NULL, NULL, NULL, 0, 1, &o, beta, NULL, err), ER_EUSAGE);
	double x[1] = {1}, y[1] = {1};
	o.l2 = -1;
	assert_int_equal(er_logit_fit(x, y, NULL, 1, 1, &o, beta, NULL, err), ER_EUSAGE);
	assert_true(fabs(er_logit_sigmoid(-800)) < 1e-300 && er_logit_sigmoid(800) == 1);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_closed_form),      cmocka_unit_test(test_weights_equal_repeats),
		cmocka_unit_test(test_sign_constraint),  cmocka_unit_test(test_l2_optimality),
		cmocka_unit_test(test_wide_equals_long), cmocka_unit_test(test_errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
