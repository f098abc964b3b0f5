/* eval_load: er-eval's inputs read and joined on id: the scored rows, their outcomes, and the
 * challenger's scores. A bad row is reported with its file, line and field, counted, and left
 * out; a row without an outcome is kept and counted, it only leaves the measures of outcomes. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "data/label.h"
#include "lib/date.h"
#include "lib/diag.h"
#include "lib/err.h"
#include "lib/num.h"
#include "lib/reader.h"
#include "lib/vec.h"
#include "model/eval_data.h"

/* Reports a rejected row of R (the first ten per file) and counts it in *N. */
static void
reject(const struct er_eval_opts *o, er_reader *r, size_t *n, const char *what, const char *val, size_t len,
       const char *field)
{
	char where[ER_WHERELEN];

	if ((*n)++ < 10)
		er_diag_msg(o->diag, "%s '%.*s'%s", what, (int)(len > 64 ? 64 : len), val,
		            er_reader_where(r, field, where, sizeof where));
}

/* The row's value of column C as a number into *V. Returns 0, or -1 when it is missing or not a
 * number. */
static int
number(er_reader *r, long c, double *v)
{
	const char *s = er_reader_field(r, (size_t)c);
	size_t len = er_reader_field_len(r, (size_t)c);

	if (er_reader_is_na(r, s, len) || er_num_parse(s, len, v) != ER_NUM_OK)
		return -1;
	return 0;
}

/* The id column: --id, else the first. Returns its index, or -1 with ERR. */
static long
id_column(const struct er_eval_opts *o, er_reader *r, char *err)
{
	if (o->id_col)
		return er_reader_require(r, o->id_col, err);
	if (er_reader_ncols(r) == 0) {
		er_fail(err, ER_EDATA, "no columns in '%s'", er_reader_filename(r));
		return -1;
	}
	/* looked up by name all the same: a header naming it twice is refused (er_reader_check) */
	return er_reader_col(r, er_reader_colname(r, 0));
}

/* The columns of SCORES. */
struct cols {
	long id, pd, score, grade, label, by;
};

static int
find_cols(const struct er_eval_opts *o, er_reader *r, struct er_eval_data *d, struct cols *c, char *err)
{
	if ((c->id = id_column(o, r, err)) < 0)
		return ER_EDATA;
	c->pd = er_reader_col(r, "pd");
	c->score = er_reader_col(r, "score");
	c->grade = er_reader_col(r, "grade");
	c->label = c->by = -1;
	if (c->pd < 0 && c->score < 0) {
		er_reader_require(r, "pd", err);
		return er_fail(err, ER_EDATA, "no column 'pd' or 'score' to judge in '%s'", er_reader_filename(r));
	}
	if (c->pd < 0 && o->calibration)
		return er_fail(err, ER_EDATA, "no column 'pd' in '%s': --calibration needs a probability of bad",
		               er_reader_filename(r));
	if (o->label_col && (c->label = er_reader_require(r, o->label_col, err)) < 0)
		return ER_EDATA;
	if (o->by && (c->by = er_reader_require(r, o->by, err)) < 0)
		return ER_EDATA;
	if (er_reader_check(r, err))
		return ER_EDATA;
	d->shown_col = c->score >= 0 ? "score" : "pd";
	if (!(d->ids = calloc(1, sizeof *d->ids)) || (c->grade >= 0 && !(d->grades = er_strmap_new())) ||
	    (c->by >= 0 && !(d->segs = er_strmap_new())))
		return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", er_reader_filename(r));
	return 0;
}

static int
grow(struct er_eval_data *d, const struct cols *c)
{
	if (d->n < d->cap)
		return 0;
	size_t cap = d->cap ? 2 * d->cap : 4096;
	double *risk = er_vec_realloc(d->risk, d->cap * sizeof *risk, cap * sizeof *risk);
	if (risk)
		d->risk = risk;
	double *shown = er_vec_realloc(d->shown, d->cap * sizeof *shown, cap * sizeof *shown);
	if (shown)
		d->shown = shown;
	signed char *y = er_vec_realloc(d->y, d->cap * sizeof *y, cap * sizeof *y);
	if (y)
		d->y = y;
	if (!risk || !shown || !y)
		return -1;
	if (c->pd >= 0) {
		double *pd = er_vec_realloc(d->pd, d->cap * sizeof *pd, cap * sizeof *pd);
		if (!pd)
			return -1;
		d->pd = pd;
	}
	if (c->grade >= 0) {
		long *g = er_vec_realloc(d->grade, d->cap * sizeof *g, cap * sizeof *g);
		if (!g)
			return -1;
		d->grade = g;
	}
	if (c->by >= 0) {
		long *s = er_vec_realloc(d->seg, d->cap * sizeof *s, cap * sizeof *s);
		if (!s)
			return -1;
		d->seg = s;
	}
	d->cap = cap;
	return 0;
}

/* The segment of this row: the month (YYYY-MM) when the field is a date, else the field. */
static long
segment(struct er_eval_data *d, const char *s, size_t len)
{
	er_day day;
	char month[16];

	if (er_date_parse(s, len, NULL, &day, NULL) == ER_DATE_OK) {
		size_t ml = er_date_format_month(month, er_date_month_index(day));
		return er_strmap_intern(d->segs, month, ml, NULL);
	}
	return er_strmap_intern(d->segs, s, len, NULL);
}

/* Checks and keeps the current row. Returns 0, 1 when rejected, or ER_ENOMEM. */
/* The index of ID in the labels file and its label (as er_label_table_find); the index after
 * the last one found is tried first, as a scored file and its labels are often in one order
 * (random look-ups in a table of 1 M ids cost a third of the run). */
static long
label_index(struct er_eval_data *d, const char *id, size_t len, int *y)
{
	size_t nl = er_label_table_size(d->lt), kl;
	long li;

	if (d->next_label < nl) {
		const char *k = er_label_table_id(d->lt, d->next_label, &kl);
		if (kl == len && memcmp(k, id, len) == 0) {
			*y = er_label_table_label(d->lt, d->next_label);
			return (long)d->next_label++;
		}
	}
	li = er_label_table_find(d->lt, id, len, y);
	if (li >= 0)
		d->next_label = (size_t)li + 1;
	return li;
}

static int
take_row(const struct er_eval_opts *o, er_reader *r, const struct cols *c, struct er_eval_data *d,
         struct er_eval_counts *n)
{
	const char *id = er_reader_field(r, (size_t)c->id);
	size_t idlen = er_reader_field_len(r, (size_t)c->id);
	double pd = NAN, score = NAN;
	int y = ER_LABEL_MISSING, rc;

	if (idlen == 0)
		return reject(o, r, &n->rejected, "empty id", "", 0, er_reader_colname(r, (size_t)c->id)), 1;
	if (c->pd >= 0 && (number(r, c->pd, &pd) || pd < 0 || pd > 1))
		return reject(o, r, &n->rejected, "pd not a probability", er_reader_field(r, (size_t)c->pd),
		              er_reader_field_len(r, (size_t)c->pd), "pd"),
		       1;
	if (c->score >= 0 && number(r, c->score, &score) && c->pd < 0)
		return reject(o, r, &n->rejected, "score not a number", er_reader_field(r, (size_t)c->score),
		              er_reader_field_len(r, (size_t)c->score), "score"),
		       1;
	if (c->label >= 0) {
		const char *s = er_reader_field(r, (size_t)c->label);
		size_t len = er_reader_field_len(r, (size_t)c->label);
		/* NA and the other missing markers: no outcome yet, as an empty field */
		if (er_reader_is_na(r, s, len))
			y = ER_LABEL_MISSING;
		else if ((y = er_label_parse(NULL, s, len)) == ER_LABEL_UNKNOWN)
			return reject(o, r, &n->rejected, "label not 0 or 1", s, len, o->label_col), 1;
	} else if (d->lt) {
		label_index(d, id, idlen, &y);
	}
	size_t k = d->n;
	if (grow(d, c) || (rc = er_eval_ids_add(d->ids, id, idlen)) == ER_ENOMEM)
		return ER_ENOMEM;
	if (rc)
		return reject(o, r, &n->rejected, "duplicate id", id, idlen, er_reader_colname(r, (size_t)c->id)), 1;
	d->risk[k] = c->pd >= 0 ? pd : -score;
	d->shown[k] = c->score >= 0 ? score : pd;
	if (d->pd)
		d->pd[k] = pd;
	d->y[k] = (signed char)(y == ER_LABEL_MISSING ? -1 : y);
	if (y == ER_LABEL_MISSING && n->unlabelled++ == 0)
		snprintf(n->first_unlabelled, sizeof n->first_unlabelled, "%.*s", (int)(idlen > 100 ? 100 : idlen), id);
	if (c->grade >= 0) {
		size_t gl = er_reader_field_len(r, (size_t)c->grade);
		d->grade[k] = gl ? er_strmap_intern(d->grades, er_reader_field(r, (size_t)c->grade), gl, NULL) : -1;
		if (gl && d->grade[k] < 0)
			return ER_ENOMEM;
	}
	if (c->by >= 0 &&
	    (d->seg[k] = segment(d, er_reader_field(r, (size_t)c->by), er_reader_field_len(r, (size_t)c->by))) < 0)
		return ER_ENOMEM;
	d->n++;
	return 0;
}

/* Reads every row of the open reader R into D. Returns 0 or an er_status with ERR. */
static int
read_rows(const struct er_eval_opts *o, er_reader *r, const struct cols *c, struct er_eval_data *d,
          struct er_eval_counts *n, char *err)
{
	int got;

	while ((got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL)
			return er_fail(err, er_reader_fail_status(r), "cannot read '%s': %s", er_reader_filename(r),
			               er_reader_error(r));
		n->rows++;
		if (got == ER_ROW_BAD) {
			reject(o, r, &n->rejected, "row rejected", er_reader_error(r), strlen(er_reader_error(r)),
			       NULL);
			continue;
		}
		if (take_row(o, r, c, d, n) == ER_ENOMEM)
			return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", er_reader_filename(r));
	}
	return 0;
}

/* Reads the challenger's scores into D->risk2, joined on id. Returns 0 or an er_status. */
static int
read_compare(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *n, char *err)
{
	er_reader *r;
	int st = er_reader_open1(&r, o->compare, &o->io->in, err), got;
	if (st)
		return st;
	long idc = id_column(o, r, err), pdc = er_reader_col(r, "pd"), scc = er_reader_col(r, "score");
	if (idc >= 0 && er_reader_check(r, err))
		idc = -1;
	if (idc >= 0 && pdc < 0 && scc < 0) {
		er_reader_require(r, "pd", err);
		st = er_fail(err, ER_EDATA, "no column 'pd' or 'score' to judge in '%s'", er_reader_filename(r));
	}
	if (idc < 0)
		st = ER_EDATA;
	d->risk2_pd = pdc >= 0;
	/* the swap set cuts both models on one named column, never pd against score */
	long cutc = -1;
	if (!st && !isnan(o->cutoff)) {
		d->cut_col = o->cutoff_scale ? o->cutoff_scale : d->pd ? "pd" : "score";
		int champ_has = strcmp(d->cut_col, "pd") == 0 ? d->pd != NULL : strcmp(d->shown_col, "score") == 0;
		if (!champ_has)
			st = er_fail(err, ER_EDATA, "no column '%s' in '%s': --cutoff %s:X cuts both models on it",
			             d->cut_col, o->scores, d->cut_col);
		else if ((cutc = er_reader_col(r, d->cut_col)) < 0)
			st = er_fail(err, ER_EDATA,
			             "no column '%s' in '%s': --cutoff cuts both models on '%s' (name another with "
			             "--cutoff pd:X or score:X)",
			             d->cut_col, o->compare, d->cut_col);
		else if (!(d->cut2 = malloc((d->n ? d->n : 1) * sizeof *d->cut2)))
			st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", o->compare);
	}
	if (!st && !(d->risk2 = malloc((d->n ? d->n : 1) * sizeof *d->risk2)))
		st = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", o->compare);
	for (size_t i = 0; !st && i < d->n; i++) {
		d->risk2[i] = NAN;
		if (d->cut2)
			d->cut2[i] = NAN;
	}
	while (!st && (got = er_reader_next(r)) != 0) {
		if (got == ER_READ_FAIL) {
			st = er_fail(err, er_reader_fail_status(r), "cannot read '%s': %s", er_reader_filename(r),
			             er_reader_error(r));
			break;
		}
		if (got == ER_ROW_BAD) {
			reject(o, r, &n->other_rejected, "row rejected", er_reader_error(r), strlen(er_reader_error(r)),
			       NULL);
			continue;
		}
		const char *id = er_reader_field(r, (size_t)idc);
		size_t len = er_reader_field_len(r, (size_t)idc);
		long k = er_eval_ids_find(d->ids, id, len), vc = pdc >= 0 ? pdc : scc;
		double v;
		if (number(r, vc, &v) || (pdc >= 0 && (v < 0 || v > 1)))
			reject(o, r, &n->other_rejected, pdc >= 0 ? "pd not a probability" : "score not a number",
			       er_reader_field(r, (size_t)vc), er_reader_field_len(r, (size_t)vc),
			       pdc >= 0 ? "pd" : "score");
		else if (k < 0)
			d->cmp_unmatched++;
		else if (!isnan(d->risk2[k]))
			reject(o, r, &n->other_rejected, "duplicate id", id, len, er_reader_colname(r, (size_t)idc));
		else {
			d->risk2[k] = pdc >= 0 ? v : -v;
			if (d->cut2 && number(r, cutc, &d->cut2[k]))
				d->cut2[k] = NAN;
		}
	}
	er_reader_close(r);
	return st;
}

int
er_eval_load(const struct er_eval_opts *o, struct er_eval_data *d, struct er_eval_counts *n, char *err)
{
	er_reader *r = NULL;
	struct cols c;
	int st = 0;

	memset(d, 0, sizeof *d);
	memset(n, 0, sizeof *n);
	if (o->labels) {
		char warn[ER_ERRLEN];
		struct er_label l;
		er_label_init(&l, NULL);
		l.missing_ok = 1;
		if ((st = er_label_table_read(&d->lt, o->labels, "id", "label", &l, &n->label_rejected, warn, err)))
			return st;
		if (n->label_rejected)
			er_diag_msg(o->diag, "%zu label rows left out, first: %s", n->label_rejected, warn);
	}
	st = er_reader_open1(&r, o->scores, &o->io->in, err);
	if (!st) {
		er_cli_io_follow(o->io, r);
		st = find_cols(o, r, d, &c, err);
	}
	if (!st)
		st = read_rows(o, r, &c, d, n, err);
	er_reader_close(r);
	if (d->lt) {
		size_t matched = 0;
		for (size_t i = 0; i < d->n; i++)
			matched += d->y[i] >= 0;
		n->labels_unused = er_label_table_size(d->lt) - matched;
	}
	if (!st && o->compare)
		st = read_compare(o, d, n, err);
	return st;
}

void
er_eval_data_free(struct er_eval_data *d)
{
	free(d->risk), free(d->shown), free(d->pd), free(d->y), free(d->grade), free(d->seg), free(d->risk2);
	free(d->cut2);
	er_eval_ids_free(d->ids);
	free(d->ids);
	er_strmap_free(d->grades), er_strmap_free(d->segs);
	er_label_table_free(d->lt);
	for (size_t i = 0; i < d->ncsi; i++) {
		free(d->csi[i].name), free(d->csi[i].cat_base), free(d->csi[i].cat_cur);
		er_strmap_free(d->csi[i].cats);
	}
	free(d->csi);
	memset(d, 0, sizeof *d);
}
