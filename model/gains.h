/* gains: the lift and gains table of a score, rows in equal-count groups from the riskiest
 * (deciles for ten groups). Group g holds the rows at ranks [g n / G, (g + 1) n / G) of the
 * order given, so equal scores on a boundary may fall in two groups (as with a rank cut). */
#ifndef ER_GAINS_H
#define ER_GAINS_H

#include <stddef.h>

struct er_gains_row {
	size_t count, bads;
	double min, max;       /* of the shown value (score or pd) in the group */
	double bad_rate;       /* bads / count */
	double capture;        /* cumulative share of all bad rows in this group and the riskier ones */
	double cum_good;       /* the same for good rows */
	double lift, cum_lift; /* bad rate of the group, and of all groups so far, over the overall rate */
	double ks;             /* capture - cum_good */
	double mean_pd;        /* the mean of PD in the group, NaN without PD */
};

/* Fills ROWS[0..G-1] from the rows ORDER[0..N-1] (riskiest first) with labels Y, the value shown
 * SHOWN and the probability PD (may be NULL). Returns the number of groups filled: min(G, N).
 * Can't fail. */
size_t er_gains_table(const size_t *order, size_t n, const unsigned char *y, const double *shown, const double *pd,
                      size_t g, struct er_gains_row *rows);

#endif
