/* er-screen: univariate analysis, binning and indicator selection (单变量分析与指标筛选). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/vec.h"
#include "model/screen_option.h"
#include "model/screen_run.h"

enum {
	OPT_ID = ER_OPT_TOOL,
	OPT_LABEL,
	OPT_LABELS,
	OPT_BAD,
	OPT_METHOD,
	OPT_BREAKS,
	OPT_FINE_BINS,
	OPT_MAX_BINS,
	OPT_MIN_BIN,
	OPT_SHAPE,
	OPT_ZERO_COUNT,
	OPT_CHI_LIMIT,
	OPT_STOP_LIMIT,
	OPT_SPECIAL,
	OPT_CATEGORICAL,
	OPT_EXCLUDE,
	OPT_MIN_IV,
	OPT_MAX_MISSING,
	OPT_MAX_IDENTICAL,
	OPT_MAX_PSI,
	OPT_MAX_CORR,
	OPT_NO_CORR,
	OPT_NO_DIRECTION,
	OPT_BASELINE,
	OPT_DIRECTIONS,
	OPT_BINS,
	OPT_SELECTED,
	OPT_HTML
};

static const struct er_opt options[] = {
	ER_OPT_TEXT("Input:"),
	{"id", 0, "COL", OPT_ID, "the id column, never an indicator (default {})", "id"},
	{"label", 0, "COL", OPT_LABEL, "the label column (default {})", "label"},
	{"labels", 0, "FILE", OPT_LABELS,
         "take labels from FILE (columns named by --id and --label),\n"
         "joined on the id",
         NULL},
	{"bad", 0, "VALUE", OPT_BAD,
         "the label value meaning bad; every other value is good\n"
         "(default: {})",
         "1/0, bad/good, true/false, y/n, yes/no"},
	{"categorical", 0, "COLS", OPT_CATEGORICAL, "read these comma-separated columns as categories", NULL},
	{"exclude", 0, "COLS", OPT_EXCLUDE, "columns that are not indicators (dates, names)", NULL},
	{"special", 0, "[VAR=]V,...", OPT_SPECIAL,
         "values binned on their own (codes such as -999), in\n"
         "every column or in VAR alone",
         NULL},
	ER_OPT_TEXT("Binning:"),
	{"method", 0, "M", OPT_METHOD, "{} (default), quantile, chimerge, tree or unique", "monotonic"},
	{"breaks", 0, "VAR=B1,...", OPT_BREAKS,
         "bin VAR at these ascending breaks ([-Inf,B1), [B1,B2), ...),\n"
         "or a categorical VAR in these bins (VAR=A|B;C: ';' between\n"
         "bins, '|' joins categories); may be repeated",
         NULL},
	{"fine-bins", 0, "N", OPT_FINE_BINS, "quantile fine bins before merging (default {}, at most 256)", "20"},
	{"max-bins", 0, "N", OPT_MAX_BINS, "at most N bins per indicator (default {})", "8"},
	{"min-bin", 0, "SHARE", OPT_MIN_BIN, "each bin at least this share of rows (default {})", "0.05"},
	{"shape", 0, "S", OPT_SHAPE,
         "monotonic WOE shape: {} (default), ascending,\n"
         "descending, peak, valley or auto (the best of all four)",
         "monotone"},
	{"zero-count", 0, "C", OPT_ZERO_COUNT, "count used for an empty good or bad cell (default {})", "0.99"},
	{"chi-limit", 0, "X", OPT_CHI_LIMIT, "chimerge: merge while chi-square is below X (default {})", "2.706"},
	{"stop-limit", 0, "X", OPT_STOP_LIMIT, "tree: stop when a split adds less than X of the IV (default {})",
         "0.1"},
	ER_OPT_TEXT("Selection:"),
	{"min-iv", 0, "X", OPT_MIN_IV, "keep IV >= X (default {})", "0.02"},
	{"max-missing", 0, "X", OPT_MAX_MISSING, "keep missing rate <= X (default {})", "0.95"},
	{"max-identical", 0, "X", OPT_MAX_IDENTICAL, "keep identical rate <= X (default {})", "0.95"},
	{"max-psi", 0, "X", OPT_MAX_PSI, "keep PSI <= X against --baseline (default {})", "0.25"},
	{"max-corr", 0, "X", OPT_MAX_CORR,
         "of two indicators with |r| > X on WOE drop the lower IV\n"
         "(default {})",
         "0.7"},
	{"no-corr", 0, NULL, OPT_NO_CORR, "no correlation check", NULL},
	{"no-direction", 0, NULL, OPT_NO_DIRECTION, "no check of the expected direction of risk", NULL},
	{"baseline", 0, "FILE", OPT_BASELINE, "an earlier table with the same columns, for PSI", NULL},
	{"directions", 0, "FILE", OPT_DIRECTIONS,
         "expected directions (columns name,direction: + - = ?); the\n"
         "er-features catalogue gives those of the names it knows",
         NULL},
	ER_OPT_TEXT("Outputs:"),
	{"bins", 0, "FILE", OPT_BINS, "write the binning table (one row per bin) to FILE", NULL},
	{"selected", 0, "FILE", OPT_SELECTED, "write the selected names, one per line, to FILE", NULL},
	{"html", 0, "FILE", OPT_HTML,
         "write a self-contained HTML report with charts to FILE\n"
         "(one of the three may be -: standard output, in place of\n"
         "the report)",
         NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-screen [OPTION]... [FILE]...\n"
		 "Bin every indicator of a feature table against a good/bad label, measure it (missing and\n"
		 "identical rate, IV, KS, AUC, direction, PSI) and select the ones to model.\n"
		 "The report (one row per indicator, highest IV first) goes to standard output.\n"
		 "With no FILE, or when FILE is -, read standard input.\n"
		 "\n",
	.opts = options,
	.col = 27,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 success, 1 some rows left out (missing or unknown label), 2 usage error,\n"
		  "3 I/O error, 4 out of memory.\n",
};

/* What the options collect before they go into er_screen_run_opts. */
struct lists {
	char **categorical, **exclude;
	size_t ncat, nexcl;
};

/* Handles option C of binning and selection. Returns 0, ER_EUSAGE or ER_ENOMEM after a
 * message, or -1 when C is not one of them. */
static int
screen_option(int c, char *arg, struct er_screen_opts *so, struct er_screen_specs *b, struct lists *l)
{
	switch (c) {
	case OPT_CATEGORICAL: return er_cli_split_list(arg, &l->categorical, &l->ncat) != 0 ? ER_ENOMEM : 0;
	case OPT_EXCLUDE: return er_cli_split_list(arg, &l->exclude, &l->nexcl) != 0 ? ER_ENOMEM : 0;
	}
	char err[ER_ERRLEN];
	const char *name = er_opt_name(options, c);
	int rc = name ? er_screen_option(so, b, name, arg, err) : -1;
	return rc == ER_EUSAGE ? er_usage_error("%s", err) : rc;
}

int
main(int argc, char **argv)
{
	struct er_cli_io io;
	struct er_screen_run_opts o;
	struct er_screen_specs b;
	struct lists l;
	const char *bad = NULL;
	char err[ER_ERRLEN];
	int c, rc;

	er_set_progname("er-screen");
	er_cli_io_init(&io);
	er_screen_run_opts_init(&o, &io);
	memset(&b, 0, sizeof b);
	memset(&l, 0, sizeof l);
	struct er_cli_args cli = {0};
	while ((c = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (c) {
		case OPT_ID: o.load.id_col = optarg; break;
		case OPT_LABEL: o.load.label_col = optarg; break;
		case OPT_LABELS: o.labels = optarg; break;
		case OPT_BAD: bad = optarg; break;
		case OPT_BASELINE: o.baseline = optarg; break;
		case OPT_DIRECTIONS: o.directions = optarg; break;
		case OPT_BINS: o.bins = optarg; break;
		case OPT_SELECTED: o.selected = optarg; break;
		case OPT_HTML: o.html = optarg; break;
		default:
			/* an option of the screening itself; never -1: every id of the table is handled */
			rc = screen_option(c, optarg, &o.screen, &b, &l);
			if (rc != 0)
				cli.status = rc;
		}
		if (cli.status >= 0)
			break;
	}
	if (cli.status >= 0) {
		er_screen_specs_free(&b);
		free(l.categorical), free(l.exclude);
		return cli.status;
	}
	if ((o.bins && strcmp(o.bins, "-") == 0) + (o.selected && strcmp(o.selected, "-") == 0) +
	            (o.html && strcmp(o.html, "-") == 0) >
	    1) {
		er_screen_specs_free(&b);
		free(l.categorical), free(l.exclude);
		return er_usage_error("only one of --bins, --selected and --html can be - (standard output)");
	}
	er_label_init(&o.load.label, bad);
	o.screen.specs = &b;
	o.load.categorical = l.categorical;
	o.load.ncategorical = l.ncat;
	o.load.exclude = l.exclude;
	o.load.nexclude = l.nexcl;
	struct er_diag diag = er_cli_diag();
	o.load.diag = &diag;
	o.inputs = argv + optind;
	o.ninputs = (size_t)(argc - optind);
	struct er_screen_run_counts n;
	int status = er_screen_run_files(&o, &n, err);
	if (status && n.usage)
		er_usage_error("%s", err);
	else if (status)
		er_warn("%s", err);
	else {
		if (!io.quiet)
			er_warn("%zu rows labelled (%zu bad), %zu left out; %zu indicators, %zu selected", n.nlabelled,
			        n.nbad, n.rejected, n.nindicators, n.nselected);
		status = n.output_status ? n.output_status : n.rejected > 0 ? ER_EDATA : ER_OK;
	}
	er_screen_specs_free(&b);
	free(l.categorical), free(l.exclude);
	return er_cli_finish(NULL, status);
}
