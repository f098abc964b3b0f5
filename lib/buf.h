/* buf: a growable byte string, in the spirit of git's strbuf.
 *
 *	struct er_buf b = ER_BUF_INIT;
 *	if (er_buf_adds(&b, "id,") < 0 || er_buf_addf(&b, "%zu\n", n) < 0)
 *		...out of memory: B still holds what was added before...
 *	write(fd, b.p, b.len);
 *	er_buf_release(&b);
 *
 * P holds LEN bytes followed by a NUL once anything was added, and is NULL before (use
 * er_buf_cstr for a string that is never NULL). Embedded NULs are kept. Out of memory is
 * returned as -1 with the buffer unchanged, never an abort. */
#ifndef ER_BUF_H
#define ER_BUF_H

#include <stddef.h>

struct er_buf {
	char *p;
	size_t len, cap;
};

#define ER_BUF_INIT \
	{ \
		NULL, 0, 0 \
	}

/* Appends S[0..N-1]. Returns 0, or -1 when out of memory (B unchanged). */
int er_buf_add(struct er_buf *b, const void *s, size_t n);

/* Appends the NUL-terminated S (NULL appends nothing). Returns 0 or -1 (out of memory). */
int er_buf_adds(struct er_buf *b, const char *s);

/* Appends printf-formatted text. Returns 0, or -1 when out of memory or on a format error
 * (B unchanged). */
int er_buf_addf(struct er_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The contents as a string: P, or "" when nothing was ever added. Valid until B changes. */
const char *er_buf_cstr(const struct er_buf *b);

/* Empties B, keeping its memory for reuse. Can't fail. */
void er_buf_reset(struct er_buf *b);

/* Hands the string over to the caller, who frees it (never NULL unless out of memory, ""
 * when empty); *LEN gets its length (may be NULL). B is left empty and owns nothing. */
char *er_buf_detach(struct er_buf *b, size_t *len);

/* Frees B's memory and leaves it empty (ER_BUF_INIT). Can't fail. */
void er_buf_release(struct er_buf *b);

#endif
