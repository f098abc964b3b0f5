/* feat_meter: meters of an entity and their reading spans. */
#include <stdlib.h>
#include <string.h>

#include "features/feat_catalogue.h"
#include "features/feat_meter.h"
#include "features/feat_series.h"
#include "lib/vec.h"

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
	return (long)(m->last = m->n++);
}

long
er_feat_meters_add(struct er_feat_meters *m, const char *aid, size_t alen, const char *mid, size_t mlen, er_day end,
                   int days)
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
	return i;
}

/* 1 when X is an unnamed meter of an account that has named meters in M: its readings
 * are of one of those, with the meter_id cell left empty. */
static int
missing_name(const struct er_feat_meters *m, const struct er_feat_meter *x)
{
	if (x->mlen)
		return 0;
	for (size_t i = 0; i < m->n; i++)
		if (m->m[i].mlen && m->m[i].alen == x->alen && memcmp(m->m[i].key, x->key, x->alen) == 0)
			return 1;
	return 0;
}

void
er_feat_meters_compute(const struct er_feat_meters *m, er_day asof, double *out)
{
	if (!m || m->n == 0)
		return;
	er_day from12 = er_feat_months_before(asof, 12);
	er_day first_end = ER_NO_DAY, last_start = ER_NO_DAY;
	/* one pass for the usual case: no unnamed meter beside named ones */
	int unnamed = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct er_feat_meter *x = &m->m[i];
		if (!x->mlen && missing_name(m, x)) {
			unnamed = 1;
			continue;
		}
		if (first_end == ER_NO_DAY || x->first_end < first_end)
			first_end = x->first_end;
		if (last_start == ER_NO_DAY || x->last_start > last_start)
			last_start = x->last_start;
	}
	int meters = 0, changes = 0;
	for (size_t i = 0; i < m->n; i++) {
		const struct er_feat_meter *x = &m->m[i];
		if (x->last_end <= from12 || (unnamed && missing_name(m, x)))
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
	for (size_t i = 0; i < m->n; i++) {
		free(m->m[i].key);
		er_feat_load_free(m->m[i].load);
	}
	free(m->m);
	memset(m, 0, sizeof *m);
}
