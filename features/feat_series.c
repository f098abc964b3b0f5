/* feat_series: per-entity month and day rings anchored at the as-of date.
 * Slots are indexed by month index mod ER_FEAT_NMONTHS and day number mod ER_FEAT_NDAYS,
 * so readings may arrive in any order; a slot is valid only inside the window. */
#include <string.h>

#include "features/feat_series.h"

int
er_feat_ref_month(er_day asof)
{
	int mi = er_date_month_index(asof);
	return asof == er_date_month_last(mi) ? mi : mi - 1;
}

er_day
er_feat_months_before(er_day day, int n)
{
	int y, m, d;
	er_date_to_ymd(day, &y, &m, &d);
	int mi = y * 12 + m - 1 - n;
	int ty, tm;
	er_date_month_ym(mi, &ty, &tm);
	int dim = er_date_days_in_month(ty, tm);
	return er_date_from_ymd(ty, tm, d < dim ? d : dim);
}

int
er_feat_whole_months(er_day from, er_day to)
{
	int y1, m1, d1, y2, m2, d2;
	er_date_to_ymd(from, &y1, &m1, &d1);
	er_date_to_ymd(to, &y2, &m2, &d2);
	int months = (y2 * 12 + m2) - (y1 * 12 + m1);
	if (months > 0 && d2 < d1)
		months--;
	else if (months < 0 && d2 > d1)
		months++;
	return months;
}

int
er_feat_weekday(er_day day)
{
	/* 1970-01-01 was a Thursday (3). */
	int w = (int)((day + 3) % 7);
	return w < 0 ? w + 7 : w;
}

static unsigned
month_slot(int mi)
{
	int r = mi % ER_FEAT_NMONTHS;
	return (unsigned)(r < 0 ? r + ER_FEAT_NMONTHS : r);
}

static unsigned
day_slot(er_day d)
{
	return (uint32_t)d & (ER_FEAT_NDAYS - 1);
}

void
er_feat_series_init(struct er_feat_series *s, er_day asof)
{
	memset(s, 0, sizeof *s);
	s->anchor = asof;
	s->anchor_month = er_date_month_index(asof);
	s->cache_month = s->anchor_month;
	s->cache_first = er_date_month_first(s->anchor_month);
	s->cache_last = er_date_month_last(s->anchor_month);
}

void
er_feat_series_advance(struct er_feat_series *s, er_day asof)
{
	if (asof <= s->anchor)
		return;
	int mi = er_date_month_index(asof);
	if (mi - s->anchor_month >= ER_FEAT_NMONTHS) {
		s->month_mask = 0;
	} else {
		for (int m = s->anchor_month + 1; m <= mi; m++) {
			unsigned k = month_slot(m);
			s->month_mask &= ~((uint64_t)1 << k);
			s->month_kwh[k] = 0;
		}
	}
	if (asof - s->anchor >= ER_FEAT_NDAYS) {
		memset(s->day_mask, 0, sizeof s->day_mask);
	} else {
		for (er_day d = s->anchor + 1; d <= asof; d++) {
			unsigned k = day_slot(d);
			s->day_mask[k / 64] &= ~((uint64_t)1 << (k % 64));
			s->day_kwh[k] = 0;
		}
	}
	s->anchor = asof;
	s->anchor_month = mi;
}

static void
add_month(struct er_feat_series *s, int mi, double kwh)
{
	if (mi > s->anchor_month || mi <= s->anchor_month - ER_FEAT_NMONTHS)
		return;
	unsigned k = month_slot(mi);
	uint64_t bit = (uint64_t)1 << k;
	if (s->month_mask & bit) {
		s->month_kwh[k] += kwh;
	} else {
		s->month_mask |= bit;
		s->month_kwh[k] = kwh;
	}
}

static void
add_day(struct er_feat_series *s, er_day d, double kwh)
{
	if (d > s->anchor || d <= s->anchor - ER_FEAT_NDAYS)
		return;
	unsigned k = day_slot(d);
	uint64_t bit = (uint64_t)1 << (k % 64);
	if (s->day_mask[k / 64] & bit) {
		s->day_kwh[k] += kwh;
	} else {
		s->day_mask[k / 64] |= bit;
		s->day_kwh[k] = kwh;
	}
}

/* The month index of DAY, through a one-month cache: readings of an account
 * usually come in date order, so most days fall in the cached month. */
static int
month_of(struct er_feat_series *s, er_day day, er_day *first, er_day *last)
{
	if (day < s->cache_first || day > s->cache_last) {
		s->cache_month = er_date_month_index(day);
		s->cache_first = er_date_month_first(s->cache_month);
		s->cache_last = er_date_month_last(s->cache_month);
	}
	*first = s->cache_first;
	*last = s->cache_last;
	return s->cache_month;
}

void
er_feat_series_add(struct er_feat_series *s, er_day end, int ndays, double kwh)
{
	er_day first, last;
	if (ndays <= 1) {
		add_month(s, month_of(s, end, &first, &last), kwh);
		add_day(s, end, kwh);
		return;
	}
	er_day start = end - ndays + 1;
	/* Month by month, from the last month back, so each month gets its share at once. */
	er_day d = end;
	while (d >= start) {
		int mi = month_of(s, d, &first, &last);
		if (mi <= s->anchor_month - ER_FEAT_NMONTHS)
			break;
		er_day lo = first > start ? first : start;
		int overlap = d - lo + 1;
		add_month(s, mi, overlap == ndays ? kwh : kwh * overlap / ndays);
		d = lo - 1;
	}
	/* no days: an even share of a month is no day's measurement, and weekend or production-day
	 * ratios made of it would be 1.0 for everyone */
}

int
er_feat_series_month(const struct er_feat_series *s, int mi, double *kwh)
{
	if (mi > s->anchor_month || mi <= s->anchor_month - ER_FEAT_NMONTHS)
		return 0;
	unsigned k = month_slot(mi);
	if (!(s->month_mask & ((uint64_t)1 << k)))
		return 0;
	*kwh = s->month_kwh[k];
	return 1;
}

int
er_feat_series_day(const struct er_feat_series *s, er_day day, double *kwh)
{
	if (day > s->anchor || day <= s->anchor - ER_FEAT_NDAYS)
		return 0;
	unsigned k = day_slot(day);
	if (!(s->day_mask[k / 64] & ((uint64_t)1 << (k % 64))))
		return 0;
	*kwh = s->day_kwh[k];
	return 1;
}
