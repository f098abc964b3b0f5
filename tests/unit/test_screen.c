/* Tests of screen on germancredit.csv against the figures published by the R scorecard
 * package (testdata/README-screen.md), and of the selection rules on small tables. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "lib/err.h"
#include "model/metrics.h"
#include "lib/reader.h"
#include "model/screen.h"

static void
germancredit_path(char *buf, size_t size)
{
	const char *dir = getenv("TESTDATA");

	snprintf(buf, size, "%s/germancredit.csv", dir ? dir : "testdata");
}

static void
load_file(const char *path, const char *label, struct er_frame *d)
{
	struct er_frame_load_opts lo;
	char err[ER_ERRLEN];
	er_reader *r;

	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	memset(&lo, 0, sizeof lo);
	lo.id_col = "id";
	lo.label_col = label;
	er_label_init(&lo.label, NULL);
	assert_int_equal(er_frame_load(r, &lo, d, 1, err), 0);
	er_reader_close(r);
}

static void
load_german(struct er_frame *d)
{
	char path[4096];

	germancredit_path(path, sizeof path);
	load_file(path, "creditability", d);
	assert_int_equal(d->nrows, 1000);
	assert_int_equal(d->ncols, 20);
}

static const struct er_screen_row *
find(const struct er_screen_result *res, const char *name)
{
	size_t i;

	for (i = 0; i < res->nrows; i++)
		if (strcmp(res->rows[i].name, name) == 0)
			return &res->rows[i];
	fail_msg("no indicator %s", name);
	return NULL;
}

static void
test_german_unique_iv_and_var_filter(void **state)
{
	static const struct {
		const char *name, *iv;
	} published[] = {
		{"status_of_existing_checking_account", "0.666"},
		{"duration_in_month", "0.335"},
		{"credit_history", "0.293"},
		{"age_in_years", "0.26"},
		{"savings_account_and_bonds", "0.196"},
		{"foreign_worker", "0.0439"},
		{"number_of_existing_credits_at_this_bank", "0.0133"},
		{"job", "0.0088"},
		{"personal_status_and_sex", "0.0088"},
	};
	struct er_frame d;
	struct er_screen_opts o;
	struct er_screen_result res;
	char err[ER_ERRLEN];
	size_t i, nselected = 0, niv = 0;

	load_german(&d);
	er_screen_opts_init(&o);
	o.bin.method = ER_BIN_METHOD_UNIQUE;
	o.max_corr = 1;
	o.check_direction = 0;
	assert_int_equal(er_screen_run(&d, NULL, &o, &res, err), 0);
	for (i = 0; i < sizeof published / sizeof published[0]; i++) {
		const struct er_screen_row *r = find(&res, published[i].name);

		/* to the printed precision: within half a unit of the last printed digit */
		double half = 0.5 * pow(10, -(double)(strlen(published[i].iv) - 2));

		assert_true(fabs(r->iv - atof(published[i].iv)) <= half);
	}
	/* var_filter drops foreign_worker for identical rate 0.963 and six for IV < 0.02, keeping
	 * 13; here foreign_worker stays: its few foreign workers carry IV 0.0439 >= min_iv */
	assert_true(fabs(find(&res, "foreign_worker")->identical_rate - 0.963) < 1e-12);
	assert_true(find(&res, "foreign_worker")->selected);
	assert_null(strstr(find(&res, "foreign_worker")->reason, "identical rate"));
	for (i = 0; i < res.nrows; i++) {
		nselected += (size_t)res.rows[i].selected;
		niv += strstr(res.rows[i].reason, "iv ") != NULL;
	}
	assert_int_equal(nselected, 14);
	assert_int_equal(res.nselected, 14);
	assert_int_equal(niv, 6);
	/* sorted by IV */
	for (i = 1; i < res.nrows; i++)
		assert_true(res.rows[i - 1].iv >= res.rows[i].iv);
	er_screen_result_free(&res);
	er_frame_free(&d);

	/* asked for more lift than it has, the identical rate counts against it again */
	load_german(&d);
	o.min_iv = 0.05;
	assert_int_equal(er_screen_run(&d, NULL, &o, &res, err), 0);
	assert_false(find(&res, "foreign_worker")->selected);
	assert_non_null(strstr(find(&res, "foreign_worker")->reason, "iv 0.04388 < 0.05"));
	assert_non_null(strstr(find(&res, "foreign_worker")->reason, "identical rate 0.963 > 0.95"));
	er_screen_result_free(&res);
	er_frame_free(&d);
}

static void
test_german_breaks_and_housing(void **state)
{
	static const struct {
		double count, good, bad, woe, iv;
	} ca[] = {
		{267, 185, 82, 0.03366128, 0.0003045545},  {105, 87, 18, -0.72823850, 0.0468153322},
		{382, 287, 95, -0.25830746, 0.0241086966}, {196, 120, 76, 0.39053946, 0.0319870413},
		{50, 21, 29, 1.17007125, 0.0780047502},
	};
	static const struct {
		const char *cat;
		double count, good, bad, woe, iv;
	} hs[] = {
		{"rent", 179, 109, 70, 0.4044452, 0.03139265},
		{"own", 713, 527, 186, -0.1941560, 0.02579501},
		{"for free", 108, 64, 44, 0.4726044, 0.02610577},
	};
	struct er_frame d;
	struct er_screen_opts o;
	struct er_screen_result res;
	const struct er_screen_row *r;
	char err[ER_ERRLEN];
	size_t i;

	load_german(&d);
	er_screen_opts_init(&o);
	struct er_screen_specs specs = {0};
	assert_int_equal(er_screen_specs_add_breaks(&specs, "credit_amount=1400,1800,4000,9200", err), 0);
	o.specs = &specs;
	assert_int_equal(er_screen_run(&d, NULL, &o, &res, err), 0);
	r = find(&res, "credit_amount");
	assert_int_equal(r->bins.nbins, 5);
	for (i = 0; i < 5; i++) {
		const struct er_bin *b = &r->bins.bins[i];

		assert_true(b->good + b->bad == ca[i].count);
		assert_true(b->good == ca[i].good && b->bad == ca[i].bad);
		assert_true(fabs(b->woe - ca[i].woe) < 5e-9);
		assert_true(fabs(b->iv - ca[i].iv) < 5e-11);
	}
	assert_string_equal(r->bins.bins[0].label, "[-Inf,1400)");
	assert_string_equal(r->bins.bins[4].label, "[9200,Inf)");
	assert_true(fabs(r->iv - 0.1812204) < 5e-8);

	r = find(&res, "housing");
	assert_int_equal(r->bins.nbins, 3);
	assert_true(r->categorical);
	for (i = 0; i < 3; i++) {
		size_t b = er_bin_find_cat(&r->bins, hs[i].cat, strlen(hs[i].cat), NULL);
		const struct er_bin *bin = &r->bins.bins[b];

		assert_true(bin->good == hs[i].good && bin->bad == hs[i].bad);
		assert_true(fabs(bin->woe - hs[i].woe) < 5e-8);
		assert_true(fabs(bin->iv - hs[i].iv) < 5e-9);
	}
	assert_true(fabs(r->iv - 0.08329343) < 5e-9);
	er_screen_result_free(&res);
	er_frame_free(&d);

	/* housing=rent|for free;own: rent and for free in one bin (70+44 bad of 179+108), own
	 * alone; "never" names no category of the data and makes no bin */
	load_german(&d);
	assert_int_equal(er_screen_specs_add_breaks(&specs, "housing=rent|for free|never;own", err), 0);
	assert_int_equal(er_screen_run(&d, NULL, &o, &res, err), 0);
	r = find(&res, "housing");
	assert_int_equal(r->bins.nbins, 2);
	assert_int_equal(r->bins.bins[0].ncats, 2);
	assert_true(r->bins.bins[0].good == 109 + 64 && r->bins.bins[0].bad == 70 + 44);
	assert_true(r->bins.bins[1].good == 527 && r->bins.bins[1].bad == 186);
	assert_int_equal(er_bin_find_cat(&r->bins, "for free", 8, NULL), 0);
	assert_int_equal(er_bin_find_cat(&r->bins, "own", 3, NULL), 1);
	er_screen_result_free(&res);
	er_frame_free(&d);
	/* groups for a numeric column, breaks for a categorical one: usage errors */
	assert_int_equal(er_screen_specs_add_breaks(&specs, "credit_amount=1400,1800", err), ER_EUSAGE);
	er_screen_specs_free(&specs);
	load_german(&d);
	assert_int_equal(er_screen_specs_add_breaks(&specs, "credit_amount=low;high", err), 0);
	assert_int_equal(er_screen_run(&d, NULL, &o, &res, err), ER_EUSAGE);
	assert_non_null(strstr(err, "category groups given for numeric column 'credit_amount'"));
	er_frame_free(&d);
	er_screen_specs_free(&specs);
}

/* Writes TEXT to a temporary file named in PATH (a mkstemp pattern). */
static void
write_tmp(char *path, const char *text)
{
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
}

static void
test_selection_rules(void **state)
{
	char path[] = "/tmp/test_screen_XXXXXX", basepath[] = "/tmp/test_screen_XXXXXX", err[ER_ERRLEN];
	char *text = malloc(1 << 20), *btext = malloc(1 << 20);
	size_t len = 0, blen = 0;
	struct er_frame d, b;
	struct er_screen_opts o;
	struct er_screen_result res;
	static char down[] = "risk_down", up[] = "risk_up";
	char *dn[] = {down, up};
	int i;

	/* risk_up: bad rate rises with it; twin: the same with noise (correlated, lower IV);
	 * risk_down: expected '+' but bad rate falls; flat: no signal; mostly_missing; shifted:
	 * a different distribution in the baseline */
	len += (size_t)sprintf(text + len, "id,label,risk_up,twin,risk_down,flat,mostly_missing,shifted\n");
	blen += (size_t)sprintf(btext + blen, "id,risk_up,twin,risk_down,flat,mostly_missing,shifted\n");
	for (i = 0; i < 4000; i++) {
		int v = i % 100, bad = (i * 7919 % 100) < v / 2 + 5;
		int twin = v + (i % 7 == 0 ? (i * 31) % 100 - 50 : 0);
		unsigned flat = ((unsigned)i * 2654435761u >> 13) % 10; /* unrelated to the label */

		len += (size_t)sprintf(text + len, "e%d,%d,%d,%d,%d,%u,%s,%d\n", i, bad, v, twin, 100 - v, flat,
		                       i % 50 == 0 ? "1" : "", v);
		blen += (size_t)sprintf(btext + blen, "e%d,%d,%d,%d,%u,%s,%d\n", i, v, twin, 100 - v, flat,
		                        i % 50 == 0 ? "1" : "", v / 4);
	}
	write_tmp(path, text);
	write_tmp(basepath, btext);
	free(text);
	free(btext);
	load_file(path, "label", &d);
	{
		struct er_frame_load_opts lo;
		er_reader *r;

		assert_int_equal(er_reader_open1(&r, basepath, NULL, err), 0);
		memset(&lo, 0, sizeof lo);
		lo.id_col = "id";
		lo.like = &d;
		assert_int_equal(er_frame_load(r, &lo, &b, 1, err), 0);
		er_reader_close(r);
	}
	er_screen_opts_init(&o);
	o.dir_name = dn;
	o.dir_value = "++";
	o.ndir = 2;
	assert_int_equal(er_screen_run(&d, &b, &o, &res, err), 0);
	assert_true(find(&res, "risk_up")->selected);
	assert_int_equal(find(&res, "risk_up")->dir_found, '+');
	assert_true(find(&res, "risk_up")->psi < 0.01);
	assert_non_null(strstr(find(&res, "twin")->reason, "correlated with risk_up"));
	assert_non_null(strstr(find(&res, "risk_down")->reason, "bad rate falls as it rises"));
	assert_int_equal(find(&res, "risk_down")->dir_found, '-');
	assert_non_null(strstr(find(&res, "flat")->reason, "iv "));
	assert_non_null(strstr(find(&res, "mostly_missing")->reason, "missing rate 0.98 > 0.95"));
	assert_non_null(strstr(find(&res, "shifted")->reason, "psi "));
	/* KS and AUC of the WOE-coded indicator agree with er_metrics on the coded rows */
	{
		const struct er_screen_row *r = find(&res, "risk_up");
		double *score = malloc(4000 * sizeof *score);
		unsigned char *y = malloc(4000);
		struct er_metrics m;

		for (i = 0; i < 4000; i++) {
			int v = i % 100;

			score[i] = r->bins.bins[er_bin_find_num(&r->bins, v, NULL)].woe;
			y[i] = (unsigned char)((i * 7919 % 100) < v / 2 + 5);
		}
		assert_int_equal(er_metrics_compute(score, y, 4000, &m, err), 0);
		assert_true(fabs(m.auc - r->auc) < 1e-12);
		assert_true(fabs(m.ks - r->ks) < 1e-12);
		assert_true(r->ks > 0.2 && r->auc > 0.65);
		free(score);
		free(y);
	}
	er_screen_result_free(&res);

	/* the same without the direction and correlation checks keeps twin and risk_down */
	er_frame_free(&d);
	load_file(path, "label", &d);
	o.check_direction = 0;
	o.max_corr = 1;
	assert_int_equal(er_screen_run(&d, NULL, &o, &res, err), 0);
	assert_true(find(&res, "twin")->selected);
	assert_true(find(&res, "risk_down")->selected);
	assert_true(isnan(find(&res, "risk_up")->psi));
	er_screen_result_free(&res);
	er_frame_free(&d);
	er_frame_free(&b);
	unlink(path);
	unlink(basepath);
}

static void
test_corr(void **state)
{
	unsigned a[6] = {0, 1, 0, 1, 0, 1}, b[6] = {1, 0, 1, 0, 1, 0}, c[6] = {0, 0, 0, 1, 1, 1};
	double wa[2] = {-1, 2}, wb[2] = {3, 5}, wc[2] = {0, 1};
	const unsigned *codes[3] = {a, b, c};
	const double *woe[3] = {wa, wb, wc};
	double r[9];

	assert_int_equal(er_screen_corr(codes, woe, 3, 6, r), 0);
	assert_true(fabs(r[0] - 1) < 1e-12);
	assert_true(fabs(r[1] + 1) < 1e-12); /* a and b move in opposite directions */
	assert_true(fabs(r[3] + 1) < 1e-12);
	/* a vs c: a = -1,2,-1,2,-1,2 ; c = 0,0,0,1,1,1: r = 1/3 */
	assert_true(fabs(r[2] - 1.0 / 3) < 1e-12);
	assert_true(fabs(r[6] - 1.0 / 3) < 1e-12);
}

static void
collect(void *ctx, const char *msg)
{
	char *buf = ctx;
	size_t used = strlen(buf);

	snprintf(buf + used, 4096 - used, "%s\n", msg);
}

/* er_frame_load reports left-out rows and a column turned categorical to its caller's diag
 * (it never prints), and not at all when quiet. */
static void
test_frame_load_diag(void **state)
{
	char path[] = "/tmp/test_screen_XXXXXX", err[ER_ERRLEN], got[4096] = "";
	const char *text = "id,x,label\n1,1.5,1\n2,2.5,maybe\n3,abc,0\n";
	int fd = mkstemp(path);
	struct er_frame_load_opts lo;
	struct er_diag d = {collect, got};
	struct er_frame f;
	er_reader *r;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, text, strlen(text)), (ssize_t)strlen(text));
	close(fd);
	memset(&lo, 0, sizeof lo);
	lo.id_col = "id";
	lo.label_col = "label";
	lo.diag = &d;
	er_label_init(&lo.label, NULL);
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	assert_int_equal(er_frame_load(r, &lo, &f, 0, err), 0);
	er_reader_close(r);
	assert_int_equal(f.nrows, 2);
	assert_int_equal(f.rejected, 1);
	assert_non_null(strstr(got, "row left out: "));
	assert_non_null(strstr(got, "'maybe'"));
	assert_non_null(strstr(got, "line 3"));
	assert_non_null(strstr(got, "column 'x' read as categories: 'abc' is not a number"));
	er_frame_free(&f);

	got[0] = '\0';
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	assert_int_equal(er_frame_load(r, &lo, &f, 1, err), 0);
	er_reader_close(r);
	assert_string_equal(got, "");
	er_frame_free(&f);
	unlink(path);
}

/* keep_numbers leaves every numeric column in place, as loaded, and screens as the default
 * (which frees them) does. */
static void
test_keep_numbers(void **state)
{
	struct er_frame d, k;
	struct er_screen_opts o;
	struct er_screen_result a, b;
	char err[ER_ERRLEN];
	size_t j, i, nnum = 0;

	(void)state;
	load_german(&d);
	load_german(&k);
	er_screen_opts_init(&o);
	assert_int_equal(er_screen_run(&d, NULL, &o, &a, err), 0);
	o.keep_numbers = 1;
	assert_int_equal(er_screen_run(&k, NULL, &o, &b, err), 0);
	for (j = 0; j < d.ncols; j++) {
		if (k.cols[j].categorical)
			continue;
		nnum++;
		assert_null(d.cols[j].x);
		assert_non_null(k.cols[j].x);
	}
	assert_true(nnum > 0);
	assert_int_equal(a.nrows, b.nrows);
	assert_int_equal(a.nselected, b.nselected);
	for (i = 0; i < a.nrows; i++) {
		assert_string_equal(a.rows[i].name, b.rows[i].name);
		assert_true(a.rows[i].iv == b.rows[i].iv);
		assert_int_equal(a.rows[i].selected, b.rows[i].selected);
	}
	er_screen_result_free(&a); /* its names are D's */
	er_screen_result_free(&b);
	er_frame_free(&d);
	load_german(&d); /* the values as loaded, to compare with those kept */
	for (j = 0; j < d.ncols; j++)
		for (i = 0; !d.cols[j].categorical && i < d.nrows; i++)
			assert_true(memcmp(&d.cols[j].x[i], &k.cols[j].x[i], sizeof(double)) == 0);
	er_frame_free(&d);
	er_frame_free(&k);
}

/* A table of many rows (the capacity grows past its first guess, to the file's estimate)
 * and rows of very different widths: every row and value kept, in order. */
static void
test_frame_load_many_rows(void **state)
{
	char path[] = "/tmp/test_screen_XXXXXX", err[ER_ERRLEN];
	int fd = mkstemp(path);
	FILE *f;
	struct er_frame_load_opts lo;
	struct er_frame d;
	er_reader *r;
	size_t i, n = 30000;

	(void)state;
	assert_true(fd >= 0);
	assert_non_null(f = fdopen(fd, "w"));
	fprintf(f, "id,x,note,label\n");
	for (i = 0; i < n; i++)
		/* short rows first, long ones after: the first rows underestimate the bytes a row
		 * takes, so the estimate falls short and the capacity grows again */
		fprintf(f, "%zu,%zu.5,%s,%d\n", i, i, i < 5000 ? "" : "a much longer note than the first rows had",
		        (int)(i % 7 == 0));
	assert_int_equal(fclose(f), 0);
	memset(&lo, 0, sizeof lo);
	lo.id_col = "id";
	lo.label_col = "label";
	er_label_init(&lo.label, NULL);
	assert_int_equal(er_reader_open1(&r, path, NULL, err), 0);
	assert_int_equal(er_frame_load(r, &lo, &d, 1, err), 0);
	er_reader_close(r);
	assert_int_equal(d.nrows, n);
	assert_true(d.caprows >= n);
	assert_int_equal(d.ncols, 2);
	for (i = 0; i < n; i++) {
		assert_true(d.cols[0].x[i] == (double)i + 0.5);
		assert_int_equal(d.y[i], i % 7 == 0);
		assert_int_equal(d.cols[1].code[i], i < 5000 ? (unsigned)-1 : 0);
	}
	er_frame_free(&d);
	unlink(path);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_german_unique_iv_and_var_filter),
		cmocka_unit_test(test_german_breaks_and_housing),
		cmocka_unit_test(test_selection_rules),
		cmocka_unit_test(test_corr),
		cmocka_unit_test(test_frame_load_diag),
		cmocka_unit_test(test_keep_numbers),
		cmocka_unit_test(test_frame_load_many_rows),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
