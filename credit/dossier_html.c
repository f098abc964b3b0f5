/* dossier_html: er-dossier's page: one self-contained HTML file (inline SVG, no script,
 * nothing fetched) that prints on A4. Texts from the tables (names, addresses) are marked
 * lang="zh-Hans" and the fonts fall back through the usual CJK faces. */
#include "credit/dossier.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "lib/err.h"
#include "lib/html.h"
#include "lib/svg_chart.h"
#include "features/feat_catalogue.h"

static const char css[] =
	"body{font:13px/1.4 'Noto Sans','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',"
	"'WenQuanYi Micro Hei',sans-serif;margin:1.5em;color:#222;max-width:760px}\n"
	"h1{font-size:20px;margin:0 0 .2em}h2{font-size:16px;border-bottom:2px solid #2b6cb0;margin:1.2em 0 .4em}\n"
	"table{border-collapse:collapse;margin:.4em 0}td,th{border:1px solid #ccc;padding:1px 5px;text-align:left;"
	"vertical-align:top}td.n,th.n{text-align:right}\n"
	".summary{border:2px solid #2b6cb0;padding:.5em 1em;background:#f5f9ff}.note{color:#555}\n"
	".empty{border:2px dashed #c53030;padding:.5em 1em;color:#9b2c2c}\n"
	".grade{font-size:22px;font-weight:bold}.fail{color:#c53030}.warn{color:#b7791f}\n"
	".ttl{font:bold 12px sans-serif}.tick,.lab,.leg{font:11px sans-serif;fill:#333}\n"
	".frame{fill:none;stroke:#555}.band{fill:#bee3f8;stroke:none}.median{fill:none;stroke:#2c5282;"
	"stroke-dasharray:5 3}\n"
	".total{fill:none;stroke:#c53030;stroke-width:2.5}.acct{fill:none;stroke:#dd6b20;stroke-width:1}\n"
	".mark{stroke:#6b46c1;stroke-dasharray:2 2}.marklab{font:10px sans-serif;fill:#6b46c1}\n"
	".due{fill:#a0aec0}.paid{fill:#38a169}.late{fill:none;stroke:#c53030;stroke-width:2}\n"
	".recent{fill:none;stroke:#c53030;stroke-width:2}.before{fill:none;stroke:#2c5282;stroke-dasharray:5 3}\n"
	".score{fill:none;stroke:#2b6cb0;stroke-width:2}.dot{fill:#2b6cb0}\n"
	"@page{size:A4;margin:12mm}\n"
	"@media print{body{margin:0;font-size:10pt;max-width:none}h2{break-after:avoid}"
	"svg,table,.summary{break-inside:avoid}}\n";

/* Text from the tables: a Chinese name reads with Chinese glyphs (lang) and stays escaped. */
static void
zh(FILE *f, const char *s)
{
	fputs("<span lang=\"zh-Hans\">", f);
	er_html_escape(f, s ? s : "");
	fputs("</span>", f);
}

static void
month_text(FILE *f, int mi)
{
	char buf[16];
	er_date_format_month(buf, mi);
	fputs(buf, f);
}

static void
day_text(FILE *f, er_day day)
{
	char buf[16];
	er_date_format(buf, day);
	fputs(buf, f);
}

static void
num(FILE *f, double v, int decimals)
{
	if (isnan(v))
		return;
	fprintf(f, "%.*f", decimals, v);
}

/* The total use of month M (0..35), or -1 with no reading in it. */
static double
total(const struct er_dossier *d, int m)
{
	double t = -1;
	for (size_t k = 0; k < d->nacc; k++)
		if (d->has[k * ER_DOSSIER_MONTHS + (size_t)m])
			t = (t < 0 ? 0 : t) + d->kwh[k * ER_DOSSIER_MONTHS + (size_t)m];
	return t;
}

/* 1 when month M has an industry band to draw: peers, and quartiles that are numbers. */
static int
banded(const struct er_dossier *d, int m)
{
	return d->industry_n[m] && isfinite(d->industry_q[m][0]) && isfinite(d->industry_q[m][2]);
}

static const char *
reason_words(const char *name)
{
	const struct er_feat_def *def = er_feat_lookup(name);
	return def ? def->definition : name;
}

static void
summary(FILE *f, const struct er_dossier *d)
{
	fputs("<div class=\"summary\">\n<p>", f);
	const struct er_dossier_score *last = d->nscores ? &d->scores[d->nscores - 1] : NULL;
	if (d->has_row) {
		fprintf(f, "Grade <span class=\"grade\">%c</span> (score %.1f, pd %.4f)", d->grade, d->score, d->pd);
	} else if (last) {
		fputs("Grade <span class=\"grade\">", f);
		er_html_escape(f, last->grade);
		fprintf(f, "</span> (score %.1f on ", last->score);
		day_text(f, last->date);
		fputs(", alert history)", f);
	} else
		fputs("No score: give --model and --features, or --alerts-history", f);
	if (last && *last->level) {
		fputs("; alert level <b>", f);
		er_html_escape(f, last->level);
		fputs("</b> on ", f);
		day_text(f, last->date);
	}
	if (d->level)
		fprintf(f, "; rules: %s", *d->level ? d->level : "no rule hit");
	fputs(".</p>\n", f);
	if (d->nreasons) {
		fputs("<p>The three strongest reasons (indicators costing the most points):</p><ol>\n", f);
		for (size_t i = 0; i < d->nreasons; i++) {
			fputs("<li><b>", f);
			er_html_escape(f, d->reasons[i]);
			fputs("</b>: ", f);
			er_html_escape(f, reason_words(d->reasons[i]));
			const struct er_feat_def *def = er_feat_lookup(d->reasons[i]);
			if (def) {
				fputs(" (", f);
				zh(f, def->name_zh);
				fputs(")", f);
			}
			for (size_t p = 0; p < d->npoints; p++)
				if (strcmp(d->points[p].name, d->reasons[i]) == 0) {
					fputs(": value ", f);
					er_html_escape(f, *d->points[p].value ? d->points[p].value : "(empty)");
					fprintf(f, ", %.1f points below the best",
					        d->points[p].best - d->points[p].points);
				}
			fputs("</li>\n", f);
		}
		fputs("</ol>\n", f);
	}
	/* a few facts in words, from the series below */
	double now = 0, before = 0;
	int nn = 0, nb = 0;
	for (int m = ER_DOSSIER_MONTHS - 12; m < ER_DOSSIER_MONTHS; m++) {
		double t = total(d, m), u = total(d, m - 12);
		if (t >= 0)
			now += t, nn++;
		if (u >= 0)
			before += u, nb++;
	}
	fputs("<p>", f);
	if (!d->nacc)
		fputs("No utility account carries its credit code: it is known from its loan application only. ", f);
	if (nn && nb && before > 0)
		fprintf(f, "Electricity use in the last 12 months: %.0f kWh, %+.0f%% on the 12 before. ", now,
		        100 * (now - before) / before);
	double arrears = 0;
	for (size_t i = 0; i < d->nbills; i++)
		if (i + 1 == d->nbills || d->bills[i + 1].acct != d->bills[i].acct)
			arrears += d->bills[i].arrears;
	if (d->nbills)
		fprintf(f, "Arrears: %.2f. ", arrears);
	size_t theft = 0, insp = 0;
	for (size_t i = 0; i < d->ntimeline; i++)
		if (strcmp(d->timeline[i].source, "inspection") == 0) {
			insp++;
			theft += strcmp(d->timeline[i].type, "theft") == 0 ||
				strcmp(d->timeline[i].type, "violation") == 0;
		}
	fprintf(f, "Inspections: %zu, %zu of them finding theft or a violation. ", insp, theft);
	fprintf(f, "Enterprises sharing a phone, address or legal representative: %zu.</p>\n</div>\n", d->nlinks);
}

/* An applicant without an account: what its latest application says it is. */
static void
applicant(FILE *f, const struct er_dossier *d)
{
	fputs("<p class=\"empty\">No utility account carries this credit code: the enterprise is known from its "
	      "loan applications only.</p>\n",
	      f);
	if (!d->loan)
		return;
	fputs("<table><tr><th>name</th><th>legal rep.</th><th>phone</th><th>address</th><th>application</th>"
	      "<th>applied</th><th class=\"n\">amount</th></tr>\n<tr>",
	      f);
	static const int cols[] = {ER_LOANS_NAME,   ER_LOANS_LEGAL_REP,  ER_LOANS_PHONE, ER_LOANS_ADDRESS,
	                           ER_LOANS_APP_ID, ER_LOANS_APPLY_DATE, ER_LOANS_AMOUNT};
	for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
		fputs(cols[c] == ER_LOANS_AMOUNT ? "<td class=\"n\">" : "<td>", f);
		zh(f, d->loan[cols[c]]);
		fputs("</td>", f);
	}
	fputs("</tr>\n</table>\n", f);
}

static void
who(FILE *f, const struct er_dossier *d)
{
	fputs("<h2>Who it is</h2>\n", f);
	if (!d->nacc)
		applicant(f, d);
	else
		fputs("<table><tr><th>account</th><th>name</th><th>legal rep.</th><th>phone</th>"
		      "<th>address</th><th>industry</th><th class=\"n\">kVA</th><th>opened</th><th>status</th></tr>\n",
		      f);
	static const int cols[] = {ER_ACCOUNTS_ACCOUNT_ID,   ER_ACCOUNTS_NAME,      ER_ACCOUNTS_LEGAL_REP,
	                           ER_ACCOUNTS_PHONE,        ER_ACCOUNTS_ADDRESS,   ER_ACCOUNTS_INDUSTRY,
	                           ER_ACCOUNTS_CONTRACT_KVA, ER_ACCOUNTS_OPEN_DATE, ER_ACCOUNTS_STATUS};
	for (size_t k = 0; k < d->nacc; k++) {
		fputs("<tr>", f);
		for (size_t c = 0; c < sizeof cols / sizeof cols[0]; c++) {
			fputs(cols[c] == ER_ACCOUNTS_CONTRACT_KVA ? "<td class=\"n\">" : "<td>", f);
			zh(f, d->acc[k][cols[c]]);
			fputs("</td>", f);
		}
		fputs("</tr>\n", f);
	}
	if (d->nacc)
		fputs("</table>\n", f);
	if (d->loan && d->nacc) {
		fputs("<p>Loan application ", f);
		er_html_escape(f, d->loan[ER_LOANS_APP_ID]);
		fputs(" of ", f);
		er_html_escape(f, d->loan[ER_LOANS_APPLY_DATE]);
		if (*d->loan[ER_LOANS_AMOUNT]) {
			fputs(", amount ", f);
			er_html_escape(f, d->loan[ER_LOANS_AMOUNT]);
		}
		fputs(".</p>\n", f);
	} else if (!d->loan)
		fputs("<p class=\"note\">No loan application up to the as-of date.</p>\n", f);
	if (d->nchecks) {
		fputs("<table><tr><th>identity check</th><th>accounts</th><th>loan "
		      "application</th><th>result</th></tr>\n",
		      f);
		for (size_t i = 0; i < d->nchecks; i++) {
			const struct er_dossier_check *c = &d->checks[i];
			fputs("<tr><td>", f);
			er_html_escape(f, c->what);
			fputs("</td><td>", f);
			zh(f, c->account);
			fputs("</td><td>", f);
			zh(f, c->loan ? c->loan : "");
			/* a differing detail, a wrong check character, a code no account carries */
			fprintf(f, "</td><td class=\"%s\">",
			        strncmp(c->result, "differs", 7) == 0 || strstr(c->result, "wrong") ||
			                        strstr(c->result, "uscc_match")
			                ? "fail"
			                : "");
			er_html_escape(f, c->result);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	if (!d->nlinks) {
		fputs("<p>No other enterprise shares its phone, address or legal representative.</p>\n", f);
		return;
	}
	fputs("<p>Other enterprises sharing a detail:</p>\n<table><tr><th>shared</th><th>credit code</th><th>name</th>"
	      "<th>account</th></tr>\n",
	      f);
	for (size_t i = 0; i < d->nlinks; i++) {
		fputs("<tr><td>", f);
		er_html_escape(f, d->links[i].via);
		fputs("</td><td>", f);
		er_html_escape(f, d->links[i].uscc);
		fputs("</td><td>", f);
		zh(f, d->links[i].name);
		fputs("</td><td>", f);
		er_html_escape(f, d->links[i].account);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static int
is_mark(const char *type)
{
	static const char *const t[] = {"capacity_increase",
	                                "capacity_reduction",
	                                "capacity_restore",
	                                "suspend",
	                                "resume",
	                                "disconnect_arrears",
	                                "reconnect",
	                                "close",
	                                NULL};
	for (size_t i = 0; t[i]; i++)
		if (strcmp(type, t[i]) == 0)
			return 1;
	return 0;
}

/* A polyline of the months' values (skipping months without one) on chart C. */
static void
month_line(FILE *f, const struct er_svg_chart *c, const char *cls, const double *v, double top)
{
	fprintf(f, "<polyline class=\"%s\" points=\"", cls);
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++)
		if (v[m] >= 0 && isfinite(v[m])) /* a sum overflowing to infinity is no point */
			fprintf(f, "%.1f,%.1f ", er_svg_chart_x(c, (m + 0.5) / ER_DOSSIER_MONTHS),
			        er_svg_chart_y(c, v[m] / top));
	fputs("\"/>\n", f);
}

static void
month_ticks(FILE *f, const struct er_svg_chart *c, int first)
{
	for (int m = 0; m < ER_DOSSIER_MONTHS; m += 6) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">",
		        er_svg_chart_x(c, (m + 0.5) / ER_DOSSIER_MONTHS), er_svg_chart_y(c, 0) + 14);
		month_text(f, first + m);
		fputs("</text>\n", f);
	}
}

static double
nice_top(double top)
{
	if (top <= 0)
		return 1;
	double p = pow(10, floor(log10(top)));
	for (double s = 1; s <= 10; s += s < 2 ? 1 : s < 5 ? 3 : 5)
		if (s * p >= top)
			return s * p;
	return 10 * p;
}

static void
usage(FILE *f, const struct er_dossier *d)
{
	int first = d->last_month - ER_DOSSIER_MONTHS + 1;
	fputs("<h2>Electricity use</h2>\n", f);
	if (!d->nacc) {
		fputs("<p class=\"empty\">No utility account matches this credit code: no readings.</p>\n", f);
		return;
	}
	if (!d->readings) {
		fputs("<p class=\"empty\">No readings for this enterprise up to ", f);
		day_text(f, d->asof);
		fputs(": its electricity use cannot be shown", f);
		if (d->after_asof)
			fprintf(f, " (%llu readings after that date are not used)", (unsigned long long)d->after_asof);
		fputs(".</p>\n", f);
		return;
	}
	double tot[ER_DOSSIER_MONTHS], med[ER_DOSSIER_MONTHS], top = 0;
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++) {
		tot[m] = total(d, m);
		med[m] = d->industry_n[m] ? d->industry_q[m][1] : -1;
		if (tot[m] > top && isfinite(tot[m]))
			top = tot[m];
		if (d->industry_n[m] && d->industry_q[m][2] > top && isfinite(d->industry_q[m][2]))
			top = d->industry_q[m][2];
	}
	top = nice_top(top);
	struct er_svg_chart c = er_svg_chart_default();
	c.w = 700;
	c.h = 300;
	c.pad_l = 70;
	c.yhi = top;
	c.yfmt = "%.0f";
	fputs("<p>Monthly kWh over the 36 months to ", f);
	month_text(f, d->last_month);
	fputs(" (sum of the readings dated in each calendar month)", f);
	if (d->industry)
		fputs(", against the industry's median (dashed) and interquartile band (shaded), over the enterprises "
		      "of "
		      "industry ",
		      f),
			zh(f, d->industry);
	fputs("; capacity changes, suspensions and disconnections are marked.</p>\n", f);
	er_svg_chart_open(f, &c, "monthly electricity use", "Monthly electricity use (kWh)", "month", "kWh");
	month_ticks(f, &c, first);
	/* the band: the third quartiles left to right, then the first ones back */
	int any = 0;
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++)
		any |= d->industry_n[m] > 0;
	if (any) {
		fputs("<polygon class=\"band\" points=\"", f);
		for (int m = 0; m < ER_DOSSIER_MONTHS; m++)
			if (banded(d, m))
				fprintf(f, "%.1f,%.1f ", er_svg_chart_x(&c, (m + 0.5) / ER_DOSSIER_MONTHS),
				        er_svg_chart_y(&c, d->industry_q[m][2] / top));
		for (int m = ER_DOSSIER_MONTHS - 1; m >= 0; m--)
			if (banded(d, m))
				fprintf(f, "%.1f,%.1f ", er_svg_chart_x(&c, (m + 0.5) / ER_DOSSIER_MONTHS),
				        er_svg_chart_y(&c, d->industry_q[m][0] / top));
		fputs("\"/>\n", f);
		month_line(f, &c, "median", med, top);
	}
	if (d->nacc > 1)
		for (size_t k = 0; k < d->nacc; k++) {
			double v[ER_DOSSIER_MONTHS];
			for (int m = 0; m < ER_DOSSIER_MONTHS; m++)
				v[m] = d->has[k * ER_DOSSIER_MONTHS + (size_t)m]
					? d->kwh[k * ER_DOSSIER_MONTHS + (size_t)m]
					: -1;
			month_line(f, &c, "acct", v, top);
		}
	month_line(f, &c, "total", tot, top);
	for (size_t i = 0; i < d->ntimeline; i++) {
		const struct er_dossier_event *e = &d->timeline[i];
		int m = er_date_month_index(e->date) - first;
		if (strcmp(e->source, "event") != 0 || !is_mark(e->type) || m < 0)
			continue;
		int y, mo, dd;
		er_date_to_ymd(e->date, &y, &mo, &dd);
		double u = (m + (dd - 0.5) / er_date_days_in_month(y, mo)) / ER_DOSSIER_MONTHS;
		fprintf(f, "<line class=\"mark\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
		        er_svg_chart_x(&c, u), er_svg_chart_y(&c, 0), er_svg_chart_x(&c, u), er_svg_chart_y(&c, 1));
		fprintf(f, "<text class=\"marklab\" x=\"%.1f\" y=\"%.1f\">", er_svg_chart_x(&c, u) + 2,
		        er_svg_chart_y(&c, 1) + 10 + 10 * (double)(i % 3));
		er_html_escape(f, e->type);
		fputs("</text>\n", f);
	}
	fprintf(f, "<text class=\"leg\" x=\"%.1f\" y=\"%.1f\">red: total%s</text>\n", er_svg_chart_x(&c, 0.6),
	        er_svg_chart_y(&c, 1) - 4, d->nacc > 1 ? ", orange: each account" : "");
	fputs("</svg>\n", f);
	fprintf(f, "<p class=\"note\">%llu readings used", (unsigned long long)d->readings);
	if (d->after_asof)
		fprintf(f, ", %llu after the as-of date left out", (unsigned long long)d->after_asof);
	if (d->no_kwh)
		fprintf(f, ", %llu without a kWh value", (unsigned long long)d->no_kwh);
	fputs(".</p>\n", f);
	if (!d->interval)
		return;
	if (!d->days_recent) {
		fputs("<p class=\"note\">No interval readings in the last 3 months.</p>\n", f);
		return;
	}
	struct er_svg_chart l = er_svg_chart_default();
	l.w = 700;
	l.h = 240;
	l.pad_l = 70;
	double lt = 0;
	for (int h = 0; h < ER_DOSSIER_HOURS; h++) {
		lt = fmax(lt, d->curve_recent[h]);
		lt = fmax(lt, d->curve_before[h]);
	}
	lt = nice_top(lt);
	l.yhi = lt;
	l.yfmt = "%.0f";
	er_svg_chart_open(f, &l, "average daily load curve", "Average daily load curve (kWh per hour)", "hour of day",
	                  "kWh");
	er_svg_chart_x_ticks(f, &l, 0, 24, "%.0f");
	for (int which = 0; which < 2; which++) {
		const double *v = which ? d->curve_before : d->curve_recent;
		if (which && !d->days_before)
			break;
		fprintf(f, "<polyline class=\"%s\" points=\"", which ? "before" : "recent");
		for (int h = 0; h < ER_DOSSIER_HOURS; h++)
			fprintf(f, "%.1f,%.1f ", er_svg_chart_x(&l, (h + 0.5) / 24), er_svg_chart_y(&l, v[h] / lt));
		fputs("\"/>\n", f);
	}
	fprintf(f,
	        "<text class=\"leg\" x=\"%.1f\" y=\"%.1f\">red: last 3 months (%zu days); dashed: a year before (%zu "
	        "days)</text>\n",
	        er_svg_chart_x(&l, 0.02), er_svg_chart_y(&l, 1) - 4, d->days_recent, d->days_before);
	fputs("</svg>\n", f);
}

static void
bills(FILE *f, const struct er_dossier *d)
{
	fputs("<h2>Bills and payments</h2>\n", f);
	if (!d->nbills) {
		fputs("<p class=\"note\">No bills.</p>\n", f);
		return;
	}
	int first = d->last_month - ER_DOSSIER_MONTHS + 1;
	double due[ER_DOSSIER_MONTHS] = {0}, paid[ER_DOSSIER_MONTHS] = {0}, top = 0;
	long late[ER_DOSSIER_MONTHS] = {0}, maxlate = 0;
	for (size_t i = 0; i < d->nbills; i++) {
		int m = d->bills[i].month - first;
		if (m < 0)
			continue;
		due[m] += isnan(d->bills[i].amount) ? 0 : d->bills[i].amount;
		paid[m] += isnan(d->bills[i].paid) ? 0 : d->bills[i].paid;
		if (d->bills[i].days_late > late[m])
			late[m] = d->bills[i].days_late;
	}
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++) {
		top = fmax(top, fmax(due[m], paid[m]));
		if (late[m] > maxlate)
			maxlate = late[m];
	}
	top = nice_top(top);
	double ltop = nice_top((double)maxlate);
	struct er_svg_chart c = er_svg_chart_default();
	c.w = 700;
	c.h = 260;
	c.pad_l = 70;
	c.pad_r = 50;
	c.yhi = top;
	c.yfmt = "%.0f";
	er_svg_chart_open(f, &c, "bills and payments",
	                  "Amount due (grey) and paid (green) per month; days late (red, right axis)", "month",
	                  "amount");
	month_ticks(f, &c, first);
	double bw = (er_svg_chart_x(&c, 1) - er_svg_chart_x(&c, 0)) / ER_DOSSIER_MONTHS / 2.4;
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++) {
		double x = er_svg_chart_x(&c, (m + 0.5) / ER_DOSSIER_MONTHS);
		if (due[m] > 0)
			fprintf(f, "<rect class=\"due\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x - bw,
			        er_svg_chart_y(&c, due[m] / top), bw,
			        er_svg_chart_y(&c, 0) - er_svg_chart_y(&c, due[m] / top));
		if (paid[m] > 0)
			fprintf(f, "<rect class=\"paid\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>", x,
			        er_svg_chart_y(&c, paid[m] / top), bw,
			        er_svg_chart_y(&c, 0) - er_svg_chart_y(&c, paid[m] / top));
	}
	fputs("\n<polyline class=\"late\" points=\"", f);
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++)
		if (due[m] > 0)
			fprintf(f, "%.1f,%.1f ", er_svg_chart_x(&c, (m + 0.5) / ER_DOSSIER_MONTHS),
			        er_svg_chart_y(&c, (double)late[m] / ltop));
	fputs("\"/>\n", f);
	for (int t = 0; t <= 4; t++)
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" class=\"tick\">%.0f</text>\n", er_svg_chart_x(&c, 1) + 4,
		        er_svg_chart_y(&c, t / 4.0) + 4, ltop * t / 4);
	fputs("</svg>\n", f);
	fputs("<table><tr><th>account</th><th>month</th><th class=\"n\">amount</th><th class=\"n\">paid</th>"
	      "<th class=\"n\">days late</th><th class=\"n\">late fee</th><th class=\"n\">arrears</th></tr>\n",
	      f);
	for (size_t i = 0; i < d->nbills; i++) {
		const struct er_dossier_bill *b = &d->bills[i];
		if (b->month < first)
			continue;
		fputs("<tr><td>", f);
		er_html_escape(f, d->acc[b->acct][ER_ACCOUNTS_ACCOUNT_ID]);
		fputs("</td><td>", f);
		month_text(f, b->month);
		fputs("</td><td class=\"n\">", f);
		num(f, b->amount, 2);
		fputs("</td><td class=\"n\">", f);
		if (b->unpaid)
			fputs("<span class=\"fail\">unpaid</span>", f);
		else
			num(f, b->paid, 2);
		fprintf(f, "</td><td class=\"n\">%ld</td><td class=\"n\">", b->days_late);
		num(f, b->late_fee, 2);
		fputs("</td><td class=\"n\">", f);
		num(f, b->arrears, 2);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	size_t nd = 0;
	for (size_t i = 0; i < d->ntimeline; i++)
		nd += strcmp(d->timeline[i].type, "disconnect_arrears") == 0;
	fprintf(f, "<p>Disconnections for arrears: %zu%s</p>\n", nd, nd ? " (dates in the timeline below)." : ".");
}

static void
timeline(FILE *f, const struct er_dossier *d)
{
	fputs("<h2>Inspections and account events</h2>\n", f);
	if (!d->ntimeline) {
		fputs("<p class=\"note\">None up to the as-of date.</p>\n", f);
		return;
	}
	fputs("<table><tr><th>date</th><th>account</th><th>what</th><th>type</th><th>detail</th></tr>\n", f);
	for (size_t i = 0; i < d->ntimeline; i++) {
		const struct er_dossier_event *e = &d->timeline[i];
		int bad = strcmp(e->type, "theft") == 0 || strcmp(e->type, "violation") == 0 ||
			strcmp(e->type, "disconnect_arrears") == 0;
		fputs("<tr><td>", f);
		day_text(f, e->date);
		fputs("</td><td>", f);
		er_html_escape(f, d->acc[e->acct][ER_ACCOUNTS_ACCOUNT_ID]);
		fprintf(f, "</td><td>%s</td><td class=\"%s\">", e->source, bad ? "fail" : "");
		er_html_escape(f, e->type);
		fputs("</td><td>", f);
		zh(f, e->detail);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void
model_view(FILE *f, const struct er_dossier *d)
{
	fputs("<h2>The model's view</h2>\n", f);
	if (d->nscores >= 2) {
		struct er_svg_chart c = er_svg_chart_default();
		c.w = 700;
		c.h = 220;
		c.pad_l = 70;
		double lo = INFINITY, hi = -INFINITY;
		er_day d0 = d->scores[0].date, d1 = d->scores[d->nscores - 1].date;
		for (size_t i = 0; i < d->nscores; i++)
			if (!isnan(d->scores[i].score)) {
				lo = fmin(lo, d->scores[i].score);
				hi = fmax(hi, d->scores[i].score);
			}
		if (lo <= hi) {
			lo = floor(lo / 50) * 50;
			hi = ceil(hi / 50) * 50 + (hi == lo ? 50 : 0);
			c.ylo = lo;
			c.yhi = hi;
			c.yfmt = "%.0f";
			er_svg_chart_open(f, &c, "score history", "Score history (alert history)", "date", "score");
			double span = d1 > d0 ? (double)(d1 - d0) : 1;
			fputs("<polyline class=\"score\" points=\"", f);
			for (size_t i = 0; i < d->nscores; i++)
				if (!isnan(d->scores[i].score))
					fprintf(f, "%.1f,%.1f ", er_svg_chart_x(&c, (d->scores[i].date - d0) / span),
					        er_svg_chart_y(&c, (d->scores[i].score - lo) / (hi - lo)));
			fputs("\"/>\n", f);
			fputs("</svg>\n", f);
		}
	}
	if (d->nscores) {
		fputs("<table><tr><th>date</th><th "
		      "class=\"n\">score</th><th>grade</th><th>level</th><th>reasons</th></tr>\n",
		      f);
		for (size_t i = 0; i < d->nscores; i++) {
			const struct er_dossier_score *s = &d->scores[i];
			fputs("<tr><td>", f);
			day_text(f, s->date);
			fputs("</td><td class=\"n\">", f);
			num(f, s->score, 1);
			fputs("</td><td>", f);
			er_html_escape(f, s->grade);
			fputs("</td><td>", f);
			er_html_escape(f, s->level);
			fputs("</td><td>", f);
			er_html_escape(f, s->reasons);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	} else
		fputs("<p class=\"note\">No score history (give --alerts-history, er-alert's --history file).</p>\n",
		      f);
	if (!d->has_model) {
		fputs("<p class=\"note\">This run's points: give --model and --features.</p>\n", f);
		return;
	}
	if (!d->has_row && d->features_asof) {
		fputs("<p class=\"empty\">The features row is as of ", f);
		day_text(f, d->features_asof);
		fputs(", after the as-of date: it is computed from what this page leaves out, so it is not scored "
		      "here (compute the features with er-features --asof ",
		      f);
		day_text(f, d->asof);
		fputs(").</p>\n", f);
		return;
	}
	if (!d->has_row) {
		fputs("<p class=\"empty\">The features file holds no row for this enterprise.</p>\n", f);
		return;
	}
	fprintf(f, "<p>This run: score %.1f, pd %.4f, grade %c.</p>\n", d->score, d->pd, d->grade);
	if (d->nmodule) {
		fputs("<table><tr><th>module</th><th class=\"n\">sub-score</th></tr>\n", f);
		for (size_t i = 0; i < d->nmodule; i++) {
			fputs("<tr><td>", f);
			er_html_escape(f, d->module[i]);
			fputs("</td><td class=\"n\">", f);
			num(f, d->module_score[i], 1);
			fputs("</td></tr>\n", f);
		}
		fputs("</table>\n", f);
	}
	if (d->npoints) {
		fputs("<table><tr><th>indicator</th><th>module</th><th>value</th><th>bin</th><th "
		      "class=\"n\">points</th>"
		      "<th class=\"n\">best</th><th class=\"n\">cost</th></tr>\n",
		      f);
		for (size_t i = 0; i < d->npoints; i++) {
			const struct er_dossier_points *p = &d->points[i];
			const char *v[] = {p->name, p->module, *p->value ? p->value : "(empty)", p->bin};
			fputs("<tr>", f);
			for (int k = 0; k < 4; k++) {
				fputs("<td>", f);
				er_html_escape(f, v[k]);
				fputs("</td>", f);
			}
			fprintf(f, "<td class=\"n\">%.2f</td><td class=\"n\">%.2f</td><td class=\"n\">%.2f</td></tr>\n",
			        p->points, p->best, p->best - p->points);
		}
		fputs("</table>\n", f);
	}
	if (!d->nhits) {
		fputs("<p>No rule hit.</p>\n", f);
		return;
	}
	fputs("<table><tr><th>rule</th><th>severity</th><th>indicator</th><th>value</th><th>message</th></tr>\n", f);
	for (size_t i = 0; i < d->nhits; i++) {
		const struct er_dossier_hit *h = &d->hits[i];
		fputs("<tr><td>", f);
		er_html_escape(f, h->rule);
		fprintf(f, "</td><td class=\"%s\">",
		        strcmp(h->severity, "fail") == 0           ? "fail"
		                : strcmp(h->severity, "warn") == 0 ? "warn"
		                                                   : "");
		er_html_escape(f, h->severity);
		fputs("</td><td>", f);
		er_html_escape(f, h->indicator);
		fputs("</td><td>", f);
		er_html_escape(f, h->value);
		fputs("</td><td>", f);
		zh(f, h->message);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

int
er_dossier_html(const struct er_dossier *d, const char *path, char *err)
{
	/* "-": standard output, as the other tools' page options take it */
	int std = strcmp(path, "-") == 0;
	FILE *f = std ? stdout : fopen(path, "w");
	if (!f)
		return errno == ENOMEM ? er_fail(err, ER_ENOMEM, "out of memory")
				       : er_fail(err, ER_EIO, "cannot create '%s': %s", path, strerror(errno));
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>er-dossier: ", f);
	er_html_escape(f, d->name && *d->name ? d->name : d->id);
	fprintf(f, "</title>\n<style>\n%s</style></head><body>\n<h1>", css);
	zh(f, d->name && *d->name ? d->name : d->id);
	fputs("</h1>\n<p>", f);
	if (*d->uscc) {
		fputs("Unified social credit code ", f);
		er_html_escape(f, d->uscc);
		fputs(", ", f);
	}
	fprintf(f, "%zu account%s; as of ", d->nacc, d->nacc == 1 ? "" : "s");
	day_text(f, d->asof);
	static const char *const from[] = {
		[ER_DOSSIER_ASOF_GIVEN] = "",
		[ER_DOSSIER_ASOF_LAST_READING] = " (its last reading)",
		[ER_DOSSIER_ASOF_TODAY] = " (today: no reading and no --asof)",
		[ER_DOSSIER_ASOF_APPLICATION] = " (its loan application's date: no reading and no --asof)",
	};
	fputs(from[d->asof_from], f);
	if (d->asked_as && *d->uscc) {
		fprintf(f, "; asked for %s ", d->asked_as);
		er_html_escape(f, d->id);
	}
	fputs(".</p>\n", f);
	summary(f, d);
	who(f, d);
	usage(f, d);
	bills(f, d);
	timeline(f, d);
	model_view(f, d);
	fputs("<p class=\"note\">Written by er-dossier; the series are in the files of --csv.</p>\n</body></html>\n",
	      f);
	int bad = ferror(f), saved = errno;
	if ((std ? fflush(f) : fclose(f)) != 0 || bad)
		return er_fail(err, ER_EIO, "write error '%s': %s", std ? "standard output" : path,
		               strerror(bad ? saved : errno));
	return 0;
}
