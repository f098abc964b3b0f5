/* psi: the population stability index of one distribution against a baseline,
 * PSI = sum over bins of (actual share - expected share) * ln(actual share / expected share).
 * An empty bin counts as ZC rows (the zero-count rule) so that its log stays finite.
 * The usual reading: below 0.1 stable, 0.1 to 0.25 a moderate shift, 0.25 and over a major one.
 * Used for the score (PSI) and for each indicator (CSI, the same formula per indicator). */
#ifndef ER_PSI_H
#define ER_PSI_H

#include <stddef.h>

/* The PSI of the counts ACTUAL[0..N-1] against EXPECTED[0..N-1], an empty bin counting as ZC
 * (> 0) rows. NaN when N is 0. Can't fail. */
double er_psi_counts(const double *expected, const double *actual, size_t n, double zc);

/* The bin edges of equal-count bins of the ascending values SORTED[0..N-1]: at most NBINS - 1
 * distinct cut points into EDGES (room for NBINS - 1), returned as their number. A value v
 * falls in bin er_psi_bin(edges, k, v). Can't fail. */
size_t er_psi_edges(const double *sorted, size_t n, size_t nbins, double *edges);

/* The bin of V among the K ascending EDGES: the number of edges strictly below V, so a value
 * equal to an edge goes with the lower bin. Can't fail. */
size_t er_psi_bin(const double *edges, size_t k, double v);

/* "stable" (below 0.1), "moderate" (0.1 to 0.25), "major" (0.25 and over) or "" for NaN. */
const char *er_psi_band(double psi);

#endif
