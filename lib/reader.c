/* reader: CSV through libcsv, TSV by splitting lines, served one row at a time.
 *
 * libcsv pushes fields and row ends through callbacks over a whole buffer, so CSV rows
 * are parsed one block at a time into a queue (field bytes in an arena, offsets in
 * arrays) and served from there. Line numbers come from the row-end callbacks (every
 * CR or LF outside a field is reported, CSV_REPALL_NL) plus newlines inside quoted
 * fields. After a parse error the rest of that physical line is skipped and a fresh
 * parser starts on the next one, so one bad row costs one row.
 * Only libcsv's public functions are used: what the reader must know of the field libcsv
 * is holding (is a row begun, how long is the field, how many newlines are in it) it
 * follows itself in struct csv_field, over the bytes it hands to csv_parse. */
#include "lib/reader.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include "lib/transcode.h"
#include "lib/utf8.h"
#include "lib/vec.h"

#define READ_BLOCK (256u << 10)

/* A queued field lives in the arena (libcsv copies) or, with this bit set in its start,
 * in the read buffer (the fast path splits quote-free lines in place). The read buffer
 * does not move while rows are queued: it is refilled only when the queue is empty. */
#define IN_BUFFER ((size_t)1 << (sizeof(size_t) * 8 - 1))

/* Byte classes for the fast path's one pass over a line, for a comma and for Excel's
 * "sep=;" separator. */
enum { C_PLAIN = 0, C_COMMA, C_QUOTE, C_NUL };
static const unsigned char byte_class[256] = {[','] = C_COMMA, ['"'] = C_QUOTE, [0] = C_NUL};
static const unsigned char byte_class_semi[256] = {[';'] = C_COMMA, ['"'] = C_QUOTE, [0] = C_NUL};

/* What invalid UTF-8 most often is in this toolkit's inputs: a Chinese Excel export. */
#define SUGGEST "try --encoding gb18030"

/* No libcsv row is begun (see row_anchor). */
#define NO_ANCHOR ((size_t)-1)

struct queued_row {
	size_t first; /* index of its first field in fstart/flen */
	size_t nfields;
	uint64_t line;
	int bad;          /* 0, or the kind of parse error */
	size_t bad_field; /* a CSV error's field: the fields libcsv completed before it */
	int has_nul;      /* a field holds a NUL byte */
};

enum bad_kind { BAD_NONE = 0, BAD_QUOTE, BAD_UNTERMINATED, BAD_TOO_LONG };

/* The field libcsv is holding, followed from the bytes it was given. In strict mode a
 * quote is only legal opening a field, doubled inside a quoted one or closing it, so the
 * parity of the quotes seen says whether a comma, CR or LF ends the field. */
struct csv_field {
	size_t raw;        /* bytes of the field given to libcsv, quotes included */
	size_t quotes;     /* quote characters among them */
	uint64_t newlines; /* LF bytes among them (all inside quotes) */
	int in_quotes;
};

struct er_reader {
	char **paths; /* owned copies of the input names */
	size_t npaths, cur_path;
	int fd;
	int own_fd;
	const char *name;
	struct er_reader_opts opts;
	enum er_format format;

	/* raw input */
	char *buf;
	size_t buf_cap, buf_pos, buf_end;
	int eof;
	int cr_only;              /* the file ends lines with CR alone: each CR read becomes LF */
	char delim;               /* ',' or, after a "sep=;" line, ';' */
	const unsigned char *cls; /* byte_class for delim */
	size_t utf8_checked;      /* buf[..utf8_checked) was checked by the block validator */
	int utf8_suspect;         /* a block held invalid UTF-8: rows are checked one by one */
	er_transcode *tc;         /* converter to UTF-8 of a declared or BOM-detected encoding */
	const char *enc_name;     /* its name for messages */
	char *raw;                /* input not yet converted */
	size_t raw_len, raw_cap;
	int raw_eof, raw_bad; /* end of the file reached; an invalid sequence is next */

	/* CSV state */
	struct csv_parser csv;
	int csv_live;
	int csv_nomem;         /* a callback ran out of memory */
	struct csv_field held; /* the field libcsv holds, not yet passed to on_field */
	size_t row_anchor;     /* buffer offset where libcsv's current row began, kept in the
	                              buffer so that a bad row resumes reading at its next line */
	uint64_t anchor_line;  /* its line */
	char *arena;
	size_t arena_len, arena_cap;
	size_t *fstart, *flen;
	size_t nfq, fq_cap; /* fields queued; room in fstart and flen (one capacity for both) */
	struct queued_row *rows;
	size_t nrows, rows_cap, row_head;
	size_t pending_first;      /* first field of the row being parsed */
	int last_term;             /* terminator of the previous row end */
	uint64_t line_next;        /* line where the next row starts */
	uint64_t pending_newlines; /* newlines inside fields of the row being parsed */
	int pending_nul;           /* a NUL byte inside the row being parsed */
	int pending_too_long;      /* a field of the row being parsed passed max_field */
	int cur_nul;               /* the current row holds a NUL byte */
	int skipping;              /* after a parse error: drop bytes up to the next LF */
	int file_header_pending;   /* the next row is a later file's header */

	/* current row */
	const char **cur_ptr;
	size_t *cur_len;
	size_t cur_n, cur_ptr_cap, cur_len_cap;
	uint64_t cur_line;
	char *fit; /* er_reader_fitted_field's joined last column */
	size_t fit_cap;

	/* header */
	char **colnames;
	size_t ncols;
	int have_header;

	uint64_t nread_rows;
	enum er_bad_kind bad_kind;
	uint64_t bytes;
	XXH3_state_t *sum; /* opts.checksum: the XXH3-64 of the bytes read */
	int64_t total_size;
	char errmsg[ER_ERRLEN];
	int fail_status; /* of the last ER_READ_FAIL: ER_EIO, ER_ENOMEM or ER_EDATA */
	size_t twice;    /* 1 + the first column looked up by a name the header holds more than
	                    once (which one was meant is not known), else 0 */

	size_t bad_col;               /* the column of the last ER_BAD_UTF8 or ER_BAD_CSV row */
	char *na;                     /* the missing-value markers, each NUL-terminated, then "" */
	unsigned char na_first[256];  /* 1 for a byte that starts a marker */
	unsigned char na_second[256]; /* 1 for a byte second in a marker ("-1" is no "--") */
	uint64_t na_lens;             /* bit K: a marker of K bytes (63: 63 or more) */
};

/* Out of memory is told apart from an I/O failure so the tool exits 4, not 3. */
static void
set_nomem(struct er_reader *r)
{
	snprintf(r->errmsg, sizeof r->errmsg, "out of memory reading '%s'", r->name);
	r->fail_status = ER_ENOMEM;
}

static int
no_space(unsigned char c)
{
	(void)c;
	return 0;
}

/* Makes room for one more queued field in both fstart and flen: inline, because the fast
 * path calls it for every field, and the growing out of line. */
static int grow_fields_slow(struct er_reader *r);

static inline int
grow_fields(struct er_reader *r)
{
	return r->nfq < r->fq_cap ? 0 : grow_fields_slow(r);
}

static int
grow_fields_slow(struct er_reader *r)
{
	size_t cap = r->fq_cap, cap2 = r->fq_cap;
	if (er_grow(&r->fstart, &cap, r->nfq + 1, sizeof *r->fstart) < 0 ||
	    er_grow(&r->flen, &cap2, cap, sizeof *r->flen) < 0)
		return -1;
	r->fq_cap = cap < cap2 ? cap : cap2;
	return 0;
}

/* libcsv field callback: copy the field into the arena, NUL-terminated. */
static void
on_field(void *s, size_t len, void *data)
{
	struct er_reader *r = data;
	if (len > r->opts.max_field) {
		/* keep the row's shape but not the absurd field: the row is reported bad */
		r->pending_too_long = 1;
		len = 0;
	}
	if (ER_GROW(r->arena, r->arena_cap, r->arena_len + len + 1) < 0 || grow_fields(r) < 0) {
		r->csv_nomem = 1;
		return;
	}
	if (len)
		memcpy(r->arena + r->arena_len, s, len);
	r->arena[r->arena_len + len] = '\0';
	r->fstart[r->nfq] = r->arena_len;
	r->flen[r->nfq] = len;
	r->nfq++;
	r->arena_len += len + 1;
	/* one pass for both: newlines move the line count, a NUL byte spoils the row */
	const char *p = s;
	for (size_t i = 0; i < len; i++)
		if (p[i] == '\n')
			r->pending_newlines++;
		else if (p[i] == '\0')
			r->pending_nul = 1;
}

static int
push_row(struct er_reader *r, int bad)
{
	if (ER_GROW(r->rows, r->rows_cap, r->nrows + 1) < 0)
		return -1;
	struct queued_row *q = &r->rows[r->nrows++];
	q->first = r->pending_first;
	q->nfields = r->nfq - r->pending_first;
	q->line = r->line_next;
	q->bad = bad ? bad : r->pending_too_long ? BAD_TOO_LONG : BAD_NONE;
	q->has_nul = r->pending_nul;
	q->bad_field = 0;
	r->pending_nul = 0;
	r->pending_too_long = 0;
	r->pending_first = r->nfq;
	return 0;
}

/* libcsv row callback: C is the terminator, or -1 at the end of input. */
static void
on_row(int c, void *data)
{
	struct er_reader *r = data;
	int has_fields = r->nfq > r->pending_first;
	if (!has_fields && c == '\n' && r->last_term == '\r') {
		r->last_term = 0; /* the LF of a CRLF */
		return;
	}
	r->last_term = c;
	if (has_fields && push_row(r, BAD_NONE) < 0) {
		r->csv_nomem = 1;
		return;
	}
	if (c != -1)
		r->line_next += 1 + r->pending_newlines;
	r->pending_newlines = 0;
}

static int
csv_start(struct er_reader *r)
{
	if (csv_init(&r->csv, CSV_STRICT | CSV_STRICT_FINI | CSV_REPALL_NL) != 0)
		return -1;
	csv_set_space_func(&r->csv, no_space);
	csv_set_blk_size(&r->csv, 4096);
	csv_set_delim(&r->csv, (unsigned char)r->delim);
	r->csv_live = 1;
	r->csv_nomem = 0;
	r->held = (struct csv_field){0};
	r->last_term = 0;
	r->row_anchor = NO_ANCHOR;
	return 0;
}

static void
csv_stop(struct er_reader *r)
{
	if (r->csv_live)
		csv_free(&r->csv);
	r->csv_live = 0;
}

static int
open_path(struct er_reader *r, const char *path, char *err)
{
	if (!path || strcmp(path, "-") == 0) {
		r->fd = 0;
		r->own_fd = 0;
		r->name = "stdin";
	} else {
		r->fd = open(path, O_RDONLY | O_CLOEXEC);
		if (r->fd < 0)
			return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
		r->own_fd = 1;
		r->name = path;
	}
	struct stat st;
	if (fstat(r->fd, &st) == 0 && S_ISDIR(st.st_mode))
		return er_fail(err, ER_EIO, "cannot read '%s': %s", r->name, strerror(EISDIR));
	r->buf_pos = r->buf_end = 0;
	r->eof = 0;
	r->line_next = 1;
	r->pending_newlines = 0;
	r->skipping = 0;
	return 0;
}

/* Line number of the byte at buffer offset AT (at or after buf_pos): the line where the
 * unconsumed bytes start, plus the newlines before AT. */
static uint64_t
line_at(const struct er_reader *r, size_t at)
{
	uint64_t line = r->line_next + r->pending_newlines + r->held.newlines;
	for (size_t i = r->buf_pos; i < at && i < r->buf_end; i++)
		line += r->buf[i] == '\n';
	return line;
}

/* Reads up to N bytes into P. Returns bytes read, 0 at EOF, -1 on error (message set). */
static ssize_t
read_some(struct er_reader *r, char *p, size_t n)
{
	for (;;) {
		ssize_t got = read(r->fd, p, n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			snprintf(r->errmsg, sizeof r->errmsg, "read error '%s': %s", r->name, strerror(errno));
			return -1;
		}
		r->bytes += (uint64_t)got;
		if (r->sum && got > 0)
			XXH3_64bits_update(r->sum, p, (size_t)got);
		return got;
	}
}

/* Converts raw input into the buffer's free room, reading more when no whole character is
 * left. Returns bytes added, 0 at EOF, -1 on error (an invalid sequence names its line). */
static ssize_t
fill_transcoded(struct er_reader *r)
{
	for (;;) {
		if (r->raw_len > 0 && !r->raw_bad) {
			size_t used, made;
			int bad = er_transcode_run(r->tc, r->raw, r->raw_len, &used, r->buf + r->buf_end,
			                           r->buf_cap - r->buf_end, &made);
			memmove(r->raw, r->raw + used, r->raw_len - used);
			r->raw_len -= used;
			r->buf_end += made;
			r->raw_bad = bad;
			if (made > 0)
				return (ssize_t)made;
		}
		if (r->raw_bad || (r->raw_eof && r->raw_len > 0)) {
			char where[ER_WHERELEN];
			snprintf(r->errmsg, sizeof r->errmsg, "%s byte sequence not valid in %s%s",
			         r->raw_bad ? "a" : "an incomplete", r->enc_name,
			         er_where(where, sizeof where, r->name, line_at(r, r->buf_end), NULL));
			return -1;
		}
		if (r->raw_eof) {
			r->eof = 1;
			return 0;
		}
		ssize_t n = read_some(r, r->raw + r->raw_len, r->raw_cap - r->raw_len);
		if (n < 0)
			return -1;
		r->raw_eof = n == 0;
		r->raw_len += (size_t)n;
	}
}

/* Checks the bytes added to the buffer: a CR-only file's CRs become LFs, and UTF-8 input is
 * validated a block at a time (the fast path: rows are checked one by one only after a block
 * failed); a character cut at the end of the block waits for the next one. */
static void
after_fill(struct er_reader *r, size_t from)
{
	if (r->cr_only)
		for (char *p = r->buf + from; (p = memchr(p, '\r', (size_t)(r->buf + r->buf_end - p))) != NULL; p++)
			*p = '\n';
	if (r->tc || r->utf8_suspect)
		return;
	size_t at = r->utf8_checked < r->buf_pos ? r->buf_pos : r->utf8_checked;
	size_t len = r->buf_end - at;
	size_t ok = er_utf8_check(r->buf + at, len);
	if (ok < len && (r->eof || len - ok >= 4))
		r->utf8_suspect = 1;
	r->utf8_checked = at + ok;
}

/* Reads more input after the unconsumed bytes (and after the start of a libcsv row being
 * parsed, which a bad row goes back to). Returns bytes read, 0 at EOF, -1 on error. */
static ssize_t
fill(struct er_reader *r)
{
	int in_row = r->csv_live && !(r->held.raw == 0 && r->nfq == r->pending_first);
	size_t keep = in_row && r->row_anchor < r->buf_pos ? r->row_anchor : r->buf_pos;
	if (keep > 0) {
		memmove(r->buf, r->buf + keep, r->buf_end - keep);
		r->buf_end -= keep;
		r->buf_pos -= keep;
		if (r->row_anchor != NO_ANCHOR)
			r->row_anchor = in_row ? r->row_anchor - keep : NO_ANCHOR;
		r->utf8_checked = r->utf8_checked > keep ? r->utf8_checked - keep : 0;
	}
	if (r->buf_cap - r->buf_end < READ_BLOCK) {
		size_t ncap = r->buf_cap ? r->buf_cap * 2 : 2 * READ_BLOCK;
		char *nb = realloc(r->buf, ncap + 1);
		if (!nb) {
			set_nomem(r);
			return -1;
		}
		r->buf = nb;
		r->buf_cap = ncap;
	}
	size_t from = r->buf_end;
	ssize_t n;
	if (r->tc)
		n = fill_transcoded(r);
	else {
		n = read_some(r, r->buf + r->buf_end, r->buf_cap - r->buf_end);
		if (n == 0)
			r->eof = 1;
		if (n > 0)
			r->buf_end += (size_t)n;
	}
	if (n >= 0)
		after_fill(r, from);
	return n;
}

/* Makes sure the unconsumed input holds N bytes, or all that is left. Returns 0 or -1. */
static int
want(struct er_reader *r, size_t n)
{
	while (r->buf_end - r->buf_pos < n && !r->eof)
		if (fill(r) < 0)
			return -1;
	return 0;
}

static const char *const enc_iconv[] = {[ER_ENC_GBK] = "GBK", [ER_ENC_GB18030] = "GB18030", [ER_ENC_UTF16] = "UTF-16"};
static const char *const enc_shown[] = {
	[ER_ENC_UTF8] = "utf-8", [ER_ENC_GBK] = "gbk", [ER_ENC_GB18030] = "gb18030", [ER_ENC_UTF16] = "utf-16"};

const char *
er_reader_encoding_name(enum er_encoding e)
{
	return (unsigned)e < sizeof enc_shown / sizeof *enc_shown ? enc_shown[e] : "utf-8";
}

/* Puts the converter FROM between the file and the buffer; the unconsumed bytes after SKIP
 * (a byte order mark) are raw input. Returns 0 or -1. */
static int
start_transcoding(struct er_reader *r, const char *from, const char *shown, size_t skip)
{
	char err[ER_ERRLEN];
	int st = er_transcode_open(&r->tc, from, err);
	if (st != 0) {
		snprintf(r->errmsg, sizeof r->errmsg, "%s", err);
		if (st == ER_ENOMEM)
			r->fail_status = ER_ENOMEM;
		return -1;
	}
	r->enc_name = shown;
	/* the bytes read before the encoding was known, and room for a block after them */
	size_t n = r->buf_end - r->buf_pos - skip;
	if (r->raw_cap < n + READ_BLOCK) {
		char *nr = realloc(r->raw, n + READ_BLOCK);
		if (!nr) {
			set_nomem(r);
			return -1;
		}
		r->raw = nr;
		r->raw_cap = n + READ_BLOCK;
	}
	memcpy(r->raw, r->buf + r->buf_pos + skip, n);
	r->raw_len = n;
	r->raw_eof = r->eof;
	r->raw_bad = 0;
	r->eof = 0;
	r->buf_end = r->buf_pos;
	return 0;
}

/* Excel's first line "sep=X" names the separator: returns its length with its line end
 * (0 when there is none) and the separator in *SEP. */
static size_t
sep_line(const char *p, size_t n, char *sep)
{
	if (n < 5 || memcmp(p, "sep=", 4) != 0 || !(p[4] == ',' || p[4] == ';' || p[4] == '\t'))
		return 0;
	*sep = p[4];
	if (n == 5)
		return 5;
	if (p[5] == '\n')
		return 6;
	if (p[5] == '\r')
		return n > 6 && p[6] == '\n' ? 7 : 6;
	return 0;
}

/* Opens the declared encoding's converter or one for a UTF-16 byte order mark, strips a UTF-8
 * byte order mark, takes Excel's "sep=" line, tells CR-only line ends, and for the first file
 * in AUTO mode sniffs the format. */
static int
begin_file(struct er_reader *r)
{
	r->cr_only = 0;
	r->delim = ',';
	r->cls = byte_class;
	r->utf8_checked = 0;
	er_transcode_close(r->tc);
	r->tc = NULL;
	r->raw_len = 0;
	r->raw_eof = r->raw_bad = 0;
	if (want(r, 3) < 0)
		return -1;
	const unsigned char *u = (const unsigned char *)r->buf + r->buf_pos;
	size_t avail = r->buf_end - r->buf_pos;
	int bom16 = avail >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF));
	if (r->opts.encoding != ER_ENC_UTF8 || bom16) {
		/* iconv's UTF-16 reads the byte order mark itself; a BOM overrides another encoding */
		const char *from = bom16 ? (u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE") : enc_iconv[r->opts.encoding];
		if (start_transcoding(r, from, bom16 ? "utf-16" : enc_shown[r->opts.encoding], bom16 ? 2 : 0) < 0)
			return -1;
		if (want(r, 3) < 0)
			return -1;
	}
	if (r->buf_end - r->buf_pos >= 3 && memcmp(r->buf + r->buf_pos, "\xEF\xBB\xBF", 3) == 0)
		r->buf_pos += 3;
	/* enough bytes to tell a "sep=" line, without waiting on a pipe for bytes that cannot matter */
	for (;;) {
		const char *p = r->buf + r->buf_pos;
		size_t n = r->buf_end - r->buf_pos;
		if (r->eof || n >= 7 || memchr(p, '\n', n) || memcmp(p, "sep=", n < 4 ? n : 4) != 0)
			break;
		if (fill(r) < 0)
			return -1;
	}
	char sep = 0;
	size_t skip = sep_line(r->buf + r->buf_pos, r->buf_end - r->buf_pos, &sep);
	if (skip) {
		r->buf_pos += skip;
		r->line_next++;
		if (sep == '\t')
			r->format = ER_FMT_TSV;
		else {
			if (r->format == ER_FMT_AUTO || r->format == ER_FMT_TSV)
				r->format = ER_FMT_CSV;
			r->delim = sep;
			r->cls = sep == ';' ? byte_class_semi : byte_class;
		}
	}
	/* the first line end: a CR that is not the start of a CRLF makes the file CR-only */
	char *eol;
	for (;;) {
		char *p = r->buf + r->buf_pos;
		size_t n = r->buf_end - r->buf_pos;
		char *cr = memchr(p, '\r', n), *lf = memchr(p, '\n', cr ? (size_t)(cr - p) : n);
		eol = lf ? lf : cr;
		/* a CR needs the byte after it; a live pipe may send no more before the first row */
		if ((eol && (*eol == '\n' || eol + 1 < r->buf + r->buf_end)) || r->eof || n >= (1u << 20))
			break;
		if (fill(r) < 0)
			return -1;
	}
	if (eol && *eol == '\r' && (eol + 1 == r->buf + r->buf_end || eol[1] != '\n')) {
		r->cr_only = 1;
		for (char *p = r->buf + r->buf_pos; (p = memchr(p, '\r', (size_t)(r->buf + r->buf_end - p))) != NULL;
		     p++)
			*p = '\n';
	}
	if (r->format == ER_FMT_AUTO) {
		size_t n = eol ? (size_t)(eol - (r->buf + r->buf_pos)) : r->buf_end - r->buf_pos;
		const char *h = r->buf + r->buf_pos;
		r->format = memchr(h, '\t', n) && !memchr(h, ',', n) ? ER_FMT_TSV : ER_FMT_CSV;
	}
	if (r->format == ER_FMT_CSV) {
		csv_stop(r);
		if (csv_start(r) < 0) {
			set_nomem(r);
			return -1;
		}
	}
	return 0;
}

static const char *
bad_text(int bad)
{
	switch (bad) {
	case BAD_QUOTE: return "malformed CSV: misplaced quote";
	case BAD_UNTERMINATED: return "malformed CSV: unterminated quoted field";
	case BAD_TOO_LONG: return "field too long (see --max-field)";
	}
	return "malformed CSV";
}

/* libcsv is between rows: no byte of a field held and no field of the row passed on. */
static int
csv_idle(const struct er_reader *r)
{
	return r->csv_live && r->held.raw == 0 && r->nfq == r->pending_first;
}

/* Follows the field libcsv holds over S[0..LEN-1], bytes libcsv has consumed: a comma, CR
 * or LF outside quotes ends it (libcsv calls on_field or on_row there). */
static void
csv_follow(struct csv_field *h, char delim, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (!h->in_quotes && (c == delim || c == '\r' || c == '\n')) {
			*h = (struct csv_field){0};
			continue;
		}
		h->raw++;
		if (c == '"') {
			h->quotes++;
			h->in_quotes = !h->in_quotes;
		} else if (c == '\n')
			h->newlines++;
	}
}

/* The bytes of the held field as libcsv stores them: without the opening quote and one of
 * each doubled quote (a closing quote not yet confirmed by what follows still counts). */
static size_t
csv_held_len(const struct csv_field *h)
{
	return h->quotes ? h->raw - 1 - (h->quotes - 1) / 2 : h->raw;
}

/* The fast path: complete lines without a quote character hold no CSV syntax beyond commas,
 * so they are split here, in place in the read buffer (each comma, CR or LF becomes the
 * field's NUL), and queued as libcsv's rows are. Stops at the first line with a quote or at
 * a line not yet complete. Returns 1 when rows or lines were taken (or more input is
 * wanted), 0 when the next line is libcsv's, -1 on failure. */
static int
fast_lines(struct er_reader *r)
{
	int took = 0;
	for (;;) {
		char *start = r->buf + r->buf_pos;
		size_t avail = r->buf_end - r->buf_pos;
		if (avail == 0)
			return took;
		char *nl = memchr(start, '\n', avail);
		size_t linelen = nl ? (size_t)(nl - start) : avail;
		if (!nl && !r->eof) {
			/* an incomplete line: read more, unless it is already too long for this path */
			if (avail > r->opts.max_field || took)
				return took;
			if (fill(r) < 0)
				return -1;
			continue;
		}
		size_t end = linelen;
		if (end && start[end - 1] == '\r')
			end--;
		if (end > r->opts.max_field)
			return took;
		/* one pass: field ends, and whether a quote or a NUL is in the line */
		size_t first = r->nfq;
		size_t f = 0;
		int nul = 0;
		for (size_t k = 0; k < end; k++) {
			unsigned char cls = r->cls[(unsigned char)start[k]];
			if (cls == C_PLAIN)
				continue;
			if (cls == C_QUOTE) {
				r->nfq = first; /* give the line to libcsv */
				return took;
			}
			if (cls == C_NUL) {
				nul = 1;
				continue;
			}
			if (grow_fields(r) < 0)
				goto nomem;
			r->fstart[r->nfq] = (r->buf_pos + f) | IN_BUFFER;
			r->flen[r->nfq++] = k - f;
			f = k + 1;
		}
		if (end > 0) {
			if (grow_fields(r) < 0)
				goto nomem;
			r->fstart[r->nfq] = (r->buf_pos + f) | IN_BUFFER;
			r->flen[r->nfq++] = end - f;
			/* the byte after each field (comma, CR, LF, or the spare byte after the data at
			 * the end of input) becomes its NUL; no field is longer than max_field, as the
			 * line is not */
			for (size_t q = first; q < r->nfq; q++)
				r->buf[(r->fstart[q] & ~IN_BUFFER) + r->flen[q]] = '\0';
			r->pending_nul = nul;
		}
		on_row(nl ? '\n' : -1, r);
		if (r->csv_nomem)
			goto nomem;
		r->buf_pos += linelen + (nl != NULL);
		took = 1;
	}
nomem:
	set_nomem(r);
	return -1;
}

/* Queues the fields of the line S[0..LEN-1] (a malformed row's) as they stand: split at each
 * separator, a quoted field that closes right before a separator or the line end read as CSV
 * reads it, any other field (a stray or unclosed quote) kept byte for byte, so that a rejects
 * table gives the user the line back to fix and read again. Unquotes in place. Returns 0 or -1. */
static int
split_line(struct er_reader *r, char *s, size_t len)
{
	char *p = s, *e = s + len;
	for (;;) {
		char *stop;
		if (p < e && *p == '"') {
			char *q = p + 1;
			while (q < e && (*q != '"' || (q + 1 < e && q[1] == '"')))
				q += *q == '"' ? 2 : 1;
			if (q < e && (q + 1 == e || q[1] == r->delim)) {
				char *o = p;
				for (char *c = p + 1; c < q; c++) {
					*o++ = *c;
					c += *c == '"';
				}
				on_field(p, (size_t)(o - p), r);
				stop = q + 1;
			} else {
				char *from = q < e ? q : p + 1;
				stop = memchr(from, r->delim, (size_t)(e - from));
				stop = stop ? stop : e;
				on_field(p, (size_t)(stop - p), r);
			}
		} else {
			stop = memchr(p, r->delim, (size_t)(e - p));
			stop = stop ? stop : e;
			on_field(p, (size_t)(stop - p), r);
		}
		if (r->csv_nomem)
			return -1;
		if (stop == e)
			return 0;
		p = stop + 1;
	}
}

/* After a malformed row: queues it bad at the line it began on, with the fields of that line
 * as they stand (split_line) rather than libcsv's, cut short at the error, and resumes reading
 * on the line after it, however far libcsv read looking for a closing quote, so a stray quote
 * costs one row, not the lines after it. Returns 0 or -1. */
static int
bad_row(struct er_reader *r, int bad)
{
	size_t at = r->nfq - r->pending_first;
	if (r->row_anchor == NO_ANCHOR) {
		/* no line to go back to: the row as libcsv left it, and resume where it stopped */
		if (push_row(r, bad) < 0)
			goto nomem;
		r->anchor_line = r->line_next;
		r->row_anchor = r->buf_pos;
	} else {
		csv_stop(r);
		r->nfq = r->pending_first;
		r->pending_nul = r->pending_too_long = 0;
		r->buf_pos = r->row_anchor;
		r->row_anchor = NO_ANCHOR;
		/* the whole line, unless it is too long to keep (then its start, and the rest skipped) */
		char *nl;
		while (!(nl = memchr(r->buf + r->buf_pos, '\n', r->buf_end - r->buf_pos)) && !r->eof &&
		       r->buf_end - r->buf_pos <= r->opts.max_field)
			if (fill(r) < 0)
				return -1;
		size_t len = (nl ? (size_t)(nl - r->buf) : r->buf_end) - r->buf_pos;
		if (len && r->buf[r->buf_pos + len - 1] == '\r')
			len--;
		r->line_next = r->anchor_line;
		if (split_line(r, r->buf + r->buf_pos, len) < 0 || push_row(r, bad) < 0)
			goto nomem;
		r->row_anchor = r->buf_pos;
	}
	r->rows[r->nrows - 1].bad_field = at;
	size_t from = r->row_anchor;
	char *nl = memchr(r->buf + from, '\n', r->buf_end - from);
	/* skipping counts the line end it finds */
	r->line_next = r->anchor_line + (nl != NULL);
	r->pending_newlines = 0;
	r->row_anchor = NO_ANCHOR;
	csv_stop(r);
	if (nl)
		r->buf_pos = (size_t)(nl + 1 - r->buf);
	else {
		/* the bad row's line is not complete in the buffer: drop up to its end */
		r->buf_pos = r->buf_end;
		r->skipping = !r->eof;
	}
	if (csv_start(r) < 0)
		goto nomem;
	return 0;
nomem:
	set_nomem(r);
	return -1;
}

/* Feeds the next block to libcsv. Returns 1 when rows may be queued, 0 at the end of the
 * file, -1 on error. */
static int
csv_pump(struct er_reader *r)
{
	if (r->buf_pos == r->buf_end) {
		if (r->eof) {
			if (!r->csv_live)
				return 0;
			if (r->skipping) {
				r->skipping = 0;
				csv_stop(r);
				return 0;
			}
			int rc = csv_fini(&r->csv, on_field, on_row, r);
			int bad = rc != 0 && csv_error(&r->csv) == CSV_EPARSE;
			if (r->csv_nomem)
				goto nomem;
			if (bad) {
				return bad_row(r, BAD_UNTERMINATED) < 0 ? -1 : 1;
			} else if (rc != 0)
				goto nomem;
			csv_stop(r);
			return 1;
		}
		ssize_t n = fill(r);
		if (n < 0)
			return -1;
		return 1;
	}
	char *start = r->buf + r->buf_pos;
	size_t len = r->buf_end - r->buf_pos;
	if (r->skipping) {
		char *nl = memchr(start, '\n', len);
		if (!nl) {
			r->buf_pos = r->buf_end;
			return 1;
		}
		r->buf_pos += (size_t)(nl + 1 - start);
		r->skipping = 0;
		r->line_next++;
		r->pending_newlines = 0;
		csv_stop(r);
		if (csv_start(r) < 0)
			goto nomem;
		return 1;
	}
	if (csv_idle(r)) {
		int rc = fast_lines(r);
		if (rc != 0)
			return rc < 0 ? -1 : 1;
		start = r->buf + r->buf_pos;
		len = r->buf_end - r->buf_pos;
	}
	/* a line with a quote, or the rest of a quoted field: libcsv, one line at a time so
	 * that the fast path resumes at the next line */
	char *nl = memchr(start, '\n', len);
	if (nl)
		len = (size_t)(nl + 1 - start);
	if (csv_idle(r)) {
		r->row_anchor = r->buf_pos;
		r->anchor_line = r->line_next;
	}
	size_t done = csv_parse(&r->csv, start, len, on_field, on_row, r);
	r->buf_pos += done;
	if (r->csv_nomem)
		goto nomem;
	csv_follow(&r->held, r->delim, start, done);
	if (done < len) {
		if (csv_error(&r->csv) != CSV_EPARSE)
			goto nomem;
		return bad_row(r, BAD_QUOTE) < 0 ? -1 : 1;
	}
	if (csv_held_len(&r->held) > r->opts.max_field) {
		/* the field stands empty in the bad row, as one that fits in a block does */
		on_field(NULL, 0, r);
		if (push_row(r, BAD_TOO_LONG) < 0)
			goto nomem;
		r->skipping = 1;
		r->row_anchor = NO_ANCHOR; /* the rest of the line is dropped, not kept to go back to */
	}
	return 1;
nomem:
	set_nomem(r);
	return -1;
}

/* Moves the fields of the row being parsed to the front of the arena. */
static void
compact(struct er_reader *r)
{
	size_t keep = r->nfq - r->pending_first;
	size_t base = keep ? r->fstart[r->pending_first] : r->arena_len;
	if (r->arena_len > base)
		memmove(r->arena, r->arena + base, r->arena_len - base);
	for (size_t i = 0; i < keep; i++) {
		r->fstart[i] = r->fstart[r->pending_first + i] - base;
		r->flen[i] = r->flen[r->pending_first + i];
	}
	r->arena_len -= base;
	r->nfq = keep;
	r->pending_first = 0;
	r->nrows = r->row_head = 0;
}

static int
set_current(struct er_reader *r, size_t n)
{
	if (ER_GROW(r->cur_ptr, r->cur_ptr_cap, n) < 0 || ER_GROW(r->cur_len, r->cur_len_cap, n) < 0)
		return -1;
	r->cur_n = n;
	return 0;
}

/* Next raw row of the current file: 1 row, 0 end of file, -1 failure. *BAD gets the kind. */
static int
next_raw_csv(struct er_reader *r, int *bad)
{
	while (r->row_head == r->nrows) {
		compact(r);
		int rc = csv_pump(r);
		if (rc <= 0)
			return rc;
	}
	struct queued_row *q = &r->rows[r->row_head++];
	if (set_current(r, q->nfields) < 0) {
		set_nomem(r);
		return -1;
	}
	for (size_t i = 0; i < q->nfields; i++) {
		size_t at = r->fstart[q->first + i];
		r->cur_ptr[i] = at & IN_BUFFER ? r->buf + (at & ~IN_BUFFER) : r->arena + at;
		r->cur_len[i] = r->flen[q->first + i];
	}
	r->cur_line = q->line;
	r->cur_nul = q->has_nul;
	r->bad_col = q->bad_field;
	*bad = q->bad;
	return 1;
}

static int
next_raw_tsv(struct er_reader *r, int *bad)
{
	for (;;) {
		char *start = r->buf + r->buf_pos;
		size_t avail = r->buf_end - r->buf_pos;
		char *nl = memchr(start, '\n', avail);
		size_t linelen;
		if (nl)
			linelen = (size_t)(nl - start);
		else if (r->eof) {
			if (avail == 0)
				return 0;
			linelen = avail;
		} else if (avail > r->opts.max_field) {
			/* drop the rest of an absurd line and report it as one bad row */
			r->buf_pos = r->buf_end;
			r->cur_line = r->line_next;
			while (!r->eof) {
				if (fill(r) < 0)
					return -1;
				char *e = memchr(r->buf, '\n', r->buf_end);
				if (e) {
					r->buf_pos = (size_t)(e + 1 - r->buf);
					break;
				}
				r->buf_pos = r->buf_end;
			}
			r->line_next++;
			set_current(r, 0);
			*bad = BAD_TOO_LONG;
			return 1;
		} else {
			if (fill(r) < 0)
				return -1;
			continue;
		}
		r->buf_pos += linelen + (nl != NULL);
		uint64_t line = r->line_next++;
		if (linelen && start[linelen - 1] == '\r')
			linelen--;
		if (linelen == 0)
			continue;
		r->cur_nul = memchr(start, '\0', linelen) != NULL;
		start[linelen] = '\0';
		size_t n = 1;
		for (char *p = start; (p = memchr(p, '\t', (size_t)(start + linelen - p))) != NULL; p++)
			n++;
		if (set_current(r, n) < 0) {
			set_nomem(r);
			return -1;
		}
		char *p = start;
		for (size_t i = 0; i < n; i++) {
			char *tab = i + 1 < n ? memchr(p, '\t', (size_t)(start + linelen - p)) : start + linelen;
			*tab = '\0';
			r->cur_ptr[i] = p;
			r->cur_len[i] = (size_t)(tab - p);
			p = tab + 1;
		}
		r->cur_line = line;
		*bad = BAD_NONE;
		for (size_t i = 0; i < n; i++)
			if (r->cur_len[i] > r->opts.max_field) {
				/* as for CSV: the row keeps its shape, the absurd field is emptied */
				*bad = BAD_TOO_LONG;
				r->cur_ptr[i] = "";
				r->cur_len[i] = 0;
			}
		return 1;
	}
}

static int
next_raw(struct er_reader *r, int *bad)
{
	return r->format == ER_FMT_TSV ? next_raw_tsv(r, bad) : next_raw_csv(r, bad);
}

static void
close_fd(struct er_reader *r)
{
	if (r->own_fd && r->fd >= 0)
		close(r->fd);
	er_transcode_close(r->tc);
	r->tc = NULL;
	r->fd = -1;
	r->own_fd = 0;
}

/* Whether the header NAMES[0..N-1] (LEN each, or NULL: NUL-terminated) of file OTHER is the table's; when not, says
 * in MSG (ER_ERRLEN bytes) where the first difference is: "header of 'b.csv' differs from
 * 'a.csv' (file b.csv, line 1, column 3: 'x', not 'y')". */
static int
same_header(const struct er_reader *r, const char *const *names, const size_t *len, size_t n, const char *other,
            uint64_t line, char *msg)
{
	size_t i = 0;
	while (i < n && i < r->ncols && (len ? len[i] : strlen(names[i])) == strlen(r->colnames[i]) &&
	       memcmp(names[i], r->colnames[i], strlen(r->colnames[i])) == 0)
		i++;
	if (i == n && i == r->ncols)
		return 1;
	const char *first = strcmp(r->paths[0], "-") == 0 ? "stdin" : r->paths[0];
	char what[ER_ERRLEN];
	int shown = i < n ? (int)(len ? len[i] : strlen(names[i])) : 0;
	shown = shown < 200 ? shown : 200;
	if (i < n && i < r->ncols)
		snprintf(what, sizeof what, "'%.*s', not '%s'", shown, names[i], r->colnames[i]);
	else if (i < n)
		snprintf(what, sizeof what, "'%.*s', not in '%s'", shown, names[i], first);
	else
		snprintf(what, sizeof what, "missing, '%s' in '%s'", r->colnames[i], first);
	char where[ER_WHERELEN];
	er_where(where, sizeof where, other, line, NULL);
	/* the column goes inside the location's parentheses */
	size_t w = strlen(where);
	if (w > 0 && where[w - 1] == ')')
		where[w - 1] = '\0';
	/* a long name may cut the message, never overrun it */
	if (snprintf(msg, ER_ERRLEN, "header of '%s' differs from '%s'%s, column %zu: %s)", other, first, where, i + 1,
	             what) < 0)
		msg[0] = '\0';
	return 0;
}

/* The header of every later input that is a regular file, read now, so that files that do not
 * go together fail the open before any row is read (a pipe can only be checked when reached).
 * Returns 0, or an ER_ status with ERR. */
static int
check_later_headers(struct er_reader *r, char *err)
{
	for (size_t k = r->cur_path + 1; k < r->npaths; k++) {
		struct stat st;
		if (strcmp(r->paths[k], "-") == 0 || stat(r->paths[k], &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		er_reader *t;
		struct er_reader_opts o = r->opts;
		o.format = r->format;
		int status = er_reader_open1(&t, r->paths[k], &o, err);
		if (status != 0)
			return status;
		int same = t->ncols == 0 ||
			same_header(r, (const char *const *)t->colnames, NULL, t->ncols, t->name, t->cur_line, err);
		er_reader_close(t);
		if (!same)
			return ER_EDATA;
	}
	return 0;
}

/* Opens the next input file. Returns 1 opened, 0 none left, -1 failure. */
static int
next_file(struct er_reader *r)
{
	close_fd(r);
	csv_stop(r);
	if (r->cur_path + 1 >= r->npaths)
		return 0;
	r->cur_path++;
	char err[ER_ERRLEN];
	if (open_path(r, r->paths[r->cur_path], err) != 0) {
		snprintf(r->errmsg, sizeof r->errmsg, "%s", err);
		return -1;
	}
	r->nfq = r->pending_first = r->arena_len = 0;
	r->nrows = r->row_head = 0;
	r->file_header_pending = 1;
	return begin_file(r) < 0 ? -1 : 1;
}

/* 1 when every field of the current row is empty. */
static int
all_empty(const struct er_reader *r)
{
	for (size_t i = 0; i < r->cur_n; i++)
		if (r->cur_len[i])
			return 0;
	return 1;
}

/* 1 when the current row is a line of separators only (",,,"), a spreadsheet's empty row:
 * blank, as an empty line, above the header as below it. */
static int
separators_only(const struct er_reader *r, int bad)
{
	return !bad && r->cur_n > 1 && all_empty(r);
}

static int
read_header(struct er_reader *r)
{
	int bad;
	int rc;
	while ((rc = next_raw(r, &bad)) > 0 && separators_only(r, bad))
		;
	if (rc <= 0)
		return rc;
	if (bad) {
		snprintf(r->errmsg, sizeof r->errmsg, "%s in the header", bad_text(bad));
		return -2;
	}
	for (size_t i = 0; i < r->cur_n; i++)
		if (er_utf8_check(r->cur_ptr[i], r->cur_len[i]) != r->cur_len[i]) {
			snprintf(r->errmsg, sizeof r->errmsg, "invalid UTF-8 in the header (column %zu); " SUGGEST,
			         i + 1);
			return -2;
		}
	r->colnames = calloc(r->cur_n ? r->cur_n : 1, sizeof *r->colnames);
	if (!r->colnames)
		return -1;
	for (size_t i = 0; i < r->cur_n; i++) {
		r->colnames[i] = strndup(r->cur_ptr[i], r->cur_len[i]);
		if (!r->colnames[i])
			return -1;
		r->ncols = i + 1;
	}
	r->have_header = 1;
	return 1;
}

/* Keeps the markers of LIST (comma-separated) and the bytes they start with, so that an
 * ordinary number costs one table look-up. Returns 0 or -1 when out of memory. */
static int
set_na(struct er_reader *r, const char *list)
{
	size_t n = strlen(list);
	if (!(r->na = malloc(n + 2)))
		return -1;
	char *o = r->na;
	for (const char *p = list; *p;) {
		size_t k = strcspn(p, ",");
		if (k) {
			r->na_first[(unsigned char)*p] = 1;
			if (k > 1)
				r->na_second[(unsigned char)p[1]] = 1;
			r->na_lens |= (uint64_t)1 << (k < 63 ? k : 63);
			memcpy(o, p, k);
			o[k] = '\0';
			o += k + 1;
		}
		p += k + (p[k] == ',');
	}
	*o = '\0';
	return 0;
}

/* Whether S[0..LEN-1] is one of the markers: out of line, so that the tests before it need
 * no saved registers. */
static __attribute__((noinline)) int
na_listed(const struct er_reader *r, const char *s, size_t len)
{
	for (const char *m = r->na; *m; m += strlen(m) + 1)
		if (strlen(m) == len && memcmp(m, s, len) == 0)
			return 1;
	return 0;
}

/* Inline: callers of er_reader_num_field pay it on every numeric field of every row. */
static inline int
is_na(const struct er_reader *r, const char *s, size_t len)
{
	if (len == 0)
		return 1;
	if (!r->na_first[(unsigned char)s[0]])
		return 0;
	/* negative numbers start with '-' like the "-" and "--" markers: their second byte and
	 * their length tell them apart without the list */
	if ((len > 1 && !r->na_second[(unsigned char)s[1]]) || !((r->na_lens >> (len < 63 ? len : 63)) & 1))
		return 0;
	return na_listed(r, s, len);
}

int
er_reader_is_na(const er_reader *r, const char *s, size_t len)
{
	return is_na(r, s, len);
}

int
er_reader_open(er_reader **out, char *const *paths, size_t npaths, const struct er_reader_opts *opts, char *err)
{
	static char dash[] = "-";
	static char *const stdin_path[] = {dash};
	int status;
	*out = NULL;
	struct er_reader *r = calloc(1, sizeof *r);
	if (!r)
		return er_fail(err, ER_ENOMEM, "out of memory");
	if (opts)
		r->opts = *opts;
	if (r->opts.max_field == 0)
		r->opts.max_field = ER_MAX_FIELD_DEFAULT;
	r->format = r->opts.format;
	if (!npaths) {
		paths = stdin_path;
		npaths = 1;
	}
	r->paths = calloc(npaths, sizeof *r->paths);
	for (size_t i = 0; r->paths && i < npaths; i++)
		if (!(r->paths[r->npaths++] = strdup(paths[i])))
			break;
	if (r->opts.checksum && (r->sum = XXH3_createState()) != NULL)
		XXH3_64bits_reset(r->sum);
	if (!r->paths || r->npaths < npaths || !r->paths[npaths - 1] || (r->opts.checksum && !r->sum) ||
	    set_na(r, r->opts.na ? r->opts.na : ER_NA_DEFAULT) < 0) {
		er_reader_close(r);
		return er_fail(err, ER_ENOMEM, "out of memory");
	}
	r->fd = -1;
	r->row_anchor = NO_ANCHOR;
	int64_t total = 0;
	for (size_t i = 0; i < r->npaths; i++) {
		struct stat st;
		if (strcmp(r->paths[i], "-") == 0 || stat(r->paths[i], &st) != 0 || !S_ISREG(st.st_mode)) {
			total = -1;
			break;
		}
		total += st.st_size;
	}
	r->total_size = total;
	if ((status = open_path(r, r->paths[0], err)) != 0) {
		er_reader_close(r);
		return status;
	}
	int rc = begin_file(r);
	if (rc == 0)
		rc = read_header(r);
	/* an empty first file: take the header from the next non-empty one */
	while (rc == 0 && r->cur_path + 1 < r->npaths) {
		rc = next_file(r);
		if (rc > 0) {
			r->file_header_pending = 0;
			rc = read_header(r);
		}
	}
	if (rc < 0) {
		status = rc == -2 ? ER_EDATA : r->fail_status == ER_ENOMEM || !r->errmsg[0] ? ER_ENOMEM : ER_EIO;
		if (!r->errmsg[0])
			snprintf(r->errmsg, sizeof r->errmsg, "out of memory reading header");
		char where[ER_WHERELEN];
		er_fail(err, status, "%s%s", r->errmsg, er_where(where, sizeof where, r->name, 1, NULL));
		er_reader_close(r);
		return status;
	}
	if (r->format == ER_FMT_AUTO)
		r->format = ER_FMT_CSV;
	if (r->have_header && (status = check_later_headers(r, err)) != 0) {
		er_reader_close(r);
		return status;
	}
	*out = r;
	return ER_OK;
}

int
er_reader_open1(er_reader **out, const char *path, const struct er_reader_opts *opts, char *err)
{
	char *paths[1] = {(char *)(path ? path : "-")};
	return er_reader_open(out, paths, 1, opts, err);
}

/* Whether the current row holds invalid UTF-8 (then with the message set). Rows are checked
 * only once a block of the input failed the block check. */
static int
bad_utf8(struct er_reader *r)
{
	for (size_t i = 0; i < r->cur_n; i++) {
		size_t at = er_utf8_check(r->cur_ptr[i], r->cur_len[i]);
		if (at < r->cur_len[i]) {
			r->bad_kind = ER_BAD_UTF8;
			r->bad_col = i;
			if (i < r->ncols)
				snprintf(r->errmsg, sizeof r->errmsg, "invalid UTF-8 at byte %zu of %s; " SUGGEST,
				         at + 1, r->colnames[i]);
			else
				snprintf(r->errmsg, sizeof r->errmsg,
				         "invalid UTF-8 at byte %zu of field %zu; " SUGGEST, at + 1, i + 1);
			return 1;
		}
	}
	return 0;
}

int
er_reader_next(er_reader *r)
{
	if (!r->have_header)
		return 0;
	if (r->twice) {
		/* a caller that did not ask er_reader_check still never reads an ambiguous column */
		er_reader_check(r, r->errmsg);
		r->fail_status = ER_EDATA;
		return ER_READ_FAIL;
	}
	for (;;) {
		int bad = 0;
		int rc = r->fd >= 0 ? next_raw(r, &bad) : 0;
		if (rc < 0)
			return ER_READ_FAIL;
		if (rc == 0) {
			int nf = next_file(r);
			if (nf < 0)
				return ER_READ_FAIL;
			if (nf == 0)
				return 0;
			continue;
		}
		if (separators_only(r, bad))
			continue;
		if (r->file_header_pending) {
			r->file_header_pending = 0;
			if (bad) {
				char where[ER_WHERELEN];
				snprintf(r->errmsg, sizeof r->errmsg, "%s in the header%s", bad_text(bad),
				         er_where(where, sizeof where, r->name, r->cur_line, NULL));
				r->fail_status = ER_EDATA;
				return ER_READ_FAIL;
			}
			if (!same_header(r, r->cur_ptr, r->cur_len, r->cur_n, r->name, r->cur_line, r->errmsg)) {
				r->fail_status = ER_EDATA;
				return ER_READ_FAIL;
			}
			continue;
		}
		r->nread_rows++;
		r->bad_kind = ER_BAD_NONE;
		if (bad) {
			r->bad_kind = bad == BAD_TOO_LONG ? ER_BAD_TOO_LONG : ER_BAD_CSV;
			snprintf(r->errmsg, sizeof r->errmsg, "%s", bad_text(bad));
			return ER_ROW_BAD;
		}
		if (r->cur_nul)
			for (size_t i = 0; i < r->cur_n; i++)
				if (memchr(r->cur_ptr[i], '\0', r->cur_len[i])) {
					r->bad_kind = ER_BAD_NUL;
					snprintf(r->errmsg, sizeof r->errmsg, "NUL byte in field %zu", i + 1);
					return ER_ROW_BAD;
				}
		if (r->utf8_suspect && bad_utf8(r))
			return ER_ROW_BAD;
		if (r->cur_n != r->ncols && !r->opts.allow_ragged) {
			r->bad_kind = ER_BAD_FIELDS;
			snprintf(r->errmsg, sizeof r->errmsg, "wrong number of fields: %zu, expected %zu", r->cur_n,
			         r->ncols);
			return ER_ROW_BAD;
		}
		return 1;
	}
}

size_t
er_reader_nfields(const er_reader *r)
{
	return r->cur_n;
}

const char *
er_reader_field(const er_reader *r, size_t i)
{
	return i < r->cur_n ? r->cur_ptr[i] : "";
}

size_t
er_reader_field_len(const er_reader *r, size_t i)
{
	return i < r->cur_n ? r->cur_len[i] : 0;
}

/* The rest of er_reader_num_field for a field that may be a marker, out of line so that the
 * common case needs no saved registers. */
static __attribute__((noinline)) const char *
num_field_checked(const struct er_reader *r, const char *s, size_t n, size_t *len)
{
	*len = is_na(r, s, n) ? 0 : n;
	return s;
}

const char *
er_reader_num_field(const er_reader *r, size_t i, size_t *len)
{
	if (i >= r->cur_n) {
		*len = 0;
		return "";
	}
	const char *s = r->cur_ptr[i];
	size_t n = r->cur_len[i];
	/* most numbers start with a byte that starts no marker: then one table look-up */
	if (n > 0 && !r->na_first[(unsigned char)s[0]]) {
		*len = n;
		return s;
	}
	return num_field_checked(r, s, n, len);
}

const char *
er_reader_fitted_field(er_reader *r, size_t i, size_t *len)
{
	if (r->ncols == 0 || i + 1 != r->ncols || r->cur_n <= r->ncols) {
		*len = er_reader_field_len(r, i);
		return er_reader_field(r, i);
	}
	char sep = r->format == ER_FMT_TSV ? '\t' : r->delim;
	size_t n = 0;
	for (size_t k = i; k < r->cur_n; k++)
		n += r->cur_len[k] + 1;
	if (ER_GROW(r->fit, r->fit_cap, n) < 0)
		return NULL;
	n = 0;
	for (size_t k = i; k < r->cur_n; k++) {
		if (k > i)
			r->fit[n++] = sep;
		memcpy(r->fit + n, r->cur_ptr[k], r->cur_len[k]);
		n += r->cur_len[k];
	}
	r->fit[n] = '\0';
	*len = n;
	return r->fit;
}

size_t
er_reader_ncols(const er_reader *r)
{
	return r->ncols;
}

const char *
er_reader_colname(const er_reader *r, size_t i)
{
	return i < r->ncols ? r->colnames[i] : NULL;
}

/* How many columns of R's header are called NAME, counting from column FROM. */
static size_t
name_count(const er_reader *r, const char *name, size_t from)
{
	size_t n = 0;
	for (size_t i = from; i < r->ncols; i++)
		n += strcmp(r->colnames[i], name) == 0;
	return n;
}

long
er_reader_col(const er_reader *r, const char *name)
{
	for (size_t i = 0; i < r->ncols; i++)
		if (strcmp(r->colnames[i], name) == 0) {
			/* R itself is never const: the caller's view of it is; the mark is what makes
			 * er_reader_check and the next read refuse the ambiguous column */
			if (!r->twice && name_count(r, name, i + 1))
				((er_reader *)r)->twice = i + 1;
			return (long)i;
		}
	return -1;
}

int
er_reader_check(const er_reader *r, char *err)
{
	if (!r->twice)
		return 0;
	const char *name = r->colnames[r->twice - 1];
	return er_fail(err, ER_EDATA, "column '%s' appears %zu times in '%s': rename all but one", name,
	               name_count(r, name, 0), r->name);
}

long
er_reader_require(const er_reader *r, const char *name, char *err)
{
	long i = er_reader_col(r, name);
	if (i >= 0 && name_count(r, name, (size_t)i + 1))
		return er_reader_check(r, err), -1;
	if (i >= 0)
		return i;
	size_t n = (size_t)snprintf(err, ER_ERRLEN, "no column '%s' in '%s' (columns: ", name, r->paths[0]);
	for (size_t c = 0; c < r->ncols && n < ER_ERRLEN; c++)
		n += (size_t)snprintf(err + n, ER_ERRLEN - n, "%s%s", c ? ", " : "", r->colnames[c]);
	if (r->ncols == 0 && n < ER_ERRLEN)
		n += (size_t)snprintf(err + n, ER_ERRLEN - n, "none: empty input");
	if (n < ER_ERRLEN)
		snprintf(err + n, ER_ERRLEN - n, ")");
	return -1;
}

const char *
er_reader_filename(const er_reader *r)
{
	return r->name;
}
uint64_t
er_reader_line(const er_reader *r)
{
	return r->cur_line;
}

const char *
er_reader_where(const er_reader *r, const char *field, char *buf, size_t n)
{
	return er_where(buf, n, r->name, r->cur_line, field);
}
uint64_t
er_reader_rows(const er_reader *r)
{
	return r->nread_rows;
}
uint64_t
er_reader_bytes(const er_reader *r)
{
	return r->bytes;
}
int
er_reader_checksum(const er_reader *r, uint64_t *out)
{
	if (!r->sum)
		return -1;
	*out = XXH3_64bits_digest(r->sum);
	return 0;
}
int64_t
er_reader_size(const er_reader *r)
{
	return r->total_size;
}
enum er_format
er_reader_format(const er_reader *r)
{
	return r->format == ER_FMT_AUTO ? ER_FMT_CSV : r->format;
}
const char *
er_reader_error(const er_reader *r)
{
	return r->errmsg;
}
int
er_reader_fail_status(const er_reader *r)
{
	return r->fail_status == ER_ENOMEM || r->fail_status == ER_EDATA ? r->fail_status : ER_EIO;
}
enum er_bad_kind
er_reader_bad_kind(const er_reader *r)
{
	return r->bad_kind;
}

const char *
er_reader_bad_column(const er_reader *r)
{
	return (r->bad_kind == ER_BAD_UTF8 || r->bad_kind == ER_BAD_CSV) && r->bad_col < r->ncols
		? r->colnames[r->bad_col]
		: "";
}

const char *
er_reader_bad_code(enum er_bad_kind k)
{
	switch (k) {
	case ER_BAD_FIELDS: return "fields";
	case ER_BAD_NUL: return "nul";
	case ER_BAD_TOO_LONG: return "too_long";
	case ER_BAD_UTF8: return "utf8";
	default: return "csv";
	}
}

void
er_reader_close(er_reader *r)
{
	if (!r)
		return;
	close_fd(r);
	csv_stop(r);
	for (size_t i = 0; i < r->ncols; i++)
		free(r->colnames[i]);
	free(r->colnames);
	for (size_t i = 0; r->paths && i < r->npaths; i++)
		free(r->paths[i]);
	free(r->paths);
	XXH3_freeState(r->sum);
	free(r->buf);
	free(r->raw);
	free(r->na);
	free(r->arena);
	free(r->fstart);
	free(r->flen);
	free(r->rows);
	free(r->cur_ptr);
	free(r->cur_len);
	free(r->fit);
	free(r);
}
