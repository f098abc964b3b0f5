/* eval_stability: PSI of the score against a baseline file, and the same index (CSI) for each
 * indicator of a features file against baseline features. Bins: ten equal-count bins of the
 * baseline's values, or one per category for a text indicator (text in the baseline makes it
 * one, as er-train reads it), and one for missing values (empty or a missing marker; in a
 * numeric indicator also a current value that is not a number); a bin empty on one side counts
 * as half a row there. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/reader.h"
#include "lib/strmap.h"
#include "lib/vec.h"
#include "model/eval_data.h"
#include "model/frame.h"
#include "model/psi.h"

#define ZERO_COUNT 0.5

static int
by_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double
value(er_reader *r, long c)
{
	const char *s = er_reader_field(r, (size_t)c);
	size_t len = er_reader_field_len(r, (size_t)c);
	double v;

	if (er_reader_is_na(r, s, len) || er_num_parse(s, len, &v) != ER_NUM_OK)
		return NAN;
	return v;
}

/* The bin of V: its equal-count bin, or the last (missing) one. */
static size_t
bin_of(const double *edges, size_t k, double v)
{
	return isnan(v) ? ER_EVAL_BINS : er_psi_bin(edges, k, v);
}

/* The PSI over the bins that hold rows on either side: a bin empty on both (the missing bin,
 * mostly) says nothing and would only shift the zero-count rule's shares. */
static double
psi_of(const double *base, const double *cur)
{
	double e[ER_EVAL_BINS + 1], a[ER_EVAL_BINS + 1];
	size_t k = 0;

	for (size_t i = 0; i <= ER_EVAL_BINS; i++)
		if (base[i] > 0 || cur[i] > 0) {
			e[k] = base[i];
			a[k++] = cur[i];
		}
	return er_psi_counts(e, a, k, ZERO_COUNT);
}

/* Sets EDGES (*K of them) and the baseline counts BASE from the values X[0..N-1] (NaN missing),
 * moving the numbers to the front of X sorted. Returns their number. */
static size_t
baseline_bins(double *x, size_t n, double *edges, size_t *k, double *base)
{
	size_t m = 0;

	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			x[m++] = x[i];
	if (m > 1) /* qsort's array may not be NULL, even for no items */
		qsort(x, m, sizeof *x, by_double);
	*k = er_psi_edges(x, m, ER_EVAL_BINS, edges);
	memset(base, 0, (ER_EVAL_BINS + 1) * sizeof *base);
	for (size_t i = 0; i < m; i++)
		base[er_psi_bin(edges, *k, x[i])]++;
	base[ER_EVAL_BINS] = (double)(n - m);
	return m;
}

/* Reports a malformed row of R (the first ten of the run) and counts it in *NREJ. */
static void
bad_row(const struct er_diag *diag, er_reader *r, size_t *nrej)
{
	char where[ER_WHERELEN];

	if ((*nrej)++ < 10)
		er_diag_msg(diag, "row rejected '%s'%s", er_reader_error(r),
		            er_reader_where(r, NULL, where, sizeof where));
}

/* Reads the baseline's column C into *X (*N values, NaN missing); a value that is neither
 * missing nor a number is reported with its file, line and field, counted, and its row left
 * out, rather than taken for missing. Returns 0 or an er_status with ERR. */
static int
read_baseline(const struct er_eval_opts *o, er_reader *r, long c, double **x, size_t *n, size_t *nrej, char *err)
{
	size_t cap = 0;
	int got;
	char where[ER_WHERELEN];

	*n = 0;
	while ((got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL)
			return er_fail(err, er_reader_fail_status(r), "cannot read '%s': %s", er_reader_filename(r),
			               er_reader_error(r));
		if (got == ER_ROW_BAD) {
			bad_row(o->diag, r, nrej);
			continue;
		}
		const char *s = er_reader_field(r, (size_t)c);
		size_t len = er_reader_field_len(r, (size_t)c);
		double v = value(r, c);
		if (isnan(v) && len && !er_reader_is_na(r, s, len)) {
			if ((*nrej)++ < 10)
				er_diag_msg(o->diag, "baseline %s not a number '%.*s'%s",
				            er_reader_colname(r, (size_t)c), (int)(len > 64 ? 64 : len), s,
				            er_reader_where(r, er_reader_colname(r, (size_t)c), where, sizeof where));
			continue;
		}
		if (*n == cap) {
			cap = cap ? 2 * cap : 4096;
			double *p = realloc(*x, cap * sizeof *p);
			if (!p)
				return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", er_reader_filename(r));
			*x = p;
		}
		(*x)[(*n)++] = v;
	}
	return 0;
}

/* Why the baseline values X[0..N-1] (sorted, NaN first removed by baseline_bins: M of them
 * numbers, K bin edges) give no PSI, into WHY; 0 when they do. A baseline without values, or
 * with a single value, has one bin only: every distribution would compare as stable (0). */
static int
no_bins(size_t m, size_t k, double first, const char *file, const char *col, char *why)
{
	char v[ER_NUM_BUFLEN];
	if (m == 0)
		snprintf(why, ER_ERRLEN, "no PSI: the baseline '%s' has no values of '%s'", file, col);
	else if (k == 0 && er_num_format(v, first))
		snprintf(why, ER_ERRLEN, "no PSI: every value of '%s' in the baseline '%s' is %s, one bin only", col,
		         file, v);
	else
		return 0;
	return 1;
}

/* PSI of the shown column against --baseline. */
static int
score_psi(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *cnt, char *err)
{
	er_reader *r;
	double *x = NULL;
	size_t n = 0;
	int st = er_reader_open1(&r, o->baseline, &o->io->in, err);
	if (st)
		return st;
	long c = er_reader_require(r, d->shown_col, err);
	st = c < 0 ? ER_EDATA : read_baseline(o, r, c, &x, &n, &cnt->other_rejected, err);
	er_reader_close(r);
	if (!st) {
		size_t m = baseline_bins(x, n, d->psi_edges, &d->psi_nedges, d->psi_base);
		char why[ER_ERRLEN];
		if (no_bins(m, d->psi_nedges, m ? x[0] : 0, o->baseline, d->shown_col, why)) {
			er_diag_msg(o->diag, "%s", why);
			d->psi = NAN;
			free(x);
			return 0;
		}
		memset(d->psi_cur, 0, sizeof d->psi_cur);
		for (size_t i = 0; i < d->n; i++)
			d->psi_cur[bin_of(d->psi_edges, d->psi_nedges, d->shown[i])]++;
		d->psi = psi_of(d->psi_base, d->psi_cur);
		d->have_psi = 1;
	}
	free(x);
	return st;
}

/* Takes the baseline's text column BC (N rows) as the categories of S: the frame's dictionary
 * becomes S's map, category K bin K. Returns 0 or ER_ENOMEM. */
static int
csi_categories(struct er_frame_col *bc, size_t n, struct er_eval_csi *s)
{
	size_t cap = bc->ndict ? bc->ndict : 1, cap2 = 0;

	s->cats = bc->codes;
	bc->codes = NULL;
	if (!s->cats && !(s->cats = er_strmap_new()))
		return ER_ENOMEM;
	if (er_grow_zeroed(&s->cat_base, &cap2, cap, sizeof *s->cat_base) < 0 ||
	    er_grow_zeroed(&s->cat_cur, &s->cat_cap, cap, sizeof *s->cat_cur) < 0)
		return ER_ENOMEM;
	for (size_t i = 0; i < n; i++)
		if (bc->code[i] == (unsigned)-1)
			s->base[ER_EVAL_BINS]++;
		else
			s->cat_base[bc->code[i]]++;
	return 0;
}

/* The baseline features: every column but the id that the current file also has, read as a
 * frame (er-train's reading: a column with text in it is categorical). */
static int
csi_baseline(const struct er_eval_opts *o, er_reader *cur, struct er_eval_data *d, struct er_eval_counts *cnt,
             char *err)
{
	er_reader *r;
	struct er_frame f;
	struct er_frame_load_opts fo;
	int st = er_reader_open1(&r, o->baseline_features, &o->io->in, err);
	if (st)
		return st;
	er_frame_load_opts_init(&fo);
	fo.id_col = o->id_col ? o->id_col : er_reader_colname(r, 0);
	fo.label_col = NULL;
	fo.diag = o->diag;
	st = er_frame_load(r, &fo, &f, 0, err);
	er_reader_close(r);
	if (st)
		return st;
	cnt->other_rejected += f.rejected;
	if (!(d->csi = calloc(f.ncols ? f.ncols : 1, sizeof *d->csi)))
		st = ER_ENOMEM;
	for (size_t j = 0; !st && j < f.ncols; j++) {
		struct er_frame_col *bc = &f.cols[j];
		long cc = er_reader_col(cur, bc->name);
		if (cc < 0)
			continue;
		struct er_eval_csi *s = &d->csi[d->ncsi++];
		s->col = cc;
		s->base_rows = f.nrows;
		if (!(s->name = strdup(bc->name)))
			st = ER_ENOMEM;
		else if (bc->categorical)
			st = csi_categories(bc, f.nrows, s);
		else
			baseline_bins(bc->x, f.nrows, s->edges, &s->nedges, s->base);
	}
	er_frame_free(&f);
	return st == ER_ENOMEM ? er_fail(err, ER_ENOMEM, "out of memory reading '%s'", o->baseline_features) : st;
}

/* Counts the current row's category of S (R's column S->col), a new one given its own bin.
 * Returns 0 or ER_ENOMEM. */
static int
count_category(struct er_eval_csi *s, er_reader *r)
{
	size_t len, cap = s->cat_cap;
	const char *v = er_reader_num_field(r, (size_t)s->col, &len);
	long k;

	if (len == 0) {
		s->cur[ER_EVAL_BINS]++;
		return 0;
	}
	if ((k = er_strmap_intern(s->cats, v, len, NULL)) < 0)
		return ER_ENOMEM;
	if ((size_t)k >= s->cat_cap &&
	    (er_grow_zeroed(&s->cat_base, &cap, 2 * (size_t)k + 1, sizeof *s->cat_base) < 0 ||
	     er_grow_zeroed(&s->cat_cur, &s->cat_cap, 2 * (size_t)k + 1, sizeof *s->cat_cur) < 0))
		return ER_ENOMEM;
	s->cat_cur[k]++;
	return 0;
}

/* The CSI of categorical S: each category a bin, the missing values one more. NaN when out of
 * memory (said by the caller). */
static double
category_csi(const struct er_eval_csi *s)
{
	size_t n = er_strmap_size(s->cats), k = 0;
	double *e = malloc((n + 1) * 2 * sizeof *e), *a = e ? e + n + 1 : NULL, csi;

	if (!e)
		return NAN;
	for (size_t i = 0; i <= n; i++) {
		double b = i < n ? s->cat_base[i] : s->base[ER_EVAL_BINS],
		       c = i < n ? s->cat_cur[i] : s->cur[ER_EVAL_BINS];
		/* a category on neither side (only the missing bin can be) says nothing, as in psi_of */
		if (b > 0 || c > 0) {
			e[k] = b;
			a[k++] = c;
		}
	}
	csi = er_psi_counts(e, a, k, ZERO_COUNT);
	free(e);
	return csi;
}

/* CSI of every indicator of --features against --baseline-features. */
static int
indicator_csi(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *cnt, char *err)
{
	er_reader *r;
	int st = er_reader_open1(&r, o->features, &o->io->in, err), got;
	if (st)
		return st;
	st = csi_baseline(o, r, d, cnt, err);
	if (!st)
		st = er_reader_check(r, err);
	while (!st && (got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL) {
			st = er_fail(err, er_reader_fail_status(r), "cannot read '%s': %s", er_reader_filename(r),
			             er_reader_error(r));
			break;
		}
		if (got == ER_ROW_BAD) {
			bad_row(o->diag, r, &cnt->other_rejected);
			continue;
		}
		for (size_t j = 0; !st && j < d->ncsi; j++) {
			struct er_eval_csi *s = &d->csi[j];
			s->rows++;
			if (s->cats)
				st = count_category(s, r);
			else
				s->cur[bin_of(s->edges, s->nedges, value(r, s->col))]++;
		}
		if (st)
			st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", o->features);
	}
	for (size_t j = 0; !st && j < d->ncsi; j++) {
		struct er_eval_csi *s = &d->csi[j];
		s->csi = s->cats ? category_csi(s) : psi_of(s->base, s->cur);
		if (s->cats && isnan(s->csi))
			st = er_fail(err, ER_ENOMEM, "out of memory computing the CSI of '%s'", s->name);
	}
	er_reader_close(r);
	return st;
}

int
er_eval_stability(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *c, char *err)
{
	int st = o->baseline ? score_psi(o, d, c, err) : 0;
	if (!st && o->features)
		st = indicator_csi(o, d, c, err);
	return st;
}

double
er_eval_psi_rows(const struct er_eval_data *d, long seg)
{
	double cur[ER_EVAL_BINS + 1] = {0};
	if (!d->have_psi)
		return NAN;
	for (size_t i = 0; i < d->n; i++)
		if (seg < 0 || d->seg[i] == seg)
			cur[bin_of(d->psi_edges, d->psi_nedges, d->shown[i])]++;
	return psi_of(d->psi_base, cur);
}
