/* screen_corr: Pearson correlation of WOE-coded indicators. Rows are taken in blocks whose
 * WOE values are laid out contiguously per column, so every pair is a plain dot product over
 * cached memory: p*p/2 multiply-adds per row, with no second copy of the table. */
#include "model/screen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK 2048

/* Four partial sums keep the additions independent, so the loop is not bound by latency. */
static double
dot(const double *a, const double *b, size_t n)
{
	double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
	size_t i = 0;

	for (; i + 4 <= n; i += 4) {
		s0 += a[i] * b[i];
		s1 += a[i + 1] * b[i + 1];
		s2 += a[i + 2] * b[i + 2];
		s3 += a[i + 3] * b[i + 3];
	}
	for (; i < n; i++)
		s0 += a[i] * b[i];
	return (s0 + s1) + (s2 + s3);
}

int
er_screen_corr(const unsigned *const *codes, const double *const *woe, size_t p, size_t n, double *r)
{
	double *blk = malloc((p ? p : 1) * BLOCK * sizeof *blk);
	double *sum = calloc(p ? p : 1, sizeof *sum);
	size_t a, b, i, start;

	if (blk == NULL || sum == NULL) {
		free(blk);
		free(sum);
		return -1;
	}
	memset(r, 0, p * p * sizeof *r);
	for (start = 0; start < n; start += BLOCK) {
		size_t len = n - start < BLOCK ? n - start : BLOCK;

		for (a = 0; a < p; a++) {
			double *row = blk + a * BLOCK, s = 0;
			const unsigned *c = codes[a] + start;

			for (i = 0; i < len; i++) {
				row[i] = woe[a][c[i]];
				s += row[i];
			}
			sum[a] += s;
		}
		for (a = 0; a < p; a++)
			for (b = 0; b <= a; b++)
				r[a * p + b] += dot(blk + a * BLOCK, blk + b * BLOCK, len);
	}
	/* variances first: the matrix is overwritten with correlations in place */
	for (a = 0; a < p; a++) {
		double m = sum[a] / (double)n;

		blk[a] = r[a * p + a] / (double)n - m * m;
	}
	for (a = 0; a < p; a++)
		for (b = 0; b < a; b++) {
			double cov = r[a * p + b] / (double)n - (sum[a] / (double)n) * (sum[b] / (double)n);

			/* a constant column correlates with nothing */
			r[a * p + b] = blk[a] > 1e-300 && blk[b] > 1e-300 ? cov / sqrt(blk[a] * blk[b]) : 0;
			r[b * p + a] = r[a * p + b];
		}
	for (a = 0; a < p; a++)
		r[a * p + a] = 1;
	free(blk);
	free(sum);
	return 0;
}
