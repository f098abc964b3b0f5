/* ensemble_html: er-train's report as one self-contained HTML page: inline CSS and SVG charts,
 * no scripts, no external assets, so it can be mailed or archived as is. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model/ensemble.h"
#include "lib/err.h"
#include "lib/html.h"

#define HIST_BINS 30
#define CHART_W 420.0
#define CHART_H 300.0
#define PAD_L 50.0
#define PAD_B 40.0
#define PAD_T 20.0
#define PAD_R 20.0

static const char *const set_names[ER_ENSEMBLE_SETS] = {"train", "oof", "valid", "holdout", "oot"};
static const char *const set_colors[ER_ENSEMBLE_SETS] = {"#2b6cb0", "#805ad5", "#d69e2e", "#c53030", "#6b46c1"};

/* Chart coordinates of a point (u, v) in [0,1] x [0,1] of the plot area. */
static double
px(double u)
{
	return PAD_L + u * (CHART_W - PAD_L - PAD_R);
}

static double
py(double v)
{
	return CHART_H - PAD_B - v * (CHART_H - PAD_B - PAD_T);
}

/* The opening tag (no namespace URL: inline SVG in HTML needs none, and the page holds no
 * address at all), axes, and ticks 0..TOP on the vertical axis. */
static void
chart_open_to(FILE *f, const char *label, const char *name, const char *xlab, const char *ylab, double top)
{
	fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"", CHART_W, CHART_H);
	er_html_escape(f, label);
	fprintf(f, "\">\n<text x=\"%.1f\" y=\"12\" class=\"ttl\">", px(0));
	er_html_escape(f, name);
	fputs("</text>\n", f);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n", px(0), py(1),
	        px(1) - px(0), py(0) - py(1));
	for (int t = 0; t <= 4; t++) {
		double v = t / 4.0;
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%.2f</text>\n", px(0) - 4,
		        py(v) + 4, v * top);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"lab\">", (px(0) + px(1)) / 2,
	        CHART_H - 6);
	er_html_escape(f, xlab);
	fprintf(f,
	        "</text>\n<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" class=\"lab\" "
	        "transform=\"rotate(-90 12 %.1f)\">",
	        (py(0) + py(1)) / 2, (py(0) + py(1)) / 2);
	er_html_escape(f, ylab);
	fputs("</text>\n", f);
}

/* chart_open_to with the vertical axis 0..1. */
static void
chart_open(FILE *f, const char *label, const char *name, const char *xlab, const char *ylab)
{
	chart_open_to(f, label, name, xlab, ylab, 1);
}

/* Ticks under the horizontal axis for values LO..HI. */
static void
x_ticks(FILE *f, double lo, double hi, const char *fmt)
{
	for (int t = 0; t <= 4; t++) {
		double u = t / 4.0;
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">", px(u), py(0) + 14);
		fprintf(f, fmt, lo + u * (hi - lo));
		fputs("</text>\n", f);
	}
}

/* Appends (U, V) to a polyline unless it is within a fraction of a pixel of the last point
 * kept; long curves stay small this way. */
static void
poly_point(FILE *f, double u, double v, double *lu, double *lv, int last)
{
	if (!last && fabs(u - *lu) < 0.002 && fabs(v - *lv) < 0.002)
		return;
	fprintf(f, "%.1f,%.1f ", px(u), py(v));
	*lu = u;
	*lv = v;
}

/* The ROC points of EV's scores (riskier = lower score). Returns 0 or ER_ENOMEM. */
static int
roc_of(const struct er_ensemble_eval *ev, struct er_metrics_point **pts, size_t *npts)
{
	char err[ER_ERRLEN];
	size_t n = ev->m.n;
	double *risk = malloc((n ? n : 1) * sizeof *risk);
	if (!risk)
		return ER_ENOMEM;
	for (size_t i = 0; i < n; i++)
		risk[i] = -ev->score[i];
	int rc = er_metrics_roc(risk, ev->y, n, pts, npts, err);
	free(risk);
	return rc;
}

static int
roc_chart(FILE *f, const struct er_ensemble_eval *const *evs)
{
	chart_open(f, "ROC curves", "", "share of good rows flagged (false positive rate)",
	           "share of bad rows flagged");
	x_ticks(f, 0, 1, "%.2f");
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"ref\"/>\n", px(0), py(0), px(1),
	        py(1));
	int row = 0;
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++) {
		const struct er_ensemble_eval *ev = evs[s];
		if (!ev->present || isnan(ev->m.auc))
			continue;
		struct er_metrics_point *pts;
		size_t npts;
		if (roc_of(ev, &pts, &npts))
			return ER_ENOMEM;
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", set_colors[s]);
		double lu = -1, lv = -1;
		for (size_t k = 0; k < npts; k++)
			poly_point(f, pts[k].fpr, pts[k].tpr, &lu, &lv, k + 1 == npts);
		fputs("\"/>\n", f);
		free(pts);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg\" style=\"fill:%s\">%s AUC %.4f</text>\n", px(0.45),
		        py(0.2) + 16.0 * row, set_colors[s], set_names[s], ev->m.auc);
		row++;
	}
	fputs("</svg>\n", f);
	return 0;
}

/* Cumulative shares of bad and good rows at or below each score, and the KS gap. */
static int
ks_chart(FILE *f, const struct er_ensemble_eval *ev, const char *name)
{
	struct er_metrics_point *pts;
	size_t npts;
	if (roc_of(ev, &pts, &npts))
		return ER_ENOMEM;
	/* pts[0] is the (0,0) start at +inf risk; the rest run from the lowest score up. */
	double lo = npts > 1 ? -pts[1].score : 0, hi = npts > 1 ? -pts[npts - 1].score : 1;
	if (!(hi > lo))
		hi = lo + 1;
	char label[64];
	snprintf(label, sizeof label, "KS chart, %s", name);
	chart_open(f, label, name, "score (rows at or below it flagged)", "cumulative share");
	x_ticks(f, lo, hi, "%.0f");
	for (int cls = 0; cls < 2; cls++) {
		fprintf(f, "<polyline fill=\"none\" class=\"%s\" points=\"", cls ? "good" : "bad");
		double lu = -1, lv = -1;
		for (size_t k = 1; k < npts; k++) {
			double u = (-pts[k].score - lo) / (hi - lo);
			poly_point(f, u, cls ? pts[k].fpr : pts[k].tpr, &lu, &lv, k + 1 == npts);
		}
		fputs("\"/>\n", f);
	}
	/* the KS gap, at the first group where it is reached */
	if (!isnan(ev->m.ks)) {
		for (size_t k = 1; k < npts; k++) {
			if (pts[k].score != ev->m.ks_score)
				continue;
			double u = (-pts[k].score - lo) / (hi - lo);
			fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"gap\"/>\n", px(u),
			        py(pts[k].tpr), px(u), py(pts[k].fpr));
			fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg\">KS %.4f at score %.1f</text>\n", px(0.5),
			        py(0.08), ev->m.ks, -pts[k].score);
			break;
		}
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg bad\">bad rows</text>\n", px(0.04), py(0.92));
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg good\">good rows</text>\n", px(0.04), py(0.84));
	fputs("</svg>\n", f);
	free(pts);
	return 0;
}

/* Share of each class's rows per score band over LO..HI, with the grade cut-offs. */
static void
dist_chart(FILE *f, const struct er_model *m, const struct er_ensemble_eval *ev, const char *name, double lo, double hi)
{
	double cnt[2][HIST_BINS] = {{0}};
	double tot[2] = {0, 0}, peak = 0;
	for (size_t i = 0; i < ev->m.n; i++) {
		int b = (int)((ev->score[i] - lo) / (hi - lo) * HIST_BINS);
		b = b < 0 ? 0 : b >= HIST_BINS ? HIST_BINS - 1 : b;
		cnt[ev->y[i] != 0][b]++;
		tot[ev->y[i] != 0]++;
	}
	for (int c = 0; c < 2; c++)
		for (int b = 0; b < HIST_BINS; b++) {
			cnt[c][b] = tot[c] > 0 ? cnt[c][b] / tot[c] : 0;
			if (cnt[c][b] > peak)
				peak = cnt[c][b];
		}
	if (!(peak > 0))
		peak = 1;
	char label[64];
	snprintf(label, sizeof label, "score distribution, %s", name);
	fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"%s\">\n", CHART_W, CHART_H, label);
	fprintf(f, "<text x=\"%.1f\" y=\"12\" class=\"ttl\">%s</text>\n", px(0), name);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n", px(0), py(1),
	        px(1) - px(0), py(0) - py(1));
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">%.1f%%</text>\n", px(0) - 4,
	        py(1) + 4, 100 * peak);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">0</text>\n", px(0) - 4, py(0) + 4);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"lab\">score</text>\n",
	        (px(0) + px(1)) / 2, CHART_H - 6);
	x_ticks(f, lo, hi, "%.0f");
	double bw = 1.0 / HIST_BINS;
	for (int c = 0; c < 2; c++)
		for (int b = 0; b < HIST_BINS; b++) {
			if (cnt[c][b] <= 0)
				continue;
			double u = b * bw, v = cnt[c][b] / peak;
			fprintf(f,
			        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"%s\"><title>"
			        "%s %.0f..%.0f: %.2f%% of %s rows</title></rect>\n",
			        px(u), py(v), px(u + bw) - px(u), py(0) - py(v), c ? "hbad" : "hgood", name,
			        lo + u * (hi - lo), lo + (u + bw) * (hi - lo), 100 * cnt[c][b], c ? "bad" : "good");
		}
	for (int g = 0; g < ER_GRADES - 1; g++) {
		double u = (m->cuts[g] - lo) / (hi - lo);
		if (!(u > 0 && u < 1))
			continue;
		fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"cut\"/>\n", px(u), py(1),
		        px(u), py(0));
		/* worse grade on the left, at lower scores */
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%c|%c</text>\n", px(u) - 8,
		        py(1) + 12 + 12.0 * g, 'A' + g + 1, 'A' + g);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg bad\">bad rows</text>\n", px(0.04), py(0.92));
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg good\">good rows</text>\n", px(0.04), py(0.84));
	fputs("</svg>\n", f);
}

static void
metrics_table(FILE *f, const struct er_ensemble_eval *const *evs)
{
	fputs("<table><tr><th>data set</th><th>rows</th><th>bad</th><th>bad rate</th><th>AUC</th><th>KS</th>"
	      "<th>Gini</th></tr>\n",
	      f);
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++) {
		const struct er_ensemble_eval *ev = evs[s];
		if (!ev->present)
			continue;
		fprintf(f,
		        "<tr><td>%s</td><td>%zu</td><td>%zu</td><td>%.2f%%</td><td>%.4f</td><td>%.4f</td>"
		        "<td>%.4f</td></tr>\n",
		        set_names[s], ev->m.n, ev->m.bad, ev->m.n ? 100.0 * (double)ev->m.bad / (double)ev->m.n : 0.0,
		        ev->m.auc, ev->m.ks, ev->m.gini);
	}
	fputs("</table>\n", f);
}

static void
grade_table(FILE *f, const struct er_model *m, const struct er_ensemble_eval *const *evs)
{
	fputs("<table><tr><th>grade</th><th>score</th>", f);
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++)
		if (evs[s]->present)
			fprintf(f, "<th>%s rows</th><th>%s bad rate</th>", set_names[s], set_names[s]);
	fputs("</tr>\n", f);
	for (int g = 0; g < ER_GRADES; g++) {
		fprintf(f, "<tr><td>%c</td><td>", 'A' + g);
		if (g == 0)
			fprintf(f, "&gt;= %.2f", m->cuts[0]);
		else if (g == ER_GRADES - 1)
			fprintf(f, "&lt; %.2f", m->cuts[g - 1]);
		else
			fprintf(f, "%.2f .. %.2f", m->cuts[g], m->cuts[g - 1]);
		fputs("</td>", f);
		for (int s = 0; s < ER_ENSEMBLE_SETS; s++) {
			const struct er_ensemble_eval *ev = evs[s];
			if (!ev->present)
				continue;
			double rate = ev->grade_n[g] ? (double)ev->grade_bad[g] / (double)ev->grade_n[g] : 0;
			fprintf(f, "<td>%zu</td><td>%.2f%%</td>", ev->grade_n[g], 100 * rate);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The calibration of every set but the training rows: a table of mean pd and bad rate per
 * tenth of the rows by pd with the ECE, and a chart of one against the other. */
static void
calib_section(FILE *f, const struct er_ensemble_eval *const *evs)
{
	int any = 0;
	for (int s = 1; s < ER_ENSEMBLE_SETS; s++)
		any |= evs[s]->present;
	if (!any)
		return;
	fputs("<h2>Calibration</h2>\n<p>Rows sorted by pd and cut into ten groups of equal count: the mean pd "
	      "against the observed bad rate of each group (in %); ECE, the expected calibration error, is "
	      "the row-weighted mean gap.</p>\n<table><tr><th>tenth</th>",
	      f);
	for (int s = 1; s < ER_ENSEMBLE_SETS; s++)
		if (evs[s]->present)
			fprintf(f, "<th>%s pd</th><th>%s bad rate</th>", set_names[s], set_names[s]);
	fputs("</tr>\n", f);
	for (int b = 0; b < ER_CALIB_BINS; b++) {
		fprintf(f, "<tr><td>%d</td>", b + 1);
		for (int s = 1; s < ER_ENSEMBLE_SETS; s++)
			if (evs[s]->present)
				fprintf(f, "<td>%.2f</td><td>%.2f</td>", 100 * evs[s]->calib[b].pd,
				        100 * evs[s]->calib[b].bad_rate);
		fputs("</tr>\n", f);
	}
	fputs("<tr><td>ECE</td>", f);
	for (int s = 1; s < ER_ENSEMBLE_SETS; s++)
		if (evs[s]->present)
			fprintf(f, "<td colspan=\"2\">%.4f</td>", evs[s]->ece);
	fputs("</tr>\n</table>\n", f);
	/* both axes to the largest pd or rate seen, so the low groups are not squeezed */
	double top = 0;
	for (int s = 1; s < ER_ENSEMBLE_SETS; s++)
		for (int b = 0; evs[s]->present && b < ER_CALIB_BINS; b++) {
			if (evs[s]->calib[b].pd > top)
				top = evs[s]->calib[b].pd;
			if (evs[s]->calib[b].bad_rate > top)
				top = evs[s]->calib[b].bad_rate;
		}
	top = top > 0 ? top : 1;
	chart_open_to(f, "calibration chart", "Observed bad rate against mean pd", "mean pd", "observed bad rate", top);
	x_ticks(f, 0, top, "%.2f");
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"ref\"/>\n", px(0), py(0), px(1),
	        py(1));
	int row = 0;
	for (int s = 1; s < ER_ENSEMBLE_SETS; s++) {
		if (!evs[s]->present)
			continue;
		fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", set_colors[s]);
		for (int b = 0; b < ER_CALIB_BINS; b++)
			fprintf(f, "%s%.1f,%.1f", b ? " " : "", px(evs[s]->calib[b].pd / top),
			        py(evs[s]->calib[b].bad_rate / top));
		fputs("\"/>\n", f);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg\" fill=\"%s\">%s ece %.4f</text>\n", px(0.55),
		        py(0.2) + 16.0 * row++, set_colors[s], set_names[s], evs[s]->ece);
	}
	fputs("</svg>\n", f);
}

static void
weight_tables(FILE *f, const struct er_model *m)
{
	fputs("<h2>Module weights</h2>\n<p>Each module's sub-model gives its log-odds of bad; the scorecard "
	      "weighs them by these weights.</p>\n<table><tr><th>module</th><th>weight</th><th>intercept</th>"
	      "<th>base points</th></tr>\n",
	      f);
	for (size_t k = 0; k < m->nmod; k++) {
		fputs("<tr><td>", f);
		er_html_escape(f, m->mod[k].name);
		fprintf(f, "</td><td>%.4f</td><td>%.4f</td><td>%.1f</td></tr>\n", m->mod[k].weight, m->mod[k].intercept,
		        m->mod[k].base_points);
	}
	fputs("</table>\n<h2>Indicator weights</h2>\n<p>Coefficient on WOE in the module's sub-model (with bin "
	      "steps, the slope of its bins' log-odds on their WOE), and the points its bins earn (the range, "
	      "lowest to highest).</p>\n<table><tr><th>indicator</th>"
	      "<th>module</th><th>direction</th><th>IV</th><th>bins</th><th>coefficient</th><th>points</th>"
	      "</tr>\n",
	      f);
	for (size_t j = 0; j < m->nfeat; j++) {
		const struct er_model_feature *ft = &m->feat[j];
		if (!ft->in_scorecard)
			continue;
		fputs("<tr><td>", f);
		er_html_escape(f, ft->var.name);
		fputs("</td><td>", f);
		er_html_escape(f, m->mod[ft->module].name);
		fprintf(f, "</td><td>%c</td><td>%.4f</td><td>%zu</td><td>%.4f</td><td>%.1f .. %.1f</td></tr>\n",
		        ft->direction, ft->var.iv, ft->var.nbins, ft->coef, er_model_worst_points(ft), ft->best_points);
	}
	fputs("</table>\n", f);
}

static void
importance_table(FILE *f, const struct er_model *m, const struct er_ensemble_report *rep)
{
	fprintf(f,
	        "<h2>Indicator importance</h2>\n<p>Mean over the training rows of the absolute change each "
	        "indicator makes to the score, in points, against the average row: %s.</p>\n"
	        "<table><tr><th>rank</th><th>indicator</th><th>mean |%s|</th></tr>\n",
	        m->method == ER_MODEL_SCORECARD ? "the points of its bin less its mean points"
	                : m->method == ER_MODEL_GBDT
	                ? "its exact TreeSHAP contribution to the trees' log-odds times B"
	                : "the blend of the points of its bin less its mean points (scorecard weight) and its "
	                  "exact TreeSHAP contribution times B (trees' weight)",
	        m->method == ER_MODEL_SCORECARD ? "points deviation" : "SHAP");
	for (size_t k = 0; k < m->nfeat; k++) {
		size_t j = rep->importance_order[k];
		fprintf(f, "<tr><td>%zu</td><td>", k + 1);
		er_html_escape(f, m->feat[j].var.name);
		fprintf(f, "</td><td>%.2f</td></tr>\n", rep->importance[j]);
	}
	fputs("</table>\n", f);
}

int
er_ensemble_write_html(FILE *f, const struct er_model *m, const struct er_ensemble_report *rep, const char *title)
{
	const struct er_ensemble_eval *evs[ER_ENSEMBLE_SETS] = {&rep->train, &rep->oof, &rep->valid, &rep->holdout,
	                                                        &rep->oot};
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>er-train: ", f);
	er_html_escape(f, title);
	fputs("</title>\n<style>\n"
	      "body{font:14px sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}\n"
	      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}\n"
	      "td:first-child,th:first-child{text-align:left}\n"
	      "svg{margin:0 1em 1em 0}\n"
	      ".tick,.lab,.leg{font:11px sans-serif;fill:#333}.ttl{font:bold 12px sans-serif;fill:#222}\n"
	      ".frame{fill:none;stroke:#999}.ref{stroke:#999;stroke-dasharray:4 3}\n"
	      ".bad{stroke:#c53030;stroke-width:2}.good{stroke:#2f855a;stroke-width:2}\n"
	      "text.bad{fill:#c53030;stroke:none}text.good{fill:#2f855a;stroke:none}\n"
	      ".gap{stroke:#333;stroke-dasharray:3 2}.cut{stroke:#555;stroke-dasharray:2 3}\n"
	      ".hbad{fill:#c53030;fill-opacity:0.45}.hgood{fill:#2f855a;fill-opacity:0.45}\n"
	      "</style></head><body>\n<h1>Risk model: ",
	      f);
	er_html_escape(f, title);
	fprintf(f, "</h1>\n<p>Method %s: %zu indicators (%zu in the scorecard), %zu modules",
	        er_model_method_name(m->method), m->nfeat, rep->nselected, m->nmod);
	if (m->gbdt.ntrees)
		fprintf(f, ", %zu trees%s (%zu indicators, %zu constrained rising and %zu falling with the risk)",
		        m->gbdt.ntrees, rep->trees_auto ? " chosen by early stopping" : "", rep->ngbdt, rep->nrising,
		        rep->nfalling);
	if (m->method == ER_MODEL_ENSEMBLE)
		fprintf(f, ", scorecard weight %g in the blend", m->blend);
	fprintf(f,
	        ". Score = %.4f - %.4f &times; ln(odds of bad): %g points at odds %g, %g points to double "
	        "the odds.</p>\n",
	        m->scaling.offset, m->scaling.factor, m->scaling.base_points, m->scaling.base_odds, m->scaling.pdo);
	if (rep->has_oof) {
		fputs("<p>Out-of-fold AUC:", f);
		if (!isnan(rep->oof_auc_scorecard))
			fprintf(f, " scorecard %.4f", rep->oof_auc_scorecard);
		if (!isnan(rep->oof_auc_gbdt))
			fprintf(f, "%s trees %.4f", isnan(rep->oof_auc_scorecard) ? "" : ",", rep->oof_auc_gbdt);
		if (!isnan(rep->oof_auc_blend))
			fprintf(f, ", blend %.4f", rep->oof_auc_blend);
		fputs(". The out-of-fold scores (oof) set the grades and the pd calibration.</p>\n", f);
	} else {
		fputs("<p>Too few rows for every fold: grades from the training scores, pd not calibrated.</p>\n", f);
	}
	fputs("<h2>Discrimination</h2>\n", f);
	metrics_table(f, evs);
	if (roc_chart(f, evs))
		return ER_ENOMEM;
	fputs("<h2>KS</h2>\n<p>Rows ranked from the lowest score (riskiest): the cumulative share of bad and "
	      "of good rows flagged; KS is the widest gap.</p>\n",
	      f);
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++)
		if (evs[s]->present && !isnan(evs[s]->m.ks) && ks_chart(f, evs[s], set_names[s]))
			return ER_ENOMEM;
	/* one score range for every data set, so their charts compare */
	double lo = INFINITY, hi = -INFINITY;
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++)
		for (size_t i = 0; evs[s]->present && i < evs[s]->m.n; i++) {
			if (evs[s]->score[i] < lo)
				lo = evs[s]->score[i];
			if (evs[s]->score[i] > hi)
				hi = evs[s]->score[i];
		}
	if (!(hi > lo)) {
		lo = isfinite(lo) ? lo - 1 : 0;
		hi = lo + 2;
	}
	fputs("<h2>Score distribution</h2>\n<p>Share of the good and of the bad rows in each score band; "
	      "dotted lines: grade cut-offs.</p>\n",
	      f);
	for (int s = 0; s < ER_ENSEMBLE_SETS; s++)
		if (evs[s]->present)
			dist_chart(f, m, evs[s], set_names[s], lo, hi);
	fputs("<h2>Bad rate by grade</h2>\n", f);
	grade_table(f, m, evs);
	calib_section(f, evs);
	if (m->method != ER_MODEL_GBDT)
		weight_tables(f, m);
	if (rep->importance)
		importance_table(f, m, rep);
	fputs("</body></html>\n", f);
	return ferror(f) ? ER_EIO : 0;
}
