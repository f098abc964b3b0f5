/* feat_meter: meters of an entity, their reading spans and interval spacing. */
#include <stdlib.h>
#include <string.h>

#include "features/feat_catalogue.h"
#include "features/feat_meter.h"
#include "features/feat_series.h"
#include "lib/vec.h"

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

static int
same(const struct er_feat_meter *x, const char *aid, size_t alen, const char *mid, size_t mlen)
{
	return x->alen == alen && x->mlen == mlen && memcmp(x->key, aid, alen) == 0 &&
		memcmp(x->key + alen, mid, mlen) == 0;
}

/* The index of the meter, created when new; -1 when out of memory. */
static long
meter_of(struct er_feat_meters *m, const char *aid, size_t alen, const char *mid, size_t mlen)
{
	if (m->last < m->n && same(&m->m[m->last], aid, alen, mid, mlen))
		return (long)m->last;
	for (size_t i = 0; i < m->n; i++)
		if (same(&m->m[i], aid, alen, mid, mlen))
			return (long)(m->last = i);
	if (ER_GROW(m->m, m->cap, m->n + 1) < 0)
		return -1;
	struct er_feat_meter *x = &m->m[m->n];
	memset(x, 0, sizeof *x);
	if (!(x->key = malloc(alen + mlen + 1)))
		return -1;
	memcpy(x->key, aid, alen);
	memcpy(x->key + alen, mid, mlen);
	x->alen = alen;
	x->mlen = mlen;
	x->first_end = ER_NO_DAY;
	x->t0 = -1;
	return (long)(m->last = m->n++);
}

int
er_feat_meters_add(struct er_feat_meters *m, const char *aid, size_t alen, const char *mid, size_t mlen, er_day end,
                   int days, int minute, double kwh, struct er_feat_interval out[2])
{
	long i = meter_of(m, aid, alen, mid, mlen);
	if (i < 0)
		return -1;
	struct er_feat_meter *x = &m->m[i];
	er_day start = end - days + 1;
	if (x->first_end == ER_NO_DAY) {
		x->first_end = x->last_end = end;
		x->first_start = x->last_start = start;
	} else if (end < x->first_end || (end == x->first_end && start < x->first_start)) {
		x->first_end = end;
		x->first_start = start;
	} else if (end > x->last_end || (end == x->last_end && start > x->last_start)) {
		x->last_end = end;
		x->last_start = start;
	}
	if (minute < 0)
		return 0;
	if (x->t0 < 0) {
		x->t0 = minute;
		x->pending = 1;
		x->first = (struct er_feat_interval){end, minute, 0, kwh};
		return 0;
	}
	x->gap = gcd(x->gap, abs(minute - x->t0));
	/* all starts alike so far (one interval a day): only the start itself tells a length */
	int len = gcd(60, x->gap ? x->gap : minute % 60);
	int n = 0;
	if (x->pending) {
		x->pending = 0;
		out[n] = x->first;
		out[n++].minutes = len;
	}
	out[n++] = (struct er_feat_interval){end, minute, len, kwh};
	return n;
}

int
er_feat_meters_pending(const struct er_feat_meters *m, size_t *k, struct er_feat_interval *out)
{
	for (; m && *k < m->n; ++*k)
		if (m->m[*k].pending) {
			*out = m->m[*k].first;
			out->minutes = gcd(60, out->start % 60);
			++*k;
			return 1;
		}
	return 0;
}

void
er_feat_meters_compute(const struct er_feat_meters *m, er_day asof, double *out)
{
	if (!m || m->n == 0)
		return;
	er_day from12 = er_feat_months_before(asof, 12);
	er_day first_end = m->m[0].first_end, last_start = m->m[0].last_start;
	for (size_t i = 1; i < m->n; i++) {
		if (m->m[i].first_end < first_end)
			first_end = m->m[i].first_end;
		if (m->m[i].last_start > last_start)
			last_start = m->m[i].last_start;
	}
	int meters = 0, changes = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct er_feat_meter *x = &m->m[i];
		if (x->last_end <= from12)
			continue;
		meters++;
		/* it began after another meter had read: it appeared */
		changes += x->first_end > from12 && x->first_start > first_end;
		/* another meter read after its next reading was due: it stopped */
		changes += x->last_end + (x->last_end - x->last_start + 1) < last_start;
	}
	out[ER_FEAT_USAGE_METERS_12M] = meters;
	out[ER_FEAT_USAGE_METER_CHANGES_12M] = changes;
}

void
er_feat_meters_free(struct er_feat_meters *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->m[i].key);
	free(m->m);
	memset(m, 0, sizeof *m);
}
