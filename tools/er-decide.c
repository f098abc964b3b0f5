/* er-decide: credit grade and application decision (second patent, S4-S10 and A1-A5). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "credit/decide_run.h"
#include "lib/err.h"
#include "credit/policy.h"
#include "credit/registry_decide.h"

enum {
	OPT_PROFILES = ER_OPT_TOOL,
	OPT_PRODUCTS,
	OPT_REGISTRY,
	OPT_RELATIONS,
	OPT_REVIEWS,
	OPT_POLICY,
	OPT_PRINT_POLICY,
	OPT_ASOF,
	OPT_MASK_PII,
	OPT_REGISTRY_DB,
	OPT_AUDIT,
	OPT_TIERS,
	OPT_CHECKS,
	OPT_SCORES,
	OPT_IDENTITY,
	OPT_PLATFORM,
	OPT_WRITE_REGISTRY,
	OPT_ID_KEY
};

/* --checks may be given this many times (er-verify --summary, er-alert, ...). */
enum { MAX_CHECKS = 16 };

static const struct er_opt options[] = {
	{"profiles", 0, "FILE", OPT_PROFILES, "er-profile output (subject_id,max_capacity,...)", NULL},
	{"products", 0, "FILE", OPT_PRODUCTS,
         "product,min_grade,min_monthly_repayment,max_amount,\n"
         "annual_rate,term_months",
         NULL},
	{"registry", 0, "FILE", OPT_REGISTRY,
         "loans elsewhere: subject_id,platform,status,\n"
         "platform_grade,monthly_repayment",
         NULL},
	{"registry-db", 0, "DB", OPT_REGISTRY_DB,
         "read the loans elsewhere (and the products, without\n"
         "--products) from the er-registry database DB",
         NULL},
	{"id-key", 0, "FILE", OPT_ID_KEY,
         "with --registry-db or --write-registry: the registry's\n"
         "id key; applicants are looked up and recorded by their\n"
         "keyed hashes",
         NULL},
	{"relations", 0, "FILE", OPT_RELATIONS,
         "loans between applicant and beneficiary: applicant_id,\n"
         "beneficiary_id,due_date,repaid_date,amount",
         NULL},
	{"reviews", 0, "FILE", OPT_REVIEWS, "manual review results: app_id,result (approve|reject)", NULL},
	{"tiers", 0, "FILE", OPT_TIERS,
         "amount tiers: product,amount,min_repayment,max_repayment;\n"
         "the limit is the highest tier the capacity supports",
         NULL},
	{"checks", 0, "FILE", OPT_CHECKS,
         "er-verify --summary or er-alert output by subject id\n"
         "(repeatable; the kind is told by the header)",
         NULL},
	{"scores", 0, "FILE", OPT_SCORES, "er-score output by subject id (grade, pd)", NULL},
	{"identity", 0, "FILE", OPT_IDENTITY,
         "er-features output: the info.* registered-data\n"
         "comparisons of S2 for enterprises",
         NULL},
	{"platform", 0, "NAME", OPT_PLATFORM, "this platform: its own registry rows are left out", NULL},
	{"write-registry", 0, "DB", OPT_WRITE_REGISTRY,
         "record accepted and manual applications as applying\n"
         "for --platform in the registry database DB",
         NULL},
	{"asof", 0, "DATE", OPT_ASOF, "date the relations are judged at (default: {})", "today"},
	{"policy", 0, "FILE", OPT_POLICY, "policy file (key = value; see --print-policy)", NULL},
	{"print-policy", 0, NULL, OPT_PRINT_POLICY, "print the policy in effect and exit", NULL},
	{"mask-pii", 0, NULL, OPT_MASK_PII, "mask subject ids in messages", NULL},
	{"audit", 0, "FILE", OPT_AUDIT,
         "append one JSON line per decision to FILE (created mode\n"
         "0600; refused when others may write it)",
         NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-decide --profiles F {--products F --registry F | --registry-db DB} [OPTIONS]\n"
		 "                 [APPLICATIONS...]\n"
		 "Grades each application (app_id,applicant_id,beneficiary_id,product,amount) on 9\n"
		 "points and decides it: accept with a priority and a credit limit, reject, or manual.\n"
		 "Writes app_id,decision,priority,grade,points,points_priority,points_repayment,\n"
		 "points_trust,credit_limit,monthly_cap,reasons,policy_id (the checksum of the policy\n"
		 "in effect).\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 all decided, 1 some applications had errors (reported and counted),\n"
		  "2 usage, 3 I/O or bad side file.\n",
};

/* --registry-db: the registry database read directly, and its --id-key. */
struct registry_db {
	const char *where;
	er_registry_key *key;
	er_registry_decide_reader *reader; /* open until the decisions are made */
};

static int
load_registry_db(void *ctx, er_decide_tables *t, int products, const char *skip, char *err)
{
	struct registry_db *db = ctx;
	return er_registry_decide_open(&db->reader, db->where, 5000, db->key, products, skip, t, err);
}

int
main(int argc, char **argv)
{
	er_set_progname("er-decide");
	/* a side file or the registry database must not take the place of a closed stdin */
	unsigned closed_fds = er_cli_guard_std_fds();
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_policy policy;
	er_policy_init(&policy);
	struct er_decide_opts o = {.policy = &policy, .io = &io, .asof = er_date_today()};
	const char *policy_path = NULL, *id_key = NULL;
	struct registry_db db = {NULL, NULL, NULL};
	int print_policy = 0;
	char *checks[MAX_CHECKS];
	int opt;
	struct er_cli_args cli = {0};
	while ((opt = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (opt) {
		case OPT_PROFILES: o.profiles = optarg; break;
		case OPT_PRODUCTS: o.products = optarg; break;
		case OPT_REGISTRY: o.registry = optarg; break;
		case OPT_REGISTRY_DB:
			o.load_registry = load_registry_db;
			o.load_registry_ctx = &db;
			o.load_registry_name = db.where = optarg;
			break;
		case OPT_ID_KEY: id_key = optarg; break;
		case OPT_RELATIONS: o.relations = optarg; break;
		case OPT_REVIEWS: o.reviews = optarg; break;
		case OPT_POLICY: policy_path = optarg; break;
		case OPT_PRINT_POLICY: print_policy = 1; break;
		case OPT_MASK_PII: o.mask_pii = 1; break;
		case OPT_AUDIT: o.audit = optarg; break;
		case OPT_TIERS: o.tiers = optarg; break;
		case OPT_CHECKS:
			if (o.nchecks == MAX_CHECKS)
				return er_usage_error("--checks given more than %d times", MAX_CHECKS);
			checks[o.nchecks++] = optarg;
			break;
		case OPT_SCORES: o.scores = optarg; break;
		case OPT_IDENTITY: o.identity = optarg; break;
		case OPT_PLATFORM: o.platform = optarg; break;
		case OPT_WRITE_REGISTRY: o.write_registry = optarg; break;
		case OPT_ASOF:
			if (er_date_parse(optarg, strlen(optarg), NULL, &o.asof, NULL) != ER_DATE_OK)
				return er_usage_error("bad date '%s' for --asof", optarg);
			break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (er_cli_refuse_stdout("audit", o.audit))
		return ER_EUSAGE;
	char err[ER_ERRLEN];
	if ((policy_path && er_policy_load(&policy, policy_path, err) != 0) ||
	    (print_policy && er_policy_print(&policy, err) != 0)) {
		er_warn("%s", err);
		return ER_EIO;
	}
	if (print_policy)
		return 0;
	o.checks = checks;
	if (o.write_registry && !o.platform)
		return er_usage_error("--write-registry needs --platform");
	if (o.registry && o.load_registry)
		return er_usage_error("--registry and --registry-db exclude each other");
	if (o.load_registry && !o.profiles)
		return er_usage_error("--profiles is required");
	if (!o.load_registry && (!o.profiles || !o.products || !o.registry))
		return er_usage_error("--profiles, --products and --registry are required");
	if (id_key && !o.load_registry && !o.write_registry)
		return er_usage_error("--id-key applies to --registry-db and --write-registry only");
	o.apps = argv + optind;
	o.napps = (size_t)(argc - optind);
	int cs = er_cli_stdin_closed(closed_fds, o.apps, o.napps);
	if (cs != 0)
		return cs;
	struct er_decide_counts counts = {0};
	struct er_diag diag = er_cli_diag();
	o.diag = &diag;
	if (id_key && (cs = er_registry_key_load(&db.key, id_key, err)) != 0) {
		er_warn("%s", err);
		return cs;
	}
	o.id_key = db.key;
	int st = er_decide_run(&o, &counts, err);
	er_registry_decide_close(db.reader);
	er_registry_key_free(db.key);
	if (st != 0) {
		er_warn("%s", err);
		return st;
	}
	if ((st = er_cli_finish(NULL, st)) != 0)
		return st;
	if (!io.quiet) {
		er_warn("%lu applications: %lu accept, %lu reject, %lu manual, %lu errors; %lu bad side-table rows",
		        counts.apps, counts.accept, counts.reject, counts.manual, counts.errors, counts.table_errors);
		/* nothing silently dropped: an applicant a side file lacks is counted */
		if (o.nchecks || o.scores || o.identity)
			er_warn("not in the side files: %lu checks, %lu scores, %lu identity", counts.missing_checks,
			        counts.missing_scores, counts.missing_identity);
		if (o.write_registry)
			er_warn("%lu applications recorded as applying for '%s'", counts.registry_written, o.platform);
	}
	return counts.errors || counts.table_errors ? ER_EDATA : ER_OK;
}
