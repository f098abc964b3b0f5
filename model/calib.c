/* calib: isotonic calibration of a score, and the calibration table with its error. */
#include "model/calib.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "model/calibration.h"

struct ranked {
	double v;
	size_t i;
};

/* By value, ties by row: the order, and so every sum, is the same on every platform. */
static int
by_value(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->v != y->v)
		return x->v < y->v ? -1 : 1;
	return (x->i > y->i) - (x->i < y->i);
}

static struct ranked *
sorted(const double *v, size_t n)
{
	struct ranked *r = malloc((n ? n : 1) * sizeof *r);
	if (!r)
		return NULL;
	for (size_t i = 0; i < n; i++)
		r[i] = (struct ranked){v[i], i};
	qsort(r, n, sizeof *r, by_value);
	return r;
}

/* A pooled group of rows. */
struct block {
	double bad, rows, xsum;
};

double
er_calib_least_rows(double n, double bad)
{
	double rate = bad > 0 && bad < n ? (bad < n - bad ? bad : n - bad) / n : 1;
	double least = n / 100 > 10 / rate ? n / 100 : 10 / rate;
	return least < n ? least : n;
}

int
er_calib_fit(const double *score, const unsigned char *y, size_t n, struct er_calib *out, char *err)
{
	memset(out, 0, sizeof *out);
	if (n == 0)
		return er_fail(err, ER_EUSAGE, "no rows to calibrate on");
	for (size_t i = 0; i < n; i++)
		if (!isfinite(score[i]))
			return er_fail(err, ER_EUSAGE, "a score to calibrate on is not finite");
	struct ranked *r = sorted(score, n);
	struct block *st = malloc(n * sizeof *st);
	if (!r || !st) {
		free(r), free(st);
		return er_fail(err, ER_ENOMEM, "out of memory calibrating");
	}
	size_t top = 0;
	for (size_t i = 0; i < n;) {
		/* rows of one score are one group: they must get one pd */
		struct block b = {0, 0, 0};
		size_t e = i;
		for (; e < n && r[e].v == r[i].v; e++) {
			b.bad += y[r[e].i] != 0;
			b.rows++;
			b.xsum += r[e].v;
		}
		i = e;
		st[top++] = b;
		/* the rate must fall as the score rises: pool while it does not */
		while (top >= 2 && st[top - 1].bad * st[top - 2].rows >= st[top - 2].bad * st[top - 1].rows) {
			st[top - 2].bad += st[top - 1].bad;
			st[top - 2].rows += st[top - 1].rows;
			st[top - 2].xsum += st[top - 1].xsum;
			top--;
		}
	}
	free(r);
	/* Adjacent blocks pooled left to right until each holds the least rows a rate is read
	 * from: pooling neighbours keeps the rates strictly falling. */
	double total_bad = 0;
	for (size_t k = 0; k < top; k++)
		total_bad += st[k].bad;
	double least = er_calib_least_rows((double)n, total_bad);
	size_t kept = 0;
	for (size_t k = 0; k < top; k++) {
		if (kept && st[kept - 1].rows < least) {
			st[kept - 1].bad += st[k].bad;
			st[kept - 1].rows += st[k].rows;
			st[kept - 1].xsum += st[k].xsum;
		} else {
			st[kept++] = st[k];
		}
	}
	if (kept > 1 && st[kept - 1].rows < least) {
		st[kept - 2].bad += st[kept - 1].bad;
		st[kept - 2].rows += st[kept - 1].rows;
		st[kept - 2].xsum += st[kept - 1].xsum;
		kept--;
	}
	top = kept;
	out->x = malloc(top * sizeof *out->x);
	out->pd = malloc(top * sizeof *out->pd);
	if (!out->x || !out->pd) {
		free(st);
		er_calib_free(out);
		return er_fail(err, ER_ENOMEM, "out of memory calibrating");
	}
	/* half a row of the whole set inside (0,1): below any rate a block of bad rows has, so
	 * the rates stay strictly falling */
	double lo = 0.5 / (double)n, hi = 1 - lo;
	for (size_t k = 0; k < top; k++) {
		double p = st[k].bad / st[k].rows;
		out->x[k] = st[k].xsum / st[k].rows;
		out->pd[k] = p < lo ? lo : p > hi ? hi : p;
	}
	out->n = top;
	free(st);
	return 0;
}

double
er_calib_pd(const struct er_calib *c, double score)
{
	if (isnan(score))
		return NAN;
	/* beyond the ends the log-odds move at the tail slope from the end knot */
	if (score <= c->x[0])
		return 1 / (1 + exp(-(log(c->pd[0] / (1 - c->pd[0])) + (c->x[0] - score) * c->tail)));
	if (score >= c->x[c->n - 1]) {
		double p = c->pd[c->n - 1];
		return 1 / (1 + exp(-(log(p / (1 - p)) - (score - c->x[c->n - 1]) * c->tail)));
	}
	/* x[lo] < score < x[hi] */
	size_t lo = 0, hi = c->n - 1;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (c->x[mid] <= score)
			lo = mid;
		else
			hi = mid;
	}
	double t = (score - c->x[lo]) / (c->x[hi] - c->x[lo]);
	return c->pd[lo] + t * (c->pd[hi] - c->pd[lo]);
}

int
er_calib_validate(const struct er_calib *c, char *err)
{
	for (size_t k = 0; k < c->n; k++) {
		if (!isfinite(c->x[k]) || !(c->pd[k] > 0 && c->pd[k] < 1))
			return er_fail(err, ER_EDATA, "calibration knot %zu is not a finite score with a pd in (0,1)",
			               k + 1);
		if (k && !(c->x[k] > c->x[k - 1] && c->pd[k] < c->pd[k - 1]))
			return er_fail(err, ER_EDATA, "calibration knot %zu does not rise in score and fall in pd",
			               k + 1);
	}
	return 0;
}

void
er_calib_free(struct er_calib *c)
{
	if (!c)
		return;
	free(c->x);
	free(c->pd);
	memset(c, 0, sizeof *c);
}

int
er_calib_table(const double *pd, const unsigned char *y, size_t n, struct er_calib_bin out[ER_CALIB_BINS], double *ece,
               char *err)
{
	memset(out, 0, ER_CALIB_BINS * sizeof *out);
	*ece = 0;
	struct ranked *r = sorted(pd, n);
	size_t *order = malloc((n ? n : 1) * sizeof *order);
	if (!r || !order) {
		free(r), free(order);
		return er_fail(err, ER_ENOMEM, "out of memory making a calibration table");
	}
	for (size_t i = 0; i < n; i++)
		order[i] = r[i].i;
	/* the one ECE of the code base (er-eval's too); 0 for no rows, as the table's bins */
	if (n)
		*ece = er_calibration_ece(pd, y, order, n, ER_CALIB_BINS);
	free(order);
	for (size_t b = 0; b < ER_CALIB_BINS; b++) {
		size_t s = b * n / ER_CALIB_BINS, e = (b + 1) * n / ER_CALIB_BINS;
		double sp = 0, sy = 0;
		for (size_t i = s; i < e; i++) {
			sp += r[i].v;
			sy += y[r[i].i] != 0;
		}
		out[b].n = e - s;
		if (e > s) {
			out[b].pd = sp / (double)(e - s);
			out[b].bad_rate = sy / (double)(e - s);
		}
	}
	free(r);
	return 0;
}
