/* train_run: inputs read, rows split, the ensemble trained, the model and reports written. */
#include "model/train_run.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/label.h"
#include "lib/diag.h"
#include "lib/err.h"
#include "lib/vec.h"
#include "lib/hash.h"
#include "lib/progress.h"

/* Reads names, one per line (blank lines and a "name" header skipped). */
static int
read_names(const char *path, char ***names, size_t *n, char *err)
{
	FILE *f = fopen(path, "r");
	if (!f)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	char *line = NULL;
	size_t cap = 0, capn = *n;
	ssize_t len;
	int rc = 0;
	while ((len = getline(&line, &cap, f)) >= 0) {
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (len == 0 || strcmp(line, "name") == 0)
			continue;
		if (ER_GROW(*names, capn, *n + 1) < 0 || !((*names)[*n] = strdup(line))) {
			rc = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
			break;
		}
		(*n)++;
	}
	if (!rc && ferror(f))
		rc = er_fail(err, ER_EIO, "cannot read '%s'", path);
	free(line);
	fclose(f);
	return rc;
}

/* Writes LEN bytes of BUF to PATH (NULL: stdout). Returns 0 or ER_EIO with ERR. */
static int
write_all(const char *path, const char *buf, size_t len, char *err)
{
	FILE *f = path ? fopen(path, "wb") : stdout;
	if (!f && errno == ENOMEM) /* the FILE itself could not be allocated */
		return er_fail(err, ER_ENOMEM, "out of memory opening '%s'", path);
	if (!f)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	int bad = fwrite(buf, 1, len, f) != len;
	bad |= fflush(f) != 0;
	bad |= ferror(f) != 0;
	if (path)
		bad |= fclose(f) != 0;
	if (bad)
		return er_fail(err, ER_EIO, "write error '%s': %s", path ? path : "stdout", strerror(errno));
	return 0;
}

/* Writes the HTML report to PATH; its title names the input files. Returns 0, or ER_EIO /
 * ER_ENOMEM with ERR. */
static int
write_report(const char *path, const struct er_model *m, const struct er_ensemble_report *rep, char *const *inputs,
             size_t ninputs, char *err)
{
	char title[512];
	size_t at = 0;
	title[0] = '\0';
	for (size_t i = 0; i < ninputs && at < sizeof title; i++)
		at += (size_t)snprintf(title + at, sizeof title - at, "%s%s", i ? ", " : "",
		                       strcmp(inputs[i], "-") == 0 ? "standard input" : inputs[i]);
	if (ninputs == 0)
		snprintf(title, sizeof title, "standard input");
	FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
	if (!f && errno == ENOMEM)
		return er_fail(err, ER_ENOMEM, "out of memory opening '%s'", path);
	if (!f)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	int rc = er_ensemble_write_html(f, m, rep, title);
	if ((f == stdout ? fflush(f) : fclose(f)) != 0 && !rc)
		rc = ER_EIO;
	if (rc == ER_ENOMEM)
		return er_fail(err, rc, "out of memory writing the report '%s'", path);
	if (rc)
		return er_fail(err, rc, "write error '%s': %s", path, strerror(errno));
	return 0;
}

/* Writes the importance table: indicator, the mean |SHAP| of the score in points (for a
 * scorecard, the mean |points deviation|: the same quantity, named for what it is), rank. */
static int
write_importance_rows(er_writer *w, const struct er_model *m, const struct er_ensemble_report *rep)
{
	er_writer_str(w, "indicator");
	er_writer_str(w, m->method == ER_MODEL_SCORECARD ? "mean_abs_points_deviation" : "mean_abs_shap");
	er_writer_str(w, "rank");
	int rc = er_writer_end_row(w);
	for (size_t k = 0; !rc && k < m->nfeat; k++) {
		size_t j = rep->importance_order[k];
		er_writer_str(w, m->feat[j].var.name);
		er_writer_double(w, rep->importance[j]);
		er_writer_int(w, (long long)(k + 1));
		rc = er_writer_end_row(w);
	}
	return rc;
}

/* Writes a table to PATH ("-": stdout) in the output format of IO: the scorecard
 * (er_model_write_points) or, with REP, the importance. Returns 0, or ER_EIO / ER_ENOMEM
 * with ERR. */
static int
write_table(const char *path, const struct er_model *m, const struct er_ensemble_report *rep,
            const struct er_cli_io *io, char *err)
{
	er_writer *w;
	int rc = er_writer_create(&w, path, 0644, &io->out, err);
	if (rc)
		return rc;
	rc = rep ? write_importance_rows(w, m, rep) : er_model_write_points(w, m);
	if (rc)
		rc = er_fail(err, rc == ER_ENOMEM ? ER_ENOMEM : ER_EIO, "%s", er_writer_error(w));
	return er_writer_finish(w, rc, err);
}

/* Takes --holdout-by's column COL out of D into *DAYS (D's rows' day numbers; the caller
 * frees). The loader left out the rows without a date (er_frame_load_opts.date_col), so
 * ER_EDATA here is a bug's. Returns 0, or ER_EDATA / ER_ENOMEM with ERR. */
static int
take_dates(struct er_frame *d, const char *col, er_day **days, char *err)
{
	char **text = NULL;
	int rc = er_ensemble_take_ids(d, col, &text, err);
	if (rc)
		return rc;
	*days = malloc((d->nrows ? d->nrows : 1) * sizeof **days);
	if (!*days)
		rc = er_fail(err, ER_ENOMEM, "out of memory");
	for (size_t i = 0; !rc && i < d->nrows; i++)
		if (er_date_parse(text[i], strlen(text[i]), NULL, &(*days)[i], NULL) != ER_DATE_OK)
			rc = er_fail(err, ER_EDATA, "bad date '%s' in column '%s' (data row %zu)", text[i], col, i + 1);
	er_ensemble_free_ids(text, d->nrows);
	return rc;
}

/* The ids of D, a table without an id column loaded with its rownos: each row's number from
 * 1 in the order read, left-out rows counted as er-score counts its rejected ones, into *IDS
 * (D->nrows entries). Returns 0 or ER_ENOMEM with ERR. */
static int
number_rows(const struct er_frame *d, char ***ids, char *err)
{
	size_t n = d->nrows;
	*ids = calloc(n ? n : 1, sizeof **ids);
	for (size_t i = 0; *ids && i < n; i++) {
		char num[24];
		snprintf(num, sizeof num, "%llu", (unsigned long long)d->rowno[i]);
		if (!((*ids)[i] = strdup(num))) {
			er_ensemble_free_ids(*ids, i);
			*ids = NULL;
		}
	}
	return *ids ? 0 : er_fail(err, ER_ENOMEM, "out of memory numbering the rows");
}

/* Loads one table: the id column is read as a category so the ids can be taken out. With
 * RESOLVED (the main table), *RESOLVED is the id column found (er_frame_id_col); a table
 * with no id column at all and the default --id (ID_GIVEN 0: not given) has its rows
 * numbered instead (said on the diagnostics but with --quiet; *RESOLVED stays "id", so
 * that er-score numbers such a table's rows too). */
static int
load_table(char *const *paths, size_t npaths, const struct er_cli_io *io, const struct er_frame_load_opts *lo,
           const char *id_col, int id_given, const char *date_col, int want_ids, const er_label_table *labels,
           struct er_frame *d, char ***ids, er_day **days, const char **resolved, char *err)
{
	int status = 0;
	er_reader *r;
	status = er_reader_open(&r, paths, npaths, &io->in, err);
	if (!r)
		return status;
	int numbered = 0;
	if (resolved) {
		const char *found = er_frame_id_col(r, id_col);
		/* labels are joined on the ids: without them the error below names the column */
		numbered = !found && !labels && !id_given;
		id_col = *resolved = found ? found : id_col;
	}
	if (numbered && !io->quiet)
		er_diag_msg(lo->diag,
		            "no column '%s' in '%s': its rows are numbered 1, 2, ... in the order read "
		            "(--id names an id column)",
		            id_col, er_reader_filename(r));
	struct er_frame_load_opts o = *lo;
	o.rownos = numbered;
	char **cat = NULL, **excl = NULL;
	if (want_ids) {
		/* Load the id as an indicator (a category), labels by column or joined below. */
		cat = malloc((lo->ncategorical + 2) * sizeof *cat);
		if (!cat) {
			er_reader_close(r);
			return er_fail(err, ER_ENOMEM, "out of memory");
		}
		if (lo->ncategorical)
			memcpy(cat, lo->categorical, lo->ncategorical * sizeof *cat);
		o.categorical = cat;
		o.ncategorical = lo->ncategorical;
		if (!numbered)
			cat[o.ncategorical++] = (char *)id_col;
		/* the --holdout-by date is read as text (and not excluded, though asof is) */
		if (date_col) {
			cat[o.ncategorical++] = (char *)date_col;
			if (!(excl = malloc((lo->nexclude + 1) * sizeof *excl))) {
				free(cat);
				er_reader_close(r);
				return er_fail(err, ER_ENOMEM, "out of memory");
			}
			size_t k = 0;
			for (size_t i = 0; i < lo->nexclude; i++)
				if (strcmp(lo->exclude[i], date_col) != 0)
					excl[k++] = lo->exclude[i];
			o.exclude = excl;
			o.nexclude = k;
		}
		o.date_col = date_col;
		o.id_col = "\x01no id column";
		o.labels = NULL;
		if (labels)
			o.label_col = NULL;
		/* the message names the file, so it is made before the reader is closed */
		if ((!numbered && er_reader_require(r, id_col, err) < 0) ||
		    (date_col && er_reader_require(r, date_col, err) < 0)) {
			free(cat), free(excl);
			er_reader_close(r);
			return ER_EDATA;
		}
	}
	struct er_progress progress;
	er_progress_start(&progress, io->progress, er_reader_size(r));
	o.progress = &progress;
	/* --quiet hides the report and progress, never a row left out or a column read
	 * otherwise than it looks: those are data problems */
	int rc = er_frame_load(r, &o, d, 0, err);
	er_progress_end(&progress);
	er_reader_close(r);
	free(cat), free(excl);
	if (rc || !want_ids)
		return rc;
	if ((rc = numbered ? number_rows(d, ids, err) : er_ensemble_take_ids(d, id_col, ids, err)))
		return rc;
	if (date_col && (rc = take_dates(d, date_col, days, err)))
		return rc;
	if (!labels)
		return 0;
	/* Join the labels on the id; rows without one are left out. */
	unsigned char *keep = malloc(d->nrows ? d->nrows : 1);
	if (!keep)
		return er_fail(err, ER_ENOMEM, "out of memory");
	size_t dropped = 0;
	for (size_t i = 0; i < d->nrows; i++) {
		int lab = er_label_table_get(labels, (*ids)[i], strlen((*ids)[i]));
		keep[i] = lab != ER_LABEL_MISSING;
		d->y[i] = lab == ER_LABEL_BAD;
		dropped += !keep[i];
	}
	if (date_col) {
		size_t k = 0;
		for (size_t i = 0; i < d->nrows; i++)
			if (keep[i])
				(*days)[k++] = (*days)[i];
	}
	struct er_frame sub;
	char **subids = NULL;
	rc = er_ensemble_subset(d, *ids, keep, 1, &sub, &subids, err);
	free(keep);
	if (rc)
		return rc;
	sub.rejected = d->rejected + dropped;
	if (dropped)
		er_diag_msg(lo->diag, "%zu rows left out: no label for id", dropped);
	er_ensemble_free_ids(*ids, d->nrows);
	er_frame_free(d);
	*d = sub;
	*ids = subids;
	return 0;
}

/* What one run holds; every way out goes through side_free, which frees it. */
struct side {
	char **dir_names, *dir_values, **selected;
	size_t ndir, nselected, nbinvars;
	struct er_bin_var *binvars;
	er_label_table *labels;
};

static void
side_free(struct side *s)
{
	er_label_table_free(s->labels);
	er_bin_vars_free(s->binvars, s->nbinvars);
	for (size_t i = 0; i < s->nselected; i++)
		free(s->selected[i]);
	free(s->selected);
	for (size_t i = 0; i < s->ndir; i++)
		free(s->dir_names[i]);
	free(s->dir_names);
	free(s->dir_values);
}

/* Reads the side files into S and points EO at them. Returns 0, or a status with ERR. */
static int
load_side(const struct er_train_opts *o, struct er_ensemble_opts *eo, struct side *s, char *err)
{
	int rc;
	if (o->directions) {
		if ((rc = er_screen_read_directions(o->directions, &s->dir_names, &s->dir_values, &s->ndir, err)))
			return rc == ER_EDATA ? ER_EIO : rc;
		eo->screen.dir_name = s->dir_names;
		eo->screen.dir_value = s->dir_values;
		eo->screen.ndir = s->ndir;
	}
	if (o->selected) {
		if ((rc = read_names(o->selected, &s->selected, &s->nselected, err)))
			return rc;
		eo->selected = s->selected;
		eo->nselected = s->nselected;
	}
	if (o->bins) {
		if ((rc = er_bin_read(o->bins, &s->binvars, &s->nbinvars, err)))
			return rc;
		eo->bins = s->binvars;
		eo->nbins = s->nbinvars;
	}
	if (o->labels) {
		size_t rejected = 0;
		char warn[ER_ERRLEN];
		rc = er_label_table_read(&s->labels, o->labels, "id", "label", &o->load.label, &rejected, warn, err);
		if (!s->labels)
			return rc == ER_EDATA ? ER_EIO : rc;
		if (rejected)
			er_diag_msg(o->load.diag, "%zu label rows left out, first: %s", rejected, warn);
	}
	return 0;
}

/* The data sets: ALL is split into TRAIN and HOLD (or moved to TRAIN), VALID read aside. */
struct sets {
	struct er_frame all, train, hold, valid, oot;
	char **ids, **train_ids;
	er_day *days; /* --holdout-by: the day of each row of ALL */
};

static void
sets_free(struct sets *d)
{
	er_ensemble_free_ids(d->ids, d->all.nrows);
	er_ensemble_free_ids(d->train_ids, d->train.nrows);
	er_frame_free(&d->all);
	er_frame_free(&d->train);
	er_frame_free(&d->hold);
	er_frame_free(&d->valid);
	er_frame_free(&d->oot);
	free(d->days);
}

/* Loads the rows and splits them; *ID is the id column found. Returns 0, or a status with ERR. */
static int
load_sets(const struct er_train_opts *o, const struct side *s, struct sets *d, size_t *rejected, const char **id,
          char *err)
{
	const char *id_col = o->load.id_col;
	int rc = load_table(o->inputs, o->ninputs, o->io, &o->load, id_col, o->id_given, o->holdout_by, 1, s->labels,
	                    &d->all, &d->ids, &d->days, &id_col, err);
	*id = id_col;
	if (rc)
		return rc;
	*rejected = d->all.rejected;
	if (o->holdout_by) {
		/* the out-of-time rows leave first; the hash holdout is drawn from the rest */
		unsigned char *late = malloc(d->all.nrows ? d->all.nrows : 1);
		if (!late)
			return er_fail(err, ER_ENOMEM, "out of memory");
		for (size_t i = 0; i < d->all.nrows; i++)
			late[i] = d->days[i] >= o->holdout_from;
		struct er_frame early;
		char **early_ids = NULL;
		rc = er_ensemble_subset(&d->all, d->ids, late, 0, &early, &early_ids, err);
		if (!rc)
			rc = er_ensemble_subset(&d->all, NULL, late, 1, &d->oot, NULL, err);
		free(late);
		if (rc)
			return rc;
		early.rejected = d->all.rejected;
		er_ensemble_free_ids(d->ids, d->all.nrows);
		er_frame_free(&d->all);
		d->all = early;
		d->ids = early_ids;
	}
	if (o->holdout > 0) {
		unsigned char *inhold = malloc(d->all.nrows ? d->all.nrows : 1);
		if (!inhold)
			return er_fail(err, ER_ENOMEM, "out of memory");
		for (size_t i = 0; i < d->all.nrows; i++)
			inhold[i] =
				er_hash64(d->ids[i], strlen(d->ids[i])) % 10000 < (uint64_t)llround(o->holdout * 10000);
		rc = er_ensemble_subset(&d->all, d->ids, inhold, 0, &d->train, &d->train_ids, err);
		if (!rc)
			rc = er_ensemble_subset(&d->all, NULL, inhold, 1, &d->hold, NULL, err);
		free(inhold);
		if (rc)
			return rc;
		er_ensemble_free_ids(d->ids, d->all.nrows);
		d->ids = NULL;
		er_frame_free(&d->all);
	} else {
		d->train = d->all;
		memset(&d->all, 0, sizeof d->all);
		d->train_ids = d->ids;
		d->ids = NULL;
	}
	if (o->valid) {
		struct er_frame_load_opts vo = o->load;
		vo.like = &d->train;
		vo.labels = s->labels;
		char *vpaths[1] = {(char *)o->valid};
		if ((rc = load_table(vpaths, 1, o->io, &vo, id_col, 1, NULL, 0, NULL, &d->valid, NULL, NULL, NULL,
		                     err)))
			return rc;
		*rejected += d->valid.rejected;
	}
	if (d->train.nrows == 0)
		return er_fail(err, ER_EDATA, "no labelled rows to train on");
	return 0;
}

/* Writes the model, the text report and the HTML report. Returns 0, or a status with ERR. */
static int
write_outputs(const struct er_train_opts *o, const struct er_model *m, const struct er_ensemble_report *rep, char *err)
{
	char *buf = NULL;
	size_t len = 0;
	int rc = er_model_write(m, &buf, &len, err);
	if (rc)
		return rc;
	rc = write_all(o->output, buf, len, err);
	free(buf);
	/* the text report even when the model could not be written: it says what was learned */
	if (o->log && er_ensemble_print_report(o->log, m, rep) && !rc)
		rc = er_fail(err, ER_EIO, "write error 'stderr': %s", strerror(errno));
	if (o->report && !rc)
		rc = write_report(o->report, m, rep, o->inputs, o->ninputs, err);
	if (o->points && !rc)
		rc = write_table(o->points, m, NULL, o->io, err);
	if (o->importance && !rc)
		rc = write_table(o->importance, m, rep, o->io, err);
	return rc;
}

void
er_train_opts_init(struct er_train_opts *o, struct er_cli_io *io)
{
	memset(o, 0, sizeof *o);
	o->io = io;
	er_ensemble_opts_init(&o->ensemble);
	er_frame_load_opts_init(&o->load);
}

int
er_train_run(const struct er_train_opts *o, size_t *rejected, char *err)
{
	struct er_ensemble_opts eo = o->ensemble;
	struct side s;
	struct sets d;
	struct er_model model;
	struct er_ensemble_report rep;
	memset(&s, 0, sizeof s);
	memset(&d, 0, sizeof d);
	memset(&model, 0, sizeof model);
	memset(&rep, 0, sizeof rep);
	*rejected = 0;
	int rc = load_side(o, &eo, &s, err);
	if (!rc)
		rc = load_sets(o, &s, &d, rejected, &eo.id_col, err);
	const char *unknown = rc ? NULL : er_screen_specs_unknown(eo.screen.specs, &d.train);
	if (unknown)
		rc = er_fail(err, ER_EUSAGE, "no indicator column '%s' for --breaks or --special", unknown);
	eo.oot = o->holdout_by ? &d.oot : NULL;
	eo.importance = o->importance || o->report;
	if (!rc)
		rc = er_ensemble_train(&d.train, d.train_ids, o->valid ? &d.valid : NULL,
		                       o->holdout > 0 ? &d.hold : NULL, &eo, &model, &rep, err);
	if (!rc)
		rc = write_outputs(o, &model, &rep, err);
	er_model_free(&model);
	er_ensemble_report_free(&rep);
	sets_free(&d);
	side_free(&s);
	return rc;
}
