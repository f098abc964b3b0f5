/* failmalloc: an LD_PRELOAD shim for fault tests, never linked into a tool.
 * With ER_FAIL_ALLOC=N in the environment, the Nth call of malloc, calloc or realloc
 * after the program starts returns NULL with ENOMEM (once; later calls succeed), so a
 * test can walk N over every allocation of a run and check that each failure is
 * reported as out of memory rather than crashing or passing silently.
 * With ER_FAIL_ALLOC=count the number of calls is written to stderr at exit, to know
 * how far to walk. glibc allows replacing malloc; the real allocator is reached through
 * its __libc_* names, so free stays compatible. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void *__libc_malloc(size_t n);
void *__libc_calloc(size_t n, size_t size);
void *__libc_realloc(void *p, size_t n);

static unsigned long calls, fail_at;
static int counting;

__attribute__((constructor)) static void
init(void)
{
	const char *v = getenv("ER_FAIL_ALLOC");
	if (!v)
		return;
	if (strcmp(v, "count") == 0)
		counting = 1;
	else
		fail_at = strtoul(v, NULL, 10);
	calls = 0;
}

__attribute__((destructor)) static void
fini(void)
{
	if (counting)
		fprintf(stderr, "allocations: %lu\n", calls);
}

static int
fails(void)
{
	if (++calls != fail_at)
		return 0;
	errno = ENOMEM;
	return 1;
}

void *
malloc(size_t n)
{
	return fails() ? NULL : __libc_malloc(n);
}

void *
calloc(size_t n, size_t size)
{
	return fails() ? NULL : __libc_calloc(n, size);
}

void *
realloc(void *p, size_t n)
{
	return fails() ? NULL : __libc_realloc(p, n);
}
