/* er-train: learn the risk model (scorecard, gradient-boosted trees, or their blend) from a
 * labelled feature table and write the model file (man/er-model.5). */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "model/ensemble.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "data/label.h"
#include "lib/num.h"

enum {
	OPT_ID = ER_OPT_TOOL, OPT_LABEL, OPT_LABELS, OPT_BAD, OPT_METHOD, OPT_BINS, OPT_SELECTED,
	OPT_DIRECTIONS, OPT_CATEGORICAL, OPT_EXCLUDE, OPT_L2, OPT_BASE_POINTS, OPT_BASE_ODDS, OPT_PDO,
	OPT_TREES, OPT_ETA, OPT_MAX_DEPTH, OPT_MAX_LEAVES, OPT_SUBSAMPLE, OPT_COLSAMPLE, OPT_MAX_BIN,
	OPT_THREADS, OPT_SEED, OPT_VALID, OPT_EARLY_STOP, OPT_FOLDS, OPT_GRADE_SHARES, OPT_GRADE_CUTS,
	OPT_HOLDOUT, OPT_FINE_BINS, OPT_MAX_BINS, OPT_MIN_BIN, OPT_SHAPE, OPT_MAX_CORR, OPT_REPORT, OPT_CODING, OPT_MAX_UNIQUE, OPT_MIN_IV
};

static const struct option long_options[] = {
	{"output", required_argument, NULL, 'o'},
	{"id", required_argument, NULL, OPT_ID},
	{"label", required_argument, NULL, OPT_LABEL},
	{"labels", required_argument, NULL, OPT_LABELS},
	{"bad", required_argument, NULL, OPT_BAD},
	{"method", required_argument, NULL, OPT_METHOD},
	{"bins", required_argument, NULL, OPT_BINS},
	{"selected", required_argument, NULL, OPT_SELECTED},
	{"directions", required_argument, NULL, OPT_DIRECTIONS},
	{"categorical", required_argument, NULL, OPT_CATEGORICAL},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"l2", required_argument, NULL, OPT_L2},
	{"base-points", required_argument, NULL, OPT_BASE_POINTS},
	{"base-odds", required_argument, NULL, OPT_BASE_ODDS},
	{"pdo", required_argument, NULL, OPT_PDO},
	{"trees", required_argument, NULL, OPT_TREES},
	{"learning-rate", required_argument, NULL, OPT_ETA},
	{"max-depth", required_argument, NULL, OPT_MAX_DEPTH},
	{"max-leaves", required_argument, NULL, OPT_MAX_LEAVES},
	{"subsample", required_argument, NULL, OPT_SUBSAMPLE},
	{"colsample", required_argument, NULL, OPT_COLSAMPLE},
	{"max-bin", required_argument, NULL, OPT_MAX_BIN},
	{"threads", required_argument, NULL, OPT_THREADS},
	{"seed", required_argument, NULL, OPT_SEED},
	{"valid", required_argument, NULL, OPT_VALID},
	{"early-stop", required_argument, NULL, OPT_EARLY_STOP},
	{"folds", required_argument, NULL, OPT_FOLDS},
	{"grade-shares", required_argument, NULL, OPT_GRADE_SHARES},
	{"grade-cuts", required_argument, NULL, OPT_GRADE_CUTS},
	{"holdout", required_argument, NULL, OPT_HOLDOUT},
	{"fine-bins", required_argument, NULL, OPT_FINE_BINS},
	{"max-bins", required_argument, NULL, OPT_MAX_BINS},
	{"min-bin", required_argument, NULL, OPT_MIN_BIN},
	{"shape", required_argument, NULL, OPT_SHAPE},
	{"max-corr", required_argument, NULL, OPT_MAX_CORR},
	{"report", required_argument, NULL, OPT_REPORT},
	{"coding", required_argument, NULL, OPT_CODING},
	{"max-unique", required_argument, NULL, OPT_MAX_UNIQUE},
	{"min-iv", required_argument, NULL, OPT_MIN_IV},
	ER_CLI_IO_LONG_OPTIONS,
	{NULL, 0, NULL, 0}
};

static const char usage_text[] =
	"Usage: er-train [OPTION]... [FILE]...\n"
	"Learn a risk model from a feature table with an id and a good/bad label, and write the\n"
	"model file (er-model(5)) that er-score applies. The training report goes to stderr.\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"Input:\n"
	"      --id COL             the id column (default id); folds and --holdout hash it\n"
	"      --label COL          the label column (default label)\n"
	"      --labels FILE        take labels from FILE (columns id and label), joined on --id\n"
	"      --bad VALUE          the label value meaning bad; every other value is good\n"
	"      --categorical COLS   read these comma-separated columns as categories\n"
	"      --exclude COLS       columns that are not indicators (asof is always left out)\n"
	"      --bins FILE          binning table from er-screen --bins (default: bin here with\n"
	"                           er-screen's defaults)\n"
	"      --selected FILE      indicator names for the scorecard, one per line, from\n"
	"                           er-screen --selected (default: er-screen's selection)\n"
	"      --directions FILE    expected directions of risk (name,direction) beyond the\n"
	"                           er-features catalogue\n"
	"Binning and selection (when no --bins/--selected; as er-screen unless said):\n"
	"      --fine-bins N        quantile fine bins before merging (default 20)\n"
	"      --max-bins N         at most N bins per indicator (default 8)\n"
	"      --min-bin SHARE      each bin at least this share of rows (default 0.05)\n"
	"      --shape S            WOE shape: monotone (default), ascending, descending,\n"
	"                           peak, valley or auto (the best of all four)\n"
	"      --max-unique N       a numeric scorecard indicator with at most N distinct\n"
	"                           values gets a bin per value (default 12; 0 never;\n"
	"                           er-train only)\n"
	"      --min-iv X           select indicators of IV at least X (default 0.02)\n"
	"      --max-corr R         drop the weaker of two indicators correlated above R\n"
	"                           (default 0.7; 1 keeps all)\n"
	"Model:\n"
	"      --method M           ensemble (default), scorecard or gbdt\n"
	"  -o, --output FILE        write the model to FILE (default standard output)\n"
	"      --report FILE        also write the report as a self-contained HTML page with\n"
	"                           ROC, KS and score distribution charts\n"
	"Scorecard:\n"
	"      --coding C           woe (default): one coefficient on the WOE per indicator;\n"
	"                           steps: points per bin, never more for a bin of higher WOE\n"
	"      --l2 X               L2 penalty on the summed log-loss, a normal prior of\n"
	"                           precision X on each coefficient (default 20)\n"
	"      --base-points P      points at the base odds (default "
	ER_SCALING_TEXT(ER_SCALING_BASE_POINTS) ")\n"
	"      --base-odds O        odds of bad (bad:good) at the base points (default 1/"
	ER_SCALING_TEXT(ER_SCALING_BASE_ODDS_GOOD) ")\n"
	"      --pdo N              points that double the odds (default " ER_SCALING_TEXT(ER_SCALING_PDO) ")\n"
	"Trees (XGBoost, hist method):\n"
	"      --trees N            boosting rounds (default 400)\n"
	"      --learning-rate X    shrinkage (default 0.05)\n"
	"      --max-depth N        depth limit (default 5; 0 with --max-leaves)\n"
	"      --max-leaves N       leaf limit, grown best first (default none)\n"
	"      --subsample X        row share per tree (default 0.8)\n"
	"      --colsample X        column share per tree (default 0.8)\n"
	"      --max-bin N          histogram bins per indicator, at most 255 (default 255)\n"
	"      --threads N          threads (default 1)\n"
	"      --seed N             random seed (default 0)\n"
	"      --valid FILE         validation rows: early stopping on their AUC, and a report\n"
	"      --early-stop N       rounds without a better validation AUC (default 50)\n"
	"Ensemble and grades:\n"
	"      --folds N            cross-validation folds for the blend weight (default 5)\n"
	"      --grade-shares A,B,C,D  shares of training rows in grades A..D (default\n"
	"                           0.25,0.25,0.25,0.25)\n"
	"      --grade-cuts CA,CB,CC   given score cut-offs of grades A, B and C instead\n"
	"      --holdout SHARE      keep this share of rows (by a hash of the id) out of\n"
	"                           training and report on them\n"
	"\n"
	ER_CLI_IO_HELP
	"\n"
	"Exit status: 0 success, 1 some rows left out (missing or unknown label) or training\n"
	"failed, 2 usage error, 3 input/output error, 4 out of memory.\n";

static int parse_int(const char *s, int *out, int lo, int hi, const char *name)
{
	long long v;
	if (er_num_parse_int(s, strlen(s), &v) != ER_NUM_OK || v < lo || v > hi)
		return er_usage_error("--%s must be a whole number from %d to %d, not '%s'", name, lo, hi, s);
	*out = (int)v;
	return 0;
}

/* Reads names, one per line (blank lines and a "name" header skipped). */
static int read_names(const char *path, char ***names, size_t *n, char *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;
	int rc = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || strcmp(line, "name") == 0)
			continue;
		char **p = realloc(*names, (*n + 1) * sizeof *p);
		if (!p || !(p[*n] = strdup(line))) {
			if (p)
				*names = p;
			rc = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		*names = p;
		(*n)++;
	}
	if (!rc && ferror(f))
		rc = er_fail(err, ER_EIO, "cannot read '%s'", path);
	free(line);
	fclose(f);
	return rc;
}

/* Writes LEN bytes of BUF to PATH (NULL: stdout). Returns 0 or ER_EIO after a message. */
static int write_all(const char *path, const char *buf, size_t len)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f) {
		er_warn("cannot open '%s': %s", path, strerror(errno));
		return ER_EIO;
	}
	int bad = fwrite(buf, 1, len, f) != len;
	bad |= fflush(f) != 0;
	bad |= ferror(f) != 0;
	if (path)
		bad |= fclose(f) != 0;
	if (bad) {
		er_warn("write error '%s': %s", path ? path : "stdout", strerror(errno));
		return ER_EIO;
	}
	return 0;
}

/* Writes the HTML report to PATH; its title names the input files. Returns 0, or ER_EIO /
 * ER_ENOMEM after a message. */
static int write_report(const char *path, const struct er_model *m, const struct er_ensemble_report *rep,
                        char *const *inputs, size_t ninputs)
{
	char title[512];
	size_t at = 0;
	title[0] = '\0';
	for (size_t i = 0; i < ninputs && at < sizeof title; i++)
		at += (size_t)snprintf(title + at, sizeof title - at, "%s%s", i ? ", " : "",
		                       strcmp(inputs[i], "-") == 0 ? "standard input" : inputs[i]);
	if (ninputs == 0)
		snprintf(title, sizeof title, "standard input");
	FILE *f = fopen(path, "w");
	if (!f) {
		er_warn("cannot open '%s': %s", path, strerror(errno));
		return ER_EIO;
	}
	int rc = er_ensemble_write_html(f, m, rep, title);
	if (fclose(f) != 0 && !rc)
		rc = ER_EIO;
	if (rc == ER_ENOMEM)
		er_warn("out of memory writing the report '%s'", path);
	else if (rc)
		er_warn("write error '%s': %s", path, strerror(errno));
	return rc;
}

/* Loads one table: the id column is read as a category so the ids can be taken out. */
static int load_table(char *const *paths, size_t npaths, struct er_cli_io *io, struct er_frame_load_opts *lo,
                      const char *id_col, int want_ids, const er_label_table *labels,
                      struct er_frame *d, char ***ids, char *err)
{
	int status = 0;
	er_reader *r = er_reader_open(paths, npaths, &io->in, err, &status);
	if (!r)
		return status;
	struct er_frame_load_opts o = *lo;
	char **cat = NULL;
	if (want_ids) {
		/* Load the id as an indicator (a category), labels by column or joined below. */
		cat = malloc((lo->ncategorical + 1) * sizeof *cat);
		if (!cat) {
			er_reader_close(r);
			return er_fail(err, ER_ENOMEM, "out of memory");
		}
		if (lo->ncategorical)
			memcpy(cat, lo->categorical, lo->ncategorical * sizeof *cat);
		cat[lo->ncategorical] = (char *)id_col;
		o.categorical = cat;
		o.ncategorical = lo->ncategorical + 1;
		o.id_col = "\x01no id column";
		o.labels = NULL;
		if (labels)
			o.label_col = NULL;
		if (er_reader_col(r, id_col) < 0) {
			free(cat);
			er_reader_close(r);
			return er_fail(err, ER_EDATA, "no id column '%s' in '%s'", id_col, er_reader_filename(r));
		}
	}
	int rc = er_frame_load(r, &o, d, io->quiet, err);
	er_reader_close(r);
	free(cat);
	if (rc || !want_ids)
		return rc;
	if ((rc = er_ensemble_take_ids(d, id_col, ids, err)))
		return rc;
	if (!labels)
		return 0;
	/* Join the labels on the id; rows without one are left out. */
	unsigned char *keep = malloc(d->nrows ? d->nrows : 1);
	if (!keep)
		return er_fail(err, ER_ENOMEM, "out of memory");
	size_t dropped = 0;
	for (size_t i = 0; i < d->nrows; i++) {
		int lab = er_label_table_get(labels, (*ids)[i], strlen((*ids)[i]));
		keep[i] = lab != ER_LABEL_MISSING;
		d->y[i] = lab == ER_LABEL_BAD;
		dropped += !keep[i];
	}
	struct er_frame sub;
	char **subids = NULL;
	rc = er_ensemble_subset(d, *ids, keep, 1, &sub, &subids, err);
	free(keep);
	if (rc)
		return rc;
	sub.rejected = d->rejected + dropped;
	if (dropped && !io->quiet)
		er_warn("%zu rows left out: no label for id", dropped);
	er_ensemble_free_ids(*ids, d->nrows);
	er_frame_free(d);
	*d = sub;
	*ids = subids;
	return 0;
}

int main(int argc, char **argv)
{
	struct er_cli_io io;
	struct er_ensemble_opts eo;
	struct er_frame_load_opts lo;
	const char *labels_path = NULL, *bad = NULL, *bins_path = NULL, *selected_path = NULL;
	const char *directions_path = NULL, *valid_path = NULL, *output = NULL, *report_path = NULL;
	char **categorical = NULL, **exclude = NULL;
	size_t ncat = 0, nexcl = 0;
	double holdout = 0;
	char err[ER_ERRLEN];
	int c, rc;

	er_set_progname(argv[0]);
	er_cli_io_init(&io);
	er_ensemble_opts_init(&eo);
	memset(&lo, 0, sizeof lo);
	lo.id_col = "id";
	lo.label_col = "label";
	double base_points = eo.scaling.base_points, base_odds = eo.scaling.base_odds, pdo = eo.scaling.pdo;
	long long seed;
	opterr = 0; /* messages in the shared format, from er_cli_other_option */
	while ((c = getopt_long(argc, argv, ":o:", long_options, NULL)) != -1) {
		switch (c) {
		case 'o': output = optarg; break;
		case OPT_ID: lo.id_col = optarg; break;
		case OPT_LABEL: lo.label_col = optarg; break;
		case OPT_LABELS: labels_path = optarg; break;
		case OPT_BAD: bad = optarg; break;
		case OPT_METHOD:
			if (strcmp(optarg, "ensemble") == 0)
				eo.method = ER_MODEL_ENSEMBLE;
			else if (strcmp(optarg, "scorecard") == 0)
				eo.method = ER_MODEL_SCORECARD;
			else if (strcmp(optarg, "gbdt") == 0)
				eo.method = ER_MODEL_GBDT;
			else
				return er_usage_error("unknown --method '%s' (ensemble, scorecard, gbdt)", optarg);
			break;
		case OPT_BINS: bins_path = optarg; break;
		case OPT_SELECTED: selected_path = optarg; break;
		case OPT_DIRECTIONS: directions_path = optarg; break;
		case OPT_CATEGORICAL:
			if (er_cli_split_list(optarg, &categorical, &ncat))
				return ER_ENOMEM;
			break;
		case OPT_EXCLUDE:
			if (er_cli_split_list(optarg, &exclude, &nexcl))
				return ER_ENOMEM;
			break;
		case OPT_L2:
			if (er_cli_parse_double(optarg, &eo.l2, 0, 1e6, "l2"))
				return ER_EUSAGE;
			break;
		case OPT_BASE_POINTS:
			if (er_cli_parse_double(optarg, &base_points, -1e9, 1e9, "base-points"))
				return ER_EUSAGE;
			break;
		case OPT_BASE_ODDS:
			if (er_cli_parse_double(optarg, &base_odds, 1e-12, 1e12, "base-odds"))
				return ER_EUSAGE;
			break;
		case OPT_PDO:
			if (er_cli_parse_double(optarg, &pdo, -1e9, 1e9, "pdo"))
				return ER_EUSAGE;
			break;
		case OPT_TREES:
			if (parse_int(optarg, &eo.gbdt.trees, 1, 100000, "trees"))
				return ER_EUSAGE;
			break;
		case OPT_ETA:
			if (er_cli_parse_double(optarg, &eo.gbdt.eta, 1e-6, 1, "learning-rate"))
				return ER_EUSAGE;
			break;
		case OPT_MAX_DEPTH:
			if (parse_int(optarg, &eo.gbdt.max_depth, 0, 20, "max-depth"))
				return ER_EUSAGE;
			break;
		case OPT_MAX_LEAVES:
			if (parse_int(optarg, &eo.gbdt.max_leaves, 2, 1 << 16, "max-leaves"))
				return ER_EUSAGE;
			break;
		case OPT_SUBSAMPLE:
			if (er_cli_parse_double(optarg, &eo.gbdt.subsample, 1e-6, 1, "subsample"))
				return ER_EUSAGE;
			break;
		case OPT_COLSAMPLE:
			if (er_cli_parse_double(optarg, &eo.gbdt.colsample, 1e-6, 1, "colsample"))
				return ER_EUSAGE;
			break;
		case OPT_MAX_BIN:
			if (parse_int(optarg, &eo.gbdt.max_bin, 2, 255, "max-bin"))
				return ER_EUSAGE;
			break;
		case OPT_THREADS:
			if (parse_int(optarg, &eo.gbdt.nthread, 1, 256, "threads"))
				return ER_EUSAGE;
			break;
		case OPT_SEED:
			if (er_num_parse_int(optarg, strlen(optarg), &seed) != ER_NUM_OK || seed < 0)
				return er_usage_error("--seed must be a whole number >= 0, not '%s'", optarg);
			eo.gbdt.seed = (uint64_t)seed;
			break;
		case OPT_VALID: valid_path = optarg; break;
		case OPT_EARLY_STOP:
			if (parse_int(optarg, &eo.gbdt.early_stop, 1, 100000, "early-stop"))
				return ER_EUSAGE;
			break;
		case OPT_FOLDS:
			if (parse_int(optarg, &eo.folds, 2, 100, "folds"))
				return ER_EUSAGE;
			break;
		case OPT_GRADE_SHARES:
			if (er_grade_parse_list(optarg, eo.shares, ER_GRADES))
				return er_usage_error("bad --grade-shares '%s' (expected A,B,C,D shares)", optarg);
			break;
		case OPT_GRADE_CUTS:
			if (er_grade_parse_list(optarg, eo.cuts, ER_GRADES - 1) || !(eo.cuts[0] >= eo.cuts[1]) ||
			    !(eo.cuts[1] >= eo.cuts[2]))
				return er_usage_error("bad --grade-cuts '%s' (expected three descending scores)", optarg);
			eo.cuts_given = 1;
			break;
		case OPT_FINE_BINS:
			if (parse_int(optarg, &eo.screen.bin.fine_bins, 2, 256, "fine-bins"))
				return ER_EUSAGE;
			break;
		case OPT_MAX_BINS:
			if (parse_int(optarg, &eo.screen.bin.max_bins, 1, 1000, "max-bins"))
				return ER_EUSAGE;
			break;
		case OPT_MIN_BIN:
			if (er_cli_parse_double(optarg, &eo.screen.bin.min_bin, 0, 0.5, "min-bin"))
				return ER_EUSAGE;
			break;
		case OPT_SHAPE: {
			static const char *const shapes[] = {"monotone", "ascending", "descending", "peak", "valley", "auto"};
			size_t k = 0;
			while (k < 6 && strcmp(optarg, shapes[k]) != 0)
				k++;
			if (k == 6)
				return er_usage_error("unknown --shape '%s' (monotone, ascending, descending, peak, valley, auto)",
				                      optarg);
			eo.screen.bin.shape = (enum er_bin_shape)k;
			break;
		}
		case OPT_MAX_CORR:
			if (er_cli_parse_double(optarg, &eo.screen.max_corr, 0, 1, "max-corr"))
				return ER_EUSAGE;
			break;
		case OPT_HOLDOUT:
			if (er_cli_parse_double(optarg, &holdout, 0, 0.9, "holdout"))
				return ER_EUSAGE;
			break;
		case OPT_REPORT: report_path = optarg; break;
		case OPT_CODING:
			if (strcmp(optarg, "woe") == 0)
				eo.coding = ER_SCORECARD_WOE;
			else if (strcmp(optarg, "steps") == 0)
				eo.coding = ER_SCORECARD_BIN_STEPS;
			else
				return er_usage_error("unknown --coding '%s' (woe, steps)", optarg);
			break;
		case OPT_MIN_IV:
			if (er_cli_parse_double(optarg, &eo.screen.min_iv, 0, 1e9, "min-iv"))
				return ER_EUSAGE;
			break;
		case OPT_MAX_UNIQUE:
			if (parse_int(optarg, &eo.unique_max, 0, 60, "max-unique"))
				return ER_EUSAGE;
			break;
		default:
			rc = er_cli_other_option(&io, c, optarg, argv, usage_text);
			if (rc >= 0)
				return rc;
		}
	}
	if (er_scaling_init(&eo.scaling, base_points, base_odds, pdo, err))
		return er_usage_error("%s", err);
	if (er_gbdt_params_check(&eo.gbdt, err))
		return er_usage_error("%s", err);
	if (!eo.cuts_given && er_grade_cuts_from_shares((double[]){0}, 1, eo.shares, eo.cuts, err))
		return er_usage_error("%s", err);
	eo.id_col = lo.id_col;
	er_label_init(&lo.label, bad);
	char **excl = realloc(exclude, (nexcl + 1) * sizeof *excl);
	if (!excl)
		return ER_ENOMEM;
	excl[nexcl++] = (char *)"asof";
	lo.exclude = excl;
	lo.nexclude = nexcl;
	lo.categorical = categorical;
	lo.ncategorical = ncat;

	char **dir_names = NULL, *dir_values = NULL, **selected = NULL;
	size_t ndir = 0, nselected = 0, nbinvars = 0;
	struct er_bin_var *binvars = NULL;
	er_label_table *labels = NULL;
	struct er_frame all = {0}, train = {0}, hold = {0}, valid = {0};
	char **ids = NULL, **train_ids = NULL;
	struct er_model model = {0};
	struct er_ensemble_report rep = {0};
	int status = ER_OK;
	/* from here on every way out goes through done, which frees what was made */
	if (directions_path) {
		if ((rc = er_screen_read_directions(directions_path, &dir_names, &dir_values, &ndir, err))) {
			rc = rc == ER_EDATA ? ER_EIO : rc;
			goto fail;
		}
		eo.screen.dir_name = dir_names;
		eo.screen.dir_value = dir_values;
		eo.screen.ndir = ndir;
	}
	if (selected_path) {
		if ((rc = read_names(selected_path, &selected, &nselected, err)))
			goto fail;
		eo.selected = selected;
		eo.nselected = nselected;
	}
	if (bins_path) {
		if ((rc = er_bin_read(bins_path, &binvars, &nbinvars, err)))
			goto fail;
		eo.bins = binvars;
		eo.nbins = nbinvars;
	}
	if (labels_path) {
		size_t rejected = 0;
		char warn[ER_ERRLEN];
		labels = er_label_table_read(labels_path, "id", "label", &lo.label, &rejected, warn, err, &rc);
		if (!labels) {
			rc = rc == ER_EDATA ? ER_EIO : rc;
			goto fail;
		}
		if (rejected && !io.quiet)
			er_warn("%zu label rows left out, first: %s", rejected, warn);
	}

	rc = load_table(argv + optind, (size_t)(argc - optind), &io, &lo, lo.id_col, 1, labels, &all, &ids, err);
	if (rc)
		goto fail;
	size_t rejected = all.rejected;
	if (holdout > 0) {
		unsigned char *inhold = malloc(all.nrows ? all.nrows : 1);
		if (!inhold) {
			rc = er_fail(err, ER_ENOMEM, "out of memory");
			goto fail;
		}
		for (size_t i = 0; i < all.nrows; i++)
			inhold[i] = er_hash64(ids[i], strlen(ids[i])) % 10000 < (uint64_t)llround(holdout * 10000);
		rc = er_ensemble_subset(&all, ids, inhold, 0, &train, &train_ids, err);
		if (!rc)
			rc = er_ensemble_subset(&all, NULL, inhold, 1, &hold, NULL, err);
		free(inhold);
		if (rc)
			goto fail;
		er_ensemble_free_ids(ids, all.nrows);
		ids = NULL;
		er_frame_free(&all);
	} else {
		train = all;
		memset(&all, 0, sizeof all);
		train_ids = ids;
		ids = NULL;
	}
	if (valid_path) {
		struct er_frame_load_opts vo = lo;
		vo.like = &train;
		vo.labels = labels;
		char *vpaths[1] = {(char *)valid_path};
		if ((rc = load_table(vpaths, 1, &io, &vo, lo.id_col, 0, NULL, &valid, NULL, err)))
			goto fail;
		rejected += valid.rejected;
	}
	if (train.nrows == 0) {
		rc = er_fail(err, ER_EDATA, "no labelled rows to train on");
		goto fail;
	}
	rc = er_ensemble_train(&train, train_ids, valid_path ? &valid : NULL, holdout > 0 ? &hold : NULL, &eo, &model,
	                       &rep, err);
	if (rc)
		goto fail;
	char *buf = NULL;
	size_t len = 0;
	if ((rc = er_model_write(&model, &buf, &len, err)))
		goto fail;
	status = write_all(output, buf, len);
	free(buf);
	if (!io.quiet && er_ensemble_print_report(stderr, &model, &rep))
		status = ER_EIO;
	if (report_path && status == ER_OK)
		status = write_report(report_path, &model, &rep, argv + optind, (size_t)(argc - optind));
	if (status == ER_OK && rejected)
		status = ER_EDATA;
	goto done;
fail:
	er_warn("%s", err);
	status = rc;
done:
	er_model_free(&model);
	er_ensemble_report_free(&rep);
	er_ensemble_free_ids(ids, all.nrows);
	er_ensemble_free_ids(train_ids, train.nrows);
	er_frame_free(&all);
	er_frame_free(&train);
	er_frame_free(&hold);
	er_frame_free(&valid);
	er_label_table_free(labels);
	er_bin_vars_free(binvars, nbinvars);
	for (size_t i = 0; i < nselected; i++)
		free(selected[i]);
	free(selected);
	for (size_t i = 0; i < ndir; i++)
		free(dir_names[i]);
	free(dir_names);
	free(dir_values);
	free(excl);
	free(categorical);
	return status;
}
