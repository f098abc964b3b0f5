/* feat_tou: a time-of-use (峰谷分时) schedule: each minute of the day is peak, flat or
 * valley, and the kWh of an interval reading is split over the periods it covers in
 * proportion to its minutes. The night (22:00-06:00) is split the same way.
 *
 * The default is the common provincial pattern peak 08:00-11:00 and 18:00-23:00, valley
 * 23:00-07:00, flat the rest; --tou SPEC sets a province's own schedule. */
#ifndef ER_FEAT_TOU_H
#define ER_FEAT_TOU_H

#include <stdint.h>

#define ER_FEAT_TOU_DEFAULT "peak=08:00-11:00,18:00-23:00;valley=23:00-07:00"

/* The parts of an interval's kWh: peak + flat + valley is all of it; night overlaps them. */
enum { ER_FEAT_TOU_PEAK, ER_FEAT_TOU_FLAT, ER_FEAT_TOU_VALLEY, ER_FEAT_TOU_NIGHT, ER_FEAT_TOU_NPARTS };

struct er_feat_tou {
	/* cum[p][m]: minutes of part p in [00:00, m), m = 0..1440: an interval's share of
	 * a part is two look-ups, whatever its length */
	uint16_t cum[ER_FEAT_TOU_NPARTS][1441];
};

/* Parses SPEC ("peak=HH:MM-HH:MM[,...];valley=HH:MM-HH:MM[,...]"; a range may wrap past
 * midnight, 24:00 ends a day; flat is every minute in neither) into T. Returns 0, or
 * ER_EUSAGE with a message in ERR (a bad time, an empty range, an unknown period, peak and
 * valley overlapping). */
int er_feat_tou_parse(struct er_feat_tou *t, const char *spec, char *err);

/* Splits KWH of the interval of MINUTES (1..1440) starting at minute START (0..1439) of
 * its day into PARTS[ER_FEAT_TOU_NPARTS] by the minutes it spends in each part (an
 * interval running past midnight wraps to the day's start). Can't fail. */
void er_feat_tou_split(const struct er_feat_tou *t, int start, int minutes, double kwh, double *parts);

#endif
