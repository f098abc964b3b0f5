/* Unit tests for lib/writer.c: CSV quoting only when needed, TSV's refusal or
 * replacement of tabs and newlines, formula neutralising, numbers, buffering across
 * block boundaries (checked by reading the output back with er_reader), and write
 * failures reported with a message. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <math.h>
#include <limits.h>
#include <fcntl.h>
#include <unistd.h>
#include <sys/stat.h>

#include <cmocka.h>

#include "lib/err.h"
#include "lib/reader.h"
#include "lib/writer.h"

#define PATHLEN 64

struct out {
	char path[PATHLEN];
	int fd;
	er_writer *w;
};

static void
out_open(struct out *o, enum er_format fmt, int tsv_replace, int safe_csv, int line_buffered)
{
	snprintf(o->path, sizeof o->path, "/tmp/er-test-writer-XXXXXX");
	o->fd = mkstemp(o->path);
	assert_true(o->fd >= 0);
	/* read back through the descriptor: nothing is left behind if a check fails */
	unlink(o->path);
	struct er_writer_opts opts = {fmt, line_buffered, tsv_replace, safe_csv};
	o->w = er_writer_open(o->fd, "test", &opts);
	assert_non_null(o->w);
}

/* Closes the writer and returns what it wrote (caller frees); *LEN gets its length. */
static char *
out_close(struct out *o, size_t *len)
{
	assert_int_equal(er_writer_close(o->w), 0);
	struct stat st;
	assert_int_equal(fstat(o->fd, &st), 0);
	char *buf = malloc((size_t)st.st_size + 1);
	assert_non_null(buf);
	assert_int_equal(pread(o->fd, buf, (size_t)st.st_size, 0), st.st_size);
	buf[st.st_size] = '\0';
	close(o->fd);
	if (len)
		*len = (size_t)st.st_size;
	return buf;
}

/* Writes each of FIELDS as a one-field row and checks the whole output. */
static void
assert_rows(enum er_format fmt, int safe_csv, const char *const *fields, size_t n, const char *want)
{
	struct out o;
	out_open(&o, fmt, 0, safe_csv, 0);
	for (size_t i = 0; i < n; i++) {
		assert_int_equal(er_writer_str(o.w, fields[i]), 0);
		assert_int_equal(er_writer_end_row(o.w), 0);
	}
	char *got = out_close(&o, NULL);
	if (strcmp(got, want) != 0) {
		print_error("got:\n%s\nexpected:\n%s\n", got, want);
		free(got);
		fail();
	}
	free(got);
}

static void
test_csv_quoting_only_when_needed(void **state)
{
	static const char *const fields[] = {
		"plain",   "a,b",       "he said \"hi\"", "line\nbreak", "cr\rhere", "",   " spaced ",
		"'quote'", "tab\there", "户号",           "\"",          "a;b",      NULL,
	};
	assert_rows(ER_FMT_CSV, 0, fields, sizeof fields / sizeof fields[0],
	            "plain\n\"a,b\"\n\"he said \"\"hi\"\"\"\n\"line\nbreak\"\n\"cr\rhere\"\n\n spaced \n'quote'\n"
	            "tab\there\n户号\n\"\"\"\"\na;b\n\n");
	/* fields and rows together */
	struct out o;
	out_open(&o, ER_FMT_CSV, 0, 0, 0);
	static const char *const row[] = {"id", "x,y", "", "z"};
	assert_int_equal(er_writer_row(o.w, row, 4), 0);
	assert_int_equal(er_writer_field(o.w, "ab\0c", 4), 0);
	assert_int_equal(er_writer_str(o.w, NULL), 0);
	assert_int_equal(er_writer_end_row(o.w), 0);
	size_t len;
	char *got = out_close(&o, &len);
	assert_int_equal(len, 18);
	assert_memory_equal(got, "id,\"x,y\",,z\nab\0c,\n", 18);
	free(got);
}

static void
test_tsv_output(void **state)
{
	struct out o;
	out_open(&o, ER_FMT_TSV, 0, 0, 0);
	static const char *const row[] = {"a", "b,c", "\"q\"", ""};
	assert_int_equal(er_writer_row(o.w, row, 4), 0);
	/* a tab or a newline cannot be written: an error that names it */
	assert_int_equal(er_writer_str(o.w, "x\ty"), ER_EDATA);
	assert_string_equal(er_writer_error(o.w), "tab inside a field cannot be written as TSV");
	assert_int_equal(er_writer_str(o.w, "x\ny"), ER_EDATA);
	assert_string_equal(er_writer_error(o.w), "newline inside a field cannot be written as TSV");
	assert_int_equal(er_writer_str(o.w, "x\ry"), ER_EDATA);
	char *got = out_close(&o, NULL);
	/* the good row is intact */
	assert_memory_equal(got, "a\tb,c\t\"q\"\t\n", 11);
	free(got);

	out_open(&o, ER_FMT_TSV, 1, 0, 0);
	static const char *const bad[] = {"x\ty", "line\r\nbreak", "ok"};
	assert_int_equal(er_writer_row(o.w, bad, 3), 0);
	got = out_close(&o, NULL);
	assert_string_equal(got, "x y\tline  break\tok\n");
	free(got);
}

static void
test_safe_csv(void **state)
{
	static const char *const fields[] = {
		"=SUM(A1:A9)", "+cmd", "-2+3", "@import", "-5", "+1.5", "-0.25e3", "-", "plain", "a=b", "",
	};
	assert_rows(ER_FMT_CSV, 1, fields, sizeof fields / sizeof fields[0],
	            "'=SUM(A1:A9)\n'+cmd\n'-2+3\n'@import\n-5\n+1.5\n-0.25e3\n'-\nplain\na=b\n\n");
	/* without the option, formulas go out as they are */
	assert_rows(ER_FMT_CSV, 0, fields, 2, "=SUM(A1:A9)\n+cmd\n");
	/* in TSV too */
	assert_rows(ER_FMT_TSV, 1, fields, 2, "'=SUM(A1:A9)\n'+cmd\n");
}

/* The apostrophe belongs inside the quotes when the field also needs quoting, or the
 * output is not valid CSV. */
static void
test_safe_csv_quoted_formula(void **state)
{
	static const char *const fields[] = {"=HYPERLINK(\"http://x\",\"y\")", "=1+2,3"};
	assert_rows(ER_FMT_CSV, 1, fields, 2, "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"\n\"'=1+2,3\"\n");
}

static void
test_numbers(void **state)
{
	struct out o;
	out_open(&o, ER_FMT_CSV, 0, 0, 0);
	static const double values[] = {0, -0.0, 1, -250, 0.1, 1.0 / 3, 2.5e-7, 1e15, 1e21, 123456789012345.0, 12.5};
	for (size_t i = 0; i < sizeof values / sizeof values[0]; i++)
		assert_int_equal(er_writer_double(o.w, values[i]), 0);
	assert_int_equal(er_writer_end_row(o.w), 0);
	assert_int_equal(er_writer_double(o.w, NAN), 0);
	assert_int_equal(er_writer_double(o.w, INFINITY), 0);
	assert_int_equal(er_writer_double(o.w, -INFINITY), 0);
	assert_int_equal(er_writer_end_row(o.w), 0);
	assert_int_equal(er_writer_int(o.w, 0), 0);
	assert_int_equal(er_writer_int(o.w, LLONG_MIN), 0);
	assert_int_equal(er_writer_int(o.w, LLONG_MAX), 0);
	assert_int_equal(er_writer_end_row(o.w), 0);
	char *got = out_close(&o, NULL);
	assert_string_equal(got,
	                    "0,0,1,-250,0.1,0.3333333333333333,2.5e-07,1e+15,1e+21,123456789012345,12.5\n"
	                    ",,\n"
	                    "0,-9223372036854775808,9223372036854775807\n");
	free(got);
}

static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* Random fields (commas, quotes, CR, LF, one of 300 KB) over many 256 KiB blocks: the
 * reader gives back exactly what was written. */
static void
test_round_trip_through_reader(void **state)
{
	enum { ROWS = 20000, BIG = 300000 };
	static const char alphabet[] = "ab,\"\n\r 9";
	struct out o;
	out_open(&o, ER_FMT_CSV, 0, 0, 0);
	static const char *const header[] = {"id", "text"};
	assert_int_equal(er_writer_row(o.w, header, 2), 0);
	char *big = malloc(BIG);
	assert_non_null(big);
	uint64_t rng = 42;
	char field[40];
	for (int i = 0; i < ROWS; i++) {
		assert_int_equal(er_writer_int(o.w, i), 0);
		if (i == ROWS / 2) {
			for (size_t k = 0; k < BIG; k++)
				big[k] = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
			assert_int_equal(er_writer_field(o.w, big, BIG), 0);
		} else {
			size_t n = (size_t)(next_random(&rng) % 30);
			for (size_t k = 0; k < n; k++)
				field[k] = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
			assert_int_equal(er_writer_field(o.w, field, n), 0);
		}
		assert_int_equal(er_writer_end_row(o.w), 0);
	}
	assert_int_equal(er_writer_close(o.w), 0);
	char err[ER_ERRLEN], path[PATHLEN];
	snprintf(path, sizeof path, "/proc/self/fd/%d", o.fd);
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	assert_non_null(r);
	rng = 42;
	char want[24];
	for (int i = 0; i < ROWS; i++) {
		int rc = er_reader_next(r);
		if (rc != 1)
			fail_msg("row %d: rc %d (%s)", i, rc, er_reader_error(r));
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(er_reader_field(r, 0), want);
		if (i == ROWS / 2) {
			for (size_t k = 0; k < BIG; k++)
				big[k] = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
			assert_int_equal(er_reader_field_len(r, 1), BIG);
			assert_memory_equal(er_reader_field(r, 1), big, BIG);
		} else {
			size_t n = (size_t)(next_random(&rng) % 30);
			for (size_t k = 0; k < n; k++)
				field[k] = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
			if (er_reader_field_len(r, 1) != n || memcmp(er_reader_field(r, 1), field, n) != 0)
				fail_msg("row %d: field changed on the way", i);
		}
	}
	assert_int_equal(er_reader_next(r), 0);
	er_reader_close(r);
	close(o.fd);
	free(big);
}

static void
test_line_buffered(void **state)
{
	struct out o;
	out_open(&o, ER_FMT_CSV, 0, 0, 1);
	assert_int_equal(er_writer_str(o.w, "a"), 0);
	assert_int_equal(er_writer_end_row(o.w), 0);
	struct stat st;
	assert_int_equal(fstat(o.fd, &st), 0);
	assert_int_equal(st.st_size, 2);
	char *got = out_close(&o, NULL);
	assert_string_equal(got, "a\n");
	free(got);
	/* without it, rows wait in the buffer */
	out_open(&o, ER_FMT_CSV, 0, 0, 0);
	assert_int_equal(er_writer_str(o.w, "a"), 0);
	assert_int_equal(er_writer_end_row(o.w), 0);
	assert_int_equal(fstat(o.fd, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(er_writer_flush(o.w), 0);
	assert_int_equal(fstat(o.fd, &st), 0);
	assert_int_equal(st.st_size, 2);
	got = out_close(&o, NULL);
	free(got);
}

static void
test_dev_full(void **state)
{
	int fd = open("/dev/full", O_WRONLY);
	if (fd < 0)
		skip();
	er_writer *w = er_writer_open(fd, "stdout", NULL);
	assert_non_null(w);
	assert_int_equal(er_writer_str(w, "a"), 0);
	assert_int_equal(er_writer_end_row(w), 0);
	assert_int_equal(er_writer_flush(w), ER_EIO);
	assert_string_equal(er_writer_error(w), "write error 'stdout': No space left on device");
	/* the failure is sticky */
	assert_int_equal(er_writer_str(w, "b"), ER_EIO);
	assert_int_equal(er_writer_end_row(w), ER_EIO);
	assert_int_equal(er_writer_close(w), ER_EIO);
	close(fd);

	/* a close alone reports it too */
	fd = open("/dev/full", O_WRONLY);
	assert_true(fd >= 0);
	w = er_writer_open(fd, "stdout", NULL);
	assert_non_null(w);
	assert_int_equal(er_writer_str(w, "a"), 0);
	assert_int_equal(er_writer_end_row(w), 0);
	assert_int_equal(er_writer_close(w), ER_EIO);
	close(fd);

	/* a failure in the middle of a long run stops it with ER_EIO */
	fd = open("/dev/full", O_WRONLY);
	assert_true(fd >= 0);
	w = er_writer_open(fd, "stdout", NULL);
	int rc = 0;
	for (int i = 0; i < 100000 && rc == 0; i++) {
		rc = er_writer_str(w, "0123456789");
		if (rc == 0)
			rc = er_writer_end_row(w);
	}
	assert_int_equal(rc, ER_EIO);
	assert_int_equal(er_writer_close(w), ER_EIO);
	close(fd);
	assert_int_equal(er_writer_close(NULL), 0);
}

/* er_writer_create and er_writer_finish: a file created with its rows, a failed open and a
 * failed write reported with the path, a status already set passed through untouched. */
static void
test_create_finish(void **state)
{
	(void)state;
	char dir[] = "/tmp/test_writer_XXXXXX", path[PATHLEN + 32], err[ER_ERRLEN] = "";
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/t.csv", dir);
	er_writer *w;
	assert_int_equal(er_writer_create(&w, path, 0600, NULL, err), 0);
	assert_int_equal(er_writer_str(w, "a,b"), 0);
	assert_int_equal(er_writer_end_row(w), 0);
	assert_int_equal(er_writer_finish(w, 0, err), 0);
	char got[32] = "";
	FILE *f = fopen(path, "r");
	assert_non_null(f);
	assert_non_null(fgets(got, sizeof got, f));
	fclose(f);
	assert_string_equal(got, "\"a,b\"\n");
	struct stat sb;
	mode_t mask = umask(0);
	umask(mask);
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600 & ~mask);

	/* a folder that is not there: no writer, the path in the message */
	char bad[PATHLEN + 32];
	snprintf(bad, sizeof bad, "%s/none/t.csv", dir);
	w = (er_writer *)1;
	assert_int_equal(er_writer_create(&w, bad, 0644, NULL, err), ER_EIO);
	assert_null(w);
	assert_non_null(strstr(err, bad));
	assert_non_null(strstr(err, "cannot open"));

	/* a write that fails: ER_EIO with the file's name; an earlier status wins */
	if (access("/dev/full", W_OK) == 0) {
		assert_int_equal(er_writer_create(&w, "/dev/full", 0644, NULL, err), 0);
		assert_int_equal(er_writer_str(w, "x"), 0);
		assert_int_equal(er_writer_end_row(w), 0);
		assert_int_equal(er_writer_finish(w, 0, err), ER_EIO);
		assert_string_equal(err, "write error '/dev/full': No space left on device");
		assert_int_equal(er_writer_create(&w, "/dev/full", 0644, NULL, err), 0);
		assert_int_equal(er_writer_str(w, "x"), 0);
		assert_int_equal(er_writer_end_row(w), 0);
		strcpy(err, "kept");
		assert_int_equal(er_writer_finish(w, ER_EDATA, err), ER_EDATA);
		assert_string_equal(err, "kept");
	}
	assert_int_equal(er_writer_finish(NULL, ER_EDATA, err), ER_EDATA);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_quoting_only_when_needed),
		cmocka_unit_test(test_tsv_output),
		cmocka_unit_test(test_safe_csv),
		cmocka_unit_test(test_safe_csv_quoted_formula),
		cmocka_unit_test(test_numbers),
		cmocka_unit_test(test_round_trip_through_reader),
		cmocka_unit_test(test_line_buffered),
		cmocka_unit_test(test_dev_full),
		cmocka_unit_test(test_create_finish),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
