/* eval_html: er-eval's tables and charts on one self-contained HTML page: inline CSS and SVG,
 * no scripts, no external assets, so it can be mailed or archived as is. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/html.h"
#include "lib/svg_chart.h"
#include "model/eval_data.h"
#include "model/psi.h"

/* A number in a table cell, empty for NaN. */
static void
cell(FILE *f, const char *fmt, double v)
{
	fputs("<td>", f);
	if (!isnan(v))
		fprintf(f, fmt, v);
	fputs("</td>", f);
}

/* One ROC curve of RISK against Y, in COLOR, with its legend line at ROW. */
static int
roc_curve(FILE *f, const struct er_svg_chart *c, const double *risk, const unsigned char *y, size_t n,
          const char *color, const char *name, double auc, int row)
{
	struct er_metrics_point *pts;
	size_t npts;
	char err[ER_ERRLEN];
	if (er_metrics_roc(risk, y, n, &pts, &npts, err))
		return ER_ENOMEM;
	fprintf(f, "<polyline fill=\"none\" stroke=\"%s\" stroke-width=\"2\" points=\"", color);
	double lu = -1, lv = -1;
	for (size_t k = 0; k < npts; k++)
		er_svg_chart_point(f, c, pts[k].fpr, pts[k].tpr, &lu, &lv, k + 1 == npts);
	fputs("\"/>\n", f);
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"leg\" style=\"fill:%s\">%s AUC %.4f</text>\n",
	        er_svg_chart_x(c, 0.45), er_svg_chart_y(c, 0.2) + 16.0 * row, color, name, auc);
	free(pts);
	return 0;
}

/* The ROC curve of the labelled rows, and the challenger's on the rows both scored. */
static int
roc_chart(FILE *f, const struct er_eval_data *d, const struct er_eval_compare *cmp)
{
	struct er_svg_chart c = er_svg_chart_default();
	size_t n = d->n ? d->n : 1, k = 0, k2 = 0;
	double *a = malloc(n * sizeof *a), *b = malloc(n * sizeof *b), *b1 = malloc(n * sizeof *b1);
	unsigned char *y = malloc(n), *y2 = malloc(n);
	int st = 0;
	if (!a || !b || !b1 || !y || !y2) {
		st = ER_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < d->n; i++) {
		if (d->y[i] < 0)
			continue;
		a[k] = d->risk[i], y[k++] = (unsigned char)d->y[i];
		if (cmp && !isnan(d->risk2[i]))
			b1[k2] = d->risk[i], b[k2] = d->risk2[i], y2[k2++] = (unsigned char)d->y[i];
	}
	er_svg_chart_open(f, &c, "ROC curve", "ROC", "share of good rows flagged", "share of bad rows flagged");
	er_svg_chart_x_ticks(f, &c, 0, 1, "%.2f");
	er_svg_chart_diagonal(f, &c);
	if (cmp && k2) {
		st = roc_curve(f, &c, b1, y2, k2, "#2b6cb0", "champion", cmp->auc1, 0);
		if (!st)
			st = roc_curve(f, &c, b, y2, k2, "#c53030", "challenger", cmp->auc2, 1);
	} else if (k) {
		double auc = 0;
		struct er_metrics m;
		char err[ER_ERRLEN];
		if (er_metrics_compute(a, y, k, &m, err) == 0)
			auc = m.auc;
		st = roc_curve(f, &c, a, y, k, "#2b6cb0", "score", auc, 0);
	}
	fputs("</svg>\n", f);
out:
	free(a), free(b), free(b1), free(y), free(y2);
	return st;
}

/* Cumulative share of bad rows captured against the share of rows, riskiest first. */
static void
gains_chart(FILE *f, const struct er_eval_group *g)
{
	struct er_svg_chart c = er_svg_chart_default();
	er_svg_chart_open(f, &c, "gains chart", "Gains", "share of rows, riskiest first", "share of bad rows");
	er_svg_chart_x_ticks(f, &c, 0, 1, "%.2f");
	er_svg_chart_diagonal(f, &c);
	fprintf(f, "<polyline class=\"line\" points=\"%.1f,%.1f ", er_svg_chart_x(&c, 0), er_svg_chart_y(&c, 0));
	size_t cum = 0;
	for (size_t k = 0; k < g->ngains; k++) {
		cum += g->gains[k].count;
		fprintf(f, "%.1f,%.1f ", er_svg_chart_x(&c, (double)cum / (double)g->labelled),
		        er_svg_chart_y(&c, isnan(g->gains[k].capture) ? 0 : g->gains[k].capture));
	}
	fputs("\"/>\n</svg>\n", f);
}

/* Bars of N values V (labels LAB[k] or the bar's number) on a 0..max axis. */
static void
bar_chart(FILE *f, const char *title, const char *xlab, const double *v, const char *const *lab, size_t n)
{
	struct er_svg_chart c = er_svg_chart_default();
	double max = 0;
	for (size_t k = 0; k < n; k++)
		if (v[k] > max)
			max = v[k];
	c.yhi = max > 0 ? max : 1;
	c.yfmt = "%.3f";
	er_svg_chart_open(f, &c, title, title, xlab, "bad rate");
	double bw = (er_svg_chart_x(&c, 1) - er_svg_chart_x(&c, 0)) / (double)(n ? n : 1);
	for (size_t k = 0; k < n; k++) {
		double x = er_svg_chart_x(&c, 0) + bw * (double)k, top = er_svg_chart_y(&c, v[k] / c.yhi);
		fprintf(f,
		        "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		        "class=\"bar\"><title>%.4f</title></rect>\n",
		        x + 2, top, bw - 4, er_svg_chart_y(&c, 0) - top, v[k]);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">", x + bw / 2,
		        er_svg_chart_y(&c, 0) + 14);
		if (lab)
			er_html_escape(f, lab[k]);
		else
			fprintf(f, "%zu", k + 1);
		fputs("</text>\n", f);
	}
	fputs("</svg>\n", f);
}

/* Observed bad rate against mean pd per bin; the diagonal is perfect calibration. */
static void
calibration_chart(FILE *f, const struct er_eval_group *g)
{
	struct er_svg_chart c = er_svg_chart_default();
	double max = 0;
	for (size_t k = 0; k < g->ngains; k++)
		max = fmax(max, fmax(g->gains[k].mean_pd, g->gains[k].bad_rate));
	max = max > 0 ? max : 1;
	c.yhi = max;
	c.yfmt = "%.3f";
	er_svg_chart_open(f, &c, "calibration chart", "Calibration", "mean pd", "observed bad rate");
	er_svg_chart_x_ticks(f, &c, 0, max, "%.3f");
	er_svg_chart_diagonal(f, &c);
	for (size_t k = 0; k < g->ngains; k++)
		fprintf(f,
		        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"4\" class=\"dot\"><title>mean pd %.4f, bad rate "
		        "%.4f</title></circle>\n",
		        er_svg_chart_x(&c, g->gains[k].mean_pd / max), er_svg_chart_y(&c, g->gains[k].bad_rate / max),
		        g->gains[k].mean_pd, g->gains[k].bad_rate);
	fputs("</svg>\n", f);
}

static void
metrics_table(FILE *f, const struct er_eval_group *g, size_t ng)
{
	fputs("<table><tr><th>group</th><th>rows</th><th>labelled</th><th>bads</th><th>bad rate</th><th>AUC</th>"
	      "<th>Gini</th><th>KS</th><th>log loss</th><th>Brier</th><th>ECE</th></tr>\n",
	      f);
	for (size_t s = 0; s < ng; s++) {
		fputs("<tr><td>", f);
		er_html_escape(f, g[s].name);
		fprintf(f, "</td><td>%zu</td><td>%zu</td><td>%zu</td>", g[s].rows, g[s].labelled, g[s].bads);
		cell(f, "%.4f", g[s].labelled ? (double)g[s].bads / (double)g[s].labelled : NAN);
		cell(f, "%.4f", g[s].m.auc);
		cell(f, "%.4f", g[s].m.gini);
		cell(f, "%.4f", g[s].m.ks);
		cell(f, "%.4f", g[s].logloss);
		cell(f, "%.4f", g[s].brier);
		cell(f, "%.4f", g[s].ece);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void
deciles_table(FILE *f, const struct er_eval_data *d, const struct er_eval_group *g)
{
	fprintf(f,
	        "<table><tr><th>decile</th><th>rows</th><th>%s from</th><th>to</th><th>bads</th><th>bad rate</th>"
	        "<th>capture</th><th>lift</th><th>cum. lift</th><th>KS</th><th>mean pd</th></tr>\n",
	        d->shown_col);
	for (size_t k = 0; k < g->ngains; k++) {
		const struct er_gains_row *r = &g->gains[k];
		fprintf(f, "<tr><td>%zu</td><td>%zu</td>", k + 1, r->count);
		cell(f, "%.4g", r->min);
		cell(f, "%.4g", r->max);
		fprintf(f, "<td>%zu</td>", r->bads);
		cell(f, "%.4f", r->bad_rate);
		cell(f, "%.4f", r->capture);
		cell(f, "%.3f", r->lift);
		cell(f, "%.3f", r->cum_lift);
		cell(f, "%.4f", r->ks);
		cell(f, "%.4f", r->mean_pd);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* Bad rate by grade, the grades in ORDER (their names' order). */
static int
grades_section(FILE *f, const struct er_eval_data *d, const size_t *order, const struct er_eval_group *g)
{
	size_t n = er_strmap_size(d->grades);
	double *rate = malloc((n ? n : 1) * sizeof *rate);
	const char **lab = malloc((n ? n : 1) * sizeof *lab);
	if (!rate || !lab) {
		free(rate), free(lab);
		return ER_ENOMEM;
	}
	fputs("<h2>Bad rate by grade</h2>\n<table><tr><th>grade</th><th>rows</th><th>bads</th><th>bad rate</th></tr>\n",
	      f);
	for (size_t k = 0; k < n; k++) {
		size_t at = order[k], rn = g->grade_n[at], rb = g->grade_bad[at];
		lab[k] = er_strmap_key(d->grades, at, NULL);
		rate[k] = rn ? (double)rb / (double)rn : 0;
		fputs("<tr><td>", f);
		er_html_escape(f, lab[k]);
		fprintf(f, "</td><td>%zu</td><td>%zu</td>", rn, rb);
		cell(f, "%.4f", rn ? rate[k] : NAN);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	bar_chart(f, "Bad rate by grade", "grade", rate, lab, n);
	free(rate), free(lab);
	return 0;
}

static void
stability_section(FILE *f, const struct er_eval_data *d)
{
	fputs("<h2>Stability</h2>\n<p>PSI below 0.1: stable; 0.1 to 0.25: moderate shift; 0.25 and over: major "
	      "shift.</p>\n<table><tr><th>what</th><th>PSI</th><th>band</th></tr>\n",
	      f);
	if (d->have_psi) {
		fprintf(f, "<tr><td>%s</td>", d->shown_col);
		cell(f, "%.4f", d->psi);
		fprintf(f, "<td class=\"%s\">%s</td></tr>\n", er_psi_band(d->psi), er_psi_band(d->psi));
	}
	for (size_t j = 0; j < d->ncsi; j++) {
		fputs("<tr><td>", f);
		er_html_escape(f, d->csi[j].name);
		fputs("</td>", f);
		cell(f, "%.4f", d->csi[j].csi);
		fprintf(f, "<td class=\"%s\">%s</td></tr>\n", er_psi_band(d->csi[j].csi), er_psi_band(d->csi[j].csi));
	}
	fputs("</table>\n", f);
}

static void
compare_section(FILE *f, const struct er_eval_opts *o, const struct er_eval_data *d, const struct er_eval_compare *c)
{
	fputs("<h2>Champion and challenger</h2>\n<table><tr><th>rows</th><th>AUC champion</th><th>AUC challenger</th>"
	      "<th>difference</th><th>95% CI</th><th>DeLong p</th></tr>\n",
	      f);
	fprintf(f, "<tr><td>%zu</td>", c->rows);
	cell(f, "%.4f", c->auc1);
	cell(f, "%.4f", c->auc2);
	cell(f, "%.4f", c->dl.diff);
	fprintf(f, "<td>%.4f to %.4f</td>", c->dl.lo, c->dl.hi);
	cell(f, "%.4g", c->dl.p);
	fputs("</tr></table>\n", f);
	if (isnan(o->cutoff))
		return;
	fprintf(f,
	        "<p>Swap set at the cut-off %s %s %g: rows each model accepts.</p>\n<table><tr><th></th><th>challenger "
	        "accepts</th><th>challenger rejects</th></tr>\n",
	        d->cut_col, strcmp(d->cut_col, "pd") == 0 ? "&lt;" : "&gt;", o->cutoff);
	for (int a = 1; a >= 0; a--) {
		fprintf(f, "<tr><td>champion %s</td>", a ? "accepts" : "rejects");
		for (int b = 1; b >= 0; b--)
			fprintf(f, "<td>%zu rows, %zu bad</td>", c->swap_n[a][b], c->swap_bad[a][b]);
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The page's body after the title. Returns 0 or ER_ENOMEM. */
static int
body(FILE *f, const struct er_eval_opts *o, const struct er_eval_data *d, const size_t *grade_order,
     const struct er_eval_group *g, size_t ng, const struct er_eval_compare *cmp)
{
	double rate[ER_EVAL_BINS];
	fputs("<h2>Summary</h2>\n", f);
	metrics_table(f, g, ng);
	fputs("<h2>Separation</h2>\n<div class=\"charts\">\n", f);
	if (roc_chart(f, d, cmp))
		return ER_ENOMEM;
	gains_chart(f, &g[0]);
	for (size_t k = 0; k < g[0].ngains; k++)
		rate[k] = g[0].gains[k].bad_rate;
	bar_chart(f, "Bad rate by decile, riskiest first", "decile", rate, NULL, g[0].ngains);
	if (d->pd)
		calibration_chart(f, &g[0]);
	fputs("</div>\n<h2>Lift and gains by decile</h2>\n", f);
	deciles_table(f, d, &g[0]);
	if (d->grades && grades_section(f, d, grade_order, &g[0]))
		return ER_ENOMEM;
	if (d->have_psi || d->ncsi)
		stability_section(f, d);
	if (cmp)
		compare_section(f, o, d, cmp);
	return 0;
}

int
er_eval_write_html(const char *path, const struct er_eval_opts *o, const struct er_eval_data *d,
                   const size_t *grade_order, const struct er_eval_group *g, size_t ng,
                   const struct er_eval_compare *cmp, char *err)
{
	FILE *f = fopen(path, "w");
	if (!f && errno == ENOMEM)
		return er_fail(err, ER_ENOMEM, "out of memory opening '%s'", path);
	if (!f)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>er-eval: ", f);
	er_html_escape(f, o->scores);
	fputs("</title>\n<style>\n"
	      "body{font:14px sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}\n"
	      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}\n"
	      "td:first-child,th:first-child{text-align:left}\n"
	      ".charts svg{margin:0 1em 1em 0}\n"
	      ".ttl{font:bold 12px sans-serif}.tick,.lab,.leg{font:11px sans-serif;fill:#333}\n"
	      ".frame{fill:none;stroke:#555}.ref{stroke:#999;stroke-dasharray:4 3}\n"
	      ".line{fill:none;stroke:#2b6cb0;stroke-width:2}.bar{fill:#2b6cb0}.dot{fill:#d69e2e}\n"
	      ".stable{background:#c6f6d5}.moderate{background:#fefcbf}.major{background:#fed7d7}\n"
	      "</style></head><body>\n<h1>Scores against outcomes: ",
	      f);
	er_html_escape(f, o->scores);
	fputs("</h1>\n", f);
	int st = body(f, o, d, grade_order, g, ng, cmp);
	fputs("</body></html>\n", f);
	int bad = ferror(f), saved = errno;
	if (fclose(f) != 0 || bad) {
		if (!st)
			st = er_fail(err, ER_EIO, "write error '%s': %s", path, strerror(bad ? saved : errno));
	} else if (st) {
		er_fail(err, st, "out of memory writing '%s'", path);
	}
	return st;
}
