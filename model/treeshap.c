/* treeshap: TreeSHAP by the recursive walk and by per-leaf pattern tables. */
#include "model/treeshap.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"

/* ---- TreeSHAP (Lundberg, Erion and Lee 2018, algorithm 2; XGBoost's TreeShap) ----
 * The path holds the unique features split on from the root to the node, each with the share
 * of cover that goes its way (zero) and whether the row goes its way (one); pweight[i] is the
 * weight of the subsets of size i. The steps are XGBoost's, in double precision. */

static size_t
depth_of(const struct er_gbdt_node *t, size_t i)
{
	if (t[i].left < 0)
		return 0;
	size_t l = depth_of(t, (size_t)t[i].left), r = depth_of(t, (size_t)t[i].right);
	return 1 + (l > r ? l : r);
}

size_t
er_treeshap_scratch(const struct er_gbdt *g)
{
	size_t d = 0;
	for (size_t k = 0; k < g->ntrees; k++) {
		size_t dk = depth_of(g->nodes + g->tree_start[k], 0);
		if (dk > d)
			d = dk;
	}
	return (d + 2) * (d + 3) / 2;
}

static void
extend_path(struct er_gbdt_path *p, unsigned d, double zero, double one, int32_t feature)
{
	p[d].feature = feature;
	p[d].zero = zero;
	p[d].one = one;
	p[d].pweight = d == 0 ? 1 : 0;
	for (int i = (int)d - 1; i >= 0; i--) {
		p[i + 1].pweight += one * p[i].pweight * (i + 1) / (double)(d + 1);
		p[i].pweight = zero * p[i].pweight * (d - (unsigned)i) / (double)(d + 1);
	}
}

static void
unwind_path(struct er_gbdt_path *p, unsigned d, unsigned at)
{
	double one = p[at].one, zero = p[at].zero, next = p[d].pweight;
	for (int i = (int)d - 1; i >= 0; i--) {
		if (one != 0) {
			double tmp = p[i].pweight;
			p[i].pweight = next * (d + 1) / ((i + 1) * one);
			next = tmp - p[i].pweight * zero * (d - (unsigned)i) / (double)(d + 1);
		} else {
			p[i].pweight = p[i].pweight * (d + 1) / (zero * (d - (unsigned)i));
		}
	}
	for (unsigned i = at; i < d; i++) {
		p[i].feature = p[i + 1].feature;
		p[i].zero = p[i + 1].zero;
		p[i].one = p[i + 1].one;
	}
}

/* The total weight of the path's subsets with element AT taken out. */
static double
unwound_sum(const struct er_gbdt_path *p, unsigned d, unsigned at)
{
	double one = p[at].one, zero = p[at].zero, next = p[d].pweight, total = 0;
	for (int i = (int)d - 1; i >= 0; i--) {
		if (one != 0) {
			double tmp = next * (d + 1) / ((i + 1) * one);
			total += tmp;
			next = p[i].pweight - tmp * zero * ((d - (unsigned)i) / (double)(d + 1));
		} else if (zero != 0) {
			total += p[i].pweight / zero / ((d - (unsigned)i) / (double)(d + 1));
		}
	}
	return total;
}

static void
shap_walk(const struct er_gbdt_node *t, const float *x, double *phi, size_t node, unsigned depth,
          struct er_gbdt_path *parent, double pzero, double pone, int32_t pfeature)
{
	struct er_gbdt_path *p = parent + depth + 1;
	memcpy(p, parent, (depth + 1) * sizeof *p);
	extend_path(p, depth, pzero, pone, pfeature);
	const struct er_gbdt_node *nd = &t[node];
	if (nd->left < 0) {
		for (unsigned i = 1; i <= depth; i++) {
			double w = unwound_sum(p, depth, i);
			phi[p[i].feature] += w * (p[i].one - p[i].zero) * nd->cond;
		}
		return;
	}
	float v = x[nd->feature];
	int left = isnan(v) ? nd->default_left : v < nd->cond;
	size_t hot = (size_t)(left ? nd->left : nd->right), cold = (size_t)(left ? nd->right : nd->left);
	/* the shares over the children's covers, as the means are set, so the sum is exact */
	double ch = t[hot].cover, cc = t[cold].cover, sum = ch + cc;
	double hz = sum > 0 ? ch / sum : 0.5, cz = sum > 0 ? cc / sum : 0.5;
	double inz = 1, ino = 1;
	unsigned at = 0;
	while (at <= depth && p[at].feature != nd->feature)
		at++;
	if (at <= depth) {
		/* split on this feature before: undo that split and redo it here */
		inz = p[at].zero;
		ino = p[at].one;
		unwind_path(p, depth, at);
		depth--;
	}
	shap_walk(t, x, phi, hot, depth + 1, p, hz * inz, ino, nd->feature);
	shap_walk(t, x, phi, cold, depth + 1, p, cz * inz, 0, nd->feature);
}

double
er_treeshap_walk(const struct er_gbdt *g, const float *x, double *contrib, struct er_gbdt_path *path)
{
	memset(contrib, 0, g->ncols * sizeof *contrib);
	double bias = g->base_margin;
	for (size_t k = 0; k < g->ntrees; k++) {
		const struct er_gbdt_node *t = g->nodes + g->tree_start[k];
		bias += t[0].mean;
		shap_walk(t, x, contrib, 0, 0, path, 1, 1, -1);
	}
	return bias;
}

/* ---- pattern tables ---- */

struct leaf {
	uint32_t uniq0, k; /* its unique features: into ufeat */
	size_t table0;     /* 2^k * k contributions: into values */
};

struct er_treeshap {
	struct leaf *leaves;
	size_t nleaves;
	uint32_t *tree_leaf; /* ntrees + 1 offsets into leaves */
	int32_t *ufeat;
	double *values;
	double bias;
	uint8_t *nbit; /* per internal node: the bit of its feature among its path's unique ones */
};

/* What a walk down a tree collects: the splits so far and the unique features' products. */
struct trail {
	int32_t feat[64];
	double zero[64];
	unsigned depth, k;
};

/* Counts (SIZES only) or fills the leaves below node I of tree T (global offset B). */
static int
collect(er_treeshap *s, const struct er_gbdt *g, size_t b, size_t i, struct trail *tr, size_t *nleaves, size_t *nuniq,
        size_t *nvalues, size_t max_values, int fill)
{
	const struct er_gbdt_node *t = g->nodes + b, *nd = &t[i];
	if (nd->left < 0) {
		if (tr->k > 20 || *nvalues + ((size_t)1 << tr->k) * tr->k > max_values)
			return -1;
		if (fill) {
			struct leaf *lf = &s->leaves[*nleaves];
			lf->uniq0 = (uint32_t)*nuniq;
			lf->k = tr->k;
			lf->table0 = *nvalues;
			memcpy(s->ufeat + *nuniq, tr->feat, tr->k * sizeof *tr->feat);
			/* every pattern of agreement: the path as the walk would build it */
			struct er_gbdt_path p[66];
			for (uint32_t pat = 0; pat < (1u << tr->k); pat++) {
				extend_path(p, 0, 1, 1, -1);
				for (unsigned u = 0; u < tr->k; u++)
					extend_path(p, u + 1, tr->zero[u], (double)(pat >> u & 1), tr->feat[u]);
				double *v = s->values + lf->table0 + (size_t)pat * tr->k;
				for (unsigned u = 0; u < tr->k; u++)
					v[u] = unwound_sum(p, tr->k, u + 1) * (p[u + 1].one - p[u + 1].zero) * nd->cond;
			}
		}
		(*nleaves)++;
		*nuniq += tr->k;
		*nvalues += ((size_t)1 << tr->k) * tr->k;
		return 0;
	}
	if (tr->depth >= 64) /* deeper than er_treeshap_row's stack */
		return -1;
	size_t l = (size_t)nd->left, r = (size_t)nd->right;
	double cl = t[l].cover, cr = t[r].cover, sum = cl + cr;
	unsigned u = 0;
	while (u < tr->k && tr->feat[u] != nd->feature)
		u++;
	int added = u == tr->k;
	if (fill)
		s->nbit[b + i] = (uint8_t)u;
	if (added) {
		tr->feat[u] = nd->feature;
		tr->zero[u] = 1;
		tr->k++;
	}
	double was = tr->zero[u];
	for (int side = 0; side < 2; side++) {
		size_t c = side ? r : l;
		tr->zero[u] = was * (sum > 0 ? (side ? cr : cl) / sum : 0.5);
		tr->depth++;
		int rc = collect(s, g, b, c, tr, nleaves, nuniq, nvalues, max_values, fill);
		tr->depth--;
		if (rc)
			return rc;
	}
	tr->zero[u] = was;
	if (added)
		tr->k--;
	return 0;
}

void
er_treeshap_free(er_treeshap *s)
{
	if (!s)
		return;
	free(s->leaves);
	free(s->tree_leaf);
	free(s->ufeat);
	free(s->values);
	free(s->nbit);
	free(s);
}

int
er_treeshap_open(const struct er_gbdt *g, size_t max_bytes, er_treeshap **out)
{
	*out = NULL;
	size_t nleaves = 0, nuniq = 0, nvalues = 0, max_values = max_bytes / sizeof(double);
	struct trail tr;
	for (size_t k = 0; k < g->ntrees; k++) {
		memset(&tr, 0, sizeof tr);
		if (collect(NULL, g, g->tree_start[k], 0, &tr, &nleaves, &nuniq, &nvalues, max_values, 0))
			return 0; /* too large: the walk */
	}
	er_treeshap *s = calloc(1, sizeof *s);
	if (!s)
		return ER_ENOMEM;
	s->leaves = malloc((nleaves ? nleaves : 1) * sizeof *s->leaves);
	s->tree_leaf = malloc((g->ntrees + 1) * sizeof *s->tree_leaf);
	s->ufeat = malloc((nuniq ? nuniq : 1) * sizeof *s->ufeat);
	s->values = malloc((nvalues ? nvalues : 1) * sizeof *s->values);
	s->nbit = calloc(g->nnodes ? g->nnodes : 1, 1);
	if (!s->leaves || !s->tree_leaf || !s->ufeat || !s->values || !s->nbit) {
		er_treeshap_free(s);
		return ER_ENOMEM;
	}
	s->nleaves = nleaves;
	nleaves = nuniq = nvalues = 0;
	s->bias = g->base_margin;
	for (size_t k = 0; k < g->ntrees; k++) {
		memset(&tr, 0, sizeof tr);
		s->tree_leaf[k] = (uint32_t)nleaves;
		s->bias += g->nodes[g->tree_start[k]].mean;
		collect(s, g, g->tree_start[k], 0, &tr, &nleaves, &nuniq, &nvalues, SIZE_MAX, 1);
	}
	s->tree_leaf[g->ntrees] = (uint32_t)nleaves;
	*out = s;
	return 0;
}

double
er_treeshap_row(const er_treeshap *s, const struct er_gbdt *g, const float *x, double *contrib)
{
	memset(contrib, 0, g->ncols * sizeof *contrib);
	/* One walk down each tree, left before right as the tables were made (so the leaves
	 * come in their order and the sums are added in the same order): a leaf's pattern is
	 * carried down, a bit cleared below a split the row does not take, so each split is
	 * decided once and no leaf re-reads its path. */
	struct {
		uint32_t node, pat;
	} stack[64];
	for (size_t k = 0; k < g->ntrees; k++) {
		const struct er_gbdt_node *t = g->nodes + g->tree_start[k];
		const uint8_t *nbit = s->nbit + g->tree_start[k];
		const struct leaf *lf = s->leaves + s->tree_leaf[k];
		unsigned sp = 0;
		uint32_t i = 0, pat = UINT32_MAX;
		for (;;) {
			const struct er_gbdt_node *nd = &t[i];
			if (nd->left >= 0) {
				float v = x[nd->feature];
				int left = isnan(v) ? nd->default_left : v < nd->cond;
				uint32_t off = pat & ~(1u << nbit[i]);
				stack[sp].node = (uint32_t)nd->right;
				stack[sp].pat = left ? off : pat;
				sp++;
				pat = left ? pat : off;
				i = (uint32_t)nd->left;
				continue;
			}
			const double *v = s->values + lf->table0 + (size_t)(pat & ((1u << lf->k) - 1)) * lf->k;
			const int32_t *f = s->ufeat + lf->uniq0;
			for (uint32_t u = 0; u < lf->k; u++)
				contrib[f[u]] += v[u];
			lf++;
			if (!sp)
				break;
			sp--;
			i = stack[sp].node;
			pat = stack[sp].pat;
		}
	}
	return s->bias;
}
