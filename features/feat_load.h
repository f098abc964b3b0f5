/* feat_load: the load shape of one meter's interval readings: per start time of day the
 * kWh in the windows of the load-shape indicators (the 90 days to the as-of date, the
 * months R-2..R and R-14..R-12), the interval count and the largest reading of the 90 days.
 *
 * The length of the meter's intervals is settled only when the indicators are computed,
 * from all its start times (er_feat_load_spacing), and the kWh per start are split over the
 * time-of-use schedule then: the result does not depend on the order the readings came in.
 * Memory grows with the meter's distinct start times (at most 1440), not with its readings,
 * while the as-of date is fixed. When it moves with the readings (--stream without --asof)
 * the readings of the windows are kept too, and the sums are taken again when it moves. */
#ifndef ER_FEAT_LOAD_H
#define ER_FEAT_LOAD_H

#include <stddef.h>
#include <stdint.h>

#include "lib/date.h"
#include "features/feat_tou.h"

struct er_feat_meters;

/* One start time of day of a meter's intervals. */
struct er_feat_load_start {
	int minute;       /* minute of the day */
	uint64_t count;   /* readings starting at it */
	uint64_t line;    /* the first of them, for a message */
	const char *file; /* its file (the reader's name, valid while the reader is open) */
	double kwh[3];    /* in the 90-day window, months R-2..R, months R-14..R-12 */
};

/* A reading kept while the as-of date moves. */
struct er_feat_load_reading {
	er_day day;
	int start; /* index into starts */
	double kwh;
};

struct er_feat_load {
	int16_t index[1440];  /* minute of the day -> index into starts, -1 */
	uint64_t present[23]; /* bit m: minute m is a start, to walk them in order of the day */
	struct er_feat_load_start *starts;
	size_t n, cap;
	er_day anchor;    /* the as-of date the window sums are for */
	int ref_month;    /* its reference month */
	er_day cache_day; /* the last reading's day and its month index */
	int cache_month;
	uint64_t count90; /* intervals in the 90-day window */
	double max_kwh90; /* the largest of them */
	int moving;       /* 1: the as-of date moves, readings are kept */
	struct er_feat_load_reading *kept;
	size_t nkept, capkept;
	size_t npruned; /* readings kept after the last time the sums were taken again */
};

/* A new, empty load shape for a meter evaluated as of ASOF; MOVING 1 when the as-of date
 * will move (readings are then kept). Returns NULL when out of memory; er_feat_load_free
 * frees it. */
struct er_feat_load *er_feat_load_new(er_day asof, int moving);

/* Adds an interval reading of KWH starting at MINUTE (0..1439) of DAY, read from line LINE
 * of FILE, to L, as of ASOF (a reading after ASOF counts for its start time but in no
 * window; when L keeps its readings a new ASOF leaves the sums to er_feat_load_compute,
 * which takes them again, else L stays with its first). Returns 0, or -1 when out of
 * memory (nothing added). */
int er_feat_load_add(struct er_feat_load *l, er_day asof, er_day day, int minute, double kwh, const char *file,
                     uint64_t line);

/* The length in minutes of L's intervals: the most common gap between its successive
 * distinct start times of day (all days together, across midnight; a tie goes to the
 * shorter gap), at most 60. Only the start times with at least a tenth of the readings of
 * the most read one count: an odd reading does not make the gaps. A meter with one such
 * start time gets the length its start allows (60 on the hour, 30 on the half hour, 15 on
 * a quarter, ...). Can't fail. */
int er_feat_load_spacing(const struct er_feat_load *l);

/* The first start of L (in the order they came) off its spacing: not a whole number of
 * intervals from the start phase of most readings; the number of readings off it goes in
 * *COUNT. Returns NULL when none. Can't fail. */
const struct er_feat_load_start *er_feat_load_off_grid(const struct er_feat_load *l, uint64_t *count);

/* Fills OUT[ER_FEAT_USAGE_PEAK_SHARE_90D .. ER_FEAT_USAGE_VALLEY_SHIFT_YOY] (OUT has
 * ER_FEAT_COUNT slots) from the interval readings of the meters M (NULL: none), split by
 * schedule T, as of ASOF. Values that cannot be computed are left NaN. Can't fail. */
void er_feat_load_compute(struct er_feat_meters *m, const struct er_feat_tou *t, er_day asof, double *out);

/* Frees L. L may be NULL. */
void er_feat_load_free(struct er_feat_load *l);

#endif
