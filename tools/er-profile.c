/* er-profile: subjects' identity, attributes and repayment capacity (second patent, S2-S3). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "lib/err.h"
#include "credit/policy.h"
#include "credit/profile_run.h"

enum {
	OPT_IDENTITY = ER_OPT_TOOL, OPT_TAGS, OPT_SYNONYMS, OPT_SCENARIO, OPT_SCENARIO_NAME,
	OPT_FROM_FEATURES, OPT_SCORES, OPT_POLICY, OPT_PRINT_POLICY, OPT_MASK_PII, OPT_ASOF
};

static const struct option long_options[] = {
	{"identity", required_argument, NULL, OPT_IDENTITY},
	{"tags", required_argument, NULL, OPT_TAGS},
	{"synonyms", required_argument, NULL, OPT_SYNONYMS},
	{"scenario", required_argument, NULL, OPT_SCENARIO},
	{"scenario-name", required_argument, NULL, OPT_SCENARIO_NAME},
	{"from-features", required_argument, NULL, OPT_FROM_FEATURES},
	{"scores", required_argument, NULL, OPT_SCORES},
	{"policy", required_argument, NULL, OPT_POLICY},
	{"print-policy", no_argument, NULL, OPT_PRINT_POLICY},
	{"mask-pii", no_argument, NULL, OPT_MASK_PII},
	{"asof", required_argument, NULL, OPT_ASOF},
	ER_CLI_IO_LONG_OPTIONS,
	{NULL, 0, NULL, 0}
};

static const char usage_text[] =
	"Usage: er-profile [OPTIONS] [SUBJECTS...]\n"
	"Profiles each subject (subject_id,id_number,phone,name and any attribute columns):\n"
	"identity check, attributes from tags or enterprise indicators, and the monthly\n"
	"repayment capacity. Writes subject_id,identity_ok,priority_level,monthly_income,\n"
	"monthly_spend,monthly_flow,debt_service,max_capacity,min_capacity,completed,\n"
	"uncompleted,problems.\n"
	"\n"
	"      --identity FILE    real-name registry (id_number,phone,name): ID and phone\n"
	"                         must be registered together\n"
	"      --tags FILE        raw tags (subject_id,source,tag,value)\n"
	"      --synonyms FILE    synonym library (source,tag,canonical)\n"
	"      --scenario FILE    scenario table (scenario,canonical,attribute)\n"
	"      --scenario-name S  the business scenario whose tags are kept\n"
	"      --from-features FILE\n"
	"                         enterprises: build rows from er-features output\n"
	"      --scores FILE      enterprises: er-score output (id,grade) for the priority level\n"
	"      --policy FILE      policy file (key = value; see --print-policy)\n"
	"      --print-policy     print the policy in effect and exit\n"
	"      --mask-pii         mask subject ids (all but unified social credit codes)\n"
	"      --asof DATE        date for the ID birth-date check (default: today)\n"
	ER_CLI_IO_HELP
	"\n"
	"Exit status: 0 ok, 1 data errors (reported), 2 usage, 3 I/O or bad side file.\n";

int main(int argc, char **argv)
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
	opterr = 0;   /* our own messages, in the shared format */
	while ((opt = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
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
		default: {
			int rc = er_cli_other_option(&io, opt, optarg, argv, usage_text);
			if (rc >= 0)
				return rc;
		}
		}
	}
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
