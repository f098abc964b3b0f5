/* score_run: the er-score filter: feature rows in, one row out per scored row (id, the kept
 * columns, score, pd, grade, unless told not to the module scores and three reasons, and
 * when asked each indicator's points in the scorecard and in the trees).
 * A malformed row is reported to the caller's diag with its file and line, counted and not written;
 * the others are still scored. */
#ifndef ER_SCORE_RUN_H
#define ER_SCORE_RUN_H

#include <stddef.h>
#include <stdint.h>

#include "lib/cli.h"
#include "lib/diag.h"

struct er_score_opts {
	struct er_cli_io *io;
	const char *model;   /* the model file (required) */
	const char *id_col;  /* NULL: the one named in training */
	char *keep;          /* comma-separated columns to copy (split in place), or NULL */
	int detail;          /* 1: module scores and reasons */
	int contributions;   /* 1: each indicator's scorecard points and trees' points */
	char *const *inputs; /* feature files; none: stdin */
	size_t ninputs;
	const struct er_diag *diag; /* malformed rows (the first 10); NULL: dropped */
};

struct er_score_counts {
	size_t bad_rows;          /* malformed rows, not written */
	size_t unseen;            /* values scored in their riskiest bin */
	size_t not_number;        /* values scored as missing */
	char first_nan_file[256]; /* where the first of them was */
	uint64_t first_nan_line;
	char first_nan_field[256]; /* its column and text (an excerpt), for the message */
	char first_nan_text[64];
	size_t rows;           /* rows scored */
	size_t empty;          /* indicators empty in every row scored (counted from ER_SCORE_MIN_ROWS rows) */
	char empty_names[256]; /* the first of them, quoted and comma-separated (an excerpt) */
	int numbered;          /* 1: no id column (the default name absent): each row's id is its
	                          number, 1 for the first data row, rejected rows counted */
};

/* Below this many rows an indicator empty in all of them is chance, not a missing table. */
#define ER_SCORE_MIN_ROWS 10

/* Runs er-score. Returns 0 (see COUNTS for rows rejected), or ER_EIO (a file cannot be read
 * or written, a bad model file), ER_EDATA (a column is missing) or ER_ENOMEM, with ERR. */
int er_score_run(const struct er_score_opts *o, struct er_score_counts *counts, char *err);

#endif
