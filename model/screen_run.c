/* screen_run: tables loaded, every indicator screened, the report and side outputs written. */
#include "model/screen_run.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "data/label.h"
#include "lib/diag.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/progress.h"

/* "-" names standard output, as it names standard input for the inputs. */
static int
is_stdout(const char *path)
{
	return strcmp(path, "-") == 0;
}

static FILE *
open_out(const struct er_diag *d, const char *path)
{
	FILE *f = is_stdout(path) ? stdout : fopen(path, "w");

	if (f == NULL)
		er_diag_msg(d, "cannot open '%s': %s", path, strerror(errno));
	return f;
}

static int
close_out(const struct er_diag *d, FILE *f, const char *path, int rc)
{
	int failed = ferror(f) || rc != 0;
	int saved = errno;
	if ((f == stdout ? fflush(f) : fclose(f)) != 0 || failed) {
		er_diag_msg(d, "write error '%s': %s", path, strerror(failed ? saved : errno));
		return ER_EIO;
	}
	return 0;
}

/* What one run holds; every way out goes through run_free. */
struct run {
	struct er_screen_opts so;
	struct er_frame_load_opts lo;
	struct er_frame data, base;
	struct er_screen_result res;
	er_label_table *labels;
	char **dir_names, *dir_values;
	size_t ndir;
};

static void
run_free(struct run *s)
{
	er_screen_result_free(&s->res);
	er_frame_free(&s->data);
	er_frame_free(&s->base);
	er_label_table_free(s->labels);
	for (size_t i = 0; i < s->ndir; i++)
		free(s->dir_names[i]);
	free(s->dir_names);
	free(s->dir_values);
}

/* Reads the directions and the labels file. Returns 0, or a status with ERR. */
static int
load_side(const struct er_screen_run_opts *o, struct run *s, char *err)
{
	int rc;
	if (o->directions != NULL) {
		rc = er_screen_read_directions(o->directions, &s->dir_names, &s->dir_values, &s->ndir, err);
		if (rc != 0)
			return rc == ER_EDATA ? ER_EIO : rc;
		s->so.dir_name = s->dir_names;
		s->so.dir_value = s->dir_values;
		s->so.ndir = s->ndir;
	}
	if (o->labels != NULL) {
		size_t rejected = 0;
		char warn[ER_ERRLEN];

		rc = er_label_table_read(&s->labels, o->labels, s->lo.id_col, s->lo.label_col, &s->lo.label, &rejected,
		                         warn, err);
		if (s->labels == NULL)
			return rc == ER_EDATA ? ER_EIO : rc;
		if (rejected > 0 && !o->io->quiet)
			er_diag_msg(o->load.diag, "%zu label rows left out, first: %s", rejected, warn);
		s->lo.labels = s->labels;
	}
	return 0;
}

/* Loads the table and the baseline. Returns 0, or a status with ERR. */
static int
load_tables(const struct er_screen_run_opts *o, struct run *s, char *err)
{
	int status = 0, rc;
	struct er_progress progress;
	er_reader *in;
	status = er_reader_open(&in, o->inputs, o->ninputs, &o->io->in, err);
	if (in == NULL)
		return status;
	er_cli_io_follow(o->io, in);
	er_progress_start(&progress, o->io->progress, er_reader_size(in));
	s->lo.progress = &progress;
	rc = er_frame_load(in, &s->lo, &s->data, o->io->quiet, err);
	s->lo.progress = NULL;
	er_progress_end(&progress);
	er_reader_close(in);
	if (rc != 0)
		return rc;
	if (o->baseline != NULL) {
		struct er_frame_load_opts bl = s->lo;

		bl.label_col = NULL;
		bl.labels = NULL;
		bl.like = &s->data;
		status = er_reader_open1(&in, o->baseline, &o->io->in, err);
		if (in == NULL)
			return status;
		rc = er_frame_load(in, &bl, &s->base, o->io->quiet, err);
		er_reader_close(in);
		if (rc != 0)
			return rc == ER_EDATA ? ER_EIO : rc;
	}
	return 0;
}

/* Writes the binning table to PATH. Returns 0, or ER_EIO / ER_ENOMEM after a message to D. */
static int
write_bins(const struct er_screen_run_opts *o, const struct er_screen_result *res, const char *path)
{
	char err[ER_ERRLEN];
	er_writer *bw;
	int status = er_writer_create(&bw, path, 0644, &o->io->out, err);
	if (!status) {
		int rc = er_screen_write_bins(bw, res);
		status = er_writer_finish(bw, rc ? er_fail(err, ER_EIO, "%s", er_writer_error(bw)) : 0, err);
	}
	if (status)
		er_diag_msg(o->load.diag, "%s", err);
	return status;
}

/* Writes the report to stdout and the side outputs; a failed one does not stop the others.
 * A side output named "-" takes standard output in the report's place (the tool lets only
 * one do so). Returns 0, or the status of the last that failed (each reported to the diag). */
static int
write_outputs(const struct er_screen_run_opts *o, const struct er_screen_result *res)
{
	const struct er_diag *d = o->load.diag;
	int status = 0, rc;
	if (!(o->bins && is_stdout(o->bins)) && !(o->selected && is_stdout(o->selected)) &&
	    !(o->html && is_stdout(o->html))) {
		er_writer *out = er_writer_open(1, "stdout", &o->io->out);
		if (out == NULL) {
			er_diag_msg(d, "out of memory writing 'stdout'");
			return ER_ENOMEM;
		}
		rc = er_screen_write_report(out, res);
		if (rc == 0)
			rc = er_writer_flush(out);
		if (rc != 0) {
			er_diag_msg(d, "%s", er_writer_error(out));
			status = ER_EIO;
		}
		er_writer_close(out);
	}
	if (o->bins != NULL && (rc = write_bins(o, res, o->bins)) != 0)
		status = rc;
	if (o->selected != NULL) {
		FILE *f = open_out(d, o->selected);

		if (f == NULL || close_out(d, f, o->selected, er_screen_write_selected(f, res)) != 0)
			status = ER_EIO;
	}
	if (o->html != NULL) {
		FILE *f = open_out(d, o->html);
		const char *title = o->ninputs > 0 ? o->inputs[0] : "stdin";

		if (f == NULL || close_out(d, f, o->html, er_screen_write_html(f, res, title)) != 0)
			status = ER_EIO;
	}
	return status;
}

void
er_screen_run_opts_init(struct er_screen_run_opts *o, struct er_cli_io *io)
{
	memset(o, 0, sizeof *o);
	o->io = io;
	er_screen_opts_init(&o->screen);
	er_frame_load_opts_init(&o->load);
}

int
er_screen_run_files(const struct er_screen_run_opts *o, struct er_screen_run_counts *counts, char *err)
{
	struct run s;
	memset(&s, 0, sizeof s);
	memset(counts, 0, sizeof *counts);
	s.so = o->screen;
	s.lo = o->load;
	int rc = load_side(o, &s, err);
	if (rc == 0)
		rc = load_tables(o, &s, err);
	const char *unknown = rc == 0 ? er_screen_specs_unknown(s.so.specs, &s.data) : NULL;
	if (unknown) {
		rc = er_fail(err, ER_EUSAGE, "no indicator column '%s' for --breaks or --special", unknown);
		counts->usage = 1;
	}
	if (rc == 0) {
		if (s.data.nrows == 0)
			er_diag_msg(o->load.diag, "no labelled rows: every indicator has IV 0");
		rc = er_screen_run(&s.data, o->baseline ? &s.base : NULL, &s.so, &s.res, err);
	}
	if (rc == 0) {
		counts->output_status = write_outputs(o, &s.res);
		counts->nlabelled = s.res.nlabelled;
		counts->nbad = s.res.nbad;
		counts->rejected = s.data.rejected;
		counts->nindicators = s.res.nrows;
		counts->nselected = s.res.nselected;
	}
	run_free(&s);
	return rc;
}
