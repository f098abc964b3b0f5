/* metrics: AUC, KS and Gini from one sort of the scores. */
#include "model/metrics.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/sort.h"
#include "lib/vec.h"

struct scored {
	double score;
	unsigned char bad;
};

/* The rows by descending score (equal scores in row order; they are grouped afterwards), by
 * lib/sort's radix order: several times faster than qsort on 1 M rows. */
static struct scored *
sorted_copy(const double *score, const unsigned char *y, size_t n)
{
	struct scored *s = malloc((n ? n : 1) * sizeof *s);
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	er_vec_huge(s, n * sizeof *s);
	er_vec_huge(order, n * sizeof *order);
	if (!s || !order || er_sort_order_desc(score, n, order)) {
		free(s), free(order);
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		s[i].score = score[order[i]];
		s[i].bad = y[order[i]] != 0;
	}
	free(order);
	return s;
}

/* The pairs a group of GG good and GB bad rows of one score adds to the AUC's count, below
 * CUM_BAD bad rows of riskier scores: each good row is outranked by those and ties with half
 * of its own group's bad rows. Shared by both AUC walks, so that they agree to the bit. */
static double
group_pairs(size_t gg, size_t gb, size_t cum_bad)
{
	return (double)gg * ((double)cum_bad + 0.5 * (double)gb);
}

int
er_metrics_compute(const double *score, const unsigned char *y, size_t n, struct er_metrics *out, char *err)
{
	struct scored *s = sorted_copy(score, y, n);
	if (!s)
		return er_fail(err, ER_ENOMEM, "out of memory computing metrics");
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += s[i].bad;
	size_t good = n - bad;
	out->n = n;
	out->bad = bad;
	out->auc = out->ks = out->gini = out->ks_score = NAN;
	if (bad == 0 || good == 0) {
		free(s);
		return 0;
	}
	/* Walk groups of equal scores from the riskiest: each good row in a group is outranked
	 * by the bad rows of earlier groups and ties with half of its own group's bad rows. */
	double pairs = 0, ks = 0, ks_score = s[0].score;
	size_t cum_bad = 0, cum_good = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i, gb = 0, gg = 0;
		while (j < n && s[j].score == s[i].score) {
			if (s[j].bad)
				gb++;
			else
				gg++;
			j++;
		}
		pairs += group_pairs(gg, gb, cum_bad);
		cum_bad += gb;
		cum_good += gg;
		double gap = fabs((double)cum_bad / (double)bad - (double)cum_good / (double)good);
		if (gap > ks) {
			ks = gap;
			ks_score = s[i].score;
		}
		i = j;
	}
	free(s);
	out->auc = pairs / ((double)bad * (double)good);
	out->gini = 2 * out->auc - 1;
	out->ks = ks;
	out->ks_score = ks_score;
	return 0;
}

double
er_metrics_auc_float(const float *score, const unsigned char *y, size_t n, uint64_t *work)
{
	uint64_t *a = work, *b = work + n;
	size_t bad = 0, count[256];
	for (size_t i = 0; i < n; i++) {
		float v = score[i] == 0 ? 0.0f : score[i]; /* -0 is a tie of 0 */
		uint32_t u;
		memcpy(&u, &v, sizeof u);
		/* ascending unsigned order of the floats, inverted for the largest first; the label
		 * rides in bit 0, below the key, and is never sorted on */
		u = u >> 31 ? ~u : u | UINT32_C(0x80000000);
		a[i] = (uint64_t)~u << 1 | (y[i] != 0);
		bad += y[i] != 0;
	}
	size_t good = n - bad;
	if (bad == 0 || good == 0)
		return NAN;
	for (int shift = 1; shift < 33; shift += 8) {
		memset(count, 0, sizeof count);
		for (size_t i = 0; i < n; i++)
			count[(a[i] >> shift) & 255]++;
		if (count[(a[0] >> shift) & 255] == n)
			continue; /* a digit every key shares moves nothing */
		size_t sum = 0;
		for (size_t d = 0; d < 256; d++) {
			size_t c = count[d];
			count[d] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			b[count[(a[i] >> shift) & 255]++] = a[i];
		uint64_t *t = a;
		a = b, b = t;
	}
	/* er_metrics_compute's pairs, group by group from the riskiest */
	double pairs = 0;
	size_t cum_bad = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i, gb = 0, gg = 0;
		while (j < n && a[j] >> 1 == a[i] >> 1) {
			if (a[j] & 1)
				gb++;
			else
				gg++;
			j++;
		}
		pairs += group_pairs(gg, gb, cum_bad);
		cum_bad += gb;
		i = j;
	}
	return pairs / ((double)bad * (double)good);
}

int
er_metrics_roc(const double *score, const unsigned char *y, size_t n, struct er_metrics_point **pts, size_t *npts,
               char *err)
{
	*pts = NULL;
	*npts = 0;
	struct scored *s = sorted_copy(score, y, n);
	struct er_metrics_point *p = malloc((n + 1) * sizeof *p);
	if (!s || !p) {
		free(s), free(p);
		return er_fail(err, ER_ENOMEM, "out of memory computing a roc curve");
	}
	size_t bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += s[i].bad;
	double nb = bad ? (double)bad : 1, ng = n - bad ? (double)(n - bad) : 1;
	size_t k = 0, cum_bad = 0, cum_good = 0;
	p[k++] = (struct er_metrics_point){INFINITY, 0, 0};
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && s[j].score == s[i].score) {
			if (s[j].bad)
				cum_bad++;
			else
				cum_good++;
			j++;
		}
		p[k++] = (struct er_metrics_point){s[i].score, cum_bad / nb, cum_good / ng};
		i = j;
	}
	free(s);
	*pts = p;
	*npts = k;
	return 0;
}
