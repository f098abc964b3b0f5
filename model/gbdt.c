/* gbdt: XGBoost training through its C API, conversion of its JSON model, native scoring. */
#include "model/gbdt.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <omp.h>
#include <xgboost/c_api.h>

#include "lib/err.h"
#include "model/metrics.h"

void
er_gbdt_params_init(struct er_gbdt_params *p)
{
	p->trees = 400;
	p->eta = 0.05;
	p->max_depth = 5;
	p->max_leaves = 0;
	p->subsample = 0.8;
	p->colsample = 0.8;
	p->min_child_weight = 1;
	p->lambda = 1;
	p->max_bin = 255;
	p->nthread = 1;
	p->seed = 0;
	p->early_stop = 50;
	p->keep_all = 0;
	p->monotone = NULL;
}

int
er_gbdt_params_check(const struct er_gbdt_params *p, char *err)
{
	if (p->trees < 1 || p->trees > 100000)
		return er_fail(err, ER_EUSAGE, "number of trees must be 1 to 100000, not %d", p->trees);
	if (!(p->eta > 0 && p->eta <= 1))
		return er_fail(err, ER_EUSAGE, "learning rate must be in (0,1]");
	if (p->max_depth < 0 || p->max_depth > 20)
		return er_fail(err, ER_EUSAGE, "depth must be 0 to 20");
	if (p->max_leaves < 0 || (p->max_depth == 0 && p->max_leaves < 2))
		return er_fail(err, ER_EUSAGE, "a leaf limit of at least 2 is needed without a depth limit");
	if (!(p->subsample > 0 && p->subsample <= 1) || !(p->colsample > 0 && p->colsample <= 1))
		return er_fail(err, ER_EUSAGE, "subsample shares must be in (0,1]");
	if (!(p->min_child_weight >= 0) || !(p->lambda >= 0))
		return er_fail(err, ER_EUSAGE, "min child weight and lambda must be >= 0");
	if (p->max_bin < 2 || p->max_bin > 255)
		return er_fail(err, ER_EUSAGE, "histogram bins must be 2 to 255, not %d", p->max_bin);
	if (p->nthread < 1 || p->nthread > 256)
		return er_fail(err, ER_EUSAGE, "threads must be 1 to 256");
	if (p->early_stop < 1)
		return er_fail(err, ER_EUSAGE, "early stopping rounds must be >= 1");
	return 0;
}

void
er_gbdt_free(struct er_gbdt *g)
{
	if (!g)
		return;
	free(g->tree_start);
	free(g->nodes);
	memset(g, 0, sizeof *g);
}

int
er_gbdt_validate(const struct er_gbdt *g, char *err)
{
	if (!isfinite(g->base_margin))
		return er_fail(err, ER_EDATA, "gbdt base margin is not finite");
	if (g->ntrees && (!g->tree_start || g->tree_start[0] != 0 || g->tree_start[g->ntrees] != g->nnodes))
		return er_fail(err, ER_EDATA, "gbdt tree offsets do not cover the nodes");
	for (size_t t = 0; t < g->ntrees; t++) {
		size_t b = g->tree_start[t], e = g->tree_start[t + 1];
		if (e <= b)
			return er_fail(err, ER_EDATA, "gbdt tree %zu has no nodes", t);
		long n = (long)(e - b);
		for (long i = 0; i < n; i++) {
			const struct er_gbdt_node *nd = &g->nodes[b + (size_t)i];
			if (!isfinite(nd->cond) || !isfinite(nd->mean) || !isfinite(nd->cover) || nd->cover < 0)
				return er_fail(err, ER_EDATA, "gbdt tree %zu node %ld has a value that is not finite",
				               t, i);
			if (nd->left < 0 && nd->right < 0)
				continue;
			/* Children after their parent: no cycles, every walk ends. */
			if (nd->left <= i || nd->left >= n || nd->right <= i || nd->right >= n)
				return er_fail(err, ER_EDATA, "gbdt tree %zu node %ld has a bad child", t, i);
			if (nd->feature < 0 || (size_t)nd->feature >= g->ncols)
				return er_fail(err, ER_EDATA, "gbdt tree %zu node %ld tests a bad column", t, i);
			if (nd->default_left != 0 && nd->default_left != 1)
				return er_fail(err, ER_EDATA, "gbdt tree %zu node %ld has a bad default", t, i);
		}
	}
	return 0;
}

void
er_gbdt_set_means(struct er_gbdt *g, const double *cover)
{
	for (size_t t = 0; t < g->ntrees; t++) {
		size_t b = g->tree_start[t], e = g->tree_start[t + 1];
		/* Children come after parents, so a backward pass sees children first. */
		for (size_t i = e; i-- > b;) {
			struct er_gbdt_node *nd = &g->nodes[i];
			if (nd->left < 0) {
				nd->mean = nd->cond;
				continue;
			}
			size_t l = b + (size_t)nd->left, r = b + (size_t)nd->right;
			double cl = cover[l], cr = cover[r];
			nd->mean = cl + cr > 0 ? (cl * g->nodes[l].mean + cr * g->nodes[r].mean) / (cl + cr)
					       : 0.5 * (g->nodes[l].mean + g->nodes[r].mean);
		}
	}
}

static size_t
leaf_of(const struct er_gbdt_node *t, const float *x)
{
	size_t i = 0;
	while (t[i].left >= 0) {
		float v = x[t[i].feature];
		if (isnan(v))
			i = (size_t)(t[i].default_left ? t[i].left : t[i].right);
		else
			i = (size_t)(v < t[i].cond ? t[i].left : t[i].right);
	}
	return i;
}

double
er_gbdt_margin(const struct er_gbdt *g, const float *x)
{
	/* Single precision in tree order, as XGBoost sums. */
	float m = (float)g->base_margin;
	for (size_t k = 0; k < g->ntrees; k++) {
		const struct er_gbdt_node *t = g->nodes + g->tree_start[k];
		m += t[leaf_of(t, x)].cond;
	}
	return m;
}

double
er_gbdt_contrib(const struct er_gbdt *g, const float *x, double *contrib)
{
	/* the same walk as the margin's; the float margin is one add per tree, not worth a copy */
	double bias;
	(void)er_gbdt_margin_contrib(g, x, contrib, &bias);
	return bias;
}

double
er_gbdt_margin_contrib(const struct er_gbdt *g, const float *x, double *contrib, double *bias)
{
	memset(contrib, 0, g->ncols * sizeof *contrib);
	float m = (float)g->base_margin;
	double b = g->base_margin;
	for (size_t k = 0; k < g->ntrees; k++) {
		const struct er_gbdt_node *t = g->nodes + g->tree_start[k];
		size_t i = 0;
		b += t[0].mean;
		while (t[i].left >= 0) {
			float v = x[t[i].feature];
			size_t next;
			if (isnan(v))
				next = (size_t)(t[i].default_left ? t[i].left : t[i].right);
			else
				next = (size_t)(v < t[i].cond ? t[i].left : t[i].right);
			contrib[t[i].feature] += t[next].mean - t[i].mean;
			i = next;
		}
		m += t[i].cond;
	}
	*bias = b;
	return m;
}

/* ---- conversion from XGBoost's JSON model ---- */

static json_t *
path(json_t *v, const char *const *keys)
{
	for (; v && *keys; keys++)
		v = json_object_get(v, *keys);
	return v;
}

/* The number array KEY of TREE when it has N numbers, else NULL with ERR. */
static json_t *
num_array(json_t *tree, const char *key, size_t n, char *err)
{
	json_t *a = json_object_get(tree, key);
	if (!json_is_array(a) || json_array_size(a) != n) {
		er_fail(err, ER_EDATA, "xgboost model: tree array '%s' missing or of the wrong size", key);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		if (!json_is_number(json_array_get(a, i))) {
			er_fail(err, ER_EDATA, "xgboost model: tree array '%s' holds a non-number", key);
			return NULL;
		}
	return a;
}

static double
num_at(json_t *a, size_t i)
{
	return json_number_value(json_array_get(a, i));
}

/* Reads the model's base score and column count (XGBoost writes both as strings). */
static int
read_params(json_t *root, float *base_score, long *ncols, char *err)
{
	static const char *const k_obj[] = {"learner", "objective", "name", NULL};
	static const char *const k_param[] = {"learner", "learner_model_param", NULL};
	json_t *obj = path(root, k_obj);
	if (!json_is_string(obj) || strcmp(json_string_value(obj), "binary:logistic") != 0)
		return er_fail(err, ER_EDATA, "xgboost model: objective is not binary:logistic");
	json_t *param = path(root, k_param);
	json_t *bs = json_object_get(param, "base_score");
	json_t *nf = json_object_get(param, "num_feature");
	if (!json_is_string(bs) || !json_is_string(nf))
		return er_fail(err, ER_EDATA, "xgboost model: no base_score or num_feature");
	*base_score = strtof(json_string_value(bs), NULL);
	if (!(*base_score > 0 && *base_score < 1))
		return er_fail(err, ER_EDATA, "xgboost model: base_score is not a probability");
	*ncols = strtol(json_string_value(nf), NULL, 10);
	if (*ncols < 1)
		return er_fail(err, ER_EDATA, "xgboost model: bad num_feature");
	return 0;
}

/* Copies tree T (JSON object TREE, N nodes) into OUT's nodes from AT, its cover into COVER. */
static int
convert_tree(json_t *tree, size_t t, size_t n, size_t ncols, struct er_gbdt *out, size_t at, double *cover, char *err)
{
	json_t *l = num_array(tree, "left_children", n, err);
	json_t *r = l ? num_array(tree, "right_children", n, err) : NULL;
	json_t *f = r ? num_array(tree, "split_indices", n, err) : NULL;
	json_t *c = f ? num_array(tree, "split_conditions", n, err) : NULL;
	json_t *d = c ? num_array(tree, "default_left", n, err) : NULL;
	json_t *h = d ? num_array(tree, "sum_hessian", n, err) : NULL;
	json_t *st = json_object_get(tree, "split_type");
	if (!h)
		return ER_EDATA;
	for (size_t i = 0; json_is_array(st) && i < json_array_size(st); i++) {
		json_t *s = json_array_get(st, i);
		if (!json_is_number(s) || json_number_value(s) != 0)
			return er_fail(err, ER_EDATA, "xgboost model: categorical splits are not supported");
	}
	for (size_t i = 0; i < n; i++, at++) {
		struct er_gbdt_node *nd = &out->nodes[at];
		double lv = num_at(l, i), rv = num_at(r, i), fv = num_at(f, i);
		if (lv < -1 || lv >= (double)n || rv < -1 || rv >= (double)n || fv < 0 || fv >= (double)ncols)
			return er_fail(err, ER_EDATA, "xgboost model: tree %zu node %zu out of range", t, i);
		nd->left = (int32_t)lv;
		nd->right = (int32_t)rv;
		nd->feature = (int32_t)fv;
		nd->default_left = num_at(d, i) != 0;
		nd->cond = (float)num_at(c, i);
		nd->mean = nd->cond;
		if (nd->left < 0) {
			nd->right = -1;
			nd->feature = 0;
			nd->default_left = 0;
		}
		cover[at] = num_at(h, i);
		nd->cover = (float)cover[at];
		/* the means below are set from the float, as the model file keeps it */
		cover[at] = nd->cover;
	}
	return 0;
}

static int
convert(json_t *root, size_t keep, struct er_gbdt *out, char *err)
{
	static const char *const k_trees[] = {"learner", "gradient_booster", "model", "trees", NULL};
	float base_score = 0;
	long ncols = 0;
	int rc = read_params(root, &base_score, &ncols, err);
	if (rc)
		return rc;
	json_t *trees = path(root, k_trees);
	if (!json_is_array(trees))
		return er_fail(err, ER_EDATA, "xgboost model: no trees");
	size_t ntrees = json_array_size(trees);
	if (keep && keep < ntrees)
		ntrees = keep;

	size_t nnodes = 0;
	for (size_t t = 0; t < ntrees; t++) {
		json_t *l = json_object_get(json_array_get(trees, t), "left_children");
		if (!json_is_array(l) || json_array_size(l) == 0)
			return er_fail(err, ER_EDATA, "xgboost model: tree %zu has no nodes", t);
		nnodes += json_array_size(l);
	}
	out->ncols = (size_t)ncols;
	/* XGBoost turns the base score into a margin in single precision. */
	out->base_margin = (float)-logf(1.0f / base_score - 1.0f);
	out->ntrees = ntrees;
	out->nnodes = nnodes;
	out->has_cover = 1;
	out->tree_start = malloc((ntrees + 1) * sizeof *out->tree_start);
	out->nodes = calloc(nnodes ? nnodes : 1, sizeof *out->nodes);
	double *cover = malloc((nnodes ? nnodes : 1) * sizeof *cover);
	if (!out->tree_start || !out->nodes || !cover) {
		free(cover);
		er_gbdt_free(out);
		return er_fail(err, ER_ENOMEM, "out of memory converting an xgboost model");
	}
	size_t at = 0;
	for (size_t t = 0; t < ntrees && !rc; t++) {
		json_t *tree = json_array_get(trees, t);
		size_t n = json_array_size(json_object_get(tree, "left_children"));
		out->tree_start[t] = at;
		rc = convert_tree(tree, t, n, (size_t)ncols, out, at, cover, err);
		at += n;
	}
	if (!rc) {
		out->tree_start[ntrees] = at;
		rc = er_gbdt_validate(out, err);
	}
	if (!rc)
		er_gbdt_set_means(out, cover);
	free(cover);
	if (rc)
		er_gbdt_free(out);
	return rc;
}

int
er_gbdt_from_xgboost_json(const char *json, size_t len, size_t keep, struct er_gbdt *out, char *err)
{
	memset(out, 0, sizeof *out);
	json_error_t je;
	/* jansson cannot tell a full heap from bad syntax except by its error code */
	json_t *root = json_loadb(json, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		return json_error_code(&je) == json_error_out_of_memory
			? er_fail(err, ER_ENOMEM, "out of memory reading an xgboost model")
			: er_fail(err, ER_EDATA, "bad json: %s (line %d, column %d)", je.text, je.line, je.column);
	int rc = convert(root, keep, out, err);
	json_decref(root);
	return rc;
}

/* ---- training ---- */

static int
xgb_fail(char *err, const char *what)
{
	return er_fail(err, ER_EDATA, "xgboost failed to %s: %s", what, XGBGetLastError());
}

static int set_param(BoosterHandle b, const char *name, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static int
set_param(BoosterHandle b, const char *name, const char *fmt, ...)
{
	char value[64];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(value, sizeof value, fmt, ap);
	va_end(ap);
	return XGBoosterSetParam(b, name, value);
}

/* Sets XGBoost's monotone_constraints, "(1,0,-1)", from MONO[0..NCOLS-1] when one is not 0.
 * Returns 0, -1 (XGBoost refused) or ER_ENOMEM. */
static int
set_monotone(BoosterHandle b, const signed char *mono, size_t ncols)
{
	size_t any = 0;
	for (size_t k = 0; mono && k < ncols; k++)
		any += mono[k] != 0;
	if (!any)
		return 0;
	char *v = malloc(3 * ncols + 3), *at = v;
	if (!v)
		return ER_ENOMEM;
	*at++ = '(';
	for (size_t k = 0; k < ncols; k++)
		at += sprintf(at, "%s%d", k ? "," : "", mono[k] > 0 ? 1 : mono[k] < 0 ? -1 : 0);
	strcpy(at, ")");
	int rc = XGBoosterSetParam(b, "monotone_constraints", v) ? -1 : 0;
	free(v);
	return rc;
}

/* The validation AUC after the trees so far into *AUC, from XGBoost's probabilities of the
 * rows (its prediction cache: one tree's worth of work a round) and their labels YV, ties on
 * equal probabilities counting one half. That is the value XGBoost's own "auc" metric prints
 * (the same exact pair count over the same product of counts), at a fraction of its cost: its
 * metric sorts with an indirect stable merge sort, every round. WORK (2 * NVALID entries) is
 * scratch. Returns 0 or -1 (XGBoost failed). */
static int
valid_auc(BoosterHandle booster, DMatrixHandle dvalid, const unsigned char *yv, size_t nvalid, uint64_t *work,
          double *auc)
{
	bst_ulong npred = 0;
	const float *pred = NULL;
	if (XGBoosterPredict(booster, dvalid, 0, 0, 0, &npred, &pred) || npred != nvalid)
		return -1;
	*auc = er_metrics_auc_float(pred, yv, nvalid, work);
	return 0;
}

/* What both ways of training refuse before starting: bad parameters (P) or no rows or
 * columns. Returns 0 or ER_EUSAGE with ERR. */
static int
check_training(const struct er_gbdt_params *p, size_t n, size_t ncols, char *err)
{
	int rc = er_gbdt_params_check(p, err);
	if (!rc && (n == 0 || ncols == 0))
		rc = er_fail(err, ER_EUSAGE, "cannot train trees on %zu rows and %zu columns", n, ncols);
	return rc;
}

struct er_gbdt_fit {
	BoosterHandle booster;
	size_t ncols;
	int rounds, nthread;
};

/* Trains XGBoost's booster on the rows (as er_gbdt_train) into *BOOSTER, its training matrix
 * into *DTRAIN (both the caller's to free, also on failure) and the rounds into INFO, under
 * the OpenMP team size the caller set. Returns 0 or a status with ERR. */
static int
train_booster(const float *x, const float *y, size_t n, size_t ncols, const float *xv, const float *yv, size_t nvalid,
              const struct er_gbdt_params *p, BoosterHandle *booster, DMatrixHandle *dtrain, struct er_gbdt_info *info,
              char *err)
{
	DMatrixHandle dvalid = NULL;
	uint64_t *vwork = NULL;
	unsigned char *vbad = NULL;
	int rc = 0;
	if (XGDMatrixCreateFromMat_omp(x, n, ncols, NAN, dtrain, p->nthread) ||
	    XGDMatrixSetFloatInfo(*dtrain, "label", y, n)) {
		rc = xgb_fail(err, "load the training rows");
		goto done;
	}
	if (nvalid &&
	    (XGDMatrixCreateFromMat_omp(xv, nvalid, ncols, NAN, &dvalid, p->nthread) ||
	     XGDMatrixSetFloatInfo(dvalid, "label", yv, nvalid))) {
		rc = xgb_fail(err, "load the validation rows");
		goto done;
	}
	DMatrixHandle cache[2] = {*dtrain, dvalid};
	if (XGBoosterCreate(cache, nvalid ? 2 : 1, booster)) {
		rc = xgb_fail(err, "create a booster");
		goto done;
	}
	if (set_param(*booster, "verbosity", "0") || set_param(*booster, "objective", "binary:logistic") ||
	    set_param(*booster, "tree_method", "hist") || set_param(*booster, "eta", "%.17g", p->eta) ||
	    set_param(*booster, "max_depth", "%d", p->max_depth) ||
	    set_param(*booster, "subsample", "%.17g", p->subsample) ||
	    set_param(*booster, "colsample_bytree", "%.17g", p->colsample) ||
	    set_param(*booster, "min_child_weight", "%.17g", p->min_child_weight) ||
	    set_param(*booster, "lambda", "%.17g", p->lambda) || set_param(*booster, "max_bin", "%d", p->max_bin) ||
	    set_param(*booster, "nthread", "%d", p->nthread) ||
	    set_param(*booster, "seed", "%llu", (unsigned long long)p->seed) ||
	    (p->max_leaves > 0 &&
	     (set_param(*booster, "max_leaves", "%d", p->max_leaves) ||
	      set_param(*booster, "grow_policy", "lossguide")))) {
		rc = xgb_fail(err, "set a parameter");
		goto done;
	}
	if ((rc = set_monotone(*booster, p->monotone, ncols))) {
		rc = rc == ER_ENOMEM ? er_fail(err, ER_ENOMEM, "out of memory setting the monotone constraints")
				     : xgb_fail(err, "set the monotone constraints");
		goto done;
	}
	if (nvalid) {
		vwork = malloc(2 * nvalid * sizeof *vwork);
		vbad = malloc(nvalid);
		if (!vwork || !vbad) {
			rc = er_fail(err, ER_ENOMEM, "out of memory validating the trees");
			goto done;
		}
		for (size_t i = 0; i < nvalid; i++)
			vbad[i] = yv[i] != 0;
	}
	int best = 0, rounds = 0;
	double best_auc = -1;
	for (int it = 0; it < p->trees; it++) {
		if (XGBoosterUpdateOneIter(*booster, it, *dtrain)) {
			rc = xgb_fail(err, "train a round");
			goto done;
		}
		rounds = it + 1;
		if (!nvalid)
			continue;
		double auc = NAN;
		if (valid_auc(*booster, dvalid, vbad, nvalid, vwork, &auc)) {
			rc = xgb_fail(err, "evaluate a round");
			goto done;
		}
		if (auc > best_auc) {
			best_auc = auc;
			best = rounds;
		} else if (rounds - best >= p->early_stop) {
			break;
		}
	}
	info->rounds = rounds;
	info->best_rounds = nvalid ? best : rounds;
	info->valid_auc = nvalid ? best_auc : NAN;
done:
	if (dvalid)
		XGDMatrixFree(dvalid);
	free(vwork), free(vbad);
	return rc;
}

int
er_gbdt_fit(const float *x, const float *y, size_t n, size_t ncols, const float *xv, const float *yv, size_t nvalid,
            const struct er_gbdt_params *p, struct er_gbdt_fit **out, struct er_gbdt_info *info, char *err)
{
	*out = NULL;
	int rc = check_training(p, n, ncols, err);
	if (rc)
		return rc;
	struct er_gbdt_fit *f = calloc(1, sizeof *f);
	if (!f)
		return er_fail(err, ER_ENOMEM, "out of memory training trees");
	struct er_gbdt_info local;
	if (!info)
		info = &local;
	DMatrixHandle dtrain = NULL;
	/* the OpenMP team as er_gbdt_train sets it */
	int omp_threads = omp_get_max_threads();
	omp_set_num_threads(p->nthread);
	rc = train_booster(x, y, n, ncols, xv, yv, nvalid, p, &f->booster, &dtrain, info, err);
	/* the booster keeps its trees, not the rows: those go now */
	if (dtrain)
		XGDMatrixFree(dtrain);
	omp_set_num_threads(omp_threads);
	f->ncols = ncols;
	f->rounds = info->rounds;
	f->nthread = p->nthread;
	if (rc)
		er_gbdt_fit_free(f);
	else
		*out = f;
	return rc;
}

int
er_gbdt_fit_margins(const struct er_gbdt_fit *f, const float *x, size_t n, size_t ntrees, double *out, char *err)
{
	if (n == 0)
		return 0;
	int omp_threads = omp_get_max_threads();
	omp_set_num_threads(f->nthread);
	DMatrixHandle d = NULL;
	bst_ulong npred = 0;
	const float *pred = NULL;
	unsigned limit = ntrees >= (size_t)f->rounds ? 0 : (unsigned)ntrees;
	int rc = 0;
	/* option 1: margins; a tree limit of 0: every tree */
	if (XGDMatrixCreateFromMat_omp(x, n, f->ncols, NAN, &d, f->nthread) ||
	    XGBoosterPredict(f->booster, d, 1, limit, 0, &npred, &pred))
		rc = xgb_fail(err, "predict rows");
	else if (npred != n)
		rc = er_fail(err, ER_EDATA, "xgboost predicted %llu rows, not %zu", (unsigned long long)npred, n);
	for (size_t i = 0; !rc && i < n; i++)
		out[i] = pred[i];
	if (d)
		XGDMatrixFree(d);
	omp_set_num_threads(omp_threads);
	return rc;
}

void
er_gbdt_fit_free(struct er_gbdt_fit *f)
{
	if (!f)
		return;
	if (f->booster)
		XGBoosterFree(f->booster);
	free(f);
}

int
er_gbdt_train(const float *x, const float *y, size_t n, size_t ncols, const float *xv, const float *yv, size_t nvalid,
              const struct er_gbdt_params *p, struct er_gbdt *out, struct er_gbdt_info *info, double *margin, char *err)
{
	memset(out, 0, sizeof *out);
	int rc = check_training(p, n, ncols, err);
	if (rc)
		return rc;
	DMatrixHandle dtrain = NULL;
	BoosterHandle booster = NULL;
	struct er_gbdt_info got = {0};
	/* XGBoost's nthread does not reach every parallel region: its sorts in the GNU parallel
	 * mode (its AUC metric's, which cost two thirds of er-train's CPU time) take OpenMP's
	 * default team (every core), and the idle team then spins. The caller's setting comes
	 * back at the end. */
	int omp_threads = omp_get_max_threads();
	omp_set_num_threads(p->nthread);
	if ((rc = train_booster(x, y, n, ncols, xv, yv, nvalid, p, &booster, &dtrain, &got, err)))
		goto done;
	int best = got.best_rounds, rounds = got.rounds;
	bst_ulong len = 0;
	const char *json = NULL;
	if (XGBoosterSaveModelToBuffer(booster, "{\"format\": \"json\"}", &len, &json)) {
		rc = xgb_fail(err, "export the model");
		goto done;
	}
	rc = er_gbdt_from_xgboost_json(json, (size_t)len, (size_t)(p->keep_all ? rounds : best), out, err);
	if (!rc && margin) {
		/* option 1: margins; a tree limit of 0 (all trees) reads the training cache */
		bst_ulong npred = 0;
		const float *pred = NULL;
		if (XGBoosterPredict(booster, dtrain, 1, best == rounds ? 0 : (unsigned)best, 0, &npred, &pred)) {
			er_gbdt_free(out);
			rc = xgb_fail(err, "predict the training rows");
			goto done;
		}
		if (npred != n) {
			er_gbdt_free(out);
			rc = er_fail(err, ER_EDATA, "xgboost predicted %llu rows, not %zu", (unsigned long long)npred,
			             n);
			goto done;
		}
		for (size_t i = 0; i < n; i++)
			margin[i] = pred[i];
	}
	if (!rc && info)
		*info = got;
done:
	if (booster)
		XGBoosterFree(booster);
	if (dtrain)
		XGDMatrixFree(dtrain);
	omp_set_num_threads(omp_threads);
	return rc;
}
