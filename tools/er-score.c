/* er-score: apply a model file from er-train to feature rows: score, probability of bad,
 * grade, module sub-scores and the three reasons that cost the most points. */
#include <getopt.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "model/score_run.h"

enum { OPT_ID = ER_OPT_TOOL, OPT_KEEP, OPT_NO_REASONS };

static const struct option long_options[] = {
	{"model", required_argument, NULL, 'm'},
	{"id", required_argument, NULL, OPT_ID},
	{"keep", required_argument, NULL, OPT_KEEP},
	{"no-reasons", no_argument, NULL, OPT_NO_REASONS},
	ER_CLI_IO_LONG_OPTIONS,
	{NULL, 0, NULL, 0}
};

static const char usage_text[] =
	"Usage: er-score -m MODEL [OPTION]... [FILE]...\n"
	"Score feature rows with a model from er-train. Writes id, score (points, higher is\n"
	"safer), pd (probability of bad), grade (A best to D worst), score.MODULE for every\n"
	"module, and reason1..reason3: the indicators that cost the most points.\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"  -m, --model FILE         the model file (required)\n"
	"      --id COL             the id column (default: the one named in training)\n"
	"      --keep COLS          copy these comma-separated input columns after the id\n"
	"      --no-reasons         leave out the module scores and reasons (faster)\n"
	"\n"
	ER_CLI_IO_HELP
	"\n"
	"Exit status: 0 success, 1 some rows rejected (malformed) or a column missing,\n"
	"2 usage error, 3 input/output error or a bad model file, 4 out of memory.\n";

int main(int argc, char **argv)
{
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_score_opts o = {.io = &io, .detail = 1};
	int c, rc;

	er_set_progname(argv[0]);
	opterr = 0; /* messages in the shared format, from er_cli_other_option */
	while ((c = getopt_long(argc, argv, ":m:hV", long_options, NULL)) != -1) {
		switch (c) {
		case 'm': o.model = optarg; break;
		case OPT_ID: o.id_col = optarg; break;
		case OPT_KEEP: o.keep = optarg; break;
		case OPT_NO_REASONS: o.detail = 0; break;
		default:
			rc = er_cli_other_option(&io, c == 'h' ? ER_OPT_HELP : c == 'V' ? ER_OPT_VERSION : c, optarg, argv,
			                         usage_text);
			if (rc >= 0)
				return rc;
		}
	}
	if (!o.model)
		return er_usage_error("no model given (-m MODEL)");
	o.inputs = argv + optind;
	o.ninputs = (size_t)(argc - optind);
	struct er_score_counts n;
	char err[ER_ERRLEN];
	int status = er_score_run(&o, &n, err);
	if (status)
		er_warn("%s", err);
	if (!io.quiet) {
		if (n.bad_rows)
			er_warn("%zu rows rejected", n.bad_rows);
		if (n.not_number)
			er_warn("%zu values that are not numbers scored as missing, first (file %s, line %llu)",
			        n.not_number, n.first_nan_file, (unsigned long long)n.first_nan_line);
		if (n.unseen)
			er_warn("%zu values without a bin of their own scored in their riskiest bin", n.unseen);
	}
	return status ? status : n.bad_rows ? ER_EDATA : ER_OK;
}
