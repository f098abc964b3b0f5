/* calibration: log loss, Brier and ECE in single passes. */
#include "model/calibration.h"

#include <math.h>

void
er_calibration_scores(const double *pd, const unsigned char *y, size_t n, double *logloss, double *brier)
{
	double ll = 0, br = 0;

	for (size_t i = 0; i < n; i++) {
		double p = pd[i] < 1e-15 ? 1e-15 : pd[i] > 1 - 1e-15 ? 1 - 1e-15 : pd[i];
		ll -= y[i] ? log(p) : log1p(-p);
		br += (pd[i] - (y[i] != 0)) * (pd[i] - (y[i] != 0));
	}
	*logloss = n ? ll / (double)n : NAN;
	*brier = n ? br / (double)n : NAN;
}

double
er_calibration_ece(const double *pd, const unsigned char *y, const size_t *order, size_t n, size_t nbins)
{
	size_t nb = nbins < n ? nbins : n;
	double ece = 0;

	if (n == 0)
		return NAN;
	for (size_t k = 0; k < nb; k++) {
		size_t lo = k * n / nb, hi = (k + 1) * n / nb, bad = 0;
		double sum = 0;

		for (size_t i = lo; i < hi; i++) {
			sum += pd[order[i]];
			bad += y[order[i]] != 0;
		}
		ece += fabs(sum - (double)bad) / (double)n; /* = share * |mean pd - rate| */
	}
	return ece;
}
