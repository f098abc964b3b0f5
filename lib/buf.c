/* buf: a growable byte string (see buf.h). */
#include "lib/buf.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/vec.h"

/* Room for N more bytes and the NUL. */
static int
reserve(struct er_buf *b, size_t n)
{
	if (n > SIZE_MAX - 1 - b->len)
		return -1;
	return ER_GROW(b->p, b->cap, b->len + n + 1);
}

int
er_buf_add(struct er_buf *b, const void *s, size_t n)
{
	if (reserve(b, n) < 0)
		return -1;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = '\0';
	return 0;
}

int
er_buf_adds(struct er_buf *b, const char *s)
{
	return s ? er_buf_add(b, s, strlen(s)) : 0;
}

int
er_buf_addf(struct er_buf *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	/* a first try in the room there is, usually enough; else the exact size */
	size_t room = b->cap > b->len ? b->cap - b->len : 0;
	int n = vsnprintf(room ? b->p + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n < 0) {
		if (b->p)
			b->p[b->len] = '\0';
		return -1;
	}
	if ((size_t)n >= room) {
		if (reserve(b, (size_t)n) < 0) {
			if (b->p)
				b->p[b->len] = '\0';
			return -1;
		}
		va_start(ap, fmt);
		vsnprintf(b->p + b->len, (size_t)n + 1, fmt, ap);
		va_end(ap);
	}
	b->len += (size_t)n;
	return 0;
}

const char *
er_buf_cstr(const struct er_buf *b)
{
	return b->p ? b->p : "";
}

void
er_buf_reset(struct er_buf *b)
{
	b->len = 0;
	if (b->p)
		b->p[0] = '\0';
}

char *
er_buf_detach(struct er_buf *b, size_t *len)
{
	char *p = b->p ? b->p : calloc(1, 1);
	if (len)
		*len = p ? b->len : 0;
	*b = (struct er_buf)ER_BUF_INIT;
	return p;
}

void
er_buf_release(struct er_buf *b)
{
	free(b->p);
	*b = (struct er_buf)ER_BUF_INIT;
}
