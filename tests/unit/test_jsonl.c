/* Unit tests for lib/jsonl.c and lib/applog.c: JSON lines built with escapes, commas and
 * nesting, read back member by member (escapes and surrogate pairs decoded, malformed lines
 * refused at their byte), and the append-only log: created 0600, appended across opens,
 * refused when others may write it. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/applog.h"
#include "lib/buf.h"
#include "lib/err.h"
#include "lib/jsonl.h"

static void
test_jsonl_build(void **state)
{
	(void)state;
	struct er_buf b = ER_BUF_INIT;
	assert_int_equal(er_jsonl_begin(&b), 0);
	assert_int_equal(er_jsonl_str(&b, "id", "a\"b\\c\n\x01", 7), 0);
	assert_int_equal(er_jsonl_num(&b, "pd", 0.25), 0);
	assert_int_equal(er_jsonl_num(&b, "none", NAN), 0);
	assert_int_equal(er_jsonl_int(&b, "n", -3), 0);
	assert_int_equal(er_jsonl_open(&b, "rules", '['), 0);
	assert_int_equal(er_jsonl_str(&b, NULL, "S5", 2), 0);
	assert_int_equal(er_jsonl_str(&b, NULL, "A3", 2), 0);
	assert_int_equal(er_jsonl_close(&b, ']'), 0);
	assert_int_equal(er_jsonl_open(&b, "o", '{'), 0);
	assert_int_equal(er_jsonl_close(&b, '}'), 0);
	assert_int_equal(er_jsonl_end(&b), 0);
	assert_string_equal(b.p,
	                    "{\"id\":\"a\\\"b\\\\c\\n\\u0001\",\"pd\":0.25,\"none\":null,\"n\":-3,"
	                    "\"rules\":[\"S5\",\"A3\"],\"o\":{}}\n");
	/* and back */
	const char *keys[] = {"id", "pd", "none", "rules", "missing"};
	struct er_jsonl_val v[5];
	char err[ER_ERRLEN];
	assert_int_equal(er_jsonl_parse(b.p, b.len - 1, keys, 5, v, err), 0);
	assert_int_equal(v[0].type, ER_JSONL_STRING);
	assert_int_equal(v[0].len, 7);
	assert_memory_equal(v[0].s, "a\"b\\c\n\x01", 7);
	assert_int_equal(v[1].type, ER_JSONL_NUMBER);
	assert_int_equal(v[1].len, 4);
	assert_int_equal(v[2].type, ER_JSONL_OTHER);
	assert_int_equal(v[3].type, ER_JSONL_OTHER);
	assert_memory_equal(v[3].s, "[\"S5\",\"A3\"]", v[3].len);
	assert_int_equal(v[4].type, ER_JSONL_ABSENT);
	er_buf_release(&b);
}

static void
test_jsonl_unicode_and_nesting(void **state)
{
	(void)state;
	char line[] = " {\"x\":{\"id\":\"inner\"},\"id\":\"\\u00e9\\ud83d\\ude00\",\"id\":\"last\\/\"} ";
	const char *keys[] = {"id"};
	struct er_jsonl_val v[1];
	char err[ER_ERRLEN];
	/* the nested id is not a top-level member; the last of a repeated key wins */
	assert_int_equal(er_jsonl_parse(line, strlen(line), keys, 1, v, err), 0);
	assert_int_equal(v[0].len, 5);
	assert_memory_equal(v[0].s, "last/", 5);
	char uni[] = "{\"id\":\"\\u00e9\\ud83d\\ude00\"}";
	assert_int_equal(er_jsonl_parse(uni, strlen(uni), keys, 1, v, err), 0);
	assert_int_equal(v[0].len, 6);
	assert_memory_equal(v[0].s, "\xc3\xa9\xf0\x9f\x98\x80", 6);
}

static void
test_jsonl_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {"",
	                                  "[]",
	                                  "{\"a\":}",
	                                  "{\"a\":1,}",
	                                  "{\"a\" 1}",
	                                  "{\"a\":1} x",
	                                  "{\"a\":\"\\x\"}",
	                                  "{\"a\":\"\\ud800\"}",
	                                  "{\"a\":01}",
	                                  "{\"a\":tru}",
	                                  "{\"a\":\"b",
	                                  "{\"a\":1.}",
	                                  "{\"a\":\"\t\"}"};
	const char *keys[] = {"a"};
	struct er_jsonl_val v[1];
	char err[ER_ERRLEN];
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		char *s = strdup(bad[i]);
		assert_int_equal(er_jsonl_parse(s, strlen(s), keys, 1, v, err), -1);
		assert_non_null(strstr(err, "at byte"));
		free(s);
	}
	/* deeper than 64 levels */
	char deep[200] = "{\"a\":";
	for (int i = 0; i < 70; i++)
		strcat(deep, "[");
	assert_int_equal(er_jsonl_parse(deep, strlen(deep), keys, 1, v, err), -1);
	assert_non_null(strstr(err, "nested too deep"));
}

static void
test_applog(void **state)
{
	(void)state;
	char dir[] = "/tmp/er-test-applog-XXXXXX", path[64], err[ER_ERRLEN];
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof path, "%s/audit.jsonl", dir);
	for (int run = 0; run < 2; run++) {
		int fd = er_applog_open(path, "audit", NULL, err);
		assert_true(fd >= 0);
		assert_int_equal(er_applog_append(fd, "{}\n", 3, path, "audit", err), 0);
		assert_int_equal(er_applog_close(fd, path, "audit", err), 0);
	}
	struct stat sb;
	assert_int_equal(stat(path, &sb), 0);
	assert_int_equal(sb.st_mode & 0777, 0600);
	assert_int_equal(sb.st_size, 6);
	assert_int_equal(chmod(path, 0602), 0);
	assert_int_equal(er_applog_open(path, "audit", NULL, err), -1);
	assert_non_null(strstr(err, "may be written by others"));
	assert_int_equal(er_applog_open(dir, "audit", NULL, err), -1);
	unlink(path);
	rmdir(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_jsonl_build),
		cmocka_unit_test(test_jsonl_unicode_and_nesting),
		cmocka_unit_test(test_jsonl_refused),
		cmocka_unit_test(test_applog),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
