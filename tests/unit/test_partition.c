/* Unit tests for data/partition.c: the enterprise key keeps every account of one enterprise
 * (as er-features --by enterprise groups them) in one partition. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "data/partition.h"
#include "lib/hash.h"

static const char *
key_of(const char *uscc, char buf[16], size_t *len)
{
	const char *key;
	*len = er_partition_enterprise_key(uscc, strlen(uscc), buf, &key);
	return key;
}

static void
test_enterprise_key(void **state)
{
	(void)state;
	char buf[16];
	size_t len;
	/* an 18-character code: its embedded organization code */
	const char *k = key_of("91350100M000100Y43", buf, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(k, "M000100Y4", 9);
	/* a legacy organization code, with or without its '-', in either case: the same key */
	k = key_of("m000100y4", buf, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(k, "M000100Y4", 9);
	k = key_of("M000100Y-4", buf, &len);
	assert_int_equal(len, 9);
	assert_memory_equal(k, "M000100Y4", 9);
	/* anything else: the code as it is */
	k = key_of("ABC", buf, &len);
	assert_int_equal(len, 3);
	assert_memory_equal(k, "ABC", 3);
}

static void
test_partition_of(void **state)
{
	(void)state;
	const uint64_t n = 7;
	/* by account: the account id alone */
	for (int i = 0; i < 50; i++) {
		char acc[16];
		int alen = snprintf(acc, sizeof acc, "A%d", i);
		assert_int_equal(er_partition_of(acc, (size_t)alen, "91350100M000100Y43", 18, 0, n),
		                 er_hash_partition(acc, (size_t)alen, n));
		/* by enterprise: every account of one code, and the legacy code, in one partition */
		assert_int_equal(er_partition_of(acc, (size_t)alen, "91350100M000100Y43", 18, 1, n),
		                 er_partition_of("X", 1, "M000100Y-4", 10, 1, n));
		/* an account without a code is its own enterprise */
		assert_int_equal(er_partition_of(acc, (size_t)alen, "", 0, 1, n),
		                 er_hash_partition(acc, (size_t)alen, n));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enterprise_key),
		cmocka_unit_test(test_partition_of),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
