/* dossier_model: the model's view of the enterprise for er-dossier: its score and grade
 * history from er-alert's history file, and this run's score, module sub-scores, points by
 * indicator and rule hits, from its row of er-features output scored by the model (the
 * functions er-score uses) and checked by the rules (er_rule_run, as er-verify does). */
#include "credit/dossier.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/table.h"
#include "lib/vec.h"
#include "lib/writer.h"
#include "model/model.h"
#include "rules/rule.h"
#include "rules/rule_run.h"

static int
same_id(const struct er_dossier *d, const char *s, size_t len)
{
	return (strlen(d->id) == len && memcmp(s, d->id, len) == 0) ||
		(*d->uscc && strlen(d->uscc) == len && memcmp(s, d->uscc, len) == 0);
}

static char *
dupn(const char *s, size_t n)
{
	return strndup(s ? s : "", s ? n : 0);
}

/* The score history: er-alert's history rows of the enterprise dated up to asof. */
static int
load_history(const struct er_dossier_opts *o, struct er_dossier *d, char *err)
{
	static const char *const cols[] = {"date", "id", "level", "score", "grade", "?reasons"};
	long idx[6];
	er_reader *r;
	int st = er_table_open(&r, o->history, &o->in, cols, 6, idx, err);
	if (st)
		return st;
	unsigned long errors = 0;
	size_t cap = 0;
	int got;
	while ((got = er_table_next(o->diag, r, "malformed row: ", &errors, err)) == 1) {
		size_t len, dl, sl, gl, ll, rl;
		const char *id = er_table_field(r, idx[1], &len);
		if (!same_id(d, id, len))
			continue;
		const char *ds = er_table_field(r, idx[0], &dl), *ss = er_table_field(r, idx[3], &sl);
		er_day day;
		double score;
		if (er_date_parse(ds, dl, NULL, &day, NULL) != ER_DATE_OK || day > d->asof)
			continue;
		if (er_num_parse(ss, sl, &score) != 0)
			score = NAN;
		if (er_grow(&d->scores, &cap, d->nscores + 1, sizeof *d->scores) != 0)
			return er_table_done(r, 0, er_fail(err, ER_ENOMEM, "out of memory"));
		struct er_dossier_score *s = &d->scores[d->nscores++];
		const char *g = er_table_field(r, idx[4], &gl), *l = er_table_field(r, idx[2], &ll),
			   *rs = er_table_field(r, idx[5], &rl);
		s->date = day;
		s->score = score;
		s->grade = dupn(g, gl);
		s->level = dupn(l, ll);
		s->reasons = dupn(rs, rl);
		if (!s->grade || !s->level || !s->reasons)
			return er_table_done(r, 0, er_fail(err, ER_ENOMEM, "out of memory"));
	}
	/* oldest first (a history is appended to, so nearly sorted already) */
	for (size_t i = 1; i < d->nscores; i++) {
		struct er_dossier_score x = d->scores[i];
		size_t j = i;
		for (; j > 0 && d->scores[j - 1].date > x.date; j--)
			d->scores[j] = d->scores[j - 1];
		d->scores[j] = x;
	}
	return er_table_done(r, got, got == ER_READ_FAIL ? ER_EIO : 0);
}

/* Copies the header and the enterprise's row of the features file into a temporary file
 * (PATH, ER_ERRLEN bytes), so the model and the rules read that one row. *FOUND 0: no row,
 * or (D->features_asof set) a row whose asof column is after --asof. */
static int
extract_row(const struct er_dossier_opts *o, struct er_dossier *d, const char *idcol, char *path, int *found, char *err)
{
	er_reader *r;
	int st = er_reader_open1(&r, o->features, &o->in, err);
	if (st)
		return st;
	long k = er_reader_require(r, idcol, err);
	if (k < 0) {
		er_reader_close(r);
		return ER_EDATA;
	}
	const char *tmp = getenv("TMPDIR");
	snprintf(path, ER_ERRLEN, "%s/er-dossier-row-XXXXXX", tmp && *tmp ? tmp : "/tmp");
	int fd = mkstemp(path);
	if (fd < 0) {
		er_reader_close(r);
		return er_fail(err, ER_EIO, "cannot create a temporary file '%s'", path);
	}
	struct er_writer_opts wo = {.format = ER_FMT_CSV};
	er_writer *w = er_writer_open(fd, path, &wo);
	if (!w) {
		close(fd);
		er_reader_close(r);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	size_t n = er_reader_ncols(r);
	for (size_t i = 0; i < n && !st; i++)
		st = er_writer_str(w, er_reader_colname(r, i));
	if (!st)
		st = er_writer_end_row(w);
	unsigned long errors = 0;
	int got;
	*found = 0;
	while (!st && (got = er_table_next(o->diag, r, "malformed row: ", &errors, err)) == 1) {
		size_t len;
		const char *id = er_table_field(r, k, &len);
		if (!same_id(d, id, len))
			continue;
		*found = 1;
		long a = er_reader_col(r, "asof");
		size_t al;
		const char *as = a >= 0 ? er_table_field(r, a, &al) : NULL;
		er_day day;
		/* an applicant seen as of its application is held to that date as to --asof's */
		int held = d->asof_given || d->asof_from == ER_DOSSIER_ASOF_APPLICATION;
		if (as && held && er_date_parse(as, al, NULL, &day, NULL) == ER_DATE_OK && day > d->asof) {
			/* computed from data after asof: scoring it would show what the page leaves out */
			d->features_asof = day;
			*found = 0;
			break;
		}
		for (size_t i = 0; i < n && !st; i++)
			st = er_writer_field(w, er_reader_field(r, i), er_reader_field_len(r, i));
		if (!st)
			st = er_writer_end_row(w);
		break;
	}
	if (st)
		er_fail(err, st, "%s", er_writer_error(w));
	else if (got == ER_READ_FAIL)
		st = er_reader_fail_status(r);
	int cst = er_writer_close(w);
	if (close(fd) != 0)
		cst = ER_EIO;
	if (!st && cst)
		st = er_fail(err, cst, "cannot write temporary file '%s'", path);
	er_reader_close(r);
	return st;
}

static int
cmp_cost(const void *a, const void *b)
{
	const struct er_dossier_points *x = a, *y = b;
	double cx = x->best - x->points, cy = y->best - y->points;
	return (cx < cy) - (cx > cy);
}

/* The row scored by the model: score, pd, grade, module sub-scores, reasons, and each
 * scorecard indicator's value, bin and points (what er-explain lists). */
static int
score_row(struct er_dossier *d, const struct er_model *m, const char *row, char *err)
{
	er_reader *r;
	struct er_reader_opts ro = {0};
	int st = er_reader_open1(&r, row, &ro, err);
	if (st)
		return st;
	if (er_reader_next(r) != 1) {
		er_reader_close(r);
		return er_fail(err, ER_EIO, "cannot read back temporary file '%s'", row);
	}
	const char **text = calloc(m->nfeat ? m->nfeat : 1, sizeof *text);
	size_t *len = calloc(m->nfeat ? m->nfeat : 1, sizeof *len);
	struct er_model_result res;
	memset(&res, 0, sizeof res);
	if (!text || !len || er_model_result_init(m, &res) != 0) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t j = 0; j < m->nfeat; j++) {
		long c = er_reader_col(r, m->feat[j].var.name);
		if (c < 0) {
			st = er_fail(err, ER_EDATA, "the features lack indicator '%s' of the model (file %s)",
			             m->feat[j].var.name, er_reader_filename(r));
			goto done;
		}
		text[j] = er_reader_num_field(r, (size_t)c, &len[j]);
	}
	er_model_score(m, text, len, 1, &res);
	d->has_model = d->has_row = 1;
	d->score = res.score;
	d->pd = res.pd;
	d->grade = res.grade;
	d->nmodule = m->nmod;
	if (!(d->module = calloc(m->nmod ? m->nmod : 1, sizeof *d->module)) ||
	    !(d->module_score = calloc(m->nmod ? m->nmod : 1, sizeof *d->module_score)) ||
	    !(d->points = calloc(m->nfeat ? m->nfeat : 1, sizeof *d->points))) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < m->nmod; i++) {
		d->module_score[i] = res.module_score[i];
		if (!(d->module[i] = strdup(m->mod[i].name))) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
	}
	for (size_t i = 0; i < res.nreasons && i < 3; i++)
		if (!(d->reasons[d->nreasons++] = strdup(m->feat[res.reason[i]].var.name))) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
	for (size_t j = 0; j < m->nfeat; j++) {
		const struct er_model_feature *f = &m->feat[j];
		if (!f->in_scorecard || !f->var.nbins)
			continue;
		int unseen = 0;
		size_t b = er_bin_find_field(&f->var, text[j], len[j], &unseen);
		struct er_dossier_points *p = &d->points[d->npoints++];
		p->points = f->points[b];
		p->best = f->best_points;
		p->name = strdup(f->var.name);
		p->module = strdup(m->mod[f->module].name);
		p->value = strndup(text[j], len[j]);
		p->bin = strdup(f->var.bins[b].label ? f->var.bins[b].label : "");
		if (!p->name || !p->module || !p->value || !p->bin) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
	}
	if (d->npoints > 1) /* the array may be NULL when empty, which qsort does not allow */
		qsort(d->points, d->npoints, sizeof *d->points, cmp_cost);
done:
	er_model_result_free(&res);
	free(text);
	free(len);
	er_reader_close(r);
	return st;
}

/* The rules hit by the row, fail first: er_rule_run's detail rows, read back. */
static int
check_rules(const struct er_dossier_opts *o, struct er_dossier *d, const char *idcol, const char *row, char *err)
{
	struct er_rule_set *rs;
	int st = er_rule_set_load(&rs, o->rules ? o->rules : "default", err);
	if (st)
		return st;
	char out[ER_ERRLEN + 8];
	if (snprintf(out, sizeof out, "%s.hits", row) >= (int)sizeof out)
		return er_fail(err, ER_EIO, "path too long '%s'", row);
	er_reader *r = NULL;
	struct er_reader_opts ro = {0};
	struct er_writer_opts wo = {.format = ER_FMT_CSV};
	er_writer *w = NULL;
	FILE *f = fopen(out, "w");
	if (!f) {
		er_rule_set_free(rs);
		return er_fail(err, ER_EIO, "cannot create temporary file '%s'", out);
	}
	if ((st = er_reader_open1(&r, row, &ro, err)) != 0)
		goto done;
	if (!(w = er_writer_open(fileno(f), out, &wo))) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	struct er_rule_run_opts ropt = {.mode = ER_RULE_RUN_DETAIL, .id_col = idcol, .hits_only = 1, .drop_missing = 1};
	struct er_rule_run_stats rst;
	memset(&rst, 0, sizeof rst);
	if ((st = er_rule_run(rs, r, w, &ropt, &rst, err)) != 0)
		goto done;
	if ((st = er_writer_flush(w)) != 0) {
		st = er_fail(err, ER_EIO, "cannot write temporary file '%s'", out);
		goto done;
	}
	er_reader_close(r);
	r = NULL;
	static const char *const cols[] = {"rule", "severity", "indicator", "value", "message"};
	long idx[5];
	if ((st = er_table_open(&r, out, &ro, cols, 5, idx, err)) != 0)
		goto done;
	unsigned long errors = 0;
	size_t cap = 0;
	while (er_table_next(NULL, r, "", &errors, err) == 1) {
		if (er_grow(&d->hits, &cap, d->nhits + 1, sizeof *d->hits) != 0) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
		struct er_dossier_hit *h = &d->hits[d->nhits++];
		char **fld[] = {&h->rule, &h->severity, &h->indicator, &h->value, &h->message};
		for (int i = 0; i < 5; i++) {
			size_t len;
			const char *v = er_table_field(r, idx[i], &len);
			if (!(*fld[i] = strndup(v, len))) {
				st = er_fail(err, ER_ENOMEM, "out of memory");
				goto done;
			}
		}
	}
	/* fail, then warn, then info: the rules file's order within a severity */
	static const char *const order[] = {"fail", "warn", "info"};
	size_t k = 0;
	for (int s = 0; s < 3; s++)
		for (size_t i = k; i < d->nhits; i++)
			if (strcmp(d->hits[i].severity, order[s]) == 0) {
				struct er_dossier_hit x = d->hits[i];
				memmove(&d->hits[k + 1], &d->hits[k], (i - k) * sizeof x);
				d->hits[k++] = x;
			}
	if (!(d->level = strdup(d->nhits ? d->hits[0].severity : "")))
		st = er_fail(err, ER_ENOMEM, "out of memory");
done:
	if (w)
		er_writer_close(w);
	if (r)
		er_reader_close(r);
	fclose(f);
	unlink(out);
	er_rule_set_free(rs);
	return st;
}

int
er_dossier_model(const struct er_dossier_opts *o, struct er_dossier *d, char *err)
{
	int st = 0;
	if (o->history && (st = load_history(o, d, err)) != 0)
		return st;
	if (!o->model || !o->features)
		return 0;
	struct er_model m;
	memset(&m, 0, sizeof m);
	if ((st = er_model_load(o->model, &m, err)) != 0)
		return st;
	d->has_model = 1;
	char row[ER_ERRLEN];
	int found = 0;
	row[0] = 0;
	st = extract_row(o, d, m.id_col ? m.id_col : "id", row, &found, err);
	if (!st && found)
		st = score_row(d, &m, row, err);
	if (!st && found)
		st = check_rules(o, d, m.id_col ? m.id_col : "id", row, err);
	if (row[0])
		unlink(row);
	er_model_free(&m);
	return st;
}
