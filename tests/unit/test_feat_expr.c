/* Unit tests for features/feat_expr.c: precedence and parentheses against values worked
 * out by hand, missing operands and division by zero, syntax errors, binding. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "features/feat_expr.h"
#include "lib/err.h"
#include "lib/reader.h"

/* A reader over one header and one row, from a temporary file removed at once. */
static er_reader *
one_row(const char *csv)
{
	char path[] = "/tmp/er-test-feat-expr-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, csv, strlen(csv)), (ssize_t)strlen(csv));
	assert_int_equal(close(fd), 0);
	er_reader *r;
	char err[ER_ERRLEN];
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	unlink(path);
	assert_int_equal(er_reader_next(r), 1);
	return r;
}

/* The value of TEXT on the row of CSV (NaN when missing); fails the test on any error. */
static double
value(const char *text, const char *csv)
{
	er_feat_expr *e;
	char err[ER_ERRLEN];
	assert_int_equal(er_feat_expr_parse(text, &e, err), 0);
	er_reader *r = one_row(csv);
	assert_int_equal(er_feat_expr_bind(e, r), 1);
	double v = 0;
	assert_int_equal(er_feat_expr_eval(e, r, &v, err), 0);
	er_reader_close(r);
	er_feat_expr_free(e);
	return v;
}

static void
precedence_and_parentheses(void **state)
{
	(void)state;
	const char *row = "a,b,c\n2,3,4\n";
	assert_true(value("a+b*c", row) == 14);
	assert_true(value("(a+b)*c", row) == 20);
	assert_true(value("a-b-c", row) == -5); /* left to right */
	assert_true(value("c/a/a", row) == 1);
	assert_true(value(" a * (b - c) / 2 ", row) == -1);
	assert_true(value("c*0.5+1e1", row) == 12);
	assert_true(value("((a))", row) == 2);
}

static void
missing_and_division_by_zero(void **state)
{
	(void)state;
	assert_true(isnan(value("a+b", "a,b\n1,\n")));
	assert_true(isnan(value("a+b", "a,b\n1,NA\n")));
	assert_true(isnan(value("a/b", "a,b\n1,0\n")));
	assert_true(value("a/b", "a,b\n0,2\n") == 0);
}

static void
errors(void **state)
{
	(void)state;
	static const char *const bad[] = {"", "a+", "(a", "a)", "a b", "1x", "*a", "a+-b", "a$b"};
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		er_feat_expr *e = (er_feat_expr *)1;
		char err[ER_ERRLEN] = "";
		assert_int_equal(er_feat_expr_parse(bad[i], &e, err), ER_EUSAGE);
		assert_null(e);
		assert_true(strstr(err, "expression") != NULL);
	}
	/* a field that is not a number is a data error naming the field */
	er_feat_expr *e;
	char err[ER_ERRLEN];
	assert_int_equal(er_feat_expr_parse("a*2", &e, err), 0);
	er_reader *r = one_row("a\nx1\n");
	assert_int_equal(er_feat_expr_bind(e, r), 1);
	double v;
	assert_int_equal(er_feat_expr_eval(e, r, &v, err), ER_EDATA);
	assert_true(strstr(err, "field a") != NULL);
	er_reader_close(r);
	/* a column the table lacks: not bound */
	r = one_row("b\n1\n");
	assert_int_equal(er_feat_expr_bind(e, r), 0);
	er_reader_close(r);
	er_feat_expr_free(e);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(precedence_and_parentheses),
		cmocka_unit_test(missing_and_division_by_zero),
		cmocka_unit_test(errors),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
