/* dossier_scan: one pass over the readings for er-dossier. A portfolio's readings are tens of
 * millions of rows of which one enterprise holds a few thousand: a canonical CSV or TSV file
 * without quotes (what er-ingest writes for readings) is mapped and split by lines, and only
 * the rows of the accounts wanted are parsed; any other file goes through er_reader. */
#include "credit/dossier.h"

#include <fcntl.h>
#include <math.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/num.h"
#include "lib/table.h"
#include "lib/vec.h"

struct scan {
	const struct er_dossier_opts *o;
	struct er_dossier *d;
	const er_strmap *mine, *peers;
	int first_month; /* of the peers' span */
	int asof_month;  /* of --asof, when given */
	double *peer_kwh;
	unsigned char *peer_day; /* per month of the span: the latest day of a peer's reading in it */
	struct er_dossier_reading *own;
	size_t nown, cap;
	char last[128]; /* the last row's account and what it is: rows come grouped by account */
	size_t last_len;
	long last_own, last_peer;
	int have_last;
	unsigned long bad;
};

/* Which of ours or the peers' account KEY is, -1 for neither; cached for the next row. */
static void
classify(struct scan *s, const char *key, size_t len, long *own, long *peer)
{
	if (s->have_last && len == s->last_len && memcmp(key, s->last, len) == 0) {
		*own = s->last_own;
		*peer = s->last_peer;
		return;
	}
	*own = er_strmap_find(s->mine, key, len);
	*peer = *own < 0 && s->peers ? er_strmap_find(s->peers, key, len) : -1;
	s->have_last = len < sizeof s->last;
	if (s->have_last) {
		memcpy(s->last, key, len);
		s->last_len = len;
		s->last_own = *own;
		s->last_peer = *peer;
	}
}

/* The month index (er_date_month_index) of a canonical date YYYY-MM-DD, or -1 for any
 * other text (er_date_parse reads it then): the peers' rows are many, and need only it. */
static int
iso_month(const char *s, size_t len)
{
	if (len != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	int y = 0, m = 0;
	for (int i = 0; i < 4; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		y = y * 10 + s[i] - '0';
	}
	if (s[5] < '0' || s[5] > '1' || s[6] < '0' || s[6] > '9' || s[8] < '0' || s[8] > '3' || s[9] < '0' ||
	    s[9] > '9')
		return -1;
	m = (s[5] - '0') * 10 + s[6] - '0';
	return m >= 1 && m <= 12 ? y * 12 + m - 1 : -1;
}

/* One reading of our account OWN or the peers' account PEER (-1: not; classify tells):
 * kept when it is ours, added to the peers' months when a peer's.
 * WHERE names the row for a message (file and line). */
static int
reading(struct scan *s, long own, long peer, const char *date, size_t dlen, const char *kwh, size_t kwlen,
        const char *tm, size_t tlen, const char *file, uint64_t line, char *err)
{
	if (own < 0 && peer < 0)
		return 0;
	er_day day;
	double v;
	int secs = -1;
	char where[256];
	int mi = own < 0 ? iso_month(date, dlen) : -1;
	if (mi >= 0 && (!s->d->asof_given || mi < s->asof_month)) {
		/* a peer's reading in a month before the as-of date's: its month is all it needs */
		int off = mi - s->first_month;
		if (kwlen && off >= 0 && off < ER_DOSSIER_SPAN && er_num_parse(kwh, kwlen, &v) == 0) {
			double *p = &s->peer_kwh[(size_t)peer * ER_DOSSIER_SPAN + (size_t)off];
			*p = isnan(*p) ? v : *p + v;
			unsigned char dom = (unsigned char)((date[8] - '0') * 10 + date[9] - '0');
			if (dom > s->peer_day[off])
				s->peer_day[off] = dom;
		}
		return 0;
	}
	if (er_date_parse(date, dlen, NULL, &day, NULL) != ER_DATE_OK) {
		if (own >= 0 && s->bad++ < 10)
			er_diag_msg(s->o->diag, "bad date '%.*s'%s", (int)(dlen < 40 ? dlen : 40), date,
			            er_where(where, sizeof where, file, line, "date"));
		return 0;
	}
	if (s->d->asof_given && day > s->d->asof) {
		if (own >= 0)
			s->d->after_asof++;
		return 0;
	}
	int have = kwlen && er_num_parse(kwh, kwlen, &v) == 0;
	if (own < 0) {
		int off = er_date_month_index(day) - s->first_month;
		if (have && off >= 0 && off < ER_DOSSIER_SPAN) {
			double *p = &s->peer_kwh[(size_t)peer * ER_DOSSIER_SPAN + (size_t)off];
			*p = isnan(*p) ? v : *p + v;
			int y, m, dom;
			er_date_to_ymd(day, &y, &m, &dom);
			if (dom > s->peer_day[off])
				s->peer_day[off] = (unsigned char)dom;
		}
		return 0;
	}
	if (!have) {
		s->d->no_kwh++;
		return 0;
	}
	if (tlen && er_time_parse(tm, tlen, &secs) != 0)
		secs = -1;
	if (er_grow(&s->own, &s->cap, s->nown + 1, sizeof *s->own) != 0)
		return er_fail(err, ER_ENOMEM, "out of memory");
	s->own[s->nown++] = (struct er_dossier_reading){(size_t)own, day, secs, v};
	return 0;
}

/* The columns of a canonical readings header: account_id, date, kwh and time (-1: none). */
static int
header_cols(const char *h, size_t len, char sep, long col[4], size_t *ncols)
{
	static const char *const names[] = {"account_id", "date", "kwh", "time"};
	col[0] = col[1] = col[2] = col[3] = -1;
	size_t n = 0, at = 0;
	while (at <= len) {
		const char *e = memchr(h + at, sep, len - at);
		size_t flen = e ? (size_t)(e - h) - at : len - at;
		for (int k = 0; k < 4; k++)
			if (strlen(names[k]) == flen && memcmp(h + at, names[k], flen) == 0)
				col[k] = (long)n;
		n++;
		at += flen + 1;
	}
	*ncols = n;
	return col[0] == 0 && col[1] >= 0 && col[2] >= 0 ? 0 : -1;
}

/* 1 when A and B's first N bytes are the same: eight at a time, inline, for a key of some ten
 * bytes is compared on every row and a call costs more than the comparison. */
static int
same_bytes(const char *a, const char *b, size_t n)
{
	for (; n >= 8; n -= 8, a += 8, b += 8) {
		uint64_t x, y;
		memcpy(&x, a, 8);
		memcpy(&y, b, 8);
		if (x != y)
			return 0;
	}
	while (n--)
		if (*a++ != *b++)
			return 0;
	return 1;
}

/* The fast path: 1 done, 0 not a file it reads (the reader takes it), or an error status. */
static int
scan_mapped(struct scan *s, const char *path, char *err)
{
	int fd = open(path, O_RDONLY);
	struct stat sb;
	if (fd < 0)
		return 0;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size == 0) {
		close(fd);
		return 0;
	}
	size_t size = (size_t)sb.st_size;
	char *base = mmap(NULL, size, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, 0);
	close(fd);
	if (base == MAP_FAILED)
		return 0;
	madvise(base, size, MADV_WILLNEED);
	const char *end = base + size, *nl = memchr(base, '\n', size);
	size_t hlen = nl ? (size_t)(nl - base) : size;
	if (hlen && base[hlen - 1] == '\r')
		hlen--;
	char sep = memchr(base, '\t', hlen) ? '\t' : ',';
	long col[4];
	size_t ncols;
	if (!nl || header_cols(base, hlen, sep, col, &ncols) != 0 || memchr(base, '"', size)) {
		munmap(base, size);
		return 0;
	}
	const char *p = nl + 1;
	uint64_t line = 1;
	int st = 0;
	const char *f[64];
	size_t fl[64];
	/* er-ingest's own layout (account_id,date,[days,]kwh): the date follows the key and the
	 * kWh ends the line, so a row is read without splitting it */
	int plain = col[1] == 1 && col[2] == (long)ncols - 1 && col[3] < 0;
	while (p < end && !st) {
		const char *e = memchr(p, '\n', (size_t)(end - p));
		if (!e)
			e = end;
		line++;
		size_t len = (size_t)(e - p);
		if (len && p[len - 1] == '\r')
			len--;
		if (!len) {
			p = e + 1;
			continue;
		}
		s->d->scanned++;
		/* the key is short: a loop beats a call per row, and it is most often the last row's
		 * (rows come grouped by account), compared on the way */
		const char *c = p, *le = p + len;
		long own, peer;
		size_t kn = s->last_len;
		if (s->have_last && (len == kn || (len > kn && p[kn] == sep)) && same_bytes(p, s->last, kn)) {
			c += kn;
			own = s->last_own;
			peer = s->last_peer;
		} else {
			while (c < le && *c != sep)
				c++;
			classify(s, p, (size_t)(c - p), &own, &peer);
		}
		if (own < 0 && peer < 0) {
			p = e + 1;
			continue;
		}
		if (plain && c + 11 < le && c[11] == sep) {
			const char *q = le;
			while (q > c + 11 && q[-1] != sep)
				q--;
			size_t n = 1;
			for (const char *x = c + 12; x < q; x++)
				n += *x == sep;
			if (n + 2 == ncols) {
				st = reading(s, own, peer, c + 1, 10, q, (size_t)(le - q), "", 0, path, line, err);
				p = e + 1;
				continue;
			}
		}
		size_t n = 0, at = 0;
		while (n < 64) {
			const char *q = memchr(p + at, sep, len - at);
			f[n] = p + at;
			fl[n] = q ? (size_t)(q - p) - at : len - at;
			n++;
			if (!q)
				break;
			at += fl[n - 1] + 1;
		}
		if (n != ncols) {
			char where[256];
			if (own >= 0 && s->bad++ < 10)
				er_diag_msg(s->o->diag, "malformed row: wrong number of fields: %zu, expected %zu%s", n,
				            ncols, er_where(where, sizeof where, path, line, NULL));
		} else
			st = reading(s, own, peer, f[col[1]], fl[col[1]], f[col[2]], fl[col[2]],
			             col[3] >= 0 ? f[col[3]] : "", col[3] >= 0 ? fl[col[3]] : 0, path, line, err);
		p = e + 1;
	}
	munmap(base, size);
	return st ? st : 1;
}

/* The reader path, counting and reporting as the mapped path does: every data row read counts
 * in D->scanned, a malformed one too, and a malformed row is reported (and counted in bad)
 * when it is the enterprise's, or when its account cannot be told. */
static int
scan_reader(struct scan *s, const char *path, char *err)
{
	er_reader *r;
	long col[ER_SCHEMA_MAXFIELDS];
	int st = er_reader_open1(&r, path, &s->o->in, err);
	if (st)
		return st;
	unsigned use =
		ER_FIELD_BIT(ER_READINGS_ACCOUNT_ID) | ER_FIELD_BIT(ER_READINGS_DATE) | ER_FIELD_BIT(ER_READINGS_KWH);
	if (er_schema_bind(er_schema_get(ER_KIND_READINGS), r, use, col, err) != 0) {
		er_reader_close(r);
		return ER_EDATA;
	}
	int got;
	while (!st && (got = er_reader_next(r)) != 0 && got != ER_READ_FAIL) {
		size_t kl, dl, vl, tl;
		s->d->scanned++;
		const char *k = er_table_field(r, col[ER_READINGS_ACCOUNT_ID], &kl);
		if (got != 1) {
			long own = -1, peer = -1;
			int known = er_reader_nfields(r) > (size_t)col[ER_READINGS_ACCOUNT_ID] &&
				er_reader_bad_kind(r) == ER_BAD_FIELDS;
			if (known)
				classify(s, k, kl, &own, &peer);
			if ((!known || own >= 0) && s->bad++ < 10)
				er_table_warn(s->o->diag, r, NULL, "malformed row: %s", er_reader_error(r));
			continue;
		}
		const char *dt = er_table_field(r, col[ER_READINGS_DATE], &dl);
		const char *v = er_table_num_field(r, col[ER_READINGS_KWH], &vl);
		const char *t = er_table_field(r, col[ER_READINGS_TIME], &tl);
		long own, peer;
		classify(s, k, kl, &own, &peer);
		st = reading(s, own, peer, dt, dl, v, vl, t, tl, er_reader_filename(r), er_reader_line(r), err);
	}
	if (!st && got == ER_READ_FAIL)
		er_fail(err, 0, "%s", er_reader_error(r));
	return er_table_done(r, got, st ? st : got == ER_READ_FAIL ? ER_EIO : 0);
}

int
er_dossier_scan(const struct er_dossier_opts *o, struct er_dossier *d, const er_strmap *mine, const er_strmap *peers,
                int anchor, double *peer_kwh, unsigned char *peer_day, struct er_dossier_reading **own, size_t *nown,
                char *err)
{
	struct scan s = {.o = o, .d = d, .mine = mine, .peers = peers, .peer_kwh = peer_kwh, .peer_day = peer_day};
	s.first_month = anchor - ER_DOSSIER_SPAN + 1;
	s.asof_month = d->asof_given ? er_date_month_index(d->asof) : 0;
	size_t np = peers ? er_strmap_size(peers) : 0;
	for (size_t i = 0; i < np * ER_DOSSIER_SPAN; i++)
		peer_kwh[i] = NAN;
	memset(peer_day, 0, ER_DOSSIER_SPAN);
	const char *path = o->tables[ER_KIND_READINGS];
	int st = scan_mapped(&s, path, err);
	if (st == 0)
		st = scan_reader(&s, path, err);
	else if (st == 1)
		st = 0;
	/* the first ten were reported one by one; the rest are counted, never dropped unsaid */
	if (s.bad > 10)
		er_diag_msg(o->diag, "%lu more rejected readings rows of this enterprise not shown", s.bad - 10);
	d->bad_rows = s.bad;
	*own = s.own;
	*nown = s.nown;
	return st;
}
