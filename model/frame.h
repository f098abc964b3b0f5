/* frame: a labelled feature table loaded column-major: numbers parsed once into doubles,
 * text columns as dictionary codes, so binning, screening and training read each column
 * as an array. */
#ifndef ER_FRAME_H
#define ER_FRAME_H

#include <stddef.h>

#include "data/label.h"
#include "lib/progress.h"
#include "lib/diag.h"
#include "lib/reader.h"

/* One loaded column. */
struct er_frame_col {
	char *name;
	int categorical; /* 0: X holds numbers (NaN = missing); 1: CODE/DICT */
	double *x;       /* numeric values, one per kept row */
	unsigned *code;  /* categorical: index in DICT, (unsigned)-1 = missing */
	char **dict;
	size_t ndict, capdict;
	struct er_strmap *codes; /* DICT's strings to their codes (NULL until the first is added) */
	size_t missing;          /* empty fields */
};

/* A loaded table: the kept rows' labels and the indicator columns, what er-screen measures
 * and er-train learns from. */
struct er_frame {
	size_t nrows, caprows;
	unsigned char *y; /* 1 bad, 0 good (all zero when loaded without labels) */
	struct er_frame_col *cols;
	size_t ncols;
	size_t rejected; /* rows left out: missing or unknown label, malformed */
	uint64_t *rowno; /* with er_frame_load_opts.rownos: each row's number among the data rows
	                    read (1 the first, left-out rows counted), else NULL */
};

struct er_frame_load_opts {
	const char *id_col;           /* "id": never an indicator */
	const char *label_col;        /* "label"; NULL: no label (baseline files) */
	const er_label_table *labels; /* when set, labels come from here, joined on id_col */
	struct er_label label;        /* spelling rules */
	char *const *categorical;     /* columns read as categories even when numeric */
	size_t ncategorical;
	char *const *exclude; /* columns that are not indicators */
	size_t nexclude;
	const struct er_frame *like;  /* baseline: read only these columns, same types */
	struct er_progress *progress; /* updated as rows are read; NULL: none */
	const struct er_diag *diag;   /* rows left out, columns read as categories; NULL: dropped */
	int rownos;                   /* 1: fill the frame's rowno */
	const char *date_col;         /* NULL, or a column every kept row must hold a date in
	                                 (er_date_parse): a row with none, empty or unreadable,
	                                 is left out like one without a label */
};

/* Sets O's defaults: columns "id" and "label", the usual label spellings, no categories,
 * exclusions, baseline, progress or diagnostics. Can't fail. */
void er_frame_load_opts_init(struct er_frame_load_opts *o);

/* The id column of R: ID_COL, or "" when ID_COL is the default "id", R has no column "id"
 * and its first column has no name (the row index pandas' to_csv or R's write.csv writes,
 * which identifies the rows), or NULL when ID_COL is "id" and R has neither nor a column that
 * reads as ids under another name ("ID", "client_id"): a table with no ids at all (as many
 * published credit sets are), whose rows the caller numbers from 1 in the order read. Never
 * fails; the result is ID_COL, a static string or NULL. */
const char *er_frame_id_col(const er_reader *r, const char *id_col);

/* Reads every row of R into D (zeroed first). Rows with a missing or unknown label, no date
 * in O->date_col, or a malformed row are left out and counted in D->rejected; the first few are reported with
 * O->diag unless QUIET. Returns 0, or ER_EIO / ER_EDATA (a needed column is missing) /
 * ER_ENOMEM with ERR set. Free D with er_frame_free. */
int er_frame_load(er_reader *r, const struct er_frame_load_opts *o, struct er_frame *d, int quiet, char *err);

/* Frees what D owns. D may be NULL. */
void er_frame_free(struct er_frame *d);

#endif
