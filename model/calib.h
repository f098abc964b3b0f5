/* calib: the map from a score to a calibrated probability of bad (pd), and how well a pd is
 * calibrated.
 *
 * The map is an isotonic regression (pool-adjacent-violators) of the label on the score:
 * rows sorted by score, adjacent groups pooled until the bad rate falls as the score rises.
 * Adjacent groups are then pooled until each holds er_calib_least_rows rows, so no rate
 * rests on a handful of rows (a block of 20 good rows is not a pd of 0).
 * Each pooled group becomes a knot (its mean score, its bad rate); pd between two knots is
 * interpolated linearly, and beyond the end knots its log-odds move with the score at the
 * model's own slope (1/B of the points scale), so pd keeps the score's order everywhere.
 * Fitted on out-of-fold scores, it turns a model's over-confident log-odds into observed
 * rates. Scores are points: higher is safer. */
#ifndef ER_CALIB_H
#define ER_CALIB_H

#include <stddef.h>

struct er_calib {
	size_t n;    /* knots; 0: no map */
	double *x;   /* n scores, strictly ascending */
	double *pd;  /* n rates, strictly descending, inside (0,1) */
	double tail; /* log-odds of bad lost per point beyond the end knots (>= 0; not
	                 fitted: the caller sets it, the model file keeps it in its scaling) */
};

/* The least rows of a knot for N rows of which BAD are bad: a hundredth of the rows, and
 * enough to expect 10 rows of the rarer label, but at most N. Can't fail. */
double er_calib_least_rows(double n, double bad);

/* Fits the map to SCORE[0..N-1] (higher is safer) and labels Y (1 bad) into OUT (free with
 * er_calib_free). A rate of 0 or 1 is kept half a row inside (0,1). Returns 0, or
 * ER_EUSAGE (no rows, or a score that is not finite) / ER_ENOMEM with ERR set. */
int er_calib_fit(const double *score, const unsigned char *y, size_t n, struct er_calib *out, char *err);

/* The calibrated pd of SCORE under C (C->n > 0); NaN for NaN. Can't fail. */
double er_calib_pd(const struct er_calib *c, double score);

/* Checks that C's knots are ascending in score, descending in pd and inside (0,1). Returns
 * 0, or ER_EDATA with the problem in ERR. */
int er_calib_validate(const struct er_calib *c, char *err);

/* Frees what C owns and zeroes it (C may be NULL). */
void er_calib_free(struct er_calib *c);

#define ER_CALIB_BINS 10

/* One bin of a calibration table: rows, mean predicted pd and observed bad rate. */
struct er_calib_bin {
	size_t n;
	double pd, bad_rate;
};

/* The calibration table of PD[0..N-1] against Y: rows sorted by pd, cut into ER_CALIB_BINS
 * bins of equal count (bin b holds rows b*N/10 to (b+1)*N/10 - 1), and the expected
 * calibration error, the row-weighted mean of |mean pd - bad rate| over the bins, into
 * *ECE. Returns 0, or ER_ENOMEM with ERR set. */
int er_calib_table(const double *pd, const unsigned char *y, size_t n, struct er_calib_bin out[ER_CALIB_BINS],
                   double *ece, char *err);

#endif
