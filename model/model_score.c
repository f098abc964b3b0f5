/* model_score: one row through a model: bins and points, trees, blend, grade, reasons. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "model/logit.h"
#include "model/model.h"
#include "lib/num.h"

int
er_model_result_init(const struct er_model *m, struct er_model_result *r)
{
	memset(r, 0, sizeof *r);
	r->module_score = calloc(m->nmod, sizeof *r->module_score);
	r->cost = calloc(m->nfeat, sizeof *r->cost);
	r->contrib = calloc(m->gbdt.ncols ? m->gbdt.ncols : 1, sizeof *r->contrib);
	r->gx = calloc(m->gbdt.ncols ? m->gbdt.ncols : 1, sizeof *r->gx);
	r->x = calloc(m->nfeat, sizeof *r->x);
	r->bin = calloc(m->nfeat ? m->nfeat : 1, sizeof *r->bin);
	int shap = m->gbdt.has_cover && m->gbdt.ntrees, rc = 0;
	if (shap && !(rc = er_treeshap_open(&m->gbdt, ER_MODEL_SHAP_TABLE_MAX, &r->shap)) && !r->shap)
		r->path = malloc(er_treeshap_scratch(&m->gbdt) * sizeof *r->path);
	if (rc || !r->module_score || !r->cost || !r->contrib || !r->gx || !r->x || !r->bin ||
	    (shap && !r->shap && !r->path)) {
		er_model_result_free(r);
		return ER_ENOMEM;
	}
	return 0;
}

void
er_model_result_free(struct er_model_result *r)
{
	if (!r)
		return;
	free(r->module_score);
	free(r->cost);
	free(r->contrib);
	free(r->gx);
	free(r->x);
	free(r->bin);
	free(r->path);
	er_treeshap_free(r->shap);
	memset(r, 0, sizeof *r);
}

/* Keeps the ER_MODEL_REASONS features of highest positive cost, ties to the earlier one. */
static void
pick_reasons(const struct er_model *m, struct er_model_result *r)
{
	r->nreasons = 0;
	for (size_t j = 0; j < m->nfeat; j++) {
		double c = r->cost[j];
		if (!(c > 1e-9))
			continue;
		size_t at = r->nreasons;
		while (at > 0 && r->cost[r->reason[at - 1]] < c)
			at--;
		if (at >= ER_MODEL_REASONS)
			continue;
		size_t last = r->nreasons < ER_MODEL_REASONS ? r->nreasons : ER_MODEL_REASONS - 1;
		for (size_t k = last; k > at; k--)
			r->reason[k] = r->reason[k - 1];
		r->reason[at] = j;
		if (r->nreasons < ER_MODEL_REASONS)
			r->nreasons++;
	}
}

void
er_model_score(const struct er_model *m, const char *const *text, const size_t *len, int want_detail,
               struct er_model_result *r)
{
	size_t not_number = 0;
	for (size_t j = 0; j < m->nfeat; j++) {
		r->x[j] = NAN;
		int parsed = m->feat[j].var.type == ER_BIN_NUMERIC && len[j] ? er_num_parse(text[j], len[j], &r->x[j])
									     : ER_NUM_OK;
		if (parsed != ER_NUM_OK) {
			r->x[j] = NAN;
			not_number += parsed != ER_NUM_EMPTY; /* blanks only are missing, not a typo */
		}
	}
	er_model_score_values(m, r->x, text, len, want_detail, r);
	r->not_number = not_number;
}

double
er_model_pd(const struct er_model *m, double score)
{
	return m->calib.n ? er_calib_pd(&m->calib, score) : er_logit_sigmoid(er_scaling_eta(&m->scaling, score));
}

void
er_model_score_values(const struct er_model *m, const double *xs, const char *const *text, const size_t *len,
                      int want_detail, struct er_model_result *r)
{
	const double w = m->blend;
	const double B = m->scaling.factor;
	double sc = m->sc_base_points;
	r->unseen = r->not_number = 0;
	if (want_detail)
		for (size_t k = 0; k < m->nmod; k++)
			r->module_score[k] = w * m->mod[k].base_points;
	for (size_t j = 0; j < m->nfeat; j++) {
		const struct er_model_feature *f = &m->feat[j];
		double x = xs[j];
		size_t bin = 0;
		int unseen = 0;
		if (f->var.type == ER_BIN_NUMERIC) {
			if (f->fast_ranges && !isnan(x)) {
				/* the hot case: the last range bin whose lower edge is <= x, as
				 * er_bin_find_num finds it, without its scan for special bins; a
				 * branch-free count, as a handful of edges makes a search mispredict */
				for (size_t k = 1; k < f->fast_ranges; k++)
					bin += f->var.bins[k].lo <= x;
			} else if (f->var.nbins)
				bin = er_bin_find_num(&f->var, x, &unseen);
		} else {
			bin = er_bin_find_cat(&f->var, text[j], len[j], &unseen);
		}
		r->unseen += (size_t)unseen;
		if (want_detail)
			r->bin[j] = bin;
		if (f->in_scorecard) {
			sc += f->points[bin];
			if (want_detail) {
				r->module_score[f->module] += w * f->module_points[bin];
				r->cost[j] = w * (f->best_points - f->points[bin]);
			}
		} else if (want_detail) {
			r->cost[j] = 0;
		}
		if (f->gbdt_col >= 0)
			r->gx[f->gbdt_col] =
				f->var.type == ER_BIN_NUMERIC ? er_gbdt_input(x) : (float)f->var.bins[bin].woe;
	}
	double score = sc;
	if (m->gbdt.ntrees) {
		double bias = 0, margin;
		if (!want_detail)
			margin = er_gbdt_margin(&m->gbdt, r->gx);
		else if (r->shap || r->path) {
			margin = er_gbdt_margin(&m->gbdt, r->gx);
			bias = r->shap ? er_treeshap_row(r->shap, &m->gbdt, r->gx, r->contrib)
				       : er_treeshap_walk(&m->gbdt, r->gx, r->contrib, r->path);
		} else {
			margin = er_gbdt_margin_contrib(&m->gbdt, r->gx, r->contrib, &bias);
		}
		r->bias = bias;
		double gb = er_scaling_score(&m->scaling, margin);
		score = w * sc + (1 - w) * gb;
		if (want_detail) {
			/* Module sub-scores of the trees: the score with only that module's
			 * contributions moved away from the average enterprise. */
			for (size_t k = 0; k < m->nmod; k++) {
				double eta = bias;
				for (size_t j = 0; j < m->nfeat; j++)
					if (m->feat[j].module == k && m->feat[j].gbdt_col >= 0)
						eta += r->contrib[m->feat[j].gbdt_col];
				r->module_score[k] += (1 - w) * er_scaling_score(&m->scaling, eta);
			}
			for (size_t j = 0; j < m->nfeat; j++)
				if (m->feat[j].gbdt_col >= 0)
					r->cost[j] += (1 - w) * B * r->contrib[m->feat[j].gbdt_col];
		}
	}
	r->score = score;
	r->pd = er_model_pd(m, score);
	r->grade = er_model_grade(m, score);
	if (want_detail)
		pick_reasons(m, r);
}

double
er_model_mean_points(const struct er_model_feature *f)
{
	if (!f->in_scorecard)
		return 0;
	double n = 0, sum = 0;
	for (size_t k = 0; k < f->var.nbins; k++) {
		double c = f->var.bins[k].good + f->var.bins[k].bad;
		n += c;
		sum += c * f->points[k];
	}
	return n > 0 ? sum / n : 0;
}
