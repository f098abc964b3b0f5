/* Unit tests for model/gbdt.c: the native tree walk equals XGBoost's own predictions,
 * TreeSHAP contributions equal XGBoost's pred_contribs and the Shapley formula and add up to
 * the margin, training is deterministic for a seed, bad models are refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <xgboost/c_api.h>

#include "lib/err.h"
#include "model/gbdt.h"
#include "model/treeshap.h"

#define NROWS 2000
#define NCOLS 6

/* A fixed pseudo-random stream (xorshift64*) so the data never changes. */
static double
uniform(uint64_t *s)
{
	*s ^= *s >> 12;
	*s ^= *s << 25;
	*s ^= *s >> 27;
	return (double)((*s * 2685821657736338717ULL) >> 11) / 9007199254740992.0;
}

/* Rows with missing values, a nonlinear signal and noise. */
static void
make_data(float *x, float *y, size_t n, uint64_t seed)
{
	uint64_t s = seed;
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < NCOLS; j++)
			x[i * NCOLS + j] = uniform(&s) < 0.1 ? NAN : (float)(uniform(&s) * 10 - 3);
		double a = isnan(x[i * NCOLS]) ? 2 : x[i * NCOLS];
		double b = isnan(x[i * NCOLS + 1]) ? 0 : x[i * NCOLS + 1];
		double logit = 0.5 * a - 0.3 * b * b / 5 + (a > 4 && b < 1 ? 1.5 : 0) - 1;
		y[i] = uniform(&s) < 1 / (1 + exp(-logit)) ? 1.0f : 0.0f;
	}
}

static void
test_walk_equals_xgboost(void **state)
{
	static float x[NROWS * NCOLS], y[NROWS];
	make_data(x, y, NROWS, 42);
	DMatrixHandle d;
	BoosterHandle b;
	assert_int_equal(XGDMatrixCreateFromMat(x, NROWS, NCOLS, NAN, &d), 0);
	assert_int_equal(XGDMatrixSetFloatInfo(d, "label", y, NROWS), 0);
	assert_int_equal(XGBoosterCreate(&d, 1, &b), 0);
	XGBoosterSetParam(b, "objective", "binary:logistic");
	XGBoosterSetParam(b, "tree_method", "hist");
	XGBoosterSetParam(b, "max_depth", "4");
	XGBoosterSetParam(b, "eta", "0.1");
	XGBoosterSetParam(b, "subsample", "0.8");
	XGBoosterSetParam(b, "nthread", "1");
	XGBoosterSetParam(b, "verbosity", "0");
	for (int it = 0; it < 60; it++)
		assert_int_equal(XGBoosterUpdateOneIter(b, it, d), 0);
	bst_ulong len;
	const char *json;
	assert_int_equal(XGBoosterSaveModelToBuffer(b, "{\"format\": \"json\"}", &len, &json), 0);
	struct er_gbdt g;
	char err[ER_ERRLEN];
	assert_int_equal(er_gbdt_from_xgboost_json(json, len, 0, &g, err), 0);
	assert_int_equal(g.ntrees, 60);
	assert_int_equal(g.ncols, NCOLS);

	/* Fresh rows, including all-missing ones, scored by XGBoost in place. */
	static float t[500 * NCOLS], ty[500];
	make_data(t, ty, 500, 7);
	for (size_t j = 0; j < NCOLS; j++)
		t[j] = NAN;
	char iface[256],
		config[] = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
			   "\"iteration_end\": 0, \"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}";
	snprintf(iface, sizeof iface,
	         "{\"data\": [%llu, true], \"shape\": [500, %d], \"typestr\": \"<f4\", \"version\": 3}",
	         (unsigned long long)(uintptr_t)t, NCOLS);
	const bst_ulong *shape;
	bst_ulong dim;
	const float *pred;
	if (XGBoosterPredictFromDense(b, iface, config, NULL, &shape, &dim, &pred))
		fail_msg("%s", XGBGetLastError());
	double worst = 0;
	double contrib[NCOLS];
	for (size_t i = 0; i < 500; i++) {
		double m = er_gbdt_margin(&g, t + i * NCOLS);
		double p = 1 / (1 + exp(-m));
		double diff = fabs(p - pred[i]);
		if (diff > worst)
			worst = diff;
		double both_bias, both = er_gbdt_margin_contrib(&g, t + i * NCOLS, contrib, &both_bias);
		assert_true(both == m);
		double bias = er_gbdt_contrib(&g, t + i * NCOLS, contrib);
		assert_true(bias == both_bias);
		for (size_t j = 0; j < NCOLS; j++)
			bias += contrib[j];
		assert_true(fabs(bias - m) < 1e-5);
	}
	assert_true(worst < 1e-6);
	er_gbdt_free(&g);

	/* Keeping the first 10 trees equals XGBoost's prediction with iteration_end 10. */
	assert_int_equal(er_gbdt_from_xgboost_json(json, len, 10, &g, err), 0);
	assert_int_equal(g.ntrees, 10);
	char config10[] = "{\"type\": 0, \"training\": false, \"iteration_begin\": 0, "
			  "\"iteration_end\": 10, \"strict_shape\": false, \"cache_id\": 0, \"missing\": NaN}";
	assert_int_equal(XGBoosterPredictFromDense(b, iface, config10, NULL, &shape, &dim, &pred), 0);
	for (size_t i = 0; i < 500; i++)
		assert_true(fabs(1 / (1 + exp(-er_gbdt_margin(&g, t + i * NCOLS))) - pred[i]) < 1e-6);
	er_gbdt_free(&g);
	XGBoosterFree(b);
	XGDMatrixFree(d);
	(void)state;
}

/* A booster trained on make_data rows with DEPTH, ROUNDS and colsample: deep trees over 6
 * columns split on the same column twice on a path, which TreeSHAP must undo and redo. */
static BoosterHandle
train_booster(const float *x, const float *y, size_t n, const char *depth, int rounds, DMatrixHandle *d)
{
	BoosterHandle b;
	assert_int_equal(XGDMatrixCreateFromMat(x, n, NCOLS, NAN, d), 0);
	assert_int_equal(XGDMatrixSetFloatInfo(*d, "label", y, n), 0);
	assert_int_equal(XGBoosterCreate(d, 1, &b), 0);
	XGBoosterSetParam(b, "objective", "binary:logistic");
	XGBoosterSetParam(b, "tree_method", "hist");
	XGBoosterSetParam(b, "max_depth", depth);
	XGBoosterSetParam(b, "eta", "0.3");
	XGBoosterSetParam(b, "subsample", "0.8");
	XGBoosterSetParam(b, "colsample_bytree", "0.8");
	XGBoosterSetParam(b, "nthread", "1");
	XGBoosterSetParam(b, "seed", "3");
	XGBoosterSetParam(b, "verbosity", "0");
	for (int it = 0; it < rounds; it++)
		assert_int_equal(XGBoosterUpdateOneIter(b, it, *d), 0);
	return b;
}

/* The raw margin of row X in double precision: the base margin plus the leaf of each tree. */
static double
exact_margin(const struct er_gbdt *g, const float *x)
{
	double m = g->base_margin;
	for (size_t k = 0; k < g->ntrees; k++) {
		const struct er_gbdt_node *t = g->nodes + g->tree_start[k];
		size_t i = 0;
		while (t[i].left >= 0) {
			float v = x[t[i].feature];
			int left = isnan(v) ? t[i].default_left : v < t[i].cond;
			i = (size_t)(left ? t[i].left : t[i].right);
		}
		m += t[i].cond;
	}
	return m;
}

/* The native TreeSHAP equals XGBoost's own contribution prediction (pred_contribs, type 2)
 * to 1e-6 on every column and the bias, and contributions plus bias equal the margin. */
static void
test_shap_equals_xgboost(void **state)
{
	static float x[NROWS * NCOLS], y[NROWS];
	make_data(x, y, NROWS, 11);
	DMatrixHandle d;
	BoosterHandle b = train_booster(x, y, NROWS, "6", 30, &d);
	bst_ulong len;
	const char *json;
	assert_int_equal(XGBoosterSaveModelToBuffer(b, "{\"format\": \"json\"}", &len, &json), 0);
	struct er_gbdt g;
	char err[ER_ERRLEN];
	assert_int_equal(er_gbdt_from_xgboost_json(json, len, 0, &g, err), 0);
	assert_int_equal(g.has_cover, 1);

	enum { N = 400 };
	static float t[N * NCOLS], ty[N];
	make_data(t, ty, N, 99);
	for (size_t j = 0; j < NCOLS; j++)
		t[j] = NAN; /* one row all missing */
	/* type 2: contributions (pred_contribs); in-place prediction has none */
	char config[] = "{\"type\": 2, \"training\": false, \"iteration_begin\": 0, "
			"\"iteration_end\": 0, \"strict_shape\": false}";
	DMatrixHandle dt;
	assert_int_equal(XGDMatrixCreateFromMat(t, N, NCOLS, NAN, &dt), 0);
	const bst_ulong *shape;
	bst_ulong dim;
	const float *pred;
	if (XGBoosterPredictFromDMatrix(b, dt, config, &shape, &dim, &pred))
		fail_msg("%s", XGBGetLastError());
	assert_int_equal(dim, 2);
	assert_int_equal(shape[0], N);
	assert_int_equal(shape[1], NCOLS + 1);
	struct er_gbdt_path *path = malloc(er_treeshap_scratch(&g) * sizeof *path);
	assert_non_null(path);
	double contrib[NCOLS], tcontrib[NCOLS], worst = 0, worst_sum = 0, big = 0, worst_table = 0;
	er_treeshap *tab;
	assert_int_equal(er_treeshap_open(&g, (size_t)1 << 30, &tab), 0);
	assert_non_null(tab);
	for (size_t i = 0; i < N; i++) {
		double bias = er_treeshap_walk(&g, t + i * NCOLS, contrib, path);
		/* the tables give the walk's values */
		double tbias = er_treeshap_row(tab, &g, t + i * NCOLS, tcontrib);
		assert_true(fabs(tbias - bias) < 1e-12);
		for (size_t j = 0; j < NCOLS; j++)
			worst_table = fabs(tcontrib[j] - contrib[j]) > worst_table ? fabs(tcontrib[j] - contrib[j])
										   : worst_table;
		const float *xp = pred + i * (NCOLS + 1);
		double sum = bias;
		for (size_t j = 0; j < NCOLS; j++) {
			double diff = fabs(contrib[j] - xp[j]);
			worst = diff > worst ? diff : worst;
			big = fabs(contrib[j]) > big ? fabs(contrib[j]) : big;
			sum += contrib[j];
		}
		worst = fabs(bias - xp[NCOLS]) > worst ? fabs(bias - xp[NCOLS]) : worst;
		double m = exact_margin(&g, t + i * NCOLS);
		worst_sum = fabs(sum - m) > worst_sum ? fabs(sum - m) : worst_sum;
		/* the scoring margin is summed in single precision, as XGBoost's: 30 trees
		 * of leaves up to 1 round off a few 1e-7 */
		assert_true(fabs(sum - er_gbdt_margin(&g, t + i * NCOLS)) < 1e-5);
	}
	print_message("treeshap: largest |contribution| %.3g, largest difference from xgboost %.3g, "
	              "largest |bias + sum - margin| %.3g\n",
	              big, worst, worst_sum);
	assert_true(big > 0.1); /* the contributions are not all near zero */
	assert_true(worst < 1e-6);
	assert_true(worst_sum < 1e-6);
	assert_true(worst_table < 1e-12);
	er_treeshap_free(tab);
	/* tables over the limit are not made: the walk is used */
	assert_int_equal(er_treeshap_open(&g, 1000, &tab), 0);
	assert_null(tab);
	free(path);
	er_gbdt_free(&g);
	XGBoosterFree(b);
	XGDMatrixFree(dt);
	XGDMatrixFree(d);
	(void)state;
}

/* v(S): the tree's expected value at X with the columns in mask S known, the others
 * averaged over the children by cover (path-dependent, as TreeSHAP defines it). */
static double
tree_value(const struct er_gbdt_node *t, size_t i, const float *x, unsigned s)
{
	const struct er_gbdt_node *nd = &t[i];
	if (nd->left < 0)
		return nd->cond;
	size_t l = (size_t)nd->left, r = (size_t)nd->right;
	if (s >> nd->feature & 1) {
		float v = x[nd->feature];
		int left = isnan(v) ? nd->default_left : v < nd->cond;
		return tree_value(t, left ? l : r, x, s);
	}
	double cl = t[l].cover, cr = t[r].cover;
	return (cl * tree_value(t, l, x, s) + cr * tree_value(t, r, x, s)) / (cl + cr);
}

/* TreeSHAP against the Shapley formula itself, summed over all 2^6 subsets. */
static void
test_shap_equals_shapley_formula(void **state)
{
	static float x[NROWS * NCOLS], y[NROWS];
	make_data(x, y, NROWS, 5);
	DMatrixHandle d;
	BoosterHandle b = train_booster(x, y, NROWS, "5", 8, &d);
	bst_ulong len;
	const char *json;
	assert_int_equal(XGBoosterSaveModelToBuffer(b, "{\"format\": \"json\"}", &len, &json), 0);
	struct er_gbdt g;
	char err[ER_ERRLEN];
	assert_int_equal(er_gbdt_from_xgboost_json(json, len, 0, &g, err), 0);
	struct er_gbdt_path *path = malloc(er_treeshap_scratch(&g) * sizeof *path);
	assert_non_null(path);
	double fact[NCOLS + 1] = {1};
	for (int k = 1; k <= NCOLS; k++)
		fact[k] = fact[k - 1] * k;
	double worst = 0;
	for (size_t i = 0; i < 50; i++) {
		const float *row = x + i * NCOLS;
		double contrib[NCOLS], phi[NCOLS] = {0};
		er_treeshap_walk(&g, row, contrib, path);
		for (size_t k = 0; k < g.ntrees; k++) {
			const struct er_gbdt_node *t = g.nodes + g.tree_start[k];
			double v[1 << NCOLS];
			for (unsigned s = 0; s < 1u << NCOLS; s++)
				v[s] = tree_value(t, 0, row, s);
			for (int j = 0; j < NCOLS; j++)
				for (unsigned s = 0; s < 1u << NCOLS; s++) {
					if (s >> j & 1)
						continue;
					int size = __builtin_popcount(s);
					phi[j] += fact[size] * fact[NCOLS - size - 1] / fact[NCOLS] *
						(v[s | 1u << j] - v[s]);
				}
		}
		for (int j = 0; j < NCOLS; j++)
			worst = fabs(phi[j] - contrib[j]) > worst ? fabs(phi[j] - contrib[j]) : worst;
	}
	assert_true(worst < 1e-9);
	free(path);
	er_gbdt_free(&g);
	XGBoosterFree(b);
	XGDMatrixFree(d);
	(void)state;
}

static void
test_train_deterministic_and_early_stop(void **state)
{
	static float x[NROWS * NCOLS], y[NROWS], xv[500 * NCOLS], yv[500];
	make_data(x, y, NROWS, 1);
	make_data(xv, yv, 500, 2);
	struct er_gbdt_params p;
	er_gbdt_params_init(&p);
	p.trees = 300;
	p.eta = 0.3;
	p.early_stop = 10;
	p.seed = 5;
	struct er_gbdt a, b;
	struct er_gbdt_info ia, ib;
	char err[ER_ERRLEN];
	static double ma[NROWS], mb[NROWS];
	assert_int_equal(er_gbdt_train(x, y, NROWS, NCOLS, xv, yv, 500, &p, &a, &ia, ma, err), 0);
	assert_int_equal(er_gbdt_train(x, y, NROWS, NCOLS, NULL, NULL, 0, &p, &b, &ib, mb, err), 0);
	/* XGBoost's training margins, with the best trees only and with all of them from its
	 * cache, are what the native walk gives. */
	assert_int_equal(b.ntrees, 300);
	for (size_t i = 0; i < NROWS; i++) {
		assert_true(ma[i] == er_gbdt_margin(&a, x + i * NCOLS));
		assert_true(mb[i] == er_gbdt_margin(&b, x + i * NCOLS));
	}
	er_gbdt_free(&b);
	assert_int_equal(er_gbdt_train(x, y, NROWS, NCOLS, xv, yv, 500, &p, &b, &ib, NULL, err), 0);
	/* A high learning rate overfits fast: early stopping must cut well before 300. */
	assert_true(ia.rounds < 300);
	assert_int_equal(ia.rounds, ia.best_rounds + 10);
	assert_int_equal(a.ntrees, (size_t)ia.best_rounds);
	assert_true(ia.valid_auc > 0.6 && ia.valid_auc < 1);
	/* The validation AUC er_gbdt_train computes itself is exactly XGBoost's own "auc" metric
	 * at the best round (the printed value holds every digit of the double). */
	DMatrixHandle dt = NULL, dv = NULL;
	BoosterHandle bo = NULL;
	assert_int_equal(XGDMatrixCreateFromMat(x, NROWS, NCOLS, NAN, &dt), 0);
	assert_int_equal(XGDMatrixSetFloatInfo(dt, "label", y, NROWS), 0);
	assert_int_equal(XGDMatrixCreateFromMat(xv, 500, NCOLS, NAN, &dv), 0);
	assert_int_equal(XGDMatrixSetFloatInfo(dv, "label", yv, 500), 0);
	DMatrixHandle both[2] = {dt, dv};
	assert_int_equal(XGBoosterCreate(both, 2, &bo), 0);
	static const char *const kv[][2] = {{"verbosity", "0"},
	                                    {"objective", "binary:logistic"},
	                                    {"tree_method", "hist"},
	                                    {"eta", "0.3"},
	                                    {"max_depth", "5"},
	                                    {"subsample", "0.8"},
	                                    {"colsample_bytree", "0.8"},
	                                    {"min_child_weight", "1"},
	                                    {"lambda", "1"},
	                                    {"max_bin", "255"},
	                                    {"nthread", "1"},
	                                    {"seed", "5"},
	                                    {"eval_metric", "auc"}};
	for (size_t i = 0; i < sizeof kv / sizeof kv[0]; i++)
		assert_int_equal(XGBoosterSetParam(bo, kv[i][0], kv[i][1]), 0);
	const char *line = NULL, *names[1] = {"valid"};
	for (int it = 0; it < ia.best_rounds; it++)
		assert_int_equal(XGBoosterUpdateOneIter(bo, it, dt), 0);
	assert_int_equal(XGBoosterEvalOneIter(bo, ia.best_rounds - 1, &dv, names, 1, &line), 0);
	assert_true(strtod(strrchr(line, ':') + 1, NULL) == ia.valid_auc);
	XGBoosterFree(bo);
	XGDMatrixFree(dv);
	XGDMatrixFree(dt);
	assert_int_equal(a.nnodes, b.nnodes);
	for (size_t i = 0; i < a.nnodes; i++) {
		assert_int_equal(a.nodes[i].left, b.nodes[i].left);
		assert_int_equal(a.nodes[i].feature, b.nodes[i].feature);
		assert_true(a.nodes[i].cond == b.nodes[i].cond);
	}
	er_gbdt_free(&a);
	er_gbdt_free(&b);
	(void)state;
}

static void
test_bad_models_refused(void **state)
{
	struct er_gbdt g;
	char err[ER_ERRLEN];
	const char *bad[] = {
		"",
		"{",
		"[1,2",
		"{\"learner\": 1}",
		"{\"learner\":{\"objective\":{\"name\":\"reg:squarederror\"}}}",
		"{\"learner\":{\"objective\":{\"name\":\"binary:logistic\"},\"learner_model_param\":"
		"{\"base_score\":\"5E-1\",\"num_feature\":\"2\"},\"gradient_booster\":{\"model\":{\"trees\":"
		"[{\"left_children\":[1,-1,-1],\"right_children\":[0,-1,-1],\"split_indices\":[0,0,0],"
		"\"split_conditions\":[1,2,3],\"default_left\":[0,0,0],\"sum_hessian\":[2,1,1]}]}}}}",
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_int_equal(er_gbdt_from_xgboost_json(bad[i], strlen(bad[i]), 0, &g, err), ER_EDATA);
	/* A syntax error says where it is. */
	assert_int_equal(er_gbdt_from_xgboost_json("{\n \"a\": [1,,2]}", 15, 0, &g, err), ER_EDATA);
	assert_non_null(strstr(err, "(line 2, column"));
	/* The same tree with a right child after its parent is fine. */
	const char *good = "{\"learner\":{\"objective\":{\"name\":\"binary:logistic\"},\"learner_model_param\":"
			   "{\"base_score\":\"5E-1\",\"num_feature\":\"2\"},\"gradient_booster\":{\"model\":{\"trees\":"
			   "[{\"left_children\":[1,-1,-1],\"right_children\":[2,-1,-1],\"split_indices\":[1,0,0],"
			   "\"split_conditions\":[1.5,-2,4],\"default_left\":[1,0,0],\"sum_hessian\":[4,3,1]}]}}}}";
	assert_int_equal(er_gbdt_from_xgboost_json(good, strlen(good), 0, &g, err), 0);
	float row[2] = {0, 1.0f}, miss[2] = {0, NAN}, high[2] = {0, 2};
	assert_true(er_gbdt_margin(&g, row) == -2);
	assert_true(er_gbdt_margin(&g, miss) == -2);
	assert_true(er_gbdt_margin(&g, high) == 4);
	assert_true(fabs(g.nodes[0].mean - (3 * -2 + 1 * 4) / 4.0) < 1e-12);
	er_gbdt_free(&g);
	(void)state;
}

/* A fit kept for margins (er_gbdt_fit) trains the trees er_gbdt_train converts, and its
 * margins of other rows, through every tree or the first few, are the native walk's of those
 * trees to the bit; its INFO is er_gbdt_train's, early stopping included. */
static void
test_fit_margins_equal_walk(void **state)
{
	static float x[NROWS * NCOLS], y[NROWS], xv[500 * NCOLS], yv[500], xo[700 * NCOLS], yo[700];
	make_data(x, y, NROWS, 3);
	make_data(xv, yv, 500, 4);
	make_data(xo, yo, 700, 5);
	struct er_gbdt_params p;
	er_gbdt_params_init(&p);
	p.trees = 200;
	p.eta = 0.3;
	p.early_stop = 10;
	p.seed = 9;
	p.keep_all = 1;
	char err[ER_ERRLEN];
	static double got[700];
	for (int valid = 0; valid < 2; valid++) {
		struct er_gbdt g;
		struct er_gbdt_info ig, iff;
		struct er_gbdt_fit *f = NULL;
		size_t nv = valid ? 500 : 0;
		assert_int_equal(er_gbdt_train(x, y, NROWS, NCOLS, xv, yv, nv, &p, &g, &ig, NULL, err), 0);
		assert_int_equal(er_gbdt_fit(x, y, NROWS, NCOLS, xv, yv, nv, &p, &f, &iff, err), 0);
		assert_int_equal(iff.rounds, ig.rounds);
		assert_int_equal(iff.best_rounds, ig.best_rounds);
		assert_true(valid ? iff.valid_auc == ig.valid_auc : isnan(iff.valid_auc));
		assert_int_equal(g.ntrees, (size_t)ig.rounds); /* keep_all */
		if (valid)
			assert_true(ig.rounds < 200);
		size_t limits[] = {1, 7, (size_t)ig.best_rounds, (size_t)ig.rounds, 100000};
		for (size_t l = 0; l < sizeof limits / sizeof *limits; l++) {
			struct er_gbdt lim = g;
			if (lim.ntrees > limits[l])
				lim.ntrees = limits[l];
			assert_int_equal(er_gbdt_fit_margins(f, xo, 700, limits[l], got, err), 0);
			for (size_t i = 0; i < 700; i++)
				assert_true(got[i] == er_gbdt_margin(&lim, xo + i * NCOLS));
		}
		er_gbdt_fit_free(f);
		er_gbdt_free(&g);
	}
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_equals_xgboost),
		cmocka_unit_test(test_shap_equals_xgboost),
		cmocka_unit_test(test_shap_equals_shapley_formula),
		cmocka_unit_test(test_train_deterministic_and_early_stop),
		cmocka_unit_test(test_fit_margins_equal_walk),
		cmocka_unit_test(test_bad_models_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
