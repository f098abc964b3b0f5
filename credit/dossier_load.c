/* dossier_load: gathers one enterprise's tables for er-dossier. The side tables are small and
 * read whole; the readings, the big one, go through er_dossier_scan. */
#include "credit/dossier.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/sort.h"
#include "lib/strmap.h"
#include "lib/table.h"
#include "lib/vec.h"
#include "data/ident.h"
#include "data/latefee.h"
#include "features/feat_info.h"

/* A canonical table read whole: rows of texts in the schema's field order ("" when absent). */
struct rows {
	char ***row;
	size_t n, cap, nf;
};

static void
rows_free(struct rows *t)
{
	for (size_t i = 0; i < t->n; i++) {
		for (size_t j = 0; j < t->nf; j++)
			free(t->row[i][j]);
		free(t->row[i]);
	}
	free(t->row);
	memset(t, 0, sizeof *t);
}

static char **
row_dup(char **r, size_t nf)
{
	char **c = calloc(nf, sizeof *c);
	if (!c)
		return NULL;
	for (size_t j = 0; j < nf; j++)
		if (!(c[j] = strdup(r[j]))) {
			while (j--)
				free(c[j]);
			free(c);
			return NULL;
		}
	return c;
}

/* Reads canonical table PATH of KIND, keeping the rows whose field KEY is in KEEP (NULL: all).
 * Rows the reader rejects go to DIAG. */
static int
rows_load(const struct er_dossier_opts *o, enum er_kind kind, long key, const er_strmap *keep, struct rows *t,
          char *err)
{
	const struct er_schema *s = er_schema_get(kind);
	er_reader *r;
	long col[ER_SCHEMA_MAXFIELDS];
	int st = er_reader_open1(&r, o->tables[kind], &o->in, err);
	if (st)
		return st;
	if (er_schema_bind(s, r, ~0u, col, err) != 0) {
		er_reader_close(r);
		return ER_EDATA;
	}
	t->nf = s->nfields;
	unsigned long errors = 0;
	int got;
	while ((got = er_table_next(o->diag, r, "malformed row: ", &errors, err)) == 1) {
		if (keep) {
			size_t len;
			const char *k = er_table_field(r, col[key], &len);
			if (er_strmap_find(keep, k, len) < 0)
				continue;
		}
		if (er_grow(&t->row, &t->cap, t->n + 1, sizeof *t->row) != 0)
			return er_table_done(r, 0, er_fail(err, ER_ENOMEM, "out of memory"));
		char **row = calloc(t->nf, sizeof *row);
		if (!row)
			return er_table_done(r, 0, er_fail(err, ER_ENOMEM, "out of memory"));
		t->row[t->n++] = row;
		for (size_t j = 0; j < t->nf; j++) {
			size_t len;
			const char *v = er_table_field(r, col[j], &len);
			if (!(row[j] = strndup(v, len)))
				return er_table_done(r, 0, er_fail(err, ER_ENOMEM, "out of memory"));
		}
	}
	return er_table_done(r, got, got == ER_READ_FAIL ? ER_EIO : 0);
}

static er_day
day_of(const char *s)
{
	er_day d;
	if (!*s || er_date_parse(s, strlen(s), NULL, &d, NULL) != ER_DATE_OK)
		return ER_NO_DAY;
	return d;
}

static double
num_of(const char *s)
{
	double v;
	return *s && er_num_parse(s, strlen(s), &v) == 0 ? v : NAN;
}

/* The quartiles of sorted V[0..N-1], interpolated between order statistics. */
static double
quantile(const double *v, size_t n, double q)
{
	double at = q * (double)(n - 1);
	size_t i = (size_t)at;
	return i + 1 < n ? v[i] + (at - (double)i) * (v[i + 1] - v[i]) : v[n - 1];
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* The row of LOANS (the loans table) of the applicant ID names: by its credit code (its
 * latest application), else, with BY_APP_ID, by an application's app_id (*BY_APP set).
 * *APPLIED gets the application's date (ER_NO_DAY without one). Returns the row, or -1. */
static long
applicant_row(const struct rows *loans, const char *id, int by_app_id, er_day *applied, int *by_app)
{
	long pick = -1;
	*by_app = 0;
	*applied = ER_NO_DAY;
	for (size_t i = 0; i < loans->n; i++) {
		char **l = loans->row[i];
		er_day day = day_of(l[ER_LOANS_APPLY_DATE]);
		if (*l[ER_LOANS_USCC] && strcmp(l[ER_LOANS_USCC], id) == 0 &&
		    (pick < 0 || (day != ER_NO_DAY && (*applied == ER_NO_DAY || day > *applied)))) {
			pick = (long)i;
			*applied = day;
		}
	}
	/* an application's id only when no applicant has it as its code; one without a code
	 * names nobody (er-features rejects it) */
	for (size_t i = 0; i < loans->n && by_app_id && pick < 0; i++) {
		char **l = loans->row[i];
		if (*l[ER_LOANS_USCC] && strcmp(l[ER_LOANS_APP_ID], id) == 0) {
			pick = (long)i;
			*applied = day_of(l[ER_LOANS_APPLY_DATE]);
			*by_app = 1;
		}
	}
	return pick;
}

/* The enterprise's accounts from the accounts table, the peers of its industry (one per
 * enterprise: the code, or the account without one) and the others sharing a detail. An ID
 * no account has is looked up among the loan applicants (by code or app_id; *APPLIED: its
 * application's date, as applicant_row gives it). A loan applicant's enterprise holds the
 * accounts carrying its code and those carrying only its embedded organization code (as
 * er-features joins them): none at all for an applicant without an account. */
static int
find_accounts(const struct er_dossier_opts *o, struct er_dossier *d, struct rows *all, er_strmap *mine,
              er_strmap *peers, er_strmap *peer_ent, er_day *applied, char *err)
{
	struct rows loans = {0};
	int st = rows_load(o, ER_KIND_ACCOUNTS, 0, NULL, all, err);
	if (!st && o->tables[ER_KIND_LOANS])
		st = rows_load(o, ER_KIND_LOANS, 0, NULL, &loans, err);
	if (st)
		goto done;
	const char *uscc = NULL;
	for (size_t i = 0; i < all->n && !uscc; i++)
		if ((*all->row[i][ER_ACCOUNTS_USCC] && strcmp(all->row[i][ER_ACCOUNTS_USCC], o->id) == 0) ||
		    strcmp(all->row[i][ER_ACCOUNTS_ACCOUNT_ID], o->id) == 0)
			uscc = all->row[i][ER_ACCOUNTS_USCC];
	if (uscc && strcmp(uscc, o->id) != 0)
		d->asked_as = "account";
	int by_app = 0;
	long pick = !uscc || *uscc ? applicant_row(&loans, uscc ? uscc : o->id, !uscc, applied, &by_app) : -1;
	if (!uscc && pick >= 0) {
		uscc = loans.row[pick][ER_LOANS_USCC];
		if (by_app)
			d->asked_as = "loan application";
	}
	/* a legacy organization code: the enterprise of the applicant whose code embeds it */
	for (size_t i = 0; i < loans.n && uscc && *uscc && pick < 0; i++)
		if (er_feat_orgcode_matches(uscc, loans.row[i][ER_LOANS_USCC])) {
			if (strcmp(uscc, o->id) == 0)
				d->asked_as = "organization code";
			uscc = loans.row[i][ER_LOANS_USCC];
			pick = applicant_row(&loans, uscc, 0, applied, &by_app);
		}
	if (!uscc) {
		st = o->tables[ER_KIND_LOANS]
			? er_fail(err, ER_EDATA,
		                  "unknown id '%s': neither an account id nor a credit code (files %s, %s)", o->id,
		                  o->tables[ER_KIND_ACCOUNTS], o->tables[ER_KIND_LOANS])
			: er_fail(err, ER_EDATA, "unknown id '%s': neither an account id nor a credit code (file %s)",
		                  o->id, o->tables[ER_KIND_ACCOUNTS]);
		goto done;
	}
	if (!(d->uscc = strdup(uscc))) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	uscc = d->uscc;
	for (size_t i = 0; i < all->n && !st; i++) {
		char **a = all->row[i];
		int me = *uscc ? strcmp(a[ER_ACCOUNTS_USCC], uscc) == 0 : strcmp(a[ER_ACCOUNTS_ACCOUNT_ID], o->id) == 0;
		if (!me && pick >= 0)
			me = er_feat_orgcode_matches(a[ER_ACCOUNTS_USCC], uscc);
		if (!me)
			continue;
		int added;
		if (er_strmap_intern(mine, a[ER_ACCOUNTS_ACCOUNT_ID], strlen(a[ER_ACCOUNTS_ACCOUNT_ID]), &added) < 0) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			break;
		}
		if (!added)
			continue;
		if (er_grow(&d->acc, &(size_t){d->nacc}, d->nacc + 1, sizeof *d->acc) != 0 ||
		    !(d->acc[d->nacc] = row_dup(a, all->nf))) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			break;
		}
		d->nacc++;
	}
done:
	rows_free(&loans);
	if (st)
		return st;
	/* an applicant without an account is named by its application, once it is chosen */
	if (!(d->name = strdup(d->nacc ? d->acc[0][ER_ACCOUNTS_NAME] : "")))
		return er_fail(err, ER_ENOMEM, "out of memory");
	const char *ind = d->nacc ? d->acc[0][ER_ACCOUNTS_INDUSTRY] : "";
	if (*ind && !(d->industry = strdup(ind)))
		return er_fail(err, ER_ENOMEM, "out of memory");
	for (size_t i = 0; i < all->n && d->industry; i++) {
		char **a = all->row[i];
		if (strcmp(a[ER_ACCOUNTS_INDUSTRY], d->industry) != 0)
			continue;
		const char *ent = *a[ER_ACCOUNTS_USCC] ? a[ER_ACCOUNTS_USCC] : a[ER_ACCOUNTS_ACCOUNT_ID];
		long p = er_strmap_intern(peer_ent, ent, strlen(ent), NULL);
		if (p < 0 ||
		    er_strmap_intern(peers, a[ER_ACCOUNTS_ACCOUNT_ID], strlen(a[ER_ACCOUNTS_ACCOUNT_ID]), NULL) < 0)
			return er_fail(err, ER_ENOMEM, "out of memory");
	}
	return 0;
}

static char *
norm(int field, const char *s)
{
	size_t n = strlen(s);
	return field == ER_ACCOUNTS_PHONE      ? er_feat_norm_phone(s, n)
		: field == ER_ACCOUNTS_ADDRESS ? er_feat_norm_address(s, n)
		: field == ER_ACCOUNTS_NAME    ? er_feat_norm_name(s, n)
					       : er_feat_norm_plain(s, n);
}

/* Other enterprises whose phone, address or legal representative (by ID number when the
 * row has one) is one of this enterprise's: of its accounts ACC[0..NACC-1] (rows of the
 * accounts table's fields). */
static int
find_links(struct er_dossier *d, char **const *acc, size_t nacc, const struct rows *all, const er_strmap *mine,
           char *err)
{
	static const int fields[] = {ER_ACCOUNTS_PHONE, ER_ACCOUNTS_ADDRESS, ER_ACCOUNTS_LEGAL_REP_ID,
	                             ER_ACCOUNTS_LEGAL_REP};
	static const char *const via[] = {"phone", "address", "legal representative", "legal representative"};
	size_t cap = 0;
	for (size_t f = 0; f < 4; f++) {
		for (size_t k = 0; k < nacc; k++) {
			if (!*acc[k][fields[f]])
				continue;
			char *mv = norm(fields[f], acc[k][fields[f]]);
			if (!mv)
				return er_fail(err, ER_ENOMEM, "out of memory");
			for (size_t i = 0; i < all->n && *mv; i++) {
				char **a = all->row[i];
				const char *aid = a[ER_ACCOUNTS_ACCOUNT_ID];
				/* by name only where neither row has the representative's ID number */
				if (fields[f] == ER_ACCOUNTS_LEGAL_REP &&
				    (*a[ER_ACCOUNTS_LEGAL_REP_ID] || *acc[k][ER_ACCOUNTS_LEGAL_REP_ID]))
					continue;
				if (er_strmap_find(mine, aid, strlen(aid)) >= 0 || !*a[fields[f]])
					continue;
				char *v = norm(fields[f], a[fields[f]]);
				if (!v) {
					free(mv);
					return er_fail(err, ER_ENOMEM, "out of memory");
				}
				int same = strcmp(v, mv) == 0;
				free(v);
				for (size_t j = 0; j < d->nlinks && same; j++)
					same = !(strcmp(d->links[j].via, via[f]) == 0 &&
					         strcmp(d->links[j].account, aid) == 0);
				if (!same)
					continue; /* not the same, or listed already (through another account) */
				if (er_grow(&d->links, &cap, d->nlinks + 1, sizeof *d->links) != 0) {
					free(mv);
					return er_fail(err, ER_ENOMEM, "out of memory");
				}
				struct er_dossier_link *l = &d->links[d->nlinks++];
				l->via = via[f];
				l->uscc = strdup(a[ER_ACCOUNTS_USCC]);
				l->name = strdup(a[ER_ACCOUNTS_NAME]);
				l->account = strdup(aid);
				if (!l->uscc || !l->name || !l->account) {
					free(mv);
					return er_fail(err, ER_ENOMEM, "out of memory");
				}
			}
			free(mv);
		}
	}
	return 0;
}

/* An applicant without an account: its name, and the enterprises sharing a detail with it,
 * from its application (which has no representative's ID number: by name). */
static int
applicant_details(struct er_dossier *d, const struct rows *all, const er_strmap *mine, char *err)
{
	static char none[] = "";
	char *row[ER_ACCOUNTS_STATUS + 1];
	for (int j = 0; j <= ER_ACCOUNTS_STATUS; j++)
		row[j] = none;
	row[ER_ACCOUNTS_LEGAL_REP] = d->loan[ER_LOANS_LEGAL_REP];
	row[ER_ACCOUNTS_PHONE] = d->loan[ER_LOANS_PHONE];
	row[ER_ACCOUNTS_ADDRESS] = d->loan[ER_LOANS_ADDRESS];
	char **acc[] = {row};
	free(d->name);
	if (!(d->name = strdup(d->loan[ER_LOANS_NAME])))
		return er_fail(err, ER_ENOMEM, "out of memory");
	return find_links(d, acc, 1, all, mine, err);
}

static int
add_check(struct er_dossier *d, const char *what, const char *acc, const char *loan, const char *result)
{
	struct er_dossier_check *c = &d->checks[d->nchecks++];
	c->what = what;
	c->account = strdup(acc);
	c->loan = loan ? strdup(loan) : NULL;
	c->result = strdup(result);
	return !c->account || (loan && !c->loan) || !c->result ? -1 : 0;
}

/* The identity comparisons: the code's check character, and each detail of the loan
 * application against the accounts' (normalized as er-features' info module does). An
 * applicant the accounts carry only by its organization code, or not at all, is told so in
 * the words of info.uscc_match (0.5, 0). */
static int
identity_checks(struct er_dossier *d, char *err)
{
	char **a = d->nacc ? d->acc[0] : NULL, **l = d->loan;
	/* the code an account carries: the enterprise's, else an organization code's account */
	const char *code = a ? a[ER_ACCOUNTS_USCC] : "";
	for (size_t k = 0; k < d->nacc; k++)
		if (strcmp(d->acc[k][ER_ACCOUNTS_USCC], d->uscc) == 0)
			code = d->uscc;
	char res[128];
	snprintf(res, sizeof res, "%s%s",
	         !*d->uscc                                              ? "no code"
	                 : er_ident_uscc(d->uscc, strlen(d->uscc)) == 0 ? "valid"
	                                                                : "check character wrong",
	         !a                                   ? "; no account carries it (info.uscc_match 0)"
	                 : strcmp(code, d->uscc) != 0 ? "; the accounts carry only its organization code "
	                                                "(info.uscc_match 0.5)"
	                                              : "");
	if (add_check(d, "credit code", code, l ? l[ER_LOANS_USCC] : NULL, res) != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	static const struct {
		const char *what;
		int acc, loan;
	} cmp[] = {{"name", ER_ACCOUNTS_NAME, ER_LOANS_NAME},
	           {"legal representative", ER_ACCOUNTS_LEGAL_REP, ER_LOANS_LEGAL_REP},
	           {"phone", ER_ACCOUNTS_PHONE, ER_LOANS_PHONE},
	           {"address", ER_ACCOUNTS_ADDRESS, ER_LOANS_ADDRESS}};
	for (size_t i = 0; i < sizeof cmp / sizeof cmp[0]; i++) {
		const char *av = a ? a[cmp[i].acc] : "", *lv = l ? l[cmp[i].loan] : NULL;
		if (!lv)
			snprintf(res, sizeof res, "no loan application");
		else if (!a)
			snprintf(res, sizeof res, "no account to compare");
		else if (!*av || !*lv)
			snprintf(res, sizeof res, "cannot compare (missing)");
		else {
			char *x = norm(cmp[i].acc, av), *y = norm(cmp[i].acc, lv);
			if (!x || !y) {
				free(x);
				free(y);
				return er_fail(err, ER_ENOMEM, "out of memory");
			}
			int same = strcmp(x, y) == 0;
			double sim = same ? 1 : er_feat_similarity(x, y);
			free(x);
			free(y);
			if (isnan(sim)) /* two texts that are not empty: it ran out of memory */
				return er_fail(err, ER_ENOMEM, "out of memory");
			if (same)
				snprintf(res, sizeof res, "match");
			else
				snprintf(res, sizeof res, "differs (similarity %.2f)", sim);
		}
		if (add_check(d, cmp[i].what, av, lv, res) != 0)
			return er_fail(err, ER_ENOMEM, "out of memory");
	}
	return 0;
}

/* The bills of the enterprise's accounts up to the as-of month: paid by asof or not, days
 * late, and each account's running arrears. */
static int
load_bills(const struct er_dossier_opts *o, struct er_dossier *d, const er_strmap *mine, char *err)
{
	struct rows t = {0};
	int st = rows_load(o, ER_KIND_BILLS, ER_BILLS_ACCOUNT_ID, mine, &t, err);
	size_t cap = 0;
	for (size_t i = 0; i < t.n && !st; i++) {
		char **b = t.row[i];
		er_day due = day_of(b[ER_BILLS_DUE_DATE]), paid = day_of(b[ER_BILLS_PAID_DATE]);
		int pm;
		er_day pday;
		if (er_date_parse(b[ER_BILLS_PERIOD], strlen(b[ER_BILLS_PERIOD]), NULL, &pday, NULL) != ER_DATE_OK)
			continue; /* er-ingest checked it: only a hand-made file gets here */
		pm = er_date_month_index(pday);
		if (pm > d->last_month)
			continue;
		if (er_grow(&d->bills, &cap, d->nbills + 1, sizeof *d->bills) != 0) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			break;
		}
		struct er_dossier_bill *x = &d->bills[d->nbills++];
		x->acct = (size_t)er_strmap_find(mine, b[ER_BILLS_ACCOUNT_ID], strlen(b[ER_BILLS_ACCOUNT_ID]));
		x->month = pm;
		x->amount = num_of(b[ER_BILLS_AMOUNT]);
		x->late_fee = er_late_fee_at(num_of(b[ER_BILLS_LATE_FEE]), x->amount, due, paid, d->asof);
		int paid_by_asof = paid != ER_NO_DAY && paid <= d->asof;
		x->paid = paid_by_asof ? num_of(b[ER_BILLS_PAID_AMOUNT]) : 0;
		if (paid_by_asof && isnan(x->paid))
			x->paid = x->amount; /* a paid date without an amount: paid in full */
		x->unpaid = !paid_by_asof;
		er_day until = paid_by_asof ? paid : d->asof;
		x->days_late = due != ER_NO_DAY && until > due ? (long)(until - due) : 0;
	}
	rows_free(&t);
	if (st)
		return st;
	/* by account, then month: the arrears run per account */
	for (size_t i = 1; i < d->nbills; i++) {
		struct er_dossier_bill x = d->bills[i];
		size_t j = i;
		for (; j > 0 &&
		     (d->bills[j - 1].acct > x.acct ||
		      (d->bills[j - 1].acct == x.acct && d->bills[j - 1].month > x.month));
		     j--)
			d->bills[j] = d->bills[j - 1];
		d->bills[j] = x;
	}
	double run = 0;
	for (size_t i = 0; i < d->nbills; i++) {
		if (i == 0 || d->bills[i].acct != d->bills[i - 1].acct)
			run = 0;
		double owed = (isnan(d->bills[i].amount) ? 0 : d->bills[i].amount) -
			(isnan(d->bills[i].paid) ? 0 : d->bills[i].paid);
		run += owed;
		d->bills[i].arrears = run > 0.005 ? run : 0;
	}
	return 0;
}

static int
add_event(struct er_dossier *d, size_t *cap, er_day day, size_t acct, const char *source, const char *type,
          char *detail)
{
	if (!detail || er_grow(&d->timeline, cap, d->ntimeline + 1, sizeof *d->timeline) != 0) {
		free(detail);
		return -1;
	}
	struct er_dossier_event *e = &d->timeline[d->ntimeline];
	e->date = day;
	e->acct = acct;
	e->source = source;
	e->detail = detail;
	if (!(e->type = strdup(type)))
		return -1;
	d->ntimeline++;
	return 0;
}

static int
cmp_event(const void *a, const void *b)
{
	const struct er_dossier_event *x = a, *y = b;
	return (x->date > y->date) - (x->date < y->date);
}

static char *
joined(const char *const *label, char **f, const int *field, size_t n)
{
	size_t len = 1;
	for (size_t i = 0; i < n; i++)
		if (*f[field[i]])
			len += strlen(label[i]) + strlen(f[field[i]]) + 3;
	char *s = malloc(len), *p = s;
	if (!s)
		return NULL;
	*p = 0;
	for (size_t i = 0; i < n; i++)
		if (*f[field[i]])
			p += sprintf(p, "%s%s %s", p == s ? "" : ", ", label[i], f[field[i]]);
	return s;
}

/* Replaces the malloc'd text *S by a copy of V. Returns 0, or -1 out of memory (*S kept). */
static int
set_text(char **s, const char *v)
{
	char *c = strdup(v);
	if (!c)
		return -1;
	free(*s);
	*s = c;
	return 0;
}

/* An account's dated state as its events tell it: the status after the last status event up
 * to asof, whether one comes later, and the capacity before the first change after asof. */
struct at_asof {
	er_day status_day, later_status, later_cap;
	const char *status; /* "normal", "suspended" or "closed" (static), NULL: no event by asof */
	const char *cap;    /* cap_before of the first capacity change after asof (the row's) */
};

static void
note_event(struct at_asof *a, er_day day, er_day asof, char **r)
{
	static const char *const to[][2] = {
		{"open", "normal"}, {"resume", "normal"}, {"suspend", "suspended"}, {"close", "closed"}};
	const char *type = r[ER_EVENTS_TYPE];
	for (size_t i = 0; i < sizeof to / sizeof to[0]; i++) {
		if (strcmp(type, to[i][0]) != 0)
			continue;
		if (day <= asof && (!a->status_day || day >= a->status_day)) {
			a->status_day = day;
			a->status = to[i][1];
		} else if (day > asof)
			a->later_status = day;
	}
	if (day > asof && *r[ER_EVENTS_CAP_BEFORE] && (!a->later_cap || day < a->later_cap)) {
		a->later_cap = day;
		a->cap = r[ER_EVENTS_CAP_BEFORE];
	}
}

/* The account's status and contract capacity as of asof where its events tell them: the
 * accounts table holds today's, and an account closed (or a capacity changed) after asof
 * was not so at asof; without a later event the table's stands. Returns 0, or -1 out of
 * memory. */
static int
account_at_asof(const struct at_asof *a, char **acc, er_day asof)
{
	er_day opened = day_of(acc[ER_ACCOUNTS_OPEN_DATE]);
	/* without a status event after asof the table's status is still asof's */
	const char *status = opened != ER_NO_DAY && opened > asof ? "not open yet"
		: !a->later_status                                ? NULL
		: a->status                                       ? a->status
								  : "normal";
	if (status && strcmp(acc[ER_ACCOUNTS_STATUS], status) != 0 && set_text(&acc[ER_ACCOUNTS_STATUS], status) != 0)
		return -1;
	if (a->cap && set_text(&acc[ER_ACCOUNTS_CONTRACT_KVA], a->cap) != 0)
		return -1;
	return 0;
}

/* Inspections and account events up to asof, on one timeline; a case closed after asof is
 * open on it, an end after asof is left out, and the accounts' status and capacity are set
 * back to asof's by their events. */
static int
load_timeline(const struct er_dossier_opts *o, struct er_dossier *d, const er_strmap *mine, char *err)
{
	size_t cap = 0;
	int st = 0;
	if (o->tables[ER_KIND_INSPECTIONS]) {
		struct rows t = {0};
		st = rows_load(o, ER_KIND_INSPECTIONS, ER_INSPECTIONS_ACCOUNT_ID, mine, &t, err);
		static const char *const lab[] = {"case", "back kWh", "back amount", "penalty", "status", "closed"};
		static const int fld[] = {ER_INSPECTIONS_CASE_ID, ER_INSPECTIONS_BACK_KWH, ER_INSPECTIONS_BACK_AMOUNT,
		                          ER_INSPECTIONS_PENALTY, ER_INSPECTIONS_STATUS,   ER_INSPECTIONS_CLOSE_DATE};
		for (size_t i = 0; i < t.n && !st; i++) {
			char **r = t.row[i];
			er_day day = day_of(r[ER_INSPECTIONS_DATE]);
			if (day == ER_NO_DAY || day > d->asof)
				continue;
			size_t acct = (size_t)er_strmap_find(mine, r[0], strlen(r[0]));
			er_day closed = day_of(r[ER_INSPECTIONS_CLOSE_DATE]);
			if (closed != ER_NO_DAY && closed > d->asof &&
			    !(st = set_text(&r[ER_INSPECTIONS_STATUS], "open"))) {
				/* closed after asof: at asof the case was open, and its closing unknown */
				r[ER_INSPECTIONS_CLOSE_DATE][0] = 0;
			}
			if (st) {
				st = er_fail(err, ER_ENOMEM, "out of memory");
				break;
			}
			if (add_event(d, &cap, day, acct, "inspection", r[ER_INSPECTIONS_FINDING],
			              joined(lab, r, fld, 6)) != 0)
				st = er_fail(err, ER_ENOMEM, "out of memory");
		}
		rows_free(&t);
	}
	if (!st && o->tables[ER_KIND_EVENTS]) {
		struct rows t = {0};
		st = rows_load(o, ER_KIND_EVENTS, ER_EVENTS_ACCOUNT_ID, mine, &t, err);
		static const char *const lab[] = {"id", "capacity before", "capacity after", "until"};
		static const int fld[] = {ER_EVENTS_EVENT_ID, ER_EVENTS_CAP_BEFORE, ER_EVENTS_CAP_AFTER,
		                          ER_EVENTS_END_DATE};
		struct at_asof *at = calloc(d->nacc ? d->nacc : 1, sizeof *at);
		if (!at)
			st = er_fail(err, ER_ENOMEM, "out of memory");
		for (size_t i = 0; i < t.n && !st; i++) {
			char **r = t.row[i];
			er_day day = day_of(r[ER_EVENTS_DATE]);
			size_t acct = (size_t)er_strmap_find(mine, r[0], strlen(r[0]));
			if (day != ER_NO_DAY)
				note_event(&at[acct], day, d->asof, r);
			if (day == ER_NO_DAY || day > d->asof)
				continue;
			er_day until = day_of(r[ER_EVENTS_END_DATE]);
			if (until != ER_NO_DAY && until > d->asof)
				r[ER_EVENTS_END_DATE][0] = 0; /* not known at asof */
			if (add_event(d, &cap, day, acct, "event", r[ER_EVENTS_TYPE], joined(lab, r, fld, 4)) != 0)
				st = er_fail(err, ER_ENOMEM, "out of memory");
		}
		for (size_t k = 0; k < d->nacc && !st; k++)
			if (account_at_asof(&at[k], d->acc[k], d->asof) != 0)
				st = er_fail(err, ER_ENOMEM, "out of memory");
		free(at);
		rows_free(&t);
	}
	if (!st && er_sort_stable(d->timeline, d->ntimeline, sizeof *d->timeline, cmp_event) != 0)
		st = er_fail(err, ER_ENOMEM, "out of memory");
	return st;
}

/* The latest loan application of the enterprise's code made by asof. */
static int
load_loan(const struct er_dossier_opts *o, struct er_dossier *d, char *err)
{
	er_strmap *k = er_strmap_new();
	if (!k || er_strmap_intern(k, d->uscc, strlen(d->uscc), NULL) < 0) {
		er_strmap_free(k);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	struct rows t = {0};
	int st = rows_load(o, ER_KIND_LOANS, ER_LOANS_USCC, k, &t, err);
	er_strmap_free(k);
	er_day best = ER_NO_DAY;
	size_t pick = 0;
	for (size_t i = 0; i < t.n && !st; i++) {
		er_day day = day_of(t.row[i][ER_LOANS_APPLY_DATE]);
		if (day == ER_NO_DAY || day > d->asof || (best != ER_NO_DAY && day < best))
			continue;
		best = day;
		pick = i;
	}
	if (!st && best != ER_NO_DAY && !(d->loan = row_dup(t.row[pick], t.nf)))
		st = er_fail(err, ER_ENOMEM, "out of memory");
	rows_free(&t);
	return st;
}

/* The industry's quartiles per month, over the peers with use in the month. */
static int
industry_band(struct er_dossier *d, const double *peer_kwh, size_t npeers, char *err)
{
	double *v = malloc((npeers ? npeers : 1) * sizeof *v);
	if (!v)
		return er_fail(err, ER_ENOMEM, "out of memory");
	for (int m = 0; m < ER_DOSSIER_MONTHS; m++) {
		size_t n = 0;
		for (size_t p = 0; p < npeers; p++)
			if (!isnan(peer_kwh[p * ER_DOSSIER_MONTHS + (size_t)m]))
				v[n++] = peer_kwh[p * ER_DOSSIER_MONTHS + (size_t)m];
		d->industry_n[m] = n;
		if (!n)
			continue;
		qsort(v, n, sizeof *v, cmp_double);
		for (int q = 0; q < 3; q++)
			d->industry_q[m][q] = quantile(v, n, 0.25 * (q + 1));
	}
	free(v);
	return 0;
}

/* The enterprise's use per account and month, and its daily load curves, from its readings
 * up to asof. */
static int
own_use(struct er_dossier *d, const struct er_dossier_reading *r, size_t n, char *err)
{
	size_t cells = d->nacc * ER_DOSSIER_MONTHS;
	if (!(d->kwh = calloc(cells ? cells : 1, sizeof *d->kwh)) || !(d->has = calloc(cells ? cells : 1, 1)))
		return er_fail(err, ER_ENOMEM, "out of memory");
	int first = d->last_month - ER_DOSSIER_MONTHS + 1;
	/* days with interval data in the last 3 months (91 days) and the same days a year before */
	unsigned char seen[2][91] = {{0}};
	int y, mo, dd;
	er_date_to_ymd(d->asof, &y, &mo, &dd);
	int last = er_date_days_in_month(y - 1, mo);
	er_day year_before = er_date_from_ymd(y - 1, mo, dd < last ? dd : last); /* 29 February: the 28th */
	for (size_t i = 0; i < n; i++) {
		if (r[i].day > d->asof) {
			d->after_asof++;
			continue;
		}
		d->readings++;
		int m = er_date_month_index(r[i].day) - first;
		if (m >= 0) {
			d->kwh[r[i].acct * ER_DOSSIER_MONTHS + (size_t)m] += r[i].kwh;
			d->has[r[i].acct * ER_DOSSIER_MONTHS + (size_t)m] = 1;
		}
		if (r[i].secs < 0)
			continue;
		d->interval = 1;
		int h = r[i].secs / 3600 % ER_DOSSIER_HOURS;
		long back = (long)d->asof - r[i].day, back1 = (long)year_before - r[i].day;
		if (back < 91) {
			d->curve_recent[h] += r[i].kwh;
			seen[0][back] = 1;
		} else if (back1 >= 0 && back1 < 91) {
			d->curve_before[h] += r[i].kwh;
			seen[1][back1] = 1;
		}
	}
	for (int k = 0; k < 91; k++) {
		d->days_recent += seen[0][k];
		d->days_before += seen[1][k];
	}
	for (int h = 0; h < ER_DOSSIER_HOURS; h++) {
		d->curve_recent[h] = d->days_recent ? d->curve_recent[h] / (double)d->days_recent : 0;
		d->curve_before[h] = d->days_before ? d->curve_before[h] / (double)d->days_before : 0;
	}
	return 0;
}

int
er_dossier_load(const struct er_dossier_opts *o, struct er_dossier *d, char *err)
{
	memset(d, 0, sizeof *d);
	d->asof = o->asof;
	d->asof_given = o->asof != ER_NO_DAY;
	er_strmap *mine = er_strmap_new(), *peers = er_strmap_new(), *peer_ent = er_strmap_new();
	struct rows all = {0};
	double *peer_kwh = NULL;
	struct er_dossier_reading *own = NULL;
	size_t nown = 0;
	er_day applied = ER_NO_DAY;
	int st = 0;
	if (!(d->id = strdup(o->id)) || !mine || !peers || !peer_ent) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	if (o->tables[ER_KIND_ACCOUNTS]) {
		if ((st = find_accounts(o, d, &all, mine, peers, peer_ent, &applied, err)) != 0 ||
		    (st = find_links(d, d->acc, d->nacc, &all, mine, err)) != 0)
			goto done;
	} else {
		/* no accounts table: the id is an account id, known when it has readings */
		if (er_strmap_intern(mine, o->id, strlen(o->id), NULL) < 0 || !(d->acc = calloc(1, sizeof *d->acc)) ||
		    !(d->acc[0] = calloc(ER_ACCOUNTS_STATUS + 1, sizeof **d->acc)) || !(d->uscc = strdup("")) ||
		    !(d->name = strdup(""))) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
		d->nacc = 1;
		for (int j = 0; j <= ER_ACCOUNTS_STATUS; j++)
			if (!(d->acc[0][j] = strdup(j == ER_ACCOUNTS_ACCOUNT_ID ? o->id : ""))) {
				st = er_fail(err, ER_ENOMEM, "out of memory");
				goto done;
			}
	}
	size_t npeers = er_strmap_size(peer_ent), npacc = er_strmap_size(peers);
	if (!(peer_kwh = malloc((npacc ? npacc : 1) * ER_DOSSIER_SPAN * sizeof *peer_kwh))) {
		st = er_fail(err, ER_ENOMEM, "out of memory");
		goto done;
	}
	/* without --asof the as-of date is the enterprise's last reading, known only after the
	 * scan: the peers' months are kept back to 20 years before today */
	int anchor = er_date_month_index(d->asof_given ? d->asof : er_date_today());
	unsigned char peer_day[ER_DOSSIER_SPAN];
	if ((st = er_dossier_scan(o, d, mine, peers, anchor, peer_kwh, peer_day, &own, &nown, err)) != 0)
		goto done;
	if (!o->tables[ER_KIND_ACCOUNTS] && nown + d->after_asof + d->no_kwh == 0) {
		st = er_fail(err, ER_EDATA,
		             "unknown id '%s': no readings, and no accounts table to look it up in (file %s)", o->id,
		             o->tables[ER_KIND_READINGS]);
		goto done;
	}
	d->asof_from = ER_DOSSIER_ASOF_GIVEN;
	if (!d->asof_given) {
		d->asof = ER_NO_DAY;
		for (size_t i = 0; i < nown; i++)
			if (own[i].day > d->asof)
				d->asof = own[i].day;
		d->asof_from = ER_DOSSIER_ASOF_LAST_READING;
		/* an applicant without an account has no reading: it is seen as it applied */
		if (d->asof == ER_NO_DAY && !d->nacc && applied != ER_NO_DAY) {
			d->asof = applied;
			d->asof_from = ER_DOSSIER_ASOF_APPLICATION;
		}
		if (d->asof == ER_NO_DAY) {
			d->asof = er_date_today();
			d->asof_from = ER_DOSSIER_ASOF_TODAY;
		}
		/* peers read later in the as-of date's month than the enterprise: their month, summed
		 * whole by the scan, is read again up to that day (rows already reported stay quiet) */
		int y, mo, dom, off = er_date_month_index(d->asof) - (anchor - ER_DOSSIER_SPAN + 1);
		er_date_to_ymd(d->asof, &y, &mo, &dom);
		if (npacc && off >= 0 && off < ER_DOSSIER_SPAN && peer_day[off] > dom) {
			struct er_dossier_opts quiet = *o;
			quiet.diag = NULL;
			free(own);
			own = NULL;
			d->asof_given = 1;
			d->scanned = d->after_asof = d->no_kwh = 0;
			st = er_dossier_scan(&quiet, d, mine, peers, anchor, peer_kwh, peer_day, &own, &nown, err);
			d->asof_given = 0;
			if (st)
				goto done;
		}
	}
	d->last_month = er_date_month_index(d->asof);
	if ((st = own_use(d, own, nown, err)) != 0)
		goto done;
	/* the peers' accounts folded into their enterprises, over the chart's months */
	if (npeers) {
		double *ent = malloc(npeers * ER_DOSSIER_MONTHS * sizeof *ent);
		if (!ent) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			goto done;
		}
		for (size_t i = 0; i < npeers * ER_DOSSIER_MONTHS; i++)
			ent[i] = NAN;
		int off0 = d->last_month - ER_DOSSIER_MONTHS + 1 - (anchor - ER_DOSSIER_SPAN + 1);
		for (size_t i = 0; i < all.n; i++) {
			char **a = all.row[i];
			long pa = er_strmap_find(peers, a[0], strlen(a[0]));
			if (pa < 0)
				continue;
			const char *e = *a[ER_ACCOUNTS_USCC] ? a[ER_ACCOUNTS_USCC] : a[0];
			size_t pe = (size_t)er_strmap_find(peer_ent, e, strlen(e));
			for (int m = 0; m < ER_DOSSIER_MONTHS; m++) {
				int off = off0 + m;
				double *x = &peer_kwh[(size_t)pa * ER_DOSSIER_SPAN + (size_t)off];
				if (off < 0 || off >= ER_DOSSIER_SPAN || isnan(*x))
					continue;
				double *y = &ent[pe * ER_DOSSIER_MONTHS + (size_t)m];
				*y = isnan(*y) ? *x : *y + *x;
				*x = NAN; /* an account listed twice counts once */
			}
		}
		/* this enterprise's own use stands for it among its peers */
		const char *me = *d->uscc ? d->uscc : d->id;
		long pe = er_strmap_find(peer_ent, me, strlen(me));
		for (int m = 0; m < ER_DOSSIER_MONTHS && pe >= 0; m++) {
			double t = NAN;
			for (size_t k = 0; k < d->nacc; k++)
				if (d->has[k * ER_DOSSIER_MONTHS + (size_t)m])
					t = (isnan(t) ? 0 : t) + d->kwh[k * ER_DOSSIER_MONTHS + (size_t)m];
			ent[(size_t)pe * ER_DOSSIER_MONTHS + (size_t)m] = t;
		}
		st = industry_band(d, ent, npeers, err);
		free(ent);
		if (st)
			goto done;
	}
	if (o->tables[ER_KIND_LOANS] && *d->uscc && (st = load_loan(o, d, err)) != 0)
		goto done;
	if (!d->nacc && d->loan && (st = applicant_details(d, &all, mine, err)) != 0)
		goto done;
	if (o->tables[ER_KIND_ACCOUNTS] && (st = identity_checks(d, err)) != 0)
		goto done;
	if (o->tables[ER_KIND_BILLS] && (st = load_bills(o, d, mine, err)) != 0)
		goto done;
	st = load_timeline(o, d, mine, err);
done:
	rows_free(&all);
	free(peer_kwh);
	free(own);
	er_strmap_free(mine);
	er_strmap_free(peers);
	er_strmap_free(peer_ent);
	return st;
}

void
er_dossier_free(struct er_dossier *d)
{
	free(d->id);
	free(d->uscc);
	free(d->name);
	for (size_t i = 0; i < d->nacc; i++) {
		for (int j = 0; j <= ER_ACCOUNTS_STATUS && d->acc[i]; j++)
			free(d->acc[i][j]);
		free(d->acc[i]);
	}
	free(d->acc);
	if (d->loan)
		for (int j = 0; j <= ER_LOANS_AMOUNT; j++)
			free(d->loan[j]);
	free(d->loan);
	for (size_t i = 0; i < d->nchecks; i++) {
		free(d->checks[i].account);
		free(d->checks[i].loan);
		free(d->checks[i].result);
	}
	for (size_t i = 0; i < d->nlinks; i++) {
		free(d->links[i].uscc);
		free(d->links[i].name);
		free(d->links[i].account);
	}
	free(d->links);
	free(d->kwh);
	free(d->has);
	free(d->industry);
	free(d->bills);
	for (size_t i = 0; i < d->ntimeline; i++) {
		free(d->timeline[i].type);
		free(d->timeline[i].detail);
	}
	free(d->timeline);
	for (size_t i = 0; i < d->nscores; i++) {
		free(d->scores[i].grade);
		free(d->scores[i].level);
		free(d->scores[i].reasons);
	}
	free(d->scores);
	free(d->level);
	for (size_t i = 0; i < d->nmodule; i++)
		free(d->module ? d->module[i] : NULL);
	free(d->module);
	free(d->module_score);
	for (size_t i = 0; i < d->npoints; i++) {
		free(d->points[i].name);
		free(d->points[i].module);
		free(d->points[i].value);
		free(d->points[i].bin);
	}
	free(d->points);
	for (size_t i = 0; i < d->nreasons; i++)
		free(d->reasons[i]);
	for (size_t i = 0; i < d->nhits; i++) {
		free(d->hits[i].rule);
		free(d->hits[i].severity);
		free(d->hits[i].indicator);
		free(d->hits[i].value);
		free(d->hits[i].message);
	}
	free(d->hits);
	memset(d, 0, sizeof *d);
}
