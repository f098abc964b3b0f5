/* feat_checkpoint: the store to bytes and back, and the checkpoint file of er-features --state. */
#include "features/feat_checkpoint.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/atomicfile.h"
#include "lib/binio.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "lib/vec.h"

static const char magic[] = "er-features-checkpoint,1\n";
/* guards the counts read from a file against absurd allocations before the hash is checked */
#define MAX_COUNT ((int64_t)1 << 40)

/* ---- encoding ---- */

static int
put_keys(struct er_buf *b, const er_strmap *m)
{
	size_t n = er_strmap_size(m);
	if (er_bin_put_u64(b, n))
		return -1;
	for (size_t i = 0; i < n; i++) {
		size_t len;
		const char *k = er_strmap_key(m, i, &len);
		if (er_bin_put_str(b, k, len))
			return -1;
	}
	return 0;
}

static int
put_text(struct er_buf *b, const char *s)
{
	return er_bin_put_str(b, s, s ? strlen(s) : 0);
}

static int
put_series(struct er_buf *b, const struct er_feat_series *x)
{
	int st = er_bin_put_u64(b, x != NULL);
	if (!x || st)
		return st;
	st = er_bin_put_i64(b, x->anchor) || er_bin_put_i64(b, x->anchor_month) || er_bin_put_i64(b, x->cache_month) ||
		er_bin_put_i64(b, x->cache_first) || er_bin_put_i64(b, x->cache_last) ||
		er_bin_put_u64(b, x->month_mask);
	for (size_t i = 0; i < ER_FEAT_NDAYS / 64 && !st; i++)
		st = er_bin_put_u64(b, x->day_mask[i]);
	for (size_t i = 0; i < ER_FEAT_NMONTHS && !st; i++)
		st = er_bin_put_f64(b, x->month_kwh[i]);
	for (size_t i = 0; i < ER_FEAT_NDAYS && !st; i++)
		st = er_bin_put_f64(b, x->day_kwh[i]);
	return st ? -1 : 0;
}

static int
put_load(struct er_buf *b, const struct er_feat_load *l)
{
	int st = er_bin_put_u64(b, l != NULL);
	if (!l || st)
		return st;
	/* index and present follow from the starts' minutes: rebuilt on load */
	st = er_bin_put_u64(b, l->n);
	for (size_t i = 0; i < l->n && !st; i++) {
		const struct er_feat_load_start *x = &l->starts[i];
		st = er_bin_put_i64(b, x->minute) || er_bin_put_u64(b, x->count) || er_bin_put_u64(b, x->line) ||
			er_bin_put_f64(b, x->kwh[0]) || er_bin_put_f64(b, x->kwh[1]) || er_bin_put_f64(b, x->kwh[2]);
	}
	st = st || er_bin_put_i64(b, l->anchor) || er_bin_put_i64(b, l->ref_month) || er_bin_put_i64(b, l->cache_day) ||
		er_bin_put_i64(b, l->cache_month) || er_bin_put_u64(b, l->count90) || er_bin_put_f64(b, l->max_kwh90) ||
		er_bin_put_i64(b, l->moving) || er_bin_put_u64(b, l->nkept);
	for (size_t i = 0; i < l->nkept && !st; i++)
		st = er_bin_put_i64(b, l->kept[i].day) || er_bin_put_i64(b, l->kept[i].start) ||
			er_bin_put_f64(b, l->kept[i].kwh);
	return st ? -1 : 0;
}

static int
put_meters(struct er_buf *b, const struct er_feat_meters *m)
{
	int st = er_bin_put_u64(b, m != NULL);
	if (!m || st)
		return st;
	st = er_bin_put_u64(b, m->n) || er_bin_put_u64(b, m->last);
	for (size_t i = 0; i < m->n && !st; i++) {
		const struct er_feat_meter *x = &m->m[i];
		st = er_bin_put_str(b, x->key, x->alen + x->mlen) || er_bin_put_u64(b, x->alen) ||
			er_bin_put_i64(b, x->first_start) || er_bin_put_i64(b, x->first_end) ||
			er_bin_put_i64(b, x->last_start) || er_bin_put_i64(b, x->last_end) || put_load(b, x->load);
	}
	return st ? -1 : 0;
}

static int
put_entity(struct er_buf *b, const struct er_feat_store *s, const struct er_feat_entity *e)
{
	int st = er_bin_put_i64(b, e->asof) || put_series(b, e->series) ||
		er_feat_custom_state_dump(s->custom, e->custom, b) || put_meters(b, e->meters) ||
		er_bin_put_u64(b, e->nbills);
	for (size_t i = 0; i < e->nbills && !st; i++) {
		const struct er_feat_bill *x = &e->bills[i];
		st = er_bin_put_i64(b, x->period) || er_bin_put_f64(b, x->amount) || er_bin_put_i64(b, x->due) ||
			er_bin_put_i64(b, x->paid) || er_bin_put_f64(b, x->paid_amount) ||
			er_bin_put_f64(b, x->late_fee) || er_bin_put_i64(b, x->method) ||
			er_bin_put_i64(b, x->method_class);
	}
	st = st || er_bin_put_u64(b, e->ncases);
	for (size_t i = 0; i < e->ncases && !st; i++) {
		const struct er_feat_case *x = &e->cases[i];
		st = er_bin_put_i64(b, x->date) || er_bin_put_i64(b, x->finding) || er_bin_put_f64(b, x->back_amount) ||
			er_bin_put_f64(b, x->penalty) || er_bin_put_i64(b, x->status_closed) ||
			er_bin_put_i64(b, x->close_date);
	}
	st = st || er_bin_put_u64(b, e->nevents);
	for (size_t i = 0; i < e->nevents && !st; i++) {
		const struct er_feat_event *x = &e->events[i];
		st = er_bin_put_i64(b, x->date) || er_bin_put_i64(b, x->type) || er_bin_put_u64(b, x->account) ||
			er_bin_put_f64(b, x->cap_before) || er_bin_put_f64(b, x->cap_after) ||
			er_bin_put_i64(b, x->end_date);
	}
	st = st || er_bin_put_u64(b, e->naccounts);
	for (size_t i = 0; i < e->naccounts && !st; i++)
		st = er_bin_put_u64(b, e->accounts[i]);
	st = st || er_bin_put_i64(b, e->loan) || er_bin_put_i64(b, e->industry) || er_bin_put_f64(b, e->contract_kva) ||
		er_bin_put_i64(b, e->seen) || er_bin_put_i64(b, e->key_is_code);
	return st ? -1 : 0;
}

static int
put_account(struct er_buf *b, const struct er_feat_account *a)
{
	return put_text(b, a->uscc) || put_text(b, a->name) || put_text(b, a->legal_rep) || put_text(b, a->phone) ||
			put_text(b, a->address) || put_text(b, a->legal_rep_id) || er_bin_put_i64(b, a->phone_valid) ||
			er_bin_put_f64(b, a->contract_kva) || er_bin_put_i64(b, a->open_date) ||
			er_bin_put_i64(b, a->status) || er_bin_put_i64(b, a->industry) ||
			er_bin_put_u64(b, a->entity) || er_bin_put_u64(b, a->enterprise) ||
			er_bin_put_f64(b, a->loan_match) || er_bin_put_u64(b, a->phone_shared) ||
			er_bin_put_u64(b, a->address_shared) || er_bin_put_u64(b, a->rep_shared)
		? -1
		: 0;
}

static int
put_loan(struct er_buf *b, const struct er_feat_loan *l)
{
	return put_text(b, l->uscc) || put_text(b, l->name) || put_text(b, l->legal_rep) || put_text(b, l->phone) ||
			put_text(b, l->address) || er_bin_put_i64(b, l->apply_date) || er_bin_put_i64(b, l->linked)
		? -1
		: 0;
}

/* A live feed's own state (feat_store.h): the enterprise keys of its accounts, and the
 * values each account shares; the (value, enterprise) pairs and the counts per value follow
 * from those and are rebuilt at a load. */
static int
put_feed(struct er_buf *b, const struct er_feat_store *s)
{
	int st = er_bin_put_u64(b, s->feed_enterprises != NULL) ||
		(s->feed_enterprises && put_keys(b, s->feed_enterprises)) || er_bin_put_u64(b, s->feed != 0);
	for (int k = 0; k < 3 && s->feed && !st; k++)
		st = put_keys(b, s->shared[k].values);
	for (size_t i = 0; i < 3 * s->naccounts && s->feed && !st; i++)
		st = er_bin_put_i64(b, s->shared_ids[i]);
	return st ? -1 : 0;
}

int
er_feat_ckpt_encode(const struct er_feat_store *s, struct er_buf *b)
{
	int st = er_bin_put_i64(b, s->by_enterprise) || er_bin_put_i64(b, s->moving_asof) ||
		er_bin_put_i64(b, s->asof) || er_bin_put_i64(b, s->asof_from_loans) ||
		er_bin_put_i64(b, s->have_bills) || er_bin_put_i64(b, s->have_inspections) ||
		er_bin_put_i64(b, s->have_events) || er_bin_put_i64(b, s->have_accounts) ||
		er_bin_put_i64(b, s->have_meter_ids) || er_bin_put_u64(b, s->missing_accounts);
	for (size_t i = 0; i < 5 && !st; i++)
		st = er_bin_put_i64(b, s->missing_first[i]);
	st = st || put_keys(b, s->industries) || put_keys(b, s->methods) || er_feat_custom_values_dump(s->custom, b) ||
		put_keys(b, s->account_keys) || er_bin_put_u64(b, s->naccounts);
	for (size_t i = 0; i < s->naccounts && !st; i++)
		st = put_account(b, &s->accounts[i]);
	st = st || put_keys(b, s->loan_keys) || er_bin_put_u64(b, s->nloans);
	for (size_t i = 0; i < s->nloans && !st; i++)
		st = put_loan(b, &s->loans[i]);
	st = st || put_keys(b, s->entity_keys) || er_bin_put_u64(b, s->nentities);
	for (size_t i = 0; i < s->nentities && !st; i++)
		st = put_entity(b, s, &s->entities[i]);
	return st || put_feed(b, s) ? -1 : 0;
}

/* ---- decoding ---- */

#define DAY(c) ((er_day)er_bin_range((c), INT32_MIN, INT32_MAX))
#define INT(c) ((int)er_bin_range((c), INT32_MIN, INT32_MAX))
#define COUNT(c) ((size_t)er_bin_range((c), 0, MAX_COUNT))

/* Interns the keys of CUR into the empty map M, in order. Returns 0, ER_EDATA or ER_ENOMEM. */
static int
get_keys(struct er_bin_cursor *c, er_strmap *m)
{
	size_t n = COUNT(c);
	for (size_t i = 0; i < n && !c->bad; i++) {
		size_t len;
		const char *k = er_bin_str(c, &len, NULL);
		if (c->bad || !k)
			return (c->bad = 1), ER_EDATA;
		int added;
		long at = er_strmap_intern(m, k, len, &added);
		if (at < 0)
			return ER_ENOMEM;
		if (!added || (size_t)at != i)
			c->bad = 1;
	}
	return c->bad ? ER_EDATA : 0;
}

static int
get_series(struct er_bin_cursor *c, struct er_feat_series **out)
{
	*out = NULL;
	if (!er_bin_range(c, 0, 1))
		return 0;
	struct er_feat_series *x = calloc(1, sizeof *x);
	if (!x)
		return ER_ENOMEM;
	x->anchor = DAY(c);
	x->anchor_month = INT(c);
	x->cache_month = INT(c);
	x->cache_first = DAY(c);
	x->cache_last = DAY(c);
	x->month_mask = er_bin_u64(c);
	for (size_t i = 0; i < ER_FEAT_NDAYS / 64; i++)
		x->day_mask[i] = er_bin_u64(c);
	for (size_t i = 0; i < ER_FEAT_NMONTHS; i++)
		x->month_kwh[i] = er_bin_f64(c);
	for (size_t i = 0; i < ER_FEAT_NDAYS; i++)
		x->day_kwh[i] = er_bin_f64(c);
	*out = x;
	return 0;
}

static int
get_load(struct er_bin_cursor *c, const char *file, struct er_feat_load **out)
{
	*out = NULL;
	if (!er_bin_range(c, 0, 1))
		return 0;
	struct er_feat_load *l = er_feat_load_new(ER_NO_DAY, 0);
	if (!l)
		return ER_ENOMEM;
	*out = l;
	size_t n = (size_t)er_bin_range(c, 0, 1440);
	if (c->bad)
		return ER_EDATA;
	if (n && !(l->starts = calloc(n, sizeof *l->starts)))
		return ER_ENOMEM;
	l->n = l->cap = n;
	for (size_t i = 0; i < n && !c->bad; i++) {
		struct er_feat_load_start *x = &l->starts[i];
		x->minute = (int)er_bin_range(c, 0, 1439);
		x->count = er_bin_u64(c);
		x->line = er_bin_u64(c);
		x->file = file;
		for (int k = 0; k < 3; k++)
			x->kwh[k] = er_bin_f64(c);
		if (c->bad || l->index[x->minute] >= 0)
			return (c->bad = 1), ER_EDATA;
		l->index[x->minute] = (int16_t)i;
		l->present[x->minute / 64] |= (uint64_t)1 << (x->minute % 64);
	}
	l->anchor = DAY(c);
	l->ref_month = INT(c);
	l->cache_day = DAY(c);
	l->cache_month = INT(c);
	l->count90 = er_bin_u64(c);
	l->max_kwh90 = er_bin_f64(c);
	l->moving = (int)er_bin_range(c, 0, 1);
	size_t nk = COUNT(c);
	if (c->bad)
		return ER_EDATA;
	if (nk && !(l->kept = malloc(nk * sizeof *l->kept)))
		return ER_ENOMEM;
	l->nkept = l->capkept = nk;
	for (size_t i = 0; i < nk; i++) {
		l->kept[i].day = DAY(c);
		l->kept[i].start = (int)er_bin_range(c, 0, n ? (int64_t)n - 1 : 0);
		l->kept[i].kwh = er_bin_f64(c);
	}
	return c->bad ? ER_EDATA : 0;
}

static int
get_meters(struct er_bin_cursor *c, const char *file, struct er_feat_meters **out)
{
	*out = NULL;
	if (!er_bin_range(c, 0, 1))
		return 0;
	struct er_feat_meters *m = calloc(1, sizeof *m);
	if (!m)
		return ER_ENOMEM;
	*out = m;
	size_t n = COUNT(c);
	m->last = (size_t)er_bin_u64(c);
	if (c->bad || n > (size_t)(c->end - c->p))
		return (c->bad = 1), ER_EDATA;
	if (n && !(m->m = calloc(n, sizeof *m->m)))
		return ER_ENOMEM;
	m->cap = n;
	for (size_t i = 0; i < n; i++) {
		struct er_feat_meter *x = &m->m[i];
		size_t len;
		const char *k = er_bin_str(c, &len, NULL);
		size_t alen = (size_t)er_bin_range(c, 0, (int64_t)len);
		if (c->bad)
			return ER_EDATA;
		if (!(x->key = malloc(len ? len : 1)))
			return ER_ENOMEM;
		m->n = i + 1;
		memcpy(x->key, k ? k : "", len);
		x->alen = alen;
		x->mlen = len - alen;
		x->first_start = DAY(c);
		x->first_end = DAY(c);
		x->last_start = DAY(c);
		x->last_end = DAY(c);
		int st = get_load(c, file, &x->load);
		if (st)
			return st;
	}
	return c->bad ? ER_EDATA : 0;
}

/* Allocates N elements of SIZE for *P, after checking the cursor holds at least N bytes more
 * (each element takes more than one), so a corrupt count cannot ask for huge memory. */
static int
get_array(struct er_bin_cursor *c, void **p, size_t n, size_t size)
{
	*p = NULL;
	if (c->bad || n > (size_t)(c->end - c->p))
		return (c->bad = 1), ER_EDATA;
	if (n && !(*p = calloc(n, size)))
		return ER_ENOMEM;
	return 0;
}

static int
get_entity(struct er_bin_cursor *c, struct er_feat_store *s, struct er_feat_entity *e, const char *file)
{
	int st;
	e->loan = -1;
	e->asof = DAY(c);
	if ((st = get_series(c, &e->series)) || (st = er_feat_custom_state_undump(s->custom, c, &e->custom)) ||
	    (st = get_meters(c, file, &e->meters)))
		return st;
	e->nbills = COUNT(c);
	if ((st = get_array(c, (void **)&e->bills, e->nbills, sizeof *e->bills)))
		return (e->nbills = 0), st;
	e->capbills = e->nbills;
	for (size_t i = 0; i < e->nbills; i++) {
		struct er_feat_bill *x = &e->bills[i];
		x->period = INT(c);
		x->amount = er_bin_f64(c);
		x->due = DAY(c);
		x->paid = DAY(c);
		x->paid_amount = er_bin_f64(c);
		x->late_fee = er_bin_f64(c);
		x->method = INT(c);
		x->method_class = INT(c);
	}
	e->ncases = COUNT(c);
	if ((st = get_array(c, (void **)&e->cases, e->ncases, sizeof *e->cases)))
		return (e->ncases = 0), st;
	e->capcases = e->ncases;
	for (size_t i = 0; i < e->ncases; i++) {
		struct er_feat_case *x = &e->cases[i];
		x->date = DAY(c);
		x->finding = INT(c);
		x->back_amount = er_bin_f64(c);
		x->penalty = er_bin_f64(c);
		x->status_closed = INT(c);
		x->close_date = DAY(c);
	}
	e->nevents = COUNT(c);
	if ((st = get_array(c, (void **)&e->events, e->nevents, sizeof *e->events)))
		return (e->nevents = 0), st;
	e->capevents = e->nevents;
	for (size_t i = 0; i < e->nevents; i++) {
		struct er_feat_event *x = &e->events[i];
		x->date = DAY(c);
		x->type = INT(c);
		x->account = (uint32_t)er_bin_range(c, 0, UINT32_MAX);
		x->cap_before = er_bin_f64(c);
		x->cap_after = er_bin_f64(c);
		x->end_date = DAY(c);
	}
	e->naccounts = COUNT(c);
	if ((st = get_array(c, (void **)&e->accounts, e->naccounts, sizeof *e->accounts)))
		return (e->naccounts = 0), st;
	e->capaccounts = e->naccounts;
	for (size_t i = 0; i < e->naccounts; i++)
		e->accounts[i] = (uint32_t)er_bin_range(c, 0, s->naccounts ? (int64_t)s->naccounts - 1 : -1);
	e->loan = (long)er_bin_range(c, -1, (int64_t)s->nloans - 1);
	e->industry = INT(c);
	e->contract_kva = er_bin_f64(c);
	e->seen = (int)er_bin_range(c, 0, 1);
	e->key_is_code = (int)er_bin_range(c, 0, 1);
	return c->bad ? ER_EDATA : 0;
}

static int
get_account(struct er_bin_cursor *c, struct er_feat_account *a, size_t nents)
{
	int oom = 0;
	a->uscc = er_bin_strdup(c, &oom);
	a->name = er_bin_strdup(c, &oom);
	a->legal_rep = er_bin_strdup(c, &oom);
	a->phone = er_bin_strdup(c, &oom);
	a->address = er_bin_strdup(c, &oom);
	a->legal_rep_id = er_bin_strdup(c, &oom);
	a->phone_valid = (int)er_bin_range(c, -1, 1);
	a->contract_kva = er_bin_f64(c);
	a->open_date = DAY(c);
	a->status = INT(c);
	a->industry = INT(c);
	/* entities are read after the accounts: their count is checked then */
	a->entity = (uint32_t)er_bin_range(c, 0, UINT32_MAX);
	a->enterprise = (uint32_t)er_bin_range(c, 0, UINT32_MAX);
	a->loan_match = er_bin_f64(c);
	a->phone_shared = (unsigned)er_bin_range(c, 0, UINT32_MAX);
	a->address_shared = (unsigned)er_bin_range(c, 0, UINT32_MAX);
	a->rep_shared = (unsigned)er_bin_range(c, 0, UINT32_MAX);
	(void)nents;
	return oom ? ER_ENOMEM : c->bad ? ER_EDATA : 0;
}

static int
get_loan(struct er_bin_cursor *c, struct er_feat_loan *l)
{
	int oom = 0;
	l->uscc = er_bin_strdup(c, &oom);
	l->name = er_bin_strdup(c, &oom);
	l->legal_rep = er_bin_strdup(c, &oom);
	l->phone = er_bin_strdup(c, &oom);
	l->address = er_bin_strdup(c, &oom);
	l->apply_date = DAY(c);
	l->linked = (int)er_bin_range(c, 0, 1);
	return oom ? ER_ENOMEM : c->bad ? ER_EDATA : 0;
}

/* Reads what put_feed wrote into N (accounts read); rebuilds the sharing pairs and counts.
 * Returns 0, ER_EDATA or ER_ENOMEM. */
static int
get_feed(struct er_bin_cursor *c, struct er_feat_store *n)
{
	int st = 0;
	if (er_bin_range(c, 0, 1) &&
	    (!(n->feed_enterprises = er_strmap_new()) || (st = get_keys(c, n->feed_enterprises)) == ER_ENOMEM))
		return ER_ENOMEM;
	if (c->bad || !(n->feed = (int)er_bin_range(c, 0, 1)))
		return c->bad ? ER_EDATA : 0;
	n->touched = -1;
	for (int k = 0; k < 3; k++) {
		struct er_feat_shared *sh = &n->shared[k];
		if (!(sh->values = er_strmap_new()) || !(sh->pairs = er_u64set_new()))
			return ER_ENOMEM;
		if ((st = get_keys(c, sh->values)))
			return st;
		size_t nv = er_strmap_size(sh->values);
		if (nv && !(sh->n = calloc(nv, sizeof *sh->n)))
			return ER_ENOMEM;
		sh->cap = nv;
	}
	if (n->naccounts && !(n->shared_ids = malloc(3 * n->naccounts * sizeof *n->shared_ids)))
		return ER_ENOMEM;
	n->capshared = 3 * n->naccounts;
	for (size_t i = 0; i < 3 * n->naccounts && !c->bad; i++) {
		struct er_feat_shared *sh = &n->shared[i % 3];
		long id = n->shared_ids[i] = (long)er_bin_range(c, -2, (int64_t)er_strmap_size(sh->values) - 1);
		if (id == -1)
			c->bad = 1;
		if (id < 0 || c->bad)
			continue;
		int added = er_u64set_add(sh->pairs, (uint64_t)id << 32 | n->accounts[i / 3].enterprise);
		if (added < 0)
			return ER_ENOMEM;
		sh->n[id] += (unsigned)added;
	}
	return c->bad ? ER_EDATA : 0;
}

static int
decode_into(struct er_feat_store *n, struct er_bin_cursor *c, const char *file)
{
	int st;
	n->by_enterprise = (int)er_bin_range(c, 0, 1);
	n->moving_asof = (int)er_bin_range(c, 0, 1);
	n->asof = DAY(c);
	n->asof_from_loans = (int)er_bin_range(c, 0, 1);
	n->have_bills = (int)er_bin_range(c, 0, 1);
	n->have_inspections = (int)er_bin_range(c, 0, 1);
	n->have_events = (int)er_bin_range(c, 0, 1);
	n->have_accounts = (int)er_bin_range(c, 0, 1);
	n->have_meter_ids = (int)er_bin_range(c, 0, 1);
	n->missing_accounts = er_bin_u64(c);
	for (size_t i = 0; i < 5; i++)
		n->missing_first[i] = (long)er_bin_range(c, -1, MAX_COUNT);
	if ((st = get_keys(c, n->industries)) || (st = get_keys(c, n->methods)) ||
	    (st = er_feat_custom_values_undump(n->custom, c)) || (st = get_keys(c, n->account_keys)))
		return st;
	size_t na = COUNT(c);
	if (na != er_strmap_size(n->account_keys))
		c->bad = 1;
	if ((st = get_array(c, (void **)&n->accounts, na, sizeof *n->accounts)))
		return st;
	n->capaccounts = na;
	for (size_t i = 0; i < na; i++) {
		n->naccounts = i + 1;
		if ((st = get_account(c, &n->accounts[i], 0)))
			return st;
	}
	if ((st = get_keys(c, n->loan_keys)))
		return st;
	size_t nl = COUNT(c);
	if (nl != er_strmap_size(n->loan_keys))
		c->bad = 1;
	if ((st = get_array(c, (void **)&n->loans, nl, sizeof *n->loans)))
		return st;
	n->caploans = nl;
	for (size_t i = 0; i < nl; i++) {
		n->nloans = i + 1;
		if ((st = get_loan(c, &n->loans[i])))
			return st;
	}
	if ((st = get_keys(c, n->entity_keys)))
		return st;
	size_t ne = COUNT(c);
	if (ne != er_strmap_size(n->entity_keys))
		c->bad = 1;
	if ((st = get_array(c, (void **)&n->entities, ne, sizeof *n->entities)))
		return st;
	n->capentities = ne;
	for (size_t i = 0; i < ne; i++) {
		n->nentities = i + 1;
		if ((st = get_entity(c, n, &n->entities[i], file)))
			return st;
	}
	for (size_t i = 0; i < na; i++)
		if (n->accounts[i].entity >= ne || n->accounts[i].enterprise >= ne)
			c->bad = 1;
	if (!c->bad && (st = get_feed(c, n)))
		return st;
	if (c->p != c->end)
		c->bad = 1;
	return c->bad ? ER_EDATA : 0;
}

int
er_feat_ckpt_decode(struct er_feat_store *s, struct er_bin_cursor *cur, const char *file)
{
	struct er_feat_store n;
	int st = er_feat_store_init(&n);
	n.custom = s->custom;
	n.tou = s->tou;
	n.diag = s->diag;
	if (!st)
		st = decode_into(&n, cur, file);
	if (st) {
		er_feat_store_free(&n);
		return st;
	}
	er_feat_store_free(s);
	*s = n;
	return 0;
}

/* ---- the file ---- */

static int64_t
now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (int64_t)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

int
er_feat_ckpt_open(struct er_feat_ckpt *k, const char *dir, const char *options, uint64_t every_rows, long every_ms,
                  size_t resend_rows, char *err)
{
	memset(k, 0, sizeof *k);
	k->every_rows = every_rows;
	k->every_ms = every_ms;
	k->resend_rows = resend_rows;
	k->last_ms = now_ms();
	size_t n = strlen(dir);
	if (!(k->path = malloc(n + sizeof "/features.ckpt")) || !(k->options = strdup(options)))
		return er_fail(err, ER_ENOMEM, "out of memory");
	snprintf(k->path, n + sizeof "/features.ckpt", "%s/features.ckpt", dir);
	if (mkdir(dir, 0700) < 0 && errno != EEXIST)
		return er_fail(err, ER_EIO, "cannot create state directory '%s': %s", dir, strerror(errno));
	struct stat st;
	if (stat(dir, &st) < 0)
		return er_fail(err, ER_EIO, "cannot open state directory '%s': %s", dir, strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return er_fail(err, ER_EIO, "state directory '%s' is not a directory", dir);
	/* a checkpoint others could replace would let them choose what the pipe resumes from */
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return er_fail(err, ER_EIO, "state directory '%s' is writable by others (chmod 700 it)", dir);
	return 0;
}

static int
bad_file(const struct er_feat_ckpt *k, const char *why, char *err)
{
	return er_fail(err, ER_EIO, "bad checkpoint '%s': %s (remove it to start over)", k->path, why);
}

int
er_feat_ckpt_load(struct er_feat_ckpt *k, struct er_feat_store *s, const char *file, char *err)
{
	int fd = open(k->path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (errno == ENOENT)
			return 0;
		return er_fail(err, ER_EIO, "cannot open checkpoint '%s': %s", k->path, strerror(errno));
	}
	struct er_buf b = ER_BUF_INIT;
	char chunk[65536];
	ssize_t got;
	int st = 0;
	while ((got = read(fd, chunk, sizeof chunk)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			st = er_fail(err, ER_EIO, "cannot read checkpoint '%s': %s", k->path, strerror(errno));
			break;
		}
		if (er_buf_add(&b, chunk, (size_t)got) < 0) {
			st = er_fail(err, ER_ENOMEM, "out of memory");
			break;
		}
	}
	close(fd);
	if (st) {
		er_buf_release(&b);
		return st;
	}
	const char *p = b.p ? b.p : "", *end = p + b.len;
	/* the last line: "end," and 16 hex digits of the hash of everything before it */
	if (b.len < sizeof magic - 1 + 21 || memcmp(p, magic, sizeof magic - 1) != 0) {
		er_buf_release(&b);
		return bad_file(k, "not an er-features checkpoint", err);
	}
	const char *tail = end - 21;
	char hex[ER_HASH_HEXLEN];
	er_hash_hex(er_hash64(p, (size_t)(tail - p)), hex);
	if (memcmp(tail, "end,", 4) != 0 || tail[20] != '\n' || memcmp(tail + 4, hex, 16) != 0) {
		er_buf_release(&b);
		return bad_file(k, "truncated or corrupt (its hash does not match)", err);
	}
	const char *q = p + sizeof magic - 1;
	unsigned long long rows, hash, olen;
	int used = 0;
	if (sscanf(q, "rows,%llu,%16llx\noptions,%llu\n%n", &rows, &hash, &olen, &used) != 3 || used == 0 ||
	    olen > (unsigned long long)(tail - q - used)) {
		er_buf_release(&b);
		return bad_file(k, "bad header", err);
	}
	q += used;
	if (olen != strlen(k->options) || memcmp(q, k->options, olen) != 0) {
		/* name the first option line that differs, not two long lists */
		const char *a = q, *ae = q + olen, *bb = k->options;
		while (a < ae && *bb && *a == *bb)
			a++, bb++;
		while (a > q && a[-1] != '\n')
			a--, bb--;
		const char *anl = memchr(a, '\n', (size_t)(ae - a)), *bnl = strchr(bb, '\n');
		int alen = (int)((anl ? anl : ae) - a), blen = (int)(bnl ? bnl - bb : (long)strlen(bb));
		st = er_fail(err, ER_EDATA,
		             "checkpoint '%s' was written with other options that change the rows (it has '%.*s', "
		             "this run '%.*s'): give the same options, or another --state directory",
		             k->path, alen, a, blen, bb);
		er_buf_release(&b);
		return st;
	}
	q += olen;
	struct er_bin_cursor cur = {q, tail, 0};
	size_t slen = (size_t)er_bin_range(&cur, 0, tail - q);
	struct er_bin_cursor sc = {cur.p, cur.p + slen, 0};
	cur.p += cur.bad ? 0 : slen;
	/* the rows to resend, kept in the window again: the next checkpoint still has them, in
	 * case this run is killed before the pipe downstream has taken them */
	size_t nres = (size_t)er_bin_range(&cur, 0, tail - q);
	for (size_t i = 0; i < nres && !cur.bad && !st; i++) {
		uint64_t row = er_bin_u64(&cur);
		size_t rlen;
		const char *rs = er_bin_str(&cur, &rlen, NULL);
		if (cur.bad || row > rows) {
			cur.bad = 1;
			break;
		}
		k->rows = row;
		if (er_buf_add(&k->loaded_out, rs, rlen) < 0 || er_feat_ckpt_output(k, rs, rlen) != 0)
			st = ER_ENOMEM;
	}
	k->rows = 0;
	struct er_feat_counts saved[ER_KIND_COUNT];
	for (int kind = 0; kind < ER_KIND_COUNT; kind++) {
		/* one statement each: the order of a brace list's calls is unspecified */
		saved[kind].read = er_bin_u64(&cur);
		saved[kind].used = er_bin_u64(&cur);
		saved[kind].skipped = er_bin_u64(&cur);
		saved[kind].rejected = er_bin_u64(&cur);
		saved[kind].bad_values = er_bin_u64(&cur);
	}
	if (!st && (cur.bad || cur.p != tail)) {
		er_buf_release(&b);
		return bad_file(k, "bad layout", err);
	}
	if (!st)
		st = er_feat_ckpt_decode(s, &sc, file);
	er_buf_release(&b);
	if (st == ER_ENOMEM)
		return er_fail(err, ER_ENOMEM, "out of memory");
	if (st)
		return bad_file(k, "its store does not decode", err);
	/* the side tables' counts replace those of this run's loads: the same files and rows */
	for (int kind = 0; kind < ER_KIND_COUNT && k->counts; kind++)
		if (kind != ER_KIND_READINGS)
			k->counts[kind] = saved[kind];
	k->resume_rows = rows;
	k->resume_hash = hash;
	return 0;
}

static uint64_t
row_hash(const er_reader *r)
{
	/* each field with its length, so "a,bc" and "ab,c" differ */
	uint64_t h = er_reader_nfields(r);
	for (size_t i = 0; i < er_reader_nfields(r); i++) {
		size_t len = er_reader_field_len(r, i);
		uint64_t part[2] = {h, len};
		h = er_hash64(part, sizeof part) ^ er_hash64(er_reader_field(r, i), len);
	}
	return h;
}

int
er_feat_ckpt_row(struct er_feat_ckpt *k, const er_reader *r, char *err)
{
	k->rows++;
	if (k->rows < k->resume_rows)
		return 1;
	k->hash = row_hash(r);
	if (k->rows == k->resume_rows) {
		if (k->hash != k->resume_hash) {
			char where[ER_WHERELEN];
			er_fail(err, ER_EDATA,
			        "feed differs from the one checkpoint '%s' was written for: data row %llu is "
			        "another%s",
			        k->path, (unsigned long long)k->rows, er_reader_where(r, NULL, where, sizeof where));
			return -1;
		}
		return 1;
	}
	return 0;
}

int
er_feat_ckpt_output(struct er_feat_ckpt *k, const char *row, size_t len)
{
	if (!k->resend_rows)
		return 0;
	/* drop the rows of feed rows older than the window, at most one memmove per row */
	size_t drop = 0;
	while (drop < k->nout && k->out_rows[drop] + k->resend_rows <= k->rows)
		drop++;
	if (drop) {
		size_t off = k->out_ends[drop - 1];
		memmove(k->out.p, k->out.p + off, k->out.len - off);
		k->out.len -= off;
		for (size_t i = drop; i < k->nout; i++) {
			k->out_ends[i - drop] = k->out_ends[i] - off;
			k->out_rows[i - drop] = k->out_rows[i];
		}
		k->nout -= drop;
	}
	if (k->nout == k->capout) {
		size_t cap = k->capout ? 2 * k->capout : 64;
		size_t *e = realloc(k->out_ends, cap * sizeof *e);
		if (!e)
			return ER_ENOMEM;
		k->out_ends = e;
		uint64_t *rw = realloc(k->out_rows, cap * sizeof *rw);
		if (!rw)
			return ER_ENOMEM;
		k->out_rows = rw;
		k->capout = cap;
	}
	if (er_buf_add(&k->out, row, len) < 0)
		return ER_ENOMEM;
	k->out_ends[k->nout] = k->out.len;
	k->out_rows[k->nout++] = k->rows;
	return 0;
}

const char *
er_feat_ckpt_resend(const struct er_feat_ckpt *k, size_t *len)
{
	*len = k->loaded_out.len;
	return k->loaded_out.p;
}

int
er_feat_ckpt_tick(struct er_feat_ckpt *k, const struct er_feat_store *s, int force, char *err)
{
	if (k->rows <= k->resume_rows && k->resume_rows)
		return 0;
	k->applied_since++;
	int64_t t = now_ms();
	if (!force && !(k->every_rows && k->applied_since >= k->every_rows) &&
	    !(k->every_ms && t - k->last_ms >= k->every_ms))
		return 0;
	struct er_buf b = ER_BUF_INIT, store = ER_BUF_INIT;
	char hex[ER_HASH_HEXLEN];
	er_hash_hex(k->hash, hex);
	int st = er_buf_adds(&b, magic) || er_buf_addf(&b, "rows,%llu,%s\n", (unsigned long long)k->rows, hex) ||
		er_buf_addf(&b, "options,%zu\n", strlen(k->options)) || er_buf_adds(&b, k->options) ||
		er_feat_ckpt_encode(s, &store) || er_bin_put_u64(&b, store.len) || er_buf_add(&b, store.p, store.len) ||
		er_bin_put_u64(&b, k->nout);
	for (size_t i = 0; i < k->nout && !st; i++) {
		size_t from = i ? k->out_ends[i - 1] : 0;
		st = er_bin_put_u64(&b, k->out_rows[i]) || er_bin_put_str(&b, k->out.p + from, k->out_ends[i] - from);
	}
	for (int kind = 0; kind < ER_KIND_COUNT && !st; kind++) {
		const struct er_feat_counts *c = k->counts && kind != ER_KIND_READINGS ? &k->counts[kind] : NULL;
		st = er_bin_put_u64(&b, c ? c->read : 0) || er_bin_put_u64(&b, c ? c->used : 0) ||
			er_bin_put_u64(&b, c ? c->skipped : 0) || er_bin_put_u64(&b, c ? c->rejected : 0) ||
			er_bin_put_u64(&b, c ? c->bad_values : 0);
	}
	er_buf_release(&store);
	if (!st) {
		er_hash_hex(er_hash64(b.p, b.len), hex);
		st = er_buf_addf(&b, "end,%s\n", hex);
	}
	if (st) {
		er_buf_release(&b);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	st = er_atomicfile_replace(k->path, b.p, b.len, "checkpoint", NULL, err);
	er_buf_release(&b);
	if (st)
		return st;
	k->written++;
	k->applied_since = 0;
	k->last_ms = now_ms();
	return 0;
}

int
er_feat_ckpt_end(const struct er_feat_ckpt *k, char *err)
{
	if (k->rows < k->resume_rows)
		return er_fail(err, ER_EDATA,
		               "feed ended at data row %llu, before the %llu rows checkpoint '%s' has applied",
		               (unsigned long long)k->rows, (unsigned long long)k->resume_rows, k->path);
	return 0;
}

void
er_feat_ckpt_free(struct er_feat_ckpt *k)
{
	free(k->path);
	free(k->options);
	er_buf_release(&k->out);
	er_buf_release(&k->loaded_out);
	free(k->out_ends);
	free(k->out_rows);
}
