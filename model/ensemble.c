/* ensemble: from a loaded feature table to a model file's contents. */
#include "model/ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/hash.h"
#include "lib/sort.h"
#include "model/delong.h"
#include "model/logit.h"
#include "lib/num.h"

#define BLEND_STEPS 20

void
er_ensemble_opts_init(struct er_ensemble_opts *o)
{
	memset(o, 0, sizeof *o);
	o->method = ER_MODEL_ENSEMBLE;
	er_screen_opts_init(&o->screen);
	o->l2 = 20;
	o->coding = ER_SCORECARD_AUTO;
	o->unique_max = 12;
	char err[ER_ERRLEN];
	er_scaling_init(&o->scaling, ER_SCALING_BASE_POINTS, 1.0 / ER_SCALING_BASE_ODDS_GOOD, ER_SCALING_PDO, err);
	er_gbdt_params_init(&o->gbdt);
	o->gbdt.trees = 0;
	o->folds = 0;
	for (int g = 0; g < ER_GRADES; g++)
		o->shares[g] = 1.0 / ER_GRADES;
	o->id_col = "id";
}

int
er_ensemble_folds(const struct er_ensemble_opts *o)
{
	if (o->folds)
		return o->folds;
	return o->method == ER_MODEL_SCORECARD ? ER_ENSEMBLE_FOLDS_SCORECARD : ER_ENSEMBLE_FOLDS_TREES;
}

/* Everything training needs about the columns, indexed by data column. */
struct plan {
	size_t n, p;
	double **x;                     /* TRAIN's numeric columns, borrowed (NULL: categorical) */
	const struct er_bin_var **bins; /* each column's bins */
	struct er_bin_var *own;         /* bins made here (per column; nbins 0 when not) */
	int *given;                     /* bins from --bins */
	int *unique;                    /* binned here with a bin per distinct value */
	int *selected;
	int *used; /* a model feature */
	int *in_sc;
	int *in_gb;
	signed char *mono; /* per tree column: its monotone constraint */
	size_t *module;    /* index into modnames */
	char **modnames;
	size_t nmod;
	size_t nsc, ngb;           /* scorecard and tree columns */
	size_t *sc_cols, *gb_cols; /* data columns of each */
	size_t *sc_module;         /* scorecard module index per scorecard column */
	size_t *mod_to_sc;         /* module -> scorecard module, (size_t)-1 if none */
	size_t nscmod;
};

static void
plan_free(struct plan *pl)
{
	free(pl->x); /* the columns themselves are the training frame's */
	free(pl->bins);
	if (pl->own)
		for (size_t j = 0; j < pl->p; j++)
			er_bin_var_free(&pl->own[j]);
	free(pl->own);
	free(pl->given);
	free(pl->unique);
	free(pl->selected);
	free(pl->used);
	free(pl->in_sc);
	free(pl->in_gb);
	free(pl->mono);
	free(pl->module);
	if (pl->modnames)
		for (size_t k = 0; k < pl->nmod; k++)
			free(pl->modnames[k]);
	free(pl->modnames);
	free(pl->sc_cols);
	free(pl->gb_cols);
	free(pl->sc_module);
	free(pl->mod_to_sc);
}

/* How the scorecard sees its columns: one design column per indicator (its WOE), or with
 * bin steps one per bin above the safest: an indicator whose bins rank 0 (lowest WOE) to
 * R-1 is coded as R-1 columns, column t being 1 when the row's bin ranks above t. With
 * coefficients >= 0 its points can then only fall as the WOE of its bin rises. */
struct design {
	int steps;
	size_t ndes;    /* design columns */
	size_t *start;  /* nsc + 1: first design column of each scorecard column */
	size_t *module; /* ndes: scorecard module of each design column */
	size_t **rank;  /* steps: per scorecard column, each bin's rank by WOE */
};

static void
design_free(struct design *ds, size_t nsc)
{
	if (ds->rank)
		for (size_t s = 0; s < nsc; s++)
			free(ds->rank[s]);
	free(ds->rank);
	free(ds->start);
	free(ds->module);
	memset(ds, 0, sizeof *ds);
}

struct ranked {
	double woe;
	size_t bin;
};

/* WOE ascending, ties in bin order. */
static int
by_woe(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	if (x->woe != y->woe)
		return x->woe < y->woe ? -1 : 1;
	return (x->bin > y->bin) - (x->bin < y->bin);
}

static int
design_init(const struct plan *pl, enum er_scorecard_coding coding, struct design *ds, char *err)
{
	memset(ds, 0, sizeof *ds);
	ds->steps = coding == ER_SCORECARD_BIN_STEPS;
	ds->start = calloc(pl->nsc + 1, sizeof *ds->start);
	ds->rank = calloc(pl->nsc ? pl->nsc : 1, sizeof *ds->rank);
	if (!ds->start || !ds->rank)
		goto nomem;
	for (size_t s = 0; s < pl->nsc; s++) {
		const struct er_bin_var *v = pl->bins[pl->sc_cols[s]];
		size_t nb = v->nbins;
		ds->start[s] = ds->ndes;
		/* one column even for a single bin, so no module is left without one */
		ds->ndes += ds->steps && nb > 1 ? nb - 1 : 1;
		if (!ds->steps)
			continue;
		struct ranked *order = malloc((nb ? nb : 1) * sizeof *order);
		ds->rank[s] = malloc((nb ? nb : 1) * sizeof *ds->rank[s]);
		if (!order || !ds->rank[s]) {
			free(order);
			goto nomem;
		}
		for (size_t b = 0; b < nb; b++)
			order[b] = (struct ranked){v->bins[b].woe, b};
		qsort(order, nb, sizeof *order, by_woe);
		for (size_t r = 0; r < nb; r++)
			ds->rank[s][order[r].bin] = r;
		free(order);
	}
	ds->start[pl->nsc] = ds->ndes;
	ds->module = malloc((ds->ndes ? ds->ndes : 1) * sizeof *ds->module);
	if (!ds->module)
		goto nomem;
	for (size_t s = 0; s < pl->nsc; s++)
		for (size_t c = ds->start[s]; c < ds->start[s + 1]; c++)
			ds->module[c] = pl->sc_module[s];
	return 0;
nomem:
	design_free(ds, pl->nsc);
	return er_fail(err, ER_ENOMEM, "out of memory planning the scorecard");
}

/* Per data set and categorical column: dictionary code -> bin. */
static size_t *
dict_bins(const struct er_frame_col *c, const struct er_bin_var *v)
{
	size_t *map = malloc((c->ndict ? c->ndict : 1) * sizeof *map);
	if (!map)
		return NULL;
	for (size_t k = 0; k < c->ndict; k++)
		map[k] = er_bin_find_cat(v, c->dict[k], strlen(c->dict[k]), NULL);
	return map;
}

/* The bin of data column J at row I under V: number (X, NaN = missing) or category (DMAP). */
static size_t
bin_at(const struct er_frame *d, double *const *x, const struct er_bin_var *v, const size_t *dmap, size_t j, size_t i)
{
	const struct er_frame_col *c = &d->cols[j];
	if (c->categorical) {
		unsigned code = c->code[i];
		return code == (unsigned)-1 ? er_bin_find_cat(v, "", 0, NULL) : dmap[code];
	}
	return er_bin_find_num(v, x[j][i], NULL);
}

/* The scorecard design (rows x ds->ndes) and the tree matrix (rows x tree columns) of D, and
 * the labels as floats and doubles; GY and DY may be NULL (not wanted). */
static int
matrices(const struct er_frame *d, double *const *x, const struct plan *pl, const struct design *ds, double **des,
         float **gx, float **gy, double **dy, char *err)
{
	size_t n = d->nrows, nd = ds->ndes;
	size_t **dmap = calloc(pl->p, sizeof *dmap);
	*des = calloc(n * nd + 1, sizeof **des);
	*gx = malloc((n * pl->ngb + 1) * sizeof **gx);
	if (gy)
		*gy = malloc((n ? n : 1) * sizeof **gy);
	if (dy)
		*dy = malloc((n ? n : 1) * sizeof **dy);
	int ok = dmap && *des && *gx && (!gy || *gy) && (!dy || *dy);
	for (size_t j = 0; ok && j < pl->p; j++)
		if (d->cols[j].categorical && pl->used[j] && !(dmap[j] = dict_bins(&d->cols[j], pl->bins[j])))
			ok = 0;
	if (ok) {
		for (size_t i = 0; i < n; i++) {
			if (gy)
				(*gy)[i] = d->y[i];
			if (dy)
				(*dy)[i] = d->y[i];
			double *row = *des + i * nd;
			for (size_t s = 0; s < pl->nsc; s++) {
				size_t j = pl->sc_cols[s];
				size_t b = bin_at(d, x, pl->bins[j], dmap[j], j, i);
				if (!ds->steps) {
					row[ds->start[s]] = pl->bins[j]->bins[b].woe;
					continue;
				}
				size_t r = ds->rank[s][b], width = ds->start[s + 1] - ds->start[s];
				for (size_t t = 0; t < r && t < width && pl->bins[j]->nbins > 1; t++)
					row[ds->start[s] + t] = 1;
			}
			for (size_t k = 0; k < pl->ngb; k++) {
				size_t j = pl->gb_cols[k];
				(*gx)[i * pl->ngb + k] = d->cols[j].categorical
					? (float)pl->bins[j]->bins[bin_at(d, x, pl->bins[j], dmap[j], j, i)].woe
					: er_gbdt_input(x[j][i]);
			}
		}
	}
	for (size_t j = 0; dmap && j < pl->p; j++)
		free(dmap[j]);
	free(dmap);
	if (!ok) {
		free(*des), free(*gx);
		*des = NULL, *gx = NULL;
		if (gy) {
			free(*gy);
			*gy = NULL;
		}
		if (dy) {
			free(*dy);
			*dy = NULL;
		}
		return er_fail(err, ER_ENOMEM, "out of memory preparing the training matrices");
	}
	return 0;
}

/* Copies SRC's bins (labels, bounds, categories) into DST; with COUNTS 0 the counts, WOE and
 * IV are left at zero. Returns 0 or ER_ENOMEM (DST then partly filled: free it). */
static int
copy_var(struct er_bin_var *dst, const struct er_bin_var *src, int counts)
{
	memset(dst, 0, sizeof *dst);
	dst->name = strdup(src->name ? src->name : "");
	dst->type = src->type;
	dst->bins = calloc(src->nbins ? src->nbins : 1, sizeof *dst->bins);
	if (!dst->name || !dst->bins)
		return ER_ENOMEM;
	dst->nbins = src->nbins;
	dst->auc_up = src->auc_up;
	dst->mode_count = src->mode_count;
	for (size_t k = 0; k < src->nbins; k++) {
		const struct er_bin *a = &src->bins[k];
		struct er_bin *b = &dst->bins[k];
		b->kind = a->kind;
		b->lo = a->lo;
		b->hi = a->hi;
		if (counts) {
			b->good = a->good;
			b->bad = a->bad;
			b->woe = a->woe;
			b->iv = a->iv;
			dst->good += a->good;
			dst->bad += a->bad;
		}
		b->label = strdup(a->label ? a->label : "");
		if (!b->label)
			return ER_ENOMEM;
		if (a->ncats) {
			b->cats = calloc(a->ncats, sizeof *b->cats);
			if (!b->cats)
				return ER_ENOMEM;
			b->ncats = a->ncats;
			for (size_t c = 0; c < a->ncats; c++)
				if (!(b->cats[c] = strdup(a->cats[c])))
					return ER_ENOMEM;
		}
	}
	if (counts)
		dst->iv = src->iv;
	return er_bin_index(dst) ? ER_ENOMEM : 0;
}

static int
by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Breaks that give each distinct value of X[0..N-1] (NaN ignored) its own bin, except that
 * values held by fewer than MINROWS rows join the next value up (the last ones the value
 * below), so no bin rests on a handful of rows. *BREAKS (free it) holds *NBREAKS ascending
 * inner breaks. Returns 0 or ER_ENOMEM. */
static int
value_breaks(const double *x, size_t n, double minrows, double **breaks, size_t *nbreaks)
{
	double *v = malloc((n ? n : 1) * sizeof *v);
	*breaks = malloc((n ? n : 1) * sizeof **breaks);
	*nbreaks = 0;
	if (!v || !*breaks) {
		free(v), free(*breaks);
		*breaks = NULL;
		return ER_ENOMEM;
	}
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (!isnan(x[i]))
			v[m++] = x[i];
	qsort(v, m, sizeof *v, by_value);
	/* group runs of equal values; a group closes once it holds MINROWS rows */
	double held = 0;
	for (size_t i = 0; i < m;) {
		size_t e = i;
		while (e < m && v[e] == v[i])
			e++;
		if (held > 0 && held >= minrows) {
			(*breaks)[(*nbreaks)++] = v[i];
			held = 0;
		}
		held += (double)(e - i);
		i = e;
	}
	if (held<minrows && * nbreaks> 0)
		(*nbreaks)--;
	free(v);
	return 0;
}

/* Bins data column J of D on the rows with KEEP[i] (all rows when KEEP is NULL) as the
 * whole training set was binned: given bins keep their bounds and categories and get these
 * rows' counts and WOE; bins made here are made again from these rows alone. */
static int
bin_rows(const struct plan *pl, const struct er_frame *d, size_t j, const unsigned char *keep,
         const struct er_ensemble_opts *o, struct er_bin_var *out, char *err)
{
	const struct er_frame_col *c = &d->cols[j];
	size_t n = d->nrows, m = 0;
	unsigned char *ys = malloc(n ? n : 1);
	double *xs = c->categorical ? NULL : malloc((n ? n : 1) * sizeof *xs);
	unsigned *cs = c->categorical ? malloc((n ? n : 1) * sizeof *cs) : NULL;
	int rc = 0;
	if (!ys || (!xs && !cs)) {
		rc = er_fail(err, ER_ENOMEM, "out of memory binning '%s'", c->name);
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		if (keep && !keep[i])
			continue;
		ys[m] = d->y[i];
		if (xs)
			xs[m] = pl->x[j][i];
		else
			cs[m] = c->code[i];
		m++;
	}
	if (pl->given[j]) {
		size_t *dmap = c->categorical ? dict_bins(c, pl->bins[j]) : NULL;
		if ((c->categorical && !dmap) || copy_var(out, pl->bins[j], 0)) {
			free(dmap);
			rc = er_fail(err, ER_ENOMEM, "out of memory binning '%s'", c->name);
			goto done;
		}
		for (size_t i = 0; i < n; i++) {
			if (keep && !keep[i])
				continue;
			struct er_bin *b = &out->bins[bin_at(d, pl->x, pl->bins[j], dmap, j, i)];
			if (d->y[i])
				b->bad++;
			else
				b->good++;
		}
		free(dmap);
		for (size_t k = 0; k < out->nbins; k++) {
			out->good += out->bins[k].good;
			out->bad += out->bins[k].bad;
		}
		er_bin_woe_iv(out, o->screen.bin.zero_count);
	} else if (c->categorical) {
		struct er_bin_opts bo = o->screen.bin;
		if (!(rc = er_screen_specs_apply(o->screen.specs, c->name, 1, &bo, err)))
			rc = er_bin_categorical_codes(c->name, cs, (const char *const *)c->dict, c->ndict, ys, m, &bo,
			                              out, err);
	} else {
		struct er_bin_opts bo = o->screen.bin;
		double *breaks = NULL;
		bo.split_iv = o->screen.min_iv;
		if ((rc = er_screen_specs_apply(o->screen.specs, c->name, 0, &bo, err)))
			goto done;
		if (pl->unique[j]) {
			size_t nbreaks = 0;
			if ((rc = value_breaks(xs, m, o->screen.bin.min_bin / 5 * (double)m, &breaks, &nbreaks))) {
				rc = er_fail(err, ER_ENOMEM, "out of memory binning '%s'", c->name);
				goto done;
			}
			bo.method = ER_BIN_METHOD_BREAKS;
			bo.breaks = breaks;
			bo.nbreaks = nbreaks;
		}
		rc = er_bin_numeric(c->name, xs, ys, m, &bo, out, err);
		free(breaks);
	}
done:
	free(ys), free(xs), free(cs);
	return rc;
}

/* Range bins of V. */
static size_t
range_bins(const struct er_bin_var *v)
{
	size_t k = 0;
	for (size_t i = 0; i < v->nbins; i++)
		k += v->bins[i].kind == ER_BIN_RANGE;
	return k;
}

/* The row of RES for data column J (every column has one). */
static size_t
k_of(const struct er_screen_result *res, size_t j)
{
	size_t k = 0;
	while (k + 1 < res->nrows && res->rows[k].col != j)
		k++;
	return k;
}

/* Distinct non-missing values of X[0..N-1], counting no further than LIMIT + 1. */
static size_t
distinct_upto(const double *x, size_t n, size_t limit)
{
	double seen[64];
	size_t k = 0;
	if (limit + 1 > sizeof seen / sizeof *seen)
		limit = sizeof seen / sizeof *seen - 1;
	for (size_t i = 0; i < n && k <= limit; i++) {
		if (isnan(x[i]))
			continue;
		size_t t = 0;
		while (t < k && seen[t] != x[i])
			t++;
		if (t == k)
			seen[k++] = x[i];
	}
	return k;
}

/* Plans the model from the screen's result RES; GB_SEL (per data column, or NULL: the
 * scorecard's selection) is what the trees take when no --selected names are given. */
static int
build_plan(struct er_frame *d, const struct er_screen_result *res, const int *gb_sel, const struct er_ensemble_opts *o,
           struct plan *pl, char *err)
{
	size_t p = d->ncols;
	pl->p = p;
	pl->n = d->nrows;
	pl->bins = calloc(p ? p : 1, sizeof *pl->bins);
	pl->own = calloc(p ? p : 1, sizeof *pl->own);
	pl->given = calloc(p ? p : 1, sizeof *pl->given);
	pl->unique = calloc(p ? p : 1, sizeof *pl->unique);
	pl->selected = calloc(p ? p : 1, sizeof *pl->selected);
	pl->used = calloc(p ? p : 1, sizeof *pl->used);
	pl->in_sc = calloc(p ? p : 1, sizeof *pl->in_sc);
	pl->in_gb = calloc(p ? p : 1, sizeof *pl->in_gb);
	pl->mono = calloc(p ? p : 1, sizeof *pl->mono);
	pl->module = calloc(p ? p : 1, sizeof *pl->module);
	pl->modnames = calloc(p ? p : 1, sizeof *pl->modnames);
	pl->sc_cols = calloc(p ? p : 1, sizeof *pl->sc_cols);
	pl->gb_cols = calloc(p ? p : 1, sizeof *pl->gb_cols);
	pl->sc_module = calloc(p ? p : 1, sizeof *pl->sc_module);
	pl->mod_to_sc = calloc(p ? p : 1, sizeof *pl->mod_to_sc);
	if (!pl->bins || !pl->own || !pl->given || !pl->unique || !pl->selected || !pl->used || !pl->in_sc ||
	    !pl->in_gb || !pl->mono || !pl->module || !pl->modnames || !pl->sc_cols || !pl->gb_cols || !pl->sc_module ||
	    !pl->mod_to_sc)
		return er_fail(err, ER_ENOMEM, "out of memory planning the model");
	const char **modname = calloc(p ? p : 1, sizeof *modname);
	char *expect = calloc(p ? p : 1, 1);
	if (!modname || !expect) {
		free(modname), free(expect);
		return er_fail(err, ER_ENOMEM, "out of memory planning the model");
	}
	for (size_t k = 0; k < res->nrows; k++) {
		const struct er_screen_row *row = &res->rows[k];
		size_t j = row->col;
		expect[j] = row->dir_expected;
		pl->bins[j] = &row->bins;
		pl->selected[j] = row->selected;
		modname[j] = row->module[0] ? row->module : "all";
		if (o->bins) {
			const struct er_bin_var *v = er_bin_lookup(o->bins, o->nbins, d->cols[j].name);
			if (v && (v->type == ER_BIN_CATEGORICAL) != (d->cols[j].categorical != 0)) {
				free(modname), free(expect);
				return er_fail(err, ER_EUSAGE, "binning of '%s' is %s but the column is not", v->name,
				               v->type == ER_BIN_CATEGORICAL ? "categorical" : "numeric");
			}
			if (v && v->nbins) {
				pl->bins[j] = v;
				pl->given[j] = 1;
			}
		}
	}
	if (o->selected) {
		memset(pl->selected, 0, p * sizeof *pl->selected);
		for (size_t s = 0; s < o->nselected; s++) {
			size_t j = 0;
			while (j < p && strcmp(d->cols[j].name, o->selected[s]) != 0)
				j++;
			if (j == p) {
				free(modname), free(expect);
				return er_fail(err, ER_EUSAGE, "selected indicator '%s' is not a column of the input",
				               o->selected[s]);
			}
			pl->selected[j] = 1;
		}
	}
	int rc = 0;
	for (size_t j = 0; j < p && !rc; j++) {
		pl->in_sc[j] = o->method != ER_MODEL_GBDT && pl->selected[j];
		int gb = gb_sel && !o->selected ? gb_sel[j] : pl->selected[j];
		pl->in_gb[j] = o->method != ER_MODEL_SCORECARD && (gb || o->all_indicators);
		pl->used[j] = pl->in_sc[j] || pl->in_gb[j];
		if (!pl->used[j])
			continue;
		size_t k = 0;
		while (k < pl->nmod && strcmp(pl->modnames[k], modname[j]) != 0)
			k++;
		if (k == pl->nmod) {
			pl->modnames[k] = strdup(modname[j]);
			if (!pl->modnames[k])
				rc = er_fail(err, ER_ENOMEM, "out of memory planning the model");
			pl->nmod++;
		}
		pl->module[j] = k;
		if (pl->in_sc[j])
			pl->sc_cols[pl->nsc++] = j;
		if (pl->in_gb[j]) {
			/* a category enters as the WOE of its bin, a number with no stated
			 * direction is free: only a stated direction of a number binds */
			char e = d->cols[j].categorical ? '?' : expect[j];
			pl->mono[pl->ngb] = e == '+' ? 1 : e == '-' ? -1 : 0;
			pl->gb_cols[pl->ngb++] = j;
		}
		/* A numeric indicator of a few values (a status code, a count) gets a bin per value:
		 * merging them by quantiles or a monotone shape hides the steps a scorecard can use. */
		struct er_bin_opts spec = o->screen.bin;
		if (!rc)
			rc = er_screen_specs_apply(o->screen.specs, d->cols[j].name, d->cols[j].categorical, &spec,
			                           err);
		if (!rc && pl->in_sc[j] && !pl->given[j] && !d->cols[j].categorical && o->unique_max > 0 &&
		    spec.method == o->screen.bin.method &&
		    distinct_upto(pl->x[j], d->nrows, (size_t)o->unique_max) <= (size_t)o->unique_max) {
			pl->unique[j] = 1;
			if ((rc = bin_rows(pl, d, j, NULL, o, &pl->own[j], err)) == 0)
				pl->bins[j] = &pl->own[j];
			/* a rare flag's few rows merged away: the screen's bins keep them */
			if (!rc && range_bins(&pl->own[j]) < 2 && range_bins(&res->rows[k_of(res, j)].bins) > 1) {
				pl->unique[j] = 0;
				pl->bins[j] = &res->rows[k_of(res, j)].bins;
				er_bin_var_free(&pl->own[j]);
			}
		}
	}
	free(modname), free(expect);
	if (rc)
		return rc;
	if (o->method != ER_MODEL_GBDT && pl->nsc == 0)
		return er_fail(err, ER_EUSAGE, "no indicator was selected for the scorecard");
	if (o->method == ER_MODEL_GBDT && pl->ngb == 0)
		return er_fail(err, ER_EUSAGE,
		               "no indicator was selected for the trees (--all-indicators takes every one)");
	if (pl->nsc + pl->ngb == 0)
		return er_fail(err, ER_EUSAGE, "no indicator to train on");
	for (size_t k = 0; k < pl->nmod; k++)
		pl->mod_to_sc[k] = (size_t)-1;
	for (size_t s = 0; s < pl->nsc; s++) {
		size_t k = pl->module[pl->sc_cols[s]];
		if (pl->mod_to_sc[k] == (size_t)-1)
			pl->mod_to_sc[k] = pl->nscmod++;
		pl->sc_module[s] = pl->mod_to_sc[k];
	}
	return 0;
}

/* Rows of matrix A (row width W) where MASK[i], copied into B; returns how many. */
static size_t
take_rows(const void *a, size_t w, size_t elem, size_t n, const unsigned char *mask, void *b)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if (mask[i]) {
			memcpy((char *)b + m * w * elem, (const char *)a + i * w * elem, w * elem);
			m++;
		}
	return m;
}

/* What a fold computes: the parts' out-of-fold log-odds (OOF_SC, OOF_GB; NULL: that part is
 * not trained) and which rows got them (DONE). With ROUNDS (one entry per fold) the trees
 * stop early on the next fold's rows and are trained without them; the fold's best number
 * of rounds goes into ROUNDS[k] (-1: the fold could not be checked). */
struct fold_out {
	double *oof_sc, *oof_gb;
	unsigned char *done;
	int *rounds;
	/* with ROUNDS: each fold's trees, every round trained (FITS[k], XGBoost's own: a fold's
	 * trees are only ever asked for margins, never converted), and its rows' tree matrix
	 * (KX[k]), kept until the count for all folds is known: its out-of-fold margins are then
	 * taken at that count (or all the fold trained, if fewer), so that no fold's margins come
	 * from a few trees beside another's hundreds on one scale */
	struct er_gbdt_fit **fits;
	float **kx;
};

/* 1 when fold F of the N rows has a good and a bad row (early stopping on it has an AUC). */
static int
fold_ranks(const struct er_frame *d, const unsigned *fold, size_t n, unsigned f)
{
	int seen = 0; /* 1: a good row, 2: a bad one */
	for (size_t i = 0; i < n && seen != 3; i++)
		if (fold[i] == f)
			seen |= d->y[i] ? 2 : 1;
	return seen == 3;
}

/* Fold K's rows of the N (FOLD) out of fold: their margins through the first NTREES trees of
 * F (KX: their tree matrix, in row order) into OOF. Returns 0, or ER_EDATA / ER_ENOMEM with
 * ERR. */
static int
fold_margins(const struct er_gbdt_fit *f, size_t ntrees, const float *kx, const unsigned *fold, size_t n, unsigned k,
             double *oof, char *err)
{
	size_t nk = 0;
	for (size_t i = 0; i < n; i++)
		nk += fold[i] == k;
	double *km = malloc((nk + 1) * sizeof *km);
	if (!km)
		return er_fail(err, ER_ENOMEM, "out of memory cross-validating");
	int rc = er_gbdt_fit_margins(f, kx, nk, ntrees, km, err);
	for (size_t i = 0, j = 0; !rc && i < n; i++)
		if (fold[i] == k)
			oof[i] = km[j++];
	free(km);
	return rc;
}

/* One fold: bins, design and matrices made from the other folds' rows alone (no label of
 * the fold's own rows reaches its coding), a scorecard and trees trained on those rows, and
 * the fold's rows predicted into OUT (see struct fold_out). A fold without rows, or with all
 * of them, is skipped: its rows stay not done; so is one whose trees stop early with no
 * rows to stop on, or none to learn from. */
static int
one_fold(const struct plan *pl, const struct er_frame *d, const struct er_ensemble_opts *o, const unsigned *fold,
         unsigned k, const struct er_gbdt_params *gp, const struct fold_out *out, char *err)
{
	size_t n = pl->n, p = pl->p;
	/* the trees stop on the next fold with a good and a bad row (a small or pre-split table
	 * may leave one empty, or one row alone): on one class the AUC is undefined, no round
	 * is ever best and the fold's 0 would pull the mean count down; none but K itself
	 * (whose rows are the out-of-fold ones) leaves the fold skipped */
	unsigned next = (k + 1) % (unsigned)o->folds;
	while (out->rounds && next != k && !fold_ranks(d, fold, n, next))
		next = (next + 1) % (unsigned)o->folds;
	struct plan fp = *pl;
	struct er_bin_var *fb = calloc(p ? p : 1, sizeof *fb);
	const struct er_bin_var **fbp = calloc(p ? p : 1, sizeof *fbp);
	unsigned char *keep = malloc(n ? n : 1), *fit_gb = malloc(n ? n : 1), *stop_gb = malloc(n ? n : 1);
	struct design ds = {0};
	double *des = NULL, *fdes = NULL, *fy = NULL, *dy = NULL;
	float *gx = NULL, *fx = NULL, *fgy = NULL, *gy = NULL, *vx = NULL, *vy = NULL, *kx = NULL;
	int rc = 0;
	if (out->rounds)
		out->rounds[k] = -1;
	if (!fb || !fbp || !keep || !fit_gb || !stop_gb) {
		rc = er_fail(err, ER_ENOMEM, "out of memory cross-validating");
		goto done;
	}
	size_t m = 0, mg = 0, ms = 0;
	for (size_t i = 0; i < n; i++) {
		keep[i] = fold[i] != k;
		stop_gb[i] = out->rounds && next != k && fold[i] == next;
		fit_gb[i] = keep[i] && !stop_gb[i];
		m += keep[i];
		mg += fit_gb[i];
		ms += stop_gb[i];
	}
	if (m == 0 || m == n || (out->oof_gb && (mg == 0 || (out->rounds && ms == 0))))
		goto done;
	for (size_t j = 0; j < p && !rc; j++) {
		fbp[j] = pl->bins[j];
		if (pl->used[j] && (pl->in_sc[j] || d->cols[j].categorical) &&
		    (rc = bin_rows(pl, d, j, keep, o, &fb[j], err)) == 0)
			fbp[j] = &fb[j];
	}
	if (rc)
		goto done;
	fp.bins = fbp;
	if ((rc = design_init(&fp, o->coding, &ds, err)) ||
	    (rc = matrices(d, pl->x, &fp, &ds, &des, &gx, &gy, &dy, err)))
		goto done;
	fdes = malloc((m * ds.ndes + 1) * sizeof *fdes);
	fy = malloc(m * sizeof *fy);
	fx = malloc((mg * pl->ngb + 1) * sizeof *fx);
	fgy = malloc((mg ? mg : 1) * sizeof *fgy);
	vx = malloc((ms * pl->ngb + 1) * sizeof *vx);
	vy = malloc((ms ? ms : 1) * sizeof *vy);
	if (!fdes || !fy || !fx || !fgy || !vx || !vy) {
		rc = er_fail(err, ER_ENOMEM, "out of memory cross-validating");
		goto done;
	}
	take_rows(des, ds.ndes, sizeof *des, n, keep, fdes);
	take_rows(dy, 1, sizeof *dy, n, keep, fy);
	take_rows(gx, pl->ngb, sizeof *gx, n, fit_gb, fx);
	take_rows(gy, 1, sizeof *gy, n, fit_gb, fgy);
	take_rows(gx, pl->ngb, sizeof *gx, n, stop_gb, vx);
	take_rows(gy, 1, sizeof *gy, n, stop_gb, vy);
	struct er_scorecard_fit fit = {0};
	struct er_gbdt_fit *g = NULL;
	struct er_gbdt_info info = {0};
	if (out->oof_sc &&
	    (rc = er_scorecard_fit(fdes, fy, m, ds.ndes, ds.module, pl->nscmod, o->l2 / (double)m, &fit, err)))
		goto done;
	if (out->oof_gb && (rc = er_gbdt_fit(fx, fgy, mg, pl->ngb, vx, vy, ms, gp, &g, &info, err))) {
		er_scorecard_fit_free(&fit);
		goto done;
	}
	if (out->rounds)
		out->rounds[k] = info.best_rounds;
	if (out->oof_gb && out->rounds) {
		/* margins once every fold's count is known (cross_validate) */
		for (size_t i = 0; i < n; i++)
			keep[i] = fold[i] == k;
		if (!(out->kx[k] = malloc(((n - m) * pl->ngb + 1) * sizeof *out->kx[k]))) {
			er_scorecard_fit_free(&fit);
			er_gbdt_fit_free(g);
			rc = er_fail(err, ER_ENOMEM, "out of memory cross-validating");
			goto done;
		}
		take_rows(gx, pl->ngb, sizeof *gx, n, keep, out->kx[k]);
		out->fits[k] = g;
		g = NULL;
	} else if (out->oof_gb) {
		for (size_t i = 0; i < n; i++)
			keep[i] = fold[i] == k;
		if (!(kx = malloc(((n - m) * pl->ngb + 1) * sizeof *kx)))
			rc = er_fail(err, ER_ENOMEM, "out of memory cross-validating");
		else
			take_rows(gx, pl->ngb, sizeof *gx, n, keep, kx);
		if (rc || (rc = fold_margins(g, (size_t)info.rounds, kx, fold, n, k, out->oof_gb, err))) {
			er_scorecard_fit_free(&fit);
			er_gbdt_fit_free(g);
			goto done;
		}
	}
	for (size_t i = 0; i < n; i++)
		if (fold[i] == k) {
			if (out->oof_sc)
				out->oof_sc[i] = er_scorecard_eta(&fit, ds.module, des + i * ds.ndes);
			out->done[i] = 1;
		}
	er_scorecard_fit_free(&fit);
	er_gbdt_fit_free(g);
done:
	for (size_t j = 0; fb && j < p; j++)
		er_bin_var_free(&fb[j]);
	free(fb), free(fbp), free(keep), free(fit_gb), free(stop_gb);
	design_free(&ds, pl->nsc);
	free(des), free(fdes), free(fy), free(dy), free(gx), free(fx), free(fgy), free(gy), free(vx), free(vy);
	free(kx);
	return rc;
}

/* Each row's fold: er_hash_fold of its id. Returns a new array or NULL (no memory). */
static unsigned *
make_folds(char *const *ids, size_t n, int folds)
{
	unsigned *fold = malloc((n ? n : 1) * sizeof *fold);
	for (size_t i = 0; fold && i < n; i++)
		fold[i] = (unsigned)er_hash_fold(ids[i], strlen(ids[i]), (uint64_t)folds);
	return fold;
}

/* Predicts every row out of fold with the parts O->method trains (trees with GP), chooses the
 * blend (ensemble), and puts each row's out-of-fold score (points) into *OOF (a new array)
 * when every row got one, else leaves it NULL. With TREES (not NULL) the folds' trees stop
 * early (struct fold_out) and *TREES gets the mean of their best rounds (1 when no fold
 * could be checked); without, they train GP->trees. Returns 0 or a status with ERR. */
static int
cross_validate(const struct plan *pl, const struct er_frame *d, const struct er_ensemble_opts *o, const unsigned *fold,
               const struct er_gbdt_params *gp, int *trees, double *blend, double **oof, struct er_ensemble_report *rep,
               char *err)
{
	size_t n = pl->n, K = (size_t)o->folds;
	double *oof_sc = malloc((n ? n : 1) * sizeof *oof_sc), *oof_gb = malloc((n ? n : 1) * sizeof *oof_gb);
	double *mix = malloc((n ? n : 1) * sizeof *mix);
	unsigned char *done = calloc(n ? n : 1, 1);
	int *rounds = trees ? calloc(K, sizeof *rounds) : NULL;
	struct er_gbdt_fit **fits = trees ? calloc(K, sizeof *fits) : NULL;
	float **kx = trees ? calloc(K, sizeof *kx) : NULL;
	int rc = 0;
	*oof = NULL;
	rep->oof_auc_scorecard = rep->oof_auc_gbdt = rep->oof_auc_blend = NAN;
	if (!oof_sc || !oof_gb || !mix || !done || (trees && (!rounds || !fits || !kx))) {
		rc = er_fail(err, ER_ENOMEM, "out of memory cross-validating");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		oof_sc[i] = oof_gb[i] = 0;
	struct fold_out out = {o->method != ER_MODEL_GBDT ? oof_sc : NULL,
	                       o->method != ER_MODEL_SCORECARD ? oof_gb : NULL,
	                       done,
	                       rounds,
	                       fits,
	                       kx};
	for (unsigned k = 0; k < K && !rc; k++)
		rc = one_fold(pl, d, o, fold, k, gp, &out, err);
	if (rc)
		goto done;
	if (trees) {
		/* the folds' trees saw 1 - 2/K of the rows: their mean count is a count for data
		 * of about that size, a little short for all of it rather than too long */
		long sum = 0, checked = 0;
		for (size_t k = 0; k < K; k++)
			if (rounds[k] >= 0) {
				sum += rounds[k];
				checked++;
			}
		*trees = checked ? (int)((sum + checked / 2) / checked) : 1;
		if (*trees < 1)
			*trees = 1;
		/* each fold's rows out of fold at that count of its trees, as the final fit has */
		for (unsigned k = 0; k < K && out.oof_gb && !rc; k++)
			if (kx[k])
				rc = fold_margins(fits[k], (size_t)*trees, kx[k], fold, n, k, oof_gb, err);
		if (rc)
			goto done;
	}
	for (size_t i = 0; i < n; i++)
		if (!done[i])
			goto done;
	/* From w = 1 down, so a tie keeps the simpler, more scorecard-like blend; a single part
	 * tries only its own weight. */
	int top = o->method == ER_MODEL_GBDT ? 0 : BLEND_STEPS,
	    bottom = o->method == ER_MODEL_SCORECARD ? BLEND_STEPS : 0;
	double best_auc = -1;
	struct er_metrics mt;
	for (int s = top; s >= bottom; s--) {
		double w = (double)s / BLEND_STEPS;
		for (size_t i = 0; i < n; i++)
			mix[i] = w * oof_sc[i] + (1 - w) * oof_gb[i];
		if ((rc = er_metrics_compute(mix, d->y, n, &mt, err)))
			goto done;
		if (s == BLEND_STEPS)
			rep->oof_auc_scorecard = mt.auc;
		if (s == 0)
			rep->oof_auc_gbdt = mt.auc;
		if (mt.auc > best_auc) {
			best_auc = mt.auc;
			*blend = w;
		}
	}
	if (o->method == ER_MODEL_ENSEMBLE)
		rep->oof_auc_blend = best_auc;
	for (size_t i = 0; i < n; i++)
		mix[i] = er_scaling_score(&o->scaling, *blend * oof_sc[i] + (1 - *blend) * oof_gb[i]);
	rep->has_oof = 1;
	*oof = mix;
	mix = NULL;
done:
	for (size_t k = 0; trees && k < K; k++) {
		if (fits)
			er_gbdt_fit_free(fits[k]);
		if (kx)
			free(kx[k]);
	}
	free(fits), free(kx);
	free(oof_sc), free(oof_gb), free(mix), free(done), free(rounds);
	return rc;
}

/* Row I of D as er_model_score_values takes it: numbers into XV, categories into TEXT/LEN. */
static void
row_values(const struct er_model *m, const struct er_frame *d, double *const *x, const size_t *featcol, size_t i,
           double *xv, const char **text, size_t *len)
{
	for (size_t j = 0; j < m->nfeat; j++) {
		const struct er_frame_col *c = &d->cols[featcol[j]];
		if (c->categorical) {
			unsigned code = c->code[i];
			text[j] = code == (unsigned)-1 ? "" : c->dict[code];
			len[j] = strlen(text[j]);
			xv[j] = NAN;
		} else {
			xv[j] = x[featcol[j]][i];
		}
	}
}

/* Each feature's mean |SHAP| of the score over the rows of D (numbers from X) into
 * REP->importance, and their order. Returns 0 or ER_ENOMEM. */
static int
importance(const struct er_model *m, const struct er_frame *d, double *const *x, const size_t *featcol,
           struct er_ensemble_report *rep, char *err)
{
	size_t nf = m->nfeat ? m->nfeat : 1;
	struct er_model_result r;
	const char **text = calloc(nf, sizeof *text);
	size_t *len = calloc(nf, sizeof *len);
	double *xv = calloc(nf, sizeof *xv), *mean = calloc(nf, sizeof *mean);
	rep->importance = calloc(nf, sizeof *rep->importance);
	rep->importance_order = malloc(nf * sizeof *rep->importance_order);
	if (!text || !len || !xv || !mean || !rep->importance || !rep->importance_order ||
	    er_model_result_init(m, &r)) {
		free(text), free(len), free(xv), free(mean);
		return er_fail(err, ER_ENOMEM, "out of memory measuring the importance");
	}
	const double w = m->blend, B = m->scaling.factor;
	for (size_t j = 0; j < m->nfeat; j++)
		mean[j] = er_model_mean_points(&m->feat[j]);
	for (size_t i = 0; i < d->nrows; i++) {
		row_values(m, d, x, featcol, i, xv, text, len);
		er_model_score_values(m, xv, text, len, 1, &r);
		for (size_t j = 0; j < m->nfeat; j++) {
			const struct er_model_feature *f = &m->feat[j];
			double v = f->in_scorecard ? w * (f->points[r.bin[j]] - mean[j]) : 0;
			if (f->gbdt_col >= 0 && m->gbdt.ntrees)
				v -= (1 - w) * B * r.contrib[f->gbdt_col];
			rep->importance[j] += fabs(v);
		}
	}
	for (size_t j = 0; j < m->nfeat; j++)
		rep->importance[j] /= d->nrows ? (double)d->nrows : 1;
	er_model_result_free(&r);
	free(text), free(len), free(xv), free(mean);
	if (er_sort_order_desc(rep->importance, m->nfeat, rep->importance_order))
		return er_fail(err, ER_ENOMEM, "out of memory measuring the importance");
	return 0;
}

/* Scores every row of D (numbers from X) into SCORE. MARGIN (may be NULL) holds the trees'
 * log-odds of each row, known from training, so the trees need not be walked again.
 * Returns 0 or ER_ENOMEM. */
static int
score_rows(const struct er_model *m, const struct er_frame *d, double *const *x, const size_t *featcol,
           const double *margin, double *score, char *err)
{
	struct er_model_result r;
	struct er_model view = *m;
	if (margin)
		view.gbdt.ntrees = 0;
	const char **text = calloc(m->nfeat ? m->nfeat : 1, sizeof *text);
	size_t *len = calloc(m->nfeat ? m->nfeat : 1, sizeof *len);
	double *xv = calloc(m->nfeat ? m->nfeat : 1, sizeof *xv);
	if (!text || !len || !xv || er_model_result_init(m, &r)) {
		free(text), free(len), free(xv);
		return er_fail(err, ER_ENOMEM, "out of memory scoring the training rows");
	}
	for (size_t i = 0; i < d->nrows; i++) {
		row_values(m, d, x, featcol, i, xv, text, len);
		er_model_score_values(&view, xv, text, len, 0, &r);
		score[i] = r.score;
		/* the blend exactly as er_model_score_values makes it */
		if (margin && m->gbdt.ntrees)
			score[i] = m->blend * r.score + (1 - m->blend) * er_scaling_score(&m->scaling, margin[i]);
	}
	er_model_result_free(&r);
	free(text), free(len), free(xv);
	return 0;
}

/* The evaluation of scores SCORE[0..N-1] (owned by EV from here on, even on failure) with
 * labels Y under M: metrics (score negated: higher score is safer), bad rate per grade and
 * the calibration of M's pd. Returns 0 or ER_ENOMEM. */
static int
eval_scores(const struct er_model *m, double *score, const unsigned char *y, size_t n, struct er_ensemble_eval *ev,
            char *err)
{
	free(ev->score), free(ev->y);
	ev->score = score;
	ev->y = malloc(n ? n : 1);
	double *risk = malloc((n ? n : 1) * sizeof *risk);
	if (!ev->y || !risk) {
		free(risk);
		return er_fail(err, ER_ENOMEM, "out of memory evaluating the model");
	}
	memcpy(ev->y, y, n);
	for (size_t i = 0; i < n; i++)
		risk[i] = -score[i];
	int rc = er_metrics_compute(risk, y, n, &ev->m, err);
	for (size_t i = 0; i < n; i++)
		risk[i] = er_model_pd(m, score[i]);
	if (!rc)
		rc = er_calib_table(risk, y, n, ev->calib, &ev->ece, err);
	free(risk);
	if (rc)
		return rc;
	ev->present = 1;
	memset(ev->grade_n, 0, sizeof ev->grade_n);
	memset(ev->grade_bad, 0, sizeof ev->grade_bad);
	for (size_t i = 0; i < n; i++) {
		int g = er_grade_of(m->cuts, score[i]);
		ev->grade_n[g]++;
		ev->grade_bad[g] += y[i];
	}
	return 0;
}

/* Scores D (numbers from X, trees' log-odds from MARGIN when not NULL) and evaluates it into
 * EV. With CUTS_FROM (shares) the cut-offs are set from these scores first. */
static int
evaluate(struct er_model *m, const struct er_frame *d, double *const *x, const size_t *featcol, const double *margin,
         struct er_ensemble_eval *ev, const double *cuts_from, char *err)
{
	size_t n = d->nrows;
	double *score = malloc((n ? n : 1) * sizeof *score);
	if (!score)
		return er_fail(err, ER_ENOMEM, "out of memory evaluating the model");
	int rc = score_rows(m, d, x, featcol, margin, score, err);
	if (!rc && cuts_from)
		rc = er_grade_cuts_from_shares(score, n, cuts_from, m->cuts, err);
	if (rc) {
		free(score);
		return rc;
	}
	return eval_scores(m, score, d->y, n, ev, err);
}

/* Each scorecard bin's share of its module's log-odds (CONTRIB, per bin of scorecard column
 * S) and the indicator's coefficient on WOE. With bin steps the shares are centred on the
 * training rows (their mean goes to the module's intercept, *SHIFT) and the coefficient is
 * the row-weighted slope of the shares on the WOE, for the report. */
static void
bin_contrib(const struct plan *pl, const struct design *ds, const struct er_scorecard_fit *fit, size_t s,
            double *contrib, double *coef, double *shift)
{
	const struct er_bin_var *v = pl->bins[pl->sc_cols[s]];
	size_t nb = v->nbins;
	*shift = 0;
	if (!ds->steps) {
		*coef = fit->coef[ds->start[s]];
		for (size_t k = 0; k < nb; k++)
			contrib[k] = *coef * v->bins[k].woe;
		return;
	}
	size_t width = ds->start[s + 1] - ds->start[s];
	double rows = 0, mean = 0, mw = 0;
	for (size_t k = 0; k < nb; k++) {
		double c = 0;
		for (size_t t = 0; t < ds->rank[s][k] && t < width && nb > 1; t++)
			c += fit->coef[ds->start[s] + t];
		contrib[k] = c;
		double nk = v->bins[k].good + v->bins[k].bad;
		rows += nk;
		mean += nk * c;
		mw += nk * v->bins[k].woe;
	}
	if (rows > 0) {
		mean /= rows;
		mw /= rows;
	}
	double sxy = 0, sxx = 0;
	for (size_t k = 0; k < nb; k++) {
		double nk = v->bins[k].good + v->bins[k].bad, dw = v->bins[k].woe - mw;
		contrib[k] -= mean;
		sxy += nk * dw * contrib[k];
		sxx += nk * dw * dw;
	}
	*coef = sxx > 0 ? sxy / sxx : 0;
	*shift = mean;
}

static int
fill_model(const struct plan *pl, const struct design *ds, const struct er_frame *d, const struct er_ensemble_opts *o,
           const struct er_scorecard_fit *fit, struct er_gbdt *gb, double blend, struct er_model *m, char *err)
{
	const double B = o->scaling.factor, A = o->scaling.offset;
	m->method = o->method;
	m->scaling = o->scaling;
	m->blend = blend;
	m->id_col = strdup(o->id_col);
	m->mod = calloc(pl->nmod ? pl->nmod : 1, sizeof *m->mod);
	m->feat = calloc(pl->p ? pl->p : 1, sizeof *m->feat);
	double *shift = calloc(pl->nscmod ? pl->nscmod : 1, sizeof *shift);
	double **contrib = calloc(pl->nsc ? pl->nsc : 1, sizeof *contrib);
	double *coefs = calloc(pl->nsc ? pl->nsc : 1, sizeof *coefs);
	int rc = 0;
	if (!m->id_col || !m->mod || !m->feat || !shift || !contrib || !coefs) {
		rc = er_fail(err, ER_ENOMEM, "out of memory building the model");
		goto done;
	}
	m->nmod = pl->nmod;
	for (size_t s = 0; fit && s < pl->nsc; s++) {
		size_t nb = pl->bins[pl->sc_cols[s]]->nbins;
		double sh;
		if (!(contrib[s] = calloc(nb ? nb : 1, sizeof **contrib))) {
			rc = er_fail(err, ER_ENOMEM, "out of memory building the model");
			goto done;
		}
		bin_contrib(pl, ds, fit, s, contrib[s], &coefs[s], &sh);
		shift[pl->sc_module[s]] += sh;
	}
	double nbad = 0;
	for (size_t i = 0; i < d->nrows; i++)
		nbad += d->y[i];
	double prior = log(nbad / ((double)d->nrows - nbad));
	double sc_eta0 = fit ? fit->intercept : 0;
	for (size_t k = 0; k < pl->nmod; k++) {
		struct er_model_module *mo = &m->mod[k];
		mo->name = strdup(pl->modnames[k]);
		if (!mo->name) {
			rc = er_fail(err, ER_ENOMEM, "out of memory building the model");
			goto done;
		}
		size_t s = pl->mod_to_sc[k];
		if (fit && s != (size_t)-1) {
			mo->intercept = fit->mod_intercept[s] + shift[s];
			mo->weight = fit->mod_weight[s];
			sc_eta0 += mo->weight * mo->intercept;
		} else {
			/* No scorecard indicator: the module's sub-model is the population's odds. */
			mo->intercept = prior;
			mo->weight = 0;
		}
		mo->base_points = A - B * mo->intercept;
	}
	m->sc_intercept = fit ? fit->intercept : 0;
	m->sc_base_points = fit ? A - B * sc_eta0 : 0;
	size_t sc_at = 0, gb_at = 0;
	for (size_t j = 0; j < pl->p; j++) {
		if (!pl->used[j])
			continue;
		struct er_model_feature *f = &m->feat[m->nfeat++];
		const struct er_bin_var *v = pl->bins[j];
		f->module = pl->module[j];
		f->in_scorecard = pl->in_sc[j];
		f->gbdt_col = -1;
		if (pl->in_gb[j])
			f->gbdt_col = (long)gb_at++;
		f->direction = '?';
		int need_bins = f->in_scorecard || d->cols[j].categorical;
		size_t nb = need_bins ? v->nbins : 0;
		if (need_bins) {
			if (copy_var(&f->var, v, 1)) {
				rc = er_fail(err, ER_ENOMEM, "out of memory building the model");
				goto done;
			}
			free(f->var.name);
		}
		f->var.name = strdup(d->cols[j].name);
		f->var.type = d->cols[j].categorical ? ER_BIN_CATEGORICAL : ER_BIN_NUMERIC;
		f->points = calloc(nb ? nb : 1, sizeof *f->points);
		f->module_points = calloc(nb ? nb : 1, sizeof *f->module_points);
		if (!f->var.name || !f->points || !f->module_points) {
			rc = er_fail(err, ER_ENOMEM, "out of memory building the model");
			goto done;
		}
		if (!f->in_scorecard)
			continue;
		double weight = m->mod[f->module].weight;
		f->coef = coefs[sc_at];
		for (size_t k = 0; k < nb; k++) {
			f->points[k] = -B * weight * contrib[sc_at][k];
			f->module_points[k] = -B * contrib[sc_at][k];
		}
		sc_at++;
	}
	if (gb) {
		m->gbdt = *gb;
		memset(gb, 0, sizeof *gb);
	}
	er_model_set_best_points(m);
done:
	for (size_t s = 0; contrib && s < pl->nsc; s++)
		free(contrib[s]);
	free(contrib), free(coefs), free(shift);
	return rc;
}

static int
add_num(struct er_model *m, const char *key, double v)
{
	char buf[ER_NUM_BUFLEN];
	er_num_format(buf, v);
	return er_model_add_summary(m, key, buf);
}

static int
add_eval(struct er_model *m, const char *set, const struct er_ensemble_eval *ev)
{
	char key[64];
	int rc = 0;
	if (!ev->present)
		return 0;
	snprintf(key, sizeof key, "%s_rows", set);
	rc |= add_num(m, key, (double)ev->m.n);
	snprintf(key, sizeof key, "%s_bad", set);
	rc |= add_num(m, key, (double)ev->m.bad);
	snprintf(key, sizeof key, "%s_auc", set);
	rc |= add_num(m, key, ev->m.auc);
	snprintf(key, sizeof key, "%s_ks", set);
	rc |= add_num(m, key, ev->m.ks);
	snprintf(key, sizeof key, "%s_gini", set);
	rc |= add_num(m, key, ev->m.gini);
	return rc ? ER_ENOMEM : 0;
}

/* Points PL->x at TRAIN's numeric columns, which the screens leave in place (keep_numbers)
 * and the binning, the trees and the WOE coding read: never copied, as a wide table is
 * hundreds of megabytes. Returns 0 or ER_ENOMEM with ERR. */
static int
borrow_numbers(const struct er_frame *train, struct plan *pl, char *err)
{
	size_t p = train->ncols;
	pl->x = calloc(p ? p : 1, sizeof *pl->x);
	if (!pl->x)
		return er_fail(err, ER_ENOMEM, "out of memory planning the model");
	pl->p = p;
	for (size_t j = 0; j < p; j++)
		if (!train->cols[j].categorical)
			pl->x[j] = train->cols[j].x;
	return 0;
}

/* Makes *FEATCOL (each model feature's data column) and sets each feature's direction:
 * expected (catalogue, --directions) or found in training. Returns 0 or ER_ENOMEM. */
static int
set_directions(struct er_model *m, const struct plan *pl, const struct er_screen_result *res, size_t **featcol,
               char *err)
{
	size_t *fc = calloc(m->nfeat ? m->nfeat : 1, sizeof *fc);
	if (!fc)
		return er_fail(err, ER_ENOMEM, "out of memory");
	*featcol = fc;
	for (size_t j = 0, k = 0; j < pl->p; j++)
		if (pl->used[j])
			fc[k++] = j;
	for (size_t k = 0; k < res->nrows; k++) {
		const struct er_screen_row *row = &res->rows[k];
		for (size_t f = 0; f < m->nfeat; f++)
			if (fc[f] == row->col) {
				char d = row->dir_expected == '+' || row->dir_expected == '-' ? row->dir_expected
											      : row->dir_found;
				m->feat[f].direction = d == '+' || d == '-' ? d : '?';
			}
	}
	return 0;
}

/* The out-of-fold scores OOF (owned from here on; NULL when some row has none) fit the
 * calibration map and set the cut-offs (unless given); without them the training scores set
 * the cut-offs and pd stays the logistic of the score. Then every evaluation. Returns 0 or a
 * status with ERR. */
static int
evaluate_all(struct er_model *m, const struct er_frame *train, const struct er_frame *valid,
             const struct er_frame *holdout, const struct plan *pl, const size_t *featcol, const double *margin,
             double *oof, const struct er_ensemble_opts *o, struct er_ensemble_report *rep, char *err)
{
	size_t p = train->ncols, n = train->nrows;
	memcpy(m->cuts, o->cuts, sizeof m->cuts);
	int rc = 0;
	if (oof) {
		if (!o->cuts_given)
			rc = er_grade_cuts_from_shares(oof, n, o->shares, m->cuts, err);
		if (!rc)
			rc = er_calib_fit(oof, train->y, n, &m->calib, err);
		m->calib.tail = 1 / o->scaling.factor;
		if (rc) {
			free(oof);
			return rc;
		}
		if ((rc = eval_scores(m, oof, train->y, n, &rep->oof, err)))
			return rc;
	}
	rc = evaluate(m, train, pl->x, featcol, margin, &rep->train, o->cuts_given || oof ? NULL : o->shares, err);
	if (rc)
		return rc;
	double **tmp = calloc(p ? p : 1, sizeof *tmp);
	if (!tmp)
		return er_fail(err, ER_ENOMEM, "out of memory");
	for (int set = 0; set < 3 && !rc; set++) {
		const struct er_frame *d = set == 0 ? valid : set == 1 ? holdout : o->oot;
		if (!d || d->nrows == 0)
			continue;
		for (size_t j = 0; j < p; j++)
			tmp[j] = d->cols[j].x;
		rc = evaluate(m, d, tmp, featcol, NULL,
		              set == 0           ? &rep->valid
		                      : set == 1 ? &rep->holdout
		                                 : &rep->oot,
		              NULL, err);
	}
	free(tmp);
	return rc;
}

/* The summary: what was trained on and how well it did (no times: the file must be the same
 * for the same data and options). Returns 0 or ER_ENOMEM with ERR. */
static int
add_summary(struct er_model *m, const struct er_ensemble_opts *o, size_t nsc, const struct er_ensemble_report *rep,
            char *err)
{
	int rc = 0;
	rc |= add_eval(m, "train", &rep->train);
	rc |= add_eval(m, "oof", &rep->oof);
	rc |= add_eval(m, "valid", &rep->valid);
	rc |= add_eval(m, "holdout", &rep->holdout);
	rc |= add_eval(m, "oot", &rep->oot);
	rc |= add_num(m, "scorecard_indicators", (double)nsc);
	/* said only for steps, so a woe scorecard keeps the bytes it always had */
	if (o->coding == ER_SCORECARD_BIN_STEPS && o->method != ER_MODEL_GBDT)
		rc |= er_model_add_summary(m, "coding", "steps");
	if (rep->coding_auto && o->method != ER_MODEL_GBDT) {
		char key[64];
		rc |= er_model_add_summary(m, "scorecard_choice", er_ensemble_candidate_name(rep->chosen));
		for (int k = 0; k < ER_ENSEMBLE_CANDIDATES; k++)
			if (!isnan(rep->candidate_auc[k])) {
				snprintf(key, sizeof key, "oof_auc_candidate_%d", k + 1);
				rc |= add_num(m, key, rep->candidate_auc[k]);
			}
	}
	if (o->method != ER_MODEL_SCORECARD) {
		rc |= add_num(m, "gbdt_rounds", rep->gbdt.rounds);
		rc |= add_num(m, "gbdt_trees", rep->gbdt.best_rounds);
		rc |= add_num(m, "gbdt_indicators", (double)rep->ngbdt);
		rc |= add_num(m, "gbdt_rising", (double)rep->nrising);
		rc |= add_num(m, "gbdt_falling", (double)rep->nfalling);
	}
	if (rep->has_oof) {
		if (!isnan(rep->oof_auc_scorecard))
			rc |= add_num(m, "oof_auc_scorecard", rep->oof_auc_scorecard);
		if (!isnan(rep->oof_auc_gbdt))
			rc |= add_num(m, "oof_auc_gbdt", rep->oof_auc_gbdt);
		if (!isnan(rep->oof_auc_blend))
			rc |= add_num(m, "oof_auc_blend", rep->oof_auc_blend);
		rc |= add_num(m, "oof_ece", rep->oof.ece);
	}
	if (rep->holdout.present)
		rc |= add_num(m, "holdout_ece", rep->holdout.ece);
	return rc ? er_fail(err, ER_ENOMEM, "out of memory writing the summary") : 0;
}

/* Screens TRAIN under SO into RES, its numbers left in place for what follows (the plan
 * borrows them). */
static int
screen(struct er_frame *train, const struct er_screen_opts *so, struct er_screen_result *res, char *err)
{
	struct er_screen_opts keep = *so;
	keep.keep_numbers = 1;
	return er_screen_run(train, NULL, &keep, res, err);
}

static const char *const candidate_names[ER_ENSEMBLE_CANDIDATES] = {"woe", "woe, every indicator", "steps",
                                                                    "steps, every indicator"};

const char *
er_ensemble_candidate_name(int k)
{
	return k >= 0 && k < ER_ENSEMBLE_CANDIDATES ? candidate_names[k] : "?";
}

/* O with coding auto's candidate K applied: a scorecard alone when FOR_TRIAL. */
static struct er_ensemble_opts
candidate(const struct er_ensemble_opts *o, int k, int for_trial)
{
	struct er_ensemble_opts c = *o;
	c.coding = k >= 2 ? ER_SCORECARD_BIN_STEPS : ER_SCORECARD_WOE;
	if (k & 1) {
		c.screen.min_iv = 0;
		c.screen.max_corr = 1;
	}
	if (k >= 2 && c.screen.bin.min_bin > ER_ENSEMBLE_STEPS_MIN_BIN)
		c.screen.bin.min_bin = ER_ENSEMBLE_STEPS_MIN_BIN;
	if (for_trial)
		c.method = ER_MODEL_SCORECARD;
	return c;
}

/* Coding auto: the out-of-fold AUC of each candidate's scorecard into REP, and the one taken
 * into *CHOSEN: the first (the plain default) unless another clears the guard (ensemble.h:
 * a gain over the first of more than ER_ENSEMBLE_AUTO_MARGIN, with at least
 * ER_ENSEMBLE_AUTO_MIN_CLASS bad and good rows), then the best of those that do (the first
 * on a tie). A candidate that selects nothing is passed over; when the first is, the best of
 * the others is taken unguarded. Returns 0 or a status with ERR. */
static int
choose_scorecard(struct er_frame *train, double *const *x, const struct er_ensemble_opts *o, const unsigned *fold,
                 int *chosen, struct er_ensemble_report *rep, char *err)
{
	double best = -1, first = NAN;
	size_t n = train->nrows, nbad = 0;
	for (size_t i = 0; i < n; i++)
		nbad += train->y[i] != 0;
	int enough = nbad >= ER_ENSEMBLE_AUTO_MIN_CLASS && n - nbad >= ER_ENSEMBLE_AUTO_MIN_CLASS;
	*chosen = 0;
	rep->coding_auto = 1;
	for (int k = 0; k < ER_ENSEMBLE_CANDIDATES; k++) {
		rep->candidate_auc[k] = NAN;
		if ((k & 1) && o->selected)
			continue; /* the names given are the selection */
		struct er_ensemble_opts c = candidate(o, k, 1);
		struct plan pl = {0};
		struct er_screen_result res = {0};
		struct er_ensemble_report r = {0};
		double *oof = NULL, blend = 1;
		pl.x = (double **)x;
		int rc = screen(train, &c.screen, &res, err);
		if (!rc)
			rc = build_plan(train, &res, NULL, &c, &pl, err);
		if (!rc)
			rc = cross_validate(&pl, train, &c, fold, &c.gbdt, NULL, &blend, &oof, &r, err);
		pl.x = NULL; /* borrowed */
		plan_free(&pl);
		er_screen_result_free(&res);
		free(oof);
		if (rc == ER_EUSAGE)
			continue; /* nothing selected: the candidate cannot be had */
		if (rc)
			return rc;
		rep->candidate_auc[k] = r.has_oof ? r.oof_auc_scorecard : NAN;
		if (!r.has_oof)
			continue;
		double auc = r.oof_auc_scorecard;
		if (k == 0)
			first = auc; /* the default: the others must beat it clearly */
		else if (!isnan(first) && !(enough && auc - first > ER_ENSEMBLE_AUTO_MARGIN))
			continue;
		if (auc > best) {
			best = auc;
			*chosen = k;
		}
	}
	rep->chosen = *chosen;
	return 0;
}

/* The trees' selection when the scorecard's screen options SO differ from the options as
 * given O->screen: the screen under O's options, as a flag per data column in a new *SEL;
 * *SEL stays NULL when they are the same. Returns 0 or a status with ERR. */
static int
trees_selection(struct er_frame *train, const struct er_ensemble_opts *o, const struct er_screen_opts *so, int **sel,
                char *err)
{
	*sel = NULL;
	if (o->method == ER_MODEL_SCORECARD || o->selected ||
	    (so->min_iv == o->screen.min_iv && so->max_corr == o->screen.max_corr &&
	     so->bin.min_bin == o->screen.bin.min_bin))
		return 0;
	struct er_screen_result res = {0};
	int rc = screen(train, &o->screen, &res, err);
	if (rc)
		return rc;
	*sel = calloc(train->ncols ? train->ncols : 1, sizeof **sel);
	if (!*sel)
		rc = er_fail(err, ER_ENOMEM, "out of memory");
	for (size_t k = 0; *sel && k < res.nrows; k++)
		(*sel)[res.rows[k].col] = res.rows[k].selected;
	er_screen_result_free(&res);
	return rc;
}

int
er_ensemble_train(struct er_frame *train, char *const *ids, const struct er_frame *valid,
                  const struct er_frame *holdout, const struct er_ensemble_opts *given_o, struct er_model *m,
                  struct er_ensemble_report *rep, char *err)
{
	struct er_ensemble_report local;
	struct er_ensemble_report *given = rep;
	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof *rep);
	memset(m, 0, sizeof *m);
	size_t n = train->nrows, p = train->ncols, bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += train->y[i];
	if (bad == 0 || bad == n)
		return er_fail(err, ER_EDATA, "training needs both bad and good rows (%zu rows, %zu bad)", n, bad);
	struct er_ensemble_opts given_folds = *given_o; /* with the folds resolved */
	given_folds.folds = er_ensemble_folds(given_o);
	given_o = &given_folds;
	if (given_o->folds < 2)
		return er_fail(err, ER_EUSAGE, "at least 2 folds are needed");
	struct er_ensemble_opts eff = *given_o; /* with coding auto's choice made */
	const struct er_ensemble_opts *o = &eff;
	struct plan pl = {0};
	struct er_screen_result res = {0};
	struct er_scorecard_fit fit = {0}, *fitp = NULL;
	struct er_gbdt gb = {0};
	struct design ds = {0};
	double *woe = NULL, *dy = NULL, *vwoe = NULL, *vdy = NULL, *margin = NULL, *oof = NULL;
	float *gx = NULL, *gy = NULL, *vgx = NULL, *vgy = NULL;
	size_t *featcol = NULL;
	int *gb_sel = NULL;
	unsigned *fold = make_folds(ids, n, given_o->folds);
	int rc = 0;
	if (!fold) {
		rc = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}

	if ((rc = borrow_numbers(train, &pl, err)))
		goto done;
	if (given_o->coding == ER_SCORECARD_AUTO) {
		int k = 0;
		if (given_o->method != ER_MODEL_GBDT &&
		    (rc = choose_scorecard(train, pl.x, given_o, fold, &k, rep, err)))
			goto done;
		eff = candidate(given_o, k, 0);
		if ((rc = trees_selection(train, given_o, &eff.screen, &gb_sel, err)))
			goto done;
	}
	if ((rc = screen(train, &o->screen, &res, err)))
		goto done;
	if ((rc = build_plan(train, &res, gb_sel, o, &pl, err)))
		goto done;
	rep->nselected = pl.nsc;
	rep->ngbdt = pl.ngb;
	for (size_t k = 0; k < pl.ngb; k++) {
		rep->nrising += pl.mono[k] > 0;
		rep->nfalling += pl.mono[k] < 0;
	}
	if ((rc = design_init(&pl, o->coding, &ds, err)))
		goto done;
	if ((rc = matrices(train, pl.x, &pl, &ds, &woe, &gx, &gy, &dy, err)))
		goto done;
	size_t nv = valid ? valid->nrows : 0;
	if (nv && o->method != ER_MODEL_SCORECARD) {
		double **tmp = calloc(p ? p : 1, sizeof *tmp);
		if (!tmp) {
			rc = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t j = 0; j < p; j++)
			tmp[j] = valid->cols[j].x;
		rc = matrices(valid, tmp, &pl, &ds, &vwoe, &vgx, &vgy, &vdy, err);
		free(tmp);
		if (rc)
			goto done;
	}
	struct er_gbdt_params gp = o->gbdt;
	gp.monotone = pl.mono;
	double blend = o->method == ER_MODEL_SCORECARD ? 1 : 0;
	/* trees chosen by the folds themselves (no validation rows): cross-validate first */
	int folds_choose = o->method != ER_MODEL_SCORECARD && gp.trees == 0 && !vgx;
	if (o->method != ER_MODEL_SCORECARD && gp.trees == 0) {
		rep->trees_auto = 1;
		gp.trees = ER_ENSEMBLE_TREES_MAX;
	}
	if (folds_choose && (rc = cross_validate(&pl, train, o, fold, &gp, &gp.trees, &blend, &oof, rep, err)))
		goto done;
	if (o->method != ER_MODEL_SCORECARD) {
		if (!(margin = malloc((n ? n : 1) * sizeof *margin))) {
			rc = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
		/* with validation rows the fit stops on them; else gp.trees is set */
		rc = er_gbdt_train(gx, gy, n, pl.ngb, vgx, vgy, vgx ? nv : 0, &gp, &gb, &rep->gbdt, margin, err);
		if (rc)
			goto done;
		gp.trees = rep->gbdt.best_rounds > 0 ? rep->gbdt.best_rounds : 1;
	}
	if (o->method != ER_MODEL_GBDT) {
		if ((rc = er_scorecard_fit(woe, dy, n, ds.ndes, ds.module, pl.nscmod, o->l2 / (double)n, &fit, err)))
			goto done;
		fitp = &fit;
	}
	if (!folds_choose && (rc = cross_validate(&pl, train, o, fold, &gp, NULL, &blend, &oof, rep, err)))
		goto done;
	if ((rc = fill_model(&pl, &ds, train, o, fitp, o->method != ER_MODEL_SCORECARD ? &gb : NULL, blend, m, err)))
		goto done;
	if ((rc = set_directions(m, &pl, &res, &featcol, err)))
		goto done;
	rc = evaluate_all(m, train, valid, holdout, &pl, featcol, margin, oof, o, rep, err);
	oof = NULL; /* the report holds it */
	if (!rc && o->importance)
		rc = importance(m, train, pl.x, featcol, rep, err);
	if (rc)
		goto done;
	rc = add_summary(m, o, pl.nsc, rep, err);
done:
	if (rc)
		er_model_free(m);
	er_scorecard_fit_free(&fit);
	er_gbdt_free(&gb);
	er_screen_result_free(&res);
	design_free(&ds, pl.nsc);
	plan_free(&pl);
	free(woe), free(dy), free(gx), free(gy), free(vwoe), free(vdy), free(vgx), free(vgy);
	free(featcol), free(margin), free(oof), free(fold), free(gb_sel);
	if (!given)
		er_ensemble_report_free(&local);
	return rc;
}

void
er_ensemble_report_free(struct er_ensemble_report *rep)
{
	if (!rep)
		return;
	struct er_ensemble_eval *evs[] = {&rep->train, &rep->oof, &rep->valid, &rep->holdout, &rep->oot};
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++) {
		free(evs[s]->score);
		free(evs[s]->y);
		evs[s]->score = NULL;
		evs[s]->y = NULL;
	}
	free(rep->importance);
	free(rep->importance_order);
	rep->importance = NULL;
	rep->importance_order = NULL;
}

static const char *
pct(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.2f%%", 100 * v);
	return buf;
}

int
er_ensemble_print_report(FILE *f, const struct er_model *m, const struct er_ensemble_report *rep)
{
	static const char *const names[] = {"train", "oof", "valid", "holdout", "oot"};
	const struct er_ensemble_eval *evs[] = {&rep->train, &rep->oof, &rep->valid, &rep->holdout, &rep->oot};
	char a[32];
	fprintf(f, "method %s, %zu indicators (%zu in the scorecard), %zu modules", er_model_method_name(m->method),
	        m->nfeat, rep->nselected, m->nmod);
	if (m->gbdt.ntrees)
		fprintf(f, ", %zu trees%s", m->gbdt.ntrees, rep->trees_auto ? " (early stopping)" : "");
	if (m->method == ER_MODEL_ENSEMBLE)
		fprintf(f, ", scorecard weight %g", m->blend);
	fputc('\n', f);
	if (m->method != ER_MODEL_SCORECARD)
		fprintf(f, "trees: %zu indicators, %zu constrained rising and %zu falling with the risk\n", rep->ngbdt,
		        rep->nrising, rep->nfalling);
	if (rep->has_oof) {
		fprintf(f, "out-of-fold auc:");
		if (!isnan(rep->oof_auc_scorecard))
			fprintf(f, " scorecard %.4f", rep->oof_auc_scorecard);
		if (!isnan(rep->oof_auc_gbdt))
			fprintf(f, "%s gbdt %.4f", isnan(rep->oof_auc_scorecard) ? "" : ",", rep->oof_auc_gbdt);
		if (!isnan(rep->oof_auc_blend))
			fprintf(f, ", blend %.4f", rep->oof_auc_blend);
		fprintf(f, "; grades and pd from out-of-fold scores\n");
		if (rep->coding_auto && m->method != ER_MODEL_GBDT) {
			fprintf(f, "coding auto, out-of-fold auc of each scorecard:");
			for (int k = 0; k < ER_ENSEMBLE_CANDIDATES; k++)
				if (!isnan(rep->candidate_auc[k]))
					fprintf(f, "%s %s %.4f", k ? ";" : "", er_ensemble_candidate_name(k),
					        rep->candidate_auc[k]);
			fprintf(f, "; taken: %s\n", er_ensemble_candidate_name(rep->chosen));
		}
	} else {
		fprintf(f, "too few rows for every fold: grades from training scores, pd not calibrated\n");
	}
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++) {
		const struct er_ensemble_eval *ev = evs[s];
		if (!ev->present)
			continue;
		fprintf(f, "%-8s rows %zu, bad %zu: auc %.4f, ks %.4f, gini %.4f\n", names[s], ev->m.n, ev->m.bad,
		        ev->m.auc, ev->m.ks, ev->m.gini);
		fprintf(f, "%-8s bad rate by grade:", names[s]);
		for (int g = 0; g < ER_GRADES; g++)
			fprintf(f, " %c %s (%zu)", 'A' + g,
			        pct(a, sizeof a,
			            ev->grade_n[g] ? (double)ev->grade_bad[g] / (double)ev->grade_n[g] : 0),
			        ev->grade_n[g]);
		fputc('\n', f);
		if (s == 0)
			continue;
		/* the training rows' pd is not calibrated on them: only the others are shown */
		fprintf(f, "%-8s calibration, ece %.4f (mean pd/bad rate %% per tenth by pd):", names[s], ev->ece);
		for (int b = 0; b < ER_CALIB_BINS; b++)
			fprintf(f, " %.1f/%.1f", 100 * ev->calib[b].pd, 100 * ev->calib[b].bad_rate);
		fputc('\n', f);
	}
	fprintf(f, "grade cut-offs: A >= %.2f > B >= %.2f > C >= %.2f > D\n", m->cuts[0], m->cuts[1], m->cuts[2]);
	if (m->method != ER_MODEL_GBDT) {
		fprintf(f, "module weights:");
		for (size_t k = 0; k < m->nmod; k++)
			fprintf(f, " %s %.4f", m->mod[k].name, m->mod[k].weight);
		fputc('\n', f);
		fprintf(f, "indicator weights (coefficient on woe, points range):\n");
		for (size_t j = 0; j < m->nfeat; j++) {
			const struct er_model_feature *ft = &m->feat[j];
			if (!ft->in_scorecard)
				continue;
			fprintf(f, "  %-32s %-8s %c %.4f %.1f..%.1f\n", ft->var.name, m->mod[ft->module].name,
			        ft->direction, ft->coef, er_model_worst_points(ft), ft->best_points);
		}
	}
	return ferror(f) ? ER_EIO : 0;
}
