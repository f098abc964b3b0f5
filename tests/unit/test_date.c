/* Unit tests for lib/date.c: every built-in format, leap years, impossible days,
 * month precision, times of day, --date-format patterns, and the day-number calendar
 * checked day by day over the whole accepted range. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"

static int
parse(const char *s, const char *fmt, er_day *day, int *prec)
{
	return er_date_parse(s, strlen(s), fmt, day, prec);
}

/* Parses S (built-in formats unless FMT) and checks it names Y-M-D with precision PREC. */
static void
assert_date(const char *s, const char *fmt, int y, int m, int d, int prec)
{
	er_day day = -1;
	int p = -1;
	int rc = parse(s, fmt, &day, &p);
	if (rc != ER_DATE_OK)
		fail_msg("'%s' (format %s): %s", s, fmt ? fmt : "built-in", er_date_strerror(rc));
	int yy, mm, dd;
	er_date_to_ymd(day, &yy, &mm, &dd);
	if (yy != y || mm != m || dd != d || p != prec)
		fail_msg("'%s': got %04d-%02d-%02d precision %d, expected %04d-%02d-%02d precision %d", s, yy, mm, dd,
		         p, y, m, d, prec);
}

static void
assert_result(const char *s, const char *fmt, int want)
{
	er_day day = 12345;
	int rc = parse(s, fmt, &day, NULL);
	if (rc != want)
		fail_msg("'%s' (format %s): got %d (%s), expected %d (%s)", s, fmt ? fmt : "built-in", rc,
		         er_date_strerror(rc), want, er_date_strerror(want));
	if (rc != ER_DATE_OK && day != 12345)
		fail_msg("'%s': *day changed on error", s);
}

/* --date-format excel: Excel's serial day numbers, from 61 (1900-03-01) to 9999-12-31, a
 * fraction the time of day; never read without the format. */
static void
test_excel_serial(void **state)
{
	assert_date("45299", ER_DATE_FORMAT_EXCEL, 2024, 1, 8, ER_DATE_DAY);
	assert_date("61", ER_DATE_FORMAT_EXCEL, 1900, 3, 1, ER_DATE_DAY);
	assert_date("2958465", ER_DATE_FORMAT_EXCEL, 9999, 12, 31, ER_DATE_DAY);
	assert_date("45299.5", ER_DATE_FORMAT_EXCEL, 2024, 1, 8, ER_DATE_DAY);
	/* 0.99999999 of a day rounds to the next midnight */
	assert_date("45299.99999999", ER_DATE_FORMAT_EXCEL, 2024, 1, 9, ER_DATE_DAY);
	er_day day;
	int secs = -2;
	assert_int_equal(er_date_parse_time("45299.25", 8, ER_DATE_FORMAT_EXCEL, &day, NULL, &secs), ER_DATE_OK);
	assert_int_equal(secs, 6 * 3600);
	assert_int_equal(er_date_parse_time("45299.0104166667", 16, ER_DATE_FORMAT_EXCEL, &day, NULL, &secs),
	                 ER_DATE_OK);
	assert_int_equal(secs, 15 * 60);
	assert_int_equal(er_date_parse_time("45299", 5, ER_DATE_FORMAT_EXCEL, &day, NULL, &secs), ER_DATE_OK);
	assert_int_equal(secs, -1);                                    /* no fraction: no time of day */
	assert_result("60", ER_DATE_FORMAT_EXCEL, ER_DATE_IMPOSSIBLE); /* Excel's 1900-02-29 */
	assert_result("0", ER_DATE_FORMAT_EXCEL, ER_DATE_IMPOSSIBLE);
	assert_result("2958466", ER_DATE_FORMAT_EXCEL, ER_DATE_IMPOSSIBLE);
	assert_result("2958465.9999999", ER_DATE_FORMAT_EXCEL, ER_DATE_IMPOSSIBLE);
	assert_result("45299.", ER_DATE_FORMAT_EXCEL, ER_DATE_SYNTAX);
	assert_result(".5", ER_DATE_FORMAT_EXCEL, ER_DATE_SYNTAX);
	assert_result("-45299", ER_DATE_FORMAT_EXCEL, ER_DATE_SYNTAX);
	assert_result("45299x", ER_DATE_FORMAT_EXCEL, ER_DATE_SYNTAX);
	assert_result("123456789", ER_DATE_FORMAT_EXCEL, ER_DATE_IMPOSSIBLE); /* past the last day, however long */
	assert_date("000045299", ER_DATE_FORMAT_EXCEL, 2024, 1, 8, ER_DATE_DAY);
	assert_result("2024-01-08", ER_DATE_FORMAT_EXCEL, ER_DATE_SYNTAX);
	assert_result("", ER_DATE_FORMAT_EXCEL, ER_DATE_EMPTY);
	/* without the format a serial number is not a date */
	assert_result("45299", NULL, ER_DATE_SYNTAX);
	assert_int_equal(er_date_format_check(ER_DATE_FORMAT_EXCEL), 0);
	assert_int_equal(er_date_format_check("excel2"), -1);
	(void)state;
}

static void
test_anchor_days(void **state)
{
	assert_int_equal(er_date_from_ymd(1970, 1, 1), 0);
	assert_int_equal(er_date_from_ymd(1969, 12, 31), -1);
	assert_int_equal(er_date_from_ymd(2000, 3, 1), 11017);
	assert_int_equal(er_date_from_ymd(2024, 1, 1), 19723);
	assert_int_equal(er_date_from_ymd(1000, 1, 1), -354285);
	assert_int_equal(er_date_from_ymd(9999, 12, 31), 2932896);
}

static void
test_builtin_formats(void **state)
{
	assert_date("2024-03-05", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024/3/5", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024/03/05", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024/12/31", NULL, 2024, 12, 31, ER_DATE_DAY);
	assert_date("20240305", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("19991231", NULL, 1999, 12, 31, ER_DATE_DAY);
	assert_date("2024-03", NULL, 2024, 3, 31, ER_DATE_MONTH);
	assert_date("2024/3", NULL, 2024, 3, 31, ER_DATE_MONTH);
	assert_date("2024/11", NULL, 2024, 11, 30, ER_DATE_MONTH);
	assert_date("2023-02", NULL, 2023, 2, 28, ER_DATE_MONTH);
	assert_date("2024-02", NULL, 2024, 2, 29, ER_DATE_MONTH);
	/* dotted, and as Chinese spreadsheets write dates */
	assert_date("2024.03.05", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024.3", NULL, 2024, 3, 31, ER_DATE_MONTH);
	assert_date("2024\xe5\xb9\xb4"
	            "3\xe6\x9c\x88"
	            "5\xe6\x97\xa5",
	            NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024\xe5\xb9\xb4"
	            "03\xe6\x9c\x88"
	            "05\xe6\x97\xa5 08:30",
	            NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024\xe5\xb9\xb4"
	            "2\xe6\x9c\x88",
	            NULL, 2024, 2, 29, ER_DATE_MONTH);
	assert_result("2024\xe5\xb9\xb4"
	              "2\xe6\x9c\x88"
	              "30\xe6\x97\xa5",
	              NULL, ER_DATE_IMPOSSIBLE);
	assert_result("2024\xe5\xb9\xb4"
	              "2\xe6\x9c\x88"
	              "3",
	              NULL, ER_DATE_SYNTAX);
	assert_result("2024\xe5\xb9\xb4"
	              "2",
	              NULL, ER_DATE_SYNTAX);
	assert_result("2024\xe5\xb9", NULL, ER_DATE_SYNTAX);
	assert_result("2024.03-05", NULL, ER_DATE_SYNTAX);
	/* precision may be NULL */
	er_day d;
	assert_int_equal(parse("2024-03-05", NULL, &d, NULL), ER_DATE_OK);
	assert_int_equal(d, er_date_from_ymd(2024, 3, 5));
}

static void
test_leap_days(void **state)
{
	assert_date("2016-02-29", NULL, 2016, 2, 29, ER_DATE_DAY);
	assert_date("2000-02-29", NULL, 2000, 2, 29, ER_DATE_DAY);
	assert_date("20000229", NULL, 2000, 2, 29, ER_DATE_DAY);
	assert_date("2024/2/29", NULL, 2024, 2, 29, ER_DATE_DAY);
	assert_result("2015-02-29", NULL, ER_DATE_IMPOSSIBLE);
	assert_result("1900-02-29", NULL, ER_DATE_IMPOSSIBLE);
	assert_result("2100-02-29", NULL, ER_DATE_IMPOSSIBLE);
	assert_result("20150229", NULL, ER_DATE_IMPOSSIBLE);
	assert_result("2015/2/29", NULL, ER_DATE_IMPOSSIBLE);
	assert_int_equal(er_date_valid(2016, 2, 29), 1);
	assert_int_equal(er_date_valid(2015, 2, 29), 0);
	assert_int_equal(er_date_valid(1900, 2, 29), 0);
	assert_int_equal(er_date_valid(2000, 2, 29), 1);
	assert_int_equal(er_date_days_in_month(1900, 2), 28);
	assert_int_equal(er_date_days_in_month(2000, 2), 29);
	assert_int_equal(er_date_days_in_month(2023, 4), 30);
	assert_int_equal(er_date_days_in_month(2023, 12), 31);
}

static void
test_impossible_days(void **state)
{
	static const char *const impossible[] = {
		"2023-02-30", "2023-04-31", "2023-13-01", "2023-00-10", "2023-01-00", "2023-01-32",
		"20231301",   "20230132",   "20230100",   "2023/13/1",  "2023-13",    "2023-00",
		"2023/0",     "0999-12-31", "0000-01-01", "09991231",
	};
	for (size_t i = 0; i < sizeof impossible / sizeof impossible[0]; i++)
		assert_result(impossible[i], NULL, ER_DATE_IMPOSSIBLE);
	assert_int_equal(er_date_valid(999, 1, 1), 0);
	assert_int_equal(er_date_valid(1000, 1, 1), 1);
	assert_int_equal(er_date_valid(9999, 12, 31), 1);
	assert_int_equal(er_date_valid(10000, 1, 1), 0);
}

static void
test_syntax_errors(void **state)
{
	static const char *const bad[] = {
		"24-03-05",
		"2024",
		"202403",
		"2024030",
		"202403051",
		"2024-03-05x",
		"2024-03-05 ",
		" 2024-03-05",
		"2024-03/05",
		"2024/03-05",
		"2024-03-",
		"2024--03",
		"2024-003-05",
		"2024-03-005",
		"abcd-ef-gh",
		"2024-3-5-1",
		"05/03/2024",
		"2024-03-05 12",
		"2024-03-05 12:3",
		"2024-03-05T",
		"2024-03-05 12:34:5",
		"2024-03-05 12:34:56.",
		"2024-03-05 12:34:56.1234567890",
		"2024-03-05  12:34",
		"2024-03-05\t12:34",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_result(bad[i], NULL, ER_DATE_SYNTAX);
	er_day d;
	assert_int_equal(er_date_parse("", 0, NULL, &d, NULL), ER_DATE_EMPTY);
	assert_int_equal(er_date_parse("", 0, "%Y%m%d", &d, NULL), ER_DATE_EMPTY);
	/* the length bounds the text */
	assert_int_equal(er_date_parse("2024-03-05junk", 10, NULL, &d, NULL), ER_DATE_OK);
	assert_int_equal(d, er_date_from_ymd(2024, 3, 5));
	assert_string_equal(er_date_strerror(ER_DATE_IMPOSSIBLE), "impossible date");
	assert_string_equal(er_date_strerror(ER_DATE_SYNTAX), "not a date");
	assert_string_equal(er_date_strerror(ER_DATE_EMPTY), "empty date");
}

static void
test_time_suffixes(void **state)
{
	assert_date("2024-03-05 12:34", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024-03-05 7:05", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024-03-05T12:34", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024-03-05 12:34:56", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024-03-05T23:59:59.999", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024-03-05 00:00:00.123456789", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024/3/5 08:00", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_date("20240305 08:00:00", NULL, 2024, 3, 5, ER_DATE_DAY);
	assert_result("20240305T0800", NULL, ER_DATE_SYNTAX);
}

static void
test_times_checked(void **state)
{
	(void)state;
	/* an impossible time is a bad date, not a suffix to ignore */
	assert_result("2024-03-01 25:61", NULL, ER_DATE_BAD_TIME);
	assert_result("2024-03-01 24:00", NULL, ER_DATE_BAD_TIME);
	assert_result("2024-03-01T00:15:60", NULL, ER_DATE_BAD_TIME);
	assert_result("2024年3月1日 12:60", "%Y年%m月%d日", ER_DATE_BAD_TIME);
	assert_string_equal(er_date_strerror(ER_DATE_BAD_TIME), "impossible time of day");
	er_day d;
	int secs, prec;
	assert_int_equal(er_date_parse_time("2024-03-01 00:15", 16, NULL, &d, &prec, &secs), ER_DATE_OK);
	assert_int_equal(secs, 15 * 60);
	assert_int_equal(er_date_parse_time("2024-03-01T23:45:30", 19, NULL, &d, &prec, &secs), ER_DATE_OK);
	assert_int_equal(secs, 23 * 3600 + 45 * 60 + 30);
	assert_int_equal(er_date_parse_time("2024-03-01", 10, NULL, &d, &prec, &secs), ER_DATE_OK);
	assert_int_equal(secs, -1);
	assert_int_equal(er_time_parse("7:05", 4, &secs), ER_DATE_OK);
	assert_int_equal(secs, 7 * 3600 + 5 * 60);
	assert_int_equal(er_time_parse("25:61", 5, &secs), ER_DATE_BAD_TIME);
	assert_int_equal(er_time_parse("12:5", 4, &secs), ER_DATE_SYNTAX);
	assert_int_equal(er_time_parse("", 0, &secs), ER_DATE_EMPTY);
	char b[9];
	assert_int_equal(er_time_format(b, 15 * 60), 5);
	assert_string_equal(b, "00:15");
	assert_int_equal(er_time_format(b, 23 * 3600 + 59 * 60 + 59), 8);
	assert_string_equal(b, "23:59:59");
}

static void
test_date_format_patterns(void **state)
{
	assert_date("2024年3月5日", "%Y年%m月%d日", 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024年03月05日", "%Y年%m月%d日", 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024年3月5日 08:30", "%Y年%m月%d日", 2024, 3, 5, ER_DATE_DAY);
	assert_date("2024年2月", "%Y年%m月", 2024, 2, 29, ER_DATE_MONTH);
	assert_result("2023年2月29日", "%Y年%m月%d日", ER_DATE_IMPOSSIBLE);
	assert_result("2024-3-5", "%Y年%m月%d日", ER_DATE_SYNTAX);
	assert_result("2024年3月5", "%Y年%m月%d日", ER_DATE_SYNTAX);
	assert_date("05/03/2024", "%d/%m/%Y", 2024, 3, 5, ER_DATE_DAY);
	assert_date("5/3/2024", "%d/%m/%Y", 2024, 3, 5, ER_DATE_DAY);
	assert_date("03/05/2024", "%m/%d/%Y", 2024, 3, 5, ER_DATE_DAY);
	assert_result("13/05/2024", "%m/%d/%Y", ER_DATE_IMPOSSIBLE);
	assert_result("2/29/2015", "%m/%d/%Y", ER_DATE_IMPOSSIBLE);
	assert_date("2/29/2016", "%m/%d/%Y", 2016, 2, 29, ER_DATE_DAY);
	assert_date("240305", "%y%m%d", 2024, 3, 5, ER_DATE_DAY);
	assert_date("700101", "%y%m%d", 1970, 1, 1, ER_DATE_DAY);
	assert_date("691231", "%y%m%d", 2069, 12, 31, ER_DATE_DAY);
	assert_date("99-12", "%y-%m", 1999, 12, 31, ER_DATE_MONTH);
	assert_date("2024.03.05", "%Y.%m.%d", 2024, 3, 5, ER_DATE_DAY);
	assert_date("100%2024-03-05", "100%%%Y-%m-%d", 2024, 3, 5, ER_DATE_DAY);
	assert_result("2024.03.05x", "%Y.%m.%d", ER_DATE_SYNTAX);
	assert_result("24.03.05", "%Y.%m.%d", ER_DATE_SYNTAX);
	assert_result("2024-03-05", "%Y.%m.%d", ER_DATE_SYNTAX);
	assert_result("100x2024-03-05", "100%%%Y-%m-%d", ER_DATE_SYNTAX);
}

static void
test_date_format_check(void **state)
{
	assert_int_equal(er_date_format_check("%Y-%m-%d"), 0);
	assert_int_equal(er_date_format_check("%Y年%m月%d日"), 0);
	assert_int_equal(er_date_format_check("%d/%m/%y"), 0);
	assert_int_equal(er_date_format_check("%Y%m"), 0);
	assert_int_equal(er_date_format_check("%%%Y%m"), 0);
	assert_int_equal(er_date_format_check("%m/%d"), -1);
	assert_int_equal(er_date_format_check("%Y/%d"), -1);
	assert_int_equal(er_date_format_check(""), -1);
	assert_int_equal(er_date_format_check("%Y-%m-%H"), -1);
	assert_int_equal(er_date_format_check("%Y-%m-%"), -1);
	assert_int_equal(er_date_format_check("%Y-%b-%d"), -1);
}

/* Every day of years 1000..9999: the day number and Y-M-D agree both ways, days follow
 * one another, and the formatted text is the YYYY-MM-DD that parses back. */
static void
test_round_trip_every_day(void **state)
{
	er_day first = er_date_from_ymd(1000, 1, 1), last = er_date_from_ymd(9999, 12, 31);
	int y = 1000, m = 1, d = 1;
	char buf[16], want[48];
	for (er_day day = first; day <= last; day++) {
		int yy, mm, dd;
		er_date_to_ymd(day, &yy, &mm, &dd);
		if (yy != y || mm != m || dd != d)
			fail_msg("day %d is %04d-%02d-%02d, expected %04d-%02d-%02d", (int)day, yy, mm, dd, y, m, d);
		if (er_date_from_ymd(y, m, d) != day)
			fail_msg("%04d-%02d-%02d is day %d, expected %d", y, m, d, (int)er_date_from_ymd(y, m, d),
			         (int)day);
		if (day % 97 == 0 || (m == 2 && d >= 28)) {
			assert_int_equal(er_date_format(buf, day), 10);
			snprintf(want, sizeof want, "%04d-%02d-%02d", y, m, d);
			assert_string_equal(buf, want);
			er_day back;
			assert_int_equal(er_date_parse(buf, 10, NULL, &back, NULL), ER_DATE_OK);
			assert_int_equal(back, day);
		}
		if (++d > er_date_days_in_month(y, m)) {
			d = 1;
			if (++m > 12) {
				m = 1;
				y++;
			}
		}
	}
	assert_int_equal(y, 10000);
}

static void
test_months(void **state)
{
	er_day day = er_date_from_ymd(2024, 2, 15);
	int mi = er_date_month_index(day);
	assert_int_equal(mi, 2024 * 12 + 1);
	assert_int_equal(er_date_month_first(mi), er_date_from_ymd(2024, 2, 1));
	assert_int_equal(er_date_month_last(mi), er_date_from_ymd(2024, 2, 29));
	assert_int_equal(er_date_month_last(2023 * 12 + 1), er_date_from_ymd(2023, 2, 28));
	assert_int_equal(er_date_month_first(2023 * 12 + 11), er_date_from_ymd(2023, 12, 1));
	assert_int_equal(er_date_month_first(2023 * 12 + 12), er_date_from_ymd(2024, 1, 1));
	char buf[8];
	assert_int_equal(er_date_format_month(buf, mi), 7);
	assert_string_equal(buf, "2024-02");
	er_date_format_month(buf, 1000 * 12);
	assert_string_equal(buf, "1000-01");
	er_date_format_month(buf, 9999 * 12 + 11);
	assert_string_equal(buf, "9999-12");
	/* month indexes of consecutive months differ by one across a year end */
	assert_int_equal(er_date_month_index(er_date_from_ymd(2024, 1, 1)) -
	                         er_date_month_index(er_date_from_ymd(2023, 12, 31)),
	                 1);
}

static void
test_today(void **state)
{
	er_day t = er_date_today();
	/* written in 2024 or later, and before the end of the accepted range */
	assert_true(t >= er_date_from_ymd(2024, 1, 1));
	assert_true(t <= er_date_from_ymd(9999, 12, 31));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_anchor_days),
		cmocka_unit_test(test_excel_serial),
		cmocka_unit_test(test_builtin_formats),
		cmocka_unit_test(test_leap_days),
		cmocka_unit_test(test_impossible_days),
		cmocka_unit_test(test_syntax_errors),
		cmocka_unit_test(test_time_suffixes),
		cmocka_unit_test(test_date_format_patterns),
		cmocka_unit_test(test_date_format_check),
		cmocka_unit_test(test_round_trip_every_day),
		cmocka_unit_test(test_months),
		cmocka_unit_test(test_times_checked),
		cmocka_unit_test(test_today),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
