/* feat_usage: the usage module (meter readings) of the indicator library.
 * Definitions are in the catalogue (feat_catalogue.c). */
#ifndef ER_FEAT_USAGE_H
#define ER_FEAT_USAGE_H

#include <stddef.h>

#include "lib/date.h"
#include "features/feat_series.h"

/* Fills OUT[ER_FEAT_USAGE_*] (OUT has ER_FEAT_COUNT slots) for series S as of ASOF
 * (S anchored at ASOF; NULL: no readings). CONTRACT_KVA <= 0 or NaN means unknown.
 * usage.industry_growth_dev is left NaN: it needs the peers (er_feat_usage_industry_dev).
 * Values that cannot be computed are NaN. Can't fail. */
void er_feat_usage_compute(const struct er_feat_series *s, er_day asof, double contract_kva, double *out);

/* The median of V[0..N-1] (mean of the two middle values when N is even), reordering V;
 * NaN when N is 0. */
double er_feat_median(double *v, size_t n);

/* The nearest-rank P-th percentile (0 < P <= 100) of V[0..N-1], reordering V; NaN when N is 0. */
double er_feat_percentile(double *v, size_t n, double p);

/* For each of the N entities with industry group GROUP[i] (-1: none) and growth GROWTH[i]
 * (NaN: none), writes DEV[i] = GROWTH[i] - the median growth of its group, or NaN.
 * Returns 0, or -1 when out of memory. */
int er_feat_usage_industry_dev(const int *group, const double *growth, size_t n, double *dev);

#endif
