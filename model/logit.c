/* logit: penalised, sign-constrained logistic regression by projected Newton steps. */
#include "model/logit.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"

void
er_logit_opts_init(struct er_logit_opts *o)
{
	o->l2 = 0;
	o->sign = NULL;
	o->max_iter = 100;
	o->tol = 1e-10;
}

double
er_logit_sigmoid(double eta)
{
	if (eta >= 0)
		return 1 / (1 + exp(-eta));
	double e = exp(eta);
	return e / (1 + e);
}

double
er_logit_eta(const double *beta, const double *x, size_t p)
{
	double eta = beta[0];
	for (size_t j = 0; j < p; j++)
		eta += beta[j + 1] * x[j];
	return eta;
}

/* ln(1 + e^t) without overflow. */
static double
softplus(double t)
{
	return t > 0 ? t + log1p(exp(-t)) : log1p(exp(t));
}

static int
sign_of(const struct er_logit_opts *o, size_t j)
{
	return o->sign ? o->sign[j] : ER_LOGIT_FREE;
}

/* Keeps coefficient J (0-based, without intercept) inside its sign rule. */
static double
project(const struct er_logit_opts *o, size_t j, double b)
{
	int s = sign_of(o, j);
	if (s == ER_LOGIT_NONNEG && b < 0)
		return 0;
	if (s == ER_LOGIT_NONPOS && b > 0)
		return 0;
	return b;
}

static double
objective(const double *x, const double *y, const double *w, size_t n, size_t p, double l2, const double *beta,
          double wsum)
{
	double loss = 0;
	for (size_t i = 0; i < n; i++) {
		double eta = er_logit_eta(beta, x + i * p, p);
		double li = softplus(eta) - y[i] * eta;
		loss += (w ? w[i] : 1) * li;
	}
	double pen = 0;
	for (size_t j = 1; j <= p; j++)
		pen += beta[j] * beta[j];
	return loss / wsum + 0.5 * l2 * pen;
}

/* Solves min_d g'd + d'Hd/2 with BETA + d inside the sign rules (intercept free) by cyclic
 * coordinate descent; H is (P+1)x(P+1), positive definite on the free part. */
static void
solve_box_qp(const double *h, const double *g, const double *beta, size_t p, const struct er_logit_opts *o, double *d)
{
	size_t k = p + 1;
	memset(d, 0, k * sizeof *d);
	for (int sweep = 0; sweep < 1000; sweep++) {
		double moved = 0;
		for (size_t a = 0; a < k; a++) {
			double haa = h[a * k + a];
			if (!(haa > 0))
				continue;
			/* gradient of the model in coordinate a */
			double ga = g[a];
			for (size_t b = 0; b < k; b++)
				ga += h[a * k + b] * d[b];
			double da = d[a] - ga / haa;
			if (a > 0)
				da = project(o, a - 1, beta[a] + da) - beta[a];
			double change = fabs(da - d[a]);
			if (change > moved)
				moved = change;
			d[a] = da;
		}
		if (moved < 1e-15)
			break;
	}
}

/* The same problem for a design wider than it is long (more indicators than rows), without
 * forming H = X'VX/wsum + ridge: the model's gradient in coordinate a is g_a + x_a'V(Xd)/wsum
 * + ridge_a d_a, and Xd is kept up to date, so a sweep costs O(n p), not O(p^2) (and the
 * O(n p^2) Hessian is never built). XT is X by columns (P x N: a column's rows at hand in
 * cache; the intercept's column is 1s), V the rows' weights already divided by wsum, HD
 * scratch of P+1 and U of N doubles. */
static void
solve_box_qp_rows(const double *xt, const double *v, size_t n, size_t p, double l2, const double *g, const double *beta,
                  const struct er_logit_opts *o, double *d, double *hd, double *u)
{
	size_t k = p + 1;
	memset(d, 0, k * sizeof *d);
	memset(u, 0, n * sizeof *u);
	memset(hd, 0, k * sizeof *hd);
	for (size_t i = 0; i < n; i++)
		hd[0] += v[i];
	for (size_t a = 0; a < p; a++)
		for (size_t i = 0; i < n; i++)
			hd[a + 1] += v[i] * xt[a * n + i] * xt[a * n + i];
	for (size_t a = 0; a < k; a++)
		hd[a] += (a ? l2 : 0) + 1e-12;
	for (int sweep = 0; sweep < 1000; sweep++) {
		double moved = 0;
		for (size_t a = 0; a < k; a++) {
			if (!(hd[a] > 0))
				continue;
			double ga = g[a] + ((a ? l2 : 0) + 1e-12) * d[a];
			const double *xa = a ? xt + (a - 1) * n : NULL;
			for (size_t i = 0; i < n; i++)
				ga += v[i] * (xa ? xa[i] : 1) * u[i];
			double da = d[a] - ga / hd[a];
			if (a > 0)
				da = project(o, a - 1, beta[a] + da) - beta[a];
			double delta = da - d[a];
			if (delta == 0)
				continue;
			if (fabs(delta) > moved)
				moved = fabs(delta);
			d[a] = da;
			for (size_t i = 0; i < n; i++)
				u[i] += delta * (xa ? xa[i] : 1);
		}
		if (moved < 1e-15)
			break;
	}
}

/* Over 120 lines: one Newton iteration loop (gradient, Hessian, constrained step, line search,
 * convergence) over shared work arrays; split, every step would take the same eight arrays. */
int
er_logit_fit(const double *x, const double *y, const double *w, size_t n, size_t p, const struct er_logit_opts *o,
             double *beta, struct er_logit_info *info, char *err)
{
	if (n == 0)
		return er_fail(err, ER_EUSAGE, "cannot fit a logistic regression to no rows");
	if (!(o->l2 >= 0) || o->max_iter < 1 || !(o->tol > 0))
		return er_fail(err, ER_EUSAGE, "bad logistic regression options");
	size_t k = p + 1;
	/* wider than long: the QP is solved on the rows (solve_box_qp_rows), no k x k Hessian */
	int wide = k > n;
	double *h = malloc(wide ? (k + 2 * n + p * n) * sizeof *h : k * k * sizeof *h);
	double *g = malloc(k * sizeof *g);
	double *d = malloc(k * sizeof *d);
	double *trial = malloc(k * sizeof *trial);
	size_t *nzcol = malloc(k * sizeof *nzcol);
	if (!h || !g || !d || !trial || !nzcol) {
		free(h), free(g), free(d), free(trial), free(nzcol);
		return er_fail(err, ER_ENOMEM, "out of memory fitting a logistic regression");
	}
	double wsum = 0;
	for (size_t i = 0; i < n; i++)
		wsum += w ? w[i] : 1;
	if (!(wsum > 0)) {
		free(h), free(g), free(d), free(trial), free(nzcol);
		return er_fail(err, ER_EUSAGE, "cannot fit a logistic regression: weights sum to 0");
	}
	for (size_t j = 0; j < p; j++)
		beta[j + 1] = project(o, j, beta[j + 1]);

	double f = objective(x, y, w, n, p, o->l2, beta, wsum);
	int iter = 0, converged = 0;
	while (iter < o->max_iter) {
		iter++;
		memset(g, 0, k * sizeof *g);
		if (wide) {
			double *v = h + k + n, *xt = v + n;
			if (iter == 1)
				for (size_t i = 0; i < n; i++)
					for (size_t a = 0; a < p; a++)
						xt[a * n + i] = x[i * p + a];
			for (size_t i = 0; i < n; i++) {
				const double *xi = x + i * p;
				double wi = w ? w[i] : 1;
				double pi = er_logit_sigmoid(er_logit_eta(beta, xi, p));
				double r = wi * (pi - y[i]);
				v[i] = wi * pi * (1 - pi) / wsum;
				g[0] += r;
				for (size_t a = 0; a < p; a++)
					g[a + 1] += r * xi[a];
			}
			for (size_t a = 0; a < k; a++)
				g[a] = g[a] / wsum + (a ? o->l2 * beta[a] : 0);
			solve_box_qp_rows(xt, v, n, p, o->l2, g, beta, o, d, h, h + k);
		} else {
			memset(h, 0, k * k * sizeof *h);
			for (size_t i = 0; i < n; i++) {
				const double *xi = x + i * p;
				double wi = w ? w[i] : 1;
				double pi = er_logit_sigmoid(er_logit_eta(beta, xi, p));
				double r = wi * (pi - y[i]);
				double v = wi * pi * (1 - pi);
				g[0] += r;
				h[0] += v;
				/* Only the non-zero columns: bin-step designs are mostly zeros, and the
				 * Hessian's cost is the square of what is left. */
				size_t nz = 0;
				for (size_t a = 0; a < p; a++)
					if (xi[a] != 0)
						nzcol[nz++] = a;
				for (size_t q = 0; q < nz; q++) {
					size_t a = nzcol[q];
					double va = v * xi[a];
					g[a + 1] += r * xi[a];
					h[a + 1] += va; /* row 0, column a+1; mirrored below */
					double *row = h + (a + 1) * k + 1;
					for (size_t t = 0; t <= q; t++)
						row[nzcol[t]] += va * xi[nzcol[t]];
				}
			}
			for (size_t a = 0; a < k; a++) {
				g[a] /= wsum;
				for (size_t b = 0; b <= a; b++) {
					double v = (b == 0 ? h[a] : h[a * k + b]) / wsum;
					h[a * k + b] = v;
					h[b * k + a] = v;
				}
			}
			for (size_t j = 1; j < k; j++) {
				g[j] += o->l2 * beta[j];
				h[j * k + j] += o->l2;
			}
			/* A tiny ridge keeps the model solvable when a column is constant. */
			for (size_t a = 0; a < k; a++)
				h[a * k + a] += 1e-12;
			solve_box_qp(h, g, beta, p, o, d);
		}

		double slope = 0, step = 0;
		for (size_t a = 0; a < k; a++) {
			slope += g[a] * d[a];
			if (fabs(d[a]) > step)
				step = fabs(d[a]);
		}
		if (step < o->tol) {
			converged = 1;
			break;
		}
		double t = 1, ft = f;
		int accepted = 0;
		/* Near the optimum the objective's change is below its rounding, so the descent
		 * test would refuse the last, most accurate steps: Newton converges there anyway. */
		int near = step < 1e-5;
		for (int half = 0; half < 60; half++) {
			for (size_t a = 0; a < k; a++)
				trial[a] = a == 0 ? beta[0] + t * d[0] : project(o, a - 1, beta[a] + t * d[a]);
			ft = objective(x, y, w, n, p, o->l2, trial, wsum);
			if (near || ft <= f + 1e-4 * t * slope) {
				accepted = 1;
				break;
			}
			t /= 2;
		}
		if (!accepted) {
			/* No descent left at machine precision: this is the optimum. */
			converged = 1;
			break;
		}
		memcpy(beta, trial, k * sizeof *beta);
		f = ft;
		if (t * step < o->tol) {
			converged = 1;
			break;
		}
	}
	if (info) {
		info->iterations = iter;
		info->converged = converged;
		info->loss = f;
	}
	free(h), free(g), free(d), free(trial), free(nzcol);
	return 0;
}
