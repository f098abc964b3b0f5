/* er-features: the risk warning indicator library (风险预警指标库): one row per entity
 * with the usage, pay, insp, info and event indicators, as of a date. */
#include <stdio.h>
#include <string.h>

#include "lib/buf.h"
#include "lib/cli.h"
#include "lib/num.h"
#include "lib/hash.h"
#include "lib/date.h"
#include "lib/err.h"
#include "features/feat_checkpoint.h"
#include "features/feat_custom.h"
#include "features/feat_run.h"
#include "features/feat_series.h"
#include "features/feat_tou.h"

enum {
	OPT_BILLS = ER_OPT_TOOL,
	OPT_INSPECTIONS,
	OPT_ACCOUNTS,
	OPT_EVENTS,
	OPT_LOANS,
	OPT_ASOF,
	OPT_ASOF_FROM,
	OPT_BY,
	OPT_STREAM,
	OPT_LIST,
	OPT_AGG,
	OPT_AGG_WINDOW,
	OPT_TOU,
	OPT_AGG_BY,
	OPT_DERIVE,
	OPT_PARTITION,
	OPT_KINDS,
	OPT_STATE,
	OPT_CKPT_ROWS,
	OPT_CKPT_MS,
	OPT_RESEND_ROWS
};

static const struct er_opt options[] = {
	{"asof", 0, "DATE|last", OPT_ASOF,
         "nothing dated after DATE is used; last: the latest date\n"
         "of the rows read (readings, bills, inspections, events,\n"
         "loan applications), found in the one pass",
         NULL},
	{"asof-from", 0, "loans", OPT_ASOF_FROM,
         "evaluate each entity with a loan as of its application\n"
         "date (the others as of --asof, or not at all)",
         NULL},
	{"by", 0, "account|enterprise", OPT_BY,
         "entities: accounts (default) or enterprises (the unified\n"
         "social credit code of the accounts table)",
         NULL},
	{"partition", 0, "K/N", OPT_PARTITION,
         "write only the entities of partition K of N (as er-ingest\n"
         "--partition splits the exports, by account or, with --by\n"
         "enterprise, by enterprise)",
         NULL},
	{"bills", 0, "FILE", OPT_BILLS, "bills: account_id,period,amount,due_date,paid_date,...", NULL},
	{"inspections", 0, "FILE", OPT_INSPECTIONS, "inspections: account_id,date,finding,...", NULL},
	{"accounts", 0, "FILE", OPT_ACCOUNTS, "accounts: account_id,uscc,name,legal_rep,phone,...", NULL},
	{"events", 0, "FILE", OPT_EVENTS, "account events: account_id,date,type,...", NULL},
	{"loans", 0, "FILE", OPT_LOANS, "loan applications: app_id,uscc,apply_date,...", NULL},
	{"agg", 0, "COL:FUNC[,FUNC...][:DIR]", OPT_AGG,
         "aggregate an extra readings or bills column: mean min max\n"
         "std sum last count span recency distinct mode share=V\n"
         "count=V; DIR is the direction of risk (+ - = ?, default\n"
         "{}); repeatable",
         "?"},
	{"agg-window", 0, "all|Nm", OPT_AGG_WINDOW,
         "window of --agg: all rows up to the as-of date (default)\n"
         "or the N months ending at the reference month",
         NULL},
	{"tou", 0, "SPEC", OPT_TOU,
         "time-of-use schedule of interval readings:\n"
         "peak=HH:MM-HH:MM[,...];valley=HH:MM-HH:MM[,...], flat the\n"
         "rest",
         ER_FEAT_TOU_DEFAULT},
	{"agg-by", 0, "COL=V[,V...]", OPT_AGG_BY,
         "repeat every --agg over the rows whose COL is each V\n"
         "(columns named with _V appended), e.g. one per energy",
         NULL},
	{"derive", 0, "NAME=EXPR", OPT_DERIVE,
         "a number computed on each row for --agg NAME: columns and\n"
         "numbers with + - * / and parentheses; repeatable",
         NULL},
	{"stream", 0, NULL, OPT_STREAM,
         "emit an updated row for an entity at each row about it,\n"
         "flushed at once (as-of: --asof, or the row's date); reads\n"
         "a feed of every kind (a kind column) and FIFO tables as\n"
         "their rows arrive",
         NULL},
	{"kinds", 0, "MAP", OPT_KINDS,
         "with --stream, more words of the feed's kind column:\n"
         "WORD=KIND[,...], KIND one of readings, bills, inspections,\n"
         "events, accounts, loans (e.g. R=readings,B=bills)",
         NULL},
	{"state", 0, "DIR", OPT_STATE,
         "with --stream: checkpoint to DIR (mode 0700) and resume\n"
         "from it; output rows get a seq column (the feed row)",
         NULL},
	{"checkpoint-rows", 0, "N", OPT_CKPT_ROWS, "with --state: checkpoint every N feed rows (0: not by rows)",
         "10000"},
	{"checkpoint-ms", 0, "MS", OPT_CKPT_MS, "with --state: checkpoint every MS milliseconds (0: not by time)",
         "1000"},
	{"resend-rows", 0, "N", OPT_RESEND_ROWS,
         "with --state: a restart first resends the output rows of\n"
         "the last N feed rows before the checkpoint",
         "2000"},
	{"list", 0, NULL, OPT_LIST, "print the catalogue of indicators and exit", NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-features --asof DATE|last [OPTIONS] [READINGS...]\n"
		 "       er-features --loans F --asof-from loans [OPTIONS] [READINGS...]\n"
		 "       er-features --stream [OPTIONS] [READINGS...]\n"
		 "       er-features --list [--agg SPEC...]\n"
		 "Computes the risk warning indicators (usage, pay, insp, info, event and custom\n"
		 "modules) of each account or enterprise from canonical readings (account_id,date,\n"
		 "[days,]kwh; stdin when no file is given) and the optional tables below. Writes\n"
		 "id,asof and one column per indicator; an indicator that cannot be computed is empty.\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 ok, 1 some rows rejected (reported and counted), 2 usage, 3 I/O,\n"
		  "4 out of memory.\n",
};

/* 1 for an option that changes the rows written (recorded in a checkpoint). */
static int
changes_rows(int id)
{
	return id != OPT_STATE && id != OPT_CKPT_ROWS && id != OPT_CKPT_MS && id != OPT_RESEND_ROWS && id != OPT_LIST &&
		id >= ER_OPT_TOOL;
}

/* The long name of option ID. */
static const char *
opt_name(int id)
{
	for (const struct er_opt *p = options; p->name; p++)
		if (p->id == id)
			return p->name;
	return "?";
}

int
main(int argc, char **argv)
{
	er_set_progname("er-features");
	struct er_feat_opts o;
	memset(&o, 0, sizeof o);
	er_cli_io_init(&o.io);
	o.asof = ER_NO_DAY;
	int list = 0, kinds = 0, opt, st = ER_OK;
	char err[ER_ERRLEN];
	er_feat_tou_parse(&o.tou, ER_FEAT_TOU_DEFAULT, err);
	er_feat_custom *custom = er_feat_custom_new();
	if (!custom) {
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	struct er_cli_args cli = {0};
	const char *state = NULL;
	long long ckpt_rows = ER_FEAT_CKPT_ROWS, ckpt_ms = ER_FEAT_CKPT_MS, resend_rows = ER_FEAT_CKPT_RESEND;
	/* the options that change the rows, recorded in a checkpoint: a resume needs the same */
	struct er_buf fingerprint = ER_BUF_INIT;
	while ((opt = er_cli_next(&cli, argc, argv, &spec, &o.io)) != -1) {
		if (changes_rows(opt) &&
		    er_buf_addf(&fingerprint, "--%s=%s\n", opt_name(opt), optarg ? optarg : "") < 0)
			st = ER_ENOMEM;
		switch (opt) {
		case OPT_STATE: state = optarg; break;
		case OPT_CKPT_ROWS:
		case OPT_CKPT_MS:
		case OPT_RESEND_ROWS: {
			long long *to = opt == OPT_CKPT_ROWS ? &ckpt_rows
				: opt == OPT_CKPT_MS         ? &ckpt_ms
							     : &resend_rows;
			if (er_num_parse_int(optarg, strlen(optarg), to) != ER_NUM_OK || *to < 0 || *to > 1000000000)
				st = er_usage_error("bad value '%s' for --%s (expected a whole number >= 0)", optarg,
				                    opt_name(opt));
			break;
		}
		case OPT_BILLS: o.tables[ER_KIND_BILLS] = optarg; break;
		case OPT_INSPECTIONS: o.tables[ER_KIND_INSPECTIONS] = optarg; break;
		case OPT_ACCOUNTS: o.tables[ER_KIND_ACCOUNTS] = optarg; break;
		case OPT_EVENTS: o.tables[ER_KIND_EVENTS] = optarg; break;
		case OPT_LOANS: o.tables[ER_KIND_LOANS] = optarg; break;
		case OPT_STREAM: o.stream = 1; break;
		case OPT_TOU:
			if (er_feat_tou_parse(&o.tou, optarg, err) != 0)
				st = er_usage_error("%s", err);
			break;
		case OPT_LIST: list = 1; break;
		case OPT_KINDS:
			if (er_feat_kinds_parse(&o.kinds, optarg, err) != 0)
				st = er_usage_error("%s", err);
			kinds = 1;
			break;
		case OPT_ASOF:
			o.asof_last = strcmp(optarg, "last") == 0;
			o.asof = ER_NO_DAY;
			if (!o.asof_last && er_date_parse(optarg, strlen(optarg), NULL, &o.asof, NULL) != ER_DATE_OK)
				st = er_usage_error("bad date '%s' for --asof (expected a date or last)", optarg);
			break;
		case OPT_ASOF_FROM:
			if (strcmp(optarg, "loans") != 0)
				st = er_usage_error("bad value '%s' for --asof-from (expected loans)", optarg);
			o.asof_from_loans = 1;
			break;
		case OPT_BY:
			if (strcmp(optarg, "enterprise") == 0)
				o.by_enterprise = 1;
			else if (strcmp(optarg, "account") != 0)
				st = er_usage_error("bad value '%s' for --by (expected account or enterprise)", optarg);
			break;
		case OPT_PARTITION:
			if (er_hash_parse_partition(optarg, &o.part_k, &o.part_n) < 0)
				st = er_usage_error("bad --partition '%s' (expected K/N with 0 <= K < N)", optarg);
			o.partitioned = 1;
			break;
		case OPT_AGG:
		case OPT_AGG_BY:
		case OPT_DERIVE:
		case OPT_AGG_WINDOW: {
			int r = opt == OPT_AGG      ? er_feat_custom_parse(custom, optarg, err)
				: opt == OPT_AGG_BY ? er_feat_custom_set_by(custom, optarg, err)
				: opt == OPT_DERIVE ? er_feat_custom_derive(custom, optarg, err)
						    : er_feat_custom_set_window(custom, optarg, err);
			if (r == ER_EUSAGE)
				st = er_usage_error("%s", err);
			else if (r) {
				/* out of memory is said once, below */
				if (r != ER_ENOMEM)
					er_warn("%s", err);
				st = r;
			}
			break;
		}
		}
		if (st) {
			er_feat_custom_free(custom);
			er_buf_release(&fingerprint);
			return st == ER_ENOMEM ? (er_warn("out of memory"), st) : st;
		}
	}
	if (cli.status >= 0) {
		er_feat_custom_free(custom);
		er_buf_release(&fingerprint);
		return cli.status;
	}
	o.custom = custom;
	o.readings = argv + optind;
	o.nreadings = (size_t)(argc - optind);
	struct er_diag diag = er_cli_diag();
	o.diag = &diag;
	struct er_feat_ckpt ckpt;
	memset(&ckpt, 0, sizeof ckpt);
	if (list)
		st = er_feat_list(custom, &o.io, &diag);
	else if (state && !o.stream)
		st = er_usage_error("--state needs --stream");
	else if (state &&
	         (st = er_feat_ckpt_open(&ckpt, state, er_buf_cstr(&fingerprint), (uint64_t)ckpt_rows, (long)ckpt_ms,
	                                 (size_t)resend_rows, err)) != 0) {
		if (st != ER_ENOMEM)
			er_warn("%s", err);
	} else if (o.asof_from_loans && !o.tables[ER_KIND_LOANS])
		st = er_usage_error("--asof-from loans needs --loans");
	else if (kinds && !o.stream)
		st = er_usage_error("--kinds needs --stream");
	else if (o.asof_from_loans && o.stream)
		st = er_usage_error("--asof-from loans and --stream do not go together");
	else if (o.asof_last && o.stream)
		/* a row written before the last one read would not be as of the latest date */
		st = er_usage_error("--asof last needs every row before it writes one: not with --stream "
		                    "(without --asof the rows follow each entity's latest date)");
	else if (o.asof_last && o.asof_from_loans)
		st = er_usage_error("--asof last and --asof-from loans do not go together: --asof-from loans "
		                    "takes --asof DATE for the entities without a loan");
	else if (o.asof == ER_NO_DAY && !o.asof_last && !o.asof_from_loans && !o.stream)
		st = er_usage_error("--asof DATE|last is required (or --asof-from loans, or --stream)");
	else {
		o.ckpt = state ? &ckpt : NULL;
		st = er_feat_run(&o);
	}
	er_feat_ckpt_free(&ckpt);
	er_buf_release(&fingerprint);
	er_feat_custom_free(custom);
	if (st == ER_ENOMEM)
		er_warn("out of memory");
	return er_cli_finish(NULL, st);
}
