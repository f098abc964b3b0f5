/* feat_load: an entity's load shape from its interval readings: per day the kWh in the
 * peak, valley and night parts of a time-of-use schedule, the interval hours and the
 * largest demand; per month the valley kWh, for the change against a year before.
 *
 * Days and months are rings stamped with the day or month they hold, so readings may come
 * in any order and a moving as-of date needs no clean-up: a slot counts only when its stamp
 * is the day asked for and that day is in the window. Allocated at an entity's first
 * interval (about 8 KB); entities without interval data have none, and their load-shape
 * indicators are empty. */
#ifndef ER_FEAT_LOAD_H
#define ER_FEAT_LOAD_H

#include "lib/date.h"
#include "features/feat_meter.h"
#include "features/feat_tou.h"

#define ER_FEAT_LOAD_NDAYS 128  /* at least the 90-day window */
#define ER_FEAT_LOAD_NMONTHS 16 /* at least R-14..R and the as-of month */

struct er_feat_load_day {
	er_day day;                      /* the day held, ER_NO_DAY: none */
	double kwh, hours, max_kw;       /* interval kWh, interval hours, largest kWh per hour */
	double part[ER_FEAT_TOU_NPARTS]; /* kWh in each part of the schedule */
};

struct er_feat_load_month {
	int month; /* month index held, -1: none */
	double kwh, valley;
};

struct er_feat_load {
	/* month indexes of the last interval's day and as-of date: the intervals of a day
	 * come together, and a month index is a calendar conversion */
	er_day cache_day, cache_asof;
	int cache_month, cache_asof_month;
	struct er_feat_load_day days[ER_FEAT_LOAD_NDAYS];
	struct er_feat_load_month months[ER_FEAT_LOAD_NMONTHS];
};

/* Empties L. Can't fail. */
void er_feat_load_init(struct er_feat_load *l);

/* Adds interval X (split by schedule T) to L for an entity evaluated as of ASOF; an
 * interval after ASOF or too old for the windows is ignored. Can't fail. */
void er_feat_load_add(struct er_feat_load *l, const struct er_feat_tou *t, er_day asof,
                      const struct er_feat_interval *x);

/* Fills OUT[ER_FEAT_USAGE_PEAK_SHARE_90D .. ER_FEAT_USAGE_VALLEY_SHIFT_YOY] (OUT has
 * ER_FEAT_COUNT slots) from L (NULL: no interval data) and the intervals still waiting
 * for their length in METERS (may be NULL), as of ASOF. Values that cannot be computed are
 * left NaN. Can't fail. */
void er_feat_load_compute(const struct er_feat_load *l, const struct er_feat_meters *meters,
                          const struct er_feat_tou *t, er_day asof, double *out);

#endif
