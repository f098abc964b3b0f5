/* psi: shares, bins and bands of the population stability index. */
#include "model/psi.h"

#include <math.h>

double
er_psi_counts(const double *expected, const double *actual, size_t n, double zc)
{
	double et = 0, at = 0, psi = 0;

	for (size_t i = 0; i < n; i++) {
		et += expected[i] > 0 ? expected[i] : zc;
		at += actual[i] > 0 ? actual[i] : zc;
	}
	if (n == 0)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		double es = (expected[i] > 0 ? expected[i] : zc) / et, as = (actual[i] > 0 ? actual[i] : zc) / at;

		psi += (as - es) * log(as / es);
	}
	return psi;
}

size_t
er_psi_edges(const double *sorted, size_t n, size_t nbins, double *edges)
{
	size_t k = 0;

	/* the cut after the row at each tenth (for ten bins); a cut equal to the last one or to
	 * the largest value would leave an empty bin, so it is skipped */
	for (size_t b = 1; b < nbins && n > 0; b++) {
		double e = sorted[(b * n) / nbins - ((b * n) / nbins > 0)];

		if ((k == 0 || e > edges[k - 1]) && e < sorted[n - 1])
			edges[k++] = e;
	}
	return k;
}

size_t
er_psi_bin(const double *edges, size_t k, double v)
{
	size_t lo = 0, hi = k;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (edges[mid] < v)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const char *
er_psi_band(double psi)
{
	if (isnan(psi))
		return "";
	return psi < 0.1 ? "stable" : psi < 0.25 ? "moderate" : "major";
}
