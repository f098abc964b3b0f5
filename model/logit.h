/* logit: logistic regression with an L2 penalty and sign constraints, for scorecards.
 *
 * Minimises  (1/W) * sum_i w_i * [-y_i ln p_i - (1 - y_i) ln(1 - p_i)]  +  (l2/2) * sum_j b_j^2
 * with p_i = 1 / (1 + exp(-(b_0 + sum_j b_j x_ij))), W = sum_i w_i. The intercept b_0 is
 * neither penalised nor constrained. Each coefficient may be kept >= 0 or <= 0, which is how
 * a scorecard keeps every indicator's economic sign (on WOE values a bad-increasing bin must
 * never earn points, so its coefficient stays >= 0).
 *
 * The method is projected Newton: each step solves the box-constrained quadratic model by
 * cyclic coordinate descent, then halves the step until the objective falls. It is exact for
 * the small dense problems of a scorecard (tens of columns) and deterministic. */
#ifndef ER_LOGIT_H
#define ER_LOGIT_H

#include <stddef.h>

/* Sign rule per coefficient. */
enum er_logit_sign { ER_LOGIT_FREE = 0, ER_LOGIT_NONNEG = 1, ER_LOGIT_NONPOS = -1 };

struct er_logit_opts {
	double l2;               /* penalty strength on the mean loss (>= 0) */
	const signed char *sign; /* P entries of enum er_logit_sign, or NULL: all free */
	int max_iter;            /* Newton steps (default 100) */
	double tol;              /* stop when no coefficient moves more than this (1e-10) */
};

struct er_logit_info {
	int iterations; /* Newton steps taken */
	int converged;  /* 1 when the step fell below tol */
	double loss;    /* final objective */
};

/* Sets the defaults: l2 0, no sign rules, 100 steps, tol 1e-10. Can't fail. */
void er_logit_opts_init(struct er_logit_opts *o);

/* Fits the model to rows X[i*P .. i*P+P-1] (i < N), labels Y (0 or 1) and optional row
 * weights W (NULL: all 1). BETA (P+1 entries: intercept first) is the starting point on entry
 * (zeros are fine; out-of-sign starts are projected) and the fit on return. INFO may be NULL.
 * Returns 0 (also when max_iter is reached: INFO says so), ER_EUSAGE for no rows or a bad
 * option, or ER_ENOMEM, with a message in ERR. */
int er_logit_fit(const double *x, const double *y, const double *w, size_t n, size_t p, const struct er_logit_opts *o,
                 double *beta, struct er_logit_info *info, char *err);

/* The linear predictor b_0 + sum_j b_j x_j of one row X (P entries). Can't fail. */
double er_logit_eta(const double *beta, const double *x, size_t p);

/* 1 / (1 + exp(-ETA)), computed without overflow. Can't fail. */
double er_logit_sigmoid(double eta);

#endif
