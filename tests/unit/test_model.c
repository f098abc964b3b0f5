/* Unit tests for model/model.c and model_score.c: write/read round trip, the checksum
 * (a one-byte change is refused), version and structure checks, reasons on a hand-made
 * scorecard, missing and unseen values, and the blend with trees. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/err.h"
#include "lib/hash.h"
#include "model/model.h"

static char *
dupstr(const char *s)
{
	char *d = strdup(s);
	assert_non_null(d);
	return d;
}

/* A hand-made scorecard: "pay.late" numeric [-inf,1) [1,3) [3,inf) + missing, and
 * "info.status" categorical normal / suspended + other; module weights 1. */
static void
hand_model(struct er_model *m, int with_trees)
{
	char err[ER_ERRLEN];
	memset(m, 0, sizeof *m);
	m->method = with_trees ? ER_MODEL_ENSEMBLE : ER_MODEL_SCORECARD;
	m->id_col = dupstr("id");
	assert_int_equal(er_scaling_init(&m->scaling, 600, 1.0 / 19, 50, err), 0);
	m->blend = with_trees ? 0.5 : 1;
	m->cuts[0] = 620, m->cuts[1] = 600, m->cuts[2] = 580;
	m->nmod = 2;
	m->mod = calloc(2, sizeof *m->mod);
	m->mod[0] = (struct er_model_module){dupstr("pay"), -1.5, 1, 0};
	m->mod[1] = (struct er_model_module){dupstr("info"), -1.4, 1, 0};
	m->sc_base_points = 600;
	m->nfeat = 2;
	m->feat = calloc(2, sizeof *m->feat);
	struct er_model_feature *f = &m->feat[0];
	f->var.name = dupstr("pay.late");
	f->var.type = ER_BIN_NUMERIC;
	f->module = 0;
	f->direction = '+';
	f->in_scorecard = 1;
	f->coef = 1;
	f->gbdt_col = with_trees ? 0 : -1;
	f->var.nbins = 4;
	f->var.bins = calloc(4, sizeof *f->var.bins);
	f->points = calloc(4, sizeof(double));
	f->module_points = calloc(4, sizeof(double));
	double lo[4] = {-INFINITY, 1, 3, 0}, hi[4] = {1, 3, INFINITY, 0}, pts[4] = {20, -5, -40, -10};
	const char *labels[4] = {"[-Inf,1)", "[1,3)", "[3,Inf)", "missing"};
	for (int k = 0; k < 4; k++) {
		struct er_bin *b = &f->var.bins[k];
		b->kind = k < 3 ? ER_BIN_RANGE : ER_BIN_MISSING;
		b->lo = k < 3 ? lo[k] : 0;
		b->hi = k < 3 ? hi[k] : 0;
		b->good = 100 - 10 * k, b->bad = 5 + 10 * k;
		b->woe = -pts[k] / 72.0;
		b->label = dupstr(labels[k]);
		f->points[k] = f->module_points[k] = pts[k];
	}
	f = &m->feat[1];
	f->var.name = dupstr("info.status\tx"); /* a tab in a name survives the round trip */
	f->var.type = ER_BIN_CATEGORICAL;
	f->module = 1;
	f->direction = '?';
	f->in_scorecard = 1;
	f->coef = 0.5;
	f->gbdt_col = with_trees ? 1 : -1;
	f->var.nbins = 2;
	f->var.bins = calloc(2, sizeof *f->var.bins);
	f->points = calloc(2, sizeof(double));
	f->module_points = calloc(2, sizeof(double));
	f->var.bins[0] =
		(struct er_bin){ER_BIN_CATS, dupstr("normal"), 0, 0, calloc(1, sizeof(char *)), 1, 80, 10, -0.3, 0};
	f->var.bins[0].cats[0] = dupstr("normal");
	f->var.bins[1] =
		(struct er_bin){ER_BIN_OTHER, dupstr("other"), 0, 0, calloc(1, sizeof(char *)), 1, 20, 30, 1.2, 0};
	f->var.bins[1].cats[0] = dupstr("suspended");
	f->points[0] = f->module_points[0] = 8;
	f->points[1] = f->module_points[1] = -30;
	assert_int_equal(er_bin_index(&m->feat[1].var), 0);
	if (with_trees) {
		/* One stump on pay.late: < 2 gives -0.5, else +0.5, missing goes right. */
		struct er_gbdt *g = &m->gbdt;
		g->ncols = 2;
		g->ntrees = 1;
		g->nnodes = 3;
		g->tree_start = calloc(2, sizeof *g->tree_start);
		g->tree_start[1] = 3;
		g->nodes = calloc(3, sizeof *g->nodes);
		g->nodes[0] = (struct er_gbdt_node){1, 2, 0, 0, 2.0f, 40, 0};
		g->nodes[1] = (struct er_gbdt_node){-1, -1, 0, 0, -0.5f, 20, -0.5};
		g->nodes[2] = (struct er_gbdt_node){-1, -1, 0, 0, 0.5f, 20, 0.5};
		g->base_margin = log(1.0 / 19);
		/* 2: as a file written before covers were stored */
		g->has_cover = with_trees == 1;
	}
	er_model_set_best_points(m);
	assert_int_equal(er_model_add_summary(m, "train_auc", "0.75"), 0);
}

static void
round_trip(void **state, int trees)
{
	struct er_model m, back;
	char err[ER_ERRLEN], *buf, *buf2;
	size_t len, len2;
	hand_model(&m, trees);
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	if (er_model_parse(buf, len, "mem", &back, err))
		fail_msg("%s", err);
	assert_int_equal(er_model_write(&back, &buf2, &len2, err), 0);
	assert_int_equal(len, len2);
	assert_memory_equal(buf, buf2, len);
	assert_string_equal(back.feat[1].var.name, "info.status\tx");
	assert_int_equal(back.nsummary, 1);
	free(buf), free(buf2);
	er_model_free(&m);
	er_model_free(&back);
	(void)state;
}

static void
test_round_trip_scorecard(void **state)
{
	round_trip(state, 0);
}
static void
test_round_trip_ensemble(void **state)
{
	round_trip(state, 1);
}

/* Rewrites the checksum of TEXT after an edit, so only the structure check can refuse it. */
static void
reseal(char *text, size_t len)
{
	size_t body = len - 26;
	char line[32];
	snprintf(line, sizeof line, "checksum\t%016" PRIx64 "\n", er_hash64(text, body));
	memcpy(text + body, line, 26);
}

/* A file without node covers (written before they were stored) still reads, writes back the
 * same bytes and scores the same, its reasons by the path rule. */
static void
test_round_trip_without_covers(void **state)
{
	round_trip(state, 2);
	struct er_model m;
	char err[ER_ERRLEN], *buf;
	size_t len;
	hand_model(&m, 2);
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	er_model_free(&m);
	/* the node lines have 6 fields: no cover */
	const char *node = strstr(buf, "\nnode\t");
	assert_non_null(node);
	size_t tabs = 0;
	for (const char *c = node + 1; *c != '\n'; c++)
		tabs += *c == '\t';
	assert_int_equal(tabs, 6);
	assert_int_equal(er_model_parse(buf, len, "mem", &m, err), 0);
	assert_int_equal(m.gbdt.has_cover, 0);
	struct er_model_result r;
	assert_int_equal(er_model_result_init(&m, &r), 0);
	assert_null(r.path);
	er_model_result_free(&r);
	er_model_free(&m);
	free(buf);
	/* covers on some nodes only are refused */
	hand_model(&m, 1);
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	er_model_free(&m);
	char *last = strstr(buf, "\t0.5\t0.5\t20\n");
	assert_non_null(last);
	memmove(last + 8, last + 11, strlen(last + 11) + 1);
	reseal(buf, len - 3);
	assert_int_equal(er_model_parse(buf, len - 3, "mem", &m, err), ER_EIO);
	assert_non_null(strstr(err, "cover"));
	free(buf);
	(void)state;
}

static void
test_one_byte_change_refused(void **state)
{
	struct er_model m, back;
	char err[ER_ERRLEN], *buf;
	size_t len;
	hand_model(&m, 1);
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	/* Every single byte changed, anywhere (body or checksum line), is refused. */
	for (size_t i = 0; i < len; i++) {
		char was = buf[i];
		buf[i] = (char)(was == '7' ? '8' : '7');
		assert_int_equal(er_model_parse(buf, len, "mem", &back, err), ER_EIO);
		buf[i] = was;
	}
	/* A cut file too. */
	assert_int_equal(er_model_parse(buf, len - 1, "mem", &back, err), ER_EIO);
	assert_int_equal(er_model_parse(buf, len / 2, "mem", &back, err), ER_EIO);
	assert_int_equal(er_model_parse(buf, len, "mem", &back, err), 0);
	er_model_free(&back);
	free(buf);
	er_model_free(&m);
	(void)state;
}

static void
test_version_and_structure(void **state)
{
	struct er_model m, back;
	char err[ER_ERRLEN], *buf;
	size_t len;
	hand_model(&m, 0);
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	char *v = strstr(buf, "er-model\t1");
	v[9] = '2';
	reseal(buf, len);
	assert_int_equal(er_model_parse(buf, len, "mem", &back, err), ER_EIO);
	assert_non_null(strstr(err, "version"));
	assert_non_null(strstr(err, "retrain")); /* what to do about a file of another version */
	v[9] = '1';
	/* A range bin that leaves a gap. */
	char *b = strstr(buf, "bin\trange\t1\t3");
	b[12] = '4';
	reseal(buf, len);
	assert_int_equal(er_model_parse(buf, len, "mem", &back, err), ER_EIO);
	assert_non_null(strstr(err, "gap"));
	free(buf);
	er_model_free(&m);
	(void)state;
}

/* The calibration map: written and read back as it was, used for pd; a file without it
 * (written before it existed) still scores, pd the logistic of the score; knots out of order
 * are refused. */
static void
test_calibration(void **state)
{
	(void)state;
	struct er_model m, back;
	char err[ER_ERRLEN], *buf;
	size_t len;
	hand_model(&m, 1);
	double x[3] = {500, 560, 640}, pd[3] = {0.3, 0.08, 0.01};
	m.calib.n = 3;
	m.calib.x = malloc(sizeof x);
	m.calib.pd = malloc(sizeof pd);
	memcpy(m.calib.x, x, sizeof x);
	memcpy(m.calib.pd, pd, sizeof pd);
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	assert_non_null(strstr(buf, "\ncalibration\t3\nknot\t500\t0.3\n"));
	if (er_model_parse(buf, len, "mem", &back, err))
		fail_msg("%s", err);
	assert_int_equal(back.calib.n, 3);
	assert_float_equal(back.calib.tail, 1 / back.scaling.factor, 1e-15);
	assert_float_equal(er_model_pd(&back, 530), 0.3 + (0.08 - 0.3) * 30 / 60, 1e-12);
	struct er_model_result r;
	assert_int_equal(er_model_result_init(&back, &r), 0);
	const char *text[2] = {"2", "normal"};
	size_t tl[2] = {1, 6};
	er_model_score(&back, text, tl, 0, &r);
	assert_float_equal(r.pd, er_calib_pd(&back.calib, r.score), 1e-15);
	er_model_result_free(&r);
	er_model_free(&back);
	/* the same file without its calibration lines */
	char *cal = strstr(buf, "calibration\t"), *after = strstr(cal, "\nscorecard\t") + 1;
	size_t cut = (size_t)(after - cal);
	memmove(cal, after, len - (size_t)(after - buf));
	len -= cut;
	reseal(buf, len);
	if (er_model_parse(buf, len, "mem", &back, err))
		fail_msg("%s", err);
	assert_int_equal(back.calib.n, 0);
	double eta = er_scaling_eta(&back.scaling, 530);
	assert_float_equal(er_model_pd(&back, 530), 1 / (1 + exp(-eta)), 1e-12);
	er_model_free(&back);
	free(buf);
	/* a pd that rises with the score */
	m.calib.pd[2] = 0.5;
	assert_int_equal(er_model_write(&m, &buf, &len, err), 0);
	assert_int_equal(er_model_parse(buf, len, "mem", &back, err), ER_EIO);
	assert_non_null(strstr(err, "calibration knot 3"));
	free(buf);
	er_model_free(&m);
}

static void
score(const struct er_model *m, const char *late, const char *status, struct er_model_result *r)
{
	const char *text[2] = {late, status};
	size_t len[2] = {strlen(late), strlen(status)};
	er_model_score(m, text, len, 1, r);
}

static void
test_reasons_missing_unseen(void **state)
{
	struct er_model m;
	struct er_model_result r;
	hand_model(&m, 0);
	assert_int_equal(er_model_result_init(&m, &r), 0);
	/* Best bins: 600 + 20 + 8, grade A, no reason. */
	score(&m, "0", "normal", &r);
	assert_true(fabs(r.score - 628) < 1e-9);
	assert_int_equal(r.grade, 'A');
	assert_int_equal(r.nreasons, 0);
	assert_true(fabs(r.pd - 1 / (1 + 19 * pow(2, 28.0 / 50))) < 1e-12);
	/* late 5 costs 60 points against its best bin, suspended 38: both reasons, in order. */
	score(&m, "5", "suspended", &r);
	assert_true(fabs(r.score - 530) < 1e-9);
	assert_int_equal(r.grade, 'D');
	assert_int_equal(r.nreasons, 2);
	assert_int_equal(r.reason[0], 0);
	assert_int_equal(r.reason[1], 1);
	/* Sub-scores: each module's base points (0 here) plus its bins' module points. */
	assert_true(fabs(r.module_score[0] - -40) < 1e-9);
	assert_true(fabs(r.module_score[1] - -30) < 1e-9);
	/* Missing falls in the missing bin; text in a number column is scored as missing. */
	score(&m, "", "normal", &r);
	assert_true(fabs(r.score - 598) < 1e-9);
	assert_int_equal(r.unseen, 0);
	score(&m, "abc", "normal", &r);
	assert_true(fabs(r.score - 598) < 1e-9);
	assert_int_equal(r.not_number, 1);
	/* An unseen category goes to the other bin; a missing category (no missing bin) to the
	 * riskiest bin. Both are counted. */
	score(&m, "0", "closed", &r);
	assert_true(fabs(r.score - 590) < 1e-9);
	assert_int_equal(r.unseen, 1);
	score(&m, "0", "", &r);
	assert_true(fabs(r.score - 590) < 1e-9);
	assert_int_equal(r.unseen, 1);
	assert_int_equal(r.nreasons, 1);
	assert_int_equal(r.reason[0], 1);
	er_model_result_free(&r);
	er_model_free(&m);
	(void)state;
}

static void
test_blend_with_trees(void **state)
{
	struct er_model m;
	struct er_model_result r;
	hand_model(&m, 1);
	assert_int_equal(er_model_result_init(&m, &r), 0);
	/* Trees: margin ln(1/19) - 0.5 -> 600 + 0.5 B; scorecard 628; blend 0.5 each. */
	score(&m, "0", "normal", &r);
	double B = m.scaling.factor;
	double gb = 600 + 0.5 * B;
	assert_true(fabs(r.score - (0.5 * 628 + 0.5 * (double)(float)gb)) < 1e-3);
	/* Missing goes right in the stump: +0.5. */
	score(&m, "", "normal", &r);
	assert_true(fabs(r.score - (0.5 * 598 + 0.5 * (600 - 0.5 * B))) < 1e-3);
	er_model_result_free(&r);
	er_model_free(&m);
	(void)state;
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_round_trip_scorecard),      cmocka_unit_test(test_round_trip_ensemble),
		cmocka_unit_test(test_round_trip_without_covers), cmocka_unit_test(test_one_byte_change_refused),
		cmocka_unit_test(test_version_and_structure),     cmocka_unit_test(test_reasons_missing_unseen),
		cmocka_unit_test(test_blend_with_trees),          cmocka_unit_test(test_calibration),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
