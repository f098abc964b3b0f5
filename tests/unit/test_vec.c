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

/* Slots beyond the old capacity read as zero, so an array indexed by key number needs no
 * separate initialisation; what was there stays. */
/* Past ER_HUGE_MIN the block is moved by er_vec_realloc (advised to huge pages): every
 * element written before a growth reads back after it, and a zeroed growth is zero. */
static void
test_grow_huge_keeps_contents(void **state)
{
	(void)state;
	uint32_t *v = NULL;
	size_t cap = 0, n = 3 * ER_HUGE_MIN / sizeof *v;
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(ER_GROW(v, cap, i + 1), 0);
		v[i] = (uint32_t)(i * 2654435761u);
	}
	assert_true(cap * sizeof *v >= 3 * ER_HUGE_MIN);
	for (size_t i = 0; i < n; i++)
		if (v[i] != (uint32_t)(i * 2654435761u))
			fail_msg("element %zu lost in a growth", i);
	size_t old = cap;
	assert_int_equal(er_grow_zeroed(&v, &cap, old + 1, sizeof *v), 0);
	for (size_t i = old; i < cap; i++)
		if (v[i] != 0)
			fail_msg("element %zu not zeroed", i);
	assert_int_equal(v[n - 1], (uint32_t)((n - 1) * 2654435761u));
	free(v);
}

static void
test_grow_zeroed(void **state)
{
	size_t cap = 0;
	long *v = NULL;
	assert_int_equal(er_grow_zeroed(&v, &cap, 3, sizeof *v), 0);
	for (size_t i = 0; i < cap; i++)
		assert_int_equal(v[i], 0);
	for (size_t i = 0; i < cap; i++)
		v[i] = (long)i + 1;
	size_t old = cap;
	assert_int_equal(er_grow_zeroed(&v, &cap, 5000, sizeof *v), 0);
	assert_true(cap >= 5000);
	for (size_t i = 0; i < old; i++)
		assert_int_equal(v[i], (long)i + 1);
	for (size_t i = old; i < cap; i++)
		assert_int_equal(v[i], 0);
	assert_int_equal(er_grow_zeroed(&v, &cap, SIZE_MAX / 2, sizeof *v), -1);
	assert_int_equal(v[0], 1);
	free(v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_grow_many),
		cmocka_unit_test(test_grow_no_op_and_jump),
		cmocka_unit_test(test_grow_overflow_refused),
		cmocka_unit_test(test_grow_zeroed),
		cmocka_unit_test(test_grow_huge_keeps_contents),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
