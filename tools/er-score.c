/* er-score: apply a model file from er-train to feature rows: score, probability of bad,
 * grade, module sub-scores and the three reasons that cost the most points. */
#include "lib/cli.h"
#include "lib/err.h"
#include "model/score_run.h"

enum { OPT_ID = ER_OPT_TOOL, OPT_KEEP, OPT_NO_REASONS, OPT_CONTRIBUTIONS };

static const struct er_opt options[] = {
	{"model", 'm', "FILE", 'm', "the model file (required)", NULL},
	{"id", 0, "COL", OPT_ID, "the id column (default: {})", "the one named in training"},
	{"keep", 0, "COLS", OPT_KEEP, "copy these comma-separated input columns after the id", NULL},
	{"no-reasons", 0, NULL, OPT_NO_REASONS, "leave out the module scores and reasons (faster)", NULL},
	{"contributions", 0, NULL, OPT_CONTRIBUTIONS,
         "add each indicator's points: points.NAME (its bin's\n"
         "scorecard points), trees.NAME (its TreeSHAP share of\n"
         "the trees' score) after trees.base (the trees' score of\n"
         "the average row)",
         NULL},
	ER_OPT_TEXT(""),
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-score -m MODEL [OPTION]... [FILE]...\n"
		 "Score feature rows with a model from er-train. Writes id, score (points, higher is\n"
		 "safer), pd (probability of bad), grade (A best to D worst), score.MODULE for every\n"
		 "module, and reason1..reason3: the indicators that cost the most points.\n"
		 "With no FILE, or when FILE is -, read standard input.\n"
		 "\n",
	.opts = options,
	.col = 27,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 success, 1 some rows rejected (malformed) or a column missing,\n"
		  "2 usage error, 3 input/output error or a bad model file, 4 out of memory.\n",
};

int
main(int argc, char **argv)
{
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_score_opts o = {.io = &io, .detail = 1};
	int c;

	er_set_progname("er-score");
	struct er_cli_args cli = {0};
	while ((c = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (c) {
		case 'm': o.model = optarg; break;
		case OPT_ID: o.id_col = optarg; break;
		case OPT_KEEP: o.keep = optarg; break;
		case OPT_NO_REASONS: o.detail = 0; break;
		case OPT_CONTRIBUTIONS: o.contributions = 1; break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (!o.model)
		return er_usage_error("no model given (-m MODEL)");
	o.inputs = argv + optind;
	o.ninputs = (size_t)(argc - optind);
	struct er_diag diag = er_cli_diag();
	o.diag = &diag;
	struct er_score_counts n;
	char err[ER_ERRLEN];
	int status = er_score_run(&o, &n, err);
	if (status)
		er_warn("%s", err);
	if (!io.quiet) {
		if (n.numbered)
			er_warn("no id column: each row's id is its number, 1 for the first data row (--id names "
			        "the column)");
		if (n.bad_rows)
			er_warn("%zu rows rejected", n.bad_rows);
		if (n.not_number)
			er_warn("%zu values that are not numbers scored as missing, first '%s' (file %s, line %llu, "
			        "field %s)",
			        n.not_number, n.first_nan_text, n.first_nan_file, (unsigned long long)n.first_nan_line,
			        n.first_nan_field);
		if (n.unseen)
			er_warn("%zu values without a bin of their own scored in their riskiest bin", n.unseen);
	}
	/* not a count: a sign the features were made without a table the model was trained with */
	if (n.empty)
		er_warn("%zu indicator%s of the model empty in all %zu rows, scored as missing: %s%s (was the table "
		        "%s from given to er-features?)",
		        n.empty, n.empty == 1 ? "" : "s", n.rows, n.empty_names, n.empty > 3 ? " ..." : "",
		        n.empty == 1 ? "it comes" : "they come");
	return er_cli_finish(NULL, status ? status : n.bad_rows ? ER_EDATA : ER_OK);
}
