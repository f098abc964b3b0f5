/* hash: XXH3-64 with a pinned seed. */
#include "lib/hash.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "lib/err.h"

/* Pinned: partitions and stored hashes must not change between releases. */
#define ER_HASH_SEED 0
/* er_hash_fold's: any other fixed value; a fold taken from the partition's own hash left a
 * fold empty whenever the data had been partitioned by the same count. */
#define ER_HASH_FOLD_SEED 0x666f6c64 /* "fold" */

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

uint64_t
er_hash_fold(const void *s, size_t len, uint64_t n)
{
	return XXH3_64bits_withSeed(s, len, ER_HASH_FOLD_SEED) % n;
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

void
er_hash_hex(uint64_t h, char *out)
{
	snprintf(out, ER_HASH_HEXLEN, "%016" PRIx64, h);
}

int
er_hash_file(const char *path, uint64_t *out, char *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	XXH3_state_t *st = XXH3_createState();
	char *block = malloc(1 << 16);
	int rc = 0;
	if (!st || !block || XXH3_64bits_reset_withSeed(st, ER_HASH_SEED) != XXH_OK) {
		rc = er_fail(err, ER_ENOMEM, "out of memory hashing '%s'", path);
		goto out;
	}
	for (;;) {
		ssize_t n = read(fd, block, 1 << 16);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = er_fail(err, ER_EIO, "cannot read '%s': %s", path, strerror(errno));
			goto out;
		}
		if (n == 0)
			break;
		XXH3_64bits_update(st, block, (size_t)n);
	}
	*out = XXH3_64bits_digest(st);
out:
	XXH3_freeState(st);
	free(block);
	close(fd);
	return rc;
}
