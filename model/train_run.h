/* train_run: the er-train job: a labelled feature table in (labels by column or joined from a
 * labels file on the id), optional bins, selection, directions and validation rows; the
 * model file out, the training report as text and, when asked, as an HTML page. */
#ifndef ER_TRAIN_RUN_H
#define ER_TRAIN_RUN_H

#include <stddef.h>
#include <stdio.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "model/ensemble.h"
#include "model/frame.h"

struct er_train_opts {
	struct er_cli_io *io;
	struct er_ensemble_opts ensemble; /* training options; the files below fill the rest */
	struct er_frame_load_opts load;   /* id and label columns, categories, exclusions; its
	                                       diag takes every message of the run */
	const char *labels;               /* labels file (id,label), or NULL: the label column */
	const char *bins;                 /* er-screen --bins table, or NULL: bin here */
	const char *selected;             /* er-screen --selected names, or NULL: select here */
	const char *directions;           /* expected directions (name,direction), or NULL */
	const char *valid;                /* validation rows, or NULL */
	const char *output;               /* the model file, or NULL: stdout */
	const char *report;               /* the HTML report ("-": stdout), or NULL */
	const char *points;               /* the scorecard as a table ("-": stdout), or NULL */
	const char *importance;           /* mean |SHAP| per indicator ("-": stdout), or NULL */
	FILE *log;                        /* the text report, or NULL: none */
	double holdout;                   /* share of rows held out by a hash of the id */
	const char *holdout_by;           /* --holdout-by's date column, or NULL: none */
	er_day holdout_from;              /* rows of holdout_by on or after this day are held
	                                       out as the out-of-time set */
	int id_given;                     /* --id given: the table must hold that column (a
	                                       table without ids is numbered only by default) */
	char *const *inputs;              /* feature files; none: stdin */
	size_t ninputs;
};

/* Sets O's defaults (er_ensemble_opts_init, er_frame_load_opts_init, nothing else) with IO. */
void er_train_opts_init(struct er_train_opts *o, struct er_cli_io *io);

/* Runs er-train. Rows left out (no label or date, malformed) are reported to O->load.diag,
 * quiet or not, and counted in *REJECTED. Returns 0, or ER_EUSAGE / ER_EDATA / ER_EIO / ER_ENOMEM with ERR. */
int er_train_run(const struct er_train_opts *o, size_t *rejected, char *err);

#endif
