/* eval_data: what er-eval reads, shared by its loading, computing and writing files (not a
 * public interface: only model/eval_*.c include it). */
#ifndef ER_EVAL_DATA_H
#define ER_EVAL_DATA_H

#include <stddef.h>

#include "data/label.h"
#include "lib/strmap.h"
#include "model/delong.h"
#include "model/eval_run.h"
#include "model/gains.h"
#include "model/metrics.h"

#define ER_EVAL_BINS 10

/* The accepted rows of SCORES, row I at index I of every array and of the id map. */
struct er_eval_data {
	size_t n, cap;
	double *risk;      /* higher is riskier: pd, or minus the score */
	double *shown;     /* the shown column's value (score when there is one, else pd); NaN empty */
	double *pd;        /* NULL without a pd column */
	signed char *y;    /* 1 bad, 0 good, -1 no outcome */
	long *grade, *seg; /* indexes into GRADES and SEGS; NULL without the column */
	double *risk2;     /* the challenger's risk (NaN: not in its file); NULL without --compare */
	er_strmap *grades, *segs;
	er_label_table *lt; /* the labels file, or NULL */
	size_t next_label;  /* the label index after the last one found: files in the same order
	                       find each id there, without a hash look-up */
	struct er_eval_ids *ids;
	const char *shown_col; /* "score" or "pd" */
	int risk2_pd;          /* the challenger's risk is its pd (else minus its score) */
	const char *cut_col;   /* --cutoff: the column both models are cut on ("pd" or "score") */
	double *cut1, *cut2;   /* --cutoff: each model's value of CUT_COL per row (NaN: none) */
	size_t cmp_unmatched;  /* challenger rows whose id is not an accepted row of SCORES */
	/* PSI of the shown column against --baseline: bins ER_EVAL_BINS and one for missing */
	int have_psi;
	double psi, psi_edges[ER_EVAL_BINS - 1], psi_base[ER_EVAL_BINS + 1], psi_cur[ER_EVAL_BINS + 1];
	size_t psi_nedges;
	struct er_eval_csi *csi; /* one per indicator of --baseline-features found in --features */
	size_t ncsi;
};

/* The bins of one indicator: a numeric one's ER_EVAL_BINS equal-count bins of the baseline, a
 * categorical one's (text in the baseline) one bin per category; the missing values in
 * BASE/CUR[ER_EVAL_BINS] either way. */
struct er_eval_csi {
	char *name;
	double edges[ER_EVAL_BINS - 1], base[ER_EVAL_BINS + 1], cur[ER_EVAL_BINS + 1], csi;
	size_t nedges;
	long col;                   /* its column in the current features file */
	size_t base_rows, rows;     /* rows read on each side */
	er_strmap *cats;            /* categorical: category K is bin K (the baseline's first, then new
	                             ones as the current file shows them); NULL: numeric */
	double *cat_base, *cat_cur; /* categorical: the count per category on each side */
	size_t cat_cap;
};

/* The ids of the rows kept, row K's id the K-th: while they arrive in ascending byte order no
 * id can repeat and no hash table is needed (a scored file is mostly sorted by id); at the
 * first that does not, one is built from those so far. */
struct er_eval_ids {
	char *arena; /* the ids, each followed by a NUL */
	size_t len, cap;
	size_t *off; /* where row K's id starts */
	size_t n, off_cap;
	er_strmap *map; /* NULL while ascending; then key K = row K */
};

/* Adds ID[0..LEN-1] as the next row. Returns 0, 1 when it is already there (nothing added), or
 * ER_ENOMEM. */
int er_eval_ids_add(struct er_eval_ids *s, const char *id, size_t len);

/* The row of ID[0..LEN-1], or -1. */
long er_eval_ids_find(const struct er_eval_ids *s, const char *id, size_t len);

/* Frees what S holds and zeroes it. */
void er_eval_ids_free(struct er_eval_ids *s);

/* What one group of rows (all rows, or one segment) measures. */
struct er_eval_group {
	const char *name; /* the segment, or "(all)" */
	long seg;         /* its index in SEGS, or -1 for all rows */
	double psi;       /* the PSI of its rows against the baseline; NaN without one */
	size_t rows, labelled, bads;
	struct er_metrics m;
	double logloss, brier, ece; /* NaN without pd */
	struct er_gains_row gains[ER_EVAL_BINS];
	size_t ngains;
	size_t *grade_n, *grade_bad; /* per grade index; NULL without grades */
};

/* The challenger beside the champion on the labelled rows both scored. */
struct er_eval_compare {
	size_t rows, bads;
	double auc1, auc2, ks1, ks2;
	struct er_delong dl;
	size_t swap_n[2][2], swap_bad[2][2]; /* [champion accepts][challenger accepts] */
};

/* Reads SCORES, the labels and the challenger into D. Returns 0 or an er_status with ERR;
 * rows rejected are counted in C and reported to O->diag. Free D with er_eval_data_free. */
int er_eval_load(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *c, char *err);

/* Computes the PSI of D against --baseline and the CSI of each indicator. Returns 0 or an
 * er_status with ERR. */
int er_eval_stability(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *c, char *err);

/* The PSI of the rows of segment SEG (-1: every row) against the baseline bins of D; NaN when
 * there is none (no --baseline, or a baseline without bins). Can't fail. */
double er_eval_psi_rows(const struct er_eval_data *d, long seg);

/* Frees what D holds (D itself is the caller's). */
void er_eval_data_free(struct er_eval_data *d);

/* Writes the HTML page to PATH, the grades in GRADE_ORDER (indexes of D->grades). Returns 0,
 * or ER_EIO / ER_ENOMEM with ERR. */
int er_eval_write_html(const char *path, const struct er_eval_opts *o, const struct er_eval_data *d,
                       const size_t *grade_order, const struct er_eval_group *g, size_t ng,
                       const struct er_eval_compare *cmp, char *err);

#endif
