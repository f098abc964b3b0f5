/* binio: fixed-width binary fields in a buffer and a bounded cursor over them. */
#include "lib/binio.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

int
er_bin_put_u64(struct er_buf *b, uint64_t v)
{
	return er_buf_add(b, &v, sizeof v);
}

int
er_bin_put_i64(struct er_buf *b, int64_t v)
{
	return er_buf_add(b, &v, sizeof v);
}

int
er_bin_put_f64(struct er_buf *b, double v)
{
	return er_buf_add(b, &v, sizeof v);
}

int
er_bin_put_ld(struct er_buf *b, long double v)
{
	/* the raw bytes would carry the padding of the 80-bit format: two doubles do not */
	double hi = (double)v, lo = isfinite(hi) ? (double)(v - (long double)hi) : 0.0;
	return er_bin_put_f64(b, hi) || er_bin_put_f64(b, lo) ? -1 : 0;
}

int
er_bin_put_str(struct er_buf *b, const char *s, size_t len)
{
	if (!s)
		return er_bin_put_u64(b, UINT64_MAX);
	return er_bin_put_u64(b, len) || er_buf_add(b, s, len) ? -1 : 0;
}

static int
take(struct er_bin_cursor *c, void *out, size_t n)
{
	if (c->bad || (size_t)(c->end - c->p) < n) {
		c->bad = 1;
		memset(out, 0, n);
		return -1;
	}
	memcpy(out, c->p, n);
	c->p += n;
	return 0;
}

uint64_t
er_bin_u64(struct er_bin_cursor *c)
{
	uint64_t v;
	take(c, &v, sizeof v);
	return v;
}

int64_t
er_bin_i64(struct er_bin_cursor *c)
{
	int64_t v;
	take(c, &v, sizeof v);
	return v;
}

double
er_bin_f64(struct er_bin_cursor *c)
{
	double v;
	take(c, &v, sizeof v);
	return v;
}

long double
er_bin_ld(struct er_bin_cursor *c)
{
	double hi = er_bin_f64(c), lo = er_bin_f64(c);
	return (long double)hi + (long double)lo;
}

int64_t
er_bin_range(struct er_bin_cursor *c, int64_t lo, int64_t hi)
{
	int64_t v = er_bin_i64(c);
	if (v < lo || v > hi) {
		c->bad = 1;
		return lo < 0 && hi >= 0 ? 0 : lo;
	}
	return v;
}

const char *
er_bin_str(struct er_bin_cursor *c, size_t *len, int *is_null)
{
	uint64_t n = er_bin_u64(c);
	*len = 0;
	if (is_null)
		*is_null = 0;
	if (c->bad)
		return NULL;
	if (n == UINT64_MAX) {
		if (is_null)
			*is_null = 1;
		return NULL;
	}
	if ((uint64_t)(c->end - c->p) < n) {
		c->bad = 1;
		return NULL;
	}
	const char *s = c->p;
	c->p += n;
	*len = (size_t)n;
	return s;
}

char *
er_bin_strdup(struct er_bin_cursor *c, int *oom)
{
	size_t len;
	int is_null;
	const char *s = er_bin_str(c, &len, &is_null);
	if (c->bad || is_null)
		return NULL;
	char *d = malloc(len + 1);
	if (!d) {
		*oom = 1;
		return NULL;
	}
	memcpy(d, s ? s : "", len);
	d[len] = '\0';
	return d;
}
