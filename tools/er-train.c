/* er-train: learn the risk model (scorecard, gradient-boosted trees, or their blend) from a
 * labelled feature table and write the model file (man/er-model.5). */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "lib/num.h"
#include "model/screen_option.h"
#include "model/train_run.h"

enum {
	OPT_ID = ER_OPT_TOOL,
	OPT_LABEL,
	OPT_LABELS,
	OPT_BAD,
	OPT_METHOD,
	OPT_BINS,
	OPT_SELECTED,
	OPT_DIRECTIONS,
	OPT_CATEGORICAL,
	OPT_EXCLUDE,
	OPT_L2,
	OPT_BASE_POINTS,
	OPT_BASE_ODDS,
	OPT_PDO,
	OPT_TREES,
	OPT_ETA,
	OPT_MAX_DEPTH,
	OPT_MAX_LEAVES,
	OPT_SUBSAMPLE,
	OPT_COLSAMPLE,
	OPT_MAX_BIN,
	OPT_THREADS,
	OPT_SEED,
	OPT_VALID,
	OPT_EARLY_STOP,
	OPT_FOLDS,
	OPT_GRADE_SHARES,
	OPT_GRADE_CUTS,
	OPT_HOLDOUT,
	OPT_FINE_BINS,
	OPT_MAX_BINS,
	OPT_MIN_BIN,
	OPT_SHAPE,
	OPT_MAX_CORR,
	OPT_REPORT,
	OPT_CODING,
	OPT_MAX_UNIQUE,
	OPT_MIN_IV,
	OPT_POINTS,
	OPT_IMPORTANCE,
	OPT_BREAKS,
	OPT_SPECIAL,
	OPT_HOLDOUT_BY,
	OPT_ALL_INDICATORS
};

static const struct er_opt options[] = {
	ER_OPT_TEXT("Input:"),
	{"id", 0, "COL", OPT_ID, "the id column (default {}); folds and --holdout hash it", "id"},
	{"label", 0, "COL", OPT_LABEL, "the label column (default {})", "label"},
	{"labels", 0, "FILE", OPT_LABELS, "take labels from FILE (columns id and label), joined on --id", NULL},
	{"bad", 0, "VALUE", OPT_BAD, "the label value meaning bad; every other value is good", NULL},
	{"categorical", 0, "COLS", OPT_CATEGORICAL, "read these comma-separated columns as categories", NULL},
	{"exclude", 0, "COLS", OPT_EXCLUDE, "columns that are not indicators (asof is always left out)", NULL},
	{"bins", 0, "FILE", OPT_BINS, "binning table from er-screen --bins (default: {})",
         "bin here with\n"
         "er-screen's defaults"},
	{"selected", 0, "FILE", OPT_SELECTED,
         "indicator names for the scorecard, one per line, from\n"
         "er-screen --selected (default: {})",
         "er-screen's selection"},
	{"directions", 0, "FILE", OPT_DIRECTIONS,
         "expected directions of risk (name,direction) beyond the\n"
         "er-features catalogue",
         NULL},
	ER_OPT_TEXT("Binning and selection (when no --bins/--selected; as er-screen unless said):"),
	{"fine-bins", 0, "N", OPT_FINE_BINS, "quantile fine bins before merging (default {})", "20"},
	{"max-bins", 0, "N", OPT_MAX_BINS, "at most N bins per indicator (default {})", "8"},
	{"min-bin", 0, "SHARE", OPT_MIN_BIN, "each bin at least this share of rows (default {})", "0.05"},
	{"shape", 0, "S", OPT_SHAPE,
         "WOE shape: {} (default), ascending, descending,\n"
         "peak, valley or auto (the best of all four)",
         "monotone"},
	{"max-unique", 0, "N", OPT_MAX_UNIQUE,
         "a numeric scorecard indicator with at most N distinct\n"
         "values gets a bin per value (default {}; 0 never;\n"
         "er-train only)",
         "12"},
	{"breaks", 0, "VAR=B1,...", OPT_BREAKS,
         "bin VAR at these breaks, or a categorical VAR in these\n"
         "bins (VAR=A|B;C), as er-screen; may be repeated",
         NULL},
	{"special", 0, "[VAR=]V,...", OPT_SPECIAL,
         "values binned on their own (codes such as 96,98), in\n"
         "every column or in VAR alone, as er-screen",
         NULL},
	{"min-iv", 0, "X", OPT_MIN_IV, "select indicators of IV at least X (default {})", "0.02"},
	{"max-corr", 0, "R", OPT_MAX_CORR,
         "drop the weaker of two indicators correlated above R\n"
         "(default {}; 1 keeps all)",
         "0.7"},
	ER_OPT_TEXT("Model:"),
	{"method", 0, "M", OPT_METHOD, "{} (default), scorecard or gbdt", "ensemble"},
	{"output", 'o', "FILE", 'o', "write the model to FILE (- or default: {})", "standard output"},
	{"report", 0, "FILE", OPT_REPORT,
         "also write the report as a self-contained HTML page with\n"
         "ROC, KS, score distribution and calibration charts (-:\n"
         "standard output, with -o FILE)",
         NULL},
	{"points", 0, "FILE", OPT_POINTS,
         "also write the scorecard (ensemble: its scorecard half;\n"
         "gbdt: refused) as a table, one row per bin: indicator,\n"
         "module, bin, lower, upper, count, good, bad, bad_rate,\n"
         "woe, points (-: standard output, with -o FILE)",
         NULL},
	{"importance", 0, "FILE", OPT_IMPORTANCE,
         "also write each indicator's mean |SHAP| of the score in\n"
         "points over the training rows: indicator, mean_abs_shap\n"
         "(scorecard: mean_abs_points_deviation), rank (-: standard\n"
         "output, with -o FILE)",
         NULL},
	ER_OPT_TEXT("Scorecard:"),
	{"coding", 0, "C", OPT_CODING,
         "{} (default): woe or steps, with the screen's selection\n"
         "or every indicator, whichever has the best out-of-fold\n"
         "AUC; woe: one coefficient on the WOE per indicator;\n"
         "steps: points per bin, never more for a bin of higher WOE",
         "auto"},
	{"l2", 0, "X", OPT_L2,
         "L2 penalty on the summed log-loss, a normal prior of\n"
         "precision X on each coefficient (default {})",
         "20"},
	{"base-points", 0, "P", OPT_BASE_POINTS, "points at the base odds (default {})",
         ER_SCALING_TEXT(ER_SCALING_BASE_POINTS)},
	{"base-odds", 0, "O", OPT_BASE_ODDS, "odds of bad (bad:good) at the base points (default {})",
         "1/" ER_SCALING_TEXT(ER_SCALING_BASE_ODDS_GOOD)},
	{"pdo", 0, "N", OPT_PDO, "points that double the odds (default {})", ER_SCALING_TEXT(ER_SCALING_PDO)},
	ER_OPT_TEXT("Trees (XGBoost, hist method):"),
	{"trees", 0, "N", OPT_TREES,
         "boosting rounds, or {} (default): early stopping in each\n"
         "fold on the next fold's rows (or on --valid) picks them",
         "auto"},
	{"all-indicators", 0, NULL, OPT_ALL_INDICATORS,
         "the trees take every indicator, not only those selected\n"
         "for the scorecard",
         NULL},
	{"learning-rate", 0, "X", OPT_ETA, "shrinkage (default {})", "0.05"},
	{"max-depth", 0, "N", OPT_MAX_DEPTH, "depth limit (default {}; 0 with --max-leaves)", "5"},
	{"max-leaves", 0, "N", OPT_MAX_LEAVES, "leaf limit, grown best first (default {})", "none"},
	{"subsample", 0, "X", OPT_SUBSAMPLE, "row share per tree (default {})", "0.8"},
	{"colsample", 0, "X", OPT_COLSAMPLE, "column share per tree (default {})", "0.8"},
	{"max-bin", 0, "N", OPT_MAX_BIN, "histogram bins per indicator, at most 255 (default {})", "255"},
	{"threads", 0, "N", OPT_THREADS, "threads (default {})", "1"},
	{"seed", 0, "N", OPT_SEED, "random seed (default {})", "0"},
	{"valid", 0, "FILE", OPT_VALID, "validation rows: early stopping on their AUC, and a report", NULL},
	{"early-stop", 0, "N", OPT_EARLY_STOP, "rounds without a better checked AUC (default {})", "50"},
	ER_OPT_TEXT("Ensemble and grades:"),
	{"folds", 0, "N", OPT_FOLDS,
         "cross-validation folds; their out-of-fold scores set the\n"
         "blend weight, the pd calibration and the grades (default\n"
         "{})",
         "5 for a scorecard, 3 with trees"},
	{"grade-shares", 0, "A,B,C,D", OPT_GRADE_SHARES,
         "shares of out-of-fold scores in grades A..D (default\n"
         "{})",
         "0.25,0.25,0.25,0.25"},
	{"grade-cuts", 0, "CA,CB,CC", OPT_GRADE_CUTS, "given score cut-offs of grades A, B and C instead", NULL},
	{"holdout", 0, "SHARE", OPT_HOLDOUT,
         "keep this share of rows (by a hash of the id) out of\n"
         "training and report on them",
         NULL},
	{"holdout-by", 0, "COL:DATE", OPT_HOLDOUT_BY,
         "also keep every row whose date in COL is DATE or later\n"
         "out of training (an out-of-time test, before --holdout\n"
         "draws from the rest) and report on them as oot",
         NULL},
	ER_OPT_TEXT(""),
	{NULL, 0, NULL, 0, NULL, NULL}};

/* er-train writes a model file, not a table: the output options are refused, not ignored;
 * progress is shown while reading. */
static const struct er_opt_spec spec = {
	.usage = "Usage: er-train [OPTION]... [FILE]...\n"
		 "Learn a risk model from a feature table with an id and a good/bad label, and write the\n"
		 "model file (er-model(5)) that er-score applies. The training report goes to stderr\n"
		 "unless --quiet.\n"
		 "With no FILE, or when FILE is -, read standard input.\n"
		 "\n",
	.opts = options,
	.col = 27,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 success, 1 some rows left out (missing or unknown label) or training\n"
		  "failed, 2 usage error, 3 input/output error, 4 out of memory.\n",
};

/* An int option's value into *OUT (er_cli_int_value), or its usage message. */
static int
parse_int(const char *s, int *out, int lo, int hi, const char *name)
{
	char err[ER_ERRLEN];
	return er_cli_int_value(s, lo, hi, name, out, err) ? er_usage_error("%s", err) : 0;
}

/* What the options collect before they go into er_train_opts. */
struct lists {
	char **categorical, **exclude;
	size_t ncat, nexcl;
	struct er_screen_specs specs;
	double base_points, base_odds, pdo;
};

/* Handles option C of the model, its binning or its grades. Returns 0, ER_EUSAGE or
 * ER_ENOMEM after a message, or -1 when C is not one of them. Over 120 lines because it is
 * one flat case per option (range and message beside each), which reads best unbroken. */
static int
model_option(int c, char *arg, struct er_train_opts *o, struct lists *l)
{
	struct er_ensemble_opts *eo = &o->ensemble;
	long long seed; /* and --trees */
	switch (c) {
	case OPT_METHOD:
		if (strcmp(arg, "ensemble") == 0)
			eo->method = ER_MODEL_ENSEMBLE;
		else if (strcmp(arg, "scorecard") == 0)
			eo->method = ER_MODEL_SCORECARD;
		else if (strcmp(arg, "gbdt") == 0)
			eo->method = ER_MODEL_GBDT;
		else
			return er_usage_error("unknown --method '%s' (ensemble, scorecard, gbdt)", arg);
		break;
	case OPT_CATEGORICAL:
		if (er_cli_split_list(arg, &l->categorical, &l->ncat))
			return ER_ENOMEM;
		break;
	case OPT_EXCLUDE:
		if (er_cli_split_list(arg, &l->exclude, &l->nexcl))
			return ER_ENOMEM;
		break;
	case OPT_L2:
		if (er_cli_parse_double(arg, &eo->l2, 0, 1e6, "l2"))
			return ER_EUSAGE;
		break;
	case OPT_BASE_POINTS:
		if (er_cli_parse_double(arg, &l->base_points, -1e9, 1e9, "base-points"))
			return ER_EUSAGE;
		break;
	case OPT_BASE_ODDS:
		if (er_cli_parse_double(arg, &l->base_odds, 1e-12, 1e12, "base-odds"))
			return ER_EUSAGE;
		break;
	case OPT_PDO:
		if (er_cli_parse_double(arg, &l->pdo, -1e9, 1e9, "pdo"))
			return ER_EUSAGE;
		break;
	case OPT_TREES:
		if (strcmp(arg, "auto") == 0)
			eo->gbdt.trees = 0;
		else if (er_num_parse_int(arg, strlen(arg), &seed) != ER_NUM_OK || seed < 1 || seed > 100000)
			return er_usage_error("--trees must be auto or a whole number from 1 to 100000, not '%s'", arg);
		else
			eo->gbdt.trees = (int)seed;
		break;
	case OPT_ALL_INDICATORS: eo->all_indicators = 1; break;
	case OPT_ETA:
		if (er_cli_parse_double(arg, &eo->gbdt.eta, 1e-6, 1, "learning-rate"))
			return ER_EUSAGE;
		break;
	case OPT_MAX_DEPTH:
		if (parse_int(arg, &eo->gbdt.max_depth, 0, 20, "max-depth"))
			return ER_EUSAGE;
		break;
	case OPT_MAX_LEAVES:
		if (parse_int(arg, &eo->gbdt.max_leaves, 2, 1 << 16, "max-leaves"))
			return ER_EUSAGE;
		break;
	case OPT_SUBSAMPLE:
		if (er_cli_parse_double(arg, &eo->gbdt.subsample, 1e-6, 1, "subsample"))
			return ER_EUSAGE;
		break;
	case OPT_COLSAMPLE:
		if (er_cli_parse_double(arg, &eo->gbdt.colsample, 1e-6, 1, "colsample"))
			return ER_EUSAGE;
		break;
	case OPT_MAX_BIN:
		if (parse_int(arg, &eo->gbdt.max_bin, 2, 255, "max-bin"))
			return ER_EUSAGE;
		break;
	case OPT_THREADS:
		if (parse_int(arg, &eo->gbdt.nthread, 1, 256, "threads"))
			return ER_EUSAGE;
		break;
	case OPT_SEED:
		if (er_num_parse_int(arg, strlen(arg), &seed) != ER_NUM_OK || seed < 0)
			return er_usage_error("--seed must be a whole number >= 0, not '%s'", arg);
		eo->gbdt.seed = (uint64_t)seed;
		break;
	case OPT_EARLY_STOP:
		if (parse_int(arg, &eo->gbdt.early_stop, 1, 100000, "early-stop"))
			return ER_EUSAGE;
		break;
	case OPT_FOLDS:
		if (parse_int(arg, &eo->folds, 2, 100, "folds"))
			return ER_EUSAGE;
		break;
	case OPT_GRADE_SHARES:
		if (er_grade_parse_list(arg, eo->shares, ER_GRADES))
			return er_usage_error("bad --grade-shares '%s' (expected A,B,C,D shares)", arg);
		break;
	case OPT_GRADE_CUTS:
		if (er_grade_parse_list(arg, eo->cuts, ER_GRADES - 1) || !(eo->cuts[0] >= eo->cuts[1]) ||
		    !(eo->cuts[1] >= eo->cuts[2]))
			return er_usage_error("bad --grade-cuts '%s' (expected three descending scores)", arg);
		eo->cuts_given = 1;
		break;
	case OPT_HOLDOUT_BY: {
		char *colon = strchr(arg, ':');
		if (!colon || colon == arg ||
		    er_date_parse(colon + 1, strlen(colon + 1), NULL, &o->holdout_from, NULL) != ER_DATE_OK)
			return er_usage_error("bad --holdout-by '%s' (expected COL:YYYY-MM-DD)", arg);
		*colon = '\0';
		o->holdout_by = arg;
		break;
	}
	case OPT_HOLDOUT:
		if (er_cli_parse_double(arg, &o->holdout, 0, 0.9, "holdout"))
			return ER_EUSAGE;
		break;
	case OPT_CODING:
		if (strcmp(arg, "woe") == 0)
			eo->coding = ER_SCORECARD_WOE;
		else if (strcmp(arg, "steps") == 0)
			eo->coding = ER_SCORECARD_BIN_STEPS;
		else if (strcmp(arg, "auto") == 0)
			eo->coding = ER_SCORECARD_AUTO;
		else
			return er_usage_error("unknown --coding '%s' (auto, woe, steps)", arg);
		break;
	case OPT_MAX_UNIQUE:
		if (parse_int(arg, &eo->unique_max, 0, 60, "max-unique"))
			return ER_EUSAGE;
		break;
	default: {
		/* the binning and selection options, shared with er-screen */
		char err[ER_ERRLEN];
		const char *name = er_opt_name(options, c);
		int rc = name ? er_screen_option(&eo->screen, &l->specs, name, arg, err) : -1;
		return rc == ER_EUSAGE ? er_usage_error("%s", err) : rc;
	}
	}
	return 0;
}

/* Checks the options that depend on each other and trains on INPUTS. Returns the exit
 * status; L stays the caller's to free. */
static int
train(struct er_train_opts *o, struct lists *l, const char *bad, const struct er_cli_io *io, int ninputs, char **inputs)
{
	char err[ER_ERRLEN];

	if (o->report && strcmp(o->report, "-") == 0 && !o->output)
		return er_usage_error("--report - and the model both on standard output: give -o FILE");
	if (o->points && strcmp(o->points, "-") == 0 && (!o->output || (o->report && strcmp(o->report, "-") == 0)))
		return er_usage_error("--points - needs standard output to itself: give -o FILE (and no --report -)");
	if (o->importance && strcmp(o->importance, "-") == 0 &&
	    (!o->output || (o->report && strcmp(o->report, "-") == 0) || (o->points && strcmp(o->points, "-") == 0)))
		return er_usage_error("--importance - needs standard output to itself: give -o FILE (and no other -)");
	struct er_ensemble_opts *eo = &o->ensemble;
	if (o->points && eo->method == ER_MODEL_GBDT)
		return er_usage_error("--points writes the scorecard, and --method gbdt has none (ensemble's "
		                      "scorecard half has one)");
	if (er_scaling_init(&eo->scaling, l->base_points, l->base_odds, l->pdo, err))
		return er_usage_error("%s", err);
	/* each fold's trees stop on the next fold: with two folds none would be left to fit on */
	if (eo->method != ER_MODEL_SCORECARD && eo->gbdt.trees == 0 && !o->valid && er_ensemble_folds(eo) < 3)
		return er_usage_error("--trees auto stops each fold's trees on another fold: it needs --folds 3 or "
		                      "more, --valid FILE or --trees N");
	struct er_gbdt_params gp = eo->gbdt;
	if (gp.trees == 0) /* auto: checked with the most it may train */
		gp.trees = ER_ENSEMBLE_TREES_MAX;
	if (er_gbdt_params_check(&gp, err))
		return er_usage_error("%s", err);
	if (!eo->cuts_given) {
		int rc = er_grade_cuts_from_shares((double[]){0}, 1, eo->shares, eo->cuts, err);
		if (rc == ER_ENOMEM)
			return er_warn("%s", err), rc;
		if (rc)
			return er_usage_error("%s", err);
	}
	eo->id_col = o->load.id_col;
	er_label_init(&o->load.label, bad);
	char **excl = realloc(l->exclude, (l->nexcl + 1) * sizeof *excl);
	if (!excl)
		return er_warn("out of memory"), ER_ENOMEM;
	l->exclude = excl; /* main frees it */
	excl[l->nexcl++] = (char *)"asof";
	o->load.exclude = excl;
	o->load.nexclude = l->nexcl;
	o->load.categorical = l->categorical;
	o->load.ncategorical = l->ncat;
	struct er_diag diag = er_cli_diag();
	o->load.diag = &diag;
	o->log = io->quiet ? NULL : stderr;
	o->inputs = inputs;
	o->ninputs = (size_t)ninputs;
	size_t rejected = 0;
	int status = er_train_run(o, &rejected, err);
	if (status)
		er_warn("%s", err);
	else if (rejected)
		status = ER_EDATA;
	return status;
}

int
main(int argc, char **argv)
{
	struct er_cli_io io;
	struct er_train_opts o;
	struct lists l;
	const char *bad = NULL;
	int c, rc, status = 0;

	er_set_progname("er-train");
	/* Training allocates and frees the same large matrices once per fold and per scorecard
	 * candidate. glibc would map each one afresh and unmap it on free, so every fold faulted
	 * its pages in again (a tenth of an ensemble's time): kept in the heap, they are reused. */
	mallopt(M_MMAP_THRESHOLD, 32 << 20);
	mallopt(M_TRIM_THRESHOLD, 256 << 20);
	er_cli_io_init(&io);
	er_train_opts_init(&o, &io);
	memset(&l, 0, sizeof l);
	l.base_points = o.ensemble.scaling.base_points;
	l.base_odds = o.ensemble.scaling.base_odds;
	l.pdo = o.ensemble.scaling.pdo;
	struct er_cli_args cli = {0};
	while (!status && (c = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (c) {
		case 'o': o.output = strcmp(optarg, "-") == 0 ? NULL : optarg; break;
		case OPT_ID: o.load.id_col = optarg, o.id_given = 1; break;
		case OPT_LABEL: o.load.label_col = optarg; break;
		case OPT_LABELS: o.labels = optarg; break;
		case OPT_BAD: bad = optarg; break;
		case OPT_BINS: o.bins = optarg; break;
		case OPT_SELECTED: o.selected = optarg; break;
		case OPT_DIRECTIONS: o.directions = optarg; break;
		case OPT_VALID: o.valid = optarg; break;
		case OPT_REPORT: o.report = optarg; break;
		case OPT_POINTS: o.points = optarg; break;
		case OPT_IMPORTANCE: o.importance = optarg; break;
		default:
			/* an option of the model itself; never -1: every id of the table is handled */
			if ((rc = model_option(c, optarg, &o, &l)) > 0)
				status = rc;
		}
	}
	if (cli.status >= 0)
		status = cli.status;
	else if (!status)
		status = train(&o, &l, bad, &io, argc - optind, argv + optind);
	free(l.exclude);
	free(l.categorical);
	er_screen_specs_free(&l.specs);
	return er_cli_finish(NULL, status);
}
