/* svg_chart: plot frames and points for inline SVG. */
#include "lib/svg_chart.h"

#include <math.h>

#include "lib/html.h"

struct er_svg_chart
er_svg_chart_default(void)
{
	return (struct er_svg_chart){420, 300, 50, 20, 20, 40, 0, 1, "%.2f"};
}

double
er_svg_chart_x(const struct er_svg_chart *c, double u)
{
	return c->pad_l + u * (c->w - c->pad_l - c->pad_r);
}

double
er_svg_chart_y(const struct er_svg_chart *c, double v)
{
	return c->h - c->pad_b - v * (c->h - c->pad_b - c->pad_t);
}

void
er_svg_chart_open(FILE *f, const struct er_svg_chart *c, const char *label, const char *title, const char *xlab,
                  const char *ylab)
{
	double x0 = er_svg_chart_x(c, 0), x1 = er_svg_chart_x(c, 1), y0 = er_svg_chart_y(c, 0),
	       y1 = er_svg_chart_y(c, 1);

	/* no namespace URL: inline SVG in HTML needs none, and the page holds no address at all */
	fprintf(f, "<svg width=\"%.0f\" height=\"%.0f\" role=\"img\" aria-label=\"", c->w, c->h);
	er_html_escape(f, label);
	fprintf(f, "\">\n<text x=\"%.1f\" y=\"12\" class=\"ttl\">", x0);
	er_html_escape(f, title);
	fputs("</text>\n", f);
	fprintf(f, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" class=\"frame\"/>\n", x0, y1, x1 - x0,
	        y0 - y1);
	for (int t = 0; t <= 4; t++) {
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\" class=\"tick\">", x0 - 4,
		        er_svg_chart_y(c, t / 4.0) + 4);
		fprintf(f, c->yfmt, c->ylo + t / 4.0 * (c->yhi - c->ylo));
		fputs("</text>\n", f);
	}
	fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"lab\">", (x0 + x1) / 2, c->h - 6);
	er_html_escape(f, xlab);
	fprintf(f,
	        "</text>\n<text x=\"12\" y=\"%.1f\" text-anchor=\"middle\" class=\"lab\" "
	        "transform=\"rotate(-90 12 %.1f)\">",
	        (y0 + y1) / 2, (y0 + y1) / 2);
	er_html_escape(f, ylab);
	fputs("</text>\n", f);
}

void
er_svg_chart_x_ticks(FILE *f, const struct er_svg_chart *c, double lo, double hi, const char *fmt)
{
	for (int t = 0; t <= 4; t++) {
		double u = t / 4.0;
		fprintf(f, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" class=\"tick\">", er_svg_chart_x(c, u),
		        er_svg_chart_y(c, 0) + 14);
		fprintf(f, fmt, lo + u * (hi - lo));
		fputs("</text>\n", f);
	}
}

void
er_svg_chart_point(FILE *f, const struct er_svg_chart *c, double u, double v, double *lu, double *lv, int last)
{
	if (!last && fabs(u - *lu) < 0.002 && fabs(v - *lv) < 0.002)
		return;
	fprintf(f, "%.1f,%.1f ", er_svg_chart_x(c, u), er_svg_chart_y(c, v));
	*lu = u;
	*lv = v;
}

void
er_svg_chart_diagonal(FILE *f, const struct er_svg_chart *c)
{
	fprintf(f, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" class=\"ref\"/>\n", er_svg_chart_x(c, 0),
	        er_svg_chart_y(c, 0), er_svg_chart_x(c, 1), er_svg_chart_y(c, 1));
}
