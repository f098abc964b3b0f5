/* feat_run: the batch and stream drivers of er-features. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/diag.h"
#include "lib/err.h"
#include "features/feat_dupkey.h"
#include "features/feat_feed.h"
#include "features/feat_catalogue.h"
#include "features/feat_meter.h"
#include "features/feat_run.h"
#include "features/feat_series.h"
#include "features/feat_store.h"
#include "features/feat_usage.h"
#include "data/ident.h"
#include "data/schema.h"
#include "lib/num.h"
#include "lib/progress.h"
#include "lib/reader.h"
#include "lib/table.h"
#include "lib/writer.h"

static int
write_header(er_writer *w, const er_feat_custom *custom, int seq)
{
	size_t n;
	const struct er_feat_def *cat = er_feat_catalogue(&n);
	int st = er_writer_str(w, "id") || er_writer_str(w, "asof");
	for (size_t i = 0; i < n && !st; i++)
		st = er_writer_str(w, cat[i].name);
	for (size_t i = 0; i < er_feat_custom_count(custom) && !st; i++)
		st = er_writer_str(w, er_feat_custom_def(custom, i)->name);
	/* --state: the feed position, for downstream to tell a row resent after a restart */
	if (!st && seq)
		st = er_writer_str(w, "seq");
	return st ? st : er_writer_end_row(w);
}

static int
write_def(er_writer *w, const struct er_feat_def *d)
{
	char dir[2] = {d->direction, '\0'};
	int st = er_writer_str(w, d->name) || er_writer_str(w, d->module) || er_writer_str(w, d->name_zh) ||
		er_writer_str(w, d->definition) || er_writer_str(w, d->unit) || er_writer_str(w, dir) ||
		er_writer_str(w, d->windows);
	return st ? ER_EIO : er_writer_end_row(w);
}

int
er_feat_list(const er_feat_custom *custom, const struct er_cli_io *io, const struct er_diag *diag)
{
	er_writer *w = er_writer_open(1, "stdout", &io->out);
	if (!w)
		return ER_ENOMEM;
	static const char *const header[] = {"name", "module", "name_zh", "definition", "unit", "direction", "windows"};
	int st = er_writer_row(w, header, 7);
	size_t n;
	const struct er_feat_def *cat = er_feat_catalogue(&n);
	for (size_t i = 0; i < n && !st; i++)
		st = write_def(w, &cat[i]);
	for (size_t i = 0; i < er_feat_custom_count(custom) && !st; i++)
		st = write_def(w, er_feat_custom_def(custom, i));
	if (!st)
		st = er_writer_flush(w);
	if (st)
		er_diag_msg(diag, "%s", er_writer_error(w));
	if (er_writer_close(w) != 0 || st) {
		if (!st)
			er_diag_msg(diag, "%s", "write error 'stdout'");
		return ER_EIO;
	}
	return ER_OK;
}

static int
write_row(const struct er_feat_store *s, size_t i, double *row, er_writer *w, uint64_t seq)
{
	const struct er_feat_entity *e = &s->entities[i];
	char date[16];
	er_date_format(date, e->asof);
	int st = er_writer_str(w, er_feat_store_entity_id(s, i)) || er_writer_str(w, date);
	for (size_t k = 0; k < ER_FEAT_COUNT && !st; k++)
		st = er_writer_double(w, row[k]);
	if (!st && s->custom)
		st = er_feat_custom_write(s->custom, e->custom, e->asof, w);
	if (!st && seq)
		st = er_writer_int(w, (long long)seq);
	return st ? st : er_writer_end_row(w);
}

/* 1 when entity I is written: every entity, or with --partition those of its partition. */
static int
in_partition(const struct er_feat_store *s, const struct er_feat_opts *o, size_t i)
{
	return !o->partitioned || er_feat_store_entity_partition(s, i, o->part_n) == o->part_k;
}

static void
summary(const struct er_diag *diag, const char *table, const struct er_feat_counts *c)
{
	char values[64] = "";
	if (c->bad_values)
		snprintf(values, sizeof values, " (%llu used with a bad --agg value)",
		         (unsigned long long)c->bad_values);
	er_diag_msg(diag, "%s: %llu rows read, %llu used%s, %llu skipped after the as-of date, %llu rejected", table,
	            (unsigned long long)c->read, (unsigned long long)c->used, values, (unsigned long long)c->skipped,
	            (unsigned long long)c->rejected);
}

/* The minute of the day an interval reading starts (*MINUTE, left alone for a reading
 * without a time) from column CTIME (-1: none) of R's row of DAYS days (column CDAYS).
 * Returns 0, or -1 for a bad time or a time on a reading of more than a day (reported). */
static int
interval_start(er_reader *r, long ctime, long cdays, long long days, const struct er_diag *diag, int *minute)
{
	size_t len = ctime >= 0 ? er_reader_field_len(r, (size_t)ctime) : 0;
	if (len == 0)
		return 0;
	const char *v = er_reader_field(r, (size_t)ctime);
	int secs, rc = er_time_parse(v, len, &secs);
	if (rc != ER_DATE_OK) {
		er_table_bad_value(diag, r, "time",
		                   rc == ER_DATE_BAD_TIME ? "impossible time of day" : "not a time of day (HH:MM)", v);
		return -1;
	}
	if (days != 1) {
		er_table_bad_value(diag, r, "days", "an interval reading (with a time) covers one day",
		                   er_reader_field(r, (size_t)cdays));
		return -1;
	}
	*minute = secs / 60;
	return 0;
}

/* The readings input's columns and what each row needs, for reading_row and emit. */
struct readings {
	struct er_feat_store *s;
	const struct er_feat_opts *o;
	er_writer *w;
	struct er_feat_counts *c;
	long col[ER_SCHEMA_MAXFIELDS];
	long cid, cdate, ckwh, cdays, cmeter, ctime;
	int track, custom;
	double *row;
	er_feat_dupkeys *dk;
	int replay; /* the current feed row was applied before the checkpoint (--state) */
};

/* Writes entity I's updated row (stream mode), flushed at once. Returns 0 or a status
 * (reported, except out of memory). */
static int
emit(void *ctx, size_t i)
{
	struct readings *x = ctx;
	if (!in_partition(x->s, x->o, i))
		return 0;
	er_feat_store_refresh(x->s, i);
	int st = er_feat_store_compute(x->s, i, x->row);
	if (st)
		return st;
	struct er_feat_ckpt *k = x->o->ckpt;
	size_t plen;
	const char *pend;
	if ((st = write_row(x->s, i, x->row, x->w, k ? k->rows : 0)) != 0) {
		/* out of memory (a window's merged months) is said once, by the tool */
		if (st == ER_ENOMEM)
			return st;
		er_diag_msg(x->o->diag, "%s", er_writer_error(x->w));
		return ER_EIO;
	}
	/* kept before the flush: a restart resends what the pipe downstream may have lost */
	if (k && (pend = er_writer_pending(x->w, &plen)) != NULL && (st = er_feat_ckpt_output(k, pend, plen)) != 0)
		return st;
	if (er_writer_flush(x->w) != 0) {
		er_diag_msg(x->o->diag, "%s", er_writer_error(x->w));
		return ER_EIO;
	}
	return 0;
}

/* Feeds the current reading of R into the store (a bad one reported to DIAG and counted);
 * in stream mode writes its entity's row. Returns 0, or a fatal status.
 * Long on purpose: it is er-features' per-row hot path (column fields, parse, store, stream
 * row in one pass over locals); split into calls per step it would pass that state around
 * for every reading. */
static int
reading_row(void *ctx, er_reader *r, const struct er_diag *diag)
{
	struct readings *x = ctx;
	struct er_feat_store *s = x->s;
	struct er_feat_counts *c = x->c, replayed = {0};
	if (x->replay) {
		/* applied before the checkpoint, which has its counts: checked again only so that
		 * its key re-enters the duplicate window, neither counted nor reported again */
		c = &replayed;
		diag = NULL;
	}
	long cid = x->cid, cdate = x->cdate, ckwh = x->ckwh, cdays = x->cdays, cmeter = x->cmeter, ctime = x->ctime;
	char err[ER_ERRLEN];
	c->read++;
	size_t idlen = er_reader_field_len(r, (size_t)cid);
	const char *id = er_reader_field(r, (size_t)cid);
	const char *v = er_reader_field(r, (size_t)cdate);
	er_day date;
	double kwh;
	long long days = 1;
	int res2;
	if (idlen == 0) {
		er_table_bad_value(diag, r, "account_id", "empty account", id);
		c->rejected++;
		return 0;
	}
	if (er_ident_sci_notation(id, idlen)) {
		er_table_bad_value(diag, r, "account_id", ER_IDENT_SCI_MSG, id);
		c->rejected++;
		return 0;
	}
	int dsecs;
	if ((res2 = er_date_parse_time(v, er_reader_field_len(r, (size_t)cdate), NULL, &date, NULL, &dsecs)) !=
	    ER_DATE_OK) {
		er_table_bad_value(diag, r, "date", er_date_strerror(res2), v);
		c->rejected++;
		return 0;
	}
	v = er_reader_field(r, (size_t)ckwh);
	if ((res2 = er_num_parse(v, er_reader_field_len(r, (size_t)ckwh), &kwh)) != ER_NUM_OK || kwh < 0) {
		er_table_bad_value(diag, r, "kwh", res2 ? er_num_strerror(res2) : "negative kwh", v);
		c->rejected++;
		return 0;
	}
	if (cdays >= 0 && er_reader_field_len(r, (size_t)cdays) > 0) {
		v = er_reader_field(r, (size_t)cdays);
		if (er_num_parse_int(v, er_reader_field_len(r, (size_t)cdays), &days) != ER_NUM_OK || days < 1 ||
		    days > 3660) {
			er_table_bad_value(diag, r, "days", "bad number of days", v);
			c->rejected++;
			return 0;
		}
	}
	int minute = -1;
	if (x->track && interval_start(r, ctime, cdays, days, diag, &minute) != 0) {
		c->rejected++;
		return 0;
	}
	/* a reading that repeats a key (not through er-ingest) would count its kWh twice */
	int dup = er_feat_dupkeys_check(x->dk, r, cid, cmeter, ctime, date, dsecs);
	if (dup) {
		if (dup < 0)
			return ER_ENOMEM;
		c->rejected++;
		return 0;
	}
	long ei = er_feat_store_entity_of_account(s, id, idlen);
	if (ei < 0)
		return ER_ENOMEM;
	struct er_feat_entity *e = &s->entities[ei];
	if (x->replay)
		return 0; /* not applied or written again */
	if (s->moving_asof) {
		er_feat_store_advance(s, (size_t)ei, date);
	} else if (e->asof == ER_NO_DAY || date > e->asof) {
		c->skipped++;
		return 0;
	}
	if (!e->series) {
		if (!(e->series = malloc(sizeof *e->series)))
			return ER_ENOMEM;
		er_feat_series_init(e->series, e->asof);
	}
	er_feat_series_add(e->series, date, (int)days, kwh);
	int st;
	if (x->track) {
		const char *mid = cmeter >= 0 ? er_reader_field(r, (size_t)cmeter) : "";
		size_t mlen = cmeter >= 0 ? er_reader_field_len(r, (size_t)cmeter) : 0;
		/* the next day of the same meter, inline; anything else through the store */
		if ((minute >= 0 || !e->meters ||
		     !er_feat_meters_next_day(e->meters, s->by_enterprise ? id : "", s->by_enterprise ? idlen : 0, mid,
		                              mlen, date, (int)days)) &&
		    (cmeter >= 0 || minute >= 0) &&
		    (st = er_feat_store_add_meter(s, ei, id, idlen, mid, mlen, date, (int)days, minute, kwh,
		                                  er_reader_filename(r), er_reader_line(r))) != 0)
			return st;
	}
	if (x->custom) {
		if (!e->custom && !(e->custom = er_feat_custom_state_new(s->custom, e->asof)))
			return ER_ENOMEM;
		int cst = er_feat_custom_add(s->custom, e->custom, ER_FEAT_TAB_READINGS, r, date, err);
		if (cst == ER_ENOMEM)
			return ER_ENOMEM;
		if (cst) {
			/* The series already has the kWh: the row is used, its extra field is not. */
			char where[ER_WHERELEN];
			er_diag_msg(diag, "%s%s", err, er_reader_where(r, NULL, where, sizeof where));
			c->bad_values++;
		}
	}
	c->used++;
	e->seen = 1;
	return x->o->stream ? emit(x, (size_t)ei) : 0;
}

/* The inputs of a live feed besides the readings: the kind column of the readings input
 * (-1: none) and a FIFO per side table (NULL: none). */
struct feed_inputs {
	long kcol;
	const char *fifo[ER_KIND_COUNT];
	int any;
	uint64_t unknown; /* out: rows of an unknown kind */
	int rejected;     /* out: a FIFO's table could not be read */
};

/* Feeds every row of R into the store: readings, or with a live feed IN rows of every kind
 * (IN's kind column, and the FIFOs read by their own threads). */
static int
read_readings(struct er_feat_store *s, er_reader *r, const struct er_feat_opts *o, er_writer *w,
              struct er_feat_counts *counts, int *used, struct feed_inputs *in)
{
	er_feat_feed *feed = NULL;
	long kcol = in->kcol;
	char err[ER_ERRLEN];
	const struct er_schema *spec = er_schema_get(ER_KIND_READINGS);
	struct readings x = {.s = s, .o = o, .w = w, .c = &counts[ER_KIND_READINGS]};
	/* kwh is optional in the spec (er-ingest may compute it from the register), never here. */
	if (er_schema_bind(spec, r, ~0u, x.col, err) != 0 ||
	    (x.col[ER_READINGS_KWH] = er_reader_require(r, spec->fields[ER_READINGS_KWH].name, err)) < 0) {
		er_diag_msg(o->diag, "%s", err);
		return ER_EDATA;
	}
	x.cid = x.col[ER_READINGS_ACCOUNT_ID], x.cdate = x.col[ER_READINGS_DATE], x.ckwh = x.col[ER_READINGS_KWH];
	x.cdays = x.col[ER_READINGS_DAYS];
	/* without meters or times the meter and load-shape work is skipped whole */
	x.cmeter = x.col[ER_READINGS_METER_ID], x.ctime = x.col[ER_READINGS_TIME];
	s->have_meter_ids = x.cmeter >= 0;
	x.track = x.cmeter >= 0 || x.ctime >= 0;
	x.custom = er_feat_custom_uses_table(s->custom, ER_FEAT_TAB_READINGS);
	x.row = malloc(ER_FEAT_COUNT * sizeof *x.row);
	x.dk = er_feat_dupkeys_new(o->stream ? ER_FEAT_DUPKEY_STREAM_DAYS : 0);
	if (!x.row || !x.dk) {
		free(x.row);
		er_feat_dupkeys_free(x.dk);
		return ER_ENOMEM;
	}
	int st = 0;
	if (in->any) {
		feed = er_feat_feed_new(s, &o->kinds, &(struct er_feat_feed_ops){&x, reading_row, emit}, counts, used,
		                        o->diag);
		if (!feed)
			st = ER_ENOMEM;
		for (int k = 0; k < ER_KIND_COUNT && !st; k++)
			if (in->fifo[k] && (st = er_feat_feed_add_input(feed, k, in->fifo[k], &o->io.in, err)) != 0)
				er_diag_msg(o->diag, "%s", err);
	}
	struct er_progress progress;
	er_progress_start(&progress, o->io.progress, er_reader_size(r));
	uint64_t n = 0;
	for (int res; !st && (res = er_reader_next(r)) != 0;) {
		if (res == ER_READ_FAIL) {
			/* out of memory is said once, by the tool */
			if ((st = er_reader_fail_status(r)) != ER_ENOMEM)
				er_diag_msg(o->diag, "%s (file %s)", er_reader_error(r), er_reader_filename(r));
			break;
		}
		int replay = 0;
		if (o->ckpt &&
		    ((st = er_feat_ckpt_tick(o->ckpt, s, 0, err)) != 0 ||
		     (replay = er_feat_ckpt_row(o->ckpt, r, err)) < 0)) {
			st = st ? st : ER_EDATA;
			if (st != ER_ENOMEM)
				er_diag_msg(o->diag, "%s", err);
			break;
		}
		x.replay = replay;
		if ((++n & 0xFFFF) == 0)
			er_progress_update(&progress, n, er_reader_bytes(r));
		if (res == ER_ROW_BAD) {
			if (feed) {
				/* its fields are readable: its kind too */
				size_t len;
				const char *kw = kcol >= 0 ? er_table_field(r, kcol, &len) : NULL;
				int kind = kw ? er_feat_kinds_lookup(&o->kinds, kw, len) : ER_KIND_READINGS;
				er_feat_feed_bad_row(feed, r, kind, replay);
				continue;
			}
			if (replay)
				continue; /* counted in the checkpoint, reported by the run that read it */
			char where[ER_WHERELEN];
			er_diag_msg(o->diag, "%s%s", er_reader_error(r), er_reader_where(r, NULL, where, sizeof where));
			x.c->read++;
			x.c->rejected++;
			continue;
		}
		if ((st = feed ? er_feat_feed_row(feed, r, kcol, x.replay) : reading_row(&x, r, o->diag)) != 0)
			break;
	}
	er_progress_end(&progress);
	/* the other inputs end before the reports: they may still use X */
	if (feed) {
		in->unknown = er_feat_feed_unknown(feed);
		int fst = er_feat_feed_finish(feed, st);
		in->rejected = fst == ER_EDATA;
		if (!st && fst != ER_EDATA)
			st = fst;
	}
	/* a clean end: the feed is checkpointed whole */
	if (!st && o->ckpt &&
	    ((st = er_feat_ckpt_end(o->ckpt, err)) != 0 || (st = er_feat_ckpt_tick(o->ckpt, s, 1, err)) != 0) &&
	    st != ER_ENOMEM)
		er_diag_msg(o->diag, "%s", err);
	if (st != ER_ENOMEM)
		er_feat_dupkeys_report(x.dk, o->diag);
	/* while the reader, which names the files, is open */
	if (st != ER_ENOMEM && x.ctime >= 0)
		er_feat_store_report_off_grid(s, spec->fields[ER_READINGS_TIME].name);
	er_feat_dupkeys_free(x.dk);
	free(x.row);
	return st;
}

struct keyed {
	const char *id;
	size_t index;
};

static int
cmp_keyed(const void *a, const void *b)
{
	return strcmp(((const struct keyed *)a)->id, ((const struct keyed *)b)->id);
}

/* Writes every evaluated entity, sorted by id, with the industry-relative growth. */
static int
write_batch(struct er_feat_store *s, const struct er_feat_opts *o, er_writer *w, const struct er_diag *diag)
{
	size_t n = s->nentities, k = 0;
	struct keyed *order = malloc((n + 1) * sizeof *order);
	int *group = malloc((n + 1) * sizeof *group);
	double *growth = malloc((n + 1) * sizeof *growth), *dev = malloc((n + 1) * sizeof *dev);
	double *row = malloc(ER_FEAT_COUNT * sizeof *row);
	int st = ER_ENOMEM;
	if (!order || !group || !growth || !dev || !row)
		goto out;
	for (size_t i = 0; i < n; i++) {
		group[i] = -1;
		growth[i] = NAN;
		if (s->entities[i].asof == ER_NO_DAY || !s->entities[i].seen || !in_partition(s, o, i))
			continue;
		order[k++] = (struct keyed){er_feat_store_entity_id(s, i), i};
		if (s->entities[i].industry >= 0 && s->entities[i].series) {
			er_feat_usage_compute(s->entities[i].series, s->entities[i].asof, NAN, row);
			group[i] = s->entities[i].industry;
			growth[i] = row[ER_FEAT_USAGE_GROWTH_12M];
		}
	}
	if (er_feat_usage_industry_dev(group, growth, n, dev) < 0)
		goto out;
	qsort(order, k, sizeof *order, cmp_keyed);
	st = 0;
	for (size_t j = 0; j < k && !st; j++) {
		if ((st = er_feat_store_compute(s, order[j].index, row)) != 0)
			goto out;
		row[ER_FEAT_USAGE_INDUSTRY_GROWTH_DEV] = dev[order[j].index];
		st = write_row(s, order[j].index, row, w, 0);
	}
	/* out of memory (a window's merged months) is said once, by the tool */
	if (st && st != ER_ENOMEM) {
		er_diag_msg(diag, "%s", er_writer_error(w));
		st = ER_EIO;
	}
out:
	free(order);
	free(group);
	free(growth);
	free(dev);
	free(row);
	return st;
}

/* 1 when PATH is a FIFO (or a socket, a terminal): read as its rows arrive in stream mode. */
static int
is_live(const char *path)
{
	struct stat st;
	return path && strcmp(path, "-") != 0 && stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode);
}

int
er_feat_run(struct er_feat_opts *o)
{
	static const int order[] = {ER_KIND_LOANS,       ER_KIND_ACCOUNTS, ER_KIND_BILLS,
	                            ER_KIND_INSPECTIONS, ER_KIND_EVENTS,   ER_KIND_READINGS};
	static const char *const names[] = {"loans", "accounts", "bills", "inspections", "events", "readings"};
	struct er_feat_store s;
	struct er_feat_counts counts[ER_KIND_COUNT];
	int used[ER_KIND_COUNT] = {0};
	memset(counts, 0, sizeof counts);
	struct feed_inputs in = {.kcol = -1};
	char err[ER_ERRLEN];
	int st = er_feat_store_init(&s), status = 0;
	er_reader *r = NULL;
	er_writer *w = NULL;
	if (st)
		goto out;
	s.by_enterprise = o->by_enterprise;
	s.asof = o->asof;
	s.asof_from_loans = o->asof_from_loans;
	/* --asof last: each entity's windows follow its own rows, and move on to the latest
	 * date of all after the last row; nothing is read twice, so a pipe will do */
	s.asof_last = o->asof_last && !o->stream;
	s.moving_asof = (o->stream && o->asof == ER_NO_DAY) || s.asof_last;
	s.custom = o->custom && er_feat_custom_count(o->custom) ? o->custom : NULL;
	s.diag = o->diag;
	s.tou = &o->tou;
	/* The readings' header first: an aggregated column present there and in the bills
	 * is the readings'. */
	status = er_reader_open(&r, o->readings, o->nreadings, &o->io.in, err);
	if (!r) {
		if (status != ER_ENOMEM)
			er_diag_msg(o->diag, "%s", err);
		st = status;
		goto out;
	}
	if (s.custom)
		er_feat_custom_bind(s.custom, ER_FEAT_TAB_READINGS, r);
	if (o->stream && (in.kcol = er_feat_feed_kind_column(r)) >= 0) {
		in.any = 1;
		if (s.custom)
			er_feat_custom_bind(s.custom, ER_FEAT_TAB_BILLS, r);
	}
	for (size_t t = 0; t < 5 && !st; t++) {
		const char *path = o->tables[order[t]];
		if (!path)
			continue;
		/* a FIFO is read row by row as it comes, by its own thread, after the files */
		if (o->stream && is_live(path)) {
			in.fifo[order[t]] = path;
			in.any = 1;
			used[order[t]] = 1;
			continue;
		}
		er_reader *tr;
		status = er_reader_open1(&tr, path, &o->io.in, err);
		if (!tr) {
			if (status != ER_ENOMEM)
				er_diag_msg(o->diag, "%s", err);
			st = status;
			break;
		}
		used[order[t]] = 1;
		st = er_feat_store_load(&s, order[t], tr, &counts[order[t]]);
		er_reader_close(tr);
		if (!st && order[t] == ER_KIND_ACCOUNTS)
			st = er_feat_store_link(&s);
		if (!st && order[t] == ER_KIND_LOANS && !o->tables[ER_KIND_ACCOUNTS])
			st = er_feat_store_link(&s);
	}
	if (!st)
		st = er_feat_store_sort(&s);
	/* a FIFO's rows are applied by its own thread, at no place in the feed a checkpoint counts */
	for (int k = 0; k < ER_KIND_COUNT && !st && o->ckpt; k++)
		if (in.fifo[k]) {
			er_diag_msg(o->diag, "--state needs '%s' in a file or in the feed (a kind column), not a FIFO",
			            in.fifo[k]);
			st = ER_EUSAGE;
		}
	if (!st && in.fifo[ER_KIND_BILLS] && er_feat_custom_uses_table(s.custom, ER_FEAT_TAB_BILLS)) {
		er_diag_msg(o->diag, "--agg of a bills column needs the bills in a file, not a FIFO");
		st = ER_EUSAGE;
	}
	if (!st && s.custom && er_feat_custom_check_bound(s.custom, err)) {
		er_diag_msg(o->diag, "%s", err);
		st = ER_EUSAGE;
	}
	if (!st && o->stream && s.moving_asof && er_feat_custom_uses_table(s.custom, ER_FEAT_TAB_BILLS)) {
		/* Bills come before the readings that move the as-of date: they cannot be placed. */
		er_diag_msg(o->diag, "--agg of a bills column needs --asof with --stream");
		st = ER_EUSAGE;
	}
	if (st)
		goto out;
	er_cli_io_follow(&o->io, r);
	if (!(w = er_writer_open(1, "stdout", &o->io.out))) {
		st = ER_ENOMEM;
		goto out;
	}
	if (o->ckpt)
		o->ckpt->counts = counts;
	if (!st && o->ckpt && (st = er_feat_ckpt_load(o->ckpt, &s, er_reader_filename(r), err)) != 0) {
		if (st != ER_ENOMEM)
			er_diag_msg(o->diag, "%s", err);
		goto out;
	}
	size_t resend_len = 0;
	const char *resend = o->ckpt ? er_feat_ckpt_resend(o->ckpt, &resend_len) : NULL;
	/* flushed, so the first row's bytes are all er_writer_pending holds for the resend */
	if (write_header(w, s.custom, o->ckpt != NULL) || (resend_len && er_writer_raw(w, resend, resend_len)) ||
	    er_writer_flush(w)) {
		er_diag_msg(o->diag, "%s", er_writer_error(w));
		st = ER_EIO;
		goto out;
	}
	used[ER_KIND_READINGS] = 1;
	if (er_reader_ncols(r) > 0)
		st = read_readings(&s, r, o, w, counts, used, &in);
	char missing[ER_ERRLEN];
	if (!st && !o->io.quiet && er_feat_store_missing_accounts(&s, missing, sizeof missing))
		er_diag_msg(o->diag, "%s", missing);
	if (!st && s.asof_last && er_feat_store_asof_latest(&s) != 0) {
		er_diag_msg(o->diag,
		            "--asof last: no dated row read (a reading, bill, inspection, event or loan "
		            "application): no as-of date");
		st = ER_EDATA;
	}
	if (!st && !o->stream)
		st = write_batch(&s, o, w, o->diag);
	/* a share= or count= of a value no row has is 0 everywhere: most likely a typo or a
	 * value the export writes otherwise (6.0 for 6); a restored run saw only part of the rows */
	for (size_t i = 0; !st && !o->io.quiet && !o->ckpt && i < er_feat_custom_count(s.custom); i++) {
		const char *v = er_feat_custom_unseen(s.custom, i);
		if (v)
			er_diag_msg(o->diag, "no row has the value '%s' of --agg column '%s'", v,
			            er_feat_custom_def(s.custom, i)->name);
	}
out:
	if (w) {
		if (!st && er_writer_flush(w) != 0) {
			er_diag_msg(o->diag, "%s", er_writer_error(w));
			st = ER_EIO;
		}
		er_writer_close(w);
	}
	er_reader_close(r);
	int rejected = in.rejected || in.unknown > 0;
	for (size_t t = 0; t < 6; t++) {
		if (!used[order[t]])
			continue;
		if (!o->io.quiet)
			summary(o->diag, names[t], &counts[order[t]]);
		rejected |= counts[order[t]].rejected > 0 || counts[order[t]].bad_values > 0;
	}
	if (in.unknown && !o->io.quiet)
		er_diag_msg(o->diag, "feed: %llu rows of an unknown kind, rejected", (unsigned long long)in.unknown);
	/* a thread still blocked in a FIFO's read after a fatal error holds no part of the store */
	er_feat_store_free(&s);
	return st ? st : rejected ? ER_EDATA : ER_OK;
}
