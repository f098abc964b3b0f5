/* feat_meter: the meters of an entity (an account's meter_id, per account) as its readings
 * arrive: when each meter first and last read, for the meter indicators, and the load shape
 * of its interval readings (feat_load).
 *
 * A reading with an empty meter_id is of the account's only meter. When the account has
 * named meters too, the empty cell is taken for a missing one: that reading is of one of
 * them, so the unnamed meter is neither counted nor lets another look replaced. Memory
 * grows with the meters, not with the readings. */
#ifndef ER_FEAT_METER_H
#define ER_FEAT_METER_H

#include <stddef.h>
#include <string.h>

#include "lib/date.h"
#include "features/feat_load.h"

struct er_feat_meter {
	char *key; /* account id, then meter id (not NUL-terminated) */
	size_t alen, mlen;
	er_day first_start, first_end; /* the reading that ends first: its period */
	er_day last_start, last_end;   /* the reading that ends last */
	struct er_feat_load *load;     /* its interval readings, NULL: none */
};

struct er_feat_meters {
	struct er_feat_meter *m;
	size_t n, cap;
	size_t last; /* the meter of the previous reading, a fast path for sorted input */
};

/* Records a reading of meter MID[0..MLEN-1] of account AID[0..ALEN-1] for the DAYS days
 * ending at END. Returns the meter's index in M->m (its load shape is the caller's to
 * add to), or -1 when out of memory (nothing recorded). */
long er_feat_meters_add(struct er_feat_meters *m, const char *aid, size_t alen, const char *mid, size_t mlen,
                        er_day end, int days);

/* 1 when the reading (as er_feat_meters_add's, without a time) is a daily reading of the
 * meter of the previous reading and later than its last, the usual case of sorted daily
 * data, and has been recorded; 0 when er_feat_meters_add must record it. Inline: it runs
 * once per reading. Can't fail. */
static inline int
er_feat_meters_next_day(struct er_feat_meters *m, const char *aid, size_t alen, const char *mid, size_t mlen,
                        er_day end, int days)
{
	if (m->last >= m->n || days != 1)
		return 0;
	struct er_feat_meter *x = &m->m[m->last];
	if (end <= x->last_end || x->mlen != mlen || x->alen != alen || (mlen && memcmp(x->key + alen, mid, mlen)) ||
	    (alen && memcmp(x->key, aid, alen)))
		return 0;
	x->last_end = x->last_start = end;
	return 1;
}

/* Fills OUT[ER_FEAT_USAGE_METERS_12M] and OUT[ER_FEAT_USAGE_METER_CHANGES_12M] for M
 * (NULL: no readings) as of ASOF. Can't fail. */
void er_feat_meters_compute(const struct er_feat_meters *m, er_day asof, double *out);

/* Frees what M holds, load shapes too (not M). */
void er_feat_meters_free(struct er_feat_meters *m);

#endif
