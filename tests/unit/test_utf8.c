/* Unit tests for lib/utf8.c: RFC 3629 validity (overlongs, surrogates, code points
 * above U+10FFFF and truncated sequences refused) and the offset of the first bad byte. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "lib/utf8.h"

static size_t
check(const char *s)
{
	return er_utf8_check(s, strlen(s));
}

static void
assert_valid(const char *s)
{
	size_t len = strlen(s);
	size_t at = er_utf8_check(s, len);
	if (at != len)
		fail_msg("valid text refused at byte %zu of %zu", at, len);
}

static void
test_valid_text(void **state)
{
	assert_int_equal(er_utf8_check("", 0), 0);
	assert_valid("account_id,date,kwh");
	assert_valid("窃电");
	assert_valid("户号,日期,电量\n3301,2024年3月5日,12.5");
	assert_valid("杭州市西湖区文三路 90 号 · 某某电子科技有限公司");
	assert_valid("Ünïcödé café");
	assert_valid("\xC2\x80");         /* U+0080, smallest 2-byte */
	assert_valid("\xDF\xBF");         /* U+07FF */
	assert_valid("\xE0\xA0\x80");     /* U+0800, smallest 3-byte */
	assert_valid("\xED\x9F\xBF");     /* U+D7FF, just below the surrogates */
	assert_valid("\xEE\x80\x80");     /* U+E000, just above them */
	assert_valid("\xEF\xBF\xBF");     /* U+FFFF */
	assert_valid("\xEF\xBB\xBF");     /* U+FEFF, a BOM is a valid character */
	assert_valid("\xF0\x90\x80\x80"); /* U+10000, smallest 4-byte */
	assert_valid("\xF0\x9F\x98\x80"); /* U+1F600 */
	assert_valid("\xF4\x8F\xBF\xBF"); /* U+10FFFF, the largest */
	assert_valid("\x7F");
	/* a NUL byte is valid UTF-8 (U+0000); the reader refuses it separately */
	assert_int_equal(er_utf8_check("a\0b", 3), 3);
}

static void
test_overlongs(void **state)
{
	static const char *const overlong[] = {
		"\xC0\x80",
		"\xC0\xAF",
		"\xC1\xBF",
		"\xE0\x80\x80",
		"\xE0\x80\xAF",
		"\xE0\x9F\xBF",
		"\xF0\x80\x80\x80",
		"\xF0\x80\x80\xAF",
		"\xF0\x8F\xBF\xBF",
		"\xF8\x88\x80\x80\x80",
		"\xFC\x84\x80\x80\x80\x80",
	};
	for (size_t i = 0; i < sizeof overlong / sizeof overlong[0]; i++)
		assert_int_equal(check(overlong[i]), 0);
}

static void
test_surrogates(void **state)
{
	assert_int_equal(check("\xED\xA0\x80"), 0);               /* U+D800 */
	assert_int_equal(check("\xED\xAD\xBF"), 0);               /* U+DB7F */
	assert_int_equal(check("\xED\xB0\x80"), 0);               /* U+DC00 */
	assert_int_equal(check("\xED\xBF\xBF"), 0);               /* U+DFFF */
	assert_int_equal(check("ab\xED\xA0\x80\xED\xB0\x80"), 2); /* a CESU-8 pair */
}

static void
test_above_max(void **state)
{
	assert_int_equal(check("\xF4\x90\x80\x80"), 0); /* U+110000 */
	assert_int_equal(check("\xF4\xBF\xBF\xBF"), 0);
	assert_int_equal(check("\xF5\x80\x80\x80"), 0);
	assert_int_equal(check("\xF7\xBF\xBF\xBF"), 0);
	assert_int_equal(check("\xFE"), 0);
	assert_int_equal(check("\xFF"), 0);
	assert_int_equal(check("x\xFF\xFE"), 1);
}

static void
test_truncated_and_stray(void **state)
{
	/* truncated at the end of the text */
	assert_int_equal(check("\xC3"), 0);
	assert_int_equal(check("\xE7\xAA"), 0);
	assert_int_equal(check("\xE7"), 0);
	assert_int_equal(check("\xF0\x9F\x98"), 0);
	assert_int_equal(check("窃\xE7\x94"), 3);
	/* the length cuts a character in half */
	assert_int_equal(er_utf8_check("窃电", 5), 3);
	assert_int_equal(er_utf8_check("窃电", 6), 6);
	/* truncated before an ASCII byte */
	assert_int_equal(check("\xE7\xAA"
	                       "a"),
	                 0);
	assert_int_equal(check("\xC3 "), 0);
	assert_int_equal(check("\xF0\x9F\x98"
	                       "abcdefgh"),
	                 0);
	/* a lead byte followed by another lead byte */
	assert_int_equal(check("\xE7\xE7\xAA\x83"), 0);
	/* continuation bytes with no lead */
	assert_int_equal(check("\x80"), 0);
	assert_int_equal(check("\xBF"), 0);
	assert_int_equal(check("ok\x80"), 2);
	assert_int_equal(check("\xC3\xA9\xA9"), 2);
	/* Latin-1 and GBK text (common in old utility exports) is not UTF-8 */
	assert_int_equal(check("caf\xE9"), 3);
	assert_int_equal(check("\xBB\xA7\xBA\xC5"), 0); /* 户号 in GBK */
}

static void
test_offsets_past_ascii_runs(void **state)
{
	/* the 8-byte ASCII fast path must still find the exact offset */
	char buf[64];
	for (size_t at = 0; at < 40; at++) {
		memset(buf, 'a', sizeof buf);
		buf[at] = (char)0xFF;
		assert_int_equal(er_utf8_check(buf, sizeof buf), at);
		memset(buf, 'a', sizeof buf);
		memcpy(buf + at, "\xE7\x94\xB5", 3);
		assert_int_equal(er_utf8_check(buf, sizeof buf), sizeof buf);
		buf[at + 2] = 'a';
		assert_int_equal(er_utf8_check(buf, sizeof buf), at);
	}
}

static void
test_length(void **state)
{
	assert_int_equal(er_utf8_length("", 0), 0);
	assert_int_equal(er_utf8_length("abc", 3), 3);
	assert_int_equal(er_utf8_length("窃电abc", strlen("窃电abc")), 5);
	assert_int_equal(er_utf8_length("\xF0\x9F\x98\x80!", 5), 2);
	assert_int_equal(er_utf8_length("é", 2), 1);
}

/* Excerpts for messages: short values whole, long ones cut on a character boundary with
 * "...", NUL bytes shown as '?', never more than the buffer. */
static void
test_excerpt(void **state)
{
	char buf[ER_UTF8_EXCERPT + 4];
	assert_string_equal(er_utf8_excerpt("abc", 3, buf, sizeof buf), "abc");
	assert_string_equal(er_utf8_excerpt("", 0, buf, sizeof buf), "");
	assert_string_equal(er_utf8_excerpt("a\0b", 3, buf, sizeof buf), "a?b");
	char longv[100];
	memset(longv, '7', sizeof longv);
	er_utf8_excerpt(longv, sizeof longv, buf, sizeof buf);
	assert_int_equal(strlen(buf), ER_UTF8_EXCERPT + 3);
	assert_string_equal(buf + ER_UTF8_EXCERPT, "...");
	/* 14 three-byte characters: byte 40 is inside the 14th, which is left out whole */
	const char *zh = "中文中文中文中文中文中文中文";
	er_utf8_excerpt(zh, strlen(zh), buf, sizeof buf);
	assert_int_equal(strlen(buf), 39 + 3);
	assert_int_equal(er_utf8_check(buf, 39), 39);
	char small[5];
	assert_string_equal(er_utf8_excerpt("abcdefgh", 8, small, sizeof small), "abcd");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_text),
		cmocka_unit_test(test_overlongs),
		cmocka_unit_test(test_surrogates),
		cmocka_unit_test(test_above_max),
		cmocka_unit_test(test_truncated_and_stray),
		cmocka_unit_test(test_offsets_past_ascii_runs),
		cmocka_unit_test(test_length),
		cmocka_unit_test(test_excerpt),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
