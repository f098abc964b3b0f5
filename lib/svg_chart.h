/* svg_chart: the frame of an inline SVG chart for the HTML reports: a plot area with axes,
 * ticks and labels, and points placed by their share (0..1) of each axis. The page's CSS
 * styles the classes used: ttl, frame, tick, lab. */
#ifndef ER_SVG_CHART_H
#define ER_SVG_CHART_H

#include <stdio.h>

struct er_svg_chart {
	double w, h;                       /* size in pixels */
	double pad_l, pad_r, pad_t, pad_b; /* room around the plot area */
	double ylo, yhi;                   /* the vertical axis' range, for its ticks */
	const char *yfmt;                  /* printf format of the vertical ticks */
};

/* A chart of 420 x 300 pixels with the vertical axis 0..1. Can't fail. */
struct er_svg_chart er_svg_chart_default(void);

/* The horizontal pixel of share U of the plot area's width. */
double er_svg_chart_x(const struct er_svg_chart *c, double u);

/* The vertical pixel of share V of the plot area's height (0 at the bottom). */
double er_svg_chart_y(const struct er_svg_chart *c, double v);

/* Writes the opening tag (LABEL as its aria-label), the TITLE, the frame, five ticks on the
 * vertical axis and both axis labels. Errors show in ferror(F). */
void er_svg_chart_open(FILE *f, const struct er_svg_chart *c, const char *label, const char *title, const char *xlab,
                       const char *ylab);

/* Five ticks LO..HI (printf format FMT) under the horizontal axis. */
void er_svg_chart_x_ticks(FILE *f, const struct er_svg_chart *c, double lo, double hi, const char *fmt);

/* Appends (U, V) to an open polyline's points unless it is within 0.2 % of both axes of the
 * last point kept (*LU, *LV, start them at -1); LAST always writes. Long curves stay small. */
void er_svg_chart_point(FILE *f, const struct er_svg_chart *c, double u, double v, double *lu, double *lv, int last);

/* The dashed diagonal from (0,0) to (1,1), class "ref". */
void er_svg_chart_diagonal(FILE *f, const struct er_svg_chart *c);

#endif
