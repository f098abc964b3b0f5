/* score_run: the model loaded once, then rows streamed through er_model_score. */
#include "model/score_run.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/progress.h"
#include "lib/reader.h"
#include "lib/utf8.h"
#include "lib/writer.h"
#include "model/frame.h"
#include "model/model.h"

/* Writes V rounded to DIGITS decimals (at most 6) without printf, for speed: trailing zeros of
 * the fraction dropped. */
static int
write_fixed(er_writer *w, double v, int digits)
{
	if (!isfinite(v) || fabs(v) > 1e12)
		return er_writer_double(w, v);
	static const double scale[] = {1, 10, 100, 1000, 10000, 100000, 1000000};
	uint64_t u = (uint64_t)llround(fabs(v) * scale[digits]);
	size_t d = (size_t)digits;
	while (d > 0 && u % 10 == 0) {
		u /= 10;
		d--;
	}
	char buf[ER_NUM_BUFLEN];
	return er_writer_field(w, buf, er_num_format_scaled(buf, u, d, v < 0));
}

/* What one run holds: the model, the input columns it reads and the output. */
struct run {
	struct er_model m;
	er_reader *r;
	er_writer *w;
	long idc;          /* -1: the table has no ids, its rows are numbered (er_reader_rows) */
	long *col;         /* input column of each model feature */
	const char **text; /* this row's field of each model feature */
	size_t *len;
	unsigned char *seen; /* 1: the model feature had a value in some row */
	char **keep_names;
	long *keep;
	size_t nkeep;
	long seq; /* a seq column (er-features --state), passed through unasked; -1: none */
	struct er_model_result res;
	int have_res;
};

/* Finds the columns the model and --keep need. Returns 0, or ER_EDATA / ER_ENOMEM with ERR. */
static int
find_columns(const struct er_score_opts *o, struct run *s, const char *id_col, char *err)
{
	size_t nf = s->m.nfeat ? s->m.nfeat : 1;
	s->col = calloc(nf, sizeof *s->col);
	s->text = calloc(nf, sizeof *s->text);
	s->len = calloc(nf, sizeof *s->len);
	s->seen = calloc(nf, 1);
	if (!s->col || !s->text || !s->len || !s->seen || er_model_result_init(&s->m, &s->res))
		return er_fail(err, ER_ENOMEM, "out of memory setting up the model '%s'", o->model);
	s->have_res = 1;
	/* no id column at all under the default name: the rows' numbers, as er-train took them */
	const char *found = o->id_col ? id_col : er_frame_id_col(s->r, id_col);
	if (!found)
		s->idc = -1;
	else if ((s->idc = er_reader_require(s->r, found, err)) < 0)
		return ER_EDATA;
	for (size_t j = 0; j < s->m.nfeat; j++)
		if ((s->col[j] = er_reader_require(s->r, s->m.feat[j].var.name, err)) < 0)
			return ER_EDATA;
	if (o->keep && er_cli_split_list(o->keep, &s->keep_names, &s->nkeep))
		return er_fail(err, ER_ENOMEM, "out of memory reading --keep '%s'", o->keep);
	if (!(s->keep = malloc((s->nkeep ? s->nkeep : 1) * sizeof *s->keep)))
		return er_fail(err, ER_ENOMEM, "out of memory reading --keep '%s'", o->keep);
	/* the feed position downstream deduplicates on, unless --keep names it already */
	s->seq = er_reader_col(s->r, "seq");
	for (size_t k = 0; k < s->nkeep && s->seq >= 0; k++)
		if (strcmp(s->keep_names[k], "seq") == 0)
			s->seq = -1;
	for (size_t k = 0; k < s->nkeep; k++)
		if ((s->keep[k] = er_reader_require(s->r, s->keep_names[k], err)) < 0)
			return ER_EDATA;
	return 0;
}

static int
write_header(const struct er_score_opts *o, struct run *s, const char *id_col)
{
	er_writer *w = s->w;
	er_writer_str(w, id_col);
	for (size_t k = 0; k < s->nkeep; k++)
		er_writer_str(w, s->keep_names[k]);
	if (s->seq >= 0)
		er_writer_str(w, "seq");
	er_writer_str(w, "score");
	er_writer_str(w, "pd");
	er_writer_str(w, "grade");
	if (o->detail) {
		char name[256];
		for (size_t k = 0; k < s->m.nmod; k++) {
			snprintf(name, sizeof name, "score.%s", s->m.mod[k].name);
			er_writer_str(w, name);
		}
		er_writer_str(w, "reason1");
		er_writer_str(w, "reason2");
		er_writer_str(w, "reason3");
	}
	if (o->contributions) {
		const struct er_model *m = &s->m;
		char name[1024];
		if (m->gbdt.ntrees)
			er_writer_str(w, "trees.base");
		for (size_t j = 0; j < m->nfeat; j++) {
			if (m->feat[j].in_scorecard) {
				snprintf(name, sizeof name, "points.%s", m->feat[j].var.name);
				er_writer_str(w, name);
			}
			if (m->feat[j].gbdt_col >= 0 && m->gbdt.ntrees) {
				snprintf(name, sizeof name, "trees.%s", m->feat[j].var.name);
				er_writer_str(w, name);
			}
		}
	}
	er_writer_str(w, "model_id");
	return er_writer_end_row(w);
}

/* Scores the current row and writes it. Returns the writer's status. */
static int
score_row(const struct er_score_opts *o, struct run *s, struct er_score_counts *counts)
{
	/* locals, not S's fields: the calls below could change *S as far as the compiler knows,
	 * and reloading the fields for every value costs er-score about 1 % */
	er_reader *r = s->r;
	er_writer *w = s->w;
	const struct er_model *m = &s->m;
	struct er_model_result *res = &s->res;
	const long *col = s->col;
	const char **text = s->text;
	size_t *len = s->len, nfeat = m->nfeat;
	unsigned char *seen = s->seen;
	for (size_t j = 0; j < nfeat; j++) {
		/* a missing-value marker is missing (length 0), as when training */
		text[j] = er_reader_num_field(r, (size_t)col[j], &len[j]);
		seen[j] |= len[j] != 0;
	}
	counts->rows++;
	er_model_score(m, text, len, o->detail || o->contributions, res);
	counts->unseen += res->unseen;
	if (res->not_number && counts->not_number == 0) {
		counts->first_nan_line = er_reader_line(r);
		snprintf(counts->first_nan_file, sizeof counts->first_nan_file, "%s", er_reader_filename(r));
		/* which field: found again once, so that scoring keeps no note of it per row */
		for (size_t j = 0; j < nfeat; j++) {
			double x;
			int parsed = m->feat[j].var.type == ER_BIN_NUMERIC && len[j] ? er_num_parse(text[j], len[j], &x)
										     : ER_NUM_OK;
			if (parsed != ER_NUM_OK && parsed != ER_NUM_EMPTY) {
				snprintf(counts->first_nan_field, sizeof counts->first_nan_field, "%s",
				         m->feat[j].var.name);
				er_utf8_excerpt(text[j], len[j], counts->first_nan_text, sizeof counts->first_nan_text);
				break;
			}
		}
	}
	counts->not_number += res->not_number;
	if (s->idc < 0) {
		char num[24];
		/* the reader counts the data rows, rejected ones too */
		er_writer_field(w, num,
		                (size_t)snprintf(num, sizeof num, "%llu", (unsigned long long)er_reader_rows(r)));
	} else {
		er_writer_field(w, er_reader_field(r, (size_t)s->idc), er_reader_field_len(r, (size_t)s->idc));
	}
	for (size_t k = 0; k < s->nkeep; k++)
		er_writer_field(w, er_reader_field(r, (size_t)s->keep[k]), er_reader_field_len(r, (size_t)s->keep[k]));
	if (s->seq >= 0)
		er_writer_field(w, er_reader_field(r, (size_t)s->seq), er_reader_field_len(r, (size_t)s->seq));
	write_fixed(w, res->score, 2);
	write_fixed(w, res->pd, 6);
	er_writer_field(w, &res->grade, 1);
	if (o->detail) {
		for (size_t k = 0; k < m->nmod; k++)
			write_fixed(w, res->module_score[k], 2);
		for (size_t k = 0; k < ER_MODEL_REASONS; k++)
			er_writer_str(w, k < res->nreasons ? m->feat[res->reason[k]].var.name : "");
	}
	if (o->contributions) {
		/* the trees' score is A - B * log-odds: base at the average row, then each
		 * indicator's TreeSHAP contribution in points */
		const double B = m->scaling.factor;
		if (m->gbdt.ntrees)
			write_fixed(w, er_scaling_score(&m->scaling, res->bias), 4);
		for (size_t j = 0; j < nfeat; j++) {
			const struct er_model_feature *f = &m->feat[j];
			if (f->in_scorecard)
				write_fixed(w, f->points[res->bin[j]], 4);
			if (f->gbdt_col >= 0 && m->gbdt.ntrees)
				write_fixed(w, -B * res->contrib[f->gbdt_col], 4);
		}
	}
	er_writer_str(w, m->id);
	return er_writer_end_row(w);
}

/* Streams every row through the model. Returns 0, or ER_EIO with ERR. */
static int
score_rows(const struct er_score_opts *o, struct run *s, struct er_score_counts *counts, char *err)
{
	er_reader *r = s->r;
	int st = 0, wrc = 0, got;
	struct er_progress prog;
	er_progress_start(&prog, o->io->progress, er_reader_size(r));
	while (wrc == 0 && (got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL) {
			st = er_fail(err, er_reader_fail_status(r), "cannot read '%s': %s", er_reader_filename(r),
			             er_reader_error(r));
			break;
		}
		if (got == ER_ROW_BAD) {
			if (counts->bad_rows++ < 10)
				er_diag_msg(o->diag, "row rejected: %s (file %s, line %llu)", er_reader_error(r),
				            er_reader_filename(r), (unsigned long long)er_reader_line(r));
			continue;
		}
		wrc = score_row(o, s, counts);
		er_progress_rows(&prog, r);
	}
	er_progress_end(&prog);
	/* a column empty for every entity is a table er-features was not given, not a trait of
	 * the entities: every row was scored in that indicator's missing bin */
	for (size_t j = 0; counts->rows >= ER_SCORE_MIN_ROWS && j < s->m.nfeat; j++) {
		if (s->seen[j])
			continue;
		size_t used = strlen(counts->empty_names);
		if (counts->empty++ < 3)
			snprintf(counts->empty_names + used, sizeof counts->empty_names - used, "%s'%s'",
			         used ? ", " : "", s->m.feat[j].var.name);
	}
	if (wrc)
		st = er_fail(err, ER_EIO, "%s", er_writer_error(s->w));
	return st;
}

int
er_score_run(const struct er_score_opts *o, struct er_score_counts *counts, char *err)
{
	struct run s;
	memset(&s, 0, sizeof s);
	s.seq = -1;
	memset(counts, 0, sizeof *counts);
	int st = er_model_load(o->model, &s.m, err);
	if (st)
		return st;
	const char *id_col = o->id_col ? o->id_col : s.m.id_col;
	st = er_reader_open(&s.r, o->inputs, o->ninputs, &o->io->in, err);
	if (s.r) {
		er_cli_io_follow(o->io, s.r);
		st = find_columns(o, &s, id_col, err);
	}
	if (!st && !(s.w = er_writer_open(1, "stdout", &o->io->out)))
		st = er_fail(err, ER_ENOMEM, "out of memory opening 'stdout'");
	counts->numbered = !st && s.r && s.idc < 0;
	if (!st && write_header(o, &s, id_col))
		st = er_fail(err, ER_EIO, "%s", er_writer_error(s.w));
	if (!st)
		st = score_rows(o, &s, counts, err);
	if (s.w) {
		if (er_writer_flush(s.w) && st != ER_EIO)
			st = er_fail(err, ER_EIO, "%s", er_writer_error(s.w));
		if (er_writer_close(s.w) && st == 0)
			st = er_fail(err, ER_EIO, "write error 'stdout'");
	}
	if (s.have_res)
		er_model_result_free(&s.res);
	free(s.col), free(s.text), free(s.len), free(s.seen), free(s.keep), free(s.keep_names);
	er_reader_close(s.r);
	er_model_free(&s.m);
	return st;
}
