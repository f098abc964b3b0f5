/* Unit tests for loading side tables: lib/table.c's loop (columns bound by name, optional
 * ones marked '?', malformed rows skipped and counted) and er_schema_bind, which binds a
 * canonical table's columns by its spec in data/schema.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "data/schema.h"
#include "lib/err.h"
#include "lib/table.h"

/* A temporary file holding TEXT; its name in PATH (removed by the caller). */
static void
write_file(char *path, const char *text)
{
	strcpy(path, "/tmp/test_table_XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	FILE *f = fdopen(fd, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void
test_open_and_next(void **state)
{
	(void)state;
	char path[64], err[ER_ERRLEN];
	write_file(path, "name,value\na,1\n\"b,2\nc,3\n");
	static const char *const cols[] = {"value", "?missing", "name"};
	long idx[3];
	er_reader *r;
	assert_int_equal(er_table_open(&r, path, NULL, cols, 3, idx, err), 0);
	assert_non_null(r);
	assert_int_equal(idx[0], 1);
	assert_int_equal(idx[1], -1);
	assert_int_equal(idx[2], 0);
	unsigned long errors = 0;
	assert_int_equal(er_table_next(NULL, r, "malformed row: ", &errors, err), 1);
	size_t len;
	assert_string_equal(er_table_field(r, idx[2], &len), "a");
	assert_int_equal(len, 1);
	assert_string_equal(er_table_field(r, idx[1], &len), "");
	assert_int_equal(len, 0);
	/* the unterminated quote costs its row only (issue 14): one malformed row, then c,3 */
	assert_int_equal(er_table_next(NULL, r, "malformed row: ", &errors, err), 1);
	assert_int_equal(errors, 1);
	assert_string_equal(er_table_field(r, idx[2], &len), "c");
	assert_int_equal(er_table_next(NULL, r, "malformed row: ", &errors, err), 0);
	er_reader_close(r);

	static const char *const need[] = {"name", "nope"};
	assert_int_equal(er_table_open(&r, path, NULL, need, 2, idx, err), ER_EIO);
	assert_null(r);
	assert_non_null(strstr(err, "no column 'nope'"));
	unlink(path);
}

/* A row whose key is empty is counted and skipped like a malformed one; the loader's
 * status passes through er_table_done when the table ended well. */
static void
test_next_keyed(void **state)
{
	(void)state;
	char path[64], err[ER_ERRLEN];
	write_file(path, "id,value\n,1\na,2\n\"b,3\nc,4\n");
	static const char *const cols[] = {"id", "value"};
	long idx[2];
	er_reader *r;
	assert_int_equal(er_table_open(&r, path, NULL, cols, 2, idx, err), 0);
	unsigned long errors = 0;
	const char *key;
	size_t len;
	assert_int_equal(er_table_next_keyed(NULL, r, idx[0], "id", &errors, &key, &len, err), 1);
	assert_string_equal(key, "a");
	assert_int_equal(len, 1);
	assert_int_equal(errors, 1);
	assert_int_equal(er_table_next_keyed(NULL, r, idx[0], "id", &errors, &key, &len, err), 1);
	assert_string_equal(key, "c");
	assert_int_equal(errors, 2);
	int got = er_table_next_keyed(NULL, r, idx[0], "id", &errors, &key, &len, err);
	assert_int_equal(got, 0);
	assert_int_equal(er_table_done(r, got, ER_ENOMEM), ER_ENOMEM);
	unlink(path);
}

static void
test_schema_bind(void **state)
{
	(void)state;
	char path[64], err[ER_ERRLEN];
	write_file(path, "uscc,apply_date,name\nX,2024-01-01,n\n");
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	assert_non_null(r);
	const struct er_schema *s = er_schema_get(ER_KIND_LOANS);
	long col[ER_SCHEMA_MAXFIELDS];
	/* app_id is required by the spec: binding every field fails, leaving it out works */
	assert_int_equal(er_schema_bind(s, r, ~0u, col, err), -1);
	assert_non_null(strstr(err, "no column 'app_id'"));
	assert_int_equal(er_schema_bind(s, r, ~ER_FIELD_BIT(ER_LOANS_APP_ID), col, err), 0);
	assert_int_equal(col[ER_LOANS_USCC], 0);
	assert_int_equal(col[ER_LOANS_APPLY_DATE], 1);
	assert_int_equal(col[ER_LOANS_NAME], 2);
	assert_int_equal(col[ER_LOANS_PHONE], -1);
	er_reader_close(r);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_open_and_next),
		cmocka_unit_test(test_next_keyed),
		cmocka_unit_test(test_schema_bind),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
