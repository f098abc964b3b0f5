/* Unit tests of data/ingest.c's reporting: rejected rows (without a rejects file) and setup
 * problems go to the caller's diag with file, line and field; the library never prints. */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "data/ingest.h"
#include "lib/err.h"

static void
collect(void *ctx, const char *msg)
{
	char *buf = ctx;
	size_t used = strlen(buf);

	snprintf(buf + used, 4096 - used, "%s\n", msg);
}

/* Runs a readings ingest of TEXT (no rejects file) with messages into GOT. */
static int
run(const char *text, char *got, struct er_ingest_counts *c)
{
	char path[] = "/tmp/test_ingest_XXXXXX", err[ER_ERRLEN];
	int fd = mkstemp(path), devnull = open("/dev/null", O_WRONLY);
	struct er_diag d = {collect, got};
	struct er_ingest_opts o = {0};

	assert_true(fd >= 0 && devnull >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	er_reader *r;
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	er_writer *out = er_writer_open(devnull, "null", NULL);
	assert_non_null(out);
	o.schema = er_schema_get(ER_KIND_READINGS);
	o.max_rejects = UINT64_MAX;
	o.quiet = 1;
	o.today = 20000;
	o.diag = &d;
	int rc = er_ingest_run(r, out, NULL, &o, c);
	er_writer_close(out);
	er_reader_close(r);
	close(devnull);
	unlink(path);
	return rc;
}

static void
test_rejects_to_diag(void **state)
{
	char got[4096] = "";
	struct er_ingest_counts c;

	(void)state;
	assert_int_equal(run("account_id,date,kwh\nA1,2024-02-29,1\nA1,2023-02-29,2\n", got, &c), ER_EDATA);
	assert_int_equal(c.read, 2);
	assert_int_equal(c.written, 1);
	assert_int_equal(c.rejected, 1);
	assert_non_null(strstr(got, "bad date '2023-02-29': impossible date"));
	assert_non_null(strstr(got, "line 3, field date)"));
	assert_ptr_equal(strchr(got, '\n'), got + strlen(got) - 1); /* one message */
}

static void
test_missing_column_to_diag(void **state)
{
	char got[4096] = "";
	struct er_ingest_counts c;

	(void)state;
	assert_int_equal(run("account_id,kwh\nA1,1\n", got, &c), ER_EDATA);
	assert_non_null(strstr(got, "no column for required field 'date'"));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejects_to_diag),
		cmocka_unit_test(test_missing_column_to_diag),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
