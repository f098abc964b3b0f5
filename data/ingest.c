/* ingest: column mapping, per-field validation, register arithmetic, duplicates,
 * partitioning and the rejects table. */
#include "data/ingest.h"

#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/date.h"
#include "lib/err.h"
#include "lib/hash.h"
#include "data/ident.h"
#include "data/interval.h"
#include "lib/keyset.h"
#include "lib/strmap.h"
#include "data/label.h"
#include "lib/num.h"
#include "lib/progress.h"
#include "lib/vec.h"

#define MAX_FIELDS 16
/* Rejections reported to the diag when there is no rejects file; the rest are counted. */
#define STDERR_REJECTS 20

struct wide_col {
	long col;
	er_day day;
	int days; /* 1, or the month's length for a YYYY-MM column */
	int secs; /* the wide interval form: the second of the day the interval starts */
};

/* --map C=A+B+...: the source columns of a field made of several, and the joined value. */
struct join {
	long *col; /* NULL: the field has one source column (ctx.src) */
	size_t n;
	char *buf;
	size_t cap;
};

/* The separator of a field's parts (--map C=A+B). */
#define JOIN_SEP '-'

struct ctx {
	const struct er_ingest_opts *o;
	const struct er_schema *s;
	er_reader *in;
	er_writer *out, *rej;
	struct er_ingest_counts *c;
	struct er_label label;
	long src[MAX_FIELDS]; /* source column of each canonical field (a joined one's first), -1 absent */
	struct join join[MAX_FIELDS];
	long *extra; /* source columns kept after the canonical ones */
	size_t nextra;
	long entity_field;     /* the partition key's field */
	long uscc_src;         /* accounts: source column of the code, for partitions by enterprise */
	struct wide_col *wide; /* --wide: the date columns; the interval form: its columns */
	size_t nwide;
	int per_day;              /* readings in the wide interval form: intervals a day (24, 48, 96), else 0 */
	er_strmap *accounts;      /* readings: account ids interned for packed keys */
	er_dayset *seen_days;     /* readings: (account, day) */
	er_dayset *period_days;   /* readings: every day of the multi-day periods, by owner */
	er_dayset *interval_days; /* readings: the days holding interval rows (a time), by owner */
	er_u64set *interval_keys; /* readings: interval rows' (owner, day, second) packed */
	int row_secs;             /* readings: the row's second of the day, or -1 */
	int any_interval;         /* readings: interval_days holds something */
	int row_days;             /* readings: the row's days */
	int any_period;           /* readings: period_days holds something */
	long last_account;        /* readings: index of the previous row's account, or -1 */
	er_strmap *seen_keys;     /* other kinds: the key fields joined */
	char *keybuf;
	size_t keycap;
	const char *val[MAX_FIELDS];
	size_t len[MAX_FIELDS];
	char scratch[MAX_FIELDS][ER_NUM_BUFLEN];
	er_day day_of_date; /* readings: the parsed date, for the packed key */
	int date_precision; /* readings: ER_DATE_DAY or ER_DATE_MONTH */
	long date_field;    /* readings: index of date in the schema, else -1 */
	long kwh_field;     /* readings: index of kwh in the schema, else -1 */
	int tsv_strict;     /* TSV output without --tsv-replace */
	unsigned pii;       /* bit I: canonical field I is masked (--mask-pii) */
	unsigned outmask;   /* bit I: canonical field I is an output column */
	long meter_field;   /* readings: index of meter_id in the schema, else -1 */
	long time_field;    /* readings: index of time in the schema, else -1 */
	int date_secs;      /* readings: the time of day in the date, or -1 */
	int time_secs;      /* readings: the time column's second of the day */
	int header_pending; /* readings: the output header waits for the first row, whose
	                              date tells whether the file has times */
	char *maskbuf;      /* a masked value being written */
	size_t maskcap;
	/* the wide forms: a row's rejected cells make one rejects line (gather_cells) */
	int gathering;           /* a row of cells is being processed */
	unsigned char *is_cell;  /* per input column: 1 for a cell column (x->wide) */
	unsigned char *cell_bad; /* per input column: 1 when the row's cell there was rejected */
	size_t cell_col;         /* the input column of the cell being checked, or NO_CELL */
	int row_all;             /* the whole row was rejected, every cell with it */
	uint64_t row_rejected;   /* cells of the row rejected */
	const char *row_reason;  /* the first rejection's reason, field and message */
	const char *row_field;
	char row_msg[ER_ERRLEN];
	char row_more[160];     /* the other rejected cells' columns */
	uint64_t reject_lines;  /* lines written to the rejects file or messages, for STDERR_REJECTS */
	long repeat_field;      /* --repeats number: the key field numbered, else -1 */
	er_strmap *repeat_keys; /* --repeats number: the repeated keys, as they were read */
	uint32_t *repeat_next;  /* per repeated key: the number to try first */
	size_t repeat_cap;
	char *repeat_buf; /* the repeated key joined, then the numbered value */
	size_t repeat_bufcap;
	int status; /* ER_OK, or the first fatal status */
};

static const char *
type_reason(enum er_field_type t)
{
	switch (t) {
	case ER_T_NUM:
	case ER_T_INT: return "number";
	case ER_T_DATE: return "date";
	case ER_T_MONTH: return "month";
	case ER_T_ENUM: return "code";
	case ER_T_USCC: return "uscc";
	case ER_T_RESID: return "resident_id";
	case ER_T_PHONE: return "phone";
	case ER_T_LABEL: return "label";
	case ER_T_TIME: return "time";
	default: return "text";
	}
}

/* Copies at most 40 bytes of a value for a message, cut on a UTF-8 boundary. */
static const char *
shown(const char *s, size_t len, char *buf, size_t bufsize)
{
	size_t n = len < 40 ? len : 40;
	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	if (n >= bufsize)
		n = bufsize - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
	if (n < len && n + 3 < bufsize)
		strcat(buf, "...");
	return buf;
}

/* S[0..LEN-1] masked (er_ident_mask) in x->maskbuf, its length in *OUT_LEN; NULL when out
 * of memory. A masked value is never longer than the value. */
static const char *
masked(struct ctx *x, const char *s, size_t len, size_t *out_len)
{
	if (ER_GROW(x->maskbuf, x->maskcap, len + 1) < 0)
		return NULL;
	*out_len = er_ident_mask(s, len, x->maskbuf, x->maskcap);
	return x->maskbuf;
}

/* shown() for a value of canonical field I: masked first when the field is personal data. */
static const char *
shown_field(struct ctx *x, size_t i, const char *s, size_t len, char *buf, size_t bufsize)
{
	if (!(x->pii >> i & 1))
		return shown(s, len, buf, bufsize);
	/* mask a bounded prefix: enough for the message, and no allocation */
	char m[4 * 48];
	size_t n = len < 44 ? len : 44;
	while (n > 0 && n < len && ((unsigned char)s[n] & 0xC0) == 0x80)
		n--;
	size_t mlen = er_ident_mask(s, n, m, sizeof m);
	return shown(m, mlen, buf, bufsize);
}

/* 1 when source column C feeds a masked canonical field. */
static int
pii_source(const struct ctx *x, size_t c)
{
	for (size_t i = 0; i < x->s->nfields; i++) {
		if (!(x->pii >> i & 1))
			continue;
		if (x->src[i] == (long)c)
			return 1;
		for (size_t k = 0; k < x->join[i].n; k++)
			if (x->join[i].col[k] == (long)c)
				return 1;
	}
	return 0;
}

/* Field I's source columns' fields joined with JOIN_SEP (empty when every part is), its
 * length in *LEN. NULL when out of memory. */
static const char *
joined_text(struct ctx *x, size_t i, size_t *len)
{
	struct join *j = &x->join[i];
	size_t n = 0, filled = 0;
	for (size_t k = 0; k < j->n; k++) {
		size_t plen = er_reader_field_len(x->in, (size_t)j->col[k]);
		if (ER_GROW(j->buf, j->cap, n + plen + 1) < 0)
			return NULL;
		if (k)
			j->buf[n++] = JOIN_SEP;
		memcpy(j->buf + n, er_reader_field(x->in, (size_t)j->col[k]), plen);
		n += plen;
		filled |= plen;
	}
	/* no part at all is a missing value, not a value made of separators */
	*len = filled ? n : 0;
	return j->buf;
}

/* The text of field I's source: its column's field, its columns' joined (joined_text), ""
 * when it has none. Sets *LEN. NULL when out of memory. Inline: it is on every field of
 * every row. */
static inline const char *
source_text(struct ctx *x, size_t i, size_t *len)
{
	if (x->join[i].col)
		return joined_text(x, i, len);
	long c = x->src[i];
	*len = c >= 0 ? er_reader_field_len(x->in, (size_t)c) : 0;
	return c >= 0 ? er_reader_field(x->in, (size_t)c) : "";
}

static int
fatal_write(struct ctx *x, er_writer *w)
{
	er_writer_flush(w);
	er_diag_msg(x->o->diag, "%s", er_writer_error(w));
	x->status = ER_EIO;
	return -1;
}

/* No cell is being checked: a fault of the whole row. */
#define NO_CELL ((size_t)-1)

/* Reports one rejected input row: REASON code, FIELD name (may be ""), message MSG, to the
 * rejects file (with the row's fields; BLANK_GOOD: the cells not rejected are written empty,
 * as they went to the output) or the diag, and checks --max-rejects against the count (rows,
 * or cells in the wide forms). Returns -1 when the run must stop (write failure or
 * --max-rejects passed), else 0. */
static int
report_reject(struct ctx *x, const char *reason, const char *field, const char *msg, int blank_good)
{
	x->reject_lines++;
	uint64_t line = er_reader_line(x->in);
	if (x->rej) {
		er_writer *w = x->rej;
		char num[ER_INT_BUFLEN];
		er_num_format_u64(num, line);
		int rc = er_writer_str(w, er_reader_filename(x->in)) || er_writer_str(w, num) ||
			er_writer_str(w, field) || er_writer_str(w, reason) || er_writer_str(w, msg);
		/* the header's field count, so the rejects table reads back as a table */
		for (size_t i = 0; !rc && i < er_reader_ncols(x->in); i++) {
			size_t n;
			const char *v = er_reader_fitted_field(x->in, i, &n);
			if (blank_good && x->is_cell[i] && !x->cell_bad[i])
				v = "", n = 0;
			if (!v || (x->pii && pii_source(x, i) && !(v = masked(x, v, n, &n)))) {
				er_diag_msg(x->o->diag, "out of memory");
				x->status = ER_ENOMEM;
				return -1;
			}
			rc = er_writer_field(w, v, n);
		}
		if (rc || er_writer_end_row(w))
			return fatal_write(x, w);
	} else if (x->reject_lines <= STDERR_REJECTS) {
		char where[ER_WHERELEN];
		er_diag_msg(x->o->diag, "%s%s", msg,
		            er_where(where, sizeof where, er_reader_filename(x->in), line, field));
		if (x->reject_lines == STDERR_REJECTS)
			er_diag_msg(x->o->diag,
			            "more rejected rows are counted, not shown (write them with --rejects FILE)");
	}
	if (x->c->rejected > x->o->max_rejects) {
		er_diag_msg(x->o->diag, "too many rejected %s (more than %llu), stopped at line %llu of %s",
		            x->c->cells ? "cells" : "rows", (unsigned long long)x->o->max_rejects,
		            (unsigned long long)line, er_reader_filename(x->in));
		x->c->stopped_early = 1;
		return -1;
	}
	return 0;
}

/* Records a rejected row, or while a row of cells is gathered (gather_cells) a rejected cell
 * (x->cell_col; NO_CELL: the whole row): REASON code, FIELD name (may be ""), message. Returns
 * -1 when the run must stop (write failure or --max-rejects passed), else 0. */
static int __attribute__((format(printf, 4, 5)))
reject(struct ctx *x, const char *reason, const char *field, const char *fmt, ...)
{
	char msg[ER_ERRLEN];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->c->rejected++;
	if (!x->gathering)
		return report_reject(x, reason, field, msg, 0);
	if (x->row_rejected++ == 0) {
		x->row_reason = reason;
		x->row_field = field;
		snprintf(x->row_msg, sizeof x->row_msg, "%s", msg);
	} else if (x->cell_col != NO_CELL) {
		size_t n = strlen(x->row_more);
		const char *name = er_reader_colname(x->in, x->cell_col);
		if (n + strlen(name) + 8 < sizeof x->row_more)
			snprintf(x->row_more + n, sizeof x->row_more - n, "%s%s", n ? ", " : "", name);
		else if (n + 6 < sizeof x->row_more && strcmp(x->row_more + n - 3, "...") != 0)
			snprintf(x->row_more + n, sizeof x->row_more - n, ", ...");
	}
	if (x->cell_col == NO_CELL)
		x->row_all = 1;
	else
		x->cell_bad[x->cell_col] = 1;
	return 0;
}

/* Starts a row of the wide forms: its cells' rejections are gathered until end_cells. */
static void
gather_cells(struct ctx *x)
{
	x->gathering = 1;
	x->cell_col = NO_CELL;
	x->row_all = 0;
	x->row_rejected = 0;
	x->row_more[0] = '\0';
	memset(x->cell_bad, 0, er_reader_ncols(x->in));
}

/* Ends a row of the wide forms: one rejects line for all its rejected cells, the cells that
 * were written left empty in it, so that reading the rejects back adds none of them twice.
 * Returns -1 when the run must stop, else 0. */
static int
end_cells(struct ctx *x)
{
	x->gathering = 0;
	if (x->row_rejected == 0)
		return 0;
	if (x->row_rejected > 1 && !x->row_all) {
		char msg[ER_ERRLEN + sizeof x->row_more + 48];
		snprintf(msg, sizeof msg, "%s; %llu more cell%s rejected: %s", x->row_msg,
		         (unsigned long long)(x->row_rejected - 1), x->row_rejected > 2 ? "s" : "", x->row_more);
		return report_reject(x, x->row_reason, x->row_field, msg, 1);
	}
	return report_reject(x, x->row_reason, x->row_field, x->row_msg, !x->row_all);
}

/* 1 when S[0..LEN-1] holds a tab, CR or LF. */
static int
strpbrk_len(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r')
			return 1;
	return 0;
}

/* 1 when S is already the shortest form of its value: digits, at most one point, no
 * leading zero but one before the point, no trailing zero after it, at most 15 characters
 * (so at most 15 significant digits, which always name a double uniquely). */
static int
is_shortest_number(const char *s, size_t len)
{
	if (len == 0 || len > 15 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	const char *dot = memchr(s, '.', len);
	size_t int_len = dot ? (size_t)(dot - s) : len;
	if (int_len > 1 && s[0] == '0')
		return 0;
	if (dot && s[len - 1] == '0')
		return 0;
	for (size_t i = 0; i < len; i++)
		if ((s[i] < '0' || s[i] > '9') && s + i != dot)
			return 0;
	return 1;
}

static int
is_plain_number(const char *s, size_t len)
{
	int dot = 0;
	if (len == 0 || s[0] == '.' || s[len - 1] == '.')
		return 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '.') {
			if (dot++)
				return 0;
		} else if (s[i] < '0' || s[i] > '9')
			return 0;
	}
	return 1;
}

/* A non-negative finite number from S, or a rejection. Returns 1 ok, 0 rejected, -1 stop. */
static int
check_number(struct ctx *x, const char *name, const char *s, size_t len, double *v)
{
	char b[64];
	int rc = er_num_parse(s, len, v);
	if (rc != ER_NUM_OK)
		return reject(x, "number", name, "bad %s '%s': %s", name, shown(s, len, b, sizeof b),
		              er_num_strerror(rc))
			? -1
			: 0;
	if (*v < 0)
		return reject(x, "negative", name, "negative %s '%s'", name, shown(s, len, b, sizeof b)) ? -1 : 0;
	return 1;
}

/* Puts the canonical text of number V in field I: the source text when already shortest,
 * a plain decimal with its redundant zeros cut ("6.50", "007") when that is, else
 * er_num_format (which costs a printf, so the textual cases matter on big inputs). */
static void
set_number(struct ctx *x, size_t i, const char *s, size_t len, double v)
{
	if (v != 0 && is_shortest_number(s, len)) {
		x->val[i] = s;
		x->len[i] = len;
		return;
	}
	if (v != 0 && len < sizeof x->scratch[i] && is_plain_number(s, len)) {
		size_t b = 0, e = len;
		while (b + 1 < e && s[b] == '0' && s[b + 1] != '.')
			b++;
		if (memchr(s + b, '.', e - b)) {
			while (s[e - 1] == '0')
				e--;
			if (s[e - 1] == '.')
				e--;
		}
		if (is_shortest_number(s + b, e - b)) {
			x->val[i] = s + b;
			x->len[i] = e - b;
			return;
		}
	}
	x->len[i] = er_num_format(x->scratch[i], v);
	x->val[i] = x->scratch[i];
}

static int
parse_date(struct ctx *x, const char *name, const char *s, size_t len, er_day *day, int *prec, int *secs)
{
	char b[64];
	int rc = er_date_parse_time(s, len, x->o->date_format, day, prec, secs);
	if (rc == ER_DATE_OK)
		return 1;
	return reject(x, rc == ER_DATE_BAD_TIME ? "time" : "date", name, "bad %s '%s': %s", name,
	              shown(s, len, b, sizeof b), er_date_strerror(rc))
		? -1
		: 0;
}

/* Validates field I from text S (of a number column: a missing-value marker already has LEN 0);
 * returns 1 ok, 0 rejected, -1 stop. Over 120 lines: one case
 * per field type of the canonical schemas, on er-ingest's per-field hot path, where a call per
 * type would cost on every field of every row. */
static int
check_field(struct ctx *x, size_t i, const char *s, size_t len)
{
	const struct er_field *f = &x->s->fields[i];
	char b[64];
	/* ="0123" and '0123 are how a spreadsheet kept an id's leading zeros: the id is 0123
	 * (free text, a name or a remark, is taken as written) */
	if (f->type != ER_T_TEXT && len > 0 && (s[0] == '=' || s[0] == '\''))
		s = er_ident_excel_text(s, &len);
	x->val[i] = s;
	x->len[i] = len;
	if (len == 0) {
		if (f->required && (long)i != x->kwh_field)
			return reject(x, "required", f->name, "empty %s", f->name) ? -1 : 0;
		return 1;
	}
	if (x->o->codes && (f->type == ER_T_ENUM || f->type == ER_T_TEXT)) {
		const char *mapped = er_codes_map(x->o->codes, i, s, len);
		if (mapped) {
			x->val[i] = mapped;
			x->len[i] = strlen(mapped);
			return 1;
		}
	}
	switch (f->type) {
	case ER_T_TEXT: return 1;
	case ER_T_KEY:
		/* " A1" and "A1" would silently become two accounts */
		if (s[0] == ' ' || s[0] == '\t' || s[len - 1] == ' ' || s[len - 1] == '\t')
			return reject(x, "key", f->name, "bad %s '%s': leading or trailing space", f->name,
			              shown_field(x, i, s, len, b, sizeof b))
				? -1
				: 0;
		/* distinct ids rounded alike would merge into one account */
		if (er_ident_sci_notation(s, len))
			return reject(x, "sci_id", f->name, "bad %s '%s': " ER_IDENT_SCI_MSG, f->name,
			              shown_field(x, i, s, len, b, sizeof b))
				? -1
				: 0;
		return 1;
	case ER_T_NUM: {
		double v;
		int rc = check_number(x, f->name, s, len, &v);
		if (rc == 1)
			set_number(x, i, s, len, v);
		return rc;
	}
	case ER_T_INT: {
		long long v;
		int rc = er_num_parse_int(s, len, &v);
		if (rc != ER_NUM_OK || v < 1 || v > 3660)
			return reject(x, "number", f->name, "bad %s '%s': %s (a whole number from 1 to 3660)", f->name,
			              shown_field(x, i, s, len, b, sizeof b),
			              rc == ER_NUM_OK ? "out of range" : er_num_strerror(rc))
				? -1
				: 0;
		x->row_days = (int)v;
		return 1;
	}
	case ER_T_DATE: {
		er_day d;
		int prec;
		int rc = parse_date(x, f->name, s, len, &d, &prec, (long)i == x->date_field ? &x->date_secs : NULL);
		if (rc != 1)
			return rc;
		/* already canonical (YYYY-MM-DD): keep the source text, the common case */
		if (!(len == 10 && prec == ER_DATE_DAY && s[4] == '-' && s[7] == '-')) {
			x->len[i] = er_date_format(x->scratch[i], d);
			x->val[i] = x->scratch[i];
		}
		if ((long)i == x->date_field) {
			x->day_of_date = d;
			x->date_precision = prec;
		}
		return 1;
	}
	case ER_T_TIME: {
		int rc = er_time_parse(s, len, &x->time_secs);
		if (rc != ER_DATE_OK)
			return reject(x, "time", f->name, "bad %s '%s': %s", f->name,
			              shown_field(x, i, s, len, b, sizeof b),
			              rc == ER_DATE_BAD_TIME ? "impossible time of day" : "not a time of day (HH:MM)")
				? -1
				: 0;
		return 1;
	}
	case ER_T_MONTH: {
		er_day d;
		int rc;
		if (len == 6 && is_plain_number(s, len)) {
			/* YYYYMM, the usual shape of 电费年月 */
			int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
			int m = (s[4] - '0') * 10 + (s[5] - '0');
			if (!er_date_valid(y, m, 1))
				return reject(x, "month", f->name, "bad %s '%s': impossible date", f->name,
				              shown_field(x, i, s, len, b, sizeof b))
					? -1
					: 0;
			d = er_date_from_ymd(y, m, 1);
		} else if ((rc = parse_date(x, f->name, s, len, &d, NULL, NULL)) != 1)
			return rc;
		x->len[i] = er_date_format_month(x->scratch[i], er_date_month_index(d));
		x->val[i] = x->scratch[i];
		return 1;
	}
	case ER_T_ENUM: {
		char v[256];
		if (len >= sizeof v)
			len = sizeof v - 1;
		memcpy(v, s, len);
		v[len] = '\0';
		const char *code = er_schema_enum_code(f, v);
		if (!code && x->o->keep_unknown_codes) {
			x->c->other_codes++;
			code = "other";
		}
		if (!code) {
			char list[256] = "";
			for (const char *const *c = f->codes; *c; c++)
				snprintf(list + strlen(list), sizeof list - strlen(list), "%s%s",
				         c == f->codes ? "" : ", ", *c);
			return reject(x, "code", f->name, "bad %s '%s': unknown code (expected %s)", f->name,
			              shown_field(x, i, s, len, b, sizeof b), list)
				? -1
				: 0;
		}
		x->val[i] = code;
		x->len[i] = strlen(code);
		return 1;
	}
	case ER_T_USCC:
	case ER_T_RESID:
	case ER_T_PHONE: {
		/* checked in the one form ids are compared in, and codes written in it (they are
		 * keys); a phone is written as given. A value longer than the scratch is no valid
		 * id and is checked as it is. */
		if (len < sizeof x->scratch[i]) {
			char *n = x->scratch[i];
			len = f->type == ER_T_USCC      ? er_ident_norm_uscc(s, len, n)
				: f->type == ER_T_RESID ? er_ident_norm_resident_id(s, len, n)
							: er_ident_norm_phone(s, len, n);
			s = n;
			if (f->type != ER_T_PHONE) {
				x->val[i] = n;
				x->len[i] = len;
			}
		}
		int rc = f->type == ER_T_USCC   ? er_ident_uscc(s, len)
			: f->type == ER_T_RESID ? er_ident_resident_id(s, len, x->o->today)
						: er_ident_phone(s, len);
		if (rc == ER_IDENT_OK)
			return 1;
		if (x->o->keep_bad_ids == ER_IDS_KEEP ||
		    (x->o->keep_bad_ids == ER_IDS_KEEP_USCC && f->type == ER_T_USCC)) {
			x->c->bad_ids_kept++;
			return 1;
		}
		return reject(x, type_reason(f->type), f->name, "bad %s '%s': %s", f->name,
		              shown_field(x, i, s, len, b, sizeof b), er_ident_strerror(rc))
			? -1
			: 0;
	}
	case ER_T_LABEL: {
		int v = er_label_parse(&x->label, s, len);
		if (v != ER_LABEL_GOOD && v != ER_LABEL_BAD)
			return reject(x, "label", f->name, "bad label '%s': expected 1/0, bad/good, true/false or y/n",
			              shown_field(x, i, s, len, b, sizeof b))
				? -1
				: 0;
		x->val[i] = v == ER_LABEL_BAD ? "1" : "0";
		x->len[i] = 1;
		return 1;
	}
	}
	return 1;
}

/* kwh from the register readings: (end - begin) * multiplier, a rollover when the register
 * wrapped round, else a rejection. Returns 1 ok, 0 rejected, -1 stop. */
static int
kwh_from_register(struct ctx *x, size_t ikwh)
{
	long ib = er_schema_field_index(x->s, "reading_begin");
	long ie = er_schema_field_index(x->s, "reading_end");
	long im = er_schema_field_index(x->s, "multiplier");
	if (x->src[ib] < 0 || x->src[ie] < 0 || !er_reader_field_len(x->in, (size_t)x->src[ib]) ||
	    !er_reader_field_len(x->in, (size_t)x->src[ie]))
		return reject(x, "required", "kwh", "empty kwh and no register readings") ? -1 : 0;
	double begin, end, mult = 1;
	int rc;
	if ((rc = check_number(x, "reading_begin", er_reader_field(x->in, (size_t)x->src[ib]),
	                       er_reader_field_len(x->in, (size_t)x->src[ib]), &begin)) != 1)
		return rc;
	if ((rc = check_number(x, "reading_end", er_reader_field(x->in, (size_t)x->src[ie]),
	                       er_reader_field_len(x->in, (size_t)x->src[ie]), &end)) != 1)
		return rc;
	if (x->src[im] >= 0 && er_reader_field_len(x->in, (size_t)x->src[im])) {
		if ((rc = check_number(x, "multiplier", er_reader_field(x->in, (size_t)x->src[im]),
		                       er_reader_field_len(x->in, (size_t)x->src[im]), &mult)) != 1)
			return rc;
		if (mult == 0)
			return reject(x, "number", "multiplier", "zero multiplier") ? -1 : 0;
	}
	double delta = end - begin;
	if (delta < 0) {
		int digits = x->o->register_digits;
		if (digits <= 0)
			digits = begin < 1 ? 1 : (int)floor(log10(begin)) + 1;
		double range = pow(10, digits);
		double wrapped = range - begin + end;
		/* a wrap is plausible only if the register was near its top and little was used */
		if (begin >= range || wrapped > 0.1 * range)
			return reject(x, "register", "reading_end",
			              "register went backwards from %.15g to %.15g (meter replaced or misread)", begin,
			              end)
				? -1
				: 0;
		delta = wrapped;
		x->c->rollovers++;
	}
	double kwh = delta * mult;
	x->len[ikwh] = er_num_format(x->scratch[ikwh], kwh);
	x->val[ikwh] = x->scratch[ikwh];
	return 1;
}

/* 2 when the row's period and another reading of owner A share a day (a 30-day reading
 * and daily readings inside it would count those days twice), 1 when it repeats the
 * period's end of an earlier multi-day reading (a duplicate: the caller counts it), 0
 * when new (its days then recorded), -1 out of memory. */
static int
overlaps(struct ctx *x, size_t a)
{
	er_day end = x->day_of_date;
	int n = x->row_days;
	if (n <= 1) {
		/* daily files never record periods: one empty lookup */
		return x->any_period && er_dayset_has(x->period_days, a, end) ? 2 : 0;
	}
	if (er_dayset_has(x->seen_days, a, end))
		return 1;
	for (er_day d = end - n + 1; d <= end; d++)
		if ((d < end && er_dayset_has(x->seen_days, a, d)) || er_dayset_has(x->period_days, a, d))
			return 2;
	for (er_day d = end - n + 1; d <= end; d++)
		if (er_dayset_add(x->period_days, a, d) < 0)
			return -1;
	x->any_period = 1;
	return 0;
}

/* The index of the row's owner of days in x->accounts: the account, or the account's meter
 * when there is one (two meters of an account read on one day are two readings); -1 out
 * of memory. */
static long
reading_owner(struct ctx *x)
{
	const char *own = x->val[0];
	size_t own_len = x->len[0];
	if (x->meter_field >= 0 && x->len[x->meter_field] > 0) {
		size_t m = (size_t)x->meter_field;
		if (ER_GROW(x->keybuf, x->keycap, x->len[0] + x->len[m] + 1) < 0)
			return -1;
		memcpy(x->keybuf, x->val[0], x->len[0]);
		x->keybuf[x->len[0]] = '\x1f';
		memcpy(x->keybuf + x->len[0] + 1, x->val[m], x->len[m]);
		own = x->keybuf;
		own_len = x->len[0] + 1 + x->len[m];
	}
	/* sorted exports repeat the account row after row: skip the hash lookup then */
	long a = x->last_account;
	size_t klen;
	const char *k = a >= 0 ? er_strmap_key(x->accounts, (size_t)a, &klen) : NULL;
	if (!k || klen != own_len || memcmp(k, own, klen) != 0) {
		a = er_strmap_intern(x->accounts, own, own_len, NULL);
		if (a >= 0)
			x->last_account = a;
	}
	return a;
}

/* 1 when an interval row's day of owner A is also covered by a date-only reading (a daily
 * row, or a period), else 0; the day is then recorded as holding intervals. -1 out of
 * memory. */
static int
interval_overlaps(struct ctx *x, size_t a)
{
	er_day d = x->day_of_date;
	if (er_dayset_has(x->seen_days, a, d) || (x->any_period && er_dayset_has(x->period_days, a, d)))
		return 1;
	return er_dayset_add(x->interval_days, a, d) < 0 ? -1 : 0;
}

/* 1 when a date-only row's period of owner A holds a day with interval rows, else 0. */
static int
covers_intervals(const struct ctx *x, size_t a)
{
	if (!x->any_interval)
		return 0;
	int n = x->row_days < 1 ? 1 : x->row_days;
	for (er_day d = x->day_of_date - n + 1; d <= x->day_of_date; d++)
		if (er_dayset_has(x->interval_days, a, d))
			return 1;
	return 0;
}

/* The result of adding a row's key to a seen-set (1 added, 0 there, -1 out of memory) as
 * is_duplicate's: 1 when it was there, 0 when new, -1. */
static int
was_there(int added)
{
	return added < 0 ? -1 : !added;
}

/* The row's key fields joined (with a unit separator) into *BUF (capacity *CAP); returns
 * the length, or -1 when out of memory. */
static long
join_key(struct ctx *x, char **buf, size_t *cap)
{
	size_t n = 0;
	for (int k = 0; k < ER_SCHEMA_MAXKEY && x->s->key[k]; k++) {
		size_t i = (size_t)er_schema_field_index(x->s, x->s->key[k]);
		if (ER_GROW(*buf, *cap, n + x->len[i] + 1) < 0)
			return -1;
		/* a field the row does not set (the wide forms' time) is NULL and empty */
		if (x->len[i])
			memcpy(*buf + n, x->val[i], x->len[i]);
		n += x->len[i];
		(*buf)[n++] = '\x1f';
	}
	return (long)n;
}

/* The general duplicate check: the schema's key fields joined, in x->seen_keys. 1 seen
 * before, 0 new, -1 out of memory. */
static int
key_seen(struct ctx *x)
{
	int added;
	long n = join_key(x, &x->keybuf, &x->keycap);
	if (n < 0 || er_strmap_intern(x->seen_keys, x->keybuf, (size_t)n, &added) < 0)
		return -1;
	return was_there(added);
}

/* 1 when the row's key was seen before, 2 when its period overlaps another reading's, 0 when
 * new (its key then recorded), -1 out of memory. */
static int
is_duplicate(struct ctx *x)
{
	if (x->s->kind != ER_KIND_READINGS)
		return key_seen(x);
	long a = reading_owner(x);
	if (a < 0)
		return -1;
	int has_time = x->time_field >= 0 && (x->outmask >> x->time_field & 1) && x->len[x->time_field] > 0;
	if (has_time) {
		/* an interval row: its day may not also hold a date-only reading of the meter
		 * (the day would count twice); its key includes the time */
		int ov = interval_overlaps(x, (size_t)a);
		if (ov)
			return ov < 0 ? -1 : 2;
		x->any_interval = 1;
		/* packed, for the many rows of interval files; the joined key when out of range */
		uint64_t key;
		if (x->row_secs < 0 || er_u64set_pack_interval((size_t)a, x->day_of_date, x->row_secs, &key) < 0)
			return key_seen(x);
		return was_there(er_u64set_add(x->interval_keys, key));
	}
	if (covers_intervals(x, (size_t)a))
		return 2;
	int ov = overlaps(x, (size_t)a);
	if (ov != 0)
		return ov;
	return was_there(er_dayset_add(x->seen_days, (size_t)a, x->day_of_date));
}

long
er_ingest_repeat_field(const struct er_schema *s)
{
	long f = -1;
	for (int k = 0; k < ER_SCHEMA_MAXKEY && s->key[k]; k++) {
		long i = er_schema_field_index(s, s->key[k]);
		enum er_field_type t = s->fields[i].type;
		if ((t == ER_T_KEY || t == ER_T_TEXT) && strcmp(s->key[k], s->entity) != 0)
			f = i;
	}
	return f;
}

/* --repeats number: the row's key was written before, so its field x->repeat_field becomes
 * VALUE#K for the first K from 2 whose key is free (neither written nor, for readings, a
 * period overlapping the row's). The first K tried is where the last repeat of the same key
 * stopped, so that many repeats of one key cost no more than one each. Returns 0 (the key is
 * recorded, the row to be written), -1 out of memory. */
static int
number_repeat(struct ctx *x)
{
	long n = join_key(x, &x->repeat_buf, &x->repeat_bufcap);
	long h = n < 0 ? -1 : er_strmap_intern(x->repeat_keys, x->repeat_buf, (size_t)n, NULL);
	if (h < 0 || er_grow_zeroed(&x->repeat_next, &x->repeat_cap, (size_t)h + 1, sizeof *x->repeat_next) < 0)
		return -1;
	size_t f = (size_t)x->repeat_field;
	/* the numbered value: the value read and "#K" after it */
	size_t blen = x->len[f];
	if (ER_GROW(x->repeat_buf, x->repeat_bufcap, blen + 12) < 0)
		return -1;
	memcpy(x->repeat_buf, x->val[f], blen);
	for (uint32_t k = x->repeat_next[h] ? x->repeat_next[h] : 2;; k++) {
		x->len[f] = blen + (size_t)snprintf(x->repeat_buf + blen, 12, "#%" PRIu32, k);
		x->val[f] = x->repeat_buf;
		int dup = is_duplicate(x);
		if (dup == 0) {
			x->repeat_next[h] = k + 1;
			x->c->numbered++;
		}
		if (dup <= 0)
			return dup;
	}
}

/* The end of the duplicate check of a row whose key was seen before (DUP 1) or could not be
 * recorded (DUP -1): 0 to write it (numbered under --repeats number), 1 a duplicate
 * (counted), -1 out of memory (reported, the run's status set). */
static int
settle_key(struct ctx *x, int dup)
{
	if (dup == 1 && x->repeat_field >= 0)
		dup = number_repeat(x);
	if (dup == 1)
		x->c->duplicate++;
	if (dup < 0) {
		er_diag_msg(x->o->diag, "out of memory for the duplicate-key set");
		x->status = ER_ENOMEM;
	}
	return dup;
}

/* TSV has no quoting: a tab or newline inside a value must reject the row before any of
 * it is written (unless --tsv-replace turns them into spaces). Returns 1 ok, 0, -1. */
static int
check_tsv(struct ctx *x)
{
	if (!x->tsv_strict)
		return 1;
	for (size_t i = 0; i < x->s->nfields; i++)
		if ((x->outmask >> i & 1) && strpbrk_len(x->val[i], x->len[i]))
			return reject(x, "tsv", x->s->fields[i].name,
			              "tab or newline in %s cannot be written as TSV "
			              "(use --tsv-replace or --output-csv)",
			              x->s->fields[i].name)
				? -1
				: 0;
	for (size_t e = 0; e < x->nextra; e++) {
		size_t c = (size_t)x->extra[e];
		if (strpbrk_len(er_reader_field(x->in, c), er_reader_field_len(x->in, c)))
			return reject(x, "tsv", er_reader_colname(x->in, c),
			              "tab or newline in %s cannot be written "
			              "as TSV (use --tsv-replace or --output-csv)",
			              er_reader_colname(x->in, c))
				? -1
				: 0;
	}
	return 1;
}

static int
write_output(struct ctx *x)
{
	for (size_t i = 0; i < x->s->nfields; i++) {
		if (!(x->outmask >> i & 1))
			continue;
		const char *v = x->val[i];
		size_t n = x->len[i];
		if ((x->pii >> i & 1) && !(v = masked(x, v, n, &n))) {
			er_diag_msg(x->o->diag, "out of memory");
			x->status = ER_ENOMEM;
			return -1;
		}
		if (er_writer_field(x->out, v, n))
			goto fail;
	}
	for (size_t e = 0; e < x->nextra; e++)
		if (er_writer_field(x->out, er_reader_field(x->in, (size_t)x->extra[e]),
		                    er_reader_field_len(x->in, (size_t)x->extra[e])))
			goto fail;
	if (er_writer_end_row(x->out))
		goto fail;
	x->c->written++;
	return 0;
fail:
	return fatal_write(x, x->out);
}

/* 1 when the row belongs to another partition; when split, 0 after pointing X->out at the
 * writer of the row's partition; -1 out of memory. */
static int
other_partition(struct ctx *x)
{
	if (!x->o->partitioned)
		return 0;
	size_t n;
	const char *k = source_text(x, (size_t)x->entity_field, &n);
	if (!k)
		return -1;
	const char *code = "";
	size_t clen = 0;
	char buf[64];
	if (x->o->part_by_enterprise && x->uscc_src >= 0) {
		/* an accounts row carries its own code, in the form er-features compares */
		clen = er_reader_field_len(x->in, (size_t)x->uscc_src);
		code = er_reader_field(x->in, (size_t)x->uscc_src);
		if (clen < sizeof buf) {
			clen = er_ident_norm_uscc(code, clen, buf);
			code = buf;
		}
	} else if (x->o->part_by_enterprise && x->o->part_codes) {
		code = er_partition_map_code(x->o->part_codes, k, n, &clen);
	}
	uint64_t part = er_partition_of(k, n, code, clen, x->o->part_by_enterprise, x->o->part_n);
	if (x->o->split_outs) {
		x->out = x->o->split_outs[part];
		return 0;
	}
	if (part == x->o->part_k)
		return 0;
	x->c->other_partition++;
	return 1;
}

static int write_out_header(struct ctx *x);

/* Rejects a reading whose period overlaps another of its meter; returns reject's result. */
static int
reject_overlap(struct ctx *x)
{
	char first[16];
	int it = (int)x->time_field;
	if (it >= 0 && (x->outmask >> it & 1) && x->len[it] > 0)
		return reject(x, "overlap", "time",
		              "bad time '%.*s' on %.*s: the meter has a date-only reading covering that day",
		              (int)x->len[it], x->val[it], (int)x->len[ER_READINGS_DATE], x->val[ER_READINGS_DATE]);
	if (x->last_account >= 0 && covers_intervals(x, (size_t)x->last_account))
		return reject(x, "overlap", x->row_days <= 1 ? "date" : "days",
		              "bad date '%.*s': the meter has interval readings (with a time) on %s",
		              (int)x->len[ER_READINGS_DATE], x->val[ER_READINGS_DATE],
		              x->row_days <= 1 ? "that day" : "days of its period");
	if (x->row_days <= 1)
		return reject(x, "overlap", "date",
		              "bad date '%.*s': inside the period of another reading of the meter",
		              (int)x->len[ER_READINGS_DATE], x->val[ER_READINGS_DATE]);
	er_date_format(first, x->day_of_date - x->row_days + 1);
	return reject(x, "overlap", "days",
	              "overlapping period '%s..%.*s': another reading of the meter covers "
	              "some of its days",
	              first, (int)x->len[ER_READINGS_DATE], x->val[ER_READINGS_DATE]);
}

/* Settles the row's time of day (time column, else the date's own time) into the time
 * field, and decides on the first row whether the output has a time column. Returns 1 ok,
 * 0 rejected, -1 stop. */
static int
interval_time(struct ctx *x)
{
	size_t it = (size_t)x->time_field;
	int secs = x->date_secs;
	if (secs < 0 && !x->header_pending && !(x->outmask >> it & 1))
		return 1;
	if (x->src[it] >= 0 && x->len[it] > 0) {
		if (secs >= 0 && secs != x->time_secs) {
			char a[9], b[9];
			er_time_format(a, x->time_secs);
			er_time_format(b, secs);
			return reject(x, "time", "time", "bad time '%s': the date says %s", a, b) ? -1 : 0;
		}
		secs = x->time_secs;
	}
	if (secs >= 0 && x->row_days != 1) {
		/* an interval reading is of one day: er-features refuses a time on a longer period */
		if (secs == 0 && !(x->src[it] >= 0 && x->len[it] > 0)) {
			/* the date's own 00:00: how spreadsheets stamp a plain day */
			secs = -1;
		} else {
			/* the days column, or the date whose month gave the days */
			long src = x->src[ER_READINGS_DAYS];
			const char *field = "days";
			if (src < 0 || er_reader_field_len(x->in, (size_t)src) == 0) {
				src = x->src[x->date_field];
				field = "date";
			}
			char t[9], b[64];
			er_time_format(t, secs);
			return reject(x, "time", field,
			              "bad %s '%s': a reading with a time of day (%s) is an interval, of one day",
			              field,
			              shown(er_reader_field(x->in, (size_t)src),
			                    er_reader_field_len(x->in, (size_t)src), b, sizeof b),
			              t)
				? -1
				: 0;
		}
	}
	if (x->header_pending) {
		if (secs >= 0)
			x->outmask |= 1u << it;
		x->header_pending = 0;
		if (write_out_header(x))
			return -1;
	}
	if (!(x->outmask >> it & 1)) {
		/* midnight is how spreadsheets stamp a plain day */
		if (secs <= 0)
			return 1;
		/* a time column added now would change the table's shape under the rows written */
		const char *d = er_reader_field(x->in, (size_t)x->src[x->date_field]);
		size_t dl = er_reader_field_len(x->in, (size_t)x->src[x->date_field]);
		char b[64];
		return reject(x, "time", "date",
		              "bad date '%s': a time of day, but the file's first row has none "
		              "(start the file with an interval row, or give the times a column)",
		              shown(d, dl, b, sizeof b))
			? -1
			: 0;
	}
	x->row_secs = secs;
	if (secs < 0) {
		x->val[it] = "";
		x->len[it] = 0;
	} else {
		x->len[it] = er_time_format(x->scratch[it], secs);
		x->val[it] = x->scratch[it];
	}
	return 1;
}

static int
process_row(struct ctx *x)
{
	/* the reader returns UTF-8 only (a row that is not is a bad row, reason utf8) */
	int rc;
	long ikwh = x->kwh_field;
	for (size_t i = 0; i < x->s->nfields; i++) {
		if (!(x->outmask >> i & 1)) {
			x->val[i] = "";
			x->len[i] = 0;
			continue;
		}
		const char *v = "";
		size_t len = 0;
		enum er_field_type t = x->s->fields[i].type;
		if (x->src[i] >= 0 && (t == ER_T_NUM || t == ER_T_INT)) {
			/* a missing-value marker (NA, NULL, -, ...) in a number column is an empty field */
			v = er_reader_num_field(x->in, (size_t)x->src[i], &len);
		} else if (x->src[i] >= 0 && !(v = source_text(x, i, &len))) {
			er_diag_msg(x->o->diag, "out of memory");
			x->status = ER_ENOMEM;
			return -1;
		}
		if ((rc = check_field(x, i, v, len)) != 1)
			return rc;
	}
	if (x->s->kind == ER_KIND_READINGS) {
		if (x->len[ikwh] == 0 && (rc = kwh_from_register(x, (size_t)ikwh)) != 1)
			return rc;
		const size_t id = ER_READINGS_DAYS;
		if (x->len[id] == 0) {
			/* days absent: 1 for a daily date, the month's length for a YYYY-MM date */
			if (x->date_precision == ER_DATE_MONTH) {
				int yy, mm, dd;
				er_date_to_ymd(x->day_of_date, &yy, &mm, &dd);
				x->len[id] = (size_t)snprintf(x->scratch[id], sizeof x->scratch[id], "%d", dd);
				x->val[id] = x->scratch[id];
				x->row_days = dd;
			} else {
				x->val[id] = "1";
				x->len[id] = 1;
				x->row_days = 1;
			}
		}
		if ((rc = interval_time(x)) != 1)
			return rc;
	}
	if ((rc = check_tsv(x)) != 1)
		return rc;
	int dup = is_duplicate(x);
	/* new (0) and overlaps (2) are settled here, on every row */
	if ((dup == 1 || dup < 0) && (dup = settle_key(x, dup)) < 0)
		return -1;
	if (dup == 2)
		return reject_overlap(x) ? -1 : 0;
	if (dup)
		return 1;
	return write_output(x) ? -1 : 1;
}

/* The end of a cell of the wide forms, its fields set: the TSV check, the duplicate and
 * overlap checks, the output. Returns 0, or -1 to stop. */
static int
finish_cell(struct ctx *x)
{
	int rc = check_tsv(x);
	if (rc != 1)
		return rc < 0 ? -1 : 0;
	int dup = is_duplicate(x);
	if ((dup == 1 || dup < 0) && (dup = settle_key(x, dup)) < 0)
		return -1;
	if (dup == 2)
		return reject_overlap(x) ? -1 : 0;
	return dup ? 0 : write_output(x) ? -1 : 0;
}

/* The cells of the current row of the wide forms that hold a reading: not empty and not a
 * missing-value marker (NA, -, ..., --na). */
static uint64_t
row_cells(const struct ctx *x)
{
	uint64_t n = 0;
	for (size_t w = 0; w < x->nwide; w++) {
		size_t col = (size_t)x->wide[w].col;
		n += !er_reader_is_na(x->in, er_reader_field(x->in, col), er_reader_field_len(x->in, col));
	}
	return n;
}

/* Rejects the current row of the wide forms as a whole, RC from its reject(): the row's CELLS
 * are counted rejected with it. Returns -1 to stop, else 1. */
static int
reject_cells_row(struct ctx *x, uint64_t cells, int rc)
{
	if (rc < 0)
		return -1;
	x->c->rejected += cells - 1;
	x->row_rejected += cells - 1;
	return 1;
}

/* --wide: a row per account, a cell per date column, written as a row per cell. Counts are in
 * cells; the row's rejected cells make one rejects line (gather_cells). Returns 1, or -1 to
 * stop. */
static int
process_wide_row(struct ctx *x)
{
	int rc;
	uint64_t cells = row_cells(x);
	if (cells == 0)
		return 1;
	x->c->read += cells;
	size_t acct_len, meter_len = 0;
	const char *acct = source_text(x, ER_READINGS_ACCOUNT_ID, &acct_len);
	const char *meter = x->meter_field >= 0 ? source_text(x, (size_t)x->meter_field, &meter_len) : "";
	if (!acct || !meter) {
		er_diag_msg(x->o->diag, "out of memory");
		x->status = ER_ENOMEM;
		return -1;
	}
	if (acct_len == 0)
		return reject_cells_row(x, cells, reject(x, "required", "account_id", "empty account_id") ? -1 : 0);
	if ((rc = check_field(x, ER_READINGS_ACCOUNT_ID, acct, acct_len)) != 1)
		return reject_cells_row(x, cells, rc);
	for (size_t w = 0; w < x->nwide; w++) {
		size_t col = (size_t)x->wide[w].col;
		const char *s = er_reader_field(x->in, col);
		size_t len = er_reader_field_len(x->in, col);
		if (er_reader_is_na(x->in, s, len))
			continue;
		x->cell_col = col;
		double v;
		const char *name = er_reader_colname(x->in, col);
		if ((rc = check_number(x, name, s, len, &v)) != 1) {
			if (rc < 0)
				return -1;
			continue;
		}
		x->val[ER_READINGS_ACCOUNT_ID] = acct;
		x->len[ER_READINGS_ACCOUNT_ID] = acct_len;
		x->len[ER_READINGS_DATE] = er_date_format(x->scratch[ER_READINGS_DATE], x->wide[w].day);
		x->val[ER_READINGS_DATE] = x->scratch[ER_READINGS_DATE];
		x->len[ER_READINGS_DAYS] = (size_t)snprintf(x->scratch[ER_READINGS_DAYS],
		                                            sizeof x->scratch[ER_READINGS_DAYS], "%d", x->wide[w].days);
		x->val[ER_READINGS_DAYS] = x->scratch[ER_READINGS_DAYS];
		x->row_days = x->wide[w].days;
		set_number(x, ER_READINGS_KWH, s, len, v);
		if (x->meter_field >= 0) {
			x->val[x->meter_field] = meter;
			x->len[x->meter_field] = meter_len;
		}
		x->day_of_date = x->wide[w].day;
		if (finish_cell(x) < 0)
			return -1;
	}
	return 1;
}

/* One row of the wide interval form: a day of a meter, a column per interval, written as a
 * row per interval (days 1, time its start). An empty or missing (--na) cell is a missing
 * reading: no row. Counts are in cells; the row's rejected cells make one rejects line
 * (gather_cells). Returns 1, or -1 to stop. */
static int
process_interval_row(struct ctx *x)
{
	uint64_t cells = row_cells(x);
	if (cells == 0)
		return 1;
	x->c->read += cells;
	const size_t fields[] = {ER_READINGS_ACCOUNT_ID, (size_t)x->meter_field, ER_READINGS_DATE};
	x->date_secs = -1;
	for (size_t k = 0; k < 3; k++) {
		size_t i = fields[k], len;
		const char *v = source_text(x, i, &len);
		if (!v) {
			er_diag_msg(x->o->diag, "out of memory");
			x->status = ER_ENOMEM;
			return -1;
		}
		int rc = check_field(x, i, v, len);
		if (rc != 1)
			return reject_cells_row(x, cells, rc);
	}
	if (x->date_precision != ER_DATE_DAY || x->date_secs > 0) {
		char b[64];
		size_t dc = (size_t)x->src[ER_READINGS_DATE];
		int rc = reject(x, "date", "date", "bad date '%s': a row of interval columns needs a day",
		                shown(er_reader_field(x->in, dc), er_reader_field_len(x->in, dc), b, sizeof b));
		return reject_cells_row(x, cells, rc ? -1 : 0);
	}
	const size_t it = (size_t)x->time_field;
	/* each cell starts from the meter read (--repeats number may number it for one cell) */
	const size_t im = (size_t)x->meter_field;
	const char *meter = x->val[im];
	size_t meter_len = x->len[im];
	x->val[ER_READINGS_DAYS] = "1";
	x->len[ER_READINGS_DAYS] = 1;
	x->row_days = 1;
	for (size_t w = 0; w < x->nwide; w++) {
		size_t col = (size_t)x->wide[w].col;
		const char *s = er_reader_field(x->in, col);
		size_t len = er_reader_field_len(x->in, col);
		if (er_reader_is_na(x->in, s, len))
			continue;
		x->cell_col = col;
		double v;
		int rc = check_number(x, er_reader_colname(x->in, col), s, len, &v);
		if (rc < 0)
			return -1;
		if (rc == 0)
			continue;
		set_number(x, (size_t)x->kwh_field, s, len, v);
		x->len[it] = er_time_format(x->scratch[it], x->wide[w].secs);
		x->row_secs = x->wide[w].secs;
		x->val[it] = x->scratch[it];
		x->val[im] = meter;
		x->len[im] = meter_len;
		if (finish_cell(x) < 0)
			return -1;
	}
	return 1;
}

/* Appends NAME, the I-th of N, to the list in BUF; once the list is long, says how many
 * more there are instead. Returns 1 when the list is complete. */
static int
add_name(char *buf, size_t size, size_t i, size_t n, const char *name)
{
	size_t used = strlen(buf);
	if (used > 160) {
		snprintf(buf + used, size - used, ", and %zu more", n - i);
		return 1;
	}
	snprintf(buf + used, size - used, "%s%s", i ? ", " : "", name);
	return 0;
}

static void
list_columns(const er_reader *in, char *buf, size_t size)
{
	buf[0] = '\0';
	for (size_t i = 0; i < er_reader_ncols(in); i++)
		if (add_name(buf, size, i, er_reader_ncols(in), er_reader_colname(in, i)))
			break;
}

/* --map's "no column" error for NAME (in item FIELD=SOURCE). Returns ER_EUSAGE. */
static int
no_map_column(struct ctx *x, const char *name, const char *field, const char *source)
{
	char cols[ER_ERRLEN], item[160] = "";
	list_columns(x->in, cols, sizeof cols);
	if (strcmp(name, source) != 0)
		snprintf(item, sizeof item, " %s=%s", field, source);
	return er_usage_error("no column '%s' for --map%s in '%s' (columns: %s)", name, item, er_reader_filename(x->in),
	                      cols);
}

/* --map F=A+B+...: field F made of columns A, B, ... joined (struct join). The columns stay
 * free for other fields and the extras. Returns 0, ER_EUSAGE or ER_ENOMEM, after a message. */
static int
map_parts(struct ctx *x, long f, const char *source)
{
	const char *name = x->s->fields[f].name;
	enum er_field_type t = x->s->fields[f].type;
	if (t != ER_T_KEY && t != ER_T_TEXT)
		return er_usage_error("bad --map item '%s=%s' (only a text field joins several columns)", name, source);
	struct join *j = &x->join[f];
	free(j->col);
	j->n = 1;
	for (const char *p = source; *p; p++)
		j->n += *p == '+';
	if (!(j->col = calloc(j->n, sizeof *j->col))) {
		er_diag_msg(x->o->diag, "out of memory");
		return ER_ENOMEM;
	}
	const char *p = source;
	for (size_t k = 0; k < j->n; k++) {
		size_t plen = strcspn(p, "+");
		char part[ER_ERRLEN];
		snprintf(part, sizeof part, "%.*s", (int)plen, p);
		if ((j->col[k] = er_reader_col(x->in, part)) < 0)
			return no_map_column(x, part, name, source);
		p += plen + 1;
	}
	x->src[f] = j->col[0];
	return 0;
}

/* Applies --map: "canonical=source,...". Returns 0, or ER_EUSAGE or ER_ENOMEM after a
 * message. */
static int
apply_map(struct ctx *x, char *taken)
{
	if (!x->o->map)
		return 0;
	char *spec = strdup(x->o->map);
	if (!spec) {
		er_diag_msg(x->o->diag, "out of memory");
		return ER_ENOMEM;
	}
	int status = 0;
	char *save = NULL;
	for (char *item = strtok_r(spec, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
		char *eq = strchr(item, '=');
		if (!eq) {
			status = er_usage_error("bad --map item '%s' (expected canonical=source)", item);
			break;
		}
		*eq = '\0';
		long f = er_schema_field_index(x->s, item);
		if (f < 0) {
			char names[512] = "";
			for (size_t i = 0; i < x->s->nfields; i++)
				snprintf(names + strlen(names), sizeof names - strlen(names), "%s%s", i ? ", " : "",
				         x->s->fields[i].name);
			status = er_usage_error("unknown field '%s' in --map (%s fields: %s)", item, x->s->name, names);
			break;
		}
		long c = er_reader_col(x->in, eq + 1);
		if (c < 0 && strchr(eq + 1, '+')) {
			if ((status = map_parts(x, f, eq + 1)) != 0)
				break;
			continue;
		}
		if (c < 0) {
			status = no_map_column(x, eq + 1, item, eq + 1);
			break;
		}
		free(x->join[f].col);
		x->join[f].col = NULL;
		x->join[f].n = 0;
		x->src[f] = c;
		taken[c] = 1;
	}
	free(spec);
	return status;
}

/* The wide interval form (er_interval_columns): readings with a date, no kwh, no register
 * readings and no time column, whose other columns make the intervals of a day. Moves those
 * columns from the extras to x->wide. Returns 0, or a status after a message. */
static int
plan_intervals(struct ctx *x)
{
	if (x->s->kind != ER_KIND_READINGS || x->o->wide || x->nextra == 0 || x->src[x->date_field] < 0 ||
	    x->src[x->kwh_field] >= 0 || x->src[x->time_field] >= 0 ||
	    x->src[er_schema_field_index(x->s, "reading_begin")] >= 0)
		return 0;
	const char **names = calloc(x->nextra, sizeof *names);
	int *slot = calloc(x->nextra, sizeof *slot);
	if (!names || !slot) {
		free(names);
		free(slot);
		er_diag_msg(x->o->diag, "out of memory");
		return ER_ENOMEM;
	}
	for (size_t e = 0; e < x->nextra; e++)
		names[e] = er_reader_colname(x->in, (size_t)x->extra[e]);
	char err[ER_ERRLEN];
	int n = er_interval_columns(names, x->nextra, slot, err);
	int status = 0;
	if (n < 0) {
		er_diag_msg(x->o->diag, "bad interval columns in '%s': %s", er_reader_filename(x->in), err);
		status = n == -2 ? ER_ENOMEM : ER_EDATA;
	} else if (n > 0) {
		size_t kept = 0;
		for (size_t e = 0; e < x->nextra; e++) {
			if (slot[e] < 0) {
				x->extra[kept++] = x->extra[e];
				continue;
			}
			x->wide[x->nwide].col = x->extra[e];
			x->wide[x->nwide].secs = slot[e] * (86400 / n);
			x->nwide++;
		}
		x->nextra = kept;
		x->per_day = n;
		/* in the order of the day, so each meter's day comes out sorted */
		for (size_t i = 1; i < x->nwide; i++)
			for (size_t j = i; j > 0 && x->wide[j - 1].secs > x->wide[j].secs; j--) {
				struct wide_col t = x->wide[j];
				x->wide[j] = x->wide[j - 1];
				x->wide[j - 1] = t;
			}
	}
	free(names);
	free(slot);
	return status;
}

/* 1 when source column C is a part of a joined field (--map C=A+B). */
static int
join_part(const struct ctx *x, long c)
{
	for (size_t i = 0; i < x->s->nfields; i++)
		for (size_t k = 0; k < x->join[i].n; k++)
			if (x->join[i].col[k] == c)
				return 1;
	return 0;
}

/* Maps header columns to canonical fields; the rest become extra columns (or date columns
 * in wide mode). Returns 0, or a status after a message. */
static int
plan_columns(struct ctx *x)
{
	size_t ncols = er_reader_ncols(x->in);
	char *taken = calloc(ncols + 1, 1);
	x->extra = calloc(ncols + 1, sizeof *x->extra);
	x->wide = calloc(ncols + 1, sizeof *x->wide);
	if (!taken || !x->extra || !x->wide) {
		free(taken);
		er_diag_msg(x->o->diag, "out of memory");
		return ER_ENOMEM;
	}
	for (size_t i = 0; i < x->s->nfields; i++)
		x->src[i] = -1;
	int status = apply_map(x, taken);
	char mapped[MAX_FIELDS];
	for (size_t i = 0; i < x->s->nfields; i++)
		mapped[i] = x->src[i] >= 0;
	/* exact names first: a column named account_id wins over one aliased to it (户号) */
	for (size_t c = 0; !status && c < ncols; c++) {
		const struct er_field *f = taken[c] ? NULL : er_schema_exact_column(x->s, er_reader_colname(x->in, c));
		long fi = f ? f - x->s->fields : -1;
		if (f && x->src[fi] < 0 && (!x->o->wide || fi == 0 || fi == x->meter_field)) {
			x->src[fi] = (long)c;
			taken[c] = 1;
		}
	}
	for (size_t c = 0; !status && c < ncols; c++) {
		if (taken[c])
			continue;
		const char *name = er_reader_colname(x->in, c);
		const struct er_field *f = er_schema_match_column(x->s, name);
		long fi = f ? f - x->s->fields : -1;
		if (f && x->src[fi] < 0 && (!x->o->wide || fi == 0 || fi == x->meter_field)) {
			x->src[fi] = (long)c;
			taken[c] = 1;
			continue;
		}
		if (f && x->src[fi] >= 0 && !mapped[fi] && !x->o->quiet)
			er_diag_msg(x->o->diag,
			            "columns '%s' and '%s' both match field '%s'; using '%s' (choose with --map)",
			            er_reader_colname(x->in, (size_t)x->src[fi]), name, f->name,
			            er_reader_colname(x->in, (size_t)x->src[fi]));
		if (x->o->wide) {
			er_day d;
			int prec, secs;
			/* a time of day other than 00:00 (45299.5) is not a day's column: it is left
			 * out with the other columns, rather than read as its day, a duplicate */
			if (er_date_parse_time(name, strlen(name), x->o->date_format, &d, &prec, &secs) == ER_DATE_OK &&
			    secs <= 0) {
				int y, m, dd;
				er_date_to_ymd(d, &y, &m, &dd);
				x->wide[x->nwide].col = (long)c;
				x->wide[x->nwide].day = d;
				x->wide[x->nwide].days = prec == ER_DATE_MONTH ? dd : 1;
				x->nwide++;
				continue;
			}
		}
		x->extra[x->nextra++] = (long)c;
	}
	free(taken);
	if (status)
		return status;
	if ((status = plan_intervals(x)) != 0)
		return status;
	/* required fields (empty input has no columns and no rows: nothing is missing) */
	for (size_t i = 0; ncols > 0 && i < x->s->nfields; i++) {
		const struct er_field *f = &x->s->fields[i];
		if (!f->required || x->src[i] >= 0)
			continue;
		if ((x->o->wide && i > 0) || (x->per_day && (long)i == x->kwh_field))
			continue;
		if (x->s->kind == ER_KIND_READINGS && strcmp(f->name, "kwh") == 0 &&
		    x->src[er_schema_field_index(x->s, "reading_begin")] >= 0 &&
		    x->src[er_schema_field_index(x->s, "reading_end")] >= 0)
			continue;
		char cols[ER_ERRLEN];
		list_columns(x->in, cols, sizeof cols);
		er_diag_msg(x->o->diag,
		            "no column for required field '%s' in '%s' (columns: %s; name one with --map %s=COLUMN)",
		            f->name, er_reader_filename(x->in), ncols ? cols : "none", f->name);
		return ER_EDATA;
	}
	if (x->o->wide && x->nwide == 0 && ncols > 0) {
		er_diag_msg(x->o->diag, "no date columns in '%s' for --wide", er_reader_filename(x->in));
		return ER_EDATA;
	}
	if (x->nextra && !x->o->keep_extra) {
		/* the parts of a joined field (--map C=A+B) are used, not dropped */
		size_t ndrop = 0;
		for (size_t e = 0; e < x->nextra; e++)
			if (!join_part(x, x->extra[e]))
				x->extra[ndrop++] = x->extra[e];
		if (!x->o->quiet && ndrop) {
			char cols[ER_ERRLEN] = "";
			for (size_t e = 0; e < ndrop; e++) {
				/* a spreadsheet's trailing separator makes a column with no name */
				char unnamed[48];
				const char *name = er_reader_colname(x->in, (size_t)x->extra[e]);
				if (!*name)
					snprintf(unnamed, sizeof unnamed, "column %ld (no name)", x->extra[e] + 1);
				if (add_name(cols, sizeof cols, e, ndrop, *name ? name : unnamed))
					break;
			}
			er_diag_msg(x->o->diag,
			            "dropping columns not in the %s schema: %s (keep them with --keep-extra)",
			            x->s->name, cols);
		}
		x->nextra = 0;
	}
	for (size_t i = 0; i < x->s->nfields; i++)
		if (x->s->fields[i].output == 1 || (x->s->fields[i].output == ER_OUT_PRESENT && x->src[i] >= 0))
			x->outmask |= 1u << i;
	if (x->per_day)
		x->outmask |= 1u << x->time_field;
	x->entity_field = er_schema_field_index(x->s, x->s->entity);
	long uscc = x->s->kind == ER_KIND_ACCOUNTS ? er_schema_field_index(x->s, "uscc") : -1;
	x->uscc_src = uscc >= 0 ? x->src[uscc] : -1;
	/* wide date columns in date order, so each account's readings come out sorted */
	for (size_t i = 1; i < x->nwide; i++)
		for (size_t j = i; j > 0 && x->wide[j - 1].day > x->wide[j].day; j--) {
			struct wide_col t = x->wide[j];
			x->wide[j] = x->wide[j - 1];
			x->wide[j - 1] = t;
		}
	return 0;
}

/* --repeats number: the field it numbers, which must be an output column. Returns 0, or
 * ER_EUSAGE after a message. */
static int
plan_repeats(struct ctx *x)
{
	long f = er_ingest_repeat_field(x->s);
	if (f < 0)
		return er_usage_error("--repeats number does not apply to --kind %s (no key field to number)",
		                      x->s->name);
	/* an empty input has no columns and no rows: nothing to number */
	if (!(x->outmask >> f & 1) && er_reader_ncols(x->in) > 0)
		return er_usage_error("--repeats number numbers %s: no column for it in '%s' (name one with "
		                      "--map %s=COLUMN)",
		                      x->s->fields[f].name, er_reader_filename(x->in), x->s->fields[f].name);
	x->repeat_field = f;
	return 0;
}

/* The output header, on every output when split. */
static int
write_out_header(struct ctx *x)
{
	size_t nout = x->o->split_outs ? (size_t)x->o->part_n : 1;
	for (size_t k = 0; k < nout; k++) {
		er_writer *w = x->o->split_outs ? x->o->split_outs[k] : x->out;
		for (size_t i = 0; i < x->s->nfields; i++)
			if ((x->outmask >> i & 1) && er_writer_str(w, x->s->fields[i].name))
				return fatal_write(x, w);
		for (size_t e = 0; e < x->nextra; e++)
			if (er_writer_str(w, er_reader_colname(x->in, (size_t)x->extra[e])))
				return fatal_write(x, w);
		if (er_writer_end_row(w))
			return fatal_write(x, w);
	}
	return 0;
}

static int
write_headers(struct ctx *x)
{
	if (!x->header_pending && write_out_header(x))
		return -1;
	if (x->rej) {
		static const char *const cols[] = {"file", "line", "field", "reason", "message"};
		for (size_t i = 0; i < 5; i++)
			if (er_writer_str(x->rej, cols[i]))
				return fatal_write(x, x->rej);
		for (size_t i = 0; i < er_reader_ncols(x->in); i++)
			if (er_writer_str(x->rej, er_reader_colname(x->in, i)))
				return fatal_write(x, x->rej);
		if (er_writer_end_row(x->rej))
			return fatal_write(x, x->rej);
	}
	return 0;
}

int
er_ingest_run(er_reader *in, er_writer *out, er_writer *rejects, const struct er_ingest_opts *o,
              struct er_ingest_counts *counts)
{
	int tsv_strict = o->tsv_strict;
	struct ctx x;
	memset(&x, 0, sizeof x);
	memset(counts, 0, sizeof *counts);
	x.o = o;
	x.tsv_strict = tsv_strict;
	x.s = o->schema;
	x.in = in;
	x.out = o->split_outs ? o->split_outs[0] : out; /* split: set per row */
	x.rej = rejects;
	x.c = counts;
	er_label_init(&x.label, NULL);
	x.date_field = x.s->kind == ER_KIND_READINGS ? er_schema_field_index(x.s, "date") : -1;
	x.kwh_field = x.s->kind == ER_KIND_READINGS ? er_schema_field_index(x.s, "kwh") : -1;
	x.meter_field = x.s->kind == ER_KIND_READINGS ? er_schema_field_index(x.s, "meter_id") : -1;
	x.time_field = x.s->kind == ER_KIND_READINGS ? er_schema_field_index(x.s, "time") : -1;
	x.accounts = er_strmap_new();
	x.seen_days = er_dayset_new();
	x.period_days = er_dayset_new();
	x.interval_days = er_dayset_new();
	x.interval_keys = er_u64set_new();
	x.last_account = -1;
	x.seen_keys = er_strmap_new();
	x.repeat_field = -1;
	x.repeat_keys = o->number_repeats ? er_strmap_new() : NULL;
	if (!x.accounts || !x.seen_days || !x.period_days || !x.interval_days || !x.interval_keys || !x.seen_keys ||
	    (o->number_repeats && !x.repeat_keys)) {
		er_diag_msg(o->diag, "out of memory");
		x.status = ER_ENOMEM;
		goto done;
	}
	if ((x.status = plan_columns(&x)) != 0)
		goto done;
	if (o->number_repeats && (x.status = plan_repeats(&x)) != 0)
		goto done;
	/* times inside the date column show only in the rows */
	x.header_pending = x.s->kind == ER_KIND_READINGS && !o->wide && !x.per_day && x.src[x.date_field] >= 0 &&
		x.src[x.time_field] < 0;
	counts->cells = o->wide || x.per_day;
	if (counts->cells) {
		x.is_cell = calloc(er_reader_ncols(in) + 1, 1);
		x.cell_bad = calloc(er_reader_ncols(in) + 1, 1);
		if (!x.is_cell || !x.cell_bad) {
			er_diag_msg(o->diag, "out of memory");
			x.status = ER_ENOMEM;
			goto done;
		}
		for (size_t w = 0; w < x.nwide; w++)
			x.is_cell[x.wide[w].col] = 1;
	}
	for (size_t i = 0; o->mask_pii && i < x.s->nfields; i++)
		if (er_schema_pii(x.s->fields[i].name))
			x.pii |= 1u << i;
	if (write_headers(&x))
		goto done;
	struct er_progress prog;
	er_progress_start(&prog, o->progress, er_reader_size(in));
	for (;;) {
		int rc = er_reader_next(in);
		if (rc == 0)
			break;
		if (rc == ER_READ_FAIL) {
			er_diag_msg(o->diag, "%s", er_reader_error(in));
			x.status = er_reader_fail_status(in);
			break;
		}
		er_progress_rows(&prog, in);
		/* the wide forms count cells: a malformed row its cells as read, and at least one */
		uint64_t cells = 1;
		if (counts->cells && (cells = row_cells(&x)) == 0 && rc == ER_ROW_BAD)
			cells = 1;
		int other = other_partition(&x);
		if (other < 0) {
			er_diag_msg(o->diag, "out of memory");
			x.status = ER_ENOMEM;
			break;
		}
		if (other) {
			/* counted the same as in its own partition, so the partitions add up to the whole */
			counts->read += cells;
			counts->other_partition += cells - 1;
			continue;
		}
		if (rc == ER_ROW_BAD) {
			counts->read += cells;
			counts->rejected += cells - 1;
			if (reject(&x, er_reader_bad_code(er_reader_bad_kind(in)), er_reader_bad_column(in), "%s",
			           er_reader_error(in)))
				break;
			continue;
		}
		if (counts->cells) {
			gather_cells(&x);
			if ((o->wide ? process_wide_row(&x) : process_interval_row(&x)) < 0 || end_cells(&x) < 0)
				break;
			continue;
		}
		counts->read++;
		if (process_row(&x) < 0)
			break;
	}
	er_progress_end(&prog);
	if (x.header_pending && !x.status)
		write_out_header(&x);
done:
	free(x.extra);
	free(x.wide);
	free(x.is_cell);
	free(x.cell_bad);
	free(x.keybuf);
	free(x.maskbuf);
	er_strmap_free(x.accounts);
	er_dayset_free(x.seen_days);
	er_dayset_free(x.period_days);
	er_dayset_free(x.interval_days);
	er_u64set_free(x.interval_keys);
	er_strmap_free(x.seen_keys);
	er_strmap_free(x.repeat_keys);
	free(x.repeat_next);
	free(x.repeat_buf);
	for (size_t i = 0; i < MAX_FIELDS; i++) {
		free(x.join[i].col);
		free(x.join[i].buf);
	}
	if (x.status)
		return x.status;
	return counts->rejected ? ER_EDATA : ER_OK;
}
