/* er-dossier: one enterprise on one page for an investigator: who it is, its electricity use
 * against its industry, bills, inspections, events and the model's view. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "lib/err.h"
#include "credit/dossier.h"

enum {
	OPT_ASOF = ER_OPT_TOOL,
	OPT_MODEL,
	OPT_FEATURES,
	OPT_RULES,
	OPT_HISTORY,
	OPT_EXPORTS,
	OPT_READINGS,
	OPT_ACCOUNTS,
	OPT_BILLS,
	OPT_INSPECTIONS,
	OPT_EVENTS,
	OPT_LOANS,
	OPT_CSV,
};

static const struct er_opt options[] = {
	{"output", 'o', "FILE", 'o', "write the page to FILE (required; - for standard output)", NULL},
	{"asof", 0, "DATE", OPT_ASOF,
         "nothing dated after DATE is used (default: the enterprise's\n"
         "last reading; a loan applicant without an account: its\n"
         "application's date)",
         NULL},
	{"csv", 0, "DIR", OPT_CSV,
         "also write the page's series as CSV files into DIR:\n"
         "usage_monthly, industry_monthly, load_curve, bills,\n"
         "timeline, scores (.csv)",
         NULL},
	ER_OPT_TEXT("Tables (canonical, or raw exports with --exports):"),
	{"exports", 0, "DIR", OPT_EXPORTS,
         "the tables by their kind's name in DIR (readings.csv,\n"
         "accounts.csv, bills.csv, inspections.csv, events.csv,\n"
         "loans.csv); raw exports are ingested on the way",
         NULL},
	{"readings", 0, "FILE", OPT_READINGS, "readings: account_id,date,kwh[,time] (required without\n--exports)",
         NULL},
	{"accounts", 0, "FILE", OPT_ACCOUNTS, "accounts: account_id,uscc,name,legal_rep,phone,...", NULL},
	{"bills", 0, "FILE", OPT_BILLS, "bills: account_id,period,amount,due_date,paid_date,...", NULL},
	{"inspections", 0, "FILE", OPT_INSPECTIONS, "inspections: account_id,date,finding,...", NULL},
	{"events", 0, "FILE", OPT_EVENTS, "account events: account_id,date,type,...", NULL},
	{"loans", 0, "FILE", OPT_LOANS, "loan applications: app_id,uscc,apply_date,...", NULL},
	ER_OPT_TEXT("The model's view:"),
	{"model", 'm', "FILE", OPT_MODEL, "the model from er-train", NULL},
	{"features", 0, "FILE", OPT_FEATURES, "er-features output holding the enterprise's row", NULL},
	{"rules", 0, "FILE", OPT_RULES, "the rules checked on that row (default: {})", "the built-in set"},
	{"alerts-history", 0, "FILE", OPT_HISTORY, "er-alert's --history file: the score and grade history", NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-dossier [OPTIONS] -o FILE.html ID\n"
		 "Writes one self-contained HTML page about one enterprise (ID: its unified social\n"
		 "credit code, or one of its account ids; with --loans, a loan applicant's code or an\n"
		 "application's app_id, an applicant without an account included): registered\n"
		 "details and identity checks, monthly electricity use against its industry, bills\n"
		 "and payments, inspections and account events, and the model's view. Inline SVG,\n"
		 "no script, prints on A4.\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_MAX_FIELD | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 ok, 1 unknown ID, some rows rejected (reported and counted) or\n"
		  "features dated after --asof,\n"
		  "2 usage, 3 I/O or a bad model file, 4 out of memory.\n",
};

/* Removes the exports' temporary directory and the canonical files in it. */
static void
remove_tmp(const char *dir, char *paths[ER_KIND_COUNT])
{
	for (int k = 0; k < ER_KIND_COUNT; k++)
		if (paths[k] && strncmp(paths[k], dir, strlen(dir)) == 0)
			unlink(paths[k]);
	rmdir(dir);
}

int
main(int argc, char **argv)
{
	er_set_progname("er-dossier");
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_dossier_opts o;
	memset(&o, 0, sizeof o);
	o.asof = ER_NO_DAY;
	const char *out = NULL, *csv = NULL, *exports = NULL;
	int opt;
	struct er_cli_args cli = {0};
	while ((opt = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (opt) {
		case 'o': out = optarg; break;
		case OPT_CSV: csv = optarg; break;
		case OPT_EXPORTS: exports = optarg; break;
		case OPT_READINGS: o.tables[ER_KIND_READINGS] = optarg; break;
		case OPT_ACCOUNTS: o.tables[ER_KIND_ACCOUNTS] = optarg; break;
		case OPT_BILLS: o.tables[ER_KIND_BILLS] = optarg; break;
		case OPT_INSPECTIONS: o.tables[ER_KIND_INSPECTIONS] = optarg; break;
		case OPT_EVENTS: o.tables[ER_KIND_EVENTS] = optarg; break;
		case OPT_LOANS: o.tables[ER_KIND_LOANS] = optarg; break;
		case OPT_MODEL: o.model = optarg; break;
		case OPT_FEATURES: o.features = optarg; break;
		case OPT_RULES: o.rules = optarg; break;
		case OPT_HISTORY: o.history = optarg; break;
		case OPT_ASOF:
			if (er_date_parse(optarg, strlen(optarg), NULL, &o.asof, NULL) != ER_DATE_OK)
				return er_usage_error("bad date '%s' for --asof", optarg);
			break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (optind != argc - 1)
		return er_usage_error(optind == argc ? "no ID given" : "one ID only, got %d", argc - optind);
	if (!out)
		return er_usage_error("no output page given (-o FILE.html)");
	if (exports) {
		for (int k = 0; k < ER_KIND_COUNT; k++)
			if (o.tables[k])
				return er_usage_error("--exports and --%s do not go together", er_schema_get(k)->name);
	} else if (!o.tables[ER_KIND_READINGS])
		return er_usage_error("no readings given (--readings FILE or --exports DIR)");
	if (o.features && !o.model)
		return er_usage_error("--features needs --model");
	if (!*argv[optind])
		return er_usage_error("an empty ID names no enterprise");
	o.id = argv[optind];
	o.in = io.in;
	struct er_diag diag = er_cli_diag();
	o.diag = &diag;

	char err[ER_ERRLEN], tmp[4096] = "";
	char *paths[ER_KIND_COUNT] = {0};
	uint64_t rejected = 0;
	int st = 0;
	if (exports) {
		const char *t = getenv("TMPDIR");
		snprintf(tmp, sizeof tmp, "%s/er-dossier-XXXXXX", t && *t ? t : "/tmp");
		if (!mkdtemp(tmp)) {
			er_warn("cannot create a temporary directory '%s': %s", tmp, strerror(errno));
			return ER_EIO;
		}
		st = er_dossier_exports(exports, tmp, &o.in, &diag, paths, &rejected, err);
		for (int k = 0; k < ER_KIND_COUNT; k++)
			o.tables[k] = paths[k];
		o.in.encoding = ER_ENC_UTF8; /* the tables are UTF-8 now */
		if (!st && !o.tables[ER_KIND_READINGS])
			st = er_fail(err, ER_EIO, "no readings table in folder '%s' (readings.csv or readings.tsv)",
			             exports);
	}
	struct er_dossier d;
	memset(&d, 0, sizeof d);
	if (!st)
		st = er_dossier_load(&o, &d, err);
	if (!st)
		st = er_dossier_model(&o, &d, err);
	if (!st)
		st = er_dossier_html(&d, out, err);
	if (!st && csv)
		st = er_dossier_csv(&d, csv, err);
	if (st == ER_ENOMEM)
		er_warn("out of memory");
	else if (st)
		er_warn("%s", err);
	else if (!io.quiet)
		er_warn("wrote %s: %zu account%s, %llu readings used of %llu read%s",
		        strcmp(out, "-") == 0 ? "standard output" : out, d.nacc, d.nacc == 1 ? "" : "s",
		        (unsigned long long)d.readings, (unsigned long long)d.scanned, rejected ? "" : "");
	if (!st && rejected) {
		er_warn("%llu rows of the exports rejected (reported above)", (unsigned long long)rejected);
		st = ER_EDATA;
	}
	if (!st && d.features_asof) {
		char a[16], b[16];
		er_date_format(a, d.features_asof);
		er_date_format(b, d.asof);
		er_warn("the features row of '%s' is as of %s, after %s %s: not scored (file %s)", d.id, a,
		        d.asof_given ? "--asof" : "its application's date", b, o.features);
		st = ER_EDATA;
	}
	if (!st && d.bad_rows) {
		er_warn("%llu readings rows of this enterprise rejected (reported above), not drawn",
		        (unsigned long long)d.bad_rows);
		st = ER_EDATA;
	}
	er_dossier_free(&d);
	if (*tmp)
		remove_tmp(tmp, paths);
	for (int k = 0; k < ER_KIND_COUNT; k++)
		free(paths[k]);
	return st;
}
