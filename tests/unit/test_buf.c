/* Unit tests for lib/buf.c: appending bytes, strings and formatted text across many
 * reallocations, embedded NULs, reset, detach and release, and sizes that overflow refused
 * with the buffer unchanged. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/buf.h"

static void
test_buf_empty(void **state)
{
	struct er_buf b = ER_BUF_INIT;
	assert_null(b.p);
	assert_string_equal(er_buf_cstr(&b), "");
	assert_int_equal(er_buf_adds(&b, NULL), 0);
	assert_int_equal(er_buf_add(&b, "", 0), 0);
	assert_non_null(b.p);
	assert_string_equal(b.p, "");
	size_t len = 9;
	char *s = er_buf_detach(&b, &len);
	assert_string_equal(s, "");
	assert_int_equal(len, 0);
	assert_null(b.p);
	free(s);
	/* detach of a buffer that never allocated still gives a string to free */
	s = er_buf_detach(&b, NULL);
	assert_non_null(s);
	assert_string_equal(s, "");
	free(s);
	er_buf_release(&b);
}

static void
test_buf_many(void **state)
{
	struct er_buf b = ER_BUF_INIT;
	size_t moves = 0;
	for (int i = 0; i < 100000; i++) {
		char *before = b.p;
		assert_int_equal(er_buf_addf(&b, "%d,", i), 0);
		moves += b.p != before;
	}
	assert_true(moves < 40);
	assert_int_equal(b.len, strlen(b.p));
	/* every number is there, in order */
	const char *p = b.p;
	for (int i = 0; i < 100000; i++) {
		char *end;
		long v = strtol(p, &end, 10);
		assert_int_equal(v, i);
		assert_int_equal(*end, ',');
		p = end + 1;
	}
	assert_int_equal(*p, '\0');
	er_buf_release(&b);
	assert_null(b.p);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void
test_buf_bytes_and_reset(void **state)
{
	struct er_buf b = ER_BUF_INIT;
	assert_int_equal(er_buf_add(&b, "a\0b", 3), 0);
	assert_int_equal(er_buf_adds(&b, "cd"), 0);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.p, "a\0bcd", 6);
	/* a long formatted piece that does not fit the room left */
	char big[3000];
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	assert_int_equal(er_buf_addf(&b, "[%s]", big), 0);
	assert_int_equal(b.len, 5 + 3001);
	assert_int_equal(b.p[5], '[');
	assert_int_equal(b.p[b.len - 1], ']');
	assert_int_equal(b.p[b.len], '\0');
	char *kept = b.p;
	size_t cap = b.cap;
	er_buf_reset(&b);
	assert_int_equal(b.len, 0);
	assert_string_equal(er_buf_cstr(&b), "");
	assert_ptr_equal(b.p, kept);
	assert_int_equal(b.cap, cap);
	assert_int_equal(er_buf_addf(&b, "%s=%.1f", "x", 1.5), 0);
	assert_string_equal(b.p, "x=1.5");
	size_t len;
	char *s = er_buf_detach(&b, &len);
	assert_string_equal(s, "x=1.5");
	assert_int_equal(len, 5);
	assert_null(b.p);
	free(s);
}

static void
test_buf_overflow_refused(void **state)
{
	struct er_buf b = ER_BUF_INIT;
	assert_int_equal(er_buf_adds(&b, "keep"), 0);
	char *p = b.p;
	assert_int_equal(er_buf_add(&b, "x", SIZE_MAX), -1);
	assert_int_equal(er_buf_add(&b, "x", SIZE_MAX - 4), -1);
	assert_ptr_equal(b.p, p);
	assert_int_equal(b.len, 4);
	assert_string_equal(b.p, "keep");
	er_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_buf_empty),
		cmocka_unit_test(test_buf_many),
		cmocka_unit_test(test_buf_bytes_and_reset),
		cmocka_unit_test(test_buf_overflow_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
