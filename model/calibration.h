/* calibration: how well a probability of bad matches what happened. Log loss (probabilities
 * clipped to [1e-15, 1 - 1e-15], as scikit-learn), Brier score, and the expected calibration
 * error over equal-count bins: sum over bins of (rows in bin / rows) * |mean pd - bad rate|. */
#ifndef ER_CALIBRATION_H
#define ER_CALIBRATION_H

#include <stddef.h>

/* The log loss and Brier score of PD[0..N-1] against Y (1 bad, 0 good) into *LOGLOSS and
 * *BRIER, NaN when N is 0. Can't fail. */
void er_calibration_scores(const double *pd, const unsigned char *y, size_t n, double *logloss, double *brier);

/* The expected calibration error of PD against Y over NBINS equal-count bins of the rows
 * ORDER[0..N-1] (sorted by PD, either direction): bin k holds ranks [k n / NBINS,
 * (k + 1) n / NBINS). NaN when N is 0. Can't fail. */
double er_calibration_ece(const double *pd, const unsigned char *y, const size_t *order, size_t n, size_t nbins);

#endif
