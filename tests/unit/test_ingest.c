/* Unit tests of data/ingest.c's reporting: rejected rows (without a rejects file) and setup
 * problems go to the caller's diag with file, line and field; the library never prints.
 * The field --repeats number numbers per kind, and the counts with numbering. */
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

/* Runs a readings ingest of TEXT (no rejects file, --map MAP, --repeats number when NUMBER)
 * with messages into GOT and the output into OUTPUT (NULL: none; 4096 bytes). */
static int
run_with(const char *text, const char *map, int number, char *got, char *output, struct er_ingest_counts *c)
{
	char path[] = "/tmp/test_ingest_XXXXXX", err[ER_ERRLEN];
	char outpath[] = "/tmp/test_ingest_out_XXXXXX";
	int fd = mkstemp(path), devnull = mkstemp(outpath);
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
	o.map = map;
	o.number_repeats = number;
	int rc = er_ingest_run(r, out, NULL, &o, c);
	er_writer_close(out);
	er_reader_close(r);
	if (output) {
		FILE *f = fopen(outpath, "r");
		assert_non_null(f);
		output[fread(output, 1, 4095, f)] = '\0';
		fclose(f);
	}
	close(devnull);
	unlink(path);
	unlink(outpath);
	return rc;
}

static int
run(const char *text, char *got, struct er_ingest_counts *c)
{
	return run_with(text, NULL, 0, got, NULL, c);
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

static void
test_repeat_field(void **state)
{
	static const struct {
		enum er_kind kind;
		const char *field; /* NULL: none */
	} want[] = {{ER_KIND_READINGS, "meter_id"}, {ER_KIND_BILLS, "bill_id"}, {ER_KIND_INSPECTIONS, "case_id"},
	            {ER_KIND_ACCOUNTS, NULL},       {ER_KIND_EVENTS, NULL},     {ER_KIND_LOANS, "app_id"},
	            {ER_KIND_LABELS, NULL}};

	(void)state;
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct er_schema *s = er_schema_get(want[i].kind);
		long f = er_ingest_repeat_field(s);
		if (!want[i].field)
			assert_int_equal(f, -1);
		else
			assert_string_equal(s->fields[f].name, want[i].field);
	}
}

/* A meter of two columns, read three times on a day beside a real M-1#2: numbered past it,
 * and the counts add up with the numbered ones among the written. */
static void
test_number_counts(void **state)
{
	char got[4096] = "", out[4096];
	struct er_ingest_counts c;

	(void)state;
	assert_int_equal(run_with("account_id,date,kwh,m,r\n"
	                          "A1,2024-01-01,1,M,1\n"
	                          "A1,2024-01-01,2,M,1#2\n"
	                          "A1,2024-01-01,3,M,1\n"
	                          "A1,2024-01-01,x,M,1\n"
	                          "A1,2024-01-01,4,M,1\n",
	                          "meter_id=m+r", 1, got, out, &c),
	                 ER_EDATA);
	assert_int_equal(c.read, 5);
	assert_int_equal(c.written, 4);
	assert_int_equal(c.rejected, 1);
	assert_int_equal(c.duplicate, 0);
	assert_int_equal(c.numbered, 2);
	assert_string_equal(out,
	                    "account_id,date,days,kwh,meter_id\n"
	                    "A1,2024-01-01,1,1,M-1\n"
	                    "A1,2024-01-01,1,2,M-1#2\n"
	                    "A1,2024-01-01,1,3,M-1#3\n"
	                    "A1,2024-01-01,1,4,M-1#4\n");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejects_to_diag),
		cmocka_unit_test(test_missing_column_to_diag),
		cmocka_unit_test(test_repeat_field),
		cmocka_unit_test(test_number_counts),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
