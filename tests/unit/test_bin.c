/* Tests of bin: WOE/IV conventions, finding bins, the table file, and the methods, with the
 * monotonic method checked against brute force over every merge of its fine bins. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include <cmocka.h>

#include "model/bin.h"
#include "lib/err.h"

static uint64_t rng_state = 88172645463325252ULL;

static uint64_t
rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static double
unif(void)
{
	return (double)(rnd() >> 11) / 9007199254740992.0;
}

static void
test_woe_iv_zero_count(void **state)
{
	struct er_bin bins[2];
	struct er_bin_var v;

	memset(&v, 0, sizeof v);
	memset(bins, 0, sizeof bins);
	bins[0].good = 10;
	bins[0].bad = 0; /* replaced by 0.99 */
	bins[1].good = 5;
	bins[1].bad = 5;
	v.bins = bins;
	v.nbins = 2;
	er_bin_woe_iv(&v, 0.99);
	/* totals are the sums of the replaced counts: bad 5.99, good 15 */
	assert_true(fabs(bins[0].woe - log((0.99 / 5.99) / (10.0 / 15))) < 1e-12);
	assert_true(fabs(bins[1].woe - log((5 / 5.99) / (5.0 / 15))) < 1e-12);
	assert_true(fabs(v.iv - (bins[0].iv + bins[1].iv)) < 1e-15);
	assert_true(bins[0].iv > 0 && bins[1].iv > 0);
	assert_true(v.good == 15 && v.bad == 5);
}

static void
test_breaks_and_find(void **state)
{
	double x[] = {1, 2, 3, 4, 5, 6, 7, 8, NAN, -999, 10, 2};
	unsigned char y[] = {1, 0, 1, 0, 0, 0, 1, 1, 1, 0, 1, 0};
	double br[] = {3, 7}, sp[] = {-999};
	struct er_bin_opts o;
	struct er_bin_var v;
	char err[ER_ERRLEN];
	int unseen;

	er_bin_opts_init(&o);
	o.method = ER_BIN_METHOD_BREAKS;
	o.breaks = br;
	o.nbreaks = 2;
	o.special_num = sp;
	o.nspecial_num = 1;
	assert_int_equal(er_bin_numeric("v", x, y, 12, &o, &v, err), 0);
	assert_int_equal(v.nbins, 5);
	assert_string_equal(v.bins[0].label, "[-Inf,3)");
	assert_string_equal(v.bins[1].label, "[3,7)");
	assert_string_equal(v.bins[2].label, "[7,Inf)");
	assert_int_equal(v.bins[3].kind, ER_BIN_SPECIAL);
	assert_string_equal(v.bins[3].label, "special:-999");
	assert_int_equal(v.bins[4].kind, ER_BIN_MISSING);
	/* [-Inf,3): 1,2,2 -> bad 1 good 2; [3,7): 3,4,5,6 -> bad 1 good 3; [7,Inf): 7,8,10 bad 3 */
	assert_true(v.bins[0].good == 2 && v.bins[0].bad == 1);
	assert_true(v.bins[1].good == 3 && v.bins[1].bad == 1);
	assert_true(v.bins[2].good == 0 && v.bins[2].bad == 3);
	assert_int_equal(er_bin_find_num(&v, 2.999, &unseen), 0);
	assert_int_equal(er_bin_find_num(&v, 3, &unseen), 1); /* left-closed */
	assert_int_equal(er_bin_find_num(&v, 7, &unseen), 2);
	assert_int_equal(er_bin_find_num(&v, -1e300, &unseen), 0);
	assert_int_equal(er_bin_find_num(&v, -999, &unseen), 3);
	assert_int_equal(er_bin_find_num(&v, NAN, &unseen), 4);
	assert_int_equal(unseen, 0);
	assert_int_equal(er_bin_find_field(&v, "", 0, &unseen), 4);
	assert_int_equal(er_bin_find_field(&v, "6.5", 3, &unseen), 1);
	assert_int_equal(er_bin_find_field(&v, "abc", 3, &unseen), (size_t)-1);
	er_bin_var_free(&v);

	/* no missing seen: a missing value goes to the riskiest bin and is flagged */
	{
		double x2[] = {1, 2, 3, 4};
		unsigned char y2[] = {0, 0, 1, 1};

		o.nspecial_num = 0;
		assert_int_equal(er_bin_numeric("w", x2, y2, 4, &o, &v, err), 0);
		assert_int_equal(er_bin_find_num(&v, NAN, &unseen), er_bin_fallback(&v));
		assert_int_equal(unseen, 1);
		assert_true(v.bins[er_bin_fallback(&v)].woe >= v.bins[0].woe);
		er_bin_var_free(&v);
	}
}

static void
test_categorical(void **state)
{
	const char *x[200];
	unsigned char y[200];
	struct er_bin_opts o;
	struct er_bin_var v;
	char err[ER_ERRLEN];
	size_t i, b;
	int unseen;

	for (i = 0; i < 200; i++) {
		x[i] = i < 90 ? "a" : i < 180 ? "b" : i < 185 ? "rare1" : i < 188 ? "rare2" : i < 195 ? "" : "c";
		y[i] = (unsigned char)(i % 3 == 0 || (i >= 90 && i % 2 == 0));
	}
	er_bin_opts_init(&o);
	o.min_bin = 0.05; /* 10 rows: rare1 (5) and rare2 (3) and c (5) are rare */
	assert_int_equal(er_bin_categorical("cat", x, y, 200, &o, &v, err), 0);
	assert_int_equal(v.type, ER_BIN_CATEGORICAL);
	/* a, b, other(rare1, rare2, c), missing */
	assert_int_equal(v.nbins, 4);
	assert_int_equal(v.bins[v.nbins - 1].kind, ER_BIN_MISSING);
	b = er_bin_find_cat(&v, "rare2", 5, &unseen);
	assert_int_equal(v.bins[b].kind, ER_BIN_OTHER);
	assert_int_equal(unseen, 0);
	assert_int_equal(er_bin_find_cat(&v, "never", 5, &unseen), b);
	assert_int_equal(unseen, 1);
	b = er_bin_find_cat(&v, "a", 1, &unseen);
	assert_int_equal(v.bins[b].kind, ER_BIN_CATS);
	assert_string_equal(v.bins[b].label, "a");
	assert_true(v.bins[b].good + v.bins[b].bad == 90);
	assert_int_equal(er_bin_find_cat(&v, "", 0, &unseen), v.nbins - 1);
	assert_true(v.mode_count == 90);
	er_bin_var_free(&v);

	/* unique: every category its own bin, nothing merged */
	o.method = ER_BIN_METHOD_UNIQUE;
	assert_int_equal(er_bin_categorical("cat", x, y, 200, &o, &v, err), 0);
	assert_int_equal(v.nbins, 6);
	er_bin_var_free(&v);

	/* more categories than max_bins: neighbours in bad-rate order are merged */
	o.method = ER_BIN_METHOD_MONOTONIC;
	o.max_bins = 2;
	o.min_bin = 0;
	assert_int_equal(er_bin_categorical("cat", x, y, 200, &o, &v, err), 0);
	assert_int_equal(v.nbins, 3);
	assert_int_equal(v.bins[2].kind, ER_BIN_MISSING);
	er_bin_var_free(&v);
}

/* Many distinct categories: the category dictionary grows many times (first-appearance codes
 * must survive it) and chi-merging down to a few bins grows the merged groups' code lists. */
static void
test_categorical_many(void **state)
{
	enum { NCAT = 1000, N = 3 * NCAT };
	static char names[NCAT][8];
	static const char *x[N];
	static unsigned char y[N];
	struct er_bin_opts o;
	struct er_bin_var v;
	char err[ER_ERRLEN];
	size_t i, b, ncats = 0;
	int unseen;

	(void)state;
	for (i = 0; i < NCAT; i++)
		snprintf(names[i], sizeof names[i], "k%zu", i);
	for (i = 0; i < N; i++) {
		x[i] = names[(i * 7) % NCAT];
		y[i] = (unsigned char)((i * 7) % NCAT % 5 == 0 || i % 3 == 0);
	}
	er_bin_opts_init(&o);
	o.method = ER_BIN_METHOD_UNIQUE;
	o.min_bin = 0;
	assert_int_equal(er_bin_categorical("many", x, y, N, &o, &v, err), 0);
	for (i = 0; i < NCAT; i += 37) {
		b = er_bin_find_cat(&v, names[i], strlen(names[i]), &unseen);
		assert_int_equal(unseen, 0);
		assert_string_equal(v.bins[b].label, names[i]);
		assert_true(v.bins[b].good + v.bins[b].bad == 3);
	}
	er_bin_var_free(&v);

	o.method = ER_BIN_METHOD_MONOTONIC;
	o.max_bins = 3;
	assert_int_equal(er_bin_categorical("many", x, y, N, &o, &v, err), 0);
	assert_true(v.nbins <= 4);
	for (b = 0; b < v.nbins; b++)
		ncats += v.bins[b].ncats;
	assert_int_equal(ncats, NCAT); /* every category lands in exactly one bin */
	for (i = 0; i < NCAT; i += 37) {
		er_bin_find_cat(&v, names[i], strlen(names[i]), &unseen);
		assert_int_equal(unseen, 0);
	}
	er_bin_var_free(&v);
}

static void
test_table_roundtrip(void **state)
{
	double x[300];
	unsigned char y[300];
	const char *cx[300];
	struct er_bin_opts o;
	struct er_bin_var v[2], *rv;
	size_t nrv, i;
	char err[ER_ERRLEN], path[] = "/tmp/test_bin_XXXXXX";
	int fd = mkstemp(path);
	er_writer *w;

	assert_true(fd >= 0);
	for (i = 0; i < 300; i++) {
		x[i] = i % 17 == 0 ? NAN : (double)(i % 50) * 1.5;
		y[i] = (unsigned char)(unif() < 0.2 + 0.01 * (double)(i % 50));
		cx[i] = i % 3 == 0 ? "x, with comma" : i % 3 == 1 ? "y \"q\"" : "z";
	}
	er_bin_opts_init(&o);
	assert_int_equal(er_bin_numeric("num", x, y, 300, &o, &v[0], err), 0);
	assert_int_equal(er_bin_categorical("cat", cx, y, 300, &o, &v[1], err), 0);
	w = er_writer_open(fd, path, NULL);
	assert_non_null(w);
	assert_int_equal(er_bin_write_header(w), 0);
	assert_int_equal(er_bin_write_var(w, &v[0]), 0);
	assert_int_equal(er_bin_write_var(w, &v[1]), 0);
	assert_int_equal(er_writer_close(w), 0);
	close(fd);
	assert_int_equal(er_bin_read(path, &rv, &nrv, err), 0);
	assert_int_equal(nrv, 2);
	for (i = 0; i < 2; i++) {
		size_t j;

		assert_string_equal(rv[i].name, v[i].name);
		assert_int_equal(rv[i].type, v[i].type);
		assert_int_equal(rv[i].nbins, v[i].nbins);
		for (j = 0; j < v[i].nbins; j++) {
			assert_string_equal(rv[i].bins[j].label, v[i].bins[j].label);
			assert_int_equal(rv[i].bins[j].kind, v[i].bins[j].kind);
			assert_true(rv[i].bins[j].woe == v[i].bins[j].woe); /* shortest round trip */
			assert_true(rv[i].bins[j].good == v[i].bins[j].good);
			assert_true(rv[i].bins[j].lo == v[i].bins[j].lo ||
			            (isnan(rv[i].bins[j].lo) && isnan(v[i].bins[j].lo)));
		}
	}
	for (i = 0; i < 100; i++) {
		double q = (double)i - 10;
		int u1, u2;

		assert_int_equal(er_bin_find_num(&rv[0], q, &u1), er_bin_find_num(&v[0], q, &u2));
	}
	assert_int_equal(er_bin_find_cat(&rv[1], "x, with comma", 13, NULL),
	                 er_bin_find_cat(&v[1], "x, with comma", 13, NULL));
	assert_ptr_equal(er_bin_lookup(rv, nrv, "cat"), &rv[1]);
	er_bin_vars_free(rv, nrv);
	er_bin_var_free(&v[0]);
	er_bin_var_free(&v[1]);

	/* a malformed table is refused with its line */
	fd = open(path, O_WRONLY | O_TRUNC);
	assert_true(fd >= 0);
	{
		static const char bad[] =
			"variable,type,kind,bin,lower,upper,categories,count,good,bad,bad_rate,woe,bin_iv,total_iv\n"
			"v,numeric,range,\"[-Inf,1)\",,1,,2,1,1,0.5,0,0,0\n"
			"v,numeric,range,\"[2,Inf)\",2,,,2,1,1,0.5,0,0,0\n";

		assert_int_equal(write(fd, bad, sizeof bad - 1), (ssize_t)(sizeof bad - 1));
	}
	close(fd);
	assert_int_equal(er_bin_read(path, &rv, &nrv, err), ER_EIO);
	assert_non_null(strstr(err, "line 3"));
	unlink(path);
}

/* ---- brute force for the monotonic method ---- */

struct bf {
	const double *g, *b; /* fine bins */
	size_t m;
	double fixg, fixb; /* missing bin counts (0 when none) */
	double n, minc, zc;
	size_t maxb;
	int shape; /* 1 asc, 2 desc, 3 peak, 4 valley */
};

/* IV of the partition CUTS[0..K] (R's formula, written out again here) or -INFINITY when
 * it breaks a constraint. */
static double
bf_iv(const struct bf *p, const size_t *cuts, size_t k)
{
	double G = 0, B = 0, iv = 0, rate[64], g[64], b[64];
	size_t i, j;
	int falls = 0;

	for (i = 0; i < k; i++) {
		g[i] = b[i] = 0;
		for (j = cuts[i]; j < cuts[i + 1]; j++) {
			g[i] += p->g[j];
			b[i] += p->b[j];
		}
		if (g[i] <= 0 || b[i] <= 0 || g[i] + b[i] < p->minc)
			return -INFINITY;
		rate[i] = b[i] / (g[i] + b[i]);
		G += g[i];
		B += b[i];
	}
	if (k > p->maxb)
		return -INFINITY;
	for (i = 1; i < k; i++) {
		int up = rate[i] > rate[i - 1], down = rate[i] < rate[i - 1];

		if (!up && !down)
			return -INFINITY;
		switch (p->shape) {
		case 1:
			if (!up)
				return -INFINITY;
			break;
		case 2:
			if (!down)
				return -INFINITY;
			break;
		case 3:
			if (down)
				falls = 1;
			else if (falls)
				return -INFINITY;
			break;
		default:
			if (up)
				falls = 1;
			else if (falls)
				return -INFINITY;
			break;
		}
	}
	if (p->fixg + p->fixb > 0) {
		G += p->fixg > 0 ? p->fixg : p->zc;
		B += p->fixb > 0 ? p->fixb : p->zc;
		{
			double db = (p->fixb > 0 ? p->fixb : p->zc) / B, dg = (p->fixg > 0 ? p->fixg : p->zc) / G;

			iv += (db - dg) * log(db / dg);
		}
	}
	for (i = 0; i < k; i++)
		iv += (b[i] / B - g[i] / G) * log((b[i] / B) / (g[i] / G));
	return iv;
}

static double
brute_force(const struct bf *p)
{
	double best = -INFINITY;
	uint32_t mask;

	for (mask = 0; mask < (1u << (p->m - 1)); mask++) {
		size_t cuts[64], k = 0, i;
		double v;

		cuts[k++] = 0;
		for (i = 1; i < p->m; i++)
			if (mask & (1u << (i - 1)))
				cuts[k++] = i;
		cuts[k] = p->m;
		v = bf_iv(p, cuts, k);
		if (v > best)
			best = v;
	}
	return best;
}

static void
test_monotonic_vs_brute_force(void **state)
{
	int round, nfeasible = 0, ncases = 0;

	for (round = 0; round < 300; round++) {
		size_t n = 40 + rnd() % 300, i, distinct = 3 + rnd() % 12, nr;
		double *x = malloc(n * sizeof *x), slope[16];
		unsigned char *y = malloc(n);
		struct er_bin_opts o;
		struct er_bin_var fine, mono;
		char err[ER_ERRLEN];
		struct bf p;
		double g[64], b[64], best;
		int shape = 1 + (int)(round % 4);

		for (i = 0; i < distinct; i++)
			slope[i] = unif();
		for (i = 0; i < n; i++) {
			size_t d = rnd() % distinct;

			x[i] = unif() < 0.05 ? NAN : (double)d * 10 + (double)(rnd() % 3);
			y[i] = (unsigned char)(unif() < slope[d]);
		}
		er_bin_opts_init(&o);
		o.split_iv = -1; /* the plain quantile fine bins brute force starts from */
		o.fine_bins = 2 + (int)(rnd() % 11);
		o.max_bins = 1 + (int)(rnd() % 6);
		o.min_bin = (double)(rnd() % 4) * 0.05;
		o.shape = shape == 1 ? ER_BIN_SHAPE_ASCENDING
			: shape == 2 ? ER_BIN_SHAPE_DESCENDING
			: shape == 3 ? ER_BIN_SHAPE_PEAK
				     : ER_BIN_SHAPE_VALLEY;
		/* the fine bins: quantile bins with as many bins as fine_bins */
		{
			struct er_bin_opts q = o;

			q.method = ER_BIN_METHOD_QUANTILE;
			q.max_bins = o.fine_bins;
			assert_int_equal(er_bin_numeric("f", x, y, n, &q, &fine, err), 0);
		}
		assert_int_equal(er_bin_numeric("m", x, y, n, &o, &mono, err), 0);
		memset(&p, 0, sizeof p);
		p.m = 0;
		for (i = 0; i < fine.nbins; i++) {
			if (fine.bins[i].kind == ER_BIN_RANGE) {
				g[p.m] = fine.bins[i].good;
				b[p.m++] = fine.bins[i].bad;
			} else {
				p.fixg = fine.bins[i].good;
				p.fixb = fine.bins[i].bad;
			}
		}
		p.g = g;
		p.b = b;
		p.n = (double)n;
		p.minc = o.min_bin * (double)n - 1e-9;
		p.zc = o.zero_count;
		p.maxb = (size_t)o.max_bins;
		p.shape = shape;
		best = p.m > 0 ? brute_force(&p) : -INFINITY;
		nr = 0;
		for (i = 0; i < mono.nbins; i++)
			nr += mono.bins[i].kind == ER_BIN_RANGE;
		ncases++;
		if (best > -INFINITY) {
			nfeasible++;
			/* exact: never below the brute-force optimum, and it is one of the candidates */
			assert_true(mono.iv >= best - 1e-12);
			assert_true(mono.iv <= best + 1e-12);
			assert_true(nr <= (size_t)o.max_bins);
			for (i = 0; i < nr; i++) {
				assert_true(mono.bins[i].good > 0 && mono.bins[i].bad > 0);
				assert_true(mono.bins[i].good + mono.bins[i].bad >= p.minc);
			}
			/* WOE follows the shape */
			for (i = 1; i < nr; i++) {
				if (shape == 1)
					assert_true(mono.bins[i].woe > mono.bins[i - 1].woe);
				else if (shape == 2)
					assert_true(mono.bins[i].woe < mono.bins[i - 1].woe);
			}
		} else if (p.m > 0) {
			assert_int_equal(nr, 1); /* nothing feasible: one bin */
		}
		/* the range bins tile the line */
		if (nr > 0) {
			assert_true(mono.bins[0].lo == -INFINITY && mono.bins[nr - 1].hi == INFINITY);
			for (i = 1; i < nr; i++)
				assert_true(mono.bins[i].lo == mono.bins[i - 1].hi);
		}
		er_bin_var_free(&fine);
		er_bin_var_free(&mono);
		free(x);
		free(y);
	}
	/* the random cases must exercise the comparison, not only the fallback */
	assert_true(nfeasible > ncases / 2);
}

/* The default shape takes the better of ascending and descending. */
static void
test_monotone_default_direction(void **state)
{
	size_t n = 2000, i;
	double *x = malloc(n * sizeof *x);
	unsigned char *y = malloc(n);
	struct er_bin_opts o;
	struct er_bin_var v;
	char err[ER_ERRLEN];

	for (i = 0; i < n; i++) {
		x[i] = unif() * 100;
		y[i] = (unsigned char)(unif() < 0.5 - x[i] / 250); /* risk falls as x rises */
	}
	er_bin_opts_init(&o);
	assert_int_equal(er_bin_numeric("x", x, y, n, &o, &v, err), 0);
	assert_true(v.nbins >= 3 && v.nbins <= 8);
	for (i = 1; i < v.nbins; i++)
		assert_true(v.bins[i].woe < v.bins[i - 1].woe);
	for (i = 0; i < v.nbins; i++)
		assert_true(v.bins[i].good + v.bins[i].bad >= 0.05 * (double)n);
	assert_true(v.auc_up < 0.5);
	assert_true(er_bin_auc(&v) > 0.6 && er_bin_ks(&v) > 0.1);
	er_bin_var_free(&v);
	free(x);
	free(y);
}

/* A count that is 0 for 97 % of rows, its other values (1..60, each rarer than a fine bin)
 * 3 % of rows: with LIFT those rows are bad four times as often. Returns the bins. */
static void
zero_inflated(struct er_bin_var *v, int lift, enum er_bin_method method)
{
	size_t n = 4000, i;
	double *x = malloc(n * sizeof *x);
	unsigned char *y = malloc(n);
	struct er_bin_opts o;
	char err[ER_ERRLEN];

	for (i = 0; i < n; i++) {
		int rest = unif() < 0.03;

		x[i] = rest ? (double)(1 + (int)(unif() * 60)) : 0;
		y[i] = (unsigned char)(unif() < (rest && lift ? 0.4 : 0.1));
	}
	er_bin_opts_init(&o);
	o.method = method;
	assert_int_equal(er_bin_numeric("late_payments", x, y, n, &o, v, err), 0);
	free(x);
	free(y);
}

static void
test_zero_inflated_mode_bin(void **state)
{
	static const enum er_bin_method methods[] = {ER_BIN_METHOD_MONOTONIC, ER_BIN_METHOD_CHIMERGE,
	                                             ER_BIN_METHOD_TREE};
	struct er_bin_var v;

	for (size_t k = 0; k < sizeof methods / sizeof *methods; k++) {
		/* min_bin 5 % alone would leave one bin of IV 0: 0 gets its own bin, the rest
		 * theirs, and the IV is the lift's */
		zero_inflated(&v, 1, methods[k]);
		assert_int_equal(v.nbins, 2);
		assert_true(v.bins[0].lo == -INFINITY && v.bins[0].hi == 1);
		assert_true(v.bins[1].lo == 1 && v.bins[1].hi == INFINITY);
		assert_true(v.bins[1].woe > 1 && v.iv >= 0.02);
		assert_true(v.bins[1].good + v.bins[1].bad < 0.05 * 4000);
		er_bin_var_free(&v);
		/* no lift: nothing to keep apart, one bin */
		zero_inflated(&v, 0, methods[k]);
		assert_int_equal(v.nbins, 1);
		er_bin_var_free(&v);
	}
}

/* A 0/1 theft flag on 1 % of rows, 1 only for bad rows, and a flag on 1 % whose rows are
 * as often bad as the rest: the first keeps its two bins and IV, the second is one bin or
 * has next to none. */
static void
test_rare_flag(void **state)
{
	size_t n = 5000, i;
	double *x = malloc(n * sizeof *x), *z = malloc(n * sizeof *z);
	unsigned char *y = malloc(n);
	struct er_bin_opts o;
	struct er_bin_var v;
	char err[ER_ERRLEN];

	for (i = 0; i < n; i++) {
		y[i] = (unsigned char)(unif() < 0.1);
		x[i] = y[i] && i % 10 < 1 ? 1 : 0; /* ~1 % of all rows, every one bad */
		z[i] = i % 100 == 7 ? 1 : 0;
	}
	er_bin_opts_init(&o);
	assert_int_equal(er_bin_numeric("theft", x, y, n, &o, &v, err), 0);
	assert_int_equal(v.nbins, 2);
	assert_true(v.bins[1].good == 0 && v.bins[1].bad > 0);
	assert_true(v.iv >= 0.02);
	assert_true(v.mode_count / (double)n > 0.95);
	er_bin_var_free(&v);
	assert_int_equal(er_bin_numeric("noise", z, y, n, &o, &v, err), 0);
	assert_true(v.iv < 0.02);
	er_bin_var_free(&v);
	free(x);
	free(z);
	free(y);
}

static void
test_chimerge_tree_quantile(void **state)
{
	size_t n = 5000, i;
	double *x = malloc(n * sizeof *x);
	unsigned char *y = malloc(n);
	struct er_bin_opts o;
	struct er_bin_var v;
	char err[ER_ERRLEN];

	for (i = 0; i < n; i++) {
		x[i] = (double)(rnd() % 1000);
		/* a step: risky below 300, safe above */
		y[i] = (unsigned char)(unif() < (x[i] < 300 ? 0.5 : 0.1));
	}
	er_bin_opts_init(&o);
	o.method = ER_BIN_METHOD_QUANTILE;
	o.max_bins = 10;
	assert_int_equal(er_bin_numeric("x", x, y, n, &o, &v, err), 0);
	assert_int_equal(v.nbins, 10);
	for (i = 0; i < v.nbins; i++) {
		double c = v.bins[i].good + v.bins[i].bad;

		assert_true(c > 400 && c < 600);
	}
	er_bin_var_free(&v);

	o.method = ER_BIN_METHOD_CHIMERGE;
	assert_int_equal(er_bin_numeric("x", x, y, n, &o, &v, err), 0);
	/* the step survives, neighbours of equal risk are merged */
	assert_true(v.nbins >= 2 && v.nbins <= 4);
	assert_true(v.bins[0].woe > 0 && v.bins[v.nbins - 1].woe < 0);
	er_bin_var_free(&v);

	o.method = ER_BIN_METHOD_TREE;
	assert_int_equal(er_bin_numeric("x", x, y, n, &o, &v, err), 0);
	assert_true(v.nbins >= 2 && v.nbins <= 3);
	assert_true(v.bins[1].lo >= 250 && v.bins[1].lo <= 350);
	er_bin_var_free(&v);

	o.method = ER_BIN_METHOD_UNIQUE;
	assert_int_equal(er_bin_numeric("x", x, y, n, &o, &v, err), 0);
	assert_true(v.nbins > 900);
	er_bin_var_free(&v);

	o.fine_bins = 1000;
	assert_int_equal(er_bin_numeric("x", x, y, n, &o, &v, err), ER_EUSAGE);
	free(x);
	free(y);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_woe_iv_zero_count),
		cmocka_unit_test(test_breaks_and_find),
		cmocka_unit_test(test_categorical),
		cmocka_unit_test(test_categorical_many),
		cmocka_unit_test(test_table_roundtrip),
		cmocka_unit_test(test_monotonic_vs_brute_force),
		cmocka_unit_test(test_monotone_default_direction),
		cmocka_unit_test(test_chimerge_tree_quantile),
		cmocka_unit_test(test_zero_inflated_mode_bin),
		cmocka_unit_test(test_rare_flag),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
