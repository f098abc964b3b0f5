/* Unit tests for data/interval.c: the column names of the wide interval form (numbered from 1
 * or 0, with prefixes and suffixes; interval starts or ends) and the column sets refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "data/interval.h"

#define MAXC 100

struct cols {
	char buf[MAXC][16];
	const char *names[MAXC];
	int slot[MAXC];
	size_t n;
};

/* Columns "id", "date", then FMT formatted with FIRST..FIRST+COUNT-1 (times: FMT gets hours
 * and minutes of STEP-minute marks). */
static void
numbered(struct cols *c, const char *fmt, int first, int count)
{
	c->n = 0;
	strcpy(c->buf[c->n++], "id");
	strcpy(c->buf[c->n++], "date");
	for (int i = 0; i < count; i++)
		snprintf(c->buf[c->n++], sizeof c->buf[0], fmt, first + i);
	for (size_t i = 0; i < c->n; i++)
		c->names[i] = c->buf[i];
}

static void
timed(struct cols *c, int step, int first)
{
	c->n = 0;
	for (int m = first; m < first + 1440; m += step)
		snprintf(c->buf[c->n++], sizeof c->buf[0], "%d:%02d", m / 60, m % 60);
	for (size_t i = 0; i < c->n; i++)
		c->names[i] = c->buf[i];
}

static void
test_numbered(void **state)
{
	(void)state;
	struct cols c;
	char err[ER_ERRLEN];
	numbered(&c, "p%d", 1, 96);
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 96);
	assert_int_equal(c.slot[0], -1);
	assert_int_equal(c.slot[1], -1);
	assert_int_equal(c.slot[2], 0);
	assert_int_equal(c.slot[97], 95);
	numbered(&c, "H%02d", 1, 24);
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 24);
	assert_int_equal(c.slot[25], 23);
	numbered(&c, "%d点", 0, 24);
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 24);
	assert_int_equal(c.slot[2], 0);
	numbered(&c, "点%d", 1, 48);
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 48);
}

static void
test_times(void **state)
{
	(void)state;
	struct cols c;
	char err[ER_ERRLEN];
	timed(&c, 15, 0); /* 0:00 .. 23:45: starts */
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 96);
	assert_int_equal(c.slot[0], 0);
	assert_int_equal(c.slot[95], 95);
	timed(&c, 60, 60); /* 1:00 .. 24:00: ends */
	assert_string_equal(c.names[23], "24:00");
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 24);
	assert_int_equal(c.slot[0], 0);
	assert_int_equal(c.slot[23], 23);
	timed(&c, 30, 30); /* 0:30 .. 24:00 */
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), 48);
	assert_int_equal(c.slot[47], 47);
}

static void
test_refused(void **state)
{
	(void)state;
	struct cols c;
	char err[ER_ERRLEN];
	numbered(&c, "name%d", 1, 5); /* no interval columns: not this form */
	assert_int_equal(er_interval_columns(c.names, 2, c.slot, err), 0);
	numbered(&c, "H%02d", 1, 23);
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), -1);
	assert_non_null(strstr(err, "23 columns"));
	numbered(&c, "p%d", 2, 24); /* 2..25: neither 1..24 nor 0..23 */
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), -1);
	assert_non_null(strstr(err, "'p25'"));
	timed(&c, 60, 10); /* 0:10 .. 23:10: not on the hour */
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), -1);
	numbered(&c, "p%d", 1, 24);
	strcpy(c.buf[5], "p3"); /* p3 twice, p4 missing */
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), -1);
	numbered(&c, "p%d", 1, 24);
	strcpy(c.buf[5], "4:00"); /* numbers and times mixed */
	assert_int_equal(er_interval_columns(c.names, c.n, c.slot, err), -1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_numbered),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
