/* screen: univariate analysis and indicator selection (单变量分析与指标筛选).
 *
 * A feature table is loaded column-major (frame.h), each indicator is binned (bin.h), measured (missing and identical rate,
 * IV, KS, AUC, direction, PSI against a baseline) and selected: IV, missing, identical, PSI and
 * economic-sense rules first, then among the survivors, from the highest IV down, one that
 * correlates (Pearson, on WOE) above the limit with one already kept is dropped. */
#ifndef ER_SCREEN_H
#define ER_SCREEN_H

#include <stddef.h>
#include <stdio.h>

#include "model/bin.h"
#include "model/frame.h"
#include "model/screen_spec.h"
#include "lib/writer.h"

/* Selection rules and binning options. */
struct er_screen_opts {
	struct er_bin_opts bin;
	double min_iv;        /* 0.02 */
	double max_missing;   /* 0.95 */
	double max_identical; /* 0.95 */
	double max_psi;       /* 0.25, when a baseline is given */
	double max_corr;      /* 0.7; a value >= 1 turns the check off */
	int check_direction;  /* 1: reject indicators against their expected direction */
	/* breaks, category groups and special values given per variable or for all (--breaks,
	 * --special), or NULL */
	const struct er_screen_specs *specs;
	/* expected directions from --directions FILE; the er-features catalogue is used for
	 * names it knows and not listed here */
	char *const *dir_name;
	const char *dir_value;
	size_t ndir;
	int keep_numbers; /* 1: er_screen_run leaves the numeric columns in place (the caller
	                     trains on them next); 0 (default): frees each once binned */
};

/* Sets the defaults. Can't fail. */
void er_screen_opts_init(struct er_screen_opts *o);

/* One indicator's result. */
struct er_screen_row {
	const char *name; /* the column's name (owned by the data) */
	char module[32];  /* "usage" for "usage.kwh_mean_12m", or from the catalogue */
	int categorical;
	double missing_rate, identical_rate, iv, ks, auc, psi; /* psi NaN without baseline */
	char dir_found, dir_expected;                          /* '+', '-', '=', '?' */
	int selected;
	char reason[256]; /* why rejected; "" when selected */
	struct er_bin_var bins;
	size_t col; /* index in the data's columns */
};

struct er_screen_result {
	struct er_screen_row *rows; /* sorted by IV, highest first (ties: column order) */
	size_t nrows;
	size_t nselected;
	size_t nlabelled, nbad;
};

/* Bins, measures and selects every indicator of D (BASE may be NULL: no PSI). The numeric
 * columns of D are freed as they are binned, so D's values are used once, unless
 * O->keep_numbers. Returns 0, or
 * ER_EUSAGE / ER_ENOMEM with ERR set. Free RES with er_screen_result_free. */
int er_screen_run(struct er_frame *d, const struct er_frame *base, const struct er_screen_opts *o,
                  struct er_screen_result *res, char *err);

/* Frees what RES owns. */
void er_screen_result_free(struct er_screen_result *res);

/* Reads a directions file (name,direction; header "name,direction") into parallel arrays
 * *NAMES / *DIRS (*N entries; caller frees each name, NAMES and DIRS). Returns 0, or
 * ER_EIO / ER_EDATA (a direction not in + - = ?) / ER_ENOMEM with ERR set. */
int er_screen_read_directions(const char *path, char ***names, char **dirs, size_t *n, char *err);

/* Pearson correlation matrix of the WOE-coded columns CODES[0..P-1] (bin indexes of N rows)
 * with WOE tables WOE[0..P-1]; writes P*P values into R (row-major). Returns 0 or ER_ENOMEM. */
int er_screen_corr(const unsigned *const *codes, const double *const *woe, size_t p, size_t n, double *r);

/* Writes the report: header and one row per indicator. Returns 0 or the writer's status. */
int er_screen_write_report(er_writer *w, const struct er_screen_result *res);

/* Writes every indicator's binning table (bin.h format). Returns 0 or the writer's status. */
int er_screen_write_bins(er_writer *w, const struct er_screen_result *res);

/* Writes the selected names, one per line, to F. Returns 0 or ER_EIO. */
int er_screen_write_selected(FILE *f, const struct er_screen_result *res);

/* Writes a self-contained HTML report (inline SVG, no external assets) to F: the IV bar chart
 * and, per selected indicator, its WOE and bad rate by bin. TITLE names the input. Returns 0
 * or ER_EIO. */
int er_screen_write_html(FILE *f, const struct er_screen_result *res, const char *title);

#endif
