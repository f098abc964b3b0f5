/* Unit tests for lib/vec.c: growth across many reallocations keeps the elements, the
 * capacity at least doubles, and sizes that overflow size_t are refused with the array left
 * as it was. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/vec.h"

static void
test_grow_many(void **state)
{
	size_t n = 0, cap = 0, reallocs = 0;
	uint64_t *v = NULL;
	for (uint64_t i = 0; i < 1000000; i++) {
		size_t old = cap;
		assert_int_equal(ER_GROW(v, cap, n + 1), 0);
		if (cap != old) {
			reallocs++;
			assert_true(cap >= 2 * old);
		}
		assert_true(cap >= n + 1);
		v[n++] = i * 7;
	}
	/* doubling: about log2(1e6 / 16) growths, not one per element */
	assert_true(reallocs >= 10 && reallocs <= 20);
	for (uint64_t i = 0; i < n; i++)
		assert_true(v[i] == i * 7);
	free(v);
}

static void
test_grow_no_op_and_jump(void **state)
{
	size_t cap = 0;
	char *p = NULL;
	assert_int_equal(er_grow(&p, &cap, 0, 1), 0);
	assert_null(p);
	assert_int_equal(cap, 0);
	assert_int_equal(ER_GROW(p, cap, 1), 0);
	assert_non_null(p);
	assert_int_equal(cap, 16);
	char *same = p;
	assert_int_equal(ER_GROW(p, cap, 16), 0);
	assert_ptr_equal(p, same);
	/* a need beyond twice the capacity is met exactly */
	assert_int_equal(ER_GROW(p, cap, 1000), 0);
	assert_int_equal(cap, 1000);
	memset(p, 'x', 1000);
	assert_int_equal(er_grow(&p, &cap, 1001, 1), 0);
	assert_int_equal(cap, 2000);
	free(p);
}

static void
test_grow_overflow_refused(void **state)
{
	size_t cap = 0;
	double *d = NULL;
	assert_int_equal(ER_GROW(d, cap, 4), 0);
	d[3] = 1.5;
	double *before = d;
	size_t cap_before = cap;
	assert_int_equal(ER_GROW(d, cap, SIZE_MAX / sizeof *d + 1), -1);
	assert_ptr_equal(d, before);
	assert_int_equal(cap, cap_before);
	assert_int_equal(ER_GROW(d, cap, SIZE_MAX), -1);
	assert_int_equal(er_grow(&d, &cap, SIZE_MAX / 2, 4), -1);
	assert_ptr_equal(d, before);
	assert_true(d[3] == 1.5);
	free(d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_many),
		cmocka_unit_test(test_grow_no_op_and_jump),
		cmocka_unit_test(test_grow_overflow_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
