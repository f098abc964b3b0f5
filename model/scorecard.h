/* scorecard: points scaling and the two-level scorecard fit (indicators within modules, then
 * modules).
 *
 * Scaling: score = A - B * ln(odds of bad), B = pdo / ln 2, A = base_points + B * ln(base_odds),
 * so base_points are given at odds base_odds (bad:good) and every pdo points halve the odds of
 * bad; 600 points at 1/19 with pdo 50 give B = 72.1348, A = 387.6036.
 *
 * The fit: each module's indicators (WOE-coded) get a logistic sub-model with coefficients kept
 * >= 0, so no indicator earns points in its risky direction; its linear predictor is the
 * module's log-odds. A second logistic regression over the module log-odds, again with
 * coefficients >= 0, gives the module weights. The whole model stays linear in the WOE values,
 * so it splits exactly into points per indicator bin. */
#ifndef ER_SCORECARD_H
#define ER_SCORECARD_H

#include <stddef.h>

struct er_scaling {
	double base_points, base_odds, pdo; /* as given */
	double factor;                      /* B */
	double offset;                      /* A */
};

/* The default scaling, one place for the code and the help texts: 600 points at odds of bad
 * 1/19, 50 points to double the odds. Integer literals, so ER_SCALING_TEXT can spell them. */
#define ER_SCALING_BASE_POINTS 600
#define ER_SCALING_BASE_ODDS_GOOD 19 /* the base odds are 1/ER_SCALING_BASE_ODDS_GOOD */
#define ER_SCALING_PDO 50
#define ER_SCALING_TEXT(x) ER_SCALING_TEXT_(x)
#define ER_SCALING_TEXT_(x) #x

/* Fills S. Returns 0, or ER_EUSAGE (pdo 0 or not finite, odds not > 0) with ERR set. */
int er_scaling_init(struct er_scaling *s, double base_points, double base_odds, double pdo, char *err);

/* Points for log-odds of bad ETA: A - B * ETA. */
double er_scaling_score(const struct er_scaling *s, double eta);

/* Log-odds of bad for SCORE: (A - SCORE) / B. */
double er_scaling_eta(const struct er_scaling *s, double score);

/* How indicators enter the fit. WOE: one column per indicator, its bin's WOE, so the
 * indicator's points are its coefficient times the WOE. Bin steps: one 0/1 column per bin
 * above the indicator's safest (bins ranked by WOE), so each bin's points are free except
 * that, coefficients being >= 0, a bin of higher WOE never earns more points than one of
 * lower WOE. Both keep the economic sign; bin steps also fit what a single slope on the WOE
 * cannot (a bin that is riskier in the presence of the other indicators than on its own). */
/* AUTO (er-train's default, model/ensemble.h) is not a coding of its own but the choice of
 * one, with the selection and the finest bins, by out-of-fold AUC; a fit only ever sees the
 * chosen WOE or bin steps. */
enum er_scorecard_coding { ER_SCORECARD_WOE = 0, ER_SCORECARD_BIN_STEPS = 1, ER_SCORECARD_AUTO = 2 };

struct er_scorecard_fit {
	size_t p, nmod;
	double *coef;          /* p: each indicator's coefficient on its WOE in its module */
	double *mod_intercept; /* nmod: each module sub-model's intercept */
	double *mod_weight;    /* nmod: weight of each module's log-odds in the final model */
	double intercept;      /* final model's intercept */
};

/* Fits the two levels on WOE[i*P + j] (row i, indicator j), labels Y (0/1), MODULE[j] < NMOD
 * naming each indicator's module, with L2 penalty L2 at both levels. OUT is filled (free with
 * er_scorecard_fit_free). Returns 0, or ER_EUSAGE / ER_ENOMEM with ERR set. */
int er_scorecard_fit(const double *woe, const double *y, size_t n, size_t p, const size_t *module, size_t nmod,
                     double l2, struct er_scorecard_fit *out, char *err);

/* Log-odds of module M for WOE row X (P values). */
double er_scorecard_module_eta(const struct er_scorecard_fit *f, const size_t *module, size_t m, const double *x);

/* Final log-odds of WOE row X (P values). */
double er_scorecard_eta(const struct er_scorecard_fit *f, const size_t *module, const double *x);

/* Frees what F owns and zeroes it (F may be NULL). */
void er_scorecard_fit_free(struct er_scorecard_fit *f);

#endif
