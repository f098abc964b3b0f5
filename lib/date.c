/* date: civil dates <-> day numbers (Hinnant's algorithms) and strict parsing. */
#include "lib/date.h"

#include <math.h>
#include <string.h>
#include <time.h>

static int
is_leap(int y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int
er_date_days_in_month(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
	return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

int
er_date_valid(int y, int m, int d)
{
	return y >= 1000 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 && d <= er_date_days_in_month(y, m);
}

er_day
er_date_from_ymd(int y, int m, int d)
{
	y -= m <= 2;
	int era = (y >= 0 ? y : y - 399) / 400;
	int yoe = y - era * 400;
	int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
er_date_to_ymd(er_day day, int *y, int *m, int *d)
{
	int z = day + 719468;
	int era = (z >= 0 ? z : z - 146096) / 146097;
	int doe = z - era * 146097;
	int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = yoe + era * 400 + (*m <= 2);
}

int
er_date_month_index(er_day day)
{
	int y, m, d;
	er_date_to_ymd(day, &y, &m, &d);
	return y * 12 + m - 1;
}

void
er_date_month_ym(int mi, int *y, int *m)
{
	/* floor division: a month before year 0 (the index of ER_NO_DAY, say) is still a month
	 * of 1..12, not an index out of the table of month lengths */
	*y = mi >= 0 ? mi / 12 : -((11 - mi) / 12);
	*m = mi - *y * 12 + 1;
}

er_day
er_date_month_first(int mi)
{
	int y, m;
	er_date_month_ym(mi, &y, &m);
	return er_date_from_ymd(y, m, 1);
}

er_day
er_date_month_last(int mi)
{
	int y, m;
	er_date_month_ym(mi, &y, &m);
	return er_date_from_ymd(y, m, er_date_days_in_month(y, m));
}

static void
put2(char *p, int v)
{
	p[0] = (char)('0' + v / 10);
	p[1] = (char)('0' + v % 10);
}

size_t
er_date_format(char *buf, er_day day)
{
	int y, m, d;
	er_date_to_ymd(day, &y, &m, &d);
	put2(buf, y / 100);
	put2(buf + 2, y % 100);
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '-';
	put2(buf + 8, d);
	buf[10] = '\0';
	return 10;
}

size_t
er_date_format_month(char *buf, int mi)
{
	int y = mi / 12, m = mi % 12 + 1;
	put2(buf, y / 100);
	put2(buf + 2, y % 100);
	buf[4] = '-';
	put2(buf + 5, m);
	buf[7] = '\0';
	return 7;
}

er_day
er_date_today(void)
{
	return (er_day)(time(NULL) / 86400);
}

const char *
er_date_strerror(int result)
{
	switch (result) {
	case ER_DATE_OK: return "ok";
	case ER_DATE_EMPTY: return "empty date";
	case ER_DATE_SYNTAX: return "not a date";
	case ER_DATE_IMPOSSIBLE: return "impossible date";
	case ER_DATE_BAD_TIME: return "impossible time of day";
	}
	return "bad date";
}

/* Reads between MIN and MAX digits at S[*I]; returns the value or -1. */
static int
digits(const char *s, size_t len, size_t *i, int min, int max)
{
	int v = 0, n = 0;
	while (*i < len && n < max && s[*i] >= '0' && s[*i] <= '9') {
		v = v * 10 + (s[*i] - '0');
		(*i)++;
		n++;
	}
	return n >= min ? v : -1;
}

/* Reads a time of day H:MM[:SS[.fff]] (hour 1 or 2 digits) at S[*I..LEN); *SECS gets the
 * second of the day. Returns an er_date_result: a 25:61 is impossible, not ignored. */
static int
clock_time(const char *s, size_t len, size_t *i, int *secs)
{
	int h = digits(s, len, i, 1, 2), mi, sec = 0;
	if (h < 0 || *i >= len || s[*i] != ':')
		return ER_DATE_SYNTAX;
	(*i)++;
	if ((mi = digits(s, len, i, 2, 2)) < 0)
		return ER_DATE_SYNTAX;
	if (*i < len && s[*i] == ':') {
		(*i)++;
		if ((sec = digits(s, len, i, 2, 2)) < 0)
			return ER_DATE_SYNTAX;
		if (*i < len && s[*i] == '.') {
			(*i)++;
			if (digits(s, len, i, 1, 9) < 0)
				return ER_DATE_SYNTAX;
		}
	}
	if (h > 23 || mi > 59 || sec > 59)
		return ER_DATE_BAD_TIME;
	*secs = h * 3600 + mi * 60 + sec;
	return ER_DATE_OK;
}

/* Accepts the rest of the field when it is empty (*SECS -1) or a time of day. Returns an
 * er_date_result. */
static int
time_suffix(const char *s, size_t len, size_t i, int *secs)
{
	*secs = -1;
	if (i == len)
		return ER_DATE_OK;
	if (s[i] != ' ' && s[i] != 'T')
		return ER_DATE_SYNTAX;
	i++;
	int rc = clock_time(s, len, &i, secs);
	if (rc != ER_DATE_OK)
		return rc;
	return i == len ? ER_DATE_OK : ER_DATE_SYNTAX;
}

static int
finish(int y, int m, int d, int month_only, er_day *day, int *precision)
{
	if (month_only) {
		if (y < 1000 || y > 9999 || m < 1 || m > 12)
			return ER_DATE_IMPOSSIBLE;
		d = er_date_days_in_month(y, m);
	}
	if (!er_date_valid(y, m, d))
		return ER_DATE_IMPOSSIBLE;
	*day = er_date_from_ymd(y, m, d);
	if (precision)
		*precision = month_only ? ER_DATE_MONTH : ER_DATE_DAY;
	return ER_DATE_OK;
}

/* The two digits at S as a number, or -1. */
static int
two_digits(const char *s)
{
	unsigned a = (unsigned)((unsigned char)s[0] - '0'), b = (unsigned)((unsigned char)s[1] - '0');
	return a <= 9 && b <= 9 ? (int)(a * 10 + b) : -1;
}

/* 年, 月 and 日 in UTF-8: a date as Chinese spreadsheets display and export it. */
#define YEAR_MARK "\xe5\xb9\xb4"
#define MONTH_MARK "\xe6\x9c\x88"
#define DAY_MARK "\xe6\x97\xa5"

/* The rest of Y年M月[D日][ time] from S[I], the year read. Returns an er_date_result. */
static int
parse_cjk(const char *s, size_t len, size_t i, int y, er_day *day, int *precision, int *secs)
{
	int m = digits(s, len, &i, 1, 2), rc;
	if (m < 0 || i + 3 > len || memcmp(s + i, MONTH_MARK, 3) != 0)
		return ER_DATE_SYNTAX;
	i += 3;
	if (i == len || !(s[i] >= '0' && s[i] <= '9')) {
		if ((rc = time_suffix(s, len, i, secs)) != ER_DATE_OK)
			return rc;
		return finish(y, m, 1, 1, day, precision);
	}
	int d = digits(s, len, &i, 1, 2);
	if (d < 0 || i + 3 > len || memcmp(s + i, DAY_MARK, 3) != 0)
		return ER_DATE_SYNTAX;
	if ((rc = time_suffix(s, len, i + 3, secs)) != ER_DATE_OK)
		return rc;
	return finish(y, m, d, 0, day, precision);
}

static int
parse_builtin(const char *s, size_t len, er_day *day, int *precision, int *secs)
{
	size_t i = 0;
	int rc;
	/* the canonical YYYY-MM-DD, the dates of most inputs, in one go rather than the walk
	 * below (which reads it the same way) */
	if (len == 10 && s[4] == '-' && s[7] == '-') {
		int c = two_digits(s), yy = two_digits(s + 2), m = two_digits(s + 5), d = two_digits(s + 8);
		if (c >= 0 && yy >= 0 && m >= 0 && d >= 0)
			return finish(c * 100 + yy, m, d, 0, day, precision);
	}
	int y = digits(s, len, &i, 4, 4);
	if (y < 0)
		return ER_DATE_SYNTAX;
	if (i < len && s[i] >= '0' && s[i] <= '9') {
		/* YYYYMMDD */
		int m = digits(s, len, &i, 2, 2);
		int d = digits(s, len, &i, 2, 2);
		if (m < 0 || d < 0)
			return ER_DATE_SYNTAX;
		if ((rc = time_suffix(s, len, i, secs)) != ER_DATE_OK)
			return rc;
		return finish(y, m, d, 0, day, precision);
	}
	if (i + 3 <= len && memcmp(s + i, YEAR_MARK, 3) == 0)
		return parse_cjk(s, len, i + 3, y, day, precision, secs);
	if (i >= len || (s[i] != '-' && s[i] != '/' && s[i] != '.'))
		return ER_DATE_SYNTAX;
	char sep = s[i++];
	int m = digits(s, len, &i, 1, 2);
	if (m < 0)
		return ER_DATE_SYNTAX;
	if (i == len || s[i] != sep) {
		if ((rc = time_suffix(s, len, i, secs)) != ER_DATE_OK)
			return rc;
		return finish(y, m, 1, 1, day, precision);
	}
	i++;
	int d = digits(s, len, &i, 1, 2);
	if (d < 0)
		return ER_DATE_SYNTAX;
	if ((rc = time_suffix(s, len, i, secs)) != ER_DATE_OK)
		return rc;
	return finish(y, m, d, 0, day, precision);
}

/* Excel's serial day number S (see er_date_parse). */
static int
parse_excel(const char *s, size_t len, er_day *day, int *precision, int *secs)
{
	size_t i = 0;
	long serial = 0;
	/* past the last day the value stays above it: leading zeros count for nothing and many
	 * digits make an impossible date, not an overflow */
	for (; i < len && s[i] >= '0' && s[i] <= '9'; i++)
		if (serial <= 2958465)
			serial = serial * 10 + (s[i] - '0');
	if (i == 0 || (i < len && s[i] != '.'))
		return ER_DATE_SYNTAX;
	double frac = 0, scale = 0.1;
	int has_frac = i < len;
	if (has_frac) {
		size_t start = ++i;
		for (; i < len && s[i] >= '0' && s[i] <= '9'; i++, scale /= 10)
			frac += (s[i] - '0') * scale;
		if (i < len || i == start)
			return ER_DATE_SYNTAX;
	}
	/* 61 is 1900-03-01; 2958465 is 9999-12-31, Excel's last day */
	if (serial < 61 || serial > 2958465)
		return ER_DATE_IMPOSSIBLE;
	er_day d = er_date_from_ymd(1899, 12, 30) + (er_day)serial;
	if (has_frac) {
		long t = lround(frac * 86400);
		if (t >= 86400) { /* 0.9999999 rounds to the next midnight */
			if (serial == 2958465)
				return ER_DATE_IMPOSSIBLE;
			d++;
			t = 0;
		}
		*secs = (int)t;
	}
	*day = d;
	if (precision)
		*precision = ER_DATE_DAY;
	return ER_DATE_OK;
}

static int
parse_format(const char *s, size_t len, const char *fmt, er_day *day, int *precision, int *secs)
{
	size_t i = 0;
	int y = -1, m = -1, d = -1;
	for (const char *f = fmt; *f; f++) {
		if (*f != '%') {
			if (i >= len || s[i] != *f)
				return ER_DATE_SYNTAX;
			i++;
			continue;
		}
		f++;
		switch (*f) {
		case 'Y':
			y = digits(s, len, &i, 4, 4);
			if (y < 0)
				return ER_DATE_SYNTAX;
			break;
		case 'y':
			y = digits(s, len, &i, 2, 2);
			if (y < 0)
				return ER_DATE_SYNTAX;
			y += y >= 70 ? 1900 : 2000;
			break;
		case 'm':
			m = digits(s, len, &i, 1, 2);
			if (m < 0)
				return ER_DATE_SYNTAX;
			break;
		case 'd':
			d = digits(s, len, &i, 1, 2);
			if (d < 0)
				return ER_DATE_SYNTAX;
			break;
		case '%':
			if (i >= len || s[i] != '%')
				return ER_DATE_SYNTAX;
			i++;
			break;
		default: return ER_DATE_SYNTAX;
		}
	}
	int rc = time_suffix(s, len, i, secs);
	if (rc != ER_DATE_OK)
		return rc;
	return finish(y, m, d < 0 ? 1 : d, d < 0, day, precision);
}

int
er_date_format_check(const char *fmt)
{
	if (strcmp(fmt, ER_DATE_FORMAT_EXCEL) == 0)
		return 0;
	int has_y = 0, has_m = 0;
	for (const char *f = fmt; *f; f++) {
		if (*f != '%')
			continue;
		f++;
		switch (*f) {
		case 'Y':
		case 'y': has_y = 1; break;
		case 'm': has_m = 1; break;
		case 'd':
		case '%': break;
		default: return -1;
		}
	}
	return has_y && has_m ? 0 : -1;
}

int
er_date_parse_time(const char *s, size_t len, const char *fmt, er_day *day, int *precision, int *secs)
{
	int ignored;
	if (!secs)
		secs = &ignored;
	*secs = -1;
	if (len == 0)
		return ER_DATE_EMPTY;
	if (fmt && strcmp(fmt, ER_DATE_FORMAT_EXCEL) == 0)
		return parse_excel(s, len, day, precision, secs);
	return fmt ? parse_format(s, len, fmt, day, precision, secs) : parse_builtin(s, len, day, precision, secs);
}

int
er_date_parse(const char *s, size_t len, const char *fmt, er_day *day, int *precision)
{
	return er_date_parse_time(s, len, fmt, day, precision, NULL);
}

int
er_time_parse(const char *s, size_t len, int *secs)
{
	size_t i = 0;
	if (len == 0)
		return ER_DATE_EMPTY;
	int rc = clock_time(s, len, &i, secs);
	if (rc != ER_DATE_OK)
		return rc;
	return i == len ? ER_DATE_OK : ER_DATE_SYNTAX;
}

size_t
er_time_format(char *buf, int secs)
{
	put2(buf, secs / 3600);
	buf[2] = ':';
	put2(buf + 3, secs / 60 % 60);
	if (secs % 60 == 0) {
		buf[5] = '\0';
		return 5;
	}
	buf[5] = ':';
	put2(buf + 6, secs % 60);
	buf[8] = '\0';
	return 8;
}
