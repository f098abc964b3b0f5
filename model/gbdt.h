/* gbdt: gradient-boosted trees for a good/bad label, trained by XGBoost (hist method) and
 * scored natively.
 *
 * Training goes through XGBoost's C API with logistic loss. The trained booster is exported
 * as XGBoost's JSON model and converted into flat node arrays (er_gbdt), which is what the
 * model file stores and what scoring walks: no XGBoost is needed to score. The walk follows
 * XGBoost's rules exactly: a row goes left when (float)x < cond, a missing value (NaN) follows
 * the node's default direction, and the margin is base_margin plus the leaf values summed in
 * single precision in tree order, so it equals XGBoost's own prediction.
 *
 * Contributions are exact TreeSHAP values (Lundberg et al. 2018, algorithm 2), as XGBoost's
 * own pred_contribs computes them, from each node's cover (the training rows' hessian that
 * reached it): the contributions of a row plus the bias (base margin plus each tree's
 * cover-weighted mean leaf) sum to its margin. The walk is native, in double precision, with
 * a child's share of its parent's cover taken over the two children's covers, so the sum
 * holds to rounding. A model read from a file written before covers were stored has none;
 * its contributions fall back to the path rule (Saabas: moving from a node to its child
 * credits the change of the mean leaf to the node's feature), which also sums to the margin
 * but is not SHAP. */
#ifndef ER_GBDT_H
#define ER_GBDT_H

#include <stddef.h>
#include <stdint.h>

/* Largest tree input: XGBoost refuses inf, a double cast to a float it cannot hold is
 * undefined, and XGBoost's last histogram cut (about twice the largest value) must stay a
 * float, or its model dump holds "Infinity", which is not JSON. */
#define ER_GBDT_INPUT_MAX 1e38

/* The tree input for value X: NaN (missing) stays NaN; beyond +-ER_GBDT_INPUT_MAX (1e39)
 * it is clipped to it, in training and scoring alike. Can't fail. */
static inline float
er_gbdt_input(double x)
{
	return x > ER_GBDT_INPUT_MAX     ? (float)ER_GBDT_INPUT_MAX
		: x < -ER_GBDT_INPUT_MAX ? (float)-ER_GBDT_INPUT_MAX
					 : (float)x;
}

struct er_gbdt_node {
	int32_t left, right;  /* child indexes inside the tree; -1 for a leaf */
	int32_t feature;      /* input column tested (internal nodes) */
	int32_t default_left; /* 1: a missing value goes left */
	float cond;           /* split threshold, or the leaf value */
	float cover;          /* training hessian that reached the node (XGBoost's sum_hessian;
	                         0 when the file had none) */
	double mean;          /* cover-weighted mean of the leaves below (for contributions) */
};

struct er_gbdt {
	size_t ncols;       /* input columns */
	double base_margin; /* log-odds before the first tree */
	size_t ntrees;
	size_t *tree_start; /* ntrees + 1 offsets into nodes */
	struct er_gbdt_node *nodes;
	size_t nnodes;
	int has_cover; /* 1: nodes hold covers, contributions are TreeSHAP */
};

struct er_gbdt_params {
	int trees;                   /* boosting rounds (400) */
	double eta;                  /* learning rate (0.05) */
	int max_depth;               /* depth limit (5); 0 = none (then max_leaves must be set) */
	int max_leaves;              /* leaf limit, 0 = none; set: leaves grown best-first */
	double subsample;            /* row share per tree (0.8) */
	double colsample;            /* column share per tree (0.8) */
	double min_child_weight;     /* least hessian in a leaf (1) */
	double lambda;               /* L2 on leaf values (1) */
	int max_bin;                 /* histogram bins per column, at most 255 (255) */
	int nthread;                 /* threads (1) */
	uint64_t seed;               /* random seed (0) */
	int early_stop;              /* rounds without a better validation AUC before stopping (50) */
	int keep_all;                /* 1: the model keeps every round trained, not only those up
	                                 to the best (the caller picks a count); 0 (default) */
	const signed char *monotone; /* per input column: 1 the log-odds may only rise with
	                                 the value, -1 only fall, 0 free (XGBoost's
	                                 monotone_constraints); NULL: all free. Not owned */
};

/* What training did. */
struct er_gbdt_info {
	int rounds;       /* rounds trained */
	int best_rounds;  /* trees kept (the best validation AUC when validating) */
	double valid_auc; /* validation AUC at best_rounds, NaN without validation */
};

/* Sets the defaults above. Can't fail. */
void er_gbdt_params_init(struct er_gbdt_params *p);

/* Checks P. Returns 0, or ER_EUSAGE with the first problem in ERR. */
int er_gbdt_params_check(const struct er_gbdt_params *p, char *err);

/* Trains on rows X[i*NCOLS..] (i < N; NaN = missing) with labels Y (0 good, 1 bad). With
 * NVALID > 0 rows XV/YV, stops early when the validation AUC has not improved for
 * early_stop rounds and keeps the best number of trees. OUT is filled (free with
 * er_gbdt_free); INFO may be NULL. MARGIN (N entries, or NULL: not wanted) gets each
 * training row's log-odds under the kept trees as XGBoost predicts it (from its cache when
 * every tree is kept, so nearly free), which equals er_gbdt_margin of the row. Returns 0,
 * ER_EUSAGE (bad parameters), ER_EDATA (XGBoost failed: its message is in ERR) or ER_ENOMEM. */
int er_gbdt_train(const float *x, const float *y, size_t n, size_t ncols, const float *xv, const float *yv,
                  size_t nvalid, const struct er_gbdt_params *p, struct er_gbdt *out, struct er_gbdt_info *info,
                  double *margin, char *err);

/* XGBoost's trained booster, kept to predict rows without converting its trees: what
 * cross-validation needs of a fold's trees (the out-of-fold rows' margins), at a fraction of
 * a conversion's cost. */
struct er_gbdt_fit;

/* Trains as er_gbdt_train (same parameters, same trees, same INFO; keep_all is moot: every
 * round stays) into *OUT, a new fit (free with er_gbdt_fit_free). Returns 0, ER_EUSAGE,
 * ER_EDATA (XGBoost failed: its message is in ERR) or ER_ENOMEM. */
int er_gbdt_fit(const float *x, const float *y, size_t n, size_t ncols, const float *xv, const float *yv, size_t nvalid,
                const struct er_gbdt_params *p, struct er_gbdt_fit **out, struct er_gbdt_info *info, char *err);

/* The log-odds of N rows X[i*ncols..] (ncols as trained; NaN = missing) under the first
 * NTREES trees of F (all when it has fewer) into OUT[i]: XGBoost's own margins, which equal
 * er_gbdt_margin of the converted trees. Returns 0, ER_EDATA (XGBoost failed) or
 * ER_ENOMEM, with ERR. */
int er_gbdt_fit_margins(const struct er_gbdt_fit *f, const float *x, size_t n, size_t ntrees, double *out, char *err);

/* Frees F (may be NULL). */
void er_gbdt_fit_free(struct er_gbdt_fit *f);

/* Converts XGBoost JSON model text JSON[0..LEN-1] (binary:logistic, gbtree) into OUT,
 * keeping the first KEEP trees (0: all). Returns 0, ER_EDATA (not such a model; ERR says
 * what is wrong) or ER_ENOMEM. Free OUT with er_gbdt_free. */
int er_gbdt_from_xgboost_json(const char *json, size_t len, size_t keep, struct er_gbdt *out, char *err);

/* Checks that OUT's trees are well formed (children inside the tree and after their parent,
 * features < ncols, finite values). Returns 0, or ER_EDATA with the problem in ERR. */
int er_gbdt_validate(const struct er_gbdt *g, char *err);

/* Recomputes every internal node's mean from its children, weighted by COVER (one entry per
 * node, in g->nodes order). Can't fail. */
void er_gbdt_set_means(struct er_gbdt *g, const double *cover);

/* The log-odds of row X (g->ncols floats, NaN = missing). Can't fail. */
double er_gbdt_margin(const struct er_gbdt *g, const float *x);

/* Fills CONTRIB[0..ncols-1] with each column's contribution to row X's log-odds and returns
 * the bias (base_margin plus the root means); bias + sum(contrib) equals the margin up to
 * rounding. Can't fail. */
double er_gbdt_contrib(const struct er_gbdt *g, const float *x, double *contrib);

/* Both in one walk: returns the margin exactly as er_gbdt_margin and fills CONTRIB and
 * *BIAS by the path rule (Saabas) of er_gbdt_contrib. Can't fail. */
double er_gbdt_margin_contrib(const struct er_gbdt *g, const float *x, double *contrib, double *bias);

/* Frees what G owns and zeroes it (G may be NULL). */
void er_gbdt_free(struct er_gbdt *g);

#endif
