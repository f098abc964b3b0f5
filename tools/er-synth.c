/* er-synth: generate a synthetic portfolio of enterprises' utility data (the raw tables
 * er-ingest reads) with planted risk patterns and good/bad labels. The generator is
 * data/synth.c; this file holds the options and the output files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/date.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/progress.h"
#include "data/schema.h"
#include "data/synth.h"
#include "lib/writer.h"

enum {
	OPT_SEED = ER_OPT_TOOL,
	OPT_ENTERPRISES,
	OPT_DAYS,
	OPT_END,
	OPT_MONTHLY,
	OPT_MONTHS,
	OPT_OUT,
	OPT_TABLE,
	OPT_HEADERS
};

static const struct er_opt options[] = {
	{"out", 0, "DIR", OPT_OUT, "write every table to DIR/KIND.csv (.tsv with --tsv); DIR is created", NULL},
	{"table", 0, "KIND", OPT_TABLE,
         "write one table to stdout: accounts, readings, bills, inspections,\n"
         "events, loans or labels",
         NULL},
	{"enterprises", 0, "N", OPT_ENTERPRISES, "number of enterprises (default {})", "100"},
	{"seed", 0, "N", OPT_SEED, "random seed, 0 to 9223372036854775807 (default {})", "1"},
	{"end", 0, "DATE", OPT_END, "last day of the data, YYYY-MM-DD (default {})", "2024-06-30"},
	{"days", 0, "N", OPT_DAYS, "daily readings: N days ending at --end (default {})", "730"},
	{"monthly", 0, NULL, OPT_MONTHLY, "monthly readings (date = last day of the month, days = its days)", NULL},
	{"months", 0, "N", OPT_MONTHS,
         "months of monthly readings, ending with the last whole month up\n"
         "to --end (default {})",
         "36"},
	{"headers", 0, "STYLE", OPT_HEADERS,
         "canonical (default) or zh: Chinese source headers and codes, as a\n"
         "utility's marketing system exports them (for er-ingest)",
         NULL},
	{NULL, 0, NULL, 0, NULL, NULL}};

/* er-synth reads nothing: it does not accept --max-field. */
static const struct er_opt_spec spec = {
	.usage = "Usage: er-synth [options] --out DIR\n"
		 "       er-synth [options] --table KIND\n"
		 "Generate a synthetic portfolio of enterprises' utility data, deterministic for a seed:\n"
		 "accounts, readings, bills, inspections, events, loans and labels, with planted shell\n"
		 "companies, theft, arrears, collapsing use, identity mismatches and capacity cuts.\n"
		 "\n",
	.opts = options,
	.shared = er_cli_io_opts,
	.groups = ER_IO_FORMAT | ER_IO_WRITE | ER_IO_PROGRESS | ER_IO_QUIET,
	.epilog = "\n"
		  "er-synth reads nothing, so --tsv, like --output-tsv, writes TSV.\n"
		  "Labels are keyed by the enterprise's unified social credit code as written on its\n"
		  "accounts, dated at its loan application. See er-synth(1) for the model.\n"
		  "Exit status: 0 ok, 2 usage error, 3 write error, 4 out of memory.\n",
};

/* Counts rows and bytes on their way to the writer, for the summary and progress. */
struct sink_state {
	er_writer *w;
	unsigned long long rows, bytes;
	struct er_progress *progress;
};

static int
sink_field(void *ctx, const char *s, size_t len)
{
	struct sink_state *st = ctx;
	st->bytes += len + 1;
	return er_writer_field(st->w, s, len);
}

static int
sink_end_row(void *ctx)
{
	struct sink_state *st = ctx;
	if ((++st->rows & 0xFFFF) == 0)
		er_progress_update(st->progress, st->rows, st->bytes);
	return er_writer_end_row(st->w);
}

/* Parses a whole number in [LO, HI] for option NAME. Returns 0, or -1 after a usage message. */
static int
parse_count(const char *name, const char *arg, long long lo, long long hi, long long *out)
{
	long long v;
	if (er_num_parse_int(arg, strlen(arg), &v) != ER_NUM_OK || v < lo || v > hi) {
		er_usage_error("bad value '%s' for --%s (a whole number from %lld to %lld)", arg, name, lo, hi);
		return -1;
	}
	*out = v;
	return 0;
}

/* Writes table KIND to PATH ("-": standard output). Returns 0 or an exit status after a
 * message; *ROWS gets the data rows written. */
static int
write_table(const struct er_synth_opts *o, enum er_kind kind, const char *path, const struct er_writer_opts *wopts,
            struct er_progress *progress, unsigned long long *rows)
{
	char err[ER_ERRLEN] = "", werr[ER_ERRLEN] = "";
	er_writer *w;
	int rc = er_writer_create(&w, path, 0666, wopts, werr);
	if (rc) {
		er_progress_end(progress);
		er_warn("%s", werr);
		return rc;
	}
	struct sink_state st = {w, 0, 0, progress};
	struct er_synth_sink sink = {sink_field, sink_end_row, &st};
	rc = er_synth_write(o, kind, &sink, err);
	/* A failure of the sink is the writer's, with its message; else the generator's. */
	if (rc && *er_writer_error(w))
		rc = er_fail(werr, rc, "%s", er_writer_error(w));
	else if (rc)
		memcpy(werr, err, sizeof werr);
	*rows = st.rows > 0 ? st.rows - 1 : 0;
	if ((rc = er_writer_finish(w, rc, werr)) != 0) {
		er_progress_end(progress);
		er_warn("%s", werr);
	}
	return rc;
}

/* Over 120 lines: one flat case per option (each with its range check and message), then one
 * call per table; split, the cases would only move to a second switch. */
int
main(int argc, char **argv)
{
	er_set_progname("er-synth");
	struct er_synth_opts o;
	er_synth_opts_init(&o);
	struct er_cli_io io;
	er_cli_io_init(&io);
	const char *out_dir = NULL, *table = NULL;
	long long v;
	int c;
	struct er_cli_args cli = {0};
	while ((c = er_cli_next(&cli, argc, argv, &spec, &io)) != -1) {
		switch (c) {
		case OPT_SEED:
			if (parse_count("seed", optarg, 0, 9223372036854775807LL, &v))
				return ER_EUSAGE;
			o.seed = (uint64_t)v;
			break;
		case OPT_ENTERPRISES:
			if (parse_count("enterprises", optarg, 1, ER_SYNTH_MAX_ENTERPRISES, &v))
				return ER_EUSAGE;
			o.enterprises = v;
			break;
		case OPT_DAYS:
			if (parse_count("days", optarg, 1, ER_SYNTH_MAX_DAYS, &v))
				return ER_EUSAGE;
			o.days = (int)v;
			break;
		case OPT_MONTHS:
			if (parse_count("months", optarg, 1, ER_SYNTH_MAX_MONTHS, &v))
				return ER_EUSAGE;
			o.months = (int)v;
			break;
		case OPT_MONTHLY: o.monthly = 1; break;
		case OPT_END: {
			int precision;
			if (er_date_parse(optarg, strlen(optarg), NULL, &o.end, &precision) != ER_DATE_OK ||
			    precision != ER_DATE_DAY)
				return er_usage_error("bad date '%s' for --end (YYYY-MM-DD)", optarg);
			break;
		}
		case OPT_OUT: out_dir = optarg; break;
		case OPT_TABLE: table = optarg; break;
		case OPT_HEADERS:
			if (strcmp(optarg, "zh") == 0)
				o.zh = 1;
			else if (strcmp(optarg, "canonical") == 0)
				o.zh = 0;
			else
				return er_usage_error("bad value '%s' for --headers (canonical or zh)", optarg);
			break;
		}
	}
	if (cli.status >= 0)
		return cli.status;
	if (optind < argc)
		return er_usage_error("unexpected argument '%s'", argv[optind]);
	if (!out_dir == !table)
		return er_usage_error(out_dir ? "give --out or --table, not both" : "give --out DIR or --table KIND");
	const struct er_schema *one = NULL;
	if (table && !(one = er_schema_find(table)))
		return er_usage_error("unknown table '%s' (accounts, readings, bills, inspections, events, "
		                      "loans or labels)",
		                      table);
	char err[ER_ERRLEN];
	if (er_synth_check(&o, err))
		return er_usage_error("%s", err);

	/* Synthetic data is written, never read: --tsv asks for TSV output just as --output-tsv. */
	struct er_writer_opts wopts = io.out;
	if (!io.out_format_set)
		wopts.format = io.in.format == ER_FMT_TSV ? ER_FMT_TSV : ER_FMT_CSV;
	struct er_progress progress;
	er_progress_start(&progress, io.progress, -1);

	unsigned long long rows[ER_KIND_COUNT] = {0};
	int rc = 0;
	if (one) {
		rc = write_table(&o, one->kind, "-", &wopts, &progress, &rows[one->kind]);
		er_progress_end(&progress);
		if ((rc = er_cli_finish(NULL, rc)) != 0)
			return rc;
		if (!io.quiet)
			er_warn("%lld enterprises: %llu %s rows", o.enterprises, rows[one->kind], one->name);
		return ER_OK;
	}

	if (mkdir(out_dir, 0777) != 0 && errno != EEXIST) {
		er_warn("cannot create directory '%s': %s", out_dir, strerror(errno));
		return ER_EIO;
	}
	static const enum er_kind order[ER_KIND_COUNT] = {ER_KIND_ACCOUNTS,    ER_KIND_READINGS, ER_KIND_BILLS,
	                                                  ER_KIND_INSPECTIONS, ER_KIND_EVENTS,   ER_KIND_LOANS,
	                                                  ER_KIND_LABELS};
	const char *ext = wopts.format == ER_FMT_TSV ? "tsv" : "csv";
	for (size_t i = 0; i < ER_KIND_COUNT; i++) {
		const struct er_schema *s = er_schema_get(order[i]);
		char path[4096];
		if ((size_t)snprintf(path, sizeof path, "%s/%s.%s", out_dir, s->name, ext) >= sizeof path) {
			er_warn("path too long '%s'", out_dir);
			return ER_EIO;
		}
		rc = write_table(&o, order[i], path, &wopts, &progress, &rows[order[i]]);
		if (rc)
			return rc;
	}
	er_progress_end(&progress);
	if (!io.quiet)
		er_warn("%lld enterprises: %llu accounts, %llu readings, %llu bills, %llu inspections, "
		        "%llu events, %llu loans, %llu labels rows in %s",
		        o.enterprises, rows[ER_KIND_ACCOUNTS], rows[ER_KIND_READINGS], rows[ER_KIND_BILLS],
		        rows[ER_KIND_INSPECTIONS], rows[ER_KIND_EVENTS], rows[ER_KIND_LOANS], rows[ER_KIND_LABELS],
		        out_dir);
	return ER_OK;
}
