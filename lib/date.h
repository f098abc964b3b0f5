/* date: calendar dates as day numbers, and strict date parsing.
 * A day number counts days from 1970-01-01 (day 0) in the proleptic Gregorian
 * calendar. Years 1000..9999 are accepted. */
#ifndef ER_DATE_H
#define ER_DATE_H

#include <stddef.h>
#include <stdint.h>

typedef int32_t er_day;

/* No day: a date that is missing or not set (no alert yet, no as-of date). */
#define ER_NO_DAY INT32_MIN

enum er_date_result {
	ER_DATE_OK = 0,
	ER_DATE_EMPTY,      /* empty field */
	ER_DATE_SYNTAX,     /* not in an accepted format */
	ER_DATE_IMPOSSIBLE, /* right shape, no such day (2023-02-29, month 13) */
	ER_DATE_BAD_TIME    /* right shape, no such time of day (25:61) */
};

/* What a parsed date stands for. */
enum er_date_precision { ER_DATE_DAY = 0, ER_DATE_MONTH = 1 };

/* Parses S[0..LEN-1]. Without FMT the built-in formats are tried: YYYY-MM-DD, YYYY/M/D,
 * YYYY.M.D, YYYY年M月D日, YYYYMMDD, YYYY-MM, YYYY/M, YYYY.M and YYYY年M月 (a month: *DAY is
 * its last day, *PRECISION ER_DATE_MONTH),
 * each optionally followed by a time of day (" HH:MM[:SS[.fff]]" or "T..."), checked
 * (25:61 is ER_DATE_BAD_TIME) and otherwise ignored. With FMT, a strptime-like pattern: %Y
 * (4 digits), %m and %d (1 or 2 digits), %y (2 digits, 19xx from 70), %% and literal bytes
 * (UTF-8 allowed, e.g. "%Y年%m月%d日"); a trailing time of day likewise. With FMT
 * ER_DATE_FORMAT_EXCEL, Excel's serial day number (its 1900 date system: 45299 is 2024-01-08,
 * from 61, 1900-03-01, on; Excel's 60 is a 1900-02-29 that never was), a fraction being the
 * time of day (45299.25 is 06:00). PRECISION may be NULL. Returns an er_date_result. */
int er_date_parse(const char *s, size_t len, const char *fmt, er_day *day, int *precision);

/* er_date_parse that also returns the time of day: *SECS the second of the day, -1 when the
 * text has none (SECS may be NULL). Returns an er_date_result. */
int er_date_parse_time(const char *s, size_t len, const char *fmt, er_day *day, int *precision, int *secs);

/* Parses a time of day H:MM[:SS[.fff]] alone into *SECS (second of the day; fractions
 * dropped). Returns an er_date_result: ER_DATE_BAD_TIME for 25:61. */
int er_time_parse(const char *s, size_t len, int *secs);

/* Writes second of the day SECS as "HH:MM" (or "HH:MM:SS" when the seconds are not 0) and a
 * NUL into BUF (9 bytes); returns the length. Can't fail. */
size_t er_time_format(char *buf, int secs);

/* A short lowercase reason for an er_date_result. */
const char *er_date_strerror(int result);

/* The --date-format of Excel's serial day numbers: what a date column becomes when a sheet
 * loses its cells' date format. Never a built-in form: a five-digit number in a date column
 * may as well be a misplaced quantity, so it is read as a date only when asked. */
#define ER_DATE_FORMAT_EXCEL "excel"

/* Checks a --date-format pattern (or ER_DATE_FORMAT_EXCEL); returns 0 when usable, -1
 * otherwise. */
int er_date_format_check(const char *fmt);

/* 1 when Y-M-D is a real day (1000 <= Y <= 9999), else 0. */
int er_date_valid(int y, int m, int d);

/* Day number of a real day Y-M-D (no check). */
er_day er_date_from_ymd(int y, int m, int d);

/* Year, month and day of DAY. */
void er_date_to_ymd(er_day day, int *y, int *m, int *d);

/* Days in month M of year Y. */
int er_date_days_in_month(int y, int m);

/* Month number y*12 + (m-1) of DAY, for month arithmetic. */
int er_date_month_index(er_day day);

/* Month index MI (year * 12 + month - 1) as *Y and *M (1..12), for any MI. Can't fail. */
void er_date_month_ym(int mi, int *y, int *m);

/* First and last day of month index MI. */
er_day er_date_month_first(int mi);
er_day er_date_month_last(int mi);

/* Writes DAY as YYYY-MM-DD into BUF (11 bytes). Returns 10. */
size_t er_date_format(char *buf, er_day day);

/* Writes month index MI as YYYY-MM into BUF (8 bytes). Returns 7. */
size_t er_date_format_month(char *buf, int mi);

/* Today's date (UTC) as a day number. */
er_day er_date_today(void);

#endif
