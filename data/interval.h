/* interval: the column names of the wide interval form of readings, where one row holds a
 * day of a meter and one column per 15-, 30- or 60-minute interval (96, 48 or 24 columns).
 *
 * A column is an interval column when its name is
 *  - a number, with an optional prefix (p, P, h, H, v, V, t, T, 点, 第) and an optional suffix
 *    (点, 时): p1..p96, H01..H24, 点1..点96, 0点..23点; the numbers run 1..n or 0..n-1;
 *  - or a time of day HH:MM (H:MM): the interval starts (00:00..23:45) or, when 24:00 is
 *    among the columns, the interval ends (00:15..24:00).
 * The columns must make exactly one complete day: n of 24, 48 or 96, each interval once. */
#ifndef ER_INTERVAL_H
#define ER_INTERVAL_H

#include <stddef.h>

/* Finds the interval columns among NAMES[0..N-1]: SLOT[i] is the 0-based interval of column
 * i (its start is SLOT[i] * 86400 / n seconds into the day), or -1. Returns n (24, 48 or 96),
 * 0 when no column looks like an interval, or -1 when some do but they do not make one
 * complete day, with the reason in ERR (ER_ERRLEN bytes); -2 when out of memory. */
int er_interval_columns(const char *const *names, size_t n, int *slot, char *err);

#endif
