/* rule_text: small hand-written CSV files with comments. */
#include "rules/rule_text.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/err.h"
#include "lib/vec.h"

void
er_rule_text_init(struct er_rule_text *t, const char *text, size_t len)
{
	memset(t, 0, sizeof *t);
	t->p = text;
	t->end = text + len;
	t->line = 1;
}

void
er_rule_text_free(struct er_rule_text *t)
{
	free(t->fields);
	free(t->buf);
	free(t->offs);
	t->fields = NULL;
	t->buf = NULL;
	t->offs = NULL;
}

static int
buf_put(struct er_rule_text *t, char c)
{
	if (ER_GROW(t->buf, t->buf_cap, t->buf_len + 2) < 0)
		return -1;
	t->buf[t->buf_len++] = c;
	return 0;
}

/* Ends the field being read: NUL-terminates it and remembers where it started. */
static int
field_end(struct er_rule_text *t, size_t start)
{
	if (buf_put(t, '\0') < 0)
		return -1;
	if (ER_GROW(t->offs, t->offs_cap, t->nfields + 1) < 0)
		return -1;
	t->offs[t->nfields++] = start;
	return 0;
}

static int
only_blanks(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Skips blank lines and comment lines; returns 0 at a record's first byte, 1 at the end. */
static int
skip_blank_and_comments(struct er_rule_text *t)
{
	for (;;) {
		if (t->p >= t->end)
			return 1;
		char c = *t->p;
		if (c == '\n') {
			t->p++;
			t->line++;
		} else if (c == '\r' && t->p + 1 < t->end && t->p[1] == '\n') {
			t->p += 2;
			t->line++;
		} else if (c == '#') {
			while (t->p < t->end && *t->p != '\n')
				t->p++;
		} else {
			return 0;
		}
	}
}

int
er_rule_text_next(struct er_rule_text *t, char *err)
{
	t->nfields = 0;
	t->buf_len = 0;
	if (skip_blank_and_comments(t))
		return 0; /* the end: no fields */
	t->rec_line = t->line;
	size_t start = 0;
	int quoted = 0, after_quote = 0;
	for (;;) {
		if (t->p >= t->end) {
			if (quoted) {
				return er_fail(err, ER_EDATA, "unterminated quoted field");
			}
			break;
		}
		char c = *t->p++;
		if (c == '\0') {
			/* fields are NUL-terminated: a NUL would silently cut the rest of the field */
			return er_fail(err, ER_EDATA, "NUL byte");
		}
		if (quoted) {
			if (c == '"') {
				if (t->p < t->end && *t->p == '"') {
					t->p++;
					if (buf_put(t, '"') < 0)
						return ER_ENOMEM;
				} else {
					quoted = 0;
					after_quote = 1;
				}
				continue;
			}
			if (c == '\n')
				t->line++;
			if (buf_put(t, c) < 0)
				return ER_ENOMEM;
			continue;
		}
		if (c == ',') {
			if (field_end(t, start) < 0)
				return ER_ENOMEM;
			start = t->buf_len;
			after_quote = 0;
			continue;
		}
		if (c == '\n' || (c == '\r' && t->p < t->end && *t->p == '\n')) {
			if (c == '\r')
				t->p++;
			t->line++;
			break;
		}
		if (after_quote) {
			if (c == ' ' || c == '\t')
				continue; /* blanks after a closing quote, as hand-written files have */
			return er_fail(err, ER_EDATA, "text after a closing quote");
		}
		if (c == '"' && (t->buf_len == start || only_blanks(t->buf + start, t->buf_len - start))) {
			t->buf_len = start; /* blanks before an opening quote are not data */
			quoted = 1;
			continue;
		}
		if (buf_put(t, c) < 0)
			return ER_ENOMEM;
	}
	if (field_end(t, start) < 0)
		return ER_ENOMEM;
	if (ER_GROW(t->fields, t->fields_cap, t->nfields) < 0)
		return ER_ENOMEM;
	for (size_t i = 0; i < t->nfields; i++)
		t->fields[i] = t->buf + t->offs[i];
	return 0;
}

int
er_rule_text_read_file(char **out, const char *path, size_t *len, char *err)
{
	*out = NULL;
	int status;
	int fd = 0;
	const char *name = path;
	if (path == NULL || strcmp(path, "-") == 0) {
		name = "stdin";
	} else {
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0) {
			return er_fail(err, ER_EIO, "cannot open '%s': %s", name, strerror(errno));
		}
	}
	size_t cap = 4096, n = 0;
	char *data = malloc(cap);
	if (!data) {
		status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", name);
		goto fail;
	}
	for (;;) {
		if (ER_GROW(data, cap, n + 2) < 0) {
			status = er_fail(err, ER_ENOMEM, "out of memory reading '%s'", name);
			goto fail;
		}
		ssize_t got = read(fd, data + n, cap - n - 1);
		if (got < 0) {
			if (errno == EINTR)
				continue;
			status = er_fail(err, ER_EIO, "read error '%s': %s", name, strerror(errno));
			goto fail;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	if (fd != 0)
		close(fd);
	data[n] = '\0';
	*len = n;
	*out = data;
	return 0;
fail:
	free(data);
	if (fd != 0)
		close(fd);
	return status;
}

int
er_rule_text_csv(struct er_buf *b, const char *s, int first)
{
	if (!first && er_buf_add(b, ",", 1) < 0)
		return -1;
	if (!s)
		return 0;
	size_t n = strlen(s);
	if (strpbrk(s, ",\"\r\n") == NULL && s[0] != '#')
		return er_buf_add(b, s, n);
	if (er_buf_add(b, "\"", 1) < 0)
		return -1;
	for (const char *q = s; *q; q++) {
		if (*q == '"' && er_buf_add(b, "\"", 1) < 0)
			return -1;
		if (er_buf_add(b, q, 1) < 0)
			return -1;
	}
	return er_buf_add(b, "\"", 1);
}
