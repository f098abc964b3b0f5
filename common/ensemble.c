/* ensemble: from a loaded feature table to a model file's contents. */
#include "ensemble.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "hash.h"
#include "logit.h"
#include "num.h"

#define BLEND_STEPS 20

void er_ensemble_opts_init(struct er_ensemble_opts *o)
{
	memset(o, 0, sizeof *o);
	o->method = ER_MODEL_ENSEMBLE;
	er_screen_opts_init(&o->screen);
	o->l2 = 0.001;
	char err[ER_ERRLEN];
	er_scaling_init(&o->scaling, 600, 1.0 / 19, 50, err);
	er_gbdt_params_init(&o->gbdt);
	o->folds = 5;
	for (int g = 0; g < ER_GRADES; g++)
		o->shares[g] = 1.0 / ER_GRADES;
	o->id_col = "id";
}

/* Everything training needs about the columns, indexed by data column. */
struct plan {
	size_t n, p;
	double **x;                        /* numeric copies of TRAIN's columns (NULL: categorical) */
	const struct er_bin_var **bins;    /* each column's bins */
	int *selected;
	int *used;                         /* a model feature */
	int *in_sc;
	size_t *module;                    /* index into modnames */
	char **modnames;
	size_t nmod;
	size_t nsc, ngb;                   /* scorecard and tree columns */
	size_t *sc_cols, *gb_cols;         /* data columns of each */
	size_t *sc_module;                 /* scorecard module index per scorecard column */
	size_t *mod_to_sc;                 /* module -> scorecard module, (size_t)-1 if none */
	size_t nscmod;
};

static void plan_free(struct plan *pl)
{
	if (pl->x)
		for (size_t j = 0; j < pl->p; j++)
			free(pl->x[j]);
	free(pl->x);
	free(pl->bins);
	free(pl->selected);
	free(pl->used);
	free(pl->in_sc);
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

/* Per data set and categorical column: dictionary code -> bin. */
static size_t *dict_bins(const struct er_screen_col *c, const struct er_bin_var *v)
{
	size_t *map = malloc((c->ndict ? c->ndict : 1) * sizeof *map);
	if (!map)
		return NULL;
	for (size_t k = 0; k < c->ndict; k++)
		map[k] = er_bin_find_cat(v, c->dict[k], strlen(c->dict[k]), NULL);
	return map;
}

/* The value of data column J at row I: number (X, NaN = missing) or bin of a category. */
static size_t bin_at(const struct er_screen_data *d, double *const *x, const struct plan *pl,
                     size_t *const *dmap, size_t j, size_t i)
{
	const struct er_screen_col *c = &d->cols[j];
	if (c->categorical) {
		unsigned code = c->code[i];
		return code == (unsigned)-1 ? er_bin_find_cat(pl->bins[j], "", 0, NULL) : dmap[j][code];
	}
	return er_bin_find_num(pl->bins[j], x[j][i], NULL);
}

/* WOE matrix (rows x scorecard columns) and tree matrix (rows x tree columns) of D. */
static int matrices(const struct er_screen_data *d, double *const *x, const struct plan *pl,
                    double **woe, float **gx, float **gy, double **dy, char *err)
{
	size_t n = d->nrows;
	size_t **dmap = calloc(pl->p, sizeof *dmap);
	*woe = malloc((n * pl->nsc + 1) * sizeof **woe);
	*gx = malloc((n * pl->ngb + 1) * sizeof **gx);
	*gy = malloc((n ? n : 1) * sizeof **gy);
	*dy = malloc((n ? n : 1) * sizeof **dy);
	int ok = dmap && *woe && *gx && *gy && *dy;
	for (size_t j = 0; ok && j < pl->p; j++)
		if (d->cols[j].categorical && pl->used[j] && !(dmap[j] = dict_bins(&d->cols[j], pl->bins[j])))
			ok = 0;
	if (ok) {
		for (size_t i = 0; i < n; i++) {
			(*gy)[i] = d->y[i];
			(*dy)[i] = d->y[i];
			for (size_t k = 0; k < pl->nsc; k++) {
				size_t j = pl->sc_cols[k];
				(*woe)[i * pl->nsc + k] = pl->bins[j]->bins[bin_at(d, x, pl, dmap, j, i)].woe;
			}
			for (size_t k = 0; k < pl->ngb; k++) {
				size_t j = pl->gb_cols[k];
				(*gx)[i * pl->ngb + k] = d->cols[j].categorical
				    ? (float)pl->bins[j]->bins[bin_at(d, x, pl, dmap, j, i)].woe
				    : (float)x[j][i];
			}
		}
	}
	for (size_t j = 0; dmap && j < pl->p; j++)
		free(dmap[j]);
	free(dmap);
	if (!ok) {
		free(*woe), free(*gx), free(*gy), free(*dy);
		*woe = NULL, *gx = NULL, *gy = NULL, *dy = NULL;
		return er_fail(err, ER_ENOMEM, "out of memory preparing the training matrices");
	}
	return 0;
}

static int build_plan(struct er_screen_data *d, const struct er_screen_result *res,
                      const struct er_ensemble_opts *o, struct plan *pl, char *err)
{
	size_t p = d->ncols;
	pl->p = p;
	pl->n = d->nrows;
	pl->bins = calloc(p ? p : 1, sizeof *pl->bins);
	pl->selected = calloc(p ? p : 1, sizeof *pl->selected);
	pl->used = calloc(p ? p : 1, sizeof *pl->used);
	pl->in_sc = calloc(p ? p : 1, sizeof *pl->in_sc);
	pl->module = calloc(p ? p : 1, sizeof *pl->module);
	pl->modnames = calloc(p ? p : 1, sizeof *pl->modnames);
	pl->sc_cols = calloc(p ? p : 1, sizeof *pl->sc_cols);
	pl->gb_cols = calloc(p ? p : 1, sizeof *pl->gb_cols);
	pl->sc_module = calloc(p ? p : 1, sizeof *pl->sc_module);
	pl->mod_to_sc = calloc(p ? p : 1, sizeof *pl->mod_to_sc);
	if (!pl->bins || !pl->selected || !pl->used || !pl->in_sc || !pl->module || !pl->modnames ||
	    !pl->sc_cols || !pl->gb_cols || !pl->sc_module || !pl->mod_to_sc)
		return er_fail(err, ER_ENOMEM, "out of memory planning the model");
	const char **modname = calloc(p ? p : 1, sizeof *modname);
	if (!modname)
		return er_fail(err, ER_ENOMEM, "out of memory planning the model");
	for (size_t k = 0; k < res->nrows; k++) {
		const struct er_screen_row *row = &res->rows[k];
		size_t j = row->col;
		pl->bins[j] = &row->bins;
		pl->selected[j] = row->selected;
		modname[j] = row->module[0] ? row->module : "all";
		if (o->bins) {
			const struct er_bin_var *v = er_bin_lookup(o->bins, o->nbins, d->cols[j].name);
			if (v && (v->type == ER_BIN_CATEGORICAL) != (d->cols[j].categorical != 0)) {
				free(modname);
				return er_fail(err, ER_EUSAGE, "binning of '%s' is %s but the column is not",
				               v->name, v->type == ER_BIN_CATEGORICAL ? "categorical" : "numeric");
			}
			if (v && v->nbins)
				pl->bins[j] = v;
		}
	}
	if (o->selected) {
		memset(pl->selected, 0, p * sizeof *pl->selected);
		for (size_t s = 0; s < o->nselected; s++) {
			size_t j = 0;
			while (j < p && strcmp(d->cols[j].name, o->selected[s]) != 0)
				j++;
			if (j == p) {
				free(modname);
				return er_fail(err, ER_EUSAGE, "selected indicator '%s' is not a column of the input",
				               o->selected[s]);
			}
			pl->selected[j] = 1;
		}
	}
	int rc = 0;
	for (size_t j = 0; j < p && !rc; j++) {
		pl->in_sc[j] = o->method != ER_MODEL_GBDT && pl->selected[j];
		pl->used[j] = pl->in_sc[j] || o->method != ER_MODEL_SCORECARD;
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
		if (o->method != ER_MODEL_SCORECARD)
			pl->gb_cols[pl->ngb++] = j;
	}
	free(modname);
	if (rc)
		return rc;
	if (o->method != ER_MODEL_GBDT && pl->nsc == 0)
		return er_fail(err, ER_EUSAGE, "no indicator was selected for the scorecard");
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

/* Rows of matrix A (row width W) where FOLD[i] == K (IN 1) or != K (IN 0), copied into B. */
static size_t take_rows(const void *a, size_t w, size_t elem, size_t n, const unsigned *fold, unsigned k,
                        int in, void *b)
{
	size_t m = 0;
	for (size_t i = 0; i < n; i++)
		if ((fold[i] == k) == (in != 0)) {
			memcpy((char *)b + m * w * elem, (const char *)a + i * w * elem, w * elem);
			m++;
		}
	return m;
}

static int cross_validate(const struct plan *pl, const struct er_ensemble_opts *o, char *const *ids,
                          const double *woe, const float *gx, const float *gy, const double *dy,
                          int trees, double *blend, struct er_ensemble_report *rep, char *err)
{
	size_t n = pl->n, K = (size_t)o->folds;
	unsigned *fold = malloc(n * sizeof *fold);
	double *oof_sc = malloc(n * sizeof *oof_sc), *oof_gb = malloc(n * sizeof *oof_gb);
	double *mix = malloc(n * sizeof *mix);
	double *fw = malloc((n * pl->nsc + 1) * sizeof *fw);
	double *fy = malloc(n * sizeof *fy);
	float *fx = malloc((n * pl->ngb + 1) * sizeof *fx);
	float *fgy = malloc(n * sizeof *fgy);
	unsigned char *yb = malloc(n);
	int rc = 0;
	if (!fold || !oof_sc || !oof_gb || !mix || !fw || !fy || !fx || !fgy || !yb) {
		rc = er_fail(err, ER_ENOMEM, "out of memory cross-validating");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		fold[i] = (unsigned)(er_hash64(ids[i], strlen(ids[i])) % K);
		yb[i] = dy[i] != 0;
	}
	struct er_gbdt_params gp = o->gbdt;
	gp.trees = trees;
	for (unsigned k = 0; k < K && !rc; k++) {
		size_t m = take_rows(woe, pl->nsc, sizeof *woe, n, fold, k, 0, fw);
		take_rows(dy, 1, sizeof *dy, n, fold, k, 0, fy);
		if (m == 0 || m == n)
			continue;
		struct er_scorecard_fit fit;
		rc = er_scorecard_fit(fw, fy, m, pl->nsc, pl->sc_module, pl->nscmod, o->l2, &fit, err);
		if (rc)
			break;
		take_rows(gx, pl->ngb, sizeof *gx, n, fold, k, 0, fx);
		take_rows(gy, 1, sizeof *gy, n, fold, k, 0, fgy);
		struct er_gbdt g;
		rc = er_gbdt_train(fx, fgy, m, pl->ngb, NULL, NULL, 0, &gp, &g, NULL, err);
		if (rc) {
			er_scorecard_fit_free(&fit);
			break;
		}
		for (size_t i = 0; i < n; i++)
			if (fold[i] == k) {
				oof_sc[i] = er_scorecard_eta(&fit, pl->sc_module, woe + i * pl->nsc);
				oof_gb[i] = er_gbdt_margin(&g, gx + i * pl->ngb);
			}
		er_scorecard_fit_free(&fit);
		er_gbdt_free(&g);
	}
	if (rc)
		goto done;
	/* From w = 1 down, so a tie keeps the simpler, more scorecard-like blend. */
	double best_auc = -1;
	struct er_metrics mt;
	for (int s = BLEND_STEPS; s >= 0; s--) {
		double w = (double)s / BLEND_STEPS;
		for (size_t i = 0; i < n; i++)
			mix[i] = w * oof_sc[i] + (1 - w) * oof_gb[i];
		if ((rc = er_metrics_compute(mix, yb, n, &mt, err)))
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
	rep->oof_auc_blend = best_auc;
	rep->has_oof = 1;
done:
	free(fold), free(oof_sc), free(oof_gb), free(mix), free(fw), free(fy), free(fx), free(fgy), free(yb);
	return rc;
}

/* Scores every row of D (numbers from X) into SCORE. Returns 0 or ER_ENOMEM. */
static int score_rows(const struct er_model *m, const struct er_screen_data *d, double *const *x,
                      const size_t *featcol, double *score, char *err)
{
	struct er_model_result r;
	const char **text = calloc(m->nfeat ? m->nfeat : 1, sizeof *text);
	size_t *len = calloc(m->nfeat ? m->nfeat : 1, sizeof *len);
	double *xv = calloc(m->nfeat ? m->nfeat : 1, sizeof *xv);
	if (!text || !len || !xv || er_model_result_init(m, &r)) {
		free(text), free(len), free(xv);
		return er_fail(err, ER_ENOMEM, "out of memory scoring the training rows");
	}
	for (size_t i = 0; i < d->nrows; i++) {
		for (size_t j = 0; j < m->nfeat; j++) {
			const struct er_screen_col *c = &d->cols[featcol[j]];
			if (c->categorical) {
				unsigned code = c->code[i];
				text[j] = code == (unsigned)-1 ? "" : c->dict[code];
				len[j] = strlen(text[j]);
				xv[j] = NAN;
			} else {
				xv[j] = x[featcol[j]][i];
			}
		}
		er_model_score_values(m, xv, text, len, 0, &r);
		score[i] = r.score;
	}
	er_model_result_free(&r);
	free(text), free(len), free(xv);
	return 0;
}

/* Metrics (score negated: higher score is safer) and bad rate per grade. With CUTS_FROM
 * (shares) the cut-offs are set from these scores first. */
static int evaluate(struct er_model *m, const struct er_screen_data *d, double *const *x,
                    const size_t *featcol, struct er_ensemble_eval *ev, const double *cuts_from, char *err)
{
	size_t n = d->nrows;
	double *score = malloc((n ? n : 1) * sizeof *score);
	double *risk = malloc((n ? n : 1) * sizeof *risk);
	if (!score || !risk) {
		free(score), free(risk);
		return er_fail(err, ER_ENOMEM, "out of memory evaluating the model");
	}
	int rc = score_rows(m, d, x, featcol, score, err);
	if (!rc && cuts_from)
		rc = er_grade_cuts_from_shares(score, n, cuts_from, m->cuts, err);
	if (!rc) {
		for (size_t i = 0; i < n; i++)
			risk[i] = -score[i];
		rc = er_metrics_compute(risk, d->y, n, &ev->m, err);
	}
	if (!rc) {
		ev->present = 1;
		memset(ev->grade_n, 0, sizeof ev->grade_n);
		memset(ev->grade_bad, 0, sizeof ev->grade_bad);
		for (size_t i = 0; i < n; i++) {
			int g = er_grade_of(m->cuts, score[i]);
			ev->grade_n[g]++;
			ev->grade_bad[g] += d->y[i];
		}
	}
	free(risk);
	free(score);
	return rc;
}

static int fill_model(const struct plan *pl, const struct er_screen_data *d, const struct er_ensemble_opts *o,
                      const struct er_scorecard_fit *fit, struct er_gbdt *gb, double blend,
                      struct er_model *m, char *err)
{
	const double B = o->scaling.factor, A = o->scaling.offset;
	m->method = o->method;
	m->scaling = o->scaling;
	m->blend = blend;
	m->id_col = strdup(o->id_col);
	m->mod = calloc(pl->nmod ? pl->nmod : 1, sizeof *m->mod);
	m->feat = calloc(pl->p ? pl->p : 1, sizeof *m->feat);
	if (!m->id_col || !m->mod || !m->feat)
		return er_fail(err, ER_ENOMEM, "out of memory building the model");
	m->nmod = pl->nmod;
	double nbad = 0;
	for (size_t i = 0; i < d->nrows; i++)
		nbad += d->y[i];
	double prior = log(nbad / ((double)d->nrows - nbad));
	double sc_eta0 = fit ? fit->intercept : 0;
	for (size_t k = 0; k < pl->nmod; k++) {
		struct er_model_module *mo = &m->mod[k];
		mo->name = strdup(pl->modnames[k]);
		if (!mo->name)
			return er_fail(err, ER_ENOMEM, "out of memory building the model");
		size_t s = pl->mod_to_sc[k];
		if (fit && s != (size_t)-1) {
			mo->intercept = fit->mod_intercept[s];
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
		if (o->method != ER_MODEL_SCORECARD)
			f->gbdt_col = (long)gb_at++;
		f->var.name = strdup(d->cols[j].name);
		f->var.type = d->cols[j].categorical ? ER_BIN_CATEGORICAL : ER_BIN_NUMERIC;
		if (!f->var.name)
			return er_fail(err, ER_ENOMEM, "out of memory building the model");
		f->direction = '?';
		int need_bins = f->in_scorecard || f->var.type == ER_BIN_CATEGORICAL;
		size_t nb = need_bins ? v->nbins : 0;
		f->var.nbins = nb;
		f->var.bins = calloc(nb ? nb : 1, sizeof *f->var.bins);
		f->points = calloc(nb ? nb : 1, sizeof *f->points);
		f->module_points = calloc(nb ? nb : 1, sizeof *f->module_points);
		if (!f->var.bins || !f->points || !f->module_points)
			return er_fail(err, ER_ENOMEM, "out of memory building the model");
		double coef = 0, weight = 0;
		if (f->in_scorecard) {
			coef = fit->coef[sc_at++];
			weight = m->mod[f->module].weight;
		}
		f->coef = coef;
		for (size_t k = 0; k < nb; k++) {
			const struct er_bin *src = &v->bins[k];
			struct er_bin *b = &f->var.bins[k];
			b->kind = src->kind;
			b->lo = src->lo;
			b->hi = src->hi;
			b->good = src->good;
			b->bad = src->bad;
			b->woe = src->woe;
			b->iv = src->iv;
			b->label = strdup(src->label ? src->label : "");
			if (!b->label)
				return er_fail(err, ER_ENOMEM, "out of memory building the model");
			if (src->ncats) {
				b->cats = calloc(src->ncats, sizeof *b->cats);
				if (!b->cats)
					return er_fail(err, ER_ENOMEM, "out of memory building the model");
				b->ncats = src->ncats;
				for (size_t c = 0; c < src->ncats; c++)
					if (!(b->cats[c] = strdup(src->cats[c])))
						return er_fail(err, ER_ENOMEM, "out of memory building the model");
			}
			f->var.good += b->good;
			f->var.bad += b->bad;
			f->points[k] = -B * weight * coef * b->woe;
			f->module_points[k] = -B * coef * b->woe;
		}
		f->var.iv = v->iv;
		if (nb && er_bin_index(&f->var))
			return er_fail(err, ER_ENOMEM, "out of memory building the model");
	}
	if (gb) {
		m->gbdt = *gb;
		memset(gb, 0, sizeof *gb);
	}
	er_model_set_best_points(m);
	return 0;
}

static int add_num(struct er_model *m, const char *key, double v)
{
	char buf[ER_NUM_BUFLEN];
	er_num_format(buf, v);
	return er_model_add_summary(m, key, buf);
}

static int add_eval(struct er_model *m, const char *set, const struct er_ensemble_eval *ev)
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

int er_ensemble_train(struct er_screen_data *train, char *const *ids,
                      const struct er_screen_data *valid, const struct er_screen_data *holdout,
                      const struct er_ensemble_opts *o, struct er_model *m,
                      struct er_ensemble_report *rep, char *err)
{
	struct er_ensemble_report local;
	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof *rep);
	memset(m, 0, sizeof *m);
	size_t n = train->nrows, p = train->ncols, bad = 0;
	for (size_t i = 0; i < n; i++)
		bad += train->y[i];
	if (bad == 0 || bad == n)
		return er_fail(err, ER_EDATA, "training needs both bad and good rows (%zu rows, %zu bad)", n, bad);
	if (o->folds < 2 && o->method == ER_MODEL_ENSEMBLE)
		return er_fail(err, ER_EUSAGE, "at least 2 folds are needed");
	struct plan pl = {0};
	struct er_screen_result res = {0};
	struct er_scorecard_fit fit = {0}, *fitp = NULL;
	struct er_gbdt gb = {0};
	double *woe = NULL, *dy = NULL, *vwoe = NULL, *vdy = NULL;
	float *gx = NULL, *gy = NULL, *vgx = NULL, *vgy = NULL;
	size_t *featcol = NULL;
	int rc = 0;

	/* The binning frees the numbers; the trees and WOE coding need them afterwards. */
	pl.x = calloc(p ? p : 1, sizeof *pl.x);
	if (!pl.x) {
		rc = er_fail(err, ER_ENOMEM, "out of memory copying the training table");
		goto done;
	}
	pl.p = p;
	for (size_t j = 0; j < p; j++)
		if (!train->cols[j].categorical) {
			pl.x[j] = malloc((n ? n : 1) * sizeof *pl.x[j]);
			if (!pl.x[j]) {
				rc = er_fail(err, ER_ENOMEM, "out of memory copying the training table");
				goto done;
			}
			memcpy(pl.x[j], train->cols[j].x, n * sizeof *pl.x[j]);
		}
	if ((rc = er_screen_run(train, NULL, &o->screen, &res, err)))
		goto done;
	if ((rc = build_plan(train, &res, o, &pl, err)))
		goto done;
	rep->nselected = pl.nsc;
	if ((rc = matrices(train, pl.x, &pl, &woe, &gx, &gy, &dy, err)))
		goto done;
	size_t nv = valid ? valid->nrows : 0;
	if (nv && o->method != ER_MODEL_SCORECARD) {
		double *const *vx = NULL;
		double **tmp = calloc(p ? p : 1, sizeof *tmp);
		if (!tmp) {
			rc = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t j = 0; j < p; j++)
			tmp[j] = valid->cols[j].x;
		vx = tmp;
		rc = matrices(valid, vx, &pl, &vwoe, &vgx, &vgy, &vdy, err);
		free(tmp);
		if (rc)
			goto done;
	}
	if (o->method != ER_MODEL_SCORECARD) {
		rc = er_gbdt_train(gx, gy, n, pl.ngb, vgx, vgy, vgx ? nv : 0, &o->gbdt, &gb, &rep->gbdt, err);
		if (rc)
			goto done;
	}
	if (o->method != ER_MODEL_GBDT) {
		if ((rc = er_scorecard_fit(woe, dy, n, pl.nsc, pl.sc_module, pl.nscmod, o->l2, &fit, err)))
			goto done;
		fitp = &fit;
	}
	double blend = o->method == ER_MODEL_SCORECARD ? 1 : 0;
	if (o->method == ER_MODEL_ENSEMBLE &&
	    (rc = cross_validate(&pl, o, ids, woe, gx, gy, dy, rep->gbdt.best_rounds, &blend, rep, err)))
		goto done;
	if ((rc = fill_model(&pl, train, o, fitp, o->method != ER_MODEL_SCORECARD ? &gb : NULL, blend, m, err)))
		goto done;
	featcol = calloc(m->nfeat ? m->nfeat : 1, sizeof *featcol);
	if (!featcol) {
		rc = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t j = 0, k = 0; j < p; j++)
		if (pl.used[j])
			featcol[k++] = j;
	/* Directions: expected (catalogue, --directions) or found in training. */
	for (size_t k = 0; k < res.nrows; k++) {
		const struct er_screen_row *row = &res.rows[k];
		for (size_t f = 0; f < m->nfeat; f++)
			if (featcol[f] == row->col) {
				char d = row->dir_expected == '+' || row->dir_expected == '-' ? row->dir_expected : row->dir_found;
				m->feat[f].direction = d == '+' || d == '-' ? d : '?';
			}
	}
	/* The training scores set the cut-offs (unless given), then every evaluation. */
	memcpy(m->cuts, o->cuts, sizeof m->cuts);
	if ((rc = evaluate(m, train, pl.x, featcol, &rep->train, o->cuts_given ? NULL : o->shares, err)))
		goto done;
	double **tmp = calloc(p ? p : 1, sizeof *tmp);
	if (!tmp) {
		rc = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	for (int set = 0; set < 2 && !rc; set++) {
		const struct er_screen_data *d = set == 0 ? valid : holdout;
		if (!d || d->nrows == 0)
			continue;
		for (size_t j = 0; j < p; j++)
			tmp[j] = d->cols[j].x;
		rc = evaluate(m, d, tmp, featcol, set == 0 ? &rep->valid : &rep->holdout, NULL, err);
	}
	free(tmp);
	if (rc)
		goto done;
	/* The summary: what was trained on and how well it did (no times: the file must be
	 * the same for the same data and options). */
	rc |= add_eval(m, "train", &rep->train);
	rc |= add_eval(m, "valid", &rep->valid);
	rc |= add_eval(m, "holdout", &rep->holdout);
	rc |= add_num(m, "scorecard_indicators", (double)pl.nsc);
	if (o->method != ER_MODEL_SCORECARD) {
		rc |= add_num(m, "gbdt_rounds", rep->gbdt.rounds);
		rc |= add_num(m, "gbdt_trees", rep->gbdt.best_rounds);
	}
	if (rep->has_oof) {
		rc |= add_num(m, "oof_auc_scorecard", rep->oof_auc_scorecard);
		rc |= add_num(m, "oof_auc_gbdt", rep->oof_auc_gbdt);
		rc |= add_num(m, "oof_auc_blend", rep->oof_auc_blend);
	}
	if (rc)
		rc = er_fail(err, ER_ENOMEM, "out of memory writing the summary");
done:
	if (rc)
		er_model_free(m);
	er_scorecard_fit_free(&fit);
	er_gbdt_free(&gb);
	er_screen_result_free(&res);
	plan_free(&pl);
	free(woe), free(dy), free(gx), free(gy), free(vwoe), free(vdy), free(vgx), free(vgy);
	free(featcol);
	return rc;
}

static const char *pct(char *buf, size_t size, double v)
{
	snprintf(buf, size, "%.2f%%", 100 * v);
	return buf;
}

int er_ensemble_print_report(FILE *f, const struct er_model *m, const struct er_ensemble_report *rep)
{
	static const char *const names[] = {"train", "valid", "holdout"};
	const struct er_ensemble_eval *evs[] = {&rep->train, &rep->valid, &rep->holdout};
	char a[32];
	fprintf(f, "method %s, %zu indicators (%zu in the scorecard), %zu modules", er_model_method_name(m->method),
	        m->nfeat, rep->nselected, m->nmod);
	if (m->gbdt.ntrees)
		fprintf(f, ", %zu trees", m->gbdt.ntrees);
	if (m->method == ER_MODEL_ENSEMBLE)
		fprintf(f, ", scorecard weight %g", m->blend);
	fputc('\n', f);
	if (rep->has_oof)
		fprintf(f, "out-of-fold auc: scorecard %.4f, gbdt %.4f, blend %.4f\n", rep->oof_auc_scorecard,
		        rep->oof_auc_gbdt, rep->oof_auc_blend);
	for (int s = 0; s < 3; s++) {
		const struct er_ensemble_eval *ev = evs[s];
		if (!ev->present)
			continue;
		fprintf(f, "%-8s rows %zu, bad %zu: auc %.4f, ks %.4f, gini %.4f\n", names[s], ev->m.n, ev->m.bad,
		        ev->m.auc, ev->m.ks, ev->m.gini);
		fprintf(f, "%-8s bad rate by grade:", names[s]);
		for (int g = 0; g < ER_GRADES; g++)
			fprintf(f, " %c %s (%zu)", 'A' + g,
			        pct(a, sizeof a, ev->grade_n[g] ? (double)ev->grade_bad[g] / (double)ev->grade_n[g] : 0),
			        ev->grade_n[g]);
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
			double lo = ft->best_points;
			for (size_t k = 0; k < ft->var.nbins; k++)
				if (ft->points[k] < lo)
					lo = ft->points[k];
			fprintf(f, "  %-32s %-8s %c %.4f %.1f..%.1f\n", ft->var.name, m->mod[ft->module].name,
			        ft->direction, ft->coef, lo, ft->best_points);
		}
	}
	return ferror(f) ? ER_EIO : 0;
}
