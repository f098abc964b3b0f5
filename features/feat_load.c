/* feat_load: load-shape indicators of interval readings. */
#include <math.h>
#include <string.h>

#include "features/feat_catalogue.h"
#include "features/feat_load.h"
#include "features/feat_series.h"
#include "lib/num.h"

void
er_feat_load_init(struct er_feat_load *l)
{
	memset(l, 0, sizeof *l);
	for (int i = 0; i < ER_FEAT_LOAD_NDAYS; i++)
		l->days[i].day = ER_NO_DAY;
	for (int i = 0; i < ER_FEAT_LOAD_NMONTHS; i++)
		l->months[i].month = -1;
	l->cache_day = l->cache_asof = ER_NO_DAY;
}

static unsigned
day_slot(er_day d)
{
	return (uint32_t)d % ER_FEAT_LOAD_NDAYS;
}

static unsigned
month_slot(int mi)
{
	return (unsigned)mi % ER_FEAT_LOAD_NMONTHS;
}

void
er_feat_load_add(struct er_feat_load *l, const struct er_feat_tou *t, er_day asof, const struct er_feat_interval *x)
{
	if (x->day > asof)
		return;
	double part[ER_FEAT_TOU_NPARTS];
	er_feat_tou_split(t, x->start, x->minutes, x->kwh, part);
	if (x->day != l->cache_day) {
		l->cache_day = x->day;
		l->cache_month = er_date_month_index(x->day);
	}
	if (asof != l->cache_asof) {
		l->cache_asof = asof;
		l->cache_asof_month = er_date_month_index(asof);
	}
	int mi = l->cache_month;
	if (mi > l->cache_asof_month - ER_FEAT_LOAD_NMONTHS) {
		struct er_feat_load_month *m = &l->months[month_slot(mi)];
		if (m->month != mi) {
			/* the slot held a month that has left the window */
			memset(m, 0, sizeof *m);
			m->month = mi;
		}
		m->kwh += x->kwh;
		m->valley += part[ER_FEAT_TOU_VALLEY];
	}
	if (x->day <= asof - ER_FEAT_LOAD_NDAYS)
		return;
	double hours = x->minutes / 60.0, kw = x->kwh / hours;
	struct er_feat_load_day *d = &l->days[day_slot(x->day)];
	if (d->day != x->day) {
		memset(d, 0, sizeof *d);
		d->day = x->day;
	}
	d->kwh += x->kwh;
	d->hours += hours;
	if (kw > d->max_kw)
		d->max_kw = kw;
	for (int k = 0; k < ER_FEAT_TOU_NPARTS; k++)
		d->part[k] += part[k];
}

/* The sums of one entity's windows. */
struct sums {
	int any;                         /* 1: the 90-day window has intervals */
	double kwh, hours, max_kw;       /* over the 90-day window */
	double part[ER_FEAT_TOU_NPARTS]; /* over the 90-day window */
	double kwh_m[2], valley_m[2];    /* months R-2..R and R-14..R-12 */
};

/* Which of the two C09 windows month MI is in, for reference month R; -1 for neither. */
static int
month_window(int mi, int r)
{
	return mi >= r - 2 && mi <= r ? 0 : mi >= r - 14 && mi <= r - 12 ? 1 : -1;
}

/* Adds a waiting interval to S (the same sums er_feat_load_add keeps, taken at once). */
static void
add_pending(struct sums *s, const struct er_feat_tou *t, er_day asof, int r, const struct er_feat_interval *x)
{
	double part[ER_FEAT_TOU_NPARTS];
	er_feat_tou_split(t, x->start, x->minutes, x->kwh, part);
	int w = x->day <= asof ? month_window(er_date_month_index(x->day), r) : -1;
	if (w >= 0) {
		s->kwh_m[w] += x->kwh;
		s->valley_m[w] += part[ER_FEAT_TOU_VALLEY];
	}
	if (x->day > asof || x->day <= asof - 90)
		return;
	double hours = x->minutes / 60.0;
	s->any = 1;
	s->kwh += x->kwh;
	s->hours += hours;
	if (x->kwh / hours > s->max_kw)
		s->max_kw = x->kwh / hours;
	for (int k = 0; k < ER_FEAT_TOU_NPARTS; k++)
		s->part[k] += part[k];
}

void
er_feat_load_compute(const struct er_feat_load *l, const struct er_feat_meters *meters, const struct er_feat_tou *t,
                     er_day asof, double *out)
{
	if (!l)
		return;
	struct sums s;
	memset(&s, 0, sizeof s);
	for (er_day d = asof - 89; d <= asof; d++) {
		const struct er_feat_load_day *x = &l->days[day_slot(d)];
		if (x->day != d)
			continue;
		s.any = 1;
		s.kwh += x->kwh;
		s.hours += x->hours;
		if (x->max_kw > s.max_kw)
			s.max_kw = x->max_kw;
		for (int k = 0; k < ER_FEAT_TOU_NPARTS; k++)
			s.part[k] += x->part[k];
	}
	int r = er_feat_ref_month(asof), am = er_date_month_index(asof);
	for (int mi = r - 14; mi <= r; mi++) {
		const struct er_feat_load_month *m = &l->months[month_slot(mi)];
		int w = month_window(mi, r);
		if (w < 0 || m->month != mi || mi <= am - ER_FEAT_LOAD_NMONTHS)
			continue;
		s.kwh_m[w] += m->kwh;
		s.valley_m[w] += m->valley;
	}
	struct er_feat_interval x;
	for (size_t k = 0; er_feat_meters_pending(meters, &k, &x);)
		add_pending(&s, t, asof, r, &x);
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
