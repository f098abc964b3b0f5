/* registry_decide: registry rows into er-decide's tables. */
#include "credit/registry_decide.h"

#include <string.h>

#include "lib/err.h"
#include "credit/registry.h"

struct load {
	er_decide_tables *t;
	char *err;
};

static int
add_loan(void *ctx, const struct er_registry_status *row)
{
	struct load *l = ctx;
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

/* An applicant looked up as the registry stores subjects: by pseudonym. */
static int
pseudonym(void *ctx, const char *id, size_t len, char *buf)
{
	return er_registry_key_pseudonym(ctx, id, len, buf);
}

int
er_registry_decide_load(const char *where, int busy_ms, er_registry_key *key, int products, er_decide_tables *t,
                        char *err)
{
	er_registry *reg;
	int st = er_registry_open(&reg, where, 0, busy_ms, err);
	if (st != 0)
		return st;
	struct load l = {t, err};
	st = er_registry_check_schema(reg, err);
	if (st == 0)
		st = er_registry_use_key(reg, key, 1, err);
	if (st == 0 && er_registry_keyed(reg))
		er_decide_tables_set_loan_key(t, pseudonym, key);
	if (st == 0)
		st = er_registry_each_status(reg, INT64_MAX, add_loan, &l, err);
	if (st == 0 && products)
		st = er_registry_each_product(reg, add_product, &l, err);
	er_registry_close(reg);
	return st;
}
