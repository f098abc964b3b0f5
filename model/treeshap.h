/* treeshap: exact TreeSHAP contributions of a row to the trees' log-odds (Lundberg, Erion
 * and Lee 2018, algorithm 2, as XGBoost's pred_contribs computes them), from each node's cover.
 *
 * Two ways give the same values (to rounding): er_treeshap_walk is the recursive algorithm
 * itself, O(leaves * depth^2) per tree with divisions at every step; er_treeshap_row reads
 * tables made once per model (er_treeshap_open). A leaf's share of each feature depends only
 * on which of the unique features on its path the row agrees with (a pattern of k bits, k at
 * most the depth), so each leaf keeps its k contributions for each of the 2^k patterns; a
 * row then costs one comparison per node and k additions per leaf. The tables take
 * sum over leaves of 2^k * k doubles (12 MB for 300 trees of depth 5), so deep trees whose
 * tables would pass a limit keep the walk.
 *
 * Both use a child's share of its parent's cover taken over the two children's covers (as
 * the nodes' means are set), so contributions plus the bias sum to the margin to rounding. */
#ifndef ER_TREESHAP_H
#define ER_TREESHAP_H

#include <stddef.h>
#include <stdint.h>

#include "model/gbdt.h"

/* One element of TreeSHAP's path of unique features (scratch for er_treeshap_walk). */
struct er_gbdt_path {
	int32_t feature;
	double zero, one, pweight;
};

/* The number of er_gbdt_path elements er_treeshap_walk needs as scratch for G:
 * (D+2)(D+3)/2 for its deepest tree's depth D. Can't fail. */
size_t er_treeshap_scratch(const struct er_gbdt *g);

/* Fills CONTRIB[0..ncols-1] with row X's TreeSHAP contributions to its log-odds by the
 * recursive walk, using PATH (er_treeshap_scratch(G) elements) as scratch, and returns the
 * bias (base_margin plus each tree's root mean). G must have covers. Can't fail. */
double er_treeshap_walk(const struct er_gbdt *g, const float *x, double *contrib, struct er_gbdt_path *path);

typedef struct er_treeshap er_treeshap;

/* Makes the pattern tables of G (which must have covers and stay alive and unchanged while
 * *OUT is used) when they take at most MAX_BYTES, else *OUT = NULL (use the walk). Returns
 * 0 or ER_ENOMEM. Free with er_treeshap_free. */
int er_treeshap_open(const struct er_gbdt *g, size_t max_bytes, er_treeshap **out);

/* The same contributions and bias as er_treeshap_walk, from the tables S of G. Can't fail. */
double er_treeshap_row(const er_treeshap *s, const struct er_gbdt *g, const float *x, double *contrib);

/* Frees S (may be NULL). */
void er_treeshap_free(er_treeshap *s);

#endif
