/* er-ingest: a utility export (CSV or TSV, any headers) to one canonical table. */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "data/ingest.h"

enum {
	OPT_MAP = ER_OPT_TOOL,
	OPT_KEEP_EXTRA,
	OPT_WIDE,
	OPT_DATE_FORMAT,
	OPT_REJECTS,
	OPT_MAX_REJECTS,
	OPT_PARTITION,
	OPT_IDS,
	OPT_REGISTER_DIGITS,
	OPT_TODAY,
	OPT_MASK_PII,
	OPT_CODES,
	OPT_UNKNOWN_CODES,
	OPT_PARTITION_BY,
	OPT_ACCOUNTS,
	OPT_SPLIT,
	OPT_SPLIT_DIR,
	OPT_REPEATS
};

/* --split's most partitions: each is an open file. */
#define SPLIT_MAX 1000

static const struct er_opt options[] = {
	{"kind", 'k', "KIND", 'k', "the table to produce", NULL},
	{"map", 0, "C=S,...", OPT_MAP,
         "take canonical field C from source column S (S1+S2+...:\n"
         "those columns' values joined with '-', for a text field)",
         NULL},
	{"repeats", 0, "drop|number", OPT_REPEATS,
         "a row whose key was written before: drop it as a duplicate,\n"
         "or write it with the key numbered (meter_id M#2, M#3, ...)\n"
         "(default: {})",
         "drop"},
	{"keep-extra", 0, NULL, OPT_KEEP_EXTRA, "keep columns beyond the schema, after the canonical ones", NULL},
	{"wide", 0, NULL, OPT_WIDE, "readings with one row per account and one column per date", NULL},
	{"date-format", 0, "FMT", OPT_DATE_FORMAT,
         "dates as FMT (%Y %m %d %y, literal text), not the built-in\n"
         "forms; excel: Excel's serial day numbers (45299)",
         NULL},
	{"rejects", 0, "FILE", OPT_REJECTS, "write rejected rows with line, field, reason and message to FILE", NULL},
	{"max-rejects", 0, "N", OPT_MAX_REJECTS, "stop after more than N rejected rows", NULL},
	{"partition", 0, "K/N", OPT_PARTITION, "keep only rows whose account hashes to K of N partitions", NULL},
	{"split", 0, "N", OPT_SPLIT,
         "write every row to the file of its partition, N of them (1 to 1000),\n"
         "in one pass: DIR/K.tsv (or .csv) for K = 0 to N-1",
         NULL},
	{"split-dir", 0, "DIR", OPT_SPLIT_DIR, "the folder of --split's files (it must exist)", NULL},
	{"partition-by", 0, "account|enterprise", OPT_PARTITION_BY,
         "what --partition and --split hash: the account (default) or its\n"
         "enterprise (the credit code of the accounts table), so an\n"
         "enterprise stays whole",
         NULL},
	{"accounts", 0, "FILE", OPT_ACCOUNTS,
         "the canonical accounts table giving each account's code,\n"
         "for --partition-by enterprise of the other kinds",
         NULL},
	{"ids", 0, "reject|keep", OPT_IDS,
         "identifiers failing their check character: reject the row or\n"
         "keep it and count it (default: {})",
         "credit codes kept, other ids rejected"},
	{"codes", 0, "FILE", OPT_CODES,
         "map the utility's own codes (CSV field,raw,canonical) for finding,\n"
         "type, status and pay_method",
         NULL},
	{"unknown-codes", 0, "reject|keep", OPT_UNKNOWN_CODES,
         "a code no list knows: reject the row (default)\n"
         "or write it as other and count it",
         NULL},
	{"register-digits", 0, "N", OPT_REGISTER_DIGITS, "register width for rollovers (default: {})",
         "from the begin reading"},
	{"today", 0, "DATE", OPT_TODAY, "the date resident ID birth dates may not pass (default: {})", "today"},
	{"mask-pii", 0, NULL, OPT_MASK_PII,
         "mask personal data (legal_rep, legal_rep_id, phone) in the output,\n"
         "the rejects and messages: first 3 and last 4 characters kept",
         NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

static const struct er_opt_spec spec = {
	.usage = "Usage: er-ingest --kind KIND [OPTION]... [FILE]...\n"
		 "Turn utility exports into one canonical table (see er-ingest(1) for the schemas).\n"
		 "KIND is readings, bills, inspections, accounts, events, loans or labels.\n"
		 "With no FILE, or when FILE is -, read standard input.\n"
		 "\n",
	.opts = options,
	.col = 27,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_MAX_FIELD | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "Exit status: 0 all rows written, 1 some rows rejected, 2 usage error, 3 I/O error,\n"
		  "4 out of memory.\n",
};

/* 0 for ARG A, 1 for ARG B (an option's two words), else -1. */
static int
one_of(const char *arg, const char *a, const char *b)
{
	return strcmp(arg, b) == 0 ? 1 : strcmp(arg, a) == 0 ? 0 : -1;
}

/* 1 for "keep", 0 for "reject", else -1. */
static int
reject_or_keep(const char *arg)
{
	return one_of(arg, "reject", "keep");
}

/* The summary line: what was read, written, rejected and dropped, and the counts only some
 * options produce. */
/* Appends to the text in BUF (N bytes), cut when full. */
static void __attribute__((format(printf, 3, 4))) append(char *buf, size_t n, const char *fmt, ...)
{
	size_t len = strlen(buf);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + len, n - len, fmt, ap);
	va_end(ap);
}

static void
print_summary(const struct er_ingest_opts *o, const struct er_ingest_counts *n, int split)
{
	char extra[160] = "";
	if (split)
		append(extra, sizeof extra, ", in %llu partition files", (unsigned long long)o->part_n);
	else if (o->partitioned)
		append(extra, sizeof extra, ", %llu in other partitions", (unsigned long long)n->other_partition);
	if (n->rollovers)
		append(extra, sizeof extra, "; %llu register rollovers", (unsigned long long)n->rollovers);
	if (n->other_codes)
		append(extra, sizeof extra, "; %llu unknown codes kept as other", (unsigned long long)n->other_codes);
	if (n->numbered)
		append(extra, sizeof extra, "; %llu written with a numbered key", (unsigned long long)n->numbered);
	if (n->bad_ids_kept)
		append(extra, sizeof extra, "; %llu invalid ids kept", (unsigned long long)n->bad_ids_kept);
	er_warn("%llu %s read, %llu written, %llu rejected, %llu duplicate%s", (unsigned long long)n->read,
	        n->cells ? "cells" : "rows", (unsigned long long)n->written, (unsigned long long)n->rejected,
	        (unsigned long long)n->duplicate, extra);
}

/* The files of --split: one writer per partition, each owning its file. */
struct split {
	er_writer **w;
	char **path;
	size_t n;
};

/* Closes what SP holds; a failed write or close is reported once and turns STATUS into
 * ER_EIO. Returns the status. */
static int
split_close(struct split *sp, int status)
{
	char err[ER_ERRLEN];
	for (size_t k = 0; k < sp->n; k++) {
		int st = er_writer_finish(sp->w[k], 0, err);
		if (st && status != ER_EIO) {
			er_warn("%s", err);
			status = ER_EIO;
		}
		free(sp->path[k]);
	}
	free(sp->w);
	free(sp->path);
	memset(sp, 0, sizeof *sp);
	return status;
}

/* Creates DIR/K.tsv (or .csv, as OUT says) for K = 0 to N-1 into SP. Returns 0, or the exit
 * status after a message (SP then holds nothing). */
static int
split_open(struct split *sp, const char *dir, size_t n, const struct er_writer_opts *out)
{
	char err[ER_ERRLEN];
	sp->w = calloc(n, sizeof *sp->w);
	sp->path = calloc(n, sizeof *sp->path);
	sp->n = n;
	if (!sp->w || !sp->path) {
		sp->n = 0;
		split_close(sp, 0);
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	for (size_t k = 0; k < n; k++) {
		if (asprintf(&sp->path[k], "%s/%zu.%s", dir, k, out->format == ER_FMT_TSV ? "tsv" : "csv") < 0) {
			sp->path[k] = NULL;
			split_close(sp, 0);
			er_warn("out of memory");
			return ER_ENOMEM;
		}
		int st = er_writer_create(&sp->w[k], sp->path[k], 0644, out, err);
		if (st) {
			split_close(sp, 0);
			er_warn("%s", err);
			return st;
		}
	}
	return 0;
}

/* Over 120 lines: one flat case per option (--kind, --map, --ids, --codes, --partition, ...),
 * each one assignment or one check; the run itself is er_ingest_run. */
int
main(int argc, char **argv)
{
	er_set_progname("er-ingest");
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_ingest_opts o;
	memset(&o, 0, sizeof o);
	o.max_rejects = UINT64_MAX;
	o.keep_bad_ids = ER_IDS_KEEP_USCC;
	o.today = er_date_today();
	const char *rejects_path = NULL;
	const char *codes_path = NULL;
	const char *accounts_path = NULL;
	const char *split_dir = NULL;
	int c, status, split = 0;
	struct er_cli_args cli = {0};
	while ((c = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (c) {
		case 'k':
			o.schema = er_schema_find(optarg);
			if (!o.schema)
				return er_usage_error("unknown kind '%s' (readings, bills, inspections, accounts, "
				                      "events, loans, labels)",
				                      optarg);
			break;
		case OPT_MAP: o.map = optarg; break;
		case OPT_REPEATS:
			if ((o.number_repeats = one_of(optarg, "drop", "number")) < 0)
				return er_usage_error("bad --repeats '%s' (drop or number)", optarg);
			break;
		case OPT_KEEP_EXTRA: o.keep_extra = 1; break;
		case OPT_MASK_PII: o.mask_pii = 1; break;
		case OPT_WIDE: o.wide = 1; break;
		case OPT_DATE_FORMAT:
			if (er_date_format_check(optarg) < 0)
				return er_usage_error("bad --date-format '%s' (use %%Y or %%y, %%m and optionally %%d, "
				                      "or excel)",
				                      optarg);
			o.date_format = optarg;
			break;
		case OPT_REJECTS: rejects_path = optarg; break;
		case OPT_MAX_REJECTS: {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (!*optarg || *end || *optarg == '-')
				return er_usage_error("bad number '%s' for --max-rejects", optarg);
			o.max_rejects = v;
			break;
		}
		case OPT_PARTITION:
			if (er_hash_parse_partition(optarg, &o.part_k, &o.part_n) < 0)
				return er_usage_error("bad --partition '%s' (expected K/N with 0 <= K < N)", optarg);
			o.partitioned = 1;
			break;
		case OPT_SPLIT: {
			int v;
			char err[ER_ERRLEN];
			if (er_cli_int_value(optarg, 1, SPLIT_MAX, "split", &v, err))
				return er_usage_error("%s", err);
			o.part_n = (uint64_t)v;
			split = 1;
			break;
		}
		case OPT_SPLIT_DIR: split_dir = optarg; break;
		case OPT_PARTITION_BY:
			if ((o.part_by_enterprise = one_of(optarg, "account", "enterprise")) < 0)
				return er_usage_error("bad --partition-by '%s' (account or enterprise)", optarg);
			break;
		case OPT_ACCOUNTS: accounts_path = optarg; break;
		case OPT_IDS:
			if ((o.keep_bad_ids = reject_or_keep(optarg)) < 0)
				return er_usage_error("bad --ids '%s' (reject or keep)", optarg);
			break;
		case OPT_CODES: codes_path = optarg; break;
		case OPT_UNKNOWN_CODES:
			if ((o.keep_unknown_codes = reject_or_keep(optarg)) < 0)
				return er_usage_error("bad --unknown-codes '%s' (reject or keep)", optarg);
			break;
		case OPT_REGISTER_DIGITS: {
			char *end;
			long v = strtol(optarg, &end, 10);
			if (!*optarg || *end || v < 1 || v > 15)
				return er_usage_error("bad --register-digits '%s' (1 to 15)", optarg);
			o.register_digits = (int)v;
			break;
		}
		case OPT_TODAY:
			if (er_date_parse(optarg, strlen(optarg), NULL, &o.today, NULL) != ER_DATE_OK)
				return er_usage_error("bad date '%s' for --today", optarg);
			break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (!o.schema)
		return er_usage_error("missing --kind");
	if ((status = er_cli_refuse_stdout("rejects", rejects_path)) != 0)
		return status;
	if (o.number_repeats && er_ingest_repeat_field(o.schema) < 0)
		return er_usage_error("--repeats number does not apply to --kind %s (no key field to number)",
		                      o.schema->name);
	if (o.wide && o.schema->kind != ER_KIND_READINGS)
		return er_usage_error("--wide applies to --kind readings only");
	if (split && o.partitioned)
		return er_usage_error("--split and --partition do not go together (--split writes every partition)");
	if (split != (split_dir != NULL))
		return er_usage_error("--split N and --split-dir DIR go together");
	if (o.part_by_enterprise && !o.partitioned && !split)
		return er_usage_error("--partition-by needs --partition or --split");
	o.partitioned |= split;
	if (accounts_path && !o.part_by_enterprise)
		return er_usage_error("--accounts applies to --partition-by enterprise only");
	if (o.part_by_enterprise && o.schema->kind != ER_KIND_ACCOUNTS && !accounts_path)
		return er_usage_error("--partition-by enterprise of %s needs --accounts FILE (the accounts table)",
		                      o.schema->name);
	o.quiet = io.quiet;
	o.progress = io.progress;

	char err[ER_ERRLEN];
	er_codes *codes = NULL;
	if (codes_path && (status = er_codes_load(&codes, codes_path, o.schema, err)) != ER_OK) {
		if (status == ER_ENOMEM)
			er_warn("out of memory");
		else
			er_warn("%s", err);
		return status;
	}
	o.codes = codes;
	struct er_diag diag = er_cli_diag();
	er_partition_map *part_codes = NULL;
	if (accounts_path && o.schema->kind != ER_KIND_ACCOUNTS &&
	    (status = er_partition_map_load(&part_codes, accounts_path, &diag, err)) != ER_OK) {
		er_warn("%s", status == ER_ENOMEM ? "out of memory" : err);
		er_codes_free(codes);
		return status;
	}
	o.part_codes = part_codes;
	er_reader *in;
	status = er_reader_open(&in, argv + optind, (size_t)(argc - optind), &io.in, err);
	if (!in) {
		er_warn("%s", err);
		er_codes_free(codes);
		er_partition_map_free(part_codes);
		return status;
	}
	er_cli_io_follow(&io, in);
	o.tsv_strict = io.out.format == ER_FMT_TSV && !io.out.tsv_replace;
	er_writer *out = er_writer_open(1, "stdout", &io.out);
	struct split sp = {0};
	if (split && (status = split_open(&sp, split_dir, (size_t)o.part_n, &io.out)) != 0) {
		er_reader_close(in);
		er_writer_close(out);
		er_codes_free(codes);
		er_partition_map_free(part_codes);
		return status;
	}
	o.split_outs = sp.w;
	er_writer *rej = NULL;
	if (out && rejects_path) {
		struct er_writer_opts ro = {ER_FMT_CSV, 0, 0, io.out.safe_csv};
		if ((status = er_writer_create(&rej, rejects_path, 0644, &ro, err)) != 0) {
			er_warn("%s", err);
			split_close(&sp, 0);
			er_reader_close(in);
			er_writer_close(out);
			er_codes_free(codes);
			er_partition_map_free(part_codes);
			return status;
		}
	}
	if (!out) {
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	struct er_ingest_counts n;
	o.diag = &diag;
	status = er_ingest_run(in, out, rej, &o, &n);
	status = split_close(&sp, status);
	o.split_outs = NULL;
	er_reader_close(in);
	er_codes_free(codes);
	er_partition_map_free(part_codes);
	status = er_cli_finish(out, status);
	if (rej && er_writer_finish(rej, 0, err) && status != ER_EIO) {
		er_warn("%s", err);
		status = ER_EIO;
	}
	if (!io.quiet && (status == ER_OK || status == ER_EDATA))
		print_summary(&o, &n, split);
	return status;
}
