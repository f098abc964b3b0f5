/* registry_decide: registry rows into er-decide's tables. */
#include "credit/registry_decide.h"

#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "credit/registry.h"

struct load {
	er_decide_tables *t;
	const char *skip;
	char *err;
};

static int
add_loan(void *ctx, const struct er_registry_status *row)
{
	struct load *l = ctx;
	if (l->skip && strcmp(row->platform, l->skip) == 0)
		return 0; /* this platform's own row: not a loan elsewhere */
	/* enum er_decide_loan_status has the registry's numbers. */
	struct er_decide_loan loan = {row->status, row->grade, row->monthly_repayment};
	if (loan.monthly_repayment != loan.monthly_repayment)
		loan.monthly_repayment = 0;
	if (er_decide_tables_add_loan(l->t, row->subject_id, strlen(row->subject_id), &loan) != 0)
		return er_fail(l->err, ER_ENOMEM, "out of memory");
	return 0;
}

static int
add_product(void *ctx, const char *name, const struct er_decide_product *p)
{
	struct load *l = ctx;
	int st = er_decide_tables_add_product(l->t, name, strlen(name), p);
	if (st == ER_ENOMEM)
		return er_fail(l->err, ER_ENOMEM, "out of memory");
	/* The products table's key makes a second definition impossible. */
	return st ? er_fail(l->err, ER_EIO, "product '%s' twice in the registry", name) : 0;
}

int
er_registry_decide_load(const char *where, int busy_ms, int products, const char *skip, er_decide_tables *t, char *err)
{
	er_registry *reg;
	int st = er_registry_open(&reg, where, 0, busy_ms, err);
	if (st != 0)
		return st;
	struct load l = {t, skip, err};
	st = er_registry_check_schema(reg, err);
	if (st == 0)
		st = er_registry_each_status(reg, INT64_MAX, add_loan, &l, err);
	if (st == 0 && products)
		st = er_registry_each_product(reg, add_product, &l, err);
	er_registry_close(reg);
	return st;
}

struct er_registry_decide_writer {
	er_registry *reg;
	const char *platform;
	int64_t import_id;
};

int
er_registry_decide_writer_open(er_registry_decide_writer **out, const char *where, const char *platform, char *err)
{
	*out = NULL;
	er_registry_decide_writer *w = calloc(1, sizeof *w);
	if (!w)
		return er_fail(err, ER_ENOMEM, "out of memory");
	w->platform = platform;
	int st = er_registry_open(&w->reg, where, 0, 5000, err);
	if (st == 0)
		st = er_registry_check_schema(w->reg, err);
	if (st == 0)
		st = er_registry_begin(w->reg, err);
	if (st == 0)
		st = er_registry_import_start(w->reg, platform, "er-decide", &w->import_id, err);
	if (st != 0) {
		er_registry_close(w->reg);
		free(w);
		return st;
	}
	*out = w;
	return 0;
}

int
er_registry_decide_writer_put(er_registry_decide_writer *w, const char *subject, int grade, double monthly, int64_t at,
                              char *err)
{
	struct er_registry_status row = {subject, w->platform, ER_REGISTRY_APPLYING, grade, monthly, at};
	int outcome;
	return er_registry_put_status(w->reg, &row, w->import_id, &outcome, err);
}

int
er_registry_decide_writer_close(er_registry_decide_writer *w, int commit, char *err)
{
	if (!w)
		return 0;
	int st = 0;
	if (commit)
		st = er_registry_commit(w->reg, err);
	else
		er_registry_rollback(w->reg);
	er_registry_close(w->reg);
	free(w);
	return st;
}
