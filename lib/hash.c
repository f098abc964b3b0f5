/* hash: XXH3-64 with a pinned seed. */
#include "lib/hash.h"

#include <errno.h>
#include <stdlib.h>
#include <xxhash.h>

/* Pinned: partitions and stored hashes must not change between releases. */
#define ER_HASH_SEED 0

uint64_t
er_hash64(const void *s, size_t len)
{
	return XXH3_64bits_withSeed(s, len, ER_HASH_SEED);
}

uint64_t
er_hash_partition(const void *s, size_t len, uint64_t n)
{
	return er_hash64(s, len) % n;
}

static int
parse_u64(const char *s, const char *end, uint64_t *out)
{
	uint64_t v = 0;
	if (s == end)
		return -1;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return 0;
}

int
er_hash_parse_partition(const char *spec, uint64_t *k, uint64_t *n)
{
	const char *slash = spec;
	while (*slash && *slash != '/')
		slash++;
	if (*slash != '/')
		return -1;
	const char *end = slash + 1;
	while (*end)
		end++;
	uint64_t kk, nn;
	if (parse_u64(spec, slash, &kk) < 0 || parse_u64(slash + 1, end, &nn) < 0)
		return -1;
	if (nn == 0 || kk >= nn)
		return -1;
	*k = kk;
	*n = nn;
	return 0;
}
