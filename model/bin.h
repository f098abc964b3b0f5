/* bin: WOE binning of one indicator against a good/bad label, and the binning table file.
 *
 * Conventions follow the R scorecard package so results compare: the positive class is bad;
 * WOE_i = ln((bad_i/bad_total)/(good_i/good_total)); bin IV_i = (bad_i/bad_total -
 * good_i/good_total) * WOE_i; IV = sum of bin IVs. A zero good or bad count in a bin is
 * replaced by ZERO_COUNT (default 0.99) for WOE and IV, and the totals are the sums of the
 * replaced counts (as R's iv()). Numeric bins are left-closed [lo,hi): the first starts at
 * -inf and the last ends at +inf, so every number falls in exactly one range bin.
 *
 * Bin order inside a variable: the range bins (ascending) or category bins first, then one
 * bin per special value, then the missing bin. Missing is an empty field (or NaN). */
#ifndef ER_BIN_H
#define ER_BIN_H

#include <stddef.h>

#include "lib/writer.h"

enum er_bin_type { ER_BIN_NUMERIC = 0, ER_BIN_CATEGORICAL = 1 };

enum er_bin_kind {
	ER_BIN_RANGE = 0, /* numeric [lo,hi) */
	ER_BIN_CATS,      /* categorical: the categories listed in cats */
	ER_BIN_OTHER,     /* categorical: rare categories merged; also takes unseen ones */
	ER_BIN_SPECIAL,   /* a special value: numeric lo == hi == the value, or cats[0] */
	ER_BIN_MISSING    /* empty field or NaN */
};

struct er_bin {
	enum er_bin_kind kind;
	char *label;   /* "[-Inf,1400)", "rent", "a%,%b", "missing", "special:-999"; owned */
	double lo, hi; /* ER_BIN_RANGE bounds (-INFINITY, INFINITY at the ends) */
	char **cats;   /* ER_BIN_CATS, ER_BIN_OTHER, categorical ER_BIN_SPECIAL; owned */
	size_t ncats;
	double good, bad; /* counts as seen (not replaced by the zero-count rule) */
	double woe, iv;   /* WOE and bin IV */
};

/* Category -> bin index, sorted by strcmp of name, for er_bin_find_cat. */
struct er_bin_catref {
	const char *name; /* points into a bin's cats */
	size_t bin;
};

struct er_bin_var {
	char *name; /* owned */
	enum er_bin_type type;
	struct er_bin *bins; /* owned */
	size_t nbins;
	double good, bad;             /* totals as seen */
	double iv;                    /* total IV */
	double auc_up;                /* numeric: AUC of the raw values taking higher = bad, over
	                                non-missing, non-special rows (> 0.5: higher is riskier);
	                                NaN when unknown (categorical, or read from a file) */
	double mode_count;            /* rows holding the most common non-missing value (for the
	                                identical rate); NaN when read from a file */
	struct er_bin_catref *catref; /* owned; built by er_bin_index */
	size_t ncatref;
};

enum er_bin_method {
	ER_BIN_METHOD_MONOTONIC = 0, /* optimal IV over merges of fine bins, WOE shape-constrained */
	ER_BIN_METHOD_QUANTILE,      /* equal frequency, max_bins bins */
	ER_BIN_METHOD_CHIMERGE,      /* merge adjacent fine bins while chi-square < chi_limit */
	ER_BIN_METHOD_TREE,          /* greedy best split by IV, stop_limit and max_bins */
	ER_BIN_METHOD_UNIQUE,        /* every distinct value its own bin */
	ER_BIN_METHOD_BREAKS         /* the given breaks */
};

/* WOE shape for the monotonic method. */
enum er_bin_shape {
	ER_BIN_SHAPE_MONOTONE = 0, /* the better of ascending and descending */
	ER_BIN_SHAPE_ASCENDING,
	ER_BIN_SHAPE_DESCENDING,
	ER_BIN_SHAPE_PEAK,   /* rises then falls (one peak) */
	ER_BIN_SHAPE_VALLEY, /* falls then rises */
	ER_BIN_SHAPE_AUTO    /* the best of all four */
};

struct er_bin_opts {
	enum er_bin_method method;
	enum er_bin_shape shape;
	int fine_bins;        /* quantile fine bins before merging (20) */
	int max_bins;         /* at most this many range/category bins (8) */
	double min_bin;       /* each bin at least this share of rows (0.05) */
	double zero_count;    /* replaces a zero count for WOE/IV (0.99) */
	double chi_limit;     /* chimerge threshold (2.706, chi-square 0.9 quantile, 1 df) */
	double stop_limit;    /* tree: stop when the IV gain ratio is below this (0.1) */
	double split_iv;      /* monotonic, chimerge, tree: a mode value holding at least a fine
	                         bin's share of rows, the smallest or largest value (0 of a
	                         zero-inflated count, the usual value of a rare flag), gets its own bin when that adds at least this IV (0.02,
	                         er-screen's --min-iv); its neighbours then need only min_bin / 10
	                         of the rows, and the split may break the WOE shape; below 0: off,
	                         the fine bins are the plain quantiles */
	const double *breaks; /* ER_BIN_METHOD_BREAKS: ascending inner breaks */
	size_t nbreaks;
	const double *special_num; /* numeric special values, each its own bin */
	size_t nspecial_num;
	const char *const *special_str; /* categorical special values, each its own bin */
	size_t nspecial_str;
	const char *groups; /* ER_BIN_METHOD_BREAKS, categorical: the bins as "A|B;C" (';' between
	                       bins, '|' between categories of a bin); the categories not named
	                       share an ER_BIN_OTHER bin */
};

/* Sets the defaults above. Can't fail. */
void er_bin_opts_init(struct er_bin_opts *o);

/* Bins numeric column X[0..N-1] (NaN = missing) against labels Y (1 bad, 0 good) into OUT.
 * Returns 0, or ER_ENOMEM / ER_EUSAGE (bad options) with a message in ERR.
 * OUT is fully owned by the caller afterwards: free it with er_bin_var_free. */
int er_bin_numeric(const char *name, const double *x, const unsigned char *y, size_t n, const struct er_bin_opts *o,
                   struct er_bin_var *out, char *err);

/* Bins a categorical column given as codes: CODE[i] indexes DICT[0..NDICT-1] (the distinct
 * category texts), or is (unsigned)-1 for missing. A bin per category; categories below
 * min_bin share are merged into an ER_BIN_OTHER bin (except for the unique method); when more
 * than max_bins remain (not unique), neighbours in bad-rate order are merged by smallest
 * chi-square. Returns 0 or ER_ENOMEM with a message in ERR; free OUT with er_bin_var_free. */
int er_bin_categorical_codes(const char *name, const unsigned *code, const char *const *dict, size_t ndict,
                             const unsigned char *y, size_t n, const struct er_bin_opts *o, struct er_bin_var *out,
                             char *err);

/* The same for category texts X[0..N-1] (NULL or "" = missing). Returns 0 or ER_ENOMEM. */
int er_bin_categorical(const char *name, const char *const *x, const unsigned char *y, size_t n,
                       const struct er_bin_opts *o, struct er_bin_var *out, char *err);

/* Recomputes WOE and IV of every bin and the total from the counts, with ZERO_COUNT for a
 * zero count. Can't fail. */
void er_bin_woe_iv(struct er_bin_var *v, double zero_count);

/* KS of V: max |cumulative bad share - cumulative good share| over its bins ranked by WOE
 * (the KS of the WOE-coded indicator). */
double er_bin_ks(const struct er_bin_var *v);

/* AUC of the WOE-coded indicator (>= 0.5, the riskier direction): bins ranked by WOE,
 * pairs within a bin counting one half. */
double er_bin_auc(const struct er_bin_var *v);

/* Builds V's category index (needed by er_bin_find_cat; done by every constructor here and
 * by er_bin_read). Returns 0 or ER_ENOMEM. */
int er_bin_index(struct er_bin_var *v);

/* The bin for numeric X (NaN = missing): a special bin when X equals its value, else the
 * range bin. When V has no bin for it (missing or a special value not seen when binning),
 * returns er_bin_fallback(V) and sets *UNSEEN to 1 (else 0); UNSEEN may be NULL. */
size_t er_bin_find_num(const struct er_bin_var *v, double x, int *unseen);

/* The bin for category S[0..LEN-1] (LEN 0 = missing). An unseen category goes to the
 * ER_BIN_OTHER bin when there is one, else to er_bin_fallback(V); *UNSEEN is set to 1 in
 * both cases (else 0); UNSEEN may be NULL. */
size_t er_bin_find_cat(const struct er_bin_var *v, const char *s, size_t len, int *unseen);

/* The bin for field text S[0..LEN-1] of V's type (empty = missing). Returns the bin index,
 * or (size_t)-1 when V is numeric and S is not a number. UNSEEN as above. */
size_t er_bin_find_field(const struct er_bin_var *v, const char *s, size_t len, int *unseen);

/* The conservative bin for values not seen when binning: the one with the highest WOE
 * (the riskiest group). Returns 0 when V has no bins. */
size_t er_bin_fallback(const struct er_bin_var *v);

/* Frees what V owns and zeroes it. V may be NULL. */
void er_bin_var_free(struct er_bin_var *v);

/* The binning table file (CSV or TSV), one row per bin, columns in this order:
 *   variable, type (numeric|categorical), kind (range|category|other|special|missing),
 *   bin (label), lower, upper (empty = -inf/+inf or not a range), categories (joined by
 *   "%,%"), count, good, bad, bad_rate, woe, bin_iv, total_iv
 * Rows of one variable are consecutive, in the bin order above. */

/* Writes the header row. Returns 0 or the writer's status. */
int er_bin_write_header(er_writer *w);

/* Writes V's rows. Returns 0 or the writer's status (ER_EDATA, ER_EIO). */
int er_bin_write_var(er_writer *w, const struct er_bin_var *v);

/* Reads a binning table from PATH ("-" = stdin) into *VARS (*NVARS entries), keeping the
 * stored WOE values (not recomputed) so training and scoring agree. Returns 0, or ER_EIO
 * (cannot read, or a malformed table: message names file and line) / ER_ENOMEM with ERR set.
 * Free with er_bin_vars_free. */
int er_bin_read(const char *path, struct er_bin_var **vars, size_t *nvars, char *err);

/* Frees VARS[0..N-1] and the array. VARS may be NULL. */
void er_bin_vars_free(struct er_bin_var *vars, size_t n);

/* The variable called NAME in VARS[0..N-1], or NULL. */
const struct er_bin_var *er_bin_lookup(const struct er_bin_var *vars, size_t n, const char *name);

/* Separator between categories in labels and in the categories column. */
#define ER_BIN_CAT_SEP "%,%"

/* CATS[0..N-1] joined by ER_BIN_CAT_SEP; with ESCAPE, a '%' or '\' inside a category is
 * written "\%" or "\\" so that er_bin_split_cats gets the categories back. NULL when out of
 * memory; the caller frees. */
char *er_bin_join_cats(char *const *cats, size_t n, int escape);

/* Splits S, joined by er_bin_join_cats with ESCAPE, into *CATS (*N of them; free each and the
 * array). Returns 0 or -1 when out of memory. */
int er_bin_split_cats(const char *s, char ***cats, size_t *n);

#endif
