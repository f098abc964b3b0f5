/* writer: rows into a 256 KiB buffer, written with write(2) so every failure is seen. */
#include "lib/writer.h"

#include <csv.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/num.h"

#define WRITE_BLOCK (256u << 10)

struct er_writer {
	int fd;
	int owns_fd; /* er_writer_create: closed by er_writer_finish */
	const char *name;
	struct er_writer_opts opts;
	char delim;
	char *buf;
	size_t len;
	int at_row_start;
	int failed;
	char errmsg[ER_ERRLEN];
};

er_writer *
er_writer_open(int fd, const char *name, const struct er_writer_opts *opts)
{
	struct er_writer *w = calloc(1, sizeof *w);
	if (!w)
		return NULL;
	w->buf = malloc(WRITE_BLOCK);
	if (!w->buf) {
		free(w);
		return NULL;
	}
	if (opts)
		w->opts = *opts;
	if (w->opts.format == ER_FMT_AUTO)
		w->opts.format = ER_FMT_CSV;
	w->delim = w->opts.format == ER_FMT_TSV ? '\t' : ',';
	w->fd = fd;
	w->name = name;
	w->at_row_start = 1;
	return w;
}

static int
write_all(er_writer *w, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0) {
			snprintf(w->errmsg, sizeof w->errmsg, "write error '%s': %s", w->name, strerror(errno));
			w->failed = ER_EIO;
			return ER_EIO;
		}
		p += k;
		n -= (size_t)k;
	}
	return 0;
}

int
er_writer_flush(er_writer *w)
{
	if (w->failed)
		return w->failed;
	int rc = write_all(w, w->buf, w->len);
	w->len = 0;
	return rc;
}

const char *
er_writer_pending(const er_writer *w, size_t *len)
{
	*len = w->len;
	return w->buf;
}

/* Appends N bytes, flushing when the buffer is full. */
static int
put(er_writer *w, const char *s, size_t n)
{
	if (w->len + n > WRITE_BLOCK) {
		if (er_writer_flush(w))
			return ER_EIO;
		if (n > WRITE_BLOCK)
			return write_all(w, s, n);
	}
	memcpy(w->buf + w->len, s, n);
	w->len += n;
	return 0;
}

static int
looks_like_formula(const char *s, size_t len)
{
	if (len == 0)
		return 0;
	if (s[0] != '=' && s[0] != '+' && s[0] != '-' && s[0] != '@' && s[0] != '\t' && s[0] != '\r')
		return 0;
	double v;
	return er_num_parse(s, len, &v) != ER_NUM_OK;
}

/* Bytes that force quoting in CSV output. */
static const unsigned char csv_special[256] = {['\n'] = 1, ['\r'] = 1, ['"'] = 1, [','] = 1};

/* The slow path: formulas, TSV checks, quoting, buffer boundaries. */
static int field_slow(er_writer *w, const char *s, size_t len);

int
er_writer_field(er_writer *w, const char *s, size_t len)
{
	/* fast path: a plain CSV field that fits in the buffer */
	if (!w->failed && w->opts.format == ER_FMT_CSV && !w->opts.safe_csv && len + 1 <= WRITE_BLOCK - w->len) {
		size_t i = 0;
		while (i < len && !csv_special[(unsigned char)s[i]])
			i++;
		if (i == len) {
			if (!w->at_row_start)
				w->buf[w->len++] = ',';
			w->at_row_start = 0;
			memcpy(w->buf + w->len, s, len);
			w->len += len;
			return 0;
		}
	}
	return field_slow(w, s, len);
}

static int
field_slow(er_writer *w, const char *s, size_t len)
{
	if (w->failed)
		return w->failed;
	if (w->opts.safe_csv && looks_like_formula(s, len)) {
		/* the apostrophe belongs inside the field, and so inside its quotes */
		char *tmp = malloc(len + 1);
		if (!tmp) {
			snprintf(w->errmsg, sizeof w->errmsg, "out of memory writing '%s'", w->name);
			w->failed = ER_ENOMEM;
			return ER_ENOMEM;
		}
		tmp[0] = '\'';
		memcpy(tmp + 1, s, len);
		w->opts.safe_csv = 0;
		int rc = field_slow(w, tmp, len + 1);
		w->opts.safe_csv = 1;
		free(tmp);
		return rc;
	}
	if (!w->at_row_start && put(w, &w->delim, 1))
		return ER_EIO;
	w->at_row_start = 0;
	if (w->opts.format == ER_FMT_TSV) {
		const char *bad = NULL;
		for (size_t i = 0; i < len; i++)
			if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
				bad = s + i;
				break;
			}
		if (!bad)
			return put(w, s, len);
		if (!w->opts.tsv_replace) {
			snprintf(w->errmsg, sizeof w->errmsg, "%s inside a field cannot be written as TSV",
			         *bad == '\t' ? "tab" : "newline");
			return ER_EDATA;
		}
		for (size_t i = 0; i < len; i++) {
			char c = s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i];
			if (put(w, &c, 1))
				return ER_EIO;
		}
		return 0;
	}
	int quote = 0;
	for (size_t i = 0; i < len; i++)
		if (s[i] == ',' || s[i] == '"' || s[i] == '\n' || s[i] == '\r') {
			quote = 1;
			break;
		}
	if (!quote)
		return put(w, s, len);
	size_t need = csv_write2(NULL, 0, s, len, '"');
	if (w->len + need > WRITE_BLOCK && er_writer_flush(w))
		return ER_EIO;
	if (need <= WRITE_BLOCK) {
		w->len += csv_write2(w->buf + w->len, WRITE_BLOCK - w->len, s, len, '"');
		return 0;
	}
	char *tmp = malloc(need);
	if (!tmp) {
		snprintf(w->errmsg, sizeof w->errmsg, "out of memory writing '%s'", w->name);
		w->failed = ER_ENOMEM;
		return ER_ENOMEM;
	}
	csv_write2(tmp, need, s, len, '"');
	int rc = write_all(w, tmp, need);
	free(tmp);
	return rc;
}

int
er_writer_str(er_writer *w, const char *s)
{
	return er_writer_field(w, s ? s : "", s ? strlen(s) : 0);
}

int
er_writer_double(er_writer *w, double v)
{
	char buf[ER_NUM_BUFLEN];
	size_t n = er_num_format(buf, v);
	return er_writer_field(w, buf, n);
}

int
er_writer_int(er_writer *w, long long v)
{
	char buf[ER_INT_BUFLEN];
	return er_writer_field(w, buf, er_num_format_i64(buf, v));
}

int
er_writer_end_row(er_writer *w)
{
	if (w->failed)
		return w->failed;
	w->at_row_start = 1;
	if (put(w, "\n", 1))
		return ER_EIO;
	return w->opts.line_buffered ? er_writer_flush(w) : 0;
}

int
er_writer_row(er_writer *w, const char *const *fields, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int rc = er_writer_str(w, fields[i]);
		if (rc)
			return rc;
	}
	return er_writer_end_row(w);
}

const char *
er_writer_error(const er_writer *w)
{
	return w->errmsg;
}

int
er_writer_close(er_writer *w)
{
	if (!w)
		return 0;
	int rc = er_writer_flush(w);
	free(w->buf);
	free(w);
	return rc;
}

int
er_writer_raw(er_writer *w, const char *s, size_t n)
{
	return w->failed ? w->failed : put(w, s, n);
}

int
er_writer_create(er_writer **w, const char *path, int mode, const struct er_writer_opts *opts, char *err)
{
	int tostdout = strcmp(path, "-") == 0;
	int fd = tostdout ? STDOUT_FILENO : open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	*w = NULL;
	if (fd < 0)
		return er_fail(err, ER_EIO, "cannot open '%s': %s", path, strerror(errno));
	if (!(*w = er_writer_open(fd, tostdout ? "stdout" : path, opts))) {
		if (!tostdout)
			close(fd);
		return er_fail(err, ER_ENOMEM, "out of memory writing '%s'", path);
	}
	(*w)->owns_fd = !tostdout;
	return 0;
}

int
er_writer_finish(er_writer *w, int st, char *err)
{
	if (!w)
		return st;
	if (er_writer_flush(w) && !st)
		st = er_fail(err, ER_EIO, "%s", w->errmsg);
	if (w->owns_fd && close(w->fd) != 0 && !st)
		st = er_fail(err, ER_EIO, "write error '%s': %s", w->name, strerror(errno));
	free(w->buf);
	free(w);
	return st;
}
