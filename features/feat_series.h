/* feat_series: an entity's kWh by calendar month and by day, in fixed windows that end
 * at its as-of date, plus the time conventions of er-features.
 *
 * A reading dated D covering n days spreads its kWh over the months of the n days ending
 * at D, in proportion to their days; only daily readings (n = 1, or several summed into one
 * day: meters, intervals) give days, so the daily indicators of an account read monthly are
 * missing, not made up. The series keeps the ER_FEAT_NMONTHS months ending with the as-of month and the
 * ER_FEAT_NDAYS days ending at the as-of date; older data falls out. A month or day that
 * no reading touches is missing, not zero. Memory is constant per entity. */
#ifndef ER_FEAT_SERIES_H
#define ER_FEAT_SERIES_H

#include <stdint.h>

#include "lib/date.h"

#define ER_FEAT_NMONTHS 40
#define ER_FEAT_NDAYS 128

struct er_feat_series {
	er_day anchor;    /* the as-of date: nothing later is kept */
	int anchor_month; /* its month index */
	int cache_month;  /* month index of days cache_first..cache_last, a fast path */
	er_day cache_first, cache_last;
	uint64_t month_mask; /* bit (month mod ER_FEAT_NMONTHS): the month has data */
	uint64_t day_mask[ER_FEAT_NDAYS / 64];
	double month_kwh[ER_FEAT_NMONTHS];
	double day_kwh[ER_FEAT_NDAYS];
};

/* The reference month R of as-of date ASOF: its month when ASOF is the last day, else
 * the month before. */
int er_feat_ref_month(er_day asof);

/* The day N months before DAY, same day of month, clamped to the month's last day. */
er_day er_feat_months_before(er_day day, int n);

/* Whole months from FROM to TO (negative when TO is earlier). */
int er_feat_whole_months(er_day from, er_day to);

/* Day of week of DAY: 0 Monday .. 6 Sunday. */
int er_feat_weekday(er_day day);

/* Empties S and anchors it at ASOF. Can't fail. */
void er_feat_series_init(struct er_feat_series *s, er_day asof);

/* Moves the anchor forward to ASOF (no-op when not later), dropping what leaves the windows. */
void er_feat_series_advance(struct er_feat_series *s, er_day asof);

/* Adds KWH spread over the NDAYS (>= 1) days ending at END. Days after the anchor are
 * the caller's business: END must not be later than the anchor. */
void er_feat_series_add(struct er_feat_series *s, er_day end, int ndays, double kwh);

/* 1 and *KWH when month index MI is in the window and has data, else 0. */
int er_feat_series_month(const struct er_feat_series *s, int mi, double *kwh);

/* 1 and *KWH when DAY is in the window and has data, else 0. */
int er_feat_series_day(const struct er_feat_series *s, er_day day, double *kwh);

#endif
