/* screen_html: er-screen's report as one self-contained HTML page: inline CSS and SVG charts,
 * no scripts, no external assets, so it can be mailed or archived as is. */
#include "model/screen.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "lib/html.h"

static void
num(FILE *f, const char *fmt, double v)
{
	if (isnan(v))
		fputs("", f);
	else
		fprintf(f, fmt, v);
}

static void
iv_chart(FILE *f, const struct er_screen_result *res)
{
	double maxiv = 0, w = 420, left = 260, rowh = 18;
	size_t i;

	for (i = 0; i < res->nrows; i++)
		if (res->rows[i].iv > maxiv)
			maxiv = res->rows[i].iv;
	if (maxiv <= 0)
		maxiv = 1;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" "
	        "role=\"img\" aria-label=\"IV by indicator\">\n",
	        left + w + 70, rowh * (double)res->nrows + 10);
	for (i = 0; i < res->nrows; i++) {
		const struct er_screen_row *r = &res->rows[i];
		double y = 5 + rowh * (double)i, bw = w * (r->iv > 0 ? r->iv : 0) / maxiv;

		fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" text-anchor=\"end\" class=\"lab\">", left - 6, y + 12);
		er_html_escape(f, r->name);
		fprintf(f,
		        "</text><rect x=\"%.0f\" y=\"%.1f\" width=\"%.1f\" height=\"%.0f\" class=\"%s\">"
		        "<title>",
		        left, y + 2, bw, rowh - 5, r->selected ? "sel" : "rej");
		er_html_escape(f, r->name);
		fprintf(f, ": IV %.4f%s", r->iv, r->selected ? ", selected" : ", rejected: ");
		er_html_escape(f, r->reason);
		fprintf(f, "</title></rect><text x=\"%.1f\" y=\"%.1f\" class=\"val\">%.4f</text>\n", left + bw + 4,
		        y + 12, r->iv);
	}
	/* the 0.02 rule of thumb, when in range */
	if (0.02 < maxiv) {
		double x = left + w * 0.02 / maxiv;

		fprintf(f, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.0f\" class=\"ref\"/>\n", x, x,
		        rowh * (double)res->nrows + 10);
	}
	fputs("</svg>\n", f);
}

/* WOE bars around a zero line, and the bad rate as a line with points on its own scale. */
static void
woe_chart(FILE *f, const struct er_bin_var *v)
{
	double maxw = 1e-9, maxr = 1e-9, bw = 64, h = 200, top = 20, mid, ch = 160;
	double width = 60 + bw * (double)v->nbins + 60;
	size_t i;

	for (i = 0; i < v->nbins; i++) {
		double n = v->bins[i].good + v->bins[i].bad;

		if (fabs(v->bins[i].woe) > maxw)
			maxw = fabs(v->bins[i].woe);
		if (n > 0 && v->bins[i].bad / n > maxr)
			maxr = v->bins[i].bad / n;
	}
	mid = top + ch / 2;
	fprintf(f,
	        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.0f\" height=\"%.0f\" role=\"img\" "
	        "aria-label=\"WOE and bad rate by bin\">\n",
	        width, h + 70);
	fprintf(f, "<line x1=\"50\" y1=\"%.1f\" x2=\"%.0f\" y2=\"%.1f\" class=\"axis\"/>\n", mid, width - 50, mid);
	fprintf(f, "<text x=\"46\" y=\"%.1f\" text-anchor=\"end\" class=\"val\">WOE 0</text>\n", mid + 4);
	fprintf(f, "<text x=\"46\" y=\"%.1f\" text-anchor=\"end\" class=\"val\">%.2f</text>\n", top + 4, maxw);
	fprintf(f, "<text x=\"46\" y=\"%.1f\" text-anchor=\"end\" class=\"val\">%.2f</text>\n", top + ch + 4, -maxw);
	fprintf(f, "<text x=\"%.0f\" y=\"%.1f\" class=\"rate\">bad rate %.1f%%</text>\n", width - 56, top - 6,
	        100 * maxr);
	for (i = 0; i < v->nbins; i++) {
		const struct er_bin *b = &v->bins[i];
		double x = 60 + bw * (double)i, bh = (ch / 2) * fabs(b->woe) / maxw;
		double n = b->good + b->bad;

		fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.1f\" class=\"%s\"><title>", x + 6,
		        b->woe >= 0 ? mid - bh : mid, bw - 12, bh, b->woe >= 0 ? "pos" : "neg");
		er_html_escape(f, b->label);
		fprintf(f, ": %.0f rows, %.0f bad, WOE %.4f, IV %.4f</title></rect>\n", n, b->bad, b->woe, b->iv);
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"bin\" transform=\"rotate(30 %.1f %.1f)\">", x + bw / 2,
		        top + ch + 16, x + bw / 2, top + ch + 16);
		er_html_escape(f, b->label);
		fputs("</text>\n", f);
	}
	fputs("<polyline class=\"line\" points=\"", f);
	for (i = 0; i < v->nbins; i++) {
		double n = v->bins[i].good + v->bins[i].bad, rate = n > 0 ? v->bins[i].bad / n : 0;

		fprintf(f, "%.1f,%.1f ", 60 + bw * ((double)i + 0.5), top + ch - ch * rate / maxr);
	}
	fputs("\"/>\n", f);
	for (i = 0; i < v->nbins; i++) {
		double n = v->bins[i].good + v->bins[i].bad, rate = n > 0 ? v->bins[i].bad / n : 0;

		fprintf(f,
		        "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" class=\"dot\"><title>bad rate "
		        "%.2f%%</title></circle>\n",
		        60 + bw * ((double)i + 0.5), top + ch - ch * rate / maxr, 100 * rate);
	}
	fputs("</svg>\n", f);
}

int
er_screen_write_html(FILE *f, const struct er_screen_result *res, const char *title)
{
	size_t i, j;

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>er-screen: ", f);
	er_html_escape(f, title);
	fputs("</title>\n<style>\n"
	      "body{font:14px sans-serif;margin:2em;color:#222}\n"
	      "table{border-collapse:collapse;margin:1em 0}\n"
	      "td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}\n"
	      "td:first-child,th:first-child,td.txt{text-align:left}\n"
	      ".lab,.val,.bin,.rate{font:11px sans-serif;fill:#333}\n"
	      ".sel{fill:#2b6cb0}.rej{fill:#bbb}.pos{fill:#c53030}.neg{fill:#2f855a}\n"
	      ".ref{stroke:#e53e3e;stroke-dasharray:4 3}.axis{stroke:#555}\n"
	      ".line{fill:none;stroke:#d69e2e;stroke-width:2}.dot{fill:#d69e2e}.rate{fill:#b7791f}\n"
	      "</style></head><body>\n<h1>Indicator screening: ",
	      f);
	er_html_escape(f, title);
	fprintf(f,
	        "</h1>\n<p>%zu labelled rows, %zu bad (%.2f%%); %zu indicators, %zu selected. "
	        "WOE = ln(bad share / good share): positive is riskier than average.</p>\n",
	        res->nlabelled, res->nbad, res->nlabelled ? 100.0 * (double)res->nbad / (double)res->nlabelled : 0.0,
	        res->nrows, res->nselected);
	fputs("<h2>Information value</h2>\n<p>Blue: selected; grey: rejected; dashed line: IV 0.02.</p>\n", f);
	iv_chart(f, res);
	fputs("<h2>Indicators</h2>\n<table><tr><th>name</th><th>module</th><th>missing</th>"
	      "<th>identical</th><th>bins</th><th>IV</th><th>KS</th><th>AUC</th><th>direction</th>"
	      "<th>expected</th><th>PSI</th><th>selected</th><th>reason</th></tr>\n",
	      f);
	for (i = 0; i < res->nrows; i++) {
		const struct er_screen_row *r = &res->rows[i];

		fputs("<tr><td>", f);
		er_html_escape(f, r->name);
		fputs("</td><td class=\"txt\">", f);
		er_html_escape(f, r->module);
		fputs("</td><td>", f);
		num(f, "%.4f", r->missing_rate);
		fputs("</td><td>", f);
		num(f, "%.4f", r->identical_rate);
		fprintf(f, "</td><td>%zu</td><td>", r->bins.nbins);
		num(f, "%.4f", r->iv);
		fputs("</td><td>", f);
		num(f, "%.4f", r->ks);
		fputs("</td><td>", f);
		num(f, "%.4f", r->auc);
		fprintf(f, "</td><td>%c</td><td>%c</td><td>", r->dir_found, r->dir_expected);
		num(f, "%.4f", r->psi);
		fprintf(f, "</td><td>%s</td><td class=\"txt\">", r->selected ? "yes" : "no");
		er_html_escape(f, r->reason);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n<h2>Selected indicators by bin</h2>\n"
	      "<p>Bars: WOE (red riskier, green safer); line: bad rate.</p>\n",
	      f);
	for (i = 0; i < res->nrows; i++) {
		const struct er_screen_row *r = &res->rows[i];

		if (!r->selected)
			continue;
		fputs("<h3>", f);
		er_html_escape(f, r->name);
		fprintf(f, " (IV %.4f)</h3>\n", r->iv);
		woe_chart(f, &r->bins);
		fputs("<table><tr><th>bin</th><th>count</th><th>good</th><th>bad</th><th>bad rate</th>"
		      "<th>WOE</th><th>bin IV</th></tr>\n",
		      f);
		for (j = 0; j < r->bins.nbins; j++) {
			const struct er_bin *b = &r->bins.bins[j];
			double n = b->good + b->bad;

			fputs("<tr><td>", f);
			er_html_escape(f, b->label);
			fprintf(f,
			        "</td><td>%.0f</td><td>%.0f</td><td>%.0f</td><td>%.4f</td><td>%.4f</td>"
			        "<td>%.4f</td></tr>\n",
			        n, b->good, b->bad, n > 0 ? b->bad / n : 0.0, b->woe, b->iv);
		}
		fputs("</table>\n", f);
	}
	fputs("</body></html>\n", f);
	return ferror(f) ? ER_EIO : 0;
}
