/* bin_fit: the binning methods. Every numeric method works on the column's sorted distinct
 * values with their good/bad counts (one radix sort per column), cut into fine bins; the
 * methods then only choose which fine-bin boundaries to keep. */
#include "model/bin.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/strmap.h"
#include "lib/vec.h"
#include "lib/num.h"

#define MAX_FINE_BINS 256

/* Fine bins: bin j starts at lo[j] (lo[0] is the smallest value) and ends where j+1 starts. */
struct fine {
	double *lo, *g, *b;
	size_t m;
};

/* Total good and bad used as denominators: the range bins' counts plus the fixed bins'
 * (missing, special) counts with the zero-count rule, as er_bin_woe_iv computes them. */
struct totals {
	double g, b, n; /* n: all rows, for the min_bin share */
	double zc;
};

static uint64_t
key_of(double x)
{
	uint64_t u;

	if (x == 0)
		x = 0; /* -0 sorts with +0 */
	memcpy(&u, &x, sizeof u);
	return (u >> 63) ? ~u : (u | UINT64_C(1) << 63);
}

static double
double_of(uint64_t u)
{
	double x;

	u = (u >> 63) ? (u & ~(UINT64_C(1) << 63)) : ~u;
	memcpy(&x, &u, sizeof x);
	return x;
}

/* LSD radix sort of A[0..N-1] by 11-bit digits (6 passes; 2048 buckets stay in cache) with
 * TMP as scratch. Passes where every key has the same digit are skipped (narrow value ranges
 * cost fewer passes), so the result ends in A or in TMP: the pointer returned says which. */
static uint64_t *
sort_keys(uint64_t *a, uint64_t *tmp, size_t n)
{
	enum { BITS = 11, NPASS = 6, NB = 1 << BITS };
	static size_t count[NPASS][NB];
	size_t i;
	int pass;

	memset(count, 0, sizeof count);
	for (i = 0; i < n; i++) {
		uint64_t u = a[i];

		for (pass = 0; pass < NPASS; pass++)
			count[pass][(u >> (BITS * pass)) & (NB - 1)]++;
	}
	for (pass = 0; pass < NPASS; pass++) {
		size_t sum = 0, *c = count[pass];
		int d, shift = BITS * pass;
		uint64_t *t;

		if (n == 0 || c[(a[0] >> shift) & (NB - 1)] == n)
			continue;
		for (d = 0; d < NB; d++) {
			size_t cd = c[d];

			c[d] = sum;
			sum += cd;
		}
		for (i = 0; i < n; i++)
			tmp[c[(a[i] >> shift) & (NB - 1)]++] = a[i];
		t = a;
		a = tmp;
		tmp = t;
	}
	return a;
}

static void
fine_free(struct fine *f)
{
	free(f->lo);
	free(f->g);
	free(f->b);
	memset(f, 0, sizeof *f);
}

/* Walks the distinct values of the sorted bad keys and good keys together. */
struct walk {
	const uint64_t *bk, *gk;
	size_t nb, ng, i, j;
};

/* The next distinct value with its good and bad counts; 0 at the end. */
static int
walk_next(struct walk *w, double *val, double *g, double *b)
{
	uint64_t k;
	size_t b0 = w->i, g0 = w->j;

	if (w->i >= w->nb && w->j >= w->ng)
		return 0;
	k = w->i < w->nb && (w->j >= w->ng || w->bk[w->i] <= w->gk[w->j]) ? w->bk[w->i] : w->gk[w->j];
	while (w->i < w->nb && w->bk[w->i] == k)
		w->i++;
	while (w->j < w->ng && w->gk[w->j] == k)
		w->j++;
	*val = double_of(k);
	*b = (double)(w->i - b0);
	*g = (double)(w->j - g0);
	return 1;
}

/* Appends an empty fine bin starting at LO. Returns 0 or -1 when out of memory. */
static int
fine_push(struct fine *f, size_t *cap, double lo)
{
	/* three arrays of one length: they grow by the same rule from the same capacity */
	size_t cg = *cap, cb = *cap;

	if (ER_GROW(f->g, cg, f->m + 1) < 0 || ER_GROW(f->b, cb, f->m + 1) < 0 || ER_GROW(f->lo, *cap, f->m + 1) < 0)
		return -1;
	f->lo[f->m] = lo;
	f->g[f->m] = 0;
	f->b[f->m] = 0;
	f->m++;
	return 0;
}

/* Builds the fine bins from one walk over the distinct values, and on the way the AUC of the
 * raw values (higher = bad) and the largest count of one value. Quantile fine bins hold about
 * equal counts, NF of them at most, with boundaries at distinct values (value i starts a new
 * bin when the rank target of the next quantile falls in it); unique gives every distinct value
 * a bin; breaks give [-inf,b1), [b1,b2), ..., [bk,inf). Returns 0 or -1 (out of memory). */
static int
fine_build(struct fine *f, struct walk *w, enum er_bin_method method, int nf, const double *br, size_t nbr, double pin,
           size_t *pin_at, double *auc_up, double *mode)
{
	double total = (double)(w->nb + w->ng), cum = 0, gbelow = 0, auc = 0, val, g, b;
	size_t cap = 0, j = 0;
	int q = 1, after_pin = 0;

	memset(f, 0, sizeof *f);
	*mode = 0;
	if (method == ER_BIN_METHOD_BREAKS) {
		if (fine_push(f, &cap, -INFINITY) != 0)
			return -1;
		for (j = 0; j < nbr; j++)
			if (fine_push(f, &cap, br[j]) != 0)
				return -1;
		j = 0;
	}
	while (walk_next(w, &val, &g, &b)) {
		size_t at;

		auc += b * (gbelow + 0.5 * g);
		gbelow += g;
		if (g + b > *mode)
			*mode = g + b;
		if (method == ER_BIN_METHOD_BREAKS) {
			while (j < nbr && val >= br[j])
				j++;
			at = j;
		} else if (method == ER_BIN_METHOD_UNIQUE) {
			if (fine_push(f, &cap, val) != 0)
				return -1;
			at = f->m - 1;
		} else {
			/* PIN (the mode value) is a fine bin of its own, so a merge can keep it apart */
			if (f->m == 0 || (q < nf && cum >= total * q / nf) || val == pin || after_pin) {
				while (f->m > 0 && q < nf && cum >= total * q / nf)
					q++;
				if (fine_push(f, &cap, val) != 0)
					return -1;
			}
			at = f->m - 1;
			after_pin = val == pin;
			if (after_pin)
				*pin_at = at;
		}
		f->g[at] += g;
		f->b[at] += b;
		cum += g + b;
	}
	*auc_up = w->nb > 0 && w->ng > 0 ? auc / ((double)w->nb * (double)w->ng) : NAN;
	return 0;
}

static double
iv_term(double g, double b, const struct totals *t)
{
	double db = (b > 0 ? b : t->zc) / t->b, dg = (g > 0 ? g : t->zc) / t->g;

	return (db - dg) * log(db / dg);
}

/* ---- monotonic: exact dynamic programme over the fine bins ---- */

struct dp {
	size_t m, K;
	double *pg, *pb; /* prefix sums of good and bad over fine bins, m+1 entries */
	double *best;    /* [k][p][j][i]: best IV of bins over fine [0,i), k+1 bins, last [j,i) */
	int32_t *from;   /* previous bin's start j' and phase: j' * 2 + p' */
};

#define DP_AT(d, k, p, j, i) ((((k)*2 + (p)) * ((d)->m + 1) + (j)) * ((d)->m + 1) + (i))

/* Bad rate of the bin over fine [j,i) compared with that over [i,l): >0 rises, <0 falls. */
static int
rate_cmp(const struct dp *d, size_t j, size_t i, size_t l)
{
	double g1 = d->pg[i] - d->pg[j], b1 = d->pb[i] - d->pb[j];
	double g2 = d->pg[l] - d->pg[i], b2 = d->pb[l] - d->pb[i];
	double a = b2 * g1, c = b1 * g2;

	return a > c ? 1 : a < c ? -1 : 0;
}

/* Runs the DP for SHAPE (ascending, descending, peak or valley) and returns the best IV, with
 * its cut positions in CUTS (ncuts bins + 1 entries), or -INFINITY when nothing is feasible. */
static double
dp_run(struct dp *d, enum er_bin_shape shape, const struct totals *t, double minc, size_t *cuts, size_t *nbins)
{
	size_t m = d->m, K = d->K, k, j, i, l;
	size_t cells = K * 2 * (m + 1) * (m + 1);
	double bestv = -INFINITY;
	size_t bk = 0, bj = 0;
	int bp = 0, p;

	for (i = 0; i < cells; i++)
		d->best[i] = -INFINITY;
	/* one bin over [0,i) */
	for (i = 1; i <= m; i++) {
		double g = d->pg[i], b = d->pb[i];

		if (g + b >= minc && g > 0 && b > 0)
			d->best[DP_AT(d, 0, 0, 0, i)] = iv_term(g, b, t);
	}
	for (k = 0; k + 1 < K; k++)
		for (p = 0; p < 2; p++)
			for (j = 0; j < m; j++)
				for (i = j + 1; i < m; i++) {
					double cur = d->best[DP_AT(d, k, p, j, i)];

					if (cur == -INFINITY)
						continue;
					for (l = i + 1; l <= m; l++) {
						double g = d->pg[l] - d->pg[i], b = d->pb[l] - d->pb[i], v;
						int c, np;

						if (g + b < minc || g <= 0 || b <= 0)
							continue;
						c = rate_cmp(d, j, i, l);
						if (c == 0)
							continue;
						switch (shape) {
						case ER_BIN_SHAPE_ASCENDING: np = c > 0 ? 0 : -1; break;
						case ER_BIN_SHAPE_DESCENDING: np = c < 0 ? 0 : -1; break;
						case ER_BIN_SHAPE_PEAK: np = c > 0 ? (p == 0 ? 0 : -1) : 1; break;
						default: np = c < 0 ? (p == 0 ? 0 : -1) : 1; break;
						}
						if (np < 0)
							continue;
						v = cur + iv_term(g, b, t);
						if (v > d->best[DP_AT(d, k + 1, np, i, l)]) {
							d->best[DP_AT(d, k + 1, np, i, l)] = v;
							d->from[DP_AT(d, k + 1, np, i, l)] =
								(int32_t)(j * 2 + (size_t)p);
						}
					}
				}
	for (k = 0; k < K; k++)
		for (p = 0; p < 2; p++)
			for (j = 0; j < m; j++) {
				double v = d->best[DP_AT(d, k, p, j, m)];

				/* strictly better only: fewer bins win ties */
				if (v > bestv + 1e-12) {
					bestv = v;
					bk = k;
					bj = j;
					bp = p;
				}
			}
	if (bestv == -INFINITY)
		return bestv;
	*nbins = bk + 1;
	cuts[bk + 1] = m;
	i = m;
	for (;;) {
		cuts[bk] = bj;
		if (bk == 0)
			break;
		{
			int32_t fr = d->from[DP_AT(d, bk, bp, bj, i)];

			i = bj;
			bj = (size_t)fr / 2;
			bp = fr % 2;
			bk--;
		}
	}
	return bestv;
}

static int
cut_monotonic(const struct fine *f, const struct er_bin_opts *o, const struct totals *t, size_t *cuts, size_t *nbins)
{
	static const enum er_bin_shape all[] = {ER_BIN_SHAPE_ASCENDING, ER_BIN_SHAPE_DESCENDING, ER_BIN_SHAPE_PEAK,
	                                        ER_BIN_SHAPE_VALLEY};
	struct dp d;
	size_t i, s, nshape, tmpn = 0, *tmp;
	const enum er_bin_shape *shapes;
	enum er_bin_shape one;
	double best = -INFINITY;
	size_t cells;

	d.m = f->m;
	d.K = (size_t)o->max_bins < f->m ? (size_t)o->max_bins : f->m;
	if (d.K < 1)
		d.K = 1;
	cells = d.K * 2 * (d.m + 1) * (d.m + 1);
	d.pg = malloc((d.m + 1) * sizeof *d.pg);
	d.pb = malloc((d.m + 1) * sizeof *d.pb);
	d.best = malloc(cells * sizeof *d.best);
	d.from = malloc(cells * sizeof *d.from);
	tmp = malloc((d.K + 2) * sizeof *tmp);
	if (!d.pg || !d.pb || !d.best || !d.from || !tmp) {
		free(d.pg);
		free(d.pb);
		free(d.best);
		free(d.from);
		free(tmp);
		return -1;
	}
	d.pg[0] = d.pb[0] = 0;
	for (i = 0; i < d.m; i++) {
		d.pg[i + 1] = d.pg[i] + f->g[i];
		d.pb[i + 1] = d.pb[i] + f->b[i];
	}
	if (o->shape == ER_BIN_SHAPE_MONOTONE) {
		shapes = all;
		nshape = 2;
	} else if (o->shape == ER_BIN_SHAPE_AUTO) {
		shapes = all;
		nshape = 4;
	} else {
		one = o->shape;
		shapes = &one;
		nshape = 1;
	}
	for (s = 0; s < nshape; s++) {
		double v = dp_run(&d, shapes[s], t, o->min_bin * t->n - 1e-9, tmp, &tmpn);

		if (v > best + 1e-12) {
			best = v;
			*nbins = tmpn;
			memcpy(cuts, tmp, (tmpn + 1) * sizeof *cuts);
		}
	}
	if (best == -INFINITY) {
		/* nothing satisfies the constraints: one bin */
		cuts[0] = 0;
		cuts[1] = d.m;
		*nbins = 1;
	}
	free(d.pg);
	free(d.pb);
	free(d.best);
	free(d.from);
	free(tmp);
	return 0;
}

/* ---- chimerge ---- */

static double
chi2(double g1, double b1, double g2, double b2)
{
	double n = g1 + b1 + g2 + b2, r1 = g1 + b1, r2 = g2 + b2, cg = g1 + g2, cb = b1 + b2;
	double e[4], o[4], s = 0;
	int i;

	if (n <= 0)
		return 0;
	e[0] = r1 * cg / n;
	e[1] = r1 * cb / n;
	e[2] = r2 * cg / n;
	e[3] = r2 * cb / n;
	o[0] = g1;
	o[1] = b1;
	o[2] = g2;
	o[3] = b2;
	for (i = 0; i < 4; i++)
		if (e[i] > 0)
			s += (o[i] - e[i]) * (o[i] - e[i]) / e[i];
	return s;
}

/* Merges bins over G[],B[] (N entries, with IDs carried along in KEEP as start indexes)
 * while the smallest neighbour chi-square is below LIMIT, a bin holds fewer than MINC rows,
 * or more than MAXB remain. Works in place; returns the new count. */
static size_t
chimerge(double *g, double *b, size_t *start, size_t n, double limit, double minc, size_t maxb)
{
	while (n > 1) {
		size_t i, mi = 0, small = (size_t)-1, at;
		double mc = INFINITY, sc = INFINITY;

		for (i = 0; i + 1 < n; i++) {
			double c = chi2(g[i], b[i], g[i + 1], b[i + 1]);

			if (c < mc) {
				mc = c;
				mi = i;
			}
		}
		for (i = 0; i < n; i++)
			if (g[i] + b[i] < minc && g[i] + b[i] < sc) {
				sc = g[i] + b[i];
				small = i;
			}
		if (small != (size_t)-1) {
			/* merge the smallest bin with the neighbour it differs from least */
			if (small == 0)
				at = 0;
			else if (small == n - 1)
				at = n - 2;
			else
				at = chi2(g[small - 1], b[small - 1], g[small], b[small]) <=
						chi2(g[small], b[small], g[small + 1], b[small + 1])
					? small - 1
					: small;
		} else if (mc < limit || n > maxb) {
			at = mi;
		} else {
			break;
		}
		g[at] += g[at + 1];
		b[at] += b[at + 1];
		for (i = at + 1; i + 1 < n; i++) {
			g[i] = g[i + 1];
			b[i] = b[i + 1];
			start[i] = start[i + 1];
		}
		n--;
	}
	return n;
}

static int
cut_chimerge(const struct fine *f, const struct er_bin_opts *o, const struct totals *t, size_t *cuts, size_t *nbins)
{
	double *g = malloc((f->m + 1) * sizeof *g), *b = malloc((f->m + 1) * sizeof *b);
	size_t i, n;

	if (g == NULL || b == NULL) {
		free(g);
		free(b);
		return -1;
	}
	memcpy(g, f->g, f->m * sizeof *g);
	memcpy(b, f->b, f->m * sizeof *b);
	for (i = 0; i < f->m; i++)
		cuts[i] = i;
	n = chimerge(g, b, cuts, f->m, o->chi_limit, o->min_bin * t->n - 1e-9, (size_t)o->max_bins);
	cuts[n] = f->m;
	*nbins = n;
	free(g);
	free(b);
	return 0;
}

/* ---- tree: greedy best split by IV ---- */

static int
cut_tree(const struct fine *f, const struct er_bin_opts *o, const struct totals *t, size_t *cuts, size_t *nbins)
{
	double *pg = malloc((f->m + 1) * sizeof *pg), *pb = malloc((f->m + 1) * sizeof *pb);
	double minc = o->min_bin * t->n - 1e-9, cur = 0;
	size_t n = 1, i;

	if (pg == NULL || pb == NULL) {
		free(pg);
		free(pb);
		return -1;
	}
	pg[0] = pb[0] = 0;
	for (i = 0; i < f->m; i++) {
		pg[i + 1] = pg[i] + f->g[i];
		pb[i + 1] = pb[i] + f->b[i];
	}
	cuts[0] = 0;
	cuts[1] = f->m;
	cur = iv_term(pg[f->m], pb[f->m], t);
	while (n < (size_t)o->max_bins) {
		size_t bi = 0, bc = 0, s;
		double best = -INFINITY;

		/* try every boundary inside bin s; the IV changes only there */
		for (s = 0; s < n; s++) {
			size_t a = cuts[s], z = cuts[s + 1], c;
			double old = iv_term(pg[z] - pg[a], pb[z] - pb[a], t);

			for (c = a + 1; c < z; c++) {
				double gl = pg[c] - pg[a], bl = pb[c] - pb[a];
				double gr = pg[z] - pg[c], br = pb[z] - pb[c], v;

				if (gl + bl < minc || gr + br < minc || gl <= 0 || bl <= 0 || gr <= 0 || br <= 0)
					continue;
				v = cur - old + iv_term(gl, bl, t) + iv_term(gr, br, t);
				if (v > best) {
					best = v;
					bi = s;
					bc = c;
				}
			}
		}
		if (best == -INFINITY || (cur > 0 && (best - cur) / cur < o->stop_limit))
			break;
		memmove(&cuts[bi + 2], &cuts[bi + 1], (n - bi) * sizeof *cuts);
		cuts[bi + 1] = bc;
		n++;
		cur = best;
	}
	*nbins = n;
	free(pg);
	free(pb);
	return 0;
}

/* ---- the mode value's own bin ---- */

/* When fine bin FM (the mode value, the first or last fine bin) shares its range bin in CUTS (NBINS bins) with other
 * values, splits that bin into the values below the mode, the mode and the values above it,
 * if every piece holds min_bin / 10 of the rows and the split adds at least split_iv to the
 * IV: the minority values of a zero-inflated count or a rare flag keep their lift even when
 * min_bin or the shape merged them away. CUTS has room for two more entries. */
static void
split_mode(const struct fine *f, size_t fm, const struct er_bin_opts *o, const struct totals *t, size_t *cuts,
           size_t *nbins)
{
	size_t w = 0, piece[4], np = 0, k;
	double old, gain = 0, minc = o->min_bin / 10 * t->n;

	/* only a mode at an end of the range (the 0 of a count, the off of a flag): an inner mode
	 * split off would make a bin between two others against the shape */
	if (fm != 0 && fm + 1 != f->m)
		return;
	while (w + 1 < *nbins && cuts[w + 1] <= fm)
		w++;
	if (cuts[w] == fm && cuts[w + 1] == fm + 1)
		return;
	piece[np++] = cuts[w];
	if (cuts[w] < fm)
		piece[np++] = fm;
	if (fm + 1 < cuts[w + 1])
		piece[np++] = fm + 1;
	piece[np] = cuts[w + 1];
	{
		double g = 0, b = 0;

		for (k = cuts[w]; k < cuts[w + 1]; k++) {
			g += f->g[k];
			b += f->b[k];
		}
		old = iv_term(g, b, t);
	}
	for (size_t p = 0; p < np; p++) {
		double g = 0, b = 0;

		for (k = piece[p]; k < piece[p + 1]; k++) {
			g += f->g[k];
			b += f->b[k];
		}
		if (g + b < minc)
			return;
		gain += iv_term(g, b, t);
	}
	if (!(gain - old >= o->split_iv) || *nbins + np - 1 > (size_t)o->max_bins)
		return;
	memmove(&cuts[w + np], &cuts[w + 1], (*nbins - w) * sizeof *cuts);
	for (size_t p = 1; p < np; p++)
		cuts[w + p] = piece[p];
	*nbins += np - 1;
}

/* ---- building the result ---- */

static char *
dup_str(const char *s)
{
	size_t len = strlen(s);
	char *d = malloc(len + 1);

	if (d != NULL)
		memcpy(d, s, len + 1);
	return d;
}

static void
fmt_bound(char *buf, double v)
{
	if (v == -INFINITY)
		strcpy(buf, "-Inf");
	else if (v == INFINITY)
		strcpy(buf, "Inf");
	else
		er_num_format(buf, v);
}

static int
add_bin(struct er_bin_var *v, size_t *cap, enum er_bin_kind kind, double g, double b)
{
	struct er_bin *nb;

	if (ER_GROW(v->bins, *cap, v->nbins + 1) < 0)
		return -1;
	nb = &v->bins[v->nbins++];
	memset(nb, 0, sizeof *nb);
	nb->kind = kind;
	nb->good = g;
	nb->bad = b;
	nb->lo = NAN;
	nb->hi = NAN;
	return 0;
}

static int
range_label(struct er_bin *b)
{
	char lo[ER_NUM_BUFLEN], hi[ER_NUM_BUFLEN];
	size_t len;

	fmt_bound(lo, b->lo);
	fmt_bound(hi, b->hi);
	len = strlen(lo) + strlen(hi) + 4;
	b->label = malloc(len);
	if (b->label == NULL)
		return -1;
	snprintf(b->label, len, "[%s,%s)", lo, hi);
	return 0;
}

static int
check_opts(const struct er_bin_opts *o, char *err)
{
	size_t i;

	if (o->fine_bins < 2 || o->fine_bins > MAX_FINE_BINS)
		return er_fail(err, ER_EUSAGE, "fine bins must be 2..%d, not %d", MAX_FINE_BINS, o->fine_bins);
	if (o->max_bins < 1)
		return er_fail(err, ER_EUSAGE, "max bins must be at least 1, not %d", o->max_bins);
	if (!(o->min_bin >= 0 && o->min_bin < 1))
		return er_fail(err, ER_EUSAGE, "min bin share must be in [0,1)");
	if (!(o->zero_count > 0))
		return er_fail(err, ER_EUSAGE, "zero count must be above 0");
	for (i = 1; i < o->nbreaks; i++)
		if (!(o->breaks[i] > o->breaks[i - 1]))
			return er_fail(err, ER_EUSAGE, "breaks must ascend strictly");
	return 0;
}

static int
is_special(const struct er_bin_opts *o, double x, size_t *which)
{
	size_t i;

	for (i = 0; i < o->nspecial_num; i++)
		if (o->special_num[i] == x) {
			*which = i;
			return 1;
		}
	return 0;
}

/* The totals WOE is taken against: the fine bins, missing and special values, an empty
 * cell counted as the zero count. */
static void
numeric_totals(const struct fine *f, double mg, double mb, const double *sg, const double *sb,
               const struct er_bin_opts *o, size_t n, struct totals *t)
{
	size_t i;

	t->zc = o->zero_count;
	t->n = (double)n;
	t->g = 0;
	t->b = 0;
	for (i = 0; i < f->m; i++) {
		t->g += f->g[i];
		t->b += f->b[i];
	}
	t->g += mg + mb > 0 ? (mg > 0 ? mg : t->zc) : 0;
	t->b += mg + mb > 0 ? (mb > 0 ? mb : t->zc) : 0;
	for (i = 0; i < o->nspecial_num; i++)
		if (sg[i] + sb[i] > 0) {
			t->g += sg[i] > 0 ? sg[i] : t->zc;
			t->b += sb[i] > 0 ? sb[i] : t->zc;
		}
	if (t->g <= 0)
		t->g = t->zc;
	if (t->b <= 0)
		t->b = t->zc;
}

/* Appends to OUT the NBINS range bins cut from F at CUTS, then the special and missing
 * bins. Returns 0 or -1 when out of memory. */
static int
numeric_bins(struct er_bin_var *out, const struct fine *f, const size_t *cuts, size_t nbins, const double *sg,
             const double *sb, double mg, double mb, const struct er_bin_opts *o)
{
	size_t cap = 0, i, w;

	for (w = 0; w < nbins; w++) {
		double g = 0, b = 0;
		struct er_bin *bin;

		for (i = cuts[w]; i < cuts[w + 1]; i++) {
			g += f->g[i];
			b += f->b[i];
		}
		if (add_bin(out, &cap, ER_BIN_RANGE, g, b) != 0)
			return -1;
		bin = &out->bins[out->nbins - 1];
		bin->lo = w == 0 ? -INFINITY : f->lo[cuts[w]];
		bin->hi = w + 1 == nbins ? INFINITY : f->lo[cuts[w + 1]];
		if (range_label(bin) != 0)
			return -1;
	}
	for (i = 0; i < o->nspecial_num; i++) {
		char num[ER_NUM_BUFLEN];
		struct er_bin *bin;

		if (sg[i] + sb[i] <= 0)
			continue;
		if (add_bin(out, &cap, ER_BIN_SPECIAL, sg[i], sb[i]) != 0)
			return -1;
		bin = &out->bins[out->nbins - 1];
		bin->lo = bin->hi = o->special_num[i];
		er_num_format(num, o->special_num[i]);
		bin->label = malloc(strlen(num) + 9);
		if (bin->label == NULL)
			return -1;
		snprintf(bin->label, strlen(num) + 9, "special:%s", num);
	}
	if (mg + mb > 0) {
		if (add_bin(out, &cap, ER_BIN_MISSING, mg, mb) != 0)
			return -1;
		out->bins[out->nbins - 1].label = dup_str("missing");
		if (out->bins[out->nbins - 1].label == NULL)
			return -1;
	}
	return 0;
}

int
er_bin_numeric(const char *name, const double *x, const unsigned char *y, size_t n, const struct er_bin_opts *o,
               struct er_bin_var *out, char *err)
{
	double mg = 0, mb = 0, *sg = NULL, *sb = NULL;
	uint64_t *keys = NULL, *tmp = NULL;
	size_t nb = 0, ng = 0, i, nbins = 0, *cuts = NULL;
	struct walk walk;
	struct fine f = {0};
	struct totals t;
	int rc;

	memset(out, 0, sizeof *out);
	out->auc_up = NAN;
	if ((rc = check_opts(o, err)) != 0)
		return rc;
	sg = calloc(o->nspecial_num + 1, sizeof *sg);
	sb = calloc(o->nspecial_num + 1, sizeof *sb);
	if (sg == NULL || sb == NULL)
		goto nomem;
	keys = malloc((n + 1) * sizeof *keys);
	tmp = malloc((n + 1) * sizeof *tmp);
	if (keys == NULL || tmp == NULL)
		goto nomem;
	/* one pass: bad rows' keys from the front, good rows' from the back, so sorting each part
	 * needs no label payload */
	{
		size_t ig = n;

		for (i = 0; i < n; i++) {
			size_t s;

			if (isnan(x[i])) {
				mb += y[i];
				mg += !y[i];
			} else if (o->nspecial_num && is_special(o, x[i], &s)) {
				sb[s] += y[i];
				sg[s] += !y[i];
			} else if (y[i]) {
				keys[nb++] = key_of(x[i]);
			} else {
				keys[--ig] = key_of(x[i]);
			}
		}
		ng = n - ig;
		if (ig > nb)
			memmove(keys + nb, keys + ig, ng * sizeof *keys);
	}
	walk.bk = sort_keys(keys, tmp, nb);
	walk.gk = sort_keys(keys + nb, tmp + nb, ng);
	walk.nb = nb;
	walk.ng = ng;
	walk.i = walk.j = 0;
	/* A column of a few values (a 0/1 flag, a status code) gets a bin per value under the
	 * default method: the monotone merge needs both classes in every bin, so a flag that is
	 * 1 only for bad rows would be merged into one bin of IV 0. */
	enum er_bin_method method = o->method;
	if (method == ER_BIN_METHOD_MONOTONIC && o->max_bins > 1) {
		struct walk pre = walk;
		double pv, pg, pb;
		size_t distinct = 0;
		while (distinct <= (size_t)o->max_bins && walk_next(&pre, &pv, &pg, &pb))
			distinct++;
		if (distinct > 1 && distinct <= (size_t)o->max_bins)
			method = ER_BIN_METHOD_UNIQUE;
	}
	/* The mode value is pinned to a fine bin of its own when it fills at least one (a count
	 * that is mostly 0, a flag that is mostly off) and a merging method may hide it. */
	double pin = NAN;
	size_t pin_at = (size_t)-1;
	if (o->split_iv >= 0 &&
	    (method == ER_BIN_METHOD_MONOTONIC || method == ER_BIN_METHOD_CHIMERGE || method == ER_BIN_METHOD_TREE)) {
		struct walk pre = walk;
		double pv, pg, pb, top = 0;

		while (walk_next(&pre, &pv, &pg, &pb))
			if (pg + pb > top) {
				top = pg + pb;
				pin = pv;
			}
		if (!(top * o->fine_bins >= (double)(nb + ng)))
			pin = NAN;
	}
	rc = fine_build(&f, &walk, method, o->method == ER_BIN_METHOD_QUANTILE ? o->max_bins : o->fine_bins, o->breaks,
	                o->nbreaks, pin, &pin_at, &out->auc_up, &out->mode_count);
	free(keys);
	free(tmp);
	keys = tmp = NULL;
	if (rc != 0)
		goto nomem;
	for (i = 0; i < o->nspecial_num; i++)
		if (sg[i] + sb[i] > out->mode_count)
			out->mode_count = sg[i] + sb[i];

	numeric_totals(&f, mg, mb, sg, sb, o, n, &t);

	cuts = malloc((f.m + 4) * sizeof *cuts);
	if (cuts == NULL)
		goto nomem;
	if (f.m == 0) {
		nbins = 0;
	} else if (method == ER_BIN_METHOD_MONOTONIC) {
		rc = cut_monotonic(&f, o, &t, cuts, &nbins);
	} else if (o->method == ER_BIN_METHOD_CHIMERGE) {
		rc = cut_chimerge(&f, o, &t, cuts, &nbins);
	} else if (o->method == ER_BIN_METHOD_TREE) {
		rc = cut_tree(&f, o, &t, cuts, &nbins);
	} else {
		for (i = 0; i <= f.m; i++)
			cuts[i] = i;
		nbins = f.m;
	}
	if (rc != 0)
		goto nomem;
	if (pin_at != (size_t)-1 && nbins > 0)
		split_mode(&f, pin_at, o, &t, cuts, &nbins);

	out->type = ER_BIN_NUMERIC;
	out->name = dup_str(name);
	if (out->name == NULL || numeric_bins(out, &f, cuts, nbins, sg, sb, mg, mb, o) != 0)
		goto nomem;
	er_bin_woe_iv(out, o->zero_count);
	free(cuts);
	fine_free(&f);
	free(sg);
	free(sb);
	return 0;
nomem:
	free(keys);
	free(tmp);
	free(cuts);
	free(sg);
	free(sb);
	fine_free(&f);
	er_bin_var_free(out);
	return er_fail(err, ER_ENOMEM, "out of memory binning '%s'", name);
}

/* ---- categorical ---- */

/* A group of categories during merging. */
struct cgroup {
	double g, b;
	size_t *cats; /* dictionary codes */
	size_t ncats, cap;
	int other;
};

static int
cmp_rate(const void *pa, const void *pb)
{
	const struct cgroup *a = pa, *b = pb;
	double l = a->b * (b->g + b->b), r = b->b * (a->g + a->b);

	return l < r ? -1 : l > r ? 1 : 0;
}

/* Merges the neighbours (in bad rate order) of least chi-square among the NGRP groups until
 * at most MAX_BINS are left. Returns 0 or -1 when out of memory. */
static int
merge_groups(struct cgroup *grp, size_t *ngrp, size_t max_bins)
{
	while (*ngrp > max_bins) {
		size_t at = 0, i;
		double mc = INFINITY;

		for (i = 0; i + 1 < *ngrp; i++) {
			double c = chi2(grp[i].g, grp[i].b, grp[i + 1].g, grp[i + 1].b);

			if (c < mc) {
				mc = c;
				at = i;
			}
		}
		if (ER_GROW(grp[at].cats, grp[at].cap, grp[at].ncats + grp[at + 1].ncats) < 0)
			return -1;
		memcpy(grp[at].cats + grp[at].ncats, grp[at + 1].cats, grp[at + 1].ncats * sizeof *grp[at].cats);
		grp[at].ncats += grp[at + 1].ncats;
		grp[at].g += grp[at + 1].g;
		grp[at].b += grp[at + 1].b;
		grp[at].other |= grp[at + 1].other;
		free(grp[at + 1].cats);
		memmove(&grp[at + 1], &grp[at + 2], (*ngrp - at - 2) * sizeof *grp);
		(*ngrp)--;
	}
	return 0;
}

/* Appends a bin per special text seen (SPECIAL[i]: 1 + its index in special_str, or 0), in
 * the order of special_str. Returns 0 or -1 when out of memory. */
static int
special_cat_bins(struct er_bin_var *out, size_t *cap, const char *const *dict, size_t ndict, const size_t *special,
                 const double *cg, const double *cb, const struct er_bin_opts *o)
{
	for (size_t j = 0; j < o->nspecial_str; j++)
		for (size_t i = 0; i < ndict; i++) {
			struct er_bin *bin;
			size_t len;

			if (special[i] != j + 1 || cg[i] + cb[i] <= 0)
				continue;
			if (add_bin(out, cap, ER_BIN_SPECIAL, cg[i], cb[i]) != 0)
				return -1;
			bin = &out->bins[out->nbins - 1];
			bin->cats = malloc(sizeof *bin->cats);
			if (bin->cats == NULL)
				return -1;
			bin->cats[0] = dup_str(dict[i]);
			if (bin->cats[0] == NULL)
				return -1;
			bin->ncats = 1;
			len = strlen(dict[i]) + 9;
			bin->label = malloc(len);
			if (bin->label == NULL)
				return -1;
			snprintf(bin->label, len, "special:%s", dict[i]);
		}
	return 0;
}

/* The number of groups in O's groups spec, 0 without one. */
static size_t
ngroups(const struct er_bin_opts *o)
{
	size_t n = 1;

	if (o->groups == NULL)
		return 0;
	for (const char *p = o->groups; *p; p++)
		n += *p == ';';
	return n;
}

/* The bin that the groups spec G ("A|B;C") gives category NAME: 0 for the first group, or
 * -1 when no group names it. */
static long
group_of(const char *g, const char *name)
{
	size_t len = strlen(name);
	long k = 0;

	for (const char *p = g;; p++) {
		const char *e = p + strcspn(p, "|;");

		if ((size_t)(e - p) == len && memcmp(p, name, len) == 0)
			return k;
		if (*e == '\0')
			return -1;
		k += *e == ';';
		p = e;
	}
}

int
er_bin_categorical_codes(const char *name, const unsigned *code, const char *const *dict, size_t ndict,
                         const unsigned char *y, size_t n, const struct er_bin_opts *o, struct er_bin_var *out,
                         char *err)
{
	double *cg = calloc(ndict + 1, sizeof *cg), *cb = calloc(ndict + 1, sizeof *cb);
	double mg = 0, mb = 0, minc = o->min_bin * (double)n - 1e-9;
	size_t *special = calloc(ndict + 1, sizeof *special); /* 1 + index in special_str, or 0 */
	size_t grpmax = ndict + 2 + ngroups(o);
	struct cgroup *grp = calloc(grpmax, sizeof *grp);
	size_t ngrp = 0, i, j, cap = 0, other = (size_t)-1;
	int unique = o->method == ER_BIN_METHOD_UNIQUE;

	memset(out, 0, sizeof *out);
	out->auc_up = NAN;
	if (cg == NULL || cb == NULL || special == NULL || grp == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		if (code[i] == (unsigned)-1 || code[i] >= ndict) {
			mb += y[i];
			mg += !y[i];
		} else {
			cb[code[i]] += y[i];
			cg[code[i]] += !y[i];
		}
	}
	out->mode_count = 0;
	for (i = 0; i < ndict; i++)
		if (cg[i] + cb[i] > out->mode_count)
			out->mode_count = cg[i] + cb[i];
	for (i = 0; i < ndict; i++)
		for (j = 0; j < o->nspecial_str; j++)
			if (strcmp(dict[i], o->special_str[j]) == 0)
				special[i] = j + 1;
	if (o->groups != NULL) {
		/* the bins given: one group per ';' field, in that order, then "other" */
		size_t ng = ngroups(o);

		for (j = 0; j < ng; j++) {
			grp[j].cats = malloc((ndict ? ndict : 1) * sizeof *grp[j].cats);
			if (grp[j].cats == NULL)
				goto nomem;
			grp[j].cap = ndict;
		}
		ngrp = ng;
		for (i = 0; i < ndict; i++) {
			long k;
			struct cgroup *gr;

			if (special[i] || (k = group_of(o->groups, dict[i])) < 0) {
				if (special[i] || cg[i] + cb[i] <= 0)
					continue;
				if (other == (size_t)-1) {
					other = ngrp++;
					grp[other].other = 1;
					grp[other].cats = malloc((ndict ? ndict : 1) * sizeof *grp[other].cats);
					if (grp[other].cats == NULL)
						goto nomem;
					grp[other].cap = ndict;
				}
				gr = &grp[other];
			} else {
				gr = &grp[k];
			}
			gr->cats[gr->ncats++] = i;
			gr->g += cg[i];
			gr->b += cb[i];
		}
		unique = 1; /* no merging */
	}
	for (i = 0; o->groups == NULL && i < ndict; i++) {
		struct cgroup *gr;

		if (cg[i] + cb[i] <= 0 || special[i])
			continue;
		if (!unique && cg[i] + cb[i] < minc) {
			if (other == (size_t)-1) {
				other = ngrp++;
				grp[other].other = 1;
				grp[other].cats = malloc(ndict * sizeof *grp[other].cats);
				if (grp[other].cats == NULL)
					goto nomem;
				grp[other].cap = ndict;
			}
			gr = &grp[other];
		} else {
			gr = &grp[ngrp++];
			gr->cats = malloc(sizeof *gr->cats);
			if (gr->cats == NULL)
				goto nomem;
			gr->cap = 1;
		}
		gr->cats[gr->ncats++] = i;
		gr->g += cg[i];
		gr->b += cb[i];
	}
	if (!unique && ngrp > 1) {
		/* order by bad rate so merging neighbours joins similar categories */
		qsort(grp, ngrp, sizeof *grp, cmp_rate);
		if (merge_groups(grp, &ngrp, (size_t)o->max_bins) != 0)
			goto nomem;
	}
	out->type = ER_BIN_CATEGORICAL;
	out->name = dup_str(name);
	if (out->name == NULL)
		goto nomem;
	for (i = 0; i < ngrp; i++) {
		struct er_bin *bin;

		if (grp[i].ncats == 0)
			continue; /* a group of categories none of which is in the data */
		if (add_bin(out, &cap, grp[i].other ? ER_BIN_OTHER : ER_BIN_CATS, grp[i].g, grp[i].b) != 0)
			goto nomem;
		bin = &out->bins[out->nbins - 1];
		bin->cats = calloc(grp[i].ncats, sizeof *bin->cats);
		if (bin->cats == NULL)
			goto nomem;
		for (j = 0; j < grp[i].ncats; j++) {
			bin->cats[j] = dup_str(dict[grp[i].cats[j]]);
			if (bin->cats[j] == NULL)
				goto nomem;
			bin->ncats++;
		}
		bin->label = er_bin_join_cats(bin->cats, bin->ncats, 0);
		if (bin->label == NULL)
			goto nomem;
	}
	if (special_cat_bins(out, &cap, dict, ndict, special, cg, cb, o) != 0)
		goto nomem;
	if (mg + mb > 0) {
		if (add_bin(out, &cap, ER_BIN_MISSING, mg, mb) != 0)
			goto nomem;
		out->bins[out->nbins - 1].label = dup_str("missing");
		if (out->bins[out->nbins - 1].label == NULL)
			goto nomem;
	}
	er_bin_woe_iv(out, o->zero_count);
	if (er_bin_index(out) != 0)
		goto nomem;
	for (i = 0; i < ngrp; i++)
		free(grp[i].cats);
	free(grp);
	free(cg);
	free(cb);
	free(special);
	return 0;
nomem:
	if (grp != NULL)
		for (i = 0; i < grpmax; i++)
			free(grp[i].cats);
	free(grp);
	free(cg);
	free(cb);
	free(special);
	er_bin_var_free(out);
	return er_fail(err, ER_ENOMEM, "out of memory binning '%s'", name);
}

/* Codes categories in order of first appearance (a strmap's indexes), then bins the codes. */
int
er_bin_categorical(const char *name, const char *const *x, const unsigned char *y, size_t n,
                   const struct er_bin_opts *o, struct er_bin_var *out, char *err)
{
	er_strmap *cats = er_strmap_new();
	unsigned *code = malloc((n ? n : 1) * sizeof *code);
	const char **dict = NULL;
	size_t nd, i;
	int rc;

	if (cats == NULL || code == NULL)
		goto nomem;
	for (i = 0; i < n; i++) {
		long k;

		if (x[i] == NULL || x[i][0] == '\0') {
			code[i] = (unsigned)-1;
			continue;
		}
		if ((k = er_strmap_intern(cats, x[i], strlen(x[i]), NULL)) < 0)
			goto nomem;
		code[i] = (unsigned)k;
	}
	nd = er_strmap_size(cats);
	if ((dict = malloc((nd ? nd : 1) * sizeof *dict)) == NULL)
		goto nomem;
	for (i = 0; i < nd; i++)
		dict[i] = er_strmap_key(cats, i, NULL);
	rc = er_bin_categorical_codes(name, code, dict, nd, y, n, o, out, err);
	free(code);
	free(dict);
	er_strmap_free(cats);
	return rc;
nomem:
	free(code);
	er_strmap_free(cats);
	memset(out, 0, sizeof *out);
	return er_fail(err, ER_ENOMEM, "out of memory binning '%s'", name);
}
