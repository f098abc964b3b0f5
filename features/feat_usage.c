/* feat_usage: indicators of the meter readings (volume, trend, stability, continuity). */
#include <math.h>
#include <stdlib.h>

#include "features/feat_catalogue.h"
#include "features/feat_usage.h"
#include "lib/num.h"

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double
er_feat_median(double *v, size_t n)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

double
er_feat_percentile(double *v, size_t n, double p)
{
	if (n == 0)
		return NAN;
	qsort(v, n, sizeof *v, cmp_double);
	size_t rank = (size_t)ceil(p / 100.0 * (double)n);
	if (rank < 1)
		rank = 1;
	if (rank > n)
		rank = n;
	return v[rank - 1];
}

/* Sum and count of the months LO..HI that have data. */
static int
month_sum(const struct er_feat_series *s, int lo, int hi, double *sum)
{
	int n = 0;
	double t = 0, e;
	for (int m = lo; m <= hi; m++)
		if (er_feat_series_month(s, m, &e)) {
			t += e;
			n++;
		}
	*sum = t;
	return n;
}

/* Sum and count of the days LO..HI that have data. */
static int
day_sum(const struct er_feat_series *s, er_day lo, er_day hi, double *sum)
{
	int n = 0;
	double t = 0, e;
	for (er_day d = lo; d <= hi; d++)
		if (er_feat_series_day(s, d, &e)) {
			t += e;
			n++;
		}
	*sum = t;
	return n;
}

static void
monthly(const struct er_feat_series *s, int r, double kva, double *out)
{
	double e12[12];
	int m12[12];
	int n12 = 0;
	double s12 = 0;
	for (int m = r - 11; m <= r; m++) {
		double e;
		if (er_feat_series_month(s, m, &e)) {
			e12[n12] = e;
			m12[n12] = m;
			s12 += e;
			n12++;
		}
	}
	out[ER_FEAT_USAGE_MONTHS_COVERED_12M] = n12;
	if (n12 == 0)
		return;
	double mean = s12 / n12;
	int zeros = 0;
	double ss = 0;
	for (int i = 0; i < n12; i++) {
		zeros += e12[i] <= 1.0;
		ss += (e12[i] - mean) * (e12[i] - mean);
	}
	out[ER_FEAT_USAGE_KWH_MEAN_12M] = mean;
	out[ER_FEAT_USAGE_KWH_SUM_12M] = s12;
	out[ER_FEAT_USAGE_ZERO_MONTHS_12M] = zeros;
	if (mean > 0)
		out[ER_FEAT_USAGE_CV_12M] = er_num_ratio(sqrt(ss / n12), mean);
	if (kva > 0)
		out[ER_FEAT_USAGE_UTILISATION_HOURS_12M] = er_num_ratio(s12, kva);

	double p12[12];
	int np12 = 0;
	double sp12 = 0;
	for (int m = r - 23; m <= r - 12; m++) {
		double e;
		if (er_feat_series_month(s, m, &e)) {
			p12[np12++] = e;
			sp12 += e;
		}
	}
	if (np12 > 0 && sp12 > 0)
		out[ER_FEAT_USAGE_GROWTH_12M] = er_num_ratio(s12, sp12) - 1;
	double cut12 = np12 > 0 ? 0.1 * er_feat_median(p12, (size_t)np12) : NAN;
	/* an overflowed month makes no threshold: the count would be made up */
	if (isfinite(cut12)) {
		double cut = cut12;
		int low = 0;
		for (int i = 0; i < n12; i++)
			low += e12[i] < cut;
		out[ER_FEAT_USAGE_LOW_MONTHS_12M] = low;
	}

	double s3;
	int n3 = month_sum(s, r - 2, r, &s3);
	if (n3 > 0 && mean > 0)
		out[ER_FEAT_USAGE_RECENT_RATIO_3M] = er_num_ratio(s3 / n3, mean);

	if (n12 >= 2 && mean > 0) {
		double mx = 0;
		for (int i = 0; i < n12; i++)
			mx += m12[i] - r;
		mx /= n12;
		double sxy = 0, sxx = 0;
		for (int i = 0; i < n12; i++) {
			double dx = m12[i] - r - mx;
			sxy += dx * (e12[i] - mean);
			sxx += dx * dx;
		}
		out[ER_FEAT_USAGE_TREND_SLOPE_12M] = er_num_ratio(er_num_ratio(sxy, sxx), mean);
	}

	double er, eprev;
	int has_r = er_feat_series_month(s, r, &er);
	if (has_r && er_feat_series_month(s, r - 1, &eprev) && eprev > 0)
		out[ER_FEAT_USAGE_MOM_CHANGE] = er_num_ratio(er, eprev) - 1;
	double eyear;
	if (has_r && er_feat_series_month(s, r - 12, &eyear) && eyear > 0) {
		out[ER_FEAT_USAGE_YOY_CHANGE] = er_num_ratio(er, eyear) - 1;
		int run = 0;
		for (int m = r; m > r - 12; m--) {
			double em, ey;
			if (!er_feat_series_month(s, m, &em) || !er_feat_series_month(s, m - 12, &ey) || !(ey > 0) ||
			    !(em / ey - 1 < -0.5))
				break;
			run++;
		}
		out[ER_FEAT_USAGE_YOY_DROP50_RUN] = run;
	}
	if (has_r) {
		int run = 0;
		for (int m = r; m > r - 36; m--) {
			double em;
			if (!er_feat_series_month(s, m, &em) || em > 1.0)
				break;
			run++;
		}
		out[ER_FEAT_USAGE_TRAILING_ZERO_MONTHS] = run;
		double mx = NAN;
		for (int m = r - 12; m <= r - 1; m++) {
			double em;
			if (er_feat_series_month(s, m, &em) && !(em <= mx))
				mx = em;
		}
		if (mx > 0)
			out[ER_FEAT_USAGE_CAPACITY_UTILISATION] = er_num_ratio(er, mx);
	}
}

static void
daily(const struct er_feat_series *s, er_day a, double *out)
{
	double s7, s28;
	int n7 = day_sum(s, a - 6, a, &s7);
	int n28 = day_sum(s, a - 34, a - 7, &s28);
	if (n7 > 0 && n28 > 0 && s28 > 0)
		out[ER_FEAT_USAGE_DROP_7D_28D] = er_num_ratio(s7 / n7, s28 / n28);

	double base[90];
	size_t nb = 0;
	for (er_day d = a - 119; d <= a - 30; d++) {
		double e;
		if (er_feat_series_day(s, d, &e))
			base[nb++] = e;
	}
	double cut = 0.1 * er_feat_median(base, nb);
	int any30 = 0, run = 0, best = 0;
	for (er_day d = a - 29; d <= a; d++) {
		double e;
		if (er_feat_series_day(s, d, &e)) {
			any30 = 1;
			if (e <= cut) {
				if (++run > best)
					best = run;
				continue;
			}
		}
		run = 0;
	}
	if (any30 && nb > 0 && isfinite(cut))
		out[ER_FEAT_USAGE_NEAR_ZERO_RUN_30D] = best;

	double v[90], sorted[90];
	size_t n = 0;
	double wend = 0, wday = 0;
	int nwend = 0, nwday = 0;
	for (er_day d = a - 89; d <= a; d++) {
		double e;
		if (!er_feat_series_day(s, d, &e))
			continue;
		v[n] = e;
		sorted[n] = e;
		n++;
		if (er_feat_weekday(d) >= 5) {
			wend += e;
			nwend++;
		} else {
			wday += e;
			nwday++;
		}
	}
	if (n == 0)
		return;
	double p90 = er_feat_percentile(sorted, n, 90);
	double p10 = er_feat_percentile(sorted, n, 10);
	int prod = 0;
	for (size_t i = 0; i < n; i++)
		prod += v[i] > 0.2 * p90;
	if (isfinite(p90))
		out[ER_FEAT_USAGE_PRODUCTION_DAY_RATIO_90D] = (double)prod / (double)n;
	if (p90 > 0)
		out[ER_FEAT_USAGE_BASE_LOAD_RATIO_90D] = er_num_ratio(p10, p90);
	if (nwday > 0 && nwend > 0 && wday > 0)
		out[ER_FEAT_USAGE_WEEKEND_RATIO_90D] = er_num_ratio(wend / nwend, wday / nwday);
}

void
er_feat_usage_compute(const struct er_feat_series *s, er_day asof, double contract_kva, double *out)
{
	for (int i = ER_FEAT_USAGE_KWH_MEAN_12M; i <= ER_FEAT_USAGE_WEEKEND_RATIO_90D; i++)
		out[i] = NAN;
	if (!s) {
		out[ER_FEAT_USAGE_MONTHS_COVERED_12M] = 0;
		return;
	}
	monthly(s, er_feat_ref_month(asof), contract_kva, out);
	daily(s, asof, out);
}

struct growth_item {
	int group;
	double growth;
	size_t index;
};

static int
cmp_growth(const void *a, const void *b)
{
	const struct growth_item *x = a, *y = b;
	if (x->group != y->group)
		return (x->group > y->group) - (x->group < y->group);
	return (x->growth > y->growth) - (x->growth < y->growth);
}

int
er_feat_usage_industry_dev(const int *group, const double *growth, size_t n, double *dev)
{
	struct growth_item *items = malloc((n ? n : 1) * sizeof *items);
	if (!items)
		return -1;
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		dev[i] = NAN;
		if (group[i] >= 0 && !isnan(growth[i]))
			items[k++] = (struct growth_item){group[i], growth[i], i};
	}
	qsort(items, k, sizeof *items, cmp_growth);
	for (size_t lo = 0; lo < k;) {
		size_t hi = lo;
		while (hi < k && items[hi].group == items[lo].group)
			hi++;
		size_t cnt = hi - lo;
		double med = cnt % 2 ? items[lo + cnt / 2].growth
				     : (items[lo + cnt / 2 - 1].growth + items[lo + cnt / 2].growth) / 2;
		for (size_t i = lo; i < hi; i++)
			dev[items[i].index] = items[i].growth - med;
		lo = hi;
	}
	free(items);
	return 0;
}
