/* delong: DeLong, DeLong and Clarke-Pearson's (1988) test of two correlated AUCs, two scores
 * of the same rows against the same labels ("higher is riskier", ties count one half, as in
 * model/metrics). The variance of AUC1 - AUC2 comes from the structural components: for each
 * bad row the share of good rows it outranks, for each good row the share of bad rows that
 * outrank it; computed from midranks (Sun and Xu's fast form), three sorts per score. */
#ifndef ER_DELONG_H
#define ER_DELONG_H

#include <stddef.h>

struct er_delong {
	double diff;   /* AUC1 - AUC2, as given */
	double se;     /* its standard error; NaN without two bad and two good rows */
	double z, p;   /* z = diff / se and the two-sided p-value (se 0: p 1 when diff is 0, else 0) */
	double lo, hi; /* the 95 % confidence interval of diff */
};

/* The standard error of AUC(S1) - AUC(S2) on rows Y[0..N-1] (1 bad, 0 good) into *SE.
 * Returns 0 or ER_ENOMEM (ERR set). */
int er_delong_se(const double *s1, const double *s2, const unsigned char *y, size_t n, double *se, char *err);

/* Fills OUT from the AUC difference DIFF and its standard error SE. Can't fail. */
void er_delong_test(double diff, double se, struct er_delong *out);

#endif
