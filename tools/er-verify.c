/* er-verify: the threshold verification model (贷后金融校验模型): rules on indicators. */
#include <stdio.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "data/label.h"
#include "lib/progress.h"
#include "lib/reader.h"
#include "rules/rule.h"
#include "rules/rule_run.h"
#include "lib/writer.h"

enum {
	OPT_PRINT_RULES = ER_OPT_TOOL,
	OPT_SUMMARY,
	OPT_HITS_ONLY,
	OPT_ID,
	OPT_SKIP_MISSING,
	OPT_NO_FAIL_STATUS,
	OPT_CALIBRATE,
	OPT_LABEL,
	OPT_LABELS,
	OPT_BAD
};

static const struct er_opt options[] = {
	{"rules", 'r', "FILE", 'r',
         "the rules file (er-rules(5)), or 'default' for the built-in set\n"
         "(the default)",
         NULL},
	{"print-rules", 0, NULL, OPT_PRINT_RULES, "print the rule set as a rules file and exit", NULL},
	{"summary", 0, NULL, OPT_SUMMARY, "one row per entity: id,worst,hits,fail,warn,info,na,rules", NULL},
	{"hits-only", 0, NULL, OPT_HITS_ONLY, "write only the rows of rules that hit", NULL},
	{"id", 0, "COLUMN", OPT_ID, "the entity column (default {})", "id"},
	{"skip-missing", 0, NULL, OPT_SKIP_MISSING,
         "drop rules naming indicators the input lacks, with a warning\n"
         "(default: {})",
         "such a rule is an error"},
	{"no-fail-status", 0, NULL, OPT_NO_FAIL_STATUS, "exit 0 even when a rule of severity fail hit", NULL},
	{"calibrate", 0, NULL, OPT_CALIBRATE,
         "check the rules against outcomes: per rule the hit rate, the bad\n"
         "rate among hits and passes, the lift, the bads caught and the\n"
         "bads no other rule catches",
         NULL},
	{"label", 0, "COLUMN", OPT_LABEL, "calibrate: the good/bad label column (default {})", "label"},
	{"labels", 0, "FILE", OPT_LABELS,
         "calibrate: read labels from FILE (columns id and the label\n"
         "column) instead of the input",
         NULL},
	{"bad", 0, "VALUE", OPT_BAD, "calibrate: the label value that means bad (default {})",
         "1, bad,\n"
         "true, y, yes"},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-verify [OPTIONS] [FILE...]\n"
		 "Check feature rows (from er-features) against verification rules: threshold intervals\n"
		 "and comparisons on indicators. Writes one row per entity and rule:\n"
		 "id,rule,indicator,value,interval,result,severity,message (result pass, hit or na).\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 no fail rule hit, 1 some rows rejected, 2 usage, 3 I/O or a bad rules\n"
		  "file, 4 out of memory, 5 a rule of severity fail hit.\n",
};

static const char *opt_rules = "default";
static int opt_print_rules, opt_summary, opt_hits_only, opt_skip_missing, opt_no_fail_status;
static int opt_calibrate;
static const char *opt_id = "id", *opt_label = "label", *opt_labels, *opt_bad;

static int
print_rules(const struct er_rule_set *rs)
{
	char *text = er_rule_set_format(rs);
	if (!text) {
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	int st = er_cli_print_text(text, strlen(text));
	free(text);
	return st;
}

/* Over 120 lines: the option switch, then the open-run-finish sequence with its cleanup on
 * each failure; the cleanup order reads best in one place. */
int
main(int argc, char **argv)
{
	er_set_progname("er-verify");
	struct er_cli_io io;
	er_cli_io_init(&io);
	int c;
	struct er_cli_args cli = {0};
	while ((c = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (c) {
		case 'r': opt_rules = optarg; break;
		case OPT_PRINT_RULES: opt_print_rules = 1; break;
		case OPT_SUMMARY: opt_summary = 1; break;
		case OPT_HITS_ONLY: opt_hits_only = 1; break;
		case OPT_ID: opt_id = optarg; break;
		case OPT_SKIP_MISSING: opt_skip_missing = 1; break;
		case OPT_NO_FAIL_STATUS: opt_no_fail_status = 1; break;
		case OPT_CALIBRATE: opt_calibrate = 1; break;
		case OPT_LABEL: opt_label = optarg; break;
		case OPT_LABELS: opt_labels = optarg; break;
		case OPT_BAD: opt_bad = optarg; break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (opt_calibrate && opt_summary)
		return er_usage_error("--calibrate and --summary do not go together");
	if (!opt_calibrate && (opt_labels || opt_bad))
		return er_usage_error("--labels and --bad need --calibrate");

	char err[ER_ERRLEN];
	struct er_rule_set *rs;
	int status = er_rule_set_load(&rs, opt_rules, err);
	if (status != 0) {
		er_warn("%s", err);
		return status == ER_ENOMEM ? ER_ENOMEM : ER_EIO;
	}
	if (opt_print_rules) {
		status = print_rules(rs);
		er_rule_set_free(rs);
		return status;
	}

	struct er_label label;
	er_label_init(&label, opt_bad);
	er_label_table *labels = NULL;
	if (opt_labels) {
		size_t rejected = 0;
		char warn_msg[ER_ERRLEN] = "";
		status = er_label_table_read(&labels, opt_labels, opt_id, opt_label, &label, &rejected, warn_msg, err);
		if (!labels) {
			er_warn("%s", err);
			er_rule_set_free(rs);
			return status;
		}
		if (rejected && !io.quiet)
			er_warn("%zu label rows left out; first: %s", rejected, warn_msg);
	}

	er_reader *r;
	status = er_reader_open(&r, argv + optind, (size_t)(argc - optind), &io.in, err);
	if (!r) {
		er_warn("%s", err);
		er_rule_set_free(rs);
		er_label_table_free(labels);
		return status;
	}
	er_cli_io_follow(&io, r);
	er_writer *w = er_writer_open(STDOUT_FILENO, "stdout", &io.out);
	if (!w) {
		er_warn("out of memory");
		er_reader_close(r);
		er_rule_set_free(rs);
		er_label_table_free(labels);
		return ER_ENOMEM;
	}
	struct er_progress progress;
	er_progress_start(&progress, io.progress, er_reader_size(r));
	struct er_diag diag = er_cli_diag();
	struct er_rule_run_opts ro = {
		.mode = opt_calibrate ? ER_RULE_RUN_CALIBRATE
			: opt_summary ? ER_RULE_RUN_SUMMARY
				      : ER_RULE_RUN_DETAIL,
		.id_col = opt_id,
		.hits_only = opt_hits_only,
		.drop_missing = opt_skip_missing,
		.label_col = opt_label,
		.labels = labels,
		.label = &label,
		.progress = &progress,
		.diag = &diag,
	};
	struct er_rule_run_stats st;
	status = er_rule_run(rs, r, w, &ro, &st, err);
	er_progress_end(&progress);
	if (status != 0)
		er_warn("%s", err);
	status = er_cli_finish(w, status);
	if (status == 0) {
		uint64_t problems = st.rejected + st.value_errors;
		if (problems > ER_RULE_RUN_MAX_WARN)
			er_warn("%llu more row problems not shown",
			        (unsigned long long)(problems - ER_RULE_RUN_MAX_WARN));
		if (!io.quiet) {
			if (opt_calibrate)
				er_warn("%llu labelled rows, %llu bad, %llu without a label, %llu rejected",
				        (unsigned long long)st.labelled, (unsigned long long)st.bad,
				        (unsigned long long)st.unlabelled, (unsigned long long)st.rejected);
			else
				er_warn("%llu rows, %zu rules: %llu fail, %llu warn, %llu info hits; "
				        "%llu entities with a fail hit; %llu rows rejected, %llu bad values",
				        (unsigned long long)st.rows, rs->n, (unsigned long long)st.hits[ER_SEV_FAIL],
				        (unsigned long long)st.hits[ER_SEV_WARN],
				        (unsigned long long)st.hits[ER_SEV_INFO],
				        (unsigned long long)st.entities_failed, (unsigned long long)st.rejected,
				        (unsigned long long)st.value_errors);
		}
		if (problems)
			status = ER_EDATA;
		else if (!opt_calibrate && st.entities_failed && !opt_no_fail_status)
			status = ER_EFLAG;
	}
	er_reader_close(r);
	er_rule_set_free(rs);
	er_label_table_free(labels);
	return status;
}
