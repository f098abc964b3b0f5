/* Unit tests for lib/strmap.c: interning strings to dense indexes, including the empty key,
 * embedded NULs, 100,000 keys through many rehashes, keys that share long prefixes or differ
 * only in their last byte, and hash-colliding slots probed past. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/hash.h"
#include "lib/strmap.h"

static void
test_strmap_basics(void **state)
{
	er_strmap *s = er_strmap_new();
	assert_non_null(s);
	assert_int_equal(er_strmap_size(s), 0);
	assert_int_equal(er_strmap_find(s, "a", 1), -1);
	int added = -1;
	assert_int_equal(er_strmap_intern(s, "3301", 4, &added), 0);
	assert_int_equal(added, 1);
	assert_int_equal(er_strmap_intern(s, "3302", 4, &added), 1);
	assert_int_equal(added, 1);
	assert_int_equal(er_strmap_intern(s, "3301", 4, &added), 0);
	assert_int_equal(added, 0);
	assert_int_equal(er_strmap_intern(s, "3301", 4, NULL), 0);
	/* the empty key, a prefix, and keys differing only after a NUL are distinct */
	assert_int_equal(er_strmap_intern(s, "", 0, &added), 2);
	assert_int_equal(added, 1);
	assert_int_equal(er_strmap_intern(s, "330", 3, &added), 3);
	assert_int_equal(er_strmap_intern(s, "a\0b", 3, &added), 4);
	assert_int_equal(er_strmap_intern(s, "a\0c", 3, &added), 5);
	assert_int_equal(added, 1);
	assert_int_equal(er_strmap_intern(s, "户号", strlen("户号"), &added), 6);
	assert_int_equal(er_strmap_size(s), 7);
	assert_int_equal(er_strmap_find(s, "3302", 4), 1);
	assert_int_equal(er_strmap_find(s, "", 0), 2);
	assert_int_equal(er_strmap_find(s, "a\0c", 3), 5);
	assert_int_equal(er_strmap_find(s, "a", 1), -1);
	assert_int_equal(er_strmap_find(s, "户号", strlen("户号")), 6);
	size_t len = 99;
	assert_string_equal(er_strmap_key(s, 0, &len), "3301");
	assert_int_equal(len, 4);
	assert_string_equal(er_strmap_key(s, 2, &len), "");
	assert_int_equal(len, 0);
	const char *k = er_strmap_key(s, 4, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(k, "a\0b", 3);
	assert_string_equal(er_strmap_key(s, 6, NULL), "户号");
	er_strmap_free(s);
	er_strmap_free(NULL);
}

/* 100,000 keys: indexes dense in insertion order, every key found, keys kept intact
 * through all the table growth. */
static void
test_strmap_many_keys(void **state)
{
	enum { N = 100000 };
	er_strmap *s = er_strmap_new();
	assert_non_null(s);
	char key[40];
	for (int i = 0; i < N; i++) {
		int len = snprintf(key, sizeof key, "acct-%d-%x", i, (unsigned)i * 2654435761u);
		int added = 0;
		long idx = er_strmap_intern(s, key, (size_t)len, &added);
		if (idx != i || !added)
			fail_msg("key %d got index %ld added %d", i, idx, added);
	}
	assert_int_equal(er_strmap_size(s), N);
	for (int i = N - 1; i >= 0; i--) {
		int len = snprintf(key, sizeof key, "acct-%d-%x", i, (unsigned)i * 2654435761u);
		if (er_strmap_find(s, key, (size_t)len) != i)
			fail_msg("key %d not found at its index", i);
		int added = 1;
		assert_int_equal(er_strmap_intern(s, key, (size_t)len, &added), i);
		assert_int_equal(added, 0);
		size_t klen;
		const char *k = er_strmap_key(s, (size_t)i, &klen);
		assert_int_equal(klen, (size_t)len);
		assert_memory_equal(k, key, klen);
		assert_int_equal(k[klen], '\0');
	}
	for (int i = N; i < N + 1000; i++) {
		int len = snprintf(key, sizeof key, "acct-%d-%x", i, (unsigned)i * 2654435761u);
		assert_int_equal(er_strmap_find(s, key, (size_t)len), -1);
	}
	assert_int_equal(er_strmap_size(s), N);
	er_strmap_free(s);
}

/* Keys sharing a 200-byte prefix and differing in one late byte, and keys that are prefixes of
 * each other: the length and every byte decide, not the first bytes. */
static void
test_strmap_colliding_prefixes(void **state)
{
	er_strmap *m = er_strmap_new();
	assert_non_null(m);
	char key[260];
	memset(key, 'p', sizeof key);
	/* prefixes of one another: lengths 0..255 of the same bytes */
	for (size_t len = 0; len < 256; len++)
		assert_int_equal(er_strmap_intern(m, key, len, NULL), (long)len);
	/* one byte changed at the end of a 256-byte key, all 256 values */
	for (int c = 0; c < 256; c++) {
		key[255] = (char)c;
		int added = 0;
		long at = er_strmap_intern(m, key, 256, &added);
		assert_int_equal(at, 256 + c);
		assert_int_equal(added, 1);
	}
	for (size_t len = 0; len < 255; len++)
		assert_int_equal(er_strmap_find(m, key, len), (long)len);
	for (int c = 0; c < 256; c++) {
		key[255] = (char)c;
		assert_int_equal(er_strmap_find(m, key, 256), 256 + c);
	}
	assert_int_equal(er_strmap_find(m, key, 257), -1);
	assert_int_equal(er_strmap_size(m), 512);
	er_strmap_free(m);
}

/* Keys picked so that their hashes fall in the same first slot of a 64-slot table: lookups
 * must probe past the others, before and after the table grows. */
static void
test_strmap_same_slot(void **state)
{
	er_strmap *m = er_strmap_new();
	assert_non_null(m);
	char keys[20][24];
	size_t lens[20];
	int n = 0;
	for (unsigned i = 0; n < 20; i++) {
		int len = snprintf(keys[n], sizeof keys[n], "k%u", i);
		if ((er_hash64(keys[n], (size_t)len) & 63) == 5)
			lens[n++] = (size_t)len;
	}
	for (int i = 0; i < n; i++)
		assert_int_equal(er_strmap_intern(m, keys[i], lens[i], NULL), i);
	for (int i = 0; i < n; i++)
		assert_int_equal(er_strmap_find(m, keys[i], lens[i]), i);
	char other[24];
	for (unsigned i = 0; i < 5000; i++) {
		int len = snprintf(other, sizeof other, "x%u", i);
		assert_int_equal(er_strmap_intern(m, other, (size_t)len, NULL), n + (long)i);
	}
	for (int i = 0; i < n; i++)
		assert_int_equal(er_strmap_find(m, keys[i], lens[i]), i);
	er_strmap_free(m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strmap_basics),
		cmocka_unit_test(test_strmap_many_keys),
		cmocka_unit_test(test_strmap_colliding_prefixes),
		cmocka_unit_test(test_strmap_same_slot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
