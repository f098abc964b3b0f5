/* bin: the binning result of one variable: WOE/IV, KS/AUC, finding a value's bin. */
#include "model/bin.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/vec.h"

void
er_bin_opts_init(struct er_bin_opts *o)
{
	memset(o, 0, sizeof *o);
	o->method = ER_BIN_METHOD_MONOTONIC;
	o->shape = ER_BIN_SHAPE_MONOTONE;
	o->fine_bins = 20;
	o->max_bins = 8;
	o->min_bin = 0.05;
	o->zero_count = 0.99;
	o->chi_limit = 2.706;
	o->stop_limit = 0.1;
	o->split_iv = 0.02;
}

void
er_bin_woe_iv(struct er_bin_var *v, double zero_count)
{
	double gt = 0, bt = 0, good = 0, bad = 0;
	size_t i;

	for (i = 0; i < v->nbins; i++) {
		gt += v->bins[i].good > 0 ? v->bins[i].good : zero_count;
		bt += v->bins[i].bad > 0 ? v->bins[i].bad : zero_count;
		good += v->bins[i].good;
		bad += v->bins[i].bad;
	}
	v->good = good;
	v->bad = bad;
	v->iv = 0;
	for (i = 0; i < v->nbins; i++) {
		struct er_bin *b = &v->bins[i];
		double db = (b->bad > 0 ? b->bad : zero_count) / bt;
		double dg = (b->good > 0 ? b->good : zero_count) / gt;

		b->woe = log(db / dg);
		b->iv = (db - dg) * b->woe;
		v->iv += b->iv;
	}
}

/* Bin indexes of V ordered by ascending WOE; NULL when out of memory. */
static size_t *
by_woe(const struct er_bin_var *v)
{
	size_t *ord = malloc((v->nbins ? v->nbins : 1) * sizeof *ord), i, j;

	if (ord == NULL)
		return NULL;
	for (i = 0; i < v->nbins; i++) {
		size_t k = i;

		/* insertion sort: a handful of bins, and stable so equal WOEs keep bin order */
		for (j = i; j > 0 && v->bins[ord[j - 1]].woe > v->bins[k].woe; j--)
			ord[j] = ord[j - 1];
		ord[j] = k;
	}
	return ord;
}

double
er_bin_ks(const struct er_bin_var *v)
{
	size_t *ord = by_woe(v), i;
	double cg = 0, cb = 0, ks = 0;

	if (ord == NULL || v->good <= 0 || v->bad <= 0) {
		free(ord);
		return ord == NULL ? NAN : 0;
	}
	for (i = 0; i < v->nbins; i++) {
		cg += v->bins[ord[i]].good / v->good;
		cb += v->bins[ord[i]].bad / v->bad;
		if (fabs(cb - cg) > ks)
			ks = fabs(cb - cg);
	}
	free(ord);
	return ks;
}

double
er_bin_auc(const struct er_bin_var *v)
{
	size_t *ord = by_woe(v), i;
	double cg = 0, auc = 0;

	if (ord == NULL || v->good <= 0 || v->bad <= 0) {
		free(ord);
		return NAN;
	}
	/* a bad in a riskier bin than a good counts 1, in the same bin 1/2 */
	for (i = 0; i < v->nbins; i++) {
		const struct er_bin *b = &v->bins[ord[i]];

		auc += b->bad / v->bad * (cg + 0.5 * b->good / v->good);
		cg += b->good / v->good;
	}
	free(ord);
	return auc < 0.5 ? 1 - auc : auc;
}

static int
cmp_catref(const void *a, const void *b)
{
	return strcmp(((const struct er_bin_catref *)a)->name, ((const struct er_bin_catref *)b)->name);
}

int
er_bin_index(struct er_bin_var *v)
{
	size_t i, j, n = 0;

	free(v->catref);
	v->catref = NULL;
	v->ncatref = 0;
	for (i = 0; i < v->nbins; i++)
		n += v->bins[i].ncats;
	if (n == 0)
		return 0;
	v->catref = malloc(n * sizeof *v->catref);
	if (v->catref == NULL)
		return ER_ENOMEM;
	for (i = 0; i < v->nbins; i++)
		for (j = 0; j < v->bins[i].ncats; j++) {
			v->catref[v->ncatref].name = v->bins[i].cats[j];
			v->catref[v->ncatref++].bin = i;
		}
	if (v->ncatref > 1) /* the array may be NULL when empty, which qsort does not allow */
		qsort(v->catref, v->ncatref, sizeof *v->catref, cmp_catref);
	return 0;
}

size_t
er_bin_fallback(const struct er_bin_var *v)
{
	size_t i, best = 0;

	for (i = 1; i < v->nbins; i++)
		if (v->bins[i].woe > v->bins[best].woe)
			best = i;
	return best;
}

static size_t
kind_bin(const struct er_bin_var *v, enum er_bin_kind kind)
{
	size_t i;

	for (i = 0; i < v->nbins; i++)
		if (v->bins[i].kind == kind)
			return i;
	return (size_t)-1;
}

size_t
er_bin_find_num(const struct er_bin_var *v, double x, int *unseen)
{
	size_t i, lo, hi, nrange = 0;

	if (unseen != NULL)
		*unseen = 0;
	if (isnan(x)) {
		i = kind_bin(v, ER_BIN_MISSING);
		if (i != (size_t)-1)
			return i;
		if (unseen != NULL)
			*unseen = 1;
		return er_bin_fallback(v);
	}
	for (i = 0; i < v->nbins; i++) {
		if (v->bins[i].kind == ER_BIN_SPECIAL && v->bins[i].ncats == 0 && v->bins[i].lo == x)
			return i;
		if (v->bins[i].kind == ER_BIN_RANGE)
			nrange = i + 1;
	}
	if (nrange == 0) {
		if (unseen != NULL)
			*unseen = 1;
		return er_bin_fallback(v);
	}
	/* range bins come first and ascend: find the last whose lower bound is <= x */
	lo = 0;
	hi = nrange;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (v->bins[mid].lo <= x)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

size_t
er_bin_find_cat(const struct er_bin_var *v, const char *s, size_t len, int *unseen)
{
	size_t lo = 0, hi = v->ncatref, i;

	if (unseen != NULL)
		*unseen = 0;
	if (len == 0) {
		i = kind_bin(v, ER_BIN_MISSING);
		if (i != (size_t)-1)
			return i;
		if (unseen != NULL)
			*unseen = 1;
		return er_bin_fallback(v);
	}
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *name = v->catref[mid].name;
		int c = strncmp(name, s, len);

		if (c == 0)
			c = name[len] == '\0' ? 0 : 1;
		if (c == 0)
			return v->catref[mid].bin;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (unseen != NULL)
		*unseen = 1;
	i = kind_bin(v, ER_BIN_OTHER);
	return i != (size_t)-1 ? i : er_bin_fallback(v);
}

size_t
er_bin_find_field(const struct er_bin_var *v, const char *s, size_t len, int *unseen)
{
	double x;

	if (v->type == ER_BIN_CATEGORICAL)
		return er_bin_find_cat(v, s, len, unseen);
	if (len == 0)
		return er_bin_find_num(v, NAN, unseen);
	if (er_num_parse(s, len, &x) != ER_NUM_OK)
		return (size_t)-1;
	return er_bin_find_num(v, x, unseen);
}

void
er_bin_var_free(struct er_bin_var *v)
{
	size_t i, j;

	if (v == NULL)
		return;
	for (i = 0; i < v->nbins; i++) {
		free(v->bins[i].label);
		for (j = 0; j < v->bins[i].ncats; j++)
			free(v->bins[i].cats[j]);
		free(v->bins[i].cats);
	}
	free(v->bins);
	free(v->catref);
	free(v->name);
	memset(v, 0, sizeof *v);
}

void
er_bin_vars_free(struct er_bin_var *vars, size_t n)
{
	size_t i;

	if (vars == NULL)
		return;
	for (i = 0; i < n; i++)
		er_bin_var_free(&vars[i]);
	free(vars);
}

const struct er_bin_var *
er_bin_lookup(const struct er_bin_var *vars, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return NULL;
}

char *
er_bin_join_cats(char *const *cats, size_t n, int escape)
{
	size_t len = 1, seplen = strlen(ER_BIN_CAT_SEP);
	for (size_t i = 0; i < n; i++)
		len += 2 * strlen(cats[i]) + seplen;
	char *s = malloc(len), *w = s;
	if (s == NULL)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		if (i > 0) {
			memcpy(w, ER_BIN_CAT_SEP, seplen);
			w += seplen;
		}
		for (const char *c = cats[i]; *c; c++) {
			if (escape && (*c == '%' || *c == '\\'))
				*w++ = '\\';
			*w++ = *c;
		}
	}
	*w = '\0';
	return s;
}

int
er_bin_split_cats(const char *s, char ***cats, size_t *n)
{
	size_t seplen = strlen(ER_BIN_CAT_SEP), cap = 0, len = strlen(s);
	char *cur = malloc(len + 1), *w = cur;
	*cats = NULL;
	*n = 0;
	if (cur == NULL)
		return -1;
	for (const char *p = s;; p++) {
		int end = *p == '\0', sep = !end && strncmp(p, ER_BIN_CAT_SEP, seplen) == 0;
		if (end || sep) {
			*w = '\0';
			if (ER_GROW(*cats, cap, *n + 1) < 0 || ((*cats)[*n] = strdup(cur)) == NULL) {
				free(cur);
				return -1;
			}
			(*n)++;
			if (end)
				break;
			w = cur;
			p += seplen - 1;
			continue;
		}
		/* an escape takes the next character as it is; one at the very end is kept */
		if (*p == '\\' && (p[1] == '%' || p[1] == '\\'))
			p++;
		*w++ = *p;
	}
	free(cur);
	return 0;
}
