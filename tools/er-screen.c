/* er-screen: univariate analysis, binning and indicator selection (单变量分析与指标筛选). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "data/label.h"
#include "lib/num.h"
#include "lib/progress.h"
#include "model/screen.h"

enum {
	OPT_ID = ER_OPT_TOOL, OPT_LABEL, OPT_LABELS, OPT_BAD, OPT_METHOD, OPT_BREAKS, OPT_FINE_BINS,
	OPT_MAX_BINS, OPT_MIN_BIN, OPT_SHAPE, OPT_ZERO_COUNT, OPT_CHI_LIMIT, OPT_STOP_LIMIT,
	OPT_SPECIAL, OPT_CATEGORICAL, OPT_EXCLUDE, OPT_MIN_IV, OPT_MAX_MISSING, OPT_MAX_IDENTICAL,
	OPT_MAX_PSI, OPT_MAX_CORR, OPT_NO_CORR, OPT_NO_DIRECTION, OPT_BASELINE, OPT_DIRECTIONS,
	OPT_BINS, OPT_SELECTED, OPT_HTML
};

static const struct option long_options[] = {
	{"id", required_argument, NULL, OPT_ID},
	{"label", required_argument, NULL, OPT_LABEL},
	{"labels", required_argument, NULL, OPT_LABELS},
	{"bad", required_argument, NULL, OPT_BAD},
	{"method", required_argument, NULL, OPT_METHOD},
	{"breaks", required_argument, NULL, OPT_BREAKS},
	{"fine-bins", required_argument, NULL, OPT_FINE_BINS},
	{"max-bins", required_argument, NULL, OPT_MAX_BINS},
	{"min-bin", required_argument, NULL, OPT_MIN_BIN},
	{"shape", required_argument, NULL, OPT_SHAPE},
	{"zero-count", required_argument, NULL, OPT_ZERO_COUNT},
	{"chi-limit", required_argument, NULL, OPT_CHI_LIMIT},
	{"stop-limit", required_argument, NULL, OPT_STOP_LIMIT},
	{"special", required_argument, NULL, OPT_SPECIAL},
	{"categorical", required_argument, NULL, OPT_CATEGORICAL},
	{"exclude", required_argument, NULL, OPT_EXCLUDE},
	{"min-iv", required_argument, NULL, OPT_MIN_IV},
	{"max-missing", required_argument, NULL, OPT_MAX_MISSING},
	{"max-identical", required_argument, NULL, OPT_MAX_IDENTICAL},
	{"max-psi", required_argument, NULL, OPT_MAX_PSI},
	{"max-corr", required_argument, NULL, OPT_MAX_CORR},
	{"no-corr", no_argument, NULL, OPT_NO_CORR},
	{"no-direction", no_argument, NULL, OPT_NO_DIRECTION},
	{"baseline", required_argument, NULL, OPT_BASELINE},
	{"directions", required_argument, NULL, OPT_DIRECTIONS},
	{"bins", required_argument, NULL, OPT_BINS},
	{"selected", required_argument, NULL, OPT_SELECTED},
	{"html", required_argument, NULL, OPT_HTML},
	ER_CLI_IO_LONG_OPTIONS,
	{NULL, 0, NULL, 0}
};

static const char usage_text[] =
	"Usage: er-screen [OPTION]... [FILE]...\n"
	"Bin every indicator of a feature table against a good/bad label, measure it (missing and\n"
	"identical rate, IV, KS, AUC, direction, PSI) and select the ones to model.\n"
	"The report (one row per indicator, highest IV first) goes to standard output.\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"Input:\n"
	"      --id COL             the id column, never an indicator (default id)\n"
	"      --label COL          the label column (default label)\n"
	"      --labels FILE        take labels from FILE (columns named by --id and --label),\n"
	"                           joined on the id\n"
	"      --bad VALUE          the label value meaning bad; every other value is good\n"
	"                           (default: 1/0, bad/good, true/false, y/n, yes/no)\n"
	"      --categorical COLS   read these comma-separated columns as categories\n"
	"      --exclude COLS       columns that are not indicators (dates, names)\n"
	"      --special V,...      values binned on their own (codes such as -999)\n"
	"Binning:\n"
	"      --method M           monotonic (default), quantile, chimerge, tree or unique\n"
	"      --breaks VAR=B1,...  bin VAR at these ascending breaks ([-Inf,B1), [B1,B2), ...);\n"
	"                           may be repeated\n"
	"      --fine-bins N        quantile fine bins before merging (default 20, at most 256)\n"
	"      --max-bins N         at most N bins per indicator (default 8)\n"
	"      --min-bin SHARE      each bin at least this share of rows (default 0.05)\n"
	"      --shape S            monotonic WOE shape: monotone (default), ascending,\n"
	"                           descending, peak, valley or auto (the best of all four)\n"
	"      --zero-count C       count used for an empty good or bad cell (default 0.99)\n"
	"      --chi-limit X        chimerge: merge while chi-square is below X (default 2.706)\n"
	"      --stop-limit X       tree: stop when a split adds less than X of the IV (default 0.1)\n"
	"Selection:\n"
	"      --min-iv X           keep IV >= X (default 0.02)\n"
	"      --max-missing X      keep missing rate <= X (default 0.95)\n"
	"      --max-identical X    keep identical rate <= X (default 0.95)\n"
	"      --max-psi X          keep PSI <= X against --baseline (default 0.25)\n"
	"      --max-corr X         of two indicators with |r| > X on WOE drop the lower IV\n"
	"                           (default 0.7)\n"
	"      --no-corr            no correlation check\n"
	"      --no-direction       no check of the expected direction of risk\n"
	"      --baseline FILE      an earlier table with the same columns, for PSI\n"
	"      --directions FILE    expected directions (columns name,direction: + - = ?); the\n"
	"                           er-features catalogue gives those of the names it knows\n"
	"Outputs:\n"
	"      --bins FILE          write the binning table (one row per bin) to FILE\n"
	"      --selected FILE      write the selected names, one per line, to FILE\n"
	"      --html FILE          write a self-contained HTML report with charts to FILE\n"
	ER_CLI_IO_HELP
	"\n"
	"Exit status: 0 success, 1 some rows left out (missing or unknown label), 2 usage error,\n"
	"3 I/O error, 4 out of memory.\n";

/* Ends main with status S, freeing what it holds. */
#define EXIT(s) do { status = (s); goto out; } while (0)

/* Parses a whole number from LO to HI for --OPT into *V. Returns 0, or -1 after a usage message. */
static int parse_int(const char *s, int *v, int lo, int hi, const char *opt)
{
	long long x;

	if (er_num_parse_int(s, strlen(s), &x) != ER_NUM_OK || x < lo || x > hi) {
		er_usage_error("bad number '%s' for --%s (%d to %d)", s, opt, lo, hi);
		return -1;
	}
	*v = (int)x;
	return 0;
}

static FILE *open_out(const char *path)
{
	FILE *f = fopen(path, "w");

	if (f == NULL)
		er_warn("cannot open '%s': %s", path, strerror(errno));
	return f;
}

static int close_out(FILE *f, const char *path, int rc)
{
	int failed = ferror(f) || rc != 0;
	int saved = errno;
	if (fclose(f) != 0 || failed) {
		er_warn("write error '%s': %s", path, strerror(failed ? saved : errno));
		return ER_EIO;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct er_cli_io io;
	struct er_screen_opts so;
	struct er_frame_load_opts lo;
	struct er_frame data, base;
	struct er_screen_result res;
	struct er_progress progress;
	const char *labels_path = NULL, *baseline_path = NULL, *directions_path = NULL;
	const char *bins_path = NULL, *selected_path = NULL, *html_path = NULL, *bad = NULL;
	char **categorical = NULL, **exclude = NULL, **special = NULL, **dir_names = NULL;
	char *dir_values = NULL;
	char **bvar = NULL;
	double **bvals = NULL, *special_num = NULL;
	size_t *bn = NULL, nbvar = 0, ncat = 0, nexcl = 0, nspecial = 0, ndir = 0, i;
	size_t nspecial_num = 0;
	er_label_table *labels = NULL;
	er_reader *in = NULL;
	er_writer *out = NULL;
	char err[ER_ERRLEN];
	int c, status = ER_OK, rc;

	er_set_progname(argv[0]);
	er_cli_io_init(&io);
	er_screen_opts_init(&so);
	memset(&lo, 0, sizeof lo);
	memset(&data, 0, sizeof data);
	memset(&base, 0, sizeof base);
	memset(&res, 0, sizeof res);
	lo.id_col = "id";
	lo.label_col = "label";
	opterr = 0; /* messages in the shared format, from er_cli_other_option */
	while ((c = getopt_long(argc, argv, ":", long_options, NULL)) != -1) {
		switch (c) {
		case OPT_ID: lo.id_col = optarg; break;
		case OPT_LABEL: lo.label_col = optarg; break;
		case OPT_LABELS: labels_path = optarg; break;
		case OPT_BAD: bad = optarg; break;
		case OPT_METHOD:
			if (strcmp(optarg, "monotonic") == 0)
				so.bin.method = ER_BIN_METHOD_MONOTONIC;
			else if (strcmp(optarg, "quantile") == 0)
				so.bin.method = ER_BIN_METHOD_QUANTILE;
			else if (strcmp(optarg, "chimerge") == 0)
				so.bin.method = ER_BIN_METHOD_CHIMERGE;
			else if (strcmp(optarg, "tree") == 0)
				so.bin.method = ER_BIN_METHOD_TREE;
			else if (strcmp(optarg, "unique") == 0)
				so.bin.method = ER_BIN_METHOD_UNIQUE;
			else
				EXIT(er_usage_error("unknown --method '%s' (monotonic, quantile, chimerge, tree, unique)", optarg));
			break;
		case OPT_BREAKS: {
			char *eq = strchr(optarg, '='), **toks = NULL;
			size_t nt = 0, k;
			void *p1;

			if (eq == NULL || eq == optarg)
				EXIT(er_usage_error("bad --breaks '%s' (expected VAR=B1,B2,...)", optarg));
			p1 = realloc(bvar, (nbvar + 1) * sizeof *bvar);
			if (p1 == NULL)
				EXIT(ER_ENOMEM);
			bvar = p1;
			p1 = realloc(bvals, (nbvar + 1) * sizeof *bvals);
			if (p1 == NULL)
				EXIT(ER_ENOMEM);
			bvals = p1;
			p1 = realloc(bn, (nbvar + 1) * sizeof *bn);
			if (p1 == NULL)
				EXIT(ER_ENOMEM);
			bn = p1;
			*eq = '\0';
			bvar[nbvar] = optarg;
			bn[nbvar] = 0;
			bvals[nbvar] = NULL;
			if (er_cli_split_list(eq + 1, &toks, &nt) != 0 ||
			    (bvals[nbvar] = malloc((nt ? nt : 1) * sizeof **bvals)) == NULL) {
				free(toks);
				EXIT(ER_ENOMEM);
			}
			nbvar++;
			for (k = 0; k < nt; k++) {
				int bad_break = er_num_parse(toks[k], strlen(toks[k]), &bvals[nbvar - 1][k]) != ER_NUM_OK;

				if (bad_break || (k > 0 && !(bvals[nbvar - 1][k] > bvals[nbvar - 1][k - 1]))) {
					if (bad_break)
						er_usage_error("bad break '%s' for '%s'", toks[k], optarg);
					else
						er_usage_error("breaks for '%s' must ascend", optarg);
					free(toks);
					EXIT(ER_EUSAGE);
				}
			}
			bn[nbvar - 1] = nt;
			free(toks);
			break;
		}
		case OPT_FINE_BINS:
			if (parse_int(optarg, &so.bin.fine_bins, 2, 256, "fine-bins") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_MAX_BINS:
			if (parse_int(optarg, &so.bin.max_bins, 1, 1000, "max-bins") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_MIN_BIN:
			if (er_cli_parse_double(optarg, &so.bin.min_bin, 0, 0.5, "min-bin") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_SHAPE: {
			static const char *const shapes[] = {"monotone", "ascending", "descending", "peak", "valley", "auto"};
			size_t k;

			for (k = 0; k < 6 && strcmp(optarg, shapes[k]) != 0; k++)
				;
			if (k == 6)
				EXIT(er_usage_error("unknown --shape '%s' (monotone, ascending, descending, peak, valley, auto)", optarg));
			so.bin.shape = (enum er_bin_shape)k;
			break;
		}
		case OPT_ZERO_COUNT:
			if (er_cli_parse_double(optarg, &so.bin.zero_count, 1e-9, 1e9, "zero-count") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_CHI_LIMIT:
			if (er_cli_parse_double(optarg, &so.bin.chi_limit, 0, 1e9, "chi-limit") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_STOP_LIMIT:
			if (er_cli_parse_double(optarg, &so.bin.stop_limit, 0, 1e9, "stop-limit") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_SPECIAL:
			if (er_cli_split_list(optarg, &special, &nspecial) != 0)
				EXIT(ER_ENOMEM);
			break;
		case OPT_CATEGORICAL:
			if (er_cli_split_list(optarg, &categorical, &ncat) != 0)
				EXIT(ER_ENOMEM);
			break;
		case OPT_EXCLUDE:
			if (er_cli_split_list(optarg, &exclude, &nexcl) != 0)
				EXIT(ER_ENOMEM);
			break;
		case OPT_MIN_IV:
			if (er_cli_parse_double(optarg, &so.min_iv, 0, 1e9, "min-iv") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_MAX_MISSING:
			if (er_cli_parse_double(optarg, &so.max_missing, 0, 1, "max-missing") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_MAX_IDENTICAL:
			if (er_cli_parse_double(optarg, &so.max_identical, 0, 1, "max-identical") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_MAX_PSI:
			if (er_cli_parse_double(optarg, &so.max_psi, 0, 1e9, "max-psi") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_MAX_CORR:
			if (er_cli_parse_double(optarg, &so.max_corr, 0, 1, "max-corr") != 0)
				EXIT(ER_EUSAGE);
			break;
		case OPT_NO_CORR: so.max_corr = 1; break;
		case OPT_NO_DIRECTION: so.check_direction = 0; break;
		case OPT_BASELINE: baseline_path = optarg; break;
		case OPT_DIRECTIONS: directions_path = optarg; break;
		case OPT_BINS: bins_path = optarg; break;
		case OPT_SELECTED: selected_path = optarg; break;
		case OPT_HTML: html_path = optarg; break;
		default:
			rc = er_cli_other_option(&io, c, optarg, argv, usage_text);
			if (rc >= 0)
				EXIT(rc);
		}
	}
	er_label_init(&lo.label, bad);
	so.breaks_var = (const char *const *)bvar;
	so.breaks = (const double *const *)bvals;
	so.nbreaks = bn;
	so.nbreaks_var = nbvar;
	lo.categorical = categorical;
	lo.ncategorical = ncat;
	lo.exclude = exclude;
	lo.nexclude = nexcl;
	/* special values: numbers for numeric columns, the texts for categorical ones */
	special_num = malloc((nspecial ? nspecial : 1) * sizeof *special_num);
	if (special_num == NULL)
		EXIT(ER_ENOMEM);
	for (i = 0; i < nspecial; i++)
		if (er_num_parse(special[i], strlen(special[i]), &special_num[nspecial_num]) == ER_NUM_OK)
			nspecial_num++;
	so.bin.special_num = special_num;
	so.bin.nspecial_num = nspecial_num;
	so.bin.special_str = (const char *const *)special;
	so.bin.nspecial_str = nspecial;

	if (directions_path != NULL) {
		rc = er_screen_read_directions(directions_path, &dir_names, &dir_values, &ndir, err);
		if (rc != 0) {
			er_warn("%s", err);
			EXIT(rc == ER_EDATA ? ER_EIO : rc);
		}
		so.dir_name = dir_names;
		so.dir_value = dir_values;
		so.ndir = ndir;
	}
	if (labels_path != NULL) {
		size_t rejected = 0;
		char warn[ER_ERRLEN];

		labels = er_label_table_read(labels_path, lo.id_col, lo.label_col, &lo.label, &rejected, warn, err, &rc);
		if (labels == NULL) {
			er_warn("%s", err);
			EXIT(rc == ER_EDATA ? ER_EIO : rc);
		}
		if (rejected > 0 && !io.quiet)
			er_warn("%zu label rows left out, first: %s", rejected, warn);
		lo.labels = labels;
	}
	in = er_reader_open(argv + optind, (size_t)(argc - optind), &io.in, err, &status);
	if (in == NULL) {
		er_warn("%s", err);
		EXIT(status);
	}
	er_cli_io_follow(&io, in);
	er_progress_start(&progress, io.progress, er_reader_size(in));
	lo.progress = &progress;
	rc = er_frame_load(in, &lo, &data, io.quiet, err);
	lo.progress = NULL;
	er_progress_end(&progress);
	er_reader_close(in);
	if (rc != 0) {
		er_warn("%s", err);
		EXIT(rc);
	}
	if (baseline_path != NULL) {
		struct er_frame_load_opts bl = lo;

		bl.label_col = NULL;
		bl.labels = NULL;
		bl.like = &data;
		in = er_reader_open1(baseline_path, &io.in, err, &status);
		if (in == NULL) {
			er_warn("%s", err);
			EXIT(status);
		}
		rc = er_frame_load(in, &bl, &base, io.quiet, err);
		er_reader_close(in);
		if (rc != 0) {
			er_warn("%s", err);
			EXIT(rc == ER_EDATA ? ER_EIO : rc);
		}
	}
	for (i = 0; i < nbvar; i++) {
		size_t col;

		for (col = 0; col < data.ncols && strcmp(data.cols[col].name, bvar[i]) != 0; col++)
			;
		if (col == data.ncols)
			EXIT(er_usage_error("no indicator column '%s' for --breaks", bvar[i]));
	}
	if (data.nrows == 0)
		er_warn("no labelled rows: every indicator has IV 0");
	rc = er_screen_run(&data, baseline_path ? &base : NULL, &so, &res, err);
	if (rc != 0) {
		er_warn("%s", err);
		EXIT(rc);
	}

	out = er_writer_open(1, "stdout", &io.out);
	if (out == NULL)
		EXIT(ER_ENOMEM);
	rc = er_screen_write_report(out, &res);
	if (rc == 0)
		rc = er_writer_flush(out);
	if (rc != 0) {
		er_warn("%s", er_writer_error(out));
		status = ER_EIO;
	}
	er_writer_close(out);
	if (bins_path != NULL) {
		int fd = open(bins_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
		er_writer *bw;

		if (fd < 0) {
			er_warn("cannot open '%s': %s", bins_path, strerror(errno));
			status = ER_EIO;
		} else if ((bw = er_writer_open(fd, bins_path, &io.out)) == NULL) {
			status = ER_ENOMEM;
		} else {
			rc = er_screen_write_bins(bw, &res);
			if (rc == 0)
				rc = er_writer_flush(bw);
			if (rc != 0) {
				er_warn("%s", er_writer_error(bw));
				status = ER_EIO;
			}
			er_writer_close(bw);
			if (close(fd) != 0) {
				er_warn("write error '%s': %s", bins_path, strerror(errno));
				status = ER_EIO;
			}
		}
	}
	if (selected_path != NULL) {
		FILE *f = open_out(selected_path);

		if (f == NULL || close_out(f, selected_path, er_screen_write_selected(f, &res)) != 0)
			status = ER_EIO;
	}
	if (html_path != NULL) {
		FILE *f = open_out(html_path);
		const char *title = optind < argc ? argv[optind] : "stdin";

		if (f == NULL || close_out(f, html_path, er_screen_write_html(f, &res, title)) != 0)
			status = ER_EIO;
	}
	if (!io.quiet)
		er_warn("%zu rows labelled (%zu bad), %zu left out; %zu indicators, %zu selected",
		        res.nlabelled, res.nbad, data.rejected, res.nrows, res.nselected);
	if (status == ER_OK && data.rejected > 0)
		status = ER_EDATA;
out:
	er_screen_result_free(&res);
	er_frame_free(&data);
	er_frame_free(&base);
	er_label_table_free(labels);
	if (bvals != NULL)
		for (i = 0; i < nbvar; i++)
			free(bvals[i]);
	free(bvals);
	free(bvar);
	free(bn);
	free(categorical);
	free(exclude);
	free(special);
	free(special_num);
	for (i = 0; i < ndir; i++)
		free(dir_names[i]);
	free(dir_names);
	free(dir_values);
	return status;
}
