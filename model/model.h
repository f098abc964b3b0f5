/* model: the risk model file that er-train writes and er-score reads (man/er-model.5).
 *
 * One plain-text file, one record per line, fields separated by tabs (a tab, newline, CR or
 * backslash inside a name is written \t, \n, \r, \\). It holds everything scoring needs: the
 * format version, the id column, the scaling, the blend weight, the grade cut-offs, the
 * modules with their weights, every indicator with its direction, bins, WOE and points, the
 * trees, and a training summary. Its last line is "checksum<TAB>" and the XXH3-64 (seed 0) of
 * every byte before that line, as 16 lowercase hex digits; a file whose checksum, version or
 * structure is wrong is refused. Numbers are written in their shortest round-trip form, so the
 * same model always gives the same bytes.
 *
 * Scoring (er_model_score): the scorecard part adds the points of each indicator's bin to its
 * base points; the gbdt part walks the trees; both are on the points scale (score =
 * A - B * log-odds) and the final score is blend * scorecard + (1 - blend) * gbdt. The pd is
 * the score through the calibration map (calib.h) when the file has one. */
#ifndef ER_MODEL_H
#define ER_MODEL_H

#include <stddef.h>
#include <stdint.h>

#include "lib/hash.h"
#include "model/bin.h"
#include "model/calib.h"
#include "model/gbdt.h"
#include "model/scorecard.h"
#include "model/treeshap.h"

#define ER_MODEL_VERSION 1
#define ER_MODEL_REASONS 3

enum er_model_method { ER_MODEL_SCORECARD = 0, ER_MODEL_GBDT, ER_MODEL_ENSEMBLE };

struct er_model_feature {
	struct er_bin_var var; /* name, type and bins (with WOE and counts); no bins when only
	                               the trees use the indicator, as a number */
	size_t module;         /* index into the modules */
	char direction;        /* '+' higher is riskier, '-' lower is riskier, '?' unknown */
	int in_scorecard;      /* 1: the scorecard uses it */
	double coef;           /* its coefficient on WOE in its module's sub-model */
	double *points;        /* var.nbins: scorecard points of each bin */
	double *module_points; /* var.nbins: points of each bin in the module sub-score */
	double best_points;    /* the most points any bin earns (reasons compare with it) */
	long gbdt_col;         /* its column among the trees' inputs, -1 when unused */
	size_t fast_ranges;    /* set by the loader: the number of leading range bins when
	                               they are all a number can fall in (no special bins), so
	                               scoring searches them directly; 0: use er_bin_find_num */
};

struct er_model_module {
	char *name;         /* the indicator name prefix before '.', "-" for none */
	double intercept;   /* sub-model intercept */
	double weight;      /* weight of the module's log-odds in the scorecard */
	double base_points; /* sub-score base points: A - B * intercept */
};

struct er_model_summary {
	char *key, *value;
};

struct er_model {
	enum er_model_method method;
	char *id_col; /* id column named in training */
	struct er_scaling scaling;
	double blend;          /* weight of the scorecard: 1 scorecard only, 0 trees only */
	double cuts[3];        /* grade A: score >= cuts[0]; B >= cuts[1]; C >= cuts[2]; else D */
	struct er_calib calib; /* score -> pd, fitted on out-of-fold scores; n 0 (a file
	                               written before it): pd is the logistic of the score */
	double sc_intercept;   /* scorecard second-level intercept */
	double sc_base_points; /* scorecard base points */
	struct er_model_module *mod;
	size_t nmod;
	struct er_model_feature *feat;
	size_t nfeat;
	struct er_gbdt gbdt; /* trees (ntrees 0 for a scorecard) */
	struct er_model_summary *summary;
	size_t nsummary, summary_cap;
	char id[ER_HASH_HEXLEN]; /* set by the loader: the file's checksum (XXH3-64 in hex), which
	                            names the model in every row scored and every audit line */
};

/* Writes M's scorecard as a table (CSV or TSV as W writes): a header, a "(base)" row with the
 * base points, then one row per bin of each scorecard indicator: indicator, module, bin,
 * lower, upper (empty: open or not a range), count, good, bad, bad_rate, woe, points. A
 * score's scorecard part is the base points plus the points of each indicator's bin (in an
 * ensemble, blended with the trees' score). Returns 0 or the writer's status. */
int er_model_write_points(er_writer *w, const struct er_model *m);

/* The name of METHOD: "scorecard", "gbdt" or "ensemble". */
const char *er_model_method_name(enum er_model_method method);

/* Serialises M into a new NUL-terminated buffer *BUF of *LEN bytes (caller frees), checksum
 * line included.
 * Returns 0, or ER_ENOMEM / ER_EDATA (a name that cannot be written) with ERR set. */
int er_model_write(const struct er_model *m, char **buf, size_t *len, char *err);

/* Parses model text TEXT[0..LEN-1] (LF or CRLF line ends) into M (free with er_model_free).
 * NAME is the file name for messages. Returns 0, ER_EIO for a bad checksum, version or structure (ERR names the
 * file and line), or ER_ENOMEM. */
int er_model_parse(const char *text, size_t len, const char *name, struct er_model *m, char *err);

/* Reads and parses the model file PATH. Returns 0, ER_EIO (unreadable or bad file), or
 * ER_ENOMEM, with ERR set. Free M with er_model_free. */
int er_model_load(const char *path, struct er_model *m, char *err);

/* Adds the summary line KEY = VALUE (copied). Returns 0 or ER_ENOMEM. */
int er_model_add_summary(struct er_model *m, const char *key, const char *value);

/* The fewest points any bin of F earns (its best_points when it has no bins). Can't fail. */
double er_model_worst_points(const struct er_model_feature *f);

/* Fills each feature's best_points from its points. Can't fail. */
void er_model_set_best_points(struct er_model *m);

/* The pd of SCORE: through M's calibration map, or without one the logistic of the score's
 * log-odds. Can't fail. */
double er_model_pd(const struct er_model *m, double score);

/* Grade letter 'A'..'D' of SCORE under M's cut-offs. */
char er_model_grade(const struct er_model *m, double score);

/* Frees what M owns and zeroes it (M may be NULL). */
void er_model_free(struct er_model *m);

/* The count-weighted mean of F's scorecard points over its bins' training rows (0 when not
 * in the scorecard or without counts). Can't fail. */
double er_model_mean_points(const struct er_model_feature *f);

/* Scratch space and results of scoring one row. */
struct er_model_result {
	double score, pd;
	char grade;
	double *module_score;            /* nmod sub-scores */
	size_t reason[ER_MODEL_REASONS]; /* feature indexes costing the most points */
	size_t nreasons;
	size_t unseen;     /* indicators whose value had no bin of its own */
	size_t not_number; /* numeric indicators whose text was not a number (scored
	                               as missing) */
	size_t *bin;       /* nfeat: each feature's bin (its points: feat[j].points[bin[j]]) */
	double *contrib;   /* gbdt.ncols: each tree column's contribution to the trees' log-odds
	                    (TreeSHAP; the path rule for a file without covers) */
	double bias;       /* the trees' log-odds of the average row: margin = bias + sum of contrib */
	/* scratch */
	double *cost;
	float *gx;
	double *x;
	er_treeshap *shap;         /* the trees' TreeSHAP tables, or NULL: */
	struct er_gbdt_path *path; /* the walk's scratch (tables too large) */
};

/* The most memory a result's TreeSHAP tables may take; beyond it the walk is used. */
#define ER_MODEL_SHAP_TABLE_MAX ((size_t)128 << 20)

/* Allocates the result arrays for M (with its TreeSHAP tables, made here once). Returns 0 or
 * ER_ENOMEM. Free with er_model_result_free. */
int er_model_result_init(const struct er_model *m, struct er_model_result *r);

/* Frees R's arrays (R may be NULL). */
void er_model_result_free(struct er_model_result *r);

/* Scores one row: TEXT[j] / LEN[j] is the field of feature j (LEN 0 = missing). With
 * WANT_DETAIL 0 the module scores, reasons, bins and contributions are skipped (faster).
 * A reason's cost is in points of the score: blend * (the points of the feature's best bin -
 * the points of its bin) + (1 - blend) * B * its trees' contribution (B = PDO / ln 2, the
 * points per unit of log-odds: the trees' score is A - B * log-odds). Can't fail: a value
 * without its own bin (a category not seen in training, a missing value where training had
 * none) takes the riskiest bin (er_bin_find_num/er_bin_find_cat) and is counted in unseen;
 * a numeric field that is not a number is scored as missing and counted in not_number. */
void er_model_score(const struct er_model *m, const char *const *text, const size_t *len, int want_detail,
                    struct er_model_result *r);

/* The same with numeric features given as numbers X[j] (NaN = missing); TEXT and LEN are
 * read only for categorical features (and may be NULL when there are none). */
void er_model_score_values(const struct er_model *m, const double *x, const char *const *text, const size_t *len,
                           int want_detail, struct er_model_result *r);

#endif
