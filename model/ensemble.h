/* ensemble: training the risk model (er-train): binning and selection (screen.h), the
 * two-level scorecard, the trees, and their blend learned on out-of-fold predictions.
 *
 * The indicators er-screen selects go to the scorecard and to the trees (every indicator to
 * the trees with all_indicators); the trees take numbers as they are, categories as the WOE
 * of their bin, and an indicator with an expected direction (catalogue, --directions) as a
 * monotone constraint. Rows are split into folds by a hash of their id; each fold is
 * predicted by a scorecard and trees trained on the other folds with the same options; the
 * fold's bins are made (or, when given, their WOE counted) on the other folds' rows too, so
 * no row's label reaches its own prediction. These out-of-fold predictions choose the blend
 * weight w (scorecard share, on the log-odds scale; a grid of 0, 0.05, ..., 1, chosen by
 * AUC, so the blend is never worse out of fold than its better part), fit the calibration
 * map from score to pd (calib.h) and set the grade cut-offs: none of them sees a score of a
 * row the model was fitted on.
 *
 * With the number of trees left to er-train (trees 0) and no validation rows, each fold's
 * trees are trained on the other folds but the next one (fold k+1 mod K) and stop early on
 * that next fold's AUC, so the rows that choose a fold's trees are never the rows it
 * predicts; the final trees (on every row) are the mean of the folds' best rounds. With
 * validation rows the final fit stops on them and the folds train that many trees.
 *
 * With coding ER_SCORECARD_AUTO the scorecard is chosen among four candidates by its
 * out-of-fold AUC on the training rows alone: WOE coding on the
 * screen's selection; WOE on every indicator (min_iv 0, max_corr 1: the other screen rules
 * still apply); bin steps on the screen's selection and on every indicator, both with bins of
 * at least ER_ENSEMBLE_STEPS_MIN_BIN of the rows (or min_bin when smaller): a step per bin
 * with its sign kept, under the L2 prior, can use finer bins than one slope on the WOE.
 * Given --selected names pin the selection (two candidates). The first candidate (the plain
 * default) is kept unless another beats its out-of-fold AUC by more than
 * ER_ENSEMBLE_AUTO_MARGIN, and only with at least ER_ENSEMBLE_AUTO_MIN_CLASS bad and good
 * rows: on small data every candidate's AUC is noise. Among those that clear it the
 * highest AUC wins (the first on a tie). Without out-of-fold scores (too few rows) the first
 * candidate is taken. The trees keep the screen's selection under
 * the options as given, whatever the scorecard takes. */
#ifndef ER_ENSEMBLE_H
#define ER_ENSEMBLE_H

#include <stddef.h>
#include <stdio.h>

#include "model/bin.h"
#include "model/calib.h"
#include "model/gbdt.h"
#include "model/grade.h"
#include "model/metrics.h"
#include "model/model.h"
#include "model/scorecard.h"
#include "model/screen.h"

/* The most rounds early stopping may keep. */
#define ER_ENSEMBLE_TREES_MAX 5000

/* The folds when none are given (folds 0): a scorecard's fits are cheap, so it takes five;
 * with trees, each fold trains nearly as many rounds as the final fit (and stops on another
 * fold), so five folds would cost 1.5 times XGBoost's own 400-round fit where three cost
 * 0.9 times it (Taiwan split, one thread), for the same test AUC. */
#define ER_ENSEMBLE_FOLDS_SCORECARD 5
#define ER_ENSEMBLE_FOLDS_TREES 3

/* The finest bins (share of rows) of the bin-steps candidates of coding auto. */
#define ER_ENSEMBLE_STEPS_MIN_BIN 0.02

/* The candidates of coding auto, in the order they are tried. */
#define ER_ENSEMBLE_CANDIDATES 4

/* Coding auto's guard: the least out-of-fold AUC gain over the first candidate, and the
 * fewest bad rows and good rows for any other candidate to be taken. */
#define ER_ENSEMBLE_AUTO_MARGIN 0.003
#define ER_ENSEMBLE_AUTO_MIN_CLASS 50

struct er_ensemble_opts {
	enum er_model_method method;
	struct er_screen_opts screen; /* binning and selection rules */
	char *const *selected;        /* --selected names (NULL: er-screen's selection) */
	size_t nselected;
	const struct er_bin_var *bins; /* --bins variables (NULL: bin here) */
	size_t nbins;
	double l2;                       /* scorecard L2 strength on the summed log-loss (a
	                                       normal prior of this precision per coefficient) */
	enum er_scorecard_coding coding; /* WOE, bin steps or auto (see above) */
	int unique_max;                  /* binning here: a numeric scorecard indicator with at
	                                       most this many distinct values gets a bin per value
	                                       (0: never) */
	struct er_scaling scaling;
	struct er_gbdt_params gbdt; /* trees 0: chosen by early stopping (ER_ENSEMBLE_TREES_MAX
	                               at most) */
	int all_indicators;         /* 1: the trees take every indicator, not only the selected */
	int folds;                  /* cross-validation folds for the blend (0: er_ensemble_folds) */
	double shares[ER_GRADES];   /* grade shares A..D */
	int cuts_given;             /* 1: use cuts instead of shares */
	double cuts[ER_GRADES - 1];
	const char *id_col;
	const struct er_frame *oot; /* out-of-time rows (er-train --holdout-by), reported
	                                beside the holdout; NULL: none */
	int importance;             /* 1: measure each indicator's mean |SHAP| over the
	                                training rows (the report's importance) */
};

/* The data sets a report shows: train, out-of-fold (oof), valid, holdout, out-of-time (oot). */
#define ER_ENSEMBLE_SETS 5

/* Metrics of one data set, its bad rate per grade, its calibration (mean pd and bad rate per
 * tenth of the rows by pd, and the expected calibration error), and each row's score and
 * label (for the report's charts). */
struct er_ensemble_eval {
	int present;
	struct er_metrics m;
	size_t grade_n[ER_GRADES], grade_bad[ER_GRADES];
	struct er_calib_bin calib[ER_CALIB_BINS];
	double ece;
	double *score;    /* m.n scores (points, higher is safer); owned */
	unsigned char *y; /* m.n labels, 1 bad; owned */
};

struct er_ensemble_report {
	struct er_ensemble_eval train, oof, valid, holdout, oot; /* oof: the out-of-fold scores; oot:
	                                                              out-of-time rows */
	int has_oof; /* every row has an out-of-fold score (else grades and pd come from the
	                 training scores, as with too few rows for the folds) */
	double oof_auc_scorecard, oof_auc_gbdt, oof_auc_blend; /* NaN: that part not trained */
	struct er_gbdt_info gbdt;
	int trees_auto;   /* the number of trees was chosen by early stopping */
	size_t nselected; /* scorecard indicators */
	size_t ngbdt;     /* tree indicators, of which rising and falling constrained */
	size_t nrising, nfalling;
	int coding_auto;                              /* the scorecard was chosen (coding auto) */
	double candidate_auc[ER_ENSEMBLE_CANDIDATES]; /* their out-of-fold AUCs (NaN: not tried) */
	int chosen;                                   /* the candidate taken */
	/* With opts importance: per model feature, the mean over the training rows of the
	 * absolute SHAP value of the score, in points: blend * (points of its bin - its mean
	 * points) - (1 - blend) * B * its TreeSHAP contribution to the trees' log-odds (for a
	 * scorecard the mean |points deviation|). IMPORTANCE_ORDER lists the features from the
	 * most important (ties in model order). Both owned, NULL when not measured. */
	double *importance;
	size_t *importance_order;
};

/* The name of coding auto's candidate K (< ER_ENSEMBLE_CANDIDATES), such as "steps, every
 * indicator". Can't fail. */
const char *er_ensemble_candidate_name(int k);

/* Sets the defaults: ensemble, er-screen's selection defaults, l2 20, coding auto, a bin per
 * value for numeric indicators of at most 12 values, the default scaling (scorecard.h),
 * er_gbdt_params_init with trees 0 (chosen by early stopping), selected indicators only,
 * folds 0 (er_ensemble_folds), shares 0.25 each, id "id". */
void er_ensemble_opts_init(struct er_ensemble_opts *o);

/* The folds O cross-validates with: O->folds, or when 0 ER_ENSEMBLE_FOLDS_SCORECARD for a
 * scorecard alone and ER_ENSEMBLE_FOLDS_TREES when trees are trained. Can't fail. */
int er_ensemble_folds(const struct er_ensemble_opts *o);

/* Trains model M on TRAIN (ids IDS[0..train->nrows-1], used for the folds), checking the
 * trees against VALID (may be NULL: early stopping within the folds) and reporting on VALID and HOLDOUT
 * (may be NULL; both loaded with TRAIN as their pattern, so their columns match). TRAIN's
 * numeric values are read in place and left as they were. REP may be NULL; when given, it is filled even
 * on failure and freed with er_ensemble_report_free. Returns 0, or ER_EUSAGE (no
 * indicator to use, a --selected name that is not a column, bad options), ER_EDATA (the
 * trees failed, no bad or no good row) or ER_ENOMEM, with ERR set. Free M with
 * er_model_free. */
int er_ensemble_train(struct er_frame *train, char *const *ids, const struct er_frame *valid,
                      const struct er_frame *holdout, const struct er_ensemble_opts *o, struct er_model *m,
                      struct er_ensemble_report *rep, char *err);

/* Writes the report as text lines on F: metrics, bad rate per grade, calibration, module and
 * indicator weights. Returns 0 or ER_EIO. */
int er_ensemble_print_report(FILE *f, const struct er_model *m, const struct er_ensemble_report *rep);

/* Writes the report as one self-contained HTML page on F (inline CSS and SVG, no scripts, no
 * external references): AUC, KS and Gini of each data set, the ROC curves, a KS chart and a
 * score distribution per data set, the bad rate per grade, the calibration table and chart,
 * the module and indicator weights.
 * TITLE names the input. Returns 0, ER_EIO (F failed) or ER_ENOMEM. */
int er_ensemble_write_html(FILE *f, const struct er_model *m, const struct er_ensemble_report *rep, const char *title);

/* Frees the score arrays REP holds (REP may be NULL). Can't fail. */
void er_ensemble_report_free(struct er_ensemble_report *rep);

/* Removes column ID_COL (loaded as categorical) from D and returns each row's id in a new
 * array *IDS (D->nrows strings; free each and the array). Returns 0, or ER_EDATA (no such
 * column, or an empty id: message names it) / ER_ENOMEM with ERR set. */
int er_ensemble_take_ids(struct er_frame *d, const char *id_col, char ***ids, char *err);

/* Copies the rows I of SRC with KEEP[I] == WANT (and their ids, when IDS is not NULL, into
 * *OUT_IDS) into DST, a table of the same columns. Returns 0 or ER_ENOMEM. Free DST with
 * er_frame_free. */
int er_ensemble_subset(const struct er_frame *src, char *const *ids, const unsigned char *keep, int want,
                       struct er_frame *dst, char ***out_ids, char *err);

/* Frees N ids and the array (IDS may be NULL). */
void er_ensemble_free_ids(char **ids, size_t n);

#endif
