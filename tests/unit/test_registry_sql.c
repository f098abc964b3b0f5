/* Unit tests for credit/registry_sql.c: one template, each dialect's placeholders. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "credit/registry_sql.h"

static void
expect_sql(int dialect, int id, const char *want)
{
	char *sql = er_registry_sql(dialect, id);
	assert_non_null(sql);
	assert_string_equal(sql, want);
	free(sql);
}

static void
test_placeholders(void **state)
{
	(void)state;
	/* Both backends bind updated_at of a touch as parameter 3. */
	expect_sql(ER_SQL_SQLITE, ER_SQL_STATUS_TOUCH,
	           "UPDATE status SET updated_at = ?3 WHERE subject_id = ?1 AND platform = ?2");
	expect_sql(ER_SQL_POSTGRESQL, ER_SQL_STATUS_TOUCH,
	           "UPDATE status SET updated_at = $3 WHERE subject_id = $1 AND platform = $2");
}

static void
test_dialect_words(void **state)
{
	(void)state;
	expect_sql(ER_SQL_SQLITE, ER_SQL_META_SET,
	           "INSERT INTO er_registry_meta (key, value) VALUES (?1, ?2) "
	           "ON CONFLICT (key) DO UPDATE SET value = excluded.value");
	expect_sql(ER_SQL_SQLITE, ER_SQL_IMPORT_NEXT, "SELECT coalesce(max(id), 0) + 1 FROM imports");
	expect_sql(ER_SQL_POSTGRESQL, ER_SQL_IMPORT_NEXT, "SELECT nextval(pg_get_serial_sequence('imports', 'id'))");
}

static void
test_every_statement(void **state)
{
	(void)state;
	for (int d = ER_SQL_SQLITE; d <= ER_SQL_POSTGRESQL; d++)
		for (int id = 0; id < ER_SQL_COUNT; id++) {
			char *sql = er_registry_sql(d, id);
			assert_non_null(sql);
			assert_null(strchr(sql, '@'));
			assert_null(strchr(sql, d == ER_SQL_SQLITE ? '$' : '?'));
			free(sql);
		}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_placeholders),
		cmocka_unit_test(test_dialect_words),
		cmocka_unit_test(test_every_statement),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
