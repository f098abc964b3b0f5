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

/* An applicant looked up as the registry stores subjects: by pseudonym. */
static int
pseudonym(void *ctx, const char *id, size_t len, char *buf)
{
	return er_registry_key_pseudonym(ctx, id, len, buf);
}

struct er_registry_decide_reader {
	er_registry *reg; /* kept open for the look-ups; NULL once the status was read whole */
	const char *skip;
};

/* An applicant's rows, the first time the decision asks for them. */
static int
fetch(void *ctx, er_decide_tables *t, const char *id, size_t len, const char *key, char *err)
{
	er_registry_decide_reader *rd = ctx;
	struct load l = {t, rd->skip, err};
	/* KEY: the pseudonym T made already, an HMAC not computed twice */
	return key ? er_registry_each_status_of(rd->reg, key, strlen(key), 1, add_loan, &l, err)
		   : er_registry_each_status_of(rd->reg, id, len, 0, add_loan, &l, err);
}

int
er_registry_decide_open(er_registry_decide_reader **out, const char *where, int busy_ms, er_registry_key *key,
                        int products, const char *skip, er_decide_tables *t, char *err)
{
	*out = NULL;
	er_registry_decide_reader *rd = calloc(1, sizeof *rd);
	if (!rd)
		return er_fail(err, ER_ENOMEM, "out of memory");
	rd->skip = skip;
	int st = er_registry_open(&rd->reg, where, 0, busy_ms, err);
	if (st != 0) {
		free(rd);
		return st;
	}
	struct load l = {t, skip, err};
	int lookups = er_registry_reads_subjects(rd->reg);
	st = er_registry_check_schema(rd->reg, err);
	if (st == 0)
		st = er_registry_use_key(rd->reg, key, 1, err);
	if (st == 0 && er_registry_keyed(rd->reg))
		er_decide_tables_set_loan_key(t, pseudonym, key);
	/* the products and every look-up after them see one snapshot, as one whole read did */
	if (st == 0 && lookups)
		st = er_registry_begin_read(rd->reg, err);
	if (st == 0 && products)
		st = er_registry_each_product(rd->reg, add_product, &l, err);
	if (st == 0 && !lookups)
		st = er_registry_each_status(rd->reg, INT64_MAX, add_loan, &l, err);
	if (st == 0 && lookups)
		er_decide_tables_set_loan_fetch(t, fetch, rd);
	if (st != 0 || !lookups) {
		er_registry_close(rd->reg);
		rd->reg = NULL;
	}
	if (st != 0) {
		free(rd);
		return st;
	}
	*out = rd;
	return 0;
}

void
er_registry_decide_close(er_registry_decide_reader *rd)
{
	if (!rd)
		return;
	er_registry_close(rd->reg);
	free(rd);
}

struct er_registry_decide_writer {
	er_registry *reg;
	const char *platform;
	int64_t import_id;
	uint64_t read, outcomes[4]; /* rows put, and by enum er_registry_outcome */
};

int
er_registry_decide_writer_open(er_registry_decide_writer **out, const char *where, er_registry_key *key,
                               const char *platform, char *err)
{
	*out = NULL;
	er_registry_decide_writer *w = calloc(1, sizeof *w);
	if (!w)
		return er_fail(err, ER_ENOMEM, "out of memory");
	w->platform = platform;
	int st = er_registry_open(&w->reg, where, 0, 5000, err);
	if (st != 0) {
		free(w);
		return st;
	}
	st = er_registry_check_schema(w->reg, err);
	/* a pseudonymised registry gets pseudonyms, never a raw id */
	if (st == 0)
		st = er_registry_use_key(w->reg, key, 1, err);
	if (st == 0)
		st = er_registry_begin(w->reg, err);
	if (st == 0 && (st = er_registry_import_start(w->reg, platform, &w->import_id, err)) != 0)
		er_registry_rollback(w->reg);
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
	int st = er_registry_put_status(w->reg, &row, w->import_id, &outcome, err);
	if (st == 0) {
		w->read++;
		if (outcome >= 0 && outcome < 4)
			w->outcomes[outcome]++;
	}
	return st;
}

int
er_registry_decide_writer_close(er_registry_decide_writer *w, int commit, char *err)
{
	if (!w)
		return 0;
	int st = 0;
	if (commit) {
		const uint64_t *n = w->outcomes;
		struct er_registry_import rec = {w->import_id,
		                                 "status",
		                                 w->platform,
		                                 "er-decide",
		                                 "",
		                                 "",
		                                 "",
		                                 1,
		                                 w->read,
		                                 n[ER_REGISTRY_INSERTED],
		                                 n[ER_REGISTRY_UPDATED],
		                                 n[ER_REGISTRY_UNCHANGED],
		                                 n[ER_REGISTRY_OLDER],
		                                 0};
		st = er_registry_import_finish(w->reg, &rec, err);
		if (st == 0)
			st = er_registry_commit(w->reg, err);
		else
			er_registry_rollback(w->reg);
	} else
		er_registry_rollback(w->reg);
	er_registry_close(w->reg);
	free(w);
	return st;
}
