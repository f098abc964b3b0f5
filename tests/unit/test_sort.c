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

static void
test_order_desc_random(void **state)
{
	enum { N = 20000 };
	double *k = malloc(N * sizeof *k);
	size_t *order = malloc(N * sizeof *order);
	assert_non_null(k);
	assert_non_null(order);
	srand(7);
	for (int i = 0; i < N; i++)
		k[i] = (double)(rand() % 2000 - 1000) / 7.0; /* many ties, both signs */
	assert_int_equal(er_sort_order_desc(k, N, order), 0);
	for (int i = 1; i < N; i++) {
		assert_true(k[order[i - 1]] >= k[order[i]]);
		if (k[order[i - 1]] == k[order[i]])
			assert_true(order[i - 1] < order[i]);
	}
	free(k);
	free(order);
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
