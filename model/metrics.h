/* metrics: how well a score separates bad from good (AUC, KS, Gini) and the curves behind them.
 * Scores are "higher is riskier" (a probability of bad or a log-odds); labels are 1 bad, 0 good.
 * AUC is the Mann-Whitney statistic with ties counting one half; Gini = 2 AUC - 1; KS is the
 * largest gap between the cumulative bad and good shares, taken between groups of equal scores.
 * Scores are sorted by lib/sort's radix order; a NaN score has no defined place. */
#ifndef ER_METRICS_H
#define ER_METRICS_H

#include <stddef.h>
#include <stdint.h>

struct er_metrics {
	size_t n, bad;        /* rows and bad rows */
	double auc, ks, gini; /* NaN when there is no bad or no good row */
	double ks_score;      /* the score where KS is reached (rows >= it count as flagged) */
};

/* Computes the metrics of SCORE[0..N-1] against Y. Returns 0 or ER_ENOMEM (ERR set). */
int er_metrics_compute(const double *score, const unsigned char *y, size_t n, struct er_metrics *out, char *err);

/* The AUC of float scores SCORE[0..N-1] (a booster's probabilities, checked every round)
 * against Y: er_metrics_compute's auc of the same scores to the bit (the same sums over the
 * same groups of equal scores, in the same order), from a radix sort of the floats' 32 bits
 * in WORK (2 * N entries of scratch, the caller's) with no allocation. NaN when there is no
 * bad or no good row; the scores must not be NaN. Can't fail. */
double er_metrics_auc_float(const float *score, const unsigned char *y, size_t n, uint64_t *work);

/* One point of a curve per distinct score, from the riskiest down. */
struct er_metrics_point {
	double score; /* rows with score >= this are flagged */
	double tpr;   /* share of bad rows flagged */
	double fpr;   /* share of good rows flagged */
};

/* The ROC points (first (0,0) at +inf, then one per distinct score) into a new array *PTS of
 * *NPTS entries, which the caller frees. Returns 0 or ER_ENOMEM (ERR set). */
int er_metrics_roc(const double *score, const unsigned char *y, size_t n, struct er_metrics_point **pts, size_t *npts,
                   char *err);

#endif
