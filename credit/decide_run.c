/* decide_run: side tables first, then applications streamed through the decision flow. */
#include "credit/decide_run.h"

#include <math.h>
#include <stdint.h>
#include <sys/stat.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "credit/decide.h"
#include "credit/decide_tables.h"
#include "lib/audit.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "lib/jsonl.h"
#include "lib/num.h"
#include "credit/profile.h"
#include "credit/registry_decide.h"
#include "lib/cli.h"
#include "lib/table.h"
#include "lib/progress.h"
#include "lib/writer.h"
#include "rules/alert_policy.h"

static const char *const out_cols[] = {"app_id",       "decision",        "priority",         "grade",
                                       "points",       "points_priority", "points_repayment", "points_trust",
                                       "credit_limit", "monthly_cap",     "reasons",          "policy_id"};

struct app_cols {
	long app_id, applicant, beneficiary, product, amount;
};

static int
load_tables(const struct er_decide_opts *o, er_decide_tables *t, unsigned long *errors, char *err)
{
	const struct er_reader_opts *ro = &o->io->in;
	int st;
	if (o->products && (st = er_decide_tables_load_products(o->diag, t, o->products, ro, errors, err)))
		return st;
	if ((st = er_decide_tables_load_profiles(o->diag, t, o->profiles, ro, o->mask_pii, errors, err)))
		return st;
	if (o->registry && (st = er_decide_tables_load_registry(o->diag, t, o->registry, ro, o->platform, errors, err)))
		return st;
	if (o->load_registry && (st = o->load_registry(o->load_registry_ctx, t, !o->products, o->platform, err)))
		return st;
	if (o->tiers && (st = er_decide_tables_load_tiers(o->diag, t, o->tiers, ro, errors, err)))
		return st;
	for (size_t i = 0; i < o->nchecks; i++)
		if ((st = er_decide_tables_load_checks(o->diag, t, o->checks[i], ro, errors, err)))
			return st;
	if (o->scores && (st = er_decide_tables_load_scores(o->diag, t, o->scores, ro, errors, err)))
		return st;
	if (o->identity && (st = er_decide_tables_load_identity(o->diag, t, o->identity, ro, errors, err)))
		return st;
	if (o->relations &&
	    (st = er_decide_tables_load_relations(o->diag, t, o->relations, ro, o->asof, o->policy->long_arrears_days,
	                                          errors, err)))
		return st;
	if (o->reviews && (st = er_decide_tables_load_reviews(o->diag, t, o->reviews, ro, errors, err)))
		return st;
	return 0;
}

/* With a registry looked up per subject: when the applications are files that can be read
 * twice, reads their applicants and beneficiaries first and fetches their records in the
 * registry's key order: neighbouring pages one after another instead of a random page per
 * applicant (SQLite's share of 100,000 look-ups in a 1,000,000-row registry halved). Anything
 * amiss with the files is left to the decisions' own read, which reports it. Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
static int
prefetch_loans(const struct er_decide_opts *o, er_decide_tables *t, char *err)
{
	struct stat sb;
	if (!er_decide_tables_fetches(t) || o->napps == 0)
		return 0;
	for (size_t k = 0; k < o->napps; k++)
		if (strcmp(o->apps[k], "-") == 0 || stat(o->apps[k], &sb) != 0 || !S_ISREG(sb.st_mode))
			return 0;
	er_reader *r;
	char rerr[ER_ERRLEN];
	if (er_reader_open(&r, o->apps, o->napps, &o->io->in, rerr) != 0)
		return 0;
	long cols[2] = {er_reader_col(r, "applicant_id"), er_reader_col(r, "beneficiary_id")};
	int got, st = 0;
	while (st == 0 && cols[0] >= 0 && (got = er_reader_next(r)) != 0 && got != ER_READ_FAIL) {
		for (int i = 0; st == 0 && got != ER_ROW_BAD && i < 2; i++) {
			size_t len;
			const char *id = cols[i] >= 0 ? er_table_field(r, cols[i], &len) : NULL;
			if (id && len > 0)
				st = er_decide_tables_want_loans(t, id, len);
		}
	}
	er_reader_close(r);
	if (st != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	char why[ER_ERRLEN];
	if ((st = er_decide_tables_fetch_wanted(t, why)) != 0)
		return er_fail(err, st, "%s", st == ER_ENOMEM ? "out of memory" : why);
	return 0;
}

/* One party's profile and registry records; 0, or -1 after reporting why (field FIELD), or
 * -1 with *STATUS ER_ENOMEM or ER_EIO (ERR set: the registry could not be read). */
static int
load_party(const struct er_diag *d, er_decide_tables *t, const er_reader *r, const char *field, const char *id,
           size_t len, int mask, struct er_decide_subject *s, struct er_decide_signals *sig,
           struct er_decide_loan **loans, size_t *n, int *status, char *err)
{
	char why[ER_ERRLEN], shown[256];
	er_profile_shown_id(id, len, mask, shown, sizeof shown);
	int got = er_decide_tables_subject(t, id, len, s, why);
	if (got == -1) {
		er_table_warn(d, r, field, "no profile for '%s'", shown);
		return -1;
	}
	if (got < 0) {
		er_table_warn(d, r, field, "unusable profile of '%s': %s", shown, why);
		return -1;
	}
	if (er_decide_tables_signals(t, id, len, sig, why) != 0) {
		er_table_warn(d, r, field, "unusable checks, scores or identity of '%s': %s", shown, why);
		return -1;
	}
	got = er_decide_tables_loans(t, id, len, loans, n, why);
	if (got == ER_ENOMEM || got == ER_EIO) {
		*status = er_fail(err, got, "%s", got == ER_ENOMEM ? "out of memory" : why);
		return -1;
	}
	if (got < 0) {
		er_table_warn(d, r, field, "unusable registry records of '%s': %s", shown, why);
		return -1;
	}
	return 0;
}

static int
write_result(er_writer *w, const char *app_id, const struct er_decide_result *res, const char *policy_id)
{
	char grade[2] = {er_grade_char(res->grade), '\0'};
	int rc = 0;
	rc |= er_writer_str(w, app_id);
	rc |= er_writer_str(w, er_decide_decision_name(res->decision));
	rc |= er_writer_str(w, er_decide_class_name(res->cls));
	rc |= er_writer_str(w, grade);
	rc |= er_writer_int(w, res->points);
	rc |= er_writer_int(w, res->points_priority);
	rc |= er_writer_int(w, res->points_repay);
	rc |= er_writer_int(w, res->points_trust);
	rc |= er_writer_double(w, res->credit_limit);
	rc |= er_writer_double(w, res->monthly_cap);
	rc |= er_writer_str(w, res->reasons);
	rc |= er_writer_str(w, policy_id);
	rc |= er_writer_end_row(w);
	return rc;
}

/* What er-decide remembers of a decided application beyond its result: the subject the
 * registry records, the product's standard and the monthly repayment asked. */
struct decided {
	int proxy;
	int min_grade;
	double monthly;               /* of the limit when accepted, else of the amount asked */
	unsigned missing;             /* 1 checks, 2 scores, 4 identity */
	struct er_decide_signals sig; /* the applicant's, for the audit line */
};

static unsigned
missing_bits(const struct er_decide_signals *s)
{
	return (s->checks == ER_SIGNAL_MISSING) | (s->scored == ER_SIGNAL_MISSING) << 1 |
		(s->identity == ER_SIGNAL_MISSING) << 2;
}

/* Adds member KEY with column C of the current row of R (nothing when there is no column C). */
static int
audit_field(struct er_buf *b, const er_reader *r, const char *key, long c)
{
	size_t len;
	const char *s = c >= 0 ? er_table_field(r, c, &len) : NULL;
	return s ? er_jsonl_str(b, key, s, len) : 0;
}

/* The audit line of the decision RES on the current row of R: the application, what decided
 * it and the rules, the deciding one first. Returns 0, or ER_EIO / ER_ENOMEM with ERR. */
static int
audit_decision(er_audit *a, const er_reader *r, const struct app_cols *c, const struct er_decide_result *res,
               const struct decided *dd, char *err)
{
	struct er_buf *b = er_audit_line(a);
	char grade[2] = {er_grade_char(res->grade), '\0'};
	const char *cls = er_decide_class_name(res->cls), *dec = er_decide_decision_name(res->decision);
	int bad = !b || audit_field(b, r, "id", c->app_id) || audit_field(b, r, "applicant_id", c->applicant) ||
		audit_field(b, r, "beneficiary_id", c->beneficiary) || er_jsonl_str(b, "decision", dec, strlen(dec)) ||
		er_jsonl_str(b, "grade", grade, strlen(grade)) || er_jsonl_open(b, "values", '{') ||
		audit_field(b, r, "product", c->product) || audit_field(b, r, "amount", c->amount) ||
		er_jsonl_str(b, "priority", cls, strlen(cls)) || er_jsonl_int(b, "points", res->points) ||
		er_jsonl_int(b, "points_priority", res->points_priority) ||
		er_jsonl_int(b, "points_repayment", res->points_repay) ||
		er_jsonl_int(b, "points_trust", res->points_trust) ||
		er_jsonl_num(b, "credit_limit", res->credit_limit) || er_jsonl_num(b, "monthly_cap", res->monthly_cap);
	/* the applicant's signals that were found (the beneficiary's show in the rules) */
	const struct er_decide_signals *g = &dd->sig;
	if (!bad && g->checks == ER_SIGNAL_FOUND)
		bad = er_jsonl_int(b, "check_fails", g->fails) || er_jsonl_int(b, "check_warns", g->warns);
	if (!bad && g->alerted == ER_SIGNAL_FOUND) {
		const char *lv = er_alert_level_name(g->alert_level);
		bad = er_jsonl_str(b, "alert_level", lv, strlen(lv));
	}
	if (!bad && g->scored == ER_SIGNAL_FOUND) {
		char mg[2] = {er_grade_char(g->model_grade), '\0'};
		bad = er_jsonl_str(b, "model_grade", mg, 1) || er_jsonl_num(b, "pd", g->pd);
	}
	if (!bad && dd->missing) {
		static const char *const side[] = {"checks", "scores", "identity"};
		bad = er_jsonl_open(b, "missing", '[');
		for (unsigned k = 0; !bad && k < 3; k++)
			if (dd->missing >> k & 1)
				bad = er_jsonl_str(b, NULL, side[k], strlen(side[k])) < 0;
		bad = bad || er_jsonl_close(b, ']');
	}
	bad = bad || er_jsonl_close(b, '}') || er_jsonl_open(b, "rules", '[');
	for (const char *p = res->reasons; !bad && *p;) {
		size_t n = strcspn(p, ";");
		bad = er_jsonl_str(b, NULL, p, n) < 0;
		p += n + (p[n] == ';');
	}
	if (bad || er_jsonl_close(b, ']'))
		return er_fail(err, ER_ENOMEM, "out of memory");
	return er_audit_commit(a, err);
}

/* Opens the audit log with what every line says: the inputs' checksums and the policy's id. */
static int
audit_open(const struct er_decide_opts *o, er_audit **a, const char *policy_id, char *err)
{
	const char *side[] = {o->profiles, o->products, o->registry, o->relations,
	                      o->reviews,  o->tiers,    o->scores,   o->identity};
	int st = er_audit_open(a, o->audit, "er-decide", err);
	for (size_t k = 0; !st && k < sizeof side / sizeof *side; k++)
		if (side[k])
			st = er_audit_input(*a, side[k], err);
	for (size_t k = 0; !st && k < o->nchecks; k++)
		st = er_audit_input(*a, o->checks[k], err);
	for (size_t k = 0; !st && k < o->napps; k++)
		st = er_audit_input(*a, o->apps[k], err);
	if (!st && o->napps == 0)
		st = er_audit_input(*a, "-", err);
	if (!st && o->load_registry)
		st = er_audit_id(*a, "registry_db", o->load_registry_name, err);
	if (!st && o->platform)
		st = er_audit_id(*a, "platform", o->platform, err);
	if (!st)
		st = er_audit_id(*a, "policy_id", policy_id, err);
	return st;
}

/* Decides the current application. Returns 1 decided (*RES set), 0 an error reported,
 * or ER_ENOMEM / ER_EIO with ERR. */
static int
decide_one(const struct er_decide_opts *o, er_decide_tables *t, const er_reader *r, const struct app_cols *c,
           struct er_decide_result *res, struct decided *dd, char *err)
{
	size_t idl, al, bl, pl, ml;
	const char *app_id = er_table_field(r, c->app_id, &idl);
	const char *a = er_table_field(r, c->applicant, &al);
	const char *b = er_table_field(r, c->beneficiary, &bl);
	const char *pname = er_table_field(r, c->product, &pl);
	const char *amount_text = er_table_field(r, c->amount, &ml);
	er_table_num_field(r, c->amount, &ml); /* NA, NULL, ...: the empty field */
	if (idl == 0) {
		er_table_warn(o->diag, r, "app_id", "empty app_id");
		return 0;
	}
	if (al == 0) {
		er_table_warn(o->diag, r, "applicant_id", "empty applicant_id");
		return 0;
	}
	struct er_decide_product product;
	char why[ER_ERRLEN];
	int got = er_decide_tables_product(t, pname, pl, &product, why);
	if (got == -1) {
		er_table_warn(o->diag, r, "product", "unknown product '%s'", pname);
		return 0;
	}
	if (got < 0) {
		er_table_warn(o->diag, r, "product", "unusable product '%s': %s", pname, why);
		return 0;
	}
	double amount;
	int nr = er_num_parse(amount_text, ml, &amount);
	if (nr != ER_NUM_OK || !(amount > 0)) {
		er_table_warn(o->diag, r, "amount", "bad amount '%s': %s", amount_text,
		              nr != ER_NUM_OK ? er_num_strerror(nr) : "not above 0");
		return 0;
	}
	int proxy = bl > 0 && !(bl == al && memcmp(a, b, al) == 0);
	struct er_decide_subject sa, sb;
	struct er_decide_signals ga, gb;
	struct er_decide_loan *la = NULL, *lb = NULL;
	size_t na = 0, nb = 0;
	int status = 0, ok = 0, arrears = ER_ARREARS_NONE;
	if (load_party(o->diag, t, r, "applicant_id", a, al, o->mask_pii, &sa, &ga, &la, &na, &status, err) == 0 &&
	    (!proxy ||
	     load_party(o->diag, t, r, "beneficiary_id", b, bl, o->mask_pii, &sb, &gb, &lb, &nb, &status, err) == 0)) {
		int review = er_decide_tables_review(t, app_id, idl);
		struct er_decide_party pa = {&sa, la, na, &ga};
		dd->proxy = proxy;
		dd->min_grade = product.min_grade;
		dd->missing = missing_bits(&ga) | (proxy ? missing_bits(&gb) : 0);
		dd->sig = ga;
		if (!proxy) {
			er_decide_single(o->policy, &product, amount, &pa, review, res);
		} else {
			struct er_decide_party pb = {&sb, lb, nb, &gb};
			arrears = er_decide_tables_arrears(t, a, al, b, bl, why);
			er_decide_proxy(o->policy, &product, amount, &pa, &pb, arrears, review, res);
		}
		if (res->decision == ER_DECISION_ERROR)
			er_table_warn(o->diag, r, "beneficiary_id",
			              "unusable loan records between applicant and "
			              "beneficiary: %s",
			              why);
		else
			ok = 1;
		double asked = res->decision == ER_DECISION_ACCEPT ? res->credit_limit : amount;
		/* to the cent, as the registry's other repayments are written */
		dd->monthly =
			round(er_decide_monthly_payment(asked, product.annual_rate, product.term_months) * 100) / 100;
	}
	free(la);
	free(lb);
	return status ? status : ok;
}

int
er_decide_run(const struct er_decide_opts *o, struct er_decide_counts *counts, char *err)
{
	er_decide_tables *t = er_decide_tables_new();
	if (!t)
		return er_fail(err, ER_ENOMEM, "out of memory");
	char policy_id[ER_HASH_HEXLEN];
	er_audit *audit = NULL;
	int st = er_policy_id(o->policy, policy_id, err);
	if (!st && o->audit)
		st = audit_open(o, &audit, policy_id, err);
	if (!st)
		st = load_tables(o, t, &counts->table_errors, err);
	if (!st)
		st = prefetch_loans(o, t, err);
	er_reader *r = NULL;
	er_writer *w = NULL;
	if (st == 0) {
		/* its status as is: ER_EDATA for a bad header or files that do not go together */
		st = er_reader_open(&r, o->apps, o->napps, &o->io->in, err);
	}
	struct app_cols c = {-1, -1, -1, -1, -1};
	if (st == 0 && er_reader_ncols(r) > 0) {
		if ((c.app_id = er_reader_require(r, "app_id", err)) < 0 ||
		    (c.applicant = er_reader_require(r, "applicant_id", err)) < 0 ||
		    (c.product = er_reader_require(r, "product", err)) < 0 ||
		    (c.amount = er_reader_require(r, "amount", err)) < 0)
			st = ER_EIO;
		c.beneficiary = er_reader_col(r, "beneficiary_id");
	}
	if (st == 0) {
		er_cli_io_follow(o->io, r);
		w = er_writer_open(STDOUT_FILENO, "stdout", &o->io->out);
		if (!w)
			st = er_fail(err, ER_ENOMEM, "out of memory");
		else if (er_writer_row(w, out_cols, sizeof out_cols / sizeof out_cols[0]) != 0)
			st = er_fail(err, ER_EIO, "%s", er_writer_error(w));
	}
	er_registry_decide_writer *reg = NULL;
	if (st == 0 && o->write_registry)
		st = er_registry_decide_writer_open(&reg, o->write_registry, o->id_key, o->platform, err);
	struct er_progress prog;
	er_progress_start(&prog, o->io->progress, r ? er_reader_size(r) : -1);
	while (st == 0) {
		int got = er_reader_next(r);
		if (got == 0)
			break;
		if (got == ER_READ_FAIL) {
			st = er_fail(err, er_reader_fail_status(r), "%s", er_reader_error(r));
			break;
		}
		counts->apps++;
		if (got == ER_ROW_BAD) {
			er_table_warn(o->diag, r, NULL, "malformed row: %s", er_reader_error(r));
			counts->errors++;
			continue;
		}
		struct er_decide_result res;
		struct decided dd = {0};
		int d = decide_one(o, t, r, &c, &res, &dd, err);
		if (d == ER_ENOMEM || d == ER_EIO) {
			st = d;
			break;
		}
		if (d == 0) {
			counts->errors++;
			continue;
		}
		if (res.decision == ER_DECISION_ACCEPT)
			counts->accept++;
		else if (res.decision == ER_DECISION_MANUAL)
			counts->manual++;
		else
			counts->reject++;
		counts->missing_checks += dd.missing & 1;
		counts->missing_scores += dd.missing >> 1 & 1;
		counts->missing_identity += dd.missing >> 2 & 1;
		if (reg && res.decision != ER_DECISION_REJECT) {
			/* a proxy's loan is the beneficiary's: the registry tracks who repays */
			size_t col = (size_t)(dd.proxy ? c.beneficiary : c.applicant);
			if ((st = er_registry_decide_writer_put(reg, er_reader_field(r, col), dd.min_grade, dd.monthly,
			                                        (int64_t)o->asof * 86400, err)) != 0)
				break;
			counts->registry_written++;
		}
		if (write_result(w, er_reader_field(r, (size_t)c.app_id), &res, policy_id) != 0) {
			st = er_fail(err, ER_EIO, "%s", er_writer_error(w));
			break;
		}
		if (audit && (st = audit_decision(audit, r, &c, &res, &dd, err)))
			break;
		er_progress_rows(&prog, r);
	}
	er_progress_end(&prog);
	if (st == 0 && o->reviews)
		er_decide_tables_report_unused_reviews(o->diag, t);
	if (w && er_writer_flush(w) != 0 && st == 0)
		st = er_fail(err, ER_EIO, "%s", er_writer_error(w));
	/* the registry learns of the decisions only when all of them were written */
	if (reg) {
		char rerr[ER_ERRLEN];
		int rs = er_registry_decide_writer_close(reg, st == 0, rerr);
		if (rs != 0 && st == 0)
			st = er_fail(err, rs, "%s", rerr);
	}
	if (er_writer_close(w) != 0 && st == 0)
		st = er_fail(err, ER_EIO, "write error 'stdout'");
	char aerr[ER_ERRLEN];
	int as = er_audit_close(audit, st ? aerr : err);
	if (!st)
		st = as;
	er_reader_close(r);
	er_decide_tables_free(t);
	return st;
}
