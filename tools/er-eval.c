/* er-eval: judge scores against outcomes: AUC, KS, Gini, log loss, Brier, calibration, lift
 * and gains by decile, bad rate by grade, PSI and CSI against a baseline, segments and
 * vintages, and a challenger beside the champion with DeLong's test. */
#include <math.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "model/eval_run.h"

enum {
	OPT_LABELS = ER_OPT_TOOL,
	OPT_LABEL,
	OPT_ID,
	OPT_BY,
	OPT_BASELINE,
	OPT_FEATURES,
	OPT_BASELINE_FEATURES,
	OPT_COMPARE,
	OPT_CUTOFF,
	OPT_DECILES,
	OPT_CALIBRATION,
	OPT_GRADES,
	OPT_CSI,
	OPT_HTML,
	OPT_AUDIT
};

static const struct er_opt options[] = {
	ER_OPT_TEXT("Outcomes:"),
	{"labels", 0, "FILE", OPT_LABELS, "outcomes from an id,label file (er-ingest's labels table)", NULL},
	{"label", 0, "COL", OPT_LABEL, "outcomes from this column of SCORES", NULL},
	{"id", 0, "COL", OPT_ID, "the id column (default: {})", "the first column"},
	{"audit", 0, "FILE", OPT_AUDIT, "judge the decisions or alerts on record in FILE instead", NULL},
	{"by", 0, "COL", OPT_BY, "measure per value of COL too; a date column: per month", NULL},
	ER_OPT_TEXT("Stability and comparison:"),
	{"baseline", 0, "SCORES", OPT_BASELINE, "PSI of the score against these earlier scores", NULL},
	{"features", 0, "FILE", OPT_FEATURES, "CSI of every indicator of FILE ...", NULL},
	{"baseline-features", 0, "FILE", OPT_BASELINE_FEATURES, "... against the same indicators in FILE", NULL},
	{"compare", 0, "OTHER", OPT_COMPARE, "a challenger's scores beside SCORES on the same rows", NULL},
	{"cutoff", 0, "[pd:|score:]X", OPT_CUTOFF,
         "the swap set: both models accept when pd < X (score:X:\n"
         "score > X; X alone: pd when SCORES has it)",
         NULL},
	ER_OPT_TEXT("Tables:"),
	{"deciles", 0, "FILE", OPT_DECILES, "lift and gains by score decile", NULL},
	{"calibration", 0, "FILE", OPT_CALIBRATION, "mean pd against bad rate per pd decile", NULL},
	{"grades", 0, "FILE", OPT_GRADES, "bad rate by grade", NULL},
	{"csi", 0, "FILE", OPT_CSI, "CSI per indicator with its band", NULL},
	{"html", 0, "FILE", OPT_HTML, "all of them on one page with charts", NULL},
	ER_OPT_TEXT(""),
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-eval [--labels FILE | --label COL] [OPTION]... SCORES\n"
		 "   or: er-eval --audit FILE --labels FILE [--id KEY]\n"
		 "Judge scored rows (er-score's output) against their outcomes. Writes a metric,value\n"
		 "table: rows, labelled, unlabelled, rejected, bads, bad_rate, auc, gini, ks, logloss,\n"
		 "brier, ece, and psi, auc_challenger, delong_p ... when asked. The score judged is pd\n"
		 "(higher is riskier), or without a pd column the score (higher is safer).\n"
		 "Without outcomes every row is unlabelled (PSI and CSI still apply).\n"
		 "With SCORES -, read standard input.\n"
		 "With --audit, the decisions of er-decide --audit (or alerts of er-alert --audit)\n"
		 "joined on id (--id: another member) to the labels: group,value,rows,labelled,\n"
		 "unlabelled,bads,bad_rate for all, by decision, by level and by grade.\n"
		 "\n",
	.opts = options,
	.col = 29,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 success, 1 some rows rejected (malformed, duplicate id, a label not\n"
		  "0 or 1, a pd not a probability) or a column missing, 2 usage error, 3 input/output\n"
		  "error, 4 out of memory.\n",
};

/* Handles the options of er-eval's own table. Returns -1 to go on, else main's status. */
static int
option(struct er_eval_opts *o, struct er_cli_io *io, int c, char **argv)
{
	switch (c) {
	case OPT_LABELS: o->labels = optarg; break;
	case OPT_LABEL: o->label_col = optarg; break;
	case OPT_ID: o->id_col = optarg; break;
	case OPT_BY: o->by = optarg; break;
	case OPT_BASELINE: o->baseline = optarg; break;
	case OPT_FEATURES: o->features = optarg; break;
	case OPT_BASELINE_FEATURES: o->baseline_features = optarg; break;
	case OPT_COMPARE: o->compare = optarg; break;
	case OPT_CUTOFF: {
		const char *x = optarg;
		if (strncmp(x, "pd:", 3) == 0)
			o->cutoff_scale = "pd", x += 3;
		else if (strncmp(x, "score:", 6) == 0)
			o->cutoff_scale = "score", x += 6;
		return er_cli_parse_double(x, &o->cutoff, -1e15, 1e15, "cutoff") ? ER_EUSAGE : -1;
	}
	case OPT_DECILES: o->deciles = optarg; break;
	case OPT_CALIBRATION: o->calibration = optarg; break;
	case OPT_GRADES: o->grades = optarg; break;
	case OPT_CSI: o->csi = optarg; break;
	case OPT_HTML: o->html = optarg; break;
	case OPT_AUDIT: o->audit = optarg; break;
	default: return er_cli_option(io, c, optarg, argv, &spec);
	}
	return -1;
}

/* er-eval --audit: the decisions on record against their outcomes. NARGS: files after the
 * options (none allowed). */
static int
audit_main(struct er_eval_opts *o, struct er_cli_io *io, int nargs)
{
	const char *other = o->label_col ? "--label"
		: o->by                  ? "--by"
		: o->baseline            ? "--baseline"
		: o->features            ? "--features"
		: o->baseline_features   ? "--baseline-features"
		: o->compare             ? "--compare"
		: !isnan(o->cutoff)      ? "--cutoff"
		: o->deciles             ? "--deciles"
		: o->calibration         ? "--calibration"
		: o->grades              ? "--grades"
		: o->csi                 ? "--csi"
		: o->html                ? "--html"
					 : NULL;
	if (nargs)
		return er_usage_error("--audit FILE takes the place of SCORES: no SCORES file with it");
	if (other)
		return er_usage_error("--audit and %s: %s judges scored rows, --audit decisions", other, other);
	if (!o->labels)
		return er_usage_error("--audit needs --labels FILE: the outcomes to join");
	if (strcmp(o->audit, "-") == 0 && strcmp(o->labels, "-") == 0)
		return er_usage_error("--audit - and --labels -: standard input can be read once");
	unsigned closed = er_cli_guard_std_fds();
	char *const paths[] = {(char *)o->audit, (char *)o->labels};
	if (er_cli_stdin_closed(closed, paths, 2))
		return ER_EIO;
	struct er_diag diag = er_cli_diag();
	o->diag = &diag;
	struct er_eval_counts n;
	char err[ER_ERRLEN];
	int status = er_eval_audit(o, &n, err);
	if (status)
		er_warn("%s", err);
	if (!io->quiet && status != ER_ENOMEM) {
		if (n.rejected)
			er_warn("%zu of %zu lines of '%s' left out", n.rejected, n.rows, o->audit);
		if (n.superseded)
			er_warn("%zu lines replaced by a later line of the same id", n.superseded);
		if (n.unlabelled)
			er_warn("%zu ids without an outcome (first '%s') counted as unlabelled", n.unlabelled,
			        n.first_unlabelled);
	}
	return er_cli_finish(NULL, status ? status : n.rejected || n.label_rejected ? ER_EDATA : ER_OK);
}

int
main(int argc, char **argv)
{
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_eval_opts o = {.io = &io, .cutoff = NAN};
	int c, rc;
	char opt_err[ER_ERRLEN];
	struct er_opt_parser p;

	er_set_progname("er-eval");
	if (er_opt_begin(&p, &spec, opt_err) != 0)
		return er_usage_error("%s", opt_err);
	while ((c = er_opt_next(&p, argc, argv)) != -1)
		if ((rc = option(&o, &io, c, argv)) >= 0)
			return rc;
	if (o.audit)
		return audit_main(&o, &io, argc - optind);
	if (argc - optind != 1)
		return er_usage_error(argc == optind ? "no SCORES file given" : "one SCORES file only");
	if (o.labels && o.label_col)
		return er_usage_error("--labels and --label: give the outcomes one way");
	if (!o.features != !o.baseline_features || (o.csi && !o.features))
		return er_usage_error("%s: CSI compares the two",
		                      o.csi && !o.features ? "--csi without --features and --baseline-features"
		                              : o.features ? "--features without --baseline-features"
		                                           : "--baseline-features without --features");
	const char *in_names[] = {"SCORES", "--labels", "--baseline", "--features", "--baseline-features", "--compare"};
	const char *in_paths[] = {argv[optind], o.labels, o.baseline, o.features, o.baseline_features, o.compare};
	for (size_t i = 0, first = 6; i < 6; i++)
		if (in_paths[i] && strcmp(in_paths[i], "-") == 0) {
			if (first < 6)
				return er_usage_error("%s - and %s -: standard input can be read once", in_names[first],
				                      in_names[i]);
			first = i;
		}
	if (!isnan(o.cutoff) && !o.compare)
		return er_usage_error("--cutoff needs --compare");
	unsigned closed = er_cli_guard_std_fds();
	o.scores = argv[optind];
	if (er_cli_stdin_closed(closed, argv + optind, 1))
		return ER_EIO;
	struct er_diag diag = er_cli_diag();
	o.diag = &diag;
	struct er_eval_counts n;
	char err[ER_ERRLEN];
	int status = er_eval_run(&o, &n, err);
	if (status)
		er_warn("%s", err);
	/* a run out of memory did not finish: its counts would mislead, its message is the last */
	if (!io.quiet && status != ER_ENOMEM) {
		if (n.rejected)
			er_warn("%zu of %zu rows of '%s' rejected", n.rejected, n.rows, o.scores);
		if (n.other_rejected)
			er_warn("%zu rows of the compare, baseline or feature files rejected", n.other_rejected);
		if (n.unlabelled)
			er_warn("%zu rows without an outcome (first id '%s') counted as unlabelled, not measured",
			        n.unlabelled, n.first_unlabelled);
	}
	int bad = n.rejected || n.label_rejected || n.other_rejected;
	return er_cli_finish(NULL, status ? status : bad ? ER_EDATA : ER_OK);
}
