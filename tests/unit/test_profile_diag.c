/* Unit tests: credit/'s table loaders report bad rows to the caller's diag (the library
 * never prints), with file, line and field. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "credit/decide_tables.h"
#include "credit/profile_enterprise.h"
#include "credit/profile_tags.h"

#include "diag_collect.h"

static void
test_enterprise_bad_indicator(void **state)
{
	char path[] = "/tmp/test_profile_diag_XXXXXX", err[ER_ERRLEN];
	struct collected c = {.n = 0};
	struct er_diag d = {collect, &c};
	struct er_reader_opts ro = {0};
	unsigned long errors = 0;
	er_profile_enterprise *e = er_profile_enterprise_new();

	(void)state;
	write_file(path, "id,usage.kwh_mean_12m\nE1,12.5\nE2,-3\n,1\n");
	assert_non_null(e);
	assert_int_equal(er_profile_enterprise_load_features(&d, e, path, &ro, &errors, err), 0);
	assert_int_equal(errors, 2);
	assert_int_equal(c.n, 2);
	assert_non_null(strstr(c.text[0], "bad indicator '-3': negative"));
	assert_non_null(strstr(c.text[0], "line 3"));
	assert_non_null(strstr(c.text[0], "usage.kwh_mean_12m"));
	assert_non_null(strstr(c.text[1], "empty id"));
	/* NULL drops the messages, the count stays */
	errors = 0;
	er_profile_enterprise_free(e);
	e = er_profile_enterprise_new();
	assert_int_equal(er_profile_enterprise_load_features(NULL, e, path, &ro, &errors, err), 0);
	assert_int_equal(errors, 2);
	er_profile_enterprise_free(e);
	unlink(path);
}

static void
test_decide_unused_review(void **state)
{
	char path[] = "/tmp/test_profile_diag_XXXXXX", err[ER_ERRLEN];
	struct collected c = {.n = 0};
	struct er_diag d = {collect, &c};
	struct er_reader_opts ro = {0};
	unsigned long errors = 0;
	er_decide_tables *t = er_decide_tables_new();

	(void)state;
	write_file(path, "app_id,result\nA1,approve\nA2,reject\n");
	assert_non_null(t);
	assert_int_equal(er_decide_tables_load_reviews(&d, t, path, &ro, &errors, err), 0);
	assert_int_equal(errors, 0);
	er_decide_tables_review(t, "A1", 2);
	assert_int_equal(er_decide_tables_report_unused_reviews(&d, t), 1);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.text[0], "review for unknown application 'A2'"));
	assert_non_null(strstr(c.text[0], "line 3"));
	er_decide_tables_free(t);
	unlink(path);
}

static void
test_tags_unused(void **state)
{
	char path[] = "/tmp/test_profile_diag_XXXXXX", err[ER_ERRLEN];
	struct collected c = {.n = 0};
	struct er_diag d = {collect, &c};
	struct er_reader_opts ro = {0};
	unsigned long errors = 0, ignored = 0;
	er_profile_tags *t = er_profile_tags_new();

	(void)state;
	write_file(path, "subject_id,source,tag,value\nS1,bank,income,100\n");
	assert_non_null(t);
	assert_int_equal(er_profile_tags_load(&d, t, path, &ro, &errors, &ignored, err), 0);
	c.n = 0;
	assert_int_equal(er_profile_tags_report_unused(&d, t, 0), 1);
	assert_int_equal(c.n, 1);
	assert_non_null(strstr(c.text[0], "tags for unknown subject 'S1'"));
	er_profile_tags_free(t);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enterprise_bad_indicator),
		cmocka_unit_test(test_decide_unused_review),
		cmocka_unit_test(test_tags_unused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
