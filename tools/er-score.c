/* er-score: apply a model file from er-train to feature rows: score, probability of bad,
 * grade, module sub-scores and the three reasons that cost the most points. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/cli.h"
#include "lib/err.h"
#include "model/model.h"
#include "lib/progress.h"
#include "lib/reader.h"
#include "lib/writer.h"

enum { OPT_ID = ER_OPT_TOOL, OPT_KEEP, OPT_NO_REASONS };

static const struct option long_options[] = {
	{"model", required_argument, NULL, 'm'},
	{"id", required_argument, NULL, OPT_ID},
	{"keep", required_argument, NULL, OPT_KEEP},
	{"no-reasons", no_argument, NULL, OPT_NO_REASONS},
	ER_CLI_IO_LONG_OPTIONS,
	{NULL, 0, NULL, 0}
};

static const char usage_text[] =
	"Usage: er-score -m MODEL [OPTION]... [FILE]...\n"
	"Score feature rows with a model from er-train. Writes id, score (points, higher is\n"
	"safer), pd (probability of bad), grade (A best to D worst), score.MODULE for every\n"
	"module, and reason1..reason3: the indicators that cost the most points.\n"
	"With no FILE, or when FILE is -, read standard input.\n"
	"\n"
	"  -m, --model FILE         the model file (required)\n"
	"      --id COL             the id column (default: the one named in training)\n"
	"      --keep COLS          copy these comma-separated input columns after the id\n"
	"      --no-reasons         leave out the module scores and reasons (faster)\n"
	"\n"
	ER_CLI_IO_HELP
	"\n"
	"Exit status: 0 success, 1 some rows rejected (malformed) or a column missing,\n"
	"2 usage error, 3 input/output error or a bad model file, 4 out of memory.\n";

/* Writes V rounded to DIGITS decimals (at most 6) without printf, for speed. */
static int write_fixed(er_writer *w, double v, int digits)
{
	if (!isfinite(v) || fabs(v) > 1e12)
		return er_writer_double(w, v);
	static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	char buf[48], *e = buf + sizeof buf, *p = e;
	int neg = v < 0;
	unsigned long long u = (unsigned long long)llround(fabs(v) * scale[digits]);
	int d = digits;
	/* Trailing zeros of the fraction are dropped. */
	while (d > 0 && u % 10 == 0) {
		u /= 10;
		d--;
	}
	for (int i = 0; i < d; i++) {
		*--p = (char)('0' + u % 10);
		u /= 10;
	}
	if (d > 0)
		*--p = '.';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg && !(p[0] == '0' && p + 1 == e))
		*--p = '-';
	return er_writer_field(w, p, (size_t)(e - p));
}

int main(int argc, char **argv)
{
	struct er_cli_io io;
	const char *model_path = NULL, *id_col = NULL;
	char *keep_arg = NULL;
	int detail = 1, c, rc;
	char err[ER_ERRLEN];

	er_set_progname(argv[0]);
	er_cli_io_init(&io);
	opterr = 0; /* messages in the shared format, from er_cli_other_option */
	while ((c = getopt_long(argc, argv, ":m:", long_options, NULL)) != -1) {
		switch (c) {
		case 'm': model_path = optarg; break;
		case OPT_ID: id_col = optarg; break;
		case OPT_KEEP: keep_arg = optarg; break;
		case OPT_NO_REASONS: detail = 0; break;
		default:
			rc = er_cli_other_option(&io, c, optarg, argv, usage_text);
			if (rc >= 0)
				return rc;
		}
	}
	if (!model_path)
		return er_usage_error("no model given (-m MODEL)");

	struct er_model m;
	if ((rc = er_model_load(model_path, &m, err))) {
		er_warn("%s", err);
		return rc;
	}
	if (!id_col)
		id_col = m.id_col;
	int status = 0;
	er_reader *r = er_reader_open(argv + optind, (size_t)(argc - optind), &io.in, err, &status);
	if (!r) {
		er_warn("%s", err);
		er_model_free(&m);
		return status;
	}
	er_cli_io_follow(&io, r);
	size_t nkeep = 0;
	long *keep = NULL;
	char **keep_names = NULL;
	long *col = calloc(m.nfeat ? m.nfeat : 1, sizeof *col);
	const char **text = calloc(m.nfeat ? m.nfeat : 1, sizeof *text);
	size_t *len = calloc(m.nfeat ? m.nfeat : 1, sizeof *len);
	struct er_model_result res;
	int have_res = 0;
	er_writer *w = NULL;
	if (!col || !text || !len || er_model_result_init(&m, &res)) {
		status = ER_ENOMEM;
		goto done;
	}
	have_res = 1;
	long idc = er_reader_require(r, id_col, err);
	if (idc < 0) {
		er_warn("%s", err);
		status = ER_EDATA;
		goto done;
	}
	for (size_t j = 0; j < m.nfeat; j++)
		if ((col[j] = er_reader_require(r, m.feat[j].var.name, err)) < 0) {
			er_warn("%s", err);
			status = ER_EDATA;
			goto done;
		}
	if (keep_arg && er_cli_split_list(keep_arg, &keep_names, &nkeep)) {
		status = ER_ENOMEM;
		goto done;
	}
	if (!(keep = malloc((nkeep ? nkeep : 1) * sizeof *keep))) {
		status = ER_ENOMEM;
		goto done;
	}
	for (size_t k = 0; k < nkeep; k++)
		if ((keep[k] = er_reader_require(r, keep_names[k], err)) < 0) {
			er_warn("%s", err);
			status = ER_EDATA;
			goto done;
		}
	w = er_writer_open(1, "stdout", &io.out);
	if (!w) {
		status = ER_ENOMEM;
		goto done;
	}
	/* Header. */
	er_writer_str(w, id_col);
	for (size_t k = 0; k < nkeep; k++)
		er_writer_str(w, keep_names[k]);
	er_writer_str(w, "score");
	er_writer_str(w, "pd");
	er_writer_str(w, "grade");
	if (detail) {
		char name[256];
		for (size_t k = 0; k < m.nmod; k++) {
			snprintf(name, sizeof name, "score.%s", m.mod[k].name);
			er_writer_str(w, name);
		}
		er_writer_str(w, "reason1");
		er_writer_str(w, "reason2");
		er_writer_str(w, "reason3");
	}
	int wrc = er_writer_end_row(w);
	struct er_progress prog;
	er_progress_start(&prog, io.progress, er_reader_size(r));
	size_t bad_rows = 0, unseen = 0, not_number = 0;
	uint64_t first_nan_line = 0;
	int got;
	while (wrc == 0 && (got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL) {
			er_warn("cannot read '%s': %s", er_reader_filename(r), er_reader_error(r));
			status = ER_EIO;
			break;
		}
		if (got == ER_ROW_BAD) {
			if (bad_rows++ < 10)
				er_warn("row rejected: %s (file %s, line %llu)", er_reader_error(r), er_reader_filename(r),
				        (unsigned long long)er_reader_line(r));
			continue;
		}
		for (size_t j = 0; j < m.nfeat; j++) {
			text[j] = er_reader_field(r, (size_t)col[j]);
			len[j] = er_reader_field_len(r, (size_t)col[j]);
		}
		er_model_score(&m, text, len, detail, &res);
		unseen += res.unseen;
		if (res.not_number && not_number == 0)
			first_nan_line = er_reader_line(r);
		not_number += res.not_number;
		er_writer_field(w, er_reader_field(r, (size_t)idc), er_reader_field_len(r, (size_t)idc));
		for (size_t k = 0; k < nkeep; k++)
			er_writer_field(w, er_reader_field(r, (size_t)keep[k]), er_reader_field_len(r, (size_t)keep[k]));
		write_fixed(w, res.score, 2);
		write_fixed(w, res.pd, 6);
		er_writer_field(w, &res.grade, 1);
		if (detail) {
			for (size_t k = 0; k < m.nmod; k++)
				write_fixed(w, res.module_score[k], 2);
			for (size_t k = 0; k < ER_MODEL_REASONS; k++)
				er_writer_str(w, k < res.nreasons ? m.feat[res.reason[k]].var.name : "");
		}
		wrc = er_writer_end_row(w);
		if ((er_reader_rows(r) & 4095) == 0)
			er_progress_update(&prog, er_reader_rows(r), er_reader_bytes(r));
	}
	er_progress_end(&prog);
	if (wrc) {
		er_warn("%s", er_writer_error(w));
		status = ER_EIO;
	}
	if (!io.quiet) {
		if (bad_rows)
			er_warn("%zu rows rejected", bad_rows);
		if (not_number)
			er_warn("%zu values that are not numbers scored as missing, first (file %s, line %llu)",
			        not_number, er_reader_filename(r), (unsigned long long)first_nan_line);
		if (unseen)
			er_warn("%zu values without a bin of their own scored in their riskiest bin", unseen);
	}
	if (bad_rows && status == 0)
		status = ER_EDATA;
done:
	if (w) {
		if (er_writer_flush(w) && status != ER_EIO) {
			er_warn("%s", er_writer_error(w));
			status = ER_EIO;
		}
		if (er_writer_close(w) && status == 0)
			status = ER_EIO;
	}
	if (have_res)
		er_model_result_free(&res);
	free(col), free(text), free(len), free(keep), free(keep_names);
	er_reader_close(r);
	er_model_free(&m);
	return status;
}
