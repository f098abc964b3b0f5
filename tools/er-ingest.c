/* er-ingest: a utility export (CSV or TSV, any headers) to one canonical table. */
#include <getopt.h>
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
	OPT_MAP = ER_OPT_TOOL, OPT_KEEP_EXTRA, OPT_WIDE, OPT_DATE_FORMAT, OPT_REJECTS, OPT_MAX_REJECTS,
	OPT_PARTITION, OPT_IDS, OPT_REGISTER_DIGITS, OPT_TODAY, OPT_MASK_PII
};

static const struct option long_options[] = {
	{"kind", required_argument, NULL, 'k'},
	{"map", required_argument, NULL, OPT_MAP},
	{"keep-extra", no_argument, NULL, OPT_KEEP_EXTRA},
	{"wide", no_argument, NULL, OPT_WIDE},
	{"date-format", required_argument, NULL, OPT_DATE_FORMAT},
	{"rejects", required_argument, NULL, OPT_REJECTS},
	{"max-rejects", required_argument, NULL, OPT_MAX_REJECTS},
	{"partition", required_argument, NULL, OPT_PARTITION},
	{"ids", required_argument, NULL, OPT_IDS},
	{"register-digits", required_argument, NULL, OPT_REGISTER_DIGITS},
	{"today", required_argument, NULL, OPT_TODAY},
	{"mask-pii", no_argument, NULL, OPT_MASK_PII},
	ER_CLI_IO_LONG_OPTIONS,
	{NULL, 0, NULL, 0}
};

static const char usage_text[] =
	"Usage: er-ingest --kind KIND [OPTION]... [FILE]...\n"
	"Turn utility exports into one canonical table (see er-ingest(1) for the schemas).\n"
	"KIND is readings, bills, inspections, accounts, events, loans or labels.\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"  -k, --kind KIND          the table to produce\n"
	"      --map C=S,...        take canonical field C from source column S\n"
	"      --keep-extra         keep columns beyond the schema, after the canonical ones\n"
	"      --wide               readings with one row per account and one column per date\n"
	"      --date-format FMT    dates as FMT (%Y %m %d %y, literal text), not the built-in forms\n"
	"      --rejects FILE       write rejected rows with line, field, reason and message to FILE\n"
	"      --max-rejects N      stop after more than N rejected rows\n"
	"      --partition K/N      keep only rows whose account hashes to K of N partitions\n"
	"      --ids reject|keep    identifiers failing their check character: reject the row\n"
	"                           (default) or keep it and count it\n"
	"      --register-digits N  register width for rollovers (default: from the begin reading)\n"
	"      --today DATE         the date resident ID birth dates may not pass (default: today)\n"
	"      --mask-pii           mask personal data (legal_rep, legal_rep_id, phone) in the output,\n"
	"                           the rejects and messages: first 3 and last 4 characters kept\n"
	ER_CLI_IO_HELP
	"\n"
	"Exit status: 0 all rows written, 1 some rows rejected, 2 usage error, 3 I/O error,\n"
	"4 out of memory.\n";

int
main(int argc, char **argv)
{
	er_set_progname("er-ingest");
	struct er_cli_io io;
	er_cli_io_init(&io);
	struct er_ingest_opts o;
	memset(&o, 0, sizeof o);
	o.max_rejects = UINT64_MAX;
	o.today = er_date_today();
	const char *rejects_path = NULL;
	int c;
	opterr = 0; /* messages in the shared format, from er_cli_other_option */
	while ((c = getopt_long(argc, argv, ":k:", long_options, NULL)) != -1) {
		switch (c) {
		case 'k':
			o.schema = er_schema_find(optarg);
			if (!o.schema)
				return er_usage_error("unknown kind '%s' (readings, bills, inspections, accounts, events, loans, labels)", optarg);
			break;
		case OPT_MAP: o.map = optarg; break;
		case OPT_KEEP_EXTRA: o.keep_extra = 1; break;
		case OPT_MASK_PII: o.mask_pii = 1; break;
		case OPT_WIDE: o.wide = 1; break;
		case OPT_DATE_FORMAT:
			if (er_date_format_check(optarg) < 0)
				return er_usage_error("bad --date-format '%s' (use %%Y or %%y, %%m and optionally %%d)", optarg);
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
		case OPT_IDS:
			if (strcmp(optarg, "keep") == 0)
				o.keep_bad_ids = 1;
			else if (strcmp(optarg, "reject") == 0)
				o.keep_bad_ids = 0;
			else
				return er_usage_error("bad --ids '%s' (reject or keep)", optarg);
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
		default: {
			int rc = er_cli_other_option(&io, c, optarg, argv, usage_text);
			if (rc >= 0)
				return rc;
		}
		}
	}
	if (!o.schema)
		return er_usage_error("missing --kind");
	if (o.wide && o.schema->kind != ER_KIND_READINGS)
		return er_usage_error("--wide applies to --kind readings only");
	o.quiet = io.quiet;
	o.progress = io.progress;

	char err[ER_ERRLEN];
	int status;
	er_reader *in = er_reader_open(argv + optind, (size_t)(argc - optind), &io.in, err, &status);
	if (!in) {
		er_warn("%s", err);
		return status;
	}
	er_cli_io_follow(&io, in);
	o.tsv_strict = io.out.format == ER_FMT_TSV && !io.out.tsv_replace;
	er_writer *out = er_writer_open(1, "stdout", &io.out);
	int rej_fd = -1;
	er_writer *rej = NULL;
	if (rejects_path) {
		rej_fd = open(rejects_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		if (rej_fd < 0) {
			er_warn("cannot open '%s': %m", rejects_path);
			er_reader_close(in);
			er_writer_close(out);
			return ER_EIO;
		}
		struct er_writer_opts ro = {ER_FMT_CSV, 0, 0, io.out.safe_csv};
		rej = er_writer_open(rej_fd, rejects_path, &ro);
	}
	if (!out || (rejects_path && !rej)) {
		er_warn("out of memory");
		return ER_ENOMEM;
	}
	struct er_ingest_counts n;
	status = er_ingest_run(in, out, rej, &o, &n);
	er_reader_close(in);
	status = er_cli_finish(out, status);
	if (rej) {
		if (er_writer_flush(rej) && status != ER_EIO) {
			er_warn("%s", er_writer_error(rej));
			status = ER_EIO;
		}
		er_writer_close(rej);
		if (close(rej_fd) != 0 && status != ER_EIO) {
			er_warn("write error '%s': %m", rejects_path);
			status = ER_EIO;
		}
	}
	if (!io.quiet && (status == ER_OK || status == ER_EDATA)) {
		char extra[160] = "";
		if (o.partitioned)
			snprintf(extra + strlen(extra), sizeof extra - strlen(extra), ", %llu in other partitions",
			         (unsigned long long)n.other_partition);
		if (n.rollovers)
			snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "; %llu register rollovers",
			         (unsigned long long)n.rollovers);
		if (n.bad_ids_kept)
			snprintf(extra + strlen(extra), sizeof extra - strlen(extra), "; %llu invalid ids kept",
			         (unsigned long long)n.bad_ids_kept);
		er_warn("%llu %s read, %llu written, %llu rejected, %llu duplicate%s", (unsigned long long)n.read,
		        o.wide ? "cells" : "rows", (unsigned long long)n.written, (unsigned long long)n.rejected,
		        (unsigned long long)n.duplicate, extra);
	}
	return status;
}
