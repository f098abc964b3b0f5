/* Unit tests for lib/reader.c. Each case writes a small file and compares a
 * transcript of what the reader returns (header, then per row its line number, whether it
 * was bad and why, and its fields) with the expected one, so a failure shows the whole
 * difference at once. */
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
#include "lib/hash.h"
#include "lib/reader.h"

#define PATHLEN 64

/* Writes DATA[0..LEN-1] to a new temporary file whose name goes into PATH. */
static void
make_file(char *path, const char *data, size_t len)
{
	snprintf(path, PATHLEN, "/tmp/er-test-reader-XXXXXX");
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, data, len), (ssize_t)len);
	assert_int_equal(close(fd), 0);
}

/* A growing text buffer for transcripts. */
struct text {
	char *s;
	size_t len, cap;
};

static void
put(struct text *t, const char *s, size_t n)
{
	if (t->len + n + 1 > t->cap) {
		t->cap = (t->len + n + 1) * 2;
		t->s = realloc(t->s, t->cap);
		assert_non_null(t->s);
	}
	memcpy(t->s + t->len, s, n);
	t->len += n;
	t->s[t->len] = '\0';
}

static void putf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void
putf(struct text *t, const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	put(t, buf, (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Appends a field with \n, \r, \t, NUL and | made visible. */
static void
put_field(struct text *t, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		switch (s[i]) {
		case '\n': put(t, "\\n", 2); break;
		case '\r': put(t, "\\r", 2); break;
		case '\t': put(t, "\\t", 2); break;
		case '\0': put(t, "\\0", 2); break;
		case '|': put(t, "\\|", 2); break;
		default: put(t, s + i, 1);
		}
	}
}

static const char *
kind_name(enum er_bad_kind k)
{
	switch (k) {
	case ER_BAD_NONE: return "none";
	case ER_BAD_CSV: return "csv";
	case ER_BAD_FIELDS: return "fields";
	case ER_BAD_NUL: return "nul";
	case ER_BAD_TOO_LONG: return "too_long";
	case ER_BAD_UTF8: return "utf8";
	}
	return "?";
}

/* Describes the whole table: "header a|b", one line per row ("LINE: f|f" or
 * "LINE bad KIND: f|f"), then "end" or "fail: MESSAGE". Caller frees. */
static char *
transcript_paths(char *const *paths, size_t npaths, const struct er_reader_opts *opts)
{
	struct text t = {0};
	char err[ER_ERRLEN] = "";
	int status = -1;
	er_reader *r;
	status = er_reader_open(&r, paths, npaths, opts, err);
	if (!r) {
		putf(&t, "open failed %d: %s\n", status, err);
		return t.s;
	}
	assert_int_equal(status, ER_OK);
	put(&t, "header ", 7);
	for (size_t i = 0; i < er_reader_ncols(r); i++) {
		if (i)
			put(&t, "|", 1);
		const char *name = er_reader_colname(r, i);
		put_field(&t, name, strlen(name));
	}
	put(&t, "\n", 1);
	for (;;) {
		int rc = er_reader_next(r);
		if (rc == 0) {
			put(&t, "end\n", 4);
			break;
		}
		if (rc == ER_READ_FAIL) {
			putf(&t, "fail: %s\n", er_reader_error(r));
			break;
		}
		if (rc == ER_ROW_BAD)
			putf(&t, "%llu bad %s: ", (unsigned long long)er_reader_line(r),
			     kind_name(er_reader_bad_kind(r)));
		else {
			assert_int_equal(rc, 1);
			assert_int_equal(er_reader_bad_kind(r), ER_BAD_NONE);
			putf(&t, "%llu: ", (unsigned long long)er_reader_line(r));
		}
		for (size_t i = 0; i < er_reader_nfields(r); i++) {
			if (i)
				put(&t, "|", 1);
			put_field(&t, er_reader_field(r, i), er_reader_field_len(r, i));
		}
		put(&t, "\n", 1);
	}
	er_reader_close(r);
	return t.s;
}

/* The transcript of DATA[0..LEN-1] read as one file with OPTS (may be NULL). */
static void
assert_reads_n(const char *data, size_t len, const struct er_reader_opts *opts, const char *want)
{
	char path[PATHLEN];
	make_file(path, data, len);
	char *paths[1] = {path};
	char *got = transcript_paths(paths, 1, opts);
	unlink(path);
	/* the temporary file's name in a message reads FILE */
	for (char *at; (at = strstr(got, path)) != NULL;)
		memmove(at, "FILE", 4), memmove(at + 4, at + strlen(path), strlen(at + strlen(path)) + 1);
	if (strcmp(got, want) != 0) {
		print_error("input:\n%s\ngot:\n%s\nexpected:\n%s\n", data, got, want);
		free(got);
		fail();
	}
	free(got);
}

static void
assert_reads(const char *data, const struct er_reader_opts *opts, const char *want)
{
	assert_reads_n(data, strlen(data), opts, want);
}

/* Zeroes the stack below the caller's frame, where the frames of functions it called
 * lay, so a pointer kept into one of them is caught every time rather than by luck. */
static void __attribute__((noinline)) scribble_stack(void)
{
	char junk[8192];
	explicit_bzero(junk, sizeof junk);
}

static void
test_plain_and_bom(void **state)
{
	assert_reads("a,b\n1,2\n3,4\n", NULL, "header a|b\n2: 1|2\n3: 3|4\nend\n");
	assert_reads("\xEF\xBB\xBF"
	             "a,b\n1,2\n",
	             NULL, "header a|b\n2: 1|2\nend\n");
	/* only a leading BOM is stripped */
	assert_reads("a,b\n\xEF\xBB\xBF"
	             "1,2\n",
	             NULL,
	             "header a|b\n2: \xEF\xBB\xBF"
	             "1|2\nend\n");
	/* spaces are data (libcsv's trimming is off) */
	assert_reads("a,b\n 1 , 2\n", NULL, "header a|b\n2:  1 | 2\nend\n");
	/* empty fields; a row of empty fields only (",", a spreadsheet's empty row) is a blank line */
	assert_reads("a,b\n,\n,x\n\"\",\"\"\n,,\n", NULL, "header a|b\n3: |x\nend\n");
	/* a one-column table: a quoted empty field is a row, a blank line is not */
	assert_reads("a\n\"\"\n\n2\n", NULL, "header a\n2: \n4: 2\nend\n");
}

static void
test_line_endings(void **state)
{
	assert_reads("a,b\r\n1,2\r\n3,4\r\n", NULL, "header a|b\n2: 1|2\n3: 3|4\nend\n");
	assert_reads("a,b\n1,2\n3,4", NULL, "header a|b\n2: 1|2\n3: 3|4\nend\n");
	assert_reads("a,b\r\n1,2\r\n3,4", NULL, "header a|b\n2: 1|2\n3: 3|4\nend\n");
	assert_reads("a,b\n1,2\r\n3,4\n", NULL, "header a|b\n2: 1|2\n3: 3|4\nend\n");
	/* a last row ending in a quoted field and no newline */
	assert_reads("a,b\n1,\"x\"", NULL, "header a|b\n2: 1|x\nend\n");
}

static void
test_blank_lines(void **state)
{
	assert_reads("a,b\n\n1,2\n\n\n3,4\n\n", NULL, "header a|b\n3: 1|2\n6: 3|4\nend\n");
	assert_reads("a,b\r\n\r\n1,2\r\n\r\n3,4\r\n", NULL, "header a|b\n3: 1|2\n5: 3|4\nend\n");
	assert_reads("\n\na,b\n1,2\n", NULL, "header a|b\n4: 1|2\nend\n");
}

static void
test_quoted_fields(void **state)
{
	assert_reads("a,b\n\"x,1\",\"he said \"\"hi\"\"\"\n\"multi\nline\",\"two\r\nlines\"\n5,6\n", NULL,
	             "header a|b\n2: x,1|he said \"hi\"\n3: multi\\nline|two\\r\\nlines\n6: 5|6\nend\n");
	/* several newlines in one field, then rows after it keep their true line numbers */
	assert_reads("id,note\n1,\"a\n\nb\n\"\n2,x\n3,\"\"\"\"\n4,y\n", NULL,
	             "header id|note\n2: 1|a\\n\\nb\\n\n6: 2|x\n7: 3|\"\n8: 4|y\nend\n");
	/* quoted headers, and a quoted field holding only a comma */
	assert_reads("\"a,1\",\"b\"\n\",\",2\n", NULL, "header a,1|b\n2: ,|2\nend\n");
}

static void
test_wrong_field_counts(void **state)
{
	assert_reads("a,b\n1\n1,2,3\n4,5\n", NULL, "header a|b\n2 bad fields: 1\n3 bad fields: 1|2|3\n4: 4|5\nend\n");
	struct er_reader_opts ragged = {.allow_ragged = 1};
	assert_reads("a,b\n1\n1,2,3\n4,5\n", &ragged, "header a|b\n2: 1\n3: 1|2|3\n4: 4|5\nend\n");
	/* the message says what was wrong */
	char path[PATHLEN];
	make_file(path, "a,b\n1,2,3\n", 10);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_string_equal(er_reader_error(r), "wrong number of fields: 3, expected 2");
	assert_int_equal(er_reader_next(r), 0);
	assert_int_equal(er_reader_rows(r), 1);
	er_reader_close(r);
	unlink(path);
}

/* A header naming a column twice: a look-up of another column reads on; a look-up of the
 * twice-named one makes er_reader_require, er_reader_check and every read fail, with the
 * column and the file named (which of the two was meant is not known). */
static void
test_column_named_twice(void **state)
{
	(void)state;
	char path[PATHLEN], err[ER_ERRLEN], want[ER_ERRLEN + 64];
	er_reader *r;
	make_file(path, "id,pd,x,pd\nA,0.1,1,0.9\n", 23);
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	unlink(path);
	assert_int_equal(er_reader_col(r, "x"), 2);
	assert_int_equal(er_reader_require(r, "id", err), 0);
	assert_int_equal(er_reader_check(r, err), 0);
	snprintf(want, sizeof want, "column 'pd' appears 2 times in '%s': rename all but one", path);
	err[0] = '\0';
	assert_int_equal(er_reader_require(r, "pd", err), -1);
	assert_string_equal(err, want);
	er_reader_close(r);

	make_file(path, "id,pd,x,pd\nA,0.1,1,0.9\n", 23);
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	unlink(path);
	snprintf(want, sizeof want, "column 'pd' appears 2 times in '%s': rename all but one", path);
	assert_int_equal(er_reader_col(r, "pd"), 1); /* the optional look-up: found, but marked */
	assert_int_equal(er_reader_check(r, err), ER_EDATA);
	assert_string_equal(err, want);
	assert_int_equal(er_reader_next(r), ER_READ_FAIL);
	assert_int_equal(er_reader_fail_status(r), ER_EDATA);
	assert_string_equal(er_reader_error(r), want);
	er_reader_close(r);
}

/* A row fitted to the header for a rejects table: short rows padded, the fields past the
 * header joined into the last column with the input's separator. */
static void
test_fitted_field(void **state)
{
	(void)state;
	char path[PATHLEN];
	const char *text = "a,b,c\n1\n1,2,3,4,\"5,6\"\n7,8,9\n";
	make_file(path, text, strlen(text));
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path);
	assert_non_null(r);
	size_t n;
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_string_equal(er_reader_fitted_field(r, 0, &n), "1");
	assert_string_equal(er_reader_fitted_field(r, 1, &n), "");
	assert_int_equal(n, 0);
	assert_string_equal(er_reader_fitted_field(r, 2, &n), "");
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_string_equal(er_reader_fitted_field(r, 1, &n), "2");
	assert_string_equal(er_reader_fitted_field(r, 2, &n), "3,4,5,6");
	assert_int_equal(n, 7);
	assert_int_equal(er_reader_next(r), 1);
	assert_string_equal(er_reader_fitted_field(r, 2, &n), "9");
	assert_int_equal(n, 1);
	er_reader_close(r);
}

static void
test_unterminated_quote(void **state)
{
	assert_reads("a,b\n1,2\n3,\"abc\n", NULL, "header a|b\n2: 1|2\n3 bad csv: 3|\"abc\nend\n");
	/* issue 14: the lines after an unterminated quote are read, not swallowed */
	assert_reads("a,b\n1,2\n3,\"abc\n4,5\n6,7\n", NULL,
	             "header a|b\n2: 1|2\n3 bad csv: 3|\"abc\n4: 4|5\n5: 6|7\nend\n");
	assert_reads("a,b\n\"x\ny\",1\n3,\"abc\n4,\"5\"\n6,7", NULL,
	             "header a|b\n2: x\\ny|1\n4 bad csv: 3|\"abc\n5: 4|5\n6: 6|7\nend\n");
	assert_reads("a,b\r\n3,\"abc\r\n4,5\r\n", NULL, "header a|b\n2 bad csv: 3|\"abc\n3: 4|5\nend\n");
	assert_reads("a,b\n1,2\n3,\"abc", NULL, "header a|b\n2: 1|2\n3 bad csv: 3|\"abc\nend\n");
	char path[PATHLEN];
	make_file(path, "a,b\n3,\"abc\n", 11);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_int_equal(er_reader_bad_kind(r), ER_BAD_CSV);
	assert_string_equal(er_reader_error(r), "malformed CSV: unterminated quoted field");
	assert_int_equal(er_reader_next(r), 0);
	er_reader_close(r);
	unlink(path);
}

/* Issue 14: a declared encoding, a UTF-16 byte order mark, invalid UTF-8 without either. */
static void
test_encodings(void **state)
{
	struct er_reader_opts gbk = {.encoding = ER_ENC_GBK};
	/* 户号,名 / A1,中 in GBK */
	assert_reads("\xBB\xA7\xBA\xC5,\xC3\xFB\nA1,\xD6\xD0\n", &gbk, "header 户号|名\n2: A1|中\nend\n");
	assert_reads("\xBB\xA7\xBA\xC5,\xC3\xFB\nA1,\xD6\xD0\n", NULL,
	             "open failed 1: invalid UTF-8 in the header (column 1); try --encoding gb18030 "
	             "(file FILE, line 1)\n");
	assert_reads("a,b\nA1,\xD6\xD0\nA2,ok\n", NULL, "header a|b\n2 bad utf8: A1|\xD6\xD0\n3: A2|ok\nend\n");
	/* trail bytes in the ASCII range ('@', '~') are not ASCII: 丂 is 81 40, 亊 is 81 7E */
	assert_reads("a,b\n\x81\x40,x\x81\x7e"
	             "1\n2,3\n",
	             &gbk, "header a|b\n2: 丂|x亊1\n3: 2|3\nend\n");
	/* nor are the digits of a GB18030 four-byte character: ¡ is 81 30 84 33 */
	struct er_reader_opts gb18030 = {.encoding = ER_ENC_GB18030};
	assert_reads("a\n1\x81\x30\x84\x33"
	             "0\n",
	             &gb18030, "header a\n2: 1¡0\nend\n");
	assert_reads("a,b\nA1,x\n\xFF\x30,y\nA3,z\n", &gbk,
	             "header a|b\n2: A1|x\nfail: a byte sequence not valid in gbk (file FILE, line 3)\n");
	/* UTF-16 from its byte order mark, little and big endian, CRLF */
	assert_reads_n("\xFF\xFE"
	               "a\0,\0b\0\r\0\n\0"
	               "1\0,\0-\x4E\r\0\n\0",
	               20, NULL, "header a|b\n2: 1|中\nend\n");
	assert_reads_n("\xFE\xFF"
	               "\0a\0,\0b\0\n"
	               "\0"
	               "1\0,\x4E\0\0\n",
	               16, NULL, "header a|b\n2: 1|一\nend\n");
	struct er_reader_opts u16 = {.encoding = ER_ENC_UTF16};
	assert_reads_n("\xFF\xFE"
	               "a\0,\0b\0\n\0"
	               "1\0,\0002\0",
	               16, &u16, "header a|b\n2: 1|2\nend\n");
}

/* Issue 14: a GBK character cut by the read blocks (every cut point over 700 KB), through a
 * pipe-like small-block path and a file; the text read back is the UTF-8 original. */
static void
test_encoding_across_blocks(void **state)
{
	struct text u = {0}, g = {0};
	put(&u, "id,name\n", 8);
	put(&g, "id,name\n", 8);
	for (int i = 0; i < 40000; i++) {
		putf(&u, "%d,中文名%d\n", i, i % 7);
		putf(&g, "%d,\xD6\xD0\xCE\xC4\xC3\xFB%d\n", i, i % 7);
	}
	char path[PATHLEN];
	make_file(path, g.s, g.len);
	struct er_reader_opts gbk = {.encoding = ER_ENC_GBK};
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, &gbk, err);
	unlink(path);
	assert_non_null(r);
	struct text back = {0};
	put(&back, "id,name\n", 8);
	int rc;
	while ((rc = er_reader_next(r)) == 1)
		putf(&back, "%s,%s\n", er_reader_field(r, 0), er_reader_field(r, 1));
	assert_int_equal(rc, 0);
	assert_int_equal(er_reader_rows(r), 40000);
	assert_int_equal(back.len, u.len);
	assert_memory_equal(back.s, u.s, u.len);
	er_reader_close(r);
	free(u.s);
	free(g.s);
	free(back.s);
}

/* Issue 14: Excel's "sep=" line and CR-only line ends ("CSV (Macintosh)"). */
static void
test_excel_exports(void **state)
{
	assert_reads("sep=,\na,b\n1,2\n", NULL, "header a|b\n3: 1|2\nend\n");
	assert_reads("sep=;\r\na;b\r\n1,5;\"x;y\"\r\n", NULL, "header a|b\n3: 1,5|x;y\nend\n");
	assert_reads("sep=\t\na\tb\n1\t2\n", NULL, "header a|b\n3: 1|2\nend\n");
	assert_reads("\xEF\xBB\xBFsep=,\na,b\n1,2", NULL, "header a|b\n3: 1|2\nend\n");
	assert_reads("a,b\r1,2\r3,\"4\"\r\r5,6", NULL, "header a|b\n2: 1|2\n3: 3|4\n5: 5|6\nend\n");
	assert_reads("a\tb\r1\t2\r", NULL, "header a|b\n2: 1|2\nend\n");
	/* a field "sep=x" in an ordinary header is a column */
	assert_reads("sep=x,b\n1,2\n", NULL, "header sep=x|b\n2: 1|2\nend\n");
}

/* Issue 14: the missing-value markers, default and replaced. */
static void
test_na(void **state)
{
	char path[PATHLEN];
	make_file(path, "a\n1\n", 4);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	assert_non_null(r);
	const char *na[] = {"",  "NA", "N/A",     "#N/A",    "NULL",  "null",  "NaN",    "nan",
	                    "-", "--", "#DIV/0!", "#VALUE!", "#REF!", "#NUM!", "#NAME?", "#NULL!"};
	for (size_t i = 0; i < sizeof na / sizeof *na; i++)
		assert_true(er_reader_is_na(r, na[i], strlen(na[i])));
	const char * not [] = {"0", "-1", "N", "NAN", "na ", "NAB", "---", "1e5", "#DIV/0", "#", "#REF"};
	for (size_t i = 0; i < sizeof not / sizeof *not ; i++)
		assert_false(er_reader_is_na(r, not [i], strlen(not [i])));
	er_reader_close(r);
	struct er_reader_opts o = {.na = "?,missing"};
	er_reader_open1(&r, path, &o, err);
	unlink(path);
	assert_non_null(r);
	assert_true(er_reader_is_na(r, "?", 1));
	assert_true(er_reader_is_na(r, "missing", 7));
	assert_true(er_reader_is_na(r, "", 0));
	assert_false(er_reader_is_na(r, "NA", 2));
	er_reader_close(r);
}

/* er_reader_num_field: a marker reads as length 0, a number (negative too) as itself, a
 * column past the row as "". */
static void
test_num_field(void **state)
{
	char path[PATHLEN];
	make_file(path, "a,b,c,d,e\nNA,-1,--,,12.5\n", 25);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path);
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), 1);
	const char *want[] = {"", "-1", "", "", "12.5"};
	for (size_t i = 0; i < 5; i++) {
		size_t len = 99;
		const char *s = er_reader_num_field(r, i, &len);
		assert_int_equal(len, strlen(want[i]));
		assert_memory_equal(s, want[i], len);
		assert_ptr_equal(s, er_reader_field(r, i));
	}
	size_t len = 99;
	assert_string_equal(er_reader_num_field(r, 5, &len), "");
	assert_int_equal(len, 0);
	er_reader_close(r);
}

/* issue 14: a malformed CSV row's fields are its line as it stands, so that a rejects table
 * gives the line back whole: a well-formed quoted field unquoted (its comma and doubled quote
 * kept), a field with a stray or unclosed quote byte for byte, the fields after it too, and the
 * column of the bad field named. */
static void
test_bad_row_fields_as_read(void **state)
{
	(void)state;
	assert_reads("a,b,c,d\n\"x,\"\"y\",\"5\"z,w,v\n1,2,3,4\n", NULL,
	             "header a|b|c|d\n2 bad csv: x,\"y|\"5\"z|w|v\n3: 1|2|3|4\nend\n");
	assert_reads("a,b,c\n1,\"x,y\"q,z\n", NULL, "header a|b|c\n2 bad csv: 1|\"x,y\"q|z\nend\n");
	assert_reads("a,b,c\n1,\"open,2,3\n4,5,6\n", NULL, "header a|b|c\n2 bad csv: 1|\"open|2|3\n3: 4|5|6\nend\n");
	/* the bad field's column */
	char path[PATHLEN];
	const char *text = "a,b,c\n1,2,x\"y\n";
	make_file(path, text, strlen(text));
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path);
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_string_equal(er_reader_bad_column(r), "c");
	er_reader_close(r);
	/* a line longer than a read block, its stray quote at the end: the whole line is kept */
	enum { LONG = 700000 };
	struct text t = {0};
	put(&t, "a,b\n", 4);
	for (int i = 0; i < LONG / 10; i++)
		put(&t, "0123456789", 10);
	put(&t, ",x\"y\n1,2\n", 9);
	make_file(path, t.s, t.len);
	er_reader_open1(&r, path, NULL, err);
	unlink(path);
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_int_equal(er_reader_nfields(r), 2);
	assert_int_equal(er_reader_field_len(r, 0), LONG);
	assert_string_equal(er_reader_field(r, 1), "x\"y");
	assert_string_equal(er_reader_bad_column(r), "b");
	assert_int_equal(er_reader_next(r), 1);
	assert_int_equal(er_reader_line(r), 3);
	assert_int_equal(er_reader_next(r), 0);
	er_reader_close(r);
	free(t.s);
}

static void
test_stray_quote_recovers(void **state)
{
	assert_reads("a,b\n1,x\"y\n3,4\n", NULL, "header a|b\n2 bad csv: 1|x\"y\n3: 3|4\nend\n");
	assert_reads("a,b\n\"ab\"c,d\n3,4\n", NULL, "header a|b\n2 bad csv: \"ab\"c|d\n3: 3|4\nend\n");
	assert_reads("a,b\r\n1,x\"y\r\n3,4\r\n", NULL, "header a|b\n2 bad csv: 1|x\"y\n3: 3|4\nend\n");
	assert_reads("a,b\n1,x\"y", NULL, "header a|b\n2 bad csv: 1|x\"y\nend\n");
	/* after a multi-line field, the bad row's line and the next row's are right */
	assert_reads("a,b\n\"x\ny\",1\n2,a\"b\n3,4\n", NULL,
	             "header a|b\n2: x\\ny|1\n4 bad csv: 2|a\"b\n5: 3|4\nend\n");
	/* two bad rows in a row, then good ones */
	assert_reads("a,b\n1,\"x\"y\n2,z\"\n3,4\n5,6\n", NULL,
	             "header a|b\n2 bad csv: 1|\"x\"y\n3 bad csv: 2|z\"\n4: 3|4\n5: 5|6\nend\n");
	char path[PATHLEN];
	make_file(path, "a,b\n1,x\"y\n", 10);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_string_equal(er_reader_error(r), "malformed CSV: misplaced quote");
	er_reader_close(r);
	unlink(path);
}

static void
test_nul_byte(void **state)
{
	static const char csv[] = "a,b\n1,x\0y\n3,4\n";
	assert_reads_n(csv, sizeof csv - 1, NULL, "header a|b\n2 bad nul: 1|x\\0y\n3: 3|4\nend\n");
	static const char tsv[] = "a\tb\n1\tx\0y\n3\t4\n";
	assert_reads_n(tsv, sizeof tsv - 1, NULL, "header a|b\n2 bad nul: 1|x\\0y\n3: 3|4\nend\n");
	char path[PATHLEN];
	make_file(path, csv, sizeof csv - 1);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), ER_ROW_BAD);
	assert_string_equal(er_reader_error(r), "NUL byte in field 2");
	er_reader_close(r);
	unlink(path);
}

static void
test_tsv(void **state)
{
	/* sniffed: a tab and no comma in the header line */
	assert_reads("a\tb\n1\t2\n", NULL, "header a|b\n2: 1|2\nend\n");
	/* no quoting in TSV: quotes and commas are data */
	assert_reads("a\tb\n\"x\"\ty,z\n", NULL, "header a|b\n2: \"x\"|y,z\nend\n");
	assert_reads("a\tb\r\n1\t2\r\n\r\n3\t4", NULL, "header a|b\n2: 1|2\n4: 3|4\nend\n");
	assert_reads("a\tb\n1\n1\t2\t3\n\t\nx\t\n", NULL,
	             "header a|b\n2 bad fields: 1\n3 bad fields: 1|2|3\n5: x|\nend\n");
	assert_reads("\xEF\xBB\xBF"
	             "a\tb\n1\t2\n",
	             NULL, "header a|b\n2: 1|2\nend\n");
	/* a comma in the header line means CSV even with tabs */
	assert_reads("a\tb,c\n1\t2,3\n", NULL, "header a\\tb|c\n2: 1\\t2|3\nend\n");
	/* forced either way */
	struct er_reader_opts tsv = {.format = ER_FMT_TSV};
	assert_reads("a,b\n1,2\n", &tsv, "header a,b\n2: 1,2\nend\n");
	assert_reads("a\tb,c\n1\t2,3\n", &tsv, "header a|b,c\n2: 1|2,3\nend\n");
	struct er_reader_opts csv = {.format = ER_FMT_CSV};
	assert_reads("a\tb\n1\t2\n", &csv, "header a\\tb\n2: 1\\t2\nend\n");

	char path[PATHLEN];
	make_file(path, "a\tb\n", 4);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_format(r), ER_FMT_TSV);
	er_reader_close(r);
	unlink(path);
	make_file(path, "a,b\n", 4);
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_format(r), ER_FMT_CSV);
	er_reader_close(r);
	unlink(path);
}

static void
test_several_files(void **state)
{
	char p1[PATHLEN], p2[PATHLEN], p3[PATHLEN], empty[PATHLEN];
	make_file(p1, "a,b\n1,2\n", 8);
	make_file(p2,
	          "\xEF\xBB\xBF"
	          "a,b\r\n3,4\r\n\r\n5,6",
	          18);
	make_file(p3, "a,c\n7,8\n", 8);
	make_file(empty, "", 0);
	char *same[] = {p1, empty, p2, p1};
	char *got = transcript_paths(same, 4, NULL);
	/* line numbers restart in each file */
	assert_string_equal(got, "header a|b\n2: 1|2\n2: 3|4\n4: 5|6\n2: 1|2\nend\n");
	free(got);

	/* issue 14: files that do not go together fail the open, a data error naming both files
	 * and the first differing column */
	char want[512];
	char *differ[] = {p1, p3};
	got = transcript_paths(differ, 2, NULL);
	snprintf(want, sizeof want,
	         "open failed %d: header of '%s' differs from '%s' (file %s, line 1, column 2: 'c', not 'b')\n",
	         ER_EDATA, p3, p1, p3);
	assert_string_equal(got, want);
	free(got);
	/* a later file that is not a regular file is checked when reached: the read fails with
	 * ER_EDATA */
	char fifo_arg[PATHLEN + 16];
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	assert_int_equal(write(fds[1], "a,c\n7,8\n", 8), 8);
	close(fds[1]);
	snprintf(fifo_arg, sizeof fifo_arg, "/dev/fd/%d", fds[0]);
	char *differ_pipe[] = {p1, fifo_arg};
	er_reader *rp;
	char perr[ER_ERRLEN];
	assert_int_equal(er_reader_open(&rp, differ_pipe, 2, NULL, perr), ER_OK);
	assert_int_equal(er_reader_next(rp), 1);
	assert_int_equal(er_reader_next(rp), ER_READ_FAIL);
	assert_int_equal(er_reader_fail_status(rp), ER_EDATA);
	snprintf(want, sizeof want, "header of '%s' differs from '%s' (file %s, line 1, column 2: 'c', not 'b')",
	         fifo_arg, p1, fifo_arg);
	assert_string_equal(er_reader_error(rp), want);
	er_reader_close(rp);
	close(fds[0]);

	/* an empty first file: the header comes from the next */
	char *empty_first[] = {empty, p2};
	got = transcript_paths(empty_first, 2, NULL);
	assert_string_equal(got, "header a|b\n2: 3|4\n4: 5|6\nend\n");
	free(got);

	/* file names and counts follow the files */
	char err[ER_ERRLEN];
	char *two[] = {p1, p2};
	er_reader *r;
	er_reader_open(&r, two, 2, NULL, err);
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), 1);
	assert_string_equal(er_reader_filename(r), p1);
	assert_int_equal(er_reader_next(r), 1);
	assert_string_equal(er_reader_filename(r), p2);
	assert_int_equal(er_reader_next(r), 1);
	assert_int_equal(er_reader_next(r), 0);
	assert_int_equal(er_reader_rows(r), 3);
	assert_int_equal(er_reader_size(r), 8 + 18);
	assert_int_equal(er_reader_bytes(r), 8 + 18);
	er_reader_close(r);

	unlink(p1);
	unlink(p2);
	unlink(p3);
	unlink(empty);
}

static void
test_empty_and_header_only(void **state)
{
	assert_reads("", NULL, "header \nend\n");
	assert_reads("a,b\n", NULL, "header a|b\nend\n");
	assert_reads("a,b", NULL, "header a|b\nend\n");
	assert_reads("a,b\r\n\r\n", NULL, "header a|b\nend\n");
	char path[PATHLEN];
	make_file(path, "", 0);
	char err[ER_ERRLEN];
	int status = -1;
	er_reader *r;
	status = er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(status, ER_OK);
	assert_int_equal(er_reader_ncols(r), 0);
	assert_int_equal(er_reader_format(r), ER_FMT_CSV);
	assert_int_equal(er_reader_next(r), 0);
	assert_int_equal(er_reader_col(r, "a"), -1);
	scribble_stack();
	assert_int_equal(er_reader_require(r, "a", err), -1);
	char want[ER_ERRLEN];
	snprintf(want, sizeof want, "no column 'a' in '%s' (columns: none: empty input)", path);
	assert_string_equal(err, want);
	er_reader_close(r);
	unlink(path);
}

static void
test_open_errors(void **state)
{
	char err[ER_ERRLEN];
	er_reader *r;
	assert_int_equal(er_reader_open1(&r, "/nonexistent/er-test.csv", NULL, err), ER_EIO);
	assert_null(r);
	assert_string_equal(err, "cannot open '/nonexistent/er-test.csv': No such file or directory");
	assert_int_equal(er_reader_open1(&r, "/tmp", NULL, err), ER_EIO);
	assert_null(r);
	assert_string_equal(err, "cannot read '/tmp': Is a directory");
	/* a malformed header is a data error naming the line */
	char path[PATHLEN], want[ER_ERRLEN];
	make_file(path, "a,b\"c\n1,2\n", 10);
	assert_int_equal(er_reader_open1(&r, path, NULL, err), ER_EDATA);
	assert_null(r);
	snprintf(want, sizeof want, "malformed CSV: misplaced quote in the header (file %s, line 1)", path);
	assert_string_equal(err, want);
	unlink(path);
	/* a later file that cannot be opened stops the reading */
	make_file(path, "a\n1\n", 4);
	char *paths[] = {path, (char *)"/nonexistent/er-test.csv"};
	char *got = transcript_paths(paths, 2, NULL);
	assert_string_equal(
		got, "header a\n2: 1\nfail: cannot open '/nonexistent/er-test.csv': No such file or directory\n");
	free(got);
	unlink(path);
}

static void
test_columns_by_name(void **state)
{
	char path[PATHLEN], want[ER_ERRLEN];
	make_file(path, "account_id,date,kwh\nA,2024-01-01,5\n", 35);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_ncols(r), 3);
	assert_int_equal(er_reader_col(r, "kwh"), 2);
	assert_int_equal(er_reader_col(r, "KWH"), -1);
	assert_int_equal(er_reader_require(r, "date", err), 1);
	scribble_stack();
	assert_int_equal(er_reader_require(r, "days", err), -1);
	snprintf(want, sizeof want, "no column 'days' in '%s' (columns: account_id, date, kwh)", path);
	assert_string_equal(err, want);
	assert_null(er_reader_colname(r, 3));
	assert_int_equal(er_reader_next(r), 1);
	assert_string_equal(er_reader_field(r, 99), "");
	assert_int_equal(er_reader_field_len(r, 99), 0);
	/* fields lie one after another, each followed by a NUL */
	const char *f0 = er_reader_field(r, 0);
	assert_ptr_equal(er_reader_field(r, 1), f0 + er_reader_field_len(r, 0) + 1);
	assert_ptr_equal(er_reader_field(r, 2), er_reader_field(r, 1) + er_reader_field_len(r, 1) + 1);
	er_reader_close(r);
	er_reader_close(NULL);
	unlink(path);
}

/* A field longer than max_field is refused, whether or not it ends inside one read block
 * (--max-field is "the longest field accepted"). */
static void
test_max_field_small_csv(void **state)
{
	struct er_reader_opts o = {.max_field = 10};
	assert_reads("a,b\n1,0123456789\n", &o, "header a|b\n2: 1|0123456789\nend\n");
	assert_reads("a,b\n1,0123456789abcdef\n3,4\n", &o, "header a|b\n2 bad too_long: 1|\n3: 3|4\nend\n");
}

static void
test_max_field_small_tsv(void **state)
{
	struct er_reader_opts t = {.max_field = 10, .format = ER_FMT_TSV};
	assert_reads("a\tb\n1\t0123456789\n", &t, "header a|b\n2: 1|0123456789\nend\n");
	assert_reads("a\tb\n1\t0123456789abcdef\n3\t4\n", &t, "header a|b\n2 bad too_long: 1|\n3: 3|4\nend\n");
}

static void
test_max_field_large(void **state)
{
	size_t big = 1500000;
	char *data = malloc(big + 64);
	assert_non_null(data);
	size_t n = (size_t)sprintf(data, "a,b\n1,");
	memset(data + n, 'x', big);
	n += big;
	n += (size_t)sprintf(data + n, "\n3,4\n");
	struct er_reader_opts o = {.max_field = 100000};
	assert_reads_n(data, n, &o, "header a|b\n2 bad too_long: 1|\n3: 3|4\nend\n");
	free(data);
}

/* A 1,000,000-character field is read whole, quoted or not, and the rows after it keep
 * their line numbers. */
static void
test_million_character_field(void **state)
{
	size_t big = 1000000;
	char *data = malloc(2 * big + 64);
	assert_non_null(data);
	size_t n = (size_t)sprintf(data, "a,b\n1,");
	memset(data + n, 'x', big);
	n += big;
	n += (size_t)sprintf(data + n, "\n2,\"");
	size_t quoted_at = n;
	memset(data + n, 'y', big);
	data[n + 1] = ',';
	data[n + 500000] = '\n';
	n += big;
	n += (size_t)sprintf(data + n, "\"\n3,4\n");
	char path[PATHLEN];
	make_file(path, data, n);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	assert_int_equal(er_reader_next(r), 1);
	assert_int_equal(er_reader_line(r), 2);
	assert_int_equal(er_reader_field_len(r, 1), big);
	const char *f = er_reader_field(r, 1);
	for (size_t i = 0; i < big; i++)
		if (f[i] != 'x')
			fail_msg("byte %zu of the big field is %d", i, f[i]);
	assert_int_equal(er_reader_next(r), 1);
	assert_int_equal(er_reader_line(r), 3);
	assert_int_equal(er_reader_field_len(r, 1), big);
	assert_memory_equal(er_reader_field(r, 1), data + quoted_at, big);
	assert_int_equal(er_reader_next(r), 1);
	assert_int_equal(er_reader_line(r), 5);
	assert_string_equal(er_reader_field(r, 0), "3");
	assert_int_equal(er_reader_next(r), 0);
	er_reader_close(r);
	unlink(path);
	free(data);
}

static void
test_ten_thousand_columns(void **state)
{
	enum { COLS = 10000 };
	char *data = malloc(COLS * 24);
	assert_non_null(data);
	size_t n = 0;
	for (int i = 0; i < COLS; i++)
		n += (size_t)sprintf(data + n, "%sc%d", i ? "," : "", i);
	data[n++] = '\n';
	for (int i = 0; i < COLS; i++)
		n += (size_t)sprintf(data + n, "%sv%d", i ? "," : "", i);
	data[n++] = '\n';
	char path[PATHLEN];
	make_file(path, data, n);
	for (int fmt = 0; fmt < 2; fmt++) {
		if (fmt == 1) {
			/* the same as TSV */
			for (size_t i = 0; i < n; i++)
				if (data[i] == ',')
					data[i] = '\t';
			unlink(path);
			make_file(path, data, n);
		}
		char err[ER_ERRLEN];
		er_reader *r;
		er_reader_open1(&r, path, NULL, err);
		unlink(path); /* the reader holds it open; nothing left behind if a check fails */
		assert_non_null(r);
		assert_int_equal(er_reader_format(r), fmt ? ER_FMT_TSV : ER_FMT_CSV);
		assert_int_equal(er_reader_ncols(r), COLS);
		assert_string_equal(er_reader_colname(r, 5000), "c5000");
		assert_int_equal(er_reader_col(r, "c9999"), 9999);
		assert_int_equal(er_reader_next(r), 1);
		assert_int_equal(er_reader_nfields(r), COLS);
		assert_string_equal(er_reader_field(r, 9999), "v9999");
		assert_string_equal(er_reader_field(r, 0), "v0");
		assert_int_equal(er_reader_next(r), 0);
		er_reader_close(r);
	}
	unlink(path);
	free(data);
}

static uint64_t
next_random(uint64_t *state)
{
	uint64_t z = (*state += UINT64_C(0x9e3779b97f4a7c15));
	z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
	z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
	return z ^ (z >> 31);
}

/* 30,000 rows of random fields (commas, quotes, newlines, CRLF and LF line ends, blank
 * lines), well past several read blocks: every field and every line number comes back. */
static void
test_random_table_many_blocks(void **state)
{
	enum { ROWS = 30000 };
	/* single bytes only: a byte of a multi-byte character alone is invalid UTF-8, a bad row */
	static const char alphabet[] = "ab,\"\n\r x9y";
	struct text t = {0};
	uint64_t rng = 3;
	uint64_t *lines = malloc(ROWS * sizeof *lines);
	assert_non_null(lines);
	char field[64];
	uint64_t line = 2;
	put(&t, "id,text,n\n", 10);
	for (int i = 0; i < ROWS; i++) {
		uint64_t r = next_random(&rng);
		if (r % 50 == 0) {
			put(&t, "\n", 1);
			line++;
		}
		lines[i] = line;
		putf(&t, "%d,", i);
		size_t flen = (size_t)(r >> 8) % 20;
		int quote = 0;
		for (size_t k = 0; k < flen; k++) {
			field[k] = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
			if (field[k] == ',' || field[k] == '"' || field[k] == '\n' || field[k] == '\r')
				quote = 1;
		}
		/* a bare CR ends a record, so the generator only writes CR inside quotes */
		if (quote || (r >> 20) % 7 == 0) {
			put(&t, "\"", 1);
			for (size_t k = 0; k < flen; k++) {
				if (field[k] == '"')
					put(&t, "\"", 1);
				if (field[k] == '\n')
					line++;
				put(&t, field + k, 1);
			}
			put(&t, "\"", 1);
		} else
			put(&t, field, flen);
		putf(&t, ",%d%s", i * 7, (r >> 30) & 1 ? "\r\n" : "\n");
		line++;
	}
	char path[PATHLEN];
	make_file(path, t.s, t.len);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path); /* the reader holds it open; nothing left behind if a check fails */
	assert_non_null(r);
	/* replay the generator to compare the fields */
	rng = 3;
	char want[64];
	for (int i = 0; i < ROWS; i++) {
		uint64_t x = next_random(&rng);
		size_t flen = (size_t)(x >> 8) % 20;
		for (size_t k = 0; k < flen; k++)
			field[k] = alphabet[next_random(&rng) % (sizeof alphabet - 1)];
		int rc = er_reader_next(r);
		if (rc != 1)
			fail_msg("row %d: rc %d (%s)", i, rc, er_reader_error(r));
		if (er_reader_line(r) != lines[i])
			fail_msg("row %d: line %llu, expected %llu", i, (unsigned long long)er_reader_line(r),
			         (unsigned long long)lines[i]);
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(er_reader_field(r, 0), want);
		assert_int_equal(er_reader_field_len(r, 1), flen);
		assert_memory_equal(er_reader_field(r, 1), field, flen);
		snprintf(want, sizeof want, "%d", i * 7);
		assert_string_equal(er_reader_field(r, 2), want);
	}
	assert_int_equal(er_reader_next(r), 0);
	assert_int_equal(er_reader_rows(r), ROWS);
	assert_int_equal(er_reader_bytes(r), t.len);
	er_reader_close(r);
	unlink(path);
	free(lines);
	free(t.s);
}

/* The misplaced quote comes after a quoted field holding newlines: those lines still
 * count, so the rows after keep their true line numbers. */
static void
test_stray_quote_after_multiline_field(void **state)
{
	/* issue 14: every line after the bad row's first is read again (here bad in turn) */
	assert_reads("a,b\n1,\"x\ny\"z\n3,4\n5,6\n", NULL,
	             "header a|b\n2 bad csv: 1|\"x\n3 bad csv: y\"z\n4: 3|4\n5: 5|6\nend\n");
	assert_reads("a,b\n1,\"x\ny\nw\"z,\n3,4\n", NULL,
	             "header a|b\n2 bad csv: 1|\"x\n3 bad fields: y\n4 bad csv: w\"z|\n5: 3|4\nend\n");
}

/* 30,000 rows over several read blocks with a misplaced quote in about one row in 40:
 * each bad row is reported at its line and costs only itself. */
static void
test_random_bad_rows_many_blocks(void **state)
{
	enum { ROWS = 30000 };
	struct text t = {0};
	uint64_t rng = 17;
	int *bad = malloc(ROWS * sizeof *bad);
	assert_non_null(bad);
	put(&t, "id,text,n\n", 10);
	for (int i = 0; i < ROWS; i++) {
		uint64_t r = next_random(&rng);
		bad[i] = r % 40 == 0;
		if (bad[i])
			putf(&t, "%d,ab\"c%d,%d\n", i, (int)(r % 1000), i);
		else if ((r >> 8) % 3 == 0)
			putf(&t, "%d,\"q,%d\",%d\r\n", i, (int)(r % 1000), i);
		else
			putf(&t, "%d,plain%d,%d\n", i, (int)(r % 100000), i);
	}
	char path[PATHLEN];
	make_file(path, t.s, t.len);
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	unlink(path);
	assert_non_null(r);
	char want[24];
	for (int i = 0; i < ROWS; i++) {
		int rc = er_reader_next(r);
		if (rc != (bad[i] ? ER_ROW_BAD : 1))
			fail_msg("row %d (line %d): rc %d, expected %d (%s)", i, i + 2, rc, bad[i] ? ER_ROW_BAD : 1,
			         er_reader_error(r));
		if (er_reader_line(r) != (uint64_t)i + 2)
			fail_msg("row %d: line %llu, expected %d", i, (unsigned long long)er_reader_line(r), i + 2);
		snprintf(want, sizeof want, "%d", i);
		assert_string_equal(er_reader_field(r, 0), want);
		if (!bad[i])
			assert_string_equal(er_reader_field(r, 2), want);
	}
	assert_int_equal(er_reader_next(r), 0);
	assert_int_equal(er_reader_rows(r), ROWS);
	er_reader_close(r);
	free(bad);
	free(t.s);
}

/* The location of the current row for messages: the line where a row starts (a quoted
 * newline makes the next row start later), with or without a field, and cut, not overrun,
 * in a small buffer. */
static void
test_where(void **state)
{
	char path[PATHLEN];
	const char *data = "a,b\n1,\"x\ny\"\n2,z\n";
	make_file(path, data, strlen(data));
	char err[ER_ERRLEN];
	er_reader *r;
	er_reader_open1(&r, path, NULL, err);
	assert_non_null(r);
	char where[ER_WHERELEN], expect[ER_WHERELEN + 64];
	assert_int_equal(er_reader_next(r), 1);
	snprintf(expect, sizeof expect, " (file %s, line 2)", path);
	assert_string_equal(er_reader_where(r, NULL, where, sizeof where), expect);
	assert_int_equal(er_reader_next(r), 1);
	snprintf(expect, sizeof expect, " (file %s, line 4, field b)", path);
	assert_string_equal(er_reader_where(r, "b", where, sizeof where), expect);
	/* an empty field name is no field */
	snprintf(expect, sizeof expect, " (file %s, line 4)", path);
	assert_string_equal(er_reader_where(r, "", where, sizeof where), expect);
	char small[8];
	assert_string_equal(er_reader_where(r, "b", small, sizeof small), " (file ");
	er_reader_close(r);
	unlink(path);
	assert_string_equal(er_where(where, sizeof where, "f.csv", UINT64_MAX, "x"),
	                    " (file f.csv, line 18446744073709551615, field x)");
}

/* opts.checksum: the XXH3-64 of every byte of both files, as on disk (a BOM and CRLFs
 * included), whatever the reader made of them; without the option there is none. */
static void
test_checksum(void **state)
{
	(void)state;
	static const char a[] = "\xef\xbb\xbfid,v\r\n1,x\r\n2,y\r\n", b[] = "id,v\n3,z\n";
	char pa[PATHLEN], pb[PATHLEN], err[ER_ERRLEN], both[sizeof a + sizeof b];
	make_file(pa, a, sizeof a - 1);
	make_file(pb, b, sizeof b - 1);
	memcpy(both, a, sizeof a - 1);
	memcpy(both + sizeof a - 1, b, sizeof b - 1);
	char *paths[] = {pa, pb};
	struct er_reader_opts o = {0};
	o.checksum = 1;
	er_reader *r;
	assert_int_equal(er_reader_open(&r, paths, 2, &o, err), 0);
	int rows = 0;
	while (er_reader_next(r) == 1)
		rows++;
	assert_int_equal(rows, 3);
	uint64_t sum;
	assert_int_equal(er_reader_checksum(r, &sum), 0);
	assert_true(sum == er_hash64(both, sizeof a + sizeof b - 2));
	er_reader_close(r);
	assert_int_equal(er_reader_open(&r, paths, 2, NULL, err), 0);
	assert_int_equal(er_reader_checksum(r, &sum), -1);
	er_reader_close(r);
	unlink(pa);
	unlink(pb);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain_and_bom),
		cmocka_unit_test(test_checksum),
		cmocka_unit_test(test_where),
		cmocka_unit_test(test_line_endings),
		cmocka_unit_test(test_blank_lines),
		cmocka_unit_test(test_quoted_fields),
		cmocka_unit_test(test_wrong_field_counts),
		cmocka_unit_test(test_fitted_field),
		cmocka_unit_test(test_unterminated_quote),
		cmocka_unit_test(test_stray_quote_recovers),
		cmocka_unit_test(test_bad_row_fields_as_read),
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_encoding_across_blocks),
		cmocka_unit_test(test_excel_exports),
		cmocka_unit_test(test_na),
		cmocka_unit_test(test_num_field),
		cmocka_unit_test(test_stray_quote_after_multiline_field),
		cmocka_unit_test(test_random_bad_rows_many_blocks),
		cmocka_unit_test(test_nul_byte),
		cmocka_unit_test(test_tsv),
		cmocka_unit_test(test_several_files),
		cmocka_unit_test(test_empty_and_header_only),
		cmocka_unit_test(test_open_errors),
		cmocka_unit_test(test_columns_by_name),
		cmocka_unit_test(test_max_field_small_csv),
		cmocka_unit_test(test_max_field_small_tsv),
		cmocka_unit_test(test_max_field_large),
		cmocka_unit_test(test_column_named_twice),
		cmocka_unit_test(test_million_character_field),
		cmocka_unit_test(test_ten_thousand_columns),
		cmocka_unit_test(test_random_table_many_blocks),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
