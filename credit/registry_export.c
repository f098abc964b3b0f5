/* registry_export: registry walks written through er_writer. */
#include "credit/registry_export.h"

#include <stdio.h>

#include "lib/err.h"
#include "credit/registry_row.h"

struct out {
	er_writer *w;
	uint64_t rows;
};

static int
header(er_writer *w, const char *const *cols, size_t n, char *err)
{
	if (er_writer_row(w, cols, n) != 0)
		return er_fail(err, ER_EIO, "%s", er_writer_error(w));
	return 0;
}

/* The five columns shared by the status export and the history. */
static int
status_fields(er_writer *w, const struct er_registry_status *row)
{
	char grade[2] = {er_grade_char(row->grade), '\0'};
	return er_writer_str(w, row->subject_id) | er_writer_str(w, row->platform) |
		er_writer_str(w, er_registry_state_name(row->status)) | er_writer_str(w, row->grade >= 0 ? grade : "") |
		er_writer_double(w, row->monthly_repayment);
}

static int
status_row(void *ctx, const struct er_registry_status *row)
{
	struct out *o = ctx;
	o->rows++;
	return status_fields(o->w, row) | er_writer_end_row(o->w) ? ER_EIO : 0;
}

/* A callback's ER_EIO is a write failure: the writer says why. */
static int
finish(int st, struct out *o, uint64_t *rows, char *err)
{
	*rows = o->rows;
	if (st == ER_EIO && er_writer_flush(o->w) != 0)
		return er_fail(err, ER_EIO, "%s", er_writer_error(o->w));
	return st;
}

int
er_registry_export_status(er_registry *reg, int64_t asof, er_writer *w, uint64_t *rows, char *err)
{
	static const char *const cols[] = {"subject_id", "platform", "status", "platform_grade", "monthly_repayment"};
	struct out o = {w, 0};
	int st = header(w, cols, 5, err);
	if (st == 0)
		st = er_registry_each_status(reg, asof, status_row, &o, err);
	return finish(st, &o, rows, err);
}

static int
history_row(void *ctx, const struct er_registry_status *row, int previous, int64_t import_id)
{
	struct out *o = ctx;
	char when[32], grade[2] = {er_grade_char(row->grade), '\0'};
	er_registry_time_format(when, row->updated_at);
	o->rows++;
	int rc = er_writer_str(o->w, row->subject_id) | er_writer_str(o->w, row->platform) | er_writer_str(o->w, when) |
		er_writer_str(o->w, er_registry_state_name(row->status)) |
		er_writer_str(o->w, row->grade >= 0 ? grade : "") | er_writer_double(o->w, row->monthly_repayment) |
		er_writer_str(o->w, er_registry_state_name(previous)) | er_writer_int(o->w, import_id) |
		er_writer_end_row(o->w);
	return rc ? ER_EIO : 0;
}

int
er_registry_export_history(er_registry *reg, const char *subject, er_writer *w, uint64_t *rows, char *err)
{
	static const char *const cols[] = {"subject_id",     "platform",          "updated_at",      "status",
	                                   "platform_grade", "monthly_repayment", "previous_status", "import_id"};
	struct out o = {w, 0};
	int st = header(w, cols, 8, err);
	if (st == 0)
		st = er_registry_each_history(reg, subject, history_row, &o, err);
	return finish(st, &o, rows, err);
}

static int
product_row(void *ctx, const char *name, const struct er_decide_product *p)
{
	struct out *o = ctx;
	char grade[2] = {er_grade_char(p->min_grade), '\0'};
	o->rows++;
	int rc = er_writer_str(o->w, name) | er_writer_str(o->w, grade) |
		er_writer_double(o->w, p->min_monthly_repayment) | er_writer_double(o->w, p->max_amount) |
		er_writer_double(o->w, p->annual_rate) | er_writer_int(o->w, p->term_months) | er_writer_end_row(o->w);
	return rc ? ER_EIO : 0;
}

int
er_registry_export_products(er_registry *reg, er_writer *w, uint64_t *rows, char *err)
{
	static const char *const cols[] = {"product",    "min_grade",   "min_monthly_repayment",
	                                   "max_amount", "annual_rate", "term_months"};
	struct out o = {w, 0};
	int st = header(w, cols, 6, err);
	if (st == 0)
		st = er_registry_each_product(reg, product_row, &o, err);
	return finish(st, &o, rows, err);
}

static int
import_row(void *ctx, const struct er_registry_import *r)
{
	struct out *o = ctx;
	o->rows++;
	int rc = er_writer_int(o->w, r->id) | er_writer_str(o->w, r->kind) | er_writer_str(o->w, r->platform) |
		er_writer_str(o->w, r->source) | er_writer_str(o->w, r->checksum) | er_writer_str(o->w, r->actor) |
		er_writer_str(o->w, r->imported_at);
	const uint64_t counts[] = {r->read, r->inserted, r->updated, r->unchanged, r->older, r->rejected};
	for (int i = 0; i < 6; i++)
		rc |= r->has_counts ? er_writer_int(o->w, (int64_t)counts[i]) : er_writer_str(o->w, "");
	return rc | er_writer_end_row(o->w) ? ER_EIO : 0;
}

int
er_registry_export_imports(er_registry *reg, er_writer *w, uint64_t *rows, char *err)
{
	static const char *const cols[] = {"id",        "kind",        "platform",  "source",   "checksum",
	                                   "actor",     "imported_at", "rows_read", "inserted", "updated",
	                                   "unchanged", "older",       "rejected"};
	struct out o = {w, 0};
	int st = header(w, cols, 13, err);
	if (st == 0)
		st = er_registry_each_import(reg, import_row, &o, err);
	return finish(st, &o, rows, err);
}
