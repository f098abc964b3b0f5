/* Unit tests for model/gbdt.c: the native tree walk equals XGBoost's own predictions,
 * training is deterministic for a seed, contributions add up, bad models are refused. */
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_walk_equals_xgboost),
		cmocka_unit_test(test_train_deterministic_and_early_stop),
		cmocka_unit_test(test_bad_models_refused),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
