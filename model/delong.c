/* delong: structural components from midranks, their covariances, the normal test. */
#include "model/delong.h"

#include <math.h>
#include <stdlib.h>

#include "lib/err.h"

struct ranked {
	double v;
	size_t i;
};

static int
by_value(const void *a, const void *b)
{
	double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;
	return (x > y) - (x < y);
}

/* The midranks (1-based, ties sharing their mean rank) of X[0..N-1] into RANK, with T as
 * scratch for N entries. */
static void
midranks(const double *x, size_t n, double *rank, struct ranked *t)
{
	for (size_t i = 0; i < n; i++)
		t[i] = (struct ranked){x[i], i};
	qsort(t, n, sizeof *t, by_value);
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && t[j].v == t[i].v)
			j++;
		double mid = 0.5 * (double)(i + 1 + j);
		for (size_t k = i; k < j; k++)
			rank[t[k].i] = mid;
		i = j;
	}
}

/* The components of score S: V[i] for row i, the share of the other class it beats (a bad row:
 * good rows below it; a good row: bad rows above it, as 1 - share of bad rows below). X and
 * the rank arrays are scratch of N entries. */
static void
components(const double *s, const unsigned char *y, size_t n, size_t nbad, double *v, double *x, double *rall,
           double *rsub, struct ranked *t)
{
	size_t ngood = n - nbad, kb = 0, kg = nbad;

	midranks(s, n, rall, t);
	/* bad rows first, then good rows, each group ranked on its own */
	for (size_t i = 0; i < n; i++)
		x[y[i] ? kb++ : kg++] = s[i];
	midranks(x, nbad, rsub, t);
	midranks(x + nbad, ngood, rsub + nbad, t);
	kb = 0, kg = nbad;
	for (size_t i = 0; i < n; i++) {
		size_t k = y[i] ? kb++ : kg++;
		v[i] = y[i] ? (rall[i] - rsub[k]) / (double)ngood : 1 - (rall[i] - rsub[k]) / (double)nbad;
	}
}

int
er_delong_se(const double *s1, const double *s2, const unsigned char *y, size_t n, double *se, char *err)
{
	size_t nbad = 0;
	for (size_t i = 0; i < n; i++)
		nbad += y[i] != 0;
	size_t ngood = n - nbad;
	*se = NAN;
	if (nbad < 2 || ngood < 2)
		return 0;
	double *buf = malloc(5 * n * sizeof *buf);
	struct ranked *t = malloc(n * sizeof *t);
	if (!buf || !t) {
		free(buf), free(t);
		return er_fail(err, ER_ENOMEM, "out of memory comparing two scores");
	}
	double *v1 = buf, *v2 = buf + n, *x = buf + 2 * n, *rall = buf + 3 * n, *rsub = buf + 4 * n;
	components(s1, y, n, nbad, v1, x, rall, rsub, t);
	components(s2, y, n, nbad, v2, x, rall, rsub, t);
	/* the variance of the difference of each class's components, over that class */
	double m[2] = {0, 0}, var[2] = {0, 0}, cnt[2] = {(double)ngood, (double)nbad};
	for (size_t i = 0; i < n; i++)
		m[y[i] != 0] += v1[i] - v2[i];
	m[0] /= cnt[0], m[1] /= cnt[1];
	for (size_t i = 0; i < n; i++) {
		double d = v1[i] - v2[i] - m[y[i] != 0];
		var[y[i] != 0] += d * d;
	}
	*se = sqrt(var[1] / (cnt[1] - 1) / cnt[1] + var[0] / (cnt[0] - 1) / cnt[0]);
	free(buf), free(t);
	return 0;
}

void
er_delong_test(double diff, double se, struct er_delong *out)
{
	out->diff = diff;
	out->se = se;
	out->lo = diff - 1.959963984540054 * se;
	out->hi = diff + 1.959963984540054 * se;
	if (se > 0) {
		out->z = diff / se;
		out->p = erfc(fabs(out->z) / sqrt(2.0));
	} else if (se == 0) {
		/* no spread: the difference is certain, or there is none */
		out->z = diff == 0 ? 0 : copysign(INFINITY, diff);
		out->p = diff == 0 ? 1 : 0;
	} else {
		out->z = out->p = NAN;
	}
}
