/* Unit tests for lib/sort.c's radix order against a plain comparison sort. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdlib.h>

#include <cmocka.h>

#include "lib/sort.h"

static void
test_order_desc_small(void **state)
{
	/* ties keep index order; -0 ties with 0; negatives, huge and tiny values, infinities */
	double k[9] = {0.5, -1, 0.0, 1e300, -0.0, 0.5, -INFINITY, INFINITY, -1e-300};
	size_t want[9] = {7, 3, 0, 5, 2, 4, 8, 1, 6}, order[9];
	assert_int_equal(er_sort_order_desc(k, 9, order), 0);
	for (int i = 0; i < 9; i++)
		assert_int_equal(order[i], want[i]);
	assert_int_equal(er_sort_order_desc(k, 0, order), 0);
	(void)state;
}

/* Checks that ORDER sorts K[0..N-1] from the largest down, ties in index order. */
static void
check_order(const double *k, const size_t *order, size_t n)
{
	for (size_t i = 1; i < n; i++) {
		assert_true(k[order[i - 1]] >= k[order[i]]);
		if (k[order[i - 1]] == k[order[i]])
			assert_true(order[i - 1] < order[i]);
	}
}

/* N keys from KIND: 0 many ties of both signs, 1 probabilities held as floats (their low
 * mantissa bits and exponent bits shared: passes that move nothing are skipped). */
static void
order_random(size_t n, int kind)
{
	double *k = malloc(n * sizeof *k);
	size_t *order = malloc(n * sizeof *order);
	assert_non_null(k);
	assert_non_null(order);
	srand(7);
	for (size_t i = 0; i < n; i++)
		k[i] = kind == 0 ? (double)(rand() % 2000 - 1000) / 7.0 /* many ties, both signs */
				 : (double)(float)(0.5 + (double)(rand() % 5000) / 20000.0);
	assert_int_equal(er_sort_order_desc(k, n, order), 0);
	check_order(k, order, n);
	free(k);
	free(order);
}

static void
test_order_desc_random(void **state)
{
	order_random(20000, 0);  /* 8-bit digits */
	order_random(100000, 0); /* 16-bit digits */
	order_random(3000, 1);
	order_random(70000, 1);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_order_desc_small),
		cmocka_unit_test(test_order_desc_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
