/* Unit tests for lib/table.c: the side-table loop (columns bound by name, optional ones
 * marked '?', malformed rows skipped and counted). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/err.h"
#include "lib/table.h"

/* A temporary file holding TEXT; its name in PATH (removed by the caller). */
static void write_file(char *path, const char *text)
{
	strcpy(path, "/tmp/test_table_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_open_and_next(void **state)
{
	(void)state;
	char path[64], err[ER_ERRLEN];
	write_file(path, "name,value\na,1\n\"b,2\nc,3\n");
	static const char *const cols[] = {"value", "?missing", "name"};
	long idx[3];
	int status = 0;
	er_reader *r = er_table_open(path, NULL, cols, 3, idx, err, &status);
	assert_non_null(r);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], -1);
	assert_int_equal(idx[2], 0);
	unsigned long errors = 0;
	assert_int_equal(er_table_next(r, "malformed row: ", &errors, err, &status), 1);
	size_t len;
	assert_string_equal(er_table_field(r, idx[2], &len), "a");
	assert_int_equal(len, 1);
	assert_string_equal(er_table_field(r, idx[1], &len), "");
	assert_int_equal(len, 0);
	/* the unterminated quote swallows the rest: one malformed row, then the end */
	assert_int_equal(er_table_next(r, "malformed row: ", &errors, err, &status), 0);
	assert_int_equal(errors, 1);
	er_reader_close(r);

	static const char *const need[] = {"name", "nope"};
	assert_null(er_table_open(path, NULL, need, 2, idx, err, &status));
	assert_int_equal(status, ER_EIO);
	assert_non_null(strstr(err, "no column 'nope'"));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_next),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
