/* decide_tables: products, profiles, registry, relations and reviews by key. */
#include "credit/decide_tables.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lib/err.h"
#include "lib/num.h"
#include "credit/profile.h"
#include "lib/strmap.h"
#include "data/ident.h"
#include "rules/alert_policy.h"
#include "model/grade.h"
#include "lib/table.h"
#include "lib/vec.h"

/* Longest key put in its compared form; a longer one is no resident ID or USCC. */
enum { SUBJECT_KEY_MAX = 64 };

/* The subject ids of every subject-keyed table, interned once: an application looks its
 * subject up once (the last key found is remembered) instead of once per side table,
 * which is what keeps 1,000,000 applications with checks and scores fast. */
struct subject_keys {
	er_strmap *map;
	char last[SUBJECT_KEY_MAX]; /* the last key looked up, LAST_LEN bytes (SIZE_MAX: none) */
	size_t last_len;
	long last_k;
	/* Where the next key probably is: side files and applications written by the toolkit
	 * come in the same subject order, so the key after the last one found (or after the one
	 * before it: a beneficiary between two applicants) is tried before the hash table,
	 * whose probe is a cache miss per key on a million subjects. */
	size_t next[2];
};

/* The index of KEY among SK's keys when it is one of the two expected next, else -1. */
static long
subject_guess(const struct subject_keys *sk, const char *key, size_t len)
{
	size_t n = er_strmap_size(sk->map);
	for (int i = 0; i < 2; i++) {
		size_t kl, g = sk->next[i];
		if (g >= n)
			continue;
		const char *k = er_strmap_key(sk->map, g, &kl);
		if (kl == len && memcmp(k, key, len) == 0)
			return (long)g;
	}
	return -1;
}

/* Remembers that key K was just found or added. */
static void
subject_seen(struct subject_keys *sk, long k)
{
	if (k < 0 || (size_t)k + 1 == sk->next[0])
		return;
	sk->next[1] = sk->next[0];
	sk->next[0] = (size_t)k + 1;
}

/* One keyed table: a record of ELEM bytes per key, and why a key is unusable. */
struct table {
	er_strmap *keys;             /* its own keys, or SHARED's map */
	struct subject_keys *shared; /* subject ids shared with the other tables, or NULL */
	unsigned char *present;      /* with SHARED: 1 for the keys this table holds */
	size_t present_cap;
	char *recs;
	char **bad;       /* by key below CAP: NULL usable, else where its bad row is */
	size_t elem, cap; /* CAP: of BAD; RECS holds RECS_CAP records */
	size_t recs_cap;
	int subject_keyed; /* keys are subject ids, compared in er_ident_norm_subject's form */
};

/* KEY[0..*LEN-1] in the form TB compares keys in: BUF, or KEY itself. */
static const char *
table_key(const struct table *tb, const char *key, size_t *len, char buf[SUBJECT_KEY_MAX])
{
	if (!tb->subject_keyed || *len > SUBJECT_KEY_MAX)
		return key;
	*len = er_ident_norm_subject(key, *len, buf);
	return buf;
}

struct check {
	int fails, warns;
	size_t rules; /* offset of its NUL-terminated rule list in the pool */
};

struct score {
	int grade;
	double pd;
};

enum { IDENTITY_COLS = 5 };

struct loan_node {
	struct er_decide_loan loan;
	long next; /* next record of the same subject, -1 */
};

/* A subject whose registry records will be asked for: its key in FETCHED, its id. */
struct wanted {
	long key;
	size_t id, len; /* offset in WANTED_IDS, length; the loan key's form follows (loan_key) */
};

struct er_decide_tables {
	struct table products;                                /* struct er_decide_product */
	struct table subjects;                                /* struct er_decide_subject */
	struct table registry;                                /* long: first loan node, -1 */
	struct table relations;                               /* int: enum er_decide_arrears */
	struct table reviews;                                 /* int[2]: result, used */
	struct table checks;                                  /* struct check */
	struct table alerts;                                  /* int: enum er_alert_level */
	struct table scores;                                  /* struct score */
	struct table identity;                                /* double[IDENTITY_COLS] */
	int has_checks, has_alerts, has_scores, has_identity; /* the side was given */
	struct subject_keys subject_keys;                     /* of the tables above but products,
	                                                         relations and reviews */
	char *pool;                                           /* the checks' rule lists */
	size_t pool_len, pool_cap;
	struct loan_node *nodes;
	size_t nnodes, nodecap;
	er_decide_loan_key_fn loan_key; /* NULL: registry keys are the ids themselves */
	void *loan_key_ctx;
	er_decide_loan_fetch_fn loan_fetch; /* NULL: the registry was loaded whole */
	void *loan_fetch_ctx;
	er_strmap *fetched;    /* the registry keys fetched or wanted (LOAN_FETCH), compared form */
	struct wanted *wanted; /* subjects to fetch (er_decide_tables_want_loans) */
	size_t nwanted, wanted_cap;
	char *wanted_ids; /* their ids, NUL-terminated one after another */
	size_t wanted_len, wanted_ids_cap;
	char *reviews_path;
};

static int
table_init(struct table *tb, size_t elem)
{
	tb->keys = er_strmap_new();
	tb->elem = elem;
	return tb->keys ? 0 : -1;
}

static void
table_free(struct table *tb)
{
	if (tb->bad) {
		size_t n = tb->keys ? er_strmap_size(tb->keys) : 0;
		for (size_t i = 0; i < n && i < tb->cap; i++)
			free(tb->bad[i]);
	}
	if (!tb->shared)
		er_strmap_free(tb->keys);
	free(tb->present);
	free(tb->recs);
	free(tb->bad);
}

/* Makes TB keyed by the subject ids of SK. */
static void
table_share(struct table *tb, struct subject_keys *sk)
{
	er_strmap_free(tb->keys);
	tb->keys = sk->map;
	tb->shared = sk;
	tb->subject_keyed = 1;
}

/* The record of KEY, zeroed when new (*ADDED 1); NULL when out of memory. */
static void *
table_add(struct table *tb, const char *key, size_t len, int *added, long *num)
{
	char buf[SUBJECT_KEY_MAX];
	key = table_key(tb, key, &len, buf);
	long k = tb->shared ? subject_guess(tb->shared, key, len) : -1;
	if (k < 0)
		k = er_strmap_intern(tb->keys, key, len, added);
	if (k < 0)
		return NULL;
	if (tb->shared) {
		subject_seen(tb->shared, k);
		tb->shared->last_len = SIZE_MAX; /* a key remembered as absent may be here now */
		if (er_grow_zeroed(&tb->present, &tb->present_cap, (size_t)k + 1, 1) < 0)
			return NULL;
		*added = !tb->present[k];
		tb->present[k] = 1;
	}
	if (er_grow(&tb->recs, &tb->recs_cap, (size_t)k + 1, tb->elem) < 0)
		return NULL;
	if (*added)
		memset(tb->recs + (size_t)k * tb->elem, 0, tb->elem);
	if (num)
		*num = k;
	return tb->recs + (size_t)k * tb->elem;
}

/* Marks key K unusable because of the current row of R (the first reason is kept). */
static int
table_mark(struct table *tb, long k, const er_reader *r, const char *reason)
{
	/* grown here only: most tables have no bad row, and a pointer per key is 8 MB of
	 * zeroed pages per side table of a million subjects */
	if ((size_t)k < tb->cap && tb->bad[k])
		return 0;
	if (er_grow_zeroed(&tb->bad, &tb->cap, (size_t)k + 1, sizeof *tb->bad) < 0)
		return -1;
	char text[ER_ERRLEN];
	snprintf(text, sizeof text, "%s at %s line %llu", reason, er_reader_filename(r),
	         (unsigned long long)er_reader_line(r));
	tb->bad[k] = strdup(text);
	return tb->bad[k] ? 0 : -1;
}

static int
table_mark_bad(struct table *tb, long k, const er_reader *r)
{
	return table_mark(tb, k, r, "bad record");
}

/* -1 absent, -2 unusable (WHY set), else the key number. */
static long
table_find(const struct table *tb, const char *key, size_t len, char *why)
{
	char buf[SUBJECT_KEY_MAX];
	key = table_key(tb, key, &len, buf);
	long k;
	struct subject_keys *sk = tb->shared;
	if (sk && len == sk->last_len && memcmp(key, sk->last, len) == 0) {
		k = sk->last_k;
	} else {
		k = sk ? subject_guess(sk, key, len) : -1;
		if (k < 0)
			k = er_strmap_find(tb->keys, key, len);
		if (sk)
			subject_seen(sk, k);
		if (sk && len <= SUBJECT_KEY_MAX) {
			memcpy(sk->last, key, len);
			sk->last_len = len;
			sk->last_k = k;
		}
	}
	if (k < 0 || (sk && ((size_t)k >= tb->present_cap || !tb->present[k])))
		return -1;
	if ((size_t)k < tb->cap && tb->bad[k]) {
		er_fail(why, 0, "%s", tb->bad[k]);
		return -2;
	}
	return k;
}

er_decide_tables *
er_decide_tables_new(void)
{
	er_decide_tables *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	if (table_init(&t->products, sizeof(struct er_decide_product)) ||
	    table_init(&t->subjects, sizeof(struct er_decide_subject)) || table_init(&t->registry, sizeof(long)) ||
	    table_init(&t->relations, sizeof(int)) || table_init(&t->reviews, 2 * sizeof(int)) ||
	    table_init(&t->checks, sizeof(struct check)) || table_init(&t->alerts, sizeof(int)) ||
	    table_init(&t->scores, sizeof(struct score)) || table_init(&t->identity, IDENTITY_COLS * sizeof(double))) {
		er_decide_tables_free(t);
		return NULL;
	}
	t->subject_keys.map = er_strmap_new();
	if (!t->subject_keys.map) {
		er_decide_tables_free(t);
		return NULL;
	}
	t->subject_keys.last_len = SIZE_MAX;
	struct table *subject_tables[] = {&t->subjects, &t->registry, &t->checks, &t->alerts, &t->scores, &t->identity};
	for (size_t i = 0; i < sizeof subject_tables / sizeof subject_tables[0]; i++)
		table_share(subject_tables[i], &t->subject_keys);
	return t;
}

void
er_decide_tables_free(er_decide_tables *t)
{
	if (!t)
		return;
	table_free(&t->products);
	table_free(&t->subjects);
	table_free(&t->registry);
	table_free(&t->relations);
	table_free(&t->reviews);
	table_free(&t->checks);
	table_free(&t->alerts);
	table_free(&t->scores);
	table_free(&t->identity);
	er_strmap_free(t->subject_keys.map);
	er_strmap_free(t->fetched);
	free(t->wanted);
	free(t->wanted_ids);
	free(t->pool);
	free(t->nodes);
	free(t->reviews_path);
	free(t);
}

/* Parses field IDX as a number >= 0 (>= MIN_EXCL excluded when STRICT). 0 ok, -1 reported. */
static int
field_num(const struct er_diag *d, const er_reader *r, long idx, const char *name, int strict, double *out)
{
	size_t len;
	const char *s = er_table_field(r, idx, &len);
	double v;
	/* a missing-value marker parses as the empty field; the message shows it as written */
	er_table_num_field(r, idx, &len);
	int res = er_num_parse(s, len, &v);
	if (res != ER_NUM_OK) {
		er_table_warn(d, r, name, "bad %s '%s': %s", name, s, er_num_strerror(res));
		return -1;
	}
	if (v < 0 || (strict && v == 0)) {
		er_table_warn(d, r, name, "bad %s '%s': %s", name, s, strict ? "not above 0" : "negative");
		return -1;
	}
	*out = v;
	return 0;
}

static int
oom(char *err, const char *path)
{
	return er_fail(err, ER_ENOMEM, "out of memory reading '%s'", path);
}

/* One side table being read into a struct table: the steps every loader shares (read a
 * good row, take its key, store its record, mark a key whose row is bad). */
struct load {
	const struct er_diag *d;
	er_reader *r;
	struct table *tb;
	const char *path;
	unsigned long *errors;
	char *err;
	long idx[8];
	int got, status;
	const char *key; /* of the current row, KEYLEN bytes */
	size_t keylen;
	int added; /* its record is new */
	long k;    /* its key number */
};

/* Opens PATH for TB with its NCOLS (at most 8) columns COLS. 0, or the status with ERR. */
static int
load_open(struct load *L, const struct er_diag *d, struct table *tb, const char *path, const struct er_reader_opts *o,
          const char *const *cols, size_t ncols, unsigned long *errors, char *err)
{
	*L = (struct load){.d = d, .tb = tb, .path = path, .errors = errors, .err = err};
	L->status = er_table_open(&L->r, path, o, cols, ncols, L->idx, err);
	return L->r ? 0 : L->status;
}

/* Reads the next good row, whose column 0 (KEY_NAME, not empty: reported and counted
 * otherwise) becomes L->key; KEY_NAME NULL takes any good row. 1 a row, else 0. */
static int
load_next(struct load *L, const char *key_name)
{
	if (key_name)
		L->got = er_table_next_keyed(L->d, L->r, L->idx[0], key_name, L->errors, &L->key, &L->keylen, L->err);
	else
		L->got = er_table_next(L->d, L->r, "malformed row: ", L->errors, L->err);
	return L->got == 1;
}

/* The record of KEY as table_add gives it (L->added, L->k); NULL when out of memory
 * (L->status set). */
static void *
load_add(struct load *L, const char *key, size_t len)
{
	void *rec = table_add(L->tb, key, len, &L->added, &L->k);
	if (!rec)
		L->status = oom(L->err, L->path);
	return rec;
}

/* load_next, then the record of the row's key: NULL at the end or on a failure. */
static void *
load_record(struct load *L, const char *key_name)
{
	return load_next(L, key_name) ? load_add(L, L->key, L->keylen) : NULL;
}

/* Counts the current row as bad and marks its key unusable. 0, or -1 when out of memory
 * (L->status set). */
static int
load_reject(struct load *L)
{
	(*L->errors)++;
	if (table_mark_bad(L->tb, L->k, L->r) == 0)
		return 0;
	L->status = oom(L->err, L->path);
	return -1;
}

/* Closes the table; returns the load's status. */
static int
load_done(struct load *L)
{
	return er_table_done(L->r, L->got, L->status);
}

int
er_decide_tables_load_products(const struct er_diag *d, er_decide_tables *t, const char *path,
                               const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"product",    "min_grade",   "min_monthly_repayment",
	                                   "max_amount", "annual_rate", "term_months"};
	struct load L;
	if (load_open(&L, d, &t->products, path, o, cols, 6, errors, err) != 0)
		return L.status;
	er_reader *r = L.r;
	struct er_decide_product *p;
	while ((p = load_record(&L, "product"))) {
		if (!L.added) {
			er_table_warn(d, r, "product", "product '%s' defined twice", L.key);
			if (load_reject(&L) != 0)
				break;
			continue;
		}
		int bad = 0;
		for (int f = 0; f < ER_PRODUCT_FIELDS; f++) {
			size_t len;
			const char *v = er_table_num_field(r, L.idx[f + 1], &len), *why;
			if (er_decide_product_field(f, v, len, p, &why) != 0) {
				const char *col = er_decide_product_field_name(f);
				er_table_warn(d, r, col, "bad %s '%s': %s", col, v, why);
				bad = 1;
			}
		}
		if (bad && load_reject(&L) != 0)
			break;
	}
	return load_done(&L);
}

int
er_decide_tables_load_profiles(const struct er_diag *d, er_decide_tables *t, const char *path,
                               const struct er_reader_opts *o, int mask_pii, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"subject_id", "max_capacity", "?identity_ok", "?priority_level",
	                                   "?completed", "?uncompleted", "?min_capacity"};
	struct load L;
	if (load_open(&L, d, &t->subjects, path, o, cols, 7, errors, err) != 0)
		return L.status;
	er_reader *r = L.r;
	const long *idx = L.idx;
	struct er_decide_subject *s;
	while ((s = load_record(&L, "subject_id"))) {
		char shown[256];
		er_profile_shown_id(L.key, L.keylen, mask_pii, shown, sizeof shown);
		int bad = 0;
		if (!L.added) {
			er_table_warn(d, r, "subject_id", "second profile of '%s'", shown);
			bad = 1;
		}
		size_t len;
		const char *v = er_table_num_field(r, idx[1], &len);
		/* An unknown capacity is a valid profile (income unknown); only an application
		 * that needs it fails. */
		int no_capacity = len == 0;
		if (!no_capacity)
			bad |= field_num(d, r, idx[1], "max_capacity", 0, &s->max_capacity) != 0;
		v = er_table_field(r, idx[2], &len);
		s->identity_ok = idx[2] < 0 ? -1 : len == 1 && v[0] == '1' ? 1 : len == 1 && v[0] == '0' ? 0 : -2;
		if (s->identity_ok == -2) {
			er_table_warn(d, r, "identity_ok", "bad identity_ok '%s': not 0 or 1", v);
			bad = 1;
		}
		v = er_table_num_field(r, idx[3], &len);
		s->priority_level = 0;
		if (len > 0) {
			double lv;
			char why[ER_ERRLEN];
			if (er_profile_attr_value(ER_ATTR_PRIORITY_LEVEL, v, len, &lv, why) != 0) {
				er_table_warn(d, r, "priority_level", "bad priority_level '%s': %s", v, why);
				bad = 1;
			} else {
				s->priority_level = (int)lv;
			}
		}
		s->completed = s->uncompleted = 0;
		if (er_table_num_field(r, idx[4], &len), len > 0)
			bad |= field_num(d, r, idx[4], "completed", 0, &s->completed) != 0;
		if (er_table_num_field(r, idx[5], &len), len > 0)
			bad |= field_num(d, r, idx[5], "uncompleted", 0, &s->uncompleted) != 0;
		s->min_capacity = NAN;
		if (er_table_num_field(r, idx[6], &len), len > 0)
			bad |= field_num(d, r, idx[6], "min_capacity", 0, &s->min_capacity) != 0;
		if (bad) {
			if (load_reject(&L) != 0)
				break;
		} else if (no_capacity && table_mark(&t->subjects, L.k, r, "no max_capacity") != 0) {
			L.status = oom(err, path);
			break;
		}
	}
	return load_done(&L);
}

/* Appends LOAN to the list starting at *HEAD. 0 or -1 when out of memory. */
static int
add_node(er_decide_tables *t, long *head, const struct er_decide_loan *loan)
{
	if (ER_GROW(t->nodes, t->nodecap, t->nnodes + 1) < 0)
		return -1;
	/* Appending to the front reverses the order; er_decide_tables_loans restores it. */
	t->nodes[t->nnodes].loan = *loan;
	t->nodes[t->nnodes].next = *head;
	*head = (long)t->nnodes++;
	return 0;
}

int
er_decide_tables_add_loan(er_decide_tables *t, const char *id, size_t len, const struct er_decide_loan *loan)
{
	int added;
	long *head = table_add(&t->registry, id, len, &added, NULL);
	if (!head)
		return ER_ENOMEM;
	if (added)
		*head = -1;
	return add_node(t, head, loan) ? ER_ENOMEM : 0;
}

int
er_decide_tables_add_product(er_decide_tables *t, const char *name, size_t len, const struct er_decide_product *p)
{
	int added;
	struct er_decide_product *rec = table_add(&t->products, name, len, &added, NULL);
	if (!rec)
		return ER_ENOMEM;
	if (!added)
		return -1;
	*rec = *p;
	return 0;
}

int
er_decide_tables_load_registry(const struct er_diag *d, er_decide_tables *t, const char *path,
                               const struct er_reader_opts *o, const char *skip, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"subject_id", "status", "?platform_grade", "?monthly_repayment",
	                                   "?platform"};
	struct load L;
	if (load_open(&L, d, &t->registry, path, o, cols, 5, errors, err) != 0)
		return L.status;
	er_reader *r = L.r;
	const long *idx = L.idx;
	long *head;
	while (load_next(&L, "subject_id")) {
		if (skip && strcmp(er_table_field(L.r, idx[4], NULL), skip) == 0)
			continue; /* this platform's own row: not a loan elsewhere */
		if (!(head = load_add(&L, L.key, L.keylen)))
			break;
		size_t sl, gl, ml;
		if (L.added)
			*head = -1;
		struct er_decide_loan loan = {0, -1, 0};
		const char *st = er_table_field(r, idx[1], &sl);
		int bad = 0;
		if (strcasecmp(st, "applying") == 0)
			loan.status = ER_LOAN_APPLYING;
		else if (strcasecmp(st, "active") == 0)
			loan.status = ER_LOAN_ACTIVE;
		else if (strcasecmp(st, "closed") == 0)
			loan.status = ER_LOAN_CLOSED;
		else if (strcasecmp(st, "defaulted") == 0)
			loan.status = ER_LOAN_DEFAULTED;
		else {
			er_table_warn(d, r, "status", "bad status '%s': not applying, active, closed or defaulted", st);
			bad = 1;
		}
		const char *g = er_table_field(r, idx[2], &gl);
		if (gl > 0 || loan.status == ER_LOAN_APPLYING) {
			loan.platform_grade = er_grade_parse(g, gl);
			if (loan.platform_grade < 0) {
				er_table_warn(d, r, "platform_grade", "bad platform_grade '%s': not A, B, C or D", g);
				bad = 1;
			}
		}
		er_table_num_field(r, idx[3], &ml);
		if (ml > 0 || loan.status == ER_LOAN_APPLYING || loan.status == ER_LOAN_ACTIVE)
			bad |= field_num(d, r, idx[3], "monthly_repayment", 0, &loan.monthly_repayment) != 0;
		if (bad) {
			if (load_reject(&L) != 0)
				break;
			continue;
		}
		if (add_node(t, head, &loan) != 0) {
			L.status = oom(err, path);
			break;
		}
	}
	return load_done(&L);
}

/* The pair key of A and B in a fixed order, so either direction finds it. */
static size_t
pair_key(char *buf, const char *a, size_t alen, const char *b, size_t blen)
{
	if (alen + blen + 2 > ER_ERRLEN)
		return 0;
	/* the pair of subjects in their compared forms */
	char na[SUBJECT_KEY_MAX], nb[SUBJECT_KEY_MAX];
	if (alen <= SUBJECT_KEY_MAX) {
		alen = er_ident_norm_subject(a, alen, na);
		a = na;
	}
	if (blen <= SUBJECT_KEY_MAX) {
		blen = er_ident_norm_subject(b, blen, nb);
		b = nb;
	}
	int swap = alen != blen ? alen > blen : memcmp(a, b, alen) > 0;
	const char *x = swap ? b : a, *y = swap ? a : b;
	size_t xl = swap ? blen : alen, yl = swap ? alen : blen;
	memcpy(buf, x, xl);
	buf[xl] = '\037';
	memcpy(buf + xl + 1, y, yl);
	return xl + 1 + yl;
}

static int
field_date(const struct er_diag *d, const er_reader *r, long idx, const char *name, er_day *out)
{
	size_t len;
	const char *s = er_table_field(r, idx, &len);
	int res = er_date_parse(s, len, NULL, out, NULL);
	if (res != ER_DATE_OK) {
		er_table_warn(d, r, name, "bad %s '%s': %s", name, s, er_date_strerror(res));
		return -1;
	}
	return 0;
}

int
er_decide_tables_load_relations(const struct er_diag *d, er_decide_tables *t, const char *path,
                                const struct er_reader_opts *o, er_day asof, int long_days, unsigned long *errors,
                                char *err)
{
	static const char *const cols[] = {"applicant_id", "beneficiary_id", "due_date", "repaid_date", "?amount"};
	struct load L;
	if (load_open(&L, d, &t->relations, path, o, cols, 5, errors, err) != 0)
		return L.status;
	er_reader *r = L.r;
	const long *idx = L.idx;
	char key[ER_ERRLEN];
	while (load_next(&L, NULL)) {
		size_t al, bl, rl, ml;
		const char *a = er_table_field(r, idx[0], &al);
		const char *b = er_table_field(r, idx[1], &bl);
		size_t kl = pair_key(key, a, al, b, bl);
		if (al == 0 || bl == 0 || kl == 0) {
			er_table_warn(d, r, al == 0 ? "applicant_id" : "beneficiary_id", "empty or too long id");
			(*errors)++;
			continue;
		}
		int *state = load_add(&L, key, kl);
		if (!state)
			break;
		er_day due, repaid = 0;
		int bad = field_date(d, r, idx[2], "due_date", &due) != 0;
		er_table_field(r, idx[3], &rl);
		int paid = rl > 0;
		if (paid)
			bad |= field_date(d, r, idx[3], "repaid_date", &repaid) != 0;
		double amount;
		if (er_table_num_field(r, idx[4], &ml), ml > 0)
			bad |= field_num(d, r, idx[4], "amount", 0, &amount) != 0;
		if (bad) {
			if (load_reject(&L) != 0)
				break;
			continue;
		}
		/* Judged at the as-of date: a repayment after it had not happened yet. */
		if (paid && repaid > asof)
			paid = 0;
		long late = paid ? (long)repaid - due : (long)asof - due;
		if (late > long_days)
			*state = ER_ARREARS_FOUND;
	}
	return load_done(&L);
}

int
er_decide_tables_load_reviews(const struct er_diag *d, er_decide_tables *t, const char *path,
                              const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"app_id", "result"};
	free(t->reviews_path);
	t->reviews_path = strdup(path);
	if (!t->reviews_path)
		return oom(err, path);
	struct load L;
	if (load_open(&L, d, &t->reviews, path, o, cols, 2, errors, err) != 0)
		return L.status;
	er_reader *r = L.r;
	while (load_next(&L, "app_id")) {
		const char *res = er_table_field(r, L.idx[1], NULL);
		int result = strcasecmp(res, "approve") == 0 ? ER_REVIEW_APPROVE
			: strcasecmp(res, "reject") == 0     ? ER_REVIEW_REJECT
							     : ER_REVIEW_NONE;
		if (result == ER_REVIEW_NONE) {
			er_table_warn(d, r, "result", "bad result '%s': not approve or reject", res);
			(*errors)++;
			continue;
		}
		int *rec = load_add(&L, L.key, L.keylen);
		if (!rec)
			break;
		if (!L.added && rec[0] != result) {
			er_table_warn(d, r, "result", "second review of '%s' disagrees", L.key);
			if (load_reject(&L) != 0)
				break;
			continue;
		}
		rec[0] = result;
		rec[1] = (int)er_reader_line(r);
	}
	return load_done(&L);
}

int
er_decide_tables_load_tiers(const struct er_diag *d, er_decide_tables *t, const char *path,
                            const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"product", "amount", "min_repayment", "max_repayment"};
	static const char *const names[] = {"amount", "min_repayment", "max_repayment"};
	struct load L;
	if (load_open(&L, d, &t->products, path, o, cols, 4, errors, err) != 0)
		return L.status;
	er_reader *r = L.r;
	char why[ER_ERRLEN];
	while (load_next(&L, "product")) {
		long k = table_find(&t->products, L.key, L.keylen, why);
		if (k == -2)
			continue; /* the product's own row was bad and reported */
		if (k == -1) {
			er_table_warn(d, r, "product", "tier of unknown product '%s'", L.key);
			(*errors)++;
			continue;
		}
		L.k = k;
		struct er_decide_product *p = (void *)(t->products.recs + (size_t)k * t->products.elem);
		double v[3];
		int bad = 0;
		for (int i = 0; i < 3; i++)
			bad |= field_num(d, r, L.idx[i + 1], names[i], i == 0, &v[i]) != 0;
		if (!bad && v[2] < v[1]) {
			er_table_warn(d, r, "max_repayment", "bad max_repayment '%s': below min_repayment",
			              er_table_field(r, L.idx[3], NULL));
			bad = 1;
		}
		if (!bad && p->ntiers == ER_DECIDE_MAX_TIERS) {
			er_table_warn(d, r, "product", "more than %d tiers of product '%s'", ER_DECIDE_MAX_TIERS,
			              L.key);
			bad = 1;
		}
		if (bad) {
			if (load_reject(&L) != 0)
				break;
			continue;
		}
		/* kept by amount, smallest first */
		size_t i = p->ntiers++;
		while (i > 0 && p->tiers[i - 1].amount > v[0]) {
			p->tiers[i] = p->tiers[i - 1];
			i--;
		}
		p->tiers[i] = (struct er_decide_tier){v[0], v[1], v[2]};
	}
	return load_done(&L);
}

/* A second row of the current key in a side table of one row per subject: reported with
 * the file and line, counted, and the key made unusable. 0, or -1 out of memory. */
static int
load_duplicate(struct load *L, const char *what)
{
	er_table_warn(L->d, L->r, NULL, "second %s row of '%s'", what, L->key);
	return load_reject(L);
}

/* Appends S[0..LEN-1] and a NUL to the pool; its offset in *OFF. 0, or -1 out of memory. */
static int
pool_add(er_decide_tables *t, const char *s, size_t len, size_t *off)
{
	if (ER_GROW(t->pool, t->pool_cap, t->pool_len + len + 1) < 0)
		return -1;
	*off = t->pool_len;
	memcpy(t->pool + t->pool_len, s, len);
	t->pool[t->pool_len + len] = '\0';
	t->pool_len += len + 1;
	return 0;
}

/* A whole count >= 0 of field IDX. 0, or -1 reported. */
static int
field_count(const struct er_diag *d, const er_reader *r, long idx, const char *name, int *out)
{
	double v;
	if (field_num(d, r, idx, name, 0, &v) != 0)
		return -1;
	if (v != floor(v) || v > 1e9) {
		er_table_warn(d, r, name, "bad %s '%s': not a whole number", name, er_table_field(r, idx, NULL));
		return -1;
	}
	*out = (int)v;
	return 0;
}

/* er-verify --summary rows into T->checks. */
static int
load_verify(struct load *L, er_decide_tables *t)
{
	struct check *c;
	while ((c = load_record(L, "id"))) {
		if (!L->added) {
			if (load_duplicate(L, "check") != 0)
				break;
			continue;
		}
		size_t rl;
		const char *rules = er_table_field(L->r, L->idx[4], &rl);
		int bad = field_count(L->d, L->r, L->idx[2], "fail", &c->fails) != 0;
		bad |= field_count(L->d, L->r, L->idx[3], "warn", &c->warns) != 0;
		if (bad) {
			if (load_reject(L) != 0)
				break;
			continue;
		}
		if (pool_add(t, rules, rl, &c->rules) != 0) {
			L->status = oom(L->err, L->path);
			break;
		}
	}
	return load_done(L);
}

/* er-alert rows into T->alerts. */
static int
load_alerts(struct load *L)
{
	int *level;
	while ((level = load_record(L, "id"))) {
		if (!L->added) {
			if (load_duplicate(L, "alert") != 0)
				break;
			continue;
		}
		const char *v = er_table_field(L->r, L->idx[5], NULL);
		*level = er_alert_level_parse(v);
		if (*level < 0) {
			er_table_warn(L->d, L->r, "level", "bad level '%s': not red, orange, yellow or none", v);
			if (load_reject(L) != 0)
				break;
		}
	}
	return load_done(L);
}

int
er_decide_tables_load_checks(const struct er_diag *d, er_decide_tables *t, const char *path,
                             const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"?id", "?worst", "?fail", "?warn", "?rules", "?level"};
	struct load L;
	if (load_open(&L, d, NULL, path, o, cols, 6, errors, err) != 0)
		return L.status;
	/* The id is the first column, whatever er-verify --id or er-alert named it. */
	L.idx[0] = 0;
	int verify = L.idx[1] >= 0 && L.idx[2] >= 0 && L.idx[3] >= 0 && L.idx[4] >= 0;
	if (verify) {
		L.tb = &t->checks;
		t->has_checks = 1;
		return load_verify(&L, t);
	}
	if (L.idx[5] >= 0) {
		L.tb = &t->alerts;
		t->has_alerts = 1;
		return load_alerts(&L);
	}
	er_reader_close(L.r);
	return er_fail(err, ER_EIO,
	               "checks file '%s' is neither er-verify --summary output (worst,fail,warn,rules) nor er-alert "
	               "output (level)",
	               path);
}

int
er_decide_tables_load_scores(const struct er_diag *d, er_decide_tables *t, const char *path,
                             const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"?id", "grade", "pd"};
	struct load L;
	if (load_open(&L, d, &t->scores, path, o, cols, 3, errors, err) != 0)
		return L.status;
	L.idx[0] = 0; /* er-score writes its input's id column first */
	t->has_scores = 1;
	struct score *sc;
	while ((sc = load_record(&L, "id"))) {
		if (!L.added) {
			if (load_duplicate(&L, "score") != 0)
				break;
			continue;
		}
		size_t gl;
		const char *g = er_table_field(L.r, L.idx[1], &gl);
		int bad = 0;
		sc->grade = er_grade_parse(g, gl);
		if (sc->grade < 0) {
			er_table_warn(d, L.r, "grade", "bad grade '%s': not A, B, C or D", g);
			bad = 1;
		}
		if (field_num(d, L.r, L.idx[2], "pd", 0, &sc->pd) != 0)
			bad = 1;
		else if (sc->pd > 1) {
			er_table_warn(d, L.r, "pd", "bad pd '%s': above 1", er_table_field(L.r, L.idx[2], NULL));
			bad = 1;
		}
		if (bad && load_reject(&L) != 0)
			break;
	}
	return load_done(&L);
}

static const char *const identity_cols[IDENTITY_COLS] = {
	"info.uscc_match", "info.name_similarity", "info.legal_rep_match", "info.phone_match", "info.address_match"};

int
er_decide_tables_load_identity(const struct er_diag *d, er_decide_tables *t, const char *path,
                               const struct er_reader_opts *o, unsigned long *errors, char *err)
{
	static const char *const cols[] = {"?id",
	                                   "?info.uscc_match",
	                                   "?info.name_similarity",
	                                   "?info.legal_rep_match",
	                                   "?info.phone_match",
	                                   "?info.address_match"};
	struct load L;
	if (load_open(&L, d, &t->identity, path, o, cols, 6, errors, err) != 0)
		return L.status;
	L.idx[0] = 0;
	int any = 0;
	for (int i = 1; i <= IDENTITY_COLS; i++)
		any |= L.idx[i] >= 0;
	if (!any) {
		er_reader_close(L.r);
		return er_fail(err, ER_EIO,
		               "identity file '%s' has none of the columns info.uscc_match, "
		               "info.name_similarity, info.legal_rep_match, info.phone_match, info.address_match",
		               path);
	}
	t->has_identity = 1;
	double *v;
	while ((v = load_record(&L, "id"))) {
		if (!L.added) {
			if (load_duplicate(&L, "identity") != 0)
				break;
			continue;
		}
		int bad = 0;
		for (int i = 0; i < IDENTITY_COLS; i++) {
			size_t len;
			v[i] = NAN;
			if (er_table_num_field(L.r, L.idx[i + 1], &len), len > 0)
				bad |= field_num(d, L.r, L.idx[i + 1], identity_cols[i], 0, &v[i]) != 0;
		}
		if (bad && load_reject(&L) != 0)
			break;
	}
	return load_done(&L);
}

int
er_decide_tables_signals(const er_decide_tables *t, const char *id, size_t len, struct er_decide_signals *out,
                         char *why)
{
	*out = (struct er_decide_signals){
		.checks = ER_SIGNAL_NOT_ASKED,
		.rules = "",
		.alerted = ER_SIGNAL_NOT_ASKED,
		.scored = ER_SIGNAL_NOT_ASKED,
		.model_grade = -1,
		.pd = NAN,
		.identity = ER_SIGNAL_NOT_ASKED,
		.uscc_match = NAN,
		.name_similarity = NAN,
		.legal_rep_match = NAN,
		.phone_match = NAN,
		.address_match = NAN,
	};
	long k;
	if (t->has_checks) {
		if ((k = table_find(&t->checks, id, len, why)) == -2)
			return -2;
		out->checks = k >= 0 ? ER_SIGNAL_FOUND : ER_SIGNAL_MISSING;
		if (k >= 0) {
			const struct check *c = (const void *)(t->checks.recs + (size_t)k * t->checks.elem);
			out->fails = c->fails;
			out->warns = c->warns;
			out->rules = t->pool + c->rules;
		}
	}
	if (t->has_alerts) {
		if ((k = table_find(&t->alerts, id, len, why)) == -2)
			return -2;
		out->alerted = k >= 0 ? ER_SIGNAL_FOUND : ER_SIGNAL_MISSING;
		if (k >= 0)
			out->alert_level = ((const int *)(const void *)t->alerts.recs)[k];
	}
	if (t->has_scores) {
		if ((k = table_find(&t->scores, id, len, why)) == -2)
			return -2;
		out->scored = k >= 0 ? ER_SIGNAL_FOUND : ER_SIGNAL_MISSING;
		if (k >= 0) {
			const struct score *sc = (const void *)(t->scores.recs + (size_t)k * t->scores.elem);
			out->model_grade = sc->grade;
			out->pd = sc->pd;
		}
	}
	if (t->has_identity) {
		if ((k = table_find(&t->identity, id, len, why)) == -2)
			return -2;
		out->identity = k >= 0 ? ER_SIGNAL_FOUND : ER_SIGNAL_MISSING;
		if (k >= 0) {
			const double *v = (const void *)(t->identity.recs + (size_t)k * t->identity.elem);
			out->uscc_match = v[0];
			out->name_similarity = v[1];
			out->legal_rep_match = v[2];
			out->phone_match = v[3];
			out->address_match = v[4];
		}
	}
	return 0;
}

/* Copies the record of KEY into OUT (TB's record size): 0, -1 absent, -2 unusable (WHY set). */
static int
table_get(const struct table *tb, const char *key, size_t len, void *out, char *why)
{
	long k = table_find(tb, key, len, why);
	if (k < 0)
		return (int)k;
	memcpy(out, tb->recs + (size_t)k * tb->elem, tb->elem);
	return 0;
}

int
er_decide_tables_product(const er_decide_tables *t, const char *name, size_t len, struct er_decide_product *out,
                         char *why)
{
	return table_get(&t->products, name, len, out, why);
}

int
er_decide_tables_subject(const er_decide_tables *t, const char *id, size_t len, struct er_decide_subject *out,
                         char *why)
{
	return table_get(&t->subjects, id, len, out, why);
}

void
er_decide_tables_set_loan_key(er_decide_tables *t, er_decide_loan_key_fn fn, void *ctx)
{
	t->loan_key = fn;
	t->loan_key_ctx = ctx;
}

void
er_decide_tables_set_loan_fetch(er_decide_tables *t, er_decide_loan_fetch_fn fn, void *ctx)
{
	t->loan_fetch = fn;
	t->loan_fetch_ctx = ctx;
}

int
er_decide_tables_fetches(const er_decide_tables *t)
{
	return t->loan_fetch != NULL;
}

/* Interns the registry key KEY[0..KLEN-1] of a subject among those fetched or wanted (under
 * any spelling of the id that compares equal): its number, *ADDED 1 when new, or -1 (out of
 * memory). */
static long
fetched_key(er_decide_tables *t, const char *key, size_t klen, int *added)
{
	if (!t->fetched && !(t->fetched = er_strmap_new()))
		return -1;
	char buf[SUBJECT_KEY_MAX];
	key = table_key(&t->registry, key, &klen, buf);
	return er_strmap_intern(t->fetched, key, klen, added);
}

/* Fetches the records of applicant ID, whose registry key is KEY[0..KLEN-1], unless they
 * were fetched (or wanted, and then fetched by er_decide_tables_fetch_wanted) before. */
static int
fetch_loans(er_decide_tables *t, const char *id, size_t len, const char *key, size_t klen, char *why)
{
	int added;
	if (fetched_key(t, key, klen, &added) < 0)
		return ER_ENOMEM;
	return added ? t->loan_fetch(t->loan_fetch_ctx, t, id, len, t->loan_key ? key : NULL, why) : 0;
}

int
er_decide_tables_want_loans(er_decide_tables *t, const char *id, size_t len)
{
	char stored[65];
	const char *key = id;
	if (t->loan_key) {
		if (t->loan_key(t->loan_key_ctx, id, len, stored) != 0)
			return ER_ENOMEM;
		key = stored;
	}
	int added;
	size_t klen = key == stored ? strlen(stored) : 0, need = len + 1 + klen + (klen > 0);
	long k = fetched_key(t, key, klen ? klen : len, &added);
	if (k < 0 ||
	    (added &&
	     (ER_GROW(t->wanted, t->wanted_cap, t->nwanted + 1) < 0 ||
	      ER_GROW(t->wanted_ids, t->wanted_ids_cap, t->wanted_len + need) < 0)))
		return ER_ENOMEM;
	if (added) {
		t->wanted[t->nwanted++] = (struct wanted){k, t->wanted_len, len};
		char *p = t->wanted_ids + t->wanted_len;
		memcpy(p, id, len);
		p[len] = '\0';
		if (klen)
			memcpy(p + len + 1, stored, klen + 1);
		t->wanted_len += need;
	}
	return 0;
}

static int
by_key(const void *a, const void *b, void *ctx)
{
	const er_strmap *m = ctx;
	size_t al, bl;
	const char *x = er_strmap_key(m, (size_t)((const struct wanted *)a)->key, &al);
	const char *y = er_strmap_key(m, (size_t)((const struct wanted *)b)->key, &bl);
	int c = memcmp(x, y, al < bl ? al : bl);
	return c ? c : (al > bl) - (al < bl);
}

int
er_decide_tables_fetch_wanted(er_decide_tables *t, char *why)
{
	int st = 0;
	if (t->nwanted > 1)
		qsort_r(t->wanted, t->nwanted, sizeof *t->wanted, by_key, t->fetched);
	for (size_t i = 0; st == 0 && i < t->nwanted; i++) {
		const char *id = t->wanted_ids + t->wanted[i].id;
		size_t len = t->wanted[i].len;
		st = t->loan_fetch(t->loan_fetch_ctx, t, id, len, t->loan_key ? id + len + 1 : NULL, why);
	}
	free(t->wanted);
	free(t->wanted_ids);
	t->wanted = NULL;
	t->wanted_ids = NULL;
	t->nwanted = t->wanted_cap = t->wanted_len = t->wanted_ids_cap = 0;
	return st;
}

int
er_decide_tables_loans(er_decide_tables *t, const char *id, size_t len, struct er_decide_loan **loans, size_t *n,
                       char *why)
{
	*loans = NULL;
	*n = 0;
	char stored[65];
	const char *raw = id;
	size_t raw_len = len;
	if (t->loan_key) {
		if (t->loan_key(t->loan_key_ctx, id, len, stored) != 0)
			return ER_ENOMEM;
		id = stored;
		len = strlen(stored);
	}
	int st = t->loan_fetch ? fetch_loans(t, raw, raw_len, id, len, why) : 0;
	if (st != 0)
		return st;
	long k = table_find(&t->registry, id, len, why);
	if (k == -1)
		return 0;
	if (k < 0)
		return -2;
	long head = ((const long *)(const void *)t->registry.recs)[k];
	size_t count = 0;
	for (long i = head; i >= 0; i = t->nodes[i].next)
		count++;
	if (count == 0)
		return 0;
	struct er_decide_loan *v = malloc(count * sizeof *v);
	if (!v)
		return ER_ENOMEM;
	size_t j = count;
	for (long i = head; i >= 0; i = t->nodes[i].next)
		v[--j] = t->nodes[i].loan;
	*loans = v;
	*n = count;
	return 0;
}

int
er_decide_tables_arrears(const er_decide_tables *t, const char *a, size_t alen, const char *b, size_t blen, char *why)
{
	char key[ER_ERRLEN];
	size_t kl = pair_key(key, a, alen, b, blen);
	if (kl == 0)
		return ER_ARREARS_NO_RECORDS;
	long k = table_find(&t->relations, key, kl, why);
	if (k == -1)
		return ER_ARREARS_NO_RECORDS;
	if (k < 0)
		return ER_ARREARS_UNKNOWN;
	return ((const int *)(const void *)t->relations.recs)[k];
}

int
er_decide_tables_review(er_decide_tables *t, const char *id, size_t len)
{
	char why[ER_ERRLEN];
	long k = table_find(&t->reviews, id, len, why);
	if (k < 0)
		return ER_REVIEW_NONE;
	int *rec = (int *)(void *)(t->reviews.recs + (size_t)k * t->reviews.elem);
	int result = rec[0];
	if (rec[1] > 0)
		rec[1] = -rec[1]; /* a negative line marks the review as used */
	return result;
}

unsigned long
er_decide_tables_report_unused_reviews(const struct er_diag *d, const er_decide_tables *t)
{
	unsigned long n = 0;
	size_t count = er_strmap_size(t->reviews.keys);
	for (size_t k = 0; k < count; k++) {
		const int *rec = (const int *)(const void *)(t->reviews.recs + k * t->reviews.elem);
		if (rec[1] <= 0 || (k < t->reviews.cap && t->reviews.bad[k]))
			continue;
		char where[ER_WHERELEN];
		er_diag_msg(d, "review for unknown application '%s'%s", er_strmap_key(t->reviews.keys, k, NULL),
		            er_where(where, sizeof where, t->reviews_path ? t->reviews_path : "reviews",
		                     (uint64_t)rec[1], NULL));
		n++;
	}
	return n;
}
