/* Unit tests for lib/pool.c: blocks are zeroed, 16-aligned and distinct across many slabs,
 * keep what is written in them, and a block given back is the next one handed out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/pool.h"

static void
test_many_blocks(void **state)
{
	(void)state;
	enum { N = 200000, SIZE = 40 };
	er_pool *p = er_pool_new(SIZE);
	assert_non_null(p);
	unsigned char **b = malloc(N * sizeof *b);
	assert_non_null(b);
	for (size_t i = 0; i < N; i++) {
		assert_non_null(b[i] = er_pool_get(p));
		assert_int_equal((uintptr_t)b[i] % 16, 0);
		for (size_t j = 0; j < SIZE; j++)
			assert_int_equal(b[i][j], 0);
		memset(b[i], (int)(i % 251) + 1, SIZE);
	}
	/* no block overlaps another: each still holds its own bytes */
	for (size_t i = 0; i < N; i++)
		for (size_t j = 0; j < SIZE; j++)
			assert_int_equal(b[i][j], (int)(i % 251) + 1);
	free(b);
	er_pool_free(p);
}

static void
test_reuse_zeroed(void **state)
{
	(void)state;
	er_pool *p = er_pool_new(24);
	assert_non_null(p);
	unsigned char *a = er_pool_get(p), *b = er_pool_get(p);
	assert_non_null(a);
	assert_non_null(b);
	assert_ptr_not_equal(a, b);
	/* rounded up to 16: the blocks are 32 bytes apart in one slab */
	assert_int_equal((size_t)(b > a ? b - a : a - b), 32);
	memset(a, 0xff, 24);
	er_pool_put(p, a);
	er_pool_put(p, NULL);
	unsigned char *c = er_pool_get(p);
	assert_ptr_equal(c, a);
	for (size_t j = 0; j < 32; j++)
		assert_int_equal(c[j], 0);
	er_pool_free(p);
	er_pool_free(NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_many_blocks),
		cmocka_unit_test(test_reuse_zeroed),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
