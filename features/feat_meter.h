/* feat_meter: the meters of an entity (an account's meter_id, per account) as its readings
 * arrive: when each meter first and last read, for the meter indicators, and the spacing of
 * its interval start times, which gives the length of its intervals.
 *
 * The interval length of a meter is the greatest common divisor of the differences of
 * its start times seen so far, at most 60 minutes: 15 for quarter-hour data even with an
 * interval missing. A meter's first interval waits until a second start time gives the
 * spacing (er_feat_meters_pending hands it out with a guess until then). Memory grows with
 * the meters, not with the readings. */
#ifndef ER_FEAT_METER_H
#define ER_FEAT_METER_H

#include <stddef.h>
#include <string.h>

#include "lib/date.h"

/* One interval reading whose length is known. */
struct er_feat_interval {
	er_day day;
	int start;   /* minute of the day it starts */
	int minutes; /* its length */
	double kwh;
};

struct er_feat_meter {
	char *key; /* account id, then meter id (not NUL-terminated) */
	size_t alen, mlen;
	er_day first_start, first_end; /* the reading that ends first: its period */
	er_day last_start, last_end;   /* the reading that ends last */
	int t0;                        /* minute of its first interval, -1 before one */
	int gap;                       /* gcd of the differences of its start minutes, 0 while they agree */
	int pending;                   /* 1: the first interval waits for its length */
	struct er_feat_interval first; /* that interval (minutes not set) */
};

struct er_feat_meters {
	struct er_feat_meter *m;
	size_t n, cap;
	size_t last; /* the meter of the previous reading, a fast path for sorted input */
};

/* Records a reading of meter MID[0..MLEN-1] of account AID[0..ALEN-1] for the DAYS days
 * ending at END; MINUTE >= 0 makes it an interval starting at that minute of END (of
 * KWH). Writes into OUT the intervals whose length is now known (the meter's first one
 * waits for a second) and returns their count (0, 1 or 2); -1 when out of memory (nothing
 * recorded). */
int er_feat_meters_add(struct er_feat_meters *m, const char *aid, size_t alen, const char *mid, size_t mlen, er_day end,
                       int days, int minute, double kwh, struct er_feat_interval out[2]);

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

/* The first interval of meter *K or a later one that still waits for its length, with
 * the length guessed from its start (60 minutes on the hour, 30 on the half hour, ...);
 * returns 1 and moves *K past it, or 0 when there is none. Start with *K = 0. */
int er_feat_meters_pending(const struct er_feat_meters *m, size_t *k, struct er_feat_interval *out);

/* Fills OUT[ER_FEAT_USAGE_METERS_12M] and OUT[ER_FEAT_USAGE_METER_CHANGES_12M] for M
 * (NULL: no readings) as of ASOF. Can't fail. */
void er_feat_meters_compute(const struct er_feat_meters *m, er_day asof, double *out);

/* Frees what M holds (not M). */
void er_feat_meters_free(struct er_feat_meters *m);

#endif
