/* Unit tests for lib/hash.c: XXH3 values pinned (partitions written by one release
 * must match the next), partition specs, and an even spread of keys over partitions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/hash.h"

static uint64_t
hash_str(const char *s)
{
	return er_hash64(s, strlen(s));
}

static void
test_pinned_values(void **state)
{
	/* XXH3-64 of the empty input with seed 0 is the published 0x2D06800538D394C2; the others
	 * were computed once with this library and pinned. */
	assert_true(hash_str("") == UINT64_C(0x2d06800538d394c2));
	assert_true(hash_str("a") == UINT64_C(0xe6c632b61e964e1f));
	assert_true(hash_str("3301234567") == UINT64_C(0x04e679986d9b68ce));
	assert_true(hash_str("户号0001") == UINT64_C(0x8ea8d067f721a82e));
	assert_true(hash_str("The quick brown fox jumps over the lazy dog") == UINT64_C(0xce7d19a5418fb365));
}

static void
test_hash_uses_all_bytes(void **state)
{
	/* embedded NULs and the length count, not a C string */
	assert_true(er_hash64("a\0b", 3) != er_hash64("a\0c", 3));
	assert_true(er_hash64("a\0b", 3) != er_hash64("a", 1));
	assert_true(er_hash64("ab", 1) == er_hash64("a", 1));
	char buf[300];
	memset(buf, 'x', sizeof buf);
	uint64_t h = er_hash64(buf, sizeof buf);
	buf[299] = 'y';
	assert_true(er_hash64(buf, sizeof buf) != h);
}

static int
spec(const char *s, uint64_t *k, uint64_t *n)
{
	return er_hash_parse_partition(s, k, n);
}

static void
test_partition_specs(void **state)
{
	uint64_t k = 77, n = 77;
	assert_int_equal(spec("0/1", &k, &n), 0);
	assert_true(k == 0 && n == 1);
	assert_int_equal(spec("2/3", &k, &n), 0);
	assert_true(k == 2 && n == 3);
	assert_int_equal(spec("999999/1000000", &k, &n), 0);
	assert_true(k == 999999 && n == 1000000);
	assert_int_equal(spec("00/01", &k, &n), 0);
	assert_true(k == 0 && n == 1);
	assert_int_equal(spec("5/1000000000000", &k, &n), 0);
	assert_true(k == 5 && n == UINT64_C(1000000000000));
	static const char *const bad[] = {
		"1/1",
		"3/3",
		"4/3",
		"0/0",
		"3/",
		"/3",
		"/",
		"",
		"3",
		"a/b",
		"1/b",
		"a/3",
		"-1/3",
		"+1/3",
		"1/-3",
		" 1/3",
		"1/3 ",
		"1 /3",
		"1/3/5",
		"1.0/3",
		"0x1/3",
		"1/3x",
		"0/99999999999999999999",
		"99999999999999999999/99999999999999999999",
		"0/184467440737095516160",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		k = n = 77;
		if (spec(bad[i], &k, &n) != -1)
			fail_msg("'%s' accepted as %llu/%llu", bad[i], (unsigned long long)k, (unsigned long long)n);
		if (k != 77 || n != 77)
			fail_msg("'%s': outputs changed on error", bad[i]);
	}
}

static void
test_partition_is_hash_mod_n(void **state)
{
	char key[32];
	for (int i = 0; i < 1000; i++) {
		int len = snprintf(key, sizeof key, "acct%d", i);
		uint64_t h = er_hash64(key, (size_t)len);
		for (uint64_t n = 1; n <= 9; n++) {
			uint64_t p = er_hash_partition(key, (size_t)len, n);
			assert_true(p < n);
			assert_true(p == h % n);
		}
	}
}

/* 100,000 sequential account ids over 7 and 16 partitions: each within 3% of its share. */
static void
test_partition_spread(void **state)
{
	static const uint64_t ns[] = {2, 7, 16};
	char key[32];
	for (size_t t = 0; t < sizeof ns / sizeof ns[0]; t++) {
		uint64_t n = ns[t];
		unsigned count[16] = {0};
		const int keys = 100000;
		for (int i = 0; i < keys; i++) {
			int len = snprintf(key, sizeof key, "33%08d", i);
			count[er_hash_partition(key, (size_t)len, n)]++;
		}
		double share = (double)keys / (double)n;
		for (uint64_t p = 0; p < n; p++)
			if (count[p] < 0.97 * share || count[p] > 1.03 * share)
				fail_msg("partition %llu/%llu holds %u keys, expected about %.0f",
				         (unsigned long long)p, (unsigned long long)n, count[p], share);
	}
}

/* The folds of the keys of one partition (5 of them, as a 5-fold split by er-ingest
 * --partition leaves them) spread over all 5 folds, each within 5% of its share: the fold
 * hash is not the partition's. */
static void
test_fold_independent_of_partition(void **state)
{
	char key[32];
	unsigned count[5][5] = {{0}}, per[5] = {0};
	for (int i = 0; i < 100000; i++) {
		int len = snprintf(key, sizeof key, "client_%d", i);
		uint64_t p = er_hash_partition(key, (size_t)len, 5), f = er_hash_fold(key, (size_t)len, 5);
		assert_true(f < 5);
		count[p][f]++;
		per[p]++;
	}
	for (int p = 0; p < 5; p++)
		for (int f = 0; f < 5; f++)
			if (count[p][f] < 0.95 * per[p] / 5 || count[p][f] > 1.05 * per[p] / 5)
				fail_msg("partition %d: fold %d holds %u of %u keys", p, f, count[p][f], per[p]);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pinned_values),    cmocka_unit_test(test_hash_uses_all_bytes),
		cmocka_unit_test(test_partition_specs),  cmocka_unit_test(test_partition_is_hash_mod_n),
		cmocka_unit_test(test_partition_spread), cmocka_unit_test(test_fold_independent_of_partition),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
