/* gains: one pass over the rows in risk order. */
#include "model/gains.h"

#include <math.h>

size_t
er_gains_table(const size_t *order, size_t n, const unsigned char *y, const double *shown, const double *pd, size_t g,
               struct er_gains_row *rows)
{
	size_t bad = 0, ng = g < n ? g : n, cum_bad = 0, cum_n = 0;

	for (size_t i = 0; i < n; i++)
		bad += y[order[i]] != 0;
	double good = (double)(n - bad), rate = n ? (double)bad / (double)n : NAN;
	for (size_t k = 0; k < ng; k++) {
		struct er_gains_row *r = &rows[k];
		size_t lo = k * n / ng, hi = (k + 1) * n / ng;
		double sum_pd = 0;

		r->count = hi - lo;
		r->bads = 0;
		r->min = INFINITY, r->max = -INFINITY;
		for (size_t i = lo; i < hi; i++) {
			size_t at = order[i];
			r->bads += y[at] != 0;
			if (shown[at] < r->min)
				r->min = shown[at];
			if (shown[at] > r->max)
				r->max = shown[at];
			if (pd)
				sum_pd += pd[at];
		}
		cum_bad += r->bads;
		cum_n += r->count;
		r->bad_rate = (double)r->bads / (double)r->count;
		r->capture = bad ? (double)cum_bad / (double)bad : NAN;
		r->cum_good = good > 0 ? (double)(cum_n - cum_bad) / good : NAN;
		r->lift = rate > 0 ? r->bad_rate / rate : NAN;
		r->cum_lift = rate > 0 ? (double)cum_bad / (double)cum_n / rate : NAN;
		r->ks = r->capture - r->cum_good;
		r->mean_pd = pd ? sum_pd / (double)r->count : NAN;
	}
	return ng;
}
