/* eval_run: the er-eval run: a scored file judged against outcomes. Reads SCORES (er-score's
 * output or any table with an id and a pd or score column), joins the labels (a labels file or
 * a column), and writes a metric,value table (AUC, KS, Gini, log loss, Brier, ECE, PSI, counts,
 * DeLong's test against a challenger) and, when asked, the tables by decile, calibration bin,
 * grade and indicator, and one HTML page with them all. */
#ifndef ER_EVAL_RUN_H
#define ER_EVAL_RUN_H

#include <stddef.h>

#include "lib/cli.h"
#include "lib/diag.h"

struct er_eval_opts {
	struct er_cli_io *io;
	const char *scores;            /* the scored file ("-": standard input) */
	const char *labels;            /* an id,label file, or NULL */
	const char *label_col;         /* the label column of SCORES, or NULL */
	const char *id_col;            /* NULL: the first column */
	const char *by;                /* segment or date column, or NULL */
	const char *baseline;          /* earlier scores for PSI, or NULL */
	const char *features;          /* current features for CSI, or NULL */
	const char *baseline_features; /* baseline features for CSI, or NULL */
	const char *compare;           /* the challenger's scores, or NULL */
	const char *audit;             /* an audit file (er-decide/er-alert --audit) instead of SCORES */
	double cutoff;                 /* accept below this pd (or above this score); NaN: none */
	const char *cutoff_scale;      /* "pd" or "score": the column both models are cut on;
	                                  NULL: pd when SCORES has one, else score */
	const char *deciles, *calibration, *grades, *csi, *html; /* side outputs, or NULL */
	const struct er_diag *diag;                              /* rejected rows, warnings */
};

struct er_eval_counts {
	size_t rows;                /* rows of SCORES read, good and bad */
	size_t rejected;            /* rows of SCORES rejected (malformed, duplicate id, bad value) */
	size_t unlabelled;          /* accepted rows without an outcome */
	char first_unlabelled[128]; /* the id of the first of them */
	size_t label_rejected;      /* rows of the labels file left out */
	size_t labels_unused;       /* labels of the labels file whose id SCORES does not have */
	size_t other_rejected;      /* rows of the compare, baseline or feature files rejected */
	size_t superseded;          /* --audit: lines replaced by a later line of the same id */
};

/* Runs er-eval. Returns 0 (see COUNTS for rows rejected), or ER_EIO (a file cannot be read or
 * written), ER_EDATA (a column is missing) or ER_ENOMEM, with ERR. */
int er_eval_run(const struct er_eval_opts *o, struct er_eval_counts *counts, char *err);

/* Runs er-eval --audit: the audit file's decisions and alerts joined to the labels, a table of
 * rows, labelled, unlabelled, bads and bad rate by decision, level and grade on standard
 * output. Returns 0 (bad lines counted in COUNTS->rejected), or ER_EIO / ER_EDATA / ER_ENOMEM
 * with ERR. */
int er_eval_audit(const struct er_eval_opts *o, struct er_eval_counts *counts, char *err);

#endif
