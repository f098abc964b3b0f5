/* Unit tests for data/synth.c: determinism, row counts, the shares of valid codes,
 * the planted patterns and the outcome model, and the Chinese headers' mapping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "lib/date.h"
#include "lib/err.h"
#include "data/ident.h"
#include "lib/num.h"
#include "data/schema.h"
#include "data/synth.h"

/* A sink that keeps the table in memory as comma-joined lines (no field generated
 * contains a comma) and can fail after a number of rows. */
struct mem {
	char *buf;
	size_t len, cap;
	size_t rows;
	int at_row_start;
	size_t fail_after; /* 0: never */
};

static void
mem_put(struct mem *m, const char *s, size_t n)
{
	if (m->len + n + 1 > m->cap) {
		m->cap = (m->len + n + 1) * 2;
		m->buf = realloc(m->buf, m->cap);
		assert_non_null(m->buf);
	}
	memcpy(m->buf + m->len, s, n);
	m->len += n;
	m->buf[m->len] = '\0';
}

static int
mem_field(void *ctx, const char *s, size_t len)
{
	struct mem *m = ctx;
	assert_null(memchr(s, ',', len));
	assert_null(memchr(s, '\n', len));
	if (!m->at_row_start)
		mem_put(m, ",", 1);
	m->at_row_start = 0;
	mem_put(m, s, len);
	return 0;
}

static int
mem_end_row(void *ctx)
{
	struct mem *m = ctx;
	if (m->fail_after && m->rows == m->fail_after)
		return ER_EIO;
	mem_put(m, "\n", 1);
	m->at_row_start = 1;
	m->rows++;
	return 0;
}

/* Generates table KIND into a fresh buffer; the caller frees ->buf. */
static struct mem
gen(const struct er_synth_opts *o, enum er_kind kind)
{
	struct mem m = {NULL, 0, 0, 0, 1, 0};
	struct er_synth_sink sink = {mem_field, mem_end_row, &m};
	char err[ER_ERRLEN];
	assert_int_equal(er_synth_write(o, kind, &sink, err), 0);
	assert_non_null(m.buf);
	return m;
}

/* Splits LINE (up to its newline) into at most MAX fields, in place; returns the count. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;
	f[n++] = line;
	for (char *p = line; *p && *p != '\n'; p++)
		if (*p == ',' && n < max) {
			*p = '\0';
			f[n++] = p + 1;
		}
	char *nl = strchr(f[n - 1], '\n');
	if (nl)
		*nl = '\0';
	return n;
}

/* Calls FN on every data line of M (a copy, so fields can be cut). */
static void
each_row(const struct mem *m, void (*fn)(char **f, size_t n, void *ctx), void *ctx)
{
	char *copy = malloc(m->len + 1);
	assert_non_null(copy);
	memcpy(copy, m->buf, m->len + 1);
	char *line = strchr(copy, '\n') + 1;
	while (*line) {
		char *next = strchr(line, '\n') + 1;
		char *f[16];
		size_t n = split(line, f, 16);
		fn(f, n, ctx);
		line = next;
	}
	free(copy);
}

static struct er_synth_opts
opts(long long n, int days)
{
	struct er_synth_opts o;
	er_synth_opts_init(&o);
	o.seed = 42;
	o.enterprises = n;
	o.days = days;
	return o;
}

static void
test_defaults_and_check(void **state)
{
	(void)state;
	struct er_synth_opts o;
	char err[ER_ERRLEN];
	er_synth_opts_init(&o);
	assert_int_equal(er_synth_check(&o, err), 0);
	assert_int_equal(o.end, er_date_from_ymd(2024, 6, 30));
	o.enterprises = 0;
	assert_int_equal(er_synth_check(&o, err), ER_EUSAGE);
	assert_non_null(strstr(err, "enterprises"));
	er_synth_opts_init(&o);
	o.days = 0;
	assert_int_equal(er_synth_check(&o, err), ER_EUSAGE);
	er_synth_opts_init(&o);
	o.months = ER_SYNTH_MAX_MONTHS + 1;
	assert_int_equal(er_synth_check(&o, err), ER_EUSAGE);
	er_synth_opts_init(&o);
	o.end = er_date_from_ymd(1905, 1, 1);
	assert_int_equal(er_synth_check(&o, err), ER_EUSAGE);
}

static void
test_deterministic(void **state)
{
	(void)state;
	struct er_synth_opts o = opts(40, 60);
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		struct mem a = gen(&o, (enum er_kind)k), b = gen(&o, (enum er_kind)k);
		assert_true(a.rows > 1);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		free(a.buf);
		free(b.buf);
	}
	/* Another seed, other data. */
	struct er_synth_opts o2 = o;
	o2.seed = 43;
	struct mem a = gen(&o, ER_KIND_ACCOUNTS), b = gen(&o2, ER_KIND_ACCOUNTS);
	assert_true(a.len != b.len || memcmp(a.buf, b.buf, a.len) != 0);
	free(a.buf);
	free(b.buf);
}

static void
test_prefix_stable(void **state)
{
	(void)state;
	/* Enterprise E's rows do not depend on how many enterprises follow. */
	struct er_synth_opts small = opts(5, 60), big = opts(60, 60);
	const enum er_kind kinds[] = {ER_KIND_ACCOUNTS,    ER_KIND_READINGS, ER_KIND_BILLS, ER_KIND_EVENTS,
	                              ER_KIND_INSPECTIONS, ER_KIND_LOANS,    ER_KIND_LABELS};
	for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		struct mem a = gen(&small, kinds[i]), b = gen(&big, kinds[i]);
		assert_true(b.len > a.len);
		assert_memory_equal(a.buf, b.buf, a.len);
		free(a.buf);
		free(b.buf);
	}
}

struct count_ctx {
	long long rows;
	long long per_account_max;
	char last_id[32];
	er_day last_day;
	long long run;
	int bad_days_field;
	int bad_number;
	int not_consecutive;
};

static void
count_daily(char **f, size_t n, void *ctx)
{
	struct count_ctx *c = ctx;
	assert_int_equal(n, 4);
	c->rows++;
	er_day d;
	assert_int_equal(er_date_parse(f[1], strlen(f[1]), NULL, &d, NULL), ER_DATE_OK);
	if (strcmp(f[0], c->last_id) == 0) {
		if (d != c->last_day + 1)
			c->not_consecutive++;
		c->run++;
	} else {
		c->run = 1;
		snprintf(c->last_id, sizeof c->last_id, "%s", f[0]);
	}
	if (c->run > c->per_account_max)
		c->per_account_max = c->run;
	c->last_day = d;
	if (strcmp(f[2], "1") != 0)
		c->bad_days_field++;
	double v;
	if (er_num_parse(f[3], strlen(f[3]), &v) != ER_NUM_OK || v < 0)
		c->bad_number++;
}

static void
test_daily_readings(void **state)
{
	(void)state;
	struct er_synth_opts o = opts(200, 45);
	struct mem m = gen(&o, ER_KIND_READINGS);
	assert_true(strncmp(m.buf, "account_id,date,days,kwh\n", 25) == 0);
	struct count_ctx c = {0};
	each_row(&m, count_daily, &c);
	long long accounts = 0;
	for (long long e = 0; e < o.enterprises; e++) {
		struct er_synth_truth t;
		er_synth_truth_get(&o, e, &t);
		accounts += t.accounts;
	}
	/* Every account open in the window has one reading a day, dates consecutive,
	 * days 1, kWh a number >= 0; some accounts open or close inside the window. */
	assert_int_equal(c.rows, (long long)m.rows - 1);
	assert_true(c.rows <= accounts * 45);
	assert_true(c.rows >= accounts * 45 * 8 / 10);
	assert_int_equal(c.per_account_max, 45);
	assert_int_equal(c.not_consecutive, 0);
	assert_int_equal(c.bad_days_field, 0);
	assert_int_equal(c.bad_number, 0);
	free(m.buf);
}

struct monthly_ctx {
	long long rows, bad_days, not_month_end;
};

static void
check_monthly(char **f, size_t n, void *ctx)
{
	struct monthly_ctx *c = ctx;
	assert_int_equal(n, 4);
	c->rows++;
	er_day d;
	assert_int_equal(er_date_parse(f[1], strlen(f[1]), NULL, &d, NULL), ER_DATE_OK);
	int y, mo, dd;
	er_date_to_ymd(d, &y, &mo, &dd);
	long long days;
	assert_int_equal(er_num_parse_int(f[2], strlen(f[2]), &days), ER_NUM_OK);
	/* A whole month ends on its last day with all its days; a partial one (opening or
	 * closing) has fewer days, never more. */
	if (days > er_date_days_in_month(y, mo) || days < 1)
		c->bad_days++;
	if (dd != er_date_days_in_month(y, mo))
		c->not_month_end++;
}

static void
test_monthly_readings(void **state)
{
	(void)state;
	struct er_synth_opts o = opts(100, 10);
	o.monthly = 1;
	o.months = 12;
	o.end = er_date_from_ymd(2024, 6, 15); /* not a month end: the last month is May */
	struct mem m = gen(&o, ER_KIND_READINGS);
	struct monthly_ctx c = {0};
	each_row(&m, check_monthly, &c);
	assert_true(c.rows > 100 * 10);
	assert_true(c.rows <= 100 * 3 * 12);
	assert_int_equal(c.bad_days, 0);
	/* Only closures end a month early. */
	assert_true(c.not_month_end < c.rows / 20);
	assert_null(strstr(m.buf, "2024-06-"));
	assert_non_null(strstr(m.buf, "2024-05-31,31,"));
	assert_non_null(strstr(m.buf, "2023-06-30,30,"));
	assert_null(strstr(m.buf, "2023-05-31"));
	free(m.buf);
}

static void
test_one_row_per_enterprise(void **state)
{
	(void)state;
	struct er_synth_opts o = opts(77, 5);
	struct mem loans = gen(&o, ER_KIND_LOANS), labels = gen(&o, ER_KIND_LABELS);
	struct mem accounts = gen(&o, ER_KIND_ACCOUNTS);
	assert_int_equal(loans.rows, 78);
	assert_int_equal(labels.rows, 78);
	long long n = 0;
	for (long long e = 0; e < o.enterprises; e++) {
		struct er_synth_truth t;
		er_synth_truth_get(&o, e, &t);
		assert_true(t.accounts >= 1 && t.accounts <= ER_SYNTH_MAX_ACCOUNTS);
		n += t.accounts;
	}
	assert_int_equal(accounts.rows, (size_t)n + 1);
	free(loans.buf);
	free(labels.buf);
	free(accounts.buf);
}

/* ---- the planted patterns, over a portfolio big enough for shares ---- */

#define BIG 3000

struct portfolio {
	struct er_synth_opts o;
	struct er_synth_truth *t;
};

static int
setup_portfolio(void **state)
{
	struct portfolio *p = calloc(1, sizeof *p);
	p->o = opts(BIG, 120);
	p->t = calloc(BIG, sizeof *p->t);
	for (long long e = 0; e < BIG; e++)
		er_synth_truth_get(&p->o, e, &p->t[e]);
	*state = p;
	return 0;
}

static int
teardown_portfolio(void **state)
{
	struct portfolio *p = *state;
	free(p->t);
	free(p);
	return 0;
}

/* Enterprise index of account id ID (1000000000 + 10 E + K). */
static long long
enterprise_of(const char *id)
{
	return (atoll(id) - 1000000000LL) / 10;
}

struct uscc_ctx {
	const struct portfolio *p;
	long long rows, valid, agree;
};

static void
check_account_uscc(char **f, size_t n, void *ctx)
{
	struct uscc_ctx *c = ctx;
	assert_int_equal(n, 11);
	long long e = enterprise_of(f[0]);
	c->rows++;
	int ok = er_ident_uscc(f[1], strlen(f[1])) == ER_IDENT_OK;
	c->valid += ok;
	c->agree += ok == c->p->t[e].uscc_valid && strcmp(f[1], c->p->t[e].uscc) == 0;
	/* The legal representative's ID and the phone are always well-formed. */
	assert_int_equal(er_ident_resident_id(f[4], strlen(f[4]), er_date_from_ymd(2024, 6, 30)), ER_IDENT_OK);
	assert_int_equal(er_ident_phone(f[5], strlen(f[5])), ER_IDENT_OK);
}

static void
test_valid_uscc_share(void **state)
{
	struct portfolio *p = *state;
	struct mem m = gen(&p->o, ER_KIND_ACCOUNTS);
	struct uscc_ctx c = {p, 0, 0, 0};
	each_row(&m, check_account_uscc, &c);
	assert_int_equal(c.agree, c.rows);
	double share = (double)c.valid / (double)c.rows;
	assert_true(share > 0.97 && share < 0.995);
	free(m.buf);
}

static void
test_outcome_model(void **state)
{
	struct portfolio *p = *state;
	long long bad = 0;
	for (long long e = 0; e < BIG; e++)
		bad += p->t[e].bad;
	double rate = (double)bad / BIG;
	assert_true(rate > 0.10 && rate < 0.20);
	/* AUC of the planted log-odds (without the unseen noise): the best any model can
	 * do; learnable, not perfect. Pairs are counted directly. */
	double wins = 0, pairs = 0;
	for (long long i = 0; i < BIG; i++) {
		if (!p->t[i].bad)
			continue;
		for (long long j = 0; j < BIG; j++) {
			if (p->t[j].bad)
				continue;
			pairs++;
			wins += p->t[i].risk > p->t[j].risk ? 1 : p->t[i].risk == p->t[j].risk ? 0.5 : 0;
		}
	}
	double auc = wins / pairs;
	assert_true(auc > 0.75 && auc < 0.92);
	/* Patterns come more often with a bad outcome. */
	long long shell_bad = 0, shell = 0, theft = 0, mismatch = 0, collapse = 0, arrears = 0;
	for (long long e = 0; e < BIG; e++) {
		const struct er_synth_truth *t = &p->t[e];
		shell += t->shell;
		shell_bad += t->shell && t->bad;
		theft += t->theft;
		mismatch += t->mismatch;
		collapse += t->collapse;
		arrears += t->arrears;
		assert_true(!t->collapse || t->bad);
		assert_true(!t->arrears || t->bad);
		assert_true(!t->dip || !t->bad);
		assert_true(!t->bad || t->default_date > t->apply_date);
	}
	assert_true(shell >= 30 && theft >= 20 && mismatch >= 60);
	assert_true((double)shell_bad / (double)shell > 2 * rate);
	assert_true(collapse > bad / 3 && arrears > bad / 3);
}

struct use_ctx {
	const struct portfolio *p;
	double sum[2];
	long long n[2], zero[2];
};

static void
sum_use(char **f, size_t n, void *ctx)
{
	struct use_ctx *c = ctx;
	(void)n;
	int shell = c->p->t[enterprise_of(f[0])].shell;
	double v = atof(f[3]);
	c->sum[shell] += v;
	c->n[shell]++;
	c->zero[shell] += v == 0;
}

static void
test_shells_use_nothing(void **state)
{
	struct portfolio *p = *state;
	struct mem m = gen(&p->o, ER_KIND_READINGS);
	struct use_ctx c = {p, {0, 0}, {0, 0}, {0, 0}};
	each_row(&m, sum_use, &c);
	assert_true(c.n[1] > 0 && c.n[0] > 0);
	double shell_mean = c.sum[1] / (double)c.n[1], other_mean = c.sum[0] / (double)c.n[0];
	assert_true(shell_mean < other_mean / 50);
	assert_true((double)c.zero[1] / (double)c.n[1] > 0.3);
	assert_true((double)c.zero[0] / (double)c.n[0] < 0.15);
	free(m.buf);
}

struct finding_ctx {
	const struct portfolio *p;
	long long theft_rows, theft_unplanted, violation_rows, violation_unplanted, none_rows;
	char *seen_theft;
};

static void
check_finding(char **f, size_t n, void *ctx)
{
	struct finding_ctx *c = ctx;
	assert_int_equal(n, 9);
	long long e = enterprise_of(f[0]);
	if (strcmp(f[3], "theft") == 0) {
		c->theft_rows++;
		c->theft_unplanted += !c->p->t[e].theft;
		c->seen_theft[e] = 1;
		/* Back charge and a penalty of three times it. */
		assert_true(atof(f[6]) > 2.99 * atof(f[5]) && atof(f[6]) < 3.01 * atof(f[5]) + 0.01);
	} else if (strcmp(f[3], "violation") == 0) {
		c->violation_rows++;
		c->violation_unplanted += !c->p->t[e].violation;
	} else if (strcmp(f[3], "none") == 0) {
		c->none_rows++;
	}
}

static void
test_theft_cases(void **state)
{
	struct portfolio *p = *state;
	struct mem m = gen(&p->o, ER_KIND_INSPECTIONS);
	struct finding_ctx c = {p, 0, 0, 0, 0, 0, calloc(BIG, 1)};
	each_row(&m, check_finding, &c);
	assert_int_equal(c.theft_unplanted, 0);
	assert_int_equal(c.violation_unplanted, 0);
	for (long long e = 0; e < BIG; e++)
		assert_int_equal(c.seen_theft[e], p->t[e].theft);
	assert_true(c.none_rows > BIG);
	free(c.seen_theft);
	free(m.buf);
}

struct loan_ctx {
	const struct portfolio *p;
	char (*phone)[24];
	char (*rep)[32];
	char (*name)[128];
	long long differ_planted, differ_unplanted, invalid_planted, invalid_unplanted;
};

static void
keep_account(char **f, size_t n, void *ctx)
{
	struct loan_ctx *c = ctx;
	(void)n;
	long long e = enterprise_of(f[0]);
	snprintf(c->name[e], sizeof c->name[e], "%s", f[2]);
	snprintf(c->rep[e], sizeof c->rep[e], "%s", f[3]);
	snprintf(c->phone[e], sizeof c->phone[e], "%s", f[5]);
}

static void
check_loan(char **f, size_t n, void *ctx)
{
	struct loan_ctx *c = ctx;
	assert_int_equal(n, 9);
	long long e = atoll(f[0] + 2) - 1;
	const struct er_synth_truth *t = &c->p->t[e];
	int differ = strcmp(f[2], c->name[e]) || strcmp(f[3], c->rep[e]) || strcmp(f[4], c->phone[e]);
	if (t->mismatch)
		c->differ_planted += differ;
	else
		c->differ_unplanted += differ;
	int invalid = er_ident_uscc(f[1], strlen(f[1])) != ER_IDENT_OK;
	if (t->loan_uscc_invalid)
		c->invalid_planted += invalid;
	else
		c->invalid_unplanted += invalid;
}

static void
test_application_mismatch(void **state)
{
	struct portfolio *p = *state;
	struct loan_ctx c = {p, calloc(BIG, 24), calloc(BIG, 32), calloc(BIG, 128), 0, 0, 0, 0};
	struct mem acc = gen(&p->o, ER_KIND_ACCOUNTS), loans = gen(&p->o, ER_KIND_LOANS);
	each_row(&acc, keep_account, &c);
	each_row(&loans, check_loan, &c);
	long long mismatch = 0, invalid = 0;
	for (long long e = 0; e < BIG; e++) {
		mismatch += p->t[e].mismatch;
		invalid += p->t[e].loan_uscc_invalid;
	}
	/* A new random phone or name could repeat the old one, but hardly ever. */
	assert_true(c.differ_planted >= mismatch - 2 && mismatch > 0);
	assert_int_equal(c.differ_unplanted, 0);
	assert_int_equal(c.invalid_planted, invalid);
	assert_int_equal(c.invalid_unplanted, 0);
	free(c.phone);
	free(c.rep);
	free(c.name);
	free(acc.buf);
	free(loans.buf);
}

struct share_ctx {
	char (*phone)[24];
	long long *owner;
	size_t n;
};

static void
collect_phone(char **f, size_t n, void *ctx)
{
	struct share_ctx *c = ctx;
	(void)n;
	snprintf(c->phone[c->n], 24, "%s", f[5]);
	c->owner[c->n++] = enterprise_of(f[0]);
}

static void
test_shared_phones(void **state)
{
	struct portfolio *p = *state;
	struct mem m = gen(&p->o, ER_KIND_ACCOUNTS);
	struct share_ctx c = {calloc(m.rows, 24), calloc(m.rows, sizeof(long long)), 0};
	each_row(&m, collect_phone, &c);
	/* Some phone is registered by three or more different enterprises. */
	int found = 0;
	for (size_t i = 0; i < c.n && !found; i++) {
		long long others[3] = {c.owner[i], -1, -1};
		int k = 1;
		for (size_t j = i + 1; j < c.n && k < 3; j++)
			if (strcmp(c.phone[i], c.phone[j]) == 0 && c.owner[j] != others[0] && c.owner[j] != others[1])
				others[k++] = c.owner[j];
		found = k == 3;
	}
	assert_true(found);
	free(c.phone);
	free(c.owner);
	free(m.buf);
}

struct event_ctx {
	const struct portfolio *p;
	char *cut;
	long long cut_unplanted, bad_depth;
};

static void
check_event(char **f, size_t n, void *ctx)
{
	struct event_ctx *c = ctx;
	assert_int_equal(n, 7);
	long long e = enterprise_of(f[0]);
	if (strcmp(f[3], "capacity_reduction") == 0) {
		c->cut[e] = 1;
		c->cut_unplanted += !c->p->t[e].cap_cut;
		if (!(atof(f[5]) < 0.7 * atof(f[4])))
			c->bad_depth++;
	}
}

static void
test_capacity_cuts(void **state)
{
	struct portfolio *p = *state;
	struct mem m = gen(&p->o, ER_KIND_EVENTS);
	struct event_ctx c = {p, calloc(BIG, 1), 0, 0};
	each_row(&m, check_event, &c);
	long long planted = 0, seen = 0;
	for (long long e = 0; e < BIG; e++) {
		planted += p->t[e].cap_cut;
		seen += c.cut[e];
	}
	assert_int_equal(c.cut_unplanted, 0);
	assert_int_equal(c.bad_depth, 0);
	assert_true(planted > 0 && seen == planted);
	free(c.cut);
	free(m.buf);
}

struct bill_ctx {
	const struct portfolio *p;
	long long late[2], bills[2], unpaid_bad;
};

static void
check_bill(char **f, size_t n, void *ctx)
{
	struct bill_ctx *c = ctx;
	assert_int_equal(n, 10);
	long long e = enterprise_of(f[0]);
	int arrears = c->p->t[e].arrears;
	er_day due, paid;
	assert_int_equal(er_date_parse(f[5], strlen(f[5]), NULL, &due, NULL), ER_DATE_OK);
	int unpaid = f[6][0] == '\0';
	if (!unpaid)
		assert_int_equal(er_date_parse(f[6], strlen(f[6]), NULL, &paid, NULL), ER_DATE_OK);
	c->bills[arrears]++;
	c->late[arrears] += unpaid ? due < c->p->o.end : paid > due;
	c->unpaid_bad += unpaid && arrears && due < c->p->o.end;
	/* A late fee only when paid, or still unpaid, after the due date. */
	if (atof(f[8]) > 0)
		assert_true(unpaid ? due < c->p->o.end : paid > due);
}

static void
test_arrears(void **state)
{
	struct portfolio *p = *state;
	struct er_synth_opts o = p->o;
	o.days = 540; /* long enough to see the run-up to defaults */
	/* The truth does not depend on the window, only the rows do. */
	struct portfolio q = {o, p->t};
	struct bill_ctx c = {&q, {0, 0}, {0, 0}, 0};
	struct mem m = gen(&o, ER_KIND_BILLS);
	each_row(&m, check_bill, &c);
	double late_other = (double)c.late[0] / (double)c.bills[0];
	double late_arrears = (double)c.late[1] / (double)c.bills[1];
	assert_true(late_other < 0.15);
	assert_true(late_arrears > 2 * late_other);
	assert_true(c.unpaid_bad > 0);
	free(m.buf);
}

static void
test_sink_failure_stops(void **state)
{
	(void)state;
	struct er_synth_opts o = opts(30, 60);
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		struct mem m = {NULL, 0, 0, 0, 1, 3};
		struct er_synth_sink sink = {mem_field, mem_end_row, &m};
		char err[ER_ERRLEN];
		assert_int_equal(er_synth_write(&o, (enum er_kind)k, &sink, err), ER_EIO);
		assert_int_equal(m.rows, 3);
		free(m.buf);
	}
}

struct zh_ctx {
	const struct er_schema *schema;
	int col; /* enum column to check, or -1 */
	long long unmapped;
};

static void
check_codes(char **f, size_t n, void *ctx)
{
	struct zh_ctx *c = ctx;
	assert_true(c->col >= 0 && (size_t)c->col < n);
	const struct er_field *field = &c->schema->fields[c->col];
	if (!er_schema_enum_code(field, f[c->col]) && c->unmapped++ == 0)
		print_message("unmapped %s '%s'\n", field->name, f[c->col]);
}

static void
test_zh_headers_map(void **state)
{
	(void)state;
	struct er_synth_opts o = opts(400, 20);
	o.zh = 1;
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		const struct er_schema *s = er_schema_get((enum er_kind)k);
		struct mem m = gen(&o, (enum er_kind)k);
		char *f[16];
		size_t n = split(m.buf, f, 16);
		/* Each source header maps back to the canonical column of the same place. */
		size_t out = 0;
		for (size_t i = 0; i < s->nfields; i++)
			if (s->fields[i].output == 1) {
				assert_true(out < n);
				const struct er_field *got = er_schema_match_column(s, f[out]);
				assert_non_null(got);
				assert_string_equal(got->name, s->fields[i].name);
				out++;
			}
		assert_int_equal(out, n);
		free(m.buf);
	}
	/* Every Chinese code maps to a canonical code. */
	const struct {
		enum er_kind kind;
		const char *col;
	} enums[] = {{ER_KIND_ACCOUNTS, "status"},
	             {ER_KIND_EVENTS, "type"},
	             {ER_KIND_INSPECTIONS, "finding"},
	             {ER_KIND_INSPECTIONS, "status"}};
	for (size_t i = 0; i < sizeof enums / sizeof enums[0]; i++) {
		struct mem m = gen(&o, enums[i].kind);
		struct zh_ctx c = {er_schema_get(enums[i].kind), 0, 0};
		c.col = (int)er_schema_field_index(c.schema, enums[i].col);
		each_row(&m, check_codes, &c);
		free(m.buf);
		assert_int_equal(c.unmapped, 0);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_defaults_and_check), cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_prefix_stable),      cmocka_unit_test(test_daily_readings),
		cmocka_unit_test(test_monthly_readings),   cmocka_unit_test(test_one_row_per_enterprise),
		cmocka_unit_test(test_sink_failure_stops), cmocka_unit_test(test_zh_headers_map),
	};
	const struct CMUnitTest portfolio_tests[] = {
		cmocka_unit_test(test_valid_uscc_share),     cmocka_unit_test(test_outcome_model),
		cmocka_unit_test(test_shells_use_nothing),   cmocka_unit_test(test_theft_cases),
		cmocka_unit_test(test_application_mismatch), cmocka_unit_test(test_shared_phones),
		cmocka_unit_test(test_capacity_cuts),        cmocka_unit_test(test_arrears),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);
	failed += cmocka_run_group_tests(portfolio_tests, setup_portfolio, teardown_portfolio);
	return failed;
}
