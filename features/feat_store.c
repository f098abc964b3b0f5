/* feat_store: entities, and the loading of the side tables (loans, accounts, bills,
 * inspections, events) into them. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "features/feat_catalogue.h"
#include "features/feat_store.h"

#include "data/partition.h"
#include "features/feat_usage.h"
#include "lib/hash.h"
#include "lib/keyset.h"
#include "data/ident.h"
#include "lib/num.h"
#include "data/schema.h"
#include "lib/table.h"
#include "lib/vec.h"

int
er_feat_store_init(struct er_feat_store *s)
{
	memset(s, 0, sizeof *s);
	s->asof = ER_NO_DAY;
	s->latest = ER_NO_DAY;
	s->last_entity = -1;
	s->touched = -1;
	s->entity_keys = er_strmap_new();
	s->account_keys = er_strmap_new();
	s->loan_keys = er_strmap_new();
	s->industries = er_strmap_new();
	s->methods = er_strmap_new();
	if (!s->entity_keys || !s->account_keys || !s->loan_keys || !s->industries || !s->methods)
		return ER_ENOMEM;
	return 0;
}

void
er_feat_store_free(struct er_feat_store *s)
{
	for (size_t i = 0; i < s->nentities; i++) {
		struct er_feat_entity *e = &s->entities[i];
		free(e->series);
		er_feat_custom_state_free(s->custom, e->custom);
		if (e->meters)
			er_feat_meters_free(e->meters);
		free(e->meters);
		free(e->bills);
		free(e->cases);
		free(e->events);
		free(e->accounts);
	}
	free(s->entities);
	for (size_t i = 0; i < s->naccounts; i++)
		er_feat_account_free(&s->accounts[i]);
	free(s->accounts);
	for (size_t i = 0; i < s->nloans; i++)
		er_feat_loan_free(&s->loans[i]);
	free(s->loans);
	er_strmap_free(s->entity_keys);
	er_strmap_free(s->account_keys);
	er_strmap_free(s->loan_keys);
	er_strmap_free(s->industries);
	er_strmap_free(s->methods);
	free(s->last_key_buf);
	er_strmap_free(s->feed_enterprises);
	for (int k = 0; k < 3; k++) {
		er_strmap_free(s->shared[k].values);
		er_u64set_free(s->shared[k].pairs);
		free(s->shared[k].n);
	}
	free(s->shared_ids);
}

static long
entity_of_key(struct er_feat_store *s, const char *key, size_t len)
{
	int added = 0;
	long i = er_strmap_intern(s->entity_keys, key, len, &added);
	if (i < 0 || !added)
		return i;
	if (ER_GROW(s->entities, s->capentities, s->nentities + 1) < 0)
		return -1;
	struct er_feat_entity *e = &s->entities[s->nentities++];
	memset(e, 0, sizeof *e);
	e->asof = s->asof;
	e->loan = -1;
	e->industry = -1;
	e->contract_kva = NAN;
	return i;
}

long
er_feat_store_entity_of_account(struct er_feat_store *s, const char *key, size_t len)
{
	if (s->last_entity >= 0 && len == s->last_key_len && memcmp(key, s->last_key_buf, len) == 0)
		return s->last_entity;
	long acc = er_strmap_find(s->account_keys, key, len);
	int missing = acc < 0 && s->have_accounts && er_strmap_find(s->entity_keys, key, len) < 0;
	long e = acc >= 0 ? (long)s->accounts[acc].entity : entity_of_key(s, key, len);
	if (e < 0)
		return -1;
	if (missing && s->missing_accounts++ < sizeof s->missing_first / sizeof s->missing_first[0])
		s->missing_first[s->missing_accounts - 1] = e;
	if (ER_GROW(s->last_key_buf, s->last_key_cap, len + 1) < 0)
		return -1;
	memcpy(s->last_key_buf, key, len);
	s->last_key_len = len;
	s->last_entity = e;
	return e;
}

int
er_feat_store_missing_accounts(const struct er_feat_store *s, char *buf, size_t n)
{
	if (!s->missing_accounts)
		return 0;
	size_t shown = s->missing_accounts < 5 ? (size_t)s->missing_accounts : 5;
	int w = snprintf(buf, n, "the readings and other tables name %llu accounts missing from the accounts table:",
	                 (unsigned long long)s->missing_accounts);
	for (size_t i = 0; i < shown && w >= 0 && (size_t)w < n; i++)
		w += snprintf(buf + w, n - (size_t)w, "%s '%s'", i ? "," : "",
		              er_feat_store_entity_id(s, (size_t)s->missing_first[i]));
	if (w >= 0 && (size_t)w < n)
		snprintf(buf + w, n - (size_t)w, "%s (leading zeros stripped by Excel are the usual cause)",
		         s->missing_accounts > shown ? ", ..." : "");
	return 1;
}

const char *
er_feat_store_entity_id(const struct er_feat_store *s, size_t i)
{
	return er_strmap_key(s->entity_keys, i, NULL);
}

uint64_t
er_feat_store_entity_partition(const struct er_feat_store *s, size_t i, uint64_t n)
{
	size_t len;
	const char *key = er_strmap_key(s->entity_keys, i, &len);
	if (s->entities[i].key_is_code)
		return er_partition_of("", 0, key, len, 1, n);
	return er_partition_of(key, len, "", 0, 0, n);
}

/* The current row's field F (empty when its column is absent) and its length. */
static const char *
field(const er_reader *r, const struct er_feat_cols *k, int f, size_t *len)
{
	return er_table_field(r, k->col[f], len);
}

/* Field F as a unified social credit code in its compared form (er_ident_norm_uscc), in BUF
 * when it fits, so loans and accounts written in either case join. */
static const char *
uscc_field(const er_reader *r, const struct er_feat_cols *k, int f, char buf[64], size_t *len)
{
	const char *s = field(r, k, f, len);
	if (*len >= 64)
		return s;
	*len = er_ident_norm_uscc(s, *len, buf);
	buf[*len] = '\0';
	return buf;
}

static void
report(const er_reader *r, const struct er_feat_cols *k, int f, const char *what, const char *value)
{
	er_table_bad_value(k->diag, r, k->s->fields[f].name, what, value);
}

/* Parses date field F; OPTIONAL lets an empty field be ER_NO_DAY. Returns 0 or -1
 * after reporting. */
static int
get_date(const er_reader *r, const struct er_feat_cols *k, int f, int optional, er_day *day)
{
	size_t len;
	const char *v = field(r, k, f, &len);
	if (len == 0 && optional) {
		*day = ER_NO_DAY;
		return 0;
	}
	int res = er_date_parse(v, len, NULL, day, NULL);
	if (res != ER_DATE_OK) {
		report(r, k, f, er_date_strerror(res), v);
		return -1;
	}
	return 0;
}

/* Parses number field F, >= 0; an optional field that is empty or a missing-value marker gives
 * DEF. Returns 0 or -1. */
static int
get_num(const er_reader *r, const struct er_feat_cols *k, int f, int optional, double def, double *x)
{
	size_t len;
	const char *v = field(r, k, f, &len);
	if (optional && er_reader_is_na(r, v, len)) {
		*x = def;
		return 0;
	}
	int res = er_num_parse(v, len, x);
	if (res != ER_NUM_OK) {
		report(r, k, f, er_num_strerror(res), v);
		return -1;
	}
	if (*x < 0) {
		report(r, k, f, "negative number", v);
		return -1;
	}
	return 0;
}

/* A resident ID in its compared form (malloc'd, NULL when out of memory). */
static char *
norm_resident_id(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	if (out)
		out[er_ident_norm_resident_id(s, len, out)] = '\0';
	return out;
}

static char *
dup_norm(const er_reader *r, const struct er_feat_cols *k, int f, char *(*norm)(const char *, size_t))
{
	size_t len;
	const char *v = field(r, k, f, &len);
	return norm(v, len);
}

/* Links loan I, just added to a live feed, as er_feat_store_link would: to the entity of
 * its code, whose accounts carrying the code then match it. Returns 0 or -1 (no memory). */
static int
link_loan(struct er_feat_store *s, size_t i)
{
	struct er_feat_loan *l = &s->loans[i];
	if (l->linked)
		return 0; /* an earlier application of a linked enterprise: its entity has it */
	long e = entity_of_key(s, l->uscc, strlen(l->uscc));
	if (e < 0)
		return -1;
	struct er_feat_entity *en = &s->entities[e];
	en->loan = (long)i;
	en->seen = 1;
	for (size_t k = 0; k < en->naccounts; k++) {
		struct er_feat_account *a = &s->accounts[en->accounts[k]];
		if (strcmp(a->uscc, l->uscc) == 0) {
			a->loan_match = 1;
			l->linked = 1;
		}
	}
	s->touched = e;
	return 0;
}

static int
load_loan(struct er_feat_store *s, const er_reader *r, const struct er_feat_cols *k, struct er_feat_counts *c)
{
	size_t len;
	char ubuf[64];
	const char *uscc = uscc_field(r, k, ER_LOANS_USCC, ubuf, &len);
	if (len == 0) {
		report(r, k, ER_LOANS_USCC, "empty code", uscc);
		return 1;
	}
	er_day apply;
	if (get_date(r, k, ER_LOANS_APPLY_DATE, 0, &apply) < 0)
		return 1;
	if (!s->moving_asof && !s->asof_from_loans && s->asof != ER_NO_DAY && apply > s->asof) {
		c->skipped++;
		return 0;
	}
	/* --asof D skips an application after D: --asof last takes it in its date */
	if (s->moving_asof && apply > s->latest)
		s->latest = apply;
	int added = 0;
	long i = er_strmap_intern(s->loan_keys, uscc, len, &added);
	if (i < 0)
		return -1;
	if (!added) {
		/* An enterprise's first application decides: the later ones are counted as used. */
		if (apply >= s->loans[i].apply_date) {
			c->used++;
			return 0;
		}
		er_feat_loan_free(&s->loans[i]);
	} else {
		if (ER_GROW(s->loans, s->caploans, s->nloans + 1) < 0)
			return -1;
		s->nloans++;
	}
	struct er_feat_loan *l = &s->loans[i];
	memset(l, 0, sizeof *l);
	l->apply_date = apply;
	l->uscc = strndup(uscc, len);
	l->name = dup_norm(r, k, ER_LOANS_NAME, er_feat_norm_name);
	l->legal_rep = dup_norm(r, k, ER_LOANS_LEGAL_REP, er_feat_norm_plain);
	l->phone = dup_norm(r, k, ER_LOANS_PHONE, er_feat_norm_phone);
	l->address = dup_norm(r, k, ER_LOANS_ADDRESS, er_feat_norm_address);
	if (!l->uscc || !l->name || !l->legal_rep || !l->phone || !l->address)
		return -1;
	c->used++;
	return s->feed ? link_loan(s, (size_t)i) : 0;
}

static int
add_account_to_entity(struct er_feat_store *s, long e, uint32_t acc)
{
	struct er_feat_entity *en = &s->entities[e];
	if (ER_GROW(en->accounts, en->capaccounts, en->naccounts + 1) < 0)
		return -1;
	en->accounts[en->naccounts++] = acc;
	const struct er_feat_account *a = &s->accounts[acc];
	if (en->industry < 0)
		en->industry = a->industry;
	if (!isnan(a->contract_kva))
		en->contract_kva = isnan(en->contract_kva) ? a->contract_kva : en->contract_kva + a->contract_kva;
	return 0;
}

/* Counts enterprise ENT for value V (none when empty: *ID -2) of SH; *ID gets V's index.
 * Returns 0 or -1 (no memory). */
static int
shared_add(struct er_feat_shared *sh, const char *v, uint32_t ent, long *id)
{
	*id = -2;
	if (!*v)
		return 0;
	int added = 0;
	long i = er_strmap_intern(sh->values, v, strlen(v), &added);
	if (i < 0 || ER_GROW(sh->n, sh->cap, (size_t)i + 1) < 0)
		return -1;
	if (added)
		sh->n[i] = 0;
	int pair = er_u64set_add(sh->pairs, (uint64_t)i << 32 | ent);
	if (pair < 0)
		return -1;
	sh->n[i] += (unsigned)pair;
	*id = i;
	return 0;
}

/* Adds account A of a live feed to the sharing counts (count_shared, one account at a
 * time). Returns 0 or -1 (no memory). */
static int
share_account(struct er_feat_store *s, size_t a)
{
	if (ER_GROW(s->shared_ids, s->capshared, 3 * (a + 1)) < 0)
		return -1;
	const struct er_feat_account *x = &s->accounts[a];
	const char *v[3] = {x->phone, x->address, x->legal_rep_id};
	for (int k = 0; k < 3; k++)
		if (shared_add(&s->shared[k], v[k], x->enterprise, &s->shared_ids[3 * a + (size_t)k]) < 0)
			return -1;
	return 0;
}

void
er_feat_store_refresh(struct er_feat_store *s, size_t ei)
{
	if (!s->feed)
		return;
	const struct er_feat_entity *e = &s->entities[ei];
	for (size_t k = 0; k < e->naccounts; k++) {
		struct er_feat_account *a = &s->accounts[e->accounts[k]];
		const long *id = &s->shared_ids[3 * (size_t)e->accounts[k]];
		a->phone_shared = id[0] >= 0 ? s->shared[0].n[id[0]] : 0;
		a->address_shared = id[1] >= 0 ? s->shared[1].n[id[1]] : 0;
		a->rep_shared = id[2] >= 0 ? s->shared[2].n[id[2]] : 0;
	}
}

void
er_feat_store_advance(struct er_feat_store *s, size_t ei, er_day date)
{
	struct er_feat_entity *e = &s->entities[ei];
	if (!s->moving_asof)
		return;
	if (date > s->latest)
		s->latest = date;
	if (e->asof != ER_NO_DAY && date <= e->asof)
		return;
	e->asof = date;
	if (e->series)
		er_feat_series_advance(e->series, date);
	if (e->custom)
		er_feat_custom_advance(s->custom, e->custom, date);
}

int
er_feat_store_asof_latest(struct er_feat_store *s)
{
	if (s->latest == ER_NO_DAY)
		return -1;
	/* Each entity's windows followed its own latest date, which no row of it passed:
	 * moved on to the latest of all, they hold what --asof with that date keeps. */
	for (size_t i = 0; i < s->nentities; i++)
		er_feat_store_advance(s, i, s->latest);
	s->asof = s->latest;
	return 0;
}

/* Starts a live feed on S: the sharing counts of the accounts loaded so far, once.
 * Returns 0 or ER_ENOMEM. */
static int
feed_begin(struct er_feat_store *s)
{
	s->feed = 1;
	s->touched = -1;
	for (int k = 0; k < 3; k++)
		if (!(s->shared[k].values = er_strmap_new()) || !(s->shared[k].pairs = er_u64set_new()))
			return ER_ENOMEM;
	if (!s->feed_enterprises && !(s->feed_enterprises = er_strmap_new()))
		return ER_ENOMEM;
	for (size_t a = 0; a < s->naccounts; a++)
		if (share_account(s, a) < 0)
			return ER_ENOMEM;
	return 0;
}

static int
load_account(struct er_feat_store *s, const er_reader *r, const struct er_feat_cols *k, struct er_feat_counts *c,
             er_strmap *enterprises)
{
	size_t idlen, ulen, len;
	const char *id = field(r, k, ER_ACCOUNTS_ACCOUNT_ID, &idlen);
	char ubuf[64];
	const char *uscc = uscc_field(r, k, ER_ACCOUNTS_USCC, ubuf, &ulen);
	if (idlen == 0) {
		report(r, k, ER_ACCOUNTS_ACCOUNT_ID, "empty account", id);
		return 1;
	}
	if (er_strmap_find(s->account_keys, id, idlen) >= 0) {
		report(r, k, ER_ACCOUNTS_ACCOUNT_ID, "duplicate account", id);
		return 1;
	}
	struct er_feat_account a = {.phone_valid = -1, .status = -1, .industry = -1};
	if (get_num(r, k, ER_ACCOUNTS_CONTRACT_KVA, 1, NAN, &a.contract_kva) < 0 ||
	    get_date(r, k, ER_ACCOUNTS_OPEN_DATE, 1, &a.open_date) < 0)
		return 1;
	const char *status = field(r, k, ER_ACCOUNTS_STATUS, &len);
	/* other (er-ingest --unknown-codes keep) is a status not known: no status */
	if (len > 0 && strcmp(status, "other") != 0 && (a.status = er_feat_status_code(status)) < 0) {
		report(r, k, ER_ACCOUNTS_STATUS, "unknown status", status);
		return 1;
	}
	const char *industry = field(r, k, ER_ACCOUNTS_INDUSTRY, &len);
	if (len > 0 && (a.industry = (int)er_strmap_intern(s->industries, industry, len, NULL)) < 0)
		return -1;
	/* The enterprise: the code itself, the applicant whose organization code it is, or
	 * the account alone. */
	const char *ent_key = ulen ? uscc : id;
	size_t ent_len = ulen ? ulen : idlen;
	long loan = ulen ? er_strmap_find(s->loan_keys, uscc, ulen) : -1;
	if (loan >= 0) {
		a.loan_match = 1;
	} else if (ulen == 9 || ulen == 10) {
		/* Legacy codes are rare: a scan of the applicants is enough. */
		char code[11];
		memcpy(code, uscc, ulen);
		code[ulen] = '\0';
		for (size_t o = 0; o < s->nloans; o++)
			if (er_feat_orgcode_matches(code, s->loans[o].uscc)) {
				loan = (long)o;
				a.loan_match = 0.5;
				ent_key = s->loans[o].uscc;
				ent_len = strlen(ent_key);
				break;
			}
	}
	long ent = er_strmap_intern(enterprises, ent_key, ent_len, NULL);
	/* In a live feed the account's rows may have come first, under its own id: they stay
	 * there (a series is not split between entities), and so does the account, said once. */
	long own = s->feed && s->by_enterprise && ent_key != id ? er_strmap_find(s->entity_keys, id, idlen) : -1;
	if (own >= 0 && s->entities[own].seen) {
		char where[ER_WHERELEN];
		er_diag_msg(s->diag,
		            "account '%s' came after rows of its own: they and it stay under '%s', not enterprise "
		            "'%.*s': feed accounts before their data%s",
		            id, id, (int)ent_len, ent_key,
		            er_reader_where(r, k->s->fields[ER_ACCOUNTS_USCC].name, where, sizeof where));
		ent_key = id;
	}
	long e = s->by_enterprise && own < 0 ? entity_of_key(s, ent_key, ent_len) : entity_of_key(s, id, idlen);
	if (ent < 0 || e < 0)
		return -1;
	a.entity = (uint32_t)e;
	a.enterprise = (uint32_t)ent;
	if (s->by_enterprise && ent_key != id)
		s->entities[e].key_is_code = 1;
	a.uscc = strndup(uscc, ulen);
	a.name = dup_norm(r, k, ER_ACCOUNTS_NAME, er_feat_norm_name);
	a.legal_rep = dup_norm(r, k, ER_ACCOUNTS_LEGAL_REP, er_feat_norm_plain);
	a.phone = dup_norm(r, k, ER_ACCOUNTS_PHONE, er_feat_norm_phone);
	a.address = dup_norm(r, k, ER_ACCOUNTS_ADDRESS, er_feat_norm_address);
	a.legal_rep_id = dup_norm(r, k, ER_ACCOUNTS_LEGAL_REP_ID, norm_resident_id);
	if (!a.uscc || !a.name || !a.legal_rep || !a.phone || !a.address || !a.legal_rep_id) {
		er_feat_account_free(&a);
		return -1;
	}
	if (*a.phone)
		a.phone_valid = er_ident_phone(a.phone, strlen(a.phone)) == ER_IDENT_OK;
	if (ER_GROW(s->accounts, s->capaccounts, s->naccounts + 1) < 0 ||
	    er_strmap_intern(s->account_keys, id, idlen, NULL) != (long)s->naccounts) {
		er_feat_account_free(&a);
		return -1;
	}
	s->accounts[s->naccounts] = a;
	s->entities[e].seen = 1;
	if (add_account_to_entity(s, e, (uint32_t)s->naccounts) < 0)
		return -1;
	s->naccounts++;
	if (loan >= 0) {
		s->entities[e].loan = loan;
		s->loans[loan].linked = 1;
	}
	c->used++;
	if (s->feed) {
		/* the account's readings may have been cached under its own entity */
		s->last_entity = -1;
		s->touched = e;
		return share_account(s, s->naccounts - 1);
	}
	return 0;
}

/* The entity for a dated row of an account-keyed table, or -2 when the row is skipped
 * (dated after its entity's as-of date, or an entity not evaluated), -1 out of memory. */
static long
dated_entity(struct er_feat_store *s, const er_reader *r, const struct er_feat_cols *k, er_day date,
             struct er_feat_counts *c)
{
	size_t len;
	const char *id = field(r, k, 0, &len); /* account_id is every account-keyed table's first field */
	long e = er_feat_store_entity_of_account(s, id, len);
	if (e < 0)
		return -1;
	er_day asof = s->entities[e].asof;
	if (!s->moving_asof && (asof == ER_NO_DAY || date > asof)) {
		c->skipped++;
		return -2;
	}
	return e;
}

/* The date (field DATE_F) and the code (field CODE_F, parsed by PARSE; unknown: reported as
 * WHAT) that open every inspection and event row. 0, or -1 after a report. */
static int
dated_code(const er_reader *r, const struct er_feat_cols *k, int date_f, er_day *date, int code_f,
           int (*parse)(const char *), const char *what, int *code)
{
	size_t len;
	if (get_date(r, k, date_f, 0, date) < 0)
		return -1;
	const char *v = field(r, k, code_f, &len);
	if ((*code = parse(v)) < 0) {
		report(r, k, code_f, what, v);
		return -1;
	}
	return 0;
}

/* The entity a row dated DATE is added to, counted as used; NULL with *RC 0 when the row
 * is skipped (see dated_entity), -1 when out of memory. */
static struct er_feat_entity *
used_entity(struct er_feat_store *s, const er_reader *r, const struct er_feat_cols *k, er_day date,
            struct er_feat_counts *c, int *rc)
{
	long e = dated_entity(s, r, k, date, c);
	*rc = e == -2 ? 0 : -1;
	if (e < 0)
		return NULL;
	/* --asof last: the entity's windows move on to the row's date, as for a reading, so that
	 * a bills --agg has its months in them */
	if (s->feed || s->asof_last)
		er_feat_store_advance(s, (size_t)e, date);
	if (s->feed)
		s->touched = e;
	struct er_feat_entity *en = &s->entities[e];
	en->seen = 1;
	c->used++;
	return en;
}

static int
load_bill(struct er_feat_store *s, er_reader *r, const struct er_feat_cols *k, struct er_feat_counts *c)
{
	struct er_feat_bill b;
	er_day period_day;
	int precision;
	size_t len;
	const char *period = field(r, k, ER_BILLS_PERIOD, &len);
	int res = er_date_parse(period, len, NULL, &period_day, &precision);
	if (res != ER_DATE_OK) {
		report(r, k, ER_BILLS_PERIOD, er_date_strerror(res), period);
		return 1;
	}
	b.period = er_date_month_index(period_day);
	if (get_num(r, k, ER_BILLS_AMOUNT, 0, 0, &b.amount) < 0 || get_date(r, k, ER_BILLS_DUE_DATE, 0, &b.due) < 0 ||
	    get_date(r, k, ER_BILLS_PAID_DATE, 1, &b.paid) < 0 ||
	    get_num(r, k, ER_BILLS_PAID_AMOUNT, 1, NAN, &b.paid_amount) < 0 ||
	    get_num(r, k, ER_BILLS_LATE_FEE, 1, 0, &b.late_fee) < 0)
		return 1;
	const char *method = field(r, k, ER_BILLS_PAY_METHOD, &len);
	b.method = -1;
	b.method_class = ER_FEAT_PAY_OTHER;
	if (len > 0) {
		long m = er_strmap_intern(s->methods, method, len, NULL);
		if (m < 0)
			return -1;
		b.method = (int)m;
		b.method_class = er_feat_pay_method_class(method, len);
	}
	er_day dated = er_date_month_last(b.period);
	int rc;
	struct er_feat_entity *en = used_entity(s, r, k, dated, c, &rc);
	if (!en)
		return rc;
	/* a moving as-of date in a stream is placed by the readings only, after the bills */
	if (s->custom && (!s->moving_asof || s->asof_last)) {
		char err[ER_ERRLEN];
		if (!en->custom && !(en->custom = er_feat_custom_state_new(s->custom, en->asof)))
			return -1;
		int st = er_feat_custom_add(s->custom, en->custom, ER_FEAT_TAB_BILLS, r, dated, err);
		if (st == ER_ENOMEM)
			return -1;
		if (st) {
			/* the bill is good, only its aggregated field is not */
			char where[ER_WHERELEN];
			er_diag_msg(s->diag, "%s%s", err, er_reader_where(r, NULL, where, sizeof where));
			c->bad_values++;
		}
	}
	if (ER_GROW(en->bills, en->capbills, en->nbills + 1) < 0)
		return -1;
	en->bills[en->nbills++] = b;
	/* a live feed keeps them in the order er_feat_store_sort gives (stable: a bill after
	 * the others of its period); in order, as bills usually come, nothing moves */
	if (s->feed && en->nbills > 1 && en->bills[en->nbills - 2].period > b.period)
		return er_feat_pay_sort(en->bills, en->nbills) < 0 ? -1 : 0;
	return 0;
}

static int
load_case(struct er_feat_store *s, const er_reader *r, const struct er_feat_cols *k, struct er_feat_counts *c)
{
	struct er_feat_case x;
	size_t len;
	if (dated_code(r, k, ER_INSPECTIONS_DATE, &x.date, ER_INSPECTIONS_FINDING, er_feat_insp_finding,
	               "unknown finding", &x.finding) < 0)
		return 1;
	if (get_num(r, k, ER_INSPECTIONS_BACK_AMOUNT, 1, 0, &x.back_amount) < 0 ||
	    get_num(r, k, ER_INSPECTIONS_PENALTY, 1, 0, &x.penalty) < 0 ||
	    get_date(r, k, ER_INSPECTIONS_CLOSE_DATE, 1, &x.close_date) < 0)
		return 1;
	const char *status = field(r, k, ER_INSPECTIONS_STATUS, &len);
	x.status_closed = strcmp(status, "closed") == 0 || strcmp(status, "结案") == 0;
	int rc;
	struct er_feat_entity *en = used_entity(s, r, k, x.date, c, &rc);
	if (!en)
		return rc;
	if (ER_GROW(en->cases, en->capcases, en->ncases + 1) < 0)
		return -1;
	en->cases[en->ncases++] = x;
	return 0;
}

static int
load_event(struct er_feat_store *s, const er_reader *r, const struct er_feat_cols *k, struct er_feat_counts *c)
{
	struct er_feat_event x;
	size_t len;
	if (dated_code(r, k, ER_EVENTS_DATE, &x.date, ER_EVENTS_TYPE, er_feat_event_type, "unknown event type",
	               &x.type) < 0)
		return 1;
	if (get_num(r, k, ER_EVENTS_CAP_BEFORE, 1, NAN, &x.cap_before) < 0 ||
	    get_num(r, k, ER_EVENTS_CAP_AFTER, 1, NAN, &x.cap_after) < 0 ||
	    get_date(r, k, ER_EVENTS_END_DATE, 1, &x.end_date) < 0)
		return 1;
	const char *id = field(r, k, ER_EVENTS_ACCOUNT_ID, &len);
	x.account = (uint32_t)er_hash64(id, len);
	int rc;
	struct er_feat_entity *en = used_entity(s, r, k, x.date, c, &rc);
	if (!en)
		return rc;
	if (ER_GROW(en->events, en->capevents, en->nevents + 1) < 0)
		return -1;
	en->events[en->nevents++] = x;
	if (s->feed && en->nevents > 1 && en->events[en->nevents - 2].date > x.date)
		return er_feat_event_sort(en->events, en->nevents) < 0 ? -1 : 0;
	return 0;
}

int
er_feat_store_bind(struct er_feat_store *s, int kind, er_reader *r, struct er_feat_cols *k, char *err)
{
	if (kind != ER_KIND_LOANS && kind != ER_KIND_ACCOUNTS && kind != ER_KIND_BILLS && kind != ER_KIND_INSPECTIONS &&
	    kind != ER_KIND_EVENTS)
		return er_fail(err, ER_EDATA, "not a side table");
	k->s = er_schema_get((enum er_kind)kind);
	k->diag = s->diag;
	/* An applicant is its code here: the loans' app_id may be absent. */
	unsigned use = kind == ER_KIND_LOANS ? ~ER_FIELD_BIT(ER_LOANS_APP_ID) : ~0u;
	if (er_schema_bind(k->s, r, use, k->col, err) != 0)
		return ER_EDATA;
	switch (kind) {
	case ER_KIND_ACCOUNTS: s->have_accounts = 1; break;
	case ER_KIND_BILLS:
		s->have_bills = 1;
		if (s->custom)
			er_feat_custom_bind(s->custom, ER_FEAT_TAB_BILLS, r);
		break;
	case ER_KIND_INSPECTIONS: s->have_inspections = 1; break;
	case ER_KIND_EVENTS: s->have_events = 1; break;
	}
	return 0;
}

/* Adds the current row of R (table KIND bound in K) to S. Returns 0 used or skipped
 * (counted), 1 rejected (reported, not counted), -1 out of memory. */
static int
one_row(struct er_feat_store *s, int kind, er_reader *r, const struct er_feat_cols *k, struct er_feat_counts *c)
{
	size_t idlen;
	const char *id = field(r, k, 0, &idlen);
	/* distinct ids rounded alike by Excel would merge into one entity */
	if (kind != ER_KIND_LOANS && er_ident_sci_notation(id, idlen)) {
		report(r, k, 0, ER_IDENT_SCI_MSG, id);
		return 1;
	}
	switch (kind) {
	case ER_KIND_LOANS: return load_loan(s, r, k, c);
	case ER_KIND_ACCOUNTS: return load_account(s, r, k, c, s->feed_enterprises);
	case ER_KIND_BILLS: return load_bill(s, r, k, c);
	case ER_KIND_INSPECTIONS: return load_case(s, r, k, c);
	default: return load_event(s, r, k, c);
	}
}

int
er_feat_store_add_row(struct er_feat_store *s, int kind, er_reader *r, const struct er_feat_cols *k,
                      struct er_feat_counts *c, long *entity)
{
	*entity = -1;
	if (!s->feed && feed_begin(s) != 0)
		return ER_ENOMEM;
	s->touched = -1;
	c->read++;
	int rc = one_row(s, kind, r, k, c);
	if (rc < 0)
		return ER_ENOMEM;
	if (rc > 0)
		c->rejected++;
	else
		*entity = s->touched;
	return 0;
}

int
er_feat_store_load(struct er_feat_store *s, int kind, er_reader *r, struct er_feat_counts *c)
{
	char err[ER_ERRLEN];
	struct er_feat_cols k;
	int st = 0;
	if (er_reader_ncols(r) == 0)
		return 0;
	if (er_feat_store_bind(s, kind, r, &k, err) != 0) {
		er_diag_msg(s->diag, "%s", err);
		return ER_EDATA;
	}
	/* kept: a live feed adds accounts of the same enterprises later */
	if (kind == ER_KIND_ACCOUNTS && !s->feed_enterprises && !(s->feed_enterprises = er_strmap_new()))
		return ER_ENOMEM;
	for (;;) {
		unsigned long bad = 0;
		int got = er_table_next(s->diag, r, "", &bad, err);
		c->read += bad;
		c->rejected += bad;
		if (got == ER_READ_FAIL) {
			st = er_reader_fail_status(r);
			/* out of memory is said once, by the tool */
			if (st != ER_ENOMEM)
				er_diag_msg(s->diag, "%s (file %s)", err, er_reader_filename(r));
			break;
		}
		if (got == 0)
			break;
		c->read++;
		int rc = one_row(s, kind, r, &k, c);
		if (rc < 0) {
			st = ER_ENOMEM;
			break;
		}
		if (rc > 0)
			c->rejected++;
	}
	return st;
}

/* Counts, for each account, the distinct enterprises sharing its phone, its address and its
 * legal representative's resident ID. */
static int
count_shared(struct er_feat_store *s)
{
	int st = ER_ENOMEM;
	er_strmap *phones = er_strmap_new(), *addresses = er_strmap_new(), *reps = er_strmap_new();
	er_u64set *phone_pairs = er_u64set_new(), *address_pairs = er_u64set_new(), *rep_pairs = er_u64set_new();
	unsigned *phone_n = NULL, *address_n = NULL, *rep_n = NULL;
	long *phone_id = calloc(s->naccounts + 1, sizeof *phone_id);
	long *address_id = calloc(s->naccounts + 1, sizeof *address_id);
	long *rep_id = calloc(s->naccounts + 1, sizeof *rep_id);
	if (!phones || !addresses || !reps || !phone_pairs || !address_pairs || !rep_pairs || !phone_id ||
	    !address_id || !rep_id)
		goto out;
	for (size_t i = 0; i < s->naccounts; i++) {
		const struct er_feat_account *a = &s->accounts[i];
		phone_id[i] = *a->phone ? er_strmap_intern(phones, a->phone, strlen(a->phone), NULL) : -2;
		address_id[i] = *a->address ? er_strmap_intern(addresses, a->address, strlen(a->address), NULL) : -2;
		rep_id[i] =
			*a->legal_rep_id ? er_strmap_intern(reps, a->legal_rep_id, strlen(a->legal_rep_id), NULL) : -2;
		if (phone_id[i] == -1 || address_id[i] == -1 || rep_id[i] == -1)
			goto out;
	}
	phone_n = calloc(er_strmap_size(phones) + 1, sizeof *phone_n);
	address_n = calloc(er_strmap_size(addresses) + 1, sizeof *address_n);
	rep_n = calloc(er_strmap_size(reps) + 1, sizeof *rep_n);
	if (!phone_n || !address_n || !rep_n)
		goto out;
	for (size_t i = 0; i < s->naccounts; i++) {
		uint64_t ent = s->accounts[i].enterprise;
		if (phone_id[i] >= 0) {
			int added = er_u64set_add(phone_pairs, (uint64_t)phone_id[i] << 32 | ent);
			if (added < 0)
				goto out;
			phone_n[phone_id[i]] += (unsigned)added;
		}
		if (address_id[i] >= 0) {
			int added = er_u64set_add(address_pairs, (uint64_t)address_id[i] << 32 | ent);
			if (added < 0)
				goto out;
			address_n[address_id[i]] += (unsigned)added;
		}
		if (rep_id[i] >= 0) {
			int added = er_u64set_add(rep_pairs, (uint64_t)rep_id[i] << 32 | ent);
			if (added < 0)
				goto out;
			rep_n[rep_id[i]] += (unsigned)added;
		}
	}
	for (size_t i = 0; i < s->naccounts; i++) {
		s->accounts[i].phone_shared = phone_id[i] >= 0 ? phone_n[phone_id[i]] : 0;
		s->accounts[i].address_shared = address_id[i] >= 0 ? address_n[address_id[i]] : 0;
		s->accounts[i].rep_shared = rep_id[i] >= 0 ? rep_n[rep_id[i]] : 0;
	}
	st = 0;
out:
	er_strmap_free(phones);
	er_strmap_free(addresses);
	er_strmap_free(reps);
	er_u64set_free(phone_pairs);
	er_u64set_free(address_pairs);
	er_u64set_free(rep_pairs);
	free(phone_n);
	free(address_n);
	free(rep_n);
	free(phone_id);
	free(address_id);
	free(rep_id);
	return st;
}

int
er_feat_store_link(struct er_feat_store *s)
{
	for (size_t i = 0; i < s->nloans; i++) {
		if (s->loans[i].linked)
			continue;
		long e = entity_of_key(s, s->loans[i].uscc, strlen(s->loans[i].uscc));
		if (e < 0)
			return ER_ENOMEM;
		s->entities[e].loan = (long)i;
		s->entities[e].seen = 1;
	}
	if (s->asof_from_loans)
		for (size_t i = 0; i < s->nentities; i++)
			if (s->entities[i].loan >= 0)
				s->entities[i].asof = s->loans[s->entities[i].loan].apply_date;
	s->last_entity = -1;
	return count_shared(s);
}

int
er_feat_store_sort(struct er_feat_store *s)
{
	for (size_t i = 0; i < s->nentities; i++) {
		struct er_feat_entity *e = &s->entities[i];
		if (er_feat_pay_sort(e->bills, e->nbills) < 0 || er_feat_event_sort(e->events, e->nevents) < 0)
			return ER_ENOMEM;
	}
	return 0;
}

int
er_feat_store_add_meter(struct er_feat_store *s, long ei, const char *aid, size_t alen, const char *mid, size_t mlen,
                        er_day end, int days, int minute, double kwh, const char *file, uint64_t line)
{
	struct er_feat_entity *e = &s->entities[ei];
	if (!s->by_enterprise) {
		/* the entity is the account: its meter ids alone tell its meters */
		aid = "";
		alen = 0;
	}
	if (!e->meters && !(e->meters = calloc(1, sizeof *e->meters)))
		return ER_ENOMEM;
	long i = er_feat_meters_add(e->meters, aid, alen, mid, mlen, end, days);
	if (i < 0)
		return ER_ENOMEM;
	if (minute < 0)
		return 0;
	struct er_feat_meter *x = &e->meters->m[i];
	if (!x->load && !(x->load = er_feat_load_new(e->asof, s->moving_asof)))
		return ER_ENOMEM;
	return er_feat_load_add(x->load, e->asof, end, minute, kwh, file, line) < 0 ? ER_ENOMEM : 0;
}

void
er_feat_store_report_off_grid(const struct er_feat_store *s, const char *field)
{
	for (size_t i = 0; i < s->nentities; i++) {
		const struct er_feat_meters *m = s->entities[i].meters;
		for (size_t k = 0; m && k < m->n; k++) {
			const struct er_feat_meter *x = &m->m[k];
			uint64_t count;
			const struct er_feat_load_start *off = x->load ? er_feat_load_off_grid(x->load, &count) : NULL;
			if (!off)
				continue;
			int len = er_feat_load_spacing(x->load);
			char where[ER_WHERELEN], acc[ER_ERRLEN / 4] = "", meter[ER_ERRLEN / 4] = "";
			/* an enterprise's meters are named by account and meter */
			if (x->alen)
				snprintf(acc, sizeof acc, " account '%.*s'", (int)x->alen, x->key);
			if (x->mlen)
				snprintf(meter, sizeof meter, " meter '%.*s'", (int)x->mlen, x->key + x->alen);
			er_diag_msg(s->diag,
			            "reading off its meter's %d-minute spacing '%02d:%02d'%s: kept as a %d-minute "
			            "interval; '%s'%s%s has %llu reading%s off it",
			            len, off->minute / 60, off->minute % 60,
			            er_where(where, sizeof where, off->file, off->line, field), len,
			            er_feat_store_entity_id(s, i), acc, meter, (unsigned long long)count,
			            count == 1 ? "" : "s");
		}
	}
}

int
er_feat_store_compute(const struct er_feat_store *s, size_t i, double *row)
{
	const struct er_feat_entity *e = &s->entities[i];
	er_day asof = e->asof;
	for (size_t k = 0; k < ER_FEAT_COUNT; k++)
		row[k] = NAN;
	/* without an as-of date (nothing dated seen yet) no window exists: those stay empty */
	if (asof != ER_NO_DAY) {
		er_feat_usage_compute(e->series, asof, e->contract_kva, row);
		er_feat_load_compute(e->meters, s->tou, asof, row);
		if (s->have_meter_ids)
			er_feat_meters_compute(e->meters, asof, row);
		if (s->have_bills)
			er_feat_pay_compute(e->bills, e->nbills, asof, row);
		if (s->have_inspections)
			er_feat_insp_compute(e->cases, e->ncases, asof,
			                     s->have_bills ? er_feat_pay_amount_12m(e->bills, e->nbills, asof) : NAN,
			                     row);
		if (s->have_events)
			er_feat_event_compute(e->events, e->nevents, asof, e->series, row);
	}
	if (s->naccounts == 0 && s->nloans == 0)
		return 0;
	const struct er_feat_account *few[16];
	const struct er_feat_account **acc = few;
	/* the info indicators of this entity cannot be computed: empty would look like no data */
	if (e->naccounts > 16 && !(acc = malloc(e->naccounts * sizeof *acc)))
		return ER_ENOMEM;
	const char *uscc = NULL;
	for (size_t k = 0; k < e->naccounts; k++) {
		acc[k] = &s->accounts[e->accounts[k]];
		if (!uscc && *acc[k]->uscc)
			uscc = acc[k]->uscc;
	}
	const struct er_feat_loan *loan = e->loan >= 0 ? &s->loans[e->loan] : NULL;
	if (!uscc && loan)
		uscc = loan->uscc;
	int st = er_feat_info_compute(acc, e->naccounts, loan, uscc, asof, row);
	if (acc != few)
		free(acc);
	return st;
}
