/* screen: binning, measuring and selecting the indicators of a loaded table. */
#include "model/screen.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "features/feat_catalogue.h"
#include "model/psi.h"

void
er_screen_opts_init(struct er_screen_opts *o)
{
	memset(o, 0, sizeof *o);
	er_bin_opts_init(&o->bin);
	o->min_iv = 0.02;
	o->max_missing = 0.95;
	o->max_identical = 0.95;
	o->max_psi = 0.25;
	o->max_corr = 0.7;
	o->check_direction = 1;
}

void
er_screen_result_free(struct er_screen_result *res)
{
	size_t i;

	if (res == NULL)
		return;
	for (i = 0; i < res->nrows; i++)
		er_bin_var_free(&res->rows[i].bins);
	free(res->rows);
	memset(res, 0, sizeof *res);
}

static char
expected_direction(const struct er_screen_opts *o, const char *name)
{
	size_t i;
	char c;

	for (i = 0; i < o->ndir; i++)
		if (strcmp(o->dir_name[i], name) == 0)
			return o->dir_value[i];
	c = er_feat_direction(name);
	return c ? c : '?';
}

static void
module_of(const char *name, char *out, size_t size)
{
	const struct er_feat_def *f = er_feat_lookup(name);
	const char *dot = strchr(name, '.');
	size_t len;

	if (f != NULL && f->module != NULL) {
		snprintf(out, size, "%s", f->module);
		return;
	}
	len = dot ? (size_t)(dot - name) : 0;
	if (len >= size)
		len = size - 1;
	memcpy(out, name, len);
	out[len] = '\0';
}

static void
add_reason(struct er_screen_row *row, const char *fmt, double a, double b)
{
	size_t len = strlen(row->reason);

	snprintf(row->reason + len, sizeof row->reason - len, "%s", len ? "; " : "");
	len = strlen(row->reason);
	snprintf(row->reason + len, sizeof row->reason - len, fmt, a, b);
}

static void
add_text_reason(struct er_screen_row *row, const char *msg)
{
	size_t len = strlen(row->reason);

	snprintf(row->reason + len, sizeof row->reason - len, "%s%s", len ? "; " : "", msg);
}

/* Bin indexes of every row of column C (binned as V) into CODE. Numbers take a fast path
 * for the common case (a few range bins): the bin is the count of inner edges <= x. */
static void
code_rows(const struct er_frame_col *c, const struct er_bin_var *v, size_t n, const size_t *dictbin, unsigned *code)
{
	double edge[16];
	size_t i, k, nr = 0, nspecial = 0;
	unsigned missing;

	if (c->categorical) {
		unsigned miss = (unsigned)er_bin_find_cat(v, "", 0, NULL);

		for (i = 0; i < n; i++)
			code[i] = c->code[i] == (unsigned)-1 ? miss : (unsigned)dictbin[c->code[i]];
		return;
	}
	for (k = 0; k < v->nbins; k++) {
		nr += v->bins[k].kind == ER_BIN_RANGE;
		nspecial += v->bins[k].kind == ER_BIN_SPECIAL;
	}
	if (nspecial > 0 || nr == 0 || nr > 16) {
		for (i = 0; i < n; i++)
			code[i] = (unsigned)er_bin_find_num(v, c->x[i], NULL);
		return;
	}
	for (k = 1; k < nr; k++)
		edge[k - 1] = v->bins[k].lo;
	missing = (unsigned)er_bin_find_num(v, NAN, NULL);
	for (i = 0; i < n; i++) {
		double x = c->x[i];
		unsigned b = 0;

		if (isnan(x)) {
			code[i] = missing;
			continue;
		}
		for (k = 0; k + 1 < nr; k++)
			b += x >= edge[k];
		code[i] = b;
	}
}

/* The bin of each dictionary entry of C. NULL when out of memory. */
static size_t *
dict_bins(const struct er_frame_col *c, const struct er_bin_var *v)
{
	size_t *db = malloc((c->ndict ? c->ndict : 1) * sizeof *db), i;

	if (db == NULL)
		return NULL;
	for (i = 0; i < c->ndict; i++)
		db[i] = er_bin_find_cat(v, c->dict[i], strlen(c->dict[i]), NULL);
	return db;
}

/* PSI of the baseline column BC against the bins V (actual shares from V's counts);
 * empty shares use the zero-count rule ZC. */
static double
psi_of(const struct er_bin_var *v, const struct er_frame_col *bc, size_t bn, double zc)
{
	double *e = calloc(v->nbins ? 2 * v->nbins : 1, sizeof *e), *a = e + v->nbins, psi;
	size_t *db = NULL, i;

	if (e == NULL || v->nbins == 0) {
		free(e);
		return NAN;
	}
	if (bc->categorical && (db = dict_bins(bc, v)) == NULL) {
		free(e);
		return NAN;
	}
	for (i = 0; i < bn; i++) {
		size_t b;

		if (bc->categorical)
			b = bc->code[i] == (unsigned)-1 ? er_bin_find_cat(v, "", 0, NULL) : db[bc->code[i]];
		else
			b = er_bin_find_num(v, bc->x[i], NULL);
		e[b] += 1;
	}
	for (i = 0; i < v->nbins; i++)
		a[i] = v->bins[i].good + v->bins[i].bad;
	psi = er_psi_counts(e, a, v->nbins, zc);
	free(e);
	free(db);
	return psi;
}

static int
cmp_row(const void *pa, const void *pb)
{
	const struct er_screen_row *a = pa, *b = pb;

	if (a->iv != b->iv)
		return a->iv > b->iv ? -1 : 1;
	return a->col < b->col ? -1 : a->col > b->col;
}

/* Measures ROW (column C, binned; BASE_COL of BASE_ROWS rows for PSI, or NULL) and writes
 * why it is rejected by the IV, missing, identical, PSI and direction rules. */
static void
measure(struct er_screen_row *row, const struct er_frame_col *c, const struct er_frame_col *base_col, size_t base_rows,
        size_t n, const struct er_screen_opts *o)
{
	row->missing_rate = n ? (double)c->missing / (double)n : 0;
	row->identical_rate = n ? row->bins.mode_count / (double)n : 0;
	row->iv = row->bins.iv;
	row->ks = er_bin_ks(&row->bins);
	row->auc = er_bin_auc(&row->bins);
	row->dir_expected = expected_direction(o, c->name);
	row->dir_found = '?';
	if (!c->categorical && !isnan(row->bins.auc_up))
		row->dir_found = row->bins.auc_up > 0.5 ? '+' : row->bins.auc_up < 0.5 ? '-' : '=';
	row->psi = base_col != NULL ? psi_of(&row->bins, base_col, base_rows, o->bin.zero_count) : NAN;

	if (!(row->iv >= o->min_iv))
		add_reason(row, "iv %.4g < %g", row->iv, o->min_iv);
	if (row->missing_rate > o->max_missing)
		add_reason(row, "missing rate %.4g > %g", row->missing_rate, o->max_missing);
	/* a mostly constant indicator whose few other values carry lift (a rare theft flag) stays:
	 * the rule is there to drop the ones with nothing left to say */
	if (row->identical_rate > o->max_identical && !(row->iv >= o->min_iv))
		add_reason(row, "identical rate %.4g > %g", row->identical_rate, o->max_identical);
	if (!isnan(row->psi) && row->psi > o->max_psi)
		add_reason(row, "psi %.4g > %g", row->psi, o->max_psi);
	if (o->check_direction && (row->dir_expected == '+' || row->dir_expected == '-') &&
	    (row->dir_found == '+' || row->dir_found == '-') && row->dir_found != row->dir_expected) {
		char msg[96];

		snprintf(msg, sizeof msg, "bad rate %s as it rises (expected %c)",
		         row->dir_found == '-' ? "falls" : "rises", row->dir_expected);
		add_text_reason(row, msg);
	}
}

/* Among the P candidates CAND (highest IV first), rejects one correlated above MAX_CORR (on
 * WOE, N rows coded CODES) with one already kept. R holds P*P values. Returns 0 or -1 when
 * out of memory. */
static int
drop_correlated(struct er_screen_result *res, const unsigned *const *codes, const size_t *cand, size_t p, size_t n,
                double max_corr, double *r)
{
	const unsigned **cc = malloc(p * sizeof *cc);
	const double **ww = malloc(p * sizeof *ww);
	double **wtab = calloc(p, sizeof *wtab);
	int ok = cc && ww && wtab;
	size_t i, j;

	for (i = 0; ok && i < p; i++) {
		const struct er_bin_var *v = &res->rows[cand[i]].bins;

		wtab[i] = malloc((v->nbins ? v->nbins : 1) * sizeof *wtab[i]);
		if (wtab[i] == NULL) {
			ok = 0;
			break;
		}
		for (j = 0; j < v->nbins; j++)
			wtab[i][j] = v->bins[j].woe;
		cc[i] = codes[cand[i]];
		ww[i] = wtab[i];
	}
	if (ok && er_screen_corr(cc, ww, p, n, r) != 0)
		ok = 0;
	for (i = 0; i < p && wtab; i++)
		free(wtab[i]);
	free(wtab);
	free((void *)cc);
	free((void *)ww);
	if (!ok)
		return -1;
	for (i = 0; i < p; i++) {
		struct er_screen_row *row = &res->rows[cand[i]];

		for (j = 0; j < i; j++) {
			const struct er_screen_row *kept = &res->rows[cand[j]];

			if (kept->reason[0] == '\0' && fabs(r[i * p + j]) > max_corr) {
				snprintf(row->reason, sizeof row->reason, "correlated with %s (r=%.3f)", kept->name,
				         r[i * p + j]);
				break;
			}
		}
	}
	return 0;
}

int
er_screen_run(struct er_frame *d, const struct er_frame *base, const struct er_screen_opts *o,
              struct er_screen_result *res, char *err)
{
	unsigned **codes = NULL;
	size_t i, j, n = d->nrows, p = 0, *cand = NULL;
	double *r = NULL;
	int rc;

	memset(res, 0, sizeof *res);
	res->rows = calloc(d->ncols ? d->ncols : 1, sizeof *res->rows);
	codes = calloc(d->ncols ? d->ncols : 1, sizeof *codes);
	if (res->rows == NULL || codes == NULL)
		goto nomem;
	res->nrows = d->ncols;
	res->nlabelled = n;
	for (i = 0; i < n; i++)
		res->nbad += d->y[i];
	for (i = 0; i < d->ncols; i++) {
		struct er_frame_col *c = &d->cols[i];
		struct er_screen_row *row = &res->rows[i];
		struct er_bin_opts bo = o->bin;
		size_t *db = NULL;

		bo.split_iv = o->min_iv; /* a mode's own bin must earn what selection asks */

		row->name = c->name;
		row->col = i;
		row->categorical = c->categorical;
		module_of(c->name, row->module, sizeof row->module);
		if ((rc = er_screen_specs_apply(o->specs, c->name, c->categorical, &bo, err)) != 0)
			goto fail;
		if (c->categorical)
			rc = er_bin_categorical_codes(c->name, c->code, (const char *const *)c->dict, c->ndict, d->y, n,
			                              &bo, &row->bins, err);
		else
			rc = er_bin_numeric(c->name, c->x, d->y, n, &bo, &row->bins, err);
		if (rc != 0)
			goto fail;
		codes[i] = malloc((n ? n : 1) * sizeof *codes[i]);
		if (codes[i] == NULL || (c->categorical && (db = dict_bins(c, &row->bins)) == NULL))
			goto nomem;
		code_rows(c, &row->bins, n, db, codes[i]);
		free(db);
		if (!c->categorical && !o->keep_numbers) {
			/* the values are not needed again: free them so the table is held once */
			free(c->x);
			c->x = NULL;
		}
		measure(row, c, base != NULL ? &base->cols[i] : NULL, base != NULL ? base->nrows : 0, n, o);
	}

	/* correlation among the survivors, from the highest IV down */
	cand = malloc((d->ncols ? d->ncols : 1) * sizeof *cand);
	if (cand == NULL)
		goto nomem;
	for (i = 0; i < d->ncols; i++)
		if (res->rows[i].reason[0] == '\0')
			cand[p++] = i;
	for (i = 1; i < p; i++) {
		size_t k = cand[i];

		for (j = i; j > 0 && cmp_row(&res->rows[cand[j - 1]], &res->rows[k]) > 0; j--)
			cand[j] = cand[j - 1];
		cand[j] = k;
	}
	if (o->max_corr < 1 && p > 1) {
		r = malloc(p * p * sizeof *r);
		if (r == NULL || drop_correlated(res, (const unsigned *const *)codes, cand, p, n, o->max_corr, r) != 0)
			goto nomem;
	}
	for (i = 0; i < d->ncols; i++) {
		res->rows[i].selected = res->rows[i].reason[0] == '\0';
		res->nselected += (size_t)res->rows[i].selected;
	}
	if (res->nrows > 1) /* the array may be NULL when empty, which qsort does not allow */
		qsort(res->rows, res->nrows, sizeof *res->rows, cmp_row);
	for (i = 0; i < d->ncols; i++)
		free(codes[i]);
	free(codes);
	free(cand);
	free(r);
	return 0;
nomem:
	rc = er_fail(err, ER_ENOMEM, "out of memory screening indicators");
fail:
	if (codes != NULL)
		for (i = 0; i < d->ncols; i++)
			free(codes[i]);
	free(codes);
	free(cand);
	free(r);
	er_screen_result_free(res);
	return rc;
}
