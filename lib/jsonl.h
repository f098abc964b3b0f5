/* jsonl: JSON lines (one object per line): built into an er_buf, and read back one line at a
 * time with the top-level members a caller asks for.
 *
 *	er_jsonl_begin(&b);
 *	er_jsonl_str(&b, "id", id, idlen);
 *	er_jsonl_num(&b, "pd", 0.25);
 *	er_jsonl_open(&b, "rules", '[');
 *	er_jsonl_str(&b, NULL, "A3-unknown", 10);   (an array element: no key)
 *	er_jsonl_close(&b, ']');
 *	er_jsonl_end(&b);                          (adds "}\n")
 *
 * A comma goes before a member unless it is the first of its object or array, so callers
 * never track it. Every builder returns 0, or -1 when out of memory (B keeps what it had). */
#ifndef ER_JSONL_H
#define ER_JSONL_H

#include <stddef.h>

#include "lib/buf.h"

/* Starts an object ("{"). Returns 0 or -1 (out of memory). */
int er_jsonl_begin(struct er_buf *b);

/* Ends the object and the line ("}\n"). Returns 0 or -1. */
int er_jsonl_end(struct er_buf *b);

/* Adds member KEY (NULL: an array element) opening an object ('{') or array ('['). Returns 0
 * or -1. */
int er_jsonl_open(struct er_buf *b, const char *key, char kind);

/* Closes what er_jsonl_open opened ('}' or ']'). Returns 0 or -1. */
int er_jsonl_close(struct er_buf *b, char kind);

/* Adds member KEY (NULL: an array element) with the string S[0..LEN-1], escaped (quotes,
 * backslashes and control characters; other bytes as they are). Returns 0 or -1. */
int er_jsonl_str(struct er_buf *b, const char *key, const char *s, size_t len);

/* Adds member KEY with the number V in its shortest round-trip form, null when V is not
 * finite (JSON has no NaN). Returns 0 or -1. */
int er_jsonl_num(struct er_buf *b, const char *key, double v);

/* Adds member KEY with the integer V. Returns 0 or -1. */
int er_jsonl_int(struct er_buf *b, const char *key, long long v);

enum er_jsonl_type { ER_JSONL_ABSENT = 0, ER_JSONL_STRING, ER_JSONL_NUMBER, ER_JSONL_OTHER };

/* A member found by er_jsonl_parse: a string decoded, a number as written, anything else
 * (true, false, null, an object, an array) as its raw text. */
struct er_jsonl_val {
	enum er_jsonl_type type;
	const char *s; /* inside the parsed line; not NUL-terminated */
	size_t len;
};

/* Parses LINE[0..LEN-1] (without its newline), which must be one JSON object and nothing
 * else but white space, and fills OUT[k] with the top-level member KEYS[k] (type ABSENT when
 * there is none; the last of a repeated key wins). Strings are decoded in place, so LINE is
 * changed. Nesting deeper than 64 is refused. Returns 0, or -1 with the reason and byte
 * offset in ERR (ER_ERRLEN bytes). */
int er_jsonl_parse(char *line, size_t len, const char *const *keys, size_t nkeys, struct er_jsonl_val *out, char *err);

#endif
