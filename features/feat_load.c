/* feat_load: load-shape indicators of interval readings. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "features/feat_catalogue.h"
#include "features/feat_load.h"
#include "features/feat_meter.h"
#include "features/feat_series.h"
#include "lib/num.h"
#include "lib/vec.h"

#define DAY_MINUTES 1440
#define WINDOW_DAYS 90

static int
gcd(int a, int b)
{
	while (b) {
		int r = a % b;
		a = b;
		b = r;
	}
	return a;
}

/* Which of the two C09 windows month MI is in, for reference month R; -1 for neither. */
static int
month_window(int mi, int r)
{
	return mi >= r - 2 && mi <= r ? 0 : mi >= r - 14 && mi <= r - 12 ? 1 : -1;
}

struct er_feat_load *
er_feat_load_new(er_day asof, int moving)
{
	struct er_feat_load *l = calloc(1, sizeof *l);
	if (!l)
		return NULL;
	memset(l->index, 0xff, sizeof l->index);
	l->anchor = asof;
	l->ref_month = er_feat_ref_month(asof);
	l->cache_day = ER_NO_DAY;
	l->moving = moving;
	return l;
}

/* Adds a reading of start J to the window sums as of L->anchor. */
static void
window_add(struct er_feat_load *l, er_day day, size_t j, double kwh)
{
	if (day > l->anchor)
		return;
	if (day != l->cache_day) {
		/* the intervals of a day come together, and a month index is a calendar conversion */
		l->cache_day = day;
		l->cache_month = er_date_month_index(day);
	}
	struct er_feat_load_start *s = &l->starts[j];
	int w = month_window(l->cache_month, l->ref_month);
	if (w >= 0)
		s->kwh[1 + w] += kwh;
	if (day <= l->anchor - WINDOW_DAYS)
		return;
	s->kwh[0] += kwh;
	l->count90++;
	if (kwh > l->max_kwh90)
		l->max_kwh90 = kwh;
}

/* Takes L's window sums again as of ASOF from its kept readings, dropping those that an
 * as-of date from ASOF on can no longer use. */
static void
rebuild(struct er_feat_load *l, er_day asof)
{
	l->anchor = asof;
	l->ref_month = er_feat_ref_month(asof);
	l->count90 = 0;
	l->max_kwh90 = 0;
	for (size_t j = 0; j < l->n; j++)
		memset(l->starts[j].kwh, 0, sizeof l->starts[j].kwh);
	size_t k = 0;
	for (size_t i = 0; i < l->nkept; i++) {
		struct er_feat_load_reading x = l->kept[i];
		if (x.day <= asof - WINDOW_DAYS && er_date_month_index(x.day) < l->ref_month - 14)
			continue;
		l->kept[k++] = x;
		window_add(l, x.day, (size_t)x.start, x.kwh);
	}
	l->nkept = k;
	l->npruned = k;
}

int
er_feat_load_add(struct er_feat_load *l, er_day asof, er_day day, int minute, double kwh, const char *file,
                 uint64_t line)
{
	if (l->moving && ER_GROW(l->kept, l->capkept, l->nkept + 1) < 0)
		return -1;
	int j = l->index[minute];
	if (j < 0) {
		if (ER_GROW(l->starts, l->cap, l->n + 1) < 0)
			return -1;
		j = (int)l->n++;
		l->starts[j] = (struct er_feat_load_start){minute, 0, line, file, {0, 0, 0}};
		l->index[minute] = (int16_t)j;
		l->present[minute / 64] |= (uint64_t)1 << (minute % 64);
	}
	l->starts[j].count++;
	if (!l->moving) {
		window_add(l, day, (size_t)j, kwh);
		return 0;
	}
	l->kept[l->nkept++] = (struct er_feat_load_reading){day, j, kwh};
	if (asof == l->anchor)
		window_add(l, day, (size_t)j, kwh);
	else if (l->nkept > 2 * l->npruned)
		/* The sums are for an earlier date: taken again when computed, and here only to drop
		 * the readings no window keeps, once they may have doubled: rebuilt whenever the date
		 * moves, a year of quarter hours read in date order would be summed some 500 times
		 * (--asof last computes once, at the end). */
		rebuild(l, asof);
	return 0;
}

int
er_feat_load_spacing(const struct er_feat_load *l)
{
	uint64_t most = 0;
	for (size_t j = 0; j < l->n; j++)
		if (l->starts[j].count > most)
			most = l->starts[j].count;
	/* the gaps between the start times read often enough, in the order of the day: up to
	 * an hour counted by length, the longer ones (at most 24 of them) listed */
	int short_gaps[61] = {0}, long_gaps[25], nlong = 0;
	int first = -1, prev = -1;
	for (int w = 0; w < 23; w++)
		for (uint64_t bits = l->present[w]; bits; bits &= bits - 1) {
			int m = w * 64 + __builtin_ctzll(bits);
			if (l->starts[l->index[m]].count * 10 < most)
				continue;
			if (prev < 0)
				first = m;
			else if (m - prev <= 60)
				short_gaps[m - prev]++;
			else
				long_gaps[nlong++] = m - prev;
			prev = m;
		}
	if (first < 0)
		return 60;
	if (first == prev)
		return gcd(60, first % 60);
	if (first + DAY_MINUTES - prev <= 60)
		short_gaps[first + DAY_MINUTES - prev]++;
	else
		long_gaps[nlong++] = first + DAY_MINUTES - prev;
	int best = 1, best_n = short_gaps[1];
	for (int g = 2; g <= 60; g++)
		if (short_gaps[g] > best_n) {
			best = g;
			best_n = short_gaps[g];
		}
	for (int i = 0; i < nlong; i++) {
		int n = 0;
		for (int k = 0; k < nlong; k++)
			n += long_gaps[k] == long_gaps[i];
		/* a tie goes to the shorter gap, and any gap past an hour is an hour */
		if (n > best_n) {
			best = 60;
			best_n = n;
		}
	}
	return best;
}

const struct er_feat_load_start *
er_feat_load_off_grid(const struct er_feat_load *l, uint64_t *count)
{
	int len = er_feat_load_spacing(l);
	/* the phase of most readings: where the grid of intervals lies */
	uint64_t by_phase[60];
	memset(by_phase, 0, sizeof by_phase);
	for (size_t j = 0; j < l->n; j++)
		by_phase[l->starts[j].minute % len] += l->starts[j].count;
	int phase = 0;
	for (int p = 1; p < len; p++)
		if (by_phase[p] > by_phase[phase])
			phase = p;
	const struct er_feat_load_start *off = NULL;
	*count = 0;
	for (size_t j = 0; j < l->n; j++)
		if (l->starts[j].minute % len != phase) {
			if (!off)
				off = &l->starts[j];
			*count += l->starts[j].count;
		}
	return off;
}

/* The sums of one entity's windows. */
struct sums {
	int any;                         /* 1: the 90-day window has intervals */
	double kwh, hours, max_kw;       /* over the 90-day window */
	double part[ER_FEAT_TOU_NPARTS]; /* over the 90-day window */
	double kwh_m[2], valley_m[2];    /* months R-2..R and R-14..R-12 */
};

/* Adds meter L's window sums to S, its kWh split by T over intervals of LEN minutes. */
static void
add_meter(struct sums *s, const struct er_feat_load *l, const struct er_feat_tou *t, int len)
{
	double hours = len / 60.0, part[ER_FEAT_TOU_NPARTS];
	if (l->count90) {
		s->any = 1;
		s->hours += (double)l->count90 * hours;
		if (l->max_kwh90 / hours > s->max_kw)
			s->max_kw = l->max_kwh90 / hours;
	}
	for (size_t j = 0; j < l->n; j++) {
		const struct er_feat_load_start *x = &l->starts[j];
		if (x->kwh[0] > 0) {
			er_feat_tou_split(t, x->minute, len, x->kwh[0], part);
			s->kwh += x->kwh[0];
			for (int k = 0; k < ER_FEAT_TOU_NPARTS; k++)
				s->part[k] += part[k];
		}
		for (int w = 0; w < 2; w++)
			if (x->kwh[1 + w] > 0) {
				er_feat_tou_split(t, x->minute, len, x->kwh[1 + w], part);
				s->kwh_m[w] += x->kwh[1 + w];
				s->valley_m[w] += part[ER_FEAT_TOU_VALLEY];
			}
	}
}

void
er_feat_load_compute(struct er_feat_meters *m, const struct er_feat_tou *t, er_day asof, double *out)
{
	struct sums s;
	memset(&s, 0, sizeof s);
	for (size_t i = 0; m && i < m->n; i++) {
		struct er_feat_load *l = m->m[i].load;
		if (!l)
			continue;
		if (l->moving && l->anchor != asof)
			rebuild(l, asof);
		add_meter(&s, l, t, er_feat_load_spacing(l));
	}
	if (s.any) {
		out[ER_FEAT_USAGE_MAX_DEMAND_KW_90D] = s.max_kw;
		if (s.max_kw > 0)
			out[ER_FEAT_USAGE_LOAD_FACTOR_90D] = er_num_ratio(er_num_ratio(s.kwh, s.hours), s.max_kw);
	}
	if (s.kwh > 0) {
		out[ER_FEAT_USAGE_PEAK_SHARE_90D] = er_num_ratio(s.part[ER_FEAT_TOU_PEAK], s.kwh);
		out[ER_FEAT_USAGE_FLAT_SHARE_90D] = er_num_ratio(s.part[ER_FEAT_TOU_FLAT], s.kwh);
		out[ER_FEAT_USAGE_VALLEY_SHARE_90D] = er_num_ratio(s.part[ER_FEAT_TOU_VALLEY], s.kwh);
		out[ER_FEAT_USAGE_NIGHT_SHARE_90D] = er_num_ratio(s.part[ER_FEAT_TOU_NIGHT], s.kwh);
	}
	if (s.kwh_m[0] > 0 && s.kwh_m[1] > 0)
		out[ER_FEAT_USAGE_VALLEY_SHIFT_YOY] =
			er_num_ratio(s.valley_m[0], s.kwh_m[0]) - er_num_ratio(s.valley_m[1], s.kwh_m[1]);
}

void
er_feat_load_free(struct er_feat_load *l)
{
	if (!l)
		return;
	free(l->starts);
	free(l->kept);
	free(l);
}
