/* feat_tou: time-of-use schedules as per-minute prefix sums. */
#include <string.h>

#include "features/feat_tou.h"
#include "lib/date.h"
#include "lib/err.h"

#define DAY_MINUTES 1440

/* "HH:MM" (or "24:00", the end of the day) into minutes; -1 when bad. */
static int
minute_of(const char *s, size_t len)
{
	int secs;
	if (len == 5 && memcmp(s, "24:00", 5) == 0)
		return DAY_MINUTES;
	if (er_time_parse(s, len, &secs) != ER_DATE_OK || secs % 60)
		return -1;
	return secs / 60;
}

/* Marks the minutes of the ranges in LIST[0..LEN-1] ("HH:MM-HH:MM[,...]") as CODE in
 * MARK; the minutes already marked with another code are an overlap. */
static int
mark_ranges(unsigned char *mark, unsigned char code, const char *name, const char *list, size_t len, char *err)
{
	const char *p = list, *end = list + len;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *q = comma ? comma : end;
		const char *dash = memchr(p, '-', (size_t)(q - p));
		int from = dash ? minute_of(p, (size_t)(dash - p)) : -1;
		int to = dash ? minute_of(dash + 1, (size_t)(q - dash - 1)) : -1;
		if (from < 0 || to < 0 || from == DAY_MINUTES)
			return er_fail(err, ER_EUSAGE, "bad %s range '%.*s' in --tou (expected HH:MM-HH:MM)", name,
			               (int)(q - p), p);
		if (from == to)
			return er_fail(err, ER_EUSAGE, "empty %s range '%.*s' in --tou", name, (int)(q - p), p);
		/* a range that ends before it starts runs past midnight */
		for (int m = from; m != to; m = (m + 1) % DAY_MINUTES) {
			if (mark[m] && mark[m] != code)
				return er_fail(err, ER_EUSAGE, "%s range '%.*s' overlaps another period in --tou", name,
				               (int)(q - p), p);
			mark[m] = code;
			if (to == DAY_MINUTES && m == DAY_MINUTES - 1)
				break;
		}
		p = q + (comma != NULL);
	}
	return 0;
}

int
er_feat_tou_parse(struct er_feat_tou *t, const char *spec, char *err)
{
	unsigned char mark[DAY_MINUTES];
	memset(mark, 0, sizeof mark);
	const char *p = spec, *end = spec + strlen(spec);
	if (p == end)
		return er_fail(err, ER_EUSAGE, "empty schedule for --tou");
	while (p < end) {
		const char *semi = memchr(p, ';', (size_t)(end - p));
		const char *q = semi ? semi : end;
		const char *eq = memchr(p, '=', (size_t)(q - p));
		size_t nlen = eq ? (size_t)(eq - p) : 0;
		unsigned char code = 0;
		if (eq && nlen == 4 && memcmp(p, "peak", 4) == 0)
			code = 1 + ER_FEAT_TOU_PEAK;
		else if (eq && nlen == 6 && memcmp(p, "valley", 6) == 0)
			code = 1 + ER_FEAT_TOU_VALLEY;
		if (!code)
			return er_fail(err, ER_EUSAGE,
			               "unknown period '%.*s' in --tou (expected peak=... or valley=...; "
			               "flat is the rest)",
			               (int)(eq ? nlen : (size_t)(q - p)), p);
		int st = mark_ranges(mark, code, code == 1 + ER_FEAT_TOU_PEAK ? "peak" : "valley", eq + 1,
		                     (size_t)(q - eq - 1), err);
		if (st)
			return st;
		p = q + (semi != NULL);
	}
	memset(t, 0, sizeof *t);
	for (int m = 0; m < DAY_MINUTES; m++) {
		/* the night of D09: 22:00-06:00, whatever the tariff */
		int night = m >= 22 * 60 || m < 6 * 60;
		for (int k = 0; k < ER_FEAT_TOU_NPARTS; k++) {
			int in = k == ER_FEAT_TOU_NIGHT ? night : k == ER_FEAT_TOU_FLAT ? !mark[m] : mark[m] == 1 + k;
			t->cum[k][m + 1] = (uint16_t)(t->cum[k][m] + in);
		}
	}
	return 0;
}

void
er_feat_tou_split(const struct er_feat_tou *t, int start, int minutes, double kwh, double *parts)
{
	int to = start + minutes;
	for (int k = 0; k < ER_FEAT_TOU_NPARTS; k++) {
		const uint16_t *c = t->cum[k];
		int in = to <= DAY_MINUTES ? c[to] - c[start] : c[DAY_MINUTES] - c[start] + c[to - DAY_MINUTES];
		parts[k] = in == minutes ? kwh : in == 0 ? 0 : kwh * in / minutes;
	}
}
