/* binio: fixed-width binary fields appended to a buffer and read back through a bounded
 * cursor, for files a program writes and reads itself (er-features --state checkpoints).
 * Numbers are in the machine's byte order: such a file moves between runs on one machine,
 * not between machines. A cursor that runs past its end, or is told a value is bad, stays
 * failed and reads zeros, so a reader checks once at the end and never reads out of bounds. */
#ifndef ER_BINIO_H
#define ER_BINIO_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

/* Append V. Return 0, or -1 when out of memory (B is then to be discarded). */
int er_bin_put_u64(struct er_buf *b, uint64_t v);
int er_bin_put_i64(struct er_buf *b, int64_t v);
int er_bin_put_f64(struct er_buf *b, double v);
/* A long double as two doubles whose sum it is (exact for an x87 80-bit value). */
int er_bin_put_ld(struct er_buf *b, long double v);
/* S[0..LEN-1] with its length before it; S NULL is written as a length of all ones. */
int er_bin_put_str(struct er_buf *b, const char *s, size_t len);

struct er_bin_cursor {
	const char *p, *end;
	int bad; /* 1 once a read ran past the end or er_bin_fail was called */
};

/* Read one value; a failed cursor reads 0 (NULL for strings). Can't fail otherwise. */
uint64_t er_bin_u64(struct er_bin_cursor *c);
int64_t er_bin_i64(struct er_bin_cursor *c);
double er_bin_f64(struct er_bin_cursor *c);
long double er_bin_ld(struct er_bin_cursor *c);
/* An integer that must lie in [LO, HI]; outside, the cursor fails. */
int64_t er_bin_range(struct er_bin_cursor *c, int64_t lo, int64_t hi);
/* A string written by er_bin_put_str: a pointer into the cursor's bytes (not NUL-terminated)
 * and its length in *LEN; *IS_NULL (may be NULL) is set when S was NULL. */
const char *er_bin_str(struct er_bin_cursor *c, size_t *len, int *is_null);
/* A malloc'd NUL-terminated copy of the next string (NULL for a NULL string, or when out of
 * memory: *OOM is then set to 1). The caller frees it. */
char *er_bin_strdup(struct er_bin_cursor *c, int *oom);

#endif
