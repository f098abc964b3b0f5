/* Unit tests for lib/keyset.c: 64-bit key sets
 * (including the keys 0 and UINT64_MAX, which a table might use as markers) and day
 * sets over wide ranges in any order. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/keyset.h"

static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

static void
test_u64set_edges(void **state)
{
	er_u64set *s = er_u64set_new();
	assert_non_null(s);
	assert_int_equal(er_u64set_size(s), 0);
	assert_int_equal(er_u64set_add(s, 0), 1);
	assert_int_equal(er_u64set_add(s, 0), 0);
	assert_int_equal(er_u64set_add(s, UINT64_MAX), 1);
	assert_int_equal(er_u64set_add(s, UINT64_MAX), 0);
	assert_int_equal(er_u64set_add(s, UINT64_MAX - 1), 1);
	assert_int_equal(er_u64set_add(s, UINT64_MAX - 1), 0);
	assert_int_equal(er_u64set_add(s, 1), 1);
	assert_int_equal(er_u64set_add(s, 1), 0);
	assert_int_equal(er_u64set_has(s, 1), 1);
	assert_int_equal(er_u64set_has(s, 0), 1);
	assert_int_equal(er_u64set_has(s, UINT64_MAX), 1);
	assert_int_equal(er_u64set_has(s, 2), 0);
	assert_int_equal(er_u64set_add(s, UINT64_C(1) << 63), 1);
	assert_int_equal(er_u64set_size(s), 5);
	er_u64set_free(s);
	er_u64set_free(NULL);
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Packed (account << 32 | day) keys with repeats: the set counts exactly the distinct
 * keys a sort finds, and says "already present" for every repeat. */
static void
test_u64set_against_sort(void **state)
{
	enum { N = 200000 };
	uint64_t *keys = malloc(N * sizeof *keys);
	assert_non_null(keys);
	uint64_t rng = 5;
	for (int i = 0; i < N; i++) {
		uint64_t r = next_random(&rng);
		keys[i] = (r % 3000) << 32 | (uint32_t)(19000 + (r >> 32) % 40);
		if (i % 1000 == 0)
			keys[i] = i % 2000 == 0 ? 0 : UINT64_MAX;
	}
	er_u64set *s = er_u64set_new();
	assert_non_null(s);
	size_t added = 0;
	for (int i = 0; i < N; i++) {
		int rc = er_u64set_add(s, keys[i]);
		assert_true(rc == 0 || rc == 1);
		added += (size_t)rc;
	}
	qsort(keys, N, sizeof *keys, cmp_u64);
	size_t distinct = 0;
	for (int i = 0; i < N; i++)
		if (i == 0 || keys[i] != keys[i - 1])
			distinct++;
	assert_int_equal(added, distinct);
	assert_int_equal(er_u64set_size(s), distinct);
	for (int i = 0; i < N; i++)
		assert_int_equal(er_u64set_add(s, keys[i]), 0);
	assert_int_equal(er_u64set_size(s), distinct);
	er_u64set_free(s);
	free(keys);
}

static void
test_dayset_forward_and_backward(void **state)
{
	er_dayset *s = er_dayset_new();
	assert_non_null(s);
	er_day base = er_date_from_ymd(2024, 1, 1);
	/* forward, one day at a time, as a sorted export comes */
	for (er_day d = base; d < base + 1000; d++)
		assert_int_equal(er_dayset_add(s, 0, d), 1);
	/* backwards from far before the first day */
	for (er_day d = base - 1; d >= base - 2000; d--)
		assert_int_equal(er_dayset_add(s, 0, d), 1);
	for (er_day d = base - 2000; d < base + 1000; d++)
		if (er_dayset_add(s, 0, d) != 0)
			fail_msg("day %d seen twice but reported new", (int)d);
	assert_int_equal(er_dayset_add(s, 0, base - 2001), 1);
	assert_int_equal(er_dayset_add(s, 0, base + 1000), 1);
	/* other owners are independent */
	assert_int_equal(er_dayset_add(s, 1, base), 1);
	assert_int_equal(er_dayset_add(s, 1, base), 0);
	assert_int_equal(er_dayset_add(s, 0, base), 0);
	er_dayset_free(s);
	er_dayset_free(NULL);
}

/* One owner spanning years 1000..9999, first at the ends, then in between, then a
 * random order over many owners checked against a u64set. */
static void
test_dayset_wide_range(void **state)
{
	er_dayset *s = er_dayset_new();
	assert_non_null(s);
	er_day lo = er_date_from_ymd(1000, 1, 1), hi = er_date_from_ymd(9999, 12, 31);
	assert_int_equal(er_dayset_add(s, 3, 0), 1);
	assert_int_equal(er_dayset_add(s, 3, hi), 1);
	assert_int_equal(er_dayset_add(s, 3, lo), 1);
	assert_int_equal(er_dayset_add(s, 3, -1), 1);
	assert_int_equal(er_dayset_add(s, 3, lo), 0);
	assert_int_equal(er_dayset_add(s, 3, hi), 0);
	assert_int_equal(er_dayset_add(s, 3, 0), 0);
	assert_int_equal(er_dayset_add(s, 3, -1), 0);
	for (er_day d = lo; d <= hi; d += 997)
		assert_int_equal(er_dayset_add(s, 3, d), d == lo ? 0 : 1);
	for (er_day d = lo; d <= hi; d += 997)
		assert_int_equal(er_dayset_add(s, 3, d), 0);
	/* a large owner index first */
	assert_int_equal(er_dayset_add(s, 100000, 20000), 1);
	assert_int_equal(er_dayset_add(s, 100000, 20000), 0);
	er_dayset_free(s);

	s = er_dayset_new();
	er_u64set *ref = er_u64set_new();
	assert_non_null(s);
	assert_non_null(ref);
	uint64_t rng = 11;
	for (int i = 0; i < 100000; i++) {
		uint64_t r = next_random(&rng);
		size_t owner = (size_t)(r % 500);
		er_day d = (er_day)((int64_t)((r >> 16) % 20000) - 10000);
		int want = er_u64set_add(ref, (uint64_t)owner << 32 | (uint32_t)d);
		int got = er_dayset_add(s, owner, d);
		if (got != want)
			fail_msg("owner %zu day %d: got %d, expected %d", owner, (int)d, got, want);
	}
	er_u64set_free(ref);
	er_dayset_free(s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_u64set_edges),
		cmocka_unit_test(test_u64set_against_sort),
		cmocka_unit_test(test_dayset_forward_and_backward),
		cmocka_unit_test(test_dayset_wide_range),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
