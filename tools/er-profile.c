/* er-profile: subjects' identity, attributes and repayment capacity (second patent, S2-S3). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "lib/err.h"
#include "credit/policy.h"
#include "credit/profile_run.h"

enum {
	OPT_IDENTITY = ER_OPT_TOOL,
	OPT_TAGS,
	OPT_SYNONYMS,
	OPT_SCENARIO,
	OPT_SCENARIO_NAME,
	OPT_FROM_FEATURES,
	OPT_SCORES,
	OPT_POLICY,
	OPT_PRINT_POLICY,
	OPT_MASK_PII,
	OPT_ASOF
};

static const struct er_opt options[] = {
	{"identity", 0, "FILE", OPT_IDENTITY,
         "real-name registry (id_number,phone,name): ID and phone\n"
         "must be registered together",
         NULL},
	{"tags", 0, "FILE", OPT_TAGS, "raw tags (subject_id,source,tag,value)", NULL},
	{"synonyms", 0, "FILE", OPT_SYNONYMS, "synonym library (source,tag,canonical)", NULL},
	{"scenario", 0, "FILE", OPT_SCENARIO, "scenario table (scenario,canonical,attribute)", NULL},
	{"scenario-name", 0, "S", OPT_SCENARIO_NAME, "the business scenario whose tags are kept", NULL},
	{"from-features", 0, "FILE", OPT_FROM_FEATURES, "enterprises: build rows from er-features output", NULL},
	{"scores", 0, "FILE", OPT_SCORES, "enterprises: er-score output (id,grade) for the priority level", NULL},
	{"policy", 0, "FILE", OPT_POLICY, "policy file (key = value; see --print-policy)", NULL},
	{"print-policy", 0, NULL, OPT_PRINT_POLICY, "print the policy in effect and exit", NULL},
	{"mask-pii", 0, NULL, OPT_MASK_PII, "mask subject ids (all but unified social credit codes)", NULL},
	{"asof", 0, "DATE", OPT_ASOF, "date for the ID birth-date check (default: {})", "today"},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-profile [OPTIONS] [SUBJECTS...]\n"
		 "Profiles each subject (subject_id,id_number,phone,name and any attribute columns):\n"
		 "identity check, attributes from tags or enterprise indicators, and the monthly\n"
		 "repayment capacity. Writes subject_id,identity_ok,priority_level,monthly_income,\n"
		 "monthly_spend,monthly_flow,debt_service,max_capacity,min_capacity,completed,\n"
		 "uncompleted,problems.\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 ok, 1 data errors (reported), 2 usage, 3 I/O or bad side file.\n",
};

int
main(int argc, char **argv)
{
	er_set_progname("er-profile");
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_policy policy;
	er_policy_init(&policy);
	struct er_profile_opts o = {.policy = &policy, .io = &io, .today = er_date_today()};
	const char *policy_path = NULL;
	int print_policy = 0;
	int opt;
	struct er_cli_args cli = {0};
	while ((opt = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (opt) {
		case OPT_IDENTITY: o.identity = optarg; break;
		case OPT_TAGS: o.tags = optarg; break;
		case OPT_SYNONYMS: o.synonyms = optarg; break;
		case OPT_SCENARIO: o.scenario = optarg; break;
		case OPT_SCENARIO_NAME: o.scenario_name = optarg; break;
		case OPT_FROM_FEATURES: o.features = optarg; break;
		case OPT_SCORES: o.scores = optarg; break;
		case OPT_POLICY: policy_path = optarg; break;
		case OPT_PRINT_POLICY: print_policy = 1; break;
		case OPT_MASK_PII: o.mask_pii = 1; break;
		case OPT_ASOF:
			if (er_date_parse(optarg, strlen(optarg), NULL, &o.today, NULL) != ER_DATE_OK)
				return er_usage_error("bad date '%s' for --asof", optarg);
			break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if ((o.scenario != NULL) != (o.scenario_name != NULL))
		return er_usage_error("--scenario and --scenario-name go together");
	if ((o.synonyms || o.scenario) && !o.tags)
		return er_usage_error("--synonyms and --scenario need --tags");
	char err[ER_ERRLEN];
	if ((policy_path && er_policy_load(&policy, policy_path, err) != 0) ||
	    (print_policy && er_policy_print(&policy, err) != 0)) {
		er_warn("%s", err);
		return ER_EIO;
	}
	if (print_policy)
		return 0;
	o.subjects = argv + optind;
	o.nsubjects = (size_t)(argc - optind);
	unsigned long errors = 0, rows = 0;
	struct er_diag diag = er_cli_diag();
	o.diag = &diag;
	int st = er_profile_run(&o, &errors, &rows, err);
	if (st != 0) {
		er_warn("%s", err);
		return st;
	}
	if ((st = er_cli_finish(NULL, st)) != 0)
		return st;
	if (!io.quiet)
		er_warn("%lu profiles written, %lu data errors", rows, errors);
	return errors ? ER_EDATA : ER_OK;
}
