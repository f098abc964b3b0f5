/* diag_collect: helpers of the unit tests that check what a library function hands to its
 * caller's diag: a collector of the first messages and a temporary input file. Included by
 * the test files after <cmocka.h>, lib/diag.h and lib/err.h. */
#ifndef ER_TEST_DIAG_COLLECT_H
#define ER_TEST_DIAG_COLLECT_H

#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* The first four messages in full, and how many came. */
struct collected {
	char text[4][2 * ER_ERRLEN];
	int n;
};

/* An er_diag emit function: CTX is a struct collected. */
static void
collect(void *ctx, const char *msg)
{
	struct collected *c = ctx;
	if (c->n < 4)
		snprintf(c->text[c->n], sizeof c->text[0], "%s", msg);
	c->n++;
}

/* Writes TEXT to a new temporary file made from the mkstemp template PATH (rewritten). */
static void
write_file(char *path, const char *text)
{
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

#endif
