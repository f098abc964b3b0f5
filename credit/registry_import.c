/* registry_import: rows checked, rejects reported, the rest upserted in one transaction. */
#include "credit/registry_import.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/progress.h"
#include "credit/registry_backend.h"
#include "credit/registry_row.h"
#include "lib/vec.h"

/* Rejections reported to the diag when there is no rejects file; the rest are counted. */
#define STDERR_REJECTS 20

enum { KIND_STATUS, KIND_PRODUCTS };

/* Good status rows are applied in batches sorted by subject: B-tree pages are then visited
 * in order instead of at random, which makes a large import several times faster. The
 * rows of one key keep their file order, and keys do not affect each other, so the result
 * is the one of applying the file in order. */
#define BATCH_ROWS (1u << 16)

struct pending {
	struct er_registry_status row; /* subject_id is an offset into the batch's text */
	uint64_t prefix;               /* the subject's first 8 bytes, big-endian: orders as strcmp */
	size_t subject_off;
	uint64_t seq, line;
};

struct batch {
	struct pending *rows;
	size_t n, cap;
	char *text;
	size_t used, size;
};

struct run {
	er_registry *reg;
	er_reader *in;
	er_writer *rej;
	const struct er_registry_import_opts *o;
	struct er_registry_import_counts *c;
	int status;
	struct batch b;
	int64_t import_id;
};

/* Writes the header of the rejects table: file,line,field,reason,message, then the input's. */
static int
rejects_header(struct run *x)
{
	static const char *const cols[] = {"file", "line", "field", "reason", "message"};
	if (!x->rej)
		return 0;
	int rc = 0;
	for (size_t i = 0; i < 5; i++)
		rc |= er_writer_str(x->rej, cols[i]);
	for (size_t i = 0; i < er_reader_ncols(x->in); i++)
		rc |= er_writer_str(x->rej, er_reader_colname(x->in, i));
	rc |= er_writer_end_row(x->rej);
	return rc;
}

/* Records the current row as rejected. Returns -1 when the import must stop (a rejects
 * write failed: ER_EIO; or more than max_rejects: ER_EDATA), else 0. */
static int
reject(struct run *x, const struct er_registry_bad *bad)
{
	x->c->rejected++;
	unsigned long long line = (unsigned long long)er_reader_line(x->in);
	if (x->rej) {
		char num[ER_INT_BUFLEN];
		er_num_format_u64(num, line);
		int rc = er_writer_str(x->rej, er_reader_filename(x->in)) || er_writer_str(x->rej, num) ||
			er_writer_str(x->rej, bad->field) || er_writer_str(x->rej, bad->reason) ||
			er_writer_str(x->rej, bad->message);
		/* the header's field count, so the rejects table reads back as a table */
		for (size_t i = 0; !rc && i < er_reader_ncols(x->in); i++) {
			size_t n;
			const char *v = er_reader_fitted_field(x->in, i, &n);
			if (!v) {
				er_diag_msg(x->o->diag, "out of memory");
				x->status = ER_ENOMEM;
				return -1;
			}
			rc = er_writer_field(x->rej, v, n);
		}
		if (rc || er_writer_end_row(x->rej)) {
			er_writer_flush(x->rej);
			er_diag_msg(x->o->diag, "%s", er_writer_error(x->rej));
			x->status = ER_EIO;
			return -1;
		}
	} else if (x->c->rejected <= STDERR_REJECTS) {
		char where[ER_WHERELEN];
		er_diag_msg(x->o->diag, "%s%s", bad->message,
		            er_where(where, sizeof where, er_reader_filename(x->in), line, bad->field));
		if (x->c->rejected == STDERR_REJECTS)
			er_diag_msg(x->o->diag,
			            "more rejected rows are counted, not shown (write them with --rejects FILE)");
	}
	if (x->c->rejected > x->o->max_rejects) {
		er_diag_msg(x->o->diag, "too many rejected rows (more than %llu), stopped at line %llu of %s",
		            (unsigned long long)x->o->max_rejects, line, er_reader_filename(x->in));
		x->status = ER_EDATA;
		return -1;
	}
	return 0;
}

static void
count(struct er_registry_import_counts *c, int outcome)
{
	switch (outcome) {
	case ER_REGISTRY_INSERTED: c->inserted++; break;
	case ER_REGISTRY_UPDATED: c->updated++; break;
	case ER_REGISTRY_UNCHANGED: c->unchanged++; break;
	default: c->older++; break;
	}
}

/* Finds the columns of KIND in IDX: 0, or ER_EDATA after a message. */
static int
find_columns(struct run *x, int kind, long *idx)
{
	static const char *const status_cols[ER_REGISTRY_F_COUNT] = {
		"subject_id", "status", "?platform_grade", "?monthly_repayment", "updated_at", "?platform"};
	static const char *const product_cols[ER_PRODUCT_FIELDS + 1] = {
		"product", "min_grade", "min_monthly_repayment", "max_amount", "annual_rate", "term_months"};
	const char *const *cols = kind == KIND_STATUS ? status_cols : product_cols;
	size_t n = kind == KIND_STATUS ? ER_REGISTRY_F_COUNT : ER_PRODUCT_FIELDS + 1;
	char err[ER_ERRLEN];
	for (size_t i = 0; i < n; i++) {
		if (cols[i][0] == '?') {
			idx[i] = er_reader_col(x->in, cols[i] + 1);
		} else if ((idx[i] = er_reader_require(x->in, cols[i], err)) < 0) {
			er_diag_msg(x->o->diag, "%s", err);
			return ER_EDATA;
		}
	}
	return 0;
}

static int
pending_cmp(const void *a, const void *b)
{
	const struct pending *x = a, *y = b;
	/* the prefixes decide almost every comparison of pseudonyms without a call */
	if (x->prefix != y->prefix)
		return x->prefix < y->prefix ? -1 : 1;
	int c = strcmp(x->row.subject_id, y->row.subject_id);
	return c ? c : x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* Applies the batch in subject order and empties it. Returns -1 to stop (x->status set). */
static int
batch_apply(struct run *x)
{
	struct batch *b = &x->b;
	if (b->n == 0)
		return 0;
	for (size_t i = 0; i < b->n; i++)
		b->rows[i].row.subject_id = b->text + b->rows[i].subject_off;
	qsort(b->rows, b->n, sizeof *b->rows, pending_cmp);
	char err[ER_ERRLEN];
	for (size_t i = 0; i < b->n; i++) {
		int outcome;
		int st = er_registry_put_stored(x->reg, &b->rows[i].row, x->import_id, &outcome, err);
		if (st != 0) {
			char where[ER_WHERELEN];
			er_diag_msg(x->o->diag, "%s%s", err,
			            er_where(where, sizeof where, er_reader_filename(x->in), b->rows[i].line, NULL));
			x->status = st;
			return -1;
		}
		count(x->c, outcome);
	}
	b->n = 0;
	b->used = 0;
	return 0;
}

/* Keeps a good status row for the next batch. Returns -1 to stop (x->status set). */
static int
batch_add(struct run *x, const struct er_registry_status *row, size_t subject_len)
{
	struct batch *b = &x->b;
	if (ER_GROW(b->rows, b->cap, b->n + 1) < 0 || ER_GROW(b->text, b->size, b->used + subject_len + 1) < 0)
		goto oom;
	struct pending *p = &b->rows[b->n++];
	p->row = *row;
	p->subject_off = b->used;
	p->prefix = 0;
	/* bytes past the end are 0, as '\0' sorts before any other byte */
	for (size_t i = 0; i < 8; i++)
		p->prefix = p->prefix << 8 | (i < subject_len ? (unsigned char)row->subject_id[i] : 0);
	p->seq = x->c->read;
	p->line = er_reader_line(x->in);
	memcpy(b->text + b->used, row->subject_id, subject_len + 1);
	b->used += subject_len + 1;
	return b->n >= BATCH_ROWS ? batch_apply(x) : 0;
oom:
	er_diag_msg(x->o->diag, "out of memory");
	x->status = ER_ENOMEM;
	return -1;
}

/* One good row of KIND applied, or the row rejected. Returns -1 to stop (x->status set). */
static int
import_row(struct run *x, int kind, const long *idx)
{
	const char *text[ER_REGISTRY_F_COUNT];
	size_t len[ER_REGISTRY_F_COUNT];
	size_t n = kind == KIND_STATUS ? ER_REGISTRY_F_COUNT : ER_PRODUCT_FIELDS + 1;
	for (size_t i = 0; i < n; i++) {
		text[i] = idx[i] >= 0 ? er_reader_field(x->in, (size_t)idx[i]) : "";
		len[i] = idx[i] >= 0 ? er_reader_field_len(x->in, (size_t)idx[i]) : 0;
	}
	struct er_registry_bad bad;
	char err[ER_ERRLEN];
	int outcome, st;
	if (kind == KIND_STATUS) {
		struct er_registry_status row;
		if (er_registry_status_check(text, len, x->o->platform, &row, &bad) != 0)
			return reject(x, &bad);
		/* checked raw, kept in the stored form (normalised; a pseudonym with a key) */
		char subject[ER_REGISTRY_SUBJECT_BUF];
		if ((st = er_registry_subject_key(x->reg, row.subject_id, len[ER_REGISTRY_F_SUBJECT], subject,
		                                  &row.subject_id, err)) != 0) {
			er_diag_msg(x->o->diag, "%s", err);
			x->status = st;
			return -1;
		}
		return batch_add(x, &row, strlen(row.subject_id));
	} else {
		struct er_decide_product p;
		if (er_registry_product_check(text[0], len[0], text + 1, len + 1, &p, &bad) != 0)
			return reject(x, &bad);
		st = er_registry_put_product(x->reg, text[0], &p, &outcome, err);
	}
	if (st != 0) {
		char where[ER_WHERELEN];
		er_diag_msg(x->o->diag, "%s%s", err, er_reader_where(x->in, NULL, where, sizeof where));
		x->status = st;
		return -1;
	}
	count(x->c, outcome);
	return 0;
}

/* The import's row on record, with its counts. 0, ER_EIO or ER_ENOMEM with ERR. */
static int
record(struct run *x, int kind, char *err)
{
	char sum[17] = "";
	uint64_t v;
	if (er_reader_checksum(x->in, &v) == 0)
		snprintf(sum, sizeof sum, "%016" PRIx64, v);
	const struct er_registry_import_counts *c = x->c;
	struct er_registry_import rec = {x->import_id,
	                                 kind == KIND_STATUS ? "status" : "products",
	                                 kind == KIND_STATUS ? x->o->platform : "",
	                                 x->o->source ? x->o->source : er_reader_filename(x->in),
	                                 sum,
	                                 "",
	                                 "",
	                                 1,
	                                 c->read,
	                                 c->inserted,
	                                 c->updated,
	                                 c->unchanged,
	                                 c->older,
	                                 c->rejected};
	return er_registry_import_finish(x->reg, &rec, err);
}

static int
import(er_registry *reg, er_reader *in, er_writer *rejects, const struct er_registry_import_opts *o,
       struct er_registry_import_counts *c, int kind)
{
	struct run x = {reg, in, rejects, o, c, 0, {NULL, 0, 0, NULL, 0, 0}, 0};
	memset(c, 0, sizeof *c);
	c->rolled_back = 1;
	long idx[ER_REGISTRY_F_COUNT];
	char err[ER_ERRLEN];
	if (er_reader_ncols(in) == 0) {
		c->rolled_back = 0; /* empty input: nothing to import, nothing to lock */
		return 0;
	}
	if ((x.status = find_columns(&x, kind, idx)) != 0)
		return x.status;
	if (rejects_header(&x) != 0) {
		er_writer_flush(rejects);
		er_diag_msg(o->diag, "%s", er_writer_error(rejects));
		return ER_EIO;
	}
	if ((x.status = er_registry_begin(reg, err)) != 0 ||
	    (x.status = er_registry_import_start(reg, kind == KIND_STATUS ? o->platform : NULL, &x.import_id, err)) !=
	            0) {
		er_diag_msg(o->diag, "%s", err);
		er_registry_rollback(reg);
		return x.status;
	}
	struct er_progress prog;
	er_progress_start(&prog, o->progress, er_reader_size(in));
	for (;;) {
		int rc = er_reader_next(in);
		if (rc == 0)
			break;
		if (rc == ER_READ_FAIL) {
			er_diag_msg(o->diag, "%s", er_reader_error(in));
			x.status = er_reader_fail_status(in);
			break;
		}
		c->read++;
		er_progress_rows(&prog, in);
		if (rc == ER_ROW_BAD) {
			struct er_registry_bad bad = {er_reader_bad_code(er_reader_bad_kind(in)),
			                              er_reader_bad_column(in), ""};
			snprintf(bad.message, sizeof bad.message, "%s", er_reader_error(in));
			if (reject(&x, &bad) != 0)
				break;
			continue;
		}
		if (import_row(&x, kind, idx) != 0)
			break;
	}
	if (x.status == 0)
		batch_apply(&x);
	free(x.b.rows);
	free(x.b.text);
	er_progress_end(&prog);
	/* The rejects must be on disk before the rows they belong with are committed. */
	if (x.status == 0 && rejects && er_writer_flush(rejects) != 0) {
		er_diag_msg(o->diag, "%s", er_writer_error(rejects));
		x.status = ER_EIO;
	}
	if (x.status == 0 && (x.status = record(&x, kind, err)) != 0)
		er_diag_msg(o->diag, "%s", err);
	if (x.status != 0) {
		er_registry_rollback(reg);
		er_diag_msg(o->diag, "nothing imported into registry '%s' (rolled back)", er_registry_name(reg));
		return x.status;
	}
	if ((x.status = er_registry_commit(reg, err)) != 0) {
		er_diag_msg(o->diag, "%s", err);
		er_diag_msg(o->diag, "nothing imported into registry '%s' (rolled back)", er_registry_name(reg));
		return x.status;
	}
	c->rolled_back = 0;
	return c->rejected ? ER_EDATA : ER_OK;
}

int
er_registry_import_status(er_registry *reg, er_reader *in, er_writer *rejects, const struct er_registry_import_opts *o,
                          struct er_registry_import_counts *c)
{
	return import(reg, in, rejects, o, c, KIND_STATUS);
}

int
er_registry_import_products(er_registry *reg, er_reader *in, er_writer *rejects,
                            const struct er_registry_import_opts *o, struct er_registry_import_counts *c)
{
	return import(reg, in, rejects, o, c, KIND_PRODUCTS);
}
