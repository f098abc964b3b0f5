/* feat_feed: reader threads, the lock, and the kind of each feed row. */
#include "features/feat_feed.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/err.h"
#include "lib/table.h"

/* The built-in words of a kind column. */
static const struct {
	const char *word;
	int kind;
} builtin[] = {
	{"readings", ER_KIND_READINGS},
	{"reading", ER_KIND_READINGS},
	{"bills", ER_KIND_BILLS},
	{"bill", ER_KIND_BILLS},
	{"inspections", ER_KIND_INSPECTIONS},
	{"inspection", ER_KIND_INSPECTIONS},
	{"events", ER_KIND_EVENTS},
	{"event", ER_KIND_EVENTS},
	{"accounts", ER_KIND_ACCOUNTS},
	{"account", ER_KIND_ACCOUNTS},
	{"loans", ER_KIND_LOANS},
	{"loan", ER_KIND_LOANS},
};

static const char *const kind_names[ER_KIND_COUNT] = {
	[ER_KIND_READINGS] = "readings", [ER_KIND_BILLS] = "bills",   [ER_KIND_INSPECTIONS] = "inspections",
	[ER_KIND_ACCOUNTS] = "accounts", [ER_KIND_EVENTS] = "events", [ER_KIND_LOANS] = "loans",
	[ER_KIND_LABELS] = "labels",
};

static int
builtin_kind(const char *w, size_t len)
{
	for (size_t i = 0; i < sizeof builtin / sizeof builtin[0]; i++)
		if (strlen(builtin[i].word) == len && memcmp(builtin[i].word, w, len) == 0)
			return builtin[i].kind;
	return -1;
}

int
er_feat_kinds_parse(struct er_feat_kinds *k, const char *map, char *err)
{
	const char *p = map;
	while (*p) {
		size_t n = strcspn(p, ",");
		const char *eq = memchr(p, '=', n);
		if (!eq || eq == p || (size_t)(eq - p) >= sizeof k->map[0].word)
			return er_fail(err, ER_EUSAGE, "bad --kinds entry '%.*s' (expected WORD=KIND)", (int)n, p);
		size_t wlen = (size_t)(eq - p), klen = n - wlen - 1;
		int kind = builtin_kind(eq + 1, klen);
		if (kind < 0)
			return er_fail(err, ER_EUSAGE,
			               "unknown kind '%.*s' in --kinds (expected readings, bills, inspections, events, "
			               "accounts or loans)",
			               (int)klen, eq + 1);
		if (k->n == sizeof k->map / sizeof k->map[0])
			return er_fail(err, ER_EUSAGE, "too many --kinds entries (at most %zu)",
			               sizeof k->map / sizeof k->map[0]);
		memcpy(k->map[k->n].word, p, wlen);
		k->map[k->n].word[wlen] = '\0';
		k->map[k->n++].kind = kind;
		p += n;
		if (*p == ',')
			p++;
	}
	return 0;
}

int
er_feat_kinds_lookup(const struct er_feat_kinds *k, const char *w, size_t len)
{
	for (size_t i = 0; k && i < k->n; i++)
		if (strlen(k->map[i].word) == len && memcmp(k->map[i].word, w, len) == 0)
			return k->map[i].kind;
	return builtin_kind(w, len);
}

long
er_feat_feed_kind_column(const er_reader *r)
{
	static const char *const names[] = {"kind", "record_type", "类型"};
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		long c = er_reader_col(r, names[i]);
		if (c >= 0)
			return c;
	}
	return -1;
}

/* A diag that names the kind of the row in its place: "(file F, line N, kind K, ...)". */
struct kind_diag {
	const struct er_diag *inner;
	const char *kind;
	struct er_diag d;
};

static void
kind_emit(void *ctx, const char *msg)
{
	const struct kind_diag *k = ctx;
	const char *at = strstr(msg, " (file ");
	const char *line = at ? strstr(at, ", line ") : NULL;
	if (!line) {
		er_diag_msg(k->inner, "%s (kind %s)", msg, k->kind);
		return;
	}
	line += strlen(", line ");
	line += strspn(line, "0123456789");
	er_diag_msg(k->inner, "%.*s, kind %s%s", (int)(line - msg), msg, k->kind, line);
}

struct input {
	er_feat_feed *f;
	int kind;
	const char *path;
	const struct er_reader_opts *opts;
	pthread_t thread;
};

struct er_feat_feed {
	pthread_mutex_t lock;
	struct er_feat_store *s;
	const struct er_feat_kinds *kinds;
	struct er_feat_feed_ops ops;
	struct er_feat_counts *counts;
	int *used;
	const struct er_diag *diag;
	struct kind_diag kd[ER_KIND_COUNT];
	struct er_feat_cols cols[ER_KIND_COUNT]; /* the caller's reader's columns per kind */
	int bound[ER_KIND_COUNT];                /* 0 not yet, 1 bound, -1 failed */
	char bind_err[ER_KIND_COUNT][ER_ERRLEN];
	uint64_t unknown;
	int status;  /* the first fatal status (ER_EDATA: only rows rejected) */
	int stopped; /* the caller stopped: threads touch nothing any more */
	struct input inputs[ER_KIND_COUNT];
	size_t ninputs;
};

er_feat_feed *
er_feat_feed_new(struct er_feat_store *s, const struct er_feat_kinds *kinds, const struct er_feat_feed_ops *ops,
                 struct er_feat_counts *counts, int *used, const struct er_diag *diag)
{
	er_feat_feed *f = calloc(1, sizeof *f);
	if (!f)
		return NULL;
	if (pthread_mutex_init(&f->lock, NULL) != 0) {
		free(f);
		return NULL;
	}
	f->s = s;
	f->kinds = kinds;
	f->ops = *ops;
	f->counts = counts;
	f->used = used;
	f->diag = diag;
	for (int k = 0; k < ER_KIND_COUNT; k++) {
		f->kd[k] = (struct kind_diag){diag, kind_names[k], {kind_emit, NULL}};
		f->kd[k].d.ctx = &f->kd[k];
	}
	return f;
}

/* Applies a row of side table KIND from R bound in K and writes its entity's row; under
 * the lock. Returns 0 or a fatal status. */
static int
side_row(er_feat_feed *f, int kind, er_reader *r, const struct er_feat_cols *k)
{
	long e;
	f->used[kind] = 1;
	const struct er_diag *saved = f->s->diag;
	f->s->diag = &f->kd[kind].d; /* messages of the store's own (an account that stays) */
	int st = er_feat_store_add_row(f->s, kind, r, k, &f->counts[kind], &e);
	f->s->diag = saved;
	if (st || e < 0 || f->s->entities[e].asof == ER_NO_DAY)
		return st;
	return f->ops.emit(f->ops.ctx, (size_t)e);
}

/* Binds side table KIND's columns of R into K with the kind's diag; 0 or ER_EDATA (ERR). */
static int
bind_kind(er_feat_feed *f, int kind, er_reader *r, struct er_feat_cols *k, char *err)
{
	if (er_feat_store_bind(f->s, kind, r, k, err) != 0)
		return ER_EDATA;
	k->diag = &f->kd[kind].d;
	return 0;
}

static void
fail(er_feat_feed *f, int st)
{
	/* a fatal status wins over rejected rows */
	if (st && (!f->status || (f->status == ER_EDATA && st != ER_EDATA)))
		f->status = st;
}

static void *
input_main(void *arg)
{
	struct input *in = arg;
	er_feat_feed *f = in->f;
	char err[ER_ERRLEN];
	er_reader *r = NULL;
	struct er_feat_cols k;
	int st = er_reader_open1(&r, in->path, in->opts, err);
	pthread_mutex_lock(&f->lock);
	if (f->stopped) {
		pthread_mutex_unlock(&f->lock);
		er_reader_close(r);
		return NULL;
	}
	f->used[in->kind] = 1;
	if (r && er_reader_ncols(r) > 0 && (st = bind_kind(f, in->kind, r, &k, err)) != 0) {
		/* the rest of the feed goes on: this table's rows are rejected, uncounted */
		er_diag_msg(f->diag, "%s", err);
		fail(f, ER_EDATA);
	} else if (!r) {
		if (st != ER_ENOMEM)
			er_diag_msg(f->diag, "%s", err);
		fail(f, st == ER_ENOMEM ? ER_ENOMEM : ER_EIO);
	}
	pthread_mutex_unlock(&f->lock);
	if (st || !r || er_reader_ncols(r) == 0) {
		er_reader_close(r);
		return NULL;
	}
	for (int res; (res = er_reader_next(r)) != 0;) {
		pthread_mutex_lock(&f->lock);
		int stop = f->stopped || f->status == ER_ENOMEM || f->status == ER_EIO;
		if (!stop && res == ER_READ_FAIL) {
			int fs = er_reader_fail_status(r);
			if (fs != ER_ENOMEM)
				er_diag_msg(f->diag, "%s (file %s)", er_reader_error(r), er_reader_filename(r));
			fail(f, fs == ER_ENOMEM ? ER_ENOMEM : ER_EIO);
			stop = 1;
		} else if (!stop && res == ER_ROW_BAD) {
			f->counts[in->kind].read++;
			f->counts[in->kind].rejected++;
			char where[ER_WHERELEN];
			er_diag_msg(&f->kd[in->kind].d, "%s%s", er_reader_error(r),
			            er_reader_where(r, NULL, where, sizeof where));
		} else if (!stop) {
			int fs = side_row(f, in->kind, r, &k);
			fail(f, fs);
			stop = fs != 0;
		}
		pthread_mutex_unlock(&f->lock);
		if (stop)
			break;
	}
	er_reader_close(r);
	return NULL;
}

int
er_feat_feed_add_input(er_feat_feed *f, int kind, const char *path, const struct er_reader_opts *opts, char *err)
{
	struct input *in = &f->inputs[f->ninputs];
	*in = (struct input){f, kind, path, opts, 0};
	int rc = pthread_create(&in->thread, NULL, input_main, in);
	if (rc != 0)
		return er_fail(err, ER_EIO, "cannot start a reader of '%s': %s", path, strerror(rc));
	f->ninputs++;
	return 0;
}

void
er_feat_feed_bad_row(er_feat_feed *f, er_reader *r, int kind)
{
	char where[ER_WHERELEN];
	pthread_mutex_lock(&f->lock);
	if (kind < 0) {
		f->unknown++;
		er_diag_msg(f->diag, "%s%s", er_reader_error(r), er_reader_where(r, NULL, where, sizeof where));
	} else {
		f->used[kind] = 1;
		f->counts[kind].read++;
		f->counts[kind].rejected++;
		er_diag_msg(&f->kd[kind].d, "%s%s", er_reader_error(r), er_reader_where(r, NULL, where, sizeof where));
	}
	pthread_mutex_unlock(&f->lock);
}

/* The current row of R as a row of the kind in column KCOL; under the lock. */
static int
kind_row(er_feat_feed *f, er_reader *r, long kcol, int replay)
{
	size_t len;
	const char *w = er_table_field(r, kcol, &len);
	int kind = er_feat_kinds_lookup(f->kinds, w, len);
	if (kind < 0 || kind == ER_KIND_LABELS) {
		f->unknown++;
		er_table_bad_value(f->diag, r, er_reader_colname(r, (size_t)kcol), "unknown kind", w);
		return 0;
	}
	f->used[kind] = 1;
	if (kind == ER_KIND_READINGS)
		return f->ops.reading(f->ops.ctx, r, &f->kd[kind].d);
	if (replay)
		return 0; /* its effect and its counts are in the checkpoint, its messages were given */
	if (!f->bound[kind])
		f->bound[kind] = bind_kind(f, kind, r, &f->cols[kind], f->bind_err[kind]) ? -1 : 1;
	if (f->bound[kind] < 0) {
		/* the header lacks a column of this kind: each of its rows says so */
		f->counts[kind].read++;
		f->counts[kind].rejected++;
		char where[ER_WHERELEN];
		er_diag_msg(&f->kd[kind].d, "%s%s", f->bind_err[kind], er_reader_where(r, NULL, where, sizeof where));
		return 0;
	}
	return side_row(f, kind, r, &f->cols[kind]);
}

int
er_feat_feed_row(er_feat_feed *f, er_reader *r, long kcol, int replay)
{
	pthread_mutex_lock(&f->lock);
	int st = f->status == ER_ENOMEM || f->status == ER_EIO ? f->status : 0;
	if (!st) {
		st = kcol >= 0 ? kind_row(f, r, kcol, replay) : f->ops.reading(f->ops.ctx, r, f->diag);
		fail(f, st);
	}
	pthread_mutex_unlock(&f->lock);
	return st;
}

uint64_t
er_feat_feed_unknown(er_feat_feed *f)
{
	return f->unknown;
}

int
er_feat_feed_finish(er_feat_feed *f, int stop)
{
	if (!f)
		return 0;
	if (stop) {
		pthread_mutex_lock(&f->lock);
		fail(f, stop);
		f->stopped = 1;
		pthread_mutex_unlock(&f->lock);
		/* threads blocked in a read see the status when they wake, and touch nothing */
		if (f->ninputs)
			return stop;
	}
	for (size_t i = 0; i < f->ninputs; i++)
		pthread_join(f->inputs[i].thread, NULL);
	int st = f->status;
	pthread_mutex_destroy(&f->lock);
	free(f);
	return st;
}
