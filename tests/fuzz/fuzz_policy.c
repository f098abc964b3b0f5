/* libFuzzer harness: er-profile's and er-decide's policy file ("key = value" lines). A
 * policy that loads is written out and read back, and must write the same text again. */
#include <assert.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "lib/err.h"
#include "credit/policy.h"

/* P written as text into a malloc'd buffer (NULL on failure), its length in *LEN. */
static char *
written(const struct er_policy *p, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);
	if (!f)
		return NULL;
	int rc = er_policy_write(p, f);
	if (fclose(f) != 0 || rc != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* Loads DATA through a memory file into P. Returns er_policy_load's status, -1 if no file. */
static int
load(const void *data, size_t size, struct er_policy *p)
{
	char path[64], err[ER_ERRLEN];
	int fd = memfd_create("policy", 0);
	if (fd < 0)
		return -1;
	if (write(fd, data, size) != (ssize_t)size) {
		close(fd);
		return -1;
	}
	snprintf(path, sizeof path, "/dev/fd/%d", fd);
	int rc = er_policy_load(p, path, err);
	close(fd);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct er_policy p;
	er_policy_init(&p);
	if (load(data, size, &p) != 0)
		return 0;
	size_t len1, len2;
	char *one = written(&p, &len1);
	if (!one)
		return 0;
	struct er_policy q;
	er_policy_init(&q);
	int rc = load(one, len1, &q);
	assert(rc == 0 || rc == -1);
	if (rc == 0) {
		char *two = written(&q, &len2);
		assert(!two || (len2 == len1 && memcmp(one, two, len1) == 0));
		free(two);
	}
	free(one);
	return 0;
}
